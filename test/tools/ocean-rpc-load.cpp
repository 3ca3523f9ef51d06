// ocean-rpc-load: a JSON-RPC load generator for oceand's HTTP server (and any Bitcoin-style RPC).
//
// N keep-alive connections each send one call, wait for the reply and send the next, back to back,
// for a fixed time. All connections share one event loop (or -threads of them), so the client
// takes as little CPU as possible from a server on the same machine. Prints one JSON object:
// requests/s, non-200 replies, errors and latency percentiles. Exits 1 if any call failed.
//
//   ocean-rpc-load -port=7041 -cookie=DATADIR/ocean_test/.cookie -connections=8 -seconds=5
//   ocean-rpc-load -port=7041 -user=u -password=p -method=getblockcount -params='[]'
#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ocean/rpc/auth.h"
#include "ocean/util/strings.h"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

struct Options {
    std::string host = "127.0.0.1";
    uint16_t port = 7041;
    std::string user;
    std::string password;
    std::string cookie;
    int connections = 1;
    double seconds = 5;
    std::string method = "getblockcount";
    std::string params = "[]";
    int threads = 1;
};

void Usage() {
    std::fputs(
        "Usage: ocean-rpc-load [options]\n"
        "  -host=<addr>        server address (127.0.0.1)\n"
        "  -port=<n>           server port (7041)\n"
        "  -user=<u> -password=<p>, or -cookie=<file>   credentials\n"
        "  -connections=<n>    keep-alive connections (1)\n"
        "  -seconds=<s>        duration (5)\n"
        "  -method=<name>      RPC method (getblockcount)\n"
        "  -params=<json>      JSON array of parameters ([])\n"
        "  -threads=<n>        client event-loop threads (1)\n",
        stderr);
}

// Counters of one event loop; merged at the end.
struct Stats {
    uint64_t requests = 0;
    uint64_t non_200 = 0;
    uint64_t errors = 0;
    std::vector<uint32_t> latency_us;
    std::string first_error;
};

class Loop;

// One keep-alive connection sending the same request back to back.
class Conn {
  public:
    Conn(Loop& loop, asio::io_context& ioc) : loop_(loop), socket_(ioc), buffer_(64 * 1024) {}
    void Connect(const tcp::resolver::results_type& endpoints);
    void Send();
    // Gives up on an unanswered call (the run is over).
    void Abort() { Fail("no reply within 10 s after the end of the run"); }

  private:
    void Read();
    void OnRead(const ErrorCode& ec, size_t n);
    // Parses one reply from the buffer if complete: true when consumed.
    bool ParseReply();
    void Fail(const std::string& what);

    Loop& loop_;
    tcp::socket socket_;
    std::vector<char> buffer_;
    size_t have_ = 0;
    SteadyClock::time_point sent_;
    bool writing_ = false;
    bool reply_pending_send_ = false;  // a reply arrived before the write completion ran
    bool dead_ = false;
};

class Loop {
  public:
    Loop(const Options& options, const std::string& request, int connections)
        : options_(options), request_(request) {
        stats_.latency_us.reserve(1 << 20);
        for (int i = 0; i < connections; ++i) conns_.push_back(std::make_unique<Conn>(*this, ioc_));
    }

    // Connects every connection; false (with a message) on failure.
    bool ConnectAll() {
        tcp::resolver resolver(ioc_);
        ErrorCode ec;
        auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
        if (ec) {
            stats_.first_error = "resolve " + options_.host + ": " + ec.message();
            return false;
        }
        for (auto& c : conns_) c->Connect(endpoints);
        ioc_.run();
        ioc_.restart();
        return connected_ == conns_.size();
    }

    void Run(SteadyClock::time_point end) {
        end_ = end;
        active_ = static_cast<int64_t>(conns_.size());
        // A server that stops answering must not hang the client.
        guard_.expires_at(end + std::chrono::seconds(10));
        guard_.async_wait([this](const ErrorCode& ec) {
            if (ec) return;
            for (auto& c : conns_) c->Abort();
        });
        for (auto& c : conns_) c->Send();
        ioc_.run();
    }
    // A connection is done (run over, or failed).
    void Finished() {
        if (--active_ == 0) guard_.cancel();
    }

    const std::string& request() const { return request_; }
    bool Expired(SteadyClock::time_point now) const { return now >= end_; }
    Stats& stats() { return stats_; }
    void Connected() { ++connected_; }
    SteadyClock::time_point last_reply() const { return last_reply_; }
    void SetLastReply(SteadyClock::time_point t) { last_reply_ = t; }

