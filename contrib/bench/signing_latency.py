#!/usr/bin/env python3
"""Latency and sustained rate of in-node federated block signing (Python 3 standard library only).

Starts an M-of-N federation of oceand signers plus one full node on 127.0.0.1 (temporary data
directories, every node connected to every other), with software keys or, with --softhsm, each key in a
SoftHSM2 token of its own (made with ocean-hsm, found next to oceand). After a short warm-up it runs for
--duration seconds at -blockinterval=--interval and prints:

  * from getsignerinfo on every signer: the median and p99 of "proposal received -> block connected"
    (the node's own figure; it also counts the warm-up blocks);
  * independently, from a raw P2P peer of the full node: for every block of the window, the time from the
    proposal (sgnprop) reaching that peer to the completed block being announced to it (inv/headers):
    median, p99 and max; the gaps between block announcements (median, max);
  * blocks produced vs expected (duration / interval) and the heights at which a round change occurred
    (a proposal or vote of round > 0 seen).

  contrib/bench/signing_latency.py --oceand build/oceand -m 2 -n 3 --duration 60
  contrib/bench/signing_latency.py --oceand build/oceand -m 3 -n 5 --softhsm --duration 60 --json out.json

Use an optimised build (RelWithDebInfo or Release); the figures depend on the machine's load.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "functional"))
from test_framework import keys  # noqa: E402
from test_framework.federation import SignerObserver, SoftHsmToken, check_no_equivocation, hsm_federation_conf  # noqa: E402,E501
from test_framework.node import TestNode  # noqa: E402
from test_framework.util import wait_until  # noqa: E402


def pct(values, p):
    """Nearest-rank percentile as the node computes it (sorted[n * p / 100])."""
    s = sorted(values)
    return s[min(len(s) - 1, len(s) * p // 100)] if s else float("nan")


def median(values):
    return pct(values, 50)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oceand", required=True)
    ap.add_argument("--cli", default=None, help="ocean-cli (default: next to oceand)")
    ap.add_argument("-m", type=int, default=2)
    ap.add_argument("-n", type=int, default=3)
    ap.add_argument("--softhsm", action="store_true", help="keys in SoftHSM2 tokens instead of key files")
    ap.add_argument("--duration", type=float, default=60, help="seconds measured (after the warm-up)")
    ap.add_argument("--interval", type=int, default=1, help="-blockinterval (seconds)")
    ap.add_argument("--signertimeout", type=int, default=0, help="-signertimeout (ms, 0: the default)")
    ap.add_argument("--warmup", type=int, default=3, help="blocks made before the window starts")
    ap.add_argument("--tmpdir", default=None)
    ap.add_argument("--keep", action="store_true", help="keep the data directories")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    a = ap.parse_args()
    oceand = os.path.abspath(a.oceand)
    cli = os.path.abspath(a.cli) if a.cli else os.path.join(os.path.dirname(oceand), "ocean-cli")
    tmpdir = a.tmpdir or tempfile.mkdtemp(prefix="ocean_signing_latency_")
    os.makedirs(tmpdir, exist_ok=True)
    nodes = []
    ok = False
    try:
        extra = ["blockinterval=%d" % a.interval]
        if a.signertimeout:
            extra.append("signertimeout=%d" % a.signertimeout)
        if a.softhsm:
            hsm = os.path.join(os.path.dirname(oceand), "ocean-hsm")
            tokens = [SoftHsmToken(hsm, tmpdir, "signer%d" % i) for i in range(a.n)]
            confs = [hsm_federation_conf(tokens, i, a.m) for i in range(a.n + 1)]
        else:
            secrets = [0x5150 + 11 * i for i in range(a.n)]
            confs = [keys.federation_conf(tmpdir, i, secrets, a.m) for i in range(a.n + 1)]
        for i in range(a.n + 1):
            node = TestNode(i, tmpdir, oceand, cli, extra_conf=confs[i] + extra)
            if a.softhsm and i < a.n:
                node.env = tokens[i].env
            nodes.append(node)
        for node in nodes:
            node.start()
        for i, x in enumerate(nodes):
            for y in nodes[i + 1:]:
                x.connect_to(y)
        full = nodes[-1]
        observer = SignerObserver(full)
        wait_until(lambda: full.getblockcount() >= a.warmup, timeout=120, what="warm-up blocks")
        h0, t0 = full.getblockcount(), time.monotonic()
        print("%d-of-%d %s keys, -blockinterval=%d: measuring %.0f s from height %d" %
              (a.m, a.n, "SoftHSM2" if a.softhsm else "software", a.interval, a.duration, h0), flush=True)
        while time.monotonic() - t0 < a.duration:
            time.sleep(min(10.0, a.duration - (time.monotonic() - t0)) if a.duration > 0 else 0)
        t1 = time.monotonic()
        h1 = full.getblockcount()
        infos = [n.getsignerinfo() for n in nodes[:a.n]]
        observer.close()
        messages, announced = observer.snapshot()

        # Blocks of the window: heights h0+1 .. h1 on the full node.
        window = {}
        for h in range(h0 + 1, h1 + 1):
            window[full.getblockhash(h)] = h
        proposal_seen = {}
        round_change_heights = set()
        max_round = 0
        for t, m in messages:
            if m["kind"] == "proposal":
                proposal_seen.setdefault(m["hash"], t)
            if m.get("round", 0) > 0 and h0 < m["height"] <= h1:
                round_change_heights.add(m["height"])
                max_round = max(max_round, m["round"])
        lat_ms = [(announced[h] - proposal_seen[h]) * 1000 for h in window if h in announced and h in proposal_seen]
        times = sorted(announced[h] for h in window if h in announced)
        gaps = [(b - a_) * 1000 for a_, b in zip(times, times[1:])]
        chain_times = [full.getblockheader(full.getblockhash(h))["time"] for h in range(h0, h1 + 1)]
        chain_gaps = [b - a_ for a_, b in zip(chain_times, chain_times[1:])]
        check_no_equivocation([m for _, m in messages], a.m)
        tips = {n.getbestblockhash() for n in nodes}

        produced = h1 - h0
        elapsed = t1 - t0
        res = {
            "federation": "%d-of-%d" % (a.m, a.n), "keys": "softhsm2" if a.softhsm else "software",
            "blockinterval_s": a.interval, "duration_s": round(elapsed, 1), "blocks": produced,
            "expected_blocks": round(elapsed / a.interval, 1),
            "node_latency_ms": [{"signer": i, "samples": x["latency"]["samples"],
                                 "median": round(x["latency"]["median_ms"], 1), "p99": round(x["latency"]["p99_ms"], 1)}
                                for i, x in enumerate(infos)],
            "observed_latency_ms": {"samples": len(lat_ms), "median": round(median(lat_ms), 1),
                                    "p99": round(pct(lat_ms, 99), 1), "max": round(max(lat_ms), 1) if lat_ms else None},
            "announce_gap_ms": {"median": round(median(gaps), 1), "max": round(max(gaps), 1) if gaps else None},
            "header_time_gap_s_max": max(chain_gaps) if chain_gaps else None,
            "round_change_heights": sorted(round_change_heights), "max_round": max_round,
            "one_tip_at_end": len(tips) == 1,
        }
        med_all = median([x["median"] for x in res["node_latency_ms"]])
        p99_all = max(x["p99"] for x in res["node_latency_ms"])
        print("blocks: %d in %.1f s (expected %.1f at one per %d s)" % (produced, elapsed, elapsed / a.interval,
                                                                        a.interval))
        print("getsignerinfo latency (proposal -> connected), per signer: %s" % ", ".join(
            "median %.1f / p99 %.1f ms (n=%d)" % (x["median"], x["p99"], x["samples"]) for x in res["node_latency_ms"]))
        print("  median of the signers' medians %.1f ms, highest p99 %.1f ms" % (med_all, p99_all))
        o = res["observed_latency_ms"]
        print("observed at a peer of the full node (sgnprop -> block announced): median %.1f ms, p99 %.1f ms, "
              "max %s ms (n=%d)" % (o["median"], o["p99"], o["max"], o["samples"]))
        print("gap between block announcements: median %.1f ms, max %s ms; max gap between header times %s s" %
              (res["announce_gap_ms"]["median"], res["announce_gap_ms"]["max"], res["header_time_gap_s_max"]))
        print("round changes: %d heights %s (max round %d); one tip on all nodes: %s" %
              (len(round_change_heights), sorted(round_change_heights)[:20], max_round, res["one_tip_at_end"]))
        if a.json:
            with open(a.json, "w") as f:
                json.dump(res, f, indent=1, default=float)  # RPC numbers arrive as Decimal
        ok = True
    finally:
        for node in nodes:
            if node.process is not None:
                try:
                    node.stop(timeout=60) if ok else node.kill()
                except Exception:
                    node.kill()
        if ok and not a.keep and not a.tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
        elif not ok:
            print("data kept in", tmpdir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
