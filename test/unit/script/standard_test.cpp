#include "ocean/script/standard.h"

#include <gtest/gtest.h>

#include "ocean/crypto/hash.h"
#include "ocean/script/asm.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Script S(const std::string& hex) {
    auto s = Script::FromHex(hex);
    EXPECT_TRUE(s.has_value()) << hex;
    return s.value_or(Script());
}
Bytes H(const std::string& hex) {
    return *ParseHex(hex);
}

const std::string kKeyA = "02e25b06e4d9335441b681bf504736330307b6040c709d7572f37913f18786149b";
const std::string kKeyB = "03cfc5042bd94bcd251030451cfb1ca8d4b3c720b63b9244c69b9814b80993508a";
const std::string kKeyC = "0358e724de93a8ee6fff664cf83d530c8499aa84e869d393313736d9a5b3f74203";
const std::string kKey65 = "04" + std::string(128, '1');
const std::string kHash20 = "cb90fffd455c794b84c40a25234da897d9471bc3";

TxoutType TypeOf(const std::string& hex) {
    return Solve(S(hex)).type;
}

std::string Push(const std::string& hex) {
    Script s;
    s << H(hex);
    return s.ToHex();
}

// --- Each template and its near misses -------------------------------------------------------------

TEST(Solve, ScriptHash) {
    const auto r = Solve(S("a914" + kHash20 + "87"));
    EXPECT_EQ(r.type, TxoutType::kScriptHash);
    ASSERT_EQ(r.solutions.size(), 1u);
    EXPECT_EQ(HexStr(r.solutions[0]), kHash20);
    EXPECT_EQ(TypeOf("a914" + kHash20 + "88"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("a914" + kHash20 + "8700"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("a913" + kHash20.substr(2) + "87"), TxoutType::kNonstandard);
}

TEST(Solve, FeeIsTheEmptyScriptOnly) {
    EXPECT_EQ(TypeOf(""), TxoutType::kFee);
    EXPECT_TRUE(Solve(S("")).solutions.empty());
    EXPECT_EQ(TypeOf("00"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("61"), TxoutType::kNonstandard);
}

TEST(Solve, WitnessV0) {
    auto r = Solve(S("0014" + kHash20));
    EXPECT_EQ(r.type, TxoutType::kWitnessV0KeyHash);
    ASSERT_EQ(r.solutions.size(), 1u);
    EXPECT_EQ(HexStr(r.solutions[0]), kHash20);
    r = Solve(S("0020" + std::string(64, 'a')));
    EXPECT_EQ(r.type, TxoutType::kWitnessV0ScriptHash);
    EXPECT_EQ(r.solutions[0].size(), 32u);
    // Other v0 lengths and other versions are witness programs but not solvable.
    EXPECT_EQ(TypeOf("0015" + kHash20 + "00"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("5114" + kHash20), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("5120" + std::string(64, 'a')), TxoutType::kNonstandard);
    // Not witness programs at all (push with PUSHDATA1).
    EXPECT_EQ(TypeOf("004c14" + kHash20), TxoutType::kNonstandard);
}

TEST(Solve, RegisterAddress) {
    auto r = Solve(S("b8" + Push("aabbcc")));
    EXPECT_EQ(r.type, TxoutType::kRegisterAddressV0);
    ASSERT_EQ(r.solutions.size(), 1u);
    EXPECT_EQ(HexStr(r.solutions[0]), "aabbcc");
    EXPECT_EQ(TypeOf("b6" + Push("aabbcc")), TxoutType::kDeregisterAddressV0);
    r = Solve(S("b851" + Push("ddeeff")));
    EXPECT_EQ(r.type, TxoutType::kRegisterAddressV1);
    EXPECT_EQ(HexStr(r.solutions[0]), "ddeeff");
    EXPECT_EQ(TypeOf("b651" + Push("ddeeff")), TxoutType::kDeregisterAddressV1);
    EXPECT_EQ(TypeOf("b8"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("b851"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("b80101ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("b852"), TxoutType::kNonstandard);
    // Large payload via PUSHDATA2.
    EXPECT_EQ(TypeOf("b8" + Push(std::string(2 * 3000, 'e'))), TxoutType::kRegisterAddressV0);
}

TEST(Solve, TrueIsExactlyOpTrue) {
    EXPECT_EQ(TypeOf("51"), TxoutType::kTrue);
    EXPECT_EQ(TypeOf("5151"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("0101"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("52"), TxoutType::kNonstandard);
}

TEST(Solve, NullData) {
    EXPECT_EQ(TypeOf("6a"), TxoutType::kNullData);
    EXPECT_EQ(TypeOf("6a" + Push("76a914bc835aff853179fa88f2900f9003bb674e17ed4288ac")),
              TxoutType::kNullData);
    EXPECT_EQ(TypeOf("6a00514f"), TxoutType::kNullData);
    EXPECT_EQ(TypeOf("6a" + Push(std::string(2 * 300, 'f'))), TxoutType::kNullData);  // no size limit here
    EXPECT_EQ(TypeOf("6a76"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("6a02aa"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("006a"), TxoutType::kNonstandard);
    EXPECT_TRUE(Solve(S("6a0101")).solutions.empty());
}

TEST(Solve, PayToPubKey) {
    auto r = Solve(S(Push(kKeyA) + "ac"));
    EXPECT_EQ(r.type, TxoutType::kPubKey);
    ASSERT_EQ(r.solutions.size(), 1u);
    EXPECT_EQ(HexStr(r.solutions[0]), kKeyA);
    EXPECT_EQ(TypeOf(Push(kKey65) + "ac"), TxoutType::kPubKey);
    EXPECT_EQ(TypeOf(Push("06" + kKey65.substr(2)) + "ac"), TxoutType::kPubKey);  // hybrid: size-valid
    EXPECT_EQ(TypeOf(Push("05" + kKeyA.substr(2)) + "ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf(Push("04" + kKeyA.substr(2)) + "ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf(Push("02" + kKey65.substr(2)) + "ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf(Push(kKeyA) + "ad"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf(Push(kKeyA + "00") + "ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("4c21" + kKeyA + "ac"), TxoutType::kNonstandard);
}

TEST(Solve, PayToPubKeyHash) {
    auto r = Solve(S("76a914" + kHash20 + "88ac"));
    EXPECT_EQ(r.type, TxoutType::kPubKeyHash);
    EXPECT_EQ(HexStr(r.solutions.at(0)), kHash20);
    EXPECT_EQ(TypeOf("76a913" + kHash20.substr(2) + "88ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("76a914" + kHash20 + "87ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("76a914" + kHash20 + "88ad"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("a914" + kHash20 + "88ac"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("76a914" + kHash20 + "88ac00"), TxoutType::kNonstandard);
}

TEST(Solve, BareMultisig) {
    auto r = Solve(S("51" + Push(kKeyA) + Push(kKeyB) + "52ae"));
    EXPECT_EQ(r.type, TxoutType::kMultisig);
    ASSERT_EQ(r.solutions.size(), 4u);
    EXPECT_EQ(r.solutions[0], Bytes{1});
    EXPECT_EQ(HexStr(r.solutions[1]), kKeyA);
    EXPECT_EQ(HexStr(r.solutions[2]), kKeyB);
    EXPECT_EQ(r.solutions[3], Bytes{2});
    EXPECT_EQ(TypeOf("52" + Push(kKeyA) + Push(kKeyB) + Push(kKey65) + "53ae"), TxoutType::kMultisig);
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + "51ae"), TxoutType::kMultisig);

    EXPECT_EQ(TypeOf("53" + Push(kKeyA) + Push(kKeyB) + "52ae"), TxoutType::kNonstandard);  // m > n
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + Push(kKeyB) + "53ae"), TxoutType::kNonstandard);  // n != keys
    EXPECT_EQ(TypeOf("00" + Push(kKeyA) + "51ae"), TxoutType::kNonstandard);                // m = OP_0
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + "00ae"), TxoutType::kNonstandard);                // n = OP_0
    EXPECT_EQ(TypeOf("5100ae"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + Push("05" + kKeyB.substr(2)) + "52ae"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + Push(kKeyB) + "52af"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + Push(kKeyB) + "52ae51"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("51" + Push(kKeyA) + Push(kKeyB) + "5252ae"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("0151" + Push(kKeyA) + "51ae"), TxoutType::kNonstandard);  // m as a data push
    EXPECT_EQ(TypeOf("ae"), TxoutType::kNonstandard);
}

TEST(Solve, PolicyFakeKeysAreSizeValid) {
    const uint160 key_id(H("e70c6ce0d44c563aa37b8209e934fc9ec4f0c8dc"));
    const Script s = GetScriptForPolicyMultisig(H(kKeyA), key_id);
    EXPECT_EQ(
        s.ToHex(),
        "512102e25b06e4d9335441b681bf504736330307b6040c709d7572f37913f18786149b2102000000000000000000000000e7"
        "0c6ce0d44c563aa37b8209e934fc9ec4f0c8dc52ae");
    EXPECT_EQ(s.size(), 71u);
    const auto r = Solve(s);
    EXPECT_EQ(r.type, TxoutType::kMultisig);
    EXPECT_EQ(r.solutions.size(), 4u);
    EXPECT_EQ(KeyIdFromPolicyKey(r.solutions[2]), key_id);
    EXPECT_EQ(HexStr(MakePolicyFakeKey(key_id)),
              "02000000000000000000000000e70c6ce0d44c563aa37b8209e934fc9ec4f0c8dc");
    EXPECT_FALSE(KeyIdFromPolicyKey(H(kHash20)).has_value());
}

TEST(Solve, ReverseKeyTail) {
    const Bytes key = H(kKeyB);
    const Bytes rev = ReverseKeyTail(key);
    EXPECT_EQ(HexStr(ByteSpan(rev).first(3)), kKeyB.substr(0, 6));
    EXPECT_EQ(rev[32], key[3]);
    EXPECT_EQ(rev[3], key[32]);
    EXPECT_EQ(ReverseKeyTail(rev), key);
    EXPECT_EQ(ReverseKeyTail(H("0102")), H("0102"));
}

TEST(Solve, LockedMultisig) {
    const std::string body = "51" + Push(kKeyA) + Push(kKeyB) + Push(kKeyC) + "53ae";
    auto r = Solve(S("0110b175" + body));
    EXPECT_EQ(r.type, TxoutType::kLockedMultisig);
    ASSERT_EQ(r.solutions.size(), 6u);
    EXPECT_EQ(r.solutions[0], Bytes{0x10});
    EXPECT_EQ(r.solutions[1], Bytes{1});
    EXPECT_EQ(HexStr(r.solutions[4]), kKeyC);
    EXPECT_EQ(r.solutions[5], Bytes{3});
    EXPECT_EQ(TypeOf("050000008000b175" + body), TxoutType::kLockedMultisig);  // 5-byte lock time
    EXPECT_EQ(TypeOf("06000000800000b175" + body), TxoutType::kNonstandard);   // 6 bytes
    EXPECT_EQ(TypeOf("021000b175" + body), TxoutType::kNonstandard);           // non-minimal
    EXPECT_EQ(TypeOf("0180b175" + body), TxoutType::kNonstandard);             // negative zero
    EXPECT_EQ(TypeOf("60b175" + body), TxoutType::kNonstandard);               // OP_16 is not a push
    EXPECT_EQ(TypeOf("00b175" + body), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("0110b1" + body), TxoutType::kNonstandard);    // no DROP
    EXPECT_EQ(TypeOf("0110b275" + body), TxoutType::kNonstandard);  // CSV instead of CLTV
    EXPECT_EQ(TypeOf("0110b175"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("0110b175" + body + "51"), TxoutType::kNonstandard);
    EXPECT_EQ(TypeOf("0110b17552" + Push(kKeyA) + "51ae"), TxoutType::kNonstandard);
    // Negative lock times are minimal script numbers and are accepted by the template.
    EXPECT_EQ(TypeOf("0181b175" + body), TxoutType::kLockedMultisig);
    // A locked 1-of-1.
    EXPECT_EQ(TypeOf("02e803b17551" + Push(kKeyA) + "51ae"), TxoutType::kLockedMultisig);
}

// --- Destinations ----------------------------------------------------------------------------------

TEST(Destinations, SingleDestinationTypes) {
    EXPECT_EQ(ExtractDestination(S("76a914" + kHash20 + "88ac")), Destination(PKHash(H(kHash20))));
    EXPECT_EQ(ExtractDestination(S("a914" + kHash20 + "87")), Destination(ScriptHash(H(kHash20))));
    EXPECT_EQ(ExtractDestination(S(Push(kKeyA) + "ac")), Destination(PKHash(Hash160(H(kKeyA)))));
    for (const std::string& hex :
         {std::string(""), std::string("51"), std::string("6a"), "0014" + kHash20,
          "0020" + std::string(64, 'a'), "b8" + Push("aa"), "51" + Push(kKeyA) + "51ae"}) {
        EXPECT_EQ(ExtractDestination(S(hex)), Destination(NoDestination{})) << hex;
    }
}

TEST(Destinations, ExtractDestinationsShapes) {
    auto d = ExtractDestinations(S("76a914" + kHash20 + "88ac"));
    EXPECT_EQ(d.type, TxoutType::kPubKeyHash);
    EXPECT_TRUE(d.has_addresses());
    EXPECT_EQ(d.required, 1);
    ASSERT_EQ(d.addresses.size(), 1u);

    d = ExtractDestinations(S("52" + Push(kKeyA) + Push(kKeyB) + Push(kKeyC) + "53ae"));
    EXPECT_EQ(d.type, TxoutType::kMultisig);
    EXPECT_EQ(d.required, 2);
    ASSERT_EQ(d.addresses.size(), 3u);
    EXPECT_EQ(d.addresses[1], Destination(PKHash(Hash160(H(kKeyB)))));

    struct NoAddr {
        std::string hex;
        TxoutType type;
    } cases[] = {
        {"", TxoutType::kFee},
        {"51", TxoutType::kTrue},
        {"6a", TxoutType::kNullData},
        {"0014" + kHash20, TxoutType::kWitnessV0KeyHash},
        {"0020" + std::string(64, 'a'), TxoutType::kWitnessV0ScriptHash},
        {"b8" + Push("aa"), TxoutType::kRegisterAddressV0},
        {"b651" + Push("aa"), TxoutType::kDeregisterAddressV1},
        {"0110b17551" + Push(kKeyA) + "51ae", TxoutType::kLockedMultisig},
        {"ac", TxoutType::kNonstandard},
        {"5114" + kHash20, TxoutType::kNonstandard},
    };
    for (const auto& c : cases) {
        d = ExtractDestinations(S(c.hex));
        EXPECT_EQ(d.type, c.type) << c.hex;
        EXPECT_FALSE(d.has_addresses()) << c.hex;
    }
}

TEST(Destinations, TypeNames) {
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kNonstandard), "nonstandard");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kPubKey), "pubkey");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kPubKeyHash), "pubkeyhash");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kScriptHash), "scripthash");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kMultisig), "multisig");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kNullData), "nulldata");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kWitnessV0KeyHash), "witness_v0_keyhash");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kWitnessV0ScriptHash), "witness_v0_scripthash");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kTrue), "true");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kFee), "fee");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kLockedMultisig), "lockedmultisig");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kRegisterAddressV0), "registeraddress_v0");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kDeregisterAddressV0), "deregisteraddress_v0");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kRegisterAddressV1), "registeraddress_v1");
    EXPECT_EQ(GetTxoutTypeName(TxoutType::kDeregisterAddressV1), "deregisteraddress_v1");
}

