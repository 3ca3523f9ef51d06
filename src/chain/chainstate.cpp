#include "ocean/chain/chainstate.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>

#include "ocean/chain/script_check.h"
#include "ocean/consensus/block_check.h"
#include "ocean/consensus/tx_check.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/crypto/hash.h"
#include "ocean/primitives/serialize.h"
#include "ocean/script/interpreter.h"
#include "ocean/util/check_queue.h"

namespace ocean {

namespace {

constexpr int64_t kMaxTipAgeSeconds = 24 * 60 * 60;
constexpr int kMaxBlocksPerStep = 32;
constexpr size_t kScriptCheckBatch = 16;      // checks a worker takes at once (each is ~50 µs of ECDSA)
constexpr size_t kScriptCheckQueueing = 128;  // checks the validating thread hands over at once

double SecondsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

unsigned ScriptThreads(int par) {
    if (par == 1) return 0;
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    unsigned total = par <= 0 ? cores : static_cast<unsigned>(std::min(par, 16));
    return total > 1 ? total - 1 : 0;  // the validating thread works too
}

// Ensures queued checks have finished before the data they point at goes away.
class CheckSession {
  public:
    explicit CheckSession(CheckQueue<ScriptCheck>* q) : q_(q) {}
    ~CheckSession() {
        if (q_ && active_) (void)q_->Wait();
    }
    void Add(std::vector<ScriptCheck>&& checks) {
        active_ = true;
        q_->Add(std::move(checks));
    }
    std::optional<ScriptCheck> Wait() {
        active_ = false;
        return q_->Wait();
    }

