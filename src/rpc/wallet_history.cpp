// Wallet RPCs about the wallet's transactions (rpc.md §6.10): getbalance, getunconfirmedbalance,
// listunspent, lockunspent, listlockunspent, gettransaction, listtransactions, listsinceblock,
// abandontransaction, getreceivedbyaddress, listreceivedbyaddress, listreceivedbyaccount,
// listaddressgroupings, getwalletinfo, importprunedfunds, removeprunedfunds. Balances are per asset
// (§2.7): an object keyed by label or asset id, or a number when an asset is selected. Outputs are
// explicit (confidential transactions are disabled, Ocean's default), so blinders are zero and
// commitments are the explicit encodings.
#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <set>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/primitives/serialize.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/txoutproof.h"
#include "ocean/rpc/util.h"
#include "ocean/rpc/wallet_util.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"
#include "ocean/wallet/key_store.h"
#include "ocean/wallet/spend.h"
#include "ocean/wallet/unlock_timer.h"
#include "ocean/wallet/wallet.h"

namespace ocean {
namespace {

const std::string kZeroBlinder(64, '0');

// The parts of a wallet transaction listtransactions and gettransaction report (Core's GetAmounts).
struct OutputEntry {
    std::optional<std::string> address;
    std::optional<Script> address_script;  // the script of `address` (the address book's key)
    uint256 asset;
    Amount amount = 0;
    uint32_t vout = 0;
    bool watch_only = false;
};
struct TxAmounts {
    std::vector<OutputEntry> received, sent;
    AmountMap fee;  // fee outputs of a transaction from this wallet
    bool from_me = false;
};

bool MatchesFilter(IsMineType mine, bool include_watch) {
    return mine == IsMineType::kSpendable || (include_watch && mine == IsMineType::kWatchOnly);
}

TxAmounts GetAmounts(const RPCContext& ctx, const Wallet& wallet, const WalletTx& wtx, bool include_watch) {
    TxAmounts a;
    const Transaction& tx = *wtx.tx;
    const AmountMap debit = wallet.Debit(tx, include_watch ? IsMineType::kWatchOnly : IsMineType::kSpendable);
    a.from_me = !debit.empty();
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        const TxOut& out = tx.vout[n];
        if (!out.asset.IsExplicit() || !out.value.IsExplicit()) continue;
        if (out.IsFee()) {
            if (a.from_me) a.fee[out.asset.GetAsset()] += out.value.GetAmount();
            continue;
        }
        const IsMineType mine = wallet.IsMine(out);
        const Script script(out.script_pubkey);
        // Change (ours, not in the address book) is not reported for transactions we sent.
        if (a.from_me && mine != IsMineType::kNo && !LabelOfScript(ctx, script)) continue;
        if (!a.from_me && !MatchesFilter(mine, include_watch)) continue;
        OutputEntry e{
            AddressOfScript(ctx, script),  std::nullopt, out.asset.GetAsset(), out.value.GetAmount(), n,
            mine == IsMineType::kWatchOnly};
        if (e.address) e.address_script = GetScriptForDestination(ExtractDestination(script));
        if (a.from_me) a.sent.push_back(e);
        if (MatchesFilter(mine, include_watch)) a.received.push_back(e);
    }
    return a;
}

// Core 0.14: "no" once confirmed; otherwise (conflicted included) IsRBFOptIn with the mempool: "yes" when
// it or an in-pool ancestor signals BIP125, "unknown" when it does not signal and is not in the pool.
// The wallet itself never signals (Ocean has no -walletrbf).
std::string Bip125Replaceable(const RPCContext& ctx, const Wallet& wallet, const WalletTx& wtx) {
    if (wallet.Depth(wtx) > 0) return "no";
    const RbfState state = ctx.mempool                ? IsRbfOptIn(*wtx.tx, *ctx.mempool)
                           : SignalsOptInRbf(*wtx.tx) ? RbfState::kReplaceable
                                                      : RbfState::kUnknown;
    return state == RbfState::kReplaceable ? "yes" : state == RbfState::kUnknown ? "unknown" : "no";
}

// The locks of the calls that report transactions: chain, mempool (for bip125-replaceable), wallet.
struct HistoryLocks {
    HistoryLocks(const RPCContext& ctx, Wallet& wallet) : chain_lock(ChainstateOf(ctx).mutex()) {
        if (ctx.mempool) pool_lock = std::unique_lock(ctx.mempool->mutex());
        wallet_lock = std::unique_lock(wallet.mutex());
    }
    std::lock_guard<std::recursive_mutex> chain_lock;
    std::unique_lock<std::recursive_mutex> pool_lock, wallet_lock;
};

// The fields every transaction entry carries (Core's WalletTxToJSON).
void WalletTxFields(const RPCContext& ctx, const Wallet& wallet, const WalletTx& wtx, Json& entry) {
    const int depth = wallet.Depth(wtx);
    entry["confirmations"] = depth;
    if (wtx.tx->IsCoinBase()) entry["generated"] = true;
    if (depth > 0) {
        const BlockIndex* b = ChainstateOf(ctx).LookupBlockIndex(wtx.block_hash);
        entry["blockhash"] = wtx.block_hash.ToHex();
        entry["blockindex"] = wtx.block_pos;
        entry["blocktime"] = b ? b->GetBlockTime() : 0;
    } else {
        entry["trusted"] = wallet.IsTrusted(wtx);
    }
    entry["txid"] = wtx.Txid().ToHex();
    Json conflicts = Json::array();
    for (const uint256& txid : wallet.Conflicts(*wtx.tx)) conflicts.push_back(txid.ToHex());
    entry["walletconflicts"] = std::move(conflicts);
    entry["time"] = wtx.time_smart;
    entry["timereceived"] = wtx.time_received;
    entry["bip125-replaceable"] = Bip125Replaceable(ctx, wallet, wtx);
    if (!wtx.comment.empty()) entry["comment"] = wtx.comment;
    if (!wtx.comment_to.empty()) entry["to"] = wtx.comment_to;
}

std::optional<std::string> LabelOf(const RPCContext& ctx, const OutputEntry& e) {
    return e.address_script ? LabelOfScript(ctx, *e.address_script) : std::nullopt;
}

void OutputFields(const RPCContext& ctx, const OutputEntry& e, Json& entry) {
    entry["amountblinder"] = kZeroBlinder;
    entry["asset"] = e.asset.ToHex();
    entry["assetblinder"] = kZeroBlinder;
    if (auto label = LabelOf(ctx, e)) entry["label"] = *label;
    entry["vout"] = e.vout;
}

// Core's ListTransactions for one wallet transaction; `account` null = every account ("*").
void ListTransactionEntries(const RPCContext& ctx, const Wallet& wallet, const WalletTx& wtx,
                            const std::string* account, int min_depth, bool include_watch, Json& out) {
    const TxAmounts a = GetAmounts(ctx, wallet, wtx, include_watch);
    const int depth = wallet.Depth(wtx);
    if ((!a.sent.empty() || !a.fee.empty()) && (!account || account->empty())) {
        Amount fee = 0;
        for (const auto& [asset, v] : a.fee) fee += v;
        for (const OutputEntry& s : a.sent) {
            Json entry = Json::object();
            if (s.watch_only) entry["involvesWatchonly"] = true;
            entry["account"] = "";
            if (s.address) entry["address"] = *s.address;
            entry["category"] = "send";
            entry["amount"] = ValueFromAmount(-s.amount);
            OutputFields(ctx, s, entry);
            entry["fee"] = ValueFromAmount(-fee);
            entry["abandoned"] = wtx.abandoned;
            WalletTxFields(ctx, wallet, wtx, entry);
            out.push_back(std::move(entry));
        }
    }
    if (!a.received.empty() && depth >= min_depth) {
        for (const OutputEntry& r : a.received) {
            const std::string acc = LabelOf(ctx, r).value_or("");
            if (account && *account != acc) continue;
            Json entry = Json::object();
            if (r.watch_only) entry["involvesWatchonly"] = true;
            entry["account"] = acc;
            if (r.address) entry["address"] = *r.address;
            if (wtx.tx->IsCoinBase()) {
                entry["category"] = depth < 1                          ? "orphan"
                                    : wallet.BlocksToMaturity(wtx) > 0 ? "immature"
                                                                       : "generate";
            } else {
                entry["category"] = "receive";
            }
            entry["amount"] = ValueFromAmount(r.amount);
            OutputFields(ctx, r, entry);
            WalletTxFields(ctx, wallet, wtx, entry);
            out.push_back(std::move(entry));
        }
    }
}

std::optional<uint256> OptionalAsset(const RPCContext& ctx, const RPCRequest& r, size_t i) {
    if (!HasParam(r, i)) return std::nullopt;
    return ParseAssetSelector(ctx, GetStr(Param(r, i)));
}

Json GetBalance(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    if (r.params.empty()) return AssetBalanceJson(ctx, wallet.GetBalances().trusted, std::nullopt);
    // A 4th parameter selects the asset and the others are ignored (Ocean).
    if (HasParam(r, 3) && Param(r, 3).is_string()) {
        return AssetBalanceJson(ctx, wallet.GetBalances().trusted,
                                ParseAssetSelector(ctx, GetStr(Param(r, 3))));
    }
    const std::string account = GetStr(Param(r, 0));
    const int min_depth = HasParam(r, 1) ? GetInt(Param(r, 1)) : 1;
    const bool include_watch = HasParam(r, 2) && GetBool(Param(r, 2));
    // Core 0.14's account arithmetic: received at min_depth or deeper, minus everything sent and paid.
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    AmountMap balance;
    for (const WalletTx* wtx : wallet.TxsInOrder()) {
        const int depth = wallet.Depth(*wtx);
        if (!wallet.IsTrusted(*wtx) || depth < 0 || wallet.BlocksToMaturity(*wtx) > 0) continue;
        const TxAmounts a = GetAmounts(ctx, wallet, *wtx, include_watch);
        if (depth >= min_depth) {
            for (const OutputEntry& e : a.received)
                if (account == "*" || LabelOf(ctx, e).value_or("") == account) balance[e.asset] += e.amount;
        }
        if (account == "*" || account.empty()) {
            for (const OutputEntry& e : a.sent) balance[e.asset] -= e.amount;
            for (const auto& [asset, v] : a.fee) balance[asset] -= v;
        }
    }
    if (account == "*") return AssetBalanceJson(ctx, balance, std::nullopt);
    return AssetBalanceJson(ctx, balance,
                            ctx.params ? std::optional(ctx.params->pegged_asset) : std::nullopt);
}

Json GetUnconfirmedBalance(RPCContext& ctx, const RPCRequest& r) {
    return AssetBalanceJson(ctx, WalletOf(ctx).GetBalances().untrusted_pending, OptionalAsset(ctx, r, 0));
}

Json ListUnspent(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    const int min_depth = HasParam(r, 0) ? GetInt(Param(r, 0)) : 1;
    const int max_depth = HasParam(r, 1) ? GetInt(Param(r, 1)) : 9999999;
    std::set<Bytes> only_scripts;
    if (HasParam(r, 2)) {
        for (const Json& a : GetArray(Param(r, 2))) {
            const std::string s = GetStr(a);
            auto dest = DecodeDestination(s, ctx.json.prefixes);
            if (!dest) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + s);
            if (!only_scripts.insert(GetScriptForDestination(*dest).bytes()).second)
                throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + s);
        }
    }
    const bool include_unsafe = !HasParam(r, 3) || GetBool(Param(r, 3));
    const std::optional<uint256> asset = OptionalAsset(ctx, r, 4);

    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    std::vector<WalletOutput> coins = wallet.AvailableCoins(!include_unsafe, min_depth, max_depth, true);
    std::sort(coins.begin(), coins.end(), [](const WalletOutput& a, const WalletOutput& b) {
        return a.depth != b.depth ? a.depth > b.depth : a.outpoint < b.outpoint;
    });
    Json out = Json::array();
    for (const WalletOutput& c : coins) {
        if (asset && c.asset != *asset) continue;
        if (!only_scripts.empty() && !only_scripts.count(c.out.script_pubkey)) continue;
        const Script script(c.out.script_pubkey);
        Json e = Json::object();
        e["txid"] = c.outpoint.hash.ToHex();
        e["vout"] = c.outpoint.n;
        if (auto address = AddressOfScript(ctx, script)) {
            e["address"] = *address;
            if (auto label = LabelOfScript(ctx, script)) e["account"] = *label;
        }
        if (auto redeem = RedeemScriptOf(ctx, script)) e["redeemScript"] = HexStr(redeem->bytes());
        e["scriptPubKey"] = HexStr(c.out.script_pubkey);
        e["amount"] = ValueFromAmount(c.value);
        e["asset"] = c.asset.ToHex();
        Bytes asset_commitment;
        VectorWriter asset_writer(asset_commitment);
        c.out.asset.Serialize(asset_writer);
        e["assetcommitment"] = HexStr(asset_commitment);
        if (const std::string* label = ctx.json.LabelFor(c.asset)) e["assetlabel"] = *label;
        e["confirmations"] = c.depth;
        e["spendable"] = c.mine == IsMineType::kSpendable;
        e["solvable"] = c.mine == IsMineType::kSpendable;
        Bytes amount_commitment;
        VectorWriter amount_writer(amount_commitment);
        c.out.value.Serialize(amount_writer);
        e["amountcommitment"] = HexStr(amount_commitment);
        e["blinder"] = kZeroBlinder;
        e["assetblinder"] = kZeroBlinder;
        out.push_back(std::move(e));
    }
    return out;
}

