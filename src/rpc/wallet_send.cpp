// Wallet RPCs that spend (rpc.md §6.10–§6.12): sendtoaddress, sendmany, sendanytoaddress,
// createanytoaddress, fundrawtransaction, settxfee, issueasset, reissueasset, destroyamount,
// listissuances, resendwallettransactions. The work is WalletSpender's (wallet/spend.h); this file reads
// parameters and maps its errors to Core's codes: insufficient funds -6, a locked wallet -13, a refusal
// by the mempool -4 "Error: The transaction was rejected! Reason given: ...", other failures -4.
#include <mutex>
#include <set>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/primitives/asset.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/rpc/wallet_util.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "ocean/wallet/spend.h"

namespace ocean {
namespace {

WalletSpender& SpenderOf(const RPCContext& ctx) {
    if (!ctx.wallet_spender) throw RPCError(RPC_METHOD_NOT_FOUND, "Method not found (disabled)");
    return *ctx.wallet_spender;
}

[[noreturn]] void ThrowSpendError(const Error& e) {
    if (e.code == kErrInsufficientFunds) throw RPCError(RPC_WALLET_INSUFFICIENT_FUNDS, "Insufficient funds");
    if (e.code == "-13") throw RPCError(RPC_WALLET_UNLOCK_NEEDED, e.message);
    if (e.code == "-12") throw RPCError(RPC_WALLET_KEYPOOL_RAN_OUT, e.message);
    if (e.code == "rejected")
        throw RPCError(RPC_WALLET_ERROR, "Error: The transaction was rejected! Reason given: " + e.message);
    if (e.code == kErrInvalidAmount) throw RPCError(RPC_TYPE_ERROR, "Invalid amount for send");
    if (e.code == "no-token") throw RPCError(RPC_WALLET_ERROR, e.message);
    throw RPCError(RPC_WALLET_ERROR, e.message.empty() ? e.code : e.message);
}

Script DestinationScript(const RPCContext& ctx, const std::string& address) {
    auto dest = DecodeDestination(address, ctx.json.prefixes);
    if (!dest) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
    return GetScriptForDestination(*dest);
}

Amount SendAmount(const Json& v) {
    const Amount a = AmountFromValue(v);
    if (a <= 0) throw RPCError(RPC_TYPE_ERROR, "Invalid amount for send");
    return a;
}

std::string OptionalStr(const RPCRequest& r, size_t i) {
    return HasParam(r, i) ? GetStr(Param(r, i)) : std::string();
}

uint256 DefaultAsset(const RPCContext& ctx) {
    return ParseAssetSelector(ctx, "CBT");
}

Json TxidsResult(const SendResult& result) {
    if (result.txs.size() == 1) return result.txs[0]->GetTxid().ToHex();
    Json out = Json::array();
    for (const TransactionRef& tx : result.txs) out.push_back(tx->GetTxid().ToHex());
    return out;
}

Json SendToAddress(RPCContext& ctx, const RPCRequest& r) {
    Recipient rec;
    rec.script_pubkey = DestinationScript(ctx, GetStr(Param(r, 0)));
    rec.amount = SendAmount(Param(r, 1));
    const std::string comment = OptionalStr(r, 2);
    const std::string comment_to = OptionalStr(r, 3);
    rec.subtract_fee_from_amount = HasParam(r, 4) && GetBool(Param(r, 4));
    rec.asset = HasParam(r, 5) ? ParseAssetSelector(ctx, GetStr(Param(r, 5))) : DefaultAsset(ctx);
    auto sent = SpenderOf(ctx).Send({rec}, true, comment, comment_to);
    if (!sent) ThrowSpendError(sent.error());
    return TxidsResult(*sent);
}

Json SendMany(RPCContext& ctx, const RPCRequest& r) {
    const std::string account = GetStr(Param(r, 0));
    const Json& amounts = GetObject(Param(r, 1));
    const std::string comment = HasParam(r, 3) ? GetStr(Param(r, 3)) : "";
    std::set<std::string> subtract;
    if (HasParam(r, 4))
        for (const Json& a : GetArray(Param(r, 4))) subtract.insert(GetStr(a));
    std::map<std::string, uint256> assets;
    if (HasParam(r, 5)) {
        if (!account.empty()) throw RPCError(RPC_TYPE_ERROR, "Accounts can not be used with assets.");
        for (const auto& [address, sel] : GetObject(Param(r, 5)).items())
            assets[address] = ParseAssetSelector(ctx, GetStr(sel));
    }
    std::vector<Recipient> recipients;
    std::set<Bytes> seen;
    for (const auto& [address, value] : amounts.items()) {
        auto dest = DecodeDestination(address, ctx.json.prefixes);
        if (!dest) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + address);
        Recipient rec;
        rec.script_pubkey = GetScriptForDestination(*dest);
        if (!seen.insert(rec.script_pubkey.bytes()).second)
            throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + address);
        rec.amount = SendAmount(value);
        auto a = assets.find(address);
        rec.asset = a == assets.end() ? DefaultAsset(ctx) : a->second;
        rec.subtract_fee_from_amount = subtract.count(address) > 0;
        recipients.push_back(std::move(rec));
    }
    if (recipients.empty()) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, no recipients");
    auto sent = SpenderOf(ctx).Send(recipients, false, comment, "");
    if (!sent) ThrowSpendError(sent.error());
    return sent->txs.at(0)->GetTxid().ToHex();
}

