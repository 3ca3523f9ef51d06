// Transaction policy: the node-local (non-consensus) rules a transaction must pass to enter the mempool
// (consensus.md §11.1–§11.2, policy.md §4, §9, §10). Standardness of outputs and of whole transactions
// with Bitcoin Core 0.14's reject reasons, the dust threshold, standard inputs and witnesses, virtual size,
// the fee Ocean examines, the fee exemptions and the fixed-fee mode (-fixedtxfee).
//
// Everything here is a pure function of the transaction, the coins it spends (one per input, in input
// order, as the chain layer resolves them), the chain parameters and PolicyOptions. Nothing reads a UTXO
// set, the mempool or a clock, and nothing aborts on confidential (blinded) fields: where Ocean asserts
// that an asset or value is explicit, these functions treat the blinded field as "not matching" or return
// an Error, as documented on each.
//
// The freeze/burn/white list rules (policy.md §6–§8) need the lists and are not part of this file; the
// structural predicate IsRedemption (policy.md §7.1) is, because the fee exemptions use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/coin.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/script.h"
#include "ocean/script/standard.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// --- Constants (consensus.md §7.5, §11.1, §13) -------------------------------------------------------

// The mempool script flags (consensus.md §7.5), kMandatoryScriptVerifyFlags (P2SH | CHECKLOCKTIMEVERIFY)
// and kStandardScriptVerifyFlags, are defined next to the flag bits in ocean/script/interpreter.h (the
// chain layer needs them too), and re-exported here by the include above. Their values are pinned:
static_assert(kMandatoryScriptVerifyFlags == (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY));
static_assert(kStandardScriptVerifyFlags == 0xffdf);  // every 0.14 flag except SIGPUSHONLY (32)

inline constexpr size_t kMaxStandardTxWeight = 400'000;     // weight must be below this
inline constexpr int64_t kMaxStandardTxSigopCost = 16'000;  // kMaxBlockSigOpsCost / 5
inline constexpr int32_t kMaxStandardVersion = 2;           // nVersion must be 1..2
inline constexpr size_t kMaxStandardScriptSigSize = 1650;   // bytes per scriptSig
inline constexpr unsigned kMaxP2SHSigOps = 15;              // accurate sigops of a P2SH redeem script
inline constexpr size_t kMaxStandardP2WSHStackItems = 100;  // witness items besides the script
inline constexpr size_t kMaxStandardP2WSHStackItemSize = 80;
inline constexpr size_t kMaxStandardP2WSHScriptSize = 3600;
inline constexpr int64_t kDefaultBytesPerSigop = 20;         // -bytespersigop
inline constexpr size_t kDefaultMaxOpReturnBytes = 83;       // -datacarriersize (whole script)
inline constexpr size_t kDefaultRegisterAddressSize = 3203;  // -registeraddresssize (whole script)
// Base units per 1000 bytes.
inline constexpr Amount kDefaultMinRelayTxFee = 1000, kDefaultDustRelayFee = 1000,
                        kDefaultIncrementalRelayFee = 1000;

// The policy options of a node (config.md names in the comments).
struct PolicyOptions {
    bool require_standard = false;     // !-acceptnonstdtxn (chain default: not required)
    bool permit_bare_multisig = true;  // -permitbaremultisig
    bool register_address = true;      // -registeraddress
    size_t register_address_size = kDefaultRegisterAddressSize;  // -registeraddresssize
    size_t max_op_return_bytes = kDefaultMaxOpReturnBytes;       // -datacarriersize
    bool data_carrier = true;                                    // -datacarrier
    Amount dust_relay_fee = kDefaultDustRelayFee;                // -dustrelayfee (base units per 1000 bytes)
    Amount fixed_tx_fee = 0;                                     // -fixedtxfee (0 = off)
};

// Core 0.14's CFeeRate::GetFee: rate_per_kb × bytes / 1000 (truncated), but at least 1 (or -1 for a
// negative rate) when bytes > 0 and the rate is non-zero.
Amount GetFeeForSize(Amount rate_per_kb, size_t bytes);

// --- Dust (consensus.md §11.1) ------------------------------------------------------------------------

// The serialized size of `out` as Elements counts it for the dust rule: its asset, value and nonce fields
// as encoded (33 + 9 + 1 for the usual explicit output with a null nonce) plus the script with its
// CompactSize length. The output witness is not part of it.
size_t GetDustOutputSize(const TxOut& out);
// 3 × GetFeeForSize(dust_relay_fee, GetDustOutputSize(out) + 148), or + 67 when the script is a witness
// program (32 + 4 + 1 + 107/4 + 4); 0 for unspendable scripts (empty, OP_RETURN, 0xb6/0xb8 first byte,
// > 50,000 bytes). At 1000 per kB a P2PKH output's threshold is 3 × (69 + 148) = 651.
Amount GetDustThreshold(const TxOut& out, Amount dust_relay_fee);
// value < threshold. Exempt (never dust): fee outputs (TxOut::IsFee), outputs whose value is not explicit
// (confidential), and unspendable outputs (threshold 0).
bool IsDust(const TxOut& out, Amount dust_relay_fee);

