// The rawtransactions category (rpc.md §6.8): decoding transactions and scripts, building unsigned
// transactions (createrawtransaction, Ocean's createrawtxoutputs and createrawpolicytx) and looking
// transactions up through the transaction index (getrawtransaction). sendrawtransaction,
// signrawtransaction and testmempoolaccept belong with the mempool and are not here.
//
// Parameter handling follows Ocean (Bitcoin Core 0.14 / Elements 0.14.1) exactly, including its
// quirks: hashes inside objects are read like ParseHashO (a missing or non-string value reads as ""
// and fails with -8), "data" values are read through UniValue's getValStr, and an input's "asset" is
// parsed (and can fail) but never used.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/auction.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/core_io/tx_json.h"
#include "ocean/crypto/base58.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/request_json.h"
#include "ocean/rpc/util.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

// UniValue's getValStr(): the text of a string or a number, "1" for true, "" for anything else.
std::string ValStr(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return v.dump();
    if (v.is_number_float()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.16g", v.get<double>());
        return buf;
    }
    if (v.is_boolean()) return v.get<bool>() ? "1" : "";
    return "";
}

// find_value: the member, or null when obj is not an object or lacks the key.
const Json& FindValue(const Json& obj, const std::string& key) {
    static const Json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

// The shared start of the create* calls: type checks (nulls allowed, as RPCTypeCheck(..., true)) and
// the "arguments 1 and 2 must be non-null" rule.
void CheckCreateParams(const RPCRequest& r, std::initializer_list<Json::value_t> types) {
    size_t i = 0;
    for (Json::value_t t : types) {
        if (i >= r.params.size()) break;
        RPCTypeCheckArgument(r.params[i], t, /*allow_null=*/true);
        ++i;
    }
    if (Param(r, 0).is_null() || Param(r, 1).is_null()) {
        throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, arguments 1 and 2 must be non-null");
    }
}

// Optional locktime parameter (0..2^32-1).
uint32_t ParseLockTime(const Json& v) {
    const int64_t lock_time = GetInt64(v);
    if (lock_time < 0 || lock_time > std::numeric_limits<uint32_t>::max()) {
        throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, locktime out of range");
    }
    return static_cast<uint32_t>(lock_time);
}

// Inputs [{"txid", "vout", "sequence"?, "asset"?}, ...] with empty scriptSigs. The default sequence
// is 0xfffffffe when the lock time is set (so it takes effect), else final. `parse_asset`: validate an
// input's string "asset" (createrawtransaction does, createrawpolicytx does not); it is never used.
void AddInputs(MutableTransaction& tx, const Json& inputs, bool parse_asset) {
    for (const Json& input : inputs) {
        const Json& o = GetObject(input);
        const uint256 txid = ParseHashV(FindValue(o, "txid"), "txid");
        const Json& vout = FindValue(o, "vout");
        if (!vout.is_number()) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, missing vout key");
        const int n = GetInt(vout);
        if (n < 0) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, vout must be positive");
        uint32_t sequence = tx.lock_time ? kSequenceFinal - 1 : kSequenceFinal;
        const Json& seq = FindValue(o, "sequence");
        if (seq.is_number()) {
            const int64_t s = GetInt64(seq);
            if (s < 0 || s > std::numeric_limits<uint32_t>::max()) {
                throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, sequence number is out of range");
            }
            sequence = static_cast<uint32_t>(s);
        }
        if (parse_asset) {
            const Json& asset = FindValue(o, "asset");
            if (asset.is_string()) (void)ParseHashV(asset, "asset");
        }
        TxIn in;
        in.prevout = OutPoint(txid, static_cast<uint32_t>(n));
        in.sequence = sequence;
        tx.vin.push_back(std::move(in));
    }
}

// An output paying `address_text`: -5 for an invalid address; a blinded address puts its blinding
// key into the output nonce (for a later blindrawtransaction).
TxOut AddressOutput(const RPCContext& ctx, const std::string& address_text, const uint256& asset,
                    Amount amount) {
    auto decoded = DecodeAddress(address_text, ctx.json.prefixes);
    if (!decoded) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + address_text);
    TxOut out = MakeExplicitTxOut(asset, amount, GetScriptForDestination(decoded->destination).bytes());
    if (decoded->is_blinded()) out.nonce.SetBytes(*decoded->blinding_pubkey);
    return out;
}

