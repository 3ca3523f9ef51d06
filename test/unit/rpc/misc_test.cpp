// The util commands and the hidden echo commands: validateaddress for every address kind,
// createmultisig and createblindedaddress results and errors, signmessagewithprivkey/verifymessage
// with Bitcoin Core's known signature vector, the no-data answers of the estimate calls, echo, and
// the parameter-count, type and named-parameter rules.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "../consensus/consensus_test_util.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/genesis.h"
#include "ocean/crypto/base58.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/message_signing.h"
#include "ocean/crypto/wif.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/base64.h"
#include "ocean/util/hex.h"
#include "rpc_test_util.h"

namespace ocean {
namespace {

using P = std::pair<int, std::string>;

// An RPC table with the util and rawtransactions commands for the default dev chain (ocean_test).
class Harness : public test::RPCTableCaller {
  public:
    Harness() : params_(test::ParamsFromArgs({"-initialfreecoins=2100000000000000"})) {
        ctx_.params = &params_;
        ctx_.chain_name = params_.genesis_params.chain;
        ctx_.json.prefixes = PrefixesForChain(ctx_.chain_name);
        ctx_.json.asset_labels = GenesisAssetLabels(params_.genesis_assets);
        RegisterRawTransactionRPCs(table_, ctx_);
        RegisterUtilRPCs(table_, ctx_);
        table_.SetWarmupFinished();
    }

    const AddressPrefixes& prefixes() const { return ctx_.json.prefixes; }

