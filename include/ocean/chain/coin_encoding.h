// The compact on-disk encoding of a Coin, shared by the chainstate database and the undo files.
//
//   VarInt(height * 2 + coinbase)
//   tag byte: bit 0  value is explicit and in [0, MAX_MONEY]: VarInt(CompactAmount(value)) follows,
//                    otherwise the value's full confidential encoding follows (null included)
//             bit 1  asset is explicit: its 32-byte id follows, otherwise its full encoding follows
//             bit 2  nonce is not null: its full encoding follows (absent otherwise)
//             other bits must be zero
//   script:   VarInt(kind) with kind 0 = P2PKH, 1 = P2SH, 2 = P2WPKH (then the 20-byte hash),
//             3 = P2WSH (then the 32-byte hash), otherwise kind - 4 raw script bytes follow
//
// The output witness is never stored (the UTXO set drops it). Decoding the encoding of a Coin gives
// back exactly that Coin (with an empty witness), including a spent/empty Coin.
#pragma once

#include <cstdint>

#include "ocean/consensus/coin.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/result.h"

namespace ocean {

namespace coin_encoding {

inline constexpr uint8_t kTagCompactValue = 1;
inline constexpr uint8_t kTagExplicitAsset = 2;
inline constexpr uint8_t kTagNonce = 4;

inline constexpr uint64_t kScriptP2PKH = 0;
inline constexpr uint64_t kScriptP2SH = 1;
inline constexpr uint64_t kScriptP2WPKH = 2;
inline constexpr uint64_t kScriptP2WSH = 3;
inline constexpr uint64_t kScriptRawBase = 4;

// Amounts are mostly round numbers: strip up to nine trailing decimal zeros into the low digit.
// Only called for 0..MAX_MONEY, so mantissa * 10 + 9 cannot overflow.
inline uint64_t CompactAmount(uint64_t v) {
    if (v == 0) return 0;
    uint64_t zeros = 0;
    while (zeros < 9 && v % 10 == 0) {
        v /= 10;
        ++zeros;
    }
    return v * 10 + zeros;
}

// Which of the special script kinds `script` is, or kScriptRawBase when none; `body` gets the hash.
uint64_t ClassifyScript(const Bytes& script, ByteSpan& body);

}  // namespace coin_encoding

template <typename S>
void SerializeCoin(S& s, const Coin& coin) {
    using namespace coin_encoding;
    WriteVarInt(s, uint64_t{coin.height} * 2 + (coin.coinbase ? 1 : 0));

    const TxOut& out = coin.out;
    const bool compact_value = out.value.IsExplicit() && MoneyRange(out.value.GetAmount());
    const bool explicit_asset = out.asset.IsExplicit();
    uint8_t tag = 0;
    if (compact_value) tag |= kTagCompactValue;
    if (explicit_asset) tag |= kTagExplicitAsset;
    if (!out.nonce.IsNull()) tag |= kTagNonce;
    WriteU8(s, tag);

    if (compact_value) {
        WriteVarInt(s, CompactAmount(static_cast<uint64_t>(out.value.GetAmount())));
    } else {
        out.value.Serialize(s);
    }
    if (explicit_asset) {
        s.write(out.asset.data() + 1, 32);
    } else {
        out.asset.Serialize(s);
    }
    if (!out.nonce.IsNull()) out.nonce.Serialize(s);

    ByteSpan body;
    const uint64_t kind = ClassifyScript(out.script_pubkey, body);
    if (kind == kScriptRawBase) {
        WriteVarInt(s, kScriptRawBase + out.script_pubkey.size());
        if (!out.script_pubkey.empty()) s.write(out.script_pubkey.data(), out.script_pubkey.size());
    } else {
        WriteVarInt(s, kind);
        s.write(body.data(), body.size());
    }
}

// Reads one coin (throws DecodeError; for decoders inside the chain layer that catch it).
void UnserializeCoin(SpanReader& r, Coin& coin);

Bytes EncodeCoin(const Coin& coin);
// Decodes exactly one coin occupying all of `data`.
Result<Coin> DecodeCoin(ByteSpan data);

}  // namespace ocean
