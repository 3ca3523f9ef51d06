#!/usr/bin/env python3
"""Wallet and block notifications, the periodic rebroadcast, and the wallet's start-up options:
-walletnotify runs its command (with %s = txid) when a transaction enters the wallet and again when it
is confirmed; -blocknotify (with %s = block hash) when the tip changes; a failing command is logged and
changes nothing; the wallet rebroadcasts its unconfirmed transactions received more than 5 minutes
before (a peer connected after the send gets the transaction only then); -usehd=0 makes a non-HD wallet
and switching an existing wallet's kind is refused as Core 0.14 refuses it; -zapwallettxes (both modes);
-salvagewallet on a wallet whose LevelDB manifest is lost; -disablect=0 is refused."""
import os
import time

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_true, wait_until


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


class WalletNotifyTest(OceanTestFramework):
    num_nodes = 2

    def extra_conf(self, index):
        conf = ["initialfreecoins=2100000000000000"]
        if index == 0:
            base = os.path.join(self.tmpdir, "node0")
            self.wallet_file = os.path.join(base, "walletnotify.txt")
            self.block_file = os.path.join(base, "blocknotify.txt")
            conf += ["walletnotify=echo %%s >> '%s'" % self.wallet_file,
                     "blocknotify=echo %%s >> '%s'" % self.block_file,
                     "walletresendinterval=1"]
        return conf

    def run_test(self):
        n0, n1 = self.nodes

        self.log("-blocknotify: the new tip's hash after each generate")
        hashes = n0.generate(3)
        wait_until(lambda: hashes[-1] in lines(self.block_file), what="blocknotify of the last block")
        for h in lines(self.block_file):
            assert_true(n0.getblockheader(h)["confirmations"] >= 1, h)

        self.log("-walletnotify: a send is announced when stored and again when confirmed")
        address = n0.getnewaddress()
        txid = n0.sendtoaddress(address, 5)
        wait_until(lambda: txid in lines(self.wallet_file), what="walletnotify of the send")
        assert_equal(lines(self.wallet_file).count(txid), 1)
        n0.generate(1)
        wait_until(lambda: lines(self.wallet_file).count(txid) == 2, what="walletnotify of the confirmation")
        assert_equal(n0.gettransaction(txid)["confirmations"], 1)

        self.log("periodic rebroadcast: a peer that connects after the send gets it once it is 5 minutes old")
        n1.connect_to(n0)
        self.sync_blocks()
        pay = n0.sendtoaddress(n1.getnewaddress(), 7)
        wait_until(lambda: pay in n1.getrawmempool(), what="normal relay of a send")
        n1.stop()
        n1.start(["-connect=0", "-listen=1", "-persistmempool=0"])
        assert_true(pay not in n1.getrawmempool())
        n1.connect_to(n0)
        # Rebroadcast runs every second here but skips transactions received less than 5 minutes ago.
        time.sleep(3)
        assert_true(pay not in n1.getrawmempool(), "rebroadcast of a transaction younger than 5 minutes")
        n0.setmocktime(int(time.time()) + 6 * 60)
        wait_until(lambda: pay in n1.getrawmempool(), timeout=60, what="rebroadcast after 5 minutes")
        assert_true("Wallet: rebroadcast" in n0.debug_log())
        n0.setmocktime(0)

        self.log("a failing notification command is logged; the node goes on")
        n0.stop()
        n0.start(["-walletnotify=exit 7", "-blocknotify=false"])
        height = n0.getblockcount()
        n0.sendtoaddress(n0.getnewaddress(), 1)
        n0.generate(1)
        wait_until(lambda: "Notification command exited with status 7: exit 7" in n0.debug_log(),
                   what="the failure in debug.log")
        wait_until(lambda: "Notification command exited with status 1: false" in n0.debug_log(),
                   what="the blocknotify failure in debug.log")
        assert_equal(n0.getblockcount(), height + 1)  # the node goes on
        n0.stop()
        n0.start()

        self.log("-zapwallettxes=1: unconfirmed sends outside the mempool are gone, comments of the others stay")
        kept = n0.sendtoaddress(n0.getnewaddress(), 3, "kept-comment", "kept-to")
        n0.generate(1)
        n0.stop()
        n0.start(["-persistmempool=0", "-connect=0"])  # B will be in no mempool after the next restart
        lost = n0.sendtoaddress(n0.getnewaddress(), 4, "lost-comment")
        assert_equal(n0.gettransaction(lost)["confirmations"], 0)
        n0.stop()
        n0.start(["-zapwallettxes=1", "-persistmempool=0", "-connect=0"])
        assert_true("-zapwallettxes removed" in n0.debug_log())
        assert_equal(n0.gettransaction(kept)["comment"], "kept-comment")
        assert_equal(n0.gettransaction(kept)["to"], "kept-to")
        try:
            n0.gettransaction(lost)
            raise AssertionError("the zapped transaction is still in the wallet")
        except Exception as e:
            assert_true("Invalid or non-wallet transaction id" in str(e), str(e))
        assert_true(lost not in n0.getrawmempool())
        n0.stop()
        n0.start(["-zapwallettxes=2", "-connect=0"])
        assert_true("comment" not in n0.gettransaction(kept))
        assert_equal(n0.gettransaction(kept)["confirmations"], 1)
        n0.stop()
        err = n0.start_expect_failure(["-zapwallettxes=3"])
        assert_true("Invalid -zapwallettxes=3" in err, err)
        n0.start()

        self.log("-salvagewallet: a wallet whose LevelDB manifest is lost is rebuilt, after a backup copy")
        addr1 = n1.getnewaddress()
        master = n1.getwalletinfo()["hdmasterkeyid"]
        n1.stop()
        wdir = os.path.join(n1.chaindir, "wallets", "wallet.dat")
        for name in os.listdir(wdir):
            if name == "CURRENT" or name.startswith("MANIFEST-"):
                os.remove(os.path.join(wdir, name))
        err = n1.start_expect_failure([])
        assert_true("Cannot open wallet" in err, err)
        n1.start(["-salvagewallet"])
        assert_equal(n1.getwalletinfo()["hdmasterkeyid"], master)
        assert_true(n1.validateaddress(addr1)["ismine"])
        backups = [d for d in os.listdir(os.path.join(n1.chaindir, "wallets")) if d.endswith(".bak")]
        assert_equal(len(backups), 1)

        self.log("-usehd=0: a new wallet without an HD seed; the kind of an existing wallet cannot change")
        n1.stop()
        err = n1.start_expect_failure(["-usehd=0"])
        assert_true("You can't disable HD on an already existing HD wallet" in err, err)
        n1.start(["-usehd=0", "-wallet=plain"])
        info = n1.getwalletinfo()
        assert_true("hdmasterkeyid" not in info, info)
        assert_equal(info["keypoolsize"], 100)
        addr = n1.getnewaddress()
        v = n1.validateaddress(addr)
        assert_true(v["ismine"])
        assert_true("hdkeypath" not in v, v)
        n1.stop()
        err = n1.start_expect_failure(["-usehd=1", "-wallet=plain"])
        assert_true("You can't enable HD on an already existing non-HD wallet" in err, err)
        n1.start(["-wallet=plain"])  # -usehd unset: the wallet keeps its kind
        assert_true(n1.validateaddress(addr)["ismine"])
        assert_true("hdmasterkeyid" not in n1.getwalletinfo())
        n1.stop()

        self.log("-disablect=0 is refused with the reason")
        err = n1.start_expect_failure(["-disablect=0"])
        assert_true("confidential transactions are not supported" in err, err)
        n1.start()


if __name__ == "__main__":
    WalletNotifyTest().main()
