// Wallet RPCs about keys and addresses (rpc.md §6.10–6.12), with Bitcoin Core 0.14 / Ocean parameter
// counts, error codes and texts:
//   addresses and accounts: getnewaddress, getrawchangeaddress, getaccount, setaccount,
//     getaccountaddress, getaddressesbyaccount, listaccounts, addmultisigaddress, addwitnessaddress,
//     keypoolrefill, getreceivedbyaccount;
//   keys and imports: dumpprivkey, importprivkey, importaddress, importpubkey, importmulti;
//   Ocean's derived keys: getderivedkeys, dumpderivedkeys, validatederivedkeys;
//   wallet files: dumpwallet, importwallet, backupwallet;
//   encryption: encryptwallet, walletpassphrase, walletlock, walletpassphrasechange;
//   signmessage, dumpassetlabels.
//
// File names of dumpwallet, importwallet, dumpderivedkeys, validatederivedkeys and backupwallet are
// relative to the chain directory when not absolute (like the policy-list file RPCs).
//
// backupwallet: the wallet is a LevelDB directory. The backup is a new LevelDB database written at
// "<destination>.tmp" from one iterator (an implicit LevelDB snapshot, so a consistent state even
// while the wallet changes), synced, then renamed to <destination>. To restore it, stop the node,
// copy the backup directory to <chain dir>/wallets/<name> and start with -wallet=<name>.
//
// Passphrases and private keys are never logged: the RPC server logs no parameters.
#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <limits>
#include <mutex>
#include <set>
#include <sstream>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/chain/database.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/message_signing.h"
#include "ocean/crypto/wif.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/rpc/wallet_util.h"
#include "ocean/script/address.h"
#include "ocean/script/standard.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"
#include "ocean/wallet/key_store.h"
#include "ocean/wallet/unlock_timer.h"
#include "ocean/wallet/wallet.h"
#include "ocean/wallet/wallet_dump.h"

namespace ocean {
namespace {

// Core's TIMESTAMP_WINDOW: rescans start this long before the oldest imported key.
constexpr int64_t kTimestampWindow = 2 * 60 * 60;

// An error of the wallet layer as an RPC error: numeric codes are the RPC code itself.
[[noreturn]] void ThrowWalletError(const Error& e) {
    int code = 0;
    if (!e.code.empty() && (e.code[0] == '-' || (e.code[0] >= '0' && e.code[0] <= '9'))) {
        try {
            size_t used = 0;
            code = std::stoi(e.code, &used);
            if (used != e.code.size()) code = 0;
        } catch (const std::exception&) {
            code = 0;
        }
    }
    if (code != 0) throw RPCError(code, e.message);
    throw RPCError(RPC_WALLET_ERROR, e.ToString());
}

void Check(const Status& s) {
    if (!s) ThrowWalletError(s.error());
}
template <typename T>
T Check(Result<T> r) {
    if (!r) ThrowWalletError(r.error());
    return std::move(r.value());
}

void EnsureWalletIsUnlocked(const RPCContext& ctx) {
    if (WalletKeysOf(ctx).IsLocked()) {
        throw RPCError(RPC_WALLET_UNLOCK_NEEDED,
                       "Error: Please enter the wallet passphrase with walletpassphrase first.");
    }
}

std::filesystem::path FileParam(const RPCContext& ctx, const Json& v) {
    std::filesystem::path p = GetStr(v);
    if (p.is_relative()) p = ctx.chain_dir / p;
    return p;
}

// Core's AccountFromValue: "*" is not an account name.
std::string AccountFromValue(const Json& v) {
    std::string account = GetStr(v);
    if (account == "*") throw RPCError(RPC_WALLET_INVALID_ACCOUNT_NAME, "Invalid account name");
    return account;
}

std::string AddressOf(const RPCContext& ctx, const Destination& dest) {
    return EncodeDestination(dest, ctx.json.prefixes);
}

std::string KeyAddress(const RPCContext& ctx, const PubKey& pub) {
    return AddressOf(ctx, PKHash(pub.GetID()));
}

Script KeyScript(const PubKey& pub) {
    return GetScriptForDestination(PKHash(pub.GetID()));
}

// An address of this chain (blinded addresses give their unconfidential destination), or -5
// "Invalid Bitcoin address".
Destination AddressParam(const RPCContext& ctx, const Json& v) {
    auto dest = DecodeDestination(GetStr(v), ctx.json.prefixes);
    if (!dest) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
    return *dest;
}

bool RescanParam(const RPCRequest& r, size_t i) {
    return r.params.size() > i ? GetBool(r.params[i]) : true;
}

// The first active-chain height whose block (or a later one) is at least `time` (Core's
// FindEarliestAtLeast on time_max); the tip's height + 1 when none.
int HeightForTime(const RPCContext& ctx, int64_t time) {
    const Chainstate& chain = ChainstateOf(ctx);
    const int tip = chain.Height();
    for (int h = 0; h <= tip; ++h) {
        const BlockIndex* index = chain.AtHeight(h);
        if (index && index->GetBlockTimeMax() >= time) return h;
    }
    return tip + 1;
}

void Rescan(const RPCContext& ctx, int from_height) {
    Status s = WalletOf(ctx).Rescan(std::max(0, from_height));
    if (!s) throw RPCError(RPC_WALLET_ERROR, "Rescan failed: " + s.error().ToString());
}

uint256 PolicyAsset(const RPCContext& ctx) {
    for (const auto& [asset, label] : ctx.json.asset_labels)
        if (label == "CBT") return asset;
    return uint256();
}

// ---- addresses and accounts ----------------------------------------------------------------------------

Json GetNewAddress(RPCContext& ctx, const RPCRequest& r) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    std::string account;
    if (!r.params.empty()) account = AccountFromValue(r.params[0]);
    const PubKey pub = Check(keys.GetKeyFromPool());
    Check(keys.SetLabel(KeyScript(pub), account));
    return KeyAddress(ctx, pub);
}

Json GetRawChangeAddress(RPCContext& ctx, const RPCRequest&) {
    const PubKey pub = Check(WalletKeysOf(ctx).GetKeyFromPool());
    return KeyAddress(ctx, pub);
}

Json GetAccount(RPCContext& ctx, const RPCRequest& r) {
    const Destination dest = AddressParam(ctx, Param(r, 0));
    return WalletKeysOf(ctx).GetLabel(GetScriptForDestination(dest)).value_or("");
}

// Core's GetAccountAddress: the account's key, or a fresh one when it has none or it received coins.
PubKey AccountPubKey(RPCContext& ctx, const std::string& account, bool force_new) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (!force_new) {
        const PubKey current = Check(keys.GetAccountPubKey(account, false));
        const Script script = KeyScript(current);
        Wallet& wallet = WalletOf(ctx);
        std::lock_guard chain_lock(ChainstateOf(ctx).mutex());  // lock order: chain, then wallet
        std::lock_guard lock(wallet.mutex());
        bool used = false;
        for (const WalletTx* wtx : wallet.TxsInOrder()) {
            for (const TxOut& out : wtx->tx->vout)
                if (out.script_pubkey == script.bytes()) used = true;
            if (used) break;
        }
        if (!used) return current;
    }
    return Check(keys.GetAccountPubKey(account, true));
}

