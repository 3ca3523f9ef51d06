// Block and header validity rules that need no UTXO set (consensus.md §2–§5.4).
//
// The chain layer calls, for a new block whose parent is known:
//   CheckBlockHeader / ContextualCheckBlockHeader when the header arrives,
//   CheckBlock and ContextualCheckBlock before connecting,
//   and in ConnectBlock: CheckCoinbaseDestination, then per transaction the tx_verify.h functions
//   (ResolveSpentCoins, sequence locks, GetTransactionSigOpCost, CheckTxInputs, VerifyAmounts, scripts,
//   AccumulateBlockFees), and finally CheckCoinbaseAmount with the accumulated fees.
// The genesis block is identified by its hash and never goes through these checks.
#pragma once

#include <cstdint>

#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/tx_check.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/consensus/validation_state.h"
#include "ocean/primitives/block.h"
#include "ocean/script/script.h"
#include "ocean/util/bytes.h"

namespace ocean {

inline constexpr size_t kMaxBlockWeight = 4000000;
// The median-time-past window, in blocks.
inline constexpr int kMedianTimeSpan = 11;

// What the contextual checks need to know about the parent of the block being checked.
struct PrevBlockInfo {
    int height = 0;
    int64_t median_time_past = 0;  // median nTime of the parent and its 10 predecessors
    Bytes challenge;               // the parent's proof.challenge
};

// The signed-block proof (consensus.md §2.1): the genesis hash is accepted as is; any other header must
// satisfy its own challenge with its solution (P2SH flag only, block-hash signature checker). Whether the
// challenge is the right one is ContextualCheckBlockHeader's question.
bool CheckBlockProof(const BlockHeader& header, const ChainParams& params);

// Context-free header checks: proof (block-proof-invalid, DoS 50) and nTime <= adjusted_time + 7200
// (time-too-new).
bool CheckBlockHeader(const BlockHeader& header, const ChainParams& params, ValidationState& state,
                      int64_t adjusted_time, bool check_proof = true);

// Context-free block checks (consensus.md §3): proof, merkle root (bad-txnmrklroot) and mutation
// (bad-txns-duplicate), sizes (bad-blk-length), coinbase position (bad-cb-missing, bad-cb-multiple),
// CheckTransaction on every tx (its reason), legacy sigops (bad-blk-sigops). nTime is not checked here
// (CheckBlockHeader and ContextualCheckBlockHeader do, they know the adjusted time).
bool CheckBlock(const Block& block, const ChainParams& params, ValidationState& state,
                bool check_merkle = true, bool check_proof = true);

// Header checks against the parent (consensus.md §2.3): challenge equal to the scheduled one or the
// parent's (bad-diffbits), nTime > parent MTP (time-too-old) and <= adjusted_time + 7200 (time-too-new),
// nHeight == parent + 1 (bad-header-height), nVersion >= 4 (bad-version(0x%08x)).
bool ContextualCheckBlockHeader(const BlockHeader& header, const PrevBlockInfo& prev,
                                const ChainParams& params, ValidationState& state, int64_t adjusted_time);

// Block checks against the parent (consensus.md §4): finality at the parent's MTP (bad-txns-nonfinal),
// BIP34 height prefix (bad-cb-height), witness commitment (bad-witness-nonce-size,
// bad-witness-merkle-match, unexpected-witness), weight (bad-blk-weight). Assumes CheckBlock passed.
bool ContextualCheckBlock(const Block& block, const PrevBlockInfo& prev, const ChainParams& params,
                          ValidationState& state);

// The mandatory coinbase destination (consensus.md §5.3): when -con_mandatorycoinbase is set, every
// coinbase output pays the destination scheduled for `height` or has an explicit value of 0
// (bad-coinbase-txos).
bool CheckCoinbaseDestination(const Block& block, uint32_t height, const ChainParams& params,
                              ValidationState& state);

// The coinbase may claim at most the block's fees, per asset (consensus.md §5.4): explicit assets and
// values in MoneyRange, zero values only to unspendable scripts, fees[A] − Σ outputs of A within
// 0..MAX_MONEY for every asset (bad-cb-amount).
bool CheckCoinbaseAmount(const Transaction& coinbase, const AmountMap& fees, ValidationState& state);

// Index of the last coinbase output that is a witness commitment (`6a 24 aa 21 a9 ed`, >= 38 bytes), or
// -1 when there is none (or the block is empty).
int GetWitnessCommitmentIndex(const Block& block);

// The script a coinbase scriptSig must start with at `height` (BIP34): OP_0, OP_1..OP_16, or the minimal
// script-number push.
Script CoinbaseHeightPrefix(uint32_t height);

}  // namespace ocean
