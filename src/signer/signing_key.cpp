// The strict signature check shared by the key backends (see signing_key.h).
#include "ocean/signer/signing_key.h"

#include <secp256k1.h>

#include "ocean/crypto/secp256k1_context.h"

namespace ocean {

bool VerifyLowSDer(const PubKey& pub, const uint256& hash, ByteSpan der) {
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey point;
    if (!pub.IsValid() || !secp256k1_ec_pubkey_parse(ctx, &point, pub.data(), pub.size())) return false;
    secp256k1_ecdsa_signature sig;
    if (!secp256k1_ecdsa_signature_parse_der(ctx, &sig, der.data(), der.size())) return false;
    // Strictness: the parsed signature must re-serialize to exactly the same bytes.
    unsigned char out[72];
    size_t out_len = sizeof(out);
    if (!secp256k1_ecdsa_signature_serialize_der(ctx, out, &out_len, &sig)) return false;
    if (out_len != der.size() || !std::equal(der.begin(), der.end(), out)) return false;
    // secp256k1_ecdsa_verify only accepts lower-S signatures.
    return secp256k1_ecdsa_verify(ctx, &sig, hash.data(), &point) == 1;
}

}  // namespace ocean