Json GetAccountAddress(RPCContext& ctx, const RPCRequest& r) {
    const std::string account = AccountFromValue(Param(r, 0));
    return KeyAddress(ctx, AccountPubKey(ctx, account, false));
}

Json SetAccount(RPCContext& ctx, const RPCRequest& r) {
    const Destination dest = AddressParam(ctx, Param(r, 0));
    std::string account;
    if (r.params.size() > 1) account = AccountFromValue(r.params[1]);
    WalletKeyStore& keys = WalletKeysOf(ctx);
    const Script script = GetScriptForDestination(dest);
    if (keys.IsMine(script) == IsMineType::kNo)
        throw RPCError(RPC_WALLET_ERROR, "setaccount can only be used with own address");
    // Moving the current receiving address of another account away gives that account a new one.
    if (auto old = keys.GetLabel(script); old && *old != account) {
        auto current = keys.GetAccountPubKey(*old, false);
        if (current && KeyScript(*current) == script) (void)AccountPubKey(ctx, *old, true);
    }
    Check(keys.SetLabel(script, account));
    return nullptr;
}

Json GetAddressesByAccount(RPCContext& ctx, const RPCRequest& r) {
    const std::string account = AccountFromValue(Param(r, 0));
    Json out = Json::array();
    for (const Script& script : WalletKeysOf(ctx).ScriptsWithLabel(account))
        if (auto a = AddressOfScript(ctx, script)) out.push_back(*a);
    return out;
}

// Per output of a wallet transaction, in the policy asset: what Core's GetAmounts reports.
struct AccountAmounts {
    std::vector<std::pair<Script, Amount>> received;
    Amount sent = 0;
    Amount fee = 0;
};

AccountAmounts CbtAmounts(const RPCContext& ctx, const Wallet& wallet, const WalletTx& wtx, IsMineType filter,
                          const uint256& cbt) {
    AccountAmounts a;
    const Transaction& tx = *wtx.tx;
    const bool from_me = !wallet.Debit(tx, filter).empty();
    for (const TxOut& out : tx.vout) {
        if (!out.asset.IsExplicit() || !out.value.IsExplicit() || out.asset.GetAsset() != cbt) continue;
        const Amount value = out.value.GetAmount();
        if (out.IsFee()) {
            if (from_me) a.fee += value;
            continue;
        }
        const IsMineType mine = wallet.IsMine(out);
        const Script script(out.script_pubkey);
        if (from_me && mine != IsMineType::kNo && !LabelOfScript(ctx, script)) continue;  // change
        if (from_me) a.sent += value;
        if (mine != IsMineType::kNo && static_cast<int>(mine) >= static_cast<int>(filter))
            a.received.emplace_back(script, value);
    }
    return a;
}

Json ListAccounts(RPCContext& ctx, const RPCRequest& r) {
    const int minconf = r.params.size() > 0 ? GetInt(r.params[0]) : 1;
    const bool watch = r.params.size() > 1 && GetBool(r.params[1]);
    const IsMineType filter = watch ? IsMineType::kWatchOnly : IsMineType::kSpendable;
    WalletKeyStore& keys = WalletKeysOf(ctx);
    Wallet& wallet = WalletOf(ctx);
    const uint256 cbt = PolicyAsset(ctx);
    std::map<std::string, Amount> balances;
    const auto labels = keys.Labels();
    for (const auto& [script, label] : labels) {
        const IsMineType mine = keys.IsMine(script);
        if (mine != IsMineType::kNo && static_cast<int>(mine) >= static_cast<int>(filter)) balances[label];
    }
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    for (const WalletTx* wtx : wallet.TxsInOrder()) {
        const int depth = wallet.Depth(*wtx);
        if (wallet.BlocksToMaturity(*wtx) > 0 || depth < 0) continue;
        const AccountAmounts a = CbtAmounts(ctx, wallet, *wtx, filter, cbt);
        balances[""] -= a.fee + a.sent;
        if (depth < minconf) continue;
        for (const auto& [script, value] : a.received) {
            auto it = labels.find(script);
            balances[it == labels.end() ? std::string() : it->second] += value;
        }
    }
    Json out = Json::object();
    for (const auto& [name, value] : balances) out[name] = ValueFromAmount(value);
    return out;
}

Json GetReceivedByAccount(RPCContext& ctx, const RPCRequest& r) {
    const std::string account = AccountFromValue(Param(r, 0));
    const int minconf = r.params.size() > 1 ? GetInt(r.params[1]) : 1;
    WalletKeyStore& keys = WalletKeysOf(ctx);
    std::set<Bytes> scripts;
    for (const Script& s : keys.ScriptsWithLabel(account)) scripts.insert(s.bytes());
    const uint256 cbt = PolicyAsset(ctx);
    Wallet& wallet = WalletOf(ctx);
    std::lock_guard chain_lock(ChainstateOf(ctx).mutex());
    std::lock_guard lock(wallet.mutex());
    Amount total = 0;
    for (const WalletTx* wtx : wallet.TxsInOrder()) {
        if (wtx->tx->IsCoinBase() || wallet.Depth(*wtx) < minconf) continue;
        for (const TxOut& out : wtx->tx->vout) {
            if (!out.asset.IsExplicit() || !out.value.IsExplicit() || out.asset.GetAsset() != cbt) continue;
            if (scripts.count(out.script_pubkey) && keys.IsMine(Script(out.script_pubkey)) != IsMineType::kNo)
                total += out.value.GetAmount();
        }
    }
    return ValueFromAmount(total);
}

