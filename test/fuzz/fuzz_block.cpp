// libFuzzer target: block decoding (formats.md §4).
//
// Whatever DecodeBlock accepts must round-trip to identical bytes and block hash; the merkle root,
// witness root, sizes and per-transaction ids are computed and cross-checked on the way.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ocean/primitives/block.h"
#include "ocean/primitives/merkle.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_block: check failed: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    auto decoded = DecodeBlock(ByteSpan(data, size));
    if (!decoded) return 0;
    const Block& block = *decoded;

    const Bytes enc = EncodeBlock(block);
    auto again = DecodeBlock(enc);
    Check(again.ok(), "re-encoded block does not decode");
    const Block& block2 = *again;
    Check(EncodeBlock(block2) == enc, "second encoding differs from the first");
    Check(block2.GetHash() == block.GetHash(), "block hash changed over a round trip");
    Check(block2.header() == block.header(), "header changed over a round trip");
    Check(block2.vtx.size() == block.vtx.size(), "transaction count changed over a round trip");
    for (size_t i = 0; i < block.vtx.size(); ++i) {
        Check(block2.vtx[i]->GetTxid() == block.vtx[i]->GetTxid(), "txid changed over a round trip");
        Check(block2.vtx[i]->GetHashWithWitness() == block.vtx[i]->GetHashWithWitness(),
              "transaction hash with witness changed over a round trip");
    }

    // The header is a prefix of the block's encoding and hashes the same way on its own.
    const Bytes header = EncodeBlockHeader(block.header());
    Check(header.size() <= enc.size() && std::equal(header.begin(), header.end(), enc.begin()),
          "header encoding is not a prefix of the block encoding");
    auto h = DecodeBlockHeader(header);
    Check(h.ok() && h->GetHash() == block.GetHash(), "header alone does not give the block hash");

    // Sizes.
    Check(GetBlockSize(block) == enc.size(), "GetBlockSize differs from the encoding's size");
    Check(GetBlockStrippedSize(block) == EncodeBlock(block, false).size(), "stripped size");
    Check(GetBlockStrippedSize(block) <= GetBlockSize(block), "stripped size above total size");
    Check(GetBlockWeight(block) == 3 * GetBlockStrippedSize(block) + GetBlockSize(block), "weight");

    // Merkle roots are deterministic functions of the decoded transactions.
    bool mutated = false, mutated2 = false;
    const uint256 root = BlockMerkleRoot(block, &mutated);
    Check(root == BlockMerkleRoot(block2, &mutated2) && mutated == mutated2, "merkle root round trip");
    const uint256 wroot = BlockWitnessMerkleRoot(block);
    Check(wroot == BlockWitnessMerkleRoot(block2), "witness root round trip");
    if (block.vtx.empty()) Check(root.IsNull() && wroot.IsNull(), "empty block merkle roots");
    if (block.vtx.size() == 1) {
        Check(root == block.vtx[0]->GetTxid(), "one-transaction merkle root is not the txid");
        Check(wroot == block.vtx[0]->ComputeWitnessHash(), "one-transaction witness root");
    }
    return 0;
}
