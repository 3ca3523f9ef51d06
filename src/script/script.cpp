#include "ocean/script/script.h"

#include <algorithm>

#include "ocean/util/hex.h"

namespace ocean {

std::optional<Script> Script::FromHex(std::string_view hex) {
    auto bytes = ParseHex(hex);
    if (!bytes) return std::nullopt;
    return Script(std::move(*bytes));
}

std::string Script::ToHex() const {
    return HexStr(bytes_);
}

Script& Script::operator<<(Opcode op) {
    bytes_.push_back(static_cast<uint8_t>(op));
    return *this;
}

Script& Script::PushData(ByteSpan data) {
    const size_t n = data.size();
    if (n < OP_PUSHDATA1) {
        bytes_.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xff) {
        bytes_.push_back(OP_PUSHDATA1);
        bytes_.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xffff) {
        bytes_.push_back(OP_PUSHDATA2);
        bytes_.push_back(static_cast<uint8_t>(n & 0xff));
        bytes_.push_back(static_cast<uint8_t>(n >> 8));
    } else {
        // Scripts never approach 4 GiB; larger inputs are a caller bug and are truncated in the length.
        const auto n32 = static_cast<uint32_t>(n);
        bytes_.push_back(OP_PUSHDATA4);
        for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(n32 >> (8 * i)));
    }
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    return *this;
}

Script& Script::PushInt(int64_t n) {
    if (n == 0) return *this << OP_0;
    if (n == -1) return *this << OP_1NEGATE;
    if (n >= 1 && n <= 16) return *this << EncodeOpN(static_cast<int>(n));
    return PushData(ScriptNum::Serialize(n));
}

Script& Script::operator+=(const Script& other) {
    bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
    return *this;
}

namespace {

// Decodes the operation starting at offset pos of `bytes`: its opcode and, for a push, the offset
// and length of the payload. Advances pos past the operation. Never reads beyond the end; false for
// a truncated push.
bool DecodeOpAt(ByteSpan bytes, size_t& pos, uint8_t& code, size_t& data_pos, size_t& data_len) {
    const size_t total = bytes.size();
    if (pos >= total) return false;
    size_t p = pos;
    code = bytes[p++];
    data_len = 0;
    if (code <= OP_PUSHDATA4) {
        if (code < OP_PUSHDATA1) {
            data_len = code;
        } else {
            const size_t width = code == OP_PUSHDATA1 ? 1 : code == OP_PUSHDATA2 ? 2 : 4;
            if (total - p < width) return false;
            for (size_t i = 0; i < width; ++i) data_len |= static_cast<size_t>(bytes[p + i]) << (8 * i);
            p += width;
        }
        if (total - p < data_len) return false;
    }
    data_pos = p;
    pos = p + data_len;
    return true;
}

}  // namespace

bool Script::GetOp(const_iterator& pc, Opcode& op, Bytes& data) const {
    op = OP_INVALIDOPCODE;
    data.clear();
    if (pc >= end()) return false;
    // Work on offsets so that no iterator is ever formed beyond the end.
    size_t pos = static_cast<size_t>(pc - begin());
    uint8_t code;
    size_t data_pos, data_len;
    if (!DecodeOpAt(bytes_, pos, code, data_pos, data_len)) return false;
    data.assign(bytes_.begin() + static_cast<ptrdiff_t>(data_pos),
                bytes_.begin() + static_cast<ptrdiff_t>(data_pos + data_len));
    op = static_cast<Opcode>(code);
    pc = begin() + static_cast<ptrdiff_t>(pos);
    return true;
}

bool Script::GetOp(const_iterator& pc, Opcode& op) const {
    // Same walk without copying the payload.
    op = OP_INVALIDOPCODE;
    if (pc >= end()) return false;
    size_t pos = static_cast<size_t>(pc - begin());
    uint8_t code;
    size_t data_pos, data_len;
    if (!DecodeOpAt(bytes_, pos, code, data_pos, data_len)) return false;
    op = static_cast<Opcode>(code);
    pc = begin() + static_cast<ptrdiff_t>(pos);
    return true;
}

bool Script::IsPushOnly(const_iterator pc) const {
    Opcode op;
    while (pc < end()) {
        if (!GetOp(pc, op)) return false;
        if (op > OP_16) return false;
    }
    return true;
}

bool Script::IsUnspendable() const {
    if (bytes_.empty() || bytes_.size() > kMaxScriptSize) return true;
    const uint8_t first = bytes_[0];
    return first == OP_RETURN || first == OP_REGISTERADDRESS || first == OP_DEREGISTERADDRESS;
}

bool Script::IsPayToScriptHash() const {
    return bytes_.size() == 23 && bytes_[0] == OP_HASH160 && bytes_[1] == 20 && bytes_[22] == OP_EQUAL;
}

