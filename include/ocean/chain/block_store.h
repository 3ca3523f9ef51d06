// BlockStore: the flat files under <datadir>/blocks holding raw blocks (blkNNNNN.dat) and their undo
// data (revNNNNN.dat).
//
// Record layout (formats.md §10):
//   blk: [4-byte network magic][u32 LE payload size][serialized block, with witness]
//   rev: [4-byte network magic][u32 LE payload size][BlockUndo (undo.h)][SHA256d(prev block hash ‖ payload)]
// A FlatFilePos points at the payload, 8 bytes past the record start. Blocks are appended to the
// highest-numbered ("last") file until it would exceed max_blk_file_size (128 MiB), then the next file
// is started; the undo of a block goes to the rev file with the same number as its blk file. Files grow in
// preallocated chunks (16 MiB blk, 1 MiB rev; posix_fallocate) to limit fragmentation; finalizing a file
// trims the unused tail.
//
// Durability: writes go straight to the files (no user-space buffering), so they are readable at once,
// but they are durable only after Flush() returns ok; Flush fdatasyncs every file written since the
// previous Flush and fsyncs the directory when files were created. The chain's flush order is
//   (1) BlockStore::Flush  (2) BlockTreeDB::WriteBatchSync(TakeDirtyFileInfo(), LastFile(), ...)
//   (3) CoinsViewDB::BatchWrite
// so the index never points at data that is not on disk. TakeDirtyFileInfo() returns the file infos
// as they were at the last successful Flush, so it cannot hand out sizes covering unsynced records.
//
// Restart: Open() takes the file infos and the last file number read back from the index. Appending
// resumes at the recorded end of each file, overwriting whatever a crash left past it (records written
// after the last index flush are not referenced by anything).
//
// Reindex: open with no file infos, walk the files with ScanFile() and report every block kept with
// RegisterKnownBlock(); do not write blocks while the scan is in progress (they would go to file 0 and
// overwrite data not yet scanned).
//
// Thread safety: all methods may be called concurrently; writers serialize on an internal mutex and
// readers use their own file descriptors.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "ocean/chain/block_file_info.h"
#include "ocean/chain/flat_file.h"
#include "ocean/chain/undo.h"
#include "ocean/primitives/block.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

using NetworkMagic = std::array<uint8_t, 4>;

struct BlockStoreOptions {
    std::filesystem::path blocks_dir;
    NetworkMagic magic{};
    // File infos read back from the index, indexed by file number (empty for a new store or a reindex).
    std::vector<BlockFileInfo> files;
    // The file blocks are being appended to (BlockTreeDB::ReadLastBlockFile; 0 for a new store).
    int last_file = 0;

    uint32_t max_blk_file_size = 128u << 20;
    uint32_t blk_chunk_size = 16u << 20;
    uint32_t rev_chunk_size = 1u << 20;
    // ScanFile skips records announcing a larger payload (the largest valid serialized block is 4 MB).
    uint32_t max_scan_record_size = 4000000;
};

class BlockStore {
  public:
    static constexpr size_t kRecordHeaderSize = 8;
    static constexpr size_t kUndoChecksumSize = 32;

    // Creates blocks_dir if needed. Fails when the options are inconsistent.
    static Result<std::unique_ptr<BlockStore>> Open(BlockStoreOptions options);
    // Closes the files without syncing: call Flush(true) first for a clean shutdown.
    ~BlockStore();
    BlockStore(const BlockStore&) = delete;
    BlockStore& operator=(const BlockStore&) = delete;

    // Appends the block (serialized with witness) to the last blk file, rolling to a new file when
    // the current one is full, and returns the position of the payload.
    Result<FlatFilePos> WriteBlock(const Block& block, uint32_t height, uint64_t time);
    // Same with an already serialized block.
    Result<FlatFilePos> WriteRawBlock(ByteSpan block_bytes, uint32_t height, uint64_t time);

