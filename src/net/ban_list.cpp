#include "ocean/net/ban_list.h"

#include <nlohmann/json.hpp>

#include <system_error>

#include "ocean/util/fs.h"

namespace ocean {
namespace {

using Json = nlohmann::json;

// Largest banlist.json accepted (a ban is about 120 bytes of JSON).
constexpr size_t kMaxBanFileSize = 16u << 20;

std::optional<BanReason> ReasonFromText(const std::string& text) {
    for (BanReason r : {BanReason::kUnknown, BanReason::kNodeMisbehaving, BanReason::kManuallyAdded}) {
        if (BanReasonText(r) == text) return r;
    }
    return std::nullopt;
}

std::optional<int64_t> ReadTime(const Json& obj, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
    if (it->is_number_unsigned()) {
        const uint64_t v = it->get<uint64_t>();
        if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<int64_t>(v);
    }
    const int64_t v = it->get<int64_t>();
    if (v < 0) return std::nullopt;
    return v;
}

// Parses the file's text into bans, or says what is wrong with it.
Result<std::map<Subnet, BanEntry>> ParseBanFile(const std::string& text) {
    const Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return Error("malformed", "not valid JSON");
    if (!doc.is_array()) return Error("malformed", "not a JSON array");
    std::map<Subnet, BanEntry> bans;
    for (size_t i = 0; i < doc.size(); ++i) {
        const Json& item = doc[i];
        const std::string where = "entry " + std::to_string(i);
        if (!item.is_object()) return Error("malformed", where + " is not an object");
        const auto address = item.find("address");
        if (address == item.end() || !address->is_string()) {
            return Error("malformed", where + ": missing address");
        }
        auto subnet = Subnet::Parse(address->get<std::string>());
        if (!subnet) return Error("malformed", where + ": " + subnet.error().message);
        const auto created = ReadTime(item, "ban_created");
        const auto until = ReadTime(item, "banned_until");
        if (!created || !until) return Error("malformed", where + ": missing or invalid ban times");
        BanEntry entry{*created, *until, BanReason::kUnknown};
        const auto reason = item.find("ban_reason");
        if (reason != item.end()) {
            if (!reason->is_string()) return Error("malformed", where + ": ban_reason is not a string");
            // A reason text this version does not know (a newer node's) keeps the ban as "unknown".
            entry.reason = ReasonFromText(reason->get<std::string>()).value_or(BanReason::kUnknown);
        }
        auto [it, inserted] = bans.emplace(*subnet, entry);
        if (!inserted && it->second.banned_until < entry.banned_until) it->second = entry;
    }
    return bans;
}

}  // namespace

std::string BanReasonText(BanReason reason) {
    switch (reason) {
        case BanReason::kNodeMisbehaving:
            return "node misbehaving";
        case BanReason::kManuallyAdded:
            return "manually added";
        case BanReason::kUnknown:
            break;
    }
    return "unknown";
}

BanList::BanList(std::filesystem::path path, const Clock& clock) : path_(std::move(path)), clock_(clock) {}

Status BanList::Load() {
    std::lock_guard lock(mutex_);
    bans_.clear();
    dirty_ = false;
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec)) {
        if (ec) return Error("banlist-unreadable", path_.string() + ": " + ec.message());
        return Status::Ok();
    }
    Error problem;
    auto text = ReadFileText(path_, kMaxBanFileSize);
    if (!text) {
        problem = Error("banlist-unreadable", text.error().message);
    } else {
        auto parsed = ParseBanFile(*text);
        if (parsed) {
            bans_ = std::move(*parsed);
            return Status::Ok();
        }
        problem = Error("banlist-corrupt", path_.string() + ": " + parsed.error().message);
    }
    std::filesystem::path bad = path_;
    bad += ".bad";
    std::filesystem::rename(path_, bad, ec);
    problem.message += ec ? "; could not move it aside: " + ec.message() : "; moved to " + bad.string();
    return problem;
}

Status BanList::Save(bool force) {
    std::lock_guard lock(mutex_);
    SweepLocked();
    if (!dirty_ && !force) return Status::Ok();
    Json doc = Json::array();
    for (const auto& [subnet, entry] : bans_) {
        doc.push_back(Json{{"address", subnet.ToString()},
                           {"ban_created", entry.created},
                           {"banned_until", entry.banned_until},
                           {"ban_reason", BanReasonText(entry.reason)}});
    }
    Status written = WriteFileAtomic(path_, std::string_view(doc.dump(2) + "\n"));
    if (!written) return written;
    dirty_ = false;
    return Status::Ok();
}

bool BanList::Ban(const Subnet& subnet, int64_t banned_until, BanReason reason) {
    if (!subnet.IsValid()) return false;
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.UnixSeconds();
    auto it = bans_.find(subnet);
    if (it != bans_.end() && now < it->second.banned_until && it->second.banned_until >= banned_until) {
        return false;
    }
    bans_[subnet] = BanEntry{now, banned_until, reason};
    dirty_ = true;
    return true;
}

bool BanList::Unban(const Subnet& subnet) {
    std::lock_guard lock(mutex_);
    if (bans_.erase(subnet) == 0) return false;
    dirty_ = true;
    return true;
}

void BanList::Clear() {
    std::lock_guard lock(mutex_);
    if (bans_.empty()) return;
    bans_.clear();
    dirty_ = true;
}

bool BanList::IsBanned(const IpAddress& addr) const {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.UnixSeconds();
    for (const auto& [subnet, entry] : bans_) {
        if (now < entry.banned_until && subnet.Match(addr)) return true;
    }
    return false;
}

bool BanList::IsBanned(const Subnet& subnet) const {
    std::lock_guard lock(mutex_);
    const auto it = bans_.find(subnet);
    return it != bans_.end() && clock_.UnixSeconds() < it->second.banned_until;
}

std::map<Subnet, BanEntry> BanList::List() {
    std::lock_guard lock(mutex_);
    SweepLocked();
    return bans_;
}

bool BanList::SweepExpired() {
    std::lock_guard lock(mutex_);
    return SweepLocked();
}

bool BanList::Dirty() const {
    std::lock_guard lock(mutex_);
    return dirty_;
}

// An entry is in force while now < banned_until; from banned_until on it is expired.
bool BanList::SweepLocked() {
    const int64_t now = clock_.UnixSeconds();
    const size_t removed =
        std::erase_if(bans_, [now](const auto& kv) { return now >= kv.second.banned_until; });
    if (removed > 0) dirty_ = true;
    return removed > 0;
}

}  // namespace ocean
