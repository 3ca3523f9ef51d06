#include "ocean/script/script.h"

#include <gtest/gtest.h>

#include "ocean/util/hex.h"

namespace ocean {
namespace {

Script S(const char* hex) {
    auto s = Script::FromHex(hex);
    EXPECT_TRUE(s.has_value()) << hex;
    return s.value_or(Script());
}

Bytes Filled(size_t n, uint8_t v = 0xab) {
    return Bytes(n, v);
}

// --- Builder ---------------------------------------------------------------------------------------

TEST(ScriptBuilder, MinimalPushOpcodeBySize) {
    struct Case {
        size_t size;
        size_t header;
        uint8_t first;
    } cases[] = {
        {0, 1, 0x00},
        {1, 1, 0x01},
        {75, 1, 0x4b},
        {76, 2, OP_PUSHDATA1},
        {255, 2, OP_PUSHDATA1},
        {256, 3, OP_PUSHDATA2},
        {65535, 3, OP_PUSHDATA2},
        {65536, 5, OP_PUSHDATA4},
    };
    for (const auto& c : cases) {
        Script s;
        s << Filled(c.size);
        ASSERT_EQ(s.size(), c.header + c.size) << c.size;
        EXPECT_EQ(s[0], c.first) << c.size;
        // The parser gives the same bytes back.
        auto pc = s.begin();
        Opcode op;
        Bytes data;
        ASSERT_TRUE(s.GetOp(pc, op, data)) << c.size;
        EXPECT_EQ(op, static_cast<Opcode>(c.first));
        EXPECT_EQ(data, Filled(c.size));
        EXPECT_EQ(pc, s.end());
    }
    Script s256;
    s256 << Filled(256);
    EXPECT_EQ(HexStr(ByteSpan(s256.bytes()).first(3)), "4d0001");
    Script s65536;
    s65536 << Filled(65536);
    EXPECT_EQ(HexStr(ByteSpan(s65536.bytes()).first(5)), "4e00000100");
    Script s76;
    s76 << Filled(76);
    EXPECT_EQ(HexStr(ByteSpan(s76.bytes()).first(2)), "4c4c");
}

TEST(ScriptBuilder, PushIntUsesSmallIntegerOpcodes) {
    auto hex = [](int64_t n) {
        Script s;
        s.PushInt(n);
        return s.ToHex();
    };
    EXPECT_EQ(hex(0), "00");
    EXPECT_EQ(hex(-1), "4f");
    EXPECT_EQ(hex(1), "51");
    EXPECT_EQ(hex(16), "60");
    EXPECT_EQ(hex(17), "0111");
    EXPECT_EQ(hex(-2), "0182");
    EXPECT_EQ(hex(128), "028000");
    EXPECT_EQ(hex(-2147483647), "04ffffffff");
}

TEST(ScriptBuilder, ScriptNumPushesAsData) {
    // The lock-height form: always data, never OP_N (requests.md §3).
    auto hex = [](int64_t n) {
        Script s;
        s << ScriptNum(n);
        return s.ToHex();
    };
    EXPECT_EQ(hex(16), "0110");
    EXPECT_EQ(hex(118), "0176");
    EXPECT_EQ(hex(128), "028000");
    EXPECT_EQ(hex(20000), "02204e");
    EXPECT_EQ(hex(0), "00");
}

TEST(ScriptBuilder, OpcodesBlobsAndConcatenation) {
    Script s;
    s << OP_DUP << OP_HASH160 << uint160() << OP_EQUALVERIFY << OP_CHECKSIG;
    EXPECT_EQ(s.ToHex(), "76a914000000000000000000000000000000000000000088ac");
    Script t;
    t << OP_1;
    Script u = s + t;
    EXPECT_EQ(u.size(), 26u);
    u += t;
    EXPECT_EQ(u.size(), 27u);
    EXPECT_FALSE(Script::FromHex("0").has_value());
    EXPECT_FALSE(Script::FromHex("zz").has_value());
    EXPECT_TRUE(Script::FromHex("")->empty());
}

// --- GetOp -----------------------------------------------------------------------------------------

TEST(ScriptGetOp, TruncatedPushesFail) {
    const char* bad[] = {
        "01",          // direct push of 1, no data
        "4b00",        // direct push of 75, 1 byte
        "4c",          // PUSHDATA1 without length
        "4c01",        // PUSHDATA1 of 1 without data
        "4d",          // PUSHDATA2 without length
        "4d01",        // PUSHDATA2 with half a length
        "4d0100",      // PUSHDATA2 of 1, no data
        "4e",          // PUSHDATA4 without length
        "4e010000",    // PUSHDATA4 with 3 length bytes
        "4e01000000",  // PUSHDATA4 of 1, no data
        "4effffffff00",
    };
    for (const char* hex : bad) {
        Script s = S(hex);
        auto pc = s.begin();
        Opcode op = OP_NOP;
        Bytes data = {1, 2, 3};
        EXPECT_FALSE(s.GetOp(pc, op, data)) << hex;
        EXPECT_EQ(op, OP_INVALIDOPCODE) << hex;
        EXPECT_TRUE(data.empty()) << hex;
        EXPECT_EQ(pc, s.begin()) << hex;
        auto pc2 = s.begin();
        EXPECT_FALSE(s.GetOp(pc2, op)) << hex;
    }
}

TEST(ScriptGetOp, WalksInstructions) {
    Script s =
        S("004c00"
          "4d0100aa"
          "4e02000000bbcc"
          "51"
          "76");
    auto pc = s.begin();
    Opcode op;
    Bytes data;
    ASSERT_TRUE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_0);
    EXPECT_TRUE(data.empty());
    ASSERT_TRUE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_PUSHDATA1);
    EXPECT_TRUE(data.empty());
    ASSERT_TRUE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_PUSHDATA2);
    EXPECT_EQ(data, Bytes{0xaa});
    ASSERT_TRUE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_PUSHDATA4);
    EXPECT_EQ(data, (Bytes{0xbb, 0xcc}));
    ASSERT_TRUE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_1);
    EXPECT_TRUE(data.empty());
    ASSERT_TRUE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_DUP);
    EXPECT_EQ(pc, s.end());
    EXPECT_FALSE(s.GetOp(pc, op, data));
    EXPECT_EQ(op, OP_INVALIDOPCODE);
}

