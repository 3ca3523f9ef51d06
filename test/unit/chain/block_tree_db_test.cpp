#include "ocean/chain/block_tree_db.h"

#include <gtest/gtest.h>

#include <unordered_map>

#include "storage_test_util.h"

namespace ocean {
namespace {

using storage_test::TempDir;

// The block tree as its owner keeps it: hash → node, with phash pointing at the map key.
struct TreeMap {
    std::unordered_map<uint256, std::unique_ptr<BlockIndex>, BlobHasher> map;

    BlockIndex* Insert(const uint256& hash) {
        auto [it, inserted] = map.try_emplace(hash);
        if (inserted) {
            it->second = std::make_unique<BlockIndex>();
            it->second->phash = &it->first;
        }
        return it->second.get();
    }
};

std::unique_ptr<BlockTreeDB> OpenTree(const TempDir& dir, bool wipe = false) {
    DatabaseOptions o;
    o.path = dir / "blocks" / "index";
    o.wipe = wipe;
    auto db = BlockTreeDB::Open(o);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().ToString());
    return db.ok() ? std::move(*db) : nullptr;
}

// Chain A's headers plus a long synthetic side branch, with assorted statuses and positions.
void BuildTree(TreeMap& tree, std::vector<const BlockIndex*>& all) {
    const auto& blocks = storage_test::ChainABlocks();
    BlockIndex* prev = nullptr;
    for (size_t h = 0; h < blocks.size(); ++h) {
        BlockIndex* n = tree.Insert(blocks[h].GetHash());
        *n = BlockIndex(blocks[h].header());
        n->phash = &tree.map.find(blocks[h].GetHash())->first;
        n->prev = prev;
        n->n_tx = static_cast<uint32_t>(blocks[h].vtx.size());
        n->status = BLOCK_VALID_SCRIPTS | BLOCK_HAVE_DATA | (h > 0 ? uint32_t{BLOCK_HAVE_UNDO} : 0u);
        n->file = static_cast<int>(h / 100);
        n->data_pos = static_cast<uint32_t>(8 + h * 1000);
        n->undo_pos = h > 0 ? static_cast<uint32_t>(8 + h * 300) : 0;
        all.push_back(n);
        prev = n;
    }
    // A header-only branch from height 100, 3000 blocks long.
    BlockIndex* fork_prev = tree.map.find(blocks[100].GetHash())->second.get();
    for (int i = 0; i < 3000; ++i) {
        BlockHeader h;
        h.version = 0x20000000;
        h.prev_block = fork_prev->GetBlockHash();
        h.time = 2000000000u + static_cast<uint32_t>(i);
        h.height = static_cast<uint32_t>(fork_prev->height + 1);
        h.merkle_root = uint256::FromByte0(static_cast<uint8_t>(i));
        h.proof.challenge = Bytes{0x51};
        h.proof.solution = Bytes(i % 7, 0x99);
        BlockIndex* n = tree.Insert(h.GetHash());
        const uint256* key = n->phash;
        *n = BlockIndex(h);
        n->phash = key;
        n->prev = fork_prev;
        n->status = (i % 5 == 0) ? (BLOCK_VALID_TREE | BLOCK_FAILED_CHILD) : BLOCK_VALID_TREE;
        all.push_back(n);
        fork_prev = n;
    }
}

void ExpectSameEntry(const BlockIndex& a, const BlockIndex& b) {
    EXPECT_EQ(a.GetBlockHash(), b.GetBlockHash());
    EXPECT_EQ(a.height, b.height);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.n_tx, b.n_tx);
    EXPECT_EQ(a.GetBlockPos(), b.GetBlockPos());
    EXPECT_EQ(a.GetUndoPos(), b.GetUndoPos());
    EXPECT_EQ(a.GetBlockHeader(), b.GetBlockHeader());
    EXPECT_EQ(a.prev ? a.prev->GetBlockHash() : uint256(), b.prev ? b.prev->GetBlockHash() : uint256());
}

