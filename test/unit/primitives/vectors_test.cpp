// Every transaction and block produced by the reference Ocean node must decode, re-encode byte for
// byte, and give the identifiers and sizes the reference reported.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "../vectors.h"
#include "ocean/primitives/asset.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/merkle.h"

namespace ocean {
namespace {

using nlohmann::json;

json LoadJson(const std::string& rel) {
    return json::parse(test::ReadText(rel));
}

// Checks a witness commitment in the coinbase the way consensus does (formats.md §4.6).
void ExpectWitnessCommitmentHolds(const Block& b) {
    const auto& cb = *b.vtx[0];
    const Bytes* commit = nullptr;
    for (const TxOut& o : cb.vout) {
        const Bytes& s = o.script_pubkey;
        if (s.size() >= 38 && s[0] == 0x6a && s[1] == 0x24 && s[2] == 0xaa && s[3] == 0x21 && s[4] == 0xa9 &&
            s[5] == 0xed)
            commit = &s;
    }
    if (!commit) {
        for (const auto& tx : b.vtx) EXPECT_FALSE(tx->HasWitness());
        return;
    }
    ASSERT_EQ(cb.vin[0].witness.script_witness.size(), 1u);
    ASSERT_EQ(cb.vin[0].witness.script_witness[0].size(), 32u);
    const uint256 root = BlockWitnessMerkleRoot(b);
    const uint256 expect = Sha256dHash(root.span(), cb.vin[0].witness.script_witness[0]);
    EXPECT_EQ(Bytes(expect.begin(), expect.end()), Bytes(commit->begin() + 6, commit->begin() + 38));
}

void CheckTxAgainstJson(const Transaction& tx, const json& j) {
    EXPECT_EQ(tx.GetTxid().ToHex(), j["txid"].get<std::string>());
    EXPECT_EQ(tx.GetHashWithWitness().ToHex(), j["hash"].get<std::string>());
    EXPECT_EQ(tx.ComputeWitnessHash().ToHex(), j["withash"].get<std::string>());
    EXPECT_EQ(tx.GetTotalSize(), j["size"].get<size_t>());
    EXPECT_EQ(tx.GetVirtualSize(), j["vsize"].get<size_t>());
    EXPECT_EQ(tx.version, j["version"].get<int>());
    EXPECT_EQ(tx.lock_time, j["locktime"].get<uint32_t>());
    ASSERT_EQ(tx.vin.size(), j["vin"].size());
    ASSERT_EQ(tx.vout.size(), j["vout"].size());
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const json& ji = j["vin"][i];
        if (ji.contains("coinbase")) {
            EXPECT_EQ(HexStr(tx.vin[i].script_sig), ji["coinbase"].get<std::string>());
            continue;
        }
        EXPECT_EQ(tx.vin[i].prevout.hash.ToHex(), ji["txid"].get<std::string>());
        EXPECT_EQ(tx.vin[i].prevout.n, ji["vout"].get<uint32_t>());
        EXPECT_EQ(tx.vin[i].sequence, ji["sequence"].get<uint32_t>());
        EXPECT_EQ(tx.vin[i].is_pegin, ji["is_pegin"].get<bool>());
        EXPECT_EQ(HexStr(tx.vin[i].script_sig), ji["scriptSig"]["hex"].get<std::string>());
        EXPECT_EQ(tx.vin[i].HasIssuance(), ji.contains("issuance"));
        if (ji.contains("issuance")) {
            const AssetIssuance& is = tx.vin[i].issuance;
            const json& jis = ji["issuance"];
            EXPECT_EQ(is.asset_blinding_nonce.ToHex(), jis["assetBlindingNonce"].get<std::string>());
            EXPECT_EQ(is.IsReissuance(), jis["isreissuance"].get<bool>());
            const uint256 entropy = is.IsReissuance()
                                        ? is.asset_entropy
                                        : ComputeIssuanceEntropy(tx.vin[i].prevout, is.asset_entropy);
            EXPECT_EQ(entropy.ToHex(), jis["assetEntropy"].get<std::string>());
            EXPECT_EQ(ComputeAssetId(entropy).ToHex(), jis["asset"].get<std::string>());
            if (jis.contains("token")) {
                EXPECT_EQ(ComputeReissuanceToken(entropy, is.amount.IsCommitment()).ToHex(),
                          jis["token"].get<std::string>());
            }
            if (jis.contains("assetamount")) {
                EXPECT_EQ(is.amount.GetAmount(), ParseMoney(jis["assetamount"].get<std::string>()));
            }
        }
    }
    for (size_t k = 0; k < tx.vout.size(); ++k) {
        const TxOut& o = tx.vout[k];
        const json& jo = j["vout"][k];
        EXPECT_EQ(HexStr(o.script_pubkey), jo["scriptPubKey"]["hex"].get<std::string>());
        if (jo.contains("asset")) {
            ASSERT_TRUE(o.asset.IsExplicit());
            EXPECT_EQ(o.asset.GetAsset().ToHex(), jo["asset"].get<std::string>());
        } else {
            EXPECT_EQ(HexStr(o.asset.span()), jo["assetcommitment"].get<std::string>());
        }
        if (jo.contains("value")) {
            ASSERT_TRUE(o.value.IsExplicit());
            EXPECT_EQ(o.value.GetAmount(), ParseMoney(jo["value"].get<std::string>()));
        } else {
            EXPECT_EQ(HexStr(o.value.span()), jo["amountcommitment"].get<std::string>());
        }
    }
}

class TxVector : public ::testing::TestWithParam<std::string> {};

TEST_P(TxVector, RoundTripsWithReferenceIds) {
    const std::string name = GetParam();
    const Bytes raw = test::ReadHexFile("ocean/" + name + ".hex");
    auto tx = DecodeTransaction(raw);
    ASSERT_TRUE(tx.ok()) << tx.error().ToString();
    EXPECT_EQ(EncodeTransaction(**tx), raw);
    CheckTxAgainstJson(**tx, LoadJson("ocean/" + name + ".json")["decoderawtransaction"]);
}

INSTANTIATE_TEST_SUITE_P(Ocean, TxVector,
                         ::testing::Values("tx_send", "tx_issuance", "tx_reissuance", "tx_burn",
                                           "tx_send_asset", "tx_policy_freezelist", "tx_send_confidential"));

void CheckBlockAgainstJson(const Block& b, const json& j) {
    EXPECT_EQ(b.GetHash().ToHex(), j["hash"].get<std::string>());
    EXPECT_EQ(b.merkle_root.ToHex(), j["merkleroot"].get<std::string>());
    EXPECT_EQ(b.height, j["height"].get<uint32_t>());
    EXPECT_EQ(b.time, j["time"].get<uint32_t>());
    EXPECT_EQ(b.version, j["version"].get<int32_t>());
    EXPECT_EQ(b.contract_hash.ToHex(), j["contracthash"].get<std::string>());
    EXPECT_EQ(b.attestation_hash.ToHex(), j["attestationhash"].get<std::string>());
    EXPECT_EQ(b.mapping_hash.ToHex(), j["mappinghash"].get<std::string>());
    if (j.contains("previousblockhash")) {
        EXPECT_EQ(b.prev_block.ToHex(), j["previousblockhash"].get<std::string>());
    }
    EXPECT_EQ(GetBlockSize(b), j["size"].get<size_t>());
    EXPECT_EQ(GetBlockStrippedSize(b), j["strippedsize"].get<size_t>());
    EXPECT_EQ(GetBlockWeight(b), j["weight"].get<size_t>());
    ASSERT_EQ(b.vtx.size(), j["tx"].size());
    for (size_t i = 0; i < b.vtx.size(); ++i) {
        const json& jt = j["tx"][i];
        const std::string id = jt.is_string() ? jt.get<std::string>() : jt["txid"].get<std::string>();
        EXPECT_EQ(b.vtx[i]->GetTxid().ToHex(), id);
    }
    bool mutated = true;
    EXPECT_EQ(BlockMerkleRoot(b, &mutated), b.merkle_root);
    EXPECT_FALSE(mutated);
}

class BlockVector : public ::testing::TestWithParam<std::string> {};

TEST_P(BlockVector, RoundTripsWithReferenceHashes) {
    const std::string name = GetParam();
    const Bytes raw = test::ReadHexFile("ocean/" + name + ".hex");
    auto b = DecodeBlock(raw);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    EXPECT_EQ(EncodeBlock(*b), raw);
    json j = LoadJson("ocean/" + name + ".json");
    if (j.contains("getblock")) {
        EXPECT_EQ(b->GetHash().ToHex(), j["genesis_hash"].get<std::string>());
        for (const json& decoded : j["genesis_txs_decoded"]) {
            bool found = false;
            for (const auto& tx : b->vtx) {
                if (tx->GetTxid().ToHex() == decoded["txid"].get<std::string>()) {
                    found = true;
                    CheckTxAgainstJson(*tx, decoded);
                }
            }
            EXPECT_TRUE(found);
        }
        j = j["getblock"];
    } else {
        ExpectWitnessCommitmentHolds(*b);
    }
    CheckBlockAgainstJson(*b, j);
}

INSTANTIATE_TEST_SUITE_P(Ocean, BlockVector,
                         ::testing::Values("genesis_default_ocean_test", "genesis_dev_freecoins",
                                           "genesis_elementsregtest_freecoins", "genesis_dev_freecoins_terms",
                                           "genesis_policy_sample_conf", "block_dev_h1_empty",
                                           "block_dev_h2_send_issuance",
                                           "block_dev_h3_reissue_burn_sendasset",
                                           "block_dev_ct_h2_confidential_send"));

TEST(ChainA, EveryBlockRoundTripsAndLinks) {
    const auto blocks = test::ReadHexLines("ocean/chains/A/blocks.hex");
    ASSERT_EQ(blocks.size(), 331u);
    const json fin = LoadJson("ocean/chains/A/final_state.json");
    uint256 prev;
    size_t txs = 0;
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto b = DecodeBlock(blocks[h]);
        ASSERT_TRUE(b.ok()) << "height " << h << ": " << b.error().ToString();
        ASSERT_EQ(EncodeBlock(*b), blocks[h]) << "height " << h;
        EXPECT_EQ(b->height, h);
        if (h > 0) {
            EXPECT_EQ(b->prev_block, prev) << "height " << h;
        }
        bool mutated = true;
        EXPECT_EQ(BlockMerkleRoot(*b, &mutated), b->merkle_root) << "height " << h;
        EXPECT_FALSE(mutated);
        if (h > 0) ExpectWitnessCommitmentHolds(*b);
        for (const auto& tx : b->vtx) {
            EXPECT_EQ(EncodeTransaction(*tx), [&] {
                auto again = DecodeTransaction(EncodeTransaction(*tx));
                return again.ok() ? EncodeTransaction(**again) : Bytes{};
            }());
        }
        txs += b->vtx.size();
        prev = b->GetHash();
        const std::string key = std::to_string(h);
        if (fin["getblockhash"].contains(key)) {
            EXPECT_EQ(prev.ToHex(), fin["getblockhash"][key].get<std::string>());
        }
        if (fin["getblock"].contains(key)) {
            CheckBlockAgainstJson(*b, fin["getblock"][key]);
        }
    }
    EXPECT_EQ(prev.ToHex(), fin["getblockchaininfo"]["bestblockhash"].get<std::string>());
    EXPECT_GT(txs, 2000u);
}

