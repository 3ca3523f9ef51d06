#include "ocean/net/message.h"

#include <algorithm>
#include <cstring>

#include "ocean/crypto/sha256.h"

namespace ocean {

std::string MessageHeader::Command() const {
    const auto end = std::find(command.begin(), command.end(), '\0');
    return std::string(command.begin(), end);
}

bool MessageHeader::CommandIsValid() const {
    size_t i = 0;
    for (; i < command.size() && command[i] != '\0'; ++i) {
        if (command[i] < 0x20 || command[i] > 0x7e) return false;
    }
    if (i == 0) return false;
    for (; i < command.size(); ++i) {
        if (command[i] != '\0') return false;
    }
    return true;
}

MessageHeader DecodeMessageHeader(ByteSpan b) {
    MessageHeader h;
    std::memcpy(h.magic.data(), b.data(), 4);
    std::memcpy(h.command.data(), b.data() + 4, kCommandSize);
    h.length = static_cast<uint32_t>(b[16]) | static_cast<uint32_t>(b[17]) << 8 |
               static_cast<uint32_t>(b[18]) << 16 | static_cast<uint32_t>(b[19]) << 24;
    std::memcpy(h.checksum.data(), b.data() + 20, 4);
    return h;
}

std::array<uint8_t, 4> MessageChecksum(ByteSpan payload) {
    const uint256 h = Sha256dHash(payload);
    return {h.data()[0], h.data()[1], h.data()[2], h.data()[3]};
}

Result<Bytes> BuildMessage(const NetMagic& magic, std::string_view command, ByteSpan payload) {
    if (command.empty() || command.size() > kCommandSize)
        return Error("bad-command", "command must be 1..12 characters");
    for (char c : command) {
        if (c < 0x20 || c > 0x7e) return Error("bad-command", "command must be printable ASCII");
    }
    if (payload.size() > kMaxProtocolMessageLength) return Error("oversized-message", "payload too large");
    Bytes out(kMessageHeaderSize + payload.size(), 0);
    std::memcpy(out.data(), magic.data(), 4);
    std::memcpy(out.data() + 4, command.data(), command.size());
    const uint32_t n = static_cast<uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) out[16 + i] = static_cast<uint8_t>(n >> (8 * i));
    const auto sum = MessageChecksum(payload);
    std::memcpy(out.data() + 20, sum.data(), 4);
    if (!payload.empty()) std::memcpy(out.data() + kMessageHeaderSize, payload.data(), payload.size());
    return out;
}

Result<size_t> MessageReader::Feed(ByteSpan data) {
    size_t used = 0;
    while (used < data.size() && !ready_) {
        if (!header_) {
            const size_t take = std::min(kMessageHeaderSize - header_fill_, data.size() - used);
            std::memcpy(header_bytes_.data() + header_fill_, data.data() + used, take);
            header_fill_ += take;
            used += take;
            if (header_fill_ < kMessageHeaderSize) break;
            MessageHeader h = DecodeMessageHeader(ByteSpan(header_bytes_.data(), kMessageHeaderSize));
            if (h.magic != magic_)
                return Error("bad-magic", "message start does not match the network magic");
            if (h.length > kMaxProtocolMessageLength) {
                return Error("oversized-message",
                             "Oversized message from peer (" + std::to_string(h.length) + " bytes)");
            }
            header_ = h;
            payload_.clear();
            payload_.reserve(h.length);
        }
        const size_t want = header_->length - payload_.size();
        const size_t take = std::min(want, data.size() - used);
        payload_.insert(payload_.end(), data.begin() + static_cast<std::ptrdiff_t>(used),
                        data.begin() + static_cast<std::ptrdiff_t>(used + take));
        used += take;
        if (payload_.size() == header_->length) {
            NetMessage m;
            m.command = header_->Command();
            m.valid_command = header_->CommandIsValid();
            m.valid_checksum = MessageChecksum(payload_) == header_->checksum;
            m.payload = std::move(payload_);
            ready_ = std::move(m);
            header_.reset();
            header_fill_ = 0;
            payload_ = Bytes();
        }
    }
    return used;
}

std::optional<NetMessage> MessageReader::Take() {
    std::optional<NetMessage> m = std::move(ready_);
    ready_.reset();
    return m;
}

}  // namespace ocean
