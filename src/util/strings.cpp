#include "ocean/util/strings.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace ocean {

std::string_view TrimView(std::string_view s) {
    constexpr std::string_view kSpace = " \t\n\r\f\v";
    const size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    const size_t e = s.find_last_not_of(kSpace);
    return s.substr(b, e - b + 1);
}

std::string Trim(std::string_view s) {
    return std::string(TrimView(s));
}

std::string ToLower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c); });
    return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::vector<std::string> Split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::pair<std::string, std::string> SplitOptionArg(std::string_view arg) {
    while (!arg.empty() && arg[0] == '-') arg.remove_prefix(1);
    const size_t eq = arg.find('=');
    if (eq == std::string_view::npos) return {std::string(arg), "1"};
    return {std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1))};
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

namespace {
template <typename T>
std::optional<T> ParseIntegral(std::string_view s) {
    if (s.empty()) return std::nullopt;
    if (s[0] == '+') return std::nullopt;
    if constexpr (!std::numeric_limits<T>::is_signed) {
        if (s[0] == '-') return std::nullopt;
    }
    T value{};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, 10);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}
}  // namespace

std::optional<int64_t> ParseInt64(std::string_view s) {
    return ParseIntegral<int64_t>(s);
}
std::optional<int32_t> ParseInt32(std::string_view s) {
    return ParseIntegral<int32_t>(s);
}
std::optional<uint32_t> ParseUInt32(std::string_view s) {
    return ParseIntegral<uint32_t>(s);
}
std::optional<uint64_t> ParseUInt64(std::string_view s) {
    return ParseIntegral<uint64_t>(s);
}

std::optional<int64_t> ParseFixedPoint(std::string_view s, int decimals) {
    constexpr int64_t kLimit = 1000000000000000000LL;  // 10^18
    if (s.empty() || decimals < 0 || decimals > 18) return std::nullopt;
    size_t i = 0;
    bool negative = false;
    if (s[i] == '-') {
        negative = true;
        ++i;
    }
    // Mantissa digits, collected without the decimal point.
    std::string digits;
    int fraction_digits = 0;
    bool seen_point = false, seen_digit = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            seen_digit = true;
            digits.push_back(c);
            if (seen_point) ++fraction_digits;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!seen_digit) return std::nullopt;
    int64_t exponent = 0;
    if (i < s.size()) {
        if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
        ++i;
        std::string_view exp = s.substr(i);
        if (!exp.empty() && exp[0] == '+') exp.remove_prefix(1);
        const auto e = ParseInt64(exp);
        if (!e || *e > 100 || *e < -100) return std::nullopt;
        exponent = *e;
    }
    // value = digits * 10^(exponent - fraction_digits); scaled = value * 10^decimals.
    int64_t shift = exponent - fraction_digits + decimals;
    // Strip leading zeros to keep the digit count meaningful.
    size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) {
        digits.assign(1, '0');
    } else {
        digits.erase(0, first);
    }
    while (shift < 0) {
        if (digits.size() > 1 || digits != "0") {
            if (digits.back() != '0') return std::nullopt;  // would lose precision
            digits.pop_back();
            if (digits.empty()) digits.assign(1, '0');
        }
        ++shift;
    }
    if (digits != "0") digits.append(static_cast<size_t>(shift), '0');
    if (digits.size() > 19) return std::nullopt;
    uint64_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v >= static_cast<uint64_t>(kLimit)) return std::nullopt;
    return negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
}

std::string SanitizeString(std::string_view s) {
    static constexpr std::string_view kSafe =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_/:?@()";
    std::string out;
    for (char c : s) {
        if (kSafe.find(c) != std::string_view::npos) out.push_back(c);
    }
    return out;
}

}  // namespace ocean
