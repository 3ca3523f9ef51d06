#include "ocean/mempool/tx_mempool.h"

#include "ocean/mempool/policy.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_set>

namespace ocean {

bool SignalsOptInRbf(const Transaction& tx) {
    return std::any_of(tx.vin.begin(), tx.vin.end(),
                       [](const TxIn& in) { return in.sequence < kSequenceFinal - 1; });
}

RbfState IsRbfOptIn(const Transaction& tx, const TxMempool& pool) {
    if (SignalsOptInRbf(tx)) return RbfState::kReplaceable;
    std::lock_guard lock(pool.mutex());
    if (!pool.Exists(tx.GetTxid())) return RbfState::kUnknown;
    for (const uint256& txid : pool.GetAncestors(tx.GetTxid())) {
        if (const MempoolEntry* e = pool.FindEntry(txid); e && SignalsOptInRbf(*e->tx))
            return RbfState::kReplaceable;
    }
    return RbfState::kFinal;
}

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

// Heap bytes a malloc of n bytes takes on 64-bit glibc (Core's memusage::MallocUsage).
size_t MallocUsage(size_t n) {
    return n == 0 ? 0 : ((n + 31) >> 4) << 4;
}

// A red-black tree node: three pointers and the colour, then the value.
template <typename T>
size_t TreeNodeUsage() {
    return MallocUsage(4 * sizeof(void*) + sizeof(T));
}

size_t BytesUsage(const Bytes& b) {
    return MallocUsage(b.capacity());
}

size_t StackUsage(const std::vector<Bytes>& stack) {
    size_t n = MallocUsage(stack.capacity() * sizeof(Bytes));
    for (const Bytes& item : stack) n += BytesUsage(item);
    return n;
}

size_t TransactionUsage(const Transaction& tx) {
    // make_shared: control block (two counts, vtable) and the object in one allocation.
    size_t n = MallocUsage(sizeof(Transaction) + 2 * sizeof(void*));
    n += MallocUsage(tx.vin.capacity() * sizeof(TxIn)) + MallocUsage(tx.vout.capacity() * sizeof(TxOut));
    for (const TxIn& in : tx.vin) {
        n += BytesUsage(in.script_sig) + BytesUsage(in.witness.issuance_amount_rangeproof) +
             BytesUsage(in.witness.inflation_keys_rangeproof) + StackUsage(in.witness.script_witness) +
             StackUsage(in.witness.pegin_witness);
    }
    for (const TxOut& out : tx.vout) {
        n += BytesUsage(out.script_pubkey) + BytesUsage(out.witness.surjection_proof) +
             BytesUsage(out.witness.range_proof);
    }
    return n;
}

// a/b < c/d without division, exactly (fees may be negative after prioritisation; sizes are > 0).
int CompareFeerates(Amount fee_a, uint64_t size_a, Amount fee_b, uint64_t size_b) {
    const __int128 l = static_cast<__int128>(fee_a) * static_cast<__int128>(size_b);
    const __int128 r = static_cast<__int128>(fee_b) * static_cast<__int128>(size_a);
    return l < r ? -1 : l > r ? 1 : 0;
}

// CFeeRate(fee, size).GetFeePerK() of Core 0.14.
Amount FeePerK(Amount fee, uint64_t size) {
    return size > 0 ? static_cast<Amount>(static_cast<__int128>(fee) * 1000 / static_cast<__int128>(size))
                    : 0;
}

// CFeeRate(rate).GetFee(size) of Core 0.14.
Amount FeeForSize(Amount rate_per_k, uint64_t size) {
    Amount fee = static_cast<Amount>(static_cast<__int128>(rate_per_k) * static_cast<__int128>(size) / 1000);
    if (fee == 0 && size != 0) {
        if (rate_per_k > 0) fee = 1;
        if (rate_per_k < 0) fee = -1;
    }
    return fee;
}

}  // namespace

// ---- comparators ----

bool TxMempool::ByTxid::operator()(const Node* a, const Node* b) const {
    return a->txid < b->txid;
}