TEST(ChainA, MutatedBlocksDecodeAndRoundTrip) {
    for (const char* dir : {"invalid", "accepted_variants", "hole"}) {
        const json index = LoadJson(std::string("ocean/chains/A/") + dir + "/index.json");
        size_t n = 0;
        for (const auto& entry :
             std::filesystem::directory_iterator(test::VectorPath(std::string("ocean/chains/A/") + dir))) {
            if (entry.path().extension() != ".hex") continue;
            const Bytes raw = test::ReadHexFile(std::string("ocean/chains/A/") + dir + "/" +
                                                entry.path().filename().string());
            auto b = DecodeBlock(raw);
            ASSERT_TRUE(b.ok()) << entry.path() << ": " << b.error().ToString();
            EXPECT_EQ(EncodeBlock(*b), raw) << entry.path();
            ++n;
        }
        EXPECT_GT(n, 0u) << dir;
    }
}

TEST(FastMerkle, SpecVectors) {
    uint256 a, b, c;
    std::fill(a.begin(), a.end(), 0x01);
    std::fill(b.begin(), b.end(), 0x02);
    std::fill(c.begin(), c.end(), 0x03);
    EXPECT_EQ(HexStr(ComputeFastMerkleRoot({a, b, c}).span()),
              "1bd9aefae3068bf13f2e2d27c3138a59792727b1a488efdcd42848eaec9342fd");
    EXPECT_EQ(HexStr(ComputeMerkleRoot({a, b, c}).span()),
              "223e023fadf1f053df26988871f893c821c28edf77d64a955e6c2a02d547bdac");
    EXPECT_EQ(ComputeFastMerkleRoot({}), uint256());
    EXPECT_EQ(ComputeFastMerkleRoot({a}), a);
    EXPECT_EQ(ComputeFastMerkleRoot({a, b}), FastNode(a, b));
    EXPECT_EQ(HexStr(FastNode(uint256(), uint256()).span()),
              "da5698be17b9b46962335799779fbeca8ce5d491c0d26243bafef9ea1837a9d8");
}

