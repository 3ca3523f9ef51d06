// BIP32 hierarchical deterministic keys: extended private/public keys, child derivation, the 78-byte
// serialization and its base58check text form. The 4-byte version prefixes are chain parameters
// (formats.md §8.3) and are passed in by the caller.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Child numbers at or above this are hardened.
inline constexpr uint32_t kBip32HardenedBit = 0x80000000u;
inline constexpr size_t kBip32ExtKeySize = 78;

using Bip32Version = std::array<uint8_t, 4>;
using Bip32Fingerprint = std::array<uint8_t, 4>;
using Bip32Encoded = std::array<uint8_t, kBip32ExtKeySize>;

// Bitcoin mainnet prefixes ("xpub"/"xprv"), also ocean_main's.
inline constexpr Bip32Version kBip32XpubVersion{0x04, 0x88, 0xB2, 0x1E};
inline constexpr Bip32Version kBip32XprvVersion{0x04, 0x88, 0xAD, 0xE4};

// Public half of an extended key: can derive non-hardened children only.
struct ExtPubKey {
    uint8_t depth = 0;
    Bip32Fingerprint parent_fingerprint{};
    uint32_t child = 0;
    uint256 chain_code;  // raw 32 bytes as serialized
    PubKey pubkey;       // always compressed

    // First 4 bytes of HASH160(pubkey): the parent fingerprint its children record.
    Bip32Fingerprint Fingerprint() const;

    // Non-hardened child `index`; fails for hardened indexes, depth 255, or an invalid derived key.
    Result<ExtPubKey> Derive(uint32_t index) const;

    // version || depth || fingerprint || child (BE) || chain code || 33-byte key.
    Bip32Encoded Encode(const Bip32Version& version) const;
    static Result<ExtPubKey> Decode(ByteSpan data, const Bip32Version& version);
    std::string ToBase58(const Bip32Version& version) const;
    static Result<ExtPubKey> FromBase58(std::string_view s, const Bip32Version& version);

    bool operator==(const ExtPubKey&) const = default;
};

// Extended private key.
struct ExtKey {
    uint8_t depth = 0;
    Bip32Fingerprint parent_fingerprint{};
    uint32_t child = 0;
    uint256 chain_code;
    Key key;  // always compressed

    // Master key from a seed: HMAC-SHA512(key "Bitcoin seed", seed). Fails if the left half is not a
    // valid secret (probability ~2^-127).
    static Result<ExtKey> FromSeed(ByteSpan seed);

    Bip32Fingerprint Fingerprint() const;

    // Child `index` (hardened when index >= 2^31); fails at depth 255 or for an invalid derived key.
    Result<ExtKey> Derive(uint32_t index) const;
    // Applies Derive along a path (from ParseBip32Path).
    Result<ExtKey> DerivePath(const std::vector<uint32_t>& path) const;

    // The public extended key with the same metadata.
    ExtPubKey Neuter() const;

    // version || depth || fingerprint || child (BE) || chain code || 0x00 || secret.
    Bip32Encoded Encode(const Bip32Version& version) const;
    static Result<ExtKey> Decode(ByteSpan data, const Bip32Version& version);
    std::string ToBase58(const Bip32Version& version) const;
    static Result<ExtKey> FromBase58(std::string_view s, const Bip32Version& version);

    friend bool operator==(const ExtKey& a, const ExtKey& b) {
        return a.depth == b.depth && a.parent_fingerprint == b.parent_fingerprint && a.child == b.child &&
               a.chain_code == b.chain_code && a.key == b.key;
    }
};

// Parses "m/0'/1/2h" (the leading "m" is optional; ' or h or H marks hardened) into child numbers.
// Errors on empty components, non-decimal text, or numbers >= 2^31.
Result<std::vector<uint32_t>> ParseBip32Path(std::string_view path);

// The inverse of ParseBip32Path, using ' for hardened: "m/0'/1".
std::string FormatBip32Path(const std::vector<uint32_t>& path);

}  // namespace ocean
