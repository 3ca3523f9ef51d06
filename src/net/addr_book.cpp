#include "ocean/net/addr_book.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <system_error>
#include <tuple>

#include "ocean/crypto/sha256.h"
#include "ocean/primitives/serialize.h"
#include "ocean/util/fs.h"

namespace ocean {
namespace {

// peers.dat layout (all integers little-endian):
//   "OCPB" | uint32 version (1) | CompactSize n | n × entry | SHA256d of everything before (32 bytes)
// entry (67 bytes):
//   uint32 time | uint64 services | 16-byte address | uint16 port (big-endian, as on the wire) |
//   16-byte source | int64 last_try | int64 last_success | int32 attempts | uint8 tried (0 or 1)
constexpr uint8_t kMagic[4] = {'O', 'C', 'P', 'B'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kEntrySize = 4 + 8 + 16 + 2 + 16 + 8 + 8 + 4 + 1;
constexpr size_t kChecksumSize = 32;
constexpr size_t kMaxEntries = AddrBook::kMaxNew + AddrBook::kMaxTried;
constexpr size_t kMaxFileSize = 4 + 4 + 9 + kMaxEntries * kEntrySize + kChecksumSize;

constexpr int64_t kMinute = 60;
constexpr int64_t kDay = 24 * 60 * 60;
// Advertised times at or below this (1973) are bogus.
constexpr int64_t kMinPlausibleTime = 100000000;
// How far in the future an advertised time may be.
constexpr int64_t kMaxFutureDrift = 10 * kMinute;
// What a bogus advertised time becomes: now minus this.
constexpr int64_t kBogusTimeAge = 5 * kDay;
// An address tried this recently is not selected again.
constexpr int64_t kRetryDelay = kMinute;
// Connected() moves the last-seen time forward at most this often.
constexpr int64_t kConnectedUpdateInterval = 20 * kMinute;
// "Terrible" entries: not seen for this long, or this many failures and no success for a week.
constexpr int64_t kHorizon = 30 * kDay;
constexpr int kMaxFailures = 10;
constexpr int64_t kMinFailPeriod = 7 * kDay;
// When the new table is full, this many of its worst entries are evicted at once, so a flood of
// addresses costs one scan of the table per batch rather than per address.
constexpr size_t kNewEvictBatch = 256;
// getaddr answers hold at most this percentage of the book (Ocean's ADDRMAN_GETADDR_MAX_PCT).
constexpr size_t kGetAddrMaxPercent = 23;

// "::" or "0.0.0.0": never a connection target, even when local addresses are allowed.
bool IsUnspecified(const IpAddress& ip) {
    const auto& b = ip.bytes();
    const size_t from = ip.IsIPv4() ? 12 : 0;
    return std::all_of(b.begin() + from, b.end(), [](uint8_t x) { return x == 0; });
}

// An entry not worth keeping or handing out.
bool IsTerrible(const AddrInfo& info, int64_t now) {
    if (info.last_try != 0 && now - info.last_try < kRetryDelay) return false;  // being tried right now
    const int64_t seen = info.addr.time;
    if (seen > now + kMaxFutureDrift) return true;
    if (now - seen > kHorizon) return true;
    if (info.attempts >= kMaxFailures && now - info.last_success > kMinFailPeriod) return true;
    return false;
}

// Sort key: larger is a better eviction victim (terrible first, then least recently seen, then
// most failed attempts).
std::tuple<bool, int64_t, int> EvictionKey(const AddrInfo& info, int64_t now) {
    return {IsTerrible(info, now), -static_cast<int64_t>(info.addr.time), info.attempts};
}

uint32_t ClampTime(int64_t t) {
    return static_cast<uint32_t>(std::clamp<int64_t>(t, 0, std::numeric_limits<uint32_t>::max()));
}

template <typename S>
void WriteEntry(S& s, const AddrInfo& info) {
    WriteLE32(s, info.addr.time);
    WriteLE64(s, info.addr.services);
    s.write(info.addr.ip.data(), info.addr.ip.size());
    const uint8_t port[2] = {static_cast<uint8_t>(info.addr.port >> 8), static_cast<uint8_t>(info.addr.port)};
    s.write(port, 2);
    s.write(info.source.bytes().data(), 16);
    WriteLE64(s, static_cast<uint64_t>(info.last_try));
    WriteLE64(s, static_cast<uint64_t>(info.last_success));
    WriteLE32(s, static_cast<uint32_t>(info.attempts));
    WriteU8(s, info.tried ? 1 : 0);
}

struct BadFile : DecodeError {
    using DecodeError::DecodeError;
};

AddrInfo ReadEntry(SpanReader& r) {
    AddrInfo info;
    info.addr.time = ReadLE32(r);
    info.addr.services = ReadLE64(r);
    r.read(info.addr.ip.data(), info.addr.ip.size());
    uint8_t port[2];
    r.read(port, 2);
    info.addr.port = static_cast<uint16_t>(port[0] << 8 | port[1]);
    IpAddress::Bytes16 source;
    r.read(source.data(), source.size());
    info.source = IpAddress::FromIPv6(source);
    info.last_try = static_cast<int64_t>(ReadLE64(r));
    info.last_success = static_cast<int64_t>(ReadLE64(r));
    info.attempts = static_cast<int32_t>(ReadLE32(r));
    const uint8_t tried = ReadU8(r);
    if (tried > 1) throw BadFile("bad tried flag");
    info.tried = tried == 1;
    if (info.attempts < 0) throw BadFile("negative attempt count");
    if (info.addr.port == 0) throw BadFile("entry with port 0");
    return info;
}

struct LoadedBook {
    std::map<Service, AddrInfo> entries;
    std::map<std::vector<uint8_t>, size_t> new_per_source_group;
    size_t tried_count = 0;
};

// Checks the whole file (lengths, checksum, then every entry and the table limits) before anything
// of it is used.
Result<LoadedBook> ParseBook(const Bytes& data) {
    if (data.size() < sizeof(kMagic) + 4 + 1 + kChecksumSize) return Error("peers-corrupt", "file too short");
    if (std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) return Error("peers-corrupt", "bad magic");
    const ByteSpan body(data.data(), data.size() - kChecksumSize);
    const uint256 checksum = Sha256dHash(body);
    if (std::memcmp(checksum.data(), data.data() + body.size(), kChecksumSize) != 0) {
        return Error("peers-corrupt", "checksum mismatch");
    }
    try {
        SpanReader r(body);
        r.take(sizeof(kMagic));
        const uint32_t version = ReadLE32(r);
        if (version != kFormatVersion) {
            return Error("peers-corrupt", "unsupported format version " + std::to_string(version));
        }
        const uint64_t count = ReadCompactSize(r);
        if (count > kMaxEntries) return Error("peers-corrupt", "too many entries");
        if (r.remaining() != count * kEntrySize)
            return Error("peers-corrupt", "length does not match entry count");
        LoadedBook book;
        for (uint64_t i = 0; i < count; ++i) {
            AddrInfo info = ReadEntry(r);
            const Service s = Service::FromNetAddress(info.addr);
            if (info.tried) {
                ++book.tried_count;
            } else {
                ++book.new_per_source_group[NetGroup(info.source)];
            }
            if (!book.entries.emplace(s, std::move(info)).second) {
                return Error("peers-corrupt", "duplicate entry " + s.ToString());
            }
        }
        if (book.tried_count > AddrBook::kMaxTried || count - book.tried_count > AddrBook::kMaxNew) {
            return Error("peers-corrupt", "table over its limit");
        }
        for (const auto& [group, n] : book.new_per_source_group) {
            if (n > AddrBook::kMaxPerSourceGroup)
                return Error("peers-corrupt", "source group over its limit");
        }
        return book;
    } catch (const DecodeError& e) {
        return Error("peers-corrupt", e.what());
    } catch (const std::bad_alloc&) {
        return Error("peers-corrupt", "out of memory");
    }
}

}  // namespace

AddrBook::AddrBook(std::filesystem::path path, const Clock& clock, uint64_t seed)
    : path_(std::move(path)), clock_(clock), rng_(seed) {}

Status AddrBook::Load() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    new_per_source_group_.clear();
    tried_count_ = 0;
    dirty_ = false;
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec)) {
        if (ec) return Error("peers-unreadable", path_.string() + ": " + ec.message());
        return Status::Ok();
    }
    Error problem;
    auto data = ReadFileBytes(path_, kMaxFileSize);
    if (!data) {
        problem = Error("peers-unreadable", data.error().message);
    } else {
        auto book = ParseBook(*data);
        if (book) {
            entries_ = std::move(book->entries);
            new_per_source_group_ = std::move(book->new_per_source_group);
            tried_count_ = book->tried_count;
            return Status::Ok();
        }
        problem = Error(book.error().code, path_.string() + ": " + book.error().message);
    }
    std::filesystem::path bad = path_;
    bad += ".bad";
    std::filesystem::rename(path_, bad, ec);
    problem.message += ec ? "; could not move it aside: " + ec.message() : "; moved to " + bad.string();
    return problem;
}

