// HttpServer over real sockets on 127.0.0.1 (ephemeral ports), with a small blocking test client.
#include "ocean/rpc/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "ocean/rpc/http_rpc.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"

namespace ocean {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

struct Response {
    std::string version;  // "HTTP/1.1"
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::string Header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "<none>" : it->second;
    }
};

// A blocking HTTP/1.1 client on one TCP connection, with a receive timeout so no test can hang.
class Client {
  public:
    explicit Client(uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket");
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    }
    ~Client() { ::close(fd_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return connected_; }

    bool Send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }

    // One response (an interim 100 too); nullopt if the connection closes or times out first.
    std::optional<Response> Read(bool head_request = false) {
        size_t end;
        while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
            if (!Fill()) return std::nullopt;
        }
        Response r;
        const std::string head = buf_.substr(0, end);
        buf_.erase(0, end + 4);
        size_t pos = head.find("\r\n");
        const std::string status_line = head.substr(0, pos);
        r.version = status_line.substr(0, status_line.find(' '));
        r.status = std::atoi(status_line.c_str() + r.version.size() + 1);
        while (pos != std::string::npos) {
            const size_t next = head.find("\r\n", pos + 2);
            const std::string line =
                head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
            const size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                r.headers[name] = line.substr(colon + 2);
            }
            pos = next;
        }
        if (r.status == 100 || head_request) return r;
        const size_t length =
            std::stoul(r.headers.count("content-length") ? r.headers["content-length"] : "0");
        while (buf_.size() < length) {
            if (!Fill()) return std::nullopt;
        }
        r.body = buf_.substr(0, length);
        buf_.erase(0, length);
        return r;
    }

    // True when the server closes the connection (EOF or reset) within `within`.
    bool ClosedWithin(std::chrono::milliseconds within) {
        const auto deadline = steady_clock::now() + within;
        char tmp[4096];
        while (steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            const int left = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now())
                    .count());
            if (::poll(&p, 1, std::max(left, 1)) <= 0) continue;
            const ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
            if (n <= 0) return true;
            buf_.append(tmp, static_cast<size_t>(n));
        }
        return false;
    }

    // True when bytes are waiting to be read right now.
    bool HasData() {
        if (!buf_.empty()) return true;
        pollfd p{fd_, POLLIN, 0};
        return ::poll(&p, 1, 0) > 0;
    }

  private:
    bool Fill() {
        char tmp[65536];
        const ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
        if (n <= 0) return false;
        buf_.append(tmp, static_cast<size_t>(n));
        return true;
    }

    int fd_ = -1;
    bool connected_ = false;
    std::string buf_;
};

std::string Request(std::string_view verb, std::string_view target, std::string_view body = {},
                    std::string_view extra_headers = {}, std::string_view version = "HTTP/1.1") {
    std::string r;
    r.append(verb).append(" ").append(target).append(" ").append(version).append("\r\nHost: 127.0.0.1\r\n");
    r.append(extra_headers);
    if (!body.empty() || verb == "POST")
        r.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    r.append("\r\n").append(body);
    return r;
}

// "<verb> <target> <body>" as text/plain; "/throw" throws, "/slow" asks for a delayed reply.
HttpReply Echo(const HttpRequest& r) {
    if (r.target == "/throw") throw std::runtime_error("handler failure");
    HttpReply reply;
    reply.content_type = "text/plain";
    reply.body = r.verb + " " + r.target + " " + r.body;
    if (r.target == "/slow") reply.delay = 1500ms;
    return reply;
}

HttpServerOptions LoopbackOptions() {
    HttpServerOptions o;
    o.bind = {{"127.0.0.1", 0}};
    return o;
}

class Server {
  public:
    explicit Server(HttpServerOptions options = LoopbackOptions(), HttpHandler handler = Echo)
        : server_(std::move(options), std::move(handler)) {
        Status st = server_.Start();
        if (!st.ok()) throw std::runtime_error(st.error().ToString());
        port_ = server_.BoundEndpoints().at(0).port;
    }
    HttpServer& operator*() { return server_; }
    HttpServer* operator->() { return &server_; }
    uint16_t port() const { return port_; }

