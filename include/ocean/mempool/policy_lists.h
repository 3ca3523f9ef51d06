// PolicyLists: the node's three in-memory policy lists (policy.md §12, §15): the address whitelist
// (P2PKH key ids and P2SH script ids, kept apart: the same 20 bytes as a key id and as a script id are
// two entries), the freezelist and the burnlist (key ids only). Lookups are O(1) on compact hash sets.
//
// The lists are changed by policy transactions in connected blocks (PolicyListSync), reverted when
// those blocks are disconnected, and changed by the list RPCs. Apply() returns the changes that really
// happened (an insertion of a present entry or a removal of an absent one changes nothing), which is
// what a block's revert journal keeps.
//
// Thread-safe: one shared mutex (lookups shared, changes exclusive). Lock order: the chain lock, then
// the mempool lock, then this lock; nothing is called while it is held.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <span>
#include <vector>

#include "ocean/mempool/hash160_set.h"
#include "ocean/script/destination.h"
#include "ocean/util/uint256.h"

namespace ocean {

enum class PolicyList : uint8_t { kWhitelist, kFreezelist, kBurnlist };

// One list entry: a key id (P2PKH) or a script id (P2SH; whitelist only).
struct ListEntry {
    uint160 hash;
    bool script = false;
    friend bool operator==(const ListEntry&, const ListEntry&) = default;
};

// A change of one list: add (true) or remove (false) one entry.
struct ListChange {
    PolicyList list = PolicyList::kWhitelist;
    ListEntry entry;
    bool add = true;
    friend bool operator==(const ListChange&, const ListChange&) = default;
};

// The entry for a P2PKH or P2SH destination; nullopt for any other destination.
std::optional<ListEntry> ListEntryFor(const Destination& dest);
// The destination of an entry (PKHash or ScriptHash).
Destination DestinationOf(const ListEntry& entry);

class PolicyLists {
  public:
    bool Contains(PolicyList list, const ListEntry& entry) const;
    bool ContainsKey(PolicyList list, const uint160& key_id) const { return Contains(list, {key_id, false}); }

    // Applies the changes in order and returns those that changed a list (in the same order).
    // Script-id entries are ignored for the freezelist and the burnlist.
    std::vector<ListChange> Apply(std::span<const ListChange> changes);
    // Undoes changes returned by Apply (in reverse order).
    void Revert(std::span<const ListChange> applied);

    bool Add(PolicyList list, const ListEntry& entry);
    bool Remove(PolicyList list, const ListEntry& entry);
    void Clear(PolicyList list);
    // Empties every list (before a rebuild).
    void ClearAll();

    size_t Size(PolicyList list) const;
    // A list's entries: key ids first, then script ids, each sorted by raw bytes (dumpwhitelist order).
    std::vector<ListEntry> Entries(PolicyList list) const;
    // Bytes held by the tables.
    size_t MemoryUsage() const;

  private:
    bool AddLocked(PolicyList list, const ListEntry& entry);
    bool RemoveLocked(PolicyList list, const ListEntry& entry);
    Hash160Set* SetFor(PolicyList list, bool script);
    const Hash160Set* SetFor(PolicyList list, bool script) const;

    mutable std::shared_mutex mutex_;
    Hash160Set white_keys_, white_scripts_, freeze_, burn_;
};

}  // namespace ocean
