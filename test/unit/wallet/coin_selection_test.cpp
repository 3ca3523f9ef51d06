// Coin selection (wallet/coin_selection.h): eligibility rounds, exact match, smallest larger coin,
// approximate subset sum, determinism and the 100,000-candidate bound.
#include "ocean/wallet/coin_selection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "ocean/script/destination.h"
#include "ocean/script/standard.h"

namespace ocean {
namespace {

const uint256 kAssetA = uint256::FromByte0(0xaa);
const uint256 kAssetB = uint256::FromByte0(0xbb);

Script P2pkh(uint8_t tag) {
    uint160 h;
    h.data()[0] = tag;
    return GetScriptForDestination(PKHash(h));
}

CoinCandidate Coin(Amount value, uint32_t n, int depth = 6, bool from_me = false,
                   const uint256& asset = kAssetA) {
    CoinCandidate c;
    c.outpoint = OutPoint(uint256::FromByte0(static_cast<uint8_t>(n + 1)), n);
    c.asset = asset;
    c.value = value;
    c.script_pubkey = P2pkh(1);
    c.depth = depth;
    c.from_me = from_me;
    c.input_vsize = 148;
    return c;
}

std::vector<Amount> Values(std::span<const CoinCandidate> coins, const CoinSelection& sel) {
    std::vector<Amount> v;
    for (size_t i : sel.indices) v.push_back(coins[i].value);
    std::sort(v.begin(), v.end());
    return v;
}

SelectionOptions NoMinChange() {
    SelectionOptions o;
    o.min_change = 0;
    return o;
}

const std::vector<CoinEligibility> kAll{{0, 0}};

TEST(SelectionRngTest, SameSeedSameSequenceAndBounds) {
    SelectionRng a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const uint64_t x = a.Next();
        EXPECT_EQ(x, b.Next());
        if (x != c.Next()) differs = true;
    }
    EXPECT_TRUE(differs);
    for (int i = 0; i < 1000; ++i) EXPECT_LT(a.Below(7), 7u);
    EXPECT_EQ(a.Below(0), 0u);
    // Bits are not all equal.
    int ones = 0;
    for (int i = 0; i < 256; ++i) ones += a.Bit();
    EXPECT_GT(ones, 64);
    EXPECT_LT(ones, 192);
}

TEST(CoinSelectionTest, EligibilityRounds) {
    const auto with = DefaultEligibilitySequence(true);
    ASSERT_EQ(with.size(), 3u);
    EXPECT_EQ(with[0], (CoinEligibility{1, 6}));
    EXPECT_EQ(with[1], (CoinEligibility{1, 1}));
    EXPECT_EQ(with[2], (CoinEligibility{0, 1}));
    EXPECT_EQ(DefaultEligibilitySequence(false).size(), 2u);

    EXPECT_TRUE(IsEligible(Coin(1, 0, 6, false), {1, 6}));
    EXPECT_FALSE(IsEligible(Coin(1, 0, 5, false), {1, 6}));
    EXPECT_TRUE(IsEligible(Coin(1, 0, 1, true), {1, 6}));
    EXPECT_FALSE(IsEligible(Coin(1, 0, 0, true), {1, 6}));
    EXPECT_TRUE(IsEligible(Coin(1, 0, 0, true), {0, 1}));
    EXPECT_FALSE(IsEligible(Coin(1, 0, 0, false), {0, 1}));  // others' unconfirmed coins never
    EXPECT_FALSE(IsEligible(Coin(0, 0, 6, false), {0, 0}));  // nothing to spend
}

TEST(CoinSelectionTest, InputVsizeEstimates) {
    EXPECT_EQ(EstimateInputVsize(P2pkh(1)), 148u);
    EXPECT_EQ(EstimateInputVsize(GetScriptForDestination(WitnessV0KeyHash(uint160()))), 68u);
    EXPECT_EQ(EstimateInputVsize(GetScriptForDestination(ScriptHash(uint160()))), 91u);
    EXPECT_EQ(EstimateInputVsize(Script(Bytes{0x51})), 41u);
}

TEST(CoinSelectionTest, ExactMatchWins) {
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0), Coin(3 * COIN, 1), Coin(2 * COIN, 2),
                                     Coin(1 * COIN, 3)};
    SelectionRng rng(1);
    auto sel = SelectCoins(coins, kAssetA, 3 * COIN, DefaultEligibilitySequence(), rng);
    ASSERT_TRUE(sel.ok());
    ASSERT_EQ(sel->indices.size(), 1u);
    EXPECT_EQ(sel->indices[0], 1u);
    EXPECT_EQ(sel->total, 3 * COIN);
}

