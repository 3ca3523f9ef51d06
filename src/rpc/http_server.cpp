#include "ocean/rpc/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "ocean/util/logging.h"
#include "ocean/util/thread_name.h"

namespace ocean {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

// Bodies larger than this are not kept allocated between requests of a connection.
constexpr size_t kKeepCapacity = 64 * 1024;
// After a final reply with "Connection: close", unread input is drained for at most this long / this
// much, so that the peer reads the reply instead of a reset.
constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr size_t kLingerBytes = 1 << 20;
constexpr std::string_view kDefaultContentType = "text/html; charset=ISO-8859-1";

std::string_view ReasonPhrase(int status) {
    switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 202:
            return "Accepted";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Time-out";
        case 411:
            return "Length Required";
        case 413:
            return "Request Entity Too Large";
        case 414:
            return "Request-URI Too Large";
        case 415:
            return "Unsupported Media Type";
        case 417:
            return "Expectation Failed";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version not supported";
        default:
            return status < 300   ? "OK"
                   : status < 400 ? "Redirect"
                   : status < 500 ? "Client Error"
                                  : "Server Error";
    }
}

// The error page libevent sends with evhttp_send_error (400, 413, 417, 503).
std::string ErrorPage(int status) {
    const std::string reason(ReasonPhrase(status));
    return "<HTML><HEAD>\n<TITLE>" + std::to_string(status) + " " + reason + "</TITLE>\n</HEAD><BODY>\n<H1>" +
           reason + "</H1>\n</BODY></HTML>\n";
}

// RFC 7231 IMF-fixdate of the current second, cached per thread.
void AppendDate(std::string& out) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    thread_local time_t cached_second = -1;
    thread_local char cached[32];
    thread_local int cached_len = 0;
    const time_t now = std::time(nullptr);
    if (now != cached_second) {
        struct tm tm;
        gmtime_r(&now, &tm);
        cached_len = std::snprintf(cached, sizeof(cached), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                   kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                                   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached_second = now;
    }
    out.append(cached, static_cast<size_t>(cached_len));
}

void AppendNumber(std::string& out, uint64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, end);
}

IpAddress ToIpAddress(const asio::ip::address& a) {
    if (a.is_v4()) {
        const auto b = a.to_v4().to_bytes();
        return IpAddress::FromIPv4({b[0], b[1], b[2], b[3]});
    }
    const auto b = a.to_v6().to_bytes();
    IpAddress::Bytes16 raw;
    std::copy(b.begin(), b.end(), raw.begin());
    return IpAddress::FromIPv6(raw);
}

std::string FormatHostPort(const IpAddress& ip, uint16_t port) {
    std::string s = ip.IsIPv4() ? ip.ToString() : "[" + ip.ToString() + "]";
    return s + ":" + std::to_string(port);
}

std::string FormatEndpoint(const tcp::endpoint& ep) {
    return FormatHostPort(ToIpAddress(ep.address()), ep.port());
}

// Beast's HTTP/1 request parser with callbacks writing straight into the connection's reusable
// HttpRequest: no header container and no allocation once the strings have grown.
class RequestParser final : public bhttp::basic_parser<true> {
  public:
    explicit RequestParser(HttpRequest& request) : req_(request) {}

    bhttp::verb verb() const { return verb_; }
    bool expect_continue() const { return expect_continue_; }
    bool expect_other() const { return expect_other_; }

