// ChainParams::FromOptions: genesis vectors and chain A rebuilt from their options, the schedules of
// consensus.md §9 with their quirks, and option errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "consensus_test_util.h"

namespace ocean {
namespace {

using nlohmann::json;
using test::OptionList;

struct GenesisCase {
    const char* name;
    const char* terms;
};

class ChainParamsGenesis : public ::testing::TestWithParam<GenesisCase> {};

TEST_P(ChainParamsGenesis, HashMatchesVector) {
    const GenesisCase c = GetParam();
    const json j = json::parse(test::ReadText(std::string("ocean/") + c.name + ".json"));
    ContractTexts texts;
    if (c.terms) texts.latest = test::ReadText(c.terms);
    const ChainParams p = test::ParamsFromArgs(j["config_args"].get<std::vector<std::string>>(), texts);
    EXPECT_EQ(p.genesis_hash.ToHex(), j["genesis_hash"].get<std::string>());
    EXPECT_EQ(HexStr(EncodeBlock(p.genesis)),
              HexStr(test::ReadHexFile(std::string("ocean/") + c.name + ".hex")));
    EXPECT_TRUE(CheckBlockProof(p.genesis, p));  // genesis is accepted by hash
}

INSTANTIATE_TEST_SUITE_P(Vectors, ChainParamsGenesis,
                         ::testing::Values(GenesisCase{"genesis_default_ocean_test", nullptr},
                                           GenesisCase{"genesis_dev_freecoins", nullptr},
                                           GenesisCase{"genesis_elementsregtest_freecoins", nullptr},
                                           GenesisCase{"genesis_dev_freecoins_terms",
                                                       "ocean/terms_ocean_test_latest.txt"},
                                           GenesisCase{"genesis_policy_sample_conf", nullptr}));

TEST(ChainParams, ChainAFromConfig) {
    ContractTexts texts;
    texts.latest = test::ReadText("ocean/chains/A/latest.txt");
    const ChainParams p = test::ParamsFromArgs(test::ReadConfigArgs("ocean/chains/A/config.txt"), texts);
    const auto blocks = test::ReadHexLines("ocean/chains/A/blocks.hex");
    auto g = DecodeBlock(blocks.at(0));
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(p.genesis_hash, g->GetHash());
    EXPECT_EQ(HexStr(p.mandatory_coinbase), "76a914a6ad01b219ca3846ebb8f3b0a4ae7f9021a971db88ac");
    EXPECT_TRUE(p.EnforcesCoinbaseDestination());
    EXPECT_EQ(p.signblockscript, g->proof.challenge);
    EXPECT_EQ(p.coinbase_maturity, 2);
    EXPECT_EQ(p.max_future_block_time, 7200);
    // getcontracthash: latest.txt for every height > 0 without -contractchange
    const json fin = json::parse(test::ReadText("ocean/chains/A/final_state.json"));
    EXPECT_EQ(p.ContractHashAt(330).ToHex(), fin["getcontracthash"].get<std::string>());
    EXPECT_EQ(p.ContractHashAt(0), p.ContractHashAt(1));
    ASSERT_TRUE(p.PolicyAssetAt(PolicyAssetKind::kFreezelist, 5));
    EXPECT_EQ(*p.PolicyAssetAt(PolicyAssetKind::kFreezelist, 5), *p.genesis_assets.freezelist);
}

TEST(ChainParams, Defaults) {
    const ChainParams p = test::ParamsFromArgs({});
    EXPECT_EQ(p.genesis_params.chain, "ocean_test");
    EXPECT_EQ(HexStr(p.signblockscript), "51");
    EXPECT_TRUE(p.mandatory_coinbase.empty());
    EXPECT_FALSE(p.EnforcesCoinbaseDestination());
    EXPECT_TRUE(p.embed_contract);
    EXPECT_EQ(p.custom.rule_change_activation_threshold, 108);
    EXPECT_EQ(p.custom.miner_confirmation_window, 144);
    EXPECT_EQ(p.custom.bip34_height, 100000000);
    EXPECT_TRUE(p.custom.default_consistency_checks);
    EXPECT_FALSE(p.custom.require_standard);
    EXPECT_EQ(p.custom.pow_limit.ToHex(), "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    EXPECT_TRUE(p.custom.minimum_chain_work.IsNull());
    EXPECT_EQ(p.pegged_asset, p.genesis_assets.pegged);
    EXPECT_EQ(p.parent_genesis_hash.ToHex(),
              "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
    EXPECT_TRUE(p.ContractHashAt(0).IsNull());
    EXPECT_TRUE(p.ContractHashAt(10).IsNull());

    const ChainParams m = test::ParamsFromArgs({"-chain=ocean_main"});
    EXPECT_EQ(m.custom.rule_change_activation_threshold, 1916);
    EXPECT_EQ(m.custom.miner_confirmation_window, 2016);
    EXPECT_FALSE(m.custom.default_consistency_checks);

    const ChainParams c = test::ParamsFromArgs({"-con_nminerconfirmationwindow=10", "-con_bip34height=5",
                                                "-frequirestandard", "-con_fpownoretargeting=0",
                                                "-con_nminimumchainwork=0x10", "-ndefaultport=1234"});
    EXPECT_EQ(c.custom.miner_confirmation_window, 10);
    EXPECT_EQ(c.custom.bip34_height, 5);
    EXPECT_TRUE(c.custom.require_standard);
    EXPECT_FALSE(c.custom.pow_no_retargeting);
    EXPECT_EQ(c.custom.minimum_chain_work, uint256::FromByte0(0x10));
    EXPECT_EQ(c.custom.default_port, 1234);
}

TEST(ChainParams, CoinbaseSchedule) {
    // qa hardfork.py: base multisig, P2SH from 10, P2PKH from 22.
    const ChainParams p = test::ParamsFromArgs(
        {"-con_mandatorycoinbase=51", "-coinbasechange=a914c0c2f77663b67e4c6c1b217b5c866095a800839f87:10",
         "-coinbasechange=76a9143e6b9f66eeb139c693cc8148285133a5ea96f66488ac:22"});
    EXPECT_EQ(HexStr(p.CoinbaseDestinationAt(0)), "51");
    EXPECT_EQ(HexStr(p.CoinbaseDestinationAt(9)), "51");
    EXPECT_EQ(HexStr(p.CoinbaseDestinationAt(10)), "a914c0c2f77663b67e4c6c1b217b5c866095a800839f87");
    EXPECT_EQ(HexStr(p.CoinbaseDestinationAt(21)), "a914c0c2f77663b67e4c6c1b217b5c866095a800839f87");
    EXPECT_EQ(HexStr(p.CoinbaseDestinationAt(22)), "76a9143e6b9f66eeb139c693cc8148285133a5ea96f66488ac");
    EXPECT_EQ(HexStr(p.CoinbaseDestinationAt(1000000)), "76a9143e6b9f66eeb139c693cc8148285133a5ea96f66488ac");
    // Schedule without the base option: not enforced.
    const ChainParams q = test::ParamsFromArgs({"-coinbasechange=51:3"});
    EXPECT_FALSE(q.EnforcesCoinbaseDestination());
}

TEST(ChainParams, SignblockscriptSchedule) {
    const ChainParams p =
        test::ParamsFromArgs({"-signblockscriptchange=5151:35", "-signblockscriptchange=52:15"});
    EXPECT_FALSE(p.ScheduledChallengeAt(0));
    EXPECT_FALSE(p.ScheduledChallengeAt(14));
    EXPECT_EQ(HexStr(*p.ScheduledChallengeAt(15)), "52");
    EXPECT_EQ(HexStr(*p.ScheduledChallengeAt(34)), "52");
    EXPECT_EQ(HexStr(*p.ScheduledChallengeAt(35)), "5151");
    EXPECT_EQ(HexStr(*p.ScheduledChallengeAt(99)), "5151");
    EXPECT_EQ(HexStr(p.signblockscript), "51");  // the genesis challenge is unaffected
}

TEST(ChainParams, ContractScheduleQuirks) {
    ContractTexts texts;
    texts.latest = "latest terms\n";
    texts.old1 = "old terms\n";
    const uint256 latest = ContractHashOfText(*texts.latest);
    const uint256 old1 = ContractHashOfText(*texts.old1);

    // No change: latest everywhere but genesis, which takes old1 when present.
    const ChainParams a = test::ParamsFromArgs({}, texts);
    EXPECT_EQ(a.ContractHashAt(0), old1);
    EXPECT_EQ(a.genesis.contract_hash, old1);
    EXPECT_EQ(a.ContractHashAt(1), latest);

    // contractfork.py: change at 55 -> heights <= 54 carry old1, >= 55 latest.
    const ChainParams b = test::ParamsFromArgs({"-contractchange=55"}, texts);
    EXPECT_EQ(b.ContractHashAt(1), old1);
    EXPECT_EQ(b.ContractHashAt(54), old1);
    EXPECT_EQ(b.ContractHashAt(55), latest);
    EXPECT_EQ(b.ContractHashAt(100000), latest);

    // Several changes all map to old1 (the file suffix never increments).
    const ChainParams c = test::ParamsFromArgs({"-contractchange=10", "-contractchange=20"}, texts);
    EXPECT_EQ(c.ContractHashAt(5), old1);
    EXPECT_EQ(c.ContractHashAt(15), old1);
    EXPECT_EQ(c.ContractHashAt(20), latest);
    EXPECT_TRUE(c.ContractHashAt(0xffffffffu).IsNull());

    // Genesis without old1 takes latest; -embedcontract=0 leaves the genesis hash field zero.
    ContractTexts only_latest;
    only_latest.latest = *texts.latest;
    EXPECT_EQ(test::ParamsFromArgs({}, only_latest).genesis.contract_hash, latest);
    const ChainParams d = test::ParamsFromArgs({"-embedcontract=0"}, only_latest);
    EXPECT_FALSE(d.embed_contract);
    EXPECT_TRUE(d.genesis.contract_hash.IsNull());
    EXPECT_EQ(d.ContractHashAt(0), latest);
    // An empty old1 counts as missing.
    ContractTexts empty_old1 = only_latest;
    empty_old1.old1 = "";
    EXPECT_EQ(test::ParamsFromArgs({}, empty_old1).ContractHashAt(0), latest);
}

TEST(ChainParams, PolicyAssetSchedulesAndBurnlistQuirk) {
    const std::string a1(64, '1'), a2(64, '2'), a3(64, '3');
    const ChainParams p =
        test::ParamsFromArgs({"-policycoins=100", "-freezelistcoinsdestination=51",
                              "-burnlistcoinsdestination=51", "-freezelistassetchange=" + a1 + ":10",
                              "-burnlistassetchange=" + a2 + ":20", "-whitelistassetchange=" + a3 + ":5"});
    ASSERT_TRUE(p.genesis_assets.freezelist && p.genesis_assets.burnlist);
    EXPECT_EQ(*p.PolicyAssetAt(PolicyAssetKind::kFreezelist, 9), *p.genesis_assets.freezelist);
    EXPECT_EQ(p.PolicyAssetAt(PolicyAssetKind::kFreezelist, 10)->ToHex(), a1);
    // -burnlistassetchange lands in the freezelist schedule.
    EXPECT_EQ(p.PolicyAssetAt(PolicyAssetKind::kFreezelist, 20)->ToHex(), a2);
    EXPECT_EQ(*p.PolicyAssetAt(PolicyAssetKind::kBurnlist, 20), *p.genesis_assets.burnlist);
    EXPECT_FALSE(p.PolicyAssetAt(PolicyAssetKind::kWhitelist, 4));
    EXPECT_EQ(p.PolicyAssetAt(PolicyAssetKind::kWhitelist, 5)->ToHex(), a3);
    EXPECT_FALSE(p.PolicyAssetAt(PolicyAssetKind::kIssuance, 100));
}

TEST(ChainParams, DisabledOutputs) {
    const std::string txid = "3a507fff1b4951f8bee049d51f423a16f47537244abeebfee7940b662592e402";
    const ChainParams p = test::ParamsFromArgs({"-disabledoutput=" + txid + ":1"});
    EXPECT_TRUE(p.IsDisabledOutput(OutPoint(*uint256::FromHexStrict(txid), 1)));
    EXPECT_FALSE(p.IsDisabledOutput(OutPoint(*uint256::FromHexStrict(txid), 0)));
}

TEST(ChainParams, MalformedValuesNameTheOption) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"coinbasechange", "51"},          {"coinbasechange", "zz:1"},   {"coinbasechange", "51:-1"},
        {"signblockscriptchange", "51:x"}, {"contractchange", "abc"},    {"freezelistassetchange", "11:3"},
        {"burnlistassetchange", "nohex"},  {"disabledoutput", "abcd:1"}, {"disabledoutput", "no-colon"},
        {"con_mandatorycoinbase", "5"},    {"con_bip34height", "1x"},    {"frequirestandard", "yes"},
        {"embedcontract", "maybe"},        {"signblockscript", "zz"},    {"peginconfirmationdepth", ""}};
    for (const auto& [name, value] : bad) {
        auto r = ChainParams::FromOptions({{name, value}}, {});
        ASSERT_FALSE(r.ok()) << name << "=" << value;
        EXPECT_NE(r.error().message.find("-" + name + "="), std::string::npos) << r.error().ToString();
    }
    // Unknown options are ignored here (the node layer validates names).
    EXPECT_TRUE(ChainParams::FromOptions({{"txindex", "1"}, {"nosuchoption", "x"}}, {}).ok());
}

TEST(ChainParams, DescribeChainOptionsListsHandledNames) {
    const auto& names = DescribeChainOptions();
    for (const char* n :
         {"chain", "signblockscript", "con_mandatorycoinbase", "coinbasechange", "contractchange",
          "signblockscriptchange", "burnlistassetchange", "disabledoutput", "con_defaultassumevalid",
          "embedcontract", "issuancecoinsdestination", "fmineblocksondemand"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
    }
    // Every listed name is accepted with some well-formed value or at least does not crash.
    EXPECT_EQ(std::find(names.begin(), names.end(), "txindex"), names.end());
}

}  // namespace
}  // namespace ocean
