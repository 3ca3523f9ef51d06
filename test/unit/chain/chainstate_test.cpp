// Chainstate against real data: the reference-made chain A connects in full; every invalid block of
// chain A is rejected with the reference's reason; the accepted variants connect; the reissuance-hole
// blocks are rejected; invalidate/reconsider and reorgs restore exactly the same UTXO set; state
// survives a restart; -reindex and -reindex-chainstate rebuild the same state.
#include "ocean/chain/chainstate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "../consensus/consensus_test_util.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/util/strings.h"
#include "storage_test_util.h"

namespace ocean {
namespace {

namespace fs = std::filesystem;

using storage_test::ChainABlocks;
using storage_test::TempDir;

ChainParams ChainAParams() {
    ContractTexts texts;
    texts.latest = test::ReadText("ocean/chains/A/latest.txt");
    return test::ParamsFromArgs(test::ReadConfigArgs("ocean/chains/A/config.txt"), texts);
}

Block ReadBlockVector(const std::string& rel) {
    auto b = DecodeBlock(test::ReadHexFile(rel));
    if (!b) throw std::runtime_error(rel + ": " + b.error().ToString());
    return std::move(b.value());
}

struct ChainAFixture : public ::testing::Test {
    static void SetUpTestSuite() {
        params_ = new ChainParams(ChainAParams());
        blocks_ = &ChainABlocks();
    }
    static void TearDownTestSuite() { delete params_; }

