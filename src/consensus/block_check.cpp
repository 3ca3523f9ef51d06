// Block and header validity rules that need no UTXO set (consensus.md §2–§5.4).
#include "ocean/consensus/block_check.h"

#include <cstdio>
#include <string>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/merkle.h"

namespace ocean {
namespace {

constexpr uint8_t kWitnessCommitmentPrefix[] = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};
constexpr size_t kMinWitnessCommitmentSize = 38;

bool CheckTime(const BlockHeader& header, const ChainParams& params, ValidationState& state,
               int64_t adjusted_time) {
    if (int64_t{header.time} > adjusted_time + params.max_future_block_time)
        return state.Invalid("time-too-new", 0, "block timestamp too far in the future");
    return true;
}

}  // namespace

// A failed proof never condemns the block hash: the solution is not part of the hash, so anyone can
// send a bad-proof copy of a valid block (it is rejected as possibly corrupted, not marked invalid).
bool CheckBlockHeader(const BlockHeader& header, const ChainParams& params, ValidationState& state,
                      int64_t adjusted_time, bool check_proof) {
    if (check_proof && !CheckBlockProof(header, params))
        return state.Invalid("block-proof-invalid", 50, "block proof does not satisfy the challenge",
                             /*corruption_possible=*/true);
    return CheckTime(header, params, state, adjusted_time);
}

bool CheckBlock(const Block& block, const ChainParams& params, ValidationState& state, bool check_merkle,
                bool check_proof) {
    if (check_proof && !CheckBlockProof(block, params))
        return state.Invalid("block-proof-invalid", 50, "block proof does not satisfy the challenge",
                             /*corruption_possible=*/true);

    if (check_merkle) {
        bool mutated = false;
        const uint256 root = BlockMerkleRoot(block, &mutated);
        if (root != block.merkle_root)
            return state.Invalid("bad-txnmrklroot", 100, "hashMerkleRoot mismatch", true);
        if (mutated) return state.Invalid("bad-txns-duplicate", 100, "duplicate transaction", true);
    }

    if (block.vtx.empty() || block.vtx.size() * kWitnessScaleFactor > kMaxBlockWeight ||
        GetBlockStrippedSize(block) > kMaxBlockBaseSize)
        return state.Invalid("bad-blk-length", 100, "size limits failed");

    if (!block.vtx[0]->IsCoinBase()) return state.Invalid("bad-cb-missing", 100, "first tx is not coinbase");
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        if (block.vtx[i]->IsCoinBase())
            return state.Invalid("bad-cb-multiple", 100, "more than one coinbase");
    }

    for (const TransactionRef& tx : block.vtx) {
        if (!CheckTransaction(*tx, state)) {
            const std::string reason = state.GetRejectReason();
            return state.Invalid(reason, 0, "transaction check failed (tx " + tx->GetTxid().ToHex() + ")");
        }
    }

    uint64_t sigops = 0;
    for (const TransactionRef& tx : block.vtx) sigops += GetLegacySigOpCount(*tx);
    if (sigops * kWitnessScaleFactor > static_cast<uint64_t>(kMaxBlockSigOpsCost))
        return state.Invalid("bad-blk-sigops", 100, "out-of-bounds legacy sigop count");
    return true;
}

bool ContextualCheckBlockHeader(const BlockHeader& header, const PrevBlockInfo& prev,
                                const ChainParams& params, ValidationState& state, int64_t adjusted_time) {
    // A scheduled challenge applies from its height on; otherwise the parent's challenge carries over.
    const std::optional<Bytes> scheduled = params.ScheduledChallengeAt(header.height);
    const Bytes& expected = scheduled ? *scheduled : prev.challenge;
    if (header.proof.challenge != expected)
        return state.Invalid("bad-diffbits", 100, "incorrect block challenge");

    if (int64_t{header.time} <= prev.median_time_past)
        return state.Invalid("time-too-old", 0, "block's timestamp is too early");
    if (!CheckTime(header, params, state, adjusted_time)) return false;

    if (int64_t{header.height} != int64_t{prev.height} + 1)
        return state.Invalid("bad-header-height", 100, "header height is not parent height + 1");

    if (header.version < 4) {
        char reason[32];
        std::snprintf(reason, sizeof(reason), "bad-version(0x%08x)", static_cast<uint32_t>(header.version));
        return state.Invalid(reason, 0, "rejected block version below 4");
    }
    return true;
}

Script CoinbaseHeightPrefix(uint32_t height) {
    Script s;
    s.PushInt(height);
    return s;
}

