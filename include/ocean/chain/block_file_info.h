// BlockFileInfo: the bookkeeping kept for each blkNNNNN.dat / revNNNNN.dat pair.
//
// BlockStore updates it as it appends records; BlockTreeDB persists it (key 'f'), so that after a
// restart the store knows where valid data ends in each file. Sizes count whole records (prefix,
// payload and, for undo, the checksum).
#pragma once

#include <cstdint>
#include <string>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace ocean {

struct BlockFileInfo {
    uint32_t blocks = 0;        // block records in the blk file
    uint32_t size = 0;          // bytes of the blk file in use
    uint32_t undo_size = 0;     // bytes of the rev file in use
    uint32_t height_first = 0;  // lowest height among the blocks
    uint32_t height_last = 0;   // highest height among the blocks
    uint64_t time_first = 0;    // earliest block time among the blocks
    uint64_t time_last = 0;     // latest block time among the blocks

    // Accounts for one more block stored in the file (size is the caller's business).
    void AddBlock(uint32_t height, uint64_t time) {
        if (blocks == 0 || height < height_first) height_first = height;
        if (blocks == 0 || time < time_first) time_first = time;
        ++blocks;
        if (height > height_last) height_last = height;
        if (time > time_last) time_last = time;
    }

    std::string ToString() const;
    friend bool operator==(const BlockFileInfo&, const BlockFileInfo&) = default;
};

// Encoding: the seven fields in declaration order, each as a VarInt.
Bytes EncodeBlockFileInfo(const BlockFileInfo& info);
Result<BlockFileInfo> DecodeBlockFileInfo(ByteSpan data);

}  // namespace ocean
