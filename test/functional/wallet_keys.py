#!/usr/bin/env python3
"""Wallet key RPCs (src/rpc/wallet_keys.cpp): new addresses and accounts, validateaddress's wallet fields
with Ocean's derivedpubkey and the contract tweak (address = hash160(derivedpubkey + c·G)), derived-key
files (getderivedkeys, dumpderivedkeys, validatederivedkeys and each of its errors), dumpprivkey and
importprivkey into a second node with a rescan, watch-only imports (importaddress, importpubkey,
importmulti), multisig and witness addresses, dumpwallet / importwallet, backupwallet and a restore,
signmessage, dumpassetlabels, encryption (encryptwallet stops the node; locked, wrong and right
passphrases, relock after the timeout, walletlock, walletpassphrasechange) and passphrases kept out of
debug.log with -debug=rpc."""
import os
import shutil
import stat
import time
from decimal import Decimal

from test_framework import keys
from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_raises_rpc, assert_true, wait_until

CONTRACT = "These are the terms and conditions of the wallet_keys test chain.\n"
PASS1 = "correct-horse-battery-5711"
PASS2 = "new-passphrase-9923"


def address_hash(addr):
    return keys.b58decode_check(addr)[1:21]


def decompress(pub_hex):
    b = bytes.fromhex(pub_hex)
    x = int.from_bytes(b[1:33], "big")
    y = pow((x * x * x + 7) % keys.P, (keys.P + 1) // 4, keys.P)
    if (y & 1) != (b[0] & 1):
        y = keys.P - y
    return (x, y)


def tweak(pub_hex, contract_hash):
    """P + c·G with c the raw contract hash read big-endian (policy.md §13), compressed."""
    c = int.from_bytes(contract_hash, "big")
    x, y = keys._add(decompress(pub_hex), keys._mul(c))
    return ("03" if y & 1 else "02") + x.to_bytes(32, "big").hex()


class WalletKeysTest(OceanTestFramework):
    num_nodes = 2

    def extra_conf(self, index):
        terms = os.path.join(self.tmpdir, "node%d" % index, "terms-and-conditions", self.chain)
        os.makedirs(terms, exist_ok=True)
        with open(os.path.join(terms, "latest.txt"), "w") as f:
            f.write(CONTRACT)
        return ["initialfreecoins=2100000000000000", "debug=rpc"]

    def fund(self, node, address, value):
        """Spends a genesis OP_TRUE coin to `address` (value) and mines it."""
        genesis = node.getblock(node.getblockhash(0), 2)
        for tx in genesis["tx"]:
            for out in tx["vout"]:
                if out["scriptPubKey"]["hex"] == "51" and Decimal(out.get("value", 0)) > value + 1 and \
                        (tx["txid"], out["n"]) not in self.used:
                    self.used.add((tx["txid"], out["n"]))
                    fee = Decimal("0.001")
                    rest = Decimal(out["value"]) - value - fee
                    raw = node.createrawtransaction([{"txid": tx["txid"], "vout": out["n"]}],
                                                    {address: value, self.p2sh_true: rest, "fee": fee})
                    txid = node.sendrawtransaction(raw)
                    node.generate(1)
                    return txid
        raise AssertionError("no free coin left")

    def run_test(self):
        n0, n1 = self.nodes
        self.used = set()
        self.p2sh_true = n0.decodescript("51")["p2sh"]
        contract_hash = keys.sha256d(CONTRACT.encode())
        assert_equal(n0.getcontracthash(0), contract_hash[::-1].hex())

        self.log("addresses and accounts")
        a1 = n0.getnewaddress()
        a2 = n0.getnewaddress("acct1")
        assert_equal(n0.getaccount(a1), "")
        assert_equal(n0.getaccount(a2), "acct1")
        assert_raises_rpc(-11, "Invalid account name", n0.getnewaddress, "*")
        assert_raises_rpc(-5, "Invalid Bitcoin address", n0.getaccount, "notanaddress")
        n0.setaccount(a1, "acct2")
        assert_equal(n0.getaccount(a1), "acct2")
        assert_equal(n0.getaddressesbyaccount("acct2"), [a1])
        acct_addr = n0.getaccountaddress("acct3")
        assert_equal(n0.getaccountaddress("acct3"), acct_addr)
        assert_equal(n0.getaccount(acct_addr), "acct3")
        accounts = n0.listaccounts()
        for name in ("acct1", "acct2", "acct3"):
            assert_equal(accounts[name], Decimal(0))
        change = n0.getrawchangeaddress()
        assert_equal(n0.getaccount(change), "")
        assert_true(n0.validateaddress(change)["ismine"])
        assert_true("account" not in n0.validateaddress(change))
        assert_raises_rpc(-4, "setaccount can only be used with own address", n0.setaccount, self.p2sh_true, "x")

        self.log("validateaddress and the contract tweak")
        info = n0.validateaddress(a2)
        assert_true(info["ismine"])
        assert_equal(info["iswatchonly"], False)
        assert_equal(info["isscript"], False)
        assert_equal(info["iscompressed"], True)
        assert_equal(info["account"], "acct1")
        assert_true(info["hdkeypath"].startswith("m/0'/0'/"))
        assert_equal(len(info["hdmasterkeyid"]), 40)
        assert_equal(tweak(info["derivedpubkey"], contract_hash), info["pubkey"])
        assert_equal(keys.hash160(bytes.fromhex(info["pubkey"])), address_hash(a2))
        assert_true(info["derivedpubkey"] != info["pubkey"])

        self.log("derived keys")
        derived = n0.getderivedkeys()
        assert_equal(len(derived["address"]), len(derived["bpubkey"]))
        assert_true(len(derived["address"]) > 0)
        for addr, bpub in list(zip(derived["address"], derived["bpubkey"]))[:3]:
            assert_equal(keys.hash160(bytes.fromhex(tweak(bpub, contract_hash))), address_hash(addr))
        assert_equal(n0.dumpderivedkeys("derived.txt"), None)
        path = os.path.join(n0.chaindir, "derived.txt")
        lines = [l for l in open(path).read().splitlines() if l and not l.startswith("#")]
        assert_equal(lines[0], derived["address"][0] + " " + derived["bpubkey"][0])
        assert_equal(n0.validatederivedkeys("derived.txt"), None)
        assert_equal(n0.validatederivedkeys(path), None)
        assert_raises_rpc(-8, None, n0.validatederivedkeys, "missing.txt")
        good = lines[0].split(" ")
        p2sh_line = self.p2sh_true + " " + good[1]
        cases = [("notanaddress " + good[1], -5, "Invalid Bitcoin address"),
                 (good[0] + " 02" + "00" * 32, -5, "Invalid public key"),
                 (p2sh_line, -5, "Invalid key id"),
                 (good[0] + " " + derived["bpubkey"][1], -32,
                  "Invalid key derivation when tweaking key with contract hash")]
        for i, (line, code, msg) in enumerate(cases):
            with open(os.path.join(n0.chaindir, "bad%d.txt" % i), "w") as f:
                f.write("# comment\n\n" + lines[1] + "\n" + line + "\n")
            assert_raises_rpc(code, msg, n0.validatederivedkeys, "bad%d.txt" % i)

        self.log("dumpprivkey, importprivkey with a rescan on a second node")
        self.fund(n0, a2, Decimal("12.5"))
        wif = n0.dumpprivkey(a2)
        assert_raises_rpc(-3, "Address does not refer to a key", n0.dumpprivkey, self.p2sh_true)
        assert_raises_rpc(-5, "Invalid Bitcoin address", n0.dumpprivkey, "xyz")
        foreign = n1.getnewaddress()
        assert_raises_rpc(-4, "Private key for address %s is not known" % foreign, n0.dumpprivkey, foreign)
        n1.connect_to(n0)
        self.sync_blocks()
        assert_equal(n1.listunspent(1, 9999999, [a2]), [])
        assert_raises_rpc(-5, "Invalid private key encoding", n1.importprivkey, "notawif")
        n1.importprivkey(wif, "imported")
        coins = n1.listunspent(1, 9999999, [a2])
        assert_equal(len(coins), 1)
        assert_equal(Decimal(coins[0]["amount"]), Decimal("12.5"))
        assert_equal(n1.getaccount(a2), "imported")
        assert_equal(n1.dumpprivkey(a2), wif)

        self.log("watch-only imports")
        a3 = n0.getnewaddress()
        self.fund(n0, a3, Decimal("3"))
        self.sync_blocks()
        n1.importaddress(a3, "watched")
        v = n1.validateaddress(a3)
        assert_equal((v["ismine"], v["iswatchonly"], v["account"]), (False, True, "watched"))
        assert_raises_rpc(-5, "Cannot use the p2sh flag with an address", n1.importaddress, a3, "", False, True)
        assert_raises_rpc(-5, "Invalid Bitcoin address or script", n1.importaddress, "zz")
        assert_raises_rpc(-4, "already contains the private key", n1.importaddress, a2)
        a4 = n0.getnewaddress()
        pub4 = n0.validateaddress(a4)["pubkey"]
        n1.importpubkey(pub4, "pk", False)
        v = n1.validateaddress(a4)
        assert_equal((v["iswatchonly"], v["pubkey"]), (True, pub4))
        n1.importpubkey(pub4, "pk", False, "ignored")
        assert_raises_rpc(-5, "Pubkey must be a hex string", n1.importpubkey, "zz")
        assert_raises_rpc(-5, "Pubkey is not a valid public key", n1.importpubkey, "02" + "00" * 32)
        a5 = n0.getnewaddress()
        res = n1.importmulti([{"scriptPubKey": {"address": a5}, "timestamp": "now", "watchonly": True,
                               "label": "multi"},
                              {"scriptPubKey": {"address": "bad"}, "timestamp": "now"},
                              {"scriptPubKey": "51", "timestamp": 0}],
                             {"rescan": False})
        assert_equal(res[0], {"success": True})
        assert_equal(res[1]["success"], False)
        assert_equal(res[1]["error"]["code"], -5)
        assert_equal(res[2]["error"]["message"], "Internal must be set for hex scriptPubKey")
        assert_equal(n1.validateaddress(a5)["iswatchonly"], True)
        assert_raises_rpc(-3, "Missing required timestamp field for key", n1.importmulti,
                          [{"scriptPubKey": {"address": a5}}])

        self.log("multisig and witness addresses, key pool")
        ms = n0.addmultisigaddress(2, [a1, pub4], "msig")
        v = n0.validateaddress(ms)
        assert_equal((v["isscript"], v["script"], v["sigsrequired"], v["account"]), (True, "multisig", 2, "msig"))
        assert_raises_rpc(-1, "does not refer to a key", n0.addmultisigaddress, 1, [self.p2sh_true])
        assert_raises_rpc(-1, "no full public key for address", n0.addmultisigaddress, 1, [foreign])
        assert_raises_rpc(-1, " Invalid public key: zz", n0.addmultisigaddress, 1, ["zz"])
        assert_raises_rpc(-1, "not enough keys supplied", n0.addmultisigaddress, 3, [a1, pub4])
        w = n0.addwitnessaddress(a1)
        assert_true(n0.validateaddress(w)["isscript"])
        assert_raises_rpc(-4, "Public key or redeemscript not known to wallet", n0.addwitnessaddress, foreign)
        n0.keypoolrefill(150)
        assert_true(len(n0.getderivedkeys()["address"]) >= 150)
        assert_raises_rpc(-8, "Invalid parameter, expected valid size.", n0.keypoolrefill, -1)

        self.log("signmessage, dumpassetlabels")
        sig = n0.signmessage(a2, "hello ocean")
        assert_true(n0.verifymessage(a2, sig, "hello ocean"))
        assert_raises_rpc(-3, "Invalid address", n0.signmessage, "xyz", "m")
        assert_raises_rpc(-3, "Address does not refer to key", n0.signmessage, ms, "m")
        assert_raises_rpc(-4, "Private key not available", n0.signmessage, foreign, "m")
        labels = n0.dumpassetlabels()
        assert_equal(len(labels["CBT"]), 64)

        self.log("dumpwallet / importwallet")
        assert_equal(n0.dumpwallet("dump.txt"), None)
        dump = os.path.join(n0.chaindir, "dump.txt")
        assert_equal(stat.S_IMODE(os.stat(dump).st_mode), 0o600)
        text = open(dump).read()
        assert_true(wif in text)
        assert_true("# extended private masterkey: " in text)
        assert_raises_rpc(-8, "already exists", n0.dumpwallet, "dump.txt")
        assert_raises_rpc(-8, "Cannot open wallet dump file", n1.importwallet, "nonexistent.txt")
        n1.importwallet(dump)
        assert_equal(n1.dumpprivkey(a3), n0.dumpprivkey(a3))
        assert_equal(len(n1.listunspent(1, 9999999, [a3])), 1)

        self.log("backupwallet and a restore")
        n0.backupwallet("backup1")
        backup = os.path.join(n0.chaindir, "backup1")
        assert_true(os.path.isdir(backup))
        balance0 = n0.getbalance()
        derived0 = n0.getderivedkeys()
        n1.stop()
        shutil.copytree(backup, os.path.join(n1.chaindir, "wallets", "restored"))
        n1.start(["-wallet=restored"])
        assert_equal(n1.dumpprivkey(a2), wif)
        assert_equal(n1.getbalance(), balance0)
        assert_equal(n1.getderivedkeys(), derived0)
        assert_equal(n1.getaccount(a2), "acct1")

        self.log("encryption")
        assert_raises_rpc(-15, "Error: running with an unencrypted wallet, but walletpassphrase was called.",
                          n0.walletpassphrase, PASS1, 10)
        assert_raises_rpc(-15, "but walletlock was called", n0.walletlock)
        assert_raises_rpc(-15, "but walletpassphrasechange was called", n0.walletpassphrasechange, "a", "b")
        msg = n0.encryptwallet(PASS1)
        assert_true("wallet encrypted" in msg)
        n0.wait_for_exit(60)
        n0.start()
        assert_raises_rpc(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.",
                          n0.dumpprivkey, a2)
        assert_raises_rpc(-13, None, n0.keypoolrefill)
        assert_raises_rpc(-13, None, n0.signmessage, a2, "m")
        assert_raises_rpc(-15, "Error: running with an encrypted wallet, but encryptwallet was called.",
                          n0.encryptwallet, "x")
        code = None
        for _ in range(300):
            try:
                n0.getnewaddress()
            except Exception as e:
                code = e.code
                break
        assert_equal(code, -12)
        assert_raises_rpc(-14, "Error: The wallet passphrase entered was incorrect.", n0.walletpassphrase, "wrong", 10)
        n0.walletpassphrase(PASS1, 2)
        assert_equal(n0.dumpprivkey(a2), wif)
        n0.getnewaddress()
        wait_until(lambda: self.locked(n0, a2), timeout=20, what="relock after the timeout")
        n0.walletpassphrase(PASS1, 1000)
        n0.walletlock()
        assert_true(self.locked(n0, a2))
        assert_raises_rpc(-14, "incorrect", n0.walletpassphrasechange, "wrong", PASS2)
        n0.walletpassphrasechange(PASS1, PASS2)
        assert_raises_rpc(-14, None, n0.walletpassphrase, PASS1, 10)
        n0.walletpassphrase(PASS2, 1000)
        # A later walletpassphrase replaces the pending relock.
        n0.walletpassphrase(PASS2, 1)
        n0.walletpassphrase(PASS2, 1000)
        time.sleep(2)
        assert_equal(n0.dumpprivkey(a2), wif)
        n0.walletlock()
        log = n0.debug_log()
        for secret in (PASS1, PASS2, wif):
            assert_true(secret not in log, "secret in debug.log")

    @staticmethod
    def locked(node, address):
        try:
            node.dumpprivkey(address)
            return False
        except Exception as e:
            return getattr(e, "code", None) == -13


if __name__ == "__main__":
    WalletKeysTest().main()
