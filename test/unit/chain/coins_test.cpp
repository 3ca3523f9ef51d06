#include "ocean/chain/coins.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ocean/chain/coin_encoding.h"
#include "storage_test_util.h"

namespace ocean {
namespace {

using storage_test::ChainABlocks;
using storage_test::TempDir;

// A parent view in plain maps that records what each BatchWrite received.
class MemoryView : public CoinsView {
  public:
    std::map<OutPoint, Coin> coins;
    std::set<std::pair<uint256, OutPoint>> claims;
    uint256 best;
    std::map<OutPoint, CoinsCacheEntry> last_batch;

    std::optional<Coin> GetCoin(const OutPoint& o) const override {
        auto it = coins.find(o);
        if (it == coins.end()) return std::nullopt;
        return it->second;
    }
    uint256 GetBestBlock() const override { return best; }
    bool IsWithdrawSpent(const uint256& g, const OutPoint& o) const override {
        return claims.count({g, o}) > 0;
    }
    using CoinsView::BatchWrite;
    Status BatchWrite(CoinsMap& map, WithdrawMap& withdraws, const uint256& b) override {
        last_batch.clear();
        for (auto& [o, e] : map) {
            if (!(e.flags & CoinsCacheEntry::DIRTY)) continue;
            last_batch.emplace(o, e);
            if (e.coin.IsSpent()) {
                coins.erase(o);
            } else {
                coins[o] = e.coin;
            }
        }
        map.clear();
        for (auto& [k, e] : withdraws) {
            if (!e.dirty) continue;
            if (e.spent) {
                claims.insert({k.parent_genesis, k.outpoint});
            } else {
                claims.erase({k.parent_genesis, k.outpoint});
            }
        }
        withdraws.clear();
        best = b;
        return Status::Ok();
    }
};

Bytes P2PKH(uint8_t fill) {
    Bytes s{0x76, 0xa9, 20};
    s.resize(23, fill);
    s.push_back(0x88);
    s.push_back(0xac);
    return s;
}

Coin MakeCoin(uint8_t fill, uint32_t height = 10, size_t script_size = 0) {
    TxOut out;
    out.asset.SetExplicit(uint256::FromByte0(1));
    out.value.SetExplicit(COIN + fill);
    out.script_pubkey = script_size ? Bytes(script_size, 0x51) : P2PKH(fill);
    return Coin(out, height, false);
}

OutPoint Op(uint8_t id, uint32_t n = 0) {
    return OutPoint(uint256::FromByte0(id), n);
}

std::unique_ptr<CoinsViewDB> OpenCoins(const TempDir& dir,
                                       size_t batch = CoinsViewDB::kDefaultBatchWriteBytes) {
    DatabaseOptions o;
    o.path = dir / "chainstate";
    auto db = CoinsViewDB::Open(o, batch);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().ToString());
    return db.ok() ? std::move(*db) : nullptr;
}

TEST(CoinsViewCache, FreshCoinSpentBeforeFlushNeverReachesParent) {
    MemoryView base;
    CoinsViewCache cache(&base);
    cache.AddCoin(Op(1), MakeCoin(1), false);
    EXPECT_EQ(cache.GetCacheSize(), 1u);
    EXPECT_TRUE(cache.HaveCoinInCache(Op(1)));
    Coin out;
    ASSERT_TRUE(cache.SpendCoin(Op(1), &out));
    EXPECT_EQ(out, MakeCoin(1));
    EXPECT_EQ(cache.GetCacheSize(), 0u);
    EXPECT_FALSE(cache.SpendCoin(Op(1)));
    cache.SetBestBlock(uint256::FromByte0(9));
    ASSERT_TRUE(cache.Flush());
    EXPECT_TRUE(base.last_batch.empty());
    EXPECT_EQ(base.best, uint256::FromByte0(9));
}

TEST(CoinsViewCache, FlagsFollowTheParentState) {
    MemoryView base;
    base.coins[Op(2)] = MakeCoin(2);
    base.coins[Op(3)] = MakeCoin(3);
    CoinsViewCache cache(&base);

    cache.AddCoin(Op(1), MakeCoin(1), false);  // new: DIRTY|FRESH
    cache.AddCoin(Op(4), MakeCoin(4), true);   // may exist in the parent: DIRTY only
    ASSERT_TRUE(cache.SpendCoin(Op(2)));       // from the parent: spent and DIRTY
    EXPECT_EQ(cache.GetCacheSize(), 3u);
    cache.AddCoin(Op(2), MakeCoin(22), false);  // re-added over a DIRTY spent entry: not FRESH
    EXPECT_TRUE(cache.HaveCoin(Op(3)));         // pulled in, unchanged
    EXPECT_EQ(cache.AccessCoin(Op(3)), MakeCoin(3));
    EXPECT_TRUE(cache.AccessCoin(Op(77)).IsSpent());
    EXPECT_FALSE(cache.HaveCoin(Op(77)));

    cache.SetBestBlock(uint256::FromByte0(1));
    ASSERT_TRUE(cache.Flush());
    ASSERT_EQ(base.last_batch.size(), 3u);  // Op(3) was not dirty
    EXPECT_EQ(base.last_batch.at(Op(1)).flags, CoinsCacheEntry::DIRTY | CoinsCacheEntry::FRESH);
    EXPECT_EQ(base.last_batch.at(Op(4)).flags, CoinsCacheEntry::DIRTY);
    EXPECT_EQ(base.last_batch.at(Op(2)).flags, CoinsCacheEntry::DIRTY);
    EXPECT_EQ(base.coins.at(Op(2)), MakeCoin(22));
    EXPECT_EQ(cache.GetCacheSize(), 0u);

    // Spending a parent coin: the spent entry goes down and erases it there.
    ASSERT_TRUE(cache.SpendCoin(Op(3)));
    ASSERT_TRUE(cache.Flush());
    EXPECT_EQ(base.coins.count(Op(3)), 0u);
    ASSERT_EQ(base.last_batch.size(), 1u);
    EXPECT_TRUE(base.last_batch.at(Op(3)).coin.IsSpent());
}

TEST(CoinsViewCache, UncacheDropsOnlyUnchangedEntries) {
    MemoryView base;
    base.coins[Op(1)] = MakeCoin(1);
    base.coins[Op(2)] = MakeCoin(2);
    CoinsViewCache cache(&base);
    EXPECT_FALSE(cache.HaveCoinInCache(Op(1)));
    EXPECT_TRUE(cache.HaveCoin(Op(1)));
    EXPECT_TRUE(cache.HaveCoinInCache(Op(1)));
    cache.Uncache(Op(1));
    EXPECT_FALSE(cache.HaveCoinInCache(Op(1)));
    ASSERT_TRUE(cache.SpendCoin(Op(2)));
    cache.Uncache(Op(2));
    EXPECT_EQ(cache.GetCacheSize(), 1u);
}

TEST(CoinsViewCache, ChildCacheMergesIntoParentCache) {
    MemoryView base;
    base.coins[Op(5)] = MakeCoin(5);
    CoinsViewCache parent(&base);
    parent.AddCoin(Op(1), MakeCoin(1), false);  // FRESH in parent
    {
        CoinsViewCache child(&parent);
        ASSERT_TRUE(child.SpendCoin(Op(1)));       // parent's FRESH coin spent in the child
        child.AddCoin(Op(2), MakeCoin(2), false);  // new in the child
        ASSERT_TRUE(child.SpendCoin(Op(5)));       // from the base
        child.AddCoin(Op(6), MakeCoin(6), false);
        ASSERT_TRUE(child.SpendCoin(Op(6)));  // created and spent in the child: vanishes
        child.SetBestBlock(uint256::FromByte0(3));
        ASSERT_TRUE(child.Flush());
    }
    EXPECT_EQ(parent.GetBestBlock(), uint256::FromByte0(3));
    EXPECT_FALSE(parent.HaveCoinInCache(Op(1)));
    EXPECT_FALSE(parent.HaveCoin(Op(1)));
    EXPECT_TRUE(parent.HaveCoin(Op(2)));
    EXPECT_FALSE(parent.HaveCoin(Op(5)));
    EXPECT_FALSE(parent.HaveCoin(Op(6)));
    EXPECT_EQ(parent.GetCacheSize(), 2u);  // Op(2) and the spent Op(5)
    ASSERT_TRUE(parent.Flush());
    ASSERT_EQ(base.last_batch.size(), 2u);
    EXPECT_EQ(base.last_batch.at(Op(2)).flags, CoinsCacheEntry::DIRTY | CoinsCacheEntry::FRESH);
    EXPECT_EQ(base.coins.count(Op(5)), 0u);
    EXPECT_EQ(base.coins.at(Op(2)), MakeCoin(2));

    // A child claiming FRESH for a coin the parent holds unspent is a bug, reported as an error.
    CoinsViewCache p2(&base);
    ASSERT_TRUE(p2.HaveCoin(Op(2)));
    CoinsMap bogus;
    bogus.emplace(Op(2), CoinsCacheEntry(MakeCoin(9), CoinsCacheEntry::DIRTY | CoinsCacheEntry::FRESH));
    Status s = p2.BatchWrite(bogus, uint256::FromByte0(4));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "coins-fresh-misapplied");
}

