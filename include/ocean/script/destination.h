// Destination: what an output pays to, independent of its script bytes or address string.
#pragma once

#include <compare>
#include <variant>

#include "ocean/script/script.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// No destination: the script is not one of the single-destination forms.
struct NoDestination {
    friend constexpr bool operator==(const NoDestination&, const NoDestination&) { return true; }
    friend constexpr std::strong_ordering operator<=>(const NoDestination&, const NoDestination&) {
        return std::strong_ordering::equal;
    }
};

// Hash160 of a public key (P2PKH, "key id").
class PKHash : public uint160 {
  public:
    PKHash() = default;
    explicit PKHash(const uint160& hash) : uint160(hash) {}
    explicit PKHash(ByteSpan bytes20) : uint160(bytes20) {}
    // Hash160 of the serialized public key.
    static PKHash FromPubKey(ByteSpan pubkey);
};

// Hash160 of a redeem script (P2SH, "script id").
class ScriptHash : public uint160 {
  public:
    ScriptHash() = default;
    explicit ScriptHash(const uint160& hash) : uint160(hash) {}
    explicit ScriptHash(ByteSpan bytes20) : uint160(bytes20) {}
    static ScriptHash FromScript(const Script& redeem_script);
};

// Segwit v0 key hash (P2WPKH program).
class WitnessV0KeyHash : public uint160 {
  public:
    WitnessV0KeyHash() = default;
    explicit WitnessV0KeyHash(const uint160& hash) : uint160(hash) {}
    explicit WitnessV0KeyHash(ByteSpan bytes20) : uint160(bytes20) {}
};

// Segwit v0 script hash: single SHA256 of the witness script (P2WSH program).
class WitnessV0ScriptHash : public uint256 {
  public:
    WitnessV0ScriptHash() = default;
    explicit WitnessV0ScriptHash(const uint256& hash) : uint256(hash) {}
    explicit WitnessV0ScriptHash(ByteSpan bytes32) : uint256(bytes32) {}
    static WitnessV0ScriptHash FromScript(const Script& witness_script);
};

// Ocean (like Elements 0.14, which has no bech32) only ever extracts and encodes PKHash and ScriptHash.
// The witness alternatives exist so that callers can build P2WPKH/P2WSH scripts through the same type;
// ExtractDestination never returns them and they have no address encoding.
using Destination = std::variant<NoDestination, PKHash, ScriptHash, WitnessV0KeyHash, WitnessV0ScriptHash>;

// Anything but NoDestination.
bool IsValidDestination(const Destination& dest);

}  // namespace ocean
