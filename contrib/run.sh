#!/usr/bin/env bash
# Main job: install dependencies, build oceand and ocean-cli (Release), and run a single-node dev chain
# in the foreground: chain ocean_test with 21,000,000 CBT of free coins in 100 anyone-can-spend genesis
# outputs, blocks made on demand with `generate` (the block challenge is OP_TRUE), -txindex on.
# It prints the ocean-cli commands to try, then runs oceand until Ctrl-C (SIGINT: clean shutdown).
#
# Environment: OCEAN_JOBS (default 2), OCEAN_BUILD_DIR (default build-release),
#              OCEAN_DEVDIR (data directory, default /tmp/oceand-dev; kept between runs),
#              OCEAN_RPCPORT (default 7041).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${OCEAN_JOBS:-2}
build_dir=${OCEAN_BUILD_DIR:-build-release}
datadir=${OCEAN_DEVDIR:-/tmp/oceand-dev}
rpcport=${OCEAN_RPCPORT:-7041}

echo "===== install dependencies ====="
contrib/install-deps.sh

echo "===== configure and build $build_dir (Release) ====="
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
cmake --build "$build_dir" -j "$jobs" --target oceand ocean-cli ocean-tx

mkdir -p "$datadir"
if [[ ! -f "$datadir/ocean.conf" ]]; then
    cat > "$datadir/ocean.conf" <<CONF
# Single-node development chain (see share/examples/ocean.conf for every option).
chain=ocean_test
initialfreecoins=2100000000000000
txindex=1
rpcport=$rpcport
CONF
fi
cli="$PWD/$build_dir/src/apps/ocean-cli -datadir=$datadir"
cat <<HELP

===== oceand dev chain: data directory $datadir, RPC on 127.0.0.1:$rpcport =====
In another terminal, try:
  $cli getblockchaininfo
  $cli generate 10
  $cli getblock \$($cli getbestblockhash) 2
  $cli gettxoutsetinfo
  $cli getutxoassetinfo
  $cli -named getblockhash height=1
  $cli help
  $cli stop            # or Ctrl-C here
Logs go to the console (and nowhere else); the chain persists in $datadir between runs.

HELP
exec "$build_dir/src/apps/oceand" -datadir="$datadir" -printtoconsole
