// Context-free transaction checks (consensus.md §6.1).
#include "ocean/consensus/tx_check.h"

#include <set>

namespace ocean {

bool CheckTransaction(const Transaction& tx, ValidationState& state) {
    if (tx.vin.empty()) return state.Invalid("bad-txns-vin-empty", 10);
    if (tx.vout.empty()) return state.Invalid("bad-txns-vout-empty", 10);
    if (tx.GetStrippedSize() > kMaxBlockBaseSize) return state.Invalid("bad-txns-oversize", 100);

    for (const TxOut& out : tx.vout) {
        if (!out.value.IsValid()) return state.Invalid("bad-txns-vout-amount-invalid", 100);
        if (out.value.IsExplicit() && !MoneyRange(out.value.GetAmount()))
            return state.Invalid("bad-txns-txouttotal-toolarge", 100);
    }

    // Duplicate inputs compare the txid and the masked index, peg-ins included.
    std::set<OutPoint> seen;
    for (const TxIn& in : tx.vin) {
        if (!seen.insert(in.prevout).second) return state.Invalid("bad-txns-inputs-duplicate", 100);
    }

    if (tx.IsCoinBase()) {
        const size_t len = tx.vin[0].script_sig.size();
        if (len < 2 || len > 100) return state.Invalid("bad-cb-length", 100);
        for (const TxOut& out : tx.vout) {
            if (out.IsFee()) return state.Invalid("bad-cb-fee", 100, "coinbase has a fee output");
        }
    } else {
        for (const TxIn& in : tx.vin) {
            if (in.prevout.IsNull()) return state.Invalid("bad-txns-prevout-null", 10);
        }
    }
    return true;
}

}  // namespace ocean
