// WalletTx: one transaction the wallet keeps because it pays the wallet or spends from it, with where
// it stands (block, conflicting block, abandoned) and what the user attached to it (comments, the time
// it was received). Stored in the wallet database under "t" + txid; this file owns that encoding.
#pragma once

#include <cstdint>
#include <string>

#include "ocean/primitives/transaction.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"
#include "ocean/util/uint256.h"

namespace ocean {

struct WalletTx {
    TransactionRef tx;
    // The block holding it (null while unconfirmed) and its position there. A block that is no longer
    // on the active chain leaves the transaction unconfirmed again (the depth query checks).
    uint256 block_hash;
    int32_t block_pos = -1;
    // A block of the active chain spending one of its inputs in another transaction (null when none):
    // the transaction can never confirm while that block stands (negative depth, Core's "conflicted").
    uint256 conflict_block;
    int64_t time_received = 0;  // unix seconds it entered the wallet ("timereceived")
    int64_t time_smart = 0;     // "time": the block time when it arrived in a block, else time_received
    uint64_t order = 0;         // insertion order (listtransactions sorts by it)
    bool from_me = false;       // created and sent by this wallet
    bool abandoned = false;     // abandontransaction: its inputs are free again
    std::string comment;        // sendtoaddress "comment"
    std::string comment_to;     // sendtoaddress "comment_to"

    // Not stored: whether the mempool holds it (kept up to date by the mempool events).
    bool in_mempool = false;

    const uint256& Txid() const { return tx->GetTxid(); }
    bool IsConfirmedIn() const { return !block_hash.IsNull(); }

    Bytes Encode() const;
    static Result<WalletTx> Decode(ByteSpan data);
};

}  // namespace ocean
