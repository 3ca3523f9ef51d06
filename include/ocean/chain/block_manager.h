// BlockManager: the block tree (every header the node has accepted, valid or not), the block and undo
// files and the block-index database behind them.
//
// It decides nothing about validity: Chainstate asks it to add headers and store block data, and
// marks entries with validation results. Entries are never deleted while the process runs, so
// BlockIndex pointers stay valid for the manager's lifetime. Not thread-safe: the chain lock of the
// owning Chainstate protects every call.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

#include "ocean/chain/block_index.h"
#include "ocean/chain/block_store.h"
#include "ocean/chain/block_tree_db.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

class BlockManager {
  public:
    struct Options {
        std::filesystem::path blocks_dir;  // <datadir>/blocks
        std::array<uint8_t, 4> magic{0xfa, 0xbf, 0xb5, 0xda};
        size_t index_cache_bytes = 8 << 20;
        bool wipe_index = false;  // -reindex: start from an empty block index
    };

    static Result<std::unique_ptr<BlockManager>> Open(const Options& options);

    BlockIndex* Lookup(const uint256& hash) const;
    // Adds a header whose parent is known (or the genesis header); returns the existing entry if present.
    BlockIndex* AddHeader(const BlockHeader& header);
    size_t Size() const { return map_.size(); }
    template <typename F>
    void ForEach(F&& f) const {
        for (const auto& [hash, index] : map_) f(index.get());
    }

    // Loads every entry from the index database (fills prev/skip/height-derived fields and chain_tx).
    Status LoadIndex();

    // Appends the block to the block files and records its position; marks data present.
    Status StoreBlock(const Block& block, BlockIndex& index);
    // Records a block that reindexing found already on disk at pos (payload_size bytes).
    void NoteBlockOnDisk(BlockIndex& index, const FlatFilePos& pos, uint32_t payload_size);
    Result<Block> ReadBlock(const BlockIndex& index) const;
    Result<BlockUndo> ReadUndo(const BlockIndex& index) const;
    Status WriteUndo(const BlockUndo& undo, BlockIndex& index);

    void SetDirty(const BlockIndex* index) { dirty_.insert(index); }
    // Makes block data durable, then writes dirty index entries and file infos in one synced batch.
    Status Flush();

    BlockStore& Store() { return *store_; }
    BlockTreeDB& TreeDB() { return *tree_; }
    const BlockIndex* BestHeader() const { return best_header_; }
    // Assigns the first-seen order used to break ties between equal-work chains.
    void AssignSequence(BlockIndex& index) { index.sequence_id = next_sequence_++; }

  private:
    BlockManager() = default;
    BlockIndex* Insert(const uint256& hash, const BlockHeader* header);

    std::unordered_map<uint256, std::unique_ptr<BlockIndex>, BlobHasher> map_;
    std::set<const BlockIndex*> dirty_;
    std::unique_ptr<BlockStore> store_;
    std::unique_ptr<BlockTreeDB> tree_;
    BlockIndex* best_header_ = nullptr;
    int32_t next_sequence_ = 2;  // 0 and 1 rank blocks loaded from disk
};

}  // namespace ocean
