// The wallet's transaction bookkeeping against a real Chainstate and mempool (LevelDB, block files,
// acceptance): genesis coins found by the first scan, mempool transactions seen as unconfirmed and
// confirmed by their block, a disconnected block making them unconfirmed again, conflicts, abandon,
// locked coins, reopening the wallet database (with and without a final flush) giving the same
// records and balances, imports of proven transactions without a rescan and their removal, and Core's
// address groupings and per-address balances.
#include "ocean/wallet/wallet.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ocean/consensus/chain_params.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/chain_sync.h"
#include "ocean/script/standard.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

#include "wallet_chain_fixture.h"

namespace ocean {
namespace {

constexpr Amount kFreeCoins = test::kGenesisCoins;  // 100 genesis outputs of 100,000 units

// The wallet owns exactly these scripts (spendable).
class ScriptSetOwnership final : public ScriptOwnership {
  public:
    IsMineType IsMine(const Script& s) const override {
        return scripts_.count(s.bytes())   ? IsMineType::kSpendable
               : watched_.count(s.bytes()) ? IsMineType::kWatchOnly
                                           : IsMineType::kNo;
    }
    void Add(const Bytes& s) { scripts_.insert(s); }
    void Watch(const Bytes& s) { watched_.insert(s); }

  private:
    std::set<Bytes> scripts_, watched_;
};

class WalletTest : public test::WalletChainFixture {
  protected:
    WalletTest() : WalletChainFixture("wallet-test") {
        ownership_.Add(builder_.P2PKHScript(0));
        OpenWallet();
    }
    ~WalletTest() override {
        CloseWallet(true);
        CloseChain();
    }

    void OpenWallet(bool rescan = false, WalletOptions options = {}) {
        OpenWalletDb();
        wallet_ =
            std::make_unique<Wallet>(*chain_, &pool_, *db_, ownership_, std::move(options), log_, clock_);
        chain_->AddListener(wallet_.get());
        pool_.AddListener(wallet_.get());
        Status s = wallet_->Load(rescan);
        if (!s) throw std::runtime_error(s.error().ToString());
    }
    // flush=false: as after kill -9 (only what was written so far survives).
    void CloseWallet(bool flush) {
        if (!wallet_) return;
        chain_->RemoveListener(wallet_.get());
        pool_.RemoveListener(wallet_.get());
        if (flush) {
            ASSERT_TRUE(wallet_->Flush());
        }
        wallet_.reset();
        db_.reset();
    }

    Amount Trusted() { return Get(wallet_->GetBalances().trusted); }
    Amount Pending() { return Get(wallet_->GetBalances().untrusted_pending); }
    Amount Get(const AmountMap& m) {
        auto it = m.find(asset_);
        return it == m.end() ? 0 : it->second;
    }
    // A transaction spending the genesis output `n` of key 0 into 4 outputs over the builder's keys.
    TransactionRef SpendGenesis(size_t index) {
        return MakeTransactionRef(builder_.SpendP2PKH({GenesisCoins().at(index)}, 4, 1000));
    }
    // What the tx pays to `script` / key 0's P2PKH.
    static Amount ToScript(const Transaction& tx, const Bytes& script) {
        Amount v = 0;
        for (const TxOut& o : tx.vout)
            if (o.script_pubkey == script) v += o.value.GetAmount();
        return v;
    }
    Amount ToKey0(const Transaction& tx) { return ToScript(tx, builder_.P2PKHScript(0)); }

