// IsMineType and ScriptOwnership: how the wallet asks whether an output script is its own.
//
// The key store answers (keys, redeem scripts, watch-only scripts, OP_TRUE under
// -anyonecanspendaremine); the transaction bookkeeping (Wallet) only asks, so the two can be built and
// tested on their own.
#pragma once

#include <cstdint>

#include "ocean/script/script.h"

namespace ocean {

// Bitcoin Core 0.14's ISMINE levels: not ours, watched (no key), spendable (every key we need is ours).
enum class IsMineType : uint8_t { kNo = 0, kWatchOnly = 1, kSpendable = 2 };

// Anything that can say whether an output script belongs to the wallet.
class ScriptOwnership {
  public:
    virtual ~ScriptOwnership() = default;
    virtual IsMineType IsMine(const Script& script_pubkey) const = 0;
};

}  // namespace ocean
