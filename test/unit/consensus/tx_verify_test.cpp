// Contextual transaction rules: finality, BIP68, sigop cost, fees, CheckTxInputs, VerifyAmounts (explicit
// value conservation, issuances, the unblinded-reissuance rule) and peg-in inputs.
#include <gtest/gtest.h>

#include "consensus_test_util.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/crypto/hash.h"
#include "ocean/primitives/asset.h"
#include "ocean/script/interpreter.h"

namespace ocean {
namespace {

const uint256 kA = uint256::FromByte0(0xa1);
const uint256 kB = uint256::FromByte0(0xb2);

Coin CoinOf(const uint256& asset, Amount v, uint32_t height = 1, bool coinbase = false, Bytes spk = {0x51}) {
    return Coin(test::ExplicitOut(asset, v, std::move(spk)), height, coinbase);
}

MutableTransaction Spend(size_t n_in, std::vector<TxOut> outs) {
    MutableTransaction tx;
    for (size_t i = 0; i < n_in; ++i) {
        TxIn& in = tx.vin.emplace_back();
        in.prevout = OutPoint(uint256::FromByte0(static_cast<uint8_t>(i + 1)), static_cast<uint32_t>(i));
    }
    tx.vout = std::move(outs);
    return tx;
}

std::string AmountsReason(const MutableTransaction& mtx, const std::vector<Coin>& coins) {
    ValidationState state;
    const bool ok = VerifyAmounts(Transaction(mtx), coins, state);
    EXPECT_EQ(ok, state.IsValid());
    return ok ? "" : state.GetRejectReason();
}

std::string InputsReason(const MutableTransaction& mtx, const std::vector<Coin>& coins, int height) {
    ValidationState state;
    const bool ok = CheckTxInputs(Transaction(mtx), coins, height, state);
    return ok ? "" : state.GetRejectReason();
}

Bytes Commitment(uint8_t prefix) {
    Bytes b(33, 0x5a);
    b[0] = prefix;
    return b;
}

// ---- finality -------------------------------------------------------------------------------------

TEST(IsFinalTx, HeightAndTimeLocks) {
    MutableTransaction m = Spend(1, {test::ExplicitOut(kA, 1, {0x51})});
    m.vin[0].sequence = 0;
    EXPECT_TRUE(IsFinalTx(Transaction(m), 100, 0));  // lock time 0
    m.lock_time = 99;
    EXPECT_TRUE(IsFinalTx(Transaction(m), 100, 0));
    m.lock_time = 100;
    EXPECT_FALSE(IsFinalTx(Transaction(m), 100, 0));  // must be strictly below the height
    m.vin[0].sequence = kSequenceFinal;
    EXPECT_TRUE(IsFinalTx(Transaction(m), 100, 0));  // all inputs final
    m.vin[0].sequence = 0;
    m.lock_time = 500000001;
    EXPECT_FALSE(IsFinalTx(Transaction(m), 100, 500000001));
    EXPECT_TRUE(IsFinalTx(Transaction(m), 100, 500000002));
}

// ---- BIP68 ----------------------------------------------------------------------------------------

TEST(SequenceLocks, HeightTimeDisabledAndPegin) {
    MutableTransaction m = Spend(3, {test::ExplicitOut(kA, 1, {0x51})});
    m.version = 2;
    m.vin[0].sequence = 5;                                    // 5 blocks after height 10
    m.vin[1].sequence = kSequenceLocktimeTypeFlag | 2;        // 2 × 512 s after MTP(19)
    m.vin[2].sequence = kSequenceLocktimeDisableFlag | 1000;  // ignored
    const std::vector<int> heights = {10, 20, 30};
    int asked = -1;
    auto mtp = [&](int h) -> int64_t {
        asked = h;
        return 1000000 + h;
    };
    const Transaction tx(m);
    SequenceLocks l = CalculateSequenceLocks(tx, kBlockLocktimeFlags, heights, mtp);
    EXPECT_EQ(l.min_height, 14);
    EXPECT_EQ(asked, 19);
    EXPECT_EQ(l.min_time, 1000019 + 1024 - 1);
    EXPECT_FALSE(EvaluateSequenceLocks(14, 2000000, l));
    EXPECT_TRUE(EvaluateSequenceLocks(15, 1000019 + 1024, l));
    EXPECT_FALSE(EvaluateSequenceLocks(15, 1000019 + 1023, l));

    // Version 1, or no sequence flag: nothing enforced.
    m.version = 1;
    l = CalculateSequenceLocks(Transaction(m), kBlockLocktimeFlags, heights, mtp);
    EXPECT_EQ(l.min_height, -1);
    EXPECT_EQ(l.min_time, -1);
    m.version = 2;
    l = CalculateSequenceLocks(Transaction(m), 0, heights, mtp);
    EXPECT_EQ(l.min_height, -1);
    // A negative version counts as >= 2 (unsigned comparison).
    m.version = -1;
    l = CalculateSequenceLocks(Transaction(m), kBlockLocktimeFlags, heights, mtp);
    EXPECT_EQ(l.min_height, 14);
    // Peg-in inputs are skipped.
    m.version = 2;
    m.vin[0].is_pegin = true;
    m.vin[1].is_pegin = true;
    l = CalculateSequenceLocks(Transaction(m), kBlockLocktimeFlags, heights, mtp);
    EXPECT_EQ(l.min_height, -1);
    EXPECT_EQ(l.min_time, -1);
}

// ---- sigops ---------------------------------------------------------------------------------------

TEST(SigOps, LegacyP2SHAndWitness) {
    const Key k = test::KeyFromByte(3);
    const std::vector<Bytes> keys = {k.GetPubKey().ToBytes(), test::KeyFromByte(4).GetPubKey().ToBytes(),
                                     test::KeyFromByte(5).GetPubKey().ToBytes()};
    const Script redeem = GetScriptForMultisig(2, keys);
    MutableTransaction m = Spend(2, {test::ExplicitOut(kA, 1, GetScriptForMultisig(1, keys).bytes()),
                                     test::ExplicitOut(kA, 1, test::P2PKH(k))});
    Script sig0;
    sig0 << OP_0 << redeem.bytes();
    m.vin[0].script_sig = sig0.bytes();
    // Input 1: P2WPKH.
    m.vin[1].witness.script_witness = {Bytes(72, 1), keys[0]};
    const Transaction tx(m);
    EXPECT_EQ(GetLegacySigOpCount(tx), 20u + 1u);  // bare CHECKMULTISIG counts 20; the push counts nothing

    Script p2sh;
    p2sh << OP_HASH160 << Hash160(redeem.bytes()) << OP_EQUAL;
    Script p2wpkh;
    p2wpkh << OP_0 << k.GetPubKey().GetID();
    const std::vector<Coin> coins = {Coin(test::ExplicitOut(kA, 5, p2sh.bytes()), 1, false),
                                     Coin(test::ExplicitOut(kA, 5, p2wpkh.bytes()), 1, false)};
    EXPECT_EQ(GetP2SHSigOpCount(tx, coins), 3u);
    EXPECT_EQ(GetTransactionSigOpCost(tx, coins, kBlockScriptVerifyFlags), 21 * 4 + 3 * 4 + 1);
    EXPECT_EQ(GetTransactionSigOpCost(tx, coins, 0), 21 * 4);

    // A coinbase counts only legacy sigops and needs no coins.
    MutableTransaction cb;
    cb.vin.emplace_back().script_sig = {0x51, 0xac};
    cb.vout.push_back(test::ExplicitOut(kA, 0, {0xac}));
    EXPECT_EQ(GetTransactionSigOpCost(Transaction(cb), {}, kBlockScriptVerifyFlags), 2 * 4);
}

// ---- fees -----------------------------------------------------------------------------------------

TEST(Fees, ValidityMapAndBlockTotals) {
    MutableTransaction m = Spend(1, {test::ExplicitOut(kA, 10, {0x51}), test::ExplicitOut(kA, 3, {}),
                                     test::ExplicitOut(kB, 4, {}), test::ExplicitOut(kA, 2, {})});
    EXPECT_TRUE(HasValidFee(Transaction(m)));
    AmountMap fees = GetFeeMap(Transaction(m));
    EXPECT_EQ(fees.size(), 2u);
    EXPECT_EQ(fees[kA], 5);
    EXPECT_EQ(fees[kB], 4);

    m.vout[1].value.SetExplicit(0);
    EXPECT_FALSE(HasValidFee(Transaction(m)));  // zero fee outputs are invalid
    m.vout[1].value.SetExplicit(MAX_MONEY);
    EXPECT_FALSE(HasValidFee(Transaction(m)));  // per-asset total above MAX_MONEY
    m.vout[3].value.SetExplicit(1);
    m.vout[1].value.SetExplicit(MAX_MONEY - 1);
    EXPECT_TRUE(HasValidFee(Transaction(m)));

    // No fee outputs: vout[0]'s asset with 0.
    const MutableTransaction nofee = Spend(1, {test::ExplicitOut(kB, 10, {0x51})});
    fees = GetFeeMap(Transaction(nofee));
    ASSERT_EQ(fees.size(), 1u);
    EXPECT_EQ(fees[kB], 0);

    AmountMap block;
    ValidationState state;
    m.vout[1].value.SetExplicit(MAX_MONEY - 1);
    EXPECT_TRUE(AccumulateBlockFees(Transaction(m), block, state));
    EXPECT_EQ(block[kA], MAX_MONEY);
    EXPECT_FALSE(AccumulateBlockFees(Transaction(m), block, state));
    EXPECT_EQ(state.GetRejectReason(), "bad-blockreward-outofrange");
    ValidationState s2;
    m.vout[1].value.SetExplicit(0);
    EXPECT_FALSE(AccumulateBlockFees(Transaction(m), block, s2));
    EXPECT_EQ(s2.GetRejectReason(), "bad-fee-outofrange");
}

// ---- CheckTxInputs --------------------------------------------------------------------------------

TEST(CheckTxInputs, MissingMaturityRangeAndFees) {
    const MutableTransaction m = Spend(1, {test::ExplicitOut(kA, 9, {0x51}), test::ExplicitOut(kA, 1, {})});
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, 10)}, 5), "");
    EXPECT_EQ(InputsReason(m, {Coin()}, 5), "bad-txns-inputs-missingorspent");
    EXPECT_EQ(InputsReason(m, {}, 5), "bad-txns-inputs-missingorspent");
    // Coinbase maturity 2.
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, 10, 4, true)}, 5), "bad-txns-premature-spend-of-coinbase");
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, 10, 3, true)}, 5), "");
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, 10, 5, false)}, 5), "");
    // Value range.
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, MAX_MONEY + 1)}, 5), "bad-txns-inputvalues-outofrange");
    // Fee outputs.
    MutableTransaction z = m;
    z.vout[1].value.SetExplicit(0);
    EXPECT_EQ(InputsReason(z, {CoinOf(kA, 10)}, 5), "bad-txns-fee-outofrange");
}

