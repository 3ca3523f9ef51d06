#include "ocean/primitives/merkle.h"

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/block.h"

namespace ocean {

uint256 ComputeMerkleRoot(std::vector<uint256> hashes, bool* mutated) {
    bool mutation = false;
    if (hashes.empty()) {
        if (mutated) *mutated = false;
        return uint256();
    }
    while (hashes.size() > 1) {
        // Two identical real siblings make a tree indistinguishable from one with a duplicate.
        for (size_t i = 0; i + 1 < hashes.size(); i += 2) {
            if (hashes[i] == hashes[i + 1]) mutation = true;
        }
        if (hashes.size() & 1) hashes.push_back(hashes.back());
        for (size_t i = 0; i < hashes.size() / 2; ++i) {
            hashes[i] = Sha256dHash(hashes[2 * i].span(), hashes[2 * i + 1].span());
        }
        hashes.resize(hashes.size() / 2);
    }
    if (mutated) *mutated = mutation;
    return hashes[0];
}

namespace {
uint256 FastRoot(const uint256* leaves, size_t n) {
    if (n == 1) return leaves[0];
    size_t p = 1;
    while (p * 2 < n) p *= 2;  // largest power of two strictly below n
    return FastNode(FastRoot(leaves, p), FastRoot(leaves + p, n - p));
}
}  // namespace

uint256 ComputeFastMerkleRoot(const std::vector<uint256>& leaves) {
    if (leaves.empty()) return uint256();
    return FastRoot(leaves.data(), leaves.size());
}

uint256 BlockMerkleRoot(const Block& block, bool* mutated) {
    std::vector<uint256> ids;
    ids.reserve(block.vtx.size());
    for (const auto& tx : block.vtx) ids.push_back(tx->GetTxid());
    return ComputeMerkleRoot(std::move(ids), mutated);
}

uint256 BlockWitnessMerkleRoot(const Block& block) {
    std::vector<uint256> leaves;
    leaves.reserve(block.vtx.size());
    for (const auto& tx : block.vtx) leaves.push_back(tx->ComputeWitnessHash());
    return ComputeFastMerkleRoot(leaves);
}

}  // namespace ocean
