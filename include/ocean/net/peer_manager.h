// PeerManager: the meaning of P2P messages (p2p.md §4–§5) — the version/verack handshake, pings,
// address gossip, headers-first block synchronisation with parallel block download from every peer
// that has the blocks, block announcement (headers for peers that asked with sendheaders, inv
// otherwise), serving headers and blocks, and misbehaviour scoring with bans.
//
// Sync: every peer is asked for headers once connected (getheaders with a locator of our best header);
// headers arrive 2000 at a time and are accepted into the block tree; blocks along the best header
// chain of each peer are then requested — at most kMaxBlocksInTransitPerPeer per peer, within a
// window of kBlockDownloadWindow blocks above the tip — and connected as they arrive, in any order.
// A peer holding up the window for kBlockStallingTimeout while others could serve it is disconnected,
// as is one that leaves a request unanswered for kBlockDownloadTimeout.
//
// Transactions (when the node has a mempool): announced transactions are fetched (witness form) unless
// already known, recently rejected or in flight from another peer (retried from another announcer
// after kTxRequestTimeout); received ones go through AcceptToMemoryPool. Accepted transactions are
// relayed; those missing inputs wait in the OrphanPool while their parents are requested, and are
// retried when a parent is accepted; rejected ones get a `reject` and their DoS score. Announcements
// are trickled per peer (inv every kInventoryBroadcastInterval on average for inbound peers, half that
// for outbound, at most kInventoryBroadcastMax per round, parents first, honouring the peer's
// feefilter); `getdata` for them is served from the relay memory (kRelayMemorySeconds). We send our
// own feefilter — the pool's current minimum fee — about every 10 minutes. -blocksonly declares
// relay=false and ignores transactions (except from whitelisted peers with -whitelistrelay).
//
// Extensibility: RegisterHandler adds a handler for a further command (the federated signer's
// messages); unknown commands are ignored, as in Ocean.
//
// Threads and locks: ProcessMessages/SendMessages run on the message-handling thread; chain
// listener callbacks on whichever thread connected a block; RPC queries on RPC workers. The chain
// lock is taken before `mutex_` (never the other way), and `mutex_` guards all per-peer state and the
// in-flight block map.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/chain/events.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/net/connman.h"
#include "ocean/net/net_events.h"
#include "ocean/net/orphan_pool.h"
#include "ocean/net/protocol.h"
#include "ocean/net/rolling_txid_set.h"

namespace ocean {

struct PeerManagerOptions {
    int ban_score = 100;  // -banscore
    std::string user_agent = "/Satoshi:2.1.1.1/";
    uint64_t local_services = kNodeNetwork | kNodeWitness;
    // Our version's relay flag: false without a mempool or with -blocksonly.
    bool relay_txs = false;
    bool whitelist_relay = true;        // -whitelistrelay: accept transactions from whitelisted peers
    bool whitelist_force_relay = true;  // -whitelistforcerelay: relay theirs even if already known
    bool send_fee_filter = true;        // -feefilter
    size_t max_orphan_txs = 100;        // -maxorphantx
    // Ocean never bans peers on loopback addresses (it only disconnects them); tests turn this on
    // (-banlocalpeers) to exercise bans on 127.0.0.1.
    bool ban_local_peers = false;
    // Test hooks (p2p.md §9 values by default).
    std::chrono::milliseconds stalling_timeout{2000};
    std::chrono::seconds block_download_timeout{120};
    std::chrono::seconds ping_interval{120};
    std::chrono::seconds ping_timeout{1200};
    std::chrono::milliseconds inventory_broadcast_interval{5000};  // inbound average; outbound half
};

// What getpeerinfo shows of a peer's protocol state.
struct PeerStats {
    PeerId id = -1;
    int32_t version = 0;
    uint64_t services = 0;
    std::string user_agent;  // sanitized (SanitizeString)
    std::string addr_local;  // our address as the peer sees it (its version's addr_recv), if valid
    int32_t starting_height = -1;
    bool relay_txs = false;
    int64_t time_offset = 0;
    std::optional<double> ping_time, min_ping, ping_wait;  // seconds
    int ban_score = 0;
    int synced_headers = -1, synced_blocks = -1;
    std::vector<int> inflight;
    bool handshake_done = false;
};

class PeerManager final : public NetEvents, public ChainListener {
  public:
    static constexpr int kMaxBlocksInTransitPerPeer = 16;
    static constexpr int kBlockDownloadWindow = 1024;
    static constexpr size_t kMaxBlocksToAnnounce = 8;
    static constexpr int kMaxUnconnectingHeaders = 10;
    static constexpr size_t kGetBlocksLimit = 500;
    static constexpr size_t kInventoryBroadcastMax = 35;
    static constexpr int64_t kRelayMemorySeconds = 15 * 60;
    static constexpr std::chrono::seconds kTxRequestTimeout{60};
    static constexpr size_t kMaxTxWanted = 5000;        // announced, not yet requested, per peer
    static constexpr size_t kTxKnownCapacity = 10'000;  // per peer
    static constexpr size_t kRecentRejectsCapacity = 50'000;

