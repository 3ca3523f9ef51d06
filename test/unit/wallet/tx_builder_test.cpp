// Transaction building (wallet/tx_builder.h): per-asset selection and change, fee outputs in the fee
// asset, fixed fees, subtract-fee-from-amount, dust change, the errors, splitting and any-asset payments.
#include "ocean/wallet/tx_builder.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ocean/primitives/serialize.h"
#include "ocean/script/destination.h"
#include "ocean/script/standard.h"

namespace ocean {
namespace {

const uint256 kAssetA = uint256::FromByte0(0xaa);
const uint256 kAssetB = uint256::FromByte0(0xbb);
const uint256 kFeeAsset = uint256::FromByte0(0xcc);

Script P2pkh(uint8_t tag) {
    uint160 h;
    h.data()[0] = tag;
    return GetScriptForDestination(PKHash(h));
}

const Script kDest = P2pkh(0xd0);
const Script kDest2 = P2pkh(0xd1);

Script ChangeScriptOf(const uint256& asset) {
    return P2pkh(static_cast<uint8_t>(0x40 + asset.data()[0] % 64));
}

// A change provider that records how often each asset asked.
struct ChangeRecorder {
    std::map<uint256, int> calls;
    ChangeScriptFn Fn() {
        return [this](const uint256& asset) -> Result<Script> {
            ++calls[asset];
            return ChangeScriptOf(asset);
        };
    }
};

CoinCandidate Coin(Amount value, uint32_t n, const uint256& asset = kFeeAsset) {
    CoinCandidate c;
    c.outpoint = OutPoint(uint256::FromByte0(static_cast<uint8_t>((n % 250) + 1)), n);
    c.asset = asset;
    c.value = value;
    c.script_pubkey = P2pkh(1);
    c.depth = 10;
    c.input_vsize = 148;
    return c;
}

FeePolicy RatePolicy(Amount rate, const uint256& fee_asset = kFeeAsset) {
    FeePolicy p;
    p.fee_asset = fee_asset;
    p.fee_rate = rate;
    return p;
}

// Per asset, inputs minus outputs (fee output included): must be zero everywhere.
std::map<uint256, Amount> Imbalance(const BuiltTransaction& b) {
    std::map<uint256, Amount> d;
    for (const CoinCandidate& c : b.inputs) d[c.asset] += c.value;
    for (const TxOut& o : b.tx.vout) d[o.asset.GetAsset()] -= o.value.GetAmount();
    std::map<uint256, Amount> nonzero;
    for (auto& [a, v] : d)
        if (v != 0) nonzero[a] = v;
    return nonzero;
}

Amount PaidTo(const BuiltTransaction& b, const Script& script) {
    Amount sum = 0;
    for (const TxOut& o : b.tx.vout)
        if (o.script_pubkey == script.bytes()) sum += o.value.GetAmount();
    return sum;
}

size_t UnsignedSize(const MutableTransaction& tx) {
    SizeCounter c;
    SerializeTransaction(c, tx, false);
    return c.size();
}

void CheckShape(const BuiltTransaction& b) {
    EXPECT_TRUE(Imbalance(b).empty());
    ASSERT_EQ(b.tx.vin.size(), b.inputs.size());
    for (size_t i = 0; i < b.inputs.size(); ++i) {
        EXPECT_EQ(b.tx.vin[i].prevout, b.inputs[i].outpoint);
        EXPECT_EQ(b.tx.vin[i].sequence, 0xfffffffeu);
        EXPECT_TRUE(b.tx.vin[i].script_sig.empty());
    }
    for (const TxOut& o : b.tx.vout) {
        EXPECT_TRUE(o.asset.IsExplicit());
        EXPECT_TRUE(o.value.IsExplicit());
    }
    if (b.fee_output) {
        ASSERT_EQ(*b.fee_output, b.tx.vout.size() - 1);
        EXPECT_TRUE(b.tx.vout.back().IsFee());
        EXPECT_EQ(b.tx.vout.back().value.GetAmount(), b.fee);
    } else {
        EXPECT_EQ(b.fee, 0);
        for (const TxOut& o : b.tx.vout) EXPECT_FALSE(o.IsFee());
    }
    // The estimate: the unsigned transaction plus 107 signing bytes per P2PKH input.
    EXPECT_EQ(b.estimated_vsize, UnsignedSize(b.tx) + 107 * b.inputs.size());
}

TEST(TxBuilderTest, PaysRecipientWithChangeAndFeeInTheSameAsset) {
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0), Coin(2 * COIN, 1)};
    ChangeRecorder change;
    SelectionRng rng(1);
    std::vector<Recipient> rs{{kDest, kFeeAsset, 3 * COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(20'000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    ASSERT_EQ(b->inputs.size(), 1u);
    EXPECT_EQ(b->inputs[0].value, 5 * COIN);
    ASSERT_EQ(b->tx.vout.size(), 3u);
    EXPECT_EQ(PaidTo(*b, kDest), 3 * COIN);
    ASSERT_EQ(b->change_outputs.size(), 1u);
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].script_pubkey, ChangeScriptOf(kFeeAsset).bytes());
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].value.GetAmount(), 2 * COIN - b->fee);
    // 1 P2PKH input, 2 P2PKH outputs and the fee output: 11 + 148 + 2 x 69 + 44 = 341 vbytes.
    EXPECT_EQ(b->estimated_vsize, 341u);
    EXPECT_EQ(b->fee, GetFeeForSize(20'000, 341));
    EXPECT_EQ(b->fee, 6820);
    EXPECT_EQ(change.calls[kFeeAsset], 1);
}

TEST(TxBuilderTest, MinFeeRateRaisesTheFee) {
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0)};
    ChangeRecorder change;
    SelectionRng rng(1);
    FeePolicy p = RatePolicy(1000);
    p.min_fee_rate = 5000;
    std::vector<Recipient> rs{{kDest, kFeeAsset, COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), p, rng);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->fee, GetFeeForSize(5000, b->estimated_vsize));
}

