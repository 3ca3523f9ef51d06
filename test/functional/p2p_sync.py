#!/usr/bin/env python3
"""Block synchronisation between oceand processes over P2P on 127.0.0.1.

Five nodes: node0 mines a chain of a few thousand blocks; node1 and node2 sync it from node0 (headers
first, 2000 headers per message, then parallel block download); node3 joins late and syncs from node1
and node2 only; two groups mine competing branches while apart and the longer one wins everywhere when
they meet again; node4 is killed (SIGKILL) in the middle of its initial sync and finishes it after a
restart. Every node ends with the same tip, and getpeerinfo/getchaintips agree."""
import time

from test_framework.p2p import MSG_BLOCK, P2PConnection, decode_inv, hex_to_hash
from test_framework.test_framework import OceanTestFramework
from test_framework.util import TestFailure, assert_equal, wait_until

CHAIN_LENGTH = 2500


class P2PSyncTest(OceanTestFramework):
    num_nodes = 5

    def extra_conf(self, index):
        return ["debug=net"] if index == 4 else []

    def generate(self, node, n):
        hashes = []
        while n > 0:
            step = min(n, 500)
            hashes += node.generate(step)
            n -= step
        return hashes

    def run_test(self):
        n0, n1, n2, n3, n4 = self.nodes
        for n in self.nodes[1:]:
            n.stop()

        t = time.time()
        self.generate(n0, CHAIN_LENGTH)
        self.log("node0 mined %d blocks in %.1fs" % (CHAIN_LENGTH, time.time() - t))
        tip = n0.getbestblockhash()

        self.log("initial sync: node1 and node2 from node0")
        n1.start()
        n2.start()
        t = time.time()
        n1.connect_to(n0)
        n2.connect_to(n0)
        self.sync_blocks([n0, n1, n2], timeout=300)
        self.log("synced %d blocks in %.1fs" % (CHAIN_LENGTH, time.time() - t))
        assert_equal(n1.getblockcount(), CHAIN_LENGTH)
        assert_equal(n2.getbestblockhash(), tip)
        peer = [p for p in n1.getpeerinfo() if p["addr"] == n0.p2p_address][0]
        assert_equal(peer["synced_headers"], CHAIN_LENGTH)
        assert_equal(peer["inbound"], False)
        assert peer["bytesrecv"] > 0 and peer["bytessent"] > 0

        self.log("late joiner: node3 syncs from node1 and node2 only")
        n3.start()
        n3.connect_to(n1)
        n3.connect_to(n2)
        self.sync_blocks([n0, n3], timeout=300)
        assert_equal(len(n3.getpeerinfo()), 2)
        received = [p["bytesrecv_per_msg"].get("block", 0) for p in n3.getpeerinfo()]
        self.log("node3 block bytes per peer: %s" % received)
        assert all(r > 0 for r in received), "blocks should come from both peers: %s" % received

        self.log("new blocks propagate: node0 mines, everyone follows")
        new = self.generate(n0, 5)
        self.sync_blocks([n0, n1, n2, n3])
        assert_equal(n3.getbestblockhash(), new[-1])

        self.log("reorg: {node0} and {node1,node2,node3} mine apart, the longer branch wins")
        n0.setnetworkactive(False)
        wait_until(lambda: n0.getconnectioncount() == 0 and n1.getconnectioncount() == 1,
                   what="node0 isolated")
        fork_height = n0.getblockcount()
        # A clock ahead of the tip's time makes node0's blocks differ from node1's (same parent, same
        # coinbase); fast mining has already pushed block times ahead of the wall clock.
        tip_time = n0.getblockheader(n0.getbestblockhash())["time"]
        mock = max(int(time.time()), tip_time) + 60
        assert mock < time.time() + 7000, "blocks would be too far in the future"
        n0.setmocktime(mock)
        short = self.generate(n0, 3)
        n0.setmocktime(0)
        long_ = self.generate(n1, 6)
        self.sync_blocks([n1, n2, n3])
        assert_equal(n0.getbestblockhash(), short[-1])
        n0.setnetworkactive(True)
        n0.connect_to(n1)
        self.sync_blocks([n0, n1, n2, n3])
        assert_equal(n0.getbestblockhash(), long_[-1])
        assert_equal(n0.getblockcount(), fork_height + 6)
        tips = {t["hash"]: t for t in n0.getchaintips()}
        assert_equal(tips[short[-1]]["status"], "valid-fork")
        assert_equal(tips[short[-1]]["branchlen"], 3)

        self.log("node4 killed in the middle of its initial sync, then restarted")
        n4.start()
        n4.connect_to(n0)
        wait_until(lambda: n4.getblockcount() >= 300, timeout=300, what="node4 part way")
        n4.kill()
        height_at_kill = None
        n4.start()
        height_at_kill = n4.getblockcount()
        self.log("node4 restarted at height %d" % height_at_kill)
        if height_at_kill >= n0.getblockcount():
            raise TestFailure("node4 finished before it was killed; the test proves nothing")
        n4.connect_to(n0)
        self.sync_blocks([n0, n4], timeout=300)
        assert_equal(n4.getbestblockhash(), n0.getbestblockhash())
        assert_equal(n4.verifychain(4, 0), True)

        self.log("getblocks: an inv of the next 500 blocks after the locator's fork")
        with P2PConnection() as p:
            p.connect("127.0.0.1", n0.p2pport)
            p.handshake()
            p.send_getblocks([hex_to_hash(n0.getblockhash(100))], b"\0" * 32)
            invs = decode_inv(p.wait_for("inv", predicate=lambda payload: len(decode_inv(payload)) > 1))
            assert_equal(len(invs), 500)
            assert_equal([t for t, _ in invs], [MSG_BLOCK] * 500)
            assert_equal(invs[0][1], hex_to_hash(n0.getblockhash(101)))
            assert_equal(invs[-1][1], hex_to_hash(n0.getblockhash(600)))


if __name__ == "__main__":
    P2PSyncTest().main()
