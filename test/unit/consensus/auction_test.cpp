// Guardnode auctions (consensus/auction.h): every auction-price vector of requests.md §12, the
// degenerate inputs of §7, request and bid decoding from the §12 scripts, the validity rules of §8 and
// the bid set's order and ticket limit, ending with the request-auction scenario of §12.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "ocean/consensus/auction.h"
#include "ocean/script/standard.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

constexpr const char* kKeyA = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
constexpr const char* kKeyB = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";

Bytes H(const char* hex) {
    return *ParseHex(hex);
}

TxOut Out(const uint256& asset, Amount value, Bytes script) {
    TxOut o;
    o.asset.SetExplicit(asset);
    o.value.SetExplicit(value);
    o.script_pubkey = std::move(script);
    return o;
}

TEST(Auction, PriceVectorsOfTheSpec) {
    struct V {
        uint32_t confirmed, start, decay;
        Amount start_price;
        uint32_t height;
        Amount price;
    };
    const V vectors[] = {
        {103, 111, 5, 500000000, 119, 40394973},       {103, 115, 100, 2000000000, 104, 1990049751},
        {103, 115, 100, 2000000000, 105, 1948051948},  {103, 115, 100, 2000000000, 106, 1873536299},
        {103, 115, 100, 2000000000, 107, 1773049645},  {103, 115, 100, 2000000000, 108, 1655172413},
        {103, 110, 10, 500000000, 103, 500000000},     {100, 200, 1, 100000000, 50, 0},
        {100, 2000, 1000000, 10000000, 1100, 5002498},
    };
    for (const V& v : vectors) {
        EXPECT_EQ(GetAuctionPrice(v.confirmed, v.start, v.decay, v.start_price, v.height), v.price)
            << "confirmed " << v.confirmed << " start " << v.start << " h " << v.height;
    }
}

TEST(Auction, PriceEdges) {
    // After the start height the price stays at its value for p = start.
    const Amount at_start = GetAuctionPrice(103, 111, 5, 500000000, 111);
    EXPECT_EQ(GetAuctionPrice(103, 111, 5, 500000000, 119), at_start);
    EXPECT_EQ(GetAuctionPrice(103, 111, 5, 500000000, 1000000), at_start);
    // Before confirmation (t < 0) the auction has not started.
    EXPECT_EQ(GetAuctionPrice(103, 111, 5, 500000000, 102), 0);
    // t is a signed 32-bit value: a start height far below the confirmed height wraps negative.
    EXPECT_EQ(GetAuctionPrice(0x90000000u, 5, 5, 500000000, 10), 0);
    // decayConst = 0: Ocean's arithmetic degenerates (0 for t > 0, NaN for t = 0); both give 0.
    EXPECT_EQ(GetAuctionPrice(100, 200, 0, 100000000, 150), 0);
    EXPECT_EQ(GetAuctionPrice(100, 200, 0, 100000000, 100), 0);
    // At t = 0 the price is the start price, whatever the decay.
    EXPECT_EQ(GetAuctionPrice(100, 200, 7, 123456789, 100), 123456789);
    // The result is truncated, not rounded: 2e9 * 2 / 2.01 = 1990049751.24...
    EXPECT_EQ(GetAuctionPrice(103, 115, 100, 2000000000, 104), 1990049751);
    // Negative start prices (key3 holds any int64) truncate toward zero.
    EXPECT_EQ(GetAuctionPrice(103, 115, 100, -2000000000, 104), -1990049751);
    // A product that leaves the int64 range wraps like the x86 multiplication.
    const Amount big = std::numeric_limits<Amount>::max() / 2 + 1;
    EXPECT_EQ(GetAuctionPrice(0, 10, 1000000000, big, 1),
              static_cast<Amount>(static_cast<double>(static_cast<int64_t>(static_cast<uint64_t>(big) * 2u)) /
                                  (2.0 + 1.0 / 1000000000.0)));
}