Json LockUnspent(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    const bool unlock = GetBool(Param(r, 0));
    if (!HasParam(r, 1)) {
        if (unlock) wallet.UnlockAllCoins();
        return true;
    }
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    for (const Json& o : GetArray(Param(r, 1))) {
        if (!o.is_object())
            throw RPCError(RPC_TYPE_ERROR, "Expected type object, got " + std::string(JsonTypeName(o)));
        if (!o.contains("txid") || !o.contains("vout"))
            throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, missing txid or vout key");
        const uint256 txid = ParseHashV(o["txid"], "txid");
        const int n = GetInt(o["vout"]);
        if (n < 0) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, vout must be positive");
        const OutPoint op(txid, static_cast<uint32_t>(n));
        if (unlock) {
            wallet.UnlockCoin(op);
        } else {
            wallet.LockCoin(op);
        }
    }
    return true;
}

Json ListLockUnspent(RPCContext& ctx, const RPCRequest&) {
    Json out = Json::array();
    for (const OutPoint& op : WalletOf(ctx).LockedCoins())
        out.push_back({{"txid", op.hash.ToHex()}, {"vout", op.n}});
    return out;
}

Json GetTransaction(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    const uint256 txid = ParseHashLenient(Param(r, 0));
    const bool include_watch = HasParam(r, 1) && GetBool(Param(r, 1));
    const std::optional<uint256> asset = OptionalAsset(ctx, r, 2);
    HistoryLocks locks(ctx, wallet);
    const WalletTx* wtx = wallet.GetTx(txid);
    if (!wtx) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id");
    const IsMineType filter = include_watch ? IsMineType::kWatchOnly : IsMineType::kSpendable;
    const AmountMap credit = wallet.Credit(*wtx->tx, filter);
    const AmountMap debit = wallet.Debit(*wtx->tx, filter);
    AmountMap fee;
    if (!debit.empty()) {
        for (const TxOut& out : wtx->tx->vout)
            if (out.IsFee()) fee[out.asset.GetAsset()] += out.value.GetAmount();
    }
    AmountMap net = credit;
    for (const auto& [a, v] : debit) net[a] -= v;
    for (const auto& [a, v] : fee) net[a] += v;
    Json entry = Json::object();
    entry["amount"] = AssetBalanceJson(ctx, net, asset);
    if (!debit.empty()) {
        Amount total_fee = 0;
        for (const auto& [a, v] : fee) total_fee += v;
        entry["fee"] = ValueFromAmount(-total_fee);
    }
    WalletTxFields(ctx, wallet, *wtx, entry);
    Json details = Json::array();
    ListTransactionEntries(ctx, wallet, *wtx, nullptr, 0, include_watch, details);
    for (Json& d : details) {
        // details carry only the per-output fields
        for (const char* k :
             {"confirmations", "generated", "blockhash", "blockindex", "blocktime", "trusted", "txid",
              "walletconflicts", "time", "timereceived", "bip125-replaceable", "comment", "to"})
            d.erase(k);
    }
    entry["details"] = std::move(details);
    entry["hex"] = HexStr(EncodeTransaction(*wtx->tx, ctx.rpc_serial_version > 0));
    return entry;
}

