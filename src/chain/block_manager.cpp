#include "ocean/chain/block_manager.h"

#include <algorithm>

namespace ocean {

Result<std::unique_ptr<BlockManager>> BlockManager::Open(const Options& options) {
    std::unique_ptr<BlockManager> m(new BlockManager());
    std::error_code ec;
    std::filesystem::create_directories(options.blocks_dir, ec);
    if (ec) return Error("blocks-dir", "cannot create " + options.blocks_dir.string() + ": " + ec.message());
    DatabaseOptions dbo;
    dbo.path = options.blocks_dir / "index";
    dbo.cache_bytes = options.index_cache_bytes;
    dbo.wipe = options.wipe_index;
    auto tree = BlockTreeDB::Open(dbo);
    if (!tree) return tree.error();
    m->tree_ = std::move(tree.value());

    BlockStoreOptions so;
    so.blocks_dir = options.blocks_dir;
    so.magic = options.magic;
    if (!options.wipe_index) {
        auto last = m->tree_->ReadLastBlockFile();
        if (!last) return last.error();
        so.last_file = last->value_or(0);
        auto infos = m->tree_->ReadAllBlockFileInfo(so.last_file);
        if (!infos) return infos.error();
        so.files = std::move(infos.value());
    }
    auto store = BlockStore::Open(std::move(so));
    if (!store) return store.error();
    m->store_ = std::move(store.value());
    return m;
}

BlockIndex* BlockManager::Lookup(const uint256& hash) const {
    auto it = map_.find(hash);
    return it == map_.end() ? nullptr : it->second.get();
}

BlockIndex* BlockManager::Insert(const uint256& hash, const BlockHeader* header) {
    auto [it, inserted] = map_.try_emplace(hash);
    if (inserted) {
        it->second = header ? std::make_unique<BlockIndex>(*header) : std::make_unique<BlockIndex>();
        it->second->phash = &it->first;
    }
    return it->second.get();
}

BlockIndex* BlockManager::AddHeader(const BlockHeader& header) {
    uint256 hash = header.GetHash();
    if (BlockIndex* existing = Lookup(hash)) return existing;
    BlockIndex* index = Insert(hash, &header);
    if (BlockIndex* prev = Lookup(header.prev_block)) {
        index->prev = prev;
        index->height = prev->height + 1;
        index->time_max = std::max(prev->time_max, index->time);
        index->BuildSkip();
    } else {
        index->height = 0;
        index->time_max = index->time;
    }
    index->RaiseValidity(BLOCK_VALID_TREE);
    if (!best_header_ || best_header_->ChainWork() < index->ChainWork()) best_header_ = index;
    SetDirty(index);
    return index;
}

Status BlockManager::LoadIndex() {
    Status s = tree_->LoadBlockIndex([this](const uint256& hash) { return Insert(hash, nullptr); });
    if (!s) return s;
    // Heights are stored; rebuild skip pointers and derived fields in height order.
    std::vector<BlockIndex*> sorted;
    sorted.reserve(map_.size());
    for (auto& [h, idx] : map_) sorted.push_back(idx.get());
    std::sort(sorted.begin(), sorted.end(),
              [](const BlockIndex* a, const BlockIndex* b) { return a->height < b->height; });
    for (BlockIndex* idx : sorted) {
        idx->time_max = idx->prev ? std::max(idx->prev->time_max, idx->time) : idx->time;
        idx->BuildSkip();
        if (idx->n_tx > 0) {
            if (!idx->prev)
                idx->chain_tx = idx->n_tx;
            else if (idx->prev->chain_tx)
                idx->chain_tx = idx->prev->chain_tx + idx->n_tx;
            else
                idx->chain_tx = 0;
        }
        if (!(idx->status & BLOCK_FAILED_MASK) &&
            (!best_header_ || best_header_->ChainWork() < idx->ChainWork()))
            best_header_ = idx;
        next_sequence_ = std::max(next_sequence_, idx->sequence_id + 1);
    }
    return Status::Ok();
}

Status BlockManager::StoreBlock(const Block& block, BlockIndex& index) {
    auto pos = store_->WriteBlock(block, static_cast<uint32_t>(index.height), index.time);
    if (!pos) return pos.error();
    index.file = pos->file;
    index.data_pos = pos->pos;
    index.status |= BLOCK_HAVE_DATA;
    SetDirty(&index);
    return Status::Ok();
}

void BlockManager::NoteBlockOnDisk(BlockIndex& index, const FlatFilePos& pos, uint32_t payload_size) {
    store_->RegisterKnownBlock(pos, payload_size, static_cast<uint32_t>(index.height), index.time);
    index.file = pos.file;
    index.data_pos = pos.pos;
    index.status |= BLOCK_HAVE_DATA;
    SetDirty(&index);
}

Result<Block> BlockManager::ReadBlock(const BlockIndex& index) const {
    if (!(index.status & BLOCK_HAVE_DATA)) return Error("block-not-available", "block data not on disk");
    return store_->ReadBlock(index.GetBlockPos(), index.GetBlockHash());
}

Result<BlockUndo> BlockManager::ReadUndo(const BlockIndex& index) const {
    if (!(index.status & BLOCK_HAVE_UNDO)) return Error("undo-not-available", "no undo data for block");
    uint256 prev_hash = index.prev ? index.prev->GetBlockHash() : uint256();
    return store_->ReadUndo(index.GetUndoPos(), prev_hash);
}

Status BlockManager::WriteUndo(const BlockUndo& undo, BlockIndex& index) {
    if (index.status & BLOCK_HAVE_UNDO) return Status::Ok();
    uint256 prev_hash = index.prev ? index.prev->GetBlockHash() : uint256();
    auto pos = store_->WriteUndo(undo, prev_hash, index.file);
    if (!pos) return pos.error();
    index.undo_pos = pos->pos;
    index.status |= BLOCK_HAVE_UNDO;
    SetDirty(&index);
    return Status::Ok();
}

Status BlockManager::Flush() {
    Status s = store_->Flush(false);
    if (!s) return s;
    auto files = store_->TakeDirtyFileInfo();
    if (files.empty() && dirty_.empty()) return Status::Ok();
    std::vector<const BlockIndex*> blocks(dirty_.begin(), dirty_.end());
    s = tree_->WriteBatchSync(files, store_->LastFile(), blocks);
    if (!s) {
        store_->RestoreDirtyFileInfo(files);
        return s;
    }
    dirty_.clear();
    return Status::Ok();
}

}  // namespace ocean
