// TxMempool: entries, links and aggregate figures, package limits, removals (recursive, block,
// conflicts, expiry, size trimming), the rolling minimum fee, prioritisation, block-template selection
// and a randomized consistency run.
#include "ocean/mempool/tx_mempool.h"

#include "ocean/mempool/policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ocean {

// Reaches the pool's private self-check.
struct TxMempoolTestAccess {
    static Status Check(const TxMempool& pool) { return pool.CheckConsistency(); }
};

namespace {

const uint256 kAsset = uint256::FromByte0(0x11);

#define EXPECT_CONSISTENT(pool)                                                       \
    do {                                                                              \
        const Status _st = TxMempoolTestAccess::Check(pool);                          \
        EXPECT_TRUE(_st.ok()) << (_st.ok() ? std::string() : _st.error().ToString()); \
    } while (0)

// A unique outpoint outside the pool (a confirmed coin).
OutPoint Confirmed(uint32_t i) {
    uint256 h;
    h[0] = 0xcc;
    h[1] = static_cast<uint8_t>(i);
    h[2] = static_cast<uint8_t>(i >> 8);
    h[3] = static_cast<uint8_t>(i >> 16);
    h[4] = static_cast<uint8_t>(i >> 24);
    return OutPoint(h, 0);
}

TxOut Out(Amount v, Bytes spk = {0x51}) {
    TxOut o;
    o.asset.SetExplicit(kAsset);
    o.value.SetExplicit(v);
    o.script_pubkey = std::move(spk);
    return o;
}

// A transaction spending `inputs` into n_outputs OP_TRUE outputs plus a fee output.
TransactionRef MakeTx(const std::vector<OutPoint>& inputs, size_t n_outputs = 1, Amount fee = 1000) {
    MutableTransaction m;
    for (const OutPoint& o : inputs) {
        TxIn in;
        in.prevout = o;
        m.vin.push_back(in);
    }
    for (size_t i = 0; i < n_outputs; ++i) m.vout.push_back(Out(100000));
    if (fee > 0) m.vout.push_back(Out(fee, {}));
    return MakeTransactionRef(std::move(m));
}

// An entry with the given fee; vsize 0 → the transaction's own.
MempoolEntry Entry(const TransactionRef& tx, Amount fee, size_t vsize = 0, int64_t time = 1000,
                   int64_t sigops = 4) {
    MempoolEntry e;
    e.tx = tx;
    e.fee = fee;
    e.fees = GetFeeMap(*tx);
    e.weight = tx->GetWeight();
    e.vsize = vsize ? vsize : tx->GetVirtualSize();
    e.sigop_cost = sigops;
    e.time = time;
    e.height = 100;
    return e;
}

std::vector<uint256> Ids(const std::vector<TransactionRef>& txs) {
    std::vector<uint256> out;
    for (const auto& t : txs) out.push_back(t->GetTxid());
    return out;
}

TEST(TxMempool, AddExistsGet) {
    TxMempool pool;
    const uint64_t seq0 = pool.Sequence();
    auto tx = MakeTx({Confirmed(1)}, 2, 500);
    EXPECT_FALSE(pool.Exists(tx->GetTxid()));
    EXPECT_FALSE(pool.GetEntry(tx->GetTxid()));
    EXPECT_EQ(pool.GetTx(tx->GetTxid()), nullptr);

    pool.AddUnchecked(Entry(tx, 500, 0, 1234));
    EXPECT_TRUE(pool.Exists(tx->GetTxid()));
    EXPECT_EQ(pool.GetTx(tx->GetTxid()), tx);
    EXPECT_EQ(pool.Size(), 1u);
    EXPECT_EQ(pool.TotalTxBytes(), tx->GetVirtualSize());
    EXPECT_GT(pool.Sequence(), seq0);
    auto e = pool.GetEntry(tx->GetTxid());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->fee, 500);
    EXPECT_EQ(e->fees.at(kAsset), 500);
    EXPECT_EQ(e->time, 1234);
    EXPECT_EQ(e->count_with_ancestors, 1u);
    EXPECT_EQ(e->vsize_with_ancestors, tx->GetVirtualSize());
    EXPECT_EQ(e->fees_with_ancestors, 500);
    EXPECT_EQ(e->sigops_with_ancestors, 4);
    EXPECT_EQ(e->count_with_descendants, 1u);
    EXPECT_EQ(e->vsize_with_descendants, tx->GetVirtualSize());
    EXPECT_EQ(e->fees_with_descendants, 500);
    EXPECT_EQ(pool.Txids(), std::vector<uint256>{tx->GetTxid()});
    EXPECT_EQ(pool.Entries().size(), 1u);
    EXPECT_CONSISTENT(pool);

