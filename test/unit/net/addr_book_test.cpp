// AddrBook: adding and refreshing addresses (routability, bogus times, penalties), the table bounds
// under address floods, good/attempt/connected bookkeeping, selection, getaddr answers, and peers.dat
// (round trip, dirty tracking, truncated, corrupted and inconsistent files).
#include "ocean/net/addr_book.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "../../util/temp_dir.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/fs.h"

namespace ocean {
namespace {

constexpr int64_t kNow = 1700000000;
constexpr int64_t kDay = 86400;

IpAddress Ip(std::string_view text) {
    auto ip = IpAddress::Parse(text);
    EXPECT_TRUE(ip.has_value()) << text;
    return ip.value_or(IpAddress());
}

Service Svc(std::string_view text) {
    auto s = Service::Parse(text, 7042);
    EXPECT_TRUE(s.has_value()) << text;
    return s.value_or(Service{});
}

NetAddress Addr(std::string_view text, int64_t time = kNow, uint64_t services = kNodeNetwork) {
    return Svc(text).ToNetAddress(services, static_cast<uint32_t>(time));
}

// The i-th address of a block of distinct routable IPv4 addresses starting at 20.0.0.0.
NetAddress NthAddr(uint32_t i, int64_t time = kNow) {
    const std::array<uint8_t, 4> v4 = {static_cast<uint8_t>(20 + (i >> 24)), static_cast<uint8_t>(i >> 16),
                                       static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    return Service{IpAddress::FromIPv4(v4), 7042}.ToNetAddress(kNodeNetwork, static_cast<uint32_t>(time));
}

// A source in its own /16 for each n.
IpAddress NthSource(uint32_t n) {
    return IpAddress::FromIPv4({static_cast<uint8_t>(80 + (n >> 8)), static_cast<uint8_t>(n), 0, 1});
}

Bytes ReadAll(const std::filesystem::path& p) {
    auto b = ReadFileBytes(p);
    EXPECT_TRUE(b) << p;
    return b ? *b : Bytes();
}

void WriteAll(const std::filesystem::path& p, const Bytes& data) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

// Replaces the trailing checksum with the right one for the (modified) body.
void FixChecksum(Bytes& data) {
    ASSERT_GE(data.size(), 32u);
    const uint256 h = Sha256dHash(ByteSpan(data.data(), data.size() - 32));
    std::memcpy(data.data() + data.size() - 32, h.data(), 32);
}

class AddrBookTest : public ::testing::Test {
  protected:
    // The entry with service `s`, found through Select (everything else excluded).
    std::optional<AddrInfo> Find(AddrBook& book, const Service& s) {
        return book.Select([&](const Service& x) { return x != s; });
    }

    test::TempDir dir_{"ocean_addrbook_"};
    MockClock clock_{kNow};
    std::filesystem::path path_ = dir_ / "peers.dat";
    const IpAddress source_ = Ip("9.9.9.9");
};

TEST_F(AddrBookTest, AddsRoutableAddressesOnce) {
    AddrBook book(path_, clock_, 1);
    EXPECT_EQ(book.Size(), 0u);
    EXPECT_FALSE(book.Dirty());
    EXPECT_EQ(book.Add({Addr("1.2.3.4:7042"), Addr("[2a00:1450::1]:8333"), Addr("8.8.8.8:1")}, source_), 3u);
    EXPECT_TRUE(book.Dirty());
    EXPECT_EQ(book.Size(), 3u);
    EXPECT_EQ(book.TriedCount(), 0u);
    // Known addresses are refreshed, not added again; same IP with another port is another entry.
    EXPECT_EQ(book.Add({Addr("1.2.3.4:7042"), Addr("1.2.3.4:7043")}, source_), 1u);
    EXPECT_EQ(book.Size(), 4u);
    // Duplicates inside one message count once.
    EXPECT_EQ(book.Add({Addr("5.5.5.5:1"), Addr("5.5.5.5:1")}, source_), 1u);
    EXPECT_EQ(book.Size(), 5u);
}

TEST_F(AddrBookTest, RejectsNonRoutableUnlessAllowedAndPortZero) {
    AddrBook book(path_, clock_, 1);
    const std::vector<NetAddress> local = {
        Addr("127.0.0.1:7042"), Addr("10.0.0.1:7042"),  Addr("192.168.1.1:1"),   Addr("[::1]:7042"),
        Addr("[fe80::1]:7042"), Addr("[fd00::1]:7042"), Addr("[2001:db8::1]:1"), Addr("100.64.0.1:7042")};
    EXPECT_EQ(book.Add(local, source_), 0u);
    EXPECT_EQ(book.Add({Addr("1.2.3.4:7042")}, source_), 1u);
    NetAddress port0 = Addr("1.2.3.5:7042");
    port0.port = 0;
    EXPECT_EQ(book.Add({port0}, source_), 0u);
    EXPECT_EQ(book.Size(), 1u);
    EXPECT_FALSE(Find(book, Svc("127.0.0.1:7042")).has_value());

    book.SetAllowLocal(true);
    EXPECT_EQ(book.Add(local, source_), local.size());
    EXPECT_EQ(book.Add({port0, Addr("0.0.0.0:7042"), Addr("[::]:7042")}, source_), 0u);
    EXPECT_EQ(book.Size(), 1 + local.size());
    EXPECT_TRUE(Find(book, Svc("127.0.0.1:7042")).has_value());
}

TEST_F(AddrBookTest, BogusTimesAndPenalties) {
    AddrBook book(path_, clock_, 1);
    ASSERT_EQ(book.Add({Addr("1.1.1.1", 0), Addr("1.1.1.2", 100000000), Addr("1.1.1.3", kNow + 601),
                        Addr("1.1.1.4", 100000001), Addr("1.1.1.5", kNow + 600)},
                       source_),
              5u);
    EXPECT_EQ(Find(book, Svc("1.1.1.1"))->addr.time, kNow - 5 * kDay);
    EXPECT_EQ(Find(book, Svc("1.1.1.2"))->addr.time, kNow - 5 * kDay);
    EXPECT_EQ(Find(book, Svc("1.1.1.3"))->addr.time, kNow - 5 * kDay);
    EXPECT_EQ(Find(book, Svc("1.1.1.4"))->addr.time, 100000001u);
    EXPECT_EQ(Find(book, Svc("1.1.1.5"))->addr.time, kNow + 600);

    // Relayed addresses lose the penalty; a peer announcing itself does not.
    ASSERT_EQ(book.Add({Addr("2.2.2.2", kNow - 100), Addr("3.3.3.3", kNow - 100)}, Ip("3.3.3.3"), 7200), 2u);
    EXPECT_EQ(Find(book, Svc("2.2.2.2"))->addr.time, kNow - 7300);
    EXPECT_EQ(Find(book, Svc("3.3.3.3"))->addr.time, kNow - 100);
    const auto info = Find(book, Svc("2.2.2.2"));
    EXPECT_EQ(info->source, Ip("3.3.3.3"));
    EXPECT_EQ(info->addr.services, kNodeNetwork);
    EXPECT_EQ(info->attempts, 0);
    EXPECT_FALSE(info->tried);

    // A later advertisement moves last-seen forward and adds service bits; an older one changes nothing.
    EXPECT_EQ(book.Add({Addr("2.2.2.2", kNow - 10, kNodeWitness)}, source_), 0u);
    EXPECT_EQ(Find(book, Svc("2.2.2.2"))->addr.time, kNow - 10);
    EXPECT_EQ(Find(book, Svc("2.2.2.2"))->addr.services, kNodeNetwork | kNodeWitness);
    EXPECT_EQ(book.Add({Addr("2.2.2.2", kNow - 5000)}, source_), 0u);
    EXPECT_EQ(Find(book, Svc("2.2.2.2"))->addr.time, kNow - 10);
}

TEST_F(AddrBookTest, OneSourceGroupCannotFillTheBook) {
    AddrBook book(path_, clock_, 7);
    std::vector<NetAddress> flood;
    for (uint32_t i = 0; i < 100000; ++i) flood.push_back(NthAddr(i));
    EXPECT_EQ(book.Add(flood, Ip("6.6.6.6")), AddrBook::kMaxPerSourceGroup);
    EXPECT_EQ(book.Size(), AddrBook::kMaxPerSourceGroup);
    // Another source in the same /16 gets nothing in either.
    EXPECT_EQ(book.Add(flood, Ip("6.6.200.1")), 0u);
    // Same for an IPv6 source /32.
    EXPECT_EQ(book.Add(flood, Ip("2a01:1::1")), AddrBook::kMaxPerSourceGroup);
    EXPECT_EQ(book.Add(flood, Ip("2a01:1:ffff::2")), 0u);
    EXPECT_EQ(book.Size(), 2 * AddrBook::kMaxPerSourceGroup);
    // A source in another group still can add.
    EXPECT_EQ(book.Add({NthAddr(200000)}, Ip("6.7.6.6")), 1u);

    // An entry that moves to tried no longer counts against its source.
    AddrBook small(path_, clock_, 7);
    std::vector<NetAddress> first(flood.begin(), flood.begin() + AddrBook::kMaxPerSourceGroup);
    ASSERT_EQ(small.Add(first, Ip("6.6.6.6")), AddrBook::kMaxPerSourceGroup);
    EXPECT_EQ(small.Add({NthAddr(300000)}, Ip("6.6.6.6")), 0u);
    small.Good(Service::FromNetAddress(first[0]));
    EXPECT_EQ(small.TriedCount(), 1u);
    EXPECT_EQ(small.Add({NthAddr(300000)}, Ip("6.6.6.6")), 1u);
}

TEST_F(AddrBookTest, FloodFromManySourcesStaysBounded) {
    AddrBook book(path_, clock_, 11);
    // A few verified peers seen before the flood.
    std::vector<Service> tried;
    for (uint32_t i = 0; i < 20; ++i) {
        const NetAddress a = Addr("30.0.0." + std::to_string(i + 1));
        ASSERT_EQ(book.Add({a}, source_), 1u);
        tried.push_back(Service::FromNetAddress(a));
        book.Good(tried.back());
    }
    ASSERT_EQ(book.TriedCount(), 20u);
    clock_.SetUnixSeconds(kNow + 60);  // the Good calls are a minute old: tried entries are selectable

    // 100k addresses, 250 from each of 400 sources in distinct /16s.
    size_t added = 0;
    for (uint32_t src = 0; src < 400; ++src) {
        std::vector<NetAddress> batch;
        for (uint32_t j = 0; j < 250; ++j) batch.push_back(NthAddr(src * 250 + j));
        added += book.Add(batch, NthSource(src));
        ASSERT_LE(book.Size() - book.TriedCount(), AddrBook::kMaxNew);
    }
    EXPECT_EQ(added, 100000u);  // every address was new when it arrived; older ones were evicted
    const size_t new_count = book.Size() - book.TriedCount();
    EXPECT_LE(new_count, AddrBook::kMaxNew);
    EXPECT_GE(new_count, AddrBook::kMaxNew -
                             AddrBook::kMaxNew / 32);  // evictions make room, they do not empty the table
    // Verified peers are not pushed out by unverified addresses.
    EXPECT_EQ(book.TriedCount(), 20u);
    for (const Service& s : tried) EXPECT_TRUE(Find(book, s).has_value()) << s.ToString();
    // The last address of the flood is in.
    EXPECT_TRUE(Find(book, Service::FromNetAddress(NthAddr(99999))).has_value());
}

TEST_F(AddrBookTest, EvictionPrefersTerribleThenOldEntries) {
    AddrBook book(path_, clock_, 3);
    // 10 terrible entries (last seen 40 days ago), 10 merely old ones (2 days), the rest fresh.
    std::vector<NetAddress> terrible, old;
    for (uint32_t i = 0; i < 10; ++i)
        terrible.push_back(Addr("40.0.0." + std::to_string(i + 1), kNow - 40 * kDay));
    for (uint32_t i = 0; i < 10; ++i) old.push_back(Addr("41.0.0." + std::to_string(i + 1), kNow - 2 * kDay));
    ASSERT_EQ(book.Add(terrible, NthSource(1000)), 10u);
    ASSERT_EQ(book.Add(old, NthSource(1001)), 10u);
    uint32_t next = 0;
    for (uint32_t src = 0; book.Size() < AddrBook::kMaxNew; ++src) {
        std::vector<NetAddress> batch;
        for (uint32_t j = 0; j < 250 && book.Size() + batch.size() < AddrBook::kMaxNew; ++j) {
            batch.push_back(NthAddr(next++, kNow - 60));
        }
        ASSERT_EQ(book.Add(batch, NthSource(src)), batch.size());
    }
    ASSERT_EQ(book.Size(), AddrBook::kMaxNew);
    // One more address: the table is full, so the worst entries make room.
    ASSERT_EQ(book.Add({NthAddr(next)}, NthSource(2000)), 1u);
    EXPECT_LE(book.Size(), AddrBook::kMaxNew);
    for (const NetAddress& a : terrible)
        EXPECT_FALSE(Find(book, Service::FromNetAddress(a))) << "terrible kept";
    for (const NetAddress& a : old) EXPECT_FALSE(Find(book, Service::FromNetAddress(a))) << "old kept";
    EXPECT_TRUE(Find(book, Service::FromNetAddress(NthAddr(next))).has_value());
    // Most fresh entries survive.
    EXPECT_GE(book.Size(), AddrBook::kMaxNew - AddrBook::kMaxNew / 32);
}

TEST_F(AddrBookTest, TriedTableIsBounded) {
    AddrBook book(path_, clock_, 5);
    for (uint32_t i = 0; i < AddrBook::kMaxTried + 10; ++i) {
        const NetAddress a = NthAddr(i);
        ASSERT_EQ(book.Add({a}, NthSource(i / 200)), 1u);
        clock_.SetUnixSeconds(kNow + i);  // later Good calls are more recent successes
        book.Good(Service::FromNetAddress(a));
    }
    EXPECT_EQ(book.TriedCount(), AddrBook::kMaxTried);
    EXPECT_EQ(book.Size(), AddrBook::kMaxTried);
    // The oldest successes went.
    clock_.SetUnixSeconds(kNow + AddrBook::kMaxTried + 100);
    EXPECT_FALSE(Find(book, Service::FromNetAddress(NthAddr(0))).has_value());
    EXPECT_TRUE(Find(book, Service::FromNetAddress(NthAddr(AddrBook::kMaxTried + 9))).has_value());
}

TEST_F(AddrBookTest, GoodAttemptConnected) {
    AddrBook book(path_, clock_, 1);
    const Service s = Svc("1.2.3.4");
    ASSERT_EQ(book.Add({Addr("1.2.3.4", kNow - 3600)}, source_), 1u);

    book.Attempt(s);
    auto info = Find(book, s);
    EXPECT_FALSE(info.has_value());  // just attempted: not selected for a minute
    clock_.SetUnixSeconds(kNow + 61);
    info = Find(book, s);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->attempts, 1);
    EXPECT_EQ(info->last_try, kNow);
    EXPECT_FALSE(info->tried);

    book.Attempt(s);
    book.Good(s);
    EXPECT_EQ(book.TriedCount(), 1u);
    clock_.SetUnixSeconds(kNow + 200);
    info = Find(book, s);
    ASSERT_TRUE(info.has_value());
    EXPECT_TRUE(info->tried);
    EXPECT_EQ(info->attempts, 0);
    EXPECT_EQ(info->last_success, kNow + 61);
    EXPECT_EQ(info->last_try, kNow + 61);
    EXPECT_EQ(info->addr.time, kNow + 61);
    book.Good(s);  // already tried: counted once; last seen and last success move forward
    EXPECT_EQ(book.TriedCount(), 1u);
    EXPECT_EQ(book.Size(), 1u);
    clock_.SetUnixSeconds(kNow + 300);
    EXPECT_EQ(Find(book, s)->addr.time, kNow + 200);
    EXPECT_EQ(Find(book, s)->last_success, kNow + 200);

    // Connected moves last-seen forward at most every 20 minutes.
    clock_.SetUnixSeconds(kNow + 200 + 1199);
    book.Connected(s);
    EXPECT_EQ(Find(book, s)->addr.time, kNow + 200);
    clock_.SetUnixSeconds(kNow + 200 + 1200);
    book.Connected(s);
    EXPECT_EQ(Find(book, s)->addr.time, kNow + 1400);
    EXPECT_EQ(Find(book, s)->last_success, kNow + 200);  // only Good records a success

    // Unknown services are ignored.
    book.Good(Svc("5.5.5.5"));
    book.Attempt(Svc("5.5.5.5"));
    book.Connected(Svc("5.5.5.5"));
    EXPECT_EQ(book.Size(), 1u);
    EXPECT_EQ(book.TriedCount(), 1u);
}

TEST_F(AddrBookTest, SelectExcludesAndPrefersTried) {
    AddrBook book(path_, clock_, 42);
    EXPECT_FALSE(book.Select(nullptr).has_value());
    std::vector<NetAddress> addrs;
    for (uint32_t i = 0; i < 100; ++i) addrs.push_back(NthAddr(i));
    ASSERT_EQ(book.Add(addrs, source_), 100u);
    const Service tried = Service::FromNetAddress(addrs[17]);
    book.Good(tried);
    clock_.SetUnixSeconds(kNow + 120);

    int tried_picks = 0;
    std::set<Service> seen;
    for (int i = 0; i < 2000; ++i) {
        auto pick = book.Select([](const Service&) { return false; });
        ASSERT_TRUE(pick.has_value());
        const Service s = Service::FromNetAddress(pick->addr);
        seen.insert(s);
        if (s == tried) ++tried_picks;
    }
    // One tried entry among 100: picked about half of the time, not about 1%.
    EXPECT_GT(tried_picks, 800);
    EXPECT_LT(tried_picks, 1200);
    EXPECT_GT(seen.size(), 80u);  // the new entries are drawn at random

    // Excluded entries never come back.
    for (int i = 0; i < 500; ++i) {
        auto pick = book.Select([&](const Service& s) { return s == tried || s.ip.bytes()[15] % 2 == 0; });
        ASSERT_TRUE(pick.has_value());
        const Service s = Service::FromNetAddress(pick->addr);
        EXPECT_NE(s, tried);
        EXPECT_EQ(s.ip.bytes()[15] % 2, 1);
    }
    EXPECT_FALSE(book.Select([](const Service&) { return true; }).has_value());

    // Everything attempted within the last minute: nothing to select.
    for (const NetAddress& a : addrs) book.Attempt(Service::FromNetAddress(a));
    EXPECT_FALSE(book.Select(nullptr).has_value());
    clock_.SetUnixSeconds(kNow + 120 + 59);
    EXPECT_FALSE(book.Select(nullptr).has_value());
    clock_.SetUnixSeconds(kNow + 120 + 60);
    EXPECT_TRUE(book.Select(nullptr).has_value());
}

TEST_F(AddrBookTest, SameSeedSameChoices) {
    std::vector<NetAddress> addrs;
    for (uint32_t i = 0; i < 50; ++i) addrs.push_back(NthAddr(i));
    AddrBook a(path_, clock_, 99), b(path_, clock_, 99);
    ASSERT_EQ(a.Add(addrs, source_), 50u);
    ASSERT_EQ(b.Add(addrs, source_), 50u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(a.Select(nullptr)->addr, b.Select(nullptr)->addr);
}

TEST_F(AddrBookTest, GetAddressesCapAndTerribleEntries) {
    AddrBook book(path_, clock_, 8);
    EXPECT_TRUE(book.GetAddresses(1000).empty());
    std::vector<NetAddress> addrs;
    for (uint32_t i = 0; i < 1000; ++i) addrs.push_back(NthAddr(i));
    // 4 sources so the per-source limit does not get in the way.
    for (uint32_t src = 0; src < 4; ++src) {
        std::vector<NetAddress> part(addrs.begin() + src * 250, addrs.begin() + (src + 1) * 250);
        ASSERT_EQ(book.Add(part, NthSource(src)), 250u);
    }
    const auto all = book.GetAddresses(1000);
    EXPECT_EQ(all.size(), 230u);  // 23% of the book
    std::set<Service> distinct;
    for (const NetAddress& a : all) {
        distinct.insert(Service::FromNetAddress(a));
        EXPECT_EQ(a.services, kNodeNetwork);
        EXPECT_EQ(a.time, kNow);
    }
    EXPECT_EQ(distinct.size(), all.size());
    EXPECT_EQ(book.GetAddresses(50).size(), 50u);
    EXPECT_EQ(book.GetAddresses(0).size(), 0u);
    EXPECT_NE(book.GetAddresses(230), book.GetAddresses(230));  // random samples

    // Terrible entries are never handed out: never seen in 30 days, or 10 failures and no success in a
    // week.
    AddrBook small(path_, clock_, 8);
    std::vector<NetAddress> good_addrs;
    for (uint32_t i = 0; i < 20; ++i) good_addrs.push_back(NthAddr(i));
    ASSERT_EQ(small.Add(good_addrs, source_), 20u);
    std::vector<NetAddress> bad_addrs;
    for (uint32_t i = 0; i < 40; ++i)
        bad_addrs.push_back(NthAddr(1000 + i, i < 20 ? kNow - 31 * kDay : kNow));
    ASSERT_EQ(small.Add(bad_addrs, source_), 40u);
    for (uint32_t i = 20; i < 40; ++i) {
        for (int k = 0; k < 10; ++k) small.Attempt(Service::FromNetAddress(bad_addrs[i]));
    }
    clock_.SetUnixSeconds(kNow + 61);
    std::set<Service> good;
    for (const NetAddress& a : good_addrs) good.insert(Service::FromNetAddress(a));
    for (int round = 0; round < 50; ++round) {
        const auto got = small.GetAddresses(1000);
        EXPECT_EQ(got.size(), 13u);  // 23% of 60, all drawn from the 20 good ones
        for (const NetAddress& a : got) EXPECT_TRUE(good.count(Service::FromNetAddress(a))) << "terrible";
    }
}

TEST_F(AddrBookTest, SaveLoadRoundTrip) {
    {
        AddrBook book(path_, clock_, 1);
        std::vector<NetAddress> addrs;
        for (uint32_t i = 0; i < 300; ++i) addrs.push_back(NthAddr(i, kNow - i));
        ASSERT_EQ(book.Add(addrs, source_), AddrBook::kMaxPerSourceGroup);
        ASSERT_EQ(book.Add({Addr("[2a00:1450::1]:8333", kNow, kNodeNetwork | kNodeWitness)}, Ip("2a02::1")),
                  1u);
        book.Good(Svc("[2a00:1450::1]:8333"));
        book.Good(Service::FromNetAddress(addrs[3]));
        clock_.SetUnixSeconds(kNow + 10);
        book.Attempt(Service::FromNetAddress(addrs[5]));
        book.Attempt(Service::FromNetAddress(addrs[5]));
        ASSERT_TRUE(book.Save());
        EXPECT_FALSE(book.Dirty());
    }
    const Bytes saved = ReadAll(path_);
    ASSERT_GE(saved.size(), 8u);
    EXPECT_EQ(std::string(saved.begin(), saved.begin() + 4), "OCPB");
    EXPECT_EQ(saved[4], 1);  // format version 1, little-endian
    EXPECT_EQ(saved[5] | saved[6] | saved[7], 0);

    AddrBook loaded(path_, clock_, 2);
    ASSERT_TRUE(loaded.Load());
    EXPECT_FALSE(loaded.Dirty());
    EXPECT_EQ(loaded.Size(), AddrBook::kMaxPerSourceGroup + 1);
    EXPECT_EQ(loaded.TriedCount(), 2u);
    clock_.SetUnixSeconds(kNow + 100);
    const auto v6 = Find(loaded, Svc("[2a00:1450::1]:8333"));
    ASSERT_TRUE(v6.has_value());
    EXPECT_TRUE(v6->tried);
    EXPECT_EQ(v6->source, Ip("2a02::1"));
    EXPECT_EQ(v6->addr.services, kNodeNetwork | kNodeWitness);
    EXPECT_EQ(v6->last_success, kNow);
    const auto attempted = Find(loaded, Service::FromNetAddress(NthAddr(5)));
    ASSERT_TRUE(attempted.has_value());
    EXPECT_EQ(attempted->attempts, 2);
    EXPECT_EQ(attempted->last_try, kNow + 10);
    EXPECT_EQ(attempted->addr.time, kNow - 5);
    EXPECT_FALSE(attempted->tried);
    EXPECT_EQ(attempted->source, source_);

    // Writing the loaded book gives the same bytes.
    ASSERT_TRUE(loaded.Save(/*force=*/true));
    EXPECT_EQ(ReadAll(path_), saved);
    // The source-group counts came back too: the source is still at its limit (one entry went to tried).
    EXPECT_EQ(loaded.Add({NthAddr(5000), NthAddr(5001)}, source_), 1u);
}

TEST_F(AddrBookTest, SaveOnlyWhenDirtyUnlessForced) {
    AddrBook book(path_, clock_, 1);
    ASSERT_TRUE(book.Save());
    EXPECT_FALSE(std::filesystem::exists(path_));
    ASSERT_TRUE(book.Save(/*force=*/true));
    ASSERT_TRUE(std::filesystem::exists(path_));
    AddrBook empty(path_, clock_, 1);
    ASSERT_TRUE(empty.Load());
    EXPECT_EQ(empty.Size(), 0u);

    ASSERT_EQ(book.Add({Addr("1.2.3.4")}, source_), 1u);
    ASSERT_TRUE(book.Save());
    const Bytes sentinel = {'x'};
    WriteAll(path_, sentinel);
    ASSERT_TRUE(book.Save());
    EXPECT_EQ(ReadAll(path_), sentinel);
    ASSERT_TRUE(book.Save(/*force=*/true));
    AddrBook again(path_, clock_, 1);
    ASSERT_TRUE(again.Load());
    EXPECT_EQ(again.Size(), 1u);
}

TEST_F(AddrBookTest, MissingFileIsAnEmptyBook) {
    AddrBook book(path_, clock_, 1);
    ASSERT_EQ(book.Add({Addr("1.2.3.4")}, source_), 1u);
    EXPECT_TRUE(book.Load());
    EXPECT_EQ(book.Size(), 0u);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "peers.dat.bad"));
}

class AddrBookCorruptTest : public AddrBookTest {
  protected:
    // A valid file with a few entries (one tried).
    Bytes ValidFile() {
        AddrBook book(path_, clock_, 1);
        std::vector<NetAddress> addrs;
        for (uint32_t i = 0; i < 5; ++i) addrs.push_back(NthAddr(i));
        EXPECT_EQ(book.Add(addrs, source_), 5u);
        book.Good(Service::FromNetAddress(addrs[0]));
        EXPECT_TRUE(book.Save(/*force=*/true));
        return ReadAll(path_);
    }

