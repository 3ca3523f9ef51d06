// Transaction input signing (sign.h): a recursive solver over the standard templates that produces
// the stack items of one script from the provider's keys and the items the input already holds.
#include "ocean/script/sign.h"

#include <algorithm>
#include <utility>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/script/sighash.h"
#include "ocean/script/standard.h"

namespace ocean {

void SigningProvider::AddKey(const Key& key) {
    if (!key.IsValid()) return;
    keys_[key.GetPubKey().GetID()] = key;
}

void SigningProvider::AddScript(const Script& script) {
    scripts_by_hash160_[Hash160(script.span())] = script;
    scripts_by_sha256_[Sha256().Write(script.span()).Finalize()] = script;
}

const Key* SigningProvider::GetKey(const uint160& key_id) const {
    auto it = keys_.find(key_id);
    return it == keys_.end() ? nullptr : &it->second;
}

std::optional<Script> SigningProvider::GetScriptByHash160(const uint160& hash) const {
    auto it = scripts_by_hash160_.find(hash);
    if (it == scripts_by_hash160_.end()) return std::nullopt;
    return it->second;
}

std::optional<Script> SigningProvider::GetScriptBySha256(const uint256& hash) const {
    auto it = scripts_by_sha256_.find(hash);
    if (it == scripts_by_sha256_.end()) return std::nullopt;
    return it->second;
}

std::optional<int32_t> ParseSigHashType(std::string_view name) {
    static constexpr std::pair<std::string_view, int32_t> kNames[] = {
        {"ALL", SIGHASH_ALL},       {"ALL|ANYONECANPAY", SIGHASH_ALL | SIGHASH_ANYONECANPAY},
        {"NONE", SIGHASH_NONE},     {"NONE|ANYONECANPAY", SIGHASH_NONE | SIGHASH_ANYONECANPAY},
        {"SINGLE", SIGHASH_SINGLE}, {"SINGLE|ANYONECANPAY", SIGHASH_SINGLE | SIGHASH_ANYONECANPAY},
    };
    for (const auto& [text, value] : kNames) {
        if (text == name) return value;
    }
    return std::nullopt;
}

Script PushAll(const std::vector<Bytes>& stack) {
    Script s;
    for (const Bytes& item : stack) {
        if (item.empty()) {
            s << OP_0;
        } else if (item.size() == 1 && item[0] >= 1 && item[0] <= 16) {
            s << static_cast<Opcode>(OP_1 + item[0] - 1);
        } else if (item.size() == 1 && item[0] == 0x81) {
            s << OP_1NEGATE;
        } else {
            s << item;
        }
    }
    return s;
}

namespace {

// The items a push-only scriptSig leaves on the stack (OP_n as its number); empty when the script is
// not push-only, which the merge then treats as carrying nothing.
std::vector<Bytes> PushedItems(const Script& script_sig) {
    std::vector<Bytes> items;
    auto pc = script_sig.begin();
    Opcode op;
    Bytes data;
    while (pc != script_sig.end()) {
        if (!script_sig.GetOp(pc, op, data)) return {};
        if (op <= OP_PUSHDATA4) {
            items.push_back(data);
        } else if (op == OP_1NEGATE) {
            items.push_back(Bytes{0x81});
        } else if (op >= OP_1 && op <= OP_16) {
            items.push_back(Bytes{static_cast<uint8_t>(op - OP_1 + 1)});
        } else {
            return {};
        }
    }
    return items;
}

// Candidate stacks for one script: one per copy of the input being merged.
using Stacks = std::vector<std::vector<Bytes>>;

// The candidates with their last item (a redeem or witness script) removed, keeping only those whose
// last item is `script`.
Stacks InnerStacks(const Stacks& stacks, const Script& script) {
    Stacks inner;
    for (const auto& stack : stacks) {
        if (!stack.empty() && stack.back() == script.bytes())
            inner.emplace_back(stack.begin(), stack.end() - 1);
    }
    return inner;
}

// One signing job: the transaction, the input, and what may be used to satisfy its scripts.
class InputSigner {
  public:
    InputSigner(const MutableTransaction& tx, unsigned n_in, const ConfidentialValue& amount,
                const SigningProvider& provider, int32_t hash_type, const PrecomputedTransactionData* txdata)
        : tx_(tx),
          n_in_(n_in),
          amount_(amount),
          provider_(provider),
          hash_type_(hash_type),
          txdata_(txdata),
          checker_(&tx, n_in, amount, txdata),
          // Legacy SIGHASH_SINGLE without a matching output signs the constant 1: never produce that.
          can_sign_((hash_type & 0x1f) != SIGHASH_SINGLE || n_in < tx.vout.size()) {}

