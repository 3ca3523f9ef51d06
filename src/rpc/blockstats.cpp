// getblockstats (rpc.md §6.2): per-block statistics, Ocean's backport of Bitcoin Core 0.17's command
// with its stat names, key order (alphabetical), error texts and integer units.
//
// Multi-asset readings (Elements/Ocean): a transaction's fee is the sum of its explicit fee outputs
// (empty script), all assets added together; total_out adds the explicit output values (fee outputs
// included) of every non-coinbase transaction; subsidy is 0 (Ocean has no block subsidy). Fee rates are
// Bitcoin 0.17's: fee * 4 / weight, i.e. units per virtual byte. The spent outputs that utxo_size_inc
// subtracts come from the block's undo data. As in Bitcoin 0.17, the input-dependent stats (fees, fee
// rates, utxo_size_inc) need -txindex, checked when the first non-coinbase transaction is met.
#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ocean/chain/block_index.h"
#include "ocean/chain/chainstate.h"
#include "ocean/primitives/block.h"
#include "ocean/primitives/serialize.h"
#include "ocean/primitives/transaction.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/rpc/util.h"

namespace ocean {
namespace {

// What one UTXO entry costs besides its serialized output (Bitcoin 0.17's approximation): the outpoint
// (32-byte txid + 4-byte index), the height (4 bytes) and the coinbase flag (1 byte).
constexpr int64_t kPerUtxoOverhead = 32 + 4 + 4 + 1;

// Largest serialized block (4,000,000 weight units); mintxsize keeps it while no transaction is seen.
constexpr int64_t kMaxBlockSerializedSize = 4000000;

int64_t TxOutSize(const TxOut& out) {
    SizeCounter c;
    out.asset.Serialize(c);
    out.value.Serialize(c);
    out.nonce.Serialize(c);
    WriteBytes(c, out.script_pubkey);
    return static_cast<int64_t>(c.size());
}

// Sum of the explicit fee outputs of a transaction, every asset added together.
Amount TxFee(const Transaction& tx) {
    Amount fee = 0;
    for (const TxOut& out : tx.vout) {
        if (out.IsFee()) fee += out.value.GetAmount();
    }
    return fee;
}

template <typename T>
T TruncatedMedian(std::vector<T> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 == 0 ? (v[n / 2 - 1] + v[n / 2]) / 2 : v[n / 2];
}

// The stats that need the spent outputs (Bitcoin 0.17's loop_inputs, with all stats selected too).
bool NeedsInputs(const std::set<std::string>& stats) {
    if (stats.empty()) return true;
    for (const char* s : {"medianfee", "medianfeerate", "utxo_size_inc", "totalfee", "avgfee", "avgfeerate",
                          "minfee", "maxfee", "minfeerate", "maxfeerate"}) {
        if (stats.count(s)) return true;
    }
    return false;
}

const BlockIndex& TargetBlock(const Chainstate& chain, const RPCContext& ctx, const Json& hash_or_height) {
    if (hash_or_height.is_number()) {
        const int height = GetInt(hash_or_height);
        const int tip = chain.Height();
        if (height < 0) {
            throw RPCError(RPC_INVALID_PARAMETER,
                           "Target block height " + std::to_string(height) + " is negative");
        }
        if (height > tip) {
            throw RPCError(RPC_INVALID_PARAMETER, "Target block height " + std::to_string(height) +
                                                      " after current tip " + std::to_string(tip));
        }
        return *chain.AtHeight(height);
    }
    const uint256 hash = ParseHashV(hash_or_height, "parameter 1");
    const BlockIndex* index = chain.LookupBlockIndex(hash);
    if (!index) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
    if (!chain.IsOnActiveChain(index)) {
        throw RPCError(RPC_INVALID_PARAMETER, "Block is not in chain " + ctx.chain_name);
    }
    return *index;
}

Json GetBlockStats(RPCContext& ctx, const RPCRequest& r) {
    Chainstate& chain = ChainstateOf(ctx);
    std::lock_guard lock(chain.mutex());
    const BlockIndex& index = TargetBlock(chain, ctx, Param(r, 0));

    std::set<std::string> stats;
    if (HasParam(r, 1)) {
        for (const Json& s : GetArray(Param(r, 1))) stats.insert(GetStr(s));
    }

    if (!(index.status & BLOCK_HAVE_DATA))
        throw RPCError(RPC_MISC_ERROR, "Block not available (pruned data)");
    auto block_read = chain.ReadBlock(index);
    if (!block_read) throw RPCError(RPC_MISC_ERROR, "Block not found on disk");
    const Block& block = block_read.value();

    const bool loop_inputs = NeedsInputs(stats);
    std::optional<BlockUndo> undo;

    Amount maxfee = 0, minfee = MAX_MONEY, maxfeerate = 0, minfeerate = MAX_MONEY;
    Amount total_out = 0, totalfee = 0;
    int64_t inputs = 0, outputs = 0, maxtxsize = 0, mintxsize = kMaxBlockSerializedSize;
    int64_t swtotal_size = 0, swtotal_weight = 0, swtxs = 0, total_size = 0, total_weight = 0,
            utxo_size_inc = 0;
    std::vector<Amount> fee_array, feerate_array;
    std::vector<int64_t> txsize_array;

    size_t undo_pos = 0;  // undo data has one entry per non-coinbase transaction
    for (const auto& txref : block.vtx) {
        const Transaction& tx = *txref;
        outputs += static_cast<int64_t>(tx.vout.size());
        Amount tx_total_out = 0;
        for (const TxOut& out : tx.vout) {
            if (out.value.IsExplicit()) tx_total_out += out.value.GetAmount();
            utxo_size_inc += TxOutSize(out) + kPerUtxoOverhead;
        }
        if (tx.IsCoinBase()) continue;

        inputs += static_cast<int64_t>(tx.vin.size());
        total_out += tx_total_out;

        const int64_t tx_size = static_cast<int64_t>(tx.GetTotalSize());
        txsize_array.push_back(tx_size);
        maxtxsize = std::max(maxtxsize, tx_size);
        mintxsize = std::min(mintxsize, tx_size);
        total_size += tx_size;

        const int64_t weight = static_cast<int64_t>(tx.GetWeight());
        total_weight += weight;

        if (tx.HasWitness()) {
            ++swtxs;
            swtotal_size += tx_size;
            swtotal_weight += weight;
        }

        if (loop_inputs) {
            if (!chain.HasTxIndex()) {
                throw RPCError(RPC_INVALID_PARAMETER,
                               "One or more of the selected stats requires -txindex enabled");
            }
            // The spent outputs, from the undo data. Inputs that spend no output of this chain (the
            // genesis issuances, peg-ins) cannot be resolved, like Ocean's transaction-index lookup.
            if (!undo) {
                auto u = chain.ReadUndo(index);
                if (!u)
                    throw RPCError(RPC_INTERNAL_ERROR, "Unexpected internal error (tx index seems corrupt)");
                undo = std::move(u.value());
            }
            if (undo_pos >= undo->txundo.size() || undo->txundo[undo_pos].prevout.size() != tx.vin.size()) {
                throw RPCError(RPC_INTERNAL_ERROR, "Unexpected internal error (tx index seems corrupt)");
            }
            for (size_t i = 0; i < tx.vin.size(); ++i) {
                const Coin& spent = undo->txundo[undo_pos].prevout[i];
                if (tx.vin[i].is_pegin || spent.IsSpent()) {
                    throw RPCError(RPC_INTERNAL_ERROR, "Unexpected internal error (tx index seems corrupt)");
                }
                utxo_size_inc -= TxOutSize(spent.out) + kPerUtxoOverhead;
            }

            const Amount txfee = TxFee(tx);
            fee_array.push_back(txfee);
            maxfee = std::max(maxfee, txfee);
            minfee = std::min(minfee, txfee);
            totalfee += txfee;

            // Units per virtual byte: fee * WITNESS_SCALE_FACTOR / weight.
            const Amount feerate = weight ? (txfee * 4) / weight : 0;
            feerate_array.push_back(feerate);
            maxfeerate = std::max(maxfeerate, feerate);
            minfeerate = std::min(minfeerate, feerate);
        }
        ++undo_pos;
    }

    const int64_t n_tx = static_cast<int64_t>(block.vtx.size());
    Json all = Json::object();
    all["avgfee"] = n_tx > 1 ? totalfee / (n_tx - 1) : 0;
    all["avgfeerate"] = total_weight ? (totalfee * 4) / total_weight : 0;
    all["avgtxsize"] = n_tx > 1 ? total_size / (n_tx - 1) : 0;
    all["blockhash"] = index.GetBlockHash().ToHex();
    all["height"] = static_cast<int64_t>(index.height);
    all["ins"] = inputs;
    all["maxfee"] = maxfee;
    all["maxfeerate"] = maxfeerate;
    all["maxtxsize"] = maxtxsize;
    all["medianfee"] = TruncatedMedian(fee_array);
    all["medianfeerate"] = TruncatedMedian(feerate_array);
    all["mediantime"] = index.GetMedianTimePast();
    all["mediantxsize"] = TruncatedMedian(txsize_array);
    all["minfee"] = minfee == MAX_MONEY ? 0 : minfee;
    all["minfeerate"] = minfeerate == MAX_MONEY ? 0 : minfeerate;
    all["mintxsize"] = mintxsize == kMaxBlockSerializedSize ? 0 : mintxsize;
    all["outs"] = outputs;
    all["subsidy"] = int64_t{0};
    all["swtotal_size"] = swtotal_size;
    all["swtotal_weight"] = swtotal_weight;
    all["swtxs"] = swtxs;
    all["time"] = index.GetBlockTime();
    all["total_out"] = total_out;
    all["total_size"] = total_size;
    all["total_weight"] = total_weight;
    all["totalfee"] = totalfee;
    all["txs"] = n_tx;
    all["utxo_increase"] = outputs - inputs;
    all["utxo_size_inc"] = utxo_size_inc;

    if (stats.empty()) return all;
    Json selected = Json::object();
    for (const std::string& stat : stats) {  // std::set: alphabetical, duplicates merged
        auto it = all.find(stat);
        if (it == all.end()) throw RPCError(RPC_INVALID_PARAMETER, "Invalid selected statistic " + stat);
        selected[stat] = *it;
    }
    return selected;
}

constexpr const char* kHelp =
    "getblockstats hash_or_height ( stats )\n"
    "\nCompute per block statistics for a given window. All amounts are in satoshis (integer units).\n"
    "It won't work for some heights with pruning.\n"
    "It won't work without -txindex for utxo_size_inc, *fee or *feerate stats.\n"
    "\nArguments:\n"
    "1. \"hash_or_height\"     (string or numeric, required) The block hash or height of the target block\n"
    "2. \"stats\"              (array,  optional) Values to plot, by default all values (see result below)\n"
    "    [\n"
    "      \"height\",         (string, optional) Selected statistic\n"
    "      \"time\",           (string, optional) Selected statistic\n"
    "      ,...\n"
    "    ]\n"
    "\nResult:\n"
    "{                           (json object)\n"
    "  \"avgfee\": xxxxx,          (numeric) Average fee in the block (sum of the fee outputs)\n"
    "  \"avgfeerate\": xxxxx,      (numeric) Average feerate (in satoshis per virtual byte)\n"
    "  \"avgtxsize\": xxxxx,       (numeric) Average transaction size\n"
    "  \"blockhash\": xxxxx,       (string) The block hash (to check for potential reorgs)\n"
    "  \"height\": xxxxx,          (numeric) The height of the block\n"
    "  \"ins\": xxxxx,             (numeric) The number of inputs (excluding coinbase)\n"
    "  \"maxfee\": xxxxx,          (numeric) Maximum fee in the block\n"
    "  \"maxfeerate\": xxxxx,      (numeric) Maximum feerate (in satoshis per virtual byte)\n"
    "  \"maxtxsize\": xxxxx,       (numeric) Maximum transaction size\n"
    "  \"medianfee\": xxxxx,       (numeric) Truncated median fee in the block\n"
    "  \"medianfeerate\": xxxxx,   (numeric) Truncated median feerate (in satoshis per virtual byte)\n"
    "  \"mediantime\": xxxxx,      (numeric) The block median time past\n"
    "  \"mediantxsize\": xxxxx,    (numeric) Truncated median transaction size\n"
    "  \"minfee\": xxxxx,          (numeric) Minimum fee in the block\n"
    "  \"minfeerate\": xxxxx,      (numeric) Minimum feerate (in satoshis per virtual byte)\n"
    "  \"mintxsize\": xxxxx,       (numeric) Minimum transaction size\n"
    "  \"outs\": xxxxx,            (numeric) The number of outputs\n"
    "  \"subsidy\": xxxxx,         (numeric) The block subsidy (always 0)\n"
    "  \"swtotal_size\": xxxxx,    (numeric) Total size of all segwit transactions\n"
    "  \"swtotal_weight\": xxxxx,  (numeric) Total weight of all segwit transactions\n"
    "  \"swtxs\": xxxxx,           (numeric) The number of segwit transactions\n"
    "  \"time\": xxxxx,            (numeric) The block time\n"
    "  \"total_out\": xxxxx,       (numeric) Total amount in all explicit outputs (excluding coinbase)\n"
    "  \"total_size\": xxxxx,      (numeric) Total size of all non-coinbase transactions\n"
    "  \"total_weight\": xxxxx,    (numeric) Total weight of all non-coinbase transactions\n"
    "  \"totalfee\": xxxxx,        (numeric) The fee total\n"
    "  \"txs\": xxxxx,             (numeric) The number of transactions (including coinbase)\n"
    "  \"utxo_increase\": xxxxx,   (numeric) The increase/decrease in the number of unspent outputs\n"
    "  \"utxo_size_inc\": xxxxx,   (numeric) The increase/decrease in size for the utxo index (not "
    "discounting op_return and similar)\n"
    "}\n"
    "\nExamples:\n"
    "> ocean-cli getblockstats 1000 '[\"minfeerate\",\"avgfeerate\"]'\n";

}  // namespace

void RegisterBlockStatsRPCs(RPCTable& table, RPCContext& ctx) {
    Status s = table.Register({"blockchain",
                               "getblockstats",
                               {"hash_or_height", "stats"},
                               1,
                               4,
                               kHelp,
                               [&ctx](const RPCRequest& r) -> Json { return GetBlockStats(ctx, r); }});
    (void)s;  // the name is unique; a duplicate would keep the first registration
}

}  // namespace ocean