Json ListTransactions(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    const std::string account = HasParam(r, 0) ? GetStr(Param(r, 0)) : "*";
    const int count = HasParam(r, 1) ? GetInt(Param(r, 1)) : 10;
    const int skip = HasParam(r, 2) ? GetInt(Param(r, 2)) : 0;
    const bool include_watch = HasParam(r, 3) && GetBool(Param(r, 3));
    if (count < 0) throw RPCError(RPC_INVALID_PARAMETER, "Negative count");
    if (skip < 0) throw RPCError(RPC_INVALID_PARAMETER, "Negative from");
    HistoryLocks locks(ctx, wallet);
    Json all = Json::array();
    // Newest first, collecting until skip + count entries (Core walks the ordered list backwards).
    const std::vector<const WalletTx*> txs = wallet.TxsInOrder();
    for (auto it = txs.rbegin(); it != txs.rend(); ++it) {
        Json entries = Json::array();
        ListTransactionEntries(ctx, wallet, **it, account == "*" ? nullptr : &account, 0, include_watch,
                               entries);
        for (auto e = entries.rbegin(); e != entries.rend(); ++e) all.push_back(*e);
        if (all.size() >= static_cast<size_t>(count) + static_cast<size_t>(skip)) break;
    }
    // all is newest-first; the result is the window [skip, skip + count) reversed to oldest-first.
    Json out = Json::array();
    const size_t begin = std::min(all.size(), static_cast<size_t>(skip));
    const size_t end = std::min(all.size(), begin + static_cast<size_t>(count));
    for (size_t i = end; i > begin; --i) out.push_back(all[i - 1]);
    return out;
}

