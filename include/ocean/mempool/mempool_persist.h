// mempool.dat: the pool saved at shutdown and loaded at start-up (config.md §2), in Bitcoin Core
// 0.14's layout:
//
//   uint64 LE  version (1)
//   uint64 LE  number of transactions
//   per transaction, parents before children:
//       the transaction (Ocean serialization with witness), int64 LE entry time, int64 LE fee delta
//   CompactSize count, then per entry: txid (32 bytes, internal order), int64 LE fee delta
//       (prioritisations of transactions that are not in the pool)
//
// Saving writes `mempool.dat.new`, fsyncs it, renames it over `mempool.dat` and fsyncs the directory,
// so a crash leaves the old file or the new one. Loading submits every transaction through normal
// acceptance with its saved time (transactions older than the expiry are skipped) and its fee delta; a
// transaction that is no longer valid is simply not accepted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>

#include "ocean/chain/chainstate.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/util/result.h"

namespace ocean {

inline constexpr uint64_t kMempoolDumpVersion = 1;

struct MempoolLoadStats {
    size_t accepted = 0;
    size_t failed = 0;   // rejected by acceptance (already confirmed, conflicting, invalid now, ...)
    size_t expired = 0;  // older than the expiry: not submitted
    size_t deltas = 0;   // prioritisations of absent transactions applied
};

// Writes the pool to `path` (through path + ".new").
Status SaveMempool(const TxMempool& pool, const std::filesystem::path& path);

// Loads `path` into the pool. A missing file is not an error (nothing is loaded). An unreadable,
// unknown-version, corrupt or truncated file gives an error; transactions read before the damage stay
// accepted. Acceptance uses `options` without the absurd-fee limit. `interrupted` (optional) is
// polled between transactions and stops the load early (with an error).
Result<MempoolLoadStats> LoadMempool(Chainstate& chain, TxMempool& pool, const AcceptOptions& options,
                                     int64_t now, const std::filesystem::path& path,
                                     const std::function<bool()>& interrupted = {});

}  // namespace ocean