    ScriptSetOwnership ownership_;
    std::unique_ptr<Wallet> wallet_;
};

TEST_F(WalletTest, FirstScanFindsGenesisCoins) {
    EXPECT_EQ(wallet_->TxCount(), 1u);  // the genesis free-coin transaction
    EXPECT_EQ(Trusted(), kFreeCoins);
    EXPECT_EQ(Pending(), 0);
    const auto coins = wallet_->AvailableCoins(true, 1, 9999999, false);
    EXPECT_EQ(coins.size(), 100u);
    for (const WalletOutput& c : coins) {
        EXPECT_EQ(c.value, kFreeCoins / 100);
        EXPECT_EQ(c.asset, asset_);
        EXPECT_EQ(c.depth, 1);
        EXPECT_EQ(c.mine, IsMineType::kSpendable);
    }
    EXPECT_EQ(wallet_->BestBlock(), chain_->Tip()->GetBlockHash());
}

TEST_F(WalletTest, MempoolThenBlockThenDisconnect) {
    const TransactionRef tx = SpendGenesis(0);
    const Amount back = ToKey0(*tx);
    ASSERT_TRUE(Accept(tx));
    // Not created by this wallet: the change back is pending, the spent coin is gone from the balance.
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100);
    EXPECT_EQ(Pending(), back);
    {
        std::lock_guard l(wallet_->mutex());
        const WalletTx* w = wallet_->GetTx(tx->GetTxid());
        ASSERT_NE(w, nullptr);
        EXPECT_TRUE(w->in_mempool);
        EXPECT_EQ(wallet_->Depth(*w), 0);
        const AmountMap debit = wallet_->Debit(*tx, IsMineType::kSpendable);
        EXPECT_EQ(Get(debit), kFreeCoins / 100);
    }

    const uint256 block = MineTxs({tx});
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100 + back);
    EXPECT_EQ(Pending(), 0);
    {
        std::lock_guard l(wallet_->mutex());
        const WalletTx* w = wallet_->GetTx(tx->GetTxid());
        EXPECT_EQ(w->block_hash, block);
        EXPECT_EQ(w->block_pos, 1);
        EXPECT_FALSE(w->in_mempool);
        EXPECT_EQ(wallet_->Depth(*w), 1);
    }

    // Disconnect: the transaction goes back to the mempool and is unconfirmed again.
    ValidationState st;
    ASSERT_TRUE(chain_->InvalidateBlock(block, st)) << st.ToString();
    EXPECT_EQ(Pending(), back);
    {
        std::lock_guard l(wallet_->mutex());
        const WalletTx* w = wallet_->GetTx(tx->GetTxid());
        EXPECT_TRUE(w->block_hash.IsNull());
        EXPECT_TRUE(w->in_mempool);
        EXPECT_EQ(wallet_->Depth(*w), 0);
    }
    ASSERT_TRUE(chain_->ReconsiderBlock(block, st)) << st.ToString();
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100 + back);
}

TEST_F(WalletTest, TransactionUpdatesAreAnnouncedAfterTheWrite) {
    // -walletnotify's hook: a new wallet transaction, and each change of its block, once each, after the
    // record was written (the callback finds it).
    CloseWallet(true);
    std::vector<uint256> seen;
    WalletOptions o;
    o.on_transaction_updated = [&](const uint256& txid) {
        seen.push_back(txid);
        std::lock_guard l(wallet_->mutex());
        EXPECT_NE(wallet_->GetTx(txid), nullptr);
    };
    OpenWallet(/*rescan=*/true, o);
    EXPECT_TRUE(seen.empty());  // a rescan finding known transactions in their known blocks changes nothing

    const TransactionRef tx = SpendGenesis(1);
    ASSERT_TRUE(Accept(tx));
    EXPECT_EQ(seen, std::vector<uint256>{tx->GetTxid()});
    const uint256 block = MineTxs({tx});
    EXPECT_EQ(seen, (std::vector<uint256>{tx->GetTxid(), tx->GetTxid()}));
    // A block without wallet transactions announces nothing.
    MineTxs({});
    EXPECT_EQ(seen.size(), 2u);
    // Disconnected and back in the mempool: nothing new (as Core); connected again: announced.
    ValidationState st;
    ASSERT_TRUE(chain_->InvalidateBlock(block, st)) << st.ToString();
    EXPECT_EQ(seen.size(), 2u);
    ASSERT_TRUE(chain_->ReconsiderBlock(block, st)) << st.ToString();
    EXPECT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen.back(), tx->GetTxid());
}

