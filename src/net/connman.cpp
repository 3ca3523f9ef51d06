#include "ocean/net/connman.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>

#include "ocean/util/thread_name.h"

namespace ocean {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kHousekeepingInterval = std::chrono::seconds(1);
constexpr auto kManualRetry = std::chrono::seconds(5);
constexpr auto kSaveInterval = std::chrono::minutes(15);
// A peer that lets its send buffer overflow and reads nothing for this long is evicted.
constexpr auto kSendStallTimeout = std::chrono::seconds(60);
// How long a disconnect may take to send what was queued before it (a reject saying why).
constexpr auto kFlushTimeout = std::chrono::seconds(5);

Service ServiceFromEndpoint(const tcp::endpoint& ep) {
    Service s;
    const auto a = ep.address();
    if (a.is_v4()) {
        s.ip = IpAddress::FromIPv4(a.to_v4().to_bytes());
    } else {
        s.ip = IpAddress::FromIPv6(a.to_v6().to_bytes());
    }
    s.port = ep.port();
    return s;
}

tcp::endpoint EndpointFromService(const Service& s) {
    if (s.ip.IsIPv4()) {
        const auto& b = s.ip.bytes();
        return {asio::ip::address_v4({b[12], b[13], b[14], b[15]}), s.port};
    }
    return {asio::ip::address_v6(s.ip.bytes()), s.port};
}

}  // namespace

struct ConnectionManager::Impl {
    asio::io_context ioc{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
    struct Listener {
        explicit Listener(asio::io_context& io) : acceptor(io), retry(io) {}
        tcp::acceptor acceptor;
        asio::steady_timer retry;
        bool whitelisted = false;
        Service local;
    };
    std::vector<std::unique_ptr<Listener>> listeners;
    asio::steady_timer open_timer{ioc};
    tcp::resolver resolver{ioc};
    // Connects in progress, closed at shutdown.
    std::set<std::shared_ptr<tcp::socket>> connecting;
    std::atomic<bool> run_done{false};
};

ConnectionManager::ConnectionManager(ConnmanOptions options, const Clock& clock, Logger& log)
    : options_(std::move(options)),
      clock_(clock),
      log_(log),
      bans_(options_.datadir / "banlist.json", clock),
      addrs_(options_.datadir / "peers.dat", clock, std::random_device{}()),
      impl_(std::make_unique<Impl>()),
      network_active_(options_.network_active) {}

ConnectionManager::~ConnectionManager() {
    Stop();
}

Status ConnectionManager::Start(NetEvents& events) {
    events_ = &events;
    if (Status s = bans_.Load(); !s)
        log_.Warning("Invalid or corrupt banlist.json, starting empty: " + s.error().ToString());
    if (Status s = addrs_.Load(); !s)
        log_.Warning("Invalid or corrupt peers.dat, starting empty: " + s.error().ToString());
    bans_.SweepExpired();

    // Listening sockets.
    struct Want {
        Service addr;
        bool whitelisted;
        bool required;
    };
    std::vector<Want> wants;
    for (const Service& s : options_.whitebind) wants.push_back({s, true, true});
    if (options_.listen) {
        for (const Service& s : options_.bind) wants.push_back({s, false, true});
        if (options_.bind.empty() && options_.whitebind.empty()) {
            Service any6, any4;
            any6.port = any4.port = options_.port;
            any4.ip = IpAddress::FromIPv4({0, 0, 0, 0});
            wants.push_back({any6, false, false});
            wants.push_back({any4, false, false});
        }
    }
    bool any_bound = false;
    std::string first_error;
    for (const Want& w : wants) {
        auto l = std::make_unique<Impl::Listener>(impl_->ioc);
        boost::system::error_code ec;
        const tcp::endpoint ep = EndpointFromService(w.addr);
        l->acceptor.open(ep.protocol(), ec);
        if (!ec) l->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec && ep.address().is_v6()) l->acceptor.set_option(asio::ip::v6_only(true), ec);
        if (!ec) l->acceptor.bind(ep, ec);
        if (!ec) l->acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            const std::string msg =
                "Unable to bind to " + w.addr.ToString() + " on this computer (" + ec.message() + ")";
            if (w.required) return Error("net", msg + ". oceand is probably already running.");
            log_.Warning(msg);
            if (first_error.empty()) first_error = msg;
            continue;
        }
        l->whitelisted = w.whitelisted;
        l->local = ServiceFromEndpoint(l->acceptor.local_endpoint(ec));
        log_.Info("Bound to " + l->local.ToString() + (w.whitelisted ? " (whitelisted)" : ""));
        impl_->listeners.push_back(std::move(l));
        any_bound = true;
    }
    if (!wants.empty() && !any_bound) return Error("net", "Failed to listen on any port: " + first_error);

    impl_->guard.emplace(impl_->ioc.get_executor());
    for (size_t i = 0; i < impl_->listeners.size(); ++i) StartAccept(i);
    for (const std::string& n : options_.addnode) added_nodes_.push_back(n);
    started_ = true;
    net_thread_ = std::thread([this] {
        SetThreadName("ocean-net");
        impl_->ioc.run();
        impl_->run_done.store(true);
    });
    msg_thread_ = std::thread([this] {
        SetThreadName("ocean-msghand");
        MessageHandlerLoop();
    });
    asio::post(impl_->ioc, [this] {
        for (const std::string& seed : options_.seednode) Connect(seed, ConnectionType::kOneShot);
        OpenConnections();
    });
    return Status::Ok();
}