// --- Builders --------------------------------------------------------------------------------------

TEST(Builders, DestinationScripts) {
    EXPECT_EQ(GetScriptForDestination(PKHash(H(kHash20))).ToHex(), "76a914" + kHash20 + "88ac");
    EXPECT_EQ(GetScriptForDestination(ScriptHash(H(kHash20))).ToHex(), "a914" + kHash20 + "87");
    EXPECT_EQ(GetScriptForDestination(WitnessV0KeyHash(H(kHash20))).ToHex(), "0014" + kHash20);
    const std::string h32(64, 'c');
    EXPECT_EQ(GetScriptForDestination(WitnessV0ScriptHash(H(h32))).ToHex(), "0020" + h32);
    EXPECT_TRUE(GetScriptForDestination(NoDestination{}).empty());
    // P2SH of a script and P2WSH of a script.
    const Script redeem = S("51");
    EXPECT_EQ(GetScriptForDestination(ScriptHash::FromScript(redeem)).ToHex(),
              "a914" + HexStr(Hash160(H("51"))) + "87");
    EXPECT_EQ(GetScriptForDestination(WitnessV0ScriptHash::FromScript(redeem)).ToHex(),
              "0020" + std::string("4ae81572f06e1b88fd5ced7a1a000945432e83e1551e6f721ee9c00b8cc33260"));
}

