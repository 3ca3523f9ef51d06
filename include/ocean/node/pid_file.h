// PidFile: <chain dir>/ocean-daemon.pid (or -pid) holding the daemon's process id while it runs;
// removed at a clean shutdown.
#pragma once

#include <filesystem>
#include <memory>

#include "ocean/util/result.h"

namespace ocean {

class PidFile {
  public:
    static Result<std::unique_ptr<PidFile>> Create(const std::filesystem::path& path);
    ~PidFile();
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

  private:
    explicit PidFile(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

}  // namespace ocean
