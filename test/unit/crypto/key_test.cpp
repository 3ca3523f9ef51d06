// Private and public keys: validity, signing, verification, tweaks and ECDH.
#include <gtest/gtest.h>

#include <string_view>

#include "ocean/crypto/der.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/crypto/secp256k1_context.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes Hex(std::string_view s) {
    return ParseHex(s).value();
}
ByteSpan Str(std::string_view s) {
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
uint256 Raw(std::string_view hex) {
    return uint256(Hex(hex));
}  // hex in internal byte order

constexpr std::string_view kOrder = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
constexpr std::string_view kOrderMinus1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
constexpr std::string_view kOne = "0000000000000000000000000000000000000000000000000000000000000001";
constexpr std::string_view kGCompressed =
    "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
constexpr std::string_view kGUncompressed =
    "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

TEST(Secp256k1ContextTest, SingleInstance) {
    EXPECT_NE(Secp256k1Context(), nullptr);
    EXPECT_EQ(Secp256k1Context(), Secp256k1Context());
}

TEST(KeyTest, Validity) {
    Key k;
    EXPECT_FALSE(k.IsValid());
    EXPECT_FALSE(k.GetPubKey().IsValid());
    EXPECT_FALSE(k.Sign(uint256()).ok());
    EXPECT_FALSE(Key::FromBytes(Bytes(32, 0)).ok());
    EXPECT_FALSE(Key::FromBytes(Hex(kOrder)).ok());
    EXPECT_FALSE(Key::FromBytes(Bytes(32, 0xff)).ok());
    EXPECT_FALSE(Key::FromBytes(Bytes(31, 0x01)).ok());
    EXPECT_FALSE(Key::FromBytes(Bytes(33, 0x01)).ok());
    EXPECT_TRUE(Key::FromBytes(Hex(kOne)).ok());
    EXPECT_TRUE(Key::FromBytes(Hex(kOrderMinus1)).ok());
    // A failed Set leaves the key invalid.
    Key good = Key::FromBytes(Hex(kOne)).value();
    EXPECT_FALSE(good.Set(Bytes(32, 0), true));
    EXPECT_FALSE(good.IsValid());
}

TEST(KeyTest, GeneratorPublicKey) {
    const Key c = Key::FromBytes(Hex(kOne), true).value();
    const Key u = Key::FromBytes(Hex(kOne), false).value();
    EXPECT_EQ(HexStr(c.GetPubKey().span()), kGCompressed);
    EXPECT_EQ(HexStr(u.GetPubKey().span()), kGUncompressed);
    EXPECT_EQ(HexStr(c.GetPubKey().GetID().span()), "751e76e8199196d454941c45d1b3a323f1433bd6");
}

TEST(KeyTest, MakeNewCopyAndCompare) {
    const Key a = Key::MakeNew();
    const Key b = Key::MakeNew(false);
    EXPECT_TRUE(a.IsValid());
    EXPECT_TRUE(a.IsCompressed());
    EXPECT_FALSE(b.IsCompressed());
    EXPECT_FALSE(a == b);
    Key c = a;
    EXPECT_TRUE(c == a);
    c = b;
    EXPECT_TRUE(c == b);
    EXPECT_EQ(c.GetPubKey(), b.GetPubKey());
}

TEST(KeyTest, Rfc6979Vectors) {
    // Deterministic ECDSA (RFC6979 nonces, low S) over SHA256 of the message.
    struct V {
        std::string_view priv, msg, rs;
    } vectors[] = {
        {kOne, "Satoshi Nakamoto",
         "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
         "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"},
        {kOne, "All those moments will be lost in time, like tears in rain. Time to die...",
         "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b"
         "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21"},
        {kOrderMinus1, "Satoshi Nakamoto",
         "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0"
         "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5"},
    };
    for (const auto& v : vectors) {
        const Key key = Key::FromBytes(Hex(v.priv)).value();
        const uint256 hash = Sha256Hash(Str(v.msg));
        const Bytes der = key.Sign(hash).value();
        const auto sig = ParseDerLax(der).value();
        EXPECT_EQ(HexStr(sig.r) + HexStr(sig.s), v.rs) << v.msg;
        EXPECT_TRUE(key.GetPubKey().Verify(hash, der));
    }
}

TEST(KeyTest, SignVerifyRoundTripAlwaysLowS) {
    for (int i = 0; i < 64; ++i) {
        const Key key = Key::MakeNew(i % 2 == 0);
        const PubKey pub = key.GetPubKey();
        uint256 msg;
        GetStrongRandBytes(msg.data(), msg.size());
        const Bytes der = key.Sign(msg).value();
        Bytes with_ht = der;
        with_ht.push_back(0x01);
        EXPECT_TRUE(IsValidSignatureEncoding(with_ht));
        EXPECT_TRUE(IsLowDERSignature(with_ht));
        EXPECT_TRUE(pub.Verify(msg, der));
        uint256 other = msg;
        other[0] ^= 1;
        EXPECT_FALSE(pub.Verify(other, der));
        EXPECT_FALSE(Key::MakeNew().GetPubKey().Verify(msg, der));
        // Extra entropy gives a different, still valid signature.
        uint256 extra;
        extra[0] = static_cast<uint8_t>(i + 1);
        const Bytes der2 = key.Sign(msg, extra).value();
        EXPECT_NE(der, der2);
        EXPECT_TRUE(pub.Verify(msg, der2));
        // Deterministic without extra entropy.
        EXPECT_EQ(key.Sign(msg).value(), der);
    }
}

TEST(PubKeyTest, SizeRules) {
    EXPECT_FALSE(PubKey().IsValid());
    EXPECT_FALSE(PubKey(Bytes{}).IsValid());
    EXPECT_TRUE(PubKey(Hex(kGCompressed)).IsValid());
    EXPECT_TRUE(PubKey(Hex(kGUncompressed)).IsValid());
    Bytes wrong = Hex(kGCompressed);
    wrong[0] = 0x04;
    EXPECT_FALSE(PubKey(wrong).IsValid());
    wrong = Hex(kGUncompressed);
    wrong[0] = 0x02;
    EXPECT_FALSE(PubKey(wrong).IsValid());
    wrong[0] = 0x05;
    EXPECT_FALSE(PubKey(wrong).IsValid());
    wrong[0] = 0x00;
    EXPECT_FALSE(PubKey(wrong).IsValid());
    Bytes hybrid = Hex(kGUncompressed);
    hybrid[0] = 0x06;
    EXPECT_TRUE(PubKey(hybrid).IsValid());
    hybrid[0] = 0x07;
    EXPECT_TRUE(PubKey(hybrid).IsValid());
    EXPECT_EQ(PubKey::SizeForHeader(0x03), 33u);
    EXPECT_EQ(PubKey::SizeForHeader(0x07), 65u);
    EXPECT_EQ(PubKey::SizeForHeader(0x08), 0u);
}

TEST(PubKeyTest, FullValidity) {
    EXPECT_TRUE(PubKey(Hex(kGCompressed)).IsFullyValid());
    EXPECT_TRUE(PubKey(Hex(kGUncompressed)).IsFullyValid());
    Bytes zero_x(33, 0);
    zero_x[0] = 0x02;
    EXPECT_TRUE(PubKey(zero_x).IsValid());
    EXPECT_FALSE(PubKey(zero_x).IsFullyValid());  // no point has x = 0
    Bytes big_x(33, 0xff);
    big_x[0] = 0x03;
    EXPECT_FALSE(PubKey(big_x).IsFullyValid());  // x >= p
    Bytes bad_y = Hex(kGUncompressed);
    bad_y[64] ^= 1;
    EXPECT_FALSE(PubKey(bad_y).IsFullyValid());
    // G has an even y, so the hybrid form must be 06.
    Bytes hybrid = Hex(kGUncompressed);
    hybrid[0] = 0x06;
    EXPECT_TRUE(PubKey(hybrid).IsFullyValid());
    hybrid[0] = 0x07;
    EXPECT_FALSE(PubKey(hybrid).IsFullyValid());
}

TEST(PubKeyTest, VerifyWithEveryEncoding) {
    const Key key = Key::FromBytes(Hex(kOne)).value();
    const uint256 msg = Sha256Hash(Str("block"));
    const Bytes der = key.Sign(msg).value();
    Bytes hybrid = Hex(kGUncompressed);
    hybrid[0] = 0x06;
    EXPECT_TRUE(PubKey(Hex(kGCompressed)).Verify(msg, der));
    EXPECT_TRUE(PubKey(Hex(kGUncompressed)).Verify(msg, der));
    EXPECT_TRUE(PubKey(hybrid).Verify(msg, der));
    EXPECT_FALSE(PubKey().Verify(msg, der));
    EXPECT_FALSE(PubKey(Hex(kGCompressed)).Verify(msg, {}));
    // Trailing bytes after the DER structure are ignored (block signatures rely on this).
    Bytes trailing = der;
    trailing.push_back(0x01);
    trailing.push_back(0x02);
    EXPECT_TRUE(PubKey(Hex(kGCompressed)).Verify(msg, trailing));
}

TEST(PubKeyTest, DecompressAndCompress) {
    PubKey p(Hex(kGCompressed));
    EXPECT_TRUE(p.IsCompressed());
    EXPECT_TRUE(p.Decompress());
    EXPECT_FALSE(p.IsCompressed());
    EXPECT_EQ(HexStr(p.span()), kGUncompressed);
    EXPECT_EQ(HexStr(p.Compressed().value().span()), kGCompressed);
    Bytes zero_x(33, 0);
    zero_x[0] = 0x02;
    PubKey bad(zero_x);
    EXPECT_FALSE(bad.Decompress());
    EXPECT_EQ(bad.size(), 33u);
    EXPECT_FALSE(bad.Compressed().ok());
}

TEST(PubKeyTest, AccessorsAndOrdering) {
    const PubKey g(Hex(kGCompressed));
    EXPECT_EQ(g.size(), 33u);
    EXPECT_EQ(g[0], 0x02);
    EXPECT_EQ(g.ToBytes(), Hex(kGCompressed));
    EXPECT_EQ(g.GetID(), Hash160(g.span()));
    const PubKey u(Hex(kGUncompressed));
    EXPECT_TRUE(g < u);
    EXPECT_FALSE(g == u);
    EXPECT_EQ(g, PubKey(Hex(kGCompressed)));
    Bytes odd = Hex(kGCompressed);
    odd[0] = 0x03;
    EXPECT_TRUE(g < PubKey(odd));
    EXPECT_TRUE(PubKey() < g);
}

TEST(TweakTest, PrivateAndPublicTweaksAgree) {
    for (int i = 0; i < 32; ++i) {
        const Key key = Key::MakeNew(i % 2 == 0);
        uint256 tweak;
        GetStrongRandBytes(tweak.data(), tweak.size());
        tweak[0] &= 0x7f;  // keep it below the group order
        const Key tk = key.TweakAdd(tweak).value();
        const PubKey tp = key.GetPubKey().TweakAdd(tweak).value();
        EXPECT_EQ(tk.GetPubKey(), tp);
        EXPECT_EQ(tk.IsCompressed(), key.IsCompressed());
        EXPECT_EQ(tp.IsCompressed(), key.IsCompressed());
        // The tweaked key signs for the tweaked public key.
        const uint256 msg = Sha256Hash(tweak.span());
        EXPECT_TRUE(tp.Verify(msg, tk.Sign(msg).value()));
    }
}

TEST(TweakTest, PayToContractInternalOrder) {
    // Ocean wallet: priv' = priv + c, pub' = pub + c*G, c used as its 32 internal-order bytes.
    const Key one = Key::FromBytes(Hex(kOne)).value();
    uint256 c;
    c[31] = 0x01;  // internal byte 31 = least significant byte of the big-endian scalar: c = 1
    const Key two = one.TweakAdd(c).value();
    Bytes expected(32, 0);
    expected[31] = 2;
    EXPECT_EQ(Bytes(two.span().begin(), two.span().end()), expected);
    EXPECT_EQ(PubKey(Hex(kGCompressed)).TweakAdd(c).value(), two.GetPubKey());
    // A zero tweak is the identity.
    EXPECT_EQ(one.TweakAdd(uint256()).value(), one);
    EXPECT_EQ(one.GetPubKey().TweakAdd(uint256()).value(), one.GetPubKey());
}

TEST(TweakTest, OutOfRange) {
    const Key one = Key::FromBytes(Hex(kOne)).value();
    EXPECT_FALSE(one.TweakAdd(Raw(kOrder)).ok());
    EXPECT_FALSE(one.GetPubKey().TweakAdd(Raw(kOrder)).ok());
    // 1 + (n-1) = 0: invalid key / point at infinity.
    EXPECT_FALSE(one.TweakAdd(Raw(kOrderMinus1)).ok());
    EXPECT_FALSE(one.GetPubKey().TweakAdd(Raw(kOrderMinus1)).ok());
    EXPECT_FALSE(Key().TweakAdd(uint256()).ok());
    EXPECT_FALSE(PubKey().TweakAdd(uint256()).ok());
}

TEST(EcdhTest, SymmetricAndHashOfCompressedPoint) {
    for (int i = 0; i < 16; ++i) {
        const Key a = Key::MakeNew();
        const Key b = Key::MakeNew(i % 2 == 0);
        const uint256 ab = a.Ecdh(b.GetPubKey()).value();
        const uint256 ba = b.Ecdh(a.GetPubKey()).value();
        EXPECT_EQ(ab, ba);
        // The peer key's encoding does not matter.
        PubKey bu = b.GetPubKey();
        ASSERT_TRUE(bu.Decompress());
        EXPECT_EQ(a.Ecdh(bu).value(), ab);
    }
    // With secret 1 the shared point is the peer key itself: SHA256(compressed peer key).
    const Key one = Key::FromBytes(Hex(kOne)).value();
    const Key other = Key::MakeNew(false);
    const PubKey peer_c = other.GetPubKey().Compressed().value();
    EXPECT_EQ(one.Ecdh(other.GetPubKey()).value(), Sha256Hash(peer_c.span()));
    EXPECT_FALSE(one.Ecdh(PubKey()).ok());
    EXPECT_FALSE(Key().Ecdh(peer_c).ok());
}

}  // namespace
}  // namespace ocean