TEST(CheckTxInputs, RunningSumAcrossAssets) {
    // 20M of A plus 2M of B: each fine alone, the cross-asset sum exceeds MAX_MONEY (consensus.md §12.4).
    const MutableTransaction m = Spend(
        2, {test::ExplicitOut(kA, 20000000 * COIN, {0x51}), test::ExplicitOut(kB, 2000000 * COIN, {0x51})});
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, 20000000 * COIN), CoinOf(kB, 2000000 * COIN)}, 5),
              "bad-txns-inputvalues-outofrange");
    EXPECT_EQ(InputsReason(m, {CoinOf(kA, 20000000 * COIN), CoinOf(kB, 1000000 * COIN)}, 5), "");
}

// ---- VerifyAmounts --------------------------------------------------------------------------------

TEST(VerifyAmounts, ExplicitBalance) {
    const MutableTransaction m =
        Spend(2, {test::ExplicitOut(kA, 7, {0x51}), test::ExplicitOut(kA, 1, {}),
                  test::ExplicitOut(kB, 5, {0x51}), test::ExplicitOut(kB, 0, {0x51})});
    const std::vector<Coin> coins = {CoinOf(kA, 8), CoinOf(kB, 5)};
    EXPECT_EQ(AmountsReason(m, coins), "");  // zero-value outputs are allowed and contribute nothing

    MutableTransaction more = m;
    more.vout[0].value.SetExplicit(8);
    EXPECT_EQ(AmountsReason(more, coins), "bad-txns-in-ne-out");
    MutableTransaction less = m;
    less.vout[0].value.SetExplicit(6);
    EXPECT_EQ(AmountsReason(less, coins), "bad-txns-in-ne-out");
    MutableTransaction other = m;
    other.vout[2].asset.SetExplicit(uint256::FromByte0(0xcc));  // asset from nothing
    EXPECT_EQ(AmountsReason(other, coins), "bad-txns-in-ne-out");
}

