#include "ocean/util/hex.h"

namespace ocean {

std::string HexStr(ByteSpan bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(bytes.size() * 2, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = kDigits[bytes[i] >> 4];
        out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
    }
    return out;
}

int HexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsHex(std::string_view s) {
    if (s.size() % 2 != 0) return false;
    for (char c : s) {
        if (HexDigitValue(c) < 0) return false;
    }
    return true;
}

std::optional<Bytes> ParseHex(std::string_view s) {
    if (s.size() % 2 != 0) return std::nullopt;
    Bytes out(s.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) {
        const int hi = HexDigitValue(s[2 * i]);
        const int lo = HexDigitValue(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<uint8_t>((hi << 4) | lo);
    }
    return out;
}

}  // namespace ocean
