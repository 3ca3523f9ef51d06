// HttpServer: the HTTP/1.1 server under the JSON-RPC interface (rpc.md §2.1), on Boost.Asio and
// Beast's parser.
//
// Shape: `io_threads` event-loop threads own the sockets (accept, read, parse, write, timeouts) and
// never run request handlers; `worker_threads` (-rpcthreads) run the handler, so a long RPC never
// stalls socket IO. A worker writes the reply straight to the socket when the kernel takes it at
// once (the usual case), so a request costs one hand-off to a worker and one back.
//
// Each connection handles one request at a time: while a request is queued or running nothing more
// is read from that connection (pipelined requests wait in its buffer, answered in order). When more
// than `work_queue_depth` requests wait for a worker, the further ones are held with their
// connections paused until a slot frees. So the server never refuses a request for load (Ocean
// answers "500 Work queue depth exceeded"), and memory stays bounded by the connection count — see
// doc/ocean-differences.md.
//
// Peers outside the allow-list get 403 as soon as their first bytes arrive, before any parsing;
// unknown verbs (not GET/POST/HEAD/PUT) 405; a header over `max_header_size` or a body over
// `max_body_size` 413; bad HTTP 400; each of these closes the connection except 405. A connection
// that does not finish a request header within `timeout` of becoming idle, or stalls a body or a
// reply write that long, is closed. Once Interrupt()/Stop() begins, new requests get 503.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ocean/util/result.h"
#include "ocean/util/subnet.h"

namespace ocean {

class Logger;

// One parsed request. The object is owned by the connection and reused for its next request, so
// a handler must not keep references to it.
struct HttpRequest {
    std::string verb;           // as received: "POST", "GET", ...
    std::string target;         // request-target, e.g. "/" (not decoded)
    std::string body;           // de-chunked
    std::string authorization;  // value of the first Authorization header
    bool has_authorization = false;
    std::string peer;  // "1.2.3.4:5678" or "[::1]:5678"
    int version = 11;  // 10 = HTTP/1.0, 11 = HTTP/1.1
};

struct HttpReply {
    int status = 200;
    // Sent as Content-Type; when empty, "text/html; charset=ISO-8859-1" (libevent's default).
    std::string content_type;
    std::string body;
    // Extra header lines; the server writes Content-Type, Content-Length, Date and Connection itself.
    std::vector<std::pair<std::string, std::string>> headers;
    // Hold the reply this long before sending it, without occupying a worker (failed-login delay).
    std::chrono::milliseconds delay{0};
};

// Runs on a worker thread, possibly on several at once; exceptions become a 500 with no body.
using HttpHandler = std::function<HttpReply(const HttpRequest&)>;

struct HttpEndpoint {
    std::string host;   // numeric address ("127.0.0.1", "::1", "[::1]") or name; empty = all interfaces
    uint16_t port = 0;  // 0 = an ephemeral port (tests)
};

struct HttpServerOptions {
    std::vector<HttpEndpoint> bind;
    std::vector<Subnet> allowed_subnets;  // -rpcallowip
    // 127.0.0.0/8 and ::1 are always allowed; only tests turn this off to exercise the filter.
    bool always_allow_loopback = true;
    // When true, endpoints that fail to bind are logged and skipped as long as one binds (the
    // default 127.0.0.1 + ::1 pair on a host without IPv6); when false any bind failure fails Start.
    bool allow_partial_bind = false;
    int io_threads = 1;
    int worker_threads = 4;                                       // -rpcthreads
    int work_queue_depth = 16;                                    // -rpcworkqueue
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // -rpcservertimeout
    uint32_t max_header_size = 8192;
    uint64_t max_body_size = 0x02000000;
};

// rpc.md §2.1's source filter: loopback (when `always_allow_loopback`) or any allowed subnet.
bool HttpClientAllowed(const IpAddress& peer, const std::vector<Subnet>& allowed, bool always_allow_loopback);

class HttpServer {
  public:
    // `log` (optional) receives bind/accept errors and, under -debug=http, one line per request.
    HttpServer(HttpServerOptions options, HttpHandler handler, Logger* log = nullptr);
    ~HttpServer();  // Stop()
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds every endpoint, then starts the threads. An error names the address that failed
    // ("binding RPC on 127.0.0.1:7041 failed: Address already in use"). Call once.
    Status Start();
    // The listening addresses with their actual ports (after Start).
    std::vector<HttpEndpoint> BoundEndpoints() const;

    // Stops accepting; requests parsed from now on get 503. Returns at once. Thread-safe.
    void Interrupt();
    // Interrupt(), then waits for every accepted request (queued, running or being written) to be
    // answered, closes all connections and joins the threads. Idempotent; must not be called from
    // a handler.
    void Stop();

    struct Stats {
        uint64_t connections = 0;  // accepted
        uint64_t requests = 0;     // complete requests parsed
        uint64_t paused = 0;       // requests that waited for a work-queue slot
    };
    Stats GetStats() const;

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace ocean
