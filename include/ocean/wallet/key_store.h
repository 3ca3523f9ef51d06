// WalletKeyStore: the wallet's keys, scripts, key pool, labels and encryption, persisted in the
// wallet's LevelDB. It answers ScriptOwnership::IsMine for the transaction bookkeeping and hands the
// signer (SigningProvider) what a script needs.
//
// Keys. An HD seed (a random 32-byte secret, kept as an ordinary wallet key like Bitcoin Core 0.14's HD
// master key) gives the BIP32 master ExtKey::FromSeed(seed); wallet keys are m/0'/0'/k' with k a
// persisted counter. hdmasterkeyid is HASH160 of the seed key's public key. With `tweak_keys` and a
// non-zero contract hash the stored (spendable) key is d + c mod n, c = the contract hash's raw bytes
// read big-endian (policy.md §13); the untweaked public key is kept as KeyMetadata::derived_pubkey.
// The seed key itself is never tweaked. A wallet created with use_hd = false (-usehd=0) has no seed:
// its pool keys are independent random keys (tweaked the same way), as Core 0.14's non-HD wallets.
//
// Storage. Every change is one Database::Batch written with sync=true before the call returns, so a
// process killed at any point leaves either the old or the new state (a key handed out by
// GetKeyFromPool has left the pool on disk before it is returned). Records, by first key byte (the
// transaction bookkeeping uses 't', 'b', 'o'):
//   'k' ‖ pubkey      → 32-byte secret                 (unencrypted wallets)
//   'c' ‖ pubkey      → AES-256-CBC secret              (encrypted wallets, see crypter.h)
//   'd' ‖ key id      → KeyMetadata
//   'M'               → MasterKeyRecord (present = wallet encrypted)
//   'h'               → HD chain: seed key id, next child index
//   'p' ‖ BE64 index  → key-pool entry: pubkey, creation time (FIFO by index)
//   'r' ‖ script      → redeem / witness script (looked up by HASH160; P2WSH by RIPEMD160 of its program)
//   'w' ‖ script      → watch-only scriptPubKey
//   'W' ‖ pubkey      → watched public key (importpubkey)
//   'l' ‖ script      → label ("account") of a destination script
//   'a' ‖ account     → the account's current receiving public key (getaccountaddress)
//
// Encryption: EncryptWallet rewrites every secret (the seed included) encrypted and deletes the
// plaintext records in one synced batch, then compacts the database so the plaintext leaves LevelDB's
// files; the wallet is locked afterwards. Unlock decrypts the master key into memory (checked against
// the stored keys); Lock wipes it.
//
// Errors that an RPC reports verbatim carry the RPC error code as their code: "-12" keypool ran out,
// "-13" unlock needed, "-14" wrong passphrase, "-15" wrong encryption state, "-8" bad parameter,
// "-5" invalid address or key, "-4" other wallet errors. Database failures keep the Database's codes
// ("db-io", ...).
//
// Thread safety: one std::shared_mutex; IsMine and other lookups take it shared, changes exclusive.
// Every public method may be called from any thread. No other lock is taken under it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ocean/chain/database.h"
#include "ocean/crypto/bip32.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/script/address.h"
#include "ocean/script/script.h"
#include "ocean/script/sign.h"
#include "ocean/util/clock.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"
#include "ocean/wallet/crypter.h"
#include "ocean/wallet/ismine.h"
#include "ocean/wallet/secure_bytes.h"
#include "ocean/wallet/wallet_dump.h"