TEST(Auction, DecodesTheRequestOfTheSpec) {
    const Bytes script =
        H("016eb17551"
          "210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
          "2102051d7e7caa636a8fb1eaca4fb163248aff57d5e4e04e84734101b138e1a07d86"
          "2103690000000a0000000a000000010000000065cd1d000000000000000000000000"
          "53ae");
    ASSERT_EQ(script.size(), 109u);
    const uint256 txid = uint256::FromHex(std::string(64, 'a'));
    auto r = DecodeRequest(Out(uint256(), 1, script), txid, 103);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->txid, txid);
    EXPECT_EQ(r->genesis_hash.ToHex(), "867da0e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05");
    EXPECT_EQ(r->confirmed_height, 103u);
    EXPECT_EQ(r->start_height, 105u);
    EXPECT_EQ(r->num_tickets, 10u);
    EXPECT_EQ(r->decay_const, 10u);
    EXPECT_EQ(r->fee_percentage, 1u);
    EXPECT_EQ(r->end_height, 110u);
    EXPECT_EQ(r->start_price, 5 * COIN);

    // Not a locked multisig; a locked multisig with two keys.
    EXPECT_FALSE(DecodeRequest(Out(uint256(), 1, H("51")), txid, 1).has_value());
    const Bytes two[] = {H(kKeyA), H(kKeyB)};
    EXPECT_FALSE(DecodeRequest(Out(uint256(), 1, GetScriptForLockedMultisig(110, 1, two).bytes()), txid, 1));
    // A negative lock height is kept as Ocean's uint32 would hold it.
    RequestFields f;
    f.end_height = -1;
    f.start_height = 5;
    auto neg = DecodeRequest(Out(uint256(), 1, GetScriptForRequest(f, H(kKeyA)).bytes()), txid, 1);
    ASSERT_TRUE(neg.has_value());
    EXPECT_EQ(neg->end_height, 0xffffffffu);
}

TEST(Auction, DecodesTheBidOfTheSpec) {
    const Bytes script =
        H("016eb17551"
          "210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
          "2102051d7e7caa636a8fb1eaca4fb163248aff57d5e4e04e84734101b138e1506466"
          "2102c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
          "53ae");
    const uint256 domain = uint256::FromHex(std::string(63, '0') + "7");
    const uint256 other = uint256::FromHex(std::string(63, '0') + "8");
    const uint256 txid = uint256::FromHex(std::string(64, 'b'));
    const TxOut change = Out(domain, 5, H("51"));
    const TxOut wrong_asset = Out(other, 9, script);
    const TxOut bid_out = Out(domain, 123, script);
    const TxOut* outputs[] = {&change, &wrong_asset, &bid_out};
    auto b = DecodeBid(outputs, domain, txid, 106);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->txid, txid);
    EXPECT_EQ(b->request_txid.ToHex(), "666450e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05");
    EXPECT_EQ(b->lock_height, 110u);
    EXPECT_EQ(b->stake, 123);
    EXPECT_EQ(HexStr(b->fee_pubkey), kKeyB);
    EXPECT_EQ(b->confirmed_height, 106u);

    // The first domain-asset locked multisig wins.
    const TxOut second = Out(domain, 456, script);
    const TxOut* two_bids[] = {&bid_out, &second};
    EXPECT_EQ(DecodeBid(two_bids, domain, txid, 1)->stake, 123);
    // Only other assets, or nothing spendable: no bid.
    const TxOut* none[] = {&change, &wrong_asset};
    EXPECT_FALSE(DecodeBid(none, domain, txid, 1).has_value());
    // A blinded value is not a stake.
    TxOut blinded = bid_out;
    Bytes commitment(33, 0x08);
    ASSERT_TRUE(blinded.value.SetBytes(commitment));
    const TxOut* only_blinded[] = {&blinded};
    EXPECT_FALSE(DecodeBid(only_blinded, domain, txid, 1).has_value());
    // The §3 builder produces the same script.
    EXPECT_EQ(
        GetScriptForBid(110, H(kKeyA),
                        uint256::FromHex("666450e138b1014173844ee0e4d557ff8a2463b14fcaeab18f6a63aa7c7e1d05"),
                        H(kKeyB))
            .bytes(),
        script);
}

AuctionRequest ScenarioRequest() {
    AuctionRequest r;
    r.txid = uint256::FromHex(std::string(64, 'c'));
    r.confirmed_height = 103;
    r.start_height = 115;
    r.end_height = 130;
    r.num_tickets = 2;
    r.decay_const = 100;
    r.start_price = 20 * COIN;
    return r;
}

AuctionBid MakeBid(uint32_t height, Amount stake, uint8_t id, uint32_t lock = 130) {
    AuctionBid b;
    b.txid = uint256::FromHex(std::string(62, '0') + HexStr(Bytes{id}));
    b.request_txid = uint256::FromHex(std::string(64, 'c'));
    b.confirmed_height = height;
    b.lock_height = lock;
    b.stake = stake;
    b.fee_pubkey = H(kKeyB);
    return b;
}

