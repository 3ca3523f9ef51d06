#!/usr/bin/env python3
"""The JSON-RPC transport (rpc.md §2): authentication (cookie, -rpcuser/-rpcpassword, -rpcauth, 401 and
its header, the failed-attempt delay, cookie rotation at restart), HTTP statuses (404, 405, 400, 500),
request parsing errors, batches, named parameters, keep-alive, oversize bodies and deep nesting."""
import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import stat
import time

from test_framework.authproxy import JSONRPCException
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true


def rpcauth_line(user, password, salt):
    digest = hmac.new(salt.encode(), password.encode(), hashlib.sha256).hexdigest()
    return "rpcauth=%s:%s$%s" % (user, salt, digest)


class HttpTest(OceanTestFramework):
    def raw(self, node, body, auth=True, method="POST", path="/", headers=None):
        h = dict(headers or {})
        if auth:
            user, password = node.cookie()
            h["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        conn = http.client.HTTPConnection("127.0.0.1", node.rpcport, timeout=30)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        return r.status, hdrs, data

    def run_test(self):
        node = self.nodes[0]
        self.test_cookie(node)
        self.test_statuses(node)
        self.test_requests(node)
        self.test_batches_and_named(node)
        self.test_limits(node)
        self.test_credentials(node)

    def test_cookie(self, node):
        self.log("cookie file: 0600, format, removed at stop, rotated at restart")
        path = os.path.join(node.chaindir, ".cookie")
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert_equal(mode, 0o600)
        content = open(path).read()
        assert_true(content.startswith("__cookie__:") and len(content) == 11 + 64 and "\n" not in content, content)
        node.stop()
        assert_true(not os.path.exists(path), "cookie left behind")
        node.start()
        assert_true(open(path).read() != content, "cookie not rotated")
        # The old cookie no longer works.
        user, password = content.split(":", 1)
        assert_equal(node.rpc_with(user, password).post_raw("{}")[0], 401)

    def test_statuses(self, node):
        self.log("401 with WWW-Authenticate, delayed failure, 404, 405")
        status, hdrs, data = self.raw(node, '{"method":"getblockcount"}', auth=False)
        assert_equal(status, 401)
        assert_equal(hdrs.get("www-authenticate"), 'Basic realm="jsonrpc"')
        assert_equal(data, b"")
        start = time.time()
        status, _, _ = self.raw(node, "{}", auth=False, headers={"Authorization": "Basic " + base64.b64encode(b"__cookie__:wrong").decode()})
        assert_equal(status, 401)
        assert_true(time.time() - start >= 0.2, "failed login not delayed")
        status, _, _ = self.raw(node, "{}", auth=False, headers={"Authorization": "Bearer x"})
        assert_equal(status, 401)
        status, _, data = self.raw(node, '{"method":"getblockcount"}', path="/wallet")
        assert_equal(status, 404)
        status, _, data = self.raw(node, None, method="GET")
        assert_equal(status, 405)
        assert_equal(data, b"JSONRPC server handles only POST requests")

    def call_raw(self, node, body):
        status, hdrs, data = self.raw(node, body)
        assert_true(data.endswith(b"\n"), data)
        return status, hdrs, json.loads(data)

    def test_requests(self, node):
        self.log("request errors and their HTTP statuses")
        status, hdrs, reply = self.call_raw(node, '{"method":"getblockcount","id":7}')
        assert_equal(status, 200)
        assert_equal(hdrs["content-type"], "application/json")
        assert_equal(list(reply.keys()), ["result", "error", "id"])
        assert_equal(reply, {"result": 0, "error": None, "id": 7})
        cases = [
            ("{", 500, -32700, "Parse error"),
            ('"just a string"', 500, -32700, "Top-level object parse error"),
            ('{"id":1}', 400, -32600, "Missing method"),
            ('{"method":5,"id":1}', 400, -32600, "Method must be a string"),
            ('{"method":"getblockcount","params":5}', 400, -32600, "Params must be an array or object"),
            ('{"method":"nosuchmethod"}', 404, -32601, "Method not found"),
            ('{"method":"getblockhash","params":[]}', 500, -1, "getblockhash height"),
            ('{"method":"getblockhash","params":["x"]}', 500, -1, "JSON value is not an integer as expected"),
            ('{"method":"getblockhash","params":[99]}', 500, -8, "Block height out of range"),
        ]
        for body, want_status, code, message in cases:
            status, _, reply = self.call_raw(node, body)
            assert_equal(status, want_status)
            assert_equal(reply["error"]["code"], code)
            assert_true(message in reply["error"]["message"], (body, reply))
            assert_equal(reply["result"], None)
        # id echoed unchanged, any JSON type; jsonrpc member ignored.
        for ident in ['"abc"', "[1,2]", '{"x":1}', "null", "3.5"]:
            status, _, reply = self.call_raw(node, '{"jsonrpc":"2.0","method":"getblockcount","id":%s}' % ident)
            assert_equal(reply["id"], json.loads(ident))

    def test_batches_and_named(self, node):
        self.log("batches and named parameters")
        status, _, reply = self.call_raw(node, "[]")
        assert_equal((status, reply), (200, []))
        body = json.dumps([{"method": "getblockcount", "id": 1}, 5, {"method": "nosuch", "id": 3},
                           {"method": "getblockhash", "params": [0], "id": 4}])
        status, _, reply = self.call_raw(node, body)
        assert_equal(status, 200)
        assert_equal(reply[0], {"result": 0, "error": None, "id": 1})
        assert_equal(reply[1]["error"]["code"], -32600)
        assert_equal(reply[1]["error"]["message"], "Invalid Request object")
        assert_equal(reply[1]["id"], None)
        assert_equal(reply[2]["error"]["code"], -32601)
        assert_equal(reply[3]["result"], node.getbestblockhash())
        rpc = node.rpc
        assert_equal(rpc.call("getblockhash", height=0), node.getbestblockhash())
        assert_equal(rpc.call("getblock", blockhash=node.getbestblockhash(), verbosity=0)[:8], "01000000")
        assert_raises_rpc(-8, "Unknown named parameter foo", rpc.call, "getblockhash", foo=1)
        # A hole before a present name is filled with null.
        assert_equal(rpc.call("gettxout", txid="00" * 32, n=0), None)
        assert_raises_rpc(-8, "Unknown named parameter", rpc.call, "getbestblockhash", x=1)

    def test_limits(self, node):
        self.log("oversize body and deep nesting are refused; the server keeps serving")
        big = b'{"method":"echo","params":["' + b"a" * (33 * 1024 * 1024) + b'"]}'
        try:
            status, _, _ = self.raw(node, big)
            assert_true(status >= 400, "oversize body accepted (%d)" % status)
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            pass  # the server may close the connection while we are still sending
        status, _, reply = self.call_raw(node, "[" * 100000 + "]" * 100000)
        assert_equal(reply["error"]["code"], -32700)
        # Junk that is not HTTP at all.
        with socket.create_connection(("127.0.0.1", node.rpcport), timeout=10) as s:
            s.sendall(b"\x00\x01\x02garbage\r\n\r\n")
            s.settimeout(10)
            try:
                s.recv(1024)
            except (ConnectionResetError, socket.timeout):
                pass
        assert_equal(node.getblockcount(), 0)
        # Keep-alive: many calls over one connection.
        rpc = node.rpc_with(*node.cookie())
        for _ in range(200):
            rpc.getblockcount()
        rpc.close()
        assert_equal(node.echo(1, "two", [3]), [1, "two", [3]])

    def test_credentials(self, node):
        self.log("-rpcuser/-rpcpassword and -rpcauth")
        node.stop()
        conf = open(node.conf_path).read().splitlines()
        node.write_conf(conf + ["rpcuser=alice", "rpcpassword=secret-pw", rpcauth_line("bob", "bobs-pw", "c0ffee")])
        node.start(wait=False)
        from test_framework.util import wait_until
        from test_framework.authproxy import port_is_open
        wait_until(lambda: port_is_open("127.0.0.1", node.rpcport), what="RPC port")
        alice = node.rpc_with("alice", "secret-pw")
        wait_until(lambda: self.try_call(alice), what="RPC warm-up")
        assert_true(not os.path.exists(os.path.join(node.chaindir, ".cookie")), "cookie written despite rpcpassword")
        assert_equal(node.rpc_with("bob", "bobs-pw").getblockcount(), 0)
        assert_equal(node.rpc_with("bob", "wrong").post_raw("{}")[0], 401)
        assert_equal(node.rpc_with("alice", "secret-pw ").post_raw("{}")[0], 401)
        alice.stop()
        node.wait_for_exit()
        node.write_conf(conf)
        node.start()

    @staticmethod
    def try_call(rpc):
        try:
            rpc.getblockcount()
            return True
        except JSONRPCException as e:
            if e.code == -28:
                return False
            raise
        except OSError:
            return False


if __name__ == "__main__":
    HttpTest().main()
