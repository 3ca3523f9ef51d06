// ECDSA verification rates: the raw libsecp256k1 reference (pre-parsed public key and signature, so
// only secp256k1_ecdsa_verify is timed) against PubKey::Verify (key parse + lax DER parse + low-S
// normalization + verify), on one thread and on two, so "inputs/s when connecting blocks" can be
// compared with the machine's raw verify rate in the same run. Signing rates are included because
// test chains (ocean-genchain) are signing-bound.
//
// The two-thread variants use real time: items_per_second is then the aggregate rate of both threads.
#include <benchmark/benchmark.h>
#include <secp256k1.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/crypto/secp256k1_context.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace {

// Distinct (key, message, signature) triples, cycled so that no single input stays hot in the caches.
constexpr size_t kSamples = 256;

struct Sample {
    ocean::Key key;
    ocean::uint256 msg;
    ocean::PubKey pubkey;            // 33-byte serialization
    ocean::Bytes der;                // low-S DER signature (no hashtype)
    secp256k1_pubkey parsed_pubkey;  // pre-parsed for the raw reference
    secp256k1_ecdsa_signature parsed_sig;
};

const std::vector<Sample>& Samples() {
    static const std::vector<Sample> samples = [] {
        const secp256k1_context* ctx = ocean::Secp256k1Context();
        std::vector<Sample> out(kSamples);
        for (size_t i = 0; i < kSamples; ++i) {
            Sample& s = out[i];
            const uint8_t seed[2] = {uint8_t(i), uint8_t(i >> 8)};
            s.key = *ocean::Key::FromBytes(ocean::Sha256Hash(ocean::ByteSpan(seed, 2)).span());
            const uint8_t mseed[3] = {'m', uint8_t(i), uint8_t(i >> 8)};
            s.msg = ocean::Sha256dHash(ocean::ByteSpan(mseed, 3));
            s.pubkey = s.key.GetPubKey();
            s.der = *s.key.Sign(s.msg);
            if (!secp256k1_ec_pubkey_parse(ctx, &s.parsed_pubkey, s.pubkey.data(), s.pubkey.size()) ||
                !secp256k1_ecdsa_signature_parse_der(ctx, &s.parsed_sig, s.der.data(), s.der.size()))
                std::abort();
        }
        return out;
    }();
    return samples;
}

// (a) The raw reference: secp256k1_ecdsa_verify alone.
void BM_VerifyRawSecp256k1(benchmark::State& state) {
    const auto& samples = Samples();
    const secp256k1_context* ctx = ocean::Secp256k1Context();
    size_t i = static_cast<size_t>(state.thread_index()) * 97;
    int ok = 1;
    for (auto _ : state) {
        const Sample& s = samples[i++ % kSamples];
        ok &= secp256k1_ecdsa_verify(ctx, &s.parsed_sig, s.msg.data(), &s.parsed_pubkey);
    }
    if (!ok) state.SkipWithError("a reference signature did not verify");
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_VerifyRawSecp256k1)->Threads(1)->Threads(2)->UseRealTime();

// (b) What script verification pays per signature: PubKey::Verify from serialized key and DER.
void BM_VerifyPubKey(benchmark::State& state) {
    const auto& samples = Samples();
    size_t i = static_cast<size_t>(state.thread_index()) * 97;
    bool ok = true;
    for (auto _ : state) {
        const Sample& s = samples[i++ % kSamples];
        ok &= s.pubkey.Verify(s.msg, s.der);
    }
    if (!ok) state.SkipWithError("a signature did not verify");
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_VerifyPubKey)->Threads(1)->Threads(2)->UseRealTime();

// Signing: raw secp256k1_ecdsa_sign (RFC6979) + DER, as ChainBuilder signs.
void BM_SignRawSecp256k1(benchmark::State& state) {
    const auto& samples = Samples();
    const secp256k1_context* ctx = ocean::Secp256k1Context();
    size_t i = 0;
    for (auto _ : state) {
        const Sample& s = samples[i++ % kSamples];
        secp256k1_ecdsa_signature sig;
        secp256k1_ecdsa_sign(ctx, &sig, s.msg.data(), s.key.data(), nullptr, nullptr);
        uint8_t der[72];
        size_t len = sizeof(der);
        secp256k1_ecdsa_signature_serialize_der(ctx, der, &len, &sig);
        benchmark::DoNotOptimize(der);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SignRawSecp256k1);

// Signing through Key::Sign (which also derives the public key and verifies its own signature).
void BM_SignKey(benchmark::State& state) {
    const auto& samples = Samples();
    size_t i = 0;
    for (auto _ : state) {
        const Sample& s = samples[i++ % kSamples];
        auto sig = s.key.Sign(s.msg);
        benchmark::DoNotOptimize(sig);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SignKey);

}  // namespace