TEST(CoinsViewCache, MemoryUsageCountsScripts) {
    MemoryView base;
    CoinsViewCache cache(&base);
    const size_t empty = cache.DynamicMemoryUsage();
    cache.AddCoin(Op(1), MakeCoin(1), false);
    const size_t one = cache.DynamicMemoryUsage();
    EXPECT_GT(one, empty);
    cache.AddCoin(Op(2), MakeCoin(2, 10, 20000), false);
    EXPECT_GE(cache.DynamicMemoryUsage(), one + 20000);
    ASSERT_TRUE(cache.SpendCoin(Op(2)));
    EXPECT_LT(cache.DynamicMemoryUsage(), one + 20000);
    for (uint8_t i = 10; i < 200; ++i) cache.AddCoin(Op(i), MakeCoin(i), false);
    EXPECT_GT(cache.DynamicMemoryUsage(), 190 * (sizeof(Coin) + 23));
    cache.SetBestBlock(uint256::FromByte0(1));
    ASSERT_TRUE(cache.Flush());
    EXPECT_LE(cache.DynamicMemoryUsage(), empty + 64);
}

TEST(AddCoins, PrunesUnspendableOutputsButKeepsRegisterAddress) {
    MutableTransaction mtx;
    mtx.vin.emplace_back();
    mtx.vin[0].prevout = OutPoint(uint256::FromByte0(1), 0);
    auto add_out = [&](Bytes script) {
        TxOut out;
        out.asset.SetExplicit(uint256::FromByte0(1));
        out.value.SetExplicit(1000);
        out.script_pubkey = std::move(script);
        mtx.vout.push_back(out);
    };
    add_out(P2PKH(1));                             // 0 kept
    add_out(Bytes{0x6a, 0x03, 1, 2, 3});           // 1 OP_RETURN: pruned
    add_out({});                                   // 2 fee output: pruned
    add_out(Bytes{0xb8, 0x03, 0xaa, 0xbb, 0xcc});  // 3 register-address v0: kept
    add_out(Bytes{0xb6, 0x51, 0x02, 0xaa, 0xbb});  // 4 deregister-address v1: kept
    add_out(Bytes{0xb8, 0x76});                    // 5 0xb8 then a non-push: pruned
    add_out(Bytes{0xb8});                          // 6 bare 0xb8: pruned
    add_out(Bytes(50001, 0x51));                   // 7 oversized: pruned
    add_out(Bytes{0x51});                          // 8 OP_TRUE: kept
    mtx.vout[8].witness.range_proof = Bytes(64, 7);
    mtx.vout[8].witness.surjection_proof = Bytes(10, 8);
    const Transaction tx(mtx);

    MemoryView base;
    CoinsViewCache cache(&base);
    AddCoins(cache, tx, 42);
    const std::set<uint32_t> kept = {0, 3, 4, 8};
    for (uint32_t i = 0; i < tx.vout.size(); ++i) {
        EXPECT_EQ(cache.HaveCoin(OutPoint(tx.GetTxid(), i)), kept.count(i) > 0) << i;
    }
    const Coin& c = cache.AccessCoin(OutPoint(tx.GetTxid(), 8));
    EXPECT_EQ(c.height, 42u);
    EXPECT_FALSE(c.coinbase);
    EXPECT_TRUE(c.out.witness.IsNull());
    EXPECT_EQ(c.out.script_pubkey, Bytes{0x51});
    EXPECT_EQ(cache.AccessCoin(OutPoint(tx.GetTxid(), 3)).out.script_pubkey, tx.vout[3].script_pubkey);

    EXPECT_FALSE(IsPrunedFromUtxoSet(P2PKH(3)));
    EXPECT_TRUE(IsPrunedFromUtxoSet({}));
    EXPECT_FALSE(IsPrunedFromUtxoSet(Bytes{0xb8, 0x00}));        // OP_0 counts as the push
    EXPECT_FALSE(IsPrunedFromUtxoSet(Bytes{0xb6, 0x51, 0x00}));  // v1 with an empty push

    // A coinbase's outputs carry the flag.
    MutableTransaction cb;
    cb.vin.emplace_back();
    cb.vin[0].script_sig = Bytes{0x01, 0x05};
    cb.vout.push_back(mtx.vout[0]);
    const Transaction cbtx(cb);
    ASSERT_TRUE(cbtx.IsCoinBase());
    AddCoins(cache, cbtx, 5, true);
    EXPECT_TRUE(cache.AccessCoin(OutPoint(cbtx.GetTxid(), 0)).coinbase);
}

