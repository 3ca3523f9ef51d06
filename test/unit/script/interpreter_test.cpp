// The interpreter opcode by opcode and flag by flag (consensus.md §7): Bitcoin 0.14 behaviour, the
// re-enabled splice/bitwise opcodes with their edge rules, the Elements opcodes, the register-address
// opcodes, lock-time opcodes, signature opcodes with real keys, P2SH and BIP141 witness programs.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "ocean/crypto/der.h"
#include "ocean/crypto/hash.h"
#include "ocean/crypto/key.h"
#include "ocean/crypto/sha256.h"
#include "ocean/script/interpreter.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

using E = ScriptError;

// ---- A small assembler for test scripts ----
// Tokens: decimal numbers (PushInt), 'text' (push of the characters), 0x<hex> (raw bytes appended
// as is), opcode names with or without "OP_" (OP_NOP2/OP_NOP3 and friends included).
const std::map<std::string, Opcode>& OpNames() {
    static const std::map<std::string, Opcode> names = [] {
        std::map<std::string, Opcode> m;
        for (int i = 0x4f; i <= 0xff; ++i) {
            const auto op = static_cast<Opcode>(i);
            const std::string name(GetOpName(op));
            if (name.rfind("OP_", 0) != 0 || name == "OP_UNKNOWN") continue;
            m[name] = op;
            m[name.substr(3)] = op;
        }
        for (auto [n, op] :
             std::initializer_list<std::pair<const char*, Opcode>>{{"NOP2", OP_NOP2},
                                                                   {"NOP3", OP_NOP3},
                                                                   {"NOP4", OP_NOP4},
                                                                   {"NOP7", OP_NOP7},
                                                                   {"NOP9", OP_NOP9},
                                                                   {"CLTV", OP_CHECKLOCKTIMEVERIFY},
                                                                   {"CSV", OP_CHECKSEQUENCEVERIFY},
                                                                   {"CSFS", OP_CHECKSIGFROMSTACK},
                                                                   {"CSFSV", OP_CHECKSIGFROMSTACKVERIFY},
                                                                   {"TRUE", OP_TRUE},
                                                                   {"FALSE", OP_FALSE}}) {
            m[n] = op;
        }
        return m;
    }();
    return names;
}

Script Asm(const std::string& text) {
    Script s;
    std::istringstream in(text);
    std::string tok;
    while (in >> tok) {
        if (tok.size() >= 2 && tok.front() == '\'' && tok.back() == '\'') {
            const std::string body = tok.substr(1, tok.size() - 2);
            s.PushData(Bytes(body.begin(), body.end()));
        } else if (tok.rfind("0x", 0) == 0) {
            auto raw = ParseHex(tok.substr(2));
            if (!raw) throw std::runtime_error("bad hex token " + tok);
            s += Script(std::move(*raw));
        } else if (auto it = OpNames().find(tok); it != OpNames().end()) {
            s << it->second;
        } else {
            size_t used = 0;
            const long long n = std::stoll(tok, &used);
            if (used != tok.size()) throw std::runtime_error("unknown token " + tok);
            s.PushInt(n);
        }
    }
    return s;
}

Script Push(ByteSpan data) {
    Script s;
    s.PushData(data);
    return s;
}

