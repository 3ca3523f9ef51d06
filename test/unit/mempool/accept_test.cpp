// AcceptToMemoryPool against a real Chainstate built from ChainBuilder blocks: acceptance, duplicates,
// conflicts and BIP125 replacement, missing inputs, invalid signatures, chains of unconfirmed
// transactions, confirmed transactions, the absurd-fee limit, package limits and test-only checks.
#include "ocean/mempool/accept.h"

#include <gtest/gtest.h>

#include "ocean/consensus/chain_params.h"
#include "util/chain_builder.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

class AcceptTest : public ::testing::Test {
  protected:
    AcceptTest() : builder_("accept-test") {
        auto p = ChainParams::FromOptions(builder_.ChainOptions(), ContractTexts{});
        if (!p) throw std::runtime_error(p.error().ToString());
        params_ = std::make_unique<ChainParams>(std::move(p.value()));
        ChainstateOptions opt;
        opt.datadir = dir_.path();
        opt.cache_bytes = 8u << 20;
        auto cs = Chainstate::Open(*params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain_ = std::move(cs.value());
        Mine(builder_.FanOutBlock(400));
        Mine(builder_.NextBlock({}));
        Mine(builder_.NextBlock({}));
    }

    void Mine(const Block& b) {
        builder_.Accept(b);
        ValidationState st;
        ASSERT_TRUE(chain_->ProcessNewBlock(b, st)) << st.ToString();
    }

    AcceptResult Submit(const MutableTransaction& tx, AcceptOptions o = {}) {
        return AcceptToMemoryPool(*chain_, pool_, MakeTransactionRef(tx), o, clock_.UnixSeconds());
    }

    // A spend of the i-th oldest spendable coin into two outputs.
    MutableTransaction Spend(size_t i, Amount fee = 10000) {
        const auto coins = builder_.SelectSpendable(i + 1);
        return builder_.SpendP2PKH({coins.at(i)}, 2, fee);
    }

    test::TempDir dir_;
    test::ChainBuilder builder_;
    std::unique_ptr<ChainParams> params_;
    SystemClock clock_;
    Logger log_{clock_};
    std::unique_ptr<Chainstate> chain_;
    TxMempool pool_;
};

TEST_F(AcceptTest, AcceptsAValidSpend) {
    const MutableTransaction tx = Spend(0);
    const AcceptResult r = Submit(tx);
    ASSERT_TRUE(r.accepted) << r.state.ToString();
    EXPECT_EQ(r.fee, 10000);
    EXPECT_GT(r.vsize, 0u);
    const uint256 txid = MakeTransactionRef(tx)->GetTxid();
    EXPECT_TRUE(pool_.Exists(txid));
    auto entry = pool_.GetEntry(txid);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->fee, 10000);
    EXPECT_EQ(entry->height, chain_->Height());
    ASSERT_TRUE(pool_.GetCoin(OutPoint(txid, 0)));
    EXPECT_EQ(pool_.SpenderOf(tx.vin[0].prevout), txid);
}

TEST_F(AcceptTest, TestOnlyChangesNothing) {
    AcceptOptions o;
    o.test_only = true;
    const AcceptResult r = Submit(Spend(0), o);
    EXPECT_TRUE(r.accepted) << r.state.ToString();
    EXPECT_EQ(pool_.Size(), 0u);
}

TEST_F(AcceptTest, DuplicatesAndConflicts) {
    const MutableTransaction tx = Spend(0);
    ASSERT_TRUE(Submit(tx).accepted);
    AcceptResult dup = Submit(tx);
    EXPECT_FALSE(dup.accepted);
    EXPECT_EQ(dup.reject_code, kRejectDuplicate);
    EXPECT_EQ(dup.state.GetRejectReason(), "txn-already-in-mempool");

    // Another spend of the same coin; the first does not signal replaceability.
    const MutableTransaction other = Spend(0, 20000);
    AcceptResult c = Submit(other);
    EXPECT_FALSE(c.accepted);
    EXPECT_EQ(c.reject_code, kRejectDuplicate);
    EXPECT_EQ(c.state.GetRejectReason(), "txn-mempool-conflict");
    EXPECT_EQ(pool_.Size(), 1u);
}

TEST_F(AcceptTest, Bip125Replacement) {
    MutableTransaction original = Spend(0, 10000);
    original.vin[0].sequence = 0xfffffffd;
    ASSERT_TRUE(builder_.SignTransaction(original));
    ASSERT_TRUE(Submit(original).accepted);

    // Same fee: not a higher feerate.
    // Same fee, different outputs (a different transaction).
    MutableTransaction same = builder_.SpendP2PKH({builder_.SelectSpendable(1).at(0)}, 3, 10000);
    AcceptResult low = Submit(same);
    EXPECT_FALSE(low.accepted);
    EXPECT_EQ(low.reject_code, kRejectInsufficientFee) << low.state.ToString();
    EXPECT_EQ(low.state.GetRejectReason(), "insufficient fee");

    const MutableTransaction better = Spend(0, 50000);
    AcceptResult r = Submit(better);
    ASSERT_TRUE(r.accepted) << r.state.ToString();
    ASSERT_EQ(r.replaced.size(), 1u);
    EXPECT_EQ(r.replaced[0]->GetTxid(), MakeTransactionRef(original)->GetTxid());
    EXPECT_FALSE(pool_.Exists(MakeTransactionRef(original)->GetTxid()));
    EXPECT_TRUE(pool_.Exists(MakeTransactionRef(better)->GetTxid()));
}

