#include <gtest/gtest.h>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes Enc(uint64_t n) {
    Bytes b;
    VectorWriter w(b);
    WriteCompactSize(w, n);
    return b;
}

TEST(CompactSize, CanonicalEncodings) {
    EXPECT_EQ(HexStr(Enc(0)), "00");
    EXPECT_EQ(HexStr(Enc(252)), "fc");
    EXPECT_EQ(HexStr(Enc(253)), "fdfd00");
    EXPECT_EQ(HexStr(Enc(0xffff)), "fdffff");
    EXPECT_EQ(HexStr(Enc(0x10000)), "fe00000100");
    EXPECT_EQ(HexStr(Enc(0x100000000ULL)), "ff0000000001000000");
    for (uint64_t n : {0ULL, 1ULL, 252ULL, 253ULL, 65535ULL, 65536ULL, 0x02000000ULL}) {
        const Bytes b = Enc(n);
        SpanReader r(b);
        EXPECT_EQ(ReadCompactSize(r), n);
        EXPECT_TRUE(r.empty());
        EXPECT_EQ(CompactSizeLen(n), b.size());
    }
}

TEST(CompactSize, RejectsNonCanonicalAndOversize) {
    for (const char* hex : {"fdfc00", "fe00ff0000", "feffff0000", "ff00000000ffffffff", "fd00"}) {
        const Bytes b = *ParseHex(hex);
        SpanReader r(b);
        EXPECT_THROW(ReadCompactSize(r), DecodeError) << hex;
    }
    const Bytes big = Enc(0x02000001);
    SpanReader r(big);
    EXPECT_THROW(ReadCompactSize(r), DecodeError);
    SpanReader r2(big);
    EXPECT_EQ(ReadCompactSize(r2, false), 0x02000001u);
}

TEST(VarInt, SpecExamples) {
    const std::pair<uint64_t, const char*> cases[] = {{0, "00"},     {127, "7f"},     {128, "8000"},
                                                      {255, "807f"}, {16511, "ff7f"}, {65535, "82fe7f"}};
    for (const auto& [n, hex] : cases) {
        Bytes b;
        VectorWriter w(b);
        WriteVarInt(w, n);
        EXPECT_EQ(HexStr(b), hex);
        SpanReader r(b);
        EXPECT_EQ(ReadVarInt(r), n);
    }
    for (uint64_t n : {UINT64_MAX, UINT64_MAX - 1, uint64_t(1) << 63, uint64_t(123456789012345)}) {
        Bytes b;
        VectorWriter w(b);
        WriteVarInt(w, n);
        SpanReader r(b);
        EXPECT_EQ(ReadVarInt(r), n);
    }
    const Bytes overflow = *ParseHex("ffffffffffffffffffff7f");
    SpanReader r(overflow);
    EXPECT_THROW(ReadVarInt(r), DecodeError);
}

TEST(SpanReader, TruncationThrows) {
    const Bytes b = *ParseHex("0102");
    SpanReader r(b);
    EXPECT_THROW(ReadLE32(r), DecodeError);
    SpanReader r2(b);
    EXPECT_THROW(r2.take(3), DecodeError);
    const Bytes vec = *ParseHex("0501020304");
    SpanReader r3(vec);
    EXPECT_THROW(ReadBytes(r3), DecodeError);
}

TEST(Amount, FormatAndParse) {
    EXPECT_EQ(FormatMoney(0), "0.00000000");
    EXPECT_EQ(FormatMoney(1), "0.00000001");
    EXPECT_EQ(FormatMoney(COIN), "1.00000000");
    EXPECT_EQ(FormatMoney(-COIN / 2), "-0.50000000");
    EXPECT_EQ(FormatMoney(MAX_MONEY), "21000000.00000000");
    EXPECT_EQ(FormatMoney(INT64_MIN), "-92233720368.54775808");
    EXPECT_EQ(ParseMoney("1"), COIN);
    EXPECT_EQ(ParseMoney("0.00000001"), 1);
    EXPECT_EQ(ParseMoney("1e-8"), 1);
    EXPECT_EQ(ParseMoney("1E-8"), 1);
    EXPECT_EQ(ParseMoney("21000000"), MAX_MONEY);
    EXPECT_EQ(ParseMoney("-0.5"), -COIN / 2);
    EXPECT_EQ(ParseMoney("209999.99992300"), 20999999992300);
    EXPECT_FALSE(ParseMoney("0.000000001"));
    EXPECT_FALSE(ParseMoney(""));
    EXPECT_FALSE(ParseMoney("1.2.3"));
    EXPECT_FALSE(ParseMoney(" 1"));
    EXPECT_FALSE(ParseMoney("1a"));
    EXPECT_FALSE(ParseMoney("100000000000"));
    EXPECT_TRUE(MoneyRange(MAX_MONEY));
    EXPECT_FALSE(MoneyRange(MAX_MONEY + 1));
    EXPECT_FALSE(MoneyRange(-1));
}

}  // namespace
}  // namespace ocean