    // vsize and weight default from the transaction.
    auto tx2 = MakeTx({Confirmed(2)});
    MempoolEntry e2;
    e2.tx = tx2;
    pool.AddUnchecked(e2);
    EXPECT_EQ(pool.GetEntry(tx2->GetTxid())->vsize, tx2->GetVirtualSize());
    EXPECT_EQ(pool.GetEntry(tx2->GetTxid())->weight, tx2->GetWeight());
    EXPECT_CONSISTENT(pool);

    pool.Clear();
    EXPECT_EQ(pool.Size(), 0u);
    EXPECT_EQ(pool.TotalTxBytes(), 0u);
    EXPECT_FALSE(pool.Exists(tx->GetTxid()));
    EXPECT_CONSISTENT(pool);
}

TEST(TxMempool, ChainAndDiamondFigures) {
    TxMempool pool;
    // a → b → c; d spends a and b (a diamond); sizes 100, 200, 300, 400; fees 1, 2, 3, 4 (×1000).
    auto a = MakeTx({Confirmed(1)}, 2);
    auto b = MakeTx({OutPoint(a->GetTxid(), 0)}, 2);
    auto c = MakeTx({OutPoint(b->GetTxid(), 0)});
    auto d = MakeTx({OutPoint(a->GetTxid(), 1), OutPoint(b->GetTxid(), 1)});
    pool.AddUnchecked(Entry(a, 1000, 100, 1000, 1));
    pool.AddUnchecked(Entry(b, 2000, 200, 1000, 2));
    pool.AddUnchecked(Entry(c, 3000, 300, 1000, 3));
    pool.AddUnchecked(Entry(d, 4000, 400, 1000, 4));
    EXPECT_CONSISTENT(pool);

    auto ea = *pool.GetEntry(a->GetTxid());
    EXPECT_EQ(ea.count_with_descendants, 4u);
    EXPECT_EQ(ea.vsize_with_descendants, 1000u);
    EXPECT_EQ(ea.fees_with_descendants, 10000);
    EXPECT_EQ(ea.count_with_ancestors, 1u);
    auto eb = *pool.GetEntry(b->GetTxid());
    EXPECT_EQ(eb.count_with_ancestors, 2u);
    EXPECT_EQ(eb.count_with_descendants, 3u);
    EXPECT_EQ(eb.vsize_with_descendants, 900u);
    auto ed = *pool.GetEntry(d->GetTxid());
    EXPECT_EQ(ed.count_with_ancestors, 3u);  // a counted once
    EXPECT_EQ(ed.vsize_with_ancestors, 700u);
    EXPECT_EQ(ed.fees_with_ancestors, 7000);
    EXPECT_EQ(ed.sigops_with_ancestors, 7);
    auto ec = *pool.GetEntry(c->GetTxid());
    EXPECT_EQ(ec.count_with_ancestors, 3u);
    EXPECT_EQ(ec.vsize_with_ancestors, 600u);

    EXPECT_EQ(pool.GetAncestors(d->GetTxid()), (std::set<uint256>{a->GetTxid(), b->GetTxid()}));
    EXPECT_EQ(pool.GetDescendants(a->GetTxid()),
              (std::set<uint256>{b->GetTxid(), c->GetTxid(), d->GetTxid()}));
    EXPECT_TRUE(pool.GetDescendants(c->GetTxid()).empty());

    // A candidate spending c and d: ancestors a, b, c, d.
    auto e = MakeTx({OutPoint(c->GetTxid(), 0), OutPoint(d->GetTxid(), 0)});
    auto anc = pool.CalculateAncestors(*e, 50);
    ASSERT_TRUE(anc.ok()) << anc.error().ToString();
    EXPECT_EQ(anc->size(), 4u);

    // a confirmed in a block: b, c, d keep their figures minus a.
    pool.RemoveForBlock({a});
    EXPECT_CONSISTENT(pool);
    EXPECT_FALSE(pool.Exists(a->GetTxid()));
    ed = *pool.GetEntry(d->GetTxid());
    EXPECT_EQ(ed.count_with_ancestors, 2u);
    EXPECT_EQ(ed.vsize_with_ancestors, 600u);
    EXPECT_EQ(ed.fees_with_ancestors, 6000);
    EXPECT_EQ(ed.sigops_with_ancestors, 6);
    eb = *pool.GetEntry(b->GetTxid());
    EXPECT_EQ(eb.count_with_ancestors, 1u);
    EXPECT_EQ(eb.count_with_descendants, 3u);
}