Json ListSinceBlock(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    Chainstate& chain = ChainstateOf(ctx);
    HistoryLocks locks(ctx, wallet);
    const BlockIndex* since = nullptr;
    if (HasParam(r, 0)) since = chain.LookupBlockIndex(ParseHashLenient(Param(r, 0)));
    int target = 1;
    if (HasParam(r, 1)) {
        target = GetInt(Param(r, 1));
        if (target < 1) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter");
    }
    const bool include_watch = HasParam(r, 2) && GetBool(Param(r, 2));
    const int depth = since ? 1 + chain.Height() - since->height : -1;
    Json txs = Json::array();
    for (const WalletTx* wtx : wallet.TxsInOrder()) {
        if (depth == -1 || wallet.Depth(*wtx) < depth)
            ListTransactionEntries(ctx, wallet, *wtx, nullptr, 0, include_watch, txs);
    }
    const BlockIndex* last = chain.AtHeight(chain.Height() + 1 - target);
    Json out = Json::object();
    out["transactions"] = std::move(txs);
    out["lastblock"] = last ? last->GetBlockHash().ToHex() : uint256().ToHex();
    return out;
}

Json AbandonTransaction(RPCContext& ctx, const RPCRequest& r) {
    const uint256 txid = ParseHashLenient(Param(r, 0));
    Status s = WalletOf(ctx).Abandon(txid);
    if (!s) {
        if (s.error().code == "not-found")
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid or non-wallet transaction id");
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction not eligible for abandonment");
    }
    return nullptr;
}

