// The shared libsecp256k1 context (see secp256k1_context.h).
#include "ocean/crypto/secp256k1_context.h"

#include <array>
#include <cstdio>
#include <cstdlib>

#include "ocean/crypto/hash.h"

namespace ocean {
namespace {

// libsecp256k1 calls this only for API misuse (a programming error in this layer), so stop loudly.
void OnIllegalArgument(const char* message, void*) {
    std::fprintf(stderr, "fatal: libsecp256k1 illegal argument: %s\n", message);
    std::abort();
}

const secp256k1_context* CreateContext() {
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    if (ctx == nullptr) {
        std::fputs("fatal: cannot create secp256k1 context\n", stderr);
        std::abort();
    }
    secp256k1_context_set_illegal_callback(ctx, OnIllegalArgument, nullptr);
    std::array<uint8_t, 32> seed;
    GetStrongRandBytes(seed.data(), seed.size());
    const int ok = secp256k1_context_randomize(ctx, seed.data());
    SecureErase(seed.data(), seed.size());
    if (!ok) {
        std::fputs("fatal: cannot randomize secp256k1 context\n", stderr);
        std::abort();
    }
    return ctx;
}

}  // namespace

const secp256k1_context* Secp256k1Context() {
    // Initialised exactly once (C++ guarantees thread-safe static initialisation), then only read.
    // Intentionally never destroyed so late users during process exit stay safe.
    static const secp256k1_context* const ctx = CreateContext();
    return ctx;
}

}  // namespace ocean
