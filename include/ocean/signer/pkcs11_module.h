// Pkcs11Module: one PKCS#11 module (the shared library of an HSM vendor, or SoftHSM2) loaded with dlopen,
// its function list (C_GetFunctionList) and its initialization (C_Initialize with CKF_OS_LOCKING_OK, so
// the module may be called from several threads). The module is finalized and unloaded when the object
// goes away; keys hold it through a shared_ptr so it outlives their sessions.
//
// PKCS#11 state is per process and per module: load a given module once and share the object. When the
// library was already initialized by someone else in the process (CKR_CRYPTOKI_ALREADY_INITIALIZED), this
// object uses it without finalizing it at the end.
//
// Also here: slot lookup by token label or slot id, token initialization (dev tokens and tests), and the
// mapping of CK_RV codes to names, explanations and oceand error codes.
#pragma once

#include <p11-kit/pkcs11.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/signer/secret_string.h"
#include "ocean/util/result.h"

namespace ocean {

// Debian's SoftHSM2 module (package softhsm2): the default -hsmmodule.
inline constexpr const char* kDefaultPkcs11Module = "/usr/lib/softhsm/libsofthsm2.so";

// "CKR_PIN_INCORRECT", or "CKR_0x..." for a code without a name.
std::string Pkcs11ReturnName(CK_RV rv);
// What the code means for an operator ("the PIN is wrong", "the token was removed", ...).
std::string Pkcs11ReturnText(CK_RV rv);
// The oceand error code for a CK_RV:
//   "hsm-pin"           wrong, locked, expired or invalid PIN (never retried: tokens lock after failures)
//   "hsm-session-lost"  session closed, device removed, token absent, not logged in, library finalized
//   "hsm-key"           key handle invalid, key type or size unsuitable for ECDSA over secp256k1
//   "hsm-mechanism"     the token does not offer the mechanism or curve
//   "hsm-token"         any other failure reported by the token or the module
std::string Pkcs11ErrorCode(CK_RV rv);
// Error{Pkcs11ErrorCode(rv), "<what>: <NAME> (<text>)"}.
Error Pkcs11Error(std::string_view what, CK_RV rv);
// True for the codes after which closing the session, logging in again and retrying once may succeed.
bool IsPkcs11SessionLost(CK_RV rv);
// True for the PIN codes: logging in again with the same PIN would only bring the token closer to a lock.
bool IsPkcs11PinError(CK_RV rv);

// Where a key's token is: by token label (preferred: slot ids may change when tokens are added) or by slot.
struct Pkcs11TokenLocation {
    std::optional<std::string> token_label;
    std::optional<CK_SLOT_ID> slot_id;

    // "token 'LABEL'" or "slot N".
    std::string Describe() const;
};

// A slot with its token, as C_GetSlotList/C_GetTokenInfo describe it.
struct Pkcs11SlotInfo {
    CK_SLOT_ID slot_id = 0;
    bool token_present = false;
    bool token_initialized = false;
    bool user_pin_initialized = false;
    bool login_required = false;
    std::string token_label;  // blank padding removed
    std::string manufacturer;
    std::string model;
    std::string serial;
};

class Pkcs11Module {
  public:
    // dlopen()s the module at `path`, resolves C_GetFunctionList and calls C_Initialize. Errors (code
    // "hsm-module"): file missing, not a loadable library, not a PKCS#11 module, initialization failure.
    static Result<std::shared_ptr<Pkcs11Module>> Load(const std::filesystem::path& path);

    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module&) = delete;
    Pkcs11Module& operator=(const Pkcs11Module&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // The module's function table; valid while this object lives.
    CK_FUNCTION_LIST* functions() const { return fn_; }
    // "<manufacturer> <description> (Cryptoki x.y)" from C_GetInfo.
    std::string LibraryDescription() const { return library_description_; }

    // Every slot (with or without a token).
    Result<std::vector<Pkcs11SlotInfo>> ListSlots() const;
    // The slot holding an initialized token at `where`. Errors "hsm-token" with the reason (no token with
    // that label, several tokens with that label, slot id unknown, no token in the slot).
    Result<CK_SLOT_ID> FindSlot(const Pkcs11TokenLocation& where) const;
    // A slot whose token is not initialized yet (SoftHSM2 always offers one).
    Result<CK_SLOT_ID> FindUninitializedSlot() const;

    // C_InitToken with the security officer PIN and `label` (at most 32 bytes), then sets the user PIN.
    // Returns the slot of the new token, looked up again by label (SoftHSM2 renumbers slots). For dev
    // tokens and tests; production HSMs are initialized with the vendor's tools.
    Result<CK_SLOT_ID> InitToken(CK_SLOT_ID slot, std::string_view label, const SecretString& so_pin,
                                 const SecretString& user_pin);

    // C_Finalize (when this object initialized the library) followed by C_Initialize: for a key that
    // found the library finalized under it (CKR_CRYPTOKI_NOT_INITIALIZED), and for tests that simulate a
    // token restart. Every session of the module is gone afterwards.
    Status Reinitialize();

  private:
    Pkcs11Module() = default;
    Status Initialize();

    std::filesystem::path path_;
    void* handle_ = nullptr;
    CK_FUNCTION_LIST* fn_ = nullptr;
    bool we_initialized_ = false;
    std::string library_description_;
    std::mutex init_mutex_;  // serializes Initialize/Reinitialize
};

// Blank-padded PKCS#11 text fields (labels, manufacturer ids) without the padding.
std::string Pkcs11Text(const unsigned char* field, size_t size);

}  // namespace ocean
