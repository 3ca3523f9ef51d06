// ChainBuilder: a deterministic builder of valid Ocean test chains (consensus.md §2–§5).
//
// From a seed string it derives wallet keys (key i = SHA256(seed ‖ LE32(i))) and, optionally, block
// signing keys, builds a genesis whose free coins (100 outputs, formats.md §7.5) pay a P2PKH of key 0,
// and then produces blocks on its own tip: coinbase with the BIP34 height push and exactly the block's
// fees, merkle root, witness commitment when needed, times past the median-time-past, and the block
// proof (OP_TRUE, or an M-of-N multisig of the block keys). Transactions spend P2PKH (legacy
// SIGHASH_ALL) or P2WPKH (segwit v0) outputs it controls and always carry a non-zero fee output.
//
// The builder mirrors the UTXO set the blocks it was given imply (Accept). Building a block never
// changes that state: NextBlock, SpendBlock, FanOutBlock and SpendP2PKH are const, so the same builder
// can produce competing blocks on one tip. Branches are made by copying the builder or by Rewind,
// which undoes the last blocks with per-block undo data (kept for ChainBuilderOptions::max_rewind
// blocks). Everything is deterministic: the same seed, options and calls give byte-identical blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ocean/consensus/coin.h"
#include "ocean/consensus/genesis.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/primitives/amount.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/script.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean::test {

// What an output tracked by the builder is locked to.
enum class OutputKind : uint8_t {
    kP2PKH,    // 76a914{hash160(pubkey of `key`)}88ac
    kP2WPKH,   // 0014{hash160(pubkey of `key`)}
    kOpTrue,   // 51: spent with an empty scriptSig
    kForeign,  // anything else: tracked for the UTXO mirror, never selected for spending
};

struct ChainBuilderOptions {
    std::string chain = "bench";
    // Issued in genesis as 100 equal outputs (a multiple of 100 keeps the issuance balanced).
    Amount initial_free_coins = MAX_MONEY;
    // Where the free coins go; empty → P2PKH of key 0. `51` (OP_TRUE) is spendable by the builder too.
    Bytes initial_free_coins_destination;
    // -policycoins: base units of each policy asset issued in genesis (100 outputs each) to
    // policy_coins_destination (the freezelist, burnlist, whitelist and issuance assets; 0 = none).
    Amount policy_coins = 0;
    Bytes policy_coins_destination = {0x51};
    uint32_t genesis_time = 1514764800;
    // Seconds between consecutive block times (NextBlock never goes below MTP + 1).
    uint32_t block_interval = 60;
    // Wallet keys derived from the seed; created outputs are spread over them.
    uint32_t num_keys = 16;
    // Block proof: 0 → challenge OP_TRUE with an empty solution; otherwise an M-of-N multisig of
    // block keys (SHA256(seed ‖ "/block/" ‖ LE32(i))), solution `OP_0 <sig_0> … <sig_M-1>`.
    int block_signers_required = 0;  // M
    int block_signers_total = 0;     // N (>= M; 0 means N = M)
    // Where the coinbase pays the fees; empty → P2PKH of key 0 (tracked, spendable after maturity 2).
    Bytes coinbase_destination;
    // Fee per transaction used by SpendBlock and FanOutBlock.
    Amount fee = 10000;
    // Every n-th created output (by a content-derived index) is P2WPKH instead of P2PKH; 0 = never.
    uint32_t p2wpkh_every = 0;
    // Add the witness commitment to every block, not only to blocks with witness data.
    bool always_witness_commitment = false;
    // Threads used to sign the inputs of SpendBlock/FanOutBlock/SpendP2PKH (1 = the calling thread).
    unsigned sign_threads = 1;
    // Blocks of undo data kept for Rewind (older undo is dropped).
    uint32_t max_rewind = 1000;
};

