#include "ocean/rpc/auth.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <atomic>
#include <cctype>
#include <fstream>
#include <sstream>
#include <thread>

#include "ocean/util/hex.h"
#include "util/temp_dir.h"

// Interposes OpenSSL's CRYPTO_memcmp for this test binary (the executable's definition wins over
// libcrypto's), so a test can see that credential checks go through it. Same contract: 0 when equal,
// time independent of the contents.
static std::atomic<int> g_crypto_memcmp_calls{0};
extern "C" int CRYPTO_memcmp(const void* in_a, const void* in_b, size_t len) {
    g_crypto_memcmp_calls.fetch_add(1, std::memory_order_relaxed);
    const auto* a = static_cast<const volatile unsigned char*>(in_a);
    const auto* b = static_cast<const volatile unsigned char*>(in_b);
    unsigned char diff = 0;
    for (size_t i = 0; i < len; ++i) diff |= a[i] ^ b[i];
    return diff;
}

namespace ocean {
namespace {

std::string Basic(std::string_view userpass) {
    return "Basic " + EncodeBase64(userpass);
}

std::string ReadAll(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// HMAC-SHA256(key = salt, msg = password) in lower-case hex, straight from OpenSSL.
std::string OpenSslHmacHex(const std::string& salt, const std::string& password) {
    unsigned char out[32];
    unsigned int len = sizeof(out);
    HMAC(EVP_sha256(), salt.data(), static_cast<int>(salt.size()),
         reinterpret_cast<const unsigned char*>(password.data()), password.size(), out, &len);
    return HexStr(ByteSpan(out, len));
}

TEST(Base64, RoundTripAndStrictness) {
    EXPECT_EQ(EncodeBase64(""), "");
    EXPECT_EQ(EncodeBase64("f"), "Zg==");
    EXPECT_EQ(EncodeBase64("fo"), "Zm8=");
    EXPECT_EQ(EncodeBase64("foo"), "Zm9v");
    EXPECT_EQ(EncodeBase64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(EncodeBase64("user:pass"), "dXNlcjpwYXNz");
    using namespace std::string_literals;
    for (std::string s : {""s, "a"s, "ab"s, "abc"s, "abcd"s, "\x00\xff\x10 binary"s, "__cookie__:0123"s}) {
        auto d = DecodeBase64(EncodeBase64(s));
        ASSERT_TRUE(d.has_value());
        EXPECT_EQ(*d, s);
    }
    EXPECT_FALSE(DecodeBase64("Zg="));   // length not a multiple of 4
    EXPECT_FALSE(DecodeBase64("Z==="));  // too much padding
    EXPECT_FALSE(DecodeBase64("Zm9v!A=="));
    EXPECT_FALSE(DecodeBase64("Zg=A"));  // padding in the middle
    EXPECT_FALSE(DecodeBase64("Zh=="));  // non-zero trailing bits
    EXPECT_FALSE(DecodeBase64("Zm9v Zg=="));
}

TEST(RPCAuth, UserPassword) {
    RPCAuthenticator auth;
    auth.SetUserPassword("alice", "s3cret");
    EXPECT_FALSE(auth.UsesCookie());
    EXPECT_EQ(auth.Check(Basic("alice:s3cret")), std::optional<std::string>("alice"));
    EXPECT_FALSE(auth.Check(Basic("alice:s3cre")));
    EXPECT_FALSE(auth.Check(Basic("alice:s3cret ")));
    EXPECT_FALSE(auth.Check(Basic("alic:s3cret")));
    EXPECT_FALSE(auth.Check(Basic("alice")));
    EXPECT_FALSE(auth.Check(""));
    EXPECT_FALSE(auth.Check("basic " + EncodeBase64("alice:s3cret")));  // "Basic " is case-sensitive
    EXPECT_FALSE(auth.Check("Bearer " + EncodeBase64("alice:s3cret")));
    EXPECT_FALSE(auth.Check("Basic"));
    EXPECT_FALSE(auth.Check("Basic !!!!"));
    // Ocean trims whitespace around the base64 part.
    EXPECT_EQ(auth.Check("Basic  " + EncodeBase64("alice:s3cret") + " "),
              std::optional<std::string>("alice"));
    // A password containing ':' splits at the first one.
    RPCAuthenticator colon;
    colon.SetUserPassword("bob", "a:b:c");
    EXPECT_EQ(colon.Check(Basic("bob:a:b:c")), std::optional<std::string>("bob"));
    // An empty user with a password is ":password" (Ocean's strRPCUserColonPass).
    RPCAuthenticator empty_user;
    empty_user.SetUserPassword("", "pw");
    EXPECT_EQ(empty_user.Check(Basic(":pw")), std::optional<std::string>(""));
}

TEST(RPCAuth, RpcAuthKnownVector) {
    // Bitcoin Core's multi_rpc.py credentials (share/rpcauth): user "rt".
    RPCAuthenticator auth;
    auth.SetUserPassword("", "");
    ASSERT_TRUE(
        auth.AddRpcAuth("rt:93648e835a54c573682c2eb19f882535$"
                        "7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144"));
    EXPECT_EQ(auth.Check(Basic("rt:cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=")),
              std::optional<std::string>("rt"));
    EXPECT_FALSE(auth.Check(Basic("rt:cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM")));
    EXPECT_FALSE(auth.Check(Basic("rt2:cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=")));
}

TEST(RPCAuth, RpcAuthComputedWithOpenSsl) {
    const std::string salt = "c0ffee5a1t";
    const std::string password = "correct horse battery staple";
    const std::string hash = OpenSslHmacHex(salt, password);
    RPCAuthenticator auth;
    auth.SetUserPassword("main", "mainpw");
    ASSERT_TRUE(auth.AddRpcAuth("carol:" + salt + "$" + hash));
    ASSERT_TRUE(auth.AddRpcAuth("dave:" + salt + "$" + OpenSslHmacHex(salt, "other")));
    EXPECT_EQ(auth.Check(Basic("carol:" + password)), std::optional<std::string>("carol"));
    EXPECT_EQ(auth.Check(Basic("dave:other")), std::optional<std::string>("dave"));
    EXPECT_FALSE(auth.Check(Basic("carol:other")));  // another user's password
    EXPECT_FALSE(auth.Check(Basic("dave:" + password)));
    EXPECT_EQ(auth.Check(Basic("main:mainpw")), std::optional<std::string>("main"));  // both kinds at once

    // Ocean compares the lower-case hex strings: an upper-case configured hash never matches.
    RPCAuthenticator upper;
    std::string upper_hash = hash;
    for (char& c : upper_hash) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ASSERT_TRUE(upper.AddRpcAuth("carol:" + salt + "$" + upper_hash));
    EXPECT_FALSE(upper.Check(Basic("carol:" + password)));
}

TEST(RPCAuth, MalformedRpcAuthEntriesAreIgnored) {
    RPCAuthenticator auth;
    EXPECT_FALSE(auth.AddRpcAuth(""));
    EXPECT_FALSE(auth.AddRpcAuth("user"));
    EXPECT_FALSE(auth.AddRpcAuth("user:salt"));
    EXPECT_FALSE(auth.AddRpcAuth("user:salt$hash$extra"));
    EXPECT_FALSE(auth.AddRpcAuth("user:sa:lt$hash"));
    // Three fields in either separator order split like boost::split(is_any_of(":$")).
    const std::string hash = OpenSslHmacHex("salt", "pw");
    EXPECT_TRUE(auth.AddRpcAuth("u$salt:" + hash));
    EXPECT_EQ(auth.Check(Basic("u:pw")), std::optional<std::string>("u"));
    EXPECT_FALSE(auth.Check(Basic("user:pw")));
}

TEST(RPCAuth, CookieFile) {
    test::TempDir dir;
    const auto path = dir / ".cookie";
    RPCAuthenticator auth;
    auth.SetUserPassword("ignored-user", "");  // an empty password means the cookie, even with a user
    EXPECT_TRUE(auth.UsesCookie());
    EXPECT_FALSE(auth.Check(Basic("ignored-user:")));  // no credentials before the cookie exists
    ASSERT_TRUE(auth.GenerateCookie(path).ok());
    EXPECT_EQ(auth.CookiePath(), path);

    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const std::string content = ReadAll(path);
    ASSERT_EQ(content.size(), 11u + 64u);  // no trailing newline
    EXPECT_EQ(content.substr(0, 11), "__cookie__:");
    for (char c : content.substr(11))
        EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << content;

    EXPECT_EQ(auth.Check(Basic(content)), std::optional<std::string>("__cookie__"));
    EXPECT_FALSE(auth.Check(Basic("ignored-user:")));
    std::string wrong = content;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    EXPECT_FALSE(auth.Check(Basic(wrong)));

    // A new cookie replaces the old one, file and credentials.
    ASSERT_TRUE(auth.GenerateCookie(path).ok());
    const std::string second = ReadAll(path);
    EXPECT_NE(second, content);
    EXPECT_FALSE(auth.Check(Basic(content)));
    EXPECT_TRUE(auth.Check(Basic(second)));

    auth.RemoveCookie();
    EXPECT_FALSE(std::filesystem::exists(path));
    auth.RemoveCookie();  // idempotent
}

TEST(RPCAuth, CookieIsNotAcceptedWhenAPasswordIsSet) {
    test::TempDir dir;
    RPCAuthenticator auth;
    auth.SetUserPassword("u", "p");
    ASSERT_TRUE(auth.GenerateCookie(dir / "c").ok());
    EXPECT_FALSE(auth.Check(Basic(ReadAll(dir / "c"))));
    EXPECT_TRUE(auth.Check(Basic("u:p")));
}

TEST(RPCAuth, CookieWriteFailureIsAnError) {
    RPCAuthenticator auth;
    Status st = auth.GenerateCookie("/nonexistent-dir-for-ocean-test/.cookie");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "rpc-cookie");
    EXPECT_FALSE(auth.Check(Basic("__cookie__:")));
}

TEST(RPCAuth, ComparisonsAreConstantTime) {
    // Check() compares fixed-size SHA-256 digests with CRYPTO_memcmp (crypto's ConstantTimeEqual), so
    // neither the length nor a matching prefix of a guess changes the work done: every guess, whatever
    // its length, reaches CRYPTO_memcmp.
    RPCAuthenticator auth;
    auth.SetUserPassword("user", "0123456789abcdef");
    for (std::string guess : {"0123456789abcdef", "x", "0123456789abcdef-longer", ""}) {
        const int before = g_crypto_memcmp_calls.load();
        auth.Check(Basic("user:" + guess));
        EXPECT_GE(g_crypto_memcmp_calls.load(), before + 1) << guess;
    }
    // rpcauth: the user name and the HMAC are both compared with it.
    RPCAuthenticator multi;
    ASSERT_TRUE(multi.AddRpcAuth("rt:salt$" + OpenSslHmacHex("salt", "pw")));
    int before = g_crypto_memcmp_calls.load();
    EXPECT_TRUE(multi.Check(Basic("rt:pw")));
    EXPECT_GE(g_crypto_memcmp_calls.load(), before + 2);
    before = g_crypto_memcmp_calls.load();
    EXPECT_FALSE(multi.Check(Basic("rt:a-much-longer-wrong-password")));
    EXPECT_GE(g_crypto_memcmp_calls.load(), before + 2);

    for (std::string guess :
         {"0123456789abcdeX", "0123456789abcde", "0123456789abcdef0", "", "X123456789abcdef"}) {
        EXPECT_FALSE(auth.Check(Basic("user:" + guess))) << guess;
    }
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (auth.Check(Basic("user:0123456789abcdef"))) ok.fetch_add(1);
                EXPECT_FALSE(auth.Check(Basic("user:nope")));
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 800);
}

TEST(RPCAuth, FailureDelaysAreSpaced) {
    RPCAuthenticator auth;
    const auto first = auth.NextFailureDelay();
    EXPECT_GE(first, std::chrono::milliseconds(250));
    // Back-to-back failures are spaced kFailureSpacing apart on top of the 250 ms.
    std::chrono::milliseconds last = first;
    for (int i = 0; i < 8; ++i) last = auth.NextFailureDelay();
    EXPECT_GE(last,
              std::chrono::milliseconds(250) + 7 * std::chrono::duration_cast<std::chrono::milliseconds>(
                                                       RPCAuthenticator::kFailureSpacing));
}

}  // namespace
}  // namespace ocean
