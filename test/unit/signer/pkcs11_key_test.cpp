// Pkcs11Key and GeneratePkcs11Key against a real SoftHSM2 token: generation, lookup, 1,000 signatures
// checked with libsecp256k1, PIN errors without retries, missing keys and tokens, bad modules, lost
// sessions, concurrent signers.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <secp256k1.h>
#include <stdlib.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "ocean/crypto/der.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/key.h"
#include "ocean/signer/pkcs11_key.h"
#include "ocean/util/clock.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"
#include "ocean/util/logging.h"
#include "softhsm_token.h"

namespace ocean::test {
namespace {

uint256 RandomHash() {
    uint256 h;
    GetStrongRandBytes(h.data(), 32);
    return h;
}

// The strict checks a block proof needs: strict DER, low S, verifies for the key.
void ExpectGoodSignature(const PubKey& pub, const uint256& hash, const Bytes& der) {
    EXPECT_TRUE(VerifyLowSDer(pub, hash, der));
    EXPECT_TRUE(pub.Verify(hash, der));
    Bytes with_hashtype = der;
    with_hashtype.push_back(0x01);
    EXPECT_TRUE(IsValidSignatureEncoding(with_hashtype));
    EXPECT_TRUE(IsLowDERSignature(with_hashtype));
    auto parsed = ParseDerLax(der);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_TRUE(HasLowS(*parsed));
}

class Pkcs11KeyTest : public SoftHsmTest {
  protected:
    Pkcs11KeyConfig Config(std::string label = "block-key") const {
        return {Token(), std::move(label), PinSource::File(pin_file_.string())};
    }
    PubKey Generate(const std::string& label = "block-key") {
        auto pub = GeneratePkcs11Key(*module_, Token(), PinSource::File(pin_file_.string()), label);
        EXPECT_TRUE(pub.ok()) << pub.error().ToString();
        return pub.ok() ? *pub : PubKey();
    }
};

TEST_F(Pkcs11KeyTest, GenerateFindAndSignThousandHashes) {
    const PubKey generated = Generate();
    ASSERT_TRUE(generated.IsCompressed());
    ASSERT_TRUE(generated.IsFullyValid());

    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    EXPECT_EQ((*key)->PublicKey(), generated);
    EXPECT_NE((*key)->Describe().find(HexStr(generated.span())), std::string::npos);
    EXPECT_EQ((*key)->Describe().find(kTestUserPin), std::string::npos);

    for (int i = 0; i < 1000; ++i) {
        const uint256 hash = RandomHash();
        auto sig = (*key)->Sign(hash);
        ASSERT_TRUE(sig.ok()) << sig.error().ToString();
        ExpectGoodSignature(generated, hash, *sig);
    }
    const SigningKeyHealth h = (*key)->Health();
    EXPECT_EQ(h.backend, "pkcs11");
    EXPECT_TRUE(h.ready);
    EXPECT_EQ(h.signatures, 1000u);
    EXPECT_EQ(h.failures, 0u);
    EXPECT_EQ(h.last_error, "");
}

TEST_F(Pkcs11KeyTest, KeyIsFoundBySlotToo) {
    const PubKey generated = Generate();
    Pkcs11KeyConfig c = Config();
    c.token = Pkcs11TokenLocation{std::nullopt, slot_};
    auto key = Pkcs11Key::Open(module_, c);
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    EXPECT_EQ((*key)->PublicKey(), generated);
}

TEST_F(Pkcs11KeyTest, GenerationRefusesAnExistingLabel) {
    Generate("k1");
    auto again = GeneratePkcs11Key(*module_, Token(), PinSource::File(pin_file_.string()), "k1");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "hsm-key-exists");
    EXPECT_NE(again.error().message.find("'k1'"), std::string::npos);
    // A different label gives a different key.
    EXPECT_NE(Generate("k2"), Generate("k3"));
}

TEST_F(Pkcs11KeyTest, GeneratedPrivateKeyIsSensitiveAndNotExtractable) {
    Generate();
    CK_FUNCTION_LIST* fn = module_->functions();
    CK_SESSION_HANDLE s;
    ASSERT_EQ(fn->C_OpenSession(slot_, CKF_SERIAL_SESSION, nullptr, nullptr, &s), CKR_OK);
    std::string pin = kTestUserPin;
    ASSERT_EQ(fn->C_Login(s, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(pin.data()), pin.size()), CKR_OK);
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    std::string label = "block-key";
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof(cls)}, {CKA_LABEL, label.data(), label.size()}};
    ASSERT_EQ(fn->C_FindObjectsInit(s, tmpl, 2), CKR_OK);
    CK_OBJECT_HANDLE obj;
    CK_ULONG n = 0;
    ASSERT_EQ(fn->C_FindObjects(s, &obj, 1, &n), CKR_OK);
    fn->C_FindObjectsFinal(s);
    ASSERT_EQ(n, 1u);
    CK_BBOOL sensitive = CK_FALSE, extractable = CK_TRUE, token = CK_FALSE;
    CK_ATTRIBUTE attrs[] = {{CKA_SENSITIVE, &sensitive, sizeof(sensitive)},
                            {CKA_EXTRACTABLE, &extractable, sizeof(extractable)},
                            {CKA_TOKEN, &token, sizeof(token)}};
    ASSERT_EQ(fn->C_GetAttributeValue(s, obj, attrs, 3), CKR_OK);
    EXPECT_EQ(sensitive, CK_TRUE);
    EXPECT_EQ(extractable, CK_FALSE);
    EXPECT_EQ(token, CK_TRUE);
    Bytes value(64);
    CK_ATTRIBUTE secret{CKA_VALUE, value.data(), value.size()};
    EXPECT_EQ(fn->C_GetAttributeValue(s, obj, &secret, 1), CKR_ATTRIBUTE_SENSITIVE);
    fn->C_CloseSession(s);
}

