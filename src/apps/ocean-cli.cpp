// ocean-cli: the command-line JSON-RPC client of oceand (rpc.md §3), behaving like Ocean's (Bitcoin Core
// 0.14's) client: same options, allow-list, conversion table, request body, output and exit statuses.
//
//   ocean-cli [options] <command> [params]
//   ocean-cli [options] -named <command> [name=value]...
//
// Flow: parse the command line (ArgsManager, shared allow-list) -> usage/version -> data directory check ->
// config file -> chain -> convert the words into params -> POST to the server (retrying with -rpcwait) ->
// print the result (stdout, exit 0) or the error (stderr, exit |code| or 1).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ocean/core_io/json.h"
#include "ocean/primitives/amount.h"
#include "ocean/rpc/client_conversion.h"
#include "ocean/rpc/http_client.h"
#include "ocean/rpc/protocol.h"
#include "ocean/util/args.h"
#include "ocean/util/result.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

constexpr const char* kVersion = "v0.1.0";
constexpr const char* kDefaultRpcConnect = "127.0.0.1";
constexpr int64_t kDefaultClientTimeout = 900;
constexpr const char* kCookieFile = ".cookie";
constexpr int kContinue = -1;  // AppInit: go on to the call

std::string VersionLine() {
    return std::string("Ocean Core RPC client version ") + kVersion + "\n";
}

std::string Usage() {
    return VersionLine() + R"(
Usage:
  ocean-cli [options] <command> [params]  Send command to Ocean Core
  ocean-cli [options] -named <command> [name=value] ... Send command to Ocean Core (with named arguments)
  ocean-cli [options] help                List commands
  ocean-cli [options] help <command>      Get help for a command

Options:

  -?
       This help message

  -version
       Print version and exit

  -conf=<file>
       Specify configuration file (default: ocean.conf)

  -datadir=<dir>
       Specify data directory

Chain selection options:

  -chain=<chain>
       Use the chain <chain> (default: ocean_test)

  -regtest
       Use the chain elementsregtest (same as -chain=elementsregtest)

  -named
       Pass named instead of positional arguments (default: false)

  -rpcconnect=<ip>
       Send commands to node running on <ip> (default: 127.0.0.1)

  -rpcport=<port>
       Connect to JSON-RPC on <port> (default: 7041, ocean_main: 8332, gold_main: 8443)

  -rpcwait
       Wait for RPC server to start

  -rpcuser=<user>
       Username for JSON-RPC connections

  -rpcpassword=<pw>
       Password for JSON-RPC connections

  -rpccookiefile=<loc>
       Location of the auth cookie (default: .cookie in the chain's data directory)

  -rpcclienttimeout=<n>
       Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)

  -stdin
       Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for sensitive
       information such as passphrases)

)";
}

// Options, usage, data directory, config file, chain: an exit status, or kContinue.
int AppInit(ArgsManager& args, int argc, const char* const argv[]) {
    if (Status s = args.ParseCommandLine(argc, argv); !s) {
        std::fprintf(stderr, "Error: %s\n", s.error().message.c_str());
        return EXIT_FAILURE;
    }
    if (argc < 2 || args.IsArgSet("?") || args.IsArgSet("h") || args.IsArgSet("help") ||
        args.IsArgSet("version")) {
        const std::string text = args.IsArgSet("version") ? VersionLine() : Usage();
        std::fputs(text.c_str(), stdout);
        if (argc < 2) {
            std::fputs("Error: too few parameters\n", stderr);
            return EXIT_FAILURE;
        }
        return EXIT_SUCCESS;
    }
    if (auto dir = args.GetDataDir(); !dir) {
        std::fprintf(stderr, "Error: %s\n", dir.error().message.c_str());
        return EXIT_FAILURE;
    }
    if (Status s = args.ReadConfigFromArgs(); !s) {
        std::fprintf(stderr, "Error reading configuration file: %s\n", s.error().message.c_str());
        return EXIT_FAILURE;
    }
    // The config file may have set -datadir.
    if (auto dir = args.GetDataDir(); !dir) {
        std::fprintf(stderr, "Error: %s\n", dir.error().message.c_str());
        return EXIT_FAILURE;
    }
    if (auto chain = args.ChainName(); !chain) {
        std::fprintf(stderr, "Error: %s\n", chain.error().message.c_str());
        return EXIT_FAILURE;
    }
    if (args.GetBoolArg("rpcssl", false)) {
        std::fputs("Error: SSL mode for RPC (-rpcssl) is no longer supported.\n", stderr);
        return EXIT_FAILURE;
    }
    return kContinue;
}

