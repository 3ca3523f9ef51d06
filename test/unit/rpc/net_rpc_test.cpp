// The network RPCs (rpc.md §6.7) over real P2P nodes: two connection managers with their peer
// managers and chain states listen on 127.0.0.1 (port 0) and connect to each other with addnode;
// the tests check the connection counts, getpeerinfo's fields and their order, added nodes,
// disconnectnode, bans, the network totals and info, setnetworkactive, and -31 without P2P.
// Asynchronous effects are polled for with a timeout.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../consensus/consensus_test_util.h"
#include "ocean/chain/chainstate.h"
#include "ocean/consensus/chain_params.h"
#include "ocean/net/connman.h"
#include "ocean/net/peer_manager.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/rpc_table.h"
#include "ocean/util/clock.h"
#include "ocean/util/logging.h"
#include "rpc_test_util.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

using P = std::pair<int, std::string>;

constexpr auto kTimeout = std::chrono::seconds(20);

// Polls `pred` until it holds or the timeout passes; returns its last value.
bool WaitFor(const std::function<bool()>& pred) {
    const auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

std::vector<std::string> Keys(const Json& o) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : o.items()) keys.push_back(key);
    return keys;
}

// One P2P node (chain state, connection manager listening on 127.0.0.1:0, peer manager) with the
// network RPCs registered over it.
class NetNode : public test::RPCTableCaller {
  public:
    explicit NetNode(bool start_p2p = true) : params_(test::ParamsFromArgs({})) {
        ctx_.params = &params_;
        ctx_.chain_name = params_.genesis_params.chain;
        ctx_.table = &table_;
        ctx_.clock = &clock_;
        ctx_.client_version = 2010101;
        RegisterNetRPCs(table_, ctx_);
        table_.SetWarmupFinished();

        ChainstateOptions opt;
        opt.datadir = dir_.path() / "chain";
        opt.cache_bytes = 8u << 20;
        opt.par = 1;
        auto cs = Chainstate::Open(params_, opt, log_, clock_);
        if (!cs) throw std::runtime_error(cs.error().ToString());
        chain_ = std::move(cs.value());
        ctx_.chainstate = chain_.get();
        if (!start_p2p) return;

        ConnmanOptions copt;
        Service bind;
        bind.ip = IpAddress::FromIPv4({127, 0, 0, 1});
        bind.port = 0;
        copt.bind = {bind};
        copt.automatic_connections = false;
        copt.dns = false;
        copt.datadir = dir_.path() / "net";
        std::filesystem::create_directories(copt.datadir);
        connman_ = std::make_unique<ConnectionManager>(copt, clock_, log_);
        peerman_ = std::make_unique<PeerManager>(*chain_, *connman_, clock_, log_, PeerManagerOptions{});
        if (Status s = connman_->Start(*peerman_); !s) throw std::runtime_error(s.error().ToString());
        ctx_.connman = connman_.get();
        ctx_.peerman = peerman_.get();
    }
    ~NetNode() {
        if (connman_) connman_->Stop();
    }

    RPCContext& ctx() { return ctx_; }
    ConnectionManager& connman() { return *connman_; }
    // "127.0.0.1:<port>" of the listening socket.
    std::string Endpoint() const { return connman_->ListenEndpoints().at(0).ToString(); }
    uint16_t Port() const { return connman_->ListenEndpoints().at(0).port; }

    int Connections() { return Call("getconnectioncount").get<int>(); }
    // True once getpeerinfo lists exactly `n` peers that all finished the version exchange (their
    // version and verack arrived).
    bool HasHandshakedPeers(size_t n) {
        const Json peers = Call("getpeerinfo");
        if (peers.size() != n) return false;
        return std::all_of(peers.begin(), peers.end(), [](const Json& p) {
            return p["version"].get<int>() != 0 && p["bytesrecv_per_msg"].contains("verack");
        });
    }

  private:
    ChainParams params_;
    test::TempDir dir_{"ocean_netrpc_"};
    SystemClock clock_;
    Logger log_{clock_};
    RPCContext ctx_;
    std::unique_ptr<Chainstate> chain_;
    std::unique_ptr<ConnectionManager> connman_;
    std::unique_ptr<PeerManager> peerman_;
};

