// The policy-list rules (policy.md §6–§8, §10, §18; kyc.md §6–§7.1): the contract-tweak and policy
// output vectors of policy.md §18, register payload parsing (v0/v1, all-or-nothing, -contractintx),
// the predicates and the outcome table of §7.2, the whitelist pre-check, -issuanceblock, and the list
// changes of confirmed transactions with the spend-the-token authorisation (a zero-value policy output
// changes nothing).
#include "ocean/mempool/policy_list_rules.h"

#include <gtest/gtest.h>

#include "ocean/consensus/genesis.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/key.h"
#include "ocean/mempool/policy.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

const uint256 kCbt = uint256::FromByte0(0xcb);

Bytes Hex(std::string_view h) {
    return ParseHex(h).value();
}
uint160 Id(std::string_view hex40) {
    return uint160(ByteSpan(Hex(hex40)));
}
uint160 Hash20(uint8_t b) {
    Bytes h(20, b);
    return uint160(ByteSpan(h));
}
Script P2PKH(const uint160& h) {
    return GetScriptForDestination(PKHash(h));
}
Script P2PKH(uint8_t b) {
    return P2PKH(Hash20(b));
}
Script P2SH(uint8_t b) {
    return GetScriptForDestination(ScriptHash(Hash20(b)));
}
TxOut Out(const Script& script, Amount value, const uint256& asset = kCbt) {
    TxOut out;
    out.asset.SetExplicit(asset);
    out.value.SetExplicit(value);
    out.script_pubkey = script.bytes();
    return out;
}
TxIn In(uint8_t n) {
    TxIn in;
    in.prevout = OutPoint(uint256::FromByte0(0x77), n);
    return in;
}
MutableTransaction MakeMut(std::vector<TxOut> vout, size_t n_in = 1) {
    MutableTransaction m;
    m.version = 2;
    for (size_t i = 0; i < n_in; ++i) m.vin.push_back(In(static_cast<uint8_t>(i)));
    m.vout = std::move(vout);
    return m;
}
Transaction MakeTx(std::vector<TxOut> vout, size_t n_in = 1) {
    return Transaction(MakeMut(std::move(vout), n_in));
}
Coin CoinOf(const Script& script, const uint256& asset = kCbt, Amount value = 100000) {
    return Coin(Out(script, value, asset), 1, false);
}

// Contract text of policy.md §18.
const uint256 kContract = ContractHashOfText("These are the terms\n");
const Bytes kA = Hex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
const Bytes kB = Hex("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");
const uint160 kTweakedA = Id("cc6d6742b1a910ede4bb16c41b2ac6dd09e04781");

TEST(PolicyListVectors, ContractTweakOfPolicyMd18) {
    EXPECT_EQ(HexStr(kContract.span()), "c9c2305fd2414ab74077c907ac4787766451dbe0112aac0353fea9b3489b59d9");
    EXPECT_EQ(kContract.ToHex(), "d9599b48b3a9fe5303ac2a11e0db5164768747ac07c97740b74a41d25f30c2c9");
    auto tweaked = PubKey(kA).TweakAdd(kContract);
    ASSERT_TRUE(tweaked);
    EXPECT_EQ(HexStr(tweaked->span()), "030c1bce24528ed74eded27c6bb2da88dd29545488a02a8519213b385251071a35");
    EXPECT_EQ(TweakedKeyId(kA, kContract), kTweakedA);
    // No contract: no tweak.
    EXPECT_EQ(TweakedKeyId(kA, uint256()), PubKey(kA).GetID());
    // Not a point.
    Bytes bad = kA;
    bad[0] = 0x05;
    EXPECT_FALSE(TweakedKeyId(bad, kContract));
}

TEST(PolicyListVectors, FreezelistPolicyOutputOfPolicyMd18) {
    const Script script = GetScriptForPolicyMultisig(kA, kTweakedA);
    EXPECT_EQ(
        HexStr(script.bytes()),
        "5121" + HexStr(kA) + "2102000000000000000000000000cc6d6742b1a910ede4bb16c41b2ac6dd09e0478152ae");
    EXPECT_EQ(PolicyOutputKeyId(script), kTweakedA);
    // 2-of-2 counts too (m is not checked); 1-of-3 and P2PKH do not.
    const Bytes key2 = MakePolicyFakeKey(kTweakedA);
    const std::vector<Bytes> two{kA, key2}, three{kA, key2, kB};
    EXPECT_EQ(PolicyOutputKeyId(GetScriptForMultisig(2, two)), kTweakedA);
    EXPECT_FALSE(PolicyOutputKeyId(GetScriptForMultisig(1, three)));
    EXPECT_FALSE(PolicyOutputKeyId(P2PKH(kTweakedA)));
    // The whitelist KYC-key scrambling of §18.
    EXPECT_EQ(HexStr(ReverseKeyTail(kB)),
              "02c604e59e705cb909acaba73cef8c4b8e775cd87cc0956e4045306d7ded41947f");
}

