// Wallet Import Format round trips and rejection of malformed input.
#include <gtest/gtest.h>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/wif.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes Hex(std::string_view s) {
    return ParseHex(s).value();
}

constexpr uint8_t kMainPrefix = 128;  // ocean_main / Bitcoin mainnet
constexpr uint8_t kCustomPrefix = 239;
constexpr uint8_t kGoldPrefix = 180;

TEST(WifTest, KnownEncodings) {
    const Bytes one = Hex("0000000000000000000000000000000000000000000000000000000000000001");
    EXPECT_EQ(EncodeWif(Key::FromBytes(one, false).value(), kMainPrefix),
              "5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf");
    EXPECT_EQ(EncodeWif(Key::FromBytes(one, true).value(), kMainPrefix),
              "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn");
    const Bytes secret = Hex("0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d");
    const Key k = DecodeWif("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", kMainPrefix).value();
    EXPECT_FALSE(k.IsCompressed());
    EXPECT_EQ(Bytes(k.span().begin(), k.span().end()), secret);
    const Key kc = DecodeWif("cMzLdeGd5vEqxB8B6VFQoRopQ3sLAAvEzDAoQgvX54xwofSWj1fx", kCustomPrefix).value();
    EXPECT_TRUE(kc.IsCompressed());
    EXPECT_EQ(Bytes(kc.span().begin(), kc.span().end()), secret);
}

TEST(WifTest, RoundTrips) {
    for (uint8_t prefix : {kMainPrefix, kCustomPrefix, kGoldPrefix}) {
        for (bool compressed : {true, false}) {
            const Key key = Key::MakeNew(compressed);
            const std::string wif = EncodeWif(key, prefix);
            const Key back = DecodeWif(wif, prefix).value();
            EXPECT_EQ(back, key);
            EXPECT_EQ(back.IsCompressed(), compressed);
            // Another chain's prefix is rejected.
            EXPECT_FALSE(DecodeWif(wif, static_cast<uint8_t>(prefix + 1)).ok());
        }
    }
    EXPECT_EQ(EncodeWif(Key(), kMainPrefix), "");
}

TEST(WifTest, Malformed) {
    const Bytes secret = Hex("0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d");
    auto make = [&](uint8_t prefix, const Bytes& body, std::optional<uint8_t> flag) {
        Bytes p{prefix};
        Append(p, body);
        if (flag) p.push_back(*flag);
        return EncodeBase58Check(p);
    };
    EXPECT_TRUE(DecodeWif(make(kMainPrefix, secret, 0x01), kMainPrefix).ok());
    EXPECT_FALSE(DecodeWif(make(kMainPrefix, secret, 0x02), kMainPrefix).ok());  // bad compression flag
    EXPECT_FALSE(DecodeWif(make(kMainPrefix, secret, 0x00), kMainPrefix).ok());
    EXPECT_FALSE(
        DecodeWif(make(kMainPrefix, Bytes(secret.begin(), secret.end() - 1), std::nullopt), kMainPrefix)
            .ok());
    Bytes longer = secret;
    longer.push_back(0x01);
    EXPECT_FALSE(DecodeWif(make(kMainPrefix, longer, 0x01), kMainPrefix).ok());
    EXPECT_FALSE(DecodeWif(make(kMainPrefix, Bytes(32, 0), 0x01), kMainPrefix).ok());     // zero secret
    EXPECT_FALSE(DecodeWif(make(kMainPrefix, Bytes(32, 0xff), 0x01), kMainPrefix).ok());  // >= n
    EXPECT_FALSE(DecodeWif("", kMainPrefix).ok());
    EXPECT_FALSE(
        DecodeWif("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTj", kMainPrefix).ok());  // checksum
    EXPECT_FALSE(
        DecodeWif("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyT0", kMainPrefix).ok());  // alphabet
    // Surrounding whitespace is tolerated as in every base58 decode.
    EXPECT_TRUE(DecodeWif("  5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ\n", kMainPrefix).ok());
}

}  // namespace
}  // namespace ocean
