#include "ocean/core_io/tx_json.h"

#include "ocean/crypto/hash.h"
#include "ocean/primitives/asset.h"
#include "ocean/primitives/rangeproof_info.h"
#include "ocean/script/asm.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Json StackToJson(const std::vector<Bytes>& stack) {
    Json a = Json::array();
    for (const Bytes& item : stack) a.push_back(HexStr(item));
    return a;
}

Json IssuanceToJson(const TxIn& in, const JsonContext& ctx) {
    const AssetIssuance& is = in.issuance;
    Json j = Json::object();
    j["assetBlindingNonce"] = is.asset_blinding_nonce.ToHex();
    const uint256 entropy =
        is.IsReissuance() ? is.asset_entropy : ComputeIssuanceEntropy(in.prevout, is.asset_entropy);
    j["assetEntropy"] = entropy.ToHex();
    j["isreissuance"] = is.IsReissuance();
    if (!is.IsReissuance()) j["token"] = ComputeReissuanceToken(entropy, is.amount.IsCommitment()).ToHex();
    const uint256 asset = ComputeAssetId(entropy);
    j["asset"] = asset.ToHex();
    if (is.amount.IsExplicit()) {
        j["assetamount"] = AmountToJson(is.amount.GetAmount());
    } else if (is.amount.IsCommitment()) {
        j["assetamountcommitment"] = HexStr(is.amount.span());
    }
    if (is.inflation_keys.IsExplicit()) {
        j["tokenamount"] = AmountToJson(is.inflation_keys.GetAmount());
    } else if (is.inflation_keys.IsCommitment()) {
        j["tokenamountcommitment"] = HexStr(is.inflation_keys.span());
    }
    if (const std::string* label = ctx.LabelFor(asset)) j["assetlabel"] = *label;
    return j;
}

Json InputToJson(const TxIn& in, bool tx_has_witness, const JsonContext& ctx) {
    Json j = Json::object();
    const bool coinbase = in.prevout.IsNull();
    if (coinbase) {
        j["coinbase"] = HexStr(in.script_sig);
    } else {
        j["txid"] = in.prevout.hash.ToHex();
        j["vout"] = in.prevout.n;
        j["scriptSig"] =
            Json{{"asm", ScriptToAsm(Script(in.script_sig), true)}, {"hex", HexStr(in.script_sig)}};
        j["is_pegin"] = in.is_pegin;
    }
    if (tx_has_witness) {
        j["scriptWitness"] = StackToJson(in.witness.script_witness);
        j["pegin_witness"] = StackToJson(in.witness.pegin_witness);
    }
    if (!coinbase && in.HasIssuance()) j["issuance"] = IssuanceToJson(in, ctx);
    j["sequence"] = in.sequence;
    return j;
}

Json OutputToJson(const TxOut& out, size_t n, const JsonContext& ctx) {
    Json j = Json::object();
    if (out.value.IsExplicit()) {
        j["value"] = AmountToJson(out.value.GetAmount());
    } else {
        if (auto info = ParseRangeProofInfo(out.witness.range_proof)) {
            if (info->exponent == -1) {
                j["value"] = AmountToJson(static_cast<Amount>(info->min_value));
            } else {
                j["value-minimum"] = AmountToJson(static_cast<Amount>(info->min_value));
                j["value-maximum"] = AmountToJson(static_cast<Amount>(info->max_value));
            }
            j["ct-exponent"] = info->exponent;
            j["ct-bits"] = info->mantissa;
        }
        j["amountcommitment"] = HexStr(out.value.span());
    }
    if (out.asset.IsExplicit()) {
        const uint256 asset = out.asset.GetAsset();
        j["asset"] = asset.ToHex();
        if (const std::string* label = ctx.LabelFor(asset)) j["assetlabel"] = *label;
    } else if (out.asset.IsCommitment()) {
        j["assetcommitment"] = HexStr(out.asset.span());
    }
    j["n"] = n;
    j["scriptPubKey"] = ScriptPubKeyToJson(Script(out.script_pubkey), true, ctx);
    return j;
}

void AddDestinations(Json& j, const Script& script, const JsonContext& ctx) {
    const ScriptDestinations d = ExtractDestinations(script);
    if (!d.has_addresses()) {
        j["type"] = std::string(GetTxoutTypeName(d.type));
        return;
    }
    j["reqSigs"] = d.required;
    j["type"] = std::string(GetTxoutTypeName(d.type));
    Json a = Json::array();
    for (const Destination& dest : d.addresses) a.push_back(EncodeDestination(dest, ctx.prefixes));
    j["addresses"] = std::move(a);
}

}  // namespace

Json ScriptPubKeyToJson(const Script& script, bool include_hex, const JsonContext& ctx) {
    Json j = Json::object();
    j["asm"] = ScriptToAsm(script, false);
    if (include_hex) j["hex"] = HexStr(script.bytes());
    AddDestinations(j, script, ctx);
    return j;
}

Json TxToJson(const Transaction& tx, const JsonContext& ctx) {
    Json j = Json::object();
    j["txid"] = tx.GetTxid().ToHex();
    j["hash"] = tx.GetHashWithWitness().ToHex();
    j["withash"] = tx.ComputeWitnessHash().ToHex();
    j["size"] = tx.GetTotalSize();
    j["vsize"] = tx.GetVirtualSize();
    j["version"] = tx.version;
    j["locktime"] = tx.lock_time;
    Json vin = Json::array();
    for (const TxIn& in : tx.vin) vin.push_back(InputToJson(in, tx.HasWitness(), ctx));
    j["vin"] = std::move(vin);
    Json vout = Json::array();
    for (size_t n = 0; n < tx.vout.size(); ++n) vout.push_back(OutputToJson(tx.vout[n], n, ctx));
    j["vout"] = std::move(vout);
    return j;
}

Json DecodeScriptToJson(const Script& script, const JsonContext& ctx) {
    Json j = ScriptPubKeyToJson(script, false, ctx);
    if (!script.IsPayToScriptHash()) {
        j["p2sh"] = EncodeDestination(ScriptHash::FromScript(script), ctx.prefixes);
    }
    return j;
}

}  // namespace ocean