  private:
    void on_request_impl(bhttp::verb method, beast::string_view method_str, beast::string_view target,
                         int version, beast::error_code&) override {
        verb_ = method;
        req_.verb.assign(method_str.data(), method_str.size());
        req_.target.assign(target.data(), target.size());
        req_.version = version;
    }
    void on_response_impl(int, beast::string_view, int, beast::error_code&) override {}
    void on_field_impl(bhttp::field name, beast::string_view, beast::string_view value,
                       beast::error_code&) override {
        if (name == bhttp::field::authorization) {
            if (!req_.has_authorization) {
                req_.has_authorization = true;
                req_.authorization.assign(value.data(), value.size());
            }
        } else if (name == bhttp::field::expect) {
            if (beast::iequals(value, "100-continue")) {
                expect_continue_ = true;
            } else {
                expect_other_ = true;
            }
        }
    }
    void on_header_impl(beast::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& length, beast::error_code&) override {
        // Grow towards the announced size, but never reserve more than 1 MiB for bytes not yet sent.
        if (length) req_.body.reserve(static_cast<size_t>(std::min<uint64_t>(*length, 1 << 20)));
    }
    size_t on_body_impl(beast::string_view body, beast::error_code&) override {
        req_.body.append(body.data(), body.size());
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
    size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override {
        req_.body.append(body.data(), body.size());
        return body.size();
    }
    void on_finish_impl(beast::error_code&) override {}

    HttpRequest& req_;
    bhttp::verb verb_ = bhttp::verb::unknown;
    bool expect_continue_ = false;
    bool expect_other_ = false;
};

class Connection;

// One event-loop thread: its io_context, the connections it owns, and their timeout sweep.
struct IoThread {
    asio::io_context ioc{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
    asio::steady_timer sweep_timer{ioc};
    std::vector<Connection*> connections;  // touched only on this thread
    bool closed = false;                   // set on this thread when Stop closes everything
    std::thread thread;

    // Connections handed back by workers. One post drains a whole batch, so under load a reply costs
    // no allocation and rarely a wake-up of this thread.
    std::mutex handback_mu;
    std::vector<std::shared_ptr<Connection>> handback;  // guarded by handback_mu
    bool drain_posted = false;                          // guarded by handback_mu
    std::vector<std::shared_ptr<Connection>> draining;  // this thread only

    void HandBack(std::shared_ptr<Connection> connection);
    void Drain();
};

struct Listener {
    explicit Listener(asio::io_context& ioc) : acceptor(ioc), retry_timer(ioc) {}
    tcp::acceptor acceptor;
    asio::steady_timer retry_timer;  // after EMFILE and similar
    HttpEndpoint endpoint;           // with the bound port
};

}  // namespace

class HttpServer::Impl {
  public:
    Impl(HttpServerOptions options, HttpHandler handler, Logger* log);
    ~Impl();

    Status Start();
    std::vector<HttpEndpoint> BoundEndpoints() const;
    void Interrupt();
    void Stop();
    Stats GetStats() const;

    // For connections.
    const HttpServerOptions& options() const { return options_; }
    const HttpHandler& handler() const { return handler_; }
    Logger* log() const { return log_; }
    bool Stopping() const { return stopping_.load(); }
    size_t buffer_size() const { return buffer_size_; }
    void Enqueue(std::shared_ptr<Connection> connection);
    void RequestStarted() { inflight_.fetch_add(1); }
    void RequestDone();
    void CountRequest() { requests_.fetch_add(1, std::memory_order_relaxed); }

  private:
    void WorkerLoop();
    void DoAccept(Listener& listener);
    void OnAccept(Listener& listener, IoThread& target, const ErrorCode& ec, tcp::socket socket);
    void ScheduleSweep(IoThread& io);
    void CloseAll(IoThread& io);
    void CloseListeners();  // io_[0]
    Status Bind(const HttpEndpoint& endpoint);

    const HttpServerOptions options_;
    const HttpHandler handler_;
    Logger* const log_;
    const size_t buffer_size_;
    const std::chrono::milliseconds sweep_interval_;

    // Declared before the listeners and connections that use their io_contexts.
    std::vector<std::unique_ptr<IoThread>> io_;
    std::vector<std::unique_ptr<Listener>> listeners_;
    size_t next_io_ = 0;             // accept handler only (io_[0])
    bool acceptors_closed_ = false;  // io_[0] only

    std::vector<std::thread> workers_;
    std::mutex queue_mu_;
    std::condition_variable queue_cv_;
    std::deque<std::shared_ptr<Connection>> queue_;   // waiting for a worker, at most work_queue_depth
    std::deque<std::shared_ptr<Connection>> parked_;  // waiting for a queue slot (connection paused)
    int idle_workers_ = 0;
    bool workers_stop_ = false;

    std::atomic<int64_t> inflight_{0};
    std::mutex inflight_mu_;
    std::condition_variable inflight_cv_;
    std::atomic<bool> stopping_{false};

    std::mutex lifecycle_mu_;  // Start / Stop
    bool started_ = false;
    std::atomic<bool> running_{false};
    mutable std::mutex endpoints_mu_;
    std::vector<HttpEndpoint> bound_;

