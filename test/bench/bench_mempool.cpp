// Mempool throughput: CalculateAncestors + AddUnchecked for independent transactions and for chains
// of 25, block-template selection (SelectForBlock) on a 50,000-transaction pool, and full acceptance
// (AcceptToMemoryPool with real ECDSA checks) of signed 1-in-2-out P2PKH spends.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/primitives/transaction.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace {

using namespace ocean;

const uint256 kAsset = uint256::FromByte0(0x11);

OutPoint Confirmed(uint32_t i) {
    uint256 h;
    h[0] = 0xcc;
    for (int b = 0; b < 4; ++b) h[1 + b] = static_cast<uint8_t>(i >> (8 * b));
    return OutPoint(h, 0);
}

TxOut Out(Amount v, Bytes spk) {
    TxOut o;
    o.asset.SetExplicit(kAsset);
    o.value.SetExplicit(v);
    o.script_pubkey = std::move(spk);
    return o;
}

// A P2PKH-shaped transaction (107-byte scriptSig per input, P2PKH outputs, a fee output): ~240
// vbytes with one input and two outputs.
TransactionRef MakeTx(const std::vector<OutPoint>& inputs, size_t n_outputs, Amount fee) {
    MutableTransaction m;
    for (const OutPoint& o : inputs) {
        TxIn in;
        in.prevout = o;
        in.script_sig.assign(107, 0x42);
        in.sequence = 0xfffffffe;
        m.vin.push_back(in);
    }
    Bytes p2pkh = {0x76, 0xa9, 0x14};
    p2pkh.resize(23, 0x33);
    p2pkh.push_back(0x88);
    p2pkh.push_back(0xac);
    for (size_t i = 0; i < n_outputs; ++i) m.vout.push_back(Out(100000, p2pkh));
    m.vout.push_back(Out(fee, {}));
    return MakeTransactionRef(std::move(m));
}

MempoolEntry Entry(const TransactionRef& tx, Amount fee, int64_t time) {
    MempoolEntry e;
    e.tx = tx;
    e.fee = fee;
    e.fees = GetFeeMap(*tx);
    e.weight = tx->GetWeight();
    e.vsize = tx->GetVirtualSize();
    e.sigop_cost = 4 * static_cast<int64_t>(tx->vout.size());
    e.time = time;
    return e;
}

// n independent transactions with varied fees.
std::vector<TransactionRef> Independent(uint32_t n, uint32_t salt, std::vector<Amount>& fees) {
    std::mt19937 rng(salt);
    std::vector<TransactionRef> txs;
    for (uint32_t i = 0; i < n; ++i) {
        const Amount fee = 1000 + static_cast<Amount>(rng() % 50000);
        txs.push_back(MakeTx({Confirmed(salt * 1'000'000 + i)}, 2, fee));
        fees.push_back(fee);
    }
    return txs;
}

// n_chains chains of `depth` transactions, each spending the previous one's first output.
std::vector<TransactionRef> Chains(uint32_t n_chains, uint32_t depth, uint32_t salt,
                                   std::vector<Amount>& fees) {
    std::mt19937 rng(salt);
    std::vector<TransactionRef> txs;
    for (uint32_t c = 0; c < n_chains; ++c) {
        OutPoint prev = Confirmed(salt * 1'000'000 + c);
        for (uint32_t d = 0; d < depth; ++d) {
            const Amount fee = 1000 + static_cast<Amount>(rng() % 50000);
            auto tx = MakeTx({prev}, 2, fee);
            prev = OutPoint(tx->GetTxid(), 0);
            txs.push_back(tx);
            fees.push_back(fee);
        }
    }
    return txs;
}

// What AcceptToMemoryPool does with the pool for each transaction: ancestors with limits, then add.
// Entries (fee map, sizes) are prepared outside the timed region.
void AddAll(benchmark::State& state, const std::vector<TransactionRef>& txs,
            const std::vector<Amount>& fees) {
    std::vector<MempoolEntry> entries;
    for (size_t i = 0; i < txs.size(); ++i)
        entries.push_back(Entry(txs[i], fees[i], static_cast<int64_t>(i)));
    for (auto _ : state) {
        state.PauseTiming();
        {
            auto pool = std::make_unique<TxMempool>();
            state.ResumeTiming();
            for (const MempoolEntry& e : entries) {
                auto anc = pool->CalculateAncestors(*e.tx, e.vsize);
                if (!anc.ok()) {
                    state.SkipWithError(anc.error().ToString().c_str());
                    return;
                }
                pool->AddUnchecked(e);
            }
            benchmark::DoNotOptimize(pool->Size());
            state.PauseTiming();
        }
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(txs.size()));
}

void BM_Mempool_AddIndependent(benchmark::State& state) {
    std::vector<Amount> fees;
    const auto txs = Independent(10000, 1, fees);
    AddAll(state, txs, fees);
}
BENCHMARK(BM_Mempool_AddIndependent)->Unit(benchmark::kMillisecond);

