#include "ocean/rpc/tip_notifier.h"

#include "ocean/chain/block_index.h"

namespace ocean {

void TipNotifier::UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex*, bool) {
    Set(new_tip.GetBlockHash(), new_tip.height);
}

void TipNotifier::Set(const uint256& hash, int height) {
    {
        std::lock_guard lock(mu_);
        tip_ = Tip{hash, height};
    }
    cv_.notify_all();
}

TipNotifier::Tip TipNotifier::Current() const {
    std::lock_guard lock(mu_);
    return tip_;
}

TipNotifier::Tip TipNotifier::WaitUntil(const std::function<bool(const Tip&)>& done,
                                        std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    auto ready = [&] { return interrupted_ || done(tip_); };
    if (timeout.count() > 0) {
        cv_.wait_for(lock, timeout, ready);
    } else {
        cv_.wait(lock, ready);
    }
    return tip_;
}

void TipNotifier::Interrupt() {
    {
        std::lock_guard lock(mu_);
        interrupted_ = true;
    }
    cv_.notify_all();
}

}  // namespace ocean