bool Script::IsPayToWitnessScriptHash() const {
    return bytes_.size() == 34 && bytes_[0] == OP_0 && bytes_[1] == 32;
}

bool Script::IsWitnessProgram(int& version, Bytes& program) const {
    if (bytes_.size() < 4 || bytes_.size() > 42) return false;
    const auto first = static_cast<Opcode>(bytes_[0]);
    if (first != OP_0 && !IsSmallIntegerOp(first)) return false;
    if (static_cast<size_t>(bytes_[1]) + 2 != bytes_.size()) return false;
    version = DecodeOpN(first);
    program.assign(bytes_.begin() + 2, bytes_.end());
    return true;
}

bool Script::IsWitnessProgram() const {
    int version;
    Bytes program;
    return IsWitnessProgram(version, program);
}

std::optional<RegisterAddressInfo> Script::ParseRegisterAddress() const {
    if (bytes_.empty()) return std::nullopt;
    RegisterAddressInfo info;
    if (bytes_[0] == OP_REGISTERADDRESS) {
        info.is_register = true;
    } else if (bytes_[0] == OP_DEREGISTERADDRESS) {
        info.is_register = false;
    } else {
        return std::nullopt;
    }
    const_iterator pc = begin() + 1;
    if (!IsPushOnly(pc)) return std::nullopt;
    Opcode op;
    if (!GetOp(pc, op, info.payload)) return std::nullopt;
    if (op <= OP_PUSHDATA4) {
        info.version = 0;
        return info;
    }
    if (op != OP_1) return std::nullopt;
    info.version = 1;
    if (!GetOp(pc, op, info.payload) || op > OP_PUSHDATA4) return std::nullopt;
    return info;
}

bool Script::IsRegisterAddressScript() const {
    return ParseRegisterAddress().has_value();
}

std::optional<PegoutInfo> Script::ParsePegout() const {
    const_iterator pc = begin();
    Opcode op;
    Bytes data;
    if (!GetOp(pc, op, data) || op != OP_RETURN) return std::nullopt;
    if (!GetOp(pc, op, data) || data.size() != 32) return std::nullopt;
    PegoutInfo info;
    info.parent_genesis = uint256(ByteSpan(data));
    if (!GetOp(pc, op, info.destination) || info.destination.empty()) return std::nullopt;
    return info;
}

unsigned Script::GetSigOpCount(bool accurate) const {
    unsigned count = 0;
    Opcode last = OP_INVALIDOPCODE;
    const_iterator pc = begin();
    Opcode op;
    while (pc < end()) {
        if (!GetOp(pc, op)) break;
        switch (op) {
            case OP_CHECKSIG:
            case OP_CHECKSIGVERIFY:
            case OP_CHECKSIGFROMSTACK:
            case OP_CHECKSIGFROMSTACKVERIFY:
                ++count;
                break;
            case OP_CHECKMULTISIG:
            case OP_CHECKMULTISIGVERIFY:
                if (accurate && IsSmallIntegerOp(last)) {
                    count += static_cast<unsigned>(DecodeOpN(last));
                } else {
                    count += kMaxPubkeysPerMultisig;
                }
                break;
            default:
                break;
        }
        last = op;
    }
    return count;
}

unsigned Script::GetSigOpCount(const Script& script_sig) const {
    if (!IsPayToScriptHash()) return GetSigOpCount(true);
    // The redeem script is the last item the (push-only) scriptSig leaves on the stack.
    const_iterator pc = script_sig.begin();
    Opcode op;
    Bytes last_push;
    while (pc < script_sig.end()) {
        if (!script_sig.GetOp(pc, op, last_push)) return 0;
        if (op > OP_16) return 0;
    }
    return Script(std::move(last_push)).GetSigOpCount(true);
}

int Script::CountOp(Opcode target) const {
    int found = 0;
    const_iterator pc = begin();
    Opcode op;
    while (pc != end() && GetOp(pc, op)) {
        if (op == target) ++found;
    }
    return found;
}

int Script::FindAndDelete(const Script& needle) {
    if (needle.empty()) return 0;
    const size_t n = needle.size();
    Bytes kept;
    kept.reserve(bytes_.size());
    int removed = 0;
    const_iterator pc = begin();
    const_iterator copied_to = begin();  // bytes before this are already in `kept` or deleted
    Opcode op;
    // At each instruction boundary, drop any run of needle copies, then step over one instruction.
    while (true) {
        kept.insert(kept.end(), copied_to, pc);
        while (static_cast<size_t>(end() - pc) >= n && std::equal(needle.begin(), needle.end(), pc)) {
            pc += static_cast<ptrdiff_t>(n);
            ++removed;
        }
        copied_to = pc;
        if (!GetOp(pc, op)) break;
    }
    if (removed > 0) {
        kept.insert(kept.end(), copied_to, end());
        bytes_ = std::move(kept);
    }
    return removed;
}

}  // namespace ocean
