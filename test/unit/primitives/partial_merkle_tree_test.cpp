// Partial merkle trees and merkle blocks (primitives/partial_merkle_tree.h): random trees survive a
// serialization round trip and give back the block merkle root and exactly the matched transactions,
// the BIP37 bit order and byte layout, and every kind of malformed tree (including the CVE-2012-2459
// duplicate-subtree case) is rejected with a zero root.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/merkle.h"
#include "ocean/primitives/partial_merkle_tree.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

uint256 Leaf(uint32_t i) {
    const uint8_t b[4] = {uint8_t(i), uint8_t(i >> 8), uint8_t(i >> 16), uint8_t(i >> 24)};
    return Sha256dHash(ByteSpan(b, 4));
}

std::vector<uint256> Leaves(uint32_t n) {
    std::vector<uint256> v;
    for (uint32_t i = 0; i < n; ++i) v.push_back(Leaf(i));
    return v;
}

PartialMerkleTree RoundTrip(const PartialMerkleTree& t) {
    Bytes enc;
    VectorWriter w(enc);
    t.Serialize(w);
    SpanReader r(enc);
    PartialMerkleTree back;
    back.Unserialize(r);
    EXPECT_TRUE(r.empty());
    return back;
}

// A block of n distinct transactions (they differ in their lock time).
Block BlockOf(uint32_t n) {
    Block b;
    b.version = 0x20000000;
    b.height = 7;
    b.proof.challenge = {0x51};
    b.proof.solution = {0x00, 0x01};
    for (uint32_t i = 0; i < n; ++i) {
        MutableTransaction tx;
        tx.vin.emplace_back();
        tx.vin[0].prevout = OutPoint(Leaf(i), i);
        TxOut& out = tx.vout.emplace_back();
        out.script_pubkey = {0x51};
        tx.lock_time = i;
        b.vtx.push_back(MakeTransactionRef(std::move(tx)));
    }
    b.merkle_root = BlockMerkleRoot(b);
    return b;
}

TEST(PartialMerkleTree, RandomTreesRoundTripAndGiveTheRoot) {
    std::mt19937 rng(12345);
    for (uint32_t n : {1u, 2u, 3u, 4u, 5u, 7u, 9u, 16u, 17u, 56u, 100u, 127u, 128u, 129u, 1000u, 4095u}) {
        const std::vector<uint256> txids = Leaves(n);
        const uint256 root = ComputeMerkleRoot(txids);
        // Match probabilities from none to all.
        for (double p : {0.0, 0.01, 0.1, 0.5, 0.9, 1.0}) {
            std::bernoulli_distribution pick(p);
            std::vector<bool> matches(n);
            std::vector<uint256> expected;
            std::vector<unsigned> expected_idx;
            for (uint32_t i = 0; i < n; ++i) {
                matches[i] = pick(rng);
                if (matches[i]) {
                    expected.push_back(txids[i]);
                    expected_idx.push_back(i);
                }
            }
            const PartialMerkleTree tree(txids, matches);
            EXPECT_EQ(tree.NumTransactions(), n);
            // BIP37's size bound: at most one hash per transaction, a bit per visited node.
            EXPECT_LE(tree.Hashes().size(), n);
            EXPECT_GE(tree.Bits().size(), tree.Hashes().size());

            const PartialMerkleTree back = RoundTrip(tree);
            // The padding bits become explicit zeros; the walk result must not change.
            EXPECT_EQ(back.NumTransactions(), n);
            EXPECT_EQ(back.Hashes(), tree.Hashes());
            EXPECT_EQ(back.Bits().size(), (tree.Bits().size() + 7) / 8 * 8);
            EXPECT_EQ(back.PackedBits(), tree.PackedBits());

            for (const PartialMerkleTree* t : {&tree, &back}) {
                std::vector<uint256> got;
                std::vector<unsigned> idx;
                EXPECT_EQ(t->ExtractMatches(got, idx), root) << "n=" << n << " p=" << p;
                EXPECT_EQ(got, expected);
                EXPECT_EQ(idx, expected_idx);
            }
            // The same number of matched leaves with no match at all is a single root hash.
            if (expected.empty()) {
                EXPECT_EQ(tree.Hashes(), std::vector<uint256>{root});
                EXPECT_EQ(tree.Bits(), std::vector<bool>{false});
            }
        }
    }
}

