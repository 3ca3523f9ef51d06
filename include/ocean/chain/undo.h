// Undo data: the coins a block spent, kept in the rev files so the block can be disconnected later.
//
// BlockUndo has one TxUndo per non-coinbase transaction, in block order; a TxUndo has one Coin per
// input, in input order (peg-in inputs spend no coin and store an empty Coin as a placeholder).
//
// Encoding: CompactSize(tx count), then per tx CompactSize(input count) and each Coin in the compact
// form of coin_encoding.h.
#pragma once

#include <vector>

#include "ocean/consensus/coin.h"
#include "ocean/util/bytes.h"
#include "ocean/util/result.h"

namespace ocean {

struct TxUndo {
    std::vector<Coin> prevout;
    friend bool operator==(const TxUndo&, const TxUndo&) = default;
};

struct BlockUndo {
    std::vector<TxUndo> txundo;
    friend bool operator==(const BlockUndo&, const BlockUndo&) = default;
};

Bytes EncodeBlockUndo(const BlockUndo& undo);
// Decodes exactly one BlockUndo occupying all of `data`.
Result<BlockUndo> DecodeBlockUndo(ByteSpan data);

}  // namespace ocean
