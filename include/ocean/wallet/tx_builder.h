// Building the wallet's unsigned transactions: recipients + candidate coins + fee policy -> one or more
// MutableTransactions with their selected inputs, ready to sign.
//
// Pure: no wallet state, no database, no clock; randomness (coin selection, change position) comes from
// the caller's SelectionRng, so a seed reproduces the result. Rules (Bitcoin Core 0.14's CreateTransaction
// with Elements' assets and Ocean's fee modes):
//   * coins are selected per asset (coin_selection.h), each asset paying its recipients plus, for the
//     fee asset, the fee; one change output per asset with change, its script from the caller's
//     ChangeScriptFn (asked at most once per asset and build), inserted at a random position;
//   * the fee is an explicit fee output (empty script, explicit asset and value; formats.md §3.4) in
//     FeePolicy::fee_asset, always the last output. It is exactly FeePolicy::fixed_fee when that is > 0
//     (-fixedtxfee); otherwise max(fee_rate, min_fee_rate) per 1000 vbytes of the estimated signed size
//     (the unsigned transaction plus each input's CoinCandidate::input_vsize), re-estimated and re-selected
//     until the fee paid covers the size (Core's loop). Both rates 0 -> no fee output (Ocean relays
//     zero-fee transactions);
//   * fee-asset change below the dust threshold (policy.h IsDust at FeePolicy::dust_relay_fee) is added to
//     the fee instead of becoming an output (with subtract-fee-from-amount, Core's variant: the change is
//     raised to the threshold and the difference taken from the first subtracting recipient). In fixed-fee
//     mode the fee must stay exact, so dust change is kept as an output, as it is for other assets;
//   * subtract-fee-from-amount: the fee is divided among the flagged recipients (all in the fee asset),
//     the remainder of the division taken from the first one;
//   * an estimated weight (4 x vsize) at or above FeePolicy::max_tx_weight fails "Transaction too large";
//     BuildSplitPayment then spreads the payment over several transactions that each fit.
// Inputs get sequence 0xfffffffe (lock time enforceable, no BIP125 signal) and the options' lock time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "ocean/mempool/policy.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/script.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"
#include "ocean/wallet/coin_selection.h"

