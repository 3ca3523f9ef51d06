// WalletKeyStore against a real LevelDB: HD derivation and the contract tweak, the key pool, imports,
// IsMine, labels, encryption, persistence across reopening and a SIGKILLed writer.
#include "ocean/wallet/key_store.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <thread>

#include "ocean/crypto/sha256.h"
#include "ocean/mempool/policy_list_rules.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "util/temp_dir.h"

extern char** environ;

namespace ocean::test {
namespace {

uint256 TestContract() {
    const std::string text = "These are the terms\n";
    return Sha256dHash(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Script P2pkh(const PubKey& pk) {
    return GetScriptForDestination(PKHash(pk.GetID()));
}

class KeyStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        options_.prefixes = PrefixesForChain("ocean_test");
        options_.kdf_target = std::chrono::milliseconds(0);
        options_.keypool_size = 5;
        OpenDb();
    }
    void OpenDb() {
        DatabaseOptions o;
        o.path = dir_ / "wallet";
        auto db = Database::Open(o);
        ASSERT_TRUE(db.ok()) << db.error().ToString();
        db_ = std::move(*db);
    }
    std::unique_ptr<WalletKeyStore> Load() {
        auto s = WalletKeyStore::Load(*db_, options_);
        EXPECT_TRUE(s.ok()) << s.error().ToString();
        return s.ok() ? std::move(*s) : nullptr;
    }
    // Drops the store and the database without any shutdown step (what a crash leaves), then reopens.
    std::unique_ptr<WalletKeyStore> Reopen(std::unique_ptr<WalletKeyStore>& store) {
        store.reset();
        db_.reset();
        OpenDb();
        return Load();
    }

    TempDir dir_;
    WalletKeyStoreOptions options_;
    std::unique_ptr<Database> db_;
};

TEST_F(KeyStoreTest, ContractTweakVector) {
    // policy.md §18: tweak(A) with A = 1·G.
    auto one = Key::FromBytes(*ParseHex("0000000000000000000000000000000000000000000000000000000000000001"));
    ASSERT_TRUE(one.ok());
    auto tweaked = one->TweakAdd(TestContract());
    ASSERT_TRUE(tweaked.ok());
    EXPECT_EQ(HexStr(tweaked->GetPubKey().span()),
              "030c1bce24528ed74eded27c6bb2da88dd29545488a02a8519213b385251071a35");
    EXPECT_EQ(HexStr(tweaked->GetPubKey().GetID().span()), "cc6d6742b1a910ede4bb16c41b2ac6dd09e04781");
}

TEST_F(KeyStoreTest, HdDerivationMatchesBip32) {
    auto store = Load();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->HdMasterKeyId().has_value());
    EXPECT_EQ(store->KeypoolSize(), 5u);
    auto master = store->HdMasterExtKey();
    ASSERT_TRUE(master.ok());
    auto pub = store->GetKeyFromPool();
    ASSERT_TRUE(pub.ok());
    auto meta = store->GetKeyMetadata(pub->GetID());
    ASSERT_TRUE(meta.has_value());
    EXPECT_EQ(meta->hd_path, "m/0'/0'/0'");
    EXPECT_EQ(meta->hd_master_key_id, *store->HdMasterKeyId());
    auto path = ParseBip32Path(meta->hd_path);
    ASSERT_TRUE(path.ok());
    auto child = master->DerivePath(*path);
    ASSERT_TRUE(child.ok());
    EXPECT_EQ(child->key.GetPubKey(), *pub);
    ASSERT_TRUE(meta->derived_pubkey.has_value());
    EXPECT_EQ(*meta->derived_pubkey, *pub);  // no tweak configured
    auto key = store->GetKey(pub->GetID());
    ASSERT_TRUE(key.ok());
    EXPECT_TRUE(*key == child->key);
    // The seed key is a wallet key whose id is hdmasterkeyid.
    auto seed_meta = store->GetKeyMetadata(*store->HdMasterKeyId());
    ASSERT_TRUE(seed_meta.has_value());
    EXPECT_EQ(seed_meta->hd_path, "m");
    // Next keys continue the counter.
    auto pub2 = store->GetKeyFromPool();
    ASSERT_TRUE(pub2.ok());
    EXPECT_EQ(store->GetKeyMetadata(pub2->GetID())->hd_path, "m/0'/0'/1'");
}

TEST_F(KeyStoreTest, TweakedKeysMatchSpec) {
    options_.contract_hash = TestContract();
    options_.tweak_keys = true;
    auto store = Load();
    ASSERT_TRUE(store);
    const auto pairs = store->KeypoolDerivedKeys();
    ASSERT_EQ(pairs.size(), 5u);
    auto master = store->HdMasterExtKey();
    ASSERT_TRUE(master.ok());
    for (size_t i = 0; i < pairs.size(); ++i) {
        const auto& p = pairs[i];
        EXPECT_NE(p.pubkey, p.derived_pubkey);
        // address == hash160(tweak(derived pubkey)), computed as the whitelist does.
        auto id = TweakedKeyId(p.derived_pubkey.span(), options_.contract_hash);
        ASSERT_TRUE(id.has_value());
        EXPECT_EQ(*id, p.pubkey.GetID());
        // The derived key is m/0'/0'/i'.
        auto child =
            master->DerivePath({kBip32HardenedBit, kBip32HardenedBit, kBip32HardenedBit | uint32_t(i)});
        ASSERT_TRUE(child.ok());
        EXPECT_EQ(child->key.GetPubKey(), p.derived_pubkey);
        // The stored key is the tweaked one, and spends the address.
        auto key = store->GetKey(p.pubkey.GetID());
        ASSERT_TRUE(key.ok());
        EXPECT_EQ(key->GetPubKey(), p.pubkey);
        EXPECT_EQ(store->IsMine(P2pkh(p.pubkey)), IsMineType::kSpendable);
        EXPECT_EQ(store->IsMine(P2pkh(p.derived_pubkey)), IsMineType::kNo);
        EXPECT_EQ(*store->GetKeyMetadata(p.pubkey.GetID())->derived_pubkey, p.derived_pubkey);
    }
}

TEST_F(KeyStoreTest, KeypoolPersistsAcrossReopen) {
    auto store = Load();
    ASSERT_TRUE(store);
    const auto before = store->KeypoolDerivedKeys();
    auto taken = store->GetKeyFromPool();
    ASSERT_TRUE(taken.ok());
    EXPECT_EQ(taken->GetID(), before[0].pubkey.GetID());
    EXPECT_EQ(store->KeypoolSize(), 4u);  // topped up before taking, as Core does
    const auto pool = store->KeypoolDerivedKeys();
    const int64_t oldest = store->KeypoolOldestTime();
    const auto master_id = store->HdMasterKeyId();

    store = Reopen(store);
    ASSERT_TRUE(store);
    const auto after = store->KeypoolDerivedKeys();
    ASSERT_EQ(after.size(), 5u);  // loading tops the pool up again (appended at the end)
    for (size_t i = 0; i < pool.size(); ++i) EXPECT_EQ(after[i].pubkey, pool[i].pubkey);
    EXPECT_EQ(store->KeypoolOldestTime(), oldest);
    EXPECT_EQ(store->HdMasterKeyId(), master_id);
    EXPECT_TRUE(store->HaveKey(taken->GetID()));
    // The next key is the pool's head, never the one handed out before.
    auto next = store->GetKeyFromPool();
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(*next, pool[0].pubkey);
    EXPECT_NE(*next, *taken);
    EXPECT_EQ(store->GetKeyMetadata(next->GetID())->hd_path, "m/0'/0'/1'");

    ASSERT_TRUE(store->TopUp(8).ok());
    EXPECT_EQ(store->KeypoolSize(), 8u);
}

// Core's CReserveKey::ReturnKey: a reserved key goes back to its place in the pool, on disk too.
TEST_F(KeyStoreTest, ReservedKeyReturnsToItsPlace) {
    auto store = Load();
    ASSERT_TRUE(store);
    const auto pool = store->KeypoolDerivedKeys();
    auto reserved = store->ReserveKeyFromPool();
    ASSERT_TRUE(reserved.ok()) << reserved.error().ToString();
    EXPECT_EQ(reserved->pubkey, pool[0].pubkey);
    EXPECT_EQ(store->KeypoolSize(), 4u);
    ASSERT_TRUE(store->ReturnKeyToPool(*reserved).ok());
    ASSERT_TRUE(store->ReturnKeyToPool(*reserved).ok());  // twice: still one entry
    EXPECT_EQ(store->KeypoolSize(), 5u);
    EXPECT_EQ(store->KeypoolDerivedKeys()[0].pubkey, pool[0].pubkey);

    store = Reopen(store);
    ASSERT_TRUE(store);
    const auto reopened = store->KeypoolDerivedKeys();
    ASSERT_EQ(reopened.size(), 5u);
    for (size_t i = 0; i < pool.size(); ++i) EXPECT_EQ(reopened[i].pubkey, pool[i].pubkey);
    auto again = store->GetKeyFromPool();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, pool[0].pubkey);
}

