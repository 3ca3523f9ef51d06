// ChainListener: how the layers above the chain (mempool, policy lists, request table, wallet, signer,
// mainstay, notifications) learn about chain changes without the chain layer calling upward.
//
// Callbacks run synchronously on the validating thread with the chain lock held, in chain order: a
// reorg delivers BlockDisconnected for each block from the old tip down to the fork, then BlockConnected
// for each new block, then one UpdatedBlockTip. Listeners must be quick and must not call back into
// Chainstate methods that take the chain lock (they are given everything they need).
#pragma once

#include "ocean/chain/undo.h"
#include "ocean/consensus/validation_state.h"
#include "ocean/primitives/block.h"

namespace ocean {

class BlockIndex;

class ChainListener {
  public:
    virtual ~ChainListener() = default;
    virtual void BlockConnected(const Block& /*block*/, const BlockIndex& /*index*/) {}
    virtual void BlockDisconnected(const Block& /*block*/, const BlockIndex& /*index*/) {}
    // The same two events with the block's undo data: the coins its transactions spent (one TxUndo per
    // non-coinbase transaction, one Coin per input, in order), for listeners that need the spent
    // outputs (the policy lists). Called after BlockConnected / BlockDisconnected of every listener.
    virtual void BlockConnectedWithUndo(const Block& /*block*/, const BlockIndex& /*index*/,
                                        const BlockUndo& /*undo*/) {}
    virtual void BlockDisconnectedWithUndo(const Block& /*block*/, const BlockIndex& /*index*/,
                                           const BlockUndo& /*undo*/) {}
    // The active tip changed (after a batch of connects/disconnects). fork is the last common block.
    virtual void UpdatedBlockTip(const BlockIndex& /*new_tip*/, const BlockIndex* /*fork*/,
                                 bool /*initial_download*/) {}
    // A block finished full validation (valid or not) as a candidate tip.
    virtual void BlockChecked(const Block& /*block*/, const ValidationState& /*state*/) {}
};

}  // namespace ocean
