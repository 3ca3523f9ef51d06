// Transaction signature hashes (see sighash.h) and the segwit v0 midstate hashes that
// PrecomputedTransactionData shares between the inputs of one transaction.
#include "ocean/script/sighash.h"

#include "ocean/primitives/serialize.h"
#include "ocean/script/interpreter.h"

namespace ocean {
namespace {

// scriptCode as signed by legacy signatures: every OP_CODESEPARATOR removed. Written straight into
// the hasher (length first), without building the stripped copy.
template <typename S>
void WriteScriptCodeWithoutSeparators(S& s, const Script& code) {
    size_t separators = 0;
    auto pc = code.begin();
    Opcode op;
    while (code.GetOp(pc, op)) {
        if (op == OP_CODESEPARATOR) ++separators;
    }
    WriteCompactSize(s, code.size() - separators);
    pc = code.begin();
    auto last = pc;
    while (code.GetOp(pc, op)) {
        if (op == OP_CODESEPARATOR) {
            // Everything since the last separator, except this separator byte itself.
            s.write(code.data() + (last - code.begin()), static_cast<size_t>(pc - last) - 1);
            last = pc;
        }
    }
    // The rest, a truncated tail included, as is.
    s.write(code.data() + (last - code.begin()), static_cast<size_t>(code.end() - last));
}

template <typename S>
void WriteTxOut(S& s, const TxOut& o) {
    o.asset.Serialize(s);
    o.value.Serialize(s);
    o.nonce.Serialize(s);
    WriteBytes(s, o.script_pubkey);
}

template <typename Tx>
uint256 LegacyHash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type) {
    uint256 one = uint256::FromByte0(1);
    if (n_in >= tx.vin.size()) return one;
    const int base = hash_type & 0x1f;
    const bool acp = (hash_type & SIGHASH_ANYONECANPAY) != 0;
    if (base == SIGHASH_SINGLE && n_in >= tx.vout.size()) return one;

    HashWriter h;
    WriteLE32(h, static_cast<uint32_t>(tx.version));
    const size_t n_inputs = acp ? 1 : tx.vin.size();
    WriteCompactSize(h, n_inputs);
    for (size_t i = 0; i < n_inputs; ++i) {
        const size_t k = acp ? n_in : i;
        const TxIn& in = tx.vin[k];
        SerializeOutPoint(h, in.prevout);
        if (k == n_in) {
            WriteScriptCodeWithoutSeparators(h, script_code);
        } else {
            WriteCompactSize(h, 0);
        }
        const bool zero_sequence = k != n_in && (base == SIGHASH_NONE || base == SIGHASH_SINGLE);
        WriteLE32(h, zero_sequence ? 0u : in.sequence);
        if (in.HasIssuance()) in.issuance.Serialize(h);
    }
    const size_t n_outputs = base == SIGHASH_NONE ? 0 : base == SIGHASH_SINGLE ? n_in + 1 : tx.vout.size();
    WriteCompactSize(h, n_outputs);
    for (size_t j = 0; j < n_outputs; ++j) {
        if (base == SIGHASH_SINGLE && j != n_in) {
            const uint8_t null_output[4] = {0, 0, 0, 0};  // null asset, value, nonce; empty script
            h.write(null_output, 4);
        } else {
            WriteTxOut(h, tx.vout[j]);
        }
    }
    WriteLE32(h, tx.lock_time);
    WriteLE32(h, static_cast<uint32_t>(hash_type));
    return h.GetHash();
}

// hashPrevouts: every prevout (hash, masked index).
template <typename Tx>
uint256 PrevoutsHash(const Tx& tx) {
    HashWriter h;
    for (const TxIn& in : tx.vin) SerializeOutPoint(h, in.prevout);
    return h.GetHash();
}

// hashSequence: every input's nSequence.
template <typename Tx>
uint256 SequenceHash(const Tx& tx) {
    HashWriter h;
    for (const TxIn& in : tx.vin) WriteLE32(h, in.sequence);
    return h.GetHash();
}

// hashIssuance: per input, 00 without an issuance or the AssetIssuance serialization.
template <typename Tx>
uint256 IssuanceHash(const Tx& tx) {
    HashWriter h;
    for (const TxIn& in : tx.vin) {
        if (in.HasIssuance()) {
            in.issuance.Serialize(h);
        } else {
            WriteU8(h, 0);
        }
    }
    return h.GetHash();
}

// hashOutputs for ALL: every full output.
template <typename Tx>
uint256 OutputsHash(const Tx& tx) {
    HashWriter h;
    for (const TxOut& out : tx.vout) WriteTxOut(h, out);
    return h.GetHash();
}

template <typename Tx>
uint256 WitnessV0Hash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                      const ConfidentialValue& amount, const PrecomputedTransactionData* txdata) {
    const int base = hash_type & 0x1f;
    const bool acp = (hash_type & SIGHASH_ANYONECANPAY) != 0;
    uint256 hash_prevouts, hash_sequence, hash_issuance, hash_outputs;
    if (!acp) {
        hash_prevouts = txdata ? txdata->hash_prevouts : PrevoutsHash(tx);
        hash_issuance = txdata ? txdata->hash_issuance : IssuanceHash(tx);
    }
    if (!acp && base != SIGHASH_SINGLE && base != SIGHASH_NONE) {
        hash_sequence = txdata ? txdata->hash_sequence : SequenceHash(tx);
    }
    if (base != SIGHASH_SINGLE && base != SIGHASH_NONE) {
        hash_outputs = txdata ? txdata->hash_outputs : OutputsHash(tx);
    } else if (base == SIGHASH_SINGLE && n_in < tx.vout.size()) {
        HashWriter o;
        WriteTxOut(o, tx.vout[n_in]);
        hash_outputs = o.GetHash();
    }
    const TxIn& in = tx.vin[n_in];
    HashWriter h;
    WriteLE32(h, static_cast<uint32_t>(tx.version));
    WriteBlob(h, hash_prevouts);
    WriteBlob(h, hash_sequence);
    WriteBlob(h, hash_issuance);
    SerializeOutPoint(h, in.prevout);
    WriteBytes(h, script_code.bytes());
    amount.Serialize(h);
    WriteLE32(h, in.sequence);
    if (in.HasIssuance()) in.issuance.Serialize(h);
    WriteBlob(h, hash_outputs);
    WriteLE32(h, tx.lock_time);
    WriteLE32(h, static_cast<uint32_t>(hash_type));
    return h.GetHash();
}

}  // namespace

