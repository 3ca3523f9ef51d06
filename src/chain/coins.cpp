#include "ocean/chain/coins.h"

#include <cstring>

#include "ocean/crypto/hash.h"
#include "ocean/script/opcodes.h"
#include "ocean/script/script.h"

namespace ocean {
namespace {

// ---- SipHash-2-4 over the 36 bytes txid ‖ LE32(n) ----

inline uint64_t Rotl(uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

struct SipState {
    uint64_t v0, v1, v2, v3;

    SipState(uint64_t k0, uint64_t k1)
        : v0(k0 ^ 0x736f6d6570736575ULL),
          v1(k1 ^ 0x646f72616e646f6dULL),
          v2(k0 ^ 0x6c7967656e657261ULL),
          v3(k1 ^ 0x7465646279746573ULL) {}

    void Round() {
        v0 += v1;
        v1 = Rotl(v1, 13);
        v1 ^= v0;
        v0 = Rotl(v0, 32);
        v2 += v3;
        v3 = Rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Rotl(v1, 17);
        v1 ^= v2;
        v2 = Rotl(v2, 32);
    }

    void Compress(uint64_t m) {
        v3 ^= m;
        Round();
        Round();
        v0 ^= m;
    }

    uint64_t Finish() {
        v2 ^= 0xff;
        Round();
        Round();
        Round();
        Round();
        return v0 ^ v1 ^ v2 ^ v3;
    }
};

// Bytes malloc actually hands out for a request of n bytes (glibc: 16-byte granules, 8 bytes overhead).
inline size_t MallocUsage(size_t n) {
    if (n == 0) return 0;
    return (n + 8 + 15) & ~size_t{15};
}

size_t CoinHeapUsage(const Coin& coin) {
    const TxOut& out = coin.out;
    return MallocUsage(out.script_pubkey.capacity()) + MallocUsage(out.witness.surjection_proof.capacity()) +
           MallocUsage(out.witness.range_proof.capacity());
}

template <typename Map>
size_t MapUsage(const Map& m) {
    // A node holds the next pointer and the value; count a cached hash too to stay on the safe side.
    const size_t node = MallocUsage(sizeof(void*) + sizeof(typename Map::value_type) + sizeof(size_t));
    return node * m.size() + MallocUsage(m.bucket_count() * sizeof(void*));
}

}  // namespace

SaltedOutpointHasher::SaltedOutpointHasher() {
    uint8_t key[16];
    GetStrongRandBytes(key, sizeof(key));
    std::memcpy(&k0_, key, 8);
    std::memcpy(&k1_, key + 8, 8);
}

size_t SaltedOutpointHasher::Hash(const OutPoint& o, uint64_t tweak) const noexcept {
    SipState s(k0_ ^ tweak, k1_);
    s.Compress(o.hash.GetUint64(0));
    s.Compress(o.hash.GetUint64(1));
    s.Compress(o.hash.GetUint64(2));
    s.Compress(o.hash.GetUint64(3));
    s.Compress((uint64_t{36} << 56) | o.n);
    return static_cast<size_t>(s.Finish());
}

bool IsPrunedFromUtxoSet(const Bytes& script_pubkey) {
    // Fast path for the common case: a non-empty script of sane size with an ordinary first opcode.
    if (!script_pubkey.empty() && script_pubkey.size() <= kMaxScriptSize) {
        const uint8_t first = script_pubkey[0];
        if (first != OP_RETURN && first != OP_REGISTERADDRESS && first != OP_DEREGISTERADDRESS) return false;
    }
    const Script script(ByteSpan(script_pubkey.data(), script_pubkey.size()));
    return script.IsUnspendable() && !script.IsRegisterAddressScript();
}

// ---- CoinsView (empty) ---------------------------------------------------------------------------

std::optional<Coin> CoinsView::GetCoin(const OutPoint&) const {
    return std::nullopt;
}
bool CoinsView::HaveCoin(const OutPoint& outpoint) const {
    return GetCoin(outpoint).has_value();
}
uint256 CoinsView::GetBestBlock() const {
    return uint256();
}
std::vector<uint256> CoinsView::GetHeadBlocks() const {
    return {};
}
bool CoinsView::IsWithdrawSpent(const uint256&, const OutPoint&) const {
    return false;
}
Status CoinsView::BatchWrite(CoinsMap&, WithdrawMap&, const uint256&) {
    return Error("coins-readonly", "this coins view cannot be written");
}
Status CoinsView::BatchWrite(CoinsMap& coins, const uint256& best_block) {
    WithdrawMap none;
    return BatchWrite(coins, none, best_block);
}
size_t CoinsView::EstimateSize() const {
    return 0;
}

// ---- CoinsViewBacked -----------------------------------------------------------------------------

std::optional<Coin> CoinsViewBacked::GetCoin(const OutPoint& outpoint) const {
    return base_->GetCoin(outpoint);
}
bool CoinsViewBacked::HaveCoin(const OutPoint& outpoint) const {
    return base_->HaveCoin(outpoint);
}
uint256 CoinsViewBacked::GetBestBlock() const {
    return base_->GetBestBlock();
}
std::vector<uint256> CoinsViewBacked::GetHeadBlocks() const {
    return base_->GetHeadBlocks();
}
bool CoinsViewBacked::IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const {
    return base_->IsWithdrawSpent(parent_genesis, outpoint);
}
Status CoinsViewBacked::BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block) {
    return base_->BatchWrite(coins, withdraws, best_block);
}
size_t CoinsViewBacked::EstimateSize() const {
    return base_->EstimateSize();
}

// ---- CoinsViewCache ------------------------------------------------------------------------------

CoinsViewCache::CoinsViewCache(CoinsView* base) : CoinsViewBacked(base) {}

CoinsMap::iterator CoinsViewCache::FetchCoin(const OutPoint& outpoint) const {
    auto it = cache_.find(outpoint);
    if (it != cache_.end()) return it;
    std::optional<Coin> coin = base_->GetCoin(outpoint);
    if (!coin) return cache_.end();
    it = cache_.emplace(outpoint, CoinsCacheEntry(std::move(*coin), 0)).first;
    coins_usage_ += CoinHeapUsage(it->second.coin);
    return it;
}

std::optional<Coin> CoinsViewCache::GetCoin(const OutPoint& outpoint) const {
    auto it = FetchCoin(outpoint);
    if (it == cache_.end() || it->second.coin.IsSpent()) return std::nullopt;
    return it->second.coin;
}

bool CoinsViewCache::HaveCoin(const OutPoint& outpoint) const {
    auto it = FetchCoin(outpoint);
    return it != cache_.end() && !it->second.coin.IsSpent();
}

bool CoinsViewCache::HaveCoinInCache(const OutPoint& outpoint) const {
    auto it = cache_.find(outpoint);
    return it != cache_.end() && !it->second.coin.IsSpent();
}

const Coin& CoinsViewCache::AccessCoin(const OutPoint& outpoint) const {
    static const Coin kEmpty;
    auto it = FetchCoin(outpoint);
    return it == cache_.end() ? kEmpty : it->second.coin;
}

bool CoinsViewCache::HaveInputs(const Transaction& tx) const {
    if (tx.IsCoinBase()) return true;
    for (const TxIn& in : tx.vin) {
        if (in.is_pegin) continue;
        if (!HaveCoin(in.prevout)) return false;
    }
    return true;
}

uint256 CoinsViewCache::GetBestBlock() const {
    if (best_block_.IsNull()) best_block_ = base_->GetBestBlock();
    return best_block_;
}

void CoinsViewCache::AddCoin(const OutPoint& outpoint, Coin&& coin, bool possible_overwrite) {
    if (coin.IsSpent()) return;
    if (IsPrunedFromUtxoSet(coin.out.script_pubkey)) return;
    coin.out.witness = TxOutWitness();

    auto [it, inserted] = cache_.try_emplace(outpoint);
    CoinsCacheEntry& entry = it->second;
    bool fresh = false;
    if (!inserted) coins_usage_ -= CoinHeapUsage(entry.coin);
    if (!possible_overwrite) {
        // Overwriting an unspent coin here would be a caller bug (BIP30 rules it out); treat it as an
        // overwrite, which is always safe. A spent entry still DIRTY must reach the parent as spent, so
        // it cannot become FRESH either.
        const bool unspent_here = !inserted && !entry.coin.IsSpent();
        fresh = !unspent_here && !(entry.flags & CoinsCacheEntry::DIRTY);
    }
    entry.coin = std::move(coin);
    entry.flags |= CoinsCacheEntry::DIRTY | (fresh ? CoinsCacheEntry::FRESH : 0);
    coins_usage_ += CoinHeapUsage(entry.coin);
}

bool CoinsViewCache::SpendCoin(const OutPoint& outpoint, Coin* moveout) {
    auto it = FetchCoin(outpoint);
    if (it == cache_.end() || it->second.coin.IsSpent()) return false;
    coins_usage_ -= CoinHeapUsage(it->second.coin);
    if (moveout) *moveout = std::move(it->second.coin);
    if (it->second.flags & CoinsCacheEntry::FRESH) {
        cache_.erase(it);
    } else {
        it->second.flags |= CoinsCacheEntry::DIRTY;
        it->second.coin.Clear();
    }
    return true;
}

void CoinsViewCache::Uncache(const OutPoint& outpoint) {
    auto it = cache_.find(outpoint);
    if (it != cache_.end() && it->second.flags == 0) {
        coins_usage_ -= CoinHeapUsage(it->second.coin);
        cache_.erase(it);
    }
}

WithdrawMap::iterator CoinsViewCache::FetchWithdraw(const uint256& parent_genesis,
                                                    const OutPoint& outpoint) const {
    WithdrawKey key{parent_genesis, outpoint};
    auto it = withdraws_.find(key);
    if (it != withdraws_.end()) return it;
    const bool spent = base_->IsWithdrawSpent(parent_genesis, outpoint);
    return withdraws_.emplace(key, WithdrawEntry{spent, false}).first;
}

bool CoinsViewCache::IsWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) const {
    return FetchWithdraw(parent_genesis, outpoint)->second.spent;
}

