// WalletSpender: spending from the wallet — which coins may pay, building (tx_builder.h) and signing the
// transactions, and committing them. A committed transaction is first checked against the mempool's
// rules (nothing is stored when the node would refuse it), then stored in the wallet with a synced write,
// then accepted into the mempool and relayed: a crash at any point leaves either nothing or a stored
// transaction that ReacceptWalletTransactions submits again at the next start (and the node's periodic
// rebroadcast while it runs).
//
// Mempool chains (-walletrejectlongchains, Core 0.14): coin selection prefers coins whose transactions
// have short unconfirmed chains. With reject_long_chains a transaction whose in-mempool ancestors would
// exceed the pool's ancestor/descendant limits is refused ("Transaction has too long of a mempool
// chain"). Without it (the default) such a transaction is stored like Core 0.14 does, although the
// mempool refuses it for now: it is submitted again after every new tip (UpdatedBlockTip) until its
// ancestors have confirmed. Every other mempool refusal still refuses the send with nothing stored.
//
// Change keys come from the key pool as reservations (Core's CReserveKey): a key that ends up in a
// stored (or, for createanytoaddress and fundrawtransaction, returned) transaction is kept; one taken
// for a transaction that failed, or that needed no change after all, goes back to the pool.
//
// Also the wallet's asset actions (Elements/Ocean): issueasset, reissueasset, destroyamount, and funding
// of caller-built transactions (fundrawtransaction).
//
// Locks: every call takes chain → mempool → wallet in that order and holds them from coin selection to
// commit, so two concurrent sends never pick the same coins. The fee rate set by settxfee is guarded by
// its own mutex.
#pragma once

#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/chain/events.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/tx_mempool.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "ocean/wallet/key_store.h"
#include "ocean/wallet/tx_builder.h"
#include "ocean/wallet/wallet.h"

namespace ocean {

struct SpendOptions {
    FeePolicy fee;                       // -feeasset, -fallbackfee, -mintxfee, -fixedtxfee, -dustrelayfee
    Amount pay_tx_fee = 0;               // -paytxfee (settxfee changes it); 0 = use fee.fee_rate (fallback)
    bool spend_zero_conf_change = true;  // -spendzeroconfchange
    bool broadcast = true;               // -walletbroadcast: accept into the mempool and relay
    bool reject_long_chains = false;     // -walletrejectlongchains
    AcceptOptions accept;                // the node's mempool policy
    Amount max_tx_fee = 10'000'000;      // -maxtxfee
    uint256 contract_hash;               // issuance entropy: the contract hash of new issuances (zero)
    // Announces an accepted transaction to peers (null without P2P).
    std::function<void(const TransactionRef&)> relay;
};

// What a send produced: the transactions, committed in order.
struct SendResult {
    std::vector<TransactionRef> txs;
};

struct IssuanceResult {
    TransactionRef tx;
    uint256 entropy, asset, token;
    uint32_t vin = 0;
};

// fundrawtransaction's options (rpc.md §6.8).
struct FundOptions {
    bool include_watching = false;        // watch-only coins may be added
    bool lock_unspents = false;           // lock the added inputs (lockunspent)
    bool reserve_change_key = true;       // keep the change key (false: it goes back to the pool)
    std::optional<Script> change_script;  // changeAddress
    std::optional<Amount> fee_rate;       // feeRate per 1000 vbytes, instead of the wallet's rates
    std::set<size_t> subtract_fee_from;   // subtractFeeFromOutputs: indices into the transaction's vout
};

class WalletSpender final : public ChainListener {
  public:
    WalletSpender(Chainstate& chain, TxMempool& pool, Wallet& wallet, WalletKeyStore& keys,
                  SpendOptions options, const Clock& clock, Logger& log);

    // settxfee: fee rate per 1000 vbytes (0 = the fallback fee).
    void SetPayTxFee(Amount per_kb);
    Amount PayTxFee() const;
    FeePolicy CurrentFeePolicy() const;

