// The client conversion table of rpc.md §3.4 and the conversion of command-line words into `params`.
#include "ocean/rpc/client_conversion.h"

#include <algorithm>

namespace ocean {

const std::vector<RPCConvertParam>& RPCConvertTable() {
    // clang-format off
    static const std::vector<RPCConvertParam> table = {
        {"addmultisigaddress", 0, "nrequired"},
        {"addmultisigaddress", 1, "keys"},
        {"addmultitowhitelist", 1, "basepubkeys"},
        {"addmultitowhitelist", 2, "nmultisig"},
        {"blindrawtransaction", 1, "assetcommitments"},
        {"blindrawtransaction", 2, "ignoreblindfail"},
        {"bumpfee", 1, "options"},
        {"combineblocksigs", 1, "signatures"},
        {"createanytoaddress", 1, "amount"},
        {"createanytoaddress", 2, "ignoreblindfail"},
        {"createanytoaddress", 3, "splitlargetxs"},
        {"createanytoaddress", 4, "balancesorttype"},
        {"createanytoaddress", 5, "allowwatchonly"},
        {"createkycfile", 1, "pubkeylist"},
        {"createkycfile", 2, "multisiglist"},
        {"createkycpubkeytx", 0, "nkeys"},
        {"createmultisig", 0, "nrequired"},
        {"createmultisig", 1, "keys"},
        {"createrawbidtx", 0, "inputs"},
        {"createrawbidtx", 1, "outputs"},
        {"createrawpolicytx", 0, "inputs"},
        {"createrawpolicytx", 1, "outputs"},
        {"createrawpolicytx", 2, "locktime"},
        {"createrawrequesttx", 0, "inputs"},
        {"createrawrequesttx", 1, "outputs"},
        {"createrawtransaction", 0, "inputs"},
        {"createrawtransaction", 1, "outputs"},
        {"createrawtransaction", 2, "locktime"},
        {"createrawtransaction", 3, "output_assetids"},
        {"createrawtxoutputs", 0, "inputs"},
        {"createrawtxoutputs", 1, "outputs"},
        {"createrawtxoutputs", 2, "locktime"},
        {"destroyamount", 1, "amount"},
        {"dumpissuanceblindingkey", 1, "vin"},
        {"echojson", 0, "arg0"},
        {"echojson", 1, "arg1"},
        {"echojson", 2, "arg2"},
        {"echojson", 3, "arg3"},
        {"echojson", 4, "arg4"},
        {"echojson", 5, "arg5"},
        {"echojson", 6, "arg6"},
        {"echojson", 7, "arg7"},
        {"echojson", 8, "arg8"},
        {"echojson", 9, "arg9"},
        {"estimatefee", 0, "nblocks"},
        {"estimatepriority", 0, "nblocks"},
        {"estimatesmartfee", 0, "nblocks"},
        {"estimatesmartpriority", 0, "nblocks"},
        {"fundrawtransaction", 1, "options"},
        {"generate", 0, "nblocks"},
        {"generate", 1, "maxtries"},
        {"generatetoaddress", 0, "nblocks"},
        {"getbalance", 1, "minconf"},
        {"getbalance", 2, "include_watchonly"},
        {"getblock", 1, "verbosity"},
        {"getblockhash", 0, "height"},
        {"getblockheader", 1, "verbose"},
        {"getblockstats", 0, "hash_or_height"},
        {"getblockstats", 1, "stats"},
        {"getblocktemplate", 0, "template_request"},
        {"getcontracthash", 0, "blockheight"},
        {"getmappinghash", 0, "blockheight"},
        {"getmempoolancestors", 1, "verbose"},
        {"getmempooldescendants", 1, "verbose"},
        {"getnetworkhashps", 0, "nblocks"},
        {"getnetworkhashps", 1, "height"},
        {"getnewblockhex", 0, "required_age"},
        {"getrawmempool", 0, "verbose"},
        {"getrawtransaction", 1, "verbose"},
        {"getreceivedbyaccount", 1, "minconf"},
        {"getreceivedbyaddress", 1, "minconf"},
        {"getrequests", 1, "inAuction"},
        {"gettransaction", 1, "include_watchonly"},
        {"gettxout", 1, "n"},
        {"gettxout", 2, "include_mempool"},
        {"gettxoutproof", 0, "txids"},
        {"importaddress", 2, "rescan"},
        {"importaddress", 3, "p2sh"},
        {"importissuanceblindingkey", 1, "vin"},
        {"importmulti", 0, "requests"},
        {"importmulti", 1, "options"},
        {"importprivkey", 2, "rescan"},
        {"importpubkey", 2, "rescan"},
        {"issueasset", 0, "assetamount"},
        {"issueasset", 1, "tokenamount"},
        {"issueasset", 2, "blind"},
        {"keypoolrefill", 0, "newsize"},
        {"listaccounts", 0, "minconf"},
        {"listaccounts", 1, "include_watchonly"},
        {"listreceivedbyaccount", 0, "minconf"},
        {"listreceivedbyaccount", 1, "include_empty"},
        {"listreceivedbyaccount", 2, "include_watchonly"},
        {"listreceivedbyaddress", 0, "minconf"},
        {"listreceivedbyaddress", 1, "include_empty"},
        {"listreceivedbyaddress", 2, "include_watchonly"},
        {"listsinceblock", 1, "target_confirmations"},
        {"listtransactions", 1, "count"},
        {"listtransactions", 2, "skip"},
        {"listtransactions", 3, "include_watchonly"},
        {"listunspent", 0, "minconf"},
        {"listunspent", 1, "maxconf"},
        {"listunspent", 2, "addresses"},
        {"listunspent", 3, "include_unsafe"},
        {"lockunspent", 0, "unlock"},
        {"lockunspent", 1, "transactions"},
        {"move", 2, "amount"},
        {"move", 3, "minconf"},
        {"sendfrom", 2, "amount"},
        {"sendfrom", 3, "minconf"},
        {"onboarduser", 1, "scriptversion"},
        {"prioritisetransaction", 1, "priority_delta"},
        {"prioritisetransaction", 2, "fee_delta"},
        {"pruneblockchain", 0, "height"},
        {"rawblindrawtransaction", 1, "inputblinder"},
        {"rawblindrawtransaction", 2, "inputamount"},
        {"rawblindrawtransaction", 3, "inputasset"},
        {"rawblindrawtransaction", 4, "inputassetblinder"},
        {"rawblindrawtransaction", 6, "ignoreblindfail"},
        {"recoverencryptionkey", 1, "maxngen"},
        {"recoverkyckeys", 0, "maxngap"},
        {"reissueasset", 1, "assetamount"},
        {"sendaddmultitowhitelisttx", 1, "basepubkeys"},
        {"sendaddmultitowhitelisttx", 2, "nmultisig"},
        {"sendaddtowhitelisttx", 0, "naddresses"},
        {"sendanytoaddress", 1, "amount"},
        {"sendanytoaddress", 4, "ignoreblindfail"},
        {"sendanytoaddress", 5, "splitlargetxs"},
        {"sendanytoaddress", 6, "balancesorttype"},
        {"sendmany", 1, "amounts"},
        {"sendmany", 2, "minconf"},
        {"sendmany", 4, "subtractfeefrom"},
        {"sendmany", 5, "output_assetids"},
        {"sendrawtransaction", 1, "allowhighfees"},
        {"sendrawtransaction", 2, "allowunblindfails"},
        {"sendtoaddress", 1, "amount"},
        {"sendtoaddress", 4, "subtractfeefromamount"},
        {"sendtoaddress", 6, "ignoreblindfail"},
        {"sendtomainchain", 2, "subtractfeefromamount"},
        {"setban", 2, "bantime"},
        {"setban", 3, "absolute"},
        {"setmocktime", 0, "timestamp"},
        {"setnetworkactive", 0, "state"},
        {"settxfee", 0, "amount"},
        {"signrawtransaction", 1, "prevtxs"},
        {"signrawtransaction", 2, "privkeys"},
        {"testproposedblock", 1, "acceptnonstd"},
        {"topupkycpubkeys", 0, "nkeys"},
        {"validatekycfile", 1, "verbose"},
        {"verifychain", 0, "checklevel"},
        {"verifychain", 1, "nblocks"},
        {"waitforblock", 1, "timeout"},
        {"waitforblockheight", 0, "height"},
        {"waitforblockheight", 1, "timeout"},
        {"waitfornewblock", 0, "timeout"},
        {"walletpassphrase", 1, "timeout"},
        {"whitelistkycpubkeys", 0, "kycpubkeys"},
    };
    // clang-format on
    return table;
}

bool RPCConvertsParam(std::string_view method, int index) {
    const auto& t = RPCConvertTable();
    return std::any_of(t.begin(), t.end(),
                       [&](const RPCConvertParam& p) { return p.method == method && p.index == index; });
}

bool RPCConvertsNamedParam(std::string_view method, std::string_view name) {
    const auto& t = RPCConvertTable();
    return std::any_of(t.begin(), t.end(),
                       [&](const RPCConvertParam& p) { return p.method == method && p.name == name; });
}

Result<Json> ParseNonRFCJSONValue(std::string_view text) {
    std::string wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped += '[';
    wrapped += text;
    wrapped += ']';
    Json v = Json::parse(wrapped, nullptr, /*allow_exceptions=*/false);
    if (v.is_discarded() || !v.is_array() || v.size() != 1) {
        return Error("json-parse", "Error parsing JSON:" + std::string(text));
    }
    return std::move(v[0]);
}

Result<Json> RPCConvertValues(std::string_view method, const std::vector<std::string>& args) {
    Json params = Json::array();
    for (size_t i = 0; i < args.size(); ++i) {
        if (!RPCConvertsParam(method, static_cast<int>(i))) {
            params.push_back(args[i]);
            continue;
        }
        auto v = ParseNonRFCJSONValue(args[i]);
        if (!v) return v.error();
        params.push_back(std::move(*v));
    }
    return params;
}

Result<Json> RPCConvertNamedValues(std::string_view method, const std::vector<std::string>& args) {
    Json params = Json::object();
    for (const std::string& s : args) {
        const size_t eq = s.find('=');
        if (eq == std::string::npos) {
            return Error("named-argument",
                         "No '=' in named argument '" + s +
                             "', this needs to be present for every argument (even if it is empty)");
        }
        const std::string name = s.substr(0, eq);
        const std::string value = s.substr(eq + 1);
        if (!RPCConvertsNamedParam(method, name)) {
            params[name] = value;
            continue;
        }
        auto v = ParseNonRFCJSONValue(value);
        if (!v) return v.error();
        params[name] = std::move(*v);
    }
    return params;
}

}  // namespace ocean
