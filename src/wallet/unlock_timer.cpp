#include "ocean/wallet/unlock_timer.h"

#include <algorithm>
#include <ctime>

#include "ocean/wallet/key_store.h"

namespace ocean {

WalletUnlockTimer::WalletUnlockTimer(WalletKeyStore& keys, std::function<int64_t()> now_seconds)
    : keys_(keys), now_(std::move(now_seconds)) {
    if (!now_) now_ = [] { return static_cast<int64_t>(std::time(nullptr)); };
    thread_ = std::thread([this] { Run(); });
}

WalletUnlockTimer::~WalletUnlockTimer() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Status WalletUnlockTimer::Unlock(std::string_view passphrase, int64_t timeout_seconds) {
    std::lock_guard lock(mutex_);
    Status s = keys_.Unlock(passphrase);
    if (!s) return s;
    // Clamp so that the deadline arithmetic cannot overflow (about 100 years is "forever").
    const int64_t timeout = std::clamp<int64_t>(timeout_seconds, 0, int64_t{100} * 365 * 24 * 3600);
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
    unlocked_until_ = now_() + timeout;
    cv_.notify_all();
    return Status::Ok();
}

void WalletUnlockTimer::Lock() {
    std::lock_guard lock(mutex_);
    keys_.Lock();
    deadline_.reset();
    unlocked_until_ = 0;
    cv_.notify_all();
}

int64_t WalletUnlockTimer::UnlockedUntil() const {
    std::lock_guard lock(mutex_);
    return unlocked_until_;
}

void WalletUnlockTimer::Run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        if (!deadline_) {
            cv_.wait(lock);
            continue;
        }
        if (std::chrono::steady_clock::now() >= *deadline_) {
            keys_.Lock();
            deadline_.reset();
            unlocked_until_ = 0;
            continue;
        }
        cv_.wait_until(lock, *deadline_);
    }
}

}  // namespace ocean
