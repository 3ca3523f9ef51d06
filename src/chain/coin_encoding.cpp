#include "ocean/chain/coin_encoding.h"

#include <new>

#include "ocean/script/opcodes.h"

namespace ocean {
namespace coin_encoding {
namespace {

// Expands CompactAmount's output; throws on codes no amount in range could have produced.
uint64_t ExpandAmount(uint64_t code) {
    if (code == 0) return 0;
    uint64_t zeros = code % 10;
    uint64_t v = code / 10;
    if (v == 0) throw DecodeError("coin: bad compact amount");
    while (zeros-- > 0) {
        if (v > static_cast<uint64_t>(MAX_MONEY)) throw DecodeError("coin: compact amount out of range");
        v *= 10;
    }
    if (v > static_cast<uint64_t>(MAX_MONEY)) throw DecodeError("coin: compact amount out of range");
    return v;
}

Bytes P2PKH(ByteSpan hash) {
    Bytes s{OP_DUP, OP_HASH160, 20};
    Append(s, hash);
    s.push_back(OP_EQUALVERIFY);
    s.push_back(OP_CHECKSIG);
    return s;
}

Bytes P2SH(ByteSpan hash) {
    Bytes s{OP_HASH160, 20};
    Append(s, hash);
    s.push_back(OP_EQUAL);
    return s;
}

Bytes WitnessV0(ByteSpan hash) {
    Bytes s{OP_0, static_cast<uint8_t>(hash.size())};
    Append(s, hash);
    return s;
}

}  // namespace

uint64_t ClassifyScript(const Bytes& s, ByteSpan& body) {
    const size_t n = s.size();
    if (n == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 && s[23] == OP_EQUALVERIFY &&
        s[24] == OP_CHECKSIG) {
        body = ByteSpan(s.data() + 3, 20);
        return kScriptP2PKH;
    }
    if (n == 23 && s[0] == OP_HASH160 && s[1] == 20 && s[22] == OP_EQUAL) {
        body = ByteSpan(s.data() + 2, 20);
        return kScriptP2SH;
    }
    if (n == 22 && s[0] == OP_0 && s[1] == 20) {
        body = ByteSpan(s.data() + 2, 20);
        return kScriptP2WPKH;
    }
    if (n == 34 && s[0] == OP_0 && s[1] == 32) {
        body = ByteSpan(s.data() + 2, 32);
        return kScriptP2WSH;
    }
    return kScriptRawBase;
}

}  // namespace coin_encoding

void UnserializeCoin(SpanReader& r, Coin& coin) {
    using namespace coin_encoding;
    const uint64_t code = ReadVarInt(r);
    if (code > 2 * uint64_t{UINT32_MAX} + 1) throw DecodeError("coin: height out of range");
    coin.height = static_cast<uint32_t>(code >> 1);
    coin.coinbase = (code & 1) != 0;

    TxOut& out = coin.out;
    out.witness = TxOutWitness();
    const uint8_t tag = ReadU8(r);
    if (tag & ~(kTagCompactValue | kTagExplicitAsset | kTagNonce))
        throw DecodeError("coin: unknown tag bits");

    if (tag & kTagCompactValue) {
        out.value.SetExplicit(static_cast<Amount>(ExpandAmount(ReadVarInt(r))));
    } else {
        out.value.Unserialize(r);
        // Such values are always written compactly; anything else is not our encoding.
        if (out.value.IsExplicit() && MoneyRange(out.value.GetAmount()))
            throw DecodeError("coin: non-canonical value");
    }
    if (tag & kTagExplicitAsset) {
        out.asset.SetExplicit(ReadUint256(r));
    } else {
        out.asset.Unserialize(r);
        if (out.asset.IsExplicit()) throw DecodeError("coin: non-canonical asset");
    }
    if (tag & kTagNonce) {
        out.nonce.Unserialize(r);
        if (out.nonce.IsNull()) throw DecodeError("coin: non-canonical nonce");
    } else {
        out.nonce.SetNull();
    }

    const uint64_t kind = ReadVarInt(r);
    switch (kind) {
        case kScriptP2PKH:
            out.script_pubkey = P2PKH(r.take(20));
            break;
        case kScriptP2SH:
            out.script_pubkey = P2SH(r.take(20));
            break;
        case kScriptP2WPKH:
            out.script_pubkey = WitnessV0(r.take(20));
            break;
        case kScriptP2WSH:
            out.script_pubkey = WitnessV0(r.take(32));
            break;
        default: {
            const uint64_t len = kind - kScriptRawBase;
            if (len > r.remaining()) throw DecodeError("coin: script runs past the end");
            ByteSpan raw = r.take(static_cast<size_t>(len));
            out.script_pubkey.assign(raw.begin(), raw.end());
            break;
        }
    }
}

Bytes EncodeCoin(const Coin& coin) {
    Bytes out;
    VectorWriter w(out);
    SerializeCoin(w, coin);
    return out;
}

Result<Coin> DecodeCoin(ByteSpan data) {
    Coin coin;
    try {
        SpanReader r(data);
        UnserializeCoin(r, coin);
        if (!r.empty()) return Error("coin-decode", "trailing data after coin");
    } catch (const DecodeError& e) {
        return Error("coin-decode", e.what());
    } catch (const std::bad_alloc&) {
        return Error("coin-decode", "out of memory");
    }
    return coin;
}

}  // namespace ocean
