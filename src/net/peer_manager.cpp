#include "ocean/net/peer_manager.h"

#include <algorithm>
#include <random>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean {

namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

constexpr int32_t kInitProtoVersion = 209;
constexpr int32_t kCaddrTimeVersion = 31402;
constexpr int32_t kBip0031Version = 60000;
constexpr int32_t kNoBloomVersion = 70011;
constexpr int32_t kSendHeadersVersion = 70012;
constexpr int32_t kFeeFilterVersion = 70013;
constexpr auto kAvgFeeFilterBroadcastInterval = std::chrono::seconds(600);
constexpr auto kMaxFeeFilterChangeDelay = std::chrono::seconds(300);
constexpr size_t kMaxTxRequestBatch = 1000;
constexpr size_t kMaxRejectReasonLength = 111;
constexpr size_t kMaxKnownAddresses = 5000;
constexpr int64_t kAddrBogusTime = 100000000;
constexpr auto kAddrSendInterval = std::chrono::seconds(30);

// Reject codes of p2p.md §5 not already defined by acceptance (mempool/accept.h).
constexpr uint8_t kRejectMalformed = 0x01;
constexpr uint8_t kRejectObsolete = 0x11;

}  // namespace

struct PeerManager::PeerState {
    PeerId id = -1;
    Service addr;
    ConnectionType type = ConnectionType::kInbound;
    bool whitelisted = false;

    // Handshake.
    bool version_sent = false, got_version = false, connected = false;
    int32_t version = 0;
    int32_t send_version = kInitProtoVersion;
    uint64_t services = 0;
    std::string user_agent;  // sanitized
    std::optional<Service> addr_local;
    int32_t start_height = -1;
    bool relay = true;
    int64_t time_offset = 0;

    // Misbehaviour.
    int score = 0;
    bool should_ban = false;

    // Ping.
    uint64_t ping_nonce = 0;  // outstanding ping, 0 = none
    SteadyTime ping_start{};
    SteadyTime next_ping{};
    bool ping_queued = false;
    std::optional<int64_t> ping_usec, min_ping_usec;

    // Addresses.
    bool getaddr_answered = false, sent_getaddr = false;
    std::vector<NetAddress> addr_to_send;
    std::set<Service> addr_known;
    SteadyTime next_addr_send{};

    // Block sync.
    bool sync_started = false;
    bool prefer_headers = false;
    const BlockIndex* best_known = nullptr;   // the best block the peer is known to have
    const BlockIndex* last_common = nullptr;  // the last block both of us have (download cursor)
    const BlockIndex* best_header_sent = nullptr;
    std::optional<uint256> last_unknown_block;
    int unconnecting_headers = 0;
    std::vector<std::pair<uint256, int>> in_flight;  // requested blocks (hash, height), oldest first
    std::optional<SteadyTime> stalling_since;
    std::deque<Inv> getdata_queue;
    std::optional<uint256> continue_hash;  // getblocks continuation
    std::vector<uint256> blocks_to_announce;
    int64_t fee_filter = 0;  // the peer's feefilter (per 1000 vbytes)

    // Transaction relay.
    RollingTxidSet tx_known{PeerManager::kTxKnownCapacity};  // announced by or to the peer
    std::set<uint256> tx_to_announce;
    SteadyTime next_inv_send{};
    bool send_mempool = false;  // a `mempool` request to answer
    // Announced by the peer while another peer was fetching them: (txid, when to try this peer).
    std::deque<std::pair<uint256, SteadyTime>> tx_wanted;
    int64_t fee_filter_sent = -1;
    SteadyTime next_fee_filter{};

    bool OneShot() const { return type == ConnectionType::kOneShot; }
    bool Inbound() const { return type == ConnectionType::kInbound; }
    bool Witness() const { return (services & kNodeWitness) != 0; }
};

PeerManager::PeerManager(Chainstate& chain, ConnectionManager& connman, const Clock& clock, Logger& log,
                         PeerManagerOptions options, TxMempool* mempool, const AcceptOptions* accept_options)
    : chain_(chain),
      connman_(connman),
      clock_(clock),
      log_(log),
      options_(std::move(options)),
      rng_(std::random_device{}()),
      mempool_(accept_options ? mempool : nullptr),
      accept_options_(mempool ? accept_options : nullptr),
      orphans_(options_.max_orphan_txs, std::random_device{}()) {
    chain_.AddListener(this);
}

PeerManager::~PeerManager() {
    chain_.RemoveListener(this);
}

bool PeerManager::RegisterHandler(const std::string& command, Handler handler) {
    static const std::set<std::string> kBuiltIn = {
        "version",  "verack",     "ping",      "pong",        "addr",        "getaddr",     "inv",
        "getdata",  "notfound",   "getblocks", "getheaders",  "headers",     "sendheaders", "block",
        "tx",       "mempool",    "reject",    "feefilter",   "sendcmpct",   "cmpctblock",  "getblocktxn",
        "blocktxn", "filterload", "filteradd", "filterclear", "merkleblock", "alert"};
    std::lock_guard lock(mutex_);
    if (kBuiltIn.count(command) || command.empty() || command.size() > kCommandSize) return false;
    return handlers_.emplace(command, std::move(handler)).second;
}

PeerManager::PeerState* PeerManager::State(PeerId id) {
    auto it = peers_.find(id);
    return it == peers_.end() ? nullptr : it->second.get();
}

// ---------------------------------------------------------------------------------------------
// NetEvents
// ---------------------------------------------------------------------------------------------

void PeerManager::InitializePeer(Connection& peer) {
    auto st = std::make_unique<PeerState>();
    st->id = peer.id;
    st->addr = peer.addr;
    st->type = peer.type;
    st->whitelisted = peer.whitelisted;
    st->next_ping = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    peers_[peer.id] = std::move(st);
}

void PeerManager::FinalizePeer(Connection& peer) {
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    for (const auto& [h, height] : st->in_flight) {
        auto it = blocks_in_flight_.find(h);
        if (it != blocks_in_flight_.end() && it->second.peer == peer.id) blocks_in_flight_.erase(it);
    }
    std::erase_if(txs_requested_, [&](const auto& e) { return e.second.first == peer.id; });
    orphans_.EraseForPeer(peer.id);
    peers_.erase(peer.id);
}

bool PeerManager::ProcessMessages(Connection& peer) {
    bool serve = false;
    {
        std::lock_guard lock(mutex_);
        PeerState* st = State(peer.id);
        if (!st) return false;
        serve = !st->getdata_queue.empty();
    }
    if (serve) {
        // Pending getdata is served before anything more is read from this peer (bounds its queue).
        std::lock_guard chain_lock(chain_.mutex());
        std::lock_guard lock(mutex_);
        PeerState* st = State(peer.id);
        if (!st) return false;
        ServeGetData(peer, *st);
        if (!st->getdata_queue.empty()) return false;  // the connection wakes us when its buffer drains
    }
    if (peer.SendBufferFull()) return false;
    bool more = false;
    auto msg = peer.PopMessage(&more);
    if (!msg) return false;
    Dispatch(peer, *msg);
    {
        std::lock_guard lock(mutex_);
        PeerState* st = State(peer.id);
        if (st && st->should_ban) MaybeBan(peer, *st);
    }
    return more;
}

