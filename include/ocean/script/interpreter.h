// The script interpreter (consensus.md §7): Bitcoin 0.14 script with Ocean's and Elements' changes
// (50,000-byte scripts, re-enabled splice/bitwise opcodes, OP_CHECKSIGFROMSTACK, OP_DETERMINISTICRANDOM,
// failing register-address opcodes), verification flags, BIP141 witness programs, and the signature
// checkers for transactions and for block proofs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ocean/primitives/confidential.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/script.h"
#include "ocean/script/script_error.h"
#include "ocean/script/script_num.h"
#include "ocean/script/sighash.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

class SignatureCache;

// Verification flag bits; values are Bitcoin 0.14's (consensus.md §7.5).
enum ScriptVerifyFlag : uint32_t {
    SCRIPT_VERIFY_NONE = 0,
    SCRIPT_VERIFY_P2SH = 1U << 0,
    SCRIPT_VERIFY_STRICTENC = 1U << 1,
    SCRIPT_VERIFY_DERSIG = 1U << 2,
    SCRIPT_VERIFY_LOW_S = 1U << 3,
    SCRIPT_VERIFY_NULLDUMMY = 1U << 4,
    SCRIPT_VERIFY_SIGPUSHONLY = 1U << 5,
    SCRIPT_VERIFY_MINIMALDATA = 1U << 6,
    SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS = 1U << 7,
    SCRIPT_VERIFY_CLEANSTACK = 1U << 8,
    SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY = 1U << 9,
    SCRIPT_VERIFY_CHECKSEQUENCEVERIFY = 1U << 10,
    SCRIPT_VERIFY_WITNESS = 1U << 11,
    SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1U << 12,
    SCRIPT_VERIFY_MINIMALIF = 1U << 13,
    SCRIPT_VERIFY_NULLFAIL = 1U << 14,
    SCRIPT_VERIFY_WITNESS_PUBKEYTYPE = 1U << 15,
};

// Flags every input of a block is checked with (consensus.md §5.2).
inline constexpr uint32_t kBlockScriptVerifyFlags =
    SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
    SCRIPT_VERIFY_CHECKSEQUENCEVERIFY | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_NULLDUMMY;
// Flags of the block proof (consensus.md §2.1).
inline constexpr uint32_t kBlockProofVerifyFlags = SCRIPT_VERIFY_P2SH;
// A failure under these flags makes a transaction invalid rather than non-standard (consensus.md §7.5).
inline constexpr uint32_t kMandatoryScriptVerifyFlags =
    SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
// Mempool flags (consensus.md §7.5).
inline constexpr uint32_t kStandardScriptVerifyFlags =
    kMandatoryScriptVerifyFlags | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_STRICTENC | SCRIPT_VERIFY_MINIMALDATA |
    SCRIPT_VERIFY_NULLDUMMY | SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS | SCRIPT_VERIFY_CLEANSTACK |
    SCRIPT_VERIFY_MINIMALIF | SCRIPT_VERIFY_NULLFAIL | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
    SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
    SCRIPT_VERIFY_WITNESS_PUBKEYTYPE;
// When an input fails, Ocean re-runs it with these flags removed: if it then passes, the reject reason
// is "non-mandatory-script-verify-flag (<error>)", otherwise "mandatory-script-verify-flag-failed
// (<error>)". This applies to blocks too: a failure of CSV or of a witness program under block flags
// is reported as non-mandatory.
inline constexpr uint32_t kStandardNotMandatoryVerifyFlags =
    kStandardScriptVerifyFlags & ~kMandatoryScriptVerifyFlags;

// kMaxStackSize (1000, stack + altstack) is defined in script.h.
inline constexpr uint32_t kLocktimeThreshold = 500000000;
inline constexpr uint32_t kSequenceLocktimeDisableFlag = 1U << 31;
inline constexpr uint32_t kSequenceLocktimeTypeFlag = 1U << 22;
inline constexpr uint32_t kSequenceLocktimeMask = 0x0000ffff;
inline constexpr int kSequenceLocktimeGranularity = 9;

using ScriptStack = std::vector<Bytes>;

