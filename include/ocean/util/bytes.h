// Byte-buffer vocabulary types shared by every layer.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ocean {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

// Appends src to dst.
inline void Append(Bytes& dst, ByteSpan src) {
    dst.insert(dst.end(), src.begin(), src.end());
}

}  // namespace ocean
