// Strict BIP66 encoding rules, the low-S rule and the lax DER parser.
#include <gtest/gtest.h>

#include "ocean/crypto/der.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

Bytes Hex(std::string_view s) {
    return ParseHex(s).value();
}

// 30 <len> 02 <lenR> R 02 <lenS> S [hashtype]
Bytes BuildSig(const Bytes& r, const Bytes& s, std::optional<uint8_t> hashtype = 0x01) {
    Bytes out{0x30, static_cast<uint8_t>(4 + r.size() + s.size()), 0x02, static_cast<uint8_t>(r.size())};
    Append(out, r);
    out.push_back(0x02);
    out.push_back(static_cast<uint8_t>(s.size()));
    Append(out, s);
    if (hashtype) out.push_back(*hashtype);
    return out;
}

Bytes Repeat(uint8_t b, size_t n) {
    return Bytes(n, b);
}

const Bytes kR = Hex("0102030405060708091011121314151617181920212223242526272829303132");
const Bytes kS = Hex("1112131415161718192021222324252627282930313233343536373839404142");

TEST(DerStrictTest, AcceptsCanonical) {
    EXPECT_TRUE(IsValidSignatureEncoding(BuildSig(kR, kS)));
    // Smallest possible: 1-byte R and S.
    EXPECT_TRUE(IsValidSignatureEncoding(Hex("300602010102010101")));
    // Required 0x00 pad before a high byte.
    Bytes padded_r{0x00};
    padded_r.push_back(0x80);
    Append(padded_r, Repeat(0x11, 31));
    EXPECT_TRUE(IsValidSignatureEncoding(BuildSig(padded_r, kS)));
    EXPECT_TRUE(IsValidSignatureEncoding(BuildSig(padded_r, padded_r)));  // 73 bytes, the maximum
    EXPECT_EQ(BuildSig(padded_r, padded_r).size(), 73u);
    // The hashtype may be any byte.
    EXPECT_TRUE(IsValidSignatureEncoding(BuildSig(kR, kS, 0x00)));
    EXPECT_TRUE(IsValidSignatureEncoding(BuildSig(kR, kS, 0xff)));
}

TEST(DerStrictTest, SizeLimits) {
    EXPECT_FALSE(IsValidSignatureEncoding({}));
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("3005020101020101")));  // 8 bytes
    Bytes r34{0x00};
    r34.push_back(0x80);
    Append(r34, Repeat(0x11, 32));
    Bytes padded{0x00};
    padded.push_back(0x80);
    Append(padded, Repeat(0x11, 31));
    EXPECT_EQ(BuildSig(r34, padded).size(), 74u);
    EXPECT_FALSE(IsValidSignatureEncoding(BuildSig(r34, padded)));
}

TEST(DerStrictTest, TypeBytes) {
    Bytes sig = BuildSig(kR, kS);
    Bytes bad = sig;
    bad[0] = 0x31;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    bad = sig;
    bad[2] = 0x03;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    bad = sig;
    bad[4 + kR.size()] = 0x03;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
}

TEST(DerStrictTest, LengthMismatches) {
    const Bytes sig = BuildSig(kR, kS);
    Bytes bad = sig;
    bad[1] += 1;  // total length too large
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    bad = sig;
    bad[1] -= 1;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    // Bare DER without the hashtype byte: total length no longer equals size - 3.
    EXPECT_FALSE(IsValidSignatureEncoding(BuildSig(kR, kS, std::nullopt)));
    // Extra trailing byte.
    bad = sig;
    bad.push_back(0x01);
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    // R length pointing past the end.
    bad = sig;
    bad[3] = 0x50;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    // R length making S's length byte the hashtype.
    bad = sig;
    bad[3] = static_cast<uint8_t>(sig.size() - 5);
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    // S length inconsistent with the total.
    bad = sig;
    bad[5 + kR.size()] += 1;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
    bad = sig;
    bad[5 + kR.size()] -= 1;
    EXPECT_FALSE(IsValidSignatureEncoding(bad));
}

TEST(DerStrictTest, ZeroLengthIntegers) {
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("300602000202010101")));  // R empty
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("300602020101020001")));  // S empty
}

TEST(DerStrictTest, NegativeIntegers) {
    Bytes neg = kR;
    neg[0] = 0x80;
    EXPECT_FALSE(IsValidSignatureEncoding(BuildSig(neg, kS)));
    EXPECT_FALSE(IsValidSignatureEncoding(BuildSig(kR, neg)));
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("300602018102010101")));
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("300602010102018101")));
}

TEST(DerStrictTest, ExcessPadding) {
    Bytes pad{0x00};
    Append(pad, kR);  // kR starts with 0x01: the zero is unnecessary
    EXPECT_FALSE(IsValidSignatureEncoding(BuildSig(pad, kS)));
    EXPECT_FALSE(IsValidSignatureEncoding(BuildSig(kR, pad)));
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("30070202000102010101")));
    EXPECT_FALSE(IsValidSignatureEncoding(Hex("30070201010202000101")));
    // A single zero byte is a minimal encoding of zero (and allowed by the rules).
    EXPECT_TRUE(IsValidSignatureEncoding(Hex("300602010002010101")));
}

