// Other digests and MACs through OpenSSL: RIPEMD-160, HASH160, SHA-512, HMAC-SHA256, HMAC-SHA512.
#pragma once

#include <array>

#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

using Hash512 = std::array<uint8_t, 64>;

uint160 Ripemd160(ByteSpan data);
// RIPEMD160(SHA256(data)): key ids and script ids.
uint160 Hash160(ByteSpan data);
Hash512 Sha512(ByteSpan data);
uint256 HmacSha256(ByteSpan key, ByteSpan data);
Hash512 HmacSha512(ByteSpan key, ByteSpan data);

// Constant-time equality of two equal-length secrets (false when the lengths differ).
bool ConstantTimeEqual(ByteSpan a, ByteSpan b);

// Fills buf with cryptographically secure random bytes (OpenSSL's DRBG). Aborts if none can be had.
void GetStrongRandBytes(uint8_t* buf, size_t len);

// Overwrites memory in a way the compiler cannot optimise away.
void SecureErase(void* ptr, size_t len);

}  // namespace ocean
