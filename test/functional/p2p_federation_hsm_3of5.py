#!/usr/bin/env python3
"""In-node federated signing, 3-of-5, every key in its own SoftHSM2 token (doc/hsm.md), and one full node.

Each signer gets a token directory of its own under the test's temporary directory (SOFTHSM2_CONF set for
that oceand only, the PIN in a 0600 file), made with ocean-hsm (next to oceand) like contrib/federation.sh:
  * steady production at -blockinterval=1, every signer reporting its PKCS#11 key and "signing";
  * one signer killed with kill -9 while blocks are made: the four others go on; restarted, it opens
    its token again, catches up and signs again;
  * at the end all six nodes have the same tip and the same block at every height, one chain tip each,
    and no signer sent two different votes for one (height, round, kind) or signed two blocks at a height
    (signer messages collected from a raw P2P peer of the full node).
"""
import os

from test_framework.federation import (SOFTHSM_MODULE, SignerObserver, SoftHsmToken, check_no_equivocation,
                                       hsm_federation_conf)
from test_framework.test_framework import OceanTestFramework
from test_framework.util import TestFailure, assert_equal, assert_true, wait_until

N, M = 5, 3


class FederationHsm3of5Test(OceanTestFramework):
    num_nodes = 0  # made in run_test, once the tokens exist

    def wait_blocks(self, nodes, more, timeout=60):
        start = max(n.getblockcount() for n in nodes)
        wait_until(lambda: all(n.getblockcount() >= start + more for n in nodes), timeout=timeout,
                   what="%d more blocks on %d nodes" % (more, len(nodes)))

    def connect(self, node):
        for other in self.nodes:
            if other is not node and other.process is not None:
                node.connect_to(other)

    def run_test(self):
        if not os.path.exists(SOFTHSM_MODULE):
            raise TestFailure("SoftHSM2 is not installed (%s missing): contrib/install-deps.sh" % SOFTHSM_MODULE)
        ocean_hsm = os.path.join(os.path.dirname(os.path.abspath(self.options.oceand)), "ocean-hsm")
        assert_true(os.access(ocean_hsm, os.X_OK), "ocean-hsm not found next to oceand: %s" % ocean_hsm)
        tokens = [SoftHsmToken(ocean_hsm, self.tmpdir, "signer%d" % i) for i in range(N)]
        assert_equal(len({t.pubkey for t in tokens}), N)
        for i in range(N + 1):
            node = self.add_node(hsm_federation_conf(tokens, i, M) + ["blockinterval=1", "signertimeout=1500"])
            if i < N:
                node.env = tokens[i].env
        for node in self.nodes:
            node.start()
        signers, full = self.nodes[:N], self.nodes[N]
        for i, a in enumerate(self.nodes):
            for b in self.nodes[i + 1:]:
                a.connect_to(b)
        observer = SignerObserver(full)
        try:
            self.scenario(signers, full)
        finally:
            observer.close()
        messages = [m for _, m in observer.snapshot()[0]]
        sigs = check_no_equivocation(messages, M)
        self.log("%d signer messages seen by the full node, %d distinct signatures, no equivocation" %
                 (len(messages), sigs))

    def scenario(self, signers, full):
        self.log("steady production, five SoftHSM2 signers")
        self.wait_blocks(self.nodes, 8)
        self.sync_blocks()
        for i, s in enumerate(signers):
            info = s.getsignerinfo()
            assert_equal((info["index"], info["status"], info["required"], info["signers"]), (i, "signing", M, N))
            assert_true("signer%d" % i in info["key"], "signer%d's key description: %r" % (i, info["key"]))

        self.log("a signer killed with kill -9 while blocks are made: the others go on")
        victim = signers[2]
        wait_until(lambda: victim.getsignerinfo()["signatures"] > 0, timeout=30, what="a signature by signer2")
        victim.kill()
        live = [n for n in self.nodes if n is not victim]
        self.wait_blocks(live, 4)

        self.log("restarted: it opens its token again, catches up and signs again")
        victim.start()
        self.connect(victim)
        signed = victim.getsignerinfo()["signatures"]
        self.wait_blocks(self.nodes, 4)
        wait_until(lambda: victim.getsignerinfo()["signatures"] > signed, timeout=30, what="signer2 signing again")
        self.sync_blocks()

        self.log("one chain everywhere")
        tip = full.getblockcount()
        for height in range(1, tip + 1):
            assert_equal(len({n.getblockhash(height) for n in self.nodes}), 1)
        for n in self.nodes:
            assert_equal([t["status"] for t in n.getchaintips()], ["active"])
        lat = [s.getsignerinfo()["latency"] for s in signers]
        self.log("%d blocks; proposal to connected block per signer: %s" % (tip, ", ".join(
            "median %.0f ms p99 %.0f ms (n=%d)" % (x["median_ms"], x["p99_ms"], x["samples"]) for x in lat)))


if __name__ == "__main__":
    FederationHsm3of5Test().main()
