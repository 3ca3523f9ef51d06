#include "ocean/mempool/policy_lists.h"

#include <mutex>
#include <utility>

namespace ocean {

std::optional<ListEntry> ListEntryFor(const Destination& dest) {
    if (const auto* k = std::get_if<PKHash>(&dest)) return ListEntry{*k, false};
    if (const auto* s = std::get_if<ScriptHash>(&dest)) return ListEntry{*s, true};
    return std::nullopt;
}

Destination DestinationOf(const ListEntry& entry) {
    if (entry.script) return ScriptHash(entry.hash);
    return PKHash(entry.hash);
}

Hash160Set* PolicyLists::SetFor(PolicyList list, bool script) {
    return const_cast<Hash160Set*>(std::as_const(*this).SetFor(list, script));
}

const Hash160Set* PolicyLists::SetFor(PolicyList list, bool script) const {
    switch (list) {
        case PolicyList::kWhitelist:
            return script ? &white_scripts_ : &white_keys_;
        case PolicyList::kFreezelist:
            return script ? nullptr : &freeze_;
        case PolicyList::kBurnlist:
            return script ? nullptr : &burn_;
    }
    return nullptr;
}

bool PolicyLists::Contains(PolicyList list, const ListEntry& entry) const {
    std::shared_lock lock(mutex_);
    const Hash160Set* set = SetFor(list, entry.script);
    return set && set->Contains(entry.hash);
}

bool PolicyLists::AddLocked(PolicyList list, const ListEntry& entry) {
    Hash160Set* set = SetFor(list, entry.script);
    return set && set->Insert(entry.hash);
}

bool PolicyLists::RemoveLocked(PolicyList list, const ListEntry& entry) {
    Hash160Set* set = SetFor(list, entry.script);
    return set && set->Erase(entry.hash);
}

std::vector<ListChange> PolicyLists::Apply(std::span<const ListChange> changes) {
    std::vector<ListChange> applied;
    std::unique_lock lock(mutex_);
    for (const ListChange& c : changes) {
        const bool changed = c.add ? AddLocked(c.list, c.entry) : RemoveLocked(c.list, c.entry);
        if (changed) applied.push_back(c);
    }
    return applied;
}

void PolicyLists::Revert(std::span<const ListChange> applied) {
    std::unique_lock lock(mutex_);
    for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
        if (it->add) {
            RemoveLocked(it->list, it->entry);
        } else {
            AddLocked(it->list, it->entry);
        }
    }
}

bool PolicyLists::Add(PolicyList list, const ListEntry& entry) {
    std::unique_lock lock(mutex_);
    return AddLocked(list, entry);
}

bool PolicyLists::Remove(PolicyList list, const ListEntry& entry) {
    std::unique_lock lock(mutex_);
    return RemoveLocked(list, entry);
}

void PolicyLists::Clear(PolicyList list) {
    std::unique_lock lock(mutex_);
    SetFor(list, false)->Clear();
    if (Hash160Set* scripts = SetFor(list, true)) scripts->Clear();
}

void PolicyLists::ClearAll() {
    std::unique_lock lock(mutex_);
    white_keys_.Clear();
    white_scripts_.Clear();
    freeze_.Clear();
    burn_.Clear();
}

size_t PolicyLists::Size(PolicyList list) const {
    std::shared_lock lock(mutex_);
    const Hash160Set* scripts = SetFor(list, true);
    return SetFor(list, false)->Size() + (scripts ? scripts->Size() : 0);
}

std::vector<ListEntry> PolicyLists::Entries(PolicyList list) const {
    std::shared_lock lock(mutex_);
    std::vector<ListEntry> out;
    for (const uint160& h : SetFor(list, false)->Sorted()) out.push_back({h, false});
    if (const Hash160Set* scripts = SetFor(list, true)) {
        for (const uint160& h : scripts->Sorted()) out.push_back({h, true});
    }
    return out;
}

size_t PolicyLists::MemoryUsage() const {
    std::shared_lock lock(mutex_);
    return white_keys_.MemoryUsage() + white_scripts_.MemoryUsage() + freeze_.MemoryUsage() +
           burn_.MemoryUsage();
}

}  // namespace ocean
