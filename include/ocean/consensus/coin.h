// A transaction output as the UTXO set keeps it: the output (without its witness), the height of the
// block that created it and whether it came from a coinbase. Consensus checks receive the coins spent by
// a transaction, one per input, already resolved by the chain layer.
#pragma once

#include <cstdint>

#include "ocean/primitives/transaction.h"

namespace ocean {

struct Coin {
    TxOut out;
    uint32_t height = 0;
    bool coinbase = false;

    Coin() = default;
    Coin(TxOut o, uint32_t h, bool cb) : out(std::move(o)), height(h), coinbase(cb) {}

    // A spent (or never existing) coin is represented by a null output.
    bool IsSpent() const { return out.asset.IsNull() && out.value.IsNull() && out.script_pubkey.empty(); }
    void Clear() {
        out = TxOut();
        height = 0;
        coinbase = false;
    }
    friend bool operator==(const Coin&, const Coin&) = default;
};

}  // namespace ocean
