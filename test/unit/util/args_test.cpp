// ArgsManager: Ocean's command-line and config-file rules (config.md §1–§4).
#include "ocean/util/args.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace ocean {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "ocean_args_XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

void WriteFile(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// Sets (or unsets, with nullopt) an environment variable for one scope.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = ::getenv(name)) old_ = old;
        if (value) {
            ::setenv(name, value->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

Status Parse(ArgsManager& args, std::initializer_list<const char*> words) {
    std::vector<const char*> argv = {"prog"};
    argv.insert(argv.end(), words.begin(), words.end());
    return args.ParseCommandLine(static_cast<int>(argv.size()), argv.data());
}

std::string ParseError(std::initializer_list<const char*> words) {
    ArgsManager args;
    Status s = Parse(args, words);
    return s ? std::string("(ok)") : s.error().message;
}

using Options = std::vector<std::pair<std::string, std::string>>;

TEST(Args, CommandLineBasics) {
    ArgsManager args;
    ASSERT_TRUE(Parse(
        args, {"-rpcport=123", "--rpcuser=alice", "-daemon", "-rpcpassword=a=b", "getinfo", "-x", "y"}));
    EXPECT_EQ(args.GetArg("rpcport", ""), "123");
    EXPECT_EQ(args.GetArg("-rpcport", ""), "123");  // with or without the dash
    EXPECT_EQ(args.GetArg("rpcuser", ""), "alice");
    EXPECT_TRUE(args.IsArgSet("daemon"));
    EXPECT_EQ(args.GetArg("daemon", "x"), "");         // no value means the empty string
    EXPECT_EQ(args.GetArg("rpcpassword", ""), "a=b");  // split at the first '='
    EXPECT_FALSE(args.IsArgSet("x"));                  // after the first non-option word
    EXPECT_EQ(args.Positional(), (std::vector<std::string>{"getinfo", "-x", "y"}));
    EXPECT_EQ(args.Command(), "getinfo");
    EXPECT_EQ(args.GetArg("server", "dflt"), "dflt");
}

TEST(Args, StopsAtFirstNonDashWord) {
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"help", "-bogus"}));  // -bogus is a parameter, not an option
    EXPECT_EQ(args.Positional(), (std::vector<std::string>{"help", "-bogus"}));
    ASSERT_TRUE(Parse(args, {"-named"}));
    EXPECT_TRUE(args.Positional().empty());
    EXPECT_EQ(args.Command(), "");
    // An empty word stops option parsing too.
    ASSERT_TRUE(Parse(args, {"", "-named"}));
    EXPECT_EQ(args.Positional().size(), 2u);
    EXPECT_FALSE(args.IsArgSet("named"));
}

TEST(Args, WhitespaceIsTrimmed) {
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {" -rpcuser = bob ", "  x "}));
    EXPECT_EQ(args.GetArg("rpcuser", ""), "bob");
    EXPECT_EQ(args.Positional(), (std::vector<std::string>{"  x "}));  // words are kept as given
}

TEST(Args, ParseReplacesEarlierState) {
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"-rpcport=1", "cmd"}));
    ASSERT_TRUE(Parse(args, {"-rpcuser=u"}));
    EXPECT_FALSE(args.IsArgSet("rpcport"));
    EXPECT_TRUE(args.Positional().empty());
}

TEST(Args, Negation) {
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"-nolisten", "-noserver=0", "-nodaemon=1", "-notxindex=abc", "-noupnp=2"}));
    EXPECT_EQ(args.GetArg("listen", ""), "0");
    EXPECT_EQ(args.GetArg("server", ""), "1");
    EXPECT_EQ(args.GetArg("daemon", ""), "0");
    EXPECT_EQ(args.GetArg("txindex", ""), "1");  // atoi("abc") == 0: false, negated to true
    EXPECT_EQ(args.GetArg("upnp", ""), "0");
    EXPECT_FALSE(args.IsArgSet("nolisten"));
    EXPECT_FALSE(args.GetBoolArg("listen", true));
    EXPECT_TRUE(args.GetBoolArg("server", false));

    // Multi-valued options keep negations as values; -nodebug is debug=0.
    ASSERT_TRUE(Parse(args, {"-debug=net", "-nodebug"}));
    EXPECT_EQ(args.GetArgs("debug"), (std::vector<std::string>{"net", "0"}));
    EXPECT_EQ(args.GetArg("debug", ""), "0");
}

