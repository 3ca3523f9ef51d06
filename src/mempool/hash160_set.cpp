#include "ocean/mempool/hash160_set.h"

#include <algorithm>
#include <cstring>

#include "ocean/crypto/hash.h"

namespace ocean {
namespace {

// Grow when more than 85% of the slots are used; grow by half.
constexpr size_t kMinCapacity = 16;
bool TooFull(size_t used, size_t capacity) {
    return used * 20 > capacity * 17;
}

uint64_t Mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

}  // namespace

Hash160Set::Hash160Set() {
    uint8_t buf[8];
    GetStrongRandBytes(buf, sizeof buf);
    std::memcpy(&seed_, buf, sizeof seed_);
}

size_t Hash160Set::Slot(const uint160& h) const {
    const uint64_t a = h.GetUint64(0), b = h.GetUint64(1);
    uint32_t c;
    std::memcpy(&c, h.data() + 16, 4);
    const uint64_t mixed = Mix(a ^ seed_) ^ Mix(b + c + (seed_ << 1));
    // Range reduction without division: (mixed * capacity) >> 64.
    return static_cast<size_t>((static_cast<unsigned __int128>(mixed) * slots_.size()) >> 64);
}

bool Hash160Set::Contains(const uint160& h) const {
    if (h.IsNull()) return has_zero_;
    if (slots_.empty()) return false;
    const size_t cap = slots_.size();
    for (size_t i = Slot(h);; i = i + 1 == cap ? 0 : i + 1) {
        if (slots_[i] == h) return true;
        if (slots_[i].IsNull()) return false;
    }
}

bool Hash160Set::Insert(const uint160& h) {
    if (h.IsNull()) {
        if (has_zero_) return false;
        has_zero_ = true;
        ++size_;
        return true;
    }
    const size_t stored = size_ - (has_zero_ ? 1 : 0);
    if (slots_.empty() || TooFull(stored + 1, slots_.size())) {
        Rehash(std::max(kMinCapacity, slots_.size() + slots_.size() / 2));
    }
    const size_t cap = slots_.size();
    for (size_t i = Slot(h);; i = i + 1 == cap ? 0 : i + 1) {
        if (slots_[i] == h) return false;
        if (slots_[i].IsNull()) {
            slots_[i] = h;
            ++size_;
            return true;
        }
    }
}

bool Hash160Set::Erase(const uint160& h) {
    if (h.IsNull()) {
        if (!has_zero_) return false;
        has_zero_ = false;
        --size_;
        return true;
    }
    if (slots_.empty()) return false;
    const size_t cap = slots_.size();
    size_t i = Slot(h);
    for (;; i = i + 1 == cap ? 0 : i + 1) {
        if (slots_[i].IsNull()) return false;
        if (slots_[i] == h) break;
    }
    // Backward-shift deletion: move later members of the cluster into the hole when their home slot
    // does not lie (cyclically) between the hole and their current position.
    size_t hole = i;
    for (size_t j = hole + 1 == cap ? 0 : hole + 1; !slots_[j].IsNull(); j = j + 1 == cap ? 0 : j + 1) {
        const size_t home = Slot(slots_[j]);
        const bool home_in_gap = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!home_in_gap) {
            slots_[hole] = slots_[j];
            hole = j;
        }
    }
    slots_[hole].SetNull();
    --size_;
    return true;
}

void Hash160Set::Clear() {
    std::vector<uint160>().swap(slots_);
    size_ = 0;
    has_zero_ = false;
}

void Hash160Set::Reserve(size_t n) {
    size_t cap = std::max(kMinCapacity, slots_.size());
    while (TooFull(n, cap)) cap += cap / 2;
    if (cap > slots_.size()) Rehash(cap);
}

void Hash160Set::Rehash(size_t capacity) {
    std::vector<uint160> old;
    old.swap(slots_);
    slots_.assign(capacity, uint160());
    for (const uint160& h : old) {
        if (h.IsNull()) continue;
        for (size_t i = Slot(h);; i = i + 1 == capacity ? 0 : i + 1) {
            if (slots_[i].IsNull()) {
                slots_[i] = h;
                break;
            }
        }
    }
}

std::vector<uint160> Hash160Set::Sorted() const {
    std::vector<uint160> out;
    out.reserve(size_);
    if (has_zero_) out.emplace_back();
    for (const uint160& h : slots_) {
        if (!h.IsNull()) out.push_back(h);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace ocean
