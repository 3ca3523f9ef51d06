// Ocean's unsigned issuance and burn builders (rpc.md §6.12, policy.md §15): createrawissuance,
// createrawreissuance and createrawburn. They need no wallet: each builds a one-input transaction
// from the outpoint and amounts given, for signrawtransaction to sign. Numeric parameters that Ocean
// reads as strings are converted like C's atoi (leading digits, 0 when there are none).
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/primitives/asset.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

// C atoi: optional leading whitespace and sign, then decimal digits up to the first other character;
// saturates instead of overflowing.
int AtoiLike(const std::string& s) {
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    long long v = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        v = v * 10 + (s[i] - '0');
        if (v > INT_MAX) {
            v = static_cast<long long>(INT_MAX) + 1;
            break;
        }
    }
    if (negative) v = -v;
    if (v > INT_MAX) return INT_MAX;
    if (v < INT_MIN) return INT_MIN;
    return static_cast<int>(v);
}

// UniValue's getValStr: the text of a string or a number, "" otherwise.
std::string ValStr(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    return "";
}

uint32_t OutputIndex(int n) {
    if (n < 0) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, vout must be positive");
    return static_cast<uint32_t>(n);
}

Script AddressScript(const RPCContext& ctx, const Json& v) {
    auto decoded = DecodeAddress(GetStr(v), ctx.json.prefixes);
    if (!decoded) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
    return GetScriptForDestination(decoded->destination);
}

TxIn InputFor(const OutPoint& prevout) {
    TxIn in;
    in.prevout = prevout;
    in.sequence = kSequenceFinal;
    return in;
}

// The asset of the change of an issuance: the explicit asset of the spent output when the node knows
// it (mempool or UTXO set), else the ISSUANCE policy asset in force, else the pegged asset.
uint256 ChangeAsset(const RPCContext& ctx, const OutPoint& prevout) {
    if (!ctx.chainstate) return ctx.params ? ctx.params->pegged_asset : uint256();
    Chainstate& chain = *ctx.chainstate;
    std::lock_guard lock(chain.mutex());
    std::optional<Coin> coin;
    if (ctx.mempool) coin = ctx.mempool->GetOutputCoin(prevout);
    if (!coin) coin = chain.GetCoin(prevout);
    if (coin && !coin->IsSpent() && coin->out.asset.IsExplicit()) return coin->out.asset.GetAsset();
    if (ctx.params) {
        const int height = chain.Height();
        if (auto asset = ctx.params->PolicyAssetAt(PolicyAssetKind::kIssuance,
                                                   static_cast<uint32_t>(std::max(height, 0) + 1))) {
            return *asset;
        }
        return ctx.params->pegged_asset;
    }
    return uint256();
}

Json CreateRawIssuance(RPCContext& ctx, const RPCRequest& r) {
    const Script asset_script = AddressScript(ctx, Param(r, 0));
    const Amount asset_amount = AmountFromValue(Param(r, 1));
    const Script token_script = AddressScript(ctx, Param(r, 2));
    const Amount token_amount = AmountFromValue(Param(r, 3));
    const Script change_script = AddressScript(ctx, Param(r, 4));
    const Amount change_amount = AmountFromValue(Param(r, 5));
    const int num_change = AtoiLike(GetStr(Param(r, 6)));
    const uint256 txid = ParseHashLenient(Param(r, 7));
    const OutPoint prevout(txid, OutputIndex(AtoiLike(GetStr(Param(r, 8)))));
    if (num_change < 1 && change_amount > 0) {
        throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, numchange must be positive");
    }

    const uint256 entropy = ComputeIssuanceEntropy(prevout, uint256());
    const uint256 asset = ComputeAssetId(entropy);
    const uint256 token = ComputeReissuanceToken(entropy, /*amount_blinded=*/false);

    MutableTransaction tx;
    tx.vin.push_back(InputFor(prevout));
    tx.vin[0].issuance.amount = ConfidentialValue(asset_amount);
    tx.vin[0].issuance.inflation_keys = ConfidentialValue(token_amount);
    tx.vout.push_back(MakeExplicitTxOut(asset, asset_amount, asset_script.bytes()));
    tx.vout.push_back(MakeExplicitTxOut(token, token_amount, token_script.bytes()));
    if (num_change > 0) {
        // The change is split evenly; the last output also takes the remainder.
        const uint256 change_asset = ChangeAsset(ctx, prevout);
        const Amount each = change_amount / num_change;
        for (int i = 0; i < num_change; ++i) {
            const Amount value = i + 1 == num_change ? change_amount - each * (num_change - 1) : each;
            tx.vout.push_back(MakeExplicitTxOut(change_asset, value, change_script.bytes()));
        }
    }

    Json result = Json::object();
    result["rawtx"] = HexStr(EncodeTransaction(tx));
    result["vin"] = 0;
    result["entropy"] = entropy.ToHex();
    result["asset"] = asset.ToHex();
    result["token"] = token.ToHex();
    return result;
}

