#include "ocean/chain/undo.h"

#include <algorithm>
#include <new>

#include "ocean/chain/coin_encoding.h"

namespace ocean {

Bytes EncodeBlockUndo(const BlockUndo& undo) {
    Bytes out;
    VectorWriter w(out);
    WriteCompactSize(w, undo.txundo.size());
    for (const TxUndo& tx : undo.txundo) {
        WriteCompactSize(w, tx.prevout.size());
        for (const Coin& coin : tx.prevout) SerializeCoin(w, coin);
    }
    return out;
}

Result<BlockUndo> DecodeBlockUndo(ByteSpan data) {
    BlockUndo undo;
    try {
        SpanReader r(data);
        const uint64_t ntx = ReadCompactSize(r);
        // Every entry takes at least one byte: never reserve more than the input could hold.
        undo.txundo.reserve(std::min<uint64_t>(ntx, r.remaining()));
        for (uint64_t i = 0; i < ntx; ++i) {
            TxUndo& tx = undo.txundo.emplace_back();
            const uint64_t nin = ReadCompactSize(r);
            tx.prevout.reserve(std::min<uint64_t>(nin, r.remaining() / 4));
            for (uint64_t j = 0; j < nin; ++j) UnserializeCoin(r, tx.prevout.emplace_back());
        }
        if (!r.empty()) return Error("undo-decode", "trailing data after block undo");
    } catch (const DecodeError& e) {
        return Error("undo-decode", e.what());
    } catch (const std::bad_alloc&) {
        return Error("undo-decode", "out of memory");
    }
    return undo;
}

}  // namespace ocean