TEST(Builders, OtherTemplates) {
    EXPECT_EQ(GetScriptForRawPubKey(H(kKeyA)).ToHex(), "21" + kKeyA + "ac");
    const Bytes keys[] = {H(kKeyA), H(kKeyB), H(kKeyC)};
    EXPECT_EQ(GetScriptForMultisig(2, keys).ToHex(), "52" + Push(kKeyA) + Push(kKeyB) + Push(kKeyC) + "53ae");
    EXPECT_EQ(GetScriptForNullData(std::span<const Bytes>()).ToHex(), "6a");
    const Bytes pushes[] = {H("aa"), H("bbcc")};
    EXPECT_EQ(GetScriptForNullData(pushes).ToHex(), "6a01aa02bbcc");
    EXPECT_EQ(GetScriptForNullData(ByteSpan(H("76a914bc835aff853179fa88f2900f9003bb674e17ed4288ac"))).ToHex(),
              "6a1976a914bc835aff853179fa88f2900f9003bb674e17ed4288ac");
    uint256 c;
    c[0] = 0x11;
    c[31] = 0x22;
    const Script contract = GetScriptForContractHash(c);
    EXPECT_EQ(contract.ToHex(), "6a2011" + std::string(60, '0') + "22");
    EXPECT_EQ(Solve(contract).type, TxoutType::kNullData);
    const Script pegout = GetScriptForPegout(c, H(kHash20));
    ASSERT_TRUE(pegout.ParsePegout().has_value());
    EXPECT_EQ(pegout.ParsePegout()->parent_genesis, c);
    EXPECT_EQ(HexStr(pegout.ParsePegout()->destination), kHash20);
    EXPECT_EQ(GetScriptForRegisterAddress(true, 0, H("aabb")).ToHex(), "b802aabb");
    EXPECT_EQ(GetScriptForRegisterAddress(false, 1, H("aabb")).ToHex(), "b65102aabb");
    EXPECT_EQ(Solve(GetScriptForRegisterAddress(false, 1, H("aabb"))).type, TxoutType::kDeregisterAddressV1);
}

