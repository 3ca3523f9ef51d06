// ConnectionManager: the node's P2P sockets. It listens (-listen, -bind, -whitebind, -port), opens
// outbound connections (-connect, -addnode and the addnode RPC, -seednode one-shots, then addresses
// from the address book up to eight), refuses banned and surplus inbound peers (evicting a weaker
// inbound peer to make room, as Ocean does), enforces the inactivity timeouts of p2p.md §4.3, and
// runs the message-handling loop that feeds each peer's messages to the NetEvents handler in turn.
// It owns the ban list (banlist.json) and the address book (peers.dat) and saves both periodically
// and at shutdown.
//
// Threads: one network thread runs the io_context (accepts, connects, socket reads and writes,
// timers); one message-handling thread ("msghand") calls NetEvents::ProcessMessages/SendMessages for
// every peer, round robin, and does housekeeping (timeouts, removal of closed peers, saving files).
// `peers_mutex_` guards the peer map and the added-node list; it is never held while calling into
// NetEvents or while a Connection's own lock is needed for long.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ocean/net/addr_book.h"
#include "ocean/net/ban_list.h"
#include "ocean/net/connection.h"
#include "ocean/net/message.h"
#include "ocean/net/net_events.h"
#include "ocean/net/service.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "ocean/util/result.h"
#include "ocean/util/subnet.h"

namespace ocean {

struct ConnmanOptions {
    NetMagic magic{0xfa, 0xbf, 0xb5, 0xda};
    uint16_t port = 7042;                           // -port: listening port, and default port of addresses
    bool listen = true;                             // -listen
    std::vector<Service> bind;                      // -bind; empty: all interfaces (IPv6 and IPv4) on `port`
    std::vector<Service> whitebind;                 // -whitebind: bound and its peers whitelisted
    std::vector<Subnet> whitelist;                  // -whitelist
    std::vector<std::string> connect;               // -connect: only these, no automatic connections
    bool automatic_connections = true;              // false with -connect or -noconnect
    std::vector<std::string> addnode;               // -addnode
    std::vector<std::string> seednode;              // -seednode
    bool dns = true;                                // -dns: name lookups for the three lists above
    bool onlynet_ipv4 = true, onlynet_ipv6 = true;  // -onlynet
    int max_connections = 125;                      // -maxconnections
    ConnectionLimits limits;                        // -maxreceivebuffer, -maxsendbuffer
    std::chrono::milliseconds connect_timeout{5000};  // -timeout
    int64_t ban_time = 86400;                         // -bantime, for misbehaviour bans
    bool network_active = true;
    std::filesystem::path datadir;  // where banlist.json and peers.dat live
    // Test hooks: the first-contact and idle limits of p2p.md §4.3.
    int64_t initial_timeout_seconds = 60;
    int64_t idle_timeout_seconds = 20 * 60;
};

class ConnectionManager {
  public:
    static constexpr int kMaxOutbound = 8;
    static constexpr int kMaxAddnode = 8;

    ConnectionManager(ConnmanOptions options, const Clock& clock, Logger& log);
    ~ConnectionManager();
    ConnectionManager(const ConnectionManager&) = delete;
    ConnectionManager& operator=(const ConnectionManager&) = delete;

    // Loads the ban list and address book, binds the listening sockets (a bind failure is an error)
    // and starts the two threads. `events` must outlive Stop().
    Status Start(NetEvents& events);
    // Stops accepting and connecting, closes every connection, joins the threads and saves the
    // ban list and address book. Idempotent.
    void Stop();

    // --- peers ---
    std::vector<std::shared_ptr<Connection>> Peers() const;
    std::shared_ptr<Connection> FindPeer(PeerId id) const;
    size_t PeerCount(std::optional<bool> inbound = std::nullopt) const;
    // Disconnects peers whose address is `addr` ("ip:port" as getpeerinfo shows it); false if none.
    bool DisconnectNode(const std::string& addr);
    bool DisconnectNode(PeerId id);
    // True when `nonce` is the version nonce of one of our connections (a connection to ourselves).
    bool IsLocalNonce(uint64_t nonce) const;
    // Wakes the message-handling thread (new work for SendMessages, e.g. a new tip).
    void WakeMessageHandler();

    // --- added nodes (addnode RPC, -addnode) ---
    // False when already in the list (add) or not in it (remove).
    bool AddNode(const std::string& node);
    bool RemoveNode(const std::string& node);
    std::vector<std::string> AddedNodes() const;
    // Opens one manual connection now, outside the added-node list (addnode "onetry").
    void OneTry(const std::string& node);

    // --- bans ---
    // Bans the subnet and disconnects every peer inside it. False when already banned.
    bool Ban(const Subnet& subnet, int64_t banned_until, BanReason reason);
    bool Unban(const Subnet& subnet);
    void ClearBans();
    BanList& Bans() { return bans_; }
    int64_t DefaultBanTime() const { return options_.ban_time; }

    AddrBook& Addresses() { return addrs_; }

    // --- state ---
    void SetNetworkActive(bool active);
    bool NetworkActive() const { return network_active_.load(); }
    uint64_t TotalBytesSent() const { return total_sent_.load(); }
    uint64_t TotalBytesRecv() const { return total_recv_.load(); }
    // The endpoints actually listening (after binding port 0 in tests).
    std::vector<Service> ListenEndpoints() const;
    const ConnmanOptions& Options() const { return options_; }

  private:
    struct Impl;
    void MessageHandlerLoop();
    void Housekeeping();
    void OpenConnections();
    void Connect(const std::string& target, ConnectionType type);
    void ConnectTo(const boost::asio::ip::tcp::endpoint& ep, const std::string& target, ConnectionType type);
    void StartAccept(size_t listener);
    void OnAccepted(size_t listener, boost::asio::ip::tcp::socket socket);
    void AddConnection(boost::asio::ip::tcp::socket socket, const Service& addr, ConnectionType type,
                       bool whitelisted, const std::string& target);
    bool AttemptToEvictConnection();
    bool IsWhitelisted(const IpAddress& ip) const;
    void SaveFiles();

    ConnmanOptions options_;
    const Clock& clock_;
    Logger& log_;
    BanList bans_;
    AddrBook addrs_;
    std::unique_ptr<Impl> impl_;  // io_context, acceptors, timers
    NetEvents* events_ = nullptr;

    mutable std::mutex peers_mutex_;
    std::map<PeerId, std::shared_ptr<Connection>> peers_;
    std::vector<std::string> added_nodes_;
    std::set<std::string> pending_connects_;  // targets with a connect in progress
    std::map<std::string, std::chrono::steady_clock::time_point> next_attempt_;  // per manual target
    PeerId next_id_ = 0;

    std::atomic<bool> network_active_{true};
    std::atomic<bool> interrupt_{false};
    std::atomic<uint64_t> total_sent_{0}, total_recv_{0};
    std::mutex wake_mutex_;
    std::condition_variable wake_cv_;
    bool wake_ = false;
    std::thread net_thread_, msg_thread_;
    bool started_ = false;
    std::chrono::steady_clock::time_point last_save_{};
};

}  // namespace ocean