TEST(TxMempool, AncestorCountLimit) {
    TxMempool pool;
    std::vector<TransactionRef> chain{MakeTx({Confirmed(1)})};
    pool.AddUnchecked(Entry(chain[0], 1000));
    for (int i = 1; i < 25; ++i) {
        auto tx = MakeTx({OutPoint(chain.back()->GetTxid(), 0)});
        auto anc = pool.CalculateAncestors(*tx, tx->GetVirtualSize());
        ASSERT_TRUE(anc.ok()) << i << ": " << anc.error().ToString();
        EXPECT_EQ(anc->size(), static_cast<size_t>(i));
        pool.AddUnchecked(Entry(tx, 1000));
        chain.push_back(tx);
    }
    EXPECT_EQ(pool.GetEntry(chain.back()->GetTxid())->count_with_ancestors, 25u);
    EXPECT_EQ(pool.GetEntry(chain.front()->GetTxid())->count_with_descendants, 25u);
    EXPECT_CONSISTENT(pool);

    auto tx26 = MakeTx({OutPoint(chain.back()->GetTxid(), 0)});
    auto r = pool.CalculateAncestors(*tx26, tx26->GetVirtualSize());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "too-long-mempool-chain");
    EXPECT_EQ(r.error().message, "too many unconfirmed ancestors [limit: 25]");

    // With a bigger ancestor limit the root's descendant count is what stops it.
    MempoolLimits loose;
    loose.ancestor_count = 100;
    r = pool.CalculateAncestors(*tx26, tx26->GetVirtualSize(), loose);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "too many descendants for tx " + chain.front()->GetTxid().ToHex() + " [limit: 25]");
}

TEST(TxMempool, ParentAndDescendantLimits) {
    TxMempool pool;
    // 25 independent parents: a child of all of them has too many parents.
    std::vector<OutPoint> outs;
    for (uint32_t i = 0; i < 25; ++i) {
        auto p = MakeTx({Confirmed(i)});
        pool.AddUnchecked(Entry(p, 1000));
        outs.emplace_back(p->GetTxid(), 0);
    }
    auto child = MakeTx(outs);
    auto r = pool.CalculateAncestors(*child, 100);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "too many unconfirmed parents [limit: 25]");
    outs.pop_back();
    EXPECT_TRUE(pool.CalculateAncestors(*MakeTx(outs), 100).ok());

    // A root with 24 children: the 25th child would give it 26 descendants (itself included).
    TxMempool pool2;
    auto root = MakeTx({Confirmed(1000)}, 30);
    pool2.AddUnchecked(Entry(root, 1000));
    for (uint32_t i = 0; i < 24; ++i) pool2.AddUnchecked(Entry(MakeTx({OutPoint(root->GetTxid(), i)}), 1000));
    r = pool2.CalculateAncestors(*MakeTx({OutPoint(root->GetTxid(), 24)}), 100);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "too many descendants for tx " + root->GetTxid().ToHex() + " [limit: 25]");

    // Sizes.
    MempoolLimits small;
    small.ancestor_vsize = 1000;
    small.descendant_vsize = 1500;
    TxMempool pool3(small);
    auto big = MakeTx({Confirmed(2000)}, 2);
    pool3.AddUnchecked(Entry(big, 1000, 600));
    r = pool3.CalculateAncestors(*MakeTx({OutPoint(big->GetTxid(), 0)}), 401);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "exceeds ancestor size limit [limit: 1000]");
    EXPECT_TRUE(pool3.CalculateAncestors(*MakeTx({OutPoint(big->GetTxid(), 0)}), 400).ok());
    pool3.AddUnchecked(Entry(MakeTx({OutPoint(big->GetTxid(), 0)}), 1000, 400));
    r = pool3.CalculateAncestors(*MakeTx({OutPoint(big->GetTxid(), 1)}), 501);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              "exceeds descendant size limit for tx " + big->GetTxid().ToHex() + " [limit: 1500]");
    EXPECT_CONSISTENT(pool3);
}