    // Satisfies the scriptPubKey. `existing` holds what the copies of the input carry. Returns false
    // (leaving `out` untouched) for a template it does not know or a script it cannot find; sets
    // complete_ to false when a signature is missing.
    bool SolveTop(const Script& script_pubkey, const std::vector<SignatureData>& existing,
                  SignatureData& out) {
        const SolvedScript solved = Solve(script_pubkey);
        Stacks sig_stacks, witness_stacks;
        for (const SignatureData& d : existing) {
            sig_stacks.push_back(PushedItems(d.script_sig));
            witness_stacks.push_back(d.witness);
        }
        switch (solved.type) {
            case TxoutType::kScriptHash: {
                const uint160 hash(ByteSpan(solved.solutions[0]));
                std::optional<Script> redeem = provider_.GetScriptByHash160(hash);
                for (const auto& stack : sig_stacks) {
                    if (!redeem && !stack.empty() && Hash160(stack.back()) == hash)
                        redeem = Script(stack.back());
                }
                if (!redeem) {
                    complete_ = false;
                    return false;
                }
                std::vector<Bytes> stack;
                const SolvedScript inner = Solve(*redeem);
                if (inner.type == TxoutType::kWitnessV0KeyHash ||
                    inner.type == TxoutType::kWitnessV0ScriptHash) {
                    if (!SolveWitnessProgram(inner, witness_stacks, out.witness)) return false;
                } else if (!SolveBase(*redeem, inner, InnerStacks(sig_stacks, *redeem), SigVersion::kBase,
                                      stack)) {
                    return false;
                }
                stack.push_back(redeem->bytes());
                out.script_sig = PushAll(stack);
                return true;
            }
            case TxoutType::kWitnessV0KeyHash:
            case TxoutType::kWitnessV0ScriptHash:
                out.script_sig = Script();
                return SolveWitnessProgram(solved, witness_stacks, out.witness);
            default: {
                std::vector<Bytes> stack;
                if (!SolveBase(script_pubkey, solved, sig_stacks, SigVersion::kBase, stack)) return false;
                out.script_sig = PushAll(stack);
                out.witness.clear();
                return true;
            }
        }
    }

    bool complete() const { return complete_; }

  private:
    // P2WPKH or P2WSH: the witness stack.
    bool SolveWitnessProgram(const SolvedScript& program, const Stacks& existing,
                             std::vector<Bytes>& witness) {
        if (program.type == TxoutType::kWitnessV0KeyHash) {
            // The script code of P2WPKH is the P2PKH script of the key hash (BIP143).
            const uint160 key_id(ByteSpan(program.solutions[0]));
            const Script code = GetScriptForDestination(PKHash(key_id));
            return SolveBase(code, Solve(code), existing, SigVersion::kWitnessV0, witness);
        }
        const uint256 hash(ByteSpan(program.solutions[0]));
        std::optional<Script> witness_script = provider_.GetScriptBySha256(hash);
        for (const auto& stack : existing) {
            if (!witness_script && !stack.empty() && Sha256().Write(stack.back()).Finalize() == hash) {
                witness_script = Script(stack.back());
            }
        }
        if (!witness_script) {
            complete_ = false;
            return false;
        }
        const SolvedScript inner = Solve(*witness_script);
        if (inner.type == TxoutType::kScriptHash || inner.type == TxoutType::kWitnessV0KeyHash ||
            inner.type == TxoutType::kWitnessV0ScriptHash) {
            complete_ = false;
            return false;
        }
        std::vector<Bytes> stack;
        if (!SolveBase(*witness_script, inner, InnerStacks(existing, *witness_script), SigVersion::kWitnessV0,
                       stack)) {
            return false;
        }
        stack.push_back(witness_script->bytes());
        witness = std::move(stack);
        return true;
    }