// The redeem script of addmultisigaddress: keys are hex public keys or wallet addresses (Core 0.14's
// _createmultisig_redeemScript with a wallet; runtime errors, so -1).
Script MultisigScriptWithWallet(const RPCContext& ctx, const RPCRequest& r) {
    const int required = GetInt(Param(r, 0));
    const Json& keys = GetArray(Param(r, 1));
    CheckMultisigArgs(required, keys.size());
    WalletKeyStore& store = WalletKeysOf(ctx);
    std::vector<Bytes> pubkeys;
    for (const Json& k : keys) {
        const std::string ks = GetStr(k);
        if (auto dest = DecodeDestination(ks, ctx.json.prefixes)) {
            const PKHash* id = std::get_if<PKHash>(&*dest);
            if (!id) throw RPCError(RPC_MISC_ERROR, ks + " does not refer to a key");
            auto pub = store.GetPubKey(uint160(*id));
            if (!pub) throw RPCError(RPC_MISC_ERROR, "no full public key for address " + ks);
            if (!pub->IsFullyValid()) throw RPCError(RPC_MISC_ERROR, " Invalid public key: " + ks);
            pubkeys.push_back(pub->ToBytes());
        } else if (IsNonEmptyHex(ks)) {
            const PubKey pub(*ParseHex(ks));
            if (!pub.IsFullyValid()) throw RPCError(RPC_MISC_ERROR, " Invalid public key: " + ks);
            pubkeys.push_back(pub.ToBytes());
        } else {
            throw RPCError(RPC_MISC_ERROR, " Invalid public key: " + ks);
        }
    }
    Script script = GetScriptForMultisig(required, pubkeys);
    if (script.size() > kMaxScriptElementSize) {
        throw RPCError(RPC_MISC_ERROR, "redeemScript exceeds size limit: " + std::to_string(script.size()) +
                                           " > " + std::to_string(kMaxScriptElementSize));
    }
    return script;
}

Json AddMultisigAddress(RPCContext& ctx, const RPCRequest& r) {
    std::string account;
    if (r.params.size() > 2) account = AccountFromValue(r.params[2]);
    const Script redeem = MultisigScriptWithWallet(ctx, r);
    WalletKeyStore& keys = WalletKeysOf(ctx);
    Check(keys.ImportScript(redeem));
    const ScriptHash id = ScriptHash::FromScript(redeem);
    Check(keys.SetLabel(GetScriptForDestination(id), account));
    return AddressOf(ctx, id);
}

Json AddWitnessAddress(RPCContext& ctx, const RPCRequest& r) {
    const Destination dest = AddressParam(ctx, Param(r, 0));
    WalletKeyStore& keys = WalletKeysOf(ctx);
    std::optional<ScriptHash> result;
    if (const auto* id = std::get_if<PKHash>(&dest)) {
        auto pub = keys.GetPubKey(uint160(*id));
        if (pub && pub->IsCompressed() && keys.HaveKey(uint160(*id))) {
            const Script witness = GetScriptForDestination(WitnessV0KeyHash(uint160(*id)));
            Check(keys.ImportScript(witness));
            result = ScriptHash::FromScript(witness);
        }
    } else if (const auto* sh = std::get_if<ScriptHash>(&dest)) {
        if (auto inner = keys.GetScript(uint160(*sh))) {
            const TxoutType type = Solve(*inner).type;
            if (type == TxoutType::kWitnessV0KeyHash || type == TxoutType::kWitnessV0ScriptHash) {
                result = *sh;
            } else {
                const Script witness = GetScriptForDestination(WitnessV0ScriptHash::FromScript(*inner));
                Check(keys.ImportScript(witness));
                result = ScriptHash::FromScript(witness);
            }
        }
    }
    if (!result) {
        throw RPCError(RPC_WALLET_ERROR,
                       "Public key or redeemscript not known to wallet, or the key is uncompressed");
    }
    Check(keys.SetLabel(GetScriptForDestination(*result), ""));
    return AddressOf(ctx, *result);
}

Json KeypoolRefill(RPCContext& ctx, const RPCRequest& r) {
    unsigned size = 0;
    if (!r.params.empty()) {
        const int n = GetInt(r.params[0]);
        if (n < 0) throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter, expected valid size.");
        size = static_cast<unsigned>(n);
    }
    EnsureWalletIsUnlocked(ctx);
    WalletKeyStore& keys = WalletKeysOf(ctx);
    Check(keys.TopUp(size));
    if (keys.KeypoolSize() < size) throw RPCError(RPC_WALLET_ERROR, "Error refreshing keypool.");
    return nullptr;
}

// ---- keys and imports ----------------------------------------------------------------------------------

Json DumpPrivKey(RPCContext& ctx, const RPCRequest& r) {
    EnsureWalletIsUnlocked(ctx);
    const std::string address = GetStr(Param(r, 0));
    auto dest = DecodeDestination(address, ctx.json.prefixes);
    if (!dest) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
    const PKHash* id = std::get_if<PKHash>(&*dest);
    if (!id) throw RPCError(RPC_TYPE_ERROR, "Address does not refer to a key");
    auto key = WalletKeysOf(ctx).GetKey(uint160(*id));
    if (!key) {
        if (key.error().code == "-13") ThrowWalletError(key.error());
        throw RPCError(RPC_WALLET_ERROR, "Private key for address " + address + " is not known");
    }
    return EncodeWif(*key, ctx.json.prefixes.secret_key);
}

Key WifParam(const RPCContext& ctx, const std::string& wif) {
    auto key = DecodeWif(wif, ctx.json.prefixes.secret_key);
    if (!key) {
        // A well-formed encoding whose secret is not a valid scalar.
        if (key.error().message == "secret out of range")
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Private key outside allowed range");
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid private key encoding");
    }
    return *key;
}

Json ImportPrivKey(RPCContext& ctx, const RPCRequest& r) {
    EnsureWalletIsUnlocked(ctx);
    const std::string secret = GetStr(Param(r, 0));
    std::string label;
    if (r.params.size() > 1) label = GetStr(r.params[1]);
    const bool rescan = RescanParam(r, 2);
    const Key key = WifParam(ctx, secret);
    const bool added = Check(WalletKeysOf(ctx).ImportKey(key, label, 1));
    if (added && rescan) Rescan(ctx, 0);
    return nullptr;
}

