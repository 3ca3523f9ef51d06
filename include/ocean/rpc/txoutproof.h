// The txoutproof parameter as verifytxoutproof and importprunedfunds read it (Bitcoin Core 0.14's
// `CDataStream(ParseHexV(p, "proof")) >> merkleBlock`) and the block it names. The proof is the
// serialized merkle block of primitives/partial_merkle_tree.h; both commands take their texts from here
// so that they fail alike.
#pragma once

#include "ocean/core_io/json.h"
#include "ocean/primitives/partial_merkle_tree.h"

namespace ocean {

class BlockIndex;
class Chainstate;

// The merkle block of a hex proof: -8 "proof must be hexadecimal string (not '<x>')" for bad hex, -1
// with Ocean's stream error text ("CDataStream::read(): end of data: iostream error", ...) when it does
// not decode. Bytes after the merkle block are ignored, as by a stream read.
MerkleBlock ParseTxOutProof(const Json& proof);

// The block of a proof when it is on the active chain, else -5 "Block not found in chain". The caller
// holds the chain lock for as long as it uses the result.
const BlockIndex& ProofBlockInActiveChain(const Chainstate& chain, const MerkleBlock& proof);

}  // namespace ocean
