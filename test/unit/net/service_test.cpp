// Service: numeric parsing with default ports, text forms, wire conversion, routability of the
// special-purpose ranges and network groups.
#include "ocean/net/service.h"

#include <gtest/gtest.h>

namespace ocean {
namespace {

Service MustParse(std::string_view text, uint16_t default_port = 7042) {
    auto s = Service::Parse(text, default_port);
    EXPECT_TRUE(s.has_value()) << text;
    return s.value_or(Service{});
}

bool Routable(std::string_view text) {
    return MustParse(text).IsRoutable();
}

TEST(NetService, ParsesNumericFormsWithAndWithoutPort) {
    Service a = MustParse("1.2.3.4");
    EXPECT_EQ(a.ip, *IpAddress::Parse("1.2.3.4"));
    EXPECT_EQ(a.port, 7042);
    EXPECT_EQ(MustParse("1.2.3.4:8333").port, 8333);
    EXPECT_EQ(MustParse("1.2.3.4:65535").port, 65535);

    Service v6 = MustParse("[::1]:7043");
    EXPECT_EQ(v6.ip, *IpAddress::Parse("::1"));
    EXPECT_EQ(v6.port, 7043);
    EXPECT_EQ(MustParse("::1").port, 7042);
    EXPECT_EQ(MustParse("[2001:4860::8888]").port, 7042);
    EXPECT_EQ(MustParse("2001:4860::8888").ip, *IpAddress::Parse("2001:4860::8888"));
    // An IPv4-mapped address is the IPv4 address.
    EXPECT_EQ(MustParse("[::ffff:1.2.3.4]:7042"), MustParse("1.2.3.4"));
}

TEST(NetService, RejectsHostnamesBadPortsAndGarbage) {
    for (const char* bad : {"",
                            "localhost",
                            "localhost:7042",
                            "example.com",
                            "1.2.3.4:0",
                            "1.2.3.4:65536",
                            "1.2.3.4:99999999",
                            "1.2.3.4:",
                            "1.2.3.4:-1",
                            "1.2.3.4:+80",
                            "1.2.3.4: 80",
                            "1.2.3.4:80x",
                            "[::1]:",
                            "[::1]x",
                            "[::1",
                            "::1]:80",
                            "[1.2.3.4]:80",
                            "[]:80",
                            "1.2.3",
                            "256.1.1.1",
                            "1.2.3.4:80:90",
                            "fe80::1%eth0",
                            " 1.2.3.4",
                            "1.2.3.4 ",
                            ":80"}) {
        EXPECT_FALSE(Service::Parse(bad, 7042).has_value()) << bad;
    }
}

TEST(NetService, ToStringRoundTrips) {
    EXPECT_EQ(MustParse("1.2.3.4").ToString(), "1.2.3.4:7042");
    EXPECT_EQ(MustParse("[::1]:7042").ToString(), "[::1]:7042");
    EXPECT_EQ(MustParse("2001:db8::1", 18444).ToString(), "[2001:db8::1]:18444");
    EXPECT_EQ(MustParse("::ffff:10.0.0.1").ToString(), "10.0.0.1:7042");
    for (const char* text : {"8.8.8.8:1", "[2a00:1450::1]:443", "[::]:7042"}) {
        EXPECT_EQ(MustParse(text).ToString(), text);
    }
}

TEST(NetService, NetAddressConversion) {
    const Service s = MustParse("1.2.3.4:7042");
    const NetAddress a = s.ToNetAddress(kNodeNetwork | kNodeWitness, 1700000000);
    EXPECT_EQ(a.time, 1700000000u);
    EXPECT_EQ(a.services, kNodeNetwork | kNodeWitness);
    const std::array<uint8_t, 16> mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4};
    EXPECT_EQ(a.ip, mapped);
    EXPECT_EQ(a.port, 7042);
    EXPECT_EQ(Service::FromNetAddress(a), s);
    const Service v6 = MustParse("[2a00:1450::1]:8333");
    EXPECT_EQ(Service::FromNetAddress(v6.ToNetAddress(0, 0)), v6);
}

TEST(NetService, OrderingAndEqualityIncludePort) {
    EXPECT_NE(MustParse("1.2.3.4:1"), MustParse("1.2.3.4:2"));
    EXPECT_LT(MustParse("1.2.3.4:1"), MustParse("1.2.3.4:2"));
    EXPECT_LT(MustParse("1.2.3.4:9"), MustParse("1.2.3.5:1"));
}

TEST(NetService, RoutableRanges) {
    for (const char* ok :
         {"1.2.3.4", "8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
          "169.253.0.1", "198.17.255.255", "198.20.0.0", "192.0.3.1", "223.255.255.255", "11.0.0.1",
          "2001:4860::8888", "2a00:1450::1", "2002:102:304::1", "2001:db9::1"}) {
        EXPECT_TRUE(Routable(ok)) << ok;
    }
    for (const char* no : {"0.0.0.0",
                           "0.1.2.3",
                           "127.0.0.1",
                           "127.255.0.1",
                           "10.0.0.1",
                           "10.255.255.255",
                           "172.16.0.1",
                           "172.31.255.255",
                           "192.168.1.1",
                           "100.64.0.1",
                           "100.127.255.255",
                           "169.254.1.1",
                           "198.18.0.1",
                           "198.19.255.255",
                           "192.0.2.1",
                           "198.51.100.7",
                           "203.0.113.9",
                           "224.0.0.1",
                           "239.255.255.250",
                           "240.0.0.1",
                           "255.255.255.255",
                           "::",
                           "::1",
                           "fe80::1",
                           "febf::1",
                           "fc00::1",
                           "fd12:3456::1",
                           "2001:db8::1",
                           "2001:db8:ffff::1",
                           "ff02::1",
                           "ff0e::101",
                           "::ffff:192.168.0.1",
                           "::ffff:127.0.0.1"}) {
        EXPECT_FALSE(Routable(no)) << no;
    }
}

TEST(NetService, NetGroups) {
    const auto group = [](const char* text) { return NetGroup(*IpAddress::Parse(text)); };
    EXPECT_EQ(group("1.2.3.4"), group("1.2.200.100"));
    EXPECT_NE(group("1.2.3.4"), group("1.3.3.4"));
    EXPECT_EQ(group("1.2.3.4"), group("::ffff:1.2.9.9"));
    EXPECT_EQ(group("2001:4860:1::1"), group("2001:4860:ffff::2"));
    EXPECT_NE(group("2001:4860::1"), group("2001:4861::1"));
    // Loopback addresses each form their own group.
    EXPECT_NE(group("127.0.0.1"), group("127.0.0.2"));
    EXPECT_NE(group("::1"), group("::"));
    // Different families never share a group even when the bytes coincide.
    EXPECT_NE(group("0.0.1.2"), group("::"));
}

}  // namespace
}  // namespace ocean