TEST_F(KeyStoreTest, ReturnedKeyAfterThePoolEmptiedAndRefilled) {
    // The pool index of a reserved key is not handed to a new key while it is out, even when the pool
    // ran empty (locked) and was refilled.
    auto store = Load();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->EncryptWallet("pass").ok());
    std::vector<ReservedKey> taken;
    for (int i = 0; i < 5; ++i) {
        auto k = store->ReserveKeyFromPool();
        ASSERT_TRUE(k.ok());
        taken.push_back(*k);
    }
    EXPECT_EQ(store->KeypoolSize(), 0u);
    ASSERT_TRUE(store->Unlock("pass").ok());
    ASSERT_TRUE(store->TopUp().ok());
    for (const ReservedKey& k : taken) ASSERT_TRUE(store->ReturnKeyToPool(k).ok());
    EXPECT_EQ(store->KeypoolSize(), 10u);
    std::set<uint160> distinct;
    for (const auto& k : store->KeypoolDerivedKeys()) distinct.insert(k.pubkey.GetID());
    EXPECT_EQ(distinct.size(), 10u);
    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->KeypoolSize(), 10u);
    EXPECT_EQ(store->KeypoolDerivedKeys()[0].pubkey, taken[0].pubkey);
}

TEST_F(KeyStoreTest, NonHdWalletHasRandomTweakedKeys) {
    options_.contract_hash = TestContract();
    options_.tweak_keys = true;
    options_.use_hd = false;
    auto store = Load();
    ASSERT_TRUE(store);
    EXPECT_FALSE(store->HdMasterKeyId().has_value());
    EXPECT_FALSE(store->HdMasterExtKey().ok());
    const auto pairs = store->KeypoolDerivedKeys();
    ASSERT_EQ(pairs.size(), 5u);
    std::set<PubKey> seen;
    for (const auto& p : pairs) {
        EXPECT_TRUE(seen.insert(p.pubkey).second);
        auto id = TweakedKeyId(p.derived_pubkey.span(), options_.contract_hash);
        ASSERT_TRUE(id.has_value());
        EXPECT_EQ(*id, p.pubkey.GetID());
        const auto meta = store->GetKeyMetadata(p.pubkey.GetID());
        ASSERT_TRUE(meta.has_value());
        EXPECT_EQ(meta->hd_path, "");
        EXPECT_TRUE(meta->hd_master_key_id.IsNull());
        EXPECT_EQ(store->IsMine(P2pkh(p.pubkey)), IsMineType::kSpendable);
    }
    auto taken = store->GetKeyFromPool();
    ASSERT_TRUE(taken.ok());
    EXPECT_EQ(*taken, pairs[0].pubkey);

    // Reopened with -usehd unset it stays non-HD; the pool survives and is topped up with random keys.
    options_.use_hd.reset();
    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_FALSE(store->HdMasterKeyId().has_value());
    EXPECT_TRUE(store->HaveKey(taken->GetID()));
    EXPECT_EQ(store->KeypoolSize(), 5u);
    EXPECT_EQ(store->KeypoolDerivedKeys()[0].pubkey, pairs[1].pubkey);

    // Encrypted, it can only top up while unlocked.
    ASSERT_TRUE(store->EncryptWallet("pw").ok());
    ASSERT_TRUE(store->Unlock("pw").ok());
    ASSERT_TRUE(store->TopUp(9).ok());
    EXPECT_EQ(store->KeypoolSize(), 9u);

    // Asking explicitly for HD on it is refused, as Core 0.14 refuses.
    store.reset();
    options_.use_hd = true;
    auto refused = WalletKeyStore::Load(*db_, options_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "Error: You can't enable HD on an already existing non-HD wallet");
}

