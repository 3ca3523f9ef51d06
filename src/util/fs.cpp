#include "ocean/util/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace ocean {
namespace {

Error SysError(const std::string& what, const std::filesystem::path& p) {
    return Error("io-error", what + " " + p.string() + ": " + std::strerror(errno));
}

bool WriteAll(int fd, const uint8_t* data, size_t len) {
    while (len > 0) {
        const ssize_t n = ::write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        len -= static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

Status SyncDirectory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return SysError("cannot open directory", dir);
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (rc != 0) return SysError("cannot fsync directory", dir);
    return Status::Ok();
}

Status WriteFileAtomic(const std::filesystem::path& path, ByteSpan data, unsigned mode) {
    const std::filesystem::path dir =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::random_device rd;
    const std::filesystem::path tmp =
        dir / ("." + path.filename().string() + ".tmp" + std::to_string(static_cast<unsigned>(rd())));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return SysError("cannot create", tmp);
    if (!WriteAll(fd, data.data(), data.size()) || ::fsync(fd) != 0) {
        const Error e = SysError("cannot write", tmp);
        ::close(fd);
        ::unlink(tmp.c_str());
        return e;
    }
    if (::close(fd) != 0) {
        const Error e = SysError("cannot close", tmp);
        ::unlink(tmp.c_str());
        return e;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const Error e = SysError("cannot rename to", path);
        ::unlink(tmp.c_str());
        return e;
    }
    return SyncDirectory(dir);
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data, unsigned mode) {
    return WriteFileAtomic(path, ByteSpan(reinterpret_cast<const uint8_t*>(data.data()), data.size()), mode);
}

Result<Bytes> ReadFileBytes(const std::filesystem::path& path, size_t max_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return SysError("cannot open", path);
    Bytes out;
    uint8_t buf[65536];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof(buf));
        if (n < 0) {
            if (errno == EINTR) continue;
            const Error e = SysError("cannot read", path);
            ::close(fd);
            return e;
        }
        if (n == 0) break;
        if (out.size() + static_cast<size_t>(n) > max_size) {
            ::close(fd);
            return Error("io-error",
                         path.string() + " is larger than " + std::to_string(max_size) + " bytes");
        }
        out.insert(out.end(), buf, buf + n);
    }
    ::close(fd);
    return out;
}

Result<std::string> ReadFileText(const std::filesystem::path& path, size_t max_size) {
    auto bytes = ReadFileBytes(path, max_size);
    if (!bytes) return bytes.error();
    return std::string(bytes->begin(), bytes->end());
}

}  // namespace ocean