TEST(PartialMerkleTree, MerkleBlockOfARealBlockCommitsToItsRoot) {
    for (uint32_t n : {1u, 2u, 3u, 10u, 33u}) {
        const Block block = BlockOf(n);
        std::set<uint256> wanted;
        for (uint32_t i = 0; i < n; i += 3) wanted.insert(block.vtx[i]->GetTxid());
        const MerkleBlock mb = MakeMerkleBlock(block, wanted);
        EXPECT_EQ(mb.header, block.header());
        std::vector<uint256> got;
        std::vector<unsigned> idx;
        EXPECT_EQ(mb.txn.ExtractMatches(got, idx), BlockMerkleRoot(block));
        EXPECT_EQ(std::set<uint256>(got.begin(), got.end()), wanted);
        for (size_t k = 0; k < idx.size(); ++k) EXPECT_EQ(block.vtx[idx[k]]->GetTxid(), got[k]);

        // Encoding: the full header (solution included), then the tree.
        const Bytes enc = EncodeMerkleBlock(mb);
        const Bytes header = EncodeBlockHeader(block);
        ASSERT_GT(enc.size(), header.size());
        EXPECT_TRUE(std::equal(header.begin(), header.end(), enc.begin()));
        auto back = DecodeMerkleBlock(enc);
        ASSERT_TRUE(back.ok()) << back.error().ToString();
        EXPECT_EQ(EncodeMerkleBlock(*back), enc);
        EXPECT_EQ(back->header.GetHash(), block.GetHash());
    }
}

TEST(PartialMerkleTree, Bip37BitPackingAndLayout) {
    // Three transactions, the middle one matched. Depth-first walk: root (1), left node (1), leaf 0 (0,
    // hash), leaf 1 (1, hash), right node (0, hash of leaf 2 with itself). Bits 1,1,0,1,0 packed least
    // significant bit first: 0b01011 = 0x0b.
    const std::vector<uint256> txids = Leaves(3);
    const PartialMerkleTree tree(txids, {false, true, false});
    EXPECT_EQ(tree.Bits(), (std::vector<bool>{true, true, false, true, false}));
    const uint256 right = Sha256dHash(txids[2].span(), txids[2].span());
    EXPECT_EQ(tree.Hashes(), (std::vector<uint256>{txids[0], txids[1], right}));
    EXPECT_EQ(tree.PackedBits(), Bytes{0x0b});

    Bytes enc;
    VectorWriter w(enc);
    tree.Serialize(w);
    Bytes expected = {0x03, 0x00, 0x00, 0x00, 0x03};
    for (const uint256& h : tree.Hashes()) expected.insert(expected.end(), h.span().begin(), h.span().end());
    expected.push_back(0x01);
    expected.push_back(0x0b);
    EXPECT_EQ(HexStr(enc), HexStr(expected));

    // Nine bits need two bytes; bit 8 is the lowest bit of the second byte.
    const PartialMerkleTree nine(9, {}, {true, false, false, false, false, false, false, false, true});
    EXPECT_EQ(nine.PackedBits(), (Bytes{0x01, 0x01}));
}

