// RPCTableCaller: calls into an RPCTable the way the HTTP layer does, for the tests of RPC handlers.
// Test harnesses derive from it, register their command groups into table_ and call Call / Fail /
// Body.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "ocean/core_io/json.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"

namespace ocean::test {

class RPCTableCaller {
  public:
    RPCTable& table() { return table_; }

    // The result of a positional call (throws RPCError like the dispatcher sees it).
    Json Call(const std::string& method, Json params = Json::array()) {
        RPCRequest r;
        r.method = method;
        r.params = std::move(params);
        return table_.Execute(r);
    }

    // The (code, message) of a call that must fail.
    std::pair<int, std::string> Fail(const std::string& method, Json params = Json::array()) {
        try {
            Json result = Call(method, std::move(params));
            ADD_FAILURE() << method << " unexpectedly returned " << WriteJson(result);
        } catch (const RPCError& e) {
            return {e.code(), e.message()};
        }
        return {0, ""};
    }

    // A JSON-RPC body through the dispatcher (named parameters, reply objects).
    Json Body(const std::string& body) { return Json::parse(table_.HandleBody(body, "user").body); }

  protected:
    RPCTable table_;
};

}  // namespace ocean::test
