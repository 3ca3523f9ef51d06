#!/usr/bin/env python3
"""Transaction relay between oceand processes and raw-socket peers (../shared/spec/p2p.md §5).

Three nodes in a line, node2 -> node1 -> node0, on a dev chain whose genesis free coins are
anyone-can-spend (OP_TRUE):
  * a transaction submitted with sendrawtransaction on node0 reaches node2's mempool through node1
    (inv -> getdata -> tx, trickled), and so do a parent and its child; a block mined on node0 clears
    every pool;
  * a raw peer on node2 receives node2's feefilter (0: nothing trimmed), announces a transaction that
    node2 then fetches, sends an orphan (node2 asks for the parent, and accepts both once it has it),
    a conflicting double spend (reject 0x12, no penalty) and an invalid one (reject 0x10, +100 and
    disconnected);
  * a second raw peer receives announcements, fetches them with getdata (notfound for unknown ids),
    and with a high feefilter is not told about cheap transactions;
  * the mempool message is answered for a whitelisted peer (an inv of the pool);
  * a -blocksonly node declares relay=0, ignores transactions and relays none.
"""
import time
from decimal import Decimal

from test_framework.p2p import (
    MSG_TX,
    MSG_WITNESS_TX,
    P2PConnection,
    REJECT_DUPLICATE,
    REJECT_INVALID,
    decode_feefilter,
    decode_inv,
    decode_reject,
    feefilter_payload,
    hash_to_hex,
    hex_to_hash,
)
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, wait_until

OP_TRUE_P2SH_SCRIPTSIG = "0151"  # push of the redeem script OP_TRUE


