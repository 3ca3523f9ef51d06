#!/usr/bin/env python3
"""Functional test of the ocean-tx binary: decoding matches the reference node, editing commands
build the expected transactions, and bad input fails with a clear error and a non-zero exit."""
import argparse
import json
import os
import subprocess
import sys
from decimal import Decimal

failures = 0


def check(cond, what):
    global failures
    if cond:
        print("ok   " + what)
    else:
        failures += 1
        print("FAIL " + what)


def run(tool, *args, stdin=None):
    p = subprocess.run([tool, *args], input=stdin, capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def same(ours, ref, path=""):
    """Reference amounts are decimal strings; ours are JSON numbers parsed as Decimal."""
    if isinstance(ref, dict):
        return isinstance(ours, dict) and set(ours) == set(ref) and all(same(ours[k], ref[k], path + "." + k) for k in ref)
    if isinstance(ref, list):
        return isinstance(ours, list) and len(ours) == len(ref) and all(same(a, b, path) for a, b in zip(ours, ref))
    if isinstance(ours, Decimal):
        return ours == Decimal(ref)
    return ours == ref


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ocean-tx", required=True)
    ap.add_argument("--vectors", required=True)
    a = ap.parse_args()
    tool, vec = a.ocean_tx, os.path.join(a.vectors, "ocean")

    # ocean-tx takes the genesis options of a chain (not node options such as -txindex).
    node_only = ("-pkhwhitelist", "-freezelist=", "-burnlist=", "-con_mandatorycoinbase", "-txindex")
    policy_args = [x for x in json.load(open(os.path.join(vec, "genesis_policy_sample_conf.json")))["config_args"]
                   if not x.startswith(node_only)]
    for name in ["tx_send", "tx_issuance", "tx_reissuance", "tx_burn", "tx_send_asset", "tx_send_confidential",
                 "tx_policy_freezelist"]:
        hexstr = open(os.path.join(vec, name + ".hex")).read().strip()
        ref = json.load(open(os.path.join(vec, name + ".json")))["decoderawtransaction"]
        extra = policy_args if name == "tx_policy_freezelist" else []
        rc, out, err = run(tool, *extra, "-json", hexstr)
        check(rc == 0 and same(json.loads(out, parse_float=Decimal), ref), name + " -json matches decoderawtransaction")
        rc, out, _ = run(tool, "-txid", hexstr)
        check(rc == 0 and out.strip() == ref["txid"], name + " -txid")
        rc, out, _ = run(tool, hexstr)
        check(rc == 0 and out.strip() == hexstr, name + " re-encodes byte for byte")
        rc, out, _ = run(tool, "-txid", "-", stdin=hexstr + "\n")
        check(rc == 0 and out.strip() == ref["txid"], name + " read from stdin")

    # Creation and editing.
    txid = "b6d1bcd61e83aecdbca51d880451d62a76c8b83189430dcf6f175861531fb494"
    rc, out, err = run(tool, "-create", "-json", "nversion=1", "locktime=100", "in=%s:5" % txid,
                       "in=%s:6:7" % txid, "outaddr=1.5:2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ",
                       "outdata=deadbeef", "outscript=0.1:51", "outfee=0.0001", "delin=0")
    check(rc == 0, "create with commands: " + err.strip())
    if rc == 0:
        j = json.loads(out, parse_float=Decimal)
        check(j["version"] == 1 and j["locktime"] == 100, "nversion/locktime applied")
        check(len(j["vin"]) == 1 and j["vin"][0]["vout"] == 6 and j["vin"][0]["sequence"] == 7, "delin and sequence")
        types = [o["scriptPubKey"]["type"] for o in j["vout"]]
        check(types == ["pubkeyhash", "nulldata", "true", "fee"], "output kinds " + str(types))
        check(j["vout"][0]["value"] == Decimal("1.5") and j["vout"][0]["assetlabel"] == "CBT",
              "outaddr value and default asset CBT")
        check(j["vout"][0]["scriptPubKey"]["addresses"] == ["2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ"], "address round trip")
        check(j["vout"][3]["value"] == Decimal("0.0001"), "fee output value")
    # The same address on ocean_main is invalid (different prefix).
    rc, _, err = run(tool, "-chain=ocean_main", "-create", "outaddr=1:2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ")
    check(rc != 0 and "invalid TX output address" in err, "address of another chain rejected")

    # Bad input: clear error, non-zero exit, never a crash.
    for args, needle in [(["zz"], "TX decode failed"), (["0200"], "TX decode failed"),
                         (["-create", "in=xyz:0"], "invalid TX input txid"),
                         (["-create", "outaddr=abc:2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ"], "invalid amount"),
                         (["-create", "outaddr=30000000:2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ"], "invalid amount"),
                         (["-create", "delout=0"], "invalid index"), (["-create", "frobnicate=1"], "unknown command"),
                         (["-bogus", "-create"], "unknown option"), ([], "no transaction given")]:
        rc, out, err = run(tool, *args)
        check(rc == 1 and needle in err and out == "", "error for %s: %s" % (args, err.strip()))
    rc, out, _ = run(tool, "-help")
    check(rc == 0 and "Usage: ocean-tx" in out, "-help")

    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
