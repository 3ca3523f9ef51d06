#!/usr/bin/env bash
# A demo federation on 127.0.0.1: three oceand block signers of a 2-of-3 block challenge, each with its
# key in its own SoftHSM2 token, and one full node. Every node connects to every other one; blocks come
# every 5 seconds (doc/signing-protocol.md, doc/hsm.md).
#
#   contrib/federation.sh start    set up the demo (first time), start the 4 nodes, wait for 3 blocks
#   contrib/federation.sh status   heights, peers and signer state of each node
#   contrib/federation.sh stop     stop the 4 nodes cleanly (ocean-cli stop, then wait for them to exit)
#   contrib/federation.sh clean    stop, then delete the demo directory (keys and chain)
#
# `start` on a stopped demo reuses its keys and chain; it refuses to touch a demo that is running.
# Layout of the demo directory (one oceand data directory per node):
#   signer0/ signer1/ signer2/   ocean.conf, hsm/ (softhsm2.conf, tokens/, pin, so-pin), ocean_demo/ (chain)
#   fullnode/                    ocean.conf, ocean_demo/
#   signblockscript              the 2-of-3 block challenge (hex), pubkeys: the three public keys
#
# Environment:
#   OCEAN_DEMO_DIR        demo directory (default: demo/ in the repository)
#   OCEAND, OCEAN_CLI, OCEAN_HSM   the binaries (default: $OCEAN_BUILD_DIR/src/apps/...; this script never
#                         builds: contrib/run.sh does)
#   OCEAN_BUILD_DIR       build directory used for the defaults above (default: build-release)
#   OCEAN_DEMO_PORT       base port when the demo is created (default 7100): node i listens for RPC on
#                         base+10*i+1 and for P2P on base+10*i+2 (7101/7102, 7111/7112, 7121/7122, 7131/7132)
#   OCEAN_DEMO_INTERVAL   block interval in seconds when the demo is created (default 5)
#   OCEAN_DEMO_TIMEOUT    seconds `start` waits for blocks (default 120)
#   OCEAN_HSM_MODULE      PKCS#11 module (default /usr/lib/softhsm/libsofthsm2.so)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd -P)
build_dir=${OCEAN_BUILD_DIR:-build-release}
[[ $build_dir = /* ]] || build_dir="$repo/$build_dir"
oceand=${OCEAND:-$build_dir/src/apps/oceand}
cli=${OCEAN_CLI:-$build_dir/src/apps/ocean-cli}
hsm=${OCEAN_HSM:-$build_dir/src/apps/ocean-hsm}
module=${OCEAN_HSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
demo=${OCEAN_DEMO_DIR:-$repo/demo}
base_port=${OCEAN_DEMO_PORT:-7100}
interval=${OCEAN_DEMO_INTERVAL:-5}
timeout=${OCEAN_DEMO_TIMEOUT:-120}
me=$0

chain=ocean_demo
nodes=(signer0 signer1 signer2 fullnode)
signers=(signer0 signer1 signer2)
token_key=blocksigner
min_height=3

die() {
    echo "federation: error: $*" >&2
    exit 1
}
say() { echo "federation: $*"; }

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
    exit "${1:-0}"
}

# ---- paths and node facts ----

# The demo directory as a canonical absolute path (it need not exist yet), and how to call this script
# for it in messages.
absolute_demo() {
    demo=$(realpath -m -- "$demo")
    me="$repo/contrib/federation.sh"
    [[ $demo == "$repo/demo" ]] || me="OCEAN_DEMO_DIR=$demo $me"
}

datadir() { echo "$demo/$1"; }
pidfile() { echo "$demo/$1/$chain/ocean-daemon.pid"; }
debuglog() { echo "$demo/$1/$chain/debug.log"; }

# A value of the node's ocean.conf (first occurrence).
conf_value() {
    sed -n "s/^$2=//p" "$(datadir "$1")/ocean.conf" | head -n1
}

is_signer() { [[ $1 == signer* ]]; }

# The PID of the node's oceand when it is running, else nothing (and status 1). The PID file alone is
# not trusted: after a crash it stays behind and its number may belong to another process by now.
running_pid() {
    local f pid cmdline
    f=$(pidfile "$1")
    # (The file disappears when the node stops, possibly between any two of these commands.)
    { pid=$(tr -dc '0-9' < "$f"); } 2>/dev/null || return 1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
    cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"-datadir=$(datadir "$1") "* ]] || return 1
    echo "$pid"
}

node_cli() {
    local node=$1
    shift
    "$cli" -datadir="$(datadir "$node")" "$@"
}

# A top-level scalar field of a JSON object printed by ocean-cli (a string without its quotes).
json_field() {
    sed -n -e "s/^  \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" -e "s/^  \"$1\": \([^\",]*\),\{0,1\}\$/\1/p" | head -n1
}

check_binaries() {
    local b
    for b in "$@"; do
        [[ -x $b ]] || die "$b not found or not executable; build it first (contrib/run.sh builds
    oceand, ocean-cli and ocean-hsm) or name the binaries with OCEAND, OCEAN_CLI and OCEAN_HSM"
    done
}

port_in_use() {
    # Something accepts connections on 127.0.0.1:$1.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

log_size() { stat -c %s "$(debuglog "$1")" 2>/dev/null || echo 0; }

# The last $2 lines of the node's debug.log, only from byte offset $3 on when given (this run's lines).
show_log_tail() {
    local log lines
    log=$(debuglog "$1")
    lines=$(tail -c +"$((${3:-0} + 1))" "$log" 2>/dev/null | tail -n "$2") || true
    if [[ -n $lines ]]; then
        echo "---- $1: last lines of $log ----" >&2
        echo "$lines" >&2
    else
        echo "---- $1: nothing (new) in $log ----" >&2
    fi
}

check_port() {
    if port_in_use "$1"; then
        die "127.0.0.1:$1 ($2) is already in use by another program; stop it, or create the demo with
    another OCEAN_DEMO_PORT (ports are chosen when the demo is created: '$me clean' first)"
    fi
}

# ---- set-up (first start only) ----

random_pin() {
    # 16 random bytes as 32 hex digits, written to a file only its owner can read.
    (umask 077 && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$1")
    chmod 600 "$1"
}

setup_signer() {
    local node=$1 dir hsmdir
    dir=$(datadir "$node")
    hsmdir="$dir/hsm"
    mkdir -p "$hsmdir/tokens"
    chmod 700 "$hsmdir" "$hsmdir/tokens"
    cat > "$hsmdir/softhsm2.conf" <<CONF
# SoftHSM2 configuration of $node's token (SOFTHSM2_CONF is set to this file for $node only).
directories.tokendir = $hsmdir/tokens
objectstore.backend = file
log.level = ERROR
CONF
    random_pin "$hsmdir/so-pin"
    random_pin "$hsmdir/pin"
    SOFTHSM2_CONF="$hsmdir/softhsm2.conf" "$hsm" inittoken -module="$module" -token="$node" \
        -sopinfile="$hsmdir/so-pin" -pinfile="$hsmdir/pin" > /dev/null ||
        die "ocean-hsm inittoken failed for $node (token directory $hsmdir/tokens)"
    SOFTHSM2_CONF="$hsmdir/softhsm2.conf" "$hsm" init -module="$module" -token="$node" \
        -key="$token_key" -pinfile="$hsmdir/pin" > "$hsmdir/pubkey" ||
        die "ocean-hsm init failed for $node (token '$node', key '$token_key')"
}

write_conf() {
    local node=$1 index=$2 script=$3 i
    local rpcport=$((base_port + 10 * index + 1)) port=$((base_port + 10 * index + 2))
    {
        echo "# $node of the oceand demo federation (written by contrib/federation.sh; share/federation/"
        echo "# has annotated examples). Data: $chain/ next to this file."
        echo
        echo "# ---- the chain: every node of it has the same values ----"
        echo "chain=$chain"
        echo "signblockscript=$script"
        echo "blockinterval=$interval"
        echo "initialfreecoins=2100000000000000"
        echo
        echo "# ---- network: 127.0.0.1 only; each node keeps a connection to every node started before it,"
        echo "# so every pair is connected once (and reconnects when either side restarts) ----"
        echo "bind=127.0.0.1"
        echo "port=$port"
        echo "rpcport=$rpcport"
        echo "dnsseed=0"
        echo "discover=0"
        for ((i = 0; i < index; i++)); do
            echo "addnode=127.0.0.1:$((base_port + 10 * i + 2))"
        done
        echo
        if is_signer "$node"; then
            echo "# ---- block signing: key '$token_key' in the SoftHSM2 token '$node' ----"
            echo "# (the node runs with SOFTHSM2_CONF=$(datadir "$node")/hsm/softhsm2.conf)"
            echo "hsm=pkcs11"
            echo "hsmmodule=$module"
            echo "hsmtoken=$node"
            echo "hsmkeylabel=$token_key"
            echo "hsmpinfile=hsm/pin"
        else
            echo "# ---- no signing key: a full node that validates and relays the federation's blocks ----"
        fi
        echo
        echo "# ---- node ----"
        echo "txindex=1"
        echo "dbcache=16"
        echo "par=2"
        echo "printtoconsole=0"
    } > "$(datadir "$node")/ocean.conf"
}

setup() {
    local i node script pubkeys=() port
    say "creating the demo in $demo"
    [[ $base_port =~ ^[0-9]+$ ]] || die "OCEAN_DEMO_PORT=$base_port is not a number"
    if ! [[ $interval =~ ^[0-9]+$ ]] || ((interval == 0)); then
        die "OCEAN_DEMO_INTERVAL=$interval is not a positive number of seconds"
    fi
    for ((i = 0; i < ${#nodes[@]}; i++)); do
        for port in $((base_port + 10 * i + 1)) $((base_port + 10 * i + 2)); do
            ((port > 0 && port < 65536)) || die "port $port out of range (OCEAN_DEMO_PORT=$base_port)"
            check_port "$port" "for ${nodes[$i]}"
        done
    done
    mkdir -p -- "$demo"
    # Marks the directory as the demo's, so that `clean` only ever deletes a directory made here.
    echo "oceand demo federation (contrib/federation.sh)" > "$demo/.ocean-demo"
    for node in "${nodes[@]}"; do
        mkdir -p "$(datadir "$node")"
        chmod 700 "$(datadir "$node")"
    done
    for node in "${signers[@]}"; do
        setup_signer "$node"
        pubkeys+=("$(cat "$(datadir "$node")/hsm/pubkey")")
        say "  $node: SoftHSM2 token '$node', key '$token_key', public key ${pubkeys[-1]}"
    done
    script=$("$hsm" script -nrequired=2 "${pubkeys[@]}") || die "ocean-hsm script failed"
    echo "$script" > "$demo/signblockscript"
    printf '%s\n' "${pubkeys[@]}" > "$demo/pubkeys"
    say "  signblockscript (2 of 3): $script"
    for ((i = 0; i < ${#nodes[@]}; i++)); do
        write_conf "${nodes[$i]}" "$i" "$script"
    done
    touch "$demo/.setup-done"
}

# ---- commands ----

cmd_start() {
    check_binaries "$oceand" "$cli" "$hsm"
    [[ $timeout =~ ^[0-9]+$ ]] || die "OCEAN_DEMO_TIMEOUT=$timeout is not a number of seconds"
    absolute_demo
    local node n pid running=() started=() height=0 h deadline port what
    if [[ -e $demo && ! -d $demo ]]; then
        die "$demo exists and is not a directory"
    fi
    if [[ -d $demo && -f $demo/.setup-done ]]; then
        for node in "${nodes[@]}"; do
            if pid=$(running_pid "$node"); then running+=("$node (pid $pid)"); fi
        done
        if ((${#running[@]} > 0)); then
            die "the demo in $demo is already running: ${running[*]}.
    Use '$me status', or '$me stop' first to start it again."
        fi
        say "reusing the stopped demo in $demo (its keys and chain)"
    elif [[ -d $demo && -f $demo/.ocean-demo ]]; then
        die "$demo was not fully set up (interrupted?); remove it with '$me clean' and start again"
    elif [[ -d $demo && -n "$(ls -A -- "$demo")" ]]; then
        die "$demo exists, is not empty and is not a demo directory; choose another OCEAN_DEMO_DIR"
    else
        [[ -f $module ]] || die "the PKCS#11 module $module does not exist: install SoftHSM2 (Debian package
    softhsm2, contrib/install-deps.sh) or set OCEAN_HSM_MODULE"
        setup
    fi

    for node in "${nodes[@]}"; do
        for what in rpcport port; do
            port=$(conf_value "$node" "$what")
            [[ -n $port ]] || die "no $what= in $(datadir "$node")/ocean.conf"
            check_port "$port" "$node $what"
        done
    done

    for node in "${nodes[@]}"; do
        # SoftHSM2 finds the signer's own token directory through SOFTHSM2_CONF, set for its process only.
        local node_env=()
        if is_signer "$node"; then node_env=(SOFTHSM2_CONF="$(datadir "$node")/hsm/softhsm2.conf"); fi
        local offset
        offset=$(log_size "$node")
        # -daemon: the parent returns once the node serves RPC (or has failed to start).
        if ! env "${node_env[@]}" "$oceand" -datadir="$(datadir "$node")" -daemon > /dev/null; then
            echo "federation: error: $node did not start" >&2
            show_log_tail "$node" 20 "$offset"
            for n in "${started[@]}"; do
                node_cli "${n%%:*}" stop > /dev/null 2>&1 || true
            done
            ((${#started[@]} == 0)) || { say "stopping the nodes already started"; wait_stopped "${started[@]}" || true; }
            exit 1
        fi
        started+=("$node:$(running_pid "$node" || echo 0)")
        say "started $node (pid ${started[-1]##*:}, RPC 127.0.0.1:$(conf_value "$node" rpcport), P2P 127.0.0.1:$(conf_value "$node" port))"
    done

    # At least 3 blocks, and on a restarted demo at least one new block.
    height=$(node_cli fullnode getblockcount 2>/dev/null || echo 0)
    local target=$((height + 1 > min_height ? height + 1 : min_height))
    say "waiting for block $target on the full node (a block every $(conf_value fullnode blockinterval)s;" \
        "timeout ${timeout}s)"
    deadline=$((SECONDS + timeout))
    while :; do
        h=$(node_cli fullnode getblockcount 2>/dev/null || echo "?")
        [[ $h =~ ^[0-9]+$ ]] && ((h >= target)) && break
        for node in "${nodes[@]}"; do
            if ! running_pid "$node" > /dev/null; then
                echo "federation: error: $node exited while waiting for blocks" >&2
                show_log_tail "$node" 30
                echo "The other nodes are still running: '$me stop' stops them." >&2
                exit 1
            fi
        done
        if ((SECONDS >= deadline)); then
            echo "federation: error: the full node is at height $h, not $target, after ${timeout}s" >&2
            for node in "${nodes[@]}"; do
                echo "  $node: height $(node_cli "$node" getblockcount 2>&1 | tail -n1)," \
                    "$(node_cli "$node" getconnectioncount 2>&1 | tail -n1) peers" >&2
            done
            for node in "${signers[@]}"; do
                show_log_tail "$node" 15
            done
            echo "The nodes are still running for inspection: '$me stop' stops them." >&2
            exit 1
        fi
        sleep 1
    done
    say "the full node is at height $h"
    # oceand starts even when its key cannot be used (it retries every 10 s): say so here.
    local info status
    for node in "${signers[@]}"; do
        info=$(node_cli "$node" getsignerinfo 2>&1) || true
        status=$(json_field status <<< "$info")
        if [[ $status != signing ]]; then
            echo "federation: warning: $node is not signing (${status:-no status}):" \
                "$(json_field last_error <<< "$info")" >&2
        fi
    done
    print_help
}

print_help() {
    local c="$cli -datadir=$demo"
    cat <<HELP

===== 2-of-3 federation running on 127.0.0.1: 3 signers (SoftHSM2 keys) + 1 full node, data in $demo =====
Try:
  $c/fullnode getblockcount
  $c/fullnode getblock \$($c/fullnode getbestblockhash)
  $c/fullnode getblockchaininfo
  $c/fullnode getpeerinfo
  $c/signer0 getsignerinfo
  $c/signer1 getsignerinfo
  $c/fullnode help
Each node's log: $demo/<node>/$chain/debug.log (nodes: ${nodes[*]}).
  $me status     heights, peers and signer state
  $me stop       stops the 4 nodes; 'start' again continues the same chain with the same keys
  $me clean      stops them and deletes $demo

HELP
}

# True while process $2 is still node $1's oceand (the PID file goes away before the process has exited:
# at-exit work, e.g. a sanitizer's leak check, may still be running).
pid_alive() {
    local cmdline
    kill -0 "$2" 2>/dev/null || return 1
    cmdline=$(tr '\0' ' ' < "/proc/$2/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"-datadir=$(datadir "$1") "* ]]
}

# Waits until the given node:pid processes have exited: 60 s after `stop`, then SIGTERM and 30 s more.
# Status 1 if one had to be killed.
wait_stopped() {
    local entry deadline ok=0 term_sent=0
    deadline=$((SECONDS + 60))
    while :; do
        local left=()
        for entry in "$@"; do
            if pid_alive "${entry%%:*}" "${entry##*:}"; then left+=("$entry"); fi
        done
        ((${#left[@]} == 0)) && return "$ok"
        if ((SECONDS >= deadline)); then
            if ((term_sent)); then
                for entry in "${left[@]}"; do
                    echo "federation: error: ${entry%%:*} (pid ${entry##*:}) did not exit; killing it" >&2
                    kill -KILL "${entry##*:}" 2>/dev/null || true
                done
                ok=1
                sleep 1
                return "$ok"
            fi
            for entry in "${left[@]}"; do
                echo "federation: ${entry%%:*} (pid ${entry##*:}) still running after 60s; sending SIGTERM" >&2
                kill -TERM "${entry##*:}" 2>/dev/null || true
            done
            term_sent=1
            deadline=$((SECONDS + 30))
        fi
        sleep 0.2
    done
}

cmd_stop() {
    absolute_demo
    [[ -d $demo ]] || { say "no demo in $demo"; return 0; }
    local node pid to_stop=()
    for node in "${nodes[@]}"; do
        pid=$(running_pid "$node") || continue
        to_stop+=("$node:$pid")
        if [[ -x $cli ]] && node_cli "$node" stop > /dev/null 2>&1; then
            say "stopping $node (pid $pid)"
        else
            say "stopping $node (pid $pid) with SIGTERM (ocean-cli stop failed)"
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    if ((${#to_stop[@]} == 0)); then
        say "the demo in $demo is not running"
        return 0
    fi
    wait_stopped "${to_stop[@]}" || die "not every node stopped cleanly"
    local names=("${to_stop[@]%%:*}")
    say "stopped: ${names[*]}"
}

cmd_status() {
    check_binaries "$cli"
    absolute_demo
    [[ -f $demo/.setup-done ]] || die "no demo in $demo ('$me start' creates one)"
    local node pid out
    echo "demo $demo, chain $chain, signblockscript $(cat "$demo/signblockscript")"
    for node in "${nodes[@]}"; do
        if ! pid=$(running_pid "$node"); then
            printf '%-9s stopped\n' "$node"
            continue
        fi
        printf '%-9s pid %-7s height %-5s best %s  peers %s\n' "$node" "$pid" \
            "$(node_cli "$node" getblockcount 2>&1 | tail -n1)" \
            "$(node_cli "$node" getbestblockhash 2>&1 | tail -n1 | cut -c1-16)…" \
            "$(node_cli "$node" getconnectioncount 2>&1 | tail -n1)"
        out=$(node_cli "$node" getsignerinfo 2>&1) || { echo "          getsignerinfo: $out"; continue; }
        if is_signer "$node"; then
            printf '          signer %s of %s (%s required): %s; at height %s round %s; %s blocks proposed, %s signatures\n' \
                "$(json_field index <<< "$out")" "$(json_field signers <<< "$out")" \
                "$(json_field required <<< "$out")" "$(json_field status <<< "$out")" \
                "$(json_field height <<< "$out")" "$(json_field round <<< "$out")" \
                "$(json_field blocks_proposed <<< "$out")" "$(json_field signatures <<< "$out")"
            printf '          key: %s\n' "$(json_field key <<< "$out")"
            local err
            err=$(json_field last_error <<< "$out")
            [[ -z $err ]] || printf '          last error: %s\n' "$err"
        else
            printf '          %s\n' "$(json_field status <<< "$out")"
        fi
    done
}

cmd_clean() {
    absolute_demo
    if [[ ! -e $demo ]]; then
        say "nothing to clean: $demo does not exist"
        return 0
    fi
    [[ -f $demo/.ocean-demo ]] || die "$demo is not a demo directory (no .ocean-demo); not deleting it"
    cmd_stop
    rm -rf -- "$demo"
    say "deleted $demo"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
clean) cmd_clean ;;
-h | --help | help) usage 0 ;;
*)
    echo "usage: $0 start|status|stop|clean   (--help for details)" >&2
    exit 2
    ;;
esac