// --- Guardnode requests and bids (real scripts of conformance chain A) ------------------------------

// Request confirmed at height 300 (getrequests: end 599, start 399, 2 tickets, decay 1000, fee 10%, 5 coins).
const char* kRequest300 =
    "025702b1755121038b58b6cf949940c947e3b0a4f189974fc62c5253b556b87bfa9e09ad2222ed6d2102bccca7941832c338d2f6"
    "b37"
    "7e4edf0446380e7747fac0e0bbf668e30d501e64c21038f01000002000000e80300000a0000000065cd1d0000000000000000000"
    "00000"
    "53ae";
// Request confirmed at height 255 (end 474, start 299, 4 tickets, decay 50, fee 3%, 20 coins).
const char* kRequest255 =
    "02da01b17551210226167619e2acb5b5d3bc72463bd1505044a6c3a91edf2358a2481217df86a8572102bccca7941832c338d2f6"
    "b37"
    "7e4edf0446380e7747fac0e0bbf668e30d501e64c21032b010000040000003200000003000000009435770000000000000000000"
    "0000"
    "053ae";
// A bid on the height-255 request (fee key 02b94726…).
const char* kBid259 =
    "02da01b1755121037bc488e23b7bc5a48a89dca0f7748c997bc62a8f381c1ca2c77e0a09893fa38c2102d5d064d953a843f0e32d"
    "ffa"
    "bd29e3445aa491dc269fb6c2dbd163fead2304ad62102b94726d52d59f2c305b8c421d1677189e0ee56161683198ce93d361f2cf"
    "a41f"
    "d53ae";
