// Wallet encryption (see crypter.h): PBKDF2-HMAC-SHA512 key derivation and AES-256-CBC through OpenSSL.
#include "ocean/wallet/crypter.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/primitives/serialize.h"

namespace ocean {

namespace {

constexpr size_t kAesKeySize = 32;
constexpr size_t kAesIvSize = 16;
constexpr size_t kAesBlockSize = 16;
constexpr uint32_t kMaxKdfIterations = 100'000'000;

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

Error CryptError(std::string message) {
    return Error("crypter-error", std::move(message));
}
Error WrongPassphrase() {
    return Error("-14", "Error: The wallet passphrase entered was incorrect.");
}

// AES key ‖ IV derived from the passphrase; wiped by SecureBytes.
Result<SecureBytes> DeriveKeyAndIv(std::string_view passphrase, ByteSpan salt, uint32_t iterations,
                                   uint32_t method) {
    if (method != kWalletKdfPbkdf2Sha512) return CryptError("unknown key derivation method");
    if (iterations < 1 || iterations > kMaxKdfIterations) return CryptError("bad iteration count");
    SecureBytes out(kAesKeySize + kAesIvSize);
    if (PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()), salt.data(),
                          static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha512(),
                          static_cast<int>(out.size()), out.data()) != 1)
        return CryptError("PBKDF2 failed");
    return out;
}

// AES-256-CBC with PKCS#7 padding; key is 32 bytes, iv 16.
Result<Bytes> AesEncrypt(const uint8_t* key, const uint8_t* iv, ByteSpan plaintext) {
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return CryptError("out of memory");
    Bytes out(plaintext.size() + kAesBlockSize);
    int len1 = 0, len2 = 0;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key, iv) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out.data(), &len1, plaintext.data(),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + len1, &len2) != 1)
        return CryptError("AES encryption failed");
    out.resize(static_cast<size_t>(len1 + len2));
    return out;
}

Result<SecureBytes> AesDecrypt(const uint8_t* key, const uint8_t* iv, ByteSpan ciphertext) {
    if (ciphertext.empty() || ciphertext.size() % kAesBlockSize != 0) return WrongPassphrase();
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return CryptError("out of memory");
    SecureBytes out(ciphertext.size() + kAesBlockSize);
    int len1 = 0, len2 = 0;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key, iv) != 1 ||
        EVP_DecryptUpdate(ctx.get(), out.data(), &len1, ciphertext.data(),
                          static_cast<int>(ciphertext.size())) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), out.data() + len1, &len2) != 1)
        return WrongPassphrase();  // bad padding: wrong key
    out.resize(static_cast<size_t>(len1 + len2));
    return out;
}

void SecretIv(ByteSpan iv_material, uint8_t (&iv)[kAesIvSize]) {
    const uint256 h = Sha256dHash(iv_material);
    std::copy_n(h.data(), kAesIvSize, iv);
}

}  // namespace

Bytes MasterKeyRecord::Serialize() const {
    Bytes out;
    VectorWriter w(out);
    WriteBytes(w, encrypted_key);
    WriteBytes(w, salt);
    WriteLE32(w, method);
    WriteLE32(w, iterations);
    return out;
}

Result<MasterKeyRecord> MasterKeyRecord::Deserialize(ByteSpan data) {
    try {
        SpanReader r(data);
        MasterKeyRecord rec;
        rec.encrypted_key = ReadBytes(r);
        rec.salt = ReadBytes(r);
        rec.method = ReadLE32(r);
        rec.iterations = ReadLE32(r);
        if (!r.empty()) return Error("wallet-corrupt", "trailing bytes in master key record");
        return rec;
    } catch (const DecodeError& e) {
        return Error("wallet-corrupt", std::string("master key record: ") + e.what());
    }
}