TEST(Args, UnknownOptionsOnTheCommandLine) {
    EXPECT_EQ(ParseError({"-bogus"}), "Argument -bogus not recognised.");
    EXPECT_EQ(ParseError({"-bogus=1", "getinfo"}), "Argument -bogus not recognised.");
    EXPECT_EQ(ParseError({"--bogus"}), "Argument -bogus not recognised.");
    EXPECT_EQ(ParseError({"-nobogus"}), "Argument -bogus not recognised.");         // checked after negation
    EXPECT_EQ(ParseError({"---rpcport=1"}), "Argument --rpcport not recognised.");  // one dash is dropped
    EXPECT_EQ(ParseError({"-"}), "Argument - not recognised.");
    EXPECT_EQ(ParseError({"-no"}), "Argument -no not recognised.");              // too short to be a negation
    EXPECT_EQ(ParseError({"-RPCPORT=1"}), "Argument -RPCPORT not recognised.");  // names are case-sensitive
    // Ocean's list quirks.
    EXPECT_EQ(ParseError({"-privdb"}), "Argument -privdb not recognised.");
    EXPECT_EQ(ParseError({"-privdb=0"}), "Argument -privdb not recognised.");
    EXPECT_EQ(ParseError({"-permissioncoinsdestination-issuancecoinsdestination=51"}), "(ok)");
    EXPECT_EQ(ParseError({"-permissioncoinsdestination=51", "-issuancecoinsdestination=51"}), "(ok)");
}

TEST(Args, AllowListHasTheSpecNames) {
    ArgsManager args;
    for (const char* n :
         {"?", "h", "help", "help-debug", "version", "conf", "datadir", "chain", "regtest", "testnet",
          "named", "rpcconnect", "rpcport", "rpcwait", "rpcuser", "rpcpassword", "rpccookiefile",
          "rpcclienttimeout", "stdin", "rpcssl", "create", "json", "txid", "reindex-chainstate",
          "pkhwhitelist-scan", "pkhwhitelist-encrypt", "zmqpubrawtx", "ct_bits", "ct_exponent",
          "mainchainrpcuri", "assetdir", "feeasset", "fixedtxfee", "embedmapping", "validatepegin", "lang",
          "uiplatform", "socks", "tor", "debugnet", "benchmark", "whitelistalwaysrelay", "blockminsize",
          "prematurewitness", "walletprematurewitness", "promiscuousmempoolflags", "choosedatadir", "min",
          "rootcertificates", "allowselfsignedrootcertificates", "splash", "resetguisettings",
          // §4.12
          "con_nsubsidyhalvinginterval", "con_bip34height", "con_bip34hash", "con_bip65height",
          "con_bip66height", "con_powlimit", "con_parentpowlimit", "con_npowtargettimespan",
          "con_npowtargetspacing", "con_fpowallowmindifficultyblocks", "con_fpownoretargeting",
          "con_nrulechangeactivationthreshold", "con_nminerconfirmationwindow", "con_nminimumchainwork",
          "con_defaultassumevalid", "ndefaultport", "npruneafterheight", "fminingrequirespeers",
          "fdefaultconsistencychecks", "frequirestandard", "fmineblocksondemand", "anyonecanspendaremine",
          // the chain options of ChainParams::FromOptions (DescribeChainOptions)
          "signblockscript", "fedpegscript", "parentcontract", "fedpegaddress", "parentgenesisblockhash",
          "genesistimestamp", "initialfreecoins", "initialfreecoinsdestination", "policycoins",
          "freezelistcoinsdestination", "burnlistcoinsdestination", "whitelistcoinsdestination",
          "challengecoinsdestination", "permissioncoinsdestination", "issuancecoinsdestination",
          "issuecontrolscript", "attestationhash", "embedcontract", "con_mandatorycoinbase", "coinbasechange",
          "signblockscriptchange", "contractchange", "disabledoutput", "peginconfirmationdepth",
          "freezelistassetchange", "burnlistassetchange", "whitelistassetchange", "issuanceassetchange",
          "challengeassetchange",
          // oceand's own
          "flushinterval", "hsm", "hsmmodule", "hsmtoken", "hsmslot", "hsmkeylabel", "hsmpinfile",
          "hsmpinenv", "signingkey", "blockinterval"}) {
        EXPECT_TRUE(args.IsAllowedOption(n)) << n;
    }
    for (const char* n : {"privdb", "-privdb", "mainstay", "bogus", "asset_main", "rpcconnect.x", ""}) {
        EXPECT_FALSE(args.IsAllowedOption(n)) << n;
    }
    // No duplicates in the list.
    std::vector<std::string_view> names = KnownOptionNames();
    std::sort(names.begin(), names.end());
    EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

TEST(Args, AddAllowedOption) {
    ArgsManager args;
    EXPECT_EQ(Parse(args, {"-mainstayfoo=1"}).error().message, "Argument -mainstayfoo not recognised.");
    args.AddAllowedOption("mainstayfoo");
    args.AddAllowedOption("-otherfoo");  // a leading dash is dropped
    ASSERT_TRUE(Parse(args, {"-mainstayfoo=1", "-otherfoo"}));
    EXPECT_EQ(args.GetIntArg("mainstayfoo", 0), 1);
    EXPECT_TRUE(args.IsArgSet("otherfoo"));
}

TEST(Args, BoolAndIntReading) {
    EXPECT_TRUE(InterpretBool(""));
    EXPECT_TRUE(InterpretBool("1"));
    EXPECT_TRUE(InterpretBool("2"));
    EXPECT_TRUE(InterpretBool("-1"));
    EXPECT_TRUE(InterpretBool(" 7x"));
    EXPECT_FALSE(InterpretBool("0"));
    EXPECT_FALSE(InterpretBool("true"));  // atoi("true") == 0
    EXPECT_FALSE(InterpretBool("no"));
    EXPECT_EQ(Atoi64("12abc"), 12);
    EXPECT_EQ(Atoi64("  -5x"), -5);
    EXPECT_EQ(Atoi64("+9"), 9);
    EXPECT_EQ(Atoi64("abc"), 0);
    EXPECT_EQ(Atoi64(""), 0);
    EXPECT_EQ(Atoi64("1.9"), 1);
    EXPECT_EQ(Atoi64("99999999999999999999"), INT64_MAX);
    EXPECT_EQ(Atoi64("-99999999999999999999"), INT64_MIN);

    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"-rpcport=8000abc", "-dbcache=", "-daemon", "-server=0", "-listen=yes"}));
    EXPECT_EQ(args.GetIntArg("rpcport", 1), 8000);
    EXPECT_EQ(args.GetIntArg("dbcache", 450), 0);
    EXPECT_EQ(args.GetIntArg("par", -7), -7);
    EXPECT_TRUE(args.GetBoolArg("daemon", false));
    EXPECT_FALSE(args.GetBoolArg("server", true));
    EXPECT_FALSE(args.GetBoolArg("listen", true));
    EXPECT_TRUE(args.GetBoolArg("txindex", true));
    EXPECT_FALSE(args.GetBoolArg("txindex", false));
}

