#include "ocean/script/sigencoding.h"

#include <gtest/gtest.h>

#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes H(const std::string& hex) {
    return *ParseHex(hex);
}

TEST(SigEncoding, DefinedHashtypes) {
    for (int b = 0; b < 256; ++b) {
        const Bytes sig{0x30, static_cast<uint8_t>(b)};
        const int base = b & 0x7f;
        const bool defined = base >= 1 && base <= 3;
        EXPECT_EQ(IsDefinedHashtypeSignature(sig), defined) << b;
        EXPECT_EQ(SighashTypeName(static_cast<uint8_t>(b)).empty(), !(defined && (b & 0x7c) == 0)) << b;
    }
    EXPECT_FALSE(IsDefinedHashtypeSignature(Bytes{}));
    EXPECT_EQ(SighashTypeName(0x01), "ALL");
    EXPECT_EQ(SighashTypeName(0x83), "SINGLE|ANYONECANPAY");
    // 0x41 masks to 0x41, which is not defined.
    EXPECT_FALSE(IsDefinedHashtypeSignature(Bytes{0x41}));
}

TEST(SigEncoding, PubKeySizes) {
    EXPECT_TRUE(IsValidSizePubKey(Bytes(33, 0x02)));
    EXPECT_TRUE(IsValidSizePubKey(Bytes(33, 0x03)));
    Bytes k65(65, 0x00);
    for (uint8_t h : {0x04, 0x06, 0x07}) {
        k65[0] = h;
        EXPECT_TRUE(IsValidSizePubKey(k65)) << int(h);
    }
    k65[0] = 0x05;
    EXPECT_FALSE(IsValidSizePubKey(k65));
    EXPECT_FALSE(IsValidSizePubKey(Bytes{}));
    EXPECT_FALSE(IsValidSizePubKey(Bytes(34, 0x02)));
    EXPECT_FALSE(IsValidSizePubKey(Bytes(33, 0x04)));

    EXPECT_TRUE(IsCompressedOrUncompressedPubKey(Bytes(33, 0x02)));
    k65[0] = 0x04;
    EXPECT_TRUE(IsCompressedOrUncompressedPubKey(k65));
    k65[0] = 0x06;
    EXPECT_FALSE(IsCompressedOrUncompressedPubKey(k65));
    EXPECT_TRUE(IsCompressedPubKey(Bytes(33, 0x03)));
    EXPECT_FALSE(IsCompressedPubKey(k65));
}

TEST(SigEncoding, StrictDerIsAvailableThroughThisHeader) {
    const Bytes sig =
        H("3045022100a6cdb5e3b4c5c16cef7c1c84011f0009fb6251206d870cdab96302213bfbe12e022009e2ec14bda90a33c395"
          "4882936"
          "f985a226f97ad62dc80915dd4e6b5a7dfa31901");
    EXPECT_TRUE(IsValidSignatureEncoding(sig));
    EXPECT_FALSE(IsValidSignatureEncoding(ByteSpan(sig).first(sig.size() - 1)));
}

}  // namespace
}  // namespace ocean
