// BanList: the subnets this node refuses P2P connections from (setban/listbanned/clearbanned and
// automatic bans for misbehaviour), with their expiry, persisted in `banlist.json` in the chain
// directory.
//
// The file is JSON (one object per ban: address, ban_created, banned_until, ban_reason), written
// atomically (temporary file, fsync, rename, directory fsync), so a crash leaves the old or the new
// list. A file that cannot be read is moved aside to `banlist.json.bad` and the node starts with an
// empty list (Load reports it as an Error for the log). Expired entries are dropped when listed or
// saved. Thread-safe: every method takes the internal mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "ocean/util/clock.h"
#include "ocean/util/result.h"
#include "ocean/util/subnet.h"

namespace ocean {

// Why a subnet is banned (Ocean's listbanned "ban_reason" texts).
enum class BanReason : uint8_t {
    kUnknown = 0,
    kNodeMisbehaving = 1,  // "node misbehaving"
    kManuallyAdded = 2,    // "manually added"
};
std::string BanReasonText(BanReason reason);

struct BanEntry {
    int64_t created = 0;       // unix seconds
    int64_t banned_until = 0;  // unix seconds
    BanReason reason = BanReason::kUnknown;
    friend bool operator==(const BanEntry&, const BanEntry&) = default;
};

class BanList {
  public:
    // path is the file (normally <chain dir>/banlist.json); nothing is read until Load.
    BanList(std::filesystem::path path, const Clock& clock);

    // Reads the file. A missing file is an empty list (Ok). An unreadable or malformed file is moved
    // aside to <path>.bad, the list stays empty and an Error says what was wrong.
    Status Load();
    // Writes the list if it changed since the last Load/Save (or always with force).
    Status Save(bool force = false);

    // Bans `subnet` until `banned_until` (unix seconds). False (nothing changed) when the same
    // subnet is already banned until at least that time; a longer ban replaces a shorter one.
    bool Ban(const Subnet& subnet, int64_t banned_until, BanReason reason);
    // False when the subnet was not in the list.
    bool Unban(const Subnet& subnet);
    void Clear();

    // True when an unexpired entry matches the address.
    bool IsBanned(const IpAddress& addr) const;
    // True when exactly this subnet has an unexpired entry.
    bool IsBanned(const Subnet& subnet) const;
    // Unexpired entries (expired ones are removed first).
    std::map<Subnet, BanEntry> List();
    // Removes expired entries; true if any was removed.
    bool SweepExpired();
    bool Dirty() const;

  private:
    bool SweepLocked();

    const std::filesystem::path path_;
    const Clock& clock_;
    mutable std::mutex mutex_;
    std::map<Subnet, BanEntry> bans_;
    bool dirty_ = false;
};

}  // namespace ocean
