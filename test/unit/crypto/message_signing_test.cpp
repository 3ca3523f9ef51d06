// Message signing: Bitcoin Core's known signmessage vector, sign/recover round trips, the header
// byte rules of compact signatures, and Base64 with Bitcoin Core 0.14's decoding quirks.
#include "ocean/crypto/message_signing.h"
#include "ocean/util/base64.h"

#include <gtest/gtest.h>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/crypto/wif.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

constexpr uint8_t kTestnetSecretPrefix = 239;  // Bitcoin testnet WIF (= Ocean's custom chains)
constexpr uint8_t kTestnetPubkeyPrefix = 111;  // Bitcoin testnet P2PKH

std::string P2PKHAddress(const PubKey& pub, uint8_t prefix) {
    Bytes payload{prefix};
    const uint160 id = pub.GetID();
    payload.insert(payload.end(), id.begin(), id.end());
    return EncodeBase58Check(payload);
}

// Bitcoin Core's rpc_signmessage test (testnet keys): deterministic RFC6979 signature.
TEST(MessageSigning, BitcoinCoreVector) {
    const Key key =
        DecodeWif("cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N", kTestnetSecretPrefix).value();
    const std::string message = "This is just a test message";
    const std::string expected =
        "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0=";
    EXPECT_EQ(P2PKHAddress(key.GetPubKey(), kTestnetPubkeyPrefix), "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB");

    auto sig = SignMessage(key, message);
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    EXPECT_EQ(*sig, expected);

    auto pub = RecoverPubKey(expected, message);
    ASSERT_TRUE(pub.ok());
    EXPECT_EQ(*pub, key.GetPubKey());
    EXPECT_EQ(P2PKHAddress(*pub, kTestnetPubkeyPrefix), "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB");

    // Another message recovers some other key.
    auto other = RecoverPubKey(expected, "This is just a test message.");
    ASSERT_TRUE(other.ok());
    EXPECT_NE(*other, key.GetPubKey());
}

TEST(MessageSigning, MessageHashLayout) {
    auto sha256d = [](const std::string& s) {
        return Sha256dHash(ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    };
    // SHA256d(0x18 ‖ magic ‖ 0x00) for the empty message.
    const std::string magic = "\x18" + std::string(kMessageMagic);
    EXPECT_EQ(MessageHash(""), sha256d(magic + std::string(1, '\0')));
    // Long messages take a 3-byte CompactSize.
    const std::string longmsg(300, 'x');
    EXPECT_EQ(MessageHash(longmsg), sha256d(magic + "\xfd\x2c\x01" + longmsg));
}

TEST(MessageSigning, RoundTripsCompressedAndUncompressed) {
    for (bool compressed : {true, false}) {
        const Key key = Key::MakeNew(compressed);
        for (const std::string& msg : {std::string(), std::string("hello"), std::string(1000, 'a')}) {
            auto sig = SignCompact(key, MessageHash(msg));
            ASSERT_TRUE(sig.ok());
            ASSERT_EQ(sig->size(), kCompactSignatureSize);
            EXPECT_EQ((*sig)[0] >= 31, compressed);
            auto pub = RecoverCompact(MessageHash(msg), *sig);
            ASSERT_TRUE(pub.ok());
            EXPECT_EQ(*pub, key.GetPubKey());
            EXPECT_EQ(pub->IsCompressed(), compressed);
        }
    }
    EXPECT_FALSE(SignCompact(Key(), MessageHash("x")).ok());
}

TEST(MessageSigning, HeaderByteAndSizeRules) {
    const Key key = Key::MakeNew(true);
    const uint256 h = MessageHash("m");
    Bytes sig = SignCompact(key, h).value();
    // Clearing the compressed flag gives the same point, uncompressed.
    Bytes unc = sig;
    unc[0] = static_cast<uint8_t>(unc[0] - 4);
    auto pub = RecoverCompact(h, unc);
    ASSERT_TRUE(pub.ok());
    EXPECT_FALSE(pub->IsCompressed());
    EXPECT_EQ(pub->Compressed().value(), key.GetPubKey());
    // Header bytes outside 27..34 still work through (h - 27) & 3 / & 4, as in Bitcoin.
    Bytes shifted = sig;
    shifted[0] = static_cast<uint8_t>(sig[0] + 8);
    EXPECT_EQ(RecoverCompact(h, shifted).value(), key.GetPubKey());
    // Wrong sizes and unparsable r/s fail.
    EXPECT_FALSE(RecoverCompact(h, ByteSpan(sig.data(), 64)).ok());
    Bytes big(65, 0xff);
    big[0] = 31;
    EXPECT_FALSE(RecoverCompact(h, big).ok());
    EXPECT_EQ(RecoverPubKey("!!!!", "m").error().code, "bad-signature");  // decodes to nothing
    EXPECT_EQ(RecoverPubKey("A", "m").error().code, "malformed-base64");
}

TEST(Base64, EncodesRfc4648Vectors) {
    auto enc = [](std::string_view s) {
        return EncodeBase64(ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    };
    EXPECT_EQ(enc(""), "");
    EXPECT_EQ(enc("f"), "Zg==");
    EXPECT_EQ(enc("fo"), "Zm8=");
    EXPECT_EQ(enc("foo"), "Zm9v");
    EXPECT_EQ(enc("foob"), "Zm9vYg==");
    EXPECT_EQ(enc("fooba"), "Zm9vYmE=");
    EXPECT_EQ(enc("foobar"), "Zm9vYmFy");
    const Bytes all = [] {
        Bytes b;
        for (int i = 0; i < 256; ++i) b.push_back(static_cast<uint8_t>(i));
        return b;
    }();
    EXPECT_EQ(DecodeBase64Lenient(EncodeBase64(all)).value(), all);
}

TEST(Base64, DecodesWithBitcoinQuirks) {
    auto dec = [](std::string_view s) -> std::optional<std::string> {
        auto b = DecodeBase64Lenient(s);
        if (!b) return std::nullopt;
        return std::string(b->begin(), b->end());
    };
    EXPECT_EQ(dec("Zm9vYmFy"), "foobar");
    EXPECT_EQ(dec("Zg=="), "f");
    EXPECT_EQ(dec("Zm8="), "fo");
    EXPECT_EQ(dec(""), "");
    // Missing or short padding, 4n+1 characters, stray bits: malformed.
    EXPECT_EQ(dec("Zg"), std::nullopt);
    EXPECT_EQ(dec("Zg="), std::nullopt);
    EXPECT_EQ(dec("Zm8"), std::nullopt);
    EXPECT_EQ(dec("Z"), std::nullopt);
    EXPECT_EQ(dec("Zh=="), std::nullopt);   // 'h' leaves non-zero unused bits
    EXPECT_EQ(dec("Zg==A"), std::nullopt);  // alphabet character right after the padding
    // Anything after a complete group or after the padding is ignored.
    EXPECT_EQ(dec("Zm9v!!!"), "foo");
    EXPECT_EQ(dec("Zm9v Zm9v"), "foo");
    EXPECT_EQ(dec("Zg==!"), "f");
    EXPECT_EQ(dec("Zm8=="), "fo");
    EXPECT_EQ(dec(std::string_view("Zm9v\0Zm9v", 9)), "foo");
    EXPECT_EQ(dec("!"), "");
}

}  // namespace
}  // namespace ocean
