// BlockIndex: one node of the in-memory block tree (every header the node knows), and Chain: the
// active chain as a height-indexed vector of such nodes.
//
// A BlockIndex holds the header fields (the header is rebuilt from them and from the parent's hash),
// where the block and its undo data sit in the block files, and validation state. The hash itself is
// stored by the owner of the tree (the map key) and reached through phash. Nodes are linked to their
// parent (prev) and to one further ancestor (skip) chosen so that GetAncestor takes O(log n) steps.
//
// Ocean has no proof of work: every block adds one unit of chain work, so ChainWork() is height + 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ocean/chain/flat_file.h"
#include "ocean/consensus/block_check.h"
#include "ocean/primitives/block.h"
#include "ocean/util/uint256.h"

namespace ocean {

enum BlockStatus : uint32_t {
    BLOCK_VALID_UNKNOWN = 0,
    // Header parsed, proof checked, parent known (header-level checks passed).
    BLOCK_VALID_HEADER = 1,
    // All parents at least VALID_TREE; contextual header checks passed.
    BLOCK_VALID_TREE = 2,
    // Block data seen and context-free/contextual block checks passed; parents' data may be missing.
    BLOCK_VALID_TRANSACTIONS = 3,
    // Outputs do not overspend inputs, no double spends, coinbase fine (connected once).
    BLOCK_VALID_CHAIN = 4,
    // Scripts and signatures verified.
    BLOCK_VALID_SCRIPTS = 5,
    BLOCK_VALID_MASK = 7,

    BLOCK_HAVE_DATA = 8,   // the block is in a blk file (file, data_pos)
    BLOCK_HAVE_UNDO = 16,  // its undo data is in a rev file (file, undo_pos)
    BLOCK_HAVE_MASK = BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO,

    BLOCK_FAILED_VALID = 32,  // the block itself is invalid
    BLOCK_FAILED_CHILD = 64,  // it descends from an invalid block
    BLOCK_FAILED_MASK = BLOCK_FAILED_VALID | BLOCK_FAILED_CHILD,
};

class BlockIndex {
  public:
    // Owned by the block tree map; the hash of this block.
    const uint256* phash = nullptr;
    BlockIndex* prev = nullptr;
    // Some ancestor further back (see BuildSkip).
    BlockIndex* skip = nullptr;
    int height = 0;

    // Where the block (data_pos) and its undo data (undo_pos) are; valid with BLOCK_HAVE_DATA/UNDO.
    int file = -1;
    uint32_t data_pos = 0;
    uint32_t undo_pos = 0;

    // Transactions in this block (0 until the block data was seen).
    uint32_t n_tx = 0;
    // Transactions in the chain up to and including this block; 0 unless this block and all its
    // ancestors have had their data seen. Computed at load time, not stored.
    uint64_t chain_tx = 0;
    uint32_t status = BLOCK_VALID_UNKNOWN;
    // Order in which block data arrived (ties between equal-work tips); not stored.
    int32_t sequence_id = 0;
    // Highest header time in the chain up to this block; not stored.
    uint32_t time_max = 0;

    // Header fields (prev_block is prev's hash, height is `height`).
    int32_t version = 0;
    uint256 merkle_root;
    uint256 contract_hash;
    uint256 attestation_hash;
    uint256 mapping_hash;
    uint32_t time = 0;
    BlockProof proof;

    BlockIndex() = default;
    // Takes the header fields; height is set from the header (the caller links prev and checks it).
    explicit BlockIndex(const BlockHeader& header);

    BlockHeader GetBlockHeader() const;
    uint256 GetBlockHash() const { return *phash; }
    int64_t GetBlockTime() const { return time; }
    int64_t GetBlockTimeMax() const { return time_max; }
    // Median of the times of this block and up to ten ancestors.
    int64_t GetMedianTimePast() const;
    // Cumulative chain work: one unit per block.
    uint64_t ChainWork() const { return static_cast<uint64_t>(height) + 1; }

    FlatFilePos GetBlockPos() const;
    FlatFilePos GetUndoPos() const;

    // True when neither this block nor an ancestor failed and the block reached at least `level`.
    bool IsValid(uint32_t level = BLOCK_VALID_TRANSACTIONS) const;
    // Raises the validity level to `level` (never lowers it); true if it changed. False for failed blocks.
    bool RaiseValidity(uint32_t level);
    bool HaveTxsDownloaded() const { return chain_tx != 0; }

    // Sets skip from prev; call once prev and height are set (after loading or on insertion).
    void BuildSkip();
    // The ancestor at `h` (this block for h == height), or nullptr when h is out of range.
    BlockIndex* GetAncestor(int h);
    const BlockIndex* GetAncestor(int h) const;

    std::string ToString() const;

    // What the consensus checks of a child block need to know about this block.
    PrevBlockInfo AsPrev() const { return PrevBlockInfo{height, GetMedianTimePast(), proof.challenge}; }
};

// The height of the ancestor a block at `height` keeps as its skip pointer.
int SkipHeight(int height);

// The last block both a and b descend from (nullptr if they share none or either is null).
const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b);
BlockIndex* LastCommonAncestor(BlockIndex* a, BlockIndex* b);

// The active chain: entry h is the block at height h. Does not own the nodes.
class Chain {
  public:
    BlockIndex* Genesis() const { return chain_.empty() ? nullptr : chain_.front(); }
    BlockIndex* Tip() const { return chain_.empty() ? nullptr : chain_.back(); }
    // The block at height h, or nullptr outside 0..Height().
    BlockIndex* operator[](int h) const {
        if (h < 0 || h >= static_cast<int>(chain_.size())) return nullptr;
        return chain_[static_cast<size_t>(h)];
    }
    bool Contains(const BlockIndex* index) const {
        return index && index->height >= 0 && (*this)[index->height] == index;
    }
    // The successor of `index` on this chain, or nullptr (not on the chain, or the tip).
    BlockIndex* Next(const BlockIndex* index) const {
        return Contains(index) ? (*this)[index->height + 1] : nullptr;
    }
    // Height of the tip; -1 for an empty chain.
    int Height() const { return static_cast<int>(chain_.size()) - 1; }

    // Makes `tip` and its ancestors the chain (nullptr empties it).
    void SetTip(BlockIndex* tip);
    // The last block of this chain that `index` descends from (nullptr if none).
    const BlockIndex* FindFork(const BlockIndex* index) const;
    // Hashes from `index` (default: the tip) back to genesis: the last ten one by one, then with
    // doubling steps, always ending with genesis.
    std::vector<uint256> GetLocator(const BlockIndex* index = nullptr) const;
    // The first block of the chain with time_max >= time and height >= height, or nullptr.
    BlockIndex* FindEarliestAtLeast(int64_t time, int height) const;

  private:
    std::vector<BlockIndex*> chain_;
};

}  // namespace ocean
