// The federated signers' P2P messages (doc/signing-protocol.md §2): `sgnprop` (a proposed block for a
// height and round), `sgnvote` (prepare or commit for a block hash) and `sgnsig` (a signer's block
// signature). Proposals and votes carry an envelope signature by the signer's key over
// SHA256d("oceand/signer/1" ‖ genesis hash ‖ command ‖ payload without the signature), which binds them to
// the chain, the height, the round and their kind; `sgnsig` is authenticated by the block signature itself.
//
// Decoders never throw and never allocate more than the input could hold; the size limits are those of §2.
#pragma once

#include <cstdint>
#include <string>

#include "ocean/primitives/block.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

inline constexpr char kSignerProposalCommand[] = "sgnprop";
inline constexpr char kSignerVoteCommand[] = "sgnvote";
inline constexpr char kSignerSigCommand[] = "sgnsig";
inline constexpr size_t kMaxSignerDerSize = 73;

enum class VoteKind : uint8_t { kPrepare = 1, kCommit = 2 };

struct SignerProposal {
    uint32_t height = 0;
    uint32_t round = 0;
    int32_t valid_round = -1;  // the round of the certificate this block carries, -1 for a fresh block
    uint8_t signer = 0;
    Block block;
    Bytes envelope_sig;
};

struct SignerVote {
    VoteKind kind = VoteKind::kPrepare;
    uint32_t height = 0;
    uint32_t round = 0;
    uint256 block_hash;
    uint8_t signer = 0;
    Bytes envelope_sig;
};

struct SignerBlockSig {
    uint32_t height = 0;
    uint256 block_hash;
    uint8_t signer = 0;
    Bytes signature;  // DER over the block hash (consensus.md §2.2)
};

// The payload bytes without the envelope signature (what the envelope signs). A proposal's block is
// carried as var_bytes (with witness), then the signature as var_bytes.
Bytes EncodeProposalBody(const SignerProposal& m);
Bytes EncodeVoteBody(const SignerVote& m);
// Full payloads.
Bytes EncodeProposal(const SignerProposal& m);
Bytes EncodeVote(const SignerVote& m);
Bytes EncodeBlockSig(const SignerBlockSig& m);

Result<SignerProposal> DecodeProposal(ByteSpan payload);
Result<SignerVote> DecodeVote(ByteSpan payload);
Result<SignerBlockSig> DecodeBlockSig(ByteSpan payload);

// The hash an envelope signature signs.
uint256 EnvelopeHash(const uint256& genesis, const std::string& command, ByteSpan body);

}  // namespace ocean