void PeerManager::Dispatch(Connection& peer, const NetMessage& msg) {
    if (!msg.valid_command) {
        log_.Debug(LogCategory::kNet, "ERRORS IN HEADER from peer=" + std::to_string(peer.id));
        return;
    }
    if (!msg.valid_checksum) {
        log_.Debug(LogCategory::kNet,
                   "CHECKSUM ERROR in " + msg.command + " from peer=" + std::to_string(peer.id));
        return;
    }
    const std::string& cmd = msg.command;
    const ByteSpan payload(msg.payload);
    log_.Debug(LogCategory::kNet, "received: " + cmd + " (" + std::to_string(msg.payload.size()) +
                                      " bytes) peer=" + std::to_string(peer.id));
    {
        std::lock_guard lock(mutex_);
        PeerState* st = State(peer.id);
        if (!st) return;
        if (cmd != "version" && !st->got_version) {
            MisbehavingLocked(*st, 1, "message " + cmd + " before version");
            return;
        }
        if (cmd != "version" && cmd != "verack" && !st->connected) {
            MisbehavingLocked(*st, 1, "message " + cmd + " before verack");
            return;
        }
    }
    if (cmd == "version") return OnVersion(peer, payload);
    if (cmd == "verack") return OnVerack(peer);
    if (cmd == "ping") return OnPing(peer, payload);
    if (cmd == "pong") return OnPong(peer, payload);
    if (cmd == "addr") return OnAddr(peer, payload);
    if (cmd == "getaddr") return OnGetAddr(peer);
    if (cmd == "inv") return OnInv(peer, payload);
    if (cmd == "getdata") return OnGetData(peer, payload);
    if (cmd == "getheaders") return OnGetHeaders(peer, payload);
    if (cmd == "getblocks") return OnGetBlocks(peer, payload);
    if (cmd == "headers") return OnHeaders(peer, payload);
    if (cmd == "block") return OnBlock(peer, payload);
    if (cmd == "tx") return OnTx(peer, payload);
    if (cmd == "mempool") return OnMempool(peer);
    if (cmd == "feefilter") return OnFeeFilter(peer, payload);
    if (cmd == "reject") return OnReject(peer, payload);
    if (cmd == "sendheaders") {
        std::lock_guard lock(mutex_);
        if (PeerState* st = State(peer.id)) st->prefer_headers = true;
        return;
    }
    if (cmd == "filterload" || cmd == "filteradd" || cmd == "filterclear") {
        if (options_.local_services & kNodeBloom) return;  // BIP37 is not offered by this node
        std::lock_guard lock(mutex_);
        PeerState* st = State(peer.id);
        if (!st) return;
        if (st->version >= kNoBloomVersion) {
            MisbehavingLocked(*st, 100, cmd + " without NODE_BLOOM");
        } else {
            peer.Disconnect(cmd + " without NODE_BLOOM");
        }
        return;
    }
    // notfound, sendcmpct, cmpctblock, getblocktxn, blocktxn, merkleblock, alert: this node neither
    // negotiates compact blocks nor bloom filters, so these are ignored, as are unknown commands.
    Handler handler;
    {
        std::lock_guard lock(mutex_);
        auto it = handlers_.find(cmd);
        if (it == handlers_.end()) return;
        handler = it->second;
    }
    const int score = handler(peer, payload);
    if (score > 0) Misbehaving(peer.id, score, "invalid " + cmd + " message");
}

// ---------------------------------------------------------------------------------------------
// Handshake, ping, addresses
// ---------------------------------------------------------------------------------------------

void PeerManager::SendVersion(Connection& peer, PeerState& st) {
    VersionMessage v;
    v.version = kProtocolVersion;
    v.services = options_.local_services;
    v.timestamp = clock_.UnixSeconds();
    if (peer.addr.IsRoutable()) {
        v.addr_recv = peer.addr.ToNetAddress(st.services, 0);
    } else {
        v.addr_recv.services = st.services;
    }
    v.addr_from.services = options_.local_services;
    uint64_t nonce = 0;
    while (nonce == 0) nonce = rng_();
    peer.local_nonce.store(nonce);
    v.nonce = nonce;
    v.user_agent = options_.user_agent;
    v.start_height = chain_.Height();
    v.relay = options_.relay_txs;
    peer.PushMessage("version", EncodeVersion(v));
    st.version_sent = true;
}

void PeerManager::OnVersion(Connection& peer, ByteSpan payload) {
    auto v = DecodeVersion(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (st->got_version) {
        SendReject(peer, "version", kRejectDuplicate, "Duplicate version message");
        MisbehavingLocked(*st, 1, "duplicate version message");
        return;
    }
    if (!v) {
        SendReject(peer, "version", kRejectMalformed, "error parsing message");
        return;
    }
    if (peer.type == ConnectionType::kOutbound && (v->services & kNodeNetwork) == 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "Expected to offer services %08x",
                      static_cast<unsigned>(kNodeNetwork));
        SendReject(peer, "version", kRejectNonstandard, buf);
        peer.Disconnect("peer does not offer the expected services", /*flush=*/true);
        return;
    }
    if (v->version < kMinPeerProtocolVersion) {
        SendReject(peer, "version", kRejectObsolete,
                   "Version must be " + std::to_string(kMinPeerProtocolVersion) + " or greater");
        peer.Disconnect("obsolete version " + std::to_string(v->version), /*flush=*/true);
        return;
    }
    if (peer.IsInbound() && connman_.IsLocalNonce(v->nonce)) {
        peer.Disconnect("connected to self");
        return;
    }
    st->got_version = true;
    st->version = v->version;
    st->services = v->services;
    st->user_agent = SanitizeString(v->user_agent);
    if (const Service me = Service::FromNetAddress(v->addr_recv);
        me.ip != IpAddress() && me.ip != IpAddress::FromIPv4({0, 0, 0, 0})) {
        st->addr_local = me;
    }
    st->start_height = v->start_height;
    st->relay = v->relay;
    st->time_offset = v->timestamp - clock_.UnixSeconds();
    if (peer.IsInbound()) SendVersion(peer, *st);
    peer.PushMessage("verack", {});
    st->send_version = std::min(v->version, kProtocolVersion);
    if (!peer.IsInbound()) {
        if (peer.type == ConnectionType::kOutbound) connman_.Addresses().Good(peer.addr);
        peer.PushMessage("getaddr", {});
        st->sent_getaddr = true;
    }
    log_.Debug(LogCategory::kNet,
               "receive version message: " + st->user_agent + ": version " + std::to_string(v->version) +
                   ", blocks=" + std::to_string(v->start_height) + ", peer=" + std::to_string(peer.id));
}

void PeerManager::OnVerack(Connection& peer) {
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st || st->connected) return;
    st->connected = true;
    if (st->version >= kSendHeadersVersion) peer.PushMessage("sendheaders", {});
    log_.Info("New " + std::string(peer.IsInbound() ? "inbound" : "outbound") + " peer connected: version " +
              std::to_string(st->version) + ", blocks=" + std::to_string(st->start_height) +
              ", peer=" + std::to_string(peer.id));
}

void PeerManager::OnPing(Connection& peer, ByteSpan payload) {
    auto nonce = DecodeNonce(payload);
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!nonce) {
        SendReject(peer, "ping", kRejectMalformed, "error parsing message");
        return;
    }
    if (st->version > kBip0031Version) peer.PushMessage("pong", EncodeNonce(*nonce));
}

void PeerManager::OnPong(Connection& peer, ByteSpan payload) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st || st->ping_nonce == 0) return;
    if (payload.size() < 8) {
        st->ping_nonce = 0;  // a short pong cancels the ping
        return;
    }
    auto nonce = DecodeNonce(payload.first(8));
    if (!nonce || *nonce == 0) {
        st->ping_nonce = 0;
        return;
    }
    if (*nonce != st->ping_nonce) return;  // an old or unsolicited pong
    const int64_t usec = std::chrono::duration_cast<std::chrono::microseconds>(now - st->ping_start).count();
    st->ping_usec = usec;
    st->min_ping_usec = std::min(st->min_ping_usec.value_or(INT64_MAX), usec);
    peer.min_ping_usec.store(*st->min_ping_usec);
    st->ping_nonce = 0;
}

