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
// Transactions: until the mempool exists this node declares relay=false in its version message and
// ignores tx announcements; `tx` payloads are still parsed (a malformed one gets reject 0x01).
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
#include "ocean/net/connman.h"
#include "ocean/net/net_events.h"
#include "ocean/net/protocol.h"

namespace ocean {

struct PeerManagerOptions {
    int ban_score = 100;  // -banscore
    std::string user_agent = "/Satoshi:2.1.1.1/";
    uint64_t local_services = kNodeNetwork | kNodeWitness;
    bool relay_txs = false;  // our version's relay flag (no mempool yet)
    // Ocean never bans peers on loopback addresses (it only disconnects them); tests turn this on
    // (-banlocalpeers) to exercise bans on 127.0.0.1.
    bool ban_local_peers = false;
    // Test hooks (p2p.md §9 values by default).
    std::chrono::milliseconds stalling_timeout{2000};
    std::chrono::seconds block_download_timeout{120};
    std::chrono::seconds ping_interval{120};
    std::chrono::seconds ping_timeout{1200};
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

    // A handler for a registered command: the peer and the raw payload. Runs on the message-handling
    // thread without any lock held; returns a misbehaviour score to add (0 for none).
    using Handler = std::function<int(Connection& peer, ByteSpan payload)>;

    PeerManager(Chainstate& chain, ConnectionManager& connman, const Clock& clock, Logger& log,
                PeerManagerOptions options);
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
};

}  // namespace ocean
