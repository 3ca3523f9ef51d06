// Payloads of the P2P messages (p2p.md §3–§5): their structs, encoders and decoders. Decoders never
// throw: a payload that does not parse (short, non-canonical CompactSize, over a count limit) gives an
// Error — code "oversized" when a count is over the message type's limit (inv/getdata 50 000, addr
// 1 000, headers 2 000), "malformed" otherwise; what that costs the peer (reject "error parsing
// message", misbehaviour) is the peer manager's decision. Counts are checked before anything is allocated.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ocean/primitives/block.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

inline constexpr int32_t kProtocolVersion = 70015;
inline constexpr int32_t kMinPeerProtocolVersion = 31800;
inline constexpr size_t kMaxInvEntries = 50'000;
inline constexpr size_t kMaxAddrEntries = 1'000;
inline constexpr size_t kMaxHeadersEntries = 2'000;
inline constexpr size_t kMaxUserAgentLength = 256;

// Service bits (p2p.md §1).
inline constexpr uint64_t kNodeNetwork = 1;
inline constexpr uint64_t kNodeBloom = 1 << 2;
inline constexpr uint64_t kNodeWitness = 1 << 3;

// An address as the wire carries it: 16 bytes (IPv4 as ::ffff:a.b.c.d), port big-endian.
struct NetAddress {
    uint32_t time = 0;  // only in addr messages
    uint64_t services = 0;
    std::array<uint8_t, 16> ip{};
    uint16_t port = 0;
    friend bool operator==(const NetAddress&, const NetAddress&) = default;
};

struct VersionMessage {
    int32_t version = kProtocolVersion;
    uint64_t services = 0;
    int64_t timestamp = 0;
    NetAddress addr_recv;  // without time
    NetAddress addr_from;  // without time
    uint64_t nonce = 1;
    std::string user_agent;
    int32_t start_height = -1;
    bool relay = true;
};

enum InvType : uint32_t {
    MSG_TX = 1,
    MSG_BLOCK = 2,
    MSG_FILTERED_BLOCK = 3,
    MSG_CMPCT_BLOCK = 4,
    MSG_WITNESS_FLAG = 1u << 30,
    MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG,
    MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG,
};

struct Inv {
    uint32_t type = 0;
    uint256 hash;
    uint32_t BaseType() const { return type & ~uint32_t{MSG_WITNESS_FLAG}; }
    friend bool operator==(const Inv&, const Inv&) = default;
};

// getheaders / getblocks.
struct LocatorMessage {
    int32_t version = kProtocolVersion;
    std::vector<uint256> locator;
    uint256 stop;
};

struct RejectMessage {
    std::string message;  // the rejected command
    uint8_t code = 0;
    std::string reason;
    std::optional<uint256> hash;  // for block and tx
};

Bytes EncodeVersion(const VersionMessage& m);
// Fields after addr_recv are optional (p2p.md §4.2); a version of exactly 10300 reads as 300.
Result<VersionMessage> DecodeVersion(ByteSpan payload);

Bytes EncodeNonce(uint64_t nonce);  // ping, pong
Result<uint64_t> DecodeNonce(ByteSpan payload);

Bytes EncodeInv(const std::vector<Inv>& items);  // inv, getdata, notfound
Result<std::vector<Inv>> DecodeInv(ByteSpan payload);

Bytes EncodeLocator(const LocatorMessage& m);
Result<LocatorMessage> DecodeLocator(ByteSpan payload);

// headers: each header followed by a transaction count (written 0, read and ignored).
Bytes EncodeHeaders(const std::vector<BlockHeader>& headers);
Result<std::vector<BlockHeader>> DecodeHeaders(ByteSpan payload);

Bytes EncodeAddr(const std::vector<NetAddress>& addrs);
Result<std::vector<NetAddress>> DecodeAddr(ByteSpan payload);

Bytes EncodeReject(const RejectMessage& m);
Result<RejectMessage> DecodeReject(ByteSpan payload);

}  // namespace ocean
