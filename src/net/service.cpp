#include "ocean/net/service.h"

#include <algorithm>

#include "ocean/util/strings.h"

namespace ocean {
namespace {

// A port in decimal: digits only (no sign, no spaces), 1..65535.
std::optional<uint16_t> ParsePort(std::string_view text) {
    if (text.empty() || text.size() > 5) return std::nullopt;
    if (text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const auto value = ParseUInt32(text);
    if (!value || *value == 0 || *value > 65535) return std::nullopt;
    return static_cast<uint16_t>(*value);
}

// True when the first `bits` bits of `bytes` starting at `offset` equal those of `prefix`.
template <size_t N>
bool HasPrefix(const IpAddress::Bytes16& bytes, size_t offset, const std::array<uint8_t, N>& prefix,
               int bits) {
    for (size_t i = 0; bits > 0; ++i, bits -= 8) {
        const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff00 >> bits);
        if ((bytes[offset + i] & mask) != (prefix[i] & mask)) return false;
    }
    return true;
}

bool IPv4Routable(const IpAddress::Bytes16& b) {
    // The IPv4 address is in bytes 12..15.
    auto in = [&](std::array<uint8_t, 4> net, int bits) { return HasPrefix(b, 12, net, bits); };
    return !(in({0, 0, 0, 0}, 8)           // "this network", including 0.0.0.0
             || in({10, 0, 0, 0}, 8)       // RFC1918
             || in({100, 64, 0, 0}, 10)    // RFC6598 shared address space (carrier-grade NAT)
             || in({127, 0, 0, 0}, 8)      // loopback
             || in({169, 254, 0, 0}, 16)   // RFC3927 link-local
             || in({172, 16, 0, 0}, 12)    // RFC1918
             || in({192, 0, 0, 0}, 24)     // RFC6890 IETF protocol assignments
             || in({192, 0, 2, 0}, 24)     // RFC5737 TEST-NET-1
             || in({192, 168, 0, 0}, 16)   // RFC1918
             || in({198, 18, 0, 0}, 15)    // RFC2544 benchmarking
             || in({198, 51, 100, 0}, 24)  // RFC5737 TEST-NET-2
             || in({203, 0, 113, 0}, 24)   // RFC5737 TEST-NET-3
             || in({224, 0, 0, 0}, 4)      // multicast
             || in({240, 0, 0, 0}, 4));    // reserved, including 255.255.255.255 (broadcast)
}

bool IPv6Routable(const IpAddress::Bytes16& b) {
    auto in = [&](std::array<uint8_t, 4> net, int bits) { return HasPrefix(b, 0, net, bits); };
    const bool unspecified = std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
    return !(unspecified                                                                          // ::
             || (in({0x01, 0x00, 0, 0}, 32) && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)  // 100::/64
             || in({0x20, 0x01, 0x00, 0x10}, 28)  // RFC4843 ORCHID
             || in({0x20, 0x01, 0x00, 0x20}, 28)  // RFC7343 ORCHIDv2
             || in({0x20, 0x01, 0x0d, 0xb8}, 32)  // RFC3849 documentation
             || in({0xfc, 0x00, 0, 0}, 7)         // RFC4193 unique local
             || in({0xfe, 0x80, 0, 0}, 10)        // RFC4291 link-local
             || in({0xfe, 0xc0, 0, 0}, 10)        // RFC3879 site-local (deprecated)
             || in({0xff, 0x00, 0, 0}, 8));       // multicast
}

}  // namespace

std::string Service::ToString() const {
    if (ip.IsIPv4()) return ip.ToString() + ":" + std::to_string(port);
    return "[" + ip.ToString() + "]:" + std::to_string(port);
}

std::optional<Service> Service::Parse(std::string_view text, uint16_t default_port) {
    std::string_view host = text;
    std::optional<uint16_t> port = default_port;
    if (!text.empty() && text.front() == '[') {
        // "[v6]" or "[v6]:port"
        const size_t close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(0, close + 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return std::nullopt;
            port = ParsePort(rest.substr(1));
        }
    } else {
        const size_t colons = static_cast<size_t>(std::count(text.begin(), text.end(), ':'));
        if (colons == 1) {  // "a.b.c.d:port"; a bare IPv6 address has at least two colons
            const size_t colon = text.find(':');
            host = text.substr(0, colon);
            port = ParsePort(text.substr(colon + 1));
        }
    }
    if (!port) return std::nullopt;
    const auto addr = IpAddress::Parse(host);
    if (!addr) return std::nullopt;
    return Service{*addr, *port};
}

NetAddress Service::ToNetAddress(uint64_t services, uint32_t time) const {
    NetAddress a;
    a.time = time;
    a.services = services;
    a.ip = ip.bytes();
    a.port = port;
    return a;
}

Service Service::FromNetAddress(const NetAddress& a) {
    return Service{IpAddress::FromIPv6(a.ip), a.port};
}

bool Service::IsRoutable() const {
    if (ip.IsLoopback()) return false;
    return ip.IsIPv4() ? IPv4Routable(ip.bytes()) : IPv6Routable(ip.bytes());
}

std::vector<uint8_t> NetGroup(const IpAddress& ip) {
    const auto& b = ip.bytes();
    // The first byte names the kind of group so groups of different families never collide.
    if (ip.IsLoopback()) {
        std::vector<uint8_t> group{0};
        group.insert(group.end(), b.begin(), b.end());
        return group;
    }
    if (ip.IsIPv4()) return {4, b[12], b[13]};
    return {6, b[0], b[1], b[2], b[3]};
}

}  // namespace ocean
