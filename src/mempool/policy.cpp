#include "ocean/mempool/policy.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <utility>

#include "ocean/primitives/serialize.h"

namespace ocean {
namespace {

// Encoded size of a confidential field: one byte when null, else its prefix and body.
template <typename Field>
size_t FieldSize(const Field& f) {
    return f.IsNull() ? 1 : f.size();
}

// Runs a scriptSig without flags or signature checks (Core's "convert the scriptSig into a stack") and
// returns the top item, or nullopt when evaluation fails or leaves an empty stack.
std::optional<Bytes> TopOfScriptSig(const Bytes& script_sig) {
    ScriptStack stack;
    SignatureChecker checker;
    if (!EvalScript(stack, Script(script_sig), SCRIPT_VERIFY_NONE, checker, SigVersion::kBase, nullptr)) {
        return std::nullopt;
    }
    if (stack.empty()) return std::nullopt;
    return std::move(stack.back());
}

bool HasPolicyAsset(const TxOut& out, const std::vector<uint256>& assets) {
    if (!out.asset.IsExplicit()) return false;
    return std::find(assets.begin(), assets.end(), out.asset.GetAsset()) != assets.end();
}

}  // namespace

Amount GetFeeForSize(Amount rate_per_kb, size_t bytes) {
    const auto size = static_cast<int64_t>(std::min<size_t>(bytes, std::numeric_limits<int64_t>::max()));
    Amount fee = rate_per_kb * size / 1000;
    if (fee == 0 && size != 0) {
        if (rate_per_kb > 0) fee = 1;
        if (rate_per_kb < 0) fee = -1;
    }
    return fee;
}

// ---------------------------------------------------------------------------------------------------
// Dust

size_t GetDustOutputSize(const TxOut& out) {
    return FieldSize(out.asset) + FieldSize(out.value) + FieldSize(out.nonce) +
           CompactSizeLen(out.script_pubkey.size()) + out.script_pubkey.size();
}

Amount GetDustThreshold(const TxOut& out, Amount dust_relay_fee) {
    const Script script(out.script_pubkey);
    if (script.IsUnspendable()) return 0;
    size_t size = GetDustOutputSize(out);
    if (script.IsWitnessProgram()) {
        size += 32 + 4 + 1 + (107 / 4) + 4;  // 67: outpoint, scriptSig length, witness discounted, sequence
    } else {
        size += 32 + 4 + 1 + 107 + 4;  // 148: an input spending a P2PKH output
    }
    return 3 * GetFeeForSize(dust_relay_fee, size);
}

bool IsDust(const TxOut& out, Amount dust_relay_fee) {
    if (out.IsFee()) return false;
    if (!out.value.IsExplicit()) return false;
    return out.value.GetAmount() < GetDustThreshold(out, dust_relay_fee);
}

// ---------------------------------------------------------------------------------------------------
// Standardness

bool IsStandardOutput(const Script& script, const PolicyOptions& options, TxoutType& type) {
    const SolvedScript solved = Solve(script);
    type = solved.type;
    switch (solved.type) {
        case TxoutType::kNonstandard:
        case TxoutType::kTrue:
            return false;
        case TxoutType::kMultisig:
        case TxoutType::kLockedMultisig: {
            // [locktime,] m, keys..., n; m and n are one-byte values.
            const size_t m_index = solved.type == TxoutType::kLockedMultisig ? 1 : 0;
            const int m = solved.solutions[m_index].empty() ? 0 : solved.solutions[m_index][0];
            const int n = solved.solutions.back().empty() ? 0 : solved.solutions.back()[0];
            return n >= 1 && n <= 3 && m >= 1 && m <= n;
        }
        case TxoutType::kNullData:
            return options.data_carrier && script.size() <= options.max_op_return_bytes;
        case TxoutType::kRegisterAddressV0:
        case TxoutType::kDeregisterAddressV0:
        case TxoutType::kRegisterAddressV1:
        case TxoutType::kDeregisterAddressV1:
            return options.register_address && script.size() <= options.register_address_size;
        case TxoutType::kPubKey:
        case TxoutType::kPubKeyHash:
        case TxoutType::kScriptHash:
        case TxoutType::kWitnessV0KeyHash:
        case TxoutType::kWitnessV0ScriptHash:
        case TxoutType::kFee:
            return true;
    }
    return false;
}

bool IsStandardOutput(const Script& script, const PolicyOptions& options, std::string* type_out) {
    TxoutType type = TxoutType::kNonstandard;
    const bool ok = IsStandardOutput(script, options, type);
    if (type_out) *type_out = std::string(GetTxoutTypeName(type));
    return ok;
}

bool IsStandardTx(const Transaction& tx, const PolicyOptions& options, std::string& reason) {
    if (tx.version > kMaxStandardVersion || tx.version < 1) {
        reason = "version";
        return false;
    }
    if (tx.GetWeight() >= kMaxStandardTxWeight) {
        reason = "tx-size";
        return false;
    }
    for (const TxIn& in : tx.vin) {
        if (in.script_sig.size() > kMaxStandardScriptSigSize) {
            reason = "scriptsig-size";
            return false;
        }
        if (!Script(in.script_sig).IsPushOnly()) {
            reason = "scriptsig-not-pushonly";
            return false;
        }
    }
    unsigned data_outputs = 0;
    for (const TxOut& out : tx.vout) {
        TxoutType type = TxoutType::kNonstandard;
        if (!IsStandardOutput(Script(out.script_pubkey), options, type)) {
            reason = "scriptpubkey";
            return false;
        }
        if (type == TxoutType::kNullData) {
            ++data_outputs;
        } else if ((type == TxoutType::kMultisig || type == TxoutType::kLockedMultisig) &&
                   !options.permit_bare_multisig) {
            reason = "bare-multisig";
            return false;
        } else if (IsDust(out, options.dust_relay_fee)) {
            reason = "dust";
            return false;
        }
    }
    if (data_outputs > 1) {
        reason = "multi-op-return";
        return false;
    }
    return true;
}

bool AreInputsStandard(const Transaction& tx, std::span<const Coin> spent) {
    if (tx.IsCoinBase()) return true;
    if (spent.size() != tx.vin.size()) return false;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const Script prev(spent[i].out.script_pubkey);
        const SolvedScript solved = Solve(prev);
        if (solved.type == TxoutType::kNonstandard) return false;
        if (solved.type == TxoutType::kScriptHash) {
            const std::optional<Bytes> redeem = TopOfScriptSig(tx.vin[i].script_sig);
            if (!redeem) return false;
            if (Script(*redeem).GetSigOpCount(true) > kMaxP2SHSigOps) return false;
        }
    }
    return true;
}

