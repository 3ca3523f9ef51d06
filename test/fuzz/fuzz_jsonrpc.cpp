// libFuzzer target: the JSON-RPC request path (rpc.md §2.3–§2.7) and the client's argument conversion.
//
// Arbitrary bytes are handed to RPCTable::HandleBody as an HTTP body, against a table holding commands
// that use every parameter reader (hashes, hex, amounts, integers, booleans, objects, named
// parameters). The reply must be one JSON value followed by "\n" with one of the statuses of rpc.md
// §2.4, and a single reply's error code must match its status. The same bytes, split into words, also
// go through ocean-cli's conversion (ParseNonRFCJSONValue, RPCConvertValues, RPCConvertNamedValues).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ocean/rpc/client_conversion.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/rpc/util.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_jsonrpc: check failed: %s\n", what);
        std::abort();
    }
}

ocean::RPCTable& Table() {
    using namespace ocean;
    static RPCTable* table = [] {
        auto* t = new RPCTable();
        auto add = [&](RPCCommand c) { (void)t->Register(std::move(c)); };
        add({"hidden", "echo", {"arg0", "arg1", "arg2"}, 0, 10, "echo ...", [](const RPCRequest& r) {
                 return r.params;
             }});
        add({"test",
             "readers",
             {"hash", "hex", "amount", "n", "flag", "obj"},
             1,
             6,
             "readers hash ( hex amount n flag obj )",
             [](const RPCRequest& r) -> Json {
                 Json out = Json::array();
                 out.push_back(ParseHashV(Param(r, 0), "hash").ToHex());
                 if (HasParam(r, 1)) out.push_back(ParseHexV(Param(r, 1), "hex").size());
                 if (HasParam(r, 2)) out.push_back(ValueFromAmount(AmountFromValue(Param(r, 2))));
                 if (HasParam(r, 3)) out.push_back(GetInt(Param(r, 3)));
                 if (HasParam(r, 4)) out.push_back(GetBool(Param(r, 4)));
                 if (HasParam(r, 5)) {
                     RPCTypeCheckArgument(Param(r, 5), Json::value_t::object);
                     out.push_back(GetObject(Param(r, 5)).size());
                 }
                 return out;
             }});
        t->SetWarmupFinished();
        return t;
    }();
    return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    const std::string body(reinterpret_cast<const char*>(data), size);
    const RPCTable::HttpResult result = Table().HandleBody(body, "fuzz");
    Check(!result.body.empty() && result.body.back() == '\n', "reply ends with a newline");
    Check(result.status == 200 || result.status == 400 || result.status == 404 || result.status == 500,
          "status");
    const Json reply = Json::parse(result.body, nullptr, false);
    Check(!reply.is_discarded(), "reply is JSON");
    if (reply.is_object()) {
        const Json& error = reply["error"];
        if (error.is_null()) {
            Check(result.status == 200, "success is 200");
        } else {
            Check(result.status == HttpStatusForRpcError(error["code"].get<int>()),
                  "status matches the code");
        }
    } else {
        Check(reply.is_array() && result.status == 200, "a batch answers 200 with an array");
    }

    // ocean-cli's side: words separated by newlines.
    std::vector<std::string> words;
    std::string word;
    for (char c : body) {
        if (c == '\n') {
            words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    words.push_back(word);
    (void)ParseNonRFCJSONValue(words[0]);
    const std::string method = words[0];
    words.erase(words.begin());
    (void)RPCConvertValues(method, words);
    (void)RPCConvertNamedValues(method, words);
    return 0;
}