// Connects chain A's transactions to a cache: every non-peg-in input must spend an existing coin. The
// genesis block only adds its outputs (consensus.md §5.1).
void ReplayChainA(CoinsViewCache& cache, size_t from, size_t to,
                  CoinsViewCache* flush_every_block = nullptr) {
    const auto& blocks = ChainABlocks();
    for (size_t h = from; h < to; ++h) {
        for (const auto& tx : blocks[h].vtx) {
            if (h > 0 && !tx->IsCoinBase()) {
                for (const TxIn& in : tx->vin) {
                    if (in.is_pegin) continue;
                    ASSERT_TRUE(cache.SpendCoin(in.prevout))
                        << "height " << h << " spends missing " << in.prevout.hash.ToHex();
                }
            }
            AddCoins(cache, *tx, static_cast<int>(h));
        }
        cache.SetBestBlock(blocks[h].GetHash());
        if (flush_every_block) {
            ASSERT_TRUE(cache.Flush());
        }
    }
}

struct UtxoCount {
    size_t txouts = 0;
    size_t txids = 0;
};

UtxoCount CountDb(const CoinsViewDB& db) {
    UtxoCount c;
    std::set<uint256> txids;
    auto cursor = db.NewCursor();
    for (; cursor->Valid(); cursor->Next()) {
        OutPoint o;
        Coin coin;
        EXPECT_TRUE(cursor->GetKey(o));
        EXPECT_TRUE(cursor->GetValue(coin));
        EXPECT_FALSE(coin.IsSpent());
        txids.insert(o.hash);
        ++c.txouts;
    }
    EXPECT_TRUE(cursor->status());
    c.txids = txids.size();
    return c;
}

