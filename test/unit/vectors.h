// Helpers for unit tests that read the shared Ocean vectors (../shared/vectors).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ocean/util/bytes.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"

namespace ocean::test {

inline std::string VectorPath(const std::string& rel) {
    return std::string(OCEAN_VECTORS_DIR) + "/" + rel;
}

inline std::string ReadText(const std::string& rel) {
    std::ifstream f(VectorPath(rel), std::ios::binary);
    if (!f) throw std::runtime_error("cannot open vector " + VectorPath(rel));
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline Bytes ReadHexFile(const std::string& rel) {
    auto b = ParseHex(Trim(ReadText(rel)));
    if (!b) throw std::runtime_error("bad hex in " + rel);
    return *b;
}

// One hex blob per non-empty line (chains/A/blocks.hex).
inline std::vector<Bytes> ReadHexLines(const std::string& rel) {
    std::vector<Bytes> out;
    std::istringstream in(ReadText(rel));
    std::string line;
    while (std::getline(in, line)) {
        line = Trim(line);
        if (line.empty()) continue;
        auto b = ParseHex(line);
        if (!b) throw std::runtime_error("bad hex line in " + rel);
        out.push_back(std::move(*b));
    }
    return out;
}

}  // namespace ocean::test
