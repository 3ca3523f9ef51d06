#!/usr/bin/env python3
"""signrawtransaction without a wallet, and Ocean's raw issuance builders, on a dev chain whose genesis
free coins and ISSUANCE policy coins pay to the P2PKH of a test key: a P2PKH spend signed with a WIF key
(with and without prevtxs) is accepted and mined; a 2-of-3 P2SH multisig is signed in two passes (and by
merging two separately signed copies); every sighash type; a P2SH-P2WPKH spend whose signature commits
to the amount; every documented error; createrawburn, createrawissuance and createrawreissuance results
decoded, signed, accepted and mined."""
from decimal import Decimal

from test_framework.keys import p2pkh_script, p2sh_script, p2wpkh_script, pubkey, wif
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true

SECRETS = [0x1111 * (i + 1) + (i << 200) for i in range(4)]
PUB = [pubkey(s) for s in SECRETS]
WIF = [wif(s) for s in SECRETS]
FEE = Decimal("0.0001")


class SignRawTransactionTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "initialfreecoinsdestination=" + p2pkh_script(PUB[0]),
                "policycoins=100000000000", "issuancecoinsdestination=" + p2pkh_script(PUB[0])]

    def address_of(self, node, pub):
        """The P2PKH address of a key, through decodescript of its P2PK script."""
        decoded = node.decodescript("21" + pub + "ac")
        address = decoded["addresses"][0]
        assert_equal(node.validateaddress(address)["scriptPubKey"], p2pkh_script(pub))
        return address

    def genesis_coins(self, node):
        genesis = node.getblock(node.getblockhash(0), 2)
        coins = {}
        for tx in genesis["tx"]:
            for out in tx["vout"]:
                if out["scriptPubKey"]["hex"] == p2pkh_script(PUB[0]) and out.get("value", 0) > 0:
                    coins.setdefault(out.get("assetlabel", out["asset"]), []).append(
                        (tx["txid"], out["n"], Decimal(out["value"]), out["asset"]))
        return coins

    def send_and_mine(self, node, hexstr):
        txid = node.sendrawtransaction(hexstr)
        block = node.generate(1)[0]
        assert txid in node.getblock(block)["tx"], "transaction not mined"
        assert_equal(node.getrawmempool(), [])
        return txid

    def run_test(self):
        node = self.nodes[0]
        addr = [self.address_of(node, p) for p in PUB]
        coins = self.genesis_coins(node)
        free = coins["CBT"]
        issuance_coins = coins["ISSUANCE"]
        assert len(free) == 100 and len(issuance_coins) == 100, {k: len(v) for k, v in coins.items()}
        node.generate(1)

        self.log("P2PKH: unsigned, then signed with a WIF key, accepted and mined")
        txid, n, value, asset = free.pop()
        raw = node.createrawtransaction([{"txid": txid, "vout": n}], {addr[1]: value - FEE, "fee": FEE})
        res = node.signrawtransaction(raw)
        assert_equal(res["complete"], False)
        assert_equal(res["hex"], raw)
        err = res["errors"][0]
        assert_equal((err["txid"], err["vout"], err["scriptSig"], err["sequence"]), (txid, n, "", 0xffffffff))
        assert_true(err["error"].startswith("Operation not valid with the current stack size"), err)
        res = node.signrawtransaction(raw, [], [WIF[1]])  # not the right key
        assert_equal(res["complete"], False)
        signed = node.signrawtransaction(raw, None, [WIF[0]])
        assert_equal(signed["complete"], True)
        assert "errors" not in signed
        prevtxs = [{"txid": txid, "vout": n, "scriptPubKey": p2pkh_script(PUB[0]), "amount": value}]
        with_prev = node.signrawtransaction(raw, prevtxs, [WIF[0]], "ALL")
        assert_equal(with_prev, signed)  # RFC6979 signatures: deterministic
        asm = node.decoderawtransaction(signed["hex"])["vin"][0]["scriptSig"]["asm"]
        assert_true(asm.endswith("[ALL] " + PUB[0]), asm)
        assert_equal(node.testmempoolaccept(signed["hex"])["allowed"], True)
        p2pkh_txid = self.send_and_mine(node, signed["hex"])
        # Spent now: the input is no longer found.
        res = node.signrawtransaction(raw, None, [WIF[0]])
        assert_equal(res["errors"][0]["error"], "Input not found or already spent")

        self.log("an unconfirmed output is found in the mempool")
        parent = node.signrawtransaction(
            node.createrawtransaction([{"txid": p2pkh_txid, "vout": 0}], {addr[2]: value - 3 * FEE, "fee": 2 * FEE}),
            None, [WIF[1]])
        assert_equal(parent["complete"], True)
        parent_txid = node.sendrawtransaction(parent["hex"])
        child = node.signrawtransaction(
            node.createrawtransaction([{"txid": parent_txid, "vout": 0}], {addr[3]: value - 4 * FEE, "fee": FEE}),
            None, [WIF[2]])
        assert_equal(child["complete"], True)
        node.sendrawtransaction(child["hex"])
        node.generate(1)
        assert_equal(node.getrawmempool(), [])

        self.log("2-of-3 P2SH multisig signed in two passes")
        ms = node.createmultisig(2, [PUB[1], PUB[2], PUB[3]])
        assert_equal(node.validateaddress(ms["address"])["scriptPubKey"], p2sh_script(ms["redeemScript"]))
        txid, n, value, asset = free.pop()
        fund = node.signrawtransaction(
            node.createrawtransaction([{"txid": txid, "vout": n}], {ms["address"]: value - FEE, "fee": FEE}),
            None, [WIF[0]])
        fund_txid = self.send_and_mine(node, fund["hex"])
        ms_value = value - FEE
        spend = node.createrawtransaction([{"txid": fund_txid, "vout": 0}], {addr[0]: ms_value - FEE, "fee": FEE})
        prev = [{"txid": fund_txid, "vout": 0, "scriptPubKey": p2sh_script(ms["redeemScript"]),
                 "redeemScript": ms["redeemScript"], "amount": ms_value}]
        first = node.signrawtransaction(spend, prev, [WIF[3]])
        assert_equal(first["complete"], False)
        assert_equal(len(first["errors"]), 1)
        second = node.signrawtransaction(first["hex"], prev, [WIF[1]])
        assert_equal(second["complete"], True)
        # Signing it again with no keys keeps it complete.
        assert_equal(node.signrawtransaction(second["hex"])["complete"], True)
        # Two copies signed separately merge when concatenated.
        other = node.signrawtransaction(spend, prev, [WIF[2]])
        assert_equal(other["complete"], False)
        merged = node.signrawtransaction(first["hex"] + other["hex"])
        assert_equal(merged["complete"], True)
        assert_raises_rpc(-26, None, node.sendrawtransaction, first["hex"])
        self.send_and_mine(node, second["hex"])

        self.log("sighash types")
        for hash_type in ["ALL", "NONE", "SINGLE", "ALL|ANYONECANPAY", "NONE|ANYONECANPAY", "SINGLE|ANYONECANPAY"]:
            txid, n, value, asset = free[-1]
            raw = node.createrawtransaction([{"txid": txid, "vout": n}], {addr[1]: value - FEE, "fee": FEE})
            res = node.signrawtransaction(raw, None, [WIF[0]], hash_type)
            assert_equal(res["complete"], True)
            asm = node.decoderawtransaction(res["hex"])["vin"][0]["scriptSig"]["asm"]
            assert_true("[%s]" % hash_type in asm, asm)
            assert_equal(node.testmempoolaccept(res["hex"])["allowed"], True)
        free.pop()
        self.send_and_mine(node, res["hex"])
        # NONE leaves the outputs free: change them after signing and it still verifies.
        txid, n, value, asset = free.pop()
        raw = node.createrawtransaction([{"txid": txid, "vout": n}], {addr[1]: value - FEE, "fee": FEE})
        signed_none = node.signrawtransaction(raw, None, [WIF[0]], "NONE")["hex"]
        changed = node.createrawtransaction([{"txid": txid, "vout": n}], {addr[2]: value - FEE, "fee": FEE})
        script_sig = node.decoderawtransaction(signed_none)["vin"][0]["scriptSig"]["hex"]
        outpoint = bytes.fromhex(txid)[::-1].hex() + n.to_bytes(4, "little").hex()
        pos = changed.index(outpoint) + len(outpoint)
        changed = changed[:pos] + "%02x" % (len(script_sig) // 2) + script_sig + changed[pos + 2:]
        assert_equal(node.signrawtransaction(changed)["complete"], True)
        self.send_and_mine(node, changed)

        self.log("P2SH-P2WPKH: the witness signature commits to the amount")
        witness_program = p2wpkh_script(PUB[1])
        wrapped = node.decodescript(witness_program)["p2sh"]
        txid, n, value, asset = free.pop()
        fund = node.signrawtransaction(
            node.createrawtransaction([{"txid": txid, "vout": n}], {wrapped: value - FEE, "fee": FEE}),
            None, [WIF[0]])
        fund_txid = self.send_and_mine(node, fund["hex"])
        spend = node.createrawtransaction([{"txid": fund_txid, "vout": 0}], {addr[0]: value - 2 * FEE, "fee": FEE})
        prev = [{"txid": fund_txid, "vout": 0, "scriptPubKey": p2sh_script(witness_program),
                 "redeemScript": witness_program, "amount": value - FEE}]
        res = node.signrawtransaction(spend, prev, [WIF[1]])
        assert_equal(res["complete"], True)
        assert_equal(len(node.decoderawtransaction(res["hex"])["vin"][0]["scriptWitness"]), 2)
        wrong = [dict(prev[0], amount=value)]
        assert_equal(node.signrawtransaction(res["hex"], wrong)["complete"], False)
        self.send_and_mine(node, res["hex"])

        self.log("errors")
        txid, n, value, asset = free[-1]
        raw = node.createrawtransaction([{"txid": txid, "vout": n}], {addr[1]: value - FEE, "fee": FEE})
        assert_raises_rpc(-8, "argument 1 must be hexadecimal string (not '00zz')", node.signrawtransaction, "00zz")
        assert_raises_rpc(-8, "argument 1 must be hexadecimal string (not '')", node.signrawtransaction, "")
        assert_raises_rpc(-22, "TX decode failed", node.signrawtransaction, "0000")
        assert_raises_rpc(-22, "TX decode failed", node.signrawtransaction, raw + "00")
        assert_raises_rpc(-3, "Expected type string, got number", node.signrawtransaction, 1)
        assert_raises_rpc(-3, "Expected type array, got string", node.signrawtransaction, raw, "x")
        assert_raises_rpc(-3, "Expected type array, got object", node.signrawtransaction, raw, [], {})
        assert_raises_rpc(-3, "Expected type string, got number", node.signrawtransaction, raw, [], [], 1)
        assert_raises_rpc(-1, "signrawtransaction", node.signrawtransaction)
        assert_raises_rpc(-1, "signrawtransaction", node.signrawtransaction, raw, [], [], "ALL", 5)
        assert_raises_rpc(-5, "Invalid private key", node.signrawtransaction, raw, [], ["notakey"])
        assert_raises_rpc(-5, "Invalid private key", node.signrawtransaction, raw, [], [wif(SECRETS[0], prefix=128)])
        assert_raises_rpc(-8, "Invalid sighash param", node.signrawtransaction, raw, [], [WIF[0]], "ANYONECANPAY")
        assert_raises_rpc(-22, "expected object with", node.signrawtransaction, raw, [1])
        spk = p2pkh_script(PUB[0])
        assert_raises_rpc(-3, "Missing txid", node.signrawtransaction, raw, [{"vout": 0, "scriptPubKey": spk}])
        assert_raises_rpc(-3, "Missing vout", node.signrawtransaction, raw, [{"txid": txid, "scriptPubKey": spk}])
        assert_raises_rpc(-3, "Missing scriptPubKey", node.signrawtransaction, raw, [{"txid": txid, "vout": n}])
        assert_raises_rpc(-3, "Expected type number for vout, got string", node.signrawtransaction, raw,
                          [{"txid": txid, "vout": "0", "scriptPubKey": spk}])
        assert_raises_rpc(-8, "txid must be hexadecimal string", node.signrawtransaction, raw,
                          [{"txid": "zz", "vout": 0, "scriptPubKey": spk}])
        assert_raises_rpc(-22, "vout must be positive", node.signrawtransaction, raw,
                          [{"txid": txid, "vout": -1, "scriptPubKey": spk}])
        assert_raises_rpc(-8, "scriptPubKey must be hexadecimal string", node.signrawtransaction, raw,
                          [{"txid": txid, "vout": n, "scriptPubKey": "xy"}])
        assert_raises_rpc(-22, "Previous output scriptPubKey mismatch:\nOP_DUP OP_HASH160", node.signrawtransaction,
                          raw, [{"txid": txid, "vout": n, "scriptPubKey": "51"}])
        assert_raises_rpc(-3, "Missing redeemScript", node.signrawtransaction, raw,
                          [{"txid": "33" * 32, "vout": 0, "scriptPubKey": p2sh_script("51")}], [WIF[0]])
        assert_raises_rpc(-3, "Amount out of range", node.signrawtransaction, raw,
                          [{"txid": "33" * 32, "vout": 0, "scriptPubKey": "51", "amount": -1}])
        # An unknown input without prevtxs is reported, not fatal; with prevtxs it is signed.
        unknown = node.createrawtransaction([{"txid": "44" * 32, "vout": 3}], {addr[1]: 1})
        res = node.signrawtransaction(unknown, None, [WIF[0]])
        assert_equal(res["errors"][0]["error"], "Input not found or already spent")
        assert_equal(res["errors"][0]["vout"], 3)
        res = node.signrawtransaction(unknown, [{"txid": "44" * 32, "vout": 3, "scriptPubKey": spk}], [WIF[0]])
        assert_equal(res["complete"], True)

        self.log("createrawburn")
        txid, n, value, asset = free.pop()
        burn = node.createrawburn(txid, str(n), asset, value)
        assert_equal(node.createrawburn(txid, n, asset, str(value)), burn)  # vout as a number, amount as text
        decoded = node.decoderawtransaction(burn["hex"])
        assert_equal(len(decoded["vin"]), 1)
        assert_equal((decoded["vin"][0]["txid"], decoded["vin"][0]["vout"]), (txid, n))
        assert_equal(len(decoded["vout"]), 1)
        assert_equal(decoded["vout"][0]["scriptPubKey"]["hex"], "6a")
        assert_equal((decoded["vout"][0]["asset"], decoded["vout"][0]["value"]), (asset, value))
        assert_raises_rpc(-1, "createrawissuance", node.createrawburn, txid, str(n), asset)
        assert_raises_rpc(-3, None, node.createrawburn, txid, str(n), asset, "x")
        signed = node.signrawtransaction(burn["hex"], None, [WIF[0]])
        assert_equal(signed["complete"], True)
        self.send_and_mine(node, signed["hex"])

        self.log("createrawissuance")
        txid, n, value, issuance_asset = issuance_coins.pop()
        res = node.createrawissuance(addr[1], 1000, addr[1], 2, addr[0], value, "2", txid, str(n))
        assert_equal(sorted(res.keys()), ["asset", "entropy", "rawtx", "token", "vin"])
        assert_equal(res["vin"], 0)
        decoded = node.decoderawtransaction(res["rawtx"])
        issuance = decoded["vin"][0]["issuance"]
        assert_equal((issuance["assetEntropy"], issuance["asset"], issuance["token"], issuance["isreissuance"]),
                     (res["entropy"], res["asset"], res["token"], False))
        assert_equal((issuance["assetamount"], issuance["tokenamount"]), (1000, 2))
        assert_equal([(o["asset"], o["value"]) for o in decoded["vout"]],
                     [(res["asset"], 1000), (res["token"], 2), (issuance_asset, value / 2), (issuance_asset, value / 2)])
        assert_raises_rpc(-1, "JSON value is not a string", node.createrawissuance, addr[1], 1000, addr[1], 2,
                          addr[0], value, 2, txid, str(n))
        assert_raises_rpc(-5, "Invalid Bitcoin address", node.createrawissuance, "nope", 1000, addr[1], 2, addr[0],
                          value, "2", txid, str(n))
        assert_raises_rpc(-1, "createrawissuance", node.createrawissuance, addr[1], 1000)
        signed = node.signrawtransaction(res["rawtx"], None, [WIF[0]])
        assert_equal(signed["complete"], True)
        issue_txid = self.send_and_mine(node, signed["hex"])

        self.log("createrawreissuance")
        re = node.createrawreissuance(addr[2], 500, addr[1], 2, issue_txid, "1", res["entropy"])
        assert_equal(sorted(re.keys()), ["asset", "hex", "token"])
        assert_equal((re["asset"], re["token"]), (res["asset"], res["token"]))
        decoded = node.decoderawtransaction(re["hex"])
        assert_equal((decoded["vin"][0]["txid"], decoded["vin"][0]["vout"]), (issue_txid, 1))
        assert_equal([(o["asset"], o["value"]) for o in decoded["vout"]], [(res["asset"], 500), (res["token"], 2)])
        reissuance = decoded["vin"][0]["issuance"]
        assert_equal((reissuance["isreissuance"], reissuance["asset"], reissuance["assetamount"]),
                     (True, res["asset"], 500))
        assert_raises_rpc(-1, "createrawreissuance", node.createrawreissuance, addr[2], 500, addr[1], 2, issue_txid,
                          "1", res["entropy"], "x", "y")
        signed = node.signrawtransaction(re["hex"], None, [WIF[1]])
        assert_equal(signed["complete"], True)
        self.send_and_mine(node, signed["hex"])


if __name__ == "__main__":
    SignRawTransactionTest().main()