  private:
    HttpServer server_;
    uint16_t port_ = 0;
};

TEST(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
    Server server;
    Client c(server.port());
    ASSERT_TRUE(c.connected());
    for (int i = 0; i < 5; ++i) {
        const std::string body = "request " + std::to_string(i);
        ASSERT_TRUE(c.Send(Request("POST", "/", body)));
        auto r = c.Read();
        ASSERT_TRUE(r) << i;
        EXPECT_EQ(r->version, "HTTP/1.1");
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body, "POST / " + body);
        EXPECT_EQ(r->Header("content-type"), "text/plain");
        EXPECT_EQ(r->Header("content-length"), std::to_string(r->body.size()));
        EXPECT_NE(r->Header("date"), "<none>");
        EXPECT_EQ(r->Header("connection"), "<none>");
    }
    EXPECT_FALSE(c.ClosedWithin(100ms));
    EXPECT_EQ(server->GetStats().connections, 1u);
    EXPECT_EQ(server->GetStats().requests, 5u);
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
    Server server;
    Client c(server.port());
    std::string burst;
    for (int i = 0; i < 20; ++i) burst += Request("POST", "/p" + std::to_string(i), std::string(i * 37, 'x'));
    burst += Request("GET", "/last");
    ASSERT_TRUE(c.Send(burst));
    for (int i = 0; i < 20; ++i) {
        auto r = c.Read();
        ASSERT_TRUE(r) << i;
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body, "POST /p" + std::to_string(i) + " " + std::string(i * 37, 'x'));
    }
    auto last = c.Read();
    ASSERT_TRUE(last);
    EXPECT_EQ(last->body, "GET /last ");
}

TEST(HttpServer, ChunkedBodyIsReassembled) {
    Server server;
    Client c(server.port());
    ASSERT_TRUE(c.Send(
        "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "POST /c hello world");
}

TEST(HttpServer, Http10ClosesUnlessKeepAlive) {
    Server server;
    {
        Client c(server.port());
        ASSERT_TRUE(c.Send("GET /a HTTP/1.0\r\n\r\n"));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->version, "HTTP/1.0");
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body, "GET /a ");
        EXPECT_EQ(r->Header("connection"), "close");
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
    {
        Client c(server.port());
        ASSERT_TRUE(c.Send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->Header("connection"), "keep-alive");
        ASSERT_TRUE(c.Send("GET /c HTTP/1.0\r\n\r\n"));
        r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->body, "GET /c ");
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
    {
        Client c(server.port());  // HTTP/1.1 with Connection: close
        ASSERT_TRUE(c.Send(Request("GET", "/d", {}, "Connection: close\r\n")));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->Header("connection"), "close");
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
}

TEST(HttpServer, HeadRepliesWithoutBody) {
    Server server;
    Client c(server.port());
    ASSERT_TRUE(c.Send(Request("HEAD", "/h")));
    auto r = c.Read(/*head_request=*/true);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("content-length"), std::to_string(std::string("HEAD /h ").size()));
    // No body followed: the next reply parses cleanly.
    ASSERT_TRUE(c.Send(Request("GET", "/next")));
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "GET /next ");
}

TEST(HttpServer, UnknownVerbsGet405AndTheConnectionStays) {
    Server server;
    Client c(server.port());
    for (std::string verb : {"DELETE", "OPTIONS", "PATCH", "FOO"}) {
        ASSERT_TRUE(c.Send(Request(verb, "/")));
        auto r = c.Read();
        ASSERT_TRUE(r) << verb;
        EXPECT_EQ(r->status, 405) << verb;
        EXPECT_TRUE(r->body.empty());
    }
    ASSERT_TRUE(c.Send(Request("PUT", "/put", "x")));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "PUT /put x");
}