    std::atomic<uint64_t> connections_{0};
    std::atomic<uint64_t> requests_{0};
    std::atomic<uint64_t> paused_{0};
};

namespace {

// One client connection. All socket operations and the state machine run on the owning IoThread,
// except while a request is with the worker pool (state kProcessing): then the worker alone touches
// the request, the reply buffers and (for the direct write) the socket, and hands the connection
// back with a post. The hand-offs (queue mutex, io_context post) order those accesses.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(HttpServer::Impl& server, IoThread& io, tcp::socket socket, std::string peer, bool allowed)
        : server_(server),
          io_(io),
          socket_(std::move(socket)),
          allowed_(allowed),
          buffer_(new char[server.buffer_size()]),
          capacity_(server.buffer_size()) {
        req_.peer = std::move(peer);
    }

    // IO thread.
    void Start() {
        registry_index_ = io_.connections.size();
        io_.connections.push_back(this);
        registered_ = true;
        if (io_.closed) {
            CloseNow();
            return;
        }
        EnterReading();
    }

    // IO thread: closes the socket (pending operations complete with an error and do nothing).
    void CloseNow() {
        if (state_ == State::kClosed) return;
        state_ = State::kClosed;
        if (registered_) {
            IoThread& io = io_;
            Connection* last = io.connections.back();
            io.connections[registry_index_] = last;
            last->registry_index_ = registry_index_;
            io.connections.pop_back();
            registered_ = false;
        }
        ErrorCode ec;
        socket_.close(ec);
        if (delay_timer_) delay_timer_->cancel();
        if (counted_) {
            counted_ = false;
            server_.RequestDone();
        }
    }

    // IO thread: true when the connection waits on the peer (read, write or linger) past its deadline.
    bool Expired(SteadyClock::time_point now) const {
        return (state_ == State::kReading || state_ == State::kWriting || state_ == State::kLingering) &&
               now >= deadline_;
    }

    // Worker thread: runs the handler, writes what the socket takes at once, hands back to IO.
    static void Process(std::shared_ptr<Connection> self) {
        Connection& c = *self;
        HttpReply reply;
        try {
            reply = c.server_.handler()(c.req_);
        } catch (const std::exception& e) {
            if (c.server_.log()) c.server_.log()->Error(std::string("HTTP handler failed: ") + e.what());
            reply = HttpReply{500, {}, {}, {}, {}};
        } catch (...) {
            reply = HttpReply{500, {}, {}, {}, {}};
        }
        IoThread& io = c.io_;
        if (reply.delay.count() > 0) {
            c.delayed_ = std::move(reply);
        } else {
            c.PrepareReply(std::move(reply));
            c.TryWrite();
        }
        io.HandBack(std::move(self));
    }

    // IO thread: the worker is done with this connection.
    void OnHandedBack() {
        if (delayed_.delay.count() > 0) {
            StartDelay();
        } else {
            AfterDirectWrite();
        }
    }

  private:
    enum class State { kNew, kReading, kProcessing, kDelaying, kWriting, kLingering, kClosed };

    void EnterReading() {
        state_ = State::kReading;
        deadline_ = SteadyClock::now() + server_.options().timeout;
        ParseBuffered();
    }

    void NewParser() {
        if (req_.body.capacity() > kKeepCapacity) {
            std::string().swap(req_.body);
        } else {
            req_.body.clear();
        }
        req_.authorization.clear();
        req_.has_authorization = false;
        parser_.emplace(req_);
        parser_->header_limit(server_.options().max_header_size);
        parser_->body_limit(server_.options().max_body_size);
        parser_->eager(false);  // stop after the header so that it can be checked first
        header_checked_ = false;
        header_bytes_ = 0;
        head_ = false;
        close_after_ = false;
    }

