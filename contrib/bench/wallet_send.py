#!/usr/bin/env python3
"""Whole-process wallet figures: latency of sendtoaddress and getbalance with N UTXOs in the wallet.

Starts one oceand (dev chain, genesis free coins in the wallet) on 127.0.0.1 in a temporary datadir, fills
the wallet with --utxos outputs (1000 per transaction to 100 of its addresses, each transaction spending one genesis coin:
createrawtxoutputs, signrawtransaction, sendrawtransaction; mined every 10,000), then
times --rounds calls of getbalance and of sendtoaddress (each mined right away so the next one sees a
settled wallet) and prints median / p90 / max in milliseconds.

  contrib/bench/wallet_send.py --oceand build-ci/src/apps/oceand --utxos 10000
"""
import argparse
import base64
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "functional"))
from test_framework.ports import reserve_port  # noqa: E402


def free_port():
    return reserve_port()  # below the ephemeral range, claimed (test_framework/ports.py)


class Rpc:
    def __init__(self, port, cookie_path):
        self.port = port
        self.cookie_path = cookie_path
        self.conn = None

    def __call__(self, method, *params):
        if self.conn is None:
            with open(self.cookie_path) as f:
                self.auth = "Basic " + base64.b64encode(f.read().strip().encode()).decode()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        body = json.dumps({"jsonrpc": "1.0", "id": 1, "method": method, "params": list(params)})
        self.conn.request("POST", "/", body, {"Authorization": self.auth, "Content-Type": "application/json"})
        reply = json.loads(self.conn.getresponse().read())
        if reply.get("error"):
            raise RuntimeError("%s: %s" % (method, reply["error"]))
        return reply["result"]


def timed(fn, rounds):
    samples = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2),
            "p90_ms": round(samples[int(0.9 * (len(samples) - 1))], 2), "max_ms": round(samples[-1], 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oceand", required=True)
    ap.add_argument("--utxos", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()

    datadir = tempfile.mkdtemp(prefix="ocean_wallet_bench_")
    port, rpcport = free_port(), free_port()
    proc = subprocess.Popen([args.oceand, "-datadir=" + datadir, "-chain=ocean_test", "-listen=0",
                             "-port=%d" % port, "-rpcport=%d" % rpcport, "-initialfreecoins=2100000000000000",
                             "-keypool=1000", "-printtoconsole=0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        rpc = Rpc(rpcport, os.path.join(datadir, "ocean_test", ".cookie"))
        for _ in range(600):
            try:
                rpc("getblockcount")
                break
            except (OSError, RuntimeError, FileNotFoundError):
                rpc.conn = None
                time.sleep(0.1)
        rpc("generate", 1)
        t0 = time.perf_counter()
        # Outputs to a few wallet addresses (an array of outputs allows repeats): 1000 per transaction,
        # funded, signed and sent by the wallet; mined every 10,000 outputs.
        addresses = [rpc("getnewaddress") for _ in range(100)]
        cbt = rpc("dumpassetlabels")["CBT"]
        # Each filling transaction spends one genesis coin (210,000 CBT), so coin selection is not asked
        # to gather the small outputs made so far.
        genesis = [u for u in rpc("listunspent") if u["scriptPubKey"] == "51"]
        made = 0
        while made < args.utxos:
            n = min(1000, args.utxos - made)
            coin = genesis.pop()
            outs = [{"address": addresses[i % len(addresses)], "amount": 0.001, "asset": cbt} for i in range(n)]
            change = round(coin["amount"] - n * 0.001 - 0.001, 8)
            outs += [{"address": addresses[0], "amount": change, "asset": cbt},
                     {"address": "fee", "amount": 0.001, "asset": cbt}]
            raw = rpc("createrawtxoutputs", [{"txid": coin["txid"], "vout": coin["vout"]}], outs)
            signed = rpc("signrawtransaction", raw)
            rpc("sendrawtransaction", signed["hex"])
            made += n
            if made % 10000 == 0 or made == args.utxos:
                rpc("generate", 1)
        fill_s = time.perf_counter() - t0
        unspent = len(rpc("listunspent"))
        target = rpc("getnewaddress")
        result = {
            "utxos_in_wallet": unspent,
            "fill_seconds": round(fill_s, 1),
            "getbalance": timed(lambda: rpc("getbalance"), args.rounds),
            "listunspent": timed(lambda: rpc("listunspent"), max(3, args.rounds // 5)),
        }
        sends = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            rpc("sendtoaddress", target, 0.5)
            sends.append((time.perf_counter() - t) * 1000)
            rpc("generate", 1)
        sends.sort()
        result["sendtoaddress"] = {"median_ms": round(statistics.median(sends), 2),
                                   "p90_ms": round(sends[int(0.9 * (len(sends) - 1))], 2),
                                   "max_ms": round(sends[-1], 2)}
        print(json.dumps(result, indent=2))
        rpc("stop")
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(datadir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
