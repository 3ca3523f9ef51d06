"""OceanTestFramework: the base class of functional tests. It parses the common arguments, makes a
temporary directory, starts the requested nodes, runs the test, and always stops (or kills) every
process it started and removes the directory unless --nocleanup."""
import argparse
import decimal
import json
import os
import shutil
import sys
import tempfile
import traceback

from .node import TestNode
from .util import wait_until


class OceanTestFramework:
    num_nodes = 1
    chain = "ocean_test"

    def extra_conf(self, index):
        """Extra ocean.conf lines for node `index`."""
        return []

    def extra_args(self, index):
        return []

    def add_options(self, parser):
        pass

    def run_test(self):
        raise NotImplementedError

    def add_node(self, extra_conf=None, chain=None):
        node = TestNode(len(self.nodes), self.tmpdir, self.options.oceand, self.options.cli,
                        chain=chain or self.chain, extra_conf=extra_conf)
        self.nodes.append(node)
        return node

    # --- several nodes ---
    def sync_blocks(self, nodes=None, timeout=120):
        """Waits until every node has the same best block."""
        nodes = nodes or self.nodes
        def same():
            tips = [n.getbestblockhash() for n in nodes]
            return all(t == tips[0] for t in tips)
        wait_until(same, timeout=timeout, what="block sync")

    # --- the reference vectors (../shared/vectors/ocean/) ---
    def vector(self, name):
        return os.path.join(self.options.vectors, "ocean", name)

    def read_json(self, name):
        """A vector's JSON with numbers as Decimal (amounts compare exactly)."""
        with open(self.vector(name)) as f:
            return json.load(f, parse_float=decimal.Decimal)

    def read_hex(self, name):
        with open(self.vector(name)) as f:
            return f.read().strip()

    def log(self, msg):
        print("[%s] %s" % (type(self).__name__, msg), flush=True)

    def main(self):
        parser = argparse.ArgumentParser(description=self.__doc__)
        parser.add_argument("--oceand", required=True)
        parser.add_argument("--cli", required=True)
        parser.add_argument("--vectors", default=None)
        parser.add_argument("--tmpdir", default=None)
        parser.add_argument("--nocleanup", action="store_true")
        self.add_options(parser)
        self.options = parser.parse_args()
        self.tmpdir = self.options.tmpdir or tempfile.mkdtemp(prefix="ocean_func_")
        os.makedirs(self.tmpdir, exist_ok=True)
        self.nodes = []
        ok = False
        try:
            for i in range(self.num_nodes):
                self.add_node(self.extra_conf(i))
            for i, node in enumerate(self.nodes):
                node.start(self.extra_args(i))
            self.run_test()
            ok = True
        except Exception:
            traceback.print_exc()
            for node in self.nodes:
                log = node.debug_log()
                if log:
                    print("---- node%d debug.log (tail) ----\n%s" % (node.index, log[-4000:]))
        finally:
            for node in self.nodes:
                if node.process is not None:
                    try:
                        node.stop(timeout=60) if ok else node.kill()
                    except Exception:
                        traceback.print_exc()
                        node.kill()
                        ok = False
            if ok and not self.options.nocleanup:
                shutil.rmtree(self.tmpdir, ignore_errors=True)
            elif not ok:
                print("test data kept in", self.tmpdir)
        print("PASSED" if ok else "FAILED")
        sys.exit(0 if ok else 1)
