// libFuzzer target: block header decoding (formats.md §4.1).
//
// The header encoding has a single canonical form (CompactSize lengths are checked), so whatever
// DecodeBlockHeader accepts must re-encode to exactly the input. The block hash must ignore the
// solution and match SHA256d of the solution-less encoding.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/block.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_header: check failed: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    const ByteSpan input(data, size);
    auto decoded = DecodeBlockHeader(input);
    if (!decoded) return 0;
    const BlockHeader& h = *decoded;

    const Bytes enc = EncodeBlockHeader(h);
    Check(enc.size() == size && std::equal(enc.begin(), enc.end(), input.begin()),
          "header does not re-encode to the input");
    auto again = DecodeBlockHeader(enc);
    Check(again.ok() && *again == h, "re-encoded header decodes differently");

    Bytes unsigned_enc;
    VectorWriter w(unsigned_enc);
    SerializeBlockHeader(w, h, false);
    const uint256 hash = h.GetHash();
    Check(hash == Sha256dHash(unsigned_enc), "GetHash is not SHA256d of the solution-less header");
    Check(again->GetHash() == hash, "hash changed over a round trip");

    BlockHeader other = h;
    other.proof.solution.push_back(0x51);
    Check(other.GetHash() == hash, "the block hash covers the solution");
    Check(h.IsNull() == h.proof.challenge.empty(), "IsNull");
    return 0;
}