TEST_F(Pkcs11KeyTest, KeySurvivesReloadingTheModule) {
    const PubKey generated = Generate();
    module_.reset();
    auto module = Pkcs11Module::Load(kDefaultPkcs11Module);
    ASSERT_TRUE(module.ok()) << module.error().ToString();
    module_ = *module;
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    EXPECT_EQ((*key)->PublicKey(), generated);
}

TEST_F(Pkcs11KeyTest, WrongPinIsAClearErrorAndIsNotRetried) {
    Generate();
    const auto wrong = dir() / "wrong-pin";
    WriteTestFile(wrong, "not-the-pin");
    Pkcs11KeyConfig c = Config();
    c.pin = PinSource::File(wrong.string());
    auto key = Pkcs11Key::Open(module_, c);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, "hsm-pin");
    EXPECT_NE(key.error().message.find("CKR_PIN_INCORRECT"), std::string::npos) << key.error().message;
    EXPECT_NE(key.error().message.find("not retried"), std::string::npos);
    EXPECT_EQ(key.error().message.find("not-the-pin"), std::string::npos);

    // A key whose session is lost while the PIN file has become wrong: one login attempt, then no more,
    // even once the PIN file is right again, until the operator asks for a reconnection.
    auto good = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(good.ok()) << good.error().ToString();
    WriteTestFile(pin_file_, "wrong-now");
    ASSERT_EQ(module_->functions()->C_CloseAllSessions(slot_), CKR_OK);
    auto sig = (*good)->Sign(RandomHash());
    ASSERT_FALSE(sig.ok());
    EXPECT_EQ(sig.error().code, "hsm-pin");
    EXPECT_NE(sig.error().message.find("CKR_PIN_INCORRECT"), std::string::npos);
    WriteTestFile(pin_file_, kTestUserPin);
    sig = (*good)->Sign(RandomHash());
    ASSERT_FALSE(sig.ok());
    EXPECT_EQ(sig.error().code, "hsm-pin");
    EXPECT_NE(sig.error().message.find("not logging in again"), std::string::npos) << sig.error().message;
    EXPECT_FALSE((*good)->Health().ready);
    EXPECT_EQ((*good)->Health().failures, 2u);

    ASSERT_TRUE((*good)->Reconnect().ok());
    const uint256 hash = RandomHash();
    sig = (*good)->Sign(hash);
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    ExpectGoodSignature((*good)->PublicKey(), hash, *sig);
    EXPECT_TRUE((*good)->Health().ready);
}

TEST_F(Pkcs11KeyTest, PinFromEnvironment) {
    Generate();
    Pkcs11KeyConfig c = Config();
    c.pin = PinSource::Environment("OCEAN_TEST_HSM_PIN");
    ::unsetenv("OCEAN_TEST_HSM_PIN");
    auto key = Pkcs11Key::Open(module_, c);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, "hsm-pin-source");
    EXPECT_NE(key.error().message.find("OCEAN_TEST_HSM_PIN"), std::string::npos);

    ::setenv("OCEAN_TEST_HSM_PIN", kTestUserPin, 1);
    key = Pkcs11Key::Open(module_, c);
    ::unsetenv("OCEAN_TEST_HSM_PIN");
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    EXPECT_TRUE((*key)->Sign(RandomHash()).ok());
}