TEST_F(AcceptTest, MissingInputsAreReportedForOrphans) {
    MutableTransaction tx = Spend(0);
    tx.vin[0].prevout = OutPoint(uint256::FromHexStrict(std::string(64, 'a')).value(), 0);
    const AcceptResult r = Submit(tx);
    EXPECT_FALSE(r.accepted);
    EXPECT_TRUE(r.missing_inputs);
}

TEST_F(AcceptTest, BadSignatureIsInvalid) {
    MutableTransaction tx = Spend(0);
    ASSERT_FALSE(tx.vin[0].script_sig.empty());
    tx.vin[0].script_sig[5] ^= 0x01;  // inside the DER signature
    const AcceptResult r = Submit(tx);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.reject_code, kRejectInvalid);
    EXPECT_EQ(r.state.GetRejectReason().rfind("mandatory-script-verify-flag-failed", 0), 0u)
        << r.state.ToString();
    EXPECT_EQ(r.state.GetDoS(), 100);
}

TEST_F(AcceptTest, ChainsOfUnconfirmedTransactions) {
    const MutableTransaction parent = Spend(0);
    ASSERT_TRUE(Submit(parent).accepted);
    // Let a copy of the builder see the parent so that it can sign the child.
    test::ChainBuilder view = builder_;
    view.Accept(view.NextBlock({MakeTransactionRef(parent)}));
    const uint256 parent_id = MakeTransactionRef(parent)->GetTxid();
    const MutableTransaction child = view.SpendP2PKH({OutPoint(parent_id, 0)}, 1, 5000);
    const AcceptResult r = Submit(child);
    ASSERT_TRUE(r.accepted) << r.state.ToString();
    const uint256 child_id = MakeTransactionRef(child)->GetTxid();
    EXPECT_EQ(pool_.GetEntry(child_id)->count_with_ancestors, 2u);
    EXPECT_EQ(pool_.GetAncestors(child_id), std::set<uint256>{parent_id});
}

TEST_F(AcceptTest, ConfirmedTransactionsAreKnown) {
    const MutableTransaction tx = Spend(0);
    Mine(builder_.NextBlock({MakeTransactionRef(tx)}));
    const AcceptResult r = Submit(tx);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.reject_code, kRejectAlreadyKnown);
}

TEST_F(AcceptTest, CoinbaseAndAbsurdFee) {
    const AcceptResult r = AcceptToMemoryPool(*chain_, pool_, chain_->ReadBlock(*chain_->Tip())->vtx[0], {},
                                              clock_.UnixSeconds());
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.state.GetRejectReason(), "coinbase");

    AcceptOptions o;
    o.max_tx_fee = 1000;
    const AcceptResult high = Submit(Spend(0, 10000), o);
    EXPECT_FALSE(high.accepted);
    EXPECT_EQ(high.reject_code, kRejectHighFee);
    EXPECT_EQ(high.state.GetRejectReason(), "absurdly-high-fee");
}

// The pool's package limits (the node's -limitancestorcount & co.) stop a chain one past the limit.
TEST_F(AcceptTest, ChainBeyondTheAncestorLimitIsRejected) {
    MempoolLimits limits;
    limits.ancestor_count = 3;
    TxMempool pool(limits);
    test::ChainBuilder view = builder_;
    MutableTransaction tx = Spend(0);
    for (int depth = 1; depth <= 4; ++depth) {
        const TransactionRef ref = MakeTransactionRef(tx);
        const AcceptResult r = AcceptToMemoryPool(*chain_, pool, ref, {}, clock_.UnixSeconds());
        if (depth <= 3) {
            ASSERT_TRUE(r.accepted) << depth << " " << r.state.ToString();
        } else {
            EXPECT_FALSE(r.accepted);
            EXPECT_EQ(r.reject_code, kRejectNonstandard);
            EXPECT_EQ(r.state.GetRejectReason(), "too-long-mempool-chain");
            EXPECT_EQ(pool.Size(), 3u);
        }
        view.Accept(view.NextBlock({ref}));  // so the builder can sign the next child
        tx = view.SpendP2PKH({OutPoint(ref->GetTxid(), 0)}, 1, 5000);
    }
}

}  // namespace
}  // namespace ocean
