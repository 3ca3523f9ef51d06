// ocean-genchain: writes a deterministic, valid Ocean test chain built by ChainBuilder, for
// durability tests and benchmarks (connect/reindex of many P2PKH spends).
//
//   ocean-genchain -blocks=N -txs-per-block=K -out=DIR [-seed=S] [-inputs-per-tx=1|2] [-utxos=U]
//                  [-threads=T] [-fee=SAT] [-p2wpkh-every=E] [-signers=M-of-N] [-binary | -format=F]
//
// Output in DIR:
//   config.txt   the chain's genesis-critical options as ocean.conf lines (name=value)
//   blocks.hex   one hex block per line, genesis first (the format of vectors/ocean/chains/A)
//   blocks.dat   with -binary / -format=binary|both: each block as LE32 length + raw bytes
//   summary.txt  blocks, tip hash, transaction/input counts and the final UTXO count (name=value)
//
// The chain is N blocks after genesis: fan-out blocks until U spendable outputs exist (default
// max(10 × inputs per block, 1000)), then spend blocks of K transactions, each spending
// inputs-per-tx of the oldest outputs into as many new outputs plus a fee output.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "ocean/util/hex.h"
#include "util/chain_builder.h"

namespace {

using ocean::test::ChainBuilder;
using ocean::test::ChainBuilderOptions;

struct Args {
    uint64_t blocks = 0;
    uint64_t txs_per_block = 100;
    uint64_t inputs_per_tx = 1;
    uint64_t utxos = 0;
    uint64_t threads = 2;
    uint64_t fee = 10000;
    uint64_t p2wpkh_every = 0;
    int signers_m = 0;
    int signers_n = 0;
    std::string out;
    std::string seed = "ocean-genchain";
    bool hex = true;
    bool binary = false;
};

[[noreturn]] void Usage(const std::string& error) {
    if (!error.empty()) std::cerr << "error: " << error << "\n\n";
    std::cerr << "usage: ocean-genchain -blocks=N -txs-per-block=K -out=DIR [-seed=S] [-inputs-per-tx=1|2]\n"
                 "                      [-utxos=U] [-threads=T] [-fee=SAT] [-p2wpkh-every=E]\n"
                 "                      [-signers=M-of-N] [-binary | -format=hex|binary|both]\n";
    std::exit(error.empty() ? 0 : 2);
}

uint64_t ParseCount(std::string_view name, const std::string& value) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0') Usage("-" + std::string(name) + " needs a non-negative integer");
    return v;
}

Args ParseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0) arg.erase(0, 1);
        if (arg.empty() || arg[0] != '-') Usage("unexpected argument " + arg);
        arg.erase(0, 1);
        const size_t eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
        if (name == "blocks") {
            a.blocks = ParseCount(name, value);
        } else if (name == "txs-per-block") {
            a.txs_per_block = ParseCount(name, value);
        } else if (name == "inputs-per-tx") {
            a.inputs_per_tx = ParseCount(name, value);
            if (a.inputs_per_tx == 0) Usage("-inputs-per-tx must be >= 1");
        } else if (name == "utxos") {
            a.utxos = ParseCount(name, value);
        } else if (name == "threads") {
            a.threads = ParseCount(name, value);
        } else if (name == "fee") {
            a.fee = ParseCount(name, value);
            if (a.fee == 0) Usage("-fee must be > 0");
        } else if (name == "p2wpkh-every") {
            a.p2wpkh_every = ParseCount(name, value);
        } else if (name == "signers") {
            if (std::sscanf(value.c_str(), "%d-of-%d", &a.signers_m, &a.signers_n) != 2 || a.signers_m < 1 ||
                a.signers_n < a.signers_m || a.signers_n > 16)
                Usage("-signers takes M-of-N with 1 <= M <= N <= 16");
        } else if (name == "out") {
            a.out = value;
        } else if (name == "seed") {
            a.seed = value;
        } else if (name == "binary") {
            a.hex = false;
            a.binary = true;
        } else if (name == "format") {
            a.hex = value == "hex" || value == "both";
            a.binary = value == "binary" || value == "both";
            if (!a.hex && !a.binary) Usage("-format is hex, binary or both");
        } else if (name == "h" || name == "help" || name == "?") {
            Usage("");
        } else {
            Usage("unknown option -" + name);
        }
    }
    if (a.blocks == 0) Usage("-blocks is required");
    if (a.out.empty()) Usage("-out is required");
    return a;
}

