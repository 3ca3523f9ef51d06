// WalletUnlockTimer: walletpassphrase's "unlock for <timeout> seconds" (Bitcoin Core 0.14's
// nWalletUnlockTime + RPCRunLater("lockwallet")). It owns one joinable thread that waits for the
// deadline and then locks the key store. A later Unlock replaces the deadline, Lock cancels it.
//
// Unlock/Lock and the timed relock run under one mutex (then the key store's own lock), so a relock can
// never undo an unlock that happened after its deadline was replaced. The destructor stops and joins the
// thread; destroy the timer before the key store.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "ocean/util/result.h"

namespace ocean {

class WalletKeyStore;

class WalletUnlockTimer {
  public:
    // `now_seconds` gives the wall-clock time reported by UnlockedUntil (nullptr = system clock); the
    // relock itself waits on the steady clock.
    explicit WalletUnlockTimer(WalletKeyStore& keys, std::function<int64_t()> now_seconds = nullptr);
    ~WalletUnlockTimer();
    WalletUnlockTimer(const WalletUnlockTimer&) = delete;
    WalletUnlockTimer& operator=(const WalletUnlockTimer&) = delete;

    // Unlocks the key store (its errors unchanged: "-15", "-14") and relocks it `timeout` seconds
    // later (timeout <= 0: at once), replacing any pending relock.
    Status Unlock(std::string_view passphrase, int64_t timeout_seconds);
    // Locks now and cancels the pending relock.
    void Lock();
    // Unix time of the pending relock; 0 when none (getwalletinfo's unlocked_until).
    int64_t UnlockedUntil() const;

  private:
    void Run();

    WalletKeyStore& keys_;
    std::function<int64_t()> now_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    int64_t unlocked_until_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace ocean
