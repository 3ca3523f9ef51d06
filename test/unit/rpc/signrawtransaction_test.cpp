// signrawtransaction and the raw issuance builders through the RPC table, without a chain (spent
// outputs come from prevtxs only): signing P2PKH and 2-of-3 P2SH multisig in passes, sighash names,
// the per-input error objects, Core's parameter errors; createrawburn / createrawissuance /
// createrawreissuance outputs decoded back (asset ids from primitives/asset.h, atoi-style numbers).
#include <gtest/gtest.h>

#include "ocean/crypto/wif.h"
#include "ocean/primitives/asset.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/script/address.h"
#include "ocean/script/sign.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "rpc_test_util.h"

namespace ocean {
namespace {

class SignRawHarness : public test::RPCTableCaller {
  public:
    SignRawHarness() {
        ctx_.chain_name = "ocean_test";
        ctx_.json.prefixes = PrefixesForChain(ctx_.chain_name);
        ctx_.table = &table_;
        RegisterSignRawTransactionRPCs(table_, ctx_);
        RegisterRawIssuanceRPCs(table_, ctx_);
        table_.SetWarmupFinished();
        for (uint8_t i = 1; i <= 3; ++i) {
            Bytes secret(32, 0);
            secret[31] = i;
            secret[5] = 0x77;
            keys_.push_back(*Key::FromBytes(secret));
        }
    }
    std::string Wif(size_t i) const { return EncodeWif(keys_[i], ctx_.json.prefixes.secret_key); }
    std::string Address(size_t i) const {
        return EncodeDestination(PKHash(keys_[i].GetPubKey().GetID()), ctx_.json.prefixes);
    }
    Script P2PKH(size_t i) const { return GetScriptForDestination(PKHash(keys_[i].GetPubKey().GetID())); }

