// Access to the single libsecp256k1 context that every elliptic-curve operation in oceand uses.
//
// The context is created on first use (thread-safe function-local static), randomized once with
// fresh entropy for side-channel blinding, and never modified afterwards. All libsecp256k1 calls
// made through it take it as const, so sharing it between threads needs no locking.
#pragma once

#include <secp256k1.h>

namespace ocean {

// The process-wide, immutable secp256k1 context. Never null; never destroyed.
const secp256k1_context* Secp256k1Context();

}  // namespace ocean
