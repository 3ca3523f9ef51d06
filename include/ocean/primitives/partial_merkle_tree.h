// BIP37 partial merkle trees and merkle blocks: the proof that some transactions are in a block, as the
// `merkleblock` P2P message carries it (p2p.md) and gettxoutproof / verifytxoutproof exchange it.
//
// A partial merkle tree is the block's transaction count, a depth-first list of hashes and one flag bit
// per visited node. The tree is walked from the root; a node's bit says whether some matched
// transaction lies below it. Nodes without a match below, and matched leaves, contribute their hash
// and are not descended into; the others are descended (left, then right when the right child exists).
// Bits are packed eight per byte, least significant bit first.
//
// A merkle block is the full Ocean block header (formats.md §4.1, proof challenge and solution
// included) followed by the partial merkle tree:
//   header ‖ LE32(n_transactions) ‖ CompactSize(#hashes) ‖ hashes (32 bytes each, internal order)
//   ‖ CompactSize(#flag bytes) ‖ flag bytes
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "ocean/primitives/block.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

class PartialMerkleTree {
  public:
    // More transactions than a block could hold (1,000,000 base bytes over 60 bytes, a lower bound of a
    // serialized transaction) make ExtractMatches fail.
    static constexpr uint32_t kMaxTransactions = 1000000 / 60;

    PartialMerkleTree() = default;
    // The tree over `txids` (in block order) revealing those whose `matches` entry is true. A missing
    // entry (matches shorter than txids) counts as false.
    PartialMerkleTree(const std::vector<uint256>& txids, const std::vector<bool>& matches);
    // A tree made of raw parts (decoding, tests); nothing is checked here.
    PartialMerkleTree(uint32_t n_transactions, std::vector<uint256> hashes, std::vector<bool> bits)
        : n_transactions_(n_transactions), bits_(std::move(bits)), hashes_(std::move(hashes)) {}

    // Walks the tree and returns the merkle root it commits to, filling `matches` with the matched
    // txids and `indexes` with their positions in the block (both in block order). Returns zero when
    // the tree is malformed: no transactions, more than kMaxTransactions, more hashes than
    // transactions, fewer bits than hashes, running out of bits or hashes, bits or hashes left over
    // (beyond the padding of the last flag byte), or two identical sibling subtrees (CVE-2012-2459).
    uint256 ExtractMatches(std::vector<uint256>& matches, std::vector<unsigned>& indexes) const;

    uint32_t NumTransactions() const { return n_transactions_; }
    const std::vector<uint256>& Hashes() const { return hashes_; }
    const std::vector<bool>& Bits() const { return bits_; }

    // The flag bits packed eight per byte, least significant bit first.
    Bytes PackedBits() const;

    template <typename S>
    void Serialize(S& s) const {
        WriteLE32(s, n_transactions_);
        WriteCompactSize(s, hashes_.size());
        for (const uint256& h : hashes_) WriteBlob(s, h);
        WriteBytes(s, PackedBits());
    }
    // Reads a tree (throws DecodeError on truncated or non-canonical input); the bit list gets eight
    // entries per flag byte.
    void Unserialize(SpanReader& r);

    friend bool operator==(const PartialMerkleTree&, const PartialMerkleTree&) = default;

  private:
    // Number of nodes at `height` (0 = leaves).
    uint32_t TreeWidth(int height) const;
    uint256 SubtreeHash(int height, uint32_t pos, const std::vector<uint256>& txids) const;
    void Build(int height, uint32_t pos, const std::vector<uint256>& txids, const std::vector<bool>& matches);

    struct Walk {
        size_t bits_used = 0;
        size_t hashes_used = 0;
        bool bad = false;
    };
    uint256 Extract(int height, uint32_t pos, Walk& walk, std::vector<uint256>& matches,
                    std::vector<unsigned>& indexes) const;

    uint32_t n_transactions_ = 0;
    std::vector<bool> bits_;
    std::vector<uint256> hashes_;
};

struct MerkleBlock {
    BlockHeader header;
    PartialMerkleTree txn;

    friend bool operator==(const MerkleBlock&, const MerkleBlock&) = default;
};

// The merkle block of `block` revealing the transactions whose txid is in `txids`.
MerkleBlock MakeMerkleBlock(const Block& block, const std::set<uint256>& txids);

template <typename S>
void SerializeMerkleBlock(S& s, const MerkleBlock& mb) {
    SerializeBlockHeader(s, mb.header, true);
    mb.txn.Serialize(s);
}

Bytes EncodeMerkleBlock(const MerkleBlock& mb);
// Decodes a merkle block from the start of `data`. With allow_trailing, bytes after it are ignored
// (as a stream reader does, e.g. verifytxoutproof); otherwise they are an error. The error message is
// the reader's reason ("unexpected end of data", "ReadCompactSize(): size too large", ...).
Result<MerkleBlock> DecodeMerkleBlock(ByteSpan data, bool allow_trailing = false);

}  // namespace ocean
