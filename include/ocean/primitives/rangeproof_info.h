// The public header of a Borromean range proof (secp256k1-zkp format): the exponent, mantissa bits
// and the proven value range, which decoderawtransaction reports for blinded outputs. Only the
// header is read; nothing here verifies the proof.
#pragma once

#include <cstdint>
#include <optional>

#include "ocean/util/bytes.h"

namespace ocean {

struct RangeProofInfo {
    int exponent = -1;  // -1: the proof reveals the exact value (min_value)
    int mantissa = 0;   // bits of the proven range ("ct-bits")
    uint64_t min_value = 0;
    uint64_t max_value = 0;
};

// nullopt when the proof is too short or its header is malformed.
std::optional<RangeProofInfo> ParseRangeProofInfo(ByteSpan proof);

}  // namespace ocean
