#!/usr/bin/env python3
"""The demo of contrib/federation.sh (what contrib/run.sh starts): a 2-of-3 federation of oceand signers
with SoftHSM2 keys and one full node on 127.0.0.1, in a temporary OCEAN_DEMO_DIR, with the binaries under
test given through OCEAND, OCEAN_CLI and OCEAN_HSM (the script must not build anything):
  * `start` sets up three tokens and keys, the 2-of-3 signblockscript and four ocean.conf files (PIN files
    0600, never on a command line), starts the four nodes and returns once the full node has 3 blocks,
    printing ocean-cli commands to try;
  * blocks keep coming, all four nodes agree on one chain whose challenge is the printed signblockscript,
    each signer signs with its PKCS#11 key, the full node only relays;
  * `start` on the running demo refuses and changes nothing; `status` shows heights and signer state;
  * `stop` ends every process cleanly (the PID files go away); `start` again reuses the keys and the chain
    and produces new blocks; `clean` stops and deletes the directory.
Whatever happens, leftover oceand processes (from the PID files and those seen running) are killed.
"""
import os
import re
import signal
import stat
import subprocess
import time

from test_framework.ports import reserve_ports
from test_framework.test_framework import OceanTestFramework
from test_framework.util import TestFailure, assert_equal, assert_true, wait_until

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCRIPT = os.path.join(REPO, "contrib", "federation.sh")
NODES = ["signer0", "signer1", "signer2", "fullnode"]
SIGNERS = NODES[:3]
CHAIN = "ocean_demo"
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def pick_base_port():
    # Node i uses base+10i+1 (RPC) and base+10i+2 (P2P): claim base+1 .. base+32 for this test (ports.py).
    return reserve_ports(10 * (len(NODES) - 1) + 2) - 1


