#include "ocean/script/opcodes.h"

#include <array>

namespace ocean {
namespace {

// Name of every byte value, built once at compile time. Unnamed slots read "OP_UNKNOWN".
struct OpNameTable {
    std::array<std::string_view, 256> names;

    constexpr OpNameTable() : names{} {
        for (auto& n : names) n = "OP_UNKNOWN";
        constexpr std::string_view kSmall[] = {"1", "2",  "3",  "4",  "5",  "6",  "7",  "8",
                                               "9", "10", "11", "12", "13", "14", "15", "16"};
        for (int i = 0; i < 16; ++i) names[OP_1 + i] = kSmall[i];
        names[OP_0] = "0";
        names[OP_1NEGATE] = "-1";
        names[OP_PUSHDATA1] = "OP_PUSHDATA1";
        names[OP_PUSHDATA2] = "OP_PUSHDATA2";
        names[OP_PUSHDATA4] = "OP_PUSHDATA4";
        names[OP_RESERVED] = "OP_RESERVED";

        names[OP_NOP] = "OP_NOP";
        names[OP_VER] = "OP_VER";
        names[OP_IF] = "OP_IF";
        names[OP_NOTIF] = "OP_NOTIF";
        names[OP_VERIF] = "OP_VERIF";
        names[OP_VERNOTIF] = "OP_VERNOTIF";
        names[OP_ELSE] = "OP_ELSE";
        names[OP_ENDIF] = "OP_ENDIF";
        names[OP_VERIFY] = "OP_VERIFY";
        names[OP_RETURN] = "OP_RETURN";

        names[OP_TOALTSTACK] = "OP_TOALTSTACK";
        names[OP_FROMALTSTACK] = "OP_FROMALTSTACK";
        names[OP_2DROP] = "OP_2DROP";
        names[OP_2DUP] = "OP_2DUP";
        names[OP_3DUP] = "OP_3DUP";
        names[OP_2OVER] = "OP_2OVER";
        names[OP_2ROT] = "OP_2ROT";
        names[OP_2SWAP] = "OP_2SWAP";
        names[OP_IFDUP] = "OP_IFDUP";
        names[OP_DEPTH] = "OP_DEPTH";
        names[OP_DROP] = "OP_DROP";
        names[OP_DUP] = "OP_DUP";
        names[OP_NIP] = "OP_NIP";
        names[OP_OVER] = "OP_OVER";
        names[OP_PICK] = "OP_PICK";
        names[OP_ROLL] = "OP_ROLL";
        names[OP_ROT] = "OP_ROT";
        names[OP_SWAP] = "OP_SWAP";
        names[OP_TUCK] = "OP_TUCK";

        names[OP_CAT] = "OP_CAT";
        names[OP_SUBSTR] = "OP_SUBSTR";
        names[OP_LEFT] = "OP_LEFT";
        names[OP_RIGHT] = "OP_RIGHT";
        names[OP_SIZE] = "OP_SIZE";

        names[OP_INVERT] = "OP_INVERT";
        names[OP_AND] = "OP_AND";
        names[OP_OR] = "OP_OR";
        names[OP_XOR] = "OP_XOR";
        names[OP_EQUAL] = "OP_EQUAL";
        names[OP_EQUALVERIFY] = "OP_EQUALVERIFY";
        names[OP_RESERVED1] = "OP_RESERVED1";
        names[OP_RESERVED2] = "OP_RESERVED2";

        names[OP_1ADD] = "OP_1ADD";
        names[OP_1SUB] = "OP_1SUB";
        names[OP_2MUL] = "OP_2MUL";
        names[OP_2DIV] = "OP_2DIV";
        names[OP_NEGATE] = "OP_NEGATE";
        names[OP_ABS] = "OP_ABS";
        names[OP_NOT] = "OP_NOT";
        names[OP_0NOTEQUAL] = "OP_0NOTEQUAL";
        names[OP_ADD] = "OP_ADD";
        names[OP_SUB] = "OP_SUB";
        names[OP_MUL] = "OP_MUL";
        names[OP_DIV] = "OP_DIV";
        names[OP_MOD] = "OP_MOD";
        names[OP_LSHIFT] = "OP_LSHIFT";
        names[OP_RSHIFT] = "OP_RSHIFT";
        names[OP_BOOLAND] = "OP_BOOLAND";
        names[OP_BOOLOR] = "OP_BOOLOR";
        names[OP_NUMEQUAL] = "OP_NUMEQUAL";
        names[OP_NUMEQUALVERIFY] = "OP_NUMEQUALVERIFY";
        names[OP_NUMNOTEQUAL] = "OP_NUMNOTEQUAL";
        names[OP_LESSTHAN] = "OP_LESSTHAN";
        names[OP_GREATERTHAN] = "OP_GREATERTHAN";
        names[OP_LESSTHANOREQUAL] = "OP_LESSTHANOREQUAL";
        names[OP_GREATERTHANOREQUAL] = "OP_GREATERTHANOREQUAL";
        names[OP_MIN] = "OP_MIN";
        names[OP_MAX] = "OP_MAX";
        names[OP_WITHIN] = "OP_WITHIN";

        names[OP_RIPEMD160] = "OP_RIPEMD160";
        names[OP_SHA1] = "OP_SHA1";
        names[OP_SHA256] = "OP_SHA256";
        names[OP_HASH160] = "OP_HASH160";
        names[OP_HASH256] = "OP_HASH256";
        names[OP_CODESEPARATOR] = "OP_CODESEPARATOR";
        names[OP_CHECKSIG] = "OP_CHECKSIG";
        names[OP_CHECKSIGVERIFY] = "OP_CHECKSIGVERIFY";
        names[OP_CHECKMULTISIG] = "OP_CHECKMULTISIG";
        names[OP_CHECKMULTISIGVERIFY] = "OP_CHECKMULTISIGVERIFY";

        names[OP_NOP1] = "OP_NOP1";
        names[OP_CHECKLOCKTIMEVERIFY] = "OP_CHECKLOCKTIMEVERIFY";
        names[OP_CHECKSEQUENCEVERIFY] = "OP_CHECKSEQUENCEVERIFY";
        names[OP_WITHDRAWPROOFVERIFY] = "OP_WITHDRAWPROOFVERIFY";
        names[OP_NOP5] = "OP_NOP5";
        names[OP_NOP6] = "OP_NOP6";
        names[OP_DEREGISTERADDRESS] = "OP_DEREGISTERADDRESS";
        names[OP_NOP8] = "OP_NOP8";
        names[OP_REGISTERADDRESS] = "OP_REGISTERADDRESS";
        names[OP_NOP10] = "OP_NOP10";

        names[OP_DETERMINISTICRANDOM] = "OP_DETERMINISTICRANDOM";
        names[OP_CHECKSIGFROMSTACK] = "OP_CHECKSIGFROMSTACK";
        names[OP_CHECKSIGFROMSTACKVERIFY] = "OP_CHECKSIGFROMSTACKVERIFY";
        names[OP_SUBSTR_LAZY] = "OP_SUBSTR_LAZY";

        names[OP_INVALIDOPCODE] = "OP_INVALIDOPCODE";
    }
};

constexpr OpNameTable kOpNames;

}  // namespace

std::string_view GetOpName(Opcode opcode) {
    return kOpNames.names[opcode];
}

int DecodeOpN(Opcode opcode) {
    if (opcode == OP_0) return 0;
    if (IsSmallIntegerOp(opcode)) return static_cast<int>(opcode) - static_cast<int>(OP_1) + 1;
    return -1;
}

Opcode EncodeOpN(int n) {
    if (n == 0) return OP_0;
    if (n >= 1 && n <= 16) return static_cast<Opcode>(OP_1 + n - 1);
    return OP_INVALIDOPCODE;
}

}  // namespace ocean
