#include "ocean/mempool/policy_list_sync.h"

#include <algorithm>
#include <chrono>

#include "ocean/script/standard.h"

namespace ocean {

PolicyListSync::PolicyListSync(Chainstate& chain, PolicyLists& lists, ListPolicyOptions options, Logger& log,
                               size_t journal_depth)
    : chain_(chain), lists_(lists), options_(std::move(options)), log_(log), journal_depth_(journal_depth) {}

bool PolicyListSync::MayChangeLists(const Block& block, int height) const {
    const auto h = static_cast<uint32_t>(std::max(height, 0));
    std::vector<uint256> assets;
    if (options_.freezelist) {
        if (auto a = chain_.params().PolicyAssetAt(PolicyAssetKind::kFreezelist, h)) assets.push_back(*a);
    }
    if (options_.burnlist) {
        if (auto a = chain_.params().PolicyAssetAt(PolicyAssetKind::kBurnlist, h)) assets.push_back(*a);
    }
    if (options_.whitelist) {
        if (auto a = chain_.params().PolicyAssetAt(PolicyAssetKind::kWhitelist, h)) assets.push_back(*a);
    }
    if (assets.empty()) return false;
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        for (const TxOut& out : block.vtx[i]->vout) {
            if (out.asset.IsExplicit() &&
                std::find(assets.begin(), assets.end(), out.asset.GetAsset()) != assets.end()) {
                return true;
            }
        }
    }
    return false;
}

std::vector<ListChange> PolicyListSync::ChangesForBlock(const Block& block, int height,
                                                        const BlockUndo& undo) const {
    std::vector<ListChange> changes;
    if (undo.txundo.size() + 1 != block.vtx.size()) return changes;  // genesis (no undo) or malformed
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        auto tx_changes =
            ListChangesForTx(*block.vtx[i], undo.txundo[i - 1].prevout, chain_.params(), height, options_);
        changes.insert(changes.end(), tx_changes.begin(), tx_changes.end());
    }
    return changes;
}

void PolicyListSync::Record(const BlockIndex& index, std::vector<ListChange> applied) {
    if (!applied.empty()) journal_[index.height] = {index.GetBlockHash(), std::move(applied)};
    // Forget journals below the horizon.
    const int horizon = index.height - static_cast<int>(journal_depth_) + 1;
    if (horizon > journal_floor_) {
        journal_.erase(journal_.begin(), journal_.lower_bound(horizon));
        journal_floor_ = horizon;
    }
}

void PolicyListSync::BlockConnectedWithUndo(const Block& block, const BlockIndex& index,
                                            const BlockUndo& undo) {
    if (!MayChangeLists(block, index.height)) {
        Record(index, {});
        return;
    }
    const auto changes = ChangesForBlock(block, index.height, undo);
    auto applied = lists_.Apply(changes);
    if (!applied.empty()) {
        log_.Debug(LogCategory::kMempool, "policy lists: block " + std::to_string(index.height) + " made " +
                                              std::to_string(applied.size()) + " list changes");
    }
    Record(index, std::move(applied));
}

void PolicyListSync::BlockDisconnectedWithUndo(const Block&, const BlockIndex& index, const BlockUndo&) {
    if (index.height < journal_floor_) {
        log_.Info("policy lists: disconnect of block " + std::to_string(index.height) +
                  " is below the revert journal; rebuilding the lists from the chain");
        Status s = RebuildLocked();
        if (!s) log_.Error("policy lists: rebuild failed: " + s.error().ToString());
        return;
    }
    auto it = journal_.find(index.height);
    if (it == journal_.end()) return;  // the block changed nothing
    if (it->second.first != index.GetBlockHash()) {
        // Not the block this journal belongs to (cannot happen with chain-ordered events): start over.
        log_.Warning("policy lists: journal mismatch at height " + std::to_string(index.height) +
                     "; rebuilding");
        Status s = RebuildLocked();
        if (!s) log_.Error("policy lists: rebuild failed: " + s.error().ToString());
        return;
    }
    lists_.Revert(it->second.second);
    journal_.erase(it);
}

std::vector<int> PolicyListSync::JournaledHeights() const {
    std::vector<int> heights;
    for (const auto& [h, entry] : journal_) heights.push_back(h);
    return heights;
}

Status PolicyListSync::Rebuild() {
    std::lock_guard lock(chain_.mutex());
    return RebuildLocked();
}

Status PolicyListSync::RebuildLocked() {
    const auto start = std::chrono::steady_clock::now();
    lists_.ClearAll();
    journal_.clear();
    if (options_.whitelist) {
        const Destination dest = ExtractDestination(Script(chain_.params().mandatory_coinbase));
        if (auto entry = ListEntryFor(dest)) lists_.Add(PolicyList::kWhitelist, *entry);
    }
    const BlockIndex* tip = chain_.Tip();
    const int tip_height = tip ? tip->height : 0;
    journal_floor_ = std::max(1, tip_height - static_cast<int>(journal_depth_) + 1);
    size_t policy_blocks = 0, changes = 0;
    if (options_.whitelist || options_.freezelist || options_.burnlist) {
        for (int h = 1; h <= tip_height; ++h) {
            const BlockIndex* index = chain_.AtHeight(h);
            if (!index) return Error("policy-lists", "no block at height " + std::to_string(h));
            auto block = chain_.ReadBlock(*index);
            if (!block)
                return Error("policy-lists",
                             "cannot read block " + std::to_string(h) + ": " + block.error().ToString());
            if (!MayChangeLists(*block, h)) continue;
            auto undo = chain_.ReadUndo(*index);
            if (!undo)
                return Error("policy-lists", "cannot read undo data of block " + std::to_string(h) + ": " +
                                                 undo.error().ToString());
            auto applied = lists_.Apply(ChangesForBlock(*block, h, *undo));
            ++policy_blocks;
            changes += applied.size();
            if (h >= journal_floor_ && !applied.empty())
                journal_[h] = {index->GetBlockHash(), std::move(applied)};
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log_.Info("policy lists rebuilt from " + std::to_string(tip_height) + " blocks (" +
              std::to_string(policy_blocks) + " with list assets, " + std::to_string(changes) +
              " changes) in " + std::to_string(seconds) + " s: whitelist " +
              std::to_string(lists_.Size(PolicyList::kWhitelist)) + ", freezelist " +
              std::to_string(lists_.Size(PolicyList::kFreezelist)) + ", burnlist " +
              std::to_string(lists_.Size(PolicyList::kBurnlist)));
    return Status::Ok();
}

}  // namespace ocean