    // Feeds buffered input to the parser until a request is complete, more input is needed, or an
    // error reply was sent.
    void ParseBuffered() {
        for (;;) {
            if (begin_ == end_) {
                begin_ = end_ = 0;
                StartRead();
                return;
            }
            if (!allowed_) {
                // The source filter comes before anything else, parsing included: the peer's first
                // bytes get the 403 (and the rest of its request is drained while lingering).
                SendLocal(403, true);
                return;
            }
            if (!parser_) NewParser();
            beast::error_code ec;
            const bool in_header = !parser_->is_header_done();
            const size_t used = parser_->put(asio::const_buffer(buffer_.get() + begin_, end_ - begin_), ec);
            begin_ += used;
            // Beast limits the request line and the fields separately; the limit is on the whole header.
            // (Without eager parsing the put that completes the header stops right after it.)
            if (in_header) header_bytes_ += used;
            const size_t header_limit = server_.options().max_header_size;
            if (in_header &&
                (header_bytes_ > header_limit ||
                 (ec == bhttp::error::need_more && header_bytes_ + (end_ - begin_) >= header_limit))) {
                SendLocal(413, true);
                return;
            }
            if (ec == bhttp::error::need_more) {
                StartRead();
                return;
            }
            if (ec) {
                const bool too_large = ec == bhttp::error::header_limit || ec == bhttp::error::body_limit;
                SendLocal(too_large ? 413 : 400, true);
                return;
            }
            if (!header_checked_ && parser_->is_header_done()) {
                header_checked_ = true;
                head_ = parser_->verb() == bhttp::verb::head;
                if (!CheckHeader()) return;
                parser_->eager(true);
            }
            if (parser_->is_done()) {
                OnRequest();
                return;
            }
            if (used == 0 && begin_ != end_) {  // no progress without more input
                StartRead();
                return;
            }
        }
    }

    // The header is complete: Expect is handled before the body is read.
    bool CheckHeader() {
        if (req_.version >= 11 && parser_->expect_other()) {
            SendLocal(417, true);
            return false;
        }
        if (req_.version >= 11 && parser_->expect_continue() && !parser_->is_done() && begin_ == end_) {
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            ErrorCode ec;
            const size_t n = socket_.write_some(asio::const_buffer(kContinue.data(), kContinue.size()), ec);
            if (n != kContinue.size()) {  // cannot happen on a fresh socket; never send half a line
                CloseNow();
                return false;
            }
        }
        return true;
    }

    void OnRequest() {
        keep_alive_ = parser_->keep_alive();
        const bhttp::verb verb = parser_->verb();
        parser_.reset();
        server_.CountRequest();
        if (server_.Stopping()) {
            SendLocal(503, true);
            return;
        }
        if (verb != bhttp::verb::get && verb != bhttp::verb::post && verb != bhttp::verb::head &&
            verb != bhttp::verb::put) {
            SendLocal(405, false);
            return;
        }
        if (Logger* log = server_.log(); log && log->Enabled(LogCategory::kHttp)) {
            log->Debug(LogCategory::kHttp,
                       "Received a " + req_.verb + " request for " + req_.target + " from " + req_.peer);
        }
        counted_ = true;
        server_.RequestStarted();
        state_ = State::kProcessing;
        server_.Enqueue(shared_from_this());
    }