// Writes blocks in the requested formats.
class BlockWriter {
  public:
    BlockWriter(const std::filesystem::path& dir, bool hex, bool binary) {
        if (hex) Open(hex_, dir / "blocks.hex");
        if (binary) Open(bin_, dir / "blocks.dat");
    }
    void Write(const ocean::Block& b) {
        ocean::Bytes raw = ocean::EncodeBlock(b);
        if (hex_.is_open()) {
            line_ = ocean::HexStr(raw);
            line_.push_back('\n');
            hex_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
        }
        if (bin_.is_open()) {
            const uint32_t n = static_cast<uint32_t>(raw.size());
            const char len[4] = {char(n), char(n >> 8), char(n >> 16), char(n >> 24)};
            bin_.write(len, 4);
            bin_.write(reinterpret_cast<const char*>(raw.data()), static_cast<std::streamsize>(raw.size()));
        }
        raw_bytes_ += raw.size();
    }
    void Close() {
        for (std::ofstream* f : {&hex_, &bin_}) {
            if (!f->is_open()) continue;
            f->close();
            if (!*f) throw std::runtime_error("write failed");
        }
    }
    uint64_t raw_bytes() const { return raw_bytes_; }

  private:
    static void Open(std::ofstream& f, const std::filesystem::path& p) {
        f.open(p, std::ios::binary | std::ios::trunc);
        if (!f) throw std::runtime_error("cannot create " + p.string());
    }
    std::ofstream hex_, bin_;
    std::string line_;
    uint64_t raw_bytes_ = 0;
};

int Run(const Args& a) {
    namespace fs = std::filesystem;
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

    ChainBuilderOptions o;
    o.sign_threads = static_cast<unsigned>(a.threads == 0 ? 1 : a.threads);
    o.max_rewind = 0;  // no undo data: the generator never rewinds
    o.fee = static_cast<ocean::Amount>(a.fee);
    o.p2wpkh_every = static_cast<uint32_t>(a.p2wpkh_every);
    o.block_signers_required = a.signers_m;
    o.block_signers_total = a.signers_n;
    ChainBuilder cb(a.seed, o);

    const fs::path dir(a.out);
    fs::create_directories(dir);
    {
        std::ofstream conf(dir / "config.txt", std::ios::trunc);
        conf << cb.ConfigText();
        if (!conf) throw std::runtime_error("cannot write config.txt");
    }
    BlockWriter writer(dir, a.hex, a.binary);
    writer.Write(cb.Genesis());

    const uint64_t inputs_per_block = a.txs_per_block * a.inputs_per_tx;
    const uint64_t target = a.utxos != 0 ? a.utxos : std::max<uint64_t>(10 * inputs_per_block, 1000);
    bool fanning_out = inputs_per_block > 0;
    uint64_t total_txs = 0, total_inputs = 0, fanout_blocks = 0;
    for (uint64_t i = 0; i < a.blocks; ++i) {
        ocean::Block b;
        if (fanning_out) {
            const uint64_t have = cb.SelectSpendable(target, o.fee + 1).size();
            if (have >= target) {
                fanning_out = false;
            } else {
                // Each fan-out transaction consumes one of the counted outputs: make up for it.
                const uint64_t want = target - have + (target - have) / ChainBuilder::kFanOutPerTx + 1;
                b = cb.FanOutBlock(std::min<uint64_t>(want, ChainBuilder::kMaxFanOutPerBlock));
                ++fanout_blocks;
            }
        }
        if (!fanning_out && b.vtx.empty()) {
            b = inputs_per_block == 0 ? cb.NextBlock({}) : cb.SpendBlock(inputs_per_block, a.inputs_per_tx);
        }
        cb.Accept(b);
        writer.Write(b);
        total_txs += b.vtx.size() - 1;
        for (size_t t = 1; t < b.vtx.size(); ++t) total_inputs += b.vtx[t]->vin.size();
        if ((i + 1) % 1000 == 0 || i + 1 == a.blocks) {
            std::fprintf(stderr, "  height %u: %llu inputs, %.1f s\n", cb.Height(),
                         static_cast<unsigned long long>(total_inputs), elapsed());
        }
    }
    writer.Close();

    std::ofstream sum(dir / "summary.txt", std::ios::trunc);
    sum << "blocks=" << cb.Height() << "\n"
        << "tip=" << cb.TipHash().ToHex() << "\n"
        << "genesis=" << cb.Genesis().GetHash().ToHex() << "\n"
        << "fanout_blocks=" << fanout_blocks << "\n"
        << "transactions=" << total_txs << "\n"
        << "inputs=" << total_inputs << "\n"
        << "utxos=" << cb.UtxoCount() << "\n"
        << "raw_bytes=" << writer.raw_bytes() << "\n";
    if (!sum) throw std::runtime_error("cannot write summary.txt");

    const double secs = elapsed();
    std::printf("%u blocks (%llu fan-out), %llu transactions, %llu inputs in %.1f s (%.0f inputs/s)\n",
                cb.Height(), static_cast<unsigned long long>(fanout_blocks),
                static_cast<unsigned long long>(total_txs), static_cast<unsigned long long>(total_inputs),
                secs, secs > 0 ? static_cast<double>(total_inputs) / secs : 0.0);
    std::printf("tip %s, %zu UTXOs, %llu raw block bytes -> %s\n", cb.TipHash().ToHex().c_str(),
                cb.UtxoCount(), static_cast<unsigned long long>(writer.raw_bytes()), dir.string().c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = ParseArgs(argc, argv);
    try {
        return Run(args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ocean-genchain: %s\n", e.what());
        return 1;
    }
}
