// SignatureCache: entry derivation, lookups with and without erase, the size bound with random
// eviction, use by TransactionSignatureChecker, and concurrent use from several threads.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "ocean/crypto/key.h"
#include "ocean/crypto/sha256.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/sigcache.h"

namespace ocean {
namespace {

uint256 Entry(uint64_t i) {
    uint8_t buf[8];
    for (int k = 0; k < 8; ++k) buf[k] = static_cast<uint8_t>(i >> (8 * k));
    return Sha256Hash(ByteSpan(buf, 8));
}

TEST(SignatureCache, ComputeEntryCommitsToEveryPart) {
    const uint256 h = Entry(1);
    const Bytes pub(33, 2), sig(70, 3);
    const uint256 e = SignatureCache::ComputeEntry(h, pub, sig);
    EXPECT_EQ(e, SignatureCache::ComputeEntry(h, pub, sig));
    EXPECT_NE(e, SignatureCache::ComputeEntry(Entry(2), pub, sig));
    EXPECT_NE(e, SignatureCache::ComputeEntry(h, Bytes(33, 3), sig));
    EXPECT_NE(e, SignatureCache::ComputeEntry(h, pub, Bytes(70, 4)));
    EXPECT_NE(e, SignatureCache::ComputeEntry(h, pub, Bytes(69, 3)));
    // Salted: not the plain hash of the concatenation.
    Bytes plain(h.begin(), h.end());
    plain.insert(plain.end(), pub.begin(), pub.end());
    plain.insert(plain.end(), sig.begin(), sig.end());
    EXPECT_NE(e, Sha256Hash(plain));
}

TEST(SignatureCache, InsertContainsErase) {
    SignatureCache cache;
    EXPECT_EQ(cache.MaxEntries(), SignatureCache::kDefaultMaxBytes / SignatureCache::kBytesPerEntry);
    const uint256 a = Entry(1), b = Entry(2);
    EXPECT_FALSE(cache.Contains(a, false));
    cache.Insert(a);
    cache.Insert(a);  // idempotent
    EXPECT_EQ(cache.Size(), 1u);
    EXPECT_TRUE(cache.Contains(a, false));
    EXPECT_TRUE(cache.Contains(a, false));
    EXPECT_FALSE(cache.Contains(b, false));
    EXPECT_TRUE(cache.Contains(a, true));  // found, and removed
    EXPECT_FALSE(cache.Contains(a, false));
    EXPECT_FALSE(cache.Contains(a, true));
    cache.Insert(b);
    cache.Clear();
    EXPECT_EQ(cache.Size(), 0u);
}

TEST(SignatureCache, BoundedWithRandomEviction) {
    SignatureCache cache(100 * SignatureCache::kBytesPerEntry);
    ASSERT_EQ(cache.MaxEntries(), 100u);
    for (uint64_t i = 0; i < 100; ++i) cache.Insert(Entry(i));
    EXPECT_EQ(cache.Size(), 100u);
    for (uint64_t i = 100; i < 150; ++i) {
        cache.Insert(Entry(i));
        EXPECT_TRUE(cache.Contains(Entry(i), false)) << "the new entry is always kept";
        EXPECT_EQ(cache.Size(), 100u);
    }
    // 50 evictions among 100 entries: a FIFO would have dropped exactly entries 0..49; random eviction
    // keeps some of them and drops some later ones.
    int old_survivors = 0, young_lost = 0;
    for (uint64_t i = 0; i < 50; ++i) old_survivors += cache.Contains(Entry(i), false);
    for (uint64_t i = 50; i < 100; ++i) young_lost += !cache.Contains(Entry(i), false);
    EXPECT_GT(old_survivors, 0);
    EXPECT_GT(young_lost, 0);
    // A tiny cache still holds one entry.
    SignatureCache one(1);
    EXPECT_EQ(one.MaxEntries(), 1u);
    one.Insert(Entry(1));
    one.Insert(Entry(2));
    EXPECT_EQ(one.Size(), 1u);
    EXPECT_TRUE(one.Contains(Entry(2), false));
}

TEST(SignatureCache, UsedByTransactionChecker) {
    auto key = Key::FromBytes(Bytes(32, 0x21));
    ASSERT_TRUE(key.ok());
    const Bytes pub = key->GetPubKey().ToBytes();
    MutableTransaction tx;
    tx.vin.resize(1);
    tx.vout.resize(1);
    const Script code = Script() << ByteSpan(pub) << OP_CHECKSIG;
    const ConfidentialValue amount{Amount{10}};
    const uint256 sighash = SignatureHash(code, tx, 0, SIGHASH_ALL, amount, SigVersion::kBase);
    auto der = key->Sign(sighash);
    ASSERT_TRUE(der.ok());
    Bytes sig = *der;
    sig.push_back(SIGHASH_ALL);

    SignatureCache cache;
    const TransactionSignatureChecker<MutableTransaction> checker(&tx, 0, amount, nullptr, &cache);
    EXPECT_TRUE(checker.CheckSig(sig, pub, code, SigVersion::kBase));
    const uint256 entry = SignatureCache::ComputeEntry(sighash, pub, *der);
    EXPECT_TRUE(cache.Contains(entry, false)) << "a successful verification is stored";
    EXPECT_TRUE(checker.CheckSig(sig, pub, code, SigVersion::kBase));
    EXPECT_EQ(cache.Size(), 1u);

    // Failures are not stored.
    Bytes bad = sig;
    bad[8] ^= 1;
    EXPECT_FALSE(checker.CheckSig(bad, pub, code, SigVersion::kBase));
    EXPECT_EQ(cache.Size(), 1u);

    // The cache is consulted before verifying: an entry for a wrong signature makes it pass (which is
    // why only verified signatures may ever be inserted).
    cache.Insert(SignatureCache::ComputeEntry(sighash, pub, Bytes(bad.begin(), bad.end() - 1)));
    EXPECT_TRUE(checker.CheckSig(bad, pub, code, SigVersion::kBase));
    // The same checker without a cache is not fooled.
    const TransactionSignatureChecker<MutableTransaction> plain(&tx, 0, amount);
    EXPECT_FALSE(plain.CheckSig(bad, pub, code, SigVersion::kBase));
}

TEST(SignatureCache, ConcurrentInsertAndLookup) {
    constexpr int kThreads = 4;
    constexpr uint64_t kPerThread = 20000;
    SignatureCache big(size_t{64} << 20);
    std::atomic<int> missing_own{0};
    std::atomic<uint64_t> hits_other{0};
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                const uint64_t base = static_cast<uint64_t>(t) * kPerThread;
                for (uint64_t i = 0; i < kPerThread; ++i) {
                    big.Insert(Entry(base + i));
                    if (!big.Contains(Entry(base + i), false)) ++missing_own;
                    // Look at another thread's range too (present or not, depending on timing).
                    const uint64_t other = ((t + 1) % kThreads) * kPerThread + i / 2;
                    if (big.Contains(Entry(other), false)) ++hits_other;
                }
            });
        }
        for (auto& th : threads) th.join();
    }
    EXPECT_EQ(missing_own.load(), 0);
    EXPECT_EQ(big.Size(), kThreads * kPerThread);
    for (uint64_t i = 0; i < kThreads * kPerThread; i += 997) EXPECT_TRUE(big.Contains(Entry(i), false));

    // A small cache under eviction pressure with erasing lookups mixed in: stays bounded, no races.
    SignatureCache small(1000 * SignatureCache::kBytesPerEntry);
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (uint64_t i = 0; i < kPerThread; ++i) {
                    const uint256 e = Entry(static_cast<uint64_t>(t) * kPerThread + i);
                    small.Insert(e);
                    (void)small.Contains(e, i % 3 == 0);
                    (void)small.Contains(Entry(i), i % 5 == 0);
                }
            });
        }
        for (auto& th : threads) th.join();
    }
    EXPECT_LE(small.Size(), small.MaxEntries());
    EXPECT_GT(small.Size(), 0u);
}

}  // namespace
}  // namespace ocean
