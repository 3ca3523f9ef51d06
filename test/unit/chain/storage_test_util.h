// Helpers for the chain storage tests: temporary directories and the chain A vector blocks.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../vectors.h"
#include "ocean/primitives/block.h"

namespace ocean::storage_test {

// A fresh directory under /tmp, removed with everything in it when the object goes away.
class TempDir {
  public:
    TempDir() {
        std::string tmpl = "/tmp/ocean_chain_test_XXXXXX";
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

  private:
    std::filesystem::path path_;
};

// The 331 blocks (heights 0..330) of the shared chain A vector, decoded once.
inline const std::vector<Block>& ChainABlocks() {
    static const std::vector<Block> blocks = [] {
        std::vector<Block> out;
        for (const Bytes& raw : test::ReadHexLines("ocean/chains/A/blocks.hex")) {
            auto b = DecodeBlock(raw);
            if (!b) throw std::runtime_error("chain A block does not decode: " + b.error().ToString());
            out.push_back(std::move(*b));
        }
        return out;
    }();
    return blocks;
}

inline Bytes ReadWholeFile(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Overwrites bytes of an existing file at `offset` (or appends when offset is the file size).
inline void PatchFile(const std::filesystem::path& p, uint64_t offset, const Bytes& data) {
    std::fstream f(p, std::ios::binary | std::ios::in | std::ios::out);
    ASSERT_TRUE(f.good()) << p;
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    ASSERT_TRUE(f.good());
}

inline void AppendFile(const std::filesystem::path& p, const Bytes& data) {
    std::ofstream f(p, std::ios::binary | std::ios::app);
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

}  // namespace ocean::storage_test