namespace ocean {

// Error codes (Error::code) besides kErrInsufficientFunds; messages are Core's texts.
inline constexpr const char* kErrInvalidAmount = "invalid-amount";  // "Transaction amounts must be positive"
inline constexpr const char* kErrAmountTooSmall = "amount-too-small";  // "Transaction amount too small", and
                                                                       // the two "...after the fee" texts
inline constexpr const char* kErrTooSmallForFee =
    "amount-too-small-for-fee";  // "The transaction amount is too small to pay the fee"
inline constexpr const char* kErrTxTooLarge = "tx-too-large";             // "Transaction too large"
inline constexpr const char* kErrInvalidParameter = "invalid-parameter";  // malformed request
inline constexpr const char* kErrChangeScript = "change-script";          // the ChangeScriptFn failed

// One payment output. amount must be > 0, except 0 for an unspendable (OP_RETURN) script: data outputs.
struct Recipient {
    Script script_pubkey;
    uint256 asset;
    Amount amount = 0;
    bool subtract_fee_from_amount = false;  // only for recipients in the fee asset
};

// Where the change of an asset goes: a fresh scriptPubKey (an error stops the build).
using ChangeScriptFn = std::function<Result<Script>(const uint256& asset)>;

// How the fee is paid (config.md §4.4, §4.7). Rates are base units per 1000 vbytes.
struct FeePolicy {
    uint256 fee_asset;                             // -feeasset
    Amount fee_rate = 0;                           // -paytxfee, or -fallbackfee when that is 0
    Amount min_fee_rate = 0;                       // -mintxfee
    Amount fixed_fee = 0;                          // -fixedtxfee: > 0 -> exactly this fee
    size_t max_tx_weight = kMaxStandardTxWeight;   // estimated weight must stay below
    Amount dust_relay_fee = kDefaultDustRelayFee;  // -dustrelayfee, for the dust rule
};

struct BuildOptions {
    std::vector<CoinEligibility> eligibility = DefaultEligibilitySequence(true);  // -spendzeroconfchange
    SelectionOptions selection;
    uint32_t lock_time = 0;
    uint32_t sequence = kSequenceFinal - 1;
};

// One built (unsigned) transaction.
struct BuiltTransaction {
    MutableTransaction tx;
    std::vector<CoinCandidate> inputs;   // the spent coins, in vin order (for signing)
    Amount fee = 0;                      // in the fee asset (0: no fee output)
    std::optional<size_t> fee_output;    // vout index of the fee output
    std::vector<size_t> change_outputs;  // vout indices of change outputs
    size_t estimated_vsize = 0;          // signed size estimate the fee was computed from
};

// Pays `recipients` from `candidates`: one transaction. Errors: kErrInvalidAmount, kErrAmountTooSmall,
// kErrTooSmallForFee, kErrInsufficientFunds, kErrTxTooLarge, kErrInvalidParameter, kErrChangeScript.
Result<BuiltTransaction> BuildTransaction(std::span<const Recipient> recipients,
                                          std::span<const CoinCandidate> candidates,
                                          const ChangeScriptFn& change, const FeePolicy& policy,
                                          SelectionRng& rng, const BuildOptions& options = {});

// fundrawtransaction: like BuildTransaction, but every `preset` coin (the caller's transaction's own
// inputs, whoever owns them) is spent, first and in order, and `extra_in` (value entering without a
// coin: the issuances of those inputs) counts as paid in too; candidates add only what they do not cover,
// per asset. A candidate with a preset coin's outpoint is not selected again. BuiltTransaction::inputs
// starts with the preset coins.
Result<BuiltTransaction> BuildFundedTransaction(std::span<const Recipient> recipients,
                                                std::span<const CoinCandidate> preset,
                                                const std::map<uint256, Amount>& extra_in,
                                                std::span<const CoinCandidate> candidates,
                                                const ChangeScriptFn& change, const FeePolicy& policy,
                                                SelectionRng& rng, const BuildOptions& options = {});

// sendtoaddress / splitlargetxs: one recipient. When a single transaction would be too large, several
// transactions each below the weight limit, each with its own fee, whose outputs to the destination add up
// to recipient.amount (or, with subtract_fee_from_amount, to recipient.amount minus all their fees). The
// coins of the payment asset are spent largest first; every transaction but the last spends all its
// payment-asset inputs to the destination (no change). One transaction when it fits.
Result<std::vector<BuiltTransaction>> BuildSplitPayment(const Recipient& recipient,
                                                        std::span<const CoinCandidate> candidates,
                                                        const ChangeScriptFn& change, const FeePolicy& policy,
                                                        SelectionRng& rng, const BuildOptions& options = {});

// createanytoaddress / sendanytoaddress balancesorttype.
enum class BalanceOrder { kDescending = 1, kAscending = 2 };

struct AssetBalance {
    uint256 asset;
    Amount balance = 0;
};

struct AnyAssetRequest {
    Script destination;
    Amount amount = 0;
    std::vector<AssetBalance> balances;  // the allowed (non-policy) assets and the wallet's balance of each
    BalanceOrder order = BalanceOrder::kDescending;
    std::optional<Bytes> metadata;  // data of an extra OP_RETURN output (value 0)
    bool split_large_txs = false;
};

// Which amount of which asset pays an any-asset request: assets ordered by balance (ties by asset id),
// whole balances taken until `amount` is covered, the last one partially. `fee_reserve` is kept back from
// the balance of `fee_asset`. kErrInsufficientFunds when the balances do not cover the amount.
Result<std::vector<AssetBalance>> PlanAnyAssetPayment(const AnyAssetRequest& request,
                                                      const uint256& fee_asset, Amount fee_reserve);

// createanytoaddress: one output to the destination per asset of the plan (in plan order), change per
// asset, the fee in the fee asset (whose balance keeps back a fee reserve when it pays too), the metadata
// output after the payments. When one transaction is too large and split_large_txs is set, one payment per
// asset (each possibly split further, BuildSplitPayment), the metadata on the first.
Result<std::vector<BuiltTransaction>> BuildAnyAssetPayment(const AnyAssetRequest& request,
                                                           std::span<const CoinCandidate> candidates,
                                                           const ChangeScriptFn& change,
                                                           const FeePolicy& policy, SelectionRng& rng,
                                                           const BuildOptions& options = {});

}  // namespace ocean