bool TxMempool::ByDescendantScore::operator()(const Node* a, const Node* b) const {
    // Each side scores with the higher of its own and its package's feerate (Core's
    // UseDescendantScore), so a high-fee child protects its parent from eviction.
    auto score = [](const Node* n) -> std::pair<Amount, uint64_t> {
        const MempoolEntry& e = n->entry;
        const bool use_desc =
            CompareFeerates(e.fees_with_descendants, e.vsize_with_descendants, e.ModifiedFee(), e.vsize) > 0;
        return use_desc ? std::pair<Amount, uint64_t>{e.fees_with_descendants, e.vsize_with_descendants}
                        : std::pair<Amount, uint64_t>{e.ModifiedFee(), e.vsize};
    };
    const auto [fa, sa] = score(a);
    const auto [fb, sb] = score(b);
    const int c = CompareFeerates(fa, sa, fb, sb);
    if (c != 0) return c < 0;
    if (a->entry.time != b->entry.time) return a->entry.time > b->entry.time;  // newer first
    return a->txid < b->txid;
}

// ---- construction and simple queries ----

TxMempool::TxMempool(MempoolLimits limits) : limits_(limits) {}

void TxMempool::SetRemovalListener(RemovalListener listener) {
    Lock lock(mutex_);
    listener_ = std::move(listener);
}

void TxMempool::AddListener(MempoolListener* listener) {
    Lock lock(mutex_);
    listeners_.push_back(listener);
}

void TxMempool::RemoveListener(MempoolListener* listener) {
    Lock lock(mutex_);
    std::erase(listeners_, listener);
}

TxMempool::Node* TxMempool::Find(const uint256& txid) const {
    auto it = map_.find(txid);
    return it == map_.end() ? nullptr : const_cast<Node*>(&it->second);
}

bool TxMempool::Exists(const uint256& txid) const {
    Lock lock(mutex_);
    return map_.count(txid) != 0;
}

std::optional<MempoolEntry> TxMempool::GetEntry(const uint256& txid) const {
    Lock lock(mutex_);
    const Node* n = Find(txid);
    if (!n) return std::nullopt;
    return n->entry;
}

const MempoolEntry* TxMempool::FindEntry(const uint256& txid) const {
    Lock lock(mutex_);
    const Node* n = Find(txid);
    return n ? &n->entry : nullptr;
}

TransactionRef TxMempool::GetTx(const uint256& txid) const {
    Lock lock(mutex_);
    const Node* n = Find(txid);
    return n ? n->entry.tx : nullptr;
}

std::optional<uint256> TxMempool::SpenderOf(const OutPoint& prevout) const {
    Lock lock(mutex_);
    auto it = spent_.find(prevout);
    if (it == spent_.end()) return std::nullopt;
    return it->second->txid;
}

std::optional<Coin> TxMempool::GetOutputCoin(const OutPoint& outpoint) const {
    Lock lock(mutex_);
    const Node* n = Find(outpoint.hash);
    if (!n || outpoint.n >= n->entry.tx->vout.size()) return std::nullopt;
    TxOut out = n->entry.tx->vout[outpoint.n];
    out.witness = TxOutWitness();
    return Coin(std::move(out), static_cast<uint32_t>(kMempoolHeight), false);
}

std::optional<Coin> TxMempool::GetCoin(const OutPoint& outpoint) const {
    Lock lock(mutex_);
    if (spent_.count(outpoint)) return std::nullopt;
    return GetOutputCoin(outpoint);
}

// ---- graph walks ----

std::vector<TxMempool::Node*> TxMempool::AncestorsOf(const Node* node) const {
    const uint64_t epoch = ++epoch_;
    node->mark = epoch;
    std::vector<Node*> out;
    for (Node* p : node->parents) {
        p->mark = epoch;
        out.push_back(p);
    }
    for (size_t i = 0; i < out.size(); ++i) {
        for (Node* p : out[i]->parents) {
            if (p->mark == epoch) continue;
            p->mark = epoch;
            out.push_back(p);
        }
    }
    return out;
}

std::vector<TxMempool::Node*> TxMempool::DescendantsOf(const Node* node) const {
    const uint64_t epoch = ++epoch_;
    node->mark = epoch;
    std::vector<Node*> out;
    for (Node* c : node->children) {
        c->mark = epoch;
        out.push_back(c);
    }
    for (size_t i = 0; i < out.size(); ++i) {
        for (Node* c : out[i]->children) {
            if (c->mark == epoch) continue;
            c->mark = epoch;
            out.push_back(c);
        }
    }
    return out;
}

