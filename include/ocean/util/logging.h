// Logger: the node's debug log. One instance, owned by the node context and passed by reference.
//
// Lines go to debug.log and/or the console, optionally prefixed with an ISO-8601 timestamp. Debug
// lines are filtered by category (-debug=<category>); info, warning and error lines always pass.
// ReopenFile() supports log rotation on SIGHUP. All methods are thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/util/clock.h"
#include "ocean/util/result.h"

namespace ocean {

enum class LogCategory : uint32_t {
    kNone = 0,
    kNet = 1u << 0,
    kRpc = 1u << 1,
    kValidation = 1u << 2,
    kMempool = 1u << 3,
    kBench = 1u << 4,
    kDb = 1u << 5,
    kSigner = 1u << 6,
    kMainstay = 1u << 7,
    kWallet = 1u << 8,
    kPolicy = 1u << 9,
    kHttp = 1u << 10,
    kReindex = 1u << 11,
    kAll = 0xffffffffu,
};

enum class LogLevel { kDebug, kInfo, kWarning, kError };

class Logger {
  public:
    explicit Logger(const Clock& clock) : clock_(clock) {}
    ~Logger();
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;

    // Category names accepted by -debug ("net", "rpc", ..., "all"/"1").
    static std::vector<std::string> CategoryNames();
    // Enables a category by name; false if the name is unknown.
    bool EnableCategory(std::string_view name);
    bool DisableCategory(std::string_view name);
    bool Enabled(LogCategory c) const;

    void SetPrintToConsole(bool on) { console_ = on; }
    void SetTimestamps(bool on) { timestamps_ = on; }
    Status OpenFile(const std::filesystem::path& path);
    // Before OpenFile: when the file at `path` is larger than `max_bytes`, keeps only its last
    // `keep_bytes` (from a line start), replacing it atomically (-shrinkdebugfile).
    static Status ShrinkFile(const std::filesystem::path& path, uint64_t max_bytes, uint64_t keep_bytes);
    // Closes and reopens the log file (after logrotate moved it).
    Status ReopenFile();
    void CloseFile();

    void Log(LogLevel level, LogCategory category, std::string_view msg);
    void Info(std::string_view msg) { Log(LogLevel::kInfo, LogCategory::kNone, msg); }
    void Warning(std::string_view msg) { Log(LogLevel::kWarning, LogCategory::kNone, msg); }
    void Error(std::string_view msg) { Log(LogLevel::kError, LogCategory::kNone, msg); }
    void Debug(LogCategory c, std::string_view msg) {
        if (Enabled(c)) Log(LogLevel::kDebug, c, msg);
    }

  private:
    const Clock& clock_;
    mutable std::mutex mu_;
    uint32_t categories_ = 0;
    bool console_ = false;
    bool timestamps_ = true;
    std::filesystem::path path_;
    FILE* file_ = nullptr;
};

}  // namespace ocean
