#include "ocean/node/node.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <random>

#include "ocean/chain/chainstate.h"
#include "ocean/crypto/hash.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/chain_sync.h"
#include "ocean/mempool/mempool_persist.h"
#include "ocean/mempool/policy_list_sync.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/net/connman.h"
#include "ocean/net/peer_manager.h"
#include "ocean/node/block_notify.h"
#include "ocean/node/datadir_lock.h"
#include "ocean/node/pid_file.h"
#include "ocean/node/progress.h"
#include "ocean/rpc/auth.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/http_rpc.h"
#include "ocean/rpc/http_server.h"
#include "ocean/script/address.h"
#include "ocean/signer/block_signer.h"
#include "ocean/signer/signer_options.h"
#include "ocean/util/command_runner.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"
#include "ocean/util/periodic_task.h"
#include "ocean/util/strings.h"
#include "ocean/util/subnet.h"
#include "ocean/wallet/key_store.h"
#include "ocean/wallet/spend.h"
#include "ocean/wallet/unlock_timer.h"
#include "ocean/wallet/wallet.h"

namespace ocean {

std::string ClientVersionString() {
    return "v" + std::to_string(kClientVersionMajor) + "." + std::to_string(kClientVersionMinor) + "." +
           std::to_string(kClientVersionPatch);
}

namespace {

// Text of a terms-and-conditions file, or nullopt when it does not exist.
std::optional<std::string> ReadOptionalText(const std::filesystem::path& path) {
    auto text = ReadFileText(path);
    if (!text) return std::nullopt;
    return std::move(*text);
}

// Asset labels for JSON output: CBT and the genesis policy assets, then -assetdir=<hex>:<label>
// (config.md §4.6: reserved labels and duplicates are fatal).
// An amount option (-dustrelayfee, -paytxfee, ...): its default when unset, else the parsed amount or a
// config error naming the option.
Result<Amount> MoneyArg(const ArgsManager& args, const char* name, Amount def) {
    if (!args.IsArgSet(name)) return def;
    auto v = ParseMoney(args.GetArg(name, ""));
    if (!v)
        return Error("config", "Invalid amount for -" + std::string(name) + "=<amount>: '" +
                                   args.GetArg(name, "") + "'");
    return *v;
}

Result<std::map<uint256, std::string>> BuildAssetLabels(const ArgsManager& args, const ChainParams& params) {
    std::map<uint256, std::string> labels;
    std::set<std::string> used;
    auto add = [&](const uint256& asset, const std::string& label) {
        labels[asset] = label;
        used.insert(label);
    };
    add(params.pegged_asset, "CBT");
    const GenesisAssets& g = params.genesis_assets;
    const std::pair<const std::optional<uint256>*, const char*> policy[] = {
        {&g.freezelist, "FREEZELIST"}, {&g.burnlist, "BURNLIST"},     {&g.whitelist, "WHITELIST"},
        {&g.challenge, "CHALLENGE"},   {&g.permission, "PERMISSION"}, {&g.issuance, "ISSUANCE"}};
    for (const auto& [asset, label] : policy) {
        if (*asset) add(**asset, label);
    }
    for (const std::string& entry : args.GetArgs("assetdir")) {
        const size_t colon = entry.find(':');
        if (colon == std::string::npos) {
            return Error("assetdir", "Invalid -assetdir entry '" + entry + "': expected <assethex>:<label>");
        }
        const std::string hex = entry.substr(0, colon), label = entry.substr(colon + 1);
        auto asset = uint256::FromHexStrict(hex);
        if (!asset) return Error("assetdir", "Invalid asset hex in -assetdir: " + hex);
        if (label.empty() || label == "*" || label == "CBT" || label == "Cbt" || label == "cbt") {
            return Error("assetdir", "Invalid label in -assetdir: '" + label + "' is reserved");
        }
        if (used.count(label) || labels.count(*asset)) {
            return Error("assetdir", "Duplicate -assetdir entry for " + hex + ":" + label);
        }
        add(*asset, label);
    }
    return labels;
}

}  // namespace

Node::Node(ArgsManager args) : args_(std::move(args)), log_(clock_) {}

Node::~Node() {
    Stop();
}

Status Node::InitLogging() {
    const bool console = args_.GetBoolArg("printtoconsole", false);
    const bool all = args_.GetBoolArg("printtoall", false);
    log_.SetTimestamps(args_.GetBoolArg("logtimestamps", true));
    log_.SetPrintToConsole(console || all);
    if (!console || all) {
        // Like Ocean: a debug.log over 11 MB keeps its last 10 MB at start-up, unless debugging.
        const bool debugging = !args_.GetArgs("debug").empty() && !args_.GetBoolArg("nodebug", false);
        if (args_.GetBoolArg("shrinkdebugfile", !debugging)) {
            Status shrunk = Logger::ShrinkFile(chain_dir_ / "debug.log", 11u << 20, 10u << 20);
            (void)shrunk;  // a log that cannot be shrunk is still usable
        }
        Status s = log_.OpenFile(chain_dir_ / "debug.log");
        if (!s) return s;
    }
    std::vector<std::string> unknown;
    if (!args_.GetBoolArg("nodebug", false)) {
        for (const std::string& category : args_.GetArgs("debug")) {
            if (category.empty() || category == "1" || category == "all") {
                log_.EnableCategory("all");
            } else if (category != "0" && !log_.EnableCategory(category)) {
                unknown.push_back(category);
            }
        }
    }
    log_.Info("Ocean daemon (oceand) " + ClientVersionString());
    for (const std::string& c : unknown) log_.Warning("Unsupported logging category -debug=" + c + ".");
    return Status::Ok();
}

Status Node::InitChainParams() {
    ContractTexts texts;
    const auto terms = base_dir_ / "terms-and-conditions" / chain_name_;
    texts.latest = ReadOptionalText(terms / "latest.txt");
    texts.old1 = ReadOptionalText(terms / "old1.txt");
    // The chain name by Ocean's rules (-regtest, -chain) goes last so that it wins.
    auto options = args_.GetOptions();
    options.emplace_back("chain", chain_name_);
    auto params = ChainParams::FromOptions(options, texts);
    if (!params) return params.error();
    params_.emplace(std::move(params.value()));
    return Status::Ok();
}

Status Node::InitRpc() {
    rpc_ctx_.params = &*params_;
    rpc_ctx_.log = &log_;
    rpc_ctx_.clock = &clock_;
    if (params_->custom.mine_blocks_on_demand) rpc_ctx_.mock_clock = &clock_;
    rpc_ctx_.table = &rpc_table_;
    rpc_ctx_.tip_notifier = &tip_notifier_;
    rpc_ctx_.chain_name = chain_name_;
    rpc_ctx_.json.prefixes = PrefixesForChain(chain_name_);
    auto labels = BuildAssetLabels(args_, *params_);
    if (!labels) return labels.error();
    rpc_ctx_.json.asset_labels = std::move(labels.value());
    rpc_ctx_.base_dir = base_dir_;
    rpc_ctx_.chain_dir = chain_dir_;
    rpc_ctx_.startup_time = clock_.UnixSeconds();
    rpc_ctx_.check_level = static_cast<int>(args_.GetIntArg("checklevel", 3));
    rpc_ctx_.check_blocks = static_cast<int>(args_.GetIntArg("checkblocks", 6));
    rpc_ctx_.txindex = args_.GetBoolArg("txindex", false);
    rpc_ctx_.client_version = kClientVersion;
    rpc_ctx_.rpc_serial_version = static_cast<int>(args_.GetIntArg("rpcserialversion", 1));
    if (args_.GetBoolArg("embedmapping", true)) {
        auto mapping = ReadOptionalText(base_dir_ / "asset-mapping" / chain_name_ / "latest.json");
        if (mapping && !mapping->empty()) rpc_ctx_.mapping_hash = ContractHashOfText(*mapping);
    }
    rpc_ctx_.request_shutdown = [this] { shutdown_.RequestShutdown("stop RPC"); };
    rpc_ctx_.shutdown_requested = [this] { return shutdown_.ShutdownRequested(); };

    RegisterControlRPCs(rpc_table_, rpc_ctx_);
    RegisterBlockchainRPCs(rpc_table_, rpc_ctx_);
    RegisterMiningRPCs(rpc_table_, rpc_ctx_);
    RegisterTxOutProofRPCs(rpc_table_, rpc_ctx_);
    RegisterBlockStatsRPCs(rpc_table_, rpc_ctx_);
    RegisterRequestRPCs(rpc_table_, rpc_ctx_);
    RegisterRawTransactionRPCs(rpc_table_, rpc_ctx_);
    RegisterUtilRPCs(rpc_table_, rpc_ctx_);
    RegisterNetRPCs(rpc_table_, rpc_ctx_);
    RegisterMempoolRPCs(rpc_table_, rpc_ctx_);
    RegisterSignerRPCs(rpc_table_, rpc_ctx_);
    RegisterSignRawTransactionRPCs(rpc_table_, rpc_ctx_);
    RegisterRawIssuanceRPCs(rpc_table_, rpc_ctx_);
    RegisterPolicyRPCs(rpc_table_, rpc_ctx_);
    if (!args_.GetBoolArg("disablewallet", false)) {
        RegisterWalletHistoryRPCs(rpc_table_, rpc_ctx_);
        RegisterWalletSendRPCs(rpc_table_, rpc_ctx_);
        RegisterWalletKeyRPCs(rpc_table_, rpc_ctx_);
    }

    if (!args_.GetBoolArg("server", true)) return Status::Ok();
    return StartHttpServer();
}

Status Node::StartHttpServer() {
    HttpServerOptions o;
    const int port = static_cast<int>(args_.GetIntArg("rpcport", DefaultRpcPort(chain_name_)));
    if (port <= 0 || port > 65535) return Error("config", "Invalid -rpcport: " + args_.GetArg("rpcport", ""));
    for (const std::string& spec : args_.GetArgs("rpcallowip")) {
        auto subnet = Subnet::Parse(spec);
        if (!subnet) {
            return Error("config", "Invalid -rpcallowip subnet specification: " + spec +
                                       ". Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. "
                                       "1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24).");
        }
        o.allowed_subnets.push_back(*subnet);
    }
    if (o.allowed_subnets.empty()) {
        // Loopback only; -rpcbind would expose the port to addresses nobody may connect from.
        if (args_.IsArgSet("rpcbind")) {
            log_.Warning(
                "Option -rpcbind was ignored because -rpcallowip was not specified, refusing to "
                "allow everyone to connect");
        }
        o.bind = {{"127.0.0.1", static_cast<uint16_t>(port)}, {"::1", static_cast<uint16_t>(port)}};
        o.allow_partial_bind = true;
    } else if (!args_.IsArgSet("rpcbind")) {
        o.bind = {{"::", static_cast<uint16_t>(port)}, {"0.0.0.0", static_cast<uint16_t>(port)}};
        o.allow_partial_bind = true;
    } else {
        for (const std::string& spec : args_.GetArgs("rpcbind")) {
            // host, host:port, [v6]:port or a bare IPv6 address.
            std::string host = spec;
            int bind_port = port;
            if (!spec.empty() && spec[0] == '[') {
                const size_t close = spec.find(']');
                if (close == std::string::npos) return Error("config", "Invalid -rpcbind address: " + spec);
                host = spec.substr(1, close - 1);
                if (close + 1 < spec.size() && spec[close + 1] == ':')
                    bind_port = std::atoi(spec.c_str() + close + 2);
            } else if (std::count(spec.begin(), spec.end(), ':') == 1) {
                const size_t colon = spec.find(':');
                host = spec.substr(0, colon);
                bind_port = std::atoi(spec.c_str() + colon + 1);
            }
            if (bind_port <= 0 || bind_port > 65535)
                return Error("config", "Invalid port in -rpcbind=" + spec);
            o.bind.push_back({host, static_cast<uint16_t>(bind_port)});
        }
    }
    o.worker_threads = static_cast<int>(std::clamp<int64_t>(args_.GetIntArg("rpcthreads", 4), 1, 256));
    o.work_queue_depth =
        static_cast<int>(std::clamp<int64_t>(args_.GetIntArg("rpcworkqueue", 16), 1, 1 << 20));
    o.timeout = std::chrono::seconds(std::clamp<int64_t>(args_.GetIntArg("rpcservertimeout", 30), 1, 86400));

    auth_ = std::make_unique<RPCAuthenticator>();
    auth_->SetUserPassword(args_.GetArg("rpcuser", ""), args_.GetArg("rpcpassword", ""));
    for (const std::string& entry : args_.GetArgs("rpcauth")) {
        if (!auth_->AddRpcAuth(entry)) log_.Warning("Ignoring malformed -rpcauth entry");
    }
    if (auth_->UsesCookie()) {
        std::filesystem::path cookie = args_.GetArg("rpccookiefile", ".cookie");
        if (cookie.is_relative()) cookie = chain_dir_ / cookie;
        Status s = auth_->GenerateCookie(cookie);
        if (!s)
            return Error("rpc",
                         "Unable to write the RPC cookie " + cookie.string() + ": " + s.error().ToString());
        log_.Info("Generated RPC authentication cookie " + cookie.string());
    }
    http_ = std::make_unique<HttpServer>(
        o, [this](const HttpRequest& request) { return HandleJsonRpc(request, *auth_, rpc_table_, &log_); },
        &log_);
    Status s = http_->Start();
    if (!s) return s;
    for (const HttpEndpoint& e : http_->BoundEndpoints()) {
        log_.Info("JSON-RPC server listening on " + e.host + ":" + std::to_string(e.port));
    }
    return Status::Ok();
}

Status Node::InitChainstate() {
    ChainstateOptions o;
    o.datadir = chain_dir_;
    const int64_t dbcache_mib = std::clamp<int64_t>(args_.GetIntArg("dbcache", 450), 4, 16384);
    o.cache_bytes = static_cast<size_t>(dbcache_mib) << 20;
    o.txindex = args_.GetBoolArg("txindex", false);
    o.par = static_cast<int>(std::clamp<int64_t>(args_.GetIntArg("par", 0), -64, 16));
    o.reindex = args_.GetBoolArg("reindex", false);
    o.reindex_chainstate = args_.GetBoolArg("reindex-chainstate", false);
    o.check_blocks = static_cast<int>(args_.GetIntArg("checkblocks", 6));
    o.check_level = static_cast<int>(std::clamp<int64_t>(args_.GetIntArg("checklevel", 3), 0, 4));
    o.sigcache_bytes =
        static_cast<size_t>(std::clamp<int64_t>(args_.GetIntArg("maxsigcachesize", 32), 0, 16384)) << 20;
    o.flush_interval_seconds = args_.GetIntArg("flushinterval", 3600);
    // Progress lines describe start-up work only (reindex, catching up, verification); blocks
    // connected in normal operation are not "progress".
    o.progress = [this](std::string_view phase, uint64_t done, uint64_t total) {
        if (loading_.load(std::memory_order_relaxed)) progress_->Update(phase, done, total);
    };
    rpc_table_.SetWarmupStatus("Loading block index...");
    auto chain = Chainstate::Open(*params_, o, log_, clock_);
    if (!chain) return chain.error();
    chainstate_ = std::move(chain.value());
    rpc_ctx_.chainstate = chainstate_.get();
    {
        std::lock_guard lock(chainstate_->mutex());
        const BlockIndex* tip = chainstate_->Tip();
        tip_notifier_.Set(tip->GetBlockHash(), tip->height);
        chainstate_->AddListener(&tip_notifier_);
    }
    return Status::Ok();
}

Status Node::InitMempool() {
    auto o = std::make_unique<AcceptOptions>();
    const bool chain_requires_standard = params_->custom.require_standard;
    const bool accept_nonstd = args_.GetBoolArg("acceptnonstdtxn", !chain_requires_standard);
    if (chain_requires_standard && accept_nonstd) {
        return Error("config", "acceptnonstdtxn is not currently supported for " + chain_name_ + " chain");
    }
    o->policy.require_standard = !accept_nonstd;
    o->policy.permit_bare_multisig = args_.GetBoolArg("permitbaremultisig", true);
    o->policy.data_carrier = args_.GetBoolArg("datacarrier", true);
    o->policy.max_op_return_bytes = static_cast<size_t>(
        std::max<int64_t>(0, args_.GetIntArg("datacarriersize", kDefaultMaxOpReturnBytes)));
    o->policy.register_address = args_.GetBoolArg("registeraddress", true);
    o->policy.register_address_size = static_cast<size_t>(
        std::max<int64_t>(0, args_.GetIntArg("registeraddresssize", kDefaultRegisterAddressSize)));
    auto dust = MoneyArg(args_, "dustrelayfee", kDefaultDustRelayFee);
    if (!dust) return dust.error();
    o->policy.dust_relay_fee = *dust;
    o->policy.fixed_tx_fee = std::max<int64_t>(0, args_.GetIntArg("fixedtxfee", 0));
    auto max_fee = MoneyArg(args_, "maxtxfee", 10'000'000);
    if (!max_fee) return max_fee.error();
    rpc_ctx_.max_tx_fee = *max_fee;
    o->allow_replacement = args_.GetBoolArg("mempoolreplacement", true);
    o->max_pool_bytes =
        static_cast<size_t>(std::clamp<int64_t>(args_.GetIntArg("maxmempool", 300), 5, 1 << 20)) << 20;
    o->expiry_seconds = std::max<int64_t>(1, args_.GetIntArg("mempoolexpiry", 336)) * 60 * 60;

    // The policy lists (policy.md §2, §5–§11). The RPCs act on them whatever the flags.
    o->list_policy.whitelist = args_.GetBoolArg("pkhwhitelist", false);
    o->list_policy.freezelist = args_.GetBoolArg("freezelist", false);
    o->list_policy.burnlist = args_.GetBoolArg("burnlist", false);
    o->list_policy.issuance_block = args_.GetBoolArg("issuanceblock", false);
    o->list_policy.contract_in_tx = args_.GetBoolArg("contractintx", false);
    o->list_policy.SetContract(params_->ContractHashAt(0));
    policy_lists_ = std::make_unique<PolicyLists>();
    o->lists = policy_lists_.get();
    rpc_ctx_.policy_lists = policy_lists_.get();
    if (o->list_policy.whitelist || o->list_policy.freezelist || o->list_policy.burnlist) {
        rpc_table_.SetWarmupStatus("Loading policy lists...");
        policy_sync_ = std::make_unique<PolicyListSync>(*chainstate_, *policy_lists_, o->list_policy, log_);
        Status s = policy_sync_->Rebuild();
        if (!s) return s;
        chainstate_->AddListener(policy_sync_.get());
    }

    // Package limits (config.md §4.6): counts, and sizes in kB of virtual size.
    MempoolLimits limits;
    const MempoolLimits defaults;
    auto limit = [&](const char* name, size_t def, size_t scale) {
        return static_cast<size_t>(
                   std::max<int64_t>(0, args_.GetIntArg(name, static_cast<int64_t>(def / scale)))) *
               scale;
    };
    limits.ancestor_count = limit("limitancestorcount", defaults.ancestor_count, 1);
    limits.ancestor_vsize = limit("limitancestorsize", defaults.ancestor_vsize, 1000);
    limits.descendant_count = limit("limitdescendantcount", defaults.descendant_count, 1);
    limits.descendant_vsize = limit("limitdescendantsize", defaults.descendant_vsize, 1000);
    // Core: the pool must hold at least 40 descendant packages.
    const size_t min_pool_bytes = limits.descendant_vsize * 40;
    if (o->max_pool_bytes < min_pool_bytes) {
        return Error("config", "-maxmempool must be at least " +
                                   std::to_string((min_pool_bytes + 999'999) / 1'000'000) + " MB");
    }

    mempool_ = std::make_unique<TxMempool>(limits);
    mempool_sync_ = std::make_unique<MempoolChainSync>(*chainstate_, *mempool_, *o, clock_, log_);
    chainstate_->AddListener(mempool_sync_.get());
    accept_options_ = std::move(o);
    rpc_ctx_.mempool = mempool_.get();
    rpc_ctx_.accept_options = accept_options_.get();
    return Status::Ok();
}

Status Node::InitWallet() {
    if (args_.GetBoolArg("disablewallet", false)) {
        log_.Info("Wallet disabled!");
        return Status::Ok();
    }
    const std::string name = args_.GetArg("wallet", "wallet.dat");
    const std::filesystem::path wallets_dir = chain_dir_ / "wallets";
    if (name.empty() || name == "." || name == ".." || std::filesystem::path(name).filename() != name) {
        return Error("config", "Wallet " + name + " resides outside data directory " + chain_dir_.string());
    }
    if (args_.GetBoolArg("anyonecanspendaremine", true) == false &&
        params_->genesis_params.initial_free_coins != 0) {
        return Error("config", "-anyonecanspendaremine=0 is incompatible with -initialfreecoins");
    }
    Wallet::Zap zap = Wallet::Zap::kNone;
    if (args_.IsArgSet("zapwallettxes") && args_.GetBoolArg("zapwallettxes", false)) {
        const int64_t mode = args_.GetIntArg("zapwallettxes", 1);
        if (mode != 1 && mode != 2)
            return Error("config", "Invalid -zapwallettxes=" + args_.GetArg("zapwallettxes", "") +
                                       " (1: keep transaction metadata, 2: drop it)");
        zap = mode == 1 ? Wallet::Zap::kKeepMetadata : Wallet::Zap::kDropAll;
    }
    rpc_table_.SetWarmupStatus("Loading wallet...");
    DatabaseOptions dbo;
    dbo.path = wallets_dir / name;
    dbo.cache_bytes = 2u << 20;
    if (args_.GetBoolArg("salvagewallet", false) && std::filesystem::exists(dbo.path)) {
        // Core copies wallet.dat aside before salvaging; the LevelDB directory is copied whole, then
        // LevelDB's repair rebuilds what it can from the table and log files.
        const std::filesystem::path backup =
            wallets_dir / (name + "." + std::to_string(clock_.UnixSeconds()) + ".bak");
        std::error_code ec;
        std::filesystem::copy(dbo.path, backup, std::filesystem::copy_options::recursive, ec);
        if (ec)
            return Error("wallet",
                         "-salvagewallet: cannot back up " + dbo.path.string() + ": " + ec.message());
        log_.Info("Wallet: -salvagewallet: copied " + dbo.path.string() + " to " + backup.string() +
                  "; repairing");
        dbo.repair = true;
    }
    auto db = Database::Open(dbo);
    if (!db)
        return Error("wallet", "Cannot open wallet " + dbo.path.string() + ": " + db.error().ToString() +
                                   (dbo.repair ? "" : " (-salvagewallet tries to repair it)"));
    wallet_db_ = std::move(db.value());

    WalletKeyStoreOptions ko;
    ko.contract_hash = params_->ContractHashAt(0);
    ko.tweak_keys = args_.GetBoolArg("embedcontract", true) && !args_.GetBoolArg("contractintx", false);
    ko.anyone_can_spend_are_mine = args_.GetBoolArg("anyonecanspendaremine", true);
    ko.keypool_size = static_cast<unsigned>(std::clamp<int64_t>(args_.GetIntArg("keypool", 100), 1, 100000));
    if (args_.IsArgSet("usehd")) ko.use_hd = args_.GetBoolArg("usehd", true);
    ko.prefixes = rpc_ctx_.json.prefixes;
    ko.clock = &clock_;
    auto keys = WalletKeyStore::Load(*wallet_db_, ko);
    if (!keys) {
        const std::string why =
            keys.error().code.starts_with("-") ? keys.error().message : keys.error().ToString();
        return Error("wallet", "Error loading " + name + ": " + why);
    }
    wallet_keys_ = std::move(keys.value());

    WalletOptions wo;
    wo.spend_zero_conf_change = args_.GetBoolArg("spendzeroconfchange", true);
    wo.coinbase_maturity = params_->coinbase_maturity;
    if (args_.IsArgSet("walletnotify")) {
        wo.on_transaction_updated = [this, cmd = args_.GetArg("walletnotify", "")](const uint256& txid) {
            notify_runner_->Enqueue(FormatNotifyCommand(cmd, txid.ToHex()));
        };
    }
    wallet_ =
        std::make_unique<Wallet>(*chainstate_, mempool_.get(), *wallet_db_, *wallet_keys_, wo, log_, clock_);
    {
        // Registered and loaded under the chain and pool locks, so no event falls between the two.
        std::lock_guard chain_lock(chainstate_->mutex());
        std::lock_guard pool_lock(mempool_->mutex());
        chainstate_->AddListener(wallet_.get());
        mempool_->AddListener(wallet_.get());
        const bool rescan = args_.GetBoolArg("rescan", false) || args_.GetBoolArg("salvagewallet", false);
        Status s = wallet_->Load(rescan, zap);
        if (!s) return Error("wallet", "Error loading wallet transactions: " + s.error().ToString());
    }
    SpendOptions so;
    so.fee.fee_asset = params_->pegged_asset;
    if (args_.IsArgSet("feeasset")) {
        const std::string hex = args_.GetArg("feeasset", "");
        if (hex.size() != 64 || !IsHex(hex)) return Error("config", "Invalid -feeasset: " + hex);
        so.fee.fee_asset = uint256::FromHex(hex);
    }
    auto fallback = MoneyArg(args_, "fallbackfee", 20'000);
    if (!fallback) return fallback.error();
    auto min_fee = MoneyArg(args_, "mintxfee", 1'000);
    if (!min_fee) return min_fee.error();
    auto pay = MoneyArg(args_, "paytxfee", 0);
    if (!pay) return pay.error();
    so.fee.fee_rate = *fallback;
    so.fee.min_fee_rate = *min_fee;
    so.pay_tx_fee = *pay;
    so.fee.fixed_fee = accept_options_->policy.fixed_tx_fee;
    so.fee.dust_relay_fee = accept_options_->policy.dust_relay_fee;
    so.spend_zero_conf_change = wo.spend_zero_conf_change;
    so.broadcast = args_.GetBoolArg("walletbroadcast", !args_.GetBoolArg("blocksonly", false));
    so.reject_long_chains = args_.GetBoolArg("walletrejectlongchains", false);
    const bool so_broadcast = so.broadcast;
    so.accept = *accept_options_;
    so.max_tx_fee = rpc_ctx_.max_tx_fee;
    so.relay = [this](const TransactionRef& tx) {
        if (rpc_ctx_.relay_transaction) rpc_ctx_.relay_transaction(tx);
    };
    wallet_spender_ = std::make_unique<WalletSpender>(*chainstate_, *mempool_, *wallet_, *wallet_keys_,
                                                      std::move(so), clock_, log_);
    // Stored sends the mempool refused (a too long unconfirmed chain) are submitted again at each tip.
    chainstate_->AddListener(wallet_spender_.get());
    rpc_ctx_.wallet_spender = wallet_spender_.get();
    log_.Info("Wallet " + name + ": " + std::to_string(wallet_->TxCount()) + " transactions, " +
              std::to_string(wallet_keys_->KeypoolSize()) + " keys in the pool" +
              (wallet_keys_->IsCrypted() ? " (encrypted)" : ""));
    wallet_unlock_timer_ =
        std::make_unique<WalletUnlockTimer>(*wallet_keys_, [this] { return clock_.UnixSeconds(); });
    if (so_broadcast) StartWalletResend();
    rpc_ctx_.wallet_name = name;
    rpc_ctx_.wallet_database = wallet_db_.get();
    rpc_ctx_.wallet_unlock_timer = wallet_unlock_timer_.get();
    rpc_ctx_.wallet = wallet_.get();
    rpc_ctx_.wallet_keys = wallet_keys_.get();
    return Status::Ok();
}

void Node::StartWalletResend() {
    // Core 0.14 rebroadcasts at random moments about every 30 minutes, and only transactions received
    // at least 5 minutes before; the hidden -walletresendinterval=<seconds> shortens the period (tests).
    const int64_t interval_s =
        std::clamp<int64_t>(args_.GetIntArg("walletresendinterval", 30 * 60), 1, 24 * 3600);
    const auto interval = std::chrono::milliseconds(interval_s * 1000);
    std::uniform_int_distribution<int64_t> first(interval.count() / 2, interval.count());
    std::random_device rd;
    wallet_resend_ = std::make_unique<PeriodicTask>(
        "ocean-wresend", std::chrono::milliseconds(first(rd)), interval, [this] {
            if (loading_.load()) return;
            const int64_t before = clock_.UnixSeconds() - 5 * 60;
            const auto in_pool = wallet_spender_->ReacceptWalletTransactions(true, before);
            if (!in_pool.empty())
                log_.Info("Wallet: rebroadcast " + std::to_string(in_pool.size()) +
                          " unconfirmed transactions");
        });
}

void Node::StopWallet() {
    wallet_resend_.reset();  // joins a rebroadcast in progress before the spender goes
    rpc_ctx_.wallet_spender = nullptr;
    if (wallet_spender_ && chainstate_) chainstate_->RemoveListener(wallet_spender_.get());
    wallet_spender_.reset();
    rpc_ctx_.wallet = nullptr;
    rpc_ctx_.wallet_keys = nullptr;
    rpc_ctx_.wallet_unlock_timer = nullptr;
    rpc_ctx_.wallet_database = nullptr;
    wallet_unlock_timer_.reset();  // joins the relock thread before the key store goes
    if (!wallet_) return;
    if (chainstate_) chainstate_->RemoveListener(wallet_.get());
    if (mempool_) mempool_->RemoveListener(wallet_.get());
    Status s = wallet_->Flush();
    if (!s) log_.Error("Wallet flush at shutdown failed: " + s.error().ToString());
    wallet_.reset();
    wallet_keys_.reset();
    wallet_db_.reset();
}

void Node::LoadMempoolFile() {
    if (!args_.GetBoolArg("persistmempool", true)) {
        mempool_loaded_ = true;
        return;
    }
    rpc_table_.SetWarmupStatus("Loading mempool...");
    const auto stats =
        LoadMempool(*chainstate_, *mempool_, *accept_options_, clock_.UnixSeconds(),
                    chain_dir_ / "mempool.dat", [this] { return shutdown_.ShutdownRequested(); });
    if (!stats) {
        // A damaged file is not fatal: what was read before the damage stays in the pool.
        log_.Warning("Failed to load mempool.dat (" + stats.error().ToString() + "); continuing with " +
                     std::to_string(mempool_->Size()) + " transactions");
        mempool_loaded_ = !shutdown_.ShutdownRequested();
        return;
    }
    log_.Info("Imported mempool transactions from disk: " + std::to_string(stats->accepted) + " successes, " +
              std::to_string(stats->failed) + " failed, " + std::to_string(stats->expired) + " expired");
    mempool_loaded_ = true;
}

Status Node::InitNetwork() {
    ConnmanOptions o;
    o.datadir = chain_dir_;
    const int64_t port = args_.GetIntArg("port", params_->custom.default_port);
    if (port <= 0 || port > 65535) return Error("config", "Invalid -port: " + args_.GetArg("port", ""));
    o.port = static_cast<uint16_t>(port);
    std::vector<std::string> connect;
    for (const std::string& c : args_.GetArgs("connect")) {
        if (!c.empty() && c != "0") connect.push_back(c);
    }
    // -connect (even -connect=0 / -noconnect) turns automatic connections off, and listening with it
    // unless -listen says otherwise.
    const bool connect_set = args_.IsArgSet("connect");
    o.connect = connect;
    o.automatic_connections = !connect_set;
    o.listen = args_.GetBoolArg("listen", !connect_set && !args_.IsArgSet("proxy"));
    auto parse_endpoints = [&](const char* name, std::vector<Service>& out) -> Status {
        for (const std::string& spec : args_.GetArgs(name)) {
            auto s = Service::Parse(spec, o.port);
            if (!s)
                return Error("config", "Cannot resolve -" + std::string(name) + " address: '" + spec + "'");
            out.push_back(*s);
        }
        return Status::Ok();
    };
    if (Status s = parse_endpoints("bind", o.bind); !s) return s;
    if (Status s = parse_endpoints("whitebind", o.whitebind); !s) return s;
    for (const std::string& w : args_.GetArgs("whitelist")) {
        auto subnet = Subnet::Parse(w);
        if (!subnet) return Error("config", "Invalid netmask specified in -whitelist: '" + w + "'");
        o.whitelist.push_back(*subnet);
    }
    o.addnode = args_.GetArgs("addnode");
    o.seednode = args_.GetArgs("seednode");
    o.dns = args_.GetBoolArg("dns", true);
    const auto onlynet = args_.GetArgs("onlynet");
    if (!onlynet.empty()) {
        o.onlynet_ipv4 = o.onlynet_ipv6 = false;
        for (const std::string& net : onlynet) {
            if (net == "ipv4") {
                o.onlynet_ipv4 = true;
            } else if (net == "ipv6") {
                o.onlynet_ipv6 = true;
            } else if (net != "onion") {
                return Error("config", "Unknown network specified in -onlynet: '" + net + "'");
            }
        }
    }
    o.max_connections =
        static_cast<int>(std::clamp<int64_t>(args_.GetIntArg("maxconnections", 125), 0, 4096));
    o.limits.max_receive_bytes =
        static_cast<size_t>(std::clamp<int64_t>(args_.GetIntArg("maxreceivebuffer", 5000), 1, 1 << 20)) *
        1000;
    o.limits.max_send_bytes =
        static_cast<size_t>(std::clamp<int64_t>(args_.GetIntArg("maxsendbuffer", 1000), 1, 1 << 20)) * 1000;
    int64_t timeout = args_.GetIntArg("timeout", 5000);
    if (timeout <= 0) timeout = 5000;
    o.connect_timeout = std::chrono::milliseconds(timeout);
    o.ban_time = std::max<int64_t>(1, args_.GetIntArg("bantime", 86400));

    PeerManagerOptions p;
    p.ban_score = static_cast<int>(std::clamp<int64_t>(args_.GetIntArg("banscore", 100), 1, 1 << 30));
    p.ban_local_peers = args_.GetBoolArg("banlocalpeers", false);
    std::vector<std::string> comments;
    for (const std::string& c : args_.GetArgs("uacomment")) {
        // Ocean's SAFE_CHARS_UA_COMMENT.
        const bool safe = std::all_of(c.begin(), c.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) ||
                   std::string_view(" .,;-_/:?@()").find(ch) != std::string_view::npos;
        });
        if (!safe) return Error("config", "User Agent comment (" + c + ") contains unsafe characters.");
        comments.push_back(c);
    }
    std::string ua = "/Satoshi:2.1.1.1";
    if (!comments.empty()) ua += "(" + Join(comments, "; ") + ")";
    ua += "/";
    if (ua.size() > kMaxUserAgentLength) {
        return Error("config", "Total length of network version string (" + std::to_string(ua.size()) +
                                   ") exceeds maximum length (" + std::to_string(kMaxUserAgentLength) +
                                   "). Reduce the number or size of uacomments.");
    }
    p.user_agent = ua;
    if (args_.GetBoolArg("peerbloomfilters", false)) {
        log_.Warning("-peerbloomfilters=1 ignored: this node does not serve BIP37 bloom filters.");
    }

    // Transaction relay (needs the mempool; -blocksonly turns it off except for whitelisted peers).
    p.relay_txs = mempool_ != nullptr && !args_.GetBoolArg("blocksonly", false);
    p.whitelist_relay = args_.GetBoolArg("whitelistrelay", true);
    p.whitelist_force_relay = args_.GetBoolArg("whitelistforcerelay", true);
    p.send_fee_filter = args_.GetBoolArg("feefilter", true);
    p.max_orphan_txs =
        static_cast<size_t>(std::clamp<int64_t>(args_.GetIntArg("maxorphantx", 100), 0, 1'000'000));

    connman_ = std::make_unique<ConnectionManager>(std::move(o), clock_, log_);
    peerman_ = std::make_unique<PeerManager>(*chainstate_, *connman_, clock_, log_, std::move(p),
                                             mempool_.get(), accept_options_.get());
    if (Status st = InitSigner(); !st) return st;
    Status s = connman_->Start(*peerman_);
    if (!s) return s;
    rpc_ctx_.connman = connman_.get();
    rpc_ctx_.peerman = peerman_.get();
    rpc_ctx_.relay_transaction = [pm = peerman_.get()](const TransactionRef& tx) {
        pm->RelayTransaction(tx);
    };
    return Status::Ok();
}

Status Node::InitSigner() {
    auto opts = ParseSignerOptions(args_, base_dir_);
    if (!opts) return opts.error();
    BlockSignerOptions o;
    const int64_t interval = args_.GetIntArg("blockinterval", 60);
    if (interval < 1 || interval > 24 * 60 * 60)
        return Error("config", "Invalid -blockinterval: " + args_.GetArg("blockinterval", "") +
                                   " (seconds, 1 to 86400)");
    o.block_interval = std::chrono::seconds(interval);
    const int64_t timeout = args_.GetIntArg("signertimeout", 0);
    if (timeout < 0 || timeout > 600'000)
        return Error("config", "Invalid -signertimeout: " + args_.GetArg("signertimeout", "") +
                                   " (milliseconds, 0 for the default)");
    o.round_timeout = std::chrono::milliseconds(timeout);
    if (args_.IsArgSet("signertestcrashafter")) {
        // Test only: -signertestcrashafter=prepare|commit|sign[:<height>].
        const std::string v = args_.GetArg("signertestcrashafter", "");
        const auto colon = v.find(':');
        const std::string step = v.substr(0, colon);
        using Crash = BlockSignerOptions::TestCrash;
        o.test_crash_after = step == "prepare"  ? Crash::kPrepare
                             : step == "commit" ? Crash::kCommit
                             : step == "sign"   ? Crash::kSign
                                                : Crash::kNone;
        const std::optional<int64_t> height =
            colon == std::string::npos ? std::optional<int64_t>(0) : ParseInt64(v.substr(colon + 1));
        const bool height_ok = height && *height >= 0 && *height <= std::numeric_limits<uint32_t>::max();
        if (o.test_crash_after == Crash::kNone || !height_ok)
            return Error("config",
                         "Invalid -signertestcrashafter: " + v + " (prepare|commit|sign[:<height>])");
        o.test_crash_height = static_cast<uint32_t>(*height);
    }
    o.state_path = chain_dir_ / "signer" / "state";
    o.mapping_hash = rpc_ctx_.mapping_hash;
    BlockSigner::KeyFactory factory;
    // -blocksigner=0 keeps the key for signblock only (an external federation drives the node).
    if (opts->backend != SignerOptions::Backend::kNone && args_.GetBoolArg("blocksigner", true)) {
        factory = [this, so = *opts]() { return OpenSigningKey(so, &log_); };
    }
    signer_ = std::make_unique<BlockSigner>(*params_, *chainstate_, mempool_.get(), accept_options_.get(),
                                            *peerman_, clock_, log_, o, std::move(factory));
    if (Status s = signer_->Start(); !s) return s;
    rpc_ctx_.signer = signer_.get();
    if (opts->backend != SignerOptions::Backend::kNone) {
        signer_options_ = std::make_unique<SignerOptions>(*opts);
        rpc_ctx_.signer_options = signer_options_.get();
    }
    return Status::Ok();
}

Status Node::CheckOptions() {
    for (const char* obsolete : {"socks", "tor"}) {
        if (args_.IsArgSet(obsolete)) {
            return Error("config", std::string("Unsupported argument -") + obsolete +
                                       " found, use -proxy / -onion instead.");
        }
    }
    // The encrypted whitelist and KYC are a later issue; -pkhwhitelist-scan only exists for it.
    if (args_.GetBoolArg("pkhwhitelist-encrypt", false)) {
        return Error(
            "config",
            "-pkhwhitelist-encrypt (the encrypted whitelist) is not supported yet by this node; use the "
            "plain whitelist (-pkhwhitelist) or remove the option.");
    }
    if (args_.GetBoolArg("pkhwhitelist-scan", false)) {
        return Error(
            "config",
            "-pkhwhitelist-scan requires -pkhwhitelist-encrypt, which is not supported yet by this node.");
    }
    if (args_.GetBoolArg("recoverwhitelistkeys", false)) {
        return Error("config",
                     "-recoverwhitelistkeys needs the wallet and the encrypted whitelist, which are not "
                     "supported yet by this node.");
    }
    if (!args_.GetBoolArg("disablect", true)) {
        return Error("config",
                     "-disablect=0: confidential transactions are not supported by this node (Debian's "
                     "libsecp256k1 has no range-proof or surjection-proof module); remove the option.");
    }
    if (args_.GetIntArg("prune", 0) != 0) {
        return Error("config", "Pruning (-prune) is not supported by this node; remove the option.");
    }
    const int64_t serial = args_.GetIntArg("rpcserialversion", 1);
    if (serial < 0) return Error("config", "rpcserialversion must be non-negative.");
    if (serial > 1) return Error("config", "unknown rpcserialversion requested.");
    return Status::Ok();
}

Status Node::Start() {
    if (started_) return Error("node", "already started");
    started_ = true;
    auto base = args_.GetDataDir();
    if (!base) return base.error();
    base_dir_ = *base;
    auto chain = args_.ChainName();
    if (!chain) return chain.error();
    chain_name_ = *chain;
    chain_dir_ = base_dir_ / chain_name_;
    // Everything that can be judged from the options alone fails before any file is touched.
    Status s = CheckOptions();
    if (!s) return s;
    if (!(s = InitChainParams())) return s;

    std::error_code ec;
    std::filesystem::create_directories(chain_dir_, ec);
    if (ec)
        return Error("datadir", "Cannot create data directory " + chain_dir_.string() + ": " + ec.message());
    auto lock = DataDirLock::Acquire(chain_dir_);
    if (!lock) return lock.error();
    lock_ = std::move(lock.value());

    if (!(s = InitLogging())) return s;
    progress_ = std::make_unique<ProgressReporter>(
        log_, clock_, [this](const std::string& status) { rpc_table_.SetWarmupStatus(status); });
    log_.Info("Using data directory " + chain_dir_.string());
    if (auto conf = args_.GetConfigFilePath()) log_.Info("Using config file " + conf->string());
    log_.Info("Chain " + chain_name_ + ", genesis " + params_->genesis_hash.ToHex());
    for (const char* ignored : {"debugnet", "benchmark", "whitelistalwaysrelay", "blockminsize"}) {
        if (args_.IsArgSet(ignored))
            log_.Warning(std::string("Unsupported argument -") + ignored + " ignored.");
    }

    auto pid = PidFile::Create(chain_dir_ / args_.GetArg("pid", "ocean-daemon.pid"));
    if (!pid) return pid.error();
    pid_ = std::move(pid.value());

    if (!(s = InitRpc())) return s;
    if (args_.IsArgSet("blocknotify") || args_.IsArgSet("walletnotify"))
        notify_runner_ = std::make_unique<ShellCommandRunner>(log_);
    if (!(s = InitChainstate())) return s;
    if (args_.IsArgSet("blocknotify")) {
        block_notifier_ = std::make_unique<BlockNotifier>(*notify_runner_, args_.GetArg("blocknotify", ""));
        chainstate_->AddListener(block_notifier_.get());
    }
    if (!(s = InitMempool())) return s;
    if (!(s = InitWallet())) return s;
    LoadMempoolFile();
    // The wallet's own unconfirmed transactions that are not in the pool (a crash after storing one).
    if (wallet_spender_) wallet_spender_->ReacceptWalletTransactions(false);
    if (!(s = InitNetwork())) return s;
    loading_.store(false);
    rpc_table_.SetWarmupFinished();
    log_.Info("Done loading: height " + std::to_string(chainstate_->Height()));
    return Status::Ok();
}

void Node::WaitForShutdown() {
    const std::string reason = shutdown_.WaitForShutdown();
    log_.Info("Shutdown requested" + (reason.empty() ? std::string() : " (" + reason + ")"));
}

void Node::Stop() {
    if (stopped_ || !started_) return;
    stopped_ = true;
    shutdown_.RequestShutdown("stopping");
    tip_notifier_.Interrupt();
    if (http_) {
        http_->Stop();
        http_.reset();
    }
    if (auth_) auth_->RemoveCookie();
    rpc_ctx_.connman = nullptr;
    rpc_ctx_.peerman = nullptr;
    rpc_ctx_.relay_transaction = nullptr;
    rpc_ctx_.signer = nullptr;
    rpc_ctx_.signer_options = nullptr;
    if (signer_) signer_->Stop();
    if (connman_) connman_->Stop();
    peerman_.reset();
    signer_.reset();
    connman_.reset();
    StopWallet();
    rpc_ctx_.mempool = nullptr;
    // Saved before the chain is flushed, and only when the file was loaded (a node stopped while
    // loading must not overwrite it with a partial pool).
    if (mempool_ && mempool_loaded_ && args_.GetBoolArg("persistmempool", true)) {
        const Status saved = SaveMempool(*mempool_, chain_dir_ / "mempool.dat");
        if (saved) {
            log_.Info("Dumped mempool: " + std::to_string(mempool_->Size()) + " transactions");
        } else {
            log_.Error("Failed to dump mempool: " + saved.error().ToString());
        }
    }
    rpc_ctx_.policy_lists = nullptr;
    if (policy_sync_ && chainstate_) chainstate_->RemoveListener(policy_sync_.get());
    policy_sync_.reset();
    if (mempool_sync_ && chainstate_) chainstate_->RemoveListener(mempool_sync_.get());
    mempool_sync_.reset();
    mempool_.reset();
    policy_lists_.reset();
    if (chainstate_) {
        const Chainstate::Stats st = chainstate_->GetStats();
        if (st.blocks_connected > 0) {
            char buf[256];
            std::snprintf(
                buf, sizeof buf,
                "Connected %llu blocks, %llu transactions, %llu inputs in %.2f s (script checks %.2f s)",
                static_cast<unsigned long long>(st.blocks_connected),
                static_cast<unsigned long long>(st.txs_connected),
                static_cast<unsigned long long>(st.inputs_connected), st.connect_seconds, st.script_seconds);
            log_.Info(buf);
        }
        chainstate_->RemoveListener(&tip_notifier_);
        if (block_notifier_) chainstate_->RemoveListener(block_notifier_.get());
        Status s = chainstate_->Flush();
        if (!s) log_.Error("Flush at shutdown failed: " + s.error().ToString());
        chainstate_.reset();
    }
    rpc_ctx_.chainstate = nullptr;
    block_notifier_.reset();
    notify_runner_.reset();  // lets a running notification command finish
    log_.Info("Shutdown: done");
    pid_.reset();
    lock_.reset();
}

}  // namespace ocean
