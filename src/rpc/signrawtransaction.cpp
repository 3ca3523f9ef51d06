// signrawtransaction (rpc.md §6.8) without a wallet: Bitcoin Core 0.14's semantics with Elements'
// amounts. The hex may hold several concatenated copies of one transaction, whose signatures are
// merged into the first; spent outputs come from `prevtxs`, then the mempool, then the UTXO set; keys
// are WIF strings. Every input is verified with the standard flags afterwards and failures are listed
// per input.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/crypto/wif.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/primitives/serialize.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/script/asm.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/sign.h"
#include "ocean/util/hex.h"
#include "ocean/wallet/key_store.h"

namespace ocean {
namespace {

const Json& Member(const Json& obj, const char* key) {
    static const Json kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

// RPCTypeCheckObj of one key without nulls.
void CheckMember(const Json& obj, const char* key, Json::value_t type) {
    RPCTypeCheckObj(obj, {{key, type}}, false, false);
}

// The copies of the transaction in the hex (Core reads transactions until the data ends).
std::vector<MutableTransaction> DecodeVariants(const Json& v) {
    const Bytes data = ParseHexV(v, "argument 1");
    std::vector<MutableTransaction> variants;
    SpanReader reader(data);
    while (!reader.empty()) {
        try {
            MutableTransaction tx;
            UnserializeTransaction(reader, tx);
            variants.push_back(std::move(tx));
        } catch (const std::exception&) {
            throw RPCError(RPC_DESERIALIZATION_ERROR, "TX decode failed");
        }
    }
    if (variants.empty()) throw RPCError(RPC_DESERIALIZATION_ERROR, "Missing transaction");
    return variants;
}

Key KeyFromWif(const RPCContext& ctx, const Json& v) {
    const std::string text = GetStr(v);
    auto key = DecodeWif(text, ctx.json.prefixes.secret_key);
    if (!key) {
        if (key.error().message == "secret out of range") {
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Private key outside allowed range");
        }
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid private key");
    }
    return std::move(*key);
}

Json InputError(const TxIn& in, const std::string& message) {
    Json e = Json::object();
    e["txid"] = in.prevout.hash.ToHex();
    e["vout"] = in.prevout.n;
    e["scriptSig"] = HexStr(in.script_sig);
    e["sequence"] = in.sequence;
    e["error"] = message;
    return e;
}

// What signing needs of a spent output.
struct SpentOutput {
    Script script_pubkey;
    ConfidentialValue value;
};

Json SignRawTransaction(RPCContext& ctx, const RPCRequest& r) {
    RPCTypeCheckArgument(Param(r, 0), Json::value_t::string);
    RPCTypeCheckArgument(Param(r, 1), Json::value_t::array, /*allow_null=*/true);
    RPCTypeCheckArgument(Param(r, 2), Json::value_t::array, /*allow_null=*/true);
    RPCTypeCheckArgument(Param(r, 3), Json::value_t::string, /*allow_null=*/true);

    std::vector<MutableTransaction> variants = DecodeVariants(Param(r, 0));
    MutableTransaction merged = variants[0];

    // Spent outputs known to the node: the mempool's outputs (spent there or not), then the UTXO set.
    std::map<OutPoint, SpentOutput> spent;
    if (ctx.chainstate) {
        Chainstate& chain = *ctx.chainstate;
        std::lock_guard chain_lock(chain.mutex());
        for (const TxIn& in : merged.vin) {
            std::optional<Coin> coin;
            if (ctx.mempool) coin = ctx.mempool->GetOutputCoin(in.prevout);
            if (!coin) coin = chain.GetCoin(in.prevout);
            if (coin && !coin->IsSpent())
                spent[in.prevout] = {Script(coin->out.script_pubkey), coin->out.value};
        }
    }

    SigningProvider provider;
    const bool given_keys = HasParam(r, 2);
    if (given_keys) {
        for (const Json& k : GetArray(Param(r, 2))) provider.AddKey(KeyFromWif(ctx, k));
    }

    if (HasParam(r, 1)) {
        for (const Json& p : GetArray(Param(r, 1))) {
            if (!p.is_object()) {
                throw RPCError(RPC_DESERIALIZATION_ERROR,
                               "expected object with {\"txid'\",\"vout\",\"scriptPubKey\"}");
            }
            CheckMember(p, "txid", Json::value_t::string);
            CheckMember(p, "vout", Json::value_t::number_integer);
            CheckMember(p, "scriptPubKey", Json::value_t::string);
            const uint256 txid = ParseHashV(Member(p, "txid"), "txid");
            const int n = GetInt(Member(p, "vout"));
            if (n < 0) throw RPCError(RPC_DESERIALIZATION_ERROR, "vout must be positive");
            const Script script_pubkey(ParseHexV(Member(p, "scriptPubKey"), "scriptPubKey"));
            const OutPoint outpoint(txid, static_cast<uint32_t>(n));
            auto it = spent.find(outpoint);
            if (it != spent.end() && it->second.script_pubkey != script_pubkey) {
                throw RPCError(RPC_DESERIALIZATION_ERROR, "Previous output scriptPubKey mismatch:\n" +
                                                              ScriptToAsm(it->second.script_pubkey) +
                                                              "\nvs:\n" + ScriptToAsm(script_pubkey));
            }
            SpentOutput& out = spent[outpoint];
            out.script_pubkey = script_pubkey;
            if (p.contains("amount")) {
                out.value = ConfidentialValue(AmountFromValue(Member(p, "amount")));
            } else if (p.contains("amountcommitment")) {
                const Bytes commitment = ParseHexV(Member(p, "amountcommitment"), "amountcommitment");
                ConfidentialValue value;
                if (commitment.size() != 33 || !value.SetBytes(commitment) || value.IsExplicit()) {
                    throw RPCError(RPC_INVALID_PARAMETER,
                                   "amountcommitment must be a 33-byte value commitment");
                }
                out.value = value;
            }
            // A redeem (P2SH) or witness (P2WSH) script for signing with the given keys.
            if (given_keys &&
                (script_pubkey.IsPayToScriptHash() || script_pubkey.IsPayToWitnessScriptHash())) {
                CheckMember(p, "redeemScript", Json::value_t::string);
                provider.AddScript(Script(ParseHexV(Member(p, "redeemScript"), "redeemScript")));
            }
        }
    }

    // Without privkeys the wallet's keys and scripts sign (Core 0.14 with a wallet).
    if (!given_keys && ctx.wallet_keys) {
        if (ctx.wallet_keys->IsLocked()) {
            throw RPCError(RPC_WALLET_UNLOCK_NEEDED,
                           "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        for (const auto& [outpoint, out] : spent)
            (void)ctx.wallet_keys->AddSigningData(out.script_pubkey, provider);
    }

    int32_t hash_type = SIGHASH_ALL;
    if (HasParam(r, 3)) {
        auto parsed = ParseSigHashType(GetStr(Param(r, 3)));
        if (!parsed) throw RPCError(RPC_INVALID_PARAMETER, "Invalid sighash param");
        hash_type = *parsed;
    }

    const PrecomputedTransactionData txdata(merged);
    Json errors = Json::array();
    for (unsigned i = 0; i < merged.vin.size(); ++i) {
        auto it = spent.find(merged.vin[i].prevout);
        if (it == spent.end()) {
            errors.push_back(InputError(merged.vin[i], "Input not found or already spent"));
            continue;
        }
        std::vector<SignatureData> others;
        for (size_t v = 1; v < variants.size(); ++v) {
            if (variants[v].vin.size() > i) {
                others.push_back(
                    {Script(variants[v].vin[i].script_sig), variants[v].vin[i].witness.script_witness});
            }
        }
        (void)SignInput(merged, i, it->second.script_pubkey, it->second.value, provider, hash_type, &txdata,
                        others);
        if (auto error = VerifyInput(merged, i, it->second.script_pubkey, it->second.value,
                                     kStandardScriptVerifyFlags, &txdata)) {
            errors.push_back(InputError(merged.vin[i], std::string(ScriptErrorString(*error))));
        }
    }

    Json result = Json::object();
    result["hex"] = HexStr(EncodeTransaction(merged));
    result["complete"] = errors.empty();
    if (!errors.empty()) result["errors"] = std::move(errors);
    return result;
}

const std::string kSignRawTransactionHelp =
    "signrawtransaction \"hexstring\" ( "
    "[{\"txid\":\"id\",\"vout\":n,\"scriptPubKey\":\"hex\",\"redeemScript\":\"hex\",\"amount\":value},...] "
    "[\"privatekey1\",...] sighashtype )\n"
    "\nSign inputs for raw transaction (serialized, hex-encoded).\n"
    "The second optional argument (may be null) is an array of previous transaction outputs that\n"
    "this transaction depends on but may not yet be in the block chain.\n"
    "The third optional argument (may be null) is an array of base58-encoded private\n"
    "keys that, if given, will be the only keys used to sign the transaction.\n"
    "\nArguments:\n"
    "1. \"hexstring\"     (string, required) The transaction hex string\n"
    "2. \"prevtxs\"       (string, optional) An json array of previous dependent transaction outputs\n"
    "     [               (json array of json objects, or 'null' if none provided)\n"
    "       {\n"
    "         \"txid\":\"id\",             (string, required) The transaction id\n"
    "         \"vout\":n,                  (numeric, required) The output number\n"
    "         \"scriptPubKey\": \"hex\",   (string, required) script key\n"
    "         \"redeemScript\": \"hex\",   (string, required for P2SH or P2WSH) redeem script\n"
    "         \"amount\": value            (numeric, required for segwit) The amount spent\n"
    "         \"amountcommitment\": \"hex\" (string, instead of amount) The spent value commitment\n"
    "       }\n"
    "       ,...\n"
    "    ]\n"
    "3. \"privkeys\"     (string, optional) A json array of base58-encoded private keys for signing\n"
    "    [                  (json array of strings, or 'null' if none provided)\n"
    "      \"privatekey\"   (string) private key in base58-encoding\n"
    "      ,...\n"
    "    ]\n"
    "4. \"sighashtype\"     (string, optional, default=ALL) The signature hash type. Must be one of\n"
    "       \"ALL\"\n"
    "       \"NONE\"\n"
    "       \"SINGLE\"\n"
    "       \"ALL|ANYONECANPAY\"\n"
    "       \"NONE|ANYONECANPAY\"\n"
    "       \"SINGLE|ANYONECANPAY\"\n"
    "\nResult:\n"
    "{\n"
    "  \"hex\" : \"value\",           (string) The hex-encoded raw transaction with signature(s)\n"
    "  \"complete\" : true|false,   (boolean) If the transaction has a complete set of signatures\n"
    "  \"errors\" : [                 (json array of objects) Script verification errors (if there are any)\n"
    "    {\n"
    "      \"txid\" : \"hash\",           (string) The hash of the referenced, previous transaction\n"
    "      \"vout\" : n,                (numeric) The index of the output to spent and used as input\n"
    "      \"scriptSig\" : \"hex\",       (string) The hex-encoded signature script\n"
    "      \"sequence\" : n,            (numeric) Script sequence number\n"
    "      \"error\" : \"text\"           (string) Verification or signing error related to the input\n"
    "    }\n"
    "    ,...\n"
    "  ]\n"
    "}\n"
    "\nExamples:\n" +
    HelpExampleCli("signrawtransaction", "\"myhex\"") + HelpExampleRpc("signrawtransaction", "\"myhex\"");

}  // namespace

void RegisterSignRawTransactionRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"rawtransactions",
               "signrawtransaction",
               {"hexstring", "prevtxs", "privkeys", "sighashtype"},
               1,
               4,
               kSignRawTransactionHelp,
               [&ctx](const RPCRequest& r) -> Json { return SignRawTransaction(ctx, r); },
               /*ok_safe_mode=*/false});
}

}  // namespace ocean