// --- Predicates ------------------------------------------------------------------------------------

TEST(ScriptPredicates, IsPushOnly) {
    EXPECT_TRUE(S("").IsPushOnly());
    EXPECT_TRUE(S("00514f60").IsPushOnly());
    EXPECT_TRUE(S("50").IsPushOnly());  // OP_RESERVED counts as a push
    EXPECT_TRUE(S("0201024c0103").IsPushOnly());
    EXPECT_FALSE(S("61").IsPushOnly());
    EXPECT_FALSE(S("0051ac").IsPushOnly());
    EXPECT_FALSE(S("0201").IsPushOnly());  // truncated
    Script s = S("6a0102");
    EXPECT_FALSE(s.IsPushOnly());
    EXPECT_TRUE(s.IsPushOnly(s.begin() + 1));
}

TEST(ScriptPredicates, IsUnspendable) {
    EXPECT_TRUE(S("").IsUnspendable());
    EXPECT_TRUE(S("6a").IsUnspendable());
    EXPECT_TRUE(S("6a0401020304").IsUnspendable());
    EXPECT_TRUE(S("b8").IsUnspendable());
    EXPECT_TRUE(S("b60100").IsUnspendable());
    EXPECT_FALSE(S("51").IsUnspendable());
    EXPECT_FALSE(S("516a").IsUnspendable());
    EXPECT_FALSE(S("b7").IsUnspendable());
    EXPECT_FALSE(S("b9").IsUnspendable());
    Script big(Bytes(kMaxScriptSize, OP_NOP));
    EXPECT_FALSE(big.IsUnspendable());
    Script bigger(Bytes(kMaxScriptSize + 1, OP_NOP));
    EXPECT_TRUE(bigger.IsUnspendable());
}

TEST(ScriptPredicates, PayToScriptHashExactForm) {
    EXPECT_TRUE(S("a914000000000000000000000000000000000000000087").IsPayToScriptHash());
    EXPECT_FALSE(S("a914000000000000000000000000000000000000000088").IsPayToScriptHash());
    EXPECT_FALSE(S("a9130000000000000000000000000000000000000087").IsPayToScriptHash());
    // Same push written with PUSHDATA1 is not P2SH.
    EXPECT_FALSE(S("a94c14000000000000000000000000000000000000000087").IsPayToScriptHash());
    EXPECT_FALSE(S("a91400000000000000000000000000000000000000008700").IsPayToScriptHash());
}