// Core's ImportScript (watch-only script, or a P2SH redeem script) and ImportAddress.
void ImportScriptWithLabel(RPCContext& ctx, const Script& script, const std::string& label, bool is_redeem) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (!is_redeem && keys.IsMine(script) == IsMineType::kSpendable) {
        throw RPCError(RPC_WALLET_ERROR,
                       "The wallet already contains the private key for this address or script");
    }
    if (!keys.HaveWatchOnly(script)) Check(keys.ImportWatchOnly(script));
    if (is_redeem) {
        Check(keys.ImportScript(script));
        const Script p2sh = GetScriptForDestination(ScriptHash::FromScript(script));
        if (keys.IsMine(p2sh) != IsMineType::kSpendable && !keys.HaveWatchOnly(p2sh))
            Check(keys.ImportWatchOnly(p2sh));
        Check(keys.SetLabel(p2sh, label));
    } else if (IsValidDestination(ExtractDestination(script))) {
        Check(keys.SetLabel(GetScriptForDestination(ExtractDestination(script)), label));
    }
}

Json ImportAddress(RPCContext& ctx, const RPCRequest& r) {
    std::string label;
    if (r.params.size() > 1) label = GetStr(r.params[1]);
    const bool rescan = RescanParam(r, 2);
    const bool p2sh = r.params.size() > 3 && GetBool(r.params[3]);
    const std::string text = GetStr(Param(r, 0));
    if (auto dest = DecodeDestination(text, ctx.json.prefixes)) {
        if (p2sh) {
            throw RPCError(RPC_INVALID_ADDRESS_OR_KEY,
                           "Cannot use the p2sh flag with an address - use a script instead");
        }
        ImportScriptWithLabel(ctx, GetScriptForDestination(*dest), label, false);
    } else if (IsHex(text)) {
        ImportScriptWithLabel(ctx, Script(*ParseHex(text)), label, p2sh);
    } else {
        throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address or script");
    }
    if (rescan) Rescan(ctx, 0);
    return nullptr;
}

Json ImportPubKey(RPCContext& ctx, const RPCRequest& r) {
    std::string label;
    if (r.params.size() > 1) label = GetStr(r.params[1]);
    const bool rescan = RescanParam(r, 2);
    const std::string hex = GetStr(Param(r, 0));
    if (!IsHex(hex)) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey must be a hex string");
    const PubKey pub(*ParseHex(hex));
    if (!pub.IsFullyValid()) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey is not a valid public key");
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (keys.IsMine(KeyScript(pub)) == IsMineType::kSpendable ||
        keys.IsMine(GetScriptForRawPubKey(pub.span())) == IsMineType::kSpendable) {
        throw RPCError(RPC_WALLET_ERROR,
                       "The wallet already contains the private key for this address or script");
    }
    Check(keys.ImportPubKey(pub, label));
    if (rescan) Rescan(ctx, 0);
    return nullptr;
}

// importmulti's per-request errors (reported in the result, not thrown).
struct ImportFailure {
    int code;
    std::string message;
};

