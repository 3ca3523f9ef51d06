// Chain storage throughput: the coins cache (add/spend in memory, flush to LevelDB, cold lookups from
// LevelDB) and the block files (append + fdatasync, read back) with chain A's blocks.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "ocean/chain/block_store.h"
#include "ocean/chain/coins.h"
#include "ocean/primitives/block.h"
#include "ocean/util/hex.h"
#include "util/temp_dir.h"

namespace {

using namespace ocean;

Coin BenchCoin(uint32_t i) {
    TxOut out;
    out.asset.SetExplicit(uint256::FromByte0(1));
    out.value.SetExplicit(1000 + i);
    out.script_pubkey = {0x76, 0xa9, 20};
    out.script_pubkey.resize(23, static_cast<uint8_t>(i));
    out.script_pubkey.push_back(0x88);
    out.script_pubkey.push_back(0xac);
    return Coin(out, i, false);
}

OutPoint BenchOutPoint(uint32_t i, uint32_t salt) {
    uint256 h;
    std::memcpy(h.data(), &i, 4);
    std::memcpy(h.data() + 4, &salt, 4);
    h[31] = 0x5a;
    return OutPoint(h, i % 3);
}

constexpr uint32_t kCoins = 10000;

// Adds kCoins coins to a cache over an empty view and spends every other one: the work of connecting
// blocks between flushes.
void BM_CoinsCache_AddSpend(benchmark::State& state) {
    std::vector<Coin> coins;
    for (uint32_t i = 0; i < kCoins; ++i) coins.push_back(BenchCoin(i));
    CoinsView empty;
    for (auto _ : state) {
        CoinsViewCache cache(&empty);
        for (uint32_t i = 0; i < kCoins; ++i) {
            Coin c = coins[i];
            cache.AddCoin(BenchOutPoint(i, 0), std::move(c), false);
        }
        for (uint32_t i = 0; i < kCoins; i += 2) cache.SpendCoin(BenchOutPoint(i, 0));
        benchmark::DoNotOptimize(cache.GetCacheSize());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * (kCoins + kCoins / 2));
}
BENCHMARK(BM_CoinsCache_AddSpend);

// Adds kCoins coins and flushes them to the LevelDB chainstate (synced final batch).
void BM_CoinsCache_FlushToDB(benchmark::State& state) {
    test::TempDir dir("ocean_bench_chain_");
    DatabaseOptions o;
    o.path = dir.path() / "chainstate";
    o.cache_bytes = 32u << 20;
    auto db = CoinsViewDB::Open(o);
    if (!db) {
        state.SkipWithError(db.error().ToString().c_str());
        return;
    }
    uint32_t round = 0;
    for (auto _ : state) {
        ++round;
        CoinsViewCache cache(db->get());
        for (uint32_t i = 0; i < kCoins; ++i) cache.AddCoin(BenchOutPoint(i, round), BenchCoin(i), false);
        cache.SetBestBlock(uint256::FromByte0(static_cast<uint8_t>(round)));
        if (!cache.Flush()) {
            state.SkipWithError("flush failed");
            return;
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kCoins);
}
BENCHMARK(BM_CoinsCache_FlushToDB)->Unit(benchmark::kMillisecond);

// Looks up coins that are only in LevelDB (cold cache): the cost of a cache miss.
void BM_CoinsCache_FetchFromDB(benchmark::State& state) {
    test::TempDir dir("ocean_bench_chain_");
    DatabaseOptions o;
    o.path = dir.path() / "chainstate";
    o.cache_bytes = 32u << 20;
    auto db = CoinsViewDB::Open(o);
    if (!db) {
        state.SkipWithError(db.error().ToString().c_str());
        return;
    }
    {
        CoinsViewCache fill(db->get());
        for (uint32_t i = 0; i < 100000; ++i) fill.AddCoin(BenchOutPoint(i, 0), BenchCoin(i), false);
        fill.SetBestBlock(uint256::FromByte0(1));
        if (!fill.Flush()) {
            state.SkipWithError("flush failed");
            return;
        }
    }
    uint32_t next = 0;
    for (auto _ : state) {
        CoinsViewCache cache(db->get());
        for (uint32_t i = 0; i < 1000; ++i) {
            benchmark::DoNotOptimize(cache.AccessCoin(BenchOutPoint(next, 0)));
            next = (next + 7919) % 100000;
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 1000);
}
BENCHMARK(BM_CoinsCache_FetchFromDB);

std::vector<Block> LoadChainA() {
    std::vector<Block> out;
    std::ifstream f(std::string(OCEAN_VECTORS_DIR) + "/ocean/chains/A/blocks.hex");
    std::string line;
    while (std::getline(f, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty()) continue;
        auto raw = ParseHex(line);
        if (!raw) continue;
        auto b = DecodeBlock(*raw);
        if (b) out.push_back(std::move(*b));
    }
    return out;
}

// Appends all chain A blocks and fdatasyncs (bytes are serialized block bytes).
void BM_BlockStore_Write(benchmark::State& state) {
    const std::vector<Block> blocks = LoadChainA();
    if (blocks.empty()) {
        state.SkipWithError("no chain A vectors at " OCEAN_VECTORS_DIR);
        return;
    }
    size_t bytes = 0;
    for (const Block& b : blocks) bytes += GetBlockSize(b);
    test::TempDir dir("ocean_bench_chain_");
    BlockStoreOptions o;
    o.blocks_dir = dir.path() / "blocks";
    o.magic = {0xfa, 0xbf, 0xb5, 0xda};
    auto store = BlockStore::Open(o);
    if (!store) {
        state.SkipWithError(store.error().ToString().c_str());
        return;
    }
    for (auto _ : state) {
        for (size_t h = 0; h < blocks.size(); ++h) {
            if (!(*store)->WriteBlock(blocks[h], static_cast<uint32_t>(h), blocks[h].time)) {
                state.SkipWithError("write failed");
                return;
            }
        }
        if (!(*store)->Flush()) {
            state.SkipWithError("flush failed");
            return;
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * blocks.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_BlockStore_Write)->Unit(benchmark::kMillisecond);

// Reads back and decodes all chain A blocks (page cache warm).
void BM_BlockStore_Read(benchmark::State& state) {
    const std::vector<Block> blocks = LoadChainA();
    if (blocks.empty()) {
        state.SkipWithError("no chain A vectors at " OCEAN_VECTORS_DIR);
        return;
    }
    test::TempDir dir("ocean_bench_chain_");
    BlockStoreOptions o;
    o.blocks_dir = dir.path() / "blocks";
    o.magic = {0xfa, 0xbf, 0xb5, 0xda};
    auto store = BlockStore::Open(o);
    if (!store) {
        state.SkipWithError(store.error().ToString().c_str());
        return;
    }
    std::vector<FlatFilePos> pos;
    size_t bytes = 0;
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto p = (*store)->WriteBlock(blocks[h], static_cast<uint32_t>(h), blocks[h].time);
        if (!p) {
            state.SkipWithError("write failed");
            return;
        }
        pos.push_back(*p);
        bytes += GetBlockSize(blocks[h]);
    }
    for (auto _ : state) {
        for (const FlatFilePos& p : pos) {
            auto b = (*store)->ReadBlock(p);
            benchmark::DoNotOptimize(b);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pos.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_BlockStore_Read)->Unit(benchmark::kMillisecond);

}  // namespace
