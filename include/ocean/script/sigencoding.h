// Encoding checks for signatures and public keys as they appear inside scripts: the defined sighash
// types and the size rules that make a push "look like" a public key. The BIP66 strict-DER check itself
// is IsValidSignatureEncoding in ocean/crypto/der.h (re-exported here for script users).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ocean/crypto/der.h"
#include "ocean/util/bytes.h"

namespace ocean {

// Sighash type byte values (consensus.md §7.6).
inline constexpr uint8_t kSighashAll = 1;
inline constexpr uint8_t kSighashNone = 2;
inline constexpr uint8_t kSighashSingle = 3;
inline constexpr uint8_t kSighashAnyoneCanPay = 0x80;

// The last byte, with ANYONECANPAY masked off, is ALL, NONE or SINGLE. False for an empty signature.
bool IsDefinedHashtypeSignature(ByteSpan sig);

// The asm suffix name of a defined hashtype byte ("ALL", "NONE", "SINGLE", each optionally with
// "|ANYONECANPAY"); empty for any other byte.
std::string_view SighashTypeName(uint8_t hashtype);

// Non-empty and the length matches the header byte (33 for 02/03, 65 for 04/06/07; PubKey::SizeForHeader).
// Says nothing about the point being on the curve: Ocean's templates accept data disguised as keys this
// way (policy.md §4).
bool IsValidSizePubKey(ByteSpan key);

// STRICTENC public key form: 33 bytes with 0x02/0x03 or 65 bytes with 0x04.
bool IsCompressedOrUncompressedPubKey(ByteSpan key);

// 33 bytes with 0x02/0x03 (the WITNESS_PUBKEYTYPE rule).
bool IsCompressedPubKey(ByteSpan key);

}  // namespace ocean