Json GetReceivedByAddress(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    auto dest = DecodeDestination(GetStr(Param(r, 0)), ctx.json.prefixes);
    if (!dest) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
    const Script script = GetScriptForDestination(*dest);
    TxOut probe;
    probe.script_pubkey = script.bytes();
    if (wallet.IsMine(probe) == IsMineType::kNo) return ValueFromAmount(0);
    const int min_depth = HasParam(r, 1) ? GetInt(Param(r, 1)) : 1;
    const std::optional<uint256> asset = OptionalAsset(ctx, r, 2);
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    AmountMap received;
    for (const WalletTx* wtx : wallet.TxsInOrder()) {
        if (wtx->tx->IsCoinBase() || wallet.Depth(*wtx) < min_depth) continue;
        for (const TxOut& out : wtx->tx->vout) {
            if (out.script_pubkey == script.bytes() && out.asset.IsExplicit() && out.value.IsExplicit())
                received[out.asset.GetAsset()] += out.value.GetAmount();
        }
    }
    return AssetBalanceJson(ctx, received, asset);
}

// Core 0.14's ListReceived: per address-book destination, what confirmed transactions (at least
// minconf deep; coinbases and non-final ones left out) paid it, per asset (only the selected asset's
// outputs with an asset selector), then one entry per address (listreceivedbyaddress) or per account
// (listreceivedbyaccount; as in Core, an account's involvesWatchonly is its last address's). With
// include_empty, address-book entries that received nothing are listed too.
Json ListReceived(RPCContext& ctx, const RPCRequest& r, bool by_accounts) {
    Wallet& wallet = WalletOf(ctx);
    WalletKeyStore& keys = WalletKeysOf(ctx);
    const int min_depth = HasParam(r, 0) ? GetInt(Param(r, 0)) : 1;
    const bool include_empty = HasParam(r, 1) && GetBool(Param(r, 1));
    const bool include_watch = HasParam(r, 2) && GetBool(Param(r, 2));
    const std::optional<uint256> asset = by_accounts ? std::nullopt : OptionalAsset(ctx, r, 3);
    struct Tally {
        AmountMap amount;
        int confirmations = std::numeric_limits<int>::max();
        bool watch_only = false;
        std::vector<uint256> txids;
    };
    std::map<Destination, Tally> tallies;
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    std::vector<const WalletTx*> txs = wallet.TxsInOrder();
    std::sort(txs.begin(), txs.end(),
              [](const WalletTx* a, const WalletTx* b) { return a->Txid() < b->Txid(); });
    for (const WalletTx* wtx : txs) {  // in txid order, as Core's mapWallet
        if (wtx->tx->IsCoinBase() || !wallet.IsFinal(*wtx->tx)) continue;
        const int depth = wallet.Depth(*wtx);
        if (depth < min_depth) continue;
        for (const TxOut& out : wtx->tx->vout) {
            if (!out.asset.IsExplicit() || !out.value.IsExplicit()) continue;
            if (asset && out.asset.GetAsset() != *asset) continue;
            const Destination dest = ExtractDestination(Script(out.script_pubkey));
            if (!IsValidDestination(dest)) continue;
            const IsMineType mine = keys.IsMine(GetScriptForDestination(dest));
            if (!MatchesFilter(mine, include_watch)) continue;
            Tally& t = tallies[dest];
            t.amount[out.asset.GetAsset()] += out.value.GetAmount();
            t.confirmations = std::min(t.confirmations, depth);
            t.watch_only |= mine == IsMineType::kWatchOnly;
            t.txids.push_back(wtx->Txid());
        }
    }
    auto confirmations = [](const Tally& t) {
        return t.confirmations == std::numeric_limits<int>::max() ? 0 : t.confirmations;
    };
    std::map<Destination, std::string> book;  // in Core's mapAddressBook order
    for (const auto& [script, label] : keys.Labels()) {
        const Destination dest = ExtractDestination(script);
        if (IsValidDestination(dest)) book.try_emplace(dest, label);
    }
    const Tally empty;
    std::map<std::string, Tally> accounts;
    Json out = Json::array();
    for (const auto& [dest, label] : book) {
        auto it = tallies.find(dest);
        if (it == tallies.end() && !include_empty) continue;
        const Tally& t = it == tallies.end() ? empty : it->second;
        if (by_accounts) {
            Tally& a = accounts[label];
            for (const auto& [id, value] : t.amount) a.amount[id] += value;
            a.confirmations = std::min(a.confirmations, t.confirmations);
            a.watch_only = t.watch_only;
            continue;
        }
        Json e = Json::object();
        if (t.watch_only) e["involvesWatchonly"] = true;
        e["address"] = EncodeDestination(dest, ctx.json.prefixes);
        e["account"] = label;
        e["amount"] = AssetBalanceJson(ctx, t.amount, asset);
        e["confirmations"] = confirmations(t);
        e["label"] = label;
        Json txids = Json::array();
        for (const uint256& txid : t.txids) txids.push_back(txid.ToHex());
        e["txids"] = std::move(txids);
        out.push_back(std::move(e));
    }
    for (const auto& [account, t] : accounts) {
        Json e = Json::object();
        if (t.watch_only) e["involvesWatchonly"] = true;
        e["account"] = account;
        e["amount"] = AssetBalanceJson(ctx, t.amount, std::nullopt);
        e["confirmations"] = confirmations(t);
        out.push_back(std::move(e));
    }
    return out;
}

