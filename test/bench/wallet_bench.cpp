// Wallet transaction construction: coin selection over large candidate sets (sorting once plus one
// selection, and a selection alone on an already sorted CoinSelector) and a whole BuildTransaction
// (selection, fee loop, change) over a 10,000-coin wallet.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "ocean/primitives/amount.h"
#include "ocean/script/destination.h"
#include "ocean/script/standard.h"
#include "ocean/wallet/coin_selection.h"
#include "ocean/wallet/tx_builder.h"

namespace {

using namespace ocean;

const uint256 kBenchAsset = uint256::FromByte0(0x5a);

Script BenchP2pkh(uint8_t tag) {
    uint160 h;
    h.data()[0] = tag;
    return GetScriptForDestination(PKHash(h));
}

// n coins of the same asset, values spread between 0.00001 and 1 unit, mixed confirmations.
std::vector<CoinCandidate> BenchCoins(size_t n) {
    SelectionRng gen(20260101);
    const Script script = BenchP2pkh(1);
    std::vector<CoinCandidate> coins;
    coins.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        CoinCandidate c;
        c.outpoint = OutPoint(uint256::FromByte0(static_cast<uint8_t>(i & 0xff)), static_cast<uint32_t>(i));
        c.asset = kBenchAsset;
        c.value = static_cast<Amount>(1000 + gen.Below(COIN));
        c.script_pubkey = script;
        c.depth = static_cast<int>(gen.Below(20));
        c.from_me = gen.Bit();
        c.input_vsize = 148;
        coins.push_back(std::move(c));
    }
    return coins;
}

// Sort the candidates and select 25 units (about 50 coins): what one send costs from scratch.
void BM_SelectCoins(benchmark::State& state) {
    const auto coins = BenchCoins(static_cast<size_t>(state.range(0)));
    const auto rounds = DefaultEligibilitySequence();
    SelectionRng rng(1);
    for (auto _ : state) {
        auto sel = SelectCoins(coins, kBenchAsset, 25 * COIN + 12345, rounds, rng);
        if (!sel.ok()) {
            state.SkipWithError("selection failed");
            break;
        }
        benchmark::DoNotOptimize(sel->total);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SelectCoins)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// One selection on an already sorted selector (the per-iteration cost inside the fee loop).
void BM_SelectCoinsSorted(benchmark::State& state) {
    const auto coins = BenchCoins(static_cast<size_t>(state.range(0)));
    const CoinSelector selector(coins);
    const auto rounds = DefaultEligibilitySequence();
    SelectionRng rng(1);
    for (auto _ : state) {
        auto sel = selector.Select(kBenchAsset, 25 * COIN + 12345, rounds, rng);
        benchmark::DoNotOptimize(sel);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SelectCoinsSorted)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// A payment of 3 units with change and a 1000/kB fee in the same asset from a 10,000-coin wallet.
void BM_BuildTransaction(benchmark::State& state) {
    const auto coins = BenchCoins(10'000);
    const Script change_script = BenchP2pkh(2);
    const ChangeScriptFn change = [&](const uint256&) -> Result<Script> { return change_script; };
    FeePolicy policy;
    policy.fee_asset = kBenchAsset;
    policy.fee_rate = 1000;
    const std::vector<Recipient> recipients{{BenchP2pkh(3), kBenchAsset, 3 * COIN, false}};
    SelectionRng rng(2);
    for (auto _ : state) {
        auto built = BuildTransaction(recipients, coins, change, policy, rng);
        if (!built.ok()) {
            state.SkipWithError("build failed");
            break;
        }
        benchmark::DoNotOptimize(built->fee);
    }
}
BENCHMARK(BM_BuildTransaction)->Unit(benchmark::kMillisecond);

}  // namespace