TEST(VerifyAmounts, ZeroValueInputIsUnspendable) {
    const MutableTransaction m = Spend(2, {test::ExplicitOut(kA, 5, {0x51})});
    EXPECT_EQ(AmountsReason(m, {CoinOf(kA, 5), CoinOf(kB, 1)}), "bad-txns-in-ne-out");  // B unbalanced
    EXPECT_EQ(AmountsReason(m, {CoinOf(kA, 5), CoinOf(kB, 0)}), "bad-txns-in-ne-out");  // 0 never spendable
}

TEST(VerifyAmounts, OutputFieldValidity) {
    const std::vector<Coin> coins = {CoinOf(kA, 5)};
    MutableTransaction m = Spend(1, {test::ExplicitOut(kA, 5, {0x51})});
    EXPECT_EQ(AmountsReason(m, coins), "");
    MutableTransaction t = m;
    t.vout[0].witness.range_proof = {1};
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");
    t = m;
    t.vout[0].witness.surjection_proof = {1};
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");
    t = m;
    t.vout[0].value.SetNull();
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");
    t = m;
    Bytes ff(33, 0xff);
    ASSERT_TRUE(t.vout[0].asset.SetBytes(ff));
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");
    // An explicit output may carry an ECDH nonce.
    t = m;
    ASSERT_TRUE(t.vout[0].nonce.SetBytes(Commitment(0x02)));
    EXPECT_EQ(AmountsReason(t, coins), "");
}

