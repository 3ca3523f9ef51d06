#include "ocean/primitives/transaction.h"

#include <algorithm>

#include "ocean/primitives/merkle.h"

namespace ocean {

void AssetIssuance::Unserialize(SpanReader& r) {
    asset_blinding_nonce = ReadUint256(r);
    asset_entropy = ReadUint256(r);
    amount.Unserialize(r);
    inflation_keys.Unserialize(r);
}

void UnserializeTransaction(SpanReader& r, MutableTransaction& tx) {
    tx.version = static_cast<int32_t>(ReadLE32(r));
    const uint8_t flags = ReadU8(r);
    if (flags & ~uint8_t(1)) throw DecodeError("Unknown transaction optional data");

    const uint64_t n_in = ReadCompactSize(r);
    // An input takes at least 41 bytes: never reserve more than the input could hold.
    tx.vin.clear();
    tx.vin.reserve(std::min<uint64_t>(n_in, r.remaining() / 41));
    for (uint64_t i = 0; i < n_in; ++i) {
        TxIn& in = tx.vin.emplace_back();
        in.prevout.hash = ReadUint256(r);
        const uint32_t raw = ReadLE32(r);
        bool has_issuance = false;
        if (raw == 0xffffffffu) {
            in.prevout.n = raw;
        } else {
            has_issuance = (raw & kOutpointIssuanceFlag) != 0;
            in.is_pegin = (raw & kOutpointPeginFlag) != 0;
            in.prevout.n = raw & kOutpointIndexMask;
        }
        in.script_sig = ReadBytes(r);
        in.sequence = ReadLE32(r);
        // A flagged but null issuance is accepted as Ocean does; it re-serializes without the flag
        // (and the txid is computed from that re-serialization), exactly like the reference.
        if (has_issuance) in.issuance.Unserialize(r);
    }

    const uint64_t n_out = ReadCompactSize(r);
    tx.vout.clear();
    tx.vout.reserve(std::min<uint64_t>(n_out, r.remaining() / 4));
    for (uint64_t i = 0; i < n_out; ++i) {
        TxOut& out = tx.vout.emplace_back();
        out.asset.Unserialize(r);
        out.value.Unserialize(r);
        out.nonce.Unserialize(r);
        out.script_pubkey = ReadBytes(r);
    }
    tx.lock_time = ReadLE32(r);

    if (flags & 1) {
        for (TxIn& in : tx.vin) {
            in.witness.issuance_amount_rangeproof = ReadBytes(r);
            in.witness.inflation_keys_rangeproof = ReadBytes(r);
            in.witness.script_witness = ReadStack(r);
            in.witness.pegin_witness = ReadStack(r);
        }
        for (TxOut& out : tx.vout) {
            out.witness.surjection_proof = ReadBytes(r);
            out.witness.range_proof = ReadBytes(r);
        }
        if (!tx.HasWitness()) throw DecodeError("Superfluous witness record");
    }
}

Result<MutableTransaction> DecodeMutableTransaction(ByteSpan data) {
    MutableTransaction tx;
    try {
        SpanReader r(data);
        UnserializeTransaction(r, tx);
        if (!r.empty()) return Error("tx-decode", "trailing data after transaction");
    } catch (const DecodeError& e) {
        return Error("tx-decode", e.what());
    } catch (const std::bad_alloc&) {
        return Error("tx-decode", "out of memory while decoding");
    }
    return tx;
}

Result<TransactionRef> DecodeTransaction(ByteSpan data) {
    auto tx = DecodeMutableTransaction(data);
    if (!tx) return tx.error();
    return MakeTransactionRef(std::move(tx.value()));
}

bool MutableTransaction::HasWitness() const {
    return AnyWitness(*this);
}

uint256 MutableTransaction::GetTxid() const {
    HashWriter h;
    SerializeTransaction(h, *this, false);
    return h.GetHash();
}

Transaction::Transaction(MutableTransaction tx)
    : version(tx.version), vin(std::move(tx.vin)), vout(std::move(tx.vout)), lock_time(tx.lock_time) {
    has_witness_ = AnyWitness(*this);
    HashWriter h;
    SerializeTransaction(h, *this, false);
    txid_ = h.GetHash();
    if (has_witness_) {
        HashWriter hw;
        SerializeTransaction(hw, *this, true);
        hash_with_witness_ = hw.GetHash();
    } else {
        hash_with_witness_ = txid_;
    }
}

MutableTransaction Transaction::ToMutable() const {
    MutableTransaction m;
    m.version = version;
    m.vin = vin;
    m.vout = vout;
    m.lock_time = lock_time;
    return m;
}

size_t Transaction::GetTotalSize() const {
    SizeCounter c;
    SerializeTransaction(c, *this, true);
    return c.size();
}

size_t Transaction::GetStrippedSize() const {
    SizeCounter c;
    SerializeTransaction(c, *this, false);
    return c.size();
}

namespace {

template <typename F>
uint256 HashOf(F&& write) {
    HashWriter h;
    write(h);
    return h.GetHash();
}

uint256 InputWitnessHash(const TxInWitness& w) {
    const std::vector<uint256> leaves = {
        HashOf([&](HashWriter& h) { WriteBytes(h, w.issuance_amount_rangeproof); }),
        HashOf([&](HashWriter& h) { WriteBytes(h, w.inflation_keys_rangeproof); }),
        HashOf([&](HashWriter& h) { WriteStack(h, w.script_witness); }),
        HashOf([&](HashWriter& h) { WriteStack(h, w.pegin_witness); }),
    };
    return ComputeFastMerkleRoot(leaves);
}

uint256 OutputWitnessHash(const TxOutWitness& w) {
    const std::vector<uint256> leaves = {
        HashOf([&](HashWriter& h) { WriteBytes(h, w.surjection_proof); }),
        HashOf([&](HashWriter& h) { WriteBytes(h, w.range_proof); }),
    };
    return ComputeFastMerkleRoot(leaves);
}

}  // namespace

uint256 Transaction::ComputeWitnessHash() const {
    static const uint256 kEmptyIn = InputWitnessHash(TxInWitness{});
    static const uint256 kEmptyOut = OutputWitnessHash(TxOutWitness{});
    std::vector<uint256> in_leaves;
    in_leaves.reserve(vin.size());
    for (const TxIn& in : vin) {
        // The coinbase's own witness (the commitment nonce) never enters its witness hash.
        const bool empty = in.prevout.IsNull() || in.witness.IsNull();
        in_leaves.push_back(empty ? kEmptyIn : InputWitnessHash(in.witness));
    }
    std::vector<uint256> out_leaves;
    out_leaves.reserve(vout.size());
    for (const TxOut& out : vout)
        out_leaves.push_back(out.witness.IsNull() ? kEmptyOut : OutputWitnessHash(out.witness));
    return FastNode(ComputeFastMerkleRoot(in_leaves), ComputeFastMerkleRoot(out_leaves));
}

TxOut MakeExplicitTxOut(const uint256& asset, Amount value, Bytes script_pubkey) {
    TxOut out;
    out.asset.SetExplicit(asset);
    out.value.SetExplicit(value);
    out.script_pubkey = std::move(script_pubkey);
    return out;
}

}  // namespace ocean