TEST(HttpServer, SourceFilter) {
    const std::vector<Subnet> allowed = {*Subnet::Parse("10.0.0.0/8"), *Subnet::Parse("fe80::/10")};
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("127.0.0.1"), {}, true));
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("127.3.4.5"), {}, true));
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("::1"), {}, true));
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("::ffff:127.0.0.1"), {}, true));
    EXPECT_FALSE(HttpClientAllowed(*IpAddress::Parse("10.1.1.1"), {}, true));
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("10.1.1.1"), allowed, true));
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("::ffff:10.1.1.1"), allowed, true));
    EXPECT_TRUE(HttpClientAllowed(*IpAddress::Parse("fe80::1"), allowed, true));
    EXPECT_FALSE(HttpClientAllowed(*IpAddress::Parse("11.0.0.1"), allowed, true));
    EXPECT_FALSE(HttpClientAllowed(*IpAddress::Parse("127.0.0.1"), allowed, false));
    EXPECT_FALSE(HttpClientAllowed(*IpAddress::Parse("::1"), allowed, false));
}

TEST(HttpServer, DisallowedPeerGets403BeforeAnythingElse) {
    HttpServerOptions o = LoopbackOptions();
    o.always_allow_loopback = false;
    o.allowed_subnets = {*Subnet::Parse("10.0.0.0/8")};
    std::atomic<int> calls{0};
    Server server(o, [&](const HttpRequest& r) {
        calls.fetch_add(1);
        return Echo(r);
    });
    Client c(server.port());
    // Even a request with an oversize body announced is refused by source first.
    ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_TRUE(r->body.empty());
    EXPECT_TRUE(c.ClosedWithin(5s));
    EXPECT_EQ(calls.load(), 0);
}

TEST(HttpServer, OversizeRequestsAreRejected) {
    HttpServerOptions o = LoopbackOptions();
    o.max_body_size = 1000;
    Server server(o);
    {
        Client c(server.port());  // announced body too large: refused at the header
        ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nContent-Length: 40000000\r\n\r\nstart of a big body"));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 413);
        EXPECT_EQ(r->Header("connection"), "close");
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
    {
        Client c(server.port());  // chunked body growing past the limit
        std::string req = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        req += "320\r\n" + std::string(800, 'a') + "\r\n320\r\n" + std::string(800, 'b') + "\r\n0\r\n\r\n";
        ASSERT_TRUE(c.Send(req));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 413);
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
    {
        Client c(server.port());  // header over 8192 bytes
        ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nX-Big: " + std::string(10000, 'h') + "\r\n\r\n"));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 413);
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
    {
        Client c(server.port());  // request line and fields count together
        ASSERT_TRUE(c.Send("GET /" + std::string(5000, 'p') +
                           " HTTP/1.1\r\nX-Big: " + std::string(5000, 'h') + "\r\n\r\n"));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 413);
    }
    {
        Client c(server.port());  // a header just under the limit is fine
        ASSERT_TRUE(c.Send("GET /" + std::string(3000, 'p') +
                           " HTTP/1.1\r\nX-Big: " + std::string(5000, 'h') + "\r\n\r\n"));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
    }
    {
        Client c(server.port());  // a body at the limit is fine, and the server still serves
        ASSERT_TRUE(c.Send(Request("POST", "/", std::string(1000, 'z'))));
        auto r = c.Read();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body.size(), 7u + 1000u);
    }
}

