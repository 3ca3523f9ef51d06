// Chainstate: the node's view of the best valid chain. It accepts headers and blocks, connects and
// disconnects blocks against the UTXO set (with undo data), reorganises to the most-work valid chain
// (Ocean: one unit of work per block, ties to the first seen), handles invalidateblock/reconsiderblock,
// rebuilds from block files (-reindex, -reindex-chainstate), verifies the database at start-up and
// keeps everything crash-safe on disk.
//
// Threading: every public method takes the chain lock (`mutex()`); script checks of a block run on the
// CheckQueue's workers while the validating thread waits. Listeners are called with the lock held.
//
// Durability: Flush() writes (1) block and undo files, fsynced; (2) the block index in one synced
// LevelDB batch; (3) the UTXO set, whose database keeps a "head blocks" marker while a flush is partial,
// so a process killed at any point restarts by replaying blocks to a consistent tip (ReplayBlocks).
#pragma once

#include <array>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "ocean/chain/block_index.h"
#include "ocean/chain/block_manager.h"
#include "ocean/chain/coins.h"
#include "ocean/chain/events.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/validation_state.h"
#include "ocean/script/sigcache.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "ocean/util/result.h"

namespace ocean {

struct ScriptCheck;
template <typename T>
class CheckQueue;

struct ChainstateOptions {
    std::filesystem::path datadir;    // the chain's data directory (holds blocks/ and chainstate/)
    size_t cache_bytes = 450u << 20;  // -dbcache: UTXO cache plus database caches
    bool txindex = false;             // -txindex
    int par = 0;                      // -par: script threads including this one; 0 = all cores, 1 = inline
    bool reindex = false;             // -reindex
    bool reindex_chainstate = false;  // -reindex-chainstate
    int check_blocks = 6;             // -checkblocks (0 = all)
    int check_level = 3;              // -checklevel (0..4)
    std::array<uint8_t, 4> magic{0xfa, 0xbf, 0xb5, 0xda};
    size_t sigcache_bytes = 32u << 20;
    int64_t flush_interval_seconds = 3600;  // periodic full flush while the cache is small
    // Progress of long work (reindexing, connecting, verifying): the phase, units done and the total
    // (0 when unknown). Called with the chain lock held, often: the receiver must be cheap and throttle.
    std::function<void(std::string_view phase, uint64_t done, uint64_t total)> progress = nullptr;
};

// What gettxoutsetinfo reports.
struct CoinsStats {
    int height = 0;
    uint256 best_block;
    uint64_t transactions = 0;  // transactions with at least one unspent output
    uint64_t txouts = 0;
    uint64_t bytes_serialized = 0;
    uint256 hash_serialized;
};

// One entry of getchaintips.
struct ChainTip {
    const BlockIndex* index;
    int branch_len;
    std::string status;  // active, valid-fork, valid-headers, headers-only, invalid
};

class Chainstate {
  public:
    static Result<std::unique_ptr<Chainstate>> Open(const ChainParams& params,
                                                    const ChainstateOptions& options, Logger& log,
                                                    const Clock& clock);
    ~Chainstate();
    Chainstate(const Chainstate&) = delete;
    Chainstate& operator=(const Chainstate&) = delete;

    std::recursive_mutex& mutex() const { return mutex_; }
    const ChainParams& params() const { return params_; }

    // --- Blocks in ---
    // Full processing of a block from a peer, an RPC or an import: header checks, storage, then
    // activation of the best chain. state tells why the block itself was rejected; *new_block says
    // whether it was stored for the first time.
    bool ProcessNewBlock(const Block& block, ValidationState& state, bool* new_block = nullptr);
    // Header-only acceptance (headers-first sync). *last receives the entry of the last header.
    bool ProcessNewBlockHeaders(const std::vector<BlockHeader>& headers, ValidationState& state,
                                const BlockIndex** last = nullptr);
    // Checks a block built on the current tip without changing anything (block templates, signers).
    bool TestBlockValidity(const Block& block, ValidationState& state, bool check_proof);

    // --- Operator actions ---
    bool InvalidateBlock(const uint256& hash, ValidationState& state);
    bool ReconsiderBlock(const uint256& hash, ValidationState& state);
    bool PreciousBlock(const uint256& hash, ValidationState& state);
    bool ActivateBestChain(ValidationState& state);
    // Writes everything to disk (blocks, index, UTXO set).
    Status Flush();
    // Verifies the last nblocks (0 = all) at `level` (0..4); false with a reason on inconsistency.
    bool VerifyDB(int level, int nblocks, std::string* error);

