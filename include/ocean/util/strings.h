// String helpers: trimming, splitting and strict number parsing for options and RPC input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocean {

std::string_view TrimView(std::string_view s);
std::string Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// Keeps only letters, digits and " .,;-_/:?@()" (Ocean's SAFE_CHARS_DEFAULT), for text from peers
// (user agents) before it reaches logs or RPC output.
std::string SanitizeString(std::string_view s);

// Splits a command-line option "-name=value" / "--name=value" / "-name" into (name, value); a bare
// flag gets the value "1".
std::pair<std::string, std::string> SplitOptionArg(std::string_view arg);

// Strict decimal parsing: optional leading '-' (signed only), digits only, no whitespace, no overflow.
std::optional<int64_t> ParseInt64(std::string_view s);
std::optional<int32_t> ParseInt32(std::string_view s);
std::optional<uint32_t> ParseUInt32(std::string_view s);
std::optional<uint64_t> ParseUInt64(std::string_view s);

// Parses a decimal fixed-point number with at most `decimals` fraction digits into an integer scaled
// by 10^decimals ("1.5" with 8 -> 150000000). Accepts an exponent ("1e-8") as JSON numbers may carry.
// nullopt on syntax error, too many decimals, or overflow of 10^18 in magnitude.
std::optional<int64_t> ParseFixedPoint(std::string_view s, int decimals);

}  // namespace ocean