void TxMempool::CollectDescendants(Node* node, NodeSet& out) const {
    if (out.count(node)) return;  // its descendants are already there (Core's assumption)
    std::vector<Node*> stack{node};
    while (!stack.empty()) {
        Node* n = stack.back();
        stack.pop_back();
        if (!out.insert(n).second) continue;
        for (Node* c : n->children)
            if (!out.count(c)) stack.push_back(c);
    }
}

Result<std::set<uint256>> TxMempool::CalculateAncestors(const Transaction& tx, size_t vsize) const {
    return CalculateAncestors(tx, vsize, limits_);
}

Result<std::set<uint256>> TxMempool::CalculateAncestors(const Transaction& tx, size_t vsize,
                                                        const MempoolLimits& limits) const {
    Lock lock(mutex_);
    auto fail = [](std::string message) { return Error("too-long-mempool-chain", std::move(message)); };
    // queue[0, done) are ancestors already checked, queue[done, end) the staged ones (Core's
    // setAncestors and parentHashes); `mark` tells whether a node is in either.
    const uint64_t epoch = ++epoch_;
    std::vector<Node*> queue;
    for (const TxIn& in : tx.vin) {
        Node* p = Find(in.prevout.hash);
        if (!p || p->mark == epoch) continue;
        p->mark = epoch;
        queue.push_back(p);
        if (queue.size() + 1 > limits.ancestor_count)
            return fail("too many unconfirmed parents [limit: " + std::to_string(limits.ancestor_count) +
                        "]");
    }
    uint64_t total_vsize = vsize;
    for (size_t done = 0; done < queue.size(); ++done) {
        const Node* n = queue[done];
        const MempoolEntry& e = n->entry;
        total_vsize += e.vsize;
        if (e.vsize_with_descendants + vsize > limits.descendant_vsize) {
            return fail("exceeds descendant size limit for tx " + n->txid.ToHex() +
                        " [limit: " + std::to_string(limits.descendant_vsize) + "]");
        } else if (e.count_with_descendants + 1 > limits.descendant_count) {
            return fail("too many descendants for tx " + n->txid.ToHex() +
                        " [limit: " + std::to_string(limits.descendant_count) + "]");
        } else if (total_vsize > limits.ancestor_vsize) {
            return fail("exceeds ancestor size limit [limit: " + std::to_string(limits.ancestor_vsize) + "]");
        }
        for (Node* p : n->parents) {
            if (p->mark != epoch) {
                p->mark = epoch;
                queue.push_back(p);
            }
            if (queue.size() + 1 > limits.ancestor_count)
                return fail(
                    "too many unconfirmed ancestors [limit: " + std::to_string(limits.ancestor_count) + "]");
        }
    }
    std::set<uint256> out;
    for (const Node* n : queue) out.insert(n->txid);
    return out;
}

std::set<uint256> TxMempool::GetAncestors(const uint256& txid) const {
    Lock lock(mutex_);
    std::set<uint256> out;
    if (const Node* n = Find(txid))
        for (const Node* a : AncestorsOf(n)) out.insert(a->txid);
    return out;
}

std::set<uint256> TxMempool::GetDescendants(const uint256& txid) const {
    Lock lock(mutex_);
    std::set<uint256> out;
    if (const Node* n = Find(txid))
        for (const Node* d : DescendantsOf(n)) out.insert(d->txid);
    return out;
}

// ---- aggregate maintenance ----

void TxMempool::ModifyDescendantState(Node* node, int64_t dvsize, Amount dfees, int64_t dcount) {
    const bool indexed = node->indexed;
    if (indexed) by_descendant_score_.erase(node->score_it);
    MempoolEntry& e = node->entry;
    e.vsize_with_descendants = static_cast<uint64_t>(static_cast<int64_t>(e.vsize_with_descendants) + dvsize);
    e.fees_with_descendants += dfees;
    e.count_with_descendants = static_cast<uint64_t>(static_cast<int64_t>(e.count_with_descendants) + dcount);
    if (indexed) node->score_it = by_descendant_score_.insert(node).first;
}

void TxMempool::RecomputeAncestorState(Node* node) const {
    const std::vector<Node*> anc = AncestorsOf(node);
    MempoolEntry& e = node->entry;
    e.count_with_ancestors = 1 + anc.size();
    e.vsize_with_ancestors = e.vsize;
    e.fees_with_ancestors = e.ModifiedFee();
    e.sigops_with_ancestors = e.sigop_cost;
    for (const Node* a : anc) {
        e.vsize_with_ancestors += a->entry.vsize;
        e.fees_with_ancestors += a->entry.ModifiedFee();
        e.sigops_with_ancestors += a->entry.sigop_cost;
    }
}

