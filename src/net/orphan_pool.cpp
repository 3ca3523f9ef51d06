#include "ocean/net/orphan_pool.h"

#include <iterator>

namespace ocean {

OrphanPool::OrphanPool(size_t max_count, uint64_t seed) : max_count_(max_count), rng_(seed) {}

bool OrphanPool::Add(const TransactionRef& tx, PeerId peer, int64_t now) {
    const size_t bytes = tx->GetTotalSize();
    if (tx->GetVirtualSize() > kMaxOrphanTxSize) return false;
    std::lock_guard lock(mutex_);
    const uint256& txid = tx->GetTxid();
    if (orphans_.count(txid)) return false;
    orphans_.emplace(txid, Entry{tx, peer, now + kOrphanExpireSeconds, bytes});
    bytes_ += bytes;
    for (const TxIn& in : tx->vin) by_prevout_[in.prevout].insert(txid);
    while (orphans_.size() > max_count_) {
        auto it = orphans_.begin();
        std::advance(it, static_cast<long>(rng_() % orphans_.size()));
        EraseLocked(it->first);
    }
    return orphans_.count(txid) > 0;
}

bool OrphanPool::Have(const uint256& txid) const {
    std::lock_guard lock(mutex_);
    return orphans_.count(txid) > 0;
}

std::vector<TransactionRef> OrphanPool::ChildrenOf(const uint256& parent) const {
    std::lock_guard lock(mutex_);
    std::vector<TransactionRef> out;
    std::set<uint256> seen;
    for (auto it = by_prevout_.lower_bound(OutPoint(parent, 0));
         it != by_prevout_.end() && it->first.hash == parent; ++it) {
        for (const uint256& id : it->second) {
            if (seen.insert(id).second) out.push_back(orphans_.at(id).tx);
        }
    }
    return out;
}

void OrphanPool::Erase(const uint256& txid) {
    std::lock_guard lock(mutex_);
    EraseLocked(txid);
}

void OrphanPool::EraseLocked(const uint256& txid) {
    auto it = orphans_.find(txid);
    if (it == orphans_.end()) return;
    for (const TxIn& in : it->second.tx->vin) {
        auto p = by_prevout_.find(in.prevout);
        if (p == by_prevout_.end()) continue;
        p->second.erase(txid);
        if (p->second.empty()) by_prevout_.erase(p);
    }
    bytes_ -= it->second.bytes;
    orphans_.erase(it);
}

size_t OrphanPool::EraseForPeer(PeerId peer) {
    std::lock_guard lock(mutex_);
    std::vector<uint256> ids;
    for (const auto& [id, e] : orphans_) {
        if (e.peer == peer) ids.push_back(id);
    }
    for (const uint256& id : ids) EraseLocked(id);
    return ids.size();
}

size_t OrphanPool::Expire(int64_t now) {
    std::lock_guard lock(mutex_);
    std::vector<uint256> ids;
    for (const auto& [id, e] : orphans_) {
        if (e.expires <= now) ids.push_back(id);
    }
    for (const uint256& id : ids) EraseLocked(id);
    return ids.size();
}

size_t OrphanPool::Size() const {
    std::lock_guard lock(mutex_);
    return orphans_.size();
}

size_t OrphanPool::TotalBytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace ocean