BalanceOrder SortType(const Json& v) {
    const int t = GetInt(v);
    if (t != 1 && t != 2)
        throw RPCError(RPC_TYPE_ERROR, "Invalid balance sort type: use 1 (descending) or 2 (ascending)");
    return t == 1 ? BalanceOrder::kDescending : BalanceOrder::kAscending;
}

std::optional<Bytes> Metadata(const Json& v) {
    const std::string s = GetStr(v);
    if (s.empty()) return std::nullopt;
    if (!IsNonEmptyHex(s)) throw RPCError(RPC_TYPE_ERROR, "Metadata must be a hex string");
    return ParseHex(s).value();
}

Json SendAnyToAddress(RPCContext& ctx, const RPCRequest& r) {
    AnyAssetRequest req;
    req.destination = DestinationScript(ctx, GetStr(Param(r, 0)));
    req.amount = SendAmount(Param(r, 1));
    const std::string comment = OptionalStr(r, 2);
    const std::string comment_to = OptionalStr(r, 3);
    req.split_large_txs = HasParam(r, 5) && GetBool(Param(r, 5));
    if (HasParam(r, 6)) req.order = SortType(Param(r, 6));
    if (HasParam(r, 7)) req.metadata = Metadata(Param(r, 7));
    std::optional<Script> change;
    if (HasParam(r, 8)) change = DestinationScript(ctx, GetStr(Param(r, 8)));
    auto sent = SpenderOf(ctx).SendAny(std::move(req), true, change, comment, comment_to);
    if (!sent) ThrowSpendError(sent.error());
    return TxidsResult(*sent);
}

Json CreateAnyToAddress(RPCContext& ctx, const RPCRequest& r) {
    AnyAssetRequest req;
    req.destination = DestinationScript(ctx, GetStr(Param(r, 0)));
    req.amount = SendAmount(Param(r, 1));
    req.split_large_txs = HasParam(r, 3) && GetBool(Param(r, 3));
    if (HasParam(r, 4)) req.order = SortType(Param(r, 4));
    if (HasParam(r, 6)) req.metadata = Metadata(Param(r, 6));
    auto built = SpenderOf(ctx).SendAny(std::move(req), false, std::nullopt, "", "");
    if (!built) ThrowSpendError(built.error());
    Json out = Json::array();
    for (const TransactionRef& tx : built->txs) out.push_back(HexStr(EncodeTransaction(*tx)));
    return out;
}

Json SetTxFee(RPCContext& ctx, const RPCRequest& r) {
    SpenderOf(ctx).SetPayTxFee(AmountFromValue(Param(r, 0)));
    return true;
}