TEST_F(KeyStoreTest, DisablingHdOnHdWalletRefused) {
    auto store = Load();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->HdMasterKeyId().has_value());
    store.reset();
    options_.use_hd = false;
    auto refused = WalletKeyStore::Load(*db_, options_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "Error: You can't disable HD on an already existing HD wallet");
    options_.use_hd = true;
    EXPECT_TRUE(Load());
}

TEST_F(KeyStoreTest, KeypoolRunsOutWhenLocked) {
    auto store = Load();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->EncryptWallet("pass").ok());
    EXPECT_TRUE(store->IsLocked());
    std::set<uint160> seen;
    for (int i = 0; i < 5; ++i) {
        auto pk = store->GetKeyFromPool();
        ASSERT_TRUE(pk.ok()) << pk.error().ToString();
        EXPECT_TRUE(seen.insert(pk->GetID()).second);
    }
    auto none = store->GetKeyFromPool();
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, "-12");
    EXPECT_EQ(none.error().message, "Error: Keypool ran out, please call keypoolrefill first");
    auto top = store->TopUp();
    ASSERT_FALSE(top.ok());
    EXPECT_EQ(top.error().code, "-13");

    ASSERT_TRUE(store->Unlock("pass").ok());
    ASSERT_TRUE(store->TopUp().ok());
    EXPECT_EQ(store->KeypoolSize(), 5u);
    auto pk = store->GetKeyFromPool();
    ASSERT_TRUE(pk.ok());
    EXPECT_FALSE(seen.count(pk->GetID()));
}

