// Mempool commands (rpc.md §6.4, §6.8, §6.6): sendrawtransaction, testmempoolaccept (Ocean's shape),
// getrawmempool, getmempoolinfo, getmempoolentry, getmempoolancestors, getmempooldescendants,
// prioritisetransaction.
#include "ocean/chain/chainstate.h"
#include "ocean/mempool/accept.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

TxMempool& PoolOf(const RPCContext& ctx) {
    if (!ctx.mempool) throw RPCError(RPC_INTERNAL_ERROR, "Mempool disabled or instance not found");
    return *ctx.mempool;
}

TransactionRef DecodeTxParam(const Json& v) {
    RPCTypeCheckArgument(v, Json::value_t::string);
    return DecodeHexTx(GetStr(v));
}

// Core 0.14's entryToJSON.
Json EntryToJson(const TxMempool& pool, const MempoolEntry& e) {
    Json o = Json::object();
    o["size"] = e.vsize;
    o["fee"] = ValueFromAmount(e.fee);
    o["modifiedfee"] = ValueFromAmount(e.ModifiedFee());
    o["time"] = e.time;
    o["height"] = e.height;
    o["startingpriority"] = 0;
    o["currentpriority"] = 0;
    o["descendantcount"] = e.count_with_descendants;
    o["descendantsize"] = e.vsize_with_descendants;
    o["descendantfees"] = e.fees_with_descendants;
    o["ancestorcount"] = e.count_with_ancestors;
    o["ancestorsize"] = e.vsize_with_ancestors;
    o["ancestorfees"] = e.fees_with_ancestors;
    Json depends = Json::array();
    std::set<std::string> parents;
    for (const TxIn& in : e.tx->vin) {
        if (pool.Exists(in.prevout.hash)) parents.insert(in.prevout.hash.ToHex());
    }
    for (const std::string& p : parents) depends.push_back(p);
    o["depends"] = std::move(depends);
    return o;
}

Json TxidSetToJson(const TxMempool& pool, const std::set<uint256>& ids, bool verbose) {
    if (!verbose) {
        Json a = Json::array();
        for (const uint256& id : ids) a.push_back(id.ToHex());
        return a;
    }
    Json o = Json::object();
    for (const uint256& id : ids) {
        if (auto e = pool.GetEntry(id)) o[id.ToHex()] = EntryToJson(pool, *e);
    }
    return o;
}

bool VerboseParam(const RPCRequest& r, size_t i) {
    if (!HasParam(r, i)) return false;
    const Json& v = Param(r, i);
    if (v.is_number()) return v.get<double>() != 0;
    return GetBool(v);
}

std::string RejectText(const AcceptResult& a) {
    return std::to_string(a.reject_code) + ": " + a.state.GetRejectReason();
}

}  // namespace

void RegisterMempoolRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add(
        {"rawtransactions",
         "sendrawtransaction",
         {"hexstring", "allowhighfees"},
         1,
         3,
         "sendrawtransaction \"hexstring\" ( allowhighfees )\n"
         "\nSubmits raw transaction (serialized, hex-encoded) to local node and network.\n"
         "\nArguments:\n1. \"hexstring\"    (string, required) The hex string of the raw transaction)\n"
         "2. allowhighfees    (boolean, optional, default=false) Allow high fees\n"
         "\nResult:\n\"hex\"             (string) The transaction hash in hex\n"
         "\nExamples:\n> ocean-cli sendrawtransaction \"signedhex\"\n",
         [&ctx](const RPCRequest& r) -> Json {
             TransactionRef tx = DecodeTxParam(Param(r, 0));
             const bool allow_high = HasParam(r, 1) && GetBool(Param(r, 1));
             TxMempool& pool = PoolOf(ctx);
             Chainstate& chain = ChainstateOf(ctx);
             const uint256& txid = tx->GetTxid();
             if (!pool.Exists(txid)) {
                 AcceptOptions o = ctx.accept_options ? *ctx.accept_options : AcceptOptions{};
                 o.max_tx_fee = allow_high ? 0 : ctx.max_tx_fee;
                 const AcceptResult a = AcceptToMemoryPool(chain, pool, tx, o, ctx.clock->UnixSeconds());
                 if (!a.accepted) {
                     if (a.reject_code == kRejectAlreadyKnown)
                         throw RPCError(RPC_VERIFY_ALREADY_IN_CHAIN, "transaction already in block chain");
                     if (a.missing_inputs) throw RPCError(RPC_VERIFY_ERROR, "Missing inputs");
                     throw RPCError(RPC_VERIFY_REJECTED, RejectText(a));
                 }
             }
             if (ctx.relay_transaction) ctx.relay_transaction(tx);
             return txid.ToHex();
         }});

    table.Add(
        {"rawtransactions",
         "testmempoolaccept",
         {"rawtx", "allowhighfees"},
         1,
         2,
         "testmempoolaccept \"rawtx\" ( allowhighfees )\n"
         "\nReturns whether the raw transaction (serialized, hex-encoded) would be accepted by the mempool.\n"
         "\nArguments:\n1. \"rawtx\"          (string, required) The hex string of the raw transaction\n"
         "2. allowhighfees    (boolean, optional, default=false) Allow high fees\n"
         "\nResult:\n{\n  \"txid\"           (string) The transaction hash in hex\n"
         "  \"allowed\"        (boolean) If the mempool allows this tx to be inserted\n"
         "  \"reject-reason\"  (string) Rejection string (only present when 'allowed' is false)\n}\n",
         [&ctx](const RPCRequest& r) -> Json {
             TransactionRef tx = DecodeTxParam(Param(r, 0));
             const bool allow_high = HasParam(r, 1) && GetBool(Param(r, 1));
             AcceptOptions o = ctx.accept_options ? *ctx.accept_options : AcceptOptions{};
             o.max_tx_fee = allow_high ? 0 : ctx.max_tx_fee;
             o.test_only = true;
             o.skip_list_rules = true;  // Ocean's testmempoolaccept leaves the lists out
             const AcceptResult a =
                 AcceptToMemoryPool(ChainstateOf(ctx), PoolOf(ctx), tx, o, ctx.clock->UnixSeconds());
             Json out = Json::object();
             out["txid"] = tx->GetTxid().ToHex();
             out["allowed"] = a.accepted;
             if (!a.accepted) {
                 if (a.missing_inputs) {
                     out["reject-reason"] = "missing-inputs";
                 } else if (a.reject_code > 0 && a.reject_code < 0x100) {
                     out["reject-reason"] = RejectText(a);
                 } else {
                     out["reject-reason"] = a.state.GetRejectReason();
                 }
             }
             return out;
         }});

    table.Add(
        {"blockchain",
         "getrawmempool",
         {"verbose"},
         0,
         1,
         "getrawmempool ( verbose )\n"
         "\nReturns all transaction ids in memory pool as a json array of string transaction ids.\n"
         "\nArguments:\n1. verbose (boolean, optional, default=false) True for a json object, false for "
         "array of transaction ids\n",
         [&ctx](const RPCRequest& r) -> Json {
             TxMempool& pool = PoolOf(ctx);
             std::lock_guard lock(pool.mutex());
             const auto ids = pool.Txids();
             return TxidSetToJson(pool, std::set<uint256>(ids.begin(), ids.end()), VerboseParam(r, 0));
         }});

    table.Add({"blockchain",
               "getmempoolinfo",
               {},
               0,
               0,
               "getmempoolinfo\n\nReturns details on the active state of the TX memory pool.\n"
               "\nResult:\n{\n  \"size\": xxxxx,               (numeric) Current tx count\n"
               "  \"bytes\": xxxxx,              (numeric) Sum of all virtual transaction sizes\n"
               "  \"usage\": xxxxx,              (numeric) Total memory usage for the mempool\n"
               "  \"maxmempool\": xxxxx,         (numeric) Maximum memory usage for the mempool\n"
               "  \"mempoolminfee\": xxxxx       (numeric) Minimum fee for tx to be accepted\n}\n",
               [&ctx](const RPCRequest&) -> Json {
                   TxMempool& pool = PoolOf(ctx);
                   const size_t max_bytes =
                       ctx.accept_options ? ctx.accept_options->max_pool_bytes : 300u << 20;
                   std::lock_guard lock(pool.mutex());
                   Json o = Json::object();
                   o["size"] = pool.Size();
                   o["bytes"] = pool.TotalTxBytes();
                   o["usage"] = pool.DynamicMemoryUsage();
                   o["maxmempool"] = max_bytes;
                   o["mempoolminfee"] = ValueFromAmount(pool.GetMinFee(max_bytes, ctx.clock->UnixSeconds()));
                   return o;
               }});

    table.Add({"blockchain",
               "getmempoolentry",
               {"txid"},
               1,
               1,
               "getmempoolentry txid\n\nReturns mempool data for given transaction\n",
               [&ctx](const RPCRequest& r) -> Json {
                   const uint256 txid = ParseHashV(Param(r, 0), "parameter 1");
                   TxMempool& pool = PoolOf(ctx);
                   std::lock_guard lock(pool.mutex());
                   auto e = pool.GetEntry(txid);
                   if (!e) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
                   return EntryToJson(pool, *e);
               }});

    for (const bool ancestors : {true, false}) {
        const std::string name = ancestors ? "getmempoolancestors" : "getmempooldescendants";
        table.Add({"blockchain",
                   name,
                   {"txid", "verbose"},
                   1,
                   2,
                   name + " txid (verbose)\n\nIf txid is in the mempool, returns all in-mempool " +
                       (ancestors ? "ancestors" : "descendants") + ".\n",
                   [&ctx, ancestors](const RPCRequest& r) -> Json {
                       const uint256 txid = ParseHashV(Param(r, 0), "parameter 1");
                       TxMempool& pool = PoolOf(ctx);
                       std::lock_guard lock(pool.mutex());
                       if (!pool.Exists(txid))
                           throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
                       return TxidSetToJson(pool,
                                            ancestors ? pool.GetAncestors(txid) : pool.GetDescendants(txid),
                                            VerboseParam(r, 1));
                   }});
    }

    table.Add({"mining",
               "prioritisetransaction",
               {"txid", "priority_delta", "fee_delta"},
               3,
               3,
               "prioritisetransaction <txid> <priority delta> <fee delta>\n"
               "Accepts the transaction into mined blocks at a higher (or lower) priority\n",
               [&ctx](const RPCRequest& r) -> Json {
                   const uint256 txid = ParseHashV(Param(r, 0), "parameter 1");
                   RPCTypeCheckArgument(Param(r, 2), Json::value_t::number_integer);
                   PoolOf(ctx).PrioritiseTransaction(txid, GetInt64(Param(r, 2)));
                   return true;
               }});
}

}  // namespace ocean