uint32_t CalibrateKdfIterations(std::chrono::milliseconds target) {
    if (target.count() <= 0) return kWalletMinKdfIterations;
    static constexpr char kProbePass[] = "calibration";
    const uint8_t salt[kWalletSaltSize] = {};
    uint8_t out[kAesKeySize + kAesIvSize];
    const auto start = std::chrono::steady_clock::now();
    PKCS5_PBKDF2_HMAC(kProbePass, sizeof(kProbePass) - 1, salt, sizeof(salt),
                      static_cast<int>(kWalletMinKdfIterations), EVP_sha512(), sizeof(out), out);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
            .count();
    OPENSSL_cleanse(out, sizeof(out));
    if (elapsed <= 0) return kWalletMinKdfIterations * 10;
    const double scaled = static_cast<double>(kWalletMinKdfIterations) *
                          static_cast<double>(std::chrono::microseconds(target).count()) /
                          static_cast<double>(elapsed);
    if (scaled <= kWalletMinKdfIterations) return kWalletMinKdfIterations;
    if (scaled >= kMaxKdfIterations) return kMaxKdfIterations;
    return static_cast<uint32_t>(scaled);
}

SecureBytes NewWalletMasterKey() {
    SecureBytes key(kWalletMasterKeySize);
    GetStrongRandBytes(key.data(), key.size());
    return key;
}

Result<MasterKeyRecord> EncryptMasterKey(const SecureBytes& master_key, std::string_view passphrase,
                                         uint32_t iterations) {
    if (master_key.size() != kWalletMasterKeySize) return CryptError("bad master key size");
    MasterKeyRecord rec;
    rec.salt.resize(kWalletSaltSize);
    GetStrongRandBytes(rec.salt.data(), rec.salt.size());
    rec.iterations = std::max(iterations, kWalletMinKdfIterations);
    rec.method = kWalletKdfPbkdf2Sha512;
    auto derived = DeriveKeyAndIv(passphrase, rec.salt, rec.iterations, rec.method);
    if (!derived) return derived.error();
    auto ct = AesEncrypt(derived->data(), derived->data() + kAesKeySize, master_key);
    if (!ct) return ct.error();
    rec.encrypted_key = std::move(*ct);
    return rec;
}

Result<SecureBytes> DecryptMasterKey(const MasterKeyRecord& record, std::string_view passphrase) {
    auto derived = DeriveKeyAndIv(passphrase, record.salt, record.iterations, record.method);
    if (!derived) return derived.error();
    auto pt = AesDecrypt(derived->data(), derived->data() + kAesKeySize, record.encrypted_key);
    if (!pt) return pt.error();
    if (pt->size() != kWalletMasterKeySize) return WrongPassphrase();
    return pt;
}

Result<Bytes> EncryptSecret(const SecureBytes& master_key, ByteSpan plaintext, ByteSpan iv_material) {
    if (master_key.size() != kWalletMasterKeySize) return CryptError("bad master key size");
    uint8_t iv[kAesIvSize];
    SecretIv(iv_material, iv);
    return AesEncrypt(master_key.data(), iv, plaintext);
}

Result<SecureBytes> DecryptSecret(const SecureBytes& master_key, ByteSpan ciphertext, ByteSpan iv_material) {
    if (master_key.size() != kWalletMasterKeySize) return CryptError("bad master key size");
    uint8_t iv[kAesIvSize];
    SecretIv(iv_material, iv);
    return AesDecrypt(master_key.data(), iv, ciphertext);
}

Result<Bytes> EncryptKey(const SecureBytes& master_key, const Key& key) {
    if (!key.IsValid()) return CryptError("cannot encrypt an invalid key");
    const PubKey pub = key.GetPubKey();
    return EncryptSecret(master_key, key.span(), pub.span());
}

Result<Key> DecryptKey(const SecureBytes& master_key, ByteSpan ciphertext, const PubKey& pubkey) {
    auto secret = DecryptSecret(master_key, ciphertext, pubkey.span());
    if (!secret) return secret.error();
    if (secret->size() != Key::kSize) return WrongPassphrase();
    Key key;
    if (!key.Set(*secret, pubkey.IsCompressed())) return WrongPassphrase();
    if (!(key.GetPubKey() == pubkey)) return WrongPassphrase();
    return key;
}

}  // namespace ocean