TEST(HttpServer, DefaultBodyLimitAcceptsLargeBodies) {
    Server server;
    Client c(server.port());
    const std::string big(3 << 20, 'q');  // 3 MiB, many reads
    ASSERT_TRUE(c.Send(Request("POST", "/big", big)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body.size(), 10 + big.size());
}

TEST(HttpServer, MalformedInputGets400AndOthersAreStillServed) {
    Server server;
    static const char kTls[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n";
    for (std::string junk :
         {std::string(kTls, sizeof(kTls) - 1), std::string("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n"),
          std::string("GET / HTTP/9.9x\r\n\r\n"),
          std::string("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
          std::string("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")}) {
        Client c(server.port());
        ASSERT_TRUE(c.Send(junk));
        auto r = c.Read();
        ASSERT_TRUE(r) << junk;
        EXPECT_EQ(r->status, 400) << junk;
        EXPECT_TRUE(c.ClosedWithin(5s));
    }
    Client ok(server.port());
    ASSERT_TRUE(ok.Send(Request("GET", "/fine")));
    auto r = ok.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
}

TEST(HttpServer, ExpectContinue) {
    Server server;
    Client c(server.port());
    ASSERT_TRUE(c.Send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
    auto interim = c.Read();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(c.Send("12345"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "POST /e 12345");

    Client other(server.port());
    ASSERT_TRUE(other.Send("POST / HTTP/1.1\r\nExpect: something-else\r\nContent-Length: 1\r\n\r\nx"));
    r = other.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 417);
}

TEST(HttpServer, HandlerExceptionIs500) {
    Server server;
    Client c(server.port());
    ASSERT_TRUE(c.Send(Request("GET", "/throw")));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_TRUE(r->body.empty());
    ASSERT_TRUE(c.Send(Request("GET", "/after")));  // the connection survives
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
}

TEST(HttpServer, IdleConnectionsAreClosedAfterTheTimeout) {
    HttpServerOptions o = LoopbackOptions();
    o.timeout = 1s;
    Server server(o);
    Client idle(server.port());
    const auto start = steady_clock::now();
    EXPECT_TRUE(idle.ClosedWithin(6s));
    EXPECT_GE(steady_clock::now() - start, 900ms);  // not before the timeout

    // Idle after a request too (keep-alive).
    Client after(server.port());
    ASSERT_TRUE(after.Send(Request("GET", "/")));
    ASSERT_TRUE(after.Read());
    EXPECT_TRUE(after.ClosedWithin(6s));
}

TEST(HttpServer, SlowlorisHeaderIsCutOff) {
    HttpServerOptions o = LoopbackOptions();
    o.timeout = 1s;
    Server server(o);
    Client c(server.port());
    ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\n"));
    // One header byte every 100 ms: progress does not extend the header deadline.
    const auto give_up = steady_clock::now() + 8s;
    bool closed = false;
    while (!closed && steady_clock::now() < give_up) {
        if (!c.Send("X")) break;
        closed = c.ClosedWithin(100ms);
    }
    EXPECT_TRUE(closed || c.ClosedWithin(1s));
}

TEST(HttpServer, DelayedReplyDoesNotHoldAWorker) {
    HttpServerOptions o = LoopbackOptions();
    o.worker_threads = 1;
    Server server(o);
    Client slow(server.port());
    Client fast(server.port());
    const auto start = steady_clock::now();
    ASSERT_TRUE(slow.Send(Request("GET", "/slow")));
    std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(fast.Send(Request("GET", "/fast")));
    auto r = fast.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "GET /fast ");
    EXPECT_FALSE(slow.HasData());  // the only worker served /fast while /slow is held
    r = slow.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "GET /slow ");
    EXPECT_GE(steady_clock::now() - start, 1500ms);
}

TEST(HttpServer, ManyConnectionsWithASmallQueueAreAllServed) {
    HttpServerOptions o = LoopbackOptions();
    o.worker_threads = 2;
    o.work_queue_depth = 2;
    Server server(o, [](const HttpRequest& r) {
        std::this_thread::sleep_for(1ms);
        return Echo(r);
    });
    constexpr int kClients = 200;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<Client>(server.port()));
        ASSERT_TRUE(clients.back()->connected());
    }
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < kClients; ++i) {
            ASSERT_TRUE(clients[i]->Send(Request("POST", "/", std::to_string(i))));
        }
        for (int i = 0; i < kClients; ++i) {
            auto r = clients[i]->Read();
            ASSERT_TRUE(r) << i;
            EXPECT_EQ(r->status, 200) << i;  // never 500 "Work queue depth exceeded"
            EXPECT_EQ(r->body, "POST / " + std::to_string(i));
        }
    }
    EXPECT_GT(server->GetStats().paused, 0u);  // backpressure happened
    EXPECT_EQ(server->GetStats().requests, 2u * kClients);
}

TEST(HttpServer, LargeRepliesAreWrittenInFull) {
    // Replies larger than the socket buffer take the asynchronous write path on the IO thread.
    Server server(LoopbackOptions(), [](const HttpRequest& r) {
        HttpReply reply;
        reply.body.assign(std::stoul(r.body), 'r');
        reply.body.back() = '!';
        return reply;
    });
    Client c(server.port());
    for (size_t size : {size_t(16) << 20, size_t(10), size_t(3) << 20}) {
        ASSERT_TRUE(c.Send(Request("POST", "/", std::to_string(size))));
        auto r = c.Read();
        ASSERT_TRUE(r) << size;
        EXPECT_EQ(r->status, 200);
        ASSERT_EQ(r->body.size(), size);
        EXPECT_EQ(r->body.back(), '!');
    }
}