    std::unique_ptr<Chainstate> Open(const fs::path& dir, ChainstateOptions opt = {}) {
        opt.datadir = dir;
        opt.cache_bytes = 16u << 20;
        auto cs = Chainstate::Open(*params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        return std::move(cs.value());
    }

    void ConnectAll(Chainstate& cs, size_t up_to = SIZE_MAX) {
        for (size_t i = 1; i < blocks_->size() && i <= up_to; ++i) {
            ValidationState state;
            ASSERT_TRUE(cs.ProcessNewBlock((*blocks_)[i], state))
                << "block " << i << ": " << state.ToString();
        }
    }

    static ChainParams* params_;
    static const std::vector<Block>* blocks_;
    SystemClock clock_;
    Logger log_{clock_};
};
ChainParams* ChainAFixture::params_ = nullptr;
const std::vector<Block>* ChainAFixture::blocks_ = nullptr;

TEST_F(ChainAFixture, ConnectsInFullToTheReferenceState) {
    TempDir dir;
    auto final_state = nlohmann::json::parse(test::ReadText("ocean/chains/A/final_state.json"));
    uint256 tip_hash;
    CoinsStats stats;
    {
        auto cs = Open(dir.path());
        ASSERT_EQ(cs->Height(), 0);
        EXPECT_EQ(cs->Tip()->GetBlockHash(), params_->genesis_hash);
        ConnectAll(*cs);
        EXPECT_EQ(cs->Height(), 330);
        tip_hash = cs->Tip()->GetBlockHash();
        EXPECT_EQ(tip_hash.ToHex(), final_state["getblockchaininfo"]["bestblockhash"].get<std::string>());
        EXPECT_EQ(cs->Tip()->GetMedianTimePast(),
                  final_state["getblockchaininfo"]["mediantime"].get<int64_t>());
        auto s = cs->GetCoinsStats();
        ASSERT_TRUE(s.ok()) << s.error().ToString();
        stats = *s;
        EXPECT_EQ(stats.height, 330);
        EXPECT_EQ(stats.transactions, final_state["gettxoutsetinfo"]["transactions"].get<uint64_t>());
        EXPECT_EQ(stats.txouts, final_state["gettxoutsetinfo"]["txouts"].get<uint64_t>());
        for (const auto& [h, hash] : final_state["getblockhash"].items())
            EXPECT_EQ(cs->AtHeight(std::stoi(h))->GetBlockHash().ToHex(), hash.get<std::string>());
    }
    // Restart: the state is on disk.
    {
        ChainstateOptions opt;
        opt.check_blocks = 0;
        opt.check_level = 4;
        auto cs = Open(dir.path(), opt);
        EXPECT_EQ(cs->Tip()->GetBlockHash(), tip_hash);
        auto s = cs->GetCoinsStats();
        ASSERT_TRUE(s.ok());
        EXPECT_EQ(s->hash_serialized, stats.hash_serialized);
        EXPECT_EQ(s->txouts, stats.txouts);
    }
    // Rebuilds give the same UTXO set.
    for (int mode = 0; mode < 2; ++mode) {
        ChainstateOptions opt;
        if (mode == 0)
            opt.reindex_chainstate = true;
        else
            opt.reindex = true;
        auto cs = Open(dir.path(), opt);
        EXPECT_EQ(cs->Tip()->GetBlockHash(), tip_hash) << "mode " << mode;
        auto s = cs->GetCoinsStats();
        ASSERT_TRUE(s.ok());
        EXPECT_EQ(s->hash_serialized, stats.hash_serialized) << "mode " << mode;
    }
}

// Rewinds the active chain to `parent_height` with invalidateblock, submits `block`, and returns the
// submission's state; then restores the original chain with reconsiderblock.
struct SubmitResult {
    bool accepted;
    std::string reason;
    bool became_tip;
};

SubmitResult SubmitOnParent(Chainstate& cs, int parent_height, const Block& block) {
    const uint256 original_tip = cs.Tip()->GetBlockHash();
    const uint256 next = cs.AtHeight(parent_height + 1)->GetBlockHash();
    ValidationState st;
    EXPECT_TRUE(cs.InvalidateBlock(next, st)) << st.ToString();
    EXPECT_EQ(cs.Height(), parent_height);
    ValidationState state;
    SubmitResult r;
    r.accepted = cs.ProcessNewBlock(block, state);
    r.reason = state.ToString();
    r.became_tip = cs.Tip()->GetBlockHash() == block.GetHash();
    if (r.became_tip) {
        ValidationState s2;
        EXPECT_TRUE(cs.InvalidateBlock(block.GetHash(), s2));
    }
    ValidationState s3;
    EXPECT_TRUE(cs.ReconsiderBlock(next, s3)) << s3.ToString();
    EXPECT_EQ(cs.Tip()->GetBlockHash(), original_tip);
    return r;
}

TEST_F(ChainAFixture, InvalidBlocksAreRejectedWithTheReferenceReason) {
    TempDir dir;
    auto cs = Open(dir.path());
    ConnectAll(*cs);
    const auto before = cs->GetCoinsStats();
    ASSERT_TRUE(before.ok());
    auto index = nlohmann::json::parse(test::ReadText("ocean/chains/A/invalid/index.json"));
    int checked = 0;
    for (const auto& [name, v] : index.items()) {
        if (name == "_meta") continue;
        Block block = ReadBlockVector("ocean/chains/A/invalid/" + name);
        const int parent = v["parent_height"].get<int>();
        std::string expected = v["reject_reason_par1"].get<std::string>();
        if (name.rfind("42_", 0) == 0) expected = "bad-txns-blinded-unsupported";
        SubmitResult r = SubmitOnParent(*cs, parent, block);
        EXPECT_FALSE(r.accepted) << name;
        EXPECT_FALSE(r.became_tip) << name;
        // Reasons match the reference's first word-for-word part; details may be ours.
        EXPECT_EQ(r.reason.substr(0, expected.size()), expected) << name << ": got " << r.reason;
        ++checked;
    }
    EXPECT_EQ(checked, 42);
    auto after = cs->GetCoinsStats();
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->hash_serialized, before->hash_serialized);
}

TEST_F(ChainAFixture, AcceptedVariantsAndHoles) {
    TempDir dir;
    auto cs = Open(dir.path());
    ConnectAll(*cs);
    auto accepted = nlohmann::json::parse(test::ReadText("ocean/chains/A/accepted_variants/index.json"));
    for (const auto& [name, v] : accepted.items()) {
        if (name == "_meta") continue;
        Block block = ReadBlockVector("ocean/chains/A/accepted_variants/" + name);
        if (v.value("same_hash_as_valid_block", false)) {
            // Another encoding of a block the node already has: it must connect on a node that does
            // not have that block yet.
            TempDir fresh;
            auto other = Open(fresh.path());
            ConnectAll(*other, v["parent_height"].get<size_t>());
            ValidationState st;
            EXPECT_TRUE(other->ProcessNewBlock(block, st)) << name << ": " << st.ToString();
            EXPECT_EQ(other->Tip()->GetBlockHash(), block.GetHash()) << name;
            continue;
        }
        SubmitResult r = SubmitOnParent(*cs, v["parent_height"].get<int>(), block);
        if (name.rfind("09_", 0) == 0) {
            EXPECT_FALSE(r.became_tip) << name;
            EXPECT_EQ(r.reason.substr(0, 28), "bad-txns-blinded-unsupported") << r.reason;
        } else {
            EXPECT_TRUE(r.became_tip) << name << ": " << r.reason;
        }
    }
    auto holes = nlohmann::json::parse(test::ReadText("ocean/chains/A/hole/index.json"));
    for (const auto& [name, v] : holes.items()) {
        if (name == "_meta") continue;
        Block block = ReadBlockVector("ocean/chains/A/hole/" + name);
        SubmitResult r = SubmitOnParent(*cs, v["parent_height"].get<int>(), block);
        EXPECT_FALSE(r.became_tip) << name;
        EXPECT_FALSE(r.reason.empty()) << name;
    }
}

TEST_F(ChainAFixture, ReorgToLongerBranchAndBack) {
    TempDir dir;
    auto cs = Open(dir.path());
    ConnectAll(*cs, 200);
    auto at200 = cs->GetCoinsStats();
    ASSERT_TRUE(at200.ok());
    // Invalidate back to 150, connect nothing else, then reconsider: same state as before.
    ValidationState st;
    ASSERT_TRUE(cs->InvalidateBlock(cs->AtHeight(151)->GetBlockHash(), st));
    EXPECT_EQ(cs->Height(), 150);
    auto chain_tips = cs->GetChainTips();
    ASSERT_GE(chain_tips.size(), 2u);
    ASSERT_TRUE(cs->ReconsiderBlock((*blocks_)[151].GetHash(), st));
    EXPECT_EQ(cs->Height(), 200);
    auto again = cs->GetCoinsStats();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->hash_serialized, at200->hash_serialized);
    // Blocks arriving out of order connect once their parents arrive.
    for (size_t i = 330; i > 200; --i) {
        ValidationState s;
        bool ok = cs->ProcessNewBlock((*blocks_)[i], s);
        if (i > 201) {
            EXPECT_FALSE(ok);
            EXPECT_EQ(s.GetRejectReason(), "bad-prevblk");
        }
    }
    // Headers first, then the blocks in reverse order.
    std::vector<BlockHeader> headers;
    for (size_t i = 201; i <= 330; ++i) headers.push_back((*blocks_)[i]);
    ValidationState hs;
    ASSERT_TRUE(cs->ProcessNewBlockHeaders(headers, hs)) << hs.ToString();
    for (size_t i = 330; i > 200; --i) {
        ValidationState s;
        EXPECT_TRUE(cs->ProcessNewBlock((*blocks_)[i], s)) << s.ToString();
    }
    EXPECT_EQ(cs->Height(), 330);
}

// Disconnecting restores exactly the UTXO set of a node that never saw the disconnected blocks (chain A
// blocks 151..330 issue, reissue, burn and spend assets and policy tokens); listeners see the reorg in
// chain order.
TEST_F(ChainAFixture, DisconnectRestoresTheExactUtxoSetAndEventsArriveInOrder) {
    struct Recorder : ChainListener {
        std::vector<std::pair<char, int>> events;
        void BlockConnected(const Block&, const BlockIndex& index) override {
            events.emplace_back('c', index.height);
        }
        void BlockDisconnected(const Block&, const BlockIndex& index) override {
            events.emplace_back('d', index.height);
        }
        void UpdatedBlockTip(const BlockIndex& tip, const BlockIndex*, bool) override {
            events.emplace_back('t', tip.height);
        }
    } recorder;
    TempDir short_dir, long_dir;
    auto reference = Open(short_dir.path());
    ConnectAll(*reference, 150);
    auto at150 = reference->GetCoinsStats();
    ASSERT_TRUE(at150.ok());

    auto cs = Open(long_dir.path());
    ConnectAll(*cs);
    cs->AddListener(&recorder);
    ValidationState st;
    ASSERT_TRUE(cs->InvalidateBlock((*blocks_)[151].GetHash(), st)) << st.ToString();
    ASSERT_EQ(cs->Height(), 150);
    auto rewound = cs->GetCoinsStats();
    ASSERT_TRUE(rewound.ok());
    EXPECT_EQ(rewound->hash_serialized, at150->hash_serialized);
    EXPECT_EQ(rewound->txouts, at150->txouts);
    // 180 disconnects from the tip down, then the tip notification.
    ASSERT_GE(recorder.events.size(), 181u);
    for (int i = 0; i < 180; ++i) EXPECT_EQ(recorder.events[i], std::make_pair('d', 330 - i));
    EXPECT_EQ(recorder.events.back(), std::make_pair('t', 150));
    recorder.events.clear();
    ASSERT_TRUE(cs->ReconsiderBlock((*blocks_)[151].GetHash(), st));
    ASSERT_EQ(cs->Height(), 330);
    for (int i = 0; i < 180; ++i) EXPECT_EQ(recorder.events[i], std::make_pair('c', 151 + i));
    EXPECT_EQ(recorder.events.back(), std::make_pair('t', 330));
    cs->RemoveListener(&recorder);
}

TEST_F(ChainAFixture, TxIndexFindsEveryTransaction) {
    TempDir dir;
    ChainstateOptions opt;
    opt.txindex = true;
    auto cs = Open(dir.path(), opt);
    ConnectAll(*cs);
    size_t found = 0;
    for (size_t h = 1; h < blocks_->size(); ++h) {
        for (const auto& tx : (*blocks_)[h].vtx) {
            auto r = cs->GetTransaction(tx->GetTxid());
            ASSERT_TRUE(r.ok()) << r.error().ToString();
            EXPECT_EQ(r->first->GetHashWithWitness(), tx->GetHashWithWitness());
            EXPECT_EQ(r->second, (*blocks_)[h].GetHash());
            ++found;
        }
    }
    EXPECT_GT(found, 600u);
    EXPECT_FALSE(cs->GetTransaction(uint256::FromByte0(7)).ok());
    cs.reset();
    // Turning the index off (or on) needs a rebuild of the chainstate.
    auto refused = Chainstate::Open(*params_, ChainstateOptions{.datadir = dir.path()}, log_, clock_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "txindex-changed");
}

TEST_F(ChainAFixture, WrongChainIsRefused) {
    TempDir dir;
    {
        auto cs = Open(dir.path());
        ConnectAll(*cs, 5);
    }
    auto other = ChainParams::FromOptions({{"chain", "ocean_test"}}, ContractTexts{});
    ASSERT_TRUE(other.ok());
    auto refused = Chainstate::Open(*other, ChainstateOptions{.datadir = dir.path()}, log_, clock_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "wrong-genesis");
}

}  // namespace
}  // namespace ocean