// B opens a one-shot manual connection to A and both finish the handshake.
void ConnectOneTry(NetNode& a, NetNode& b) {
    EXPECT_TRUE(b.Call("addnode", Json::array({a.Endpoint(), "onetry"})).is_null());
    ASSERT_TRUE(WaitFor([&] { return a.HasHandshakedPeers(1) && b.HasHandshakedPeers(1); }))
        << "A: " << WriteJson(a.Call("getpeerinfo")) << "\nB: " << WriteJson(b.Call("getpeerinfo"));
}

TEST(NetRpcTest, P2PDisabledGivesMinus31) {
    NetNode n(/*start_p2p=*/false);
    const P disabled{RPC_CLIENT_P2P_DISABLED, "Error: Peer-to-peer functionality missing or disabled"};
    EXPECT_EQ(n.Fail("getconnectioncount"), disabled);
    EXPECT_EQ(n.Fail("ping"), disabled);
    EXPECT_EQ(n.Fail("getpeerinfo"), disabled);
    EXPECT_EQ(n.Fail("addnode", Json::array({"127.0.0.1:1", "add"})), disabled);
    EXPECT_EQ(n.Fail("disconnectnode", Json::array({"127.0.0.1:1"})), disabled);
    EXPECT_EQ(n.Fail("getaddednodeinfo"), disabled);
    EXPECT_EQ(n.Fail("getnettotals"), disabled);
    EXPECT_EQ(n.Fail("setban", Json::array({"1.2.3.4", "add"})), disabled);
    EXPECT_EQ(n.Fail("listbanned"), disabled);
    EXPECT_EQ(n.Fail("clearbanned"), disabled);
    EXPECT_EQ(n.Fail("setnetworkactive", Json::array({true})), disabled);
    // As Core, a bad command word is answered with the help text before P2P is looked at.
    const P bad = n.Fail("addnode", Json::array({"127.0.0.1:1", "bogus"}));
    EXPECT_EQ(bad.first, RPC_MISC_ERROR);
    EXPECT_EQ(bad.second, n.table().Find("addnode")->help);

    // getnetworkinfo still answers, without the connection manager's fields.
    const Json info = n.Call("getnetworkinfo");
    EXPECT_EQ(Keys(info), (std::vector<std::string>{"version", "subversion", "protocolversion", "localrelay",
                                                    "timeoffset", "networks", "relayfee", "incrementalfee",
                                                    "localaddresses", "warnings"}));
    EXPECT_EQ(info["version"], 2010101);
}

TEST(NetRpcTest, RegisteredInNetworkCategory) {
    NetNode n(false);
    for (const char* name :
         {"getconnectioncount", "ping", "getpeerinfo", "addnode", "disconnectnode", "getaddednodeinfo",
          "getnettotals", "getnetworkinfo", "setban", "listbanned", "clearbanned", "setnetworkactive"}) {
        const RPCCommand* c = n.table().Find(name);
        ASSERT_NE(c, nullptr) << name;
        EXPECT_EQ(c->category, "network") << name;
        EXPECT_EQ(c->help.rfind(name, 0), 0u) << name;
    }
    EXPECT_EQ(n.table().Find("setban")->arg_names,
              (std::vector<std::string>{"subnet", "command", "bantime", "absolute"}));
    // Wrong parameter counts answer with the help text.
    const P p = n.Fail("getconnectioncount", Json::array({1}));
    EXPECT_EQ(p.first, RPC_MISC_ERROR);
    EXPECT_EQ(p.second, n.table().Find("getconnectioncount")->help);
}

