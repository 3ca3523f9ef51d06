// P2P framing (p2p.md §2): header layout, checksum, command rules, and the stream reader's handling of
// split input, bad magic, oversized lengths, bad commands and bad checksums.
#include <gtest/gtest.h>

#include "ocean/net/message.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

const NetMagic kMagic{0xfa, 0xbf, 0xb5, 0xda};

ByteSpan Span(const Bytes& b) {
    return ByteSpan(b.data(), b.size());
}

TEST(NetMessage, VerackHasTheKnownEncoding) {
    auto m = BuildMessage(kMagic, "verack", {});
    ASSERT_TRUE(m);
    // magic, "verack" NUL-padded to 12, length 0, SHA256d("") = 5df6e0e2...
    EXPECT_EQ(HexStr(*m), "fabfb5da76657261636b000000000000000000005df6e0e2");
}

TEST(NetMessage, BuildRejectsBadCommands) {
    EXPECT_FALSE(BuildMessage(kMagic, "", {}));
    EXPECT_FALSE(BuildMessage(kMagic, "thirteenchars", {}));
    EXPECT_FALSE(BuildMessage(kMagic, std::string_view("a\x01", 2), {}));
}

TEST(NetMessage, CommandRules) {
    auto header_for = [](const std::string& raw) {
        MessageHeader h;
        std::copy(raw.begin(), raw.end(), h.command.begin());
        return h;
    };
    EXPECT_TRUE(header_for("ping").CommandIsValid());
    EXPECT_EQ(header_for("ping").Command(), "ping");
    EXPECT_FALSE(header_for("").CommandIsValid());
    EXPECT_FALSE(header_for(std::string("pi\0ng", 5)).CommandIsValid());  // non-NUL after a NUL
    EXPECT_FALSE(header_for("pi\x7fng").CommandIsValid());
    EXPECT_TRUE(header_for("twelve_chars").CommandIsValid());
}

TEST(MessageReader, ReadsMessagesSplitAnywhere) {
    const Bytes payload = {1, 2, 3, 4, 5};
    Bytes stream = *BuildMessage(kMagic, "ping", payload);
    const Bytes second = *BuildMessage(kMagic, "pong", payload);
    stream.insert(stream.end(), second.begin(), second.end());
    for (size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        MessageReader reader(kMagic);
        std::vector<NetMessage> got;
        size_t pos = 0;
        while (pos < stream.size()) {
            const size_t n = std::min(chunk, stream.size() - pos);
            auto used = reader.Feed(ByteSpan(stream.data() + pos, n));
            ASSERT_TRUE(used);
            pos += *used;
            if (auto m = reader.Take()) got.push_back(std::move(*m));
        }
        ASSERT_EQ(got.size(), 2u) << "chunk " << chunk;
        EXPECT_EQ(got[0].command, "ping");
        EXPECT_EQ(got[1].command, "pong");
        EXPECT_EQ(got[1].payload, payload);
        EXPECT_TRUE(got[0].valid_checksum && got[0].valid_command);
        EXPECT_EQ(reader.BufferedBytes(), 0u);
    }
}

TEST(MessageReader, WrongMagicDisconnects) {
    MessageReader reader(kMagic);
    Bytes m = *BuildMessage(NetMagic{0xf9, 0xbe, 0xb4, 0xd9}, "ping", {});
    auto r = reader.Feed(Span(m));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "bad-magic");
}

TEST(MessageReader, OversizedLengthDisconnectsBeforeBuffering) {
    MessageReader reader(kMagic);
    Bytes m = *BuildMessage(kMagic, "block", {});
    const uint32_t n = kMaxProtocolMessageLength + 1;
    for (int i = 0; i < 4; ++i) m[16 + i] = static_cast<uint8_t>(n >> (8 * i));
    auto r = reader.Feed(Span(m));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "oversized-message");
    EXPECT_LE(reader.BufferedBytes(), kMessageHeaderSize);
}

TEST(MessageReader, BadChecksumAndBadCommandAreFlaggedNotFatal) {
    MessageReader reader(kMagic);
    Bytes m = *BuildMessage(kMagic, "ping", Bytes{9, 9});
    m[20] ^= 1;
    ASSERT_TRUE(reader.Feed(Span(m)));
    auto got = reader.Take();
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->valid_checksum);
    Bytes bad = *BuildMessage(kMagic, "ping", {});
    bad[4 + 5] = 'x';  // a character after the NUL padding starts
    ASSERT_TRUE(reader.Feed(Span(bad)));
    got = reader.Take();
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->valid_command);
    EXPECT_TRUE(got->valid_checksum);
}

TEST(MessageReader, StopsAfterEachMessageUntilTaken) {
    MessageReader reader(kMagic);
    Bytes stream = *BuildMessage(kMagic, "a", {});
    const Bytes b = *BuildMessage(kMagic, "b", {});
    stream.insert(stream.end(), b.begin(), b.end());
    auto used = reader.Feed(Span(stream));
    ASSERT_TRUE(used);
    EXPECT_EQ(*used, kMessageHeaderSize);  // the second message waits until the first is taken
    EXPECT_EQ(reader.Take()->command, "a");
    used = reader.Feed(ByteSpan(stream.data() + kMessageHeaderSize, kMessageHeaderSize));
    ASSERT_TRUE(used);
    EXPECT_EQ(reader.Take()->command, "b");
}

}  // namespace
}  // namespace ocean
