// The policy lists against a real Chainstate (LevelDB, block files) built from ChainBuilder blocks whose
// genesis issues the policy assets to OP_TRUE: policy transactions that spend the list token add and
// remove entries on connect; disconnects (invalidateblock) revert them exactly and reconnects re-apply
// them; a restart's Rebuild gives the same lists as the live updates; a reorg below the revert journal
// rebuilds from the chain; a zero-value policy output in a block changes nothing. Acceptance with the
// lists: non-whitelisted-address (0x40, DoS 0), skipped in test mode, the freezelist input rule, the
// zero-value exemption attack rejected and the real policy transaction exempt.
#include "ocean/mempool/policy_list_sync.h"

#include <gtest/gtest.h>

#include "ocean/consensus/chain_params.h"
#include "ocean/mempool/accept.h"
#include "ocean/script/sighash.h"
#include "ocean/script/standard.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

constexpr Amount kPolicyCoins = 100 * 1000;  // 100 genesis outputs of 1000 units per policy asset

test::ChainBuilderOptions PolicyChainOptions() {
    test::ChainBuilderOptions o;
    o.policy_coins = kPolicyCoins;
    return o;
}

TxOut Out(const Script& script, Amount value, const uint256& asset) {
    TxOut out;
    out.asset.SetExplicit(asset);
    out.value.SetExplicit(value);
    out.script_pubkey = script.bytes();
    return out;
}

uint160 Hash20(uint8_t b) {
    Bytes h(20, b);
    return uint160(ByteSpan(h));
}

