// ocean-tx: offline creation, editing and decoding of Ocean transactions (in the manner of bitcoin-tx).
#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "ocean/consensus/genesis.h"
#include "ocean/core_io/tx_json.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "ocean/util/result.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

constexpr const char* kUsage =
    R"(Usage: ocean-tx [options] <hex-tx> [commands]   Update a hex-encoded transaction
   or: ocean-tx [options] -create [commands]     Create a hex-encoded transaction
The transaction may be "-" to read its hex from standard input.

Options:
  -?, -help          This help
  -create            Create a new transaction (version 2, no inputs or outputs)
  -json              Print the result as JSON (the shape of Ocean's decoderawtransaction)
  -txid              Print only the transaction id
  -chain=<name>      Chain for addresses and the default asset (default: ocean_test)
  -regtest           Same as -chain=elementsregtest
  -assetdir=<asset>:<label>  Label an asset in JSON output (repeatable)
  Genesis options (-signblockscript, -initialfreecoins, -policycoins, -*coinsdestination,
  -parentgenesisblockhash, -fedpegscript, ...) are accepted so that the chain's pegged asset
  ("CBT", the default output asset) and policy-asset labels match a configured chain.

Commands:
  in=TXID:VOUT[:SEQUENCE]           Add an input
  outaddr=VALUE:ADDRESS[:ASSET]     Add an output paying ADDRESS
  outscript=VALUE:SCRIPT[:ASSET]    Add an output with a raw hex scriptPubKey
  outdata=[VALUE:]DATA[:ASSET]      Add an OP_RETURN output pushing hex DATA
  outfee=VALUE[:ASSET]              Add a fee output (empty script)
  nversion=N                        Set the transaction version
  locktime=N                        Set the lock time
  delin=N                           Delete input N
  delout=N                          Delete output N
VALUE is a decimal amount ("1.5"); ASSET a 64-hex asset id (default: the chain's pegged asset).
)";

struct Tool {
    std::string chain = "ocean_test";
    GenesisParams genesis;
    JsonContext ctx;
    uint256 default_asset;
};

Result<Amount> ParseValue(const std::string& s) {
    auto v = ParseMoney(s);
    if (!v || !MoneyRange(*v)) return Error("bad-value", "invalid amount '" + s + "'");
    return *v;
}

Result<uint256> ParseAsset(const Tool& tool, const std::vector<std::string>& parts, size_t index) {
    if (parts.size() <= index) return tool.default_asset;
    auto a = uint256::FromHexStrict(parts[index]);
    if (!a) return Error("bad-asset", "asset must be 64 hex characters, not '" + parts[index] + "'");
    return *a;
}

Status AddOutput(MutableTransaction& tx, Amount value, const uint256& asset, Bytes script) {
    TxOut& out = tx.vout.emplace_back();
    out.asset.SetExplicit(asset);
    out.value.SetExplicit(value);
    out.script_pubkey = std::move(script);
    return Status::Ok();
}

Status ApplyCommand(const Tool& tool, MutableTransaction& tx, const std::string& command) {
    const size_t eq = command.find('=');
    if (eq == std::string::npos) return Error("bad-command", "unknown command '" + command + "'");
    const std::string key = command.substr(0, eq);
    const std::string arg = command.substr(eq + 1);
    const std::vector<std::string> parts = Split(arg, ':');
    auto index_arg = [&](size_t limit) -> Result<size_t> {
        auto n = ParseUInt32(arg);
        if (!n || *n >= limit) return Error("bad-index", key + ": invalid index '" + arg + "'");
        return static_cast<size_t>(*n);
    };
    if (key == "nversion") {
        auto v = ParseInt32(arg);
        if (!v) return Error("bad-version", "invalid version '" + arg + "'");
        tx.version = *v;
    } else if (key == "locktime") {
        auto v = ParseUInt32(arg);
        if (!v) return Error("bad-locktime", "invalid locktime '" + arg + "'");
        tx.lock_time = *v;
    } else if (key == "delin") {
        auto i = index_arg(tx.vin.size());
        if (!i) return i.error();
        tx.vin.erase(tx.vin.begin() + static_cast<long>(*i));
    } else if (key == "delout") {
        auto i = index_arg(tx.vout.size());
        if (!i) return i.error();
        tx.vout.erase(tx.vout.begin() + static_cast<long>(*i));
    } else if (key == "in") {
        if (parts.size() < 2 || parts.size() > 3)
            return Error("bad-input", "expected in=TXID:VOUT[:SEQUENCE]");
        auto txid = uint256::FromHexStrict(parts[0]);
        if (!txid) return Error("bad-txid", "invalid TX input txid '" + parts[0] + "'");
        auto vout = ParseUInt32(parts[1]);
        if (!vout || *vout > kOutpointIndexMask)
            return Error("bad-vout", "invalid TX input vout '" + parts[1] + "'");
        TxIn& in = tx.vin.emplace_back();
        in.prevout = OutPoint(*txid, *vout);
        // Like bitcoin-tx: a set lock time makes new inputs non-final so the lock time counts.
        in.sequence = tx.lock_time ? kSequenceFinal - 1 : kSequenceFinal;
        if (parts.size() == 3) {
            auto seq = ParseUInt32(parts[2]);
            if (!seq) return Error("bad-sequence", "invalid TX sequence id '" + parts[2] + "'");
            in.sequence = *seq;
        }
    } else if (key == "outaddr") {
        if (parts.size() < 2 || parts.size() > 3)
            return Error("bad-output", "expected outaddr=VALUE:ADDRESS[:ASSET]");
        auto value = ParseValue(parts[0]);
        if (!value) return value.error();
        auto dest = DecodeDestination(parts[1], tool.ctx.prefixes);
        if (!dest) return Error("bad-address", "invalid TX output address '" + parts[1] + "'");
        auto asset = ParseAsset(tool, parts, 2);
        if (!asset) return asset.error();
        return AddOutput(tx, *value, *asset, GetScriptForDestination(*dest).bytes());
    } else if (key == "outscript") {
        if (parts.size() < 2 || parts.size() > 3)
            return Error("bad-output", "expected outscript=VALUE:SCRIPT[:ASSET]");
        auto value = ParseValue(parts[0]);
        if (!value) return value.error();
        auto script = ParseHex(parts[1]);
        if (!script) return Error("bad-script", "script must be hex, not '" + parts[1] + "'");
        auto asset = ParseAsset(tool, parts, 2);
        if (!asset) return asset.error();
        return AddOutput(tx, *value, *asset, std::move(*script));
    } else if (key == "outdata") {
        if (parts.empty() || parts.size() > 3)
            return Error("bad-output", "expected outdata=[VALUE:]DATA[:ASSET]");
        Amount value = 0;
        size_t data_index = 0;
        if (parts.size() >= 2) {
            auto v = ParseValue(parts[0]);
            if (!v) return v.error();
            value = *v;
            data_index = 1;
        }
        auto data = ParseHex(parts[data_index]);
        if (!data) return Error("bad-data", "data must be hex, not '" + parts[data_index] + "'");
        auto asset = ParseAsset(tool, parts, data_index + 1);
        if (!asset) return asset.error();
        return AddOutput(tx, value, *asset, GetScriptForNullData(*data).bytes());
    } else if (key == "outfee") {
        if (parts.empty() || parts.size() > 2) return Error("bad-output", "expected outfee=VALUE[:ASSET]");
        auto value = ParseValue(parts[0]);
        if (!value) return value.error();
        auto asset = ParseAsset(tool, parts, 1);
        if (!asset) return asset.error();
        return AddOutput(tx, *value, *asset, {});
    } else {
        return Error("bad-command", "unknown command '" + key + "'");
    }
    return Status::Ok();
}

int Fail(const std::string& msg) {
    std::fprintf(stderr, "error: %s\n", msg.c_str());
    return 1;
}

int Run(int argc, char** argv) {
    Tool tool;
    bool create = false, json = false, txid_only = false;
    std::vector<std::pair<uint256, std::string>> extra_labels;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a.size() < 2 || a[0] != '-') break;
        const auto [name, value] = SplitOptionArg(a);
        if (name == "?" || name == "h" || name == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (name == "create") {
            create = true;
        } else if (name == "json") {
            json = true;
        } else if (name == "txid") {
            txid_only = true;
        } else if (name == "assetdir") {
            const size_t colon = value.find(':');
            auto asset =
                colon == std::string::npos ? std::nullopt : uint256::FromHexStrict(value.substr(0, colon));
            if (!asset || colon + 1 >= value.size())
                return Fail("-assetdir expects <asset hex>:<label>, got '" + value + "'");
            extra_labels.emplace_back(*asset, value.substr(colon + 1));
        } else {
            auto used = ApplyGenesisOption(tool.genesis, name, value);
            if (!used) return Fail(used.error().message);
            if (!*used) return Fail("unknown option -" + name + " (see -help)");
        }
    }
    tool.ctx.prefixes = PrefixesForChain(tool.genesis.chain);
    const GenesisAssets assets = ComputeGenesisAssets(tool.genesis);
    tool.default_asset = assets.pegged;
    tool.ctx.asset_labels = GenesisAssetLabels(assets);
    for (const auto& [asset, label] : extra_labels) tool.ctx.asset_labels[asset] = label;

    MutableTransaction tx;
    if (!create) {
        if (i >= argc) return Fail("no transaction given (see -help)");
        std::string hex = argv[i++];
        if (hex == "-")
            hex.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        auto raw = ParseHex(Trim(hex));
        if (!raw) return Fail("TX decode failed: not a hex string");
        auto decoded = DecodeMutableTransaction(*raw);
        if (!decoded) return Fail("TX decode failed: " + decoded.error().message);
        tx = std::move(decoded.value());
    }
    for (; i < argc; ++i) {
        if (Status s = ApplyCommand(tool, tx, argv[i]); !s) return Fail(s.error().message);
    }
    const Transaction final_tx(std::move(tx));
    if (txid_only) {
        std::printf("%s\n", final_tx.GetTxid().ToHex().c_str());
    } else if (json) {
        std::printf("%s\n", WriteJson(TxToJson(final_tx, tool.ctx), 4).c_str());
    } else {
        std::printf("%s\n", HexStr(EncodeTransaction(final_tx)).c_str());
    }
    return 0;
}

}  // namespace
}  // namespace ocean

int main(int argc, char** argv) {
    try {
        return ocean::Run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
