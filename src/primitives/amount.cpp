#include "ocean/primitives/amount.h"

#include "ocean/util/strings.h"

namespace ocean {

std::string FormatMoney(Amount v) {
    const bool negative = v < 0;
    // Work in unsigned to survive INT64_MIN.
    const uint64_t abs = negative ? uint64_t(0) - uint64_t(v) : uint64_t(v);
    std::string frac = std::to_string(abs % uint64_t(COIN));
    frac.insert(0, 8 - frac.size(), '0');
    return (negative ? "-" : "") + std::to_string(abs / uint64_t(COIN)) + "." + frac;
}

std::optional<Amount> ParseMoney(std::string_view s) {
    return ParseFixedPoint(s, 8);
}

}  // namespace ocean