namespace ocean {

struct WalletKeyStoreOptions {
    uint256 contract_hash;                  // the height-0 contract hash; zero = no tweak
    bool tweak_keys = false;                // -embedcontract && !-contractintx
    bool anyone_can_spend_are_mine = true;  // the script OP_TRUE (51) is kSpendable
    unsigned keypool_size = 100;            // -keypool
    // -usehd: a new wallet gets an HD seed (unset or true) or independent random keys (false). An
    // existing wallet keeps what it was created with; asking explicitly for the other kind is an error,
    // as in Core 0.14.
    std::optional<bool> use_hd;
    AddressPrefixes prefixes;  // for address strings (labels) and dumps
    // Passphrase key-derivation calibration target (iterations never below kWalletMinKdfIterations).
    std::chrono::milliseconds kdf_target{100};
    // Source of creation times; nullptr = system clock. Must outlive the store.
    const Clock* clock = nullptr;
};

// A key taken out of the pool for a transaction being built (Core 0.14's CReserveKey): it has left the
// pool on disk like any handed-out key; ReturnKeyToPool puts it back at its old place when the
// transaction is not made.
struct ReservedKey {
    uint64_t index = 0;  // its key-pool index
    PubKey pubkey;
    int64_t time = 0;  // its pool entry's creation time
};

// What the wallet knows about one of its keys.
struct KeyMetadata {
    int64_t create_time = 0;
    std::string hd_path;                   // "m/0'/0'/5'", "m" for the seed key, "" for imported keys
    std::optional<PubKey> derived_pubkey;  // the untweaked public key (HD keys)
    uint160 hd_master_key_id;              // null for imported keys
};

class WalletKeyStore final : public ScriptOwnership {
  public:
    // Loads every record; on a wallet without keys creates the HD seed; tops the key pool up when the
    // wallet is not locked. Errors: database failures, "wallet-corrupt" for undecodable records.
    static Result<std::unique_ptr<WalletKeyStore>> Load(Database& db, const WalletKeyStoreOptions& options);
    ~WalletKeyStore() override;
    WalletKeyStore(const WalletKeyStore&) = delete;
    WalletKeyStore& operator=(const WalletKeyStore&) = delete;

    const WalletKeyStoreOptions& options() const { return options_; }

    // --- Ownership and signing -------------------------------------------------------------------------
    IsMineType IsMine(const Script& script_pubkey) const override;
    // Adds the keys and redeem/witness scripts this store has for script_pubkey (recursively through
    // P2SH and P2WSH). "-13" when the wallet is locked.
    Status AddSigningData(const Script& script_pubkey, SigningProvider& out) const;

    // --- Keys ------------------------------------------------------------------------------------------
    bool HaveKey(const uint160& key_id) const;
    // The private key; "-13" when locked, "-4" when unknown.
    Result<Key> GetKey(const uint160& key_id) const;
    // Public key of a wallet key or a watched key.
    std::optional<PubKey> GetPubKey(const uint160& key_id) const;
    std::optional<KeyMetadata> GetKeyMetadata(const uint160& key_id) const;
    // HASH160 of the HD seed key's public key (getwalletinfo's hdmasterkeyid).
    std::optional<uint160> HdMasterKeyId() const;
    // The BIP32 master key ("-13" when locked).
    Result<ExtKey> HdMasterExtKey() const;

    // --- Key pool --------------------------------------------------------------------------------------
    // Fills the pool to `size` keys (0 = the configured -keypool size). "-13" when locked.
    Status TopUp(unsigned size = 0);
    // Takes the oldest pool key (topping up first when unlocked); when the pool is empty and the wallet
    // locked: "-12" "Error: Keypool ran out, please call keypoolrefill first".
    Result<PubKey> GetKeyFromPool();
    // The same, remembering where the key was, so that ReturnKeyToPool can put it back.
    Result<ReservedKey> ReserveKeyFromPool();
    // Puts a reserved key back into the pool at its index (no-op when it is there already). Pool indices
    // are never handed out twice by one store, so the place is still free.
    Status ReturnKeyToPool(const ReservedKey& key);
    size_t KeypoolSize() const;
    // Creation time of the oldest pool key; now when the pool is empty.
    int64_t KeypoolOldestTime() const;
    // (tweaked key, untweaked key) of every pool key in pool order (getderivedkeys, dumpderivedkeys).
    std::vector<DerivedKeyPair> KeypoolDerivedKeys() const;

    // --- Imports ---------------------------------------------------------------------------------------
    // Adds a private key (with a label for its P2PKH script when given). False when already present
    // (its label is still set). "-13" when locked.
    Result<bool> ImportKey(const Key& key, const std::optional<std::string>& label, int64_t create_time);
    // A redeem or witness script (P2SH by HASH160, P2WSH by SHA256).
    Status ImportScript(const Script& redeem_script);
    Status ImportWatchOnly(const Script& script_pubkey);
    // Watches the key's P2PKH and P2PK scripts; GetPubKey then knows it.
    Status ImportPubKey(const PubKey& pubkey, const std::optional<std::string>& label = std::nullopt);
    bool HaveWatchOnly(const Script& script_pubkey) const;
    std::optional<Script> GetScript(const uint160& script_id) const;

