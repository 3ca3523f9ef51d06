// Serialization streams and the primitive encodings of Ocean's wire and disk formats
// (formats.md §1): little-endian integers, CompactSize, VarInt, byte vectors.
//
// Writers are "sinks" with write(const uint8_t*, size_t): VectorWriter appends to a buffer,
// HashWriter feeds SHA256d, SizeCounter only counts. SpanReader reads from a byte span and throws
// DecodeError on truncated or non-canonical input; the decode functions at the layer's public
// boundary (transaction.h, block.h) catch it and return a Result, so no exception leaves the layer.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ocean/crypto/sha256.h"
#include "ocean/util/bytes.h"
#include "ocean/util/uint256.h"

namespace ocean {

// Largest count or length a CompactSize may announce (formats.md §1.2).
inline constexpr uint64_t kMaxSerializedSize = 0x02000000;

// Malformed input met while decoding; internal to the primitives layer.
class DecodeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class VectorWriter {
  public:
    explicit VectorWriter(Bytes& out) : out_(out) {}
    void write(const uint8_t* p, size_t n) { out_.insert(out_.end(), p, p + n); }

  private:
    Bytes& out_;
};

class HashWriter {
  public:
    void write(const uint8_t* p, size_t n) { h_.Write(p, n); }
    uint256 GetHash() { return h_.Finalize(); }

  private:
    Sha256d h_;
};

class SizeCounter {
  public:
    void write(const uint8_t*, size_t n) { size_ += n; }
    size_t size() const { return size_; }

  private:
    size_t size_ = 0;
};

class SpanReader {
  public:
    explicit SpanReader(ByteSpan data) : data_(data) {}
    void read(uint8_t* dst, size_t n) {
        if (n > data_.size() - pos_) throw DecodeError("unexpected end of data");
        std::memcpy(dst, data_.data() + pos_, n);
        pos_ += n;
    }
    // A view of the next n bytes, consumed.
    ByteSpan take(size_t n) {
        if (n > data_.size() - pos_) throw DecodeError("unexpected end of data");
        ByteSpan s = data_.subspan(pos_, n);
        pos_ += n;
        return s;
    }
    size_t remaining() const { return data_.size() - pos_; }
    size_t position() const { return pos_; }
    bool empty() const { return pos_ == data_.size(); }

  private:
    ByteSpan data_;
    size_t pos_ = 0;
};

// ---- fixed-width little-endian integers ----
template <typename S>
void WriteU8(S& s, uint8_t v) {
    s.write(&v, 1);
}
template <typename S>
void WriteLE16(S& s, uint16_t v) {
    uint8_t b[2] = {uint8_t(v), uint8_t(v >> 8)};
    s.write(b, 2);
}
template <typename S>
void WriteLE32(S& s, uint32_t v) {
    uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
    s.write(b, 4);
}
template <typename S>
void WriteLE64(S& s, uint64_t v) {
    uint8_t b[8];
    for (int i = 0; i < 8; ++i) b[i] = uint8_t(v >> (8 * i));
    s.write(b, 8);
}
template <typename S>
void WriteBE64(S& s, uint64_t v) {
    uint8_t b[8];
    for (int i = 0; i < 8; ++i) b[i] = uint8_t(v >> (56 - 8 * i));
    s.write(b, 8);
}

inline uint8_t ReadU8(SpanReader& r) {
    uint8_t v;
    r.read(&v, 1);
    return v;
}
inline uint16_t ReadLE16(SpanReader& r) {
    uint8_t b[2];
    r.read(b, 2);
    return uint16_t(b[0] | (b[1] << 8));
}
inline uint32_t ReadLE32(SpanReader& r) {
    uint8_t b[4];
    r.read(b, 4);
    return uint32_t(b[0]) | (uint32_t(b[1]) << 8) | (uint32_t(b[2]) << 16) | (uint32_t(b[3]) << 24);
}
inline uint64_t ReadLE64(SpanReader& r) {
    uint8_t b[8];
    r.read(b, 8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
    return v;
}

// ---- CompactSize ----
template <typename S>
void WriteCompactSize(S& s, uint64_t n) {
    if (n < 253) {
        WriteU8(s, uint8_t(n));
    } else if (n <= 0xffff) {
        WriteU8(s, 253);
        WriteLE16(s, uint16_t(n));
    } else if (n <= 0xffffffffu) {
        WriteU8(s, 254);
        WriteLE32(s, uint32_t(n));
    } else {
        WriteU8(s, 255);
        WriteLE64(s, n);
    }
}

inline size_t CompactSizeLen(uint64_t n) {
    return n < 253 ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffu ? 5 : 9;
}

// Reads a canonical CompactSize; with range_check, values above kMaxSerializedSize fail.
uint64_t ReadCompactSize(SpanReader& r, bool range_check = true);

// ---- VarInt (MSB base-128 with the "minus one" bias; disk formats only) ----
template <typename S>
void WriteVarInt(S& s, uint64_t n) {
    uint8_t tmp[10];
    int len = 0;
    while (true) {
        tmp[len] = uint8_t((n & 0x7f) | (len ? 0x80 : 0x00));
        if (n <= 0x7f) break;
        n = (n >> 7) - 1;
        ++len;
    }
    for (int i = len; i >= 0; --i) s.write(&tmp[i], 1);
}
uint64_t ReadVarInt(SpanReader& r);

// ---- byte vectors and hashes ----
template <typename S>
void WriteBytes(S& s, ByteSpan b) {
    WriteCompactSize(s, b.size());
    if (!b.empty()) s.write(b.data(), b.size());
}
inline Bytes ReadBytes(SpanReader& r) {
    const uint64_t n = ReadCompactSize(r);
    ByteSpan v = r.take(n);
    return Bytes(v.begin(), v.end());
}
template <typename S, size_t N>
void WriteBlob(S& s, const BaseBlob<N>& b) {
    s.write(b.data(), N);
}
inline uint256 ReadUint256(SpanReader& r) {
    uint256 v;
    r.read(v.data(), 32);
    return v;
}

// A stack of byte vectors (script witness, peg-in witness): count, then each item.
template <typename S>
void WriteStack(S& s, const std::vector<Bytes>& stack) {
    WriteCompactSize(s, stack.size());
    for (const Bytes& item : stack) WriteBytes(s, item);
}
std::vector<Bytes> ReadStack(SpanReader& r);

}  // namespace ocean
