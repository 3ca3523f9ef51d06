#include <gtest/gtest.h>
#include <sys/stat.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "ocean/util/fs.h"
#include "ocean/util/hex.h"
#include "ocean/util/logging.h"
#include "ocean/util/periodic_task.h"
#include "ocean/util/result.h"
#include "ocean/util/strings.h"
#include "ocean/util/uint256.h"
#include "util_temp_dir.h"

namespace ocean {
namespace {

TEST(Hex, EncodeDecode) {
    EXPECT_EQ(HexStr(Bytes{}), "");
    EXPECT_EQ(HexStr(Bytes{0x00, 0xab, 0xff}), "00abff");
    EXPECT_EQ(*ParseHex("00ABff"), (Bytes{0x00, 0xab, 0xff}));
    EXPECT_FALSE(ParseHex("0"));
    EXPECT_FALSE(ParseHex("0g"));
    EXPECT_FALSE(ParseHex(" 00"));
    EXPECT_TRUE(ParseHex("")->empty());
    EXPECT_TRUE(IsHex("deadBEEF"));
    EXPECT_FALSE(IsHex("abc"));
}

TEST(Uint256, DisplayOrderIsReversed) {
    const uint256 v = uint256::FromHex("0000000000000000000000000000000000000000000000000000000000000010");
    EXPECT_EQ(v[0], 0x10);
    for (size_t i = 1; i < 32; ++i) EXPECT_EQ(v[i], 0);
    EXPECT_EQ(v.ToHex(), "0000000000000000000000000000000000000000000000000000000000000010");
    EXPECT_EQ(uint256::FromByte0(0x10), v);
}

TEST(Uint256, LenientParsingRules) {
    // Short strings are zero-padded at the most significant end; case and 0x do not matter.
    EXPECT_EQ(uint256::FromHex("  0xAB"), uint256::FromByte0(0xab));
    EXPECT_EQ(uint256::FromHex("ab"), uint256::FromByte0(0xab));
    // An odd digit count: the leftmost digit is a lone low nibble.
    EXPECT_EQ(uint256::FromHex("abc").ToHex(), std::string(61, '0') + "abc");
    // Parsing stops at the first non-hex character.
    EXPECT_EQ(uint256::FromHex("12zz34"), uint256::FromByte0(0x12));
    EXPECT_TRUE(uint256::FromHex("").IsNull());
    EXPECT_TRUE(uint256::FromHex("xyz").IsNull());
    // Longer than 64 digits: only the rightmost 64 are kept.
    const std::string tail = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    EXPECT_EQ(uint256::FromHex("ffff" + tail).ToHex(), tail);
    EXPECT_TRUE(uint256::FromHexStrict(tail).has_value());
    EXPECT_FALSE(uint256::FromHexStrict("ab"));
    EXPECT_FALSE(uint256::FromHexStrict("0x" + tail.substr(2)));
    EXPECT_EQ(uint160::FromHex("076C97e1c869072eE22f8c91978C99B4bcB02591").ToHex(),
              "076c97e1c869072ee22f8c91978c99b4bcb02591");
}

TEST(Uint256, OrderingIsMemcmpOfInternalBytes) {
    uint256 a, b;
    a[0] = 1;
    b[31] = 1;
    EXPECT_LT(b, a);  // internal byte 0 decides first
    EXPECT_NE(a, b);
}

TEST(Strings, ParseIntegers) {
    EXPECT_EQ(ParseInt64("-9223372036854775808"), INT64_MIN);
    EXPECT_FALSE(ParseInt64("9223372036854775808"));
    EXPECT_FALSE(ParseInt64("+1"));
    EXPECT_FALSE(ParseInt64(" 1"));
    EXPECT_FALSE(ParseInt64("1 "));
    EXPECT_FALSE(ParseInt64(""));
    EXPECT_EQ(ParseUInt32("4294967295"), 4294967295u);
    EXPECT_FALSE(ParseUInt32("4294967296"));
    EXPECT_FALSE(ParseUInt32("-1"));
    EXPECT_EQ(ParseInt32("-5"), -5);
}

TEST(Strings, FixedPoint) {
    EXPECT_EQ(ParseFixedPoint("1.5", 8), 150000000);
    EXPECT_EQ(ParseFixedPoint("0.1e1", 8), 100000000);
    EXPECT_EQ(ParseFixedPoint("100e-10", 8), 1);
    EXPECT_EQ(ParseFixedPoint("0.000000010", 8), 1);  // trailing zeros beyond the precision are fine
    EXPECT_FALSE(ParseFixedPoint("0.000000015", 8));
    EXPECT_FALSE(ParseFixedPoint(".", 8));
    EXPECT_FALSE(ParseFixedPoint("-", 8));
    EXPECT_FALSE(ParseFixedPoint("1e", 8));
    EXPECT_FALSE(ParseFixedPoint("1e1000", 8));
    EXPECT_FALSE(ParseFixedPoint("99999999999", 8));
    EXPECT_EQ(ParseFixedPoint("9999999999.99999999", 8), 999999999999999999LL);
}

TEST(Strings, SplitTrimJoin) {
    EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
    EXPECT_EQ(Split("", ','), (std::vector<std::string>{""}));
    EXPECT_EQ(Trim(" \t x y \n"), "x y");
    EXPECT_EQ(Join({"a", "b", "c"}, ", "), "a, b, c");
    EXPECT_EQ(ToLower("AbC"), "abc");
}

TEST(Strings, SplitOptionArg) {
    EXPECT_EQ(SplitOptionArg("-chain=x"), std::make_pair(std::string("chain"), std::string("x")));
    EXPECT_EQ(SplitOptionArg("--a=b=c"), std::make_pair(std::string("a"), std::string("b=c")));
    EXPECT_EQ(SplitOptionArg("-regtest"), std::make_pair(std::string("regtest"), std::string("1")));
    EXPECT_EQ(SplitOptionArg("-x="), std::make_pair(std::string("x"), std::string("")));
}

TEST(Result, ValueOrError) {
    Result<int> ok = 5;
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok, 5);
    Result<int> bad = Error("bad-thing", "detail");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().ToString(), "bad-thing: detail");
    Status s;
    EXPECT_TRUE(s.ok());
    Status f = Error("x");
    EXPECT_FALSE(f.ok());
    EXPECT_EQ(f.error().ToString(), "x");
}

