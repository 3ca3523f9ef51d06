// ScriptNum: the integer type of script arithmetic and its byte encoding.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace ocean {

// An integer as script operands see it. The encoding is little-endian magnitude with the sign in the top
// bit of the last byte; zero is the empty string. Operands decode from at most kDefaultMaxSize (4) bytes,
// 5 for CHECKLOCKTIMEVERIFY/CHECKSEQUENCEVERIFY, so decoded values lie in ±(2^39 - 1). Results of
// arithmetic are kept in 64 bits and may leave the operand range; they stay serializable, and only a
// later decode of the serialized form rejects them, as consensus requires.
class ScriptNum {
  public:
    static constexpr size_t kDefaultMaxSize = 4;
    static constexpr size_t kLockTimeMaxSize = 5;

    constexpr ScriptNum() = default;
    constexpr explicit ScriptNum(int64_t value) : value_(value) {}

    // Decodes an operand. Fails with code "script-num-overflow" when bytes.size() > max_size (max_size is
    // capped at 8), and with "script-num-non-minimal" when require_minimal is set and the encoding has a
    // superfluous most-significant byte (negative zero 0x80 included).
    static Result<ScriptNum> Decode(ByteSpan bytes, bool require_minimal, size_t max_size = kDefaultMaxSize);

    // True when bytes is the shortest encoding of its value (the empty string is minimal).
    static bool IsMinimallyEncoded(ByteSpan bytes);

    // Minimal encoding of v (empty for 0). Defined for every int64_t, INT64_MIN included.
    static Bytes Serialize(int64_t v);
    Bytes Serialize() const { return Serialize(value_); }

    int64_t value() const { return value_; }
    // The value clamped to the int32 range (what numeric opcodes use when an int is needed).
    int32_t GetInt() const;

    friend constexpr bool operator==(const ScriptNum&, const ScriptNum&) = default;
    friend constexpr auto operator<=>(const ScriptNum&, const ScriptNum&) = default;
    friend constexpr bool operator==(const ScriptNum& a, int64_t b) { return a.value_ == b; }
    friend constexpr auto operator<=>(const ScriptNum& a, int64_t b) { return a.value_ <=> b; }

    // Arithmetic used by the interpreter; operands are always decoded values (|v| < 2^39), so these
    // cannot overflow int64. Negation of INT64_MIN is not reachable from decoded operands.
    ScriptNum operator+(const ScriptNum& o) const { return ScriptNum(value_ + o.value_); }
    ScriptNum operator-(const ScriptNum& o) const { return ScriptNum(value_ - o.value_); }
    ScriptNum operator&(const ScriptNum& o) const { return ScriptNum(value_ & o.value_); }
    ScriptNum operator-() const { return ScriptNum(-value_); }
    ScriptNum& operator+=(const ScriptNum& o) { return *this = *this + o; }
    ScriptNum& operator-=(const ScriptNum& o) { return *this = *this - o; }
    ScriptNum& operator&=(const ScriptNum& o) { return *this = *this & o; }

  private:
    int64_t value_ = 0;
};

}  // namespace ocean