void PeerManager::OnAddr(Connection& peer, ByteSpan payload) {
    auto addrs = DecodeAddr(payload);
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!addrs) return PayloadError(peer, *st, "addr", addrs.error(), "oversized addr message");
    if (st->version < kCaddrTimeVersion && connman_.Addresses().Size() > 1000) return;
    const int64_t now = clock_.UnixSeconds();
    std::vector<NetAddress> accepted;
    for (NetAddress a : *addrs) {
        if ((a.services & kNodeNetwork) == 0) continue;
        if (a.time <= kAddrBogusTime || a.time > now + 10 * 60)
            a.time = static_cast<uint32_t>(now - 5 * 24 * 60 * 60);
        const Service s = Service::FromNetAddress(a);
        if (st->addr_known.size() > kMaxKnownAddresses) st->addr_known.clear();
        st->addr_known.insert(s);
        // Relay fresh, routable addresses of small unsolicited announcements to two other peers.
        if (addrs->size() <= 10 && !st->sent_getaddr && a.time > now - 10 * 60 && s.IsRoutable()) {
            std::vector<PeerState*> targets;
            for (auto& [id, other] : peers_) {
                if (id != peer.id && other->connected && !other->addr_known.count(s))
                    targets.push_back(other.get());
            }
            std::shuffle(targets.begin(), targets.end(), rng_);
            for (size_t i = 0; i < targets.size() && i < 2; ++i) targets[i]->addr_to_send.push_back(a);
        }
        accepted.push_back(a);
    }
    connman_.Addresses().Add(accepted, peer.addr.ip, 2 * 60 * 60);
    if (addrs->size() < 1000) st->sent_getaddr = false;
    if (st->OneShot()) peer.Disconnect("one-shot connection received addresses");
}

void PeerManager::OnGetAddr(Connection& peer) {
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    // Only inbound peers, and only once per connection (fingerprinting).
    if (!st->Inbound() || st->getaddr_answered) return;
    st->getaddr_answered = true;
    st->addr_to_send = connman_.Addresses().GetAddresses(kMaxAddrEntries);
    st->next_addr_send = std::chrono::steady_clock::now();
}

// ---------------------------------------------------------------------------------------------
// Inventory and data
// ---------------------------------------------------------------------------------------------

