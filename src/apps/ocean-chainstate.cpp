// ocean-chainstate: opens a chain's data directory with the node's own chain layer, imports blocks,
// reindexes or verifies it, and prints the chain state as JSON. It is the chain layer without
// networking or RPC: operators use it for offline imports and checks, tests use it to kill a process
// in the middle of connecting and flushing, and benchmarks use it for whole-process figures.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/core_io/json.h"
#include "ocean/primitives/block.h"
#include "ocean/util/clock.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"
#include "ocean/util/logging.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

constexpr const char* kUsage = R"(Usage: ocean-chainstate -datadir=<dir> [options] [command]

Commands:
  import <file>     Connect the blocks of <file> (one hex block per line, as in blocks.hex; "-" = stdin)
  info              Print the chain state as JSON (default)
  verify            Run the start-up database check (-checklevel/-checkblocks) and print the result

Options:
  -datadir=<dir>        Data directory (the chain's files live in <dir>/<chain>/)
  -conf=<file>          Read chain options from <file> ("name=value" or "-name=value" lines, # comments)
  -<chain option>=<v>   Any chain option of ocean.conf (-chain, -signblockscript, -initialfreecoins, ...)
  -dbcache=<MiB>        UTXO cache size (default 450)
  -par=<n>              Script verification threads including the main one (0 = all cores, 1 = inline)
  -txindex              Maintain a transaction index
  -reindex              Rebuild the block index and UTXO set from the block files
  -reindex-chainstate   Rebuild the UTXO set from the block index
  -checkblocks=<n>      Blocks to check at start-up (default 6, 0 = all)
  -checklevel=<n>       Depth of the start-up check 0..4 (default 3)
  -flushinterval=<s>    Write the UTXO cache to disk at least every <s> seconds (0 = after every block)
  -printtoconsole       Log to the console as well as <datadir>/<chain>/debug.log
  -stats                Print connect/script timing figures to stderr when done
)";

struct Args {
    std::vector<std::pair<std::string, std::string>> chain_options;
    std::string datadir;
    std::string conf;
    ChainstateOptions cs;
    bool print_console = false;
    bool stats = false;
    std::vector<std::string> command;
};

Status ReadConf(const std::string& path, Args& a) {
    auto text = ReadFileText(path);
    if (!text) return Error("conf", "cannot read " + path + ": " + text.error().ToString());
    for (const auto& raw : Split(*text, '\n')) {
        std::string line = Trim(raw.substr(0, raw.find('#')));
        if (line.empty()) continue;
        if (line[0] != '-') line = "-" + line;
        a.chain_options.push_back(SplitOptionArg(line));
    }
    return Status::Ok();
}

Result<Args> ParseArgs(int argc, char** argv) {
    Args a;
    std::vector<std::pair<std::string, std::string>> cli;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.empty() || arg[0] != '-' || arg == "-") {
            a.command.push_back(arg);
            continue;
        }
        cli.push_back(SplitOptionArg(arg));
    }
    for (const auto& [name, value] : cli) {
        if (name == "conf") a.conf = value;
    }
    if (!a.conf.empty()) {
        Status s = ReadConf(a.conf, a);
        if (!s) return s.error();
    }
    auto to_int = [](const std::string& name, const std::string& v) -> Result<int64_t> {
        auto n = ParseInt64(v);
        if (!n) return Error("bad-option", "-" + name + " expects an integer, got '" + v + "'");
        return *n;
    };
    for (const auto& [name, value] : cli) {
        if (name == "conf") continue;
        if (name == "help" || name == "?" || name == "h") return Error("help", kUsage);
        if (name == "datadir") {
            a.datadir = value;
        } else if (name == "dbcache") {
            auto n = to_int(name, value);
            if (!n) return n.error();
            a.cs.cache_bytes = static_cast<size_t>(std::clamp<int64_t>(*n, 4, 16384)) << 20;
        } else if (name == "par") {
            auto n = to_int(name, value);
            if (!n) return n.error();
            a.cs.par = static_cast<int>(std::clamp<int64_t>(*n, -16, 16));
        } else if (name == "checkblocks") {
            auto n = to_int(name, value);
            if (!n) return n.error();
            a.cs.check_blocks = static_cast<int>(*n);
        } else if (name == "checklevel") {
            auto n = to_int(name, value);
            if (!n) return n.error();
            a.cs.check_level = static_cast<int>(std::clamp<int64_t>(*n, 0, 4));
        } else if (name == "flushinterval") {
            auto n = to_int(name, value);
            if (!n) return n.error();
            a.cs.flush_interval_seconds = std::max<int64_t>(0, *n);
        } else if (name == "txindex") {
            a.cs.txindex = value != "0";
        } else if (name == "reindex") {
            a.cs.reindex = value != "0";
        } else if (name == "reindex-chainstate") {
            a.cs.reindex_chainstate = value != "0";
        } else if (name == "printtoconsole") {
            a.print_console = value != "0";
        } else if (name == "stats") {
            a.stats = value != "0";
        } else {
            a.chain_options.emplace_back(name, value);
        }
    }
    // A -txindex line in the conf file is a node option too.
    std::vector<std::pair<std::string, std::string>> chain_only;
    for (const auto& [name, value] : a.chain_options) {
        if (name == "txindex")
            a.cs.txindex = value != "0";
        else
            chain_only.emplace_back(name, value);
    }
    a.chain_options = std::move(chain_only);
    if (a.datadir.empty()) return Error("usage", "-datadir is required\n" + std::string(kUsage));
    if (a.command.empty()) a.command.push_back("info");
    return a;
}