void ConnectionManager::Stop() {
    if (!started_) return;
    started_ = false;
    interrupt_.store(true);
    WakeMessageHandler();
    if (msg_thread_.joinable()) msg_thread_.join();
    asio::post(impl_->ioc, [this] {
        boost::system::error_code ec;
        for (auto& l : impl_->listeners) {
            l->acceptor.close(ec);
            l->retry.cancel();
        }
        impl_->open_timer.cancel();
        impl_->resolver.cancel();
        for (const auto& s : impl_->connecting) s->close(ec);
        for (const auto& p : Peers()) p->Disconnect("shutdown");
    });
    impl_->guard.reset();
    // Name lookups cannot be interrupted; do not wait for them longer than a moment.
    for (int i = 0; i < 300 && !impl_->run_done.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!impl_->run_done.load()) impl_->ioc.stop();
    if (net_thread_.joinable()) net_thread_.join();
    std::map<PeerId, std::shared_ptr<Connection>> peers;
    {
        std::lock_guard lock(peers_mutex_);
        peers.swap(peers_);
    }
    for (auto& [id, p] : peers) events_->FinalizePeer(*p);
    peers.clear();
    SaveFiles();
}

// ---------------------------------------------------------------------------------------------
// Message handling thread
// ---------------------------------------------------------------------------------------------

void ConnectionManager::WakeMessageHandler() {
    {
        std::lock_guard lock(wake_mutex_);
        wake_ = true;
    }
    wake_cv_.notify_one();
}

void ConnectionManager::MessageHandlerLoop() {
    auto next_housekeeping = std::chrono::steady_clock::now();
    while (!interrupt_.load()) {
        const auto peers = Peers();
        bool more = false;
        for (const auto& p : peers) {
            if (interrupt_.load()) return;
            if (!p->IsDisconnecting()) more |= events_->ProcessMessages(*p);
        }
        for (const auto& p : peers) {
            if (interrupt_.load()) return;
            if (!p->IsDisconnecting()) events_->SendMessages(*p);
        }
        if (std::chrono::steady_clock::now() >= next_housekeeping) {
            Housekeeping();
            next_housekeeping = std::chrono::steady_clock::now() + kHousekeepingInterval;
        }
        if (!more) {
            std::unique_lock lock(wake_mutex_);
            wake_cv_.wait_for(lock, std::chrono::milliseconds(100),
                              [this] { return wake_ || interrupt_.load(); });
            wake_ = false;
        }
    }
}

