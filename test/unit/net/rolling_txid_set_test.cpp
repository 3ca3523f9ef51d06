#include "ocean/net/rolling_txid_set.h"

#include <gtest/gtest.h>

#include "ocean/crypto/sha256.h"

namespace ocean {
namespace {

uint256 H(int i) {
    const std::string s = "tx" + std::to_string(i);
    return Sha256dHash(ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

TEST(RollingTxidSet, RemembersTheLastCapacityInsertions) {
    RollingTxidSet set(100);
    for (int i = 0; i < 100; ++i) set.Insert(H(i));
    EXPECT_EQ(set.Size(), 100u);
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(set.Contains(H(i))) << i;
    EXPECT_FALSE(set.Contains(H(100)));
    // 50 more forget the 50 oldest.
    for (int i = 100; i < 150; ++i) set.Insert(H(i));
    EXPECT_EQ(set.Size(), 100u);
    for (int i = 0; i < 50; ++i) EXPECT_FALSE(set.Contains(H(i))) << i;
    for (int i = 50; i < 150; ++i) EXPECT_TRUE(set.Contains(H(i))) << i;
}

TEST(RollingTxidSet, DuplicatesDoNotEvict) {
    RollingTxidSet set(3);
    set.Insert(H(1));
    set.Insert(H(2));
    for (int i = 0; i < 10; ++i) set.Insert(H(2));
    set.Insert(H(3));
    EXPECT_TRUE(set.Contains(H(1)));
    EXPECT_TRUE(set.Contains(H(2)));
    EXPECT_TRUE(set.Contains(H(3)));
    set.Insert(H(4));
    EXPECT_FALSE(set.Contains(H(1)));
    EXPECT_EQ(set.Size(), 3u);
}

TEST(RollingTxidSet, ClearForgetsEverythingAndStaysBounded) {
    RollingTxidSet set(10);
    for (int i = 0; i < 25; ++i) set.Insert(H(i));
    set.Clear();
    EXPECT_EQ(set.Size(), 0u);
    EXPECT_FALSE(set.Contains(H(24)));
    for (int i = 0; i < 1000; ++i) set.Insert(H(i));
    EXPECT_EQ(set.Size(), 10u);
    EXPECT_EQ(set.Capacity(), 10u);
    EXPECT_TRUE(set.Contains(H(999)));
}

TEST(RollingTxidSet, ZeroCapacityMeansOne) {
    RollingTxidSet set(0);
    set.Insert(H(1));
    set.Insert(H(2));
    EXPECT_FALSE(set.Contains(H(1)));
    EXPECT_TRUE(set.Contains(H(2)));
}

}  // namespace
}  // namespace ocean
