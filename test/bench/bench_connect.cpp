// Connecting blocks full of P2PKH spends through the real Chainstate (LevelDB, block files, undo,
// script checks on the worker pool): inputs per second with 1 and 2 script threads. Compare with
// BM_VerifyRawSecp256k1 (bench_verify.cpp) in the same run:
//   bench_oceand --benchmark_filter='Verify|Connect'
// The figure that counts is inputs/s here divided by the raw verify rate on the same thread count.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

constexpr size_t kSpendBlocks = 10;
constexpr size_t kInputsPerBlock = 1000;

struct ConnectFixture {
    ChainParams params;
    std::vector<Block> setup;   // genesis descendants that create the coins
    std::vector<Block> spends;  // the measured blocks
    size_t inputs = 0;

    ConnectFixture() {
        test::ChainBuilderOptions opt;
        opt.sign_threads = 2;
        test::ChainBuilder b("bench-connect", opt);
        auto p = ChainParams::FromOptions(b.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params = std::move(p.value());
        // Fan out enough coins, then let them mature.
        while (b.UtxoCount() < kSpendBlocks * kInputsPerBlock + 200) {
            Block f = b.FanOutBlock(5000);
            b.Accept(f);
            setup.push_back(std::move(f));
        }
        for (int i = 0; i < 2; ++i) {
            Block e = b.NextBlock({});
            b.Accept(e);
            setup.push_back(std::move(e));
        }
        for (size_t i = 0; i < kSpendBlocks; ++i) {
            Block s = b.SpendBlock(kInputsPerBlock, 1);
            b.Accept(s);
            for (size_t t = 1; t < s.vtx.size(); ++t) inputs += s.vtx[t]->vin.size();
            spends.push_back(std::move(s));
        }
    }
};

const ConnectFixture& Fixture() {
    static const ConnectFixture f;
    return f;
}

void BM_ConnectP2PKHBlocks(benchmark::State& state) {
    const ConnectFixture& f = Fixture();
    SystemClock clock;
    Logger log(clock);
    test::TempDir root("ocean_bench_connect_");
    const auto dir = root / "data";
    for (auto _ : state) {
        state.PauseTiming();
        std::filesystem::remove_all(dir);
        ChainstateOptions opt;
        opt.datadir = dir;
        opt.par = static_cast<int>(state.range(0));
        opt.check_level = 0;
        auto cs = Chainstate::Open(f.params, opt, log, clock);
        if (!cs) {
            state.SkipWithError(cs.error().ToString().c_str());
            break;
        }
        for (const Block& b : f.setup) {
            ValidationState st;
            if (!(*cs)->ProcessNewBlock(b, st)) {
                state.SkipWithError(st.ToString().c_str());
                break;
            }
        }
        state.ResumeTiming();
        for (const Block& b : f.spends) {
            ValidationState st;
            if (!(*cs)->ProcessNewBlock(b, st)) {
                state.SkipWithError(st.ToString().c_str());
                break;
            }
        }
        state.PauseTiming();
        cs.value().reset();
        state.ResumeTiming();
    }
    state.counters["inputs/s"] =
        benchmark::Counter(static_cast<double>(f.inputs) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ConnectP2PKHBlocks)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ocean
