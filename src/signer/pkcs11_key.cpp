// Pkcs11Key, GeneratePkcs11Key and the EC point / signature conversions (see pkcs11_key.h).
#include "ocean/signer/pkcs11_key.h"

#include <secp256k1.h>

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/secp256k1_context.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/hex.h"
#include "ocean/util/logging.h"

namespace ocean {

namespace {

CK_UTF8CHAR_PTR PinPtr(const SecretString& pin) {
    return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.view().data()));
}

CK_RV Login(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session, const SecretString& pin) {
    const CK_RV rv = fn->C_Login(session, CKU_USER, PinPtr(pin), pin.size());
    // Login state is shared by every session of the application on a token.
    return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

// C_FindObjectsInit/C_FindObjects/C_FindObjectsFinal; at most `max` handles.
CK_RV FindObjects(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session, std::vector<CK_ATTRIBUTE>& tmpl,
                  std::vector<CK_OBJECT_HANDLE>& out, CK_ULONG max = 8) {
    out.clear();
    CK_RV rv = fn->C_FindObjectsInit(session, tmpl.data(), tmpl.size());
    if (rv != CKR_OK) return rv;
    std::vector<CK_OBJECT_HANDLE> handles(max);
    CK_ULONG count = 0;
    rv = fn->C_FindObjects(session, handles.data(), max, &count);
    const CK_RV final_rv = fn->C_FindObjectsFinal(session);
    if (rv != CKR_OK) return rv;
    if (final_rv != CKR_OK) return final_rv;
    handles.resize(count);
    out = std::move(handles);
    return CKR_OK;
}

CK_RV GetAttribute(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                   CK_ATTRIBUTE_TYPE type, Bytes& out) {
    CK_ATTRIBUTE attr{type, nullptr, 0};
    CK_RV rv = fn->C_GetAttributeValue(session, object, &attr, 1);
    if (rv != CKR_OK) return rv;
    if (attr.ulValueLen == CK_UNAVAILABLE_INFORMATION || attr.ulValueLen > 4096)
        return CKR_ATTRIBUTE_VALUE_INVALID;
    out.assign(attr.ulValueLen, 0);
    attr.pValue = out.data();
    rv = fn->C_GetAttributeValue(session, object, &attr, 1);
    if (rv == CKR_OK) out.resize(attr.ulValueLen);
    return rv;
}

// Template entries for the key lookups. The referenced values must outlive the template.
struct KeyTemplate {
    CK_OBJECT_CLASS cls;
    CK_KEY_TYPE key_type = CKK_EC;
    std::string label;
    std::vector<CK_ATTRIBUTE> attrs;

    KeyTemplate(CK_OBJECT_CLASS c, std::string l) : cls(c), label(std::move(l)) {
        attrs = {{CKA_CLASS, &cls, sizeof(cls)},
                 {CKA_KEY_TYPE, &key_type, sizeof(key_type)},
                 {CKA_LABEL, label.data(), label.size()}};
    }
};

// One signature by the token: C_SignInit + C_Sign with CKM_ECDSA over the 32 hash bytes, then the strict
// DER conversion and the check against `pub`.
std::pair<CK_RV, Result<Bytes>> TokenSign(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session,
                                          CK_OBJECT_HANDLE key, const PubKey& pub, const uint256& hash) {
    CK_MECHANISM mech{CKM_ECDSA, nullptr, 0};
    CK_RV rv = fn->C_SignInit(session, &mech, key);
    if (rv != CKR_OK) return {rv, Pkcs11Error("C_SignInit", rv)};
    unsigned char raw[128];
    CK_ULONG len = sizeof(raw);
    uint256 data = hash;
    rv = fn->C_Sign(session, data.data(), 32, raw, &len);
    if (rv != CKR_OK) return {rv, Pkcs11Error("C_Sign", rv)};
    if (len != 64)
        return {CKR_OK, Error("hsm-bad-signature", "the token returned a " + std::to_string(len) +
                                                       "-byte signature; a secp256k1 r||s has 64 bytes")};
    Result<Bytes> der = RawEcdsaToLowSDer(ByteSpan(raw, 64));
    if (!der) return {CKR_OK, der.error()};
    if (!VerifyLowSDer(pub, hash, *der))
        return {CKR_OK, Error("hsm-bad-signature",
                              "the token's signature does not verify for public key " + HexStr(pub.span()))};
    return {CKR_OK, std::move(der)};
}

// A fixed hash for the self-test signatures of Open and GeneratePkcs11Key.
uint256 SelfTestHash() {
    static constexpr std::string_view kText = "oceand pkcs11 key self-test";
    return Sha256Hash(ByteSpan(reinterpret_cast<const uint8_t*>(kText.data()), kText.size()));
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Conversions

Result<PubKey> ParseEcPoint(ByteSpan p) {
    ByteSpan point = p;
    if (!(p.size() == 65 && p[0] == 0x04) && !(p.size() == 33 && (p[0] == 0x02 || p[0] == 0x03))) {
        // DER OCTET STRING: 04 <len> <point>, short or one-byte long length form.
        if (p.size() < 2 || p[0] != 0x04) return Error("hsm-key", "CKA_EC_POINT is neither a point nor DER");
        size_t header = 2;
        size_t len = p[1];
        if (len == 0x81) {
            if (p.size() < 3) return Error("hsm-key", "CKA_EC_POINT: truncated DER length");
            len = p[2];
            header = 3;
        } else if (len > 0x7f) {
            return Error("hsm-key", "CKA_EC_POINT: unexpected DER length form");
        }
        if (p.size() != header + len) return Error("hsm-key", "CKA_EC_POINT: DER length does not match");
        point = p.subspan(header);
    }
    PubKey pub(point);
    if (!pub.IsValid()) return Error("hsm-key", "CKA_EC_POINT does not hold a secp256k1 point");
    Result<PubKey> compressed = pub.Compressed();
    if (!compressed) return Error("hsm-key", "CKA_EC_POINT is not a point on secp256k1");
    return compressed;
}

Result<Bytes> RawEcdsaToLowSDer(ByteSpan raw) {
    if (raw.size() != 64) return Error("hsm-bad-signature", "a raw ECDSA signature has 64 bytes");
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_ecdsa_signature sig;
    if (!secp256k1_ecdsa_signature_parse_compact(ctx, &sig, raw.data()))
        return Error("hsm-bad-signature", "r or s of the token's signature is not below the group order");
    secp256k1_ecdsa_signature_normalize(ctx, &sig, &sig);
    unsigned char der[72];
    size_t len = sizeof(der);
    if (!secp256k1_ecdsa_signature_serialize_der(ctx, der, &len, &sig))
        return Error("hsm-bad-signature", "DER serialization failed");
    return Bytes(der, der + len);
}

// ---------------------------------------------------------------------------------------------------------
// PinSource

Result<SecretString> PinSource::Read() const {
    if (kind == Kind::kFile) {
        Result<SecretString> pin = ReadSecretFile(location, 256);
        if (!pin) return Error("hsm-pin-source", "PIN file: " + pin.error().message);
        return pin;
    }
    if (location.empty()) return Error("hsm-pin-source", "no PIN environment variable name given");
    const char* value = std::getenv(location.c_str());
    if (!value || !*value)
        return Error("hsm-pin-source", "environment variable " + location + " is not set or empty");
    SecretString pin{std::string_view(value)};
    pin.Trim();
    if (pin.empty())
        return Error("hsm-pin-source", "environment variable " + location + " holds only spaces");
    return pin;
}

std::string PinSource::Describe() const {
    return kind == Kind::kFile ? "PIN file " + location : "PIN from $" + location;
}

// ---------------------------------------------------------------------------------------------------------
// Pkcs11Key

Pkcs11Key::Pkcs11Key(std::shared_ptr<Pkcs11Module> module, Pkcs11KeyConfig config, Logger* logger)
    : module_(std::move(module)), config_(std::move(config)), logger_(logger) {}

Pkcs11Key::~Pkcs11Key() {
    std::lock_guard<std::mutex> lock(mutex_);
    CloseLocked();
}

Result<std::unique_ptr<Pkcs11Key>> Pkcs11Key::Open(std::shared_ptr<Pkcs11Module> module,
                                                   Pkcs11KeyConfig config, Logger* logger) {
    if (!module) return Error("hsm-module", "no PKCS#11 module");
    if (config.key_label.empty() || config.key_label.size() > kMaxPkcs11LabelSize)
        return Error("hsm-key",
                     "a key label has 1 to " + std::to_string(kMaxPkcs11LabelSize) + " characters");
    if (!config.token.token_label && !config.token.slot_id)
        return Error("hsm-token", "give the token label (-hsmtoken) or the slot (-hsmslot)");
    std::unique_ptr<Pkcs11Key> key(new Pkcs11Key(std::move(module), std::move(config), logger));
    std::lock_guard<std::mutex> lock(key->mutex_);
    Attempt a = key->ConnectLocked();
    if (a.ok()) {
        Bytes der;
        a = key->SignOnceLocked(SelfTestHash(), der);
        if (!a.ok() && a.error.code == "hsm-bad-signature") {
            a.error =
                Error("hsm-key", "the private and public key objects labelled '" + key->config_.key_label +
                                     "' do not belong together: " + a.error.message);
        }
    }
    if (!a.ok()) {
        key->CloseLocked();
        Error e = a.error;
        e.message = key->config_.token.Describe() + ", key '" + key->config_.key_label + "': " + e.message;
        key->Log(LogLevel::kError, "signer: cannot open PKCS#11 key: " + e.ToString());
        return e;
    }
    key->Log(LogLevel::kInfo, "signer: using " + key->Describe());
    return key;
}

void Pkcs11Key::Log(LogLevel level, const std::string& msg) const {
    if (logger_) logger_->Log(level, LogCategory::kSigner, msg);
}

void Pkcs11Key::CloseLocked() {
    if (session_ != CK_INVALID_HANDLE) module_->functions()->C_CloseSession(session_);
    session_ = CK_INVALID_HANDLE;
    private_key_ = CK_INVALID_HANDLE;
}

Pkcs11Key::Attempt Pkcs11Key::ConnectLocked() {
    CloseLocked();
    Attempt a = ConnectStepsLocked();
    if (!a.ok()) CloseLocked();  // a half-made connection (session without key) is no connection
    return a;
}

Pkcs11Key::Attempt Pkcs11Key::ConnectStepsLocked() {
    if (pin_refused_)
        return {CKR_OK, Error("hsm-pin",
                              "the token refused the PIN before; not logging in again (tokens lock "
                              "the PIN after repeated failures). Fix the PIN, then reconnect")};
    CK_FUNCTION_LIST* fn = module_->functions();
    Result<CK_SLOT_ID> slot = module_->FindSlot(config_.token);
    if (!slot && slot.error().code == "hsm-session-lost") {
        // The library was finalized under us (CKR_CRYPTOKI_NOT_INITIALIZED): initialize it again.
        if (Status s = module_->Reinitialize(); !s) return {CKR_CRYPTOKI_NOT_INITIALIZED, s.error()};
        slot = module_->FindSlot(config_.token);
    }
    if (!slot) return {CKR_OK, slot.error()};
    slot_ = *slot;

    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    CK_RV rv = fn->C_OpenSession(slot_, CKF_SERIAL_SESSION, nullptr, nullptr, &session);
    if (rv != CKR_OK) return {rv, Pkcs11Error("C_OpenSession", rv)};
    session_ = session;

    {
        Result<SecretString> pin = config_.pin.Read();
        if (!pin) return {CKR_OK, pin.error()};
        rv = Login(fn, session_, *pin);
    }  // the PIN is wiped here
    if (rv != CKR_OK) {
        Attempt a{rv, Pkcs11Error("C_Login with the " + config_.pin.Describe(), rv)};
        if (IsPkcs11PinError(rv)) {
            pin_refused_ = true;
            a.error.message += "; not retried, because tokens lock the PIN after repeated failures";
        }
        CloseLocked();
        return a;
    }

    std::vector<CK_OBJECT_HANDLE> found;
    KeyTemplate priv(CKO_PRIVATE_KEY, config_.key_label);
    rv = FindObjects(fn, session_, priv.attrs, found);
    if (rv != CKR_OK) return {rv, Pkcs11Error("C_FindObjects (private key)", rv)};
    if (found.empty())
        return {CKR_OK, Error("hsm-key-missing", "no EC private key labelled '" + config_.key_label +
                                                     "' in the token (create it with: ocean-hsm init)")};
    if (found.size() > 1)
        return {CKR_OK, Error("hsm-key", "several EC private keys are labelled '" + config_.key_label + "'")};
    const CK_OBJECT_HANDLE private_key = found[0];

    Bytes params;
    rv = GetAttribute(fn, session_, private_key, CKA_EC_PARAMS, params);
    if (rv == CKR_OK && !(params == Bytes(std::begin(kSecp256k1EcParams), std::end(kSecp256k1EcParams))))
        return {CKR_OK, Error("hsm-key", "the key labelled '" + config_.key_label +
                                             "' is not on secp256k1 (EC params " + HexStr(params) + ")")};

    KeyTemplate pubt(CKO_PUBLIC_KEY, config_.key_label);
    rv = FindObjects(fn, session_, pubt.attrs, found);
    if (rv != CKR_OK) return {rv, Pkcs11Error("C_FindObjects (public key)", rv)};
    if (found.size() != 1)
        return {CKR_OK, Error("hsm-key-missing", std::string(found.empty() ? "no" : "more than one") +
                                                     " EC public key object labelled '" + config_.key_label +
                                                     "' in the token")};
    Bytes point;
    rv = GetAttribute(fn, session_, found[0], CKA_EC_POINT, point);
    if (rv != CKR_OK) return {rv, Pkcs11Error("reading CKA_EC_POINT", rv)};
    Result<PubKey> pub = ParseEcPoint(point);
    if (!pub) return {CKR_OK, pub.error()};
    if (pub_.IsValid() && !(*pub == pub_))
        return {CKR_OK, Error("hsm-key", "the key labelled '" + config_.key_label + "' now has public key " +
                                             HexStr(pub->span()) + ", not " + HexStr(pub_.span()))};
    // Set once, in Open() before the key is shared; afterwards it is only compared, so PublicKey() and
    // Describe() read it without the mutex.
    if (!pub_.IsValid()) pub_ = *pub;
    private_key_ = private_key;
    return {};
}

Pkcs11Key::Attempt Pkcs11Key::SignOnceLocked(const uint256& hash, Bytes& der) {
    auto [rv, sig] = TokenSign(module_->functions(), session_, private_key_, pub_, hash);
    if (!sig) return {rv, sig.error()};
    der = std::move(*sig);
    return {};
}

void Pkcs11Key::RecordFailureLocked(const Error& e) {
    ++failures_;
    last_error_ = e.ToString();
}

Result<Bytes> Pkcs11Key::Sign(const uint256& hash) {
    std::lock_guard<std::mutex> lock(mutex_);
    Bytes der;
    Attempt a;
    if (session_ == CK_INVALID_HANDLE) {
        // An earlier recovery failed: try to connect again, once per call.
        if (!pin_refused_)
            Log(LogLevel::kWarning,
                "signer: PKCS#11 session is closed; connecting to " + config_.token.Describe());
        a = ConnectLocked();
        if (a.ok()) {
            ++recoveries_;
            a = SignOnceLocked(hash, der);
        }
    } else {
        a = SignOnceLocked(hash, der);
        if (!a.ok() && IsPkcs11SessionLost(a.rv)) {
            Log(LogLevel::kWarning,
                "signer: PKCS#11 session lost (" + a.error.message + "); reopening it and logging in again");
            a = ConnectLocked();
            if (a.ok()) {
                ++recoveries_;
                a = SignOnceLocked(hash, der);
            }
        }
    }
    if (!a.ok()) {
        RecordFailureLocked(a.error);
        Log(LogLevel::kError, "signer: signing with " + config_.token.Describe() + ", key '" +
                                  config_.key_label + "' failed: " + a.error.ToString());
        if (IsPkcs11SessionLost(a.rv)) CloseLocked();
        return a.error;
    }
    ++signatures_;
    last_error_.clear();
    return der;
}

Status Pkcs11Key::Reconnect() {
    std::lock_guard<std::mutex> lock(mutex_);
    pin_refused_ = false;
    Attempt a = ConnectLocked();
    if (!a.ok()) {
        RecordFailureLocked(a.error);
        Log(LogLevel::kWarning,
            "signer: reconnecting to " + config_.token.Describe() + " failed: " + a.error.ToString());
        return a.error;
    }
    ++recoveries_;
    last_error_.clear();
    Log(LogLevel::kInfo, "signer: reconnected to " + config_.token.Describe());
    return Status::Ok();
}

std::string Pkcs11Key::Describe() const {
    return "PKCS#11 key '" + config_.key_label + "' on " + config_.token.Describe() + " (module " +
           module_->path().string() + "), public key " + HexStr(pub_.span());
}

SigningKeyHealth Pkcs11Key::Health() const {
    SigningKeyHealth h;
    h.backend = "pkcs11";
    h.description = Describe();
    std::lock_guard<std::mutex> lock(mutex_);
    h.ready = session_ != CK_INVALID_HANDLE && !pin_refused_;
    h.last_error = last_error_;
    h.signatures = signatures_;
    h.failures = failures_;
    h.recoveries = recoveries_;
    return h;
}

// ---------------------------------------------------------------------------------------------------------
// Key generation

Result<PubKey> GeneratePkcs11Key(Pkcs11Module& module, const Pkcs11TokenLocation& token,
                                 const PinSource& pin_source, const std::string& key_label) {
    if (key_label.empty() || key_label.size() > kMaxPkcs11LabelSize)
        return Error("hsm-key",
                     "a key label has 1 to " + std::to_string(kMaxPkcs11LabelSize) + " characters");
    CK_FUNCTION_LIST* fn = module.functions();
    Result<CK_SLOT_ID> slot = module.FindSlot(token);
    if (!slot) return slot.error();

    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    CK_RV rv = fn->C_OpenSession(*slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session);
    if (rv != CKR_OK) return Pkcs11Error("C_OpenSession", rv);
    struct SessionCloser {
        CK_FUNCTION_LIST* fn;
        CK_SESSION_HANDLE s;
        ~SessionCloser() { fn->C_CloseSession(s); }
    } closer{fn, session};

    {
        Result<SecretString> pin = pin_source.Read();
        if (!pin) return pin.error();
        rv = Login(fn, session, *pin);
    }
    if (rv != CKR_OK) return Pkcs11Error("C_Login with the " + pin_source.Describe(), rv);

    // Refuse to create a second object under the label: the node finds its key by label.
    std::string label = key_label;
    std::vector<CK_ATTRIBUTE> by_label = {{CKA_LABEL, label.data(), label.size()}};
    std::vector<CK_OBJECT_HANDLE> found;
    rv = FindObjects(fn, session, by_label, found);
    if (rv != CKR_OK) return Pkcs11Error("C_FindObjects", rv);
    if (!found.empty())
        return Error("hsm-key-exists",
                     "the token already holds an object labelled '" + key_label +
                         "'; choose another label (ocean-hsm pubkey shows an existing key)");

    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_OBJECT_CLASS pub_class = CKO_PUBLIC_KEY, priv_class = CKO_PRIVATE_KEY;
    CK_KEY_TYPE key_type = CKK_EC;
    Bytes params(std::begin(kSecp256k1EcParams), std::end(kSecp256k1EcParams));
    std::vector<CK_ATTRIBUTE> pub_tmpl = {
        {CKA_CLASS, &pub_class, sizeof(pub_class)},
        {CKA_KEY_TYPE, &key_type, sizeof(key_type)},
        {CKA_TOKEN, &yes, sizeof(yes)},
        {CKA_VERIFY, &yes, sizeof(yes)},
        {CKA_EC_PARAMS, params.data(), params.size()},
        {CKA_LABEL, label.data(), label.size()},
    };
    std::vector<CK_ATTRIBUTE> priv_tmpl = {
        {CKA_CLASS, &priv_class, sizeof(priv_class)},
        {CKA_KEY_TYPE, &key_type, sizeof(key_type)},
        {CKA_TOKEN, &yes, sizeof(yes)},
        {CKA_PRIVATE, &yes, sizeof(yes)},
        {CKA_SENSITIVE, &yes, sizeof(yes)},
        {CKA_EXTRACTABLE, &no, sizeof(no)},
        {CKA_SIGN, &yes, sizeof(yes)},
        {CKA_LABEL, label.data(), label.size()},
    };
    CK_MECHANISM mech{CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    CK_OBJECT_HANDLE pub_handle = CK_INVALID_HANDLE, priv_handle = CK_INVALID_HANDLE;
    rv = fn->C_GenerateKeyPair(session, &mech, pub_tmpl.data(), pub_tmpl.size(), priv_tmpl.data(),
                               priv_tmpl.size(), &pub_handle, &priv_handle);
    if (rv != CKR_OK) return Pkcs11Error("C_GenerateKeyPair (EC, secp256k1)", rv);

    Bytes point;
    rv = GetAttribute(fn, session, pub_handle, CKA_EC_POINT, point);
    if (rv != CKR_OK) return Pkcs11Error("reading CKA_EC_POINT of the new key", rv);
    Result<PubKey> pub = ParseEcPoint(point);
    if (!pub) return pub.error();
    auto [sign_rv, sig] = TokenSign(fn, session, priv_handle, *pub, SelfTestHash());
    if (!sig)
        return Error(sig.error().code,
                     "the new key '" + key_label +
                         "' was created but its test signature failed: " + sig.error().message);
    return pub;
}

}  // namespace ocean