TEST(VerifyAmounts, BlindedIsUnsupported) {
    const std::vector<Coin> coins = {CoinOf(kA, 5)};
    const MutableTransaction m = Spend(1, {test::ExplicitOut(kA, 5, {0x51})});
    MutableTransaction t = m;
    ASSERT_TRUE(t.vout[0].value.SetBytes(Commitment(0x08)));
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-blinded-unsupported");
    t = m;
    ASSERT_TRUE(t.vout[0].asset.SetBytes(Commitment(0x0a)));
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-blinded-unsupported");
    Coin blinded = coins[0];
    ASSERT_TRUE(blinded.out.value.SetBytes(Commitment(0x09)));
    EXPECT_EQ(AmountsReason(m, {blinded}), "bad-txns-blinded-unsupported");
    blinded = coins[0];
    ASSERT_TRUE(blinded.out.asset.SetBytes(Commitment(0x0b)));
    EXPECT_EQ(AmountsReason(m, {blinded}), "bad-txns-blinded-unsupported");
    t = m;
    t.vin[0].issuance.asset_entropy = uint256::FromByte0(1);
    ASSERT_TRUE(t.vin[0].issuance.amount.SetBytes(Commitment(0x08)));
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-blinded-unsupported");
}

struct IssuanceIds {
    uint256 asset, token;
};
IssuanceIds IdsFor(const OutPoint& prevout, const uint256& contract) {
    const uint256 e = ComputeIssuanceEntropy(prevout, contract);
    return {ComputeAssetId(e), ComputeReissuanceToken(e, false)};
}

