// WalletKeyStore (see key_store.h).
#include "ocean/wallet/key_store.h"

#include <algorithm>
#include <mutex>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/primitives/serialize.h"
#include "ocean/script/destination.h"
#include "ocean/script/standard.h"

namespace ocean {

namespace {

constexpr uint8_t kKeyPrefix = 'k';
constexpr uint8_t kCryptedKeyPrefix = 'c';
constexpr uint8_t kMetaPrefix = 'd';
constexpr uint8_t kMasterKeyPrefix = 'M';
constexpr uint8_t kHdChainPrefix = 'h';
constexpr uint8_t kPoolPrefix = 'p';
constexpr uint8_t kScriptPrefix = 'r';
constexpr uint8_t kWatchPrefix = 'w';
constexpr uint8_t kWatchKeyPrefix = 'W';
constexpr uint8_t kLabelPrefix = 'l';
constexpr uint8_t kAccountPrefix = 'a';

constexpr uint32_t kHdChainVersion = 1;
constexpr int kMaxScriptDepth = 3;

Error Corrupt(const std::string& what) {
    return Error("wallet-corrupt", what);
}

Bytes PoolKey(uint64_t index) {
    Bytes suffix;
    VectorWriter w(suffix);
    WriteBE64(w, index);
    return PrefixedKey(kPoolPrefix, suffix);
}

ByteSpan AsSpan(std::string_view s) {
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

Bytes EncodeMetadata(const KeyMetadata& m) {
    Bytes out;
    VectorWriter w(out);
    WriteLE64(w, static_cast<uint64_t>(m.create_time));
    WriteBytes(w, AsSpan(m.hd_path));
    WriteBytes(w, m.derived_pubkey ? m.derived_pubkey->span() : ByteSpan());
    WriteBlob(w, m.hd_master_key_id);
    return out;
}

KeyMetadata DecodeMetadata(ByteSpan data) {
    SpanReader r(data);
    KeyMetadata m;
    m.create_time = static_cast<int64_t>(ReadLE64(r));
    const Bytes path = ReadBytes(r);
    m.hd_path.assign(path.begin(), path.end());
    const Bytes derived = ReadBytes(r);
    if (!derived.empty()) m.derived_pubkey = PubKey(derived);
    ByteSpan id = r.take(20);
    m.hd_master_key_id = uint160(id);
    return m;
}

Bytes EncodeHdChain(const uint160& master_id, uint32_t counter) {
    Bytes out;
    VectorWriter w(out);
    WriteLE32(w, kHdChainVersion);
    WriteBlob(w, master_id);
    WriteLE32(w, counter);
    return out;
}

Bytes EncodePoolEntry(const PubKey& pubkey, int64_t time) {
    Bytes out;
    VectorWriter w(out);
    WriteBytes(w, pubkey.span());
    WriteLE64(w, static_cast<uint64_t>(time));
    return out;
}

Script P2pkh(const PubKey& pubkey) {
    return GetScriptForDestination(PKHash(pubkey.GetID()));
}

// `OP_0 <program>`: the script whose presence makes a bare witness output ours (Core 0.14).
uint160 WitnessScriptId(ByteSpan program) {
    Script s;
    s << Opcode::OP_0;
    s.PushData(program);
    return Hash160(s.span());
}

}  // namespace

// A key derived but not yet committed (TopUp stages several before one batch write).
struct WalletKeyStore::NewKey {
    uint160 id;
    KeyRecord record;
    KeyMetadata metadata;
};

WalletKeyStore::WalletKeyStore(Database& db, const WalletKeyStoreOptions& options)
    : db_(db), options_(options) {}

WalletKeyStore::~WalletKeyStore() {
    WipeMasterKey();
}

int64_t WalletKeyStore::Now() const {
    return options_.clock ? options_.clock->UnixSeconds() : system_clock_.UnixSeconds();
}

Error WalletKeyStore::UnlockNeeded() const {
    return Error("-13", "Error: Please enter the wallet passphrase with walletpassphrase first.");
}

void WalletKeyStore::WipeMasterKey() {
    if (!master_key_.empty()) SecureErase(master_key_.data(), master_key_.size());
    SecureBytes().swap(master_key_);
}

Result<std::unique_ptr<WalletKeyStore>> WalletKeyStore::Load(Database& db,
                                                             const WalletKeyStoreOptions& options) {
    std::unique_ptr<WalletKeyStore> store(new WalletKeyStore(db, options));
    std::unique_lock lock(store->mutex_);
    if (Status st = store->LoadRecords(); !st) return st.error();
    const bool is_new = !store->hd_master_id_ && store->keys_.empty() && !store->master_record_;
    if (is_new && options.use_hd.value_or(true)) {
        if (Status st = store->CreateSeedLocked(); !st) return st.error();
    } else if (!is_new && options.use_hd == true && !store->hd_master_id_) {
        return Error("-4", "Error: You can't enable HD on an already existing non-HD wallet");
    } else if (!is_new && options.use_hd == false && store->hd_master_id_) {
        return Error("-4", "Error: You can't disable HD on an already existing HD wallet");
    }
    if (!store->LockedLocked()) {
        if (Status st = store->TopUpLocked(options.keypool_size); !st) return st.error();
    }
    lock.unlock();
    return store;
}

Status WalletKeyStore::LoadRecords() {
    auto it = db_.NewIterator();
    try {
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
            const ByteSpan key = it->Key();
            const ByteSpan value = it->Value();
            if (key.empty()) continue;
            const ByteSpan suffix = key.subspan(1);
            switch (key[0]) {
                case kKeyPrefix:
                case kCryptedKeyPrefix: {
                    KeyRecord rec;
                    rec.pubkey = PubKey(suffix);
                    if (!rec.pubkey.IsValid()) return Corrupt("bad key record");
                    if (key[0] == kKeyPrefix) {
                        if (!rec.plain.Set(value, rec.pubkey.IsCompressed()) ||
                            !(rec.plain.GetPubKey() == rec.pubkey))
                            return Corrupt("key record does not match its public key");
                    } else {
                        rec.crypted.assign(value.begin(), value.end());
                    }
                    const uint160 id = rec.pubkey.GetID();
                    keys_[id] = std::move(rec);
                    break;
                }
                case kMetaPrefix:
                    if (suffix.size() != 20) return Corrupt("bad metadata key");
                    metadata_[uint160(suffix)] = DecodeMetadata(value);
                    break;
                case kMasterKeyPrefix: {
                    auto rec = MasterKeyRecord::Deserialize(value);
                    if (!rec) return rec.error();
                    master_record_ = std::move(*rec);
                    break;
                }
                case kHdChainPrefix: {
                    SpanReader r(value);
                    if (ReadLE32(r) != kHdChainVersion) return Corrupt("unknown HD chain version");
                    hd_master_id_ = uint160(r.take(20));
                    hd_counter_ = ReadLE32(r);
                    break;
                }
                case kPoolPrefix: {
                    if (suffix.size() != 8) return Corrupt("bad key pool key");
                    SpanReader kr(suffix);
                    uint64_t index = 0;
                    for (int i = 0; i < 8; ++i) index = (index << 8) | ReadU8(kr);
                    SpanReader r(value);
                    PoolEntry e;
                    e.index = index;
                    e.pubkey = PubKey(ReadBytes(r));
                    e.time = static_cast<int64_t>(ReadLE64(r));
                    pool_.push_back(std::move(e));  // iteration is in index order
                    break;
                }
                case kScriptPrefix: {
                    Script s(suffix);
                    scripts_[Hash160(s.span())] = std::move(s);
                    break;
                }
                case kWatchPrefix:
                    watch_only_.insert(Script(suffix));
                    break;
                case kWatchKeyPrefix: {
                    PubKey pk(suffix);
                    watch_keys_[pk.GetID()] = pk;
                    break;
                }
                case kLabelPrefix:
                    labels_[Script(suffix)] = std::string(value.begin(), value.end());
                    break;
                case kAccountPrefix:
                    accounts_[std::string(suffix.begin(), suffix.end())] = PubKey(value);
                    break;
                default:
                    break;  // other owners' records ('t', 'b', 'o', ...)
            }
        }
    } catch (const DecodeError& e) {
        return Corrupt(std::string("undecodable record: ") + e.what());
    }
    if (Status st = it->status(); !st) return st;
    // A pool key must be a wallet key (both are written in one batch); drop anything else.
    std::erase_if(pool_, [&](const PoolEntry& e) { return !keys_.count(e.pubkey.GetID()); });
    next_pool_index_ = pool_.empty() ? 0 : pool_.back().index + 1;
    return Status::Ok();
}

Result<Key> WalletKeyStore::KeyOf(const KeyRecord& rec) const {
    if (!master_record_) return rec.plain;
    if (master_key_.empty()) return UnlockNeeded();
    return DecryptKey(master_key_, rec.crypted, rec.pubkey);
}

Status WalletKeyStore::PutKeyRecord(Database::Batch& batch, const Key& key, KeyRecord& out) const {
    out.pubkey = key.GetPubKey();
    if (master_record_) {
        if (master_key_.empty()) return UnlockNeeded();
        auto ct = EncryptKey(master_key_, key);
        if (!ct) return ct.error();
        out.crypted = std::move(*ct);
        batch.Put(PrefixedKey(kCryptedKeyPrefix, out.pubkey.span()), out.crypted);
    } else {
        out.plain = key;
        batch.Put(PrefixedKey(kKeyPrefix, out.pubkey.span()), key.span());
    }
    return Status::Ok();
}

Status WalletKeyStore::CreateSeedLocked() {
    const Key seed = Key::MakeNew(true);
    NewKey nk;
    nk.id = seed.GetPubKey().GetID();
    nk.metadata.create_time = Now();
    nk.metadata.hd_path = "m";
    nk.metadata.hd_master_key_id = nk.id;
    Database::Batch batch;
    if (Status st = PutKeyRecord(batch, seed, nk.record); !st) return st;
    batch.Put(PrefixedKey(kMetaPrefix, nk.id.span()), EncodeMetadata(nk.metadata));
    batch.Put(PrefixedKey(kHdChainPrefix), EncodeHdChain(nk.id, 0));
    if (Status st = db_.Write(batch, true); !st) return st;
    hd_master_id_ = nk.id;
    hd_counter_ = 0;
    CommitNewKey(std::move(nk));
    return Status::Ok();
}

void WalletKeyStore::CommitNewKey(NewKey&& nk) {
    metadata_[nk.id] = std::move(nk.metadata);
    keys_[nk.id] = std::move(nk.record);
}

Result<WalletKeyStore::NewKey> WalletKeyStore::DeriveNextLocked(uint32_t& counter, const ExtKey& account_key,
                                                                const std::set<uint160>& staged) const {
    while (true) {
        if (counter >= kBip32HardenedBit) return Error("-4", "Error: HD key counter exhausted");
        const uint32_t index = counter++;
        auto child = account_key.Derive(index | kBip32HardenedBit);
        if (!child) continue;  // invalid child (probability ~2^-127): skip the index as BIP32 says
        auto nk = MakePoolKey(child->key, "m/0'/0'/" + std::to_string(index) + "'");
        if (!nk) return nk.error();
        if (keys_.count(nk->id) || staged.count(nk->id)) continue;  // already known (e.g. imported)
        nk->metadata.hd_master_key_id = *hd_master_id_;
        return nk;
    }
}

Result<WalletKeyStore::NewKey> WalletKeyStore::MakeRandomLocked(const std::set<uint160>& staged) const {
    while (true) {
        auto nk = MakePoolKey(Key::MakeNew(true), "");
        if (!nk) return nk.error();
        if (!keys_.count(nk->id) && !staged.count(nk->id)) return nk;
    }
}

Result<WalletKeyStore::NewKey> WalletKeyStore::MakePoolKey(Key untweaked, std::string hd_path) const {
    NewKey nk;
    nk.metadata.derived_pubkey = untweaked.GetPubKey();
    Key spend = std::move(untweaked);
    if (options_.tweak_keys && !options_.contract_hash.IsNull()) {
        auto tweaked = spend.TweakAdd(options_.contract_hash);
        if (!tweaked) return Error("-4", "Error: contract hash tweak failed: " + tweaked.error().message);
        spend = std::move(*tweaked);
    }
    nk.id = spend.GetPubKey().GetID();
    nk.metadata.create_time = Now();
    nk.metadata.hd_path = std::move(hd_path);
    // The record is filled by PutKeyRecord; keep the key there meanwhile.
    nk.record.plain = std::move(spend);
    return nk;
}

Status WalletKeyStore::TopUpLocked(unsigned size) {
    if (pool_.size() >= size) return Status::Ok();
    if (LockedLocked()) return UnlockNeeded();
    std::optional<ExtKey> account;  // m/0'/0' of an HD wallet
    if (hd_master_id_) {
        auto seed_rec = keys_.find(*hd_master_id_);
        if (seed_rec == keys_.end()) return Corrupt("HD seed key missing");
        auto seed = KeyOf(seed_rec->second);
        if (!seed) return seed.error();
        auto master = ExtKey::FromSeed(seed->span());
        if (!master) return master.error();
        auto derived = master->DerivePath({kBip32HardenedBit | 0, kBip32HardenedBit | 0});
        if (!derived) return derived.error();
        account = std::move(*derived);
    }

    uint32_t counter = hd_counter_;
    uint64_t next_index = next_pool_index_;
    std::vector<NewKey> staged;
    std::set<uint160> staged_ids;
    std::vector<PoolEntry> entries;
    Database::Batch batch;
    for (size_t n = pool_.size(); n < size; ++n) {
        auto nk = account ? DeriveNextLocked(counter, *account, staged_ids) : MakeRandomLocked(staged_ids);
        if (!nk) return nk.error();
        const Key spend = std::move(nk->record.plain);
        nk->record = KeyRecord();
        if (Status st = PutKeyRecord(batch, spend, nk->record); !st) return st;
        batch.Put(PrefixedKey(kMetaPrefix, nk->id.span()), EncodeMetadata(nk->metadata));
        PoolEntry e{next_index++, nk->record.pubkey, nk->metadata.create_time};
        batch.Put(PoolKey(e.index), EncodePoolEntry(e.pubkey, e.time));
        staged_ids.insert(nk->id);
        entries.push_back(std::move(e));
        staged.push_back(std::move(*nk));
    }
    if (hd_master_id_) batch.Put(PrefixedKey(kHdChainPrefix), EncodeHdChain(*hd_master_id_, counter));
    if (Status st = db_.Write(batch, true); !st) return st;
    hd_counter_ = counter;
    next_pool_index_ = next_index;
    for (NewKey& nk : staged) CommitNewKey(std::move(nk));
    for (PoolEntry& e : entries) pool_.push_back(std::move(e));
    return Status::Ok();
}

Status WalletKeyStore::TopUp(unsigned size) {
    std::unique_lock lock(mutex_);
    return TopUpLocked(size == 0 ? options_.keypool_size : size);
}

Result<WalletKeyStore::PoolEntry> WalletKeyStore::TakeFromPoolLocked(Database::Batch& batch) {
    if (!LockedLocked()) {
        if (Status st = TopUpLocked(options_.keypool_size); !st) return st.error();
    }
    if (pool_.empty()) {
        if (LockedLocked()) return Error("-12", "Error: Keypool ran out, please call keypoolrefill first");
        // -keypool=0: one key straight from the chain.
        if (Status st = TopUpLocked(static_cast<unsigned>(pool_.size()) + 1); !st) return st.error();
    }
    batch.Delete(PoolKey(pool_.front().index));
    return pool_.front();
}

Result<ReservedKey> WalletKeyStore::ReserveKeyFromPool() {
    std::unique_lock lock(mutex_);
    Database::Batch batch;
    auto entry = TakeFromPoolLocked(batch);
    if (!entry) return entry.error();
    if (Status st = db_.Write(batch, true); !st) return st.error();
    pool_.pop_front();
    return ReservedKey{entry->index, entry->pubkey, entry->time};
}

Result<PubKey> WalletKeyStore::GetKeyFromPool() {
    auto reserved = ReserveKeyFromPool();
    if (!reserved) return reserved.error();
    return reserved->pubkey;
}

Status WalletKeyStore::ReturnKeyToPool(const ReservedKey& key) {
    std::unique_lock lock(mutex_);
    auto pos = std::lower_bound(pool_.begin(), pool_.end(), key.index,
                                [](const PoolEntry& e, uint64_t index) { return e.index < index; });
    if (pos != pool_.end() && pos->index == key.index) return Status::Ok();  // returned already
    Database::Batch batch;
    batch.Put(PoolKey(key.index), EncodePoolEntry(key.pubkey, key.time));
    if (Status st = db_.Write(batch, true); !st) return st;
    pool_.insert(pos, PoolEntry{key.index, key.pubkey, key.time});
    return Status::Ok();
}

size_t WalletKeyStore::KeypoolSize() const {
    std::shared_lock lock(mutex_);
    return pool_.size();
}

int64_t WalletKeyStore::KeypoolOldestTime() const {
    std::shared_lock lock(mutex_);
    return pool_.empty() ? Now() : pool_.front().time;
}

std::vector<DerivedKeyPair> WalletKeyStore::KeypoolDerivedKeys() const {
    std::shared_lock lock(mutex_);
    std::vector<DerivedKeyPair> out;
    out.reserve(pool_.size());
    for (const PoolEntry& e : pool_) {
        DerivedKeyPair p{e.pubkey, e.pubkey};
        auto m = metadata_.find(e.pubkey.GetID());
        if (m != metadata_.end() && m->second.derived_pubkey) p.derived_pubkey = *m->second.derived_pubkey;
        out.push_back(std::move(p));
    }
    return out;
}

// --- Keys ---------------------------------------------------------------------------------------------

bool WalletKeyStore::HaveKey(const uint160& key_id) const {
    std::shared_lock lock(mutex_);
    return HaveKeyLocked(key_id);
}

Result<Key> WalletKeyStore::GetKey(const uint160& key_id) const {
    std::shared_lock lock(mutex_);
    auto it = keys_.find(key_id);
    if (it == keys_.end()) return Error("-4", "Private key not available");
    return KeyOf(it->second);
}

std::optional<PubKey> WalletKeyStore::GetPubKey(const uint160& key_id) const {
    std::shared_lock lock(mutex_);
    if (auto it = keys_.find(key_id); it != keys_.end()) return it->second.pubkey;
    if (auto it = watch_keys_.find(key_id); it != watch_keys_.end()) return it->second;
    return std::nullopt;
}

std::optional<KeyMetadata> WalletKeyStore::GetKeyMetadata(const uint160& key_id) const {
    std::shared_lock lock(mutex_);
    auto it = metadata_.find(key_id);
    if (it == metadata_.end()) return std::nullopt;
    return it->second;
}

std::optional<uint160> WalletKeyStore::HdMasterKeyId() const {
    std::shared_lock lock(mutex_);
    return hd_master_id_;
}

Result<ExtKey> WalletKeyStore::HdMasterExtKey() const {
    std::shared_lock lock(mutex_);
    if (!hd_master_id_) return Error("-4", "Error: wallet has no HD seed");
    auto it = keys_.find(*hd_master_id_);
    if (it == keys_.end()) return Corrupt("HD seed key missing");
    auto seed = KeyOf(it->second);
    if (!seed) return seed.error();
    return ExtKey::FromSeed(seed->span());
}

Result<std::optional<std::string>> WalletKeyStore::HdMasterXprv() const {
    if (!HdMasterKeyId()) return std::optional<std::string>();
    auto master = HdMasterExtKey();
    if (!master) return master.error();
    Bip32Version version = options_.prefixes.ext_secret_key;
    if (version == Bip32Version{}) version = kBip32XprvVersion;
    return std::optional<std::string>(master->ToBase58(version));
}

// --- Imports ------------------------------------------------------------------------------------------

Result<bool> WalletKeyStore::ImportKey(const Key& key, const std::optional<std::string>& label,
                                       int64_t create_time) {
    if (!key.IsValid()) return Error("-5", "Invalid private key");
    std::unique_lock lock(mutex_);
    const PubKey pub = key.GetPubKey();
    const uint160 id = pub.GetID();
    const Script dest = P2pkh(pub);
    Database::Batch batch;
    if (label) batch.Put(PrefixedKey(kLabelPrefix, dest.span()), AsSpan(*label));
    const bool is_new = !keys_.count(id);
    NewKey nk;
    if (is_new) {
        if (LockedLocked()) return UnlockNeeded();
        nk.id = id;
        nk.metadata.create_time = create_time;
        if (Status st = PutKeyRecord(batch, key, nk.record); !st) return st.error();
        batch.Put(PrefixedKey(kMetaPrefix, id.span()), EncodeMetadata(nk.metadata));
    }
    if (Status st = db_.Write(batch, true); !st) return st.error();
    if (label) labels_[dest] = *label;
    if (is_new) CommitNewKey(std::move(nk));
    return is_new;
}

Status WalletKeyStore::ImportScript(const Script& redeem_script) {
    if (redeem_script.size() > 10000) return Error("-8", "redeem script too large");
    std::unique_lock lock(mutex_);
    if (Status st = db_.Put(PrefixedKey(kScriptPrefix, redeem_script.span()), {}, true); !st) return st;
    scripts_[Hash160(redeem_script.span())] = redeem_script;
    return Status::Ok();
}

Status WalletKeyStore::ImportWatchOnly(const Script& script_pubkey) {
    std::unique_lock lock(mutex_);
    if (Status st = db_.Put(PrefixedKey(kWatchPrefix, script_pubkey.span()), {}, true); !st) return st;
    watch_only_.insert(script_pubkey);
    return Status::Ok();
}

Status WalletKeyStore::ImportPubKey(const PubKey& pubkey, const std::optional<std::string>& label) {
    if (!pubkey.IsFullyValid()) return Error("-5", "Pubkey is not a valid public key");
    std::unique_lock lock(mutex_);
    const Script p2pkh = P2pkh(pubkey);
    const Script p2pk = GetScriptForRawPubKey(pubkey.span());
    Database::Batch batch;
    batch.Put(PrefixedKey(kWatchPrefix, p2pkh.span()), {});
    batch.Put(PrefixedKey(kWatchPrefix, p2pk.span()), {});
    batch.Put(PrefixedKey(kWatchKeyPrefix, pubkey.span()), {});
    if (label) batch.Put(PrefixedKey(kLabelPrefix, p2pkh.span()), AsSpan(*label));
    if (Status st = db_.Write(batch, true); !st) return st;
    watch_only_.insert(p2pkh);
    watch_only_.insert(p2pk);
    watch_keys_[pubkey.GetID()] = pubkey;
    if (label) labels_[p2pkh] = *label;
    return Status::Ok();
}

bool WalletKeyStore::HaveWatchOnly(const Script& script_pubkey) const {
    std::shared_lock lock(mutex_);
    return watch_only_.count(script_pubkey) != 0;
}

std::optional<Script> WalletKeyStore::GetScript(const uint160& script_id) const {
    std::shared_lock lock(mutex_);
    auto it = scripts_.find(script_id);
    if (it == scripts_.end()) return std::nullopt;
    return it->second;
}

// --- IsMine and signing data --------------------------------------------------------------------------

IsMineType WalletKeyStore::IsMine(const Script& script_pubkey) const {
    std::shared_lock lock(mutex_);
    return IsMineLocked(script_pubkey, 0);
}

IsMineType WalletKeyStore::IsMineLocked(const Script& script, int depth) const {
    const ByteSpan s = script.span();
    // Fast paths for the common templates (no allocation).
    if (s.size() == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 0x14 && s[23] == 0x88 && s[24] == 0xac) {
        if (HaveKeyLocked(uint160(s.subspan(3, 20)))) return IsMineType::kSpendable;
    } else if (s.size() == 23 && s[0] == 0xa9 && s[1] == 0x14 && s[22] == 0x87) {
        auto it = scripts_.find(uint160(s.subspan(2, 20)));
        if (it != scripts_.end() && depth < kMaxScriptDepth &&
            IsMineLocked(it->second, depth + 1) == IsMineType::kSpendable)
            return IsMineType::kSpendable;
    } else if (s.size() == 1 && s[0] == 0x51) {
        if (options_.anyone_can_spend_are_mine) return IsMineType::kSpendable;
    } else {
        const SolvedScript solved = Solve(script);
        const auto& sol = solved.solutions;
        auto all_keys_ours = [&](size_t first, size_t last) {
            if (first >= last) return false;
            for (size_t i = first; i < last; ++i)
                if (!HaveKeyLocked(Hash160(sol[i]))) return false;
            return true;
        };
        switch (solved.type) {
            case TxoutType::kPubKey:
                if (HaveKeyLocked(Hash160(sol[0]))) return IsMineType::kSpendable;
                break;
            case TxoutType::kWitnessV0KeyHash:
                // Bare witness outputs count only when their P2SH form would (Core 0.14).
                if (scripts_.count(WitnessScriptId(sol[0])) && HaveKeyLocked(uint160(sol[0])))
                    return IsMineType::kSpendable;
                break;
            case TxoutType::kWitnessV0ScriptHash: {
                if (!scripts_.count(WitnessScriptId(sol[0])) || depth >= kMaxScriptDepth) break;
                auto it = scripts_.find(Ripemd160(sol[0]));
                if (it != scripts_.end() && IsMineLocked(it->second, depth + 1) == IsMineType::kSpendable)
                    return IsMineType::kSpendable;
                break;
            }
            case TxoutType::kMultisig:  // [m, keys..., n]
                if (sol.size() >= 3 && all_keys_ours(1, sol.size() - 1)) return IsMineType::kSpendable;
                break;
            case TxoutType::kLockedMultisig:  // [locktime, m, keys..., n]
                if (sol.size() >= 4 && all_keys_ours(2, sol.size() - 1)) return IsMineType::kSpendable;
                break;
            default:
                break;
        }
    }
    if (depth == 0 && watch_only_.count(script)) return IsMineType::kWatchOnly;
    return IsMineType::kNo;
}

Status WalletKeyStore::AddSigningData(const Script& script_pubkey, SigningProvider& out) const {
    std::shared_lock lock(mutex_);
    if (LockedLocked()) return UnlockNeeded();
    AddSigningDataLocked(script_pubkey, out, 0);
    return Status::Ok();
}

void WalletKeyStore::AddSigningDataLocked(const Script& script, SigningProvider& out, int depth) const {
    if (depth > kMaxScriptDepth) return;
    const SolvedScript solved = Solve(script);
    const auto& sol = solved.solutions;
    auto add_key = [&](const uint160& id) {
        auto it = keys_.find(id);
        if (it == keys_.end()) return;
        auto key = KeyOf(it->second);
        if (key) out.AddKey(*key);
    };
    auto add_script = [&](const Script& sub) {
        out.AddScript(sub);
        AddSigningDataLocked(sub, out, depth + 1);
    };
    switch (solved.type) {
        case TxoutType::kPubKey:
            add_key(Hash160(sol[0]));
            break;
        case TxoutType::kPubKeyHash:
        case TxoutType::kWitnessV0KeyHash:
            add_key(uint160(sol[0]));
            break;
        case TxoutType::kScriptHash:
            if (auto it = scripts_.find(uint160(sol[0])); it != scripts_.end()) add_script(it->second);
            break;
        case TxoutType::kWitnessV0ScriptHash:
            if (auto it = scripts_.find(Ripemd160(sol[0])); it != scripts_.end()) add_script(it->second);
            break;
        case TxoutType::kMultisig:
            for (size_t i = 1; i + 1 < sol.size(); ++i) add_key(Hash160(sol[i]));
            break;
        case TxoutType::kLockedMultisig:
            for (size_t i = 2; i + 1 < sol.size(); ++i) add_key(Hash160(sol[i]));
            break;
        default:
            break;
    }
}

// --- Labels -------------------------------------------------------------------------------------------

Status WalletKeyStore::SetLabel(const Script& destination_script, std::string_view label) {
    std::unique_lock lock(mutex_);
    if (Status st = db_.Put(PrefixedKey(kLabelPrefix, destination_script.span()), AsSpan(label), true); !st)
        return st;
    labels_[destination_script] = std::string(label);
    return Status::Ok();
}

Status WalletKeyStore::SetLabel(std::string_view address, std::string_view label) {
    auto dest = DecodeDestination(address, options_.prefixes);
    if (!dest) return Error("-5", "Invalid address");
    return SetLabel(GetScriptForDestination(*dest), label);
}

std::optional<std::string> WalletKeyStore::GetLabel(const Script& destination_script) const {
    std::shared_lock lock(mutex_);
    auto it = labels_.find(destination_script);
    if (it == labels_.end()) return std::nullopt;
    return it->second;
}

std::vector<Script> WalletKeyStore::ScriptsWithLabel(std::string_view label) const {
    std::shared_lock lock(mutex_);
    std::vector<Script> out;
    for (const auto& [script, l] : labels_)
        if (l == label) out.push_back(script);
    return out;
}

std::map<Script, std::string> WalletKeyStore::Labels() const {
    std::shared_lock lock(mutex_);
    return labels_;
}

Result<PubKey> WalletKeyStore::GetAccountPubKey(std::string_view account, bool force_new) {
    std::unique_lock lock(mutex_);
    if (!force_new) {
        if (auto it = accounts_.find(account); it != accounts_.end()) return it->second;
    }
    Database::Batch batch;
    auto entry = TakeFromPoolLocked(batch);
    if (!entry) return entry.error();
    const PubKey pub = entry->pubkey;
    const Script dest = P2pkh(pub);
    batch.Put(PrefixedKey(kLabelPrefix, dest.span()), AsSpan(account));
    batch.Put(PrefixedKey(kAccountPrefix, AsSpan(account)), pub.span());
    if (Status st = db_.Write(batch, true); !st) return st.error();
    pool_.pop_front();
    labels_[dest] = std::string(account);
    accounts_[std::string(account)] = pub;
    return pub;
}

// --- Encryption ---------------------------------------------------------------------------------------

bool WalletKeyStore::IsCrypted() const {
    std::shared_lock lock(mutex_);
    return master_record_.has_value();
}

bool WalletKeyStore::IsLocked() const {
    std::shared_lock lock(mutex_);
    return LockedLocked();
}

Status WalletKeyStore::CheckMasterKeyLocked(const SecureBytes& master, bool all) const {
    for (const auto& [id, rec] : keys_) {
        auto key = DecryptKey(master, rec.crypted, rec.pubkey);
        if (!key) return key.error();
        if (!all) break;
    }
    return Status::Ok();
}

Status WalletKeyStore::EncryptWallet(std::string_view passphrase) {
    if (passphrase.empty()) return Error("-8", "passphrase can not be empty");
    std::unique_lock lock(mutex_);
    if (master_record_)
        return Error("-15", "Error: running with an encrypted wallet, but encryptwallet was called.");
    SecureBytes master = NewWalletMasterKey();
    auto record = EncryptMasterKey(master, passphrase, CalibrateKdfIterations(options_.kdf_target));
    if (!record) return record.error();
    // Confirm the record opens with this passphrase before anything is replaced.
    if (auto check = DecryptMasterKey(*record, passphrase); !check || !ConstantTimeEqual(*check, master))
        return Error("-4", "Error: Failed to encrypt the wallet.");

    Database::Batch batch;
    std::vector<std::pair<uint160, Bytes>> crypted;
    crypted.reserve(keys_.size());
    for (const auto& [id, rec] : keys_) {
        auto ct = EncryptKey(master, rec.plain);
        if (!ct) return ct.error();
        batch.Delete(PrefixedKey(kKeyPrefix, rec.pubkey.span()));
        batch.Put(PrefixedKey(kCryptedKeyPrefix, rec.pubkey.span()), *ct);
        crypted.emplace_back(id, std::move(*ct));
    }
    batch.Put(PrefixedKey(kMasterKeyPrefix), record->Serialize());
    if (Status st = db_.Write(batch, true); !st) return st;
    for (auto& [id, ct] : crypted) {
        KeyRecord& rec = keys_[id];
        rec.plain = Key();  // Key wipes the secret it held
        rec.crypted = std::move(ct);
    }
    master_record_ = std::move(*record);
    checked_all_keys_ = true;
    WipeMasterKey();
    // Deleted plaintext records linger in LevelDB's log and table files until compaction.
    (void)db_.Compact();
    return Status::Ok();
}

Status WalletKeyStore::Unlock(std::string_view passphrase) {
    std::unique_lock lock(mutex_);
    if (!master_record_)
        return Error("-15", "Error: running with an unencrypted wallet, but walletpassphrase was called.");
    auto master = DecryptMasterKey(*master_record_, passphrase);
    if (!master) return master.error();
    if (Status st = CheckMasterKeyLocked(*master, !checked_all_keys_); !st) return st;
    checked_all_keys_ = true;
    WipeMasterKey();
    master_key_ = std::move(*master);
    return Status::Ok();
}

void WalletKeyStore::Lock() {
    std::unique_lock lock(mutex_);
    WipeMasterKey();
}

Status WalletKeyStore::ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase) {
    if (new_passphrase.empty()) return Error("-8", "passphrase can not be empty");
    std::unique_lock lock(mutex_);
    if (!master_record_)
        return Error("-15",
                     "Error: running with an unencrypted wallet, but walletpassphrasechange was called.");
    auto master = DecryptMasterKey(*master_record_, old_passphrase);
    if (!master) return master.error();
    if (Status st = CheckMasterKeyLocked(*master, false); !st) return st;
    auto record = EncryptMasterKey(*master, new_passphrase, CalibrateKdfIterations(options_.kdf_target));
    if (!record) return record.error();
    if (Status st = db_.Put(PrefixedKey(kMasterKeyPrefix), record->Serialize(), true); !st) return st;
    master_record_ = std::move(*record);
    return Status::Ok();
}