// What the interpreter asks of its context: signature, lock-time and sequence checks. The base class
// implements OP_CHECKSIGFROMSTACK (which depends on no transaction) and refuses everything else.
class SignatureChecker {
  public:
    virtual ~SignatureChecker() = default;
    // sig as pushed (for transactions: DER plus hashtype byte). script_code is the executed script
    // after OP_CODESEPARATOR handling (and, for legacy, FindAndDelete of the signature).
    virtual bool CheckSig(ByteSpan sig, ByteSpan pubkey, const Script& script_code, SigVersion version) const;
    // ECDSA over SHA256(data) with the whole signature lax-DER parsed and S normalized.
    virtual bool CheckSigFromStack(ByteSpan sig, ByteSpan data, ByteSpan pubkey) const;
    virtual bool CheckLockTime(const ScriptNum& lock_time) const;
    virtual bool CheckSequence(const ScriptNum& sequence) const;
};

// Hashes of a transaction shared by all its segwit v0 signature checks (BIP143 midstate).
struct PrecomputedTransactionData {
    uint256 hash_prevouts, hash_sequence, hash_issuance, hash_outputs;
    template <typename Tx>
    explicit PrecomputedTransactionData(const Tx& tx);
};

// Checks signatures of input n_in of tx, spending an output of value `amount`. With a cache, successful
// ECDSA verifications are remembered (and looked up) there.
template <typename Tx>
class TransactionSignatureChecker : public SignatureChecker {
  public:
    TransactionSignatureChecker(const Tx* tx, unsigned n_in, const ConfidentialValue& amount,
                                const PrecomputedTransactionData* txdata = nullptr,
                                SignatureCache* cache = nullptr, bool cache_store = true)
        : tx_(tx), n_in_(n_in), amount_(amount), txdata_(txdata), cache_(cache), cache_store_(cache_store) {}
    bool CheckSig(ByteSpan sig, ByteSpan pubkey, const Script& script_code,
                  SigVersion version) const override;
    bool CheckLockTime(const ScriptNum& lock_time) const override;
    bool CheckSequence(const ScriptNum& sequence) const override;

  private:
    const Tx* tx_;
    unsigned n_in_;
    ConfidentialValue amount_;
    const PrecomputedTransactionData* txdata_;
    SignatureCache* cache_;
    // Mempool checks store verified signatures; block checks only consume them (a hit is erased, since
    // the same signature is not checked again once its block is connected).
    bool cache_store_;
};

// The block-proof checker (consensus.md §2.2): the message is the block hash, the signature is plain
// DER (no hashtype byte), lax-parsed with S normalized.
class BlockSignatureChecker : public SignatureChecker {
  public:
    explicit BlockSignatureChecker(const uint256& block_hash) : hash_(block_hash) {}
    bool CheckSig(ByteSpan sig, ByteSpan pubkey, const Script& script_code,
                  SigVersion version) const override;

  private:
    uint256 hash_;
};

// Script truth: any non-zero byte, except that a lone sign bit in the last byte ("negative zero") is
// false. The empty string is false.
bool CastToBool(ByteSpan value);

// The signature encoding rules of the flags (consensus.md §7.5): with DERSIG, LOW_S or STRICTENC the
// signature must be strict DER plus one hashtype byte; LOW_S also needs a low S; STRICTENC also needs a
// defined hashtype. The empty signature always passes. On failure sets *error (kSigDer, kSigHighS or
// kSigHashtype) when non-null.
bool CheckSignatureEncoding(ByteSpan sig, uint32_t flags, ScriptError* error);

// Runs `script` on `stack`. On failure returns false and sets *error (when non-null).
bool EvalScript(ScriptStack& stack, const Script& script, uint32_t flags, const SignatureChecker& checker,
                SigVersion version, ScriptError* error);

// Full verification of one input: scriptSig, scriptPubKey, P2SH and witness programs, CLEANSTACK.
// witness may be null (no witness).
bool VerifyScript(const Script& script_sig, const Script& script_pubkey, const ScriptStack* witness,
                  uint32_t flags, const SignatureChecker& checker, ScriptError* error);

// Witness sigops of one input (consensus.md §5.2): 1 per P2WPKH, accurate count of a P2WSH script,
// P2SH-wrapped included; 0 without SCRIPT_VERIFY_WITNESS.
size_t CountWitnessSigOps(const Script& script_sig, const Script& script_pubkey, const ScriptStack* witness,
                          uint32_t flags);

}  // namespace ocean
