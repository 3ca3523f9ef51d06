// WalletSpender against a real chain, mempool, wallet and key store: fundrawtransaction with preset
// inputs (the wallet's, foreign ones from the mempool and the UTXO set, unknown ones) and its options,
// change keys going back to the key pool when a send fails (Core's CReserveKey), and
// -walletrejectlongchains (chain-limited coin selection, the refusal, and without it a stored send the
// mempool refused, submitted again once its ancestors confirm).
#include "ocean/wallet/spend.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "ocean/script/standard.h"
#include "wallet_chain_fixture.h"

namespace ocean {
namespace {

constexpr Amount kCoin = test::kGenesisCoin;
constexpr Amount kFreeCoins = test::kGenesisCoins;  // imported: builder key 0 is the wallet's

// Short package limits, so that the chain rules show after three transactions.
MempoolLimits ShortChains() {
    MempoolLimits l;
    l.ancestor_count = 3;
    l.descendant_count = 3;
    return l;
}

Script P2pkhOf(const PubKey& key) {
    return GetScriptForDestination(PKHash(key.GetID()));
}

class SpendTest : public test::WalletChainFixture {
  protected:
    SpendTest() : WalletChainFixture("spend-test", ShortChains()) {
        OpenWalletDb();
        WalletKeyStoreOptions ko;
        ko.keypool_size = 5;
        ko.kdf_target = std::chrono::milliseconds(0);
        ko.clock = &clock_;
        auto keys = WalletKeyStore::Load(*db_, ko);
        if (!keys) throw std::runtime_error(keys.error().ToString());
        keys_ = std::move(keys.value());
        if (!keys_->ImportKey(builder_.GetKey(0), std::nullopt, 0)) throw std::runtime_error("import");
        wallet_ = std::make_unique<Wallet>(*chain_, &pool_, *db_, *keys_, WalletOptions{}, log_, clock_);
        chain_->AddListener(wallet_.get());
        pool_.AddListener(wallet_.get());
        if (Status s = wallet_->Load(false); !s) throw std::runtime_error(s.error().ToString());
    }
    ~SpendTest() override {
        if (spender_) chain_->RemoveListener(spender_.get());
        chain_->RemoveListener(wallet_.get());
        pool_.RemoveListener(wallet_.get());
    }

    WalletSpender& Spender(SpendOptions o = {}) {
        if (spender_) chain_->RemoveListener(spender_.get());
        o.fee.fee_asset = asset_;
        o.fee.fee_rate = 1000;
        spender_ = std::make_unique<WalletSpender>(*chain_, pool_, *wallet_, *keys_, o, clock_, log_);
        chain_->AddListener(spender_.get());
        return *spender_;
    }

    // Locks every wallet coin but those `keep` accepts.
    void OnlyCoins(const std::function<bool(const OutPoint&)>& keep) {
        wallet_->UnlockAllCoins();
        for (const WalletOutput& c : wallet_->AvailableCoins(false, 0, 9999999, false))
            if (!keep(c.outpoint)) wallet_->LockCoin(c.outpoint);
    }
    void OnlyCoinsOf(const std::set<uint256>& txids) {
        OnlyCoins([&](const OutPoint& op) { return txids.count(op.hash) > 0; });
    }
    Recipient Pay(Amount amount) const { return {P2pkhOf(builder_.GetPubKey(5)), asset_, amount, false}; }
    bool InPool(const uint256& txid) const { return pool_.Exists(txid); }
    Amount CoinValue(const OutPoint& op) {
        if (auto c = chain_->GetCoin(op)) return c->out.value.GetAmount();
        if (auto c = pool_.GetOutputCoin(op)) return c->out.value.GetAmount();
        std::lock_guard l(wallet_->mutex());
        return wallet_->GetTx(op.hash)->tx->vout.at(op.n).value.GetAmount();
    }
    // Inputs minus outputs in the pegged asset (every output is explicit).
    Amount Imbalance(const MutableTransaction& tx) {
        Amount d = 0;
        for (const TxIn& in : tx.vin) d += CoinValue(in.prevout);
        for (const TxOut& out : tx.vout) d -= out.value.GetAmount();
        return d;
    }