TEST(Args, CommandLineLastOccurrenceWins) {
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"-rpcport=1", "-rpcport=2"}));
    EXPECT_EQ(args.GetArg("rpcport", ""), "2");
    EXPECT_EQ(args.GetArgs("rpcport"), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(args.GetOptions(), (Options{{"rpcport", "2"}}));
}

TEST(Args, ConfigFileSyntax) {
    TempDir dir;
    const fs::path conf = dir.path() / "ocean.conf";
    WriteFile(conf,
              "# a comment\n"
              "\n"
              "  rpcuser = alice  \n"
              "rpcpassword=se cret # trailing comment\n"
              "server=1\r\n"
              "nolisten=\n"
              "notxindex=0\n"
              "daemon\t=\t\n"
              "addnode=1.2.3.4\n"
              "addnode=5.6.7.8\n"
              "rpcport=1\n"
              "rpcport=2\n");
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {}));
    ASSERT_TRUE(args.ReadConfigFile(conf));
    EXPECT_EQ(args.GetArg("rpcuser", ""), "alice");
    EXPECT_EQ(args.GetArg("rpcpassword", ""), "se cret");
    EXPECT_EQ(args.GetArg("server", ""), "1");  // \r trimmed
    EXPECT_EQ(args.GetArg("listen", ""), "0");
    EXPECT_EQ(args.GetArg("txindex", ""), "1");
    EXPECT_TRUE(args.IsArgSet("daemon"));
    EXPECT_EQ(args.GetArg("daemon", "x"), "");
    EXPECT_EQ(args.GetArgs("addnode"), (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
    EXPECT_EQ(args.GetArg("rpcport", ""), "1");  // within the config file the first occurrence wins
    EXPECT_EQ(args.GetArgs("rpcport"), (std::vector<std::string>{"1", "2"}));
}

TEST(Args, ConfigFileErrors) {
    TempDir dir;
    const fs::path conf = dir.path() / "c.conf";
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {}));

    WriteFile(conf, "rpcuser=a\nbogus=1\n");
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter bogus not recognised.");
    EXPECT_FALSE(args.IsArgSet("rpcuser"));  // nothing applied from a bad file

    WriteFile(conf, "nobogus=1\n");
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter bogus not recognised.");
    WriteFile(conf, "-rpcuser=a\n");  // the dash is part of the name
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter -rpcuser not recognised.");
    WriteFile(conf, "privdb=0\n");
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter privdb not recognised.");

    // Sections prefix the keys, which then fail the allow-list.
    WriteFile(conf, "rpcuser=a\n[main]\nrpcport=1\n");
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter main.rpcport not recognised.");
    WriteFile(conf, "[test.]\nrpcport=1\n");
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter test.rpcport not recognised.");
    WriteFile(conf, "[]\nrpcport=1\n");
    EXPECT_EQ(args.ReadConfigFile(conf).error().message, "Config parameter .rpcport not recognised.");
    // A section alone is harmless.
    WriteFile(conf, "rpcuser=a\n[main]\n# nothing\n");
    EXPECT_TRUE(args.ReadConfigFile(conf));

    // A line without '=' names the file and the line.
    WriteFile(conf, "rpcuser=a\n\nrpcpassword\n");
    Status s = args.ReadConfigFile(conf);
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find(conf.string() + ":3:"), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("invalid line 'rpcpassword'"), std::string::npos) << s.error().message;

    // A missing file is fine; a directory is not.
    EXPECT_TRUE(args.ReadConfigFile(dir.path() / "missing.conf"));
    Status d = args.ReadConfigFile(dir.path());
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message.find(dir.path().string()), std::string::npos);
}

