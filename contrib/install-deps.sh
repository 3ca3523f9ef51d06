#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing, fuzzing, benchmarking and the demo of
# oceand need. Safe to run repeatedly: when everything is already installed it does not touch apt.
# Works as root on a fresh machine (no sudo needed) and as a normal user with sudo.
set -euo pipefail

packages=(
    # toolchain and build
    build-essential cmake ninja-build pkg-config ccache
    # fuzzing (libFuzzer runtime comes with clang's compiler-rt)
    clang libclang-rt-14-dev
    # libraries
    libssl-dev libsecp256k1-dev libleveldb-dev nlohmann-json3-dev
    libboost-dev libboost-system-dev libzmq3-dev libp11-kit-dev
    # tests and benchmarks
    libgtest-dev libgmock-dev googletest libbenchmark-dev
    # HSM emulation, model checking, scripting, formatting
    softhsm2 spin python3 clang-format
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo -n)
        # -n fails instead of prompting when a password would be needed; allow a prompt only when
        # there is a terminal to answer it.
        if [[ -t 0 ]]; then as_root=(sudo); fi
    else
        echo "install-deps: not root and sudo is unavailable; install these as root:" >&2
        echo "  apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q -o Acquire::Retries=3
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Acquire::Retries=3 \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
echo "install-deps: done"