TEST(Auction, BidValidity) {
    const AuctionRequest r = ScenarioRequest();
    const Amount p106 = GetAuctionPrice(r, 106);
    EXPECT_TRUE(IsValidBid(r, MakeBid(106, p106, 1)));
    EXPECT_FALSE(IsValidBid(r, MakeBid(106, p106 - 1, 1)));    // below the auction price
    EXPECT_FALSE(IsValidBid(r, MakeBid(106, p106, 1, 129)));   // unlocked before the service ends
    EXPECT_TRUE(IsValidBid(r, MakeBid(106, p106, 1, 131)));    // locked longer is fine
    EXPECT_FALSE(IsValidBid(r, MakeBid(115, 100 * COIN, 1)));  // the auction ended at the start height
    EXPECT_TRUE(IsValidBid(r, MakeBid(114, GetAuctionPrice(r, 114), 1)));
    EXPECT_TRUE(IsValidBid(r, MakeBid(100, 0, 1)));  // before confirmation the price is 0
}

TEST(Auction, BidSetOrderAndTickets) {
    BidSet set(3);
    set.Add(MakeBid(107, 50, 1));
    set.Add(MakeBid(106, 10, 2));
    set.Add(MakeBid(107, 70, 3));
    set.Add(MakeBid(107, 50, 0));
    // Height ascending, stake descending, txid ascending; the fourth best (107/50/#1) is dropped.
    std::vector<uint8_t> order;
    for (const AuctionBid& b : set.Bids()) order.push_back(b.txid.data()[0]);
    EXPECT_EQ(order, (std::vector<uint8_t>{2, 3, 0}));
    // A duplicate key is ignored; a later block never displaces a full set.
    set.Add(MakeBid(106, 10, 2));
    set.Add(MakeBid(108, 1000, 9));
    EXPECT_EQ(set.Bids().size(), 3u);
    EXPECT_EQ(set.Bids().back().txid.data()[0], 0);
    // A higher stake in the same block does.
    set.Add(MakeBid(107, 60, 7));
    order.clear();
    for (const AuctionBid& b : set.Bids()) order.push_back(b.txid.data()[0]);
    EXPECT_EQ(order, (std::vector<uint8_t>{2, 3, 7}));
    // The result does not depend on the insertion order.
    BidSet reversed(3);
    for (uint8_t id : {7, 9, 0, 3, 2, 1}) {
        for (const AuctionBid& b : {MakeBid(107, 50, 1), MakeBid(106, 10, 2), MakeBid(107, 70, 3),
                                    MakeBid(107, 50, 0), MakeBid(108, 1000, 9), MakeBid(107, 60, 7)}) {
            if (b.txid.data()[0] == id) reversed.Add(b);
        }
    }
    ASSERT_EQ(reversed.Bids().size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(reversed.Bids()[i].txid, set.Bids()[i].txid);
    // No tickets: always empty.
    BidSet empty(0);
    empty.Add(MakeBid(106, 10, 2));
    EXPECT_TRUE(empty.Bids().empty());
}

TEST(Auction, RequestAuctionScenarioOfTheSpec) {
    // Request confirmed at 103 (start 115, end 130, 2 tickets, decay 100, 20 coins); bids confirmed at
    // 106, 107 and 108, each paying the auction price of the previous height.
    const AuctionRequest r = ScenarioRequest();
    BidSet set(r.num_tickets);
    std::vector<AuctionBid> bids;
    for (uint32_t h : {106u, 107u, 108u}) {
        AuctionBid b = MakeBid(h, GetAuctionPrice(r, h - 1), static_cast<uint8_t>(h));
        ASSERT_TRUE(IsValidBid(r, b)) << h;
        bids.push_back(b);
        set.Add(b);
    }
    EXPECT_EQ(bids[0].stake, 1948051948);
    EXPECT_EQ(bids[1].stake, 1873536299);
    EXPECT_EQ(bids[2].stake, 1773049645);
    ASSERT_EQ(set.Bids().size(), 2u);
    EXPECT_EQ(set.Bids()[0].txid, bids[0].txid);
    EXPECT_EQ(set.Bids()[1].txid, bids[1].txid);
}

}  // namespace
}  // namespace ocean
