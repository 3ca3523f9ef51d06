// The script interpreter (consensus.md §7): EvalScript, VerifyScript with P2SH and BIP141 witness
// programs, witness sigop counting, and the signature checkers for transactions and block proofs.
//
// Error behaviour follows Ocean exactly, including its quirks: a script number that fails to decode
// (too long, or not minimal under MINIMALDATA) fails the script with kUnknown, which is what the
// reference's exception path reports; OP_LEFT/OP_RIGHT/OP_RSHIFT with a negative operand also give
// kUnknown, while the other splice/shift failures give kInvalidStackOperation.
#include "ocean/script/interpreter.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/crypto/sha256.h"
#include "ocean/script/sigcache.h"
#include "ocean/script/sigencoding.h"

namespace ocean {
namespace {

inline bool SetError(ScriptError* out, ScriptError e) {
    if (out) *out = e;
    return false;
}

inline bool SetSuccess(ScriptError* out) {
    if (out) *out = ScriptError::kOk;
    return true;
}

// Reads the instruction at pc without copying its payload: data views the pushed bytes inside the
// script. False (pc unchanged) when pc is at the end or a push runs past the end.
bool ReadOp(const uint8_t*& pc, const uint8_t* end, Opcode& op, ByteSpan& data) {
    if (pc >= end) return false;
    const uint8_t* p = pc;
    const uint8_t code = *p++;
    size_t len = 0;
    if (code <= OP_PUSHDATA4) {
        if (code < OP_PUSHDATA1) {
            len = code;
        } else {
            const size_t width = code == OP_PUSHDATA1 ? 1 : code == OP_PUSHDATA2 ? 2 : 4;
            if (static_cast<size_t>(end - p) < width) return false;
            for (size_t i = 0; i < width; ++i) len |= static_cast<size_t>(p[i]) << (8 * i);
            p += width;
        }
        if (static_cast<size_t>(end - p) < len) return false;
    }
    op = static_cast<Opcode>(code);
    data = ByteSpan(p, len);
    pc = p + len;
    return true;
}

// MINIMALDATA: the push used the shortest form for its data.
bool IsMinimalPush(ByteSpan data, Opcode op) {
    const size_t n = data.size();
    if (n == 0) return op == OP_0;
    if (n == 1 && data[0] >= 1 && data[0] <= 16) return op == OP_1 + (data[0] - 1);
    if (n == 1 && data[0] == 0x81) return op == OP_1NEGATE;
    if (n <= 75) return op == n;
    if (n <= 255) return op == OP_PUSHDATA1;
    if (n <= 65535) return op == OP_PUSHDATA2;
    return true;
}

ScriptError CheckPubKeyEncoding(ByteSpan pubkey, uint32_t flags, SigVersion version) {
    if ((flags & SCRIPT_VERIFY_STRICTENC) && !IsCompressedOrUncompressedPubKey(pubkey)) {
        return ScriptError::kPubkeyType;
    }
    if ((flags & SCRIPT_VERIFY_WITNESS_PUBKEYTYPE) && version == SigVersion::kWitnessV0 &&
        !IsCompressedPubKey(pubkey)) {
        return ScriptError::kWitnessPubkeyType;
    }
    return ScriptError::kOk;
}

// The push of `data` as Script::PushData writes it (the needle FindAndDelete removes for a signature).
Script PushOf(ByteSpan data) {
    Script s;
    s.PushData(data);
    return s;
}

// True when `needle` occurs anywhere in `hay` (a cheap pre-test before a FindAndDelete copy).
bool ContainsBytes(ByteSpan hay, ByteSpan needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// The executed-branch state of nested IF/NOTIF/ELSE/ENDIF: a stack of booleans and how many of them
// are false, so "is this instruction executed" is O(1).
class ConditionStack {
  public:
    bool empty() const { return values_.empty(); }
    bool AllTrue() const { return false_count_ == 0; }
    void Push(bool v) {
        values_.push_back(v);
        if (!v) ++false_count_;
    }
    void Pop() {
        if (!values_.back()) --false_count_;
        values_.pop_back();
    }
    void Toggle() {
        if (values_.back()) {
            ++false_count_;
        } else {
            --false_count_;
        }
        values_.back() = !values_.back();
    }

  private:
    std::vector<bool> values_;
    size_t false_count_ = 0;
};

// The scriptCode a signature check commits to: the script from the last executed OP_CODESEPARATOR,
// and for legacy scripts every push of one of the signatures removed. Only copies when it has to.
class ScriptCode {
  public:
    ScriptCode(const Script& script, const uint8_t* code_begin) : script_(&script) {
        if (code_begin != script.data()) {
            owned_.emplace(ByteSpan(code_begin, script.data() + script.size()));
            script_ = &*owned_;
        }
    }
    void RemoveSignature(ByteSpan sig) {
        const Script needle = PushOf(sig);
        if (!ContainsBytes(script_->span(), needle.span())) return;
        if (!owned_) {
            owned_.emplace(script_->span());
            script_ = &*owned_;
        }
        owned_->FindAndDelete(needle);
    }
    const Script& get() const { return *script_; }

  private:
    const Script* script_;
    std::optional<Script> owned_;
};

const Bytes kFalseBytes;
const Bytes kTrueBytes{1};

// Decodes a script-number operand; false on overflow or (with minimal) non-minimal encoding.
inline bool DecodeNum(ByteSpan v, bool minimal, ScriptNum& out,
                      size_t max_size = ScriptNum::kDefaultMaxSize) {
    auto r = ScriptNum::Decode(v, minimal, max_size);
    if (!r) return false;
    out = *r;
    return true;
}

// x << n bits for x a little-endian unsigned integer, trailing zero bytes stripped (OP_LSHIFT).
Bytes ShiftLeft(const Bytes& x, uint32_t n) {
    const size_t full = n / 8;
    const unsigned bits = n % 8;
    Bytes out(full + x.size() + 1, 0);
    for (size_t i = 0; i < x.size(); ++i) {
        const uint16_t v = static_cast<uint16_t>(x[i]) << bits;
        out[full + i] |= static_cast<uint8_t>(v & 0xff);
        out[full + i + 1] |= static_cast<uint8_t>(v >> 8);
    }
    while (!out.empty() && out.back() == 0) out.pop_back();
    return out;
}

// x >> n bits, trailing zero bytes stripped (OP_RSHIFT). Needs n / 8 < x.size().
Bytes ShiftRight(const Bytes& x, uint32_t n) {
    const size_t full = n / 8;
    const unsigned bits = n % 8;
    Bytes out(x.begin() + static_cast<ptrdiff_t>(full), x.end());
    if (bits != 0) {
        for (size_t i = 0; i < out.size(); ++i) {
            const uint8_t hi = i + 1 < out.size() ? out[i + 1] : 0;
            out[i] = static_cast<uint8_t>((out[i] >> bits) | ((hi << (8 - bits)) & 0xff));
        }
    }
    while (!out.empty() && out.back() == 0) out.pop_back();
    return out;
}

// OP_DETERMINISTICRANDOM's draw (consensus.md §7.3) for min < max.
int64_t DeterministicRandom(ByteSpan seed, const ScriptNum& min, const ScriptNum& max) {
    const auto range = static_cast<uint64_t>(ScriptNum(max.value() - min.value()).GetInt());
    const uint64_t limit = (std::numeric_limits<uint64_t>::max() / range) * range;
    Sha256 seeded;
    seeded.Write(seed);
    uint64_t counter = 0;
    uint256 block;
    int index = 3;
    uint64_t candidate;
    do {
        if (index >= 3) {
            uint8_t le[8];
            for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(counter >> (8 * i));
            Sha256 h = seeded;
            block = h.Write(le, 8).Finalize();
            index = 0;
            ++counter;
        }
        candidate = 0;
        for (int i = 0; i < 8; ++i) candidate |= static_cast<uint64_t>(block[index * 8 + i]) << (8 * i);
        ++index;
    } while (candidate > limit);
    return static_cast<int64_t>(candidate % range) + min.GetInt();
}

bool EvalScriptImpl(ScriptStack& stack, const Script& script, uint32_t flags, const SignatureChecker& checker,
                    SigVersion version, ScriptError* error) {
    const uint8_t* const begin = script.data();
    const uint8_t* const end = begin + script.size();
    const uint8_t* pc = begin;
    const uint8_t* code_begin = begin;
    const bool minimal = (flags & SCRIPT_VERIFY_MINIMALDATA) != 0;
    int op_count = 0;
    ConditionStack exec;
    ScriptStack altstack;
    Opcode op;
    ByteSpan push;

    // Element i from the top, 1-based (top(1) is the top item). Callers check the depth first.
    auto top = [&stack](size_t i) -> Bytes& { return stack[stack.size() - i]; };
    auto fail = [error](ScriptError e) { return SetError(error, e); };

    while (pc < end) {
        const bool executing = exec.AllTrue();
        if (!ReadOp(pc, end, op, push)) return fail(ScriptError::kBadOpcode);
        if (push.size() > kMaxScriptElementSize) return fail(ScriptError::kPushSize);
        // OP_RESERVED (0x50) does not count: only opcodes above OP_16 do.
        if (op > OP_16 && ++op_count > kMaxOpsPerScript) return fail(ScriptError::kOpCount);
        if (op == OP_2MUL || op == OP_2DIV || op == OP_MUL || op == OP_DIV || op == OP_MOD) {
            return fail(ScriptError::kDisabledOpcode);  // even in an unexecuted branch
        }

        if (executing && op <= OP_PUSHDATA4) {
            if (minimal && !IsMinimalPush(push, op)) return fail(ScriptError::kMinimalData);
            stack.emplace_back(push.begin(), push.end());
        } else if (executing || (op >= OP_IF && op <= OP_ENDIF)) {
            switch (op) {
                case OP_1NEGATE:
                case OP_1:
                case OP_2:
                case OP_3:
                case OP_4:
                case OP_5:
                case OP_6:
                case OP_7:
                case OP_8:
                case OP_9:
                case OP_10:
                case OP_11:
                case OP_12:
                case OP_13:
                case OP_14:
                case OP_15:
                case OP_16:
                    stack.push_back(ScriptNum::Serialize(static_cast<int>(op) - static_cast<int>(OP_1 - 1)));
                    break;

                // ---- Control ----
                case OP_NOP:
                    break;

                case OP_CHECKLOCKTIMEVERIFY: {
                    if (!(flags & SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY)) {
                        if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) {
                            return fail(ScriptError::kDiscourageUpgradableNops);
                        }
                        break;
                    }
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum lock_time;
                    if (!DecodeNum(top(1), minimal, lock_time, ScriptNum::kLockTimeMaxSize)) {
                        return fail(ScriptError::kUnknown);
                    }
                    if (lock_time < 0) return fail(ScriptError::kNegativeLocktime);
                    if (!checker.CheckLockTime(lock_time)) return fail(ScriptError::kUnsatisfiedLocktime);
                    break;
                }

                case OP_CHECKSEQUENCEVERIFY: {
                    if (!(flags & SCRIPT_VERIFY_CHECKSEQUENCEVERIFY)) {
                        if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) {
                            return fail(ScriptError::kDiscourageUpgradableNops);
                        }
                        break;
                    }
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum sequence;
                    if (!DecodeNum(top(1), minimal, sequence, ScriptNum::kLockTimeMaxSize)) {
                        return fail(ScriptError::kUnknown);
                    }
                    if (sequence < 0) return fail(ScriptError::kNegativeLocktime);
                    // The disable bit in the operand makes the opcode a NOP (room for future soft forks).
                    if ((sequence.value() & kSequenceLocktimeDisableFlag) != 0) break;
                    if (!checker.CheckSequence(sequence)) return fail(ScriptError::kUnsatisfiedLocktime);
                    break;
                }

                case OP_NOP1:
                case OP_NOP5:
                case OP_NOP6:
                case OP_NOP8:
                case OP_NOP10:
                    if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) {
                        return fail(ScriptError::kDiscourageUpgradableNops);
                    }
                    break;

                case OP_IF:
                case OP_NOTIF: {
                    bool value = false;
                    if (executing) {
                        if (stack.empty()) return fail(ScriptError::kUnbalancedConditional);
                        const Bytes& v = top(1);
                        if (version == SigVersion::kWitnessV0 && (flags & SCRIPT_VERIFY_MINIMALIF)) {
                            if (v.size() > 1 || (v.size() == 1 && v[0] != 1)) {
                                return fail(ScriptError::kMinimalIf);
                            }
                        }
                        value = CastToBool(v);
                        if (op == OP_NOTIF) value = !value;
                        stack.pop_back();
                    }
                    exec.Push(value);
                    break;
                }

                case OP_ELSE:
                    if (exec.empty()) return fail(ScriptError::kUnbalancedConditional);
                    exec.Toggle();
                    break;

                case OP_ENDIF:
                    if (exec.empty()) return fail(ScriptError::kUnbalancedConditional);
                    exec.Pop();
                    break;

                case OP_VERIFY:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    if (!CastToBool(top(1))) return fail(ScriptError::kVerify);
                    stack.pop_back();
                    break;

                case OP_RETURN:
                    return fail(ScriptError::kOpReturn);

                // ---- Stack ----
                case OP_TOALTSTACK:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    altstack.push_back(std::move(top(1)));
                    stack.pop_back();
                    break;

                case OP_FROMALTSTACK:
                    if (altstack.empty()) return fail(ScriptError::kInvalidAltstackOperation);
                    stack.push_back(std::move(altstack.back()));
                    altstack.pop_back();
                    break;

                case OP_2DROP:
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    stack.pop_back();
                    stack.pop_back();
                    break;

                case OP_2DUP: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    Bytes a = top(2), b = top(1);
                    stack.push_back(std::move(a));
                    stack.push_back(std::move(b));
                    break;
                }

                case OP_3DUP: {
                    if (stack.size() < 3) return fail(ScriptError::kInvalidStackOperation);
                    Bytes a = top(3), b = top(2), c = top(1);
                    stack.push_back(std::move(a));
                    stack.push_back(std::move(b));
                    stack.push_back(std::move(c));
                    break;
                }

                case OP_2OVER: {
                    if (stack.size() < 4) return fail(ScriptError::kInvalidStackOperation);
                    Bytes a = top(4), b = top(3);
                    stack.push_back(std::move(a));
                    stack.push_back(std::move(b));
                    break;
                }

                case OP_2ROT:
                    // (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
                    if (stack.size() < 6) return fail(ScriptError::kInvalidStackOperation);
                    std::rotate(stack.end() - 6, stack.end() - 4, stack.end());
                    break;

                case OP_2SWAP:
                    if (stack.size() < 4) return fail(ScriptError::kInvalidStackOperation);
                    std::swap(top(4), top(2));
                    std::swap(top(3), top(1));
                    break;

                case OP_IFDUP: {
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    if (CastToBool(top(1))) {
                        Bytes a = top(1);
                        stack.push_back(std::move(a));
                    }
                    break;
                }

                case OP_DEPTH:
                    stack.push_back(ScriptNum::Serialize(static_cast<int64_t>(stack.size())));
                    break;

                case OP_DROP:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    stack.pop_back();
                    break;

                case OP_DUP: {
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    Bytes a = top(1);
                    stack.push_back(std::move(a));
                    break;
                }

                case OP_NIP:
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    stack.erase(stack.end() - 2);
                    break;

                case OP_OVER: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    Bytes a = top(2);
                    stack.push_back(std::move(a));
                    break;
                }

