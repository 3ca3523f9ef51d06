// The network category (rpc.md §6.7): Bitcoin Core 0.14's P2P commands over the connection manager
// and the peer manager — getconnectioncount, ping, getpeerinfo, addnode, disconnectnode,
// getaddednodeinfo, getnettotals, getnetworkinfo, setban, listbanned, clearbanned, setnetworkactive.
//
// Every command but getnetworkinfo fails with -31 when P2P is not running (ConnmanOf/PeermanOf);
// getnetworkinfo then leaves out what only the connection manager knows, as Core does.
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocean/mempool/policy.h"
#include "ocean/net/ban_list.h"
#include "ocean/net/connection.h"
#include "ocean/net/connman.h"
#include "ocean/net/peer_manager.h"
#include "ocean/net/protocol.h"
#include "ocean/net/service.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/util/clock.h"
#include "ocean/util/subnet.h"

namespace ocean {
namespace {

// Core's -maxuploadtarget timeframe (24 hours); no upload target is enforced.
constexpr int64_t kMaxOutboundTimeframe = 60 * 60 * 24;

// Core's "%016x" of a service-bits field.
std::string ServicesHex(uint64_t services) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(services));
    return buf;
}

// Core's CNetAddr::IsValid for a plain setban address: the unspecified addresses, INADDR_NONE and
// the IPv6 documentation range (2001:db8::/32) are not addresses one can ban.
bool IsValidBanAddress(const IpAddress& ip) {
    const auto& b = ip.bytes();
    if (ip.IsIPv4()) {
        const bool zero = b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0;
        const bool none = b[12] == 0xff && b[13] == 0xff && b[14] == 0xff && b[15] == 0xff;
        return !zero && !none;
    }
    if (ip == IpAddress()) return false;
    return !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
}

// The name getpeerinfo shows and disconnectnode matches: the -addnode/-connect text a manual
// connection was opened for, else "ip:port" (Core's addrName).
std::string AddrName(const Connection& c) {
    return c.target.empty() ? c.addr.ToString() : c.target;
}

// Unix milliseconds of the system clock (Core's GetTimeMillis is not mockable).
int64_t SystemTimeMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Json PerMsgObject(const std::map<std::string, uint64_t>& m) {
    Json o = Json::object();
    for (const auto& [command, bytes] : m) {
        if (bytes > 0) o[command] = bytes;
    }
    return o;
}

Json PeerInfo(const Connection& c, const PeerStats& s) {
    const Connection::Stats t = c.GetStats();
    Json o = Json::object();
    o["id"] = c.id;
    o["addr"] = AddrName(c);
    if (!s.addr_local.empty()) o["addrlocal"] = s.addr_local;
    o["services"] = ServicesHex(s.services);
    o["relaytxes"] = s.relay_txs;
    o["lastsend"] = t.last_send;
    o["lastrecv"] = t.last_recv;
    o["bytessent"] = t.bytes_sent;
    o["bytesrecv"] = t.bytes_recv;
    o["conntime"] = c.connected_time;
    o["timeoffset"] = s.time_offset;
    if (s.ping_time && *s.ping_time > 0.0) o["pingtime"] = *s.ping_time;
    if (s.min_ping) o["minping"] = *s.min_ping;
    if (s.ping_wait && *s.ping_wait > 0.0) o["pingwait"] = *s.ping_wait;
    o["version"] = s.version;
    o["subver"] = s.user_agent;
    o["inbound"] = c.IsInbound();
    o["addnode"] = c.type == ConnectionType::kManual;
    o["startingheight"] = s.starting_height;
    o["banscore"] = s.ban_score;
    o["synced_headers"] = s.synced_headers;
    o["synced_blocks"] = s.synced_blocks;
    Json heights = Json::array();
    for (int h : s.inflight) heights.push_back(h);
    o["inflight"] = std::move(heights);
    o["whitelisted"] = c.whitelisted;
    o["bytessent_per_msg"] = PerMsgObject(t.sent_per_msg);
    o["bytesrecv_per_msg"] = PerMsgObject(t.recv_per_msg);
    return o;
}

