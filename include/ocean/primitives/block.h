// Ocean block headers and blocks (formats.md §4): the header carries contract, attestation and
// mapping hashes, a height, and a signed-block proof (challenge script + solution) instead of
// proof-of-work. The block hash covers everything but the solution.
#pragma once

#include <cstdint>
#include <vector>

#include "ocean/primitives/transaction.h"

namespace ocean {

// The signed-block proof: the script to satisfy and the signatures satisfying it.
struct BlockProof {
    Bytes challenge;
    Bytes solution;
    friend bool operator==(const BlockProof&, const BlockProof&) = default;
};

struct BlockHeader {
    int32_t version = 0;
    uint256 prev_block;
    uint256 merkle_root;
    uint256 contract_hash;
    uint256 attestation_hash;
    uint256 mapping_hash;
    uint32_t time = 0;
    uint32_t height = 0;
    BlockProof proof;

    // SHA256d of the header without the solution: the id and the message the signers sign.
    uint256 GetHash() const;
    // A header with an empty challenge is "null".
    bool IsNull() const { return proof.challenge.empty(); }
    friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

struct Block : BlockHeader {
    std::vector<TransactionRef> vtx;

    const BlockHeader& header() const { return *this; }
    BlockHeader& header() { return *this; }
};

// Writes the header; with_solution=false gives the serialization the block hash covers.
template <typename S>
void SerializeBlockHeader(S& s, const BlockHeader& h, bool with_solution = true) {
    WriteLE32(s, static_cast<uint32_t>(h.version));
    WriteBlob(s, h.prev_block);
    WriteBlob(s, h.merkle_root);
    WriteBlob(s, h.contract_hash);
    WriteBlob(s, h.attestation_hash);
    WriteBlob(s, h.mapping_hash);
    WriteLE32(s, h.time);
    WriteLE32(s, h.height);
    WriteBytes(s, h.proof.challenge);
    if (with_solution) WriteBytes(s, h.proof.solution);
}

template <typename S>
void SerializeBlock(S& s, const Block& b, bool with_witness = true) {
    SerializeBlockHeader(s, b, true);
    WriteCompactSize(s, b.vtx.size());
    for (const auto& tx : b.vtx) SerializeTransaction(s, *tx, with_witness);
}

Bytes EncodeBlockHeader(const BlockHeader& h);
Bytes EncodeBlock(const Block& b, bool with_witness = true);

// Reads a header / block from the reader (throws DecodeError; see transaction.h).
void UnserializeBlockHeader(SpanReader& r, BlockHeader& h);
void UnserializeBlock(SpanReader& r, Block& b);

// Decodes exactly one header / block occupying all of `data`.
Result<BlockHeader> DecodeBlockHeader(ByteSpan data);
Result<Block> DecodeBlock(ByteSpan data);

// Serialized sizes: with witness (size), without witness (stripped), and weight.
size_t GetBlockSize(const Block& b);
size_t GetBlockStrippedSize(const Block& b);
inline size_t GetBlockWeight(const Block& b) {
    return GetBlockStrippedSize(b) * 3 + GetBlockSize(b);
}

}  // namespace ocean