TEST(BlockTreeDB, WritesAndLoadsTheWholeTree) {
    TempDir dir;
    TreeMap tree;
    std::vector<const BlockIndex*> all;
    BuildTree(tree, all);
    std::vector<std::pair<int, BlockFileInfo>> files;
    for (int f = 0; f < 4; ++f) {
        BlockFileInfo info;
        info.blocks = 100 + f;
        info.size = 1000000u * (f + 1);
        info.undo_size = 12345u * f;
        info.height_first = 100u * f;
        info.height_last = 100u * f + 99;
        info.time_first = 1700000000ull + f;
        info.time_last = 1800000000ull + f;
        files.emplace_back(f, info);
    }
    {
        auto db = OpenTree(dir);
        ASSERT_TRUE(db);
        EXPECT_FALSE(db->ReadLastBlockFile()->has_value());
        ASSERT_TRUE(db->WriteBatchSync(files, 3, all));
    }
    auto db = OpenTree(dir);
    ASSERT_TRUE(db);
    auto last = db->ReadLastBlockFile();
    ASSERT_TRUE(last.ok() && last->has_value());
    EXPECT_EQ(**last, 3);
    for (const auto& [f, info] : files) {
        auto r = db->ReadBlockFileInfo(f);
        ASSERT_TRUE(r.ok() && r->has_value());
        EXPECT_EQ(**r, info);
    }
    EXPECT_FALSE(db->ReadBlockFileInfo(9)->has_value());
    auto infos = db->ReadAllBlockFileInfo(3);
    ASSERT_TRUE(infos.ok());
    ASSERT_EQ(infos->size(), 4u);
    EXPECT_EQ((*infos)[2], files[2].second);

    TreeMap loaded;
    ASSERT_TRUE(db->LoadBlockIndex([&](const uint256& h) { return loaded.Insert(h); }));
    ASSERT_EQ(loaded.map.size(), all.size());
    for (const BlockIndex* orig : all) {
        auto it = loaded.map.find(orig->GetBlockHash());
        ASSERT_NE(it, loaded.map.end());
        ExpectSameEntry(*orig, *it->second);
    }
}

TEST(BlockTreeDB, RejectsARecordThatDoesNotMatchItsKey) {
    TempDir dir;
    TreeMap tree;
    std::vector<const BlockIndex*> all;
    BuildTree(tree, all);
    auto db = OpenTree(dir);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->WriteBatchSync({}, 0, {all.begin(), all.begin() + 10}));
    // Store block 5's record under block 6's key.
    ASSERT_TRUE(db->db().Put(PrefixedKey('b', all[6]->phash->span()), EncodeBlockIndexRecord(*all[5]), true));
    TreeMap loaded;
    Status s = db->LoadBlockIndex([&](const uint256& h) { return loaded.Insert(h); });
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "blocktree-corrupt");
    // Garbage record.
    ASSERT_TRUE(db->db().Put(PrefixedKey('b', all[6]->phash->span()), Bytes{1, 2, 3}, true));
    s = db->LoadBlockIndex([&](const uint256& h) { return loaded.Insert(h); });
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "blocktree-corrupt");
}

TEST(BlockTreeDB, FlagsReindexAndTxIndex) {
    TempDir dir;
    {
        auto db = OpenTree(dir);
        ASSERT_TRUE(db);
        EXPECT_FALSE(db->ReadReindexing());
        ASSERT_TRUE(db->WriteReindexing(true));
        EXPECT_TRUE(db->ReadReindexing());
        EXPECT_FALSE(db->ReadFlag("txindex").has_value());
        ASSERT_TRUE(db->WriteFlag("txindex", true));
        ASSERT_TRUE(db->WriteFlag("other", false));

        std::vector<std::pair<uint256, TxIndexPos>> entries;
        for (const auto& b : storage_test::ChainABlocks()) {
            uint32_t offset = 81;
            for (const auto& tx : b.vtx) {
                entries.emplace_back(tx->GetTxid(),
                                     TxIndexPos{FlatFilePos(int(b.height / 50), 8 + b.height * 999), offset});
                offset += static_cast<uint32_t>(tx->GetTotalSize());
            }
        }
        ASSERT_TRUE(db->WriteTxIndex(entries));
        ASSERT_TRUE(db->EraseTxIndex({entries[0].first}));
        ASSERT_TRUE(db->WriteBatchSync({}, 0, {}));  // a synced write makes the tx index durable too
    }
    auto db = OpenTree(dir);
    ASSERT_TRUE(db);
    EXPECT_TRUE(db->ReadReindexing());
    ASSERT_TRUE(db->WriteReindexing(false));
    EXPECT_FALSE(db->ReadReindexing());
    EXPECT_EQ(db->ReadFlag("txindex"), std::optional<bool>(true));
    EXPECT_EQ(db->ReadFlag("other"), std::optional<bool>(false));

    const auto& blocks = storage_test::ChainABlocks();
    const uint256 erased = blocks[0].vtx[0]->GetTxid();
    auto gone = db->ReadTxIndex(erased);
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone->has_value());
    const Block& b = blocks[250];
    uint32_t offset = 81 + static_cast<uint32_t>(b.vtx[0]->GetTotalSize());
    auto found = db->ReadTxIndex(b.vtx[1]->GetTxid());
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ(**found, (TxIndexPos{FlatFilePos(5, 8 + 250 * 999), offset}));

    db.reset();
    auto wiped = OpenTree(dir, /*wipe=*/true);
    ASSERT_TRUE(wiped);
    EXPECT_FALSE(wiped->ReadFlag("txindex").has_value());
    EXPECT_TRUE(wiped->db().IsEmpty());
}

}  // namespace
}  // namespace ocean
