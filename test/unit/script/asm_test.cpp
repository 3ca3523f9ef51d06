#include "ocean/script/asm.h"

#include <gtest/gtest.h>

#include "ocean/util/hex.h"

namespace ocean {
namespace {

Script S(const std::string& hex) {
    auto s = Script::FromHex(hex);
    EXPECT_TRUE(s.has_value()) << hex;
    return s.value_or(Script());
}

// A real strict-DER signature from tx_policy_freezelist.json, without its hashtype byte.
const std::string kDer =
    "304402203884993fc6cbc658487271e89d93fb5f755df10c85ca68018d6c76ba28f7602a0220058ac8e9530eba2974dc1deba74"
    "2dd986dd09c42f4d42b4615073fd3293eac62";
const std::string kPubKey = "03cfc5042bd94bcd251030451cfb1ca8d4b3c720b63b9244c69b9814b80993508a";

std::string SigScript(const std::string& hashtype) {
    Script s;
    s << *ParseHex(kDer + hashtype) << *ParseHex(kPubKey);
    return s.ToHex();
}

TEST(Asm, OpcodesAndHashes) {
    EXPECT_EQ(ScriptToAsm(S("")), "");
    EXPECT_EQ(ScriptToAsm(S("76a914cb90fffd455c794b84c40a25234da897d9471bc388ac")),
              "OP_DUP OP_HASH160 cb90fffd455c794b84c40a25234da897d9471bc3 OP_EQUALVERIFY OP_CHECKSIG");
    EXPECT_EQ(ScriptToAsm(S("51")), "1");
    EXPECT_EQ(ScriptToAsm(S("6a")), "OP_RETURN");
    EXPECT_EQ(ScriptToAsm(S("4f5060")), "-1 OP_RESERVED 16");
    EXPECT_EQ(ScriptToAsm(S("b1b2b3b6b8c0c1c2c3ba")),
              "OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_WITHDRAWPROOFVERIFY OP_DEREGISTERADDRESS "
              "OP_REGISTERADDRESS OP_DETERMINISTICRANDOM OP_CHECKSIGFROMSTACK OP_CHECKSIGFROMSTACKVERIFY "
              "OP_SUBSTR_LAZY OP_UNKNOWN");
}

TEST(Asm, SmallPushesPrintAsNumbers) {
    EXPECT_EQ(ScriptToAsm(S("00")), "0");
    EXPECT_EQ(ScriptToAsm(S("0101")), "1");
    EXPECT_EQ(ScriptToAsm(S("0181")), "-1");
    EXPECT_EQ(ScriptToAsm(S("0180")), "0");  // negative zero
    EXPECT_EQ(ScriptToAsm(S("01ff")), "-127");
    EXPECT_EQ(ScriptToAsm(S("020102")), "513");
    EXPECT_EQ(ScriptToAsm(S("0100")), "0");
    EXPECT_EQ(ScriptToAsm(S("04ffffff7f")), "2147483647");
    EXPECT_EQ(ScriptToAsm(S("04ffffffff")), "-2147483647");
    EXPECT_EQ(ScriptToAsm(S("0400000080")), "0");
    EXPECT_EQ(ScriptToAsm(S("050000008000")), "0000008000");
    EXPECT_EQ(ScriptToAsm(S("4c00")), "0");          // empty push via PUSHDATA1
    EXPECT_EQ(ScriptToAsm(S("4d02000102")), "513");  // PUSHDATA2
    EXPECT_EQ(ScriptToAsm(S("0110b175")), "16 OP_CHECKLOCKTIMEVERIFY OP_DROP");
}

TEST(Asm, TruncatedPushPrintsError) {
    EXPECT_EQ(ScriptToAsm(S("4c")), "[error]");
    EXPECT_EQ(ScriptToAsm(S("7602aa")), "OP_DUP [error]");
    EXPECT_EQ(ScriptToAsm(S("76024d014d")), "OP_DUP 333 [error]");
    EXPECT_EQ(ScriptToAsm(S("764e0100")), "OP_DUP [error]");
    EXPECT_EQ(ScriptToAsm(S("76a9ac0b"), true), "OP_DUP OP_HASH160 OP_CHECKSIG [error]");
}

TEST(Asm, SighashDecodeInScriptSigs) {
    EXPECT_EQ(ScriptToAsm(S(SigScript("01")), true), kDer + "[ALL] " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("02")), true), kDer + "[NONE] " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("03")), true), kDer + "[SINGLE] " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("81")), true), kDer + "[ALL|ANYONECANPAY] " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("82")), true), kDer + "[NONE|ANYONECANPAY] " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("83")), true), kDer + "[SINGLE|ANYONECANPAY] " + kPubKey);
    // Undefined hashtypes are left as plain hex.
    EXPECT_EQ(ScriptToAsm(S(SigScript("00")), true), kDer + "00 " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("04")), true), kDer + "04 " + kPubKey);
    EXPECT_EQ(ScriptToAsm(S(SigScript("80")), true), kDer + "80 " + kPubKey);
    // Without the decode flag the hashtype byte is printed as part of the hex.
    EXPECT_EQ(ScriptToAsm(S(SigScript("01")), false), kDer + "01 " + kPubKey);
}

TEST(Asm, SighashDecodeNeedsStrictDer) {
    // A bare DER signature (no hashtype byte) fails the length check.
    Script bare;
    bare << *ParseHex(kDer);
    EXPECT_EQ(ScriptToAsm(bare, true), kDer);
    // Break the SEQUENCE tag.
    std::string broken = "31" + kDer.substr(2) + "01";
    Script s;
    s << *ParseHex(broken);
    EXPECT_EQ(ScriptToAsm(s, true), broken);
    // Not decoded inside an unspendable script.
    Script ret;
    ret << OP_RETURN << *ParseHex(kDer + "01");
    EXPECT_EQ(ScriptToAsm(ret, true), "OP_RETURN " + kDer + "01");
}

}  // namespace
}  // namespace ocean