void TxMempool::RecomputeDescendantState(Node* node) {
    const std::vector<Node*> desc = DescendantsOf(node);
    const bool indexed = node->indexed;
    if (indexed) by_descendant_score_.erase(node->score_it);
    MempoolEntry& e = node->entry;
    e.count_with_descendants = 1 + desc.size();
    e.vsize_with_descendants = e.vsize;
    e.fees_with_descendants = e.ModifiedFee();
    for (const Node* d : desc) {
        e.vsize_with_descendants += d->entry.vsize;
        e.fees_with_descendants += d->entry.ModifiedFee();
    }
    if (indexed) node->score_it = by_descendant_score_.insert(node).first;
}

void TxMempool::Link(Node* parent, Node* child) {
    if (parent->children.insert(child).second) ++half_links_;
    if (child->parents.insert(parent).second) ++half_links_;
}

size_t TxMempool::NodeUsage(const MempoolEntry& entry) {
    const Transaction& tx = *entry.tx;
    size_t n = TransactionUsage(tx);
    // The hash-map node (value, next pointer, cached hash).
    n += MallocUsage(sizeof(std::pair<const uint256, Node>) + 2 * sizeof(void*));
    n += entry.fees.size() * TreeNodeUsage<std::pair<const uint256, Amount>>();
    n += tx.vin.size() * TreeNodeUsage<std::pair<const OutPoint, Node*>>();  // spent_
    n += TreeNodeUsage<Node*>();                                             // by_descendant_score_
    n += TreeNodeUsage<std::pair<int64_t, uint256>>();                       // by_time_
    return n;
}

// ---- adding ----

void TxMempool::AddUnchecked(MempoolEntry entry) {
    Lock lock(mutex_);
    assert(entry.tx);
    const uint256 txid = entry.tx->GetTxid();
    if (map_.count(txid)) return;
    if (entry.weight == 0) entry.weight = entry.tx->GetWeight();
    if (entry.vsize == 0) entry.vsize = (entry.weight + 3) / 4;
    const auto delta = deltas_.find(txid);
    entry.fee_delta = delta == deltas_.end() ? 0 : delta->second;

    auto [it, inserted] = map_.try_emplace(txid);
    Node* node = &it->second;
    node->txid = txid;
    node->entry = std::move(entry);
    node->usage = NodeUsage(node->entry);
    MempoolEntry& e = node->entry;
    const Transaction& tx = *e.tx;

    for (const TxIn& in : tx.vin) {
        [[maybe_unused]] auto [sit, fresh] = spent_.emplace(in.prevout, node);
        assert(fresh && "AddUnchecked: input already spent by a pool transaction");
        if (Node* p = Find(in.prevout.hash); p && p != node) Link(p, node);
    }

    // Pool transactions already spending its outputs (re-added block transaction after a reorg).
    bool has_children = false;
    for (auto sit = spent_.lower_bound(OutPoint(txid, 0)); sit != spent_.end() && sit->first.hash == txid;
         ++sit) {
        if (sit->second != node) {
            Link(node, sit->second);
            has_children = true;
        }
    }

    const std::vector<Node*> ancestors = AncestorsOf(node);
    e.count_with_ancestors = 1 + ancestors.size();
    e.vsize_with_ancestors = e.vsize;
    e.fees_with_ancestors = e.ModifiedFee();
    e.sigops_with_ancestors = e.sigop_cost;
    for (const Node* a : ancestors) {
        e.vsize_with_ancestors += a->entry.vsize;
        e.fees_with_ancestors += a->entry.ModifiedFee();
        e.sigops_with_ancestors += a->entry.sigop_cost;
    }
    e.count_with_descendants = 1;
    e.vsize_with_descendants = e.vsize;
    e.fees_with_descendants = e.ModifiedFee();
    if (!has_children) {
        for (Node* a : ancestors) ModifyDescendantState(a, static_cast<int64_t>(e.vsize), e.ModifiedFee(), 1);
    } else {
        RecomputeDescendantState(node);
        for (Node* a : ancestors) RecomputeDescendantState(a);
        for (Node* d : DescendantsOf(node)) RecomputeAncestorState(d);
    }

    node->score_it = by_descendant_score_.insert(node).first;
    node->indexed = true;
    by_time_.emplace(e.time, txid);
    total_vsize_ += e.vsize;
    node_usage_ += node->usage;
    ++sequence_;
    for (MempoolListener* l : listeners_) l->TransactionAdded(e);
}

