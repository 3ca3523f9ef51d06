#include "ocean/net/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "ocean/util/logging.h"

namespace ocean {

namespace asio = boost::asio;

Connection::Connection(asio::ip::tcp::socket socket, PeerId id_, const Service& addr_, ConnectionType type_,
                       bool whitelisted_, const NetMagic& magic, const ConnectionLimits& limits,
                       int64_t now_seconds, Logger& log)
    : id(id_),
      addr(addr_),
      type(type_),
      whitelisted(whitelisted_),
      connected_time(now_seconds),
      socket_(std::move(socket)),
      magic_(magic),
      limits_(limits),
      log_(log),
      reader_(magic) {
    boost::system::error_code ec;
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    last_write_progress_ = std::chrono::steady_clock::now();
}

Connection::~Connection() = default;

void Connection::Start(std::function<void()> on_message) {
    on_message_ = std::move(on_message);
    ReadSome();
}

bool Connection::PushMessage(std::string_view command, ByteSpan payload) {
    if (disconnecting_.load()) return false;
    auto msg = BuildMessage(magic_, command, payload);
    if (!msg) return false;
    bool start = false;
    {
        std::lock_guard lock(mutex_);
        send_queue_bytes_ += msg->size();
        stats_.sent_per_msg[std::string(command)] += msg->size();
        send_queue_.push_back(std::move(msg.value()));
        if (!write_in_flight_) {
            write_in_flight_ = true;
            start = true;
        }
    }
    if (start) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->StartWrite(); });
    return true;
}

void Connection::Disconnect(std::string_view reason, bool flush) {
    {
        std::lock_guard lock(mutex_);
        if (disconnecting_.exchange(true)) return;
        disconnect_time_ = std::chrono::steady_clock::now();
        flush_before_close_ = flush && (write_in_flight_ || !send_queue_.empty());
        if (flush_before_close_) {
            log_.Debug(LogCategory::kNet, "disconnecting peer=" + std::to_string(id) + " " + addr.ToString() +
                                              " after sending what is queued: " + std::string(reason));
            return;  // the write loop closes the socket once the queue is empty
        }
    }
    log_.Debug(LogCategory::kNet, "disconnecting peer=" + std::to_string(id) + " " + addr.ToString() + ": " +
                                      std::string(reason));
    CloseNow();
}

void Connection::CloseNow() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
}

std::chrono::steady_clock::time_point Connection::DisconnectTime() const {
    std::lock_guard lock(mutex_);
    return disconnect_time_;
}

bool Connection::SendBufferFull() const {
    std::lock_guard lock(mutex_);
    return send_queue_bytes_ > limits_.max_send_bytes;
}

size_t Connection::SendQueueBytes() const {
    std::lock_guard lock(mutex_);
    return send_queue_bytes_;
}

std::optional<NetMessage> Connection::PopMessage(bool* more) {
    bool resume = false;
    std::optional<NetMessage> msg;
    {
        std::lock_guard lock(mutex_);
        if (recv_queue_.empty()) {
            if (more) *more = false;
            return std::nullopt;
        }
        msg = std::move(recv_queue_.front());
        recv_queue_.pop_front();
        recv_queue_bytes_ -= msg->payload.size() + kMessageHeaderSize;
        if (more) *more = !recv_queue_.empty();
        if (read_paused_ && recv_queue_bytes_ <= limits_.max_receive_bytes) {
            read_paused_ = false;
            resume = true;
        }
    }
    if (resume) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->ReadSome(); });
    return msg;
}

Connection::Stats Connection::GetStats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::pair<int64_t, int64_t> Connection::LastSendRecv() const {
    std::lock_guard lock(mutex_);
    return {stats_.last_send, stats_.last_recv};
}

std::chrono::steady_clock::time_point Connection::LastWriteProgress() const {
    std::lock_guard lock(mutex_);
    return last_write_progress_;
}

// --- network thread ---

