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
#include "util/temp_dir.h"

namespace ocean::storage_test {

using TempDir = test::TempDir;

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
