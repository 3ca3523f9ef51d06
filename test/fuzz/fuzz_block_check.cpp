// libFuzzer target: the consensus block checks (consensus.md §2–§6) on arbitrary decoded blocks.
//
// Whatever DecodeBlock accepts goes through the header, context-free, contextual, coinbase and fee
// checks of a fixed test chain, and every transaction through the input and amount rules with coins
// made up from the block's own outputs. Nothing may crash, and a verdict must be consistent with the
// ValidationState it left behind.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "ocean/consensus/block_check.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/consensus/tx_verify.h"
#include "ocean/script/interpreter.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_block_check: check failed: %s\n", what);
        std::abort();
    }
}

const ocean::ChainParams& Params() {
    static const ocean::ChainParams params = [] {
        auto r = ocean::ChainParams::FromOptions({{"chain", "fuzz_dev"},
                                                  {"initialfreecoins", "2100000000000000"},
                                                  {"con_mandatorycoinbase", "51"},
                                                  {"coinbasechange", "52:100"},
                                                  {"signblockscriptchange", "51:50"}},
                                                 {});
        Check(r.ok(), "fixed chain parameters");
        return std::move(*r);
    }();
    return params;
}

void Verdict(bool ok, const ocean::ValidationState& state, const char* what) {
    Check(ok == state.IsValid(), what);
    Check(ok || !state.GetRejectReason().empty(), "invalid without a reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    auto decoded = DecodeBlock(ByteSpan(data, size));
    if (!decoded) return 0;
    const Block& block = *decoded;
    const ChainParams& params = Params();

    const PrevBlockInfo prev{static_cast<int>(std::min<int64_t>(int64_t{block.height} - 1, INT32_MAX)),
                             int64_t{block.time} - 1, params.signblockscript};
    const int64_t adjusted = int64_t{block.time};

    {
        ValidationState s;
        Verdict(CheckBlockHeader(block, params, s, adjusted), s, "CheckBlockHeader");
    }
    {
        ValidationState s;
        Verdict(ContextualCheckBlockHeader(block, prev, params, s, adjusted), s,
                "ContextualCheckBlockHeader");
    }
    {
        ValidationState s;
        Verdict(CheckBlock(block, params, s), s, "CheckBlock");
        ValidationState s2;
        Verdict(CheckBlock(block, params, s2, false, false), s2, "CheckBlock without merkle and proof");
    }
    {
        ValidationState s;
        Verdict(ContextualCheckBlock(block, prev, params, s), s, "ContextualCheckBlock");
    }
    {
        ValidationState s;
        Verdict(CheckCoinbaseDestination(block, block.height, params, s), s, "CheckCoinbaseDestination");
    }
    (void)GetWitnessCommitmentIndex(block);

    AmountMap fees;
    ValidationState fee_state;
    for (const TransactionRef& ref : block.vtx) {
        const Transaction& tx = *ref;
        (void)IsFinalTx(tx, block.height, block.time);
        (void)GetLegacySigOpCount(tx);
        // Coins made up from the transaction's own outputs, so the amount rules see explicit,
        // issued and odd values alike.
        std::vector<Coin> spent;
        for (size_t i = 0; i < tx.vin.size(); ++i) {
            if (tx.vout.empty()) break;
            spent.emplace_back(tx.vout[i % tx.vout.size()], static_cast<uint32_t>(i), (i & 1) != 0);
            if (tx.vin[i].is_pegin) {
                if (auto c = GetPeginSpentCoin(tx.vin[i], params.pegged_asset, params.parent_genesis_hash))
                    spent.back() = *c;
            }
        }
        (void)GetTransactionSigOpCost(tx, spent, kBlockScriptVerifyFlags);
        std::vector<int> heights(spent.size(), 1);
        const SequenceLocks locks =
            CalculateSequenceLocks(tx, kBlockLocktimeFlags, heights, [](int h) { return int64_t{h} * 600; });
        (void)EvaluateSequenceLocks(static_cast<int>(block.height), block.time, locks);
        {
            ValidationState s;
            Verdict(CheckTxInputs(tx, spent, static_cast<int>(block.height), s), s, "CheckTxInputs");
        }
        {
            ValidationState s;
            Verdict(VerifyAmounts(tx, spent, s), s, "VerifyAmounts");
        }
        (void)HasValidFee(tx);
        if (fee_state.IsValid()) (void)AccumulateBlockFees(tx, fees, fee_state);
    }
    if (!block.vtx.empty()) {
        ValidationState s;
        Verdict(CheckCoinbaseAmount(*block.vtx[0], fees, s), s, "CheckCoinbaseAmount");
    }
    return 0;
}
