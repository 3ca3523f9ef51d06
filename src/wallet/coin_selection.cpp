// Coin selection for one asset (see coin_selection.h for the rules).
#include "ocean/wallet/coin_selection.h"

#include <algorithm>
#include <limits>

#include "ocean/script/standard.h"

namespace ocean {

namespace {

uint64_t SplitMix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

bool Excluded(const std::vector<bool>& excluded, size_t i) {
    return i < excluded.size() && excluded[i];
}

// The randomised subset search: passes that include each small coin (sorted largest first) at random,
// then, if the target was not reached, the coins left out; every time the running total reaches the
// target the best (smallest) total is remembered and the last coin taken out again. Returns the best
// total and which coins make it; starts from "all coins" (whose total reaches the target).
Amount BestSubset(const std::vector<Amount>& values, Amount total_all, Amount target, SelectionRng& rng,
                  const SelectionOptions& options, std::vector<char>& best) {
    const size_t n = values.size();
    best.assign(n, 1);
    Amount best_total = total_all;
    if (n == 0) return best_total;
    // Each iteration visits at most 2n coins.
    const size_t by_budget = std::max<size_t>(1, options.max_subset_visits / (2 * n));
    const size_t iterations =
        std::min<size_t>(static_cast<size_t>(std::max(1, options.subset_iterations)), by_budget);
    std::vector<char> included(n);
    for (size_t rep = 0; rep < iterations && best_total != target; ++rep) {
        std::fill(included.begin(), included.end(), 0);
        Amount running = 0;
        bool reached = false;
        for (int pass = 0; pass < 2 && !reached; ++pass) {
            for (size_t i = 0; i < n; ++i) {
                const bool take = pass == 0 ? rng.Bit() : !included[i];
                if (!take) continue;
                running += values[i];
                included[i] = 1;
                if (running >= target) {
                    reached = true;
                    if (running < best_total) {
                        best_total = running;
                        best = included;
                    }
                    running -= values[i];
                    included[i] = 0;
                }
            }
        }
    }
    return best_total;
}

}  // namespace

SelectionRng::SelectionRng(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& s : s_) s = SplitMix64(x);
}

uint64_t SelectionRng::Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
}

uint64_t SelectionRng::Below(uint64_t n) {
    if (n == 0) return 0;
    // Rejection sampling: no modulo bias.
    const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
    uint64_t v;
    do {
        v = Next();
    } while (v >= limit);
    return v % n;
}

bool SelectionRng::Bit() {
    if (bits_left_ == 0) {
        bits_ = Next();
        bits_left_ = 64;
    }
    const bool b = bits_ & 1;
    bits_ >>= 1;
    --bits_left_;
    return b;
}

size_t EstimateInputVsize(const Script& script_pubkey) {
    switch (Solve(script_pubkey).type) {
        case TxoutType::kPubKeyHash:
            return 148;
        case TxoutType::kWitnessV0KeyHash:
            return 68;
        case TxoutType::kScriptHash:
            return 91;  // the wallet's P2SH-wrapped P2WPKH
        case TxoutType::kPubKey:
            return 114;
        case TxoutType::kTrue:
            return 41;  // empty scriptSig
        default:
            return 148;
    }
}

std::vector<CoinEligibility> DefaultEligibilitySequence(bool spend_zero_conf_change) {
    std::vector<CoinEligibility> rounds{{1, 6}, {1, 1}};
    if (spend_zero_conf_change) rounds.push_back({0, 1});
    return rounds;
}

std::vector<CoinEligibility> ChainLimitedEligibilitySequence(bool spend_zero_conf_change, uint64_t max_chain,
                                                             bool reject_long_chains) {
    std::vector<CoinEligibility> rounds{{1, 6, 0}, {1, 1, 0}};
    if (!spend_zero_conf_change) return rounds;
    for (uint64_t bound : {uint64_t{2}, std::min<uint64_t>(4, max_chain / 3), max_chain / 2, max_chain})
        rounds.push_back({0, 1, bound});
    if (!reject_long_chains) rounds.push_back({0, 1, CoinEligibility::kUnlimitedChain});
    return rounds;
}

bool IsEligible(const CoinCandidate& coin, const CoinEligibility& eligibility) {
    if (coin.value <= 0) return false;
    if (coin.mempool_chain > 0 && coin.mempool_chain >= eligibility.max_chain) return false;
    return coin.depth >= (coin.from_me ? eligibility.conf_mine : eligibility.conf_theirs);
}