using TempDir = UtilTempDir;

TEST_F(TempDir, AtomicWriteReplacesWholeFileWithMode) {
    const auto p = dir_ / "state";
    ASSERT_TRUE(WriteFileAtomic(p, std::string_view("first")).ok());
    ASSERT_TRUE(WriteFileAtomic(p, std::string_view("second")).ok());
    EXPECT_EQ(*ReadFileText(p), "second");
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // No temporary files are left behind.
    size_t n = 0;
    for (auto& e : std::filesystem::directory_iterator(dir_)) n += e.is_regular_file();
    EXPECT_EQ(n, 1u);
}

TEST_F(TempDir, ReadErrorsAreValues) {
    EXPECT_FALSE(ReadFileBytes(dir_ / "missing").ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ / "big", std::string(100, 'x')).ok());
    auto r = ReadFileBytes(dir_ / "big", 10);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "io-error");
    EXPECT_FALSE(WriteFileAtomic(dir_ / "no" / "such" / "dir", std::string_view("x")).ok());
}

TEST_F(TempDir, LoggerFiltersCategoriesAndReopens) {
    MockClock clock(1700000000);
    Logger log(clock);
    const auto p = dir_ / "debug.log";
    ASSERT_TRUE(log.OpenFile(p).ok());
    log.Info("hello");
    log.Debug(LogCategory::kNet, "hidden");
    EXPECT_TRUE(log.EnableCategory("net"));
    EXPECT_FALSE(log.EnableCategory("nonsense"));
    log.Debug(LogCategory::kNet, "shown");
    // Simulate logrotate: move the file away, then reopen.
    std::filesystem::rename(p, dir_ / "debug.log.1");
    ASSERT_TRUE(log.ReopenFile().ok());
    log.Warning("after");
    log.CloseFile();
    const std::string first = *ReadFileText(dir_ / "debug.log.1");
    EXPECT_NE(first.find("2023-11-14T22:13:20Z hello"), std::string::npos);
    EXPECT_EQ(first.find("hidden"), std::string::npos);
    EXPECT_NE(first.find("[net] shown"), std::string::npos);
    EXPECT_NE(ReadFileText(p)->find("Warning: after"), std::string::npos);
}

TEST(Clock, MockMovesOnlyWhenTold) {
    MockClock c(100);
    EXPECT_EQ(c.UnixSeconds(), 100);
    c.AdvanceMicros(2500000);
    EXPECT_EQ(c.UnixSeconds(), 102);
    SystemClock s;
    EXPECT_GT(s.UnixSeconds(), 1700000000);
}

TEST_F(TempDir, ShrinkFileKeepsTheTailFromALineStart) {
    const auto p = dir_ / "debug.log";
    std::string text;
    for (int i = 0; i < 1000; ++i) text += "line " + std::to_string(i) + "\n";
    ASSERT_TRUE(WriteFileAtomic(p, std::string_view(text)).ok());
    // Under the limit: untouched.
    ASSERT_TRUE(Logger::ShrinkFile(p, text.size(), 100).ok());
    EXPECT_EQ(*ReadFileText(p), text);
    // Over it: the last lines that fit in 100 bytes, starting at a line.
    ASSERT_TRUE(Logger::ShrinkFile(p, 1000, 100).ok());
    const std::string shrunk = *ReadFileText(p);
    EXPECT_LE(shrunk.size(), 100u);
    EXPECT_TRUE(shrunk.starts_with("line "));
    EXPECT_TRUE(text.ends_with(shrunk));
    EXPECT_TRUE(shrunk.ends_with("line 999\n"));
    // A missing file is fine.
    EXPECT_TRUE(Logger::ShrinkFile(dir_ / "none.log", 10, 5).ok());
}

}  // namespace
}  // namespace ocean

namespace ocean {
TEST(PeriodicTask, RunsRepeatedlyAndStopsPromptly) {
    std::atomic<int> runs{0};
    {
        PeriodicTask task("test-periodic", std::chrono::milliseconds(0), std::chrono::milliseconds(5),
                          [&] { runs.fetch_add(1); });
        for (int i = 0; i < 1000 && runs.load() < 3; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const int seen = runs.load();
    EXPECT_GE(seen, 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_EQ(runs.load(), seen);  // nothing runs after destruction
    // A long first delay does not hold up destruction, and the function never runs.
    {
        PeriodicTask task("test-periodic", std::chrono::hours(1), std::chrono::hours(1),
                          [&] { runs.fetch_add(100); });
    }
    EXPECT_EQ(runs.load(), seen);
}
}  // namespace ocean