                case OP_PICK:
                case OP_ROLL: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum num;
                    if (!DecodeNum(top(1), minimal, num)) return fail(ScriptError::kUnknown);
                    const int32_t n = num.GetInt();
                    stack.pop_back();
                    if (n < 0 || static_cast<size_t>(n) >= stack.size()) {
                        return fail(ScriptError::kInvalidStackOperation);
                    }
                    if (op == OP_ROLL) {
                        std::rotate(stack.end() - n - 1, stack.end() - n, stack.end());
                    } else {
                        Bytes a = top(static_cast<size_t>(n) + 1);
                        stack.push_back(std::move(a));
                    }
                    break;
                }

                case OP_ROT:
                    // (x1 x2 x3 -- x2 x3 x1)
                    if (stack.size() < 3) return fail(ScriptError::kInvalidStackOperation);
                    std::swap(top(3), top(2));
                    std::swap(top(2), top(1));
                    break;

                case OP_SWAP:
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    std::swap(top(2), top(1));
                    break;

                case OP_TUCK: {
                    // (x1 x2 -- x2 x1 x2)
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    Bytes a = top(1);
                    stack.insert(stack.end() - 2, std::move(a));
                    break;
                }

                // ---- Splice (enabled in Ocean) ----
                case OP_CAT: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    Bytes& a = top(2);
                    const Bytes& b = top(1);
                    if (a.size() + b.size() > kMaxScriptElementSize) {
                        return fail(ScriptError::kInvalidStackOperation);
                    }
                    a.insert(a.end(), b.begin(), b.end());
                    stack.pop_back();
                    break;
                }

                case OP_SIZE:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    stack.push_back(ScriptNum::Serialize(static_cast<int64_t>(top(1).size())));
                    break;

                case OP_LEFT:
                case OP_RIGHT: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum n;
                    if (!DecodeNum(top(1), minimal, n)) return fail(ScriptError::kUnknown);
                    if (n < 0) return fail(ScriptError::kUnknown);
                    Bytes& x = top(2);
                    const auto count = static_cast<size_t>(n.value());
                    if (op == OP_LEFT) {
                        if (count < x.size()) x.resize(count);
                    } else if (count >= x.size()) {
                        x.clear();
                    } else {
                        x.erase(x.begin(), x.begin() + static_cast<ptrdiff_t>(count));
                    }
                    stack.pop_back();
                    break;
                }

                case OP_SUBSTR:
                case OP_SUBSTR_LAZY: {
                    if (stack.size() < 3) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum start_num, length_num;
                    if (!DecodeNum(top(2), minimal, start_num) || !DecodeNum(top(1), minimal, length_num)) {
                        return fail(ScriptError::kUnknown);
                    }
                    int64_t start = start_num.value();
                    int64_t length = length_num.value();
                    Bytes& x = top(3);
                    const auto size = static_cast<int64_t>(x.size());
                    if (op == OP_SUBSTR_LAZY) {
                        if (start < 0) start = 0;
                        if (length < 0) length = 0;
                        if (start >= size) {
                            x.clear();
                            stack.pop_back();
                            stack.pop_back();
                            break;
                        }
                        if (length > static_cast<int64_t>(kMaxScriptElementSize)) {
                            length = static_cast<int64_t>(kMaxScriptElementSize);
                        }
                        if (start + length > size) length = size - start;
                    }
                    if (length < 0 || start < 0 || start >= size || length > size || start + length > size) {
                        return fail(ScriptError::kInvalidStackOperation);
                    }
                    x.erase(x.begin() + static_cast<ptrdiff_t>(start + length), x.end());
                    x.erase(x.begin(), x.begin() + static_cast<ptrdiff_t>(start));
                    stack.pop_back();
                    stack.pop_back();
                    break;
                }

                // ---- Bitwise logic ----
                case OP_LSHIFT:
                case OP_RSHIFT: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum n;
                    if (!DecodeNum(top(1), minimal, n)) return fail(ScriptError::kUnknown);
                    if (n < 0) {
                        return fail(op == OP_LSHIFT ? ScriptError::kInvalidStackOperation
                                                    : ScriptError::kUnknown);
                    }
                    const auto shift = static_cast<uint32_t>(n.GetInt());
                    Bytes& x = top(2);
                    if (op == OP_LSHIFT) {
                        if (x.size() + shift / 8 + (shift % 8 != 0 ? 1 : 0) > kMaxScriptElementSize) {
                            return fail(ScriptError::kInvalidStackOperation);
                        }
                        x = ShiftLeft(x, shift);
                    } else if (shift / 8 >= x.size()) {
                        x.clear();
                    } else {
                        x = ShiftRight(x, shift);
                    }
                    stack.pop_back();
                    break;
                }

                case OP_INVERT:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    for (uint8_t& b : top(1)) b = static_cast<uint8_t>(~b);
                    break;

                case OP_AND:
                case OP_OR:
                case OP_XOR: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    Bytes& a = top(2);
                    const Bytes& b = top(1);
                    if (a.size() != b.size()) return fail(ScriptError::kInvalidStackOperation);
                    for (size_t i = 0; i < a.size(); ++i) {
                        if (op == OP_AND) {
                            a[i] &= b[i];
                        } else if (op == OP_OR) {
                            a[i] |= b[i];
                        } else {
                            a[i] ^= b[i];
                        }
                    }
                    stack.pop_back();
                    break;
                }

                case OP_EQUAL:
                case OP_EQUALVERIFY: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    const bool equal = top(2) == top(1);
                    stack.pop_back();
                    stack.pop_back();
                    if (op == OP_EQUALVERIFY) {
                        if (!equal) {
                            stack.push_back(kFalseBytes);
                            return fail(ScriptError::kEqualVerify);
                        }
                    } else {
                        stack.push_back(equal ? kTrueBytes : kFalseBytes);
                    }
                    break;
                }

                // ---- Numeric ----
                case OP_1ADD:
                case OP_1SUB:
                case OP_NEGATE:
                case OP_ABS:
                case OP_NOT:
                case OP_0NOTEQUAL: {
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum a;
                    if (!DecodeNum(top(1), minimal, a)) return fail(ScriptError::kUnknown);
                    int64_t r = a.value();
                    switch (op) {
                        case OP_1ADD:
                            r += 1;
                            break;
                        case OP_1SUB:
                            r -= 1;
                            break;
                        case OP_NEGATE:
                            r = -r;
                            break;
                        case OP_ABS:
                            if (r < 0) r = -r;
                            break;
                        case OP_NOT:
                            r = r == 0;
                            break;
                        default:  // OP_0NOTEQUAL
                            r = r != 0;
                            break;
                    }
                    top(1) = ScriptNum::Serialize(r);
                    break;
                }

                case OP_ADD:
                case OP_SUB:
                case OP_BOOLAND:
                case OP_BOOLOR:
                case OP_NUMEQUAL:
                case OP_NUMEQUALVERIFY:
                case OP_NUMNOTEQUAL:
                case OP_LESSTHAN:
                case OP_GREATERTHAN:
                case OP_LESSTHANOREQUAL:
                case OP_GREATERTHANOREQUAL:
                case OP_MIN:
                case OP_MAX: {
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum an, bn;
                    if (!DecodeNum(top(2), minimal, an) || !DecodeNum(top(1), minimal, bn)) {
                        return fail(ScriptError::kUnknown);
                    }
                    const int64_t a = an.value(), b = bn.value();
                    int64_t r = 0;
                    switch (op) {
                        case OP_ADD:
                            r = a + b;
                            break;
                        case OP_SUB:
                            r = a - b;
                            break;
                        case OP_BOOLAND:
                            r = a != 0 && b != 0;
                            break;
                        case OP_BOOLOR:
                            r = a != 0 || b != 0;
                            break;
                        case OP_NUMEQUAL:
                        case OP_NUMEQUALVERIFY:
                            r = a == b;
                            break;
                        case OP_NUMNOTEQUAL:
                            r = a != b;
                            break;
                        case OP_LESSTHAN:
                            r = a < b;
                            break;
                        case OP_GREATERTHAN:
                            r = a > b;
                            break;
                        case OP_LESSTHANOREQUAL:
                            r = a <= b;
                            break;
                        case OP_GREATERTHANOREQUAL:
                            r = a >= b;
                            break;
                        case OP_MIN:
                            r = std::min(a, b);
                            break;
                        default:  // OP_MAX
                            r = std::max(a, b);
                            break;
                    }
                    stack.pop_back();
                    top(1) = ScriptNum::Serialize(r);
                    if (op == OP_NUMEQUALVERIFY) {
                        if (r == 0) return fail(ScriptError::kNumEqualVerify);
                        stack.pop_back();
                    }
                    break;
                }

                case OP_WITHIN: {
                    // (x min max -- min <= x < max)
                    if (stack.size() < 3) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum x, lo, hi;
                    if (!DecodeNum(top(3), minimal, x) || !DecodeNum(top(2), minimal, lo) ||
                        !DecodeNum(top(1), minimal, hi)) {
                        return fail(ScriptError::kUnknown);
                    }
                    const bool within = lo <= x && x < hi;
                    stack.pop_back();
                    stack.pop_back();
                    top(1) = within ? kTrueBytes : kFalseBytes;
                    break;
                }

                // ---- Crypto ----
                case OP_RIPEMD160:
                case OP_SHA1:
                case OP_SHA256:
                case OP_HASH160:
                case OP_HASH256: {
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    Bytes& v = top(1);
                    if (op == OP_RIPEMD160) {
                        const uint160 h = Ripemd160(v);
                        v.assign(h.begin(), h.end());
                    } else if (op == OP_SHA1) {
                        uint8_t h[SHA_DIGEST_LENGTH];
                        SHA1(v.data(), v.size(), h);
                        v.assign(h, h + SHA_DIGEST_LENGTH);
                    } else if (op == OP_SHA256) {
                        const uint256 h = Sha256Hash(v);
                        v.assign(h.begin(), h.end());
                    } else if (op == OP_HASH160) {
                        const uint160 h = Hash160(v);
                        v.assign(h.begin(), h.end());
                    } else {
                        const uint256 h = Sha256dHash(v);
                        v.assign(h.begin(), h.end());
                    }
                    break;
                }

                case OP_CODESEPARATOR:
                    code_begin = pc;
                    break;

                case OP_CHECKSIG:
                case OP_CHECKSIGVERIFY: {
                    // (sig pubkey -- bool)
                    if (stack.size() < 2) return fail(ScriptError::kInvalidStackOperation);
                    const Bytes& sig = top(2);
                    const Bytes& pubkey = top(1);
                    ScriptCode code(script, code_begin);
                    if (version == SigVersion::kBase) code.RemoveSignature(sig);
                    ScriptError enc = ScriptError::kOk;
                    if (!CheckSignatureEncoding(sig, flags, &enc)) return fail(enc);
                    enc = CheckPubKeyEncoding(pubkey, flags, version);
                    if (enc != ScriptError::kOk) return fail(enc);
                    const bool ok = checker.CheckSig(sig, pubkey, code.get(), version);
                    if (!ok && (flags & SCRIPT_VERIFY_NULLFAIL) && !sig.empty()) {
                        return fail(ScriptError::kSigNullFail);
                    }
                    stack.pop_back();
                    stack.pop_back();
                    if (op == OP_CHECKSIGVERIFY) {
                        if (!ok) {
                            stack.push_back(kFalseBytes);
                            return fail(ScriptError::kCheckSigVerify);
                        }
                    } else {
                        stack.push_back(ok ? kTrueBytes : kFalseBytes);
                    }
                    break;
                }

                case OP_CHECKMULTISIG:
                case OP_CHECKMULTISIGVERIFY: {
                    // ([dummy] [sig ...] n_sigs [pubkey ...] n_keys -- bool)
                    // Positions are counted from the top, 1-based, as in top().
                    size_t i = 1;
                    if (stack.size() < i) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum num;
                    if (!DecodeNum(top(i), minimal, num)) return fail(ScriptError::kUnknown);
                    int keys = num.GetInt();
                    if (keys < 0 || keys > kMaxPubkeysPerMultisig) return fail(ScriptError::kPubkeyCount);
                    op_count += keys;
                    if (op_count > kMaxOpsPerScript) return fail(ScriptError::kOpCount);
                    size_t ikey = ++i;
                    // How many items from the top are not signatures: they are exempt from NULLFAIL.
                    size_t non_sig_items = static_cast<size_t>(keys) + 2;
                    i += static_cast<size_t>(keys);
                    if (stack.size() < i) return fail(ScriptError::kInvalidStackOperation);
                    if (!DecodeNum(top(i), minimal, num)) return fail(ScriptError::kUnknown);
                    int sigs = num.GetInt();
                    if (sigs < 0 || sigs > keys) return fail(ScriptError::kSigCount);
                    size_t isig = ++i;
                    i += static_cast<size_t>(sigs);
                    if (stack.size() < i) return fail(ScriptError::kInvalidStackOperation);

                    ScriptCode code(script, code_begin);
                    if (version == SigVersion::kBase) {
                        for (int k = 0; k < sigs; ++k)
                            code.RemoveSignature(top(isig + static_cast<size_t>(k)));
                    }

                    bool success = true;
                    while (success && sigs > 0) {
                        const Bytes& sig = top(isig);
                        const Bytes& pubkey = top(ikey);
                        // The order of these checks makes which key/signature pair is looked at observable
                        // under STRICTENC; it is consensus for the flags that reach here.
                        ScriptError enc = ScriptError::kOk;
                        if (!CheckSignatureEncoding(sig, flags, &enc)) return fail(enc);
                        enc = CheckPubKeyEncoding(pubkey, flags, version);
                        if (enc != ScriptError::kOk) return fail(enc);
                        if (checker.CheckSig(sig, pubkey, code.get(), version)) {
                            ++isig;
                            --sigs;
                        }
                        ++ikey;
                        --keys;
                        // More signatures left than keys: it cannot succeed any more.
                        if (sigs > keys) success = false;
                    }

                    // Pop everything but the dummy; with NULLFAIL a failed check needs all-empty signatures.
                    while (i-- > 1) {
                        if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) && non_sig_items == 0 &&
                            !top(1).empty()) {
                            return fail(ScriptError::kSigNullFail);
                        }
                        if (non_sig_items > 0) --non_sig_items;
                        stack.pop_back();
                    }
                    // The extra element CHECKMULTISIG has always consumed; NULLDUMMY requires it empty.
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    if ((flags & SCRIPT_VERIFY_NULLDUMMY) && !top(1).empty()) {
                        return fail(ScriptError::kSigNullDummy);
                    }
                    stack.pop_back();
                    if (op == OP_CHECKMULTISIGVERIFY) {
                        if (!success) {
                            stack.push_back(kFalseBytes);
                            return fail(ScriptError::kCheckMultisigVerify);
                        }
                    } else {
                        stack.push_back(success ? kTrueBytes : kFalseBytes);
                    }
                    break;
                }

                // ---- Elements additions ----
                case OP_CHECKSIGFROMSTACK:
                case OP_CHECKSIGFROMSTACKVERIFY: {
                    // (sig data pubkey -- bool); a failed check fails the script in both forms.
                    if (stack.size() < 3) return fail(ScriptError::kInvalidStackOperation);
                    const Bytes& sig = top(3);
                    const Bytes& data = top(2);
                    const Bytes& pubkey = top(1);
                    // The signature has no hashtype byte, so STRICTENC's hashtype rule is left out. DERSIG
                    // still expects one trailing byte after the DER structure (the DER+1 quirk).
                    ScriptError enc = ScriptError::kOk;
                    if (!CheckSignatureEncoding(sig, flags & ~SCRIPT_VERIFY_STRICTENC, &enc))
                        return fail(enc);
                    enc = CheckPubKeyEncoding(pubkey, flags, version);
                    if (enc != ScriptError::kOk) return fail(enc);
                    const bool ok = checker.CheckSigFromStack(sig, data, pubkey);
                    if (!ok) return fail(ScriptError::kCheckSigVerify);
                    stack.pop_back();
                    stack.pop_back();
                    top(1) = kTrueBytes;
                    if (op == OP_CHECKSIGFROMSTACKVERIFY) stack.pop_back();
                    break;
                }

                case OP_DETERMINISTICRANDOM: {
                    // (seed min max -- r)
                    if (stack.size() < 3) return fail(ScriptError::kInvalidStackOperation);
                    ScriptNum min, max;
                    if (!DecodeNum(top(2), minimal, min) || !DecodeNum(top(1), minimal, max)) {
                        return fail(ScriptError::kUnknown);
                    }
                    if (min > max) return fail(ScriptError::kDeterministicRandomRange);
                    const int64_t r = min == max ? min.value() : DeterministicRandom(top(3), min, max);
                    stack.pop_back();
                    stack.pop_back();
                    top(1) = ScriptNum::Serialize(r);
                    break;
                }

                // Register-address opcodes (consensus.md §7.4): REGISTERADDRESS pops a true top item and
                // falls through to DEREGISTERADDRESS, which does the same and then falls into the
                // bad-opcode default. An empty stack at either step fails first.
                case OP_REGISTERADDRESS:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    if (CastToBool(top(1))) stack.pop_back();
                    [[fallthrough]];
                case OP_DEREGISTERADDRESS:
                    if (stack.empty()) return fail(ScriptError::kInvalidStackOperation);
                    if (CastToBool(top(1))) stack.pop_back();
                    [[fallthrough]];
                default:
                    // OP_RESERVED, OP_VER, OP_VERIF/VERNOTIF (even unexecuted), OP_RESERVED1/2, 0xb3,
                    // and every byte without a meaning.
                    return fail(ScriptError::kBadOpcode);
            }
        }

        if (stack.size() + altstack.size() > kMaxStackSize) return fail(ScriptError::kStackSize);
    }

    if (!exec.empty()) return fail(ScriptError::kUnbalancedConditional);
    return SetSuccess(error);
}