// The asset unlabelled outputs get. Ocean uses the node's fee ("domain") asset, -feeasset, which
// defaults to the pegged asset. RPCContext has no fee-asset setting yet, so this is the pegged asset;
// switch to the configured fee asset when the node gains -feeasset.
uint256 DefaultOutputAsset(const RPCContext& ctx) {
    return ctx.params ? ctx.params->pegged_asset : uint256();
}

std::string EncodeHexTx(const MutableTransaction& tx) {
    return HexStr(EncodeTransaction(tx));
}

// ---- getrawtransaction: request and bid annotations (requests.md §7, §10.5) ----

// Adds "request"/"bid" to the explicit-asset locked-multisig outputs of a confirmed transaction.
void AnnotateRequestsAndBids(Json& tx_json, const Transaction& tx, const RPCContext& ctx, int block_height,
                             int tip_height) {
    std::optional<uint256> permission;
    if (ctx.params) permission = ctx.params->PolicyAssetAt(PolicyAssetKind::kPermission, tip_height);
    Json& vout = tx_json["vout"];
    for (size_t i = 0; i < tx.vout.size() && i < vout.size(); ++i) {
        const TxOut& out = tx.vout[i];
        if (!out.asset.IsExplicit()) continue;
        const Script script(out.script_pubkey);
        if (Solve(script).type != TxoutType::kLockedMultisig) continue;
        if (permission && out.asset.GetAsset() == *permission) {
            // Ocean throws on a locked multisig without exactly three keys; such outputs are skipped.
            if (auto request = ParseRequestScript(script)) {
                vout[i]["request"] =
                    RequestToJson(AuctionRequest{.txid = tx.GetTxid(),
                                                 .genesis_hash = request->genesis_hash,
                                                 .confirmed_height = static_cast<uint32_t>(block_height),
                                                 .start_height = request->start_height,
                                                 .num_tickets = request->num_tickets,
                                                 .decay_const = request->decay_const,
                                                 .fee_percentage = request->fee_percentage,
                                                 .end_height = static_cast<uint32_t>(request->end_height),
                                                 .start_price = request->start_price},
                                  static_cast<uint32_t>(tip_height), false);
            }
        } else if (auto bid = ParseBidScript(script)) {
            Json b = Json::object();
            b["txid"] = tx.GetTxid().ToHex();
            b["feePubKey"] = HexStr(bid->fee_pubkey);
            vout[i]["bid"] = std::move(b);
        }
    }
}