TEST(TxMempool, RemoveRecursive) {
    TxMempool pool;
    auto a = MakeTx({Confirmed(1)}, 2);
    auto b = MakeTx({OutPoint(a->GetTxid(), 0)});
    auto c = MakeTx({OutPoint(b->GetTxid(), 0)});
    auto d = MakeTx({OutPoint(a->GetTxid(), 1)});
    for (auto& t : {a, b, c, d}) pool.AddUnchecked(Entry(t, 1000));
    int removed = 0;
    pool.SetRemovalListener([&](const MempoolEntry&, RemovalReason r) {
        EXPECT_EQ(r, RemovalReason::kReplaced);
        ++removed;
    });
    pool.RemoveRecursive(*b, RemovalReason::kReplaced);
    EXPECT_EQ(removed, 2);
    EXPECT_FALSE(pool.Exists(b->GetTxid()));
    EXPECT_FALSE(pool.Exists(c->GetTxid()));
    EXPECT_TRUE(pool.Exists(a->GetTxid()));
    EXPECT_EQ(pool.GetEntry(a->GetTxid())->count_with_descendants, 2u);
    EXPECT_FALSE(pool.SpenderOf(OutPoint(a->GetTxid(), 0)));
    EXPECT_CONSISTENT(pool);

    // A transaction not in the pool: its in-pool spenders go.
    pool.SetRemovalListener(nullptr);
    auto parent = MakeTx({Confirmed(2)}, 2);
    auto s1 = MakeTx({OutPoint(parent->GetTxid(), 0)});
    auto s2 = MakeTx({OutPoint(s1->GetTxid(), 0)});
    pool.AddUnchecked(Entry(s1, 1000));
    pool.AddUnchecked(Entry(s2, 1000));
    pool.RemoveRecursive(*parent, RemovalReason::kReorg);
    EXPECT_FALSE(pool.Exists(s1->GetTxid()));
    EXPECT_FALSE(pool.Exists(s2->GetTxid()));
    EXPECT_EQ(pool.Size(), 2u);
    EXPECT_CONSISTENT(pool);
}

TEST(TxMempool, RemoveForBlockConflictsAndChildren) {
    TxMempool pool;
    auto a = MakeTx({Confirmed(1)});
    auto a_child = MakeTx({OutPoint(a->GetTxid(), 0)});
    auto x = MakeTx({Confirmed(2)});  // double-spent by the block
    auto x_child = MakeTx({OutPoint(x->GetTxid(), 0)});
    auto other = MakeTx({Confirmed(3)});
    for (auto& t : {a, a_child, x, x_child, other}) pool.AddUnchecked(Entry(t, 1000));
    pool.PrioritiseTransaction(a->GetTxid(), 5000);
    EXPECT_EQ(pool.GetEntry(a_child->GetTxid())->fees_with_ancestors, 7000);

    std::map<uint256, RemovalReason> reasons;
    pool.SetRemovalListener([&](const MempoolEntry& e, RemovalReason r) { reasons[e.Txid()] = r; });
    auto x_conflict = MakeTx({Confirmed(2)}, 2);
    ASSERT_NE(x_conflict->GetTxid(), x->GetTxid());
    pool.RemoveForBlock({a, x_conflict}, 5000);
    EXPECT_EQ(reasons.size(), 3u);
    EXPECT_EQ(reasons[a->GetTxid()], RemovalReason::kBlock);
    EXPECT_EQ(reasons[x->GetTxid()], RemovalReason::kConflict);
    EXPECT_EQ(reasons[x_child->GetTxid()], RemovalReason::kConflict);
    EXPECT_TRUE(pool.Exists(a_child->GetTxid()));
    EXPECT_TRUE(pool.Exists(other->GetTxid()));
    auto ec = *pool.GetEntry(a_child->GetTxid());
    EXPECT_EQ(ec.count_with_ancestors, 1u);
    EXPECT_EQ(ec.fees_with_ancestors, 1000);
    EXPECT_EQ(pool.GetFeeDelta(a->GetTxid()), 0);  // prioritisation forgotten
    EXPECT_CONSISTENT(pool);

    // Reorg: a comes back; a_child becomes its child again.
    pool.AddUnchecked(Entry(a, 1000));
    auto ea = *pool.GetEntry(a->GetTxid());
    EXPECT_EQ(ea.count_with_descendants, 2u);
    EXPECT_EQ(pool.GetEntry(a_child->GetTxid())->count_with_ancestors, 2u);
    EXPECT_EQ(pool.GetDescendants(a->GetTxid()), std::set<uint256>{a_child->GetTxid()});
    EXPECT_CONSISTENT(pool);
}

TEST(TxMempool, Expire) {
    TxMempool pool;
    auto old1 = MakeTx({Confirmed(1)});
    auto young_child = MakeTx({OutPoint(old1->GetTxid(), 0)});
    auto old2 = MakeTx({Confirmed(2)});
    auto young = MakeTx({Confirmed(3)});
    pool.AddUnchecked(Entry(old1, 1000, 0, 100));
    pool.AddUnchecked(Entry(young_child, 1000, 0, 5000));
    pool.AddUnchecked(Entry(old2, 1000, 0, 200));
    pool.AddUnchecked(Entry(young, 1000, 0, 5000));
    EXPECT_EQ(pool.Expire(100), 0u);
    EXPECT_EQ(pool.Expire(1000), 3u);
    EXPECT_EQ(pool.Txids(), std::vector<uint256>{young->GetTxid()});
    EXPECT_CONSISTENT(pool);
}

