#!/usr/bin/env python3
"""Ocean's fee rules at mempool acceptance (consensus.md §11.2, policy.md §9).

Node0 runs with -fixedtxfee=100000 (0.001 per transaction), node1 with the default (no fixed fee):
  * fixed fee: exactly 0.001 is accepted, more or less (or none) is "66: incorrect transaction fee";
    an all-burn transaction (only OP_RETURN outputs) needs no fee;
  * spam rule (only with a fixed fee): two outputs paying the same address with the same asset, or more
    than two OP_RETURN outputs next to a payment, are "66: split-outputs-spam";
  * without a fixed fee, a zero-fee transaction is accepted while the pool is not full (Ocean's static
    minimum relay fee check is unreachable), and getmempoolinfo reports a 0 mempool minimum.
"""
from decimal import Decimal

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc


class FeeRulesTest(OceanTestFramework):
    num_nodes = 2

    def extra_conf(self, index):
        conf = ["initialfreecoins=2100000000000000"]
        if index == 0:
            conf.append("fixedtxfee=100000")
        return conf

    def free_coins(self, node):
        genesis = node.getblock(node.getblockhash(0), 2)
        return [(tx["txid"], out["n"], Decimal(out["value"]), out["asset"])
                for tx in genesis["tx"] for out in tx["vout"]
                if out["scriptPubKey"]["hex"] == "51" and out.get("value", 0) > 0]

    def outputs(self, node, inputs, outs):
        return node.createrawtxoutputs([{"txid": t, "vout": n} for t, n, _, _ in inputs], outs)

    def run_test(self):
        n0, n1 = self.nodes
        p2sh = n0.decodescript("51")["p2sh"]
        coins = self.free_coins(n0)
        assert len(coins) >= 6, coins
        n0.generate(1)
        n1.generate(1)

        def pay(coin, fee, extra=()):
            txid, n, value, asset = coin
            outs = [{"address": p2sh, "amount": value - fee, "asset": asset}] + list(extra)
            if fee:
                outs.append({"address": "fee", "amount": fee, "asset": asset})
            return self.outputs(n0, [coin], outs)

        self.log("-fixedtxfee: the fee must be exactly 0.001")
        exact = n0.sendrawtransaction(pay(coins[0], Decimal("0.001")))
        assert exact in n0.getrawmempool()
        assert_raises_rpc(-26, "66: incorrect transaction fee", n0.sendrawtransaction,
                          pay(coins[1], Decimal("0.002")))
        assert_raises_rpc(-26, "66: incorrect transaction fee", n0.sendrawtransaction,
                          pay(coins[1], Decimal("0.0005")))
        assert_raises_rpc(-26, "66: incorrect transaction fee", n0.sendrawtransaction, pay(coins[1], Decimal(0)))

        self.log("an all-burn transaction needs no fee")
        txid, n, value, asset = coins[2]
        burn = self.outputs(n0, [coins[2]], [{"data": "00", "amount": value, "asset": asset}])
        assert n0.sendrawtransaction(burn) in n0.getrawmempool()

        self.log("split-outputs-spam with a fixed fee")
        txid, n, value, asset = coins[3]
        half = (value - Decimal("0.001")) / 2
        twice = self.outputs(n0, [coins[3]], [{"address": p2sh, "amount": half, "asset": asset},
                                              {"address": p2sh, "amount": half, "asset": asset},
                                              {"address": "fee", "amount": Decimal("0.001"), "asset": asset}])
        assert_raises_rpc(-26, "66: split-outputs-spam", n0.sendrawtransaction, twice)
        data = [{"data": "%02x" % i, "amount": 0, "asset": asset} for i in range(3)]
        assert_raises_rpc(-26, "66: split-outputs-spam", n0.sendrawtransaction,
                          pay(coins[3], Decimal("0.001"), data))

        self.log("no fixed fee: zero-fee transactions are accepted while the pool is not full")
        txid, n, value, asset = coins[4]
        free = n1.createrawtxoutputs([{"txid": txid, "vout": n}], [{"address": p2sh, "amount": value, "asset": asset}])
        assert n1.sendrawtransaction(free) in n1.getrawmempool()
        assert_equal(n1.getmempoolentry(n1.decoderawtransaction(free)["txid"])["fee"], Decimal(0))
        assert_equal(n1.getmempoolinfo()["mempoolminfee"], Decimal(0))


if __name__ == "__main__":
    FeeRulesTest().main()