Json GetRawTransaction(RPCContext& ctx, const RPCRequest& r) {
    Chainstate& chain = ChainstateOf(ctx);
    const uint256 txid = ParseHashV(Param(r, 0), "parameter 1");
    bool verbose = false;
    if (r.params.size() > 1) {
        const Json& v = r.params[1];
        if (v.is_number()) {
            verbose = GetInt(v) != 0;
        } else if (v.is_boolean()) {
            verbose = v.get<bool>();
        } else {
            throw RPCError(RPC_TYPE_ERROR, "Invalid type provided. Verbose parameter must be a boolean.");
        }
    }

    std::lock_guard lock(chain.mutex());
    // The mempool first, then the transaction index. (Ocean without -txindex also finds transactions
    // that still have unspent outputs through the UTXO set; the chain layer offers no lookup by txid
    // there, so that path is not reproduced.)
    Result<std::pair<TransactionRef, uint256>> found = Error("not-found");
    if (TransactionRef in_pool = ctx.mempool ? ctx.mempool->GetTx(txid) : nullptr) {
        found = std::make_pair(std::move(in_pool), uint256());
    } else if (chain.HasTxIndex()) {
        found = chain.GetTransaction(txid);
    }
    if (!found) {
        throw RPCError(
            RPC_INVALID_ADDRESS_OR_KEY,
            std::string(chain.HasTxIndex() ? "No such mempool or blockchain transaction"
                                           : "No such mempool transaction. Use -txindex to enable blockchain "
                                             "transaction queries") +
                ". Use gettransaction for wallet transactions.");
    }
    const Transaction& tx = *found->first;
    const uint256& block_hash = found->second;
    const std::string hex = HexStr(EncodeTransaction(tx, /*with_witness=*/ctx.rpc_serial_version != 0));
    if (!verbose) return hex;

    Json result = Json::object();
    result["hex"] = hex;
    Json tx_json = TxToJson(tx, ctx.json);
    const BlockIndex* index = block_hash.IsNull() ? nullptr : chain.LookupBlockIndex(block_hash);
    const bool active = index && chain.IsOnActiveChain(index);
    if (active) AnnotateRequestsAndBids(tx_json, tx, ctx, index->height, chain.Height());
    for (auto it = tx_json.begin(); it != tx_json.end(); ++it) result[it.key()] = std::move(it.value());
    if (!block_hash.IsNull()) {
        result["blockhash"] = block_hash.ToHex();
        if (index) {
            if (active) {
                result["confirmations"] = 1 + chain.Height() - index->height;
                result["time"] = index->GetBlockTime();
                result["blocktime"] = index->GetBlockTime();
            } else {
                result["confirmations"] = 0;
            }
        }
    }
    return result;
}

// ---- createrawtransaction / createrawtxoutputs / createrawpolicytx ----

Json CreateRawTransaction(RPCContext& ctx, const RPCRequest& r) {
    CheckCreateParams(r, {Json::value_t::array, Json::value_t::object, Json::value_t::number_integer,
                          Json::value_t::object});
    const Json& inputs = GetArray(Param(r, 0));
    const Json& send_to = GetObject(Param(r, 1));
    MutableTransaction tx;
    if (HasParam(r, 2)) tx.lock_time = ParseLockTime(Param(r, 2));
    const Json* assets = HasParam(r, 3) ? &GetObject(Param(r, 3)) : nullptr;
    AddInputs(tx, inputs, /*parse_asset=*/true);

    std::set<std::string> seen_addresses;
    for (auto it = send_to.begin(); it != send_to.end(); ++it) {
        const std::string& name = it.key();
        const Json& value = it.value();
        uint256 asset = DefaultOutputAsset(ctx);
        if (assets) {
            const Json& a = FindValue(*assets, name);
            if (!a.is_null()) asset = ParseHashV(a, name);
        }
        if (name == "data") {
            const Bytes data = ParseHexV(Json(ValStr(value)), "Data");
            tx.vout.push_back(MakeExplicitTxOut(asset, 0, GetScriptForNullData(ByteSpan(data)).bytes()));
        } else if (name == "vdata") {
            std::vector<Bytes> pushes;
            for (const Json& item : GetArray(value)) pushes.push_back(ParseHexV(Json(GetStr(item)), "Data"));
            tx.vout.push_back(
                MakeExplicitTxOut(asset, 0, GetScriptForNullData(std::span<const Bytes>(pushes)).bytes()));
        } else if (name == "fee") {
            tx.vout.push_back(MakeExplicitTxOut(asset, AmountFromValue(value), Bytes()));
        } else {
            if (!IsValidAddress(name, ctx.json.prefixes)) {
                throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + name);
            }
            if (!seen_addresses.insert(name).second) {
                throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + name);
            }
            tx.vout.push_back(AddressOutput(ctx, name, asset, AmountFromValue(value)));
        }
    }
    return EncodeHexTx(tx);
}

