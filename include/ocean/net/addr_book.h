// AddrBook: the P2P addresses this node has heard of (addr messages, -seednode answers, peers that
// connected or were connected to) and how connecting to them went. The connection manager picks
// outbound candidates from it; getaddr answers are drawn from it. Persisted in `peers.dat` in the
// chain directory.
//
// Bounded: at most kMaxNew unverified ("new") and kMaxTried verified ("tried") entries, and at most
// kMaxPerSourceGroup new entries learned from one source network group (/16 for IPv4, /32 for IPv6),
// so no single peer can fill the book. When the new table is full the 256 worst entries (terrible
// ones, then least recently seen, then most failed attempts) are evicted in one pass, keeping a flood
// of addresses cheap; a full tried table drops its oldest success. Select calls `exclude` with the
// book's lock held: it must not call back into the book. Selection prefers tried entries about half of the
// time and skips addresses tried in the last minute.
//
// The file holds a magic, a format version, the entries and a trailing SHA256d checksum; it is
// written atomically (temporary file, fsync, rename, directory fsync). A file that does not parse or
// whose checksum is wrong is moved aside to peers.dat.bad and the book starts empty (Load reports it
// as an Error). Thread-safe: every method takes the internal mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "ocean/net/protocol.h"
#include "ocean/net/service.h"
#include "ocean/util/clock.h"
#include "ocean/util/result.h"
#include "ocean/util/subnet.h"

namespace ocean {

struct AddrInfo {
    NetAddress addr;       // as last advertised (time = last seen, services)
    IpAddress source;      // who told us
    int64_t last_try = 0;  // unix seconds of the last connection attempt
    int64_t last_success = 0;
    int attempts = 0;    // failed attempts since the last success
    bool tried = false;  // a connection succeeded at least once
};

class AddrBook {
  public:
    static constexpr size_t kMaxNew = 16384;
    static constexpr size_t kMaxTried = 4096;
    static constexpr size_t kMaxPerSourceGroup = 256;

    AddrBook(std::filesystem::path path, const Clock& clock, uint64_t seed);

    Status Load();
    // Writes the book when it changed since the last Load/Save (or always with force).
    Status Save(bool force = false);

    // Adds or refreshes addresses learned from `source`. time_penalty (seconds) is subtracted from
    // advertised times (Ocean uses 2 h for addresses relayed by others). Returns how many were new.
    // Non-routable addresses are accepted only when allow_local is set (tests on 127.0.0.1).
    size_t Add(const std::vector<NetAddress>& addrs, const IpAddress& source, int64_t time_penalty = 0);
    // A connection to `s` completed its handshake: move to tried.
    void Good(const Service& s);
    // A connection attempt to `s` is starting (counts a failure until Good).
    void Attempt(const Service& s);
    // Bump the last-seen time of a connected peer (at most every 20 min).
    void Connected(const Service& s);
    // A candidate for an outbound connection, none when the book is empty (or every entry was
    // tried within the last minute). `exclude` returns true for addresses to skip (already connected,
    // banned).
    std::optional<AddrInfo> Select(const std::function<bool(const Service&)>& exclude);
    // Up to max_count random entries (max 23% of the book, Ocean's getaddr answer rule), for getaddr.
    std::vector<NetAddress> GetAddresses(size_t max_count);

    size_t Size() const;
    size_t TriedCount() const;
    bool Dirty() const;
    void SetAllowLocal(bool allow) { allow_local_ = allow; }

  private:
    void EvictNewLocked();
    void EvictTriedLocked();

    const std::filesystem::path path_;
    const Clock& clock_;
    mutable std::mutex mutex_;
    std::mt19937_64 rng_;
    std::map<Service, AddrInfo> entries_;
    std::map<std::vector<uint8_t>, size_t> new_per_source_group_;
    size_t tried_count_ = 0;
    bool dirty_ = false;
    bool allow_local_ = false;
};

}  // namespace ocean
