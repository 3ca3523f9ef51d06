// Merkle trees: Bitcoin's (block merkle root over txids, with CVE-2012-2459 mutation detection) and
// Ocean's "fast merkle" tree over FastNode (witness root, witness hashes, asset ids; formats.md §5).
#pragma once

#include <vector>

#include "ocean/util/uint256.h"

namespace ocean {

struct Block;

// Bitcoin-style merkle root; *mutated is set when some level hashes a node with an identical real
// sibling (the duplicate-transaction malleation). An empty list gives zero.
uint256 ComputeMerkleRoot(std::vector<uint256> hashes, bool* mutated = nullptr);

// Fast merkle root: no duplication of an odd last leaf; empty list gives zero.
uint256 ComputeFastMerkleRoot(const std::vector<uint256>& leaves);

// Merkle root of the block's txids.
uint256 BlockMerkleRoot(const Block& block, bool* mutated = nullptr);
// Fast merkle root of the witness hashes of every transaction, coinbase included (formats.md §4.6).
uint256 BlockWitnessMerkleRoot(const Block& block);

}  // namespace ocean