bool IsWitnessStandard(const Transaction& tx, std::span<const Coin> spent) {
    if (tx.IsCoinBase()) return true;
    if (spent.size() != tx.vin.size()) return false;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const std::vector<Bytes>& witness = tx.vin[i].witness.script_witness;
        if (witness.empty()) continue;
        Script prev(spent[i].out.script_pubkey);
        if (prev.IsPayToScriptHash()) {
            std::optional<Bytes> redeem = TopOfScriptSig(tx.vin[i].script_sig);
            if (!redeem) return false;
            prev = Script(std::move(*redeem));
        }
        int version = 0;
        Bytes program;
        if (!prev.IsWitnessProgram(version, program)) return false;
        if (version == 0 && program.size() == 32) {
            if (witness.back().size() > kMaxStandardP2WSHScriptSize) return false;
            const size_t items = witness.size() - 1;
            if (items > kMaxStandardP2WSHStackItems) return false;
            for (size_t j = 0; j < items; ++j) {
                if (witness[j].size() > kMaxStandardP2WSHStackItemSize) return false;
            }
        }
    }
    return true;
}

int64_t GetVirtualTransactionSize(int64_t weight, int64_t sigop_cost, int64_t bytes_per_sigop) {
    return (std::max(weight, sigop_cost * bytes_per_sigop) + 3) / 4;
}

// ---------------------------------------------------------------------------------------------------
// Fees

Result<ExaminedFee> GetExaminedFee(const Transaction& tx) {
    std::map<uint256, Amount> fees;
    for (const TxOut& out : tx.vout) {
        if (!out.IsFee()) continue;
        Amount& total = fees[out.asset.GetAsset()];
        const Amount v = out.value.GetAmount();
        total = (MoneyRange(total) && MoneyRange(v)) ? total + v : MAX_MONEY + 1;
    }
    if (!fees.empty()) return ExaminedFee{fees.begin()->first, fees.begin()->second};
    if (tx.vout.empty()) return Error("bad-txns-fee-asset", "transaction without outputs");
    if (!tx.vout[0].asset.IsExplicit()) {
        return Error("bad-txns-fee-asset", "no fee output and the asset of output 0 is not explicit");
    }
    return ExaminedFee{tx.vout[0].asset.GetAsset(), 0};
}

// ---------------------------------------------------------------------------------------------------
// Classification

bool IsAllBurn(const Transaction& tx) {
    return std::all_of(tx.vout.begin(), tx.vout.end(), [](const TxOut& out) {
        return Solve(Script(out.script_pubkey)).type == TxoutType::kNullData;
    });
}

std::vector<uint256> PolicyAssetsAt(const ChainParams& params, int height) {
    const auto h = static_cast<uint32_t>(std::max(height, 0));
    std::vector<uint256> assets;
    for (const PolicyAssetKind kind :
         {PolicyAssetKind::kFreezelist, PolicyAssetKind::kBurnlist, PolicyAssetKind::kWhitelist,
          PolicyAssetKind::kChallenge, PolicyAssetKind::kPermission, PolicyAssetKind::kIssuance}) {
        if (std::optional<uint256> a = params.PolicyAssetAt(kind, h)) assets.push_back(*a);
    }
    return assets;
}

