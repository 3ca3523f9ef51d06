#!/usr/bin/env bash
# Main job: install dependencies, build oceand in Release, and decode the sample issuance transaction
# with ocean-tx.
#
# The transaction comes from the shared vectors next to the checkout
# (../shared/vectors/ocean/tx_issuance.hex) or, when they are absent, from the copy shipped in
# share/examples/tx_issuance.hex.
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
cmake --build "$build_dir" -j "$jobs" --target ocean-tx

tx_file=../shared/vectors/ocean/tx_issuance.hex
if [[ ! -f "$tx_file" ]]; then
    tx_file=share/examples/tx_issuance.hex
fi
tx_hex=$(tr -d '[:space:]' < "$tx_file")

echo "===== ocean-tx -json <$tx_file> ====="
exec "$build_dir/src/apps/ocean-tx" -json "$tx_hex"
