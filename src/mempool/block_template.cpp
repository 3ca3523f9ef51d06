#include "ocean/mempool/block_template.h"

#include <mutex>

#include "ocean/chain/block_index.h"
#include "ocean/consensus/block_assembly.h"
#include "ocean/consensus/tx_verify.h"

namespace ocean {

Block NewBlockTemplate(const ChainParams& params, Chainstate& chain, TxMempool* pool, int64_t now,
                       const uint256& mapping_hash, uint32_t extra_nonce) {
    std::lock_guard chain_lock(chain.mutex());
    const BlockIndex* tip = chain.Tip();
    BlockAssemblyInput in;
    if (pool) {
        const int next_height = tip->height + 1;
        const int64_t mtp = tip->GetMedianTimePast();
        for (TransactionRef& tx : pool->SelectForBlock(kMaxBlockWeight - 4000, kMaxBlockSigOpsCost - 400)) {
            // The pool does not know heights and times: leave out what is not final in the next block.
            if (IsFinalTx(*tx, next_height, mtp)) in.txs.push_back(std::move(tx));
        }
    }
    in.prev_hash = tip->GetBlockHash();
    in.prev = tip->AsPrev();
    in.now = now;
    in.mapping_hash = mapping_hash;
    in.extra_nonce = extra_nonce;
    return AssembleBlock(params, in);
}

}  // namespace ocean
