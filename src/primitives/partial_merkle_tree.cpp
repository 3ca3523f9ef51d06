// BIP37 partial merkle trees and merkle blocks (see the header for the layout and the walk).
#include "ocean/primitives/partial_merkle_tree.h"

#include <algorithm>
#include <new>

#include "ocean/crypto/sha256.h"

namespace ocean {

uint32_t PartialMerkleTree::TreeWidth(int height) const {
    // Computed in 64 bits: n_transactions_ may be any 32-bit value read from the wire.
    const uint64_t span = uint64_t{1} << height;
    return static_cast<uint32_t>((uint64_t{n_transactions_} + span - 1) >> height);
}

uint256 PartialMerkleTree::SubtreeHash(int height, uint32_t pos, const std::vector<uint256>& txids) const {
    if (height == 0) return txids[pos];
    const uint256 left = SubtreeHash(height - 1, pos * 2, txids);
    // A missing right child repeats the left one, as in the block merkle root.
    const uint256 right =
        pos * 2 + 1 < TreeWidth(height - 1) ? SubtreeHash(height - 1, pos * 2 + 1, txids) : left;
    return Sha256dHash(left.span(), right.span());
}

void PartialMerkleTree::Build(int height, uint32_t pos, const std::vector<uint256>& txids,
                              const std::vector<bool>& matches) {
    // Is some matched transaction among the leaves below this node?
    bool parent_of_match = false;
    const uint64_t first = uint64_t{pos} << height;
    const uint64_t end = std::min<uint64_t>((uint64_t{pos} + 1) << height, n_transactions_);
    for (uint64_t p = first; p < end && !parent_of_match; ++p) {
        parent_of_match = p < matches.size() && matches[p];
    }
    bits_.push_back(parent_of_match);
    if (height == 0 || !parent_of_match) {
        hashes_.push_back(SubtreeHash(height, pos, txids));
        return;
    }
    Build(height - 1, pos * 2, txids, matches);
    if (pos * 2 + 1 < TreeWidth(height - 1)) Build(height - 1, pos * 2 + 1, txids, matches);
}

PartialMerkleTree::PartialMerkleTree(const std::vector<uint256>& txids, const std::vector<bool>& matches)
    : n_transactions_(static_cast<uint32_t>(txids.size())) {
    if (txids.empty()) return;
    int height = 0;
    while (TreeWidth(height) > 1) ++height;
    Build(height, 0, txids, matches);
}

uint256 PartialMerkleTree::Extract(int height, uint32_t pos, Walk& walk, std::vector<uint256>& matches,
                                   std::vector<unsigned>& indexes) const {
    if (walk.bits_used >= bits_.size()) {
        walk.bad = true;  // ran out of flag bits
        return uint256();
    }
    const bool parent_of_match = bits_[walk.bits_used++];
    if (height == 0 || !parent_of_match) {
        if (walk.hashes_used >= hashes_.size()) {
            walk.bad = true;  // ran out of hashes
            return uint256();
        }
        const uint256& hash = hashes_[walk.hashes_used++];
        if (height == 0 && parent_of_match) {
            matches.push_back(hash);
            indexes.push_back(pos);
        }
        return hash;
    }
    const uint256 left = Extract(height - 1, pos * 2, walk, matches, indexes);
    uint256 right = left;
    if (pos * 2 + 1 < TreeWidth(height - 1)) {
        right = Extract(height - 1, pos * 2 + 1, walk, matches, indexes);
        // Distinct transactions never give identical sibling subtrees; a tree that has them could
        // stand for a block with duplicated transactions (CVE-2012-2459).
        if (right == left) walk.bad = true;
    }
    return Sha256dHash(left.span(), right.span());
}

uint256 PartialMerkleTree::ExtractMatches(std::vector<uint256>& matches,
                                          std::vector<unsigned>& indexes) const {
    matches.clear();
    indexes.clear();
    if (n_transactions_ == 0) return uint256();
    if (n_transactions_ > kMaxTransactions) return uint256();
    // At most one hash per transaction, and at least one bit per hash.
    if (hashes_.size() > n_transactions_) return uint256();
    if (bits_.size() < hashes_.size()) return uint256();
    int height = 0;
    while (TreeWidth(height) > 1) ++height;
    Walk walk;
    const uint256 root = Extract(height, 0, walk, matches, indexes);
    if (walk.bad) return uint256();
    // Every bit must be used, except the zero padding of the last flag byte.
    if ((walk.bits_used + 7) / 8 != (bits_.size() + 7) / 8) return uint256();
    if (walk.hashes_used != hashes_.size()) return uint256();
    return root;
}

Bytes PartialMerkleTree::PackedBits() const {
    Bytes out((bits_.size() + 7) / 8, 0);
    for (size_t i = 0; i < bits_.size(); ++i) {
        if (bits_[i]) out[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    }
    return out;
}

void PartialMerkleTree::Unserialize(SpanReader& r) {
    n_transactions_ = ReadLE32(r);
    const uint64_t n_hashes = ReadCompactSize(r);
    hashes_.clear();
    // Never reserve more hashes than the remaining input could hold.
    hashes_.reserve(std::min<uint64_t>(n_hashes, r.remaining() / 32));
    for (uint64_t i = 0; i < n_hashes; ++i) hashes_.push_back(ReadUint256(r));
    const Bytes flags = ReadBytes(r);
    bits_.assign(flags.size() * 8, false);
    for (size_t i = 0; i < bits_.size(); ++i) bits_[i] = (flags[i / 8] >> (i % 8)) & 1;
}

MerkleBlock MakeMerkleBlock(const Block& block, const std::set<uint256>& txids) {
    std::vector<uint256> ids;
    std::vector<bool> matches;
    ids.reserve(block.vtx.size());
    matches.reserve(block.vtx.size());
    for (const auto& tx : block.vtx) {
        ids.push_back(tx->GetTxid());
        matches.push_back(txids.count(tx->GetTxid()) != 0);
    }
    return MerkleBlock{block.header(), PartialMerkleTree(ids, matches)};
}

Bytes EncodeMerkleBlock(const MerkleBlock& mb) {
    Bytes out;
    VectorWriter w(out);
    SerializeMerkleBlock(w, mb);
    return out;
}

Result<MerkleBlock> DecodeMerkleBlock(ByteSpan data, bool allow_trailing) {
    MerkleBlock mb;
    try {
        SpanReader r(data);
        UnserializeBlockHeader(r, mb.header);
        mb.txn.Unserialize(r);
        if (!allow_trailing && !r.empty())
            return Error("merkleblock-decode", "trailing data after merkle block");
    } catch (const DecodeError& e) {
        return Error("merkleblock-decode", e.what());
    } catch (const std::bad_alloc&) {
        return Error("merkleblock-decode", "out of memory while decoding");
    }
    return mb;
}

}  // namespace ocean