// Per-call overrides of NextBlock.
struct NextBlockOptions {
    // Exact header time (no MTP clamp: lets tests build time-too-old blocks). Default:
    // max(tip time + block_interval, MTP(tip) + 1).
    std::optional<uint32_t> time;
    // Pushed (as a script number) after the BIP34 height in the coinbase scriptSig; vary it to get
    // distinct competing blocks with the same transactions.
    int64_t extra_nonce = 1;
    // Fee destination for this block instead of ChainBuilderOptions::coinbase_destination.
    std::optional<Bytes> coinbase_destination;
    // Force (true) the witness commitment even without witness data.
    bool witness_commitment = false;
};

// One output of the mirrored UTXO set.
struct UtxoEntry {
    TxOut out;  // without output witness
    uint32_t height = 0;
    bool coinbase = false;
    OutputKind kind = OutputKind::kForeign;
    int32_t key = -1;  // wallet key index for kP2PKH/kP2WPKH, else -1
    uint64_t seq = 0;  // creation order: spending selection is oldest first

    Coin ToCoin() const { return Coin(out, height, coinbase); }
};

class ChainBuilder {
  public:
    // Hard limits the convenience builders respect (consensus.md §3, §13).
    static constexpr size_t kMaxFanOutPerBlock = 10000;  // 4 sigops each: 40,000 ≤ 80,000
    static constexpr size_t kFanOutPerTx = 250;
    static constexpr int32_t kBlockVersion = 0x20000000;

    // Starts at the genesis tip; the UTXO set holds the genesis outputs.
    explicit ChainBuilder(std::string_view seed, ChainBuilderOptions options = {});

    // ---- chain definition ----
    const ChainBuilderOptions& Options() const { return opts_; }
    GenesisParams Params() const { return params_; }
    const Block& Genesis() const { return genesis_; }
    // Options reproducing this genesis (names without '-'), e.g. {"chain","bench"},
    // {"signblockscript","51"}, {"initialfreecoins",...}, {"initialfreecoinsdestination",hex}, ...
    std::vector<std::pair<std::string, std::string>> ChainOptions() const;
    // The same as ocean.conf lines `name=value\n` (with a leading comment line).
    std::string ConfigText() const;
    // The pegged (CBT) asset: the asset of the free coins, fees and coinbase outputs.
    const uint256& PeggedAsset() const { return pegged_asset_; }
    const Bytes& Challenge() const { return challenge_; }

    // ---- keys and scripts ----
    size_t NumKeys() const { return keys_.size(); }
    const Key& GetKey(size_t i) const { return keys_.at(i); }
    const PubKey& GetPubKey(size_t i) const { return pubkeys_.at(i); }
    Bytes P2PKHScript(size_t i) const;
    Bytes P2WPKHScript(size_t i) const;
    const std::vector<Key>& BlockSigningKeys() const { return block_keys_; }

    // ---- tip and history ----
    uint32_t Height() const { return static_cast<uint32_t>(hashes_.size() - 1); }
    const uint256& TipHash() const { return hashes_.back(); }
    uint32_t TipTime() const { return times_.back(); }
    uint256 HashAt(uint32_t height) const { return hashes_.at(height); }
    uint32_t TimeAt(uint32_t height) const { return times_.at(height); }
    // Median of the last 11 block times up to `height` (default: the tip).
    uint32_t MedianTimePast(std::optional<uint32_t> height = std::nullopt) const;

    // ---- UTXO mirror ----
    const std::map<OutPoint, UtxoEntry>& Utxos() const { return utxos_; }
    size_t UtxoCount() const { return utxos_.size(); }
    std::optional<Coin> GetCoin(const OutPoint& out) const;
    // Up to n outputs the builder can spend in the next block (its scripts, mature, explicit pegged
    // asset, worth more than options.fee and at least min_value), oldest first; fewer when fewer exist.
    // Smaller outputs stay in Utxos() and can still be spent explicitly with SpendP2PKH.
    std::vector<OutPoint> SelectSpendable(size_t n, Amount min_value = 1) const;

