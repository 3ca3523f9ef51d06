#include "ocean/chain/block_store.h"

#include <gtest/gtest.h>

#include <map>

#include "storage_test_util.h"

namespace ocean {
namespace {

using storage_test::ChainABlocks;
using storage_test::TempDir;

constexpr NetworkMagic kMagic{0xfa, 0xbf, 0xb5, 0xda};

BlockStoreOptions Options(const TempDir& dir, uint32_t max_file = 128u << 20) {
    BlockStoreOptions o;
    o.blocks_dir = dir / "blocks";
    o.magic = kMagic;
    o.max_blk_file_size = max_file;
    o.blk_chunk_size = 16u << 10;
    o.rev_chunk_size = 4u << 10;
    return o;
}

std::unique_ptr<BlockStore> OpenStore(BlockStoreOptions o) {
    auto s = BlockStore::Open(std::move(o));
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().ToString());
    return s.ok() ? std::move(*s) : nullptr;
}

// Writes chain A and returns the positions.
std::vector<FlatFilePos> WriteChainA(BlockStore& store) {
    std::vector<FlatFilePos> pos;
    const auto& blocks = ChainABlocks();
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto p = store.WriteBlock(blocks[h], static_cast<uint32_t>(h), blocks[h].time);
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().ToString());
        pos.push_back(p.ok() ? *p : FlatFilePos());
    }
    return pos;
}

BlockUndo SampleUndo(size_t h) {
    BlockUndo undo;
    const auto& block = ChainABlocks()[h];
    for (const auto& tx : block.vtx) {
        TxUndo& tu = undo.txundo.emplace_back();
        for (const TxOut& out : tx->vout) {
            TxOut o = out;
            o.witness = TxOutWitness();
            tu.prevout.emplace_back(o, static_cast<uint32_t>(h), false);
        }
    }
    return undo;
}

TEST(BlockStore, WritesAndReadsChainA) {
    TempDir dir;
    auto store = OpenStore(Options(dir));
    ASSERT_TRUE(store);
    const auto pos = WriteChainA(*store);
    const auto& blocks = ChainABlocks();
    ASSERT_EQ(pos.size(), blocks.size());
    EXPECT_EQ(pos[0], FlatFilePos(0, 8));
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto raw = store->ReadRawBlock(pos[h]);
        ASSERT_TRUE(raw.ok()) << raw.error().ToString();
        EXPECT_EQ(*raw, EncodeBlock(blocks[h]));
        auto b = store->ReadBlock(pos[h], blocks[h].GetHash());
        ASSERT_TRUE(b.ok()) << b.error().ToString();
        EXPECT_EQ(b->GetHash(), blocks[h].GetHash());
    }
    auto wrong = store->ReadBlock(pos[1], blocks[2].GetHash());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, "block-hash-mismatch");

    auto info = store->GetFileInfo(0);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->blocks, blocks.size());
    EXPECT_EQ(info->height_first, 0u);
    EXPECT_EQ(info->height_last, blocks.size() - 1);
    EXPECT_EQ(info->time_first, blocks[0].time);
    EXPECT_EQ(store->LastFile(), 0);

    // Preallocated in whole chunks, trimmed to the data on a finalizing flush.
    const auto blk = store->BlockFilePath(0);
    EXPECT_EQ(std::filesystem::file_size(blk) % (16u << 10), 0u);
    EXPECT_GE(std::filesystem::file_size(blk), info->size);
    ASSERT_TRUE(store->Flush(true));
    EXPECT_EQ(std::filesystem::file_size(blk), info->size);

    // Bad positions are errors, not crashes.
    EXPECT_FALSE(store->ReadRawBlock(FlatFilePos()).ok());
    EXPECT_FALSE(store->ReadRawBlock(FlatFilePos(0, 3)).ok());
    EXPECT_EQ(store->ReadRawBlock(FlatFilePos(0, 9)).error().code, "blockstore-corrupt");
    EXPECT_FALSE(store->ReadRawBlock(FlatFilePos(7, 8)).ok());
    EXPECT_EQ(store->ReadRawBlock(FlatFilePos(0, info->size + 100)).error().code, "blockstore-corrupt");
}

