#include "ocean/chain/block_index.h"

#include <algorithm>

namespace ocean {

BlockIndex::BlockIndex(const BlockHeader& header)
    : height(static_cast<int>(header.height)),
      version(header.version),
      merkle_root(header.merkle_root),
      contract_hash(header.contract_hash),
      attestation_hash(header.attestation_hash),
      mapping_hash(header.mapping_hash),
      time(header.time),
      proof(header.proof) {}

BlockHeader BlockIndex::GetBlockHeader() const {
    BlockHeader h;
    h.version = version;
    if (prev) h.prev_block = prev->GetBlockHash();
    h.merkle_root = merkle_root;
    h.contract_hash = contract_hash;
    h.attestation_hash = attestation_hash;
    h.mapping_hash = mapping_hash;
    h.time = time;
    h.height = static_cast<uint32_t>(height);
    h.proof = proof;
    return h;
}

int64_t BlockIndex::GetMedianTimePast() const {
    constexpr int kSpan = 11;
    int64_t times[kSpan];
    int n = 0;
    for (const BlockIndex* walk = this; walk && n < kSpan; walk = walk->prev)
        times[n++] = walk->GetBlockTime();
    std::sort(times, times + n);
    return times[n / 2];
}

FlatFilePos BlockIndex::GetBlockPos() const {
    if (!(status & BLOCK_HAVE_DATA)) return FlatFilePos();
    return FlatFilePos(file, data_pos);
}

FlatFilePos BlockIndex::GetUndoPos() const {
    if (!(status & BLOCK_HAVE_UNDO)) return FlatFilePos();
    return FlatFilePos(file, undo_pos);
}

bool BlockIndex::IsValid(uint32_t level) const {
    if (status & BLOCK_FAILED_MASK) return false;
    return (status & BLOCK_VALID_MASK) >= level;
}

bool BlockIndex::RaiseValidity(uint32_t level) {
    if (status & BLOCK_FAILED_MASK) return false;
    if ((status & BLOCK_VALID_MASK) >= level) return false;
    status = (status & ~static_cast<uint32_t>(BLOCK_VALID_MASK)) | level;
    return true;
}

// Skip targets: an even height h jumps to h with its lowest set bit cleared. An odd height first
// steps to the even height below, clears two low set bits there and lands one above the result, so
// odd and even nodes together cover every power-of-two distance and a greedy descent takes
// O(log n) steps.
int SkipHeight(int height) {
    if (height < 2) return 0;
    auto clear_lowest = [](int v) { return v & (v - 1); };
    if (height % 2 == 0) return clear_lowest(height);
    return clear_lowest(clear_lowest(height - 1)) + 1;
}

void BlockIndex::BuildSkip() {
    skip = prev ? prev->GetAncestor(SkipHeight(height)) : nullptr;
}

BlockIndex* BlockIndex::GetAncestor(int h) {
    return const_cast<BlockIndex*>(static_cast<const BlockIndex*>(this)->GetAncestor(h));
}

const BlockIndex* BlockIndex::GetAncestor(int h) const {
    if (h < 0 || h > height) return nullptr;
    const BlockIndex* walk = this;
    while (walk->height > h) {
        const BlockIndex* jump = walk->skip;
        walk = (jump && jump->height >= h) ? jump : walk->prev;
        if (!walk) return nullptr;  // a broken tree (heights inconsistent with links)
    }
    return walk;
}

std::string BlockIndex::ToString() const {
    return "BlockIndex(height=" + std::to_string(height) + ", hash=" + (phash ? phash->ToHex() : "?") +
           ", status=" + std::to_string(status) + ", n_tx=" + std::to_string(n_tx) + ")";
}

const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b) {
    if (!a || !b) return nullptr;
    if (a->height > b->height) a = a->GetAncestor(b->height);
    if (b->height > a->height) b = b->GetAncestor(a->height);
    while (a && b && a != b) {
        a = a->prev;
        b = b->prev;
    }
    return a == b ? a : nullptr;
}

BlockIndex* LastCommonAncestor(BlockIndex* a, BlockIndex* b) {
    return const_cast<BlockIndex*>(
        LastCommonAncestor(static_cast<const BlockIndex*>(a), static_cast<const BlockIndex*>(b)));
}

void Chain::SetTip(BlockIndex* tip) {
    if (!tip) {
        chain_.clear();
        return;
    }
    chain_.resize(static_cast<size_t>(tip->height) + 1);
    for (BlockIndex* walk = tip; walk && chain_[static_cast<size_t>(walk->height)] != walk; walk = walk->prev)
        chain_[static_cast<size_t>(walk->height)] = walk;
}

const BlockIndex* Chain::FindFork(const BlockIndex* index) const {
    if (!index) return nullptr;
    if (index->height > Height()) index = index->GetAncestor(Height());
    while (index && !Contains(index)) index = index->prev;
    return index;
}

std::vector<uint256> Chain::GetLocator(const BlockIndex* index) const {
    if (!index) index = Tip();
    std::vector<uint256> hashes;
    if (!index) return hashes;
    hashes.reserve(32);
    int step = 1;
    while (index) {
        hashes.push_back(index->GetBlockHash());
        if (index->height == 0) break;
        const int next = std::max(index->height - step, 0);
        // On the active chain a lookup by height is O(1); elsewhere walk the skip list.
        index = Contains(index) ? (*this)[next] : index->GetAncestor(next);
        if (hashes.size() > 10) step *= 2;
    }
    return hashes;
}

BlockIndex* Chain::FindEarliestAtLeast(int64_t t, int h) const {
    auto it = std::lower_bound(chain_.begin(), chain_.end(), std::pair<int64_t, int>(t, h),
                               [](const BlockIndex* b, const std::pair<int64_t, int>& key) {
                                   return b->GetBlockTimeMax() < key.first || b->height < key.second;
                               });
    return it == chain_.end() ? nullptr : *it;
}

}  // namespace ocean
