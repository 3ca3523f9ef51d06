// Ocean transactions (formats.md §3): outpoints with wire flag bits, asset issuances, inputs and
// outputs with confidential fields, the per-input/per-output witness section, and the three
// identifiers (txid, hash with witness, witness hash).
//
// MutableTransaction is the editable form; Transaction is immutable and caches its txid and
// hash-with-witness, and is shared as TransactionRef.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ocean/primitives/amount.h"
#include "ocean/primitives/confidential.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

inline constexpr uint32_t kOutpointIssuanceFlag = 0x80000000u;
inline constexpr uint32_t kOutpointPeginFlag = 0x40000000u;
inline constexpr uint32_t kOutpointIndexMask = 0x3fffffffu;
inline constexpr uint32_t kSequenceFinal = 0xffffffffu;

// A reference to an output: txid and (masked) output index. The wire flag bits live in TxIn.
struct OutPoint {
    uint256 hash;
    uint32_t n = 0xffffffffu;

    OutPoint() = default;
    OutPoint(const uint256& h, uint32_t i) : hash(h), n(i) {}
    bool IsNull() const { return hash.IsNull() && n == 0xffffffffu; }
    friend bool operator==(const OutPoint&, const OutPoint&) = default;
    friend auto operator<=>(const OutPoint&, const OutPoint&) = default;
};

// An issuance or reissuance carried by an input (formats.md §3.3).
struct AssetIssuance {
    uint256 asset_blinding_nonce;  // zero for a new issuance
    uint256 asset_entropy;         // contract hash (new) or original entropy (reissuance)
    ConfidentialValue amount;
    ConfidentialValue inflation_keys;

    bool IsNull() const { return amount.IsNull() && inflation_keys.IsNull(); }
    bool IsReissuance() const { return !asset_blinding_nonce.IsNull(); }
    friend bool operator==(const AssetIssuance&, const AssetIssuance&) = default;

    template <typename S>
    void Serialize(S& s) const {
        WriteBlob(s, asset_blinding_nonce);
        WriteBlob(s, asset_entropy);
        amount.Serialize(s);
        inflation_keys.Serialize(s);
    }
    void Unserialize(SpanReader& r);
};

// Witness data of one input: issuance rangeproofs, script witness stack, peg-in witness stack.
struct TxInWitness {
    Bytes issuance_amount_rangeproof;
    Bytes inflation_keys_rangeproof;
    std::vector<Bytes> script_witness;
    std::vector<Bytes> pegin_witness;

    bool IsNull() const {
        return issuance_amount_rangeproof.empty() && inflation_keys_rangeproof.empty() &&
               script_witness.empty() && pegin_witness.empty();
    }
    friend bool operator==(const TxInWitness&, const TxInWitness&) = default;
};

// Witness data of one output: surjection proof and range proof (empty for explicit fields).
struct TxOutWitness {
    Bytes surjection_proof;
    Bytes range_proof;

    bool IsNull() const { return surjection_proof.empty() && range_proof.empty(); }
    friend bool operator==(const TxOutWitness&, const TxOutWitness&) = default;
};

struct TxIn {
    OutPoint prevout;
    Bytes script_sig;
    uint32_t sequence = kSequenceFinal;
    AssetIssuance issuance;
    bool is_pegin = false;
    TxInWitness witness;

    bool HasIssuance() const { return !issuance.IsNull(); }
    friend bool operator==(const TxIn&, const TxIn&) = default;
};

struct TxOut {
    ConfidentialAsset asset;
    ConfidentialValue value;
    ConfidentialNonce nonce;
    Bytes script_pubkey;
    TxOutWitness witness;

    // A fee output: empty script with explicit value and asset (formats.md §3.4).
    bool IsFee() const { return script_pubkey.empty() && value.IsExplicit() && asset.IsExplicit(); }
    friend bool operator==(const TxOut&, const TxOut&) = default;
};

struct MutableTransaction {
    int32_t version = 2;
    std::vector<TxIn> vin;
    std::vector<TxOut> vout;
    uint32_t lock_time = 0;

    bool HasWitness() const;
    uint256 GetTxid() const;
};

class Transaction {
  public:
    explicit Transaction(MutableTransaction tx);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const int32_t version;
    const std::vector<TxIn> vin;
    const std::vector<TxOut> vout;
    const uint32_t lock_time;

