#include "ocean/rpc/http_rpc.h"

#include <gtest/gtest.h>

#include <atomic>

#include "ocean/rpc/protocol.h"
#include "ocean/util/clock.h"
#include "ocean/util/fs.h"
#include "ocean/util/logging.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

class HandleJsonRpcTest : public ::testing::Test {
  protected:
    HandleJsonRpcTest() {
        auth_.SetUserPassword("user", "pass");
        RPCCommand cmd;
        cmd.category = "blockchain";
        cmd.name = "getblockcount";
        cmd.help = "getblockcount\n";
        cmd.handler = [this](const RPCRequest& r) {
            last_user_ = r.user;
            return Json(42);
        };
        EXPECT_TRUE(table_.Register(std::move(cmd)).ok());
        table_.SetWarmupFinished();
    }

    HttpRequest Post(std::string body, std::optional<std::string> userpass = "user:pass") {
        HttpRequest r;
        r.verb = "POST";
        r.target = "/";
        r.body = std::move(body);
        r.peer = "127.0.0.1:5555";
        if (userpass) {
            r.has_authorization = true;
            r.authorization = "Basic " + EncodeBase64(*userpass);
        }
        return r;
    }

    HttpReply Handle(const HttpRequest& r) { return HandleJsonRpc(r, auth_, table_, &log_); }

    static std::string Header(const HttpReply& reply, const std::string& name) {
        for (const auto& [n, v] : reply.headers) {
            if (n == name) return v;
        }
        return "<none>";
    }

    SystemClock clock_;
    Logger log_{clock_};
    RPCAuthenticator auth_;
    RPCTable table_;
    std::string last_user_;
};

TEST_F(HandleJsonRpcTest, Success) {
    HttpReply reply = Handle(Post(R"({"method":"getblockcount","params":[],"id":7})"));
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.content_type, "application/json");
    EXPECT_EQ(reply.body, "{\"result\":42,\"error\":null,\"id\":7}\n");
    EXPECT_EQ(reply.delay.count(), 0);
    EXPECT_EQ(last_user_, "user");
}

TEST_F(HandleJsonRpcTest, ErrorStatusesComeFromTheTable) {
    HttpReply unknown = Handle(Post(R"({"method":"nosuch","id":1})"));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.content_type, "application/json");
    EXPECT_NE(unknown.body.find("-32601"), std::string::npos);
    HttpReply parse = Handle(Post("{"));
    EXPECT_EQ(parse.status, 500);
    EXPECT_NE(parse.body.find("Parse error"), std::string::npos);
    HttpReply batch = Handle(Post(R"([{"method":"getblockcount","id":1},{"method":"nosuch","id":2}])"));
    EXPECT_EQ(batch.status, 200);
}

TEST_F(HandleJsonRpcTest, OnlyTheRootPath) {
    for (std::string target : {"/x", "", "/?a=1", "//", "/wallet/"}) {
        HttpRequest r = Post("{}");
        r.target = target;
        HttpReply reply = Handle(r);
        EXPECT_EQ(reply.status, 404) << target;
        EXPECT_TRUE(reply.body.empty());
        EXPECT_TRUE(reply.headers.empty());
    }
}

TEST_F(HandleJsonRpcTest, OnlyPost) {
    for (std::string verb : {"GET", "HEAD", "PUT"}) {
        HttpRequest r = Post("{}");
        r.verb = verb;
        HttpReply reply = Handle(r);
        EXPECT_EQ(reply.status, 405);
        EXPECT_EQ(reply.body, "JSONRPC server handles only POST requests");
    }
    // The path is checked first (Ocean routes before the handler sees the verb).
    HttpRequest r = Post("{}");
    r.verb = "GET";
    r.target = "/other";
    EXPECT_EQ(Handle(r).status, 404);
}

TEST_F(HandleJsonRpcTest, MissingAuthorization) {
    HttpReply reply = Handle(Post(R"({"method":"getblockcount"})", std::nullopt));
    EXPECT_EQ(reply.status, 401);
    EXPECT_TRUE(reply.body.empty());
    EXPECT_EQ(Header(reply, "WWW-Authenticate"), "Basic realm=\"jsonrpc\"");
    EXPECT_EQ(reply.delay.count(), 0);  // no delay without an attempt
}

TEST_F(HandleJsonRpcTest, WrongCredentialsAreDelayedAndLogged) {
    test::TempDir dir;
    ASSERT_TRUE(log_.OpenFile(dir / "debug.log").ok());
    HttpRequest r = Post(R"({"method":"getblockcount"})", "user:wrong-password-xyz");
    r.peer = "10.1.2.3:4444";
    HttpReply reply = Handle(r);
    EXPECT_EQ(reply.status, 401);
    EXPECT_TRUE(reply.body.empty());
    EXPECT_EQ(Header(reply, "WWW-Authenticate"), "Basic realm=\"jsonrpc\"");
    EXPECT_GE(reply.delay, std::chrono::milliseconds(250));
    EXPECT_TRUE(last_user_.empty());  // the table never ran

    // An empty Authorization header is an attempt too.
    HttpRequest empty = Post("{}", std::nullopt);
    empty.has_authorization = true;
    EXPECT_GE(Handle(empty).delay, std::chrono::milliseconds(250));

    log_.CloseFile();
    auto text = ReadFileText(dir / "debug.log");
    ASSERT_TRUE(text.ok());
    EXPECT_NE(text->find("incorrect password attempt from 10.1.2.3:4444"), std::string::npos) << *text;
    EXPECT_EQ(text->find("wrong-password-xyz"), std::string::npos);
    EXPECT_EQ(text->find(EncodeBase64("user:wrong-password-xyz")), std::string::npos);
}

}  // namespace
}  // namespace ocean
