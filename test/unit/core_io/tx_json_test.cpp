// TxToJson reproduces the reference node's decoderawtransaction output for every vector.
#include <gtest/gtest.h>

#include <set>

#include "../vectors.h"
#include "ocean/consensus/genesis.h"
#include "ocean/core_io/tx_json.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/rangeproof_info.h"

namespace ocean {
namespace {

// Compares our tree with the reference JSON (whose amounts are decimal strings).
void ExpectMatches(const Json& ours, const nlohmann::json& ref, const std::string& path,
                   const std::set<std::string>& ignore_keys = {}) {
    if (ref.is_object()) {
        ASSERT_TRUE(ours.is_object()) << path;
        for (auto it = ref.begin(); it != ref.end(); ++it) {
            if (ignore_keys.count(it.key())) continue;
            ASSERT_TRUE(ours.contains(it.key())) << path << " lacks key " << it.key();
            ExpectMatches(ours[it.key()], it.value(), path + "." + it.key(), ignore_keys);
        }
        for (auto it = ours.begin(); it != ours.end(); ++it) {
            EXPECT_TRUE(ref.contains(it.key())) << path << " has extra key " << it.key();
        }
    } else if (ref.is_array()) {
        ASSERT_TRUE(ours.is_array()) << path;
        ASSERT_EQ(ours.size(), ref.size()) << path;
        for (size_t i = 0; i < ref.size(); ++i) {
            ExpectMatches(ours[i], ref[i], path + "[" + std::to_string(i) + "]", ignore_keys);
        }
    } else if (auto amount = JsonAmount(ours)) {
        ASSERT_TRUE(ref.is_string()) << path;
        EXPECT_EQ(*amount, ParseMoney(ref.get<std::string>())) << path << " = " << ref;
    } else {
        EXPECT_EQ(ours.dump(), ref.dump()) << path;
    }
}

JsonContext ContextFor(const std::vector<std::string>& args) {
    GenesisParams p;
    for (const std::string& a : args) {
        const auto [name, value] = SplitOptionArg(a);
        EXPECT_TRUE(ApplyGenesisOption(p, name, value).ok()) << a;
    }
    JsonContext ctx;
    ctx.prefixes = PrefixesForChain(p.chain);
    ctx.asset_labels = GenesisAssetLabels(ComputeGenesisAssets(p));
    return ctx;
}

std::vector<std::string> PolicyArgs() {
    return nlohmann::json::parse(test::ReadText("ocean/genesis_policy_sample_conf.json"))["config_args"]
        .get<std::vector<std::string>>();
}

class TxJsonVector : public ::testing::TestWithParam<std::string> {};

TEST_P(TxJsonVector, MatchesDecodeRawTransaction) {
    const std::string name = GetParam();
    auto tx = DecodeTransaction(test::ReadHexFile("ocean/" + name + ".hex"));
    ASSERT_TRUE(tx.ok());
    const JsonContext ctx =
        ContextFor(name == "tx_policy_freezelist" ? PolicyArgs() : std::vector<std::string>{});
    const auto ref = nlohmann::json::parse(test::ReadText("ocean/" + name + ".json"))["decoderawtransaction"];
    ExpectMatches(TxToJson(**tx, ctx), ref, name);
}

INSTANTIATE_TEST_SUITE_P(Ocean, TxJsonVector,
                         ::testing::Values("tx_send", "tx_issuance", "tx_reissuance", "tx_burn",
                                           "tx_send_asset", "tx_policy_freezelist", "tx_send_confidential"));

class GenesisTxJson : public ::testing::TestWithParam<std::string> {};

TEST_P(GenesisTxJson, MatchesGetRawTransaction) {
    const std::string name = GetParam();
    const auto j = nlohmann::json::parse(test::ReadText("ocean/" + name + ".json"));
    const JsonContext ctx = ContextFor(j["config_args"].get<std::vector<std::string>>());
    auto block = DecodeBlock(test::ReadHexFile("ocean/" + name + ".hex"));
    ASSERT_TRUE(block.ok());
    ASSERT_EQ(block->vtx.size(), j["genesis_txs_decoded"].size());
    for (size_t i = 0; i < block->vtx.size(); ++i) {
        // getrawtransaction adds block-related keys that decoderawtransaction does not have.
        ExpectMatches(TxToJson(*block->vtx[i], ctx), j["genesis_txs_decoded"][i], name,
                      {"hex", "blockhash", "confirmations", "time", "blocktime"});
    }
}

INSTANTIATE_TEST_SUITE_P(Ocean, GenesisTxJson,
                         ::testing::Values("genesis_default_ocean_test", "genesis_dev_freecoins",
                                           "genesis_elementsregtest_freecoins",
                                           "genesis_policy_sample_conf"));

TEST(Json, AmountsAreExactFixedPoint) {
    Json j = Json::object();
    j["a"] = AmountToJson(1);
    j["b"] = AmountToJson(-COIN / 2);
    j["c"] = AmountToJson(MAX_MONEY - 1);
    j["s"] = "quote\" and \x01";
    j["e"] = Json::array();
    j["o"] = Json::object();
    EXPECT_EQ(
        WriteJson(j),
        R"({"a":0.00000001,"b":-0.50000000,"c":20999999.99999999,"s":"quote\" and \u0001","e":[],"o":{}})");
    EXPECT_EQ(WriteJson(Json::array({1, "x"}), 2), "[\n  1,\n  \"x\"\n]");
    EXPECT_EQ(JsonAmount(j["b"]), -COIN / 2);
    EXPECT_FALSE(JsonAmount(Json(5)));
    // Written JSON parses back to the same numbers.
    EXPECT_DOUBLE_EQ(nlohmann::json::parse(WriteJson(j))["c"].get<double>(), 20999999.99999999);
}

TEST(RangeProofInfo, HeaderForms) {
    Bytes proof(65, 0);
    proof[0] = 0x60;   // range and minimum present, exponent 0
    proof[1] = 31;     // 32 mantissa bits
    proof[2 + 7] = 1;  // minimum 1
    auto info = ParseRangeProofInfo(proof);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->exponent, 0);
    EXPECT_EQ(info->mantissa, 32);
    EXPECT_EQ(info->min_value, 1u);
    EXPECT_EQ(info->max_value, 4294967296u);
    proof[0] = 0x20;  // exact value: no range
    info = ParseRangeProofInfo(proof);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->exponent, -1);
    EXPECT_EQ(info->min_value, info->max_value);
    proof[0] = 0x80;
    EXPECT_FALSE(ParseRangeProofInfo(proof));
    proof[0] = 0x40 | 19;  // exponent above 18
    EXPECT_FALSE(ParseRangeProofInfo(proof));
    EXPECT_FALSE(ParseRangeProofInfo(Bytes(64, 0)));
}

}  // namespace
}  // namespace ocean
