// BIP32 extended keys (see bip32.h).
#include "ocean/crypto/bip32.h"

#include <cstring>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/hash.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

constexpr uint8_t kSeedKey[] = {'B', 'i', 't', 'c', 'o', 'i', 'n', ' ', 's', 'e', 'e', 'd'};

void WriteBE32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

uint32_t ReadBE32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

Bip32Fingerprint FingerprintOf(const PubKey& pub) {
    const uint160 id = pub.GetID();
    Bip32Fingerprint fp;
    std::memcpy(fp.data(), id.data(), fp.size());
    return fp;
}

// HMAC-SHA512(chain code, data) split into the tweak (left) and the child chain code (right).
struct ChildMaterial {
    uint256 tweak;
    uint256 chain_code;
};

ChildMaterial ComputeChild(const uint256& chain_code, ByteSpan data) {
    Hash512 mac = HmacSha512(chain_code.span(), data);
    ChildMaterial out{uint256(ByteSpan(mac.data(), 32)), uint256(ByteSpan(mac.data() + 32, 32))};
    SecureErase(mac.data(), mac.size());
    return out;
}

// The fields common to both key kinds: version check, depth/fingerprint/child, chain code.
Status DecodeHeader(ByteSpan data, const Bip32Version& version, uint8_t& depth, Bip32Fingerprint& fp,
                    uint32_t& child, uint256& chain_code) {
    if (data.size() != kBip32ExtKeySize) return Error("invalid-extkey", "extended key must be 78 bytes");
    if (std::memcmp(data.data(), version.data(), 4) != 0)
        return Error("invalid-extkey", "wrong version prefix for this chain");
    depth = data[4];
    std::memcpy(fp.data(), data.data() + 5, 4);
    child = ReadBE32(data.data() + 9);
    chain_code = uint256(data.subspan(13, 32));
    if (depth == 0 && (fp != Bip32Fingerprint{} || child != 0))
        return Error("invalid-extkey", "master key with a parent fingerprint or child number");
    return Status::Ok();
}

