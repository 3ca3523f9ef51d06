// OrphanPool: bounded count, per-peer erasure, expiry, lookup of children by parent.
#include "ocean/net/orphan_pool.h"

#include <gtest/gtest.h>

namespace ocean {
namespace {

uint256 Hash(uint8_t b) {
    uint256 h;
    h.data()[0] = b;
    h.data()[31] = 0x42;
    return h;
}

TransactionRef Tx(const uint256& parent, uint32_t n, size_t script_bytes = 10) {
    MutableTransaction m;
    m.vin.emplace_back();
    m.vin[0].prevout = OutPoint(parent, n);
    m.vout.emplace_back();
    m.vout[0].script_pubkey = Bytes(script_bytes, 0x6a);
    return MakeTransactionRef(m);
}

TEST(OrphanPool, AddLookupAndChildren) {
    OrphanPool pool(100, 1);
    auto a = Tx(Hash(1), 0), b = Tx(Hash(1), 1), c = Tx(Hash(2), 0);
    EXPECT_TRUE(pool.Add(a, 7, 1000));
    EXPECT_FALSE(pool.Add(a, 7, 1000));  // already kept
    EXPECT_TRUE(pool.Add(b, 8, 1000));
    EXPECT_TRUE(pool.Add(c, 8, 1000));
    EXPECT_TRUE(pool.Have(a->GetTxid()));
    EXPECT_EQ(pool.Size(), 3u);
    EXPECT_EQ(pool.ChildrenOf(Hash(1)).size(), 2u);
    EXPECT_EQ(pool.ChildrenOf(Hash(2)).size(), 1u);
    EXPECT_TRUE(pool.ChildrenOf(Hash(3)).empty());
    pool.Erase(a->GetTxid());
    EXPECT_EQ(pool.ChildrenOf(Hash(1)).size(), 1u);
    EXPECT_EQ(pool.EraseForPeer(8), 2u);
    EXPECT_EQ(pool.Size(), 0u);
    EXPECT_EQ(pool.TotalBytes(), 0u);
}

TEST(OrphanPool, BoundedInCountAndSize) {
    OrphanPool pool(100, 2);
    for (uint32_t i = 0; i < 1000; ++i) pool.Add(Tx(Hash(static_cast<uint8_t>(i % 251)), i), 1, 0);
    EXPECT_EQ(pool.Size(), 100u);
    EXPECT_LT(pool.TotalBytes(), 100u * 200);
    // Larger than 100,000 virtual bytes: never kept.
    EXPECT_FALSE(pool.Add(Tx(Hash(9), 0, 400'001), 1, 0));
}

TEST(OrphanPool, Expiry) {
    OrphanPool pool(100, 3);
    pool.Add(Tx(Hash(1), 0), 1, 1000);
    pool.Add(Tx(Hash(1), 1), 1, 1500);
    EXPECT_EQ(pool.Expire(1000 + OrphanPool::kOrphanExpireSeconds - 1), 0u);
    EXPECT_EQ(pool.Expire(1000 + OrphanPool::kOrphanExpireSeconds), 1u);
    EXPECT_EQ(pool.Size(), 1u);
}

}  // namespace
}  // namespace ocean
