// ParseSignerOptions / OpenSigningKey: option rules (no PIN in options, one backend, complete HSM
// settings) and opening both kinds of key from options.
#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/wif.h"
#include "ocean/signer/signer_options.h"
#include "softhsm_token.h"

namespace ocean::test {
namespace {

Result<SignerOptions> Parse(std::initializer_list<const char*> options,
                            const std::filesystem::path& base = {}) {
    std::vector<const char*> argv = {"oceand"};
    argv.insert(argv.end(), options.begin(), options.end());
    ArgsManager args;
    Status s = args.ParseCommandLine(static_cast<int>(argv.size()), argv.data());
    if (!s) return s.error();
    return ParseSignerOptions(args, base);
}

std::string ErrorOf(std::initializer_list<const char*> options) {
    auto r = Parse(options);
    if (r.ok()) return "";
    EXPECT_EQ(r.error().code, "signer-options");
    return r.error().message;
}

TEST(SignerOptionsTest, NoKey) {
    auto r = Parse({});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->backend, SignerOptions::Backend::kNone);
    EXPECT_FALSE(OpenSigningKey(*r).ok());
    r = Parse({"-hsm=0"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->backend, SignerOptions::Backend::kNone);
}

TEST(SignerOptionsTest, PinInOptionsIsRefusedWithTheReason) {
    const std::string e = ErrorOf({"-hsm=pkcs11", "-hsmtoken=t", "-hsmkeylabel=k", "-hsmpin=1234"});
    EXPECT_NE(e.find("-hsmpin is not accepted"), std::string::npos) << e;
    EXPECT_NE(e.find("-hsmpinfile"), std::string::npos);
    EXPECT_NE(e.find("-hsmpinenv"), std::string::npos);
    EXPECT_EQ(e.find("1234"), std::string::npos);
    EXPECT_NE(ErrorOf({"-hsmpin=1234"}), "");
}

TEST(SignerOptionsTest, Software) {
    auto r = Parse({"-signingkey=key.wif"}, "/data");
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->backend, SignerOptions::Backend::kSoftware);
    EXPECT_EQ(r->signing_key_file, "/data/key.wif");
    r = Parse({"-signingkey=/abs/key"}, "/data");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->signing_key_file, "/abs/key");
    EXPECT_NE(ErrorOf({"-signingkey="}).find("needs a file"), std::string::npos);
    EXPECT_NE(ErrorOf({"-signingkey=k", "-hsm=pkcs11"}).find("mutually exclusive"), std::string::npos);
}

TEST(SignerOptionsTest, Pkcs11) {
    auto r = Parse({"-hsm=pkcs11", "-hsmtoken=fed", "-hsmkeylabel=block", "-hsmpinfile=pin"}, "/data");
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->backend, SignerOptions::Backend::kPkcs11);
    EXPECT_EQ(r->module_path, kDefaultPkcs11Module);
    EXPECT_EQ(r->pkcs11.token.token_label, "fed");
    EXPECT_FALSE(r->pkcs11.token.slot_id.has_value());
    EXPECT_EQ(r->pkcs11.key_label, "block");
    EXPECT_EQ(r->pkcs11.pin.kind, PinSource::Kind::kFile);
    EXPECT_EQ(r->pkcs11.pin.location, "/data/pin");

    r = Parse(
        {"-hsm=pkcs11", "-hsmmodule=/opt/hsm/lib.so", "-hsmslot=7", "-hsmkeylabel=b", "-hsmpinenv=PIN"});
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->module_path, "/opt/hsm/lib.so");
    EXPECT_EQ(r->pkcs11.token.slot_id, CK_SLOT_ID{7});
    EXPECT_EQ(r->pkcs11.pin.kind, PinSource::Kind::kEnvironment);
    EXPECT_EQ(r->pkcs11.pin.location, "PIN");
}

TEST(SignerOptionsTest, Pkcs11Mistakes) {
    EXPECT_NE(ErrorOf({"-hsm=jce"}).find("only HSM interface is -hsm=pkcs11"), std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm"}).find("-hsm=pkcs11"), std::string::npos);
    EXPECT_NE(ErrorOf({"-hsmkeylabel=k"}).find("-hsmkeylabel needs -hsm=pkcs11"), std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmkeylabel=k", "-hsmpinfile=p"}).find("exactly one of -hsmtoken"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmtoken=t", "-hsmslot=1", "-hsmkeylabel=k", "-hsmpinfile=p"})
                  .find("exactly one of -hsmtoken"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmslot=x", "-hsmkeylabel=k", "-hsmpinfile=p"}).find("slot number"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmtoken=t", "-hsmpinfile=p"}).find("-hsmkeylabel"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmtoken=t", "-hsmkeylabel=k"}).find("-hsmpinfile"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmtoken=t", "-hsmkeylabel=k", "-hsmpinfile=p", "-hsmpinenv=V"})
                  .find("exactly one of -hsmpinfile"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"-hsm=pkcs11", "-hsmtoken=0123456789012345678901234567890123", "-hsmkeylabel=k",
                       "-hsmpinfile=p"})
                  .find("1 to 32"),
              std::string::npos);
}

TEST(SignerOptionsTest, OpenSoftwareKeyFromOptions) {
    TempDir dir;
    const Key key = Key::MakeNew(true);
    WriteTestFile(dir / "signing.key", EncodeWif(key, 239));
    auto opts = Parse({"-signingkey=signing.key"}, dir.path());
    ASSERT_TRUE(opts.ok());
    auto k = OpenSigningKey(*opts);
    ASSERT_TRUE(k.ok()) << k.error().ToString();
    EXPECT_EQ((*k)->PublicKey(), key.GetPubKey());
}

class SignerOptionsHsmTest : public SoftHsmTest {};

TEST_F(SignerOptionsHsmTest, OpenPkcs11KeyFromOptions) {
    auto pub = GeneratePkcs11Key(*module_, Token(), PinSource::File(pin_file_.string()), "fed-key");
    ASSERT_TRUE(pub.ok()) << pub.error().ToString();
    const std::string module = "-hsmmodule=" + std::string(kDefaultPkcs11Module);
    const std::string token = "-hsmtoken=" + std::string(kTestTokenLabel);
    const std::string pinfile = "-hsmpinfile=" + pin_file_.string();
    auto opts =
        Parse({"-hsm=pkcs11", module.c_str(), token.c_str(), "-hsmkeylabel=fed-key", pinfile.c_str()});
    ASSERT_TRUE(opts.ok()) << opts.error().ToString();
    auto k = OpenSigningKey(*opts);
    ASSERT_TRUE(k.ok()) << k.error().ToString();
    EXPECT_EQ((*k)->PublicKey(), *pub);
    uint256 hash;
    GetStrongRandBytes(hash.data(), 32);
    auto sig = (*k)->Sign(hash);
    ASSERT_TRUE(sig.ok()) << sig.error().ToString();
    EXPECT_TRUE(VerifyLowSDer(*pub, hash, *sig));

    auto missing = Parse({"-hsm=pkcs11", "-hsmmodule=/nonexistent.so", token.c_str(), "-hsmkeylabel=fed-key",
                          pinfile.c_str()});
    ASSERT_TRUE(missing.ok());
    auto bad = OpenSigningKey(*missing);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "hsm-module");
}

}  // namespace
}  // namespace ocean::test