TEST_F(KeyStoreTest, EncryptionRoundTripLockAndWrongPassphrase) {
    auto store = Load();
    ASSERT_TRUE(store);
    const Key imported = Key::MakeNew();
    ASSERT_TRUE(store->ImportKey(imported, std::string("imp"), 1000).ok());
    const auto pool = store->KeypoolDerivedKeys();
    auto xprv = store->HdMasterXprv();
    ASSERT_TRUE(xprv.ok() && xprv->has_value());

    EXPECT_FALSE(store->IsCrypted());
    auto unl = store->Unlock("x");
    ASSERT_FALSE(unl.ok());
    EXPECT_EQ(unl.error().code, "-15");
    EXPECT_EQ(store->EncryptWallet("").error().code, "-8");
    ASSERT_TRUE(store->EncryptWallet("secret passphrase").ok());
    EXPECT_TRUE(store->IsCrypted());
    EXPECT_TRUE(store->IsLocked());
    EXPECT_EQ(store->EncryptWallet("again").error().code, "-15");

    // Locked: no private data, but ownership still answers.
    auto locked = store->GetKey(imported.GetPubKey().GetID());
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, "-13");
    EXPECT_EQ(store->HdMasterExtKey().error().code, "-13");
    EXPECT_EQ(store->ExportKeys().error().code, "-13");
    SigningProvider provider;
    EXPECT_EQ(store->AddSigningData(P2pkh(imported.GetPubKey()), provider).error().code, "-13");
    EXPECT_EQ(store->ImportKey(Key::MakeNew(), std::nullopt, 0).error().code, "-13");
    EXPECT_EQ(store->IsMine(P2pkh(imported.GetPubKey())), IsMineType::kSpendable);

    auto wrong = store->Unlock("secret passphrasE");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, "-14");
    EXPECT_TRUE(store->IsLocked());

    ASSERT_TRUE(store->Unlock("secret passphrase").ok());
    EXPECT_FALSE(store->IsLocked());
    auto key = store->GetKey(imported.GetPubKey().GetID());
    ASSERT_TRUE(key.ok());
    EXPECT_TRUE(*key == imported);
    auto xprv2 = store->HdMasterXprv();
    ASSERT_TRUE(xprv2.ok());
    EXPECT_EQ(*xprv2, *xprv);  // the seed survived encryption
    ASSERT_TRUE(store->AddSigningData(P2pkh(imported.GetPubKey()), provider).ok());
    EXPECT_NE(provider.GetKey(imported.GetPubKey().GetID()), nullptr);

    store->Lock();
    EXPECT_TRUE(store->IsLocked());
    EXPECT_EQ(store->GetKey(imported.GetPubKey().GetID()).error().code, "-13");

    // No plaintext key record is left in the database.
    auto it = db_->NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) EXPECT_NE(it->Key()[0], 'k');
}

TEST_F(KeyStoreTest, ChangePassphrase) {
    auto store = Load();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->EncryptWallet("old").ok());
    EXPECT_EQ(store->ChangePassphrase("wrong", "new").error().code, "-14");
    ASSERT_TRUE(store->ChangePassphrase("old", "new").ok());
    EXPECT_TRUE(store->IsLocked());
    EXPECT_EQ(store->Unlock("old").error().code, "-14");
    ASSERT_TRUE(store->Unlock("new").ok());
    // Unlocked stays unlocked.
    ASSERT_TRUE(store->ChangePassphrase("new", "newer").ok());
    EXPECT_FALSE(store->IsLocked());
    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->Unlock("new").error().code, "-14");
    EXPECT_TRUE(store->Unlock("newer").ok());
}

