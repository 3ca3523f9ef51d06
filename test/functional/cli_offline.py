#!/usr/bin/env python3
"""Functional test of ocean-cli without oceand (rpc.md §3): usage and option errors, data directory and
config-file handling, parameter conversion errors, transport errors, and the output and exit status
for every kind of reply, using a small fake JSON-RPC server (Python standard library only)."""
import argparse
import base64
import http.server
import json
import os
import socket
import subprocess
import tempfile
import threading
import time

from test_framework.ports import reserve_port

failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print("ok   " + what)
    else:
        failures += 1
        print("FAIL " + what + (("\n     " + detail) if detail else ""))


class Cli:
    def __init__(self, path, datadir):
        self.path = path
        self.datadir = datadir

    def run(self, *args, stdin=None, datadir=True, timeout=30):
        argv = [self.path] + (["-datadir=" + self.datadir] if datadir else []) + list(args)
        p = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr


class FakeServer:
    """Answers each POST with the next canned (status, body) reply and records the requests."""

    def __init__(self, port=0):
        self.replies = []
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                outer.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, reply = outer.replies.pop(0) if outer.replies else (500, "")
                data = reply.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def reply(self, status, obj):
        self.replies.append((status, obj if isinstance(obj, str) else json.dumps(obj) + "\n"))

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port():
    return reserve_port()


def offline_checks(cli, datadir):
    rc, out, err = cli.run(datadir=False)
    check(rc == 1 and "Usage:" in out and err == "Error: too few parameters\n", "no arguments: usage and too few")
    for opt in ("-?", "-h", "-help", "--help"):
        rc, out, err = cli.run(opt)
        check(rc == 0 and "Usage:" in out and "ocean-cli [options] <command> [params]" in out and err == "",
              opt + " prints usage, exit 0")
    rc, out, err = cli.run("-version")
    check(rc == 0 and "RPC client version" in out and "Usage:" not in out, "-version prints the version only")

    rc, out, err = cli.run("-testnet", "getinfo")
    check(rc == 1 and err == "Error: Invalid option -testnet: try -chain=elementsregtest instead.\n", "-testnet rejected",
          err)
    rc, out, err = cli.run("-rpcssl", "getinfo")
    check(rc == 1 and err == "Error: SSL mode for RPC (-rpcssl) is no longer supported.\n", "-rpcssl rejected", err)
    rc, out, err = cli.run("-rpcssl=0", "-rpcport=%d" % free_port(), "-rpcpassword=x", "getinfo")
    check(rc == 1 and "couldn't connect to server" in err, "-rpcssl=0 accepted", err)

    for arg, name in (("-bogus", "-bogus"), ("-nobogus=1", "-bogus"), ("--bogus", "-bogus"), ("-privdb", "-privdb")):
        rc, out, err = cli.run(arg, "getinfo")
        check(rc == 1 and "Argument %s not recognised." % name in err, "unknown option " + arg, err)
    rc, out, err = cli.run("-bogus", datadir=False)
    check(rc == 1 and "Argument -bogus not recognised." in err and "Usage:" not in out, "unknown option before usage")
    # Option parsing stops at the command: later words are parameters.
    rc, out, err = cli.run("-rpcport=%d" % free_port(), "-rpcpassword=x", "echo", "-bogus")
    check(rc == 1 and "not recognised" not in err and "couldn't connect" in err, "words after the command are params")

    missing = os.path.join(datadir, "does-not-exist")
    rc, out, err = cli.run("-datadir=" + missing, "getinfo", datadir=False)
    check(rc == 1 and err == 'Error: Specified data directory "%s" does not exist.\n' % missing, "bad -datadir", err)

    conf = os.path.join(datadir, "bad.conf")
    with open(conf, "w") as f:
        f.write("rpcuser=u\nbogus=1\n")
    rc, out, err = cli.run("-conf=bad.conf", "getinfo")
    check(rc == 1 and "Config parameter bogus not recognised." in err, "unknown config parameter", err)
    with open(conf, "w") as f:
        f.write("[main]\nrpcport=1\n")
    rc, out, err = cli.run("-conf=bad.conf", "getinfo")
    check(rc == 1 and "Config parameter main.rpcport not recognised." in err, "config sections rejected", err)
    with open(conf, "w") as f:
        f.write("testnet=1\n")
    rc, out, err = cli.run("-conf=" + conf, "getinfo")
    check(rc == 1 and "Invalid option -testnet" in err, "-testnet in the config file rejected", err)

    # No password and no cookie.
    rc, out, err = cli.run("getinfo")
    expected = ("error: Could not locate RPC credentials. No authentication cookie could be found, and no rpcpassword"
                " is set in the configuration file (%s)\n" % os.path.join(datadir, "ocean.conf"))
    check(rc == 1 and err == expected, "missing cookie", err)

    port = free_port()
    rc, out, err = cli.run("-rpcport=%d" % port, "-rpcpassword=x", "getinfo")
    lines = err.split("\n")
    check(rc == 1 and lines[0].startswith("error: couldn't connect to server: ") and lines[0].endswith(")")
          and "(code " in lines[0]
          and lines[1] == "(make sure server is running and you are connecting to the correct RPC port)",
          "couldn't connect: message, hint, exit 1", err)

    rc, out, err = cli.run("-rpcport=%d" % port, "-rpcpassword=x", "getblockhash", "abc")
    check(rc == 1 and err == "error: Error parsing JSON:abc\n", "Error parsing JSON", err)
    rc, out, err = cli.run("-rpcport=%d" % port, "-rpcpassword=x", "getblockhash", "1,2")
    check(rc == 1 and err == "error: Error parsing JSON:1,2\n", "two values are not one", err)
    rc, out, err = cli.run("-rpcport=%d" % port, "-rpcpassword=x", "-named", "getblock", "blockhash")
    check(rc == 1 and err == "error: No '=' in named argument 'blockhash', this needs to be present for every "
          "argument (even if it is empty)\n", "-named without '='", err)
    rc, out, err = cli.run("-rpcport=%d" % port, "-rpcpassword=x", "-named", "getblock", "verbosity=x")
    check(rc == 1 and err == "error: Error parsing JSON:x\n", "-named bad JSON", err)
    rc, out, err = cli.run("-rpcport=%d" % port, "-rpcpassword=x")
    check(rc == 1 and err == "error: too few parameters (need at least command)\n", "options but no command", err)


