// MempoolChainSync: keeps the mempool consistent with the active chain. It is a ChainListener: a
// connected block removes its transactions and their conflicts from the pool; the transactions of
// disconnected blocks are put back (oldest block first) once the tip settles, through the normal
// acceptance rules; and after a reorganisation entries that are no longer final, or that spend a
// coinbase that is no longer mature, are removed (with their descendants).
//
// Runs on the validating thread with the chain lock held (chain → pool lock order).
#pragma once

#include <vector>

#include "ocean/chain/events.h"
#include "ocean/mempool/accept.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"

namespace ocean {

class MempoolChainSync final : public ChainListener {
  public:
    MempoolChainSync(Chainstate& chain, TxMempool& pool, AcceptOptions options, const Clock& clock,
                     Logger& log);

    void BlockConnected(const Block& block, const BlockIndex& index) override;
    void BlockDisconnected(const Block& block, const BlockIndex& index) override;
    void UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* fork, bool initial_download) override;

  private:
    Chainstate& chain_;
    TxMempool& pool_;
    AcceptOptions options_;
    const Clock& clock_;
    Logger& log_;
    // Transactions of blocks disconnected since the last tip update, newest block first.
    std::vector<std::vector<TransactionRef>> disconnected_;
};

}  // namespace ocean
