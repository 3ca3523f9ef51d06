// The rawtransactions commands against the reference node: decoderawtransaction of every Ocean
// transaction vector, createrawtransaction / createrawtxoutputs / createrawpolicytx rebuilding the
// reference's unsigned transactions byte for byte, getrawtransaction through a real transaction index
// (reference genesis and dev-chain blocks, plus a generated chain with witness data and a bid), and
// the parameter-count, type, named-parameter and value errors with Ocean's codes and texts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../consensus/consensus_test_util.h"
#include "../vectors.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/genesis.h"
#include "ocean/core_io/tx_json.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/clock.h"
#include "ocean/util/hex.h"
#include "ocean/util/logging.h"
#include "rpc_test_util.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

using RefJson = nlohmann::json;

// ---- harness ----

std::vector<std::string> DevChainArgs() {
    return {"-initialfreecoins=2100000000000000"};
}

std::vector<std::string> PolicyChainArgs() {
    return RefJson::parse(test::ReadText("ocean/genesis_policy_sample_conf.json"))["config_args"]
        .get<std::vector<std::string>>();
}

// An RPC table with the rawtransactions and util commands, out of warm-up, for one chain.
class Harness : public test::RPCTableCaller {
  public:
    explicit Harness(const std::vector<std::string>& chain_args) : params_(test::ParamsFromArgs(chain_args)) {
        ctx_.params = &params_;
        ctx_.chain_name = params_.genesis_params.chain;
        ctx_.json.prefixes = PrefixesForChain(ctx_.chain_name);
        ctx_.json.asset_labels = GenesisAssetLabels(params_.genesis_assets);
        ctx_.table = &table_;
        RegisterRawTransactionRPCs(table_, ctx_);
        RegisterUtilRPCs(table_, ctx_);
        table_.SetWarmupFinished();
    }

    RPCContext& ctx() { return ctx_; }
    const ChainParams& params() const { return params_; }

  private:
    ChainParams params_;
    RPCContext ctx_;
};

// Compares our JSON with a reference tree whose amounts are decimal strings.
void ExpectMatches(const Json& ours, const RefJson& ref, const std::string& path) {
    if (ref.is_object()) {
        ASSERT_TRUE(ours.is_object()) << path;
        for (auto it = ref.begin(); it != ref.end(); ++it) {
            ASSERT_TRUE(ours.contains(it.key())) << path << " lacks " << it.key();
            ExpectMatches(ours[it.key()], it.value(), path + "." + it.key());
        }
        for (auto it = ours.begin(); it != ours.end(); ++it) {
            EXPECT_TRUE(ref.contains(it.key())) << path << " has extra " << it.key();
        }
    } else if (ref.is_array()) {
        ASSERT_TRUE(ours.is_array()) << path;
        ASSERT_EQ(ours.size(), ref.size()) << path;
        for (size_t i = 0; i < ref.size(); ++i)
            ExpectMatches(ours[i], ref[i], path + "[" + std::to_string(i) + "]");
    } else if (auto amount = JsonAmount(ours)) {
        ASSERT_TRUE(ref.is_string()) << path;
        EXPECT_EQ(*amount, ParseMoney(ref.get<std::string>()).value()) << path;
    } else {
        EXPECT_EQ(ours.dump(), ref.dump()) << path;
    }
}

std::vector<std::string> Keys(const Json& j) {
    std::vector<std::string> out;
    for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
    return out;
}

std::string VectorHex(const std::string& name) {
    return Trim(test::ReadText("ocean/" + name + ".hex"));
}

RefJson VectorJson(const std::string& name) {
    return RefJson::parse(test::ReadText("ocean/" + name + ".json"));
}

// The vector transaction with its scriptSigs removed: what createraw* produces before signing.
std::string UnsignedHex(const std::string& name) {
    MutableTransaction tx = DecodeMutableTransaction(test::ReadHexFile("ocean/" + name + ".hex")).value();
    for (TxIn& in : tx.vin) in.script_sig.clear();
    return HexStr(EncodeTransaction(tx));
}

Transaction DecodeHexTx(const Json& hex) {
    return Transaction(DecodeMutableTransaction(*ParseHex(hex.get<std::string>())).value());
}

// ---- registration ----

TEST(RawTransactionRpc, RegisteredWithOceansShapes) {
    Harness h(DevChainArgs());
    struct Expect {
        const char* name;
        size_t min, max;
        std::vector<std::string> names;
    };
    const std::vector<Expect> expected = {
        {"getrawtransaction", 1, 2, {"txid", "verbose"}},
        {"createrawtransaction", 2, 4, {"inputs", "outputs", "locktime", "output_assets"}},
        {"createrawtxoutputs", 2, 3, {"inputs", "outputs", "locktime"}},
        {"createrawpolicytx", 4, 4, {"inputs", "outputs", "locktime", "asset"}},
        {"decoderawtransaction", 1, 1, {"hexstring"}},
        {"decodescript", 1, 1, {"hexstring"}},
    };
    for (const Expect& e : expected) {
        const RPCCommand* c = h.table().Find(e.name);
        ASSERT_NE(c, nullptr) << e.name;
        EXPECT_EQ(c->category, "rawtransactions");
        EXPECT_EQ(c->min_args, e.min) << e.name;
        EXPECT_EQ(c->max_args, e.max) << e.name;
        EXPECT_EQ(c->arg_names, e.names) << e.name;
        EXPECT_TRUE(c->ok_safe_mode);
        // Bitcoin-style help: signature line, description, arguments, result, examples.
        EXPECT_EQ(c->help.rfind(std::string(e.name) + " ", 0), 0u) << c->help;
        EXPECT_NE(c->help.find("\nArguments:\n"), std::string::npos) << e.name;
        EXPECT_NE(c->help.find("\nResult"), std::string::npos) << e.name;
        EXPECT_NE(c->help.find("> ocean-cli " + std::string(e.name)), std::string::npos) << e.name;
    }
    for (const char* absent : {"sendrawtransaction", "signrawtransaction", "testmempoolaccept"}) {
        EXPECT_EQ(h.table().Find(absent), nullptr) << absent;
    }
}