class FederationDemoTest(OceanTestFramework):
    num_nodes = 0  # the script under test starts the nodes

    def run_test(self):
        if not os.path.exists(SOFTHSM_MODULE):
            raise TestFailure("SoftHSM2 is not installed (%s missing): contrib/install-deps.sh" % SOFTHSM_MODULE)
        oceand = os.path.abspath(self.options.oceand)
        self.cli_path = os.path.abspath(self.options.cli)
        hsm = os.path.join(os.path.dirname(oceand), "ocean-hsm")
        assert_true(os.access(hsm, os.X_OK), "ocean-hsm not found next to oceand: %s" % hsm)
        self.demo = os.path.join(os.path.realpath(self.tmpdir), "demo")
        self.env = dict(os.environ, OCEAN_DEMO_DIR=self.demo, OCEAND=oceand, OCEAN_CLI=self.cli_path,
                        OCEAN_HSM=hsm, OCEAN_DEMO_PORT=str(pick_base_port()), OCEAN_DEMO_TIMEOUT="75",
                        # A build directory that does not exist: the script must use the binaries above.
                        OCEAN_BUILD_DIR=os.path.join(self.tmpdir, "no-build-here"))
        self.env["OCEAN_DEMO_INTERVAL"] = "5"
        for name in ("SOFTHSM2_CONF", "OCEAN_HSM_MODULE"):
            self.env.pop(name, None)
        self.seen_pids = set()
        try:
            self.scenario()
        except Exception:
            for node in NODES:
                log = os.path.join(self.demo, node, CHAIN, "debug.log")
                if os.path.exists(log):
                    with open(log) as f:
                        print("---- %s debug.log (tail) ----\n%s" % (node, f.read()[-3000:]))
            raise
        finally:
            self.kill_leftovers()

    # --- helpers ---
    def script(self, command, expect_ok=True, timeout=110):
        t0 = time.time()
        r = subprocess.run([SCRIPT, command], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=timeout)
        self.log("federation.sh %s: exit %d after %.1fs" % (command, r.returncode, time.time() - t0))
        if expect_ok and r.returncode != 0:
            raise TestFailure("federation.sh %s failed (%d):\n%s" % (command, r.returncode, r.stdout))
        if not expect_ok and r.returncode == 0:
            raise TestFailure("federation.sh %s succeeded, expected a refusal:\n%s" % (command, r.stdout))
        return r.stdout

    def cli(self, node, *args):
        r = subprocess.run([self.cli_path, "-datadir=" + os.path.join(self.demo, node)] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
        if r.returncode != 0:
            raise TestFailure("ocean-cli %s %s failed (%d): %s" % (node, " ".join(args), r.returncode, r.stderr))
        return r.stdout.strip()

    def height(self, node):
        return int(self.cli(node, "getblockcount"))

    def pidfile(self, node):
        return os.path.join(self.demo, node, CHAIN, "ocean-daemon.pid")

    def pids(self):
        """node -> PID from the PID files that exist."""
        out = {}
        for node in NODES:
            try:
                with open(self.pidfile(node)) as f:
                    out[node] = int(f.read().strip())
            except (OSError, ValueError):
                pass
        self.seen_pids.update(out.values())
        return out

    @staticmethod
    def alive(pid):
        try:
            with open("/proc/%d/stat" % pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            return state not in ("Z", "X")
        except (OSError, IndexError):
            return False

    def is_demo_oceand(self, pid):
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = f.read().decode(errors="replace")
        except OSError:
            return False
        return "-datadir=" + self.demo + "/" in cmdline

    def kill_leftovers(self):
        pids = set(self.seen_pids)
        if os.path.isdir(self.demo):
            pids.update(self.pids().values())
        for pid in pids:
            if self.alive(pid) and self.is_demo_oceand(pid):
                self.log("killing leftover oceand pid %d" % pid)
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def wait_agree(self, min_height, timeout=60):
        def agree():
            tips = [self.cli(n, "getbestblockhash") for n in NODES]
            return all(t == tips[0] for t in tips) and self.height("fullnode") >= min_height
        wait_until(agree, timeout=timeout, interval=0.5, what="all 4 nodes at one tip >= %d" % min_height)

    # --- the scenario ---
    def scenario(self):
        self.log("start: set-up and first blocks")
        out = self.script("start")
        print(out)
        for command in ("getblockcount", "getsignerinfo", "getpeerinfo", "getblock", "stop"):
            assert_true(command in out, "start output does not mention %s" % command)
        assert_true(self.cli_path + " -datadir=" + os.path.join(self.demo, "fullnode") in out,
                    "start output lacks the full node's ocean-cli command")
        assert_true(self.height("fullnode") >= 3, "start returned before the full node had 3 blocks")
        pids = self.pids()
        assert_equal(sorted(pids), sorted(NODES))
        assert_true(all(self.alive(p) for p in pids.values()), "a node is not running: %r" % pids)

        self.log("the set-up: keys in tokens, private PIN files, one signblockscript")
        with open(os.path.join(self.demo, "signblockscript")) as f:
            script = f.read().strip()
        with open(os.path.join(self.demo, "pubkeys")) as f:
            pubkeys = f.read().split()
        assert_equal(len(pubkeys), 3)
        assert_equal(script, "52" + "".join("21" + k for k in pubkeys) + "53ae")
        for node in SIGNERS:
            for name in ("pin", "so-pin"):
                mode = stat.S_IMODE(os.stat(os.path.join(self.demo, node, "hsm", name)).st_mode)
                assert_equal(mode, 0o600)
            with open(os.path.join(self.demo, node, "ocean.conf")) as f:
                conf = f.read()
            assert_true("hsm=pkcs11" in conf and "hsmpinfile=" in conf and "signblockscript=" + script in conf,
                        "%s's ocean.conf lacks the HSM options or the challenge" % node)
            assert_true(not re.search(r"^hsmpin=", conf, re.M), "PIN in ocean.conf")
        for node, pid in pids.items():
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                args = f.read().split(b"\0")
            assert_true(not any(a.startswith((b"-hsm", b"-pin", b"-sopin")) for a in args),
                        "%s has HSM/PIN options in argv: %r" % (node, args))
            with open("/proc/%d/environ" % pid, "rb") as f:
                env = dict(kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv)
            softhsm_conf = env.get(b"SOFTHSM2_CONF", b"").decode()
            if node in SIGNERS:
                assert_equal(softhsm_conf, os.path.join(self.demo, node, "hsm", "softhsm2.conf"))
            else:
                assert_equal(softhsm_conf, "")

        self.log("blocks keep coming and all 4 nodes agree")
        h = self.height("fullnode")
        self.wait_agree(h + 2)
        for node in NODES:
            assert_true(int(self.cli(node, "getconnectioncount")) >= 3, "%s has fewer than 3 peers" % node)
            tips = self.cli(node, "getchaintips")
            assert_equal(tips.count('"status"'), 1)
        header = self.cli("fullnode", "getblockheader", self.cli("fullnode", "getblockhash", "1"))
        assert_true('"height": 1' in header, header)
        for i, node in enumerate(SIGNERS):
            info = self.cli(node, "getsignerinfo")
            for field in ('"index": %d' % i, '"status": "signing"', '"required": 2', '"signers": 3',
                          "on token '%s'" % node, pubkeys[i], '"last_error": ""'):
                assert_true(field in info, "%s getsignerinfo lacks %s: %s" % (node, field, info))
        info = self.cli("fullnode", "getsignerinfo")
        assert_true('"status": "relaying (no signing key)"' in info, info)
        signatures = sum(int(re.search(r'"signatures": (\d+)', self.cli(n, "getsignerinfo")).group(1))
                         for n in SIGNERS)
        assert_true(signatures >= 2 * self.height("fullnode") - 2, "too few signatures: %d" % signatures)

        self.log("start on the running demo refuses and leaves it alone")
        out = self.script("start", expect_ok=False)
        assert_true("already running" in out, out)
        assert_equal(self.pids(), pids)

        self.log("status")
        out = self.script("status")
        print(out)
        for node in NODES:
            assert_true(re.search(r"^%s\s+pid %d\s+height \d+" % (node, pids[node]), out, re.M),
                        "status lacks %s's line:\n%s" % (node, out))
        assert_equal(out.count("(2 required): signing"), 3)
        assert_true("relaying (no signing key)" in out, out)

        self.log("stop: every process exits cleanly")
        height_before = self.height("fullnode")
        tip_before = self.cli("fullnode", "getbestblockhash")
        self.script("stop")
        for node, pid in pids.items():
            assert_true(not self.alive(pid), "%s (pid %d) still running after stop" % (node, pid))
            assert_true(not os.path.exists(self.pidfile(node)), "%s's PID file left behind" % node)
            with open(os.path.join(self.demo, node, CHAIN, "debug.log")) as f:
                assert_true("Shutdown: done" in f.read(), "%s did not log a clean shutdown" % node)
        out = self.script("stop")
        assert_true("not running" in out, out)

        self.log("start again: same keys, same chain, new blocks")
        out = self.script("start")
        assert_true("reusing" in out, out)
        assert_true("creating" not in out, out)
        with open(os.path.join(self.demo, "pubkeys")) as f:
            assert_equal(f.read().split(), pubkeys)
        assert_equal(self.cli("fullnode", "getblockhash", str(height_before)), tip_before)
        self.wait_agree(height_before + 1)
        pids2 = self.pids()
        assert_equal(sorted(pids2), sorted(NODES))

        self.log("clean: stops and deletes the demo")
        self.script("clean")
        assert_true(not os.path.exists(self.demo), "demo directory still there")
        for node, pid in pids2.items():
            assert_true(not self.alive(pid), "%s (pid %d) still running after clean" % (node, pid))


if __name__ == "__main__":
    FederationDemoTest().main()
