#include "ocean/wallet/spend.h"

#include <algorithm>

#include "ocean/consensus/chain_params.h"
#include "ocean/crypto/hash.h"
#include "ocean/primitives/asset.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/sign.h"
#include "ocean/script/standard.h"

namespace ocean {

namespace {

// Locks chain → mempool → wallet for one spend.
struct SpendLocks {
    SpendLocks(Chainstate& chain, TxMempool& pool, Wallet& wallet)
        : chain_lock(chain.mutex()), pool_lock(pool.mutex()), wallet_lock(wallet.mutex()) {}
    std::lock_guard<std::recursive_mutex> chain_lock, pool_lock, wallet_lock;
};

uint64_t RandomSeed() {
    uint64_t seed = 0;
    GetStrongRandBytes(reinterpret_cast<uint8_t*>(&seed), sizeof seed);
    return seed;
}

Script P2PKH(const PubKey& key) {
    return GetScriptForDestination(PKHash(key.GetID()));
}

// A genesis policy asset (FREEZELIST, BURNLIST, WHITELIST, CHALLENGE, PERMISSION, ISSUANCE) in force at
// `height`: never spent by sendanytoaddress.
bool IsPolicyAsset(const ChainParams& params, const uint256& asset, uint32_t height) {
    for (PolicyAssetKind kind :
         {PolicyAssetKind::kFreezelist, PolicyAssetKind::kBurnlist, PolicyAssetKind::kWhitelist,
          PolicyAssetKind::kChallenge, PolicyAssetKind::kPermission, PolicyAssetKind::kIssuance}) {
        if (params.PolicyAssetAt(kind, height) == asset) return true;
    }
    return false;
}

// A typical size of the transactions IssueAsset and ReissueAsset build, for their fee.
constexpr size_t kIssuanceVsizeBase = 300;

// The mempool's reject reason for a transaction beyond the package limits.
constexpr const char* kLongChainReason = "too-long-mempool-chain";

// What an input already carrying a scriptSig or witness adds to the unsigned size the builder counts
// (41 bytes), as an input_vsize; the estimate for the spent script when it is unsigned.
size_t PresetInputVsize(const TxIn& in, const Script& spent) {
    if (in.script_sig.empty() && in.witness.IsNull()) return EstimateInputVsize(spent);
    MutableTransaction one;
    one.vin.push_back(in);
    const Transaction with(std::move(one));
    const Transaction without{MutableTransaction()};
    return (with.GetWeight() - without.GetWeight() + 3) / 4;
}

}  // namespace

// Keys taken from the pool while transactions are built: KeepUsedBy keeps those an output pays; the
// rest go back to the pool when this goes out of scope (a failed build, sign or commit returns them all).
class WalletSpender::ReservedKeys {
  public:
    ReservedKeys(WalletKeyStore& keys, Logger& log) : keys_(keys), log_(log) {}
    ReservedKeys(const ReservedKeys&) = delete;
    ReservedKeys& operator=(const ReservedKeys&) = delete;
    ~ReservedKeys() {
        for (const ReservedKey& k : taken_) {
            if (Status s = keys_.ReturnKeyToPool(k); !s)
                log_.Warning("Wallet: key could not go back to the key pool: " + s.error().ToString());
        }
    }

    Result<Script> Take() {
        auto key = keys_.ReserveKeyFromPool();
        if (!key) return key.error();
        taken_.push_back(*key);
        return P2PKH(key->pubkey);
    }
    // Keeps the keys whose P2PKH script one of tx's outputs pays.
    template <typename Tx>
    void KeepUsedBy(const Tx& tx) {
        std::erase_if(taken_, [&](const ReservedKey& k) {
            const Script script = P2PKH(k.pubkey);
            return std::any_of(tx.vout.begin(), tx.vout.end(),
                               [&](const TxOut& out) { return Script(out.script_pubkey) == script; });
        });
    }