const char* kGenesis = "4ce601d5308e66bf0b0eac7f74e7806344f0ede477b3f6d238c3321894a7ccbc";

TEST(Requests, ParseRealRequests) {
    auto r = ParseRequestScript(S(kRequest300));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->end_height, 599);
    EXPECT_EQ(r->genesis_hash.ToHex(), kGenesis);
    EXPECT_EQ(r->start_height, 399u);
    EXPECT_EQ(r->num_tickets, 2u);
    EXPECT_EQ(r->decay_const, 1000u);
    EXPECT_EQ(r->fee_percentage, 10u);
    EXPECT_EQ(r->start_price, 500000000);

    r = ParseRequestScript(S(kRequest255));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->end_height, 474);
    EXPECT_EQ(r->genesis_hash.ToHex(), kGenesis);
    EXPECT_EQ(r->start_height, 299u);
    EXPECT_EQ(r->num_tickets, 4u);
    EXPECT_EQ(r->decay_const, 50u);
    EXPECT_EQ(r->fee_percentage, 3u);
    EXPECT_EQ(r->start_price, 2000000000);

    EXPECT_EQ(S(kRequest300).size(), 110u);
    EXPECT_EQ(Solve(S(kRequest300)).type, TxoutType::kLockedMultisig);
    EXPECT_EQ(ScriptToAsm(S(kRequest300)).substr(0, 34), "599 OP_CHECKLOCKTIMEVERIFY OP_DROP");
}