    const uint256& GetTxid() const { return txid_; }
    // SHA256d of the full serialization (equal to the txid without witness).
    const uint256& GetHashWithWitness() const { return hash_with_witness_; }
    // The fast-merkle commitment to witness data only (formats.md §3.6); computed on each call.
    uint256 ComputeWitnessHash() const;
    bool HasWitness() const { return has_witness_; }
    bool IsCoinBase() const { return vin.size() == 1 && vin[0].prevout.IsNull(); }

    size_t GetTotalSize() const;
    size_t GetStrippedSize() const;
    size_t GetWeight() const { return GetStrippedSize() * 3 + GetTotalSize(); }
    size_t GetVirtualSize() const { return (GetWeight() + 3) / 4; }

    MutableTransaction ToMutable() const;

  private:
    bool has_witness_;
    uint256 txid_;
    uint256 hash_with_witness_;
};

// An output with an explicit asset and value (no nonce, no proofs).
TxOut MakeExplicitTxOut(const uint256& asset, Amount value, Bytes script_pubkey);

using TransactionRef = std::shared_ptr<const Transaction>;
inline TransactionRef MakeTransactionRef(MutableTransaction tx) {
    return std::make_shared<const Transaction>(std::move(tx));
}

// True when any input or output carries witness data (MutableTransaction or Transaction).
template <typename Tx>
bool AnyWitness(const Tx& tx) {
    for (const TxIn& in : tx.vin)
        if (!in.witness.IsNull()) return true;
    for (const TxOut& out : tx.vout)
        if (!out.witness.IsNull()) return true;
    return false;
}

// ---- serialization ----

template <typename S>
void SerializeOutPoint(S& s, const OutPoint& o) {
    WriteBlob(s, o.hash);
    WriteLE32(s, o.n);
}

// Writes a transaction (MutableTransaction or Transaction). With with_witness, the flags byte is 1
// and the witness section follows when any witness is present; otherwise flags is 0.
template <typename S, typename Tx>
void SerializeTransaction(S& s, const Tx& tx, bool with_witness) {
    WriteLE32(s, static_cast<uint32_t>(tx.version));
    const bool witness = with_witness && AnyWitness(tx);
    WriteU8(s, witness ? 1 : 0);
    WriteCompactSize(s, tx.vin.size());
    for (const TxIn& in : tx.vin) {
        WriteBlob(s, in.prevout.hash);
        if (in.prevout.n == 0xffffffffu) {
            WriteLE32(s, in.prevout.n);
        } else {
            uint32_t n = in.prevout.n;
            if (in.HasIssuance()) n |= kOutpointIssuanceFlag;
            if (in.is_pegin) n |= kOutpointPeginFlag;
            WriteLE32(s, n);
        }
        WriteBytes(s, in.script_sig);
        WriteLE32(s, in.sequence);
        if (in.prevout.n != 0xffffffffu && in.HasIssuance()) in.issuance.Serialize(s);
    }
    WriteCompactSize(s, tx.vout.size());
    for (const TxOut& out : tx.vout) {
        out.asset.Serialize(s);
        out.value.Serialize(s);
        out.nonce.Serialize(s);
        WriteBytes(s, out.script_pubkey);
    }
    WriteLE32(s, tx.lock_time);
    if (witness) {
        for (const TxIn& in : tx.vin) {
            WriteBytes(s, in.witness.issuance_amount_rangeproof);
            WriteBytes(s, in.witness.inflation_keys_rangeproof);
            WriteStack(s, in.witness.script_witness);
            WriteStack(s, in.witness.pegin_witness);
        }
        for (const TxOut& out : tx.vout) {
            WriteBytes(s, out.witness.surjection_proof);
            WriteBytes(s, out.witness.range_proof);
        }
    }
}

template <typename Tx>
Bytes EncodeTransaction(const Tx& tx, bool with_witness = true) {
    Bytes out;
    VectorWriter w(out);
    SerializeTransaction(w, tx, with_witness);
    return out;
}

// Reads one transaction from the reader (throws DecodeError; for use inside the primitives layer
// and by callers that catch DecodeError themselves, like block decoding).
void UnserializeTransaction(SpanReader& r, MutableTransaction& tx);

// Decodes exactly one transaction occupying all of `data`.
Result<MutableTransaction> DecodeMutableTransaction(ByteSpan data);
Result<TransactionRef> DecodeTransaction(ByteSpan data);

}  // namespace ocean