    // The payload at pos, after checking the record's magic and size against the file.
    Result<Bytes> ReadRawBlock(FlatFilePos pos) const;
    Result<Block> ReadBlock(FlatFilePos pos) const;
    // As ReadBlock, and fails with "block-hash-mismatch" when the block's hash is not expected_hash.
    Result<Block> ReadBlock(FlatFilePos pos, const uint256& expected_hash) const;

    // Appends the undo data of a block whose data lives in blk file `file` to rev file `file`, with the
    // checksum over prev_block_hash ‖ payload, and returns the position of the payload.
    Result<FlatFilePos> WriteUndo(const BlockUndo& undo, const uint256& prev_block_hash, int file);
    // Reads undo data back; "undo-checksum-mismatch" when the checksum (or prev_block_hash) differs.
    Result<BlockUndo> ReadUndo(FlatFilePos pos, const uint256& prev_block_hash) const;

    // Makes every record written so far durable (fdatasync of the files written, fsync of the
    // directory for new files). With finalize, the unused preallocated tails of the last blk/rev files
    // are trimmed first (use at shutdown). On error the node must stop: nothing is known to be durable.
    Status Flush(bool finalize = false);

    // The infos of files changed before the last successful Flush, and forgets them. Persist them with
    // BlockTreeDB::WriteBatchSync; if that fails, hand them back with RestoreDirtyFileInfo.
    std::vector<std::pair<int, BlockFileInfo>> TakeDirtyFileInfo();
    void RestoreDirtyFileInfo(const std::vector<std::pair<int, BlockFileInfo>>& infos);

    // Reindex: calls fn for every decodable block record in blk file `file`, in file order, with the
    // payload position, until fn returns false. Skips junk, zeros, records with an implausible size or
    // undecodable payload, and a truncated final record. Fails only when the file cannot be read.
    Status ScanFile(int file, const std::function<bool(const Block&, FlatFilePos)>& fn) const;
    // Reindex: records that a block of payload_size bytes already sits at pos (found by ScanFile), so
    // the file infos cover it and new blocks are appended after it.
    void RegisterKnownBlock(FlatFilePos pos, uint32_t payload_size, uint32_t height, uint64_t time);

    // Number of consecutive blk files present from blk00000.dat on.
    int CountBlockFiles() const;
    bool HaveBlockFile(int file) const;
    int LastFile() const;
    std::optional<BlockFileInfo> GetFileInfo(int file) const;
    // Bytes in use across all blk and rev files.
    uint64_t TotalSize() const;

    std::filesystem::path BlockFilePath(int file) const;
    std::filesystem::path UndoFilePath(int file) const;
    const NetworkMagic& magic() const { return opts_.magic; }

  private:
    enum class Kind { kBlock, kUndo };
    struct Writer {
        int fd = -1;
        uint64_t allocated = 0;  // file size, preallocated part included
        bool needs_sync = false;
    };

    explicit BlockStore(BlockStoreOptions options);
    std::filesystem::path FilePath(Kind kind, int file) const;
    Result<Writer*> GetWriter(Kind kind, int file);
    Status Preallocate(Writer& w, uint64_t end, uint32_t chunk, Kind kind, int file);
    Status WriteRecord(Kind kind, int file, uint64_t offset, ByteSpan payload, ByteSpan trailer);
    Status TrimFile(Kind kind, int file, uint64_t used);
    Result<Bytes> ReadRecord(Kind kind, FlatFilePos pos, size_t trailer) const;
    void CloseWriter(Writer& w);

    const BlockStoreOptions opts_;
    mutable std::mutex mu_;
    std::vector<BlockFileInfo> infos_;
    int last_file_ = 0;
    std::set<int> dirty_;                         // changed since the last Flush
    std::map<int, BlockFileInfo> flushed_dirty_;  // changed, flushed, not yet taken
    std::map<std::pair<Kind, int>, Writer> writers_;
    bool dir_needs_sync_ = false;
};

}  // namespace ocean