TEST(TxBuilderTest, MultiAssetChangePerAssetAndFeeInAnotherAsset) {
    std::vector<CoinCandidate> coins{Coin(10 * COIN, 0, kAssetA), Coin(7 * COIN, 1, kAssetB),
                                     Coin(COIN, 2, kFeeAsset), Coin(3 * COIN, 3, kAssetA)};
    ChangeRecorder change;
    SelectionRng rng(2);
    std::vector<Recipient> rs{{kDest, kAssetA, 4 * COIN, false}, {kDest2, kAssetB, 2 * COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(10'000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_EQ(PaidTo(*b, kDest), 4 * COIN);
    EXPECT_EQ(PaidTo(*b, kDest2), 2 * COIN);
    // A: the 10 coin (the smallest coin above 4 + MIN_CHANGE); B: the 7 coin; fee asset: the 1 coin.
    std::map<uint256, Amount> spent;
    for (const CoinCandidate& c : b->inputs) spent[c.asset] += c.value;
    EXPECT_EQ(spent[kAssetA], 10 * COIN);
    EXPECT_EQ(spent[kAssetB], 7 * COIN);
    EXPECT_EQ(spent[kFeeAsset], COIN);
    // Three change outputs, one per asset, each to that asset's change script.
    ASSERT_EQ(b->change_outputs.size(), 3u);
    std::map<uint256, Amount> change_values;
    for (size_t i : b->change_outputs) {
        const TxOut& o = b->tx.vout[i];
        EXPECT_EQ(o.script_pubkey, ChangeScriptOf(o.asset.GetAsset()).bytes());
        change_values[o.asset.GetAsset()] = o.value.GetAmount();
    }
    EXPECT_EQ(change_values[kAssetA], 6 * COIN);
    EXPECT_EQ(change_values[kAssetB], 5 * COIN);
    EXPECT_EQ(change_values[kFeeAsset], COIN - b->fee);
    EXPECT_EQ(b->tx.vout.back().asset.GetAsset(), kFeeAsset);
    EXPECT_GE(b->fee, GetFeeForSize(10'000, b->estimated_vsize));
    EXPECT_EQ(change.calls.size(), 3u);
    for (auto& [asset, n] : change.calls) EXPECT_EQ(n, 1);
}

TEST(TxBuilderTest, FeeAssetDifferentFromPaymentAsset) {
    std::vector<CoinCandidate> coins{Coin(2 * COIN, 0, kAssetA), Coin(50'000, 1, kFeeAsset),
                                     Coin(40'000, 2, kFeeAsset)};
    ChangeRecorder change;
    SelectionRng rng(3);
    std::vector<Recipient> rs{{kDest, kAssetA, 2 * COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(100'000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_EQ(PaidTo(*b, kDest), 2 * COIN);
    // No change in A (exact coin); the fee asset pays the fee (about 44,000 for ~440 vbytes: the 40,000
    // coin is too small, the 50,000 one pays it).
    EXPECT_EQ(b->tx.vout.back().asset.GetAsset(), kFeeAsset);
    EXPECT_GE(b->fee, GetFeeForSize(100'000, b->estimated_vsize));
    ASSERT_EQ(b->inputs.size(), 2u);
    EXPECT_EQ(b->inputs[1].asset, kFeeAsset);
    EXPECT_EQ(b->inputs[1].value, 50'000);
    ASSERT_EQ(b->change_outputs.size(), 1u);
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].asset.GetAsset(), kFeeAsset);
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].value.GetAmount(), 50'000 - b->fee);
    EXPECT_EQ(change.calls.count(kAssetA), 0u);
}

TEST(TxBuilderTest, FixedFeeIsExactAndSingle) {
    std::vector<CoinCandidate> coins{Coin(COIN + 100'000 + 500, 1)};
    ChangeRecorder change;
    SelectionRng rng(4);
    FeePolicy p;
    p.fee_asset = kFeeAsset;
    p.fixed_fee = 100'000;
    p.fee_rate = 50'000;  // ignored in fixed mode
    std::vector<Recipient> rs{{kDest, kFeeAsset, COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), p, rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_EQ(b->fee, 100'000);
    int fee_outputs = 0;
    for (const TxOut& o : b->tx.vout) fee_outputs += o.IsFee();
    EXPECT_EQ(fee_outputs, 1);
    // 500 of dust change stays an output: the fee must be exact.
    ASSERT_EQ(b->inputs.size(), 1u);
    EXPECT_EQ(b->inputs[0].value, COIN + 100'500);
    ASSERT_EQ(b->change_outputs.size(), 1u);
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].value.GetAmount(), 500);
}

TEST(TxBuilderTest, SubtractFeeFromAmountSplitsTheFee) {
    std::vector<CoinCandidate> coins{Coin(3 * COIN, 0)};
    ChangeRecorder change;
    SelectionRng rng(5);
    std::vector<Recipient> rs{{kDest, kFeeAsset, 2 * COIN, true}, {kDest2, kFeeAsset, COIN, true}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(10'001), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_TRUE(b->change_outputs.empty());  // the coin pays exactly the amounts
    const Amount fee = b->fee;
    EXPECT_EQ(fee, GetFeeForSize(10'001, b->estimated_vsize));
    EXPECT_EQ(PaidTo(*b, kDest), 2 * COIN - fee / 2 - fee % 2);  // the remainder from the first
    EXPECT_EQ(PaidTo(*b, kDest2), COIN - fee / 2);
    EXPECT_EQ(PaidTo(*b, kDest) + PaidTo(*b, kDest2) + fee, 3 * COIN);
}

TEST(TxBuilderTest, SubtractFeeOnlyInTheFeeAsset) {
    std::vector<CoinCandidate> coins{Coin(3 * COIN, 0, kAssetA), Coin(COIN, 1)};
    ChangeRecorder change;
    SelectionRng rng(5);
    std::vector<Recipient> rs{{kDest, kAssetA, COIN, true}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().code, kErrInvalidParameter);
}

TEST(TxBuilderTest, DustChangeGoesToTheFee) {
    // 1 input, payment + change + fee output = 341 vbytes -> fee 341 at 1000/kB; change 700 - 341 = 359 is
    // dust (P2PKH threshold 651), so it is added to the fee: fee = 700, no change output.
    const Amount amount = COIN;
    std::vector<CoinCandidate> coins{Coin(amount + 700, 0)};
    ChangeRecorder change;
    SelectionRng rng(6);
    std::vector<Recipient> rs{{kDest, kFeeAsset, amount, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_TRUE(b->change_outputs.empty());
    EXPECT_EQ(b->tx.vout.size(), 2u);
    EXPECT_EQ(b->fee, 700);
    EXPECT_EQ(PaidTo(*b, kDest), amount);

    // 2000 over: change 2000 - 341 = 1659 is not dust and stays.
    std::vector<CoinCandidate> more{Coin(amount + 2000, 0)};
    auto c = BuildTransaction(rs, more, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->fee, 341);
    ASSERT_EQ(c->change_outputs.size(), 1u);
    EXPECT_EQ(c->tx.vout[c->change_outputs[0]].value.GetAmount(), 1659);
}

TEST(TxBuilderTest, DustChangeWithSubtractFeeIsRaisedFromTheRecipient) {
    const Amount amount = COIN;
    std::vector<CoinCandidate> coins{Coin(amount + 300, 0)};
    ChangeRecorder change;
    SelectionRng rng(7);
    std::vector<Recipient> rs{{kDest, kFeeAsset, amount, true}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    ASSERT_EQ(b->change_outputs.size(), 1u);
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].value.GetAmount(), 651);  // the P2PKH dust threshold
    EXPECT_EQ(b->fee, 341);
    EXPECT_EQ(PaidTo(*b, kDest), amount - 341 - (651 - 300));
}

TEST(TxBuilderTest, ZeroFeeRateMeansNoFeeOutput) {
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0)};
    ChangeRecorder change;
    SelectionRng rng(8);
    std::vector<Recipient> rs{{kDest, kFeeAsset, 2 * COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(0), rng);
    ASSERT_TRUE(b.ok());
    CheckShape(*b);
    EXPECT_FALSE(b->fee_output.has_value());
    EXPECT_EQ(b->fee, 0);
    EXPECT_EQ(b->tx.vout.size(), 2u);
    EXPECT_EQ(b->tx.vout[b->change_outputs[0]].value.GetAmount(), 3 * COIN);
}

TEST(TxBuilderTest, Errors) {
    std::vector<CoinCandidate> coins{Coin(COIN, 0), Coin(COIN, 1)};
    ChangeRecorder change;
    SelectionRng rng(9);
    auto build = [&](Amount amount, bool subtract, FeePolicy p) {
        std::vector<Recipient> rs{{kDest, kFeeAsset, amount, subtract}};
        return BuildTransaction(rs, coins, change.Fn(), p, rng);
    };
    auto zero = build(0, false, RatePolicy(1000));
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().code, kErrInvalidAmount);
    EXPECT_EQ(zero.error().message, "Transaction amounts must be positive");
    EXPECT_EQ(build(-5, false, RatePolicy(1000)).error().code, kErrInvalidAmount);

    auto dust = build(600, false, RatePolicy(1000));
    ASSERT_FALSE(dust.ok());
    EXPECT_EQ(dust.error().code, kErrAmountTooSmall);
    EXPECT_EQ(dust.error().message, "Transaction amount too small");

    auto poor = build(2 * COIN, false, RatePolicy(1000));
    ASSERT_FALSE(poor.ok());
    EXPECT_EQ(poor.error().code, kErrInsufficientFunds);
    EXPECT_EQ(poor.error().message, "Insufficient funds");

    // A fee of ~25,600 taken from an output of 1000.
    auto small = build(1000, true, RatePolicy(100'000));
    ASSERT_FALSE(small.ok());
    EXPECT_EQ(small.error().code, kErrTooSmallForFee);
    EXPECT_EQ(small.error().message, "The transaction amount is too small to pay the fee");
    // Left positive but dust after the fee.
    auto after = build(900, true, RatePolicy(1000));  // 900 - 341 = 559 < 651
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().message,
              "The transaction amount is too small to send after the fee has been deducted");

    FeePolicy tiny = RatePolicy(1000);
    tiny.max_tx_weight = 1000;  // 250 vbytes: not even one input and two outputs
    auto large = build(COIN / 2, false, tiny);
    ASSERT_FALSE(large.ok());
    EXPECT_EQ(large.error().code, kErrTxTooLarge);
    EXPECT_EQ(large.error().message, "Transaction too large");

    ChangeScriptFn failing = [](const uint256&) -> Result<Script> {
        return Error("keypool", "Keypool ran out");
    };
    std::vector<Recipient> rs{{kDest, kFeeAsset, COIN / 2, false}};
    auto no_change = BuildTransaction(rs, coins, failing, RatePolicy(1000), rng);
    ASSERT_FALSE(no_change.ok());
    EXPECT_EQ(no_change.error().code, kErrChangeScript);
}

// BuildFundedTransaction at 20,000 per 1000 vbytes in kFeeAsset.
Result<BuiltTransaction> Funded(std::span<const Recipient> rs, std::span<const CoinCandidate> preset,
                                std::span<const CoinCandidate> coins, ChangeRecorder& change,
                                SelectionRng& rng, const std::map<uint256, Amount>& issued = {}) {
    return BuildFundedTransaction(rs, preset, issued, coins, change.Fn(), RatePolicy(20'000), rng);
}

// fundrawtransaction: a preset coin of too little value keeps its place, the wallet adds the rest.
TEST(TxBuilderTest, FundedTransactionKeepsPresetInputsFirst) {
    const CoinCandidate preset = Coin(1 * COIN, 200);
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0), Coin(4 * COIN, 1), preset};
    ChangeRecorder change;
    SelectionRng rng(7);
    std::vector<Recipient> rs{{kDest, kFeeAsset, 3 * COIN, false}};
    auto b = Funded(rs, std::span(&preset, 1), coins, change, rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    ASSERT_GE(b->inputs.size(), 2u);
    EXPECT_EQ(b->inputs[0].outpoint, preset.outpoint);
    // The candidate with the preset outpoint is not selected a second time.
    for (size_t i = 1; i < b->inputs.size(); ++i) EXPECT_NE(b->inputs[i].outpoint, preset.outpoint);
    EXPECT_EQ(PaidTo(*b, kDest), 3 * COIN);
    ASSERT_EQ(b->change_outputs.size(), 1u);
    EXPECT_GT(b->fee, 0);

    // Enough in the preset coin: nothing added, the rest is change.
    const CoinCandidate big = Coin(10 * COIN, 201);
    auto alone = Funded(rs, std::span(&big, 1), coins, change, rng);
    ASSERT_TRUE(alone.ok());
    CheckShape(*alone);
    ASSERT_EQ(alone->inputs.size(), 1u);
    EXPECT_EQ(alone->tx.vout[alone->change_outputs.at(0)].value.GetAmount(), 7 * COIN - alone->fee);
}

TEST(TxBuilderTest, FundedTransactionPresetOfAnotherAssetAndIssuance) {
    // A foreign preset coin of asset A that no output pays: it all comes back as A change, the fee comes
    // from the wallet's fee-asset coins.
    const CoinCandidate foreign = Coin(2 * COIN, 210, kAssetA);
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0)};
    ChangeRecorder change;
    SelectionRng rng(9);
    std::vector<Recipient> rs{{kDest, kFeeAsset, 1 * COIN, false}};
    auto b = Funded(rs, std::span(&foreign, 1), coins, change, rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_EQ(b->inputs.at(0).outpoint, foreign.outpoint);
    EXPECT_EQ(PaidTo(*b, ChangeScriptOf(kAssetA)), 2 * COIN);
    EXPECT_EQ(change.calls[kAssetA], 1);

    // An issuance on a preset input pays asset B: no B coin is needed, the rest of it is change.
    std::vector<Recipient> issued_to{{kDest2, kAssetB, 30 * COIN, false}};
    const CoinCandidate fee_coin = Coin(1 * COIN, 211);
    auto i = Funded(issued_to, std::span(&fee_coin, 1), coins, change, rng, {{kAssetB, 100 * COIN}});
    ASSERT_TRUE(i.ok()) << i.error().ToString();
    EXPECT_EQ(PaidTo(*i, kDest2), 30 * COIN);
    EXPECT_EQ(PaidTo(*i, ChangeScriptOf(kAssetB)), 70 * COIN);
    ASSERT_EQ(i->inputs.size(), 1u);

    // Not enough anywhere, and the same preset input twice.
    std::vector<Recipient> too_much{{kDest, kFeeAsset, 50 * COIN, false}};
    auto short_of = Funded(too_much, std::span(&foreign, 1), coins, change, rng);
    ASSERT_FALSE(short_of.ok());
    EXPECT_EQ(short_of.error().code, kErrInsufficientFunds);
    const std::vector<CoinCandidate> twice{foreign, foreign};
    auto dup = Funded(rs, twice, coins, change, rng);
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, kErrInvalidParameter);
}

TEST(TxBuilderTest, DataOutputOfZeroValueIsAllowed) {
    std::vector<CoinCandidate> coins{Coin(COIN, 0)};
    ChangeRecorder change;
    SelectionRng rng(10);
    const Script data = GetScriptForNullData(Bytes{1, 2, 3});
    std::vector<Recipient> rs{{kDest, kFeeAsset, COIN / 2, false}, {data, kFeeAsset, 0, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_EQ(PaidTo(*b, data), 0);
    bool found = false;
    for (const TxOut& o : b->tx.vout) found |= o.script_pubkey == data.bytes();
    EXPECT_TRUE(found);
}

TEST(TxBuilderTest, DeterministicWithASeedAndChangePositionVaries) {
    std::vector<CoinCandidate> coins;
    for (uint32_t i = 0; i < 50; ++i) coins.push_back(Coin((i + 1) * 1'000'000, i));
    ChangeRecorder change;
    std::vector<Recipient> rs{{kDest, kFeeAsset, 37'123'456, false}, {kDest2, kFeeAsset, 5'000'000, false}};
    std::set<size_t> positions;
    for (uint64_t seed = 0; seed < 24; ++seed) {
        SelectionRng r1(seed), r2(seed);
        auto a = BuildTransaction(rs, coins, change.Fn(), RatePolicy(5000), r1);
        auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(5000), r2);
        ASSERT_TRUE(a.ok());
        ASSERT_TRUE(b.ok());
        EXPECT_EQ(EncodeTransaction(a->tx), EncodeTransaction(b->tx));
        CheckShape(*a);
        // Recipients keep their order; the change goes anywhere before the fee output.
        ASSERT_EQ(a->change_outputs.size(), 1u);
        positions.insert(a->change_outputs[0]);
    }
    EXPECT_EQ(positions, (std::set<size_t>{0, 1, 2}));
}

// Many small coins: a payment that needs more inputs than one standard transaction holds.
std::vector<CoinCandidate> SmallCoins(size_t n, Amount value, const uint256& asset, uint32_t first_n = 0) {
    std::vector<CoinCandidate> coins;
    for (size_t i = 0; i < n; ++i) coins.push_back(Coin(value, first_n + static_cast<uint32_t>(i), asset));
    return coins;
}

void CheckSplit(const std::vector<BuiltTransaction>& txs, const FeePolicy& policy) {
    std::set<OutPoint> spent;
    for (const BuiltTransaction& t : txs) {
        CheckShape(t);
        EXPECT_LT(t.estimated_vsize * 4, policy.max_tx_weight);
        EXPECT_LT(UnsignedSize(t.tx) * 4, policy.max_tx_weight);
        EXPECT_GE(t.fee, GetFeeForSize(policy.fee_rate, t.estimated_vsize));
        ASSERT_TRUE(t.fee_output.has_value());
        EXPECT_EQ(t.tx.vout[*t.fee_output].asset.GetAsset(), policy.fee_asset);
        for (const CoinCandidate& c : t.inputs) EXPECT_TRUE(spent.insert(c.outpoint).second);
    }
}

TEST(TxBuilderTest, SplitLargePaymentSameFeeAsset) {
    const auto coins = SmallCoins(3000, COIN / 100, kFeeAsset);
    ChangeRecorder change;
    SelectionRng rng(11);
    const FeePolicy policy = RatePolicy(1000);
    const Amount amount = 25 * COIN + 12'345;

    // One transaction cannot hold 2500 P2PKH inputs.
    std::vector<Recipient> rs{{kDest, kFeeAsset, amount, false}};
    auto single = BuildTransaction(rs, coins, change.Fn(), policy, rng);
    ASSERT_FALSE(single.ok());
    EXPECT_EQ(single.error().code, kErrTxTooLarge);

    auto txs = BuildSplitPayment(rs[0], coins, change.Fn(), policy, rng);
    ASSERT_TRUE(txs.ok()) << txs.error().ToString();
    ASSERT_GE(txs->size(), 4u);  // ~670 inputs of 148 vbytes fit below 100,000 vbytes
    CheckSplit(*txs, policy);
    Amount paid = 0;
    for (const BuiltTransaction& t : *txs) paid += PaidTo(t, kDest);
    EXPECT_EQ(paid, amount);
    // Only the last one has change.
    for (size_t k = 0; k + 1 < txs->size(); ++k) EXPECT_TRUE((*txs)[k].change_outputs.empty());
}

TEST(TxBuilderTest, SplitLargePaymentWithSubtractFee) {
    const auto coins = SmallCoins(2000, COIN / 100, kFeeAsset);
    ChangeRecorder change;
    SelectionRng rng(12);
    const FeePolicy policy = RatePolicy(2000);
    const Recipient r{kDest, kFeeAsset, 15 * COIN, true};
    auto txs = BuildSplitPayment(r, coins, change.Fn(), policy, rng);
    ASSERT_TRUE(txs.ok()) << txs.error().ToString();
    ASSERT_GE(txs->size(), 3u);
    CheckSplit(*txs, policy);
    Amount paid = 0, fees = 0;
    for (const BuiltTransaction& t : *txs) {
        paid += PaidTo(t, kDest);
        fees += t.fee;
    }
    EXPECT_EQ(paid + fees, 15 * COIN);
}

TEST(TxBuilderTest, SplitLargePaymentFeeInAnotherAsset) {
    auto coins = SmallCoins(1500, COIN / 100, kAssetA);
    for (uint32_t i = 0; i < 10; ++i) coins.push_back(Coin(COIN, 100'000 + i, kFeeAsset));
    ChangeRecorder change;
    SelectionRng rng(13);
    const FeePolicy policy = RatePolicy(1000);
    const Recipient r{kDest, kAssetA, 14 * COIN + 1, false};
    auto txs = BuildSplitPayment(r, coins, change.Fn(), policy, rng);
    ASSERT_TRUE(txs.ok()) << txs.error().ToString();
    ASSERT_GE(txs->size(), 3u);
    CheckSplit(*txs, policy);
    Amount paid = 0;
    for (const BuiltTransaction& t : *txs) paid += PaidTo(t, kDest);
    EXPECT_EQ(paid, 14 * COIN + 1);
}

TEST(TxBuilderTest, SplitPaymentThatFitsIsOneTransaction) {
    const auto coins = SmallCoins(10, COIN, kFeeAsset);
    ChangeRecorder change;
    SelectionRng rng(14);
    auto txs =
        BuildSplitPayment({kDest, kFeeAsset, 3 * COIN, false}, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(txs.ok());
    ASSERT_EQ(txs->size(), 1u);
    EXPECT_EQ(PaidTo((*txs)[0], kDest), 3 * COIN);
    auto poor =
        BuildSplitPayment({kDest, kFeeAsset, 30 * COIN, false}, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_FALSE(poor.ok());
    EXPECT_EQ(poor.error().code, kErrInsufficientFunds);
}

TEST(TxBuilderTest, AnyAssetPlanOrdersByBalance) {
    AnyAssetRequest req;
    req.destination = kDest;
    req.amount = 10 * COIN;
    req.balances = {{kAssetA, 5 * COIN}, {kAssetB, 3 * COIN}, {kFeeAsset, 8 * COIN}};
    req.order = BalanceOrder::kDescending;
    auto desc = PlanAnyAssetPayment(req, uint256::FromByte0(0x01), 0);
    ASSERT_TRUE(desc.ok());
    ASSERT_EQ(desc->size(), 2u);
    EXPECT_EQ((*desc)[0].asset, kFeeAsset);
    EXPECT_EQ((*desc)[0].balance, 8 * COIN);
    EXPECT_EQ((*desc)[1].asset, kAssetA);
    EXPECT_EQ((*desc)[1].balance, 2 * COIN);

    req.order = BalanceOrder::kAscending;
    auto asc = PlanAnyAssetPayment(req, uint256::FromByte0(0x01), 0);
    ASSERT_TRUE(asc.ok());
    ASSERT_EQ(asc->size(), 3u);
    EXPECT_EQ((*asc)[0].asset, kAssetB);
    EXPECT_EQ((*asc)[0].balance, 3 * COIN);
    EXPECT_EQ((*asc)[1].asset, kAssetA);
    EXPECT_EQ((*asc)[1].balance, 5 * COIN);
    EXPECT_EQ((*asc)[2].asset, kFeeAsset);
    EXPECT_EQ((*asc)[2].balance, 2 * COIN);

    // The fee asset keeps its reserve back.
    req.order = BalanceOrder::kDescending;
    auto reserved = PlanAnyAssetPayment(req, kFeeAsset, 1000);
    ASSERT_TRUE(reserved.ok());
    EXPECT_EQ((*reserved)[0].balance, 8 * COIN - 1000);
    EXPECT_EQ((*reserved)[1].balance, 2 * COIN + 1000);

    req.amount = 17 * COIN;
    EXPECT_EQ(PlanAnyAssetPayment(req, kFeeAsset, 0).error().code, kErrInsufficientFunds);
    req.order = static_cast<BalanceOrder>(3);
    EXPECT_EQ(PlanAnyAssetPayment(req, kFeeAsset, 0).error().code, kErrInvalidParameter);
}

TEST(TxBuilderTest, AnyAssetPaymentOneOutputPerAssetWithMetadata) {
    std::vector<CoinCandidate> coins{Coin(5 * COIN, 0, kAssetA), Coin(3 * COIN, 1, kAssetB),
                                     Coin(COIN, 2, kFeeAsset)};
    ChangeRecorder change;
    SelectionRng rng(15);
    AnyAssetRequest req;
    req.destination = kDest;
    req.amount = 6 * COIN;
    req.balances = {{kAssetA, 5 * COIN}, {kAssetB, 3 * COIN}};
    req.order = BalanceOrder::kAscending;  // B first (3), then 3 of A
    req.metadata = Bytes{0xde, 0xad};
    auto txs = BuildAnyAssetPayment(req, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(txs.ok()) << txs.error().ToString();
    ASSERT_EQ(txs->size(), 1u);
    const BuiltTransaction& t = (*txs)[0];
    CheckShape(t);
    std::vector<std::pair<uint256, Amount>> to_dest;
    for (const TxOut& o : t.tx.vout)
        if (o.script_pubkey == kDest.bytes()) to_dest.emplace_back(o.asset.GetAsset(), o.value.GetAmount());
    ASSERT_EQ(to_dest.size(), 2u);
    EXPECT_EQ(to_dest[0], std::make_pair(kAssetB, 3 * COIN));
    EXPECT_EQ(to_dest[1], std::make_pair(kAssetA, 3 * COIN));
    // Change: 2 of A, the rest of the fee asset; the metadata output carries the data, value 0.
    const Script data = GetScriptForNullData(Bytes{0xde, 0xad});
    int data_outputs = 0;
    for (const TxOut& o : t.tx.vout) {
        if (o.script_pubkey != data.bytes()) continue;
        ++data_outputs;
        EXPECT_EQ(o.value.GetAmount(), 0);
    }
    EXPECT_EQ(data_outputs, 1);
    std::map<uint256, Amount> change_values;
    for (size_t i : t.change_outputs)
        change_values[t.tx.vout[i].asset.GetAsset()] = t.tx.vout[i].value.GetAmount();
    EXPECT_EQ(change_values[kAssetA], 2 * COIN);
    EXPECT_EQ(change_values[kFeeAsset], COIN - t.fee);
    EXPECT_EQ(change_values.count(kAssetB), 0u);
}

TEST(TxBuilderTest, AnyAssetPaymentSplitsWhenAsked) {
    auto coins = SmallCoins(900, COIN / 100, kAssetA);
    auto b = SmallCoins(900, COIN / 100, kAssetB, 5000);
    coins.insert(coins.end(), b.begin(), b.end());
    for (uint32_t i = 0; i < 10; ++i) coins.push_back(Coin(COIN, 200'000 + i, kFeeAsset));
    ChangeRecorder change;
    SelectionRng rng(16);
    AnyAssetRequest req;
    req.destination = kDest;
    req.amount = 15 * COIN;
    req.balances = {{kAssetA, 9 * COIN}, {kAssetB, 9 * COIN}};
    req.order = BalanceOrder::kDescending;
    const FeePolicy policy = RatePolicy(1000);

    auto unsplit = BuildAnyAssetPayment(req, coins, change.Fn(), policy, rng);
    ASSERT_FALSE(unsplit.ok());
    EXPECT_EQ(unsplit.error().code, kErrTxTooLarge);

    req.split_large_txs = true;
    auto txs = BuildAnyAssetPayment(req, coins, change.Fn(), policy, rng);
    ASSERT_TRUE(txs.ok()) << txs.error().ToString();
    ASSERT_GE(txs->size(), 3u);
    CheckSplit(*txs, policy);
    std::map<uint256, Amount> paid;
    for (const BuiltTransaction& t : *txs)
        for (const TxOut& o : t.tx.vout)
            if (o.script_pubkey == kDest.bytes()) paid[o.asset.GetAsset()] += o.value.GetAmount();
    // Equal balances: ties go by asset id, so A (0xaa) pays its 9 and B the remaining 6.
    EXPECT_EQ(paid[kAssetA], 9 * COIN);
    EXPECT_EQ(paid[kAssetB], 6 * COIN);
}

TEST(TxBuilderTest, HundredThousandCandidatesBuild) {
    std::vector<CoinCandidate> coins;
    coins.reserve(100'000);
    SelectionRng gen(17);
    for (uint32_t i = 0; i < 100'000; ++i)
        coins.push_back(Coin(static_cast<Amount>(1000 + gen.Below(COIN)), i));
    ChangeRecorder change;
    SelectionRng rng(18);
    std::vector<Recipient> rs{{kDest, kFeeAsset, 7 * COIN, false}};
    auto b = BuildTransaction(rs, coins, change.Fn(), RatePolicy(1000), rng);
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    CheckShape(*b);
    EXPECT_EQ(PaidTo(*b, kDest), 7 * COIN);
}

}  // namespace
}  // namespace ocean
