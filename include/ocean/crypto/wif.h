// Wallet Import Format: base58check(prefix || 32-byte secret || [0x01 when compressed]).
// The prefix is the chain's SECRET_KEY byte (formats.md §8.3: 239 custom, 128 ocean_main, 180 gold_main).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ocean/crypto/key.h"
#include "ocean/util/result.h"

namespace ocean {

// WIF text for a valid key ("" for an invalid one).
std::string EncodeWif(const Key& key, uint8_t prefix);

// The key, or an error for bad base58/checksum, a wrong prefix, a bad length or compression flag, or
// an out-of-range secret.
Result<Key> DecodeWif(std::string_view wif, uint8_t prefix);

}  // namespace ocean
