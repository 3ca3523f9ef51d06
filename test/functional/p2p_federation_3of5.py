#!/usr/bin/env python3
"""In-node federated signing with a 3-of-5 federation (doc/signing-protocol.md) and one full node.

  * steady production at -blockinterval=1;
  * the proposer of the next height is killed (kill -9) right away: a round timeout later another
    proposer's block is made;
  * N - M = 2 signers down: the remaining 3 keep producing;
  * a signer killed right after it signed, then restarted: it honours its persisted record and signs
    again at the next heights;
  * a partition: two signers cut off (setnetworkactive false) — the three others go on, the two make
    nothing — then healed: everyone converges on one chain;
  * at the end every node has one chain tip and no fork, and the latency figures are printed.
"""
import time

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, wait_until

SECRETS = [0x2222 + 7 * i for i in range(5)]


class Federation3of5Test(OceanTestFramework):
    num_nodes = 6  # nodes 0-4 sign, node 5 follows

    def extra_conf(self, index):
        return keys.federation_conf(self.tmpdir, index, SECRETS, 3) + ["blockinterval=1", "signertimeout=1500"]

    def live(self):
        return [n for n in self.nodes if n.process is not None]

    def connect(self, node):
        for other in self.live():
            if other is not node:
                node.connect_to(other)

    def wait_blocks(self, nodes, more, timeout=120):
        start = max(n.getblockcount() for n in nodes)
        wait_until(lambda: all(n.getblockcount() >= start + more for n in nodes), timeout=timeout,
                   what="%d more blocks on %d nodes" % (more, len(nodes)))

    def run_test(self):
        signers, full = self.nodes[:5], self.nodes[5]
        for i, a in enumerate(self.nodes):
            for b in self.nodes[i + 1:]:
                a.connect_to(b)

        self.log("steady production, five signers")
        self.wait_blocks(self.nodes, 8)
        self.sync_blocks()

        self.log("the next proposer killed before it can propose")
        h = full.getblockcount()
        victim = signers[(h + 1) % 5]
        victim.kill()
        self.wait_blocks(self.live(), 3)
        victim.start()
        self.connect(victim)
        self.sync_blocks(self.live())

        self.log("N - M = 2 signers down: three keep producing")
        down = [signers[0], signers[1]]
        for n in down:
            n.stop()
        self.wait_blocks(self.live(), 4)
        for n in down:
            n.start()
            self.connect(n)
        self.sync_blocks()

        self.log("a signer killed right after signing, then restarted")
        s = signers[2]
        before = s.getsignerinfo()["signatures"]
        wait_until(lambda: s.getsignerinfo()["signatures"] > before, timeout=60, what="a signature")
        s.kill()
        s.start()
        self.connect(s)
        after = s.getsignerinfo()["signatures"]
        self.wait_blocks(self.nodes, 3)
        wait_until(lambda: s.getsignerinfo()["signatures"] > after, timeout=60, what="signing again")

        self.log("partition: two signers cut off, then healed")
        cut = [signers[3], signers[4]]
        for n in cut:
            n.setnetworkactive(False)
        wait_until(lambda: all(n.getconnectioncount() == 0 for n in cut), what="isolated")
        h_cut = [n.getblockcount() for n in cut]
        self.wait_blocks(signers[:3] + [full], 4)
        time.sleep(2)
        assert_equal([n.getblockcount() for n in cut], h_cut)  # alone, fewer than M: nothing
        for n in cut:
            n.setnetworkactive(True)
        for n in cut:
            self.connect(n)
        self.sync_blocks()
        self.wait_blocks(self.nodes, 2)
        self.sync_blocks()

        self.log("one chain everywhere")
        for n in self.nodes:
            assert_equal([t["status"] for t in n.getchaintips()], ["active"])
        lat = [n.getsignerinfo()["latency"] for n in signers]
        self.log("proposal to connected block on each signer: %s" %
                 ", ".join("median %.0f ms p99 %.0f ms (n=%d)" % (x["median_ms"], x["p99_ms"], x["samples"])
                           for x in lat))


if __name__ == "__main__":
    Federation3of5Test().main()