TEST(RawTransactionRpc, WrongParameterCountsAnswerWithHelp) {
    Harness h(DevChainArgs());
    const std::vector<std::pair<std::string, Json>> calls = {
        {"decoderawtransaction", Json::array()},
        {"decoderawtransaction", Json::array({"00", "00"})},
        {"decodescript", Json::array()},
        {"getrawtransaction", Json::array()},
        {"getrawtransaction", Json::array({"a", true, 1})},
        {"createrawtransaction", Json::array({Json::array()})},
        {"createrawtransaction", Json::array({Json::array(), Json::object(), 0, Json::object(), 1})},
        {"createrawtxoutputs", Json::array({Json::array(), Json::array(), 0, 1})},
        {"createrawpolicytx", Json::array({Json::array(), Json::array(), 0})},
        {"createrawpolicytx", Json::array({Json::array(), Json::array(), 0, "00", 1})},
    };
    for (const auto& [method, params] : calls) {
        auto [code, message] = h.Fail(method, params);
        EXPECT_EQ(code, RPC_MISC_ERROR) << method;
        EXPECT_EQ(message, h.table().Find(method)->help) << method;
    }
}

// ---- decoderawtransaction / decodescript ----

class DecodeVector : public ::testing::TestWithParam<std::string> {};

TEST_P(DecodeVector, MatchesTheReference) {
    const std::string name = GetParam();
    Harness h(name == "tx_policy_freezelist" ? PolicyChainArgs() : DevChainArgs());
    const Json ours = h.Call("decoderawtransaction", Json::array({VectorHex(name)}));
    ExpectMatches(ours, VectorJson(name)["decoderawtransaction"], name);
    EXPECT_EQ(Keys(ours), (std::vector<std::string>{"txid", "hash", "withash", "size", "vsize", "version",
                                                    "locktime", "vin", "vout"}));
}

INSTANTIATE_TEST_SUITE_P(Ocean, DecodeVector,
                         ::testing::Values("tx_send", "tx_issuance", "tx_reissuance", "tx_burn",
                                           "tx_send_asset", "tx_policy_freezelist", "tx_send_confidential"));

TEST(RawTransactionRpc, DecodeRawTransactionErrors) {
    Harness h(DevChainArgs());
    const std::string good = VectorHex("tx_send");
    EXPECT_EQ(h.Fail("decoderawtransaction", Json::array({12})),
              std::make_pair(-3, std::string("Expected type string, got number")));
    EXPECT_EQ(h.Fail("decoderawtransaction", Json::array({nullptr})),
              std::make_pair(-3, std::string("Expected type string, got null")));
    for (const std::string& bad : {std::string(), std::string("zz"), std::string("0"), good + "00",
                                   good.substr(0, good.size() - 2), std::string("00")}) {
        EXPECT_EQ(h.Fail("decoderawtransaction", Json::array({bad})),
                  std::make_pair(-22, std::string("TX decode failed")))
            << bad;
    }
    // Upper-case hex is hex.
    std::string upper = good;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(h.Call("decoderawtransaction", Json::array({upper}))["txid"],
              "a28925502fd56ca614ac65f27b56278c1b6e2aee465f302715306a899c782ab7");
}

TEST(RawTransactionRpc, DecodeScript) {
    Harness h(DevChainArgs());
    const AddressPrefixes& p = h.ctx().json.prefixes;
    // P2PKH: addresses and the P2SH wrapping it.
    const std::string p2pkh = "76a914258edd99c46c6f61c6ce7d08c025ba95fb4fbdf188ac";
    Json j = h.Call("decodescript", Json::array({p2pkh}));
    EXPECT_EQ(Keys(j), (std::vector<std::string>{"asm", "reqSigs", "type", "addresses", "p2sh"}));
    EXPECT_EQ(j["asm"],
              "OP_DUP OP_HASH160 258edd99c46c6f61c6ce7d08c025ba95fb4fbdf1 OP_EQUALVERIFY OP_CHECKSIG");
    EXPECT_EQ(j["type"], "pubkeyhash");
    EXPECT_EQ(j["reqSigs"], 1);
    EXPECT_EQ(j["addresses"], Json::array({"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6"}));
    EXPECT_EQ(j["p2sh"], EncodeDestination(ScriptHash::FromScript(*Script::FromHex(p2pkh)), p));
    // P2SH: no p2sh of a p2sh.
    const std::string p2sh = "a914" + std::string(40, '1') + "87";
    j = h.Call("decodescript", Json::array({p2sh}));
    EXPECT_EQ(j["type"], "scripthash");
    EXPECT_FALSE(j.contains("p2sh"));
    // The empty script is valid.
    j = h.Call("decodescript", Json::array({""}));
    EXPECT_EQ(j["asm"], "");
    EXPECT_EQ(j["type"], "fee");
    EXPECT_EQ(j["p2sh"], EncodeDestination(ScriptHash::FromScript(Script()), p));
    // Errors.
    EXPECT_EQ(h.Fail("decodescript", Json::array({"zz"})),
              std::make_pair(-8, std::string("argument must be hexadecimal string (not 'zz')")));
    EXPECT_EQ(h.Fail("decodescript", Json::array({"abc"})),
              std::make_pair(-8, std::string("argument must be hexadecimal string (not 'abc')")));
    EXPECT_EQ(h.Fail("decodescript", Json::array({Json::array()})),
              std::make_pair(-3, std::string("Expected type string, got array")));
}