Json CreateRawReissuance(RPCContext& ctx, const RPCRequest& r) {
    const Script asset_script = AddressScript(ctx, Param(r, 0));
    const Amount asset_amount = AmountFromValue(Param(r, 1));
    const Script token_script = AddressScript(ctx, Param(r, 2));
    const Amount token_amount = AmountFromValue(Param(r, 3));
    const uint256 txid = ParseHashLenient(Param(r, 4));
    const OutPoint prevout(txid, OutputIndex(AtoiLike(GetStr(Param(r, 5)))));
    const uint256 entropy = ParseHashLenient(Param(r, 6));

    const uint256 asset = ComputeAssetId(entropy);
    const uint256 token = ComputeReissuanceToken(entropy, /*amount_blinded=*/false);

    // An unblinded reissuance (nonce 32 × 0xff, consensus.md §6.4) spending the token, which goes back
    // to token_address.
    MutableTransaction tx;
    tx.vin.push_back(InputFor(prevout));
    AssetIssuance& issuance = tx.vin[0].issuance;
    issuance.asset_blinding_nonce = uint256(Bytes(32, 0xff));
    issuance.asset_entropy = entropy;
    issuance.amount = ConfidentialValue(asset_amount);
    tx.vout.push_back(MakeExplicitTxOut(asset, asset_amount, asset_script.bytes()));
    tx.vout.push_back(MakeExplicitTxOut(token, token_amount, token_script.bytes()));

    Json result = Json::object();
    result["hex"] = HexStr(EncodeTransaction(tx));
    result["asset"] = asset.ToHex();
    result["token"] = token.ToHex();
    return result;
}

Json CreateRawBurn(RPCContext&, const RPCRequest& r) {
    const uint256 txid = ParseHashLenient(Param(r, 0));
    const OutPoint prevout(txid, OutputIndex(AtoiLike(ValStr(Param(r, 1)))));
    const uint256 asset = ParseHashLenient(Param(r, 2));
    const Amount amount = AmountFromValue(Param(r, 3));
    MutableTransaction tx;
    tx.vin.push_back(InputFor(prevout));
    tx.vout.push_back(MakeExplicitTxOut(asset, amount, (Script() << OP_RETURN).bytes()));
    Json result = Json::object();
    result["hex"] = HexStr(EncodeTransaction(tx));
    return result;
}

