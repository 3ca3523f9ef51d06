// Wallet: the transactions that pay this wallet or spend from it, followed as the chain and the mempool
// change, and what can be read from them — balances per asset, spendable outputs, depths, conflicts.
//
// The wallet learns of transactions in three ways: blocks connected and disconnected (ChainListener),
// transactions entering and leaving the mempool (MempoolListener), and transactions it creates itself
// (AddOwnTransaction). A transaction is kept when one of its outputs is the wallet's (ScriptOwnership)
// or one of its inputs spends a wallet output. Records are written to the wallet database in atomic
// batches ("t" + txid, plus "b" = the last block the wallet has seen), synced whenever a record changes,
// so a kill -9 loses nothing: at start-up the wallet rescans from its last seen block to the tip, which
// is idempotent.
//
// Locks: chain → mempool → wallet (mutex(), recursive). Chain and mempool events arrive with their locks
// held. Queries lock the chain and then the wallet themselves; pointers to WalletTx records they return
// stay valid only while the caller holds mutex().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/chain/database.h"
#include "ocean/chain/events.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "ocean/wallet/ismine.h"
#include "ocean/wallet/wallet_tx.h"

namespace ocean {

struct WalletOptions {
    bool spend_zero_conf_change = true;  // -spendzeroconfchange: own unconfirmed change is trusted
    int coinbase_maturity = 2;           // chain parameter
    // -walletnotify: called with the txid of a transaction that entered the wallet or whose block changed
    // (confirmed, reorged), after its record is written. Runs under the wallet lock (and the chain/pool
    // lock of the event): it must only queue work.
    std::function<void(const uint256& txid)> on_transaction_updated;
};

// One output the wallet owns (or watches), as listunspent and coin selection see it.
struct WalletOutput {
    OutPoint outpoint;
    TxOut out;
    uint256 asset;  // explicit asset
    Amount value = 0;
    int depth = 0;
    IsMineType mine = IsMineType::kNo;
    bool trusted = false;  // counts towards the trusted balance (confirmed, or own change in the mempool)
    bool from_me = false;  // the transaction holding it was created by this wallet
    bool coinbase = false;
};

// Balances per asset, in the categories of Core 0.14's getwalletinfo.
struct WalletBalances {
    AmountMap trusted, untrusted_pending, immature;
    AmountMap watch_trusted, watch_pending, watch_immature;
};

class Wallet final : public ChainListener, public MempoolListener {
  public:
    Wallet(Chainstate& chain, TxMempool* pool, Database& db, const ScriptOwnership& keys,
           WalletOptions options, Logger& log, const Clock& clock);
    Wallet(const Wallet&) = delete;
    Wallet& operator=(const Wallet&) = delete;

    // -zapwallettxes: what Load does with the stored transactions before its rescan.
    enum class Zap {
        kNone,          // keep them
        kKeepMetadata,  // drop them all, then give those found again their comments, times and from_me
        kDropAll,       // drop them all with their metadata
    };
    // Reads the stored transactions, scans the blocks the wallet has not seen (from genesis for a new
    // wallet, with `rescan` or with a zap) and takes in the mempool's transactions. A zap removes every
    // transaction record in one synced batch first: the wallet's unconfirmed transactions that are in
    // neither the chain nor the mempool are gone and their inputs free again. Takes the chain and pool
    // locks.
    Status Load(bool rescan, Zap zap = Zap::kNone);
    // Scans the active chain from `from_height` to the tip for wallet transactions (after imports).
    Status Rescan(int from_height);
    // Records the last seen block durably (shutdown).
    Status Flush();

    std::recursive_mutex& mutex() const { return mutex_; }

    // --- Chain and mempool events ---
    void BlockConnected(const Block& block, const BlockIndex& index) override;
    void BlockDisconnected(const Block& block, const BlockIndex& index) override;
    void TransactionAdded(const MempoolEntry& entry) override;
    void TransactionRemoved(const MempoolEntry& entry, RemovalReason reason) override;