void CoinsViewCache::SetWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) {
    withdraws_[WithdrawKey{parent_genesis, outpoint}] = WithdrawEntry{true, true};
}

void CoinsViewCache::UnsetWithdrawSpent(const uint256& parent_genesis, const OutPoint& outpoint) {
    withdraws_[WithdrawKey{parent_genesis, outpoint}] = WithdrawEntry{false, true};
}

Status CoinsViewCache::BatchWrite(CoinsMap& coins, WithdrawMap& withdraws, const uint256& best_block) {
    for (auto it = coins.begin(); it != coins.end(); it = coins.erase(it)) {
        CoinsCacheEntry& child = it->second;
        if (!(child.flags & CoinsCacheEntry::DIRTY)) continue;
        const bool child_fresh = (child.flags & CoinsCacheEntry::FRESH) != 0;
        auto mine = cache_.find(it->first);
        if (mine == cache_.end()) {
            // A FRESH coin created and spent in the child never existed as far as we are concerned.
            if (child_fresh && child.coin.IsSpent()) continue;
            CoinsCacheEntry& entry = cache_[it->first];
            entry.coin = std::move(child.coin);
            coins_usage_ += CoinHeapUsage(entry.coin);
            // FRESH carries over only when set in the child: otherwise our parent may hold the coin.
            entry.flags = CoinsCacheEntry::DIRTY | (child_fresh ? CoinsCacheEntry::FRESH : 0);
            continue;
        }
        if (child_fresh && !mine->second.coin.IsSpent())
            return Error("coins-fresh-misapplied",
                         "child cache marked FRESH a coin that is unspent in its parent");
        if ((mine->second.flags & CoinsCacheEntry::FRESH) && child.coin.IsSpent()) {
            // Our parent never saw this coin: forget it entirely.
            coins_usage_ -= CoinHeapUsage(mine->second.coin);
            cache_.erase(mine);
        } else {
            coins_usage_ -= CoinHeapUsage(mine->second.coin);
            mine->second.coin = std::move(child.coin);
            coins_usage_ += CoinHeapUsage(mine->second.coin);
            mine->second.flags |= CoinsCacheEntry::DIRTY;
        }
    }
    for (auto it = withdraws.begin(); it != withdraws.end(); it = withdraws.erase(it)) {
        if (!it->second.dirty) continue;
        withdraws_[it->first] = WithdrawEntry{it->second.spent, true};
    }
    best_block_ = best_block;
    return Status::Ok();
}