// Core's GetAddedNodeInfo: an added node given as ip[:port] is connected when a peer has that
// address; one given as a name when a peer was opened for that name.
Json AddedNodeInfo(const ConnectionManager& connman, const std::vector<std::string>& nodes) {
    std::map<Service, bool> by_addr;                          // -> inbound
    std::map<std::string, std::pair<bool, Service>> by_name;  // -> inbound, address
    for (const auto& p : connman.Peers()) {
        if (p->IsDisconnecting()) continue;
        by_addr[p->addr] = p->IsInbound();
        by_name[AddrName(*p)] = {p->IsInbound(), p->addr};
    }
    Json ret = Json::array();
    for (const std::string& node : nodes) {
        std::optional<std::pair<bool, Service>> found;
        if (auto service = Service::Parse(node, connman.Options().port)) {
            if (auto it = by_addr.find(*service); it != by_addr.end()) found = {{it->second, *service}};
        } else if (auto it = by_name.find(node); it != by_name.end()) {
            found = it->second;
        }
        Json o = Json::object();
        o["addednode"] = node;
        o["connected"] = found.has_value();
        Json addresses = Json::array();
        if (found) {
            Json a = Json::object();
            a["address"] = found->second.ToString();
            a["connected"] = found->first ? "inbound" : "outbound";
            addresses.push_back(std::move(a));
        }
        o["addresses"] = std::move(addresses);
        ret.push_back(std::move(o));
    }
    return ret;
}

Json NetworksInfo(const ConnmanOptions* options) {
    Json networks = Json::array();
    const bool ipv4 = options ? options->onlynet_ipv4 : true;
    const bool ipv6 = options ? options->onlynet_ipv6 : true;
    const std::pair<const char*, bool> nets[] = {{"ipv4", !ipv4}, {"ipv6", !ipv6}, {"onion", true}};
    for (const auto& [name, limited] : nets) {
        Json o = Json::object();
        o["name"] = name;
        o["limited"] = limited;
        o["reachable"] = !limited;
        o["proxy"] = "";
        o["proxy_randomize_credentials"] = false;
        networks.push_back(std::move(o));
    }
    return networks;
}

const std::string kAddnodeHelp =
    "addnode \"node\" \"add|remove|onetry\"\n"
    "\nAttempts add or remove a node from the addnode list.\n"
    "Or try a connection to a node once.\n"
    "\nArguments:\n"
    "1. \"node\"     (string, required) The node (see getpeerinfo for nodes)\n"
    "2. \"command\"  (string, required) 'add' to add a node to the list, 'remove' to remove a node from the "
    "list, "
    "'onetry' to try a connection to the node once\n"
    "\nExamples:\n" +
    HelpExampleCli("addnode", "\"192.168.0.6:7042\" \"onetry\"") +
    HelpExampleRpc("addnode", "\"192.168.0.6:7042\", \"onetry\"");

const std::string kSetbanHelp =
    "setban \"subnet\" \"add|remove\" (bantime) (absolute)\n"
    "\nAttempts add or remove a IP/Subnet from the banned list.\n"
    "\nArguments:\n"
    "1. \"subnet\"       (string, required) The IP/Subnet (see getpeerinfo for nodes ip) with a optional "
    "netmask "
    "(default is /32 = single ip)\n"
    "2. \"command\"      (string, required) 'add' to add a IP/Subnet to the list, 'remove' to remove a "
    "IP/Subnet "
    "from the list\n"
    "3. \"bantime\"      (numeric, optional) time in seconds how long (or until when if [absolute] is set) "
    "the ip "
    "is banned (0 or empty means using the default time of 24h which can also be overwritten by the -bantime "
    "startup argument)\n"
    "4. \"absolute\"     (boolean, optional) If set, the bantime must be a absolute timestamp in seconds "
    "since "
    "epoch (Jan 1 1970 GMT)\n"
    "\nExamples:\n" +
    HelpExampleCli("setban", "\"192.168.0.6\" \"add\" 86400") +
    HelpExampleCli("setban", "\"192.168.0.0/24\" \"add\"") +
    HelpExampleRpc("setban", "\"192.168.0.6\", \"add\", 86400");

}  // namespace