ListPolicyOptions TweakOptions(bool contract_in_tx = false) {
    ListPolicyOptions o;
    o.whitelist = o.freezelist = o.burnlist = true;
    o.SetContract(kContract);
    o.contract_in_tx = contract_in_tx;
    return o;
}

Bytes Cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(RegisterPayload, Version1Items) {
    const ListPolicyOptions o = TweakOptions();
    const Bytes derived = Cat({{0x00}, Bytes(kTweakedA.begin(), kTweakedA.end()), kA});
    auto r = ParseRegisterPayload(derived, 1, o);
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(*r, (std::vector<ListEntry>{{kTweakedA, false}}));

    // A multisig item: 1-of-2 of A and B, tweaked, in the given order.
    const std::vector<Bytes> keys{kA, kB};
    const auto script_id = TweakedMultisigId(1, keys, kContract);
    ASSERT_TRUE(script_id);
    const Bytes multi = Cat({{0x01, 0x01, 0x02}, Bytes(script_id->begin(), script_id->end()), kA, kB});
    r = ParseRegisterPayload(Cat({derived, multi}), 1, o);
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(*r, (std::vector<ListEntry>{{kTweakedA, false}, {*script_id, true}}));
    // The keys in the other order give another script id: the item fails, and with it everything.
    const Bytes swapped = Cat({{0x01, 0x01, 0x02}, Bytes(script_id->begin(), script_id->end()), kB, kA});
    EXPECT_FALSE(ParseRegisterPayload(Cat({derived, swapped}), 1, o));

    // All or nothing: a trailing byte, an unknown type, a wrong id, a short payload.
    EXPECT_FALSE(ParseRegisterPayload(Cat({derived, {0x00}}), 1, o));
    EXPECT_FALSE(ParseRegisterPayload(Cat({derived, {0x04}}), 1, o));
    const Bytes wrong = Cat({{0x00}, Bytes(20, 0x11), kA});
    EXPECT_FALSE(ParseRegisterPayload(wrong, 1, o));
    EXPECT_FALSE(ParseRegisterPayload(Bytes(19, 0), 1, o));
    // Untweaked id matches only when there is no contract.
    const uint160 plain_a = PubKey(kA).GetID();
    const Bytes untweaked = Cat({{0x00}, Bytes(plain_a.begin(), plain_a.end()), kA});
    EXPECT_FALSE(ParseRegisterPayload(untweaked, 1, o));
    ListPolicyOptions no_contract = o;
    no_contract.SetContract(uint256());
    EXPECT_TRUE(ParseRegisterPayload(untweaked, 1, no_contract));

    // Plain P2PKH/P2SH items only with -contractintx, where the derived check is skipped too.
    const Bytes plain = Cat({{0x03}, Bytes(20, 0x21), {0x02}, Bytes(20, 0x22)});
    EXPECT_FALSE(ParseRegisterPayload(plain, 1, o));
    r = ParseRegisterPayload(Cat({plain, untweaked}), 1, TweakOptions(true));
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(*r, (std::vector<ListEntry>{{Hash20(0x21), false}, {Hash20(0x22), true}, {plain_a, false}}));
}

TEST(RegisterPayload, Version0GuessesMultisigThenDerived) {
    const ListPolicyOptions o = TweakOptions();
    const std::vector<Bytes> keys{kB};
    const auto script_id = TweakedMultisigId(1, keys, kContract);
    ASSERT_TRUE(script_id);
    const Bytes multi = Cat({{0x01, 0x01}, Bytes(script_id->begin(), script_id->end()), kB});
    const Bytes derived = Cat({Bytes(kTweakedA.begin(), kTweakedA.end()), kA});
    auto r = ParseRegisterPayload(Cat({derived, multi, derived}), 0, o);
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(*r, (std::vector<ListEntry>{{kTweakedA, false}, {*script_id, true}, {kTweakedA, false}}));
    EXPECT_FALSE(ParseRegisterPayload(Cat({derived, Bytes(5, 0)}), 0, o));
}