    // A script executed directly (scriptPubKey, redeem script, witness script or P2WPKH script code).
    bool SolveBase(const Script& code, const SolvedScript& solved, const Stacks& existing, SigVersion version,
                   std::vector<Bytes>& stack) {
        switch (solved.type) {
            case TxoutType::kTrue:
                stack.clear();
                return true;
            case TxoutType::kPubKey: {
                const Bytes& pubkey = solved.solutions[0];
                stack.clear();
                if (auto sig = SignWith(pubkey, code, version)) {
                    stack = {std::move(*sig)};
                    return true;
                }
                for (const auto& e : existing) {
                    if (e.size() == 1 && Verifies(e[0], pubkey, code, version)) {
                        stack = e;
                        return true;
                    }
                }
                complete_ = false;
                return true;
            }
            case TxoutType::kPubKeyHash: {
                const uint160 key_id(ByteSpan(solved.solutions[0]));
                stack.clear();
                if (const Key* key = provider_.GetKey(key_id)) {
                    const Bytes pubkey = key->GetPubKey().ToBytes();
                    if (auto sig = SignWith(pubkey, code, version)) {
                        stack = {std::move(*sig), pubkey};
                        return true;
                    }
                }
                for (const auto& e : existing) {
                    if (e.size() == 2 && Hash160(e[1]) == key_id && Verifies(e[0], e[1], code, version)) {
                        stack = e;
                        return true;
                    }
                }
                complete_ = false;
                return true;
            }
            case TxoutType::kMultisig:
            case TxoutType::kLockedMultisig: {
                // [locktime,] m, keys..., n
                const size_t first = solved.type == TxoutType::kLockedMultisig ? 1 : 0;
                const size_t required = solved.solutions[first][0];
                const auto keys_begin = solved.solutions.begin() + static_cast<std::ptrdiff_t>(first + 1);
                const auto keys_end = solved.solutions.end() - 1;
                // Previous signatures: every non-empty item after the dummy, of every copy.
                std::vector<Bytes> previous;
                for (const auto& e : existing) {
                    for (size_t i = 1; i < e.size(); ++i) {
                        if (!e[i].empty()) previous.push_back(e[i]);
                    }
                }
                std::vector<Bytes> sigs;
                for (auto it = keys_begin; it != keys_end && sigs.size() < required; ++it) {
                    if (auto sig = SignWith(*it, code, version)) {
                        sigs.push_back(std::move(*sig));
                        continue;
                    }
                    for (auto p = previous.begin(); p != previous.end(); ++p) {
                        if (Verifies(*p, *it, code, version)) {
                            sigs.push_back(*p);
                            break;
                        }
                    }
                }
                if (sigs.size() < required) complete_ = false;
                stack.assign(1, Bytes());  // the CHECKMULTISIG dummy
                for (Bytes& sig : sigs) stack.push_back(std::move(sig));
                while (stack.size() < required + 1) stack.emplace_back();
                return true;
            }
            default:
                complete_ = false;
                return false;
        }
    }

    // A signature (DER + hash type byte) by the provider's key for `pubkey`, when it has one.
    std::optional<Bytes> SignWith(ByteSpan pubkey, const Script& code, SigVersion version) const {
        if (!can_sign_) return std::nullopt;
        const Key* key = provider_.GetKey(Hash160(pubkey));
        if (!key) return std::nullopt;
        const PubKey own = key->GetPubKey();
        if (!std::equal(own.span().begin(), own.span().end(), pubkey.begin(), pubkey.end()))
            return std::nullopt;
        const uint256 hash = SignatureHash(code, tx_, n_in_, hash_type_, amount_, version, txdata_);
        auto sig = key->Sign(hash);
        if (!sig) return std::nullopt;
        sig->push_back(static_cast<uint8_t>(hash_type_));
        return std::move(*sig);
    }

    bool Verifies(ByteSpan sig, ByteSpan pubkey, const Script& code, SigVersion version) const {
        return !sig.empty() && checker_.CheckSig(sig, pubkey, code, version);
    }

    const MutableTransaction& tx_;
    unsigned n_in_;
    ConfidentialValue amount_;
    const SigningProvider& provider_;
    int32_t hash_type_;
    const PrecomputedTransactionData* txdata_;
    TransactionSignatureChecker<MutableTransaction> checker_;
    bool can_sign_;
    bool complete_ = true;
};

}  // namespace

bool SignInput(MutableTransaction& tx, unsigned n_in, const Script& script_pubkey,
               const ConfidentialValue& amount, const SigningProvider& provider, int32_t hash_type,
               const PrecomputedTransactionData* txdata, std::span<const SignatureData> others) {
    if (n_in >= tx.vin.size()) return false;
    TxIn& in = tx.vin[n_in];
    std::vector<SignatureData> existing{SignatureData{Script(in.script_sig), in.witness.script_witness}};
    existing.insert(existing.end(), others.begin(), others.end());
    SignatureData out;
    InputSigner signer(tx, n_in, amount, provider, hash_type, txdata);
    if (!signer.SolveTop(script_pubkey, existing, out)) return false;
    in.script_sig = out.script_sig.bytes();
    in.witness.script_witness = std::move(out.witness);
    return signer.complete();
}

std::optional<ScriptError> VerifyInput(const MutableTransaction& tx, unsigned n_in,
                                       const Script& script_pubkey, const ConfidentialValue& amount,
                                       uint32_t flags, const PrecomputedTransactionData* txdata) {
    const TxIn& in = tx.vin[n_in];
    const TransactionSignatureChecker<MutableTransaction> checker(&tx, n_in, amount, txdata);
    ScriptError error = ScriptError::kOk;
    const Script script_sig(in.script_sig);
    if (VerifyScript(script_sig, script_pubkey, &in.witness.script_witness, flags, checker, &error)) {
        return std::nullopt;
    }
    return error;
}

}  // namespace ocean