TEST_F(Pkcs11KeyTest, PinFileReadableByOthersIsRefused) {
    Generate();
    std::filesystem::permissions(pin_file_, static_cast<std::filesystem::perms>(0644));
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, "hsm-pin-source");
    EXPECT_NE(key.error().message.find("too open"), std::string::npos) << key.error().message;
}

TEST_F(Pkcs11KeyTest, MissingKeyLabel) {
    Generate("present");
    auto key = Pkcs11Key::Open(module_, Config("absent"));
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, "hsm-key-missing");
    EXPECT_NE(key.error().message.find("'absent'"), std::string::npos) << key.error().message;
}

TEST_F(Pkcs11KeyTest, MissingTokenAndSlot) {
    Pkcs11KeyConfig c = Config();
    c.token = {std::string("no-such-token"), std::nullopt};
    auto key = Pkcs11Key::Open(module_, c);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, "hsm-token");
    EXPECT_NE(key.error().message.find("no-such-token"), std::string::npos);

    c.token = {std::nullopt, CK_SLOT_ID{987654321}};
    key = Pkcs11Key::Open(module_, c);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, "hsm-token");
    EXPECT_NE(key.error().message.find("987654321"), std::string::npos);
}

TEST_F(Pkcs11KeyTest, SessionClosedByAnotherHandleRecovers) {
    Generate();
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    ASSERT_TRUE((*key)->Sign(RandomHash()).ok());
    // Another user of the module closes every session on the token (and so logs us out).
    ASSERT_EQ(module_->functions()->C_CloseAllSessions(slot_), CKR_OK);
    const uint256 hash = RandomHash();
    auto sig = (*key)->Sign(hash);
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    ExpectGoodSignature((*key)->PublicKey(), hash, *sig);
    EXPECT_EQ((*key)->Health().recoveries, 1u);
    EXPECT_EQ((*key)->Health().failures, 0u);
}

TEST_F(Pkcs11KeyTest, LibraryRestartRecovers) {
    Generate();
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    // The module is finalized and initialized again (an HSM client restart): every handle is gone.
    ASSERT_TRUE(module_->Reinitialize().ok());
    auto sig = (*key)->Sign(RandomHash());
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    EXPECT_EQ((*key)->Health().recoveries, 1u);

    // The library finalized and left so: the key initializes it again.
    ASSERT_EQ(module_->functions()->C_Finalize(nullptr), CKR_OK);
    sig = (*key)->Sign(RandomHash());
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    EXPECT_EQ((*key)->Health().recoveries, 2u);
}

TEST_F(Pkcs11KeyTest, TokenGoneFailsCleanlyAndRecoversWhenBack) {
    Generate();
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    // The token disappears: restart the library with an empty token directory.
    const auto tokens = dir() / "tokens";
    const auto moved = dir() / "tokens-away";
    std::filesystem::rename(tokens, moved);
    std::filesystem::create_directory(tokens);
    ASSERT_TRUE(module_->Reinitialize().ok());
    for (int i = 0; i < 3; ++i) {  // each call tries once and fails cleanly
        auto sig = (*key)->Sign(RandomHash());
        ASSERT_FALSE(sig.ok());
        EXPECT_EQ(sig.error().code, "hsm-token") << sig.error().ToString();
        EXPECT_FALSE((*key)->Health().ready);
    }
    // It comes back.
    std::filesystem::remove_all(tokens);
    std::filesystem::rename(moved, tokens);
    ASSERT_TRUE(module_->Reinitialize().ok());
    auto sig = (*key)->Sign(RandomHash());
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    EXPECT_TRUE((*key)->Health().ready);
    EXPECT_EQ((*key)->Health().failures, 3u);
}

