#!/usr/bin/env python3
"""fundrawtransaction with inputs already present (Core 0.14 semantics with Ocean's fee outputs), change keys
going back to the key pool when a send fails, -walletrejectlongchains, and bip125-replaceable:

  * a raw transaction with one wallet input of too little value is completed with wallet inputs, change
    and a fee output; its own input stays first and unchanged; one with an input of a key the wallet does
    not have (its coin in the mempool, then in the UTXO set) is funded, signed by the wallet and by that
    key, and accepted; an unknown input is "Insufficient funds" (-32603); bad options give Core's -3/-5/-8;
    the options changeAddress, lockUnspents, reserveChangeKey, feeRate and subtractFeeFromOutputs work;
  * a send refused after its change key was taken leaves the key pool as it was;
  * with -limitancestorcount=3 a fourth chained send is stored though the mempool refuses it (Core 0.14),
    reported "unknown" by bip125-replaceable, and enters the mempool at the next block; with
    -walletrejectlongchains=1 the long chain's coin is not selected (-6) and a send over the ancestor size
    limit is refused (-4 "Transaction has too long of a mempool chain");
  * the wallet never signals BIP125 (sequence 0xfffffffe, "no"); a received transaction that signals, and
    its unconfirmed child, are "yes"; -walletrbf is not an Ocean option.
"""
from decimal import Decimal

from test_framework import keys
from test_framework.authproxy import JSONRPCException
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true

SECRET1 = 0x5EC12E7_0001
SECRET2 = 0x5EC12E7_0002
SECRET3 = 0x5EC12E7_0003


