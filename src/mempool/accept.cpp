#include "ocean/mempool/accept.h"

#include <algorithm>
#include <set>

#include "ocean/consensus/tx_check.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/script_error.h"

namespace ocean {
namespace {

constexpr size_t kMaxBip125ReplacementCandidates = 100;

bool Reject(AcceptResult& r, int code, std::string reason, int dos = 0, std::string debug = {}) {
    r.reject_code = code;
    r.state.Invalid(std::move(reason), dos, std::move(debug));
    return false;
}

// Fee per 1000 vbytes compared without division: a/as > b/bs.
bool FeeRateHigher(Amount a, size_t as, Amount b, size_t bs) {
    return static_cast<__int128>(a) * static_cast<__int128>(bs) >
           static_cast<__int128>(b) * static_cast<__int128>(as);
}

bool Worker(Chainstate& chain, TxMempool& pool, const TransactionRef& ptx, const AcceptOptions& o,
            int64_t now, AcceptResult& r) {
    const Transaction& tx = *ptx;
    const uint256& txid = tx.GetTxid();
    const ChainParams& params = chain.params();

    if (!CheckTransaction(tx, r.state)) {
        r.reject_code = kRejectInvalid;
        return false;
    }
    if (tx.IsCoinBase()) return Reject(r, kRejectInvalid, "coinbase", 100);
    std::string reason;
    if (o.policy.require_standard && !IsStandardTx(tx, o.policy, reason)) {
        return Reject(r, kRejectNonstandard, reason);
    }
    const BlockIndex* tip = chain.Tip();
    // policy.md §5 step 2: the whitelist (skipped in test mode).
    const bool list_rules = o.lists != nullptr && !o.skip_list_rules;
    bool needs_policy_spend = false;
    if (list_rules && o.list_policy.whitelist) {
        switch (PrecheckWhitelist(tx, *o.lists, params, tip->height)) {
            case WhitelistPrecheck::kPass:
                break;
            case WhitelistPrecheck::kPassIfPolicy:
                needs_policy_spend = true;
                break;
            case WhitelistPrecheck::kReject:
                return Reject(r, kRejectNonstandard, "non-whitelisted-address");
        }
    }
    const int next_height = tip->height + 1;
    const int64_t tip_mtp = tip->GetMedianTimePast();
    if (!IsFinalTx(tx, next_height, tip_mtp)) return Reject(r, kRejectNonstandard, "non-final");
    if (pool.Exists(txid)) return Reject(r, kRejectDuplicate, "txn-already-in-mempool");

    // Conflicts with pool transactions: allowed only as a BIP125 replacement of opt-in transactions.
    std::set<uint256> conflicts;
    for (const TxIn& in : tx.vin) {
        auto spender = pool.SpenderOf(in.prevout);
        if (!spender) continue;
        if (conflicts.count(*spender)) continue;
        TransactionRef other = pool.GetTx(*spender);
        if (!o.allow_replacement || !other || !SignalsOptInRbf(*other)) {
            return Reject(r, kRejectDuplicate, "txn-mempool-conflict");
        }
        conflicts.insert(*spender);
    }

    // Inputs: outputs of pool transactions, then the UTXO set.
    bool missing = false;
    std::vector<Coin> spent;
    ValidationState coin_state;
    const CoinLookup lookup = [&](const OutPoint& out) -> std::optional<Coin> {
        if (TransactionRef parent = pool.GetTx(out.hash)) {
            if (out.n >= parent->vout.size()) return std::nullopt;
            return Coin(parent->vout[out.n], static_cast<uint32_t>(kMempoolHeight), false);
        }
        auto coin = chain.GetCoin(out);
        if (!coin) missing = true;
        return coin;
    };
    if (!ResolveSpentCoins(tx, params, lookup, spent, coin_state)) {
        if (missing) {
            // Already confirmed? Then the "missing" inputs are this transaction's own spent outputs.
            for (size_t i = 0; i < tx.vout.size(); ++i) {
                if (chain.GetCoin(OutPoint(txid, static_cast<uint32_t>(i)))) {
                    return Reject(r, kRejectAlreadyKnown, "txn-already-known");
                }
            }
            r.missing_inputs = true;
        }
        r.state = coin_state;
        r.reject_code = kRejectInvalid;
        return false;
    }

    // BIP68, with pool coins counted at the next height (Core: CheckSequenceLocks on the mempool view).
    std::vector<int> prev_heights(tx.vin.size());
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        prev_heights[i] = spent[i].height == static_cast<uint32_t>(kMempoolHeight)
                              ? next_height
                              : static_cast<int>(spent[i].height);
    }
    const SequenceLocks locks = CalculateSequenceLocks(tx, kBlockLocktimeFlags, prev_heights, [&](int h) {
        const BlockIndex* b = chain.AtHeight(std::max(h - 1, 0));
        return b ? b->GetMedianTimePast() : tip_mtp;
    });
    if (!EvaluateSequenceLocks(next_height, tip_mtp, locks))
        return Reject(r, kRejectNonstandard, "non-BIP68-final");

