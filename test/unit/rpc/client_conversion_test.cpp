// ocean-cli's parameter conversion (rpc.md §3.2–§3.4) and the HTTP client it uses.
#include "ocean/rpc/client_conversion.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ocean/core_io/json.h"
#include "ocean/rpc/http_client.h"

namespace ocean {
namespace {

using Words = std::vector<std::string>;

std::string Convert(std::string_view method, const Words& words) {
    auto r = RPCConvertValues(method, words);
    return r ? WriteJson(*r) : "error: " + r.error().message;
}

std::string ConvertNamed(std::string_view method, const Words& words) {
    auto r = RPCConvertNamedValues(method, words);
    return r ? WriteJson(*r) : "error: " + r.error().message;
}

TEST(Conversion, TableRows) {
    const auto& t = RPCConvertTable();
    EXPECT_EQ(t.size(), 156u);
    // Each (method, index) and (method, name) appears once.
    std::set<std::pair<std::string_view, int>> by_index;
    std::set<std::pair<std::string_view, std::string_view>> by_name;
    for (const auto& p : t) {
        EXPECT_TRUE(by_index.emplace(p.method, p.index).second) << p.method << " " << p.index;
        EXPECT_TRUE(by_name.emplace(p.method, p.name).second) << p.method << " " << p.name;
        EXPECT_TRUE(RPCConvertsParam(p.method, p.index));
        EXPECT_TRUE(RPCConvertsNamedParam(p.method, p.name));
    }
    // A sample of rows from every part of the table, by index and by name.
    struct Row {
        const char* method;
        int index;
        const char* name;
    };
    for (const Row& r : std::vector<Row>{{"addmultisigaddress", 0, "nrequired"},
                                         {"addmultitowhitelist", 2, "nmultisig"},
                                         {"blindrawtransaction", 2, "ignoreblindfail"},
                                         {"bumpfee", 1, "options"},
                                         {"createanytoaddress", 4, "balancesorttype"},
                                         {"createanytoaddress", 5, "allowwatchonly"},
                                         {"createkycpubkeytx", 0, "nkeys"},
                                         {"createrawtransaction", 3, "output_assetids"},
                                         {"echojson", 0, "arg0"},
                                         {"echojson", 9, "arg9"},
                                         {"estimatesmartpriority", 0, "nblocks"},
                                         {"generatetoaddress", 0, "nblocks"},
                                         {"getblockstats", 0, "hash_or_height"},
                                         {"getmempooldescendants", 1, "verbose"},
                                         {"getrequests", 1, "inAuction"},
                                         {"importpubkey", 2, "rescan"},
                                         {"listreceivedbyaccount", 2, "include_watchonly"},
                                         {"move", 3, "minconf"},
                                         {"sendfrom", 2, "amount"},
                                         {"rawblindrawtransaction", 6, "ignoreblindfail"},
                                         {"sendanytoaddress", 6, "balancesorttype"},
                                         {"sendmany", 5, "output_assetids"},
                                         {"sendtoaddress", 6, "ignoreblindfail"},
                                         {"whitelistkycpubkeys", 0, "kycpubkeys"}}) {
        EXPECT_TRUE(RPCConvertsParam(r.method, r.index)) << r.method << " " << r.index;
        EXPECT_TRUE(RPCConvertsNamedParam(r.method, r.name)) << r.method << " " << r.name;
    }
    // Not converted: holes, unlisted methods, server-side names that differ from the client's.
    EXPECT_FALSE(RPCConvertsParam("rawblindrawtransaction", 5));
    EXPECT_FALSE(RPCConvertsParam("sendtoaddress", 5));
    EXPECT_FALSE(RPCConvertsParam("sendtoethmainchain", 2));
    EXPECT_FALSE(RPCConvertsParam("createanytoaddress", 6));
    EXPECT_FALSE(RPCConvertsParam("echojson", 10));
    EXPECT_FALSE(RPCConvertsParam("getinfo", 0));
    EXPECT_FALSE(RPCConvertsParam("getblock", 0));
    EXPECT_FALSE(RPCConvertsNamedParam("createanytoaddress", "balanceSortType"));
    EXPECT_FALSE(RPCConvertsNamedParam("createrawtransaction", "output_assets"));
    EXPECT_FALSE(RPCConvertsNamedParam("getblock", "blockhash"));
    EXPECT_FALSE(RPCConvertsNamedParam("getblock", "1"));
}

TEST(Conversion, NonStrictJson) {
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue("5")), "5");
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue(" true ")), "true");
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue("null")), "null");
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue("\"s\"")), "\"s\"");
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue("{\"b\":1,\"a\":[2]}")), "{\"b\":1,\"a\":[2]}");
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue("[]")), "[]");
    EXPECT_EQ(WriteJson(*ParseNonRFCJSONValue("-0.5")), "-0.5");
    for (const char* bad : {"", "abc", "1,2", "]", "[", "{", "tru", "'x'", "1 2", "[1],[2]"}) {
        auto r = ParseNonRFCJSONValue(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().message, std::string("Error parsing JSON:") + bad);
    }
}