  private:
    ChainParams params_;
    RPCContext ctx_;
};

std::vector<std::string> Keys(const Json& j) {
    std::vector<std::string> out;
    for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
    return out;
}

// Bitcoin Core's signmessage test key: its WIF prefix (239) is also Ocean's custom-chain prefix.
const char* kWif = "cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N";
const char* kMessage = "This is just a test message";
const char* kSignature =
    "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0=";

TEST(UtilRpc, RegisteredWithOceansShapes) {
    Harness h;
    struct Expect {
        const char* category;
        const char* name;
        size_t min, max;
        std::vector<std::string> names;
    };
    const std::vector<std::string> echo_names = {"arg0", "arg1", "arg2", "arg3", "arg4",
                                                 "arg5", "arg6", "arg7", "arg8", "arg9"};
    const std::vector<Expect> expected = {
        {"util", "validateaddress", 1, 1, {"address"}},
        {"util", "createmultisig", 2, 2, {"nrequired", "keys"}},
        {"util", "createblindedaddress", 2, 2, {}},
        {"util", "verifymessage", 3, 3, {"address", "signature", "message"}},
        {"util", "signmessagewithprivkey", 2, 2, {"privkey", "message"}},
        {"util", "estimatefee", 1, 1, {"nblocks"}},
        {"util", "estimatepriority", 1, 1, {"nblocks"}},
        {"util", "estimatesmartfee", 1, 1, {"nblocks"}},
        {"util", "estimatesmartpriority", 1, 1, {"nblocks"}},
        {"hidden", "echo", 0, std::numeric_limits<size_t>::max(), echo_names},
        {"hidden", "echojson", 0, std::numeric_limits<size_t>::max(), echo_names},
    };
    for (const Expect& e : expected) {
        const RPCCommand* c = h.table().Find(e.name);
        ASSERT_NE(c, nullptr) << e.name;
        EXPECT_EQ(c->category, e.category) << e.name;
        EXPECT_EQ(c->min_args, e.min) << e.name;
        EXPECT_EQ(c->max_args, e.max) << e.name;
        EXPECT_EQ(c->arg_names, e.names) << e.name;
        EXPECT_TRUE(c->ok_safe_mode);
        if (std::string(e.category) == "util") {
            EXPECT_EQ(c->help.rfind(std::string(e.name) + " ", 0), 0u) << c->help;
            EXPECT_NE(c->help.find("> ocean-cli " + std::string(e.name)), std::string::npos) << e.name;
        }
    }
    // Hidden commands stay out of the help overview.
    const std::string overview = h.table().Help("");
    EXPECT_NE(overview.find("== Util ==\ncreateblindedaddress"), std::string::npos) << overview;
    EXPECT_EQ(overview.find("echo"), std::string::npos);
}

TEST(UtilRpc, WrongParameterCountsAnswerWithHelp) {
    Harness h;
    for (const auto& [method, n] : std::vector<std::pair<std::string, int>>{{"validateaddress", 0},
                                                                            {"validateaddress", 2},
                                                                            {"createmultisig", 1},
                                                                            {"createblindedaddress", 3},
                                                                            {"verifymessage", 2},
                                                                            {"signmessagewithprivkey", 1},
                                                                            {"estimatefee", 0},
                                                                            {"estimatesmartfee", 2}}) {
        Json params = Json::array();
        for (int i = 0; i < n; ++i) params.push_back("x");
        EXPECT_EQ(h.Fail(method, params), P(-1, h.table().Find(method)->help)) << method;
    }
}

// ---- validateaddress ----

TEST(UtilRpc, ValidateAddress) {
    Harness h;
    const std::string p2pkh = "2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6";
    Json j = h.Call("validateaddress", Json::array({p2pkh}));
    EXPECT_EQ(Keys(j), (std::vector<std::string>{"isvalid", "address", "scriptPubKey", "confidential_key",
                                                 "unconfidential", "ismine", "iswatchonly", "isscript"}));
    EXPECT_EQ(j["isvalid"], true);
    EXPECT_EQ(j["address"], p2pkh);
    EXPECT_EQ(j["scriptPubKey"], "76a914258edd99c46c6f61c6ce7d08c025ba95fb4fbdf188ac");
    EXPECT_EQ(j["confidential_key"], "");
    EXPECT_EQ(j["unconfidential"], p2pkh);
    EXPECT_EQ(j["ismine"], false);
    EXPECT_EQ(j["iswatchonly"], false);
    EXPECT_EQ(j["isscript"], false);

    const std::string p2sh = EncodeDestination(ScriptHash(uint160::FromHex("11")), h.prefixes());
    j = h.Call("validateaddress", Json::array({p2sh}));
    EXPECT_EQ(j["scriptPubKey"], "a91411" + std::string(38, '0') + "87");
    EXPECT_EQ(j["isscript"], true);

    const PubKey blinding = test::KeyFromByte(3).GetPubKey();
    const Destination dest = DecodeDestination(p2pkh, h.prefixes()).value();
    const std::string blinded = EncodeBlindedAddress(dest, blinding.span(), h.prefixes());
    j = h.Call("validateaddress", Json::array({blinded}));
    EXPECT_EQ(j["isvalid"], true);
    EXPECT_EQ(j["address"], blinded);
    EXPECT_EQ(j["scriptPubKey"], "76a914258edd99c46c6f61c6ce7d08c025ba95fb4fbdf188ac");
    EXPECT_EQ(j["confidential_key"], HexStr(blinding.span()));
    EXPECT_EQ(j["unconfidential"], p2pkh);

    for (const std::string& bad : {std::string(""), std::string("2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ7"),
                                   std::string("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")}) {
        EXPECT_EQ(h.Call("validateaddress", Json::array({bad})), (Json{{"isvalid", false}})) << bad;
    }
    EXPECT_EQ(h.Fail("validateaddress", Json::array({1})), P(-1, "JSON value is not a string as expected"));
}

// ---- createmultisig ----

TEST(UtilRpc, CreateMultisig) {
    Harness h;
    const std::string k1 = HexStr(test::KeyFromByte(1).GetPubKey().span());
    const std::string k2 = HexStr(test::KeyFromByte(2).GetPubKey().span());
    const Json j = h.Call("createmultisig", Json::array({2, Json::array({k1, k2})}));
    const std::string redeem =
        "52"
        "21" +
        k1 + "21" + k2 + "52ae";
    EXPECT_EQ(Keys(j), (std::vector<std::string>{"address", "redeemScript"}));
    EXPECT_EQ(j["redeemScript"], redeem);
    EXPECT_EQ(j["address"],
              EncodeDestination(ScriptHash::FromScript(*Script::FromHex(redeem)), h.prefixes()));
    // Named parameters.
    const Json reply = h.Body(WriteJson(Json{{"method", "createmultisig"},
                                             {"params", {{"keys", Json::array({k1})}, {"nrequired", 1}}},
                                             {"id", 1}}));
    EXPECT_EQ(reply["result"]["redeemScript"],
              "51"
              "21" +
                  k1 + "51ae");

    EXPECT_EQ(h.Fail("createmultisig", Json::array({0, Json::array({k1})})),
              P(-1, "a multisignature address must require at least one key to redeem"));
    EXPECT_EQ(h.Fail("createmultisig", Json::array({3, Json::array({k1, k2})})),
              P(-1, "not enough keys supplied (got 2 keys, but need at least 3 to redeem)"));
    Json many = Json::array();
    for (int i = 1; i <= 17; ++i)
        many.push_back(HexStr(test::KeyFromByte(static_cast<uint8_t>(i)).GetPubKey().span()));
    EXPECT_EQ(
        h.Fail("createmultisig", Json::array({1, many})),
        P(-1, "Number of addresses involved in the multisignature address creation > 16\nReduce the number"));
    // 16 compressed keys make a 547-byte script, more than a P2SH redeem script may be.
    many.erase(16);
    EXPECT_EQ(h.Fail("createmultisig", Json::array({1, many})),
              P(-1, "redeemScript exceeds size limit: 547 > 520"));
    many.erase(15);
    EXPECT_EQ(h.Call("createmultisig", Json::array({1, many}))["redeemScript"].get<std::string>().size(),
              2u * 513);
    EXPECT_EQ(h.Fail("createmultisig", Json::array({1, Json::array({"02" + std::string(64, '0')})})),
              P(-1, " Invalid public key: 02" + std::string(64, '0')));
    // Without a wallet an address is just not a hex public key.
    EXPECT_EQ(
        h.Fail("createmultisig", Json::array({1, Json::array({"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6"})})),
        P(-1, " Invalid public key: 2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6"));
    EXPECT_EQ(h.Fail("createmultisig", Json::array({"2", Json::array({k1})})),
              P(-1, "JSON value is not an integer as expected"));
    EXPECT_EQ(h.Fail("createmultisig", Json::array({1, k1})),
              P(-1, "JSON value is not an array as expected"));
    EXPECT_EQ(h.Fail("createmultisig", Json::array({1, Json::array({1})})),
              P(-1, "JSON value is not a string as expected"));
}

// ---- createblindedaddress ----

TEST(UtilRpc, CreateBlindedAddress) {
    Harness h;
    const std::string address = "2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6";
    const PubKey key = test::KeyFromByte(9).GetPubKey();
    const Json blinded = h.Call("createblindedaddress", Json::array({address, HexStr(key.span())}));
    const Destination dest = DecodeDestination(address, h.prefixes()).value();
    EXPECT_EQ(blinded, EncodeBlindedAddress(dest, key.span(), h.prefixes()));
    const Json v = h.Call("validateaddress", Json::array({blinded}));
    EXPECT_EQ(v["confidential_key"], HexStr(key.span()));
    EXPECT_EQ(v["unconfidential"], address);

    EXPECT_EQ(h.Fail("createblindedaddress", Json::array({"bogus", HexStr(key.span())})),
              P(-5, "Invalid Bitcoin address or script"));
    EXPECT_EQ(h.Fail("createblindedaddress", Json::array({blinded, HexStr(key.span())})),
              P(-5, "Not an unblinded address"));
    EXPECT_EQ(h.Fail("createblindedaddress", Json::array({address, "xyz"})),
              P(-5, "Invalid hexadecimal for key"));
    EXPECT_EQ(h.Fail("createblindedaddress", Json::array({address, "0203"})),
              P(-5, "Invalid hexadecimal key length, must be length 66."));
    EXPECT_EQ(h.Fail("createblindedaddress", Json::array({address, "05" + std::string(64, '1')})),
              P(-5, "Invalid blinding key"));
    // No names: only an empty object works in named mode.
    const Json reply = h.Body(
        WriteJson(Json{{"method", "createblindedaddress"}, {"params", {{"address", address}}}, {"id", 1}}));
    EXPECT_EQ(reply["error"]["code"], -8);
    EXPECT_EQ(reply["error"]["message"], "Unknown named parameter address");
}

// ---- signmessagewithprivkey / verifymessage ----

TEST(UtilRpc, SignAndVerifyMessage) {
    Harness h;
    EXPECT_EQ(h.Call("signmessagewithprivkey", Json::array({kWif, kMessage})), kSignature);
    const Key key = DecodeWif(kWif, h.prefixes().secret_key).value();
    const std::string address = EncodeDestination(PKHash(key.GetPubKey().GetID()), h.prefixes());
    EXPECT_EQ(h.Call("verifymessage", Json::array({address, kSignature, kMessage})), true);
    EXPECT_EQ(h.Call("verifymessage", Json::array({address, kSignature, "other message"})), false);
    // Another key's address, a signature that recovers nothing, and the uncompressed form of the key.
    EXPECT_EQ(
        h.Call("verifymessage", Json::array({"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6", kSignature, kMessage})),
        false);
    EXPECT_EQ(h.Call("verifymessage", Json::array({address, "AAAA", kMessage})), false);
    Bytes sig = *DecodeBase64Lenient(kSignature);
    sig[0] = static_cast<uint8_t>(sig[0] - 4);
    EXPECT_EQ(h.Call("verifymessage", Json::array({address, EncodeBase64(sig), kMessage})), false);
    // A blinded address of the key verifies too.
    const std::string blinded = EncodeBlindedAddress(PKHash(key.GetPubKey().GetID()),
                                                     test::KeyFromByte(4).GetPubKey().span(), h.prefixes());
    EXPECT_EQ(h.Call("verifymessage", Json::array({blinded, kSignature, kMessage})), true);
    // Named parameters.
    const Json reply = h.Body(
        WriteJson(Json{{"method", "verifymessage"},
                       {"params", {{"message", kMessage}, {"signature", kSignature}, {"address", address}}},
                       {"id", 1}}));
    EXPECT_EQ(reply["result"], true);
    // A fresh key round-trips through both calls.
    const Key fresh = Key::MakeNew(false);
    const Json fresh_sig =
        h.Call("signmessagewithprivkey", Json::array({EncodeWif(fresh, h.prefixes().secret_key), "m"}));
    EXPECT_EQ(h.Call("verifymessage",
                     Json::array({EncodeDestination(PKHash(fresh.GetPubKey().GetID()), h.prefixes()),
                                  fresh_sig, "m"})),
              true);

    // Errors.
    EXPECT_EQ(h.Fail("verifymessage", Json::array({"bogus", kSignature, kMessage})),
              P(-3, "Invalid address"));
    const std::string p2sh = EncodeDestination(ScriptHash(uint160()), h.prefixes());
    EXPECT_EQ(h.Fail("verifymessage", Json::array({p2sh, kSignature, kMessage})),
              P(-3, "Address does not refer to key"));
    EXPECT_EQ(h.Fail("verifymessage", Json::array({address, "A", kMessage})),
              P(-5, "Malformed base64 encoding"));
    EXPECT_EQ(h.Fail("verifymessage", Json::array({address, kSignature, 5})),
              P(-1, "JSON value is not a string as expected"));
    EXPECT_EQ(h.Fail("signmessagewithprivkey", Json::array({"notakey", kMessage})),
              P(-5, "Invalid private key"));
    // A Bitcoin mainnet WIF has the wrong prefix for this chain.
    EXPECT_EQ(h.Fail("signmessagewithprivkey",
                     Json::array({"KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn", kMessage})),
              P(-5, "Invalid private key"));
    // The curve order as a secret: well formed, out of range.
    Bytes payload{h.prefixes().secret_key};
    const Bytes order = *ParseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    payload.insert(payload.end(), order.begin(), order.end());
    payload.push_back(1);
    EXPECT_EQ(h.Fail("signmessagewithprivkey", Json::array({EncodeBase58Check(payload), kMessage})),
              P(-5, "Private key outside allowed range"));
    EXPECT_EQ(h.Fail("signmessagewithprivkey", Json::array({kWif, Json::object()})),
              P(-1, "JSON value is not a string as expected"));
}

// ---- estimates ----

TEST(UtilRpc, EstimatesWithoutData) {
    Harness h;
    for (int n : {-5, 0, 1, 2, 6, 25, 26, 1000}) {
        EXPECT_EQ(WriteJson(h.Call("estimatefee", Json::array({n}))), "-1");
        EXPECT_EQ(WriteJson(h.Call("estimatepriority", Json::array({n}))), "-1");
        const int blocks = (n >= 1 && n <= 25) ? 25 : n;
        EXPECT_EQ(WriteJson(h.Call("estimatesmartfee", Json::array({n}))),
                  "{\"feerate\":-1,\"blocks\":" + std::to_string(blocks) + "}");
        EXPECT_EQ(WriteJson(h.Call("estimatesmartpriority", Json::array({n}))),
                  "{\"priority\":-1,\"blocks\":" + std::to_string(n) + "}");
    }
    for (const char* m : {"estimatefee", "estimatepriority", "estimatesmartfee", "estimatesmartpriority"}) {
        EXPECT_EQ(h.Fail(m, Json::array({"6"})), P(-3, "Expected type number, got string")) << m;
        EXPECT_EQ(h.Fail(m, Json::array({nullptr})), P(-3, "Expected type number, got null")) << m;
    }
    const Json reply = h.Body(R"({"method":"estimatesmartfee","params":{"nblocks":3},"id":"x"})");
    EXPECT_EQ(WriteJson(reply), R"({"result":{"feerate":-1,"blocks":25},"error":null,"id":"x"})");
}

// ---- echo ----

TEST(UtilRpc, EchoReturnsItsParameters) {
    Harness h;
    const Json params = Json::array({"a", 1, nullptr, Json::object({{"k", Json::array({true})}}), 2.5});
    EXPECT_EQ(h.Call("echo", params), params);
    EXPECT_EQ(h.Call("echojson", params), params);
    EXPECT_EQ(h.Call("echo"), Json::array());
    Json twelve = Json::array();
    for (int i = 0; i < 12; ++i) twelve.push_back(i);
    EXPECT_EQ(h.Call("echo", twelve), twelve);
    // Named: holes before a given name are nulls.
    const Json reply = h.Body(R"({"method":"echojson","params":{"arg2":"c","arg0":"a"},"id":1})");
    EXPECT_EQ(reply["result"], (Json::array({"a", nullptr, "c"})));
    EXPECT_EQ(h.Body(R"({"method":"echo","params":{"arg10":1},"id":1})")["error"]["message"],
              "Unknown named parameter arg10");
}

}  // namespace
}  // namespace ocean