Json ListReceivedByAddress(RPCContext& ctx, const RPCRequest& r) {
    return ListReceived(ctx, r, false);
}

Json ListReceivedByAccount(RPCContext& ctx, const RPCRequest& r) {
    return ListReceived(ctx, r, true);
}

// Core 0.14's listaddressgroupings. The amount of an address is the sum of its unspent outputs of every
// asset, as Ocean's GetAddressBalances adds GetOutputValueOut whatever the asset.
Json ListAddressGroupings(RPCContext& ctx, const RPCRequest&) {
    Wallet& wallet = WalletOf(ctx);
    auto label_of = [&](const Destination& dest) {
        return LabelOfScript(ctx, GetScriptForDestination(dest));
    };
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    const std::map<Destination, AmountMap> balances = wallet.AddressBalances();
    Json out = Json::array();
    for (const std::set<Destination>& grouping :
         wallet.AddressGroupings([&](const Destination& dest) { return label_of(dest).has_value(); })) {
        Json group = Json::array();
        for (const Destination& dest : grouping) {
            Amount total = 0;
            if (auto it = balances.find(dest); it != balances.end())
                for (const auto& [id, value] : it->second) total += value;
            Json entry = Json::array({EncodeDestination(dest, ctx.json.prefixes), ValueFromAmount(total)});
            if (auto label = label_of(dest)) entry.push_back(*label);
            group.push_back(std::move(entry));
        }
        out.push_back(std::move(group));
    }
    return out;
}

