// SHA-256 family: streaming SHA-256, SHA256d ("Hash") and Ocean's FastNode compression used by the
// fast merkle tree. Backed by OpenSSL's SHA-256 block function (SHA-NI/AVX2 where the CPU has them).
#pragma once

#include <cstdint>

#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Incremental SHA-256. Copyable, so a common prefix can be hashed once and forked.
class Sha256 {
  public:
    Sha256();
    Sha256& Write(ByteSpan data);
    Sha256& Write(const uint8_t* data, size_t len) { return Write(ByteSpan(data, len)); }
    // Digest of everything written; the object must be Reset() before reuse.
    uint256 Finalize();
    void Reset();

  private:
    // Mirrors OpenSSL's SHA256_CTX layout so no OpenSSL header leaks into users of this one.
    struct State {
        uint32_t h[8];
        uint32_t Nl, Nh;
        uint32_t data[16];
        unsigned int num, md_len;
    } st_;
};

// Incremental SHA256d: SHA256(SHA256(data)).
class Sha256d {
  public:
    Sha256d& Write(ByteSpan data) {
        inner_.Write(data);
        return *this;
    }
    Sha256d& Write(const uint8_t* data, size_t len) { return Write(ByteSpan(data, len)); }
    uint256 Finalize();

  private:
    Sha256 inner_;
};

uint256 Sha256Hash(ByteSpan data);
uint256 Sha256dHash(ByteSpan data);
// SHA256d of the concatenation a || b.
uint256 Sha256dHash(ByteSpan a, ByteSpan b);

// One SHA-256 compression of left || right from the standard initial state, no padding, state words
// written big-endian (formats.md 1.6).
uint256 FastNode(const uint256& left, const uint256& right);

}  // namespace ocean
