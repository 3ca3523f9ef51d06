// DataDirLock: an exclusive advisory lock (flock) on <chain dir>/.lock, held for the life of the
// process, so that two daemons can never open the same chain data directory. The kernel drops the lock
// when the process dies, so a kill -9 never leaves a stale lock behind.
#pragma once

#include <filesystem>
#include <memory>

#include "ocean/util/result.h"

namespace ocean {

class DataDirLock {
  public:
    // Fails with Ocean's message when another process holds the lock.
    static Result<std::unique_ptr<DataDirLock>> Acquire(const std::filesystem::path& dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

  private:
    explicit DataDirLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace ocean