TEST_F(KeyStoreTest, EncryptedStoreReopensLocked) {
    auto store = Load();
    ASSERT_TRUE(store);
    const Key imported = Key::MakeNew(false);
    ASSERT_TRUE(store->ImportKey(imported, std::nullopt, 5).ok());
    ASSERT_TRUE(store->EncryptWallet("pw").ok());
    ASSERT_TRUE(store->Unlock("pw").ok());
    auto handed = store->GetKeyFromPool();  // tops up with encrypted keys while unlocked
    ASSERT_TRUE(handed.ok());
    const auto pool = store->KeypoolDerivedKeys();

    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_TRUE(store->IsCrypted());
    EXPECT_TRUE(store->IsLocked());
    EXPECT_EQ(store->KeypoolDerivedKeys().size(), pool.size());
    EXPECT_EQ(store->IsMine(P2pkh(handed.value())), IsMineType::kSpendable);
    ASSERT_TRUE(store->Unlock("pw").ok());
    auto k = store->GetKey(imported.GetPubKey().GetID());
    ASSERT_TRUE(k.ok());
    EXPECT_TRUE(*k == imported);
    EXPECT_FALSE(k->IsCompressed());
    auto hk = store->GetKey(handed->GetID());
    ASSERT_TRUE(hk.ok());
    EXPECT_EQ(hk->GetPubKey(), *handed);
}