// Core 0.14's importprunedfunds: the transaction, proven by a txoutproof of a block of the active chain,
// enters the wallet with that block, without a rescan.
Json ImportPrunedFunds(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    const TransactionRef tx = DecodeHexTx(GetStr(Param(r, 0)));
    const MerkleBlock proof = ParseTxOutProof(Param(r, 1));
    std::vector<uint256> matches;
    std::vector<unsigned> indexes;
    if (proof.txn.ExtractMatches(matches, indexes) != proof.header.merkle_root)
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Something wrong with merkleblock");
    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard chain_lock(chain.mutex());
    const BlockIndex& block = ProofBlockInActiveChain(chain, proof);
    auto match = std::find(matches.begin(), matches.end(), tx->GetTxid());
    if (match == matches.end())
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction given doesn't exist in proof");
    const unsigned pos = indexes[static_cast<size_t>(match - matches.begin())];
    if (Status s = wallet.ImportPrunedFunds(tx, block, static_cast<int>(pos)); !s) {
        if (s.error().code == "not-mine")
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY,
                           "No addresses in wallet correspond to included transaction");
        throw RPCError(RPC_WALLET_ERROR, s.error().ToString());
    }
    return nullptr;
}

// Core 0.14's removeprunedfunds (ZapSelectTx): both failures are -32603 there.
Json RemovePrunedFunds(RPCContext& ctx, const RPCRequest& r) {
    const uint256 txid = ParseHashLenient(Param(r, 0));
    if (Status s = WalletOf(ctx).RemoveTransaction(txid); !s) {
        if (s.error().code == "not-found")
            throw RPCError(RPC_INTERNAL_ERROR, "Transaction does not exist in wallet.");
        throw RPCError(RPC_INTERNAL_ERROR, "Could not properly delete the transaction.");
    }
    return nullptr;
}

Json GetWalletInfo(RPCContext& ctx, const RPCRequest& r) {
    Wallet& wallet = WalletOf(ctx);
    WalletKeyStore& keys = WalletKeysOf(ctx);
    const std::optional<uint256> asset = OptionalAsset(ctx, r, 0);
    const WalletBalances b = wallet.GetBalances();
    Json out = Json::object();
    out["walletversion"] = 130000;  // Core 0.14's FEATURE_HD
    out["balance"] = AssetBalanceJson(ctx, b.trusted, asset);
    out["unconfirmed_balance"] = AssetBalanceJson(ctx, b.untrusted_pending, asset);
    out["immature_balance"] = AssetBalanceJson(ctx, b.immature, asset);
    out["txcount"] = wallet.TxCount();
    out["keypoololdest"] = keys.KeypoolOldestTime();
    out["keypoolsize"] = keys.KeypoolSize();
    if (keys.IsCrypted())
        out["unlocked_until"] = ctx.wallet_unlock_timer ? ctx.wallet_unlock_timer->UnlockedUntil() : 0;
    out["paytxfee"] = ValueFromAmount(ctx.wallet_spender ? ctx.wallet_spender->PayTxFee() : 0);
    if (auto id = keys.HdMasterKeyId()) out["hdmasterkeyid"] = id->ToHex();
    return out;
}

}  // namespace

