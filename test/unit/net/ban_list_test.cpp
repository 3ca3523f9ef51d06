// BanList: banning and unbanning subnets, expiry on a mock clock, IPv4 bans matching IPv4-mapped
// addresses, and banlist.json (round trip, dirty tracking, missing and corrupt files).
#include "ocean/net/ban_list.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "../../util/temp_dir.h"
#include "ocean/util/fs.h"

namespace ocean {
namespace {

constexpr int64_t kNow = 1700000000;

Subnet Net(std::string_view text) {
    auto s = Subnet::Parse(text);
    EXPECT_TRUE(s) << text;
    return s ? *s : Subnet();
}

IpAddress Ip(std::string_view text) {
    auto ip = IpAddress::Parse(text);
    EXPECT_TRUE(ip.has_value()) << text;
    return ip.value_or(IpAddress());
}

void WriteText(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string ReadText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class BanListTest : public ::testing::Test {
  protected:
    test::TempDir dir_{"ocean_banlist_"};
    MockClock clock_{kNow};
    std::filesystem::path path_ = dir_ / "banlist.json";
};

TEST(NetBanReason, Texts) {
    EXPECT_EQ(BanReasonText(BanReason::kNodeMisbehaving), "node misbehaving");
    EXPECT_EQ(BanReasonText(BanReason::kManuallyAdded), "manually added");
    EXPECT_EQ(BanReasonText(BanReason::kUnknown), "unknown");
}

TEST_F(BanListTest, BanMatchesAddressesInsideTheSubnet) {
    BanList bans(path_, clock_);
    EXPECT_FALSE(bans.Dirty());
    EXPECT_TRUE(bans.Ban(Net("1.2.3.0/24"), kNow + 3600, BanReason::kManuallyAdded));
    EXPECT_TRUE(bans.Dirty());
    EXPECT_TRUE(bans.IsBanned(Ip("1.2.3.4")));
    EXPECT_TRUE(bans.IsBanned(Ip("1.2.3.255")));
    EXPECT_FALSE(bans.IsBanned(Ip("1.2.4.1")));
    // An IPv4 ban covers the same address seen as IPv4-mapped IPv6 on a dual-stack socket.
    EXPECT_TRUE(bans.IsBanned(Ip("::ffff:1.2.3.77")));
    EXPECT_FALSE(bans.IsBanned(Ip("::1.2.3.77")));
    EXPECT_TRUE(bans.IsBanned(Net("1.2.3.0/24")));
    EXPECT_FALSE(bans.IsBanned(Net("1.2.3.4/32")));  // exact subnet only

    EXPECT_TRUE(bans.Ban(Net("2001:4860::/32"), kNow + 3600, BanReason::kNodeMisbehaving));
    EXPECT_TRUE(bans.IsBanned(Ip("2001:4860:1:2::3")));
    EXPECT_FALSE(bans.IsBanned(Ip("2001:4861::1")));

    const auto list = bans.List();
    ASSERT_EQ(list.size(), 2u);
    const BanEntry& entry = list.at(Net("1.2.3.0/24"));
    EXPECT_EQ(entry.created, kNow);
    EXPECT_EQ(entry.banned_until, kNow + 3600);
    EXPECT_EQ(entry.reason, BanReason::kManuallyAdded);
}

TEST_F(BanListTest, LongerBanReplacesShorterOne) {
    BanList bans(path_, clock_);
    const Subnet net = Net("5.6.7.8");
    EXPECT_TRUE(bans.Ban(net, kNow + 100, BanReason::kNodeMisbehaving));
    EXPECT_FALSE(bans.Ban(net, kNow + 100, BanReason::kManuallyAdded));
    EXPECT_FALSE(bans.Ban(net, kNow + 50, BanReason::kManuallyAdded));
    EXPECT_EQ(bans.List().at(net).reason, BanReason::kNodeMisbehaving);
    clock_.SetUnixSeconds(kNow + 10);
    EXPECT_TRUE(bans.Ban(net, kNow + 500, BanReason::kManuallyAdded));
    const BanEntry entry = bans.List().at(net);
    EXPECT_EQ(entry, (BanEntry{kNow + 10, kNow + 500, BanReason::kManuallyAdded}));
    EXPECT_FALSE(bans.Ban(Subnet(), kNow + 1000, BanReason::kManuallyAdded));  // invalid subnet
    EXPECT_EQ(bans.List().size(), 1u);
}

TEST_F(BanListTest, UnbanAndClear) {
    BanList bans(path_, clock_);
    ASSERT_TRUE(bans.Ban(Net("10.0.0.0/8"), kNow + 100, BanReason::kManuallyAdded));
    ASSERT_TRUE(bans.Ban(Net("::1"), kNow + 100, BanReason::kManuallyAdded));
    EXPECT_FALSE(bans.Unban(Net("10.0.0.0/16")));
    EXPECT_TRUE(bans.Unban(Net("10.0.0.0/8")));
    EXPECT_FALSE(bans.Unban(Net("10.0.0.0/8")));
    EXPECT_FALSE(bans.IsBanned(Ip("10.1.1.1")));
    EXPECT_TRUE(bans.IsBanned(Ip("::1")));
    bans.Clear();
    EXPECT_FALSE(bans.IsBanned(Ip("::1")));
    EXPECT_TRUE(bans.List().empty());
}

TEST_F(BanListTest, EntriesExpireWithTheClock) {
    BanList bans(path_, clock_);
    ASSERT_TRUE(bans.Ban(Net("1.1.1.1"), kNow + 60, BanReason::kNodeMisbehaving));
    ASSERT_TRUE(bans.Ban(Net("2.2.2.2"), kNow + 3600, BanReason::kNodeMisbehaving));
    ASSERT_TRUE(bans.Save());
    EXPECT_FALSE(bans.Dirty());

    clock_.SetUnixSeconds(kNow + 59);
    EXPECT_TRUE(bans.IsBanned(Ip("1.1.1.1")));
    EXPECT_FALSE(bans.SweepExpired());
    clock_.SetUnixSeconds(kNow + 60);
    EXPECT_FALSE(bans.IsBanned(Ip("1.1.1.1")));
    EXPECT_FALSE(bans.IsBanned(Net("1.1.1.1/32")));
    EXPECT_TRUE(bans.IsBanned(Ip("2.2.2.2")));
    // Listing drops the expired entry, which makes the list dirty.
    const auto list = bans.List();
    EXPECT_EQ(list.size(), 1u);
    EXPECT_EQ(list.count(Net("2.2.2.2")), 1u);
    EXPECT_TRUE(bans.Dirty());
    EXPECT_FALSE(bans.SweepExpired());

    // An expired ban does not block a new, shorter one.
    clock_.SetUnixSeconds(kNow + 7200);
    EXPECT_TRUE(bans.SweepExpired());
    EXPECT_TRUE(bans.Ban(Net("2.2.2.2"), kNow + 7300, BanReason::kManuallyAdded));
    EXPECT_TRUE(bans.IsBanned(Ip("2.2.2.2")));
}

TEST_F(BanListTest, SaveAndLoadRoundTrip) {
    {
        BanList bans(path_, clock_);
        ASSERT_TRUE(bans.Ban(Net("1.2.3.0/24"), kNow + 100, BanReason::kManuallyAdded));
        ASSERT_TRUE(bans.Ban(Net("2001:db8::/32"), kNow + 200, BanReason::kNodeMisbehaving));
        ASSERT_TRUE(bans.Ban(Net("9.9.9.9"), kNow + 300, BanReason::kUnknown));
        ASSERT_TRUE(bans.Ban(Net("10.0.0.0/255.0.255.0"), kNow + 400, BanReason::kManuallyAdded));
        ASSERT_TRUE(bans.Save());
        EXPECT_FALSE(bans.Dirty());
    }
    ASSERT_TRUE(std::filesystem::exists(path_));
    // The file is the documented JSON shape.
    const auto doc = nlohmann::json::parse(ReadText(path_));
    ASSERT_TRUE(doc.is_array());
    ASSERT_EQ(doc.size(), 4u);
    bool found = false;
    for (const auto& item : doc) {
        if (item.at("address") != "1.2.3.0/24") continue;
        found = true;
        EXPECT_EQ(item.at("ban_created").get<int64_t>(), kNow);
        EXPECT_EQ(item.at("banned_until").get<int64_t>(), kNow + 100);
        EXPECT_EQ(item.at("ban_reason"), "manually added");
    }
    EXPECT_TRUE(found);

    BanList loaded(path_, clock_);
    ASSERT_TRUE(loaded.Load());
    EXPECT_FALSE(loaded.Dirty());
    const auto list = loaded.List();
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list.at(Net("1.2.3.0/24")), (BanEntry{kNow, kNow + 100, BanReason::kManuallyAdded}));
    EXPECT_EQ(list.at(Net("2001:db8::/32")), (BanEntry{kNow, kNow + 200, BanReason::kNodeMisbehaving}));
    EXPECT_EQ(list.at(Net("9.9.9.9")), (BanEntry{kNow, kNow + 300, BanReason::kUnknown}));
    EXPECT_EQ(list.at(Net("10.0.0.0/255.0.255.0")).banned_until, kNow + 400);
    EXPECT_TRUE(loaded.IsBanned(Ip("::ffff:1.2.3.9")));
    EXPECT_TRUE(loaded.IsBanned(Ip("10.7.0.7")));
    EXPECT_FALSE(loaded.IsBanned(Ip("10.7.7.7")));
}

TEST_F(BanListTest, SaveWritesOnlyWhenDirtyUnlessForced) {
    BanList bans(path_, clock_);
    ASSERT_TRUE(bans.Save());
    EXPECT_FALSE(std::filesystem::exists(path_));  // nothing changed, nothing written
    ASSERT_TRUE(bans.Save(/*force=*/true));
    ASSERT_TRUE(std::filesystem::exists(path_));
    EXPECT_EQ(nlohmann::json::parse(ReadText(path_)), nlohmann::json::array());

    ASSERT_TRUE(bans.Ban(Net("3.3.3.3"), kNow + 100, BanReason::kManuallyAdded));
    ASSERT_TRUE(bans.Save());
    WriteText(path_, "sentinel");
    ASSERT_TRUE(bans.Save());  // clean: the file is left alone
    EXPECT_EQ(ReadText(path_), "sentinel");
    ASSERT_TRUE(bans.Save(/*force=*/true));
    EXPECT_EQ(nlohmann::json::parse(ReadText(path_)).size(), 1u);

    // Expired entries are dropped on save.
    clock_.SetUnixSeconds(kNow + 100);
    ASSERT_TRUE(bans.Save());
    EXPECT_EQ(nlohmann::json::parse(ReadText(path_)).size(), 0u);
}

TEST_F(BanListTest, MissingFileIsAnEmptyList) {
    BanList bans(path_, clock_);
    ASSERT_TRUE(bans.Ban(Net("3.3.3.3"), kNow + 100, BanReason::kManuallyAdded));
    EXPECT_TRUE(bans.Load());  // replaces what was there
    EXPECT_TRUE(bans.List().empty());
    EXPECT_FALSE(bans.Dirty());
    EXPECT_FALSE(std::filesystem::exists(dir_ / "banlist.json.bad"));
}

TEST_F(BanListTest, CorruptFilesAreMovedAside) {
    const std::vector<std::string> corrupt = {
        "",
        "{not json",
        "{\"address\": \"1.2.3.4\"}",
        "[1, 2]",
        "[{\"address\": \"example.com\", \"ban_created\": 1, \"banned_until\": 2, \"ban_reason\": "
        "\"unknown\"}]",
        "[{\"address\": \"1.2.3.4/99\", \"ban_created\": 1, \"banned_until\": 2}]",
        "[{\"address\": \"1.2.3.4\", \"ban_created\": \"1\", \"banned_until\": 2}]",
        "[{\"address\": \"1.2.3.4\", \"ban_created\": 1}]",
        "[{\"address\": \"1.2.3.4\", \"ban_created\": 1, \"banned_until\": 2.5}]",
        "[{\"address\": \"1.2.3.4\", \"ban_created\": 1, \"banned_until\": -2}]",
        "[{\"address\": \"1.2.3.4\", \"ban_created\": 1, \"banned_until\": 2, \"ban_reason\": 7}]",
        "[{\"address\": 5, \"ban_created\": 1, \"banned_until\": 2}]",
    };
    const auto bad = dir_ / "banlist.json.bad";
    for (const std::string& text : corrupt) {
        std::filesystem::remove(bad);
        WriteText(path_, text);
        BanList bans(path_, clock_);
        ASSERT_TRUE(bans.Ban(Net("3.3.3.3"), kNow + 100, BanReason::kManuallyAdded));
        const Status st = bans.Load();
        ASSERT_FALSE(st) << text;
        EXPECT_NE(st.error().message.find("banlist.json"), std::string::npos) << st.error().ToString();
        EXPECT_TRUE(bans.List().empty()) << text;
        EXPECT_FALSE(std::filesystem::exists(path_)) << text;
        ASSERT_TRUE(std::filesystem::exists(bad)) << text;
        EXPECT_EQ(ReadText(bad), text);
        // The next start finds no file and an empty list.
        EXPECT_TRUE(bans.Load());
    }
}

TEST_F(BanListTest, UnknownReasonTextLoadsAsUnknown) {
    WriteText(path_, "[{\"address\": \"1.2.3.4\", \"ban_created\": 10, \"banned_until\": " +
                         std::to_string(kNow + 5) +
                         ", \"ban_reason\": \"some future reason\"},"
                         " {\"address\": \"5.6.7.8\", \"ban_created\": 10, \"banned_until\": " +
                         std::to_string(kNow + 5) + "}]");
    BanList bans(path_, clock_);
    ASSERT_TRUE(bans.Load());
    const auto list = bans.List();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list.at(Net("1.2.3.4")), (BanEntry{10, kNow + 5, BanReason::kUnknown}));
    EXPECT_EQ(list.at(Net("5.6.7.8")).reason, BanReason::kUnknown);
}

TEST_F(BanListTest, ExpiredEntriesInTheFileAreNotBans) {
    WriteText(path_,
              "[{\"address\": \"1.2.3.4\", \"ban_created\": 10, \"banned_until\": 20, \"ban_reason\": "
              "\"manually added\"}]");
    BanList bans(path_, clock_);
    ASSERT_TRUE(bans.Load());
    EXPECT_FALSE(bans.IsBanned(Ip("1.2.3.4")));
    EXPECT_TRUE(bans.List().empty());
    EXPECT_TRUE(bans.Dirty());  // the sweep changed the list
}

}  // namespace
}  // namespace ocean
