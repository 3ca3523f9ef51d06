// ocean-rpc-echo-server: the RPC server stack without a node, for benchmarks of the HTTP/JSON-RPC
// layer (contrib/bench/rpc.sh) until oceand exists.
//
// It wires HttpServer + RPCAuthenticator (cookie unless -rpcpassword) + an RPCTable holding
// `getblockcount` (a constant from an in-memory counter), `echo` (returns its parameters), `uptime`
// and `stop`. Options use oceand's names so that a script can switch to the real daemon:
//   ocean-rpc-echo-server -datadir=DIR [-rpcport=7041] [-rpcbind=127.0.0.1] [-rpcthreads=4]
//       [-rpcworkqueue=16] [-rpcservertimeout=30] [-rpcuser=U -rpcpassword=P] [-rpcauth=...]
//       [-rpcallowip=SUBNET] [-rpccookiefile=FILE] [-iothreads=1] [-debug=http]
// The cookie goes to <datadir>/.cookie. Prints "listening on <addr>:<port>" once ready; stops on
// SIGINT/SIGTERM or the `stop` RPC.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ocean/rpc/auth.h"
#include "ocean/rpc/http_rpc.h"
#include "ocean/rpc/http_server.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "ocean/util/strings.h"
#include "ocean/util/subnet.h"

namespace {

int Fail(const std::string& message) {
    std::fprintf(stderr, "ocean-rpc-echo-server: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ocean;
    std::filesystem::path datadir;
    std::filesystem::path cookie_file;
    std::vector<std::string> binds;
    std::vector<std::string> rpcauth;
    std::vector<std::string> allow;
    std::vector<std::string> debug;
    std::string user, password;
    int port = 7041;
    HttpServerOptions options;
    for (int i = 1; i < argc; ++i) {
        auto [name, value] = SplitOptionArg(argv[i]);
        auto number = [&](int lo, int hi) -> std::optional<int> {
            auto v = ParseInt32(value);
            if (!v || *v < lo || *v > hi) return std::nullopt;
            return v;
        };
        std::optional<int> n;
        if (name == "datadir") {
            datadir = value;
        } else if (name == "rpccookiefile") {
            cookie_file = value;
        } else if (name == "rpcport" && (n = number(0, 65535))) {
            port = *n;
        } else if (name == "rpcbind") {
            binds.push_back(value);
        } else if (name == "rpcthreads" && (n = number(1, 1024))) {
            options.worker_threads = *n;
        } else if (name == "rpcworkqueue" && (n = number(1, 1 << 20))) {
            options.work_queue_depth = *n;
        } else if (name == "rpcservertimeout" && (n = number(1, 1 << 20))) {
            options.timeout = std::chrono::seconds(*n);
        } else if (name == "iothreads" && (n = number(1, 64))) {
            options.io_threads = *n;
        } else if (name == "rpcuser") {
            user = value;
        } else if (name == "rpcpassword") {
            password = value;
        } else if (name == "rpcauth") {
            rpcauth.push_back(value);
        } else if (name == "rpcallowip") {
            allow.push_back(value);
        } else if (name == "debug") {
            debug.push_back(value);
        } else {
            return Fail("bad option " + std::string(argv[i]));
        }
    }
    if (datadir.empty() && cookie_file.empty() && password.empty())
        return Fail("-datadir or -rpcpassword is needed");
    if (cookie_file.empty()) cookie_file = datadir / ".cookie";
    if (cookie_file.is_relative() && !datadir.empty()) cookie_file = datadir / cookie_file;

    SystemClock clock;
    Logger log(clock);
    log.SetPrintToConsole(true);
    for (const auto& d : debug) {
        if (!log.EnableCategory(d)) return Fail("unknown -debug category " + d);
    }

    for (const auto& a : allow) {
        auto subnet = Subnet::Parse(a);
        if (!subnet) {
            return Fail(
                "Invalid -rpcallowip subnet specification: " + a +
                ". Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) "
                "or a network/CIDR (e.g. 1.2.3.4/24).");
        }
        options.allowed_subnets.push_back(*subnet);
    }
    if (allow.empty()) {
        // Like oceand: loopback only without -rpcallowip (any -rpcbind is then ignored).
        options.bind = {{"127.0.0.1", static_cast<uint16_t>(port)}, {"::1", static_cast<uint16_t>(port)}};
        options.allow_partial_bind = true;
    } else if (binds.empty()) {
        options.bind = {{"", static_cast<uint16_t>(port)}};  // all interfaces
    } else {
        for (const auto& b : binds) options.bind.push_back({b, static_cast<uint16_t>(port)});
    }

    RPCAuthenticator auth;
    auth.SetUserPassword(user, password);
    for (const auto& entry : rpcauth) {
        if (!auth.AddRpcAuth(entry)) log.Warning("ignoring malformed -rpcauth entry");
    }

    std::atomic<int64_t> height{331};
    const int64_t start_time = clock.UnixSeconds();
    RPCTable table;
    auto add = [&](std::string name, size_t max_args, RPCHandler handler) {
        RPCCommand c;
        c.category = "control";
        c.name = std::move(name);
        c.help = c.name + "\n";
        c.max_args = max_args;
        c.handler = std::move(handler);
        Status st = table.Register(std::move(c));
        if (!st.ok()) std::abort();
    };
    add("getblockcount", 0, [&](const RPCRequest&) { return Json(height.load(std::memory_order_relaxed)); });
    add("echo", 100, [](const RPCRequest& r) { return r.params; });
    add("uptime", 0, [&](const RPCRequest&) { return Json(clock.UnixSeconds() - start_time); });
    add("stop", 0, [](const RPCRequest&) {
        ::kill(::getpid(), SIGTERM);
        return Json("Ocean server stopping");
    });
    table.SetWarmupFinished();

    // Signals are taken synchronously by the main thread; every other thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    if (auth.UsesCookie()) {
        Status st = auth.GenerateCookie(cookie_file);
        if (!st.ok()) return Fail(st.error().ToString());
    }
    HttpServer server(
        options, [&](const HttpRequest& r) { return HandleJsonRpc(r, auth, table, &log); }, &log);
    Status st = server.Start();
    if (!st.ok()) {
        auth.RemoveCookie();
        return Fail(st.error().ToString());
    }
    for (const auto& ep : server.BoundEndpoints()) {
        std::printf("listening on %s:%u\n", ep.host.c_str(), ep.port);
    }
    std::fflush(stdout);

    int sig = 0;
    sigwait(&signals, &sig);
    server.Stop();
    auth.RemoveCookie();
    const HttpServer::Stats stats = server.GetStats();
    std::printf("stopped: %llu connections, %llu requests, %llu paused for a queue slot\n",
                static_cast<unsigned long long>(stats.connections),
                static_cast<unsigned long long>(stats.requests),
                static_cast<unsigned long long>(stats.paused));
    return 0;
}
