// oceand's process-level start-up: options, -help/-version, -daemon, signal handling, and the Node.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "ocean/node/node.h"

namespace ocean {
namespace {

constexpr const char* kUsage = R"(Usage:
  oceand [options]                     Start the Ocean daemon

Common options (see doc/ and ocean.conf examples in share/ for the full list):
  -?, -help              This help message
  -version               Print version and exit
  -conf=<file>           Configuration file, relative to the data directory (default: ocean.conf)
  -datadir=<dir>         Base data directory (default: ~/.bitcoin); chain data goes to <datadir>/<chain>
  -chain=<name>          Chain name (default: ocean_test); -regtest is -chain=elementsregtest
  -daemon                Run in the background; the parent exits once the node has started
  -pid=<file>            PID file, relative to the chain directory (default: ocean-daemon.pid)
  -printtoconsole        Log to the console instead of debug.log (-printtoall: both)
  -debug=<category>      Debug logging: net, rpc, validation, mempool, bench, db, http, reindex, all
  -logtimestamps         Prefix log lines with a timestamp (default: 1)
  -dbcache=<MiB>         Database cache (4..16384, default: 450)
  -par=<n>               Script verification threads (0 = one per core, default: 0)
  -txindex               Maintain a full transaction index (default: 0)
  -reindex, -reindex-chainstate, -checkblocks=<n>, -checklevel=<n>

RPC server:
  -server                Accept JSON-RPC commands (default: 1)
  -rpcbind=<addr>        Bind address (needs -rpcallowip; default: 127.0.0.1 and ::1)
  -rpcport=<port>        Port (default: 8332 ocean_main, 8443 gold_main, 7041 otherwise)
  -rpcallowip=<ip/net>   Allow JSON-RPC from this source (repeatable)
  -rpcuser=<u>, -rpcpassword=<pw>, -rpcauth=<user>:<salt>$<hash>   Credentials (default: .cookie)
  -rpccookiefile=<file>  Cookie location, relative to the chain directory (default: .cookie)
  -rpcthreads=<n>        Worker threads (default: 4); -rpcworkqueue=<n> requests in flight (default: 16)
  -rpcservertimeout=<s>  Idle timeout (default: 30)

Chain definition options (genesis, signblockscript, policy assets, -con_*): see config documentation.
)";

// Forks; the parent waits for the child's start-up result on a pipe and exits with it. Returns the
// write end of the pipe in the child (or -1 on failure to fork).
int Daemonize() {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    const pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid > 0) {
        close(fds[1]);
        char status = 0;
        const ssize_t n = read(fds[0], &status, 1);
        _exit(n == 1 && status == '1' ? 0 : 1);
    }
    close(fds[0]);
    setsid();
    const int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        if (devnull > STDERR_FILENO) close(devnull);
    }
    return fds[1];
}

void Report(int fd, bool ok) {
    if (fd < 0) return;
    const char c = ok ? '1' : '0';
    (void)!write(fd, &c, 1);
    close(fd);
}

}  // namespace

int OceandMain(int argc, char* argv[]) {
    ArgsManager args;
    if (Status s = args.ParseCommandLine(argc, argv); !s) {
        std::fprintf(stderr, "Error: %s\n",
                     s.error().message.empty() ? s.error().code.c_str() : s.error().message.c_str());
        return 1;
    }
    if (args.IsArgSet("?") || args.IsArgSet("h") || args.IsArgSet("help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (args.IsArgSet("version")) {
        std::printf("Ocean daemon (oceand) version %s\n", ClientVersionString().c_str());
        return 0;
    }
    if (!args.Positional().empty()) {
        std::fprintf(stderr, "Error: unexpected argument '%s' (oceand takes options only)\n",
                     args.Positional()[0].c_str());
        return 1;
    }
    auto fail = [](const Error& e) {
        std::fprintf(stderr, "Error: %s\n", e.message.empty() ? e.code.c_str() : e.message.c_str());
        return 1;
    };
    if (auto dir = args.GetDataDir(); !dir) return fail(dir.error());
    if (Status s = args.ReadConfigFromArgs(); !s) return fail(s.error());
    if (auto dir = args.GetDataDir(); !dir) return fail(dir.error());  // -datadir may come from the file
    if (auto chain = args.ChainName(); !chain) return fail(chain.error());

    int ready_fd = -1;
    if (args.GetBoolArg("daemon", false)) {
        std::printf("Ocean server starting\n");
        std::fflush(stdout);
        ready_fd = Daemonize();
        if (ready_fd < 0) {
            std::fprintf(stderr, "Error: fork() failed\n");
            return 1;
        }
    }
    // Before any thread exists: signals go to the signal thread only.
    ShutdownController::BlockSignals();

    Node node(std::move(args));
    node.Shutdown().StartSignalThread([&node] {
        Status s = node.Log().ReopenFile();
        if (!s) node.Log().Error("Cannot reopen debug.log: " + s.error().ToString());
    });
    Status s = node.Start();
    if (!s) {
        const std::string msg = s.error().message.empty() ? s.error().code : s.error().message;
        node.Log().Error("Startup failed: " + msg);
        std::fprintf(stderr, "Error: %s\n", msg.c_str());
        node.Stop();
        Report(ready_fd, false);
        return 1;
    }
    Report(ready_fd, true);
    node.WaitForShutdown();
    node.Stop();
    return 0;
}

}  // namespace ocean
