// JSON values for RPC replies and tool output: nlohmann's ordered_json (keys keep insertion order,
// as Ocean's replies do), plus exact amounts.
//
// Amounts must print as fixed-point numbers with exactly eight decimals ("1.00000000"), which a
// double cannot guarantee. An amount is therefore stored as a binary value with a private subtype
// holding the satoshi count, and WriteJson prints it as a JSON number. Always serialize with
// WriteJson, never json::dump().
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ocean/primitives/amount.h"

namespace ocean {

using Json = nlohmann::ordered_json;

Json AmountToJson(Amount v);
// The amount stored by AmountToJson, or nullopt for any other value.
std::optional<Amount> JsonAmount(const Json& j);

// Serializes like UniValue: compact when indent < 0, else pretty with that many spaces.
std::string WriteJson(const Json& j, int indent = -1);

}  // namespace ocean