TEST_F(KeyStoreTest, IsMineScriptTypes) {
    auto store = Load();
    ASSERT_TRUE(store);
    const Key mine = Key::MakeNew();
    const Key mine2 = Key::MakeNew();
    const PubKey other = Key::MakeNew().GetPubKey();
    ASSERT_TRUE(store->ImportKey(mine, std::nullopt, 0).ok());
    ASSERT_TRUE(store->ImportKey(mine2, std::nullopt, 0).ok());
    const PubKey pk = mine.GetPubKey();
    const PubKey pk2 = mine2.GetPubKey();

    EXPECT_EQ(store->IsMine(P2pkh(pk)), IsMineType::kSpendable);
    EXPECT_EQ(store->IsMine(GetScriptForRawPubKey(pk.span())), IsMineType::kSpendable);
    EXPECT_EQ(store->IsMine(P2pkh(other)), IsMineType::kNo);
    EXPECT_EQ(store->IsMine(GetScriptForRawPubKey(other.span())), IsMineType::kNo);

    // Bare multisig: all keys ours.
    const std::vector<Bytes> ours{pk.ToBytes(), pk2.ToBytes()};
    const std::vector<Bytes> mixed{pk.ToBytes(), other.ToBytes()};
    const Script ms_ours = GetScriptForMultisig(1, ours);
    const Script ms_mixed = GetScriptForMultisig(1, mixed);
    EXPECT_EQ(store->IsMine(ms_ours), IsMineType::kSpendable);
    EXPECT_EQ(store->IsMine(ms_mixed), IsMineType::kNo);

    // P2SH needs the redeem script, which must itself be ours.
    const Script p2sh_ours = GetScriptForDestination(ScriptHash::FromScript(ms_ours));
    const Script p2sh_mixed = GetScriptForDestination(ScriptHash::FromScript(ms_mixed));
    EXPECT_EQ(store->IsMine(p2sh_ours), IsMineType::kNo);
    ASSERT_TRUE(store->ImportScript(ms_ours).ok());
    ASSERT_TRUE(store->ImportScript(ms_mixed).ok());
    EXPECT_EQ(store->IsMine(p2sh_ours), IsMineType::kSpendable);
    EXPECT_EQ(store->IsMine(p2sh_mixed), IsMineType::kNo);

    // P2WPKH: only once its P2SH form (OP_0 <keyid>) is known, as in Core 0.14.
    const Script p2wpkh = GetScriptForDestination(WitnessV0KeyHash(pk.GetID()));
    EXPECT_EQ(store->IsMine(p2wpkh), IsMineType::kNo);
    ASSERT_TRUE(store->ImportScript(p2wpkh).ok());
    EXPECT_EQ(store->IsMine(p2wpkh), IsMineType::kSpendable);
    EXPECT_EQ(store->IsMine(GetScriptForDestination(ScriptHash::FromScript(p2wpkh))), IsMineType::kSpendable);

    // P2WSH of our multisig.
    const Script p2wsh = GetScriptForDestination(WitnessV0ScriptHash::FromScript(ms_ours));
    EXPECT_EQ(store->IsMine(p2wsh), IsMineType::kNo);
    ASSERT_TRUE(store->ImportScript(p2wsh).ok());
    EXPECT_EQ(store->IsMine(p2wsh), IsMineType::kSpendable);
    const Script p2wsh_mixed = GetScriptForDestination(WitnessV0ScriptHash::FromScript(ms_mixed));
    ASSERT_TRUE(store->ImportScript(p2wsh_mixed).ok());
    EXPECT_EQ(store->IsMine(p2wsh_mixed), IsMineType::kNo);

    // Signing data follows P2SH-P2WSH down to the keys.
    SigningProvider provider;
    ASSERT_TRUE(store->AddSigningData(GetScriptForDestination(ScriptHash::FromScript(p2wsh)), provider).ok());
    EXPECT_TRUE(provider.GetScriptByHash160(ScriptHash::FromScript(p2wsh)).has_value());
    EXPECT_TRUE(provider.GetScriptBySha256(WitnessV0ScriptHash::FromScript(ms_ours)).has_value());
    EXPECT_NE(provider.GetKey(pk.GetID()), nullptr);
    EXPECT_NE(provider.GetKey(pk2.GetID()), nullptr);

    // OP_TRUE follows the option.
    const Script op_true(Bytes{0x51});
    EXPECT_EQ(store->IsMine(op_true), IsMineType::kSpendable);
    options_.anyone_can_spend_are_mine = false;
    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->IsMine(op_true), IsMineType::kNo);
    EXPECT_EQ(store->IsMine(p2sh_ours), IsMineType::kSpendable);  // imports persisted

    // Watch-only.
    EXPECT_EQ(store->IsMine(P2pkh(other)), IsMineType::kNo);
    ASSERT_TRUE(store->ImportWatchOnly(P2pkh(other)).ok());
    EXPECT_EQ(store->IsMine(P2pkh(other)), IsMineType::kWatchOnly);
    ASSERT_TRUE(store->ImportWatchOnly(p2sh_mixed).ok());
    EXPECT_EQ(store->IsMine(p2sh_mixed), IsMineType::kWatchOnly);
    ASSERT_TRUE(store->ImportWatchOnly(P2pkh(pk)).ok());
    EXPECT_EQ(store->IsMine(P2pkh(pk)), IsMineType::kSpendable);  // spendable wins

    const PubKey watched = Key::MakeNew().GetPubKey();
    ASSERT_TRUE(store->ImportPubKey(watched, std::string("w")).ok());
    EXPECT_EQ(store->IsMine(P2pkh(watched)), IsMineType::kWatchOnly);
    EXPECT_EQ(store->IsMine(GetScriptForRawPubKey(watched.span())), IsMineType::kWatchOnly);
    EXPECT_EQ(store->GetPubKey(watched.GetID()), watched);
    EXPECT_FALSE(store->HaveKey(watched.GetID()));

    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->IsMine(P2pkh(other)), IsMineType::kWatchOnly);
    EXPECT_EQ(store->IsMine(GetScriptForRawPubKey(watched.span())), IsMineType::kWatchOnly);
    EXPECT_EQ(store->GetPubKey(watched.GetID()), watched);
    EXPECT_EQ(store->GetLabel(P2pkh(watched)), "w");
    EXPECT_EQ(store->IsMine(p2wsh), IsMineType::kSpendable);
    EXPECT_TRUE(store->HaveKey(pk.GetID()));
}

TEST_F(KeyStoreTest, ImportsPersisted) {
    auto store = Load();
    ASSERT_TRUE(store);
    const Key k = Key::MakeNew();
    auto first = store->ImportKey(k, std::string("savings"), 1234);
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(*first);
    auto again = store->ImportKey(k, std::nullopt, 99);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);
    store = Reopen(store);
    ASSERT_TRUE(store);
    auto back = store->GetKey(k.GetPubKey().GetID());
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE(*back == k);
    auto meta = store->GetKeyMetadata(k.GetPubKey().GetID());
    ASSERT_TRUE(meta.has_value());
    EXPECT_EQ(meta->create_time, 1234);
    EXPECT_EQ(meta->hd_path, "");
    EXPECT_FALSE(meta->derived_pubkey.has_value());
    EXPECT_EQ(store->GetLabel(P2pkh(k.GetPubKey())), "savings");
}

