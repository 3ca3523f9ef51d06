// Wallet encryption: the primitives behind encryptwallet / walletpassphrase.
//
// A random 32-byte master key encrypts every private secret of the wallet with AES-256-CBC (PKCS#7
// padding). The IV of a secret is the first 16 bytes of SHA256d(iv_material), where iv_material is the
// key's serialized public key (so equal secrets under different keys never share an IV and nothing
// extra has to be stored). The master key itself is stored encrypted under a key and IV derived from
// the passphrase: PBKDF2-HMAC-SHA512(passphrase, salt, iterations) -> 48 bytes = AES key ‖ IV. The
// iteration count is calibrated at encryption time (about 100 ms, never below 25,000) and stored with
// the salt and the method number in the MasterKeyRecord.
//
// Every buffer holding key material (derived keys, the decrypted master key, decrypted secrets) is a
// SecureBytes that wipes itself. Error codes are the RPC error codes as text where an RPC reports the
// error ("-14" wrong passphrase), otherwise a short reason ("crypter-...").
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "ocean/crypto/key.h"
#include "ocean/crypto/pubkey.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/wallet/secure_bytes.h"

namespace ocean {

inline constexpr size_t kWalletMasterKeySize = 32;
inline constexpr size_t kWalletSaltSize = 8;
inline constexpr uint32_t kWalletMinKdfIterations = 25000;
// The only derivation method: PBKDF2-HMAC-SHA512.
inline constexpr uint32_t kWalletKdfPbkdf2Sha512 = 1;

// The persisted form of the encrypted master key.
struct MasterKeyRecord {
    Bytes encrypted_key;  // AES-256-CBC of the 32-byte master key (48 bytes)
    Bytes salt;           // kWalletSaltSize random bytes
    uint32_t method = kWalletKdfPbkdf2Sha512;
    uint32_t iterations = kWalletMinKdfIterations;

    Bytes Serialize() const;
    static Result<MasterKeyRecord> Deserialize(ByteSpan data);
    bool operator==(const MasterKeyRecord&) const = default;
};

// The PBKDF2 iteration count that takes about `target` on this machine, at least
// kWalletMinKdfIterations.
uint32_t CalibrateKdfIterations(std::chrono::milliseconds target = std::chrono::milliseconds(100));

// A fresh random master key (kWalletMasterKeySize bytes).
SecureBytes NewWalletMasterKey();

// Encrypts master_key under passphrase with a fresh random salt and the given iteration count.
Result<MasterKeyRecord> EncryptMasterKey(const SecureBytes& master_key, std::string_view passphrase,
                                         uint32_t iterations);
// The master key, or Error{"-14", ...} when the passphrase does not decrypt it (bad padding or wrong
// size). A wrong passphrase can still decrypt to garbage with valid padding (about 1 in 256); callers
// confirm with DecryptKey on a stored key.
Result<SecureBytes> DecryptMasterKey(const MasterKeyRecord& record, std::string_view passphrase);

// AES-256-CBC with key = master_key and IV = SHA256d(iv_material)[0..16).
Result<Bytes> EncryptSecret(const SecureBytes& master_key, ByteSpan plaintext, ByteSpan iv_material);
Result<SecureBytes> DecryptSecret(const SecureBytes& master_key, ByteSpan ciphertext, ByteSpan iv_material);

// A private key's secret encrypted for storage (IV from its public key).
Result<Bytes> EncryptKey(const SecureBytes& master_key, const Key& key);
// Decrypts a stored key and checks that it matches `pubkey` (its compression too); a mismatch or a
// decryption failure is Error{"-14", ...}: the master key is not the one the key was encrypted with.
Result<Key> DecryptKey(const SecureBytes& master_key, ByteSpan ciphertext, const PubKey& pubkey);

}  // namespace ocean
