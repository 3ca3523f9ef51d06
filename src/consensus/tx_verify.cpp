// Contextual transaction rules: lock times, sigop cost, fees, input checks, explicit value conservation
// and peg-in inputs (consensus.md §5.2, §6.2–§6.5, §8).
#include "ocean/consensus/tx_verify.h"

#include <algorithm>
#include <set>
#include <string>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/primitives/asset.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/script.h"

namespace ocean {

uint256 UnblindedReissuanceNonce() {
    uint256 n;
    std::fill(n.begin(), n.end(), 0xff);
    return n;
}

// ---------------------------------------------------------------------------------------------------
// Lock time

bool IsFinalTx(const Transaction& tx, int64_t height, int64_t time) {
    if (tx.lock_time == 0) return true;
    const int64_t lock = tx.lock_time;
    if (lock < (lock < kLocktimeThreshold ? height : time)) return true;
    for (const TxIn& in : tx.vin) {
        if (in.sequence != kSequenceFinal) return false;
    }
    return true;
}

SequenceLocks CalculateSequenceLocks(const Transaction& tx, uint32_t flags, std::span<const int> prev_heights,
                                     const std::function<int64_t(int)>& mtp_at) {
    SequenceLocks locks;
    // The version is compared as unsigned, so negative versions enforce BIP68 too.
    const bool enforce = static_cast<uint32_t>(tx.version) >= 2 && (flags & kLocktimeVerifySequence);
    if (!enforce) return locks;
    for (size_t i = 0; i < tx.vin.size() && i < prev_heights.size(); ++i) {
        const TxIn& in = tx.vin[i];
        if (in.is_pegin || (in.sequence & kSequenceLocktimeDisableFlag)) continue;
        const int64_t coin_height = prev_heights[i];
        const int64_t value = in.sequence & kSequenceLocktimeMask;
        if (in.sequence & kSequenceLocktimeTypeFlag) {
            const int64_t coin_time = mtp_at(static_cast<int>(std::max<int64_t>(coin_height - 1, 0)));
            locks.min_time =
                std::max(locks.min_time, coin_time + (value << kSequenceLocktimeGranularity) - 1);
        } else {
            locks.min_height = std::max(locks.min_height, coin_height + value - 1);
        }
    }
    return locks;
}

bool EvaluateSequenceLocks(int64_t block_height, int64_t prev_mtp, const SequenceLocks& locks) {
    return locks.min_height < block_height && locks.min_time < prev_mtp;
}

// ---------------------------------------------------------------------------------------------------
// Sigops

unsigned GetLegacySigOpCount(const Transaction& tx) {
    unsigned n = 0;
    for (const TxIn& in : tx.vin) n += Script(in.script_sig).GetSigOpCount(false);
    for (const TxOut& out : tx.vout) n += Script(out.script_pubkey).GetSigOpCount(false);
    return n;
}

unsigned GetP2SHSigOpCount(const Transaction& tx, std::span<const Coin> spent) {
    if (tx.IsCoinBase()) return 0;
    unsigned n = 0;
    for (size_t i = 0; i < tx.vin.size() && i < spent.size(); ++i) {
        const Script spk(spent[i].out.script_pubkey);
        if (spk.IsPayToScriptHash()) n += spk.GetSigOpCount(Script(tx.vin[i].script_sig));
    }
    return n;
}

int64_t GetTransactionSigOpCost(const Transaction& tx, std::span<const Coin> spent, uint32_t flags) {
    int64_t cost = int64_t{GetLegacySigOpCount(tx)} * kWitnessScaleFactor;
    if (tx.IsCoinBase()) return cost;
    if (flags & SCRIPT_VERIFY_P2SH) cost += int64_t{GetP2SHSigOpCount(tx, spent)} * kWitnessScaleFactor;
    for (size_t i = 0; i < tx.vin.size() && i < spent.size(); ++i) {
        if (spent[i].IsSpent()) continue;  // an invalid peg-in has no coin; the tx fails elsewhere
        const TxIn& in = tx.vin[i];
        cost += static_cast<int64_t>(CountWitnessSigOps(
            Script(in.script_sig), Script(spent[i].out.script_pubkey), &in.witness.script_witness, flags));
    }
    return cost;
}

// ---------------------------------------------------------------------------------------------------
// Fees

bool HasValidFee(const Transaction& tx) {
    AmountMap totals;
    for (const TxOut& out : tx.vout) {
        if (!out.IsFee()) continue;
        const Amount v = out.value.GetAmount();
        if (v == 0 || !MoneyRange(v)) return false;
        Amount& t = totals[out.asset.GetAsset()];
        t += v;  // both terms are <= MAX_MONEY, no overflow
        if (!MoneyRange(t)) return false;
    }
    return true;
}

AmountMap GetFeeMap(const Transaction& tx) {
    AmountMap fees;
    bool any = false;
    for (const TxOut& out : tx.vout) {
        if (!out.IsFee()) continue;
        any = true;
        Amount& t = fees[out.asset.GetAsset()];
        // Out-of-range values (which HasValidFee rejects) saturate instead of overflowing.
        const Amount v = out.value.GetAmount();
        t = (MoneyRange(t) && MoneyRange(v)) ? t + v : MAX_MONEY + 1;
    }
    if (!any && !tx.vout.empty() && tx.vout[0].asset.IsExplicit()) fees[tx.vout[0].asset.GetAsset()] = 0;
    return fees;
}

bool AccumulateBlockFees(const Transaction& tx, AmountMap& block_fees, ValidationState& state) {
    if (!HasValidFee(tx)) return state.Invalid("bad-fee-outofrange", 100, "tx " + tx.GetTxid().ToHex());
    for (const auto& [asset, fee] : GetFeeMap(tx)) {
        Amount& total = block_fees[asset];
        total += fee;  // both <= MAX_MONEY (HasValidFee and the check below)
        if (!MoneyRange(total)) return state.Invalid("bad-blockreward-outofrange", 100);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------
// Inputs

bool CheckTxInputs(const Transaction& tx, std::span<const Coin> spent, int spend_height,
                   ValidationState& state) {
    if (spent.size() != tx.vin.size())
        return state.Invalid("bad-txns-inputs-missingorspent", 100, "coins do not match the inputs");
    Amount value_in = 0;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const Coin& coin = spent[i];
        if (coin.IsSpent()) return state.Invalid("bad-txns-inputs-missingorspent", 100);
        if (tx.vin[i].is_pegin) continue;  // checked when its synthetic coin was built
        if (coin.coinbase && int64_t{spend_height} - int64_t{coin.height} < kCoinbaseMaturity) {
            return state.Invalid("bad-txns-premature-spend-of-coinbase", 0,
                                 "tried to spend coinbase at depth " +
                                     std::to_string(int64_t{spend_height} - int64_t{coin.height}));
        }
        if (coin.out.value.IsExplicit()) {
            // Summed across all assets (consensus.md §12.4).
            const Amount v = coin.out.value.GetAmount();
            if (!MoneyRange(v)) return state.Invalid("bad-txns-inputvalues-outofrange", 100);
            value_in += v;
            if (!MoneyRange(value_in)) return state.Invalid("bad-txns-inputvalues-outofrange", 100);
        }
    }
    if (!HasValidFee(tx)) return state.Invalid("bad-txns-fee-outofrange", 100);
    return true;
}

// ---------------------------------------------------------------------------------------------------
// Amounts

namespace {

constexpr size_t kMaxProofSize = 5000;

// Per-asset tally of explicit amounts; 128-bit so no sum of int64 amounts can overflow.
using Tally = std::map<uint256, __int128>;

bool NotBalanced(ValidationState& state, const std::string& why) {
    return state.Invalid("bad-txns-in-ne-out", 100, why);
}
bool Blinded(ValidationState& state, const std::string& what) {
    return state.Invalid("bad-txns-blinded-unsupported", 0,
                         what + " is blinded (confidential transactions are not supported)");
}

// Processes an explicit pseudo-input amount of `asset` (issuance or token). Returns false with the
// state set on failure; *stop is set when the amount is an explicit 0 (processing of the input ends).
bool AddIssuanceAmount(const ConfidentialValue& v, const uint256& asset, Tally& in, bool* stop,
                       ValidationState& state, const char* what) {
    if (v.IsCommitment()) return Blinded(state, what);
    if (!v.IsExplicit()) return NotBalanced(state, std::string(what) + " is not a valid amount");
    const Amount a = v.GetAmount();
    if (!MoneyRange(a)) return NotBalanced(state, std::string(what) + " out of range");
    if (a == 0) {
        *stop = true;
        return true;
    }
    in[asset] += a;
    return true;
}

}  // namespace

bool VerifyAmounts(const Transaction& tx, std::span<const Coin> spent, ValidationState& state) {
    if (spent.size() != tx.vin.size())
        return state.Invalid("bad-txns-inputs-missingorspent", 100, "coins do not match the inputs");
    Tally in, out;
    const uint256 unblinded = UnblindedReissuanceNonce();

    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const TxIn& txin = tx.vin[i];
        const TxOut& prev = spent[i].out;
        const std::string idx = "input " + std::to_string(i);
        if (prev.asset.IsNull() || prev.value.IsNull()) return NotBalanced(state, idx + " spends nothing");
        if (prev.asset.IsCommitment()) return Blinded(state, idx + " asset");
        if (!prev.asset.IsExplicit()) return NotBalanced(state, idx + " asset is not valid");
        if (prev.value.IsCommitment()) return Blinded(state, idx + " value");
        if (!prev.value.IsExplicit()) return NotBalanced(state, idx + " value is not valid");
        const Amount v = prev.value.GetAmount();
        if (!MoneyRange(v)) return NotBalanced(state, idx + " value out of range");
        // The zero-blinding commitment to 0 is the point at infinity: explicit 0 can never be spent.
        if (v == 0) return NotBalanced(state, idx + " spends an explicit zero value");
        in[prev.asset.GetAsset()] += v;

        if (!txin.HasIssuance()) continue;
        const AssetIssuance& iss = txin.issuance;
        uint256 entropy;
        if (!iss.IsReissuance()) {
            entropy = ComputeIssuanceEntropy(txin.prevout, iss.asset_entropy);
        } else {
            entropy = iss.asset_entropy;
        }
        const uint256 asset = ComputeAssetId(entropy);
        const uint256 token = ComputeReissuanceToken(entropy, iss.amount.IsCommitment());
        if (iss.IsReissuance()) {
            // The input must be the reissuance token. A real nonce proves it through the blinded
            // generator, which needs secp256k1-zkp; an explicit coin can never match that generator.
            if (iss.asset_blinding_nonce != unblinded)
                return NotBalanced(state, idx + " reissuance does not spend the blinded reissuance token");
            if (prev.asset.GetAsset() != token) {
                return state.Invalid(
                    "bad-txns-reissuance-unauthorized", 100,
                    idx + " reissues " + asset.ToHex() + " without spending its token " + token.ToHex());
            }
        }
        bool stop = false;
        if (!iss.amount.IsNull()) {
            if (!AddIssuanceAmount(iss.amount, asset, in, &stop, state, "issuance amount")) return false;
            if (stop) continue;
        }
        if (!iss.inflation_keys.IsNull()) {
            if (iss.IsReissuance()) return NotBalanced(state, idx + " reissuance creates tokens");
            if (!AddIssuanceAmount(iss.inflation_keys, token, in, &stop, state, "issuance token amount"))
                return false;
        }
    }

    for (size_t j = 0; j < tx.vout.size(); ++j) {
        const TxOut& o = tx.vout[j];
        const std::string idx = "output " + std::to_string(j);
        if (o.asset.IsCommitment()) return Blinded(state, idx + " asset");
        if (o.value.IsCommitment()) return Blinded(state, idx + " value");
        if (!o.asset.IsExplicit()) return NotBalanced(state, idx + " asset is not explicit");
        if (!o.value.IsExplicit()) return NotBalanced(state, idx + " value is not explicit");
        if (!o.nonce.IsValid()) return NotBalanced(state, idx + " nonce is not valid");
        if (o.witness.surjection_proof.size() > kMaxProofSize || o.witness.range_proof.size() > kMaxProofSize)
            return NotBalanced(state, idx + " proof too large");
        if (!o.witness.surjection_proof.empty())
            return NotBalanced(state, idx + " explicit asset with a surjection proof");
        if (!o.witness.range_proof.empty())
            return NotBalanced(state, idx + " explicit value with a range proof");
        const Amount v = o.value.GetAmount();
        if (!MoneyRange(v)) return NotBalanced(state, idx + " value out of range");
        if (v != 0) out[o.asset.GetAsset()] += v;
    }

    if (in != out) {
        for (const auto& [asset, sum] : in) {
            auto it = out.find(asset);
            if (it == out.end() || it->second != sum)
                return NotBalanced(state, "asset " + asset.ToHex() + " does not balance");
        }
        return NotBalanced(state, "outputs create an asset no input carries");
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------
// Peg-in

bool CheckPeginWitness(const TxIn& in, const uint256& pegged_asset, const uint256& parent_genesis_hash) {
    const std::vector<Bytes>& stack = in.witness.pegin_witness;
    if (!in.is_pegin || stack.size() != 5) return false;
    if (stack[0].size() < 8) return false;  // the int64 is read from the first 8 bytes
    uint64_t u = 0;
    for (int b = 7; b >= 0; --b) u = (u << 8) | stack[0][b];
    if (!MoneyRange(static_cast<Amount>(u))) return false;
    if (stack[1].size() != 32 || uint256(stack[1]) != pegged_asset) return false;
    if (stack[2].size() != 32 || uint256(stack[2]) != parent_genesis_hash) return false;
    if (!PubKey(stack[3]).IsFullyValid()) return false;
    if (stack[4].size() != 32 || uint256(stack[4]) != in.prevout.hash) return false;
    return true;
}

std::optional<Coin> GetPeginSpentCoin(const TxIn& in, const uint256& pegged_asset,
                                      const uint256& parent_genesis_hash) {
    if (!CheckPeginWitness(in, pegged_asset, parent_genesis_hash)) return std::nullopt;
    const std::vector<Bytes>& stack = in.witness.pegin_witness;
    uint64_t u = 0;
    for (int b = 7; b >= 0; --b) u = (u << 8) | stack[0][b];
    TxOut out;
    out.asset.SetExplicit(pegged_asset);
    out.value.SetExplicit(static_cast<Amount>(u));
    Script spk;
    spk << OP_DUP << OP_HASH160 << Hash160(stack[3]) << OP_EQUALVERIFY << OP_CHECKSIG;
    out.script_pubkey = spk.bytes();
    return Coin(std::move(out), 0, false);
}

bool ResolveSpentCoins(const Transaction& tx, const ChainParams& params, const CoinLookup& lookup,
                       std::vector<Coin>& spent, ValidationState& state) {
    spent.assign(tx.vin.size(), Coin());
    if (tx.IsCoinBase()) return true;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const TxIn& in = tx.vin[i];
        if (in.is_pegin) {
            auto coin = GetPeginSpentCoin(in, params.pegged_asset, params.parent_genesis_hash);
            if (!coin) return state.Invalid("bad-pegin-witness", 100, "input " + std::to_string(i));
            spent[i] = std::move(*coin);
            continue;
        }
        std::optional<Coin> coin;
        if (!params.IsDisabledOutput(in.prevout)) coin = lookup(in.prevout);
        if (!coin || coin->IsSpent())
            return state.Invalid("bad-txns-inputs-missingorspent", 100,
                                 in.prevout.hash.ToHex() + ":" + std::to_string(in.prevout.n));
        spent[i] = std::move(*coin);
    }
    return true;
}

}  // namespace ocean
