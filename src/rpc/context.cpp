#include "ocean/rpc/context.h"

#include "ocean/rpc/protocol.h"

namespace ocean {

Chainstate& ChainstateOf(const RPCContext& ctx) {
    if (!ctx.chainstate) throw RPCError(RPC_INTERNAL_ERROR, "Chain state is not loaded");
    return *ctx.chainstate;
}

ConnectionManager& ConnmanOf(const RPCContext& ctx) {
    if (!ctx.connman)
        throw RPCError(RPC_CLIENT_P2P_DISABLED, "Error: Peer-to-peer functionality missing or disabled");
    return *ctx.connman;
}

PeerManager& PeermanOf(const RPCContext& ctx) {
    if (!ctx.peerman)
        throw RPCError(RPC_CLIENT_P2P_DISABLED, "Error: Peer-to-peer functionality missing or disabled");
    return *ctx.peerman;
}

}  // namespace ocean