TEST(BlockStore, RollsOverToNewFiles) {
    TempDir dir;
    auto store = OpenStore(Options(dir, 64u << 10));
    ASSERT_TRUE(store);
    const auto pos = WriteChainA(*store);
    const auto& blocks = ChainABlocks();
    ASSERT_GT(store->LastFile(), 1);
    EXPECT_EQ(store->CountBlockFiles(), store->LastFile() + 1);
    ASSERT_TRUE(store->Flush(true));

    uint32_t total_blocks = 0;
    for (int f = 0; f <= store->LastFile(); ++f) {
        auto info = store->GetFileInfo(f);
        ASSERT_TRUE(info);
        EXPECT_LE(info->size, 64u << 10);
        EXPECT_GT(info->blocks, 0u);
        total_blocks += info->blocks;
        if (f < store->LastFile()) {
            EXPECT_EQ(std::filesystem::file_size(store->BlockFilePath(f)), info->size);
        }
    }
    EXPECT_EQ(total_blocks, blocks.size());
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto b = store->ReadBlock(pos[h], blocks[h].GetHash());
        ASSERT_TRUE(b.ok()) << h << " " << b.error().ToString();
        if (h > 0) {
            EXPECT_GE(pos[h].file, pos[h - 1].file);
        }
    }
}

TEST(BlockStore, UndoRoundTripAndChecksum) {
    TempDir dir;
    auto store = OpenStore(Options(dir));
    ASSERT_TRUE(store);
    const auto pos = WriteChainA(*store);
    const auto& blocks = ChainABlocks();
    std::vector<FlatFilePos> undo_pos;
    for (size_t h = 1; h < 40; ++h) {
        auto p = store->WriteUndo(SampleUndo(h), blocks[h].prev_block, pos[h].file);
        ASSERT_TRUE(p.ok()) << p.error().ToString();
        undo_pos.push_back(*p);
    }
    EXPECT_EQ(undo_pos[0], FlatFilePos(0, 8));
    for (size_t h = 1; h < 40; ++h) {
        auto u = store->ReadUndo(undo_pos[h - 1], blocks[h].prev_block);
        ASSERT_TRUE(u.ok()) << u.error().ToString();
        EXPECT_EQ(*u, SampleUndo(h));
    }
    auto wrong = store->ReadUndo(undo_pos[5], blocks[3].GetHash());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, "undo-checksum-mismatch");
    EXPECT_FALSE(store->WriteUndo(SampleUndo(1), uint256(), 5).ok());  // no such file yet

    // Flip one payload byte on disk: the checksum catches it.
    ASSERT_TRUE(store->Flush());
    storage_test::PatchFile(store->UndoFilePath(0), undo_pos[2].pos + 10, Bytes{0xee});
    auto damaged = store->ReadUndo(undo_pos[2], blocks[3].prev_block);
    ASSERT_FALSE(damaged.ok());
    EXPECT_EQ(damaged.error().code, "undo-checksum-mismatch");
    // Damage the magic: reported as corruption.
    storage_test::PatchFile(store->UndoFilePath(0), undo_pos[3].pos - 8, Bytes{0, 0, 0, 0});
    auto bad_magic = store->ReadUndo(undo_pos[3], blocks[4].prev_block);
    ASSERT_FALSE(bad_magic.ok());
    EXPECT_EQ(bad_magic.error().code, "blockstore-corrupt");

    auto info = store->GetFileInfo(0);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->undo_size, undo_pos.back().pos + EncodeBlockUndo(SampleUndo(39)).size() + 32);
}

