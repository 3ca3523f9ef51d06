// BlockTreeDB: the block index database at <datadir>/blocks/index — one record per known block
// header (validation status, file positions, header fields), the per-file infos of the block store, the
// reindex marker, named flags and the optional transaction index.
//
// Keys and values (integers are VarInt unless noted):
//   'b' ‖ hash(32)      → record version(=2) ‖ status ‖ n_tx ‖ [file, if HAVE_DATA or HAVE_UNDO]
//                         ‖ [data_pos, if HAVE_DATA] ‖ [undo_pos, if HAVE_UNDO] ‖ the block header in
//                         its block serialization (SerializeBlockHeader, height and proof included)
//   'f' ‖ file (BE32)   → BlockFileInfo (block_file_info.h)
//   'l'                 → last block file
//   'R'                 → '1' while a reindex is in progress (absent otherwise)
//   'F' ‖ name          → '1' or '0'
//   't' ‖ txid(32)      → file ‖ block payload pos ‖ tx offset from the payload start
//
// Durability: WriteBatchSync writes file infos, the last-file number and block records as one atomic,
// synced LevelDB batch. The other writes are single synced batches, except WriteTxIndex/EraseTxIndex,
// which are unsynced and become durable with the next synced write (LevelDB has one log).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ocean/chain/block_file_info.h"
#include "ocean/chain/block_index.h"
#include "ocean/chain/database.h"
#include "ocean/chain/flat_file.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Where a transaction is: its block's payload position and its byte offset inside that payload.
struct TxIndexPos {
    FlatFilePos block;
    uint32_t tx_offset = 0;
    friend bool operator==(const TxIndexPos&, const TxIndexPos&) = default;
};

class BlockTreeDB {
  public:
    static Result<std::unique_ptr<BlockTreeDB>> Open(const DatabaseOptions& options);

    // One synced batch: the given file infos, the last file number and the block records.
    Status WriteBatchSync(const std::vector<std::pair<int, BlockFileInfo>>& files, int last_file,
                          const std::vector<const BlockIndex*>& blocks);

    Result<std::optional<BlockFileInfo>> ReadBlockFileInfo(int file) const;
    // Infos of files 0..last file, in order (missing entries are empty infos).
    Result<std::vector<BlockFileInfo>> ReadAllBlockFileInfo(int last_file) const;
    Result<std::optional<int>> ReadLastBlockFile() const;

    Status WriteReindexing(bool reindexing);
    // True while a reindex marker is present (a read error also reads as false).
    bool ReadReindexing() const;
    Status WriteFlag(std::string_view name, bool value);
    // The flag's value, nullopt when it was never written (or cannot be read).
    std::optional<bool> ReadFlag(std::string_view name) const;

    // Reads every block record. For each, insert(hash) must return the entry for that hash (created if
    // new); its persisted fields are filled and prev is linked via insert(prev hash) (nullptr for the
    // genesis). Derived fields (skip, chain_tx, time_max, sequence_id) are left to the caller, which
    // must visit entries in height order. Fails on an undecodable record, a record whose header does not
    // hash to its key, or a read error.
    Status LoadBlockIndex(const std::function<BlockIndex*(const uint256&)>& insert) const;

    Status WriteTxIndex(const std::vector<std::pair<uint256, TxIndexPos>>& entries);
    Result<std::optional<TxIndexPos>> ReadTxIndex(const uint256& txid) const;
    Status EraseTxIndex(const std::vector<uint256>& txids);

    Database& db() { return *db_; }

  private:
    explicit BlockTreeDB(std::unique_ptr<Database> db) : db_(std::move(db)) {}
    std::unique_ptr<Database> db_;
};

// The 'b' record value of a block index entry (exposed for tests and tools).
Bytes EncodeBlockIndexRecord(const BlockIndex& index);

}  // namespace ocean
