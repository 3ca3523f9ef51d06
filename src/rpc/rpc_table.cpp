#include "ocean/rpc/rpc_table.h"

#include <algorithm>
#include <set>

#include "ocean/rpc/protocol.h"

namespace ocean {
namespace {

// Deeper nesting than this is refused before parsing, so that neither parsing nor printing a
// hostile body can exhaust the stack.
constexpr size_t kMaxJsonDepth = 512;

bool NestingWithinLimit(std::string_view body) {
    size_t depth = 0;
    bool in_string = false, escaped = false;
    for (char c : body) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

std::string Capitalize(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

}  // namespace

Status RPCTable::Register(RPCCommand command) {
    if (command.name.empty() || !command.handler)
        return Error("rpc-register", "command without name or handler");
    if (commands_.count(command.name)) return Error("rpc-register", "duplicate RPC command " + command.name);
    std::string name = command.name;
    commands_.emplace(std::move(name), std::move(command));
    return Status::Ok();
}

const RPCCommand* RPCTable::Find(std::string_view name) const {
    auto it = commands_.find(name);
    return it == commands_.end() ? nullptr : &it->second;
}

std::vector<const RPCCommand*> RPCTable::Commands() const {
    std::vector<const RPCCommand*> out;
    for (const auto& [name, cmd] : commands_) out.push_back(&cmd);
    return out;
}

void RPCTable::SetWarmupStatus(std::string status) {
    std::lock_guard lock(warmup_mu_);
    warmup_status_ = std::move(status);
}

void RPCTable::SetWarmupFinished() {
    std::lock_guard lock(warmup_mu_);
    warmup_.store(false, std::memory_order_release);
}

Json RPCTable::NamedToPositional(const RPCCommand& command, const Json& object) {
    std::set<std::string> left;
    for (const auto& [key, value] : object.items()) left.insert(key);
    Json positional = Json::array();
    size_t holes = 0;
    for (const std::string& name : command.arg_names) {
        auto it = object.find(name);
        if (it == object.end()) {
            ++holes;
            continue;
        }
        for (; holes > 0; --holes) positional.push_back(nullptr);
        positional.push_back(*it);
        left.erase(name);
    }
    if (!left.empty()) throw RPCError(RPC_INVALID_PARAMETER, "Unknown named parameter " + *left.begin());
    return positional;
}

Json RPCTable::Execute(const RPCRequest& request) const {
    const RPCCommand* command = Find(request.method);
    if (!command) throw RPCError(RPC_METHOD_NOT_FOUND, "Method not found");
    if (InWarmup()) {
        std::lock_guard lock(warmup_mu_);
        if (warmup_.load(std::memory_order_relaxed)) throw RPCError(RPC_IN_WARMUP, warmup_status_);
    }
    const size_t n = request.params.size();
    if (n < command->min_args || n > command->max_args) throw RPCError(RPC_MISC_ERROR, command->help);
    try {
        return command->handler(request);
    } catch (const RPCError&) {
        throw;
    } catch (const std::exception& e) {
        throw RPCError(RPC_MISC_ERROR, e.what());
    }
}

Json RPCTable::ExecuteOne(const Json& object, const std::string& user) const {
    RPCRequest request;
    request.user = user;
    auto id = object.find("id");
    if (id != object.end()) request.id = *id;
    try {
        auto method = object.find("method");
        if (method == object.end()) throw RPCError(RPC_INVALID_REQUEST, "Missing method");
        if (!method->is_string()) throw RPCError(RPC_INVALID_REQUEST, "Method must be a string");
        request.method = method->get<std::string>();
        auto params = object.find("params");
        if (params == object.end() || params->is_null()) {
            request.params = Json::array();
        } else if (params->is_array()) {
            request.params = *params;
        } else if (params->is_object()) {
            const RPCCommand* command = Find(request.method);
            if (!command) throw RPCError(RPC_METHOD_NOT_FOUND, "Method not found");
            request.params = NamedToPositional(*command, *params);
        } else {
            throw RPCError(RPC_INVALID_REQUEST, "Params must be an array or object");
        }
        return JSONRPCReplyObj(Execute(request), nullptr, request.id);
    } catch (const RPCError& e) {
        return JSONRPCReplyObj(nullptr, JSONRPCError(e.code(), e.message()), request.id);
    } catch (const std::exception& e) {
        return JSONRPCReplyObj(nullptr, JSONRPCError(RPC_PARSE_ERROR, e.what()), request.id);
    }
}

RPCTable::HttpResult RPCTable::HandleBody(std::string_view body, const std::string& user) const {
    Json parsed =
        NestingWithinLimit(body) ? Json::parse(body, nullptr, false) : Json(Json::value_t::discarded);
    if (parsed.is_discarded()) {
        Json reply = JSONRPCReplyObj(nullptr, JSONRPCError(RPC_PARSE_ERROR, "Parse error"), nullptr);
        return {500, WriteJson(reply) + "\n"};
    }
    if (parsed.is_object()) {
        Json reply = ExecuteOne(parsed, user);
        const Json& error = reply["error"];
        const int status = error.is_null() ? 200 : HttpStatusForRpcError(error["code"].get<int>());
        return {status, WriteJson(reply) + "\n"};
    }
    if (parsed.is_array()) {
        Json replies = Json::array();
        for (const Json& element : parsed) {
            if (!element.is_object()) {
                replies.push_back(JSONRPCReplyObj(
                    nullptr, JSONRPCError(RPC_INVALID_REQUEST, "Invalid Request object"), nullptr));
            } else {
                replies.push_back(ExecuteOne(element, user));
            }
        }
        return {200, WriteJson(replies) + "\n"};
    }
    Json reply =
        JSONRPCReplyObj(nullptr, JSONRPCError(RPC_PARSE_ERROR, "Top-level object parse error"), nullptr);
    return {500, WriteJson(reply) + "\n"};
}

std::string RPCTable::Help(const std::string& name) const {
    if (!name.empty()) {
        const RPCCommand* command = Find(name);
        if (!command) return "help: unknown command: " + name;
        return command->help;
    }
    std::vector<const RPCCommand*> visible;
    for (const auto& [n, cmd] : commands_) {
        if (cmd.category != "hidden") visible.push_back(&cmd);
    }
    std::sort(visible.begin(), visible.end(), [](const RPCCommand* a, const RPCCommand* b) {
        return a->category + a->name < b->category + b->name;
    });
    std::string out;
    std::string category;
    for (const RPCCommand* cmd : visible) {
        if (cmd->category != category) {
            if (!category.empty()) out += "\n";
            category = cmd->category;
            out += "== " + Capitalize(category) + " ==\n";
        }
        out += cmd->help.substr(0, cmd->help.find('\n')) + "\n";
    }
    if (!out.empty()) out.pop_back();
    return out;
}

}  // namespace ocean
