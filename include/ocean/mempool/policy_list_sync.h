// PolicyListSync: keeps the policy lists in step with the active chain (policy.md §10–§11). It is a
// ChainListener: each connected block applies the list changes of its policy transactions
// (ListChangesForTx, in block order, with the coins they spent from the block's undo data), and each
// disconnected block is reverted exactly. Ocean never reverts; here the lists after a reorg equal
// those of a node that only ever saw the new chain.
//
// Reverting uses a journal of the changes each block really made (an insertion of a present entry is
// not a change). Journals are kept for the last `journal_depth` blocks of the active chain; a
// disconnect below that horizon (a very deep reorg) rebuilds the lists by replaying the chain.
//
// Rebuild() is the start-up path: it replays the active chain from genesis in chain order (Ocean scans
// the UTXO set in txid order instead, policy.md §11.3, which can apply a deregister and a later
// register in the wrong order), so the lists after a restart equal those before it, except for changes
// made by the list RPCs, which are local and not kept (as in Ocean). Blocks without a transaction that
// outputs a list asset are skipped without reading their undo data.
//
// The mandatory coinbase destination (-con_mandatorycoinbase), when it is P2PKH or P2SH, is put on the
// whitelist whenever the whitelist is (re)built (policy.md §11.3).
//
// Runs on the validating thread with the chain lock held (which also protects the journal); Rebuild
// takes the chain lock itself. The lists have their own lock (chain → pool → lists).
#pragma once

#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "ocean/chain/chainstate.h"
#include "ocean/chain/events.h"
#include "ocean/mempool/policy_list_rules.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/util/logging.h"
#include "ocean/util/result.h"

namespace ocean {

class PolicyListSync final : public ChainListener {
  public:
    static constexpr size_t kDefaultJournalDepth = 1000;

    PolicyListSync(Chainstate& chain, PolicyLists& lists, ListPolicyOptions options, Logger& log,
                   size_t journal_depth = kDefaultJournalDepth);

    // Empties the lists and replays the active chain into them (start-up, or after a disconnect below
    // the journal horizon).
    Status Rebuild();

    void BlockConnectedWithUndo(const Block& block, const BlockIndex& index, const BlockUndo& undo) override;
    void BlockDisconnectedWithUndo(const Block& block, const BlockIndex& index,
                                   const BlockUndo& undo) override;

    // Heights of the blocks whose journal holds at least one change (tests).
    std::vector<int> JournaledHeights() const;

  private:
    // The changes a block makes, in order (nothing is applied).
    std::vector<ListChange> ChangesForBlock(const Block& block, int height, const BlockUndo& undo) const;
    // Whether some transaction of the block outputs a list asset in force at `height` (otherwise the
    // block cannot change a list).
    bool MayChangeLists(const Block& block, int height) const;
    void Record(const BlockIndex& index, std::vector<ListChange> applied);
    Status RebuildLocked();

    Chainstate& chain_;
    PolicyLists& lists_;
    ListPolicyOptions options_;
    Logger& log_;
    size_t journal_depth_;
    // height -> (block hash, changes that block made), for blocks of the active chain that changed a list.
    std::map<int, std::pair<uint256, std::vector<ListChange>>> journal_;
    // Every connected block at or above this height has its journal (an empty one is not stored).
    int journal_floor_ = 0;
};

}  // namespace ocean