TEST_F(WalletTest, OwnTransactionIsTrustedAndSurvivesKill) {
    const TransactionRef tx = SpendGenesis(1);
    ASSERT_TRUE(wallet_->AddOwnTransaction(tx, "rent", "landlord"));
    ASSERT_TRUE(Accept(tx));
    // Own change in the mempool is trusted (-spendzeroconfchange).
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100 + ToKey0(*tx));
    // kill -9: no Flush; the record was written synced when added.
    CloseWallet(false);
    OpenWallet();
    std::lock_guard l(wallet_->mutex());
    const WalletTx* w = wallet_->GetTx(tx->GetTxid());
    ASSERT_NE(w, nullptr);
    EXPECT_TRUE(w->from_me);
    EXPECT_EQ(w->comment, "rent");
    EXPECT_EQ(w->comment_to, "landlord");
    EXPECT_TRUE(w->in_mempool);  // taken from the pool at load
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100 + ToKey0(*tx));
}

TEST_F(WalletTest, ReopenAfterBlocksWithoutFlushRescansTheRest) {
    const TransactionRef a = SpendGenesis(2);
    MineTxs({a});
    CloseWallet(true);
    // Blocks the wallet does not see while closed.
    const TransactionRef b = SpendGenesis(3);
    MineTxs({b});
    MineTxs({});
    OpenWallet();
    EXPECT_EQ(wallet_->TxCount(), 3u);
    EXPECT_EQ(Trusted(), kFreeCoins - 2 * (kFreeCoins / 100) + ToKey0(*a) + ToKey0(*b));
    EXPECT_EQ(wallet_->BestBlock(), chain_->Tip()->GetBlockHash());
    // A forced rescan finds the same, without duplicates.
    CloseWallet(false);
    OpenWallet(true);
    EXPECT_EQ(wallet_->TxCount(), 3u);
    EXPECT_EQ(Trusted(), kFreeCoins - 2 * (kFreeCoins / 100) + ToKey0(*a) + ToKey0(*b));
}

TEST_F(WalletTest, ConflictedByABlockAndAbandon) {
    // Our own transaction that never reached the pool ...
    const TransactionRef mine = SpendGenesis(4);
    ASSERT_TRUE(wallet_->AddOwnTransaction(mine, "", ""));
    {
        std::lock_guard l(wallet_->mutex());
        EXPECT_FALSE(wallet_->IsTrusted(*wallet_->GetTx(mine->GetTxid())));
        EXPECT_TRUE(wallet_->IsSpent(mine->vin[0].prevout));
    }
    // ... abandoned: its input counts again.
    ASSERT_TRUE(wallet_->Abandon(mine->GetTxid()));
    EXPECT_EQ(Trusted(), kFreeCoins);
    EXPECT_EQ(wallet_->Abandon(uint256()).error().code, "not-found");

    // A different spend of the same coin gets mined: ours is conflicted (negative depth).
    MutableTransaction other = builder_.SpendP2PKH({mine->vin[0].prevout}, 2, 2000);
    const TransactionRef other_ref = MakeTransactionRef(std::move(other));
    MineTxs({other_ref});
    MineTxs({});
    {
        std::lock_guard l(wallet_->mutex());
        EXPECT_EQ(wallet_->Depth(*wallet_->GetTx(mine->GetTxid())), -2);
        EXPECT_EQ(wallet_->Depth(*wallet_->GetTx(other_ref->GetTxid())), 2);
    }
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100 + ToKey0(*other_ref));

    // An in-pool transaction cannot be abandoned.
    const TransactionRef pooled = SpendGenesis(5);
    ASSERT_TRUE(Accept(pooled));
    EXPECT_EQ(wallet_->Abandon(pooled->GetTxid()).error().code, "not-eligible");
}

