// WalletSpender: spending from the wallet — which coins may pay, building (tx_builder.h) and signing the
// transactions, and committing them. A committed transaction is first checked against the mempool's
// rules (nothing is stored when the node would refuse it), then stored in the wallet with a synced write,
// then accepted into the mempool and relayed: a crash at any point leaves either nothing or a stored
// transaction that ReacceptWalletTransactions submits again at the next start (and the node's periodic
// rebroadcast while it runs).
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
#include <string>
#include <vector>

#include "ocean/chain/chainstate.h"
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

class WalletSpender {
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

    // fundrawtransaction: adds wallet inputs (and change, fee) to pay the transaction's outputs. Inputs
    // already present stay (their coins must be known). Returns the funded unsigned transaction, the fee
    // and the position of the (first) change output or -1.
    struct Funded {
        MutableTransaction tx;
        Amount fee = 0;
        int change_pos = -1;
    };
    Result<Funded> Fund(const MutableTransaction& tx, bool include_watching,
                        const std::optional<Script>& change_script);

    // Submits every unconfirmed, unabandoned transaction of this wallet received at or before
    // `received_before` (Unix seconds) that is not in the mempool again, and with `relay` announces those
    // in the mempool to the peers (start-up, resendwallettransactions, the periodic rebroadcast); returns
    // the txids that are in the mempool afterwards.
    std::vector<uint256> ReacceptWalletTransactions(
        bool relay, int64_t received_before = std::numeric_limits<int64_t>::max());

    // The spendable coins (trusted or not: eligibility rounds decide) as builder candidates.
    std::vector<CoinCandidate> Candidates() const;

  private:
    Result<SendResult> SignAndCommit(std::vector<BuiltTransaction> built, bool commit,
                                     const std::string& comment, const std::string& comment_to);
    Status SignBuilt(MutableTransaction& tx, const std::vector<CoinCandidate>& inputs) const;
    Result<TransactionRef> Commit(MutableTransaction tx, const std::string& comment,
                                  const std::string& comment_to);
    ChangeScriptFn ChangeFn(const std::optional<Script>& fixed);
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
};

}  // namespace ocean