bool VerifyWitnessProgram(const ScriptStack& witness, int witness_version, const Bytes& program,
                          uint32_t flags, const SignatureChecker& checker, ScriptError* error) {
    ScriptStack stack;
    Script script;
    if (witness_version == 0) {
        if (program.size() == 32) {
            // P2WSH: the last witness item is the script, whose SHA256 is the program.
            if (witness.empty()) return SetError(error, ScriptError::kWitnessProgramWitnessEmpty);
            script = Script(ByteSpan(witness.back()));
            const uint256 h = Sha256Hash(script.span());
            if (std::memcmp(h.data(), program.data(), 32) != 0) {
                return SetError(error, ScriptError::kWitnessProgramMismatch);
            }
            stack.assign(witness.begin(), witness.end() - 1);
        } else if (program.size() == 20) {
            // P2WPKH: exactly signature and public key, run against the P2PKH template.
            if (witness.size() != 2) return SetError(error, ScriptError::kWitnessProgramMismatch);
            script << OP_DUP << OP_HASH160 << ByteSpan(program) << OP_EQUALVERIFY << OP_CHECKSIG;
            stack = witness;
        } else {
            return SetError(error, ScriptError::kWitnessProgramWrongLength);
        }
    } else if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) {
        return SetError(error, ScriptError::kDiscourageUpgradableWitnessProgram);
    } else {
        return SetSuccess(error);  // versions 1..16 are left to future soft forks
    }

    for (const Bytes& item : stack) {
        if (item.size() > kMaxScriptElementSize) return SetError(error, ScriptError::kPushSize);
    }
    if (!EvalScript(stack, script, flags, checker, SigVersion::kWitnessV0, error)) return false;
    // Witness scripts have an implicit CLEANSTACK.
    if (stack.size() != 1 || !CastToBool(stack.back())) return SetError(error, ScriptError::kEvalFalse);
    return SetSuccess(error);
}

