#include "ocean/net/rolling_txid_set.h"

#include <algorithm>
#include <cstring>

namespace ocean {

RollingTxidSet::RollingTxidSet(size_t capacity) : ring_(std::max<size_t>(capacity, 1)) {
    set_.reserve(ring_.size());
}

uint64_t RollingTxidSet::Key(const uint256& hash) {
    uint64_t k;
    std::memcpy(&k, hash.data() + 12, sizeof(k));
    return k;
}

void RollingTxidSet::Insert(const uint256& hash) {
    const uint64_t k = Key(hash);
    if (!set_.insert(k).second) return;
    if (filled_ == ring_.size()) {
        set_.erase(ring_[next_]);
    } else {
        ++filled_;
    }
    ring_[next_] = k;
    next_ = (next_ + 1) % ring_.size();
}

bool RollingTxidSet::Contains(const uint256& hash) const {
    return set_.count(Key(hash)) != 0;
}

void RollingTxidSet::Clear() {
    set_.clear();
    next_ = 0;
    filled_ = 0;
}

}  // namespace ocean
