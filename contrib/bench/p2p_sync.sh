#!/usr/bin/env bash
# Whole-process figure of P2P block sync: node A holds a generated chain (BLOCKS blocks of TXS
# P2PKH spends each, imported with ocean-chainstate), node B starts empty with -connect=A on
# 127.0.0.1 and syncs it. Prints blocks/s, MB/s, B's CPU time per thread and the share of it spent
# outside script verification (the script-check workers' CPU, plus the validating thread's equal share
# of the checks).
#   BLOCKS=10000 TXS=100 contrib/bench/p2p_sync.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-release}
BLOCKS=${BLOCKS:-10000}
TXS=${TXS:-100}
PAR=${PAR:-0}

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBENCH=ON >/dev/null
cmake --build "$BUILD" --target oceand ocean-cli ocean-chainstate ocean-genchain >/dev/null

work=$(mktemp -d /tmp/ocean_p2pbench_XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== generating $BLOCKS blocks with $TXS spends each"
"$BUILD/test/tools/ocean-genchain" -blocks="$BLOCKS" -txs-per-block="$TXS" -out="$work/chain" -format=hex >/dev/null
chain=$(grep '^chain=' "$work/chain/config.txt" | cut -d= -f2)
chain=${chain:-ocean_test}
echo "== importing into node A's data directory"
"$BUILD/src/apps/ocean-chainstate" -datadir="$work/a" -conf="$work/chain/config.txt" import "$work/chain/blocks.hex" >/dev/null
bytes=$(du -cb "$work/a/$chain"/blocks/blk*.dat | tail -1 | cut -f1)

portA=$(free_port); rpcA=$(free_port); portB=$(free_port); rpcB=$(free_port)
mkdir -p "$work/b"
{ cat "$work/chain/config.txt"; echo "port=$portA"; echo "bind=127.0.0.1"; echo "rpcport=$rpcA"; echo "par=$PAR"; } >"$work/a/ocean.conf"
{ cat "$work/chain/config.txt"; echo "port=$portB"; echo "bind=127.0.0.1"; echo "rpcport=$rpcB"; echo "par=$PAR"
  echo "connect=127.0.0.1:$portA"; } >"$work/b/ocean.conf"
cli() { "$BUILD/src/apps/ocean-cli" -datadir="$1" -rpcwait "${@:2}"; }

"$BUILD/src/apps/oceand" -datadir="$work/a" >/dev/null 2>&1 &
pids+=($!)
cli "$work/a" getblockcount >/dev/null
start=$(date +%s.%N)
"$BUILD/src/apps/oceand" -datadir="$work/b" >/dev/null 2>&1 &
pidB=$!
pids+=($pidB)
while [ "$(cli "$work/b" getblockcount)" -lt "$BLOCKS" ]; do sleep 0.2; done
end=$(date +%s.%N)
# Per-thread CPU of node B (utime+stime ticks by thread name) before it stops.
threads=$(for t in /proc/$pidB/task/*; do
    echo "$(cat "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"
done)
tck=$(getconf CLK_TCK)
cli "$work/b" stop >/dev/null
while kill -0 "$pidB" 2>/dev/null; do sleep 0.1; done
python3 - "$start" "$end" "$BLOCKS" "$bytes" "$tck" "$threads" <<'PY'
import collections, sys
start, end, blocks, size, tck, threads = sys.argv[1:]
secs = float(end) - float(start)
cpu = collections.Counter()
for line in threads.splitlines():
    name, ticks = line.rsplit(" ", 1)
    cpu["ocean-scriptch" if name.startswith("ocean-scriptch") else name] += int(ticks) / int(tck)
total = sum(cpu.values())
workers = sum(1 for line in threads.splitlines() if line.startswith("ocean-scriptch"))
# The validating thread (msghand) takes an equal share of the script checks alongside the workers.
script = cpu["ocean-scriptch"] * (workers + 1) / workers if workers else 0.0
print("synced %s blocks (%.1f MB) in %.2f s: %.0f blocks/s, %.1f MB/s" %
      (blocks, int(size) / 1e6, secs, int(blocks) / secs, int(size) / 1e6 / secs))
print("node B CPU %.2f s by thread: %s" % (total, ", ".join("%s %.2f" % kv for kv in sorted(cpu.items()))))
print("script verification ~%.2f s CPU; outside it: ~%.2f s = %.0f%% of node B's CPU" %
      (script, total - script, 100 * (total - script) / total if total else 0))
PY
