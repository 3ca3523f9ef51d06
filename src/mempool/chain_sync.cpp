#include "ocean/mempool/chain_sync.h"

#include "ocean/consensus/tx_verify.h"

namespace ocean {

MempoolChainSync::MempoolChainSync(Chainstate& chain, TxMempool& pool, AcceptOptions options,
                                   const Clock& clock, Logger& log)
    : chain_(chain), pool_(pool), options_(std::move(options)), clock_(clock), log_(log) {
    options_.test_only = false;
    options_.max_tx_fee = 0;
}

void MempoolChainSync::BlockConnected(const Block& block, const BlockIndex&) {
    std::lock_guard lock(pool_.mutex());
    pool_.RemoveForBlock(block.vtx);
}

void MempoolChainSync::BlockDisconnected(const Block& block, const BlockIndex&) {
    std::vector<TransactionRef> txs;
    for (const TransactionRef& tx : block.vtx) {
        if (!tx->IsCoinBase()) txs.push_back(tx);
    }
    disconnected_.push_back(std::move(txs));
}

void MempoolChainSync::UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex*, bool) {
    if (disconnected_.empty()) return;
    std::vector<std::vector<TransactionRef>> blocks;
    blocks.swap(disconnected_);
    size_t readded = 0, dropped = 0;
    const int64_t now = clock_.UnixSeconds();
    // Oldest disconnected block first, each block's transactions in order: parents before children.
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
        for (const TransactionRef& tx : *it) {
            if (AcceptToMemoryPool(chain_, pool_, tx, options_, now).accepted) {
                ++readded;
            } else {
                ++dropped;
            }
        }
    }
    // Entries that the new chain makes non-final or whose coinbase inputs are no longer mature.
    std::lock_guard lock(pool_.mutex());
    const int next_height = new_tip.height + 1;
    const int64_t mtp = new_tip.GetMedianTimePast();
    for (const MempoolEntry& e : pool_.Entries()) {
        bool remove = !IsFinalTx(*e.tx, next_height, mtp);
        if (!remove && e.spends_coinbase) {
            for (const TxIn& in : e.tx->vin) {
                auto coin = chain_.GetCoin(in.prevout);
                if (coin && coin->coinbase &&
                    next_height - static_cast<int>(coin->height) < kCoinbaseMaturity) {
                    remove = true;
                }
            }
        }
        if (remove && pool_.Exists(e.Txid())) pool_.RemoveRecursive(*e.tx, RemovalReason::kReorg);
    }
    log_.Debug(LogCategory::kMempool, "reorg: " + std::to_string(readded) +
                                          " transactions back in the mempool, " + std::to_string(dropped) +
                                          " dropped");
}

}  // namespace ocean