TEST(NetRpcTest, ConnectAndPeerInfo) {
    NetNode a, b;
    EXPECT_EQ(a.Connections(), 0);
    EXPECT_EQ(a.Call("getpeerinfo"), Json::array());
    ConnectOneTry(a, b);
    EXPECT_EQ(a.Connections(), 1);
    EXPECT_EQ(b.Connections(), 1);

    // B's view: an outbound manual connection to A's listening address.
    Json pb = b.Call("getpeerinfo")[0];
    EXPECT_EQ(pb["addr"], a.Endpoint());
    EXPECT_EQ(pb["inbound"], false);
    EXPECT_EQ(pb["addnode"], true);
    EXPECT_EQ(pb["version"], 70015);
    EXPECT_EQ(pb["subver"], "/Satoshi:2.1.1.1/");
    EXPECT_EQ(pb["services"], "0000000000000009");  // NODE_NETWORK | NODE_WITNESS
    EXPECT_EQ(pb["relaytxes"], false);
    EXPECT_EQ(pb["startingheight"], 0);
    EXPECT_EQ(pb["banscore"], 0);
    EXPECT_EQ(pb["whitelisted"], false);
    EXPECT_TRUE(pb["inflight"].is_array());
    // addrlocal is our address as the peer reported it; peers on loopback do not report one.
    EXPECT_FALSE(pb.contains("addrlocal"));
    EXPECT_GT(pb["bytessent"].get<uint64_t>(), 0u);
    EXPECT_GT(pb["bytesrecv"].get<uint64_t>(), 0u);
    EXPECT_GT(pb["conntime"].get<int64_t>(), 1500000000);
    EXPECT_GT(pb["bytessent_per_msg"]["version"].get<uint64_t>(), 0u);
    EXPECT_GT(pb["bytesrecv_per_msg"]["verack"].get<uint64_t>(), 0u);
    for (const auto& [cmd, bytes] : pb["bytessent_per_msg"].items())
        EXPECT_GT(bytes.get<uint64_t>(), 0u) << cmd;

    // Core 0.14's member order; the ping members appear only when measured.
    std::vector<std::string> keys = Keys(pb);
    keys.erase(std::remove_if(
                   keys.begin(), keys.end(),
                   [](const std::string& k) { return k == "pingtime" || k == "minping" || k == "pingwait"; }),
               keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"id",
                                              "addr",
                                              "services",
                                              "relaytxes",
                                              "lastsend",
                                              "lastrecv",
                                              "bytessent",
                                              "bytesrecv",
                                              "conntime",
                                              "timeoffset",
                                              "version",
                                              "subver",
                                              "inbound",
                                              "addnode",
                                              "startingheight",
                                              "banscore",
                                              "synced_headers",
                                              "synced_blocks",
                                              "inflight",
                                              "whitelisted",
                                              "bytessent_per_msg",
                                              "bytesrecv_per_msg"}));

    // A's view: an inbound, non-manual peer.
    const Json pa = a.Call("getpeerinfo")[0];
    EXPECT_EQ(pa["inbound"], true);
    EXPECT_EQ(pa["addnode"], false);
    EXPECT_TRUE(pa["addr"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
    EXPECT_NE(pa["addr"], a.Endpoint());

    // ping: a round trip is measured and then reported as pingtime and minping, in that order.
    EXPECT_TRUE(b.Call("ping").is_null());
    ASSERT_TRUE(WaitFor([&] {
        const Json p = b.Call("getpeerinfo");
        return p.size() == 1 && p[0].contains("pingtime") && p[0].contains("minping");
    }));
    pb = b.Call("getpeerinfo")[0];
    EXPECT_GE(pb["pingtime"].get<double>(), 0.0);
    EXPECT_LE(pb["minping"].get<double>(), pb["pingtime"].get<double>());
    keys = Keys(pb);
    const auto at = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) - keys.begin(); };
    EXPECT_EQ(at("pingtime"), at("timeoffset") + 1);
    EXPECT_EQ(at("minping"), at("pingtime") + 1);

    // getnettotals: the node-wide byte counters and Core's fixed upload-target object.
    const Json totals = b.Call("getnettotals");
    EXPECT_EQ(Keys(totals),
              (std::vector<std::string>{"totalbytesrecv", "totalbytessent", "timemillis", "uploadtarget"}));
    EXPECT_GE(totals["totalbytessent"].get<uint64_t>(), pb["bytessent"].get<uint64_t>());
    EXPECT_GE(totals["totalbytesrecv"].get<uint64_t>(), pb["bytesrecv"].get<uint64_t>());
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    EXPECT_NEAR(static_cast<double>(totals["timemillis"].get<int64_t>()), static_cast<double>(now_ms),
                60000.0);
    EXPECT_EQ(
        totals["uploadtarget"],
        Json::parse(R"({"timeframe":86400,"target":0,"target_reached":false,"serve_historical_blocks":true,)"
                    R"("bytes_left_in_cycle":0,"time_left_in_cycle":0})"));

    // getnetworkinfo with P2P running.
    const Json info = a.Call("getnetworkinfo");
    EXPECT_EQ(Keys(info), (std::vector<std::string>{"version", "subversion", "protocolversion",
                                                    "localservices", "localrelay", "timeoffset",
                                                    "networkactive", "connections", "networks", "relayfee",
                                                    "incrementalfee", "localaddresses", "warnings"}));
    EXPECT_EQ(info["version"], 2010101);
    EXPECT_EQ(info["subversion"], "/Satoshi:2.1.1.1/");
    EXPECT_EQ(info["protocolversion"], 70015);
    EXPECT_EQ(info["localservices"], "0000000000000009");
    EXPECT_EQ(info["localrelay"], false);
    EXPECT_EQ(info["timeoffset"], 0);
    EXPECT_EQ(info["networkactive"], true);
    EXPECT_EQ(info["connections"], 1);
    EXPECT_EQ(WriteJson(info["relayfee"]), "0.00001000");
    EXPECT_EQ(WriteJson(info["incrementalfee"]), "0.00001000");
    EXPECT_EQ(info["localaddresses"], Json::array());
    EXPECT_EQ(info["warnings"], "");
    ASSERT_EQ(info["networks"].size(), 3u);
    EXPECT_EQ(info["networks"][0],
              Json::parse(R"({"name":"ipv4","limited":false,"reachable":true,"proxy":"",)"
                          R"("proxy_randomize_credentials":false})"));
    EXPECT_EQ(info["networks"][1]["name"], "ipv6");
    EXPECT_EQ(info["networks"][1]["limited"], false);
    EXPECT_EQ(info["networks"][2]["name"], "onion");
    EXPECT_EQ(info["networks"][2]["limited"], true);
    EXPECT_EQ(info["networks"][2]["reachable"], false);
}

