#include "ocean/primitives/rangeproof_info.h"

namespace ocean {

std::optional<RangeProofInfo> ParseRangeProofInfo(ByteSpan proof) {
    // Header layout: a flags byte (bit 7 must be clear; bit 6: non-zero range follows with the
    // exponent in bits 0-4; bit 5: an explicit 8-byte big-endian minimum follows), then, with a
    // range, one byte of mantissa-1. A proof is never shorter than 65 bytes.
    if (proof.size() < 65 || (proof[0] & 0x80)) return std::nullopt;
    const bool has_range = (proof[0] & 0x40) != 0;
    const bool has_min = (proof[0] & 0x20) != 0;
    RangeProofInfo info;
    size_t pos = 0;
    if (has_range) {
        info.exponent = proof[0] & 0x1f;
        if (info.exponent > 18) return std::nullopt;
        pos = 1;
        info.mantissa = proof[pos] + 1;
        if (info.mantissa > 64) return std::nullopt;
        info.max_value = UINT64_MAX >> (64 - info.mantissa);
    }
    ++pos;
    for (int i = 0; i < info.exponent; ++i) {
        if (info.max_value > UINT64_MAX / 10) return std::nullopt;
        info.max_value *= 10;
    }
    if (has_min) {
        if (proof.size() - pos < 8) return std::nullopt;
        for (int i = 0; i < 8; ++i) info.min_value = (info.min_value << 8) | proof[pos + i];
    }
    if (info.max_value > UINT64_MAX - info.min_value) return std::nullopt;
    info.max_value += info.min_value;
    return info;
}

}  // namespace ocean