TEST(VerifyAmounts, NewIssuance) {
    MutableTransaction m = Spend(1, {});
    const uint256 contract = uint256::FromByte0(0x77);
    const IssuanceIds ids = IdsFor(m.vin[0].prevout, contract);
    m.vin[0].issuance.asset_entropy = contract;
    m.vin[0].issuance.amount.SetExplicit(1000);
    m.vin[0].issuance.inflation_keys.SetExplicit(2);
    m.vout = {test::ExplicitOut(kA, 5, {0x51}), test::ExplicitOut(ids.asset, 1000, {0x51}),
              test::ExplicitOut(ids.token, 2, {0x51})};
    const std::vector<Coin> coins = {CoinOf(kA, 5)};
    EXPECT_EQ(AmountsReason(m, coins), "");
    MutableTransaction t = m;
    t.vout[1].value.SetExplicit(1001);
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");
    t = m;
    t.vout[2].value.SetExplicit(3);
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");

    // An explicit 0 amount stops processing: no tokens are created even if requested.
    t = m;
    t.vin[0].issuance.amount.SetExplicit(0);
    t.vout = {test::ExplicitOut(kA, 5, {0x51})};
    EXPECT_EQ(AmountsReason(t, coins), "");
    t.vout.push_back(test::ExplicitOut(ids.token, 2, {0x51}));
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");

    // Tokens only: null amount.
    t = m;
    t.vin[0].issuance.amount.SetNull();
    t.vout = {test::ExplicitOut(kA, 5, {0x51}), test::ExplicitOut(ids.token, 2, {0x51})};
    EXPECT_EQ(AmountsReason(t, coins), "");

    // Issuance amount out of range.
    t = m;
    t.vin[0].issuance.amount.SetExplicit(MAX_MONEY + 1);
    EXPECT_EQ(AmountsReason(t, coins), "bad-txns-in-ne-out");
}

TEST(VerifyAmounts, UnblindedReissuanceNeedsTheTokenInTheSameInput) {
    // Asset issued earlier at `issue_prevout` with contract c; the token coin is held by input 0.
    const OutPoint issue_prevout(uint256::FromByte0(0x99), 3);
    const uint256 contract = uint256::FromByte0(0x55);
    const uint256 entropy = ComputeIssuanceEntropy(issue_prevout, contract);
    const IssuanceIds ids = IdsFor(issue_prevout, contract);

    MutableTransaction m = Spend(2, {});
    m.vin[0].issuance.asset_blinding_nonce = UnblindedReissuanceNonce();
    m.vin[0].issuance.asset_entropy = entropy;
    m.vin[0].issuance.amount.SetExplicit(500);
    m.vout = {test::ExplicitOut(ids.token, 1, {0x51}), test::ExplicitOut(ids.asset, 500, {0x51}),
              test::ExplicitOut(kA, 10, {0x51})};
    const std::vector<Coin> good = {CoinOf(ids.token, 1), CoinOf(kA, 10)};
    EXPECT_EQ(AmountsReason(m, good), "");

    // The token in another input is not enough; no token at all is the §12.1 hole.
    MutableTransaction swapped = m;
    std::swap(swapped.vin[0].issuance, swapped.vin[1].issuance);
    EXPECT_EQ(AmountsReason(swapped, good), "bad-txns-reissuance-unauthorized");
    MutableTransaction none = m;
    none.vout = {test::ExplicitOut(ids.asset, 500, {0x51}), test::ExplicitOut(kA, 11, {0x51})};
    EXPECT_EQ(AmountsReason(none, {CoinOf(kA, 1), CoinOf(kA, 10)}), "bad-txns-reissuance-unauthorized");

    // A real blinding nonce with an explicit input can never match the blinded token generator.
    MutableTransaction nonce = m;
    nonce.vin[0].issuance.asset_blinding_nonce = uint256::FromByte0(0x11);
    EXPECT_EQ(AmountsReason(nonce, good), "bad-txns-in-ne-out");

    // A reissuance may not create tokens; an explicit 0 amount stops before that is looked at.
    MutableTransaction keys = m;
    keys.vin[0].issuance.inflation_keys.SetExplicit(1);
    EXPECT_EQ(AmountsReason(keys, good), "bad-txns-in-ne-out");
    keys.vin[0].issuance.amount.SetExplicit(0);
    keys.vout = {test::ExplicitOut(ids.token, 1, {0x51}), test::ExplicitOut(kA, 10, {0x51})};
    EXPECT_EQ(AmountsReason(keys, good), "");
}

// ---- peg-in ---------------------------------------------------------------------------------------

struct PeginFixture {
    uint256 pegged = uint256::FromByte0(0xcb);
    uint256 parent = uint256::FromByte0(0xee);
    Key claim = test::KeyFromByte(11);
    TxIn in;
    PeginFixture() {
        in.prevout = OutPoint(uint256::FromByte0(0x3f), 0);
        in.is_pegin = true;
        Bytes value(8, 0);
        value[0] = 0x10;  // 16, little-endian
        value[1] = 0x27;  // + 0x2700 -> 10000
        in.witness.pegin_witness = {value, Bytes(pegged.begin(), pegged.end()),
                                    Bytes(parent.begin(), parent.end()), claim.GetPubKey().ToBytes(),
                                    Bytes(in.prevout.hash.begin(), in.prevout.hash.end())};
    }
};