TEST(CoinsViewDB, ChainAReplayMatchesReferenceUtxoSet) {
    TempDir dir;
    const auto& blocks = ChainABlocks();
    {
        auto db = OpenCoins(dir, 4096);  // small sub-batches exercise the partial-write path
        ASSERT_TRUE(db);
        EXPECT_TRUE(db->GetBestBlock().IsNull());
        CoinsViewCache cache(db.get());
        ReplayChainA(cache, 0, 150);
        ASSERT_TRUE(cache.Flush());  // mid-chain flush
        EXPECT_EQ(db->GetBestBlock(), blocks[149].GetHash());
        EXPECT_TRUE(db->GetHeadBlocks().empty());
        ReplayChainA(cache, 150, 250, &cache);  // a flush after every block
        ReplayChainA(cache, 250, blocks.size());
        ASSERT_TRUE(cache.Flush());
        ASSERT_TRUE(db->db().Compact());  // the estimate only covers table files, not the memtable
        EXPECT_GT(db->EstimateSize(), 0u);
    }
    auto db = OpenCoins(dir);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->GetBestBlock(), blocks.back().GetHash());
    // gettxoutsetinfo of the reference node after block 330 (final_state.json).
    const UtxoCount count = CountDb(*db);
    EXPECT_EQ(count.txouts, 1093u);
    EXPECT_EQ(count.txids, 327u);

    // Reload through a cache: every coin of the last block's outputs is there with its height.
    CoinsViewCache cache(db.get());
    for (const auto& tx : blocks.back().vtx) {
        for (uint32_t i = 0; i < tx->vout.size(); ++i) {
            if (IsPrunedFromUtxoSet(tx->vout[i].script_pubkey)) continue;
            const OutPoint o(tx->GetTxid(), i);
            if (!cache.HaveCoin(o)) continue;  // may be spent later in the same block
            EXPECT_EQ(cache.AccessCoin(o).height, blocks.size() - 1);
            EXPECT_EQ(cache.AccessCoin(o).out.script_pubkey, tx->vout[i].script_pubkey);
        }
    }
}