TEST(DerLaxTest, ParsesCanonicalAndIgnoresTrailingData) {
    const Bytes der = BuildSig(kR, kS, std::nullopt);
    auto sig = ParseDerLax(der);
    ASSERT_TRUE(sig);
    EXPECT_EQ(Bytes(sig->r.begin(), sig->r.end()), kR);
    EXPECT_EQ(Bytes(sig->s.begin(), sig->s.end()), kS);
    Bytes trailing = der;
    Append(trailing, Hex("01deadbeef"));
    EXPECT_EQ(ParseDerLax(trailing), sig);
    EXPECT_EQ(SerializeDer(*sig), der);
}

TEST(DerLaxTest, AcceptsWhatStrictRejects) {
    const auto expect = ParseDerLax(BuildSig(kR, kS, std::nullopt));
    ASSERT_TRUE(expect);
    // Wrong sequence length (short form, value ignored).
    Bytes d = BuildSig(kR, kS, std::nullopt);
    d[1] = 0x00;
    EXPECT_EQ(ParseDerLax(d), expect);
    d[1] = 0x7f;
    EXPECT_EQ(ParseDerLax(d), expect);
    // Long-form sequence length.
    const Bytes canonical = BuildSig(kR, kS, std::nullopt);
    Bytes lf{0x30, 0x81, 0x44};
    lf.insert(lf.end(), canonical.begin() + 2, canonical.end());
    EXPECT_EQ(ParseDerLax(lf), expect);
    // Excess leading zeros in R and S.
    Bytes zr{0x00, 0x00, 0x00};
    Append(zr, kR);
    Bytes zs{0x00};
    Append(zs, kS);
    EXPECT_EQ(ParseDerLax(BuildSig(zr, zs, std::nullopt)), expect);
    // Long-form integer lengths, with zero padding inside the length.
    Bytes li{0x30, 0x00, 0x02, 0x84, 0x00, 0x00, 0x00, 0x20};
    Append(li, kR);
    Append(li, Hex("028120"));
    Append(li, kS);
    EXPECT_EQ(ParseDerLax(li), expect);
    // "Negative" R is read as unsigned.
    Bytes neg = kR;
    neg[0] = 0x80;
    auto n = ParseDerLax(BuildSig(neg, kS, std::nullopt));
    ASSERT_TRUE(n);
    EXPECT_EQ(n->r[0], 0x80);
    // Zero-length R parses as zero.
    auto z = ParseDerLax(Hex("3006020002020101"));
    ASSERT_TRUE(z);
    EXPECT_EQ(z->r, (std::array<uint8_t, 32>{}));
    EXPECT_EQ(z->s[31], 0x01);
    EXPECT_EQ(z->s[30], 0x01);
    // Short values are right-aligned.
    auto small = ParseDerLax(Hex("3006020105020107"));
    ASSERT_TRUE(small);
    EXPECT_EQ(small->r[31], 5);
    EXPECT_EQ(small->s[31], 7);
}

TEST(DerLaxTest, OverflowGivesZeroSignature) {
    // 33 significant bytes of R.
    Bytes big{0x01};
    Append(big, kR);
    auto a = ParseDerLax(BuildSig(big, kS, std::nullopt));
    ASSERT_TRUE(a);
    EXPECT_EQ(*a, EcdsaSignature{});
    // R >= group order.
    auto b = ParseDerLax(BuildSig(kR, Repeat(0xff, 32), std::nullopt));
    ASSERT_TRUE(b);
    EXPECT_EQ(*b, EcdsaSignature{});
    // The zero signature never verifies.
    const Key key =
        Key::FromBytes(Hex("0000000000000000000000000000000000000000000000000000000000000001")).value();
    EXPECT_FALSE(key.GetPubKey().Verify(uint256(), BuildSig(kR, Repeat(0xff, 32), std::nullopt)));
}

TEST(DerLaxTest, RejectsBrokenStructure) {
    EXPECT_FALSE(ParseDerLax({}));
    EXPECT_FALSE(ParseDerLax(Hex("30")));
    EXPECT_FALSE(ParseDerLax(Hex("3100020101020101")));  // not a sequence
    EXPECT_FALSE(ParseDerLax(Hex("3006030101020101")));  // R not an integer
    EXPECT_FALSE(ParseDerLax(Hex("3006020101030101")));  // S not an integer
    EXPECT_FALSE(ParseDerLax(Hex("300602010102")));      // S length missing
    EXPECT_FALSE(ParseDerLax(Hex("3006020101020201")));  // S content runs past the end
    EXPECT_FALSE(ParseDerLax(Hex("30060205010203")));    // R content runs past the end
    EXPECT_FALSE(ParseDerLax(Hex("3085000000")));        // sequence length bytes missing
    EXPECT_FALSE(ParseDerLax(Hex("3000028401")));        // integer length bytes missing
    // 8 significant length bytes cannot be represented.
    EXPECT_FALSE(ParseDerLax(Hex("300002880100000000000000010102010101")));
    // Length value beyond the input.
    EXPECT_FALSE(ParseDerLax(Hex("30000282ffff01")));
}

