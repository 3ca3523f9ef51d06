// The signed-block proof check (consensus.md §2.1–§2.2), kept apart because it is the consensus layer's
// only use of the script interpreter's VerifyScript.
#include "ocean/consensus/block_check.h"
#include "ocean/script/interpreter.h"

namespace ocean {

bool CheckBlockProof(const BlockHeader& header, const ChainParams& params) {
    const uint256 hash = header.GetHash();
    if (hash == params.genesis_hash) return true;
    const BlockSignatureChecker checker(hash);
    return VerifyScript(Script(header.proof.solution), Script(header.proof.challenge), nullptr,
                        kBlockProofVerifyFlags, checker, nullptr);
}

}  // namespace ocean