int GetWitnessCommitmentIndex(const Block& block) {
    if (block.vtx.empty()) return -1;
    int index = -1;
    const std::vector<TxOut>& vout = block.vtx[0]->vout;
    for (size_t i = 0; i < vout.size(); ++i) {
        const Bytes& spk = vout[i].script_pubkey;
        if (spk.size() >= kMinWitnessCommitmentSize &&
            std::equal(std::begin(kWitnessCommitmentPrefix), std::end(kWitnessCommitmentPrefix), spk.begin()))
            index = static_cast<int>(i);
    }
    return index;
}

bool ContextualCheckBlock(const Block& block, const PrevBlockInfo& prev, const ChainParams& params,
                          ValidationState& state) {
    const int64_t height = int64_t{prev.height} + 1;

    for (const TransactionRef& tx : block.vtx) {
        if (!IsFinalTx(*tx, height, prev.median_time_past))
            return state.Invalid("bad-txns-nonfinal", 10, "non-final transaction " + tx->GetTxid().ToHex());
    }

    if (block.vtx.empty() || !block.vtx[0]->IsCoinBase())
        return state.Invalid("bad-cb-missing", 100, "first tx is not coinbase");
    const Transaction& coinbase = *block.vtx[0];

    const Script prefix = CoinbaseHeightPrefix(static_cast<uint32_t>(height));
    const Bytes& sig = coinbase.vin[0].script_sig;
    if (sig.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), sig.begin()))
        return state.Invalid("bad-cb-height", 100, "block height mismatch in coinbase");

    bool have_witness_commitment = false;
    const int commit = GetWitnessCommitmentIndex(block);
    if (commit >= 0) {
        const std::vector<Bytes>& nonce = coinbase.vin[0].witness.script_witness;
        if (nonce.size() != 1 || nonce[0].size() != 32)
            return state.Invalid("bad-witness-nonce-size", 100, "invalid witness nonce size", true);
        const uint256 root = BlockWitnessMerkleRoot(block);
        const uint256 expected = Sha256dHash(root.span(), nonce[0]);
        const Bytes& spk = coinbase.vout[commit].script_pubkey;
        if (!std::equal(expected.begin(), expected.end(), spk.begin() + 6))
            return state.Invalid("bad-witness-merkle-match", 100, "witness merkle commitment mismatch", true);
        have_witness_commitment = true;
    }
    if (!have_witness_commitment) {
        for (const TransactionRef& tx : block.vtx) {
            if (tx->HasWitness())
                return state.Invalid("unexpected-witness", 100, "unexpected witness data found", true);
        }
    }

    if (GetBlockWeight(block) > kMaxBlockWeight)
        return state.Invalid("bad-blk-weight", 100, "weight limit failed");
    return true;
}

bool CheckCoinbaseDestination(const Block& block, uint32_t height, const ChainParams& params,
                              ValidationState& state) {
    if (!params.EnforcesCoinbaseDestination() || block.vtx.empty()) return true;
    const Bytes& destination = params.CoinbaseDestinationAt(height);
    for (const TxOut& out : block.vtx[0]->vout) {
        if (out.script_pubkey == destination) continue;
        if (out.value.IsExplicit() && out.value.GetAmount() == 0) continue;
        return state.Invalid("bad-coinbase-txos", 100,
                             "coinbase pays to a script other than the mandatory one");
    }
    return true;
}

bool CheckCoinbaseAmount(const Transaction& coinbase, const AmountMap& fees, ValidationState& state) {
    AmountMap remaining = fees;
    for (const TxOut& out : coinbase.vout) {
        if (!out.value.IsExplicit() || !out.asset.IsExplicit())
            return state.Invalid("bad-cb-amount", 100, "coinbase output is not explicit");
        const Amount v = out.value.GetAmount();
        if (!MoneyRange(v)) return state.Invalid("bad-cb-amount", 100, "coinbase output value out of range");
        if (v == 0 && !Script(out.script_pubkey).IsUnspendable())
            return state.Invalid("bad-cb-amount", 100, "zero-value coinbase output to a spendable script");
        // What is left of an asset's fees only decreases, so once negative it stays out of range.
        Amount& left = remaining[out.asset.GetAsset()];
        if (left >= 0) left -= v;
        if (left < 0) return state.Invalid("bad-cb-amount", 100, "coinbase pays more than the block's fees");
    }
    for (const auto& [asset, left] : remaining) {
        if (!MoneyRange(left)) return state.Invalid("bad-cb-amount", 100, "fees out of range");
    }
    return true;
}

}  // namespace ocean
