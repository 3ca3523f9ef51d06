// ProgressReporter: turns the chain's frequent progress callbacks (phase, done, total) into a log line
// at most every few seconds — percent, rate and estimated time left — and into the RPC warm-up status
// text that callers see while the node loads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "ocean/util/clock.h"
#include "ocean/util/logging.h"

namespace ocean {

class ProgressReporter {
  public:
    using StatusSink = std::function<void(const std::string&)>;
    ProgressReporter(Logger& log, const Clock& clock, StatusSink status,
                     std::chrono::seconds interval = std::chrono::seconds(5));

    void Update(std::string_view phase, uint64_t done, uint64_t total);
    // The line Update would log for these figures (exposed for tests).
    static std::string FormatLine(std::string_view phase, uint64_t done, uint64_t total,
                                  double rate_per_second);

  private:
    Logger& log_;
    const Clock& clock_;
    StatusSink status_;
    std::chrono::seconds interval_;
    std::mutex mu_;
    std::string phase_;
    std::chrono::steady_clock::time_point phase_start_{}, last_line_{};
    uint64_t phase_first_done_ = 0;
};

}  // namespace ocean
