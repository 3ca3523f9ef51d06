// SignatureCache: a bounded, thread-safe set of ECDSA verifications known to have succeeded, so a
// signature checked when its transaction entered the mempool (or in an earlier attempt to connect a
// block) is not verified again.
//
// An entry is SHA256(salt || sighash || pubkey || signature) kept as a uint256. The salt is 32 random
// bytes drawn once per process, so entries (and therefore which signatures hit the same hash-table
// bucket) cannot be predicted by peers. Only successful verifications are stored: a hit means "this
// exact signature by this key over this digest is valid", never that one is invalid.
//
// Capacity is given in bytes (default 32 MiB) and converted to a number of entries with an estimate
// of what one entry costs in the hash table (kBytesPerEntry). When full, inserting evicts an entry
// picked at random, so an attacker cannot flush chosen entries and old entries do not pin memory.
//
// Concurrency: lookups take a shared lock and run in parallel (block validation checks scripts on
// several worker threads); inserts and erasing lookups take the lock exclusively. All members may be
// called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <unordered_set>

#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

class SignatureCache {
  public:
    static constexpr size_t kDefaultMaxBytes = size_t{32} << 20;
    // Estimated memory per entry: the 32-byte value, the node's link and allocator overhead, and a
    // bucket pointer at load factor 1.
    static constexpr size_t kBytesPerEntry = 64;

    explicit SignatureCache(size_t max_bytes = kDefaultMaxBytes);
    SignatureCache(const SignatureCache&) = delete;
    SignatureCache& operator=(const SignatureCache&) = delete;

    // The cache key of one verification: SHA256(process salt || sighash || pubkey || sig). sig is the
    // DER signature as verified (for transactions, without the hashtype byte: that is in the sighash).
    static uint256 ComputeEntry(const uint256& sighash, ByteSpan pubkey, ByteSpan sig);

    // Whether the entry is present. With erase, a present entry is also removed (for callers that
    // will not need it again, e.g. when a block's transactions leave the mempool).
    bool Contains(const uint256& entry, bool erase);
    // Adds the entry, evicting a random one first when the cache is full.
    void Insert(const uint256& entry);

    size_t Size() const;
    size_t MaxEntries() const { return max_entries_; }
    void Clear();

  private:
    // Entries are uniformly random (salted SHA256), so any 64 bits of them are a good hash.
    struct EntryHash {
        size_t operator()(const uint256& e) const noexcept { return static_cast<size_t>(e.GetUint64(1)); }
    };

    uint64_t NextRandom();  // xorshift64*, called with the exclusive lock held

    mutable std::shared_mutex mutex_;
    std::unordered_set<uint256, EntryHash> entries_;
    const size_t max_entries_;
    uint64_t rng_state_;
};

}  // namespace ocean
