"""TestNode: one oceand process on 127.0.0.1 with its own data directory and free ports."""
import os
import signal
import subprocess
import time

from .authproxy import AuthServiceProxy, JSONRPCException, port_is_open
from .util import TestFailure, free_port, wait_until


class TestNode:
    def __init__(self, index, tmpdir, oceand, cli, chain="ocean_test", extra_conf=None):
        self.index = index
        self.oceand = oceand
        self.cli_path = cli
        self.chain = chain
        self.datadir = os.path.join(tmpdir, "node%d" % index)
        self.chaindir = os.path.join(self.datadir, chain)
        os.makedirs(self.datadir, exist_ok=True)
        self.rpcport = free_port()
        self.p2pport = free_port()
        self.process = None
        self.stderr_path = os.path.join(self.datadir, "stderr.txt")
        self.stdout_path = os.path.join(self.datadir, "stdout.txt")
        self._rpc = None
        self.env = None  # environment of the oceand process (None: the test's own), e.g. SOFTHSM2_CONF
        conf = ["chain=" + chain, "rpcport=%d" % self.rpcport, "port=%d" % self.p2pport, "bind=127.0.0.1",
                "printtoconsole=0", "par=2", "dbcache=16"]
        conf += extra_conf or []
        self.write_conf(conf)

    # --- configuration ---
    @property
    def conf_path(self):
        return os.path.join(self.datadir, "ocean.conf")

    def write_conf(self, lines):
        with open(self.conf_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    def debug_log(self):
        path = os.path.join(self.chaindir, "debug.log")
        return open(path).read() if os.path.exists(path) else ""

    # --- process control ---
    def start(self, extra_args=None, wait=True):
        assert self.process is None, "node%d already running" % self.index
        args = [self.oceand, "-datadir=" + self.datadir] + (extra_args or [])
        self._stdout = open(self.stdout_path, "w")
        self._stderr = open(self.stderr_path, "w")
        self.process = subprocess.Popen(args, stdout=self._stdout, stderr=self._stderr, env=self.env)
        if wait:
            self.wait_for_rpc()

    def _close_logs(self):
        for f in (getattr(self, "_stdout", None), getattr(self, "_stderr", None)):
            if f is not None:
                f.close()
        self._stdout = self._stderr = None

    def stderr_text(self):
        return open(self.stderr_path).read() if os.path.exists(self.stderr_path) else ""

    def start_expect_failure(self, extra_args=None, timeout=60):
        """Runs oceand expecting it to exit non-zero; returns its stderr."""
        args = [self.oceand, "-datadir=" + self.datadir] + (extra_args or [])
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
        if r.returncode == 0:
            raise TestFailure("oceand %s exited 0, expected failure" % " ".join(extra_args or []))
        return r.stderr

    def cookie(self):
        path = os.path.join(self.chaindir, ".cookie")
        with open(path) as f:
            return f.read().split(":", 1)

    def rpc_with(self, user, password, timeout=60):
        return AuthServiceProxy("127.0.0.1", self.rpcport, user, password, timeout=timeout)

    @property
    def rpc(self):
        if self._rpc is None:
            user, password = self.cookie()
            self._rpc = self.rpc_with(user, password, timeout=600)
        return self._rpc

    def __getattr__(self, name):
        # node.getblockcount() forwards to the RPC proxy.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.rpc, name)

    def wait_for_rpc(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise TestFailure("node%d exited during start-up (status %s): %s" %
                                  (self.index, self.process.returncode, self.stderr_text()[-2000:]))
            if os.path.exists(os.path.join(self.chaindir, ".cookie")) and port_is_open("127.0.0.1", self.rpcport):
                self._rpc = None
                try:
                    self.rpc.getblockcount()
                    return
                except JSONRPCException as e:
                    if e.code != -28:
                        raise
                except OSError:
                    pass
            time.sleep(0.05)
        raise TestFailure("node%d RPC not ready after %ss" % (self.index, timeout))

    def stop(self, timeout=120):
        """stop RPC, then wait for the process to exit cleanly."""
        if self.process is None:
            return
        try:
            self.rpc.stop()
        except (OSError, JSONRPCException):
            pass
        self.wait_for_exit(timeout)

    def wait_for_exit(self, timeout=120):
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            self._finish()
            raise TestFailure("node%d did not stop within %ss" % (self.index, timeout))
        self._finish()
        if code != 0:
            raise TestFailure("node%d exited with status %d: %s" % (self.index, code, self.stderr_text()[-2000:]))

    def wait_for_crash(self, timeout=120):
        """Waits for the process to end by itself (e.g. a test-only abrupt exit); returns its status."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure("node%d still running after %ss" % (self.index, timeout))
        self._finish()
        return code

    def signal(self, sig):
        self.process.send_signal(sig)

    def kill(self):
        """kill -9: no chance to flush."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._finish()

    def _finish(self):
        if self._rpc is not None:
            self._rpc.close()
        self._rpc = None
        self.process = None
        self._close_logs()

    def restart(self, extra_args=None):
        self.stop()
        self.start(extra_args)

    # --- P2P ---
    @property
    def p2p_address(self):
        return "127.0.0.1:%d" % self.p2pport

    def connect_to(self, other, timeout=60):
        """Opens a manual connection to `other` (addnode onetry) and waits until both ends finished
        the handshake."""
        self.addnode(other.p2p_address, "onetry")
        wait_until(lambda: any(p["addr"] == other.p2p_address and p["version"] != 0
                               for p in self.getpeerinfo()), timeout=timeout,
                   what="node%d connecting to node%d" % (self.index, other.index))
        wait_until(lambda: any(p["inbound"] and p["version"] != 0 for p in other.getpeerinfo()),
                   timeout=timeout, what="node%d accepting node%d" % (other.index, self.index))

    # --- ocean-cli ---
    def cli(self, *args, input=None, check=True):
        """Runs ocean-cli against this node; returns (exit code, stdout, stderr) or stdout when check."""
        cmd = [self.cli_path, "-datadir=" + self.datadir] + list(args)
        r = subprocess.run(cmd, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
        if check:
            if r.returncode != 0:
                raise TestFailure("ocean-cli %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
            return r.stdout
        return r.returncode, r.stdout, r.stderr
