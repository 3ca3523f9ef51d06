#include "ocean/chain/block_tree_db.h"

#include <new>

#include "ocean/primitives/serialize.h"

namespace ocean {
namespace {

constexpr uint8_t kBlockIndexKey = 'b';
constexpr uint8_t kFileInfoKey = 'f';
constexpr uint8_t kLastFileKey = 'l';
constexpr uint8_t kReindexKey = 'R';
constexpr uint8_t kFlagKey = 'F';
constexpr uint8_t kTxIndexKey = 't';

constexpr uint64_t kRecordVersion = 2;

Bytes FileInfoKey(int file) {
    const uint32_t f = static_cast<uint32_t>(file);
    const uint8_t be[4] = {uint8_t(f >> 24), uint8_t(f >> 16), uint8_t(f >> 8), uint8_t(f)};
    return PrefixedKey(kFileInfoKey, be);
}

Bytes FlagKey(std::string_view name) {
    return PrefixedKey(kFlagKey, ByteSpan(reinterpret_cast<const uint8_t*>(name.data()), name.size()));
}

Bytes VarIntBytes(uint64_t v) {
    Bytes out;
    VectorWriter w(out);
    WriteVarInt(w, v);
    return out;
}

uint32_t ReadVarInt32(SpanReader& r) {
    const uint64_t v = ReadVarInt(r);
    if (v > UINT32_MAX) throw DecodeError("value out of range");
    return static_cast<uint32_t>(v);
}

// Fills the persisted fields of `index` from a 'b' record and returns the stored header (throws
// DecodeError). The record is the index metadata followed by the block header as blocks carry it.
BlockHeader DecodeRecord(ByteSpan value, BlockIndex& index) {
    SpanReader r(value);
    const uint64_t version = ReadVarInt(r);
    if (version != kRecordVersion) throw DecodeError("unknown block index record version");
    index.status = ReadVarInt32(r);
    index.n_tx = ReadVarInt32(r);
    if (index.status & (BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO)) {
        const uint64_t file = ReadVarInt(r);
        if (file > INT32_MAX) throw DecodeError("file number out of range");
        index.file = static_cast<int>(file);
    } else {
        index.file = -1;
    }
    index.data_pos = (index.status & BLOCK_HAVE_DATA) ? ReadVarInt32(r) : 0;
    index.undo_pos = (index.status & BLOCK_HAVE_UNDO) ? ReadVarInt32(r) : 0;
    BlockHeader header;
    UnserializeBlockHeader(r, header);
    if (header.height > INT32_MAX) throw DecodeError("height out of range");
    if (!r.empty()) throw DecodeError("trailing data after block index record");
    index.height = static_cast<int>(header.height);
    index.version = header.version;
    index.merkle_root = header.merkle_root;
    index.contract_hash = header.contract_hash;
    index.attestation_hash = header.attestation_hash;
    index.mapping_hash = header.mapping_hash;
    index.time = header.time;
    index.proof = header.proof;
    return header;
}

}  // namespace

Bytes EncodeBlockIndexRecord(const BlockIndex& index) {
    Bytes out;
    VectorWriter w(out);
    WriteVarInt(w, kRecordVersion);
    WriteVarInt(w, index.status);
    WriteVarInt(w, index.n_tx);
    if (index.status & (BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO)) WriteVarInt(w, static_cast<uint64_t>(index.file));
    if (index.status & BLOCK_HAVE_DATA) WriteVarInt(w, index.data_pos);
    if (index.status & BLOCK_HAVE_UNDO) WriteVarInt(w, index.undo_pos);
    SerializeBlockHeader(w, index.GetBlockHeader());
    return out;
}

Result<std::unique_ptr<BlockTreeDB>> BlockTreeDB::Open(const DatabaseOptions& options) {
    auto db = Database::Open(options);
    if (!db) return db.error();
    return std::unique_ptr<BlockTreeDB>(new BlockTreeDB(std::move(*db)));
}

Status BlockTreeDB::WriteBatchSync(const std::vector<std::pair<int, BlockFileInfo>>& files, int last_file,
                                   const std::vector<const BlockIndex*>& blocks) {
    Database::Batch batch;
    for (const auto& [file, info] : files) batch.Put(FileInfoKey(file), EncodeBlockFileInfo(info));
    batch.Put(PrefixedKey(kLastFileKey), VarIntBytes(static_cast<uint64_t>(last_file)));
    for (const BlockIndex* index : blocks) {
        if (!index || !index->phash) return Error("blocktree-bad-entry", "block index entry without a hash");
        batch.Put(PrefixedKey(kBlockIndexKey, index->phash->span()), EncodeBlockIndexRecord(*index));
    }
    return db_->Write(batch, true);
}

Result<std::optional<BlockFileInfo>> BlockTreeDB::ReadBlockFileInfo(int file) const {
    auto raw = db_->Read(FileInfoKey(file));
    if (!raw) return raw.error();
    if (!raw->has_value()) return std::optional<BlockFileInfo>();
    auto info = DecodeBlockFileInfo(**raw);
    if (!info) return info.error();
    return std::optional<BlockFileInfo>(*info);
}

Result<std::vector<BlockFileInfo>> BlockTreeDB::ReadAllBlockFileInfo(int last_file) const {
    std::vector<BlockFileInfo> out;
    for (int f = 0; f <= last_file; ++f) {
        auto info = ReadBlockFileInfo(f);
        if (!info) return info.error();
        out.push_back(info->value_or(BlockFileInfo()));
    }
    return out;
}

Result<std::optional<int>> BlockTreeDB::ReadLastBlockFile() const {
    auto raw = db_->Read(PrefixedKey(kLastFileKey));
    if (!raw) return raw.error();
    if (!raw->has_value()) return std::optional<int>();
    try {
        SpanReader r(**raw);
        const uint64_t v = ReadVarInt(r);
        if (v > INT32_MAX || !r.empty()) return Error("blocktree-corrupt", "bad last block file record");
        return std::optional<int>(static_cast<int>(v));
    } catch (const DecodeError& e) {
        return Error("blocktree-corrupt", std::string("bad last block file record: ") + e.what());
    }
}

Status BlockTreeDB::WriteReindexing(bool reindexing) {
    if (reindexing) return db_->Put(PrefixedKey(kReindexKey), Bytes{'1'}, true);
    return db_->Delete(PrefixedKey(kReindexKey), true);
}

bool BlockTreeDB::ReadReindexing() const {
    return db_->Exists(PrefixedKey(kReindexKey));
}

Status BlockTreeDB::WriteFlag(std::string_view name, bool value) {
    return db_->Put(FlagKey(name), Bytes{static_cast<uint8_t>(value ? '1' : '0')}, true);
}

std::optional<bool> BlockTreeDB::ReadFlag(std::string_view name) const {
    auto raw = db_->Read(FlagKey(name));
    if (!raw || !raw->has_value() || (*raw)->size() != 1) return std::nullopt;
    return (**raw)[0] == '1';
}

Status BlockTreeDB::LoadBlockIndex(const std::function<BlockIndex*(const uint256&)>& insert) const {
    auto it = db_->NewIterator();
    const uint8_t prefix = kBlockIndexKey;
    for (it->Seek(ByteSpan(&prefix, 1)); it->Valid(); it->Next()) {
        const ByteSpan key = it->Key();
        if (key.empty() || key[0] != kBlockIndexKey) break;
        if (key.size() != 33) return Error("blocktree-corrupt", "block index key of unexpected length");
        const uint256 hash(key.subspan(1));
        BlockIndex* index = insert(hash);
        if (!index) return Error("blocktree-insert", "insert returned no entry for " + hash.ToHex());
        try {
            const BlockHeader header = DecodeRecord(it->Value(), *index);
            if (header.GetHash() != hash)
                return Error("blocktree-corrupt",
                             "block index record does not hash to its key " + hash.ToHex());
            const uint256& prev_hash = header.prev_block;
            index->prev = nullptr;
            if (!prev_hash.IsNull()) {
                index->prev = insert(prev_hash);
                if (!index->prev)
                    return Error("blocktree-insert", "insert returned no entry for " + prev_hash.ToHex());
            }
        } catch (const DecodeError& e) {
            return Error("blocktree-corrupt", "bad block index record " + hash.ToHex() + ": " + e.what());
        } catch (const std::bad_alloc&) {
            return Error("blocktree-corrupt", "out of memory decoding block index record " + hash.ToHex());
        }
    }
    return it->status();
}

Status BlockTreeDB::WriteTxIndex(const std::vector<std::pair<uint256, TxIndexPos>>& entries) {
    Database::Batch batch;
    for (const auto& [txid, pos] : entries) {
        Bytes value;
        VectorWriter w(value);
        WriteVarInt(w, static_cast<uint64_t>(pos.block.file));
        WriteVarInt(w, pos.block.pos);
        WriteVarInt(w, pos.tx_offset);
        batch.Put(PrefixedKey(kTxIndexKey, txid.span()), value);
    }
    return db_->Write(batch, false);
}

Result<std::optional<TxIndexPos>> BlockTreeDB::ReadTxIndex(const uint256& txid) const {
    auto raw = db_->Read(PrefixedKey(kTxIndexKey, txid.span()));
    if (!raw) return raw.error();
    if (!raw->has_value()) return std::optional<TxIndexPos>();
    try {
        SpanReader r(**raw);
        TxIndexPos pos;
        const uint64_t file = ReadVarInt(r);
        if (file > INT32_MAX) throw DecodeError("file number out of range");
        pos.block.file = static_cast<int>(file);
        pos.block.pos = ReadVarInt32(r);
        pos.tx_offset = ReadVarInt32(r);
        if (!r.empty()) throw DecodeError("trailing data");
        return std::optional<TxIndexPos>(pos);
    } catch (const DecodeError& e) {
        return Error("blocktree-corrupt", "bad tx index record " + txid.ToHex() + ": " + e.what());
    }
}

Status BlockTreeDB::EraseTxIndex(const std::vector<uint256>& txids) {
    Database::Batch batch;
    for (const uint256& txid : txids) batch.Delete(PrefixedKey(kTxIndexKey, txid.span()));
    return db_->Write(batch, false);
}

}  // namespace ocean