TEST(Args, CommandLineWinsOverConfigAndMultiValuesAccumulate) {
    TempDir dir;
    const fs::path conf = dir.path() / "ocean.conf";
    WriteFile(conf,
              "rpcport=9\nrpcuser=conf\naddnode=c1\nconnect=c2\naddnode=c3\ncontractchange=30\n"
              "chain=fromconf\nnoserver=1\n");
    ArgsManager args;
    ASSERT_TRUE(
        Parse(args, {"-rpcport=5", "-addnode=a1", "-contractchange=10", "-server", "-contractchange=20"}));
    ASSERT_TRUE(args.ReadConfigFile(conf));
    EXPECT_EQ(args.GetArg("rpcport", ""), "5");
    EXPECT_EQ(args.GetArg("rpcuser", ""), "conf");  // only in the config file
    EXPECT_EQ(args.GetArg("server", "x"), "");      // the command line wins over noserver=1
    EXPECT_EQ(args.GetArgs("addnode"), (std::vector<std::string>{"a1", "c1", "c3"}));
    EXPECT_EQ(args.GetArgs("contractchange"), (std::vector<std::string>{"10", "20", "30"}));
    EXPECT_EQ(args.GetArgs("rpcport"), (std::vector<std::string>{"5", "9"}));
    EXPECT_TRUE(args.GetArgs("bind").empty());

    // One pair per value for multi-valued names, the winning value alone for the others, in order of
    // first appearance (command line first).
    EXPECT_EQ(args.GetOptions(), (Options{{"rpcport", "5"},
                                          {"addnode", "a1"},
                                          {"addnode", "c1"},
                                          {"addnode", "c3"},
                                          {"contractchange", "10"},
                                          {"contractchange", "20"},
                                          {"contractchange", "30"},
                                          {"server", ""},
                                          {"rpcuser", "conf"},
                                          {"connect", "c2"},
                                          {"chain", "fromconf"}}));
}

TEST(Args, MultiValuedNames) {
    for (const char* n : {"addnode",
                          "connect",
                          "bind",
                          "whitebind",
                          "rpcallowip",
                          "rpcbind",
                          "rpcauth",
                          "debug",
                          "uacomment",
                          "onlynet",
                          "externalip",
                          "seednode",
                          "whitelist",
                          "loadblock",
                          "assetdir",
                          "coinbasechange",
                          "contractchange",
                          "signblockscriptchange",
                          "freezelistassetchange",
                          "burnlistassetchange",
                          "whitelistassetchange",
                          "issuanceassetchange",
                          "challengeassetchange",
                          "disabledoutput",
                          "zmqpubhashblock",
                          "zmqpubhashtx",
                          "zmqpubrawblock",
                          "zmqpubrawtx"}) {
        EXPECT_TRUE(IsMultiValuedOption(n)) << n;
    }
    for (const char* n : {"rpcport", "chain", "signblockscript", "datadir", "regtest"}) {
        EXPECT_FALSE(IsMultiValuedOption(n)) << n;
    }
}