TEST(HttpServer, ClientVanishingMidRequestIsHarmless) {
    std::atomic<int> done{0};
    HttpServerOptions o = LoopbackOptions();
    o.worker_threads = 2;
    Server server(o, [&](const HttpRequest& r) {
        std::this_thread::sleep_for(100ms);
        HttpReply reply = Echo(r);
        reply.body.append(std::string(1 << 20, 'x'));  // larger than the socket buffer
        done.fetch_add(1);
        return reply;
    });
    for (int i = 0; i < 5; ++i) {
        Client c(server.port());
        ASSERT_TRUE(c.Send(Request("POST", "/", "bye")));
    }  // closed before the replies
    const auto give_up = steady_clock::now() + 10s;
    while (done.load() < 5 && steady_clock::now() < give_up) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(done.load(), 5);
    Client c(server.port());
    ASSERT_TRUE(c.Send(Request("GET", "/still-here")));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    server->Stop();  // nothing left in flight
}

TEST(HttpServer, SeveralIoThreads) {
    HttpServerOptions o = LoopbackOptions();
    o.io_threads = 3;
    o.worker_threads = 3;
    o.work_queue_depth = 1;
    Server server(o);
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 30; ++i) clients.push_back(std::make_unique<Client>(server.port()));
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 30; ++i) ASSERT_TRUE(clients[i]->Send(Request("POST", "/", std::to_string(i))));
        for (int i = 0; i < 30; ++i) {
            auto r = clients[i]->Read();
            ASSERT_TRUE(r);
            EXPECT_EQ(r->body, "POST / " + std::to_string(i));
        }
    }
    EXPECT_EQ(server->GetStats().requests, 90u);
}

TEST(HttpServer, StopLetsInFlightRequestsFinishAndRefusesNewOnes) {
    std::mutex mu;
    std::condition_variable cv;
    bool entered = false, release = false;
    Server server(LoopbackOptions(), [&](const HttpRequest& r) {
        if (r.target == "/block") {
            std::unique_lock l(mu);
            entered = true;
            cv.notify_all();
            cv.wait(l, [&] { return release; });
        }
        return Echo(r);
    });
    Client busy(server.port());
    Client idle(server.port());
    ASSERT_TRUE(idle.Send(Request("GET", "/warm")));
    ASSERT_TRUE(idle.Read());
    ASSERT_TRUE(busy.Send(Request("POST", "/block", "in flight")));
    {
        std::unique_lock l(mu);
        ASSERT_TRUE(cv.wait_for(l, 10s, [&] { return entered; }));
    }
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        server->Stop();
        stopped = true;
    });
    // Once the listener is closed, the stop has begun.
    const auto give_up = steady_clock::now() + 10s;
    while (steady_clock::now() < give_up && Client(server.port()).connected())
        std::this_thread::sleep_for(10ms);
    ASSERT_FALSE(Client(server.port()).connected());

    ASSERT_TRUE(idle.Send(Request("GET", "/late")));
    auto late = idle.Read();
    ASSERT_TRUE(late);
    EXPECT_EQ(late->status, 503);
    EXPECT_TRUE(idle.ClosedWithin(5s));
    EXPECT_FALSE(stopped.load());

    {
        std::lock_guard l(mu);
        release = true;
    }
    cv.notify_all();
    auto r = busy.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "POST /block in flight");
    stopper.join();
    EXPECT_TRUE(stopped.load());
    EXPECT_TRUE(busy.ClosedWithin(5s));
    server->Stop();  // idempotent
}

TEST(HttpServer, InterruptAnswers503) {
    Server server;
    Client c(server.port());
    ASSERT_TRUE(c.Send(Request("GET", "/")));
    ASSERT_TRUE(c.Read());
    server->Interrupt();
    ASSERT_TRUE(c.Send(Request("GET", "/")));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_NE(r->body.find("Service Unavailable"), std::string::npos);
}