void ImportOne(RPCContext& ctx, const Json& data) {
    auto fail = [](int code, std::string message) { throw ImportFailure{code, std::move(message)}; };
    auto str_field = [&](const char* name) -> std::string {
        auto it = data.find(name);
        if (it == data.end() || it->is_null()) return {};
        return GetStr(*it);
    };
    auto bool_field = [&](const char* name) {
        auto it = data.find(name);
        return it != data.end() && !it->is_null() && GetBool(*it);
    };
    auto array_field = [&](const char* name) {
        auto it = data.find(name);
        if (it == data.end() || it->is_null()) return Json::array();
        return GetArray(*it);
    };
    auto spk_it = data.find("scriptPubKey");
    if (spk_it == data.end()) fail(RPC_INVALID_PARAMETER, "Missing required scriptPubKey field");
    const Json& spk = *spk_it;
    const bool is_script = spk.is_string();
    const std::string output =
        is_script ? spk.get<std::string>() : GetStr(GetObject(spk).value("address", Json()));
    const std::string redeem_hex = str_field("redeemscript");
    const Json pubkeys = array_field("pubkeys");
    const Json wifs = array_field("keys");
    const bool internal = bool_field("internal");
    const bool watch_only = bool_field("watchonly");
    const std::string label = str_field("label");
    const bool is_p2sh = !redeem_hex.empty();

    Script script;
    std::optional<Destination> dest;
    if (!is_script) {
        auto d = DecodeDestination(output, ctx.json.prefixes);
        if (!d) fail(RPC_INVALID_ADDRESS_OR_KEY, "Invalid address");
        dest = *d;
        script = GetScriptForDestination(*d);
    } else {
        if (!IsHex(output)) fail(RPC_INVALID_ADDRESS_OR_KEY, "Invalid scriptPubKey");
        script = Script(*ParseHex(output));
    }
    if (watch_only && !wifs.empty()) fail(RPC_INVALID_PARAMETER, "Incompatible params");
    if (internal && data.contains("label")) fail(RPC_INVALID_PARAMETER, "Incompatible params");
    if (!internal && is_script) fail(RPC_INVALID_PARAMETER, "Internal must be set for hex scriptPubKey");
    if (!is_p2sh && (wifs.size() > 1 || pubkeys.size() > 1))
        fail(RPC_INVALID_PARAMETER, "More than private key given for one address");
    if (is_p2sh && !IsHex(redeem_hex)) fail(RPC_INVALID_ADDRESS_OR_KEY, "Invalid redeem script");

    WalletKeyStore& keys = WalletKeysOf(ctx);
    auto set_label = [&](const Script& s) {
        if (!internal) Check(keys.SetLabel(s, label));
    };
    auto import_keys = [&]() {
        for (const Json& k : wifs) {
            auto key = DecodeWif(GetStr(k), ctx.json.prefixes.secret_key);
            if (!key) fail(RPC_INVALID_ADDRESS_OR_KEY, "Invalid private key encoding");
            if (keys.IsLocked())
                fail(RPC_WALLET_UNLOCK_NEEDED,
                     "Error: Please enter the wallet passphrase with walletpassphrase first.");
            Check(keys.ImportKey(*key, std::nullopt, 1));
        }
    };
    if (is_p2sh) {
        const Script redeem(*ParseHex(redeem_hex));
        const Script p2sh = GetScriptForDestination(ScriptHash::FromScript(redeem));
        if (keys.IsMine(p2sh) == IsMineType::kSpendable)
            fail(RPC_WALLET_ERROR, "The wallet already contains the private key for this address or script");
        if (!keys.HaveWatchOnly(p2sh)) Check(keys.ImportWatchOnly(p2sh));
        Check(keys.ImportScript(redeem));
        set_label(p2sh);
        for (const Json& p : pubkeys) {
            const std::string hex = GetStr(p);
            if (!IsHex(hex)) fail(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey must be a hex string");
            const PubKey pub(*ParseHex(hex));
            if (!pub.IsFullyValid()) fail(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey is not a valid public key");
        }
        import_keys();
        return;
    }
    if (!pubkeys.empty()) {
        const std::string hex = GetStr(pubkeys[0]);
        if (!IsHex(hex)) fail(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey must be a hex string");
        const PubKey pub(*ParseHex(hex));
        if (!pub.IsFullyValid()) fail(RPC_INVALID_ADDRESS_OR_KEY, "Pubkey is not a valid public key");
        if (KeyScript(pub) != script && GetScriptForRawPubKey(pub.span()) != script)
            fail(RPC_INVALID_ADDRESS_OR_KEY, "Consistency check failed");
        if (wifs.empty()) {
            if (keys.IsMine(script) == IsMineType::kSpendable)
                fail(RPC_WALLET_ERROR,
                     "The wallet already contains the private key for this address or script");
            Check(keys.ImportPubKey(pub));
        }
    }
    if (!wifs.empty()) {
        auto key = DecodeWif(GetStr(wifs[0]), ctx.json.prefixes.secret_key);
        if (!key) fail(RPC_INVALID_ADDRESS_OR_KEY, "Invalid private key encoding");
        const PubKey pub = key->GetPubKey();
        if (KeyScript(pub) != script && GetScriptForRawPubKey(pub.span()) != script)
            fail(RPC_INVALID_ADDRESS_OR_KEY, "Consistency check failed");
        import_keys();
    } else if (pubkeys.empty()) {
        if (keys.IsMine(script) == IsMineType::kSpendable)
            fail(RPC_WALLET_ERROR, "The wallet already contains the private key for this address or script");
        if (!keys.HaveWatchOnly(script)) Check(keys.ImportWatchOnly(script));
    }
    if (dest) set_label(script);
}

int64_t ImportTimestamp(const Json& data, int64_t now) {
    auto it = data.find("timestamp");
    if (it != data.end()) {
        if (it->is_number()) return GetInt64(*it);
        if (it->is_string() && it->get<std::string>() == "now") return now;
        throw RPCError(
            RPC_TYPE_ERROR,
            std::string("Expected number or \"now\" timestamp value for key. got type ") + JsonTypeName(*it));
    }
    throw RPCError(RPC_TYPE_ERROR, "Missing required timestamp field for key");
}

Json ImportMulti(RPCContext& ctx, const RPCRequest& r) {
    RPCTypeCheckArgument(Param(r, 0), Json::value_t::array);
    const Json& requests = Param(r, 0);
    bool rescan = true;
    if (r.params.size() > 1 && !r.params[1].is_null()) {
        RPCTypeCheckArgument(r.params[1], Json::value_t::object);
        auto it = r.params[1].find("rescan");
        if (it != r.params[1].end()) rescan = GetBool(*it);
    }
    WalletKeysOf(ctx);
    const int64_t now = ChainstateOf(ctx).Tip() ? ChainstateOf(ctx).Tip()->GetBlockTimeMax() : 0;
    Json out = Json::array();
    bool any_success = false;
    int64_t lowest = std::numeric_limits<int64_t>::max();
    for (const Json& data : requests) {
        const int64_t timestamp = ImportTimestamp(GetObject(data), now);
        Json result = Json::object();
        try {
            ImportOne(ctx, data);
            result["success"] = true;
            any_success = true;
            lowest = std::min(lowest, timestamp);
        } catch (const ImportFailure& f) {
            result["success"] = false;
            result["error"] = Json{{"code", f.code}, {"message", f.message}};
        } catch (const RPCError& e) {
            result["success"] = false;
            result["error"] = Json{{"code", e.code()}, {"message", e.message()}};
        } catch (const std::exception& e) {
            result["success"] = false;
            result["error"] = Json{{"code", RPC_MISC_ERROR}, {"message", "Missing required fields"}};
        }
        out.push_back(std::move(result));
    }
    if (rescan && any_success) Rescan(ctx, HeightForTime(ctx, lowest - kTimestampWindow));
    return out;
}

// ---- Ocean derived keys --------------------------------------------------------------------------------

DumpHeader MakeHeader(const RPCContext& ctx) {
    DumpHeader h;
    const int64_t v = ctx.client_version;
    h.client_build = "v" + std::to_string(v / 1000000) + "." + std::to_string(v / 10000 % 100) + "." +
                     std::to_string(v / 100 % 100);
    h.created_time = ctx.clock ? ctx.clock->UnixSeconds() : static_cast<int64_t>(std::time(nullptr));
    if (const BlockIndex* tip = ChainstateOf(ctx).Tip()) {
        h.best_height = tip->height;
        h.best_hash = tip->GetBlockHash();
        h.best_time = tip->GetBlockTime();
    }
    return h;
}

Json GetDerivedKeys(RPCContext& ctx, const RPCRequest&) {
    Json addresses = Json::array(), bpubkeys = Json::array();
    for (const DerivedKeyPair& k : WalletKeysOf(ctx).KeypoolDerivedKeys()) {
        addresses.push_back(KeyAddress(ctx, k.pubkey));
        bpubkeys.push_back(HexStr(k.derived_pubkey.span()));
    }
    Json out = Json::object();
    out["address"] = std::move(addresses);
    out["bpubkey"] = std::move(bpubkeys);
    return out;
}

Json DumpDerivedKeys(RPCContext& ctx, const RPCRequest& r) {
    EnsureWalletIsUnlocked(ctx);
    const auto path = FileParam(ctx, Param(r, 0));
    const auto pairs = WalletKeysOf(ctx).KeypoolDerivedKeys();
    const std::string text = WriteDerivedKeysDump(MakeHeader(ctx), pairs, ctx.json.prefixes);
    if (!WriteFileAtomic(path, std::string_view(text), 0600))
        throw RPCError(RPC_INVALID_PARAMETER, "Cannot open key dump file");
    return nullptr;
}

Json ValidateDerivedKeys(RPCContext& ctx, const RPCRequest& r) {
    const auto path = FileParam(ctx, Param(r, 0));
    std::ifstream file(path, std::ios::binary);
    if (!file) throw RPCError(RPC_INVALID_PARAMETER, "Cannot open key dump file");
    std::stringstream ss;
    ss << file.rdbuf();
    const WalletKeyStoreOptions& ko = WalletKeysOf(ctx).options();
    DerivedKeyCheckOptions o;
    o.prefixes = ctx.json.prefixes;
    o.contract_hash = ko.contract_hash;
    o.embed_contract = ko.tweak_keys;  // tweak_keys = -embedcontract && !-contractintx
    o.contract_in_tx = false;
    Check(ValidateDerivedKeys(ss.str(), o));
    return nullptr;
}

// ---- wallet files --------------------------------------------------------------------------------------

Json DumpWallet(RPCContext& ctx, const RPCRequest& r) {
    EnsureWalletIsUnlocked(ctx);
    const auto path = FileParam(ctx, Param(r, 0));
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        throw RPCError(RPC_INVALID_PARAMETER, path.string() +
                                                  " already exists. If you are sure this is what you want, "
                                                  "move it out of the way first");
    }
    WalletKeyStore& keys = WalletKeysOf(ctx);
    const auto exported = Check(keys.ExportKeys());
    const auto xprv = Check(keys.HdMasterXprv());
    std::string text = WriteWalletDump(MakeHeader(ctx), xprv, exported, ctx.json.prefixes);
    Status s = WriteFileAtomic(path, std::string_view(text), 0600);
    std::fill(text.begin(), text.end(), '\0');
    if (!s) throw RPCError(RPC_INVALID_PARAMETER, "Cannot open wallet dump file");
    return nullptr;
}

Json ImportWallet(RPCContext& ctx, const RPCRequest& r) {
    EnsureWalletIsUnlocked(ctx);
    const auto path = FileParam(ctx, Param(r, 0));
    std::ifstream file(path, std::ios::binary);
    if (!file) throw RPCError(RPC_INVALID_PARAMETER, "Cannot open wallet dump file");
    std::stringstream ss;
    ss << file.rdbuf();
    std::string text = ss.str();
    auto parsed = ParseWalletDump(text, ctx.json.prefixes.secret_key);
    std::fill(text.begin(), text.end(), '\0');
    if (!parsed)
        throw RPCError(RPC_WALLET_ERROR, "Error adding some keys to wallet: " + parsed.error().message);
    WalletKeyStore& keys = WalletKeysOf(ctx);
    bool good = true;
    int64_t earliest = std::numeric_limits<int64_t>::max();
    for (const ImportedDumpKey& k : *parsed) {
        auto added =
            keys.ImportKey(k.key, k.has_label ? std::optional<std::string>(k.label) : std::nullopt, k.time);
        if (!added) {
            good = false;
            continue;
        }
        earliest = std::min(earliest, k.time);
    }
    if (earliest != std::numeric_limits<int64_t>::max())
        Rescan(ctx, HeightForTime(ctx, earliest - kTimestampWindow));
    if (!good) throw RPCError(RPC_WALLET_ERROR, "Error adding some keys to wallet");
    return nullptr;
}

Status SyncDirectory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return Error("io", "cannot open " + dir.string());
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Error("io", "cannot sync " + dir.string());
    return Status::Ok();
}

// A consistent copy of the wallet database as a new LevelDB at `dest` (see the file comment).
Status BackupDatabase(const Database& src, const std::filesystem::path& dest) {
    std::filesystem::path tmp = dest;
    tmp += ".tmp";
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    {
        DatabaseOptions o;
        o.path = tmp;
        o.cache_bytes = 1u << 20;
        auto db = Database::Open(o);
        if (!db) return db.error();
        auto it = src.NewIterator();  // one iterator = one implicit snapshot
        Database::Batch batch;
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
            batch.Put(it->Key(), it->Value());
            if (batch.SizeEstimate() > (1u << 20)) {
                if (Status s = (*db)->Write(batch, false); !s) return s;
                batch.Clear();
            }
        }
        if (Status s = it->status(); !s) return s;
        if (Status s = (*db)->Write(batch, true); !s) return s;
    }
    std::filesystem::rename(tmp, dest, ec);
    if (ec) return Error("io", "cannot rename " + tmp.string() + ": " + ec.message());
    return SyncDirectory(dest.has_parent_path() ? dest.parent_path() : std::filesystem::path("."));
}