// The amount (in units of 10^-8) of a JSON number written with exactly eight decimals, e.g. "1.00000000".
std::optional<Amount> EightDecimals(const std::string& text) {
    const size_t point = text.find('.');
    if (point == std::string::npos || text.size() - point - 1 != 8) return std::nullopt;
    for (size_t i = point + 1; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    auto v = ParseFixedPoint(text, 8);
    if (!v || (*v == 0 && text[0] == '-')) return std::nullopt;
    return v;
}

// Builds the reply like UniValue keeps it for printing: Ocean writes amounts as numbers with exactly
// eight decimals ("1.00000000"), and the client prints them back unchanged, so such numbers are kept
// as amounts (which WriteJson prints with eight decimals) instead of doubles ("1.0").
class ReplySax {
  public:
    explicit ReplySax(Json& result) : dom_(result, /*allow_exceptions=*/false) {}
    bool null() { return dom_.null(); }
    bool boolean(bool v) { return dom_.boolean(v); }
    bool number_integer(Json::number_integer_t v) { return dom_.number_integer(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return dom_.number_unsigned(v); }
    bool number_float(Json::number_float_t v, const std::string& text) {
        if (auto amount = EightDecimals(text)) {
            Json j = AmountToJson(*amount);
            return dom_.binary(j.get_binary());
        }
        return dom_.number_float(v, text);
    }
    bool string(std::string& v) { return dom_.string(v); }
    bool binary(Json::binary_t& v) { return dom_.binary(v); }
    bool start_object(std::size_t n) { return dom_.start_object(n); }
    bool key(std::string& k) { return dom_.key(k); }
    bool end_object() { return dom_.end_object(); }
    bool start_array(std::size_t n) { return dom_.start_array(n); }
    bool end_array() { return dom_.end_array(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  private:
    nlohmann::detail::json_sax_dom_parser<Json> dom_;
};

// The reply body as JSON, or nullopt when it is not one JSON value.
std::optional<Json> ParseReply(const std::string& body) {
    Json reply;
    ReplySax sax(reply);
    if (!Json::sax_parse(body, &sax, nlohmann::detail::input_format_t::json, /*strict=*/true))
        return std::nullopt;
    return reply;
}

// The outcome of one HTTP call: the reply object, or a message (with whether -rpcwait may retry).
struct CallOutcome {
    std::optional<Json> reply;
    bool connection_failed = false;
    std::string error;
};

CallOutcome Failed(std::string message, bool connection_failed = false) {
    CallOutcome o;
    o.error = std::move(message);
    o.connection_failed = connection_failed;
    return o;
}

// "user:password" from -rpcuser/-rpcpassword, else the first line of the cookie file.
std::optional<std::string> Credentials(const ArgsManager& args) {
    if (!args.GetArg("rpcpassword", "").empty()) {
        return args.GetArg("rpcuser", "") + ":" + args.GetArg("rpcpassword", "");
    }
    std::filesystem::path cookie(args.GetArg("rpccookiefile", kCookieFile));
    if (!cookie.is_absolute()) {
        auto dir = args.GetChainDataDir();
        if (!dir) return std::nullopt;
        cookie = *dir / cookie;
    }
    std::ifstream in(cookie);
    if (!in.is_open()) return std::nullopt;
    std::string line;
    std::getline(in, line);
    return line;
}

CallOutcome CallRPC(const ArgsManager& args, const std::string& method, const Json& params) {
    HttpPostRequest req;
    req.host = args.GetArg("rpcconnect", kDefaultRpcConnect);
    auto port = args.GetRpcPort();
    if (!port) return Failed(port.error().message);
    req.port = static_cast<uint16_t>(*port);
    req.timeout = std::chrono::seconds(args.GetIntArg("rpcclienttimeout", kDefaultClientTimeout));

    req.user_colon_password = Credentials(args);
    if (!req.user_colon_password) {
        auto conf = args.GetConfigFilePath();
        // A daemon that is still starting has not written its cookie yet: -rpcwait waits for it
        // (Ocean gives up at once, which makes -rpcwait useless right after starting oceand).
        return Failed(
            "Could not locate RPC credentials. No authentication cookie could be found, and no rpcpassword "
            "is set "
            "in the configuration file (" +
                (conf ? conf->string() : std::string()) + ")",
            true);
    }

    Json request = Json::object();
    request["method"] = method;
    request["params"] = params;
    request["id"] = 1;
    req.body = WriteJson(request) + "\n";

    const HttpResult http = HttpPost(req);
    if (!http.ok()) {
        return Failed("couldn't connect to server: " + http.error.message + " (code " +
                          std::to_string(http.error.code) +
                          ")\n(make sure server is running and you are connecting to the correct RPC port)",
                      true);
    }
    const int status = http.response->status;
    if (status == 401) return Failed("incorrect rpcuser or rpcpassword (authorization failed)");
    if (status >= 400 && status != 400 && status != 404 && status != 500) {
        return Failed("server returned HTTP error " + std::to_string(status));
    }
    if (http.response->body.empty()) return Failed("no response from server");

    std::optional<Json> reply = ParseReply(http.response->body);
    if (!reply || !(reply->is_object() || reply->is_array()))
        return Failed("couldn't parse reply from server");
    if (!reply->is_object()) return Failed("JSON value is not an object as expected");
    if (reply->empty()) return Failed("expected reply to have result, error and id properties");
    CallOutcome o;
    o.reply = std::move(*reply);
    return o;
}

// The error object's code as UniValue's get_int() reads it.
Result<int> ErrorCode(const Json& error) {
    const Json* code = error.is_object() && error.contains("code") ? &error.at("code") : nullptr;
    if (code == nullptr || !code->is_number())
        return Error("type", "JSON value is not an integer as expected");
    if (code->is_number_float()) return Error("range", "JSON integer out of range");
    if (code->is_number_unsigned()) {
        const auto u = code->get<uint64_t>();
        if (u > static_cast<uint64_t>(INT32_MAX)) return Error("range", "JSON integer out of range");
        return static_cast<int>(u);
    }
    const auto v = code->get<int64_t>();
    if (v < INT32_MIN || v > INT32_MAX) return Error("range", "JSON integer out of range");
    return static_cast<int>(v);
}

// The method and its params from the positional words (and stdin with -stdin).
Result<std::pair<std::string, Json>> BuildCall(const ArgsManager& args) {
    std::vector<std::string> words = args.Positional();
    if (args.GetBoolArg("stdin", false)) {
        std::string line;
        while (std::getline(std::cin, line)) words.push_back(line);
    }
    if (words.empty()) return Error("usage", "too few parameters (need at least command)");
    std::string method = words.front();
    words.erase(words.begin());
    auto params = args.GetBoolArg("named", false) ? RPCConvertNamedValues(method, words)
                                                  : RPCConvertValues(method, words);
    if (!params) return params.error();
    return std::pair<std::string, Json>(std::move(method), std::move(*params));
}

// Sends the call and prints the outcome; returns the exit status.
int CommandLineRPC(const ArgsManager& args) {
    std::string text;
    int ret = 0;
    auto call = BuildCall(args);
    if (!call) {
        text = "error: " + call.error().message;
        ret = EXIT_FAILURE;
    } else {
        const auto& [method, params] = *call;
        const bool wait = args.GetBoolArg("rpcwait", false);
        while (true) {
            CallOutcome outcome = CallRPC(args, method, params);
            if (!outcome.reply) {
                if (wait && outcome.connection_failed) {
                    std::this_thread::sleep_for(std::chrono::seconds(1));
                    continue;
                }
                text = "error: " + outcome.error;
                ret = EXIT_FAILURE;
                break;
            }
            const Json& reply = *outcome.reply;
            const Json result = reply.contains("result") ? reply.at("result") : Json();
            const Json error = reply.contains("error") ? reply.at("error") : Json();
            if (error.is_null()) {
                if (result.is_null()) {
                    text.clear();
                } else if (result.is_string()) {
                    text = result.get<std::string>();
                } else {
                    text = WriteJson(result, 2);
                }
                break;
            }
            auto code = ErrorCode(error);
            if (!code) {
                text = "error: " + code.error().message;
                ret = EXIT_FAILURE;
                break;
            }
            if (wait && *code == RPC_IN_WARMUP) {
                std::this_thread::sleep_for(std::chrono::seconds(1));
                continue;
            }
            ret = std::abs(*code);
            text = "error code: " + std::to_string(*code) + "\n";
            if (error.contains("message") && error.at("message").is_string()) {
                text += "error message:\n" + error.at("message").get<std::string>();
            }
            break;
        }
    }
    if (!text.empty()) std::fprintf(ret == 0 ? stdout : stderr, "%s\n", text.c_str());
    return ret;
}

int Run(int argc, const char* const argv[]) {
    ArgsManager args;
    if (int ret = AppInit(args, argc, argv); ret != kContinue) return ret;
    return CommandLineRPC(args);
}

}  // namespace
}  // namespace ocean

int main(int argc, char* argv[]) {
    try {
        return ocean::Run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (...) {
        std::fputs("error: unknown exception\n", stderr);
    }
    return EXIT_FAILURE;
}
