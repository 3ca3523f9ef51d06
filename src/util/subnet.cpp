#include "ocean/util/subnet.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

#include "ocean/util/strings.h"

namespace ocean {
namespace {

constexpr std::array<uint8_t, 12> kIPv4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Number of leading one bits of a mask byte when it is of the form 1..10..0, else -1.
int ContiguousBits(uint8_t b) {
    for (int bits = 0; bits <= 8; ++bits) {
        const uint8_t m = static_cast<uint8_t>(0xff00 >> bits);
        if (b == m) return bits;
    }
    return -1;
}

// Strict dotted quad: four decimal octets 0..255, no leading '+', no empty parts. inet_pton's IPv4
// parser already refuses the inet_aton shorthands ("127.1", "0x7f.0.0.1"), which is what we want.
std::optional<std::array<uint8_t, 4>> ParseIPv4(std::string_view text) {
    if (text.empty() || text.size() > 15) return std::nullopt;
    char buf[16];
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    std::array<uint8_t, 4> out;
    if (inet_pton(AF_INET, buf, out.data()) != 1) return std::nullopt;
    return out;
}

std::optional<IpAddress::Bytes16> ParseIPv6(std::string_view text) {
    // The longest text form is 45 characters ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255").
    if (text.empty() || text.size() > 45) return std::nullopt;
    if (text.find('%') != std::string_view::npos) return std::nullopt;  // no scope ids
    char buf[46];
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    IpAddress::Bytes16 out;
    if (inet_pton(AF_INET6, buf, out.data()) != 1) return std::nullopt;
    return out;
}

// A mask of `total` leading one bits over the 16 bytes.
IpAddress::Bytes16 PrefixMask(int total) {
    IpAddress::Bytes16 mask{};
    for (size_t i = 0; i < 16 && total > 0; ++i) {
        const int take = total >= 8 ? 8 : total;
        mask[i] = static_cast<uint8_t>(0xff00 >> take);
        total -= take;
    }
    return mask;
}

Error BadSubnet(std::string_view text, std::string_view why) {
    return Error("invalid-subnet", "invalid subnet '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

IpAddress IpAddress::FromIPv4(const std::array<uint8_t, 4>& bytes) {
    IpAddress a;
    std::copy(kIPv4MappedPrefix.begin(), kIPv4MappedPrefix.end(), a.bytes_.begin());
    std::copy(bytes.begin(), bytes.end(), a.bytes_.begin() + 12);
    return a;
}

IpAddress IpAddress::FromIPv6(const Bytes16& bytes) {
    IpAddress a;
    a.bytes_ = bytes;
    return a;
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
        if (text.find(':') == std::string_view::npos) return std::nullopt;  // brackets only for IPv6
    }
    if (text.find(':') == std::string_view::npos) {
        auto v4 = ParseIPv4(text);
        if (!v4) return std::nullopt;
        return FromIPv4(*v4);
    }
    auto v6 = ParseIPv6(text);
    if (!v6) return std::nullopt;
    return FromIPv6(*v6);
}

bool IpAddress::IsIPv4() const {
    return std::equal(kIPv4MappedPrefix.begin(), kIPv4MappedPrefix.end(), bytes_.begin());
}

bool IpAddress::IsLoopback() const {
    if (IsIPv4()) return bytes_[12] == 127;
    static constexpr Bytes16 kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return bytes_ == kLoopback6;
}

std::string IpAddress::ToString() const {
    char buf[INET6_ADDRSTRLEN];
    if (IsIPv4()) {
        std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", bytes_[12], bytes_[13], bytes_[14], bytes_[15]);
        return buf;
    }
    if (!inet_ntop(AF_INET6, bytes_.data(), buf, sizeof(buf))) return "::";
    return buf;
}

Subnet::Subnet(const IpAddress& network, const IpAddress::Bytes16& mask) : mask_(mask), valid_(true) {
    IpAddress::Bytes16 net = network.bytes();
    for (size_t i = 0; i < 16; ++i) net[i] &= mask_[i];
    network_ = IpAddress::FromIPv6(net);
}

Subnet Subnet::SingleHost(const IpAddress& addr) {
    IpAddress::Bytes16 mask;
    mask.fill(0xff);
    return Subnet(addr, mask);
}

std::optional<Subnet> Subnet::FromPrefix(const IpAddress& addr, int bits) {
    const int offset = addr.IsIPv4() ? 96 : 0;
    if (bits < 0 || bits > 128 - offset) return std::nullopt;
    return Subnet(addr, PrefixMask(bits + offset));
}

Result<Subnet> Subnet::Parse(std::string_view text) {
    const size_t slash = text.find('/');
    const std::string_view net_text = text.substr(0, slash);
    auto network = IpAddress::Parse(net_text);
    if (!network) return BadSubnet(text, "not a numeric IP address");
    if (slash == std::string_view::npos) return SingleHost(*network);

    const std::string_view mask_text = text.substr(slash + 1);
    if (mask_text.empty()) return BadSubnet(text, "empty mask");
    if (mask_text.find_first_not_of("0123456789") == std::string_view::npos) {
        auto bits = ParseInt32(mask_text);
        if (!bits) return BadSubnet(text, "bad prefix length");
        // The prefix length of an IPv4 network written as an IPv6-mapped address counts all 128 bits.
        const bool written_as_v6 = net_text.find(':') != std::string_view::npos;
        int relative = *bits;
        if (network->IsIPv4() && written_as_v6) {
            if (relative > 128) return BadSubnet(text, "prefix length out of range");
            if (relative < 96) {
                // Wider than the IPv4-mapped range: an IPv6 prefix over the raw bytes.
                return Subnet(*network, PrefixMask(relative));
            }
            relative -= 96;
        }
        auto subnet = FromPrefix(*network, relative);
        if (!subnet) return BadSubnet(text, "prefix length out of range");
        return *subnet;
    }
    auto mask = IpAddress::Parse(mask_text);
    if (!mask) return BadSubnet(text, "bad netmask");
    if (mask->IsIPv4() != network->IsIPv4())
        return BadSubnet(text, "netmask and network of different families");
    IpAddress::Bytes16 m = mask->bytes();
    if (network->IsIPv4()) std::fill(m.begin(), m.begin() + 12, 0xff);  // mask only the IPv4 part
    return Subnet(*network, m);
}

bool Subnet::Match(const IpAddress& addr) const {
    if (!valid_) return false;
    const auto& a = addr.bytes();
    const auto& n = network_.bytes();
    for (size_t i = 0; i < 16; ++i) {
        if ((a[i] & mask_[i]) != n[i]) return false;
    }
    return true;
}

std::string Subnet::ToString() const {
    if (!valid_) return "invalid";
    // An IPv4 network with the whole mapped prefix masked is shown relative to IPv4.
    const bool v4 = network_.IsIPv4() &&
                    std::all_of(mask_.begin(), mask_.begin() + 12, [](uint8_t b) { return b == 0xff; });
    size_t i = v4 ? 12 : 0;
    int cidr = 0;
    bool contiguous = true;
    for (; i < 16 && mask_[i] == 0xff; ++i) cidr += 8;
    if (i < 16) {
        const int bits = ContiguousBits(mask_[i]);
        if (bits < 0) {
            contiguous = false;
        } else {
            cidr += bits;
        }
        ++i;
    }
    for (; i < 16 && contiguous; ++i) {
        if (mask_[i] != 0) contiguous = false;
    }
    std::string out = network_.ToString() + "/";
    if (contiguous) return out + std::to_string(cidr);
    char buf[64];
    if (v4) {
        std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", mask_[12], mask_[13], mask_[14], mask_[15]);
    } else {
        unsigned g[8];
        for (int k = 0; k < 8; ++k) g[k] = static_cast<unsigned>(mask_[2 * k] << 8 | mask_[2 * k + 1]);
        std::snprintf(buf, sizeof(buf), "%x:%x:%x:%x:%x:%x:%x:%x", g[0], g[1], g[2], g[3], g[4], g[5], g[6],
                      g[7]);
    }
    return out + buf;
}

}  // namespace ocean
