#include "ocean/rpc/http_rpc.h"

#include "ocean/util/logging.h"

namespace ocean {

HttpReply HandleJsonRpc(const HttpRequest& request, const RPCAuthenticator& auth, const RPCTable& table,
                        Logger* log) {
    HttpReply reply;
    if (request.target != "/") {
        reply.status = 404;
        return reply;
    }
    if (request.verb != "POST") {
        reply.status = 405;
        reply.body = "JSONRPC server handles only POST requests";
        return reply;
    }
    if (!request.has_authorization) {
        reply.status = 401;
        reply.headers.emplace_back("WWW-Authenticate", std::string(kWwwAuthenticate));
        return reply;
    }
    std::optional<std::string> user = auth.Check(request.authorization);
    if (!user) {
        if (log) log->Warning("ThreadRPCServer incorrect password attempt from " + request.peer);
        // Deters brute-forcing (Ocean sleeps 250 ms on the worker; here the server holds the reply).
        reply.status = 401;
        reply.headers.emplace_back("WWW-Authenticate", std::string(kWwwAuthenticate));
        reply.delay = auth.NextFailureDelay();
        return reply;
    }
    RPCTable::HttpResult result = table.HandleBody(request.body, *user);
    reply.status = result.status;
    reply.content_type = "application/json";
    reply.body = std::move(result.body);
    return reply;
}

}  // namespace ocean
