#include "ocean/node/progress.h"

#include <cstdio>

namespace ocean {

ProgressReporter::ProgressReporter(Logger& log, const Clock& clock, StatusSink status,
                                   std::chrono::seconds interval)
    : log_(log), clock_(clock), status_(std::move(status)), interval_(interval) {}

std::string ProgressReporter::FormatLine(std::string_view phase, uint64_t done, uint64_t total, double rate) {
    // Reindexing counts bytes of block files; the other phases count blocks.
    const bool bytes = phase.find("Reindex") != std::string_view::npos;
    char buf[256];
    std::string line(phase);
    if (total > 0) {
        std::snprintf(buf, sizeof buf, ": %.1f%%",
                      100.0 * static_cast<double>(std::min(done, total)) / static_cast<double>(total));
        line += buf;
    } else {
        line += ":";
    }
    if (bytes) {
        std::snprintf(buf, sizeof buf, " (%.1f MB", static_cast<double>(done) / 1e6);
        line += buf;
        if (total > 0) {
            std::snprintf(buf, sizeof buf, " of %.1f MB", static_cast<double>(total) / 1e6);
            line += buf;
        }
        std::snprintf(buf, sizeof buf, ", %.1f MB/s", rate / 1e6);
    } else {
        std::snprintf(buf, sizeof buf, " (%llu", static_cast<unsigned long long>(done));
        line += buf;
        if (total > 0) {
            std::snprintf(buf, sizeof buf, " of %llu", static_cast<unsigned long long>(total));
            line += buf;
        }
        std::snprintf(buf, sizeof buf, " blocks, %.1f blocks/s", rate);
    }
    line += buf;
    if (total > done && rate > 0) {
        const auto eta = static_cast<long long>(static_cast<double>(total - done) / rate);
        std::snprintf(buf, sizeof buf, ", ETA %02lld:%02lld:%02lld", eta / 3600, (eta / 60) % 60, eta % 60);
        line += buf;
    }
    line += ")";
    return line;
}

void ProgressReporter::Update(std::string_view phase, uint64_t done, uint64_t total) {
    const auto now = clock_.Steady();
    std::string line;
    {
        std::lock_guard lock(mu_);
        if (phase != phase_) {
            phase_ = std::string(phase);
            phase_start_ = now;
            last_line_ = now;
            phase_first_done_ = done;
            if (status_) status_(phase_ + "...");
            return;
        }
        const bool finished = total > 0 && done >= total;
        if (!finished && now - last_line_ < interval_) return;
        if (finished && now - phase_start_ < interval_) return;  // short phases stay quiet
        last_line_ = now;
        const double seconds = std::chrono::duration<double>(now - phase_start_).count();
        const double rate =
            seconds > 0 ? static_cast<double>(done - std::min(done, phase_first_done_)) / seconds : 0;
        line = FormatLine(phase, done, total, rate);
    }
    log_.Info(line);
    if (status_) status_(line);
}

}  // namespace ocean
