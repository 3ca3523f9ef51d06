// IpAddress and Subnet: numeric IP addresses and address ranges, for the RPC source-address filter
// (-rpcallowip) and, later, P2P bans (setban/listbanned).
//
// Every address is held as 16 bytes; an IPv4 address is stored IPv4-mapped (::ffff:a.b.c.d), so an
// IPv4 peer seen on a dual-stack IPv6 socket is the same address as the plain IPv4 one and an IPv4
// subnet matches it. Only numeric forms are accepted (no name lookups); see Subnet::Parse.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/util/result.h"

namespace ocean {

// One IPv4 or IPv6 address (no port, no scope id).
class IpAddress {
  public:
    using Bytes16 = std::array<uint8_t, 16>;

    // The unspecified IPv6 address "::".
    IpAddress() = default;
    static IpAddress FromIPv4(const std::array<uint8_t, 4>& bytes);
    // An IPv4-mapped input (::ffff:a.b.c.d) is the IPv4 address.
    static IpAddress FromIPv6(const Bytes16& bytes);
    // "a.b.c.d" (exactly four decimal octets) or an IPv6 text form, optionally in brackets ("[::1]").
    static std::optional<IpAddress> Parse(std::string_view text);

    bool IsIPv4() const;  // including IPv4-mapped IPv6 input
    bool IsIPv6() const { return !IsIPv4(); }
    // 127.0.0.0/8 or ::1.
    bool IsLoopback() const;
    // The 16 stored bytes (IPv4 as ::ffff:a.b.c.d).
    const Bytes16& bytes() const { return bytes_; }

    // "a.b.c.d" for IPv4, RFC 5952 compressed form for IPv6 ("fe80::1").
    std::string ToString() const;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;
    friend std::strong_ordering operator<=>(const IpAddress&, const IpAddress&) = default;

  private:
    Bytes16 bytes_{};
};

// A network address and mask. Matching is bitwise over the 16-byte forms: (addr & mask) == network.
class Subnet {
  public:
    // An invalid subnet, which matches nothing.
    Subnet() = default;

    // Accepted forms (rpc.md §2.1, Ocean's LookupSubNet with numeric addresses):
    //   "1.2.3.4"                 one host (/32)
    //   "1.2.3.0/24"              prefix length 0..32 for an IPv4 network
    //   "1.2.3.0/255.255.255.0"   IPv4 netmask (need not be contiguous, as in Ocean)
    //   "::1", "fe80::/10"        IPv6 host (/128) or prefix length 0..128
    //   "fe80::/ffc0::"           IPv6 netmask
    // An IPv4-mapped IPv6 network ("::ffff:10.0.0.0/104") is an IPv4 subnet; its prefix length counts
    // all 128 bits. Host bits of the network are cleared ("1.2.3.4/24" is 1.2.3.0/24). Hostnames,
    // scope ids, mask/network family mixes and out-of-range lengths are errors.
    static Result<Subnet> Parse(std::string_view text);
    // Exactly one address.
    static Subnet SingleHost(const IpAddress& addr);
    // addr/bits with bits relative to the address family (0..32 for IPv4, 0..128 for IPv6);
    // nullopt when bits is out of range.
    static std::optional<Subnet> FromPrefix(const IpAddress& addr, int bits);

    bool IsValid() const { return valid_; }
    bool Match(const IpAddress& addr) const;
    const IpAddress& network() const { return network_; }

    // Ocean's CSubNet::ToString: "<network>/<prefix length>" when the mask is contiguous (relative
    // to the family: "1.2.3.4/32", "fe80::/10"), else "<network>/<mask>" with the mask written as an
    // IPv4 address or as eight uncompressed hex groups.
    std::string ToString() const;

    friend bool operator==(const Subnet&, const Subnet&) = default;
    friend std::strong_ordering operator<=>(const Subnet&, const Subnet&) = default;

  private:
    Subnet(const IpAddress& network, const IpAddress::Bytes16& mask);

    IpAddress network_;
    IpAddress::Bytes16 mask_{};
    bool valid_ = false;
};

}  // namespace ocean
