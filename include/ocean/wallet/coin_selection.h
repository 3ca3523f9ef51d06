// Coin selection for one asset: which of the wallet's spendable outputs pay a target amount.
//
// Pure and deterministic: the caller passes every candidate coin (no wallet state, no database) and a
// seeded SelectionRng, so the same inputs always select the same coins. The rules follow Bitcoin Core
// 0.14's wallet, applied per asset (Elements):
//   * eligibility rounds (CoinEligibility): first coins with >= 1 confirmation when they are our own
//     change and >= 6 otherwise, then >= 1 for every coin, then (with -spendzeroconfchange) our own
//     unconfirmed change too, preferring coins whose transaction has a short mempool chain (rounds with
//     a growing chain-length bound, the unbounded round left out with -walletrejectlongchains); the first
//     round that can pay the target wins;
//   * inside a round: a coin of exactly the target; else, when the coins below target + min_change do not
//     reach the target, the smallest coin above it; else an approximate subset sum (randomised inclusion
//     passes over the small coins sorted by value, bounded work), replaced by the smallest larger coin
//     when that one is closer or the subset would leave less than min_change.
// Each asset's candidates are sorted once (CoinSelector's constructor); a selection walks them once and
// the subset search looks at the largest SelectionOptions::max_subset_coins small coins and visits at most
// max_subset_visits coins, so 100,000 candidates stay cheap (test/bench/wallet_bench.cpp). Core searched
// every small coin; with huge wallets that cost grows without bound and favours many tiny inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/script.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Error codes of wallet transaction construction (Error::code); the RPC layer maps them to its codes.
inline constexpr const char* kErrInsufficientFunds = "insufficient-funds";  // -6 "Insufficient funds"

// A small deterministic generator (xoshiro256** seeded through splitmix64) for the random parts of
// selection and transaction building. Same seed, same sequence, on every platform.
class SelectionRng {
  public:
    explicit SelectionRng(uint64_t seed);
    uint64_t Next();
    // Uniform in [0, n); 0 when n == 0.
    uint64_t Below(uint64_t n);
    bool Bit();

  private:
    uint64_t s_[4];
    uint64_t bits_ = 0;
    int bits_left_ = 0;
};

// One spendable output the wallet could use.
struct CoinCandidate {
    OutPoint outpoint;
    uint256 asset;           // explicit asset id (TxOut::asset.GetAsset())
    Amount value = 0;        // explicit value (unblinded)
    Script script_pubkey;    // the spent script (for signing)
    int depth = 0;           // confirmations; 0 = in the mempool
    bool from_me = false;    // our own transaction (unconfirmed change can be trusted)
    size_t input_vsize = 0;  // estimated virtual size of the signed input (EstimateInputVsize)
    // In-mempool chain of the coin's transaction: the larger of its ancestor and descendant counts, each
    // including itself (Core 0.14's TransactionWithinChainLimit); 0 when it is not in the mempool.
    uint64_t mempool_chain = 0;
};

// A typical signed input's virtual size for the script it spends: P2PKH 148, P2WPKH 68, P2SH-P2WPKH 91,
// P2PK 114, anything else 148 (an estimate; the builder only uses it to size fees and limits).
size_t EstimateInputVsize(const Script& script_pubkey);

// One eligibility round: minimum confirmations, conf_mine for from_me coins and conf_theirs for others,
// and a coin in the mempool only when its mempool_chain is below max_chain.
struct CoinEligibility {
    int conf_mine = 1;
    int conf_theirs = 6;
    uint64_t max_chain = kUnlimitedChain;
    static constexpr uint64_t kUnlimitedChain = UINT64_MAX;
    friend bool operator==(const CoinEligibility&, const CoinEligibility&) = default;
};
// Core 0.14's rounds: (1, 6), (1, 1), and (0, 1) when spend_zero_conf_change.
std::vector<CoinEligibility> DefaultEligibilitySequence(bool spend_zero_conf_change = true);
// Core 0.14's rounds with the mempool's chain limit L = min(-limitancestorcount, -limitdescendantcount):
// (1, 6), (1, 1), then with spend_zero_conf_change (0, 1) with chains below 2, min(4, L/3), L/2 and L,
// and unbounded unless reject_long_chains (-walletrejectlongchains).
std::vector<CoinEligibility> ChainLimitedEligibilitySequence(bool spend_zero_conf_change, uint64_t max_chain,
                                                             bool reject_long_chains);
bool IsEligible(const CoinCandidate& coin, const CoinEligibility& eligibility);

struct SelectionOptions {
    // Core 0.14's MIN_CHANGE (0.01): the subset search also aims at target + min_change, and a subset
    // leaving less change than this loses to a single larger coin.
    Amount min_change = 1'000'000;
    // Randomised subset passes (Core: 1000), cut further so that at most max_subset_visits coins are
    // visited in total, over at most the max_subset_coins largest small coins (more when fewer do not
    // reach the target): the bounds that keep 100,000 candidates fast. With <= 500 small coins the
    // search is Core's full 1000 passes.
    int subset_iterations = 1000;
    size_t max_subset_coins = 2000;
    size_t max_subset_visits = 1'000'000;
};

// The chosen coins: indices into the candidate span, in selection order, and their total value.
struct CoinSelection {
    std::vector<size_t> indices;
    Amount total = 0;
};

// The candidates of every asset sorted once by value (largest first, ties by outpoint); then any number
// of selections. Keeps a view of `candidates`, which must outlive the selector.
class CoinSelector {
  public:
    explicit CoinSelector(std::span<const CoinCandidate> candidates, SelectionOptions options = {});

    std::span<const CoinCandidate> candidates() const { return candidates_; }
    // Indices of the asset's candidates, largest value first (empty for an unknown asset).
    std::span<const size_t> SortedByValue(const uint256& asset) const;

    // One eligibility round. `excluded` (indexed like the candidates; may be empty) marks coins that
    // must not be used. Error kErrInsufficientFunds when the eligible coins cannot pay `target`;
    // target <= 0 selects nothing.
    Result<CoinSelection> SelectMinConf(const uint256& asset, Amount target,
                                        const CoinEligibility& eligibility, SelectionRng& rng,
                                        const std::vector<bool>& excluded = {}) const;
    // The rounds in order; the first that succeeds.
    Result<CoinSelection> Select(const uint256& asset, Amount target, std::span<const CoinEligibility> rounds,
                                 SelectionRng& rng, const std::vector<bool>& excluded = {}) const;
    // Sum of the asset's eligible, non-excluded coins.
    Amount Available(const uint256& asset, const CoinEligibility& eligibility,
                     const std::vector<bool>& excluded = {}) const;

  private:
    std::span<const CoinCandidate> candidates_;
    SelectionOptions options_;
    std::unordered_map<uint256, std::vector<size_t>, BlobHasher> by_asset_;
};

// Convenience: CoinSelector(candidates, options).Select(...).
Result<CoinSelection> SelectCoins(std::span<const CoinCandidate> candidates, const uint256& asset,
                                  Amount target, std::span<const CoinEligibility> rounds, SelectionRng& rng,
                                  const SelectionOptions& options = {});

}  // namespace ocean
