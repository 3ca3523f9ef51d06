#!/usr/bin/env python3
"""Mempool acceptance throughput through sendrawtransaction (Python 3 standard library only).

Starts oceand (use a Release build) on a temporary data directory with a dev chain whose genesis free
coins pay to the P2PKH of a test key, fans those coins out into N outputs, builds N signed 1-in-2-out
P2PKH spends (signed by the node's signrawtransaction with the WIF key: real ECDSA signatures), then
submits them with sendrawtransaction over several keep-alive HTTP connections at once and prints the
rate. Only the submission is timed.

  contrib/bench/mempool_accept.py --oceand build-rawtx-rel/src/apps/oceand -n 4000 -c 4
"""
import argparse
import base64
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "functional"))
from test_framework.ports import reserve_port  # noqa: E402
from test_framework.keys import p2pkh_script, pubkey, wif  # noqa: E402

SECRET = 0xB3AC4
CHAIN = "ocean_test"
FEE = Decimal("0.0001")


def free_port():
    return reserve_port()  # below the ephemeral range, claimed (test_framework/ports.py)


class Rpc:
    """A keep-alive JSON-RPC connection."""

    def __init__(self, port, auth):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.headers = {"Authorization": "Basic " + auth, "Content-Type": "application/json"}
        self.id = 0

    def call(self, method, *params):
        self.id += 1
        body = json.dumps({"jsonrpc": "1.0", "id": self.id, "method": method, "params": list(params)},
                          default=str)
        self.conn.request("POST", "/", body, self.headers)
        reply = json.loads(self.conn.getresponse().read(), parse_float=Decimal)
        if reply.get("error"):
            raise RuntimeError("%s: %s" % (method, reply["error"]))
        return reply["result"]

    def __getattr__(self, name):
        return lambda *params: self.call(name, *params)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--oceand", default=os.path.join(here, "..", "..", "build-rawtx-rel", "src", "apps", "oceand"))
    parser.add_argument("-n", type=int, default=4000, help="transactions to submit")
    parser.add_argument("-c", "--connections", type=int, default=4, help="parallel HTTP connections")
    parser.add_argument("--rpcthreads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    pub = pubkey(SECRET)
    key = wif(SECRET)
    datadir = tempfile.mkdtemp(prefix="ocean_bench_accept_")
    port = free_port()
    with open(os.path.join(datadir, "ocean.conf"), "w") as f:
        f.write("\n".join([
            "chain=" + CHAIN, "rpcport=%d" % port, "listen=0", "printtoconsole=0", "rpcthreads=%d" % args.rpcthreads,
            "rpcworkqueue=1000", "initialfreecoins=2100000000000000",
            "initialfreecoinsdestination=" + p2pkh_script(pub)]) + "\n")
    proc = subprocess.Popen([args.oceand, "-datadir=" + datadir], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        cookie_path = os.path.join(datadir, CHAIN, ".cookie")
        rpc = None
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError("oceand exited: " + proc.stderr.read().decode())
            if os.path.exists(cookie_path):
                try:
                    auth = base64.b64encode(open(cookie_path, "rb").read().strip()).decode()
                    rpc = Rpc(port, auth)
                    rpc.getblockcount()
                    break
                except (OSError, RuntimeError, http.client.HTTPException):
                    rpc = None
            time.sleep(0.1)
        if rpc is None:
            raise RuntimeError("oceand did not answer")

        address = rpc.decodescript("21" + pub + "ac")["addresses"][0]
        genesis = rpc.getblock(rpc.getblockhash(0), 2)
        coins = [(tx["txid"], out["n"], Decimal(out["value"]), out["asset"]) for tx in genesis["tx"]
                 for out in tx["vout"] if out["scriptPubKey"]["hex"] == p2pkh_script(pub) and out.get("value", 0) > 0]
        asset = coins[0][3]
        rpc.generate(1)

        # Fan out: each genesis coin into `per` outputs of the same address.
        per = max(1, -(-args.n // len(coins)))
        t0 = time.time()
        spendable = []
        for txid, n, value, _ in coins:
            if len(spendable) >= args.n:
                break
            each = ((value - FEE) / per).quantize(Decimal("0.00000001"), rounding="ROUND_DOWN")
            outputs = [{"address": address, "amount": each, "asset": asset} for _ in range(per)]
            outputs.append({"address": "fee", "amount": value - each * per, "asset": asset})
            raw = rpc.createrawtxoutputs([{"txid": txid, "vout": n}], outputs)
            signed = rpc.signrawtransaction(raw, None, [key])
            fan_txid = rpc.sendrawtransaction(signed["hex"])
            spendable += [(fan_txid, i, each) for i in range(per)]
        rpc.generate(1)
        spendable = spendable[:args.n]

        # N signed 1-in-2-out spends.
        txs = []
        for txid, n, value in spendable:
            half = ((value - FEE) / 2).quantize(Decimal("0.00000001"), rounding="ROUND_DOWN")
            outputs = [{"address": address, "amount": half, "asset": asset},
                       {"address": address, "amount": value - FEE - half, "asset": asset},
                       {"address": "fee", "amount": FEE, "asset": asset}]
            raw = rpc.createrawtxoutputs([{"txid": txid, "vout": n}], outputs)
            signed = rpc.signrawtransaction(raw, None, [key])
            assert signed["complete"], signed
            txs.append(signed["hex"])
        setup = time.time() - t0
        size = len(txs[0]) // 2

        # Submission over parallel keep-alive connections.
        parts = [txs[i::args.connections] for i in range(args.connections)]
        conns = [Rpc(port, auth) for _ in parts]
        errors = []

        def submit(conn, part):
            try:
                for hexstr in part:
                    conn.sendrawtransaction(hexstr)
            except Exception as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=submit, args=(c, p)) for c, p in zip(conns, parts)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        if errors:
            raise RuntimeError("submission failed: %s" % errors[0])
        pool = rpc.getmempoolinfo()["size"]
        assert pool == len(txs), (pool, len(txs))
        print("setup %.1f s; %d transactions of %d bytes (1 P2PKH input, 2 P2PKH outputs + fee) accepted in "
              "%.3f s over %d connections: %.0f tx/s" % (setup, len(txs), size, elapsed, args.connections,
                                                         len(txs) / elapsed))
        rpc.stop()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if args.keep:
            print("data directory kept in " + datadir)
        else:
            shutil.rmtree(datadir, ignore_errors=True)


if __name__ == "__main__":
    main()