Json BackupWallet(RPCContext& ctx, const RPCRequest& r) {
    WalletKeysOf(ctx);
    std::filesystem::path dest = FileParam(ctx, Param(r, 0));
    std::error_code ec;
    if (std::filesystem::is_directory(dest, ec) && !std::filesystem::exists(dest / "CURRENT", ec))
        dest /= ctx.wallet_name.empty() ? std::string("wallet.dat") : ctx.wallet_name;
    const std::filesystem::path source = ctx.chain_dir / "wallets" / ctx.wallet_name;
    if (std::filesystem::exists(dest, ec)) {
        if (std::filesystem::equivalent(dest, source, ec))
            throw RPCError(RPC_WALLET_ERROR, "Error: Wallet backup failed!");
        // An older backup at the destination is replaced (as Core overwrites the file).
        std::filesystem::remove_all(dest, ec);
        if (ec) throw RPCError(RPC_WALLET_ERROR, "Error: Wallet backup failed!");
    }
    if (!ctx.wallet_database) throw RPCError(RPC_WALLET_ERROR, "Error: Wallet backup failed!");
    Status s = BackupDatabase(*ctx.wallet_database, dest);
    if (!s) {
        if (ctx.log) ctx.log->Error("backupwallet to " + dest.string() + " failed: " + s.error().ToString());
        throw RPCError(RPC_WALLET_ERROR, "Error: Wallet backup failed!");
    }
    return nullptr;
}

// ---- encryption ----------------------------------------------------------------------------------------