TEST_F(KeyStoreTest, LabelsAndAccountsPersisted) {
    auto store = Load();
    ASSERT_TRUE(store);
    const PubKey a = Key::MakeNew().GetPubKey();
    const std::string addr = EncodeDestination(PKHash(a.GetID()), options_.prefixes);
    ASSERT_TRUE(store->SetLabel(addr, "friends").ok());
    ASSERT_TRUE(store->SetLabel(P2pkh(Key::MakeNew().GetPubKey()), "friends").ok());
    auto bad = store->SetLabel(std::string_view("notanaddress"), "x");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "-5");
    auto acct = store->GetAccountPubKey("acct", false);
    ASSERT_TRUE(acct.ok());
    auto same = store->GetAccountPubKey("acct", false);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(*same, *acct);
    EXPECT_TRUE(store->HaveKey(acct->GetID()));

    store = Reopen(store);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->GetLabel(P2pkh(a)), "friends");
    EXPECT_EQ(store->ScriptsWithLabel("friends").size(), 2u);
    EXPECT_EQ(store->GetLabel(P2pkh(*acct)), "acct");
    auto after = store->GetAccountPubKey("acct", false);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(*after, *acct);
    auto fresh = store->GetAccountPubKey("acct", true);
    ASSERT_TRUE(fresh.ok());
    EXPECT_NE(*fresh, *acct);
    EXPECT_EQ(store->ScriptsWithLabel("acct").size(), 2u);
    for (const auto& p : store->KeypoolDerivedKeys()) {
        EXPECT_NE(p.pubkey, *acct);
        EXPECT_NE(p.pubkey, *fresh);
    }
    EXPECT_EQ(store->Labels().size(), 4u);
}

TEST_F(KeyStoreTest, ExportKeysTags) {
    auto store = Load();
    ASSERT_TRUE(store);
    const Key k = Key::MakeNew();
    ASSERT_TRUE(store->ImportKey(k, std::string("lab"), 1).ok());
    auto used = store->GetKeyFromPool();
    ASSERT_TRUE(used.ok());
    auto keys = store->ExportKeys();
    ASSERT_TRUE(keys.ok());
    int labels = 0, masters = 0, reserve = 0, change = 0;
    for (const auto& e : *keys) {
        switch (e.kind) {
            case WalletDumpKey::Kind::kLabel:
                ++labels;
                break;
            case WalletDumpKey::Kind::kHdMaster:
                ++masters;
                break;
            case WalletDumpKey::Kind::kReserve:
                ++reserve;
                break;
            case WalletDumpKey::Kind::kChange:
                ++change;
                EXPECT_EQ(e.key.GetPubKey(), *used);
                break;
            default:
                ADD_FAILURE();
        }
    }
    EXPECT_EQ(labels, 1);
    EXPECT_EQ(masters, 1);
    EXPECT_EQ(reserve, 4);
    EXPECT_EQ(change, 1);
}

TEST_F(KeyStoreTest, ConcurrentUse) {
    auto store = Load();
    ASSERT_TRUE(store);
    std::vector<std::thread> threads;
    std::mutex mu;
    std::set<uint160> handed;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                auto pk = store->GetKeyFromPool();
                ASSERT_TRUE(pk.ok());
                EXPECT_EQ(store->IsMine(P2pkh(*pk)), IsMineType::kSpendable);
                std::lock_guard g(mu);
                EXPECT_TRUE(handed.insert(pk->GetID()).second);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(handed.size(), 40u);
}

TEST_F(KeyStoreTest, ReopenAfterEveryOperationKeepsWholeState) {
    // Each operation is one synced batch: dropping everything after it (what a crash does) and reopening
    // must show exactly the state after the operation, never a part of it.
    auto store = Load();
    ASSERT_TRUE(store);
    const Key k = Key::MakeNew();
    struct Snapshot {
        std::vector<DerivedKeyPair> pool;
        bool crypted;
        size_t labels;
        bool have_k;
    };
    auto snap = [&] {
        return Snapshot{store->KeypoolDerivedKeys(), store->IsCrypted(), store->Labels().size(),
                        store->HaveKey(k.GetPubKey().GetID())};
    };
    auto same = [&](const Snapshot& a, const Snapshot& b) {
        // Loading an unlocked wallet tops the pool up: the old pool must be the new one's prefix.
        ASSERT_LE(a.pool.size(), b.pool.size());
        if (a.crypted) {
            ASSERT_EQ(a.pool.size(), b.pool.size());
        }
        for (size_t i = 0; i < a.pool.size(); ++i) EXPECT_EQ(a.pool[i].pubkey, b.pool[i].pubkey);
        EXPECT_EQ(a.crypted, b.crypted);
        EXPECT_EQ(a.labels, b.labels);
        EXPECT_EQ(a.have_k, b.have_k);
    };
    std::vector<std::function<void()>> ops = {
        [&] { ASSERT_TRUE(store->GetKeyFromPool().ok()); },
        [&] { ASSERT_TRUE(store->ImportKey(k, std::string("l"), 7).ok()); },
        [&] { ASSERT_TRUE(store->GetAccountPubKey("x", false).ok()); },
        [&] { ASSERT_TRUE(store->EncryptWallet("pw").ok()); },
        [&] { ASSERT_TRUE(store->GetKeyFromPool().ok()); },  // locked: from the pool only
    };
    for (auto& op : ops) {
        op();
        const Snapshot before = snap();
        store = Reopen(store);
        ASSERT_TRUE(store);
        same(before, snap());
    }
    ASSERT_TRUE(store->Unlock("pw").ok());
    EXPECT_TRUE(store->GetKey(k.GetPubKey().GetID()).ok());
}