class PolicyListSyncTest : public ::testing::Test {
  protected:
    PolicyListSyncTest() : builder_("policy-list-test", PolicyChainOptions()) {
        auto p = ChainParams::FromOptions(builder_.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params_ = std::make_unique<ChainParams>(std::move(p.value()));
        freeze_ = *params_->genesis_assets.freezelist;
        burn_ = *params_->genesis_assets.burnlist;
        white_ = *params_->genesis_assets.whitelist;
        Open();
        Mine(builder_.FanOutBlock(50));
        Mine(builder_.NextBlock({}));
        Mine(builder_.NextBlock({}));
    }
    ~PolicyListSyncTest() override { Close(); }

    void Open(size_t journal_depth = 3) {
        ChainstateOptions opt;
        opt.datadir = dir_.path();
        opt.cache_bytes = 8u << 20;
        auto cs = Chainstate::Open(*params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain_ = std::move(cs.value());
        list_options_.whitelist = list_options_.freezelist = list_options_.burnlist = true;
        sync_ = std::make_unique<PolicyListSync>(*chain_, lists_, list_options_, log_, journal_depth);
        chain_->AddListener(sync_.get());
        Status s = sync_->Rebuild();
        if (!s) throw std::runtime_error(s.error().ToString());
    }
    void Close() {
        if (!chain_) return;
        chain_->RemoveListener(sync_.get());
        (void)chain_->Flush();
        sync_.reset();
        chain_.reset();
    }

    void Mine(const Block& b) {
        builder_.Accept(b);
        ValidationState st;
        ASSERT_TRUE(chain_->ProcessNewBlock(b, st)) << st.ToString();
        ASSERT_EQ(chain_->Tip()->GetBlockHash(), b.GetHash());
    }
    uint256 MineTxs(std::vector<MutableTransaction> txs) {
        std::vector<TransactionRef> refs;
        for (auto& t : txs) refs.push_back(MakeTransactionRef(std::move(t)));
        const Block b = builder_.NextBlock(refs);
        Mine(b);
        return b.GetHash();
    }

    // An unspent OP_TRUE genesis coin of `asset` that no earlier call returned.
    std::pair<OutPoint, Coin> Token(const uint256& asset) {
        for (const auto& [op, e] : builder_.Utxos()) {
            if (e.kind != test::OutputKind::kOpTrue || !e.out.asset.IsExplicit() ||
                e.out.asset.GetAsset() != asset)
                continue;
            if (used_.count(op)) continue;
            used_.insert(op);
            return {op, e.ToCoin()};
        }
        throw std::runtime_error("no token left");
    }

    Script Entry(uint8_t id) const {
        return GetScriptForPolicyMultisig(builder_.GetPubKey(0).ToBytes(), Hash20(id));
    }

    // A policy transaction of `asset`: spends a token (and optionally list entries, signed with the
    // admin key 0), creates an entry for each id (1 unit each) and returns the rest of the token.
    MutableTransaction PolicyTx(const uint256& asset, const std::vector<uint8_t>& add,
                                const std::vector<std::pair<OutPoint, Coin>>& remove = {}) {
        const auto [op, coin] = Token(asset);
        MutableTransaction m;
        m.version = 2;
        Amount in_value = coin.out.value.GetAmount();
        m.vin.emplace_back().prevout = op;
        for (const auto& [rop, rcoin] : remove) {
            m.vin.emplace_back().prevout = rop;
            in_value += rcoin.out.value.GetAmount();
        }
        for (uint8_t id : add) m.vout.push_back(Out(Entry(id), 1, asset));
        m.vout.push_back(Out(Script() << OP_TRUE, in_value - static_cast<Amount>(add.size()), asset));
        for (size_t i = 0; i < remove.size(); ++i) {
            const Coin& c = remove[i].second;
            const uint256 digest = SignatureHash(Script(c.out.script_pubkey), m, static_cast<unsigned>(i + 1),
                                                 SIGHASH_ALL, c.out.value, SigVersion::kBase);
            Bytes sig = builder_.GetKey(0).Sign(digest).value();
            sig.push_back(SIGHASH_ALL);
            m.vin[i + 1].script_sig = (Script() << OP_0 << sig).bytes();
        }
        return m;
    }
    std::pair<OutPoint, Coin> EntryOutput(const MutableTransaction& tx, uint32_t n) {
        const TransactionRef ref = MakeTransactionRef(MutableTransaction(tx));
        return {OutPoint(ref->GetTxid(), n), Coin(tx.vout[n], 0, false)};
    }

    bool Frozen(uint8_t id) const { return lists_.ContainsKey(PolicyList::kFreezelist, Hash20(id)); }
    bool Burnlisted(uint8_t id) const { return lists_.ContainsKey(PolicyList::kBurnlist, Hash20(id)); }

    void Invalidate(const uint256& hash) {
        ValidationState st;
        ASSERT_TRUE(chain_->InvalidateBlock(hash, st)) << st.ToString();
    }
    void Reconsider(const uint256& hash) {
        ValidationState st;
        ASSERT_TRUE(chain_->ReconsiderBlock(hash, st)) << st.ToString();
    }

    test::TempDir dir_;
    test::ChainBuilder builder_;
    std::unique_ptr<ChainParams> params_;
    uint256 freeze_, burn_, white_;
    SystemClock clock_;
    Logger log_{clock_};
    std::unique_ptr<Chainstate> chain_;
    PolicyLists lists_;
    ListPolicyOptions list_options_;
    std::unique_ptr<PolicyListSync> sync_;
    std::set<OutPoint> used_;
};

TEST_F(PolicyListSyncTest, ConnectAddsDisconnectRevertsReconnectReapplies) {
    const uint256 block = MineTxs({PolicyTx(freeze_, {3, 4}), PolicyTx(burn_, {4})});
    EXPECT_TRUE(Frozen(3));
    EXPECT_TRUE(Frozen(4));
    EXPECT_TRUE(Burnlisted(4));
    EXPECT_FALSE(Burnlisted(3));
    Invalidate(block);
    EXPECT_FALSE(Frozen(3));
    EXPECT_FALSE(Frozen(4));
    EXPECT_FALSE(Burnlisted(4));
    Reconsider(block);
    EXPECT_TRUE(Frozen(3));
    EXPECT_TRUE(Burnlisted(4));
}

TEST_F(PolicyListSyncTest, SpendingAnEntryRemovesItAndTheRevertRestoresIt) {
    const MutableTransaction add = PolicyTx(freeze_, {3, 4});
    MineTxs({add});
    // Spend the entry of 3 (signed by the admin key) and add 5 in the same transaction.
    const uint256 block = MineTxs({PolicyTx(freeze_, {5}, {EntryOutput(add, 0)})});
    EXPECT_FALSE(Frozen(3));
    EXPECT_TRUE(Frozen(4));
    EXPECT_TRUE(Frozen(5));
    Invalidate(block);
    EXPECT_TRUE(Frozen(3));
    EXPECT_FALSE(Frozen(5));
    Reconsider(block);
    EXPECT_FALSE(Frozen(3));
    EXPECT_TRUE(Frozen(5));
}

TEST_F(PolicyListSyncTest, RevertKeepsEntriesAddedEarlierByOtherBlocks) {
    MineTxs({PolicyTx(freeze_, {3})});
    // Adding 3 again changes nothing, so disconnecting this block must not remove it.
    const uint256 again = MineTxs({PolicyTx(freeze_, {3, 6})});
    EXPECT_EQ(sync_->JournaledHeights().back(), chain_->Height());
    Invalidate(again);
    EXPECT_TRUE(Frozen(3));
    EXPECT_FALSE(Frozen(6));
}

TEST_F(PolicyListSyncTest, RestartRebuildEqualsLiveState) {
    const MutableTransaction add = PolicyTx(freeze_, {3, 4});
    MineTxs({add});
    MineTxs({PolicyTx(freeze_, {}, {EntryOutput(add, 1)}), PolicyTx(burn_, {7})});
    Mine(builder_.NextBlock({}));
    const auto freeze = lists_.Entries(PolicyList::kFreezelist);
    const auto burn = lists_.Entries(PolicyList::kBurnlist);
    ASSERT_EQ(freeze.size(), 1u);
    Close();
    lists_.ClearAll();
    Open();
    EXPECT_EQ(lists_.Entries(PolicyList::kFreezelist), freeze);
    EXPECT_EQ(lists_.Entries(PolicyList::kBurnlist), burn);
    // A reorg below the restart height is still reverted exactly (journals rebuilt at start-up).
    Invalidate(chain_->AtHeight(chain_->Height() - 1)->GetBlockHash());
    EXPECT_TRUE(Frozen(4));
    EXPECT_FALSE(Burnlisted(7));
}

TEST_F(PolicyListSyncTest, DisconnectBelowTheJournalRebuilds) {
    const uint256 block = MineTxs({PolicyTx(freeze_, {3})});
    for (int i = 0; i < 5; ++i) Mine(builder_.NextBlock({}));  // journal depth 3
    const int height = chain_->LookupBlockIndex(block)->height;
    const auto journaled = sync_->JournaledHeights();
    EXPECT_TRUE(std::find(journaled.begin(), journaled.end(), height) == journaled.end());
    Invalidate(block);
    EXPECT_FALSE(Frozen(3));
    Reconsider(block);
    EXPECT_TRUE(Frozen(3));
}

TEST_F(PolicyListSyncTest, ZeroValuePolicyOutputInABlockChangesNothing) {
    // A CBT spend whose vout[0] is a zero-value FREEZELIST entry: valid in a block, authorises nothing.
    MutableTransaction attack = builder_.SpendP2PKH({builder_.SelectSpendable(1).at(0)}, 1, 10000);
    attack.vout.insert(attack.vout.begin(), Out(Entry(9), 0, freeze_));
    ASSERT_TRUE(builder_.SignTransaction(attack));
    MineTxs({attack});
    EXPECT_FALSE(Frozen(9));
}

TEST_F(PolicyListSyncTest, AcceptanceWithTheLists) {
    AcceptOptions o;
    o.lists = &lists_;
    o.list_policy = list_options_;
    TxMempool pool;
    const auto submit = [&](const MutableTransaction& tx, bool test_only = false) {
        AcceptOptions opt = o;
        opt.test_only = test_only;
        opt.skip_list_rules = test_only;  // as testmempoolaccept
        return AcceptToMemoryPool(*chain_, pool, MakeTransactionRef(MutableTransaction(tx)), opt,
                                  clock_.UnixSeconds());
    };
    const auto coins = builder_.SelectSpendable(4);
    const MutableTransaction plain = builder_.SpendP2PKH({coins.at(0)}, 1, 10000);
    AcceptResult r = submit(plain);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.state.GetRejectReason(), "non-whitelisted-address");
    EXPECT_EQ(r.reject_code, kRejectNonstandard);
    EXPECT_EQ(r.state.GetDoS(), 0);
    EXPECT_TRUE(submit(plain, true).accepted) << "testmempoolaccept skips the list rules";

    // A zero-value FREEZELIST output does not make it a (whitelist-exempt) policy transaction.
    MutableTransaction attack = plain;
    attack.vout.insert(attack.vout.begin(), Out(Entry(9), 0, freeze_));
    ASSERT_TRUE(builder_.SignTransaction(attack));
    r = submit(attack);
    EXPECT_EQ(r.state.GetRejectReason(), "non-whitelisted-address");

    // A real policy transaction (spends the token) is exempt from the whitelist and from fees.
    r = submit(PolicyTx(freeze_, {3}));
    EXPECT_TRUE(r.accepted) << r.state.ToString();

    // Whitelisting the destination key ids lets the plain spend in.
    for (size_t k = 0; k < builder_.NumKeys(); ++k)
        lists_.Add(PolicyList::kWhitelist, {builder_.GetPubKey(k).GetID(), false});
    r = submit(plain);
    EXPECT_TRUE(r.accepted) << r.state.ToString();

    // Freezing the key of an input: every input frozen → freezelist-address-input.
    const MutableTransaction frozen = builder_.SpendP2PKH({coins.at(1)}, 1, 10000);
    const auto spent = builder_.GetCoin(coins.at(1));
    ASSERT_TRUE(spent);
    const SolvedScript solved = Solve(Script(spent->out.script_pubkey));
    ASSERT_EQ(solved.type, TxoutType::kPubKeyHash);
    lists_.Add(PolicyList::kFreezelist, {uint160(ByteSpan(solved.solutions[0])), false});
    r = submit(frozen);
    EXPECT_EQ(r.state.GetRejectReason(), "freezelist-address-input");
    EXPECT_EQ(r.reject_code, kRejectNonstandard);
    EXPECT_TRUE(submit(frozen, true).accepted);
}

}  // namespace
}  // namespace ocean