const std::string kWalletPassphraseHelp =
    "walletpassphrase \"passphrase\" timeout\n"
    "\nStores the wallet decryption key in memory for 'timeout' seconds.\n"
    "This is needed prior to performing transactions related to private keys such as sending bitcoins\n"
    "\nArguments:\n"
    "1. \"passphrase\"     (string, required) The wallet passphrase\n"
    "2. timeout            (numeric, required) The time to keep the decryption key in seconds.\n"
    "\nNote:\n"
    "Issuing the walletpassphrase command while the wallet is already unlocked will set a new unlock\n"
    "time that overrides the old one.\n";
const std::string kWalletPassphraseChangeHelp =
    "walletpassphrasechange \"oldpassphrase\" \"newpassphrase\"\n"
    "\nChanges the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.\n";
const std::string kWalletLockHelp =
    "walletlock\n"
    "\nRemoves the wallet encryption key from memory, locking the wallet.\n"
    "After calling this method, you will need to call walletpassphrase again\n"
    "before being able to call any methods which require the wallet to be unlocked.\n";
const std::string kEncryptWalletHelp =
    "encryptwallet \"passphrase\"\n"
    "\nEncrypts the wallet with 'passphrase'. This is for first time encryption.\n"
    "After this, any calls that interact with private keys such as sending or signing \n"
    "will require the passphrase to be set prior the making these calls.\n"
    "Use the walletpassphrase call for this, and then walletlock call.\n"
    "If the wallet is already encrypted, use the walletpassphrasechange call.\n"
    "Note that this will shutdown the server.\n";

WalletUnlockTimer& TimerOf(const RPCContext& ctx) {
    if (!ctx.wallet_unlock_timer) throw RPCError(RPC_METHOD_NOT_FOUND, "Method not found (disabled)");
    return *ctx.wallet_unlock_timer;
}

Json WalletPassphrase(RPCContext& ctx, const RPCRequest& r) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (keys.IsCrypted() && r.params.size() != 2) throw RPCError(RPC_MISC_ERROR, kWalletPassphraseHelp);
    if (!keys.IsCrypted()) {
        throw RPCError(RPC_WALLET_WRONG_ENC_STATE,
                       "Error: running with an unencrypted wallet, but walletpassphrase was called.");
    }
    const std::string passphrase = GetStr(r.params[0]);
    if (passphrase.empty()) throw RPCError(RPC_MISC_ERROR, kWalletPassphraseHelp);
    const int64_t timeout = GetInt64(r.params[1]);
    Status s = TimerOf(ctx).Unlock(passphrase, timeout);
    if (!s) {
        if (s.error().code == "-14")
            throw RPCError(RPC_WALLET_PASSPHRASE_INCORRECT,
                           "Error: The wallet passphrase entered was incorrect.");
        ThrowWalletError(s.error());
    }
    (void)keys.TopUp();
    return nullptr;
}

Json WalletPassphraseChange(RPCContext& ctx, const RPCRequest& r) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (keys.IsCrypted() && r.params.size() != 2) throw RPCError(RPC_MISC_ERROR, kWalletPassphraseChangeHelp);
    if (!keys.IsCrypted()) {
        throw RPCError(RPC_WALLET_WRONG_ENC_STATE,
                       "Error: running with an unencrypted wallet, but walletpassphrasechange was called.");
    }
    const std::string old_pass = GetStr(r.params[0]);
    const std::string new_pass = GetStr(r.params[1]);
    if (old_pass.empty() || new_pass.empty()) throw RPCError(RPC_MISC_ERROR, kWalletPassphraseChangeHelp);
    Status s = keys.ChangePassphrase(old_pass, new_pass);
    if (!s) {
        if (s.error().code == "-14")
            throw RPCError(RPC_WALLET_PASSPHRASE_INCORRECT,
                           "Error: The wallet passphrase entered was incorrect.");
        ThrowWalletError(s.error());
    }
    return nullptr;
}

Json WalletLock(RPCContext& ctx, const RPCRequest& r) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (keys.IsCrypted() && !r.params.empty()) throw RPCError(RPC_MISC_ERROR, kWalletLockHelp);
    if (!keys.IsCrypted()) {
        throw RPCError(RPC_WALLET_WRONG_ENC_STATE,
                       "Error: running with an unencrypted wallet, but walletlock was called.");
    }
    TimerOf(ctx).Lock();
    return nullptr;
}

Json EncryptWallet(RPCContext& ctx, const RPCRequest& r) {
    WalletKeyStore& keys = WalletKeysOf(ctx);
    if (!keys.IsCrypted() && r.params.size() != 1) throw RPCError(RPC_MISC_ERROR, kEncryptWalletHelp);
    if (keys.IsCrypted()) {
        throw RPCError(RPC_WALLET_WRONG_ENC_STATE,
                       "Error: running with an encrypted wallet, but encryptwallet was called.");
    }
    const std::string passphrase = GetStr(r.params[0]);
    if (passphrase.empty())
        throw RPCError(RPC_MISC_ERROR, "encryptwallet <passphrase>\nEncrypts the wallet with <passphrase>.");
    Status s = keys.EncryptWallet(passphrase);
    if (!s) {
        if (s.error().code == "-15") ThrowWalletError(s.error());
        throw RPCError(RPC_WALLET_ENCRYPTION_FAILED, "Error: Failed to encrypt the wallet.");
    }
    if (ctx.request_shutdown) ctx.request_shutdown();
    return "wallet encrypted; Ocean server stopping, restart to run with encrypted wallet. The keypool has "
           "been flushed and a new HD seed was generated (if you are using HD). You need to make a new "
           "backup.";
}

// ---- signmessage, dumpassetlabels ----------------------------------------------------------------------

Json SignMessageRpc(RPCContext& ctx, const RPCRequest& r) {
    EnsureWalletIsUnlocked(ctx);
    const std::string address = GetStr(Param(r, 0));
    const std::string message = GetStr(Param(r, 1));
    auto dest = DecodeDestination(address, ctx.json.prefixes);
    if (!dest) throw RPCError(RPC_TYPE_ERROR, "Invalid address");
    const PKHash* id = std::get_if<PKHash>(&*dest);
    if (!id) throw RPCError(RPC_TYPE_ERROR, "Address does not refer to key");
    auto key = WalletKeysOf(ctx).GetKey(uint160(*id));
    if (!key) {
        if (key.error().code == "-13") ThrowWalletError(key.error());
        throw RPCError(RPC_WALLET_ERROR, "Private key not available");
    }
    auto sig = SignMessage(*key, message);
    if (!sig) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Sign failed");
    return *sig;
}

