// Hash160Set: a compact set of 20-byte hashes (address key ids and script ids) for the policy lists,
// which may hold tens of millions of entries and are consulted on every mempool acceptance.
//
// Open addressing with linear probing in one flat array of 20-byte slots: no per-entry allocation, no
// pointers, ~24-36 bytes per entry (the load factor stays between 0.57 and 0.85; the table grows by
// 1.5x). An all-zero slot means "empty", so the all-zero hash itself (the redemption "zero address") is
// kept in a separate flag. Deletion shifts the following cluster back (no tombstones), so lookups never
// degrade after many removals. The slot index comes from the hash bytes mixed with a per-set random
// seed, so entries chosen by others (addresses are someone's hash160) cannot be ground into clusters.
//
// Not thread-safe: PolicyLists wraps the sets in its own lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ocean/util/uint256.h"

namespace ocean {

class Hash160Set {
  public:
    Hash160Set();

    bool Contains(const uint160& h) const;
    // True when the hash was not there before.
    bool Insert(const uint160& h);
    // True when the hash was there.
    bool Erase(const uint160& h);
    void Clear();
    size_t Size() const { return size_; }
    // Reserves room for n entries without growing.
    void Reserve(size_t n);
    // Bytes of memory held by the table.
    size_t MemoryUsage() const { return slots_.capacity() * sizeof(uint160); }
    // Every entry, sorted by raw bytes (unsigned lexicographic).
    std::vector<uint160> Sorted() const;

  private:
    size_t Slot(const uint160& h) const;
    void Rehash(size_t capacity);

    std::vector<uint160> slots_;  // capacity = slots_.size(); all-zero = empty
    size_t size_ = 0;             // entries in slots_ plus the zero flag
    bool has_zero_ = false;
    uint64_t seed_;
};

}  // namespace ocean