void RegisterNetRPCs(RPCTable& table, RPCContext& ctx) {
    table.Add({"network",
               "getconnectioncount",
               {},
               0,
               0,
               "getconnectioncount\n"
               "\nReturns the number of connections to other nodes.\n"
               "\nResult:\n"
               "n          (numeric) The connection count\n"
               "\nExamples:\n" +
                   HelpExampleCli("getconnectioncount", "") + HelpExampleRpc("getconnectioncount", ""),
               [&ctx](const RPCRequest&) -> Json { return ConnmanOf(ctx).PeerCount(); }});

    table.Add({"network",
               "ping",
               {},
               0,
               0,
               "ping\n"
               "\nRequests that a ping be sent to all other nodes, to measure ping time.\n"
               "Results provided in getpeerinfo, pingtime and pingwait fields are decimal seconds.\n"
               "Ping command is handled in queue with all other commands, so it measures processing backlog, "
               "not just network ping.\n"
               "\nExamples:\n" +
                   HelpExampleCli("ping", "") + HelpExampleRpc("ping", ""),
               [&ctx](const RPCRequest&) -> Json {
                   ConnmanOf(ctx);
                   PeermanOf(ctx).PingAll();
                   return nullptr;
               }});

    table.Add(
        {"network",
         "getpeerinfo",
         {},
         0,
         0,
         "getpeerinfo\n"
         "\nReturns data about each connected network node as a json array of objects.\n"
         "\nResult:\n"
         "[\n"
         "  {\n"
         "    \"id\": n,                   (numeric) Peer index\n"
         "    \"addr\":\"host:port\",      (string) The ip address and port of the peer\n"
         "    \"addrlocal\":\"ip:port\",   (string) local address\n"
         "    \"services\":\"xxxxxxxxxxxxxxxx\",   (string) The services offered\n"
         "    \"relaytxes\":true|false,    (boolean) Whether peer has asked us to relay transactions to it\n"
         "    \"lastsend\": ttt,           (numeric) The time in seconds since epoch (Jan 1 1970 GMT) of the "
         "last "
         "send\n"
         "    \"lastrecv\": ttt,           (numeric) The time in seconds since epoch (Jan 1 1970 GMT) of the "
         "last "
         "receive\n"
         "    \"bytessent\": n,            (numeric) The total bytes sent\n"
         "    \"bytesrecv\": n,            (numeric) The total bytes received\n"
         "    \"conntime\": ttt,           (numeric) The connection time in seconds since epoch (Jan 1 1970 "
         "GMT)\n"
         "    \"timeoffset\": ttt,         (numeric) The time offset in seconds\n"
         "    \"pingtime\": n,             (numeric) ping time (if available)\n"
         "    \"minping\": n,              (numeric) minimum observed ping time (if any at all)\n"
         "    \"pingwait\": n,             (numeric) ping wait (if non-zero)\n"
         "    \"version\": v,              (numeric) The peer version, such as 7001\n"
         "    \"subver\": \"/Satoshi:0.8.5/\",  (string) The string version\n"
         "    \"inbound\": true|false,     (boolean) Inbound (true) or Outbound (false)\n"
         "    \"addnode\": true|false,     (boolean) Whether connection was due to addnode and is using an "
         "addnode "
         "slot\n"
         "    \"startingheight\": n,       (numeric) The starting height (block) of the peer\n"
         "    \"banscore\": n,             (numeric) The ban score\n"
         "    \"synced_headers\": n,       (numeric) The last header we have in common with this peer\n"
         "    \"synced_blocks\": n,        (numeric) The last block we have in common with this peer\n"
         "    \"inflight\": [\n"
         "       n,                        (numeric) The heights of blocks we're currently asking from this "
         "peer\n"
         "       ...\n"
         "    ],\n"
         "    \"whitelisted\": true|false, (boolean) Whether the peer is whitelisted\n"
         "    \"bytessent_per_msg\": {\n"
         "       \"addr\": n,              (numeric) The total bytes sent aggregated by message type\n"
         "       ...\n"
         "    },\n"
         "    \"bytesrecv_per_msg\": {\n"
         "       \"addr\": n,              (numeric) The total bytes received aggregated by message type\n"
         "       ...\n"
         "    }\n"
         "  }\n"
         "  ,...\n"
         "]\n"
         "\nExamples:\n" +
             HelpExampleCli("getpeerinfo", "") + HelpExampleRpc("getpeerinfo", ""),
         [&ctx](const RPCRequest&) -> Json {
             ConnectionManager& connman = ConnmanOf(ctx);
             PeerManager& peerman = PeermanOf(ctx);
             Json ret = Json::array();
             for (const auto& p : connman.Peers()) {
                 if (p->IsDisconnecting()) continue;
                 const std::optional<PeerStats> stats = peerman.GetPeerStats(p->id);
                 if (!stats) continue;  // finalized meanwhile
                 ret.push_back(PeerInfo(*p, *stats));
             }
             return ret;
         }});

    table.Add(
        {"network", "addnode", {"node", "command"}, 2, 2, kAddnodeHelp, [&ctx](const RPCRequest& r) -> Json {
             const std::string command = GetStr(Param(r, 1));
             if (command != "onetry" && command != "add" && command != "remove") {
                 throw RPCError(RPC_MISC_ERROR, kAddnodeHelp);
             }
             ConnectionManager& connman = ConnmanOf(ctx);
             const std::string node = GetStr(Param(r, 0));
             if (command == "onetry") {
                 connman.OneTry(node);
             } else if (command == "add") {
                 if (!connman.AddNode(node)) {
                     throw RPCError(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: Node already added");
                 }
             } else if (!connman.RemoveNode(node)) {
                 throw RPCError(RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added.");
             }
             return nullptr;
         }});

    table.Add({"network",
               "disconnectnode",
               {"address"},
               1,
               1,
               "disconnectnode \"address\" \n"
               "\nImmediately disconnects from the specified node.\n"
               "\nArguments:\n"
               "1. \"address\"     (string, required) The IP address/port of the node\n"
               "\nExamples:\n" +
                   HelpExampleCli("disconnectnode", "\"192.168.0.6:7042\"") +
                   HelpExampleRpc("disconnectnode", "\"192.168.0.6:7042\""),
               [&ctx](const RPCRequest& r) -> Json {
                   ConnectionManager& connman = ConnmanOf(ctx);
                   if (!connman.DisconnectNode(GetStr(Param(r, 0)))) {
                       throw RPCError(RPC_CLIENT_NODE_NOT_CONNECTED, "Node not found in connected nodes");
                   }
                   return nullptr;
               }});

    table.Add(
        {"network",
         "getaddednodeinfo",
         {"node"},
         0,
         1,
         "getaddednodeinfo ( \"node\" )\n"
         "\nReturns information about the given added node, or all added nodes\n"
         "(note that onetry addnodes are not listed here)\n"
         "\nArguments:\n"
         "1. \"node\"   (string, optional) If provided, return information about this specific node, "
         "otherwise all nodes are returned.\n"
         "\nResult:\n"
         "[\n"
         "  {\n"
         "    \"addednode\" : \"192.168.0.201\",   (string) The node ip address or name (as provided to "
         "addnode)\n"
         "    \"connected\" : true|false,          (boolean) If connected\n"
         "    \"addresses\" : [                    (list of objects) Only when connected = true\n"
         "       {\n"
         "         \"address\" : \"192.168.0.201:7042\",  (string) The ocean server IP and port we're "
         "connected to\n"
         "         \"connected\" : \"outbound\"           (string) connection, inbound or outbound\n"
         "       }\n"
         "     ]\n"
         "  }\n"
         "  ,...\n"
         "]\n"
         "\nExamples:\n" +
             HelpExampleCli("getaddednodeinfo", "\"192.168.0.201\"") +
             HelpExampleRpc("getaddednodeinfo", "\"192.168.0.201\""),
         [&ctx](const RPCRequest& r) -> Json {
             ConnectionManager& connman = ConnmanOf(ctx);
             std::vector<std::string> nodes = connman.AddedNodes();
             if (HasParam(r, 0)) {
                 const std::string node = GetStr(Param(r, 0));
                 bool found = false;
                 for (const std::string& n : nodes) {
                     if (n == node) {
                         nodes.assign(1, n);
                         found = true;
                         break;
                     }
                 }
                 if (!found) throw RPCError(RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added.");
             }
             return AddedNodeInfo(connman, nodes);
         }});

    table.Add({"network",
               "getnettotals",
               {},
               0,
               0,
               "getnettotals\n"
               "\nReturns information about network traffic, including bytes in, bytes out,\n"
               "and current time.\n"
               "\nResult:\n"
               "{\n"
               "  \"totalbytesrecv\": n,   (numeric) Total bytes received\n"
               "  \"totalbytessent\": n,   (numeric) Total bytes sent\n"
               "  \"timemillis\": t,       (numeric) Current UNIX time in milliseconds\n"
               "  \"uploadtarget\":\n"
               "  {\n"
               "    \"timeframe\": n,                         (numeric) Length of the measuring timeframe in "
               "seconds\n"
               "    \"target\": n,                            (numeric) Target in bytes\n"
               "    \"target_reached\": true|false,           (boolean) True if target is reached\n"
               "    \"serve_historical_blocks\": true|false,  (boolean) True if serving historical blocks\n"
               "    \"bytes_left_in_cycle\": t,               (numeric) Bytes left in current time cycle\n"
               "    \"time_left_in_cycle\": t                 (numeric) Seconds left in current time cycle\n"
               "  }\n"
               "}\n"
               "\nExamples:\n" +
                   HelpExampleCli("getnettotals", "") + HelpExampleRpc("getnettotals", ""),
               [&ctx](const RPCRequest&) -> Json {
                   ConnectionManager& connman = ConnmanOf(ctx);
                   Json o = Json::object();
                   o["totalbytesrecv"] = connman.TotalBytesRecv();
                   o["totalbytessent"] = connman.TotalBytesSent();
                   o["timemillis"] = SystemTimeMillis();
                   Json target = Json::object();
                   target["timeframe"] = kMaxOutboundTimeframe;
                   target["target"] = 0;
                   target["target_reached"] = false;
                   target["serve_historical_blocks"] = true;
                   target["bytes_left_in_cycle"] = 0;
                   target["time_left_in_cycle"] = 0;
                   o["uploadtarget"] = std::move(target);
                   return o;
               }});

    table.Add({"network",
               "getnetworkinfo",
               {},
               0,
               0,
               "getnetworkinfo\n"
               "Returns an object containing various state info regarding P2P networking.\n"
               "\nResult:\n"
               "{\n"
               "  \"version\": xxxxx,                      (numeric) the server version\n"
               "  \"subversion\": \"/Satoshi:x.x.x/\",     (string) the server subversion string\n"
               "  \"protocolversion\": xxxxx,              (numeric) the protocol version\n"
               "  \"localservices\": \"xxxxxxxxxxxxxxxx\", (string) the services we offer to the network\n"
               "  \"localrelay\": true|false,              (bool) true if transaction relay is requested "
               "from peers\n"
               "  \"timeoffset\": xxxxx,                   (numeric) the time offset\n"
               "  \"connections\": xxxxx,                  (numeric) the number of connections\n"
               "  \"networkactive\": true|false,           (bool) whether p2p networking is enabled\n"
               "  \"networks\": [                          (array) information per network\n"
               "  {\n"
               "    \"name\": \"xxx\",                     (string) network (ipv4, ipv6 or onion)\n"
               "    \"limited\": true|false,               (boolean) is the network limited using -onlynet?\n"
               "    \"reachable\": true|false,             (boolean) is the network reachable?\n"
               "    \"proxy\": \"host:port\"               (string) the proxy that is used for this network, "
               "or empty "
               "if none\n"
               "    \"proxy_randomize_credentials\": true|false,  (string) Whether randomized credentials "
               "are used\n"
               "  }\n"
               "  ,...\n"
               "  ],\n"
               "  \"relayfee\": x.xxxxxxxx,                (numeric) minimum relay fee for non-free "
               "transactions in "
               "/kB\n"
               "  \"incrementalfee\": x.xxxxxxxx,          (numeric) minimum fee increment for mempool "
               "limiting or BIP "
               "125 replacement in /kB\n"
               "  \"localaddresses\": [                    (array) list of local addresses\n"
               "  {\n"
               "    \"address\": \"xxxx\",                 (string) network address\n"
               "    \"port\": xxx,                         (numeric) network port\n"
               "    \"score\": xxx                         (numeric) relative score\n"
               "  }\n"
               "  ,...\n"
               "  ]\n"
               "  \"warnings\": \"...\"                    (string) any network warnings\n"
               "}\n"
               "\nExamples:\n" +
                   HelpExampleCli("getnetworkinfo", "") + HelpExampleRpc("getnetworkinfo", ""),
               [&ctx](const RPCRequest&) -> Json {
                   // As Core: without P2P the connection manager's fields are left out, the rest still
                   // answers.
                   const PeerManagerOptions defaults;
                   const PeerManagerOptions& popt = ctx.peerman ? ctx.peerman->Options() : defaults;
                   Json o = Json::object();
                   o["version"] = ctx.client_version;
                   o["subversion"] = popt.user_agent;
                   o["protocolversion"] = kProtocolVersion;
                   if (ctx.connman) o["localservices"] = ServicesHex(popt.local_services);
                   o["localrelay"] = popt.relay_txs;
                   o["timeoffset"] = ctx.peerman ? ctx.peerman->TimeOffset() : 0;
                   // Core 0.14 puts networkactive before connections (its help lists them the other way).
                   if (ctx.connman) {
                       o["networkactive"] = ctx.connman->NetworkActive();
                       o["connections"] = ctx.connman->PeerCount();
                   }
                   o["networks"] = NetworksInfo(ctx.connman ? &ctx.connman->Options() : nullptr);
                   o["relayfee"] = ValueFromAmount(ctx.min_relay_fee);
                   o["incrementalfee"] = ValueFromAmount(kDefaultIncrementalRelayFee);
                   o["localaddresses"] = Json::array();  // no local address discovery
                   o["warnings"] = "";
                   return o;
               }});

    table.Add(
        {"network",
         "setban",
         {"subnet", "command", "bantime", "absolute"},
         2,
         4,
         kSetbanHelp,
         [&ctx](const RPCRequest& r) -> Json {
             const std::string command = GetStr(Param(r, 1));
             if (command != "add" && command != "remove") throw RPCError(RPC_MISC_ERROR, kSetbanHelp);
             ConnectionManager& connman = ConnmanOf(ctx);

             const std::string text = GetStr(Param(r, 0));
             const bool is_subnet = text.find('/') != std::string::npos;
             auto parsed = Subnet::Parse(text);
             if (!parsed || !parsed->IsValid() || (!is_subnet && !IsValidBanAddress(parsed->network()))) {
                 throw RPCError(RPC_CLIENT_INVALID_IP_OR_SUBNET, "Error: Invalid IP/Subnet");
             }
             const Subnet subnet = *parsed;

             if (command == "add") {
                 // As Core: a single address counts as banned when any ban covers it.
                 const bool banned =
                     is_subnet ? connman.Bans().IsBanned(subnet) : connman.Bans().IsBanned(subnet.network());
                 if (banned) throw RPCError(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned");
                 int64_t ban_time = 0;  // the default ban time
                 if (HasParam(r, 2)) ban_time = GetInt64(Param(r, 2));
                 bool absolute = r.params.size() == 4 && Param(r, 3).is_boolean() && Param(r, 3).get<bool>();
                 if (ban_time <= 0) {
                     ban_time = connman.DefaultBanTime();
                     absolute = false;
                 }
                 const int64_t now = ctx.clock ? ctx.clock->UnixSeconds() : SystemClock().UnixSeconds();
                 connman.Ban(subnet, (absolute ? 0 : now) + ban_time, BanReason::kManuallyAdded);
             } else if (!connman.Unban(subnet)) {
                 throw RPCError(RPC_CLIENT_INVALID_IP_OR_SUBNET,
                                "Error: Unban failed. Requested address/subnet was not previously banned.");
             }
             return nullptr;
         }});

    table.Add({"network",
               "listbanned",
               {},
               0,
               0,
               "listbanned\n"
               "\nList all banned IPs/Subnets.\n"
               "\nExamples:\n" +
                   HelpExampleCli("listbanned", "") + HelpExampleRpc("listbanned", ""),
               [&ctx](const RPCRequest&) -> Json {
                   ConnectionManager& connman = ConnmanOf(ctx);
                   Json ret = Json::array();
                   for (const auto& [subnet, entry] : connman.Bans().List()) {
                       Json o = Json::object();
                       o["address"] = subnet.ToString();
                       o["banned_until"] = entry.banned_until;
                       o["ban_created"] = entry.created;
                       o["ban_reason"] = BanReasonText(entry.reason);
                       ret.push_back(std::move(o));
                   }
                   return ret;
               }});

    table.Add({"network",
               "clearbanned",
               {},
               0,
               0,
               "clearbanned\n"
               "\nClear all banned IPs.\n"
               "\nExamples:\n" +
                   HelpExampleCli("clearbanned", "") + HelpExampleRpc("clearbanned", ""),
               [&ctx](const RPCRequest&) -> Json {
                   ConnmanOf(ctx).ClearBans();
                   return nullptr;
               }});

    table.Add({"network",
               "setnetworkactive",
               {"state"},
               1,
               1,
               "setnetworkactive true|false\n"
               "\nDisable/enable all p2p network activity.\n"
               "\nArguments:\n"
               "1. \"state\"        (boolean, required) true to enable networking, false to disable\n",
               [&ctx](const RPCRequest& r) -> Json {
                   ConnectionManager& connman = ConnmanOf(ctx);
                   connman.SetNetworkActive(GetBool(Param(r, 0)));
                   return connman.NetworkActive();
               }});
}

}  // namespace ocean
