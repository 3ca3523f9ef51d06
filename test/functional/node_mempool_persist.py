#!/usr/bin/env python3
"""mempool.dat and the mempool package-limit options: an orderly restart keeps the pool (transactions,
entry times, prioritisation), -persistmempool=0 neither loads nor saves it, a kill -9 loses only what
was never saved and never damages the file, a corrupt or truncated file is logged and skipped (the node
still starts), and -limitancestorcount / -limitdescendantcount reject longer chains with
too-long-mempool-chain."""
import os
from decimal import Decimal

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true

OP_TRUE_P2SH_SCRIPTSIG = "0151"
FEE = Decimal("0.001")


class MempoolPersistTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000"]

    def free_coins(self, node):
        genesis = node.getblock(node.getblockhash(0), 2)
        return [(tx["txid"], out["n"], Decimal(out["value"])) for tx in genesis["tx"] for out in tx["vout"]
                if out["scriptPubKey"]["hex"] == "51" and out.get("value", 0) > 0]

    def spend(self, node, txid, n, value, script_sig=""):
        """A raw tx spending (txid, n) to the P2SH of OP_TRUE, paying FEE."""
        hexstr = node.createrawtransaction([{"txid": txid, "vout": n}], {self.p2sh: value - FEE, "fee": FEE})
        if script_sig:
            outpoint = bytes.fromhex(txid)[::-1].hex() + n.to_bytes(4, "little").hex()
            pos = hexstr.index(outpoint) + len(outpoint)
            hexstr = hexstr[:pos] + "%02x" % (len(script_sig) // 2) + script_sig + hexstr[pos + 2:]
        return hexstr

    def send_chain(self, node, coin, length):
        """`length` transactions, each spending the previous one; returns their txids."""
        txid, n, value = coin
        ids = []
        for i in range(length):
            txid = node.sendrawtransaction(self.spend(node, txid, n, value, OP_TRUE_P2SH_SCRIPTSIG if i else ""))
            ids.append(txid)
            n, value = 0, value - FEE
        return ids

    def mempool_file(self, node):
        return os.path.join(node.chaindir, "mempool.dat")

    def run_test(self):
        node = self.nodes[0]
        self.p2sh = node.decodescript("51")["p2sh"]
        coins = self.free_coins(node)
        node.generate(1)

        self.log("an orderly restart keeps the pool")
        ids = self.send_chain(node, coins.pop(), 3) + self.send_chain(node, coins.pop(), 1)
        assert_equal(node.prioritisetransaction(ids[1], 0, 12345), True)
        assert_equal(node.prioritisetransaction("ab" * 32, 0, 999), True)  # not in the pool
        before = node.getrawmempool(True)
        node.restart()
        assert_true(os.path.exists(self.mempool_file(node)))
        assert_true(not os.path.exists(self.mempool_file(node) + ".new"))
        after = node.getrawmempool(True)
        assert_equal(sorted(after), sorted(before))
        for txid in ids:
            for key in ["time", "fee", "modifiedfee", "ancestorcount", "depends"]:
                assert_equal(after[txid][key], before[txid][key])
        assert_equal(after[ids[1]]["modifiedfee"], after[ids[1]]["fee"] + Decimal("0.00012345"))
        assert_true("Imported mempool transactions from disk: 4 successes" in node.debug_log())

        self.log("-persistmempool=0 neither loads nor saves")
        node.restart(["-persistmempool=0"])
        assert_equal(node.getrawmempool(), [])
        extra = self.send_chain(node, coins.pop(), 1)
        node.restart()
        assert_equal(sorted(node.getrawmempool()), sorted(ids))  # the file of the first restart
        assert_true(extra[0] not in node.getrawmempool())

        self.log("kill -9: the saved file is untouched and loads")
        saved = open(self.mempool_file(node), "rb").read()
        self.send_chain(node, coins.pop(), 1)
        node.kill()
        assert_equal(open(self.mempool_file(node), "rb").read(), saved)
        node.start()
        assert_equal(sorted(node.getrawmempool()), sorted(ids))
        node.generate(1)  # mine them
        assert_equal(node.getrawmempool(), [])
        node.restart()  # saves an empty pool (deltas only)
        assert_equal(node.getrawmempool(), [])

        self.log("a corrupt or truncated mempool.dat is logged and skipped")
        more = self.send_chain(node, coins.pop(), 2)
        node.stop()
        whole = open(self.mempool_file(node), "rb").read()
        with open(self.mempool_file(node), "wb") as f:
            f.write(whole[:len(whole) - 100])  # inside the second transaction (41 bytes of deltas follow it)
        node.start()
        assert_equal(node.getrawmempool(), [more[0]])
        assert_true("Failed to load mempool.dat" in node.debug_log())
        node.stop()
        with open(self.mempool_file(node), "wb") as f:
            f.write(b"\x07" + b"\xff" * 100)
        node.start()
        assert_equal(node.getrawmempool(), [])
        assert_true("unknown mempool.dat version" in node.debug_log())
        node.stop()
        with open(self.mempool_file(node), "wb") as f:
            f.write(b"")
        node.start()
        assert_equal(node.getrawmempool(), [])

        self.log("package limits from the options")
        node.restart(["-limitancestorcount=3", "-limitdescendantcount=30"])
        coin = coins.pop()
        ids = self.send_chain(node, coin, 3)
        assert_equal(node.getmempoolentry(ids[-1])["ancestorcount"], 3)
        value = coin[2] - 3 * FEE
        assert_raises_rpc(-26, "64: too-long-mempool-chain",
                          node.sendrawtransaction, self.spend(node, ids[-1], 0, value, OP_TRUE_P2SH_SCRIPTSIG))
        node.restart(["-limitdescendantcount=2"])
        node.generate(1)
        coin = coins.pop()
        ids = self.send_chain(node, coin, 2)
        value = coin[2] - 2 * FEE
        assert_raises_rpc(-26, "64: too-long-mempool-chain",
                          node.sendrawtransaction, self.spend(node, ids[-1], 0, value, OP_TRUE_P2SH_SCRIPTSIG))
        node.stop()
        err = node.start_expect_failure(["-limitdescendantsize=20000"])
        assert_true("-maxmempool must be at least 800 MB" in err, err)
        node.start()


if __name__ == "__main__":
    MempoolPersistTest().main()