TEST(CoinsViewDB, InterruptedFlushLeavesHeadBlocksMarker) {
    TempDir dir;
    const auto& blocks = ChainABlocks();
    const uint256 old_tip = blocks[99].GetHash();
    const uint256 new_tip = blocks[330].GetHash();
    {
        auto db = OpenCoins(dir, 2048);
        ASSERT_TRUE(db);
        CoinsViewCache cache(db.get());
        ReplayChainA(cache, 0, 100);
        ASSERT_TRUE(cache.Flush());
        ASSERT_EQ(db->GetBestBlock(), old_tip);

        ReplayChainA(cache, 100, blocks.size());
        db->SimulateCrashAfterBatches(2);
        Status s = cache.Flush();
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().code, "simulated-crash");
    }
    auto db = OpenCoins(dir, 2048);
    ASSERT_TRUE(db);
    EXPECT_TRUE(db->GetBestBlock().IsNull());
    EXPECT_EQ(db->GetHeadBlocks(), (std::vector<uint256>{new_tip, old_tip}));

    // A flush towards another block is refused; the repair must finish the interrupted one.
    CoinsMap empty;
    Status refused = db->BatchWrite(empty, blocks[200].GetHash());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "coins-db-inconsistent");

    // Replaying the blocks again (as the chainstate's repair does) and flushing completes it.
    {
        CoinsViewCache cache(db.get());
        // Coins of old_tip's state that the partial flush already removed are re-created.
        for (size_t h = 100; h < blocks.size(); ++h)
            for (const auto& tx : blocks[h].vtx) AddCoins(cache, *tx, static_cast<int>(h), true);
        for (size_t h = 100; h < blocks.size(); ++h)
            for (const auto& tx : blocks[h].vtx)
                if (!tx->IsCoinBase())
                    for (const TxIn& in : tx->vin)
                        if (!in.is_pegin) cache.SpendCoin(in.prevout);
        cache.SetBestBlock(new_tip);
        ASSERT_TRUE(cache.Flush());
    }
    EXPECT_EQ(db->GetBestBlock(), new_tip);
    EXPECT_TRUE(db->GetHeadBlocks().empty());
    const UtxoCount count = CountDb(*db);
    EXPECT_EQ(count.txouts, 1093u);
}

TEST(CoinsViewDB, HeadBlocksWithoutBestBlock) {
    TempDir dir;
    auto db = OpenCoins(dir);
    ASSERT_TRUE(db);
    CoinsViewCache cache(db.get());
    cache.AddCoin(Op(1), MakeCoin(1), false);
    cache.SetBestBlock(uint256::FromByte0(1));
    ASSERT_TRUE(cache.Flush());
    // What a crash between the first and the last batch leaves: 'H' present, 'B' gone.
    Database::Batch b;
    b.Delete(PrefixedKey('B'));
    Bytes heads{2};
    Append(heads, uint256::FromByte0(2).span());
    Append(heads, uint256::FromByte0(1).span());
    b.Put(PrefixedKey('H'), heads);
    ASSERT_TRUE(db->db().Write(b, true));
    EXPECT_TRUE(db->GetBestBlock().IsNull());
    EXPECT_EQ(db->GetHeadBlocks(), (std::vector<uint256>{uint256::FromByte0(2), uint256::FromByte0(1)}));
    CoinsMap none;
    ASSERT_TRUE(db->BatchWrite(none, uint256::FromByte0(2)));
    EXPECT_EQ(db->GetBestBlock(), uint256::FromByte0(2));
    EXPECT_TRUE(db->GetHeadBlocks().empty());
    EXPECT_FALSE(db->BatchWrite(none, uint256()).ok());
}

