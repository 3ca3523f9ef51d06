// The low-level SHA-256 API is deprecated in OpenSSL 3 but remains the only way to reach the bare
// compression function that FastNode needs, and it avoids EVP's per-call overhead on the hot path.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "ocean/crypto/sha256.h"

#include <openssl/sha.h>

#include <cstring>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "oceand assumes a little-endian host");

namespace ocean {
namespace {
SHA256_CTX* Ctx(void* p) {
    return static_cast<SHA256_CTX*>(p);
}
}  // namespace

Sha256::Sha256() {
    Reset();
}

void Sha256::Reset() {
    static_assert(sizeof(st_) >= sizeof(SHA256_CTX), "state mirror too small");
    SHA256_Init(Ctx(&st_));
}

Sha256& Sha256::Write(ByteSpan data) {
    SHA256_Update(Ctx(&st_), data.data(), data.size());
    return *this;
}

uint256 Sha256::Finalize() {
    uint256 out;
    SHA256_Final(out.data(), Ctx(&st_));
    return out;
}

uint256 Sha256d::Finalize() {
    const uint256 first = inner_.Finalize();
    return Sha256Hash(first.span());
}

// OpenSSL 3's one-shot SHA256() goes through an EVP fetch per call (about 1 us); the low-level
// context API hashes a 64-byte message about five times faster.
uint256 Sha256Hash(ByteSpan data) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), data.size());
    uint256 out;
    SHA256_Final(out.data(), &ctx);
    return out;
}

uint256 Sha256dHash(ByteSpan data) {
    const uint256 first = Sha256Hash(data);
    return Sha256Hash(first.span());
}

uint256 Sha256dHash(ByteSpan a, ByteSpan b) {
    Sha256d h;
    h.Write(a).Write(b);
    return h.Finalize();
}

uint256 FastNode(const uint256& left, const uint256& right) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    uint8_t block[64];
    std::memcpy(block, left.data(), 32);
    std::memcpy(block + 32, right.data(), 32);
    SHA256_Transform(&ctx, block);
    uint256 out;
    for (int i = 0; i < 8; ++i) {
        const uint32_t w = ctx.h[i];
        out[4 * i] = static_cast<uint8_t>(w >> 24);
        out[4 * i + 1] = static_cast<uint8_t>(w >> 16);
        out[4 * i + 2] = static_cast<uint8_t>(w >> 8);
        out[4 * i + 3] = static_cast<uint8_t>(w);
    }
    return out;
}

}  // namespace ocean
