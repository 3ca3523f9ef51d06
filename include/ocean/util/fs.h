// File helpers with the durability guarantees the node relies on.
//
// WriteFileAtomic writes to a temporary file in the same directory, fsyncs it, renames it over the
// target and fsyncs the directory: after a crash the file holds either the old or the new content,
// never a mix. Errors come back as Status; nothing throws.
#pragma once

#include <filesystem>
#include <string>

#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace ocean {

Status WriteFileAtomic(const std::filesystem::path& path, ByteSpan data, unsigned mode = 0600);
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data, unsigned mode = 0600);

// Whole file contents; an error if it cannot be opened or is larger than max_size bytes.
Result<Bytes> ReadFileBytes(const std::filesystem::path& path, size_t max_size = 64u << 20);
Result<std::string> ReadFileText(const std::filesystem::path& path, size_t max_size = 64u << 20);

// fsync of a directory, so that a rename or a file creation inside it is durable.
Status SyncDirectory(const std::filesystem::path& dir);

}  // namespace ocean
