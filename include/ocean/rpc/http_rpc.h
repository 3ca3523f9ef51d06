// HandleJsonRpc: the JSON-RPC endpoint on top of HttpServer (rpc.md §2.1-§2.4). It routes, checks
// HTTP Basic credentials with an RPCAuthenticator and hands the body to RPCTable::HandleBody.
//
// Wire it as the server's handler:
//   HttpServer server(options, [&](const HttpRequest& r) { return HandleJsonRpc(r, auth, table, &log); });
#pragma once

#include "ocean/rpc/auth.h"
#include "ocean/rpc/http_server.h"
#include "ocean/rpc/rpc_table.h"

namespace ocean {

class Logger;

inline constexpr std::string_view kWwwAuthenticate = "Basic realm=\"jsonrpc\"";

// Target other than "/" -> 404, empty body. Verb other than POST -> 405 with the text body
// "JSONRPC server handles only POST requests". No Authorization header -> 401 with
// `WWW-Authenticate: Basic realm="jsonrpc"` and an empty body. Wrong credentials -> the same 401,
// logged with the peer address (never the credentials) and held for 250 ms or more
// (RPCAuthenticator::NextFailureDelay) through HttpReply::delay, so the wait occupies no worker.
// Otherwise the status and body of RPCTable::HandleBody, as application/json. Thread-safe.
HttpReply HandleJsonRpc(const HttpRequest& request, const RPCAuthenticator& auth, const RPCTable& table,
                        Logger* log);

}  // namespace ocean
