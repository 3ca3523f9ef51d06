// mempool.dat writing and reading (mempool_persist.h).
#include "ocean/mempool/mempool_persist.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "ocean/primitives/serialize.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/fs.h"

namespace ocean {
namespace {

Error FileError(const std::string& what, const std::filesystem::path& path) {
    return Error("mempool-file", what + " " + path.string() + ": " + std::strerror(errno));
}

// Writes data to `tmp`, fsyncs it, renames it to `path` and fsyncs the directory.
Status WriteThroughNewFile(const std::filesystem::path& path, const std::filesystem::path& tmp,
                           ByteSpan data) {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return FileError("cannot create", tmp);
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const Error e = FileError("cannot write", tmp);
            ::close(fd);
            ::unlink(tmp.c_str());
            return e;
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const Error e = FileError("cannot sync", tmp);
        ::unlink(tmp.c_str());
        return e;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const Error e = FileError("cannot rename", tmp);
        ::unlink(tmp.c_str());
        return e;
    }
    return SyncDirectory(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
}

}  // namespace

Status SaveMempool(const TxMempool& pool, const std::filesystem::path& path) {
    std::vector<MempoolEntry> entries;
    std::map<uint256, Amount> deltas;
    {
        std::lock_guard lock(pool.mutex());
        entries = pool.Entries();
        deltas = pool.FeeDeltas();
    }
    // An entry has more in-pool ancestors than any of its parents: this order puts parents first.
    std::sort(entries.begin(), entries.end(), [](const MempoolEntry& a, const MempoolEntry& b) {
        if (a.count_with_ancestors != b.count_with_ancestors)
            return a.count_with_ancestors < b.count_with_ancestors;
        return a.Txid() < b.Txid();
    });

    Bytes out;
    VectorWriter w(out);
    WriteLE64(w, kMempoolDumpVersion);
    WriteLE64(w, entries.size());
    for (const MempoolEntry& e : entries) {
        SerializeTransaction(w, *e.tx, /*with_witness=*/true);
        WriteLE64(w, static_cast<uint64_t>(e.time));
        WriteLE64(w, static_cast<uint64_t>(e.fee_delta));
        deltas.erase(e.Txid());
    }
    WriteCompactSize(w, deltas.size());
    for (const auto& [txid, delta] : deltas) {
        WriteBlob(w, txid);
        WriteLE64(w, static_cast<uint64_t>(delta));
    }
    std::filesystem::path tmp = path;
    tmp += ".new";
    return WriteThroughNewFile(path, tmp, out);
}

Result<MempoolLoadStats> LoadMempool(Chainstate& chain, TxMempool& pool, const AcceptOptions& options,
                                     int64_t now, const std::filesystem::path& path,
                                     const std::function<bool()>& interrupted) {
    MempoolLoadStats stats;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return stats;
    auto data = ReadFileBytes(path, size_t{4} << 30);
    if (!data) return data.error();

    AcceptOptions o = options;
    o.max_tx_fee = 0;
    o.test_only = false;
    SpanReader r(*data);
    try {
        const uint64_t version = ReadLE64(r);
        if (version != kMempoolDumpVersion) {
            return Error("mempool-file", "unknown mempool.dat version " + std::to_string(version));
        }
        uint64_t count = ReadLE64(r);
        while (count--) {
            MutableTransaction mtx;
            UnserializeTransaction(r, mtx);
            const auto time = static_cast<int64_t>(ReadLE64(r));
            const auto delta = static_cast<int64_t>(ReadLE64(r));
            TransactionRef tx = MakeTransactionRef(std::move(mtx));
            if (delta != 0) pool.PrioritiseTransaction(tx->GetTxid(), delta);
            if (time + options.expiry_seconds > now) {
                const AcceptResult a = AcceptToMemoryPool(chain, pool, tx, o, time);
                ++(a.accepted ? stats.accepted : stats.failed);
            } else {
                ++stats.expired;
            }
            if (interrupted && interrupted()) return Error("mempool-file", "interrupted");
        }
        const uint64_t n_deltas = ReadCompactSize(r);
        std::vector<std::pair<uint256, Amount>> deltas;
        for (uint64_t i = 0; i < n_deltas; ++i) {
            const uint256 txid = ReadUint256(r);
            deltas.emplace_back(txid, static_cast<Amount>(ReadLE64(r)));
        }
        for (const auto& [txid, delta] : deltas) pool.PrioritiseTransaction(txid, delta);
        stats.deltas = deltas.size();
    } catch (const DecodeError& e) {
        return Error("mempool-file", std::string("corrupt or truncated mempool.dat: ") + e.what());
    } catch (const std::exception& e) {
        return Error("mempool-file", std::string("corrupt mempool.dat: ") + e.what());
    }
    return stats;
}

}  // namespace ocean