  private:
    const Options& options_;
    const std::string& request_;
    asio::io_context ioc_{1};
    asio::steady_timer guard_{ioc_};
    std::vector<std::unique_ptr<Conn>> conns_;
    size_t connected_ = 0;
    int64_t active_ = 0;  // connections still running (counts down from Run)
    SteadyClock::time_point end_;
    SteadyClock::time_point last_reply_;
    Stats stats_;
};

void Conn::Connect(const tcp::resolver::results_type& endpoints) {
    asio::async_connect(socket_, endpoints, [this](const ErrorCode& ec, const tcp::endpoint&) {
        if (ec) {
            Fail("connect: " + ec.message());
            return;
        }
        ErrorCode e;
        socket_.set_option(tcp::no_delay(true), e);
        loop_.Connected();
    });
}

void Conn::Send() {
    if (dead_) return;
    const auto now = SteadyClock::now();
    if (loop_.Expired(now)) {
        dead_ = true;
        ErrorCode ec;
        socket_.shutdown(tcp::socket::shutdown_both, ec);
        socket_.close(ec);
        loop_.Finished();
        return;
    }
    sent_ = now;
    writing_ = true;
    asio::async_write(socket_, asio::buffer(loop_.request()), [this](const ErrorCode& ec, size_t) {
        writing_ = false;
        if (ec) {
            Fail("write: " + ec.message());
            return;
        }
        if (reply_pending_send_) {
            reply_pending_send_ = false;
            Send();
        }
    });
    // The read is posted at once, alongside the write.
    Read();
}

void Conn::Read() {
    if (have_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    socket_.async_read_some(asio::buffer(buffer_.data() + have_, buffer_.size() - have_),
                            [this](const ErrorCode& ec, size_t n) { OnRead(ec, n); });
}

void Conn::OnRead(const ErrorCode& ec, size_t n) {
    if (dead_) return;
    if (ec) {
        Fail(ec == asio::error::eof ? "server closed the connection" : "read: " + ec.message());
        return;
    }
    have_ += n;
    if (!ParseReply()) {
        if (!dead_) Read();
        return;
    }
    if (writing_) {
        reply_pending_send_ = true;
    } else {
        Send();
    }
}

bool Conn::ParseReply() {
    const std::string_view data(buffer_.data(), have_);
    const size_t header_end = data.find("\r\n\r\n");
    if (header_end == std::string_view::npos) return false;
    const std::string_view head = data.substr(0, header_end);
    if (head.size() < 12 || head.substr(0, 5) != "HTTP/") {
        Fail("malformed reply");
        return false;
    }
    const int status = std::atoi(std::string(head.substr(9, 3)).c_str());
    size_t length = 0;
    bool close = false;
    size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos) {
        const size_t next = head.find("\r\n", pos + 2);
        const std::string_view line =
            head.substr(pos + 2, next == std::string_view::npos ? head.npos : next - pos - 2);
        const size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            const std::string name = ocean::ToLower(line.substr(0, colon));
            const std::string_view value = ocean::TrimView(line.substr(colon + 1));
            if (name == "content-length") {
                length = std::strtoull(std::string(value).c_str(), nullptr, 10);
            } else if (name == "connection" && ocean::ToLower(value) == "close") {
                close = true;
            }
        }
        pos = next;
    }
    const size_t total = header_end + 4 + length;
    if (have_ < total) {
        if (total > buffer_.size()) buffer_.resize(total);
        return false;
    }
    const auto now = SteadyClock::now();
    Stats& st = loop_.stats();
    ++st.requests;
    st.latency_us.push_back(
        static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - sent_).count()));
    loop_.SetLastReply(now);
    if (status != 200) {
        if (st.non_200++ == 0 && st.first_error.empty()) {
            st.first_error =
                "HTTP " + std::to_string(status) + ": " + std::string(data.substr(header_end + 4, length));
        }
    }
    std::memmove(buffer_.data(), buffer_.data() + total, have_ - total);
    have_ -= total;
    if (close) {
        Fail("server sent Connection: close");
        return false;
    }
    return true;
}

void Conn::Fail(const std::string& what) {
    if (dead_) return;
    dead_ = true;
    Stats& st = loop_.stats();
    ++st.errors;
    if (st.first_error.empty()) st.first_error = what;
    ErrorCode ec;
    socket_.close(ec);
    loop_.Finished();
}

uint32_t Percentile(const std::vector<uint32_t>& sorted, double p) {
    if (sorted.empty()) return 0;
    const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
    return sorted[i];
}

