#include "ocean/util/base64.h"

namespace ocean {
namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::string EncodeBase64(ByteSpan data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
        out += kBase64Alphabet[(v >> 18) & 63];
        out += kBase64Alphabet[(v >> 12) & 63];
        out += kBase64Alphabet[(v >> 6) & 63];
        out += kBase64Alphabet[v & 63];
    }
    const size_t rest = data.size() - i;
    if (rest == 1) {
        const uint32_t v = uint32_t{data[i]} << 16;
        out += kBase64Alphabet[(v >> 18) & 63];
        out += kBase64Alphabet[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
        out += kBase64Alphabet[(v >> 18) & 63];
        out += kBase64Alphabet[(v >> 12) & 63];
        out += kBase64Alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    size_t pad = 0;
    if (!text.empty() && text.back() == '=') pad = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const size_t usable = last ? 4 - pad : 4;
        uint32_t v = 0;
        for (size_t k = 0; k < 4; ++k) {
            int d = 0;
            if (k < usable) {
                d = Base64Value(text[i + k]);
                if (d < 0) return std::nullopt;
            }
            v = v << 6 | static_cast<uint32_t>(d);
        }
        out += static_cast<char>(v >> 16);
        if (usable > 2) out += static_cast<char>((v >> 8) & 0xff);
        if (usable > 3) out += static_cast<char>(v & 0xff);
        if (usable == 2 && (v & 0xffff) != 0) return std::nullopt;  // non-canonical trailing bits
        if (usable == 3 && (v & 0xff) != 0) return std::nullopt;
    }
    return out;
}

std::optional<Bytes> DecodeBase64Lenient(std::string_view text) {
    // The reference decodes a C string: an embedded NUL ends the input.
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos) text = text.substr(0, nul);
    Bytes out;
    out.reserve(text.size() * 3 / 4);
    int mode = 0;  // characters of the current 4-character group consumed so far
    int left = 0;  // bits carried to the next output byte
    size_t pos = 0;
    for (; pos < text.size(); ++pos) {
        const int v = Base64Value(text[pos]);
        if (v < 0) break;
        switch (mode) {
            case 0:
                left = v;
                break;
            case 1:
                out.push_back(static_cast<uint8_t>((left << 2) | (v >> 4)));
                left = v & 15;
                break;
            case 2:
                out.push_back(static_cast<uint8_t>(((left << 4) | (v >> 2)) & 0xff));
                left = v & 3;
                break;
            case 3:
                out.push_back(static_cast<uint8_t>(((left << 6) | v) & 0xff));
                break;
        }
        mode = (mode + 1) % 4;
    }
    auto at = [&](size_t i) -> char { return i < text.size() ? text[i] : '\0'; };
    switch (mode) {
        case 0:
            return out;
        case 1:
            return std::nullopt;
        case 2:
            if (left != 0 || at(pos) != '=' || at(pos + 1) != '=' || Base64Value(at(pos + 2)) >= 0) {
                return std::nullopt;
            }
            return out;
        default:  // 3
            if (left != 0 || at(pos) != '=' || Base64Value(at(pos + 1)) >= 0) return std::nullopt;
            return out;
    }
}

}  // namespace ocean