void ConnectionManager::Housekeeping() {
    const int64_t now = clock_.UnixSeconds();
    const auto steady = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<Connection>> closed;
    {
        std::lock_guard lock(peers_mutex_);
        for (auto it = peers_.begin(); it != peers_.end();) {
            if (it->second->IsClosed()) {
                closed.push_back(it->second);
                it = peers_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto& p : closed) events_->FinalizePeer(*p);
    closed.clear();

    for (const auto& p : Peers()) {
        if (p->IsDisconnecting()) {
            // A disconnect that flushes its queue gets a few seconds, not more.
            if (!p->IsClosed() && steady - p->DisconnectTime() > kFlushTimeout) p->CloseNow();
            continue;
        }
        const auto [last_send, last_recv] = p->LastSendRecv();
        if (now - p->connected_time > options_.initial_timeout_seconds &&
            (last_send == 0 || last_recv == 0)) {
            p->Disconnect("socket no message in first " + std::to_string(options_.initial_timeout_seconds) +
                          " seconds, " + std::to_string(last_recv != 0) + " " +
                          std::to_string(last_send != 0));
        } else if (last_send != 0 && now - last_send > options_.idle_timeout_seconds) {
            p->Disconnect("socket sending timeout: " + std::to_string(now - last_send) + "s");
        } else if (last_recv != 0 && now - last_recv > options_.idle_timeout_seconds) {
            p->Disconnect("socket receive timeout: " + std::to_string(now - last_recv) + "s");
        } else if (p->SendBufferFull() && steady - p->LastWriteProgress() > kSendStallTimeout) {
            p->Disconnect("send buffer stalled: the peer does not read");
        }
    }
    bans_.SweepExpired();
    if (steady - last_save_ > kSaveInterval) {
        SaveFiles();
        last_save_ = steady;
    }
    if (network_active_.load()) asio::post(impl_->ioc, [this] { OpenConnections(); });
}

void ConnectionManager::SaveFiles() {
    if (Status s = bans_.Save(); !s) log_.Error("Failed to save banlist.json: " + s.error().ToString());
    if (Status s = addrs_.Save(); !s) log_.Error("Failed to save peers.dat: " + s.error().ToString());
}

// ---------------------------------------------------------------------------------------------
// Outbound connections (network thread)
// ---------------------------------------------------------------------------------------------

void ConnectionManager::OpenConnections() {
    if (interrupt_.load() || !network_active_.load()) return;
    const auto steady = std::chrono::steady_clock::now();
    std::vector<std::string> due;  // manual targets to connect now
    int outbound = 0;
    std::set<std::vector<uint8_t>> outbound_groups;
    std::set<Service> connected;
    {
        std::lock_guard lock(peers_mutex_);
        std::vector<std::string> manual = options_.connect;
        for (const auto& n : added_nodes_) manual.push_back(n);
        std::set<std::string> connected_targets(pending_connects_.begin(), pending_connects_.end());
        int manual_count = 0;
        for (const auto& [id, p] : peers_) {
            connected.insert(p->addr);
            if (p->type == ConnectionType::kOutbound) {
                ++outbound;
                outbound_groups.insert(NetGroup(p->addr.ip));
            }
            if (p->type == ConnectionType::kManual) ++manual_count;
            if (!p->target.empty()) connected_targets.insert(p->target);
        }
        for (const std::string& target : manual) {
            if (connected_targets.count(target)) continue;
            if (auto s = Service::Parse(target, options_.port); s && connected.count(*s)) continue;
            if (manual_count >= kMaxAddnode + static_cast<int>(options_.connect.size())) break;
            auto& next = next_attempt_[target];
            if (steady < next) continue;
            next = steady + kManualRetry;
            ++manual_count;
            due.push_back(target);
        }
    }
    for (const std::string& target : due) Connect(target, ConnectionType::kManual);
    if (!options_.automatic_connections) return;
    const int max_outbound = std::min(kMaxOutbound, options_.max_connections);
    int pending;
    {
        std::lock_guard lock(peers_mutex_);
        pending = static_cast<int>(pending_connects_.size());
    }
    if (outbound + pending >= max_outbound) return;
    auto pick = addrs_.Select([&](const Service& s) {
        if (connected.count(s) || bans_.IsBanned(s.ip)) return true;
        if (s.ip.IsIPv4() ? !options_.onlynet_ipv4 : !options_.onlynet_ipv6) return true;
        return outbound_groups.count(NetGroup(s.ip)) > 0;
    });
    if (!pick) return;
    const Service target = Service::FromNetAddress(pick->addr);
    addrs_.Attempt(target);
    Connect(target.ToString(), ConnectionType::kOutbound);
}

void ConnectionManager::Connect(const std::string& target, ConnectionType type) {
    {
        std::lock_guard lock(peers_mutex_);
        if (!pending_connects_.insert(target).second) return;
    }
    if (auto s = Service::Parse(target, options_.port)) {
        ConnectTo(EndpointFromService(*s), target, type);
        return;
    }
    // host:port or host
    std::string host = target, port = std::to_string(options_.port);
    if (const size_t colon = target.rfind(':'); colon != std::string::npos && target.find(':') == colon) {
        host = target.substr(0, colon);
        port = target.substr(colon + 1);
    }
    if (!options_.dns) {
        log_.Warning("Cannot connect to " + target + ": not a numeric address and -dns=0");
        std::lock_guard lock(peers_mutex_);
        pending_connects_.erase(target);
        return;
    }
    impl_->resolver.async_resolve(
        host, port,
        [this, target, type](const boost::system::error_code& ec, tcp::resolver::results_type results) {
            if (ec || results.empty()) {
                log_.Debug(LogCategory::kNet, "cannot resolve " + target + ": " + ec.message());
                std::lock_guard lock(peers_mutex_);
                pending_connects_.erase(target);
                return;
            }
            ConnectTo(results.begin()->endpoint(), target, type);
        });
}

void ConnectionManager::ConnectTo(const tcp::endpoint& ep, const std::string& target, ConnectionType type) {
    const Service addr = ServiceFromEndpoint(ep);
    if (interrupt_.load() || (type == ConnectionType::kOutbound && bans_.IsBanned(addr.ip))) {
        std::lock_guard lock(peers_mutex_);
        pending_connects_.erase(target);
        return;
    }
    log_.Debug(LogCategory::kNet, "trying connection " + target);
    auto socket = std::make_shared<tcp::socket>(impl_->ioc);
    auto timer = std::make_shared<asio::steady_timer>(impl_->ioc);
    impl_->connecting.insert(socket);
    timer->expires_after(options_.connect_timeout);
    timer->async_wait([socket](const boost::system::error_code& ec) {
        if (!ec) {
            boost::system::error_code ignored;
            socket->close(ignored);
        }
    });
    socket->async_connect(ep, [this, socket, timer, addr, target, type](const boost::system::error_code& ec) {
        timer->cancel();
        impl_->connecting.erase(socket);
        if (ec || interrupt_.load() || !network_active_.load()) {
            log_.Debug(LogCategory::kNet,
                       "connection to " + target + " failed: " + (ec ? ec.message() : "stopping"));
            std::lock_guard lock(peers_mutex_);
            pending_connects_.erase(target);
            return;
        }
        AddConnection(std::move(*socket), addr, type, IsWhitelisted(addr.ip), target);
    });
}

// ---------------------------------------------------------------------------------------------
// Inbound connections (network thread)
// ---------------------------------------------------------------------------------------------

void ConnectionManager::StartAccept(size_t index) {
    Impl::Listener& l = *impl_->listeners[index];
    l.acceptor.async_accept([this, index](const boost::system::error_code& ec, tcp::socket socket) {
        Impl::Listener& l = *impl_->listeners[index];
        if (ec == asio::error::operation_aborted || interrupt_.load()) return;
        if (ec) {
            // Out of descriptors and similar: retry shortly instead of spinning.
            log_.Warning("accept failed: " + ec.message());
            l.retry.expires_after(std::chrono::milliseconds(500));
            l.retry.async_wait([this, index](const boost::system::error_code& e) {
                if (!e) StartAccept(index);
            });
            return;
        }
        OnAccepted(index, std::move(socket));
        StartAccept(index);
    });
}

void ConnectionManager::OnAccepted(size_t index, tcp::socket socket) {
    boost::system::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;
    Service addr = ServiceFromEndpoint(remote);
    const bool whitelisted = impl_->listeners[index]->whitelisted || IsWhitelisted(addr.ip);
    if (!network_active_.load()) {
        log_.Debug(LogCategory::kNet, "connection from " + addr.ToString() + " dropped: not accepting");
        return;
    }
    if (!whitelisted && bans_.IsBanned(addr.ip)) {
        log_.Debug(LogCategory::kNet, "connection from " + addr.ToString() + " dropped (banned)");
        return;
    }
    const int max_outbound = std::min(kMaxOutbound, options_.max_connections);
    const int max_inbound = std::max(0, options_.max_connections - max_outbound - 1);
    if (static_cast<int>(PeerCount(true)) >= max_inbound) {
        if (!AttemptToEvictConnection()) {
            log_.Debug(LogCategory::kNet,
                       "connection from " + addr.ToString() + " dropped: inbound slots full");
            return;
        }
    }
    AddConnection(std::move(socket), addr, ConnectionType::kInbound, whitelisted, {});
}

bool ConnectionManager::AttemptToEvictConnection() {
    struct Candidate {
        std::shared_ptr<Connection> peer;
        int64_t min_ping, last_block;
        std::vector<uint8_t> group;
    };
    std::vector<Candidate> c;
    for (const auto& p : Peers()) {
        if (!p->IsInbound() || p->whitelisted || p->IsDisconnecting()) continue;
        c.push_back({p, p->min_ping_usec.load(), p->last_block_time.load(), NetGroup(p->addr.ip)});
    }
    auto protect = [&c](size_t n, auto better) {
        std::sort(c.begin(), c.end(), better);
        c.erase(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(std::min(n, c.size())));
    };
    // Keep the fastest peers, those that last brought us blocks, then the longest-connected half.
    protect(8, [](const Candidate& a, const Candidate& b) { return a.min_ping < b.min_ping; });
    protect(4, [](const Candidate& a, const Candidate& b) { return a.last_block > b.last_block; });
    protect(c.size() / 2, [](const Candidate& a, const Candidate& b) {
        return a.peer->connected_time < b.peer->connected_time;
    });
    if (c.empty()) return false;
    // From the network group with most candidates, evict the youngest connection.
    std::map<std::vector<uint8_t>, std::vector<Candidate*>> groups;
    for (Candidate& x : c) groups[x.group].push_back(&x);
    auto biggest = std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
        return a.second.size() < b.second.size();
    });
    Candidate* victim = *std::max_element(biggest->second.begin(), biggest->second.end(),
                                          [](const Candidate* a, const Candidate* b) {
                                              return a->peer->connected_time < b->peer->connected_time;
                                          });
    victim->peer->Disconnect("evicted to make room for an inbound connection");
    return true;
}

