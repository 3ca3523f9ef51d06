#include "ocean/util/clock.h"

namespace ocean {

int64_t SystemClock::UnixSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t SystemClock::UnixMicros() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::chrono::steady_clock::time_point SystemClock::Steady() const {
    return std::chrono::steady_clock::now();
}

int64_t NodeClock::UnixSeconds() const {
    const int64_t mock = mock_.load();
    return mock != 0 ? mock : system_.UnixSeconds();
}

int64_t NodeClock::UnixMicros() const {
    const int64_t mock = mock_.load();
    return mock != 0 ? mock * 1000000 : system_.UnixMicros();
}

}  // namespace ocean
