// Crypter: master-key records, passphrase checks, per-key encryption and the KDF calibration floor.
#include "ocean/wallet/crypter.h"

#include <gtest/gtest.h>

namespace ocean::test {
namespace {

TEST(CrypterTest, MasterKeyRoundTrip) {
    const SecureBytes master = NewWalletMasterKey();
    ASSERT_EQ(master.size(), kWalletMasterKeySize);
    auto rec = EncryptMasterKey(master, "correct horse", kWalletMinKdfIterations);
    ASSERT_TRUE(rec.ok()) << rec.error().ToString();
    EXPECT_EQ(rec->salt.size(), kWalletSaltSize);
    EXPECT_EQ(rec->iterations, kWalletMinKdfIterations);
    EXPECT_EQ(rec->method, kWalletKdfPbkdf2Sha512);
    EXPECT_EQ(rec->encrypted_key.size(), 48u);

    auto back = DecryptMasterKey(*rec, "correct horse");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, master);

    auto wrong = DecryptMasterKey(*rec, "correct horsf");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, "-14");
}

TEST(CrypterTest, IterationsNeverBelowFloor) {
    EXPECT_EQ(CalibrateKdfIterations(std::chrono::milliseconds(0)), kWalletMinKdfIterations);
    EXPECT_GE(CalibrateKdfIterations(std::chrono::milliseconds(5)), kWalletMinKdfIterations);
    auto rec = EncryptMasterKey(NewWalletMasterKey(), "p", 10);
    ASSERT_TRUE(rec.ok());
    EXPECT_EQ(rec->iterations, kWalletMinKdfIterations);
}

TEST(CrypterTest, RecordSerialization) {
    auto rec = EncryptMasterKey(NewWalletMasterKey(), "p", 30000);
    ASSERT_TRUE(rec.ok());
    auto back = MasterKeyRecord::Deserialize(rec->Serialize());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, *rec);
    Bytes truncated = rec->Serialize();
    truncated.pop_back();
    EXPECT_FALSE(MasterKeyRecord::Deserialize(truncated).ok());
}

TEST(CrypterTest, KeyRoundTripAndMismatch) {
    const SecureBytes master = NewWalletMasterKey();
    for (bool compressed : {true, false}) {
        const Key key = Key::MakeNew(compressed);
        auto ct = EncryptKey(master, key);
        ASSERT_TRUE(ct.ok());
        EXPECT_EQ(ct->size(), 48u);  // 32 bytes + a full padding block
        auto back = DecryptKey(master, *ct, key.GetPubKey());
        ASSERT_TRUE(back.ok());
        EXPECT_TRUE(*back == key);

        // Another master key or another public key (so another IV) does not give the key back.
        auto other = DecryptKey(NewWalletMasterKey(), *ct, key.GetPubKey());
        ASSERT_FALSE(other.ok());
        EXPECT_EQ(other.error().code, "-14");
        EXPECT_FALSE(DecryptKey(master, *ct, Key::MakeNew(compressed).GetPubKey()).ok());
    }
}

TEST(CrypterTest, IvDependsOnPublicKey) {
    const SecureBytes master = NewWalletMasterKey();
    const Bytes secret(32, 0x42);
    const Bytes a{1, 2, 3}, b{1, 2, 4};
    auto ca = EncryptSecret(master, secret, a);
    auto cb = EncryptSecret(master, secret, b);
    ASSERT_TRUE(ca.ok() && cb.ok());
    EXPECT_NE(*ca, *cb);
    auto back = DecryptSecret(master, *ca, a);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(Bytes(back->begin(), back->end()), secret);
    EXPECT_FALSE(DecryptSecret(master, Bytes(31, 0), a).ok());
    EXPECT_FALSE(DecryptSecret(SecureBytes(16), *ca, a).ok());
}

}  // namespace
}  // namespace ocean::test