void ConnectionManager::AddConnection(tcp::socket socket, const Service& addr, ConnectionType type,
                                      bool whitelisted, const std::string& target) {
    PeerId id;
    {
        std::lock_guard lock(peers_mutex_);
        id = next_id_++;
    }
    auto conn = std::make_shared<Connection>(std::move(socket), id, addr, type, whitelisted, options_.magic,
                                             options_.limits, clock_.UnixSeconds(), log_);
    conn->target = target;
    conn->now = [this] { return clock_.UnixSeconds(); };
    conn->total_sent = &total_sent_;
    conn->total_recv = &total_recv_;
    // The protocol layer knows the peer before the message handler can see it.
    events_->InitializePeer(*conn);
    {
        // Same network thread as OpenConnections: the target moves from pending to connected at once.
        std::lock_guard lock(peers_mutex_);
        if (!target.empty()) pending_connects_.erase(target);
        peers_[id] = conn;
    }
    log_.Debug(LogCategory::kNet, std::string(conn->IsInbound() ? "accepted" : "connected to") +
                                      " peer=" + std::to_string(conn->id) + " " + addr.ToString());
    conn->Start([this] { WakeMessageHandler(); });
    WakeMessageHandler();
}

bool ConnectionManager::IsWhitelisted(const IpAddress& ip) const {
    return std::any_of(options_.whitelist.begin(), options_.whitelist.end(),
                       [&](const Subnet& s) { return s.Match(ip); });
}