    void StartRead() {
        if (begin_ > 0 && (end_ == capacity_ || capacity_ - end_ < 4096)) {
            std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (end_ == capacity_) {  // an incomplete element larger than the buffer
            SendLocal(413, true);
            return;
        }
        socket_.async_read_some(
            asio::buffer(buffer_.get() + end_, capacity_ - end_),
            [self = shared_from_this()](const ErrorCode& ec, size_t n) { self->OnRead(ec, n); });
    }

    void OnRead(const ErrorCode& ec, size_t n) {
        if (state_ == State::kClosed) return;
        if (ec) {
            CloseNow();
            return;
        }
        end_ += n;
        // A body (or a header continued after a complete one) that keeps arriving extends the
        // deadline; a header must complete within one timeout of the connection becoming idle.
        if (parser_ && parser_->is_header_done()) deadline_ = SteadyClock::now() + server_.options().timeout;
        ParseBuffered();
    }

    // Writes the response header into out_head_ and takes the body.
    void PrepareReply(HttpReply&& reply) {
        if (!keep_alive_) close_after_ = true;
        const bool v10 = req_.version < 11;
        out_head_.clear();
        out_head_.append(v10 ? "HTTP/1.0 " : "HTTP/1.1 ");
        AppendNumber(out_head_, static_cast<uint64_t>(reply.status));
        out_head_ += ' ';
        out_head_.append(ReasonPhrase(reply.status));
        out_head_.append("\r\nContent-Type: ");
        out_head_.append(reply.content_type.empty() ? kDefaultContentType
                                                    : std::string_view(reply.content_type));
        out_head_.append("\r\nDate: ");
        AppendDate(out_head_);
        out_head_.append("\r\nContent-Length: ");
        AppendNumber(out_head_, reply.body.size());
        if (close_after_) {
            out_head_.append("\r\nConnection: close");
        } else if (v10) {
            out_head_.append("\r\nConnection: keep-alive");
        }
        for (const auto& [name, value] : reply.headers) {
            out_head_.append("\r\n").append(name).append(": ").append(value);
        }
        out_head_.append("\r\n\r\n");
        out_body_ = std::move(reply.body);
        if (head_) out_body_.clear();
        written_ = 0;
        write_failed_ = false;
        out_total_ = out_head_.size() + out_body_.size();
    }

    std::array<asio::const_buffer, 2> Remaining() const {
        const size_t head_done = std::min(written_, out_head_.size());
        const size_t body_done = written_ - head_done;
        return {asio::const_buffer(out_head_.data() + head_done, out_head_.size() - head_done),
                asio::const_buffer(out_body_.data() + body_done, out_body_.size() - body_done)};
    }

    // A non-blocking write of as much as the socket takes now.
    void TryWrite() {
        ErrorCode ec;
        const size_t n = socket_.write_some(Remaining(), ec);
        if (ec && ec != asio::error::would_block && ec != asio::error::try_again) write_failed_ = true;
        written_ += n;
    }

    // IO thread, after TryWrite: finish the reply asynchronously if needed.
    void AfterDirectWrite() {
        if (state_ == State::kClosed) return;
        if (write_failed_) {
            CloseNow();
            return;
        }
        if (written_ < out_total_) {
            state_ = State::kWriting;
            deadline_ = SteadyClock::now() + server_.options().timeout;
            ContinueWrite();
            return;
        }
        ResponseDone();
    }

    void ContinueWrite() {
        socket_.async_write_some(Remaining(), [self = shared_from_this()](const ErrorCode& ec, size_t n) {
            self->OnWrite(ec, n);
        });
    }

    void OnWrite(const ErrorCode& ec, size_t n) {
        if (state_ == State::kClosed) return;
        if (ec) {
            CloseNow();
            return;
        }
        written_ += n;
        deadline_ = SteadyClock::now() + server_.options().timeout;
        if (written_ < out_total_) {
            ContinueWrite();
        } else {
            ResponseDone();
        }
    }

    // IO thread: the reply is fully written.
    void ResponseDone() {
        if (counted_) {
            counted_ = false;
            server_.RequestDone();
        }
        if (out_body_.capacity() > kKeepCapacity) std::string().swap(out_body_);
        if (close_after_) {
            StartLinger();
            return;
        }
        EnterReading();
    }

    // IO thread: a reply produced by the server itself. Continues through a post so that a stream of
    // pipelined bad requests cannot recurse.
    void SendLocal(int status, bool close) {
        parser_.reset();
        if (close) close_after_ = true;
        HttpReply reply;
        reply.status = status;
        if (status == 400 || status == 413 || status == 417 || status == 503) reply.body = ErrorPage(status);
        PrepareReply(std::move(reply));
        TryWrite();
        state_ = State::kWriting;
        deadline_ = SteadyClock::now() + server_.options().timeout;
        asio::post(io_.ioc, [self = shared_from_this()]() { self->AfterDirectWrite(); });
    }

    void StartDelay() {
        if (state_ == State::kClosed) return;
        state_ = State::kDelaying;
        if (!delay_timer_) delay_timer_ = std::make_unique<asio::steady_timer>(io_.ioc);
        delay_timer_->expires_after(delayed_.delay);
        delay_timer_->async_wait([self = shared_from_this()](const ErrorCode&) {
            if (self->state_ == State::kClosed) return;
            HttpReply reply = std::move(self->delayed_);
            self->delayed_ = HttpReply();
            self->PrepareReply(std::move(reply));
            self->TryWrite();
            self->AfterDirectWrite();
        });
    }

    // Half-closes and drains input until the peer closes, so that it reads the last reply.
    void StartLinger() {
        state_ = State::kLingering;
        parser_.reset();
        begin_ = end_ = 0;
        ErrorCode ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
        if (ec) {
            CloseNow();
            return;
        }
        deadline_ =
            SteadyClock::now() + std::min<std::chrono::milliseconds>(server_.options().timeout, kLingerTime);
        LingerRead();
    }

    void LingerRead() {
        socket_.async_read_some(asio::buffer(buffer_.get(), capacity_),
                                [self = shared_from_this()](const ErrorCode& ec, size_t n) {
                                    if (self->state_ == State::kClosed) return;
                                    self->lingered_ += n;
                                    if (ec || self->lingered_ > kLingerBytes) {
                                        self->CloseNow();
                                        return;
                                    }
                                    self->LingerRead();
                                });
    }

    HttpServer::Impl& server_;
    IoThread& io_;
    tcp::socket socket_;
    const bool allowed_;
    State state_ = State::kNew;
    SteadyClock::time_point deadline_{};
    size_t registry_index_ = 0;
    bool registered_ = false;
    bool counted_ = false;  // this request is counted in the server's in-flight total

    // Input: buffer_[begin_, end_) is received but not yet parsed.
    std::unique_ptr<char[]> buffer_;
    const size_t capacity_;
    size_t begin_ = 0;
    size_t end_ = 0;
    std::optional<RequestParser> parser_;
    bool header_checked_ = false;
    size_t header_bytes_ = 0;  // of the current header, consumed by the parser so far
    HttpRequest req_;
    bool keep_alive_ = true;
    bool head_ = false;

    // Output.
    std::string out_head_;
    std::string out_body_;
    size_t out_total_ = 0;
    size_t written_ = 0;
    bool write_failed_ = false;
    bool close_after_ = false;
    size_t lingered_ = 0;
    HttpReply delayed_;
    std::unique_ptr<asio::steady_timer> delay_timer_;
};

void IoThread::HandBack(std::shared_ptr<Connection> connection) {
    bool post;
    {
        std::lock_guard l(handback_mu);
        handback.push_back(std::move(connection));
        post = !drain_posted;
        drain_posted = true;
    }
    if (post) asio::post(ioc, [this] { Drain(); });
}

void IoThread::Drain() {
    {
        std::lock_guard l(handback_mu);
        draining.swap(handback);
        drain_posted = false;
    }
    for (auto& connection : draining) connection->OnHandedBack();
    draining.clear();
}

}  // namespace

bool HttpClientAllowed(const IpAddress& peer, const std::vector<Subnet>& allowed,
                       bool always_allow_loopback) {
    if (always_allow_loopback && peer.IsLoopback()) return true;
    return std::any_of(allowed.begin(), allowed.end(), [&](const Subnet& s) { return s.Match(peer); });
}

HttpServer::Impl::Impl(HttpServerOptions options, HttpHandler handler, Logger* log)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      log_(log),
      buffer_size_(std::max<size_t>(16384, static_cast<size_t>(options_.max_header_size) + 4096)),
      sweep_interval_(std::clamp<std::chrono::milliseconds>(
          options_.timeout / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000))) {}

