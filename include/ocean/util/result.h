// Result<T> and Status: how errors cross module boundaries in oceand.
//
// A function that can fail returns Result<T> (a value or an Error) or Status (no value). Exceptions
// never leave a module; the code of an Error is a short machine-readable reason (for consensus
// failures the reject reason, e.g. "bad-txns-vin-empty") and the message explains it to a human.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ocean {

// What went wrong: a stable reason code plus human-readable detail.
struct Error {
    std::string code;
    std::string message;

    Error() = default;
    Error(std::string c, std::string m = {}) : code(std::move(c)), message(std::move(m)) {}

    // "code: message", or just the code when there is no detail.
    std::string ToString() const { return message.empty() ? code : code + ": " + message; }
    bool operator==(const Error&) const = default;
};

// A value of type T, or the Error that prevented computing it.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Error> v_;
};

// Success, or the Error that happened.
class [[nodiscard]] Status {
  public:
    Status() = default;
    Status(Error error) : error_(std::move(error)), ok_(false) {}
    static Status Ok() { return Status(); }

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    Error error_;
    bool ok_ = true;
};

}  // namespace ocean
