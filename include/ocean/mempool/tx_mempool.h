// TxMempool: the pool of unconfirmed transactions (Bitcoin Core 0.14's CTxMemPool, without the
// validation, which is AcceptToMemoryPool's).
//
// The pool keeps every entry with its in-pool parent and child links, the outpoints its transactions
// spend, and for each entry the aggregate figures of its in-pool ancestors and descendants (count,
// vsize, modified fees, sigop cost), maintained exactly through every add and removal. Two ordered
// indexes serve eviction (lowest descendant score first, TrimToSize) and expiry (oldest first).
// Block templates are chosen with Core 0.14's addPackageTxs (highest ancestor feerate first, with
// the packages of transactions whose ancestors were already chosen re-scored).
//
// Fees are the single "policy fee" of each entry (the first fee asset, consensus.md §11.2) plus the
// prioritisetransaction delta; the per-asset fee map is carried for the coinbase of a template.
//
// Thread safety: one recursive mutex (mutex()); every public method takes it, and callers that check
// and then add (AcceptToMemoryPool) hold it across both. Lock order: the chain lock, then this one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ocean/consensus/coin.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Height reported for coins created by mempool transactions.
inline constexpr int kMempoolHeight = 0x7FFFFFFF;

// Rolling minimum fee: half-life of its decay, as Core 0.14. Every evicted package raises it to its
// feerate plus kDefaultIncrementalRelayFee (policy.h).
inline constexpr int64_t kRollingFeeHalfLife = 60 * 60 * 12;

// Package limits (-limitancestorcount, -limitancestorsize, -limitdescendantcount,
// -limitdescendantsize; sizes in vbytes, i.e. the option in kB times 1000). Defaults of config.md
// §4.6: 25 transactions and 375 kB.
struct MempoolLimits {
    size_t ancestor_count = 25, ancestor_vsize = 375'000;
    size_t descendant_count = 25, descendant_vsize = 375'000;
};

enum class RemovalReason { kExpiry, kSizeLimit, kReorg, kBlock, kConflict, kReplaced };

// One transaction of the pool with what policy and mining need to know about it.
struct MempoolEntry {
    TransactionRef tx;
    Amount fee = 0;     // the fee policy examines (base units of the first fee asset)
    AmountMap fees;     // every fee output per asset (for the coinbase of a block template)
    size_t vsize = 0;   // (weight + 3) / 4, at least the sigop-adjusted size; 0: computed from weight
    size_t weight = 0;  // 0: tx->GetWeight()
    int64_t sigop_cost = 0;
    int64_t time = 0;  // unix seconds it entered
    int height = 0;    // tip height when it entered
    bool spends_coinbase = false;
    Amount fee_delta = 0;  // prioritisetransaction: set by the pool from PrioritiseTransaction
    // Including the entry itself; maintained by the pool (whatever AddUnchecked receives is ignored).
    // The fee figures are modified fees (fee + fee_delta), as Core's.
    uint64_t count_with_ancestors = 1, vsize_with_ancestors = 0;
    Amount fees_with_ancestors = 0;
    int64_t sigops_with_ancestors = 0;
    uint64_t count_with_descendants = 1, vsize_with_descendants = 0;
    Amount fees_with_descendants = 0;

    Amount ModifiedFee() const { return fee + fee_delta; }
    const uint256& Txid() const { return tx->GetTxid(); }
};

// Observer of pool changes (the wallet follows its unconfirmed transactions this way). Called with the
// pool lock held, after the change for additions and before it for removals; a listener must not call
// the pool's mutating methods and takes only locks ordered after the pool's.
class MempoolListener {
  public:
    virtual ~MempoolListener() = default;
    virtual void TransactionAdded(const MempoolEntry& /*entry*/) {}
    virtual void TransactionRemoved(const MempoolEntry& /*entry*/, RemovalReason /*reason*/) {}
};

class TxMempool;

// BIP125 (Core 0.14's policy/rbf.h): a transaction signals replaceability when one of its inputs has a
// sequence below 0xfffffffe.
bool SignalsOptInRbf(const Transaction& tx);
enum class RbfState { kUnknown, kReplaceable, kFinal };
// Core's IsRBFOptIn: replaceable when tx signals, or when it is in the pool and one of its in-pool
// ancestors signals; unknown when it does not signal and is not in the pool (its ancestors are not
// known); final otherwise.
RbfState IsRbfOptIn(const Transaction& tx, const TxMempool& pool);

