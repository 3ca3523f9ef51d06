// BIP32: the official test vectors 1-4, serialization round trips, invalid encodings and path parsing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ocean/crypto/base58.h"
#include "ocean/crypto/bip32.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

constexpr uint32_t H = kBip32HardenedBit;

struct Step {
    uint32_t index;  // child number leading to this node (ignored for the master)
    const char* xpub;
    const char* xprv;
};

struct Vector {
    const char* seed;
    std::vector<Step> steps;  // steps[0] is the master
};

const std::vector<Vector>& Vectors() {
    static const std::vector<Vector> v = {
        {"000102030405060708090a0b0c0d0e0f",
         {
             {0,
              "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7"
              "usUDFdp6W1EGMcet8",
              "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtR"
              "BeJgk33yuGBxrMPHi"},
             {0 | H,
              "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5sk"
              "i8PX9rL2dZXvgGDnw",
              "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxH"
              "rnYeSvkzY7d2bhkJ7"},
             {1,
              "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2Ax"
              "YysAA7xmALppuCkwQ",
              "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4"
              "pWcQDnRnrVA1xe8fs"},
             {2 | H,
              "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkr"
              "X7x7DogT5Uv6fcLW5",
              "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpg"
              "P4mLTj34bhnZX7UiM"},
             {2,
              "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe"
              "5JnJ7dh8zL4fiyLHV",
              "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDv"
              "UAKRHSC34sJ7in334"},
             {1000000000,
              "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYB"
              "VPamhGW6cFJodrTHy",
              "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZR"
              "EPSL39UNdE3BBDu76"},
         }},
        {"fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6"
         "c696663605d5a5754514e4b484542",
         {
             {0,
              "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY4"
              "7LJhkJ8UB7WEGuduB",
              "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3Lq"
              "FtT2emdEXVYsCzC2U"},
             {0,
              "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6"
              "r1D3tgFxHmwMkQTPH",
              "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1"
              "fwqWpWkeS3v86pgKt"},
             {2147483647 | H,
              "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMB"
              "U4Zn9h8LZNnBC5y4a",
              "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmj"
              "uHc2YmYRmagcEPdU9"},
             {1,
              "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wT"
              "funKau47EL2dhHKon",
              "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuW"
              "S6T8XA2ECKADdw4Ef"},
             {2147483646 | H,
              "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDM"
              "zQLcgJvLJuZZvRcEL",
              "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjS"
              "yQbLYnMpCqE2VbFWc"},
             {2,
              "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rX"
              "pVGyy3bdW6EEgAtqt",
              "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJ"
              "UuekgW4BYPJcr9E7j"},
         }},
        // Vector 3: retention of leading zeros in the master secret.
        {"4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2"
         "e8a1e7d1457df2e5a3c51c73235be",
         {
             {0,
              "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ"
              "1Z3GC8vBgp2epUt13",
              "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7"
              "pXeTzjuxBrCmmhgC6"},
             {0 | H,
              "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLP"
              "xSb7gwQN3ih19Zm4Y",
              "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJF"
              "jaPdGZ2y9WACViL4L"},
         }},
        // Vector 4: a hardened child whose secret has a leading zero byte.
        {"3ddd5602285899a946114506157c7997e5444528f3003f6134712147db19b678",
         {
             {0,
              "xpub661MyMwAqRbcGczjuMoRm6dXaLDEhW1u34gKenbeYqAix21mdUKJyuyu5F1rzYGVxyL6tmgBUAEPrEz92mBXjByMRi"
              "Jdba9wpnN37RLLAXa",
              "xprv9s21ZrQH143K48vGoLGRPxgo2JNkJ3J3fqkirQC2zVdk5Dgd5w14S7fRDyHH4dWNHUgkvsvNDCkvAwcSHNAQwhwgNM"
              "gZhLtQC63zxwhQmRv"},
             {0 | H,
              "xpub69AUMk3qDBi3uW1sXgjCmVjJ2G6WQoYSnNHyzkmdCHEhSZ4tBok37xfFEqHd2AddP56Tqp4o56AePAgCjYdvpW2PU2"
              "jbUPFKsav5ut6Ch1m",
              "xprv9vB7xEWwNp9kh1wQRfCCQMnZUEG21LpbR9NPCNN1dwhiZkjjeGRnaALmPXCX7SgjFTiCTT6bXes17boXtjq3xLpcDj"
              "zEuGLQBM5ohqkao9G"},
             {1 | H,
              "xpub6BJA1jSqiukeaesWfxe6sNK9CCGaujFFSJLomWHprUL9DePQ4JDkM5d88n49sMGJxrhpjazuXYWdMf17C9T5Xnxkop"
              "aeS7jGk1GyyVziaMt",
              "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5"
              "hG1Jaj32dVoS6XLT1"},
         }},
    };
    return v;
}

