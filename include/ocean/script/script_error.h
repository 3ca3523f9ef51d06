// Why a script failed. The human-readable strings are the ones Ocean puts inside reject reasons such
// as "mandatory-script-verify-flag-failed (<string>)", so they are part of the compatible surface.
#pragma once

#include <string_view>

namespace ocean {

enum class ScriptError {
    kOk = 0,
    kUnknown,
    kEvalFalse,
    kOpReturn,
    // Limits
    kScriptSize,
    kPushSize,
    kOpCount,
    kStackSize,
    kSigCount,
    kPubkeyCount,
    // Failed verify operations
    kVerify,
    kEqualVerify,
    kCheckMultisigVerify,
    kCheckSigVerify,
    kNumEqualVerify,
    // Logical/format/canonical errors
    kBadOpcode,
    kDisabledOpcode,
    kInvalidStackOperation,
    kInvalidAltstackOperation,
    kUnbalancedConditional,
    // CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY
    kNegativeLocktime,
    kUnsatisfiedLocktime,
    // Malleability
    kSigHashtype,
    kSigDer,
    kMinimalData,
    kSigPushOnly,
    kSigHighS,
    kSigNullDummy,
    kPubkeyType,
    kCleanStack,
    kMinimalIf,
    kSigNullFail,
    // Softfork safeness
    kDiscourageUpgradableNops,
    kDiscourageUpgradableWitnessProgram,
    // Segregated witness
    kWitnessProgramWrongLength,
    kWitnessProgramWitnessEmpty,
    kWitnessProgramMismatch,
    kWitnessMalleated,
    kWitnessMalleatedP2SH,
    kWitnessUnexpected,
    kWitnessPubkeyType,
    // Elements/Ocean
    kDeterministicRandomRange,
    kErrorCount,
};

// Ocean's text for the error (e.g. kEvalFalse → "Script evaluated without error but finished with a
// false/empty top stack element").
std::string_view ScriptErrorString(ScriptError error);

}  // namespace ocean