size_t WitnessSigOps(int version, const Bytes& program, const ScriptStack* witness) {
    if (version == 0) {
        if (program.size() == 20) return 1;
        if (program.size() == 32 && witness && !witness->empty()) {
            return Script(ByteSpan(witness->back())).GetSigOpCount(true);
        }
    }
    return 0;
}

}  // namespace

bool CastToBool(ByteSpan v) {
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] != 0) {
            // Negative zero (0x80 as the last byte, zeros before it) is false.
            return !(i == v.size() - 1 && v[i] == 0x80);
        }
    }
    return false;
}

bool CheckSignatureEncoding(ByteSpan sig, uint32_t flags, ScriptError* error) {
    // The empty signature is the compact way to fail a CHECK(MULTI)SIG and always passes here.
    if (sig.empty()) return true;
    if ((flags & (SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_STRICTENC)) &&
        !IsValidSignatureEncoding(sig)) {
        return SetError(error, ScriptError::kSigDer);
    }
    if ((flags & SCRIPT_VERIFY_LOW_S) && !IsLowDERSignature(sig))
        return SetError(error, ScriptError::kSigHighS);
    if ((flags & SCRIPT_VERIFY_STRICTENC) && !IsDefinedHashtypeSignature(sig)) {
        return SetError(error, ScriptError::kSigHashtype);
    }
    return true;
}

