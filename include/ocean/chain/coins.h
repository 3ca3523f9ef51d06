// The UTXO set: the CoinsView interface, the in-memory CoinsViewCache layered on top of another view,
// and CoinsViewDB, the LevelDB store at <datadir>/chainstate behind the whole stack.
//
// Besides coins, the views track peg-in claims (consensus.md §6.5): the pair (parent genesis hash,
// parent-chain outpoint) is recorded as claimed when a peg-in connects and un-recorded on disconnect.
//
// A cache entry is DIRTY when it differs from the parent view and FRESH when the parent view is known not
// to have an unspent coin there; a FRESH coin that gets spent is simply forgotten, so short-lived outputs
// never reach the database. Flushing a cache hands all entries to the parent's BatchWrite and empties it.
//
// CoinsViewDB keys and values:
//   'C' ‖ txid(32) ‖ VarInt(n) → Coin (coin_encoding.h); present only while unspent
//   'w' ‖ parent genesis hash(32) ‖ txid(32) ‖ n (LE32) → '1' (peg-in claimed)
//   'B' → best block hash(32): the block the coins reflect
//   'H' → CompactSize(2) ‖ new best(32) ‖ old best(32): present only while a flush is in progress
// Durability of CoinsViewDB::BatchWrite: the first batch erases 'B' and writes 'H' = [new, old]; coins
// follow in sub-batches of about batch_write_bytes; the last batch erases 'H', sets 'B' = new and is
// written with sync. After it returns ok the whole flush is durable. After a crash in between, 'B' is
// absent and GetHeadBlocks() returns [new, old]: the coins are a mix of both states, and the caller must
// replay the blocks from the fork point of old and new up to new (undo from old first) to repair it.
//
// Thread safety: none; the chain lock protects the views. CoinsViewDB alone may be read concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "ocean/chain/database.h"
#include "ocean/consensus/coin.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// SipHash-2-4 of (txid, n) under a per-instance random key, so that peers cannot aim many outpoints at
// one hash bucket.
class SaltedOutpointHasher {
  public:
    SaltedOutpointHasher();
    size_t operator()(const OutPoint& o) const noexcept { return Hash(o, 0); }
    // Same hash with the key perturbed by `tweak` (for compound keys).
    size_t Hash(const OutPoint& o, uint64_t tweak) const noexcept;

  private:
    uint64_t k0_, k1_;
};

struct CoinsCacheEntry {
    enum Flags : uint8_t {
        DIRTY = 1,  // differs from the parent view
        FRESH = 2,  // the parent view has no unspent coin here
    };
    Coin coin;
    uint8_t flags = 0;

    CoinsCacheEntry() = default;
    CoinsCacheEntry(Coin c, uint8_t f) : coin(std::move(c)), flags(f) {}
};

using CoinsMap = std::unordered_map<OutPoint, CoinsCacheEntry, SaltedOutpointHasher>;

// A peg-in claim: the parent chain's genesis hash and the parent-chain outpoint claimed.
struct WithdrawKey {
    uint256 parent_genesis;
    OutPoint outpoint;
    friend bool operator==(const WithdrawKey&, const WithdrawKey&) = default;
};

struct SaltedWithdrawHasher {
    SaltedOutpointHasher inner;
    size_t operator()(const WithdrawKey& k) const noexcept {
        return inner.Hash(k.outpoint, k.parent_genesis.GetUint64(0));
    }
};

struct WithdrawEntry {
    bool spent = false;
    bool dirty = false;
};

using WithdrawMap = std::unordered_map<WithdrawKey, WithdrawEntry, SaltedWithdrawHasher>;

// Outputs that never enter the UTXO set: unspendable scripts (empty, OP_RETURN/0xb6/0xb8-prefixed or
// over 50,000 bytes), except well-formed register-address scripts, which stay (consensus.md §7.4).
bool IsPrunedFromUtxoSet(const Bytes& script_pubkey);

// A source of coins. The base class is an empty view that accepts no writes.
class CoinsView {
  public:
    virtual ~CoinsView() = default;

    // The unspent coin at the outpoint, or nullopt.
    virtual std::optional<Coin> GetCoin(const OutPoint& outpoint) const;
    virtual bool HaveCoin(const OutPoint& outpoint) const;
    // The block the view's state corresponds to (null when unknown).
    virtual uint256 GetBestBlock() const;
    // Non-empty only while (or when a crash interrupted) a flush: [new best, old best].
    virtual std::vector<uint256> GetHeadBlocks() const;
    // Whether the peg-in claim (parent_genesis, outpoint) is recorded.
    virtual bool IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const;
    // Applies the changed entries of a child cache and moves the best block to best_block. Entries
    // are consumed (erased from the maps) as they are applied, whether or not they were changed.
    virtual Status BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block);
    Status BatchWrite(CoinsMap& coins, const uint256& best_block);
    // Approximate storage used, in bytes (0 when unknown).
    virtual size_t EstimateSize() const;
};

// A view that forwards everything to another one.
class CoinsViewBacked : public CoinsView {
  public:
    explicit CoinsViewBacked(CoinsView* base) : base_(base) {}
    void SetBackend(CoinsView& base) { base_ = &base; }

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    uint256 GetBestBlock() const override;
    std::vector<uint256> GetHeadBlocks() const override;
    bool IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const override;
    using CoinsView::BatchWrite;
    Status BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block) override;
    size_t EstimateSize() const override;

  protected:
    CoinsView* base_;
};