TEST(Args, SoftAndForceSet) {
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"-rpcport=1", "-addnode=a", "-addnode=b"}));
    EXPECT_FALSE(args.SoftSetArg("rpcport", "2"));
    EXPECT_EQ(args.GetArg("rpcport", ""), "1");
    EXPECT_TRUE(args.SoftSetArg("-rpcuser", "u"));
    EXPECT_EQ(args.GetArg("rpcuser", ""), "u");
    EXPECT_TRUE(args.SoftSetBoolArg("listen", false));
    EXPECT_FALSE(args.GetBoolArg("listen", true));
    args.ForceSetArg("addnode", "c");
    EXPECT_EQ(args.GetArgs("addnode"), (std::vector<std::string>{"c"}));
    args.ForceSetArg("rpcport", "3");
    EXPECT_EQ(args.GetIntArg("rpcport", 0), 3);
    // Setting does not check the allow-list.
    args.ForceSetArg("internalthing", "x");
    EXPECT_EQ(args.GetArg("internalthing", ""), "x");
    EXPECT_EQ(
        args.GetOptions(),
        (Options{
            {"rpcport", "3"}, {"addnode", "c"}, {"rpcuser", "u"}, {"listen", "0"}, {"internalthing", "x"}}));
}

TEST(Args, ChainSelection) {
    auto chain = [](std::initializer_list<const char*> words) {
        ArgsManager args;
        EXPECT_TRUE(Parse(args, words));
        auto c = args.ChainName();
        return c ? *c : "error: " + c.error().message;
    };
    EXPECT_EQ(chain({}), "ocean_test");
    EXPECT_EQ(chain({"-chain=ocean_main"}), "ocean_main");
    EXPECT_EQ(chain({"-regtest"}), "elementsregtest");
    EXPECT_EQ(chain({"-chain=gold_main", "-regtest"}), "elementsregtest");  // -regtest wins
    EXPECT_EQ(chain({"-regtest=0", "-chain=x"}), "x");
    EXPECT_EQ(chain({"-noregtest"}), "ocean_test");
    EXPECT_EQ(chain({"-testnet"}), "error: Invalid option -testnet: try -chain=elementsregtest instead.");
    EXPECT_EQ(chain({"-testnet", "-regtest"}),
              "error: Invalid option -testnet: try -chain=elementsregtest instead.");
    EXPECT_EQ(chain({"-testnet=0"}), "ocean_test");

    EXPECT_EQ(DefaultRpcPort("ocean_main"), 8332);
    EXPECT_EQ(DefaultRpcPort("gold_main"), 8443);
    EXPECT_EQ(DefaultRpcPort("ocean_test"), 7041);
    EXPECT_EQ(DefaultRpcPort("elementsregtest"), 7041);
    EXPECT_EQ(DefaultRpcPort("asset_main"), 7041);

    ArgsManager args;
    ASSERT_TRUE(Parse(args, {"-chain=gold_main"}));
    EXPECT_EQ(*args.GetRpcPort(), 8443);
    ASSERT_TRUE(Parse(args, {"-chain=gold_main", "-rpcport=1234"}));
    EXPECT_EQ(*args.GetRpcPort(), 1234);
    ASSERT_TRUE(Parse(args, {}));
    EXPECT_EQ(*args.GetRpcPort(), 7041);
    ASSERT_TRUE(Parse(args, {"-testnet"}));
    EXPECT_FALSE(args.GetRpcPort());
}

