// SecretString and ReadSecretFile (see secret_string.h).
#include "ocean/signer/secret_string.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "ocean/crypto/hash.h"

namespace ocean {

namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string ModeText(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

// Closes a descriptor on every return path.
struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

SecretString::SecretString(std::string_view text)
    : data_(new char[text.size() + 1]), size_(text.size()), capacity_(text.size() + 1) {
    std::memcpy(data_.get(), text.data(), text.size());
    data_[size_] = '\0';
}

SecretString::SecretString(SecretString&& other) noexcept
    : data_(std::move(other.data_)), size_(other.size_), capacity_(other.capacity_) {
    other.size_ = other.capacity_ = 0;
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
    if (this != &other) {
        Clear();
        data_ = std::move(other.data_);
        size_ = other.size_;
        capacity_ = other.capacity_;
        other.size_ = other.capacity_ = 0;
    }
    return *this;
}

void SecretString::Clear() {
    if (data_) SecureErase(data_.get(), capacity_);
    data_.reset();
    size_ = capacity_ = 0;
}

void SecretString::Trim() {
    if (!data_) return;
    size_t begin = 0;
    while (begin < size_ && IsSpace(data_[begin])) ++begin;
    size_t end = size_;
    while (end > begin && IsSpace(data_[end - 1])) --end;
    const size_t n = end - begin;
    if (begin > 0) std::memmove(data_.get(), data_.get() + begin, n);
    // Wipe the tail that no longer belongs to the secret.
    SecureErase(data_.get() + n, capacity_ - n);
    size_ = n;
}

Result<SecretString> ReadSecretFile(const std::filesystem::path& path, size_t max_size) {
    const std::string name = path.string();
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int err = errno;
        return Error("secret-file", "cannot open " + name + ": " + std::strerror(err));
    }
    FdCloser closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        return Error("secret-file", "cannot stat " + name + ": " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) return Error("secret-file", name + " is not a regular file");
    if ((st.st_mode & 077) != 0) {
        return Error("secret-file", "permissions " + ModeText(st.st_mode) + " for " + name +
                                        " are too open: a secret file must not be accessible by its group or "
                                        "other users; run: chmod 600 " +
                                        name);
    }
    if (static_cast<uint64_t>(st.st_size) > max_size)
        return Error("secret-file", name + " is larger than " + std::to_string(max_size) + " bytes");

    SecretString secret;
    secret.capacity_ = max_size + 1;
    secret.data_.reset(new char[secret.capacity_]);
    std::memset(secret.data_.get(), 0, secret.capacity_);
    size_t got = 0;
    while (got < secret.capacity_) {
        const ssize_t n = ::read(fd, secret.data_.get() + got, secret.capacity_ - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            return Error("secret-file", "cannot read " + name + ": " + std::strerror(err));
        }
        if (n == 0) break;
        got += static_cast<size_t>(n);
    }
    if (got > max_size)
        return Error("secret-file", name + " is larger than " + std::to_string(max_size) + " bytes");
    secret.size_ = got;
    secret.Trim();
    if (secret.empty()) return Error("secret-file", name + " is empty");
    return secret;
}

}  // namespace ocean
