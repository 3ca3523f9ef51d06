// Base58 / Base58Check codec. The alphabet omits 0, O, I and l; a leading zero byte is written as '1'.
// Decoding tolerates whitespace before and after the encoded text (not inside it), and bounds its
// work by max_len so that hostile, very long strings are rejected early.
#include "ocean/crypto/base58.h"

#include <array>
#include <cstring>
#include <limits>

#include "ocean/crypto/sha256.h"

namespace ocean {
namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

// Digit value of each ASCII character, -1 for characters outside the alphabet.
constexpr std::array<int8_t, 256> MakeDigitTable() {
    std::array<int8_t, 256> t{};
    for (auto& v : t) v = -1;
    for (int i = 0; i < 58; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
    return t;
}
constexpr std::array<int8_t, 256> kDigit = MakeDigitTable();

// The C locale's isspace set, spelled out so the locale cannot change the result.
bool IsSpaceChar(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

}  // namespace

std::string EncodeBase58(ByteSpan data) {
    size_t pos = 0;
    while (pos < data.size() && data[pos] == 0) ++pos;
    const size_t zeros = pos;

    // Base-58 digits of the remaining big-endian number, least significant digit last.
    // Each input byte needs at most log(256)/log(58) ~= 1.366 output digits.
    const size_t cap = (data.size() - pos) * 138 / 100 + 1;
    std::vector<uint8_t> digits(cap, 0);
    size_t used = 0;  // number of significant digits at the tail of `digits`
    for (; pos < data.size(); ++pos) {
        unsigned carry = data[pos];
        size_t n = 0;
        for (size_t k = cap; k > 0 && (carry != 0 || n < used); --k, ++n) {
            carry += 256u * digits[k - 1];
            digits[k - 1] = static_cast<uint8_t>(carry % 58);
            carry /= 58;
        }
        used = n;
    }

    std::string out;
    out.reserve(zeros + used);
    out.assign(zeros, '1');
    for (size_t k = cap - used; k < cap; ++k) out.push_back(kAlphabet[digits[k]]);
    return out;
}

std::optional<Bytes> DecodeBase58(std::string_view s, size_t max_len) {
    size_t i = 0;
    while (i < s.size() && IsSpaceChar(s[i])) ++i;

    size_t zeros = 0;
    while (i < s.size() && s[i] == '1') {
        ++zeros;
        if (zeros > max_len) return std::nullopt;
        ++i;
    }

    // Big-endian base-256 accumulator; `used` bytes at its tail are significant.
    // Each digit adds log(58)/log(256) ~= 0.732 bytes; 3/4 is a safe bound. The accumulator never needs
    // more than one byte beyond what max_len allows: reaching that byte means rejection anyway.
    const size_t remaining = s.size() - i;
    size_t cap = remaining - remaining / 4 + 1;
    const size_t room = max_len - zeros;
    if (room < cap) cap = room + 1;
    std::vector<uint8_t> acc(cap, 0);
    size_t used = 0;
    while (i < s.size() && !IsSpaceChar(s[i])) {
        const int d = kDigit[static_cast<uint8_t>(s[i])];
        if (d < 0) return std::nullopt;
        unsigned carry = static_cast<unsigned>(d);
        size_t n = 0;
        for (size_t k = cap; k > 0 && (carry != 0 || n < used); --k, ++n) {
            carry += 58u * acc[k - 1];
            acc[k - 1] = static_cast<uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        used = n;
        if (used + zeros > max_len) return std::nullopt;
        ++i;
    }
    while (i < s.size() && IsSpaceChar(s[i])) ++i;
    if (i != s.size()) return std::nullopt;  // whitespace inside, or a NUL / junk after it

    Bytes out;
    out.reserve(zeros + used);
    out.assign(zeros, 0);
    out.insert(out.end(), acc.end() - static_cast<std::ptrdiff_t>(used), acc.end());
    return out;
}

std::string EncodeBase58Check(ByteSpan payload) {
    Bytes buf(payload.begin(), payload.end());
    const uint256 check = Sha256dHash(payload);
    buf.insert(buf.end(), check.begin(), check.begin() + 4);
    return EncodeBase58(buf);
}

std::optional<Bytes> DecodeBase58Check(std::string_view s, size_t max_len) {
    const size_t limit = max_len > std::numeric_limits<size_t>::max() - 4 ? max_len : max_len + 4;
    auto raw = DecodeBase58(s, limit);
    if (!raw || raw->size() < 4) return std::nullopt;
    const size_t n = raw->size() - 4;
    const uint256 check = Sha256dHash(ByteSpan(raw->data(), n));
    if (std::memcmp(check.data(), raw->data() + n, 4) != 0) return std::nullopt;
    raw->resize(n);
    return raw;
}

}  // namespace ocean