void PeerManager::OnInv(Connection& peer, ByteSpan payload) {
    auto items = DecodeInv(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::unique_lock<std::recursive_mutex> pool_lock;
    if (mempool_) pool_lock = std::unique_lock(mempool_->mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!items) return PayloadError(peer, *st, "inv", items.error(), "oversized inv message");
    const bool accept_txs = mempool_ && (options_.relay_txs || (st->whitelisted && options_.whitelist_relay));
    const bool ibd = chain_.IsInitialBlockDownload();
    const auto now = std::chrono::steady_clock::now();
    std::optional<uint256> last_unknown;
    std::vector<Inv> tx_requests;
    for (const Inv& inv : *items) {
        if (inv.BaseType() == MSG_TX) {
            st->tx_known.Insert(inv.hash);
            if (!accept_txs) {
                log_.Debug(LogCategory::kNet,
                           "transaction (" + inv.hash.ToHex() +
                               ") inv sent in violation of protocol peer=" + std::to_string(peer.id));
                continue;
            }
            if (ibd || AlreadyHaveTx(inv.hash)) continue;
            auto req = txs_requested_.find(inv.hash);
            if (req != txs_requested_.end() && req->second.first != peer.id &&
                now - req->second.second < kTxRequestTimeout) {
                // Another peer is sending it; ask this one if that one fails to.
                if (st->tx_wanted.size() < kMaxTxWanted)
                    st->tx_wanted.emplace_back(inv.hash, req->second.second + kTxRequestTimeout);
                continue;
            }
            txs_requested_[inv.hash] = {peer.id, now};
            tx_requests.push_back(Inv{st->Witness() ? uint32_t{MSG_WITNESS_TX} : uint32_t{MSG_TX}, inv.hash});
            continue;
        }
        if (inv.BaseType() != MSG_BLOCK) continue;
        UpdateBlockAvailability(*st, inv.hash);
        if (!chain_.LookupBlockIndex(inv.hash)) last_unknown = inv.hash;
    }
    for (size_t i = 0; i < tx_requests.size(); i += kMaxTxRequestBatch) {
        const size_t end = std::min(tx_requests.size(), i + kMaxTxRequestBatch);
        peer.PushMessage("getdata", EncodeInv({tx_requests.begin() + static_cast<std::ptrdiff_t>(i),
                                               tx_requests.begin() + static_cast<std::ptrdiff_t>(end)}));
    }
    // Headers-first: ask for the headers leading to the announced block.
    if (last_unknown) SendGetHeaders(peer, *st, chain_.BestHeader(), *last_unknown);
}

bool PeerManager::AlreadyHaveTx(const uint256& txid) {
    if (const BlockIndex* tip = chain_.Tip(); tip && tip->GetBlockHash() != recent_rejects_tip_) {
        // A new block can make a rejected transaction valid (or its inputs known).
        recent_rejects_.Clear();
        recent_rejects_tip_ = tip->GetBlockHash();
    }
    return recent_rejects_.Contains(txid) || orphans_.Have(txid) || (mempool_ && mempool_->Exists(txid));
}

void PeerManager::RequestTransactions(Connection& peer, PeerState& st, SteadyTime now) {
    std::vector<Inv> requests;
    size_t budget = st.tx_wanted.size();
    while (budget-- > 0 && !st.tx_wanted.empty() && st.tx_wanted.front().second <= now &&
           requests.size() < kMaxTxRequestBatch) {
        const uint256 txid = st.tx_wanted.front().first;
        st.tx_wanted.pop_front();
        if (AlreadyHaveTx(txid)) continue;
        auto req = txs_requested_.find(txid);
        if (req != txs_requested_.end() && req->second.first != st.id &&
            now - req->second.second < kTxRequestTimeout) {
            st.tx_wanted.emplace_back(txid, req->second.second + kTxRequestTimeout);
            continue;
        }
        txs_requested_[txid] = {st.id, now};
        requests.push_back(Inv{st.Witness() ? uint32_t{MSG_WITNESS_TX} : uint32_t{MSG_TX}, txid});
    }
    if (!requests.empty()) peer.PushMessage("getdata", EncodeInv(requests));
}

void PeerManager::OnGetData(Connection& peer, ByteSpan payload) {
    auto items = DecodeInv(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!items) return PayloadError(peer, *st, "getdata", items.error(), "oversized getdata message");
    st->getdata_queue.insert(st->getdata_queue.end(), items->begin(), items->end());
    ServeGetData(peer, *st);
}

void PeerManager::ServeGetData(Connection& peer, PeerState& st) {
    std::vector<Inv> not_found;
    while (!st.getdata_queue.empty() && !peer.SendBufferFull() && !peer.IsDisconnecting()) {
        const Inv inv = st.getdata_queue.front();
        st.getdata_queue.pop_front();
        const uint32_t base = inv.BaseType();
        if (base == MSG_BLOCK || base == MSG_FILTERED_BLOCK || base == MSG_CMPCT_BLOCK) {
            const BlockIndex* index = chain_.LookupBlockIndex(inv.hash);
            const bool servable = index && (index->status & BLOCK_HAVE_DATA) &&
                                  (chain_.IsOnActiveChain(index) || index->IsValid(BLOCK_VALID_SCRIPTS));
            if (!servable) {
                not_found.push_back(inv);
                continue;
            }
            if (base == MSG_FILTERED_BLOCK) continue;  // no bloom filter can have been loaded
            auto block = chain_.ReadBlock(*index);
            if (!block) {
                log_.Error("Cannot load block " + inv.hash.ToHex() +
                           " from disk: " + block.error().ToString());
                peer.Disconnect("block unreadable");
                return;
            }
            // MSG_BLOCK gets the serialisation without witness; compact blocks are not negotiated by
            // this node, so MSG_CMPCT_BLOCK is answered with the full block as for deep blocks.
            const bool witness = inv.type != MSG_BLOCK;
            peer.PushMessage("block", EncodeBlock(*block, witness));
            if (st.continue_hash && *st.continue_hash == inv.hash) {
                // getblocks continuation: tell the peer where our chain goes on.
                st.continue_hash.reset();
                peer.PushMessage("inv", EncodeInv({Inv{MSG_BLOCK, chain_.Tip()->GetBlockHash()}}));
            }
        } else if (base == MSG_TX) {
            // Only what we announced (or listed for `mempool`) recently: the relay memory.
            auto it = relay_memory_.find(inv.hash);
            if (it == relay_memory_.end()) {
                not_found.push_back(inv);
                continue;
            }
            peer.PushMessage("tx", EncodeTransaction(*it->second.tx, inv.type != MSG_TX));
        } else {
            not_found.push_back(inv);
        }
    }
    if (!not_found.empty()) peer.PushMessage("notfound", EncodeInv(not_found));
}

const BlockIndex* PeerManager::LocatorFork(const std::vector<uint256>& locator) const {
    for (const uint256& h : locator) {
        const BlockIndex* idx = chain_.LookupBlockIndex(h);
        if (idx && chain_.IsOnActiveChain(idx)) return idx;
    }
    return chain_.Genesis();
}

void PeerManager::OnGetHeaders(Connection& peer, ByteSpan payload) {
    auto m = DecodeLocator(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!m) {
        SendReject(peer, "getheaders", kRejectMalformed, "error parsing message");
        return;
    }
    const BlockIndex* start = nullptr;
    if (m->locator.empty()) {
        start = chain_.LookupBlockIndex(m->stop);  // just the one header
        if (!start) return;
    } else {
        const BlockIndex* fork = LocatorFork(m->locator);
        start = chain_.AtHeight(fork->height + 1);
    }
    std::vector<BlockHeader> headers;
    const BlockIndex* last = nullptr;
    for (const BlockIndex* idx = start; idx; idx = chain_.AtHeight(idx->height + 1)) {
        headers.push_back(idx->GetBlockHeader());
        last = idx;
        if (headers.size() >= kMaxHeadersEntries || idx->GetBlockHash() == m->stop) break;
        if (m->locator.empty()) break;
    }
    // The tip we sent (or the peer's locator tip when there was nothing new).
    st->best_header_sent = last ? last : chain_.Tip();
    peer.PushMessage("headers", EncodeHeaders(headers));
}

void PeerManager::OnGetBlocks(Connection& peer, ByteSpan payload) {
    auto m = DecodeLocator(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!m) {
        SendReject(peer, "getblocks", kRejectMalformed, "error parsing message");
        return;
    }
    const BlockIndex* fork = LocatorFork(m->locator);
    std::vector<Inv> invs;
    for (const BlockIndex* idx = chain_.AtHeight(fork->height + 1); idx;
         idx = chain_.AtHeight(idx->height + 1)) {
        if (idx->GetBlockHash() == m->stop) break;
        invs.push_back(Inv{MSG_BLOCK, idx->GetBlockHash()});
        if (invs.size() >= kGetBlocksLimit) {
            st->continue_hash = idx->GetBlockHash();
            break;
        }
    }
    if (!invs.empty()) peer.PushMessage("inv", EncodeInv(invs));
}

// ---------------------------------------------------------------------------------------------
// Headers and blocks
// ---------------------------------------------------------------------------------------------

void PeerManager::SendGetHeaders(Connection& peer, PeerState& st, const BlockIndex* from,
                                 const uint256& stop) {
    LocatorMessage m;
    m.version = kProtocolVersion;
    if (from) {
        // Build the locator along `from`'s ancestry (it may not be on the active chain).
        int step = 1;
        for (const BlockIndex* idx = from; idx;) {
            m.locator.push_back(idx->GetBlockHash());
            if (idx->height == 0) break;
            const int h = std::max(idx->height - step, 0);
            idx = idx->GetAncestor(h);
            if (m.locator.size() > 10) step *= 2;
        }
    }
    m.stop = stop;
    peer.PushMessage("getheaders", EncodeLocator(m));
}

void PeerManager::OnHeaders(Connection& peer, ByteSpan payload) {
    auto headers = DecodeHeaders(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::unique_lock lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!headers)
        return PayloadError(peer, *st, "headers", headers.error(), "headers message size = more than 2000");
    if (headers->empty()) return;
    const BlockHeader& first = headers->front();
    if (!chain_.LookupBlockIndex(first.prev_block) && headers->size() < kMaxBlocksToAnnounce) {
        // A short announcement that does not connect (we missed blocks): ask for what leads to it.
        if (++st->unconnecting_headers % kMaxUnconnectingHeaders == 0) {
            MisbehavingLocked(*st, 20, std::to_string(st->unconnecting_headers) + " non-connecting headers");
        }
        SendGetHeaders(peer, *st, chain_.BestHeader(), headers->back().GetHash());
        UpdateBlockAvailability(*st, headers->back().GetHash());
        return;
    }
    uint256 prev_hash = first.prev_block;
    for (const BlockHeader& h : *headers) {
        if (h.prev_block != prev_hash) {
            MisbehavingLocked(*st, 20, "non-continuous headers sequence");
            return;
        }
        prev_hash = h.GetHash();
    }
    lock.unlock();
    ValidationState state;
    const BlockIndex* last = nullptr;
    const bool ok = chain_.ProcessNewBlockHeaders(*headers, state, &last);
    lock.lock();
    st = State(peer.id);
    if (!st) return;
    if (!ok) {
        if (state.IsInvalid()) {
            log_.Debug(LogCategory::kNet,
                       "invalid header from peer=" + std::to_string(peer.id) + ": " + state.ToString());
            if (state.GetDoS() > 0)
                MisbehavingLocked(*st, state.GetDoS(), "invalid header: " + state.GetRejectReason());
        }
        return;
    }
    st->unconnecting_headers = 0;
    if (last) UpdateBlockAvailability(*st, last->GetBlockHash());
    if (headers->size() == kMaxHeadersEntries && last) {
        SendGetHeaders(peer, *st, last, uint256());  // there may be more
    }
    connman_.WakeMessageHandler();  // block requests go out from SendMessages
}

void PeerManager::OnBlock(Connection& peer, ByteSpan payload) {
    auto block = DecodeBlock(payload);
    std::lock_guard chain_lock(chain_.mutex());
    std::unique_lock lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (!block) {
        SendReject(peer, "block", kRejectMalformed, "error parsing message");
        return;
    }
    const uint256 hash = block->GetHash();
    auto in_flight = blocks_in_flight_.find(hash);
    const bool requested = in_flight != blocks_in_flight_.end() && in_flight->second.peer == peer.id;
    MarkBlockReceived(hash);
    if (!requested) {
        const BlockIndex* known = chain_.LookupBlockIndex(hash);
        if (known && (known->status & BLOCK_HAVE_DATA)) return;  // already have it
        const BlockIndex* prev = chain_.LookupBlockIndex(block->prev_block);
        if (!prev) {
            // Cannot be placed yet: fetch the headers that lead to it instead.
            SendGetHeaders(peer, *st, chain_.BestHeader(), hash);
            return;
        }
        // An unrequested block is only worth storing when it would extend our best chain.
        const BlockIndex* tip = chain_.Tip();
        if (prev->ChainWork() + 1 <= tip->ChainWork() ||
            prev->height + 1 > tip->height + kBlockDownloadWindow) {
            log_.Debug(LogCategory::kNet, "ignoring unrequested block " + hash.ToHex() +
                                              " from peer=" + std::to_string(peer.id));
            return;
        }
    }
    lock.unlock();
    ValidationState state;
    bool new_block = false;
    chain_.ProcessNewBlock(*block, state, &new_block);
    lock.lock();
    st = State(peer.id);
    if (!st) return;
    if (new_block) peer.last_block_time.store(clock_.UnixSeconds());
    if (state.IsInvalid()) {
        log_.Debug(LogCategory::kNet, "block " + hash.ToHex() + " from peer=" + std::to_string(peer.id) +
                                          " rejected: " + state.ToString());
        const std::string reason = state.GetRejectReason().substr(0, kMaxRejectReasonLength);
        SendReject(peer, "block", kRejectInvalid, reason, hash);
        if (state.GetDoS() > 0)
            MisbehavingLocked(*st, state.GetDoS(), "invalid block: " + state.GetRejectReason());
    } else if (state.IsError()) {
        log_.Error("Block " + hash.ToHex() + " could not be processed: " + state.ToString());
    }
    UpdateBlockAvailability(*st, hash);
    connman_.WakeMessageHandler();
}

void PeerManager::OnTx(Connection& peer, ByteSpan payload) {
    auto tx = DecodeTransaction(payload);
    {
        std::lock_guard lock(mutex_);
        PeerState* st = State(peer.id);
        if (!st) return;
        if (!tx) {
            SendReject(peer, "tx", kRejectMalformed, "error parsing message");
            return;
        }
        const uint256& txid = (*tx)->GetTxid();
        st->tx_known.Insert(txid);
        if (auto req = txs_requested_.find(txid); req != txs_requested_.end() && req->second.first == peer.id)
            txs_requested_.erase(req);
        if (!mempool_ || (!options_.relay_txs && !(st->whitelisted && options_.whitelist_relay))) {
            log_.Debug(LogCategory::kNet,
                       "transaction sent in violation of protocol peer=" + std::to_string(peer.id));
            return;
        }
    }
    ProcessTransaction(peer, *tx);
}

void PeerManager::ProcessTransaction(Connection& peer, const TransactionRef& tx) {
    const uint256& txid = tx->GetTxid();
    const int64_t now = clock_.UnixSeconds();
    AcceptResult r = AcceptToMemoryPool(chain_, *mempool_, tx, *accept_options_, now);
    if (r.accepted) {
        log_.Debug(LogCategory::kMempool, "AcceptToMemoryPool: peer=" + std::to_string(peer.id) +
                                              ": accepted " + txid.ToHex() + " (poolsz " +
                                              std::to_string(mempool_->Size()) + " txn)");
        {
            std::lock_guard lock(mutex_);
            QueueRelayLocked(tx, now);
        }
        // Orphans waiting for this transaction (and, recursively, for those accepted with it).
        std::deque<uint256> parents{txid};
        while (!parents.empty()) {
            const uint256 parent = parents.front();
            parents.pop_front();
            for (const TransactionRef& child : orphans_.ChildrenOf(parent)) {
                const uint256& child_id = child->GetTxid();
                if (!orphans_.Have(child_id)) continue;  // handled through another parent
                AcceptResult cr = AcceptToMemoryPool(chain_, *mempool_, child, *accept_options_, now);
                if (cr.missing_inputs) continue;  // still waiting for another parent
                orphans_.Erase(child_id);
                std::lock_guard lock(mutex_);
                if (cr.accepted) {
                    log_.Debug(LogCategory::kMempool, "accepted orphan tx " + child_id.ToHex());
                    QueueRelayLocked(child, now);
                    parents.push_back(child_id);
                } else if (!child->HasWitness()) {
                    recent_rejects_.Insert(child_id);
                }
            }
        }
        connman_.WakeMessageHandler();
        return;
    }

    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (r.missing_inputs) {
        // Its parents are unknown: keep it as an orphan and ask the sender for them, unless a parent
        // was rejected (then so is this), or the transaction itself is already confirmed.
        bool rejected_parent = false;
        for (const TxIn& in : tx->vin) rejected_parent |= recent_rejects_.Contains(in.prevout.hash);
        const bool confirmed =
            chain_.GetCoin(OutPoint(txid, 0)).has_value() || chain_.GetCoin(OutPoint(txid, 1)).has_value();
        if (rejected_parent || confirmed) {
            recent_rejects_.Insert(txid);
            return;
        }
        if (!orphans_.Add(tx, peer.id, now)) {
            log_.Debug(LogCategory::kMempool,
                       "not keeping orphan tx " + txid.ToHex() + " (too large or kept)");
            return;
        }
        log_.Debug(LogCategory::kMempool,
                   "stored orphan tx " + txid.ToHex() + " (mapsz " + std::to_string(orphans_.Size()) + ")");
        if (!st) return;
        std::vector<Inv> requests;
        const auto steady_now = std::chrono::steady_clock::now();
        for (const TxIn& in : tx->vin) {
            const uint256& parent = in.prevout.hash;
            if (recent_rejects_.Contains(parent) || orphans_.Have(parent) || txs_requested_.count(parent))
                continue;
            txs_requested_[parent] = {peer.id, steady_now};
            st->tx_known.Insert(parent);
            requests.push_back(Inv{st->Witness() ? uint32_t{MSG_WITNESS_TX} : uint32_t{MSG_TX}, parent});
        }
        if (!requests.empty()) peer.PushMessage("getdata", EncodeInv(requests));
        return;
    }
    if (r.reject_code == kRejectAlreadyKnown || r.state.GetRejectReason() == "txn-already-in-mempool") {
        // Whitelisted peers may use us as a gateway: relay what they send even if we have it.
        if (st && st->whitelisted && options_.whitelist_force_relay && mempool_->Exists(txid)) {
            log_.Debug(LogCategory::kMempool, "force relaying tx " + txid.ToHex() +
                                                  " from whitelisted peer=" + std::to_string(peer.id));
            QueueRelayLocked(tx, now);
        }
        return;
    }
    if (!tx->HasWitness()) recent_rejects_.Insert(txid);
    log_.Debug(LogCategory::kMempool, txid.ToHex() + " from peer=" + std::to_string(peer.id) +
                                          " was not accepted: " + r.state.ToString());
    if (!st) return;
    if (r.reject_code > 0 && r.reject_code < 0x100) {
        SendReject(peer, "tx", static_cast<uint8_t>(r.reject_code), r.state.GetRejectReason(), txid);
    }
    if (r.state.GetDoS() > 0)
        MisbehavingLocked(*st, r.state.GetDoS(), "invalid tx: " + r.state.GetRejectReason());
}

void PeerManager::OnMempool(Connection& peer) {
    // Allowed only with NODE_BLOOM or for whitelisted peers (p2p.md §5): answered at the next
    // inventory round with the whole pool (feefilter applied).
    if (!(options_.local_services & kNodeBloom) && !peer.whitelisted) {
        peer.Disconnect("mempool request with bloom filters disabled");
        return;
    }
    std::lock_guard lock(mutex_);
    if (PeerState* st = State(peer.id)) st->send_mempool = true;
}

void PeerManager::OnFeeFilter(Connection& peer, ByteSpan payload) {
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st) return;
    if (payload.size() != 8) {
        SendReject(peer, "feefilter", kRejectMalformed, "error parsing message");
        return;
    }
    SpanReader r(payload);
    const auto fee = static_cast<int64_t>(ReadLE64(r));
    if (fee >= 0 && fee <= MAX_MONEY) st->fee_filter = fee;
}

