// Base58 / Base58Check encoding and decoding, including the custom-chain address facts of formats.md §8.3.
#include <gtest/gtest.h>

#include <string>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes Hex(std::string_view s) {
    return ParseHex(s).value();
}

struct Vector {
    const char* hex;
    const char* b58;
};

constexpr Vector kVectors[] = {
    {"", ""},
    {"61", "2g"},
    {"626262", "a3gV"},
    {"636363", "aPEr"},
    {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
    {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
    {"516b6fcd0f", "ABnLTmg"},
    {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
    {"572e4794", "3EFU7m"},
    {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
    {"10c8511e", "Rt5zm"},
    {"00000000000000000000", "1111111111"},
    {"000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
     "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"},
};

TEST(Base58Test, EncodeDecodeVectors) {
    for (const auto& v : kVectors) {
        const Bytes data = Hex(v.hex);
        EXPECT_EQ(EncodeBase58(data), v.b58) << v.hex;
        auto back = DecodeBase58(v.b58, 256);
        ASSERT_TRUE(back) << v.b58;
        EXPECT_EQ(*back, data) << v.b58;
    }
}

TEST(Base58Test, LeadingZerosBecomeOnes) {
    EXPECT_EQ(EncodeBase58(Hex("00")), "1");
    EXPECT_EQ(EncodeBase58(Hex("0000")), "11");
    EXPECT_EQ(EncodeBase58(Hex("000001")), "112");
    EXPECT_EQ(*DecodeBase58("111", 10), Hex("000000"));
    EXPECT_EQ(*DecodeBase58("112", 10), Hex("000001"));
}

TEST(Base58Test, Empty) {
    EXPECT_EQ(EncodeBase58({}), "");
    auto d = DecodeBase58("", 10);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->empty());
    auto w = DecodeBase58("   ", 10);
    ASSERT_TRUE(w);
    EXPECT_TRUE(w->empty());
}

TEST(Base58Test, InvalidCharacters) {
    for (const char* s : {"0", "O", "I", "l", "3mJr0", "3mJrO", "3mJrI", "3mJrl", "abc!", "+", "-1", "\xff"})
        EXPECT_FALSE(DecodeBase58(s, 100)) << s;
    const std::string with_nul("3mJr\0", 5);
    EXPECT_FALSE(DecodeBase58(with_nul, 100));
    const std::string nul_after_space("3mJr \0", 6);
    EXPECT_FALSE(DecodeBase58(nul_after_space, 100));
}

TEST(Base58Test, Whitespace) {
    EXPECT_EQ(*DecodeBase58(" \t\n\v\f\r skip \r\f\v\n\t ", 100), Hex("971a55"));
    EXPECT_EQ(*DecodeBase58("  a3gV", 100), Hex("626262"));
    EXPECT_EQ(*DecodeBase58("a3gV  ", 100), Hex("626262"));
    EXPECT_FALSE(DecodeBase58("a3 gV", 100));
    EXPECT_FALSE(DecodeBase58("a3gV x", 100));
    EXPECT_FALSE(DecodeBase58(" 1 1", 100));
}

TEST(Base58Test, MaxLen) {
    EXPECT_TRUE(DecodeBase58("a3gV", 3));
    EXPECT_FALSE(DecodeBase58("a3gV", 2));
    EXPECT_TRUE(DecodeBase58("111", 3));
    EXPECT_FALSE(DecodeBase58("1111", 3));
    EXPECT_FALSE(DecodeBase58("1a3gV", 3));
    EXPECT_TRUE(DecodeBase58("1a3gV", 4));
    // A very long valid-looking string is rejected quickly by the length bound.
    const std::string huge(1000000, 'z');
    EXPECT_FALSE(DecodeBase58(huge, 100));
    const std::string ones(1000000, '1');
    EXPECT_FALSE(DecodeBase58(ones, 100));
}

TEST(Base58Test, CheckRoundTripAndFailures) {
    const Bytes payload = Hex("00f54a5851e9372b87810a8e60cdd2e7cfd80b6e31");
    const std::string enc = EncodeBase58Check(payload);
    EXPECT_EQ(enc, "1PMycacnJaSqwwJqjawXBErnLsZ7RkXUAs");
    EXPECT_EQ(*DecodeBase58Check(enc, 21), payload);
    EXPECT_FALSE(DecodeBase58Check(enc, 20));  // payload longer than max_len
    EXPECT_EQ(*DecodeBase58Check(" " + enc + "\n", 21), payload);

    // Any single-character change breaks the checksum (or the alphabet).
    for (size_t i = 0; i < enc.size(); ++i) {
        std::string bad = enc;
        bad[i] = bad[i] == 'z' ? 'y' : 'z';
        EXPECT_FALSE(DecodeBase58Check(bad, 21)) << bad;
    }
    // Too short to hold a checksum.
    EXPECT_FALSE(DecodeBase58Check("", 10));
    EXPECT_FALSE(DecodeBase58Check("1", 10));
    EXPECT_FALSE(DecodeBase58Check(EncodeBase58(Hex("010203")), 10));
    // Empty payload with its checksum is fine.
    const std::string empty = EncodeBase58Check({});
    auto d = DecodeBase58Check(empty, 0);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->empty());
}

TEST(Base58Test, CustomChainAddresses) {
    // formats.md §8.3: hash160 = 0^20 on the custom chain.
    Bytes p2pkh{235};
    p2pkh.resize(21, 0);
    EXPECT_EQ(EncodeBase58Check(p2pkh), "2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ");
    Bytes p2sh{75};
    p2sh.resize(21, 0);
    EXPECT_EQ(EncodeBase58Check(p2sh), "XBMEr9McFXkiLWTVqTyuNQR1CqKkMPMn6L");
    EXPECT_EQ(*DecodeBase58Check("2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ", 21), p2pkh);
    EXPECT_EQ(*DecodeBase58Check("XBMEr9McFXkiLWTVqTyuNQR1CqKkMPMn6L", 21), p2sh);
}

TEST(Base58Test, RandomRoundTrips) {
    uint256 seed;
    for (int i = 0; i < 200; ++i) {
        seed = Sha256Hash(seed.span());
        Bytes data(seed.begin(), seed.begin() + (seed[0] % 33));
        if (seed[1] & 1) data.insert(data.begin(), seed[2] % 4, 0);
        EXPECT_EQ(*DecodeBase58(EncodeBase58(data), data.size()), data);
        EXPECT_EQ(*DecodeBase58Check(EncodeBase58Check(data), data.size()), data);
    }
}

}  // namespace
}  // namespace ocean
