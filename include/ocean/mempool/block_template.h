// NewBlockTemplate: the block this node would produce on its active tip now — the mempool's best
// packages (ancestor-feerate order) that are final in the next block, within the block weight and sigop
// limits less room for the coinbase, assembled with the chain's rules (consensus/block_assembly.h).
// Used by `generate`, `getnewblockhex` and the federated signer's proposals. The proof solution is
// empty. Takes the chain lock, then the pool lock.
#pragma once

#include <cstdint>

#include "ocean/chain/chainstate.h"
#include "ocean/mempool/tx_mempool.h"

namespace ocean {

// `pool` may be null (an empty block). `now` is unix seconds (the block time is max(now, MTP + 1)).
Block NewBlockTemplate(const ChainParams& params, Chainstate& chain, TxMempool* pool, int64_t now,
                       const uint256& mapping_hash, uint32_t extra_nonce);

}  // namespace ocean
