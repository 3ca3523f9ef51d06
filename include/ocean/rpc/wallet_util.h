// Helpers shared by the wallet RPC files (src/rpc/wallet_*.cpp): the wallet components of the context,
// Ocean's asset selectors and per-asset balance objects (rpc.md §2.7, §6.10), and addresses of scripts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ocean/consensus/tx_verify.h"
#include "ocean/core_io/json.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/script/script.h"
#include "ocean/util/uint256.h"

namespace ocean {

class Wallet;
class WalletKeyStore;

// The node's wallet, or -32601 "Method not found (disabled)" as Core 0.14 without a wallet (the wallet
// RPCs are only registered with a wallet; this guards the windows of start-up and shutdown).
Wallet& WalletOf(const RPCContext& ctx);
WalletKeyStore& WalletKeysOf(const RPCContext& ctx);

// An asset label (-assetdir or built-in) or a 64-hex asset id; -4 "Unknown label and invalid asset
// hex: <x>" otherwise.
uint256 ParseAssetSelector(const RPCContext& ctx, const std::string& selector);
// The key a balance object uses for an asset: its label when it has one, else its hex id.
std::string AssetKey(const RPCContext& ctx, const uint256& asset);
// PushAssetBalance: with a selected asset the plain amount (0 when absent), else an object
// {label-or-hex: amount} over the assets of the map (the null asset skipped).
Json AssetBalanceJson(const RPCContext& ctx, const AmountMap& amounts, const std::optional<uint256>& asset);
// The wallet's label of a script's address (its address-book entry; "" is a label), if it has one.
std::optional<std::string> LabelOfScript(const RPCContext& ctx, const Script& script);
// The redeem script the wallet knows for a P2SH output script.
std::optional<Script> RedeemScriptOf(const RPCContext& ctx, const Script& script);
// The address of a standard output script, if it has one.
std::optional<std::string> AddressOfScript(const RPCContext& ctx, const Script& script);

// Registers a wallet command whose handler is a plain function of the context and the request.
using WalletRpcFn = Json (*)(RPCContext&, const RPCRequest&);
void AddWalletCommand(RPCTable& table, RPCContext& ctx, std::string category, std::string name,
                      std::vector<std::string> params, size_t min_args, size_t max_args, std::string help,
                      WalletRpcFn fn);

}  // namespace ocean