TEST(Conversion, Positional) {
    EXPECT_EQ(Convert("getinfo", {}), "[]");
    EXPECT_EQ(Convert("getblockhash", {"5"}), "[5]");
    EXPECT_EQ(Convert("getblock", {"00ab", "2"}), "[\"00ab\",2]");
    EXPECT_EQ(Convert("getblock", {"00ab", "true"}), "[\"00ab\",true]");
    EXPECT_EQ(Convert("getblockheader", {"h", "false"}), "[\"h\",false]");
    // Unlisted parameters are strings, verbatim.
    EXPECT_EQ(Convert("sendtoaddress", {"addr", "1.5", "c", "d", "true", "x y", "true"}),
              "[\"addr\",1.5,\"c\",\"d\",true,\"x y\",true]");
    EXPECT_EQ(Convert("sendtoethmainchain", {"a", "1", "true"}), "[\"a\",\"1\",\"true\"]");
    EXPECT_EQ(Convert("createanytoaddress", {"a", "1", "false", "false", "1", "false", "true"}),
              "[\"a\",1,false,false,1,false,\"true\"]");
    EXPECT_EQ(Convert("echojson", {"1", "[2]", "{}", "null", "\"s\"", "0", "0", "0", "0", "0", "x"}),
              "[1,[2],{},null,\"s\",0,0,0,0,0,\"x\"]");
    EXPECT_EQ(Convert("echo", {"1", "[2]"}), "[\"1\",\"[2]\"]");
    EXPECT_EQ(Convert("createrawtransaction", {"[{\"txid\":\"ab\",\"vout\":0}]", "{\"addr\":1}"}),
              "[[{\"txid\":\"ab\",\"vout\":0}],{\"addr\":1}]");
    // getblockstats' first parameter is always JSON: a hash must be quoted.
    EXPECT_EQ(Convert("getblockstats", {"00ab"}), "error: Error parsing JSON:00ab");
    EXPECT_EQ(Convert("getblockstats", {"\"00ab\""}), "[\"00ab\"]");
    EXPECT_EQ(Convert("getblockhash", {"abc"}), "error: Error parsing JSON:abc");
    EXPECT_EQ(Convert("getblockhash", {""}), "error: Error parsing JSON:");
    EXPECT_EQ(Convert("bumpfee", {"txid", "{\"a\":1}"}), "[\"txid\",{\"a\":1}]");
}

TEST(Conversion, Named) {
    EXPECT_EQ(ConvertNamed("getinfo", {}), "{}");
    EXPECT_EQ(ConvertNamed("getblock", {"blockhash=00ab", "verbosity=2"}),
              "{\"blockhash\":\"00ab\",\"verbosity\":2}");
    EXPECT_EQ(ConvertNamed("getblock", {"verbosity=0", "blockhash="}),
              "{\"verbosity\":0,\"blockhash\":\"\"}");
    // Split at the first '='.
    EXPECT_EQ(ConvertNamed("echo", {"a=b=c"}), "{\"a\":\"b=c\"}");
    EXPECT_EQ(ConvertNamed("echo", {"=x"}), "{\"\":\"x\"}");
    EXPECT_EQ(ConvertNamed("getblock", {"blockhash"}),
              "error: No '=' in named argument 'blockhash', this needs to be present for every argument "
              "(even if it "
              "is empty)");
    EXPECT_EQ(ConvertNamed("getblock", {"verbosity=x"}), "error: Error parsing JSON:x");
    EXPECT_EQ(ConvertNamed("getblockhash", {"height="}), "error: Error parsing JSON:");
    // Conversion by name only: the server-side names that differ stay strings.
    EXPECT_EQ(ConvertNamed("createanytoaddress", {"balanceSortType=1", "balancesorttype=1"}),
              "{\"balanceSortType\":\"1\",\"balancesorttype\":1}");
    EXPECT_EQ(ConvertNamed("createrawtransaction", {"output_assets={}", "output_assetids={}"}),
              "{\"output_assets\":\"{}\",\"output_assetids\":{}}");
    EXPECT_EQ(ConvertNamed("getrequests", {"inAuction=true"}), "{\"inAuction\":true}");
    // Index positions mean nothing in named mode.
    EXPECT_EQ(ConvertNamed("getblockhash", {"0=5"}), "{\"0\":\"5\"}");
    // A repeated name keeps its first position and its last value.
    EXPECT_EQ(ConvertNamed("getblock", {"verbosity=1", "blockhash=h", "verbosity=2"}),
              "{\"verbosity\":2,\"blockhash\":\"h\"}");
}

