// libFuzzer target: transaction decoding (formats.md §3).
//
// Arbitrary bytes go through DecodeTransaction. Whatever decodes must re-encode to bytes that decode
// again to the same bytes and the same identifiers, and the sizes and hashes the rest of the node
// relies on must agree with the encodings. Any disagreement aborts, which libFuzzer reports.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/transaction.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_transaction: check failed: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    auto decoded = DecodeTransaction(ByteSpan(data, size));
    if (!decoded) return 0;
    const Transaction& tx = **decoded;

    // Round trip: encode, decode, encode again.
    const Bytes enc = EncodeTransaction(tx);
    auto again = DecodeTransaction(enc);
    Check(again.ok(), "re-encoded transaction does not decode");
    const Transaction& tx2 = **again;
    Check(EncodeTransaction(tx2) == enc, "second encoding differs from the first");
    Check(tx2.GetTxid() == tx.GetTxid(), "txid changed over a round trip");
    Check(tx2.GetHashWithWitness() == tx.GetHashWithWitness(), "witness hash changed over a round trip");
    Check(tx2.HasWitness() == tx.HasWitness(), "HasWitness changed over a round trip");

    // The encoding without witness decodes to the same txid.
    const Bytes stripped = EncodeTransaction(tx, false);
    auto no_wit = DecodeTransaction(stripped);
    Check(no_wit.ok(), "witness-stripped encoding does not decode");
    Check((*no_wit)->GetTxid() == tx.GetTxid(), "txid differs for the witness-stripped encoding");
    Check(!(*no_wit)->HasWitness(), "witness-stripped encoding has a witness");

    // Identifiers and sizes agree with the encodings.
    Check(tx.GetTxid() == Sha256dHash(stripped), "txid is not SHA256d of the stripped encoding");
    Check(tx.GetHashWithWitness() == Sha256dHash(enc), "hash with witness is not SHA256d of the encoding");
    Check(tx.GetTotalSize() == enc.size(), "GetTotalSize differs from the encoding's size");
    Check(tx.GetStrippedSize() == stripped.size(), "GetStrippedSize differs from the stripped size");
    Check(tx.GetStrippedSize() <= tx.GetTotalSize(), "stripped size above total size");
    Check(tx.GetWeight() == 3 * stripped.size() + enc.size(), "weight formula");
    Check(tx.GetVirtualSize() * 4 >= tx.GetWeight(), "virtual size rounds down");
    Check(tx.HasWitness() == (enc.size() != stripped.size()), "HasWitness vs encoding sizes");

    // The mutable form computes the same txid and encodes the same bytes.
    const MutableTransaction m = tx.ToMutable();
    Check(m.GetTxid() == tx.GetTxid(), "MutableTransaction txid differs");
    Check(EncodeTransaction(m) == enc, "MutableTransaction encoding differs");

    // The witness hash is deterministic and survives the round trip.
    const uint256 wh = tx.ComputeWitnessHash();
    Check(wh == tx2.ComputeWitnessHash(), "witness hash changed over a round trip");
    return 0;
}