Json CreateRawTxOutputs(RPCContext& ctx, const RPCRequest& r) {
    CheckCreateParams(r, {Json::value_t::array, Json::value_t::array, Json::value_t::number_integer});
    const Json& inputs = GetArray(Param(r, 0));
    const Json& outputs = GetArray(Param(r, 1));
    MutableTransaction tx;
    if (HasParam(r, 2)) tx.lock_time = ParseLockTime(Param(r, 2));
    AddInputs(tx, inputs, /*parse_asset=*/true);

    for (const Json& output : outputs) {
        const Json& o = GetObject(output);
        const uint256 asset = ParseHashV(FindValue(o, "asset"), "asset");
        const Amount amount = AmountFromValue(FindValue(o, "amount"));
        if (o.contains("address")) {
            const std::string address = GetStr(o["address"]);
            if (address == "fee") {
                tx.vout.push_back(MakeExplicitTxOut(asset, amount, Bytes()));
            } else {
                tx.vout.push_back(AddressOutput(ctx, address, asset, amount));
            }
        } else if (o.contains("data")) {
            const Bytes data = ParseHexV(Json(ValStr(o["data"])), "Data");
            tx.vout.push_back(MakeExplicitTxOut(asset, amount, GetScriptForNullData(ByteSpan(data)).bytes()));
        } else {
            throw RPCError(RPC_INVALID_PARAMETER, "Output object without address or data key");
        }
    }
    return EncodeHexTx(tx);
}

Json CreateRawPolicyTx(RPCContext& ctx, const RPCRequest& r) {
    CheckCreateParams(r, {Json::value_t::array, Json::value_t::array, Json::value_t::number_integer,
                          Json::value_t::string});
    const Json& inputs = GetArray(Param(r, 0));
    const Json& outputs = GetArray(Param(r, 1));
    MutableTransaction tx;
    tx.lock_time = ParseLockTime(Param(r, 2));
    // Parsed like uint256::SetHex: no validation, labels are not accepted.
    const uint256 asset = ParseHashLenient(Param(r, 3));
    AddInputs(tx, inputs, /*parse_asset=*/false);

    for (const Json& output : outputs) {
        const Json& o = GetObject(output);
        const std::string admin_hex = ValStr(FindValue(o, "pubkey"));
        if (!IsNonEmptyHex(admin_hex))
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey must be a hex string");
        const PubKey admin(*ParseHex(admin_hex));
        if (!admin.IsFullyValid())
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey is not a valid public key");

        // key2: the listed address (02 ‖ 00×12 ‖ key id) or a user key with its tail reversed.
        Bytes data;
        const Json& address = FindValue(o, "address");
        if (address.is_string()) {
            const std::string text = address.get<std::string>();
            if (!DecodeBase58Check(text, text.size()))
                throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid  address");
            auto decoded = DecodeAddress(text, ctx.json.prefixes);
            const PKHash* key_id = decoded ? std::get_if<PKHash>(&decoded->destination) : nullptr;
            if (!key_id) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid key id");
            data = MakePolicyFakeKey(*key_id);
        }
        const Json& userkey = FindValue(o, "userkey");
        if (userkey.is_string()) {
            if (!data.empty())
                throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Cannot have both address and userkey");
            const std::string text = userkey.get<std::string>();
            if (!IsNonEmptyHex(text))
                throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Userkey must be a hex string");
            if (text.size() != 66)
                throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Userkey must be 33 bytes in length");
            data = ReverseKeyTail(*ParseHex(text));
        }
        data.resize(PubKey::kCompressedSize, 0);
        // Like Ocean's CPubKey, a key whose header byte does not announce 33 bytes is pushed empty.
        const PubKey list_key(data);
        const std::vector<Bytes> keys = {admin.ToBytes(), list_key.ToBytes()};
        const Script script = GetScriptForMultisig(1, keys);
        const Amount amount = AmountFromValue(FindValue(o, "value"));
        tx.vout.push_back(MakeExplicitTxOut(asset, amount, script.bytes()));
    }
    return EncodeHexTx(tx);
}

