// SecretString: a PIN or private-key text held in one heap buffer that is wiped (SecureErase) when the
// object is destroyed, cleared or moved from. It is never copied implicitly, so no stray copy outlives it.
//
// ReadSecretFile reads such a secret from a file the way ssh treats private keys: the file must be a
// regular file that neither its group nor other users can access (mode & 077 == 0), else it is refused
// with an error naming the file and its mode. The permission check is done on the opened descriptor, so a
// file swapped between the check and the read is not an issue.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

#include "ocean/util/result.h"

namespace ocean {

class SecretString {
  public:
    SecretString() = default;
    // Copies `text` into a fresh buffer (the caller wipes its own copy).
    explicit SecretString(std::string_view text);
    ~SecretString() { Clear(); }
    SecretString(SecretString&& other) noexcept;
    SecretString& operator=(SecretString&& other) noexcept;
    SecretString(const SecretString&) = delete;
    SecretString& operator=(const SecretString&) = delete;

    std::string_view view() const { return {data_.get(), size_}; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    // Wipes and releases the buffer.
    void Clear();
    // Drops leading and trailing ASCII whitespace (a trailing newline in a PIN file, for example).
    void Trim();

  private:
    friend Result<SecretString> ReadSecretFile(const std::filesystem::path& path, size_t max_size);
    std::unique_ptr<char[]> data_;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

// The whole content of a secret file (at most max_size bytes), trimmed of surrounding whitespace. Errors
// (code "secret-file"): missing or unreadable file, not a regular file, group/other permissions, too
// large, empty.
Result<SecretString> ReadSecretFile(const std::filesystem::path& path, size_t max_size = 4096);

}  // namespace ocean