// ---- removal ----

void TxMempool::RemoveUnchecked(Node* node, RemovalReason reason) {
    if (listener_) listener_(node->entry, reason);
    for (MempoolListener* l : listeners_) l->TransactionRemoved(node->entry, reason);
    for (const TxIn& in : node->entry.tx->vin) spent_.erase(in.prevout);
    if (node->indexed) by_descendant_score_.erase(node->score_it);
    node->indexed = false;
    by_time_.erase({node->entry.time, node->txid});
    total_vsize_ -= node->entry.vsize;
    node_usage_ -= node->usage;
    half_links_ -= node->parents.size() + node->children.size();
    const uint256 txid = node->txid;
    map_.erase(txid);
    ++sequence_;
}

void TxMempool::RemoveStaged(const NodeSet& stage, bool update_descendants, RemovalReason reason) {
    // Out of the score index first: their keys change below.
    for (Node* n : stage) {
        if (n->indexed) by_descendant_score_.erase(n->score_it);
        n->indexed = false;
    }
    if (update_descendants) {
        for (Node* n : stage) {
            for (Node* d : DescendantsOf(n)) {
                MempoolEntry& de = d->entry;
                de.count_with_ancestors -= 1;
                de.vsize_with_ancestors -= n->entry.vsize;
                de.fees_with_ancestors -= n->entry.ModifiedFee();
                de.sigops_with_ancestors -= n->entry.sigop_cost;
            }
        }
    }
    for (Node* n : stage) {
        const std::vector<Node*> anc = AncestorsOf(n);
        for (Node* p : n->parents)
            if (p->children.erase(n)) --half_links_;
        for (Node* a : anc)
            ModifyDescendantState(a, -static_cast<int64_t>(n->entry.vsize), -n->entry.ModifiedFee(), -1);
    }
    for (Node* n : stage) {
        for (Node* c : n->children)
            if (c->parents.erase(n)) --half_links_;
        half_links_ -= n->children.size();
        n->children.clear();
        // parents' children sets no longer hold n; drop the back links too.
        half_links_ -= n->parents.size();
        n->parents.clear();
    }
    for (Node* n : stage) RemoveUnchecked(n, reason);
}

void TxMempool::RemoveRecursive(const Transaction& tx, RemovalReason reason) {
    Lock lock(mutex_);
    NodeSet stage;
    if (Node* n = Find(tx.GetTxid())) {
        CollectDescendants(n, stage);
    } else {
        for (uint32_t i = 0; i < tx.vout.size(); ++i) {
            auto it = spent_.find(OutPoint(tx.GetTxid(), i));
            if (it != spent_.end()) CollectDescendants(it->second, stage);
        }
    }
    if (!stage.empty()) RemoveStaged(stage, false, reason);
}

void TxMempool::RemoveForBlock(const std::vector<TransactionRef>& vtx) {
    Lock lock(mutex_);
    for (const TransactionRef& ptx : vtx) {
        const Transaction& tx = *ptx;
        if (Node* n = Find(tx.GetTxid())) {
            NodeSet stage{n};
            RemoveStaged(stage, true, RemovalReason::kBlock);
        }
        // Conflicts: pool transactions spending the same outputs.
        for (const TxIn& in : tx.vin) {
            auto it = spent_.find(in.prevout);
            if (it == spent_.end()) continue;
            Node* conflict = it->second;
            if (conflict->txid == tx.GetTxid()) continue;
            NodeSet stage;
            CollectDescendants(conflict, stage);
            RemoveStaged(stage, false, RemovalReason::kConflict);
        }
        if (deltas_.erase(tx.GetTxid())) ++sequence_;
    }
    rolling_update_pending_ = true;
    block_since_bump_ = true;
}

void TxMempool::RemoveForBlock(const std::vector<TransactionRef>& vtx, int64_t now) {
    Lock lock(mutex_);
    RemoveForBlock(vtx);
    rolling_update_pending_ = false;
    last_rolling_update_ = now;
}

