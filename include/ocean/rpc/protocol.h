// JSON-RPC 1.0 as Ocean speaks it (rpc.md §2.3–§2.5): error codes, reply objects, and RPCError, the
// exception an RPC handler throws to fail a call. RPCError never leaves the rpc module: the
// dispatcher turns it into an error object.
#pragma once

#include <stdexcept>
#include <string>

#include "ocean/core_io/json.h"

namespace ocean {

enum RPCErrorCode : int {
    // Standard JSON-RPC 2.0 codes.
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_PARSE_ERROR = -32700,

    // General application errors.
    RPC_MISC_ERROR = -1,
    RPC_FORBIDDEN_BY_SAFE_MODE = -2,
    RPC_TYPE_ERROR = -3,
    RPC_INVALID_ADDRESS_OR_KEY = -5,
    RPC_OUT_OF_MEMORY = -7,
    RPC_INVALID_PARAMETER = -8,
    RPC_DATABASE_ERROR = -20,
    RPC_DESERIALIZATION_ERROR = -22,
    RPC_VERIFY_ERROR = -25,
    RPC_VERIFY_REJECTED = -26,
    RPC_VERIFY_ALREADY_IN_CHAIN = -27,
    RPC_IN_WARMUP = -28,
    RPC_INVALID_KEY_DERIVATION = -32,  // Ocean: contract-hash key tweak failed

    // P2P client errors.
    RPC_CLIENT_NOT_CONNECTED = -9,
    RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10,
    RPC_CLIENT_NODE_ALREADY_ADDED = -23,
    RPC_CLIENT_NODE_NOT_ADDED = -24,
    RPC_CLIENT_NODE_NOT_CONNECTED = -29,
    RPC_CLIENT_INVALID_IP_OR_SUBNET = -30,
    RPC_CLIENT_P2P_DISABLED = -31,

    // Wallet errors.
    RPC_WALLET_ERROR = -4,
    RPC_WALLET_INSUFFICIENT_FUNDS = -6,
    RPC_WALLET_INVALID_ACCOUNT_NAME = -11,
    RPC_WALLET_KEYPOOL_RAN_OUT = -12,
    RPC_WALLET_UNLOCK_NEEDED = -13,
    RPC_WALLET_PASSPHRASE_INCORRECT = -14,
    RPC_WALLET_WRONG_ENC_STATE = -15,
    RPC_WALLET_ENCRYPTION_FAILED = -16,
    RPC_WALLET_ALREADY_UNLOCKED = -17,
};

// Thrown by RPC handlers (inside the rpc module only) to fail the call with `code` and `message`.
class RPCError : public std::runtime_error {
  public:
    RPCError(int code, std::string message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }
    std::string message() const { return what(); }

  private:
    int code_;
};

// {"code": code, "message": message}
Json JSONRPCError(int code, const std::string& message);
// {"result": result, "error": error, "id": id} in that member order.
Json JSONRPCReplyObj(Json result, Json error, Json id);

// The HTTP status of a single (non-batch) reply whose error has `code` (rpc.md §2.4).
int HttpStatusForRpcError(int code);

}  // namespace ocean