TEST(CoinSelectionTest, SmallestLargerCoinWhenSmallCoinsDoNotReach) {
    std::vector<CoinCandidate> coins{Coin(50, 0), Coin(70, 1), Coin(300, 2), Coin(200, 3), Coin(10, 4)};
    SelectionRng rng(1);
    auto sel = SelectCoins(coins, kAssetA, 150, kAll, rng, NoMinChange());
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(Values(coins, *sel), (std::vector<Amount>{200}));
    EXPECT_EQ(sel->total, 200);
}

TEST(CoinSelectionTest, AllSmallCoinsWhenTheyAddUpExactly) {
    std::vector<CoinCandidate> coins{Coin(50, 0), Coin(70, 1), Coin(30, 2), Coin(1000, 3)};
    SelectionRng rng(1);
    auto sel = SelectCoins(coins, kAssetA, 150, kAll, rng, NoMinChange());
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(Values(coins, *sel), (std::vector<Amount>{30, 50, 70}));
    EXPECT_EQ(sel->total, 150);
}

TEST(CoinSelectionTest, SubsetSumFindsExactCombination) {
    std::vector<CoinCandidate> coins{Coin(3, 0), Coin(5, 1), Coin(7, 2), Coin(11, 3), Coin(20, 4)};
    for (uint64_t seed = 0; seed < 20; ++seed) {
        SelectionRng rng(seed);
        auto sel = SelectCoins(coins, kAssetA, 15, kAll, rng, NoMinChange());
        ASSERT_TRUE(sel.ok());
        EXPECT_EQ(sel->total, 15) << "seed " << seed;  // 3 + 5 + 7, not the 20 coin
        EXPECT_EQ(Values(coins, *sel), (std::vector<Amount>{3, 5, 7}));
    }
}

TEST(CoinSelectionTest, LargerCoinBeatsWorseCombination) {
    // Subsets of {6, 7, 8} reaching 16 total 21 at best; the single 17 coin is closer.
    std::vector<CoinCandidate> coins{Coin(6, 0), Coin(7, 1), Coin(8, 2), Coin(17, 3)};
    SelectionRng rng(5);
    auto sel = SelectCoins(coins, kAssetA, 16, kAll, rng, NoMinChange());
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(Values(coins, *sel), (std::vector<Amount>{17}));
}

TEST(CoinSelectionTest, PrefersChangeOfAtLeastMinChange) {
    // Target 1 coin: 1.005 alone would leave 0.005 change (< MIN_CHANGE 0.01); 0.6 + 0.5 leaves 0.1.
    std::vector<CoinCandidate> coins{Coin(60'000'000, 0), Coin(50'000'000, 1), Coin(100'500'000, 2)};
    SelectionRng rng(3);
    auto sel = SelectCoins(coins, kAssetA, COIN, kAll, rng);
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(Values(coins, *sel), (std::vector<Amount>{50'000'000, 60'000'000}));
    EXPECT_EQ(sel->total, 110'000'000);
}

TEST(CoinSelectionTest, InsufficientFunds) {
    std::vector<CoinCandidate> coins{Coin(50, 0), Coin(70, 1), Coin(1000, 2, 6, false, kAssetB)};
    SelectionRng rng(1);
    auto sel = SelectCoins(coins, kAssetA, 121, kAll, rng);
    ASSERT_FALSE(sel.ok());
    EXPECT_EQ(sel.error().code, kErrInsufficientFunds);
    EXPECT_EQ(sel.error().message, "Insufficient funds");
    // Only the asset asked for counts.
    auto b = SelectCoins(coins, kAssetB, 1000, kAll, rng);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->indices, (std::vector<size_t>{2}));
}

