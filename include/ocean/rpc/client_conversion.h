// The client side of a JSON-RPC call (rpc.md §3.2–§3.4): which command-line parameters ocean-cli sends as
// JSON values rather than strings, and the conversion of the words of a command line into `params`.
//
// The conversion table is Ocean's, quirks included (rows for commands the server does not register,
// client names that differ from the server's). A listed parameter is parsed "non-strictly": the text is
// wrapped as `[` + text + `]` and must parse to exactly one JSON value, so bare numbers, booleans, null,
// objects and arrays are all accepted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ocean/core_io/json.h"
#include "ocean/util/result.h"

namespace ocean {

// One row of the table: parameter `index` (0-based) of `method`, called `name` in -named mode.
struct RPCConvertParam {
    std::string_view method;
    int index;
    std::string_view name;
};

// Every row of rpc.md §3.4, in table order.
const std::vector<RPCConvertParam>& RPCConvertTable();

// Whether the parameter is JSON-parsed, by position and by name.
bool RPCConvertsParam(std::string_view method, int index);
bool RPCConvertsNamedParam(std::string_view method, std::string_view name);

// `[` + text + `]` parsed as JSON, which must hold exactly one element.
// Error message: `Error parsing JSON:<text>`.
Result<Json> ParseNonRFCJSONValue(std::string_view text);

// Positional params: a JSON array with one element per word, JSON-parsed when the table lists
// (method, index), else the word as a string.
Result<Json> RPCConvertValues(std::string_view method, const std::vector<std::string>& args);

// Named params: each word must be `name=value` (split at the first '='), else the error
// `No '=' in named argument '<word>', this needs to be present for every argument (even if it is empty)`.
// The result is a JSON object; a value is JSON-parsed when the table lists (method, name). A repeated
// name keeps its first position and its last value.
Result<Json> RPCConvertNamedValues(std::string_view method, const std::vector<std::string>& args);

}  // namespace ocean