class ListRules : public ::testing::Test {
  protected:
    void SetUp() override {
        auto p = ChainParams::FromOptions({{"policycoins", "100"},
                                           {"freezelistcoinsdestination", "51"},
                                           {"burnlistcoinsdestination", "51"},
                                           {"whitelistcoinsdestination", "51"},
                                           {"issuancecoinsdestination", "51"}},
                                          ContractTexts{});
        ASSERT_TRUE(p) << p.error().ToString();
        params_ = std::make_unique<ChainParams>(std::move(p).value());
        freeze_ = *params_->genesis_assets.freezelist;
        burn_ = *params_->genesis_assets.burnlist;
        white_ = *params_->genesis_assets.whitelist;
        issuance_ = *params_->genesis_assets.issuance;
        o_ = TweakOptions();
        lists_.Add(PolicyList::kFreezelist, {Hash20(1), false});
        lists_.Add(PolicyList::kFreezelist, {Hash20(2), false});
        lists_.Add(PolicyList::kBurnlist, {Hash20(1), false});
        lists_.Add(PolicyList::kWhitelist, {Hash20(5), false});
        lists_.Add(PolicyList::kWhitelist, {Hash20(6), true});
    }
    std::optional<std::string> Rules(const Transaction& tx, std::vector<Coin> spent) {
        return CheckFreezeAndBurnRules(tx, spent, lists_, o_);
    }

    std::unique_ptr<ChainParams> params_;
    uint256 freeze_, burn_, white_, issuance_;
    ListPolicyOptions o_;
    PolicyLists lists_;
};

TEST_F(ListRules, WhitelistPrecheck) {
    const auto check = [&](const Transaction& tx) { return PrecheckWhitelist(tx, lists_, *params_, 5); };
    const Script data = GetScriptForNullData(Bytes(4, 1));
    EXPECT_EQ(check(MakeTx({Out(P2PKH(5), 10), Out(P2SH(6), 10), Out(Script(), 1), Out(data, 0)})),
              WhitelistPrecheck::kPass);
    // The zero address passes (redemptions); a key id listed only as a script id does not.
    EXPECT_EQ(check(MakeTx({Out(P2PKH(0), 0), Out(P2SH(0), 0)})), WhitelistPrecheck::kPass);
    EXPECT_EQ(check(MakeTx({Out(P2PKH(6), 10)})), WhitelistPrecheck::kReject);
    EXPECT_EQ(check(MakeTx({Out(P2PKH(5), 10), Out(P2PKH(7), 10)})), WhitelistPrecheck::kReject);
    // Any other spendable type is never whitelisted; an unsolvable output fails before anything.
    EXPECT_EQ(check(MakeTx({Out(GetScriptForRawPubKey(kA), 10)})), WhitelistPrecheck::kReject);
    EXPECT_EQ(check(MakeTx({Out(Script() << OP_NOP, 10)})), WhitelistPrecheck::kReject);
    // All-burn passes.
    EXPECT_EQ(check(MakeTx({Out(data, 10)})), WhitelistPrecheck::kPass);
    // A policy-asset output: decided once the inputs are known.
    EXPECT_EQ(check(MakeTx({Out(P2PKH(7), 10), Out(P2PKH(7), 0, freeze_)})),
              WhitelistPrecheck::kPassIfPolicy);
    // An issuance in vin[0] skips every solvable output.
    Transaction issuing = [&] {
        MutableTransaction m = MakeMut({Out(P2PKH(7), 10)});
        m.vin[0].issuance.amount.SetExplicit(1000);
        return Transaction(std::move(m));
    }();
    EXPECT_EQ(check(issuing), WhitelistPrecheck::kPass);
}

TEST_F(ListRules, AuthorisedPolicyNeedsTheSpentAsset) {
    const Transaction tx = MakeTx({Out(P2PKH(7), 10), Out(P2PKH(7), 0, freeze_)});
    EXPECT_TRUE(IsPolicyTx(tx, *params_, 5));  // Ocean's reading
    EXPECT_FALSE(IsAuthorisedPolicyTx(tx, std::vector<Coin>{CoinOf(P2PKH(9))}, *params_, 5));
    EXPECT_FALSE(IsAuthorisedPolicyTx(tx, std::vector<Coin>{CoinOf(P2PKH(9), burn_)}, *params_, 5));
    EXPECT_TRUE(IsAuthorisedPolicyTx(tx, std::vector<Coin>{CoinOf(P2PKH(9), freeze_)}, *params_, 5));
}

