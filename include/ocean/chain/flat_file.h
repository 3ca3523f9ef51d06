// FlatFilePos: where a record lives in the numbered block or undo files (blkNNNNN.dat / revNNNNN.dat).
//
// `pos` is the byte offset of the record's payload, just after its 8-byte [magic][size] prefix.
#pragma once

#include <cstdint>
#include <string>

namespace ocean {

struct FlatFilePos {
    int file = -1;
    uint32_t pos = 0;

    FlatFilePos() = default;
    FlatFilePos(int f, uint32_t p) : file(f), pos(p) {}

    bool IsNull() const { return file == -1; }
    void SetNull() {
        file = -1;
        pos = 0;
    }
    std::string ToString() const {
        return "FlatFilePos(file=" + std::to_string(file) + ", pos=" + std::to_string(pos) + ")";
    }
    friend bool operator==(const FlatFilePos&, const FlatFilePos&) = default;
};

}  // namespace ocean