class TxRelayTest(OceanTestFramework):
    num_nodes = 3

    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "debug=mempool"]

    # --- transactions ---------------------------------------------------------------------------------
    def free_coins(self, node):
        genesis = node.getblock(node.getblockhash(0), 2)
        coins = []
        for tx in genesis["tx"]:
            for out in tx["vout"]:
                if out["scriptPubKey"]["hex"] == "51" and out.get("value", 0) > 0:
                    coins.append((tx["txid"], out["n"], Decimal(out["value"])))
        return coins

    def spend(self, node, inputs, value, fee, script_sig=""):
        """A raw tx spending `inputs` [(txid, n)] to one P2SH(OP_TRUE) output of value - fee (plus a fee output)."""
        hexstr = node.createrawtransaction([{"txid": t, "vout": n} for t, n in inputs],
                                           {self.p2sh: value - fee, "fee": fee})
        if script_sig:
            for txid, n in inputs:
                outpoint = bytes.fromhex(txid)[::-1].hex() + n.to_bytes(4, "little").hex()
                pos = hexstr.index(outpoint) + len(outpoint)
                assert_equal(hexstr[pos:pos + 2], "00")
                hexstr = hexstr[:pos] + "%02x" % (len(script_sig) // 2) + script_sig + hexstr[pos + 2:]
        return hexstr

    def txid_of(self, node, hexstr):
        return node.decoderawtransaction(hexstr)["txid"]

    def in_pool(self, node, txid):
        return txid in node.getrawmempool()

    # --- raw peers ------------------------------------------------------------------------------------
    def raw_peer(self, node, relay=True):
        p = P2PConnection()
        p.connect(port=node.p2pport)
        p.handshake(relay=relay)
        p.sync_with_ping()  # the node has processed our verack: relays now include us
        return p

    def wait_for_inv(self, peer, txid, timeout=60):
        want = hex_to_hash(txid)
        peer.wait_for("inv", timeout, predicate=lambda pl: any(h == want for _, h in decode_inv(pl)))

    def run_test(self):
        n0, n1, n2 = self.nodes
        self.p2sh = n0.decodescript("51")["p2sh"]
        coins = self.free_coins(n0)
        assert len(coins) >= 8, coins
        n1.connect_to(n0)
        n2.connect_to(n1)
        n0.generate(1)
        self.sync_blocks()

        self.log("sendrawtransaction on node0 reaches node2 through node1")
        raw = self.spend(n0, [coins[0][:2]], coins[0][2], Decimal("0.001"))
        t = time.time()
        txid = n0.sendrawtransaction(raw)
        wait_until(lambda: self.in_pool(n2, txid), timeout=90, what="tx relayed to node2")
        self.log("  two hops in %.1fs" % (time.time() - t))
        assert self.in_pool(n1, txid)
        assert_equal(n2.getmempoolentry(txid)["fee"], Decimal("0.001"))

        self.log("a parent and its child both arrive (parents are announced first)")
        parent_raw = self.spend(n0, [coins[1][:2]], coins[1][2], Decimal("0.001"))
        parent = n0.sendrawtransaction(parent_raw)
        child = n0.sendrawtransaction(self.spend(n0, [(parent, 0)], coins[1][2] - Decimal("0.001"),
                                                 Decimal("0.001"), script_sig=OP_TRUE_P2SH_SCRIPTSIG))
        wait_until(lambda: self.in_pool(n2, parent) and self.in_pool(n2, child), timeout=90,
                   what="parent and child relayed")
        assert_equal(n2.getmempoolentry(child)["depends"], [parent])

        self.log("a block mined on node0 clears every pool")
        n0.generate(1)
        self.sync_blocks()
        for n in self.nodes:
            assert_equal(n.getrawmempool(), [])

        self.log("raw peer on node2: feefilter, announcement, orphan, double spend, invalid")
        p = self.raw_peer(n2)
        sent = [pl for c, pl in p.messages if c == "feefilter"]  # may have come during the handshake's ping
        assert_equal(decode_feefilter(sent[0] if sent else p.wait_for("feefilter", 30)), 0)
        # An announced transaction is fetched (witness form: we advertise NODE_WITNESS).
        announced_raw = self.spend(n2, [coins[2][:2]], coins[2][2], Decimal("0.001"))
        announced = self.txid_of(n2, announced_raw)
        p.send_inv([(MSG_TX, announced)])
        got = decode_inv(p.wait_for("getdata", 30))
        assert_equal(got, [(MSG_WITNESS_TX, hex_to_hash(announced))])
        p.send_tx(announced_raw)
        p.sync_with_ping()
        assert self.in_pool(n2, announced)
        wait_until(lambda: self.in_pool(n0, announced), timeout=90, what="peer's tx relayed on to node0")

        # An orphan: the child comes first; node2 asks the sender for the parent.
        orphan_parent_raw = self.spend(n2, [coins[3][:2]], coins[3][2], Decimal("0.001"))
        orphan_parent = self.txid_of(n2, orphan_parent_raw)
        orphan_raw = self.spend(n2, [(orphan_parent, 0)], coins[3][2] - Decimal("0.001"), Decimal("0.001"),
                                script_sig=OP_TRUE_P2SH_SCRIPTSIG)
        orphan = self.txid_of(n2, orphan_raw)
        p.send_tx(orphan_raw)
        got = decode_inv(p.wait_for("getdata", 30))
        assert_equal(got, [(MSG_WITNESS_TX, hex_to_hash(orphan_parent))])
        assert not self.in_pool(n2, orphan)
        p.send_tx(orphan_parent_raw)
        p.sync_with_ping()
        assert self.in_pool(n2, orphan_parent) and self.in_pool(n2, orphan)
        wait_until(lambda: self.in_pool(n0, orphan), timeout=90, what="accepted orphan relayed")

        # A double spend of the announced transaction: reject 0x12, no penalty.
        conflict_raw = self.spend(n2, [coins[2][:2]], coins[2][2], Decimal("0.002"))
        conflict = self.txid_of(n2, conflict_raw)
        p.send_tx(conflict_raw)
        r = decode_reject(p.wait_for("reject", 30))
        assert_equal((r["message"], r["code"], r["reason"]), ("tx", REJECT_DUPLICATE, "txn-mempool-conflict"))
        assert_equal(hash_to_hex(r["hash"]), conflict)
        assert p.is_connected(0.5)
        scores = [x["banscore"] for x in n2.getpeerinfo() if x["inbound"]]
        assert_equal(scores, [0])

        # An invalid transaction (the same input twice): reject 0x10, +100, disconnected.
        invalid_raw = self.spend(n2, [coins[4][:2], coins[4][:2]], coins[4][2], Decimal("0.001"))
        p.send_tx(invalid_raw)
        r = decode_reject(p.wait_for("reject", 30))
        assert_equal((r["message"], r["code"], r["reason"]), ("tx", REJECT_INVALID, "bad-txns-inputs-duplicate"))
        assert p.wait_for_disconnect(10)
        assert not self.in_pool(n2, self.txid_of(n2, invalid_raw))

        self.log("a second raw peer: announcements, getdata, notfound, feefilter")
        q = self.raw_peer(n2)
        fresh_raw = self.spend(n2, [coins[5][:2]], coins[5][2], Decimal("0.001"))
        fresh = n2.sendrawtransaction(fresh_raw)
        self.wait_for_inv(q, fresh)
        q.send_getdata([(MSG_TX, fresh), (MSG_TX, "ab" * 32)])
        tx_payload = q.wait_for("tx", 30)
        assert_equal(tx_payload.hex(), fresh_raw)
        notfound = decode_inv(q.wait_for("notfound", 30))
        assert_equal(notfound, [(MSG_TX, hex_to_hash("ab" * 32))])
        # With a feefilter of 1 coin per kB a 0.001 fee transaction is not announced; a rich one is.
        q.send_message("feefilter", feefilter_payload(100000000))
        q.sync_with_ping()
        cheap = n2.sendrawtransaction(self.spend(n2, [coins[6][:2]], coins[6][2], Decimal("0.001")))
        rich = n2.sendrawtransaction(self.spend(n2, [coins[7][:2]], coins[7][2], Decimal("0.5")), True)
        self.wait_for_inv(q, rich)
        announced_to_q = {h for c, pl in q.messages if c == "inv" for _, h in decode_inv(pl)}
        assert hex_to_hash(cheap) not in announced_to_q, "a transaction below the peer's feefilter was announced"
        q.close()

        self.log("mempool message: answered for a whitelisted peer")
        n2.restart(["-whitelist=127.0.0.1"])
        n2.connect_to(n1)
        listed_raw = self.spend(n2, [(fresh, 0)], coins[5][2] - Decimal("0.001"), Decimal("0.001"),
                                script_sig=OP_TRUE_P2SH_SCRIPTSIG)
        if fresh not in n2.getrawmempool():
            n2.sendrawtransaction(fresh_raw)  # the pool is not kept across restarts without mempool.dat
        n2.sendrawtransaction(listed_raw)
        pool = set(n2.getrawmempool())
        w = self.raw_peer(n2)
        w.send_message("mempool")
        listed = set()
        deadline = time.time() + 30
        while not pool <= listed and time.time() < deadline:
            listed |= {hash_to_hex(h) for _, h in decode_inv(w.wait_for("inv", 30))}
        assert pool <= listed, (pool, listed)
        w.close()

        self.log("-blocksonly: relay=0 in the version, transactions ignored")
        n1.restart(["-blocksonly=1"])
        b = P2PConnection()
        b.connect(port=n1.p2pport)
        version = b.handshake(relay=True)
        assert_equal(version["relay"], False)
        # A transaction new to node1 (its pool may hold others, reloaded from mempool.dat).
        ignored_raw = self.spend(n1, [(rich, 0)], coins[7][2] - Decimal("0.5"), Decimal("0.001"),
                                 script_sig=OP_TRUE_P2SH_SCRIPTSIG)
        b.send_tx(ignored_raw)
        b.sync_with_ping()
        assert self.txid_of(n1, ignored_raw) not in n1.getrawmempool()
        b.close()


if __name__ == "__main__":
    TxRelayTest().main()