    // ---- transactions ----
    // A signed transaction spending `inputs` (builder-controlled, all of the pegged asset) into
    // n_outputs equal outputs (remainder on the first) to wallet keys, plus a fee output of `fee`
    // (> 0). P2PKH inputs are signed legacy SIGHASH_ALL, P2WPKH inputs segwit v0 SIGHASH_ALL. Throws
    // std::invalid_argument on an unknown input, a non-positive fee or too little value.
    MutableTransaction SpendP2PKH(const std::vector<OutPoint>& inputs, size_t n_outputs, Amount fee) const;
    // (Re)signs every input of tx the builder controls (after a test edited it). False when some input
    // is unknown or not spendable by the builder (those are left untouched).
    bool SignTransaction(MutableTransaction& tx) const;

    // ---- blocks ----
    // A valid block on the tip with the given transactions after the coinbase. Not accepted.
    Block NextBlock(std::vector<TransactionRef> txs, const NextBlockOptions& options = {}) const;
    // Splits the largest spendable outputs into n_outputs_total (≤ kMaxFanOutPerBlock) new outputs,
    // up to kFanOutPerTx per transaction. Throws std::runtime_error without enough value.
    Block FanOutBlock(size_t n_outputs_total, const NextBlockOptions& options = {}) const;
    // A block spending exactly n_inputs of the oldest spendable outputs, in transactions of
    // inputs_per_tx inputs and as many outputs (the last one may be smaller). Throws
    // std::runtime_error when too few outputs are spendable or the block would exceed 1,000,000
    // stripped bytes.
    Block SpendBlock(size_t n_inputs, size_t inputs_per_tx = 1, const NextBlockOptions& options = {}) const;
    // The block-proof solution for a header (empty for OP_TRUE).
    Bytes SignBlock(const BlockHeader& header) const;

    // Makes `block` the new tip: it must extend the tip (prev hash and height). Spends its inputs and
    // adds its spendable outputs (unspendable ones are pruned, as consensus does). Throws
    // std::invalid_argument when it does not extend the tip or spends an output not in the set.
    void Accept(const Block& block);
    // Undoes blocks until the tip is at `height`. Throws std::out_of_range below the undo horizon.
    void Rewind(uint32_t height);

    // The script-number push BIP34 requires at the start of the coinbase scriptSig (consensus.md
    // §4.2): 0 → 00, 1..16 → 51..60, else the minimal little-endian push (17 → 01 11).
    static Bytes Bip34HeightPush(uint32_t height);

  private:
    struct BlockUndo {
        std::vector<std::pair<OutPoint, UtxoEntry>> spent;
        std::vector<OutPoint> created;
    };
    struct Owner {
        OutputKind kind;
        int32_t key;
    };

    void AddOutputs(const Transaction& tx, uint32_t height, BlockUndo* undo);
    // Whether an entry belongs in the spending queue: builder-spendable, explicit pegged asset, worth
    // more than the fee (so exhausted outputs never pile up at the front of the queue).
    bool Queueable(const UtxoEntry& e) const;
    void UndoBlock(BlockUndo& undo);
    Owner Classify(const Bytes& script) const;
    // The output script for the j-th output of a tx whose first input is `first`.
    Bytes OutputScriptFor(const OutPoint& first, size_t j) const;
    // An unsigned spend (see SpendP2PKH).
    MutableTransaction BuildSpend(const std::vector<OutPoint>& inputs, size_t n_outputs, Amount fee) const;
    // Signs every controllable input of every tx (threads per options); false if some input is not.
    bool SignAll(std::vector<MutableTransaction>& txs) const;
    Block BlockFromSpends(std::vector<MutableTransaction> txs, const NextBlockOptions& options) const;

    ChainBuilderOptions opts_;
    std::vector<Key> keys_;
    std::vector<PubKey> pubkeys_;
    std::unordered_map<uint160, int32_t, BlobHasher> key_by_id_;
    std::vector<Key> block_keys_;
    Bytes challenge_;
    Bytes coinbase_destination_;
    GenesisParams params_;
    Block genesis_;
    uint256 pegged_asset_;

    std::vector<uint256> hashes_;
    std::vector<uint32_t> times_;
    std::map<OutPoint, UtxoEntry> utxos_;
    std::map<uint64_t, OutPoint> by_age_;  // builder-spendable outputs, oldest first
    uint64_t next_seq_ = 0;
    std::deque<BlockUndo> undo_;  // undo_.back() is the tip's
};

}  // namespace ocean::test
