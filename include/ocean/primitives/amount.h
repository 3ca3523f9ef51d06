// Amounts: int64 counts of the smallest unit of an asset (10^-8 of a whole unit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocean {

using Amount = int64_t;

inline constexpr Amount COIN = 100000000;
inline constexpr Amount MAX_MONEY = 21000000 * COIN;

inline constexpr bool MoneyRange(Amount v) {
    return v >= 0 && v <= MAX_MONEY;
}

// "123.45678900": sign, integer part, '.', exactly eight decimals (RPC/JSON amount convention).
std::string FormatMoney(Amount v);

// Parses a decimal amount with at most eight decimals ("1", "0.5", "1e-8"); nullopt on bad syntax,
// too many decimals, or magnitude beyond 10^10 units. Range checks (MoneyRange) are the caller's.
std::optional<Amount> ParseMoney(std::string_view s);

}  // namespace ocean