TEST_F(Pkcs11KeyTest, LogLinesNameTheProblemButNeverThePin) {
    Generate();
    SystemClock clock;
    Logger logger(clock);
    const auto log_path = dir() / "debug.log";
    ASSERT_TRUE(logger.OpenFile(log_path).ok());
    auto key = Pkcs11Key::Open(module_, Config(), &logger);
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    ASSERT_EQ(module_->functions()->C_CloseAllSessions(slot_), CKR_OK);
    ASSERT_TRUE((*key)->Sign(RandomHash()).ok());
    WriteTestFile(pin_file_, "Zz9-wrong-pin");
    ASSERT_EQ(module_->functions()->C_CloseAllSessions(slot_), CKR_OK);
    ASSERT_FALSE((*key)->Sign(RandomHash()).ok());
    logger.CloseFile();
    auto text = ReadFileText(log_path);
    ASSERT_TRUE(text.ok());
    EXPECT_NE(text->find("signer: using PKCS#11 key 'block-key'"), std::string::npos) << *text;
    EXPECT_NE(text->find("session lost"), std::string::npos) << *text;
    EXPECT_NE(text->find("CKR_SESSION_HANDLE_INVALID"), std::string::npos) << *text;
    EXPECT_NE(text->find("CKR_PIN_INCORRECT"), std::string::npos) << *text;
    EXPECT_EQ(text->find(kTestUserPin), std::string::npos);
    EXPECT_EQ(text->find("Zz9"), std::string::npos);
}

TEST_F(Pkcs11KeyTest, KeyDeletedOrReplacedWhileInUse) {
    Generate();
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    // Someone deletes the key objects through another session.
    CK_FUNCTION_LIST* fn = module_->functions();
    CK_SESSION_HANDLE s;
    ASSERT_EQ(fn->C_OpenSession(slot_, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s), CKR_OK);
    std::string label = "block-key";
    CK_ATTRIBUTE by_label{CKA_LABEL, label.data(), label.size()};
    ASSERT_EQ(fn->C_FindObjectsInit(s, &by_label, 1), CKR_OK);
    CK_OBJECT_HANDLE objs[4];
    CK_ULONG n = 0;
    ASSERT_EQ(fn->C_FindObjects(s, objs, 4, &n), CKR_OK);
    fn->C_FindObjectsFinal(s);
    ASSERT_EQ(n, 2u);
    for (CK_ULONG i = 0; i < n; ++i) ASSERT_EQ(fn->C_DestroyObject(s, objs[i]), CKR_OK);
    fn->C_CloseSession(s);

    auto sig = (*key)->Sign(RandomHash());
    ASSERT_FALSE(sig.ok());
    EXPECT_EQ(sig.error().code, "hsm-key-missing") << sig.error().ToString();
    EXPECT_FALSE((*key)->Health().ready);

    // A new key under the same label is not silently used: its public key differs.
    Generate();
    sig = (*key)->Sign(RandomHash());
    ASSERT_FALSE(sig.ok());
    EXPECT_EQ(sig.error().code, "hsm-key");
    EXPECT_NE(sig.error().message.find("now has public key"), std::string::npos) << sig.error().message;
}

TEST_F(Pkcs11KeyTest, ConcurrentSigners) {
    Generate();
    auto key = Pkcs11Key::Open(module_, Config());
    ASSERT_TRUE(key.ok()) << key.error().ToString();
    SigningKey& k = **key;
    std::vector<std::thread> threads;
    std::atomic<int> bad{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                const uint256 hash = RandomHash();
                auto sig = k.Sign(hash);
                if (!sig || !VerifyLowSDer(k.PublicKey(), hash, *sig)) ++bad;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(bad.load(), 0);
    EXPECT_EQ(k.Health().signatures, 200u);
}

// --- Modules ------------------------------------------------------------------------------------------

TEST(Pkcs11ModuleTest, MissingModule) {
    auto m = Pkcs11Module::Load("/nonexistent/libpkcs11.so");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, "hsm-module");
    EXPECT_NE(m.error().message.find("does not exist"), std::string::npos);
}

TEST(Pkcs11ModuleTest, FileThatIsNotALibrary) {
    TempDir dir;
    const auto path = dir / "notalib.so";
    WriteTestFile(path, "this is not an ELF file\n", 0644);
    auto m = Pkcs11Module::Load(path);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, "hsm-module");
    EXPECT_NE(m.error().message.find("cannot load"), std::string::npos) << m.error().message;
}

TEST(Pkcs11ModuleTest, LibraryThatIsNotAPkcs11Module) {
    Dl_info info{};
    ASSERT_NE(::dladdr(reinterpret_cast<void*>(&secp256k1_ecdsa_verify), &info), 0);
    ASSERT_NE(info.dli_fname, nullptr);
    auto m = Pkcs11Module::Load(info.dli_fname);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, "hsm-module");
    EXPECT_NE(m.error().message.find("not a PKCS#11 module"), std::string::npos) << m.error().message;
}

