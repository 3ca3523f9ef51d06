#include "ocean/script/script_num.h"

#include <limits>

namespace ocean {

bool ScriptNum::IsMinimallyEncoded(ByteSpan bytes) {
    if (bytes.empty()) return true;
    // The last byte carries the sign bit. If everything but the sign is zero there, the byte is only
    // justified when the byte before it has its top bit set (it would otherwise be read as the sign).
    if ((bytes.back() & 0x7f) != 0) return true;
    return bytes.size() > 1 && (bytes[bytes.size() - 2] & 0x80) != 0;
}

Result<ScriptNum> ScriptNum::Decode(ByteSpan bytes, bool require_minimal, size_t max_size) {
    if (max_size > 8) max_size = 8;
    if (bytes.size() > max_size) return Error("script-num-overflow", "script number longer than allowed");
    if (require_minimal && !IsMinimallyEncoded(bytes)) {
        return Error("script-num-non-minimal", "non-minimally encoded script number");
    }
    if (bytes.empty()) return ScriptNum(0);

    uint64_t magnitude = 0;
    for (size_t i = 0; i < bytes.size(); ++i) magnitude |= static_cast<uint64_t>(bytes[i]) << (8 * i);
    const size_t top_shift = 8 * (bytes.size() - 1);
    const bool negative = (bytes.back() & 0x80) != 0;
    if (!negative) {
        // Only an 8-byte encoding with a clear sign bit can reach 2^63 - 1; it still fits.
        return ScriptNum(static_cast<int64_t>(magnitude));
    }
    magnitude &= ~(uint64_t{0x80} << top_shift);
    // magnitude <= 2^63 - 1 here, so the negation is exact.
    return ScriptNum(-static_cast<int64_t>(magnitude));
}

Bytes ScriptNum::Serialize(int64_t v) {
    Bytes out;
    if (v == 0) return out;
    const bool negative = v < 0;
    // The magnitude by two's-complement negation in unsigned arithmetic (well defined for INT64_MIN
    // too), written with a sign mask: GCC 12 at -O2 with -fsanitize=thread -fno-omit-frame-pointer
    // compiled the plain "negative ? -x : x" forms into an "abs" that negated positive values too.
    const uint64_t bits = static_cast<uint64_t>(v);
    const uint64_t sign_mask = negative ? ~uint64_t{0} : 0;
    uint64_t magnitude = (bits ^ sign_mask) - sign_mask;
    while (magnitude != 0) {
        out.push_back(static_cast<uint8_t>(magnitude & 0xff));
        magnitude >>= 8;
    }
    if (out.back() & 0x80) {
        // The top magnitude bit collides with the sign bit: add a byte that only carries the sign.
        out.push_back(negative ? 0x80 : 0x00);
    } else if (negative) {
        out.back() |= 0x80;
    }
    return out;
}

int32_t ScriptNum::GetInt() const {
    if (value_ > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
    if (value_ < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
    return static_cast<int32_t>(value_);
}

}  // namespace ocean