TEST(BlockStore, DirtyFileInfoIsHandedOutOnlyAfterFlush) {
    TempDir dir;
    auto store = OpenStore(Options(dir));
    ASSERT_TRUE(store);
    const auto& blocks = ChainABlocks();
    ASSERT_TRUE(store->WriteBlock(blocks[0], 0, blocks[0].time).ok());
    EXPECT_TRUE(store->TakeDirtyFileInfo().empty());
    ASSERT_TRUE(store->Flush());
    const uint32_t flushed_size = store->GetFileInfo(0)->size;
    ASSERT_TRUE(store->WriteBlock(blocks[1], 1, blocks[1].time).ok());  // after the flush
    auto dirty = store->TakeDirtyFileInfo();
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].first, 0);
    EXPECT_EQ(dirty[0].second.size, flushed_size);  // the snapshot at the flush, not the newer state
    EXPECT_EQ(dirty[0].second.blocks, 1u);
    EXPECT_TRUE(store->TakeDirtyFileInfo().empty());
    store->RestoreDirtyFileInfo(dirty);
    EXPECT_EQ(store->TakeDirtyFileInfo().size(), 1u);
    ASSERT_TRUE(store->Flush());
    dirty = store->TakeDirtyFileInfo();
    ASSERT_EQ(dirty.size(), 1u);
    EXPECT_EQ(dirty[0].second.blocks, 2u);
}

TEST(BlockStore, RestartAppendsAfterLastIndexedRecord) {
    TempDir dir;
    const auto& blocks = ChainABlocks();
    std::vector<BlockFileInfo> infos;
    int last_file = 0;
    std::vector<FlatFilePos> pos;
    {
        auto store = OpenStore(Options(dir, 64u << 10));
        ASSERT_TRUE(store);
        for (size_t h = 0; h < 200; ++h) pos.push_back(*store->WriteBlock(blocks[h], h, blocks[h].time));
        ASSERT_TRUE(store->Flush());
        for (const auto& [f, info] : store->TakeDirtyFileInfo()) {
            if (infos.size() <= static_cast<size_t>(f)) infos.resize(f + 1);
            infos[f] = info;
        }
        last_file = store->LastFile();
        // Written but never indexed (the node is killed before the index flush).
        for (size_t h = 200; h < 260; ++h) ASSERT_TRUE(store->WriteBlock(blocks[h], h, blocks[h].time).ok());
        ASSERT_TRUE(store->Flush());
    }
    BlockStoreOptions o = Options(dir, 64u << 10);
    o.files = infos;
    o.last_file = last_file;
    auto store = OpenStore(o);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->LastFile(), last_file);
    auto p = store->WriteBlock(blocks[300], 300, blocks[300].time);
    ASSERT_TRUE(p.ok());
    // The new block lands right after the last indexed one, overwriting what the crash left.
    const FlatFilePos& last = pos[199];
    if (p->file == last.file) {
        EXPECT_EQ(p->pos, last.pos + EncodeBlock(blocks[199]).size() + 8);
    } else {
        EXPECT_EQ(*p, FlatFilePos(last.file + 1, 8));
    }
    auto back = store->ReadBlock(*p, blocks[300].GetHash());
    EXPECT_TRUE(back.ok());
    for (size_t h = 0; h < 200; ++h) EXPECT_TRUE(store->ReadBlock(pos[h], blocks[h].GetHash()).ok()) << h;
    EXPECT_EQ(store->GetFileInfo(p->file)->blocks,
              infos.size() > static_cast<size_t>(p->file) ? infos[p->file].blocks + 1 : 1u);
}

