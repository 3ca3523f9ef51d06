// SecureBytes: a byte vector for key material that wipes every buffer it releases (on destruction,
// reallocation and clear-then-shrink), so secrets do not linger in freed heap memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "ocean/crypto/hash.h"

namespace ocean {

// Allocator that overwrites memory before returning it to the heap.
template <typename T>
struct WipingAllocator {
    using value_type = T;
    WipingAllocator() noexcept = default;
    template <typename U>
    WipingAllocator(const WipingAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept {
        if (p) SecureErase(p, n * sizeof(T));
        ::operator delete(p);
    }
    template <typename U>
    friend bool operator==(const WipingAllocator&, const WipingAllocator<U>&) noexcept {
        return true;
    }
};

using SecureBytes = std::vector<uint8_t, WipingAllocator<uint8_t>>;

}  // namespace ocean
