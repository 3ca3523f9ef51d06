#include "ocean/primitives/serialize.h"

#include <algorithm>

namespace ocean {

uint64_t ReadCompactSize(SpanReader& r, bool range_check) {
    const uint8_t first = ReadU8(r);
    uint64_t n;
    if (first < 253) {
        n = first;
    } else if (first == 253) {
        n = ReadLE16(r);
        if (n < 253) throw DecodeError("non-canonical ReadCompactSize()");
    } else if (first == 254) {
        n = ReadLE32(r);
        if (n < 0x10000u) throw DecodeError("non-canonical ReadCompactSize()");
    } else {
        n = ReadLE64(r);
        if (n < 0x100000000ULL) throw DecodeError("non-canonical ReadCompactSize()");
    }
    if (range_check && n > kMaxSerializedSize) throw DecodeError("ReadCompactSize(): size too large");
    return n;
}

uint64_t ReadVarInt(SpanReader& r) {
    uint64_t n = 0;
    while (true) {
        const uint8_t b = ReadU8(r);
        if (n > (UINT64_MAX >> 7)) throw DecodeError("ReadVarInt(): size too large");
        n = (n << 7) | (b & 0x7f);
        if (b & 0x80) {
            if (n == UINT64_MAX) throw DecodeError("ReadVarInt(): size too large");
            ++n;
        } else {
            return n;
        }
    }
}

std::vector<Bytes> ReadStack(SpanReader& r) {
    const uint64_t n = ReadCompactSize(r);
    std::vector<Bytes> stack;
    // Each item takes at least one byte: never reserve more than the input could hold.
    stack.reserve(std::min<uint64_t>(n, r.remaining()));
    for (uint64_t i = 0; i < n; ++i) stack.push_back(ReadBytes(r));
    return stack;
}

}  // namespace ocean
