#include "ocean/node/datadir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ocean {

Result<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Error("datadir-lock", "Cannot open lock file " + path.string() + ": " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) {
            return Error("datadir-lock", "Cannot obtain a lock on data directory " + dir.string() +
                                             ". Ocean Core is probably already running.");
        }
        return Error("datadir-lock", "Cannot lock " + path.string() + ": " + std::strerror(err));
    }
    return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
}

}  // namespace ocean