    RPCContext ctx_;
    std::vector<Key> keys_;
};

const uint256 kPrevTxid =
    uint256::FromHex("aa00000000000000000000000000000000000000000000000000000000000001");
const uint256 kAsset = uint256::FromHex("5ac9f65c0efcc4775e0baec4ec03abdde22473cd3cf33c0419ca290e0751b225");

std::string UnsignedSpend(const Script& to) {
    MutableTransaction tx;
    TxIn in;
    in.prevout = OutPoint(kPrevTxid, 1);
    tx.vin.push_back(in);
    TxOut out;
    out.asset = ConfidentialAsset(kAsset);
    out.value = ConfidentialValue(90'000);
    out.script_pubkey = to.bytes();
    tx.vout.push_back(out);
    TxOut fee = out;
    fee.value = ConfidentialValue(10'000);
    fee.script_pubkey.clear();
    tx.vout.push_back(fee);
    return HexStr(EncodeTransaction(tx));
}

Json Prev(const Script& spk, const Script* redeem = nullptr) {
    Json p = {{"txid", kPrevTxid.ToHex()}, {"vout", 1}, {"scriptPubKey", spk.ToHex()}, {"amount", 0.001}};
    if (redeem) p["redeemScript"] = redeem->ToHex();
    return Json::array({p});
}

MutableTransaction Decode(const Json& hex) {
    return *DecodeMutableTransaction(*ParseHex(hex.get<std::string>()));
}

TEST(SignRawTransactionRpc, SignsP2PKHWithPrevtxsAndKey) {
    SignRawHarness h;
    const std::string raw = UnsignedSpend(h.P2PKH(1));
    Json r = h.Call("signrawtransaction", {raw, Prev(h.P2PKH(0)), Json::array({h.Wif(0)})});
    EXPECT_EQ(r["complete"], true);
    EXPECT_FALSE(r.contains("errors"));
    const MutableTransaction tx = Decode(r["hex"]);
    EXPECT_EQ(VerifyInput(tx, 0, h.P2PKH(0), ConfidentialValue(100'000), kStandardScriptVerifyFlags),
              std::nullopt);

    // Without the key: incomplete, with Core's error object.
    r = h.Call("signrawtransaction", {raw, Prev(h.P2PKH(0)), Json::array({h.Wif(1)})});
    EXPECT_EQ(r["complete"], false);
    ASSERT_EQ(r["errors"].size(), 1u);
    EXPECT_EQ(r["errors"][0]["txid"], kPrevTxid.ToHex());
    EXPECT_EQ(r["errors"][0]["vout"], 1);
    EXPECT_EQ(r["errors"][0]["scriptSig"], "");
    EXPECT_EQ(r["errors"][0]["sequence"], 0xffffffffu);
    EXPECT_EQ(r["errors"][0]["error"], "Operation not valid with the current stack size");
    // Without prevtxs and without a chain the input is unknown.
    r = h.Call("signrawtransaction", {raw});
    EXPECT_EQ(r["errors"][0]["error"], "Input not found or already spent");
}

TEST(SignRawTransactionRpc, MultisigInTwoPassesAndMergedCopies) {
    SignRawHarness h;
    std::vector<Bytes> pubkeys;
    for (const Key& k : h.keys_) pubkeys.push_back(k.GetPubKey().ToBytes());
    const Script redeem = GetScriptForMultisig(2, pubkeys);
    const Script p2sh = GetScriptForDestination(ScriptHash::FromScript(redeem));
    const std::string raw = UnsignedSpend(h.P2PKH(0));
    const Json prev = Prev(p2sh, &redeem);
    const Json a = h.Call("signrawtransaction", {raw, prev, Json::array({h.Wif(2)})});
    EXPECT_EQ(a["complete"], false);
    const Json b = h.Call("signrawtransaction", {a["hex"], prev, Json::array({h.Wif(0)})});
    EXPECT_EQ(b["complete"], true);
    const Json c = h.Call("signrawtransaction", {raw, prev, Json::array({h.Wif(1)})});
    EXPECT_EQ(c["complete"], false);
    // Two partially signed copies, concatenated, merge without keys.
    const Json merged =
        h.Call("signrawtransaction", {a["hex"].get<std::string>() + c["hex"].get<std::string>(), prev});
    EXPECT_EQ(merged["complete"], true);
}

TEST(SignRawTransactionRpc, SighashTypesAndErrors) {
    SignRawHarness h;
    const std::string raw = UnsignedSpend(h.P2PKH(1));
    const Json prev = Prev(h.P2PKH(0));
    const Json keys = Json::array({h.Wif(0)});
    for (const char* type :
         {"ALL", "NONE", "SINGLE", "ALL|ANYONECANPAY", "NONE|ANYONECANPAY", "SINGLE|ANYONECANPAY"}) {
        const Json r = h.Call("signrawtransaction", {raw, prev, keys, type});
        EXPECT_EQ(r["complete"], true) << type;
        const MutableTransaction tx = Decode(r["hex"]);
        const Bytes& ss = tx.vin[0].script_sig;
        // The signature push ends with the hash type byte.
        EXPECT_EQ(ss[ss[0]], static_cast<uint8_t>(*ParseSigHashType(type))) << type;
    }
    using P = std::pair<int, std::string>;
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, prev, keys, "all"}), P(-8, "Invalid sighash param"));
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, prev, Json::array({"x"})}), P(-5, "Invalid private key"));
    EXPECT_EQ(h.Fail("signrawtransaction", {"zz"}),
              P(-8, "argument 1 must be hexadecimal string (not 'zz')"));
    EXPECT_EQ(h.Fail("signrawtransaction", {"00"}), P(-22, "TX decode failed"));
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, Json::object()}), P(-3, "Expected type array, got object"));
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, Json::array({1})}).first, -22);
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, Json::array({Json{{"vout", 1}}})}), P(-3, "Missing txid"));
    Json bad_vout = Prev(h.P2PKH(0));
    bad_vout[0]["vout"] = -1;
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, bad_vout}), P(-22, "vout must be positive"));
    const Script p2sh = GetScriptForDestination(ScriptHash::FromScript(h.P2PKH(0)));
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, Prev(p2sh), keys}), P(-3, "Missing redeemScript"));
    // The same outpoint twice with different scripts.
    Json twice = Prev(h.P2PKH(0));
    twice.push_back(Prev(h.P2PKH(1))[0]);
    EXPECT_EQ(h.Fail("signrawtransaction", {raw, twice}).first, -22);
}