size_t TxMempool::Expire(int64_t cutoff) {
    Lock lock(mutex_);
    NodeSet stage;
    for (auto it = by_time_.begin(); it != by_time_.end() && it->first < cutoff; ++it)
        CollectDescendants(Find(it->second), stage);
    const size_t n = stage.size();
    if (n) RemoveStaged(stage, false, RemovalReason::kExpiry);
    return n;
}

size_t TxMempool::TrimToSize(size_t max_bytes) {
    Lock lock(mutex_);
    size_t removed = 0;
    while (!map_.empty() && DynamicMemoryUsageLocked() > max_bytes) {
        Node* worst = *by_descendant_score_.begin();
        const Amount rate = FeePerK(worst->entry.fees_with_descendants, worst->entry.vsize_with_descendants) +
                            kDefaultIncrementalRelayFee;
        if (static_cast<double>(rate) > rolling_min_fee_) {
            rolling_min_fee_ = static_cast<double>(rate);
            block_since_bump_ = false;
        }
        NodeSet stage;
        CollectDescendants(worst, stage);
        removed += stage.size();
        RemoveStaged(stage, false, RemovalReason::kSizeLimit);
    }
    return removed;
}

Amount TxMempool::GetMinFee(size_t max_bytes, int64_t now) const {
    Lock lock(mutex_);
    if (!block_since_bump_ || rolling_min_fee_ == 0) return static_cast<Amount>(rolling_min_fee_);
    if (rolling_update_pending_) {
        rolling_update_pending_ = false;
        last_rolling_update_ = now;
    }
    if (now > last_rolling_update_ + 10) {
        double half_life = static_cast<double>(kRollingFeeHalfLife);
        const size_t usage = DynamicMemoryUsageLocked();
        if (usage < max_bytes / 4)
            half_life /= 4;
        else if (usage < max_bytes / 2)
            half_life /= 2;
        rolling_min_fee_ =
            rolling_min_fee_ / std::pow(2.0, static_cast<double>(now - last_rolling_update_) / half_life);
        last_rolling_update_ = now;
        if (rolling_min_fee_ < static_cast<double>(kDefaultIncrementalRelayFee) / 2) {
            rolling_min_fee_ = 0;
            return 0;
        }
    }
    return std::max(static_cast<Amount>(rolling_min_fee_), kDefaultIncrementalRelayFee);
}

// ---- prioritisation ----

void TxMempool::PrioritiseTransaction(const uint256& txid, Amount delta) {
    Lock lock(mutex_);
    Amount& total = deltas_[txid];
    total += delta;
    const Amount now_delta = total;
    if (total == 0) deltas_.erase(txid);
    ++sequence_;
    Node* node = Find(txid);
    if (!node) return;
    const Amount change = now_delta - node->entry.fee_delta;
    if (change == 0) return;
    by_descendant_score_.erase(node->score_it);
    node->entry.fee_delta = now_delta;
    node->entry.fees_with_ancestors += change;
    node->entry.fees_with_descendants += change;
    node->score_it = by_descendant_score_.insert(node).first;
    for (Node* a : AncestorsOf(node)) ModifyDescendantState(a, 0, change, 0);
    for (Node* d : DescendantsOf(node)) d->entry.fees_with_ancestors += change;
}

Amount TxMempool::GetFeeDelta(const uint256& txid) const {
    Lock lock(mutex_);
    auto it = deltas_.find(txid);
    return it == deltas_.end() ? 0 : it->second;
}

std::map<uint256, Amount> TxMempool::FeeDeltas() const {
    Lock lock(mutex_);
    return deltas_;
}

// ---- block template ----

std::vector<TransactionRef> TxMempool::SelectForBlock(uint64_t max_weight, int64_t max_sigop_cost) const {
    return SelectForBlock(max_weight, max_sigop_cost, 0);
}

