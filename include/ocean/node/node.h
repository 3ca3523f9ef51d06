// Node: the node context. It owns every component of a running oceand — options, clock, log, data
// directory lock, chain parameters, chain state, RPC table and server — starts them in dependency
// order and stops them in reverse, flushing everything to disk. No component is global: each one gets
// references to what it needs from here.
//
// Start-up order: data directory and lock, log, pid file, chain parameters, RPC server in warm-up
// (answers -28 with the loading status), chain state (reindex / replay / verify with progress lines),
// P2P network (listening sockets, outbound connections), then warm-up ends. Shutdown (stop RPC,
// SIGINT/SIGTERM, or a fatal error): RPC server stops accepting and finishes in-flight calls, waiters
// are woken, the P2P network stops (ban list and address book saved), the chain state is flushed and
// closed, the cookie and pid file are removed, the lock is released.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ocean/consensus/chain_params.h"
#include "ocean/node/shutdown.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/rpc/tip_notifier.h"
#include "ocean/util/args.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "ocean/util/result.h"

namespace ocean {

class Chainstate;
class ConnectionManager;
class DataDirLock;
class PeerManager;
class BlockSigner;
struct SignerOptions;
class TxMempool;
class Database;
class Wallet;
class WalletKeyStore;
class WalletSpender;
class WalletUnlockTimer;
class MempoolChainSync;
class PolicyLists;
class PolicyListSync;
struct AcceptOptions;
class HttpServer;
class PidFile;
class RPCAuthenticator;
class ProgressReporter;
class ShellCommandRunner;
class BlockNotifier;
class PeriodicTask;

// Version of this implementation, as getinfo/-version report it.
inline constexpr int kClientVersionMajor = 0;
inline constexpr int kClientVersionMinor = 1;
inline constexpr int kClientVersionPatch = 0;
inline constexpr int64_t kClientVersion =
    kClientVersionMajor * 1000000 + kClientVersionMinor * 10000 + kClientVersionPatch * 100;
std::string ClientVersionString();

class Node {
  public:
    // args must already hold the command line and the config file.
    explicit Node(ArgsManager args);
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    // Brings the node up. On failure everything started so far is stopped again and the error says
    // what went wrong (it is also logged).
    Status Start();
    // Blocks until a shutdown is requested (stop RPC, signal, fatal error).
    void WaitForShutdown();
    // Orderly shutdown; idempotent.
    void Stop();

    ShutdownController& Shutdown() { return shutdown_; }
    Logger& Log() { return log_; }

  private:
    Status CheckOptions();
    Status InitLogging();
    Status InitChainParams();
    Status InitRpc();
    Status StartHttpServer();
    Status InitChainstate();
    Status InitMempool();
    // Loads <chain dir>/mempool.dat (-persistmempool); never fails the start-up.
    void LoadMempoolFile();
    Status InitNetwork();
    Status InitSigner();  // after PeerManager exists, before the network starts
    // Opens <chain dir>/wallets/<-wallet> (LevelDB), loads keys and transactions and follows the chain
    // and the mempool; nothing with -disablewallet.
    Status InitWallet();
    // The periodic rebroadcast of the wallet's unconfirmed transactions (-walletbroadcast).
    void StartWalletResend();
    void StopWallet();

    ArgsManager args_;
    NodeClock clock_;
    Logger log_;
    ShutdownController shutdown_;
    std::filesystem::path base_dir_, chain_dir_;
    std::string chain_name_;
    std::unique_ptr<DataDirLock> lock_;
    std::unique_ptr<PidFile> pid_;
    std::optional<ChainParams> params_;
    std::unique_ptr<ShellCommandRunner> notify_runner_;  // -blocknotify / -walletnotify commands
    std::unique_ptr<BlockNotifier> block_notifier_;      // -blocknotify
    std::unique_ptr<Chainstate> chainstate_;
    std::unique_ptr<TxMempool> mempool_;
    std::unique_ptr<AcceptOptions> accept_options_;
    std::unique_ptr<MempoolChainSync> mempool_sync_;
    std::unique_ptr<PolicyLists> policy_lists_;
    std::unique_ptr<PolicyListSync> policy_sync_;  // only when a list is maintained from the chain
    std::unique_ptr<ConnectionManager> connman_;
    std::unique_ptr<PeerManager> peerman_;
    std::unique_ptr<BlockSigner> signer_;
    std::unique_ptr<Database> wallet_db_;
    std::unique_ptr<WalletKeyStore> wallet_keys_;
    std::unique_ptr<Wallet> wallet_;
    std::unique_ptr<WalletSpender> wallet_spender_;
    std::unique_ptr<WalletUnlockTimer> wallet_unlock_timer_;  // walletpassphrase's relock
    std::unique_ptr<PeriodicTask> wallet_resend_;             // rebroadcast of unconfirmed wallet txs
    std::unique_ptr<SignerOptions> signer_options_;
    TipNotifier tip_notifier_;
    RPCContext rpc_ctx_;
    RPCTable rpc_table_;
    std::unique_ptr<ProgressReporter> progress_;
    std::unique_ptr<RPCAuthenticator> auth_;
    std::unique_ptr<HttpServer> http_;
    bool started_ = false, stopped_ = false;
    std::atomic<bool> loading_{true};  // until warm-up ends: progress lines are logged
    bool mempool_loaded_ = false;      // mempool.dat was read (or persistence is off): saving is allowed
};

// oceand's main(): options, -help/-version, -daemon, signals, then Node until shutdown. Returns the
// process exit status.
int OceandMain(int argc, char* argv[]);

}  // namespace ocean
