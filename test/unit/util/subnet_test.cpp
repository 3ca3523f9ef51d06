#include "ocean/util/subnet.h"

#include <gtest/gtest.h>

namespace ocean {
namespace {

IpAddress Ip(std::string_view s) {
    auto a = IpAddress::Parse(s);
    EXPECT_TRUE(a.has_value()) << s;
    return a.value_or(IpAddress());
}

Subnet Net(std::string_view s) {
    auto r = Subnet::Parse(s);
    EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? *r : Subnet();
}

TEST(IpAddress, ParsesNumericForms) {
    EXPECT_EQ(Ip("1.2.3.4").ToString(), "1.2.3.4");
    EXPECT_TRUE(Ip("1.2.3.4").IsIPv4());
    EXPECT_EQ(Ip("::1").ToString(), "::1");
    EXPECT_EQ(Ip("[::1]").ToString(), "::1");
    EXPECT_EQ(Ip("FE80:0:0:0:0:0:0:1").ToString(), "fe80::1");
    EXPECT_EQ(Ip("2001:db8::ff00:42:8329").ToString(), "2001:db8::ff00:42:8329");
    EXPECT_TRUE(Ip("::1").IsIPv6());
    EXPECT_TRUE(Ip("127.0.0.1").IsLoopback());
    EXPECT_TRUE(Ip("127.255.0.9").IsLoopback());
    EXPECT_TRUE(Ip("::1").IsLoopback());
    EXPECT_FALSE(Ip("128.0.0.1").IsLoopback());
    EXPECT_FALSE(Ip("::2").IsLoopback());
}

TEST(IpAddress, IPv4MappedIsIPv4) {
    const IpAddress mapped = Ip("::ffff:127.0.0.1");
    EXPECT_TRUE(mapped.IsIPv4());
    EXPECT_TRUE(mapped.IsLoopback());
    EXPECT_EQ(mapped, Ip("127.0.0.1"));
    EXPECT_EQ(mapped.ToString(), "127.0.0.1");
    EXPECT_EQ(IpAddress::FromIPv4({10, 0, 0, 1}), Ip("10.0.0.1"));
    IpAddress::Bytes16 raw{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 2};
    EXPECT_EQ(IpAddress::FromIPv6(raw).ToString(), "192.168.1.2");
}

TEST(IpAddress, RejectsNonNumericAndShorthand) {
    for (const char* bad :
         {"", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "127.1", "0x7f.0.0.1", " 1.2.3.4", "1.2.3.4 ",
          "[1.2.3.4]", "fe80::1%eth0", ":::", "1::2::3", "[::1", "::1]", "1.2.3.-4"}) {
        EXPECT_FALSE(IpAddress::Parse(bad).has_value()) << bad;
    }
}

TEST(Subnet, SingleAddresses) {
    EXPECT_EQ(Net("1.2.3.4").ToString(), "1.2.3.4/32");
    EXPECT_TRUE(Net("1.2.3.4").Match(Ip("1.2.3.4")));
    EXPECT_FALSE(Net("1.2.3.4").Match(Ip("1.2.3.5")));
    EXPECT_EQ(Net("::1").ToString(), "::1/128");
    EXPECT_TRUE(Net("::1").Match(Ip("::1")));
    EXPECT_FALSE(Net("::1").Match(Ip("::2")));
    EXPECT_FALSE(Net("::1").Match(Ip("127.0.0.1")));
}

TEST(Subnet, PrefixLengths) {
    const Subnet s = Net("1.2.3.4/24");
    EXPECT_EQ(s.ToString(), "1.2.3.0/24");  // host bits cleared
    EXPECT_TRUE(s.Match(Ip("1.2.3.0")));
    EXPECT_TRUE(s.Match(Ip("1.2.3.255")));
    EXPECT_FALSE(s.Match(Ip("1.2.4.0")));
    EXPECT_TRUE(Net("127.0.0.0/8").Match(Ip("127.45.6.7")));
    EXPECT_TRUE(Net("0.0.0.0/0").Match(Ip("200.1.1.1")));
    EXPECT_FALSE(Net("0.0.0.0/0").Match(Ip("::2")));  // an IPv4 subnet never matches IPv6
    EXPECT_EQ(Net("0.0.0.0/0").ToString(), "0.0.0.0/0");
    EXPECT_EQ(Net("10.1.2.3/9").ToString(), "10.0.0.0/9");
    EXPECT_TRUE(Net("10.0.0.0/9").Match(Ip("10.127.255.255")));
    EXPECT_FALSE(Net("10.0.0.0/9").Match(Ip("10.128.0.0")));

    const Subnet ll = Net("fe80::/10");
    EXPECT_EQ(ll.ToString(), "fe80::/10");
    EXPECT_TRUE(ll.Match(Ip("fe80::1")));
    EXPECT_TRUE(ll.Match(Ip("febf:ffff::1")));
    EXPECT_FALSE(ll.Match(Ip("fec0::1")));
    EXPECT_EQ(Net("2001:db8:1:2::5/64").ToString(), "2001:db8:1:2::/64");
    EXPECT_EQ(Net("::/0").ToString(), "::/0");
    EXPECT_TRUE(Net("::/0").Match(Ip("1.2.3.4")));  // bitwise over the mapped form, like Ocean
    EXPECT_TRUE(Net("::/0").Match(Ip("2001:db8::1")));
}

TEST(Subnet, Netmasks) {
    const Subnet s = Net("1.2.3.4/255.255.255.0");
    EXPECT_EQ(s.ToString(), "1.2.3.0/24");
    EXPECT_EQ(s, Net("1.2.3.0/24"));
    EXPECT_TRUE(s.Match(Ip("1.2.3.200")));
    EXPECT_EQ(Net("1.2.3.4/255.255.255.255").ToString(), "1.2.3.4/32");
    EXPECT_EQ(Net("1.2.3.4/0.0.0.0").ToString(), "0.0.0.0/0");
    // Non-contiguous masks are accepted (as Ocean does) and printed as masks.
    const Subnet odd = Net("1.2.3.4/255.0.255.0");
    EXPECT_EQ(odd.ToString(), "1.0.3.0/255.0.255.0");
    EXPECT_TRUE(odd.Match(Ip("1.99.3.7")));
    EXPECT_FALSE(odd.Match(Ip("1.99.4.7")));
    EXPECT_EQ(Net("fe80::/ffc0::").ToString(), "fe80::/10");
    EXPECT_EQ(Net("1:2:3:4:5:6:7:8/ffff:0:ffff::").ToString(), "1:0:3::/ffff:0:ffff:0:0:0:0:0");
}

TEST(Subnet, IPv4MappedForms) {
    // A subnet given as IPv4-mapped IPv6 is an IPv4 subnet (prefix over all 128 bits).
    const Subnet s = Net("::ffff:10.0.0.0/104");
    EXPECT_EQ(s, Net("10.0.0.0/8"));
    EXPECT_EQ(s.ToString(), "10.0.0.0/8");
    EXPECT_EQ(Net("::ffff:1.2.3.4").ToString(), "1.2.3.4/32");
    EXPECT_EQ(Net("::ffff:1.2.3.4/128").ToString(), "1.2.3.4/32");
    // IPv4 peers on a dual-stack socket arrive as mapped addresses and match IPv4 subnets.
    EXPECT_TRUE(Net("192.168.0.0/16").Match(Ip("::ffff:192.168.7.7")));
    EXPECT_TRUE(Net("127.0.0.0/8").Match(Ip("::ffff:127.0.0.1")));
}

TEST(Subnet, RejectsInvalidSpecs) {
    for (const char* bad :
         {"", "/", "1.2.3.4/", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/+8", "1.2.3.4/ 8", "1.2.3.4/8/8",
          "::1/129", "fe80::/ffff::/1", "1.2.3.4/ffff::", "::1/255.0.0.0", "hostname", "hostname/8",
          "1.2.3.4/255.255.255", "::ffff:1.2.3.4/129", "1.2.3/24", "1.2.3.4/999999999999999999999"}) {
        auto r = Subnet::Parse(bad);
        EXPECT_FALSE(r.ok()) << bad;
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, "invalid-subnet");
        }
    }
}

TEST(Subnet, InvalidMatchesNothing) {
    Subnet s;
    EXPECT_FALSE(s.IsValid());
    EXPECT_FALSE(s.Match(Ip("1.2.3.4")));
    EXPECT_FALSE(s.Match(IpAddress()));
    EXPECT_FALSE(Subnet::FromPrefix(Ip("1.2.3.4"), 33).has_value());
    EXPECT_FALSE(Subnet::FromPrefix(Ip("::1"), -1).has_value());
    EXPECT_EQ(Subnet::FromPrefix(Ip("::1"), 128)->ToString(), "::1/128");
    EXPECT_EQ(Subnet::SingleHost(Ip("9.9.9.9")).ToString(), "9.9.9.9/32");
}

}  // namespace
}  // namespace ocean
