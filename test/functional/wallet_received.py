#!/usr/bin/env python3
"""Wallet RPCs about what the wallet received and how its addresses are linked, on a dev chain whose
free coins pay a P2PKH key only node0 imports:

  listreceivedbyaccount (per account, per asset; minconf, include_empty, include_watchonly) next to
  listreceivedbyaddress; listaddressgroupings (inputs spent together and their change in one group,
  amounts = unspent outputs of every asset added up, labels); importprunedfunds with a gettxoutproof
  proof (spendable and watch-only, each error: bad hex, undecodable proof, wrong merkle root, unknown
  block, transaction not in the proof, transaction not the wallet's) and removeprunedfunds (balances
  drop, unknown txid, lenient txid hex), both surviving a restart and a kill -9.
"""
from decimal import Decimal

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true, wait_until

SECRET = 0x5EC12E7A11
PUB = keys.pubkey(SECRET)


def address_order(address):
    """Core orders destinations by kind (P2PKH before P2SH), then by the hash bytes."""
    return keys.b58decode_check(address)[1:21]


class WalletReceivedTest(OceanTestFramework):
    num_nodes = 2

    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "initialfreecoinsdestination=" + keys.p2pkh_script(PUB)]

    def mine(self, n=1):
        hashes = self.nodes[0].generate(n)
        self.sync_blocks()
        return hashes

    def run_test(self):
        n0, n1 = self.nodes
        n1.connect_to(n0)
        n0.importprivkey(keys.wif(SECRET), "", True)  # the free coins are node0's only
        self.mine()
        assert_true(n0.getbalance("", 1, False, "CBT") > 1000)
        assert_equal(n1.getbalance(), {})
        self.accounts()
        self.groupings()
        self.pruned_funds()

    # ---- listreceivedbyaccount ----
    def accounts(self):
        n0, n1 = self.nodes
        self.log("listreceivedbyaccount: per account, per asset, ordered by name")
        self.a = n1.getnewaddress("alpha")
        self.b = n1.getnewaddress("alpha")
        self.c = n1.getnewaddress("beta")
        self.d = n1.getnewaddress()
        n1.getnewaddress("empty")
        n0.sendtoaddress(self.a, 10)
        n0.sendtoaddress(self.b, 5)
        n0.sendtoaddress(self.c, 3)
        self.mine()
        self.mine()
        n0.sendtoaddress(self.d, 2)
        self.sync_mempool_to(n1)
        cbt = lambda v: {"CBT": Decimal(v)}
        assert_equal(n1.listreceivedbyaccount(),
                     [{"account": "alpha", "amount": cbt(15), "confirmations": 2},
                      {"account": "beta", "amount": cbt(3), "confirmations": 2}])
        assert_equal(n1.listreceivedbyaccount(3), [])
        # minconf 0: the unconfirmed payment to the default account, confirmations 0.
        assert_equal(n1.listreceivedbyaccount(0),
                     [{"account": "", "amount": cbt(2), "confirmations": 0},
                      {"account": "alpha", "amount": cbt(15), "confirmations": 2},
                      {"account": "beta", "amount": cbt(3), "confirmations": 2}])
        # include_empty: every account of the address book, empty ones with {} and 0.
        assert_equal(n1.listreceivedbyaccount(1, True),
                     [{"account": "", "amount": {}, "confirmations": 0},
                      {"account": "alpha", "amount": cbt(15), "confirmations": 2},
                      {"account": "beta", "amount": cbt(3), "confirmations": 2},
                      {"account": "empty", "amount": {}, "confirmations": 0}])
        # The same tally as listreceivedbyaddress.
        by_address = {e["address"]: e for e in n1.listreceivedbyaddress()}
        assert_equal(sorted(by_address), sorted([self.a, self.b, self.c]))
        assert_equal(by_address[self.a]["label"], "alpha")
        assert_equal(by_address[self.a]["account"], "alpha")
        assert_equal(by_address[self.b]["amount"], cbt(5))
        addresses = [e["address"] for e in n1.listreceivedbyaddress(0, True)]
        assert_equal(addresses, sorted(addresses, key=address_order))  # Core's address-book order
        self.mine()

        self.log("listreceivedbyaccount: watch-only addresses with include_watchonly, other assets")
        self.watched = watched = n0.getnewaddress()
        n1.importaddress(watched, "watch", False)
        issued = n0.issueasset(100, 1)
        self.mine()
        n0.sendtoaddress(watched, 4)
        n0.sendtoaddress(self.c, 7, "", "", False, issued["asset"])
        self.mine()
        self.asset = issued["asset"]
        assert_true(all(e["account"] != "watch" for e in n1.listreceivedbyaccount()))
        got = {e["account"]: e for e in n1.listreceivedbyaccount(1, False, True)}
        assert_equal(got["watch"], {"involvesWatchonly": True, "account": "watch", "amount": cbt(4),
                                    "confirmations": 1})
        assert_equal(got["beta"], {"account": "beta", "amount": {"CBT": Decimal(3), self.asset: Decimal(7)},
                                   "confirmations": 1})
        assert_equal(got[""]["amount"], cbt(2))
        # With an asset selector listreceivedbyaddress counts only that asset's outputs.
        only = [e for e in n1.listreceivedbyaddress(1, False, False, self.asset)]
        assert_equal([(e["address"], e["amount"], e["confirmations"]) for e in only], [(self.c, Decimal(7), 1)])

        self.log("listreceivedbyaccount: bad parameters")
        assert_raises_rpc(-1, "listreceivedbyaccount", n1.listreceivedbyaccount, 1, False, False, "CBT")
        assert_raises_rpc(-1, "JSON value is not an integer as expected", n1.listreceivedbyaccount, "x")
        assert_raises_rpc(-1, "JSON value is not a boolean as expected", n1.listreceivedbyaccount, 1, "yes")

    # ---- listaddressgroupings ----
    def groupings(self):
        n0, n1 = self.nodes
        self.log("listaddressgroupings: each receiving address alone, amounts of every asset added up")
        # (watch-only addresses count: node1 watches one of node0's addresses)
        labels = {self.a: "alpha", self.b: "alpha", self.c: "beta", self.d: "", self.watched: "watch"}
        expected = sorted([[[self.a, Decimal(10), "alpha"]], [[self.b, Decimal(5), "alpha"]],
                           [[self.c, Decimal(10), "beta"]], [[self.d, Decimal(2), ""]],
                           [[self.watched, Decimal(4), "watch"]]],
                          key=lambda g: [address_order(e[0]) for e in g])
        assert_equal(n1.listaddressgroupings(), expected)
        assert_equal(n1.listaddressgroupings("ignored", 1), expected)  # Ocean checks no parameter count

        self.log("listaddressgroupings: inputs spent together and their change form one group")
        coins = {u["address"]: u for u in n1.listunspent() if u.get("address") in (self.a, self.b)}
        change = n1.getrawchangeaddress()
        raw = n1.createrawtransaction([{"txid": coins[x]["txid"], "vout": coins[x]["vout"]} for x in (self.a, self.b)],
                                      {n0.getnewaddress(): 12, change: Decimal("2.99"), "fee": Decimal("0.01")})
        signed = n1.signrawtransaction(raw)
        assert_equal(signed["complete"], True)
        spend = n1.sendrawtransaction(signed["hex"])
        wait_until(lambda: spend in n0.getrawmempool(), what="relay of the spend")
        # Unconfirmed and not created by the wallet: the change holds nothing yet.
        group = [g for g in n1.listaddressgroupings() if any(e[0] == self.a for e in g)][0]
        assert_equal(sorted(e[0] for e in group), sorted([self.a, self.b, change]))
        assert_equal({e[0]: e[1] for e in group}, {self.a: 0, self.b: 0, change: 0})
        self.mine()
        got = n1.listaddressgroupings()
        members = [[[self.a, Decimal(0), "alpha"], [self.b, Decimal(0), "alpha"], [change, Decimal("2.99")]],
                   [[self.c, Decimal(10), "beta"]], [[self.d, Decimal(2), ""]],
                   [[self.watched, Decimal(4), "watch"]]]
        for g in members:
            g.sort(key=lambda e: address_order(e[0]))
        members.sort(key=lambda g: [address_order(e[0]) for e in g])
        assert_equal(got, members)
        for g in got:
            for e in g:
                assert_equal(len(e), 3 if e[0] in labels else 2)

    # ---- importprunedfunds / removeprunedfunds ----
    def pay(self, address, value):
        """node0 pays `address` from one of its genesis coins, change back to the genesis key; returns
        (txid, raw hex, proof) once the payment is in a block. (Not sendtoaddress: node0's coin
        selection could spend coins node1 also owns, the OP_TRUE coinbase outputs or a watched coin,
        and node1 would then see the payment as its own.)"""
        n0 = self.nodes[0]
        script = keys.p2pkh_script(PUB)
        coin = [u for u in n0.listunspent() if u["scriptPubKey"] == script][0]
        fee = Decimal("0.0001")
        raw = n0.createrawtransaction([{"txid": coin["txid"], "vout": coin["vout"]}],
                                      {address: value, coin["address"]: coin["amount"] - value - fee, "fee": fee})
        signed = n0.signrawtransaction(raw)
        assert_equal(signed["complete"], True)
        txid = n0.sendrawtransaction(signed["hex"])
        self.mine()
        return txid, signed["hex"], n0.gettxoutproof([txid])

    def pruned_funds(self):
        n0, n1 = self.nodes
        self.log("importprunedfunds: transactions to keys node1 imports later without a rescan")
        spend_address = n0.getnewaddress()
        watch_address = n0.getnewaddress()
        other_address = n0.getnewaddress()
        txid1, raw1, proof1 = self.pay(spend_address, Decimal("1.5"))
        txid2, raw2, proof2 = self.pay(watch_address, Decimal("0.5"))
        txid3, raw3, proof3 = self.pay(other_address, Decimal("0.25"))
        self.mine()
        n1.importprivkey(n0.dumpprivkey(spend_address), "pruned", False)
        n1.importaddress(watch_address, "pruned-watch", False)
        balance = n1.getbalance("", 1, False, "CBT")
        watch_balance = n1.getbalance("*", 1, True)["CBT"]
        assert_raises_rpc(-5, "Invalid or non-wallet transaction id", n1.gettransaction, txid1)

        self.log("importprunedfunds: bad parameters and proofs")
        assert_raises_rpc(-1, "importprunedfunds", n1.importprunedfunds, raw1)
        assert_raises_rpc(-1, "importprunedfunds", n1.importprunedfunds, raw1, proof1, "x")
        assert_raises_rpc(-22, "TX decode failed", n1.importprunedfunds, "zz", proof1)
        assert_raises_rpc(-22, "TX decode failed", n1.importprunedfunds, raw1 + "00", proof1)
        assert_raises_rpc(-1, "JSON value is not a string as expected", n1.importprunedfunds, 1, proof1)
        assert_raises_rpc(-8, "proof must be hexadecimal string (not 'zz')", n1.importprunedfunds, raw1, "zz")
        assert_raises_rpc(-1, "CDataStream::read(): end of data: iostream error", n1.importprunedfunds, raw1, "00")
        assert_raises_rpc(-5, "Transaction given doesn't exist in proof", n1.importprunedfunds, raw2, proof1)
        # The header: version 4, previous block 32, merkle root 32, contract, attestation and mapping
        # hashes 32 each, time 4 (formats.md §4.1).
        bad_root = proof1[:72] + ("00" if proof1[72:74] != "00" else "01") + proof1[74:]
        assert_raises_rpc(-5, "Something wrong with merkleblock", n1.importprunedfunds, raw1, bad_root)
        other_block = proof1[:328] + ("00" if proof1[328:330] != "00" else "01") + proof1[330:]
        assert_raises_rpc(-5, "Block not found in chain", n1.importprunedfunds, raw1, other_block)
        assert_raises_rpc(-5, "No addresses in wallet correspond to included transaction",
                          n1.importprunedfunds, raw3, proof3)
        assert_equal(n1.getbalance("", 1, False, "CBT"), balance)

        self.log("importprunedfunds: spendable and watch-only payments enter with their block")
        assert_equal(n1.importprunedfunds(raw1, proof1), None)
        assert_equal(n1.importprunedfunds(raw1, proof1), None)  # again: nothing changes
        assert_equal(n1.importprunedfunds(raw2, proof2), None)
        tx1 = n1.gettransaction(txid1)
        assert_equal(tx1["blockhash"], n0.gettransaction(txid1)["blockhash"])
        assert_equal(tx1["confirmations"], n0.gettransaction(txid1)["confirmations"])
        assert_equal(n1.getbalance("", 1, False, "CBT"), balance + Decimal("1.5"))
        assert_equal(n1.getbalance("*", 1, True)["CBT"], watch_balance + Decimal("2.0"))
        assert_true(any(u["txid"] == txid1 and u["spendable"] for u in n1.listunspent()))
        assert_true(any(u["txid"] == txid2 and not u["spendable"] for u in n1.listunspent()))
        assert_equal([e["amount"] for e in n1.listreceivedbyaccount() if e["account"] == "pruned"],
                     [{"CBT": Decimal("1.5")}])

        self.log("imports survive a restart")
        n1.restart()
        assert_equal(n1.getbalance("", 1, False, "CBT"), balance + Decimal("1.5"))
        assert_equal(n1.gettransaction(txid2, True)["txid"], txid2)

        self.log("removeprunedfunds: the balance drops; unknown and malformed txids")
        assert_raises_rpc(-1, "removeprunedfunds", n1.removeprunedfunds)
        assert_raises_rpc(-1, "removeprunedfunds", n1.removeprunedfunds, txid1, txid2)
        assert_raises_rpc(-1, "JSON value is not a string as expected", n1.removeprunedfunds, 5)
        assert_raises_rpc(-32603, "Transaction does not exist in wallet.", n1.removeprunedfunds, txid3)
        assert_raises_rpc(-32603, "Transaction does not exist in wallet.", n1.removeprunedfunds, "zz")
        assert_equal(n1.removeprunedfunds(txid1), None)
        assert_raises_rpc(-5, "Invalid or non-wallet transaction id", n1.gettransaction, txid1)
        assert_raises_rpc(-32603, "Transaction does not exist in wallet.", n1.removeprunedfunds, txid1)
        assert_equal(n1.getbalance("", 1, False, "CBT"), balance)
        assert_true(all(u["txid"] != txid1 for u in n1.listunspent()))
        # Lenient hex as Ocean's SetHex: upper case is the same txid.
        assert_equal(n1.removeprunedfunds(txid2.upper()), None)
        assert_equal(n1.getbalance("*", 1, True)["CBT"], watch_balance)

        self.log("removals survive a restart and a kill -9")
        n1.restart()
        assert_raises_rpc(-5, "Invalid or non-wallet transaction id", n1.gettransaction, txid1)
        assert_raises_rpc(-5, "Invalid or non-wallet transaction id", n1.gettransaction, txid2, True)
        assert_equal(n1.getbalance("", 1, False, "CBT"), balance)
        assert_equal(n1.importprunedfunds(raw1, proof1), None)
        assert_equal(n1.removeprunedfunds(txid1), None)
        n1.kill()
        n1.start()
        assert_raises_rpc(-5, "Invalid or non-wallet transaction id", n1.gettransaction, txid1)
        assert_equal(n1.getbalance("", 1, False, "CBT"), balance)
        assert_equal(n1.getbalance("*", 1, True)["CBT"], watch_balance)

    def sync_mempool_to(self, node):
        wait_until(lambda: set(self.nodes[0].getrawmempool()) <= set(node.getrawmempool()), what="mempool relay")


if __name__ == "__main__":
    WalletReceivedTest().main()
