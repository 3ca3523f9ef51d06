#include "ocean/signer/signer_state.h"

#include <new>
#include <system_error>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/fs.h"

namespace ocean {

namespace {

constexpr uint32_t kMagic = 0x4f534753;  // "SGSO"
constexpr uint32_t kVersion = 2;         // 2 added the lock certificate; version 1 files still load

template <typename W>
void WriteOptionalRound(W& w, const std::optional<std::pair<uint32_t, uint256>>& v) {
    WriteU8(w, v ? 1 : 0);
    if (v) {
        WriteLE32(w, v->first);
        w.write(v->second.data(), v->second.size());
    }
}

std::optional<std::pair<uint32_t, uint256>> ReadOptionalRound(SpanReader& r) {
    const uint8_t present = ReadU8(r);
    if (present > 1) throw DecodeError("bad flag");
    if (!present) return std::nullopt;
    const uint32_t round = ReadLE32(r);
    return std::make_pair(round, ReadUint256(r));
}

}  // namespace

Status SignerStateFile::Save(const SignerState& s) const {
    Bytes body;
    VectorWriter w(body);
    WriteLE32(w, kMagic);
    WriteLE32(w, kVersion);
    WriteLE32(w, s.height);
    WriteOptionalRound(w, s.prepared);
    WriteOptionalRound(w, s.lock);
    WriteBytes(w, s.lock_block);
    WriteU8(w, s.signed_hash ? 1 : 0);
    if (s.signed_hash) w.write(s.signed_hash->data(), s.signed_hash->size());
    WriteCompactSize(w, s.lock_certificate.size());
    for (const Bytes& vote : s.lock_certificate) WriteBytes(w, vote);
    const uint256 check = Sha256dHash(body);
    body.insert(body.end(), check.begin(), check.end());
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
    if (ec) return Error("io", "cannot create " + path_.parent_path().string() + ": " + ec.message());
    return WriteFileAtomic(path_, ByteSpan(body));
}

Result<SignerState> SignerStateFile::Load() const {
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec)) return SignerState{};
    auto data = ReadFileBytes(path_, 16u << 20);
    if (!data) return data.error();
    const Bytes& d = *data;
    if (d.size() < 32 + 12) return Error("corrupt", "signer state file " + path_.string() + " is truncated");
    const ByteSpan body(d.data(), d.size() - 32);
    const uint256 check = Sha256dHash(body);
    if (!std::equal(check.begin(), check.end(), d.end() - 32))
        return Error("corrupt", "signer state file " + path_.string() + " fails its checksum");
    try {
        SpanReader r(body);
        if (ReadLE32(r) != kMagic) throw DecodeError("bad magic");
        const uint32_t version = ReadLE32(r);
        if (version != 1 && version != kVersion) throw DecodeError("unknown version");
        SignerState s;
        s.height = ReadLE32(r);
        s.prepared = ReadOptionalRound(r);
        s.lock = ReadOptionalRound(r);
        s.lock_block = ReadBytes(r);
        const uint8_t has_signed = ReadU8(r);
        if (has_signed > 1) throw DecodeError("bad flag");
        if (has_signed) s.signed_hash = ReadUint256(r);
        if (version >= 2) {
            const uint64_t n = ReadCompactSize(r);
            if (n > 255) throw DecodeError("too many certificate votes");
            for (uint64_t i = 0; i < n; ++i) s.lock_certificate.push_back(ReadBytes(r));
        }
        if (!r.empty()) throw DecodeError("trailing bytes");
        return s;
    } catch (const DecodeError& e) {
        return Error("corrupt", "signer state file " + path_.string() + ": " + e.what());
    } catch (const std::bad_alloc&) {
        return Error("corrupt", "signer state file " + path_.string() + ": out of memory");
    }
}

}  // namespace ocean