Status AddrBook::Save(bool force) {
    std::lock_guard lock(mutex_);
    if (!dirty_ && !force) return Status::Ok();
    Bytes out;
    out.reserve(4 + 4 + 9 + entries_.size() * kEntrySize + kChecksumSize);
    VectorWriter w(out);
    w.write(kMagic, sizeof(kMagic));
    WriteLE32(w, kFormatVersion);
    WriteCompactSize(w, entries_.size());
    for (const auto& [service, info] : entries_) WriteEntry(w, info);
    const uint256 checksum = Sha256dHash(ByteSpan(out.data(), out.size()));
    w.write(checksum.data(), kChecksumSize);
    Status written = WriteFileAtomic(path_, ByteSpan(out.data(), out.size()));
    if (!written) return written;
    dirty_ = false;
    return Status::Ok();
}

size_t AddrBook::Add(const std::vector<NetAddress>& addrs, const IpAddress& source, int64_t time_penalty) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.UnixSeconds();
    const std::vector<uint8_t> source_group = NetGroup(source);
    size_t added = 0;
    for (const NetAddress& a : addrs) {
        const Service s = Service::FromNetAddress(a);
        if (s.port == 0 || IsUnspecified(s.ip)) continue;
        if (!allow_local_ && !s.IsRoutable()) continue;
        int64_t time = a.time;
        if (time <= kMinPlausibleTime || time > now + kMaxFutureDrift) time = now - kBogusTimeAge;
        // A peer announcing itself is not penalised.
        if (s.ip != source) time -= std::max<int64_t>(time_penalty, 0);
        const uint32_t seen = ClampTime(time);

        auto it = entries_.find(s);
        if (it != entries_.end()) {
            AddrInfo& info = it->second;
            const uint64_t services = info.addr.services | a.services;
            if (seen > info.addr.time || services != info.addr.services) {
                info.addr.time = std::max(info.addr.time, seen);
                info.addr.services = services;
                dirty_ = true;
            }
            continue;
        }
        if (new_per_source_group_[source_group] >= kMaxPerSourceGroup) continue;
        if (entries_.size() - tried_count_ >= kMaxNew) EvictNewLocked();
        AddrInfo info;
        info.addr = a;
        info.addr.time = seen;
        info.source = source;
        entries_.emplace(s, std::move(info));
        ++new_per_source_group_[source_group];
        ++added;
        dirty_ = true;
    }
    // Do not leave an empty counter behind for a source that gave nothing new.
    auto group = new_per_source_group_.find(source_group);
    if (group != new_per_source_group_.end() && group->second == 0) new_per_source_group_.erase(group);
    return added;
}