// --- Dumps --------------------------------------------------------------------------------------------

Result<std::vector<WalletDumpKey>> WalletKeyStore::ExportKeys() const {
    std::shared_lock lock(mutex_);
    if (LockedLocked()) return UnlockNeeded();
    std::set<uint160> in_pool;
    for (const PoolEntry& e : pool_) in_pool.insert(e.pubkey.GetID());
    std::vector<WalletDumpKey> out;
    out.reserve(keys_.size());
    for (const auto& [id, rec] : keys_) {
        auto key = KeyOf(rec);
        if (!key) return key.error();
        WalletDumpKey k;
        k.key = std::move(*key);
        auto meta = metadata_.find(id);
        if (meta != metadata_.end()) {
            k.time = meta->second.create_time;
            k.hd_path = meta->second.hd_path;
        }
        if (auto l = labels_.find(P2pkh(rec.pubkey)); l != labels_.end()) {
            k.kind = WalletDumpKey::Kind::kLabel;
            k.label = l->second;
        } else if (hd_master_id_ && id == *hd_master_id_) {
            k.kind = WalletDumpKey::Kind::kHdMaster;
        } else if (k.hd_path == "m") {
            k.kind = WalletDumpKey::Kind::kInactiveHdMaster;
        } else if (in_pool.count(id)) {
            k.kind = WalletDumpKey::Kind::kReserve;
        } else {
            k.kind = WalletDumpKey::Kind::kChange;
        }
        out.push_back(std::move(k));
    }
    std::stable_sort(out.begin(), out.end(), [](const WalletDumpKey& a, const WalletDumpKey& b) {
        if (a.time != b.time) return a.time < b.time;
        return a.hd_path < b.hd_path;
    });
    return out;
}

}  // namespace ocean
