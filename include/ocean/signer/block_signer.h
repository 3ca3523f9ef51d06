// BlockSigner: the in-node federated signing protocol of doc/signing-protocol.md. Every node runs one:
// it verifies the signers' P2P messages (`sgnprop`, `sgnvote`, `sgnsig`) against the keys of the block
// challenge and relays the valid new ones to its other peers. A node started with a signing key that
// appears in an M-of-N multisig challenge (2M > N) also takes part: it proposes when it is the round's
// proposer, prepares valid proposals, commits on a certificate, signs only a decided block (at most one
// per height, ever), and completes the block once it holds M signatures.
//
// Durability: the SignerStateFile is saved (fsync'ed) before any prepare, commit or signature that
// depends on it leaves the process, and it is honoured after a restart.
//
// Threads and locks: message handlers run on the P2P message-handling thread; the protocol runs on the
// `ocean-signer` thread (timers, proposals, votes, signing, completion); chain events arrive on the
// validating thread; Info() on RPC workers. `mutex_` guards all protocol state. Lock order: the chain
// lock, then the mempool lock, then `mutex_`, then PeerManager's; the chain and pool locks are never taken
// while `mutex_` is held (validation and block assembly run with it released), nor is the key's.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/chain/events.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/net/peer_manager.h"
#include "ocean/signer/signer_messages.h"
#include "ocean/signer/signer_state.h"
#include "ocean/signer/signing_key.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"

namespace ocean {

struct BlockSignerOptions {
    std::chrono::milliseconds block_interval{60'000};  // -blockinterval
    std::chrono::milliseconds round_timeout{0};        // -signertimeout; 0: max(1 s, min(10 s, interval / 2))
    std::chrono::milliseconds retransmit_interval{1000};
    std::filesystem::path state_path;  // <datadir>/<chain>/signer/state
    uint256 mapping_hash;              // -embedmapping, for the blocks it proposes
    std::chrono::seconds key_retry{10};
    // Test only (-signertestcrashafter): end the process abruptly (std::_Exit(1)) right after the state
    // of this step was saved and its message sent, at `test_crash_height` (0: the first such step).
    enum class TestCrash { kNone, kPrepare, kCommit, kSign };
    TestCrash test_crash_after = TestCrash::kNone;
    uint32_t test_crash_height = 0;
};

// What getsignerinfo shows.
struct BlockSignerInfo {
    bool signing = false;  // a key is configured
    int index = -1;        // position of our key in the challenge, -1 if absent
    int required = 0, total = 0;
    std::string key;         // SigningKey::Describe(), "" without a key
    std::string status;      // "signing", "waiting for key", a reason signing is off, ...
    std::string last_error;  // the last key/token or persistence error
    uint32_t height = 0, round = 0;
    std::optional<std::pair<uint32_t, uint256>> lock;
    std::optional<uint256> signed_hash;
    uint64_t blocks_proposed = 0, blocks_completed = 0, signatures = 0;
    // Time from a block's proposal reaching this node to the block connecting here (last 10,000 blocks).
    size_t latency_samples = 0;
    double latency_median_ms = 0, latency_p99_ms = 0;
};

class BlockSigner final : public ChainListener {
  public:
    static constexpr uint32_t kRoundWindow = 64;

    // Opens (or reopens after a failure) the signing key; null when the node has no key configured.
    using KeyFactory = std::function<Result<std::unique_ptr<SigningKey>>()>;

    BlockSigner(const ChainParams& params, Chainstate& chain, TxMempool* pool, const AcceptOptions* accept,
                PeerManager& peers, const Clock& clock, Logger& log, BlockSignerOptions options,
                KeyFactory key_factory);
    ~BlockSigner() override;
    BlockSigner(const BlockSigner&) = delete;
    BlockSigner& operator=(const BlockSigner&) = delete;

    // Registers the message handlers (before the network starts), loads the persisted state (a corrupt
    // state file is an error) and, when a key is configured, starts the signer thread.
    Status Start();
    void Stop();

    BlockSignerInfo Info() const;
    // True while this node's key takes part in the protocol (signblock must then not use it).
    bool Signing() const;

    // ChainListener: a new tip starts the next height.
    void UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* fork, bool initial_download) override;