void AddrBook::Good(const Service& s) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(s);
    if (it == entries_.end()) return;
    const int64_t now = clock_.UnixSeconds();
    if (!it->second.tried) {
        if (tried_count_ >= kMaxTried) EvictTriedLocked();
        AddrInfo& info = it->second;
        auto group = new_per_source_group_.find(NetGroup(info.source));
        if (group != new_per_source_group_.end() && --group->second == 0) new_per_source_group_.erase(group);
        info.tried = true;
        ++tried_count_;
    }
    AddrInfo& info = it->second;
    info.last_success = now;
    info.last_try = now;
    info.attempts = 0;
    info.addr.time = std::max(info.addr.time, ClampTime(now));
    dirty_ = true;
}

void AddrBook::Attempt(const Service& s) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(s);
    if (it == entries_.end()) return;
    it->second.last_try = clock_.UnixSeconds();
    ++it->second.attempts;
    dirty_ = true;
}

void AddrBook::Connected(const Service& s) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(s);
    if (it == entries_.end()) return;
    const int64_t now = clock_.UnixSeconds();
    if (now - static_cast<int64_t>(it->second.addr.time) < kConnectedUpdateInterval) return;
    it->second.addr.time = ClampTime(now);
    dirty_ = true;
}

std::optional<AddrInfo> AddrBook::Select(const std::function<bool(const Service&)>& exclude) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.UnixSeconds();
    std::vector<const std::pair<const Service, AddrInfo>*> tried;
    std::vector<const std::pair<const Service, AddrInfo>*> fresh;
    for (const auto& kv : entries_) {
        const AddrInfo& info = kv.second;
        if (info.last_try != 0 && now - info.last_try < kRetryDelay) continue;
        (info.tried ? tried : fresh).push_back(&kv);
    }
    // Draw from one table (tried about half of the time); `exclude` is asked only about the drawn
    // entries, and a rejected entry is dropped from its table before the next draw.
    while (!tried.empty() || !fresh.empty()) {
        const bool use_tried = fresh.empty() || (!tried.empty() && (rng_() & 1) == 0);
        auto& table = use_tried ? tried : fresh;
        const size_t i = std::uniform_int_distribution<size_t>(0, table.size() - 1)(rng_);
        const auto* candidate = table[i];
        if (!exclude || !exclude(candidate->first)) return candidate->second;
        table[i] = table.back();
        table.pop_back();
    }
    return std::nullopt;
}

