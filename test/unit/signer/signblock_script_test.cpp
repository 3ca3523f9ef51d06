// BuildSignBlockScript: the M-of-N challenge bytes, key order, and refused inputs.
#include <gtest/gtest.h>

#include <vector>

#include "ocean/signer/signblock_script.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

PubKey Pub(std::string_view hex) {
    return PubKey(ParseHex(hex).value());
}

// Generator multiples 1·G, 2·G, 3·G (compressed).
const PubKey k1 = Pub("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
const PubKey k2 = Pub("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");
const PubKey k3 = Pub("02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9");

TEST(SignBlockScriptTest, TwoOfThreeInGivenOrder) {
    const std::vector<PubKey> keys = {k3, k1, k2};
    auto s = BuildSignBlockScript(2, keys);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_EQ(HexStr(s->bytes()),
              "5221" + HexStr(k3.span()) + "21" + HexStr(k1.span()) + "21" + HexStr(k2.span()) + "53ae");
}

TEST(SignBlockScriptTest, ParseGivesBackThresholdAndKeysInOrder) {
    const std::vector<PubKey> keys = {k3, k1, k2};
    auto s = BuildSignBlockScript(2, keys);
    ASSERT_TRUE(s.ok());
    auto parsed = ParseSignBlockScript(*s);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->required, 2u);
    EXPECT_EQ(parsed->keys, keys);
    EXPECT_FALSE(ParseSignBlockScript(Script(Bytes{0x51})).has_value());  // OP_TRUE: no keys
}

TEST(SignBlockScriptTest, OneOfOne) {
    const std::vector<PubKey> keys = {k1};
    auto s = BuildSignBlockScript(1, keys);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(HexStr(s->bytes()), "5121" + HexStr(k1.span()) + "51ae");
}

TEST(SignBlockScriptTest, Refusals) {
    const std::vector<PubKey> keys = {k1, k2};
    EXPECT_EQ(BuildSignBlockScript(0, keys).error().code, "signblockscript");
    EXPECT_FALSE(BuildSignBlockScript(3, keys).ok());
    EXPECT_FALSE(BuildSignBlockScript(1, std::vector<PubKey>{}).ok());
    EXPECT_FALSE(BuildSignBlockScript(1, std::vector<PubKey>(17, k1)).ok());
    auto dup = BuildSignBlockScript(1, std::vector<PubKey>{k1, k2, k1});
    ASSERT_FALSE(dup.ok());
    EXPECT_NE(dup.error().message.find("key 3 repeats key 1"), std::string::npos);
    // x = 0 is not on secp256k1 (7 is not a square modulo p).
    PubKey off = Pub("020000000000000000000000000000000000000000000000000000000000000000");
    EXPECT_FALSE(BuildSignBlockScript(1, std::vector<PubKey>{off}).ok());
    // Hybrid encodings (06/07) are refused.
    PubKey full = k1;
    ASSERT_TRUE(full.Decompress());
    Bytes hybrid = full.ToBytes();
    hybrid[0] = 0x06;
    EXPECT_FALSE(BuildSignBlockScript(1, std::vector<PubKey>{PubKey(hybrid)}).ok());
    EXPECT_TRUE(BuildSignBlockScript(1, std::vector<PubKey>{full}).ok());
}

}  // namespace
}  // namespace ocean
