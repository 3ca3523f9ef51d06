// SigningKey: what a block signer needs from a key, whatever holds the secret (a file for dev chains and
// tests, an HSM through PKCS#11 for production federations).
//
// Sign() returns a strict-DER, low-S ECDSA signature over the 32 bytes of `hash` (internal byte order, as
// Key::Sign and the block-signature checker use them), without a hashtype byte, which is what a block
// proof's solution carries. Every backend verifies its signature against PublicKey() before returning it,
// so a caller never sends a signature that does not verify.
//
// Implementations are thread-safe: Sign() may be called from any thread. Describe() and Health() never
// contain secrets (no PIN, no key material) and may be logged or returned by RPC.
#pragma once

#include <cstdint>
#include <string>

#include "ocean/crypto/pubkey.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// A snapshot of a key's state for logs and RPC (`getsignerinfo`-style answers).
struct SigningKeyHealth {
    std::string backend;      // "software" or "pkcs11"
    std::string description;  // Describe()
    bool ready = false;       // the key can sign now (as far as the backend knows)
    std::string last_error;   // Error::ToString() of the last failure since the last success, "" if none
    uint64_t signatures = 0;  // signatures returned
    uint64_t failures = 0;    // Sign() calls that returned an error
    uint64_t recoveries = 0;  // lost sessions re-established (PKCS#11)
};

class SigningKey {
  public:
    virtual ~SigningKey() = default;

    // The key's serialized public key (33 bytes for a compressed key), as it appears in the signblockscript.
    virtual PubKey PublicKey() const = 0;

    // DER low-S ECDSA signature of the 32 hash bytes, verified against PublicKey(); or an error whose code
    // tells the reason (see doc/hsm.md for the codes).
    virtual Result<Bytes> Sign(const uint256& hash) = 0;

    // One line for logs: backend, where the key lives and its public key. Never secret.
    virtual std::string Describe() const = 0;

    virtual SigningKeyHealth Health() const = 0;
};

// Strict check used by every backend before a signature leaves it: `der` parses as strict DER, has low S,
// and verifies for `pub` over the 32 bytes of `hash` (libsecp256k1, which rejects high S).
bool VerifyLowSDer(const PubKey& pub, const uint256& hash, ByteSpan der);

}  // namespace ocean
