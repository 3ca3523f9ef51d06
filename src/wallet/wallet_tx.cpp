#include "ocean/wallet/wallet_tx.h"

#include "ocean/primitives/serialize.h"

namespace ocean {

namespace {
// Record layout version; a newer version is refused rather than misread.
constexpr uint8_t kWalletTxVersion = 1;
constexpr uint8_t kFlagFromMe = 1, kFlagAbandoned = 2;

std::string ReadString(SpanReader& r) {
    const Bytes b = ReadBytes(r);
    return std::string(b.begin(), b.end());
}
}  // namespace

Bytes WalletTx::Encode() const {
    Bytes out;
    VectorWriter w(out);
    const uint8_t version = kWalletTxVersion;
    w.write(&version, 1);
    WriteBytes(w, EncodeTransaction(*tx));
    WriteBlob(w, block_hash);
    WriteLE32(w, static_cast<uint32_t>(block_pos));
    WriteBlob(w, conflict_block);
    WriteLE64(w, static_cast<uint64_t>(time_received));
    WriteLE64(w, static_cast<uint64_t>(time_smart));
    WriteLE64(w, order);
    const uint8_t flags = (from_me ? kFlagFromMe : 0) | (abandoned ? kFlagAbandoned : 0);
    w.write(&flags, 1);
    WriteBytes(w, ByteSpan(reinterpret_cast<const uint8_t*>(comment.data()), comment.size()));
    WriteBytes(w, ByteSpan(reinterpret_cast<const uint8_t*>(comment_to.data()), comment_to.size()));
    return out;
}

Result<WalletTx> WalletTx::Decode(ByteSpan data) {
    try {
        SpanReader r(data);
        if (ReadU8(r) != kWalletTxVersion)
            return Error("wallet-record", "unknown wallet transaction version");
        WalletTx wtx;
        auto tx = DecodeTransaction(ReadBytes(r));
        if (!tx) return Error("wallet-record", "bad transaction: " + tx.error().ToString());
        wtx.tx = std::move(tx.value());
        wtx.block_hash = ReadUint256(r);
        wtx.block_pos = static_cast<int32_t>(ReadLE32(r));
        wtx.conflict_block = ReadUint256(r);
        wtx.time_received = static_cast<int64_t>(ReadLE64(r));
        wtx.time_smart = static_cast<int64_t>(ReadLE64(r));
        wtx.order = ReadLE64(r);
        const uint8_t flags = ReadU8(r);
        wtx.from_me = flags & kFlagFromMe;
        wtx.abandoned = flags & kFlagAbandoned;
        wtx.comment = ReadString(r);
        wtx.comment_to = ReadString(r);
        if (!r.empty()) return Error("wallet-record", "trailing bytes in wallet transaction");
        return wtx;
    } catch (const DecodeError& e) {
        return Error("wallet-record", std::string("truncated wallet transaction: ") + e.what());
    }
}

}  // namespace ocean