TEST_F(ListRules, OutcomeTableOfPolicyMd72) {
    const Script burn = GetScriptForNullData(Bytes(4, 1));
    const Coin frozen1 = CoinOf(P2PKH(1)), frozen2 = CoinOf(P2PKH(2)), free = CoinOf(P2PKH(9));
    // All inputs frozen, only OP_RETURN, single burnlisted input: accepted.
    EXPECT_EQ(Rules(MakeTx({Out(burn, 100)}), {frozen1}), std::nullopt);
    // Frozen, only OP_RETURN, input not burnlisted.
    EXPECT_EQ(Rules(MakeTx({Out(burn, 100)}), {frozen2}), "freezelist-burn-no-burnlist");
    // Two burnlisted+frozen inputs: not "exactly one input".
    EXPECT_EQ(Rules(MakeTx({Out(burn, 100)}, 2), {frozen1, frozen1}), "freezelist-burn-no-burnlist");
    // Frozen and anything else (a fee output breaks all-burn).
    EXPECT_EQ(Rules(MakeTx({Out(burn, 100), Out(Script(), 1)}), {frozen1}), "freezelist-address-input");
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(5), 100)}), {frozen2}), "freezelist-address-input");
    // Mixed frozen and unfrozen: the freeze rule does not apply.
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(5), 100)}, 2), {frozen1, free}), std::nullopt);
    // Redemption: zero address plus freezelisted P2PKH and OP_RETURN only.
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(0), 0), Out(P2PKH(1), 50), Out(P2PKH(2), 50)}), {free}), std::nullopt);
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(0), 0), Out(P2PKH(3), 50)}), {free}), "redemption-tx-not-freezelisted");
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(0), 0), Out(P2PKH(1), 50), Out(Script(), 1)}), {free}),
              "redemption-tx-not-freezelisted");
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(0), 0), Out(P2SH(1), 50)}), {free}), "redemption-tx-not-freezelisted");
    // Burns from non-burnlisted inputs; a zero-value OP_RETURN is not a burn; unsolvable outputs are.
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(5), 100), Out(burn, 1)}), {free}), "burn-tx-not-burnlisted");
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(5), 100), Out(burn, 0)}), {free}), std::nullopt);
    EXPECT_EQ(Rules(MakeTx({Out(Script() << OP_NOP, 100)}), {free}), "burn-tx-not-burnlisted");
    const Script reg = GetScriptForRegisterAddress(true, 1, Bytes(20, 1));
    EXPECT_EQ(Rules(MakeTx({Out(reg, 5)}), {free}), "burn-tx-not-burnlisted");
    EXPECT_EQ(Rules(MakeTx({Out(reg, 0)}), {free}), std::nullopt);
    // A burnlisted (not frozen) single input may burn.
    lists_.Remove(PolicyList::kFreezelist, {Hash20(1), false});
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(5), 100), Out(burn, 1)}), {frozen1}), std::nullopt);
    // Flags off: nothing applies.
    o_.freezelist = o_.burnlist = false;
    EXPECT_EQ(Rules(MakeTx({Out(burn, 100)}), {frozen2}), std::nullopt);
    EXPECT_EQ(Rules(MakeTx({Out(P2PKH(0), 0), Out(P2PKH(3), 50)}), {free}), std::nullopt);
}

TEST_F(ListRules, IssuanceBlock) {
    o_.issuance_block = true;
    MutableTransaction m = MakeMut({Out(P2PKH(5), 10)});
    m.vin[0].issuance.amount.SetExplicit(1000);
    const Transaction issuing(m);
    const auto check = [&](const Transaction& tx, const Coin& c) {
        return CheckIssuanceBlock(tx, std::vector<Coin>{c}, lists_, o_, *params_, 5);
    };
    EXPECT_EQ(check(issuing, CoinOf(P2PKH(9))), "fblockissuancetx-non-issuance-asset");
    EXPECT_EQ(check(issuing, CoinOf(P2PKH(9), issuance_)), std::nullopt);
    MutableTransaction to_unlisted = m;
    to_unlisted.vout[0] = Out(P2PKH(7), 10);
    EXPECT_EQ(check(Transaction(to_unlisted), CoinOf(P2PKH(9), issuance_)),
              "fblockissuancetx-non-whitelisted-address");
    o_.whitelist = false;
    EXPECT_EQ(check(Transaction(to_unlisted), CoinOf(P2PKH(9), issuance_)), std::nullopt);
    // Reissuances and plain transactions are not restricted.
    MutableTransaction reissue = m;
    reissue.vin[0].issuance.asset_blinding_nonce = uint256::FromByte0(1);
    EXPECT_EQ(check(Transaction(reissue), CoinOf(P2PKH(9))), std::nullopt);
    EXPECT_EQ(check(MakeTx({Out(P2PKH(5), 10)}), CoinOf(P2PKH(9))), std::nullopt);
    o_.issuance_block = false;
    EXPECT_EQ(check(issuing, CoinOf(P2PKH(9))), std::nullopt);
}

