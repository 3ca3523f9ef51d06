// P2P payload codecs (p2p.md §3–§5): round trips, the optional tail of version, count limits checked
// before allocation, big-endian ports, and headers of the reference dev chain.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ocean/net/protocol.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

ByteSpan Span(const Bytes& b) {
    return ByteSpan(b.data(), b.size());
}

TEST(NetProtocol, VersionRoundTripAndOptionalTail) {
    VersionMessage v;
    v.services = kNodeNetwork | kNodeWitness;
    v.timestamp = 1795212202;
    v.addr_recv.ip = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
    v.addr_recv.port = 7042;
    v.nonce = 0x1122334455667788;
    v.user_agent = "/Satoshi:2.1.1.1/";
    v.start_height = 330;
    v.relay = false;
    const Bytes bytes = EncodeVersion(v);
    EXPECT_EQ(bytes.size(), 4 + 8 + 8 + 26 + 26 + 8 + 1 + 17 + 4 + 1u);
    auto back = DecodeVersion(Span(bytes));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->services, v.services);
    EXPECT_EQ(back->addr_recv, v.addr_recv);
    EXPECT_EQ(back->nonce, v.nonce);
    EXPECT_EQ(back->user_agent, v.user_agent);
    EXPECT_EQ(back->start_height, 330);
    EXPECT_FALSE(back->relay);
    // Port big-endian: 7042 = 0x1b82 right after the 16 address bytes.
    EXPECT_EQ(bytes[20 + 8 + 16], 0x1b);
    EXPECT_EQ(bytes[20 + 8 + 17], 0x82);
    // Only version..addr_recv: the rest takes the defaults.
    auto short_version = DecodeVersion(ByteSpan(bytes.data(), 46));
    ASSERT_TRUE(short_version);
    EXPECT_EQ(short_version->nonce, 1u);
    EXPECT_EQ(short_version->start_height, -1);
    EXPECT_TRUE(short_version->relay);
    EXPECT_FALSE(DecodeVersion(ByteSpan(bytes.data(), 45)));
    VersionMessage old;
    old.version = 10300;
    EXPECT_EQ(DecodeVersion(Span(EncodeVersion(old)))->version, 300);
}

TEST(NetProtocol, UserAgentLimit) {
    VersionMessage v;
    v.user_agent = std::string(257, 'a');
    EXPECT_FALSE(DecodeVersion(Span(EncodeVersion(v))));
    v.user_agent = std::string(256, 'a');
    EXPECT_TRUE(DecodeVersion(Span(EncodeVersion(v))));
}

TEST(NetProtocol, InvRoundTripAndLimits) {
    std::vector<Inv> items = {{MSG_WITNESS_BLOCK, uint256::FromByte0(7)}, {MSG_TX, uint256::FromByte0(9)}};
    auto back = DecodeInv(Span(EncodeInv(items)));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, items);
    EXPECT_EQ((*back)[0].BaseType(), uint32_t{MSG_BLOCK});
    // 50,001 entries announced: refused before reading them.
    Bytes over;
    VectorWriter w(over);
    WriteCompactSize(w, kMaxInvEntries + 1);
    EXPECT_FALSE(DecodeInv(Span(over)));
    // A huge count with no data behind it: refused without allocating.
    Bytes lie;
    VectorWriter w2(lie);
    WriteCompactSize(w2, 40000);
    EXPECT_FALSE(DecodeInv(Span(lie)));
    // Non-canonical CompactSize.
    EXPECT_FALSE(DecodeInv(Span(*ParseHex("fd0100"))));
}

TEST(NetProtocol, NonceLocatorAddrReject) {
    EXPECT_EQ(*DecodeNonce(Span(EncodeNonce(42))), 42u);
    EXPECT_FALSE(DecodeNonce(Span(*ParseHex("01020304"))));
    LocatorMessage loc;
    loc.locator = {uint256::FromByte0(1), uint256::FromByte0(2)};
    loc.stop = uint256::FromByte0(3);
    auto l = DecodeLocator(Span(EncodeLocator(loc)));
    ASSERT_TRUE(l);
    EXPECT_EQ(l->locator, loc.locator);
    EXPECT_EQ(l->stop, loc.stop);
    NetAddress a;
    a.time = 1795212202;
    a.services = kNodeNetwork;
    a.port = 7042;
    auto addrs = DecodeAddr(Span(EncodeAddr({a, a})));
    ASSERT_TRUE(addrs);
    EXPECT_EQ(addrs->size(), 2u);
    EXPECT_EQ((*addrs)[1], a);
    Bytes too_many;
    VectorWriter w(too_many);
    WriteCompactSize(w, kMaxAddrEntries + 1);
    EXPECT_FALSE(DecodeAddr(Span(too_many)));
    RejectMessage rej{"tx", 0x10, "bad-txns-vin-empty", uint256::FromByte0(5)};
    auto r = DecodeReject(Span(EncodeReject(rej)));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->reason, rej.reason);
    EXPECT_EQ(r->hash, rej.hash);
}

TEST(NetProtocol, HeadersOfTheReferenceDevChain) {
    std::vector<BlockHeader> headers;
    for (const char* name :
         {"block_dev_h1_empty", "block_dev_h2_send_issuance", "block_dev_h3_reissue_burn_sendasset"}) {
        std::ifstream in(std::string(OCEAN_VECTORS_DIR) + "/ocean/" + name + ".hex");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string hex = ss.str();
        while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
        auto block = DecodeBlock(*ParseHex(hex));
        ASSERT_TRUE(block) << name;
        headers.push_back(block->header());
    }
    const Bytes payload = EncodeHeaders(headers);
    auto back = DecodeHeaders(Span(payload));
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ((*back)[i].GetHash(), headers[i].GetHash());
    EXPECT_EQ((*back)[1].prev_block, headers[0].GetHash());
    // Truncated anywhere: an error, never a crash.
    for (size_t n = 0; n < payload.size(); ++n) EXPECT_FALSE(DecodeHeaders(ByteSpan(payload.data(), n))) << n;
}

}  // namespace
}  // namespace ocean
