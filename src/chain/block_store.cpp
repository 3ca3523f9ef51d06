#include "ocean/chain/block_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "ocean/crypto/sha256.h"
#include "ocean/util/fs.h"

namespace ocean {
namespace {

Error IoError(const std::string& what, const std::filesystem::path& p, int err) {
    return Error("blockstore-io", what + " " + p.string() + ": " + std::strerror(err));
}

Error Corrupt(const std::string& what, const std::filesystem::path& p) {
    return Error("blockstore-corrupt", what + " in " + p.string());
}

void PutLE32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t GetLE32(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

// pwrite/pread loops that survive short transfers and EINTR; return 0 or an errno value.
int WriteAt(int fd, const uint8_t* data, size_t len, uint64_t offset) {
    while (len > 0) {
        const ssize_t n = ::pwrite(fd, data, len, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data += n;
        len -= static_cast<size_t>(n);
        offset += static_cast<uint64_t>(n);
    }
    return 0;
}

// Reads exactly len bytes; EIO-like errno on failure, -1 when the file ends first.
int ReadAt(int fd, uint8_t* data, size_t len, uint64_t offset) {
    while (len > 0) {
        const ssize_t n = ::pread(fd, data, len, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return -1;
        data += n;
        len -= static_cast<size_t>(n);
        offset += static_cast<uint64_t>(n);
    }
    return 0;
}

// An open read-only descriptor, closed on scope exit.
class ReadFile {
  public:
    explicit ReadFile(const std::filesystem::path& p) : fd_(::open(p.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~ReadFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    ReadFile(const ReadFile&) = delete;
    ReadFile& operator=(const ReadFile&) = delete;
    int fd() const { return fd_; }
    bool ok() const { return fd_ >= 0; }
    // File size, or -1 with errno set.
    int64_t Size() const {
        struct stat st;
        if (::fstat(fd_, &st) != 0) return -1;
        return static_cast<int64_t>(st.st_size);
    }

  private:
    int fd_;
};

// Sequential reads over a file through a window, for ScanFile.
class ScanWindow {
  public:
    ScanWindow(int fd, uint64_t file_size) : fd_(fd), file_size_(file_size) {}

    // Points p at the bytes [off, off + n) (n is cut at the end of the file); errno on failure.
    int Get(uint64_t off, size_t n, const uint8_t*& p, size_t& got) {
        if (off >= file_size_) {
            got = 0;
            p = nullptr;
            return 0;
        }
        n = static_cast<size_t>(std::min<uint64_t>(n, file_size_ - off));
        if (off < start_ || off + n > start_ + buf_.size()) {
            const size_t want =
                static_cast<size_t>(std::min<uint64_t>(std::max(n, kWindow), file_size_ - off));
            buf_.resize(want);
            const int err = ReadAt(fd_, buf_.data(), want, off);
            if (err != 0) {
                buf_.clear();
                return err < 0 ? EIO : err;
            }
            start_ = off;
        }
        p = buf_.data() + (off - start_);
        got = n;
        return 0;
    }

  private:
    static constexpr size_t kWindow = 4u << 20;
    int fd_;
    uint64_t file_size_;
    uint64_t start_ = 0;
    Bytes buf_;
};

// The smallest serialized block: header with empty proof fields plus a zero transaction count.
constexpr uint32_t kMinBlockSize = 4 + 5 * 32 + 4 + 4 + 1 + 1 + 1;

}  // namespace

BlockStore::BlockStore(BlockStoreOptions options) : opts_(std::move(options)) {
    infos_ = opts_.files;
    last_file_ = opts_.last_file;
    if (infos_.size() < static_cast<size_t>(last_file_) + 1)
        infos_.resize(static_cast<size_t>(last_file_) + 1);
}

Result<std::unique_ptr<BlockStore>> BlockStore::Open(BlockStoreOptions options) {
    if (options.last_file < 0) return Error("blockstore-options", "negative last file");
    if (options.max_blk_file_size < 1024 || options.blk_chunk_size == 0 || options.rev_chunk_size == 0)
        return Error("blockstore-options", "file and chunk sizes must be positive");
    std::error_code ec;
    std::filesystem::create_directories(options.blocks_dir, ec);
    if (ec)
        return Error("blockstore-io", "cannot create " + options.blocks_dir.string() + ": " + ec.message());
    return std::unique_ptr<BlockStore>(new BlockStore(std::move(options)));
}

BlockStore::~BlockStore() {
    for (auto& [key, w] : writers_) CloseWriter(w);
}

std::filesystem::path BlockStore::FilePath(Kind kind, int file) const {
    char name[32];
    std::snprintf(name, sizeof(name), "%s%05d.dat", kind == Kind::kBlock ? "blk" : "rev", file);
    return opts_.blocks_dir / name;
}

std::filesystem::path BlockStore::BlockFilePath(int file) const {
    return FilePath(Kind::kBlock, file);
}

std::filesystem::path BlockStore::UndoFilePath(int file) const {
    return FilePath(Kind::kUndo, file);
}

void BlockStore::CloseWriter(Writer& w) {
    if (w.fd >= 0) ::close(w.fd);
    w.fd = -1;
}

Result<BlockStore::Writer*> BlockStore::GetWriter(Kind kind, int file) {
    Writer& w = writers_[{kind, file}];
    if (w.fd >= 0) return &w;
    const std::filesystem::path p = FilePath(kind, file);
    int fd = ::open(p.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0) dir_needs_sync_ = true;
    }
    if (fd < 0) {
        const int err = errno;
        writers_.erase({kind, file});
        return IoError("cannot open", p, err);
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        writers_.erase({kind, file});
        return IoError("cannot stat", p, err);
    }
    w.fd = fd;
    w.allocated = static_cast<uint64_t>(st.st_size);
    w.needs_sync = false;
    return &w;
}

Status BlockStore::Preallocate(Writer& w, uint64_t end, uint32_t chunk, Kind kind, int file) {
    if (end <= w.allocated) return Status::Ok();
    const uint64_t target = (end + chunk - 1) / chunk * chunk;
    const int err =
        ::posix_fallocate(w.fd, static_cast<off_t>(w.allocated), static_cast<off_t>(target - w.allocated));
    if (err == ENOSPC || err == EFBIG) return IoError("cannot allocate space in", FilePath(kind, file), err);
    // Other failures (a file system without allocation support) are harmless: the write extends the file.
    if (err == 0) {
        w.allocated = target;
        w.needs_sync = true;
    }
    return Status::Ok();
}

Status BlockStore::WriteRecord(Kind kind, int file, uint64_t offset, ByteSpan payload, ByteSpan trailer) {
    auto writer = GetWriter(kind, file);
    if (!writer) return writer.error();
    Writer& w = **writer;
    const uint64_t end = offset + kRecordHeaderSize + payload.size() + trailer.size();
    if (Status s = Preallocate(w, end, kind == Kind::kBlock ? opts_.blk_chunk_size : opts_.rev_chunk_size,
                               kind, file);
        !s)
        return s;

    Bytes record;
    record.reserve(static_cast<size_t>(end - offset));
    record.insert(record.end(), opts_.magic.begin(), opts_.magic.end());
    uint8_t size_bytes[4];
    PutLE32(size_bytes, static_cast<uint32_t>(payload.size()));
    record.insert(record.end(), size_bytes, size_bytes + 4);
    Append(record, payload);
    Append(record, trailer);
    w.needs_sync = true;
    if (const int err = WriteAt(w.fd, record.data(), record.size(), offset); err != 0)
        return IoError("cannot write", FilePath(kind, file), err);
    if (end > w.allocated) w.allocated = end;
    return Status::Ok();
}

Status BlockStore::TrimFile(Kind kind, int file, uint64_t used) {
    auto it = writers_.find({kind, file});
    if (it == writers_.end() || it->second.fd < 0) return Status::Ok();
    Writer& w = it->second;
    if (w.allocated <= used) return Status::Ok();
    if (::ftruncate(w.fd, static_cast<off_t>(used)) != 0)
        return IoError("cannot truncate", FilePath(kind, file), errno);
    w.allocated = used;
    w.needs_sync = true;
    return Status::Ok();
}

Result<FlatFilePos> BlockStore::WriteBlock(const Block& block, uint32_t height, uint64_t time) {
    const Bytes bytes = EncodeBlock(block, true);
    return WriteRawBlock(bytes, height, time);
}

Result<FlatFilePos> BlockStore::WriteRawBlock(ByteSpan block_bytes, uint32_t height, uint64_t time) {
    const uint64_t record = kRecordHeaderSize + block_bytes.size();
    if (record > opts_.max_blk_file_size)
        return Error("blockstore-too-large", "block does not fit in a block file");
    std::lock_guard<std::mutex> lock(mu_);

    if (infos_[last_file_].size > 0 && infos_[last_file_].size + record > opts_.max_blk_file_size) {
        // Roll over: trim the finished files; the next Flush syncs them.
        if (Status s = TrimFile(Kind::kBlock, last_file_, infos_[last_file_].size); !s) return s.error();
        if (Status s = TrimFile(Kind::kUndo, last_file_, infos_[last_file_].undo_size); !s) return s.error();
        ++last_file_;
        if (infos_.size() < static_cast<size_t>(last_file_) + 1)
            infos_.resize(static_cast<size_t>(last_file_) + 1);
        dirty_.insert(last_file_);  // the index must learn about the new last file even before it grows
    }

    BlockFileInfo& info = infos_[last_file_];
    const uint64_t offset = info.size;
    if (Status s = WriteRecord(Kind::kBlock, last_file_, offset, block_bytes, {}); !s) return s.error();
    info.size = static_cast<uint32_t>(offset + record);
    info.AddBlock(height, time);
    dirty_.insert(last_file_);
    return FlatFilePos(last_file_, static_cast<uint32_t>(offset + kRecordHeaderSize));
}

Result<FlatFilePos> BlockStore::WriteUndo(const BlockUndo& undo, const uint256& prev_block_hash, int file) {
    const Bytes payload = EncodeBlockUndo(undo);
    const uint256 checksum = Sha256dHash(prev_block_hash.span(), payload);
    const uint64_t record = kRecordHeaderSize + payload.size() + kUndoChecksumSize;
    std::lock_guard<std::mutex> lock(mu_);
    if (file < 0 || file > last_file_)
        return Error("blockstore-bad-file", "undo for unknown file " + std::to_string(file));
    BlockFileInfo& info = infos_[file];
    const uint64_t offset = info.undo_size;
    if (offset + record > UINT32_MAX) return Error("blockstore-too-large", "rev file would exceed 4 GiB");
    if (Status s = WriteRecord(Kind::kUndo, file, offset, payload, checksum.span()); !s) return s.error();
    info.undo_size = static_cast<uint32_t>(offset + record);
    dirty_.insert(file);
    return FlatFilePos(file, static_cast<uint32_t>(offset + kRecordHeaderSize));
}

Result<Bytes> BlockStore::ReadRecord(Kind kind, FlatFilePos pos, size_t trailer) const {
    const std::filesystem::path p = FilePath(kind, pos.file);
    if (pos.IsNull() || pos.file < 0 || pos.pos < kRecordHeaderSize)
        return Error("blockstore-bad-pos", "invalid position " + pos.ToString());
    ReadFile f(p);
    if (!f.ok()) return IoError("cannot open", p, errno);
    const int64_t file_size = f.Size();
    if (file_size < 0) return IoError("cannot stat", p, errno);

    uint8_t header[kRecordHeaderSize];
    const uint64_t start = pos.pos - kRecordHeaderSize;
    if (int err = ReadAt(f.fd(), header, sizeof(header), start); err != 0)
        return err < 0 ? Corrupt("record header past the end of the file", p)
                       : IoError("cannot read", p, err);
    if (!std::equal(opts_.magic.begin(), opts_.magic.end(), header))
        return Corrupt("bad magic at offset " + std::to_string(start), p);
    const uint64_t size = GetLE32(header + 4);
    if (pos.pos + size + trailer > static_cast<uint64_t>(file_size))
        return Corrupt("record at offset " + std::to_string(start) + " runs past the end of the file", p);
    Bytes data(static_cast<size_t>(size + trailer));
    if (int err = ReadAt(f.fd(), data.data(), data.size(), pos.pos); err != 0)
        return err < 0 ? Corrupt("truncated record", p) : IoError("cannot read", p, err);
    return data;
}

Result<Bytes> BlockStore::ReadRawBlock(FlatFilePos pos) const {
    return ReadRecord(Kind::kBlock, pos, 0);
}

Result<Block> BlockStore::ReadBlock(FlatFilePos pos) const {
    auto raw = ReadRawBlock(pos);
    if (!raw) return raw.error();
    auto block = DecodeBlock(*raw);
    if (!block)
        return Error("blockstore-corrupt",
                     "undecodable block at " + pos.ToString() + ": " + block.error().ToString());
    return block;
}

Result<Block> BlockStore::ReadBlock(FlatFilePos pos, const uint256& expected_hash) const {
    auto block = ReadBlock(pos);
    if (!block) return block;
    if (block->GetHash() != expected_hash)
        return Error("block-hash-mismatch", "block at " + pos.ToString() + " is " + block->GetHash().ToHex() +
                                                ", expected " + expected_hash.ToHex());
    return block;
}

Result<BlockUndo> BlockStore::ReadUndo(FlatFilePos pos, const uint256& prev_block_hash) const {
    auto raw = ReadRecord(Kind::kUndo, pos, kUndoChecksumSize);
    if (!raw) return raw.error();
    const ByteSpan payload(raw->data(), raw->size() - kUndoChecksumSize);
    const uint256 stored(ByteSpan(raw->data() + payload.size(), kUndoChecksumSize));
    if (Sha256dHash(prev_block_hash.span(), payload) != stored)
        return Error("undo-checksum-mismatch", "undo data at " + pos.ToString() + " fails its checksum");
    auto undo = DecodeBlockUndo(payload);
    if (!undo)
        return Error("blockstore-corrupt",
                     "undecodable undo at " + pos.ToString() + ": " + undo.error().ToString());
    return undo;
}

Status BlockStore::Flush(bool finalize) {
    std::lock_guard<std::mutex> lock(mu_);
    if (finalize) {
        if (Status s = TrimFile(Kind::kBlock, last_file_, infos_[last_file_].size); !s) return s;
        if (Status s = TrimFile(Kind::kUndo, last_file_, infos_[last_file_].undo_size); !s) return s;
    }
    for (auto& [key, w] : writers_) {
        if (w.fd < 0 || !w.needs_sync) continue;
        if (::fdatasync(w.fd) != 0) return IoError("cannot sync", FilePath(key.first, key.second), errno);
        w.needs_sync = false;
    }
    if (dir_needs_sync_) {
        if (Status s = SyncDirectory(opts_.blocks_dir); !s) return s;
        dir_needs_sync_ = false;
    }
    for (int file : dirty_) flushed_dirty_[file] = infos_[file];
    dirty_.clear();
    // Only the last file keeps growing; release the descriptors of the others.
    for (auto it = writers_.begin(); it != writers_.end();) {
        if (it->first.second != last_file_) {
            CloseWriter(it->second);
            it = writers_.erase(it);
        } else {
            ++it;
        }
    }
    return Status::Ok();
}

std::vector<std::pair<int, BlockFileInfo>> BlockStore::TakeDirtyFileInfo() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::pair<int, BlockFileInfo>> out(flushed_dirty_.begin(), flushed_dirty_.end());
    flushed_dirty_.clear();
    return out;
}

void BlockStore::RestoreDirtyFileInfo(const std::vector<std::pair<int, BlockFileInfo>>& infos) {
    std::lock_guard<std::mutex> lock(mu_);
    // A newer flushed snapshot of the same file wins over the one handed back.
    for (const auto& [file, info] : infos) flushed_dirty_.try_emplace(file, info);
}

void BlockStore::RegisterKnownBlock(FlatFilePos pos, uint32_t payload_size, uint32_t height, uint64_t time) {
    if (pos.IsNull() || pos.file < 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (infos_.size() < static_cast<size_t>(pos.file) + 1) infos_.resize(static_cast<size_t>(pos.file) + 1);
    last_file_ = std::max(last_file_, pos.file);
    BlockFileInfo& info = infos_[pos.file];
    info.size = static_cast<uint32_t>(std::max<uint64_t>(info.size, uint64_t{pos.pos} + payload_size));
    info.AddBlock(height, time);
    dirty_.insert(pos.file);
}

Status BlockStore::ScanFile(int file, const std::function<bool(const Block&, FlatFilePos)>& fn) const {
    const std::filesystem::path p = FilePath(Kind::kBlock, file);
    ReadFile f(p);
    if (!f.ok()) return IoError("cannot open", p, errno);
    const int64_t ssize = f.Size();
    if (ssize < 0) return IoError("cannot stat", p, errno);
    const uint64_t file_size = static_cast<uint64_t>(ssize);
    ScanWindow window(f.fd(), file_size);
    const auto& magic = opts_.magic;

    uint64_t off = 0;
    while (off + kRecordHeaderSize <= file_size) {
        // Find the next magic at or after off.
        const uint8_t* p8 = nullptr;
        size_t got = 0;
        uint64_t found = UINT64_MAX;
        while (off + magic.size() <= file_size) {
            if (int err = window.Get(off, 1u << 20, p8, got); err != 0) return IoError("cannot read", p, err);
            const uint8_t* hit = std::search(p8, p8 + got, magic.begin(), magic.end());
            if (hit != p8 + got) {
                found = off + static_cast<uint64_t>(hit - p8);
                break;
            }
            if (got < magic.size()) break;
            off += got - (magic.size() - 1);  // a magic may straddle the window edge
        }
        if (found == UINT64_MAX || found + kRecordHeaderSize > file_size) break;

        if (int err = window.Get(found, kRecordHeaderSize, p8, got); err != 0)
            return IoError("cannot read", p, err);
        const uint32_t size = GetLE32(p8 + 4);
        const uint64_t payload_at = found + kRecordHeaderSize;
        if (size < kMinBlockSize || size > opts_.max_scan_record_size || payload_at + size > file_size) {
            off = found + 1;  // junk, or a record cut short by a crash
            continue;
        }
        if (int err = window.Get(payload_at, size, p8, got); err != 0) return IoError("cannot read", p, err);
        auto block = DecodeBlock(ByteSpan(p8, got));
        if (!block) {
            off = found + 1;
            continue;
        }
        if (!fn(*block, FlatFilePos(file, static_cast<uint32_t>(payload_at)))) return Status::Ok();
        off = payload_at + size;
    }
    return Status::Ok();
}

bool BlockStore::HaveBlockFile(int file) const {
    std::error_code ec;
    return file >= 0 && std::filesystem::is_regular_file(FilePath(Kind::kBlock, file), ec);
}

int BlockStore::CountBlockFiles() const {
    int n = 0;
    while (HaveBlockFile(n)) ++n;
    return n;
}

int BlockStore::LastFile() const {
    std::lock_guard<std::mutex> lock(mu_);
    return last_file_;
}

std::optional<BlockFileInfo> BlockStore::GetFileInfo(int file) const {
    std::lock_guard<std::mutex> lock(mu_);
    if (file < 0 || static_cast<size_t>(file) >= infos_.size()) return std::nullopt;
    return infos_[file];
}

uint64_t BlockStore::TotalSize() const {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t total = 0;
    for (const BlockFileInfo& info : infos_) total += uint64_t{info.size} + info.undo_size;
    return total;
}

}  // namespace ocean
