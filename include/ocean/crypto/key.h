// Key: a secp256k1 private key (32-byte secret scalar) plus the flag saying whether its public key is
// used in compressed form. The secret is wiped from memory when the object is destroyed or replaced.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "ocean/crypto/pubkey.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

class Key {
  public:
    static constexpr size_t kSize = 32;

    // An invalid key (no secret).
    Key() = default;
    Key(const Key& other);
    Key& operator=(const Key& other);
    ~Key();

    // A fresh random key from GetStrongRandBytes.
    static Key MakeNew(bool compressed = true);
    // The key with this 32-byte big-endian secret, or an error if it is not in [1, n-1].
    static Result<Key> FromBytes(ByteSpan secret, bool compressed = true);

    // Sets the secret (32 bytes, must be in [1, n-1]). On failure the key becomes invalid; returns IsValid().
    bool Set(ByteSpan secret, bool compressed);

    bool IsValid() const { return valid_; }
    bool IsCompressed() const { return compressed_; }
    // The 32 secret bytes (only meaningful when IsValid()).
    ByteSpan span() const { return ByteSpan(secret_.data(), kSize); }
    const uint8_t* data() const { return secret_.data(); }

    // The matching public key (compressed or not per IsCompressed()); an invalid PubKey if !IsValid().
    PubKey GetPubKey() const;

    // ECDSA-signs the 32 bytes of `hash` (internal order) with an RFC6979 nonce, optionally mixed with
    // 32 bytes of extra entropy. Returns strict DER (no hashtype byte) with low S.
    Result<Bytes> Sign(const uint256& hash, const std::optional<uint256>& extra_entropy = std::nullopt) const;

    // ECDH shared secret with `pub`: SHA256 of the compressed encoding (02/03 || x) of secret·pub, which
    // is libsecp256k1's default ECDH hash and what Elements' blinding nonces are built from.
    Result<uint256> Ecdh(const PubKey& pub) const;

    // (secret + tweak) mod n with the same compression flag. Fails on an invalid key, a tweak not below
    // n, or a zero result. Used for BIP32 and Ocean's pay-to-contract key tweak.
    Result<Key> TweakAdd(const uint256& tweak) const;

    // Constant-time comparison of secrets and flags.
    friend bool operator==(const Key& a, const Key& b);

  private:
    std::array<uint8_t, kSize> secret_{};
    bool valid_ = false;
    bool compressed_ = true;
};

}  // namespace ocean
