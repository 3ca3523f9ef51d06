// The M-of-N block challenge of a federation (the `signblockscript` option): OP_M <key1> ... <keyN> OP_N
// OP_CHECKMULTISIG, with the keys in the order given. The block proof's solution carries the signatures in
// the same relative order as their keys (consensus.md §2.2), so the order matters and is not changed here;
// Ocean's tooling (createmultisig, the federation's `hsm init`) does not sort keys either.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "ocean/crypto/pubkey.h"
#include "ocean/script/script.h"
#include "ocean/util/result.h"

namespace ocean {

// The challenge for `required` of `keys`. Errors (code "signblockscript"): M outside 1..N, N outside 1..16
// (OP_N is a small-integer opcode), a key that is not a valid compressed or uncompressed point, the same
// key twice.
Result<Script> BuildSignBlockScript(int required, std::span<const PubKey> keys);

// The other way: M and the keys (in script order) of a bare multisig challenge; nullopt for any other
// challenge (OP_TRUE, P2SH, a single key, ...).
struct SignBlockKeys {
    uint32_t required = 0;
    std::vector<PubKey> keys;
};
std::optional<SignBlockKeys> ParseSignBlockScript(const Script& challenge);

}  // namespace ocean