  private:
    CheckQueue<ScriptCheck>* q_;
    bool active_ = false;
};

}  // namespace

bool Chainstate::CandidateOrder::operator()(const BlockIndex* a, const BlockIndex* b) const {
    // Ascending "goodness": the best candidate is the last element.
    if (a->ChainWork() != b->ChainWork()) return a->ChainWork() < b->ChainWork();
    if (a->sequence_id != b->sequence_id) return a->sequence_id > b->sequence_id;
    return a > b;
}

Chainstate::Chainstate(const ChainParams& params, const ChainstateOptions& options, Logger& log,
                       const Clock& clock)
    : params_(params), options_(options), log_(log), clock_(clock), sigcache_(options.sigcache_bytes) {}

Chainstate::~Chainstate() {
    std::lock_guard lock(mutex_);
    if (blocks_ && coins_tip_) {
        Status s = FlushLocked();
        if (!s) log_.Error("Failed to flush chainstate at shutdown: " + s.error().ToString());
    }
    check_queue_.reset();
}

Result<std::unique_ptr<Chainstate>> Chainstate::Open(const ChainParams& params,
                                                     const ChainstateOptions& options, Logger& log,
                                                     const Clock& clock) {
    std::unique_ptr<Chainstate> cs(new Chainstate(params, options, log, clock));
    Status s = cs->Init();
    if (!s) return s.error();
    return cs;
}

Status Chainstate::Init() {
    std::lock_guard lock(mutex_);
    // -dbcache is shared: LevelDB caches for the index and the UTXO database, the rest for the UTXO cache.
    const size_t index_cache = std::min<size_t>(options_.cache_bytes / 8, 8u << 20);
    const size_t coins_db_cache = std::min<size_t>(options_.cache_bytes / 4, 8u << 20);
    const size_t db_caches = index_cache + coins_db_cache;
    coins_cache_limit_ =
        options_.cache_bytes > db_caches + (4u << 20) ? options_.cache_bytes - db_caches : (4u << 20);

    BlockManager::Options bm;
    bm.blocks_dir = options_.datadir / "blocks";
    bm.magic = options_.magic;
    bm.index_cache_bytes = index_cache;
    bm.wipe_index = options_.reindex;
    auto blocks = BlockManager::Open(bm);
    if (!blocks) return blocks.error();
    blocks_ = std::move(blocks.value());

    bool reindex = options_.reindex;
    if (!reindex) {
        if (blocks_->TreeDB().ReadReindexing()) {
            log_.Warning("A previous reindex was interrupted; restarting it");
            reindex = true;
            blocks_.reset();
            bm.wipe_index = true;
            auto again = BlockManager::Open(bm);
            if (!again) return again.error();
            blocks_ = std::move(again.value());
        }
    }

    DatabaseOptions cdo;
    cdo.path = options_.datadir / "chainstate";
    cdo.cache_bytes = coins_db_cache;
    cdo.wipe = reindex || options_.reindex_chainstate;
    auto coins_db = CoinsViewDB::Open(cdo);
    if (!coins_db) return coins_db.error();
    coins_db_ = std::move(coins_db.value());
    coins_tip_ = std::make_unique<CoinsViewCache>(coins_db_.get());

    check_queue_ = std::make_unique<CheckQueue<ScriptCheck>>(ScriptThreads(options_.par), kScriptCheckBatch);

    if (!reindex) {
        Status s = blocks_->LoadIndex();
        if (!s) return s;
        log_.Info("Loaded block index: " + std::to_string(blocks_->Size()) + " entries");
    }

    // -txindex may only change together with a rebuild of the chainstate.
    const bool had_txindex = blocks_->TreeDB().ReadFlag("txindex").value_or(false);
    const bool fresh_chainstate = coins_db_->GetBestBlock().IsNull() && coins_db_->GetHeadBlocks().empty();
    if (had_txindex != options_.txindex && !fresh_chainstate && blocks_->Size() > 0)
        return Error("txindex-changed",
                     "You need to rebuild the database using -reindex-chainstate to change -txindex");
    {
        Status s = blocks_->TreeDB().WriteFlag("txindex", options_.txindex);
        if (!s) return s;
    }

    if (reindex) {
        Status s = Reindex();
        if (!s) return s;
    }
    {
        Status s = LoadGenesis();
        if (!s) return s;
    }
    {
        Status s = ReplayBlocks();
        if (!s) return s;
    }

    // The UTXO set says where the active chain ends.
    const uint256 best = coins_tip_->GetBestBlock();
    if (!best.IsNull()) {
        BlockIndex* tip = blocks_->Lookup(best);
        if (!tip)
            return Error("chainstate-corrupt",
                         "the UTXO set's best block " + best.ToHex() + " is not in the block index");
        chain_.SetTip(tip);
        // Sequence numbers are not stored: after a restart the active tip wins ties against forks
        // loaded from disk, and blocks received from now on rank after both.
        blocks_->ForEach([](BlockIndex* idx) {
            if (idx->sequence_id == 0) idx->sequence_id = 1;
        });
        tip->sequence_id = 0;
        log_.Info("Loaded best chain: height " + std::to_string(tip->height) + " " + best.ToHex());
    }
    RebuildCandidates();

    if (chain_.Tip() && options_.check_level > 0 && !reindex && !options_.reindex_chainstate) {
        std::string err;
        if (!VerifyDB(options_.check_level, options_.check_blocks, &err))
            return Error("verifydb-failed", "Corrupted block database detected: " + err +
                                                ". Restart with -reindex to rebuild it.");
    }

    ValidationState state;
    if (!ActivateBestChain(state))
        return Error("activate-failed", "Failed to connect the best chain: " + state.ToString());
    last_flush_time_ = clock_.UnixSeconds();
    return FlushLocked();
}

Status Chainstate::LoadGenesis() {
    const Block& genesis = params_.genesis;
    const uint256 hash = params_.genesis_hash;
    BlockIndex* index = blocks_->Lookup(hash);
    if (index && (index->status & BLOCK_HAVE_DATA)) return Status::Ok();
    if (!index && blocks_->Size() > 0) {
        // A block index of another chain.
        return Error("wrong-genesis", "The block database belongs to a different chain (genesis " +
                                          hash.ToHex() +
                                          " not found). Check the chain options or use another -datadir.");
    }
    index = blocks_->AddHeader(genesis);
    Status s = blocks_->StoreBlock(genesis, *index);
    if (!s) return s;
    ReceivedBlockTransactions(*index, static_cast<uint32_t>(genesis.vtx.size()));
    return blocks_->Flush();
}

// Brings the UTXO set to a consistent tip after a flush that did not finish (consensus-neutral:
// the database recorded where it came from and where it was going).
Status Chainstate::ReplayBlocks() {
    std::vector<uint256> heads = coins_db_->GetHeadBlocks();
    if (heads.empty()) return Status::Ok();
    if (heads.size() != 2)
        return Error("chainstate-corrupt", "unknown head-blocks marker in the UTXO database");
    BlockIndex* new_tip = blocks_->Lookup(heads[0]);
    BlockIndex* old_tip = heads[1].IsNull() ? nullptr : blocks_->Lookup(heads[1]);
    if (!new_tip || (!heads[1].IsNull() && !old_tip))
        return Error("chainstate-corrupt",
                     "the interrupted UTXO flush refers to blocks missing from the index");
    log_.Info("Replaying blocks after an interrupted flush: from " +
              (old_tip ? old_tip->GetBlockHash().ToHex() : "nothing") + " to " +
              new_tip->GetBlockHash().ToHex());
    const BlockIndex* fork = old_tip ? LastCommonAncestor(old_tip, new_tip) : nullptr;
    CoinsViewCache cache(coins_db_.get());
    for (BlockIndex* idx = old_tip; idx && idx != fork; idx = idx->prev) {
        auto block = blocks_->ReadBlock(*idx);
        if (!block) return block.error();
        if (DisconnectBlock(*block, *idx, cache) == DisconnectResult::kFailed)
            return Error("replay-failed", "cannot roll back block " + idx->GetBlockHash().ToHex());
    }
    const int start = fork ? fork->height + 1 : 0;
    for (int h = start; h <= new_tip->height; ++h) {
        const BlockIndex* idx = new_tip->GetAncestor(h);
        auto block = blocks_->ReadBlock(*idx);
        if (!block) return block.error();
        ApplyBlockToCoins(*block, h, cache);
    }
    cache.SetBestBlock(new_tip->GetBlockHash());
    return cache.Flush();
}

// Roll-forward used by ReplayBlocks: re-applies a block's effects without validating (it was valid
// when first connected). Idempotent over a partially written state.
void Chainstate::ApplyBlockToCoins(const Block& block, int height, CoinsViewCache& view) {
    for (const auto& tx : block.vtx) {
        if (!tx->IsCoinBase()) {
            for (const auto& in : tx->vin) {
                if (in.is_pegin)
                    view.SetWithdrawSpent(params_.parent_genesis_hash, in.prevout);
                else
                    view.SpendCoin(in.prevout);
            }
        }
        AddCoins(view, *tx, height, true);
    }
}

void Chainstate::RebuildCandidates() {
    candidates_.clear();
    const BlockIndex* tip = chain_.Tip();
    blocks_->ForEach([&](BlockIndex* idx) {
        if (idx->IsValid(BLOCK_VALID_TRANSACTIONS) && idx->chain_tx && !(idx->status & BLOCK_FAILED_MASK) &&
            (!tip || idx->ChainWork() >= tip->ChainWork()))
            candidates_.insert(idx);
    });
    if (tip) candidates_.insert(const_cast<BlockIndex*>(tip));
}

void Chainstate::ReceivedBlockTransactions(BlockIndex& index, uint32_t n_tx) {
    index.n_tx = n_tx;
    index.RaiseValidity(BLOCK_VALID_TRANSACTIONS);
    blocks_->SetDirty(&index);
    if (index.prev && !index.prev->chain_tx) {
        unlinked_.emplace(index.prev, &index);
        return;
    }
    std::deque<BlockIndex*> queue{&index};
    while (!queue.empty()) {
        BlockIndex* idx = queue.front();
        queue.pop_front();
        idx->chain_tx = (idx->prev ? idx->prev->chain_tx : 0) + idx->n_tx;
        if (idx->sequence_id == 0) blocks_->AssignSequence(*idx);
        const BlockIndex* tip = chain_.Tip();
        if (!(idx->status & BLOCK_FAILED_MASK) && (!tip || idx->ChainWork() >= tip->ChainWork()))
            candidates_.insert(idx);
        auto range = unlinked_.equal_range(idx);
        for (auto it = range.first; it != range.second; ++it) queue.push_back(it->second);
        unlinked_.erase(range.first, range.second);
    }
}

bool Chainstate::CheckBlockCached(const Block& block, ValidationState& state, bool check_proof) {
    // The same block object passes through ProcessNewBlock, AcceptBlock and ConnectBlock: check it once.
    if (&block == checked_block_) return true;
    return CheckBlockHeader(block, params_, state, clock_.UnixSeconds(), check_proof) &&
           CheckBlock(block, params_, state, true, false);
}

bool Chainstate::AcceptHeader(const BlockHeader& header, ValidationState& state, BlockIndex** out) {
    const uint256 hash = header.GetHash();
    if (BlockIndex* existing = blocks_->Lookup(hash)) {
        if (out) *out = existing;
        if (existing->status & BLOCK_FAILED_MASK)
            return state.Invalid("duplicate", 0, "block is marked invalid");
        return true;
    }
    if (hash == params_.genesis_hash) {
        if (out) *out = blocks_->AddHeader(header);
        return true;
    }
    if (!CheckBlockHeader(header, params_, state, clock_.UnixSeconds())) return false;
    BlockIndex* prev = blocks_->Lookup(header.prev_block);
    if (!prev)
        return state.Invalid("bad-prevblk", 10, "previous block " + header.prev_block.ToHex() + " unknown");
    if (prev->status & BLOCK_FAILED_MASK) return state.Invalid("bad-prevblk", 100);
    if (!ContextualCheckBlockHeader(header, prev->AsPrev(), params_, state, clock_.UnixSeconds()))
        return false;
    BlockIndex* index = blocks_->AddHeader(header);
    if (out) *out = index;
    return true;
}

bool Chainstate::AcceptBlock(const Block& block, ValidationState& state, BlockIndex** out, bool* new_block,
                             const FlatFilePos* on_disk) {
    if (new_block) *new_block = false;
    BlockIndex* index = nullptr;
    if (!AcceptHeader(block, state, &index)) return false;
    if (out) *out = index;
    if (index->status & BLOCK_HAVE_DATA) return true;  // already have it

    if (index->GetBlockHash() != params_.genesis_hash) {
        if (!CheckBlockCached(block, state, true) ||
            !ContextualCheckBlock(block, index->prev->AsPrev(), params_, state)) {
            if (state.IsInvalid() && !state.CorruptionPossible()) {
                index->status |= BLOCK_FAILED_VALID;
                blocks_->SetDirty(index);
                candidates_.erase(index);
            }
            return false;
        }
    }
    if (on_disk) {
        blocks_->NoteBlockOnDisk(*index, *on_disk, static_cast<uint32_t>(GetBlockSize(block)));
    } else {
        Status s = blocks_->StoreBlock(block, *index);
        if (!s) return state.Error("Failed to write block: " + s.error().ToString());
    }
    ReceivedBlockTransactions(*index, static_cast<uint32_t>(block.vtx.size()));
    if (new_block) *new_block = true;
    return true;
}

bool Chainstate::ProcessNewBlock(const Block& block, ValidationState& state, bool* new_block) {
    std::lock_guard lock(mutex_);
    BlockIndex* index = nullptr;
    // Context-free checks first: a block with a bad proof or merkle tree never reaches the index.
    checked_block_ = nullptr;
    if (block.GetHash() != params_.genesis_hash && !CheckBlockCached(block, state, true)) {
        if (BlockIndex* known = blocks_->Lookup(block.GetHash());
            known && !state.CorruptionPossible() && !(known->status & BLOCK_HAVE_DATA)) {
            // Known header, invalid body (e.g. transactions do not match the merkle root are corruption;
            // anything else is a genuinely invalid block).
            known->status |= BLOCK_FAILED_VALID;
            blocks_->SetDirty(known);
        }
        for (auto* l : listeners_) l->BlockChecked(block, state);
        return false;
    }
    // Valid by itself until this call returns (the object cannot change while the lock is held).
    struct CheckedScope {
        const Block*& slot;
        ~CheckedScope() { slot = nullptr; }
    } scope{checked_block_};
    checked_block_ = &block;
    bool stored = false;
    if (!new_block) new_block = &stored;
    if (!AcceptBlock(block, state, &index, new_block)) {
        for (auto* l : listeners_) l->BlockChecked(block, state);
        return false;
    }
    last_block_state_.reset();
    ValidationState activate_state;
    const bool ok = ActivateBestChain(activate_state, &block, chain_.Tip());
    if (!ok) {
        state = activate_state;
        return false;
    }
    // Report a failure to connect this very block to the submitter.
    if (last_block_state_ && last_block_state_->first == index->GetBlockHash()) {
        state = last_block_state_->second;
        return false;
    }
    if (index->status & BLOCK_FAILED_MASK)
        return state.Invalid("bad-prevblk", 0, "block descends from an invalid block");
    // Out of initial download every new block is made durable with its index entry at once (one
    // synced batch), so a block a caller was told about survives a crash; the UTXO set may lag and is
    // caught up from the blocks at the next start.
    if (*new_block && !IsInitialBlockDownload()) {
        Status s = blocks_->Flush();
        if (!s) return state.Error("Failed to write block index: " + s.error().ToString());
    }
    return true;
}

bool Chainstate::ProcessNewBlockHeaders(const std::vector<BlockHeader>& headers, ValidationState& state,
                                        const BlockIndex** last) {
    std::lock_guard lock(mutex_);
    for (const auto& h : headers) {
        BlockIndex* index = nullptr;
        if (!AcceptHeader(h, state, &index)) return false;
        if (last) *last = index;
    }
    return true;
}

bool Chainstate::TestBlockValidity(const Block& block, ValidationState& state, bool check_proof) {
    std::lock_guard lock(mutex_);
    BlockIndex* tip = chain_.Tip();
    if (!tip || block.prev_block != tip->GetBlockHash())
        return state.Invalid("inconclusive-not-best-prevblk", 0, "block does not build on the current tip");
    BlockIndex scratch(block);
    const uint256 hash = block.GetHash();
    scratch.phash = &hash;
    scratch.prev = tip;
    scratch.height = tip->height + 1;
    if (check_proof && !CheckBlockHeader(block, params_, state, clock_.UnixSeconds())) return false;
    const PrevBlockInfo info = tip->AsPrev();
    if (!ContextualCheckBlockHeader(block, info, params_, state, clock_.UnixSeconds())) return false;
    if (!CheckBlock(block, params_, state, true, false)) return false;
    if (!ContextualCheckBlock(block, info, params_, state)) return false;
    CoinsViewCache view(coins_tip_.get());
    return ConnectBlock(block, state, scratch, view, true);
}

// ---------------------------------------------------------------------------------------------
// Connecting and disconnecting
// ---------------------------------------------------------------------------------------------

bool Chainstate::ConnectBlock(const Block& block, ValidationState& state, BlockIndex& index,
                              CoinsViewCache& view, bool just_check, BlockUndo* undo_out) {
    const auto start = std::chrono::steady_clock::now();
    const uint256 hash = index.GetBlockHash();
    const int height = index.height;

    if (hash == params_.genesis_hash) {
        if (!just_check) {
            for (const auto& tx : block.vtx) AddCoins(view, *tx, 0, false);
            view.SetBestBlock(hash);
        }
        return true;
    }
    const uint256 prev_hash = index.prev ? index.prev->GetBlockHash() : uint256();
    if (view.GetBestBlock() != prev_hash)
        return state.Error("UTXO set is at " + view.GetBestBlock().ToHex() + ", not at the block's parent");

    if (&block != checked_block_ && !CheckBlock(block, params_, state, true, /*check_proof=*/!just_check))
        return false;
    if (!CheckCoinbaseDestination(block, height, params_, state)) return false;

    // BIP30: never overwrite a transaction's unspent outputs.
    for (const auto& tx : block.vtx) {
        const uint256& txid = tx->GetTxid();
        for (uint32_t o = 0; o < tx->vout.size(); ++o) {
            if (view.HaveCoin(OutPoint{txid, o}))
                return state.Invalid("bad-txns-BIP30", 100, "tried to overwrite transaction " + txid.ToHex());
        }
    }

    const uint32_t flags = kBlockScriptVerifyFlags;
    BlockUndo undo;
    undo.txundo.reserve(block.vtx.size());
    std::deque<PrecomputedTransactionData> txdata;
    AmountMap block_fees;
    int64_t sigops = 0;
    std::vector<ScriptCheck> checks;
    checks.reserve(kScriptCheckQueueing);
    CheckSession session(check_queue_.get());
    const bool parallel = check_queue_->WorkerCount() > 0;
    uint64_t inputs = 0;
    double script_seconds = 0;
    std::optional<ScriptCheck> inline_failure;

    auto mtp_at = [&](int h) -> int64_t {
        const BlockIndex* a = index.prev ? index.prev->GetAncestor(std::max(h, 0)) : nullptr;
        return a ? a->GetMedianTimePast() : 0;
    };

    for (size_t i = 0; i < block.vtx.size(); ++i) {
        const Transaction& tx = *block.vtx[i];
        const uint256& txid = tx.GetTxid();
        if (!tx.IsCoinBase()) {
            TxUndo& tu = undo.txundo.emplace_back();
            tu.prevout.reserve(tx.vin.size());
            std::vector<int> prev_heights;
            prev_heights.reserve(tx.vin.size());
            for (const TxIn& in : tx.vin) {
                if (in.is_pegin) {
                    auto coin = GetPeginSpentCoin(in, params_.pegged_asset, params_.parent_genesis_hash);
                    if (!coin) return state.Invalid("bad-pegin-witness", 100, "invalid peg-in witness");
                    if (view.IsWithdrawSpent(params_.parent_genesis_hash, in.prevout))
                        return state.Invalid("bad-txns-double-withdraw", 100);
                    view.SetWithdrawSpent(params_.parent_genesis_hash, in.prevout);
                    tu.prevout.push_back(std::move(*coin));
                    prev_heights.push_back(0);
                    continue;
                }
                if (params_.IsDisabledOutput(in.prevout))
                    return state.Invalid("bad-txns-inputs-missingorspent", 100, "input is a disabled output");
                Coin& slot = tu.prevout.emplace_back();
                if (!view.SpendCoin(in.prevout, &slot)) {
                    return state.Invalid("bad-txns-inputs-missingorspent", 100,
                                         "input " + in.prevout.hash.ToHex() + ":" +
                                             std::to_string(in.prevout.n) + " of " + txid.ToHex() +
                                             " is missing or spent");
                }
                prev_heights.push_back(static_cast<int>(slot.height));
            }
            if (!CheckTxInputs(tx, tu.prevout, height, state)) return false;
            auto locks = CalculateSequenceLocks(tx, kBlockLocktimeFlags, prev_heights, mtp_at);
            if (!EvaluateSequenceLocks(height, index.prev ? index.prev->GetMedianTimePast() : 0, locks))
                return state.Invalid("bad-txns-nonfinal", 100, "contains a non-BIP68-final transaction");
            sigops += GetTransactionSigOpCost(tx, tu.prevout, flags);
            if (sigops > kMaxBlockSigOpsCost) return state.Invalid("bad-blk-sigops", 100, "too many sigops");
            if (!VerifyAmounts(tx, tu.prevout, state)) return false;
            if (!AccumulateBlockFees(tx, block_fees, state)) return false;
            // Segwit midstate hashes are only worth computing when some input has a witness.
            const PrecomputedTransactionData* pre = tx.HasWitness() ? &txdata.emplace_back(tx) : nullptr;
            for (unsigned j = 0; j < tx.vin.size(); ++j) {
                checks.push_back(ScriptCheck{&tx, j, &tu.prevout[j], flags, pre, &sigcache_});
            }
            inputs += tx.vin.size();
            if (parallel) {
                if (checks.size() >= kScriptCheckQueueing) {
                    session.Add(std::move(checks));
                    checks.clear();
                }
            } else {
                const auto t0 = std::chrono::steady_clock::now();
                for (auto& c : checks) {
                    if (!c()) {
                        inline_failure = std::move(c);
                        break;
                    }
                }
                checks.clear();
                script_seconds += SecondsSince(t0);
                if (inline_failure) break;
            }
        } else {
            sigops += GetTransactionSigOpCost(tx, {}, flags);
            if (sigops > kMaxBlockSigOpsCost) return state.Invalid("bad-blk-sigops", 100, "too many sigops");
            if (!AccumulateBlockFees(tx, block_fees, state)) return false;
        }
        AddCoins(view, tx, height, false);
    }

    std::optional<ScriptCheck> failed = std::move(inline_failure);
    if (parallel) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!checks.empty()) session.Add(std::move(checks));
        failed = session.Wait();
        script_seconds += SecondsSince(t0);
    }
    if (failed) {
        // Tell "invalid" from "only non-standard" as Ocean does: retry without the non-mandatory flags.
        ScriptCheck retry = *failed;
        retry.flags = failed->flags & ~kStandardNotMandatoryVerifyFlags;
        retry.cache = nullptr;
        const std::string err(ScriptErrorString(failed->error));
        if (retry()) return state.Invalid("non-mandatory-script-verify-flag", 0, err);
        return state.Invalid("mandatory-script-verify-flag-failed", 100, err);
    }
    if (!CheckCoinbaseAmount(*block.vtx[0], block_fees, state)) return false;

    view.SetBestBlock(hash);
    if (just_check) return true;

    if (!(index.status & BLOCK_HAVE_UNDO)) {
        Status s = blocks_->WriteUndo(undo, index);
        if (!s) return state.Error("Failed to write undo data: " + s.error().ToString());
    }
    if (index.RaiseValidity(BLOCK_VALID_SCRIPTS)) blocks_->SetDirty(&index);

    if (options_.txindex) {
        std::vector<std::pair<uint256, TxIndexPos>> entries;
        entries.reserve(block.vtx.size());
        // Transactions follow the header and the transaction count.
        SizeCounter prefix;
        SerializeBlockHeader(prefix, block);
        WriteCompactSize(prefix, block.vtx.size());
        uint32_t offset = static_cast<uint32_t>(prefix.size());
        for (const auto& tx : block.vtx) {
            entries.emplace_back(tx->GetTxid(), TxIndexPos{index.GetBlockPos(), offset});
            offset += static_cast<uint32_t>(tx->GetTotalSize());
        }
        Status s = blocks_->TreeDB().WriteTxIndex(entries);
        if (!s) return state.Error("Failed to write transaction index: " + s.error().ToString());
    }

    stats_.blocks_connected++;
    stats_.txs_connected += block.vtx.size();
    stats_.inputs_connected += inputs;
    stats_.connect_seconds += SecondsSince(start);
    stats_.script_seconds += script_seconds;
    if (undo_out) *undo_out = std::move(undo);
    return true;
}