// ---- createrawtransaction ----

const char* kSendInput = "b6d1bcd61e83aecdbca51d880451d62a76c8b83189430dcf6f175861531fb494";

TEST(RawTransactionRpc, CreateRawTransactionRebuildsTxSend) {
    Harness h(DevChainArgs());
    // sendtoaddress's transaction spent an OP_TRUE output, so its scriptSig is empty: the unsigned
    // transaction is the vector itself. Outputs default to the fee (pegged) asset.
    Json outputs = Json::object();
    outputs["2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6"] = 10;
    outputs["2deUDa26Hd5BWvPE7SGBddD8tf7tghiehRF"] = "209989.99995320";
    outputs["fee"] = 0.0000468;
    const Json params = Json::array({Json::array({{{"txid", kSendInput}, {"vout", 56}}}), outputs, 1});
    EXPECT_EQ(h.Call("createrawtransaction", params), VectorHex("tx_send"));

    // The same through named parameters.
    Json named = Json::object();
    named["inputs"] = params[0];
    named["outputs"] = outputs;
    named["locktime"] = 1;
    const Json reply =
        h.Body(WriteJson(Json{{"method", "createrawtransaction"}, {"params", named}, {"id", 7}}));
    EXPECT_EQ(reply["result"], VectorHex("tx_send"));
    EXPECT_TRUE(reply["error"].is_null());
    EXPECT_EQ(reply["id"], 7);
    // Client-side name "output_assetids" is not a server name.
    named["output_assetids"] = Json::object();
    const Json bad =
        h.Body(WriteJson(Json{{"method", "createrawtransaction"}, {"params", named}, {"id", 8}}));
    EXPECT_EQ(bad["error"]["code"], -8);
    EXPECT_EQ(bad["error"]["message"], "Unknown named parameter output_assetids");
}

TEST(RawTransactionRpc, CreateRawTransactionWithOutputAssets) {
    Harness h(DevChainArgs());
    const std::string asset = "b2985cf2b5e6ed65a44ad34a8d14df58d1edcce19735545525dacc3d58705447";
    Json outputs = Json::object();
    outputs["2dwguurHh7YYzuQ65hC4LXNxWTJCqQQbuBc"] = 25;
    outputs["2dnay89ULquUaaeXSPUc1Um4b3xoaX9CJDC"] = 24.9999318;
    outputs["fee"] = "0.0000682";
    Json assets = Json::object();
    for (const char* k :
         {"2dwguurHh7YYzuQ65hC4LXNxWTJCqQQbuBc", "2dnay89ULquUaaeXSPUc1Um4b3xoaX9CJDC", "fee"}) {
        assets[k] = asset;
    }
    const Json inputs = Json::array(
        {{{"txid", "957a193eddab450140580412d48675449fd462ade769ef20a445124e23c8ba47"}, {"vout", 0}}});
    EXPECT_EQ(h.Call("createrawtransaction", Json::array({inputs, outputs, 2, assets})),
              UnsignedHex("tx_send_asset"));
    // Null locktime: 0 and final sequences.
    const Transaction tx =
        DecodeHexTx(h.Call("createrawtransaction", Json::array({inputs, outputs, nullptr, assets})));
    EXPECT_EQ(tx.lock_time, 0u);
    EXPECT_EQ(tx.vin[0].sequence, 0xffffffffu);
}

