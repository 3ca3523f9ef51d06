// Block assembly: turns a parent, a list of already-chosen transactions and the chain's rules into a
// complete unsigned block — coinbase (BIP34 height, extra nonce, fee outputs per asset to the
// destination, witness commitment), merkle root, contract hash and the challenge in force. Which
// transactions to include (mempool ordering, limits) is the caller's business; signing the proof
// (federation) too.
#pragma once

#include <cstdint>
#include <vector>

#include "ocean/consensus/block_check.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/primitives/block.h"

namespace ocean {

struct BlockAssemblyInput {
    uint256 prev_hash;
    PrevBlockInfo prev;               // height, median time past and challenge of the parent
    int64_t now = 0;                  // unix seconds; the block time is max(now, MTP + 1)
    std::vector<TransactionRef> txs;  // in block order, coinbase excluded
    uint256 mapping_hash;             // header hashMapping (-embedmapping), zero when off
    uint32_t extra_nonce = 1;         // pushed after the height in the coinbase scriptSig
    // Where fees go: the mandatory coinbase destination in force, else this (OP_TRUE by default).
    Bytes fee_destination = {0x51};
};

// The version of blocks this node creates (BIP9 top bits, no deployment signalled).
inline constexpr int32_t kNewBlockVersion = 0x20000000;

// Builds the block; its proof solution is empty.
Block AssembleBlock(const ChainParams& params, const BlockAssemblyInput& input);

}  // namespace ocean
