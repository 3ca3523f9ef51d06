#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "ocean/crypto/hash.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ripemd.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>

#include "ocean/crypto/sha256.h"

namespace ocean {

uint160 Ripemd160(ByteSpan data) {
    // Low-level context API: the one-shot functions pay an EVP fetch on every call in OpenSSL 3.
    RIPEMD160_CTX ctx;
    RIPEMD160_Init(&ctx);
    RIPEMD160_Update(&ctx, data.data(), data.size());
    uint160 out;
    RIPEMD160_Final(out.data(), &ctx);
    return out;
}

uint160 Hash160(ByteSpan data) {
    const uint256 sha = Sha256Hash(data);
    return Ripemd160(sha.span());
}

Hash512 Sha512(ByteSpan data) {
    SHA512_CTX ctx;
    SHA512_Init(&ctx);
    SHA512_Update(&ctx, data.data(), data.size());
    Hash512 out;
    SHA512_Final(out.data(), &ctx);
    return out;
}

uint256 HmacSha256(ByteSpan key, ByteSpan data) {
    uint256 out;
    unsigned int len = 32;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len);
    return out;
}

Hash512 HmacSha512(ByteSpan key, ByteSpan data) {
    Hash512 out;
    unsigned int len = 64;
    HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len);
    return out;
}

bool ConstantTimeEqual(ByteSpan a, ByteSpan b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void GetStrongRandBytes(uint8_t* buf, size_t len) {
    if (RAND_bytes(buf, static_cast<int>(len)) != 1) {
        std::fputs("fatal: OpenSSL RAND_bytes failed\n", stderr);
        std::abort();
    }
}

void SecureErase(void* ptr, size_t len) {
    OPENSSL_cleanse(ptr, len);
}

}  // namespace ocean
