// ECDSA signature encodings: the strict DER rules of BIP66, the low-S rule, and the lax BER-ish
// parser that signature verification has always used (consensus.md §2.2, §7.3, §7.6).
//
// Strict checks operate on a script signature, i.e. DER followed by one hashtype byte. The lax parser
// operates on a DER signature without any hashtype; bytes after the encoded sequence are ignored.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "ocean/util/bytes.h"

namespace ocean {

// An ECDSA signature as two 32-byte big-endian scalars. A parsed signature always has r and s below
// the group order; a lax-parsed encoding whose r or s does not fit is represented as r = s = 0,
// which no verification accepts.
struct EcdsaSignature {
    std::array<uint8_t, 32> r{};
    std::array<uint8_t, 32> s{};

    bool operator==(const EcdsaSignature&) const = default;
};

// BIP66 strict DER check of `sig_with_hashtype` = DER(r, s) || hashtype byte.
bool IsValidSignatureEncoding(ByteSpan sig_with_hashtype);

// True when the signature (DER || hashtype) is strictly encoded and its S is at most half the group
// order (after lax parsing, as the LOW_S script flag checks it).
bool IsLowDERSignature(ByteSpan sig_with_hashtype);

// Lax parse of a DER-like signature (no hashtype byte). Fails only when the basic structure (sequence
// tag, two integer tags, lengths within the input) is missing; out-of-range values give the all-zero
// signature rather than a failure. Never reads outside `der`.
std::optional<EcdsaSignature> ParseDerLax(ByteSpan der);

// Replaces S by n - S when S is above n/2. Returns true when the signature was changed.
bool NormalizeToLowS(EcdsaSignature& sig);

// True when S <= n/2.
bool HasLowS(const EcdsaSignature& sig);

// Canonical (strict, minimal) DER encoding of the signature, without hashtype.
Bytes SerializeDer(const EcdsaSignature& sig);

}  // namespace ocean