Json DumpAssetLabels(RPCContext& ctx, const RPCRequest&) {
    WalletKeysOf(ctx);
    Json out = Json::object();
    for (const auto& [asset, label] : ctx.json.asset_labels) out[label] = asset.ToHex();
    return out;
}

}  // namespace

void RegisterWalletKeyRPCs(RPCTable& table, RPCContext& ctx) {
    auto add = [&](std::string name, std::vector<std::string> params, size_t min, size_t max,
                   std::string help, WalletRpcFn fn) {
        AddWalletCommand(table, ctx, "wallet", std::move(name), std::move(params), min, max, std::move(help),
                         fn);
    };
    constexpr size_t kAny = 1000;
    add("getnewaddress", {"account"}, 0, 1,
        "getnewaddress ( \"account\" )\n\nReturns a new address for receiving payments, in the account's "
        "address book entry.",
        GetNewAddress);
    add("getrawchangeaddress", {}, 0, 1,
        "getrawchangeaddress\n\nReturns a new address for receiving change (not in the address book).",
        GetRawChangeAddress);
    add("getaccount", {"address"}, 1, 1, "getaccount \"address\"\n\nDEPRECATED. The account of an address.",
        GetAccount);
    add("setaccount", {"address", "account"}, 1, 2,
        "setaccount \"address\" \"account\"\n\nDEPRECATED. Sets the account of one of the wallet's "
        "addresses.",
        SetAccount);
    add("getaccountaddress", {"account"}, 1, 1,
        "getaccountaddress \"account\"\n\nDEPRECATED. The current receiving address of an account.",
        GetAccountAddress);
    add("getaddressesbyaccount", {"account"}, 1, 1,
        "getaddressesbyaccount \"account\"\n\nDEPRECATED. The addresses of an account.",
        GetAddressesByAccount);
    add("listaccounts", {"minconf", "include_watchonly"}, 0, 2,
        "listaccounts ( minconf include_watchonly )\n\nDEPRECATED. Account names and their CBT balances.",
        ListAccounts);
    add("getreceivedbyaccount", {"account", "minconf"}, 1, 2,
        "getreceivedbyaccount \"account\" ( minconf )\n\nDEPRECATED. The CBT received by an account's "
        "addresses.",
        GetReceivedByAccount);
    add("addmultisigaddress", {"nrequired", "keys", "account"}, 2, 3,
        "addmultisigaddress nrequired [\"key\",...] ( \"account\" )\n\nAdds an nrequired-of-n multisignature "
        "address to the wallet; keys are hex public keys or wallet addresses.",
        AddMultisigAddress);
    add("addwitnessaddress", {"address"}, 1, 1,
        "addwitnessaddress \"address\"\n\nAdds a P2SH-wrapped witness version of a known key or script.",
        AddWitnessAddress);
    add("keypoolrefill", {"newsize"}, 0, 1, "keypoolrefill ( newsize )\n\nFills the key pool.",
        KeypoolRefill);
    add("dumpprivkey", {"address"}, 1, 1, "dumpprivkey \"address\"\n\nReveals the private key of an address.",
        DumpPrivKey);
    add("importprivkey", {"privkey", "label", "rescan"}, 1, 3,
        "importprivkey \"privkey\" ( \"label\" rescan )\n\nAdds a private key (as from dumpprivkey).",
        ImportPrivKey);
    add("importaddress", {"address", "label", "rescan", "p2sh"}, 1, 4,
        "importaddress \"script_or_address\" ( \"label\" rescan p2sh )\n\nWatches a script or address.",
        ImportAddress);
    add("importpubkey", {"pubkey", "label", "rescan"}, 1, 4,
        "importpubkey \"pubkey\" ( \"label\" rescan )\n\nWatches a public key.", ImportPubKey);
    add("importmulti", {"requests", "options"}, 1, 2,
        "importmulti [requests] ( options )\n\nImports addresses, scripts and keys, rescanning once.",
        ImportMulti);
    add("getderivedkeys", {}, 0, 0,
        "getderivedkeys\n\nThe key pool's tweaked addresses and untweaked (base) public keys.",
        GetDerivedKeys);
    add("dumpderivedkeys", {"filename"}, 1, 1,
        "dumpderivedkeys \"filename\"\n\nWrites the key pool's address / base public key pairs to a file.",
        DumpDerivedKeys);
    add("validatederivedkeys", {"filename"}, 1, 1,
        "validatederivedkeys \"filename\"\n\nChecks that every address of a derived-keys file is its base "
        "public key tweaked with the contract hash.",
        ValidateDerivedKeys);
    add("dumpwallet", {"filename"}, 1, 1,
        "dumpwallet \"filename\"\n\nWrites every wallet key to a new file (mode 0600); an existing file is "
        "not overwritten.",
        DumpWallet);
    add("importwallet", {"filename"}, 1, 1,
        "importwallet \"filename\"\n\nImports keys from a wallet dump file.", ImportWallet);
    add("backupwallet", {"destination"}, 1, 1,
        "backupwallet \"destination\"\n\nCopies the wallet database (a LevelDB directory) to destination.\n"
        "To restore: stop the node, copy the backup to <chain dir>/wallets/<name> and start with "
        "-wallet=<name>.",
        BackupWallet);
    add("encryptwallet", {"passphrase"}, 0, kAny, kEncryptWalletHelp, EncryptWallet);
    add("walletpassphrase", {"passphrase", "timeout"}, 0, kAny, kWalletPassphraseHelp, WalletPassphrase);
    add("walletpassphrasechange", {"oldpassphrase", "newpassphrase"}, 0, kAny, kWalletPassphraseChangeHelp,
        WalletPassphraseChange);
    add("walletlock", {}, 0, kAny, kWalletLockHelp, WalletLock);
    add("signmessage", {"address", "message"}, 2, 2,
        "signmessage \"address\" \"message\"\n\nSigns a message with the private key of an address.",
        SignMessageRpc);
    add("dumpassetlabels", {}, 0, 0, "dumpassetlabels\n\nThe asset labels and their asset ids.",
        DumpAssetLabels);
}

}  // namespace ocean