class TxMempool {
  public:
    // Called for every transaction removed (with the pool lock held; must not call back into the
    // pool's mutating methods).
    using RemovalListener = std::function<void(const MempoolEntry&, RemovalReason)>;

    explicit TxMempool(MempoolLimits limits = {});
    TxMempool(const TxMempool&) = delete;
    TxMempool& operator=(const TxMempool&) = delete;

    std::recursive_mutex& mutex() const { return mutex_; }
    const MempoolLimits& Limits() const { return limits_; }
    void SetRemovalListener(RemovalListener listener);
    // Registers / unregisters an observer (it must outlive its registration).
    void AddListener(MempoolListener* listener);
    void RemoveListener(MempoolListener* listener);

    bool Exists(const uint256& txid) const;
    std::optional<MempoolEntry> GetEntry(const uint256& txid) const;
    // The entry itself, without a copy; valid only while the caller holds mutex() (null if absent).
    const MempoolEntry* FindEntry(const uint256& txid) const;
    TransactionRef GetTx(const uint256& txid) const;
    // The mempool transaction spending `prevout`, if any.
    std::optional<uint256> SpenderOf(const OutPoint& prevout) const;
    // An output of a mempool transaction that no mempool transaction spends, as a Coin at
    // kMempoolHeight (not coinbase, output witness dropped as the UTXO set does).
    std::optional<Coin> GetCoin(const OutPoint& outpoint) const;
    // The same whether or not a mempool transaction spends it (Core's CCoinsViewMemPool): what a
    // replacement (RBF) that spends the same in-pool output as the transaction it replaces needs.
    std::optional<Coin> GetOutputCoin(const OutPoint& outpoint) const;

    // In-pool ancestors of a transaction not in the pool, checking the limits (Core's
    // CalculateMemPoolAncestors): Error code "too-long-mempool-chain" with Core's messages
    // ("too many unconfirmed parents [limit: %u]", "exceeds descendant size limit for tx %s [limit: %u]",
    // "too many descendants for tx %s [limit: %u]", "exceeds ancestor size limit [limit: %u]",
    // "too many unconfirmed ancestors [limit: %u]").
    Result<std::set<uint256>> CalculateAncestors(const Transaction& tx, size_t vsize) const;
    Result<std::set<uint256>> CalculateAncestors(const Transaction& tx, size_t vsize,
                                                 const MempoolLimits& limits) const;

    // Adds an entry whose inputs were checked and that conflicts with nothing in the pool (no input
    // spent by a pool transaction; asserted). Updates the ancestor/descendant figures. Pool
    // transactions that already spend its outputs (a block transaction re-added after a reorg) become
    // its children. No limit is checked here.
    void AddUnchecked(MempoolEntry entry);
    // Removes tx (when in the pool; otherwise the pool transactions spending its outputs) and every
    // in-pool descendant.
    void RemoveRecursive(const Transaction& tx, RemovalReason reason);
    // After a block: removes its transactions (their in-pool descendants stay, with updated figures),
    // everything conflicting with them (and their descendants), and forgets their prioritisation.
    // `now` starts the decay of the rolling minimum fee; without it, the next GetMinFee starts it.
    void RemoveForBlock(const std::vector<TransactionRef>& vtx);
    void RemoveForBlock(const std::vector<TransactionRef>& vtx, int64_t now);
    // Removes transactions that entered before `cutoff` (and descendants); returns how many in all.
    size_t Expire(int64_t cutoff);
    // Evicts lowest descendant-score packages until DynamicMemoryUsage() <= max_bytes; raises the
    // rolling minimum fee to the highest evicted package feerate + kDefaultIncrementalRelayFee.
    // Returns how many transactions were removed.
    size_t TrimToSize(size_t max_bytes);
    // The rolling minimum fee rate (base units per 1000 vbytes) for a pool limit of max_bytes: 0, or at
    // least kDefaultIncrementalRelayFee; after a block it decays with a 12 h half-life (6 h below half the
    // limit, 3 h below a quarter), and drops to 0 below half the incremental relay fee (Core 0.14).
    Amount GetMinFee(size_t max_bytes, int64_t now) const;

    std::set<uint256> GetAncestors(const uint256& txid) const;    // excluding txid itself
    std::set<uint256> GetDescendants(const uint256& txid) const;  // excluding txid itself
    // Adds delta to the txid's fee delta; remembered for txids not (yet) in the pool.
    void PrioritiseTransaction(const uint256& txid, Amount delta);
    Amount GetFeeDelta(const uint256& txid) const;
    // Every prioritisation delta, for transactions in the pool or not (mempool.dat).
    std::map<uint256, Amount> FeeDeltas() const;