TEST_F(WalletTest, LockedCoinsAndWatchOnly) {
    auto coins = wallet_->AvailableCoins(true, 1, 9999999, false);
    ASSERT_FALSE(coins.empty());
    wallet_->LockCoin(coins[0].outpoint);
    EXPECT_TRUE(wallet_->IsLockedCoin(coins[0].outpoint));
    EXPECT_EQ(wallet_->AvailableCoins(true, 1, 9999999, false).size(), coins.size() - 1);
    EXPECT_EQ(wallet_->LockedCoins().size(), 1u);
    wallet_->UnlockAllCoins();
    EXPECT_EQ(wallet_->AvailableCoins(true, 1, 9999999, false).size(), coins.size());

    // Outputs to a watched script count in the watch-only balances only.
    const TransactionRef tx = SpendGenesis(6);
    Bytes watched_script;
    for (const TxOut& o : tx->vout)
        if (!o.script_pubkey.empty() && o.script_pubkey != builder_.P2PKHScript(0))
            watched_script = o.script_pubkey;
    ASSERT_FALSE(watched_script.empty());
    ownership_.Watch(watched_script);
    MineTxs({tx});
    Amount to_key1 = 0;
    for (const TxOut& o : tx->vout)
        if (o.script_pubkey == watched_script) to_key1 += o.value.GetAmount();
    EXPECT_EQ(Get(wallet_->GetBalances().watch_trusted), to_key1);
    size_t watched = 0;
    for (const WalletOutput& c : wallet_->AvailableCoins(true, 1, 9999999, true))
        watched += c.mine == IsMineType::kWatchOnly;
    EXPECT_GT(watched, 0u);
}

// A transaction spending `inputs` (builder-controlled) into one output per entry of `keys` (P2PKH of that
// builder key), plus the fee output.
TransactionRef PayToKeys(const test::ChainBuilder& builder, const std::vector<OutPoint>& inputs,
                         const std::vector<size_t>& keys) {
    MutableTransaction m = builder.SpendP2PKH(inputs, keys.size(), 1000);
    size_t k = 0;
    for (TxOut& out : m.vout)
        if (!out.IsFee()) out.script_pubkey = builder.P2PKHScript(keys.at(k++));
    EXPECT_TRUE(builder.SignTransaction(m));
    return MakeTransactionRef(std::move(m));
}

