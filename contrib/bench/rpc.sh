#!/usr/bin/env bash
# Throughput and latency of the HTTP/JSON-RPC server on this machine: starts an RPC server with cookie
# authentication, then runs ocean-rpc-load (keep-alive connections sending getblockcount back to back)
# at 1, 8 and 64 connections. Prints one JSON line per run.
#   SECONDS_PER_RUN=10 CONNECTIONS="1 8 64" contrib/bench/rpc.sh
#
# The server is oceand itself on a fresh dev chain. To measure the transport alone, use the rpc layer
# without a node:
#   SERVER_CMD='$BUILD/test/tools/ocean-rpc-echo-server -datadir=$work -rpcport=$PORT' COOKIE='$work/.cookie'
# (single-quoted: $BUILD, $work and $PORT are expanded here).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-release}
PORT=${PORT:-18741}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
CONNECTIONS=${CONNECTIONS:-"1 8 64"}
METHOD=${METHOD:-getblockcount}
PARAMS=${PARAMS:-[]}
RPCTHREADS=${RPCTHREADS:-4}
RPCWORKQUEUE=${RPCWORKQUEUE:-16}
SERVER_CMD=${SERVER_CMD:-'$BUILD/src/apps/oceand -datadir=$work -rpcport=$PORT -rpcthreads=$RPCTHREADS -rpcworkqueue=$RPCWORKQUEUE'}
COOKIE=${COOKIE:-'$work/ocean_test/.cookie'}
LOAD="$BUILD/test/tools/ocean-rpc-load"

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target ocean-rpc-load ocean-rpc-echo-server oceand >/dev/null

work=$(mktemp -d /tmp/ocean_rpc_bench_XXXXXX)
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

server=$(eval echo "$SERVER_CMD")
cookie=$(eval echo "$COOKIE")
echo "== server: $server"
$server >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    [ -s "$cookie" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "server exited" >&2; exit 1; }
    sleep 0.1
done
[ -s "$cookie" ] || { echo "no cookie at $cookie" >&2; exit 1; }
sleep 0.2

status=0
for n in $CONNECTIONS; do
    echo "== $n connection(s), $SECONDS_PER_RUN s"
    "$LOAD" -host=127.0.0.1 -port="$PORT" -cookie="$cookie" -connections="$n" -seconds="$SECONDS_PER_RUN" \
        -method="$METHOD" -params="$PARAMS" || status=1
done
exit $status
