// Base58 and Base58Check encoding (addresses, WIF keys, BIP32 extended keys).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ocean/util/bytes.h"

namespace ocean {

std::string EncodeBase58(ByteSpan data);
// nullopt on any non-base58 character, or when the result would exceed max_len bytes.
std::optional<Bytes> DecodeBase58(std::string_view s, size_t max_len);

// payload || first 4 bytes of SHA256d(payload), base58-encoded.
std::string EncodeBase58Check(ByteSpan payload);
// The payload, or nullopt on bad characters, a bad checksum, or a payload longer than max_len.
std::optional<Bytes> DecodeBase58Check(std::string_view s, size_t max_len);

}  // namespace ocean
