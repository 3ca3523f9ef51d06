#!/usr/bin/env bash
# Main job: install dependencies, build oceand in Release, decode the sample issuance transaction with
# ocean-tx, and validate the reference node's 331-block conformance chain A from genesis with
# ocean-chainstate (full consensus checks, LevelDB chainstate in a temporary data directory), printing
# the resulting chain state.
#
# The transaction comes from the shared vectors next to the checkout
# (../shared/vectors/ocean/tx_issuance.hex) or, when they are absent, from the copy shipped in
# share/examples/tx_issuance.hex; chain A is skipped when the vectors are absent.
#
# Environment: OCEAN_JOBS (default 2), OCEAN_BUILD_DIR (default build).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${OCEAN_JOBS:-2}
build_dir=${OCEAN_BUILD_DIR:-build}

echo "===== install dependencies ====="
contrib/install-deps.sh

echo "===== configure and build $build_dir (Release) ====="
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j "$jobs" --target ocean-tx ocean-chainstate

tx_file=../shared/vectors/ocean/tx_issuance.hex
if [[ ! -f "$tx_file" ]]; then
    tx_file=share/examples/tx_issuance.hex
fi
tx_hex=$(tr -d '[:space:]' < "$tx_file")

echo "===== ocean-tx -json <$tx_file> ====="
"$build_dir/src/apps/ocean-tx" -json "$tx_hex"

chain_a=../shared/vectors/ocean/chains/A
if [[ -f "$chain_a/blocks.hex" ]]; then
    datadir=$(mktemp -d /tmp/oceand_chain_a_XXXXXX)
    trap 'rm -rf "$datadir"' EXIT
    mkdir -p "$datadir/terms-and-conditions/conformance_a"
    cp "$chain_a/latest.txt" "$datadir/terms-and-conditions/conformance_a/latest.txt"
    echo "===== ocean-chainstate: validate and import chain A ($chain_a/blocks.hex) ====="
    "$build_dir/src/apps/ocean-chainstate" -datadir="$datadir" -conf="$chain_a/config.txt" -stats \
        import "$chain_a/blocks.hex"
fi
