// Registration of the RPC command groups, one per source file under src/rpc/, each adding its commands
// (rpc.md §4 names, parameter counts, help) to the table. Handlers capture the RPCContext by reference;
// it must outlive the table. Add one declaration per new group here.
#pragma once

namespace ocean {

class RPCTable;
struct RPCContext;

// blockchain (src/rpc/blockchain.cpp)
void RegisterBlockchainRPCs(RPCTable& table, RPCContext& ctx);
// control (src/rpc/control.cpp): help, stop, uptime, getinfo, getmemoryinfo, setmocktime
void RegisterControlRPCs(RPCTable& table, RPCContext& ctx);
// mining and generating (src/rpc/mining.cpp): submitblock, generate, getnewblockhex, getmininginfo, ...
void RegisterMiningRPCs(RPCTable& table, RPCContext& ctx);
// rawtransactions (src/rpc/rawtransaction.cpp): getrawtransaction, createrawtransaction,
// createrawtxoutputs, createrawpolicytx, decoderawtransaction, decodescript.
void RegisterRawTransactionRPCs(RPCTable& table, RPCContext& ctx);
// util (src/rpc/misc.cpp): validateaddress, createmultisig, createblindedaddress, verifymessage,
// signmessagewithprivkey, estimate*; the hidden echo and echojson.
void RegisterUtilRPCs(RPCTable& table, RPCContext& ctx);
// gettxoutproof, verifytxoutproof (src/rpc/txoutproof.cpp)
void RegisterTxOutProofRPCs(RPCTable& table, RPCContext& ctx);
// getblockstats (src/rpc/blockstats.cpp)
void RegisterBlockStatsRPCs(RPCTable& table, RPCContext& ctx);
// getrequests, getrequestbids (src/rpc/requests.cpp)
void RegisterRequestRPCs(RPCTable& table, RPCContext& ctx);
// network: getpeerinfo, getnetworkinfo, getconnectioncount, getnettotals, addnode, getaddednodeinfo,
// disconnectnode, ping, setnetworkactive, setban, listbanned, clearbanned.
void RegisterNetRPCs(RPCTable& table, RPCContext& ctx);
// sendrawtransaction, testmempoolaccept, getrawmempool, getmempoolinfo, getmempoolentry,
// getmempoolancestors, getmempooldescendants, prioritisetransaction.
void RegisterMempoolRPCs(RPCTable& table, RPCContext& ctx);
void RegisterSignerRPCs(RPCTable& table, RPCContext& ctx);
// signrawtransaction without a wallet (src/rpc/signrawtransaction.cpp).
void RegisterSignRawTransactionRPCs(RPCTable& table, RPCContext& ctx);
// Ocean's raw issuance helpers (src/rpc/rawissuance.cpp): createrawissuance, createrawreissuance,
// createrawburn.
void RegisterRawIssuanceRPCs(RPCTable& table, RPCContext& ctx);
// The policy lists (policy.md §15): add/query/remove/clear for the whitelist, freezelist and burnlist,
// addmultitowhitelist, readwhitelist, dumpwhitelist.
void RegisterPolicyRPCs(RPCTable& table, RPCContext& ctx);

// Wallet RPCs (registered only with a wallet): its transactions and balances (src/rpc/wallet_history.cpp).
void RegisterWalletHistoryRPCs(RPCTable& table, RPCContext& ctx);
// Keys, addresses, accounts, imports, dumps, backups, encryption, signmessage, Ocean's derived keys
// (src/rpc/wallet_keys.cpp).
void RegisterWalletKeyRPCs(RPCTable& table, RPCContext& ctx);
// Sending, issuance and funding (src/rpc/wallet_send.cpp).
void RegisterWalletSendRPCs(RPCTable& table, RPCContext& ctx);

}  // namespace ocean
