// The reject-reason texts of script errors (Bitcoin 0.14 / Ocean wording).
#include "ocean/script/script_error.h"

namespace ocean {

std::string_view ScriptErrorString(ScriptError error) {
    switch (error) {
        case ScriptError::kOk:
            return "No error";
        case ScriptError::kEvalFalse:
            return "Script evaluated without error but finished with a false/empty top stack element";
        case ScriptError::kOpReturn:
            return "OP_RETURN was encountered";
        case ScriptError::kScriptSize:
            return "Script is too big";
        case ScriptError::kPushSize:
            return "Push value size limit exceeded";
        case ScriptError::kOpCount:
            return "Operation limit exceeded";
        case ScriptError::kStackSize:
            return "Stack size limit exceeded";
        case ScriptError::kSigCount:
            return "Signature count negative or greater than pubkey count";
        case ScriptError::kPubkeyCount:
            return "Pubkey count negative or limit exceeded";
        case ScriptError::kVerify:
            return "Script failed an OP_VERIFY operation";
        case ScriptError::kEqualVerify:
            return "Script failed an OP_EQUALVERIFY operation";
        case ScriptError::kCheckMultisigVerify:
            return "Script failed an OP_CHECKMULTISIGVERIFY operation";
        case ScriptError::kCheckSigVerify:
            return "Script failed an OP_CHECKSIGVERIFY operation";
        case ScriptError::kNumEqualVerify:
            return "Script failed an OP_NUMEQUALVERIFY operation";
        case ScriptError::kBadOpcode:
            return "Opcode missing or not understood";
        case ScriptError::kDisabledOpcode:
            return "Attempted to use a disabled opcode";
        case ScriptError::kInvalidStackOperation:
            return "Operation not valid with the current stack size";
        case ScriptError::kInvalidAltstackOperation:
            return "Operation not valid with the current altstack size";
        case ScriptError::kUnbalancedConditional:
            return "Invalid OP_IF construction";
        case ScriptError::kNegativeLocktime:
            return "Negative locktime";
        case ScriptError::kUnsatisfiedLocktime:
            return "Locktime requirement not satisfied";
        case ScriptError::kSigHashtype:
            return "Signature hash type missing or not understood";
        case ScriptError::kSigDer:
            return "Non-canonical DER signature";
        case ScriptError::kMinimalData:
            return "Data push larger than necessary";
        case ScriptError::kSigPushOnly:
            return "Only non-push operators allowed in signatures";
        case ScriptError::kSigHighS:
            return "Non-canonical signature: S value is unnecessarily high";
        case ScriptError::kSigNullDummy:
            return "Dummy CHECKMULTISIG argument must be zero";
        case ScriptError::kPubkeyType:
            return "Public key is neither compressed or uncompressed";
        case ScriptError::kCleanStack:
            return "Extra items left on stack after execution";
        case ScriptError::kMinimalIf:
            return "OP_IF/NOTIF argument must be minimal";
        case ScriptError::kSigNullFail:
            return "Signature must be zero for failed CHECK(MULTI)SIG operation";
        case ScriptError::kDiscourageUpgradableNops:
            return "NOPx reserved for soft-fork upgrades";
        case ScriptError::kDiscourageUpgradableWitnessProgram:
            return "Witness version reserved for soft-fork upgrades";
        case ScriptError::kWitnessProgramWrongLength:
            return "Witness program has incorrect length";
        case ScriptError::kWitnessProgramWitnessEmpty:
            return "Witness program was passed an empty witness";
        case ScriptError::kWitnessProgramMismatch:
            return "Witness program hash mismatch";
        case ScriptError::kWitnessMalleated:
            return "Witness requires empty scriptSig";
        case ScriptError::kWitnessMalleatedP2SH:
            return "Witness requires only-redeemscript scriptSig";
        case ScriptError::kWitnessUnexpected:
            return "Witness provided for non-witness script";
        case ScriptError::kWitnessPubkeyType:
            return "Using non-compressed keys in segwit";
        // Ocean reports OP_DETERMINISTICRANDOM's min > max as an unknown error.
        case ScriptError::kDeterministicRandomRange:
        case ScriptError::kUnknown:
        case ScriptError::kErrorCount:
            break;
    }
    return "unknown error";
}

}  // namespace ocean