TEST(CoinSelectionTest, RoundsLoosenInCoreOrder) {
    // A 2-confirmation coin of someone else: not in round (1,6), used in round (1,1).
    std::vector<CoinCandidate> coins{Coin(100, 0, 2, false), Coin(100, 1, 6, false)};
    SelectionRng rng(1);
    const auto rounds = DefaultEligibilitySequence(true);
    auto first = SelectCoins(coins, kAssetA, 100, rounds, rng);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->indices, (std::vector<size_t>{1}));  // the 6-conf coin satisfies round 1
    auto both = SelectCoins(coins, kAssetA, 200, rounds, rng);
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both->total, 200);

    // Own unconfirmed change only with spendzeroconfchange; others' unconfirmed coins never.
    std::vector<CoinCandidate> zero{Coin(100, 0, 0, true), Coin(500, 1, 0, false)};
    auto with = SelectCoins(zero, kAssetA, 100, DefaultEligibilitySequence(true), rng);
    ASSERT_TRUE(with.ok());
    EXPECT_EQ(with->indices, (std::vector<size_t>{0}));
    auto without = SelectCoins(zero, kAssetA, 100, DefaultEligibilitySequence(false), rng);
    EXPECT_FALSE(without.ok());
    auto theirs = SelectCoins(zero, kAssetA, 200, DefaultEligibilitySequence(true), rng);
    EXPECT_FALSE(theirs.ok());
}

TEST(CoinSelectionTest, ChainLimitedRoundsPreferShortMempoolChains) {
    // Core 0.14 with a chain limit of 25: (1,6,0), (1,1,0), (0,1,2), (0,1,4), (0,1,12), (0,1,25), and
    // the unbounded round unless -walletrejectlongchains.
    const auto rounds = ChainLimitedEligibilitySequence(true, 25, false);
    ASSERT_EQ(rounds.size(), 7u);
    EXPECT_EQ(rounds[0], (CoinEligibility{1, 6, 0}));
    EXPECT_EQ(rounds[1], (CoinEligibility{1, 1, 0}));
    EXPECT_EQ(rounds[2], (CoinEligibility{0, 1, 2}));
    EXPECT_EQ(rounds[3], (CoinEligibility{0, 1, 4}));
    EXPECT_EQ(rounds[4], (CoinEligibility{0, 1, 12}));
    EXPECT_EQ(rounds[5], (CoinEligibility{0, 1, 25}));
    EXPECT_EQ(rounds[6], (CoinEligibility{0, 1, CoinEligibility::kUnlimitedChain}));
    EXPECT_EQ(ChainLimitedEligibilitySequence(true, 25, true).size(), 6u);
    EXPECT_EQ(ChainLimitedEligibilitySequence(false, 25, false).size(), 2u);

    // Own unconfirmed change: the coin of the shorter chain first; one at the limit only unbounded.
    CoinCandidate long_chain = Coin(100, 0, 0, true);
    long_chain.mempool_chain = 5;
    CoinCandidate short_chain = Coin(100, 1, 0, true);
    short_chain.mempool_chain = 1;
    EXPECT_TRUE(IsEligible(short_chain, rounds[2]));
    EXPECT_FALSE(IsEligible(long_chain, rounds[3]));
    EXPECT_TRUE(IsEligible(long_chain, rounds[4]));
    std::vector<CoinCandidate> coins{long_chain, short_chain};
    SelectionRng rng(3);
    auto sel = SelectCoins(coins, kAssetA, 100, rounds, rng);
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(sel->indices, (std::vector<size_t>{1}));

    std::vector<CoinCandidate> at_limit{Coin(100, 0, 0, true)};
    at_limit[0].mempool_chain = 3;
    EXPECT_TRUE(
        SelectCoins(at_limit, kAssetA, 100, ChainLimitedEligibilitySequence(true, 3, false), rng).ok());
    EXPECT_FALSE(
        SelectCoins(at_limit, kAssetA, 100, ChainLimitedEligibilitySequence(true, 3, true), rng).ok());
    // Confirmed coins are never in the mempool: every round's chain bound lets them through.
    EXPECT_TRUE(IsEligible(Coin(100, 2, 6, false), rounds[0]));
}

