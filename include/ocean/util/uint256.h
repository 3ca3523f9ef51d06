// uint256 / uint160: fixed-size opaque blobs used for hashes, txids, asset ids and key ids.
//
// Bytes are stored in internal order (exactly as a hash function outputs them and as serialized).
// Display hex (RPC, logs, options) is the byte-reversed order. Ordering is memcmp over internal
// bytes, which is the order Ocean's maps use.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "ocean/util/bytes.h"

namespace ocean {

template <size_t N>
class BaseBlob {
  public:
    static constexpr size_t kSize = N;

    constexpr BaseBlob() : data_{} {}
    explicit BaseBlob(ByteSpan bytes) {
        if (bytes.size() == N)
            std::memcpy(data_.data(), bytes.data(), N);
        else
            data_.fill(0);
    }

    bool IsNull() const {
        for (uint8_t b : data_)
            if (b) return false;
        return true;
    }
    void SetNull() { data_.fill(0); }

    uint8_t* data() { return data_.data(); }
    const uint8_t* data() const { return data_.data(); }
    uint8_t* begin() { return data_.data(); }
    uint8_t* end() { return data_.data() + N; }
    const uint8_t* begin() const { return data_.data(); }
    const uint8_t* end() const { return data_.data() + N; }
    static constexpr size_t size() { return N; }
    uint8_t& operator[](size_t i) { return data_[i]; }
    uint8_t operator[](size_t i) const { return data_[i]; }
    ByteSpan span() const { return ByteSpan(data_.data(), N); }

    // Little-endian 64-bit word i of the internal bytes (for hash tables and short ids).
    uint64_t GetUint64(size_t i) const {
        uint64_t v;
        std::memcpy(&v, data_.data() + 8 * i, 8);
        return v;  // hosts are little-endian (checked at build time in crypto)
    }

    // Display hex: internal bytes reversed, lower case.
    std::string ToHex() const {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out(2 * N, '0');
        for (size_t i = 0; i < N; ++i) {
            const uint8_t b = data_[N - 1 - i];
            out[2 * i] = kDigits[b >> 4];
            out[2 * i + 1] = kDigits[b & 15];
        }
        return out;
    }

    friend bool operator==(const BaseBlob& a, const BaseBlob& b) { return a.data_ == b.data_; }
    friend std::strong_ordering operator<=>(const BaseBlob& a, const BaseBlob& b) {
        const int c = std::memcmp(a.data_.data(), b.data_.data(), N);
        return c < 0   ? std::strong_ordering::less
               : c > 0 ? std::strong_ordering::greater
                       : std::strong_ordering::equal;
    }

  protected:
    std::array<uint8_t, N> data_;
};

// Parses display hex leniently, the way Ocean reads hashes from options: leading whitespace and an
// optional 0x are skipped, digits are read up to the first non-hex character, only the rightmost 2*N
// digits are kept and a shorter string is zero-padded at the most-significant end.
template <typename Blob>
Blob BlobFromHexLenient(std::string_view s) {
    Blob out;
    size_t i = 0;
    while (i < s.size() &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v'))
        ++i;
    if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) i += 2;
    size_t end = i;
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    while (end < s.size() && hexval(s[end]) >= 0) ++end;
    // Walk from the rightmost digit: each pair fills internal byte 0, 1, ...
    size_t pos = end;
    for (size_t byte = 0; byte < Blob::kSize && pos > i; ++byte) {
        int v = hexval(s[--pos]);
        if (pos > i) v |= hexval(s[--pos]) << 4;
        out[byte] = static_cast<uint8_t>(v);
    }
    return out;
}

// Strict display-hex parsing: exactly 2*N hex digits, nothing else.
template <typename Blob>
std::optional<Blob> BlobFromHexStrict(std::string_view s) {
    if (s.size() != 2 * Blob::kSize) return std::nullopt;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return std::nullopt;
    }
    return BlobFromHexLenient<Blob>(s);
}

class uint256 : public BaseBlob<32> {
  public:
    using BaseBlob::BaseBlob;
    static uint256 FromHex(std::string_view s) { return BlobFromHexLenient<uint256>(s); }
    static std::optional<uint256> FromHexStrict(std::string_view s) { return BlobFromHexStrict<uint256>(s); }
    // The constant with internal byte[0] = v and all others zero (uint256S("..0v")).
    static uint256 FromByte0(uint8_t v) {
        uint256 r;
        r[0] = v;
        return r;
    }
};

class uint160 : public BaseBlob<20> {
  public:
    using BaseBlob::BaseBlob;
    static uint160 FromHex(std::string_view s) { return BlobFromHexLenient<uint160>(s); }
    static std::optional<uint160> FromHexStrict(std::string_view s) { return BlobFromHexStrict<uint160>(s); }
};

// Hasher for unordered containers keyed by blobs that are already uniformly distributed (hashes).
struct BlobHasher {
    template <size_t N>
    size_t operator()(const BaseBlob<N>& b) const {
        size_t v;
        std::memcpy(&v, b.data() + (N - sizeof(size_t)) / 2, sizeof(v));
        return v;
    }
};

}  // namespace ocean
