// Script assembly: the human-readable "asm" form Ocean prints in RPC results.
#pragma once

#include <string>

#include "ocean/script/script.h"

namespace ocean {

// Renders a script the way Ocean's RPC does. Instructions are separated by one space:
//  - pushes of at most 4 bytes print as the decimal script number they encode (so OP_0 prints "0");
//  - longer pushes print as lower-case hex;
//  - other opcodes print as GetOpName ("OP_DUP", "1".."16", "-1", "OP_UNKNOWN", ...);
//  - an instruction that cannot be parsed (truncated push) prints "[error]" and ends the output.
// With attempt_sighash_decode (used for scriptSigs), a long push that is a strict-DER signature with a
// defined hashtype byte prints without that byte and with a suffix such as "[ALL]" or
// "[SINGLE|ANYONECANPAY]"; this is skipped for unspendable scripts so OP_RETURN data is never decoded.
std::string ScriptToAsm(const Script& script, bool attempt_sighash_decode = false);

}  // namespace ocean
