// Base64 (RFC 4648 alphabet, '=' padding): encoding, the strict decoding HTTP Basic credentials need,
// and the lenient decoding of Bitcoin Core 0.14 that signed messages (verifymessage) use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ocean/util/bytes.h"

namespace ocean {

std::string EncodeBase64(ByteSpan data);
inline std::string EncodeBase64(std::string_view data) {
    return EncodeBase64(ByteSpan(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

// Strict: standard alphabet, length a multiple of 4, '=' padding only at the end, canonical
// trailing bits.
std::optional<std::string> DecodeBase64(std::string_view text);

// Bitcoin Core 0.14's rules: decoding stops at the first character outside the alphabet (an embedded
// NUL ends the input); the result is rejected only when the characters read leave an impossible
// group (one character, or two/three without the '=' padding that must follow).
std::optional<Bytes> DecodeBase64Lenient(std::string_view text);

}  // namespace ocean
