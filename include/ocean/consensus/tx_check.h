// Context-free transaction checks (consensus.md §6.1): the structural rules every transaction of a
// block must pass before any input is looked up.
#pragma once

#include "ocean/consensus/validation_state.h"
#include "ocean/primitives/transaction.h"

namespace ocean {

// Largest stripped (witness-less) serialization of a transaction, and of a block.
inline constexpr size_t kMaxBlockBaseSize = 1000000;

// vin/vout non-empty, stripped size, output value validity, no duplicate inputs, coinbase scriptSig
// length and no fee outputs in a coinbase, no null prevout elsewhere. Outputs are not summed (they may
// be of different assets). Reject reasons and DoS scores are Bitcoin 0.14's plus Ocean's bad-cb-fee.
bool CheckTransaction(const Transaction& tx, ValidationState& state);

}  // namespace ocean
