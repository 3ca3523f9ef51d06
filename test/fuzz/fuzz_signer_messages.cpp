// libFuzzer target: the federated signers' message decoders (signer/signer_messages.h).
//
// The first byte picks the decoder (sgnprop, sgnvote, sgnsig); the rest is the payload. Decoding must not
// crash, and whatever decodes must re-encode to exactly the input (the formats have one encoding each,
// except that a proposal's block may have several: that one must re-decode to the same message).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ocean/signer/signer_messages.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_signer_messages: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const ocean::ByteSpan payload(data + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            if (auto m = ocean::DecodeProposal(payload)) {
                auto again = ocean::DecodeProposal(ocean::EncodeProposal(*m));
                Check(again.ok(), "a decoded proposal re-encodes to something undecodable");
                Check(ocean::EncodeProposal(*again) == ocean::EncodeProposal(*m),
                      "proposal round trip differs");
            }
            break;
        case 1:
            if (auto m = ocean::DecodeVote(payload)) {
                const ocean::Bytes enc = ocean::EncodeVote(*m);
                Check(ocean::Bytes(payload.begin(), payload.end()) == enc, "vote round trip differs");
            }
            break;
        default:
            if (auto m = ocean::DecodeBlockSig(payload)) {
                const ocean::Bytes enc = ocean::EncodeBlockSig(*m);
                Check(ocean::Bytes(payload.begin(), payload.end()) == enc,
                      "block signature round trip differs");
            }
            break;
    }
    return 0;
}
