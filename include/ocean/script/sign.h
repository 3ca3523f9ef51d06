// Transaction input signing: building the scriptSig and script witness that satisfy a standard
// scriptPubKey with the keys and scripts a caller supplies, merging signatures already present in the
// input (partial multisig), and checking the result with the interpreter.
//
// Supported scriptPubKeys: `OP_TRUE` (nothing to sign), P2PK, P2PKH, bare multisig (Ocean's 1-of-2
// policy outputs included; keys the provider lacks are simply not signed for), CLTV-locked multisig,
// P2SH wrapping any of them, P2WPKH, P2WSH wrapping any of them, and P2SH-P2WPKH / P2SH-P2WSH.
// Signature hashes are Ocean's (sighash.h): legacy, and segwit v0 committing to the spent output's
// confidential value serialization.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/primitives/confidential.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/script.h"
#include "ocean/script/script_error.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The keys and scripts available for signing. Keys are found by the HASH160 of their public key (in
// the key's own compressed or uncompressed form); scripts by HASH160 (P2SH redeem scripts) and by
// SHA256 (P2WSH witness scripts). Key secrets are wiped when the provider is destroyed (Key does it).
class SigningProvider {
  public:
    void AddKey(const Key& key);
    // Registers a redeem or witness script under both of its hashes.
    void AddScript(const Script& script);

    const Key* GetKey(const uint160& key_id) const;
    std::optional<Script> GetScriptByHash160(const uint160& hash) const;
    std::optional<Script> GetScriptBySha256(const uint256& hash) const;

  private:
    std::map<uint160, Key> keys_;
    std::map<uint160, Script> scripts_by_hash160_;
    std::map<uint256, Script> scripts_by_sha256_;
};

// What satisfies one input: its scriptSig and script witness.
struct SignatureData {
    Script script_sig;
    std::vector<Bytes> witness;
};

// Parses a valid sighash type name: "ALL", "NONE", "SINGLE", each optionally followed by
// "|ANYONECANPAY". nullopt for anything else.
std::optional<int32_t> ParseSigHashType(std::string_view name);

// Builds a scriptSig that pushes every item of `stack` minimally (empty as OP_0, 1..16 as OP_1..OP_16,
// 0x81 as OP_1NEGATE), so that MINIMALDATA holds.
Script PushAll(const std::vector<Bytes>& stack);

// Signs input n_in of tx, which spends an output with script `script_pubkey` and value `amount`, with
// hash type `hash_type`, and merges the result with what the input already carries (signatures that
// verify are kept; for multisig, signatures are ordered by key and at most the required number kept,
// missing ones as OP_0 placeholders). The input's scriptSig and witness are replaced by the merge.
// With SIGHASH_SINGLE and no output at n_in nothing new is signed (the legacy digest would be the
// constant 1), only merged. `others` are the same input's data from other copies of the transaction
// (signrawtransaction's concatenated variants), merged as well. Returns true when the template was
// understood and every signature it needs was available (the caller verifies with VerifyInput).
bool SignInput(MutableTransaction& tx, unsigned n_in, const Script& script_pubkey,
               const ConfidentialValue& amount, const SigningProvider& provider, int32_t hash_type,
               const PrecomputedTransactionData* txdata = nullptr,
               std::span<const SignatureData> others = {});

// Runs the interpreter on input n_in of tx with `flags`; on failure returns the script error.
std::optional<ScriptError> VerifyInput(const MutableTransaction& tx, unsigned n_in,
                                       const Script& script_pubkey, const ConfidentialValue& amount,
                                       uint32_t flags, const PrecomputedTransactionData* txdata = nullptr);

}  // namespace ocean
