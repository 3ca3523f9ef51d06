#!/usr/bin/env bash
# Main job: install dependencies, build oceand, ocean-cli and ocean-hsm (Release), and start on 127.0.0.1
# a 2-of-3 block-signing federation with SoftHSM2 keys plus one full node (contrib/federation.sh): three
# signers, each with its own SoftHSM2 token, agree on a block every 5 seconds; the script waits for the
# first blocks, prints the ocean-cli commands to inspect the federation, and returns with the four nodes
# running in the background.
#
#   contrib/run.sh                    build, then start the federation demo (data in ./demo, kept between runs)
#   contrib/run.sh stop               stop the demo's four nodes cleanly (no build)
#   contrib/run.sh status | clean     heights and signer state / stop and delete ./demo (no build)
#   contrib/run.sh --single           build, then run the single-node dev chain in the foreground (below)
#
# --single: chain ocean_test with 21,000,000 CBT of free coins in 100 anyone-can-spend genesis outputs,
# blocks made on demand with `generate` (the block challenge is OP_TRUE), -txindex on. It prints the
# ocean-cli commands to try, then runs oceand until Ctrl-C (SIGINT: clean shutdown).
#
# Environment: OCEAN_JOBS (default 2), OCEAN_BUILD_DIR (default build-release),
#              OCEAN_DEMO_DIR (federation demo directory, default ./demo; see contrib/federation.sh for
#              OCEAN_DEMO_PORT and the other demo settings),
#              OCEAN_DEVDIR (--single: data directory, default /tmp/oceand-dev; kept between runs),
#              OCEAN_RPCPORT (--single: default 7041).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=federation
case "${1:-}" in
"") ;;
--single) mode=single ;;
stop | status | clean) exec contrib/federation.sh "$1" ;;
-h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
    exit 0
    ;;
*)
    echo "usage: $0 [--single | stop | status | clean]   (--help for details)" >&2
    exit 2
    ;;
esac

jobs=${OCEAN_JOBS:-2}
build_dir=${OCEAN_BUILD_DIR:-build-release}
datadir=${OCEAN_DEVDIR:-/tmp/oceand-dev}
rpcport=${OCEAN_RPCPORT:-7041}

echo "===== install dependencies ====="
contrib/install-deps.sh

echo "===== configure and build $build_dir (Release) ====="
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
cmake --build "$build_dir" -j "$jobs" --target oceand ocean-cli ocean-tx ocean-hsm

if [[ $mode == federation ]]; then
    echo "===== 2-of-3 federation demo on 127.0.0.1 (contrib/federation.sh) ====="
    apps="$PWD/$build_dir/src/apps"
    [[ $build_dir != /* ]] || apps="$build_dir/src/apps"
    OCEAND="$apps/oceand" OCEAN_CLI="$apps/ocean-cli" OCEAN_HSM="$apps/ocean-hsm" exec contrib/federation.sh start
fi

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