std::string ChainName(const Args& a) {
    std::string chain = "ocean_test";
    for (const auto& [name, value] : a.chain_options) {
        if (name == "chain") chain = value;
        if (name == "regtest" && value != "0") chain = "elementsregtest";
    }
    return chain;
}

Result<ChainParams> LoadParams(const Args& a, const std::filesystem::path& chain_dir,
                               const std::string& chain) {
    ContractTexts texts;
    const auto terms = chain_dir / "terms-and-conditions" / chain;
    if (auto t = ReadFileText(terms / "latest.txt")) texts.latest = *t;
    if (auto t = ReadFileText(terms / "old1.txt")) texts.old1 = *t;
    return ChainParams::FromOptions(a.chain_options, texts);
}

Result<Json> InfoJson(Chainstate& cs) {
    Json j;
    const BlockIndex* tip = cs.Tip();
    j["chain"] = cs.params().genesis_params.chain;
    j["blocks"] = tip ? tip->height : -1;
    j["bestblockhash"] = tip ? tip->GetBlockHash().ToHex() : "";
    j["mediantime"] = tip ? tip->GetMedianTimePast() : 0;
    // Unspent explicit amounts per asset (the totals of getutxoassetinfo, frozen and spendable together),
    // gathered on the same walk as the UTXO set statistics.
    std::map<uint256, std::pair<uint64_t, Amount>> assets;
    uint64_t blinded = 0;
    auto stats = cs.GetCoinsStats([&](const OutPoint&, const Coin& c) {
        if (!c.out.asset.IsExplicit() || !c.out.value.IsExplicit()) {
            blinded++;
            return;
        }
        auto& e = assets[c.out.asset.GetAsset()];
        e.first++;
        e.second += c.out.value.GetAmount();
    });
    if (!stats) return stats.error();
    j["gettxoutsetinfo"] = Json{{"height", stats->height},
                                {"bestblock", stats->best_block.ToHex()},
                                {"transactions", stats->transactions},
                                {"txouts", stats->txouts},
                                {"bytes_serialized", stats->bytes_serialized},
                                {"hash_serialized", stats->hash_serialized.ToHex()}};
    Json arr = Json::array();
    for (const auto& [asset, e] : assets)
        arr.push_back(
            Json{{"asset", asset.ToHex()}, {"txouts", e.first}, {"amount", AmountToJson(e.second)}});
    j["assets"] = arr;
    j["blinded_txouts"] = blinded;
    return j;
}

volatile sig_atomic_t g_interrupted = 0;
void OnSignal(int) {
    g_interrupted = 1;
}

