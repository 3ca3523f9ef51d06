#include "ocean/rpc/util.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "ocean/rpc/protocol.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

const Json kNull;

[[noreturn]] void NotA(const char* what) {
    throw RPCError(RPC_MISC_ERROR, std::string("JSON value is not ") + what + " as expected");
}

}  // namespace

const Json& Param(const RPCRequest& request, size_t i) {
    return i < request.params.size() ? request.params[i] : kNull;
}

bool HasParam(const RPCRequest& request, size_t i) {
    return i < request.params.size() && !request.params[i].is_null();
}

std::string GetStr(const Json& v) {
    if (!v.is_string()) NotA("a string");
    return v.get<std::string>();
}

int64_t GetInt64(const Json& v) {
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
            throw RPCError(RPC_MISC_ERROR, "JSON integer out of range");
        }
        return v.get<int64_t>();
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::floor(d) != d) throw RPCError(RPC_MISC_ERROR, "JSON integer out of range");
        if (!(d >= -9.2e18 && d <= 9.2e18)) throw RPCError(RPC_MISC_ERROR, "JSON integer out of range");
        return static_cast<int64_t>(d);
    }
    NotA("an integer");
}

int GetInt(const Json& v) {
    const int64_t x = GetInt64(v);
    if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max()) {
        throw RPCError(RPC_MISC_ERROR, "JSON integer out of range");
    }
    return static_cast<int>(x);
}

bool GetBool(const Json& v) {
    if (!v.is_boolean()) NotA("a boolean");
    return v.get<bool>();
}

const Json& GetObject(const Json& v) {
    if (!v.is_object()) NotA("an object");
    return v;
}

const Json& GetArray(const Json& v) {
    if (!v.is_array()) NotA("an array");
    return v;
}

const char* JsonTypeName(const Json& v) {
    switch (v.type()) {
        case Json::value_t::null:
        case Json::value_t::discarded:
            return "null";
        case Json::value_t::boolean:
            return "bool";
        case Json::value_t::object:
            return "object";
        case Json::value_t::array:
            return "array";
        case Json::value_t::string:
            return "string";
        default:
            return "number";
    }
}

void RPCTypeCheckArgument(const Json& v, Json::value_t expected, bool allow_null) {
    if (allow_null && v.is_null()) return;
    Json probe(expected);
    if (std::string(JsonTypeName(v)) != JsonTypeName(probe)) {
        throw RPCError(RPC_TYPE_ERROR,
                       std::string("Expected type ") + JsonTypeName(probe) + ", got " + JsonTypeName(v));
    }
}

void RPCTypeCheckObj(const Json& obj, std::initializer_list<RPCObjKey> expected, bool allow_null,
                     bool strict) {
    static const Json kNull;
    for (const RPCObjKey& k : expected) {
        auto it = obj.find(std::string(k.key));
        const Json& v = it == obj.end() ? kNull : *it;
        if (!allow_null && v.is_null()) throw RPCError(RPC_TYPE_ERROR, "Missing " + std::string(k.key));
        if (!k.type || (allow_null && v.is_null())) continue;
        const Json probe(*k.type);
        if (std::string(JsonTypeName(v)) != JsonTypeName(probe)) {
            throw RPCError(RPC_TYPE_ERROR, std::string("Expected type ") + JsonTypeName(probe) + " for " +
                                               std::string(k.key) + ", got " + JsonTypeName(v));
        }
    }
    if (!strict) return;
    for (const auto& [key, value] : obj.items()) {
        const bool known =
            std::any_of(expected.begin(), expected.end(), [&](const RPCObjKey& k) { return k.key == key; });
        if (!known) throw RPCError(RPC_TYPE_ERROR, "Unexpected key " + key);
    }
}

uint256 ParseHashV(const Json& v, std::string_view name) {
    // As Ocean: a non-string reads as "" and fails the hex check.
    const std::string s = v.is_string() ? v.get<std::string>() : std::string();
    if (s.empty() || !IsHex(s))
        throw RPCError(RPC_INVALID_PARAMETER,
                       std::string(name) + " must be hexadecimal string (not '" + s + "')");
    if (s.size() != 64) {
        throw RPCError(RPC_INVALID_PARAMETER,
                       std::string(name) + " must be of length 64 (not " + std::to_string(s.size()) + ")");
    }
    return uint256::FromHex(s);
}

uint256 ParseHashLenient(const Json& v) {
    return uint256::FromHex(GetStr(v));
}

Bytes ParseHexV(const Json& v, std::string_view name) {
    const std::string s = v.is_string() ? v.get<std::string>() : std::string();
    if (s.empty() || !IsHex(s)) {
        throw RPCError(RPC_INVALID_PARAMETER,
                       std::string(name) + " must be hexadecimal string (not '" + s + "')");
    }
    return *ParseHex(s);
}

TransactionRef DecodeHexTx(const std::string& hex) {
    auto bytes = IsNonEmptyHex(hex) ? ParseHex(hex) : std::nullopt;
    auto tx = bytes ? DecodeTransaction(*bytes) : Result<TransactionRef>(Error("bad-hex"));
    if (!tx) throw RPCError(RPC_DESERIALIZATION_ERROR, "TX decode failed");
    return std::move(tx.value());
}

Amount AmountFromValue(const Json& v) {
    std::string text;
    if (v.is_number_integer()) {
        text = v.dump();
    } else if (v.is_number_float()) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.get<double>());
        if (ec != std::errc()) throw RPCError(RPC_TYPE_ERROR, "Invalid amount");
        text.assign(buf, end);
    } else if (v.is_string()) {
        text = v.get<std::string>();
    } else {
        throw RPCError(RPC_TYPE_ERROR, "Amount is not a number or string");
    }
    auto amount = ParseMoney(text);
    if (!amount) throw RPCError(RPC_TYPE_ERROR, "Invalid amount");
    if (!MoneyRange(*amount)) throw RPCError(RPC_TYPE_ERROR, "Amount out of range");
    return *amount;
}

std::string HelpExampleCli(const std::string& method, const std::string& args) {
    return "> ocean-cli " + method + " " + args + "\n";
}

std::string HelpExampleRpc(const std::string& method, const std::string& args) {
    return "> curl --user myusername --data-binary '{\"jsonrpc\": \"1.0\", \"id\":\"curltest\", \"method\": "
           "\"" +
           method + "\", \"params\": [" + args +
           "] }' -H 'content-type: text/plain;' http://127.0.0.1:9041/\n";
}

bool IsNonEmptyHex(std::string_view s) {
    return !s.empty() && IsHex(s);
}

void CheckMultisigArgs(int required, size_t n_keys) {
    if (required < 1)
        throw RPCError(RPC_MISC_ERROR, "a multisignature address must require at least one key to redeem");
    if (static_cast<int64_t>(n_keys) < required) {
        throw RPCError(RPC_MISC_ERROR, "not enough keys supplied (got " + std::to_string(n_keys) +
                                           " keys, but need at least " + std::to_string(required) +
                                           " to redeem)");
    }
    if (n_keys > 16) {
        throw RPCError(
            RPC_MISC_ERROR,
            "Number of addresses involved in the multisignature address creation > 16\nReduce the number");
    }
}

}  // namespace ocean