void EncodeHeader(uint8_t* out, const Bip32Version& version, uint8_t depth, const Bip32Fingerprint& fp,
                  uint32_t child, const uint256& chain_code) {
    std::memcpy(out, version.data(), 4);
    out[4] = depth;
    std::memcpy(out + 5, fp.data(), 4);
    WriteBE32(out + 9, child);
    std::memcpy(out + 13, chain_code.data(), 32);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// ExtPubKey

Bip32Fingerprint ExtPubKey::Fingerprint() const {
    return FingerprintOf(pubkey);
}

Result<ExtPubKey> ExtPubKey::Derive(uint32_t index) const {
    if (depth == 0xff) return Error("invalid-derivation", "maximum depth reached");
    if (index & kBip32HardenedBit) return Error("invalid-derivation", "hardened child of a public key");
    if (!pubkey.IsCompressed()) return Error("invalid-derivation", "extended public key must be compressed");
    uint8_t data[PubKey::kCompressedSize + 4];
    std::memcpy(data, pubkey.data(), PubKey::kCompressedSize);
    WriteBE32(data + PubKey::kCompressedSize, index);
    const ChildMaterial m = ComputeChild(chain_code, data);
    auto child_key = pubkey.TweakAdd(m.tweak);
    if (!child_key) return Error("invalid-derivation", "derived key is invalid; skip this index");
    ExtPubKey out;
    out.depth = static_cast<uint8_t>(depth + 1);
    out.parent_fingerprint = Fingerprint();
    out.child = index;
    out.chain_code = m.chain_code;
    out.pubkey = *child_key;
    return out;
}

Bip32Encoded ExtPubKey::Encode(const Bip32Version& version) const {
    Bip32Encoded out{};
    EncodeHeader(out.data(), version, depth, parent_fingerprint, child, chain_code);
    if (pubkey.IsCompressed()) std::memcpy(out.data() + 45, pubkey.data(), PubKey::kCompressedSize);
    return out;
}

Result<ExtPubKey> ExtPubKey::Decode(ByteSpan data, const Bip32Version& version) {
    ExtPubKey out;
    Status st = DecodeHeader(data, version, out.depth, out.parent_fingerprint, out.child, out.chain_code);
    if (!st) return st.error();
    const uint8_t header = data[45];
    if (header != 0x02 && header != 0x03) return Error("invalid-extkey", "public key must be compressed");
    out.pubkey = PubKey(data.subspan(45, PubKey::kCompressedSize));
    if (!out.pubkey.IsFullyValid()) return Error("invalid-extkey", "public key is not a curve point");
    return out;
}

std::string ExtPubKey::ToBase58(const Bip32Version& version) const {
    return EncodeBase58Check(Encode(version));
}

Result<ExtPubKey> ExtPubKey::FromBase58(std::string_view s, const Bip32Version& version) {
    auto data = DecodeBase58Check(s, kBip32ExtKeySize);
    if (!data) return Error("invalid-extkey", "not valid base58check");
    return Decode(*data, version);
}

// ---------------------------------------------------------------------------------------------------
// ExtKey

Result<ExtKey> ExtKey::FromSeed(ByteSpan seed) {
    Hash512 mac = HmacSha512(ByteSpan(kSeedKey, sizeof(kSeedKey)), seed);
    ExtKey out;
    const bool ok = out.key.Set(ByteSpan(mac.data(), 32), true);
    out.chain_code = uint256(ByteSpan(mac.data() + 32, 32));
    SecureErase(mac.data(), mac.size());
    if (!ok) return Error("invalid-seed", "seed gives an invalid master key");
    return out;
}

Bip32Fingerprint ExtKey::Fingerprint() const {
    return FingerprintOf(key.GetPubKey());
}

Result<ExtKey> ExtKey::Derive(uint32_t index) const {
    if (!key.IsValid()) return Error("invalid-derivation", "invalid private key");
    if (depth == 0xff) return Error("invalid-derivation", "maximum depth reached");
    const PubKey pub = key.GetPubKey();
    uint8_t data[PubKey::kCompressedSize + 4];
    if (index & kBip32HardenedBit) {
        data[0] = 0x00;
        std::memcpy(data + 1, key.data(), Key::kSize);
    } else {
        std::memcpy(data, pub.data(), PubKey::kCompressedSize);
    }
    WriteBE32(data + PubKey::kCompressedSize, index);
    const ChildMaterial m = ComputeChild(chain_code, data);
    SecureErase(data, sizeof(data));
    auto child_key = key.TweakAdd(m.tweak);
    if (!child_key) return Error("invalid-derivation", "derived key is invalid; skip this index");
    ExtKey out;
    out.depth = static_cast<uint8_t>(depth + 1);
    out.parent_fingerprint = FingerprintOf(pub);
    out.child = index;
    out.chain_code = m.chain_code;
    out.key = *child_key;
    return out;
}

Result<ExtKey> ExtKey::DerivePath(const std::vector<uint32_t>& path) const {
    ExtKey cur = *this;
    for (uint32_t index : path) {
        auto next = cur.Derive(index);
        if (!next) return next.error();
        cur = *next;
    }
    return cur;
}

ExtPubKey ExtKey::Neuter() const {
    ExtPubKey out;
    out.depth = depth;
    out.parent_fingerprint = parent_fingerprint;
    out.child = child;
    out.chain_code = chain_code;
    out.pubkey = key.GetPubKey();
    return out;
}

Bip32Encoded ExtKey::Encode(const Bip32Version& version) const {
    Bip32Encoded out{};
    EncodeHeader(out.data(), version, depth, parent_fingerprint, child, chain_code);
    out[45] = 0x00;
    if (key.IsValid()) std::memcpy(out.data() + 46, key.data(), Key::kSize);
    return out;
}

Result<ExtKey> ExtKey::Decode(ByteSpan data, const Bip32Version& version) {
    ExtKey out;
    Status st = DecodeHeader(data, version, out.depth, out.parent_fingerprint, out.child, out.chain_code);
    if (!st) return st.error();
    if (data[45] != 0x00) return Error("invalid-extkey", "private key must be prefixed by 0x00");
    if (!out.key.Set(data.subspan(46, Key::kSize), true))
        return Error("invalid-extkey", "private key out of range");
    return out;
}

std::string ExtKey::ToBase58(const Bip32Version& version) const {
    Bip32Encoded enc = Encode(version);
    std::string out = EncodeBase58Check(enc);
    SecureErase(enc.data(), enc.size());
    return out;
}

Result<ExtKey> ExtKey::FromBase58(std::string_view s, const Bip32Version& version) {
    auto data = DecodeBase58Check(s, kBip32ExtKeySize);
    if (!data) return Error("invalid-extkey", "not valid base58check");
    auto out = Decode(*data, version);
    SecureErase(data->data(), data->size());
    return out;
}

// ---------------------------------------------------------------------------------------------------
// Paths

Result<std::vector<uint32_t>> ParseBip32Path(std::string_view path) {
    std::vector<uint32_t> out;
    size_t start = 0;
    bool first = true;
    while (true) {
        const size_t slash = path.find('/', start);
        std::string_view part =
            path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (first && part == "m") {
            // the optional master marker
        } else {
            uint32_t hardened = 0;
            if (!part.empty() && (part.back() == '\'' || part.back() == 'h' || part.back() == 'H')) {
                hardened = kBip32HardenedBit;
                part.remove_suffix(1);
            }
            const auto n = ParseUInt32(part);
            if (!n) return Error("invalid-path", "bad path component '" + std::string(part) + "'");
            if (*n & kBip32HardenedBit)
                return Error("invalid-path", "child number too large: " + std::string(part));
            out.push_back(*n | hardened);
        }
        first = false;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

std::string FormatBip32Path(const std::vector<uint32_t>& path) {
    std::string out = "m";
    for (uint32_t index : path) {
        out += '/';
        out += std::to_string(index & ~kBip32HardenedBit);
        if (index & kBip32HardenedBit) out += '\'';
    }
    return out;
}

}  // namespace ocean