// An in-memory layer of changes over a parent view (the database, or another cache for a block being
// connected). Reads fill the cache from the parent; writes stay here until Flush().
class CoinsViewCache : public CoinsViewBacked {
  public:
    explicit CoinsViewCache(CoinsView* base);
    CoinsViewCache(const CoinsViewCache&) = delete;
    CoinsViewCache& operator=(const CoinsViewCache&) = delete;

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    uint256 GetBestBlock() const override;
    bool IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const override;
    using CoinsView::BatchWrite;
    // Merges a child cache into this one. Fails (leaving the rest of the child unapplied) when the child
    // marks FRESH a coin this cache holds unspent, which would be a bug in the caller.
    Status BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block) override;

    // The coin at the outpoint, or a static spent (empty) coin. The reference is valid until the next
    // change to this cache.
    const Coin& AccessCoin(const OutPoint& outpoint) const;
    // Unspent and already in this cache (no parent lookup).
    bool HaveCoinInCache(const OutPoint& outpoint) const;
    // True when every non-peg-in input of tx spends a coin present in the view.
    bool HaveInputs(const Transaction& tx) const;

    // Adds an unspent coin. The output witness is dropped; outputs IsPrunedFromUtxoSet are ignored.
    // possible_overwrite must be true when an unspent coin may already exist at the outpoint (then
    // the entry cannot be FRESH); with false, the coin is marked FRESH when that is safe.
    void AddCoin(const OutPoint& outpoint, Coin&& coin, bool possible_overwrite);
    // Spends the coin (moving it to *moveout if given). False when no unspent coin is there.
    bool SpendCoin(const OutPoint& outpoint, Coin* moveout = nullptr);

    void SetWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint);
    void UnsetWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint);

    // Writes all changes and the best block to the parent and empties the cache. On error the node
    // must stop; the entries not yet written remain in the cache.
    Status Flush();
    // Drops an unchanged entry (e.g. one a rejected mempool transaction pulled in).
    void Uncache(const OutPoint& outpoint);

    void SetBestBlock(const uint256& hash) { best_block_ = hash; }
    // Heap bytes used by the cache (entries, buckets, scripts), an estimate.
    size_t DynamicMemoryUsage() const;
    // Number of entries (spent ones awaiting a flush included).
    size_t GetCacheSize() const { return cache_.size(); }

  private:
    CoinsMap::iterator FetchCoin(const OutPoint& outpoint) const;
    WithdrawMap::iterator FetchWithdraw(const uint256& parent_genesis, const OutPoint& outpoint) const;
    void RecomputeUsage();

    mutable CoinsMap cache_;
    mutable WithdrawMap withdraws_;
    mutable uint256 best_block_;
    // Heap bytes owned by the coins in cache_ (scripts).
    mutable size_t coins_usage_ = 0;
};

// Adds the outputs of tx, created at `height`, to the cache. With check_for_overwrite each output
// may replace an existing coin (looked up first); otherwise only a coinbase's outputs may.
void AddCoins(CoinsViewCache& cache, const Transaction& tx, int height, bool check_for_overwrite = false);

// The LevelDB-backed view at <datadir>/chainstate (layout and crash safety: see the top of this file).
class CoinsViewDB : public CoinsView {
  public:
    static constexpr size_t kDefaultBatchWriteBytes = 16u << 20;

    // Walks all unspent coins in key order.
    class Cursor {
      public:
        bool Valid() const;
        void Next();
        // False when the current record cannot be decoded.
        bool GetKey(OutPoint& outpoint) const;
        bool GetValue(Coin& coin) const;
        // Read errors that ended the walk early.
        Status status() const { return it_->status(); }
        // The best block when the cursor was created.
        const uint256& GetBestBlock() const { return best_block_; }

      private:
        friend class CoinsViewDB;
        Cursor(std::unique_ptr<Database::Iterator> it, const uint256& best);
        void SkipToCoin();
        std::unique_ptr<Database::Iterator> it_;
        uint256 best_block_;
    };

    static Result<std::unique_ptr<CoinsViewDB>> Open(const DatabaseOptions& options,
                                                     size_t batch_write_bytes = kDefaultBatchWriteBytes);

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    uint256 GetBestBlock() const override;
    std::vector<uint256> GetHeadBlocks() const override;
    bool IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const override;
    using CoinsView::BatchWrite;
    // See the top of the file. Fails without writing anything when best_block is null or when an
    // interrupted flush towards a different block is still marked (the chainstate then needs repair).
    Status BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block) override;
    size_t EstimateSize() const override;

    std::unique_ptr<Cursor> NewCursor() const;

    // Reads that fail (corruption, I/O) cannot be reported through the CoinsView interface, and
    // treating them as "no coin" would reject valid blocks. They go to this handler; the default
    // prints the error and aborts the process. A handler that returns makes the read report no coin.
    void SetReadErrorHandler(std::function<void(const Error&)> handler) {
        on_read_error_ = std::move(handler);
    }
    // Testing: make BatchWrite stop with an error after this many intermediate batches (-1: never).
    void SimulateCrashAfterBatches(int batches) { crash_after_batches_ = batches; }

    Database& db() { return *db_; }

  private:
    CoinsViewDB(std::unique_ptr<Database> db, size_t batch_write_bytes);
    void ReadError(const Error& e) const;

    std::unique_ptr<Database> db_;
    size_t batch_write_bytes_;
    std::function<void(const Error&)> on_read_error_;
    int crash_after_batches_ = -1;
};

// The 'C' key of an outpoint (exposed for tests and tools).
Bytes CoinKey(const OutPoint& outpoint);

}  // namespace ocean
