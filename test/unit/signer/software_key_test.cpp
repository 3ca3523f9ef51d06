// SoftwareKey and ReadSecretFile: WIF and hex key files, bad content, permissions, missing files, and
// signatures that pass the block proof's strict checks.
#include <gtest/gtest.h>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/wif.h"
#include "ocean/signer/secret_string.h"
#include "ocean/signer/software_key.h"
#include "ocean/util/hex.h"
#include "softhsm_token.h"
#include "util/temp_dir.h"

namespace ocean::test {
namespace {

uint256 RandomHash() {
    uint256 h;
    GetStrongRandBytes(h.data(), 32);
    return h;
}

TEST(SecretStringTest, TrimAndMove) {
    SecretString s("  1234\r\n");
    s.Trim();
    EXPECT_EQ(s.view(), "1234");
    SecretString t = std::move(s);
    EXPECT_EQ(t.view(), "1234");
    EXPECT_TRUE(s.empty());
    t.Clear();
    EXPECT_TRUE(t.empty());
    SecretString blank(" \n");
    blank.Trim();
    EXPECT_TRUE(blank.empty());
}

TEST(SecretStringTest, ReadSecretFileRules) {
    TempDir dir;
    WriteTestFile(dir / "ok", "secret\n", 0600);
    auto ok = ReadSecretFile(dir / "ok");
    ASSERT_TRUE(ok.ok()) << ok.error().ToString();
    EXPECT_EQ(ok->view(), "secret");
    WriteTestFile(dir / "ro", "secret", 0400);
    EXPECT_TRUE(ReadSecretFile(dir / "ro").ok());

    for (unsigned mode : {0604u, 0640u, 0620u, 0644u, 0666u}) {
        WriteTestFile(dir / "open", "s3cr3t-content", mode);
        auto r = ReadSecretFile(dir / "open");
        ASSERT_FALSE(r.ok()) << std::oct << mode;
        EXPECT_EQ(r.error().code, "secret-file");
        EXPECT_NE(r.error().message.find("too open"), std::string::npos);
        EXPECT_NE(r.error().message.find("chmod 600"), std::string::npos);
        EXPECT_EQ(r.error().message.find("s3cr3t"), std::string::npos);  // the content is never shown
    }
    auto missing = ReadSecretFile(dir / "missing");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("No such file"), std::string::npos);
    auto directory = ReadSecretFile(dir.path());
    ASSERT_FALSE(directory.ok());
    WriteTestFile(dir / "empty", "\n\n", 0600);
    EXPECT_FALSE(ReadSecretFile(dir / "empty").ok());
    WriteTestFile(dir / "big", std::string(5000, 'x'), 0600);
    auto big = ReadSecretFile(dir / "big");
    ASSERT_FALSE(big.ok());
    EXPECT_NE(big.error().message.find("larger"), std::string::npos);
}

class SoftwareKeyTest : public ::testing::Test {
  protected:
    TempDir dir_;
    const Key key_ = Key::MakeNew(true);
};

TEST_F(SoftwareKeyTest, WifFileOfEachChain) {
    for (uint8_t prefix : kAllWifPrefixes) {
        WriteTestFile(dir_ / "key", EncodeWif(key_, prefix) + "\n");
        auto k = SoftwareKey::FromFile(dir_ / "key");
        ASSERT_TRUE(k.ok()) << k.error().ToString();
        EXPECT_EQ((*k)->PublicKey(), key_.GetPubKey());
    }
    // Restricted to one chain's prefix.
    WriteTestFile(dir_ / "key", EncodeWif(key_, 128));
    const uint8_t custom[] = {239};
    auto k = SoftwareKey::FromFile(dir_ / "key", custom);
    ASSERT_FALSE(k.ok());
    EXPECT_EQ(k.error().code, "signing-key-file");
}

TEST_F(SoftwareKeyTest, HexFileAndSignatures) {
    WriteTestFile(dir_ / "key", HexStr(key_.span()));
    auto k = SoftwareKey::FromFile(dir_ / "key");
    ASSERT_TRUE(k.ok()) << k.error().ToString();
    SigningKey& key = **k;
    EXPECT_EQ(key.PublicKey(), key_.GetPubKey());
    for (int i = 0; i < 200; ++i) {
        const uint256 hash = RandomHash();
        auto sig = key.Sign(hash);
        ASSERT_TRUE(sig.ok());
        EXPECT_TRUE(VerifyLowSDer(key.PublicKey(), hash, *sig));
        EXPECT_EQ(*sig, *key_.Sign(hash));  // RFC6979: the same signature as the crypto layer's
    }
    const SigningKeyHealth h = key.Health();
    EXPECT_EQ(h.backend, "software");
    EXPECT_TRUE(h.ready);
    EXPECT_EQ(h.signatures, 200u);
    // Describe() names the file and the public key, never the secret.
    EXPECT_NE(key.Describe().find(HexStr(key_.GetPubKey().span())), std::string::npos);
    EXPECT_EQ(key.Describe().find(HexStr(key_.span())), std::string::npos);
    EXPECT_EQ(key.Describe().find(EncodeWif(key_, 239)), std::string::npos);
}

TEST_F(SoftwareKeyTest, BadContent) {
    for (std::string content :
         {std::string("not a key"), std::string(64, 'g'), std::string(64, '0'),
          std::string("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
          EncodeWif(key_, 239) + "x", HexStr(key_.span()) + " " + HexStr(key_.span())}) {
        WriteTestFile(dir_ / "key", content);
        auto k = SoftwareKey::FromFile(dir_ / "key");
        ASSERT_FALSE(k.ok()) << content;
        EXPECT_EQ(k.error().code, "signing-key-file");
        EXPECT_NE(k.error().message.find((dir_ / "key").string()), std::string::npos);
        EXPECT_EQ(k.error().message.find(content), std::string::npos);  // never echoes the content
    }
}

TEST_F(SoftwareKeyTest, WorldReadableFileIsRefused) {
    WriteTestFile(dir_ / "key", EncodeWif(key_, 239), 0644);
    auto k = SoftwareKey::FromFile(dir_ / "key");
    ASSERT_FALSE(k.ok());
    EXPECT_EQ(k.error().code, "signing-key-file");
    EXPECT_NE(k.error().message.find("permissions 0644"), std::string::npos) << k.error().message;
    EXPECT_NE(k.error().message.find("too open"), std::string::npos);
}

TEST_F(SoftwareKeyTest, MissingFile) {
    auto k = SoftwareKey::FromFile(dir_ / "nope");
    ASSERT_FALSE(k.ok());
    EXPECT_EQ(k.error().code, "signing-key-file");
    EXPECT_NE(k.error().message.find("nope"), std::string::npos);
}

}  // namespace
}  // namespace ocean::test
