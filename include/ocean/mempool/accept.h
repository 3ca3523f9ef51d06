// AcceptToMemoryPool: whether a loose transaction may enter the mempool (consensus.md §11, Bitcoin
// Core 0.14's rules with Ocean's fee policy), and adding it. Used by sendrawtransaction,
// testmempoolaccept, transactions relayed by peers, and re-adding transactions of disconnected blocks.
//
// Order of checks: context-free validity, coinbase, standardness (when required), the whitelist
// (policy.md §5 step 2; a transaction whose only way through is the policy exemption is decided once its
// inputs are known), finality at the
// next block, duplicates and conflicts (BIP125 replacement), inputs (mempool outputs first, then the
// UTXO set; missing inputs are reported separately so the caller can keep an orphan), BIP68, input
// amounts and value conservation, input/witness standardness, the freezelist/redemption and burnlist
// rules and -issuanceblock (steps 6–8), sigops, the fee of consensus.md §11.2
// (fixed-fee mode, or the rolling mempool minimum fee), the absurd-fee limit, ancestor/descendant
// limits, replacement rules, scripts (standard flags; a failure is re-checked with the mandatory flags
// to tell "non-standard" from "invalid"), then the pool is updated and trimmed.
//
// The caller holds the chain lock and the pool's mutex for the whole call (lock order: chain, pool).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/consensus/validation_state.h"
#include "ocean/mempool/policy.h"
#include "ocean/mempool/policy_list_rules.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/mempool/tx_mempool.h"

namespace ocean {

// Reject codes of the P2P reject message and of sendrawtransaction's "code: reason" errors.
inline constexpr uint8_t kRejectInvalid = 0x10;
inline constexpr uint8_t kRejectDuplicate = 0x12;
inline constexpr uint8_t kRejectNonstandard = 0x40;
inline constexpr uint8_t kRejectInsufficientFee = 0x42;
// Local reasons that are never sent to peers (Core's REJECT_HIGHFEE / REJECT_ALREADY_KNOWN).
inline constexpr int kRejectHighFee = 0x100;
inline constexpr int kRejectAlreadyKnown = 0x101;

struct AcceptOptions {
    PolicyOptions policy;
    Amount max_tx_fee = 0;          // absurd-fee limit (sendrawtransaction without allowhighfees); 0 = none
    bool test_only = false;         // check everything, change nothing (testmempoolaccept, dry runs)
    bool skip_list_rules = false;   // leave out the policy-list rules (Ocean's testmempoolaccept does)
    bool allow_replacement = true;  // -mempoolreplacement
    size_t max_pool_bytes = 300u << 20;      // -maxmempool (MB)
    int64_t expiry_seconds = 336 * 60 * 60;  // -mempoolexpiry (hours)
    Amount incremental_relay_fee = kDefaultIncrementalRelayFee;
    // The policy lists (policy.md §5–§8): null = no list rules. Which rules apply is list_policy's
    // whitelist/freezelist/burnlist/issuance_block; skip_list_rules leaves out the list rules (Ocean's
    // testmempoolaccept), not -issuanceblock.
    const PolicyLists* lists = nullptr;
    ListPolicyOptions list_policy;
};

struct AcceptResult {
    bool accepted = false;
    // Inputs not found in the pool or the UTXO set (and the tx is not already confirmed): a candidate
    // orphan. state is invalid with "bad-txns-inputs-missingorspent".
    bool missing_inputs = false;
    int reject_code = 0;  // kReject* when rejected
    ValidationState state;
    Amount fee = 0;  // the examined fee
    size_t vsize = 0;
    std::vector<TransactionRef> replaced;  // conflicts evicted by a replacement
};

AcceptResult AcceptToMemoryPool(Chainstate& chain, TxMempool& pool, const TransactionRef& tx,
                                const AcceptOptions& options, int64_t now);

}  // namespace ocean
