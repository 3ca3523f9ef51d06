// SoftwareKey: a block-signing key held in process memory, loaded from a file (`-signingkey=<file>`).
// Meant for dev chains, tests and demos; production federations keep keys in an HSM (pkcs11_key.h).
//
// The file holds one secret, either as WIF (base58check with the prefix of an Ocean chain: 239 custom,
// 128 ocean_main, 180 gold_main) or as 64 hex digits (a compressed key); surrounding whitespace is ignored.
// The file is refused when its group or other users can access it (as ssh refuses private keys), when
// it is missing, or when its content is not a valid key. The key is never passed on the command line and
// its bytes are wiped when the object is destroyed (Key wipes itself; the file text is a SecretString).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "ocean/crypto/key.h"
#include "ocean/signer/secret_string.h"
#include "ocean/signer/signing_key.h"

namespace ocean {

// WIF prefixes of Ocean's chains (formats.md §8.3): custom, ocean_main, gold_main.
inline constexpr uint8_t kAllWifPrefixes[] = {239, 128, 180};

class SoftwareKey final : public SigningKey {
  public:
    explicit SoftwareKey(Key key, std::string origin = "memory");

    // The key in `path` (see above). Error code "signing-key-file" with the reason.
    static Result<std::unique_ptr<SoftwareKey>> FromFile(
        const std::filesystem::path& path, std::span<const uint8_t> wif_prefixes = kAllWifPrefixes);
    // Parses the secret text (WIF or 64 hex digits).
    static Result<Key> ParseKeyText(const SecretString& text, std::span<const uint8_t> wif_prefixes);

    PubKey PublicKey() const override { return pub_; }
    Result<Bytes> Sign(const uint256& hash) override;
    std::string Describe() const override;
    SigningKeyHealth Health() const override;

  private:
    const Key key_;
    const PubKey pub_;
    const std::string origin_;
    std::atomic<uint64_t> signatures_{0};
    std::atomic<uint64_t> failures_{0};
    mutable std::mutex error_mutex_;
    std::string last_error_;
};

}  // namespace ocean