std::vector<TransactionRef> TxMempool::SelectForBlock(uint64_t max_weight, int64_t max_sigop_cost,
                                                      Amount min_fee_rate) const {
    Lock lock(mutex_);
    // A package as it stands: the figures of a node's not-yet-selected ancestors and itself.
    struct Package {
        const Node* node;
        uint64_t vsize;
        Amount fees;
        int64_t sigops;
    };
    // Higher ancestor feerate first, then lower txid (Core's CompareTxMemPoolEntryByAncestorFee).
    auto better = [](const Package& a, const Package& b) {
        const int c = CompareFeerates(a.fees, a.vsize, b.fees, b.vsize);
        if (c != 0) return c > 0;
        return a.node->txid < b.node->txid;
    };
    auto unmodified = [](const Node* n) {
        return Package{n, n->entry.vsize_with_ancestors, n->entry.fees_with_ancestors,
                       n->entry.sigops_with_ancestors};
    };

    std::vector<Package> by_score;
    by_score.reserve(map_.size());
    for (const auto& [txid, node] : map_) by_score.push_back(unmodified(&node));
    std::sort(by_score.begin(), by_score.end(), better);

    std::set<Package, decltype(better)> modified_index(better);
    std::unordered_map<const Node*, Package> modified;
    std::unordered_set<const Node*> in_block, failed;
    std::vector<TransactionRef> out;
    uint64_t block_weight = 0;
    int64_t block_sigops = 0;
    int consecutive_failed = 0;
    constexpr int kMaxConsecutiveFailures = 1000;

    auto erase_modified = [&](const Node* n) {
        auto it = modified.find(n);
        if (it == modified.end()) return;
        modified_index.erase(it->second);
        modified.erase(it);
    };

    size_t mi = 0;
    while (mi < by_score.size() || !modified.empty()) {
        if (mi < by_score.size()) {
            const Node* n = by_score[mi].node;
            if (modified.count(n) || in_block.count(n) || failed.count(n)) {
                ++mi;
                continue;
            }
        }
        Package pkg;
        bool using_modified = false;
        auto modit = modified_index.begin();
        if (mi >= by_score.size()) {
            pkg = *modit;
            using_modified = true;
        } else if (modit != modified_index.end() && better(*modit, by_score[mi])) {
            pkg = *modit;
            using_modified = true;
        } else {
            pkg = by_score[mi++];
        }
        const Node* node = pkg.node;

        if (pkg.fees < FeeForSize(min_fee_rate, pkg.vsize)) break;

        const bool fits =
            block_weight + 4 * pkg.vsize < max_weight && block_sigops + pkg.sigops < max_sigop_cost;
        if (!fits) {
            if (using_modified) {
                erase_modified(node);
                failed.insert(node);
            }
            ++consecutive_failed;
            if (consecutive_failed > kMaxConsecutiveFailures && max_weight > 4000 &&
                block_weight > max_weight - 4000)
                break;
            continue;
        }
        consecutive_failed = 0;

        // The package: the node and its ancestors not in the block yet, parents first.
        std::vector<const Node*> package{node};
        for (const Node* a : AncestorsOf(node))
            if (!in_block.count(a)) package.push_back(a);
        std::sort(package.begin(), package.end(), [](const Node* a, const Node* b) {
            if (a->entry.count_with_ancestors != b->entry.count_with_ancestors)
                return a->entry.count_with_ancestors < b->entry.count_with_ancestors;
            return a->txid < b->txid;
        });
        for (const Node* p : package) {
            out.push_back(p->entry.tx);
            in_block.insert(p);
            block_weight += p->entry.weight;
            block_sigops += p->entry.sigop_cost;
            erase_modified(p);
        }
        // Re-score the descendants of what was added.
        const std::unordered_set<const Node*> added(package.begin(), package.end());
        for (const Node* p : package) {
            for (const Node* d : DescendantsOf(p)) {
                if (added.count(d)) continue;
                auto it = modified.find(d);
                Package m = it == modified.end() ? unmodified(d) : it->second;
                if (it != modified.end()) modified_index.erase(it->second);
                m.vsize -= p->entry.vsize;
                m.fees -= p->entry.ModifiedFee();
                m.sigops -= p->entry.sigop_cost;
                modified[d] = m;
                modified_index.insert(m);
            }
        }
    }
    return out;
}

// ---- enumeration ----

std::vector<uint256> TxMempool::Txids() const {
    Lock lock(mutex_);
    std::vector<uint256> out;
    out.reserve(map_.size());
    for (const auto& [txid, node] : map_) out.push_back(txid);
    return out;
}

std::vector<MempoolEntry> TxMempool::Entries() const {
    Lock lock(mutex_);
    std::vector<MempoolEntry> out;
    out.reserve(map_.size());
    for (const auto& [txid, node] : map_) out.push_back(node.entry);
    return out;
}

size_t TxMempool::Size() const {
    Lock lock(mutex_);
    return map_.size();
}

uint64_t TxMempool::TotalTxBytes() const {
    Lock lock(mutex_);
    return total_vsize_;
}

