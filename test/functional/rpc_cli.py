#!/usr/bin/env python3
"""ocean-cli against a running oceand (rpc.md §3): cookie discovery, output formats (raw strings,
2-space JSON, nothing for null), the conversion table, -named, -stdin, -rpcwait, -rpcuser/-rpcpassword,
errors on stderr with exit status |code|, and the transport error texts."""
import json
import os
import subprocess
import time

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_true, free_port


class CliTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "txindex=1"]

    def run_test(self):
        node = self.nodes[0]
        cli = node.cli
        self.log("output formats")
        assert_equal(cli("getblockcount"), "0\n")
        best = node.getbestblockhash()
        assert_equal(cli("getbestblockhash"), best + "\n")
        info = cli("getblockchaininfo")
        assert_true(info.startswith('{\n  "chain": "ocean_test",\n  "blocks": 0,'), info[:80])
        assert_equal(json.loads(info)["bestblockhash"], best)
        assert_equal(cli("preciousblock", best), "")  # null prints nothing

        self.log("conversion table, -named and -stdin")
        hashes = json.loads(cli("generate", "3"))
        assert_equal(len(hashes), 3)
        assert_equal(cli("getblockhash", "2"), hashes[1] + "\n")
        assert_equal(cli("-named", "getblockhash", "height=3"), hashes[2] + "\n")
        assert_equal(cli("-named", "getblock", "blockhash=" + hashes[0], "verbosity=0"),
                     node.getblock(hashes[0], 0) + "\n")
        assert_equal(cli("getblock", hashes[0], "false"), node.getblock(hashes[0], 0) + "\n")
        assert_equal(json.loads(cli("getblockheader", hashes[0], "true"))["height"], 1)
        assert_equal(cli("-stdin", "getblockhash", input="1\n"), hashes[0] + "\n")
        assert_equal(json.loads(cli("echojson", '{"a":[1,2]}', "true")), [{"a": [1, 2]}, True])
        assert_equal(json.loads(cli("echo", "1", "x")), ["1", "x"])

        self.log("errors: stderr, exit status |code|")
        code, out, err = cli("getblockhash", "99", check=False)
        assert_equal(code, 8)
        assert_equal(out, "")
        assert_equal(err, "error code: -8\nerror message:\nBlock height out of range\n")
        code, _, err = cli("nosuchmethod", check=False)
        assert_equal(code, 32601 & 0xFF)
        assert_true("error code: -32601" in err, err)
        code, _, err = cli("getblockhash", "notjson", check=False)
        assert_equal(code, 1)
        assert_true(err.startswith("error: Error parsing JSON:notjson"), err)
        code, _, err = cli("getblockhash", check=False)
        assert_equal(code, 1)
        assert_true("getblockhash height" in err, err)

        self.log("credentials and transport errors")
        code, _, err = cli("-rpcuser=x", "-rpcpassword=y", "getblockcount", check=False)
        assert_equal(code, 1)
        assert_true("incorrect rpcuser or rpcpassword (authorization failed)" in err, err)
        port = free_port()
        code, _, err = cli("-rpcport=%d" % port, "getblockcount", check=False)
        assert_equal(code, 1)
        assert_true(err.startswith("error: couldn't connect to server"), err)

        self.log("-rpcwait waits for a node that starts later")
        node.stop()
        waiter = subprocess.Popen([node.cli_path, "-datadir=" + node.datadir, "-rpcwait", "getblockcount"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert_true(waiter.poll() is None, "ocean-cli -rpcwait did not wait")
        node.start()
        out, err = waiter.communicate(timeout=60)
        assert_equal((waiter.returncode, out), (0, "3\n"))
        assert_equal(cli("stop"), "Ocean server stopping\n")
        node.wait_for_exit()


if __name__ == "__main__":
    CliTest().main()