    // --- Labels (Core 0.14 accounts) -------------------------------------------------------------------
    Status SetLabel(const Script& destination_script, std::string_view label);
    // Address string of the configured chain; "-5" "Invalid address" otherwise.
    Status SetLabel(std::string_view address, std::string_view label);
    std::optional<std::string> GetLabel(const Script& destination_script) const;
    std::vector<Script> ScriptsWithLabel(std::string_view label) const;
    std::map<Script, std::string> Labels() const;
    // The account's receiving key: the stored one, or (none stored, or force_new) a fresh pool key that
    // gets the account as label and is stored as the account's key in the same batch.
    Result<PubKey> GetAccountPubKey(std::string_view account, bool force_new);

    // --- Encryption ------------------------------------------------------------------------------------
    bool IsCrypted() const;
    bool IsLocked() const;
    // "-15" when already encrypted, "-8" for an empty passphrase.
    Status EncryptWallet(std::string_view passphrase);
    // "-15" when not encrypted, "-14" for a wrong passphrase.
    Status Unlock(std::string_view passphrase);
    // Wipes the decrypted master key (no-op when not encrypted).
    void Lock();
    // Re-encrypts the master key under new_passphrase; the lock state is unchanged.
    Status ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase);

    // --- Dumps -----------------------------------------------------------------------------------------
    // Every private key with its dumpwallet tag, oldest first ("-13" when locked).
    Result<std::vector<WalletDumpKey>> ExportKeys() const;
    // The "# extended private masterkey:" value, nullopt for a wallet without HD chain.
    Result<std::optional<std::string>> HdMasterXprv() const;

  private:
    struct IdHasher {
        size_t operator()(const uint160& id) const { return static_cast<size_t>(id.GetUint64(0)); }
    };
    struct KeyRecord {
        PubKey pubkey;
        Key plain;      // valid only in an unencrypted wallet
        Bytes crypted;  // encrypted secret in an encrypted wallet
    };
    struct PoolEntry {
        uint64_t index = 0;
        PubKey pubkey;
        int64_t time = 0;
    };
    struct NewKey;

    WalletKeyStore(Database& db, const WalletKeyStoreOptions& options);

    Status LoadRecords();
    int64_t Now() const;
    bool LockedLocked() const { return master_record_.has_value() && master_key_.empty(); }
    Error UnlockNeeded() const;
    Result<Key> KeyOf(const KeyRecord& rec) const;
    Status PutKeyRecord(Database::Batch& batch, const Key& key, KeyRecord& out) const;
    Status CreateSeedLocked();
    Result<NewKey> DeriveNextLocked(uint32_t& counter, const ExtKey& account_key,
                                    const std::set<uint160>& staged) const;
    // A pool key of a non-HD wallet: random, tweaked like derived ones.
    Result<NewKey> MakeRandomLocked(const std::set<uint160>& staged) const;
    Result<NewKey> MakePoolKey(Key untweaked, std::string hd_path) const;
    Status TopUpLocked(unsigned size);
    // The pool's front entry (topping up first), its deletion put into `batch`; the caller pops it from
    // pool_ once the batch is written.
    Result<PoolEntry> TakeFromPoolLocked(Database::Batch& batch);
    void CommitNewKey(NewKey&& nk);
    IsMineType IsMineLocked(const Script& script, int depth) const;
    bool HaveKeyLocked(const uint160& id) const { return keys_.count(id) != 0; }
    void AddSigningDataLocked(const Script& script, SigningProvider& out, int depth) const;
    Status CheckMasterKeyLocked(const SecureBytes& master, bool all) const;
    void WipeMasterKey();

    Database& db_;
    WalletKeyStoreOptions options_;
    SystemClock system_clock_;

    mutable std::shared_mutex mutex_;
    std::unordered_map<uint160, KeyRecord, IdHasher> keys_;
    std::unordered_map<uint160, KeyMetadata, IdHasher> metadata_;
    std::unordered_map<uint160, Script, IdHasher> scripts_;
    std::set<Script> watch_only_;
    std::unordered_map<uint160, PubKey, IdHasher> watch_keys_;
    std::deque<PoolEntry> pool_;    // ascending index
    uint64_t next_pool_index_ = 0;  // the index of the next key TopUp adds
    std::map<Script, std::string> labels_;
    std::map<std::string, PubKey, std::less<>> accounts_;
    std::optional<uint160> hd_master_id_;
    uint32_t hd_counter_ = 0;
    std::optional<MasterKeyRecord> master_record_;
    SecureBytes master_key_;  // empty when locked or not encrypted
    bool checked_all_keys_ = false;
};

}  // namespace ocean