HttpServer::Impl::~Impl() {
    Stop();
}

Status HttpServer::Impl::Bind(const HttpEndpoint& endpoint) {
    std::string host = endpoint.host;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    std::vector<tcp::endpoint> targets;
    if (host.empty()) {
        targets.emplace_back(asio::ip::address_v6::any(), endpoint.port);
        targets.emplace_back(asio::ip::address_v4::any(), endpoint.port);
    } else {
        ErrorCode ec;
        const asio::ip::address address = asio::ip::make_address(host, ec);
        if (!ec) {
            targets.emplace_back(address, endpoint.port);
        } else {
            tcp::resolver resolver(io_[0]->ioc);
            auto results = resolver.resolve(host, std::to_string(endpoint.port), ec);
            if (ec) {
                return Error("http-bind", "binding RPC on " + endpoint.host + ":" +
                                              std::to_string(endpoint.port) + " failed: " + ec.message());
            }
            for (const auto& r : results) {
                if (std::find(targets.begin(), targets.end(), r.endpoint()) == targets.end()) {
                    targets.push_back(r.endpoint());
                }
            }
        }
    }
    for (const tcp::endpoint& target : targets) {
        auto listener = std::make_unique<Listener>(io_[0]->ioc);
        tcp::acceptor& a = listener->acceptor;
        ErrorCode ec;
        a.open(target.protocol(), ec);
        if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec && target.address().is_v6()) a.set_option(asio::ip::v6_only(true), ec);
        if (!ec) a.bind(target, ec);
        if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
        if (ec && host.empty() && target.address().is_v6() &&
            ec == asio::error::address_family_not_supported) {
            continue;  // "all interfaces" on a host without IPv6
        }
        if (ec) {
            return Error("http-bind",
                         "binding RPC on " + FormatEndpoint(target) + " failed: " + ec.message());
        }
        const tcp::endpoint local = a.local_endpoint(ec);
        listener->endpoint.host = ToIpAddress(local.address()).ToString();
        listener->endpoint.port = local.port();
        if (log_) log_->Info("Bound to " + FormatEndpoint(local));
        listeners_.push_back(std::move(listener));
    }
    return Status::Ok();
}

