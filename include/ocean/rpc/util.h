// Parameter readers shared by every RPC handler, with Ocean's (UniValue's) error codes and texts:
// type errors on get_str/get_int/... are -1 "JSON value is not a <type> as expected", RPCTypeCheck
// failures -3 "Expected type X, got Y", hashes -8, amounts -3 (rpc.md §2.5, §2.7).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/core_io/json.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// params[i], or a JSON null when the call has fewer parameters.
const Json& Param(const RPCRequest& request, size_t i);
// True when params[i] exists and is not null.
bool HasParam(const RPCRequest& request, size_t i);

std::string GetStr(const Json& v);
int64_t GetInt64(const Json& v);
int GetInt(const Json& v);
bool GetBool(const Json& v);
const Json& GetObject(const Json& v);
const Json& GetArray(const Json& v);

// UniValue's type names: null, bool, object, array, string, number.
const char* JsonTypeName(const Json& v);
// -3 "Expected type <expected>, got <actual>" unless v has that type (or is null when allow_null).
void RPCTypeCheckArgument(const Json& v, Json::value_t expected, bool allow_null = false);

// One key of RPCTypeCheckObj: its name and type (nullopt: any type; any number type means a number).
struct RPCObjKey {
    std::string_view key;
    std::optional<Json::value_t> type;
};
// Core's RPCTypeCheckObj: each key in `expected` order (Core walks a std::map: list them by name) must
// have its type, or be absent/null when allow_null; with strict no other key may be present.
// -3 "Missing <key>", "Expected type <t> for <key>, got <u>", "Unexpected key <key>".
void RPCTypeCheckObj(const Json& obj, std::initializer_list<RPCObjKey> expected, bool allow_null,
                     bool strict);

// 64 hex digits, display order; -8 "<name> must be hexadecimal string (not '<x>')" or
// "<name> must be of length 64 (not N)".
uint256 ParseHashV(const Json& v, std::string_view name);
// Ocean's lenient uint256S: any string, non-hex stops the parse, short input is zero-padded.
uint256 ParseHashLenient(const Json& v);
// Even-length hex; -8 "<name> must be hexadecimal string (not '<x>')".
Bytes ParseHexV(const Json& v, std::string_view name);

// Core's DecodeHexTx: non-empty even-length hex of one whole transaction, else -22 "TX decode failed".
TransactionRef DecodeHexTx(const std::string& hex);

// A number or numeric string with at most 8 decimals within MoneyRange (-3 errors).
Amount AmountFromValue(const Json& v);
// createmultisig / addmultisigaddress: 1 <= required <= n_keys <= 16, else -1 with Core's texts.
void CheckMultisigArgs(int required, size_t n_keys);
// Bitcoin's IsHex: non-empty, even length, hex digits only.
bool IsNonEmptyHex(std::string_view s);
// The "Examples:" lines of help texts: an ocean-cli call and the same call with curl.
std::string HelpExampleCli(const std::string& method, const std::string& args);
std::string HelpExampleRpc(const std::string& method, const std::string& args);
inline Json ValueFromAmount(Amount a) {
    return AmountToJson(a);
}

}  // namespace ocean
