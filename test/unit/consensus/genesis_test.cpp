// The genesis blocks of the reference vectors are rebuilt byte for byte from their configuration.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../vectors.h"
#include "ocean/consensus/genesis.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

using nlohmann::json;

GenesisParams FromArgs(const std::vector<std::string>& args) {
    GenesisParams p;
    for (const std::string& a : args) {
        const auto [name, value] = SplitOptionArg(a);
        auto r = ApplyGenesisOption(p, name, value);
        EXPECT_TRUE(r.ok()) << a << ": " << r.error().ToString();
    }
    return p;
}

struct Case {
    const char* name;
    const char* terms;  // vector file holding the terms text, or nullptr
};

class GenesisVector : public ::testing::TestWithParam<Case> {};

TEST_P(GenesisVector, RebuiltByteForByte) {
    const Case c = GetParam();
    const json j = json::parse(test::ReadText(std::string("ocean/") + c.name + ".json"));
    GenesisParams p = FromArgs(j["config_args"].get<std::vector<std::string>>());
    if (c.terms) p.contract_hash = ContractHashOfText(test::ReadText(c.terms));
    const Block g = BuildGenesisBlock(p);
    EXPECT_EQ(HexStr(EncodeBlock(g)), HexStr(test::ReadHexFile(std::string("ocean/") + c.name + ".hex")));
    EXPECT_EQ(g.GetHash().ToHex(), j["genesis_hash"].get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(
    Ocean, GenesisVector,
    ::testing::Values(Case{"genesis_default_ocean_test", nullptr}, Case{"genesis_dev_freecoins", nullptr},
                      Case{"genesis_elementsregtest_freecoins", nullptr},
                      Case{"genesis_dev_freecoins_terms", "ocean/terms_ocean_test_latest.txt"},
                      Case{"genesis_policy_sample_conf", nullptr}));

TEST(Genesis, SpecCommitmentAndHash) {
    // formats.md §7.8
    GenesisParams p;
    p.chain = "elementsregtest";
    p.initial_free_coins = 2100000000000000;
    EXPECT_EQ(HexStr(GenesisCommitment(p).span()),
              "c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3");
    const Block g = BuildGenesisBlock(p);
    EXPECT_EQ(g.GetHash().ToHex(), "ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b");
    EXPECT_EQ(g.merkle_root.ToHex(), "ba316e572b4af299f15360ef924d33df15f6bb94331e7286fed3977154949b8e");
    EXPECT_EQ(g.vtx[0]->GetTxid().ToHex(),
              "3a507fff1b4951f8bee049d51f423a16f47537244abeebfee7940b662592e402");
    EXPECT_EQ(g.vtx[1]->GetTxid().ToHex(),
              "c858de347d97bd78cfa328acb750061e6a855c6c32fec22d7f6fa5599a15f972");
    EXPECT_EQ(ComputeGenesisAssets(p).pegged.ToHex(),
              "a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a");
}

TEST(Genesis, ModelComputedIssuanceAsset) {
    // formats.md §7.8 (model-computed): only -issuancecoinsdestination set.
    GenesisParams p;
    p.chain = "elementsregtest";
    p.initial_free_coins = 2100000000000000;  // "the same chain": free coins take outpoint n=0
    p.policy_coins = 100;
    p.issuance_destination = *ParseHex("51");
    const GenesisAssets a = ComputeGenesisAssets(p);
    ASSERT_TRUE(a.issuance);
    EXPECT_FALSE(a.freezelist);
    EXPECT_EQ(a.issuance->ToHex(), "e3d29abba9da3395d2036e6bc9fb640353c85684e4b92c54fee8118f848375f7");
}

TEST(Genesis, ChainAFromItsConfig) {
    std::vector<std::string> args;
    for (const std::string& line : Split(test::ReadText("ocean/chains/A/config.txt"), '\n')) {
        const std::string t = Trim(line);
        if (!t.empty() && t[0] == '-') args.push_back(t);
    }
    GenesisParams p = FromArgs(args);
    p.contract_hash = ContractHashOfText(test::ReadText("ocean/chains/A/latest.txt"));
    const Block g = BuildGenesisBlock(p);
    const auto blocks = test::ReadHexLines("ocean/chains/A/blocks.hex");
    EXPECT_EQ(HexStr(EncodeBlock(g)), HexStr(blocks.at(0)));
    const json fin = json::parse(test::ReadText("ocean/chains/A/final_state.json"));
    EXPECT_EQ(g.GetHash().ToHex(), fin["getblockhash"]["0"].get<std::string>());
    EXPECT_EQ(p.contract_hash.ToHex(), fin["getcontracthash"].is_string()
                                           ? fin["getcontracthash"].get<std::string>()
                                           : fin["getcontracthash"].dump());
    const GenesisAssets a = ComputeGenesisAssets(p);
    EXPECT_TRUE(a.freezelist && a.burnlist && a.whitelist && a.challenge && a.permission && a.issuance);
}

TEST(Genesis, OptionErrorsAreClear) {
    GenesisParams p;
    auto r = ApplyGenesisOption(p, "signblockscript", "51zz");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("-signblockscript=51zz"), std::string::npos);
    EXPECT_FALSE(ApplyGenesisOption(p, "initialfreecoins", "-1").ok());
    EXPECT_FALSE(ApplyGenesisOption(p, "initialfreecoins", "2100000000000001").ok());
    EXPECT_FALSE(ApplyGenesisOption(p, "fedpegaddress", "00").ok());
    EXPECT_FALSE(ApplyGenesisOption(p, "genesistimestamp", "x").ok());
    auto other = ApplyGenesisOption(p, "txindex", "1");
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(*other);
    // The attestation hash keeps only the rightmost 64 hex digits (documented Ocean behaviour).
    ASSERT_TRUE(ApplyGenesisOption(p, "attestationhash", "abcd" + std::string(64, '1')).ok());
    EXPECT_EQ(p.attestation_hash.ToHex(), std::string(64, '1'));
}

TEST(Genesis, ContractHashLineNormalisation) {
    EXPECT_TRUE(ContractHashOfText("").IsNull());
    EXPECT_EQ(ContractHashOfText("a\nb"), ContractHashOfText("a\nb\n"));
    EXPECT_NE(ContractHashOfText("a\r\nb\n"), ContractHashOfText("a\nb\n"));
}

TEST(Genesis, ContractTextIsReadLineByLine) {
    EXPECT_EQ(NormalizeContractText(""), "");
    EXPECT_EQ(NormalizeContractText("a"), "a\n");
    EXPECT_EQ(NormalizeContractText("a\n\nb"), "a\n\nb\n");
    EXPECT_EQ(NormalizeContractText("a\r\n"), "a\r\n");
    const std::string text = "terms\nmore";
    EXPECT_EQ(ContractHashOfText(text),
              Sha256dHash(ByteSpan(reinterpret_cast<const uint8_t*>("terms\nmore\n"), 11)));
}

}  // namespace
}  // namespace ocean
