// The interpreter against the reference chain A: every input script of every block must verify under
// block flags, every block proof must verify with the block-signature checker, and the invalid blocks
// whose failure is a script or proof failure must fail here with the reason the reference gave.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "../vectors.h"
#include "ocean/primitives/block.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/sigcache.h"

namespace ocean {
namespace {

using nlohmann::json;

const std::string kChain = "ocean/chains/A/";

using OutputMap = std::map<OutPoint, TxOut>;

Block Decode(const Bytes& raw) {
    auto block = DecodeBlock(raw);
    if (!block.ok()) throw std::runtime_error("undecodable block: " + block.error().ToString());
    return std::move(*block);
}

void AddOutputs(OutputMap& outputs, const Transaction& tx) {
    for (uint32_t n = 0; n < tx.vout.size(); ++n) outputs[OutPoint(tx.GetTxid(), n)] = tx.vout[n];
}

// Outputs of every valid block (genesis included); spent ones are kept, which is all a script check
// needs.
const OutputMap& ChainOutputs() {
    static const OutputMap outputs = [] {
        OutputMap m;
        for (const Bytes& raw : test::ReadHexLines(kChain + "blocks.hex")) {
            const Block b = Decode(raw);
            for (const auto& tx : b.vtx) AddOutputs(m, *tx);
        }
        return m;
    }();
    return outputs;
}

struct InputFailure {
    std::string txid;
    unsigned input;
    ScriptError error;
};

struct BlockScriptResult {
    size_t verified = 0;
    size_t with_witness = 0;
    std::vector<InputFailure> failures;
};

// Verifies every non-coinbase, non-peg-in input of the block under `flags`. Outputs of the block's own
// transactions are looked up in `outputs` too (same-block spends).
BlockScriptResult VerifyBlockScripts(const Block& block, OutputMap outputs, uint32_t flags,
                                     SignatureCache* cache = nullptr) {
    for (const auto& tx : block.vtx) AddOutputs(outputs, *tx);
    BlockScriptResult result;
    for (const auto& tx : block.vtx) {
        if (tx->IsCoinBase()) continue;
        const PrecomputedTransactionData txdata(*tx);
        for (unsigned i = 0; i < tx->vin.size(); ++i) {
            const TxIn& in = tx->vin[i];
            if (in.is_pegin) continue;
            auto it = outputs.find(in.prevout);
            if (it == outputs.end()) {
                ADD_FAILURE() << "missing prevout for " << tx->GetTxid().ToHex() << ":" << i << " (block "
                              << block.height << ", spends " << in.prevout.hash.ToHex() << ":" << in.prevout.n
                              << ")";
                continue;
            }
            const TxOut& spent = it->second;
            const TransactionSignatureChecker<Transaction> checker(tx.get(), i, spent.value, &txdata, cache);
            ScriptError err = ScriptError::kUnknown;
            const bool ok = VerifyScript(Script(in.script_sig), Script(spent.script_pubkey),
                                         &in.witness.script_witness, flags, checker, &err);
            if (ok) {
                EXPECT_EQ(err, ScriptError::kOk);
                ++result.verified;
                if (!in.witness.script_witness.empty()) ++result.with_witness;
            } else {
                result.failures.push_back({tx->GetTxid().ToHex(), i, err});
            }
        }
    }
    return result;
}

bool VerifyProof(const BlockHeader& header, ScriptError* err) {
    return VerifyScript(Script(header.proof.solution), Script(header.proof.challenge), nullptr,
                        kBlockProofVerifyFlags, BlockSignatureChecker(header.GetHash()), err);
}

json ReadIndex(const std::string& dir) {
    return json::parse(test::ReadText(kChain + dir + "/index.json"));
}

Block ReadVariant(const std::string& dir, const std::string& name) {
    return Decode(test::ReadHexFile(kChain + dir + "/" + name));
}

// The text inside the parentheses of a reject reason such as "mandatory-script-verify-flag-failed (x)".
std::string ReasonDetail(const std::string& reason) {
    const auto open = reason.find('(');
    const auto close = reason.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return {};
    return reason.substr(open + 1, close - open - 1);
}

// The flags Ocean re-runs a failed input with to tell "non-mandatory" from "mandatory" failures: the
// block flags without the standard-but-not-mandatory ones.
constexpr uint32_t kBlockMandatoryOnly = kBlockScriptVerifyFlags & ~kStandardNotMandatoryVerifyFlags;

TEST(ChainAScripts, EveryInputOfEveryBlockVerifies) {
    const OutputMap& outputs = ChainOutputs();
    size_t blocks = 0, inputs = 0, witness_inputs = 0;
    const auto lines = test::ReadHexLines(kChain + "blocks.hex");
    for (size_t h = 0; h < lines.size(); ++h) {
        ++blocks;
        if (h == 0) continue;  // genesis is never validated (its transactions spend nothing real)
        const Block b = Decode(lines[h]);
        const auto r = VerifyBlockScripts(b, outputs, kBlockScriptVerifyFlags);
        for (const auto& f : r.failures) {
            ADD_FAILURE() << "block " << b.height << " tx " << f.txid << " input " << f.input << ": "
                          << ScriptErrorString(f.error);
        }
        inputs += r.verified;
        witness_inputs += r.with_witness;
    }
    EXPECT_EQ(blocks, 331u);
    // Real coverage: thousands of inputs, a good share of them segwit.
    EXPECT_GT(inputs, 1000u);
    EXPECT_GT(witness_inputs, 100u);
    std::cout << "[chain A] " << blocks << " blocks, " << inputs << " inputs verified (" << witness_inputs
              << " with witness)\n";
}

TEST(ChainAScripts, SignatureCacheGivesSameAnswersAndIsHit) {
    const OutputMap& outputs = ChainOutputs();
    SignatureCache cache(1 << 20);
    const auto lines = test::ReadHexLines(kChain + "blocks.hex");
    for (size_t h = 1; h < 40 && h < lines.size(); ++h) {
        const Block b = Decode(lines[h]);
        const auto first = VerifyBlockScripts(b, outputs, kBlockScriptVerifyFlags, &cache);
        EXPECT_TRUE(first.failures.empty()) << "block " << h;
        const auto second = VerifyBlockScripts(b, outputs, kBlockScriptVerifyFlags, &cache);
        EXPECT_TRUE(second.failures.empty()) << "block " << h;
        EXPECT_EQ(first.verified, second.verified);
    }
    EXPECT_GT(cache.Size(), 50u);
}

TEST(ChainAScripts, EveryBlockProofVerifies) {
    const auto lines = test::ReadHexLines(kChain + "blocks.hex");
    ASSERT_FALSE(lines.empty());
    for (size_t h = 1; h < lines.size(); ++h) {
        const Block b = Decode(lines[h]);
        ScriptError err = ScriptError::kUnknown;
        EXPECT_TRUE(VerifyProof(b, &err)) << "block " << h << ": " << ScriptErrorString(err);
        EXPECT_EQ(err, ScriptError::kOk);
        // The proof commits to the header: any other hash fails.
        uint256 other = b.GetHash();
        other[0] ^= 1;
        EXPECT_FALSE(VerifyScript(Script(b.proof.solution), Script(b.proof.challenge), nullptr,
                                  kBlockProofVerifyFlags, BlockSignatureChecker(other), &err))
            << "block " << h;
    }
}

TEST(ChainAScripts, BadProofsFail) {
    const json index = ReadIndex("invalid");
    size_t checked = 0;
    for (const auto& [name, entry] : index.items()) {
        if (name.rfind("_", 0) == 0) continue;
        const int num = std::stoi(name.substr(0, 2));
        if (num < 5 || num > 10) continue;
        ASSERT_EQ(entry["reject_reason_par1"], "block-proof-invalid") << name;
        const Block b = ReadVariant("invalid", name);
        EXPECT_EQ(b.GetHash().ToHex(), entry["block_hash"].get<std::string>()) << name;
        ScriptError err = ScriptError::kOk;
        EXPECT_FALSE(VerifyProof(b, &err)) << name;
        EXPECT_NE(err, ScriptError::kOk) << name;
        std::cout << "[chain A] " << name << ": " << ScriptErrorString(err) << "\n";
        ++checked;
    }
    EXPECT_EQ(checked, 6u);
}

TEST(ChainAScripts, AcceptedProofVariantsVerify) {
    // Non-null CHECKMULTISIG dummy, three signatures for 2-of-3 (no CLEANSTACK), a high-S signature.
    for (const char* name :
         {"03_proof_non_null_dummy.hex", "04_proof_three_signatures.hex", "05_proof_high_s_signature.hex"}) {
        const Block b = ReadVariant("accepted_variants", name);
        ScriptError err = ScriptError::kUnknown;
        EXPECT_TRUE(VerifyProof(b, &err)) << name << ": " << ScriptErrorString(err);
    }
}

TEST(ChainAScripts, AcceptedVariantsScriptsVerify) {
    const json index = ReadIndex("accepted_variants");
    size_t blocks = 0;
    for (const auto& [name, entry] : index.items()) {
        if (name.rfind("_", 0) == 0) continue;
        const Block b = ReadVariant("accepted_variants", name);
        ScriptError err = ScriptError::kUnknown;
        EXPECT_TRUE(VerifyProof(b, &err)) << name << ": " << ScriptErrorString(err);
        const auto r = VerifyBlockScripts(b, ChainOutputs(), kBlockScriptVerifyFlags);
        for (const auto& f : r.failures) {
            ADD_FAILURE() << name << " tx " << f.txid << " input " << f.input << ": "
                          << ScriptErrorString(f.error);
        }
        ++blocks;
    }
    EXPECT_GE(blocks, 9u);
}

// Checks an invalid block whose reference reject reason is a script failure: exactly one input fails
// under block flags with the reason's text, and re-running it with only the mandatory flags tells
// whether Ocean calls it "mandatory" or "non-mandatory".
void ExpectScriptFailure(const std::string& name) {
    SCOPED_TRACE(name);
    const json index = ReadIndex("invalid");
    const std::string reason = index[name]["reject_reason_par1"];
    const Block b = ReadVariant("invalid", name);
    ScriptError err;
    EXPECT_TRUE(VerifyProof(b, &err)) << "the invalid blocks are re-signed: " << ScriptErrorString(err);

    const auto r = VerifyBlockScripts(b, ChainOutputs(), kBlockScriptVerifyFlags);
    ASSERT_EQ(r.failures.size(), 1u);
    const InputFailure& f = r.failures[0];
    EXPECT_EQ(std::string(ScriptErrorString(f.error)), ReasonDetail(reason));
    std::cout << "[chain A] " << name << ": tx " << f.txid << " input " << f.input << ": "
              << ScriptErrorString(f.error) << "\n";

    const auto relaxed = VerifyBlockScripts(b, ChainOutputs(), kBlockMandatoryOnly);
    const bool non_mandatory = reason.rfind("non-mandatory-script-verify-flag", 0) == 0;
    EXPECT_EQ(relaxed.failures.empty(), non_mandatory)
        << "with mandatory flags only the block " << (relaxed.failures.empty() ? "passes" : "fails");
}

TEST(ChainAScripts, IssuanceChangedAfterSigningFails) {
    ExpectScriptFailure("01_issuance_amount_changed_after_signing.hex");
}

TEST(ChainAScripts, CsvSequenceBelowRequiredFailsNonMandatory) {
    // CHECKSEQUENCEVERIFY is a block flag but not a mandatory one: Ocean re-checks the input without it
    // (the opcode is then a NOP), the input passes, and the reason becomes "non-mandatory".
    ExpectScriptFailure("03_csv_script_sequence_below_required.hex");
}

TEST(ChainAScripts, CltvLockNotSatisfiedFails) {
    ExpectScriptFailure("04_cltv_script_lock_not_satisfied.hex");
}

TEST(ChainAScripts, CorruptedP2wpkhSignatureFailsNonMandatory) {
    // WITNESS is not mandatory either: without it the P2WPKH output is an anyone-can-spend push.
    ExpectScriptFailure("14_p2wpkh_witness_signature_corrupted.hex");
}

TEST(ChainAScripts, CorruptedP2pkhSignatureFails) {
    ExpectScriptFailure("40_p2pkh_signature_corrupted.hex");
}

TEST(ChainAScripts, NonScriptInvalidBlocksHaveValidScripts) {
    // Block 02 is rejected for BIP68 only: its (unchanged) transaction has good scripts. (Blocks such as
    // 28, 38 and 41 changed a signed transaction without re-signing it: the reference rejects them
    // for their earlier non-script reason, and their scripts fail here too.)
    const Block b = ReadVariant("invalid", "02_bip68_relative_lock_not_reached.hex");
    const auto r = VerifyBlockScripts(b, ChainOutputs(), kBlockScriptVerifyFlags);
    EXPECT_TRUE(r.failures.empty());
    EXPECT_GT(r.verified, 0u);
    for (const char* name :
         {"28_tx_locktime_equals_block_height.hex", "38_output_value_inflated_by_one.hex"}) {
        const auto bad =
            VerifyBlockScripts(ReadVariant("invalid", name), ChainOutputs(), kBlockScriptVerifyFlags);
        EXPECT_FALSE(bad.failures.empty()) << name;
        for (const auto& f : bad.failures) EXPECT_EQ(f.error, ScriptError::kEvalFalse) << name;
    }
}

}  // namespace
}  // namespace ocean