TEST(PartialMerkleTree, MalformedTreesGiveZero) {
    const std::vector<uint256> txids = Leaves(5);
    const PartialMerkleTree good(txids, {false, false, true, false, true});
    std::vector<uint256> m;
    std::vector<unsigned> idx;
    const uint256 root = ComputeMerkleRoot(txids);
    ASSERT_EQ(good.ExtractMatches(m, idx), root);
    auto extract = [&](const PartialMerkleTree& t) { return t.ExtractMatches(m, idx); };
    const auto& hashes = good.Hashes();
    const auto& bits = good.Bits();

    // No transactions; too many transactions.
    EXPECT_TRUE(extract(PartialMerkleTree(0, hashes, bits)).IsNull());
    EXPECT_TRUE(extract(PartialMerkleTree(PartialMerkleTree::kMaxTransactions + 1, hashes, bits)).IsNull());
    EXPECT_TRUE(extract(PartialMerkleTree()).IsNull());
    // More hashes than transactions.
    EXPECT_TRUE(extract(PartialMerkleTree(1, hashes, bits)).IsNull());
    // Fewer bits than hashes.
    EXPECT_TRUE(
        extract(PartialMerkleTree(5, hashes, std::vector<bool>(bits.begin(), bits.begin() + 2))).IsNull());
    // A hash missing, a hash too many.
    std::vector<uint256> fewer(hashes.begin(), hashes.end() - 1);
    EXPECT_TRUE(extract(PartialMerkleTree(5, fewer, bits)).IsNull());
    std::vector<uint256> more = hashes;
    more.push_back(Leaf(99));
    EXPECT_TRUE(extract(PartialMerkleTree(5, more, bits)).IsNull());
    // Bits running out in the middle of the walk.
    std::vector<bool> short_bits(bits.begin(), bits.end() - 1);
    EXPECT_TRUE(extract(PartialMerkleTree(5, hashes, short_bits)).IsNull());
    // Unused bits: padding within the last byte is fine, a whole extra byte is not.
    std::vector<bool> padded = bits;
    while (padded.size() % 8) padded.push_back(false);
    EXPECT_EQ(extract(PartialMerkleTree(5, hashes, padded)), root);
    std::vector<bool> extra_byte = padded;
    extra_byte.insert(extra_byte.end(), 8, false);
    EXPECT_TRUE(extract(PartialMerkleTree(5, hashes, extra_byte)).IsNull());
    // A changed hash gives a different (non-zero) root, which the caller compares.
    std::vector<uint256> changed = hashes;
    changed[0] = Leaf(77);
    const uint256 other = extract(PartialMerkleTree(5, changed, bits));
    EXPECT_FALSE(other.IsNull());
    EXPECT_NE(other, root);
    // A different transaction count changes the tree shape: this one does not fit the bits.
    EXPECT_NE(extract(PartialMerkleTree(6, hashes, bits)), root);
}

TEST(PartialMerkleTree, DuplicatedSubtreesAreRejected) {
    // CVE-2012-2459: the transactions 1..10 followed by copies of 9 and 10 have the same block merkle
    // root as 1..10 alone. A proof that descends into both copies must be refused.
    std::vector<uint256> txids = Leaves(10);
    const uint256 root10 = ComputeMerkleRoot(txids);
    txids.push_back(txids[8]);
    txids.push_back(txids[9]);
    bool mutated = false;
    EXPECT_EQ(ComputeMerkleRoot(txids, &mutated), root10);
    EXPECT_TRUE(mutated);
    std::vector<bool> matches(12, false);
    matches[9] = true;
    matches[10] = true;
    const PartialMerkleTree tree(txids, matches);
    std::vector<uint256> m;
    std::vector<unsigned> idx;
    EXPECT_TRUE(tree.ExtractMatches(m, idx).IsNull());
    // Descending into the parent of the copies compares both children, so matching one side is refused
    // too. A proof that never descends there keeps the copies inside one opaque hash: the root holds.
    matches[10] = false;
    EXPECT_TRUE(PartialMerkleTree(txids, matches).ExtractMatches(m, idx).IsNull());
    std::vector<bool> elsewhere(12, false);
    elsewhere[2] = true;
    EXPECT_EQ(PartialMerkleTree(txids, elsewhere).ExtractMatches(m, idx), root10);
    EXPECT_EQ(m, std::vector<uint256>{txids[2]});
}

TEST(PartialMerkleTree, DecodingRejectsTruncatedAndTrailingData) {
    const Block block = BlockOf(6);
    const Bytes enc = EncodeMerkleBlock(MakeMerkleBlock(block, {block.vtx[4]->GetTxid()}));
    for (size_t len = 0; len < enc.size(); ++len) {
        auto r = DecodeMerkleBlock(ByteSpan(enc.data(), len));
        EXPECT_FALSE(r.ok()) << "length " << len;
    }
    Bytes trailing = enc;
    trailing.push_back(0x00);
    EXPECT_FALSE(DecodeMerkleBlock(trailing).ok());
    auto lenient = DecodeMerkleBlock(trailing, true);
    ASSERT_TRUE(lenient.ok());
    EXPECT_EQ(EncodeMerkleBlock(*lenient), enc);
    // A truncated input reports the stream's reason.
    EXPECT_EQ(DecodeMerkleBlock(ByteSpan(enc.data(), enc.size() - 1)).error().message,
              "unexpected end of data");
    // A hash count beyond the serialization limit.
    Bytes huge = EncodeBlockHeader(block);
    const Bytes tail = {0x06, 0x00, 0x00, 0x00, 0xfe, 0x00, 0x00, 0x00, 0x04};
    huge.insert(huge.end(), tail.begin(), tail.end());
    EXPECT_EQ(DecodeMerkleBlock(huge).error().message, "ReadCompactSize(): size too large");
}

}  // namespace
}  // namespace ocean
