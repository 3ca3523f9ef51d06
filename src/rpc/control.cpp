// The control category (rpc.md §6.1): help, stop, uptime, getinfo, getmemoryinfo; and the hidden
// setmocktime (§6.13).
#include "ocean/chain/chainstate.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/util/clock.h"

namespace ocean {
void RegisterControlRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"control",
               "help",
               {"command"},
               0,
               1,
               "help ( \"command\" )\n"
               "\nList all commands, or get help for a specified command.\n"
               "\nArguments:\n1. \"command\"     (string, optional) The command to get help on\n"
               "\nResult:\n\"text\"     (string) The help text\n",
               [&table](const RPCRequest& r) -> Json {
                   std::string command;
                   if (HasParam(r, 0)) command = GetStr(Param(r, 0));
                   return table.Help(command);
               }});

    table.Add({"control", "stop", {}, 0, 1, "stop\n\nStop Ocean server.", [&ctx](const RPCRequest&) -> Json {
                   // The reply goes out before the HTTP server stops: shutdown only begins here.
                   if (ctx.request_shutdown) ctx.request_shutdown();
                   return "Ocean server stopping";
               }});

    table.Add({"control",
               "uptime",
               {},
               0,
               0,
               "uptime\n"
               "\nReturns the total uptime of the server.\n"
               "\nResult:\nttt        (numeric) The number of seconds that the server has been running\n"
               "\nExamples:\n> ocean-cli uptime\n",
               [&ctx](const RPCRequest&) -> Json { return ctx.clock->UnixSeconds() - ctx.startup_time; }});

    table.Add({"hidden",
               "setmocktime",
               {"timestamp"},
               1,
               1,
               "setmocktime timestamp\n"
               "\nSet the local time to given timestamp (-regtest only)\n"
               "\nArguments:\n1. timestamp  (integer, required) Unix seconds timestamp\n"
               "   Pass 0 to go back to using the system time.",
               [&ctx](const RPCRequest& r) -> Json {
                   if (!ctx.mock_clock) {
                       throw RPCError(RPC_MISC_ERROR,
                                      "setmocktime for regression testing (-regtest mode) only");
                   }
                   RPCTypeCheckArgument(Param(r, 0), Json::value_t::number_integer);
                   const int64_t t = GetInt64(Param(r, 0));
                   if (t < 0) throw RPCError(RPC_INVALID_PARAMETER, "Timestamp must be 0 or greater");
                   ctx.mock_clock->SetMockTime(t);
                   return nullptr;
               }});

    table.Add(
        {"control",
         "getmemoryinfo",
         {},
         0,
         0,
         "getmemoryinfo\n"
         "Returns an object containing information about memory usage.\n"
         "\nResult:\n{\n  \"locked\": {               (json object) Information about locked memory manager\n"
         "    \"used\": xxxxx,          (numeric) Number of bytes used\n"
         "    \"free\": xxxxx,          (numeric) Number of bytes available in current arenas\n"
         "    \"total\": xxxxxxx,       (numeric) Total number of bytes managed\n"
         "    \"locked\": xxxxxx,       (numeric) Amount of bytes that succeeded locking.\n"
         "    \"chunks_used\": xxxxx,   (numeric) Number allocated chunks\n"
         "    \"chunks_free\": xxxxx,   (numeric) Number unused chunks\n  }\n}\n"
         "\nExamples:\n> ocean-cli getmemoryinfo\n",
         [](const RPCRequest&) -> Json {
             // No component keeps secrets in locked memory yet (the wallet will): all zero.
             Json locked = Json::object();
             for (const char* k : {"used", "free", "total", "locked", "chunks_used", "chunks_free"}) {
                 locked[k] = 0;
             }
             Json j = Json::object();
             j["locked"] = std::move(locked);
             return j;
         }});

    table.Add(
        {"control",
         "getinfo",
         {},
         0,
         1,
         "getinfo ( \"assetlabel\" )\n"
         "\nDEPRECATED. Returns an object containing various state info.\n"
         "\nArguments:\n1. \"assetlabel\"   (string, optional) asset for the wallet balance\n"
         "\nResult:\n{\n  \"version\": xxxxx,           (numeric) the server version\n"
         "  \"protocolversion\": xxxxx,   (numeric) the protocol version\n"
         "  \"blocks\": xxxxxx,           (numeric) the current number of blocks processed in the server\n"
         "  \"timeoffset\": xxxxx,        (numeric) the time offset\n"
         "  \"proxy\": \"host:port\",       (string, optional) the proxy used by the server\n"
         "  \"difficulty\": 1,            (numeric) always 1\n"
         "  \"chain\": \"name\",            (string) the chain name\n"
         "  \"relayfee\": x.xxxx,         (numeric) minimum relay fee for transactions in /kB\n"
         "  \"errors\": \"...\"             (string) any error messages\n}\n"
         "\nExamples:\n> ocean-cli getinfo\n",
         [&ctx](const RPCRequest& r) -> Json {
             if (HasParam(r, 0)) {
                 throw RPCError(RPC_WALLET_ERROR, "Wallet must be enabled to list asset balances.");
             }
             Json j = Json::object();
             j["version"] = ctx.client_version;
             j["protocolversion"] = 70015;
             j["blocks"] = ctx.chainstate ? ctx.chainstate->Height() : 0;
             j["timeoffset"] = 0;
             j["proxy"] = "";
             j["difficulty"] = 1.0;
             j["chain"] = ctx.chain_name;
             j["relayfee"] = ValueFromAmount(ctx.min_relay_fee);
             j["errors"] = "";
             return j;
         }});
}

}  // namespace ocean