TEST(RawIssuanceRpc, BurnIssuanceAndReissuance) {
    SignRawHarness h;
    Json burn = h.Call("createrawburn", {kPrevTxid.ToHex(), "3xyz", kAsset.ToHex(), "1.5"});
    MutableTransaction tx = Decode(burn["hex"]);
    ASSERT_EQ(tx.vin.size(), 1u);
    EXPECT_EQ(tx.vin[0].prevout, OutPoint(kPrevTxid, 3));  // atoi("3xyz") = 3
    ASSERT_EQ(tx.vout.size(), 1u);
    EXPECT_EQ(tx.vout[0].script_pubkey, Bytes{0x6a});
    EXPECT_EQ(tx.vout[0].value.GetAmount(), 150'000'000);
    EXPECT_EQ(tx.vout[0].asset.GetAsset(), kAsset);
    EXPECT_EQ(h.Fail("createrawburn", {kPrevTxid.ToHex(), "1", kAsset.ToHex()}).first, -1);

    const Json issue = h.Call("createrawissuance", {h.Address(0), 100, h.Address(1), "0.5", h.Address(2), 7,
                                                    "3", kPrevTxid.ToHex(), "2"});
    tx = Decode(issue["rawtx"]);
    const uint256 entropy = ComputeIssuanceEntropy(OutPoint(kPrevTxid, 2), uint256());
    EXPECT_EQ(issue["entropy"], entropy.ToHex());
    EXPECT_EQ(issue["asset"], ComputeAssetId(entropy).ToHex());
    EXPECT_EQ(issue["token"], ComputeReissuanceToken(entropy, false).ToHex());
    EXPECT_EQ(issue["vin"], 0);
    EXPECT_EQ(tx.vin[0].issuance.amount.GetAmount(), 100 * COIN);
    EXPECT_EQ(tx.vin[0].issuance.inflation_keys.GetAmount(), COIN / 2);
    ASSERT_EQ(tx.vout.size(), 5u);  // asset, token, 3 change outputs
    Amount change = 0;
    for (size_t i = 2; i < 5; ++i) change += tx.vout[i].value.GetAmount();
    EXPECT_EQ(change, 7 * COIN);
    EXPECT_EQ(tx.vout[4].value.GetAmount(), 7 * COIN - 2 * (7 * COIN / 3));
    EXPECT_EQ(h.Fail("createrawissuance",
                     {h.Address(0), 100, h.Address(1), 1, h.Address(2), 7, "0", kPrevTxid.ToHex(), "2"})
                  .first,
              -8);
    EXPECT_EQ(h.Fail("createrawissuance",
                     {h.Address(0), 100, h.Address(1), 1, h.Address(2), 7, 3, kPrevTxid.ToHex(), "2"})
                  .first,
              -1);

    const Json re = h.Call("createrawreissuance",
                           {h.Address(0), 5, h.Address(1), 1, kPrevTxid.ToHex(), "1", entropy.ToHex()});
    tx = Decode(re["hex"]);
    EXPECT_TRUE(tx.vin[0].issuance.IsReissuance());
    EXPECT_EQ(tx.vin[0].issuance.asset_entropy, entropy);
    EXPECT_EQ(tx.vin[0].issuance.amount.GetAmount(), 5 * COIN);
    EXPECT_TRUE(tx.vin[0].issuance.inflation_keys.IsNull());
    EXPECT_EQ(re["asset"], issue["asset"]);
    EXPECT_EQ(re["token"], issue["token"]);
    EXPECT_EQ(tx.vout[1].asset.GetAsset(), ComputeReissuanceToken(entropy, false));
}

}  // namespace
}  // namespace ocean
