// Connection: one P2P peer's TCP connection — its socket, the framing of its byte stream into
// messages, the bounded queues between the network thread and the message-handling thread, and the
// traffic figures getpeerinfo reports. It knows nothing of what messages mean (PeerManager does).
//
// Threads: socket operations run on the connection manager's single network thread (the io_context
// thread), which reads, frames (MessageReader) and appends complete messages to the receive queue,
// and writes whatever the send queue holds. The message-handling thread takes messages with
// PopMessage and queues replies with PushMessage; both queues sit behind `mutex_`. Disconnect may be
// called from any thread: it marks the connection and closes the socket on the network thread.
//
// Bounds: reading pauses while more than `max_receive_bytes` of complete messages wait for the
// handler (p2p.md §2 flood control) and resumes when the handler drained them below the limit; the
// framing buffer holds at most one message. The sender side is bounded by callers: SendBufferFull()
// tells the handler to stop producing (it stops serving getdata and processing this peer's
// messages) until the kernel took the data.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/net/message.h"
#include "ocean/net/service.h"
#include "ocean/util/bytes.h"

namespace ocean {

class Logger;

using PeerId = int64_t;

// How a connection came about; decides slots, eviction and ban exemptions.
enum class ConnectionType : uint8_t {
    kInbound,
    kOutbound,  // automatic, from the address book
    kManual,    // -connect, -addnode, addnode RPC: never banned, never evicted
    kOneShot,   // -seednode: fetch addresses, then disconnect
};

struct ConnectionLimits {
    size_t max_receive_bytes = 5'000'000;  // -maxreceivebuffer × 1000
    size_t max_send_bytes = 1'000'000;     // -maxsendbuffer × 1000
};

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(boost::asio::ip::tcp::socket socket, PeerId id, const Service& addr, ConnectionType type,
               bool whitelisted, const NetMagic& magic, const ConnectionLimits& limits, int64_t now,
               Logger& log);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Network thread: starts reading; on_message runs (on the network thread) whenever a complete
    // message was queued, when a full send buffer drained below the limit, and once after the socket
    // is closed.
    void Start(std::function<void()> on_message);

    // --- any thread ---
    // Queues a message; false (and nothing queued) once the connection is disconnecting.
    bool PushMessage(std::string_view command, ByteSpan payload);
    // Closes the connection (idempotent); the reason is logged under -debug=net. With flush, what is
    // already queued (e.g. a reject explaining the disconnect) is written first; nothing more is read
    // or queued. The manager closes a flushing connection that has not finished within seconds.
    void Disconnect(std::string_view reason, bool flush = false);
    // Steady time Disconnect was called (for the manager's flush deadline).
    std::chrono::steady_clock::time_point DisconnectTime() const;
    // Closes the socket now (network thread, posted), ending a flush.
    void CloseNow();
    bool IsDisconnecting() const { return disconnecting_.load(); }
    // True once the socket is closed and no operation is pending (safe to forget the connection).
    bool IsClosed() const { return closed_.load(); }
    bool SendBufferFull() const;
    size_t SendQueueBytes() const;

    // --- message-handling thread ---
    // The next complete message, if any; *more says whether others wait behind it.
    std::optional<NetMessage> PopMessage(bool* more);

    // --- identity (immutable) ---
    const PeerId id;
    const Service addr;
    const ConnectionType type;
    const bool whitelisted;
    const int64_t connected_time;  // unix seconds
    bool IsInbound() const { return type == ConnectionType::kInbound; }
    // For manual and one-shot connections: the -addnode/-connect text it was opened for.
    std::string target;
    // Nonce of our version message on this connection (self-connection detection).
    std::atomic<uint64_t> local_nonce{0};

    // --- traffic figures ---
    struct Stats {
        int64_t last_send = 0, last_recv = 0;  // unix seconds
        uint64_t bytes_sent = 0, bytes_recv = 0;
        std::map<std::string, uint64_t> sent_per_msg, recv_per_msg;
    };
    Stats GetStats() const;
    // Unix seconds of the last byte sent and received (0: none yet), without copying the per-command
    // maps (the manager checks every peer's timeouts every second).
    std::pair<int64_t, int64_t> LastSendRecv() const;
    // Steady time of the last byte written (slow-peer detection).
    std::chrono::steady_clock::time_point LastWriteProgress() const;

    // Set by the manager before Start: unix time source for last_send/last_recv (mockable clock) and
    // node-wide byte counters (getnettotals).
    std::function<int64_t()> now;
    std::atomic<uint64_t>* total_sent = nullptr;
    std::atomic<uint64_t>* total_recv = nullptr;

    // Kept up to date by the peer manager for inbound eviction (which peers are worth keeping).
    std::atomic<int64_t> min_ping_usec{INT64_MAX};
    std::atomic<int64_t> last_block_time{0};

  private:
    void ReadSome();
    void OnRead(const boost::system::error_code& ec, size_t n);
    void StartWrite();
    void OnWrite(const boost::system::error_code& ec, size_t n);
    void CloseSocket();
    // Framing: feeds `data` through the reader, queueing complete messages. False on a fatal error.
    bool Frame(ByteSpan data);

    boost::asio::ip::tcp::socket socket_;
    const NetMagic magic_;
    const ConnectionLimits limits_;
    Logger& log_;
    MessageReader reader_;  // network thread only
    std::array<uint8_t, 64 * 1024> read_buf_;
    std::function<void()> on_message_;

    mutable std::mutex mutex_;  // guards everything below
    std::deque<NetMessage> recv_queue_;
    size_t recv_queue_bytes_ = 0;
    bool read_paused_ = false;
    std::deque<Bytes> send_queue_;
    size_t send_queue_bytes_ = 0;
    std::vector<Bytes> writing_;  // buffers of the write in flight
    bool write_in_flight_ = false;
    Stats stats_;
    std::chrono::steady_clock::time_point last_write_progress_;

    std::atomic<bool> disconnecting_{false};
    bool flush_before_close_ = false;                        // guarded by mutex_
    std::chrono::steady_clock::time_point disconnect_time_;  // guarded by mutex_
    std::atomic<bool> closed_{false};
};

}  // namespace ocean
