#include "ocean/chain/database.h"

#include <gtest/gtest.h>

#include <string>

#include "storage_test_util.h"

namespace ocean {
namespace {

using storage_test::TempDir;

Bytes B(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

std::unique_ptr<Database> OpenOk(const std::filesystem::path& p, bool wipe = false) {
    DatabaseOptions o;
    o.path = p;
    o.cache_bytes = 2 << 20;
    o.wipe = wipe;
    auto db = Database::Open(o);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().ToString());
    return db.ok() ? std::move(*db) : nullptr;
}

TEST(Database, PutReadDeleteAndReopen) {
    TempDir dir;
    {
        auto db = OpenOk(dir / "db");
        ASSERT_TRUE(db);
        EXPECT_TRUE(db->IsEmpty());
        ASSERT_TRUE(db->Put(B("key"), B("value"), true));
        auto r = db->Read(B("key"));
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(r->has_value());
        EXPECT_EQ(**r, B("value"));
        EXPECT_TRUE(db->Exists(B("key")));
        EXPECT_FALSE(db->Exists(B("other")));
        auto missing = db->Read(B("other"));
        ASSERT_TRUE(missing.ok());
        EXPECT_FALSE(missing->has_value());
        ASSERT_TRUE(db->Put(B("gone"), B("x"), false));
        ASSERT_TRUE(db->Delete(B("gone"), true));
        EXPECT_FALSE(db->Exists(B("gone")));
        // Empty values and binary keys are fine.
        ASSERT_TRUE(db->Put(Bytes{0, 1, 0}, Bytes{}, true));
        auto empty = db->Read(Bytes{0, 1, 0});
        ASSERT_TRUE(empty.ok() && empty->has_value());
        EXPECT_TRUE((*empty)->empty());
    }
    {
        auto db = OpenOk(dir / "db");
        ASSERT_TRUE(db);
        auto r = db->Read(B("key"));
        ASSERT_TRUE(r.ok() && r->has_value());
        EXPECT_EQ(**r, B("value"));
        EXPECT_FALSE(db->Exists(B("gone")));
    }
    {
        auto db = OpenOk(dir / "db", /*wipe=*/true);
        ASSERT_TRUE(db);
        EXPECT_TRUE(db->IsEmpty());
    }
}

TEST(Database, BatchIsAtomicAndIteratorWalksPrefix) {
    TempDir dir;
    auto db = OpenOk(dir / "db");
    ASSERT_TRUE(db);
    Database::Batch batch;
    EXPECT_LT(batch.SizeEstimate(), 32u);
    for (int i = 0; i < 1000; ++i) {
        batch.Put(PrefixedKey('a', B(std::to_string(10000 + i))), B("v" + std::to_string(i)));
        batch.Put(PrefixedKey('b', B(std::to_string(10000 + i))), B("w"));
    }
    batch.Put(PrefixedKey('c'), B("last"));
    batch.Delete(PrefixedKey('b', B("10005")));
    EXPECT_GT(batch.SizeEstimate(), 10000u);
    ASSERT_TRUE(db->Write(batch, true));

    auto it = db->NewIterator();
    int n = 0;
    for (it->Seek(Bytes{'b'}); it->Valid() && it->Key()[0] == 'b'; it->Next()) ++n;
    EXPECT_EQ(n, 999);
    ASSERT_TRUE(it->status());
    it->Seek(Bytes{'a'});
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(Bytes(it->Key().begin(), it->Key().end()), PrefixedKey('a', B("10000")));
    EXPECT_EQ(Bytes(it->Value().begin(), it->Value().end()), B("v0"));

    batch.Clear();
    EXPECT_LT(batch.SizeEstimate(), 32u);
    ASSERT_TRUE(db->Write(batch, false));  // an empty batch is fine
    ASSERT_TRUE(db->Compact());
    EXPECT_GT(db->EstimateSize(Bytes{'a'}, Bytes{'c'}), 0u);
}

TEST(Database, RepairRebuildsALostManifest) {
    TempDir dir;
    {
        auto db = OpenOk(dir / "db");
        ASSERT_TRUE(db);
        for (int i = 0; i < 1000; ++i)
            ASSERT_TRUE(db->Put(B("k" + std::to_string(i)), B(std::to_string(i)), false));
        ASSERT_TRUE(db->Put(B("last"), B("x"), true));
    }
    // The manifest and CURRENT gone: LevelDB cannot open the directory any more.
    for (const auto& e : std::filesystem::directory_iterator(dir / "db")) {
        const std::string name = e.path().filename().string();
        if (name == "CURRENT" || name.rfind("MANIFEST-", 0) == 0) std::filesystem::remove(e.path());
    }
    DatabaseOptions o;
    o.path = dir / "db";
    o.create_if_missing = false;
    EXPECT_FALSE(Database::Open(o).ok());
    // Nor is it taken for a new, empty database when creating is allowed.
    o.create_if_missing = true;
    auto refused = Database::Open(o);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "db-corruption");
    o.repair = true;
    auto db = Database::Open(o);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    for (int i = 0; i < 1000; i += 99) {
        auto r = (*db)->Read(B("k" + std::to_string(i)));
        ASSERT_TRUE(r.ok() && r->has_value()) << i;
        EXPECT_EQ(**r, B(std::to_string(i)));
    }
    EXPECT_TRUE((*db)->Exists(B("last")));
}

TEST(Database, OpenFailsCleanly) {
    TempDir dir;
    storage_test::AppendFile(dir / "plainfile", Bytes{1, 2, 3});
    DatabaseOptions o;
    o.path = dir / "plainfile";
    auto db = Database::Open(o);
    ASSERT_FALSE(db.ok());
    EXPECT_FALSE(db.error().message.empty());

    o.path = dir / "absent";
    o.create_if_missing = false;
    db = Database::Open(o);
    ASSERT_FALSE(db.ok());
}

// Fills a database, then damages every table file; reads and scans must report corruption.
TEST(Database, CorruptTableIsReported) {
    TempDir dir;
    {
        auto db = OpenOk(dir / "db");
        ASSERT_TRUE(db);
        Database::Batch batch;
        for (int i = 0; i < 5000; ++i)
            batch.Put(PrefixedKey('k', B(std::to_string(100000 + i))), Bytes(100, uint8_t(i)));
        ASSERT_TRUE(db->Write(batch, true));
        ASSERT_TRUE(db->Compact());
    }
    int tables = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir / "db")) {
        if (e.path().extension() != ".ldb") continue;
        ++tables;
        storage_test::PatchFile(e.path(), 1000, Bytes(200, 0xAB));
    }
    ASSERT_GT(tables, 0);

    DatabaseOptions o;
    o.path = dir / "db";
    auto db = Database::Open(o);
    if (!db.ok()) {
        EXPECT_EQ(db.error().code, "db-corruption") << db.error().ToString();
        return;
    }
    auto it = (*db)->NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
    }
    const Status s = it->status();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "db-corruption");
    EXPECT_NE(s.error().message.find("orruption"), std::string::npos) << s.error().ToString();

    bool read_error = false;
    for (int i = 0; i < 5000 && !read_error; ++i) {
        auto r = (*db)->Read(PrefixedKey('k', B(std::to_string(100000 + i))));
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, "db-corruption");
            read_error = true;
        }
    }
    EXPECT_TRUE(read_error);
}

// Damages the write-ahead log of an uncompacted database: opening must fail with a clear error.
TEST(Database, CorruptLogIsReported) {
    TempDir dir;
    {
        auto db = OpenOk(dir / "db");
        ASSERT_TRUE(db);
        for (int i = 0; i < 200; ++i)
            ASSERT_TRUE(db->Put(PrefixedKey('k', B(std::to_string(i))), Bytes(50, uint8_t(i)), false));
    }
    int logs = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir / "db")) {
        if (e.path().extension() != ".log" || std::filesystem::file_size(e.path()) < 2000) continue;
        ++logs;
        storage_test::PatchFile(e.path(), 1000, Bytes(64, 0x5A));
    }
    ASSERT_GT(logs, 0);
    DatabaseOptions o;
    o.path = dir / "db";
    auto db = Database::Open(o);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, "db-corruption") << db.error().ToString();
}

}  // namespace
}  // namespace ocean