void Connection::ReadSome() {
    if (disconnecting_.load()) return;
    socket_.async_read_some(
        asio::buffer(read_buf_),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t n) { self->OnRead(ec, n); });
}

void Connection::OnRead(const boost::system::error_code& ec, size_t n) {
    if (ec) {
        if (ec != asio::error::operation_aborted) {
            Disconnect(ec == asio::error::eof ? "connection closed by peer" : "read error: " + ec.message());
        }
        return;
    }
    {
        std::lock_guard lock(mutex_);
        stats_.bytes_recv += n;
        if (total_recv) total_recv->fetch_add(n, std::memory_order_relaxed);
        stats_.last_recv = now ? now() : 0;
    }
    if (!Frame(ByteSpan(read_buf_.data(), n))) return;
    bool paused;
    {
        std::lock_guard lock(mutex_);
        paused = read_paused_ = recv_queue_bytes_ > limits_.max_receive_bytes;
    }
    if (!paused) ReadSome();
}

bool Connection::Frame(ByteSpan data) {
    bool queued = false;
    while (!data.empty()) {
        auto used = reader_.Feed(data);
        if (!used) {
            Disconnect(used.error().code == "bad-magic"
                           ? "wrong network magic"
                           : "oversized message (" + used.error().ToString() + ")");
            return false;
        }
        data = data.subspan(*used);
        if (auto msg = reader_.Take()) {
            std::lock_guard lock(mutex_);
            const size_t size = msg->payload.size() + kMessageHeaderSize;
            stats_.recv_per_msg[msg->valid_command ? msg->command : std::string("*other*")] += size;
            recv_queue_bytes_ += size;
            recv_queue_.push_back(std::move(*msg));
            queued = true;
        }
    }
    if (queued && on_message_) on_message_();
    return true;
}

void Connection::StartWrite() {
    {
        std::lock_guard lock(mutex_);
        if (closed_.load() || (disconnecting_.load() && !flush_before_close_) || send_queue_.empty()) {
            write_in_flight_ = false;
            if (flush_before_close_ && send_queue_.empty()) {
                flush_before_close_ = false;
                CloseNow();  // everything queued before the disconnect went out
            }
            return;
        }
        writing_.clear();
        while (!send_queue_.empty() && writing_.size() < 64) {
            writing_.push_back(std::move(send_queue_.front()));
            send_queue_.pop_front();
        }
    }
    std::vector<asio::const_buffer> buffers;
    buffers.reserve(writing_.size());
    for (const Bytes& b : writing_) buffers.emplace_back(b.data(), b.size());
    asio::async_write(
        socket_, buffers,
        [self = shared_from_this()](const boost::system::error_code& ec, size_t n) { self->OnWrite(ec, n); });
}

void Connection::OnWrite(const boost::system::error_code& ec, size_t n) {
    if (ec) {
        if (ec != asio::error::operation_aborted) {
            Disconnect("write error: " + ec.message());
            CloseNow();  // also ends a flushing disconnect
        }
        std::lock_guard lock(mutex_);
        write_in_flight_ = false;
        return;
    }
    bool drained = false;
    {
        std::lock_guard lock(mutex_);
        drained =
            send_queue_bytes_ > limits_.max_send_bytes && send_queue_bytes_ - n <= limits_.max_send_bytes;
        send_queue_bytes_ -= n;
        stats_.bytes_sent += n;
        if (total_sent) total_sent->fetch_add(n, std::memory_order_relaxed);
        stats_.last_send = now ? now() : 0;
        last_write_progress_ = std::chrono::steady_clock::now();
        writing_.clear();
    }
    // The handler stopped serving this peer while its buffer was full: let it go on.
    if (drained && on_message_) on_message_();
    StartWrite();
}

void Connection::CloseSocket() {
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    {
        std::lock_guard lock(mutex_);
        recv_queue_.clear();
        recv_queue_bytes_ = 0;
    }
    closed_.store(true);
    if (on_message_) on_message_();  // lets the handler notice and finalize the peer
}

}  // namespace ocean
