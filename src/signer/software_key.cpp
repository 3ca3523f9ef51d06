// SoftwareKey (see software_key.h).
#include "ocean/signer/software_key.h"

#include <algorithm>
#include <array>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/wif.h"
#include "ocean/util/hex.h"

namespace ocean {

namespace {

bool IsHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

}  // namespace

SoftwareKey::SoftwareKey(Key key, std::string origin)
    : key_(std::move(key)), pub_(key_.GetPubKey()), origin_(std::move(origin)) {}

Result<Key> SoftwareKey::ParseKeyText(const SecretString& text, std::span<const uint8_t> wif_prefixes) {
    const std::string_view s = text.view();
    if (s.empty()) return Error("signing-key-file", "no key in the file");
    if (s.size() == 64 && std::all_of(s.begin(), s.end(), IsHexDigit)) {
        // Decoded by hand into a buffer that is wiped, rather than through a growing vector.
        std::array<uint8_t, 32> secret{};
        for (size_t i = 0; i < 32; ++i)
            secret[i] = static_cast<uint8_t>(HexValue(s[2 * i]) << 4 | HexValue(s[2 * i + 1]));
        Result<Key> key = Key::FromBytes(secret, /*compressed=*/true);
        SecureErase(secret.data(), secret.size());
        if (!key) return Error("signing-key-file", "the hex secret is not a valid secp256k1 private key");
        return key;
    }
    for (uint8_t prefix : wif_prefixes) {
        Result<Key> key = DecodeWif(s, prefix);
        if (key) return key;
    }
    return Error("signing-key-file",
                 "the file must hold one private key as WIF (of an Ocean chain) or as 64 hex digits");
}

Result<std::unique_ptr<SoftwareKey>> SoftwareKey::FromFile(const std::filesystem::path& path,
                                                           std::span<const uint8_t> wif_prefixes) {
    Result<SecretString> text = ReadSecretFile(path);
    if (!text) return Error("signing-key-file", text.error().message);
    Result<Key> key = ParseKeyText(*text, wif_prefixes);
    if (!key) return Error("signing-key-file", path.string() + ": " + key.error().message);
    return std::make_unique<SoftwareKey>(std::move(*key), path.string());
}

Result<Bytes> SoftwareKey::Sign(const uint256& hash) {
    Result<Bytes> sig = key_.Sign(hash);
    if (sig && !VerifyLowSDer(pub_, hash, *sig)) sig = Error("sign-failed", "signature does not verify");
    if (!sig) {
        failures_.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard<std::mutex> lock(error_mutex_);
        last_error_ = sig.error().ToString();
        return sig;
    }
    signatures_.fetch_add(1, std::memory_order_relaxed);
    return sig;
}

std::string SoftwareKey::Describe() const {
    return "software key from " + origin_ + ", public key " + HexStr(pub_.span());
}

SigningKeyHealth SoftwareKey::Health() const {
    SigningKeyHealth h;
    h.backend = "software";
    h.description = Describe();
    h.ready = key_.IsValid();
    h.signatures = signatures_.load(std::memory_order_relaxed);
    h.failures = failures_.load(std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(error_mutex_);
    h.last_error = last_error_;
    return h;
}

}  // namespace ocean
