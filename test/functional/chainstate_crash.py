#!/usr/bin/env python3
"""Crash safety of the chain layer: kill -9 an importing process many times, mid-connect and mid-flush.

A generated chain is imported once without interruption (the reference state). A second data directory
imports the same blocks in a process that is SIGKILLed at random moments, with the UTXO cache flushed
after every block so that kills land inside flushes; after each kill the process is started again and
must open the directory without manual repair (replaying an interrupted flush when needed). At the end
the crashed directory must hold exactly the reference state and pass a full -checklevel=4 verification.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600, **kw)


def info_of(stdout):
    start = stdout.find("{")
    if start < 0:
        raise AssertionError("no JSON in output: %r" % stdout[-2000:])
    return json.loads(stdout[start:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chainstate", required=True)
    ap.add_argument("--genchain", required=True)
    ap.add_argument("--blocks", type=int, default=600)
    ap.add_argument("--txs", type=int, default=20)
    ap.add_argument("--kills", type=int, default=25)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("seed", args.seed)

    tmp = tempfile.mkdtemp(prefix="ocean_crash_")
    procs = []
    try:
        chain_dir = os.path.join(tmp, "chain")
        r = run([args.genchain, "-blocks=%d" % args.blocks, "-txs-per-block=%d" % args.txs, "-out=" + chain_dir,
                 "-seed=crash"])
        assert r.returncode == 0, r.stderr
        conf = os.path.join(chain_dir, "config.txt")
        blocks = os.path.join(chain_dir, "blocks.hex")
        base = [args.chainstate, "-conf=" + conf]

        ref_dir = os.path.join(tmp, "ref")
        t0 = time.time()
        r = run(base + ["-datadir=" + ref_dir, "-dbcache=4", "-flushinterval=0", "import", blocks])
        ref_time = time.time() - t0
        assert r.returncode == 0, r.stderr
        ref = info_of(r.stdout)
        assert ref["blocks"] == args.blocks, ref
        print("reference tip", ref["blocks"], ref["bestblockhash"], "imported in %.2f s" % ref_time)
        t0 = time.time()
        r = run(base + ["-datadir=" + ref_dir, "info"])
        open_time = time.time() - t0
        # Each run should get a slice of the import done before it is killed.
        slice_time = ref_time / args.kills

        crash_dir = os.path.join(tmp, "crash")
        opts = base + ["-datadir=" + crash_dir, "-dbcache=4", "-flushinterval=0"]
        kills = 0
        for i in range(args.kills):
            p = subprocess.Popen(opts + ["import", blocks], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            procs.append(p)
            time.sleep(open_time + rng.uniform(0.2, 1.8) * slice_time)
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                kills += 1
            out, err = p.communicate(timeout=60)
            procs.remove(p)
            if p.returncode not in (0, -signal.SIGKILL):
                raise AssertionError("run %d exited %d: %s" % (i, p.returncode, err.decode()[-2000:]))
            # Every restart must open cleanly (this runs the start-up checks and any replay).
            r = run(opts + ["info"])
            assert r.returncode == 0, "restart after kill %d failed: %s" % (i, r.stderr[-2000:])
            height = info_of(r.stdout)["blocks"]
            print("kill %d: restarted at height %d" % (i, height))
            if height == args.blocks:
                break
        assert kills >= min(5, args.kills), "only %d kills landed; the import finished too quickly" % kills

        r = run(opts + ["import", blocks])
        assert r.returncode == 0, r.stderr
        final = info_of(r.stdout)
        for key in ("blocks", "bestblockhash", "gettxoutsetinfo", "assets"):
            assert final[key] == ref[key], "%s differs after crashes: %r vs %r" % (key, final[key], ref[key])
        r = run(opts + ["-checklevel=4", "-checkblocks=0", "verify"])
        assert r.returncode == 0 and r.stdout.startswith("ok"), r.stdout + r.stderr
        log = open(os.path.join(crash_dir, "bench", "debug.log")).read()
        print("OK: %d kills (%d restarts replayed an interrupted UTXO flush), final state equals the reference"
              % (kills, log.count("Replaying blocks")))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