// ---- help texts ----

const std::string kGetRawTransactionHelp =
    "getrawtransaction \"txid\" ( verbose )\n"
    "\nReturns a transaction, serialized and hex-encoded, or as a JSON object.\n"
    "Without a memory pool this finds only confirmed transactions, and only when the node keeps a\n"
    "transaction index (-txindex).\n"
    "\nArguments:\n"
    "1. \"txid\"      (string, required) The transaction id\n"
    "2. verbose       (bool, optional, default=false) If false, return the hex string, otherwise a json "
    "object\n"
    "\nResult (if verbose is not set or set to false):\n"
    "\"data\"      (string) The serialized, hex-encoded data for 'txid'\n"
    "\nResult (if verbose is set to true):\n"
    "{\n"
    "  \"hex\" : \"data\",       (string) The serialized, hex-encoded data for 'txid'\n"
    "  \"txid\" : \"id\",        (string) The transaction id (same as provided)\n"
    "  \"hash\" : \"id\",        (string) The transaction hash including witness data\n"
    "  \"withash\" : \"id\",     (string) The hash committing to the witness data only\n"
    "  \"size\" : n,             (numeric) The serialized transaction size\n"
    "  \"vsize\" : n,            (numeric) The virtual transaction size\n"
    "  \"version\" : n,          (numeric) The version\n"
    "  \"locktime\" : ttt,       (numeric) The lock time\n"
    "  \"vin\" : [ ... ],        (array of json objects) The inputs, as in decoderawtransaction\n"
    "  \"vout\" : [ ... ],       (array of json objects) The outputs, as in decoderawtransaction; guardnode\n"
    "                          request and bid outputs carry a \"request\" or \"bid\" object\n"
    "  \"blockhash\" : \"hash\",   (string) the block hash\n"
    "  \"confirmations\" : n,      (numeric) The confirmations\n"
    "  \"time\" : ttt,             (numeric) The block time in seconds since epoch (Jan 1 1970 GMT)\n"
    "  \"blocktime\" : ttt         (numeric) The block time in seconds since epoch (Jan 1 1970 GMT)\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("getrawtransaction", "\"mytxid\"") +
    HelpExampleCli("getrawtransaction", "\"mytxid\" true") +
    HelpExampleRpc("getrawtransaction", "\"mytxid\", true");