Chainstate::DisconnectResult Chainstate::DisconnectBlock(const Block& block, const BlockIndex& index,
                                                         CoinsViewCache& view, BlockUndo* undo_out) {
    bool clean = true;
    auto undo = blocks_->ReadUndo(index);
    if (!undo) {
        log_.Error("DisconnectBlock: " + undo.error().ToString());
        return DisconnectResult::kFailed;
    }
    if (undo->txundo.size() + 1 != block.vtx.size()) {
        log_.Error("DisconnectBlock: undo data does not match block " + index.GetBlockHash().ToHex());
        return DisconnectResult::kFailed;
    }
    for (size_t i = block.vtx.size(); i-- > 0;) {
        const Transaction& tx = *block.vtx[i];
        const uint256& txid = tx.GetTxid();
        for (uint32_t o = 0; o < tx.vout.size(); ++o) {
            if (IsPrunedFromUtxoSet(tx.vout[o].script_pubkey)) continue;  // AddCoins never added it
            Coin removed;
            if (!view.SpendCoin(OutPoint{txid, o}, &removed) ||
                removed.height != static_cast<uint32_t>(index.height))
                clean = false;
        }
        if (i == 0) break;
        const TxUndo& tu = undo->txundo[i - 1];
        if (tu.prevout.size() != tx.vin.size()) {
            log_.Error("DisconnectBlock: transaction undo data mismatch");
            return DisconnectResult::kFailed;
        }
        for (size_t j = tx.vin.size(); j-- > 0;) {
            const TxIn& in = tx.vin[j];
            if (in.is_pegin) {
                view.UnsetWithdrawSpent(params_.parent_genesis_hash, in.prevout);
                continue;
            }
            if (view.HaveCoin(in.prevout)) clean = false;
            Coin c = tu.prevout[j];
            view.AddCoin(in.prevout, std::move(c), true);
        }
    }
    view.SetBestBlock(index.prev ? index.prev->GetBlockHash() : uint256());
    if (undo_out) *undo_out = std::move(*undo);
    return clean ? DisconnectResult::kOk : DisconnectResult::kUnclean;
}

