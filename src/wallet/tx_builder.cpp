// Building the wallet's unsigned transactions (see tx_builder.h for the rules).
#include "ocean/wallet/tx_builder.h"

#include <algorithm>
#include <map>
#include <set>

#include "ocean/primitives/serialize.h"
#include "ocean/script/standard.h"

namespace ocean {

namespace {

// An unsigned input: 32-byte txid, 4-byte index, empty scriptSig (1), 4-byte sequence.
constexpr size_t kUnsignedInputSize = 41;
// Room kept for fee-asset inputs in each transaction of a split payment in another asset.
constexpr size_t kFeeInputReserveVsize = 2000;
// Fee iterations before giving up (the loop converges in two or three).
constexpr int kMaxFeeIterations = 100;

const char* kMsgAfterFee = "The transaction amount is too small to send after the fee has been deducted";

size_t InputVsize(const CoinCandidate& coin) {
    return coin.input_vsize ? coin.input_vsize : EstimateInputVsize(coin.script_pubkey);
}

// What every build of one request shares: the sorted coins, the policy, the change scripts handed out.
class Builder {
  public:
    Builder(std::span<const CoinCandidate> candidates, const ChangeScriptFn& change, const FeePolicy& policy,
            SelectionRng& rng, const BuildOptions& options)
        : candidates_(candidates),
          selector_(candidates, options.selection),
          change_(change),
          policy_(policy),
          rng_(rng),
          options_(options) {}

    const CoinSelector& selector() const { return selector_; }
    const FeePolicy& policy() const { return policy_; }
    const BuildOptions& options() const { return options_; }
    bool PaysFee() const { return policy_.fixed_fee > 0 || policy_.fee_rate > 0 || policy_.min_fee_rate > 0; }

    // The fee a transaction of `vsize` needs.
    Amount FeeFor(size_t vsize) const {
        if (policy_.fixed_fee > 0) return policy_.fixed_fee;
        return std::max(GetFeeForSize(policy_.fee_rate, vsize), GetFeeForSize(policy_.min_fee_rate, vsize));
    }

    // Signed-size estimate: the unsigned serialization plus what signing adds to each input.
    size_t EstimateVsize(const MutableTransaction& tx, std::span<const CoinCandidate> inputs) const {
        SizeCounter counter;
        SerializeTransaction(counter, tx, false);
        size_t vsize = counter.size();
        for (const CoinCandidate& c : inputs) {
            const size_t v = InputVsize(c);
            if (v > kUnsignedInputSize) vsize += v - kUnsignedInputSize;
        }
        return vsize;
    }
    bool TooLarge(size_t vsize) const { return vsize * 4 >= policy_.max_tx_weight; }

    // One transaction paying `recipients`, spending every `preset` coin plus whatever selection adds from
    // coins that are neither excluded nor preset; `extra_in` is value paid in without a coin.
    Result<BuiltTransaction> Assemble(std::span<const Recipient> recipients, std::span<const size_t> preset,
                                      const std::vector<bool>& excluded,
                                      const std::map<uint256, Amount>& extra_in = {});

    // One recipient, split over several transactions when one would be too large; `extra` (metadata)
    // joins the first transaction. Coins spent are marked in `excluded`.
    Result<std::vector<BuiltTransaction>> Split(const Recipient& recipient,
                                                const std::optional<Recipient>& extra,
                                                std::vector<bool>& excluded);

  private:
    Result<Script> ChangeScript(const uint256& asset) {
        auto it = change_scripts_.find(asset);
        if (it != change_scripts_.end()) return it->second;
        auto script = change_(asset);
        if (!script.ok()) return Error(kErrChangeScript, script.error().ToString());
        change_scripts_.emplace(asset, *script);
        return *script;
    }