    // A handler for a registered command: the peer and the raw payload. Runs on the message-handling
    // thread without any lock held; returns a misbehaviour score to add (0 for none).
    using Handler = std::function<int(Connection& peer, ByteSpan payload)>;

    // Without `mempool` (and its acceptance options) the node relays no transactions.
    PeerManager(Chainstate& chain, ConnectionManager& connman, const Clock& clock, Logger& log,
                PeerManagerOptions options, TxMempool* mempool = nullptr,
                const AcceptOptions* accept_options = nullptr);
    ~PeerManager() override;

    // Adds a handler for `command` (not one of the built-in ones). Call before the network starts.
    bool RegisterHandler(const std::string& command, Handler handler);

    // NetEvents
    void InitializePeer(Connection& peer) override;
    void FinalizePeer(Connection& peer) override;
    bool ProcessMessages(Connection& peer) override;
    void SendMessages(Connection& peer) override;

    // ChainListener
    void UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* fork, bool initial_download) override;

    // Adds to the peer's misbehaviour score; at -banscore it is disconnected and banned (unless
    // whitelisted, manual or local). `reason` goes to the log.
    void Misbehaving(PeerId peer, int howmuch, const std::string& reason);
    std::optional<PeerStats> GetPeerStats(PeerId peer) const;
    // Queues an announcement of `tx` (in the mempool) to every peer that relays transactions and does
    // not know it yet (sendrawtransaction, and every transaction accepted from a peer).
    void RelayTransaction(const TransactionRef& tx);
    size_t OrphanCount() const { return orphans_.Size(); }
    // Sends a message to every peer that completed the handshake, except `except` (the signer's relay).
    // Returns how many peers it was queued for.
    size_t BroadcastMessage(const std::string& command, ByteSpan payload, PeerId except = -1);
    // Queues a ping to every peer (the ping RPC).
    void PingAll();
    // Median offset of peers' clocks (getnetworkinfo "timeoffset").
    int64_t TimeOffset() const;
    const PeerManagerOptions& Options() const { return options_; }

  private:
    struct PeerState;
    struct QueuedBlock {
        uint256 hash;
        PeerId peer;
        std::chrono::steady_clock::time_point requested;
    };

    PeerState* State(PeerId id);  // mutex_ held
    void Dispatch(Connection& peer, const NetMessage& msg);
    void SendVersion(Connection& peer, PeerState& st);

    void OnVersion(Connection& peer, ByteSpan payload);
    void OnVerack(Connection& peer);
    void OnPing(Connection& peer, ByteSpan payload);
    void OnPong(Connection& peer, ByteSpan payload);
    void OnAddr(Connection& peer, ByteSpan payload);
    void OnGetAddr(Connection& peer);
    void OnInv(Connection& peer, ByteSpan payload);
    void OnGetData(Connection& peer, ByteSpan payload);
    void OnGetHeaders(Connection& peer, ByteSpan payload);
    void OnGetBlocks(Connection& peer, ByteSpan payload);
    void OnHeaders(Connection& peer, ByteSpan payload);
    void OnBlock(Connection& peer, ByteSpan payload);
    void OnTx(Connection& peer, ByteSpan payload);
    void OnMempool(Connection& peer);
    void OnFeeFilter(Connection& peer, ByteSpan payload);
    void OnReject(Connection& peer, ByteSpan payload);