bool Chainstate::ConnectTip(ValidationState& state, BlockIndex* index, const Block* given) {
    std::optional<Block> loaded;
    const Block* block = given;
    if (!block) {
        auto r = blocks_->ReadBlock(*index);
        if (!r)
            return state.Error("Failed to read block " + index->GetBlockHash().ToHex() + ": " +
                               r.error().ToString());
        loaded = std::move(r.value());
        block = &*loaded;
    }
    CoinsViewCache view(coins_tip_.get());
    BlockUndo undo;
    const bool ok = ConnectBlock(*block, state, *index, view, false, &undo);
    for (auto* l : listeners_) l->BlockChecked(*block, state);
    if (!ok) {
        if (state.IsInvalid()) InvalidBlockFound(index, state);
        return false;
    }
    Status s = view.Flush();
    if (!s) return state.Error("Failed to update the UTXO cache: " + s.error().ToString());
    chain_.SetTip(index);
    if (!FlushIfNeeded(state, false)) return false;
    for (auto* l : listeners_) l->BlockConnected(*block, *index);
    for (auto* l : listeners_) l->BlockConnectedWithUndo(*block, *index, undo);
    if (options_.progress) {
        const BlockIndex* best = blocks_->BestHeader();
        options_.progress("Connecting blocks", static_cast<uint64_t>(index->height),
                          best ? static_cast<uint64_t>(best->height) : 0);
    }
    return true;
}

