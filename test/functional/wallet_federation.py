#!/usr/bin/env python3
"""The wallet on a 2-of-3 federation (in-node signing, -blockinterval=1) plus a full node, driven through
ocean-cli: the full node (the issuer's admin node) issues an asset and pays a signer's wallet; the
payments confirm in federated blocks; a signer killed with kill -9 does not stop it; balances agree on
every node after a restart of the receiving signer, and each send appears exactly once on the chain.
"""
import json
from decimal import Decimal

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, wait_until

SECRETS = [0x2221 + i for i in range(3)]


class WalletFederationTest(OceanTestFramework):
    num_nodes = 4  # nodes 0-2 sign, node 3 is the full node with the issuer's wallet

    def extra_conf(self, index):
        return keys.federation_conf(self.tmpdir, index, SECRETS, 2) + [
            "blockinterval=1", "initialfreecoins=2100000000000000"]

    def cli(self, node, *args):
        out = node.cli(*[a if isinstance(a, str) else json.dumps(a, default=float) for a in args]).strip()
        try:
            return json.loads(out, parse_float=Decimal)
        except ValueError:
            return out

    def connect_all(self, nodes):
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                a.connect_to(b)

    def confirmed(self, node, txid, depth=1):
        try:
            return self.cli(node, "gettransaction", txid)["confirmations"] >= depth
        except Exception:
            return False

    def run_test(self):
        s0, s1, s2, full = self.nodes
        self.connect_all(self.nodes)
        wait_until(lambda: full.getblockcount() >= 2, timeout=90, what="federated blocks")

        self.log("issue an asset on the full node; it confirms in a federated block")
        issued = self.cli(full, "issueasset", "500", "1")
        asset = issued["asset"]
        wait_until(lambda: self.confirmed(full, issued["txid"]), timeout=90, what="issuance confirmed")

        self.log("pay a signer's wallet; confirmed by the federation")
        address = self.cli(s1, "getnewaddress")
        paid = self.cli(full, "sendtoaddress", address, "120", "", "", "false", asset)
        wait_until(lambda: self.confirmed(s1, paid), timeout=90, what="payment confirmed on the signer")
        assert_equal(Decimal(str(self.cli(s1, "getbalance", "", "1", "false", asset))), Decimal(120))

        self.log("a signer killed with kill -9 while payments go on: all of them confirm")
        s2.kill()
        txids = [self.cli(full, "sendtoaddress", address, "10", "", "", "false", asset) for _ in range(3)]
        wait_until(lambda: all(self.confirmed(s1, t) for t in txids), timeout=120, what="payments confirmed")
        s2.start()
        self.connect_all([s0, s1, s2])
        s2.connect_to(full)

        self.log("the receiving signer restarts with the same balance; every node has one chain")
        s1.stop()
        s1.start()
        self.connect_all([s0, s1, s2])
        s1.connect_to(full)
        wait_until(lambda: self.confirmed(s1, txids[-1], 2), timeout=120, what="signer back in step")
        assert_equal(Decimal(str(self.cli(s1, "getbalance", "", "1", "false", asset))), Decimal(150))
        assert_equal(Decimal(str(self.cli(full, "getbalance", "", "1", "false", asset))), Decimal(350))
        self.sync_blocks()
        for n in self.nodes:
            assert_equal(len([t for t in n.getchaintips() if t["status"] == "active"]), 1)
        blocks = {self.cli(full, "gettransaction", t)["blockhash"] for t in [paid] + txids}
        for b in blocks:
            assert_equal(s0.getblockheader(b)["confirmations"] >= 1, True)


if __name__ == "__main__":
    WalletFederationTest().main()
