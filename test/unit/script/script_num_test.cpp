#include "ocean/script/script_num.h"

#include <gtest/gtest.h>

#include <limits>

#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes H(const char* hex) {
    return *ParseHex(hex);
}

std::string Ser(int64_t v) {
    return HexStr(ScriptNum::Serialize(v));
}

TEST(ScriptNum, SerializeEdgeCases) {
    EXPECT_EQ(Ser(0), "");
    EXPECT_EQ(Ser(1), "01");
    EXPECT_EQ(Ser(-1), "81");
    EXPECT_EQ(Ser(16), "10");
    EXPECT_EQ(Ser(127), "7f");
    EXPECT_EQ(Ser(-127), "ff");
    EXPECT_EQ(Ser(128), "8000");
    EXPECT_EQ(Ser(-128), "8080");
    EXPECT_EQ(Ser(255), "ff00");
    EXPECT_EQ(Ser(-255), "ff80");
    EXPECT_EQ(Ser(256), "0001");
    EXPECT_EQ(Ser(-256), "0081");
    EXPECT_EQ(Ser(32767), "ff7f");
    EXPECT_EQ(Ser(32768), "008000");
    EXPECT_EQ(Ser(20000), "204e");
    EXPECT_EQ(Ser(2147483647), "ffffff7f");
    EXPECT_EQ(Ser(-2147483647), "ffffffff");
    EXPECT_EQ(Ser(2147483648LL), "0000008000");
    EXPECT_EQ(Ser(-2147483648LL), "0000008080");
    EXPECT_EQ(Ser(549755813887LL), "ffffffff7f");  // 2^39 - 1: largest 5-byte value
    EXPECT_EQ(Ser(std::numeric_limits<int64_t>::max()), "ffffffffffffff7f");
    EXPECT_EQ(Ser(std::numeric_limits<int64_t>::min()), "000000000000008080");
}

TEST(ScriptNum, DecodeValues) {
    auto dec = [](const char* hex, bool minimal = true, size_t max = 4) {
        auto r = ScriptNum::Decode(H(hex), minimal, max);
        EXPECT_TRUE(r.ok()) << hex;
        return r.ok() ? r->value() : -999;
    };
    EXPECT_EQ(dec(""), 0);
    EXPECT_EQ(dec("01"), 1);
    EXPECT_EQ(dec("81"), -1);
    EXPECT_EQ(dec("7f"), 127);
    EXPECT_EQ(dec("8000"), 128);
    EXPECT_EQ(dec("8080"), -128);
    EXPECT_EQ(dec("ff00"), 255);
    EXPECT_EQ(dec("ffffff7f"), 2147483647);
    EXPECT_EQ(dec("ffffffff"), -2147483647);
    EXPECT_EQ(dec("0000008000", true, 5), 2147483648LL);
    EXPECT_EQ(dec("ffffffff7f", true, 5), 549755813887LL);
    EXPECT_EQ(dec("ffffffffff", true, 5), -549755813887LL);
    // Non-minimal encodings still decode when minimality is not required.
    EXPECT_EQ(dec("80", false), 0);  // negative zero
    EXPECT_EQ(dec("00", false), 0);
    EXPECT_EQ(dec("0100", false), 1);
    EXPECT_EQ(dec("0180", false), -1);
    EXPECT_EQ(dec("00000080", false), 0);
    EXPECT_EQ(dec("ffffffffffffff7f", false, 8), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(dec("ffffffffffffffff", false, 8), -std::numeric_limits<int64_t>::max());
}

TEST(ScriptNum, SizeLimits) {
    auto r4 = ScriptNum::Decode(H("0000008000"), false);
    ASSERT_FALSE(r4.ok());
    EXPECT_EQ(r4.error().code, "script-num-overflow");
    EXPECT_TRUE(ScriptNum::Decode(H("0000008000"), false, ScriptNum::kLockTimeMaxSize).ok());
    EXPECT_FALSE(ScriptNum::Decode(H("000000000001"), false, 5).ok());
    // max_size is capped at 8.
    EXPECT_FALSE(ScriptNum::Decode(H("000000000000000001"), false, 100).ok());
}

TEST(ScriptNum, Minimality) {
    EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(H("")));
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("00")));
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("80")));  // -0
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("0100")));
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("0180")));
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("0000")));
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("7f00")));
    EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(H("8000")));  // 128 needs the extra byte
    EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(H("8080")));
    EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(H("ff00")));
    EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(H("ffffff7f")));
    EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(H("ffffff7f00")));

    auto r = ScriptNum::Decode(H("80"), true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "script-num-non-minimal");
    EXPECT_FALSE(ScriptNum::Decode(H("0100"), true).ok());
    EXPECT_TRUE(ScriptNum::Decode(H("0100"), false).ok());
}

TEST(ScriptNum, RoundTripIsMinimal) {
    std::vector<int64_t> values;
    for (int64_t v = -70000; v <= 70000; v += 7) values.push_back(v);
    for (int shift = 0; shift < 39; ++shift) {
        const int64_t p = int64_t{1} << shift;
        for (int64_t v : {p - 1, p, p + 1}) {
            values.push_back(v);
            values.push_back(-v);
        }
    }
    for (int64_t v : values) {
        const Bytes enc = ScriptNum::Serialize(v);
        ASSERT_TRUE(ScriptNum::IsMinimallyEncoded(enc)) << v;
        auto dec = ScriptNum::Decode(enc, true, 5);
        ASSERT_TRUE(dec.ok()) << v;
        EXPECT_EQ(dec->value(), v);
        EXPECT_EQ(ScriptNum(v).Serialize(), enc);
    }
}

TEST(ScriptNum, GetIntSaturates) {
    EXPECT_EQ(ScriptNum(5).GetInt(), 5);
    EXPECT_EQ(ScriptNum(-5).GetInt(), -5);
    EXPECT_EQ(ScriptNum(int64_t{1} << 40).GetInt(), std::numeric_limits<int32_t>::max());
    EXPECT_EQ(ScriptNum(-(int64_t{1} << 40)).GetInt(), std::numeric_limits<int32_t>::min());
    EXPECT_EQ(ScriptNum(2147483648LL).GetInt(), std::numeric_limits<int32_t>::max());
    EXPECT_EQ(ScriptNum(-2147483648LL).GetInt(), std::numeric_limits<int32_t>::min());
}

TEST(ScriptNum, ArithmeticAndComparison) {
    const ScriptNum a(2147483647), b(1);
    EXPECT_EQ((a + b).value(), 2147483648LL);  // results may leave the operand range
    EXPECT_EQ((a + b).Serialize(), H("0000008000"));
    EXPECT_FALSE(ScriptNum::Decode((a + b).Serialize(), true).ok());
    EXPECT_EQ((b - a).value(), -2147483646LL);
    EXPECT_EQ((-a).value(), -2147483647LL);
    EXPECT_EQ((ScriptNum(0b1100) & ScriptNum(0b1010)).value(), 0b1000);
    ScriptNum c(10);
    c += ScriptNum(5);
    c -= ScriptNum(3);
    EXPECT_EQ(c, 12);
    EXPECT_LT(ScriptNum(-1), ScriptNum(0));
    EXPECT_GT(ScriptNum(3), 2);
    EXPECT_EQ(ScriptNum(), ScriptNum(0));
}

}  // namespace
}  // namespace ocean
