// Signed messages: message hash, compact recoverable signatures and Base64 (see message_signing.h).
#include "ocean/crypto/message_signing.h"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <array>

#include "ocean/crypto/secp256k1_context.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/base64.h"

namespace ocean {
namespace {

// Bitcoin's CompactSize length prefix followed by the bytes.
void WriteSizedString(Sha256d& hasher, std::string_view s) {
    const uint64_t n = s.size();
    uint8_t prefix[9];
    size_t len = 0;
    if (n < 253) {
        prefix[len++] = static_cast<uint8_t>(n);
    } else if (n <= 0xffff) {
        prefix[len++] = 253;
        for (int i = 0; i < 2; ++i) prefix[len++] = static_cast<uint8_t>(n >> (8 * i));
    } else if (n <= 0xffffffffu) {
        prefix[len++] = 254;
        for (int i = 0; i < 4; ++i) prefix[len++] = static_cast<uint8_t>(n >> (8 * i));
    } else {
        prefix[len++] = 255;
        for (int i = 0; i < 8; ++i) prefix[len++] = static_cast<uint8_t>(n >> (8 * i));
    }
    hasher.Write(prefix, len);
    hasher.Write(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

uint256 MessageHash(std::string_view message) {
    Sha256d hasher;
    WriteSizedString(hasher, kMessageMagic);
    WriteSizedString(hasher, message);
    return hasher.Finalize();
}

Result<Bytes> SignCompact(const Key& key, const uint256& hash) {
    if (!key.IsValid()) return Error("invalid-key", "cannot sign with an invalid key");
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_ecdsa_recoverable_signature sig;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, hash.data(), key.data(),
                                          secp256k1_nonce_function_rfc6979, nullptr)) {
        return Error("sign-failed", "recoverable ECDSA signing failed");
    }
    Bytes out(kCompactSignatureSize);
    int recid = -1;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out.data() + 1, &recid, &sig);
    if (recid < 0 || recid > 3) return Error("sign-failed", "no recovery id");
    out[0] = static_cast<uint8_t>(27 + recid + (key.IsCompressed() ? 4 : 0));
    // Guard against computation faults: the signature must give back our own key.
    auto recovered = RecoverCompact(hash, out);
    if (!recovered || !(*recovered == key.GetPubKey())) {
        return Error("sign-failed", "signature does not recover the signing key");
    }
    return out;
}

Result<PubKey> RecoverCompact(const uint256& hash, ByteSpan sig) {
    if (sig.size() != kCompactSignatureSize)
        return Error("bad-signature", "compact signature must be 65 bytes");
    // Bitcoin reads the header as a plain int: any byte value gives some recid and flag.
    const int header = static_cast<int>(sig[0]) - 27;
    const int recid = header & 3;
    const bool compressed = (header & 4) != 0;
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, sig.data() + 1, recid)) {
        return Error("bad-signature", "r or s out of range");
    }
    secp256k1_pubkey point;
    if (!secp256k1_ecdsa_recover(ctx, &point, &rsig, hash.data())) {
        return Error("bad-signature", "no public key recovers from the signature");
    }
    std::array<uint8_t, PubKey::kSize> buf;
    size_t len = buf.size();
    secp256k1_ec_pubkey_serialize(ctx, buf.data(), &len, &point,
                                  compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey(ByteSpan(buf.data(), len));
}

Result<std::string> SignMessage(const Key& key, std::string_view message) {
    auto sig = SignCompact(key, MessageHash(message));
    if (!sig) return sig.error();
    return EncodeBase64(*sig);
}

Result<PubKey> RecoverPubKey(std::string_view signature_base64, std::string_view message) {
    auto sig = DecodeBase64Lenient(signature_base64);
    if (!sig) return Error("malformed-base64", "Malformed base64 encoding");
    return RecoverCompact(MessageHash(message), *sig);
}

}  // namespace ocean