    // Serves queued getdata items while the peer's send buffer has room. Chain lock held.
    void ServeGetData(Connection& peer, PeerState& st);
    // The first locator entry on our active chain, else genesis (getheaders/getblocks). Chain lock held.
    const BlockIndex* LocatorFork(const std::vector<uint256>& locator) const;
    void SendGetHeaders(Connection& peer, PeerState& st, const BlockIndex* from, const uint256& stop);
    void RequestBlocks(Connection& peer, PeerState& st);
    void FindNextBlocksToDownload(PeerState& st, size_t count, std::vector<const BlockIndex*>& out,
                                  PeerId* staller);
    void UpdateBlockAvailability(PeerState& st, const uint256& hash);
    void ProcessBlockAvailability(PeerState& st);
    void MarkBlockReceived(const uint256& hash);
    void AnnounceBlocks(Connection& peer, PeerState& st);
    // Trickled tx inventory and the answer to `mempool`. Chain, pool and mutex_ held.
    void AnnounceTransactions(Connection& peer, PeerState& st, std::chrono::steady_clock::time_point now);
    void SendFeeFilter(Connection& peer, PeerState& st, std::chrono::steady_clock::time_point now);
    // Sends getdata for announced transactions not yet had nor in flight elsewhere. mutex_ held.
    void RequestTransactions(Connection& peer, PeerState& st, std::chrono::steady_clock::time_point now);
    // Known already: in the pool, an orphan, recently rejected, or (outputs 0/1) in the UTXO set.
    // Chain and mutex_ held.
    bool AlreadyHaveTx(const uint256& txid);
    // Accepts `tx` from `peer` and then every orphan it unblocks; relays what was accepted.
    void ProcessTransaction(Connection& peer, const TransactionRef& tx);
    void QueueRelayLocked(const TransactionRef& tx, int64_t now);
    // Forgets expired relay memory, stale requests and expired orphans (at most once a second).
    void ExpireRelayState(std::chrono::steady_clock::time_point now);
    // A payload that did not decode: +20 for an over-limit count, else reject 0x01. mutex_ held.
    void PayloadError(Connection& peer, PeerState& st, const std::string& command, const Error& error,
                      const std::string& oversized_reason);
    void SendReject(Connection& peer, const std::string& command, uint8_t code, const std::string& reason,
                    const std::optional<uint256>& hash = std::nullopt);
    void MaybeBan(Connection& peer, PeerState& st);
    void MisbehavingLocked(PeerState& st, int howmuch, const std::string& reason);

    Chainstate& chain_;
    ConnectionManager& connman_;
    const Clock& clock_;
    Logger& log_;
    const PeerManagerOptions options_;

    mutable std::mutex mutex_;
    std::unordered_map<PeerId, std::unique_ptr<PeerState>> peers_;
    std::map<uint256, QueuedBlock> blocks_in_flight_;
    std::vector<uint256> tip_announcements_;  // new tips to announce (hashes, oldest first)
    std::mt19937_64 rng_;
    std::map<std::string, Handler> handlers_;

    // Transaction relay (all under mutex_ except orphans_, which has its own lock).
    TxMempool* const mempool_;
    const AcceptOptions* const accept_options_;
    OrphanPool orphans_;
    struct RelayedTx {
        TransactionRef tx;
        int64_t expires;
    };
    std::map<uint256, RelayedTx> relay_memory_;  // what we announced, served to getdata
    std::deque<uint256> relay_memory_order_;     // expiry order
    std::map<uint256, std::pair<PeerId, std::chrono::steady_clock::time_point>> txs_requested_;
    RollingTxidSet recent_rejects_{kRecentRejectsCapacity};
    uint256 recent_rejects_tip_;  // recent_rejects_ is forgotten when the tip changes
    std::chrono::steady_clock::time_point next_relay_sweep_{};
};

}  // namespace ocean
