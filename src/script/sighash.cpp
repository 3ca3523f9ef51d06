#include "ocean/script/sighash.h"

#include "ocean/primitives/serialize.h"

namespace ocean {
namespace {

// scriptCode as signed by legacy signatures: every OP_CODESEPARATOR removed.
template <typename S>
void WriteScriptCodeWithoutSeparators(S& s, const Script& code) {
    Bytes out;
    out.reserve(code.bytes().size());
    auto pc = code.begin();
    auto last = pc;
    Opcode op;
    while (code.GetOp(pc, op)) {
        if (op != OP_CODESEPARATOR) out.insert(out.end(), last, pc);
        last = pc;
    }
    out.insert(out.end(), last, code.end());  // a truncated tail is kept as is
    WriteBytes(s, out);
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

template <typename Tx>
uint256 WitnessV0Hash(const Script& script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                      const ConfidentialValue& amount) {
    const int base = hash_type & 0x1f;
    const bool acp = (hash_type & SIGHASH_ANYONECANPAY) != 0;
    uint256 hash_prevouts, hash_sequence, hash_issuance, hash_outputs;
    if (!acp) {
        HashWriter p, is;
        for (const TxIn& in : tx.vin) {
            SerializeOutPoint(p, in.prevout);
            if (in.HasIssuance()) {
                in.issuance.Serialize(is);
            } else {
                WriteU8(is, 0);
            }
        }
        hash_prevouts = p.GetHash();
        hash_issuance = is.GetHash();
    }
    if (!acp && base != SIGHASH_SINGLE && base != SIGHASH_NONE) {
        HashWriter q;
        for (const TxIn& in : tx.vin) WriteLE32(q, in.sequence);
        hash_sequence = q.GetHash();
    }
    if (base != SIGHASH_SINGLE && base != SIGHASH_NONE) {
        HashWriter o;
        for (const TxOut& out : tx.vout) WriteTxOut(o, out);
        hash_outputs = o.GetHash();
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
                      const ConfidentialValue& amount, SigVersion version) {
    if (version == SigVersion::kWitnessV0) {
        if (n_in >= tx.vin.size()) return uint256::FromByte0(1);
        return WitnessV0Hash(script_code, tx, n_in, hash_type, amount);
    }
    return LegacyHash(script_code, tx, n_in, hash_type);
}

template uint256 SignatureHash<Transaction>(const Script&, const Transaction&, unsigned, int32_t,
                                            const ConfidentialValue&, SigVersion);
template uint256 SignatureHash<MutableTransaction>(const Script&, const MutableTransaction&, unsigned,
                                                   int32_t, const ConfidentialValue&, SigVersion);

}  // namespace ocean
