#include "ocean/signer/signer_messages.h"

#include <new>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/serialize.h"

namespace ocean {

namespace {

void WriteEnvelope(Bytes& out, const Bytes& sig) {
    VectorWriter w(out);
    WriteBytes(w, sig);
}

Bytes ReadSig(SpanReader& r) {
    Bytes sig = ReadBytes(r);
    if (sig.empty() || sig.size() > kMaxSignerDerSize) throw DecodeError("bad signature size");
    return sig;
}

template <typename T, typename F>
Result<T> Decode(ByteSpan payload, F&& read) {
    try {
        SpanReader r(payload);
        T m = read(r);
        if (!r.empty()) return Error("malformed", "trailing bytes");
        return m;
    } catch (const DecodeError& e) {
        return Error("malformed", e.what());
    } catch (const std::bad_alloc&) {
        return Error("malformed", "out of memory");
    }
}

}  // namespace

Bytes EncodeProposalBody(const SignerProposal& m) {
    Bytes out;
    VectorWriter w(out);
    WriteLE32(w, m.height);
    WriteLE32(w, m.round);
    WriteLE32(w, static_cast<uint32_t>(m.valid_round));
    WriteU8(w, m.signer);
    WriteBytes(w, EncodeBlock(m.block, /*with_witness=*/true));
    return out;
}

Bytes EncodeVoteBody(const SignerVote& m) {
    Bytes out;
    VectorWriter w(out);
    WriteU8(w, static_cast<uint8_t>(m.kind));
    WriteLE32(w, m.height);
    WriteLE32(w, m.round);
    w.write(m.block_hash.data(), m.block_hash.size());
    WriteU8(w, m.signer);
    return out;
}

Bytes EncodeProposal(const SignerProposal& m) {
    Bytes out = EncodeProposalBody(m);
    WriteEnvelope(out, m.envelope_sig);
    return out;
}

Bytes EncodeVote(const SignerVote& m) {
    Bytes out = EncodeVoteBody(m);
    WriteEnvelope(out, m.envelope_sig);
    return out;
}

Bytes EncodeBlockSig(const SignerBlockSig& m) {
    Bytes out;
    VectorWriter w(out);
    WriteLE32(w, m.height);
    w.write(m.block_hash.data(), m.block_hash.size());
    WriteU8(w, m.signer);
    WriteBytes(w, m.signature);
    return out;
}

Result<SignerProposal> DecodeProposal(ByteSpan payload) {
    return Decode<SignerProposal>(payload, [](SpanReader& r) {
        SignerProposal m;
        m.height = ReadLE32(r);
        m.round = ReadLE32(r);
        m.valid_round = static_cast<int32_t>(ReadLE32(r));
        m.signer = ReadU8(r);
        const Bytes block = ReadBytes(r);
        auto decoded = DecodeBlock(block);
        if (!decoded) throw DecodeError("bad block: " + decoded.error().ToString());
        m.block = std::move(*decoded);
        m.envelope_sig = ReadSig(r);
        return m;
    });
}

Result<SignerVote> DecodeVote(ByteSpan payload) {
    return Decode<SignerVote>(payload, [](SpanReader& r) {
        SignerVote m;
        const uint8_t kind = ReadU8(r);
        if (kind != 1 && kind != 2) throw DecodeError("unknown vote kind");
        m.kind = static_cast<VoteKind>(kind);
        m.height = ReadLE32(r);
        m.round = ReadLE32(r);
        m.block_hash = ReadUint256(r);
        m.signer = ReadU8(r);
        m.envelope_sig = ReadSig(r);
        return m;
    });
}

Result<SignerBlockSig> DecodeBlockSig(ByteSpan payload) {
    return Decode<SignerBlockSig>(payload, [](SpanReader& r) {
        SignerBlockSig m;
        m.height = ReadLE32(r);
        m.block_hash = ReadUint256(r);
        m.signer = ReadU8(r);
        m.signature = ReadSig(r);
        return m;
    });
}

uint256 EnvelopeHash(const uint256& genesis, const std::string& command, ByteSpan body) {
    static constexpr char kTag[] = "oceand/signer/1";
    Bytes pre(kTag, kTag + sizeof(kTag) - 1);
    pre.insert(pre.end(), genesis.begin(), genesis.end());
    pre.insert(pre.end(), command.begin(), command.end());
    pre.push_back(0);
    pre.insert(pre.end(), body.begin(), body.end());
    return Sha256dHash(pre);
}

}  // namespace ocean