TEST(TxMempool, TrimToSizeAndRollingMinFee) {
    TxMempool pool;
    // Feerates per 1000 vbytes: low 10000, mid 20000, parent 1000 with a child lifting it to 55000.
    auto low = MakeTx({Confirmed(1)});
    auto mid = MakeTx({Confirmed(2)});
    auto parent = MakeTx({Confirmed(3)});
    auto child = MakeTx({OutPoint(parent->GetTxid(), 0)});
    pool.AddUnchecked(Entry(low, 1000, 100));
    pool.AddUnchecked(Entry(mid, 2000, 100));
    pool.AddUnchecked(Entry(parent, 100, 100));
    pool.AddUnchecked(Entry(child, 10900, 100));
    EXPECT_EQ(pool.GetMinFee(1'000'000, 0), 0);

    const size_t usage = pool.DynamicMemoryUsage();
    EXPECT_EQ(pool.TrimToSize(usage), 0u);
    EXPECT_EQ(pool.TrimToSize(usage - 1), 1u);
    EXPECT_FALSE(pool.Exists(low->GetTxid()));
    EXPECT_EQ(pool.Size(), 3u);
    EXPECT_EQ(pool.GetMinFee(usage, 0), 10000 + kDefaultIncrementalRelayFee);
    EXPECT_CONSISTENT(pool);

    // Next the mid tx (20000 < the parent's package 55000).
    EXPECT_EQ(pool.TrimToSize(pool.DynamicMemoryUsage() - 1), 1u);
    EXPECT_FALSE(pool.Exists(mid->GetTxid()));
    EXPECT_EQ(pool.GetMinFee(usage, 0), 21000);
    // Then the package: parent and child together.
    EXPECT_EQ(pool.TrimToSize(0), 2u);
    EXPECT_EQ(pool.Size(), 0u);
    EXPECT_EQ(pool.GetMinFee(usage, 0), 55000 + 1000);
    EXPECT_CONSISTENT(pool);

    // No decay before a block; after one, a 12 h half-life (the pool is past half its limit: 0 bytes
    // of a 0-byte limit), 3 h when below a quarter of it.
    EXPECT_EQ(pool.GetMinFee(0, 1'000'000), 56000);
    pool.RemoveForBlock({}, 1'000'000);
    EXPECT_EQ(pool.GetMinFee(0, 1'000'005), 56000);  // within 10 s: unchanged
    EXPECT_EQ(pool.GetMinFee(0, 1'000'000 + 43200), 28000);
    EXPECT_EQ(pool.GetMinFee(1'000'000, 1'000'000 + 43200 + 10800), 14000);
    // Decays to 0 once below half the incremental relay fee; otherwise never below it.
    const int64_t t = 1'000'000 + 43200 + 10800;
    EXPECT_EQ(pool.GetMinFee(0, t + 3 * 43200), 1750);
    EXPECT_EQ(pool.GetMinFee(0, t + 4 * 43200), 1000);  // 875 → floor 1000
    EXPECT_EQ(pool.GetMinFee(0, t + 5 * 43200), 0);     // 437
    EXPECT_EQ(pool.GetMinFee(0, t + 6 * 43200), 0);
}

TEST(TxMempool, RemoveForBlockWithoutTimeStartsDecayAtNextQuery) {
    TxMempool pool;
    pool.AddUnchecked(Entry(MakeTx({Confirmed(1)}), 5000, 1000));
    pool.TrimToSize(0);
    EXPECT_EQ(pool.GetMinFee(0, 100), 6000);
    pool.RemoveForBlock({});
    EXPECT_EQ(pool.GetMinFee(0, 1000), 6000);
    EXPECT_EQ(pool.GetMinFee(0, 1000 + 43200), 3000);
}