    // --- Transactions the wallet creates ---
    // Stores a transaction created by this wallet before it is broadcast (from_me, with comments), so
    // its inputs count as spent at once and a crash cannot lose it.
    Status AddOwnTransaction(const TransactionRef& tx, std::string comment, std::string comment_to);
    // abandontransaction: only for a transaction that is neither confirmed nor in the mempool; it and
    // its wallet descendants stop counting as spending their inputs. Error codes: "not-found",
    // "not-eligible".
    Status Abandon(const uint256& txid);

    // --- Queries (lock chain then wallet; pointers valid while mutex() is held) ---
    const WalletTx* GetTx(const uint256& txid) const;
    // Every record in insertion order.
    std::vector<const WalletTx*> TxsInOrder() const;
    size_t TxCount() const;
    // Confirmations: > 0 in a block of the active chain, 0 unconfirmed, < 0 conflicted by a block.
    int Depth(const WalletTx& wtx) const;
    bool IsTrusted(const WalletTx& wtx) const;
    // Blocks until a coinbase output may be spent (0 for other transactions).
    int BlocksToMaturity(const WalletTx& wtx) const;
    bool IsSpent(const OutPoint& outpoint) const;
    IsMineType IsMine(const TxOut& out) const;
    // Sum of the outputs of tx the wallet owns at `filter` or better, per asset (explicit outputs only).
    AmountMap Credit(const Transaction& tx, IsMineType filter) const;
    // Sum of the wallet outputs tx spends, per asset.
    AmountMap Debit(const Transaction& tx, IsMineType filter) const;
    bool IsFromMe(const Transaction& tx) const;
    // Other wallet transactions spending one of tx's inputs ("walletconflicts").
    std::vector<uint256> Conflicts(const Transaction& tx) const;

    WalletBalances GetBalances() const;
    // Unspent outputs the wallet owns: with only_safe, those of trusted transactions; depth within
    // [min_depth, max_depth]; watch-only ones only with include_watch_only. Locked outputs are left out.
    std::vector<WalletOutput> AvailableCoins(bool only_safe, int min_depth, int max_depth,
                                             bool include_watch_only) const;

    // lockunspent (not persisted, as Core).
    void LockCoin(const OutPoint& outpoint);
    void UnlockCoin(const OutPoint& outpoint);
    void UnlockAllCoins();
    bool IsLockedCoin(const OutPoint& outpoint) const;
    std::vector<OutPoint> LockedCoins() const;

    // The last block the wallet has processed (null before Load).
    uint256 BestBlock() const;

  private:
    // Adds or updates the record for tx seen in `block` at `pos` (null block: unconfirmed). Returns
    // the record when the wallet keeps the transaction. Changed records are put into `batch`.
    WalletTx* SyncTransaction(const TransactionRef& tx, const BlockIndex* block, int pos,
                              Database::Batch& batch, bool* changed);
    void MarkConflicts(const Transaction& tx, const uint256& block_hash, Database::Batch& batch);
    // Visits the records of `roots` and of their wallet descendants once each; `visit` returning false
    // stops the walk below that transaction.
    void ForEachWithDescendants(std::vector<uint256> roots, const std::function<bool(WalletTx&)>& visit);
    void Store(const WalletTx& wtx, Database::Batch& batch) const;
    Status Write(Database::Batch& batch, bool sync);
    bool IsFinal(const Transaction& tx) const;
    void AddSpends(const WalletTx& wtx);
    Status ScanBlocks(int from_height);

    Chainstate& chain_;
    TxMempool* pool_;
    Database& db_;
    const ScriptOwnership& keys_;
    WalletOptions options_;
    Logger& log_;
    const Clock& clock_;

    mutable std::recursive_mutex mutex_;
    std::unordered_map<uint256, WalletTx, BlobHasher> txs_;
    std::multimap<OutPoint, uint256> spends_;  // outpoint → wallet transactions spending it
    std::set<OutPoint> locked_;
    std::vector<uint256> updated_;  // records to announce (on_transaction_updated) after the next write
    uint64_t next_order_ = 0;
    uint256 best_block_;
};

}  // namespace ocean
