// secp256k1 public keys (see pubkey.h).
#include "ocean/crypto/pubkey.h"

#include <algorithm>
#include <cstring>

#include "ocean/crypto/der.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/secp256k1_context.h"

namespace ocean {
namespace {

bool ParsePoint(const PubKey& key, secp256k1_pubkey& out) {
    if (!key.IsValid()) return false;
    return secp256k1_ec_pubkey_parse(Secp256k1Context(), &out, key.data(), key.size()) == 1;
}

PubKey SerializePoint(const secp256k1_pubkey& point, bool compressed) {
    uint8_t buf[PubKey::kSize];
    size_t len = sizeof(buf);
    secp256k1_ec_pubkey_serialize(Secp256k1Context(), buf, &len, &point,
                                  compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey(ByteSpan(buf, len));
}

}  // namespace

size_t PubKey::SizeForHeader(uint8_t header) {
    switch (header) {
        case 0x02:
        case 0x03:
            return kCompressedSize;
        case 0x04:
        case 0x06:
        case 0x07:
            return kSize;
        default:
            return 0;
    }
}

bool PubKey::Set(ByteSpan bytes) {
    bytes_.fill(0);
    size_ = 0;
    if (bytes.empty()) return false;
    const size_t want = SizeForHeader(bytes[0]);
    if (want == 0 || bytes.size() != want) return false;
    std::memcpy(bytes_.data(), bytes.data(), want);
    size_ = static_cast<uint8_t>(want);
    return true;
}

bool PubKey::IsFullyValid() const {
    secp256k1_pubkey point;
    return ParsePoint(*this, point);
}

uint160 PubKey::GetID() const {
    return Hash160(span());
}

bool PubKey::Verify(const uint256& hash, ByteSpan der_sig) const {
    secp256k1_pubkey point;
    if (!ParsePoint(*this, point)) return false;
    auto parsed = ParseDerLax(der_sig);
    if (!parsed) return false;
    NormalizeToLowS(*parsed);
    uint8_t compact[64];
    std::memcpy(compact, parsed->r.data(), 32);
    std::memcpy(compact + 32, parsed->s.data(), 32);
    secp256k1_ecdsa_signature sig;
    if (!secp256k1_ecdsa_signature_parse_compact(Secp256k1Context(), &sig, compact)) return false;
    return secp256k1_ecdsa_verify(Secp256k1Context(), &sig, hash.data(), &point) == 1;
}

Result<PubKey> PubKey::TweakAdd(const uint256& tweak) const {
    secp256k1_pubkey point;
    if (!ParsePoint(*this, point)) return Error("invalid-pubkey", "public key is not a curve point");
    if (!secp256k1_ec_pubkey_tweak_add(Secp256k1Context(), &point, tweak.data()))
        return Error("invalid-tweak", "tweak out of range or result at infinity");
    return SerializePoint(point, IsCompressed());
}

Result<PubKey> PubKey::AddPoint(const PubKey& other) const {
    secp256k1_pubkey a, b, sum;
    if (!ParsePoint(*this, a) || !ParsePoint(other, b))
        return Error("invalid-pubkey", "public key is not a curve point");
    const secp256k1_pubkey* points[2] = {&a, &b};
    if (!secp256k1_ec_pubkey_combine(Secp256k1Context(), &sum, points, 2))
        return Error("invalid-tweak", "result at infinity");
    return SerializePoint(sum, IsCompressed());
}

bool PubKey::Decompress() {
    secp256k1_pubkey point;
    if (!ParsePoint(*this, point)) return false;
    *this = SerializePoint(point, false);
    return true;
}

Result<PubKey> PubKey::Compressed() const {
    secp256k1_pubkey point;
    if (!ParsePoint(*this, point)) return Error("invalid-pubkey", "public key is not a curve point");
    return SerializePoint(point, true);
}

std::strong_ordering operator<=>(const PubKey& a, const PubKey& b) {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace ocean