    // Transactions for a block template (Core 0.14 addPackageTxs, modified fees): highest
    // ancestor-feerate packages first, each transaction after its in-pool parents. The selected
    // transactions keep 4 × package vsize + weight so far < max_weight and sigop cost < max_sigop_cost
    // (Core's strict comparisons; pass the block limits minus the coinbase's reservation). Selection
    // stops at the first package whose modified fee is below min_fee_rate (per 1000 vbytes; the
    // two-argument form uses 0, so zero-fee transactions are mined as Ocean accepts them).
    std::vector<TransactionRef> SelectForBlock(uint64_t max_weight, int64_t max_sigop_cost) const;
    std::vector<TransactionRef> SelectForBlock(uint64_t max_weight, int64_t max_sigop_cost,
                                               Amount min_fee_rate) const;

    std::vector<uint256> Txids() const;  // any order
    std::vector<MempoolEntry> Entries() const;
    size_t Size() const;
    uint64_t TotalTxBytes() const;      // sum of vsize
    size_t DynamicMemoryUsage() const;  // estimated heap use: transactions, entries, links, indexes
    uint64_t Sequence() const;          // incremented on every change
    void Clear();

  private:
    friend struct TxMempoolTestAccess;
    struct Node;
    struct ByTxid {
        bool operator()(const Node* a, const Node* b) const;
    };
    using NodeSet = std::set<Node*, ByTxid>;
    // Lowest descendant score first (Core's CompareTxMemPoolEntryByDescendantScore: the higher of the
    // entry's own and its package's feerate; ties: newer first, then txid).
    struct ByDescendantScore {
        bool operator()(const Node* a, const Node* b) const;
    };
    using ScoreIndex = std::set<Node*, ByDescendantScore>;
    struct Node {
        MempoolEntry entry;
        uint256 txid;
        NodeSet parents;
        NodeSet children;
        size_t usage = 0;  // the transaction and this node's own allocations (links excluded)
        bool indexed = false;
        ScoreIndex::iterator score_it;  // valid while indexed
        mutable uint64_t mark = 0;      // visited in walk number `mark` (see epoch_)
    };

    Node* Find(const uint256& txid) const;
    // Ancestors / descendants of an in-pool node, without limits, excluding the node itself (each walk
    // marks the nodes it visits with a fresh epoch_ instead of building a set).
    std::vector<Node*> AncestorsOf(const Node* node) const;
    std::vector<Node*> DescendantsOf(const Node* node) const;
    // The node and all its descendants, added to out (Core's CalculateDescendants), for removals.
    void CollectDescendants(Node* node, NodeSet& out) const;
    void ModifyDescendantState(Node* node, int64_t dvsize, Amount dfees, int64_t dcount);
    void RecomputeAncestorState(Node* node) const;
    void RecomputeDescendantState(Node* node);
    void Link(Node* parent, Node* child);
    void RemoveStaged(const NodeSet& stage, bool update_descendants, RemovalReason reason);
    void RemoveUnchecked(Node* node, RemovalReason reason);
    size_t DynamicMemoryUsageLocked() const;
    // Verifies every link, index, aggregate figure and total against a recomputation.
    Status CheckConsistency() const;

    static size_t NodeUsage(const MempoolEntry& entry);

    mutable std::recursive_mutex mutex_;
    MempoolLimits limits_;
    RemovalListener listener_;
    std::vector<MempoolListener*> listeners_;
    std::unordered_map<uint256, Node, BlobHasher> map_;
    std::map<OutPoint, Node*> spent_;  // outpoint → the pool transaction spending it
    ScoreIndex by_descendant_score_;
    std::set<std::pair<int64_t, uint256>> by_time_;
    std::map<uint256, Amount> deltas_;
    uint64_t total_vsize_ = 0;
    size_t node_usage_ = 0;  // sum of Node::usage
    size_t half_links_ = 0;  // sum over nodes of |parents| + |children|
    uint64_t sequence_ = 0;
    mutable uint64_t epoch_ = 0;
    // Rolling minimum fee (Core: rollingMinimumFeeRate, lastRollingFeeUpdate,
    // blockSinceLastRollingFeeBump); GetMinFee decays it.
    mutable double rolling_min_fee_ = 0;
    mutable int64_t last_rolling_update_ = 0;
    mutable bool rolling_update_pending_ = false;  // RemoveForBlock without a time
    bool block_since_bump_ = false;
};

}  // namespace ocean