TEST(CoinsViewDB, PeginClaimsPersist) {
    TempDir dir;
    const uint256 genesis = uint256::FromByte0(0xee);
    const OutPoint claim(uint256::FromByte0(0x10), 3);
    {
        auto db = OpenCoins(dir);
        ASSERT_TRUE(db);
        CoinsViewCache cache(db.get());
        EXPECT_FALSE(cache.IsWithdrawSpent(genesis, claim));
        cache.SetWithdrawSpent(genesis, claim);
        EXPECT_TRUE(cache.IsWithdrawSpent(genesis, claim));
        EXPECT_FALSE(cache.IsWithdrawSpent(uint256::FromByte0(0xef), claim));
        {
            CoinsViewCache child(&cache);
            EXPECT_TRUE(child.IsWithdrawSpent(genesis, claim));
            child.SetWithdrawSpent(genesis, OutPoint(claim.hash, 4));
            child.SetBestBlock(uint256::FromByte0(1));
            ASSERT_TRUE(child.Flush());
        }
        EXPECT_TRUE(cache.IsWithdrawSpent(genesis, OutPoint(claim.hash, 4)));
        ASSERT_TRUE(cache.Flush());
    }
    {
        auto db = OpenCoins(dir);
        ASSERT_TRUE(db);
        EXPECT_TRUE(db->IsWithdrawSpent(genesis, claim));
        EXPECT_TRUE(db->IsWithdrawSpent(genesis, OutPoint(claim.hash, 4)));
        CoinsViewCache cache(db.get());
        cache.UnsetWithdrawSpent(genesis, claim);  // disconnecting the peg-in
        EXPECT_FALSE(cache.IsWithdrawSpent(genesis, claim));
        cache.SetBestBlock(uint256::FromByte0(2));
        ASSERT_TRUE(cache.Flush());
        EXPECT_FALSE(db->IsWithdrawSpent(genesis, claim));
        EXPECT_TRUE(db->IsWithdrawSpent(genesis, OutPoint(claim.hash, 4)));
    }
}

TEST(CoinsViewDB, ReadErrorsGoToTheHandler) {
    TempDir dir;
    auto db = OpenCoins(dir);
    ASSERT_TRUE(db);
    std::vector<Error> errors;
    db->SetReadErrorHandler([&](const Error& e) { errors.push_back(e); });
    ASSERT_TRUE(db->db().Put(CoinKey(Op(1)), Bytes{0xff, 0xff}, true));
    EXPECT_FALSE(db->GetCoin(Op(1)).has_value());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, "coins-db-corrupt");
    auto cursor = db->NewCursor();
    ASSERT_TRUE(cursor->Valid());
    Coin c;
    EXPECT_FALSE(cursor->GetValue(c));
}

TEST(CoinsViewDB, CursorSeesOnlyCoins) {
    TempDir dir;
    auto db = OpenCoins(dir);
    ASSERT_TRUE(db);
    CoinsViewCache cache(db.get());
    for (uint8_t i = 1; i <= 50; ++i) cache.AddCoin(Op(i, i * 1000u), MakeCoin(i, i), false);
    cache.SetWithdrawSpent(uint256::FromByte0(1), Op(1));
    cache.SetBestBlock(uint256::FromByte0(7));
    ASSERT_TRUE(cache.Flush());
    auto cursor = db->NewCursor();
    EXPECT_EQ(cursor->GetBestBlock(), uint256::FromByte0(7));
    std::map<OutPoint, Coin> seen;
    for (; cursor->Valid(); cursor->Next()) {
        OutPoint o;
        Coin c;
        ASSERT_TRUE(cursor->GetKey(o));
        ASSERT_TRUE(cursor->GetValue(c));
        seen[o] = c;
    }
    ASSERT_EQ(seen.size(), 50u);
    for (uint8_t i = 1; i <= 50; ++i) EXPECT_EQ(seen.at(Op(i, i * 1000u)), MakeCoin(i, i));
}

}  // namespace
}  // namespace ocean
