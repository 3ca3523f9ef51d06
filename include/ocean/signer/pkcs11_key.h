// Pkcs11Key: a block-signing key that never leaves an HSM. The key is an EC private key over secp256k1 in
// a PKCS#11 token, found by its label; the token signs with CKM_ECDSA (raw r||s), and oceand turns that
// into a strict-DER, low-S signature and verifies it with libsecp256k1 before returning it (a token that
// returns a bad signature gives an error, never a bad block proof).
//
// Session handling: the key owns one session on its token, logged in as the user. The PIN comes from a
// file or an environment variable (PinSource), is read only when logging in and wiped right after; it is
// never logged. When the session is lost (token removed and re-inserted, HSM restarted, another
// application closed all sessions, library finalized), Sign() reopens the session, logs in again and
// retries once. A PIN error is never retried: the key stops logging in until Reconnect() is called,
// because tokens lock the PIN after a few failures. A mutex serializes every use of the session, so the
// key may be shared between threads.
//
// GeneratePkcs11Key creates such a key in a token (the federation's `hsm init` step).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ocean/signer/pkcs11_module.h"
#include "ocean/signer/secret_string.h"
#include "ocean/signer/signing_key.h"
#include "ocean/util/logging.h"

namespace ocean {

// Where the user PIN comes from. Never the command line.
struct PinSource {
    enum class Kind { kFile, kEnvironment };
    Kind kind = Kind::kFile;
    std::string location;  // file path, or environment variable name

    static PinSource File(std::string path) { return {Kind::kFile, std::move(path)}; }
    static PinSource Environment(std::string var) { return {Kind::kEnvironment, std::move(var)}; }

    // The PIN (trimmed of surrounding whitespace). Errors (code "hsm-pin-source"): unreadable or too open
    // file (ReadSecretFile rules), unset or empty variable.
    Result<SecretString> Read() const;
    // "PIN file /x" or "PIN from $VAR": never the PIN.
    std::string Describe() const;
};

struct Pkcs11KeyConfig {
    Pkcs11TokenLocation token;
    std::string key_label;  // CKA_LABEL of the private key (and of its public key object)
    PinSource pin;
};

// Longest key label accepted (labels are free-form UTF-8 in PKCS#11; ours stay printable and short).
inline constexpr size_t kMaxPkcs11LabelSize = 255;

class Pkcs11Key final : public SigningKey {
  public:
    // Opens a session on the token, logs in, finds the private and public key objects labelled
    // config.key_label, reads the public key and checks with one test signature that the two belong
    // together. `logger` (optional) receives a line for each failure and recovery.
    static Result<std::unique_ptr<Pkcs11Key>> Open(std::shared_ptr<Pkcs11Module> module,
                                                   Pkcs11KeyConfig config, Logger* logger = nullptr);
    ~Pkcs11Key() override;

    PubKey PublicKey() const override { return pub_; }
    Result<Bytes> Sign(const uint256& hash) override;
    std::string Describe() const override;
    SigningKeyHealth Health() const override;

    // Closes the session and connects again, re-reading the PIN: the operator's way out after a PIN
    // error (fix the PIN file, then call this). The key found must have the same public key.
    Status Reconnect();

  private:
    Pkcs11Key(std::shared_ptr<Pkcs11Module> module, Pkcs11KeyConfig config, Logger* logger);

    // The result of one token call: the CK_RV when it failed, so callers can tell a lost session.
    struct Attempt {
        CK_RV rv = CKR_OK;
        Error error;
        bool ok() const { return rv == CKR_OK && error.code.empty(); }
    };

    // Everything below runs with mutex_ held.
    Attempt ConnectLocked();       // session, login, key handles, public key; closed again on failure
    Attempt ConnectStepsLocked();  // the steps of ConnectLocked
    void CloseLocked();
    Attempt SignOnceLocked(const uint256& hash, Bytes& der);
    void RecordFailureLocked(const Error& e);
    void Log(LogLevel level, const std::string& msg) const;

    const std::shared_ptr<Pkcs11Module> module_;
    const Pkcs11KeyConfig config_;
    Logger* const logger_;

    mutable std::mutex mutex_;
    CK_SESSION_HANDLE session_ = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE private_key_ = CK_INVALID_HANDLE;
    CK_SLOT_ID slot_ = 0;
    bool pin_refused_ = false;  // a PIN error happened: no more logins until Reconnect()
    PubKey pub_;                // set once by Open() before the key is shared, constant afterwards
    std::string last_error_;
    uint64_t signatures_ = 0;
    uint64_t failures_ = 0;
    uint64_t recoveries_ = 0;
};

// Creates an EC key pair over secp256k1 in the token (CKM_EC_KEY_PAIR_GEN; private key: CKA_TOKEN,
// CKA_PRIVATE, CKA_SENSITIVE, CKA_SIGN true, CKA_EXTRACTABLE false; both objects labelled `key_label`),
// checks it with one signature and returns its compressed public key. Refuses (code "hsm-key-exists")
// when an object with that label is already in the token.
Result<PubKey> GeneratePkcs11Key(Pkcs11Module& module, const Pkcs11TokenLocation& token, const PinSource& pin,
                                 const std::string& key_label);

// DER encoding of secp256k1's OID 1.3.132.0.10, the CKA_EC_PARAMS of a secp256k1 key.
inline constexpr uint8_t kSecp256k1EcParams[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a};

// The public key in a CKA_EC_POINT value: a DER OCTET STRING around the uncompressed point (the PKCS#11
// form) or, as some tokens return it, the bare point. Returned compressed; error if not on the curve.
Result<PubKey> ParseEcPoint(ByteSpan ec_point);

// DER low-S encoding of a token's raw r||s (64 bytes); error if r or s is not a valid scalar.
Result<Bytes> RawEcdsaToLowSDer(ByteSpan raw);

}  // namespace ocean