std::vector<NetAddress> AddrBook::GetAddresses(size_t max_count) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.UnixSeconds();
    const size_t limit = std::min(max_count, entries_.size() * kGetAddrMaxPercent / 100);
    std::vector<const AddrInfo*> pool;
    pool.reserve(entries_.size());
    for (const auto& [service, info] : entries_) {
        if (!IsTerrible(info, now)) pool.push_back(&info);
    }
    // Partial Fisher-Yates: the first `n` slots become a uniform random sample.
    const size_t n = std::min(limit, pool.size());
    std::vector<NetAddress> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const size_t j = std::uniform_int_distribution<size_t>(i, pool.size() - 1)(rng_);
        std::swap(pool[i], pool[j]);
        out.push_back(pool[i]->addr);
    }
    return out;
}

size_t AddrBook::Size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

size_t AddrBook::TriedCount() const {
    std::lock_guard lock(mutex_);
    return tried_count_;
}

bool AddrBook::Dirty() const {
    std::lock_guard lock(mutex_);
    return dirty_;
}

// Evicts the worst kNewEvictBatch new entries (terrible ones first, then the least recently seen).
void AddrBook::EvictNewLocked() {
    const int64_t now = clock_.UnixSeconds();
    using Candidate = std::pair<std::tuple<bool, int64_t, int>, std::map<Service, AddrInfo>::iterator>;
    std::vector<Candidate> candidates;
    candidates.reserve(entries_.size() - tried_count_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (!it->second.tried) candidates.emplace_back(EvictionKey(it->second, now), it);
    }
    const size_t n = std::min(kNewEvictBatch, candidates.size());
    if (n == 0) return;
    auto worse = [](const Candidate& a, const Candidate& b) { return a.first > b.first; };
    std::nth_element(candidates.begin(), candidates.begin() + (n - 1), candidates.end(), worse);
    for (size_t i = 0; i < n; ++i) {
        auto it = candidates[i].second;
        auto group = new_per_source_group_.find(NetGroup(it->second.source));
        if (group != new_per_source_group_.end() && --group->second == 0) new_per_source_group_.erase(group);
        entries_.erase(it);
    }
    dirty_ = true;
}

// Evicts the single worst tried entry (terrible first, then the oldest success, then the least
// recently seen).
void AddrBook::EvictTriedLocked() {
    const int64_t now = clock_.UnixSeconds();
    auto victim = entries_.end();
    std::tuple<bool, int64_t, int64_t> victim_key;
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        const AddrInfo& info = it->second;
        if (!info.tried) continue;
        const std::tuple<bool, int64_t, int64_t> key{IsTerrible(info, now), -info.last_success,
                                                     -static_cast<int64_t>(info.addr.time)};
        if (victim == entries_.end() || key > victim_key) {
            victim = it;
            victim_key = key;
        }
    }
    if (victim == entries_.end()) return;
    entries_.erase(victim);
    --tried_count_;
    dirty_ = true;
}

}  // namespace ocean
