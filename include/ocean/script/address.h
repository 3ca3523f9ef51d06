// Base58 addresses of Ocean chains: per-chain version prefixes, plain and blinded (confidential)
// address encoding and decoding (formats.md §8.3).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/script/destination.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace ocean {

// The Base58 version bytes of one chain.
struct AddressPrefixes {
    uint8_t pubkey = 0;                       // PUBKEY_ADDRESS (P2PKH)
    uint8_t script = 0;                       // SCRIPT_ADDRESS (P2SH)
    uint8_t blinded = 0;                      // BLINDED_ADDRESS (outer version of confidential addresses)
    uint8_t extended = 0;                     // EXTENDED_ADDRESS (decoded like a P2PKH address)
    uint8_t secret_key = 0;                   // SECRET_KEY (WIF)
    std::array<uint8_t, 4> ext_public_key{};  // BIP32 xpub version
    std::array<uint8_t, 4> ext_secret_key{};  // BIP32 xprv version
    uint8_t parent_pubkey = 0;                // PARENT_PUBKEY_ADDRESS (mainchain P2PKH)
    uint8_t parent_script = 0;                // PARENT_SCRIPT_ADDRESS (mainchain P2SH)

    bool operator==(const AddressPrefixes&) const = default;
};

// "ocean_main" and "gold_main" have their own prefixes; every other chain name (ocean_test,
// elementsregtest, any custom name) uses the custom set.
AddressPrefixes PrefixesForChain(std::string_view chain);

// A decoded address: its destination and, for a blinded address, the 33-byte blinding public key.
struct DecodedAddress {
    Destination destination;
    std::optional<Bytes> blinding_pubkey;
    bool is_blinded() const { return blinding_pubkey.has_value(); }
};

// base58check(version ‖ hash160). Only PKHash and ScriptHash have addresses; any other destination
// (NoDestination, witness destinations: Ocean has no bech32) gives "".
std::string EncodeDestination(const Destination& dest, const AddressPrefixes& prefixes);

// base58check(BLINDED ‖ inner version ‖ blinding_pubkey ‖ hash160). "" unless dest is a PKHash or
// ScriptHash and blinding_pubkey is 33 bytes starting with 02/03.
std::string EncodeBlindedAddress(const Destination& dest, ByteSpan blinding_pubkey,
                                 const AddressPrefixes& prefixes);

// Decodes a plain or blinded address.
//  - version PUBKEY or EXTENDED with 20 or 40 data bytes: PKHash of the first 20 bytes;
//  - version SCRIPT with 20 or 40 data bytes: ScriptHash of the first 20 bytes;
//  - version BLINDED with more than 34 data bytes: inner version (PUBKEY or SCRIPT) ‖ 33-byte blinding
//    key (02/03 header) ‖ 20 or 40 hash bytes, the first 20 used.
// Fails with code "invalid-address" (bad base58/checksum, unknown version, wrong length).
Result<DecodedAddress> DecodeAddress(std::string_view str, const AddressPrefixes& prefixes);

// DecodeAddress without the blinding key (a blinded address gives its unconfidential destination).
Result<Destination> DecodeDestination(std::string_view str, const AddressPrefixes& prefixes);

bool IsValidAddress(std::string_view str, const AddressPrefixes& prefixes);

}  // namespace ocean