TEST(HttpClient, ConnectionRefusedIsATransportError) {
    // Find a free port by binding and closing a socket.
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const uint16_t port = acceptor.local_endpoint().port();
    acceptor.close();

    HttpPostRequest req;
    req.port = port;
    req.timeout = std::chrono::seconds(5);
    const HttpResult r = HttpPost(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error.code, ECONNREFUSED);
    EXPECT_EQ(r.error.message, "Connection refused");
}

// Accepts one connection, records the request and answers with `reply` (raw HTTP).
class OneShotServer {
  public:
    explicit OneShotServer(std::string reply)
        : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}), reply_(std::move(reply)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { Serve(); });
    }
    ~OneShotServer() { Join(); }
    uint16_t port() const { return port_; }
    const std::string& request() const { return request_; }
    void Join() {
        if (thread_.joinable()) thread_.join();
    }

  private:
    void Serve() {
        boost::asio::ip::tcp::socket socket(ioc_);
        acceptor_.accept(socket);
        boost::asio::streambuf buf;
        boost::system::error_code ec;
        const size_t header_end = boost::asio::read_until(socket, buf, "\r\n\r\n", ec);
        std::string data(boost::asio::buffers_begin(buf.data()), boost::asio::buffers_end(buf.data()));
        const std::string headers = data.substr(0, header_end);
        size_t length = 0;
        if (auto p = headers.find("Content-Length: "); p != std::string::npos)
            length = std::stoul(headers.substr(p + 16));
        if (data.size() < header_end + length) {
            boost::asio::read(socket, buf, boost::asio::transfer_exactly(header_end + length - data.size()),
                              ec);
            data.assign(boost::asio::buffers_begin(buf.data()), boost::asio::buffers_end(buf.data()));
        }
        request_ = data;
        if (!reply_.empty()) boost::asio::write(socket, boost::asio::buffer(reply_), ec);
        socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }

    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::string reply_;
    uint16_t port_ = 0;
    std::string request_;
    std::thread thread_;
};

TEST(HttpClient, PostsAndReadsTheReply) {
    const std::string body = "{\"result\":null,\"error\":{\"code\":-8,\"message\":\"m\"},\"id\":1}\n";
    std::string reply =
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    HttpResult r;
    std::string request;
    {
        OneShotServer server(reply);
        HttpPostRequest req;
        req.port = server.port();
        req.user_colon_password = "__cookie__:abc";
        req.body = "{\"method\":\"getinfo\",\"params\":[],\"id\":1}\n";
        req.timeout = std::chrono::seconds(10);
        r = HttpPost(req);
        server.Join();
        request = server.request();
    }
    ASSERT_TRUE(r.ok()) << r.error.message;
    EXPECT_EQ(r.response->status, 500);
    EXPECT_EQ(r.response->body, body);
    EXPECT_EQ(request.rfind("POST / HTTP/1.1\r\n", 0), 0u) << request;
    EXPECT_NE(request.find("Host: 127.0.0.1\r\n"), std::string::npos) << request;
    EXPECT_NE(request.find("Connection: close\r\n"), std::string::npos) << request;
    EXPECT_NE(request.find("Authorization: Basic X19jb29raWVfXzphYmM=\r\n"), std::string::npos) << request;
    EXPECT_NE(request.find("Content-Type: application/json\r\n"), std::string::npos) << request;
    EXPECT_NE(request.find("\r\n\r\n{\"method\":\"getinfo\",\"params\":[],\"id\":1}\n"), std::string::npos)
        << request;
}

TEST(HttpClient, ClosedWithoutReplyIsATransportError) {
    HttpResult r;
    {
        OneShotServer server("");
        HttpPostRequest req;
        req.port = server.port();
        req.body = "x";
        req.timeout = std::chrono::seconds(10);
        r = HttpPost(req);
        server.Join();
    }
    ASSERT_FALSE(r.ok());
    EXPECT_FALSE(r.error.message.empty());
}

}  // namespace
}  // namespace ocean
