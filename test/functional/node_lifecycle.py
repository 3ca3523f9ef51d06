#!/usr/bin/env python3
"""The daemon's life: option errors at start-up (unknown options on the command line and in ocean.conf,
bad datadir, -testnet), the data-directory lock, the pid file, -daemon, debug.log reopened on SIGHUP,
SIGTERM and the stop RPC flushing state, restart persistence, -reindex and -reindex-chainstate giving the
same state, and kill -9 at random moments while blocks are being generated."""
import json
import os
import random
import signal
import subprocess
import time

from test_framework.test_framework import OceanTestFramework
from test_framework.util import assert_equal, assert_true, wait_until


class LifecycleTest(OceanTestFramework):
    def extra_conf(self, index):
        return ["initialfreecoins=2100000000000000"]

    def run_test(self):
        node = self.nodes[0]
        self.test_option_errors(node)
        self.test_lock_and_pid(node)
        self.test_signals_and_log(node)
        self.test_persistence(node)
        self.test_kill9(node)
        self.test_stop_during_generate(node)
        self.test_daemon(node)

    def test_option_errors(self, node):
        self.log("option errors stop the daemon with a clear message")
        err = node.start_expect_failure(["-bogusoption=1"])
        assert_true("Argument -bogusoption not recognised." in err, err)
        err = node.start_expect_failure(["-testnet"])
        assert_true("Invalid option -testnet: try -chain=elementsregtest instead." in err, err)
        err = node.start_expect_failure(["-datadir=/nonexistent/ocean"])
        assert_true('Specified data directory "/nonexistent/ocean" does not exist.' in err, err)
        err = node.start_expect_failure(["-rpcserialversion=2"])
        assert_true("unknown rpcserialversion requested." in err, err)
        conf = open(node.conf_path).read()
        with open(node.conf_path, "a") as f:
            f.write("bogusconfname=1\n")
        err = node.start_expect_failure([])
        assert_true("Config parameter bogusconfname not recognised." in err, err)
        with open(node.conf_path, "w") as f:
            f.write(conf)
        err = node.start_expect_failure(["-signblockscript=zz"])
        assert_true("signblockscript" in err, err)

    def test_lock_and_pid(self, node):
        self.log("a second daemon on the same datadir is refused; pid file exists while running")
        pid_path = os.path.join(node.chaindir, "ocean-daemon.pid")
        assert_equal(int(open(pid_path).read().strip()), node.process.pid)
        err = node.start_expect_failure(["-rpcport=%d" % (node.rpcport + 1)])
        assert_true("Cannot obtain a lock on data directory" in err, err)
        assert_equal(node.getblockcount(), 0)  # the first one still serves
        node.stop()
        assert_true(not os.path.exists(pid_path), "pid file left behind")
        node.start(["-pid=custom.pid"])
        assert_true(os.path.exists(os.path.join(node.chaindir, "custom.pid")))
        node.stop()
        node.start()

    def test_signals_and_log(self, node):
        self.log("SIGHUP reopens debug.log; SIGTERM shuts down cleanly")
        log = os.path.join(node.chaindir, "debug.log")
        rotated = log + ".1"
        os.rename(log, rotated)
        node.signal(signal.SIGHUP)
        wait_until(lambda: os.path.exists(log), what="debug.log reopened")
        node.generate(1)
        node.signal(signal.SIGTERM)
        node.wait_for_exit()
        text = open(log).read()
        assert_true("Shutdown: done" in text, text[-2000:])
        node.start()
        assert_equal(node.getblockcount(), 1)

    def state(self, node):
        info = node.gettxoutsetinfo()
        return (node.getbestblockhash(), node.getblockcount(), info["hash_serialized"], info["txouts"])

    def test_persistence(self, node):
        self.log("restart, -reindex and -reindex-chainstate keep the same state")
        node.generate(20)
        before = self.state(node)
        node.restart()
        assert_equal(self.state(node), before)
        node.restart(["-reindex"])
        assert_equal(self.state(node), before)
        node.restart(["-reindex-chainstate"])
        assert_equal(self.state(node), before)
        node.restart(["-checklevel=4", "-checkblocks=0"])
        assert_equal(self.state(node), before)
        log = node.debug_log()
        assert_true("Verifying blocks" in log or "Verifying last" in log, "no verification logged")

    def test_kill9(self, node):
        self.log("kill -9 while generating blocks, 8 times: the node restarts consistent")
        rng = random.Random(42)
        for round_ in range(8):
            proc = subprocess.Popen([node.cli_path, "-datadir=" + node.datadir, "generate", "50"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, 0.6))
            node.kill()
            proc.wait()
            node.start()
            height = node.getblockcount()
            assert_equal(node.getblockhash(height), node.getbestblockhash())
            assert_true(node.verifychain(4, 0), "verifychain failed after kill -9")
            info = node.gettxoutsetinfo()
            assert_equal(info["height"], height)
        self.log("height after the kills: %d" % node.getblockcount())

    def test_stop_during_generate(self, node):
        self.log("stop during a long generate: the call returns the blocks made so far, the node exits")
        start = node.getblockcount()
        proc = subprocess.Popen([node.cli_path, "-datadir=" + node.datadir, "generate", "100000"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_until(lambda: node.getblockcount() > start + 2, what="generate under way")
        node.rpc.stop()
        node.wait_for_exit(timeout=60)
        out, err = proc.communicate(timeout=60)
        assert_equal(proc.returncode, 0)
        made = len(json.loads(out))
        assert_true(0 < made < 100000, "generate made %d blocks" % made)
        node.start()
        assert_equal(node.getblockcount(), start + made)

    def test_daemon(self, node):
        self.log("-daemon: the parent returns once the node serves RPC")
        node.stop()
        r = subprocess.run([node.oceand, "-datadir=" + node.datadir, "-daemon"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=120)
        assert_equal(r.returncode, 0)
        pid = int(open(os.path.join(node.chaindir, "ocean-daemon.pid")).read())
        node._rpc = None
        node.wait_for_rpc()
        node.rpc.stop()
        wait_until(lambda: not os.path.exists("/proc/%d" % pid), what="daemon exit")
        node.process = None


if __name__ == "__main__":
    LifecycleTest().main()