void BM_Mempool_AddChains25(benchmark::State& state) {
    std::vector<Amount> fees;
    const auto txs = Chains(400, 25, 2, fees);
    AddAll(state, txs, fees);
}
BENCHMARK(BM_Mempool_AddChains25)->Unit(benchmark::kMillisecond);

// 50,000 transactions: 25,000 independent and 2,500 chains of 10. Each iteration builds a full block
// template (4,000,000 weight minus the coinbase reservation, ~4,100 transactions).
void BM_Mempool_SelectForBlock50k(benchmark::State& state) {
    std::vector<Amount> fees;
    auto txs = Independent(25000, 3, fees);
    const auto chains = Chains(2500, 10, 4, fees);
    txs.insert(txs.end(), chains.begin(), chains.end());
    TxMempool pool;
    for (size_t i = 0; i < txs.size(); ++i)
        pool.AddUnchecked(Entry(txs[i], fees[i], static_cast<int64_t>(i)));
    size_t selected = 0;
    for (auto _ : state) {
        auto block = pool.SelectForBlock(4'000'000 - 4000, 80'000 - 400);
        selected = block.size();
        benchmark::DoNotOptimize(block.data());
    }
    state.counters["pool"] = static_cast<double>(pool.Size());
    state.counters["selected"] = static_cast<double>(selected);
    state.counters["pool_MB"] = static_cast<double>(pool.DynamicMemoryUsage()) / 1e6;
}
BENCHMARK(BM_Mempool_SelectForBlock50k)->Unit(benchmark::kMillisecond);

// Removing a template's transactions as a block (RemoveForBlock), on the same pool (rebuilt untimed).
void BM_Mempool_RemoveForBlock50k(benchmark::State& state) {
    std::vector<Amount> fees;
    auto txs = Independent(25000, 3, fees);
    const auto chains = Chains(2500, 10, 4, fees);
    txs.insert(txs.end(), chains.begin(), chains.end());
    size_t removed = 0;
    for (auto _ : state) {
        state.PauseTiming();
        {
            TxMempool pool;
            for (size_t i = 0; i < txs.size(); ++i)
                pool.AddUnchecked(Entry(txs[i], fees[i], static_cast<int64_t>(i)));
            const auto block = pool.SelectForBlock(4'000'000 - 4000, 80'000 - 400);
            removed = block.size();
            state.ResumeTiming();
            pool.RemoveForBlock(block, 0);
            state.PauseTiming();
        }
        state.ResumeTiming();
    }
    state.counters["block_txs"] = static_cast<double>(removed);
}
BENCHMARK(BM_Mempool_RemoveForBlock50k)->Unit(benchmark::kMillisecond);

// A chain whose last blocks fanned coins out to the builder's keys, and one signed spend of each coin
// (one P2PKH input, two P2PKH outputs and the fee output), built once.
struct AcceptFixture {
    static constexpr size_t kTxs = 2000;
    test::TempDir dir{"ocean_bench_accept_"};
    test::ChainBuilder builder{"bench-accept"};
    std::unique_ptr<ChainParams> params;
    SystemClock clock;
    Logger log{clock};
    std::unique_ptr<Chainstate> chain;
    std::vector<TransactionRef> txs;

    AcceptFixture() {
        auto p = ChainParams::FromOptions(builder.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params = std::make_unique<ChainParams>(std::move(p.value()));
        ChainstateOptions opt;
        opt.datadir = dir.path();
        opt.cache_bytes = 64u << 20;
        auto cs = Chainstate::Open(*params, opt, log, clock);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain = std::move(cs.value());
        Mine(builder.FanOutBlock(kTxs));
        Mine(builder.NextBlock({}));
        Mine(builder.NextBlock({}));
        for (const OutPoint& coin : builder.SelectSpendable(kTxs)) {
            txs.push_back(MakeTransactionRef(builder.SpendP2PKH({coin}, 2, 10000)));
        }
    }
    void Mine(const Block& b) {
        builder.Accept(b);
        ValidationState st;
        if (!chain->ProcessNewBlock(b, st)) throw std::runtime_error(st.ToString());
    }
};

// Every spend through AcceptToMemoryPool into an empty pool, with the signature cache cleared first so
// that each input costs a real ECDSA verification.
void BM_Mempool_AcceptP2PKH(benchmark::State& state) {
    static AcceptFixture f;
    const int64_t now = f.clock.UnixSeconds();
    for (auto _ : state) {
        state.PauseTiming();
        auto pool = std::make_unique<TxMempool>();
        f.chain->SigCache().Clear();
        state.ResumeTiming();
        for (const TransactionRef& tx : f.txs) {
            const AcceptResult r = AcceptToMemoryPool(*f.chain, *pool, tx, AcceptOptions{}, now);
            if (!r.accepted) {
                state.SkipWithError(r.state.ToString().c_str());
                return;
            }
        }
        state.PauseTiming();
        pool.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.txs.size()));
}
BENCHMARK(BM_Mempool_AcceptP2PKH)->Unit(benchmark::kMillisecond);

}  // namespace