const std::string kCreateRawIssuanceHelp =
    "createrawissuance assetaddress assetamount tokenaddress tokenamount changeaddress changeamount "
    "numchange "
    "inputtxid vout\n"
    "\nCreate an unsigned raw transaction issuing a new asset and its reissuance token, spending an output\n"
    "of the ISSUANCE asset and returning its value as change.\n"
    "\nArguments:\n"
    "1. \"assetaddress\"   (string, required) Address the issued asset is sent to\n"
    "2. \"assetamount\"    (numeric or string, required) Amount of the asset to issue\n"
    "3. \"tokenaddress\"   (string, required) Address the reissuance tokens are sent to\n"
    "4. \"tokenamount\"    (numeric or string, required) Amount of reissuance tokens\n"
    "5. \"changeaddress\"  (string, required) Address of the change\n"
    "6. \"changeamount\"   (numeric or string, required) Total change (the value of the spent output)\n"
    "7. \"numchange\"      (string, required) Number of change outputs the change is split into\n"
    "8. \"inputtxid\"      (string, required) Transaction id of the spent output\n"
    "9. \"vout\"           (string, required) Output index of the spent output\n"
    "\nResult:\n"
    "{\n"
    "  \"rawtx\":\"<rawtx>\",     (string) Raw transaction hex\n"
    "  \"vin\":n,                (numeric) The input carrying the issuance (0)\n"
    "  \"entropy\":\"<entropy>\", (string) Entropy of the asset\n"
    "  \"asset\":\"<asset>\",     (string) The issued asset id\n"
    "  \"token\":\"<token>\"      (string) The reissuance token id\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("createrawissuance", "\"address\" 100 \"address\" 1 \"address\" 10 \"1\" \"txid\" \"0\"");

const std::string kCreateRawReissuanceHelp =
    "createrawreissuance assetaddress assetamount tokenaddress tokenamount inputtxid vout entropy\n"
    "\nCreate an unsigned raw transaction reissuing an asset, spending its reissuance token output and\n"
    "sending the token back.\n"
    "\nArguments:\n"
    "1. \"assetaddress\"   (string, required) Address the reissued asset is sent to\n"
    "2. \"assetamount\"    (numeric or string, required) Amount to reissue\n"
    "3. \"tokenaddress\"   (string, required) Address the token is returned to\n"
    "4. \"tokenamount\"    (numeric or string, required) Token amount (the value of the spent token output)\n"
    "5. \"inputtxid\"      (string, required) Transaction id of the token output\n"
    "6. \"vout\"           (string, required) Output index of the token output\n"
    "7. \"entropy\"        (string, required) Entropy of the asset\n"
    "\nResult:\n"
    "{\n"
    "  \"hex\":\"<rawtx>\",    (string) Raw transaction hex\n"
    "  \"asset\":\"<asset>\",  (string) The asset id\n"
    "  \"token\":\"<token>\"   (string) The token id\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("createrawreissuance", "\"address\" 10 \"address\" 1 \"txid\" \"1\" \"entropy\"");

// Ocean's help header names createrawissuance here (policy.md §15); the text below is correct.
const std::string kCreateRawBurnHelp =
    "createrawissuance \"txid\" vout \"asset\" amount\n"
    "\nCreate an unsigned raw transaction burning (sending to OP_RETURN) an amount of an asset, spending\n"
    "one output and paying no fee.\n"
    "\nArguments:\n"
    "1. \"txid\"    (string, required) Transaction id of the spent output\n"
    "2. \"vout\"    (numeric or string, required) Output index of the spent output\n"
    "3. \"asset\"   (string, required) Asset id to burn\n"
    "4. \"amount\"  (numeric or string, required) Amount to burn\n"
    "\nResult:\n"
    "{\n"
    "  \"hex\":\"<rawtx>\"  (string) Raw transaction hex\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("createrawburn", "\"txid\" \"0\" \"asset\" 10");

}  // namespace

void RegisterRawIssuanceRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"wallet",
               "createrawissuance",
               {"assetaddress", "assetamount", "tokenaddress", "tokenamount", "changeaddress", "changeamount",
                "numchange", "inputtxid", "vout"},
               9,
               9,
               kCreateRawIssuanceHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateRawIssuance(ctx, r); }});
    table.Add({"wallet",
               "createrawreissuance",
               {"assetaddress", "assetamount", "tokenaddress", "tokenamount", "inputtxid", "vout", "asset",
                "entropy", "token"},
               7,
               7,
               kCreateRawReissuanceHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateRawReissuance(ctx, r); }});
    table.Add({"wallet",
               "createrawburn",
               {"txid", "vout", "asset", "amount"},
               4,
               4,
               kCreateRawBurnHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateRawBurn(ctx, r); }});
}

}  // namespace ocean