  private:
    // Handlers (message-handling thread): return a misbehaviour score.
    int OnProposal(Connection& peer, ByteSpan payload);
    int OnVote(Connection& peer, ByteSpan payload);
    int OnBlockSig(Connection& peer, ByteSpan payload);
    // Window and membership checks common to all messages; mutex_ held.
    bool InWindow(uint32_t height, uint32_t round) const;
    void NoteRound(uint32_t round);  // a valid message of `round` arrived; mutex_ held

    void Run();
    void Step(std::unique_lock<std::mutex>& lock);
    void StartHeight(const BlockIndex& tip);  // mutex_ held
    void RefreshStatus();                     // our index among the keys and the status line; mutex_ held
    void EnterRound(uint32_t round, std::chrono::steady_clock::time_point now);
    uint32_t Proposer(uint32_t height, uint32_t round) const { return (height + round) % n_; }
    std::optional<uint256> Quorum(VoteKind kind, uint32_t round) const;
    // The prepare payloads of the certificate for `hash` in `round` (empty without one).
    std::vector<Bytes> CertificateVotes(uint32_t round, const uint256& hash) const;
    // The proposal checks of rule 3 (consensus on our tip + our mempool policy). No lock held.
    bool ValidateBlock(const Block& block, std::string& reason);
    bool Persist(std::unique_lock<std::mutex>& lock);  // saves state_; false (signing off) on failure
    void TryOpenKey(std::unique_lock<std::mutex>& lock);
    void StepPropose(std::unique_lock<std::mutex>& lock, std::chrono::steady_clock::time_point now);
    void StepPrepare(std::unique_lock<std::mutex>& lock);
    void StepCommitAndValid(std::unique_lock<std::mutex>& lock);
    void StepSign(std::unique_lock<std::mutex>& lock);
    // Signs and broadcasts our prepare/commit (already persisted); a key error leaves it for the next step.
    void SendVote(std::unique_lock<std::mutex>& lock, VoteKind kind, uint32_t round, const uint256& hash);
    bool HaveOwnVote(VoteKind kind, uint32_t round) const;
    // -signertestcrashafter: exits the process if `step` at height_ is the configured crash point.
    void MaybeTestCrash(std::unique_lock<std::mutex>& lock, BlockSignerOptions::TestCrash step);
    void StepComplete(std::unique_lock<std::mutex>& lock);

    const ChainParams& params_;
    Chainstate& chain_;
    TxMempool* const pool_;
    const AcceptOptions* const accept_;
    PeerManager& peers_;
    const Clock& clock_;
    Logger& log_;
    const BlockSignerOptions options_;
    const std::chrono::milliseconds round_timeout_;
    KeyFactory key_factory_;
    SignerStateFile state_file_;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;

    std::unique_ptr<SigningKey> key_;
    bool key_configured_ = false;
    std::chrono::steady_clock::time_point next_key_attempt_{};
    bool persist_failed_ = false;
    std::string status_, last_error_;
    SignerState state_;

    // The height being decided and its signers.
    uint32_t height_ = 0;
    uint256 prev_hash_;
    std::vector<PubKey> keys_;
    uint32_t n_ = 1, m_ = 1;
    int my_index_ = -1;
    uint32_t round_ = 0;
    uint32_t jump_to_ = 0;
    uint32_t max_round_seen_ = 0;
    std::chrono::steady_clock::time_point propose_at_{}, round_deadline_{}, next_retransmit_{};
    std::optional<uint32_t> proposed_round_;

    std::map<uint32_t, SignerProposal> proposals_;                           // by round
    std::map<std::tuple<uint8_t, uint32_t, uint8_t>, uint256> votes_;        // (kind, round, signer) -> hash
    std::map<std::tuple<uint8_t, uint32_t, uint8_t>, Bytes> vote_payloads_;  // the same votes, as received
    std::map<uint8_t, SignerBlockSig> sigs_;                                 // by signer
    std::map<uint256, Block> blocks_;                                        // proposed blocks by hash
    std::map<uint256, bool> verdicts_;                                       // our validity verdicts
    std::optional<std::pair<uint32_t, uint256>> valid_;                      // highest certificate seen
    std::optional<uint256> completed_;
    std::map<uint256, std::chrono::steady_clock::time_point> proposal_seen_;  // block hash -> first seen
    std::deque<double> latencies_ms_;
    Bytes own_proposal_, own_prepare_, own_commit_, own_sig_;
    uint64_t blocks_proposed_ = 0, blocks_completed_ = 0, signatures_ = 0;
};

}  // namespace ocean
