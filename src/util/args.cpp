#include "ocean/util/args.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "ocean/util/strings.h"

namespace ocean {
namespace {

namespace fs = std::filesystem;

// Accessors take "name" or "-name".
std::string_view Key(std::string_view name) {
    while (!name.empty() && name.front() == '-') name.remove_prefix(1);
    return name;
}

// Boost.ProgramOptions' config-file whitespace.
std::string TrimConfig(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    const size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    const size_t e = s.find_last_not_of(kSpace);
    return std::string(s.substr(b, e - b + 1));
}

// -noX[=v] -> -X with the negated boolean (name given without its dash).
void InterpretNegation(std::string& name, std::string& value) {
    if (name.size() > 2 && name[0] == 'n' && name[1] == 'o') {
        name.erase(0, 2);
        value = InterpretBool(value) ? "0" : "1";
    }
}

}  // namespace

bool InterpretBool(std::string_view value) {
    if (value.empty()) return true;
    const std::string s(value);
    // atoi(): glibc computes (int)strtol(); keep its truncation.
    return static_cast<int>(std::strtol(s.c_str(), nullptr, 10)) != 0;
}

int64_t Atoi64(std::string_view value) {
    const std::string s(value);
    return static_cast<int64_t>(std::strtoll(s.c_str(), nullptr, 10));
}

fs::path DefaultDataDir() {
    const char* home = std::getenv("HOME");
    const fs::path base = (home == nullptr || home[0] == '\0') ? fs::path("/") : fs::path(home);
    return base / ".bitcoin";
}

int DefaultRpcPort(std::string_view chain) {
    if (chain == "ocean_main") return 8332;
    if (chain == "gold_main") return 8443;
    return 7041;
}

ArgsManager::ArgsManager() {
    for (std::string_view n : KnownOptionNames()) allowed_.emplace(n);
}

void ArgsManager::AddAllowedOption(std::string name) {
    allowed_.insert(std::string(Key(name)));
}

bool ArgsManager::IsAllowedOption(std::string_view name) const {
    return allowed_.find(name) != allowed_.end();
}

void ArgsManager::Add(const std::string& name, const std::string& value, bool from_command_line) {
    auto it = values_.find(name);
    if (it == values_.end()) {
        order_.push_back(name);
        it = values_.emplace(name, std::vector<std::string>{}).first;
    }
    it->second.push_back(value);
    if (from_command_line) {
        value_[name] = value;  // the last command-line occurrence wins
    } else {
        value_.emplace(name, value);  // the config file only fills names not yet set
    }
}

Status ArgsManager::ParseCommandLine(int argc, const char* const argv[]) {
    value_.clear();
    values_.clear();
    order_.clear();
    positional_.clear();
    int i = 1;
    for (; i < argc; ++i) {
        const std::string_view arg = argv[i] != nullptr ? std::string_view(argv[i]) : std::string_view();
        std::string name;
        std::string value;
        const size_t eq = arg.find('=');
        if (eq == std::string_view::npos) {
            name = Trim(arg);
        } else {
            name = Trim(arg.substr(0, eq));
            value = Trim(arg.substr(eq + 1));
        }
        if (name.empty() || name[0] != '-') break;
        // "--name" is "-name" (only one dash is dropped).
        if (name.size() > 1 && name[1] == '-') name.erase(0, 1);
        name.erase(0, 1);
        InterpretNegation(name, value);
        if (!IsAllowedOption(name)) return Error("unknown-option", "Argument -" + name + " not recognised.");
        Add(name, value, true);
    }
    for (; i < argc; ++i) positional_.emplace_back(argv[i] != nullptr ? argv[i] : "");
    return Status::Ok();
}

Status ArgsManager::ReadConfigFile(const fs::path& path) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (st.type() == fs::file_type::not_found) return Status::Ok();  // no config file is fine
    if (ec)
        return Error("config-read", "Cannot read configuration file " + path.string() + ": " + ec.message());
    if (fs::is_directory(st)) {
        return Error("config-read",
                     "Cannot read configuration file " + path.string() + ": it is a directory");
    }
    std::ifstream in(path);
    if (!in) {
        return Error("config-read",
                     "Cannot open configuration file " + path.string() + ": " + std::strerror(errno));
    }

