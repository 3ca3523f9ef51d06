// Reorganisations between competing branches built with ChainBuilder: the longer branch wins, ties stay
// with the first seen, a branch with an invalid block is abandoned and the node returns to the best valid
// chain, and after every reorg the UTXO set equals that of a node that only ever saw the winning branch.
#include <gtest/gtest.h>

#include <filesystem>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/primitives/merkle.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

namespace fs = std::filesystem;

using test::TempDir;

class ReorgTest : public ::testing::Test {
  protected:
    ReorgTest() : base_("reorg-test") {
        auto p = ChainParams::FromOptions(base_.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params_ = std::make_unique<ChainParams>(std::move(p.value()));
        // Common history: coins fanned out and matured.
        for (int i = 0; i < 3; ++i) Extend(base_, common_, i == 0 ? 1 : 0, 0);
    }

    // Appends a block to `b` (spending n_inputs coins when > 0, fanning out when fan > 0) and records it.
    static void Extend(test::ChainBuilder& b, std::vector<Block>& out, int fan, size_t n_inputs,
                       int64_t nonce = 1) {
        test::NextBlockOptions o;
        o.extra_nonce = nonce;
        Block blk =
            fan ? b.FanOutBlock(400, o) : (n_inputs ? b.SpendBlock(n_inputs, 2, o) : b.NextBlock({}, o));
        b.Accept(blk);
        out.push_back(std::move(blk));
    }

    std::unique_ptr<Chainstate> Open(const fs::path& dir) {
        ChainstateOptions opt;
        opt.datadir = dir;
        opt.cache_bytes = 8u << 20;
        auto cs = Chainstate::Open(*params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        return std::move(cs.value());
    }

    static void Submit(Chainstate& cs, const std::vector<Block>& blocks, bool expect_ok = true) {
        for (const Block& b : blocks) {
            ValidationState st;
            const bool ok = cs.ProcessNewBlock(b, st);
            if (expect_ok) {
                EXPECT_TRUE(ok) << st.ToString();
            }
        }
    }

    // The UTXO hash of a node that saw only `blocks` after the common history.
    uint256 ReferenceHash(const std::vector<Block>& blocks) {
        TempDir d;
        auto cs = Open(d.path());
        Submit(*cs, common_);
        Submit(*cs, blocks);
        auto s = cs->GetCoinsStats();
        EXPECT_TRUE(s.ok());
        return s->hash_serialized;
    }

    static uint256 Hash(Chainstate& cs) {
        auto s = cs.GetCoinsStats();
        EXPECT_TRUE(s.ok());
        return s->hash_serialized;
    }

    test::ChainBuilder base_;
    std::vector<Block> common_;
    std::unique_ptr<ChainParams> params_;
    SystemClock clock_;
    Logger log_{clock_};
};

TEST_F(ReorgTest, LongerBranchWinsTiesStayAndBack) {
    test::ChainBuilder a = base_, b = base_;
    std::vector<Block> ba, bb;
    for (int i = 0; i < 3; ++i) Extend(a, ba, 0, 40, 1);
    for (int i = 0; i < 4; ++i) Extend(b, bb, 0, 30, 2);
    TempDir d;
    auto cs = Open(d.path());
    Submit(*cs, common_);
    Submit(*cs, ba);
    EXPECT_EQ(cs->Tip()->GetBlockHash(), ba.back().GetHash());
    // Equal work: the first seen branch stays active.
    Submit(*cs, {bb[0], bb[1], bb[2]});
    EXPECT_EQ(cs->Tip()->GetBlockHash(), ba.back().GetHash());
    // More work: reorganise.
    Submit(*cs, {bb[3]});
    EXPECT_EQ(cs->Tip()->GetBlockHash(), bb.back().GetHash());
    EXPECT_EQ(Hash(*cs), ReferenceHash(bb));
    // And back when the first branch overtakes.
    for (int i = 0; i < 2; ++i) Extend(a, ba, 0, 25, 1);
    Submit(*cs, {ba[3], ba[4]});
    EXPECT_EQ(cs->Tip()->GetBlockHash(), ba.back().GetHash());
    EXPECT_EQ(Hash(*cs), ReferenceHash(ba));
    auto tips = cs->GetChainTips();
    ASSERT_EQ(tips.size(), 2u);
    EXPECT_EQ(tips[0].status, "active");
    EXPECT_EQ(tips[1].status, "valid-fork");
    EXPECT_EQ(tips[1].branch_len, 4);
}

TEST_F(ReorgTest, InvalidBlockInLongerBranchIsAbandoned) {
    test::ChainBuilder a = base_, b = base_;
    std::vector<Block> ba, bb;
    for (int i = 0; i < 2; ++i) Extend(a, ba, 0, 20, 1);
    Extend(b, bb, 0, 20, 2);
    // The second block of branch b claims one unit more than its fees.
    Block bad = b.SpendBlock(10, 1);
    {
        MutableTransaction cb = bad.vtx[0]->ToMutable();
        for (auto& out : cb.vout) {
            if (out.value.IsExplicit() && out.value.GetAmount() > 0) {
                out.value.SetExplicit(out.value.GetAmount() + 1);
                break;
            }
        }
        bad.vtx[0] = MakeTransactionRef(std::move(cb));
        bad.merkle_root = BlockMerkleRoot(bad, nullptr);
        bad.proof.solution = b.SignBlock(bad);
    }
    b.Accept(bad);
    bb.push_back(bad);
    Extend(b, bb, 0, 10, 2);
    TempDir d;
    auto cs = Open(d.path());
    Submit(*cs, common_);
    Submit(*cs, ba);
    const uint256 before = Hash(*cs);
    ValidationState st;
    EXPECT_TRUE(cs->ProcessNewBlock(bb[0], st));
    EXPECT_TRUE(cs->ProcessNewBlock(bb[1], st));  // stored: same work as the tip, not connected yet
    ValidationState last;
    EXPECT_FALSE(cs->ProcessNewBlock(bb[2], last));  // triggers the reorg, which fails on bb[1]
    EXPECT_EQ(cs->Tip()->GetBlockHash(), ba.back().GetHash());
    EXPECT_EQ(Hash(*cs), before);
    EXPECT_TRUE(cs->LookupBlockIndex(bb[1].GetHash())->status & BLOCK_FAILED_VALID);
    EXPECT_TRUE(cs->LookupBlockIndex(bb[2].GetHash())->status & BLOCK_FAILED_MASK);
    auto tips = cs->GetChainTips();
    bool saw_invalid = false;
    for (const auto& t : tips) saw_invalid |= t.status == "invalid";
    EXPECT_TRUE(saw_invalid);
}

TEST_F(ReorgTest, RestartMidReorgKeepsConsistentState) {
    test::ChainBuilder a = base_, b = base_;
    std::vector<Block> ba, bb;
    for (int i = 0; i < 3; ++i) Extend(a, ba, 0, 30, 1);
    for (int i = 0; i < 5; ++i) Extend(b, bb, 0, 30, 2);
    TempDir d;
    {
        auto cs = Open(d.path());
        Submit(*cs, common_);
        Submit(*cs, ba);
        Submit(*cs, bb);
        EXPECT_EQ(cs->Tip()->GetBlockHash(), bb.back().GetHash());
    }
    auto cs = Open(d.path());
    EXPECT_EQ(cs->Tip()->GetBlockHash(), bb.back().GetHash());
    EXPECT_EQ(Hash(*cs), ReferenceHash(bb));
    std::string err;
    EXPECT_TRUE(cs->VerifyDB(4, 0, &err)) << err;
}

}  // namespace
}  // namespace ocean