size_t TxMempool::DynamicMemoryUsageLocked() const {
    return node_usage_ + half_links_ * TreeNodeUsage<Node*>() + map_.bucket_count() * sizeof(void*) +
           deltas_.size() * TreeNodeUsage<std::pair<const uint256, Amount>>();
}

size_t TxMempool::DynamicMemoryUsage() const {
    Lock lock(mutex_);
    return DynamicMemoryUsageLocked();
}

uint64_t TxMempool::Sequence() const {
    Lock lock(mutex_);
    return sequence_;
}

void TxMempool::Clear() {
    Lock lock(mutex_);
    by_descendant_score_.clear();
    by_time_.clear();
    spent_.clear();
    map_.clear();
    total_vsize_ = 0;
    node_usage_ = 0;
    half_links_ = 0;
    rolling_min_fee_ = 0;
    block_since_bump_ = false;
    rolling_update_pending_ = false;
    ++sequence_;
}

// ---- self-check ----

Status TxMempool::CheckConsistency() const {
    Lock lock(mutex_);
    auto fail = [](const std::string& what, const uint256& txid) {
        return Status(Error("mempool-inconsistent", what + " " + txid.ToHex()));
    };
    uint64_t total_vsize = 0;
    size_t usage = 0, half_links = 0, inputs = 0;
    for (const auto& [txid, cnode] : map_) {
        Node* node = const_cast<Node*>(&cnode);
        const MempoolEntry& e = node->entry;
        if (node->txid != txid || e.tx->GetTxid() != txid) return fail("key", txid);
        if (!node->indexed || by_descendant_score_.find(node) != node->score_it)
            return fail("score index", txid);
        if (!by_time_.count({e.time, txid})) return fail("time index", txid);
        NodeSet parents;
        for (const TxIn& in : e.tx->vin) {
            ++inputs;
            auto it = spent_.find(in.prevout);
            if (it == spent_.end() || it->second != node) return fail("spent map", txid);
            if (Node* p = Find(in.prevout.hash)) parents.insert(p);
        }
        if (parents != node->parents) return fail("parents", txid);
        for (Node* p : node->parents)
            if (!p->children.count(node)) return fail("parent's child link", txid);
        for (Node* c : node->children)
            if (!c->parents.count(node) || !map_.count(c->txid)) return fail("child link", txid);
        half_links += node->parents.size() + node->children.size();

        // Independent recomputation (sets, not the epoch walks the pool itself uses).
        NodeSet anc;
        for (std::vector<Node*> stack(node->parents.begin(), node->parents.end()); !stack.empty();) {
            Node* a = stack.back();
            stack.pop_back();
            if (anc.insert(a).second) stack.insert(stack.end(), a->parents.begin(), a->parents.end());
        }
        uint64_t av = e.vsize;
        Amount af = e.ModifiedFee();
        int64_t as = e.sigop_cost;
        for (const Node* a : anc) {
            av += a->entry.vsize;
            af += a->entry.ModifiedFee();
            as += a->entry.sigop_cost;
        }
        if (e.count_with_ancestors != anc.size() + 1 || e.vsize_with_ancestors != av ||
            e.fees_with_ancestors != af || e.sigops_with_ancestors != as)
            return fail("ancestor figures", txid);
        NodeSet desc;
        CollectDescendants(node, desc);
        uint64_t dv = 0;
        Amount df = 0;
        for (const Node* d : desc) {
            dv += d->entry.vsize;
            df += d->entry.ModifiedFee();
        }
        if (e.count_with_descendants != desc.size() || e.vsize_with_descendants != dv ||
            e.fees_with_descendants != df)
            return fail("descendant figures", txid);
        const auto delta = deltas_.find(txid);
        if (e.fee_delta != (delta == deltas_.end() ? 0 : delta->second)) return fail("fee delta", txid);
        if (node->usage != NodeUsage(e)) return fail("usage", txid);
        total_vsize += e.vsize;
        usage += node->usage;
    }
    const uint256 none;
    if (by_descendant_score_.size() != map_.size()) return fail("score index size", none);
    if (by_time_.size() != map_.size()) return fail("time index size", none);
    if (spent_.size() != inputs) return fail("spent map size", none);
    if (total_vsize != total_vsize_) return fail("total vsize", none);
    if (usage != node_usage_) return fail("node usage", none);
    if (half_links != half_links_) return fail("link count", none);
    return Status::Ok();
}

}  // namespace ocean