def server_checks(cli, datadir):
    srv = FakeServer()
    try:
        base = ["-rpcport=%d" % srv.port, "-rpcuser=alice", "-rpcpassword=secret"]

        srv.reply(200, {"result": {"b": 1, "a": [1, "x"], "c": {}}, "error": None, "id": 1})
        rc, out, err = cli.run(*base, "getblock", "00ab", "1")
        req = srv.requests[-1]
        check(req["path"] == "/" and req["body"] == '{"method":"getblock","params":["00ab",1],"id":1}\n',
              "request body", req["body"])
        auth = "Basic " + base64.b64encode(b"alice:secret").decode()
        check(req["headers"].get("Authorization") == auth and req["headers"].get("Connection") == "close"
              and req["headers"].get("Host") == "127.0.0.1", "request headers", str(req["headers"]))
        check(rc == 0 and out == '{\n  "b": 1,\n  "a": [\n    1,\n    "x"\n  ],\n  "c": {}\n}\n' and err == "",
              "object result pretty-printed with 2 spaces", out)

        srv.reply(200, {"result": "some text", "error": None, "id": 1})
        rc, out, err = cli.run(*base, "getbestblockhash")
        check(rc == 0 and out == "some text\n", "string result printed raw", out)

        srv.reply(200, {"result": None, "error": None, "id": 1})
        rc, out, err = cli.run(*base, "stop")
        check(rc == 0 and out == "" and err == "", "null result prints nothing")

        # Numbers come back as the server wrote them: amounts keep their eight decimals.
        srv.reply(200, '{"result":{"amount":1.00000000,"neg":-0.50000000,"f":1.5,"e":1e-05,"n":-3},"error":null,"id":1}')
        rc, out, err = cli.run(*base, "getbalance")
        check(rc == 0 and out == '{\n  "amount": 1.00000000,\n  "neg": -0.50000000,\n  "f": 1.5,\n  "e": 1e-05,\n'
              '  "n": -3\n}\n', "numbers printed as written", out)
        srv.reply(200, '{"result":21000000.00000000,"error":null,"id":1}')
        rc, out, err = cli.run(*base, "getbalance")
        check(rc == 0 and out == "21000000.00000000\n", "amount result", out)

        srv.reply(200, {"result": 5, "error": None, "id": 1})
        rc, out, err = cli.run(*base, "getblockcount")
        check(rc == 0 and out == "5\n", "number result")

        srv.reply(500, {"result": None, "error": {"code": -8, "message": "Block height out of range"}, "id": 1})
        rc, out, err = cli.run(*base, "getblockhash", "99")
        check(rc == 8 and out == "" and err == "error code: -8\nerror message:\nBlock height out of range\n",
              "error reply: stderr and exit |code|", err)

        srv.reply(404, {"result": None, "error": {"code": -32601, "message": "Method not found"}, "id": 1})
        rc, out, err = cli.run(*base, "nosuchmethod")
        check(rc == 32601 % 256 and err == "error code: -32601\nerror message:\nMethod not found\n",
              "-32601: exit status truncated to 8 bits", "rc=%d %s" % (rc, err))

        srv.reply(401, "")
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 1 and err == "error: incorrect rpcuser or rpcpassword (authorization failed)\n", "401", err)

        srv.reply(403, "")
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 1 and err == "error: server returned HTTP error 403\n", "403", err)

        srv.reply(503, "<html>busy</html>")
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 1 and err == "error: server returned HTTP error 503\n", "503", err)

        srv.reply(200, "")
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 1 and err == "error: no response from server\n", "empty body", err)

        srv.reply(200, "not json")
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 1 and err == "error: couldn't parse reply from server\n", "unparsable body", err)

        srv.reply(500, "Work queue depth exceeded")
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 1 and err == "error: couldn't parse reply from server\n", "500 with a text body", err)

        # Named mode sends an object.
        srv.reply(200, {"result": None, "error": None, "id": 1})
        rc, out, err = cli.run(*base, "-named", "getblock", "blockhash=00ab", "verbosity=2")
        check(srv.requests[-1]["body"] == '{"method":"getblock","params":{"blockhash":"00ab","verbosity":2},"id":1}\n',
              "-named request body", srv.requests[-1]["body"])

        # -stdin appends one parameter per line.
        srv.reply(200, {"result": None, "error": None, "id": 1})
        rc, out, err = cli.run(*base, "-stdin", "walletpassphrase", stdin="pass phrase\n60\n")
        check(srv.requests[-1]["body"] == '{"method":"walletpassphrase","params":["pass phrase",60],"id":1}\n',
              "-stdin parameters", srv.requests[-1]["body"])

        # -rpcwait retries while the server is warming up.
        srv.reply(500, {"result": None, "error": {"code": -28, "message": "Loading block index..."}, "id": 1})
        srv.reply(200, {"result": "ready", "error": None, "id": 1})
        before = len(srv.requests)
        rc, out, err = cli.run(*base, "-rpcwait", "getinfo")
        check(rc == 0 and out == "ready\n" and len(srv.requests) == before + 2, "-rpcwait retries on -28")
        srv.reply(500, {"result": None, "error": {"code": -28, "message": "Loading block index..."}, "id": 1})
        rc, out, err = cli.run(*base, "getinfo")
        check(rc == 28 and "Loading block index..." in err, "-28 without -rpcwait")

        # Cookie authentication from <datadir>/<chain>/.cookie, and the config file's options.
        chaindir = os.path.join(datadir, "elementsregtest")
        os.makedirs(chaindir, exist_ok=True)
        with open(os.path.join(chaindir, ".cookie"), "w") as f:
            f.write("__cookie__:abcdef")
        with open(os.path.join(datadir, "ocean.conf"), "w") as f:
            f.write("# test\nrpcport=%d\nregtest=1\n" % srv.port)
        srv.reply(200, {"result": None, "error": None, "id": 1})
        rc, out, err = cli.run("getinfo")
        auth = "Basic " + base64.b64encode(b"__cookie__:abcdef").decode()
        check(rc == 0 and srv.requests[-1]["headers"].get("Authorization") == auth, "cookie and config file", err)
        os.remove(os.path.join(datadir, "ocean.conf"))
    finally:
        srv.close()


