// OrphanPool: transactions from peers whose inputs are not known yet (their parents may still be on
// the way), kept so they can be accepted as soon as a parent arrives. Bounded as Ocean does: at most
// `max_count` transactions (-maxorphantx, default 100), none larger than kMaxOrphanTxSize, each
// expiring after kOrphanExpireSeconds; when full a random one is evicted. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "ocean/net/connection.h"
#include "ocean/primitives/transaction.h"

namespace ocean {

class OrphanPool {
  public:
    static constexpr size_t kMaxOrphanTxSize = 100'000;  // weight / 4, as Ocean
    static constexpr int64_t kOrphanExpireSeconds = 20 * 60;

    OrphanPool(size_t max_count, uint64_t seed);

    // Keeps tx (from `peer`); false when it is too large or already kept. Evicts to stay bounded.
    bool Add(const TransactionRef& tx, PeerId peer, int64_t now);
    bool Have(const uint256& txid) const;
    // Orphans spending an output of `parent` (candidates to retry once parent was accepted).
    std::vector<TransactionRef> ChildrenOf(const uint256& parent) const;
    void Erase(const uint256& txid);
    // Forgets everything a disconnected peer sent; returns how many.
    size_t EraseForPeer(PeerId peer);
    // Drops expired orphans; returns how many.
    size_t Expire(int64_t now);
    size_t Size() const;
    size_t TotalBytes() const;

  private:
    struct Entry {
        TransactionRef tx;
        PeerId peer;
        int64_t expires;
        size_t bytes;
    };
    void EraseLocked(const uint256& txid);

    const size_t max_count_;
    mutable std::mutex mutex_;
    std::mt19937_64 rng_;
    std::map<uint256, Entry> orphans_;
    std::map<OutPoint, std::set<uint256>> by_prevout_;
    size_t bytes_ = 0;
};

}  // namespace ocean