void PeerManager::OnReject(Connection& peer, ByteSpan payload) {
    auto r = DecodeReject(payload);
    if (!r) return;
    log_.Debug(LogCategory::kNet, "Reject " + r->message + " code " + std::to_string(r->code) + ": " +
                                      r->reason + (r->hash ? ": hash " + r->hash->ToHex() : std::string()) +
                                      " peer=" + std::to_string(peer.id));
}

void PeerManager::PayloadError(Connection& peer, PeerState& st, const std::string& command,
                               const Error& error, const std::string& oversized_reason) {
    // A count over the type's limit is misbehaviour (p2p.md §4.4); anything else is answered.
    if (error.code == "oversized") {
        MisbehavingLocked(st, 20, oversized_reason);
    } else {
        SendReject(peer, command, kRejectMalformed, "error parsing message");
    }
}

void PeerManager::SendReject(Connection& peer, const std::string& command, uint8_t code,
                             const std::string& reason, const std::optional<uint256>& hash) {
    RejectMessage m;
    m.message = command.substr(0, kCommandSize);
    m.code = code;
    m.reason = reason.substr(0, kMaxRejectReasonLength);
    if (command == "block" || command == "tx") m.hash = hash;
    peer.PushMessage("reject", EncodeReject(m));
}

// ---------------------------------------------------------------------------------------------
// Block availability and download
// ---------------------------------------------------------------------------------------------