def wait_and_timeout_checks(cli):
    # -rpcwait retries every second while nothing listens, until the server comes up.
    port = free_port()
    p = subprocess.Popen([cli.path, "-datadir=" + cli.datadir, "-rpcport=%d" % port, "-rpcpassword=x", "-rpcwait",
                          "getblockcount"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    srv = FakeServer(port)
    try:
        srv.reply(200, {"result": 7, "error": None, "id": 1})
        out, err = p.communicate(timeout=30)
        check(p.returncode == 0 and out == "7\n", "-rpcwait waits for the server to listen", err)
    finally:
        srv.close()

    # -rpcclienttimeout bounds the wait for a reply.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        start = time.monotonic()
        rc, out, err = cli.run("-rpcport=%d" % listener.getsockname()[1], "-rpcpassword=x", "-rpcclienttimeout=1",
                               "getinfo")
        took = time.monotonic() - start
        check(rc == 1 and err.startswith("error: couldn't connect to server: ") and took < 10,
              "-rpcclienttimeout=1 gives up", err)
    finally:
        listener.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ocean_cli_") as datadir:
        cli = Cli(a.cli, datadir)
        offline_checks(cli, datadir)
        server_checks(cli, datadir)
        wait_and_timeout_checks(cli)
    if failures:
        print("%d check(s) failed" % failures)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