TEST(Pegin, WitnessRules) {
    PeginFixture f;
    EXPECT_TRUE(CheckPeginWitness(f.in, f.pegged, f.parent));
    auto coin = GetPeginSpentCoin(f.in, f.pegged, f.parent);
    ASSERT_TRUE(coin);
    EXPECT_EQ(coin->out.value.GetAmount(), 10000);
    EXPECT_EQ(coin->out.asset.GetAsset(), f.pegged);
    EXPECT_EQ(coin->out.script_pubkey, test::P2PKH(f.claim));
    EXPECT_EQ(coin->height, 0u);
    EXPECT_FALSE(coin->coinbase);

    auto broken = [&](auto edit) {
        PeginFixture g;
        edit(g.in);
        return CheckPeginWitness(g.in, g.pegged, g.parent);
    };
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness.pop_back(); }));
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness.push_back({}); }));
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness[0].resize(7); }));
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness[0] = Bytes(8, 0xff); }));  // -1
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness[1][0] ^= 1; }));
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness[2][0] ^= 1; }));
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness[3][5] ^= 1; }));
    EXPECT_FALSE(broken([](TxIn& in) { in.witness.pegin_witness[4][0] ^= 1; }));
    EXPECT_FALSE(broken([](TxIn& in) { in.is_pegin = false; }));
}

TEST(Pegin, ResolveSpentCoins) {
    const ChainParams params =
        test::ParamsFromArgs({"-disabledoutput=" + uint256::FromByte0(2).ToHex() + ":1"});
    PeginFixture f;
    f.pegged = params.pegged_asset;
    f.parent = params.parent_genesis_hash;
    f.in.witness.pegin_witness[1] = Bytes(f.pegged.begin(), f.pegged.end());
    f.in.witness.pegin_witness[2] = Bytes(f.parent.begin(), f.parent.end());

    MutableTransaction m = Spend(2, {test::ExplicitOut(kA, 1, {0x51})});  // input 1 spends (2, 1): disabled
    m.vin[0] = f.in;
    auto lookup = [&](const OutPoint& o) -> std::optional<Coin> { return CoinOf(kA, 7, 1, false); };
    std::vector<Coin> coins;
    ValidationState state;
    EXPECT_FALSE(ResolveSpentCoins(Transaction(m), params, lookup, coins, state));
    EXPECT_EQ(state.GetRejectReason(), "bad-txns-inputs-missingorspent");

    m.vin[1].prevout.n = 0;
    ValidationState ok;
    ASSERT_TRUE(ResolveSpentCoins(Transaction(m), params, lookup, coins, ok)) << ok.ToString();
    ASSERT_EQ(coins.size(), 2u);
    EXPECT_EQ(coins[0].out.value.GetAmount(), 10000);
    EXPECT_EQ(coins[1].out.value.GetAmount(), 7);
    // The peg-in is exempt from the input range sum and maturity, and balances like any input.
    m.vout = {test::ExplicitOut(params.pegged_asset, 10000, {0x51}), test::ExplicitOut(kA, 7, {0x51})};
    EXPECT_EQ(InputsReason(m, coins, 1), "");
    EXPECT_EQ(AmountsReason(m, coins), "");

    m.vin[0].witness.pegin_witness[4][0] ^= 1;
    ValidationState bad;
    EXPECT_FALSE(ResolveSpentCoins(Transaction(m), params, lookup, coins, bad));
    EXPECT_EQ(bad.GetRejectReason(), "bad-pegin-witness");

    auto missing = [](const OutPoint&) -> std::optional<Coin> { return std::nullopt; };
    MutableTransaction plain = Spend(1, {test::ExplicitOut(kA, 1, {0x51})});
    ValidationState miss;
    EXPECT_FALSE(ResolveSpentCoins(Transaction(plain), params, missing, coins, miss));
    EXPECT_EQ(miss.GetRejectReason(), "bad-txns-inputs-missingorspent");
}

}  // namespace
}  // namespace ocean