// ---- Signature checkers ----

bool SignatureChecker::CheckSig(ByteSpan, ByteSpan, const Script&, SigVersion) const {
    return false;
}

bool SignatureChecker::CheckSigFromStack(ByteSpan sig, ByteSpan data, ByteSpan pubkey) const {
    const PubKey key(pubkey);
    if (!key.IsValid() || sig.empty()) return false;
    return key.Verify(Sha256Hash(data), sig);
}

bool SignatureChecker::CheckLockTime(const ScriptNum&) const {
    return false;
}

bool SignatureChecker::CheckSequence(const ScriptNum&) const {
    return false;
}

template <typename Tx>
bool TransactionSignatureChecker<Tx>::CheckSig(ByteSpan sig, ByteSpan pubkey, const Script& script_code,
                                               SigVersion version) const {
    const PubKey key(pubkey);
    if (!key.IsValid() || sig.empty()) return false;
    // The last byte is the hashtype; the rest is the (lax) DER signature.
    const int32_t hash_type = sig.back();
    const ByteSpan der = sig.first(sig.size() - 1);
    const uint256 sighash = SignatureHash(script_code, *tx_, n_in_, hash_type, amount_, version, txdata_);
    if (cache_) {
        const uint256 entry = SignatureCache::ComputeEntry(sighash, pubkey, der);
        if (cache_->Contains(entry, !cache_store_)) return true;
        if (!key.Verify(sighash, der)) return false;
        if (cache_store_) cache_->Insert(entry);
        return true;
    }
    return key.Verify(sighash, der);
}

