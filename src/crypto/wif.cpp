// Wallet Import Format encoding of private keys (see wif.h).
#include "ocean/crypto/wif.h"

#include "ocean/crypto/base58.h"
#include "ocean/crypto/hash.h"

namespace ocean {
namespace {
constexpr uint8_t kCompressedFlag = 0x01;
constexpr size_t kMaxPayload = 1 + Key::kSize + 1;
}  // namespace

std::string EncodeWif(const Key& key, uint8_t prefix) {
    if (!key.IsValid()) return {};
    Bytes payload;
    payload.reserve(kMaxPayload);
    payload.push_back(prefix);
    Append(payload, key.span());
    if (key.IsCompressed()) payload.push_back(kCompressedFlag);
    std::string out = EncodeBase58Check(payload);
    SecureErase(payload.data(), payload.size());
    return out;
}

Result<Key> DecodeWif(std::string_view wif, uint8_t prefix) {
    auto payload = DecodeBase58Check(wif, kMaxPayload);
    if (!payload) return Error("invalid-wif", "not valid base58check");
    Bytes& p = *payload;
    Result<Key> out = Error("invalid-wif", "wrong length");
    if (p.size() == kMaxPayload && p.back() != kCompressedFlag) {
        out = Error("invalid-wif", "bad compression flag");
    } else if (p.size() == kMaxPayload || p.size() == kMaxPayload - 1) {
        if (p[0] != prefix) {
            out = Error("invalid-wif", "wrong version byte for this chain");
        } else {
            Key key;
            if (key.Set(ByteSpan(p.data() + 1, Key::kSize), p.size() == kMaxPayload))
                out = key;
            else
                out = Error("invalid-wif", "secret out of range");
        }
    }
    SecureErase(p.data(), p.size());
    return out;
}

}  // namespace ocean
