// SignatureCache (see sigcache.h).
#include "ocean/script/sigcache.h"

#include <algorithm>
#include <mutex>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"

namespace ocean {
namespace {

// SHA256 state after the per-process random salt; copied for every entry computed.
const Sha256& SaltedHasher() {
    static const Sha256 hasher = [] {
        uint8_t salt[32];
        GetStrongRandBytes(salt, sizeof(salt));
        Sha256 h;
        h.Write(salt, sizeof(salt));
        SecureErase(salt, sizeof(salt));
        return h;
    }();
    return hasher;
}

}  // namespace

SignatureCache::SignatureCache(size_t max_bytes)
    : max_entries_(std::max<size_t>(1, max_bytes / kBytesPerEntry)) {
    uint8_t seed[8];
    GetStrongRandBytes(seed, sizeof(seed));
    rng_state_ = 0;
    for (int i = 0; i < 8; ++i) rng_state_ |= static_cast<uint64_t>(seed[i]) << (8 * i);
    if (rng_state_ == 0) rng_state_ = 0x9e3779b97f4a7c15ULL;  // xorshift must not start at zero
    // Buckets for the whole capacity up front (at most 1 << 20 here), so the table never rehashes
    // while validation threads wait on the lock.
    entries_.reserve(std::min<size_t>(max_entries_, size_t{1} << 20));
}

uint256 SignatureCache::ComputeEntry(const uint256& sighash, ByteSpan pubkey, ByteSpan sig) {
    Sha256 h = SaltedHasher();
    h.Write(sighash.span());
    h.Write(pubkey);
    h.Write(sig);
    return h.Finalize();
}

bool SignatureCache::Contains(const uint256& entry, bool erase) {
    {
        std::shared_lock lock(mutex_);
        if (entries_.find(entry) == entries_.end()) return false;
        if (!erase) return true;
    }
    std::unique_lock lock(mutex_);
    // Another thread may have erased it meanwhile; it was present when looked up, which is the answer.
    entries_.erase(entry);
    return true;
}

void SignatureCache::Insert(const uint256& entry) {
    std::unique_lock lock(mutex_);
    if (entries_.count(entry)) return;
    if (entries_.size() >= max_entries_ && !entries_.empty()) {
        // Random eviction: start at a random bucket and take the first entry found from there.
        const size_t buckets = entries_.bucket_count();
        size_t b = static_cast<size_t>(NextRandom() % buckets);
        while (entries_.bucket_size(b) == 0) b = (b + 1) % buckets;
        entries_.erase(*entries_.begin(b));
    }
    entries_.insert(entry);
}

size_t SignatureCache::Size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
}

void SignatureCache::Clear() {
    std::unique_lock lock(mutex_);
    entries_.clear();
}

uint64_t SignatureCache::NextRandom() {
    uint64_t x = rng_state_;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state_ = x;
    return x * 0x2545F4914F6CDD1DULL;
}

}  // namespace ocean
