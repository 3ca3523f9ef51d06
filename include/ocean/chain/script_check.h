// ScriptCheck: the verification of one input's scripts, detached from the block loop so it can run on
// a CheckQueue worker. It points into data that the connecting code keeps alive until the queue has
// been waited on (the transaction, the spent coin in the block's undo data, the precomputed hashes).
#pragma once

#include <cstdint>

#include "ocean/consensus/coin.h"
#include "ocean/primitives/transaction.h"
#include "ocean/script/interpreter.h"
#include "ocean/script/sigcache.h"

namespace ocean {

struct ScriptCheck {
    const Transaction* tx = nullptr;
    unsigned n_in = 0;
    const Coin* coin = nullptr;
    uint32_t flags = 0;
    const PrecomputedTransactionData* txdata = nullptr;
    SignatureCache* cache = nullptr;
    ScriptError error = ScriptError::kUnknown;

    bool operator()() {
        const TxIn& in = tx->vin[n_in];
        TransactionSignatureChecker<Transaction> checker(tx, n_in, coin->out.value, txdata, cache, false);
        return VerifyScript(Script(in.script_sig), Script(coin->out.script_pubkey),
                            &in.witness.script_witness, flags, checker, &error);
    }
};

}  // namespace ocean