TEST(Args, DefaultDataDir) {
    {
        ScopedEnv home("HOME", "/home/someone");
        EXPECT_EQ(DefaultDataDir(), fs::path("/home/someone/.bitcoin"));
        ArgsManager args;
        ASSERT_TRUE(Parse(args, {}));
        EXPECT_EQ(*args.GetDataDir(), fs::path("/home/someone/.bitcoin"));  // not required to exist
        EXPECT_EQ(*args.GetChainDataDir(), fs::path("/home/someone/.bitcoin/ocean_test"));
        EXPECT_EQ(*args.GetConfigFilePath(), fs::path("/home/someone/.bitcoin/ocean.conf"));
    }
    {
        ScopedEnv home("HOME", "");
        EXPECT_EQ(DefaultDataDir(), fs::path("/.bitcoin"));
    }
    {
        ScopedEnv home("HOME", std::nullopt);
        EXPECT_EQ(DefaultDataDir(), fs::path("/.bitcoin"));
    }
}

TEST(Args, DataDirOption) {
    TempDir dir;
    ArgsManager args;
    ASSERT_TRUE(Parse(args, {("-datadir=" + dir.path().string()).c_str(), "-regtest"}));
    EXPECT_EQ(*args.GetDataDir(), dir.path());
    EXPECT_EQ(*args.GetChainDataDir(), dir.path() / "elementsregtest");
    EXPECT_EQ(*args.GetConfigFilePath(), dir.path() / "ocean.conf");  // the base directory, not the chain's

    const std::string missing = (dir.path() / "nope").string();
    ASSERT_TRUE(Parse(args, {("-datadir=" + missing).c_str()}));
    EXPECT_EQ(args.GetDataDir().error().message,
              "Specified data directory \"" + missing + "\" does not exist.");
    EXPECT_FALSE(args.GetChainDataDir());
    EXPECT_FALSE(args.GetConfigFilePath());

    ASSERT_TRUE(Parse(args, {"-datadir="}));
    EXPECT_EQ(args.GetDataDir().error().message, "Specified data directory \"\" does not exist.");

    // A file is not a directory.
    WriteFile(dir.path() / "file", "x");
    const std::string file = (dir.path() / "file").string();
    ASSERT_TRUE(Parse(args, {("-datadir=" + file).c_str()}));
    EXPECT_EQ(args.GetDataDir().error().message, "Specified data directory \"" + file + "\" does not exist.");

    // A relative -datadir is made absolute.
    const fs::path cwd = fs::current_path();
    fs::current_path(dir.path());
    fs::create_directory(dir.path() / "rel");
    ASSERT_TRUE(Parse(args, {"-datadir=rel"}));
    auto rel = args.GetDataDir();
    fs::current_path(cwd);
    ASSERT_TRUE(rel);
    EXPECT_TRUE(rel->is_absolute());
    EXPECT_EQ(fs::canonical(*rel), fs::canonical(dir.path() / "rel"));
}

TEST(Args, ConfigPathAndDataDirFromConfig) {
    TempDir dir;
    const fs::path other = dir.path() / "other";
    fs::create_directory(other);
    WriteFile(dir.path() / "my.conf", "datadir=" + other.string() + "\nchain=c1\n");
    WriteFile(dir.path() / "ocean.conf", "rpcuser=default\n");

    ArgsManager args;
    ASSERT_TRUE(Parse(args, {("-datadir=" + dir.path().string()).c_str(), "-conf=my.conf"}));
    EXPECT_EQ(*args.GetConfigFilePath(), dir.path() / "my.conf");
    ASSERT_TRUE(args.ReadConfigFromArgs());
    // The command line's -datadir wins over the config file's.
    EXPECT_EQ(*args.GetDataDir(), dir.path());
    EXPECT_EQ(*args.GetChainDataDir(), dir.path() / "c1");

    // Without -datadir on the command line, the config file's is used.
    ASSERT_TRUE(Parse(args, {("-conf=" + (dir.path() / "my.conf").string()).c_str()}));
    EXPECT_EQ(*args.GetConfigFilePath(), dir.path() / "my.conf");  // absolute: unchanged
    ASSERT_TRUE(args.ReadConfigFromArgs());
    EXPECT_EQ(*args.GetDataDir(), other);
    EXPECT_EQ(*args.GetChainDataDir(), other / "c1");

    // The default config name, relative to the base directory.
    ASSERT_TRUE(Parse(args, {("-datadir=" + dir.path().string()).c_str()}));
    ASSERT_TRUE(args.ReadConfigFromArgs());
    EXPECT_EQ(args.GetArg("rpcuser", ""), "default");

    // A bad -datadir makes the config path an error.
    ASSERT_TRUE(Parse(args, {("-datadir=" + (dir.path() / "nope").string()).c_str()}));
    EXPECT_FALSE(args.ReadConfigFromArgs());
}

}  // namespace
}  // namespace ocean
