// SignerState: what a federated signer must remember across crashes so that it never contradicts itself
// (doc/signing-protocol.md §3): the round it last prepared in and for which block, its lock (round, block
// hash and the block itself, so it can re-propose it), and the one block it signed at the height.
//
// SignerStateFile stores it in <datadir>/<chain>/signer/state: written whole to a temporary file, fsync'ed,
// renamed over the old one and the directory fsync'ed, so after a crash the file holds either the old or
// the new state, never a mix. Each caller saves *before* sending the message that depends on the change.
// A file that fails its checksum is a start-up error (refusing to sign is safer than forgetting a lock).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

struct SignerState {
    uint32_t height = 0;  // the height the fields below are about; 0 = nothing recorded
    std::optional<std::pair<uint32_t, uint256>> prepared;  // (round, block hash)
    std::optional<std::pair<uint32_t, uint256>> lock;      // (round, block hash)
    Bytes lock_block;                                      // the locked block (serialized with witness)
    // The Q prepare messages (full sgnvote payloads) of the lock's certificate: re-sent so that peers who
    // missed them can still accept a re-proposal of the locked block (a certificate must never be lost).
    std::vector<Bytes> lock_certificate;
    std::optional<uint256> signed_hash;  // the block signed at `height`

    bool operator==(const SignerState&) const = default;
};

class SignerStateFile {
  public:
    explicit SignerStateFile(std::filesystem::path path) : path_(std::move(path)) {}

    // The stored state; an empty state when the file does not exist; an error when it is corrupt.
    Result<SignerState> Load() const;
    // Durably replaces the stored state.
    Status Save(const SignerState& state) const;
    const std::filesystem::path& Path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace ocean
