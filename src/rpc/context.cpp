#include "ocean/rpc/context.h"

#include "ocean/rpc/protocol.h"

namespace ocean {

Chainstate& ChainstateOf(const RPCContext& ctx) {
    if (!ctx.chainstate) throw RPCError(RPC_INTERNAL_ERROR, "Chain state is not loaded");
    return *ctx.chainstate;
}

}  // namespace ocean