  private:
    WalletKeyStore& keys_;
    Logger& log_;
    std::vector<ReservedKey> taken_;
};

WalletSpender::WalletSpender(Chainstate& chain, TxMempool& pool, Wallet& wallet, WalletKeyStore& keys,
                             SpendOptions options, const Clock& clock, Logger& log)
    : chain_(chain),
      pool_(pool),
      wallet_(wallet),
      keys_(keys),
      options_(std::move(options)),
      clock_(clock),
      log_(log),
      pay_tx_fee_(options_.pay_tx_fee) {}

void WalletSpender::SetPayTxFee(Amount per_kb) {
    std::lock_guard lock(fee_mutex_);
    pay_tx_fee_ = per_kb;
}

Amount WalletSpender::PayTxFee() const {
    std::lock_guard lock(fee_mutex_);
    return pay_tx_fee_;
}

FeePolicy WalletSpender::CurrentFeePolicy() const {
    FeePolicy policy = options_.fee;
    if (const Amount pay = PayTxFee(); pay > 0) policy.fee_rate = pay;
    return policy;
}

std::vector<CoinCandidate> WalletSpender::Candidates(bool include_watching) const {
    std::vector<CoinCandidate> out;
    for (const WalletOutput& c : wallet_.AvailableCoins(false, 0, 9999999, include_watching)) {
        if (c.mine != IsMineType::kSpendable && !(include_watching && c.mine == IsMineType::kWatchOnly))
            continue;
        // Unconfirmed coins of others are never spent (Core's "safe" rule); own unconfirmed change only
        // when trusted.
        if (c.depth == 0 && !c.trusted) continue;
        CoinCandidate cand;
        cand.outpoint = c.outpoint;
        cand.asset = c.asset;
        cand.value = c.value;
        cand.script_pubkey = Script(c.out.script_pubkey);
        cand.depth = c.depth;
        cand.from_me = c.from_me;
        cand.input_vsize = EstimateInputVsize(cand.script_pubkey);
        if (c.depth == 0) {
            if (const MempoolEntry* e = pool_.FindEntry(c.outpoint.hash))
                cand.mempool_chain = std::max(e->count_with_ancestors, e->count_with_descendants);
        }
        out.push_back(std::move(cand));
    }
    return out;
}

Status WalletSpender::CheckUnlocked() const {
    if (keys_.IsLocked())
        return Error("-13", "Error: Please enter the wallet passphrase with walletpassphrase first.");
    return Status::Ok();
}

BuildOptions WalletSpender::BuildOptionsAt(uint32_t lock_time) const {
    BuildOptions bo;
    const MempoolLimits& limits = pool_.Limits();
    bo.eligibility = ChainLimitedEligibilitySequence(options_.spend_zero_conf_change,
                                                     std::min(limits.ancestor_count, limits.descendant_count),
                                                     options_.reject_long_chains);
    bo.lock_time = lock_time;
    return bo;
}

ChangeScriptFn WalletSpender::ChangeFn(const std::optional<Script>& fixed, ReservedKeys& keys) {
    return [fixed, &keys](const uint256&) -> Result<Script> {
        if (fixed) return *fixed;
        return keys.Take();
    };
}

Status WalletSpender::CheckMempoolChain(const Transaction& tx, size_t vsize) const {
    if (!options_.reject_long_chains) return Status::Ok();
    if (!pool_.CalculateAncestors(tx, vsize))
        return Error("-4", "Transaction has too long of a mempool chain");
    return Status::Ok();
}

Status WalletSpender::SignBuilt(MutableTransaction& tx, const std::vector<CoinCandidate>& inputs) const {
    SigningProvider provider;
    for (const CoinCandidate& c : inputs) {
        if (Status s = keys_.AddSigningData(c.script_pubkey, provider); !s) return s;
    }
    for (size_t i = 0; i < tx.vin.size() && i < inputs.size(); ++i) {
        const CoinCandidate& c = inputs[i];
        const ConfidentialValue value(c.value);
        if (!SignInput(tx, static_cast<unsigned>(i), c.script_pubkey, value, provider, SIGHASH_ALL))
            return Error("-4", "Signing transaction failed");
        if (auto err =
                VerifyInput(tx, static_cast<unsigned>(i), c.script_pubkey, value, kStandardScriptVerifyFlags))
            return Error("-4", "Signing transaction failed: " + std::string(ScriptErrorString(*err)));
    }
    return Status::Ok();
}

Result<TransactionRef> WalletSpender::Commit(MutableTransaction mtx, const std::string& comment,
                                             const std::string& comment_to) {
    const TransactionRef tx = MakeTransactionRef(std::move(mtx));
    if (Status s = CheckMempoolChain(*tx, tx->GetVirtualSize()); !s) return s.error();
    if (options_.broadcast) {
        // Nothing is stored for a transaction the node itself would refuse, except (Core 0.14, without
        // -walletrejectlongchains) one refused only for its unconfirmed chain: stored, it is submitted
        // again once its ancestors confirm.
        AcceptOptions test = options_.accept;
        test.max_tx_fee = options_.max_tx_fee;
        test.test_only = true;
        const AcceptResult check = AcceptToMemoryPool(chain_, pool_, tx, test, clock_.UnixSeconds());
        if (!check.accepted &&
            (check.state.GetRejectReason() != kLongChainReason || options_.reject_long_chains))
            return Error("rejected", check.state.GetRejectReason());
    }
    if (Status s = wallet_.AddOwnTransaction(tx, comment, comment_to); !s) return s.error();
    if (options_.broadcast) (void)Submit(tx, true);
    return tx;
}

bool WalletSpender::Submit(const TransactionRef& tx, bool relay) {
    AcceptOptions o = options_.accept;
    o.max_tx_fee = options_.max_tx_fee;
    const AcceptResult r = AcceptToMemoryPool(chain_, pool_, tx, o, clock_.UnixSeconds());
    if (!r.accepted) {
        // Stored already: it is offered again after the next block and at the next start (and can be
        // abandoned).
        log_.Warning("Wallet: transaction " + tx->GetTxid().ToHex() +
                     " stored but not accepted: " + r.state.GetRejectReason());
        pending_.insert(tx->GetTxid());
        return false;
    }
    pending_.erase(tx->GetTxid());
    if (relay && options_.relay) options_.relay(tx);
    return true;
}

Result<SendResult> WalletSpender::SignAndCommit(std::vector<BuiltTransaction> built, bool commit,
                                                ReservedKeys& keys, const std::string& comment,
                                                const std::string& comment_to) {
    SendResult result;
    for (BuiltTransaction& b : built) {
        if (Status s = SignBuilt(b.tx, b.inputs); !s) return s.error();
    }
    for (BuiltTransaction& b : built) {
        if (!commit) {
            if (Status s = CheckMempoolChain(Transaction(b.tx), b.estimated_vsize); !s) return s.error();
            result.txs.push_back(MakeTransactionRef(std::move(b.tx)));
            continue;
        }
        auto tx = Commit(std::move(b.tx), comment, comment_to);
        if (!tx) return tx.error();
        keys.KeepUsedBy(**tx);
        result.txs.push_back(*tx);
    }
    // Not committed: the caller gets them all or none.
    for (const TransactionRef& tx : result.txs) keys.KeepUsedBy(*tx);
    return result;
}

Result<SendResult> WalletSpender::Send(const std::vector<Recipient>& recipients, bool split,
                                       const std::string& comment, const std::string& comment_to) {
    SpendLocks locks(chain_, pool_, wallet_);
    if (Status s = CheckUnlocked(); !s) return s.error();
    const std::vector<CoinCandidate> candidates = Candidates();
    SelectionRng rng(RandomSeed());
    const BuildOptions bo = BuildOptionsAt(static_cast<uint32_t>(std::max(0, chain_.Height())));
    const FeePolicy fee = CurrentFeePolicy();
    ReservedKeys keys(keys_, log_);
    const ChangeScriptFn change = ChangeFn(std::nullopt, keys);
    std::vector<BuiltTransaction> built;
    if (split && recipients.size() == 1) {
        auto txs = BuildSplitPayment(recipients[0], candidates, change, fee, rng, bo);
        if (!txs) return txs.error();
        built = std::move(txs.value());
    } else {
        auto tx = BuildTransaction(recipients, candidates, change, fee, rng, bo);
        if (!tx) return tx.error();
        built.push_back(std::move(tx.value()));
    }
    return SignAndCommit(std::move(built), true, keys, comment, comment_to);
}

Result<SendResult> WalletSpender::SendAny(AnyAssetRequest request, bool commit,
                                          const std::optional<Script>& change_script,
                                          const std::string& comment, const std::string& comment_to) {
    SpendLocks locks(chain_, pool_, wallet_);
    if (Status s = CheckUnlocked(); !s) return s.error();
    const std::vector<CoinCandidate> candidates = Candidates();
    // Balances of the assets that may pay: every non-policy asset the wallet can spend.
    const ChainParams& params = chain_.params();
    const int next_height = chain_.Height() + 1;
    std::map<uint256, Amount> balances;
    for (const CoinCandidate& c : candidates) {
        if (IsPolicyAsset(params, c.asset, static_cast<uint32_t>(next_height))) continue;
        balances[c.asset] += c.value;
    }
    request.balances.clear();
    for (const auto& [asset, value] : balances) request.balances.push_back({asset, value});
    SelectionRng rng(RandomSeed());
    const BuildOptions bo = BuildOptionsAt(static_cast<uint32_t>(std::max(0, chain_.Height())));
    ReservedKeys keys(keys_, log_);
    auto built =
        BuildAnyAssetPayment(request, candidates, ChangeFn(change_script, keys), CurrentFeePolicy(), rng, bo);
    if (!built) return built.error();
    return SignAndCommit(std::move(built.value()), commit, keys, comment, comment_to);
}

Result<IssuanceResult> WalletSpender::BuildIssuance(const std::optional<uint256>& reissue_asset,
                                                    Amount asset_amount, Amount token_amount) {
    SpendLocks locks(chain_, pool_, wallet_);
    if (Status s = CheckUnlocked(); !s) return s.error();
    const std::vector<CoinCandidate> candidates = Candidates();
    const FeePolicy fee_policy = CurrentFeePolicy();
    IssuanceResult result;
    std::vector<CoinCandidate> inputs;
    MutableTransaction tx;
    tx.version = 2;
    tx.lock_time = static_cast<uint32_t>(std::max(0, chain_.Height()));
    const BuildOptions bo = BuildOptionsAt(tx.lock_time);

    // The reissuance token, first input for a reissuance.
    if (reissue_asset) {
        std::optional<uint256> entropy;
        for (const WalletTx* wtx : wallet_.TxsInOrder()) {
            for (const TxIn& in : wtx->tx->vin) {
                if (!in.HasIssuance() || in.issuance.IsReissuance()) continue;
                const uint256 e = ComputeIssuanceEntropy(in.prevout, in.issuance.asset_entropy);
                if (ComputeAssetId(e) == *reissue_asset) entropy = e;
            }
        }
        if (!entropy) return Error("no-token", "Asset issuance not found in the wallet");
        result.entropy = *entropy;
        result.asset = *reissue_asset;
        result.token = ComputeReissuanceToken(*entropy, false);
        const CoinCandidate* token_coin = nullptr;
        for (const CoinCandidate& c : candidates)
            if (c.asset == result.token && (!token_coin || c.value > token_coin->value)) token_coin = &c;
        if (!token_coin) return Error("no-token", "No available reissuance tokens in wallet.");
        inputs.push_back(*token_coin);
    }

    // Coins of the fee asset for the fee (and, for a new issuance, at least one input to carry it).
    Amount fee = 0;
    if (fee_policy.fixed_fee > 0) {
        fee = fee_policy.fixed_fee;
    } else {
        const Amount rate = std::max(fee_policy.fee_rate, fee_policy.min_fee_rate);
        fee = rate * static_cast<Amount>(kIssuanceVsizeBase + 148) / 1000;
    }
    Amount fee_in = 0;
    if (fee > 0 || inputs.empty()) {
        SelectionRng rng(RandomSeed());
        CoinSelector selector(candidates);
        std::vector<bool> excluded(candidates.size(), false);
        for (size_t i = 0; i < candidates.size(); ++i)
            if (!inputs.empty() && candidates[i].outpoint == inputs[0].outpoint) excluded[i] = true;
        auto sel =
            selector.Select(fee_policy.fee_asset, std::max<Amount>(fee, 1), bo.eligibility, rng, excluded);
        if (!sel) return Error(kErrInsufficientFunds, "Insufficient funds");
        for (size_t i : sel->indices) inputs.push_back(candidates[i]);
        fee_in = sel->total;
    }

    for (const CoinCandidate& c : inputs) {
        TxIn in;
        in.prevout = c.outpoint;
        in.sequence = kSequenceFinal - 1;
        tx.vin.push_back(std::move(in));
    }
    AssetIssuance& issuance = tx.vin[0].issuance;
    if (reissue_asset) {
        issuance.asset_blinding_nonce = uint256(Bytes(32, 0xff));
        issuance.asset_entropy = result.entropy;
        issuance.amount = ConfidentialValue(asset_amount);
    } else {
        issuance.asset_entropy = options_.contract_hash;
        if (asset_amount > 0) issuance.amount = ConfidentialValue(asset_amount);
        if (token_amount > 0) issuance.inflation_keys = ConfidentialValue(token_amount);
        result.entropy = ComputeIssuanceEntropy(tx.vin[0].prevout, options_.contract_hash);
        result.asset = ComputeAssetId(result.entropy);
        result.token = ComputeReissuanceToken(result.entropy, false);
    }

    ReservedKeys keys(keys_, log_);
    auto fresh = [&keys]() { return keys.Take(); };
    if (asset_amount > 0) {
        auto s = fresh();
        if (!s) return s.error();
        tx.vout.push_back(MakeExplicitTxOut(result.asset, asset_amount, s->bytes()));
    }
    if (reissue_asset) {
        auto s = fresh();
        if (!s) return s.error();
        tx.vout.push_back(MakeExplicitTxOut(result.token, inputs[0].value, s->bytes()));
    } else if (token_amount > 0) {
        auto s = fresh();
        if (!s) return s.error();
        tx.vout.push_back(MakeExplicitTxOut(result.token, token_amount, s->bytes()));
    }
    if (fee_in > fee) {
        auto s = fresh();
        if (!s) return s.error();
        tx.vout.push_back(MakeExplicitTxOut(fee_policy.fee_asset, fee_in - fee, s->bytes()));
    } else {
        fee = fee_in;  // a fee-asset input smaller than the estimate: all of it goes to the fee
    }
    if (fee > 0) tx.vout.push_back(MakeExplicitTxOut(fee_policy.fee_asset, fee, Bytes()));

    if (Status s = SignBuilt(tx, inputs); !s) return s.error();
    auto committed = Commit(std::move(tx), "", "");
    if (!committed) return committed.error();
    keys.KeepUsedBy(**committed);
    result.tx = *committed;
    result.vin = 0;
    return result;
}

Result<IssuanceResult> WalletSpender::IssueAsset(Amount asset_amount, Amount token_amount) {
    return BuildIssuance(std::nullopt, asset_amount, token_amount);
}

Result<IssuanceResult> WalletSpender::ReissueAsset(const uint256& asset, Amount amount) {
    return BuildIssuance(asset, amount, 0);
}

Result<TransactionRef> WalletSpender::DestroyAmount(const uint256& asset, Amount amount,
                                                    const std::string& comment) {
    Recipient burn;
    burn.script_pubkey = Script() << OP_RETURN;
    burn.asset = asset;
    burn.amount = amount;
    auto sent = Send({burn}, false, comment, "");
    if (!sent) return sent.error();
    return sent->txs.at(0);
}

Result<CoinCandidate> WalletSpender::PresetCoin(const TxIn& in) const {
    std::optional<TxOut> out;
    bool from_me = false;
    int depth = 0;
    if (const WalletTx* wtx = wallet_.GetTx(in.prevout.hash)) {
        if (in.prevout.n < wtx->tx->vout.size()) out = wtx->tx->vout[in.prevout.n];
        from_me = wtx->from_me;
        depth = wallet_.Depth(*wtx);
    } else if (auto coin = pool_.GetOutputCoin(in.prevout)) {
        out = coin->out;
    } else if (auto utxo = chain_.GetCoin(in.prevout)) {
        out = utxo->out;
        depth = std::max(0, chain_.Height() - static_cast<int>(utxo->height) + 1);
    }
    if (!out || !out->asset.IsExplicit() || !out->value.IsExplicit())
        return Error(kErrInsufficientFunds, "Insufficient funds");
    CoinCandidate c;
    c.outpoint = in.prevout;
    c.asset = out->asset.GetAsset();
    c.value = out->value.GetAmount();
    c.script_pubkey = Script(out->script_pubkey);
    c.depth = depth;
    c.from_me = from_me;
    c.input_vsize = PresetInputVsize(in, c.script_pubkey);
    return c;
}

Result<WalletSpender::Funded> WalletSpender::Fund(const MutableTransaction& in, const FundOptions& fo) {
    SpendLocks locks(chain_, pool_, wallet_);
    // The payments: every output but the fee outputs, which are recomputed.
    std::vector<Recipient> recipients;
    std::vector<size_t> recipient_vout;
    for (size_t k = 0; k < in.vout.size(); ++k) {
        const TxOut& out = in.vout[k];
        if (out.IsFee()) continue;
        if (!out.asset.IsExplicit() || !out.value.IsExplicit())
            return Error("-8", "fundrawtransaction needs explicit output assets and amounts");
        recipients.push_back({Script(out.script_pubkey), out.asset.GetAsset(), out.value.GetAmount(),
                              fo.subtract_fee_from.count(k) > 0});
        recipient_vout.push_back(k);
    }
    // The coins of the inputs already there, and what their issuances create.
    std::vector<CoinCandidate> preset;
    AmountMap issued;
    for (const TxIn& txin : in.vin) {
        auto coin = PresetCoin(txin);
        if (!coin) return coin.error();
        preset.push_back(std::move(*coin));
        if (!txin.HasIssuance()) continue;
        const AssetIssuance& is = txin.issuance;
        const uint256 entropy =
            is.IsReissuance() ? is.asset_entropy : ComputeIssuanceEntropy(txin.prevout, is.asset_entropy);
        if (is.amount.IsExplicit()) issued[ComputeAssetId(entropy)] += is.amount.GetAmount();
        if (!is.IsReissuance() && is.inflation_keys.IsExplicit())
            issued[ComputeReissuanceToken(entropy, false)] += is.inflation_keys.GetAmount();
    }

    FeePolicy fee = CurrentFeePolicy();
    if (fo.fee_rate) {
        fee.fee_rate = *fo.fee_rate;
        fee.min_fee_rate = 0;
    }
    SelectionRng rng(RandomSeed());
    ReservedKeys keys(keys_, log_);
    auto built =
        BuildFundedTransaction(recipients, preset, issued, Candidates(fo.include_watching),
                               ChangeFn(fo.change_script, keys), fee, rng, BuildOptionsAt(in.lock_time));
    if (!built) return built.error();
    if (Status s = CheckMempoolChain(Transaction(built->tx), built->estimated_vsize); !s) return s.error();

    // The caller's transaction with the added inputs after its own, its outputs in order (values from
    // the build: subtractFeeFromOutputs), the change among them and the fee output last.
    Funded f;
    f.tx = in;
    f.tx.vin.insert(f.tx.vin.end(), built->tx.vin.begin() + static_cast<std::ptrdiff_t>(preset.size()),
                    built->tx.vin.end());
    f.tx.vout.clear();
    size_t next_recipient = 0;
    for (size_t k = 0; k < built->tx.vout.size(); ++k) {
        const TxOut& out = built->tx.vout[k];
        const bool change = std::find(built->change_outputs.begin(), built->change_outputs.end(), k) !=
                            built->change_outputs.end();
        if (change && f.change_pos < 0) f.change_pos = static_cast<int>(k);
        if (change || built->fee_output == k) {
            f.tx.vout.push_back(out);
            continue;
        }
        TxOut original = in.vout[recipient_vout.at(next_recipient++)];
        original.value = out.value;
        f.tx.vout.push_back(std::move(original));
    }
    f.fee = built->fee;
    if (fo.lock_unspents) {
        for (size_t i = preset.size(); i < built->inputs.size(); ++i)
            wallet_.LockCoin(built->inputs[i].outpoint);
    }
    if (fo.reserve_change_key) keys.KeepUsedBy(f.tx);
    return f;
}

std::vector<uint256> WalletSpender::ReacceptWalletTransactions(bool relay, int64_t received_before) {
    SpendLocks locks(chain_, pool_, wallet_);
    std::vector<uint256> in_pool;
    for (const WalletTx* wtx : wallet_.TxsInOrder()) {
        if (wtx->tx->IsCoinBase() || wtx->abandoned || wallet_.Depth(*wtx) != 0) continue;
        if (wtx->time_received > received_before) continue;
        if (!wtx->in_mempool) {
            if (!wtx->from_me || !Submit(wtx->tx, false)) continue;
        }
        in_pool.push_back(wtx->Txid());
        if (relay && options_.relay) options_.relay(wtx->tx);
    }
    return in_pool;
}

void WalletSpender::UpdatedBlockTip(const BlockIndex&, const BlockIndex*, bool) {
    {
        std::lock_guard lock(wallet_.mutex());  // the chain lock is held: the order stays chain → wallet
        if (pending_.empty()) return;
    }
    SpendLocks locks(chain_, pool_, wallet_);
    const std::set<uint256> pending = std::move(pending_);
    pending_.clear();
    for (const uint256& txid : pending) {
        const WalletTx* wtx = wallet_.GetTx(txid);
        if (!wtx || wtx->abandoned || wtx->in_mempool || wallet_.Depth(*wtx) != 0) continue;
        (void)Submit(wtx->tx, true);
    }
}

}  // namespace ocean
