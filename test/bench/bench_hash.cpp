// Hashing throughput: SHA256d over small, medium and large buffers, and the FastNode compression of
// the fast merkle tree.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "ocean/crypto/sha256.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace {

void BM_Sha256d(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(0));
    ocean::Bytes buf(n);
    for (size_t i = 0; i < n; ++i) buf[i] = static_cast<uint8_t>(i * 131 + 7);
    for (auto _ : state) {
        ocean::uint256 h = ocean::Sha256dHash(buf);
        benchmark::DoNotOptimize(h);
        buf[0] = h[0];  // chain the iterations so none can be hoisted
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n));
}
BENCHMARK(BM_Sha256d)->Arg(64)->Arg(1024)->Arg(1024 * 1024);

void BM_FastNode(benchmark::State& state) {
    ocean::uint256 left, right;
    for (size_t i = 0; i < 32; ++i) {
        left[i] = static_cast<uint8_t>(i);
        right[i] = static_cast<uint8_t>(255 - i);
    }
    for (auto _ : state) {
        left = ocean::FastNode(left, right);
        benchmark::DoNotOptimize(left);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_FastNode);

}  // namespace