// --- Standardness (consensus.md §11.1, policy.md §4) --------------------------------------------------

// Core's IsStandard(scriptPubKey) with Ocean's types. Standard: P2PK, P2PKH, P2SH, P2WPKH, P2WSH (segwit
// is always on), fee (empty script), bare multisig and CLTV-locked multisig with 1 <= m <= n <= 3,
// OP_RETURN + pushes when options.data_carrier and the whole script is <= options.max_op_return_bytes,
// register/deregister-address scripts (v0 and v1) when options.register_address and the whole script is
// <= options.register_address_size. Non-standard: OP_TRUE (`51`), other witness versions, anything Solve
// does not match. -permitbaremultisig is a transaction-level rule (IsStandardTx, "bare-multisig").
// type_out, when given, receives the Solve type name ("pubkeyhash", "nulldata", ...) even on rejection.
bool IsStandardOutput(const Script& script, const PolicyOptions& options, std::string* type_out = nullptr);
// The same, giving the Solve type.
bool IsStandardOutput(const Script& script, const PolicyOptions& options, TxoutType& type);

// Core 0.14 IsStandardTx, in its order, false with the reject reason:
//  "version"                nVersion outside 1..2;
//  "tx-size"                weight >= 400,000;
//  "scriptsig-size"         a scriptSig > 1650 bytes;
//  "scriptsig-not-pushonly" a scriptSig that is not push-only;
//  "scriptpubkey"           an output that is not IsStandardOutput;
//  "bare-multisig"          a bare or CLTV-locked multisig output while !options.permit_bare_multisig
//                           (policy.md §2: the option covers both, and so policy outputs);
//  "dust"                   an output (other than OP_RETURN data) that IsDust at options.dust_relay_fee;
//  "multi-op-return"        more than one OP_RETURN data output.
// options.require_standard is not consulted: the caller decides whether to apply standardness.
bool IsStandardTx(const Transaction& tx, const PolicyOptions& options, std::string& reason);

// Core 0.14 AreInputsStandard (reject reason "bad-txns-nonstandard-inputs"): every spent script must be
// solvable (Solve type other than nonstandard; OP_TRUE coins are solvable), and for P2SH coins the
// scriptSig, evaluated without flags, must leave a redeem script on top with at most 15 accurate sigops.
// A coinbase is always standard. spent[i] is the coin input i spends; a size mismatch gives false.
bool AreInputsStandard(const Transaction& tx, std::span<const Coin> spent);

// Core 0.14 IsWitnessStandard (reject reason "bad-witness-nonstandard"): an input with a script witness
// must spend a witness program (directly, or P2SH whose scriptSig, evaluated without flags, leaves the
// program on top); for P2WSH the witness script (last item) is <= 3600 bytes and the other items number
// <= 100, each <= 80 bytes. Inputs without a script witness and coinbases pass. Size mismatch: false.
bool IsWitnessStandard(const Transaction& tx, std::span<const Coin> spent);

// Core 0.14 with -bytespersigop: ceil(max(weight, sigop_cost × bytes_per_sigop) / 4).
int64_t GetVirtualTransactionSize(int64_t weight, int64_t sigop_cost,
                                  int64_t bytes_per_sigop = kDefaultBytesPerSigop);

// --- Fees (consensus.md §11.2) ------------------------------------------------------------------------

// The fee Ocean's mempool examines: the first entry of the fee map, i.e. the asset with the lowest internal
// byte order among the fee outputs (TxOut::IsFee) with the sum of its fee outputs (saturating above
// MAX_MONEY like GetFeeMap); with no fee output, 0 in vout[0]'s asset.
struct ExaminedFee {
    uint256 asset;
    Amount amount = 0;
};
// Ocean asserts when there is no fee output and vout[0]'s asset is not explicit (consensus.md §12.14);
// this returns Error{"bad-txns-fee-asset"} instead (also for a transaction without outputs).
Result<ExaminedFee> GetExaminedFee(const Transaction& tx);

// --- Classification (consensus.md §11.2–§11.4, policy.md §3.2, §6, §7.1, §9) ---------------------------

// IsAllBurn (policy.md §6): every output is OP_RETURN data (Solve type nulldata). A fee output, a
// register-address output or an unsolvable output makes it false; so a burn that pays a fee output is
// not "all burn" (policy.md §16). Vacuously true without outputs (which CheckTransaction rejects).
bool IsAllBurn(const Transaction& tx);

