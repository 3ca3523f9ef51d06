// Confidential commitment fields of outputs and issuances (formats.md §2): asset, value, nonce.
//
// Each field is one prefix byte plus a body whose length the prefix fixes: null (00), explicit (01),
// the legacy "trust-me" form (ff, explicit size) or a blinded commitment (two prefixes, 33 bytes).
// Stored inline (no heap allocation): these sit in every output.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/uint256.h"

namespace ocean {

template <size_t kExplicitSize, uint8_t kPrefixA, uint8_t kPrefixB>
class ConfidentialField {
  public:
    static constexpr size_t kCommitmentSize = 33;

    ConfidentialField() = default;

    bool IsNull() const { return size_ == 0; }
    bool IsExplicit() const { return size_ == kExplicitSize && bytes_[0] == 1; }
    bool IsCommitment() const {
        return size_ == kCommitmentSize && (bytes_[0] == kPrefixA || bytes_[0] == kPrefixB);
    }
    // Null, explicit, commitment or the ff "trust-me" form: what serialization accepts.
    bool IsValid() const {
        return IsNull() || IsExplicit() || IsCommitment() || (size_ == kExplicitSize && bytes_[0] == 0xff);
    }
    void SetNull() { size_ = 0; }

    size_t size() const { return size_; }
    const uint8_t* data() const { return bytes_.data(); }
    ByteSpan span() const { return ByteSpan(bytes_.data(), size_); }
    // Sets raw bytes (prefix included); false and null if the length or prefix is not a valid form.
    bool SetBytes(ByteSpan b) {
        if (b.empty()) {
            size_ = 0;
            return true;
        }
        const size_t want = BodySizeFor(b[0]);
        if (want == 0 || b.size() != want) {
            size_ = 0;
            return false;
        }
        std::memcpy(bytes_.data(), b.data(), b.size());
        size_ = static_cast<uint8_t>(b.size());
        return true;
    }

    // Total encoded size for a given prefix byte, or 0 if the prefix is unknown.
    static size_t BodySizeFor(uint8_t prefix) {
        if (prefix == 0) return 1;
        if (prefix == 1 || prefix == 0xff) return kExplicitSize;
        if (prefix == kPrefixA || prefix == kPrefixB) return kCommitmentSize;
        return 0;
    }

    template <typename S>
    void Serialize(S& s) const {
        if (size_ == 0) {
            const uint8_t zero = 0;
            s.write(&zero, 1);
        } else {
            s.write(bytes_.data(), size_);
        }
    }
    void Unserialize(SpanReader& r) {
        const uint8_t prefix = ReadU8(r);
        if (prefix == 0) {
            size_ = 0;
            return;
        }
        const size_t want = BodySizeFor(prefix);
        if (want == 0) throw DecodeError("Unrecognized serialization prefix");
        bytes_[0] = prefix;
        r.read(bytes_.data() + 1, want - 1);
        size_ = static_cast<uint8_t>(want);
    }

    friend bool operator==(const ConfidentialField& a, const ConfidentialField& b) {
        return a.size_ == b.size_ && std::memcmp(a.bytes_.data(), b.bytes_.data(), a.size_) == 0;
    }

  protected:
    std::array<uint8_t, 33> bytes_{};
    uint8_t size_ = 0;
};

// An output's or issuance's asset: explicit 32-byte asset id, or a blinded generator (0a/0b).
class ConfidentialAsset : public ConfidentialField<33, 0x0a, 0x0b> {
  public:
    ConfidentialAsset() = default;
    explicit ConfidentialAsset(const uint256& asset_id) { SetExplicit(asset_id); }
    void SetExplicit(const uint256& id) {
        bytes_[0] = 1;
        std::memcpy(bytes_.data() + 1, id.data(), 32);
        size_ = 33;
    }
    // The asset id (internal order); only meaningful when IsExplicit().
    uint256 GetAsset() const { return uint256(ByteSpan(bytes_.data() + 1, 32)); }
};

// An amount: explicit big-endian int64 (9 bytes) or a Pedersen commitment (08/09).
class ConfidentialValue : public ConfidentialField<9, 0x08, 0x09> {
  public:
    ConfidentialValue() = default;
    explicit ConfidentialValue(Amount v) { SetExplicit(v); }
    void SetExplicit(Amount v) {
        bytes_[0] = 1;
        const uint64_t u = static_cast<uint64_t>(v);
        for (int i = 0; i < 8; ++i) bytes_[1 + i] = uint8_t(u >> (56 - 8 * i));
        size_ = 9;
    }
    // The explicit amount; only meaningful when IsExplicit().
    Amount GetAmount() const {
        uint64_t u = 0;
        for (int i = 0; i < 8; ++i) u = (u << 8) | bytes_[1 + i];
        return static_cast<Amount>(u);
    }
};

// An output nonce: usually null; blinded outputs carry an ECDH ephemeral pubkey (02/03).
class ConfidentialNonce : public ConfidentialField<33, 0x02, 0x03> {};

}  // namespace ocean
