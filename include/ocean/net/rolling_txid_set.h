// RollingTxidSet: a bounded "have we seen this hash recently" set for transaction relay — which
// transactions a peer already knows (so they are not announced back to it) and which were recently
// rejected (so they are not fetched again). It keeps the last `capacity` hashes inserted; inserting
// beyond that forgets the oldest. Forgetting only costs a redundant announcement or download, never
// correctness, so memory stays fixed (about 40 bytes per entry) whatever peers send.
//
// Entries are the hashes' middle 8 bytes: transaction ids are hash outputs, so two different ones
// collide with negligible probability, and finding a collision on purpose costs ~2^64 work. Not
// thread-safe: the owner's lock protects it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "ocean/util/uint256.h"

namespace ocean {

class RollingTxidSet {
  public:
    explicit RollingTxidSet(size_t capacity);

    void Insert(const uint256& hash);
    bool Contains(const uint256& hash) const;
    void Clear();
    size_t Size() const { return set_.size(); }
    size_t Capacity() const { return ring_.size(); }

  private:
    static uint64_t Key(const uint256& hash);

    std::vector<uint64_t> ring_;  // insertion order; ring_[next_] is the oldest once full
    size_t next_ = 0;
    size_t filled_ = 0;
    std::unordered_set<uint64_t> set_;
};

}  // namespace ocean
