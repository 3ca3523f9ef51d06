// secp256k1 private keys (see key.h).
#include "ocean/crypto/key.h"

#include <secp256k1_ecdh.h>

#include <cstring>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/secp256k1_context.h"

namespace ocean {

Key::Key(const Key& other) : secret_(other.secret_), valid_(other.valid_), compressed_(other.compressed_) {}

Key& Key::operator=(const Key& other) {
    if (this != &other) {
        secret_ = other.secret_;
        valid_ = other.valid_;
        compressed_ = other.compressed_;
    }
    return *this;
}

Key::~Key() {
    SecureErase(secret_.data(), secret_.size());
}

Key Key::MakeNew(bool compressed) {
    Key key;
    std::array<uint8_t, kSize> buf;
    do {
        GetStrongRandBytes(buf.data(), buf.size());
    } while (!key.Set(buf, compressed));
    SecureErase(buf.data(), buf.size());
    return key;
}

Result<Key> Key::FromBytes(ByteSpan secret, bool compressed) {
    Key key;
    if (!key.Set(secret, compressed)) return Error("invalid-key", "secret must be 32 bytes in [1, n-1]");
    return key;
}

bool Key::Set(ByteSpan secret, bool compressed) {
    SecureErase(secret_.data(), secret_.size());
    valid_ = false;
    compressed_ = compressed;
    if (secret.size() != kSize) return false;
    if (!secp256k1_ec_seckey_verify(Secp256k1Context(), secret.data())) return false;
    std::memcpy(secret_.data(), secret.data(), kSize);
    valid_ = true;
    return true;
}

PubKey Key::GetPubKey() const {
    if (!valid_) return PubKey();
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey point;
    if (!secp256k1_ec_pubkey_create(ctx, &point, secret_.data())) return PubKey();
    uint8_t buf[PubKey::kSize];
    size_t len = sizeof(buf);
    secp256k1_ec_pubkey_serialize(ctx, buf, &len, &point,
                                  compressed_ ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey(ByteSpan(buf, len));
}

Result<Bytes> Key::Sign(const uint256& hash, const std::optional<uint256>& extra_entropy) const {
    if (!valid_) return Error("invalid-key", "cannot sign with an invalid key");
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_ecdsa_signature sig;
    const void* ndata = extra_entropy ? extra_entropy->data() : nullptr;
    if (!secp256k1_ecdsa_sign(ctx, &sig, hash.data(), secret_.data(), secp256k1_nonce_function_rfc6979,
                              ndata))
        return Error("sign-failed", "ECDSA signing failed");
    // libsecp256k1 always produces low S; normalizing again is a no-op kept as a guarantee.
    secp256k1_ecdsa_signature_normalize(ctx, &sig, &sig);
    uint8_t der[72];
    size_t len = sizeof(der);
    if (!secp256k1_ecdsa_signature_serialize_der(ctx, der, &len, &sig))
        return Error("sign-failed", "DER serialization failed");
    Bytes out(der, der + len);
    // Check the result against our own public key, guarding against computation faults.
    if (!GetPubKey().Verify(hash, out)) return Error("sign-failed", "signature does not verify");
    return out;
}

Result<uint256> Key::Ecdh(const PubKey& pub) const {
    if (!valid_) return Error("invalid-key", "ECDH with an invalid key");
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey point;
    if (!pub.IsValid() || !secp256k1_ec_pubkey_parse(ctx, &point, pub.data(), pub.size()))
        return Error("invalid-pubkey", "ECDH peer key is not a curve point");
    uint256 out;
    if (!secp256k1_ecdh(ctx, out.data(), &point, secret_.data(), secp256k1_ecdh_hash_function_sha256,
                        nullptr))
        return Error("ecdh-failed", "ECDH failed");
    return out;
}

Result<Key> Key::TweakAdd(const uint256& tweak) const {
    if (!valid_) return Error("invalid-key", "cannot tweak an invalid key");
    std::array<uint8_t, kSize> buf = secret_;
    const bool ok = secp256k1_ec_seckey_tweak_add(Secp256k1Context(), buf.data(), tweak.data()) == 1;
    Key out;
    if (ok) out.Set(buf, compressed_);
    SecureErase(buf.data(), buf.size());
    if (!ok || !out.IsValid()) return Error("invalid-tweak", "tweak out of range or result is zero");
    return out;
}

bool operator==(const Key& a, const Key& b) {
    return a.valid_ == b.valid_ && a.compressed_ == b.compressed_ && ConstantTimeEqual(a.secret_, b.secret_);
}

}  // namespace ocean