bool IsPolicyTx(const Transaction& tx, const ChainParams& params, int height) {
    const std::vector<uint256> assets = PolicyAssetsAt(params, height);
    if (assets.empty()) return false;
    return std::any_of(tx.vout.begin(), tx.vout.end(),
                       [&](const TxOut& out) { return HasPolicyAsset(out, assets); });
}

bool SpendsAsset(std::span<const Coin> spent, const uint256& asset) {
    return std::any_of(spent.begin(), spent.end(), [&](const Coin& c) {
        return c.out.asset.IsExplicit() && c.out.asset.GetAsset() == asset;
    });
}

bool IsAuthorisedPolicyTx(const Transaction& tx, std::span<const Coin> spent, const ChainParams& params,
                          int height) {
    for (const uint256& asset : PolicyAssetsAt(params, height)) {
        const std::vector<uint256> one{asset};
        const bool out = std::any_of(tx.vout.begin(), tx.vout.end(),
                                     [&](const TxOut& o) { return HasPolicyAsset(o, one); });
        if (out && SpendsAsset(spent, asset)) return true;
    }
    return false;
}

bool IsAllPolicyTx(const Transaction& tx, const ChainParams& params, int height) {
    if (tx.vout.empty()) return false;
    const std::vector<uint256> assets = PolicyAssetsAt(params, height);
    if (assets.empty()) return false;
    return std::all_of(tx.vout.begin(), tx.vout.end(),
                       [&](const TxOut& out) { return HasPolicyAsset(out, assets); });
}

bool Input0HasIssuance(const Transaction& tx) {
    return !tx.vin.empty() && tx.vin[0].HasIssuance();
}

bool IsRedemption(const Transaction& tx) {
    for (const TxOut& out : tx.vout) {
        const SolvedScript solved = Solve(Script(out.script_pubkey));
        if (solved.type == TxoutType::kNonstandard) return false;
        if (solved.type == TxoutType::kPubKeyHash && uint160(ByteSpan(solved.solutions[0])).IsNull()) {
            return true;
        }
    }
    return false;
}

bool SpendsCoinbase(std::span<const Coin> spent) {
    return std::any_of(spent.begin(), spent.end(), [](const Coin& c) { return c.coinbase; });
}

bool IsFeeExempt(const Transaction& tx, std::span<const Coin> spent, const ChainParams& params, int height) {
    return Input0HasIssuance(tx) || IsAllBurn(tx) || IsAuthorisedPolicyTx(tx, spent, params, height) ||
           IsRedemption(tx) || SpendsCoinbase(spent);
}

// ---------------------------------------------------------------------------------------------------
// Fixed-fee mode

std::optional<std::string> CheckSplitOutputsSpam(const Transaction& tx, const ChainParams& params, int height,
                                                 const PolicyOptions& options) {
    if (options.fixed_tx_fee <= 0) return std::nullopt;
    if (IsAllBurn(tx) || IsAllPolicyTx(tx, params, height)) return std::nullopt;
    int data_or_unsolvable = 0;
    // (20-byte hash, encoded asset) of every P2PKH/P2SH output seen so far.
    std::vector<std::pair<uint160, ConfidentialAsset>> paid;
    for (const TxOut& out : tx.vout) {
        const SolvedScript solved = Solve(Script(out.script_pubkey));
        if (solved.type == TxoutType::kNullData || solved.type == TxoutType::kNonstandard) {
            if (++data_or_unsolvable > 2) return "split-outputs-spam";
        } else if (solved.type == TxoutType::kPubKeyHash || solved.type == TxoutType::kScriptHash) {
            std::pair<uint160, ConfidentialAsset> key{uint160(ByteSpan(solved.solutions[0])), out.asset};
            if (std::find(paid.begin(), paid.end(), key) != paid.end()) return "split-outputs-spam";
            paid.push_back(std::move(key));
        }
    }
    return std::nullopt;
}

std::optional<std::string> CheckExactFixedFee(const Transaction& tx, std::span<const Coin> spent,
                                              const ChainParams& params, int height,
                                              const PolicyOptions& options) {
    if (options.fixed_tx_fee <= 0) return std::nullopt;
    if (IsFeeExempt(tx, spent, params, height)) return std::nullopt;
    const Result<ExaminedFee> fee = GetExaminedFee(tx);
    if (!fee) return fee.error().code;
    if (fee->amount != options.fixed_tx_fee) return "incorrect transaction fee";
    return std::nullopt;
}

std::optional<std::string> CheckFixedFee(const Transaction& tx, std::span<const Coin> spent,
                                         const ChainParams& params, int height,
                                         const PolicyOptions& options) {
    if (auto spam = CheckSplitOutputsSpam(tx, params, height, options)) return spam;
    return CheckExactFixedFee(tx, spent, params, height, options);
}

}  // namespace ocean
