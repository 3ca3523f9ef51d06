#include "ocean/script/destination.h"

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"

namespace ocean {

PKHash PKHash::FromPubKey(ByteSpan pubkey) {
    return PKHash(Hash160(pubkey));
}

ScriptHash ScriptHash::FromScript(const Script& redeem_script) {
    return ScriptHash(Hash160(redeem_script.span()));
}

WitnessV0ScriptHash WitnessV0ScriptHash::FromScript(const Script& witness_script) {
    return WitnessV0ScriptHash(Sha256Hash(witness_script.span()));
}

bool IsValidDestination(const Destination& dest) {
    return !std::holds_alternative<NoDestination>(dest);
}

}  // namespace ocean