TEST(RawTransactionRpc, CreateRawTransactionOutputKinds) {
    Harness h(DevChainArgs());
    const uint256 fee_asset = h.params().pegged_asset;
    const uint256 other =
        uint256::FromHex("b2985cf2b5e6ed65a44ad34a8d14df58d1edcce19735545525dacc3d58705447");
    // A blinded address of a known destination.
    const PubKey blinding = test::KeyFromByte(5).GetPubKey();
    const Destination dest =
        DecodeDestination("2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6", h.ctx().json.prefixes).value();
    const std::string blinded = EncodeBlindedAddress(dest, blinding.span(), h.ctx().json.prefixes);
    ASSERT_FALSE(blinded.empty());

    Json outputs = Json::object();
    outputs["data"] = "deadbeef";
    outputs[blinded] = "1.5";
    outputs["vdata"] = Json::array({"01", "0203"});
    outputs["fee"] = 0.001;
    Json inputs = Json::array({{{"txid", kSendInput}, {"vout", 3}, {"sequence", 7}, {"asset", other.ToHex()}},
                               {{"txid", kSendInput}, {"vout", 4}}});
    Json assets = Json::object();
    assets["vdata"] = other.ToHex();
    const Transaction tx =
        DecodeHexTx(h.Call("createrawtransaction", Json::array({inputs, outputs, 100, assets})));
    EXPECT_EQ(tx.version, 2);
    EXPECT_EQ(tx.lock_time, 100u);
    ASSERT_EQ(tx.vin.size(), 2u);
    EXPECT_EQ(tx.vin[0].prevout.n, 3u);
    EXPECT_EQ(tx.vin[0].sequence, 7u);
    EXPECT_EQ(tx.vin[1].sequence, 0xfffffffeu);  // locktime set: non-final default
    EXPECT_TRUE(tx.vin[0].script_sig.empty());
    ASSERT_EQ(tx.vout.size(), 4u);
    // Outputs keep the order of the object's keys.
    EXPECT_EQ(HexStr(tx.vout[0].script_pubkey), "6a04deadbeef");
    EXPECT_EQ(tx.vout[0].value.GetAmount(), 0);
    EXPECT_TRUE(tx.vout[0].value.IsExplicit());
    EXPECT_EQ(tx.vout[0].asset.GetAsset(), fee_asset);
    EXPECT_EQ(tx.vout[1].script_pubkey, GetScriptForDestination(dest).bytes());
    EXPECT_EQ(tx.vout[1].value.GetAmount(), 150000000);
    EXPECT_EQ(Bytes(tx.vout[1].nonce.span().begin(), tx.vout[1].nonce.span().end()), blinding.ToBytes());
    EXPECT_EQ(HexStr(tx.vout[2].script_pubkey), "6a0101020203");
    EXPECT_EQ(tx.vout[2].asset.GetAsset(), other);
    EXPECT_TRUE(tx.vout[3].IsFee());
    EXPECT_EQ(tx.vout[3].value.GetAmount(), 100000);
    // A numeric "data" value is read as its text, like UniValue's getValStr.
    const Transaction t2 =
        DecodeHexTx(h.Call("createrawtransaction", Json::array({Json::array(), Json{{"data", 1234}}})));
    EXPECT_EQ(HexStr(t2.vout[0].script_pubkey), "6a021234");
    EXPECT_TRUE(t2.vin.empty());
}

