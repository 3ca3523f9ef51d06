// Pkcs11Module and the CK_RV vocabulary (see pkcs11_module.h).
#include "ocean/signer/pkcs11_module.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>

namespace ocean {

namespace {

struct RvInfo {
    CK_RV rv;
    const char* name;
    const char* text;
};

// The codes an operator may meet, with what they mean for a block-signing key.
constexpr RvInfo kRvInfo[] = {
    {CKR_OK, "CKR_OK", "success"},
    {CKR_CANCEL, "CKR_CANCEL", "the operation was cancelled"},
    {CKR_HOST_MEMORY, "CKR_HOST_MEMORY", "the module ran out of host memory"},
    {CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID", "no such slot"},
    {CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR", "the module reported an unrecoverable error"},
    {CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED", "the token could not perform the operation"},
    {CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD", "the module rejected the arguments"},
    {CKR_ATTRIBUTE_READ_ONLY, "CKR_ATTRIBUTE_READ_ONLY", "an attribute cannot be set"},
    {CKR_ATTRIBUTE_SENSITIVE, "CKR_ATTRIBUTE_SENSITIVE", "the attribute is sensitive and cannot be read"},
    {CKR_ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID", "the token does not know an attribute"},
    {CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID",
     "an attribute value was refused (is secp256k1 supported by this token?)"},
    {CKR_DATA_INVALID, "CKR_DATA_INVALID", "the data to sign was refused"},
    {CKR_DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE", "the data to sign has a length the token refuses"},
    {CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR", "the device reported an error"},
    {CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY", "the token is out of memory"},
    {CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED", "the device was removed"},
    {CKR_FUNCTION_CANCELED, "CKR_FUNCTION_CANCELED", "the function was cancelled"},
    {CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED", "the module does not implement the function"},
    {CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID", "the key handle is no longer valid"},
    {CKR_KEY_SIZE_RANGE, "CKR_KEY_SIZE_RANGE", "the key size is not supported"},
    {CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT", "the key type does not fit the mechanism"},
    {CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED",
     "the key may not sign (CKA_SIGN false)"},
    {CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID", "the token does not offer the mechanism"},
    {CKR_MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID", "the mechanism parameters were refused"},
    {CKR_OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID", "the object handle is no longer valid"},
    {CKR_OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE", "another operation is active in the session"},
    {CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED", "the operation was not initialized"},
    {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT", "the PIN is wrong"},
    {CKR_PIN_INVALID, "CKR_PIN_INVALID", "the PIN contains characters the token refuses"},
    {CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE", "the PIN is too long or too short"},
    {CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED", "the PIN has expired"},
    {CKR_PIN_LOCKED, "CKR_PIN_LOCKED",
     "the PIN is locked after too many failures (unlock it with the SO PIN)"},
    {CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED", "the session was closed"},
    {CKR_SESSION_COUNT, "CKR_SESSION_COUNT", "the token has too many open sessions"},
    {CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID", "the session is no longer valid"},
    {CKR_SESSION_READ_ONLY, "CKR_SESSION_READ_ONLY", "the session is read-only"},
    {CKR_SESSION_EXISTS, "CKR_SESSION_EXISTS", "a session with the token exists already"},
    {CKR_SESSION_READ_WRITE_SO_EXISTS, "CKR_SESSION_READ_WRITE_SO_EXISTS",
     "a security officer session exists"},
    {CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID", "the signature is invalid"},
    {CKR_TEMPLATE_INCOMPLETE, "CKR_TEMPLATE_INCOMPLETE", "an attribute the token needs is missing"},
    {CKR_TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT", "the attributes contradict each other"},
    {CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT", "there is no token in the slot"},
    {CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED", "the token is not recognized"},
    {CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED", "the token is write-protected"},
    {CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN", "the user is already logged in"},
    {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN", "the session is not logged in"},
    {CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED", "the token has no user PIN yet"},
    {CKR_USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID", "the user type is invalid"},
    {CKR_USER_ANOTHER_ALREADY_LOGGED_IN, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN", "another user is logged in"},
    {CKR_USER_TOO_MANY_TYPES, "CKR_USER_TOO_MANY_TYPES", "too many users are logged in"},
    {CKR_DOMAIN_PARAMS_INVALID, "CKR_DOMAIN_PARAMS_INVALID",
     "the token does not support the curve secp256k1"},
    {CKR_CURVE_NOT_SUPPORTED, "CKR_CURVE_NOT_SUPPORTED", "the token does not support the curve secp256k1"},
    {CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL", "the output buffer is too small"},
    {CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED", "the module was finalized"},
    {CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED",
     "the module is already initialized"},
    {CKR_NEED_TO_CREATE_THREADS, "CKR_NEED_TO_CREATE_THREADS", "the module needs to create threads"},
    {CKR_CANT_LOCK, "CKR_CANT_LOCK", "the module cannot use OS locking"},
};

const RvInfo* FindRv(CK_RV rv) {
    for (const RvInfo& i : kRvInfo)
        if (i.rv == rv) return &i;
    return nullptr;
}

}  // namespace

std::string Pkcs11ReturnName(CK_RV rv) {
    if (const RvInfo* i = FindRv(rv)) return i->name;
    char buf[32];
    std::snprintf(buf, sizeof(buf), "CKR_0x%lx", static_cast<unsigned long>(rv));
    return buf;
}

std::string Pkcs11ReturnText(CK_RV rv) {
    if (const RvInfo* i = FindRv(rv)) return i->text;
    return "unknown PKCS#11 error";
}

bool IsPkcs11PinError(CK_RV rv) {
    return rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE ||
           rv == CKR_PIN_EXPIRED || rv == CKR_PIN_LOCKED || rv == CKR_USER_PIN_NOT_INITIALIZED;
}

bool IsPkcs11SessionLost(CK_RV rv) {
    return rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED || rv == CKR_DEVICE_REMOVED ||
           rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_USER_NOT_LOGGED_IN ||
           rv == CKR_CRYPTOKI_NOT_INITIALIZED || rv == CKR_DEVICE_ERROR || rv == CKR_SLOT_ID_INVALID ||
           rv == CKR_KEY_HANDLE_INVALID || rv == CKR_OBJECT_HANDLE_INVALID;
}

std::string Pkcs11ErrorCode(CK_RV rv) {
    if (IsPkcs11PinError(rv)) return "hsm-pin";
    if (IsPkcs11SessionLost(rv)) return "hsm-session-lost";
    if (rv == CKR_KEY_TYPE_INCONSISTENT || rv == CKR_KEY_FUNCTION_NOT_PERMITTED || rv == CKR_KEY_SIZE_RANGE)
        return "hsm-key";
    if (rv == CKR_MECHANISM_INVALID || rv == CKR_CURVE_NOT_SUPPORTED || rv == CKR_DOMAIN_PARAMS_INVALID)
        return "hsm-mechanism";
    return "hsm-token";
}

Error Pkcs11Error(std::string_view what, CK_RV rv) {
    return Error(Pkcs11ErrorCode(rv),
                 std::string(what) + ": " + Pkcs11ReturnName(rv) + " (" + Pkcs11ReturnText(rv) + ")");
}

std::string Pkcs11Text(const unsigned char* field, size_t size) {
    std::string s(reinterpret_cast<const char*>(field), size);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    return s;
}

std::string Pkcs11TokenLocation::Describe() const {
    if (token_label) return "token '" + *token_label + "'";
    if (slot_id) return "slot " + std::to_string(*slot_id);
    return "no token";
}

Result<std::shared_ptr<Pkcs11Module>> Pkcs11Module::Load(const std::filesystem::path& path) {
    const std::string name = path.string();
    struct stat st {};
    if (::stat(name.c_str(), &st) != 0)
        return Error("hsm-module",
                     "PKCS#11 module " + name + " does not exist (is the HSM's library installed?)");
    if (!S_ISREG(st.st_mode)) return Error("hsm-module", "PKCS#11 module " + name + " is not a file");

    std::shared_ptr<Pkcs11Module> m(new Pkcs11Module());
    m->path_ = path;
    // RTLD_LOCAL: the module's symbols stay private, so two modules exporting C_* never clash.
    ::dlerror();
    m->handle_ = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!m->handle_) {
        const char* e = ::dlerror();
        return Error("hsm-module", "cannot load PKCS#11 module " + name + ": " + (e ? e : "dlopen failed"));
    }
    auto get_list = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(m->handle_, "C_GetFunctionList"));
    if (!get_list) return Error("hsm-module", name + " is not a PKCS#11 module (no C_GetFunctionList)");
    CK_FUNCTION_LIST* list = nullptr;
    const CK_RV rv = get_list(&list);
    if (rv != CKR_OK || !list) {
        if (rv != CKR_OK) return Pkcs11Error(name + ": C_GetFunctionList failed", rv);
        return Error("hsm-module", name + ": C_GetFunctionList returned no function list");
    }
    if (list->version.major != 2)
        return Error("hsm-module", name + " implements Cryptoki " + std::to_string(list->version.major) +
                                       "." + std::to_string(list->version.minor) + "; version 2.x is needed");
    m->fn_ = list;
    if (Status s = m->Initialize(); !s) {
        Error e = s.error();
        e.code = "hsm-module";
        return e;
    }
    CK_INFO info{};
    if (m->fn_->C_GetInfo(&info) == CKR_OK) {
        m->library_description_ = Pkcs11Text(info.manufacturerID, sizeof(info.manufacturerID)) + " " +
                                  Pkcs11Text(info.libraryDescription, sizeof(info.libraryDescription)) +
                                  " (Cryptoki " + std::to_string(info.cryptokiVersion.major) + "." +
                                  std::to_string(info.cryptokiVersion.minor) + ")";
    }
    return m;
}

Status Pkcs11Module::Initialize() {
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = fn_->C_Initialize(&args);
    if (rv == CKR_OK) {
        we_initialized_ = true;
        return Status::Ok();
    }
    if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        we_initialized_ = false;  // someone else in the process owns the initialization
        return Status::Ok();
    }
    return Pkcs11Error(path_.string() + ": C_Initialize failed", rv);
}

Status Pkcs11Module::Reinitialize() {
    std::lock_guard<std::mutex> lock(init_mutex_);
    if (we_initialized_) fn_->C_Finalize(nullptr);
    we_initialized_ = false;
    return Initialize();
}

Pkcs11Module::~Pkcs11Module() {
    if (fn_ && we_initialized_) fn_->C_Finalize(nullptr);
    if (handle_) ::dlclose(handle_);
}

Result<std::vector<Pkcs11SlotInfo>> Pkcs11Module::ListSlots() const {
    CK_ULONG count = 0;
    CK_RV rv = fn_->C_GetSlotList(CK_FALSE, nullptr, &count);
    if (rv != CKR_OK) return Pkcs11Error("C_GetSlotList", rv);
    std::vector<CK_SLOT_ID> ids(count);
    rv = fn_->C_GetSlotList(CK_FALSE, ids.data(), &count);
    if (rv != CKR_OK) return Pkcs11Error("C_GetSlotList", rv);
    ids.resize(count);
    std::vector<Pkcs11SlotInfo> out;
    for (CK_SLOT_ID id : ids) {
        Pkcs11SlotInfo s;
        s.slot_id = id;
        CK_SLOT_INFO si{};
        if (fn_->C_GetSlotInfo(id, &si) == CKR_OK) s.token_present = (si.flags & CKF_TOKEN_PRESENT) != 0;
        if (s.token_present) {
            CK_TOKEN_INFO ti{};
            if (fn_->C_GetTokenInfo(id, &ti) == CKR_OK) {
                s.token_initialized = (ti.flags & CKF_TOKEN_INITIALIZED) != 0;
                s.user_pin_initialized = (ti.flags & CKF_USER_PIN_INITIALIZED) != 0;
                s.login_required = (ti.flags & CKF_LOGIN_REQUIRED) != 0;
                s.token_label = Pkcs11Text(ti.label, sizeof(ti.label));
                s.manufacturer = Pkcs11Text(ti.manufacturerID, sizeof(ti.manufacturerID));
                s.model = Pkcs11Text(ti.model, sizeof(ti.model));
                s.serial = Pkcs11Text(ti.serialNumber, sizeof(ti.serialNumber));
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

Result<CK_SLOT_ID> Pkcs11Module::FindSlot(const Pkcs11TokenLocation& where) const {
    auto slots = ListSlots();
    if (!slots) return slots.error();
    if (where.token_label) {
        std::optional<CK_SLOT_ID> found;
        for (const Pkcs11SlotInfo& s : *slots) {
            if (!s.token_present || !s.token_initialized || s.token_label != *where.token_label) continue;
            if (found)
                return Error("hsm-token", "several tokens are labelled '" + *where.token_label + "' in " +
                                              path_.string() + "; use -hsmslot");
            found = s.slot_id;
        }
        if (!found)
            return Error("hsm-token", "no initialized token labelled '" + *where.token_label + "' in " +
                                          path_.string() + " (ocean-hsm slots lists the tokens)");
        return *found;
    }
    if (where.slot_id) {
        for (const Pkcs11SlotInfo& s : *slots) {
            if (s.slot_id != *where.slot_id) continue;
            if (!s.token_present)
                return Error("hsm-token", "slot " + std::to_string(s.slot_id) + " has no token");
            if (!s.token_initialized)
                return Error("hsm-token",
                             "the token in slot " + std::to_string(s.slot_id) + " is not initialized");
            return s.slot_id;
        }
        return Error("hsm-token", "no slot " + std::to_string(*where.slot_id) + " in " + path_.string());
    }
    return Error("hsm-token", "neither a token label nor a slot was given");
}

Result<CK_SLOT_ID> Pkcs11Module::FindUninitializedSlot() const {
    auto slots = ListSlots();
    if (!slots) return slots.error();
    for (const Pkcs11SlotInfo& s : *slots)
        if (s.token_present && !s.token_initialized) return s.slot_id;
    return Error("hsm-token", "no slot with an uninitialized token in " + path_.string());
}

Result<CK_SLOT_ID> Pkcs11Module::InitToken(CK_SLOT_ID slot, std::string_view label,
                                           const SecretString& so_pin, const SecretString& user_pin) {
    if (label.empty() || label.size() > 32) return Error("hsm-token", "a token label has 1 to 32 characters");
    unsigned char padded[32];
    std::memset(padded, ' ', sizeof(padded));
    std::memcpy(padded, label.data(), label.size());
    CK_RV rv =
        fn_->C_InitToken(slot, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(so_pin.view().data())),
                         so_pin.size(), padded);
    if (rv != CKR_OK) return Pkcs11Error("C_InitToken", rv);
    const Pkcs11TokenLocation where{std::string(label), std::nullopt};
    auto new_slot = FindSlot(where);
    if (!new_slot) return new_slot.error();
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    rv = fn_->C_OpenSession(*new_slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session);
    if (rv != CKR_OK) return Pkcs11Error("C_OpenSession", rv);
    rv = fn_->C_Login(session, CKU_SO,
                      reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(so_pin.view().data())),
                      so_pin.size());
    if (rv == CKR_OK) {
        rv = fn_->C_InitPIN(session,
                            reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(user_pin.view().data())),
                            user_pin.size());
        fn_->C_Logout(session);
        if (rv != CKR_OK) {
            fn_->C_CloseSession(session);
            return Pkcs11Error("C_InitPIN", rv);
        }
    } else {
        fn_->C_CloseSession(session);
        return Pkcs11Error("C_Login (security officer)", rv);
    }
    fn_->C_CloseSession(session);
    return *new_slot;
}

}  // namespace ocean