TEST_F(WalletTest, ImportPrunedFundsThenRemove) {
    // An own transaction that never reached the pool, spending genesis coin X ...
    const TransactionRef mine = SpendGenesis(7);
    ASSERT_TRUE(wallet_->AddOwnTransaction(mine, "", ""));
    // ... and a block the wallet does not see (as a pruned wallet that skipped it) with another spend
    // of X paying a script the wallet does not own yet.
    chain_->RemoveListener(wallet_.get());
    const TransactionRef other = PayToKeys(builder_, {mine->vin[0].prevout}, {3, 4});
    const uint256 block = MineTxs({other});
    MineTxs({});
    chain_->AddListener(wallet_.get());
    MineTxs({});  // seen: the wallet's last block is the tip again
    const BlockIndex* index = chain_->LookupBlockIndex(block);
    ASSERT_NE(index, nullptr);
    EXPECT_EQ(wallet_->GetTx(other->GetTxid()), nullptr);
    EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100);  // X spent by `mine`, which is not trusted

    // Nothing of it is the wallet's: refused, and so is the block's coinbase (fees burnt).
    EXPECT_EQ(wallet_->ImportPrunedFunds(other, *index, 1).error().code, "not-mine");
    const Block b = *chain_->ReadBlock(*index);
    EXPECT_EQ(wallet_->ImportPrunedFunds(b.vtx[0], *index, 0).error().code, "not-mine");

    // importaddress without rescan, then the import: confirmed in its block, `mine` conflicted by it.
    ownership_.Add(builder_.P2PKHScript(3));
    const Amount to_key3 = ToScript(*other, builder_.P2PKHScript(3));
    ASSERT_TRUE(wallet_->ImportPrunedFunds(other, *index, 1));
    const size_t count = wallet_->TxCount();
    ASSERT_TRUE(wallet_->ImportPrunedFunds(other, *index, 1));  // again: nothing new
    EXPECT_EQ(wallet_->TxCount(), count);
    auto check_imported = [&] {
        EXPECT_EQ(Trusted(), kFreeCoins - kFreeCoins / 100 + to_key3);
        std::lock_guard l(wallet_->mutex());
        const WalletTx* w = wallet_->GetTx(other->GetTxid());
        ASSERT_NE(w, nullptr);
        EXPECT_EQ(w->block_hash, block);
        EXPECT_EQ(w->block_pos, 1);
        EXPECT_EQ(wallet_->Depth(*w), 3);
        EXPECT_EQ(wallet_->Depth(*wallet_->GetTx(mine->GetTxid())), -3);
    };
    check_imported();
    // Durable: a reopen without flush (kill -9) finds it as it was.
    CloseWallet(false);
    OpenWallet();
    check_imported();

    // removeprunedfunds: gone at once and after a kill -9; X no longer counts as spent by it.
    ASSERT_TRUE(wallet_->RemoveTransaction(other->GetTxid()));
    EXPECT_EQ(wallet_->GetTx(other->GetTxid()), nullptr);
    EXPECT_EQ(wallet_->RemoveTransaction(other->GetTxid()).error().code, "not-found");
    EXPECT_EQ(Trusted(), kFreeCoins);
    CloseWallet(false);
    OpenWallet();
    EXPECT_EQ(wallet_->GetTx(other->GetTxid()), nullptr);
    EXPECT_EQ(wallet_->TxCount(), count - 1);
    EXPECT_EQ(Trusted(), kFreeCoins);
    {
        std::lock_guard l(wallet_->mutex());
        EXPECT_FALSE(wallet_->IsSpent(mine->vin[0].prevout));
    }
}

TEST_F(WalletTest, AddressGroupingsAndBalances) {
    const auto dest = [&](size_t key) { return ExtractDestination(Script(builder_.P2PKHScript(key))); };
    for (size_t k = 1; k <= 4; ++k) ownership_.Add(builder_.P2PKHScript(k));
    // Keys 0, 1 and 3 are in the address book; 2 and 4 are change.
    const std::set<Destination> book = {dest(0), dest(1), dest(3)};
    const auto in_book = [&](const Destination& d) { return book.count(d) > 0; };

    // Genesis coin of key 0 → key 1 (labelled) and key 2 (change): {0, 2} revealed together.
    std::vector<OutPoint> genesis;
    for (const auto& [op, e] : builder_.Utxos())
        if (e.height == 0 && e.key == 0) genesis.push_back(op);
    const TransactionRef tx1 = PayToKeys(builder_, {genesis.at(8)}, {1, 2});
    MineTxs({tx1});
    // Key 2's coin → key 4 (change): {2, 4} joins {0, 2}. Key 1's coin → key 3 (labelled): 1 and 3 stay
    // apart.
    const TransactionRef tx2 = PayToKeys(builder_, {OutPoint(tx1->GetTxid(), 1)}, {4});
    const TransactionRef tx3 = PayToKeys(builder_, {OutPoint(tx1->GetTxid(), 0)}, {3});
    MineTxs({tx2, tx3});

    const std::set<std::set<Destination>> expected = {{dest(0), dest(2), dest(4)}, {dest(1)}, {dest(3)}};
    EXPECT_EQ(wallet_->AddressGroupings(in_book), expected);
    // With every address in the book nothing is change: each address stands alone.
    EXPECT_EQ(wallet_->AddressGroupings([](const Destination&) { return true; }),
              (std::set<std::set<Destination>>{{dest(0)}, {dest(1)}, {dest(2)}, {dest(3)}, {dest(4)}}));

    const std::map<Destination, AmountMap> balances = wallet_->AddressBalances();
    ASSERT_EQ(balances.size(), 5u);
    EXPECT_EQ(Get(balances.at(dest(0))), kFreeCoins - kFreeCoins / 100);
    EXPECT_TRUE(balances.at(dest(1)).empty());  // spent
    EXPECT_TRUE(balances.at(dest(2)).empty());
    EXPECT_EQ(Get(balances.at(dest(3))), tx3->vout[0].value.GetAmount());
    EXPECT_EQ(Get(balances.at(dest(4))), tx2->vout[0].value.GetAmount());

    // Unconfirmed and not created by this wallet: untrusted, so key 5 holds nothing yet while key 4's
    // coin counts as spent; key 5 (change) joins key 4's group.
    ownership_.Add(builder_.P2PKHScript(5));
    const TransactionRef tx4 = PayToKeys(builder_, {OutPoint(tx2->GetTxid(), 0)}, {5});
    ASSERT_TRUE(Accept(tx4));
    auto pending = wallet_->AddressBalances();
    EXPECT_EQ(pending.count(dest(5)), 0u);
    EXPECT_TRUE(pending.at(dest(4)).empty());
    // Created by this wallet and in the pool: trusted at depth 0. Key 3 and, through key 5, every group
    // but key 1's merge.
    const TransactionRef tx5 = PayToKeys(builder_, {OutPoint(tx3->GetTxid(), 0)}, {5});
    ASSERT_TRUE(wallet_->AddOwnTransaction(tx5, "", ""));
    ASSERT_TRUE(Accept(tx5));
    pending = wallet_->AddressBalances();
    EXPECT_EQ(Get(pending.at(dest(5))), tx5->vout[0].value.GetAmount());
    EXPECT_EQ(wallet_->AddressGroupings(in_book),
              (std::set<std::set<Destination>>{{dest(0), dest(2), dest(3), dest(4), dest(5)}, {dest(1)}}));
}