TEST(CoinSelectionTest, ExcludedCoinsAreNotUsed) {
    std::vector<CoinCandidate> coins{Coin(100, 0), Coin(100, 1), Coin(100, 2)};
    CoinSelector selector(coins);
    SelectionRng rng(1);
    std::vector<bool> excluded{true, false, true};
    auto sel = selector.Select(kAssetA, 100, kAll, rng, excluded);
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(sel->indices, (std::vector<size_t>{1}));
    EXPECT_EQ(selector.Available(kAssetA, {0, 0}, excluded), 100);
    EXPECT_EQ(selector.Available(kAssetA, {0, 0}), 300);
    EXPECT_FALSE(selector.Select(kAssetA, 101, kAll, rng, excluded).ok());
}

TEST(CoinSelectionTest, SortedOnceLargestFirst) {
    std::vector<CoinCandidate> coins{Coin(5, 0), Coin(9, 1), Coin(1, 2), Coin(7, 3, 6, false, kAssetB)};
    CoinSelector selector(coins);
    auto a = selector.SortedByValue(kAssetA);
    EXPECT_EQ(std::vector<size_t>(a.begin(), a.end()), (std::vector<size_t>{1, 0, 2}));
    EXPECT_EQ(selector.SortedByValue(uint256::FromByte0(0x11)).size(), 0u);
}

std::vector<CoinCandidate> RandomCoins(size_t n, uint64_t seed) {
    SelectionRng gen(seed);
    std::vector<CoinCandidate> coins;
    coins.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        CoinCandidate c = Coin(static_cast<Amount>(1000 + gen.Below(10 * COIN)), static_cast<uint32_t>(i));
        c.outpoint = OutPoint(uint256::FromByte0(static_cast<uint8_t>(i & 0xff)), static_cast<uint32_t>(i));
        c.depth = static_cast<int>(gen.Below(10));
        c.from_me = gen.Bit();
        coins.push_back(std::move(c));
    }
    return coins;
}

TEST(CoinSelectionTest, DeterministicForASeed) {
    const auto coins = RandomCoins(2000, 7);
    const auto rounds = DefaultEligibilitySequence();
    SelectionRng r1(99), r2(99);
    auto a = SelectCoins(coins, kAssetA, 123 * COIN + 45, rounds, r1);
    auto b = SelectCoins(coins, kAssetA, 123 * COIN + 45, rounds, r2);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a->indices, b->indices);
    EXPECT_EQ(a->total, b->total);
    EXPECT_GE(a->total, 123 * COIN + 45);
}

TEST(CoinSelectionTest, HundredThousandCandidates) {
    const auto coins = RandomCoins(100'000, 11);
    CoinSelector selector(coins);
    const auto rounds = DefaultEligibilitySequence();
    SelectionRng rng(5);
    for (Amount target : {Amount{3 * COIN}, Amount{250 * COIN + 17}, Amount{20'000 * COIN}}) {
        auto sel = selector.Select(kAssetA, target, rounds, rng);
        ASSERT_TRUE(sel.ok()) << target;
        Amount sum = 0;
        std::set<size_t> unique(sel->indices.begin(), sel->indices.end());
        EXPECT_EQ(unique.size(), sel->indices.size());
        for (size_t i : sel->indices) {
            sum += coins[i].value;
            EXPECT_TRUE(IsEligible(coins[i], rounds[0]));  // plenty of 6-conf coins: round 1 pays
        }
        EXPECT_EQ(sum, sel->total);
        EXPECT_GE(sel->total, target);
    }
    // More than everything: insufficient funds, after walking every round.
    auto too_much = selector.Select(kAssetA, MAX_MONEY, rounds, rng);
    EXPECT_FALSE(too_much.ok());
}

}  // namespace
}  // namespace ocean