Bytes Str(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

const SignatureChecker kNoTxChecker;

struct EvalResult {
    bool ok;
    E error;
    ScriptStack stack;
};

EvalResult Eval(const Script& script, uint32_t flags = 0, SigVersion v = SigVersion::kBase,
                const SignatureChecker& checker = kNoTxChecker, ScriptStack stack = {}) {
    EvalResult r{false, E::kUnknown, std::move(stack)};
    r.ok = EvalScript(r.stack, script, flags, checker, v, &r.error);
    EXPECT_EQ(r.ok, r.error == E::kOk);
    return r;
}

E EvalErr(const std::string& text, uint32_t flags = 0, SigVersion v = SigVersion::kBase) {
    return Eval(Asm(text), flags, v).error;
}

// Evaluates and returns the single item left (fails the test otherwise).
Bytes EvalTop(const Script& script, uint32_t flags = 0) {
    auto r = Eval(script, flags);
    EXPECT_TRUE(r.ok) << ScriptErrorString(r.error);
    EXPECT_EQ(r.stack.size(), 1u);
    return r.stack.empty() ? Bytes{0xde, 0xad} : r.stack.back();
}

Bytes EvalTop(const std::string& text, uint32_t flags = 0) {
    return EvalTop(Asm(text), flags);
}

E Verify(const Script& sig, const Script& pub, uint32_t flags, const SignatureChecker& checker = kNoTxChecker,
         const ScriptStack* witness = nullptr) {
    E err = E::kUnknown;
    const bool ok = VerifyScript(sig, pub, witness, flags, checker, &err);
    EXPECT_EQ(ok, err == E::kOk);
    return err;
}

// ---- Error strings ----

TEST(ScriptError, OceanStrings) {
    EXPECT_EQ(ScriptErrorString(E::kOk), "No error");
    EXPECT_EQ(ScriptErrorString(E::kEvalFalse),
              "Script evaluated without error but finished with a false/empty top stack element");
    EXPECT_EQ(ScriptErrorString(E::kUnsatisfiedLocktime), "Locktime requirement not satisfied");
    EXPECT_EQ(ScriptErrorString(E::kSigNullFail),
              "Signature must be zero for failed CHECK(MULTI)SIG operation");
    EXPECT_EQ(ScriptErrorString(E::kSigNullDummy), "Dummy CHECKMULTISIG argument must be zero");
    EXPECT_EQ(ScriptErrorString(E::kBadOpcode), "Opcode missing or not understood");
    EXPECT_EQ(ScriptErrorString(E::kWitnessProgramMismatch), "Witness program hash mismatch");
    EXPECT_EQ(ScriptErrorString(E::kPubkeyType), "Public key is neither compressed or uncompressed");
    EXPECT_EQ(ScriptErrorString(E::kUnknown), "unknown error");
    EXPECT_EQ(ScriptErrorString(E::kDeterministicRandomRange), "unknown error");
    // Every value has a non-empty text.
    for (int i = 0; i <= static_cast<int>(E::kErrorCount); ++i) {
        EXPECT_FALSE(ScriptErrorString(static_cast<E>(i)).empty()) << i;
    }
}

// ---- Basics, limits, disabled and invalid opcodes ----

TEST(Interpreter, CastToBool) {
    EXPECT_FALSE(CastToBool(Bytes{}));
    EXPECT_FALSE(CastToBool(Bytes{0}));
    EXPECT_FALSE(CastToBool(Bytes{0, 0, 0x80}));  // negative zero
    EXPECT_TRUE(CastToBool(Bytes{0x80, 0}));
    EXPECT_TRUE(CastToBool(Bytes{0, 1}));
}

TEST(Interpreter, ArithmeticAndStackOps) {
    EXPECT_EQ(EvalErr("1 2 ADD 3 EQUAL"), E::kOk);
    EXPECT_EQ(EvalTop("5 3 SUB"), Bytes{2});
    EXPECT_EQ(EvalTop("-5 ABS"), Bytes{5});
    EXPECT_EQ(EvalTop("5 NEGATE"), Bytes{0x85});
    EXPECT_EQ(EvalTop("0 NOT"), Bytes{1});
    EXPECT_EQ(EvalTop("7 0NOTEQUAL"), Bytes{1});
    EXPECT_EQ(EvalTop("3 1ADD 1SUB"), Bytes{3});
    EXPECT_EQ(EvalTop("3 9 MIN"), Bytes{3});
    EXPECT_EQ(EvalTop("3 9 MAX"), Bytes{9});
    EXPECT_EQ(EvalTop("3 2 5 WITHIN"), Bytes{1});
    EXPECT_EQ(EvalTop("5 2 5 WITHIN"), Bytes{});
    EXPECT_EQ(EvalTop("1 0 BOOLOR"), Bytes{1});
    EXPECT_EQ(EvalTop("1 0 BOOLAND"), Bytes{});
    EXPECT_EQ(EvalTop("2 3 LESSTHAN"), Bytes{1});
    EXPECT_EQ(EvalTop("2 3 NUMNOTEQUAL"), Bytes{1});
    EXPECT_EQ(EvalErr("2 3 NUMEQUALVERIFY 1"), E::kNumEqualVerify);
    EXPECT_EQ(EvalErr("2 3 EQUALVERIFY 1"), E::kEqualVerify);
    EXPECT_EQ(EvalErr("0 VERIFY 1"), E::kVerify);
    EXPECT_EQ(EvalErr("VERIFY"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("1 RETURN"), E::kOpReturn);
    EXPECT_EQ(EvalErr("0 IF RETURN ENDIF 1"), E::kOk);
    // Arithmetic results may leave the 4-byte range; re-using them as operands fails (kUnknown).
    EXPECT_EQ(EvalTop("0x04ffffff7f 1 ADD"), (Bytes{0, 0, 0, 0x80, 0}));
    EXPECT_EQ(EvalErr("0x04ffffff7f 1 ADD 1 ADD"), E::kUnknown);
    EXPECT_EQ(EvalErr("0x050000000001 1 ADD"), E::kUnknown);
    // Stack shuffles.
    auto r = Eval(Asm("1 2 3 4 5 6 2ROT"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.stack, (ScriptStack{{3}, {4}, {5}, {6}, {1}, {2}}));
    r = Eval(Asm("1 2 3 ROT"));
    EXPECT_EQ(r.stack, (ScriptStack{{2}, {3}, {1}}));
    r = Eval(Asm("1 2 TUCK"));
    EXPECT_EQ(r.stack, (ScriptStack{{2}, {1}, {2}}));
    r = Eval(Asm("1 2 3 4 2SWAP"));
    EXPECT_EQ(r.stack, (ScriptStack{{3}, {4}, {1}, {2}}));
    r = Eval(Asm("1 2 3 2 ROLL"));
    EXPECT_EQ(r.stack, (ScriptStack{{2}, {3}, {1}}));
    r = Eval(Asm("1 2 3 2 PICK"));
    EXPECT_EQ(r.stack, (ScriptStack{{1}, {2}, {3}, {1}}));
    EXPECT_EQ(EvalErr("1 2 2 PICK"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("1 2 -1 ROLL"), E::kInvalidStackOperation);
    r = Eval(Asm("1 2 2OVER"));
    EXPECT_EQ(r.error, E::kInvalidStackOperation);
    r = Eval(Asm("1 2 3DUP"));
    EXPECT_EQ(r.error, E::kInvalidStackOperation);
    r = Eval(Asm("1 2 3 3DUP DEPTH"));
    EXPECT_EQ(r.stack.back(), Bytes{6});
    r = Eval(Asm("0 IFDUP 1 IFDUP"));
    EXPECT_EQ(r.stack, (ScriptStack{{}, {1}, {1}}));
    r = Eval(Asm("7 TOALTSTACK 8 FROMALTSTACK"));
    EXPECT_EQ(r.stack, (ScriptStack{{8}, {7}}));
    EXPECT_EQ(EvalErr("FROMALTSTACK"), E::kInvalidAltstackOperation);
    r = Eval(Asm("'abc' SIZE NIP"));
    EXPECT_EQ(r.stack, (ScriptStack{{3}}));
}

TEST(Interpreter, Hashes) {
    const Bytes abc = Str("abc");
    const uint256 sha = Sha256Hash(abc);
    EXPECT_EQ(EvalTop("'abc' SHA256"), Bytes(sha.begin(), sha.end()));
    const uint256 sha2 = Sha256dHash(abc);
    EXPECT_EQ(EvalTop("'abc' HASH256"), Bytes(sha2.begin(), sha2.end()));
    const uint160 h160 = Hash160(abc);
    EXPECT_EQ(EvalTop("'abc' HASH160"), Bytes(h160.begin(), h160.end()));
    const uint160 rmd = Ripemd160(abc);
    EXPECT_EQ(EvalTop("'abc' RIPEMD160"), Bytes(rmd.begin(), rmd.end()));
    // SHA1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d (FIPS 180 example).
    EXPECT_EQ(HexStr(EvalTop("'abc' SHA1")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Interpreter, ConditionalsAndMinimalIf) {
    EXPECT_EQ(EvalTop("1 IF 2 ELSE 3 ENDIF"), Bytes{2});
    EXPECT_EQ(EvalTop("0 IF 2 ELSE 3 ENDIF"), Bytes{3});
    EXPECT_EQ(EvalTop("0 NOTIF 2 ELSE 3 ENDIF"), Bytes{2});
    EXPECT_EQ(EvalTop("1 IF 0 IF 5 ELSE 6 ENDIF ELSE 7 ENDIF"), Bytes{6});
    EXPECT_EQ(Eval(Asm("1 IF 2 ELSE 3 ELSE 4 ENDIF")).stack, (ScriptStack{{2}, {4}}));  // ELSE toggles again
    EXPECT_EQ(EvalErr("1 IF 1"), E::kUnbalancedConditional);
    EXPECT_EQ(EvalErr("ELSE 1"), E::kUnbalancedConditional);
    EXPECT_EQ(EvalErr("ENDIF 1"), E::kUnbalancedConditional);
    EXPECT_EQ(EvalErr("IF 1 ENDIF"), E::kUnbalancedConditional);  // empty stack at IF
    // MINIMALIF applies to witness v0 scripts only: the argument must be empty or exactly 0x01.
    const uint32_t f = SCRIPT_VERIFY_MINIMALIF;
    EXPECT_EQ(EvalErr("2 IF 1 ENDIF 1", f, SigVersion::kWitnessV0), E::kMinimalIf);
    EXPECT_EQ(EvalErr("0x020100 IF 1 ENDIF 1", f, SigVersion::kWitnessV0), E::kMinimalIf);
    EXPECT_EQ(EvalErr("0x0100 IF 1 ENDIF 1", f, SigVersion::kWitnessV0), E::kMinimalIf);
    EXPECT_EQ(EvalErr("1 IF 1 ENDIF", f, SigVersion::kWitnessV0), E::kOk);
    EXPECT_EQ(EvalErr("0 IF 0 ENDIF 1", f, SigVersion::kWitnessV0), E::kOk);
    EXPECT_EQ(EvalErr("2 IF 1 ENDIF", f, SigVersion::kBase), E::kOk);
    EXPECT_EQ(EvalErr("2 IF 1 ENDIF", 0, SigVersion::kWitnessV0), E::kOk);
}

TEST(Interpreter, Limits) {
    // 520-byte pushes are fine, 521 fail, executed or not.
    EXPECT_EQ(Eval(Push(Bytes(520, 1))).error, E::kOk);
    EXPECT_EQ(Eval(Push(Bytes(521, 1))).error, E::kPushSize);
    EXPECT_EQ(Eval(Asm("0 IF") + Push(Bytes(521, 1)) + Asm("ENDIF 1")).error, E::kPushSize);
    // 201 counted opcodes pass, 202 fail; pushes and OP_1..OP_16 (and OP_RESERVED) do not count.
    Script ops = Asm("1");
    for (int i = 0; i < 201; ++i) ops << OP_NOP;
    EXPECT_EQ(Eval(ops).error, E::kOk);
    ops << OP_NOP;
    EXPECT_EQ(Eval(ops).error, E::kOpCount);
    Script unexecuted = Asm("0 IF");  // IF and ENDIF count; unexecuted NOPs count too
    for (int i = 0; i < 199; ++i) unexecuted << OP_NOP;
    unexecuted += Asm("ENDIF 1");
    EXPECT_EQ(Eval(unexecuted).error, E::kOk);
    unexecuted = Asm("0 IF NOP") + unexecuted;
    EXPECT_EQ(Eval(unexecuted).error, E::kOpCount);
    // CHECKMULTISIG adds its key count to the op count.
    Script cms;
    for (int i = 0; i < 190; ++i) cms << OP_NOP;
    cms += Asm("0 0 20 CHECKMULTISIG");  // 191 ops + 20 keys > 201
    EXPECT_EQ(Eval(cms).error, E::kOpCount);
    // Ocean's scripts may be 50,000 bytes (Bitcoin: 10,000).
    Script big = Asm("0 IF");
    while (big.size() + 524 <= 50000 - 3) big += Push(Bytes(520, 7));
    big += Asm("ENDIF");
    while (big.size() < 49999) big << OP_0;
    big << OP_1;
    ASSERT_EQ(big.size(), 50000u);
    EXPECT_EQ(Eval(big).error, E::kOk);
    big << OP_NOP;
    EXPECT_EQ(Eval(big).error, E::kScriptSize);
    EXPECT_EQ(Verify(Script(), big, SCRIPT_VERIFY_P2SH), E::kScriptSize);
    // Stack plus altstack: 1000 items pass, 1001 fail.
    Script items;
    for (int i = 0; i < 1000; ++i) items << OP_1;
    EXPECT_EQ(Eval(items).error, E::kOk);
    Script with_alt = items;
    with_alt += Asm("TOALTSTACK 1");
    EXPECT_EQ(Eval(with_alt).error, E::kStackSize);
    items << OP_1;
    EXPECT_EQ(Eval(items).error, E::kStackSize);
}

TEST(Interpreter, DisabledAndInvalidOpcodes) {
    for (const char* op : {"2MUL", "2DIV", "MUL", "DIV", "MOD"}) {
        EXPECT_EQ(EvalErr(std::string("2 2 ") + op), E::kDisabledOpcode) << op;
        EXPECT_EQ(EvalErr(std::string("0 IF ") + op + " ENDIF 1"), E::kDisabledOpcode) << op;
    }
    // VERIF/VERNOTIF fail even unexecuted; other invalid opcodes only when executed.
    EXPECT_EQ(EvalErr("0 IF VERIF ENDIF 1"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("0 IF VERNOTIF ENDIF 1"), E::kBadOpcode);
    for (const char* op :
         {"RESERVED", "VER", "RESERVED1", "RESERVED2", "NOP4", "0xba", "0xbf", "0xc4", "0xff"}) {
        EXPECT_EQ(EvalErr(std::string("1 ") + op), E::kBadOpcode) << op;
        EXPECT_EQ(EvalErr(std::string("0 IF ") + op + " ENDIF 1"), E::kOk) << op;
    }
    // A truncated push is a bad opcode wherever it is.
    EXPECT_EQ(EvalErr("1 0x4c"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("0 IF 0x0501"), E::kBadOpcode);
}

TEST(Interpreter, RegisterAddressOpcodesFail) {
    // REGISTERADDRESS pops a true top and falls into DEREGISTERADDRESS, which does the same, then
    // BAD_OPCODE; an empty stack at either step gives INVALID_STACK_OPERATION.
    EXPECT_EQ(EvalErr("REGISTERADDRESS"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("DEREGISTERADDRESS"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("1 REGISTERADDRESS"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("1 1 REGISTERADDRESS"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("1 1 1 REGISTERADDRESS"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("0 REGISTERADDRESS"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("1 DEREGISTERADDRESS"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("0 DEREGISTERADDRESS"), E::kBadOpcode);
    EXPECT_EQ(EvalErr("0 IF REGISTERADDRESS DEREGISTERADDRESS ENDIF 1"), E::kOk);
    // A register-address output can never be spent.
    EXPECT_EQ(Verify(Asm("1"), Asm("REGISTERADDRESS 'payload'"), kBlockScriptVerifyFlags),
              E::kInvalidStackOperation);
    EXPECT_EQ(Verify(Asm("1 1"), Asm("DEREGISTERADDRESS 'payload'"), kBlockScriptVerifyFlags), E::kBadOpcode);
}

TEST(Interpreter, NopsAndDiscourage) {
    const uint32_t d = SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS;
    for (const char* op : {"NOP", "NOP1", "NOP5", "NOP6", "NOP8", "NOP10"}) {
        EXPECT_EQ(EvalErr(std::string("1 ") + op), E::kOk) << op;
        const E expect = std::string(op) == "NOP" ? E::kOk : E::kDiscourageUpgradableNops;
        EXPECT_EQ(EvalErr(std::string("1 ") + op, d), expect) << op;
        EXPECT_EQ(EvalErr(std::string("0 IF ") + op + " ENDIF 1", d), E::kOk) << op;
    }
    // Without their flags CLTV/CSV are NOPs (and discouraged as such).
    EXPECT_EQ(EvalErr("CLTV 1"), E::kOk);
    EXPECT_EQ(EvalErr("CSV 1"), E::kOk);
    EXPECT_EQ(EvalErr("1 CLTV", d), E::kDiscourageUpgradableNops);
    EXPECT_EQ(EvalErr("1 CSV", d), E::kDiscourageUpgradableNops);
}

TEST(Interpreter, MinimalData) {
    const uint32_t m = SCRIPT_VERIFY_MINIMALDATA;
    EXPECT_EQ(EvalErr("0x0101", m), E::kMinimalData);  // should be OP_1
    EXPECT_EQ(EvalErr("0x0181", m), E::kMinimalData);  // should be OP_1NEGATE
    EXPECT_EQ(EvalErr("0x4c0161", m), E::kMinimalData);
    EXPECT_EQ(EvalErr("0x4c00 1", m), E::kMinimalData);  // empty push should be OP_0
    EXPECT_EQ(EvalErr("0x0101", 0), E::kOk);
    EXPECT_EQ(EvalErr("0 IF 0x0101 ENDIF 1", m), E::kOk);
    // Non-minimal numbers fail to decode (kUnknown) under MINIMALDATA only.
    EXPECT_EQ(EvalErr("0x020100 1ADD", m), E::kUnknown);
    EXPECT_EQ(EvalErr("0x020100 1ADD", 0), E::kOk);
    EXPECT_EQ(EvalErr("0x0180 NOT", m), E::kUnknown);  // negative zero
}

// ---- Splice opcodes (§7.2) ----

TEST(Interpreter, Cat) {
    EXPECT_EQ(EvalTop("'ab' 'cd' CAT"), Str("abcd"));
    EXPECT_EQ(EvalTop("'ab' 0 CAT"), Str("ab"));
    EXPECT_EQ(EvalTop(Push(Bytes(260, 1)) + Push(Bytes(260, 2)) + Asm("CAT SIZE NIP")), (Bytes{0x08, 0x02}));
    EXPECT_EQ(Eval(Push(Bytes(260, 1)) + Push(Bytes(261, 2)) + Asm("CAT")).error, E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("'a' CAT"), E::kInvalidStackOperation);
}

TEST(Interpreter, SubstrLeftRight) {
    EXPECT_EQ(EvalTop("'abcdef' 1 3 SUBSTR"), Str("bcd"));
    EXPECT_EQ(EvalTop("'abcdef' 0 6 SUBSTR"), Str("abcdef"));
    EXPECT_EQ(EvalTop("'abcdef' 5 0 SUBSTR"), Bytes{});
    EXPECT_EQ(EvalErr("'abcdef' -1 2 SUBSTR"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("'abcdef' 1 -2 SUBSTR"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalErr("'abcdef' 6 0 SUBSTR"), E::kInvalidStackOperation);  // start >= size
    EXPECT_EQ(EvalErr("'abcdef' 0 7 SUBSTR"), E::kInvalidStackOperation);  // len > size
    EXPECT_EQ(EvalErr("'abcdef' 3 4 SUBSTR"), E::kInvalidStackOperation);  // start + len > size
    EXPECT_EQ(EvalErr("0 0 0 SUBSTR"), E::kInvalidStackOperation);         // nothing to take from
    EXPECT_EQ(EvalErr("'abcdef' 1 SUBSTR"), E::kInvalidStackOperation);

    EXPECT_EQ(EvalTop("'abcdef' 2 LEFT"), Str("ab"));
    EXPECT_EQ(EvalTop("'abcdef' 0 LEFT"), Bytes{});
    EXPECT_EQ(EvalTop("'abcdef' 6 LEFT"), Str("abcdef"));
    EXPECT_EQ(EvalTop("'abcdef' 100 LEFT"), Str("abcdef"));
    EXPECT_EQ(EvalErr("'abcdef' -1 LEFT"), E::kUnknown);

    EXPECT_EQ(EvalTop("'abcdef' 2 RIGHT"), Str("cdef"));
    EXPECT_EQ(EvalTop("'abcdef' 0 RIGHT"), Str("abcdef"));
    EXPECT_EQ(EvalTop("'abcdef' 6 RIGHT"), Bytes{});
    EXPECT_EQ(EvalTop("'abcdef' 100 RIGHT"), Bytes{});
    EXPECT_EQ(EvalErr("'abcdef' -1 RIGHT"), E::kUnknown);
    // Operands are 4-byte script numbers.
    EXPECT_EQ(EvalErr("'abcdef' 0x050000000001 LEFT"), E::kUnknown);
}

TEST(Interpreter, SubstrLazy) {
    EXPECT_EQ(EvalTop("'abcdef' 1 3 SUBSTR_LAZY"), Str("bcd"));
    EXPECT_EQ(EvalTop("'abcdef' -5 2 SUBSTR_LAZY"), Str("ab"));  // start < 0 -> 0
    EXPECT_EQ(EvalTop("'abcdef' 2 -3 SUBSTR_LAZY"), Bytes{});    // len < 0 -> 0
    EXPECT_EQ(EvalTop("'abcdef' 6 2 SUBSTR_LAZY"), Bytes{});     // start >= size -> empty
    EXPECT_EQ(EvalTop("'abcdef' 100 2 SUBSTR_LAZY"), Bytes{});
    EXPECT_EQ(EvalTop("'abcdef' 4 10 SUBSTR_LAZY"), Str("ef"));         // clamped to the end
    EXPECT_EQ(EvalTop("'abcdef' 1 100000 SUBSTR_LAZY"), Str("bcdef"));  // len > 520 -> 520 -> to the end
    EXPECT_EQ(EvalTop("0 0 0 SUBSTR_LAZY"), Bytes{});
    EXPECT_EQ(EvalErr("'abcdef' 1 SUBSTR_LAZY"), E::kInvalidStackOperation);
    const Bytes big(520, 9);
    EXPECT_EQ(EvalTop(Push(big) + Asm("0 0x0400000001 SUBSTR_LAZY")), big);
}

// ---- Bitwise opcodes ----

TEST(Interpreter, InvertAndOrXor) {
    EXPECT_EQ(EvalTop("0x020f00 INVERT"), (Bytes{0xf0, 0xff}));
    EXPECT_EQ(EvalTop("0 INVERT"), Bytes{});
    EXPECT_EQ(EvalTop("0x020ff0 0x023c3c AND"), (Bytes{0x0c, 0x30}));
    EXPECT_EQ(EvalTop("0x020ff0 0x023c3c OR"), (Bytes{0x3f, 0xfc}));
    EXPECT_EQ(EvalTop("0x020ff0 0x023c3c XOR"), (Bytes{0x33, 0xcc}));
    for (const char* op : {"AND", "OR", "XOR"}) {
        EXPECT_EQ(EvalErr(std::string("0x020ff0 0x013c ") + op), E::kInvalidStackOperation) << op;
        EXPECT_EQ(EvalErr(std::string("1 ") + op), E::kInvalidStackOperation) << op;
    }
}

// Reference shift for values up to 7 bytes: as a little-endian integer, trailing zero bytes stripped.
Bytes RefShift(const Bytes& x, int n, bool left) {
    unsigned __int128 v = 0;
    for (size_t i = 0; i < x.size(); ++i) v |= static_cast<unsigned __int128>(x[i]) << (8 * i);
    v = left ? v << n : v >> n;
    Bytes out;
    while (v != 0) {
        out.push_back(static_cast<uint8_t>(v & 0xff));
        v >>= 8;
    }
    return out;
}

TEST(Interpreter, Shifts) {
    EXPECT_EQ(EvalTop("0x0101 1 LSHIFT"), Bytes{0x02});
    EXPECT_EQ(EvalTop("0x0180 1 LSHIFT"), (Bytes{0x00, 0x01}));
    EXPECT_EQ(EvalTop("0x0101 8 LSHIFT"), (Bytes{0x00, 0x01}));
    EXPECT_EQ(EvalTop("0x03010000 0 LSHIFT"), Bytes{0x01});  // trailing zeros stripped even for 0
    EXPECT_EQ(EvalTop("0 5 LSHIFT"), Bytes{});
    EXPECT_EQ(EvalErr("1 -1 LSHIFT"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalTop("0x020001 1 RSHIFT"), Bytes{0x80});
    EXPECT_EQ(EvalTop("0x023412 4 RSHIFT"), (Bytes{0x23, 0x01}));
    EXPECT_EQ(EvalTop("0x0101 1 RSHIFT"), Bytes{});
    EXPECT_EQ(EvalTop("0x020102 8 RSHIFT"), Bytes{0x02});
    EXPECT_EQ(EvalTop("0x020102 16 RSHIFT"), Bytes{});  // floor(n/8) >= size -> empty
    EXPECT_EQ(EvalTop("0x020102 0x04ffffff7f RSHIFT"), Bytes{});
    EXPECT_EQ(EvalTop("0x03010000 0 RSHIFT"), Bytes{0x01});
    EXPECT_EQ(EvalErr("1 -1 RSHIFT"), E::kUnknown);
    // LSHIFT's size rule: size + floor(n/8) + (n % 8 != 0) must stay <= 520, whatever the result.
    EXPECT_EQ(Eval(Push(Bytes(519, 1)) + Asm("8 LSHIFT SIZE NIP")).stack.back(), (Bytes{0x08, 0x02}));
    EXPECT_EQ(Eval(Push(Bytes(519, 1)) + Asm("9 LSHIFT")).error, E::kInvalidStackOperation);
    EXPECT_EQ(Eval(Push(Bytes(520, 1)) + Asm("1 LSHIFT")).error, E::kInvalidStackOperation);
    EXPECT_EQ(Eval(Push(Bytes(520, 1)) + Asm("0 LSHIFT")).error, E::kOk);
    EXPECT_EQ(Eval(Push(Bytes(1, 1)) + Asm("0x04ffffff7f LSHIFT")).error, E::kInvalidStackOperation);
    // Random values against 128-bit arithmetic.
    std::mt19937 rng(42);
    for (int iter = 0; iter < 400; ++iter) {
        Bytes x(rng() % 8);
        for (auto& b : x) b = static_cast<uint8_t>(rng());
        const int n = static_cast<int>(rng() % 60);
        const bool left = iter % 2 == 0;
        Script s = Push(x);
        s.PushInt(n);
        s << (left ? OP_LSHIFT : OP_RSHIFT);
        EXPECT_EQ(EvalTop(s), RefShift(x, n, left)) << HexStr(x) << (left ? " << " : " >> ") << n;
    }
}

// ---- OP_DETERMINISTICRANDOM ----

// The §7.3 definition, computed from whole-message SHA256s.
int64_t RefRandom(const Bytes& seed, int64_t min, int64_t max) {
    int64_t diff = max - min;
    if (diff > 2147483647) diff = 2147483647;
    const auto range = static_cast<uint64_t>(diff);
    const uint64_t limit = (UINT64_MAX / range) * range;
    for (uint64_t k = 0;; ++k) {
        Bytes msg = seed;
        for (int i = 0; i < 8; ++i) msg.push_back(static_cast<uint8_t>(k >> (8 * i)));
        const uint256 h = Sha256Hash(msg);
        for (int c = 0; c < 3; ++c) {
            uint64_t v = 0;
            for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(h[8 * c + i]) << (8 * i);
            if (v <= limit) return static_cast<int64_t>(v % range) + min;
        }
    }
}

Bytes DrawRandom(const Bytes& seed, int64_t min, int64_t max, E* err = nullptr) {
    Script s = Push(seed);
    s.PushInt(min);
    s.PushInt(max);
    s << OP_DETERMINISTICRANDOM;
    auto r = Eval(s, SCRIPT_VERIFY_MINIMALDATA);
    if (err) *err = r.error;
    return r.ok && r.stack.size() == 1 ? r.stack.back() : Bytes{0xee};
}

TEST(Interpreter, DeterministicRandom) {
    const Bytes seed = Str("ocean seed");
    // Small range: 0..9 for seed "ocean seed".
    const int64_t expect = RefRandom(seed, 0, 10);
    EXPECT_GE(expect, 0);
    EXPECT_LT(expect, 10);
    EXPECT_EQ(DrawRandom(seed, 0, 10), ScriptNum::Serialize(expect));
    // Many seeds and ranges, negatives included.
    for (int i = 0; i < 50; ++i) {
        const Bytes s{static_cast<uint8_t>(i), 1, 2};
        const int64_t lo = -1000 + 37 * i, hi = lo + 1 + 13 * i;
        EXPECT_EQ(DrawRandom(s, lo, hi), ScriptNum::Serialize(RefRandom(s, lo, hi))) << i;
    }
    // Empty seed.
    EXPECT_EQ(DrawRandom(Bytes{}, 5, 1000), ScriptNum::Serialize(RefRandom(Bytes{}, 5, 1000)));
    // min == max gives min without hashing; min > max fails (reported as "unknown error").
    EXPECT_EQ(DrawRandom(seed, 7, 7), ScriptNum::Serialize(7));
    EXPECT_EQ(DrawRandom(seed, -3, -3), ScriptNum::Serialize(-3));
    E err;
    DrawRandom(seed, 8, 7, &err);
    EXPECT_EQ(err, E::kDeterministicRandomRange);
    EXPECT_EQ(ScriptErrorString(err), "unknown error");
    // The range is clamped to INT32_MAX: -(2^31-1)..(2^31-1) draws from INT32_MAX values above min.
    const int64_t lo = -2147483647, hi = 2147483647;
    const int64_t wide = RefRandom(seed, lo, hi);
    EXPECT_LT(wide, lo + 2147483647);
    EXPECT_EQ(DrawRandom(seed, lo, hi), ScriptNum::Serialize(wide));
    // Operands are 4-byte numbers.
    EXPECT_EQ(EvalErr("'s' 0 0x050000000001 DETERMINISTICRANDOM"), E::kUnknown);
    EXPECT_EQ(EvalErr("0 1 DETERMINISTICRANDOM"), E::kInvalidStackOperation);
}

// ---- Keys and signatures ----

Key TestKey(uint8_t n, bool compressed = true) {
    Bytes secret(32, 0);
    secret[31] = n;
    secret[0] = 0x11;
    auto k = Key::FromBytes(secret, compressed);
    if (!k.ok()) throw std::runtime_error("bad test key");
    return *k;
}

Bytes PubBytes(const Key& k) {
    return k.GetPubKey().ToBytes();
}

Bytes SignHash(const Key& k, const uint256& h) {
    auto sig = k.Sign(h);
    if (!sig.ok()) throw std::runtime_error("sign failed");
    return *sig;
}

// The high-S twin of a low-S DER signature: (r, n - s).
Bytes HighS(const Bytes& der) {
    static const uint8_t kOrder[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                       0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
    auto sig = ParseDerLax(der);
    if (!sig) throw std::runtime_error("unparsable");
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int v = kOrder[i] - sig->s[i] - borrow;
        borrow = v < 0;
        sig->s[i] = static_cast<uint8_t>(v + (borrow ? 256 : 0));
    }
    return SerializeDer(*sig);
}

TEST(Interpreter, CheckSigFromStack) {
    const Key key = TestKey(1);
    const Bytes pub = PubBytes(key);
    const Bytes data = Str("message for csfs");
    const Bytes der = SignHash(key, Sha256Hash(data));
    auto csfs = [&](const Bytes& sig, uint32_t flags, const char* op = "CSFS", const Bytes& msg = {}) {
        Script s = Push(sig) + Push(msg.empty() ? data : msg) + Push(pub) + Asm(op);
        return Eval(s, flags);
    };
    Bytes der_plus_one = der;
    der_plus_one.push_back(0x42);  // any trailing byte

    // Under DERSIG (always on in blocks) the signature must be DER plus exactly one byte.
    auto r = csfs(der_plus_one, SCRIPT_VERIFY_DERSIG);
    EXPECT_TRUE(r.ok) << ScriptErrorString(r.error);
    EXPECT_EQ(r.stack, ScriptStack{{1}});
    EXPECT_EQ(csfs(der, SCRIPT_VERIFY_DERSIG).error, E::kSigDer);
    Bytes der_plus_two = der_plus_one;
    der_plus_two.push_back(0);
    EXPECT_EQ(csfs(der_plus_two, SCRIPT_VERIFY_DERSIG).error, E::kSigDer);
    // Without encoding flags bare DER is fine (the lax parser ignores trailing bytes either way).
    EXPECT_TRUE(csfs(der, 0).ok);
    EXPECT_TRUE(csfs(der_plus_one, 0).ok);
    // STRICTENC is not applied to the signature: the extra byte needs no defined hashtype.
    Bytes der_plus_zero = der;
    der_plus_zero.push_back(0x00);
    EXPECT_TRUE(csfs(der_plus_zero, SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_STRICTENC).ok);
    // High S is normalised and accepted, unless LOW_S is set.
    Bytes high = HighS(der);
    ASSERT_NE(high, der);
    high.push_back(0x01);
    EXPECT_TRUE(csfs(high, SCRIPT_VERIFY_DERSIG).ok);
    EXPECT_EQ(csfs(high, SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S).error, E::kSigHighS);
    // The empty signature passes the encoding check and fails verification; a failed CSFS fails the
    // script in both forms.
    EXPECT_EQ(csfs(Bytes{}, SCRIPT_VERIFY_DERSIG).error, E::kCheckSigVerify);
    EXPECT_EQ(csfs(der_plus_one, SCRIPT_VERIFY_DERSIG, "CSFS", Str("other")).error, E::kCheckSigVerify);
    EXPECT_EQ(csfs(der_plus_one, SCRIPT_VERIFY_DERSIG, "CSFSV", Str("other")).error, E::kCheckSigVerify);
    // The VERIFY form consumes the result.
    r = csfs(der_plus_one, SCRIPT_VERIFY_DERSIG, "CSFSV 1");
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.stack, ScriptStack{{1}});
    // The message is single SHA256 of the data, not SHA256d.
    const Bytes der_d = SignHash(key, Sha256dHash(data));
    EXPECT_EQ(csfs(der_d, 0).error, E::kCheckSigVerify);
    // Pubkey encoding follows the flags; a wrongly sized key fails verification.
    Bytes hybrid = Key(TestKey(1, false)).GetPubKey().ToBytes();
    hybrid[0] = 0x06 | (pub[0] & 1);
    Script s = Push(der_plus_one) + Push(data) + Push(hybrid) + Asm("CSFS");
    EXPECT_EQ(Eval(s, SCRIPT_VERIFY_STRICTENC).error, E::kPubkeyType);
    Script bad_key = Push(der) + Push(data) + Push(Bytes{0x02, 1, 2}) + Asm("CSFS");
    EXPECT_EQ(Eval(bad_key, 0).error, E::kCheckSigVerify);
    EXPECT_EQ(EvalErr("1 2 CSFS"), E::kInvalidStackOperation);
    // CSFS counts as one sigop, like CHECKSIG.
    EXPECT_EQ(Asm("CSFS CSFSV CHECKSIG").GetSigOpCount(true), 3u);
}

// A one-input, one-output transaction spending `prev_script` (and a checker for it).
struct SpendFixture {
    MutableTransaction tx;
    ConfidentialValue amount{Amount{5000}};
    Script prev_script;

    explicit SpendFixture(Script prev) : prev_script(std::move(prev)) {
        tx.version = 2;
        tx.vin.resize(1);
        tx.vin[0].prevout = OutPoint(uint256::FromByte0(0x77), 1);
        tx.vin[0].sequence = 0xfffffffe;
        tx.vout.resize(1);
        tx.vout[0].value = ConfidentialValue(Amount{4000});
        tx.vout[0].script_pubkey = Asm("1").bytes();
        tx.lock_time = 0;
    }
    Bytes Sign(const Key& k, const Script& code, SigVersion v, uint8_t type = SIGHASH_ALL,
               const ConfidentialValue* value = nullptr) const {
        const uint256 h = SignatureHash(code, tx, 0, type, value ? *value : amount, v);
        Bytes sig = SignHash(k, h);
        sig.push_back(type);
        return sig;
    }
    TransactionSignatureChecker<MutableTransaction> Checker() const {
        return TransactionSignatureChecker<MutableTransaction>(&tx, 0, amount);
    }
    E Run(const Script& script_sig, uint32_t flags, const ScriptStack* witness = nullptr) const {
        return Verify(script_sig, prev_script, flags, Checker(), witness);
    }
};

Script P2PKH(const Bytes& pub) {
    const uint160 h = Hash160(pub);
    return Script() << OP_DUP << OP_HASH160 << h << OP_EQUALVERIFY << OP_CHECKSIG;
}

TEST(Interpreter, CheckSigP2pkAndP2pkh) {
    const Key key = TestKey(2);
    const Bytes pub = PubBytes(key);
    SpendFixture p2pkh(P2PKH(pub));
    const Bytes sig = p2pkh.Sign(key, p2pkh.prev_script, SigVersion::kBase);
    EXPECT_EQ(p2pkh.Run(Push(sig) + Push(pub), kBlockScriptVerifyFlags), E::kOk);
    EXPECT_EQ(p2pkh.Run(Push(sig) + Push(pub), kStandardScriptVerifyFlags), E::kOk);
    // Other hash types.
    for (uint8_t type : {0x02, 0x03, 0x81, 0x82, 0x83}) {
        const Bytes s = p2pkh.Sign(key, p2pkh.prev_script, SigVersion::kBase, type);
        EXPECT_EQ(p2pkh.Run(Push(s) + Push(pub), kStandardScriptVerifyFlags), E::kOk) << int(type);
    }
    // A changed output breaks an ALL signature.
    SpendFixture changed = p2pkh;
    changed.tx.vout[0].value = ConfidentialValue(Amount{4001});
    EXPECT_EQ(changed.Run(Push(sig) + Push(pub), kBlockScriptVerifyFlags), E::kEvalFalse);
    // Wrong key -> EQUALVERIFY.
    EXPECT_EQ(p2pkh.Run(Push(sig) + Push(PubBytes(TestKey(3))), kBlockScriptVerifyFlags), E::kEqualVerify);

    // P2PK, CHECKSIGVERIFY, NULLFAIL.
    SpendFixture p2pk(Push(pub) + Asm("CHECKSIG"));
    const Bytes psig = p2pk.Sign(key, p2pk.prev_script, SigVersion::kBase);
    EXPECT_EQ(p2pk.Run(Push(psig), kStandardScriptVerifyFlags), E::kOk);
    Bytes bad = psig;
    bad[10] ^= 1;
    EXPECT_EQ(p2pk.Run(Push(bad), kBlockScriptVerifyFlags), E::kEvalFalse);
    EXPECT_EQ(p2pk.Run(Push(bad), kBlockScriptVerifyFlags | SCRIPT_VERIFY_NULLFAIL), E::kSigNullFail);
    SpendFixture p2pk_not(Push(pub) + Asm("CHECKSIG NOT"));
    EXPECT_EQ(p2pk_not.Run(Asm("0"), kStandardScriptVerifyFlags), E::kOk);  // empty sig: no NULLFAIL
    EXPECT_EQ(p2pk_not.Run(Push(bad), kStandardScriptVerifyFlags), E::kSigNullFail);
    EXPECT_EQ(p2pk_not.Run(Push(bad), kBlockScriptVerifyFlags), E::kOk);
    SpendFixture p2pk_verify(Push(pub) + Asm("CHECKSIGVERIFY 1"));
    const Bytes vsig = p2pk_verify.Sign(key, p2pk_verify.prev_script, SigVersion::kBase);
    EXPECT_EQ(p2pk_verify.Run(Push(vsig), kBlockScriptVerifyFlags), E::kOk);
    EXPECT_EQ(p2pk_verify.Run(Push(psig), kBlockScriptVerifyFlags), E::kCheckSigVerify);  // other script code

    // Encoding flags: hashtype, DER, low S, pubkey type.
    Bytes undefined_type = psig;
    undefined_type.back() = 0x04;
    EXPECT_EQ(p2pk.Run(Push(undefined_type), SCRIPT_VERIFY_STRICTENC), E::kSigHashtype);
    Bytes high = HighS(Bytes(psig.begin(), psig.end() - 1));
    high.push_back(SIGHASH_ALL);
    EXPECT_EQ(p2pk.Run(Push(high), kBlockScriptVerifyFlags), E::kOk);  // normalised in verification
    EXPECT_EQ(p2pk.Run(Push(high), kBlockScriptVerifyFlags | SCRIPT_VERIFY_LOW_S), E::kSigHighS);
    Bytes padded = psig;
    padded.insert(padded.end() - 1, 0x00);  // trailing garbage inside the DER part
    EXPECT_EQ(p2pk.Run(Push(padded), kBlockScriptVerifyFlags), E::kSigDer);
    EXPECT_EQ(p2pk.Run(Push(padded), 0), E::kOk);  // lax parsing ignores it
    SpendFixture hybrid_key(Push(Bytes{0x06}) + Asm("CHECKSIG"));
    EXPECT_EQ(hybrid_key.Run(Push(psig), SCRIPT_VERIFY_STRICTENC), E::kPubkeyType);
}

TEST(Interpreter, CodeSeparatorAndFindAndDelete) {
    const Key key = TestKey(4);
    const Bytes pub = PubBytes(key);
    // Signed script code starts after the last executed OP_CODESEPARATOR.
    SpendFixture f(Asm("NOP CODESEPARATOR") + Push(pub) + Asm("CHECKSIG"));
    const Script after_sep = Push(pub) + Asm("CHECKSIG");
    EXPECT_EQ(f.Run(Push(f.Sign(key, after_sep, SigVersion::kBase)), kBlockScriptVerifyFlags), E::kOk);
    EXPECT_EQ(f.Run(Push(f.Sign(key, f.prev_script, SigVersion::kBase)), kBlockScriptVerifyFlags),
              E::kEvalFalse);
    // Legacy: pushes of the signature inside the executed script are removed from the script code
    // (FindAndDelete). Here the scriptPubKey carries a copy of the very signature that spends it; the
    // signature commits to the script without that push.
    const Script rest = Asm("DROP") + Push(pub) + Asm("CHECKSIGVERIFY 1");
    const Bytes sig = f.Sign(key, rest, SigVersion::kBase);
    SpendFixture g(Push(sig) + rest);
    EXPECT_EQ(g.Run(Push(sig), kBlockScriptVerifyFlags), E::kOk);
    // A signature over the script with the push kept fails.
    const Bytes sig_full = g.Sign(key, g.prev_script, SigVersion::kBase);
    SpendFixture h(Push(sig_full) + rest);
    EXPECT_EQ(h.Run(Push(sig), kBlockScriptVerifyFlags), E::kCheckSigVerify);
}

TEST(Interpreter, CheckMultisigDummyAndNullFail) {
    const Key k1 = TestKey(5), k2 = TestKey(6), k3 = TestKey(7);
    Script ms =
        Asm("2") + Push(PubBytes(k1)) + Push(PubBytes(k2)) + Push(PubBytes(k3)) + Asm("3 CHECKMULTISIG");
    SpendFixture f(ms);
    const Bytes s1 = f.Sign(k1, ms, SigVersion::kBase), s3 = f.Sign(k3, ms, SigVersion::kBase);
    EXPECT_EQ(f.Run(Asm("0") + Push(s1) + Push(s3), kStandardScriptVerifyFlags), E::kOk);
    // Key order matters.
    EXPECT_EQ(f.Run(Asm("0") + Push(s3) + Push(s1), kBlockScriptVerifyFlags), E::kEvalFalse);
    EXPECT_EQ(f.Run(Asm("0") + Push(s3) + Push(s1), kStandardScriptVerifyFlags), E::kSigNullFail);
    // Failed with empty signatures: no NULLFAIL.
    EXPECT_EQ(f.Run(Asm("0 0 0"), kStandardScriptVerifyFlags), E::kEvalFalse);
    // The dummy: anything without NULLDUMMY, empty with it (blocks have NULLDUMMY).
    EXPECT_EQ(f.Run(Asm("1") + Push(s1) + Push(s3), SCRIPT_VERIFY_P2SH), E::kOk);
    EXPECT_EQ(f.Run(Asm("1") + Push(s1) + Push(s3), kBlockScriptVerifyFlags), E::kSigNullDummy);
    EXPECT_EQ(f.Run(Push(s1) + Push(s3), kBlockScriptVerifyFlags), E::kInvalidStackOperation);
    // Counts.
    EXPECT_EQ(EvalErr("0 0 -1 CHECKMULTISIG"), E::kPubkeyCount);
    EXPECT_EQ(EvalErr("0 0 21 CHECKMULTISIG"), E::kPubkeyCount);
    EXPECT_EQ(EvalErr("0 2 0x0102 0x0103 1 CHECKMULTISIG"), E::kSigCount);
    EXPECT_EQ(EvalErr("0 -1 0 CHECKMULTISIG"), E::kSigCount);
    EXPECT_EQ(EvalErr("0 0 CHECKMULTISIG"), E::kInvalidStackOperation);
    EXPECT_EQ(EvalTop("0 0 0 CHECKMULTISIG"), Bytes{1});  // 0-of-0 succeeds
    EXPECT_EQ(EvalErr("0 0 0 CHECKMULTISIGVERIFY 1"), E::kOk);
    EXPECT_EQ(EvalErr("0 0 0x0102 1 CHECKMULTISIGVERIFY 1"), E::kOk);
    EXPECT_EQ(EvalErr("0 1 1 0x0102 1 CHECKMULTISIGVERIFY 1"), E::kCheckMultisigVerify);
}

// ---- Lock time ----

TEST(Interpreter, CheckLockTimeVerify) {
    SpendFixture f(Asm("1"));
    f.tx.lock_time = 100;
    const auto checker = f.Checker();
    const uint32_t fl = SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
    auto run = [&](const std::string& s, uint32_t flags = SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY) {
        return Eval(Asm(s), flags, SigVersion::kBase, checker).error;
    };
    EXPECT_EQ(run("100 CLTV"), E::kOk);
    EXPECT_EQ(run("99 CLTV"), E::kOk);
    EXPECT_EQ(run("0 CLTV"), E::kOk);
    EXPECT_EQ(run("101 CLTV"), E::kUnsatisfiedLocktime);
    EXPECT_EQ(run("-1 CLTV"), E::kNegativeLocktime);
    EXPECT_EQ(run("CLTV"), E::kInvalidStackOperation);
    EXPECT_EQ(run("500000000 CLTV"), E::kUnsatisfiedLocktime);       // time against a height lock
    EXPECT_EQ(run("0x050000000001 CLTV"), E::kUnsatisfiedLocktime);  // 5-byte operands are allowed
    EXPECT_EQ(run("0x06000000000001 CLTV"), E::kUnknown);            // 6 bytes are not
    EXPECT_EQ(run("101 CLTV", 0), E::kOk);                           // a NOP without the flag
    // The operand stays on the stack.
    EXPECT_EQ(Eval(Asm("100 CLTV"), fl, SigVersion::kBase, checker).stack, ScriptStack{{100}});
    // A final input disables nLockTime, so CLTV fails.
    f.tx.vin[0].sequence = 0xffffffff;
    EXPECT_EQ(Eval(Asm("100 CLTV"), fl, SigVersion::kBase, f.Checker()).error, E::kUnsatisfiedLocktime);
    // Time locks compare with time locks.
    f.tx.vin[0].sequence = 0;
    f.tx.lock_time = 600000000;
    EXPECT_EQ(Eval(Asm("500000000 CLTV"), fl, SigVersion::kBase, f.Checker()).error, E::kOk);
    EXPECT_EQ(Eval(Asm("100 CLTV"), fl, SigVersion::kBase, f.Checker()).error, E::kUnsatisfiedLocktime);
    // The base checker (block proofs) refuses lock times.
    EXPECT_EQ(Eval(Asm("0 CLTV"), fl).error, E::kUnsatisfiedLocktime);
}

TEST(Interpreter, CheckSequenceVerify) {
    SpendFixture f(Asm("1"));
    f.tx.vin[0].sequence = 10;
    const uint32_t fl = SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
    auto run = [&](const std::string& s) { return Eval(Asm(s), fl, SigVersion::kBase, f.Checker()).error; };
    EXPECT_EQ(run("10 CSV"), E::kOk);
    EXPECT_EQ(run("3 CSV"), E::kOk);
    EXPECT_EQ(run("11 CSV"), E::kUnsatisfiedLocktime);
    EXPECT_EQ(run("-1 CSV"), E::kNegativeLocktime);
    EXPECT_EQ(run("0x0400004000 CSV"), E::kUnsatisfiedLocktime);  // time-type operand vs height sequence
    EXPECT_EQ(run("0x050000008000 CSV"), E::kOk);                 // disable bit in the operand: NOP
    EXPECT_EQ(run("0x03000001 CSV"), E::kOk);  // bits outside the mask are ignored (0x010000 & mask = 0)
    // Version must be >= 2 as uint32.
    f.tx.version = 1;
    EXPECT_EQ(run("10 CSV"), E::kUnsatisfiedLocktime);
    f.tx.version = -1;  // 0xffffffff as uint32
    EXPECT_EQ(run("10 CSV"), E::kOk);
    f.tx.version = 2;
    // Input with the disable bit set.
    f.tx.vin[0].sequence = 0x80000000u | 10;
    EXPECT_EQ(run("10 CSV"), E::kUnsatisfiedLocktime);
    // Time-based.
    f.tx.vin[0].sequence = kSequenceLocktimeTypeFlag | 20;
    EXPECT_EQ(run("0x03140040 CSV"), E::kOk);  // type flag | 20
    EXPECT_EQ(run("0x03150040 CSV"), E::kUnsatisfiedLocktime);
    EXPECT_EQ(run("5 CSV"), E::kUnsatisfiedLocktime);
}

// ---- P2SH, CLEANSTACK, SIGPUSHONLY ----

Script P2SH(const Script& redeem) {
    return Script() << OP_HASH160 << Hash160(redeem.span()) << OP_EQUAL;
}

TEST(Interpreter, P2shAndCleanStack) {
    const Script redeem = Asm("2 3 ADD 5 EQUAL");
    const Script spk = P2SH(redeem);
    const uint32_t f = SCRIPT_VERIFY_P2SH;
    EXPECT_EQ(Verify(Push(redeem.bytes()), spk, f), E::kOk);
    const Script false_redeem = Asm("2 3 ADD 6 EQUAL");
    EXPECT_EQ(Verify(Push(false_redeem.bytes()), P2SH(false_redeem), f), E::kEvalFalse);
    EXPECT_EQ(Verify(Push(false_redeem.bytes()), P2SH(false_redeem), 0), E::kOk);  // hash match only
    EXPECT_EQ(Verify(Asm("NOP") + Push(redeem.bytes()), spk, f), E::kSigPushOnly);
    EXPECT_EQ(Verify(Asm("NOP") + Push(redeem.bytes()), spk, 0), E::kOk);
    EXPECT_EQ(Verify(Push(Asm("1").bytes()), spk, f), E::kEvalFalse);  // hash mismatch
    EXPECT_EQ(Verify(Script(), spk, f), E::kInvalidStackOperation);
    // Redeem scripts get the items pushed before them.
    const Script add = Asm("ADD 7 EQUAL");
    EXPECT_EQ(Verify(Asm("3 4") + Push(add.bytes()), P2SH(add), f), E::kOk);
    // CLEANSTACK after P2SH.
    const uint32_t cs = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_CLEANSTACK;
    EXPECT_EQ(Verify(Asm("1") + Push(redeem.bytes()), spk, cs), E::kCleanStack);
    EXPECT_EQ(Verify(Push(redeem.bytes()), spk, cs), E::kOk);
    EXPECT_EQ(Verify(Asm("1 1"), Asm("NOP"), cs), E::kCleanStack);
    EXPECT_EQ(Verify(Asm("1"), Asm("NOP"), cs), E::kOk);
    EXPECT_EQ(Verify(Asm("1 1"), Asm("NOP"), SCRIPT_VERIFY_P2SH), E::kOk);
    // SIGPUSHONLY for any scriptSig.
    EXPECT_EQ(Verify(Asm("1 DUP"), Asm("EQUAL"), SCRIPT_VERIFY_SIGPUSHONLY), E::kSigPushOnly);
    EXPECT_EQ(Verify(Asm("1 DUP"), Asm("EQUAL"), 0), E::kOk);
    // Result checks.
    EXPECT_EQ(Verify(Asm("0"), Asm("NOP"), 0), E::kEvalFalse);
    EXPECT_EQ(Verify(Script(), Script(), 0), E::kEvalFalse);
}

// ---- Witness programs ----

Script WitnessV0(ByteSpan program) {
    return Script() << OP_0 << program;
}

TEST(Interpreter, P2wpkh) {
    const Key key = TestKey(8);
    const Bytes pub = PubBytes(key);
    const uint160 id = Hash160(pub);
    SpendFixture f(WitnessV0(id.span()));
    const Script code = P2PKH(pub);
    const Bytes sig = f.Sign(key, code, SigVersion::kWitnessV0);
    const ScriptStack wit{sig, pub};
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &wit), E::kOk);
    EXPECT_EQ(f.Run(Script(), kStandardScriptVerifyFlags, &wit), E::kOk);
    // Precomputed data gives the same answer.
    const PrecomputedTransactionData txdata(f.tx);
    const TransactionSignatureChecker<MutableTransaction> pre(&f.tx, 0, f.amount, &txdata);
    EXPECT_EQ(Verify(Script(), f.prev_script, kBlockScriptVerifyFlags, pre, &wit), E::kOk);
    // The amount is committed.
    ConfidentialValue other{Amount{5001}};
    const Bytes wrong_amount = f.Sign(key, code, SigVersion::kWitnessV0, SIGHASH_ALL, &other);
    const ScriptStack wit_amount{wrong_amount, pub};
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &wit_amount), E::kEvalFalse);
    // A legacy-hash signature does not work in witness v0.
    const ScriptStack wit_legacy{f.Sign(key, code, SigVersion::kBase), pub};
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &wit_legacy), E::kEvalFalse);
    // Malleation and shape.
    EXPECT_EQ(f.Run(Asm("0"), kBlockScriptVerifyFlags, &wit), E::kWitnessMalleated);
    const ScriptStack three{sig, pub, Bytes{}};
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &three), E::kWitnessProgramMismatch);
    const ScriptStack none;
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &none), E::kWitnessProgramMismatch);
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, nullptr), E::kWitnessProgramMismatch);
    // Without WITNESS the program is just a true push.
    EXPECT_EQ(f.Run(Script(), SCRIPT_VERIFY_P2SH, nullptr), E::kOk);
    // Witness items over 520 bytes.
    const ScriptStack oversized{Bytes(521, 1), pub};
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &oversized), E::kPushSize);
    // Uncompressed keys: consensus-valid, WITNESS_PUBKEYTYPE rejects them.
    const Key ukey = TestKey(9, false);
    const Bytes upub = PubBytes(ukey);
    ASSERT_EQ(upub.size(), 65u);
    SpendFixture u(WitnessV0(Hash160(upub).span()));
    const ScriptStack uwit{u.Sign(ukey, P2PKH(upub), SigVersion::kWitnessV0), upub};
    EXPECT_EQ(u.Run(Script(), kBlockScriptVerifyFlags, &uwit), E::kOk);
    EXPECT_EQ(u.Run(Script(), kStandardScriptVerifyFlags, &uwit), E::kWitnessPubkeyType);

    // P2SH-wrapped P2WPKH.
    const Script program = WitnessV0(id.span());
    SpendFixture n(P2SH(program));
    const ScriptStack nwit{n.Sign(key, code, SigVersion::kWitnessV0), pub};
    EXPECT_EQ(n.Run(Push(program.bytes()), kStandardScriptVerifyFlags, &nwit), E::kOk);
    EXPECT_EQ(n.Run(Asm("0") + Push(program.bytes()), kBlockScriptVerifyFlags, &nwit),
              E::kWitnessMalleatedP2SH);
    // A non-minimal push of the program is malleation too.
    const Script pushdata1 = Script(Bytes{OP_PUSHDATA1, static_cast<uint8_t>(program.size())}) + program;
    EXPECT_EQ(n.Run(pushdata1, kBlockScriptVerifyFlags, &nwit), E::kWitnessMalleatedP2SH);
}

TEST(Interpreter, P2wshAndUpgradablePrograms) {
    const Key key = TestKey(10);
    const Bytes pub = PubBytes(key);
    const Script ws = Push(pub) + Asm("CHECKSIG");
    const uint256 program = Sha256Hash(ws.span());
    SpendFixture f(WitnessV0(program.span()));
    const Bytes sig = f.Sign(key, ws, SigVersion::kWitnessV0);
    const ScriptStack wit{sig, ws.bytes()};
    EXPECT_EQ(f.Run(Script(), kStandardScriptVerifyFlags, &wit), E::kOk);
    const ScriptStack empty;
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &empty), E::kWitnessProgramWitnessEmpty);
    const ScriptStack wrong{sig, Asm("1").bytes()};
    EXPECT_EQ(f.Run(Script(), kBlockScriptVerifyFlags, &wrong), E::kWitnessProgramMismatch);
    // Implicit clean stack.
    const Script ws2 = Asm("1");
    SpendFixture g(WitnessV0(Sha256Hash(ws2.span()).span()));
    const ScriptStack extra{Bytes{1}, ws2.bytes()};
    EXPECT_EQ(g.Run(Script(), kBlockScriptVerifyFlags, &extra), E::kEvalFalse);
    const ScriptStack clean{ws2.bytes()};
    EXPECT_EQ(g.Run(Script(), kBlockScriptVerifyFlags, &clean), E::kOk);
    // MINIMALIF in witness scripts.
    const Script ifs = Asm("IF 1 ELSE 0 ENDIF");
    SpendFixture h(WitnessV0(Sha256Hash(ifs.span()).span()));
    const ScriptStack two{Bytes{2}, ifs.bytes()};
    EXPECT_EQ(h.Run(Script(), kBlockScriptVerifyFlags, &two), E::kOk);
    EXPECT_EQ(h.Run(Script(), kStandardScriptVerifyFlags, &two), E::kMinimalIf);
    // Wrong v0 lengths, upgradable versions.
    SpendFixture bad_len(WitnessV0(Bytes(25, 1)));
    EXPECT_EQ(bad_len.Run(Script(), kBlockScriptVerifyFlags, &wit), E::kWitnessProgramWrongLength);
    SpendFixture v1(Script() << OP_1 << Bytes(32, 1));
    EXPECT_EQ(v1.Run(Script(), kBlockScriptVerifyFlags, &wit), E::kOk);
    EXPECT_EQ(v1.Run(Script(), kStandardScriptVerifyFlags, &wit), E::kDiscourageUpgradableWitnessProgram);
    // A witness on a non-witness spend.
    SpendFixture p2pkh(P2PKH(pub));
    const Bytes lsig = p2pkh.Sign(key, p2pkh.prev_script, SigVersion::kBase);
    EXPECT_EQ(p2pkh.Run(Push(lsig) + Push(pub), kBlockScriptVerifyFlags, &wit), E::kWitnessUnexpected);
    EXPECT_EQ(p2pkh.Run(Push(lsig) + Push(pub), SCRIPT_VERIFY_P2SH, &wit), E::kOk);
    // P2SH-P2WSH.
    const Script wprog = WitnessV0(program.span());
    SpendFixture n(P2SH(wprog));
    const ScriptStack nwit{n.Sign(key, ws, SigVersion::kWitnessV0), ws.bytes()};
    EXPECT_EQ(n.Run(Push(wprog.bytes()), kStandardScriptVerifyFlags, &nwit), E::kOk);
    // FindAndDelete does not apply to witness scripts: a signature push in the witness script stays
    // in the signed script code.
    const Script ws3 = Push(pub) + Asm("CHECKSIGVERIFY 1");
    SpendFixture k(WitnessV0(Sha256Hash(ws3.span()).span()));
    const ScriptStack kwit{k.Sign(key, ws3, SigVersion::kWitnessV0), ws3.bytes()};
    EXPECT_EQ(k.Run(Script(), kBlockScriptVerifyFlags, &kwit), E::kOk);
}

TEST(Interpreter, CountWitnessSigOps) {
    const Bytes pub(33, 2);
    const Script ms = Asm("1") + Push(pub) + Push(pub) + Asm("2 CHECKMULTISIG CHECKSIG");
    const ScriptStack wsh{Bytes{}, ms.bytes()};
    const Script p2wsh = WitnessV0(Sha256Hash(ms.span()).span());
    const Script p2wpkh = WitnessV0(Bytes(20, 3));
    const uint32_t f = kBlockScriptVerifyFlags;
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wpkh, nullptr, f), 1u);
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wsh, &wsh, f), 3u);
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wsh, nullptr, f), 0u);
    EXPECT_EQ(CountWitnessSigOps(Push(p2wpkh.bytes()), P2SH(p2wpkh), nullptr, f), 1u);
    EXPECT_EQ(CountWitnessSigOps(Push(p2wsh.bytes()), P2SH(p2wsh), &wsh, f), 3u);
    EXPECT_EQ(CountWitnessSigOps(Asm("NOP") + Push(p2wsh.bytes()), P2SH(p2wsh), &wsh, f), 0u);
    EXPECT_EQ(CountWitnessSigOps(Script(), p2wpkh, nullptr, SCRIPT_VERIFY_P2SH), 0u);
    EXPECT_EQ(CountWitnessSigOps(Script(), P2PKH(pub), nullptr, f), 0u);
}

