// The util category (rpc.md §6.9) and the hidden echo commands (§6.13): address validation, multisig
// and blinded addresses, signed messages, and the fee/priority estimates.
//
// validateaddress adds the wallet's view (ismine, iswatchonly, pubkey, iscompressed, account, timestamp,
// hdkeypath, hdmasterkeyid and Ocean's derivedpubkey) when the node has a wallet; with -disablewallet
// it reports ismine/iswatchonly false and no key details. createmultisig accepts only hex public keys. There
// is no fee estimator either; the estimate calls give Ocean's answers for an estimator that has seen no
// transactions (Bitcoin Core 0.14 logic).
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/message_signing.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/script/address.h"
#include "ocean/script/script.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "ocean/wallet/key_store.h"

namespace ocean {
namespace {

// Bitcoin Core 0.14's fee estimator tracks confirmation targets up to this many blocks.
constexpr int kMaxBlockConfirms = 25;

Json ValidateAddress(const RPCContext& ctx, const RPCRequest& r) {
    const std::string text = GetStr(Param(r, 0));
    auto decoded = DecodeAddress(text, ctx.json.prefixes);
    Json ret = Json::object();
    ret["isvalid"] = decoded.ok();
    if (!decoded) return ret;
    const Destination& dest = decoded->destination;
    ret["address"] = text;
    ret["scriptPubKey"] = HexStr(GetScriptForDestination(dest).bytes());
    if (decoded->is_blinded()) {
        ret["confidential_key"] = HexStr(*decoded->blinding_pubkey);
        ret["unconfidential"] = EncodeDestination(dest, ctx.json.prefixes);
    } else {
        ret["confidential_key"] = "";
        ret["unconfidential"] = text;
    }
    // Without a wallet (-disablewallet) nothing is ours and only the kind is known.
    const WalletKeyStore* keys = ctx.wallet_keys;
    const Script script_pubkey = GetScriptForDestination(dest);
    const IsMineType mine = keys ? keys->IsMine(script_pubkey) : IsMineType::kNo;
    ret["ismine"] = mine == IsMineType::kSpendable;
    ret["iswatchonly"] = mine == IsMineType::kWatchOnly;
    ret["isscript"] = std::holds_alternative<ScriptHash>(dest);
    if (!keys) return ret;
    // Core 0.14's DescribeAddressVisitor with the wallet, then the address book and key metadata.
    std::optional<KeyMetadata> meta;
    if (const auto* id = std::get_if<PKHash>(&dest)) {
        if (auto pub = keys->GetPubKey(uint160(*id))) {
            ret["pubkey"] = HexStr(pub->span());
            ret["iscompressed"] = pub->IsCompressed();
        }
        meta = keys->GetKeyMetadata(uint160(*id));
    } else if (const auto* sh = std::get_if<ScriptHash>(&dest)) {
        if (auto redeem = keys->GetScript(uint160(*sh))) {
            const SolvedScript solved = Solve(*redeem);
            ret["script"] = std::string(GetTxoutTypeName(solved.type));
            ret["hex"] = HexStr(redeem->bytes());
            Json addresses = Json::array();
            const ScriptDestinations dests = ExtractDestinations(*redeem);
            for (const Destination& d : dests.addresses)
                addresses.push_back(EncodeDestination(d, ctx.json.prefixes));
            ret["addresses"] = std::move(addresses);
            if (solved.type == TxoutType::kMultisig) ret["sigsrequired"] = dests.required;
        }
    }
    if (auto label = keys->GetLabel(script_pubkey)) ret["account"] = *label;
    if (meta) {
        ret["timestamp"] = meta->create_time;
        if (!meta->hd_path.empty()) {
            ret["hdkeypath"] = meta->hd_path;
            ret["hdmasterkeyid"] = meta->hd_master_key_id.ToHex();
        }
        // Ocean: the untweaked key the address's key was derived from.
        if (meta->derived_pubkey) ret["derivedpubkey"] = HexStr(meta->derived_pubkey->span());
    }
    return ret;
}

// The redeem script of createmultisig (plain runtime errors, so -1, as in Ocean).
Script MultisigRedeemScript(const RPCRequest& r) {
    const int required = GetInt(Param(r, 0));
    const Json& keys = GetArray(Param(r, 1));
    CheckMultisigArgs(required, keys.size());
    std::vector<Bytes> pubkeys;
    for (const Json& k : keys) {
        const std::string ks = GetStr(k);
        // Without a wallet an address cannot be resolved to its key: like any non-hex text it is
        // rejected as an invalid public key (Ocean's answer with -disablewallet).
        if (!IsNonEmptyHex(ks)) throw RPCError(RPC_MISC_ERROR, " Invalid public key: " + ks);
        const PubKey pub(*ParseHex(ks));
        if (!pub.IsFullyValid()) throw RPCError(RPC_MISC_ERROR, " Invalid public key: " + ks);
        pubkeys.push_back(pub.ToBytes());
    }
    Script script = GetScriptForMultisig(required, pubkeys);
    if (script.size() > kMaxScriptElementSize) {
        throw RPCError(RPC_MISC_ERROR, "redeemScript exceeds size limit: " + std::to_string(script.size()) +
                                           " > " + std::to_string(kMaxScriptElementSize));
    }
    return script;
}

Json CreateMultisig(const RPCContext& ctx, const RPCRequest& r) {
    const Script script = MultisigRedeemScript(r);
    Json ret = Json::object();
    ret["address"] = EncodeDestination(ScriptHash::FromScript(script), ctx.json.prefixes);
    ret["redeemScript"] = HexStr(script.bytes());
    return ret;
}

Json CreateBlindedAddress(const RPCContext& ctx, const RPCRequest& r) {
    const std::string text = GetStr(Param(r, 0));
    auto decoded = DecodeAddress(text, ctx.json.prefixes);
    if (!decoded) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address or script");
    if (decoded->is_blinded()) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Not an unblinded address");
    const std::string key_hex = GetStr(Param(r, 1));
    if (!IsNonEmptyHex(key_hex)) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid hexadecimal for key");
    const Bytes key = *ParseHex(key_hex);
    if (key.size() != PubKey::kCompressedSize) {
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid hexadecimal key length, must be length 66.");
    }
    const std::string blinded = EncodeBlindedAddress(decoded->destination, key, ctx.json.prefixes);
    // A 33-byte key whose first byte is not 02/03 is no public key; Ocean would encode an unusable
    // address from it, this node refuses it.
    if (blinded.empty()) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid blinding key");
    return blinded;
}

Json VerifyMessage(const RPCContext& ctx, const RPCRequest& r) {
    const std::string address = GetStr(Param(r, 0));
    const std::string signature = GetStr(Param(r, 1));
    const std::string message = GetStr(Param(r, 2));
    auto decoded = DecodeAddress(address, ctx.json.prefixes);
    if (!decoded) throw RPCError(RPC_TYPE_ERROR, "Invalid address");
    const PKHash* key_id = std::get_if<PKHash>(&decoded->destination);
    if (!key_id) throw RPCError(RPC_TYPE_ERROR, "Address does not refer to key");
    auto pub = RecoverPubKey(signature, message);
    if (!pub) {
        if (pub.error().code == "malformed-base64") {
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Malformed base64 encoding");
        }
        return false;
    }
    return pub->GetID() == static_cast<const uint160&>(*key_id);
}

Json SignMessageWithPrivKey(const RPCContext& ctx, const RPCRequest& r) {
    const std::string wif = GetStr(Param(r, 0));
    const std::string message = GetStr(Param(r, 1));
    // CBitcoinSecret: base58check of SECRET_KEY ‖ 32 bytes ‖ optional 0x01 (compressed).
    auto payload = DecodeBase58Check(wif, wif.size());
    const bool well_formed = payload &&
                             (payload->size() == 33 || (payload->size() == 34 && (*payload)[33] == 1)) &&
                             (*payload)[0] == ctx.json.prefixes.secret_key;
    if (!well_formed) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid private key");
    auto key = Key::FromBytes(ByteSpan(payload->data() + 1, 32), payload->size() == 34);
    if (!key) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Private key outside allowed range");
    auto sig = SignMessage(*key, message);
    if (!sig) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Sign failed");
    return *sig;
}

// nblocks of the estimate calls: a number (-3 otherwise), read as an int.
int EstimateTarget(const RPCRequest& r) {
    RPCTypeCheckArgument(Param(r, 0), Json::value_t::number_integer);
    return GetInt(Param(r, 0));
}

// ---- help texts ----

const std::string kValidateAddressHelp =
    "validateaddress \"address\"\n"
    "\nReturns information about the given address.\n"
    "\nArguments:\n"
    "1. \"address\"     (string, required) The address to validate\n"
    "\nResult:\n"
    "{\n"
    "  \"isvalid\" : true|false,       (boolean) If the address is valid or not. If not, this is the only "
    "property "
    "returned.\n"
    "  \"address\" : \"address\",        (string) The address validated\n"
    "  \"scriptPubKey\" : \"hex\",       (string) The hex encoded scriptPubKey generated by the address\n"
    "  \"confidential_key\" : \"hex\",   (string) The blinding public key of a confidential address, else "
    "\"\"\n"
    "  \"unconfidential\" : \"address\", (string) The address without its blinding key\n"
    "  \"ismine\" : true|false,        (boolean) If the address is yours or not\n"
    "  \"iswatchonly\" : true|false,   (boolean) If the address is watchonly\n"
    "  \"isscript\" : true|false       (boolean) If the address pays to a script\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("validateaddress", "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\"") +
    HelpExampleRpc("validateaddress", "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\"");

const std::string kCreateMultisigHelp =
    "createmultisig nrequired [\"key\",...]\n"
    "\nCreates a P2SH multi-signature address requiring nrequired of the given keys.\n"
    "Returns a json object with the address and the redeem script.\n"
    "\nArguments:\n"
    "1. nrequired      (numeric, required) The number of required signatures out of the n keys.\n"
    "2. \"keys\"         (string, required) A json array of hex-encoded public keys\n"
    "     [\n"
    "       \"key\"      (string) hex-encoded public key\n"
    "       ,...\n"
    "     ]\n"
    "\nResult:\n"
    "{\n"
    "  \"address\":\"multisigaddress\",  (string) The value of the new multisig address.\n"
    "  \"redeemScript\":\"script\"       (string) The string value of the hex-encoded redemption script.\n"
    "}\n"
    "\nExamples:\n"
    "\nCreate a 2-of-2 multisig address\n" +
    HelpExampleCli("createmultisig",
                   "2 \"[\\\"03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd\\\","
                   "\\\"03dbc6764b8884a92e871274b87583e6d5c2a58819473e17e107ef3f6aa5a61626\\\"]\"") +
    "\nAs a json rpc call\n" +
    HelpExampleRpc("createmultisig",
                   "2, \"[\\\"03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd\\\","
                   "\\\"03dbc6764b8884a92e871274b87583e6d5c2a58819473e17e107ef3f6aa5a61626\\\"]\"");

const std::string kCreateBlindedAddressHelp =
    "createblindedaddress \"address\" \"key\"\n"
    "\nCreates a confidential (blinded) address from an unblinded address and a blinding public key.\n"
    "\nArguments:\n"
    "1. \"address\"        (string, required) The unblinded address to be blinded.\n"
    "2. \"key\"            (string, required) The blinding public key (66 hex characters).\n"
    "\nResult:\n"
    "\"blinded_address\"   (string) The blinded address.\n"
    "\nExamples:\n" +
    HelpExampleCli("createblindedaddress",
                   "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\" "
                   "\"03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd\"") +
    HelpExampleRpc("createblindedaddress",
                   "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\", "
                   "\"03789ed0bb717d88f7d321a368d905e7430207ebbd82bd342cf11ae157a7ace5fd\"");

const std::string kVerifyMessageHelp =
    "verifymessage \"address\" \"signature\" \"message\"\n"
    "\nVerifies a signed message.\n"
    "\nArguments:\n"
    "1. \"address\"         (string, required) The address of the key that signed the message.\n"
    "2. \"signature\"       (string, required) The signature in base 64 encoding (see "
    "signmessagewithprivkey).\n"
    "3. \"message\"         (string, required) The message that was signed.\n"
    "\nResult:\n"
    "true|false   (boolean) If the signature is verified or not.\n"
    "\nExamples:\n"
    "\nCreate the signature\n" +
    HelpExampleCli("signmessagewithprivkey", "\"privkey\" \"my message\"") + "\nVerify the signature\n" +
    HelpExampleCli("verifymessage", "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\" \"signature\" \"my message\"") +
    "\nAs json rpc\n" +
    HelpExampleRpc("verifymessage", "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\", \"signature\", \"my message\"");

const std::string kSignMessageWithPrivKeyHelp =
    "signmessagewithprivkey \"privkey\" \"message\"\n"
    "\nSigns a message with a private key.\n"
    "\nArguments:\n"
    "1. \"privkey\"         (string, required) The private key to sign the message with (WIF).\n"
    "2. \"message\"         (string, required) The message to create a signature of.\n"
    "\nResult:\n"
    "\"signature\"          (string) The signature of the message encoded in base 64\n"
    "\nExamples:\n"
    "\nCreate the signature\n" +
    HelpExampleCli("signmessagewithprivkey", "\"privkey\" \"my message\"") + "\nVerify the signature\n" +
    HelpExampleCli("verifymessage", "\"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6\" \"signature\" \"my message\"") +
    "\nAs json rpc\n" + HelpExampleRpc("signmessagewithprivkey", "\"privkey\", \"my message\"");

const std::string kEstimateFeeHelp =
    "estimatefee nblocks\n"
    "\nEstimates the fee per kilobyte a transaction needs to begin confirmation within nblocks blocks.\n"
    "\nArguments:\n"
    "1. nblocks     (numeric, required)\n"
    "\nResult:\n"
    "n              (numeric) estimated fee-per-kilobyte\n"
    "\nA negative value is returned if not enough transactions and blocks have been observed to make an\n"
    "estimate. -1 is always returned for nblocks == 1.\n"
    "\nExample:\n" +
    HelpExampleCli("estimatefee", "6");

const std::string kEstimatePriorityHelp =
    "estimatepriority nblocks\n"
    "\nDEPRECATED. Estimates the priority a zero-fee transaction needs to begin confirmation within\n"
    "nblocks blocks.\n"
    "\nArguments:\n"
    "1. nblocks     (numeric, required)\n"
    "\nResult:\n"
    "n              (numeric) estimated priority\n"
    "\nA negative value is returned if not enough transactions and blocks have been observed to make an\n"
    "estimate.\n"
    "\nExample:\n" +
    HelpExampleCli("estimatepriority", "6");

const std::string kEstimateSmartFeeHelp =
    "estimatesmartfee nblocks\n"
    "\nWARNING: This interface is unstable and may disappear or change!\n"
    "\nEstimates the fee per kilobyte a transaction needs to begin confirmation within nblocks blocks if\n"
    "possible, and returns the number of blocks for which the estimate is valid.\n"
    "\nArguments:\n"
    "1. nblocks     (numeric)\n"
    "\nResult:\n"
    "{\n"
    "  \"feerate\" : x.x,     (numeric) estimated fee-per-kilobyte\n"
    "  \"blocks\" : n         (numeric) block number where estimate was found\n"
    "}\n"
    "\nA negative feerate is returned if not enough transactions and blocks have been observed to make an\n"
    "estimate for any number of blocks.\n"
    "\nExample:\n" +
    HelpExampleCli("estimatesmartfee", "6");

const std::string kEstimateSmartPriorityHelp =
    "estimatesmartpriority nblocks\n"
    "\nDEPRECATED. WARNING: This interface is unstable and may disappear or change!\n"
    "\nEstimates the priority a zero-fee transaction needs to begin confirmation within nblocks blocks if\n"
    "possible, and returns the number of blocks for which the estimate is valid.\n"
    "\nArguments:\n"
    "1. nblocks     (numeric, required)\n"
    "\nResult:\n"
    "{\n"
    "  \"priority\" : x.x,    (numeric) estimated priority\n"
    "  \"blocks\" : n         (numeric) block number where estimate was found\n"
    "}\n"
    "\nA negative priority is returned if not enough transactions and blocks have been observed to make an\n"
    "estimate for any number of blocks.\n"
    "\nExample:\n" +
    HelpExampleCli("estimatesmartpriority", "6");

const std::string kEchoHelp =
    "echo|echojson \"message\" ...\n"
    "\nReturns its arguments unchanged. This command is for testing.\n"
    "\nechojson differs from echo only in ocean-cli, which passes its arguments as JSON.\n";

}  // namespace

void RegisterUtilRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"util",
               "validateaddress",
               {"address"},
               1,
               1,
               kValidateAddressHelp,
               [&ctx](const RPCRequest& r) -> Json { return ValidateAddress(ctx, r); }});

    table.Add({"util",
               "createmultisig",
               {"nrequired", "keys"},
               2,
               2,
               kCreateMultisigHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateMultisig(ctx, r); }});

    // Registered without argument names, as in Ocean: named calls can only pass an empty object.
    table.Add({"util",
               "createblindedaddress",
               {},
               2,
               2,
               kCreateBlindedAddressHelp,
               [&ctx](const RPCRequest& r) -> Json { return CreateBlindedAddress(ctx, r); }});

    table.Add({"util",
               "verifymessage",
               {"address", "signature", "message"},
               3,
               3,
               kVerifyMessageHelp,
               [&ctx](const RPCRequest& r) -> Json { return VerifyMessage(ctx, r); }});

    table.Add({"util",
               "signmessagewithprivkey",
               {"privkey", "message"},
               2,
               2,
               kSignMessageWithPrivKeyHelp,
               [&ctx](const RPCRequest& r) -> Json { return SignMessageWithPrivKey(ctx, r); }});

    // No estimator has seen any transaction: fee and priority are unknown (-1). estimatesmartfee
    // searches targets up to 25 and reports the last one tried (the request itself when out of range);
    // estimatesmartpriority reports the request.
    table.Add({"util", "estimatefee", {"nblocks"}, 1, 1, kEstimateFeeHelp, [](const RPCRequest& r) -> Json {
                   (void)EstimateTarget(r);
                   return -1;
               }});
    table.Add({"util",
               "estimatepriority",
               {"nblocks"},
               1,
               1,
               kEstimatePriorityHelp,
               [](const RPCRequest& r) -> Json {
                   (void)EstimateTarget(r);
                   return -1;
               }});
    table.Add({"util",
               "estimatesmartfee",
               {"nblocks"},
               1,
               1,
               kEstimateSmartFeeHelp,
               [](const RPCRequest& r) -> Json {
                   const int target = EstimateTarget(r);
                   Json ret = Json::object();
                   ret["feerate"] = -1;
                   ret["blocks"] = (target >= 1 && target <= kMaxBlockConfirms) ? kMaxBlockConfirms : target;
                   return ret;
               }});
    table.Add({"util",
               "estimatesmartpriority",
               {"nblocks"},
               1,
               1,
               kEstimateSmartPriorityHelp,
               [](const RPCRequest& r) -> Json {
                   const int target = EstimateTarget(r);
                   Json ret = Json::object();
                   ret["priority"] = -1;
                   ret["blocks"] = target;
                   return ret;
               }});

    // echo/echojson take any number of arguments (the ten names only serve named calls).
    const std::vector<std::string> echo_names = {"arg0", "arg1", "arg2", "arg3", "arg4",
                                                 "arg5", "arg6", "arg7", "arg8", "arg9"};
    for (const char* name : {"echo", "echojson"}) {
        table.Add({"hidden", name, echo_names, 0, std::numeric_limits<size_t>::max(), kEchoHelp,
                   [](const RPCRequest& r) -> Json { return r.params; }});
    }
}

}  // namespace ocean
