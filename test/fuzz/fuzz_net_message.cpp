// libFuzzer target: P2P message framing (p2p.md §2).
//
// Arbitrary bytes are fed to a MessageReader in chunks whose sizes come from the input. The reader
// must never hold more than one header plus kMaxProtocolMessageLength bytes, every message it yields
// must re-frame (BuildMessage) to bytes that read back to the same message, and it stops for good at
// a fatal error.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ocean/net/message.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_net_message: check failed: %s\n", what);
        std::abort();
    }
}

const ocean::NetMagic kMagic{0xfa, 0xbf, 0xb5, 0xda};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    if (size < 1) return 0;
    const size_t chunk = 1 + data[0] % 64;
    data++;
    size--;
    // Let inputs start with a valid magic most of the time.
    Bytes stream(kMagic.begin(), kMagic.end());
    stream.insert(stream.end(), data, data + size);
    MessageReader reader(kMagic);
    size_t pos = 0;
    while (pos < stream.size()) {
        const size_t n = std::min(chunk, stream.size() - pos);
        auto used = reader.Feed(ByteSpan(stream.data() + pos, n));
        if (!used) break;
        Check(*used <= n, "consumed within the input");
        Check(reader.BufferedBytes() <= kMessageHeaderSize + kMaxProtocolMessageLength, "bounded buffer");
        pos += *used;
        if (auto m = reader.Take()) {
            if (m->valid_command) {
                auto framed =
                    BuildMessage(kMagic, m->command, ByteSpan(m->payload.data(), m->payload.size()));
                Check(framed.ok(), "a valid command re-frames");
                MessageReader again(kMagic);
                auto r = again.Feed(ByteSpan(framed->data(), framed->size()));
                Check(r.ok() && *r == framed->size(), "re-framed message reads in one go");
                auto back = again.Take();
                Check(back && back->command == m->command && back->payload == m->payload &&
                          back->valid_checksum,
                      "round trip");
            }
        } else if (*used == 0) {
            break;
        }
    }
    return 0;
}
