#include "ocean/wallet/wallet.h"

#include <algorithm>

#include "ocean/chain/block_index.h"

namespace ocean {

namespace {
constexpr uint8_t kTxPrefix = 't';
constexpr uint8_t kBestBlockKey = 'b';
// During a scan the batch is written every this many blocks (and at the end).
constexpr int kScanBatchBlocks = 1000;

bool AtLeast(IsMineType mine, IsMineType filter) {
    return static_cast<uint8_t>(mine) >= static_cast<uint8_t>(filter) && mine != IsMineType::kNo;
}

void AddTo(AmountMap& map, const uint256& asset, Amount value) {
    if (value != 0) map[asset] += value;
}
}  // namespace

Wallet::Wallet(Chainstate& chain, TxMempool* pool, Database& db, const ScriptOwnership& keys,
               WalletOptions options, Logger& log, const Clock& clock)
    : chain_(chain), pool_(pool), db_(db), keys_(keys), options_(options), log_(log), clock_(clock) {}

// ---------------------------------------------------------------------------------------------------
// Loading, scanning, persistence

Status Wallet::Load(bool rescan, Zap zap) {
    std::lock_guard chain_lock(chain_.mutex());
    std::unique_lock<std::recursive_mutex> pool_lock;
    if (pool_) pool_lock = std::unique_lock(pool_->mutex());
    std::lock_guard lock(mutex_);

    txs_.clear();
    spends_.clear();
    next_order_ = 0;
    auto it = db_.NewIterator();
    const uint8_t prefix = kTxPrefix;
    for (it->Seek(ByteSpan(&prefix, 1)); it->Valid() && it->Key()[0] == kTxPrefix; it->Next()) {
        auto wtx = WalletTx::Decode(it->Value());
        if (!wtx) return Error("wallet-corrupt", "wallet transaction record: " + wtx.error().ToString());
        next_order_ = std::max(next_order_, wtx->order + 1);
        const uint256 txid = wtx->Txid();
        AddSpends(*wtx);
        txs_.emplace(txid, std::move(wtx.value()));
    }
    if (!it->status()) return it->status();
    it.reset();

    std::unordered_map<uint256, WalletTx, BlobHasher> zapped;
    if (zap != Zap::kNone) {
        Database::Batch batch;
        for (const auto& [txid, wtx] : txs_) batch.Delete(PrefixedKey(kTxPrefix, txid.span()));
        batch.Delete(ByteSpan(&kBestBlockKey, 1));
        if (Status s = Write(batch, true); !s) return s;
        log_.Info("Wallet: -zapwallettxes removed " + std::to_string(txs_.size()) + " transactions" +
                  (zap == Zap::kKeepMetadata ? " (metadata kept)" : ""));
        if (zap == Zap::kKeepMetadata) zapped.swap(txs_);
        txs_.clear();
        spends_.clear();
        next_order_ = 0;
        rescan = true;
    }

    auto best = db_.Read(ByteSpan(&kBestBlockKey, 1));
    if (!best) return best.error();
    int from = 0;
    if (!rescan && best->has_value() && (*best)->size() == 32) {
        best_block_ = uint256(ByteSpan(**best));
        const BlockIndex* index = chain_.LookupBlockIndex(best_block_);
        // Back to the last block of the active chain (the wallet may have seen a block reorged out since).
        while (index && !chain_.IsOnActiveChain(index)) index = index->prev;
        from = index ? index->height + 1 : 0;
    }
    log_.Info("Wallet: " + std::to_string(txs_.size()) + " transactions loaded; scanning from height " +
              std::to_string(from) + " to " + std::to_string(chain_.Height()));
    if (Status s = ScanBlocks(from); !s) return s;

    Database::Batch batch;
    if (pool_) {
        for (const MempoolEntry& e : pool_->Entries()) {
            bool changed = false;
            if (WalletTx* w = SyncTransaction(e.tx, nullptr, -1, batch, &changed)) w->in_mempool = true;
        }
    }
    // -zapwallettxes=1: what the rescan found again gets back what only the wallet knew of it.
    for (auto& [txid, old] : zapped) {
        auto found = txs_.find(txid);
        if (found == txs_.end()) continue;
        WalletTx& wtx = found->second;
        wtx.from_me = old.from_me;
        wtx.comment = std::move(old.comment);
        wtx.comment_to = std::move(old.comment_to);
        wtx.time_received = old.time_received;
        wtx.time_smart = old.time_smart;
        Store(wtx, batch);
    }
    return Write(batch, true);
}

Status Wallet::Rescan(int from_height) {
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    return ScanBlocks(std::max(0, from_height));
}

Status Wallet::ScanBlocks(int from_height) {
    Database::Batch batch;
    bool dirty = false;
    const int tip = chain_.Height();
    for (int h = from_height; h <= tip; ++h) {
        const BlockIndex* index = chain_.AtHeight(h);
        auto block = chain_.ReadBlock(*index);
        if (!block)
            return Error("wallet-rescan", "cannot read block at height " + std::to_string(h) + ": " +
                                              block.error().ToString());
        for (size_t pos = 0; pos < block->vtx.size(); ++pos) {
            bool changed = false;
            SyncTransaction(block->vtx[pos], index, static_cast<int>(pos), batch, &changed);
            dirty |= changed;
        }
        best_block_ = index->GetBlockHash();
        if ((h - from_height + 1) % kScanBatchBlocks == 0 || h == tip) {
            batch.Put(ByteSpan(&kBestBlockKey, 1), best_block_.span());
            if (Status s = Write(batch, dirty); !s) return s;
            dirty = false;
        }
    }
    return Status::Ok();
}

Status Wallet::Flush() {
    std::lock_guard lock(mutex_);
    if (best_block_.IsNull()) return Status::Ok();
    Database::Batch batch;
    batch.Put(ByteSpan(&kBestBlockKey, 1), best_block_.span());
    return Write(batch, true);
}

void Wallet::Store(const WalletTx& wtx, Database::Batch& batch) const {
    batch.Put(PrefixedKey(kTxPrefix, wtx.Txid().span()), wtx.Encode());
}

Status Wallet::Write(Database::Batch& batch, bool sync) {
    if (batch.Empty()) return Status::Ok();
    Status s = db_.Write(batch, sync);
    batch.Clear();
    std::vector<uint256> updated;
    updated.swap(updated_);
    if (!s) {
        log_.Error("Wallet: database write failed: " + s.error().ToString());
        return s;
    }
    if (options_.on_transaction_updated)
        for (const uint256& txid : updated) options_.on_transaction_updated(txid);
    return s;
}

void Wallet::AddSpends(const WalletTx& wtx) {
    if (wtx.tx->IsCoinBase()) return;
    for (const TxIn& in : wtx.tx->vin) spends_.emplace(in.prevout, wtx.Txid());
}

// ---------------------------------------------------------------------------------------------------
// Events

WalletTx* Wallet::SyncTransaction(const TransactionRef& tx, const BlockIndex* block, int pos,
                                  Database::Batch& batch, bool* changed) {
    const uint256& txid = tx->GetTxid();
    auto it = txs_.find(txid);
    if (it == txs_.end()) {
        bool relevant = IsFromMe(*tx);
        for (size_t i = 0; !relevant && i < tx->vout.size(); ++i)
            relevant = IsMine(tx->vout[i]) != IsMineType::kNo;
        if (!relevant) return nullptr;
        WalletTx wtx;
        wtx.tx = tx;
        wtx.time_received = clock_.UnixSeconds();
        wtx.time_smart =
            block ? std::min<int64_t>(block->GetBlockTime(), wtx.time_received) : wtx.time_received;
        wtx.order = next_order_++;
        it = txs_.emplace(txid, std::move(wtx)).first;
        AddSpends(it->second);
        *changed = true;
        updated_.push_back(txid);
    }
    WalletTx& wtx = it->second;
    if (block) {
        const uint256 hash = block->GetBlockHash();
        if (wtx.block_hash != hash || wtx.block_pos != pos) {
            wtx.block_hash = hash;
            wtx.block_pos = pos;
            *changed = true;
            if (updated_.empty() || updated_.back() != txid) updated_.push_back(txid);
        }
        if (!wtx.conflict_block.IsNull()) {
            wtx.conflict_block.SetNull();
            *changed = true;
        }
    }
    if (*changed) Store(wtx, batch);
    return &wtx;
}

void Wallet::ForEachWithDescendants(std::vector<uint256> roots, const std::function<bool(WalletTx&)>& visit) {
    std::set<uint256> seen;
    while (!roots.empty()) {
        const uint256 txid = roots.back();
        roots.pop_back();
        if (!seen.insert(txid).second) continue;
        auto it = txs_.find(txid);
        if (it == txs_.end() || !visit(it->second)) continue;
        for (uint32_t n = 0; n < it->second.tx->vout.size(); ++n) {
            auto [b, e] = spends_.equal_range(OutPoint(txid, n));
            for (auto s = b; s != e; ++s) roots.push_back(s->second);
        }
    }
}

std::vector<uint256> Wallet::Conflicts(const Transaction& tx) const {
    std::lock_guard lock(mutex_);
    std::vector<uint256> out;
    if (tx.IsCoinBase()) return out;
    for (const TxIn& in : tx.vin) {
        auto [b, e] = spends_.equal_range(in.prevout);
        for (auto s = b; s != e; ++s)
            if (s->second != tx.GetTxid() && std::find(out.begin(), out.end(), s->second) == out.end())
                out.push_back(s->second);
    }
    return out;
}

void Wallet::MarkConflicts(const Transaction& tx, const uint256& block_hash, Database::Batch& batch) {
    // Wallet transactions spending an input of tx (other than tx itself), then their wallet descendants.
    ForEachWithDescendants(Conflicts(tx), [&](WalletTx& wtx) {
        if (wtx.IsConfirmedIn()) return false;
        wtx.conflict_block = block_hash;
        Store(wtx, batch);
        return true;
    });
}

void Wallet::BlockConnected(const Block& block, const BlockIndex& index) {
    std::lock_guard lock(mutex_);
    Database::Batch batch;
    bool dirty = false;
    const uint256 hash = index.GetBlockHash();
    for (size_t pos = 0; pos < block.vtx.size(); ++pos) {
        MarkConflicts(*block.vtx[pos], hash, batch);
        bool changed = false;
        if (WalletTx* w = SyncTransaction(block.vtx[pos], &index, static_cast<int>(pos), batch, &changed))
            w->in_mempool = false;
        dirty |= changed;
    }
    dirty |= !batch.Empty();
    best_block_ = hash;
    batch.Put(ByteSpan(&kBestBlockKey, 1), best_block_.span());
    // Synced only when a wallet record changed; a lost best-block marker just means a short rescan.
    (void)Write(batch, dirty);
}

void Wallet::BlockDisconnected(const Block& block, const BlockIndex& index) {
    std::lock_guard lock(mutex_);
    Database::Batch batch;
    const uint256 hash = index.GetBlockHash();
    for (const TransactionRef& tx : block.vtx) {
        auto it = txs_.find(tx->GetTxid());
        if (it == txs_.end() || it->second.block_hash != hash) continue;
        it->second.block_hash.SetNull();
        it->second.block_pos = -1;
        Store(it->second, batch);
    }
    for (auto& [txid, wtx] : txs_) {
        if (wtx.conflict_block != hash) continue;
        wtx.conflict_block.SetNull();
        Store(wtx, batch);
    }
    if (index.prev) best_block_ = index.prev->GetBlockHash();
    batch.Put(ByteSpan(&kBestBlockKey, 1), best_block_.span());
    (void)Write(batch, true);
}

void Wallet::TransactionAdded(const MempoolEntry& entry) {
    std::lock_guard lock(mutex_);
    Database::Batch batch;
    bool changed = false;
    if (WalletTx* w = SyncTransaction(entry.tx, nullptr, -1, batch, &changed)) w->in_mempool = true;
    (void)Write(batch, true);
}

void Wallet::TransactionRemoved(const MempoolEntry& entry, RemovalReason /*reason*/) {
    std::lock_guard lock(mutex_);
    auto it = txs_.find(entry.Txid());
    if (it != txs_.end()) it->second.in_mempool = false;
}

// ---------------------------------------------------------------------------------------------------
// Own transactions

Status Wallet::AddOwnTransaction(const TransactionRef& tx, std::string comment, std::string comment_to) {
    std::lock_guard lock(mutex_);
    Database::Batch batch;
    auto it = txs_.find(tx->GetTxid());
    if (it == txs_.end()) {
        WalletTx wtx;
        wtx.tx = tx;
        wtx.time_received = wtx.time_smart = clock_.UnixSeconds();
        wtx.order = next_order_++;
        it = txs_.emplace(tx->GetTxid(), std::move(wtx)).first;
        AddSpends(it->second);
        updated_.push_back(tx->GetTxid());
    }
    WalletTx& wtx = it->second;
    wtx.from_me = true;
    wtx.comment = std::move(comment);
    wtx.comment_to = std::move(comment_to);
    Store(wtx, batch);
    return Write(batch, true);
}

Status Wallet::Abandon(const uint256& txid) {
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    auto it = txs_.find(txid);
    if (it == txs_.end()) return Error("not-found", "Invalid or non-wallet transaction id");
    if (Depth(it->second) > 0 || it->second.in_mempool)
        return Error("not-eligible", "Transaction not eligible for abandonment");
    Database::Batch batch;
    ForEachWithDescendants({txid}, [&](WalletTx& wtx) {
        if (Depth(wtx) > 0 || wtx.in_mempool) return false;
        wtx.abandoned = true;
        Store(wtx, batch);
        return true;
    });
    return Write(batch, true);
}

// ---------------------------------------------------------------------------------------------------
// Queries

const WalletTx* Wallet::GetTx(const uint256& txid) const {
    std::lock_guard lock(mutex_);
    auto it = txs_.find(txid);
    return it == txs_.end() ? nullptr : &it->second;
}

std::vector<const WalletTx*> Wallet::TxsInOrder() const {
    std::lock_guard lock(mutex_);
    std::vector<const WalletTx*> out;
    out.reserve(txs_.size());
    for (const auto& [txid, wtx] : txs_) out.push_back(&wtx);
    std::sort(out.begin(), out.end(),
              [](const WalletTx* a, const WalletTx* b) { return a->order < b->order; });
    return out;
}

size_t Wallet::TxCount() const {
    std::lock_guard lock(mutex_);
    return txs_.size();
}

uint256 Wallet::BestBlock() const {
    std::lock_guard lock(mutex_);
    return best_block_;
}

int Wallet::Depth(const WalletTx& wtx) const {
    std::lock_guard chain_lock(chain_.mutex());
    const BlockIndex* tip = chain_.Tip();
    if (!tip) return 0;
    if (!wtx.conflict_block.IsNull()) {
        const BlockIndex* c = chain_.LookupBlockIndex(wtx.conflict_block);
        if (c && chain_.IsOnActiveChain(c)) return -(tip->height - c->height + 1);
    }
    if (wtx.block_hash.IsNull()) return 0;
    const BlockIndex* b = chain_.LookupBlockIndex(wtx.block_hash);
    if (!b || !chain_.IsOnActiveChain(b)) return 0;
    return tip->height - b->height + 1;
}

int Wallet::BlocksToMaturity(const WalletTx& wtx) const {
    if (!wtx.tx->IsCoinBase()) return 0;
    return std::max(0, options_.coinbase_maturity + 1 - Depth(wtx));
}

bool Wallet::IsFinal(const Transaction& tx) const {
    std::lock_guard chain_lock(chain_.mutex());
    const BlockIndex* tip = chain_.Tip();
    if (!tip) return true;
    return IsFinalTx(tx, tip->height + 1, tip->GetMedianTimePast());
}

bool Wallet::IsTrusted(const WalletTx& wtx) const {
    std::lock_guard lock(mutex_);
    if (!IsFinal(*wtx.tx)) return false;
    const int depth = Depth(wtx);
    if (depth >= 1) return true;
    if (depth < 0) return false;
    if (!options_.spend_zero_conf_change || !wtx.from_me || !wtx.in_mempool) return false;
    for (const TxIn& in : wtx.tx->vin) {
        auto parent = txs_.find(in.prevout.hash);
        if (parent == txs_.end() || in.prevout.n >= parent->second.tx->vout.size()) return false;
        if (IsMine(parent->second.tx->vout[in.prevout.n]) != IsMineType::kSpendable) return false;
    }
    return true;
}

bool Wallet::IsSpent(const OutPoint& outpoint) const {
    std::lock_guard lock(mutex_);
    auto [b, e] = spends_.equal_range(outpoint);
    for (auto s = b; s != e; ++s) {
        auto it = txs_.find(s->second);
        if (it == txs_.end()) continue;
        const int depth = Depth(it->second);
        if (depth > 0 || (depth == 0 && !it->second.abandoned)) return true;
    }
    return false;
}

IsMineType Wallet::IsMine(const TxOut& out) const {
    if (out.script_pubkey.empty()) return IsMineType::kNo;  // fee outputs
    return keys_.IsMine(Script(out.script_pubkey));
}

AmountMap Wallet::Credit(const Transaction& tx, IsMineType filter) const {
    AmountMap credit;
    for (const TxOut& out : tx.vout) {
        if (!out.asset.IsExplicit() || !out.value.IsExplicit()) continue;
        if (AtLeast(IsMine(out), filter)) AddTo(credit, out.asset.GetAsset(), out.value.GetAmount());
    }
    return credit;
}

AmountMap Wallet::Debit(const Transaction& tx, IsMineType filter) const {
    std::lock_guard lock(mutex_);
    AmountMap debit;
    if (tx.IsCoinBase()) return debit;
    for (const TxIn& in : tx.vin) {
        auto parent = txs_.find(in.prevout.hash);
        if (parent == txs_.end() || in.prevout.n >= parent->second.tx->vout.size()) continue;
        const TxOut& out = parent->second.tx->vout[in.prevout.n];
        if (!out.asset.IsExplicit() || !out.value.IsExplicit()) continue;
        if (AtLeast(IsMine(out), filter)) AddTo(debit, out.asset.GetAsset(), out.value.GetAmount());
    }
    return debit;
}

bool Wallet::IsFromMe(const Transaction& tx) const {
    std::lock_guard lock(mutex_);
    if (tx.IsCoinBase()) return false;
    for (const TxIn& in : tx.vin) {
        auto parent = txs_.find(in.prevout.hash);
        if (parent == txs_.end() || in.prevout.n >= parent->second.tx->vout.size()) continue;
        if (IsMine(parent->second.tx->vout[in.prevout.n]) != IsMineType::kNo) return true;
    }
    return false;
}

WalletBalances Wallet::GetBalances() const {
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    WalletBalances b;
    for (const auto& [txid, wtx] : txs_) {
        const int depth = Depth(wtx);
        if (depth < 0) continue;
        const bool trusted = IsTrusted(wtx);
        const bool immature = BlocksToMaturity(wtx) > 0;
        if (immature && depth == 0) continue;  // a coinbase out of the chain
        if (!trusted && !immature && !(depth == 0 && wtx.in_mempool)) continue;
        for (uint32_t n = 0; n < wtx.tx->vout.size(); ++n) {
            const TxOut& out = wtx.tx->vout[n];
            if (!out.asset.IsExplicit() || !out.value.IsExplicit()) continue;
            const IsMineType mine = IsMine(out);
            if (mine == IsMineType::kNo) continue;
            if (!immature && IsSpent(OutPoint(txid, n))) continue;
            const bool watch = mine == IsMineType::kWatchOnly;
            AmountMap& target = immature  ? (watch ? b.watch_immature : b.immature)
                                : trusted ? (watch ? b.watch_trusted : b.trusted)
                                          : (watch ? b.watch_pending : b.untrusted_pending);
            AddTo(target, out.asset.GetAsset(), out.value.GetAmount());
        }
    }
    return b;
}

std::vector<WalletOutput> Wallet::AvailableCoins(bool only_safe, int min_depth, int max_depth,
                                                 bool include_watch_only) const {
    std::lock_guard chain_lock(chain_.mutex());
    std::lock_guard lock(mutex_);
    std::vector<WalletOutput> coins;
    for (const auto& [txid, wtx] : txs_) {
        if (!IsFinal(*wtx.tx)) continue;
        if (BlocksToMaturity(wtx) > 0) continue;
        const int depth = Depth(wtx);
        if (depth < 0) continue;
        if (depth == 0 && !wtx.in_mempool) continue;
        const bool trusted = IsTrusted(wtx);
        if (only_safe && !trusted) continue;
        if (depth < min_depth || depth > max_depth) continue;
        for (uint32_t n = 0; n < wtx.tx->vout.size(); ++n) {
            const TxOut& out = wtx.tx->vout[n];
            if (!out.asset.IsExplicit() || !out.value.IsExplicit() || out.value.GetAmount() <= 0) continue;
            const IsMineType mine = IsMine(out);
            if (mine == IsMineType::kNo || (mine == IsMineType::kWatchOnly && !include_watch_only)) continue;
            const OutPoint op(txid, n);
            if (locked_.count(op) || IsSpent(op)) continue;
            WalletOutput c;
            c.outpoint = op;
            c.out = out;
            c.asset = out.asset.GetAsset();
            c.value = out.value.GetAmount();
            c.depth = depth;
            c.mine = mine;
            c.trusted = trusted;
            c.from_me = wtx.from_me;
            c.coinbase = wtx.tx->IsCoinBase();
            coins.push_back(std::move(c));
        }
    }
    return coins;
}

void Wallet::LockCoin(const OutPoint& outpoint) {
    std::lock_guard lock(mutex_);
    locked_.insert(outpoint);
}
void Wallet::UnlockCoin(const OutPoint& outpoint) {
    std::lock_guard lock(mutex_);
    locked_.erase(outpoint);
}
void Wallet::UnlockAllCoins() {
    std::lock_guard lock(mutex_);
    locked_.clear();
}
bool Wallet::IsLockedCoin(const OutPoint& outpoint) const {
    std::lock_guard lock(mutex_);
    return locked_.count(outpoint) > 0;
}
std::vector<OutPoint> Wallet::LockedCoins() const {
    std::lock_guard lock(mutex_);
    return {locked_.begin(), locked_.end()};
}

}  // namespace ocean
