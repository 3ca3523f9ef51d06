// TipNotifier: lets RPC calls wait for the chain tip to change (waitfornewblock, waitforblock,
// waitforblockheight). The node registers it as a ChainListener; Interrupt() at shutdown wakes every
// waiter so that no RPC worker stays blocked.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "ocean/chain/events.h"
#include "ocean/util/uint256.h"

namespace ocean {

class TipNotifier final : public ChainListener {
  public:
    struct Tip {
        uint256 hash;
        int height = -1;
    };

    void UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* fork, bool initial_download) override;
    void Set(const uint256& hash, int height);
    Tip Current() const;
    // Waits until done(tip) holds, the timeout passes (zero = no timeout) or Interrupt(); returns the
    // tip at that moment.
    Tip WaitUntil(const std::function<bool(const Tip&)>& done, std::chrono::milliseconds timeout);
    void Interrupt();

  private:
    mutable std::mutex mu_;
    std::condition_variable cv_;
    Tip tip_;
    bool interrupted_ = false;
};

}  // namespace ocean
