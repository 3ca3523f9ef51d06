// Policy lists at scale: a whitelist of 10 million addresses (the compact Hash160Set behind
// PolicyLists). Reported: memory per address (counter bytes_per_entry), lookup time for members and
// non-members, the in-memory part of the start-up rebuild (applying 10 M additions in chain order, as
// PolicyListSync::Rebuild does after reading the blocks), and the cost of checking one register-address
// item (contract tweak + hash160), which a rebuild pays per registered address, and an end-to-end start-up
// rebuild (PolicyListSync::Rebuild: block and undo reads, payload checks, insertion) of a real chain whose
// blocks register 100,000 addresses, to extrapolate to 10 M.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/crypto/key.h"
#include "ocean/mempool/policy_list_rules.h"
#include "ocean/mempool/policy_list_sync.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/script/standard.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace {

using namespace ocean;

constexpr size_t kAddresses = 10'000'000;

uint160 RandomHash(std::mt19937_64& rng) {
    uint160 h;
    for (size_t i = 0; i < 20; i += 8) {
        const uint64_t v = rng();
        for (size_t b = 0; b < 8 && i + b < 20; ++b) h[i + b] = static_cast<uint8_t>(v >> (8 * b));
    }
    return h;
}

std::vector<ListChange> Additions(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<ListChange> changes(n);
    for (ListChange& c : changes) c = {PolicyList::kWhitelist, {RandomHash(rng), false}, true};
    return changes;
}

// Start-up rebuild (in-memory part) and memory per address.
void BM_WhitelistRebuild10M(benchmark::State& state) {
    const std::vector<ListChange> changes = Additions(kAddresses, 1);
    for (auto _ : state) {
        PolicyLists lists;
        lists.Apply(changes);
        benchmark::DoNotOptimize(lists.Size(PolicyList::kWhitelist));
        state.counters["bytes_per_entry"] = static_cast<double>(lists.MemoryUsage()) /
                                            static_cast<double>(lists.Size(PolicyList::kWhitelist));
    }
    state.counters["entries"] = static_cast<double>(kAddresses);
}
BENCHMARK(BM_WhitelistRebuild10M)->Iterations(1)->Unit(benchmark::kMillisecond);

void Lookup(benchmark::State& state, bool members) {
    PolicyLists lists;
    lists.Apply(Additions(kAddresses, 1));
    // Probes: members (the same sequence again) or fresh random hashes.
    const std::vector<ListChange> probes = members ? Additions(1 << 20, 1) : Additions(1 << 20, 2);
    size_t i = 0, found = 0;
    for (auto _ : state) {
        found += lists.Contains(PolicyList::kWhitelist, probes[i++ & ((1 << 20) - 1)].entry);
    }
    benchmark::DoNotOptimize(found);
    state.counters["hit_rate"] = static_cast<double>(found) / static_cast<double>(state.iterations());
    state.counters["bytes_per_entry"] =
        static_cast<double>(lists.MemoryUsage()) / static_cast<double>(lists.Size(PolicyList::kWhitelist));
}
void BM_WhitelistLookupHit10M(benchmark::State& state) {
    Lookup(state, true);
}
void BM_WhitelistLookupMiss10M(benchmark::State& state) {
    Lookup(state, false);
}
BENCHMARK(BM_WhitelistLookupHit10M)->Iterations(5'000'000);
BENCHMARK(BM_WhitelistLookupMiss10M)->Iterations(5'000'000);

// Checking register payload items: DERIVED (key validity, contract tweak, hash160) per item.
void BM_RegisterDerivedItem(benchmark::State& state) {
    ListPolicyOptions o;
    o.SetContract(uint256::FromByte0(0x42));
    Bytes payload;
    for (uint8_t i = 1; i <= 100; ++i) {
        Bytes secret(32, 0);
        secret[31] = i;
        const PubKey pub = Key::FromBytes(secret, true).value().GetPubKey();
        const uint160 id = *TweakedKeyId(pub.span(), o);
        payload.push_back(0x00);
        payload.insert(payload.end(), id.begin(), id.end());
        payload.insert(payload.end(), pub.begin(), pub.end());
    }
    for (auto _ : state) {
        auto entries = ParseRegisterPayload(payload, 1, o);
        benchmark::DoNotOptimize(entries);
    }
    state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_RegisterDerivedItem)->Unit(benchmark::kMicrosecond);

// End to end: 50 blocks, each with one OP_REGISTERADDRESS transaction of 2000 DERIVED items (no
// contract, so the check is key parsing + hash160; add BM_RegisterDerivedItem's figure for a contract).
void BM_RebuildFromChain100k(benchmark::State& state) {
    constexpr int kBlocks = 50, kPerBlock = 2000;
    test::ChainBuilderOptions bo;
    bo.policy_coins = 100 * 1000;
    test::ChainBuilder builder("policy-rebuild-bench", bo);
    auto params = ChainParams::FromOptions(builder.ChainOptions(), ContractTexts{});
    if (!params) {
        state.SkipWithError(params.error().ToString().c_str());
        return;
    }
    const uint256 white = *params->genesis_assets.whitelist;
    SystemClock clock;
    Logger log(clock);
    test::TempDir dir("ocean_bench_policy_");
    ChainstateOptions opt;
    opt.datadir = dir.path();
    auto chain = Chainstate::Open(*params, opt, log, clock);
    if (!chain) {
        state.SkipWithError(chain.error().ToString().c_str());
        return;
    }
    std::vector<OutPoint> tokens;
    for (const auto& [op, e] : builder.Utxos()) {
        if (e.out.asset.IsExplicit() && e.out.asset.GetAsset() == white) tokens.push_back(op);
    }
    uint32_t next_key = 1;
    for (int b = 0; b < kBlocks; ++b) {
        Bytes payload;
        for (int i = 0; i < kPerBlock; ++i, ++next_key) {
            Bytes secret(32, 0);
            for (int k = 0; k < 4; ++k) secret[28 + k] = static_cast<uint8_t>(next_key >> (24 - 8 * k));
            const PubKey pub = Key::FromBytes(secret, true).value().GetPubKey();
            const uint160 id = pub.GetID();
            payload.push_back(0x00);
            payload.insert(payload.end(), id.begin(), id.end());
            payload.insert(payload.end(), pub.begin(), pub.end());
        }
        MutableTransaction m;
        m.version = 2;
        m.vin.emplace_back().prevout = tokens.at(static_cast<size_t>(b));
        TxOut reg, change;
        reg.asset.SetExplicit(white);
        reg.value.SetExplicit(0);
        reg.script_pubkey = GetScriptForRegisterAddress(true, 1, payload).bytes();
        change.asset.SetExplicit(white);
        change.value.SetExplicit(1000);
        change.script_pubkey = {0x51};
        m.vout = {reg, change};
        const Block block = builder.NextBlock({MakeTransactionRef(std::move(m))});
        builder.Accept(block);
        ValidationState st;
        if (!(*chain)->ProcessNewBlock(block, st)) {
            state.SkipWithError(st.ToString().c_str());
            return;
        }
    }
    ListPolicyOptions lo;
    lo.whitelist = true;
    size_t entries = 0;
    for (auto _ : state) {
        PolicyLists lists;
        PolicyListSync sync(**chain, lists, lo, log);
        if (Status s = sync.Rebuild(); !s) {
            state.SkipWithError(s.error().ToString().c_str());
            break;
        }
        entries = lists.Size(PolicyList::kWhitelist);
    }
    state.counters["entries"] = static_cast<double>(entries);
    state.counters["entries/s"] =
        benchmark::Counter(static_cast<double>(entries) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RebuildFromChain100k)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