TEST(WalletTxRecord, RoundTripAndCorruption) {
    MutableTransaction m;
    m.vin.emplace_back().prevout = OutPoint(uint256::FromHex(std::string(64, '1')), 3);
    m.vout.emplace_back().script_pubkey = {0x51};
    m.vout[0].asset.SetExplicit(uint256::FromHex(std::string(64, '2')));
    m.vout[0].value.SetExplicit(5);
    WalletTx w;
    w.tx = MakeTransactionRef(std::move(m));
    w.block_hash = uint256::FromHex(std::string(64, 'a'));
    w.block_pos = 7;
    w.time_received = 1700000000;
    w.time_smart = 1690000000;
    w.order = 42;
    w.from_me = true;
    w.comment = "c";
    w.comment_to = "to";
    const Bytes enc = w.Encode();
    auto d = WalletTx::Decode(enc);
    ASSERT_TRUE(d) << d.error().ToString();
    EXPECT_EQ(d->Txid(), w.Txid());
    EXPECT_EQ(d->block_hash, w.block_hash);
    EXPECT_EQ(d->block_pos, 7);
    EXPECT_EQ(d->time_received, 1700000000);
    EXPECT_EQ(d->time_smart, 1690000000);
    EXPECT_EQ(d->order, 42u);
    EXPECT_TRUE(d->from_me);
    EXPECT_FALSE(d->abandoned);
    EXPECT_EQ(d->comment, "c");
    EXPECT_EQ(d->comment_to, "to");
    EXPECT_EQ(d->Encode(), enc);
    for (size_t cut = 0; cut < enc.size(); ++cut)
        EXPECT_FALSE(WalletTx::Decode(ByteSpan(enc.data(), cut))) << cut;
    Bytes longer = enc;
    longer.push_back(0);
    EXPECT_FALSE(WalletTx::Decode(longer));
    Bytes bad_version = enc;
    bad_version[0] = 9;
    EXPECT_FALSE(WalletTx::Decode(bad_version));
}

}  // namespace
}  // namespace ocean