    // --- Queries ---
    const BlockIndex* Tip() const;
    int Height() const;
    const BlockIndex* Genesis() const;
    const BlockIndex* LookupBlockIndex(const uint256& hash) const;
    const BlockIndex* AtHeight(int height) const;  // on the active chain
    bool IsOnActiveChain(const BlockIndex* index) const;
    const BlockIndex* BestHeader() const;
    std::optional<Coin> GetCoin(const OutPoint& outpoint) const;
    Result<Block> ReadBlock(const BlockIndex& index) const;
    // The undo data of a connected block (the coins its transactions spent; see undo.h).
    Result<BlockUndo> ReadUndo(const BlockIndex& index) const;
    // With -txindex: the transaction and the hash of the block holding it.
    Result<std::pair<TransactionRef, uint256>> GetTransaction(const uint256& txid) const;
    bool HasTxIndex() const { return options_.txindex; }
    std::vector<ChainTip> GetChainTips() const;
    // Walks the whole UTXO set once (flushing first), also handing every coin to `visit` when given
    // (per-asset figures and similar reports ride on the same walk).
    Result<CoinsStats> GetCoinsStats(const std::function<void(const OutPoint&, const Coin&)>& visit = {});
    size_t CoinsCacheUsage() const;
    bool IsInitialBlockDownload() const;

    SignatureCache& SigCache() { return sigcache_; }
    void AddListener(ChainListener* listener);
    void RemoveListener(ChainListener* listener);

    // Rebuilds the index from the block files (what -reindex does at start-up). Also usable on a
    // running node (the caller has stopped block intake).
    Status Reindex();

    // Figures of the last connected blocks (for benchmarks and -debug=bench).
    struct Stats {
        uint64_t blocks_connected = 0, txs_connected = 0, inputs_connected = 0;
        double connect_seconds = 0, script_seconds = 0;
    };
    Stats GetStats() const;

  private:
    Chainstate(const ChainParams& params, const ChainstateOptions& options, Logger& log, const Clock& clock);

    Status Init();
    Status LoadGenesis();
    Status ReplayBlocks();
    bool AcceptHeader(const BlockHeader& header, ValidationState& state, BlockIndex** out);
    // Stores a block whose header connects to the tree; with on_disk (reindex) it is already in a blk file.
    bool AcceptBlock(const Block& block, ValidationState& state, BlockIndex** out, bool* new_block,
                     const FlatFilePos* on_disk = nullptr);
    bool CheckBlockCached(const Block& block, ValidationState& state, bool check_proof);
    // undo_out, when given, receives the block's undo data (the coins it spent) on success.
    bool ConnectBlock(const Block& block, ValidationState& state, BlockIndex& index, CoinsViewCache& view,
                      bool just_check, BlockUndo* undo_out = nullptr);
    enum class DisconnectResult { kOk, kUnclean, kFailed };
    DisconnectResult DisconnectBlock(const Block& block, const BlockIndex& index, CoinsViewCache& view,
                                     BlockUndo* undo_out = nullptr);
    bool ConnectTip(ValidationState& state, BlockIndex* index, const Block* block);
    bool DisconnectTip(ValidationState& state);
    // Connects the best chain; listeners hear of one tip change relative to start_tip.
    bool ActivateBestChain(ValidationState& state, const Block* block, const BlockIndex* start_tip);
    bool ActivateBestChainStep(ValidationState& state, BlockIndex* target, const Block* block,
                               bool& invalid_found);
    BlockIndex* FindMostWorkChain();
    void ReceivedBlockTransactions(BlockIndex& index, uint32_t n_tx);
    void InvalidBlockFound(BlockIndex* index, const ValidationState& state);
    void InvalidChainFound(BlockIndex* index);
    void PruneBlockIndexCandidates();
    bool FlushIfNeeded(ValidationState& state, bool force);
    Status FlushLocked();
    void RebuildCandidates();
    Status WalkCoins(const std::function<void(const OutPoint&, const Coin&)>& f) const;
    void ApplyBlockToCoins(const Block& block, int height, CoinsViewCache& view);

    struct CandidateOrder {
        bool operator()(const BlockIndex* a, const BlockIndex* b) const;
    };

    const ChainParams& params_;
    ChainstateOptions options_;
    Logger& log_;
    const Clock& clock_;
    mutable std::recursive_mutex mutex_;

    std::unique_ptr<BlockManager> blocks_;
    std::unique_ptr<CoinsViewDB> coins_db_;
    std::unique_ptr<CoinsViewCache> coins_tip_;
    Chain chain_;
    std::set<BlockIndex*, CandidateOrder> candidates_;
    // Blocks whose data arrived before their parent's data, keyed by the parent.
    std::multimap<BlockIndex*, BlockIndex*> unlinked_;
    BlockIndex* invalid_tip_ = nullptr;
    int32_t precious_sequence_ = -1;
    // Why the most recent block that failed to connect was invalid (reported back to its submitter).
    std::optional<std::pair<uint256, ValidationState>> last_block_state_;
    // The block ProcessNewBlock is handling, once it passed the context-free checks.
    const Block* checked_block_ = nullptr;
    SignatureCache sigcache_;
    std::unique_ptr<CheckQueue<ScriptCheck>> check_queue_;
    std::vector<ChainListener*> listeners_;
    int64_t last_flush_time_ = 0;
    size_t coins_cache_limit_ = 0;  // the part of -dbcache left for the UTXO cache
    mutable std::atomic<bool> ibd_latch_{false};
    Stats stats_;
};

}  // namespace ocean
