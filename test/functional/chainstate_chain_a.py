#!/usr/bin/env python3
"""Chain A (made by the reference node) through ocean-chainstate: it connects in full and ends at the
figures of final_state.json; -reindex and -reindex-chainstate rebuild the same state; a restart keeps it."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
    assert r.returncode == 0, "%s failed: %s" % (" ".join(cmd), r.stderr[-3000:])
    return json.loads(r.stdout[r.stdout.find("{"):], parse_float=Decimal)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chainstate", required=True)
    ap.add_argument("--vectors", required=True)
    args = ap.parse_args()
    a = os.path.join(args.vectors, "ocean", "chains", "A")
    final = json.load(open(os.path.join(a, "final_state.json")))
    tmp = tempfile.mkdtemp(prefix="ocean_chain_a_")
    try:
        datadir = os.path.join(tmp, "data")
        terms = os.path.join(datadir, "terms-and-conditions", "conformance_a")
        os.makedirs(terms)
        shutil.copy(os.path.join(a, "latest.txt"), os.path.join(terms, "latest.txt"))
        base = [args.chainstate, "-datadir=" + datadir, "-conf=" + os.path.join(a, "config.txt")]

        info = run(base + ["import", os.path.join(a, "blocks.hex")])
        ref = final["getblockchaininfo"]
        assert info["blocks"] == ref["blocks"], info["blocks"]
        assert info["bestblockhash"] == ref["bestblockhash"], info["bestblockhash"]
        assert info["mediantime"] == ref["mediantime"], info["mediantime"]
        ts = final["gettxoutsetinfo"]
        assert info["gettxoutsetinfo"]["transactions"] == ts["transactions"], info["gettxoutsetinfo"]
        assert info["gettxoutsetinfo"]["txouts"] == ts["txouts"], info["gettxoutsetinfo"]
        # Per asset: our totals are spendable + frozen of the reference's getutxoassetinfo.
        ours = {e["asset"]: e for e in info["assets"]}
        for e in final["getutxoassetinfo"]:
            o = ours.get(e["asset"])
            assert o is not None, "asset %s missing" % e["asset"]
            assert o["txouts"] == e["spendabletxouts"] + e["frozentxouts"], (o, e)
            total = Decimal(e["amountspendable"]) + Decimal(e["amountfrozen"])
            assert o["amount"] == total, (o, e)
        assert len(ours) == len(final["getutxoassetinfo"]), sorted(ours)
        print("chain A connected: height %d, %d txouts" % (info["blocks"], info["gettxoutsetinfo"]["txouts"]))

        again = run(base + ["-checklevel=4", "-checkblocks=0", "info"])
        assert again == info, "restart changed the state"
        for flag in ("-reindex-chainstate", "-reindex"):
            rebuilt = run(base + [flag, "info"])
            assert rebuilt == info, "%s rebuilt a different state" % flag
            print(flag, "rebuilt the same state")
        print("OK")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
