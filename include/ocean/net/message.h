// P2P message framing (p2p.md §2): a 24-byte header — network magic, NUL-padded ASCII command, payload
// length, first four bytes of SHA256d(payload) — then the payload.
//
// MessageReader turns a peer's byte stream into messages. It never buffers more than one header plus
// one payload of at most kMaxProtocolMessageLength bytes, and it tells apart what drops the connection
// (wrong magic, oversized length) from what only discards the message (bad command characters, bad
// checksum), as Ocean does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace ocean {

using NetMagic = std::array<uint8_t, 4>;

inline constexpr size_t kMessageHeaderSize = 24;
inline constexpr size_t kCommandSize = 12;
// Larger declared lengths disconnect the peer ("Oversized message").
inline constexpr uint32_t kMaxProtocolMessageLength = 4'000'000;

struct MessageHeader {
    NetMagic magic{};
    std::array<char, kCommandSize> command{};
    uint32_t length = 0;
    std::array<uint8_t, 4> checksum{};

    // The command up to its first NUL.
    std::string Command() const;
    // p2p.md §2: printable ASCII (0x20–0x7E) up to the first NUL, only NULs after it, not empty.
    bool CommandIsValid() const;
};

// The 24 header bytes.
MessageHeader DecodeMessageHeader(ByteSpan bytes24);
// Header + payload, ready to send. The command must be 1..12 printable characters.
Result<Bytes> BuildMessage(const NetMagic& magic, std::string_view command, ByteSpan payload);
// First four bytes of SHA256d(payload).
std::array<uint8_t, 4> MessageChecksum(ByteSpan payload);

// One framed message taken off the stream.
struct NetMessage {
    std::string command;
    Bytes payload;
    bool valid_command = true;   // false: Ocean logs "ERRORS IN HEADER" and ignores the message
    bool valid_checksum = true;  // false: ignored, connection kept
};

class MessageReader {
  public:
    explicit MessageReader(const NetMagic& magic) : magic_(magic) {}

    // Consumes bytes from `data`; returns how many were used. Stops after completing one message
    // (so the caller can act on it before reading on) or on a fatal error. The return value is an
    // Error ("bad-magic", "oversized-message") when the peer must be disconnected.
    Result<size_t> Feed(ByteSpan data);
    // The completed message, if any; taking it lets the reader go on.
    std::optional<NetMessage> Take();
    // Bytes held for the message being read (bounded by 24 + kMaxProtocolMessageLength).
    size_t BufferedBytes() const { return header_fill_ + payload_.size(); }

  private:
    NetMagic magic_;
    std::array<uint8_t, kMessageHeaderSize> header_bytes_{};
    size_t header_fill_ = 0;
    std::optional<MessageHeader> header_;
    Bytes payload_;
    std::optional<NetMessage> ready_;
};

}  // namespace ocean