TEST(Bip32Test, OfficialVectors) {
    for (const auto& vec : Vectors()) {
        const Bytes seed = ParseHex(vec.seed).value();
        ExtKey key = ExtKey::FromSeed(seed).value();
        ExtPubKey pub = key.Neuter();
        std::vector<uint32_t> path;
        for (size_t i = 0; i < vec.steps.size(); ++i) {
            const Step& step = vec.steps[i];
            if (i > 0) {
                // Public derivation must agree with private derivation for non-hardened steps.
                auto pub_child = pub.Derive(step.index);
                if (step.index & H) {
                    EXPECT_FALSE(pub_child.ok());
                }
                key = key.Derive(step.index).value();
                if (!(step.index & H)) {
                    ASSERT_TRUE(pub_child.ok());
                    EXPECT_EQ(pub_child.value(), key.Neuter());
                }
                pub = key.Neuter();
                path.push_back(step.index);
            }
            EXPECT_EQ(key.ToBase58(kBip32XprvVersion), step.xprv) << vec.seed << " step " << i;
            EXPECT_EQ(pub.ToBase58(kBip32XpubVersion), step.xpub) << vec.seed << " step " << i;

            // Decoding gives back the same key, and re-encoding the same text.
            const ExtKey dk = ExtKey::FromBase58(step.xprv, kBip32XprvVersion).value();
            EXPECT_EQ(dk, key);
            const ExtPubKey dp = ExtPubKey::FromBase58(step.xpub, kBip32XpubVersion).value();
            EXPECT_EQ(dp, pub);
            EXPECT_EQ(dp.ToBase58(kBip32XpubVersion), step.xpub);

            // Path-based derivation from the master agrees.
            const ExtKey master = ExtKey::FromSeed(seed).value();
            EXPECT_EQ(master.DerivePath(path).value(), key);
            EXPECT_EQ(ParseBip32Path(FormatBip32Path(path)).value(), path);
        }
    }
}

TEST(Bip32Test, VectorFieldsAndDepth) {
    const ExtKey m = ExtKey::FromSeed(ParseHex("000102030405060708090a0b0c0d0e0f").value()).value();
    EXPECT_EQ(m.depth, 0);
    EXPECT_EQ(m.child, 0u);
    EXPECT_EQ(m.parent_fingerprint, Bip32Fingerprint{});
    EXPECT_EQ(HexStr(m.Fingerprint()), "3442193e");
    const ExtKey c = m.Derive(0 | H).value();
    EXPECT_EQ(c.depth, 1);
    EXPECT_EQ(c.child, 0x80000000u);
    EXPECT_EQ(c.parent_fingerprint, m.Fingerprint());
    EXPECT_EQ(c.Neuter().Fingerprint(), c.Fingerprint());
    const Bip32Encoded enc = c.Encode(kBip32XprvVersion);
    EXPECT_EQ(HexStr(ByteSpan(enc.data(), 13)), "0488ade4013442193e80000000");
    EXPECT_EQ(enc[45], 0x00);
}

TEST(Bip32Test, ChainSpecificVersions) {
    // formats.md §8.3: custom chains use 043587CF / 04358394 ("tpub" / "tprv").
    const Bip32Version tpub{0x04, 0x35, 0x87, 0xCF};
    const Bip32Version tprv{0x04, 0x35, 0x83, 0x94};
    const ExtKey m = ExtKey::FromSeed(ParseHex("000102030405060708090a0b0c0d0e0f").value()).value();
    const std::string s = m.ToBase58(tprv);
    const std::string p = m.Neuter().ToBase58(tpub);
    EXPECT_EQ(s.substr(0, 4), "tprv");
    EXPECT_EQ(p.substr(0, 4), "tpub");
    EXPECT_EQ(ExtKey::FromBase58(s, tprv).value(), m);
    EXPECT_EQ(ExtPubKey::FromBase58(p, tpub).value(), m.Neuter());
    // A key for another chain, or of the other kind, is rejected.
    EXPECT_FALSE(ExtKey::FromBase58(s, kBip32XprvVersion).ok());
    EXPECT_FALSE(ExtKey::FromBase58(p, tprv).ok());
    EXPECT_FALSE(ExtPubKey::FromBase58(s, tpub).ok());
    EXPECT_FALSE(ExtPubKey::FromBase58(m.Neuter().ToBase58(kBip32XpubVersion), tpub).ok());
}