// ---- Block-signature checker (§2.2) ----

TEST(Interpreter, BlockSignatureChecker) {
    const Key k1 = TestKey(11), k2 = TestKey(12), k3 = TestKey(13);
    const uint256 hash = Sha256dHash(Str("header"));
    const BlockSignatureChecker checker(hash);
    const Bytes s1 = SignHash(k1, hash), s2 = SignHash(k2, hash), s3 = SignHash(k3, hash);
    const Script challenge =
        Asm("2") + Push(PubBytes(k1)) + Push(PubBytes(k2)) + Push(PubBytes(k3)) + Asm("3 CHECKMULTISIG");
    const uint32_t f = kBlockProofVerifyFlags;
    EXPECT_EQ(Verify(Asm("0") + Push(s1) + Push(s2), challenge, f, checker), E::kOk);
    EXPECT_EQ(Verify(Asm("0") + Push(s1) + Push(s3), challenge, f, checker), E::kOk);
    EXPECT_EQ(Verify(Asm("0") + Push(s2) + Push(s1), challenge, f, checker), E::kEvalFalse);
    EXPECT_EQ(Verify(Asm("0") + Push(s1), challenge, f, checker), E::kInvalidStackOperation);
    EXPECT_EQ(Verify(Asm("7") + Push(s1) + Push(s2), challenge, f, checker), E::kOk);  // any dummy
    EXPECT_EQ(Verify(Asm("0") + Push(HighS(s1)) + Push(s2), challenge, f, checker), E::kOk);
    // Trailing bytes after the DER structure are ignored; a hashtype-style byte is not stripped.
    Bytes s1_extra = s1;
    s1_extra.push_back(0x01);
    EXPECT_EQ(Verify(Asm("0") + Push(s1_extra) + Push(s2), challenge, f, checker), E::kOk);
    // The default challenge OP_TRUE with an empty solution.
    EXPECT_EQ(Verify(Script(), Asm("1"), f, checker), E::kOk);
    // Direct checks: empty signature, implausibly sized keys.
    const Script none;
    EXPECT_TRUE(checker.CheckSig(s1, PubBytes(k1), none, SigVersion::kBase));
    EXPECT_FALSE(checker.CheckSig(Bytes{}, PubBytes(k1), none, SigVersion::kBase));
    Bytes long_key = PubBytes(k1);
    long_key.push_back(0);
    EXPECT_FALSE(checker.CheckSig(s1, long_key, none, SigVersion::kBase));
    EXPECT_FALSE(checker.CheckSig(s1, Bytes{}, none, SigVersion::kBase));
    EXPECT_FALSE(
        BlockSignatureChecker(Sha256dHash(Str("other"))).CheckSig(s1, PubBytes(k1), none, SigVersion::kBase));
    // CLTV/CSV are NOPs under proof flags.
    EXPECT_EQ(Verify(Script(), Asm("1000 CLTV 1000 CSV"), f, checker), E::kOk);
}