// --- SIGKILL while handing out keys --------------------------------------------------------------------

// The child: this test binary started again by KilledWhileHandingOutKeys with OCEAN_WALLET_CRASH_DIR and
// OCEAN_WALLET_CRASH_FD set. It never reaches GoogleTest (so it is no test of its own): during static
// initialisation it hands out keys forever, reporting each public key on the descriptor only after
// GetKeyFromPool returned it, until the parent kills it. Any failure ends it with status 2.
[[noreturn]] void HandOutKeysForever(const char* dir, int fd) {
    DatabaseOptions o;
    o.path = dir;
    auto db = Database::Open(o);
    if (!db.ok()) std::_Exit(2);
    WalletKeyStoreOptions options;
    options.keypool_size = 3;
    auto store = WalletKeyStore::Load(**db, options);
    if (!store.ok()) std::_Exit(2);
    while (true) {
        auto pk = (*store)->GetKeyFromPool();
        if (!pk.ok()) std::_Exit(2);
        const std::string line = HexStr(pk->span()) + "\n";
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(2);
    }
}

[[maybe_unused]] const bool kCrashChildChecked = [] {
    const char* dir = std::getenv("OCEAN_WALLET_CRASH_DIR");
    const char* fd_text = std::getenv("OCEAN_WALLET_CRASH_FD");
    if (dir && fd_text) HandOutKeysForever(dir, std::atoi(fd_text));
    return true;
}();

TEST(KeyStoreCrash, KilledWhileHandingOutKeys) {
    TempDir dir;
    const std::string db_path = (dir / "wallet").string();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    env_strings.push_back("OCEAN_WALLET_CRASH_DIR=" + db_path);
    env_strings.push_back("OCEAN_WALLET_CRASH_FD=" + std::to_string(fds[1]));
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
    char* argv[] = {exe.data(), nullptr};
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv, envp.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);

    std::string received;
    char buf[4096];
    const size_t kLine = 67;  // 66 hex digits + newline
    while (received.size() < 40 * kLine) {
        const ssize_t n = ::read(fds[0], buf, sizeof(buf));
        ASSERT_GT(n, 0) << "child stopped early";
        received.append(buf, static_cast<size_t>(n));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    while (true) {
        const ssize_t n = ::read(fds[0], buf, sizeof(buf));
        if (n <= 0) break;
        received.append(buf, static_cast<size_t>(n));
    }
    ::close(fds[0]);

    std::set<uint160> handed;
    for (size_t pos = 0; pos + kLine <= received.size(); pos += kLine) {
        auto bytes = ParseHex(received.substr(pos, kLine - 1));
        ASSERT_TRUE(bytes.has_value());
        EXPECT_TRUE(handed.insert(PubKey(*bytes).GetID()).second);
    }
    DatabaseOptions o;
    o.path = db_path;
    auto db = Database::Open(o);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    WalletKeyStoreOptions options;
    options.keypool_size = 3;
    auto store = WalletKeyStore::Load(**db, options);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    for (const uint160& id : handed) EXPECT_TRUE((*store)->HaveKey(id));
    for (const auto& p : (*store)->KeypoolDerivedKeys()) EXPECT_FALSE(handed.count(p.pubkey.GetID()));
    for (int i = 0; i < 5; ++i) {
        auto pk = (*store)->GetKeyFromPool();
        ASSERT_TRUE(pk.ok());
        EXPECT_FALSE(handed.count(pk->GetID()));
    }
}

}  // namespace
}  // namespace ocean::test