bool Chainstate::DisconnectTip(ValidationState& state) {
    BlockIndex* index = chain_.Tip();
    if (!index || !index->prev) return state.Error("Cannot disconnect the genesis block");
    auto block = blocks_->ReadBlock(*index);
    if (!block) return state.Error("Failed to read block: " + block.error().ToString());
    CoinsViewCache view(coins_tip_.get());
    BlockUndo undo;
    if (DisconnectBlock(*block, *index, view, &undo) != DisconnectResult::kOk)
        return state.Error("Failed to disconnect block " + index->GetBlockHash().ToHex());
    Status s = view.Flush();
    if (!s) return state.Error("Failed to update the UTXO cache: " + s.error().ToString());
    chain_.SetTip(index->prev);
    if (!FlushIfNeeded(state, false)) return false;
    for (auto* l : listeners_) l->BlockDisconnected(*block, *index);
    for (auto* l : listeners_) l->BlockDisconnectedWithUndo(*block, *index, undo);
    return true;
}

void Chainstate::InvalidBlockFound(BlockIndex* index, const ValidationState& state) {
    if (state.CorruptionPossible()) return;
    index->status |= BLOCK_FAILED_VALID;
    blocks_->SetDirty(index);
    candidates_.erase(index);
    last_block_state_.emplace(index->GetBlockHash(), state);
    InvalidChainFound(index);
}

void Chainstate::InvalidChainFound(BlockIndex* index) {
    if (!invalid_tip_ || index->ChainWork() > invalid_tip_->ChainWork()) invalid_tip_ = index;
    log_.Warning("Invalid block " + index->GetBlockHash().ToHex() + " at height " +
                 std::to_string(index->height) +
                 (last_block_state_ ? ": " + last_block_state_->second.ToString() : std::string()));
}

void Chainstate::PruneBlockIndexCandidates() {
    const BlockIndex* tip = chain_.Tip();
    auto it = candidates_.begin();
    while (it != candidates_.end() && CandidateOrder()(*it, tip)) it = candidates_.erase(it);
}

BlockIndex* Chainstate::FindMostWorkChain() {
    while (!candidates_.empty()) {
        BlockIndex* best = *candidates_.rbegin();
        BlockIndex* test = best;
        bool usable = true;
        while (test && !chain_.Contains(test)) {
            const bool failed = test->status & BLOCK_FAILED_MASK;
            if (failed || !(test->status & BLOCK_HAVE_DATA)) {
                // Drop this candidate branch; remember failures for its descendants.
                for (BlockIndex* d = best; d != test; d = d->prev) {
                    if (failed) {
                        d->status |= BLOCK_FAILED_CHILD;
                        blocks_->SetDirty(d);
                    }
                    candidates_.erase(d);
                }
                candidates_.erase(test);
                if (failed) InvalidChainFound(best);
                usable = false;
                break;
            }
            test = test->prev;
        }
        if (usable) return best;
    }
    return nullptr;
}

