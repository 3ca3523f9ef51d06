#!/usr/bin/env python3
"""Mempool RPCs on a dev chain whose genesis free coins are anyone-can-spend (OP_TRUE): a transaction
built with createrawtransaction is checked with testmempoolaccept, submitted with sendrawtransaction,
listed by getrawmempool/getmempoolinfo/getmempoolentry, chained (getmempoolancestors/descendants),
replaced (BIP125), rejected with Ocean's error codes, mined by generate (and removed from the pool), put
back into the pool when its block is invalidated, and dropped again when the block is reconsidered."""
from decimal import Decimal

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc

OP_TRUE_P2SH_SCRIPTSIG = "0151"  # push of the redeem script OP_TRUE


class MempoolTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000"]

    def free_coins(self, node):
        genesis = node.getblock(node.getblockhash(0), 2)
        coins = []
        for tx in genesis["tx"]:
            for out in tx["vout"]:
                if out["scriptPubKey"]["hex"] == "51" and out.get("value", 0) > 0:
                    coins.append((tx["txid"], out["n"], Decimal(out["value"])))
        return coins

    def spend(self, node, txid, n, value, fee, sequence=None, script_sig=""):
        """A raw tx spending (txid, n) to the P2SH of OP_TRUE, paying `fee`."""
        inp = {"txid": txid, "vout": n}
        if sequence is not None:
            inp["sequence"] = sequence
        hexstr = node.createrawtransaction([inp], {self.p2sh: value - fee, "fee": fee})
        if script_sig:
            # Put the scriptSig in: find the empty scriptSig (00) after the outpoint.
            tx = node.decoderawtransaction(hexstr)
            assert_equal(tx["vin"][0]["scriptSig"]["hex"], "")
            outpoint = bytes.fromhex(txid)[::-1].hex() + n.to_bytes(4, "little").hex()
            pos = hexstr.index(outpoint) + len(outpoint)
            assert_equal(hexstr[pos:pos + 2], "00")
            hexstr = hexstr[:pos] + "%02x" % (len(script_sig) // 2) + script_sig + hexstr[pos + 2:]
        return hexstr

    def run_test(self):
        node = self.nodes[0]
        self.p2sh = node.decodescript("51")["p2sh"]
        coins = self.free_coins(node)
        assert len(coins) >= 4, coins
        node.generate(1)

        self.log("testmempoolaccept and sendrawtransaction")
        txid0, n0, v0 = coins[0]
        raw = self.spend(node, txid0, n0, v0, Decimal("0.001"))
        res = node.testmempoolaccept(raw)
        assert_equal(res["allowed"], True)
        assert "reject-reason" not in res
        assert_equal(node.getmempoolinfo()["size"], 0)
        txid = node.sendrawtransaction(raw)
        assert_equal(res["txid"], txid)
        assert_equal(node.getrawmempool(), [txid])
        assert_equal(node.sendrawtransaction(raw), txid)  # already in the pool: same answer
        info = node.getmempoolinfo()
        assert_equal(info["size"], 1)
        assert info["bytes"] > 0 and info["usage"] > 0
        assert_equal(info["maxmempool"], 300 * 1024 * 1024)
        entry = node.getmempoolentry(txid)
        assert_equal(entry["fee"], Decimal("0.001"))
        assert_equal(entry["ancestorcount"], 1)
        assert_equal(entry["depends"], [])
        assert_equal(node.getrawmempool(True)[txid]["fee"], Decimal("0.001"))

        self.log("a child spending the unconfirmed P2SH(OP_TRUE) output")
        child_raw = self.spend(node, txid, 0, v0 - Decimal("0.001"), Decimal("0.002"),
                               script_sig=OP_TRUE_P2SH_SCRIPTSIG)
        child = node.sendrawtransaction(child_raw)
        assert_equal(node.getmempoolancestors(child), [txid])
        assert_equal(node.getmempooldescendants(txid), [child])
        assert_equal(node.getmempoolentry(child)["depends"], [txid])
        assert_equal(node.getmempoolentry(txid)["descendantcount"], 2)
        assert_equal(set(node.getmempoolancestors(child, True).keys()), {txid})

        self.log("getrawtransaction and gettxout see the mempool (no -txindex here)")
        assert_equal(node.getrawtransaction(child), child_raw)
        verbose = node.getrawtransaction(child, True)
        assert_equal(verbose["txid"], child)
        assert "blockhash" not in verbose and "confirmations" not in verbose
        out = node.gettxout(child, 0)
        assert_equal(out["confirmations"], 0)
        assert_equal(out["value"], v0 - Decimal("0.003"))
        assert_equal(out["coinbase"], False)
        assert_equal(node.gettxout(txid, 0), None)  # spent by the child in the pool
        assert_equal(node.gettxout(txid, 0, False), None)  # and not in the UTXO set either
        assert_equal(node.gettxout(txid0, n0), None)  # the chain coin spent by txid
        chain_coin = node.gettxout(txid0, n0, False)  # still unspent in the UTXO set
        assert_equal(chain_coin["value"], v0)
        assert chain_coin["confirmations"] >= 1
        assert_equal(node.gettxout(child, 0, False), None)

        self.log("errors: conflicts, missing inputs, bad hex, unknown txid")
        conflict = self.spend(node, txid0, n0, v0, Decimal("0.01"))
        assert_raises_rpc(-26, "18: txn-mempool-conflict", node.sendrawtransaction, conflict)
        res = node.testmempoolaccept(conflict)
        assert_equal(res["allowed"], False)
        assert_equal(res["reject-reason"], "18: txn-mempool-conflict")
        missing = self.spend(node, "11" * 32, 0, Decimal("1"), Decimal("0.001"))
        assert_raises_rpc(-25, "Missing inputs", node.sendrawtransaction, missing)
        assert_equal(node.testmempoolaccept(missing)["reject-reason"], "missing-inputs")
        assert_raises_rpc(-22, "TX decode failed", node.sendrawtransaction, "00zz")
        assert_raises_rpc(-5, "Transaction not in mempool", node.getmempoolentry, "22" * 32)
        high = self.spend(node, coins[1][0], coins[1][1], coins[1][2], Decimal("1"))
        assert_raises_rpc(-26, "absurdly-high-fee", node.sendrawtransaction, high)
        assert_equal(node.testmempoolaccept(high, True)["allowed"], True)

        self.log("BIP125: an opt-in transaction is replaced by a higher fee")
        txid2, n2, v2 = coins[2]
        opt_in = node.sendrawtransaction(self.spend(node, txid2, n2, v2, Decimal("0.001"), sequence=1))
        low = self.spend(node, txid2, n2, v2, Decimal("0.001"), sequence=2)
        assert_raises_rpc(-26, "66: insufficient fee", node.sendrawtransaction, low)
        replacement_raw = self.spend(node, txid2, n2, v2, Decimal("0.01"), sequence=2)
        replacement = node.sendrawtransaction(replacement_raw)
        pool = node.getrawmempool()
        assert opt_in not in pool and replacement in pool

        self.log("prioritisetransaction changes the modified fee")
        assert_equal(node.prioritisetransaction(replacement, 0, 5000), True)
        entry = node.getmempoolentry(replacement)
        assert_equal(entry["modifiedfee"], entry["fee"] + Decimal("0.00005"))

        self.log("generate mines the pool; invalidateblock puts the transactions back")
        hashes = node.generate(1)
        block = node.getblock(hashes[0])
        assert_equal(set(block["tx"][1:]), {txid, child, replacement})
        assert_equal(node.getrawmempool(), [])
        node.invalidateblock(hashes[0])
        assert_equal(set(node.getrawmempool()), {txid, child, replacement})
        node.reconsiderblock(hashes[0])
        assert_equal(node.getbestblockhash(), hashes[0])
        assert_equal(node.getrawmempool(), [])
        # Confirmed with an unspent output: -27. (A confirmed transaction whose outputs are all spent
        # looks like one with missing inputs, as in Ocean.)
        assert_raises_rpc(-27, "transaction already in block chain", node.sendrawtransaction, replacement_raw)
        assert_raises_rpc(-25, "Missing inputs", node.sendrawtransaction, raw)


if __name__ == "__main__":
    MempoolTest().main()