    std::span<const CoinCandidate> candidates_;
    CoinSelector selector_;
    const ChangeScriptFn& change_;
    const FeePolicy& policy_;
    SelectionRng& rng_;
    const BuildOptions& options_;
    std::map<uint256, Script> change_scripts_;
};

Result<BuiltTransaction> Builder::Assemble(std::span<const Recipient> recipients,
                                           std::span<const size_t> preset, const std::vector<bool>& excluded,
                                           const std::map<uint256, Amount>& extra_in) {
    const uint256& fee_asset = policy_.fee_asset;
    const bool fixed = policy_.fixed_fee > 0;
    if (recipients.empty())
        return Error(kErrInvalidParameter, "Transaction must have at least one recipient");

    std::map<uint256, Amount> requested;  // per asset, sum of the recipients' amounts
    size_t n_subtract = 0;
    for (const Recipient& r : recipients) {
        const bool data = r.script_pubkey.IsUnspendable() && !r.script_pubkey.empty();
        if (r.amount < 0 || (r.amount == 0 && !data) || !MoneyRange(r.amount))
            return Error(kErrInvalidAmount, "Transaction amounts must be positive");
        if (r.subtract_fee_from_amount) {
            if (r.asset != fee_asset)
                return Error(kErrInvalidParameter,
                             "Subtract fee from amount needs a recipient in the fee asset");
            ++n_subtract;
        }
        Amount& sum = requested[r.asset];
        sum += r.amount;
        if (!MoneyRange(sum)) return Error(kErrInvalidAmount, "Transaction amounts out of range");
    }

    std::vector<bool> unavailable = excluded;
    unavailable.resize(candidates_.size(), false);
    std::map<uint256, Amount> preset_total = extra_in;
    for (const auto& [asset, value] : extra_in) requested.try_emplace(asset, 0);
    for (size_t i : preset) {
        unavailable[i] = true;
        preset_total[candidates_[i].asset] += candidates_[i].value;
        requested.try_emplace(candidates_[i].asset, 0);
    }
    if (PaysFee()) requested.try_emplace(fee_asset, 0);

    Amount fee = fixed ? policy_.fixed_fee : 0;
    for (int iteration = 0; iteration < kMaxFeeIterations; ++iteration) {
        // Recipient outputs, the fee taken from the subtracting ones when asked.
        std::vector<TxOut> outs;
        outs.reserve(recipients.size() + requested.size() + 1);
        bool first_subtract = true;
        for (const Recipient& r : recipients) {
            Amount value = r.amount;
            if (r.subtract_fee_from_amount) {
                value -= fee / static_cast<Amount>(n_subtract);
                if (first_subtract) value -= fee % static_cast<Amount>(n_subtract);
                first_subtract = false;
            }
            TxOut out = MakeExplicitTxOut(r.asset, value, r.script_pubkey.bytes());
            if (value < 0 || IsDust(out, policy_.dust_relay_fee)) {
                if (r.subtract_fee_from_amount && fee > 0) {
                    if (value < 0)
                        return Error(kErrTooSmallForFee,
                                     "The transaction amount is too small to pay the fee");
                    return Error(kErrAmountTooSmall, kMsgAfterFee);
                }
                return Error(kErrAmountTooSmall, "Transaction amount too small");
            }
            outs.push_back(std::move(out));
        }

        // Per asset: preset coins, then selection for what they do not cover; change.
        std::vector<CoinCandidate> inputs;
        for (size_t i : preset) inputs.push_back(candidates_[i]);
        Amount fee_paid = fee;
        std::vector<TxOut> change_outs;
        for (const auto& [asset, amount] : requested) {
            Amount need = amount;
            if (asset == fee_asset && n_subtract == 0) need += fee;
            Amount have = 0;
            if (auto it = preset_total.find(asset); it != preset_total.end()) have = it->second;
            if (need > have) {
                auto sel = selector_.Select(asset, need - have, options_.eligibility, rng_, unavailable);
                if (!sel.ok()) return sel.error();
                for (size_t i : sel->indices) inputs.push_back(candidates_[i]);
                have += sel->total;
            }
            const Amount change = have - need;
            if (change <= 0) continue;
            auto script = ChangeScript(asset);
            if (!script.ok()) return script.error();
            TxOut change_out = MakeExplicitTxOut(asset, change, script->bytes());
            if (asset == fee_asset && !fixed && IsDust(change_out, policy_.dust_relay_fee)) {
                if (n_subtract == 0) {
                    fee_paid += change;  // dust change goes to the fee
                    continue;
                }
                // Subtracting recipients pay what was asked: raise the change to the threshold at the
                // first one's expense instead of paying more fee.
                const Amount gap = GetDustThreshold(change_out, policy_.dust_relay_fee) - change;
                change_out.value.SetExplicit(change + gap);
                for (size_t k = 0; k < recipients.size(); ++k) {
                    if (!recipients[k].subtract_fee_from_amount) continue;
                    const Amount v = outs[k].value.GetAmount() - gap;
                    outs[k].value.SetExplicit(v);
                    if (v < 0 || IsDust(outs[k], policy_.dust_relay_fee))
                        return Error(kErrAmountTooSmall, kMsgAfterFee);
                    break;
                }
            }
            change_outs.push_back(std::move(change_out));
        }

        // Change at random positions among the payments; the fee output last.
        BuiltTransaction built;
        for (TxOut& c : change_outs) {
            const size_t pos = static_cast<size_t>(rng_.Below(outs.size() + 1));
            outs.insert(outs.begin() + static_cast<std::ptrdiff_t>(pos), std::move(c));
            for (size_t& p : built.change_outputs)
                if (p >= pos) ++p;
            built.change_outputs.push_back(pos);
        }
        std::sort(built.change_outputs.begin(), built.change_outputs.end());
        if (PaysFee()) {
            outs.push_back(MakeExplicitTxOut(fee_asset, fee_paid, Bytes()));
            built.fee_output = outs.size() - 1;
        }

        built.tx.version = 2;
        built.tx.lock_time = options_.lock_time;
        built.tx.vout = std::move(outs);
        built.tx.vin.reserve(inputs.size());
        for (const CoinCandidate& c : inputs) {
            TxIn in;
            in.prevout = c.outpoint;
            in.sequence = options_.sequence;
            built.tx.vin.push_back(std::move(in));
        }
        built.inputs = std::move(inputs);
        built.estimated_vsize = EstimateVsize(built.tx, built.inputs);
        if (TooLarge(built.estimated_vsize)) return Error(kErrTxTooLarge, "Transaction too large");

        const Amount needed = FeeFor(built.estimated_vsize);
        if (fixed || fee_paid >= needed) {
            built.fee = fee_paid;
            if (built.fee_output && fee_paid == 0) {
                built.tx.vout.pop_back();
                built.fee_output.reset();
            }
            return built;
        }
        fee = needed;
    }
    return Error(kErrInvalidParameter, "The fee did not converge");
}

Result<std::vector<BuiltTransaction>> Builder::Split(const Recipient& recipient,
                                                     const std::optional<Recipient>& extra,
                                                     std::vector<bool>& excluded) {
    excluded.resize(candidates_.size(), false);
    std::vector<BuiltTransaction> txs;
    auto mark_spent = [&](const BuiltTransaction& built) {
        std::map<OutPoint, bool> spent;
        for (const CoinCandidate& c : built.inputs) spent[c.outpoint] = true;
        for (size_t i = 0; i < candidates_.size(); ++i)
            if (spent.count(candidates_[i].outpoint)) excluded[i] = true;
    };

    {
        std::vector<Recipient> all{recipient};
        if (extra) all.push_back(*extra);
        auto one = Assemble(all, {}, excluded);
        if (one.ok()) {
            mark_spent(*one);
            txs.push_back(std::move(*one));
            return txs;
        }
        if (one.error().code != kErrTxTooLarge) return one.error();
    }

    const uint256& asset = recipient.asset;
    const bool fee_in_asset = asset == policy_.fee_asset && PaysFee();
    const bool subtract = recipient.subtract_fee_from_amount;
    // The most demanding eligibility round whose coins cover the amount (the rounds loosen in order).
    std::optional<CoinEligibility> round;
    for (const CoinEligibility& r : options_.eligibility) {
        if (selector_.Available(asset, r, excluded) >= recipient.amount) {
            round = r;
            break;
        }
    }
    if (!round) return Error(kErrInsufficientFunds, "Insufficient funds");

    // Size of a transaction of this payment without inputs: payment, change, fee, metadata, fee change.
    MutableTransaction shell;
    shell.vout.push_back(MakeExplicitTxOut(asset, recipient.amount, recipient.script_pubkey.bytes()));
    shell.vout.push_back(MakeExplicitTxOut(asset, recipient.amount, recipient.script_pubkey.bytes()));
    if (extra)
        shell.vout.push_back(MakeExplicitTxOut(extra->asset, extra->amount, extra->script_pubkey.bytes()));
    if (PaysFee()) {
        shell.vout.push_back(MakeExplicitTxOut(policy_.fee_asset, MAX_MONEY, Bytes()));
        if (!fee_in_asset)
            shell.vout.push_back(
                MakeExplicitTxOut(policy_.fee_asset, MAX_MONEY, recipient.script_pubkey.bytes()));
    }
    const size_t overhead = EstimateVsize(shell, {}) + 8;  // + the input count's CompactSize growth
    const size_t limit = (policy_.max_tx_weight - 1) / 4;
    const size_t reserve = PaysFee() && !fee_in_asset ? kFeeInputReserveVsize : 0;
    if (limit <= overhead + reserve) return Error(kErrTxTooLarge, "Transaction too large");
    const size_t budget = limit - overhead - reserve;

    std::span<const size_t> sorted = selector_.SortedByValue(asset);
    size_t cursor = 0;
    Amount remaining = recipient.amount;
    bool first = true;
    while (remaining > 0) {
        std::vector<size_t> chunk;
        Amount chunk_total = 0;
        size_t chunk_vsize = 0;
        bool covers = false;
        for (; cursor < sorted.size(); ++cursor) {
            const size_t i = sorted[cursor];
            const CoinCandidate& c = candidates_[i];
            if (excluded[i] || !IsEligible(c, *round)) continue;
            const size_t v = std::max(InputVsize(c), kUnsignedInputSize);
            if (chunk_vsize + v > budget) break;
            chunk.push_back(i);
            chunk_total += c.value;
            chunk_vsize += v;
            const Amount fee_margin = fee_in_asset && !subtract ? FeeFor(overhead + chunk_vsize) : 0;
            if (chunk_total >= remaining + fee_margin) {
                covers = true;
                ++cursor;
                break;
            }
        }
        if (chunk.empty()) return Error(kErrInsufficientFunds, "Insufficient funds");

        std::vector<Recipient> rs;
        Recipient part = recipient;
        if (covers || chunk_total >= remaining) {
            // The last transaction (selection adds coins if the fee outgrew the chunk).
            part.amount = remaining;
        } else {
            // All of this chunk goes to the destination; the fee, when in the same asset, comes out of it.
            part.amount = std::min(chunk_total, remaining);
            if (fee_in_asset) part.subtract_fee_from_amount = true;
        }
        rs.push_back(part);
        if (first && extra) rs.push_back(*extra);
        auto built = Assemble(rs, chunk, excluded);
        if (!built.ok()) return built.error();
        // The payment is the first output that is not change.
        Amount paid_out = 0;
        for (size_t k = 0; k < built->tx.vout.size(); ++k) {
            if (std::find(built->change_outputs.begin(), built->change_outputs.end(), k) !=
                built->change_outputs.end())
                continue;
            paid_out = built->tx.vout[k].value.GetAmount();
            break;
        }
        remaining -= subtract ? part.amount : paid_out;
        mark_spent(*built);
        txs.push_back(std::move(*built));
        first = false;
    }
    return txs;
}

}  // namespace

Result<BuiltTransaction> BuildTransaction(std::span<const Recipient> recipients,
                                          std::span<const CoinCandidate> candidates,
                                          const ChangeScriptFn& change, const FeePolicy& policy,
                                          SelectionRng& rng, const BuildOptions& options) {
    Builder builder(candidates, change, policy, rng, options);
    return builder.Assemble(recipients, {}, {});
}

Result<BuiltTransaction> BuildFundedTransaction(std::span<const Recipient> recipients,
                                                std::span<const CoinCandidate> preset,
                                                const std::map<uint256, Amount>& extra_in,
                                                std::span<const CoinCandidate> candidates,
                                                const ChangeScriptFn& change, const FeePolicy& policy,
                                                SelectionRng& rng, const BuildOptions& options) {
    std::set<OutPoint> preset_outpoints;
    std::vector<CoinCandidate> all(preset.begin(), preset.end());
    std::vector<size_t> preset_indices;
    for (size_t i = 0; i < preset.size(); ++i) {
        if (!preset_outpoints.insert(preset[i].outpoint).second)
            return Error(kErrInvalidParameter, "Transaction spends the same input twice");
        preset_indices.push_back(i);
    }
    for (const CoinCandidate& c : candidates)
        if (!preset_outpoints.count(c.outpoint)) all.push_back(c);
    Builder builder(all, change, policy, rng, options);
    return builder.Assemble(recipients, preset_indices, {}, extra_in);
}

Result<std::vector<BuiltTransaction>> BuildSplitPayment(const Recipient& recipient,
                                                        std::span<const CoinCandidate> candidates,
                                                        const ChangeScriptFn& change, const FeePolicy& policy,
                                                        SelectionRng& rng, const BuildOptions& options) {
    Builder builder(candidates, change, policy, rng, options);
    std::vector<bool> excluded(candidates.size(), false);
    return builder.Split(recipient, std::nullopt, excluded);
}

Result<std::vector<AssetBalance>> PlanAnyAssetPayment(const AnyAssetRequest& request,
                                                      const uint256& fee_asset, Amount fee_reserve) {
    if (request.amount <= 0 || !MoneyRange(request.amount))
        return Error(kErrInvalidAmount, "Transaction amounts must be positive");
    if (request.order != BalanceOrder::kDescending && request.order != BalanceOrder::kAscending)
        return Error(kErrInvalidParameter, "Invalid balance sort type");
    std::vector<AssetBalance> sorted = request.balances;
    const bool descending = request.order == BalanceOrder::kDescending;
    std::sort(sorted.begin(), sorted.end(), [descending](const AssetBalance& a, const AssetBalance& b) {
        if (a.balance != b.balance) return descending ? a.balance > b.balance : a.balance < b.balance;
        return a.asset < b.asset;
    });
    std::vector<AssetBalance> plan;
    Amount remaining = request.amount;
    for (const AssetBalance& b : sorted) {
        if (remaining == 0) break;
        const Amount usable = b.balance - (b.asset == fee_asset ? fee_reserve : 0);
        if (usable <= 0) continue;
        const Amount take = std::min(usable, remaining);
        plan.push_back({b.asset, take});
        remaining -= take;
    }
    if (remaining > 0) return Error(kErrInsufficientFunds, "Insufficient funds");
    return plan;
}

Result<std::vector<BuiltTransaction>> BuildAnyAssetPayment(const AnyAssetRequest& request,
                                                           std::span<const CoinCandidate> candidates,
                                                           const ChangeScriptFn& change,
                                                           const FeePolicy& policy, SelectionRng& rng,
                                                           const BuildOptions& options) {
    Builder builder(candidates, change, policy, rng, options);
    // Fee reserve when the fee asset also pays: the fee of a transaction spending every eligible coin of
    // the allowed assets (capped at the size limit), generous rather than short.
    Amount reserve = 0;
    if (builder.PaysFee()) {
        if (policy.fixed_fee > 0) {
            reserve = policy.fixed_fee;
        } else {
            size_t vsize = 200 + 60 * request.balances.size();
            const CoinEligibility& loosest =
                options.eligibility.empty() ? CoinEligibility{} : options.eligibility.back();
            for (const AssetBalance& b : request.balances) {
                for (size_t i : builder.selector().SortedByValue(b.asset)) {
                    if (IsEligible(candidates[i], loosest)) vsize += InputVsize(candidates[i]);
                }
            }
            vsize = std::min(vsize, policy.max_tx_weight / 4);
            reserve = builder.FeeFor(vsize);
        }
    }
    auto plan = PlanAnyAssetPayment(request, policy.fee_asset, reserve);
    if (!plan.ok()) return plan.error();

    std::optional<Recipient> metadata;
    if (request.metadata) {
        metadata = Recipient{GetScriptForNullData(ByteSpan(*request.metadata)), (*plan)[0].asset, 0, false};
    }
    std::vector<Recipient> recipients;
    for (const AssetBalance& part : *plan)
        recipients.push_back({request.destination, part.asset, part.balance, false});
    if (metadata) recipients.push_back(*metadata);

    auto one = builder.Assemble(recipients, {}, {});
    if (one.ok()) {
        std::vector<BuiltTransaction> txs;
        txs.push_back(std::move(*one));
        return txs;
    }
    if (one.error().code != kErrTxTooLarge || !request.split_large_txs) return one.error();

    std::vector<BuiltTransaction> txs;
    std::vector<bool> excluded(candidates.size(), false);
    for (size_t k = 0; k < plan->size(); ++k) {
        const Recipient r{request.destination, (*plan)[k].asset, (*plan)[k].balance, false};
        auto part = builder.Split(r, k == 0 ? metadata : std::nullopt, excluded);
        if (!part.ok()) return part.error();
        for (BuiltTransaction& t : *part) txs.push_back(std::move(t));
    }
    return txs;
}

}  // namespace ocean