TEST(BlockStore, ScanFileSkipsJunkZerosAndTruncatedTail) {
    TempDir dir;
    const auto& blocks = ChainABlocks();
    BlockStoreOptions o = Options(dir);
    auto store = OpenStore(o);
    ASSERT_TRUE(store);
    // Blocks written by the store, then junk, then more blocks, then a truncated record at the end.
    std::vector<FlatFilePos> pos;
    for (size_t h = 0; h < 20; ++h) pos.push_back(*store->WriteBlock(blocks[h], h, blocks[h].time));
    ASSERT_TRUE(store->Flush(true));
    store.reset();

    const auto blk = dir / "blocks" / "blk00000.dat";
    Bytes junk = {0xfa, 0xbf, 0xb5, 0xda, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3};  // magic with absurd size
    junk.insert(junk.end(), 1000, 0);                                        // zeros
    junk.insert(junk.end(), {0xfa, 0xbf, 0xb5, 0xda, 0xc8, 0, 0, 0});        // magic + size, garbage body
    junk.insert(junk.end(), 200, 0x77);
    junk.insert(junk.end(), {0xfa, 0xbf});  // half a magic
    storage_test::AppendFile(blk, junk);
    std::map<uint32_t, uint256> expected;
    for (size_t i = 0; i < 20; ++i) expected[pos[i].pos] = blocks[i].GetHash();
    for (size_t h = 20; h < 25; ++h) {
        const Bytes raw = EncodeBlock(blocks[h]);
        const uint64_t at = std::filesystem::file_size(blk);
        Bytes rec(kMagic.begin(), kMagic.end());
        rec.push_back(uint8_t(raw.size()));
        rec.push_back(uint8_t(raw.size() >> 8));
        rec.push_back(uint8_t(raw.size() >> 16));
        rec.push_back(uint8_t(raw.size() >> 24));
        rec.insert(rec.end(), raw.begin(), raw.end());
        storage_test::AppendFile(blk, rec);
        expected[static_cast<uint32_t>(at + 8)] = blocks[h].GetHash();
    }
    {
        const Bytes raw = EncodeBlock(blocks[25]);
        Bytes rec(kMagic.begin(), kMagic.end());
        rec.push_back(uint8_t(raw.size()));
        rec.push_back(uint8_t(raw.size() >> 8));
        rec.push_back(0);
        rec.push_back(0);
        rec.insert(rec.end(), raw.begin(), raw.begin() + raw.size() / 2);  // kill -9 mid-write
        storage_test::AppendFile(blk, rec);
    }

    store = OpenStore(o);
    ASSERT_TRUE(store);
    std::map<uint32_t, uint256> found;
    ASSERT_TRUE(store->ScanFile(0, [&](const Block& b, FlatFilePos p) {
        EXPECT_EQ(p.file, 0);
        found[p.pos] = b.GetHash();
        return true;
    }));
    EXPECT_EQ(found, expected);

    // Stopping early.
    int seen = 0;
    ASSERT_TRUE(store->ScanFile(0, [&](const Block&, FlatFilePos) { return ++seen < 3; }));
    EXPECT_EQ(seen, 3);
    EXPECT_FALSE(store->ScanFile(4, [](const Block&, FlatFilePos) { return true; }).ok());
}

TEST(BlockStore, ReindexRebuildsFileInfos) {
    TempDir dir;
    const auto& blocks = ChainABlocks();
    std::map<int, BlockFileInfo> original;
    {
        auto store = OpenStore(Options(dir, 64u << 10));
        ASSERT_TRUE(store);
        WriteChainA(*store);
        ASSERT_TRUE(store->Flush(true));
        for (const auto& [f, info] : store->TakeDirtyFileInfo()) original[f] = info;
    }
    auto store = OpenStore(Options(dir, 64u << 10));  // no infos: a reindex
    ASSERT_TRUE(store);
    const int files = store->CountBlockFiles();
    ASSERT_EQ(files, static_cast<int>(original.size()));
    size_t n = 0;
    for (int f = 0; f < files; ++f) {
        ASSERT_TRUE(store->ScanFile(f, [&](const Block& b, FlatFilePos p) {
            EXPECT_EQ(b.GetHash(), blocks[b.height].GetHash());
            store->RegisterKnownBlock(p, static_cast<uint32_t>(EncodeBlock(b).size()), b.height, b.time);
            ++n;
            return true;
        }));
    }
    EXPECT_EQ(n, blocks.size());
    ASSERT_TRUE(store->Flush());
    std::map<int, BlockFileInfo> rebuilt;
    for (const auto& [f, info] : store->TakeDirtyFileInfo()) rebuilt[f] = info;
    EXPECT_EQ(rebuilt, original);
    EXPECT_EQ(store->LastFile(), files - 1);
}

}  // namespace
}  // namespace ocean