TEST(RawTransactionRpc, CreateRawTransactionErrors) {
    Harness h(DevChainArgs());
    const Json in_ok = Json::array({{{"txid", kSendInput}, {"vout", 0}}});
    auto fail = [&](Json params) { return h.Fail("createrawtransaction", std::move(params)); };
    using P = std::pair<int, std::string>;
    EXPECT_EQ(fail(Json::array({Json::object(), Json::object()})), P(-3, "Expected type array, got object"));
    EXPECT_EQ(fail(Json::array({Json::array(), Json::array()})), P(-3, "Expected type object, got array"));
    EXPECT_EQ(fail(Json::array({Json::array(), Json::object(), "1"})),
              P(-3, "Expected type number, got string"));
    EXPECT_EQ(fail(Json::array({Json::array(), Json::object(), 0, "x"})),
              P(-3, "Expected type object, got string"));
    EXPECT_EQ(fail(Json::array({nullptr, Json::object()})),
              P(-8, "Invalid parameter, arguments 1 and 2 must be non-null"));
    EXPECT_EQ(fail(Json::array({Json::array(), nullptr})),
              P(-8, "Invalid parameter, arguments 1 and 2 must be non-null"));
    EXPECT_EQ(fail(Json::array({Json::array(), Json::object(), -1})),
              P(-8, "Invalid parameter, locktime out of range"));
    EXPECT_EQ(fail(Json::array({Json::array(), Json::object(), int64_t{4294967296}})),
              P(-8, "Invalid parameter, locktime out of range"));
    // Inputs.
    EXPECT_EQ(fail(Json::array({Json::array({1}), Json::object()})),
              P(-1, "JSON value is not an object as expected"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"vout", 0}}}), Json::object()})),
              P(-8, "txid must be hexadecimal string (not '')"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"txid", 5}, {"vout", 0}}}), Json::object()})),
              P(-8, "txid must be hexadecimal string (not '')"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"txid", "abcd"}, {"vout", 0}}}), Json::object()})),
              P(-8, "txid must be of length 64 (not 4)"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"txid", "xyz"}, {"vout", 0}}}), Json::object()})),
              P(-8, "txid must be hexadecimal string (not 'xyz')"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"txid", kSendInput}}}), Json::object()})),
              P(-8, "Invalid parameter, missing vout key"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"txid", kSendInput}, {"vout", "0"}}}), Json::object()})),
              P(-8, "Invalid parameter, missing vout key"));
    EXPECT_EQ(fail(Json::array({Json::array({{{"txid", kSendInput}, {"vout", -1}}}), Json::object()})),
              P(-8, "Invalid parameter, vout must be positive"));
    EXPECT_EQ(fail(Json::array(
                  {Json::array({{{"txid", kSendInput}, {"vout", 0}, {"sequence", -1}}}), Json::object()})),
              P(-8, "Invalid parameter, sequence number is out of range"));
    EXPECT_EQ(fail(Json::array(
                  {Json::array({{{"txid", kSendInput}, {"vout", 0}, {"asset", "12"}}}), Json::object()})),
              P(-8, "asset must be of length 64 (not 2)"));
    // Outputs.
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"notanaddress", 1}}})),
              P(-5, "Invalid Bitcoin address: notanaddress"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"data", "zz"}}})),
              P(-8, "Data must be hexadecimal string (not 'zz')"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"data", ""}}})),
              P(-8, "Data must be hexadecimal string (not '')"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"data", true}}})),
              P(-8, "Data must be hexadecimal string (not '1')"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"vdata", "00"}}})),
              P(-1, "JSON value is not an array as expected"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"vdata", Json::array({1})}}})),
              P(-1, "JSON value is not a string as expected"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"vdata", Json::array({"0"})}}})),
              P(-8, "Data must be hexadecimal string (not '0')"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"fee", true}}})), P(-3, "Amount is not a number or string"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6", "1.000000001"}}})),
              P(-3, "Invalid amount"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"2dcrLY6RrhokJayJtBAhfja3oVv2mEStMJ6", -1}}})),
              P(-3, "Amount out of range"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"fee", 1}}, 0, Json{{"fee", "nothex"}}})),
              P(-8, "fee must be hexadecimal string (not 'nothex')"));
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"fee", 1}}, 0, Json{{"fee", 3}}})),
              P(-8, "fee must be hexadecimal string (not '')"));
    // A Bitcoin mainnet address is not an Ocean address.
    EXPECT_EQ(fail(Json::array({in_ok, Json{{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", 1}}})),
              P(-5, "Invalid Bitcoin address: 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"));
}

// ---- createrawtxoutputs ----

TEST(RawTransactionRpc, CreateRawTxOutputsRebuildsTxSendAsset) {
    Harness h(DevChainArgs());
    const std::string asset = "b2985cf2b5e6ed65a44ad34a8d14df58d1edcce19735545525dacc3d58705447";
    const Json inputs = Json::array(
        {{{"txid", "957a193eddab450140580412d48675449fd462ade769ef20a445124e23c8ba47"}, {"vout", 0}}});
    const Json outputs = Json::array({
        {{"address", "2dwguurHh7YYzuQ65hC4LXNxWTJCqQQbuBc"}, {"amount", 25}, {"asset", asset}},
        {{"address", "2dnay89ULquUaaeXSPUc1Um4b3xoaX9CJDC"}, {"amount", "24.99993180"}, {"asset", asset}},
        {{"address", "fee"}, {"amount", 0.0000682}, {"asset", asset}},
    });
    EXPECT_EQ(h.Call("createrawtxoutputs", Json::array({inputs, outputs, 2})), UnsignedHex("tx_send_asset"));

    // The same address twice, a data output with an amount, no locktime.
    const Json more = Json::array({
        {{"address", "2dwguurHh7YYzuQ65hC4LXNxWTJCqQQbuBc"}, {"amount", 1}, {"asset", asset}},
        {{"address", "2dwguurHh7YYzuQ65hC4LXNxWTJCqQQbuBc"}, {"amount", 2}, {"asset", asset}},
        {{"data", "cafe"}, {"amount", 3}, {"asset", asset}},
    });
    const Transaction tx = DecodeHexTx(h.Call("createrawtxoutputs", Json::array({inputs, more})));
    ASSERT_EQ(tx.vout.size(), 3u);
    EXPECT_EQ(tx.vout[0].script_pubkey, tx.vout[1].script_pubkey);
    EXPECT_EQ(tx.vout[1].value.GetAmount(), 2 * COIN);
    EXPECT_EQ(HexStr(tx.vout[2].script_pubkey), "6a02cafe");
    EXPECT_EQ(tx.vout[2].value.GetAmount(), 3 * COIN);
    EXPECT_EQ(tx.vin[0].sequence, 0xffffffffu);

    using P = std::pair<int, std::string>;
    auto fail = [&](Json outs) {
        return h.Fail("createrawtxoutputs", Json::array({inputs, std::move(outs)}));
    };
    EXPECT_EQ(h.Fail("createrawtxoutputs", Json::array({inputs, Json::object()})),
              P(-3, "Expected type array, got object"));
    EXPECT_EQ(fail(Json::array({{{"amount", 1}, {"asset", asset}}})),
              P(-8, "Output object without address or data key"));
    EXPECT_EQ(fail(Json::array({{{"address", "fee"}, {"amount", 1}}})),
              P(-8, "asset must be hexadecimal string (not '')"));
    EXPECT_EQ(fail(Json::array({{{"address", "fee"}, {"asset", asset}}})),
              P(-3, "Amount is not a number or string"));
    EXPECT_EQ(fail(Json::array({{{"address", "bogus"}, {"amount", 1}, {"asset", asset}}})),
              P(-5, "Invalid Bitcoin address: bogus"));
    EXPECT_EQ(fail(Json::array({{{"data", "0"}, {"amount", 1}, {"asset", asset}}})),
              P(-8, "Data must be hexadecimal string (not '0')"));
}

// ---- createrawpolicytx ----

const char* kPolicyAdmin = "02e25b06e4d9335441b681bf504736330307b6040c709d7572f37913f18786149b";
const char* kFreezelistAsset = "65688bb5f5942978d24113a03e3e68f2407156aee9f60f5b34235347aebb5248";
const char* kPolicyInput = "63412d2ae2c13eccbfb0cd95a19504089c8bc92f749f7a7cfc4ad51278775099";

TEST(RawTransactionRpc, CreateRawPolicyTxRebuildsTheReference) {
    Harness h(PolicyChainArgs());
    const RefJson ref = VectorJson("tx_policy_freezelist");
    const Json inputs = Json::array({{{"txid", kPolicyInput}, {"vout", 0}}});
    const Json outputs = Json::array(
        {{{"pubkey", kPolicyAdmin}, {"value", 5000}, {"address", ref["rpc_result"]["frozen_address"]}}});
    const Json hex = h.Call("createrawpolicytx", Json::array({inputs, outputs, 0, kFreezelistAsset}));
    EXPECT_EQ(hex, ref["rpc_result"]["unsigned"].get<std::string>());
    EXPECT_EQ(hex, UnsignedHex("tx_policy_freezelist"));
    // Named parameters give the same.
    Json named = {{"inputs", inputs}, {"outputs", outputs}, {"locktime", 0}, {"asset", kFreezelistAsset}};
    EXPECT_EQ(
        h.Body(WriteJson(Json{{"method", "createrawpolicytx"}, {"params", named}, {"id", 1}}))["result"],
        hex);
}

TEST(RawTransactionRpc, CreateRawPolicyTxKeys) {
    Harness h(PolicyChainArgs());
    const Json inputs =
        Json::array({{{"txid", kPolicyInput}, {"vout", 0}, {"asset", "ignored, not parsed"}}});
    auto script_of = [&](Json output, int64_t locktime = 0) {
        const Transaction tx = DecodeHexTx(h.Call(
            "createrawpolicytx", Json::array({inputs, Json::array({std::move(output)}), locktime, "abc"})));
        EXPECT_EQ(tx.vout[0].asset.GetAsset(), uint256::FromHex("abc"));  // lenient asset parsing
        return HexStr(tx.vout[0].script_pubkey);
    };
    const std::string admin_push = "21" + std::string(kPolicyAdmin);
    // userkey: bytes 3..32 reversed.
    const std::string userkey = "0311223344556677889900aabbccddeeff00112233445566778899aabbccddeeff";
    Bytes reversed = *ParseHex(userkey);
    std::reverse(reversed.begin() + 3, reversed.end());
    EXPECT_EQ(script_of({{"pubkey", kPolicyAdmin}, {"value", "1"}, {"userkey", userkey}}),
              "51" + admin_push + "21" + HexStr(reversed) + "52ae");
    // Neither address nor userkey: 33 zero bytes are no key, and the key is pushed empty.
    EXPECT_EQ(script_of({{"pubkey", kPolicyAdmin}, {"value", 0}}), "51" + admin_push + "0052ae");
    // A userkey whose first byte is not 02/03 is pushed empty too.
    EXPECT_EQ(script_of({{"pubkey", kPolicyAdmin}, {"value", 0}, {"userkey", "04" + userkey.substr(2)}}),
              "51" + admin_push + "0052ae");
    // A non-string address or userkey is ignored.
    EXPECT_EQ(script_of({{"pubkey", kPolicyAdmin}, {"value", 0}, {"address", 5}}),
              "51" + admin_push + "0052ae");
    // The locktime makes input sequences non-final.
    const Transaction tx = DecodeHexTx(h.Call(
        "createrawpolicytx",
        Json::array({inputs, Json::array({{{"pubkey", kPolicyAdmin}, {"value", 0}}}), 5, kFreezelistAsset})));
    EXPECT_EQ(tx.lock_time, 5u);
    EXPECT_EQ(tx.vin[0].sequence, 0xfffffffeu);
}

TEST(RawTransactionRpc, CreateRawPolicyTxErrors) {
    Harness h(PolicyChainArgs());
    const Json inputs = Json::array({{{"txid", kPolicyInput}, {"vout", 0}}});
    auto fail = [&](Json output) {
        return h.Fail("createrawpolicytx",
                      Json::array({inputs, Json::array({std::move(output)}), 0, kFreezelistAsset}));
    };
    using P = std::pair<int, std::string>;
    EXPECT_EQ(h.Fail("createrawpolicytx", Json::array({inputs, Json::object(), 0, "00"})),
              P(-3, "Expected type array, got object"));
    EXPECT_EQ(h.Fail("createrawpolicytx", Json::array({inputs, Json::array(), 0, 5})),
              P(-3, "Expected type string, got number"));
    EXPECT_EQ(h.Fail("createrawpolicytx", Json::array({inputs, Json::array(), nullptr, "00"})),
              P(-1, "JSON value is not an integer as expected"));
    EXPECT_EQ(h.Fail("createrawpolicytx", Json::array({inputs, Json::array(), 0, nullptr})),
              P(-1, "JSON value is not a string as expected"));
    EXPECT_EQ(h.Fail("createrawpolicytx", Json::array({nullptr, Json::array(), 0, "00"})),
              P(-8, "Invalid parameter, arguments 1 and 2 must be non-null"));
    EXPECT_EQ(fail({{"value", 1}}), P(-5, "Pubkey must be a hex string"));
    EXPECT_EQ(fail({{"pubkey", "xx"}, {"value", 1}}), P(-5, "Pubkey must be a hex string"));
    EXPECT_EQ(fail({{"pubkey", "02" + std::string(64, '0')}, {"value", 1}}),
              P(-5, "Pubkey is not a valid public key"));
    EXPECT_EQ(fail({{"pubkey", 12}, {"value", 1}}), P(-5, "Pubkey is not a valid public key"));
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin}, {"value", 1}, {"address", "nonsense0OIl"}}),
              P(-5, "Invalid  address"));
    // A P2SH address has no key id.
    const std::string p2sh = EncodeDestination(ScriptHash(uint160()), h.ctx().json.prefixes);
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin}, {"value", 1}, {"address", p2sh}}), P(-5, "Invalid key id"));
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin},
                    {"value", 1},
                    {"address", "2dvVRNA4bgw9zaJpggRUgTou4tWMCeMD26P"},
                    {"userkey", "02" + std::string(64, '1')}}),
              P(-5, "Cannot have both address and userkey"));
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin}, {"value", 1}, {"userkey", "zz"}}),
              P(-5, "Userkey must be a hex string"));
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin}, {"value", 1}, {"userkey", "0201"}}),
              P(-5, "Userkey must be 33 bytes in length"));
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin}}), P(-3, "Amount is not a number or string"));
    EXPECT_EQ(fail({{"pubkey", kPolicyAdmin}, {"value", "21000001"}}), P(-3, "Amount out of range"));
}

