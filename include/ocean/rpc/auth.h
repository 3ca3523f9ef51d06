// RPCAuthenticator: decides whether an HTTP `Authorization` header carries valid JSON-RPC
// credentials (rpc.md §2.2), and owns the authentication cookie file.
//
// Credentials: -rpcuser/-rpcpassword, or the cookie when -rpcpassword is empty; plus any number of
// -rpcauth=<user>:<salt>$<hash> entries. Configure it at start-up (Set*/Add*/GenerateCookie), then
// Check() may run concurrently on every RPC worker thread. No password or cookie is kept in clear
// text: only SHA-256 digests of the expected "user:password" strings, compared in constant time
// (CRYPTO_memcmp). Nothing here logs a secret.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/util/base64.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

// The user name of the cookie credentials.
inline constexpr std::string_view kCookieUser = "__cookie__";

class RPCAuthenticator {
  public:
    RPCAuthenticator() = default;
    RPCAuthenticator(const RPCAuthenticator&) = delete;
    RPCAuthenticator& operator=(const RPCAuthenticator&) = delete;

    // -rpcuser / -rpcpassword. With an empty password the single-user credentials are the cookie's
    // (even when a user is set), once GenerateCookie has run.
    void SetUserPassword(std::string_view user, std::string_view password);
    // True when -rpcpassword is empty, i.e. the node must call GenerateCookie.
    bool UsesCookie() const { return !has_password_; }

    // One -rpcauth value "<user>:<salt>$<hash>". An entry that does not split into exactly three
    // fields on ':' and '$' is ignored (returns false), as Ocean does. A hash that is not 64
    // lower-case hex digits is kept but can never match (Ocean compares the hex strings).
    bool AddRpcAuth(std::string_view entry);

    // Writes "__cookie__:<64 lower-case hex of 32 random bytes>" (no newline) to `path` atomically
    // with mode 0600 and accepts it from now on (when UsesCookie()). A new call replaces the cookie.
    Status GenerateCookie(const std::filesystem::path& path);
    // Deletes the cookie file written by GenerateCookie, if any (at shutdown).
    void RemoveCookie();
    // Where the cookie was written (empty before GenerateCookie).
    const std::filesystem::path& CookiePath() const { return cookie_path_; }

    // The user name when `authorization_header` is "Basic <base64(user:password)>" (whitespace
    // around the base64 part tolerated, as in Ocean) with valid credentials; nullopt otherwise.
    std::optional<std::string> Check(std::string_view authorization_header) const;

    // How long to hold the reply to a failed attempt: 250 ms (rpc.md §2.2), and failures are spaced
    // kFailureSpacing apart process-wide, so that parallel connections cannot guess faster than
    // Ocean's sleeping workers would let them (4 threads x 4 per second). Thread-safe.
    std::chrono::milliseconds NextFailureDelay() const;
    static constexpr std::chrono::milliseconds kFailureDelay{250};
    static constexpr std::chrono::microseconds kFailureSpacing{62500};

  private:
    struct AuthEntry {
        uint256 user_digest;  // SHA-256 of the user name
        std::string salt;
        std::optional<uint256> hash;  // raw HMAC bytes, when the configured hex is well formed
    };

    bool has_password_ = false;
    std::optional<uint256> userpass_digest_;  // SHA-256("user:password"), or of the cookie line
    std::optional<uint256> cookie_digest_;    // SHA-256("__cookie__:<hex>")
    std::vector<AuthEntry> rpcauth_;
    std::filesystem::path cookie_path_;
    mutable std::atomic<int64_t> next_failure_slot_us_{0};
};

}  // namespace ocean