// ---------------------------------------------------------------------------------------------
// Queries and operator actions
// ---------------------------------------------------------------------------------------------

std::vector<std::shared_ptr<Connection>> ConnectionManager::Peers() const {
    std::lock_guard lock(peers_mutex_);
    std::vector<std::shared_ptr<Connection>> out;
    out.reserve(peers_.size());
    for (const auto& [id, p] : peers_) out.push_back(p);
    return out;
}

std::shared_ptr<Connection> ConnectionManager::FindPeer(PeerId id) const {
    std::lock_guard lock(peers_mutex_);
    auto it = peers_.find(id);
    return it == peers_.end() ? nullptr : it->second;
}

size_t ConnectionManager::PeerCount(std::optional<bool> inbound) const {
    std::lock_guard lock(peers_mutex_);
    size_t n = 0;
    for (const auto& [id, p] : peers_) {
        if (p->IsDisconnecting()) continue;
        if (!inbound || p->IsInbound() == *inbound) ++n;
    }
    return n;
}

bool ConnectionManager::DisconnectNode(const std::string& addr) {
    bool found = false;
    for (const auto& p : Peers()) {
        if (p->addr.ToString() == addr || (!p->target.empty() && p->target == addr)) {
            p->Disconnect("disconnectnode");
            found = true;
        }
    }
    return found;
}