    // Pays the recipients in one transaction, or (split, one recipient) in several when one would be too
    // large. comment/comment_to are stored with each transaction. Errors: the builder's codes
    // (tx_builder.h), "-13" locked wallet, "rejected" when the mempool refuses (its reason as message).
    Result<SendResult> Send(const std::vector<Recipient>& recipients, bool split, const std::string& comment,
                            const std::string& comment_to);
    // createanytoaddress (commit=false: signed transactions are returned, nothing is stored or sent) and
    // sendanytoaddress (commit=true). Non-policy assets only; balances are the trusted ones.
    Result<SendResult> SendAny(AnyAssetRequest request, bool commit,
                               const std::optional<Script>& change_script, const std::string& comment,
                               const std::string& comment_to);
    // issueasset: a new asset and its reissuance token, each to a fresh wallet address.
    Result<IssuanceResult> IssueAsset(Amount asset_amount, Amount token_amount);
    // reissueasset: spends the asset's reissuance token held by the wallet ("-4"-style errors as codes
    // "no-token" when the wallet does not hold it or does not know the asset's issuance).
    Result<IssuanceResult> ReissueAsset(const uint256& asset, Amount amount);
    // destroyamount: pays `amount` of `asset` to an OP_RETURN output.
    Result<TransactionRef> DestroyAmount(const uint256& asset, Amount amount, const std::string& comment);

    // fundrawtransaction (Core 0.14's FundTransaction): adds wallet inputs, change per asset and the fee
    // output to pay the transaction's outputs. Its inputs stay first, unchanged, whoever owns them; their
    // coins are looked up in the wallet, then the mempool, then the UTXO set (kErrInsufficientFunds
    // "Insufficient funds" when one is unknown or not explicit), and explicit issuances on them count as
    // paid in. Its outputs keep their order and fields (values change only for subtractFeeFromOutputs);
    // fee outputs are dropped and recomputed; change goes in at random positions, the fee output last.
    // Returns the funded unsigned transaction, the fee and the position of the first change output or -1.
    struct Funded {
        MutableTransaction tx;
        Amount fee = 0;
        int change_pos = -1;
    };
    Result<Funded> Fund(const MutableTransaction& tx, const FundOptions& options);

    // Submits every unconfirmed, unabandoned transaction of this wallet received at or before
    // `received_before` (Unix seconds) that is not in the mempool again, and with `relay` announces those
    // in the mempool to the peers (start-up, resendwallettransactions, the periodic rebroadcast); returns
    // the txids that are in the mempool afterwards.
    std::vector<uint256> ReacceptWalletTransactions(
        bool relay, int64_t received_before = std::numeric_limits<int64_t>::max());
    // A new tip: the stored transactions the mempool refused so far are submitted again.
    void UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* fork, bool initial_download) override;

    // The spendable coins (trusted or not: eligibility rounds decide) as builder candidates; with
    // include_watching watch-only coins too (they can be funded, not signed).
    std::vector<CoinCandidate> Candidates(bool include_watching = false) const;

  private:
    class ReservedKeys;

    Result<SendResult> SignAndCommit(std::vector<BuiltTransaction> built, bool commit, ReservedKeys& keys,
                                     const std::string& comment, const std::string& comment_to);
    Status SignBuilt(MutableTransaction& tx, const std::vector<CoinCandidate>& inputs) const;
    Result<TransactionRef> Commit(MutableTransaction tx, const std::string& comment,
                                  const std::string& comment_to);
    // Submits a stored transaction; one the mempool refuses is remembered for UpdatedBlockTip.
    bool Submit(const TransactionRef& tx, bool relay);
    ChangeScriptFn ChangeFn(const std::optional<Script>& fixed, ReservedKeys& keys);
    // -walletrejectlongchains: "-4" "Transaction has too long of a mempool chain" when the transaction's
    // in-mempool ancestors exceed the pool's limits.
    Status CheckMempoolChain(const Transaction& tx, size_t vsize) const;
    // The coin a transaction input spends, for fundrawtransaction: wallet, mempool, UTXO set.
    Result<CoinCandidate> PresetCoin(const TxIn& in) const;
    // "-13" while the wallet is locked.
    Status CheckUnlocked() const;
    // Coin eligibility per -spendzeroconfchange and the transaction's lock time.
    BuildOptions BuildOptionsAt(uint32_t lock_time) const;
    Result<IssuanceResult> BuildIssuance(const std::optional<uint256>& reissue_asset, Amount asset_amount,
                                         Amount token_amount);

    Chainstate& chain_;
    TxMempool& pool_;
    Wallet& wallet_;
    WalletKeyStore& keys_;
    SpendOptions options_;
    const Clock& clock_;
    Logger& log_;
    mutable std::mutex fee_mutex_;
    Amount pay_tx_fee_;
    // Stored own transactions the mempool refused (guarded by the wallet's mutex).
    std::set<uint256> pending_;
};

}  // namespace ocean