TEST(Interpreter, PrecomputedDataMatchesSighash) {
    MutableTransaction tx;
    tx.version = 2;
    tx.vin.resize(3);
    for (int i = 0; i < 3; ++i) {
        tx.vin[i].prevout = OutPoint(uint256::FromByte0(static_cast<uint8_t>(i + 1)), i);
        tx.vin[i].sequence = 0xfffffff0 + i;
    }
    tx.vin[1].issuance.amount = ConfidentialValue(Amount{1000});
    tx.vin[1].issuance.asset_entropy = uint256::FromByte0(5);
    tx.vout.resize(2);
    tx.vout[0].value = ConfidentialValue(Amount{1});
    tx.vout[1].value = ConfidentialValue(Amount{2});
    tx.vout[1].script_pubkey = Asm("1 2").bytes();
    const PrecomputedTransactionData txdata(tx);
    const Transaction itx(tx);
    const PrecomputedTransactionData itxdata(itx);
    EXPECT_EQ(txdata.hash_prevouts, itxdata.hash_prevouts);
    EXPECT_EQ(txdata.hash_outputs, itxdata.hash_outputs);
    const Script code = Asm("DUP DROP 1");
    const ConfidentialValue amount{Amount{77}};
    for (unsigned n = 0; n < 3; ++n) {
        for (int32_t type : {1, 2, 3, 0x81, 0x82, 0x83}) {
            const uint256 plain = SignatureHash(code, tx, n, type, amount, SigVersion::kWitnessV0);
            EXPECT_EQ(SignatureHash(code, tx, n, type, amount, SigVersion::kWitnessV0, &txdata), plain);
            EXPECT_EQ(SignatureHash(code, itx, n, type, amount, SigVersion::kWitnessV0, &itxdata), plain);
            // Legacy ignores the precomputed data.
            EXPECT_EQ(SignatureHash(code, tx, n, type, amount, SigVersion::kBase, &txdata),
                      SignatureHash(code, tx, n, type, amount, SigVersion::kBase));
        }
    }
}

}  // namespace
}  // namespace ocean