TEST(Bip32Test, InvalidEncodings) {
    const ExtKey m = ExtKey::FromSeed(ParseHex("000102030405060708090a0b0c0d0e0f").value()).value();
    const ExtKey c = m.Derive(1).value();
    const Bip32Encoded priv = c.Encode(kBip32XprvVersion);
    const Bip32Encoded pub = c.Neuter().Encode(kBip32XpubVersion);
    ASSERT_TRUE(ExtKey::Decode(priv, kBip32XprvVersion).ok());
    ASSERT_TRUE(ExtPubKey::Decode(pub, kBip32XpubVersion).ok());

    // Wrong length.
    EXPECT_FALSE(ExtKey::Decode(ByteSpan(priv.data(), 77), kBip32XprvVersion).ok());
    Bytes longer(priv.begin(), priv.end());
    longer.push_back(0);
    EXPECT_FALSE(ExtKey::Decode(longer, kBip32XprvVersion).ok());
    EXPECT_FALSE(ExtKey::FromBase58(EncodeBase58Check(longer), kBip32XprvVersion).ok());

    // Private key prefix must be 0x00; the secret must be in range.
    Bip32Encoded bad = priv;
    bad[45] = 0x01;
    EXPECT_FALSE(ExtKey::Decode(bad, kBip32XprvVersion).ok());
    bad = priv;
    std::fill(bad.begin() + 46, bad.end(), 0x00);
    EXPECT_FALSE(ExtKey::Decode(bad, kBip32XprvVersion).ok());
    bad = priv;
    std::fill(bad.begin() + 46, bad.end(), 0xff);
    EXPECT_FALSE(ExtKey::Decode(bad, kBip32XprvVersion).ok());

    // Public key must be a compressed curve point.
    bad = pub;
    bad[45] = 0x04;
    EXPECT_FALSE(ExtPubKey::Decode(bad, kBip32XpubVersion).ok());
    bad = pub;
    bad[45] = 0x00;
    EXPECT_FALSE(ExtPubKey::Decode(bad, kBip32XpubVersion).ok());
    bad = pub;
    std::fill(bad.begin() + 46, bad.end(), 0x00);  // x = 0 is not on the curve
    EXPECT_FALSE(ExtPubKey::Decode(bad, kBip32XpubVersion).ok());

    // A master (depth 0) cannot have a parent fingerprint or child number.
    bad = m.Encode(kBip32XprvVersion);
    bad[5] = 0x01;
    EXPECT_FALSE(ExtKey::Decode(bad, kBip32XprvVersion).ok());
    bad = m.Encode(kBip32XprvVersion);
    bad[12] = 0x01;
    EXPECT_FALSE(ExtKey::Decode(bad, kBip32XprvVersion).ok());

    // Bad base58 / checksum.
    EXPECT_FALSE(ExtKey::FromBase58("", kBip32XprvVersion).ok());
    std::string text = c.ToBase58(kBip32XprvVersion);
    text.back() = text.back() == 'a' ? 'b' : 'a';
    EXPECT_FALSE(ExtKey::FromBase58(text, kBip32XprvVersion).ok());
}

TEST(Bip32Test, DepthLimit) {
    ExtKey k = ExtKey::FromSeed(ParseHex("000102030405060708090a0b0c0d0e0f").value()).value();
    k.depth = 0xff;
    EXPECT_FALSE(k.Derive(0).ok());
    EXPECT_FALSE(k.Neuter().Derive(0).ok());
    k.depth = 0xfe;
    EXPECT_EQ(k.Derive(0).value().depth, 0xff);
}

TEST(Bip32Test, ParsePath) {
    using V = std::vector<uint32_t>;
    EXPECT_EQ(ParseBip32Path("m").value(), V{});
    EXPECT_EQ(ParseBip32Path("m/0'/1/2h").value(), (V{0 | H, 1, 2 | H}));
    EXPECT_EQ(ParseBip32Path("m/0H/2147483647'").value(), (V{0 | H, 2147483647u | H}));
    EXPECT_EQ(ParseBip32Path("0/1").value(), (V{0, 1}));
    EXPECT_EQ(ParseBip32Path("m/2147483647").value(), (V{2147483647u}));
    for (const char* bad : {"", "m/", "/0", "m//1", "m/0/", "m/2147483648", "m/2147483648'", "m/-1", "m/1x",
                            "m/ 1", "m/1''", "m/0/m", "M/0", "m/'", "m/4294967296", "mm/0"}) {
        EXPECT_FALSE(ParseBip32Path(bad).ok()) << bad;
    }
    EXPECT_EQ(FormatBip32Path({0 | H, 1, 2 | H}), "m/0'/1/2'");
    EXPECT_EQ(FormatBip32Path({}), "m");
}

}  // namespace
}  // namespace ocean