TEST_F(ListRules, ListChangesNeedTheSpentToken) {
    const Script entry3 = GetScriptForPolicyMultisig(kA, Hash20(3));
    const Script entry4 = GetScriptForPolicyMultisig(kA, Hash20(4));
    const auto changes = [&](const Transaction& tx, std::vector<Coin> spent) {
        return ListChangesForTx(tx, spent, *params_, 5, o_);
    };
    // Spending a freezelist token: the spent entry is removed, then the new ones added (any asset).
    const Transaction tx =
        MakeTx({Out(entry4, 1, freeze_), Out(entry3, 0, kCbt), Out(P2PKH(9), 99, freeze_)}, 2);
    const std::vector<ListChange> expected = {{PolicyList::kFreezelist, {Hash20(3), false}, false},
                                              {PolicyList::kFreezelist, {Hash20(4), false}, true},
                                              {PolicyList::kFreezelist, {Hash20(3), false}, true}};
    EXPECT_EQ(changes(tx, {CoinOf(Script() << OP_TRUE, freeze_), CoinOf(entry3, freeze_, 1)}), expected);
    // The zero-value attack: vout[0] is a 0-value FREEZELIST entry, nothing of FREEZELIST is spent.
    const Transaction attack = MakeTx({Out(entry4, 0, freeze_), Out(P2PKH(9), 99)});
    EXPECT_TRUE(changes(attack, {CoinOf(P2PKH(9))}).empty());
    // Spending the burnlist token does not authorise a freezelist change (vout[0] decides the list).
    EXPECT_TRUE(changes(tx, {CoinOf(Script() << OP_TRUE, burn_)}).empty());
    const Transaction burn_tx = MakeTx({Out(entry4, 1, burn_)});
    EXPECT_EQ(changes(burn_tx, {CoinOf(Script() << OP_TRUE, burn_)}),
              (std::vector<ListChange>{{PolicyList::kBurnlist, {Hash20(4), false}, true}}));
    // A list that is not maintained changes nothing.
    o_.burnlist = false;
    EXPECT_TRUE(changes(burn_tx, {CoinOf(Script() << OP_TRUE, burn_)}).empty());
}

TEST_F(ListRules, WhitelistRegisterAndDeregister) {
    const Bytes payload = Cat({{0x00}, Bytes(kTweakedA.begin(), kTweakedA.end()), kA});
    const Script reg = GetScriptForRegisterAddress(true, 1, payload);
    const Script dereg = GetScriptForRegisterAddress(false, 1, payload);
    const auto changes = [&](const Transaction& tx, const Coin& c) {
        return ListChangesForTx(tx, std::vector<Coin>{c}, *params_, 5, o_);
    };
    const Coin token = CoinOf(Script() << OP_TRUE, white_);
    EXPECT_EQ(changes(MakeTx({Out(reg, 0, white_), Out(Script() << OP_TRUE, 100, white_)}), token),
              (std::vector<ListChange>{{PolicyList::kWhitelist, {kTweakedA, false}, true}}));
    EXPECT_EQ(changes(MakeTx({Out(Script() << OP_TRUE, 100, white_), Out(dereg, 0, white_)}), token),
              (std::vector<ListChange>{{PolicyList::kWhitelist, {kTweakedA, false}, false}}));
    // Not spending the WHITELIST asset, or the register output not in WHITELIST: nothing.
    EXPECT_TRUE(changes(MakeTx({Out(reg, 0, white_)}), CoinOf(P2PKH(9))).empty());
    EXPECT_TRUE(changes(MakeTx({Out(reg, 0, kCbt), Out(Script() << OP_TRUE, 100, white_)}), token).empty());
    // An unsolvable WHITELIST output before it stops processing; only the first register output counts.
    EXPECT_TRUE(changes(MakeTx({Out(Script() << OP_NOP, 100, white_), Out(reg, 0, white_)}), token).empty());
    EXPECT_EQ(changes(MakeTx({Out(dereg, 0, white_), Out(reg, 0, white_)}), token).size(), 1u);
    // A payload that fails applies nothing.
    const Script bad = GetScriptForRegisterAddress(true, 1, Cat({payload, {0x00}}));
    EXPECT_TRUE(changes(MakeTx({Out(bad, 0, white_), Out(Script() << OP_TRUE, 100, white_)}), token).empty());
}

}  // namespace
}  // namespace ocean