TEST(Merkle, MutationDetected) {
    uint256 a, b;
    a[0] = 1;
    b[0] = 2;
    bool mutated = false;
    ComputeMerkleRoot({a, b, b}, &mutated);
    EXPECT_FALSE(mutated);  // the odd last leaf is duplicated by the algorithm, not by the block
    ComputeMerkleRoot({a, b, b, b}, &mutated);
    EXPECT_TRUE(mutated);
    EXPECT_EQ(ComputeMerkleRoot({a, b, b}), ComputeMerkleRoot({a, b, b, b}));
}

TEST(Asset, SpecVectors) {
    // formats.md §6: prevout (commit, 0) of the elementsregtest genesis with the Ethereum genesis hash.
    const OutPoint prevout(
        uint256(*ParseHex("c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3")), 0);
    const uint256 contract =
        uint256::FromHex("d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
    const uint256 e = ComputeIssuanceEntropy(prevout, contract);
    EXPECT_EQ(e.ToHex(), "c3a0a4cec0d56286e74c947fe9b6597626208bb13702e2bef45bf9c76af5e46b");
    EXPECT_EQ(ComputeAssetId(e).ToHex(), "a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a");
    EXPECT_EQ(ComputeReissuanceToken(e, false).ToHex(),
              "b224bfa7e3da6f3dc8b8c5e1a5b47c2f080c95e302a5ee0fa3d4d71494db9bf3");
    EXPECT_EQ(ComputeReissuanceToken(e, true).ToHex(),
              "72d91a4f345f2067e559d97ec9201225c4a351cd7ac6fdedac92a2db7234f847");
}

TEST(Confidential, ExplicitValueEncoding) {
    ConfidentialValue v(21000000000000);
    EXPECT_EQ(HexStr(v.span()),
              "010000131971"
              "8a5000");
    EXPECT_EQ(v.GetAmount(), 21000000000000);
    const uint256 id = uint256::FromHex("a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a");
    ConfidentialAsset a(id);
    EXPECT_EQ(HexStr(a.span()).substr(0, 10), "018af3413e");
    EXPECT_TRUE(a.IsExplicit());
    EXPECT_FALSE(a.IsCommitment());
    ConfidentialNonce n;
    EXPECT_TRUE(n.IsNull());
    EXPECT_TRUE(n.IsValid());
}

TEST(Decode, EveryTruncationFailsCleanly) {
    for (const char* name : {"tx_issuance", "tx_send_confidential", "tx_policy_freezelist"}) {
        const Bytes raw = test::ReadHexFile(std::string("ocean/") + name + ".hex");
        for (size_t len = 0; len < raw.size(); ++len) {
            auto tx = DecodeTransaction(ByteSpan(raw.data(), len));
            EXPECT_FALSE(tx.ok()) << name << " prefix " << len;
        }
        Bytes longer = raw;
        longer.push_back(0);
        EXPECT_FALSE(DecodeTransaction(longer).ok());
    }
    const Bytes block = test::ReadHexFile("ocean/block_dev_h2_send_issuance.hex");
    for (size_t len = 0; len < block.size(); len += 7)
        EXPECT_FALSE(DecodeBlock(ByteSpan(block.data(), len)).ok());
    EXPECT_FALSE(DecodeBlockHeader(block).ok());  // trailing transactions
}

TEST(Decode, RejectsBadPrefixesAndFlags) {
    Bytes raw = test::ReadHexFile("ocean/tx_send.hex");
    Bytes bad_flags = raw;
    bad_flags[4] = 0x02;
    auto r = DecodeTransaction(bad_flags);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("Unknown transaction optional data"), std::string::npos);
    // Superfluous witness: flag 1 with all-empty witness entries.
    auto tx = DecodeMutableTransaction(raw);
    ASSERT_TRUE(tx.ok());
    Bytes superfluous = raw;
    superfluous[4] = 0x01;
    superfluous.insert(superfluous.end(), tx->vin.size() * 4 + tx->vout.size() * 2, 0x00);
    r = DecodeTransaction(superfluous);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("Superfluous witness record"), std::string::npos);
    // An unknown confidential prefix on the first output's asset.
    MutableTransaction m = *tx;
    Bytes enc = EncodeTransaction(m);
    const Bytes asset_prefix = {0x01};
    const size_t pos = enc.size() - 4 - [&] {
        size_t s = 0;
        for (const TxOut& o : m.vout)
            s += o.asset.size() + o.value.size() + std::max<size_t>(o.nonce.size(), 1) +
                 CompactSizeLen(o.script_pubkey.size()) + o.script_pubkey.size();
        return s;
    }();
    ASSERT_EQ(enc[pos], asset_prefix[0]);
    enc[pos] = 0x07;
    r = DecodeTransaction(enc);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("Unrecognized serialization prefix"), std::string::npos);
}

TEST(Decode, HugeCountsDoNotAllocate) {
    // version, flags, vin count = 0x02000000 with no data behind it: must fail fast, not allocate.
    const Bytes raw = *ParseHex("0200000000fe00000002");
    EXPECT_FALSE(DecodeTransaction(raw).ok());
    const Bytes too_many = *ParseHex("0200000000fe01000002");
    EXPECT_FALSE(DecodeTransaction(too_many).ok());
}

}  // namespace
}  // namespace ocean