TEST(ScriptPredicates, WitnessPrograms) {
    int version = -1;
    Bytes program;
    Script p2wpkh =
        S("0014"
          "0102030405060708090a0b0c0d0e0f1011121314");
    ASSERT_TRUE(p2wpkh.IsWitnessProgram(version, program));
    EXPECT_EQ(version, 0);
    EXPECT_EQ(program.size(), 20u);
    EXPECT_FALSE(p2wpkh.IsPayToWitnessScriptHash());

    Script p2wsh(Bytes{0x00, 0x20});
    p2wsh += Script(Bytes(32, 0x11));
    EXPECT_TRUE(p2wsh.IsPayToWitnessScriptHash());
    ASSERT_TRUE(p2wsh.IsWitnessProgram(version, program));
    EXPECT_EQ(program.size(), 32u);

    EXPECT_TRUE(S("51020102").IsWitnessProgram(version, program));  // 4 bytes, v1
    EXPECT_EQ(version, 1);
    EXPECT_TRUE(S("6002aabb").IsWitnessProgram());       // v16
    EXPECT_FALSE(S("0001aa").IsWitnessProgram());        // 3 bytes: too short
    EXPECT_FALSE(S("4f020102").IsWitnessProgram());      // OP_1NEGATE is not a version
    EXPECT_FALSE(S("0003010203ff").IsWitnessProgram());  // push does not cover the rest
    Script longest(Bytes{0x00, 40});
    longest += Script(Bytes(40, 1));
    EXPECT_TRUE(longest.IsWitnessProgram());
    Script too_long(Bytes{0x00, 41});
    too_long += Script(Bytes(41, 1));
    EXPECT_FALSE(too_long.IsWitnessProgram());
}

TEST(ScriptPredicates, RegisterAddressDetection) {
    auto info = S("b80401020304").ParseRegisterAddress();
    ASSERT_TRUE(info.has_value());
    EXPECT_TRUE(info->is_register);
    EXPECT_EQ(info->version, 0);
    EXPECT_EQ(info->payload, (Bytes{1, 2, 3, 4}));

    info = S("b65102030401ff").ParseRegisterAddress();
    ASSERT_TRUE(info.has_value());
    EXPECT_FALSE(info->is_register);
    EXPECT_EQ(info->version, 1);
    EXPECT_EQ(info->payload, (Bytes{3, 4}));

    // An empty push (OP_0) is a push, and trailing pushes are ignored.
    info = S("b800").ParseRegisterAddress();
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->version, 0);
    EXPECT_TRUE(info->payload.empty());
    EXPECT_TRUE(S("b8010102aabb").IsRegisterAddressScript());
    EXPECT_TRUE(S("b85100").IsRegisterAddressScript());
    EXPECT_TRUE(S("b84c0100").IsRegisterAddressScript());

    EXPECT_FALSE(S("").IsRegisterAddressScript());
    EXPECT_FALSE(S("b8").IsRegisterAddressScript());        // nothing after the opcode
    EXPECT_FALSE(S("b851").IsRegisterAddressScript());      // v1 without a push
    EXPECT_FALSE(S("b852").IsRegisterAddressScript());      // OP_2 is neither form
    EXPECT_FALSE(S("b84f").IsRegisterAddressScript());      // OP_1NEGATE
    EXPECT_FALSE(S("b85151").IsRegisterAddressScript());    // OP_1 then OP_1 (not a data push)
    EXPECT_FALSE(S("b8010176").IsRegisterAddressScript());  // not push-only afterwards
    EXPECT_FALSE(S("b802aa").IsRegisterAddressScript());    // truncated push
    EXPECT_FALSE(S("6a0101").IsRegisterAddressScript());
    EXPECT_FALSE(S("b70101").IsRegisterAddressScript());
    EXPECT_FALSE(S("00b80101").IsRegisterAddressScript());
}

TEST(ScriptPredicates, Pegout) {
    Script s;
    s << OP_RETURN << Bytes(32, 0x11) << Bytes(20, 0x22);
    auto info = s.ParsePegout();
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->parent_genesis, uint256(Bytes(32, 0x11)));
    EXPECT_EQ(info->destination, Bytes(20, 0x22));
    Script extra = s;
    extra << OP_NOP;
    EXPECT_TRUE(extra.ParsePegout().has_value());

    Script short_hash;
    short_hash << OP_RETURN << Bytes(31, 0x11) << Bytes(20, 0x22);
    EXPECT_FALSE(short_hash.ParsePegout().has_value());
    Script no_dest;
    no_dest << OP_RETURN << Bytes(32, 0x11);
    EXPECT_FALSE(no_dest.ParsePegout().has_value());
    Script empty_dest;
    empty_dest << OP_RETURN << Bytes(32, 0x11) << OP_0;
    EXPECT_FALSE(empty_dest.ParsePegout().has_value());
    EXPECT_FALSE(S("51").ParsePegout().has_value());
}

