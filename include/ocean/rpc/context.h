// RPCContext: what RPC handlers may touch. The node fills it at start-up with references to the
// components it owns (which outlive the RPC server); handlers capture it by reference when they are
// registered. Nothing here is owned by the rpc layer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "ocean/core_io/tx_json.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/uint256.h"

namespace ocean {

class ChainParams;
class Chainstate;
class ConnectionManager;
class PeerManager;
class BlockSigner;
struct SignerOptions;
class TxMempool;
class PolicyLists;
struct AcceptOptions;
class Clock;
class NodeClock;
class Logger;
class RPCTable;
class TipNotifier;
class Wallet;
class WalletKeyStore;
class WalletSpender;
class WalletUnlockTimer;
class Database;

struct RPCContext {
    const ChainParams* params = nullptr;
    Chainstate* chainstate = nullptr;  // null in tests of chain-independent commands
    Logger* log = nullptr;
    const Clock* clock = nullptr;
    NodeClock* mock_clock = nullptr;  // setmocktime; null when time cannot be mocked
    RPCTable* table = nullptr;
    TipNotifier* tip_notifier = nullptr;   // for the waitfor* calls
    ConnectionManager* connman = nullptr;  // null when P2P is not running (network RPCs give -31)
    PeerManager* peerman = nullptr;
    TxMempool* mempool = nullptr;                   // null: mempool RPCs give -32603
    const AcceptOptions* accept_options = nullptr;  // the node's mempool policy (list options included)
    PolicyLists* policy_lists = nullptr;            // null: the list RPCs give -32603
    Amount max_tx_fee = 10'000'000;                 // -maxtxfee: sendrawtransaction's absurd-fee limit
    // Announces a transaction accepted by sendrawtransaction to peers (null without P2P).
    std::function<void(const TransactionRef&)> relay_transaction;
    BlockSigner* signer = nullptr;                     // getsignerinfo; null without P2P
    Wallet* wallet = nullptr;                          // null with -disablewallet (wallet RPCs unregistered)
    WalletKeyStore* wallet_keys = nullptr;             // the wallet's keys, addresses and labels
    WalletSpender* wallet_spender = nullptr;           // sends, issuance, fee rate
    WalletUnlockTimer* wallet_unlock_timer = nullptr;  // walletpassphrase / walletlock
    const Database* wallet_database = nullptr;         // backupwallet's source
    std::string wallet_name;                           // -wallet (the directory under <chain dir>/wallets)
    const SignerOptions* signer_options = nullptr;     // signblock's key; null without -signingkey/-hsm

    std::string chain_name;           // -chain
    JsonContext json;                 // address prefixes and asset labels
    std::filesystem::path base_dir;   // -datadir
    std::filesystem::path chain_dir;  // <datadir>/<chain>
    int64_t startup_time = 0;         // unix seconds, for `uptime`

    int check_level = 3;          // -checklevel, verifychain's default
    int check_blocks = 6;         // -checkblocks, verifychain's default
    bool txindex = false;         // -txindex
    int rpc_serial_version = 1;   // -rpcserialversion: 0 = hex without witness
    int64_t client_version = 0;   // getinfo "version" (major*1000000 + minor*10000 + patch*100)
    uint256 mapping_hash;         // -embedmapping: hash of asset-mapping/<chain>/latest.json for new blocks
    Amount min_relay_fee = 1000;  // -minrelaytxfee per kB, for getinfo "relayfee"

    // Starts an orderly shutdown (the `stop` RPC); returns at once.
    std::function<void()> request_shutdown;
    // True once a shutdown began: long-running calls (generate) stop early so the server can stop.
    std::function<bool()> shutdown_requested;
};

// The chain state, or -32603 "Chain state is not loaded" (RPCError) when the context has none.
Chainstate& ChainstateOf(const RPCContext& ctx);
// The P2P components, or -31 "Error: Peer-to-peer functionality missing or disabled" (Ocean's text).
ConnectionManager& ConnmanOf(const RPCContext& ctx);
PeerManager& PeermanOf(const RPCContext& ctx);

}  // namespace ocean