void RegisterWalletHistoryRPCs(RPCTable& table, RPCContext& ctx) {
    auto add = [&](std::string name, std::vector<std::string> params, size_t min, size_t max,
                   std::string help, WalletRpcFn fn) {
        AddWalletCommand(table, ctx, "wallet", std::move(name), std::move(params), min, max, std::move(help),
                         fn);
    };
    add("getbalance", {"account", "minconf", "include_watchonly"}, 0, 4,
        "getbalance ( \"account\" minconf include_watchonly \"asset\" )\n\nThe wallet's trusted balance per "
        "asset.",
        GetBalance);
    add("getunconfirmedbalance", {}, 0, 1,
        "getunconfirmedbalance ( \"asset\" )\n\nThe balance of unconfirmed transactions not from this "
        "wallet.",
        GetUnconfirmedBalance);
    add("listunspent", {"minconf", "maxconf", "addresses", "include_unsafe"}, 0, 5,
        "listunspent ( minconf maxconf [\"address\",...] include_unsafe \"asset\" )\n\nUnspent wallet "
        "outputs.",
        ListUnspent);
    add("lockunspent", {"unlock", "transactions"}, 1, 2,
        "lockunspent unlock ( [{\"txid\":\"txid\",\"vout\":n},...] )\n\nLocks or unlocks outputs for "
        "spending.",
        LockUnspent);
    add("listlockunspent", {}, 0, 0, "listlockunspent\n\nThe locked outputs.", ListLockUnspent);
    add("gettransaction", {"txid", "include_watchonly"}, 1, 3,
        "gettransaction \"txid\" ( include_watchonly \"asset\" )\n\nA wallet transaction in detail.",
        GetTransaction);
    add("listtransactions", {"account", "count", "skip", "include_watchonly"}, 0, 4,
        "listtransactions ( \"account\" count skip include_watchonly )\n\nThe most recent wallet "
        "transactions.",
        ListTransactions);
    add("listsinceblock", {"blockhash", "target_confirmations", "include_watchonly"}, 0, 3,
        "listsinceblock ( \"blockhash\" target_confirmations include_watchonly )\n\nWallet transactions "
        "since a "
        "block.",
        ListSinceBlock);
    add("abandontransaction", {"txid"}, 1, 1,
        "abandontransaction \"txid\"\n\nMarks an unconfirmed transaction that is not in the mempool as "
        "abandoned.",
        AbandonTransaction);
    add("listreceivedbyaddress", {"minconf", "include_empty", "include_watchonly"}, 0, 4,
        "listreceivedbyaddress ( minconf include_empty include_watchonly \"asset\" )\n\nWhat each wallet "
        "address "
        "received.",
        ListReceivedByAddress);
    add("listreceivedbyaccount", {"minconf", "include_empty", "include_watchonly"}, 0, 3,
        "listreceivedbyaccount ( minconf include_empty include_watchonly)\n"
        "\nDEPRECATED. List balances by account.\n"
        "\nArguments:\n"
        "1. minconf           (numeric, optional, default=1) The minimum number of confirmations before "
        "payments are included.\n"
        "2. include_empty     (bool, optional, default=false) Whether to include accounts that haven't "
        "received any payments.\n"
        "3. include_watchonly (bool, optional, default=false) Whether to include watch-only addresses (see "
        "'importaddress').\n"
        "\nResult:\n"
        "[{\"involvesWatchonly\": true (only with watch-only addresses), \"account\": \"name\", "
        "\"amount\": {\"asset\": x.xxx, ...}, \"confirmations\": n}, ...]\n",
        ListReceivedByAccount);
    // Ocean checks no parameter count: extra parameters are ignored.
    add("listaddressgroupings", {}, 0, std::numeric_limits<size_t>::max(),
        "listaddressgroupings\n"
        "\nLists groups of addresses which have had their common ownership\n"
        "made public by common use as inputs or as the resulting change\n"
        "in past transactions\n"
        "\nResult:\n"
        "[[[\"address\", amount (the address's unspent outputs of every asset added up), \"account\" "
        "(if any)], ...], ...]\n",
        ListAddressGroupings);
    add("importprunedfunds", {"rawtransaction", "txoutproof"}, 2, 2,
        "importprunedfunds\n"
        "\nImports funds without rescan. Corresponding address or script must previously be included in "
        "wallet. Aimed towards pruned wallets. The end-user is responsible to import additional "
        "transactions that subsequently spend the imported outputs or rescan after the point in the "
        "blockchain the transaction is included.\n"
        "\nArguments:\n"
        "1. \"rawtransaction\" (string, required) A raw transaction in hex funding an already-existing "
        "address in wallet\n"
        "2. \"txoutproof\"     (string, required) The hex output from gettxoutproof that contains the "
        "transaction\n",
        ImportPrunedFunds);
    add("removeprunedfunds", {"txid"}, 1, 1,
        "removeprunedfunds \"txid\"\n"
        "\nDeletes the specified transaction from the wallet. Meant for use with pruned wallets and as a "
        "companion to importprunedfunds. This will affect wallet balances.\n"
        "\nArguments:\n"
        "1. \"txid\"           (string, required) The hex-encoded id of the transaction you are deleting\n",
        RemovePrunedFunds);
    add("getwalletinfo", {}, 0, 1,
        "getwalletinfo ( \"asset\" )\n\nWallet state: balances, key pool, encryption.", GetWalletInfo);
    add("getreceivedbyaddress", {"address", "minconf"}, 1, 3,
        "getreceivedbyaddress \"address\" ( minconf \"asset\" )\n\nThe total received by an address.",
        GetReceivedByAddress);
}

}  // namespace ocean