void PeerManager::ProcessBlockAvailability(PeerState& st) {
    if (!st.last_unknown_block) return;
    const BlockIndex* idx = chain_.LookupBlockIndex(*st.last_unknown_block);
    if (idx && idx->ChainWork() > 0) {
        if (!st.best_known || idx->ChainWork() >= st.best_known->ChainWork()) st.best_known = idx;
        st.last_unknown_block.reset();
    }
}

void PeerManager::UpdateBlockAvailability(PeerState& st, const uint256& hash) {
    ProcessBlockAvailability(st);
    const BlockIndex* idx = chain_.LookupBlockIndex(hash);
    if (idx) {
        if (!st.best_known || idx->ChainWork() >= st.best_known->ChainWork()) st.best_known = idx;
    } else {
        st.last_unknown_block = hash;
    }
}

void PeerManager::MarkBlockReceived(const uint256& hash) {
    auto it = blocks_in_flight_.find(hash);
    if (it == blocks_in_flight_.end()) return;
    if (PeerState* st = State(it->second.peer)) {
        std::erase_if(st->in_flight, [&](const auto& e) { return e.first == hash; });
        st->stalling_since.reset();
    }
    blocks_in_flight_.erase(it);
}

void PeerManager::FindNextBlocksToDownload(PeerState& st, size_t count, std::vector<const BlockIndex*>& out,
                                           PeerId* staller) {
    if (count == 0) return;
    ProcessBlockAvailability(st);
    const BlockIndex* tip = chain_.Tip();
    if (!st.best_known || st.best_known->ChainWork() <= tip->ChainWork()) return;
    if (!st.best_known->IsValid(BLOCK_VALID_TREE)) return;
    // Start from the last block we have in common with the peer's best chain.
    // (Initially the block of our active chain at the height of the peer's best block, or our tip.)
    if (!st.last_common) st.last_common = chain_.AtHeight(std::min(st.best_known->height, tip->height));
    st.last_common = LastCommonAncestor(st.last_common, st.best_known);
    if (st.last_common == st.best_known) return;

    const int window_end = st.last_common->height + kBlockDownloadWindow;
    const int max_height = std::min(st.best_known->height, window_end + 1);
    const BlockIndex* walk = st.last_common;
    std::optional<PeerId> waiting_for;
    std::vector<const BlockIndex*> batch;
    while (walk->height < max_height) {
        const int n = std::min<int>(max_height - walk->height, 128);
        batch.resize(static_cast<size_t>(n));
        const BlockIndex* b = st.best_known->GetAncestor(walk->height + n);
        for (int i = n - 1; i >= 0; --i) {
            batch[static_cast<size_t>(i)] = b;
            b = b->prev;
        }
        walk = batch.back();
        for (const BlockIndex* idx : batch) {
            if (!idx->IsValid(BLOCK_VALID_TREE)) return;  // the peer's chain is invalid
            if ((idx->status & BLOCK_HAVE_DATA) || chain_.IsOnActiveChain(idx)) {
                if (idx->HaveTxsDownloaded()) st.last_common = idx;
                continue;
            }
            auto it = blocks_in_flight_.find(idx->GetBlockHash());
            if (it != blocks_in_flight_.end()) {
                if (!waiting_for) waiting_for = it->second.peer;
                continue;
            }
            if (idx->height > window_end) {
                // The window is full because of a block someone else is slow to deliver.
                if (out.empty() && waiting_for && *waiting_for != st.id) *staller = *waiting_for;
                return;
            }
            out.push_back(idx);
            if (out.size() == count) return;
        }
    }
}

void PeerManager::RequestBlocks(Connection& peer, PeerState& st) {
    if ((st.services & kNodeNetwork) == 0 || st.OneShot()) return;
    const size_t free =
        kMaxBlocksInTransitPerPeer - std::min<size_t>(st.in_flight.size(), kMaxBlocksInTransitPerPeer);
    if (free == 0) return;
    std::vector<const BlockIndex*> blocks;
    PeerId staller = -1;
    FindNextBlocksToDownload(st, free, blocks, &staller);
    const auto now = std::chrono::steady_clock::now();
    std::vector<Inv> invs;
    for (const BlockIndex* idx : blocks) {
        const uint256 hash = idx->GetBlockHash();
        blocks_in_flight_[hash] = QueuedBlock{hash, st.id, now};
        st.in_flight.emplace_back(hash, idx->height);
        invs.push_back(Inv{st.Witness() ? uint32_t{MSG_WITNESS_BLOCK} : uint32_t{MSG_BLOCK}, hash});
    }
    if (!invs.empty()) peer.PushMessage("getdata", EncodeInv(invs));
    if (st.in_flight.empty() && staller >= 0) {
        if (PeerState* s = State(staller); s && !s->stalling_since) {
            s->stalling_since = now;
            log_.Debug(LogCategory::kNet, "stall started peer=" + std::to_string(staller));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

void PeerManager::UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* fork, bool initial_download) {
    if (initial_download) return;
    std::vector<uint256> hashes;
    for (const BlockIndex* idx = &new_tip; idx && idx != fork; idx = idx->prev) {
        hashes.push_back(idx->GetBlockHash());
        if (hashes.size() == kMaxBlocksToAnnounce) break;
    }
    std::reverse(hashes.begin(), hashes.end());
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, st] : peers_) {
            st->blocks_to_announce.insert(st->blocks_to_announce.end(), hashes.begin(), hashes.end());
        }
    }
    connman_.WakeMessageHandler();
}