// The policy-asset ids in force at `height`: freezelist, burnlist, whitelist, challenge, permission and
// issuance, each ChainParams::PolicyAssetAt (the -*assetchange schedules with their burnlist quirk, else
// the genesis asset); assets genesis did not issue are left out. Ocean recomputes its variables as each
// block connects, so at mempool acceptance `height` should be the active chain's tip height. (Ocean also
// sets a variable when its *coinsdestination option is given but -policycoins is 0, and then compares
// against an asset nobody holds; ChainParams only knows issued assets, which makes no practical
// difference. An asset that is not in force never matches, not even an explicit all-zero asset id.)
std::vector<uint256> PolicyAssetsAt(const ChainParams& params, int height);
// IsPolicy (policy.md §3.2, §10): any output carries an explicit asset that is a policy asset at height.
// Only outputs are looked at (Ocean's rule; spending a policy output into ordinary assets is not policy).
// Confidential assets never match.
bool IsPolicyTx(const Transaction& tx, const ChainParams& params, int height);
// IsPolicy with authorisation (our reading of policy.md §10.2, §17 item 5; doc/ocean-differences.md §11):
// some output carries explicit policy asset A in force at `height` AND some spent coin carries explicit
// A. A zero-value output of a policy asset, which anyone can create, does not make a transaction
// "policy". Used for every policy exemption (fees, the list rules).
bool IsAuthorisedPolicyTx(const Transaction& tx, std::span<const Coin> spent, const ChainParams& params,
                          int height);
// Whether some spent coin carries explicit asset `asset`.
bool SpendsAsset(std::span<const Coin> spent, const uint256& asset);
// IsAllPolicy: every output (fee outputs included) carries an explicit policy asset; false without outputs.
bool IsAllPolicyTx(const Transaction& tx, const ChainParams& params, int height);
// vin[0] carries an issuance (new issuance or reissuance).
bool Input0HasIssuance(const Transaction& tx);
// IsRedemption (policy.md §7.1): scanning outputs in order, an unsolvable output gives false, and a
// P2PKH output to hash160 = 0²⁰ gives true; false at the end. Purely structural: whether its addresses are
// on the freezelist (IsRedemptionListed) is the freezelist rule's business, not the fee exemption's.
bool IsRedemption(const Transaction& tx);
// Any spent coin is a coinbase output.
bool SpendsCoinbase(std::span<const Coin> spent);

// The fee exemptions of consensus.md §11.2 / policy.md §9, shared by the fixed-fee rule and the dynamic
// mempool minimum fee: Input0HasIssuance, IsAllBurn, IsAuthorisedPolicyTx (Ocean: IsPolicyTx, outputs
// only), IsRedemption or SpendsCoinbase.
bool IsFeeExempt(const Transaction& tx, std::span<const Coin> spent, const ChainParams& params, int height);

// --- Fixed-fee mode (-fixedtxfee; policy.md §5 steps 9 and 11, §9) -----------------------------------

// The split-outputs spam rule, applied when fixed_tx_fee > 0 to transactions that are neither IsAllBurn
// nor IsAllPolicyTx: "split-outputs-spam" when more than 2 outputs are OP_RETURN data or unsolvable
// (Solve types nulldata and nonstandard), or when two P2PKH/P2SH outputs pay the same 20-byte hash in the
// same asset. Reading chosen: the hash alone is compared (policy.md §9 "the same 20-byte hash"), so a
// P2PKH and a P2SH output with equal hashes collide; assets are compared as encoded, so two outputs with
// the same blinded asset commitment collide too (Ocean would assert on them).
std::optional<std::string> CheckSplitOutputsSpam(const Transaction& tx, const ChainParams& params, int height,
                                                 const PolicyOptions& options);
// The exact-fee rule, applied when fixed_tx_fee > 0 unless IsFeeExempt: "incorrect transaction fee" when
// GetExaminedFee's amount differs from fixed_tx_fee (whatever its asset, as in Ocean). A transaction whose
// fee cannot be examined (GetExaminedFee fails) gives "bad-txns-fee-asset"; exempt ones are never examined.
std::optional<std::string> CheckExactFixedFee(const Transaction& tx, std::span<const Coin> spent,
                                              const ChainParams& params, int height,
                                              const PolicyOptions& options);
// Both, in Ocean's order: the spam rule (which testmempoolaccept also applies) first, then the exact fee
// (a fee rule, which Ocean's test mode skips: callers in test mode use CheckSplitOutputsSpam alone).
// nullopt when fixed_tx_fee <= 0 or the transaction passes.
std::optional<std::string> CheckFixedFee(const Transaction& tx, std::span<const Coin> spent,
                                         const ChainParams& params, int height, const PolicyOptions& options);

}  // namespace ocean