template <typename Tx>
bool TransactionSignatureChecker<Tx>::CheckLockTime(const ScriptNum& lock_time) const {
    if (n_in_ >= tx_->vin.size()) return false;
    const int64_t tx_lock = tx_->lock_time;
    // Height against height or time against time only.
    const bool tx_is_height = tx_lock < kLocktimeThreshold;
    const bool op_is_height = lock_time.value() < kLocktimeThreshold;
    if (tx_is_height != op_is_height) return false;
    if (lock_time.value() > tx_lock) return false;
    // A final input would let the transaction ignore nLockTime altogether.
    return tx_->vin[n_in_].sequence != kSequenceFinal;
}

template <typename Tx>
bool TransactionSignatureChecker<Tx>::CheckSequence(const ScriptNum& sequence) const {
    if (n_in_ >= tx_->vin.size()) return false;
    const int64_t tx_sequence = tx_->vin[n_in_].sequence;
    // BIP68 semantics need version >= 2 (compared as unsigned).
    if (static_cast<uint32_t>(tx_->version) < 2) return false;
    if (tx_sequence & kSequenceLocktimeDisableFlag) return false;
    const int64_t mask = kSequenceLocktimeTypeFlag | kSequenceLocktimeMask;
    const int64_t tx_masked = tx_sequence & mask;
    const int64_t op_masked = sequence.value() & mask;
    const bool tx_is_height = tx_masked < kSequenceLocktimeTypeFlag;
    const bool op_is_height = op_masked < kSequenceLocktimeTypeFlag;
    if (tx_is_height != op_is_height) return false;
    return op_masked <= tx_masked;
}

