// Registration functions of the RPC command groups: one per source file under src/rpc/, each adding
// its commands (rpc.md §4 names, parameter counts, help) to the table. Handlers capture the RPCContext
// by reference, so the context must outlive the table. Add one declaration per new group here.
#pragma once

namespace ocean {

class RPCTable;
struct RPCContext;

// rawtransactions (src/rpc/rawtransaction.cpp): getrawtransaction, createrawtransaction,
// createrawtxoutputs, createrawpolicytx, decoderawtransaction, decodescript.
void RegisterRawTransactionRPCs(RPCTable& table, RPCContext& ctx);

// util (src/rpc/misc.cpp): validateaddress, createmultisig, createblindedaddress, verifymessage,
// signmessagewithprivkey, estimatefee, estimatepriority, estimatesmartfee, estimatesmartpriority; and
// the hidden echo and echojson.
void RegisterUtilRPCs(RPCTable& table, RPCContext& ctx);

}  // namespace ocean