TEST(Pkcs11ModuleTest, ReturnCodeNames) {
    EXPECT_EQ(Pkcs11ReturnName(CKR_PIN_INCORRECT), "CKR_PIN_INCORRECT");
    EXPECT_EQ(Pkcs11ReturnName(0x7fff0001UL), "CKR_0x7fff0001");
    EXPECT_EQ(Pkcs11ErrorCode(CKR_PIN_LOCKED), "hsm-pin");
    EXPECT_EQ(Pkcs11ErrorCode(CKR_SESSION_HANDLE_INVALID), "hsm-session-lost");
    EXPECT_EQ(Pkcs11ErrorCode(CKR_DEVICE_REMOVED), "hsm-session-lost");
    EXPECT_EQ(Pkcs11ErrorCode(CKR_CURVE_NOT_SUPPORTED), "hsm-mechanism");
    EXPECT_TRUE(IsPkcs11SessionLost(CKR_USER_NOT_LOGGED_IN));
    EXPECT_FALSE(IsPkcs11SessionLost(CKR_PIN_INCORRECT));
    EXPECT_TRUE(IsPkcs11PinError(CKR_PIN_INCORRECT));
    const Error e = Pkcs11Error("C_Login", CKR_PIN_INCORRECT);
    EXPECT_EQ(e.code, "hsm-pin");
    EXPECT_EQ(e.message, "C_Login: CKR_PIN_INCORRECT (the PIN is wrong)");
}

// --- Conversions --------------------------------------------------------------------------------------

TEST(Pkcs11ConversionTest, EcPointForms) {
    const Key key = Key::MakeNew(true);
    PubKey full = key.GetPubKey();
    ASSERT_TRUE(full.Decompress());
    Bytes der = {0x04, 0x41};
    Append(der, full.span());
    auto p = ParseEcPoint(der);
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    EXPECT_EQ(*p, key.GetPubKey());
    p = ParseEcPoint(full.span());  // bare uncompressed point
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, key.GetPubKey());
    p = ParseEcPoint(key.GetPubKey().span());  // bare compressed point
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, key.GetPubKey());

    Bytes bad = der;
    bad[1] = 0x40;  // length mismatch
    EXPECT_FALSE(ParseEcPoint(bad).ok());
    bad = der;
    bad[40] ^= 0x01;  // not on the curve
    EXPECT_FALSE(ParseEcPoint(bad).ok());
    EXPECT_FALSE(ParseEcPoint(Bytes{}).ok());
}

TEST(Pkcs11ConversionTest, HighSIsNormalizedAndOverflowRefused) {
    const Key key = Key::MakeNew(true);
    const uint256 hash = RandomHash();
    auto sig = key.Sign(hash);
    ASSERT_TRUE(sig.ok());
    auto parsed = ParseDerLax(*sig);
    ASSERT_TRUE(parsed.has_value());
    // n - s: the high-S twin of the signature, as a token may return it.
    static const auto kOrder =
        ParseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").value();
    std::array<uint8_t, 32> high{};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int d = kOrder[i] - parsed->s[i] - borrow;
        borrow = d < 0;
        high[i] = static_cast<uint8_t>(d + (borrow ? 256 : 0));
    }
    Bytes raw(64);  // r || (n - s); filled by copy (GCC 12 -O2 warns falsely on insert from an array)
    std::copy(parsed->r.begin(), parsed->r.end(), raw.begin());
    std::copy(high.begin(), high.end(), raw.begin() + 32);
    auto der = RawEcdsaToLowSDer(raw);
    ASSERT_TRUE(der.ok());
    EXPECT_EQ(*der, *sig);
    EXPECT_TRUE(VerifyLowSDer(key.GetPubKey(), hash, *der));

    Bytes overflow(64, 0xff);
    EXPECT_EQ(RawEcdsaToLowSDer(overflow).error().code, "hsm-bad-signature");
    EXPECT_FALSE(RawEcdsaToLowSDer(Bytes(63, 1)).ok());
    // A high-S DER never passes the strict check.
    EXPECT_FALSE(VerifyLowSDer(key.GetPubKey(), hash, SerializeDer(EcdsaSignature{parsed->r, high})));
}

}  // namespace
}  // namespace ocean::test