template class TransactionSignatureChecker<Transaction>;
template class TransactionSignatureChecker<MutableTransaction>;

bool BlockSignatureChecker::CheckSig(ByteSpan sig, ByteSpan pubkey, const Script&, SigVersion) const {
    const PubKey key(pubkey);  // invalid unless the size matches the first byte
    if (!key.IsValid() || sig.empty()) return false;
    return key.Verify(hash_, sig);
}

// ---- Evaluation and verification ----

bool EvalScript(ScriptStack& stack, const Script& script, uint32_t flags, const SignatureChecker& checker,
                SigVersion version, ScriptError* error) {
    if (script.size() > kMaxScriptSize) return SetError(error, ScriptError::kScriptSize);
    try {
        return EvalScriptImpl(stack, script, flags, checker, version, error);
    } catch (...) {
        // Nothing in the interpreter throws by design; an allocation failure must still not escape.
        return SetError(error, ScriptError::kUnknown);
    }
}

bool VerifyScript(const Script& script_sig, const Script& script_pubkey, const ScriptStack* witness,
                  uint32_t flags, const SignatureChecker& checker, ScriptError* error) {
    try {
        static const ScriptStack kEmptyWitness;
        if (!witness) witness = &kEmptyWitness;
        bool had_witness = false;

        if ((flags & SCRIPT_VERIFY_SIGPUSHONLY) && !script_sig.IsPushOnly()) {
            return SetError(error, ScriptError::kSigPushOnly);
        }

        ScriptStack stack;
        stack.reserve(8);
        if (!EvalScript(stack, script_sig, flags, checker, SigVersion::kBase, error)) return false;
        // Only a P2SH spend needs the scriptSig's stack again.
        const bool p2sh = (flags & SCRIPT_VERIFY_P2SH) && script_pubkey.IsPayToScriptHash();
        ScriptStack stack_copy;
        if (p2sh) stack_copy = stack;
        if (!EvalScript(stack, script_pubkey, flags, checker, SigVersion::kBase, error)) return false;
        if (stack.empty() || !CastToBool(stack.back())) return SetError(error, ScriptError::kEvalFalse);

        int witness_version = 0;
        Bytes program;
        if ((flags & SCRIPT_VERIFY_WITNESS) && script_pubkey.IsWitnessProgram(witness_version, program)) {
            had_witness = true;
            // Any scriptSig would make the spend malleable.
            if (!script_sig.empty()) return SetError(error, ScriptError::kWitnessMalleated);
            if (!VerifyWitnessProgram(*witness, witness_version, program, flags, checker, error))
                return false;
            stack.resize(1);  // the witness had its own clean stack; skip CLEANSTACK below
        }

        if (p2sh) {
            if (!script_sig.IsPushOnly()) return SetError(error, ScriptError::kSigPushOnly);
            stack.swap(stack_copy);
            // Never empty: the P2SH template fails on an empty stack before getting here.
            if (stack.empty()) return SetError(error, ScriptError::kUnknown);
            const Script redeem(ByteSpan(stack.back()));
            stack.pop_back();
            if (!EvalScript(stack, redeem, flags, checker, SigVersion::kBase, error)) return false;
            if (stack.empty() || !CastToBool(stack.back())) return SetError(error, ScriptError::kEvalFalse);

            if ((flags & SCRIPT_VERIFY_WITNESS) && redeem.IsWitnessProgram(witness_version, program)) {
                had_witness = true;
                // The scriptSig must be exactly one push of the redeem script.
                if (script_sig != PushOf(redeem.span()))
                    return SetError(error, ScriptError::kWitnessMalleatedP2SH);
                if (!VerifyWitnessProgram(*witness, witness_version, program, flags, checker, error)) {
                    return false;
                }
                stack.resize(1);
            }
        }

        // After P2SH and witness evaluation: exactly one item must remain. (Ocean asserts that P2SH and
        // WITNESS accompany CLEANSTACK; here the rule simply applies to whatever flags are given.)
        if ((flags & SCRIPT_VERIFY_CLEANSTACK) && stack.size() != 1) {
            return SetError(error, ScriptError::kCleanStack);
        }
        if ((flags & SCRIPT_VERIFY_WITNESS) && !had_witness && !witness->empty()) {
            return SetError(error, ScriptError::kWitnessUnexpected);
        }
        return SetSuccess(error);
    } catch (...) {
        return SetError(error, ScriptError::kUnknown);
    }
}

size_t CountWitnessSigOps(const Script& script_sig, const Script& script_pubkey, const ScriptStack* witness,
                          uint32_t flags) {
    if (!(flags & SCRIPT_VERIFY_WITNESS)) return 0;
    try {
        int version = 0;
        Bytes program;
        if (script_pubkey.IsWitnessProgram(version, program)) return WitnessSigOps(version, program, witness);
        if (script_pubkey.IsPayToScriptHash() && script_sig.IsPushOnly()) {
            // The redeem script is the last push of the scriptSig.
            auto pc = script_sig.begin();
            Opcode op;
            Bytes data;
            while (pc < script_sig.end()) script_sig.GetOp(pc, op, data);
            const Script redeem(std::move(data));
            if (redeem.IsWitnessProgram(version, program)) return WitnessSigOps(version, program, witness);
        }
    } catch (...) {
    }
    return 0;
}

}  // namespace ocean
