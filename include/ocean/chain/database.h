// Database: the node's key-value store, a thin wrapper around one LevelDB instance.
//
// Used for the block index (<datadir>/blocks/index) and the UTXO set (<datadir>/chainstate). Keys and
// values are raw bytes; the callers own their encodings. Every LevelDB status becomes an Error whose
// message is LevelDB's own text (code "db-corruption" for corruption, "db-io" for I/O failures,
// "db-error" otherwise), so a damaged database is reported to the caller instead of crashing the node.
//
// Durability: a Batch is applied atomically (all of its operations or none survive a crash). With
// sync=true the batch, and every batch written before it, is on stable storage when Write returns.
//
// LevelDB is opened with paranoid checks (background corruption turns every later write into an error)
// and every read verifies block checksums. The block cache is sized from cache_bytes. LevelDB's own
// locking makes one Database usable from several threads at once; an Iterator is for one thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace leveldb {
class DB;
class Cache;
class FilterPolicy;
class Iterator;
class WriteBatch;
}  // namespace leveldb

namespace ocean {

struct DatabaseOptions {
    std::filesystem::path path;
    // Memory for LevelDB: half goes to the block cache, a quarter to the write buffer (memtable).
    size_t cache_bytes = 8u << 20;
    // Destroy any existing database at path before opening (used by -reindex).
    bool wipe = false;
    // Run LevelDB's repair (rebuild the manifest from the table and log files, dropping what cannot be
    // read) before opening (-salvagewallet). Data in damaged files is lost; the caller backs up first.
    bool repair = false;
    // Create the directory and an empty database when none exists.
    bool create_if_missing = true;
    // Upper bound on the table files LevelDB keeps open.
    int max_open_files = 256;
};

class Database {
  public:
    // A set of writes applied atomically by Database::Write.
    class Batch {
      public:
        Batch();
        ~Batch();
        Batch(const Batch&) = delete;
        Batch& operator=(const Batch&) = delete;

        void Put(ByteSpan key, ByteSpan value);
        void Delete(ByteSpan key);
        // Approximate serialized size in bytes of the queued operations.
        size_t SizeEstimate() const;
        // True when no operation is queued.
        bool Empty() const { return ops_ == 0; }
        void Clear();

      private:
        friend class Database;
        std::unique_ptr<leveldb::WriteBatch> batch_;
        size_t ops_ = 0;
    };

    // Walks keys in byte order. Key()/Value() stay valid until the next move. When Valid() turns false,
    // status() tells the end of the data (ok) from a read error (e.g. corruption).
    class Iterator {
      public:
        ~Iterator();
        Iterator(const Iterator&) = delete;
        Iterator& operator=(const Iterator&) = delete;

        void SeekToFirst();
        // Positions at the first key >= key (use a key prefix to start a range).
        void Seek(ByteSpan key);
        bool Valid() const;
        void Next();
        ByteSpan Key() const;
        ByteSpan Value() const;
        Status status() const;

      private:
        friend class Database;
        explicit Iterator(leveldb::Iterator* it);
        std::unique_ptr<leveldb::Iterator> it_;
    };

    static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // The stored value, nullopt when the key is absent, or an error (e.g. corruption).
    Result<std::optional<Bytes>> Read(ByteSpan key) const;
    // True when the key is present; a read error counts as absent (use Read to tell them apart).
    bool Exists(ByteSpan key) const;
    // Applies the batch atomically; with sync the write is durable when this returns.
    Status Write(Batch& batch, bool sync);
    Status Put(ByteSpan key, ByteSpan value, bool sync);
    Status Delete(ByteSpan key, bool sync);

    std::unique_ptr<Iterator> NewIterator() const;
    // Approximate on-disk size of the keys in [begin, end) (table files only: recent writes still in the
    // memtable are not counted).
    size_t EstimateSize(ByteSpan begin, ByteSpan end) const;
    // True when the database holds no key at all.
    bool IsEmpty() const;
    // Compacts the whole key range (slow; for maintenance and tests).
    Status Compact();

    const std::filesystem::path& path() const { return path_; }

  private:
    Database() = default;

    std::filesystem::path path_;
    std::unique_ptr<leveldb::Cache> block_cache_;
    std::unique_ptr<const leveldb::FilterPolicy> filter_policy_;
    std::unique_ptr<leveldb::DB> db_;
};

// A key of the form <prefix byte> ‖ <suffix bytes>, the layout every store in this layer uses.
inline Bytes PrefixedKey(uint8_t prefix, ByteSpan suffix = {}) {
    Bytes key;
    key.reserve(1 + suffix.size());
    key.push_back(prefix);
    Append(key, suffix);
    return key;
}

}  // namespace ocean