template <typename Tx>
uint256 SignatureHash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                      const ConfidentialValue& amount, SigVersion version,
                      const PrecomputedTransactionData* txdata) {
    if (version == SigVersion::kWitnessV0) {
        if (n_in >= tx.vin.size()) return uint256::FromByte0(1);
        return WitnessV0Hash(script_code, tx, n_in, hash_type, amount, txdata);
    }
    return LegacyHash(script_code, tx, n_in, hash_type);
}

template <typename Tx>
uint256 SignatureHash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                      const ConfidentialValue& amount, SigVersion version) {
    return SignatureHash(script_code, tx, n_in, hash_type, amount, version, nullptr);
}

template <typename Tx>
PrecomputedTransactionData::PrecomputedTransactionData(const Tx& tx)
    : hash_prevouts(PrevoutsHash(tx)),
      hash_sequence(SequenceHash(tx)),
      hash_issuance(IssuanceHash(tx)),
      hash_outputs(OutputsHash(tx)) {}

template uint256 SignatureHash<Transaction>(const Script&, const Transaction&, unsigned, int32_t,
                                            const ConfidentialValue&, SigVersion);
template uint256 SignatureHash<MutableTransaction>(const Script&, const MutableTransaction&, unsigned,
                                                   int32_t, const ConfidentialValue&, SigVersion);
template uint256 SignatureHash<Transaction>(const Script&, const Transaction&, unsigned, int32_t,
                                            const ConfidentialValue&, SigVersion,
                                            const PrecomputedTransactionData*);
template uint256 SignatureHash<MutableTransaction>(const Script&, const MutableTransaction&, unsigned,
                                                   int32_t, const ConfidentialValue&, SigVersion,
                                                   const PrecomputedTransactionData*);
template PrecomputedTransactionData::PrecomputedTransactionData(const Transaction&);
template PrecomputedTransactionData::PrecomputedTransactionData(const MutableTransaction&);

}  // namespace ocean
