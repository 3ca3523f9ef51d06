// Wallet dump formats: dumpwallet text, importwallet parsing and its errors, dumpderivedkeys and
// validatederivedkeys with the spec's error codes.
#include "ocean/wallet/wallet_dump.h"

#include <gtest/gtest.h>

#include "ocean/crypto/sha256.h"
#include "ocean/crypto/wif.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"
#include "ocean/wallet/key_store.h"
#include "util/temp_dir.h"

namespace ocean::test {
namespace {

uint256 TestContract() {
    const std::string text = "These are the terms\n";
    return Sha256dHash(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

DumpHeader Header() {
    DumpHeader h;
    h.client_build = "v0.14.1-ocean";
    h.created_time = 1500000000;
    h.best_height = 12;
    h.best_hash = uint256::FromHex("00000000000000000000000000000000000000000000000000000000000000ab");
    h.best_time = 1499999999;
    return h;
}

// A wallet database at `path` and its key store, for the round trips below.
struct OpenedStore {
    std::unique_ptr<Database> db;
    std::unique_ptr<WalletKeyStore> store;
};

OpenedStore OpenStore(const std::filesystem::path& path, const WalletKeyStoreOptions& options) {
    OpenedStore out;
    DatabaseOptions o;
    o.path = path;
    auto db = Database::Open(o);
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return out;
    out.db = std::move(*db);
    auto store = WalletKeyStore::Load(*out.db, options);
    EXPECT_TRUE(store.ok());
    if (store.ok()) out.store = std::move(*store);
    return out;
}

TEST(WalletDumpTest, TimesAndStrings) {
    EXPECT_EQ(FormatDumpTime(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatDumpTime(1500000000), "2017-07-14T02:40:00Z");
    auto t = ParseDumpTime("2017-07-14T02:40:00Z");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(*t, 1500000000);
    EXPECT_FALSE(ParseDumpTime("2017-07-14 02:40:00").ok());
    EXPECT_FALSE(ParseDumpTime("2017-13-14T02:40:00Z").ok());
    EXPECT_FALSE(ParseDumpTime("").ok());
    EXPECT_EQ(EncodeDumpString("my label%\xc3\xa9"), "my%20label%25%c3%a9");
    EXPECT_EQ(DecodeDumpString("my%20label%25%c3%a9"), "my label%\xc3\xa9");
    EXPECT_EQ(DecodeDumpString("100%"), "100%");
    EXPECT_EQ(DecodeDumpString("%zz"), "%zz");
}

TEST(WalletDumpTest, WriteFormat) {
    const AddressPrefixes prefixes = PrefixesForChain("ocean_test");
    const Key k =
        *Key::FromBytes(*ParseHex("0000000000000000000000000000000000000000000000000000000000000001"));
    std::vector<WalletDumpKey> keys;
    keys.push_back({k, 1500000000, WalletDumpKey::Kind::kLabel, "a b", ""});
    keys.push_back({k, 1500000001, WalletDumpKey::Kind::kReserve, "", "m/0'/0'/3'"});
    const std::string text = WriteWalletDump(Header(), std::string("xprvTEST"), keys, prefixes);
    const std::string addr = EncodeDestination(PKHash(k.GetPubKey().GetID()), prefixes);
    const std::string wif = EncodeWif(k, prefixes.secret_key);
    const std::string expected =
        "# Wallet dump created by Bitcoin v0.14.1-ocean\n"
        "# * Created on 2017-07-14T02:40:00Z\n"
        "# * Best block at time of backup was 12 "
        "(00000000000000000000000000000000000000000000000000000000000000ab),\n"
        "#   mined on 2017-07-14T02:39:59Z\n"
        "\n"
        "# extended private masterkey: xprvTEST\n"
        "\n" +
        wif + " 2017-07-14T02:40:00Z label=a%20b # addr=" + addr + "\n" + wif +
        " 2017-07-14T02:40:01Z reserve=1 # addr=" + addr + " hdkeypath=m/0'/0'/3'\n" +
        "\n"
        "# End of dump\n";
    EXPECT_EQ(text, expected);
}

TEST(WalletDumpTest, RoundTripThroughKeyStore) {
    TempDir dir;
    WalletKeyStoreOptions options;
    options.prefixes = PrefixesForChain("ocean_test");
    options.keypool_size = 3;
    auto opened = OpenStore(dir / "w", options);
    ASSERT_TRUE(opened.store);
    auto* store = &opened.store;
    ASSERT_TRUE((*store)->ImportKey(Key::MakeNew(false), std::string("label with space"), 1400000000).ok());
    ASSERT_TRUE((*store)->GetKeyFromPool().ok());
    auto keys = (*store)->ExportKeys();
    ASSERT_TRUE(keys.ok());
    auto xprv = (*store)->HdMasterXprv();
    ASSERT_TRUE(xprv.ok() && xprv->has_value());
    const std::string text = WriteWalletDump(Header(), *xprv, *keys, options.prefixes);
    EXPECT_NE(text.find("hdmaster=1"), std::string::npos);
    EXPECT_NE(text.find("change=1"), std::string::npos);
    EXPECT_NE(text.find(" hdkeypath=m/0'/0'/0'"), std::string::npos);

    auto parsed = ParseWalletDump(text, options.prefixes.secret_key);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    ASSERT_EQ(parsed->size(), keys->size());
    for (size_t i = 0; i < keys->size(); ++i) {
        const auto& in = (*keys)[i];
        const auto& out = (*parsed)[i];
        EXPECT_TRUE(out.key == in.key);
        EXPECT_EQ(out.time, in.time);
        const bool labelled = in.kind == WalletDumpKey::Kind::kLabel;
        if (labelled) {
            EXPECT_EQ(out.label, in.label);
        }
        const bool no_label =
            in.kind == WalletDumpKey::Kind::kReserve || in.kind == WalletDumpKey::Kind::kChange;
        EXPECT_EQ(out.has_label, !no_label);
    }

    // Import into a second wallet.
    auto opened2 = OpenStore(dir / "w2", options);
    ASSERT_TRUE(opened2.store);
    auto* store2 = &opened2.store;
    for (const auto& e : *parsed) {
        auto r = (*store2)->ImportKey(e.key, e.has_label ? std::optional<std::string>(e.label) : std::nullopt,
                                      e.time);
        ASSERT_TRUE(r.ok());
    }
    for (const auto& e : *keys) EXPECT_TRUE((*store2)->HaveKey(e.key.GetPubKey().GetID()));
}

TEST(WalletDumpTest, MalformedLines) {
    const AddressPrefixes prefixes = PrefixesForChain("ocean_test");
    const std::string wif = EncodeWif(Key::MakeNew(), prefixes.secret_key);
    auto expect_error = [&](const std::string& text, const std::string& fragment) {
        auto r = ParseWalletDump(text, prefixes.secret_key);
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_EQ(r.error().code, "wallet-dump-malformed");
        EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
    };
    expect_error("# c\n\nnotakey 2017-07-14T02:40:00Z label=\n", "line 3: invalid private key");
    expect_error(wif + "\n", "line 1: expected");
    expect_error(wif + " yesterday label=x\n", "line 1: invalid time");
    // A key of another chain (ocean_main's WIF prefix).
    expect_error(
        EncodeWif(Key::MakeNew(), PrefixesForChain("ocean_main").secret_key) + " 2017-07-14T02:40:00Z\n",
        "invalid private key");
    // Comments, blank lines and CRLF are fine; tags after '#' are ignored.
    auto ok = ParseWalletDump("# head\r\n\r\n" + wif + " 2017-07-14T02:40:00Z reserve=1 # label=no\r\n",
                              prefixes.secret_key);
    ASSERT_TRUE(ok.ok()) << ok.error().ToString();
    ASSERT_EQ(ok->size(), 1u);
    EXPECT_FALSE((*ok)[0].has_label);
    EXPECT_EQ((*ok)[0].label, "");
}

TEST(WalletDumpTest, DerivedKeysDumpValidates) {
    TempDir dir;
    WalletKeyStoreOptions options;
    options.prefixes = PrefixesForChain("ocean_test");
    options.keypool_size = 4;
    options.contract_hash = TestContract();
    options.tweak_keys = true;
    auto opened = OpenStore(dir / "w", options);
    ASSERT_TRUE(opened.store);
    auto* store = &opened.store;
    const auto pairs = (*store)->KeypoolDerivedKeys();
    const std::string text = WriteDerivedKeysDump(Header(), pairs, options.prefixes);
    const auto lines = Split(text, '\n');
    ASSERT_GE(lines.size(), 5u + pairs.size());
    EXPECT_EQ(lines[0], "# Derived key dump created by Bitcoin v0.14.1-ocean");
    EXPECT_EQ(lines[4], "");
    EXPECT_EQ(lines[5], EncodeDestination(PKHash(pairs[0].pubkey.GetID()), options.prefixes) + " " +
                            HexStr(pairs[0].derived_pubkey.span()));
    EXPECT_EQ(text.find("End of dump"), std::string::npos);

    DerivedKeyCheckOptions check;
    check.prefixes = options.prefixes;
    check.contract_hash = options.contract_hash;
    EXPECT_TRUE(ValidateDerivedKeys(text, check).ok());
    // Without -embedcontract (or with -contractintx) the untweaked key does not hash to the address.
    check.embed_contract = false;
    auto no_embed = ValidateDerivedKeys(text, check);
    ASSERT_FALSE(no_embed.ok());
    EXPECT_EQ(no_embed.error().code, "-32");
    EXPECT_EQ(no_embed.error().message, "Invalid key derivation when tweaking key with contract hash");
    check.embed_contract = true;
    check.contract_in_tx = true;
    EXPECT_EQ(ValidateDerivedKeys(text, check).error().code, "-32");
}

TEST(WalletDumpTest, DerivedKeysErrors) {
    DerivedKeyCheckOptions check;
    check.prefixes = PrefixesForChain("ocean_test");
    check.contract_hash = TestContract();
    const std::string a = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    const std::string addr_tweaked = EncodeDestination(
        PKHash(uint160(*ParseHex("cc6d6742b1a910ede4bb16c41b2ac6dd09e04781"))), check.prefixes);
    auto code_msg = [&](const std::string& text) {
        Status st = ValidateDerivedKeys(text, check);
        return st.ok() ? std::string("ok") : st.error().code + " " + st.error().message;
    };
    EXPECT_EQ(code_msg("# only comments\n\nsinglefield\n"), "ok");
    EXPECT_EQ(code_msg(addr_tweaked + " " + a + "\n"), "ok");
    EXPECT_EQ(code_msg("nonsense " + a + "\n"), "-5 Invalid Bitcoin address");
    EXPECT_EQ(code_msg(addr_tweaked + " 02abcd\n"), "-5 Invalid public key");
    EXPECT_EQ(code_msg(addr_tweaked + " zz\n"), "-5 Invalid public key");
    const std::string p2sh = EncodeDestination(ScriptHash(uint160()), check.prefixes);
    EXPECT_EQ(code_msg(p2sh + " " + a + "\n"), "-5 Invalid key id");
    const std::string untweaked = EncodeDestination(PKHash(PubKey(*ParseHex(a)).GetID()), check.prefixes);
    EXPECT_EQ(code_msg(untweaked + " " + a + "\n"),
              "-32 Invalid key derivation when tweaking key with contract hash");
    // A null contract means no tweak.
    check.contract_hash = uint256();
    EXPECT_EQ(code_msg(untweaked + " " + a + "\n"), "ok");
}

}  // namespace
}  // namespace ocean::test