    // Loading `data` fails, leaves an empty book, and moves the file to peers.dat.bad.
    void ExpectRejected(const Bytes& data, const std::string& what) {
        const auto bad = dir_ / "peers.dat.bad";
        std::filesystem::remove(bad);
        WriteAll(path_, data);
        AddrBook book(path_, clock_, 1);
        ASSERT_EQ(book.Add({Addr("7.7.7.7")}, source_), 1u);
        const Status st = book.Load();
        ASSERT_FALSE(st) << what;
        EXPECT_EQ(book.Size(), 0u) << what;
        EXPECT_EQ(book.TriedCount(), 0u) << what;
        EXPECT_FALSE(std::filesystem::exists(path_)) << what;
        ASSERT_TRUE(std::filesystem::exists(bad)) << what;
        EXPECT_EQ(ReadAll(bad), data) << what;
        EXPECT_TRUE(book.Load()) << what;  // the next start has no file
        // The book still works after a failed load.
        EXPECT_EQ(book.Add({Addr("7.7.7.7")}, source_), 1u);
    }

    static constexpr size_t kHeader = 4 + 4 + 1;  // magic, version, count (< 253)
    static constexpr size_t kEntry = 67;
};

TEST_F(AddrBookCorruptTest, TruncatedFiles) {
    const Bytes valid = ValidFile();
    ASSERT_EQ(valid.size(), kHeader + 5 * kEntry + 32);
    for (size_t n = 0; n < valid.size(); ++n) {
        ExpectRejected(Bytes(valid.begin(), valid.begin() + n), "truncated to " + std::to_string(n));
    }
    Bytes longer = valid;
    longer.push_back(0);
    ExpectRejected(longer, "trailing byte");
}

TEST_F(AddrBookCorruptTest, FlippedBytesFailTheChecksum) {
    const Bytes valid = ValidFile();
    for (size_t i = 0; i < valid.size(); i += 7) {
        Bytes data = valid;
        data[i] ^= 0x20;
        ExpectRejected(data, "flipped byte " + std::to_string(i));
    }
}

TEST_F(AddrBookCorruptTest, InconsistentContentWithValidChecksum) {
    const Bytes valid = ValidFile();
    {
        Bytes data = valid;
        data[0] = 'X';
        FixChecksum(data);
        ExpectRejected(data, "bad magic");
    }
    {
        Bytes data = valid;
        data[4] = 2;
        FixChecksum(data);
        ExpectRejected(data, "version 2");
    }
    {
        Bytes data = valid;
        data[8] = 6;  // count says 6 entries, 5 present
        FixChecksum(data);
        ExpectRejected(data, "count too large");
    }
    {
        Bytes data = valid;
        data[8] = 4;  // count says 4 entries, 5 present
        FixChecksum(data);
        ExpectRejected(data, "count too small");
    }
    {
        // A huge count (2^31 - 1 entries announced).
        Bytes data(valid.begin(), valid.begin() + 8);
        for (uint8_t b : {0xfe, 0xff, 0xff, 0xff, 0x7f}) data.push_back(b);
        data.insert(data.end(), valid.begin() + kHeader, valid.end());
        FixChecksum(data);
        ExpectRejected(data, "huge count");
    }
    {
        Bytes data = valid;
        data[kHeader + kEntry - 1] = 2;  // tried flag of the first entry
        FixChecksum(data);
        ExpectRejected(data, "tried flag 2");
    }
    {
        Bytes data = valid;
        std::memcpy(data.data() + kHeader + kEntry, data.data() + kHeader, kEntry);  // same entry twice
        FixChecksum(data);
        ExpectRejected(data, "duplicate entry");
    }
    {
        Bytes data = valid;
        data[kHeader + 28] = 0;  // port of the first entry = 0
        data[kHeader + 29] = 0;
        FixChecksum(data);
        ExpectRejected(data, "port 0");
    }
    {
        Bytes data = valid;
        for (size_t k = 0; k < 4; ++k) data[kHeader + 62 + k] = 0xff;  // attempts = -1
        FixChecksum(data);
        ExpectRejected(data, "negative attempts");
    }
    // Not a file at all: a directory in its place.
    std::filesystem::remove(path_);
    std::filesystem::create_directory(path_);
    AddrBook book(path_, clock_, 1);
    EXPECT_FALSE(book.Load());
    EXPECT_EQ(book.Size(), 0u);
    EXPECT_TRUE(std::filesystem::exists(dir_ / "peers.dat.bad"));
}

}  // namespace
}  // namespace ocean
