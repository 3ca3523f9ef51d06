// Strict (BIP66) and lax DER handling of ECDSA signatures (see der.h).
#include "ocean/crypto/der.h"

#include <cstring>

#include "ocean/crypto/secp256k1_context.h"

namespace ocean {
namespace {

constexpr uint8_t kSequenceTag = 0x30;
constexpr uint8_t kIntegerTag = 0x02;

// Converts to libsecp256k1's form; false when r or s is not below the group order.
bool ToSecp(const EcdsaSignature& in, secp256k1_ecdsa_signature& out) {
    uint8_t compact[64];
    std::memcpy(compact, in.r.data(), 32);
    std::memcpy(compact + 32, in.s.data(), 32);
    return secp256k1_ecdsa_signature_parse_compact(Secp256k1Context(), &out, compact) == 1;
}

void FromSecp(const secp256k1_ecdsa_signature& in, EcdsaSignature& out) {
    uint8_t compact[64];
    secp256k1_ecdsa_signature_serialize_compact(Secp256k1Context(), compact, &in);
    std::memcpy(out.r.data(), compact, 32);
    std::memcpy(out.s.data(), compact + 32, 32);
}

// Checks one INTEGER element of a strict signature: `len` content bytes starting at `p`.
bool IsStrictPositiveInteger(const uint8_t* p, size_t len) {
    if (len == 0) return false;                                   // no content
    if (p[0] & 0x80) return false;                                // would be negative
    if (len > 1 && p[0] == 0x00 && !(p[1] & 0x80)) return false;  // needless leading zero
    return true;
}

// Cursor over a lax-parsed signature. Every read is bounds-checked against the input.
class LaxReader {
  public:
    explicit LaxReader(ByteSpan in) : in_(in) {}

    bool Tag(uint8_t tag) {
        if (pos_ >= in_.size() || in_[pos_] != tag) return false;
        ++pos_;
        return true;
    }

    // The SEQUENCE length is not trusted: a short form is skipped, and a long form's length-of-length
    // bytes are skipped (they must exist).
    bool SkipSequenceLength() {
        if (pos_ >= in_.size()) return false;
        const uint8_t first = in_[pos_++];
        if (first & 0x80) {
            const size_t n = first & 0x7f;
            if (n > in_.size() - pos_) return false;
            pos_ += n;
        }
        return true;
    }

    // Reads an INTEGER's length (short or long form; long-form zero padding tolerated) and returns the
    // content's position and size, which must lie within the input.
    bool IntegerContent(size_t& start, size_t& count) {
        if (pos_ >= in_.size()) return false;
        const uint8_t first = in_[pos_++];
        size_t value = first;
        if (first & 0x80) {
            size_t n = first & 0x7f;
            if (n > in_.size() - pos_) return false;
            while (n > 0 && in_[pos_] == 0) {
                ++pos_;
                --n;
            }
            if (n >= sizeof(size_t)) return false;
            value = 0;
            for (; n > 0; --n) value = (value << 8) | in_[pos_++];
        }
        if (value > in_.size() - pos_) return false;
        start = pos_;
        count = value;
        pos_ += value;
        return true;
    }

  private:
    ByteSpan in_;
    size_t pos_ = 0;
};

// Copies a big-endian integer right-aligned into 32 bytes after dropping leading zeros. False when it
// needs more than 32 bytes.
bool CopyScalar(ByteSpan content, std::array<uint8_t, 32>& out) {
    size_t i = 0;
    while (i < content.size() && content[i] == 0) ++i;
    const size_t n = content.size() - i;
    if (n > 32) return false;
    out.fill(0);
    if (n > 0) std::memcpy(out.data() + 32 - n, content.data() + i, n);
    return true;
}

void AppendDerInteger(Bytes& out, const std::array<uint8_t, 32>& v) {
    size_t i = 0;
    while (i < 31 && v[i] == 0) ++i;  // keep at least one byte
    const bool pad = (v[i] & 0x80) != 0;
    out.push_back(kIntegerTag);
    out.push_back(static_cast<uint8_t>(32 - i + (pad ? 1 : 0)));
    if (pad) out.push_back(0x00);
    out.insert(out.end(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
}

}  // namespace

bool IsValidSignatureEncoding(ByteSpan sig) {
    // Layout: 30 <total> 02 <lenR> <R...> 02 <lenS> <S...> <hashtype>
    const size_t size = sig.size();
    if (size < 9 || size > 73) return false;
    if (sig[0] != kSequenceTag) return false;
    if (sig[1] != size - 3) return false;  // covers everything except tag, length and hashtype
    const size_t len_r = sig[3];
    if (5 + len_r >= size) return false;  // the S length byte must exist
    const size_t len_s = sig[5 + len_r];
    if (len_r + len_s + 7 != size) return false;
    if (sig[2] != kIntegerTag) return false;
    if (!IsStrictPositiveInteger(sig.data() + 4, len_r)) return false;
    if (sig[4 + len_r] != kIntegerTag) return false;
    if (!IsStrictPositiveInteger(sig.data() + 6 + len_r, len_s)) return false;
    return true;
}

bool IsLowDERSignature(ByteSpan sig) {
    if (!IsValidSignatureEncoding(sig)) return false;
    const auto parsed = ParseDerLax(sig.first(sig.size() - 1));
    return parsed && HasLowS(*parsed);
}

std::optional<EcdsaSignature> ParseDerLax(ByteSpan der) {
    LaxReader reader(der);
    size_t r_start = 0, r_len = 0, s_start = 0, s_len = 0;
    if (!reader.Tag(kSequenceTag) || !reader.SkipSequenceLength()) return std::nullopt;
    if (!reader.Tag(kIntegerTag) || !reader.IntegerContent(r_start, r_len)) return std::nullopt;
    if (!reader.Tag(kIntegerTag) || !reader.IntegerContent(s_start, s_len)) return std::nullopt;
    // Anything after S is ignored.

    EcdsaSignature sig;
    bool fits =
        CopyScalar(der.subspan(r_start, r_len), sig.r) && CopyScalar(der.subspan(s_start, s_len), sig.s);
    if (fits) {
        secp256k1_ecdsa_signature tmp;
        fits = ToSecp(sig, tmp);  // both values below the group order
    }
    if (!fits) sig = EcdsaSignature{};  // unverifiable, but still "parsed"
    return sig;
}

bool NormalizeToLowS(EcdsaSignature& sig) {
    secp256k1_ecdsa_signature in, out;
    if (!ToSecp(sig, in)) return false;
    if (!secp256k1_ecdsa_signature_normalize(Secp256k1Context(), &out, &in)) return false;
    FromSecp(out, sig);
    return true;
}

bool HasLowS(const EcdsaSignature& sig) {
    secp256k1_ecdsa_signature in;
    if (!ToSecp(sig, in)) return false;
    return secp256k1_ecdsa_signature_normalize(Secp256k1Context(), nullptr, &in) == 0;
}

Bytes SerializeDer(const EcdsaSignature& sig) {
    Bytes body;
    body.reserve(70);
    AppendDerInteger(body, sig.r);
    AppendDerInteger(body, sig.s);
    Bytes out;
    out.reserve(body.size() + 2);
    out.push_back(kSequenceTag);
    out.push_back(static_cast<uint8_t>(body.size()));
    Append(out, body);
    return out;
}

}  // namespace ocean