TEST(Requests, BuildRequestReproducesTheRealScript) {
    RequestFields f;
    f.end_height = 599;
    f.genesis_hash = uint256::FromHex(kGenesis);
    f.start_height = 399;
    f.num_tickets = 2;
    f.decay_const = 1000;
    f.fee_percentage = 10;
    f.start_price = 500000000;
    const Bytes owner = H("038b58b6cf949940c947e3b0a4f189974fc62c5253b556b87bfa9e09ad2222ed6d");
    EXPECT_EQ(GetScriptForRequest(f, owner).ToHex(), kRequest300);
}

TEST(Requests, ParseAndBuildBid) {
    auto b = ParseBidScript(S(kBid259));
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->lock_height, 474);
    EXPECT_EQ(b->request_txid.ToHex(), "d64a30d2ea3f16bd2d6cfb69c21d49aa45349ed2abff2de3f043a853d964d0d5");
    EXPECT_EQ(HexStr(b->fee_pubkey), "02b94726d52d59f2c305b8c421d1677189e0ee56161683198ce93d361f2cfa41fd");
    const Script rebuilt =
        GetScriptForBid(474, H("037bc488e23b7bc5a48a89dca0f7748c997bc62a8f381c1ca2c77e0a09893fa38c"),
                        b->request_txid, b->fee_pubkey);
    EXPECT_EQ(rebuilt.ToHex(), kBid259);
}

TEST(Requests, RejectsOtherShapes) {
    // Two keys only.
    const Bytes two[] = {H(kKeyA), H(kKeyB)};
    EXPECT_FALSE(ParseRequestScript(GetScriptForLockedMultisig(100, 1, two)).has_value());
    EXPECT_FALSE(ParseBidScript(GetScriptForLockedMultisig(100, 1, two)).has_value());
    // 5-byte lock time: a valid template but not a 4-byte script number.
    const Bytes three[] = {H(kKeyA), H(kKeyB), H(kKeyC)};
    const Script five = GetScriptForLockedMultisig(int64_t{1} << 32, 1, three);
    EXPECT_EQ(Solve(five).type, TxoutType::kLockedMultisig);
    EXPECT_FALSE(ParseRequestScript(five).has_value());
    EXPECT_FALSE(ParseBidScript(five).has_value());
    // Not locked at all.
    EXPECT_FALSE(ParseRequestScript(GetScriptForMultisig(1, three)).has_value());
    EXPECT_TRUE(ParseRequestScript(GetScriptForLockedMultisig(7, 1, three)).has_value());
}

}  // namespace
}  // namespace ocean
