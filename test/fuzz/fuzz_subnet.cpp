// libFuzzer target: -rpcallowip / setban subnet and address parsing (util/subnet.h).
//
// Whatever parses must print to text that parses back to the same value, and a subnet must match its
// own network address.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ocean/util/subnet.h"

namespace {

void Check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_subnet: check failed: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto addr = IpAddress::Parse(text)) {
        auto again = IpAddress::Parse(addr->ToString());
        Check(again && *again == *addr, "address round trip");
    }
    if (auto subnet = Subnet::Parse(text)) {
        auto again = Subnet::Parse(subnet->ToString());
        Check(again && again->ToString() == subnet->ToString(), "subnet round trip");
    }
    return 0;
}
