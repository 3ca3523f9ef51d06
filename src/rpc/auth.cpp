#include "ocean/rpc/auth.h"

#include <algorithm>
#include <system_error>

#include "ocean/crypto/hash.h"
#include "ocean/crypto/sha256.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean {
namespace {

ByteSpan AsBytes(std::string_view s) {
    return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

uint256 Digest(std::string_view s) {
    return Sha256Hash(AsBytes(s));
}

bool DigestEqual(const uint256& a, const uint256& b) {
    return ConstantTimeEqual(a.span(), b.span());
}

// Wipes a string holding a secret before it is freed.
struct Wipe {
    std::string& s;
    ~Wipe() {
        if (!s.empty()) SecureErase(s.data(), s.size());
    }
};

}  // namespace

void RPCAuthenticator::SetUserPassword(std::string_view user, std::string_view password) {
    has_password_ = !password.empty();
    if (!has_password_) {
        userpass_digest_.reset();
        return;
    }
    std::string line;
    Wipe wipe{line};
    line.reserve(user.size() + 1 + password.size());
    line.append(user).append(":").append(password);
    userpass_digest_ = Digest(line);
}

bool RPCAuthenticator::AddRpcAuth(std::string_view entry) {
    // Ocean: boost::split(fields, entry, is_any_of(":$")) must give exactly three fields.
    if (std::count_if(entry.begin(), entry.end(), [](char c) { return c == ':' || c == '$'; }) != 2)
        return false;
    const size_t a = entry.find_first_of(":$");
    const size_t b = entry.find_first_of(":$", a + 1);
    AuthEntry e;
    e.user_digest = Digest(entry.substr(0, a));
    e.salt = std::string(entry.substr(a + 1, b - a - 1));
    const std::string_view hash = entry.substr(b + 1);
    // The computed hash is compared as lower-case hex, so only such a configured value can match.
    const bool lower_hex = hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
                               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                           });
    if (lower_hex) {
        auto raw = ParseHex(hash);
        e.hash = uint256(ByteSpan(*raw));
    }
    rpcauth_.push_back(std::move(e));
    return true;
}

Status RPCAuthenticator::GenerateCookie(const std::filesystem::path& path) {
    uint8_t secret[32];
    GetStrongRandBytes(secret, sizeof(secret));
    std::string line = std::string(kCookieUser) + ":" + HexStr(ByteSpan(secret, sizeof(secret)));
    Wipe wipe{line};
    SecureErase(secret, sizeof(secret));
    Status st = WriteFileAtomic(path, std::string_view(line), 0600);
    if (!st.ok()) {
        return Error("rpc-cookie", "unable to write the authentication cookie " + path.string() + ": " +
                                       st.error().ToString());
    }
    cookie_digest_ = Digest(line);
    cookie_path_ = path;
    return Status::Ok();
}

void RPCAuthenticator::RemoveCookie() {
    if (cookie_path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove(cookie_path_, ec);
    cookie_path_.clear();
}

std::optional<std::string> RPCAuthenticator::Check(std::string_view authorization_header) const {
    static constexpr std::string_view kBasic = "Basic ";
    if (authorization_header.substr(0, kBasic.size()) != kBasic) return std::nullopt;
    std::optional<std::string> decoded = DecodeBase64(TrimView(authorization_header.substr(kBasic.size())));
    if (!decoded) return std::nullopt;
    std::string& userpass = *decoded;
    Wipe wipe{userpass};
    const size_t colon = userpass.find(':');
    if (colon == std::string::npos) return std::nullopt;

    bool ok = false;
    const std::optional<uint256>& single = has_password_ ? userpass_digest_ : cookie_digest_;
    if (single && DigestEqual(Digest(userpass), *single)) ok = true;
    if (!ok && !rpcauth_.empty()) {
        const std::string_view user = std::string_view(userpass).substr(0, colon);
        const std::string_view password = std::string_view(userpass).substr(colon + 1);
        const uint256 user_digest = Digest(user);
        for (const AuthEntry& e : rpcauth_) {
            if (!DigestEqual(user_digest, e.user_digest)) continue;
            uint256 mac = HmacSha256(AsBytes(e.salt), AsBytes(password));
            const bool match = e.hash && ConstantTimeEqual(mac.span(), e.hash->span());
            SecureErase(mac.data(), mac.size());
            if (match) {
                ok = true;
                break;
            }
        }
    }
    if (!ok) return std::nullopt;
    return userpass.substr(0, colon);
}

std::chrono::milliseconds RPCAuthenticator::NextFailureDelay() const {
    using namespace std::chrono;
    const int64_t now = duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
    int64_t slot = next_failure_slot_us_.load(std::memory_order_relaxed);
    int64_t start;
    do {
        start = std::max(slot, now);
    } while (!next_failure_slot_us_.compare_exchange_weak(slot, start + kFailureSpacing.count(),
                                                          std::memory_order_relaxed));
    const int64_t wait_us = (start - now) + duration_cast<microseconds>(kFailureDelay).count();
    return milliseconds((wait_us + 999) / 1000);
}

}  // namespace ocean
