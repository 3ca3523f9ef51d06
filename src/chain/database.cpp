#include "ocean/chain/database.h"

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <system_error>

namespace ocean {
namespace {

leveldb::Slice ToSlice(ByteSpan b) {
    return leveldb::Slice(reinterpret_cast<const char*>(b.data()), b.size());
}

ByteSpan ToSpan(const leveldb::Slice& s) {
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

Error FromLevelDB(const leveldb::Status& s, const std::string& what) {
    const char* code = s.IsCorruption() ? "db-corruption" : s.IsIOError() ? "db-io" : "db-error";
    return Error(code, what + ": " + s.ToString());
}

leveldb::ReadOptions CheckedReads() {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    return ro;
}

}  // namespace

// ---- Batch ---------------------------------------------------------------------------------------

Database::Batch::Batch() : batch_(std::make_unique<leveldb::WriteBatch>()) {}
Database::Batch::~Batch() = default;

void Database::Batch::Put(ByteSpan key, ByteSpan value) {
    batch_->Put(ToSlice(key), ToSlice(value));
    ++ops_;
}

void Database::Batch::Delete(ByteSpan key) {
    batch_->Delete(ToSlice(key));
    ++ops_;
}

size_t Database::Batch::SizeEstimate() const {
    return batch_->ApproximateSize();
}

void Database::Batch::Clear() {
    batch_->Clear();
    ops_ = 0;
}

// ---- Iterator ------------------------------------------------------------------------------------

Database::Iterator::Iterator(leveldb::Iterator* it) : it_(it) {}
Database::Iterator::~Iterator() = default;

void Database::Iterator::SeekToFirst() {
    it_->SeekToFirst();
}
void Database::Iterator::Seek(ByteSpan key) {
    it_->Seek(ToSlice(key));
}
bool Database::Iterator::Valid() const {
    return it_->Valid();
}
void Database::Iterator::Next() {
    it_->Next();
}
ByteSpan Database::Iterator::Key() const {
    return ToSpan(it_->key());
}
ByteSpan Database::Iterator::Value() const {
    return ToSpan(it_->value());
}
Status Database::Iterator::status() const {
    const leveldb::Status s = it_->status();
    if (s.ok()) return Status::Ok();
    return FromLevelDB(s, "iterating database");
}

// ---- Database ------------------------------------------------------------------------------------

namespace {

// A directory with LevelDB table, log or manifest files but no CURRENT file.
bool HoldsTablesWithoutCurrent(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec) || std::filesystem::exists(dir / "CURRENT", ec)) return false;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".ldb") || name.ends_with(".log") || name.ends_with(".sst") ||
            name.starts_with("MANIFEST-"))
            return true;
    }
    return false;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
    std::unique_ptr<Database> db(new Database());
    db->path_ = options.path;

    // Half of the budget caches uncompressed table blocks, a quarter buffers writes (LevelDB may hold
    // two memtables at once), the rest is left for the table and filter caches.
    const size_t block_cache = std::max<size_t>(options.cache_bytes / 2, 1u << 20);
    const size_t write_buffer = std::max<size_t>(options.cache_bytes / 4, 1u << 20);
    db->block_cache_.reset(leveldb::NewLRUCache(block_cache));
    db->filter_policy_.reset(leveldb::NewBloomFilterPolicy(10));

    leveldb::Options opt;
    opt.block_cache = db->block_cache_.get();
    opt.filter_policy = db->filter_policy_.get();
    opt.write_buffer_size = write_buffer;
    opt.max_open_files = std::max(options.max_open_files, 16);
    opt.paranoid_checks = true;
    // Hashes and scripts barely compress; skipping it keeps reads cheap.
    opt.compression = leveldb::kNoCompression;
    opt.create_if_missing = options.create_if_missing;

    const std::string path = options.path.string();
    if (options.wipe) {
        const leveldb::Status s = leveldb::DestroyDB(path, leveldb::Options());
        if (!s.ok()) return FromLevelDB(s, "wiping database " + path);
    }
    if (!options.wipe && !options.repair && options.create_if_missing &&
        HoldsTablesWithoutCurrent(options.path)) {
        // LevelDB would start an empty database next to the old files: the data would seem gone.
        return Error("db-corruption", "database " + path +
                                          " holds LevelDB files but no CURRENT file (lost or deleted); it "
                                          "must be repaired or rebuilt, it is not opened as a new one");
    }
    if (options.repair) {
        const leveldb::Status s = leveldb::RepairDB(path, opt);
        if (!s.ok()) return FromLevelDB(s, "repairing database " + path);
    }
    if (options.create_if_missing) {
        std::error_code ec;
        std::filesystem::create_directories(options.path, ec);
        if (ec) return Error("db-io", "cannot create directory " + path + ": " + ec.message());
    }

    leveldb::DB* raw = nullptr;
    const leveldb::Status s = leveldb::DB::Open(opt, path, &raw);
    if (!s.ok()) return FromLevelDB(s, "opening database " + path);
    db->db_.reset(raw);
    return db;
}

Database::~Database() {
    // The DB must go before the cache and the filter policy it points to (member order ensures it).
    db_.reset();
}

Result<std::optional<Bytes>> Database::Read(ByteSpan key) const {
    std::string value;
    const leveldb::Status s = db_->Get(CheckedReads(), ToSlice(key), &value);
    if (s.IsNotFound()) return std::optional<Bytes>();
    if (!s.ok()) return FromLevelDB(s, "reading database " + path_.string());
    return std::optional<Bytes>(Bytes(value.begin(), value.end()));
}

bool Database::Exists(ByteSpan key) const {
    auto r = Read(key);
    return r.ok() && r->has_value();
}

Status Database::Write(Batch& batch, bool sync) {
    leveldb::WriteOptions wo;
    wo.sync = sync;
    const leveldb::Status s = db_->Write(wo, batch.batch_.get());
    if (!s.ok()) return FromLevelDB(s, "writing database " + path_.string());
    return Status::Ok();
}

Status Database::Put(ByteSpan key, ByteSpan value, bool sync) {
    Batch b;
    b.Put(key, value);
    return Write(b, sync);
}

Status Database::Delete(ByteSpan key, bool sync) {
    Batch b;
    b.Delete(key);
    return Write(b, sync);
}

std::unique_ptr<Database::Iterator> Database::NewIterator() const {
    leveldb::ReadOptions ro = CheckedReads();
    // A full scan should not evict the hot working set from the block cache.
    ro.fill_cache = false;
    return std::unique_ptr<Iterator>(new Iterator(db_->NewIterator(ro)));
}

size_t Database::EstimateSize(ByteSpan begin, ByteSpan end) const {
    leveldb::Range range(ToSlice(begin), ToSlice(end));
    uint64_t size = 0;
    db_->GetApproximateSizes(&range, 1, &size);
    return static_cast<size_t>(size);
}

bool Database::IsEmpty() const {
    auto it = NewIterator();
    it->SeekToFirst();
    return !it->Valid();
}

Status Database::Compact() {
    db_->CompactRange(nullptr, nullptr);
    // CompactRange reports nothing itself; a failed background compaction surfaces on the next write.
    Batch empty;
    return Write(empty, false);
}

}  // namespace ocean
