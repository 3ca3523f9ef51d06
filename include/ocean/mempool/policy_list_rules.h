// The policy-list rules (policy.md §6–§8, §10; kyc.md §6–§7.1): the predicates that look a transaction
// up in the lists, the mempool-acceptance rules built on them with Ocean's reject reasons, and what a
// confirmed policy transaction changes in the lists.
//
// Everything is a pure function of the transaction, the coins it spends (one per input, in input
// order), the lists and the chain parameters. A confidential (blinded) asset or value never crashes:
// a blinded asset is "not a policy asset", a blinded value is "zero" for the burn test (policy.md §17
// item 9).
//
// Authorisation (our reading of policy.md §10.2 and §17 item 5, not Ocean's): a transaction is a
// policy transaction for a policy asset A only when it *spends* a coin of A (an input whose spent
// output carries explicit A). Ocean looks at outputs only, so a zero-value output of A, which anyone
// can create, would add list entries and exempt the transaction from the list rules and fees. Here
// such an output authorises and exempts nothing (doc/ocean-differences.md §11).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/coin.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/script.h"
#include "ocean/util/result.h"

namespace ocean {

// Which list rules the node enforces at acceptance and maintains from the chain.
struct ListPolicyOptions {
    bool whitelist = false;       // -pkhwhitelist
    bool freezelist = false;      // -freezelist
    bool burnlist = false;        // -burnlist
    bool issuance_block = false;  // -issuanceblock
    bool contract_in_tx = false;  // -contractintx: register payloads skip the tweak checks
    uint256 contract_hash;        // the tweak contract (ChainParams::ContractHashAt(0)); zero = no tweak
    PubKey contract_point;        // contract_hash·G, so that tweaking a key is one point addition

    // Sets contract_hash and contract_point.
    void SetContract(const uint256& contract);
};

// --- Policy outputs (policy.md §1, §10.1) ------------------------------------------------------------

// key2 of a "4-solution multisig" (bare 1-of-2 or 2-of-2, m not checked), or nullopt.
std::optional<Bytes> PolicyOutputKey2(const Script& script);
// The key id a freezelist/burnlist policy output carries (key2 bytes 13..32), or nullopt.
std::optional<uint160> PolicyOutputKeyId(const Script& script);

// --- Predicates (policy.md §6, §7.1) -----------------------------------------------------------------

// IsWhitelisted: every output is solvable, and every output that is not fee/OP_RETURN/register (or any
// solvable output when vin[0] carries an issuance) is a P2PKH/P2SH whose key/script id is whitelisted
// or all zero.
bool IsWhitelistedTx(const Transaction& tx, const PolicyLists& lists);
// IsFreezelisted: not a coinbase, and every input spends a P2PKH on the freezelist (fee and register
// coins are skipped; any other coin, or an unsolvable one, makes it false).
bool IsFreezelistedTx(const Transaction& tx, std::span<const Coin> spent, const PolicyLists& lists);
// IsRedemptionListed: only OP_RETURN data and P2PKH outputs, each P2PKH to the zero hash or to a
// freezelisted key id (a fee output makes it false).
bool IsRedemptionListed(const Transaction& tx, const PolicyLists& lists);
// IsAnyBurn: an unsolvable output, or an OP_RETURN/register output with a non-zero explicit value.
bool IsAnyBurn(const Transaction& tx);
// IsBurnlisted: exactly one input, spending a P2PKH whose key id is on the burnlist.
bool IsBurnlistedTx(const Transaction& tx, std::span<const Coin> spent, const PolicyLists& lists);

// --- Acceptance rules (policy.md §5 steps 2, 6, 7, 8) -------------------------------------------------

// Step 2, before the inputs are known: kPass when IsAllBurn or IsWhitelisted; kPassIfPolicy when the
// only way through is the policy exemption (some output carries a policy asset; whether the
// transaction spends it is known only once its inputs are: WhitelistRuleAfterInputs); kReject
// ("non-whitelisted-address") otherwise.
enum class WhitelistPrecheck { kPass, kPassIfPolicy, kReject };
WhitelistPrecheck PrecheckWhitelist(const Transaction& tx, const PolicyLists& lists,
                                    const ChainParams& params, int height);
// The freezelist/redemption rule then the burnlist rule (policy.md §7.2) for a transaction that is not
// an authorised policy transaction; nullopt when it passes. Reasons: "freezelist-burn-no-burnlist",
// "freezelist-address-input", "redemption-tx-not-freezelisted", "burn-tx-not-burnlisted".
std::optional<std::string> CheckFreezeAndBurnRules(const Transaction& tx, std::span<const Coin> spent,
                                                   const PolicyLists& lists,
                                                   const ListPolicyOptions& options);
// -issuanceblock (policy.md §8): a new issuance in vin[0] must spend the ISSUANCE asset
// ("fblockissuancetx-non-issuance-asset") and, with -pkhwhitelist, pay vout[0] to a whitelisted P2PKH
// ("fblockissuancetx-non-whitelisted-address"). nullopt when it passes or does not apply.
std::optional<std::string> CheckIssuanceBlock(const Transaction& tx, std::span<const Coin> spent,
                                              const PolicyLists& lists, const ListPolicyOptions& options,
                                              const ChainParams& params, int height);

// --- Register-address payloads (kyc.md §6.2, §7.1, plain variant) -------------------------------------

// Parses a register/deregister payload of script version 0 or 1 into the destinations it names,
// checking each item (valid keys; unless contract_in_tx, the contract-tweaked key or multisig must hash
// to the given id; P2PKH/P2SH items only with contract_in_tx). All or nothing: an item that fails or
// data left over gives an Error.
Result<std::vector<ListEntry>> ParseRegisterPayload(ByteSpan data, int version,
                                                    const ListPolicyOptions& options);

// hash160 of the key tweaked with the contract (policy.md §13: P + c·G; untweaked when the contract is
// zero); nullopt when the key is not a valid point or the tweak fails (c not below the group order).
// The ListPolicyOptions forms use the precomputed c·G.
std::optional<uint160> TweakedKeyId(ByteSpan pubkey, const uint256& contract);
std::optional<uint160> TweakedKeyId(ByteSpan pubkey, const ListPolicyOptions& options);
// The P2SH script id of OP_m <tweaked keys> OP_n OP_CHECKMULTISIG (keys in the given order).
std::optional<uint160> TweakedMultisigId(int m, std::span<const Bytes> pubkeys, const uint256& contract);
std::optional<uint160> TweakedMultisigId(int m, std::span<const Bytes> pubkeys,
                                         const ListPolicyOptions& options);

// --- Block connect (policy.md §10.2, §11.1; kyc.md §7.1) ---------------------------------------------

// The list changes a confirmed transaction makes, in order, for the lists the options maintain:
// freezelist, then burnlist (vout[0] carries the list asset and the transaction spends that asset:
// first the key ids of spent 4-solution multisig coins are removed, then those of 4-solution multisig
// outputs added), then the whitelist (the first WHITELIST-asset register/deregister output of a
// transaction that spends the WHITELIST asset adds/removes the destinations of its payload). Coinbase
// transactions change nothing.
std::vector<ListChange> ListChangesForTx(const Transaction& tx, std::span<const Coin> spent,
                                         const ChainParams& params, int height,
                                         const ListPolicyOptions& options);

}  // namespace ocean
