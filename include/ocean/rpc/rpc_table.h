// RPCTable: the registry of JSON-RPC commands and the dispatcher that runs them.
//
// Commands are registered once at start-up (before the HTTP server starts) and the table is
// read-only afterwards, so Execute may run concurrently on every RPC worker thread. The dispatcher
// implements rpc.md §2.3–§2.6: request validation, batches, named parameters turned positional with
// the command's name list, parameter-count checks that answer with the help text (-1), the warm-up
// state (-28), and the HTTP status of each reply.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/core_io/json.h"
#include "ocean/util/result.h"

namespace ocean {

// One call, after named parameters were turned positional.
struct RPCRequest {
    std::string method;
    Json params = Json::array();  // always an array
    Json id;                      // echoed back unchanged
    std::string user;             // Basic-auth user name (for the audit log)
};

using RPCHandler = std::function<Json(const RPCRequest&)>;

struct RPCCommand {
    std::string category;                // "blockchain", "control", "util", ...; "hidden" = not in help
    std::string name;                    // method name
    std::vector<std::string> arg_names;  // server-side names for named mode (rpc.md §4)
    size_t min_args = 0;                 // a call with fewer or more positional parameters fails
    size_t max_args = 0;                 //   with -1 and the help text as message
    std::string help;                    // full help text; its first line is the summary
    RPCHandler handler;                  // throws RPCError to fail
    bool ok_safe_mode = true;
};

class RPCTable {
  public:
    // Adds a command; registering a name twice is an error (the first registration stays).
    Status Register(RPCCommand command);
    // Register for the built-in tables, whose names are unique by construction: a duplicate is ignored
    // (the first registration stays, as in Ocean).
    void Add(RPCCommand command) { (void)Register(std::move(command)); }
    const RPCCommand* Find(std::string_view name) const;
    std::vector<const RPCCommand*> Commands() const;

    // Runs one call: unknown method (-32601), warm-up (-28), parameter count (-1 with help), handler.
    // Throws RPCError.
    Json Execute(const RPCRequest& request) const;

    struct HttpResult {
        int status;
        std::string body;  // one JSON value followed by "\n"
    };
    // Handles a complete JSON-RPC HTTP body (single call or batch) for an authenticated user.
    HttpResult HandleBody(std::string_view body, const std::string& user) const;

    // `help` output: with an empty name the summary of every visible command grouped by category,
    // else that command's full help or "help: unknown command: <name>".
    std::string Help(const std::string& name) const;

    // While warming up every call fails with -28 and the status text.
    void SetWarmupStatus(std::string status);
    void SetWarmupFinished();
    bool InWarmup() const { return warmup_.load(std::memory_order_acquire); }

  private:
    // Converts a named-parameter object to the positional array (rpc.md §2.6).
    static Json NamedToPositional(const RPCCommand& command, const Json& object);
    Json ExecuteOne(const Json& request_object, const std::string& user) const;  // reply object

    std::map<std::string, RPCCommand, std::less<>> commands_;
    std::atomic<bool> warmup_{true};
    mutable std::mutex warmup_mu_;
    std::string warmup_status_ = "RPC server started";
};

}  // namespace ocean
