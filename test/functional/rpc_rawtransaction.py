#!/usr/bin/env python3
"""Raw-transaction and util RPCs through the daemon: decoderawtransaction of the reference transactions,
createrawtransaction round trips (addresses, data, fee outputs, explicit assets), decodescript,
validateaddress, createmultisig, signmessagewithprivkey/verifymessage, the fee estimators without data,
getrawtransaction with and without -txindex, and the error codes of bad input."""
import json
from decimal import Decimal

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true

CBT = "002f58b63b44ea32a3a146beb8bb8acbbd3faf902e0f86e2fd569cdf9e7fc078"


def reencode(address, prefix):
    """The base58check address with the same payload and another version byte."""
    return keys.b58check(bytes([prefix]) + keys.b58decode_check(address)[1:21])


class RawTransactionTest(OceanTestFramework):
    num_nodes = 2

    def extra_conf(self, index):
        conf = ["initialfreecoins=2100000000000000"]
        return conf + (["txindex=1"] if index == 0 else [])

    def run_test(self):
        node, plain = self.nodes
        self.log("decoderawtransaction reproduces the reference JSON")
        for name in ["tx_send", "tx_issuance", "tx_reissuance", "tx_burn", "tx_send_asset"]:
            ref = self.read_json(name + ".json")["decoderawtransaction"]
            got = node.decoderawtransaction(self.read_hex(name + ".hex"))
            assert_equal(json.loads(json.dumps(got, default=str)), json.loads(json.dumps(ref, default=str)))
        assert_raises_rpc(-22, "TX decode failed", node.decoderawtransaction, "00")
        assert_raises_rpc(-1, "decoderawtransaction", node.decoderawtransaction)

        self.log("createrawtransaction round trip")
        genesis = node.getblock(node.getbestblockhash(), 2)
        funding = genesis["tx"][1]["txid"]
        address = self.read_json("tx_send.json")["rpc_result"]["address"]
        raw = node.createrawtransaction([{"txid": funding, "vout": 0}],
                                        {address: Decimal("10"), "fee": Decimal("0.0001"), "data": "cafe"})
        tx = node.decoderawtransaction(raw)
        assert_equal(tx["vin"][0]["txid"], funding)
        assert_equal(tx["vin"][0]["sequence"], 4294967295)
        by_type = {o["scriptPubKey"]["type"]: o for o in tx["vout"]}
        assert_equal(by_type["pubkeyhash"]["scriptPubKey"]["addresses"], [address])
        assert_equal(by_type["pubkeyhash"]["value"], Decimal("10.00000000"))
        assert_equal(by_type["pubkeyhash"]["asset"], CBT)
        assert_equal(by_type["fee"]["value"], Decimal("0.00010000"))
        assert_equal(by_type["nulldata"]["scriptPubKey"]["hex"], "6a02cafe")
        locked = node.decoderawtransaction(node.createrawtransaction([{"txid": funding, "vout": 1}], {address: 1}, 7))
        assert_equal((locked["locktime"], locked["vin"][0]["sequence"]), (7, 4294967294))
        other = "b2985cf2b5e6ed65a44ad34a8d14df58d1edcce19735545525dacc3d58705447"
        asset_tx = node.decoderawtransaction(
            node.createrawtransaction([], {address: 5}, 0, {address: other}))
        assert_equal(asset_tx["vout"][0]["asset"], other)
        assert_raises_rpc(-5, None, node.createrawtransaction, [], {"notanaddress": 1})
        assert_raises_rpc(-3, "Invalid amount", node.createrawtransaction, [], {address: "1.123456789"})
        assert_raises_rpc(-3, "Expected type array", node.createrawtransaction, {}, {})
        assert_raises_rpc(-8, "txid must be hexadecimal string", node.createrawtransaction, [{"txid": "xx", "vout": 0}], {})

        self.log("decodescript, validateaddress, createmultisig")
        script = node.decodescript("76a914" + "11" * 20 + "88ac")
        assert_equal(script["type"], "pubkeyhash")
        assert_true("p2sh" in script)
        assert_equal(node.decodescript("")["asm"], "")
        valid = node.validateaddress(address)
        assert_equal(valid["isvalid"], True)
        assert_equal(valid["address"], address)
        assert_equal(node.validateaddress("nonsense")["isvalid"], False)
        keys = ["02" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
                "03" + "c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"]
        ms = node.createmultisig(1, keys)
        assert_true(ms["redeemScript"].startswith("51") and ms["redeemScript"].endswith("52ae"), ms)
        assert_equal(node.validateaddress(ms["address"])["isvalid"], True)
        assert_raises_rpc(-1, None, node.createmultisig, 3, keys)

        self.log("message signing")
        # Bitcoin Core's signmessage vector: custom chains share testnet's WIF prefix (239), and the key's
        # address here is the same HASH160 with this chain's P2PKH prefix (235).
        wif = "cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N"
        key_address = reencode("mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB", 235)
        signature = node.signmessagewithprivkey(wif, "This is just a test message")
        assert_equal(signature, "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0=")
        assert_equal(node.verifymessage(key_address, signature, "This is just a test message"), True)
        assert_equal(node.verifymessage(key_address, signature, "another message"), False)
        assert_equal(node.cli("verifymessage", key_address, signature, "This is just a test message"), "true\n")
        assert_raises_rpc(-5, "Invalid private key", node.signmessagewithprivkey, "notakey", "hello")
        assert_raises_rpc(-3, "Invalid address", node.verifymessage, "nonsense", "AAAA", "hello")
        assert_raises_rpc(-5, "Malformed base64 encoding", node.verifymessage, address, "AAA", "hello")

        self.log("fee estimators without data")
        assert_equal(node.estimatefee(1), -1)
        assert_equal(node.estimatepriority(6), -1)
        assert_equal(node.estimatesmartfee(6)["feerate"], -1)

        self.log("getrawtransaction with and without -txindex")
        assert_equal(node.getrawtransaction(funding, 1)["blockhash"], node.getbestblockhash())
        assert_raises_rpc(-5, "No such mempool transaction. Use -txindex", plain.getrawtransaction, "11" * 32)
        assert_raises_rpc(-5, "No such mempool or blockchain transaction", node.getrawtransaction, "11" * 32)
        assert_raises_rpc(-8, "parameter 1 must be of length 64", node.getrawtransaction, "11")


if __name__ == "__main__":
    RawTransactionTest().main()