    if (!CheckTxInputs(tx, spent, next_height, r.state) || !VerifyAmounts(tx, spent, r.state)) {
        r.reject_code = kRejectInvalid;
        return false;
    }
    if (o.policy.require_standard) {
        if (!AreInputsStandard(tx, spent))
            return Reject(r, kRejectNonstandard, "bad-txns-nonstandard-inputs");
        if (!IsWitnessStandard(tx, spent)) return Reject(r, kRejectNonstandard, "bad-witness-nonstandard", 0);
    }
    // policy.md §5 steps 6–8. Only a transaction that spends the policy asset it outputs is exempt.
    if (list_rules) {
        const bool policy = IsAuthorisedPolicyTx(tx, spent, params, tip->height);
        if (needs_policy_spend && !policy) return Reject(r, kRejectNonstandard, "non-whitelisted-address");
        if (!policy) {
            if (auto bad = CheckFreezeAndBurnRules(tx, spent, *o.lists, o.list_policy))
                return Reject(r, kRejectNonstandard, *bad);
        }
    }
    if (o.lists && o.list_policy.issuance_block) {
        if (auto bad = CheckIssuanceBlock(tx, spent, *o.lists, o.list_policy, params, tip->height))
            return Reject(r, kRejectNonstandard, *bad);
    }
    const int64_t sigop_cost = GetTransactionSigOpCost(tx, spent, kStandardScriptVerifyFlags);
    if (sigop_cost > kMaxStandardTxSigopCost) {
        return Reject(r, kRejectNonstandard, "bad-txns-too-many-sigops", 0, std::to_string(sigop_cost));
    }
    const size_t vsize =
        static_cast<size_t>(GetVirtualTransactionSize(static_cast<int64_t>(tx.GetWeight()), sigop_cost));
    r.vsize = vsize;

    // Fee (consensus.md §11.2).
    auto examined = GetExaminedFee(tx);
    if (!examined) return Reject(r, kRejectInvalid, examined.error().code, 0, examined.error().message);
    r.fee = examined->amount;
    const Amount modified_fee = examined->amount + pool.GetFeeDelta(txid);
    if (o.policy.fixed_tx_fee > 0) {
        // Ocean's test mode applies the spam rule but skips the exact-fee rule.
        auto bad = o.test_only ? CheckSplitOutputsSpam(tx, params, tip->height, o.policy)
                               : CheckFixedFee(tx, spent, params, tip->height, o.policy);
        if (bad) {
            return Reject(r, kRejectInsufficientFee, *bad);
        }
    } else {
        const Amount min_rate = pool.GetMinFee(o.max_pool_bytes, now);
        if (min_rate > 0 && modified_fee < GetFeeForSize(min_rate, vsize) &&
            !IsFeeExempt(tx, spent, params, tip->height)) {
            return Reject(
                r, kRejectInsufficientFee, "mempool min fee not met", 0,
                std::to_string(modified_fee) + " < " + std::to_string(GetFeeForSize(min_rate, vsize)));
        }
    }
    if (o.max_tx_fee > 0 && examined->amount > o.max_tx_fee) {
        return Reject(r, kRejectHighFee, "absurdly-high-fee", 0,
                      std::to_string(examined->amount) + " > " + std::to_string(o.max_tx_fee));
    }

    auto ancestors = pool.CalculateAncestors(tx, vsize);
    if (!ancestors)
        return Reject(r, kRejectNonstandard, "too-long-mempool-chain", 0, ancestors.error().message);

