#include "ocean/chain/block_file_info.h"

#include "ocean/primitives/serialize.h"

namespace ocean {

std::string BlockFileInfo::ToString() const {
    return "BlockFileInfo(blocks=" + std::to_string(blocks) + ", size=" + std::to_string(size) +
           ", undo_size=" + std::to_string(undo_size) + ", heights=" + std::to_string(height_first) + "..." +
           std::to_string(height_last) + ", times=" + std::to_string(time_first) + "..." +
           std::to_string(time_last) + ")";
}

Bytes EncodeBlockFileInfo(const BlockFileInfo& info) {
    Bytes out;
    VectorWriter w(out);
    WriteVarInt(w, info.blocks);
    WriteVarInt(w, info.size);
    WriteVarInt(w, info.undo_size);
    WriteVarInt(w, info.height_first);
    WriteVarInt(w, info.height_last);
    WriteVarInt(w, info.time_first);
    WriteVarInt(w, info.time_last);
    return out;
}

Result<BlockFileInfo> DecodeBlockFileInfo(ByteSpan data) {
    BlockFileInfo info;
    try {
        SpanReader r(data);
        auto read32 = [&r]() {
            const uint64_t v = ReadVarInt(r);
            if (v > UINT32_MAX) throw DecodeError("value out of range");
            return static_cast<uint32_t>(v);
        };
        info.blocks = read32();
        info.size = read32();
        info.undo_size = read32();
        info.height_first = read32();
        info.height_last = read32();
        info.time_first = ReadVarInt(r);
        info.time_last = ReadVarInt(r);
        if (!r.empty()) return Error("fileinfo-decode", "trailing data after block file info");
    } catch (const DecodeError& e) {
        return Error("fileinfo-decode", e.what());
    }
    return info;
}

}  // namespace ocean
