#!/usr/bin/env python3
"""The asset lifecycle of the CommerceBlock documents driven only by ocean-cli wallet commands, on a dev
chain with the freezelist and burnlist enforced (policy.md §14.1):

  issuer (node0) issues an asset, pays a user (node1); the user builds and signs a redemption
  transaction (zero-address output, tokens back to the user); it is refused until the custodian (node0)
  freezelists the user's address with a policy transaction signed by its wallet; then it is accepted and
  the frozen coins cannot be sent on; the custodian burnlists the address and the user burns the coins
  with createrawburn + signrawtransaction. Balances are checked at each step, across a restart, across
  invalidateblock/reconsiderblock, after kill -9 of the sender right after sends (nothing lost), and bad
  parameters give the spec's errors.
"""
import json
from decimal import Decimal

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, wait_until

class WalletLifecycleTest(OceanTestFramework):
    num_nodes = 2

    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "policycoins=100000000000",
                "freezelistcoinsdestination=51", "burnlistcoinsdestination=51",
                "freezelist=1", "burnlist=1"]

    @staticmethod
    def args(args):
        return [a if isinstance(a, str) else json.dumps(a, default=float) for a in args]

    def cli(self, node, *args):
        out = node.cli(*self.args(args)).strip()
        try:
            return json.loads(out, parse_float=Decimal)
        except ValueError:
            return out

    def cli_error(self, node, code, message, *args):
        rc, out, err = node.cli(*self.args(args), check=False)
        assert rc != 0, (args, out)
        assert ("error code: %d" % code) in err and message in err, (args, err)

    def mine(self, node, n=1):
        hashes = self.cli(node, "generate", str(n))
        self.sync_blocks()
        return hashes

    def balance(self, node, asset):
        return Decimal(str(self.cli(node, "getbalance", "", "1", "false", asset)))

    def policy_tx(self, label, address):
        """The custodian's wallet spends a `label` token into one list entry for `address` (admin key: a
        wallet key), signs it with its wallet and sends it."""
        n0 = self.nodes[0]
        token = self.cli(n0, "listunspent", "1", "9999999", "[]", "true", label)[0]
        admin = self.cli(n0, "validateaddress", self.cli(n0, "getnewaddress"))["pubkey"]
        raw = self.cli(n0, "createrawpolicytx", [{"txid": token["txid"], "vout": token["vout"]}],
                       [{"pubkey": admin, "value": token["amount"], "address": address}], "0", token["asset"])
        signed = self.cli(n0, "signrawtransaction", raw)
        assert_equal(signed["complete"], True)
        txid = self.cli(n0, "sendrawtransaction", signed["hex"])
        self.mine(n0)
        return txid

    def run_test(self):
        n0, n1 = self.nodes
        n1.connect_to(n0)
        self.mine(n0)

        self.log("issueasset: 1000 units and 1 reissuance token in the issuer's wallet")
        issued = self.cli(n0, "issueasset", "1000", "1")
        asset = issued["asset"]
        self.mine(n0)
        assert_equal(self.balance(n0, asset), Decimal(1000))
        assert_equal(self.balance(n0, issued["token"]), Decimal(1))
        assert any(i["asset"] == asset and i["assetamount"] == Decimal(1000) for i in self.cli(n0, "listissuances"))

        self.log("reissueasset with the token; destroyamount is refused while the burnlist is enforced")
        self.cli(n0, "reissueasset", asset, "50")
        self.mine(n0)
        assert_equal(self.balance(n0, asset), Decimal(1050))
        self.cli_error(n0, -4, "Error: The transaction was rejected! Reason given: burn-tx-not-burnlisted",
                       "destroyamount", asset, "50")
        assert_equal(self.balance(n0, asset), Decimal(1050))  # nothing was stored
        self.cli(n0, "sendtoaddress", self.cli(n0, "getnewaddress"), "50", "", "", "false", asset)
        self.mine(n0)
        assert_equal(self.balance(n0, asset), Decimal(1050))

        self.log("transfer: sendtoaddress of the asset to the user")
        user = self.cli(n1, "getnewaddress")
        txid = self.cli(n0, "sendtoaddress", user, "100", "first", "user", "false", asset)
        wait_until(lambda: txid in self.cli(n1, "getrawmempool"), what="relay of the payment")
        assert_equal(Decimal(str(self.cli(n1, "getunconfirmedbalance", asset))), Decimal(100))
        self.mine(n0)
        assert_equal(self.balance(n1, asset), Decimal(100))
        assert_equal(self.balance(n0, asset), Decimal(950))
        tx = self.cli(n0, "gettransaction", txid)
        assert_equal(tx["comment"], "first")
        assert_equal(tx["to"], "user")
        assert_equal(tx["confirmations"], 1)
        assert_equal(Decimal(str(tx["amount"][asset])), Decimal(-100))
        received = self.cli(n1, "gettransaction", txid)
        assert_equal(Decimal(str(received["amount"][asset])), Decimal(100))
        # (every node's wallet holds the genesis OP_TRUE coins: -anyonecanspendaremine)
        assert any(d["category"] == "receive" and d["asset"] == asset and Decimal(str(d["amount"])) == 100
                   for d in received["details"]), received

        got = [e for e in self.cli(n1, "listreceivedbyaddress", "1", "false", "false", asset) if e["address"] == user]
        assert_equal(len(got), 1)
        assert_equal((Decimal(str(got[0]["amount"])), got[0]["confirmations"], got[0]["txids"]), (Decimal(100), 1, [txid]))
        unused = self.cli(n1, "getnewaddress")
        assert not any(e["address"] == unused for e in self.cli(n1, "listreceivedbyaddress", "0"))
        empty = [e for e in self.cli(n1, "listreceivedbyaddress", "0", "true") if e["address"] == unused]
        assert_equal([(e["amount"], e["confirmations"], e["txids"]) for e in empty], [({}, 0, [])])

        self.log("redemption transaction: refused until the custodian freezelists the address")
        coin = self.cli(n1, "listunspent", "1", "9999999", "[]", "true", asset)[0]
        redeem = self.cli(n1, "getnewaddress")
        version = keys.b58decode_check(redeem)[:1]
        zero = keys.b58check(version + b"\0" * 20)
        raw = self.cli(n1, "createrawtransaction", [{"txid": coin["txid"], "vout": coin["vout"]}],
                       {zero: 0, redeem: coin["amount"]}, "0", {zero: asset, redeem: asset})
        signed = self.cli(n1, "signrawtransaction", raw)
        assert_equal(signed["complete"], True)
        self.cli_error(n1, -26, "redemption-tx-not-freezelisted", "sendrawtransaction", signed["hex"])
        self.policy_tx("FREEZELIST", redeem)
        assert_equal(self.cli(n1, "queryfreezelist", redeem), True)
        redemption = self.cli(n1, "sendrawtransaction", signed["hex"])
        self.mine(n1)
        assert_equal(self.balance(n1, asset), Decimal(100))  # at the frozen address, still the user's

        self.log("frozen coins cannot be sent on (a spend whose inputs are all frozen)")
        dec = self.cli(n1, "decoderawtransaction", signed["hex"])
        vout = [o["n"] for o in dec["vout"] if redeem in o["scriptPubKey"].get("addresses", [])][0]
        elsewhere = self.cli(n0, "getnewaddress")
        raw = self.cli(n1, "createrawtransaction", [{"txid": redemption, "vout": vout}],
                       {elsewhere: coin["amount"]}, "0", {elsewhere: asset})
        spend = self.cli(n1, "signrawtransaction", raw)
        assert_equal(spend["complete"], True)
        self.cli_error(n1, -26, "freezelist-address-input", "sendrawtransaction", spend["hex"])

        self.log("burn: once burnlisted, the user burns the frozen output")
        self.policy_tx("BURNLIST", redeem)
        assert_equal(self.cli(n1, "queryburnlist", redeem), True)
        burn = self.cli(n1, "createrawburn", redemption, str(vout), asset, str(coin["amount"]))
        signed_burn = self.cli(n1, "signrawtransaction", burn["hex"])
        assert_equal(signed_burn["complete"], True)
        self.cli(n1, "sendrawtransaction", signed_burn["hex"])
        self.mine(n1)
        assert_equal(self.balance(n1, asset), Decimal(0))

        self.log("balances survive a restart; a disconnected block makes its payment unconfirmed again")
        before0 = self.cli(n0, "getbalance")
        n1.restart()
        n1.connect_to(n0)
        pay = self.cli(n0, "sendtoaddress", self.cli(n1, "getnewaddress"), "25", "", "", "false", asset)
        block = self.mine(n0)[0]
        assert_equal(self.balance(n1, asset), Decimal(25))
        self.cli(n1, "invalidateblock", block)
        assert_equal(self.balance(n1, asset), Decimal(0))
        assert_equal(self.cli(n1, "gettransaction", pay)["confirmations"], 0)
        self.cli(n1, "reconsiderblock", block)
        assert_equal(self.balance(n1, asset), Decimal(25))
        assert before0 != self.cli(n0, "getbalance")

        self.log("kill -9 right after sends: every sent transaction is still there after the restart")
        target = self.cli(n1, "getnewaddress")
        sent = [self.cli(n0, "sendtoaddress", target, "1", "", "", "false", asset) for _ in range(5)]
        n0.kill()
        n0.start()
        for t in sent:
            assert_equal(self.cli(n0, "gettransaction", t)["txid"], t)
        assert set(sent) <= set(self.cli(n0, "getrawmempool"))
        n1.connect_to(n0)
        self.mine(n0)
        assert_equal(self.balance(n1, asset), Decimal(30))
        assert_equal(self.balance(n0, asset), Decimal(920))

        self.log("bad parameters")
        self.cli_error(n0, -5, "Invalid Bitcoin address", "sendtoaddress", "notanaddress", "1")
        self.cli_error(n0, -3, "Invalid amount for send", "sendtoaddress", target, "0")
        self.cli_error(n0, -3, "Invalid amount", "sendtoaddress", target, '"abc"')
        self.cli_error(n0, -6, "Insufficient funds", "sendtoaddress", target, "5000", "", "", "false", asset)
        self.cli_error(n0, -4, "Unknown label and invalid asset hex: NOPE", "sendtoaddress", target, "1", "", "",
                       "false", "NOPE")
        self.cli_error(n0, -5, "Invalid Bitcoin address: nope", "sendmany", "", {"nope": 1})
        self.cli_error(n0, -3, "Accounts can not be used with assets.", "sendmany", "acc", {target: 1}, "1", "",
                       [], {target: asset})
        self.cli_error(n0, -5, "Invalid or non-wallet transaction id", "gettransaction", "00" * 32)
        self.cli_error(n0, -3, "Invalid balance sort type", "createanytoaddress", target, "1", "true", "false", "3")

        self.log("sendmany with assets, sendanytoaddress over several assets")
        other = self.cli(n1, "getnewaddress")
        self.cli(n0, "sendmany", "", {target: 1, other: 2}, "1", "", [], {target: asset, other: "CBT"})
        self.mine(n0)
        assert_equal(self.balance(n1, asset), Decimal(31))
        anyaddr = self.cli(n1, "getnewaddress")
        txids = self.cli(n0, "sendanytoaddress", anyaddr, "950", "", "", "true", "false", "2")
        self.mine(n0)
        got = self.cli(n1, "listunspent", "1", "9999999", [anyaddr])
        assert_equal(sum(Decimal(str(u["amount"])) for u in got), Decimal(950))
        assert txids


if __name__ == "__main__":
    WalletLifecycleTest().main()
