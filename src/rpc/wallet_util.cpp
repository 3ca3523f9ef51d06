#include "ocean/rpc/wallet_util.h"

#include "ocean/rpc/protocol.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "ocean/wallet/key_store.h"

namespace ocean {

Wallet& WalletOf(const RPCContext& ctx) {
    if (!ctx.wallet) throw RPCError(RPC_METHOD_NOT_FOUND, "Method not found (disabled)");
    return *ctx.wallet;
}

WalletKeyStore& WalletKeysOf(const RPCContext& ctx) {
    if (!ctx.wallet_keys) throw RPCError(RPC_METHOD_NOT_FOUND, "Method not found (disabled)");
    return *ctx.wallet_keys;
}

uint256 ParseAssetSelector(const RPCContext& ctx, const std::string& selector) {
    for (const auto& [asset, label] : ctx.json.asset_labels)
        if (label == selector) return asset;
    if (selector.size() == 64 && IsHex(selector)) return uint256::FromHex(selector);
    throw RPCError(RPC_WALLET_ERROR, "Unknown label and invalid asset hex: " + selector);
}

std::string AssetKey(const RPCContext& ctx, const uint256& asset) {
    if (const std::string* label = ctx.json.LabelFor(asset)) return *label;
    return asset.ToHex();
}

Json AssetBalanceJson(const RPCContext& ctx, const AmountMap& amounts, const std::optional<uint256>& asset) {
    if (asset) {
        auto it = amounts.find(*asset);
        return AmountToJson(it == amounts.end() ? 0 : it->second);
    }
    Json out = Json::object();
    for (const auto& [id, value] : amounts) {
        if (id.IsNull()) continue;
        out[AssetKey(ctx, id)] = AmountToJson(value);
    }
    return out;
}

std::optional<std::string> AddressOfScript(const RPCContext& ctx, const Script& script) {
    const Destination dest = ExtractDestination(script);
    if (!IsValidDestination(dest)) return std::nullopt;
    return EncodeDestination(dest, ctx.json.prefixes);
}

std::optional<std::string> LabelOfScript(const RPCContext& ctx, const Script& script) {
    if (!ctx.wallet_keys) return std::nullopt;
    return ctx.wallet_keys->GetLabel(script);
}

std::optional<Script> RedeemScriptOf(const RPCContext& ctx, const Script& script) {
    if (!ctx.wallet_keys) return std::nullopt;
    const Destination dest = ExtractDestination(script);
    if (const auto* sh = std::get_if<ScriptHash>(&dest)) return ctx.wallet_keys->GetScript(uint160(*sh));
    return std::nullopt;
}

void AddWalletCommand(RPCTable& table, RPCContext& ctx, std::string category, std::string name,
                      std::vector<std::string> params, size_t min_args, size_t max_args, std::string help,
                      WalletRpcFn fn) {
    table.Add({std::move(category), std::move(name), std::move(params), min_args, max_args, std::move(help),
               [&ctx, fn](const RPCRequest& r) -> Json { return fn(ctx, r); }});
}

}  // namespace ocean
