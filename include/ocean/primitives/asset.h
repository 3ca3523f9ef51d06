// Asset identifiers (formats.md §6): issuance entropy, asset id and reissuance-token id.
#pragma once

#include "ocean/primitives/transaction.h"
#include "ocean/util/uint256.h"

namespace ocean {

// E = FastNode(SHA256d(prevout.hash || LE32(masked n)), contract_hash).
uint256 ComputeIssuanceEntropy(const OutPoint& prevout, const uint256& contract_hash);
// A = FastNode(E, 0).
uint256 ComputeAssetId(const uint256& entropy);
// T = FastNode(E, K) with K[0] = 0x02 if the issuance amount is blinded, else 0x01.
uint256 ComputeReissuanceToken(const uint256& entropy, bool amount_blinded);

}  // namespace ocean
