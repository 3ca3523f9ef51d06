// Signature hashes are checked against real signatures: every P2PKH, P2WPKH and P2SH-P2WPKH input of
// the reference chain A (which uses every sighash type) must verify with the digest computed here.
#include <gtest/gtest.h>

#include <map>

#include "../vectors.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/primitives/block.h"
#include "ocean/script/sighash.h"

namespace ocean {
namespace {

bool IsP2PKH(const Bytes& s) {
    return s.size() == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 0x14 && s[23] == 0x88 && s[24] == 0xac;
}
bool IsP2WPKH(const Bytes& s) {
    return s.size() == 22 && s[0] == 0x00 && s[1] == 0x14;
}

// Splits a push-only scriptSig into its pushes.
std::vector<Bytes> Pushes(const Bytes& script_sig) {
    std::vector<Bytes> out;
    const Script s(script_sig);
    auto pc = s.begin();
    Opcode op;
    Bytes data;
    while (s.GetOp(pc, op, data)) out.push_back(data);
    return out;
}

bool VerifySig(const Bytes& sig, const Bytes& pubkey, const uint256& hash) {
    if (sig.empty()) return false;
    return PubKey(pubkey).Verify(hash, ByteSpan(sig.data(), sig.size() - 1));
}

TEST(SigHash, EveryKeyHashSignatureOfChainAVerifies) {
    std::map<OutPoint, TxOut> utxo;
    std::map<int, int> legacy_types, witness_types;
    size_t legacy = 0, witness = 0, nested = 0;
    for (const Bytes& raw : test::ReadHexLines("ocean/chains/A/blocks.hex")) {
        auto block = DecodeBlock(raw);
        ASSERT_TRUE(block.ok());
        for (const auto& tx : block->vtx) {
            for (unsigned i = 0; i < tx->vin.size() && !tx->IsCoinBase(); ++i) {
                const TxIn& in = tx->vin[i];
                auto it = utxo.find(in.prevout);
                if (it == utxo.end()) continue;  // peg-ins
                const TxOut& spent = it->second;
                if (IsP2PKH(spent.script_pubkey)) {
                    const auto p = Pushes(in.script_sig);
                    ASSERT_EQ(p.size(), 2u);
                    const int type = p[0].back();
                    const uint256 h = SignatureHash(Script(spent.script_pubkey), *tx, i, type, spent.value,
                                                    SigVersion::kBase);
                    EXPECT_TRUE(VerifySig(p[0], p[1], h)) << tx->GetTxid().ToHex() << " input " << i;
                    ++legacy;
                    ++legacy_types[type];
                    continue;
                }
                Bytes program = spent.script_pubkey;
                const auto pushes = Pushes(in.script_sig);
                const bool is_nested =
                    pushes.size() == 1 && IsP2WPKH(pushes[0]) && spent.script_pubkey.size() == 23;
                if (is_nested) program = pushes[0];
                if (!IsP2WPKH(program)) continue;
                const auto& w = in.witness.script_witness;
                ASSERT_EQ(w.size(), 2u);
                Script code;
                code << OP_DUP << OP_HASH160 << Bytes(program.begin() + 2, program.end()) << OP_EQUALVERIFY
                     << OP_CHECKSIG;
                const int type = w[0].back();
                const uint256 h = SignatureHash(code, *tx, i, type, spent.value, SigVersion::kWitnessV0);
                EXPECT_TRUE(VerifySig(w[0], w[1], h)) << tx->GetTxid().ToHex() << " input " << i;
                ++witness;
                nested += is_nested;
                ++witness_types[type];
            }
            for (const TxIn& in : tx->vin) utxo.erase(in.prevout);
            for (uint32_t n = 0; n < tx->vout.size(); ++n) utxo[OutPoint(tx->GetTxid(), n)] = tx->vout[n];
        }
    }
    EXPECT_GT(legacy, 500u);
    EXPECT_GT(witness, 10u);
    EXPECT_GT(nested, 0u);
    // The chain exercises every hash type in legacy form.
    for (int t : {1, 2, 3, 0x81, 0x82, 0x83}) EXPECT_GT(legacy_types[t], 0) << "hash type " << t;
    std::string seen;
    for (auto [t, n] : witness_types) seen += std::to_string(t) + ":" + std::to_string(n) + " ";
    RecordProperty("witness_hash_types", seen);
}

TEST(SigHash, LegacyQuirks) {
    MutableTransaction tx;
    tx.vin.resize(2);
    tx.vout.resize(1);
    const Script code(Bytes{0x51});
    const ConfidentialValue none;
    // Input out of range, and SINGLE without a matching output, sign the constant 1.
    EXPECT_EQ(SignatureHash(code, tx, 2, SIGHASH_ALL, none, SigVersion::kBase), uint256::FromByte0(1));
    EXPECT_EQ(SignatureHash(code, tx, 1, SIGHASH_SINGLE, none, SigVersion::kBase), uint256::FromByte0(1));
    EXPECT_NE(SignatureHash(code, tx, 0, SIGHASH_SINGLE, none, SigVersion::kBase), uint256::FromByte0(1));
    // OP_CODESEPARATOR is not signed in legacy script code.
    EXPECT_EQ(SignatureHash(Script(Bytes{0xab, 0x51, 0xab}), tx, 0, SIGHASH_ALL, none, SigVersion::kBase),
              SignatureHash(code, tx, 0, SIGHASH_ALL, none, SigVersion::kBase));
    // ANYONECANPAY ignores the other inputs; ALL does not.
    MutableTransaction other = tx;
    other.vin[1].prevout = OutPoint(uint256::FromByte0(9), 3);
    EXPECT_EQ(SignatureHash(code, tx, 0, SIGHASH_ALL | SIGHASH_ANYONECANPAY, none, SigVersion::kBase),
              SignatureHash(code, other, 0, SIGHASH_ALL | SIGHASH_ANYONECANPAY, none, SigVersion::kBase));
    EXPECT_NE(SignatureHash(code, tx, 0, SIGHASH_ALL, none, SigVersion::kBase),
              SignatureHash(code, other, 0, SIGHASH_ALL, none, SigVersion::kBase));
    // The witness form commits to the spent amount.
    EXPECT_NE(SignatureHash(code, tx, 0, SIGHASH_ALL, ConfidentialValue(1), SigVersion::kWitnessV0),
              SignatureHash(code, tx, 0, SIGHASH_ALL, ConfidentialValue(2), SigVersion::kWitnessV0));
}

}  // namespace
}  // namespace ocean
