// Service: a P2P endpoint (IP address and port) — the identity of a peer for connecting, banning and
// the address book — and the network groups used to keep peers diverse.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/net/protocol.h"
#include "ocean/util/subnet.h"

namespace ocean {

// An IP address and port as a map key and connection target.
struct Service {
    IpAddress ip;
    uint16_t port = 0;
    // "a.b.c.d:port" or "[v6]:port".
    std::string ToString() const;
    // Parses "host:port", "[v6]:port", or a bare address with default_port. Numeric only.
    static std::optional<Service> Parse(std::string_view text, uint16_t default_port);
    NetAddress ToNetAddress(uint64_t services, uint32_t time) const;
    static Service FromNetAddress(const NetAddress& a);
    // Publicly routable (not loopback, RFC1918, link-local, unspecified, documentation, ...).
    bool IsRoutable() const;
    friend bool operator==(const Service&, const Service&) = default;
    friend std::strong_ordering operator<=>(const Service&, const Service&) = default;
};

// Network group used for diversity limits: /16 for IPv4, /32 for IPv6, the whole address for loopback.
std::vector<uint8_t> NetGroup(const IpAddress& ip);

}  // namespace ocean