    std::unique_ptr<WalletKeyStore> keys_;
    std::unique_ptr<Wallet> wallet_;
    std::unique_ptr<WalletSpender> spender_;
};

TEST_F(SpendTest, FailedSendReturnsTheChangeKeyToThePool) {
    // -maxtxfee below any fee: built, signed, then refused by the mempool check after the change key
    // was taken.
    SpendOptions tight;
    tight.max_tx_fee = 1;
    const size_t before = keys_->KeypoolSize();
    const PubKey head = keys_->KeypoolDerivedKeys().at(0).pubkey;
    auto refused = Spender(tight).Send({Pay(3 * kCoin)}, false, "", "");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "rejected");
    EXPECT_EQ(keys_->KeypoolSize(), before);
    EXPECT_EQ(keys_->KeypoolDerivedKeys().at(0).pubkey, head);

    // Insufficient funds: fails before any key is needed; the pool stays as it was.
    auto poor = Spender().Send({Pay(2 * kFreeCoins)}, false, "", "");
    ASSERT_FALSE(poor.ok());
    EXPECT_EQ(poor.error().code, kErrInsufficientFunds);
    EXPECT_EQ(keys_->KeypoolSize(), before);

    // A send that succeeds keeps its change key: the pool's head pays the change.
    auto sent = Spender().Send({Pay(3 * kCoin + 1)}, false, "", "");
    ASSERT_TRUE(sent.ok()) << sent.error().ToString();
    EXPECT_EQ(keys_->KeypoolSize(), before - 1);
    const Script change = P2pkhOf(head);
    bool paid = false;
    for (const TxOut& out : sent->txs.at(0)->vout) paid |= Script(out.script_pubkey) == change;
    EXPECT_TRUE(paid);
}

TEST_F(SpendTest, FundKeepsAWalletInputOfTooLittleValue) {
    WalletSpender& spender = Spender();
    const OutPoint preset = GenesisCoins().at(0);
    MutableTransaction raw;
    raw.lock_time = 7;
    TxIn in;
    in.prevout = preset;
    in.sequence = 0x12345678;
    raw.vin.push_back(in);
    raw.vout.push_back(MakeExplicitTxOut(asset_, 2 * kCoin + 5000, Pay(0).script_pubkey.bytes()));
    raw.vout.push_back(MakeExplicitTxOut(asset_, 999, Bytes()));  // a fee output: recomputed

    auto funded = spender.Fund(raw, FundOptions{});
    ASSERT_TRUE(funded.ok()) << funded.error().ToString();
    const MutableTransaction& tx = funded->tx;
    ASSERT_GE(tx.vin.size(), 3u);
    EXPECT_EQ(tx.vin[0], in);  // unchanged: outpoint and sequence
    EXPECT_EQ(tx.lock_time, 7u);
    for (size_t i = 1; i < tx.vin.size(); ++i) EXPECT_NE(tx.vin[i].prevout, preset);
    ASSERT_EQ(tx.vout.size(), 3u);  // payment, change, fee
    EXPECT_TRUE(tx.vout.back().IsFee());
    EXPECT_EQ(tx.vout.back().value.GetAmount(), funded->fee);
    EXPECT_GT(funded->fee, 0);
    ASSERT_GE(funded->change_pos, 0);
    EXPECT_NE(tx.vout[static_cast<size_t>(funded->change_pos)].script_pubkey, Pay(0).script_pubkey.bytes());
    EXPECT_EQ(Imbalance(tx), 0);
    // Nothing was locked, one key kept for the change.
    EXPECT_FALSE(wallet_->IsLockedCoin(tx.vin[1].prevout));
    EXPECT_EQ(keys_->KeypoolSize(), 4u);
}

TEST_F(SpendTest, FundLooksUpForeignInputsInTheUtxoSetAndTheMempool) {
    WalletSpender& spender = Spender();
    // A coin the wallet never saw: a transaction between two keys that are not the wallet's.
    const auto spend_to_others = [&](const OutPoint& from) {
        MutableTransaction t = builder_.SpendP2PKH({from}, 1, 1000);
        t.vout[0].script_pubkey = builder_.P2PKHScript(7);
        EXPECT_TRUE(builder_.SignTransaction(t));
        return MakeTransactionRef(std::move(t));
    };
    const TransactionRef setup = spend_to_others(GenesisCoins().at(1));  // the wallet's coin to key 7
    MineTxs({setup});
    const TransactionRef mined = spend_to_others(OutPoint(setup->GetTxid(), 0));
    MineTxs({mined});
    const OutPoint utxo(mined->GetTxid(), 0);
    {
        std::lock_guard l(wallet_->mutex());
        ASSERT_EQ(wallet_->GetTx(mined->GetTxid()), nullptr);
    }
    const Amount utxo_value = mined->vout[0].value.GetAmount();

    // The foreign coin pays the whole output and the fee: no wallet input, change to the wallet.
    MutableTransaction raw;
    TxIn foreign;
    foreign.prevout = utxo;
    raw.vin.push_back(foreign);
    raw.vout.push_back(MakeExplicitTxOut(asset_, utxo_value - 10'000, Pay(0).script_pubkey.bytes()));
    auto funded = spender.Fund(raw, FundOptions{});
    ASSERT_TRUE(funded.ok()) << funded.error().ToString();
    ASSERT_EQ(funded->tx.vin.size(), 1u);
    EXPECT_EQ(funded->tx.vin[0].prevout, utxo);
    EXPECT_EQ(Imbalance(funded->tx), 0);

    // A foreign coin created by a mempool transaction.
    const TransactionRef pooled = spend_to_others(utxo);
    ASSERT_TRUE(Accept(pooled));
    raw.vin[0].prevout = OutPoint(pooled->GetTxid(), 0);
    raw.vout[0].value.SetExplicit(pooled->vout[0].value.GetAmount() + kCoin);  // more than it holds
    auto topped = spender.Fund(raw, FundOptions{});
    ASSERT_TRUE(topped.ok()) << topped.error().ToString();
    EXPECT_GE(topped->tx.vin.size(), 2u);
    EXPECT_EQ(topped->tx.vin[0].prevout, OutPoint(pooled->GetTxid(), 0));
    EXPECT_EQ(Imbalance(topped->tx), 0);

    // An input nobody knows.
    raw.vin[0].prevout = OutPoint(uint256::FromByte0(0x77), 3);
    const size_t keys_before = keys_->KeypoolSize();
    auto unknown = spender.Fund(raw, FundOptions{});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, kErrInsufficientFunds);
    EXPECT_EQ(unknown.error().message, "Insufficient funds");
    EXPECT_EQ(keys_->KeypoolSize(), keys_before);
}

TEST_F(SpendTest, FundOptions) {
    WalletSpender& spender = Spender();
    MutableTransaction raw;
    raw.vout.push_back(MakeExplicitTxOut(asset_, 150'000, Pay(0).script_pubkey.bytes()));

    // reserveChangeKey=false: the change key goes back to the pool (it is handed out again).
    const size_t before = keys_->KeypoolSize();
    const PubKey head = keys_->KeypoolDerivedKeys().at(0).pubkey;
    FundOptions o;
    o.reserve_change_key = false;
    o.lock_unspents = true;
    auto f = spender.Fund(raw, o);
    ASSERT_TRUE(f.ok()) << f.error().ToString();
    EXPECT_EQ(keys_->KeypoolSize(), before);
    EXPECT_EQ(f->tx.vout.at(static_cast<size_t>(f->change_pos)).script_pubkey, P2pkhOf(head).bytes());
    for (const TxIn& in : f->tx.vin) EXPECT_TRUE(wallet_->IsLockedCoin(in.prevout));
    const Amount default_fee = f->fee;

    // feeRate replaces the wallet's rate; subtractFeeFromOutputs takes the fee from output 0.
    FundOptions rate;
    rate.fee_rate = 10'000;
    rate.subtract_fee_from = {0};
    auto g = spender.Fund(raw, rate);
    ASSERT_TRUE(g.ok()) << g.error().ToString();
    EXPECT_GT(g->fee, 5 * default_fee);
    Amount paid = 0;
    for (const TxOut& out : g->tx.vout)
        if (out.script_pubkey == Pay(0).script_pubkey.bytes()) paid = out.value.GetAmount();
    EXPECT_EQ(paid, 150'000 - g->fee);
    // The locked coins of the first call were not used again.
    for (const TxIn& in : g->tx.vin) EXPECT_FALSE(wallet_->IsLockedCoin(in.prevout));
}

TEST_F(SpendTest, LongChainStoredWithoutRejectLongChainsAndResubmittedAfterABlock) {
    WalletSpender& spender = Spender();
    const OutPoint first = GenesisCoins().at(0);
    OnlyCoins([&](const OutPoint& op) { return op == first; });  // later change stays unlocked
    std::vector<TransactionRef> chain;
    for (int i = 0; i < 3; ++i) {
        auto sent = spender.Send({Pay(10'000)}, false, "", "");
        ASSERT_TRUE(sent.ok()) << i << ": " << sent.error().ToString();
        EXPECT_TRUE(InPool(sent->txs.at(0)->GetTxid()));
        chain.push_back(sent->txs.at(0));
    }
    // The fourth spends the third's change: beyond the ancestor limit of 3. Core 0.14 stores it.
    auto fourth = spender.Send({Pay(10'000)}, false, "", "");
    ASSERT_TRUE(fourth.ok()) << fourth.error().ToString();
    const uint256 txid = fourth->txs.at(0)->GetTxid();
    EXPECT_FALSE(InPool(txid));
    {
        std::lock_guard l(wallet_->mutex());
        ASSERT_NE(wallet_->GetTx(txid), nullptr);
        EXPECT_FALSE(wallet_->GetTx(txid)->in_mempool);
    }
    // Its ancestors confirm: the next tip submits it again.
    MineTxs(chain);
    EXPECT_TRUE(InPool(txid));
}

TEST_F(SpendTest, RejectLongChains) {
    SpendOptions reject;
    reject.reject_long_chains = true;
    WalletSpender& spender = Spender(reject);
    const std::vector<OutPoint> genesis = GenesisCoins();
    // Two chains of two transactions each, on separate coins.
    const auto grow = [&](const OutPoint& start) {
        OnlyCoins([&](const OutPoint& op) { return op == start; });
        auto a = spender.Send({Pay(10'000)}, false, "", "");
        EXPECT_TRUE(a.ok());
        OnlyCoinsOf({a->txs.at(0)->GetTxid()});
        auto b = spender.Send({Pay(10'000)}, false, "", "");
        EXPECT_TRUE(b.ok());
        return b->txs.at(0)->GetTxid();
    };
    const uint256 x = grow(genesis.at(0));
    const uint256 y = grow(genesis.at(1));
    // Only the two chains' change: a payment needing both has 4 unconfirmed ancestors (limit 3).
    OnlyCoinsOf({x, y});
    ASSERT_TRUE(keys_->TopUp().ok());  // taking a key tops the pool up first: compare from a full pool
    const size_t keys_before = keys_->KeypoolSize();
    auto both = spender.Send({Pay(kCoin)}, false, "", "");
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().code, "-4");
    EXPECT_EQ(both.error().message, "Transaction has too long of a mempool chain");
    EXPECT_EQ(keys_->KeypoolSize(), keys_before);

    // One more link on chain x: its change (a chain of 3, the limit) is never selected.
    OnlyCoinsOf({x});
    auto third = spender.Send({Pay(10'000)}, false, "", "");
    ASSERT_TRUE(third.ok()) << third.error().ToString();
    OnlyCoinsOf({third->txs.at(0)->GetTxid()});
    auto fourth = spender.Send({Pay(10'000)}, false, "", "");
    ASSERT_FALSE(fourth.ok());
    EXPECT_EQ(fourth.error().code, kErrInsufficientFunds);
}

}  // namespace
}  // namespace ocean
