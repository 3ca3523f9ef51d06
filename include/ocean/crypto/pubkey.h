// PubKey: a serialized secp256k1 public key as it appears in scripts and block challenges.
//
// The bytes are kept exactly as given: 33 bytes for compressed keys (02/03), 65 bytes for uncompressed
// (04) and hybrid (06/07) keys. A PubKey is "valid" when its size matches its first byte; whether it
// actually lies on the curve is a separate, more expensive question (IsFullyValid).
#pragma once

#include <array>
#include <compare>
#include <cstdint>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

class PubKey {
  public:
    static constexpr size_t kSize = 65;
    static constexpr size_t kCompressedSize = 33;

    // An invalid, empty key.
    PubKey() = default;
    // Takes the bytes if their length fits the header byte; otherwise the key is left invalid (empty).
    explicit PubKey(ByteSpan bytes) { Set(bytes); }

    // Expected serialized size for a header byte: 33, 65, or 0 when the header is unknown.
    static size_t SizeForHeader(uint8_t header);

    // Same rule as the constructor. Returns IsValid().
    bool Set(ByteSpan bytes);

    // Size is plausible for the header byte.
    bool IsValid() const { return size_ > 0; }
    // Parses as a point on the curve.
    bool IsFullyValid() const;
    bool IsCompressed() const { return size_ == kCompressedSize; }

    size_t size() const { return size_; }
    const uint8_t* data() const { return bytes_.data(); }
    const uint8_t* begin() const { return bytes_.data(); }
    const uint8_t* end() const { return bytes_.data() + size_; }
    uint8_t operator[](size_t i) const { return bytes_[i]; }
    ByteSpan span() const { return ByteSpan(bytes_.data(), size_); }
    Bytes ToBytes() const { return Bytes(begin(), end()); }

    // HASH160 of the serialized key (the key id behind P2PKH addresses).
    uint160 GetID() const;

    // ECDSA verification of a signature over the 32 message bytes of `hash` (internal order). The
    // signature is lax-parsed (ParseDerLax), S is normalized to low-S, then verified. False for an
    // invalid key, an unparsable signature or a wrong signature; never throws.
    bool Verify(const uint256& hash, ByteSpan der_sig) const;

    // This key plus tweak·G, serialized with the same compression. Fails on an invalid key, a tweak not
    // below the group order, or a result at infinity.
    Result<PubKey> TweakAdd(const uint256& tweak) const;
    // This key plus another point (both must be curve points), serialized with this key's compression.
    // With point = tweak·G computed once, the same result as TweakAdd(tweak) for a fraction of the cost
    // (a point addition instead of a multiplication), for tweaking many keys with one contract hash.
    Result<PubKey> AddPoint(const PubKey& point) const;

    // Rewrites the key in 65-byte uncompressed form. False (key unchanged) if it is not on the curve.
    bool Decompress();
    // The 33-byte compressed form of this key, or an error if it is not on the curve.
    Result<PubKey> Compressed() const;

    friend bool operator==(const PubKey& a, const PubKey& b) {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }
    // Byte-wise lexicographic order of the serializations.
    friend std::strong_ordering operator<=>(const PubKey& a, const PubKey& b);

  private:
    std::array<uint8_t, kSize> bytes_{};
    uint8_t size_ = 0;
};

}  // namespace ocean
