// Hash160Set (the compact open-addressing set behind the lists) against std::set under random
// inserts and erases, the all-zero hash, growth; PolicyLists: per-list membership, key ids vs script
// ids, Apply returning only real changes, Revert, Entries order (dumpwhitelist), Clear.
#include "ocean/mempool/policy_lists.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace ocean {
namespace {

uint160 H(uint64_t n) {
    uint160 h;
    for (int i = 0; i < 8; ++i) h[i] = static_cast<uint8_t>(n >> (8 * i));
    h[19] = 0x5a;
    return h;
}

TEST(Hash160Set, MatchesStdSetUnderRandomOperations) {
    Hash160Set set;
    std::set<uint160> ref;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200000; ++i) {
        const uint160 h = H(rng() % 5000);  // small key space: many duplicates and erases of members
        if (rng() % 3 == 0) {
            EXPECT_EQ(set.Erase(h), ref.erase(h) == 1);
        } else {
            EXPECT_EQ(set.Insert(h), ref.insert(h).second);
        }
        if (i % 1000 == 0) {
            ASSERT_EQ(set.Size(), ref.size());
        }
    }
    ASSERT_EQ(set.Size(), ref.size());
    for (uint64_t k = 0; k < 5000; ++k) ASSERT_EQ(set.Contains(H(k)), ref.count(H(k)) == 1) << k;
    const std::vector<uint160> sorted = set.Sorted();
    EXPECT_EQ(sorted, std::vector<uint160>(ref.begin(), ref.end()));
}

TEST(Hash160Set, ZeroHashIsAnEntryLikeAnyOther) {
    Hash160Set set;
    EXPECT_FALSE(set.Contains(uint160()));
    EXPECT_TRUE(set.Insert(uint160()));
    EXPECT_FALSE(set.Insert(uint160()));
    EXPECT_TRUE(set.Contains(uint160()));
    EXPECT_EQ(set.Size(), 1u);
    EXPECT_EQ(set.Sorted(), std::vector<uint160>{uint160()});
    EXPECT_TRUE(set.Erase(uint160()));
    EXPECT_FALSE(set.Erase(uint160()));
    EXPECT_EQ(set.Size(), 0u);
}

TEST(Hash160Set, CompactAndClearable) {
    Hash160Set set;
    for (uint64_t k = 0; k < 100000; ++k) set.Insert(H(k));
    EXPECT_EQ(set.Size(), 100000u);
    // At most 1 / 0.567 slots of 20 bytes per entry after growth (load factor 0.567..0.85).
    EXPECT_LE(set.MemoryUsage(), 100000u * 36);
    EXPECT_GE(set.MemoryUsage(), 100000u * 20);
    for (uint64_t k = 0; k < 100000; k += 2) EXPECT_TRUE(set.Erase(H(k)));
    for (uint64_t k = 0; k < 100000; ++k) ASSERT_EQ(set.Contains(H(k)), k % 2 == 1);
    set.Clear();
    EXPECT_EQ(set.Size(), 0u);
    EXPECT_FALSE(set.Contains(H(1)));
    set.Reserve(1000);
    EXPECT_GE(set.MemoryUsage(), 1000u * 20);
    EXPECT_TRUE(set.Insert(H(1)));
}

TEST(PolicyLists, KeyIdsAndScriptIdsAreDifferentEntries) {
    PolicyLists lists;
    const ListEntry key{H(1), false}, script{H(1), true};
    EXPECT_TRUE(lists.Add(PolicyList::kWhitelist, key));
    EXPECT_TRUE(lists.Contains(PolicyList::kWhitelist, key));
    EXPECT_FALSE(lists.Contains(PolicyList::kWhitelist, script));
    EXPECT_FALSE(lists.Contains(PolicyList::kFreezelist, key));
    EXPECT_TRUE(lists.Add(PolicyList::kWhitelist, script));
    EXPECT_EQ(lists.Size(PolicyList::kWhitelist), 2u);
    // The freeze and burn lists hold key ids only.
    EXPECT_FALSE(lists.Add(PolicyList::kFreezelist, script));
    EXPECT_EQ(lists.Size(PolicyList::kFreezelist), 0u);
    EXPECT_TRUE(lists.Add(PolicyList::kBurnlist, key));
    EXPECT_TRUE(lists.ContainsKey(PolicyList::kBurnlist, H(1)));
    EXPECT_TRUE(lists.Remove(PolicyList::kBurnlist, key));
    EXPECT_FALSE(lists.Remove(PolicyList::kBurnlist, key));
}

TEST(PolicyLists, ApplyReturnsRealChangesAndRevertUndoesThem) {
    PolicyLists lists;
    lists.Add(PolicyList::kFreezelist, {H(1), false});
    const std::vector<ListChange> changes = {
        {PolicyList::kFreezelist, {H(1), false}, true},   // already there: no change
        {PolicyList::kFreezelist, {H(2), false}, true},   // new
        {PolicyList::kFreezelist, {H(1), false}, false},  // removed
        {PolicyList::kFreezelist, {H(3), false}, false},  // absent: no change
        {PolicyList::kWhitelist, {H(4), true}, true},
        {PolicyList::kFreezelist, {H(2), false}, true},  // present again: no change
    };
    const auto applied = lists.Apply(changes);
    const std::vector<ListChange> expected = {changes[1], changes[2], changes[4]};
    EXPECT_EQ(applied, expected);
    EXPECT_FALSE(lists.ContainsKey(PolicyList::kFreezelist, H(1)));
    EXPECT_TRUE(lists.ContainsKey(PolicyList::kFreezelist, H(2)));
    lists.Revert(applied);
    EXPECT_TRUE(lists.ContainsKey(PolicyList::kFreezelist, H(1)));
    EXPECT_FALSE(lists.ContainsKey(PolicyList::kFreezelist, H(2)));
    EXPECT_EQ(lists.Size(PolicyList::kWhitelist), 0u);
}

TEST(PolicyLists, EntriesAreKeyIdsThenScriptIdsSortedByBytes) {
    PolicyLists lists;
    uint160 a, b;
    a[0] = 0x02;
    b[0] = 0x01;
    lists.Add(PolicyList::kWhitelist, {a, true});
    lists.Add(PolicyList::kWhitelist, {a, false});
    lists.Add(PolicyList::kWhitelist, {b, true});
    lists.Add(PolicyList::kWhitelist, {b, false});
    const std::vector<ListEntry> expected = {{b, false}, {a, false}, {b, true}, {a, true}};
    EXPECT_EQ(lists.Entries(PolicyList::kWhitelist), expected);
    lists.Clear(PolicyList::kWhitelist);
    EXPECT_TRUE(lists.Entries(PolicyList::kWhitelist).empty());
}

TEST(PolicyLists, DestinationRoundTrip) {
    EXPECT_EQ(ListEntryFor(PKHash(H(5))), (ListEntry{H(5), false}));
    EXPECT_EQ(ListEntryFor(ScriptHash(H(5))), (ListEntry{H(5), true}));
    EXPECT_FALSE(ListEntryFor(WitnessV0KeyHash(H(5))));
    EXPECT_FALSE(ListEntryFor(NoDestination{}));
    EXPECT_EQ(DestinationOf({H(5), true}), Destination(ScriptHash(H(5))));
    EXPECT_EQ(DestinationOf({H(5), false}), Destination(PKHash(H(5))));
}

}  // namespace
}  // namespace ocean