Status HttpServer::Impl::Start() {
    std::lock_guard lifecycle(lifecycle_mu_);
    if (started_) return Error("http-start", "the HTTP server can be started only once");
    started_ = true;
    const int io_threads = std::max(1, options_.io_threads);
    for (int i = 0; i < io_threads; ++i) io_.push_back(std::make_unique<IoThread>());

    std::string failures;
    for (const HttpEndpoint& endpoint : options_.bind) {
        Status st = Bind(endpoint);
        if (st.ok()) continue;
        if (!options_.allow_partial_bind) {
            listeners_.clear();
            return st.error();
        }
        if (log_) log_->Warning(st.error().message);
        failures += (failures.empty() ? "" : "; ") + st.error().message;
    }
    if (listeners_.empty()) {
        return Error("http-bind", "unable to bind any endpoint for RPC server" +
                                      (failures.empty() ? std::string() : ": " + failures));
    }
    {
        std::lock_guard l(endpoints_mu_);
        for (const auto& listener : listeners_) bound_.push_back(listener->endpoint);
    }

    for (auto& io : io_) {
        io->guard.emplace(io->ioc.get_executor());
        ScheduleSweep(*io);
    }
    for (auto& listener : listeners_) DoAccept(*listener);
    for (auto& io : io_) {
        IoThread* t = io.get();
        t->thread = std::thread([this, t] {
            SetThreadName("ocean-http");
            for (;;) {
                try {
                    t->ioc.run();
                    return;
                } catch (const std::exception& e) {
                    if (log_) log_->Error(std::string("HTTP event loop: ") + e.what());
                }
            }
        });
    }
    const int workers = std::max(1, options_.worker_threads);
    for (int i = 0; i < workers; ++i) {
        workers_.emplace_back([this, i] {
            SetThreadName("ocean-httpw." + std::to_string(i));
            WorkerLoop();
        });
    }
    running_.store(true);
    return Status::Ok();
}

std::vector<HttpEndpoint> HttpServer::Impl::BoundEndpoints() const {
    std::lock_guard l(endpoints_mu_);
    return bound_;
}

void HttpServer::Impl::DoAccept(Listener& listener) {
    IoThread& target = *io_[next_io_++ % io_.size()];
    listener.acceptor.async_accept(target.ioc,
                                   [this, &listener, &target](const ErrorCode& ec, tcp::socket socket) {
                                       OnAccept(listener, target, ec, std::move(socket));
                                   });
}

void HttpServer::Impl::OnAccept(Listener& listener, IoThread& target, const ErrorCode& ec,
                                tcp::socket socket) {
    if (ec == asio::error::operation_aborted || acceptors_closed_) return;
    if (ec) {
        if (log_) log_->Warning("RPC accept failed: " + ec.message());
        // Out of descriptors or memory: back off instead of spinning on the error.
        listener.retry_timer.expires_after(std::chrono::milliseconds(100));
        listener.retry_timer.async_wait([this, &listener](const ErrorCode& e) {
            if (!e && !acceptors_closed_) DoAccept(listener);
        });
        return;
    }
    ErrorCode e;
    const tcp::endpoint remote = socket.remote_endpoint(e);
    if (!e) {
        const IpAddress ip = ToIpAddress(remote.address());
        const bool allowed = HttpClientAllowed(ip, options_.allowed_subnets, options_.always_allow_loopback);
        socket.set_option(tcp::no_delay(true), e);
        socket.non_blocking(true, e);
        if (!e) {
            connections_.fetch_add(1, std::memory_order_relaxed);
            auto connection = std::make_shared<Connection>(*this, target, std::move(socket),
                                                           FormatHostPort(ip, remote.port()), allowed);
            if (&target == io_[0].get()) {
                connection->Start();
            } else {
                asio::post(target.ioc, [connection] { connection->Start(); });
            }
        }
    }
    DoAccept(listener);
}

