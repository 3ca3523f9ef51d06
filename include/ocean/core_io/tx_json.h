// JSON views of transactions and scripts in the shapes of Ocean's RPC (rpc.md §5.3, §5.4, §6.9):
// decoderawtransaction / getrawtransaction verbose, scriptPubKey objects, decodescript.
#pragma once

#include <map>
#include <string>

#include "ocean/core_io/json.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/address.h"
#include "ocean/script/script.h"
#include "ocean/util/uint256.h"

namespace ocean {

// What rendering needs to know about the chain: address prefixes and asset labels.
struct JsonContext {
    AddressPrefixes prefixes;
    std::map<uint256, std::string> asset_labels;  // asset id -> label ("CBT", "FREEZELIST", ...)

    const std::string* LabelFor(const uint256& asset) const {
        auto it = asset_labels.find(asset);
        return it == asset_labels.end() ? nullptr : &it->second;
    }
};

// {asm, hex?, reqSigs?, type, addresses?}
Json ScriptPubKeyToJson(const Script& script, bool include_hex, const JsonContext& ctx);

// The decoderawtransaction object: txid, hash, withash, size, vsize, version, locktime, vin, vout.
Json TxToJson(const Transaction& tx, const JsonContext& ctx);

// The decodescript object: asm, type, reqSigs?, addresses?, and p2sh (unless the script is P2SH).
Json DecodeScriptToJson(const Script& script, const JsonContext& ctx);

}  // namespace ocean
