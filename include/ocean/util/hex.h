// Hexadecimal encoding and strict decoding of byte strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ocean/util/bytes.h"

namespace ocean {

// Lower-case hex of the bytes, in order.
std::string HexStr(ByteSpan bytes);

// True when s is an even-length string of hex digits only (empty is valid).
bool IsHex(std::string_view s);

// Value of one hex digit, or -1.
int HexDigitValue(char c);

// Strict decoding: even length, hex digits only, no prefix or whitespace. nullopt otherwise.
std::optional<Bytes> ParseHex(std::string_view s);

}  // namespace ocean