const std::string kCreateRawTransactionHelp =
    "createrawtransaction [{\"txid\":\"id\",\"vout\":n},...] {\"address\":amount,\"data\":\"hex\",...} ( "
    "locktime "
    "{\"address\":\"asset\",...} )\n"
    "\nCreates an unsigned transaction spending the given inputs and paying the given outputs.\n"
    "Returns the hex-encoded transaction. It is neither stored nor broadcast.\n"
    "\nArguments:\n"
    "1. \"inputs\"                (array, required) A json array of json objects\n"
    "     [\n"
    "       {\n"
    "         \"txid\":\"id\",      (string, required) The transaction id\n"
    "         \"vout\":n,           (numeric, required) The output number\n"
    "         \"sequence\":n        (numeric, optional) The sequence number\n"
    "       }\n"
    "       ,...\n"
    "     ]\n"
    "2. \"outputs\"               (object, required) a json object with outputs\n"
    "    {\n"
    "      \"address\": x.xxx,    (numeric or string) An address and the amount to pay it\n"
    "      \"data\": \"hex\",       (string) An OP_RETURN output of value 0 carrying the data\n"
    "      \"vdata\": [\"hex\",...], (array of strings) An OP_RETURN output of value 0 with one push per "
    "item\n"
    "      \"fee\": x.xxx         (numeric or string) An explicit fee output of this amount\n"
    "      ,...\n"
    "    }\n"
    "3. locktime                  (numeric, optional, default=0) Raw locktime. Non-0 value also "
    "locktime-activates inputs\n"
    "4. \"output_assets\"         (object, optional) The asset id (hex) of each output, keyed like "
    "\"outputs\";\n"
    "                           outputs not listed use the node's fee asset\n"
    "    {\n"
    "      \"address\": \"hex\",\n"
    "      \"fee\": \"hex\",\n"
    "      ,...\n"
    "    }\n"
    "\nResult:\n"
    "\"transaction\"              (string) hex string of the transaction\n"
    "\nExamples:\n" +
    HelpExampleCli(
        "createrawtransaction",
        "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"{\\\"address\\\":0.01,\\\"fee\\\":0.0001}\"") +
    HelpExampleCli("createrawtransaction",
                   "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"{\\\"data\\\":\\\"00010203\\\"}\"") +
    HelpExampleRpc("createrawtransaction",
                   "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"{\\\"address\\\":0.01}\", 0, "
                   "\"{\\\"address\\\":\\\"myasset\\\"}\"");

const std::string kCreateRawTxOutputsHelp =
    "createrawtxoutputs [{\"txid\":\"id\",\"vout\":n},...] "
    "[{\"address\":\"addr\",\"amount\":x.xxx,\"asset\":\"hex\"},...] "
    "( locktime )\n"
    "\nCreates an unsigned transaction from a list of outputs, each with its own asset. Unlike\n"
    "createrawtransaction, an address may appear in several outputs.\n"
    "Returns the hex-encoded transaction. It is neither stored nor broadcast.\n"
    "\nArguments:\n"
    "1. \"inputs\"                (array, required) A json array of json objects\n"
    "     [\n"
    "       {\n"
    "         \"txid\":\"id\",      (string, required) The transaction id\n"
    "         \"vout\":n,           (numeric, required) The output number\n"
    "         \"sequence\":n        (numeric, optional) The sequence number\n"
    "       }\n"
    "       ,...\n"
    "     ]\n"
    "2. \"outputs\"               (array, required) A json array of output objects\n"
    "     [\n"
    "       {\n"
    "         \"asset\":\"hex\",      (string, required) The asset id\n"
    "         \"amount\":x.xxx,     (numeric or string, required) The amount\n"
    "         \"address\":\"addr\",   (string) The address to pay, or \"fee\" for a fee output\n"
    "         \"data\":\"hex\"        (string) Instead of an address: an OP_RETURN output carrying the data\n"
    "       }\n"
    "       ,...\n"
    "     ]\n"
    "3. locktime                  (numeric, optional, default=0) Raw locktime. Non-0 value also "
    "locktime-activates inputs\n"
    "\nResult:\n"
    "\"transaction\"              (string) hex string of the transaction\n"
    "\nExamples:\n" +
    HelpExampleCli(
        "createrawtxoutputs",
        "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" "
        "\"[{\\\"address\\\":\\\"myaddress\\\",\\\"amount\\\":1.5,\\\"asset\\\":\\\"myasset\\\"}]\"") +
    HelpExampleRpc("createrawtxoutputs",
                   "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", "
                   "\"[{\\\"address\\\":\\\"fee\\\",\\\"amount\\\":0.001,\\\"asset\\\":\\\"myasset\\\"}]\"");

const std::string kCreateRawPolicyTxHelp =
    "createrawpolicytx [{\"txid\":\"id\",\"vout\":n},...] "
    "[{\"pubkey\":\"hex\",\"value\":x.xxx,\"address\":\"addr\"},...] "
    "locktime \"asset\"\n"
    "\nCreates an unsigned policy-list transaction: every output is a 1-of-2 multisig of the admin key and\n"
    "a data key naming the listed address (freezelist, burnlist) or user key (whitelist KYC keys), paid\n"
    "in the given policy asset. Returns the hex-encoded transaction. It is neither stored nor broadcast.\n"
    "\nArguments:\n"
    "1. \"inputs\"                (array, required) A json array of json objects\n"
    "     [\n"
    "       {\n"
    "         \"txid\":\"id\",      (string, required) The transaction id\n"
    "         \"vout\":n,           (numeric, required) The output number\n"
    "         \"sequence\":n        (numeric, optional) The sequence number\n"
    "       }\n"
    "       ,...\n"
    "     ]\n"
    "2. \"outputs\"               (array, required) A json array of json objects\n"
    "     [\n"
    "       {\n"
    "         \"pubkey\":\"hex\",     (string, required) The admin public key\n"
    "         \"value\":x.xxx,      (numeric or string, required) The amount of the policy asset\n"
    "         \"address\":\"addr\",   (string, optional) A P2PKH address to put on the list\n"
    "         \"userkey\":\"hex\"     (string, optional) Instead of an address: a 33-byte key to put on the "
    "list\n"
    "       }\n"
    "       ,...\n"
    "     ]\n"
    "3. locktime                  (numeric, required) Raw locktime. Non-0 value also locktime-activates "
    "inputs\n"
    "4. \"asset\"                 (string, required) The policy asset id (hex)\n"
    "\nResult:\n"
    "\"transaction\"              (string) hex string of the transaction\n"
    "\nExamples:\n" +
    HelpExampleCli(
        "createrawpolicytx",
        "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" "
        "\"[{\\\"pubkey\\\":\\\"adminkey\\\",\\\"value\\\":5000,\\\"address\\\":\\\"myaddress\\\"}]\" 0 "
        "\"policyasset\"") +
    HelpExampleRpc(
        "createrawpolicytx",
        "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", "
        "\"[{\\\"pubkey\\\":\\\"adminkey\\\",\\\"value\\\":5000,\\\"userkey\\\":\\\"userkey\\\"}]\", 0, "
        "\"policyasset\"");

const std::string kDecodeRawTransactionHelp =
    "decoderawtransaction \"hexstring\"\n"
    "\nReturns a JSON object describing a serialized, hex-encoded transaction.\n"
    "\nArguments:\n"
    "1. \"hexstring\"      (string, required) The transaction hex string\n"
    "\nResult:\n"
    "{\n"
    "  \"txid\" : \"id\",        (string) The transaction id\n"
    "  \"hash\" : \"id\",        (string) The transaction hash including witness data\n"
    "  \"withash\" : \"id\",     (string) The hash committing to the witness data only\n"
    "  \"size\" : n,             (numeric) The transaction size\n"
    "  \"vsize\" : n,            (numeric) The virtual transaction size\n"
    "  \"version\" : n,          (numeric) The version\n"
    "  \"locktime\" : ttt,       (numeric) The lock time\n"
    "  \"vin\" : [               (array of json objects)\n"
    "     {\n"
    "       \"txid\": \"id\",    (string) The id of the spent transaction\n"
    "       \"vout\": n,         (numeric) The output number\n"
    "       \"scriptSig\": {     (json object) The script\n"
    "         \"asm\": \"asm\",  (string) asm\n"
    "         \"hex\": \"hex\"   (string) hex\n"
    "       },\n"
    "       \"is_pegin\": b,     (boolean) Whether this input is a peg-in\n"
    "       \"scriptWitness\": [\"hex\", ...], (array of string) witness stack (if the transaction has "
    "witness data)\n"
    "       \"pegin_witness\": [\"hex\", ...], (array of string) peg-in witness (if the transaction has "
    "witness "
    "data)\n"
    "       \"issuance\": {...}, (object) The asset issuance, if any\n"
    "       \"sequence\": n      (numeric) The script sequence number\n"
    "     }\n"
    "     ,...\n"
    "  ],\n"
    "  \"vout\" : [              (array of json objects)\n"
    "     {\n"
    "       \"value\" : x.xxx,            (numeric) The value, when explicit\n"
    "       \"amountcommitment\" : \"hex\", (string) The value commitment, when blinded\n"
    "       \"asset\" : \"hex\",            (string) The asset id, when explicit\n"
    "       \"assetcommitment\" : \"hex\",  (string) The asset commitment, when blinded\n"
    "       \"assetlabel\" : \"label\",     (string) The asset's label, if it has one\n"
    "       \"n\" : n,                    (numeric) index\n"
    "       \"scriptPubKey\" : {          (json object)\n"
    "         \"asm\" : \"asm\",          (string) the asm\n"
    "         \"hex\" : \"hex\",          (string) the hex\n"
    "         \"reqSigs\" : n,            (numeric) The required sigs\n"
    "         \"type\" : \"pubkeyhash\",  (string) The type, eg 'pubkeyhash' or 'fee'\n"
    "         \"addresses\" : [           (json array of string)\n"
    "           \"address\"               (string) ocean address\n"
    "           ,...\n"
    "         ]\n"
    "       }\n"
    "     }\n"
    "     ,...\n"
    "  ]\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("decoderawtransaction", "\"hexstring\"") +
    HelpExampleRpc("decoderawtransaction", "\"hexstring\"");

const std::string kDecodeScriptHelp =
    "decodescript \"hexstring\"\n"
    "\nDecodes a hex-encoded script.\n"
    "\nArguments:\n"
    "1. \"hexstring\"     (string) the hex encoded script\n"
    "\nResult:\n"
    "{\n"
    "  \"asm\":\"asm\",   (string) Script public key\n"
    "  \"type\":\"type\", (string) The output type\n"
    "  \"reqSigs\": n,    (numeric) The required signatures\n"
    "  \"addresses\": [   (json array of string)\n"
    "     \"address\"     (string) ocean address\n"
    "     ,...\n"
    "  ],\n"
    "  \"p2sh\":\"address\"  (string) address of the P2SH script wrapping this script (omitted when the "
    "script is "
    "already P2SH)\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("decodescript", "\"hexstring\"") + HelpExampleRpc("decodescript", "\"hexstring\"");

}  // namespace

void RegisterRawTransactionRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"rawtransactions",
               "getrawtransaction",
               {"txid", "verbose"},
               1,
               2,
               kGetRawTransactionHelp,
               [&ctx](const RPCRequest& r) -> Json { return GetRawTransaction(ctx, r); }});

    table.Add({"rawtransactions",
               "createrawtransaction",
               {"inputs", "outputs", "locktime", "output_assets"},
               2,
               4,
               kCreateRawTransactionHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateRawTransaction(ctx, r); }});

    table.Add({"rawtransactions",
               "createrawtxoutputs",
               {"inputs", "outputs", "locktime"},
               2,
               3,
               kCreateRawTxOutputsHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateRawTxOutputs(ctx, r); }});

    table.Add({"rawtransactions",
               "createrawpolicytx",
               {"inputs", "outputs", "locktime", "asset"},
               4,
               4,
               kCreateRawPolicyTxHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateRawPolicyTx(ctx, r); }});

    table.Add({"rawtransactions",
               "decoderawtransaction",
               {"hexstring"},
               1,
               1,
               kDecodeRawTransactionHelp,
               [&ctx](const RPCRequest& r) -> Json {
                   RPCTypeCheckArgument(Param(r, 0), Json::value_t::string);
                   return TxToJson(*DecodeHexTx(GetStr(Param(r, 0))), ctx.json);
               }});

    table.Add({"rawtransactions",
               "decodescript",
               {"hexstring"},
               1,
               1,
               kDecodeScriptHelp,
               [&ctx](const RPCRequest& r) -> Json {
                   RPCTypeCheckArgument(Param(r, 0), Json::value_t::string);
                   const std::string hex = GetStr(Param(r, 0));
                   Script script;
                   if (!hex.empty()) script = Script(ParseHexV(Json(hex), "argument"));
                   return DecodeScriptToJson(script, ctx.json);
               }});
}

}  // namespace ocean