bool ConnectionManager::DisconnectNode(PeerId id) {
    auto p = FindPeer(id);
    if (!p) return false;
    p->Disconnect("disconnectnode");
    return true;
}

bool ConnectionManager::IsLocalNonce(uint64_t nonce) const {
    std::lock_guard lock(peers_mutex_);
    return std::any_of(peers_.begin(), peers_.end(), [&](const auto& kv) {
        return !kv.second->IsInbound() && kv.second->local_nonce.load() == nonce;
    });
}

bool ConnectionManager::AddNode(const std::string& node) {
    {
        std::lock_guard lock(peers_mutex_);
        if (std::find(added_nodes_.begin(), added_nodes_.end(), node) != added_nodes_.end()) return false;
        added_nodes_.push_back(node);
        next_attempt_.erase(node);
    }
    if (started_) asio::post(impl_->ioc, [this] { OpenConnections(); });
    return true;
}

bool ConnectionManager::RemoveNode(const std::string& node) {
    std::lock_guard lock(peers_mutex_);
    auto it = std::find(added_nodes_.begin(), added_nodes_.end(), node);
    if (it == added_nodes_.end()) return false;
    added_nodes_.erase(it);
    return true;
}

std::vector<std::string> ConnectionManager::AddedNodes() const {
    std::lock_guard lock(peers_mutex_);
    return added_nodes_;
}

void ConnectionManager::OneTry(const std::string& node) {
    if (!started_ || !network_active_.load()) return;
    asio::post(impl_->ioc, [this, node] { Connect(node, ConnectionType::kManual); });
}

bool ConnectionManager::Ban(const Subnet& subnet, int64_t banned_until, BanReason reason) {
    if (!bans_.Ban(subnet, banned_until, reason)) return false;
    for (const auto& p : Peers()) {
        if (subnet.Match(p->addr.ip)) p->Disconnect("banned");
    }
    if (Status s = bans_.Save(); !s) log_.Error("Failed to save banlist.json: " + s.error().ToString());
    return true;
}

bool ConnectionManager::Unban(const Subnet& subnet) {
    if (!bans_.Unban(subnet)) return false;
    if (Status s = bans_.Save(); !s) log_.Error("Failed to save banlist.json: " + s.error().ToString());
    return true;
}

void ConnectionManager::ClearBans() {
    bans_.Clear();
    if (Status s = bans_.Save(); !s) log_.Error("Failed to save banlist.json: " + s.error().ToString());
}

void ConnectionManager::SetNetworkActive(bool active) {
    if (network_active_.exchange(active) == active) return;
    log_.Info(std::string("SetNetworkActive: ") + (active ? "true" : "false"));
    if (!active) {
        for (const auto& p : Peers()) p->Disconnect("network disabled");
    } else if (started_) {
        asio::post(impl_->ioc, [this] { OpenConnections(); });
    }
}

std::vector<Service> ConnectionManager::ListenEndpoints() const {
    std::vector<Service> out;
    for (const auto& l : impl_->listeners) out.push_back(l->local);
    return out;
}

}  // namespace ocean