// fundrawtransaction (Core 0.14 with Elements' fee outputs, rpc.md §6.8): the options are checked before
// the transaction is decoded, as Core; every funding failure is -32603 with the wallet's reason.
Json FundRawTransaction(RPCContext& ctx, const RPCRequest& r) {
    RPCTypeCheckArgument(Param(r, 0), Json::value_t::string);
    FundOptions fo;
    int change_position = -1;
    Json subtract = Json::array();
    if (r.params.size() > 1) {
        const Json& o = r.params[1];
        if (o.is_boolean()) {
            fo.include_watching = o.get<bool>();  // the pre-0.14 form
        } else {
            RPCTypeCheckArgument(o, Json::value_t::object);
            RPCTypeCheckObj(o,
                            {{"changeAddress", Json::value_t::string},
                             {"changePosition", Json::value_t::number_integer},
                             {"feeRate", std::nullopt},
                             {"includeWatching", Json::value_t::boolean},
                             {"lockUnspents", Json::value_t::boolean},
                             {"reserveChangeKey", Json::value_t::boolean},
                             {"subtractFeeFromOutputs", Json::value_t::array}},
                            true, true);
            // Core's options.exists(): a null value is present (and fails its getter with -1).
            auto opt = [&o](const char* key) -> const Json* {
                auto it = o.find(key);
                return it == o.end() ? nullptr : &*it;
            };
            if (const Json* v = opt("changeAddress")) {
                auto dest = DecodeDestination(GetStr(*v), ctx.json.prefixes);
                if (!dest)
                    throw RPCError(RPC_INVALID_ADDRESS_OR_KEY,
                                   "changeAddress must be a valid bitcoin address");
                fo.change_script = GetScriptForDestination(*dest);
            }
            if (const Json* v = opt("changePosition")) change_position = GetInt(*v);
            if (const Json* v = opt("includeWatching")) fo.include_watching = GetBool(*v);
            if (const Json* v = opt("lockUnspents")) fo.lock_unspents = GetBool(*v);
            if (const Json* v = opt("reserveChangeKey")) fo.reserve_change_key = GetBool(*v);
            if (const Json* v = opt("feeRate")) fo.fee_rate = AmountFromValue(*v);
            if (const Json* v = opt("subtractFeeFromOutputs")) subtract = *v;
        }
    }
    const std::string hex = GetStr(Param(r, 0));
    std::optional<MutableTransaction> tx;
    if (auto raw = IsNonEmptyHex(hex) ? ParseHex(hex) : std::nullopt) {
        if (auto decoded = DecodeMutableTransaction(*raw)) tx = std::move(*decoded);
    }
    if (!tx) throw RPCError(RPC_DESERIALIZATION_ERROR, "TX decode failed");
    if (tx->vout.empty()) throw RPCError(RPC_INVALID_PARAMETER, "TX must have at least one output");
    // Elements disables the change position (change goes to random places, one output per asset); the
    // value is still checked as Core does.
    if (change_position != -1 &&
        (change_position < 0 || static_cast<size_t>(change_position) > tx->vout.size()))
        throw RPCError(RPC_INVALID_PARAMETER, "changePosition out of bounds");
    for (const Json& p : subtract) {
        const int pos = GetInt(p);
        if (fo.subtract_fee_from.count(static_cast<size_t>(pos)))
            throw RPCError(RPC_INVALID_PARAMETER,
                           "Invalid parameter, duplicated position: " + std::to_string(pos));
        if (pos < 0)
            throw RPCError(RPC_INVALID_PARAMETER,
                           "Invalid parameter, negative position: " + std::to_string(pos));
        if (static_cast<size_t>(pos) >= tx->vout.size())
            throw RPCError(RPC_INVALID_PARAMETER,
                           "Invalid parameter, position too large: " + std::to_string(pos));
        fo.subtract_fee_from.insert(static_cast<size_t>(pos));
    }
    auto funded = SpenderOf(ctx).Fund(*tx, fo);
    if (!funded) {
        const Error& e = funded.error();
        throw RPCError(RPC_INTERNAL_ERROR, e.message.empty() ? e.code : e.message);
    }
    Json out = Json::object();
    out["hex"] = HexStr(EncodeTransaction(funded->tx));
    out["fee"] = ValueFromAmount(funded->fee);
    return out;
}

