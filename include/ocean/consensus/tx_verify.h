// Transaction rules that need context: the coins a transaction spends, the height and time of the block
// that includes it (consensus.md §5.2, §6.2–§6.5, §8).
//
// The chain layer resolves the spent coins (ResolveSpentCoins, or its own UTXO lookup plus
// GetPeginSpentCoin for peg-in inputs) and passes them, one per input and in input order, to the
// functions here. Nothing here touches a UTXO set or a block index.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/coin.h"
#include "ocean/consensus/validation_state.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/transaction.h"
#include "ocean/util/uint256.h"

namespace ocean {

inline constexpr int kCoinbaseMaturity = 2;
inline constexpr int64_t kMaxBlockSigOpsCost = 80000;
inline constexpr int kWitnessScaleFactor = 4;

// Lock-time verification flags (not script flags). Blocks always use both (consensus.md §1).
inline constexpr uint32_t kLocktimeVerifySequence = 1U << 0;
inline constexpr uint32_t kLocktimeMedianTimePast = 1U << 1;
inline constexpr uint32_t kBlockLocktimeFlags = kLocktimeVerifySequence | kLocktimeMedianTimePast;

// assetBlindingNonce of an "unblinded reissuance" (32 × 0xFF).
uint256 UnblindedReissuanceNonce();

// Per-asset amounts (fees, balances), ordered by internal asset-id bytes as Ocean's maps are.
using AmountMap = std::map<uint256, Amount>;

// --- Lock time (consensus.md §8) -------------------------------------------------------------------

// Final at (height, time): lock time 0, or below height/time (by the 500,000,000 threshold), or every
// input has sequence 0xFFFFFFFF. In blocks, time is the median time past of the previous block.
bool IsFinalTx(const Transaction& tx, int64_t height, int64_t time);

// BIP68 result: the block height and median-time-past the including block must exceed (-1: none).
struct SequenceLocks {
    int64_t min_height = -1;
    int64_t min_time = -1;
};

// BIP68 (consensus.md §8.2). prev_heights[i] is the height of the coin input i spends (ignored for
// peg-in inputs and inputs with the disable bit). mtp_at(h) gives the median time past of the block at
// height h on the chain being extended; it is called only for time-based locks.
SequenceLocks CalculateSequenceLocks(const Transaction& tx, uint32_t flags, std::span<const int> prev_heights,
                                     const std::function<int64_t(int)>& mtp_at);
// True when a block at block_height whose parent has median time past prev_mtp satisfies the locks.
bool EvaluateSequenceLocks(int64_t block_height, int64_t prev_mtp, const SequenceLocks& locks);

// --- Signature operations (consensus.md §3.6, §5.2) -------------------------------------------------

// CHECKSIG-like ops in every scriptSig and scriptPubKey, CHECKMULTISIG counting 20.
unsigned GetLegacySigOpCount(const Transaction& tx);
// Accurate count of the redeem scripts of P2SH spends (0 for a coinbase).
unsigned GetP2SHSigOpCount(const Transaction& tx, std::span<const Coin> spent);
// legacy × 4, plus (non-coinbase) P2SH × 4 when flags has P2SH, plus witness sigops. For a coinbase,
// `spent` may be empty.
int64_t GetTransactionSigOpCost(const Transaction& tx, std::span<const Coin> spent, uint32_t flags);

// --- Fees (consensus.md §5.2, §6.2) -------------------------------------------------------------------

// Every fee output (empty script, explicit asset and value) has a value in 1..MAX_MONEY and the
// per-asset fee totals are within MoneyRange.
bool HasValidFee(const Transaction& tx);
// Per-asset sum of the fee outputs. Like Ocean, a transaction without fee outputs maps vout[0]'s asset
// to 0 when that asset is explicit (the entry changes nothing in the block's fee check).
AmountMap GetFeeMap(const Transaction& tx);
// ConnectBlock's fee step: HasValidFee (else bad-fee-outofrange), then adds the tx's fees to
// block_fees, which must stay within MoneyRange per asset (else bad-blockreward-outofrange).
bool AccumulateBlockFees(const Transaction& tx, AmountMap& block_fees, ValidationState& state);

// --- Inputs and amounts (consensus.md §6.2, §6.3) ------------------------------------------------------

// For a non-coinbase tx, spent[i] being the coin input i spends (the synthetic coin for a peg-in):
// every coin exists (bad-txns-inputs-missingorspent), coinbase coins are at least 2 blocks deep at
// spend_height (bad-txns-premature-spend-of-coinbase), explicit values of ordinary inputs are in
// MoneyRange and their running sum over all inputs *of all assets* stays <= MAX_MONEY
// (bad-txns-inputvalues-outofrange), and HasValidFee (bad-txns-fee-outofrange). Peg-in witnesses are
// checked when their coin is built (GetPeginSpentCoin / ResolveSpentCoins).
bool CheckTxInputs(const Transaction& tx, std::span<const Coin> spent, int spend_height,
                   ValidationState& state);

// Value conservation for explicit amounts (consensus.md §6.3): for every asset, spent values plus
// issuance/reissuance amounts equal output values (fees included), with the exact rules of §6.3.2 for
// issuances, zero-value explicit inputs unspendable and explicit outputs carrying no proofs. Reject
// reason bad-txns-in-ne-out. Differences from Ocean, both deliberate:
//  - anything blinded (input coin, issuance amount, output asset or value) cannot be verified without
//    secp256k1-zkp and is rejected with bad-txns-blinded-unsupported (DoS 0);
//  - an unblinded reissuance (nonce 32 × 0xFF) must spend, in the same input, a coin of the explicit
//    reissuance token of the asset, else bad-txns-reissuance-unauthorized (Ocean accepts any input,
//    consensus.md §12.1).
bool VerifyAmounts(const Transaction& tx, std::span<const Coin> spent, ValidationState& state);

// --- Peg-in (consensus.md §6.5) ----------------------------------------------------------------------

// The 5-item peg-in witness of input `in`: int64 value in MoneyRange, the pegged asset, the parent genesis
// hash, a fully valid claim pubkey and prevout.hash.
bool CheckPeginWitness(const TxIn& in, const uint256& pegged_asset, const uint256& parent_genesis_hash);
// The synthetic coin a valid peg-in input spends: explicit value and asset from the witness,
// P2PKH(hash160(claim pubkey)), height 0, not coinbase. nullopt when the witness is invalid.
std::optional<Coin> GetPeginSpentCoin(const TxIn& in, const uint256& pegged_asset,
                                      const uint256& parent_genesis_hash);

// Looks up an unspent output (nullopt when missing or spent).
using CoinLookup = std::function<std::optional<Coin>(const OutPoint&)>;
// Fills spent[i] for every input: peg-ins get their synthetic coin (bad-pegin-witness when the witness
// is invalid), other inputs go through lookup; a missing coin or one listed in -disabledoutput gives
// bad-txns-inputs-missingorspent. A coinbase gets one null coin.
bool ResolveSpentCoins(const Transaction& tx, const ChainParams& params, const CoinLookup& lookup,
                       std::vector<Coin>& spent, ValidationState& state);

}  // namespace ocean
