// Block-signing throughput of the key backends: signatures per second with a software key and with a
// SoftHSM2 token through PKCS#11 (CKM_ECDSA, DER low-S conversion and the libsecp256k1 check included).
// The SoftHSM2 benchmark makes its own token in a temporary directory; without softhsm2 it reports an
// error instead of a figure.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "ocean/crypto/key.h"
#include "ocean/signer/pkcs11_key.h"
#include "ocean/signer/software_key.h"
#include "ocean/util/fs.h"
#include "util/temp_dir.h"

namespace {

ocean::uint256 HashFor(uint64_t i) {
    ocean::uint256 h;
    for (int b = 0; b < 8; ++b) h[b] = static_cast<uint8_t>(i >> (8 * b));
    h[31] = 0x5a;
    return h;
}

void BM_SignSoftwareKey(benchmark::State& state) {
    ocean::SoftwareKey key(ocean::Key::MakeNew(true));
    uint64_t i = 0;
    for (auto _ : state) {
        auto sig = key.Sign(HashFor(i++));
        if (!sig) state.SkipWithError(sig.error().ToString().c_str());
        benchmark::DoNotOptimize(sig);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SignSoftwareKey);

void BM_SignPkcs11SoftHsm(benchmark::State& state) {
    if (!std::filesystem::exists(ocean::kDefaultPkcs11Module)) {
        state.SkipWithError("SoftHSM2 is not installed (Debian package softhsm2)");
        return;
    }
    ocean::test::TempDir dir("ocean_bench_softhsm_");
    std::filesystem::create_directory(dir / "tokens");
    const auto conf = dir / "softhsm2.conf";
    const std::string conf_text = "directories.tokendir = " + (dir / "tokens").string() +
                                  "\nobjectstore.backend = file\nlog.level = ERROR\n";
    const auto pin_file = dir / "pin";
    if (!ocean::WriteFileAtomic(conf, conf_text).ok() || !ocean::WriteFileAtomic(pin_file, "1234").ok()) {
        state.SkipWithError("cannot write the token files");
        return;
    }
    ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
    {
        auto module = ocean::Pkcs11Module::Load(ocean::kDefaultPkcs11Module);
        if (!module) {
            state.SkipWithError(module.error().ToString().c_str());
            return;
        }
        auto free_slot = (*module)->FindUninitializedSlot();
        auto slot = free_slot ? (*module)->InitToken(*free_slot, "bench", ocean::SecretString("5678"),
                                                     ocean::SecretString("1234"))
                              : ocean::Result<CK_SLOT_ID>(free_slot.error());
        const ocean::Pkcs11TokenLocation token{std::string("bench"), std::nullopt};
        const auto pin = ocean::PinSource::File(pin_file.string());
        auto pub = slot ? ocean::GeneratePkcs11Key(**module, token, pin, "k")
                        : ocean::Result<ocean::PubKey>(slot.error());
        auto key = pub ? ocean::Pkcs11Key::Open(*module, ocean::Pkcs11KeyConfig{token, "k", pin})
                       : ocean::Result<std::unique_ptr<ocean::Pkcs11Key>>(pub.error());
        if (!key) {
            state.SkipWithError(key.error().ToString().c_str());
        } else {
            uint64_t i = 0;
            for (auto _ : state) {
                auto sig = (*key)->Sign(HashFor(i++));
                if (!sig) state.SkipWithError(sig.error().ToString().c_str());
                benchmark::DoNotOptimize(sig);
            }
            state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
        }
    }
    ::unsetenv("SOFTHSM2_CONF");
}
BENCHMARK(BM_SignPkcs11SoftHsm)->Unit(benchmark::kMicrosecond);

}  // namespace