int Run(int argc, char** argv) {
    auto args = ParseArgs(argc, argv);
    if (!args) {
        if (args.error().code == "help") {
            std::cout << kUsage;
            return 0;
        }
        std::cerr << "Error: " << args.error().ToString() << "\n";
        return 1;
    }
    const std::string chain = ChainName(*args);
    const std::filesystem::path chain_dir = std::filesystem::path(args->datadir) / chain;
    std::error_code ec;
    std::filesystem::create_directories(chain_dir, ec);
    if (ec) {
        std::cerr << "Error: cannot create " << chain_dir << ": " << ec.message() << "\n";
        return 1;
    }
    auto params = LoadParams(*args, args->datadir, chain);
    if (!params) {
        std::cerr << "Error: " << params.error().ToString() << "\n";
        return 1;
    }
    SystemClock clock;
    Logger log(clock);
    log.SetPrintToConsole(args->print_console);
    log.SetTimestamps(true);
    if (Status s = log.OpenFile(chain_dir / "debug.log"); !s) {
        std::cerr << "Error: " << s.error().ToString() << "\n";
        return 1;
    }
    args->cs.datadir = chain_dir;

    signal(SIGINT, OnSignal);
    signal(SIGTERM, OnSignal);

    const auto open_start = std::chrono::steady_clock::now();
    auto cs = Chainstate::Open(*params, args->cs, log, clock);
    const double open_secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - open_start).count();
    if (!cs) {
        std::cerr << "Error: " << cs.error().ToString() << "\n";
        return 1;
    }
    Chainstate& chainstate = **cs;
    const std::string& cmd = args->command[0];
    int rc = 0;
    if (cmd == "import") {
        if (args->command.size() < 2) {
            std::cerr << "Error: import needs a file\n";
            return 1;
        }
        std::ifstream file;
        std::istream* in = &std::cin;
        if (args->command[1] != "-") {
            file.open(args->command[1]);
            if (!file) {
                std::cerr << "Error: cannot open " << args->command[1] << "\n";
                return 1;
            }
            in = &file;
        }
        const auto start = std::chrono::steady_clock::now();
        std::string line;
        uint64_t n = 0, rejected = 0;
        while (!g_interrupted && std::getline(*in, line)) {
            line = Trim(line);
            if (line.empty()) continue;
            auto bytes = ParseHex(line);
            if (!bytes) {
                std::cerr << "Error: line " << n + 1 << " is not hex\n";
                rc = 1;
                break;
            }
            auto block = DecodeBlock(*bytes);
            if (!block) {
                std::cerr << "Error: line " << n + 1 << ": " << block.error().ToString() << "\n";
                rc = 1;
                break;
            }
            ValidationState state;
            if (!chainstate.ProcessNewBlock(*block, state) && !state.IsValid()) {
                if (state.IsError()) {
                    std::cerr << "Error: " << state.ToString() << "\n";
                    rc = 1;
                    break;
                }
                if (state.GetRejectReason() != "duplicate") {
                    rejected++;
                    std::cerr << "rejected block " << block->GetHash().ToHex() << ": " << state.ToString()
                              << "\n";
                }
            }
            ++n;
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (args->stats)
            std::fprintf(stderr, "import: %llu blocks read, %llu rejected, %.3f s\n",
                         static_cast<unsigned long long>(n), static_cast<unsigned long long>(rejected), secs);
    } else if (cmd == "verify") {
        std::string err;
        const bool ok = chainstate.VerifyDB(args->cs.check_level, args->cs.check_blocks, &err);
        std::cout << (ok ? "ok" : "failed: " + err) << "\n";
        rc = ok ? 0 : 1;
    } else if (cmd != "info") {
        std::cerr << "Error: unknown command '" << cmd << "'\n";
        return 1;
    }
    if (args->stats) {
        auto st = chainstate.GetStats();
        std::fprintf(
            stderr,
            "open (load, reindex, replay, verify): %.3f s; connected %llu blocks, %llu txs, %llu inputs in "
            "%.3f s (waiting for scripts %.3f s): %.0f inputs/s, %.0f txs/s\n",
            open_secs, static_cast<unsigned long long>(st.blocks_connected),
            static_cast<unsigned long long>(st.txs_connected),
            static_cast<unsigned long long>(st.inputs_connected), st.connect_seconds, st.script_seconds,
            st.connect_seconds > 0 ? st.inputs_connected / st.connect_seconds : 0.0,
            st.connect_seconds > 0 ? st.txs_connected / st.connect_seconds : 0.0);
    }
    if (rc == 0) {
        auto info = InfoJson(chainstate);
        if (!info) {
            std::cerr << "Error: " << info.error().ToString() << "\n";
            return 1;
        }
        std::cout << WriteJson(*info, 1) << "\n";
    }
    Status s = chainstate.Flush();
    if (!s) {
        std::cerr << "Error: " << s.error().ToString() << "\n";
        return 1;
    }
    return rc;
}

}  // namespace
}  // namespace ocean

int main(int argc, char** argv) {
    return ocean::Run(argc, argv);
}