TEST(DerLaxTest, NeverCrashesOnTruncationsAndNoise) {
    const Bytes der = BuildSig(kR, kS, std::nullopt);
    for (size_t n = 0; n <= der.size(); ++n) {
        const auto parsed = ParseDerLax(ByteSpan(der.data(), n));
        EXPECT_EQ(parsed.has_value(), n == der.size()) << n;
        (void)IsValidSignatureEncoding(ByteSpan(der.data(), n));
    }
    uint256 state;
    for (int i = 0; i < 3000; ++i) {
        state = Sha256Hash(state.span());
        Bytes noise(state.begin(), state.begin() + (state[0] % 33));
        if (state[1] & 1) {
            noise.insert(noise.begin(), {0x30, state[2], 0x02, static_cast<uint8_t>(state[3] & 0x8f)});
        }
        (void)ParseDerLax(noise);
        (void)IsValidSignatureEncoding(noise);
        (void)IsLowDERSignature(noise);
    }
}

TEST(DerLaxTest, StrictImpliesLaxSameValue) {
    // Mutate a valid signature; whenever the strict rules accept it, the lax parser must agree.
    const Bytes base = BuildSig(kR, kS);
    uint256 state;
    int accepted = 0;
    for (int i = 0; i < 5000; ++i) {
        state = Sha256Hash(state.span());
        Bytes m = base;
        m[state[0] % m.size()] = state[1];
        if (state[2] & 1) m[state[3] % m.size()] = state[4];
        if (!IsValidSignatureEncoding(m)) continue;
        ++accepted;
        const auto lax = ParseDerLax(ByteSpan(m.data(), m.size() - 1));
        ASSERT_TRUE(lax);
        EXPECT_EQ(SerializeDer(*lax), Bytes(m.begin(), m.end() - 1));
    }
    EXPECT_GT(accepted, 0);
}

// n - s for a 32-byte big-endian s (the group order n is fixed).
std::array<uint8_t, 32> Negate(const std::array<uint8_t, 32>& s) {
    const Bytes n = Hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    std::array<uint8_t, 32> out{};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int v = n[i] - s[i] - borrow;
        borrow = v < 0;
        out[i] = static_cast<uint8_t>(v + (borrow ? 256 : 0));
    }
    return out;
}

TEST(DerLowSTest, HighSIsNormalizedAndVerifies) {
    const Key key = Key::FromBytes(Sha256Hash(ByteSpan()).span()).value();
    const uint256 msg = Sha256Hash(Hex("616263"));
    const Bytes der = key.Sign(msg).value();
    auto sig = ParseDerLax(der);
    ASSERT_TRUE(sig);
    EXPECT_TRUE(HasLowS(*sig));

    EcdsaSignature high = *sig;
    high.s = Negate(sig->s);
    EXPECT_FALSE(HasLowS(high));
    const Bytes high_der = SerializeDer(high);

    // Verification normalizes S, so the high-S form is accepted.
    EXPECT_TRUE(key.GetPubKey().Verify(msg, der));
    EXPECT_TRUE(key.GetPubKey().Verify(msg, high_der));

    // The LOW_S rule tells them apart.
    Bytes with_ht = der;
    with_ht.push_back(0x01);
    Bytes high_with_ht = high_der;
    high_with_ht.push_back(0x01);
    EXPECT_TRUE(IsValidSignatureEncoding(with_ht));
    EXPECT_TRUE(IsValidSignatureEncoding(high_with_ht));
    EXPECT_TRUE(IsLowDERSignature(with_ht));
    EXPECT_FALSE(IsLowDERSignature(high_with_ht));
    EXPECT_FALSE(IsLowDERSignature(der));  // no hashtype: not strictly encoded

    EcdsaSignature norm = high;
    EXPECT_TRUE(NormalizeToLowS(norm));
    EXPECT_EQ(norm, *sig);
    EXPECT_FALSE(NormalizeToLowS(norm));  // already low
}

TEST(DerSerializeTest, MinimalEncoding) {
    EcdsaSignature sig;
    sig.r[31] = 0x05;
    sig.s[31] = 0x80;
    EXPECT_EQ(HexStr(SerializeDer(sig)),
              "30070201050202"
              "0080");
    EXPECT_EQ(HexStr(SerializeDer(EcdsaSignature{})), "3006020100020100");
}

}  // namespace
}  // namespace ocean