// ---- getrawtransaction ----

class GetRawTransactionTest : public ::testing::Test {
  protected:
    std::unique_ptr<Chainstate> Open(const ChainParams& params, bool txindex) {
        ChainstateOptions opt;
        opt.datadir = dir_.path() / (txindex ? "txindex" : "plain");
        opt.cache_bytes = 8u << 20;
        opt.txindex = txindex;
        opt.par = 1;
        auto cs = Chainstate::Open(params, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        return std::move(cs.value());
    }
    static void Connect(Chainstate& cs, const Block& block) {
        ValidationState state;
        ASSERT_TRUE(cs.ProcessNewBlock(block, state)) << state.ToString();
    }

    test::TempDir dir_;
    MockClock clock_{1795212203 + 3600};
    Logger log_{clock_};
};

TEST_F(GetRawTransactionTest, NeedsTheTransactionIndex) {
    Harness h(DevChainArgs());
    EXPECT_EQ(h.Fail("getrawtransaction", Json::array({std::string(64, '0')})),
              std::make_pair(-32603, std::string("Chain state is not loaded")));
    auto cs = Open(h.params(), false);
    h.ctx().chainstate = cs.get();
    const std::string genesis_tx = VectorJson("genesis_dev_freecoins")["genesis_txs_decoded"][0]["txid"];
    EXPECT_EQ(
        h.Fail("getrawtransaction", Json::array({genesis_tx})),
        std::make_pair(-5, std::string("No such mempool transaction. Use -txindex to enable blockchain "
                                       "transaction queries. Use gettransaction for wallet transactions.")));
}

TEST_F(GetRawTransactionTest, ReproducesTheReferenceThroughTheIndex) {
    Harness h(DevChainArgs());
    auto cs = Open(h.params(), true);
    h.ctx().chainstate = cs.get();
    h.ctx().txindex = true;

    // Genesis transactions exactly as the reference's getrawtransaction(txid, 1) at height 0.
    const RefJson genesis = VectorJson("genesis_dev_freecoins");
    ASSERT_EQ(cs->Tip()->GetBlockHash().ToHex(), genesis["genesis_hash"].get<std::string>());
    for (const RefJson& ref : genesis["genesis_txs_decoded"]) {
        const Json ours = h.Call("getrawtransaction", Json::array({ref["txid"], 1}));
        ExpectMatches(ours, ref, "genesis " + ref["txid"].get<std::string>());
        EXPECT_EQ(h.Call("getrawtransaction", Json::array({ref["txid"]})), ref["hex"]);
    }

    for (const char* name :
         {"block_dev_h1_empty", "block_dev_h2_send_issuance", "block_dev_h3_reissue_burn_sendasset"}) {
        Connect(*cs, DecodeBlock(test::ReadHexFile(std::string("ocean/") + name + ".hex")).value());
    }
    ASSERT_EQ(cs->Height(), 3);

    // tx_send sits in block 2: two confirmations at height 3.
    const RefJson h2 = VectorJson("block_dev_h2_send_issuance");
    RefJson expected = VectorJson("tx_send")["decoderawtransaction"];
    expected["hex"] = VectorHex("tx_send");
    expected["blockhash"] = h2["hash"];
    expected["confirmations"] = 2;
    expected["time"] = h2["time"];
    expected["blocktime"] = h2["time"];
    const std::string txid = expected["txid"];
    Json ours = h.Call("getrawtransaction", Json::array({txid, true}));
    ExpectMatches(ours, expected, "tx_send");
    EXPECT_EQ(Keys(ours), (std::vector<std::string>{"hex", "txid", "hash", "withash", "size", "vsize",
                                                    "version", "locktime", "vin", "vout", "blockhash",
                                                    "confirmations", "time", "blocktime"}));
    // verbose may be a number; 0 and false mean hex.
    EXPECT_EQ(h.Call("getrawtransaction", Json::array({txid, 5}))["hex"], VectorHex("tx_send"));
    EXPECT_EQ(h.Call("getrawtransaction", Json::array({txid, 0})), VectorHex("tx_send"));
    EXPECT_EQ(h.Call("getrawtransaction", Json::array({txid, false})), VectorHex("tx_send"));
    // Named parameters.
    const Json reply = h.Body(WriteJson(
        Json{{"method", "getrawtransaction"}, {"params", {{"txid", txid}, {"verbose", true}}}, {"id", 1}}));
    EXPECT_EQ(reply["result"]["confirmations"], 2);
    // Every transaction of block 3, with the reference's decoding.
    for (const char* name : {"tx_reissuance", "tx_burn", "tx_send_asset"}) {
        const RefJson ref = VectorJson(name)["decoderawtransaction"];
        ours = h.Call("getrawtransaction", Json::array({ref["txid"], true}));
        EXPECT_EQ(ours["confirmations"], 1) << name;
        EXPECT_EQ(ours["hex"], VectorHex(name)) << name;
        for (const char* key : {"hex", "blockhash", "confirmations", "time", "blocktime"}) ours.erase(key);
        ExpectMatches(ours, ref, name);
    }

    // Errors.
    using P = std::pair<int, std::string>;
    EXPECT_EQ(
        h.Fail("getrawtransaction", Json::array({std::string(64, 'f')})),
        P(-5, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."));
    EXPECT_EQ(h.Fail("getrawtransaction", Json::array({"abcd"})),
              P(-8, "parameter 1 must be of length 64 (not 4)"));
    EXPECT_EQ(h.Fail("getrawtransaction", Json::array({"xyz"})),
              P(-8, "parameter 1 must be hexadecimal string (not 'xyz')"));
    EXPECT_EQ(h.Fail("getrawtransaction", Json::array({12})),
              P(-8, "parameter 1 must be hexadecimal string (not '')"));
    EXPECT_EQ(h.Fail("getrawtransaction", Json::array({txid, "true"})),
              P(-3, "Invalid type provided. Verbose parameter must be a boolean."));
    EXPECT_EQ(h.Fail("getrawtransaction", Json::array({txid, nullptr})),
              P(-3, "Invalid type provided. Verbose parameter must be a boolean."));
}

TEST_F(GetRawTransactionTest, SerialVersionAndBidAnnotations) {
    test::ChainBuilderOptions o;
    o.p2wpkh_every = 1;  // every created output is P2WPKH, so spends carry witness data
    test::ChainBuilder cb("rawtransaction-rpc", o);
    std::vector<std::string> args;
    for (const auto& [name, value] : cb.ChainOptions()) args.push_back("-" + name + "=" + value);
    Harness h(args);
    auto cs = Open(h.params(), true);
    h.ctx().chainstate = cs.get();
    auto extend = [&](const Block& b) {
        Connect(*cs, b);
        cb.Accept(b);
    };
    extend(cb.FanOutBlock(10));
    // Spend one of the new P2WPKH outputs: a transaction with witness data.
    std::vector<OutPoint> segwit;
    for (const auto& [outpoint, entry] : cb.Utxos()) {
        if (entry.kind == test::OutputKind::kP2WPKH && segwit.empty()) segwit.push_back(outpoint);
    }
    ASSERT_EQ(segwit.size(), 1u);
    const TransactionRef wtx = MakeTransactionRef(cb.SpendP2PKH(segwit, 1, 10000));
    ASSERT_TRUE(wtx->HasWitness());
    extend(cb.NextBlock({wtx}));
    const std::string txid = wtx->GetTxid().ToHex();
    const std::string with_witness = HexStr(EncodeTransaction(*wtx));
    const std::string without = HexStr(EncodeTransaction(*wtx, false));
    ASSERT_NE(with_witness, without);
    EXPECT_EQ(h.Call("getrawtransaction", Json::array({txid})), with_witness);
    Json verbose = h.Call("getrawtransaction", Json::array({txid, true}));
    EXPECT_EQ(verbose["hex"], with_witness);
    EXPECT_TRUE(verbose["vin"][0].contains("scriptWitness"));
    h.ctx().rpc_serial_version = 0;  // -rpcserialversion=0: hex without witness, JSON unchanged
    EXPECT_EQ(h.Call("getrawtransaction", Json::array({txid})), without);
    verbose = h.Call("getrawtransaction", Json::array({txid, true}));
    EXPECT_EQ(verbose["hex"], without);
    EXPECT_EQ(verbose["hash"], wtx->GetHashWithWitness().ToHex());
    h.ctx().rpc_serial_version = 1;

    // A bid: a locked multisig paying an explicit non-permission asset, confirmed in the active chain.
    MutableTransaction bid = cb.SpendP2PKH(cb.SelectSpendable(1), 1, 10000);
    const uint256 request_txid =
        uint256::FromHex("666450e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05");
    bid.vout[0].script_pubkey =
        GetScriptForBid(110, cb.GetPubKey(1).span(), request_txid, cb.GetPubKey(2).span()).bytes();
    ASSERT_TRUE(cb.SignTransaction(bid));
    const TransactionRef bid_ref = MakeTransactionRef(bid);
    extend(cb.NextBlock({bid_ref}));
    verbose = h.Call("getrawtransaction", Json::array({bid_ref->GetTxid().ToHex(), true}));
    ASSERT_TRUE(verbose["vout"][0].contains("bid"));
    EXPECT_EQ(verbose["vout"][0]["bid"],
              (Json{{"txid", bid_ref->GetTxid().ToHex()}, {"feePubKey", HexStr(cb.GetPubKey(2).span())}}));
    EXPECT_EQ(Keys(verbose["vout"][0]).back(), "bid");  // after scriptPubKey
    EXPECT_FALSE(verbose["vout"][1].contains("bid"));   // the fee output
    // decoderawtransaction has no block context and never annotates.
    const Json decoded = h.Call("decoderawtransaction", Json::array({verbose["hex"]}));
    EXPECT_FALSE(decoded["vout"][0].contains("bid"));
}

}  // namespace
}  // namespace ocean