// --- Sigops ----------------------------------------------------------------------------------------

TEST(ScriptSigOps, Counting) {
    EXPECT_EQ(S("").GetSigOpCount(true), 0u);
    EXPECT_EQ(S("ac").GetSigOpCount(false), 1u);
    EXPECT_EQ(S("acadc1c2").GetSigOpCount(false), 4u);  // CHECKSIG(VERIFY), CSFS(VERIFY)
    EXPECT_EQ(S("c0c3").GetSigOpCount(true), 0u);
    EXPECT_EQ(S("5253ae").GetSigOpCount(true), 3u);
    EXPECT_EQ(S("5253ae").GetSigOpCount(false), 20u);
    EXPECT_EQ(S("60af").GetSigOpCount(true), 16u);
    EXPECT_EQ(S("00ae").GetSigOpCount(true), 20u);  // OP_0 before CHECKMULTISIG is not OP_1..16
    EXPECT_EQ(S("ae").GetSigOpCount(true), 20u);
    EXPECT_EQ(S("0153ae").GetSigOpCount(true), 20u);  // a data push of 0x53 is not OP_3
    // A push containing 0xac does not count; parsing stops at a truncated push.
    EXPECT_EQ(S("01acac").GetSigOpCount(true), 1u);
    EXPECT_EQ(S("ac02ac").GetSigOpCount(true), 1u);
}

TEST(ScriptSigOps, PayToScriptHashCountsRedeemScript) {
    Script redeem =
        S("5221"
          "02"
          "0000000000000000000000000000000000000000000000000000000000000000"
          "21"
          "03"
          "0000000000000000000000000000000000000000000000000000000000000000"
          "52ae");
    Script p2sh;
    p2sh << OP_HASH160 << Bytes(20, 0) << OP_EQUAL;
    Script sig;
    sig << OP_0 << Bytes(71, 1) << redeem.bytes();
    EXPECT_EQ(p2sh.GetSigOpCount(sig), 2u);
    Script non_push = sig;
    non_push << OP_NOP;
    EXPECT_EQ(p2sh.GetSigOpCount(non_push), 0u);
    EXPECT_EQ(p2sh.GetSigOpCount(S("")), 0u);
    // Not P2SH: the script's own accurate count.
    EXPECT_EQ(redeem.GetSigOpCount(sig), 2u);
}

// --- FindAndDelete / CountOp -----------------------------------------------------------------------

TEST(ScriptEdit, FindAndDelete) {
    auto fad = [](const char* script, const char* needle, const char* expect, int n) {
        Script s = S(script);
        EXPECT_EQ(s.FindAndDelete(S(needle)), n) << script << " - " << needle;
        EXPECT_EQ(s.ToHex(), expect) << script << " - " << needle;
    };
    fad("76a9", "", "76a9", 0);
    fad("515151", "51", "", 3);
    fad("0251510251", "51", "0251510251", 0);    // only on instruction boundaries
    fad("0302ff030302ff03", "0302ff03", "", 2);  // consecutive copies
    fad("02feed5169", "feed51", "02feed5169", 0);
    fad("02feed5169", "02feed51", "69", 1);
    fad("516902feed5169", "feed51", "516902feed5169", 0);
    fad("516902feed5169", "02feed51", "516969", 1);
    fad("0003feed", "03feed", "00", 1);
    fad("0003feed", "00", "03feed", 1);
    // Needle matching across the remainder after a truncated push is still found at boundaries only.
    fad("ab4c", "4c", "ab", 1);
}

TEST(ScriptEdit, CountOp) {
    EXPECT_EQ(S("acac01ac").CountOp(OP_CHECKSIG), 2);
    EXPECT_EQ(S("ab51ab").CountOp(OP_CODESEPARATOR), 2);
    EXPECT_EQ(S("ab02ab").CountOp(OP_CODESEPARATOR), 1);
}

}  // namespace
}  // namespace ocean
