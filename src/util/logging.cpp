#include "ocean/util/logging.h"

#include "ocean/util/fs.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>

namespace ocean {
namespace {

struct CategoryName {
    LogCategory category;
    const char* name;
};

constexpr CategoryName kCategories[] = {
    {LogCategory::kNet, "net"},
    {LogCategory::kRpc, "rpc"},
    {LogCategory::kValidation, "validation"},
    {LogCategory::kMempool, "mempool"},
    {LogCategory::kBench, "bench"},
    {LogCategory::kDb, "db"},
    {LogCategory::kSigner, "signer"},
    {LogCategory::kMainstay, "mainstay"},
    {LogCategory::kWallet, "wallet"},
    {LogCategory::kPolicy, "policy"},
    {LogCategory::kHttp, "http"},
    {LogCategory::kReindex, "reindex"},
};

std::optional<uint32_t> MaskFor(std::string_view name) {
    if (name == "all" || name == "1") return static_cast<uint32_t>(LogCategory::kAll);
    for (const auto& c : kCategories) {
        if (name == c.name) return static_cast<uint32_t>(c.category);
    }
    return std::nullopt;
}

}  // namespace

Logger::~Logger() {
    CloseFile();
}

std::vector<std::string> Logger::CategoryNames() {
    std::vector<std::string> out;
    for (const auto& c : kCategories) out.emplace_back(c.name);
    return out;
}

bool Logger::EnableCategory(std::string_view name) {
    const auto mask = MaskFor(name);
    if (!mask) return false;
    std::lock_guard lock(mu_);
    categories_ |= *mask;
    return true;
}

bool Logger::DisableCategory(std::string_view name) {
    const auto mask = MaskFor(name);
    if (!mask) return false;
    std::lock_guard lock(mu_);
    categories_ &= ~*mask;
    return true;
}

bool Logger::Enabled(LogCategory c) const {
    std::lock_guard lock(mu_);
    return (categories_ & static_cast<uint32_t>(c)) != 0;
}

Status Logger::OpenFile(const std::filesystem::path& path) {
    std::lock_guard lock(mu_);
    if (file_) std::fclose(file_);
    path_ = path;
    file_ = std::fopen(path.c_str(), "a");
    if (!file_)
        return ::ocean::Error("io-error",
                              "cannot open log file " + path.string() + ": " + std::strerror(errno));
    std::setvbuf(file_, nullptr, _IOLBF, 0);
    return Status::Ok();
}

Status Logger::ReopenFile() {
    std::filesystem::path p;
    {
        std::lock_guard lock(mu_);
        p = path_;
    }
    if (p.empty()) return Status::Ok();
    return OpenFile(p);
}

void Logger::CloseFile() {
    std::lock_guard lock(mu_);
    if (file_) std::fclose(file_);
    file_ = nullptr;
}

void Logger::Log(LogLevel level, LogCategory category, std::string_view msg) {
    std::string line;
    line.reserve(msg.size() + 40);
    if (timestamps_) {
        const int64_t us = clock_.UnixMicros();
        const std::time_t secs = static_cast<std::time_t>(us / 1000000);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char buf[32];
        std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ ", &tm);
        line += buf;
    }
    switch (level) {
        case LogLevel::kWarning:
            line += "Warning: ";
            break;
        case LogLevel::kError:
            line += "Error: ";
            break;
        case LogLevel::kDebug:
            for (const auto& c : kCategories) {
                if (c.category == category) {
                    line += "[";
                    line += c.name;
                    line += "] ";
                }
            }
            break;
        case LogLevel::kInfo:
            break;
    }
    line += msg;
    if (line.empty() || line.back() != '\n') line += '\n';
    std::lock_guard lock(mu_);
    if (file_) std::fwrite(line.data(), 1, line.size(), file_);
    if (console_) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    }
}

Status Logger::ShrinkFile(const std::filesystem::path& path, uint64_t max_bytes, uint64_t keep_bytes) {
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec || size <= max_bytes) return Status::Ok();
    auto text = ReadFileText(path, static_cast<size_t>(size) + 1);
    if (!text) return text.error();
    std::string_view tail(*text);
    tail.remove_prefix(tail.size() > keep_bytes ? tail.size() - keep_bytes : 0);
    if (const size_t nl = tail.find('\n'); nl != std::string_view::npos) tail.remove_prefix(nl + 1);
    return WriteFileAtomic(path, tail, 0644);
}

}  // namespace ocean