TEST(TxMempool, PrioritiseChangesSelection) {
    TxMempool pool;
    auto a = MakeTx({Confirmed(1)});
    auto b = MakeTx({Confirmed(2)});
    auto c = MakeTx({Confirmed(3)});
    pool.AddUnchecked(Entry(a, 1000, 100));
    pool.AddUnchecked(Entry(b, 5000, 100));
    EXPECT_EQ(Ids(pool.SelectForBlock(4'000'000, 80'000)),
              (std::vector<uint256>{b->GetTxid(), a->GetTxid()}));
    const uint64_t seq = pool.Sequence();
    pool.PrioritiseTransaction(a->GetTxid(), 10000);
    EXPECT_GT(pool.Sequence(), seq);
    EXPECT_EQ(pool.GetEntry(a->GetTxid())->ModifiedFee(), 11000);
    EXPECT_EQ(pool.GetEntry(a->GetTxid())->fee, 1000);
    EXPECT_EQ(Ids(pool.SelectForBlock(4'000'000, 80'000)),
              (std::vector<uint256>{a->GetTxid(), b->GetTxid()}));
    EXPECT_CONSISTENT(pool);

    // Remembered before the transaction arrives.
    pool.PrioritiseTransaction(c->GetTxid(), 20000);
    pool.PrioritiseTransaction(c->GetTxid(), 1);
    EXPECT_EQ(pool.GetFeeDelta(c->GetTxid()), 20001);
    pool.AddUnchecked(Entry(c, 0, 100));
    EXPECT_EQ(pool.GetEntry(c->GetTxid())->fee_delta, 20001);
    EXPECT_EQ(pool.SelectForBlock(4'000'000, 80'000).front()->GetTxid(), c->GetTxid());
    EXPECT_CONSISTENT(pool);

    // A negative delta makes it worse than everything; selection stops at a negative package.
    pool.PrioritiseTransaction(c->GetTxid(), -40001);
    EXPECT_EQ(pool.GetEntry(c->GetTxid())->ModifiedFee(), -20000);
    EXPECT_EQ(Ids(pool.SelectForBlock(4'000'000, 80'000)),
              (std::vector<uint256>{a->GetTxid(), b->GetTxid()}));
    // Back to 0 forgets the delta.
    pool.PrioritiseTransaction(c->GetTxid(), 20000);
    EXPECT_EQ(pool.GetFeeDelta(c->GetTxid()), 0);
    EXPECT_CONSISTENT(pool);
}

TEST(TxMempool, SelectForBlockDependenciesAndCpfp) {
    TxMempool pool;
    auto parent = MakeTx({Confirmed(1)}, 2);
    auto child = MakeTx({OutPoint(parent->GetTxid(), 0)});
    auto middle = MakeTx({Confirmed(2)});
    auto low = MakeTx({Confirmed(3)});
    auto grandchild = MakeTx({OutPoint(child->GetTxid(), 0)});
    pool.AddUnchecked(Entry(parent, 100, 100));      // 1 per vbyte
    pool.AddUnchecked(Entry(child, 10000, 100));     // package 50.5 per vbyte
    pool.AddUnchecked(Entry(middle, 2000, 100));     // 20
    pool.AddUnchecked(Entry(low, 500, 100));         // 5
    pool.AddUnchecked(Entry(grandchild, 300, 100));  // 3 alone, after its parents are in: 3
    auto sel = Ids(pool.SelectForBlock(4'000'000, 80'000));
    EXPECT_EQ(sel, (std::vector<uint256>{parent->GetTxid(), child->GetTxid(), middle->GetTxid(),
                                         low->GetTxid(), grandchild->GetTxid()}));

    // A sibling spending the parent's second output, alone worth 4/vbyte but with the parent already
    // in the block it is re-scored at 4 and goes before the grandchild (3) and after low (5).
    auto sibling = MakeTx({OutPoint(parent->GetTxid(), 1)});
    pool.AddUnchecked(Entry(sibling, 400, 100));
    sel = Ids(pool.SelectForBlock(4'000'000, 80'000));
    EXPECT_EQ(sel, (std::vector<uint256>{parent->GetTxid(), child->GetTxid(), middle->GetTxid(),
                                         low->GetTxid(), sibling->GetTxid(), grandchild->GetTxid()}));

    // A minimum block feerate cuts the tail.
    sel = Ids(pool.SelectForBlock(4'000'000, 80'000, 4500));
    EXPECT_EQ(sel,
              (std::vector<uint256>{parent->GetTxid(), child->GetTxid(), middle->GetTxid(), low->GetTxid()}));
}

TEST(TxMempool, SelectForBlockLimits) {
    TxMempool pool;
    std::vector<TransactionRef> txs;
    for (uint32_t i = 0; i < 50; ++i) {
        auto tx = MakeTx({Confirmed(i)});
        txs.push_back(tx);
        pool.AddUnchecked(Entry(tx, 1000 + i, 0, 1000, 10));
    }
    const uint64_t w = txs[0]->GetWeight();
    ASSERT_EQ(w % 4, 0u);  // so 4 × vsize == weight
    // Room for exactly 10 (strictly below the limit).
    auto sel = pool.SelectForBlock(10 * w + 1, 80'000);
    ASSERT_EQ(sel.size(), 10u);
    for (size_t i = 0; i < 10; ++i) EXPECT_EQ(sel[i]->GetTxid(), txs[49 - i]->GetTxid());
    EXPECT_EQ(pool.SelectForBlock(10 * w, 80'000).size(), 9u);
    // Sigops: 10 each, limit 55 → 5.
    EXPECT_EQ(pool.SelectForBlock(4'000'000, 55).size(), 5u);

    // A package too big for the rest of the block is skipped for smaller ones.
    TxMempool pool2;
    auto big = MakeTx({Confirmed(100)});
    auto small = MakeTx({Confirmed(101)});
    pool2.AddUnchecked(Entry(big, 100000, 5000));
    pool2.AddUnchecked(Entry(small, 10, 100));
    sel = pool2.SelectForBlock(4 * 1000, 80'000);
    ASSERT_EQ(sel.size(), 1u);
    EXPECT_EQ(sel[0]->GetTxid(), small->GetTxid());
}

TEST(TxMempool, GetCoinAndSpenderOf) {
    TxMempool pool;
    MutableTransaction m;
    TxIn in;
    in.prevout = Confirmed(1);
    m.vin.push_back(in);
    m.vout.push_back(Out(777));
    m.vout.push_back(Out(888, {0x52}));
    m.vout.back().witness.range_proof = {1, 2, 3};
    auto tx = MakeTransactionRef(m);
    pool.AddUnchecked(Entry(tx, 0));
    EXPECT_EQ(pool.SpenderOf(Confirmed(1)), tx->GetTxid());
    EXPECT_FALSE(pool.SpenderOf(Confirmed(2)));

    auto coin = pool.GetCoin(OutPoint(tx->GetTxid(), 1));
    ASSERT_TRUE(coin);
    EXPECT_EQ(coin->height, static_cast<uint32_t>(kMempoolHeight));
    EXPECT_FALSE(coin->coinbase);
    EXPECT_EQ(coin->out.value.GetAmount(), 888);
    EXPECT_EQ(coin->out.script_pubkey, (Bytes{0x52}));
    EXPECT_TRUE(coin->out.witness.IsNull());
    EXPECT_FALSE(pool.GetCoin(OutPoint(tx->GetTxid(), 2)));
    EXPECT_FALSE(pool.GetCoin(Confirmed(1)));

    auto spender = MakeTx({OutPoint(tx->GetTxid(), 0)});
    pool.AddUnchecked(Entry(spender, 1000));
    EXPECT_EQ(pool.SpenderOf(OutPoint(tx->GetTxid(), 0)), spender->GetTxid());
    EXPECT_FALSE(pool.GetCoin(OutPoint(tx->GetTxid(), 0)));
    EXPECT_TRUE(pool.GetOutputCoin(OutPoint(tx->GetTxid(), 0)));
    EXPECT_TRUE(pool.GetCoin(OutPoint(tx->GetTxid(), 1)));
    EXPECT_TRUE(pool.GetCoin(OutPoint(spender->GetTxid(), 0)));
}

TEST(TxMempool, DynamicMemoryUsageGrowsAndShrinks) {
    TxMempool pool;
    const size_t empty = pool.DynamicMemoryUsage();
    std::vector<TransactionRef> txs;
    size_t last = empty;
    for (uint32_t i = 0; i < 100; ++i) {
        auto tx = MakeTx({Confirmed(i)}, 3);
        txs.push_back(tx);
        pool.AddUnchecked(Entry(tx, 1000));
        EXPECT_GT(pool.DynamicMemoryUsage(), last);
        last = pool.DynamicMemoryUsage();
    }
    // At least the serialized bytes and a few hundred bytes of bookkeeping per entry.
    EXPECT_GT(last - empty, 100 * (txs[0]->GetTotalSize() + 200));
    for (auto& tx : txs) {
        pool.RemoveRecursive(*tx, RemovalReason::kReplaced);
        EXPECT_LT(pool.DynamicMemoryUsage(), last);
        last = pool.DynamicMemoryUsage();
    }
    EXPECT_LE(pool.DynamicMemoryUsage(), empty + 1024 * sizeof(void*));  // only hash buckets remain
}

// Random adds and removals of every kind, with the full self-check after each step.
TEST(TxMempool, RandomizedConsistency) {
    std::mt19937_64 rng(12345);
    auto rnd = [&](uint64_t n) { return static_cast<uint64_t>(rng() % n); };
    MempoolLimits limits;
    limits.ancestor_count = limits.descendant_count = 1000;  // AddUnchecked checks nothing anyway
    TxMempool pool(limits);
    uint32_t next_confirmed = 0;
    std::vector<TransactionRef> block_removed;  // candidates to re-add (reorg)
    size_t adds = 0, readds = 0;

    for (int step = 0; step < 3000; ++step) {
        const uint64_t action = rnd(100);
        const std::vector<uint256> ids = pool.Txids();
        if (action < 55 || ids.empty()) {
            // Spend 1-3 outputs: unspent pool outputs or fresh confirmed coins.
            std::vector<OutPoint> ins;
            const size_t n_in = 1 + rnd(3);
            for (size_t k = 0; k < n_in; ++k) {
                if (!ids.empty() && rnd(3) != 0) {
                    const uint256& id = ids[rnd(ids.size())];
                    auto tx = pool.GetTx(id);
                    OutPoint o(id, static_cast<uint32_t>(rnd(tx->vout.size() - 1)));
                    if (!pool.SpenderOf(o) && std::find(ins.begin(), ins.end(), o) == ins.end())
                        ins.push_back(o);
                } else {
                    ins.push_back(Confirmed(next_confirmed++));
                }
            }
            if (ins.empty()) ins.push_back(Confirmed(next_confirmed++));
            auto tx = MakeTx(ins, 1 + rnd(3), 1 + rnd(5000));
            pool.AddUnchecked(Entry(tx, static_cast<Amount>(rnd(20000)), 50 + rnd(500),
                                    static_cast<int64_t>(step), static_cast<int64_t>(rnd(20))));
            ++adds;
        } else if (action < 65) {
            pool.RemoveRecursive(*pool.GetTx(ids[rnd(ids.size())]),
                                 rnd(2) ? RemovalReason::kReplaced : RemovalReason::kReorg);
        } else if (action < 75) {
            // A block: a transaction with its in-pool ancestors (parents first), maybe a conflict.
            const uint256 id = ids[rnd(ids.size())];
            std::vector<std::pair<uint64_t, uint256>> order;
            for (const uint256& a : pool.GetAncestors(id))
                order.emplace_back(pool.GetEntry(a)->count_with_ancestors, a);
            order.emplace_back(pool.GetEntry(id)->count_with_ancestors, id);
            std::sort(order.begin(), order.end());
            std::vector<TransactionRef> vtx;
            for (auto& [n, t] : order) vtx.push_back(pool.GetTx(t));
            if (rnd(2)) {
                // Double-spend some pool transaction's input.
                auto victim = pool.GetTx(ids[rnd(ids.size())]);
                if (std::find(vtx.begin(), vtx.end(), victim) == vtx.end())
                    vtx.push_back(MakeTx({victim->vin[0].prevout}, 5, 1));
            }
            pool.RemoveForBlock(vtx, step);
            for (auto& t : vtx) block_removed.push_back(t);
        } else if (action < 80 && !block_removed.empty()) {
            // Reorg: a block transaction comes back (only when none of its inputs is spent in the pool).
            const size_t k = rnd(block_removed.size());
            auto tx = block_removed[k];
            block_removed.erase(block_removed.begin() + k);
            bool free = !pool.Exists(tx->GetTxid());
            for (const TxIn& in : tx->vin) free = free && !pool.SpenderOf(in.prevout);
            if (free) {
                pool.AddUnchecked(Entry(tx, 500, 200, step));
                ++readds;
            }
        } else if (action < 85) {
            pool.Expire(static_cast<int64_t>(step) - 400);
        } else if (action < 90) {
            pool.TrimToSize(pool.DynamicMemoryUsage() * (90 + rnd(10)) / 100);
        } else {
            const uint256 id =
                rnd(4) ? ids[rnd(ids.size())] : MakeTx({Confirmed(next_confirmed + 7)})->GetTxid();
            pool.PrioritiseTransaction(id, static_cast<Amount>(rnd(20000)) - 10000);
        }
        const Status st = TxMempoolTestAccess::Check(pool);
        ASSERT_TRUE(st.ok()) << "step " << step << ": " << st.error().ToString();

        if (step % 100 == 0) {
            // Template: each transaction after its in-pool parents, every pool transaction at most once.
            auto sel = pool.SelectForBlock(4'000'000, 80'000, -1'000'000'000);
            std::set<uint256> seen;
            for (const auto& tx : sel) {
                for (const TxIn& in : tx->vin)
                    if (pool.Exists(in.prevout.hash)) {
                        ASSERT_TRUE(seen.count(in.prevout.hash));
                    }
                ASSERT_TRUE(seen.insert(tx->GetTxid()).second);
            }
            ASSERT_EQ(sel.size(), pool.Size());
        }
    }
    EXPECT_GT(adds, 1000u);
    EXPECT_GT(readds, 10u);
}

}  // namespace
}  // namespace ocean