void PeerManager::AnnounceBlocks(Connection& peer, PeerState& st) {
    if (st.blocks_to_announce.empty()) return;
    std::vector<uint256> hashes;
    hashes.swap(st.blocks_to_announce);
    auto peer_has = [&](const BlockIndex* idx) {
        for (const BlockIndex* known : {st.best_known, st.best_header_sent}) {
            if (known && known->height >= idx->height && known->GetAncestor(idx->height) == idx) return true;
        }
        return false;
    };
    const BlockIndex* tip = chain_.Tip();
    bool use_inv = !st.prefer_headers || hashes.size() > kMaxBlocksToAnnounce;
    std::vector<BlockHeader> headers;
    const BlockIndex* best = nullptr;
    if (!use_inv) {
        for (const uint256& h : hashes) {
            const BlockIndex* idx = chain_.LookupBlockIndex(h);
            if (!idx || !chain_.IsOnActiveChain(idx) || (best && idx->prev != best)) {
                // Reorganised since, or not a chain: announce the tip by inv.
                use_inv = true;
                break;
            }
            best = idx;
            if (peer_has(idx)) continue;
            if (!headers.empty() || !idx->prev || peer_has(idx->prev)) {
                headers.push_back(idx->GetBlockHeader());
            } else {
                use_inv = true;  // the peer lacks the parent
                break;
            }
        }
    }
    if (!use_inv) {
        if (!headers.empty()) {
            peer.PushMessage("headers", EncodeHeaders(headers));
            st.best_header_sent = best;
        }
        return;
    }
    // inv of the newest block on our chain that the peer does not have.
    if (!peer_has(tip)) {
        peer.PushMessage("inv", EncodeInv({Inv{MSG_BLOCK, tip->GetBlockHash()}}));
    }
}

void PeerManager::RelayTransaction(const TransactionRef& tx) {
    if (!mempool_) return;
    std::lock_guard lock(mutex_);
    QueueRelayLocked(tx, clock_.UnixSeconds());
}

size_t PeerManager::BroadcastMessage(const std::string& command, ByteSpan payload, PeerId except) {
    std::vector<PeerId> targets;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, st] : peers_) {
            if (id != except && st->connected) targets.push_back(id);
        }
    }
    size_t sent = 0;
    for (PeerId id : targets) {
        if (auto conn = connman_.FindPeer(id); conn && !conn->IsDisconnecting()) {
            conn->PushMessage(command, payload);
            ++sent;
        }
    }
    if (sent > 0) connman_.WakeMessageHandler();
    return sent;
}

void PeerManager::QueueRelayLocked(const TransactionRef& tx, int64_t now) {
    const uint256& txid = tx->GetTxid();
    auto [it, inserted] = relay_memory_.try_emplace(txid, RelayedTx{tx, now + kRelayMemorySeconds});
    if (inserted) {
        relay_memory_order_.push_back(txid);
    } else {
        it->second.expires = now + kRelayMemorySeconds;
    }
    for (auto& [id, st] : peers_) {
        if (!st->connected || !st->relay || st->tx_known.Contains(txid)) continue;
        st->tx_to_announce.insert(txid);
    }
}

void PeerManager::ExpireRelayState(SteadyTime now) {
    if (now < next_relay_sweep_) return;
    next_relay_sweep_ = now + std::chrono::seconds(1);
    const int64_t unix_now = clock_.UnixSeconds();
    while (!relay_memory_order_.empty()) {
        auto it = relay_memory_.find(relay_memory_order_.front());
        if (it != relay_memory_.end() && it->second.expires > unix_now) break;
        if (it != relay_memory_.end()) relay_memory_.erase(it);
        relay_memory_order_.pop_front();
    }
    std::erase_if(txs_requested_,
                  [&](const auto& e) { return now - e.second.second > 2 * kTxRequestTimeout; });
    if (const size_t n = orphans_.Expire(unix_now))
        log_.Debug(LogCategory::kMempool, "Erased " + std::to_string(n) + " orphan tx due to expiration");
}

void PeerManager::AnnounceTransactions(Connection& peer, PeerState& st, SteadyTime now) {
    if (!mempool_ || now < st.next_inv_send) return;
    if (st.tx_to_announce.empty() && !st.send_mempool) return;
    // Poisson-distributed rounds hide which peer a transaction came from first.
    const auto interval =
        st.Inbound() ? options_.inventory_broadcast_interval : options_.inventory_broadcast_interval / 2;
    std::exponential_distribution<double> delay(1.0);
    st.next_inv_send =
        now +
        std::chrono::microseconds(static_cast<int64_t>(
            delay(rng_) *
            static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(interval).count())));
    const int64_t unix_now = clock_.UnixSeconds();
    auto below_filter = [&](const MempoolEntry& e) {
        const size_t vsize = std::max<size_t>(e.vsize, 1);
        return st.fee_filter > 0 && e.fee * 1000 / static_cast<Amount>(vsize) < st.fee_filter;
    };
    std::vector<Inv> invs;
    auto flush = [&] {
        if (!invs.empty()) peer.PushMessage("inv", EncodeInv(invs));
        invs.clear();
    };
    if (st.send_mempool) {
        st.send_mempool = false;
        for (const MempoolEntry& e : mempool_->Entries()) {
            const uint256& txid = e.Txid();
            st.tx_to_announce.erase(txid);
            if (below_filter(e)) continue;
            auto [it, inserted] =
                relay_memory_.try_emplace(txid, RelayedTx{e.tx, unix_now + kRelayMemorySeconds});
            if (inserted) relay_memory_order_.push_back(txid);
            st.tx_known.Insert(txid);
            invs.push_back(Inv{MSG_TX, txid});
            if (invs.size() == kMaxInvEntries) flush();
        }
        flush();
    }
    if (!st.relay) {
        st.tx_to_announce.clear();
        return;
    }
    // Parents before children (fewer in-pool ancestors first), then higher fee rate.
    struct Candidate {
        uint256 txid;
        uint64_t ancestors;
        double fee_rate;
    };
    std::vector<Candidate> candidates;
    candidates.reserve(st.tx_to_announce.size());
    for (auto it = st.tx_to_announce.begin(); it != st.tx_to_announce.end();) {
        const MempoolEntry* e = mempool_->FindEntry(*it);  // SendMessages holds the pool lock
        if (!e || st.tx_known.Contains(*it) || below_filter(*e)) {
            it = st.tx_to_announce.erase(it);
            continue;
        }
        candidates.push_back(Candidate{
            *it, e->count_with_ancestors,
            static_cast<double>(e->ModifiedFee()) / static_cast<double>(std::max<size_t>(e->vsize, 1))});
        ++it;
    }
    const size_t n = std::min(candidates.size(), kInventoryBroadcastMax);
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n),
                      candidates.end(), [](const Candidate& a, const Candidate& b) {
                          if (a.ancestors != b.ancestors) return a.ancestors < b.ancestors;
                          return a.fee_rate > b.fee_rate;
                      });
    for (size_t i = 0; i < n; ++i) {
        st.tx_to_announce.erase(candidates[i].txid);
        st.tx_known.Insert(candidates[i].txid);
        invs.push_back(Inv{MSG_TX, candidates[i].txid});
    }
    flush();
}

void PeerManager::SendFeeFilter(Connection& peer, PeerState& st, SteadyTime now) {
    if (!mempool_ || !options_.send_fee_filter || !options_.relay_txs || st.version < kFeeFilterVersion)
        return;
    if (st.whitelisted && options_.whitelist_force_relay) return;  // they may send us anything
    // What we accept right now: the pool's rolling minimum fee (0 until the pool has been trimmed).
    const Amount current = mempool_->GetMinFee(accept_options_->max_pool_bytes, clock_.UnixSeconds());
    if (now >= st.next_fee_filter) {
        if (current != st.fee_filter_sent) {
            Bytes payload;
            VectorWriter w(payload);
            WriteLE64(w, static_cast<uint64_t>(current));
            peer.PushMessage("feefilter", payload);
            st.fee_filter_sent = current;
        }
        std::exponential_distribution<double> delay(1.0);
        st.next_fee_filter =
            now + std::chrono::milliseconds(static_cast<int64_t>(
                      delay(rng_) * 1000.0 * static_cast<double>(kAvgFeeFilterBroadcastInterval.count())));
    } else if (st.next_fee_filter - now > kMaxFeeFilterChangeDelay &&
               (current * 4 < st.fee_filter_sent * 3 || current * 3 > st.fee_filter_sent * 4)) {
        // A large change is announced within kMaxFeeFilterChangeDelay.
        std::uniform_int_distribution<int64_t> d(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(kMaxFeeFilterChangeDelay).count());
        st.next_fee_filter = now + std::chrono::milliseconds(d(rng_));
    }
}

