// CheckTransaction (consensus.md §6.1): one valid and one invalid case per rule, with Bitcoin 0.14's
// reasons and DoS scores.
#include <gtest/gtest.h>

#include "consensus_test_util.h"
#include "ocean/consensus/tx_check.h"

namespace ocean {
namespace {

const uint256 kAsset = uint256::FromByte0(0x42);

MutableTransaction SimpleTx() {
    MutableTransaction tx;
    TxIn& in = tx.vin.emplace_back();
    in.prevout = OutPoint(uint256::FromByte0(1), 0);
    tx.vout.push_back(test::ExplicitOut(kAsset, 1000, {0x51}));
    return tx;
}

MutableTransaction Coinbase() {
    MutableTransaction tx;
    TxIn& in = tx.vin.emplace_back();
    in.script_sig = {0x51, 0x00};
    tx.vout.push_back(test::ExplicitOut(kAsset, 0, {0x6a}));
    return tx;
}

void ExpectReject(const MutableTransaction& tx, const std::string& reason, int dos) {
    ValidationState state;
    EXPECT_FALSE(CheckTransaction(Transaction(tx), state));
    EXPECT_EQ(state.GetRejectReason(), reason);
    EXPECT_EQ(state.GetDoS(), dos) << reason;
}

void ExpectValid(const MutableTransaction& tx) {
    ValidationState state;
    EXPECT_TRUE(CheckTransaction(Transaction(tx), state)) << state.ToString();
}

TEST(CheckTransaction, ValidSimpleAndCoinbase) {
    ExpectValid(SimpleTx());
    ExpectValid(Coinbase());
}

TEST(CheckTransaction, EmptyVinVout) {
    MutableTransaction tx = SimpleTx();
    tx.vin.clear();
    ExpectReject(tx, "bad-txns-vin-empty", 10);
    tx = SimpleTx();
    tx.vout.clear();
    ExpectReject(tx, "bad-txns-vout-empty", 10);
}

TEST(CheckTransaction, Oversize) {
    MutableTransaction tx = SimpleTx();
    tx.vout[0].script_pubkey.assign(999900, 0x6a);
    ExpectValid(tx);  // just under 1,000,000 stripped bytes
    tx.vout[0].script_pubkey.assign(1000000, 0x6a);
    ExpectReject(tx, "bad-txns-oversize", 100);
    // Witness data does not count.
    tx = SimpleTx();
    tx.vin[0].witness.script_witness = {Bytes(1100000, 1)};
    ExpectValid(tx);
}

TEST(CheckTransaction, OutputValues) {
    MutableTransaction tx = SimpleTx();
    tx.vout[0].value.SetExplicit(MAX_MONEY);
    ExpectValid(tx);
    tx.vout.push_back(test::ExplicitOut(kAsset, MAX_MONEY, {0x51}));
    ExpectValid(tx);  // outputs are not summed
    tx.vout[0].value.SetExplicit(MAX_MONEY + 1);
    ExpectReject(tx, "bad-txns-txouttotal-toolarge", 100);
    tx.vout[0].value.SetExplicit(-1);
    ExpectReject(tx, "bad-txns-txouttotal-toolarge", 100);
    // Null, commitment and 0xff values are structurally valid.
    tx = SimpleTx();
    tx.vout[0].value.SetNull();
    ExpectValid(tx);
    Bytes commit(33, 0x11);
    commit[0] = 0x08;
    ASSERT_TRUE(tx.vout[0].value.SetBytes(commit));
    ExpectValid(tx);
}

TEST(CheckTransaction, DuplicateInputs) {
    MutableTransaction tx = SimpleTx();
    tx.vin.push_back(tx.vin[0]);
    tx.vin[1].prevout.n = 1;
    ExpectValid(tx);
    tx.vin[1].prevout.n = 0;
    ExpectReject(tx, "bad-txns-inputs-duplicate", 100);
    // The issuance / peg-in flags are not part of the comparison.
    tx.vin[1].is_pegin = true;
    ExpectReject(tx, "bad-txns-inputs-duplicate", 100);
}

TEST(CheckTransaction, CoinbaseScriptSigLength) {
    MutableTransaction tx = Coinbase();
    tx.vin[0].script_sig = {0x51};
    ExpectReject(tx, "bad-cb-length", 100);
    tx.vin[0].script_sig.assign(100, 0x51);
    ExpectValid(tx);
    tx.vin[0].script_sig.assign(101, 0x51);
    ExpectReject(tx, "bad-cb-length", 100);
}

TEST(CheckTransaction, CoinbaseFeeOutput) {
    MutableTransaction tx = Coinbase();
    tx.vout.push_back(test::ExplicitOut(kAsset, 5, {}));
    ExpectReject(tx, "bad-cb-fee", 100);
    // A non-coinbase may have fee outputs.
    MutableTransaction s = SimpleTx();
    s.vout.push_back(test::ExplicitOut(kAsset, 5, {}));
    ExpectValid(s);
}

TEST(CheckTransaction, NullPrevoutOutsideCoinbase) {
    MutableTransaction tx = SimpleTx();
    tx.vin.push_back(TxIn());  // null prevout in a two-input tx
    ExpectReject(tx, "bad-txns-prevout-null", 10);
}

}  // namespace
}  // namespace ocean
