// libFuzzer target for the script layer: arbitrary bytes as a script (parser, asm, template solver,
// destinations, register-address detection, peg-out parsing, sigop counting) and as an address string.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ocean/script/address.h"
#include "ocean/script/asm.h"
#include "ocean/script/script.h"
#include "ocean/script/standard.h"

namespace {

// Aborts (a crash libFuzzer reports) when an invariant does not hold.
void Require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ocean;
    const Script script(ByteSpan(data, size));

    // The instruction walk stays in bounds and always makes progress.
    Script::const_iterator pc = script.begin();
    Opcode op;
    Bytes push;
    while (pc < script.end()) {
        const auto before = pc;
        if (!script.GetOp(pc, op, push)) break;
        Require(pc > before && pc <= script.end());
        if (op <= OP_PUSHDATA4) Require(push.size() <= size);
    }

    (void)ScriptToAsm(script, false);
    (void)ScriptToAsm(script, true);
    (void)script.IsPushOnly();
    (void)script.IsUnspendable();
    (void)script.IsWitnessProgram();
    (void)script.GetSigOpCount(true);
    (void)script.GetSigOpCount(false);
    (void)script.GetSigOpCount(script);
    (void)script.ParsePegout();

    const SolvedScript solved = Solve(script);
    const ScriptDestinations dests = ExtractDestinations(script);
    Require(dests.type == solved.type);
    if (dests.has_addresses()) Require(dests.required >= 1);
    const AddressPrefixes prefixes = PrefixesForChain("ocean_test");
    for (const Destination& d : dests.addresses) {
        const std::string addr = EncodeDestination(d, prefixes);
        auto back = DecodeDestination(addr, prefixes);
        Require(back.ok() && *back == d);
    }
    (void)ParseRequestScript(script);
    (void)ParseBidScript(script);

    const bool is_register = script.IsRegisterAddressScript();
    if (is_register) Require(script.IsUnspendable());

    // The same bytes as an address string.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const char* chain : {"ocean_test", "ocean_main", "gold_main"}) {
        auto decoded = DecodeAddress(text, PrefixesForChain(chain));
        if (decoded.ok()) {
            Require(IsValidDestination(decoded->destination));
            Require(!GetScriptForDestination(decoded->destination).empty());
        }
    }
    return 0;
}
