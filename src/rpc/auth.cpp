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

constexpr char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

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

std::string EncodeBase64(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const uint32_t v = static_cast<uint8_t>(data[i]) << 16 | static_cast<uint8_t>(data[i + 1]) << 8 |
                           static_cast<uint8_t>(data[i + 2]);
        out += kBase64Chars[v >> 18];
        out += kBase64Chars[(v >> 12) & 63];
        out += kBase64Chars[(v >> 6) & 63];
        out += kBase64Chars[v & 63];
    }
    const size_t rest = data.size() - i;
    if (rest == 1) {
        const uint32_t v = static_cast<uint8_t>(data[i]) << 16;
        out += kBase64Chars[v >> 18];
        out += kBase64Chars[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const uint32_t v = static_cast<uint8_t>(data[i]) << 16 | static_cast<uint8_t>(data[i + 1]) << 8;
        out += kBase64Chars[v >> 18];
        out += kBase64Chars[(v >> 12) & 63];
        out += kBase64Chars[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    size_t pad = 0;
    if (!text.empty() && text.back() == '=') pad = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const size_t usable = last ? 4 - pad : 4;
        uint32_t v = 0;
        for (size_t k = 0; k < 4; ++k) {
            int d = 0;
            if (k < usable) {
                d = Base64Value(text[i + k]);
                if (d < 0) return std::nullopt;
            }
            v = v << 6 | static_cast<uint32_t>(d);
        }
        out += static_cast<char>(v >> 16);
        if (usable > 2) out += static_cast<char>((v >> 8) & 0xff);
        if (usable > 3) out += static_cast<char>(v & 0xff);
        if (usable == 2 && (v & 0xffff) != 0) return std::nullopt;  // non-canonical trailing bits
        if (usable == 3 && (v & 0xff) != 0) return std::nullopt;
    }
    return out;
}

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
