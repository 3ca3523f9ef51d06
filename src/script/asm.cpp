#include "ocean/script/asm.h"

#include "ocean/script/sigencoding.h"
#include "ocean/util/hex.h"

namespace ocean {

std::string ScriptToAsm(const Script& script, bool attempt_sighash_decode) {
    std::string out;
    // Decided once: it depends on the whole script, not on the instruction.
    const bool decode_sighash = attempt_sighash_decode && !script.IsUnspendable();
    Script::const_iterator pc = script.begin();
    Opcode op;
    Bytes data;
    while (pc < script.end()) {
        if (!out.empty()) out += ' ';
        if (!script.GetOp(pc, op, data)) {
            out += "[error]";
            break;
        }
        if (op > OP_PUSHDATA4) {
            out += GetOpName(op);
            continue;
        }
        if (data.size() <= 4) {
            // At most 4 bytes always decode (non-minimal forms included) and fit the int32 range.
            out += std::to_string(ScriptNum::Decode(data, false).value().GetInt());
            continue;
        }
        if (decode_sighash && IsValidSignatureEncoding(data) && IsDefinedHashtypeSignature(data)) {
            const std::string_view suffix = SighashTypeName(data.back());
            out += HexStr(ByteSpan(data).first(data.size() - 1));
            out += '[';
            out += suffix;
            out += ']';
            continue;
        }
        out += HexStr(data);
    }
    return out;
}

}  // namespace ocean