CoinSelector::CoinSelector(std::span<const CoinCandidate> candidates, SelectionOptions options)
    : candidates_(candidates), options_(options) {
    for (size_t i = 0; i < candidates_.size(); ++i) by_asset_[candidates_[i].asset].push_back(i);
    for (auto& [asset, indices] : by_asset_) {
        std::sort(indices.begin(), indices.end(), [this](size_t a, size_t b) {
            const CoinCandidate& x = candidates_[a];
            const CoinCandidate& y = candidates_[b];
            if (x.value != y.value) return x.value > y.value;
            return x.outpoint < y.outpoint;
        });
    }
}

std::span<const size_t> CoinSelector::SortedByValue(const uint256& asset) const {
    auto it = by_asset_.find(asset);
    if (it == by_asset_.end()) return {};
    return it->second;
}

Amount CoinSelector::Available(const uint256& asset, const CoinEligibility& eligibility,
                               const std::vector<bool>& excluded) const {
    Amount sum = 0;
    for (size_t i : SortedByValue(asset)) {
        if (Excluded(excluded, i) || !IsEligible(candidates_[i], eligibility)) continue;
        sum += candidates_[i].value;
    }
    return sum;
}

Result<CoinSelection> CoinSelector::SelectMinConf(const uint256& asset, Amount target,
                                                  const CoinEligibility& eligibility, SelectionRng& rng,
                                                  const std::vector<bool>& excluded) const {
    CoinSelection out;
    if (target <= 0) return out;
    const Amount min_change = options_.min_change;

    // One walk over the sorted coins: an exact match ends it; coins below target + min_change are the
    // subset material (already largest first); the last coin seen above that is the smallest larger one.
    std::vector<size_t> lower;
    std::vector<Amount> lower_values;
    Amount total_lower = 0;
    size_t lowest_larger = SIZE_MAX;
    for (size_t i : SortedByValue(asset)) {
        const CoinCandidate& coin = candidates_[i];
        if (Excluded(excluded, i) || !IsEligible(coin, eligibility)) continue;
        if (coin.value == target) {
            out.indices.push_back(i);
            out.total = coin.value;
            return out;
        }
        if (coin.value < target + min_change) {
            lower.push_back(i);
            lower_values.push_back(coin.value);
            total_lower += coin.value;
        } else {
            lowest_larger = i;
        }
    }

    if (total_lower == target) {
        out.indices = std::move(lower);
        out.total = total_lower;
        return out;
    }
    if (total_lower < target) {
        if (lowest_larger == SIZE_MAX) return Error(kErrInsufficientFunds, "Insufficient funds");
        out.indices.push_back(lowest_larger);
        out.total = candidates_[lowest_larger].value;
        return out;
    }

    // The subset material: the largest small coins, max_subset_coins of them or as many as it takes to
    // reach target + min_change (when all of them do).
    size_t material = lower.size();
    if (material > options_.max_subset_coins) {
        Amount prefix = 0;
        size_t k = 0;
        for (; k < lower.size(); ++k) {
            if (k >= options_.max_subset_coins && prefix >= target + min_change) break;
            prefix += lower_values[k];
        }
        material = k;
        lower.resize(material);
        lower_values.resize(material);
        total_lower = prefix;
    }

    std::vector<char> best;
    Amount best_total = BestSubset(lower_values, total_lower, target, rng, options_, best);
    if (best_total != target && total_lower >= target + min_change) {
        // No exact subset: aim for one that leaves at least min_change instead (Core replaces the
        // first result with this one).
        best_total = BestSubset(lower_values, total_lower, target + min_change, rng, options_, best);
    }

    if (lowest_larger != SIZE_MAX) {
        const Amount larger = candidates_[lowest_larger].value;
        if ((best_total != target && best_total < target + min_change) || larger <= best_total) {
            out.indices.push_back(lowest_larger);
            out.total = larger;
            return out;
        }
    }
    for (size_t k = 0; k < lower.size(); ++k) {
        if (best[k]) out.indices.push_back(lower[k]);
    }
    out.total = best_total;
    return out;
}

Result<CoinSelection> CoinSelector::Select(const uint256& asset, Amount target,
                                           std::span<const CoinEligibility> rounds, SelectionRng& rng,
                                           const std::vector<bool>& excluded) const {
    for (const CoinEligibility& round : rounds) {
        auto r = SelectMinConf(asset, target, round, rng, excluded);
        if (r.ok()) return r;
    }
    return Error(kErrInsufficientFunds, "Insufficient funds");
}

Result<CoinSelection> SelectCoins(std::span<const CoinCandidate> candidates, const uint256& asset,
                                  Amount target, std::span<const CoinEligibility> rounds, SelectionRng& rng,
                                  const SelectionOptions& options) {
    return CoinSelector(candidates, options).Select(asset, target, rounds, rng);
}

}  // namespace ocean