class WalletFundTest(OceanTestFramework):
    num_nodes = 1

    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000"]

    # --- helpers ---
    def foreign(self, secret):
        """(address, scriptPubKey hex, WIF) of a key the wallet does not have."""
        spk = keys.p2pkh_script(keys.pubkey(secret))
        return self.node.decodescript(spk)["addresses"][0], spk, keys.wif(secret)

    def vout_to(self, txid, address, hexstring=None):
        """The output of a transaction (a wallet transaction unless its hex is given) paying `address`."""
        tx = self.node.decoderawtransaction(hexstring or self.node.gettransaction(txid)["hex"])
        return [o for o in tx["vout"] if address in o["scriptPubKey"].get("addresses", [])][0]

    def mine(self, n=1):
        return self.node.generate(n)

    def check_balanced(self, hexstring, fee, known=None):
        """Inputs (values from `known` {(txid, vout): value}, else gettxout, which sees confirmed coins only)
        pay the outputs exactly; the fee output is last."""
        known = known or {}
        tx = self.node.decoderawtransaction(hexstring)
        total_in = sum(known.get((i["txid"], i["vout"])) or self.node.gettxout(i["txid"], i["vout"])["value"]
                       for i in tx["vin"])
        total_out = sum(o["value"] for o in tx["vout"])
        assert_equal(total_in, total_out)
        assert_equal(tx["vout"][-1]["scriptPubKey"]["type"], "fee")
        assert_equal(tx["vout"][-1]["value"], fee)
        return tx

    def keypool(self):
        return self.node.getwalletinfo()["keypoolsize"]

    def only_coin(self, txid, vout):
        """Locks every wallet coin but (txid, vout) (locks are not persisted: redo after a restart)."""
        others = [{"txid": u["txid"], "vout": u["vout"]} for u in self.node.listunspent(0)
                  if (u["txid"], u["vout"]) != (txid, vout)]
        self.node.lockunspent(True)
        assert_equal(self.node.lockunspent(False, others), True)

    def own_coin(self, amount):
        """A confirmed wallet coin of `amount` at a fresh P2PKH address (every coin unlocked first)."""
        self.node.lockunspent(True)
        address = self.node.getnewaddress()
        txid = self.node.sendtoaddress(address, amount)
        self.mine()
        return txid, self.vout_to(txid, address)["n"]

    def run_test(self):
        self.node = node = self.nodes[0]
        self.mine()
        dest, _, _ = self.foreign(SECRET3)

        self.fund_wallet_input(dest)
        self.fund_foreign_input(dest)
        self.fund_errors(dest)
        self.fund_options(dest)
        self.failed_send_keeps_the_pool(dest)
        self.bip125(dest)
        self.long_chains(dest)
        node.stop()
        err = node.start_expect_failure(["-walletrbf=1"])
        assert_true("walletrbf" in err, err)
        node.start()

    def fund_wallet_input(self, dest):
        node = self.node
        self.log("a wallet input of too little value stays first; the wallet adds inputs, change and the fee")
        txid, n = self.own_coin(1)
        locktime = node.getblockcount()
        raw = node.createrawtransaction([{"txid": txid, "vout": n}], {dest: 3, "fee": Decimal("0.5")}, locktime)
        funded = node.fundrawtransaction(raw)
        assert_equal(sorted(funded.keys()), ["fee", "hex"])  # rpc.md §6.8: no changepos in Ocean
        tx = self.check_balanced(funded["hex"], funded["fee"])
        before = node.decoderawtransaction(raw)
        assert_equal(tx["vin"][0], before["vin"][0])
        assert_true(len(tx["vin"]) >= 2)
        assert_equal(tx["locktime"], locktime)
        for i in tx["vin"][1:]:
            assert_equal(i["sequence"], 4294967294)
        assert_true(Decimal("0") < funded["fee"] < Decimal("0.01"), funded)  # the 0.5 fee was recomputed
        paid = [o for o in tx["vout"] if dest in o["scriptPubKey"].get("addresses", [])]
        assert_equal([o["value"] for o in paid], [Decimal(3)])
        signed = node.signrawtransaction(funded["hex"])
        assert_equal(signed["complete"], True)
        node.sendrawtransaction(signed["hex"])
        self.mine()

    def fund_foreign_input(self, dest):
        node = self.node
        self.log("an input of a key the wallet does not have: coin from the mempool, then the UTXO set")
        addr1, spk1, wif1 = self.foreign(SECRET1)
        addr2, spk2, wif2 = self.foreign(SECRET2)
        t1 = node.sendtoaddress(addr1, 2)
        self.mine()
        o1 = self.vout_to(t1, addr1)
        # Moved on by a transaction the wallet takes no part in.
        raw = node.createrawtransaction([{"txid": t1, "vout": o1["n"]}],
                                        {addr2: Decimal("1.999"), "fee": Decimal("0.001")})
        moved = node.signrawtransaction(raw, [{"txid": t1, "vout": o1["n"], "scriptPubKey": spk1,
                                               "amount": 2}], [wif1])
        assert_equal(moved["complete"], True)
        t2 = node.sendrawtransaction(moved["hex"])
        assert_raises_rpc(-5, None, node.gettransaction, t2)  # not a wallet transaction
        coin = {"txid": t2, "vout": self.vout_to(t2, addr2, moved["hex"])["n"]}
        raw = node.createrawtransaction([coin], {dest: 3})
        in_pool = node.fundrawtransaction(raw)
        self.check_balanced(in_pool["hex"], in_pool["fee"], {(t2, coin["vout"]): Decimal("1.999")})
        self.mine()

        funded = node.fundrawtransaction(raw)
        tx = self.check_balanced(funded["hex"], funded["fee"])
        assert_equal((tx["vin"][0]["txid"], tx["vin"][0]["vout"]), (coin["txid"], coin["vout"]))
        assert_true(len(tx["vin"]) >= 2)
        # The wallet signs its inputs; the foreign one needs its key.
        part = node.signrawtransaction(funded["hex"])
        assert_equal(part["complete"], False)
        whole = node.signrawtransaction(part["hex"], [dict(coin, scriptPubKey=spk2, amount=Decimal("1.999"))],
                                        [wif2])
        assert_equal(whole["complete"], True)
        txid = node.sendrawtransaction(whole["hex"])
        self.mine()
        assert_equal(node.gettransaction(txid)["confirmations"], 1)

        # An input nobody knows: its value cannot be found.
        raw = node.createrawtransaction([{"txid": "11" * 32, "vout": 0}], {dest: 1})
        assert_raises_rpc(-32603, "Insufficient funds", node.fundrawtransaction, raw)

    def fund_errors(self, dest):
        node = self.node
        self.log("fundrawtransaction parameter errors (Core 0.14's codes and texts)")
        raw = node.createrawtransaction([], {dest: 1})
        assert_raises_rpc(-3, "Expected type string, got number", node.fundrawtransaction, 5)
        assert_raises_rpc(-22, "TX decode failed", node.fundrawtransaction, "zz")
        assert_raises_rpc(-22, "TX decode failed", node.fundrawtransaction, "")
        assert_raises_rpc(-3, "Expected type object, got string", node.fundrawtransaction, raw, "x")
        assert_raises_rpc(-3, "Unexpected key foo", node.fundrawtransaction, raw, {"foo": 1})
        assert_raises_rpc(-3, "Expected type number for changePosition, got string",
                          node.fundrawtransaction, raw, {"changePosition": "1"})
        assert_raises_rpc(-3, "Expected type bool for lockUnspents, got number",
                          node.fundrawtransaction, raw, {"lockUnspents": 1})
        assert_raises_rpc(-3, "Expected type array for subtractFeeFromOutputs, got number",
                          node.fundrawtransaction, raw, {"subtractFeeFromOutputs": 0})
        assert_raises_rpc(-3, "Invalid amount", node.fundrawtransaction, raw, {"feeRate": "x"})
        assert_raises_rpc(-1, "JSON value is not a string as expected",
                          node.fundrawtransaction, raw, {"changeAddress": None})
        assert_raises_rpc(-5, "changeAddress must be a valid bitcoin address",
                          node.fundrawtransaction, raw, {"changeAddress": "notanaddress"})
        assert_raises_rpc(-8, "changePosition out of bounds", node.fundrawtransaction, raw, {"changePosition": 2})
        assert_raises_rpc(-8, "Invalid parameter, duplicated position: 0",
                          node.fundrawtransaction, raw, {"subtractFeeFromOutputs": [0, 0]})
        assert_raises_rpc(-8, "Invalid parameter, negative position: -1",
                          node.fundrawtransaction, raw, {"subtractFeeFromOutputs": [-1]})
        assert_raises_rpc(-8, "Invalid parameter, position too large: 1",
                          node.fundrawtransaction, raw, {"subtractFeeFromOutputs": [1]})
        assert_raises_rpc(-8, "TX must have at least one output",
                          node.fundrawtransaction, node.createrawtransaction([], {}))
        # changePosition is accepted but Elements places change itself; the boolean form is includeWatching.
        node.fundrawtransaction(raw, {"changePosition": 1})
        node.fundrawtransaction(raw, True)

    def fund_options(self, dest):
        node = self.node
        self.log("changeAddress, lockUnspents, reserveChangeKey, feeRate, subtractFeeFromOutputs")
        raw = node.createrawtransaction([], {dest: 1})
        change = node.getrawchangeaddress()
        funded = node.fundrawtransaction(raw, {"changeAddress": change, "lockUnspents": True,
                                               "feeRate": Decimal("0.01"), "subtractFeeFromOutputs": [0]})
        tx = self.check_balanced(funded["hex"], funded["fee"])
        by_address = {o["scriptPubKey"].get("addresses", [""])[0]: o["value"] for o in tx["vout"]}
        assert_equal(by_address[dest], 1 - funded["fee"])
        assert_true(change in by_address, by_address)
        assert_true(funded["fee"] > Decimal("0.002"), funded)  # 0.01 per kB, not the 0.0002 fallback
        locked = node.listlockunspent()
        for i in tx["vin"]:
            assert_true({"txid": i["txid"], "vout": i["vout"]} in locked, locked)
        node.lockunspent(True)

        node.keypoolrefill()
        full = self.keypool()
        node.fundrawtransaction(raw, {"reserveChangeKey": False})
        assert_equal(self.keypool(), full)  # the change key went back
        node.fundrawtransaction(raw)
        assert_equal(self.keypool(), full - 1)  # kept

    def failed_send_keeps_the_pool(self, dest):
        node = self.node
        self.log("a send refused after its change key was taken leaves the key pool as it was")
        node.keypoolrefill()
        full = self.keypool()
        node.settxfee(1000)  # a fee far above -maxtxfee: the mempool check refuses the signed transaction
        assert_raises_rpc(-4, "absurdly-high-fee", node.sendtoaddress, dest, 1)
        assert_equal(self.keypool(), full)
        node.settxfee(0)
        node.sendtoaddress(dest, 1)
        assert_equal(self.keypool(), full - 1)
        self.mine()

    def bip125(self, dest):
        node = self.node
        self.log("bip125-replaceable: the wallet never signals; a signalling payment and its child do")
        sent = node.sendtoaddress(dest, 1)
        tx = node.gettransaction(sent)
        assert_equal(tx["bip125-replaceable"], "no")
        assert_true(all(i["sequence"] == 4294967294 for i in node.decoderawtransaction(tx["hex"])["vin"]))

        addr1, spk1, wif1 = self.foreign(SECRET1)
        t1 = node.sendtoaddress(addr1, 2)
        self.mine()
        o1 = self.vout_to(t1, addr1)
        own = node.getnewaddress()
        raw = node.createrawtransaction([{"txid": t1, "vout": o1["n"], "sequence": 4294967293}],
                                        {own: Decimal("1.999"), "fee": Decimal("0.001")})
        signed = node.signrawtransaction(raw, [{"txid": t1, "vout": o1["n"], "scriptPubKey": spk1, "amount": 2}],
                                         [wif1])
        signalling = node.sendrawtransaction(signed["hex"])
        assert_equal(node.gettransaction(signalling)["bip125-replaceable"], "yes")
        entries = [e for e in node.listtransactions("*", 100) if e["txid"] == signalling]
        assert_true(entries and all(e["bip125-replaceable"] == "yes" for e in entries), entries)
        own2 = node.getnewaddress()
        child_raw = node.createrawtransaction([{"txid": signalling, "vout": self.vout_to(signalling, own)["n"]}],
                                              {own2: Decimal("1.998"), "fee": Decimal("0.001")})
        child = node.sendrawtransaction(node.signrawtransaction(child_raw)["hex"])
        assert_equal(node.gettransaction(child)["bip125-replaceable"], "yes")  # an in-pool ancestor signals
        self.mine()
        for txid in (sent, signalling, child):
            assert_equal(node.gettransaction(txid)["bip125-replaceable"], "no")

    def long_chains(self, dest):
        node = self.node
        self.log("-limitancestorcount=3: the fourth chained send is stored, then mined after its ancestors")
        coin = self.own_coin(1)
        node.restart(["-limitancestorcount=3", "-limitdescendantcount=3"])
        self.only_coin(*coin)
        chain = [node.sendtoaddress(dest, Decimal("0.01")) for _ in range(3)]
        assert_true(set(chain) <= set(node.getrawmempool()))
        fourth = node.sendtoaddress(dest, Decimal("0.01"))
        assert_true(fourth not in node.getrawmempool())
        tx = node.gettransaction(fourth)
        assert_equal((tx["confirmations"], tx["bip125-replaceable"]), (0, "unknown"))
        self.mine()
        assert_true(fourth in node.getrawmempool())
        assert_equal(node.gettransaction(fourth)["bip125-replaceable"], "no")
        self.mine()

        self.log("-walletrejectlongchains=1: a coin at the end of a chain of 3 is not selected")
        coin = self.own_coin(1)
        node.restart(["-limitancestorcount=3", "-limitdescendantcount=3", "-walletrejectlongchains=1"])
        self.only_coin(*coin)
        for _ in range(3):
            node.sendtoaddress(dest, Decimal("0.01"))
        assert_raises_rpc(-6, "Insufficient funds", node.sendtoaddress, dest, Decimal("0.01"))
        self.mine()

        self.log("-walletrejectlongchains=1 and a 1 kB ancestor size limit: -4 too long of a mempool chain")
        coin = self.own_coin(1)
        node.restart(["-limitancestorsize=1", "-limitdescendantsize=1", "-walletrejectlongchains=1"])
        self.only_coin(*coin)
        sent = []
        for _ in range(10):
            node.keypoolrefill()  # a key taken tops the pool up first: compare from a full pool
            full = self.keypool()
            try:
                sent.append(node.sendtoaddress(dest, Decimal("0.01")))
            except JSONRPCException as e:
                assert_equal((e.error["code"], e.error["message"]),
                             (-4, "Transaction has too long of a mempool chain"))
                assert_equal(self.keypool(), full)
                break
        else:
            raise AssertionError("no send was refused")
        assert_true(2 <= len(sent) <= 5, sent)
        assert_true(set(sent) <= set(node.getrawmempool()))
        self.mine()
        node.restart()


if __name__ == "__main__":
    WalletFundTest().main()
