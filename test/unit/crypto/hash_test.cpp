// Known-answer tests for the digests and MACs of crypto/sha256.h and crypto/hash.h.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

ByteSpan Str(std::string_view s) {
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
Bytes Hex(std::string_view s) {
    return ParseHex(s).value();
}

TEST(HashTest, Sha256KnownAnswers) {
    EXPECT_EQ(HexStr(Sha256Hash(Str("")).span()),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(HexStr(Sha256Hash(Str("abc")).span()),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(HexStr(Sha256Hash(Str("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).span()),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    EXPECT_EQ(HexStr(Sha256Hash(Str(million)).span()),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HashTest, Sha256StreamingMatchesOneShot) {
    const std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    Sha256 h;
    for (char c : msg) h.Write(Str(std::string_view(&c, 1)));
    EXPECT_EQ(h.Finalize(), Sha256Hash(Str(msg)));
    h.Reset();
    h.Write(Str("abc"));
    EXPECT_EQ(HexStr(h.Finalize().span()),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, Sha256d) {
    EXPECT_EQ(HexStr(Sha256dHash(Str("")).span()),
              "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
    EXPECT_EQ(HexStr(Sha256dHash(Str("abc")).span()),
              "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358");
    EXPECT_EQ(Sha256dHash(Str("ab"), Str("c")), Sha256dHash(Str("abc")));
    Sha256d h;
    h.Write(Str("a")).Write(Str("bc"));
    EXPECT_EQ(h.Finalize(), Sha256dHash(Str("abc")));
}

TEST(HashTest, Ripemd160AndHash160) {
    EXPECT_EQ(HexStr(Ripemd160(Str("")).span()), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
    EXPECT_EQ(HexStr(Ripemd160(Str("abc")).span()), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    EXPECT_EQ(HexStr(Ripemd160(Str("message digest")).span()), "5d0689ef49d2fae572b881b123a85ffa21595f36");
    // HASH160 of the generator point's compressed encoding.
    const Bytes g = Hex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    EXPECT_EQ(HexStr(Hash160(g).span()), "751e76e8199196d454941c45d1b3a323f1433bd6");
}

TEST(HashTest, Sha512) {
    EXPECT_EQ(HexStr(Sha512(Str(""))),
              "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
              "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    EXPECT_EQ(HexStr(Sha512(Str("abc"))),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(HashTest, HmacRfc4231) {
    const Bytes key1(20, 0x0b);
    EXPECT_EQ(HexStr(HmacSha512(key1, Str("Hi There"))),
              "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
              "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    EXPECT_EQ(HexStr(HmacSha512(Str("Jefe"), Str("what do ya want for nothing?"))),
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
              "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    EXPECT_EQ(HexStr(HmacSha256(key1, Str("Hi There")).span()),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(HexStr(HmacSha256(Str("Jefe"), Str("what do ya want for nothing?")).span()),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HashTest, FastNodeOfZeros) {
    // formats.md 1.6: state words written big-endian, shown in byte order.
    EXPECT_EQ(HexStr(FastNode(uint256(), uint256()).span()),
              "da5698be17b9b46962335799779fbeca8ce5d491c0d26243bafef9ea1837a9d8");
}

TEST(HashTest, ConstantTimeEqualAndErase) {
    const Bytes a = Hex("0102"), b = Hex("0102"), c = Hex("0103"), d = Hex("01");
    EXPECT_TRUE(ConstantTimeEqual(a, b));
    EXPECT_FALSE(ConstantTimeEqual(a, c));
    EXPECT_FALSE(ConstantTimeEqual(a, d));
    EXPECT_TRUE(ConstantTimeEqual(ByteSpan(), ByteSpan()));
    Bytes e = Hex("ffffff");
    SecureErase(e.data(), e.size());
    EXPECT_EQ(e, Bytes(3, 0));
}

TEST(HashTest, StrongRandBytesVary) {
    uint8_t a[32] = {}, b[32] = {};
    GetStrongRandBytes(a, sizeof(a));
    GetStrongRandBytes(b, sizeof(b));
    EXPECT_NE(HexStr(ByteSpan(a, 32)), HexStr(ByteSpan(b, 32)));
}

}  // namespace
}  // namespace ocean
