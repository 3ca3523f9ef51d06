#!/usr/bin/env python3
"""A federated signer that dies right after a protocol step and restarts (doc/signing-protocol.md §3, §5).

A 2-of-3 federation with software keys (signers A, B, C) and one full node, -blockinterval=1. C is stopped,
so A and B are exactly M = 2 and every block needs both. B is restarted with the test-only option
-signertestcrashafter=<step>:<H>, which makes it persist its state, send its message and then end with
std::_Exit(1) at height H, for each step:
  * prepare: B's prepare left (a raw P2P peer of B received it), then B died; A cannot complete H alone;
  * commit:  B's commit left, then B died; A has a decision but only its own signature: H stalls;
  * sign:    B's signature left, then B died; A completes H with it.
B is restarted without the option. It must resume with its persisted vote: every prepare, commit and
signature it sends at H (collected from raw P2P peers of B and of the full node) names the block it had
voted for before dying, production continues, and the block at H is that block. At the end C is back and
all four nodes have the same tip, the same block at every height, no fork (getchaintips), and no signer
ever sent two different votes for one (height, round, kind) or signed two blocks at one height.
"""
import time

from test_framework import keys
from test_framework.federation import SignerObserver, check_no_equivocation
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_true, wait_until

SECRETS = [0x2111 + i for i in range(3)]
B_INDEX = 1


class FederationRestartTest(OceanTestFramework):
    num_nodes = 4  # nodes 0-2 sign (A, B, C), node 3 follows

    def extra_conf(self, index):
        return keys.federation_conf(self.tmpdir, index, SECRETS, 2) + ["blockinterval=1", "debug=net"]

    def wait_height(self, nodes, height, timeout=60):
        wait_until(lambda: all(n.getblockcount() >= height for n in nodes), timeout=timeout,
                   what="height %d on %d nodes" % (height, len(nodes)))

    def run_test(self):
        a, b, c, full = self.nodes
        for i, x in enumerate(self.nodes):
            for y in self.nodes[i + 1:]:
                x.connect_to(y)
        self.wait_height(self.nodes, 3)
        self.all_messages = []
        full_observer = SignerObserver(full)
        c.stop()
        try:
            for step in ("prepare", "commit", "sign"):
                self.crash_case(a, b, full, step)
        finally:
            full_observer.close()
        self.all_messages += [m for _, m in full_observer.snapshot()[0]]

        self.log("C back: one chain everywhere")
        c.start()
        for x in (a, b, full):
            c.connect_to(x)
        self.wait_height(self.nodes, a.getblockcount() + 3)
        self.sync_blocks()
        tip = full.getblockcount()
        for height in range(1, tip + 1):
            hashes = {n.getblockhash(height) for n in self.nodes}
            assert_equal(len(hashes), 1)
        for n in self.nodes:
            assert_equal([t["status"] for t in n.getchaintips()], ["active"])
        sigs = check_no_equivocation(self.all_messages, 2)
        self.log("%d signer messages checked (%d distinct signatures), chain of %d blocks identical on 4 "
                 "nodes" % (len(self.all_messages), sigs, tip))

    def crash_case(self, a, b, full, step):
        self.log("B dies right after its %s" % step)
        b.stop()
        crash_height = a.getblockcount() + 3
        b.start(["-signertestcrashafter=%s:%d" % (step, crash_height)])
        b.connect_to(a)
        b.connect_to(full)
        observer = SignerObserver(b)
        assert_equal(b.wait_for_crash(timeout=60), 1)
        time.sleep(0.2)
        observer.close()
        before = [m for _, m in observer.snapshot()[0]]
        self.all_messages += before
        assert_true("-signertestcrashafter: exiting abruptly at height %d" % crash_height in b.debug_log(),
                    "B's debug.log does not show the test crash")
        kind = {"prepare": "prepare", "commit": "commit", "sign": "sig"}[step]
        sent = [m for m in before if m["kind"] == kind and m["signer"] == B_INDEX and m["height"] == crash_height]
        assert_true(sent, "B's %s at height %d never left the process" % (step, crash_height))
        voted = sent[-1]["hash"]
        self.log("B sent its %s for %s at height %d round %s, then exited" %
                 (step, voted[:16], crash_height, sent[-1].get("round", "-")))

        if step in ("prepare", "commit"):
            time.sleep(2)
            assert_equal(a.getblockcount(), crash_height - 1)  # A alone cannot complete the height

        b.start()
        b.connect_to(a)
        b.connect_to(full)
        observer = SignerObserver(b)
        try:
            self.wait_height([a, b, full], crash_height + 2)
        finally:
            observer.close()
        after = [m for _, m in observer.snapshot()[0]]
        self.all_messages += after
        assert_equal(a.getblockhash(crash_height), voted)
        mine = [m for m in after if m["signer"] == B_INDEX and m["height"] == crash_height
                and m["kind"] in ("prepare", "commit", "sig")]
        for m in mine:
            assert_equal(m["hash"], voted)
        self.log("restarted B: %d messages of its own at height %d, all for the block it had voted for; "
                 "the chain is at %d" % (len(mine), crash_height, a.getblockcount()))


if __name__ == "__main__":
    FederationRestartTest().main()