    // BIP125 replacement (Core 0.14's rules, fees in the examined fee asset).
    if (!conflicts.empty()) {
        for (const uint256& a : *ancestors) {
            if (conflicts.count(a)) {
                return Reject(r, kRejectInvalid, "bad-txns-spends-conflicting-tx", 10,
                              txid.ToHex() + " spends conflicting transaction " + a.ToHex());
            }
        }
        std::set<uint256> evicted;
        Amount conflicting_fees = 0;
        for (const uint256& c : conflicts) {
            auto entry = pool.GetEntry(c);
            if (!entry) continue;
            // The replacement must pay a higher feerate than each transaction it directly replaces.
            if (!FeeRateHigher(modified_fee, vsize, entry->ModifiedFee(), entry->vsize)) {
                return Reject(
                    r, kRejectInsufficientFee, "insufficient fee", 0,
                    "rejecting replacement " + txid.ToHex() + "; new feerate not higher than " + c.ToHex());
            }
            evicted.insert(c);
            for (const uint256& d : pool.GetDescendants(c)) evicted.insert(d);
            if (evicted.size() > kMaxBip125ReplacementCandidates) {
                return Reject(r, kRejectNonstandard, "too many potential replacements", 0,
                              "rejecting replacement " + txid.ToHex() + "; too many potential replacements");
            }
        }
        for (const uint256& e : evicted) {
            if (auto entry = pool.GetEntry(e)) {
                conflicting_fees += entry->ModifiedFee();
            }
        }
        // No new unconfirmed inputs: every pool parent must already be a parent of a replaced tx.
        std::set<uint256> conflict_parents;
        for (const uint256& c : conflicts) {
            if (TransactionRef ct = pool.GetTx(c)) {
                for (const TxIn& in : ct->vin) conflict_parents.insert(in.prevout.hash);
            }
        }
        for (const TxIn& in : tx.vin) {
            if (pool.Exists(in.prevout.hash) && !conflict_parents.count(in.prevout.hash)) {
                return Reject(r, kRejectNonstandard, "replacement-adds-unconfirmed", 0,
                              "replacement " + txid.ToHex() + " adds unconfirmed input");
            }
        }
        // Pays for everything it evicts, plus its own relay at the incremental rate.
        if (modified_fee < conflicting_fees) {
            return Reject(r, kRejectInsufficientFee, "insufficient fee", 0,
                          "rejecting replacement " + txid.ToHex() + ", less fees than conflicting txs");
        }
        if (modified_fee - conflicting_fees < GetFeeForSize(o.incremental_relay_fee, vsize)) {
            return Reject(r, kRejectInsufficientFee, "insufficient fee", 0,
                          "rejecting replacement " + txid.ToHex() + ", not enough additional fees to relay");
        }
    }

    // Scripts: standard flags; a failure re-checked with the mandatory flags says whether the
    // transaction is invalid (DoS) or only non-standard.
    const PrecomputedTransactionData txdata(tx);
    for (unsigned i = 0; i < tx.vin.size(); ++i) {
        const TxIn& in = tx.vin[i];
        ScriptError err = ScriptError::kUnknown;
        TransactionSignatureChecker<Transaction> checker(&tx, i, spent[i].out.value, &txdata,
                                                         &chain.SigCache(), true);
        if (VerifyScript(Script(in.script_sig), Script(spent[i].out.script_pubkey),
                         &in.witness.script_witness, kStandardScriptVerifyFlags, checker, &err)) {
            continue;
        }
        ScriptError mandatory_err = ScriptError::kUnknown;
        if (VerifyScript(Script(in.script_sig), Script(spent[i].out.script_pubkey),
                         &in.witness.script_witness, kMandatoryScriptVerifyFlags, checker, &mandatory_err)) {
            return Reject(r, kRejectNonstandard,
                          "non-mandatory-script-verify-flag (" + std::string(ScriptErrorString(err)) + ")");
        }
        return Reject(
            r, kRejectInvalid,
            "mandatory-script-verify-flag-failed (" + std::string(ScriptErrorString(mandatory_err)) + ")",
            100);
    }

    if (o.test_only) return true;

    for (const uint256& c : conflicts) {
        if (TransactionRef ct = pool.GetTx(c)) {
            for (const uint256& d : pool.GetDescendants(c)) {
                if (TransactionRef dt = pool.GetTx(d)) r.replaced.push_back(dt);
            }
            r.replaced.push_back(ct);
            pool.RemoveRecursive(*ct, RemovalReason::kReplaced);
        }
    }
    MempoolEntry entry;
    entry.tx = ptx;
    entry.fee = examined->amount;
    entry.fees = GetFeeMap(tx);
    entry.vsize = vsize;
    entry.weight = tx.GetWeight();
    entry.sigop_cost = sigop_cost;
    entry.time = now;
    entry.height = tip->height;
    entry.spends_coinbase = SpendsCoinbase(spent);
    entry.fee_delta = pool.GetFeeDelta(txid);
    pool.AddUnchecked(std::move(entry));
    pool.Expire(now - o.expiry_seconds);
    pool.TrimToSize(o.max_pool_bytes);
    if (!pool.Exists(txid)) return Reject(r, kRejectInsufficientFee, "mempool full");
    return true;
}

}  // namespace

AcceptResult AcceptToMemoryPool(Chainstate& chain, TxMempool& pool, const TransactionRef& tx,
                                const AcceptOptions& options, int64_t now) {
    std::lock_guard chain_lock(chain.mutex());
    std::lock_guard pool_lock(pool.mutex());
    AcceptResult r;
    r.accepted = Worker(chain, pool, tx, options, now, r);
    return r;
}

}  // namespace ocean
