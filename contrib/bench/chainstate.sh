#!/usr/bin/env bash
# Whole-process figures of the chain layer on this machine: generate a chain of P2PKH-spend blocks,
# import it into a fresh data directory, then rebuild it with -reindex and -reindex-chainstate.
# Prints wall time, peak memory and the connect rate (inputs/s) of each step.
#   BLOCKS=10000 TXS=100 contrib/bench/chainstate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-release}
BLOCKS=${BLOCKS:-10000}
TXS=${TXS:-100}
PAR=${PAR:-0}

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBENCH=ON >/dev/null
cmake --build "$BUILD" --target ocean-chainstate ocean-genchain >/dev/null

work=$(mktemp -d /tmp/ocean_bench_XXXXXX)
trap 'rm -rf "$work"' EXIT
cs=("$BUILD/src/apps/ocean-chainstate" "-datadir=$work/data" "-conf=$work/chain/config.txt" "-par=$PAR" -stats)

echo "== generating $BLOCKS blocks with $TXS spends each"
/usr/bin/time -f "generate: %e s wall, %M KiB peak" "$BUILD/test/tools/ocean-genchain" -blocks="$BLOCKS" \
    -txs-per-block="$TXS" -out="$work/chain" -format=hex >/dev/null
du -h "$work/chain/blocks.hex"

echo "== import"
/usr/bin/time -f "import: %e s wall, %M KiB peak" "${cs[@]}" import "$work/chain/blocks.hex" >/dev/null
echo "== -reindex"
/usr/bin/time -f "reindex: %e s wall, %M KiB peak" "${cs[@]}" -reindex info >/dev/null
echo "== -reindex-chainstate"
/usr/bin/time -f "reindex-chainstate: %e s wall, %M KiB peak" "${cs[@]}" -reindex-chainstate info >/dev/null
du -sh "$work/data"