std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        auto [name, value] = ocean::SplitOptionArg(argv[i]);
        auto as_int = [&](int lo, int hi) -> std::optional<int> {
            auto v = ocean::ParseInt32(value);
            if (!v || *v < lo || *v > hi) return std::nullopt;
            return *v;
        };
        if (name == "host") {
            o.host = value;
        } else if (name == "port") {
            auto v = as_int(1, 65535);
            if (!v) return Usage(), 2;
            o.port = static_cast<uint16_t>(*v);
        } else if (name == "user") {
            o.user = value;
        } else if (name == "password") {
            o.password = value;
        } else if (name == "cookie") {
            o.cookie = value;
        } else if (name == "connections") {
            auto v = as_int(1, 100000);
            if (!v) return Usage(), 2;
            o.connections = *v;
        } else if (name == "seconds") {
            o.seconds = std::atof(value.c_str());
            if (o.seconds <= 0) return Usage(), 2;
        } else if (name == "method") {
            o.method = value;
        } else if (name == "params") {
            o.params = value;
        } else if (name == "threads") {
            auto v = as_int(1, 64);
            if (!v) return Usage(), 2;
            o.threads = *v;
        } else if (name == "help" || name == "h" || name == "?") {
            Usage();
            return 0;
        } else {
            std::fprintf(stderr, "unknown option -%s\n", name.c_str());
            Usage();
            return 2;
        }
    }

    std::string userpass = o.user + ":" + o.password;
    if (!o.cookie.empty()) {
        std::ifstream f(o.cookie);
        if (!f || !std::getline(f, userpass)) {
            std::fprintf(stderr, "cannot read cookie file %s\n", o.cookie.c_str());
            return 2;
        }
    }
    const std::string body = "{\"jsonrpc\":\"1.0\",\"id\":\"load\",\"method\":" + JsonString(o.method) +
                             ",\"params\":" + o.params + "}";
    const std::string request =
        "POST / HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) + "\r\nAuthorization: Basic " +
        ocean::EncodeBase64(userpass) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
        body;

    const int threads = std::min(o.threads, o.connections);
    std::vector<std::unique_ptr<Loop>> loops;
    for (int t = 0; t < threads; ++t) {
        const int n = o.connections / threads + (t < o.connections % threads ? 1 : 0);
        loops.push_back(std::make_unique<Loop>(o, request, n));
    }
    for (auto& loop : loops) {
        if (!loop->ConnectAll()) {
            std::fprintf(stderr, "connect to %s:%u failed: %s\n", o.host.c_str(), o.port,
                         loop->stats().first_error.c_str());
            return 1;
        }
    }

    const auto start = SteadyClock::now();
    const auto end =
        start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(o.seconds));
    std::vector<std::thread> runners;
    for (size_t t = 1; t < loops.size(); ++t) runners.emplace_back([&, t] { loops[t]->Run(end); });
    loops[0]->Run(end);
    for (auto& r : runners) r.join();

    Stats total;
    SteadyClock::time_point last = start;
    for (auto& loop : loops) {
        Stats& s = loop->stats();
        total.requests += s.requests;
        total.non_200 += s.non_200;
        total.errors += s.errors;
        total.latency_us.insert(total.latency_us.end(), s.latency_us.begin(), s.latency_us.end());
        if (total.first_error.empty()) total.first_error = s.first_error;
        last = std::max(last, loop->last_reply());
    }
    std::sort(total.latency_us.begin(), total.latency_us.end());
    const double elapsed = std::chrono::duration<double>(last - start).count();
    const double rps = elapsed > 0 ? static_cast<double>(total.requests) / elapsed : 0;

    std::printf(
        "{\"host\":%s,\"port\":%u,\"method\":%s,\"connections\":%d,\"threads\":%d,\"seconds\":%.3f,"
        "\"requests\":%llu,\"requests_per_second\":%.1f,\"non_200\":%llu,\"errors\":%llu,"
        "\"latency_us\":{\"p50\":%u,\"p90\":%u,\"p99\":%u,\"max\":%u}%s%s}\n",
        JsonString(o.host).c_str(), o.port, JsonString(o.method).c_str(), o.connections, threads, elapsed,
        static_cast<unsigned long long>(total.requests), rps, static_cast<unsigned long long>(total.non_200),
        static_cast<unsigned long long>(total.errors), Percentile(total.latency_us, 0.50),
        Percentile(total.latency_us, 0.90), Percentile(total.latency_us, 0.99),
        total.latency_us.empty() ? 0u : total.latency_us.back(),
        total.first_error.empty() ? "" : ",\"first_error\":",
        total.first_error.empty() ? "" : JsonString(total.first_error).c_str());
    return (total.requests > 0 && total.non_200 == 0 && total.errors == 0) ? 0 : 1;
}
