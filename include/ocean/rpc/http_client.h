// A small synchronous HTTP/1.1 client for JSON-RPC calls (ocean-cli, tools, tests), on Boost.Beast.
//
// One request per connection: connect to host:port, send `POST <target>` with `Host`, `Connection: close`,
// `Authorization: Basic ...`, `Content-Type: application/json` and the body, read the whole reply. Each
// step (resolve excepted) is bounded by the timeout. A reply with any HTTP status is a success at this
// level; failing to connect, send or receive a reply is a transport error carrying the system error's
// value and text ("Connection refused", code 111). Nothing throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocean {

struct HttpPostRequest {
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    std::string target = "/";
    // "user:password", sent as `Authorization: Basic <base64>` (also when empty); no header when unset.
    // (Base64 of crypto/message_signing.h.)
    std::optional<std::string> user_colon_password;
    std::string content_type = "application/json";
    std::string body;
    // Bound on connecting, sending and receiving (each); zero or negative means practically unbounded.
    std::chrono::seconds timeout{900};
};

struct HttpResponse {
    int status = 0;  // HTTP status code
    std::string body;
};

struct HttpTransportError {
    int code = 0;         // the system error value (errno for socket errors)
    std::string message;  // its text
};

struct HttpResult {
    std::optional<HttpResponse> response;  // set when a reply was received
    HttpTransportError error;              // meaningful when !response

    bool ok() const { return response.has_value(); }
};

HttpResult HttpPost(const HttpPostRequest& request);

}  // namespace ocean