void HttpServer::Impl::ScheduleSweep(IoThread& io) {
    io.sweep_timer.expires_after(sweep_interval_);
    io.sweep_timer.async_wait([this, &io](const ErrorCode& ec) {
        if (ec || io.closed) return;
        const auto now = SteadyClock::now();
        // Backwards, so that the swap-removal of a closed entry only moves already visited ones.
        for (size_t i = io.connections.size(); i-- > 0;) {
            if (i >= io.connections.size()) continue;
            Connection* c = io.connections[i];
            if (c->Expired(now)) {
                auto hold = c->shared_from_this();
                c->CloseNow();
            }
        }
        ScheduleSweep(io);
    });
}

void HttpServer::Impl::CloseAll(IoThread& io) {
    if (&io == io_[0].get()) CloseListeners();
    io.closed = true;
    io.sweep_timer.cancel();
    while (!io.connections.empty()) {
        auto hold = io.connections.back()->shared_from_this();
        hold->CloseNow();
    }
    io.guard.reset();
}

void HttpServer::Impl::Enqueue(std::shared_ptr<Connection> connection) {
    bool wake = false;
    {
        std::lock_guard l(queue_mu_);
        if (queue_.size() < static_cast<size_t>(std::max(1, options_.work_queue_depth))) {
            queue_.push_back(std::move(connection));
            wake = idle_workers_ > 0;
        } else {
            parked_.push_back(std::move(connection));
            paused_.fetch_add(1, std::memory_order_relaxed);
        }
    }
    if (wake) queue_cv_.notify_one();
}

void HttpServer::Impl::WorkerLoop() {
    std::unique_lock l(queue_mu_);
    for (;;) {
        if (queue_.empty()) {
            if (workers_stop_) return;
            ++idle_workers_;
            queue_cv_.wait(l);
            --idle_workers_;
            continue;
        }
        std::shared_ptr<Connection> connection = std::move(queue_.front());
        queue_.pop_front();
        if (!parked_.empty()) {
            queue_.push_back(std::move(parked_.front()));
            parked_.pop_front();
        }
        l.unlock();
        Connection::Process(std::move(connection));
        l.lock();
    }
}

void HttpServer::Impl::RequestDone() {
    if (inflight_.fetch_sub(1) == 1 && stopping_.load()) {
        std::lock_guard l(inflight_mu_);
        inflight_cv_.notify_all();
    }
}

void HttpServer::Impl::CloseListeners() {
    acceptors_closed_ = true;
    for (auto& listener : listeners_) {
        ErrorCode ec;
        listener->acceptor.close(ec);
        listener->retry_timer.cancel();
    }
}

void HttpServer::Impl::Interrupt() {
    stopping_.store(true);
    // Fire and forget: may be called from a handler, or race with Stop (which closes them itself).
    if (running_.load()) asio::post(io_[0]->ioc, [this] { CloseListeners(); });
}

void HttpServer::Impl::Stop() {
    std::lock_guard lifecycle(lifecycle_mu_);
    if (!running_.load()) return;
    stopping_.store(true);
    {
        // Close the listeners on their thread and wait for it: every accept that completed before
        // has posted its connection's start by then, ahead of CloseAll below.
        std::promise<void> done;
        asio::post(io_[0]->ioc, [&] {
            CloseListeners();
            done.set_value();
        });
        done.get_future().wait();
    }
    {
        std::unique_lock l(inflight_mu_);
        inflight_cv_.wait(l, [&] { return inflight_.load() == 0; });
    }
    for (auto& io : io_) {
        IoThread* t = io.get();
        asio::post(t->ioc, [this, t] { CloseAll(*t); });
    }
    for (auto& io : io_) {
        if (io->thread.joinable()) io->thread.join();
    }
    {
        std::lock_guard l(queue_mu_);
        workers_stop_ = true;
    }
    queue_cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    running_.store(false);
}

HttpServer::Stats HttpServer::Impl::GetStats() const {
    Stats s;
    s.connections = connections_.load(std::memory_order_relaxed);
    s.requests = requests_.load(std::memory_order_relaxed);
    s.paused = paused_.load(std::memory_order_relaxed);
    return s;
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, Logger* log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), log)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Start() {
    return impl_->Start();
}

std::vector<HttpEndpoint> HttpServer::BoundEndpoints() const {
    return impl_->BoundEndpoints();
}

void HttpServer::Interrupt() {
    impl_->Interrupt();
}

void HttpServer::Stop() {
    impl_->Stop();
}

HttpServer::Stats HttpServer::GetStats() const {
    return impl_->GetStats();
}

}  // namespace ocean