void PeerManager::SendMessages(Connection& peer) {
    std::lock_guard chain_lock(chain_.mutex());
    std::unique_lock<std::recursive_mutex> pool_lock;
    if (mempool_) pool_lock = std::unique_lock(mempool_->mutex());
    std::lock_guard lock(mutex_);
    PeerState* st = State(peer.id);
    if (!st || peer.IsDisconnecting()) return;
    if (!st->version_sent && !peer.IsInbound()) SendVersion(peer, *st);
    if (st->should_ban) {
        MaybeBan(peer, *st);
        return;
    }
    if (!st->connected) return;
    const auto now = std::chrono::steady_clock::now();

    // Ping: every ping_interval, or on request; disconnect when one stays unanswered too long.
    if (st->ping_nonce != 0 && now - st->ping_start > options_.ping_timeout) {
        peer.Disconnect("ping timeout");
        return;
    }
    if (st->ping_nonce == 0 && (st->ping_queued || now >= st->next_ping)) {
        uint64_t nonce = 0;
        while (nonce == 0) nonce = rng_();
        st->ping_queued = false;
        st->ping_start = now;
        st->next_ping = now + options_.ping_interval;
        if (st->version > kBip0031Version) {
            st->ping_nonce = nonce;
            peer.PushMessage("ping", EncodeNonce(nonce));
        } else {
            peer.PushMessage("ping", {});  // old peers: no nonce, no pong
        }
    }

    if (!st->getdata_queue.empty()) ServeGetData(peer, *st);

    // Header sync starts with every peer, so that blocks can be fetched from all of them in
    // parallel (the locator starts one block back so that the answer is never empty).
    if (!st->sync_started && !st->OneShot()) {
        st->sync_started = true;
        const BlockIndex* best_header = chain_.BestHeader();
        SendGetHeaders(peer, *st, best_header->prev ? best_header->prev : best_header, uint256());
    }

    AnnounceBlocks(peer, *st);

    // Block download and its timeouts.
    if (st->stalling_since && now - *st->stalling_since > options_.stalling_timeout) {
        peer.Disconnect("peer is stalling block download");
        return;
    }
    if (!st->in_flight.empty()) {
        auto it = blocks_in_flight_.find(st->in_flight.front().first);
        if (it != blocks_in_flight_.end() && now - it->second.requested > options_.block_download_timeout) {
            peer.Disconnect("timeout downloading block " + it->first.ToHex());
            return;
        }
    }
    RequestBlocks(peer, *st);

    // Transactions: requests, trickled announcements, our fee filter.
    ExpireRelayState(now);
    RequestTransactions(peer, *st, now);
    AnnounceTransactions(peer, *st, now);
    SendFeeFilter(peer, *st, now);

    // Addresses, trickled.
    if (!st->addr_to_send.empty() && now >= st->next_addr_send) {
        std::vector<NetAddress> out;
        for (const NetAddress& a : st->addr_to_send) {
            const Service s = Service::FromNetAddress(a);
            if (st->addr_known.insert(s).second) out.push_back(a);
            if (out.size() == kMaxAddrEntries) break;
        }
        st->addr_to_send.clear();
        if (!out.empty()) peer.PushMessage("addr", EncodeAddr(out));
        std::exponential_distribution<double> delay(1.0 / static_cast<double>(kAddrSendInterval.count()));
        st->next_addr_send = now + std::chrono::milliseconds(static_cast<int64_t>(delay(rng_) * 1000));
    }
}

// ---------------------------------------------------------------------------------------------
// Misbehaviour
// ---------------------------------------------------------------------------------------------

void PeerManager::Misbehaving(PeerId peer, int howmuch, const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (PeerState* st = State(peer)) MisbehavingLocked(*st, howmuch, reason);
    connman_.WakeMessageHandler();
}

void PeerManager::MisbehavingLocked(PeerState& st, int howmuch, const std::string& reason) {
    if (howmuch <= 0) return;
    const int before = st.score;
    st.score += howmuch;
    if (st.score >= options_.ban_score && before < options_.ban_score) {
        log_.Info("Misbehaving: peer=" + std::to_string(st.id) + " " + st.addr.ToString() + " (" +
                  std::to_string(before) + " -> " + std::to_string(st.score) +
                  ") BAN THRESHOLD EXCEEDED: " + reason);
        st.should_ban = true;
    } else {
        log_.Info("Misbehaving: peer=" + std::to_string(st.id) + " " + st.addr.ToString() + " (" +
                  std::to_string(before) + " -> " + std::to_string(st.score) + "): " + reason);
    }
}

void PeerManager::MaybeBan(Connection& peer, PeerState& st) {
    st.should_ban = false;
    if (st.whitelisted) {
        log_.Warning("not punishing whitelisted peer " + peer.addr.ToString() + "!");
        return;
    }
    if (st.type == ConnectionType::kManual) {
        log_.Warning("not punishing manually-connected peer " + peer.addr.ToString() + "!");
        return;
    }
    peer.Disconnect("misbehaviour score " + std::to_string(st.score),
                    /*flush=*/true);  // queued rejects first
    if (peer.addr.ip.IsLoopback() && !options_.ban_local_peers) {
        log_.Warning("not banning local peer " + peer.addr.ToString() + "!");
        return;
    }
    connman_.Ban(Subnet::SingleHost(peer.addr.ip), clock_.UnixSeconds() + connman_.DefaultBanTime(),
                 BanReason::kNodeMisbehaving);
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

std::optional<PeerStats> PeerManager::GetPeerStats(PeerId id) const {
    std::lock_guard lock(mutex_);
    auto it = peers_.find(id);
    if (it == peers_.end()) return std::nullopt;
    const PeerState& st = *it->second;
    PeerStats s;
    s.id = id;
    s.version = st.version;
    s.services = st.services;
    s.user_agent = st.user_agent;
    if (st.addr_local) s.addr_local = st.addr_local->ToString();
    s.starting_height = st.start_height;
    s.relay_txs = st.relay;
    s.time_offset = st.time_offset;
    if (st.ping_usec) s.ping_time = static_cast<double>(*st.ping_usec) / 1e6;
    if (st.min_ping_usec) s.min_ping = static_cast<double>(*st.min_ping_usec) / 1e6;
    if (st.ping_nonce != 0) {
        s.ping_wait = std::chrono::duration<double>(std::chrono::steady_clock::now() - st.ping_start).count();
    }
    s.ban_score = st.score;
    s.synced_headers = st.best_known ? st.best_known->height : -1;
    s.synced_blocks = st.last_common ? st.last_common->height : -1;
    for (const auto& [h, height] : st.in_flight) s.inflight.push_back(height);
    s.handshake_done = st.connected;
    return s;
}

void PeerManager::PingAll() {
    std::lock_guard lock(mutex_);
    for (auto& [id, st] : peers_) st->ping_queued = true;
    connman_.WakeMessageHandler();
}

int64_t PeerManager::TimeOffset() const {
    std::lock_guard lock(mutex_);
    std::vector<int64_t> offsets;
    for (const auto& [id, st] : peers_) {
        if (st->got_version) offsets.push_back(st->time_offset);
    }
    if (offsets.size() < 5) return 0;  // as Ocean: too few samples to trust
    std::nth_element(offsets.begin(), offsets.begin() + static_cast<std::ptrdiff_t>(offsets.size() / 2),
                     offsets.end());
    return offsets[offsets.size() / 2];
}

}  // namespace ocean
