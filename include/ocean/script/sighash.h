// Transaction signature hashes (consensus.md §7.6): the legacy form (no flags byte, masked prevout
// indices, issuances after nSequence, null outputs for SIGHASH_SINGLE) and Ocean's segwit v0 form
// (BIP143 with hashIssuance and the spent output's confidential value).
#pragma once

#include <cstdint>

#include "ocean/primitives/confidential.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/script.h"
#include "ocean/util/uint256.h"

namespace ocean {

enum SigHashType : int32_t {
    SIGHASH_ALL = 1,
    SIGHASH_NONE = 2,
    SIGHASH_SINGLE = 3,
    SIGHASH_ANYONECANPAY = 0x80,
};

enum class SigVersion { kBase, kWitnessV0 };

// The digest a signature of input n_in with hash type `hash_type` commits to. script_code is the
// script being executed (for legacy, the caller has already removed the signature with
// FindAndDelete). amount is the spent output's value, used by witness v0 only. Legacy keeps
// Bitcoin's quirk: an out-of-range input, or SINGLE without a matching output, gives the constant 1.
template <typename Tx>
uint256 SignatureHash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                      const ConfidentialValue& amount, SigVersion version);

// Shared segwit v0 midstate hashes of one transaction (defined in interpreter.h).
struct PrecomputedTransactionData;

// The same digest; for witness v0, hashPrevouts/hashSequence/hashIssuance/hashOutputs are taken from
// txdata (which must have been computed from this tx) instead of being rehashed. txdata may be null.
template <typename Tx>
uint256 SignatureHash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                      const ConfidentialValue& amount, SigVersion version,
                      const PrecomputedTransactionData* txdata);

}  // namespace ocean
