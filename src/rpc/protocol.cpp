#include "ocean/rpc/protocol.h"

namespace ocean {

Json JSONRPCError(int code, const std::string& message) {
    Json e = Json::object();
    e["code"] = code;
    e["message"] = message;
    return e;
}

Json JSONRPCReplyObj(Json result, Json error, Json id) {
    Json r = Json::object();
    r["result"] = std::move(result);
    r["error"] = std::move(error);
    r["id"] = std::move(id);
    return r;
}

int HttpStatusForRpcError(int code) {
    if (code == RPC_INVALID_REQUEST) return 400;
    if (code == RPC_METHOD_NOT_FOUND) return 404;
    return 500;
}

}  // namespace ocean