Json IssuanceJson(const IssuanceResult& r, bool with_assets) {
    Json out = Json::object();
    out["txid"] = r.tx->GetTxid().ToHex();
    out["vin"] = r.vin;
    if (with_assets) {
        out["entropy"] = r.entropy.ToHex();
        out["asset"] = r.asset.ToHex();
        out["token"] = r.token.ToHex();
    }
    return out;
}

Json IssueAsset(RPCContext& ctx, const RPCRequest& r) {
    const Amount asset_amount = AmountFromValue(Param(r, 0));
    const Amount token_amount = AmountFromValue(Param(r, 1));
    if (asset_amount == 0 && token_amount == 0)
        throw RPCError(RPC_TYPE_ERROR, "Issuance must have one non-zero component");
    auto issued = SpenderOf(ctx).IssueAsset(asset_amount, token_amount);
    if (!issued) ThrowSpendError(issued.error());
    return IssuanceJson(*issued, true);
}

Json ReissueAsset(RPCContext& ctx, const RPCRequest& r) {
    const uint256 asset = ParseAssetSelector(ctx, GetStr(Param(r, 0)));
    const Amount amount = AmountFromValue(Param(r, 1));
    if (amount <= 0) throw RPCError(RPC_TYPE_ERROR, "Reissuance must create a non-zero amount.");
    auto issued = SpenderOf(ctx).ReissueAsset(asset, amount);
    if (!issued) ThrowSpendError(issued.error());
    return IssuanceJson(*issued, false);
}

Json DestroyAmount(RPCContext& ctx, const RPCRequest& r) {
    const uint256 asset = ParseAssetSelector(ctx, GetStr(Param(r, 0)));
    const Amount amount = SendAmount(Param(r, 1));
    auto tx = SpenderOf(ctx).DestroyAmount(asset, amount, OptionalStr(r, 2));
    if (!tx) ThrowSpendError(tx.error());
    return (*tx)->GetTxid().ToHex();
}

Json ListIssuances(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    std::optional<uint256> only;
    if (HasParam(r, 0)) only = ParseAssetSelector(ctx, GetStr(Param(r, 0)));
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    Json out = Json::array();
    for (const WalletTx* wtx : wallet.TxsInOrder()) {
        for (uint32_t i = 0; i < wtx->tx->vin.size(); ++i) {
            const TxIn& in = wtx->tx->vin[i];
            if (!in.HasIssuance()) continue;
            const bool reissuance = in.issuance.IsReissuance();
            const uint256 entropy = reissuance
                                        ? in.issuance.asset_entropy
                                        : ComputeIssuanceEntropy(in.prevout, in.issuance.asset_entropy);
            const uint256 asset = ComputeAssetId(entropy);
            if (only && asset != *only) continue;
            Json e = Json::object();
            e["txid"] = wtx->Txid().ToHex();
            e["entropy"] = entropy.ToHex();
            e["asset"] = asset.ToHex();
            if (const std::string* label = ctx.json.LabelFor(asset)) e["assetlabel"] = *label;
            e["token"] = ComputeReissuanceToken(entropy, false).ToHex();
            e["vin"] = i;
            e["assetamount"] =
                ValueFromAmount(in.issuance.amount.IsExplicit() ? in.issuance.amount.GetAmount()
                                : in.issuance.amount.IsNull()   ? 0
                                                                : -1 * 100'000'000);
            e["tokenamount"] = ValueFromAmount(in.issuance.inflation_keys.IsExplicit()
                                                   ? in.issuance.inflation_keys.GetAmount()
                                               : in.issuance.inflation_keys.IsNull() ? 0
                                                                                     : -1 * 100'000'000);
            e["isreissuance"] = reissuance;
            e["assetblinds"] = std::string(64, '0');
            if (!reissuance) e["tokenblinds"] = std::string(64, '0');
            out.push_back(std::move(e));
        }
    }
    return out;
}

Json ResendWalletTransactions(RPCContext& ctx, const RPCRequest&) {
    Json out = Json::array();
    for (const uint256& txid : SpenderOf(ctx).ReacceptWalletTransactions(true)) out.push_back(txid.ToHex());
    return out;
}

}  // namespace