bool Chainstate::ActivateBestChainStep(ValidationState& state, BlockIndex* target, const Block* block,
                                       bool& invalid_found) {
    invalid_found = false;
    const BlockIndex* fork = chain_.Tip() ? chain_.FindFork(target) : nullptr;
    while (chain_.Tip() && chain_.Tip() != fork) {
        if (!DisconnectTip(state)) return false;
    }
    const int from = fork ? fork->height + 1 : 0;
    int to = std::min(target->height, from + kMaxBlocksPerStep - 1);
    std::vector<BlockIndex*> path;
    for (BlockIndex* idx = target->GetAncestor(to); idx && (!fork || idx != fork); idx = idx->prev) {
        path.push_back(idx);
        if (idx->height == from) break;
    }
    std::reverse(path.begin(), path.end());
    for (BlockIndex* idx : path) {
        const Block* given = (block && idx == target) ? block : nullptr;
        ValidationState connect_state;
        if (!ConnectTip(connect_state, idx, given)) {
            if (connect_state.IsInvalid()) {
                invalid_found = true;
                break;
            }
            state = connect_state;
            return false;
        }
        PruneBlockIndexCandidates();
    }
    return true;
}

bool Chainstate::ActivateBestChain(ValidationState& state) {
    std::lock_guard lock(mutex_);
    return ActivateBestChain(state, nullptr, chain_.Tip());
}

bool Chainstate::ActivateBestChain(ValidationState& state, const Block* block, const BlockIndex* start_tip) {
    while (true) {
        BlockIndex* target = FindMostWorkChain();
        if (!target || target == chain_.Tip()) break;
        bool invalid = false;
        const Block* given = (block && block->GetHash() == target->GetBlockHash()) ? block : nullptr;
        if (!ActivateBestChainStep(state, target, given, invalid)) return false;
    }
    if (chain_.Tip() != start_tip && chain_.Tip()) {
        const BlockIndex* fork = start_tip ? LastCommonAncestor(start_tip, chain_.Tip()) : nullptr;
        const bool ibd = IsInitialBlockDownload();
        for (auto* l : listeners_) l->UpdatedBlockTip(*chain_.Tip(), fork, ibd);
    }
    return FlushIfNeeded(state, false);
}

// ---------------------------------------------------------------------------------------------
// Operator actions
// ---------------------------------------------------------------------------------------------

bool Chainstate::InvalidateBlock(const uint256& hash, ValidationState& state) {
    std::lock_guard lock(mutex_);
    BlockIndex* index = blocks_->Lookup(hash);
    if (!index) return state.Invalid("block-not-found", 0, "Block not found");
    if (hash == params_.genesis_hash)
        return state.Invalid("genesis", 0, "Cannot invalidate the genesis block");
    index->status |= BLOCK_FAILED_VALID;
    blocks_->SetDirty(index);
    candidates_.erase(index);
    const BlockIndex* old_tip = chain_.Tip();
    while (chain_.Contains(index)) {
        BlockIndex* tip = chain_.Tip();
        if (tip != index) {
            tip->status |= BLOCK_FAILED_CHILD;
            blocks_->SetDirty(tip);
        }
        candidates_.erase(tip);
        if (!DisconnectTip(state)) return false;
    }
    // Descendants of the invalidated block elsewhere in the tree are failed children too.
    blocks_->ForEach([&](BlockIndex* idx) {
        if (idx != index && idx->height > index->height && idx->GetAncestor(index->height) == index &&
            !(idx->status & BLOCK_FAILED_MASK)) {
            idx->status |= BLOCK_FAILED_CHILD;
            blocks_->SetDirty(idx);
            candidates_.erase(idx);
        }
    });
    RebuildCandidates();
    InvalidChainFound(index);
    return ActivateBestChain(state, nullptr, old_tip);
}

bool Chainstate::ReconsiderBlock(const uint256& hash, ValidationState& state) {
    std::lock_guard lock(mutex_);
    BlockIndex* index = blocks_->Lookup(hash);
    if (!index) return state.Invalid("block-not-found", 0, "Block not found");
    const int h = index->height;
    blocks_->ForEach([&](BlockIndex* idx) {
        if (!(idx->status & BLOCK_FAILED_MASK)) return;
        if (idx->GetAncestor(h) == index || index->GetAncestor(idx->height) == idx) {
            idx->status &= ~BLOCK_FAILED_MASK;
            blocks_->SetDirty(idx);
            if (invalid_tip_ == idx) invalid_tip_ = nullptr;
        }
    });
    RebuildCandidates();
    return ActivateBestChain(state, nullptr, chain_.Tip());
}

bool Chainstate::PreciousBlock(const uint256& hash, ValidationState& state) {
    std::lock_guard lock(mutex_);
    BlockIndex* index = blocks_->Lookup(hash);
    if (!index) return state.Invalid("block-not-found", 0, "Block not found");
    const BlockIndex* tip = chain_.Tip();
    if (tip && index->ChainWork() < tip->ChainWork()) return true;  // only ties can be broken
    candidates_.erase(index);
    index->sequence_id = precious_sequence_--;
    if (index->IsValid(BLOCK_VALID_TRANSACTIONS) && index->chain_tx && !(index->status & BLOCK_FAILED_MASK))
        candidates_.insert(index);
    return ActivateBestChain(state, nullptr, chain_.Tip());
}

// ---------------------------------------------------------------------------------------------
// Flushing
// ---------------------------------------------------------------------------------------------

bool Chainstate::FlushIfNeeded(ValidationState& state, bool force) {
    const int64_t now = clock_.UnixSeconds();
    if (!force && coins_tip_->DynamicMemoryUsage() <= coins_cache_limit_ &&
        now - last_flush_time_ < options_.flush_interval_seconds && options_.flush_interval_seconds > 0)
        return true;
    Status s = FlushLocked();
    if (!s) return state.Error("Failed to flush the chainstate to disk: " + s.error().ToString());
    return true;
}

Status Chainstate::FlushLocked() {
    // Order matters for crash safety: block data, then the index that points at it, then the UTXO
    // set that refers to index entries.
    Status s = blocks_->Flush();
    if (!s) return s;
    s = coins_tip_->Flush();
    if (!s) return s;
    last_flush_time_ = clock_.UnixSeconds();
    return Status::Ok();
}