TEST(NetRpcTest, AddNodeAndAddedNodeInfo) {
    NetNode a, b;
    const std::string target = a.Endpoint();
    EXPECT_EQ(b.Call("getaddednodeinfo"), Json::array());

    // A bad command word answers with the help text (-1).
    const P bad = b.Fail("addnode", Json::array({target, "bogus"}));
    EXPECT_EQ(bad.first, RPC_MISC_ERROR);
    EXPECT_EQ(bad.second, b.table().Find("addnode")->help);
    EXPECT_EQ(b.Fail("addnode", Json::array({target, 1})),
              P(RPC_MISC_ERROR, "JSON value is not a string as expected"));

    EXPECT_TRUE(b.Call("addnode", Json::array({target, "add"})).is_null());
    EXPECT_EQ(b.Fail("addnode", Json::array({target, "add"})),
              P(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: Node already added"));

    // The added node is connected to by itself.
    ASSERT_TRUE(WaitFor([&] {
        const Json i = b.Call("getaddednodeinfo");
        return i.size() == 1 && i[0]["connected"] == true;
    })) << WriteJson(b.Call("getaddednodeinfo"));
    const Json info = b.Call("getaddednodeinfo", Json::array({target}));
    EXPECT_EQ(info,
              Json::parse(R"([{"addednode":")" + target + R"(","connected":true,"addresses":[{"address":")" +
                          target + R"(","connected":"outbound"}]}])"));
    EXPECT_EQ(b.Fail("getaddednodeinfo", Json::array({"10.1.2.3"})),
              P(RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added."));
    ASSERT_TRUE(WaitFor([&] { return b.HasHandshakedPeers(1); }));
    EXPECT_EQ(b.Call("getpeerinfo")[0]["addnode"], true);

    // A second added node that is not reachable.
    EXPECT_TRUE(b.Call("addnode", Json::array({"127.0.0.1:1", "add"})).is_null());
    const Json both = b.Call("getaddednodeinfo");
    ASSERT_EQ(both.size(), 2u);
    EXPECT_EQ(both[0]["addednode"], target);
    EXPECT_EQ(both[1], Json::parse(R"({"addednode":"127.0.0.1:1","connected":false,"addresses":[]})"));

    EXPECT_TRUE(b.Call("addnode", Json::array({target, "remove"})).is_null());
    EXPECT_EQ(b.Fail("addnode", Json::array({target, "remove"})),
              P(RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added."));
    EXPECT_EQ(b.Fail("getaddednodeinfo", Json::array({target})),
              P(RPC_CLIENT_NODE_NOT_ADDED, "Error: Node has not been added."));
    EXPECT_EQ(b.Call("getaddednodeinfo").size(), 1u);

    // Named parameters.
    const Json reply = b.Body(R"({"method":"getaddednodeinfo","params":{"node":"127.0.0.1:1"},"id":1})");
    EXPECT_TRUE(reply["error"].is_null()) << reply;
    EXPECT_EQ(reply["result"][0]["addednode"], "127.0.0.1:1");
}

TEST(NetRpcTest, DisconnectNode) {
    NetNode a, b;
    ConnectOneTry(a, b);
    const std::string b_addr = a.Call("getpeerinfo")[0]["addr"].get<std::string>();
    EXPECT_EQ(a.Fail("disconnectnode", Json::array({"127.0.0.1:1"})),
              P(RPC_CLIENT_NODE_NOT_CONNECTED, "Node not found in connected nodes"));
    EXPECT_TRUE(a.Call("disconnectnode", Json::array({b_addr})).is_null());
    EXPECT_TRUE(WaitFor([&] { return a.Connections() == 0 && b.Connections() == 0; }));
    EXPECT_EQ(a.Call("getpeerinfo"), Json::array());
    EXPECT_TRUE(WaitFor([&] { return b.Call("getpeerinfo").empty(); }));

    // B disconnects by the address it connected to.
    ConnectOneTry(a, b);
    EXPECT_TRUE(b.Call("disconnectnode", Json::array({a.Endpoint()})).is_null());
    EXPECT_TRUE(WaitFor([&] { return a.Connections() == 0 && b.Connections() == 0; }));
}

TEST(NetRpcTest, SetBanListBannedClearBanned) {
    NetNode a, b;
    ConnectOneTry(a, b);
    EXPECT_EQ(a.Call("listbanned"), Json::array());

    // Invalid addresses and subnets.
    const P invalid{RPC_CLIENT_INVALID_IP_OR_SUBNET, "Error: Invalid IP/Subnet"};
    EXPECT_EQ(a.Fail("setban", Json::array({"not-an-ip", "add"})), invalid);
    EXPECT_EQ(a.Fail("setban", Json::array({"1.2.3.4/33", "add"})), invalid);
    EXPECT_EQ(a.Fail("setban", Json::array({"0.0.0.0", "add"})), invalid);
    EXPECT_EQ(a.Fail("setban", Json::array({"example.com", "remove"})), invalid);
    const P bad = a.Fail("setban", Json::array({"1.2.3.4", "ban"}));
    EXPECT_EQ(bad.first, RPC_MISC_ERROR);
    EXPECT_EQ(bad.second, a.table().Find("setban")->help);
    EXPECT_EQ(a.Fail("setban", Json::array({"1.2.3.4", "add", "x"})),
              P(RPC_MISC_ERROR, "JSON value is not an integer as expected"));

    // Banning B's address disconnects it.
    const int64_t before = SystemClock().UnixSeconds();
    EXPECT_TRUE(a.Call("setban", Json::array({"127.0.0.1", "add"})).is_null());
    EXPECT_TRUE(WaitFor([&] { return a.Connections() == 0 && b.Connections() == 0; }));
    Json list = a.Call("listbanned");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(Keys(list[0]),
              (std::vector<std::string>{"address", "banned_until", "ban_created", "ban_reason"}));
    EXPECT_EQ(list[0]["address"], "127.0.0.1/32");
    EXPECT_EQ(list[0]["ban_reason"], "manually added");
    EXPECT_GE(list[0]["ban_created"].get<int64_t>(), before);
    // The default ban time (-bantime, 24 hours) from now.
    EXPECT_NEAR(static_cast<double>(list[0]["banned_until"].get<int64_t>() - before), 86400.0, 5.0);
    EXPECT_EQ(a.Fail("setban", Json::array({"127.0.0.1", "add"})),
              P(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned"));

    // Subnets: an exact subnet is "already banned" only when that subnet is; a single address when any
    // ban covers it.
    EXPECT_TRUE(a.Call("setban", Json::array({"10.0.0.0/8", "add", 100})).is_null());
    EXPECT_EQ(a.Fail("setban", Json::array({"10.0.0.0/255.0.0.0", "add"})),
              P(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned"));
    EXPECT_EQ(a.Fail("setban", Json::array({"10.1.2.3", "add"})),
              P(RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned"));
    EXPECT_TRUE(a.Call("setban", Json::array({"10.1.0.0/16", "add"})).is_null());
    // Absolute ban time; a zero or negative ban time is the default, relative.
    EXPECT_TRUE(a.Call("setban", Json::array({"192.168.0.0/24", "add", 2000000000, true})).is_null());
    EXPECT_TRUE(a.Call("setban", Json::array({"2001:db9::1", "add", 0, true})).is_null());

    list = a.Call("listbanned");
    std::map<std::string, Json> by_addr;
    for (const Json& e : list) by_addr[e["address"].get<std::string>()] = e;
    ASSERT_EQ(by_addr.size(), 5u) << list;
    EXPECT_NEAR(static_cast<double>(by_addr["10.0.0.0/8"]["banned_until"].get<int64_t>() -
                                    by_addr["10.0.0.0/8"]["ban_created"].get<int64_t>()),
                100.0, 5.0);
    EXPECT_EQ(by_addr["192.168.0.0/24"]["banned_until"], 2000000000);
    EXPECT_NEAR(static_cast<double>(by_addr["2001:db9::1/128"]["banned_until"].get<int64_t>() - before),
                86400.0, 5.0);
    EXPECT_TRUE(by_addr.count("10.1.0.0/16"));

    // remove
    EXPECT_EQ(a.Fail("setban", Json::array({"10.9.9.9", "remove"})),
              P(RPC_CLIENT_INVALID_IP_OR_SUBNET,
                "Error: Unban failed. Requested address/subnet was not previously banned."));
    EXPECT_TRUE(a.Call("setban", Json::array({"10.1.0.0/16", "remove"})).is_null());
    EXPECT_EQ(a.Call("listbanned").size(), 4u);

    // Named parameters with a hole: bantime skipped.
    const Json reply = a.Body(
        R"({"method":"setban","params":{"subnet":"172.16.0.1","command":"add","absolute":false},"id":1})");
    EXPECT_TRUE(reply["error"].is_null()) << reply;
    EXPECT_EQ(a.Call("listbanned").size(), 5u);

    // clearbanned empties the list; B can connect again.
    EXPECT_TRUE(a.Call("clearbanned").is_null());
    EXPECT_EQ(a.Call("listbanned"), Json::array());
    ConnectOneTry(a, b);
}

TEST(NetRpcTest, SetNetworkActive) {
    NetNode a, b;
    ConnectOneTry(a, b);
    EXPECT_EQ(a.Fail("setnetworkactive", Json::array({"false"})),
              P(RPC_MISC_ERROR, "JSON value is not a boolean as expected"));

    EXPECT_EQ(a.Call("setnetworkactive", Json::array({false})), false);
    EXPECT_TRUE(WaitFor([&] { return a.Connections() == 0 && b.Connections() == 0; }));
    EXPECT_EQ(a.Call("getnetworkinfo")["networkactive"], false);
    EXPECT_EQ(a.Call("getnetworkinfo")["connections"], 0);
    // Idempotent.
    EXPECT_EQ(a.Call("setnetworkactive", Json::array({false})), false);

    EXPECT_EQ(a.Call("setnetworkactive", Json::array({true})), true);
    EXPECT_EQ(a.Call("getnetworkinfo")["networkactive"], true);
    ConnectOneTry(a, b);
}

}  // namespace
}  // namespace ocean