void RegisterWalletSendRPCs(RPCTable& table, RPCContext& ctx) {
    auto add = [&](std::string category, std::string name, std::vector<std::string> params, size_t min,
                   size_t max, std::string help, WalletRpcFn fn) {
        AddWalletCommand(table, ctx, std::move(category), std::move(name), std::move(params), min, max,
                         std::move(help), fn);
    };
    add("wallet", "sendtoaddress", {"address", "amount", "comment", "comment_to", "subtractfeefromamount"}, 2,
        8,
        "sendtoaddress \"address\" amount ( \"comment\" \"comment_to\" subtractfeefromamount \"asset\" "
        "ignoreblindfail )\n\nSends an amount of an asset (default CBT) to an address; returns the txid, or "
        "an array of txids when the payment was split.",
        SendToAddress);
    add("wallet", "sendmany", {"fromaccount", "amounts", "minconf", "comment", "subtractfeefrom"}, 2, 6,
        "sendmany \"fromaccount\" {\"address\":amount,...} ( minconf \"comment\" [\"address\",...] "
        "{\"address\":\"asset\",...} )\n\nSends to several addresses in one transaction.",
        SendMany);
    add("wallet", "sendanytoaddress",
        {"address", "amount", "comment", "comment_to", "ignoreblindfail", "splitlargetxs", "balanceSortType",
         "metadata"},
        2, 9,
        "sendanytoaddress \"address\" amount ( \"comment\" \"comment_to\" ignoreblindfail splitlargetxs "
        "balanceSortType \"metadata\" \"changeaddress\" )\n\nPays an amount with any mix of non-policy "
        "assets.",
        SendAnyToAddress);
    add("wallet", "createanytoaddress",
        {"address", "amount", "ignoreblindfail", "splitlargetxs", "balancesorttype", "allowwatchonly",
         "metadata"},
        2, 7,
        "createanytoaddress \"address\" amount ( ignoreblindfail splitlargetxs balancesorttype "
        "allowwatchonly "
        "\"metadata\" )\n\nSigned transactions paying an amount with any mix of non-policy assets (not "
        "sent).",
        CreateAnyToAddress);
    add("wallet", "settxfee", {"amount"}, 1, 1,
        "settxfee amount\n\nSets the fee rate per kB (0: the fallback fee).", SetTxFee);
    add("rawtransactions", "fundrawtransaction", {"hexstring", "options"}, 1, 2,
        "fundrawtransaction \"hexstring\" ( options )\n\nAdds wallet inputs, change per asset and the fee "
        "output to a transaction so that it pays its outputs. Its inputs stay (wallet, mempool or UTXO "
        "coins; sign them afterwards), fee outputs are recomputed.\nOptions: changeAddress, changePosition "
        "(disabled), includeWatching, lockUnspents, reserveChangeKey, feeRate, subtractFeeFromOutputs; a "
        "boolean means includeWatching.\nResult: {\"hex\", \"fee\"}",
        FundRawTransaction);
    add("wallet", "issueasset", {"assetamount", "tokenamount", "blind"}, 2, 3,
        "issueasset assetamount tokenamount ( blind )\n\nIssues a new asset and its reissuance token.",
        IssueAsset);
    add("wallet", "reissueasset", {"asset", "assetamount"}, 2, 2,
        "reissueasset \"asset\" assetamount\n\nCreates more of an asset whose reissuance token the wallet "
        "holds.",
        ReissueAsset);
    add("wallet", "destroyamount", {"asset", "amount", "comment"}, 2, 3,
        "destroyamount \"asset\" amount ( \"comment\" )\n\nBurns an amount of an asset (OP_RETURN output).",
        DestroyAmount);
    add("wallet", "listissuances", {"asset"}, 0, 1, "listissuances ( \"asset\" )\n\nThe wallet's issuances.",
        ListIssuances);
    add("hidden", "resendwallettransactions", {}, 0, 0,
        "resendwallettransactions\n\nSubmits and relays the wallet's unconfirmed transactions again.",
        ResendWalletTransactions);
}

}  // namespace ocean
