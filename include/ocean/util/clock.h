// Clock: the source of wall-clock and monotonic time. Components take a Clock& so tests can mock time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ocean {

class Clock {
  public:
    virtual ~Clock() = default;
    // Seconds since the Unix epoch (wall clock; may jump).
    virtual int64_t UnixSeconds() const = 0;
    // Microseconds since the Unix epoch.
    virtual int64_t UnixMicros() const = 0;
    // Monotonic time, for timeouts and durations.
    virtual std::chrono::steady_clock::time_point Steady() const = 0;
};

// The operating system's clocks.
class SystemClock final : public Clock {
  public:
    int64_t UnixSeconds() const override;
    int64_t UnixMicros() const override;
    std::chrono::steady_clock::time_point Steady() const override;
};

// The node's clock: the system clock, except that wall-clock time can be frozen at a given value
// (setmocktime on test chains). Steady time always follows the system. Thread-safe.
class NodeClock final : public Clock {
  public:
    int64_t UnixSeconds() const override;
    int64_t UnixMicros() const override;
    std::chrono::steady_clock::time_point Steady() const override { return std::chrono::steady_clock::now(); }
    // 0 returns to the system clock.
    void SetMockTime(int64_t unix_seconds) { mock_.store(unix_seconds); }
    int64_t MockTime() const { return mock_.load(); }

  private:
    SystemClock system_;
    std::atomic<int64_t> mock_{0};
};

// A clock that only moves when told to; thread-safe.
class MockClock final : public Clock {
  public:
    explicit MockClock(int64_t unix_seconds = 0) : micros_(unix_seconds * 1000000) {}
    int64_t UnixSeconds() const override { return micros_.load() / 1000000; }
    int64_t UnixMicros() const override { return micros_.load(); }
    std::chrono::steady_clock::time_point Steady() const override {
        return std::chrono::steady_clock::time_point(std::chrono::microseconds(micros_.load()));
    }
    void SetUnixSeconds(int64_t s) { micros_.store(s * 1000000); }
    void AdvanceMicros(int64_t us) { micros_.fetch_add(us); }

  private:
    std::atomic<int64_t> micros_;
};

}  // namespace ocean
