// libFuzzer target: BIP37 partial merkle trees and merkle blocks (primitives/partial_merkle_tree.h).
//
// The first input byte picks the mode. Even: the rest is decoded as a merkle block; whatever decodes must
// re-encode to the same bytes, and ExtractMatches must either fail (zero root) or return one index per
// match, strictly increasing and below the transaction count, the same on every call. Odd: the rest
// shapes a tree (transaction count and match pattern) over generated txids; the built tree must round
// trip, commit to the block merkle root and give back exactly the matched txids; then one byte of its
// encoding is changed, which may only yield a failure or another self-consistent result.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/merkle.h"
#include "ocean/primitives/partial_merkle_tree.h"

namespace {

using namespace ocean;

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_partial_merkle_tree: check failed: %s\n", what);
        std::abort();
    }
}

// The invariants of any extraction result.
void CheckExtraction(const PartialMerkleTree& tree) {
    std::vector<uint256> matches;
    std::vector<unsigned> indexes;
    const uint256 root = tree.ExtractMatches(matches, indexes);
    std::vector<uint256> matches2;
    std::vector<unsigned> indexes2;
    Check(tree.ExtractMatches(matches2, indexes2) == root, "ExtractMatches is not deterministic");
    if (root.IsNull()) return;
    Check(matches == matches2 && indexes == indexes2, "matches differ between calls");
    Check(matches.size() == indexes.size(), "one index per match");
    Check(matches.size() <= tree.Hashes().size(), "more matches than hashes");
    for (size_t i = 0; i < indexes.size(); ++i) {
        Check(indexes[i] < tree.NumTransactions(), "index beyond the transaction count");
        if (i > 0) Check(indexes[i - 1] < indexes[i], "indexes not increasing");
    }
}

uint256 Txid(uint32_t i, uint8_t seed) {
    const uint8_t b[5] = {uint8_t(i), uint8_t(i >> 8), uint8_t(i >> 16), uint8_t(i >> 24), seed};
    return Sha256dHash(ByteSpan(b, 5));
}

void DecodeMode(ByteSpan data) {
    auto mb = DecodeMerkleBlock(data);
    if (!mb) return;
    const Bytes enc = EncodeMerkleBlock(*mb);
    Check(enc.size() == data.size() && std::equal(enc.begin(), enc.end(), data.begin()),
          "merkle block does not re-encode to its input");
    CheckExtraction(mb->txn);
}

void BuildMode(ByteSpan data) {
    if (data.size() < 3) return;
    const uint32_t n = 1 + ((uint32_t(data[0]) | (uint32_t(data[1]) << 8)) % 2000);
    const uint8_t seed = data[2];
    data = data.subspan(3);
    std::vector<uint256> txids;
    std::vector<bool> match(n, false);
    std::vector<uint256> expected;
    std::vector<unsigned> expected_idx;
    for (uint32_t i = 0; i < n; ++i) {
        txids.push_back(Txid(i, seed));
        // Bit i of the remaining input (zero beyond it) says whether transaction i is matched.
        match[i] = i / 8 < data.size() && ((data[i / 8] >> (i % 8)) & 1);
        if (match[i]) {
            expected.push_back(txids[i]);
            expected_idx.push_back(i);
        }
    }
    const PartialMerkleTree tree(txids, match);
    std::vector<uint256> got;
    std::vector<unsigned> idx;
    Check(tree.ExtractMatches(got, idx) == ComputeMerkleRoot(txids), "tree root is not the merkle root");
    Check(got == expected && idx == expected_idx, "extracted matches differ from the chosen ones");

    MerkleBlock mb;
    mb.header.merkle_root = ComputeMerkleRoot(txids);
    mb.txn = tree;
    Bytes enc = EncodeMerkleBlock(mb);
    auto back = DecodeMerkleBlock(enc);
    Check(back.ok(), "built merkle block does not decode");
    Check(back->txn.ExtractMatches(got, idx) == mb.header.merkle_root, "decoded tree root differs");
    Check(got == expected && idx == expected_idx, "decoded tree matches differ");

    // Change one byte of the encoding, chosen by the input.
    if (!data.empty()) {
        const size_t pos = (size_t(data[0]) * 257 + data.size()) % enc.size();
        enc[pos] ^= static_cast<uint8_t>(data[data.size() - 1] | 1);
        if (auto changed = DecodeMerkleBlock(enc)) CheckExtraction(changed->txn);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const ByteSpan rest(data + 1, size - 1);
    if (data[0] & 1) {
        BuildMode(rest);
    } else {
        DecodeMode(rest);
    }
    return 0;
}
