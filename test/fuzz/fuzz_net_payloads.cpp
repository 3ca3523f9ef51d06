// libFuzzer target: the P2P payload decoders (net/protocol.h). The first byte picks the decoder;
// anything that decodes must encode to bytes that decode to the same value.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ocean/net/protocol.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_net_payloads: check failed: %s\n", what);
        std::abort();
    }
}

ocean::ByteSpan Span(const ocean::Bytes& b) {
    return ocean::ByteSpan(b.data(), b.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    if (size < 1) return 0;
    const uint8_t which = data[0] % 7;
    const ByteSpan payload(data + 1, size - 1);
    switch (which) {
        case 0:
            if (auto v = DecodeVersion(payload)) {
                auto again = DecodeVersion(Span(EncodeVersion(*v)));
                Check(again && again->nonce == v->nonce && again->user_agent == v->user_agent &&
                          again->addr_recv == v->addr_recv && again->start_height == v->start_height,
                      "version round trip");
            }
            break;
        case 1:
            if (auto n = DecodeNonce(payload)) Check(*DecodeNonce(Span(EncodeNonce(*n))) == *n, "nonce");
            break;
        case 2:
            if (auto inv = DecodeInv(payload))
                Check(*DecodeInv(Span(EncodeInv(*inv))) == *inv, "inv round trip");
            break;
        case 3:
            if (auto l = DecodeLocator(payload)) {
                auto again = DecodeLocator(Span(EncodeLocator(*l)));
                Check(again && again->locator == l->locator && again->stop == l->stop, "locator round trip");
            }
            break;
        case 4:
            if (auto h = DecodeHeaders(payload)) {
                auto again = DecodeHeaders(Span(EncodeHeaders(*h)));
                Check(again && *again == *h, "headers round trip");
            }
            break;
        case 5:
            if (auto a = DecodeAddr(payload))
                Check(*DecodeAddr(Span(EncodeAddr(*a))) == *a, "addr round trip");
            break;
        default:
            if (auto r = DecodeReject(payload)) {
                auto again = DecodeReject(Span(EncodeReject(*r)));
                Check(again && again->reason == r->reason && again->code == r->code, "reject round trip");
            }
            break;
    }
    return 0;
}
