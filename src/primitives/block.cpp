#include "ocean/primitives/block.h"

#include <algorithm>

namespace ocean {

uint256 BlockHeader::GetHash() const {
    HashWriter h;
    SerializeBlockHeader(h, *this, false);
    return h.GetHash();
}

Bytes EncodeBlockHeader(const BlockHeader& h) {
    Bytes out;
    VectorWriter w(out);
    SerializeBlockHeader(w, h, true);
    return out;
}

Bytes EncodeBlock(const Block& b, bool with_witness) {
    Bytes out;
    VectorWriter w(out);
    SerializeBlock(w, b, with_witness);
    return out;
}

void UnserializeBlockHeader(SpanReader& r, BlockHeader& h) {
    h.version = static_cast<int32_t>(ReadLE32(r));
    h.prev_block = ReadUint256(r);
    h.merkle_root = ReadUint256(r);
    h.contract_hash = ReadUint256(r);
    h.attestation_hash = ReadUint256(r);
    h.mapping_hash = ReadUint256(r);
    h.time = ReadLE32(r);
    h.height = ReadLE32(r);
    h.proof.challenge = ReadBytes(r);
    h.proof.solution = ReadBytes(r);
}

void UnserializeBlock(SpanReader& r, Block& b) {
    UnserializeBlockHeader(r, b);
    const uint64_t n = ReadCompactSize(r);
    b.vtx.clear();
    b.vtx.reserve(std::min<uint64_t>(n, r.remaining() / 10));
    for (uint64_t i = 0; i < n; ++i) {
        MutableTransaction tx;
        UnserializeTransaction(r, tx);
        b.vtx.push_back(MakeTransactionRef(std::move(tx)));
    }
}

Result<BlockHeader> DecodeBlockHeader(ByteSpan data) {
    BlockHeader h;
    try {
        SpanReader r(data);
        UnserializeBlockHeader(r, h);
        if (!r.empty()) return Error("header-decode", "trailing data after block header");
    } catch (const DecodeError& e) {
        return Error("header-decode", e.what());
    } catch (const std::bad_alloc&) {
        return Error("header-decode", "out of memory while decoding");
    }
    return h;
}

Result<Block> DecodeBlock(ByteSpan data) {
    Block b;
    try {
        SpanReader r(data);
        UnserializeBlock(r, b);
        if (!r.empty()) return Error("block-decode", "trailing data after block");
    } catch (const DecodeError& e) {
        return Error("block-decode", e.what());
    } catch (const std::bad_alloc&) {
        return Error("block-decode", "out of memory while decoding");
    }
    return b;
}

size_t GetBlockSize(const Block& b) {
    SizeCounter c;
    SerializeBlock(c, b, true);
    return c.size();
}

size_t GetBlockStrippedSize(const Block& b) {
    SizeCounter c;
    SerializeBlock(c, b, false);
    return c.size();
}

}  // namespace ocean
