// Signed messages (signmessage / signmessagewithprivkey / verifymessage, rpc.md §6.9): compact
// recoverable ECDSA signatures over the hash of a magic-prefixed message, and the Base64 text they
// travel in.
//
// A compact signature is 65 bytes: a header byte 27 + recid (+ 4 when the signing key's public key is
// used compressed), then r and s (32 bytes each, big-endian). The signed hash is
// SHA256d(CompactSize(len(magic)) ‖ magic ‖ CompactSize(len(message)) ‖ message) with the magic
// "Bitcoin Signed Message:\n": Ocean keeps Bitcoin's prefix, so signatures interoperate with Bitcoin
// tools given the right address prefixes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The message magic Ocean inherited unchanged from Bitcoin.
inline constexpr std::string_view kMessageMagic = "Bitcoin Signed Message:\n";

inline constexpr size_t kCompactSignatureSize = 65;

// SHA256d of the CompactSize-prefixed magic followed by the CompactSize-prefixed message.
uint256 MessageHash(std::string_view message);

// A 65-byte compact recoverable signature of `hash` (RFC6979 nonce, low S). Fails on an invalid key.
Result<Bytes> SignCompact(const Key& key, const uint256& hash);

// The public key that made the compact signature `sig` over `hash`, compressed or not as the header
// byte says. Like Bitcoin, only (header − 27) & 3 (recid) and & 4 (compressed) are looked at. Fails
// ("bad-signature") when sig is not 65 bytes, r/s do not parse, or no key can be recovered.
Result<PubKey> RecoverCompact(const uint256& hash, ByteSpan sig);

// Base64 (RFC 4648 alphabet, '=' padding) of the compact signature of MessageHash(message).
Result<std::string> SignMessage(const Key& key, std::string_view message);

// The key behind a Base64 message signature. Error codes: "malformed-base64" when the text is not
// valid Base64 (DecodeBase64Lenient, util/base64.h), "bad-signature" when no key can be recovered from it.
Result<PubKey> RecoverPubKey(std::string_view signature_base64, std::string_view message);

}  // namespace ocean