    // Parse the whole file first so that an error leaves the options unchanged.
    std::vector<std::pair<std::string, std::string>> entries;
    std::string prefix;  // "section." after a [section] line
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        std::string s = line;
        if (const size_t hash = s.find('#'); hash != std::string::npos) s.erase(hash);
        s = TrimConfig(s);
        if (s.empty()) continue;
        if (s.front() == '[' && s.back() == ']') {
            prefix = s.substr(1, s.size() - 2);
            if (prefix.empty() || prefix.back() != '.') prefix += '.';
            continue;
        }
        const size_t eq = s.find('=');
        if (eq == std::string::npos) {
            return Error("config-syntax", path.string() + ":" + std::to_string(line_no) +
                                              ": the options configuration file contains an invalid line '" +
                                              s + "'");
        }
        std::string name = prefix + TrimConfig(s.substr(0, eq));
        std::string value = TrimConfig(s.substr(eq + 1));
        InterpretNegation(name, value);
        if (!IsAllowedOption(name))
            return Error("unknown-option", "Config parameter " + name + " not recognised.");
        entries.emplace_back(std::move(name), std::move(value));
    }
    if (in.bad()) {
        return Error("config-read", "Cannot read configuration file " + path.string() + " after line " +
                                        std::to_string(line_no));
    }
    for (const auto& [name, value] : entries) Add(name, value, false);
    return Status::Ok();
}

Status ArgsManager::ReadConfigFromArgs() {
    auto path = GetConfigFilePath();
    if (!path) return path.error();
    return ReadConfigFile(*path);
}

bool ArgsManager::IsArgSet(std::string_view name) const {
    return value_.find(Key(name)) != value_.end();
}

std::string ArgsManager::GetArg(std::string_view name, std::string_view def) const {
    auto it = value_.find(Key(name));
    return it == value_.end() ? std::string(def) : it->second;
}

int64_t ArgsManager::GetIntArg(std::string_view name, int64_t def) const {
    auto it = value_.find(Key(name));
    return it == value_.end() ? def : Atoi64(it->second);
}

bool ArgsManager::GetBoolArg(std::string_view name, bool def) const {
    auto it = value_.find(Key(name));
    return it == value_.end() ? def : InterpretBool(it->second);
}

std::vector<std::string> ArgsManager::GetArgs(std::string_view name) const {
    auto it = values_.find(Key(name));
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

bool ArgsManager::SoftSetArg(std::string_view name, std::string value) {
    if (IsArgSet(name)) return false;
    ForceSetArg(name, std::move(value));
    return true;
}

bool ArgsManager::SoftSetBoolArg(std::string_view name, bool value) {
    return SoftSetArg(name, value ? "1" : "0");
}

void ArgsManager::ForceSetArg(std::string_view name, std::string value) {
    const std::string key(Key(name));
    if (values_.find(key) == values_.end()) order_.push_back(key);
    values_[key] = {value};
    value_[key] = std::move(value);
}

std::vector<std::pair<std::string, std::string>> ArgsManager::GetOptions() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& name : order_) {
        if (IsMultiValuedOption(name)) {
            for (const std::string& v : values_.at(name)) out.emplace_back(name, v);
        } else {
            out.emplace_back(name, value_.at(name));
        }
    }
    return out;
}

Result<fs::path> ArgsManager::GetDataDir() const {
    if (!IsArgSet("datadir")) return DefaultDataDir();
    const std::string dir = GetArg("datadir", "");
    const Error missing("datadir", "Specified data directory \"" + dir + "\" does not exist.");
    if (dir.empty()) return missing;
    std::error_code ec;
    const fs::path abs = fs::absolute(fs::path(dir), ec);
    if (ec || !fs::is_directory(abs, ec)) return missing;
    return abs;
}

Result<std::string> ArgsManager::ChainName() const {
    if (GetBoolArg("testnet", false)) {
        return Error("testnet",
                     std::string("Invalid option -testnet: try -chain=") + kRegtestChain + " instead.");
    }
    if (GetBoolArg("regtest", false)) return std::string(kRegtestChain);
    return GetArg("chain", kDefaultChain);
}

Result<fs::path> ArgsManager::GetChainDataDir() const {
    auto base = GetDataDir();
    if (!base) return base.error();
    auto chain = ChainName();
    if (!chain) return chain.error();
    return *base / *chain;
}

Result<fs::path> ArgsManager::GetConfigFilePath() const {
    const fs::path conf(GetArg("conf", kDefaultConfigFile));
    if (conf.is_absolute()) return conf;
    auto base = GetDataDir();
    if (!base) return base.error();
    return *base / conf;
}

Result<int> ArgsManager::GetRpcPort() const {
    if (IsArgSet("rpcport")) return static_cast<int>(GetIntArg("rpcport", 0));
    auto chain = ChainName();
    if (!chain) return chain.error();
    return DefaultRpcPort(*chain);
}

}  // namespace ocean