Status CoinsViewCache::Flush() {
    Status s = base_->BatchWrite(cache_, withdraws_, GetBestBlock());
    if (!s) {
        RecomputeUsage();
        return s;
    }
    // Start over with fresh tables: clear() would keep the (possibly huge) bucket array.
    CoinsMap(0, cache_.hash_function()).swap(cache_);
    WithdrawMap(0, withdraws_.hash_function()).swap(withdraws_);
    coins_usage_ = 0;
    return Status::Ok();
}

void CoinsViewCache::RecomputeUsage() {
    coins_usage_ = 0;
    for (const auto& [outpoint, entry] : cache_) coins_usage_ += CoinHeapUsage(entry.coin);
}

size_t CoinsViewCache::DynamicMemoryUsage() const {
    return MapUsage(cache_) + MapUsage(withdraws_) + coins_usage_;
}

void AddCoins(CoinsViewCache& cache, const Transaction& tx, int height, bool check_for_overwrite) {
    const bool coinbase = tx.IsCoinBase();
    const uint256& txid = tx.GetTxid();
    for (size_t i = 0; i < tx.vout.size(); ++i) {
        const TxOut& out = tx.vout[i];
        if (IsPrunedFromUtxoSet(out.script_pubkey)) continue;
        const OutPoint outpoint(txid, static_cast<uint32_t>(i));
        // A coinbase may repeat an earlier coinbase's txid (pre-BIP34 style); let it overwrite.
        const bool overwrite = check_for_overwrite ? cache.HaveCoin(outpoint) : coinbase;
        TxOut stored;
        stored.asset = out.asset;
        stored.value = out.value;
        stored.nonce = out.nonce;
        stored.script_pubkey = out.script_pubkey;
        cache.AddCoin(outpoint, Coin(std::move(stored), static_cast<uint32_t>(height), coinbase), overwrite);
    }
}

}  // namespace ocean
