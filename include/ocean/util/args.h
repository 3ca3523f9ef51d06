// ArgsManager: Ocean's option parser, shared by oceand, ocean-cli and ocean-tx (config.md §1–§4).
//
// Options come from the command line (`-name[=value]`, `--name` = `-name`, parsing stops at the first
// word that does not start with '-') and from the config file (`name=value` lines, `#` comments). A
// `-noX[=v]` option is rewritten to `-X` with the negated boolean value. After that rewriting every name
// must be in Ocean's allow-list (KnownOptionNames(), extendable with AddAllowedOption) or parsing fails
// with Ocean's message (`Argument -x not recognised.` / `Config parameter x not recognised.`).
//
// Command-line values win over the config file for single-valued options (the last command-line
// occurrence, else the first config-file one); every value of every option is also kept in order
// (command line first) for GetArgs and the multi-valued options (IsMultiValuedOption).
//
// Option names in the accessors may be given with or without the leading '-' ("rpcport" or "-rpcport").
// Nothing here throws: failures come back as Status / Result values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ocean/util/result.h"

namespace ocean {

// Every option name (without '-') Ocean's parser accepts: config.md §4 and §4.13 (with Ocean's quirks:
// `privdb` is not accepted, the bogus `permissioncoinsdestination-issuancecoinsdestination` is), plus the
// names oceand adds (flushinterval, hsm*, signingkey, blockinterval). Defined in known_options.cpp.
const std::vector<std::string_view>& KnownOptionNames();

// True for the options whose values accumulate (config.md §3): -addnode, -connect, -debug, -assetdir,
// -coinbasechange, -*assetchange, -disabledoutput, -zmqpub*, ...
bool IsMultiValuedOption(std::string_view name);

// Ocean's boolean reading of an option value: empty is true, otherwise atoi(value) != 0.
bool InterpretBool(std::string_view value);
// atoi64: optional whitespace and sign, then the leading digits; anything after them is ignored, no
// digits gives 0, overflow saturates.
int64_t Atoi64(std::string_view value);

// The default base data directory: $HOME/.bitcoin, or /.bitcoin when HOME is unset or empty.
std::filesystem::path DefaultDataDir();
// The default JSON-RPC port of a chain: 8332 for ocean_main, 8443 for gold_main, else 7041.
int DefaultRpcPort(std::string_view chain);

inline constexpr const char* kDefaultConfigFile = "ocean.conf";
inline constexpr const char* kDefaultChain = "ocean_test";
inline constexpr const char* kRegtestChain = "elementsregtest";

class ArgsManager {
  public:
    // The allow-list starts as KnownOptionNames().
    ArgsManager();

    // Replaces all options with those of argv[1..]: stops at the first argument not starting with '-';
    // that argument and everything after it are kept, unchanged, as Positional().
    Status ParseCommandLine(int argc, const char* const argv[]);

    // Adds the options of a config file. A missing file is not an error; a file that exists but cannot be
    // read, or a line that is neither `name=value`, a `[section]` nor a comment, is (the message names the
    // file and the line number).
    Status ReadConfigFile(const std::filesystem::path& path);
    // ReadConfigFile(GetConfigFilePath()).
    Status ReadConfigFromArgs();

    // The words from the first non-option argument on; Command() is the first of them ("" if none).
    const std::vector<std::string>& Positional() const { return positional_; }
    std::string Command() const { return positional_.empty() ? std::string() : positional_.front(); }

    void AddAllowedOption(std::string name);
    bool IsAllowedOption(std::string_view name) const;

    bool IsArgSet(std::string_view name) const;
    // The winning value, or `def` when the option is not set.
    std::string GetArg(std::string_view name, std::string_view def) const;
    int64_t GetIntArg(std::string_view name, int64_t def) const;
    bool GetBoolArg(std::string_view name, bool def) const;
    // Every value given for the option, command line first, then the config file.
    std::vector<std::string> GetArgs(std::string_view name) const;

    // Sets the option unless it is already set; returns whether it was set now.
    bool SoftSetArg(std::string_view name, std::string value);
    bool SoftSetBoolArg(std::string_view name, bool value);
    // Sets the option to exactly this one value.
    void ForceSetArg(std::string_view name, std::string value);

    // All options as (name without '-', value) in order of first appearance: one pair per value for the
    // multi-valued options, a single pair holding the winning value for the others. This is the input of
    // ChainParams::FromOptions.
    std::vector<std::pair<std::string, std::string>> GetOptions() const;

    // --- Data directory and chain (config.md §1, §2) -------------------------------------------------
    // The base data directory: -datadir made absolute, which must be an existing directory (error
    // `Specified data directory "<x>" does not exist.`), else DefaultDataDir() (not checked or created).
    Result<std::filesystem::path> GetDataDir() const;
    // -chain (default ocean_test); -regtest gives elementsregtest; -testnet is an error
    // (`Invalid option -testnet: try -chain=elementsregtest instead.`).
    Result<std::string> ChainName() const;
    // <base>/<chain>
    Result<std::filesystem::path> GetChainDataDir() const;
    // -conf (default ocean.conf); a relative path is relative to the base data directory.
    Result<std::filesystem::path> GetConfigFilePath() const;
    // -rpcport, else the chain's default.
    Result<int> GetRpcPort() const;

  private:
    void Add(const std::string& name, const std::string& value, bool from_command_line);

    std::set<std::string, std::less<>> allowed_;
    std::map<std::string, std::string, std::less<>> value_;                // winning values
    std::map<std::string, std::vector<std::string>, std::less<>> values_;  // every value, in order
    std::vector<std::string> order_;                                       // names, first appearance
    std::vector<std::string> positional_;
};

}  // namespace ocean