TEST(HttpServer, BindFailureNamesTheAddress) {
    Server first;
    HttpServerOptions o;
    o.bind = {{"127.0.0.1", first.port()}};
    HttpServer second(o, Echo);
    Status st = second.Start();
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("127.0.0.1:" + std::to_string(first.port())), std::string::npos)
        << st.error().message;
    EXPECT_NE(st.error().message.find("in use"), std::string::npos) << st.error().message;
    second.Stop();  // harmless after a failed start

    // With partial binding allowed, the free endpoint is enough.
    o.bind.push_back({"127.0.0.1", 0});
    o.allow_partial_bind = true;
    HttpServer third(o, Echo);
    ASSERT_TRUE(third.Start().ok());
    ASSERT_EQ(third.BoundEndpoints().size(), 1u);
    Client c(third.BoundEndpoints()[0].port);
    ASSERT_TRUE(c.Send(Request("GET", "/")));
    EXPECT_TRUE(c.Read());
}

TEST(HttpServer, BadBindAddressIsAnError) {
    HttpServerOptions o;
    o.bind = {{"256.1.1.1.invalid.", 0}};
    HttpServer server(o, Echo);
    Status st = server.Start();
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("256.1.1.1.invalid."), std::string::npos) << st.error().message;
}

// The JSON-RPC endpoint end to end.
class JsonRpcOverHttp : public ::testing::Test {
  protected:
    JsonRpcOverHttp() {
        auth_.SetUserPassword("user", "pass");
        RPCCommand cmd;
        cmd.category = "blockchain";
        cmd.name = "getblockcount";
        cmd.help = "getblockcount\n";
        cmd.handler = [](const RPCRequest&) { return Json(1234); };
        EXPECT_TRUE(table_.Register(std::move(cmd)).ok());
        table_.SetWarmupFinished();
        server_ = std::make_unique<Server>(LoopbackOptions(), [this](const HttpRequest& r) {
            return HandleJsonRpc(r, auth_, table_, &log_);
        });
    }
    static std::string Auth(const std::string& userpass) {
        return "Authorization: Basic " + EncodeBase64(userpass) + "\r\n";
    }

    SystemClock clock_;
    Logger log_{clock_};
    RPCAuthenticator auth_;
    RPCTable table_;
    std::unique_ptr<Server> server_;
};

TEST_F(JsonRpcOverHttp, Statuses) {
    Client c(server_->port());
    const std::string call = R"({"method":"getblockcount","params":[],"id":1})";
    ASSERT_TRUE(c.Send(Request("POST", "/", call, Auth("user:pass"))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("content-type"), "application/json");
    EXPECT_EQ(r->body, "{\"result\":1234,\"error\":null,\"id\":1}\n");

    ASSERT_TRUE(c.Send(Request("POST", "/", call)));
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->Header("www-authenticate"), "Basic realm=\"jsonrpc\"");
    EXPECT_TRUE(r->body.empty());

    ASSERT_TRUE(c.Send(Request("GET", "/", {}, Auth("user:pass"))));
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405);
    EXPECT_EQ(r->body, "JSONRPC server handles only POST requests");

    ASSERT_TRUE(c.Send(Request("POST", "/wallet", call, Auth("user:pass"))));
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_TRUE(r->body.empty());

    ASSERT_TRUE(c.Send(Request("POST", "/", R"({"method":"nosuch","id":2})", Auth("user:pass"))));
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_NE(r->body.find("-32601"), std::string::npos);
}

TEST_F(JsonRpcOverHttp, WrongPasswordIsAnsweredAfter250ms) {
    Client c(server_->port());
    const auto start = steady_clock::now();
    ASSERT_TRUE(c.Send(Request("POST", "/", R"({"method":"getblockcount"})", Auth("user:guess"))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_GE(steady_clock::now() - start, 250ms);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->Header("www-authenticate"), "Basic realm=\"jsonrpc\"");
    EXPECT_TRUE(r->body.empty());
    // The connection stays usable.
    ASSERT_TRUE(c.Send(Request("POST", "/", R"({"method":"getblockcount","id":3})", Auth("user:pass"))));
    r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
}

}  // namespace
}  // namespace ocean
