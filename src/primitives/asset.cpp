#include "ocean/primitives/asset.h"

#include "ocean/crypto/sha256.h"

namespace ocean {

uint256 ComputeIssuanceEntropy(const OutPoint& prevout, const uint256& contract_hash) {
    HashWriter h;
    SerializeOutPoint(h, prevout);  // in-memory index: already masked
    return FastNode(h.GetHash(), contract_hash);
}

uint256 ComputeAssetId(const uint256& entropy) {
    return FastNode(entropy, uint256());
}

uint256 ComputeReissuanceToken(const uint256& entropy, bool amount_blinded) {
    return FastNode(entropy, uint256::FromByte0(amount_blinded ? 2 : 1));
}

}  // namespace ocean
