// Decoding throughput: transactions (decode + txid, which Transaction computes on construction) and
// whole blocks of conformance chain A.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/primitives/block.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/bytes.h"
#include "ocean/util/hex.h"

namespace {

// tx_send (shared vectors): one OP_TRUE input, two P2PKH outputs and the fee output, no witness.
// txid a28925502fd56ca614ac65f27b56278c1b6e2aee465f302715306a899c782ab7.
constexpr std::string_view kTxSend =
    "02000000000194b41f536158176fcf0d438931b8c8762ad65104881da5bccdae831ed6bcd1b63800000000feffffff03"
    "0178c07f9edf9c56fde2860f2e90af3fbdcb8abbb8be46a1a332ea443bb6582f0001000000003b9aca00001976a91425"
    "8edd99c46c6f61c6ce7d08c025ba95fb4fbdf188ac0178c07f9edf9c56fde2860f2e90af3fbdcb8abbb8be46a1a332ea"
    "443bb6582f00010000131935ef73b8001976a91437502683228e920d22cf04a82dbd5a8db4cfec1f88ac0178c07f9edf"
    "9c56fde2860f2e90af3fbdcb8abbb8be46a1a332ea443bb6582f00010000000000001248000001000000";

// Chain A, height 153: P2SH-P2WPKH and P2WPKH inputs, two P2PKH outputs and the fee output.
// txid 23993961d7d7d770de5a288e22d7d0d937576d5d1700cb82ca6dbd9f036d74d4.
constexpr std::string_view kTxSegwit =
    "020000000102b9a15935fe6cd24d116fe319bb3dec4cfc76ff9d57f4990638809b046e8f7a7300000000171600146c9d"
    "a32f2109ceaf40a2b5017f8bc9c40818c77affffffff30bbb8cfd57d7e649932a4825d5cd74b6c0845a5f89365e9b69e"
    "12c93dd5c18c0000000000ffffffff0301a06873147f257ead388ff712b9a80938ed7dd87ec1c97bd1a45fe441c0344f"
    "61010000000082c44420001976a91405b8b0e79a0cbaec512d78bf375f95584c309c0b88ac01a06873147f257ead388f"
    "f712b9a80938ed7dd87ec1c97bd1a45fe441c0344f61010000000082c44650001976a91454680c94e6e1f7d2ab035d99"
    "b493f395fcee654188ac01a06873147f257ead388ff712b9a80938ed7dd87ec1c97bd1a45fe441c0344f610100000000"
    "00006590000000000000000002483045022100e08023c688d2b40d453c64076d629476a354cebdf2bcbd4b9297ff3ece"
    "96378202207617ce43c277d006be763d946231970d3e79fe28b33afe0446d9143ce9faa4c30321031af19b47888af346"
    "dee6d3777bc625d768c4ed4c07245f407180ed6d929f19dc00000002483045022100a3bc84b18eff970c9adf4be4c726"
    "7e5e55eb43a07396187f762f647e76f4871e022045c0fe1c3ab83ad9bbc0b1a1daa15fcd7fc49bd801083b9c132cc979"
    "098b0f340321025d99bd49fc7239cae3b0d7d4921ed0a66452da460b6a5c8ccf2937284584eeff00000000000000";

ocean::Bytes FromHex(std::string_view hex) {
    auto b = ocean::ParseHex(hex);
    return b ? *b : ocean::Bytes{};
}

void DecodeTx(benchmark::State& state, std::string_view hex, std::string_view display_txid) {
    const ocean::Bytes raw = FromHex(hex);
    auto check = ocean::DecodeTransaction(raw);
    if (!check || (*check)->GetTxid().ToHex() != display_txid) {
        state.SkipWithError("embedded transaction does not decode to its txid");
        return;
    }
    for (auto _ : state) {
        auto tx = ocean::DecodeTransaction(raw);
        benchmark::DoNotOptimize(tx);
        benchmark::DoNotOptimize((*tx)->GetTxid());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}

void BM_DecodeTx_Send(benchmark::State& state) {
    DecodeTx(state, kTxSend, "a28925502fd56ca614ac65f27b56278c1b6e2aee465f302715306a899c782ab7");
}
BENCHMARK(BM_DecodeTx_Send);

void BM_DecodeTx_Segwit2in(benchmark::State& state) {
    DecodeTx(state, kTxSegwit, "23993961d7d7d770de5a288e22d7d0d937576d5d1700cb82ca6dbd9f036d74d4");
}
BENCHMARK(BM_DecodeTx_Segwit2in);

// Chain A's blocks, one raw block per line (empty when the vectors are missing).
const std::vector<ocean::Bytes>& ChainABlocks() {
    static const std::vector<ocean::Bytes> blocks = [] {
        std::vector<ocean::Bytes> out;
        std::ifstream f(std::string(OCEAN_VECTORS_DIR) + "/ocean/chains/A/blocks.hex");
        std::string line;
        while (std::getline(f, line)) {
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            if (!line.empty()) out.push_back(FromHex(line));
        }
        return out;
    }();
    return blocks;
}

void DecodeBlock(benchmark::State& state, const ocean::Bytes& raw) {
    auto check = ocean::DecodeBlock(raw);
    if (!check) {
        state.SkipWithError("chain A block does not decode");
        return;
    }
    for (auto _ : state) {
        auto b = ocean::DecodeBlock(raw);
        benchmark::DoNotOptimize(b);
    }
    state.counters["txs"] = static_cast<double>(check->vtx.size());
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * check->vtx.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}

// The median-size block of chain A (a typical block).
void BM_DecodeBlock_ChainA_Median(benchmark::State& state) {
    std::vector<ocean::Bytes> blocks = ChainABlocks();
    if (blocks.empty()) {
        state.SkipWithError("no chain A vectors at " OCEAN_VECTORS_DIR);
        return;
    }
    std::sort(blocks.begin(), blocks.end(),
              [](const ocean::Bytes& a, const ocean::Bytes& b) { return a.size() < b.size(); });
    DecodeBlock(state, blocks[blocks.size() / 2]);
}
BENCHMARK(BM_DecodeBlock_ChainA_Median);

// The largest block of chain A.
void BM_DecodeBlock_ChainA_Largest(benchmark::State& state) {
    const auto& blocks = ChainABlocks();
    if (blocks.empty()) {
        state.SkipWithError("no chain A vectors at " OCEAN_VECTORS_DIR);
        return;
    }
    DecodeBlock(state, *std::max_element(blocks.begin(), blocks.end(),
                                         [](const auto& a, const auto& b) { return a.size() < b.size(); }));
}
BENCHMARK(BM_DecodeBlock_ChainA_Largest);

// All 331 blocks of chain A, decoded in order (items are blocks).
void BM_DecodeBlock_ChainA_All(benchmark::State& state) {
    const auto& blocks = ChainABlocks();
    if (blocks.empty()) {
        state.SkipWithError("no chain A vectors at " OCEAN_VECTORS_DIR);
        return;
    }
    size_t bytes = 0;
    for (const auto& b : blocks) bytes += b.size();
    for (auto _ : state) {
        for (const auto& raw : blocks) {
            auto b = ocean::DecodeBlock(raw);
            benchmark::DoNotOptimize(b);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * blocks.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_DecodeBlock_ChainA_All);

}  // namespace
