// Registration of the node-level RPC command groups (each in its own src/rpc/<area>.cpp). Handlers
// capture the RPCContext by reference; it must outlive the table.
#pragma once

namespace ocean {

class RPCTable;
struct RPCContext;

void RegisterBlockchainRPCs(RPCTable& table, RPCContext& ctx);
void RegisterControlRPCs(RPCTable& table, RPCContext& ctx);
void RegisterMiningRPCs(RPCTable& table, RPCContext& ctx);
// gettxoutproof, verifytxoutproof (src/rpc/txoutproof.cpp)
void RegisterTxOutProofRPCs(RPCTable& table, RPCContext& ctx);
// getblockstats (src/rpc/blockstats.cpp)
void RegisterBlockStatsRPCs(RPCTable& table, RPCContext& ctx);
// getrequests, getrequestbids (src/rpc/requests.cpp)
void RegisterRequestRPCs(RPCTable& table, RPCContext& ctx);

}  // namespace ocean
