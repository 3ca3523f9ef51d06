#!/usr/bin/env python3
"""Policy lists (policy.md §5–§15) on a dev chain whose genesis issues the FREEZELIST, BURNLIST and
WHITELIST assets (100 outputs each) to OP_TRUE, so this test holds the policy tokens. Transactions are
built and signed here (Elements serialization, legacy SIGHASH_ALL, ECDSA with keys 1..5).

Checked: transactions to non-whitelisted addresses are rejected with "64: non-whitelisted-address"
(testmempoolaccept skips the rule); the whitelist, freezelist and burnlist RPCs and their errors;
freezelist/burnlist entries added by policy transactions that spend the list token, removed by spending
an entry (signed by the admin key), kept across restarts (rebuilt from the chain) and reverted by
invalidateblock / re-applied by reconsiderblock; whitelist entries registered and deregistered by
OP_REGISTERADDRESS transactions; the redemption flow (redemption to freezelisted addresses, burn of a
frozen output once burnlisted) with getutxoassetinfo's frozen figures; a zero-value FREEZELIST output
(which anyone can create) neither exempts a transaction from the whitelist nor adds an entry when mined;
-pkhwhitelist-encrypt and -pkhwhitelist-scan refused at start-up."""
import os
from decimal import Decimal

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc

# --- secp256k1 (test keys only): test_framework.keys ----------------------------------------------------
def pubkey(d):
    return bytes.fromhex(keys.pubkey(d))


sign = keys.sign


# --- Elements transactions ----------------------------------------------------------------------------
def compact(n):
    if n < 253:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + n.to_bytes(2, "little")
    return b"\xfe" + n.to_bytes(4, "little")


def push(data):
    if len(data) < 76:
        return bytes([len(data)]) + data
    if len(data) <= 255:
        return b"\x4c" + bytes([len(data)]) + data
    return b"\x4d" + len(data).to_bytes(2, "little") + data


def sats(v):
    return int((Decimal(v) * 100000000).to_integral_value())


class Tx:
    def __init__(self):
        self.vin = []   # [txid hex, n, scriptSig bytes, sequence]
        self.vout = []  # (asset hex, value in base units, script bytes)

    def add_in(self, txid, n):
        self.vin.append([txid, n, b"", 0xFFFFFFFF])
        return self

    def add_out(self, asset, value, script):
        self.vout.append((asset, value, script))
        return self

    def _outs(self):
        b = compact(len(self.vout))
        for asset, value, script in self.vout:
            b += b"\x01" + bytes.fromhex(asset)[::-1] + b"\x01" + value.to_bytes(8, "big") + b"\x00"
            b += compact(len(script)) + script
        return b

    def serialize(self):
        b = (2).to_bytes(4, "little") + b"\x00" + compact(len(self.vin))
        for txid, n, script_sig, seq in self.vin:
            b += bytes.fromhex(txid)[::-1] + n.to_bytes(4, "little") + compact(len(script_sig)) + script_sig
            b += seq.to_bytes(4, "little")
        return (b + self._outs() + (0).to_bytes(4, "little")).hex()

    def sighash_all(self, n_in, script_code):
        b = (2).to_bytes(4, "little") + compact(len(self.vin))
        for i, (txid, n, _, seq) in enumerate(self.vin):
            code = script_code if i == n_in else b""
            b += bytes.fromhex(txid)[::-1] + n.to_bytes(4, "little") + compact(len(code)) + code
            b += seq.to_bytes(4, "little")
        b += self._outs() + (0).to_bytes(4, "little") + (1).to_bytes(4, "little")
        return keys.sha256d(b)

    def sign_p2pkh(self, n_in, d, spent_script):
        sig = sign(d, self.sighash_all(n_in, spent_script)) + b"\x01"
        self.vin[n_in][2] = push(sig) + push(pubkey(d))

    def sign_multisig(self, n_in, d, spent_script):
        sig = sign(d, self.sighash_all(n_in, spent_script)) + b"\x01"
        self.vin[n_in][2] = b"\x00" + push(sig)


def p2pkh(h160):
    return b"\x76\xa9\x14" + h160 + b"\x88\xac"


def policy_script(admin_pub, h160):
    """OP_1 <admin> <02 00*12 hash160> OP_2 OP_CHECKMULTISIG (policy.md §10.1)."""
    return b"\x51\x21" + admin_pub + b"\x21\x02" + b"\0" * 12 + h160 + b"\x52\xae"


OP_TRUE = b"\x51"
ZERO_H160 = b"\0" * 20


class PolicyListsTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000", "policycoins=100000000000",
                "freezelistcoinsdestination=51", "burnlistcoinsdestination=51", "whitelistcoinsdestination=51",
                "pkhwhitelist=1", "freezelist=1", "burnlist=1"]

    # --- helpers ---
    def setup_chain(self):
        node = self.nodes[0]
        genesis = node.getblock(node.getblockhash(0), 2)
        self.asset = {}
        self.coins = {}
        for tx in genesis["tx"]:
            for out in tx["vout"]:
                label = out.get("assetlabel")
                if out["scriptPubKey"]["hex"] == "51" and label:
                    self.asset[label] = out["asset"]
                    self.coins.setdefault(label, []).append((tx["txid"], out["n"], sats(out["value"])))
        for label in ("CBT", "FREEZELIST", "BURNLIST", "WHITELIST"):
            assert label in self.asset, self.asset
        self.keys = {}
        for d in range(1, 6):
            pub = pubkey(d)
            address = node.decodescript((b"\x21" + pub + b"\xac").hex())["addresses"][0]
            self.keys[d] = (pub, address, keys.b58decode_check(address)[1:])

    def take(self, label):
        return self.coins[label].pop(0)

    def send(self, tx):
        return self.nodes[0].sendrawtransaction(tx.serialize())

    def mine(self):
        return self.nodes[0].generate(1)[0]

    def reject(self, tx, reason):
        assert_raises_rpc(-26, "64: " + reason, self.nodes[0].sendrawtransaction, tx.serialize())
        res = self.nodes[0].testmempoolaccept(tx.serialize())
        assert_equal(res["allowed"], True)  # test mode skips the list rules

    def policy_tx(self, label, add_ids, remove=()):
        """Spends a `label` token (and the entries in `remove`: (txid, n, value, id) signed with admin key
        1), creates one 1-unit entry per key id and returns the rest to OP_TRUE."""
        txid, n, value = self.take(label)
        tx = Tx().add_in(txid, n)
        for rtxid, rn, rvalue, rid in remove:
            tx.add_in(rtxid, rn)
            value += rvalue
        for h in add_ids:
            tx.add_out(self.asset[label], 1, policy_script(self.keys[1][0], h))
        tx.add_out(self.asset[label], value - len(add_ids), OP_TRUE)
        for i, (_, _, _, rid) in enumerate(remove):
            tx.sign_multisig(i + 1, 1, policy_script(self.keys[1][0], rid))
        return tx

    def frozen(self, d):
        return self.nodes[0].queryfreezelist(self.keys[d][1])

    def asset_info(self, label):
        for e in self.nodes[0].getutxoassetinfo():
            if e["asset"] == self.asset[label]:
                return e
        raise AssertionError("asset missing")

    # --- the test ---
    def run_test(self):
        node = self.nodes[0]
        self.setup_chain()
        node.generate(1)
        fee = sats("0.001")
        key_id = {d: self.keys[d][2] for d in self.keys}
        address = {d: self.keys[d][1] for d in self.keys}

        self.log("whitelist: a payment to a non-whitelisted P2PKH is rejected, then accepted once listed")
        txid0, n0, v0 = self.take("CBT")
        pay = Tx().add_in(txid0, n0).add_out(self.asset["CBT"], v0 - fee, p2pkh(key_id[1]))
        pay.add_out(self.asset["CBT"], fee, b"")
        self.reject(pay, "non-whitelisted-address")
        node.addtowhitelist(address[1], self.keys[1][0].hex())
        assert_equal(node.querywhitelist(address[1]), True)
        pay_txid = self.send(pay)
        self.mine()
        coin_a = (pay_txid, 0, v0 - fee)

        self.log("whitelist RPC errors")
        assert_raises_rpc(-8, "Set: address does not derive from public key when tweaked with contract hash",
                          node.addtowhitelist, address[2], self.keys[1][0].hex())
        assert_raises_rpc(-8, "add_derived: invalid Bitcoin address: nonsense", node.addtowhitelist, "nonsense",
                          self.keys[1][0].hex())
        assert_raises_rpc(-8, "Set: invalid public key", node.addtowhitelist, address[1], "02" + "00" * 32)
        assert_raises_rpc(-5, "Invalid  address", node.querywhitelist, "nonsense")
        assert_raises_rpc(-1, "kycaddress argument not implemented for unencrypted whitelist",
                          node.addmultitowhitelist, address[1], [self.keys[1][0].hex()], 1, "00")
        p2sh = node.createmultisig(1, [self.keys[4][0].hex(), self.keys[5][0].hex()])["address"]
        assert_raises_rpc(-8, "TryValid: address is not a P2SH address", node.addmultitowhitelist, address[1],
                          [self.keys[1][0].hex()], 1)
        assert_raises_rpc(-8, "TryValid: address does not derive from public keys when tweaked with contract hash",
                          node.addmultitowhitelist, p2sh, [self.keys[5][0].hex(), self.keys[4][0].hex()], 1)
        node.addmultitowhitelist(p2sh, [self.keys[4][0].hex(), self.keys[5][0].hex()], 1)
        assert_equal(node.querywhitelist(p2sh), True)
        assert_raises_rpc(-8, "kycpubkey argument not implemented for unencrypted whitelist", node.readwhitelist,
                          "x", "00")
        assert_raises_rpc(-8, "Cannot open key dump file", node.readwhitelist,
                          os.path.join(self.tmpdir, "missing.txt"))
        dump = os.path.join(self.tmpdir, "whitelist.txt")
        node.dumpwhitelist(dump)
        with open(dump) as f:
            text = f.read()
        assert text.startswith("# Whitelisted address dump - format: [address] [kyckey]\n"), text
        assert text.endswith("\n\n# End of dump\n"), text
        assert_equal(text.split("\n")[1:3], [address[1], p2sh])  # key ids first, then script ids
        node.clearwhitelist()
        assert_equal(node.querywhitelist(address[1]), False)
        keyfile = os.path.join(self.tmpdir, "keys.txt")
        with open(keyfile, "w") as f:
            f.write("# derived keys\n\n%s %s\n%s %s\n" % (address[1], self.keys[1][0].hex(),
                                                        address[2], self.keys[2][0].hex()))
        node.readwhitelist(keyfile)
        assert_equal([node.querywhitelist(address[d]) for d in (1, 2, 3)], [True, True, False])
        node.removefromwhitelist(address[2])
        assert_equal(node.querywhitelist(address[2]), False)

        self.log("freezelist/burnlist RPCs")
        assert_raises_rpc(-5, "Invalid key id", node.addtofreezelist, p2sh)
        assert_raises_rpc(-5, "Invalid  address", node.queryburnlist, "nonsense")
        node.addtofreezelist(address[5])
        node.addtoburnlist(address[5])
        assert_equal([node.queryfreezelist(address[5]), node.queryburnlist(address[5])], [True, True])
        node.removefromfreezelist(address[5])
        node.clearburnlist()
        assert_equal([node.queryfreezelist(address[5]), node.queryburnlist(address[5])], [False, False])
        node.addtofreezelist(address[5])
        node.clearfreezelist()
        assert_equal(node.queryfreezelist(address[5]), False)

        self.log("a zero-value FREEZELIST output exempts nothing: still non-whitelisted")
        txid1, n1, v1 = self.take("CBT")
        attack = Tx().add_in(txid1, n1)
        attack.add_out(self.asset["FREEZELIST"], 0, policy_script(self.keys[1][0], key_id[4]))
        attack.add_out(self.asset["CBT"], v1 - fee, p2pkh(key_id[3])).add_out(self.asset["CBT"], fee, b"")
        self.reject(attack, "non-whitelisted-address")

        self.log("policy transactions add freezelist entries; reorgs revert them; restarts rebuild them")
        add = self.policy_tx("FREEZELIST", [key_id[2], key_id[3]])
        add_txid = self.send(add)  # policy: exempt from the whitelist and fees
        assert_equal(self.frozen(2), False)
        add_block = self.mine()
        assert_equal([self.frozen(2), self.frozen(3)], [True, True])
        node.invalidateblock(add_block)
        assert_equal([self.frozen(2), self.frozen(3)], [False, False])
        assert add_txid in node.getrawmempool()
        node.reconsiderblock(add_block)
        assert_equal(node.getbestblockhash(), add_block)
        assert_equal([self.frozen(2), self.frozen(3)], [True, True])
        node.restart()
        assert_equal([self.frozen(2), self.frozen(3)], [True, True])

        self.log("the zero-value attack mined by a node without the whitelist adds no entry")
        node.restart(["-pkhwhitelist=0"])
        node.sendrawtransaction(attack.serialize())
        self.mine()
        assert_equal(self.frozen(4), False)
        node.restart()
        assert_equal(self.frozen(4), False)

        self.log("spending an entry (admin signature) removes it; a reorg below a restart restores it")
        remove = self.policy_tx("FREEZELIST", [key_id[4]], remove=[(add_txid, 1, 1, key_id[3])])
        self.send(remove)
        remove_block = self.mine()
        assert_equal([self.frozen(2), self.frozen(3), self.frozen(4)], [True, False, True])
        node.restart()
        assert_equal([self.frozen(2), self.frozen(3), self.frozen(4)], [True, False, True])
        node.invalidateblock(remove_block)
        assert_equal([self.frozen(2), self.frozen(3), self.frozen(4)], [True, True, False])
        node.reconsiderblock(remove_block)
        assert_equal([self.frozen(2), self.frozen(3), self.frozen(4)], [True, False, True])

        self.log("whitelist registration by OP_REGISTERADDRESS (v1 derived item) and deregistration")
        payload = b"\x00" + key_id[3] + self.keys[3][0]
        wtxid, wn, wvalue = self.take("WHITELIST")
        reg = Tx().add_in(wtxid, wn).add_out(self.asset["WHITELIST"], 0, b"\xb8\x51" + push(payload))
        reg.add_out(self.asset["WHITELIST"], wvalue, OP_TRUE)
        reg_txid = self.send(reg)
        reg_block = self.mine()
        assert_equal(node.querywhitelist(address[3]), True)
        node.invalidateblock(reg_block)
        assert_equal(node.querywhitelist(address[3]), False)
        node.reconsiderblock(reg_block)
        assert_equal(node.querywhitelist(address[3]), True)
        dereg = Tx().add_in(reg_txid, 1).add_out(self.asset["WHITELIST"], 0, b"\xb6\x51" + push(payload))
        dereg.add_out(self.asset["WHITELIST"], wvalue, OP_TRUE)
        self.send(dereg)
        self.mine()
        assert_equal(node.querywhitelist(address[3]), False)
        node.restart()
        assert_equal(node.querywhitelist(address[3]), False)
        node.readwhitelist(keyfile)  # the RPC-made entries were local: put keys 1 and 2 back

        self.log("redemption: only to freezelisted addresses, without a fee output")
        ctxid, cn, cvalue = coin_a
        bad = Tx().add_in(ctxid, cn).add_out(self.asset["CBT"], 0, p2pkh(ZERO_H160))
        bad.add_out(self.asset["CBT"], cvalue, p2pkh(key_id[1])).sign_p2pkh(0, 1, p2pkh(key_id[1]))
        self.reject(bad, "redemption-tx-not-freezelisted")
        redeem = Tx().add_in(ctxid, cn).add_out(self.asset["CBT"], 0, p2pkh(ZERO_H160))
        redeem.add_out(self.asset["CBT"], cvalue, p2pkh(key_id[2])).sign_p2pkh(0, 1, p2pkh(key_id[1]))
        redeem_txid = self.send(redeem)
        before = self.asset_info("CBT")
        self.mine()
        info = self.asset_info("CBT")
        assert_equal(info["frozentxouts"], before["frozentxouts"] + 2)
        assert_equal(info["amountfrozen"], before["amountfrozen"] + Decimal(cvalue) / 100000000)

        self.log("burn of a frozen output: refused until the address is burnlisted")
        spend = Tx().add_in(redeem_txid, 1).add_out(self.asset["CBT"], cvalue - fee, p2pkh(key_id[1]))
        spend.add_out(self.asset["CBT"], fee, b"").sign_p2pkh(0, 2, p2pkh(key_id[2]))
        self.reject(spend, "freezelist-address-input")
        burn = Tx().add_in(redeem_txid, 1).add_out(self.asset["CBT"], cvalue, b"\x6a")
        burn.sign_p2pkh(0, 2, p2pkh(key_id[2]))
        self.reject(burn, "freezelist-burn-no-burnlist")
        self.send(self.policy_tx("BURNLIST", [key_id[2]]))
        self.mine()
        assert_equal(node.queryburnlist(address[2]), True)
        self.send(burn)
        self.mine()
        info = self.asset_info("CBT")
        assert_equal(info["frozentxouts"], before["frozentxouts"] + 1)  # the zero-address output stays
        assert_equal(info["amountfrozen"], before["amountfrozen"])

        self.log("a burn from an address that is not burnlisted is rejected")
        txid2, n2, v2 = self.take("CBT")
        fund = Tx().add_in(txid2, n2).add_out(self.asset["CBT"], v2 - fee, p2pkh(key_id[1]))
        fund_txid = self.send(fund.add_out(self.asset["CBT"], fee, b""))
        self.mine()
        burn1 = Tx().add_in(fund_txid, 0).add_out(self.asset["CBT"], 1000, b"\x6a")
        burn1.add_out(self.asset["CBT"], v2 - 2 * fee - 1000, p2pkh(key_id[1])).add_out(self.asset["CBT"], fee, b"")
        burn1.sign_p2pkh(0, 1, p2pkh(key_id[1]))
        self.reject(burn1, "burn-tx-not-burnlisted")

        self.log("-pkhwhitelist-encrypt and -pkhwhitelist-scan are refused")
        node.stop()
        err = node.start_expect_failure(["-pkhwhitelist-encrypt=1"])
        assert "-pkhwhitelist-encrypt" in err and "not supported yet" in err, err
        err = node.start_expect_failure(["-pkhwhitelist=0", "-pkhwhitelist-scan=1"])
        assert "-pkhwhitelist-scan requires -pkhwhitelist-encrypt" in err, err
        node.start()
        assert_equal([self.frozen(2), self.frozen(4)], [True, True])
        assert_equal(node.queryburnlist(address[2]), True)


if __name__ == "__main__":
    PolicyListsTest().main()
