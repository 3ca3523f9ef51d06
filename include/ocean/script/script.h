// Script: a serialized script (scriptPubKey, scriptSig, redeem or witness script) with its builder,
// its bounds-checked instruction parser and the structural predicates consensus and policy use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ocean/script/opcodes.h"
#include "ocean/script/script_num.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Script limits of Ocean (consensus.md §7.1).
inline constexpr size_t kMaxScriptSize = 50000;
inline constexpr size_t kMaxScriptElementSize = 520;
inline constexpr int kMaxOpsPerScript = 201;
inline constexpr int kMaxPubkeysPerMultisig = 20;
inline constexpr size_t kMaxStackSize = 1000;

// What IsRegisterAddressScript found in a register/deregister-address script (formats.md §11.1).
struct RegisterAddressInfo {
    bool is_register = false;  // true for OP_REGISTERADDRESS (0xb8), false for OP_DEREGISTERADDRESS (0xb6)
    int version = 0;           // 0: `op <push>`, 1: `op OP_1 <push>`
    Bytes payload;             // the data of that push
};

// The parts of an Elements peg-out script `OP_RETURN <32-byte parent genesis> <destination> ...`.
struct PegoutInfo {
    uint256 parent_genesis;  // the 32 pushed bytes, taken as internal-order bytes
    Bytes destination;       // the second push (non-empty); for Ocean's Ethereum peg a 20-byte address
};

// A script is an owned byte string. The builder appends opcodes and pushes; the parser walks it one
// instruction at a time and never reads beyond the end.
class Script {
  public:
    using const_iterator = Bytes::const_iterator;

    Script() = default;
    explicit Script(Bytes bytes) : bytes_(std::move(bytes)) {}
    explicit Script(ByteSpan bytes) : bytes_(bytes.begin(), bytes.end()) {}
    Script(const_iterator first, const_iterator last) : bytes_(first, last) {}
    // The script whose bytes are the given hex; nullopt when hex is not strictly valid.
    static std::optional<Script> FromHex(std::string_view hex);

    // --- Builder -------------------------------------------------------------------------------------
    // Appends one opcode byte.
    Script& operator<<(Opcode op);
    // Pushes data with the smallest push opcode: direct for < 76 bytes, then PUSHDATA1/2/4.
    Script& operator<<(ByteSpan data) { return PushData(data); }
    Script& operator<<(const Bytes& data) { return PushData(data); }
    template <size_t N>
    Script& operator<<(const BaseBlob<N>& blob) {
        return PushData(blob.span());
    }
    // Pushes the number's encoding as data (so 16 becomes `01 10` and 0 becomes OP_0): the form the
    // locked-multisig builder uses for lock heights.
    Script& operator<<(const ScriptNum& n) { return PushData(n.Serialize()); }
    Script& PushData(ByteSpan data);
    // Pushes an integer the way script numbers are normally written: OP_0, OP_1NEGATE and OP_1..OP_16
    // for 0, -1 and 1..16, the minimal script-number encoding as data otherwise.
    Script& PushInt(int64_t n);
    // Appends the raw bytes of another script.
    Script& operator+=(const Script& other);
    friend Script operator+(Script a, const Script& b) { return a += b; }

    // --- Parsing -------------------------------------------------------------------------------------
    // Reads the instruction at pc and advances pc past it. For a push, data receives the pushed bytes
    // (cleared otherwise). Returns false, with op = OP_INVALIDOPCODE and data cleared, when pc is at or
    // past the end or the push length runs beyond the end (a truncated PUSHDATA length field included).
    bool GetOp(const_iterator& pc, Opcode& op, Bytes& data) const;
    bool GetOp(const_iterator& pc, Opcode& op) const;

    // --- Predicates ----------------------------------------------------------------------------------
    // Every instruction from pc on parses and is <= OP_16 (OP_RESERVED counts as a push, as in Bitcoin).
    bool IsPushOnly(const_iterator pc) const;
    bool IsPushOnly() const { return IsPushOnly(begin()); }
    // Empty, starts with OP_RETURN / OP_REGISTERADDRESS / OP_DEREGISTERADDRESS, or > 50,000 bytes.
    bool IsUnspendable() const;
    // Exactly `OP_HASH160 <20 bytes> OP_EQUAL`.
    bool IsPayToScriptHash() const;
    // Exactly `OP_0 <32 bytes>`.
    bool IsPayToWitnessScriptHash() const;
    // 4..42 bytes: OP_0 or OP_1..OP_16, then one direct push covering the rest (2..40 bytes).
    bool IsWitnessProgram(int& version, Bytes& program) const;
    bool IsWitnessProgram() const;
    // Register/deregister-address template (formats.md §11.1, consensus.md §7.4): first byte 0xb8 or
    // 0xb6, the rest push-only, then either a push (v0, OP_0 included) or OP_1 followed by a push (v1).
    bool IsRegisterAddressScript() const;
    std::optional<RegisterAddressInfo> ParseRegisterAddress() const;
    // `OP_RETURN <32 bytes> <non-empty push> ...` (further instructions are not examined).
    std::optional<PegoutInfo> ParsePegout() const;

    // Legacy sigop count. CHECKSIG, CHECKSIGVERIFY, CHECKSIGFROMSTACK and CHECKSIGFROMSTACKVERIFY count
    // 1; CHECKMULTISIG(VERIFY) counts the preceding OP_n when accurate (and it is OP_1..OP_16), else 20.
    // Counting stops silently at the first unparsable instruction.
    unsigned GetSigOpCount(bool accurate) const;
    // P2SH-aware count: for a P2SH script, the accurate count of the redeem script that script_sig pushes
    // last (0 if script_sig is not push-only); otherwise GetSigOpCount(true).
    unsigned GetSigOpCount(const Script& script_sig) const;

    // Number of instructions equal to op (parsing stops at the first error).
    int CountOp(Opcode op) const;
    // Removes every occurrence of `needle` that starts on an instruction boundary (consecutive copies
    // included), the legacy-sighash scriptCode rule. Returns how many were removed.
    int FindAndDelete(const Script& needle);

    // --- Container access ----------------------------------------------------------------------------
    const Bytes& bytes() const { return bytes_; }
    ByteSpan span() const { return bytes_; }
    size_t size() const { return bytes_.size(); }
    bool empty() const { return bytes_.empty(); }
    const uint8_t* data() const { return bytes_.data(); }
    uint8_t operator[](size_t i) const { return bytes_[i]; }
    const_iterator begin() const { return bytes_.begin(); }
    const_iterator end() const { return bytes_.end(); }
    void clear() { bytes_.clear(); }
    std::string ToHex() const;

    friend bool operator==(const Script&, const Script&) = default;
    friend auto operator<=>(const Script&, const Script&) = default;

  private:
    Bytes bytes_;
};

}  // namespace ocean
