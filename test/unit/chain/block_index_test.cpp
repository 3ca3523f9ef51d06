#include "ocean/chain/block_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>

#include "storage_test_util.h"

namespace ocean {
namespace {

// Owns nodes and their hashes the way the block tree map does.
class Tree {
  public:
    BlockIndex* Add(BlockIndex* prev, uint32_t time) {
        hashes_.push_back(uint256::FromByte0(0));
        uint256& h = hashes_.back();
        const uint64_t id = hashes_.size();
        std::memcpy(h.data(), &id, sizeof(id));
        h[31] = 0x42;
        nodes_.emplace_back();
        BlockIndex* n = &nodes_.back();
        n->phash = &h;
        n->prev = prev;
        n->height = prev ? prev->height + 1 : 0;
        n->time = time;
        n->BuildSkip();
        return n;
    }
    // A straight chain of n blocks on top of `from` (nullptr: from genesis).
    std::vector<BlockIndex*> Extend(BlockIndex* from, int n, uint32_t t0 = 1000) {
        std::vector<BlockIndex*> out;
        for (int i = 0; i < n; ++i) {
            from = Add(from, t0 + static_cast<uint32_t>(i) * 60);
            out.push_back(from);
        }
        return out;
    }

  private:
    std::deque<uint256> hashes_;
    std::deque<BlockIndex> nodes_;
};

TEST(BlockIndex, SkipListFindsEveryAncestor) {
    Tree tree;
    auto chain = tree.Extend(nullptr, 20000);
    for (BlockIndex* n : chain) {
        if (n->height >= 2) {
            ASSERT_NE(n->skip, nullptr);
            EXPECT_EQ(n->skip->height, SkipHeight(n->height));
            EXPECT_LT(n->skip->height, n->height);
        }
    }
    std::mt19937 rng(7);
    for (int i = 0; i < 5000; ++i) {
        const int from = static_cast<int>(rng() % chain.size());
        const int to = static_cast<int>(rng() % (from + 1));
        EXPECT_EQ(chain[from]->GetAncestor(to), chain[to]);
    }
    EXPECT_EQ(chain[100]->GetAncestor(100), chain[100]);
    EXPECT_EQ(chain[100]->GetAncestor(101), nullptr);
    EXPECT_EQ(chain[100]->GetAncestor(-1), nullptr);
}

TEST(BlockIndex, MedianTimePast) {
    Tree tree;
    std::vector<uint32_t> times = {100, 90, 300, 50, 60, 500, 20, 700, 10, 15, 400, 1000, 5};
    std::vector<BlockIndex*> chain;
    BlockIndex* prev = nullptr;
    for (uint32_t t : times) chain.push_back(prev = tree.Add(prev, t));
    for (size_t i = 0; i < chain.size(); ++i) {
        std::vector<int64_t> window;
        for (size_t j = i + 1; j-- > 0 && window.size() < 11;) window.push_back(times[j]);
        std::sort(window.begin(), window.end());
        EXPECT_EQ(chain[i]->GetMedianTimePast(), window[window.size() / 2]) << i;
    }
}

TEST(BlockIndex, ValidityAndPositions) {
    BlockIndex idx;
    EXPECT_FALSE(idx.IsValid(BLOCK_VALID_HEADER));
    EXPECT_TRUE(idx.RaiseValidity(BLOCK_VALID_TREE));
    EXPECT_FALSE(idx.RaiseValidity(BLOCK_VALID_HEADER));  // never lowers
    EXPECT_TRUE(idx.IsValid(BLOCK_VALID_TREE));
    EXPECT_FALSE(idx.IsValid(BLOCK_VALID_TRANSACTIONS));
    EXPECT_TRUE(idx.RaiseValidity(BLOCK_VALID_SCRIPTS));
    EXPECT_EQ(idx.status & BLOCK_VALID_MASK, BLOCK_VALID_SCRIPTS);
    EXPECT_TRUE(idx.GetBlockPos().IsNull());
    idx.file = 3;
    idx.data_pos = 80;
    idx.undo_pos = 16;
    idx.status |= BLOCK_HAVE_DATA;
    EXPECT_EQ(idx.GetBlockPos(), FlatFilePos(3, 80));
    EXPECT_TRUE(idx.GetUndoPos().IsNull());
    idx.status |= BLOCK_HAVE_UNDO;
    EXPECT_EQ(idx.GetUndoPos(), FlatFilePos(3, 16));
    idx.status |= BLOCK_FAILED_CHILD;
    EXPECT_FALSE(idx.IsValid(BLOCK_VALID_HEADER));
    EXPECT_FALSE(idx.RaiseValidity(BLOCK_VALID_SCRIPTS));
    EXPECT_EQ(idx.ChainWork(), 1u);
}

TEST(BlockIndex, RebuildsChainAHeaders) {
    const auto& blocks = storage_test::ChainABlocks();
    std::deque<uint256> hashes;
    std::deque<BlockIndex> nodes;
    BlockIndex* prev = nullptr;
    for (const Block& b : blocks) {
        hashes.push_back(b.GetHash());
        nodes.emplace_back(b.header());
        BlockIndex& n = nodes.back();
        n.phash = &hashes.back();
        n.prev = prev;
        ASSERT_EQ(n.height, prev ? prev->height + 1 : 0);
        n.BuildSkip();
        EXPECT_EQ(n.GetBlockHeader(), b.header());
        EXPECT_EQ(n.GetBlockHeader().GetHash(), b.GetHash());
        EXPECT_EQ(n.ChainWork(), static_cast<uint64_t>(n.height) + 1);
        prev = &n;
    }
}

TEST(Chain, TipForkLocatorAndCommonAncestor) {
    Tree tree;
    auto main = tree.Extend(nullptr, 1000);
    auto fork = tree.Extend(main[600], 500, 5000);  // heights 601..1100
    Chain chain;
    EXPECT_EQ(chain.Height(), -1);
    EXPECT_EQ(chain.Tip(), nullptr);
    EXPECT_TRUE(chain.GetLocator().empty());
    chain.SetTip(main.back());
    EXPECT_EQ(chain.Height(), 999);
    EXPECT_EQ(chain.Genesis(), main[0]);
    EXPECT_EQ(chain.Tip(), main.back());
    EXPECT_EQ(chain[500], main[500]);
    EXPECT_EQ(chain[1000], nullptr);
    EXPECT_EQ(chain[-1], nullptr);
    EXPECT_TRUE(chain.Contains(main[10]));
    EXPECT_FALSE(chain.Contains(fork[0]));
    EXPECT_EQ(chain.Next(main[10]), main[11]);
    EXPECT_EQ(chain.Next(main.back()), nullptr);
    EXPECT_EQ(chain.Next(fork[3]), nullptr);
    EXPECT_EQ(chain.FindFork(fork.back()), main[600]);
    EXPECT_EQ(chain.FindFork(fork[0]), main[600]);
    EXPECT_EQ(chain.FindFork(main[42]), main[42]);
    EXPECT_EQ(LastCommonAncestor(fork.back(), main.back()), main[600]);
    EXPECT_EQ(LastCommonAncestor(main[700], main[300]), main[300]);
    EXPECT_EQ(LastCommonAncestor(fork[0], nullptr), nullptr);

    const auto locator = chain.GetLocator();
    ASSERT_GT(locator.size(), 11u);
    for (int i = 0; i < 11; ++i) EXPECT_EQ(locator[i], main[999 - i]->GetBlockHash());
    EXPECT_EQ(locator.back(), main[0]->GetBlockHash());
    EXPECT_LT(locator.size(), 30u);
    // Heights strictly decrease with growing gaps after the first ten.
    std::vector<int> heights;
    for (const uint256& h : locator) {
        for (BlockIndex* b : main)
            if (b->GetBlockHash() == h) heights.push_back(b->height);
    }
    ASSERT_EQ(heights.size(), locator.size());
    for (size_t i = 11; i + 1 < heights.size(); ++i)
        EXPECT_GE(heights[i - 1] - heights[i], heights[i - 2] - heights[i - 1]);

    // A locator from a block off the active chain walks its own ancestry.
    const auto fork_loc = chain.GetLocator(fork.back());
    EXPECT_EQ(fork_loc.front(), fork.back()->GetBlockHash());
    EXPECT_EQ(fork_loc.back(), main[0]->GetBlockHash());

    // Switching to the fork replaces the suffix.
    chain.SetTip(fork.back());
    EXPECT_EQ(chain.Height(), 1100);
    EXPECT_EQ(chain[600], main[600]);
    EXPECT_EQ(chain[601], fork[0]);
    EXPECT_FALSE(chain.Contains(main[601]));
    chain.SetTip(main[100]);
    EXPECT_EQ(chain.Height(), 100);
    EXPECT_EQ(chain.FindFork(fork.back()), main[100]);
    chain.SetTip(nullptr);
    EXPECT_EQ(chain.Height(), -1);
}

}  // namespace
}  // namespace ocean