Status Chainstate::Flush() {
    std::lock_guard lock(mutex_);
    return FlushLocked();
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

const BlockIndex* Chainstate::Tip() const {
    std::lock_guard lock(mutex_);
    return chain_.Tip();
}

int Chainstate::Height() const {
    std::lock_guard lock(mutex_);
    return chain_.Height();
}

const BlockIndex* Chainstate::Genesis() const {
    std::lock_guard lock(mutex_);
    return chain_.Genesis();
}

const BlockIndex* Chainstate::LookupBlockIndex(const uint256& hash) const {
    std::lock_guard lock(mutex_);
    return blocks_->Lookup(hash);
}

const BlockIndex* Chainstate::AtHeight(int height) const {
    std::lock_guard lock(mutex_);
    return chain_[height];
}

bool Chainstate::IsOnActiveChain(const BlockIndex* index) const {
    std::lock_guard lock(mutex_);
    return index && chain_.Contains(index);
}

const BlockIndex* Chainstate::BestHeader() const {
    std::lock_guard lock(mutex_);
    return blocks_->BestHeader();
}

std::optional<Coin> Chainstate::GetCoin(const OutPoint& outpoint) const {
    std::lock_guard lock(mutex_);
    return coins_tip_->GetCoin(outpoint);
}

Result<Block> Chainstate::ReadBlock(const BlockIndex& index) const {
    std::lock_guard lock(mutex_);
    return blocks_->ReadBlock(index);
}

Result<BlockUndo> Chainstate::ReadUndo(const BlockIndex& index) const {
    std::lock_guard lock(mutex_);
    return blocks_->ReadUndo(index);
}

Result<std::pair<TransactionRef, uint256>> Chainstate::GetTransaction(const uint256& txid) const {
    std::lock_guard lock(mutex_);
    if (!options_.txindex)
        return Error("no-txindex",
                     "No such mempool transaction. Use -txindex to enable blockchain transaction queries");
    auto pos = blocks_->TreeDB().ReadTxIndex(txid);
    if (!pos) return pos.error();
    if (!pos->has_value()) {
        // Genesis is never connected like other blocks, so the index does not hold its transactions;
        // Ocean's index does, and they are in memory anyway.
        for (const auto& tx : params_.genesis.vtx) {
            if (tx->GetTxid() == txid) return std::make_pair(tx, params_.genesis_hash);
        }
        return Error("not-found", "No such mempool or blockchain transaction");
    }
    auto block = blocks_->Store().ReadBlock((*pos)->block);
    if (!block) return block.error();
    for (const auto& tx : block->vtx) {
        if (tx->GetTxid() == txid) return std::make_pair(tx, block->GetHash());
    }
    return Error("txindex-corrupt", "transaction index points at a block without the transaction");
}

std::vector<ChainTip> Chainstate::GetChainTips() const {
    std::lock_guard lock(mutex_);
    // A tip is a block that no other known block builds on, plus the active tip.
    std::set<const BlockIndex*> has_child;
    std::vector<const BlockIndex*> all;
    blocks_->ForEach([&](BlockIndex* idx) {
        all.push_back(idx);
        if (idx->prev) has_child.insert(idx->prev);
    });
    std::vector<ChainTip> tips;
    for (const BlockIndex* idx : all) {
        if (has_child.count(idx) && idx != chain_.Tip()) continue;
        ChainTip t{idx, 0, ""};
        const BlockIndex* fork = chain_.FindFork(idx);
        t.branch_len = fork ? idx->height - fork->height : idx->height + 1;
        if (chain_.Contains(idx))
            t.status = "active";
        else if (idx->status & BLOCK_FAILED_MASK)
            t.status = "invalid";
        else if (!idx->chain_tx)
            t.status = "headers-only";
        else if (idx->IsValid(BLOCK_VALID_SCRIPTS))
            t.status = "valid-fork";
        else
            t.status = "valid-headers";
        tips.push_back(t);
    }
    std::sort(tips.begin(), tips.end(), [](const ChainTip& a, const ChainTip& b) {
        if (a.index->height != b.index->height) return a.index->height > b.index->height;
        return a.index->GetBlockHash() < b.index->GetBlockHash();
    });
    return tips;
}

Status Chainstate::WalkCoins(const std::function<void(const OutPoint&, const Coin&)>& f) const {
    auto cursor = coins_db_->NewCursor();
    OutPoint op;
    Coin coin;
    for (; cursor->Valid(); cursor->Next()) {
        if (!cursor->GetKey(op) || !cursor->GetValue(coin))
            return Error("chainstate-corrupt", "unreadable entry in the UTXO database");
        f(op, coin);
    }
    return cursor->status();
}

Result<CoinsStats> Chainstate::GetCoinsStats(const std::function<void(const OutPoint&, const Coin&)>& visit) {
    std::lock_guard lock(mutex_);
    Status s = FlushLocked();
    if (!s) return s.error();
    CoinsStats stats;
    stats.best_block = coins_db_->GetBestBlock();
    if (const BlockIndex* idx = blocks_->Lookup(stats.best_block)) stats.height = idx->height;
    // Coins arrive ordered by outpoint (txid, then index), so outputs of one transaction are adjacent.
    // Hashes and counts the canonical serialization of the UTXO set (see doc/ocean-differences.md).
    struct CountingHashWriter {
        HashWriter h;
        uint64_t bytes = 0;
        void write(const uint8_t* data, size_t n) {
            h.write(data, n);
            bytes += n;
        }
    } hw;
    uint256 current;
    bool any = false;
    s = WalkCoins([&](const OutPoint& op, const Coin& coin) {
        if (!any || op.hash != current) {
            if (any) WriteVarInt(hw, 0);
            current = op.hash;
            any = true;
            stats.transactions++;
            WriteBlob(hw, op.hash);
            WriteVarInt(hw, static_cast<uint64_t>(coin.height) * 2 + (coin.coinbase ? 1 : 0));
        }
        WriteVarInt(hw, static_cast<uint64_t>(op.n) + 1);
        coin.out.asset.Serialize(hw);
        coin.out.value.Serialize(hw);
        coin.out.nonce.Serialize(hw);
        WriteBytes(hw, coin.out.script_pubkey);
        stats.txouts++;
        if (visit) visit(op, coin);
    });
    if (!s) return s.error();
    if (any) WriteVarInt(hw, 0);
    stats.hash_serialized = hw.h.GetHash();
    stats.bytes_serialized = hw.bytes;
    return stats;
}

size_t Chainstate::CoinsCacheUsage() const {
    std::lock_guard lock(mutex_);
    return coins_tip_->DynamicMemoryUsage();
}

bool Chainstate::IsInitialBlockDownload() const {
    if (ibd_latch_.load(std::memory_order_relaxed)) return false;
    const BlockIndex* tip = chain_.Tip();
    if (!tip) return true;
    if (static_cast<int64_t>(tip->time) < clock_.UnixSeconds() - kMaxTipAgeSeconds) return true;
    ibd_latch_.store(true, std::memory_order_relaxed);
    return false;
}

void Chainstate::AddListener(ChainListener* listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(listener);
}

void Chainstate::RemoveListener(ChainListener* listener) {
    std::lock_guard lock(mutex_);
    listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

Chainstate::Stats Chainstate::GetStats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

// ---------------------------------------------------------------------------------------------
// Verification, reindex, import
// ---------------------------------------------------------------------------------------------

bool Chainstate::VerifyDB(int level, int nblocks, std::string* error) {
    std::lock_guard lock(mutex_);
    BlockIndex* tip = chain_.Tip();
    if (!tip || tip->height == 0) return true;
    level = std::clamp(level, 0, 4);
    if (nblocks <= 0 || nblocks > tip->height) nblocks = tip->height;
    log_.Info("Verifying last " + std::to_string(nblocks) + " blocks at level " + std::to_string(level));
    auto fail = [&](const std::string& msg) {
        if (error) *error = msg;
        log_.Error("VerifyDB: " + msg);
        return false;
    };
    CoinsViewCache view(coins_tip_.get());
    BlockIndex* good = tip;
    int unclean = 0;
    BlockIndex* idx = tip;
    for (; idx && idx->prev; idx = idx->prev) {
        if (idx->height <= tip->height - nblocks) break;
        if (options_.progress) {
            options_.progress("Verifying blocks", static_cast<uint64_t>(tip->height - idx->height),
                              static_cast<uint64_t>(nblocks));
        }
        auto block = blocks_->ReadBlock(*idx);
        if (!block)
            return fail("cannot read block at height " + std::to_string(idx->height) + ": " +
                        block.error().ToString());
        ValidationState st;
        if (level >= 1 && !CheckBlock(*block, params_, st, true, true))
            return fail("found bad block at height " + std::to_string(idx->height) + ": " + st.ToString());
        if (level >= 2 && (idx->status & BLOCK_HAVE_UNDO)) {
            auto undo = blocks_->ReadUndo(*idx);
            if (!undo)
                return fail("found bad undo data at height " + std::to_string(idx->height) + ": " +
                            undo.error().ToString());
        }
        if (level >= 3 &&
            view.DynamicMemoryUsage() + coins_tip_->DynamicMemoryUsage() <= options_.cache_bytes) {
            DisconnectResult r = DisconnectBlock(*block, *idx, view);
            if (r == DisconnectResult::kFailed)
                return fail("irrecoverable inconsistency in block data at height " +
                            std::to_string(idx->height));
            if (r == DisconnectResult::kUnclean) {
                good = idx->prev;
                unclean++;
            }
        } else if (level >= 3) {
            break;
        }
    }
    if (unclean)
        return fail("coin database inconsistencies found (last " + std::to_string(unclean) + " blocks, " +
                    std::to_string(tip->height - good->height) + " good transactions before that)");
    if (level >= 4 && idx != tip) {
        for (BlockIndex* b = idx; b != tip;) {
            b = tip->GetAncestor(b->height + 1);
            auto block = blocks_->ReadBlock(*b);
            if (!block) return fail("cannot read block at height " + std::to_string(b->height));
            ValidationState st;
            if (!ConnectBlock(*block, st, *b, view, true))
                return fail("found unconnectable block at height " + std::to_string(b->height) + ": " +
                            st.ToString());
        }
    }
    log_.Info("No coin database inconsistencies in last " + std::to_string(nblocks) + " blocks");
    return true;
}

Status Chainstate::Reindex() {
    log_.Info("Reindexing block files");
    Status s = blocks_->TreeDB().WriteReindexing(true);
    if (!s) return s;
    std::multimap<uint256, FlatFilePos> waiting;  // blocks found before their parent, keyed by parent
    const uint256 genesis_hash = params_.genesis_hash;
    uint64_t found = 0;
    // Progress in bytes of block files scanned (files are preallocated, so the total is an estimate).
    uint64_t total_bytes = 0, bytes_before_file = 0;
    for (int file = 0; blocks_->Store().HaveBlockFile(file); ++file) {
        std::error_code ec;
        total_bytes += std::filesystem::file_size(blocks_->Store().BlockFilePath(file), ec);
    }

    std::function<void(const Block&, const FlatFilePos&)> accept = [&](const Block& block,
                                                                       const FlatFilePos& pos) {
        const uint256 hash = block.GetHash();
        BlockIndex* known = blocks_->Lookup(hash);
        if (known && (known->status & BLOCK_HAVE_DATA)) return;
        if (hash != genesis_hash && !blocks_->Lookup(block.prev_block)) {
            waiting.emplace(block.prev_block, pos);
            return;
        }
        ValidationState st;
        bool stored = false;
        if (!AcceptBlock(block, st, nullptr, &stored, &pos) || !stored) {
            log_.Debug(LogCategory::kReindex,
                       "reindex: skipping block " + hash.ToHex() + ": " + st.ToString());
            return;
        }
        found++;
        // Children that arrived earlier in the files.
        auto range = waiting.equal_range(hash);
        std::vector<FlatFilePos> children;
        for (auto it = range.first; it != range.second; ++it) children.push_back(it->second);
        waiting.erase(range.first, range.second);
        for (const auto& cpos : children) {
            auto child = blocks_->Store().ReadBlock(cpos);
            if (child) accept(*child, cpos);
        }
    };

    for (int file = 0;; ++file) {
        if (!blocks_->Store().HaveBlockFile(file)) break;
        log_.Info("Reindexing block file blk" + std::to_string(file) + ".dat (" + std::to_string(found) +
                  " blocks so far)");
        s = blocks_->Store().ScanFile(file, [&](const Block& block, FlatFilePos pos) {
            accept(block, pos);
            if (options_.progress)
                options_.progress("Reindexing blocks", bytes_before_file + pos.pos, total_bytes);
            return true;
        });
        if (!s) return s;
        std::error_code ec;
        bytes_before_file += std::filesystem::file_size(blocks_->Store().BlockFilePath(file), ec);
        s = blocks_->Flush();
        if (!s) return s;
    }
    if (!waiting.empty())
        log_.Warning("Reindex: " + std::to_string(waiting.size()) + " blocks on disk have no known parent");
    s = blocks_->Flush();
    if (!s) return s;
    s = blocks_->TreeDB().WriteReindexing(false);
    if (!s) return s;
    log_.Info("Reindex found " + std::to_string(found) + " blocks");
    return Status::Ok();
}

}  // namespace ocean
