#!/usr/bin/env bash
# The one command that runs every test of oceand from a fresh clone:
#
#   contrib/test.sh
#
# 1. installs the Debian packages (contrib/install-deps.sh; no-op when present),
# 2. builds build/ (RelWithDebInfo, -Werror, benchmarks on) and runs all of CTest,
# 3. builds build-asan/ (Debug, AddressSanitizer + UBSan) and runs the unit tests and the oceand
#    functional tests (rpc_*, node_*, p2p_*) again.
#
# Environment:
#   OCEAN_QUICK=1          skip the sanitizer pass (step 3)
#   OCEAN_JOBS=N           parallel build/test jobs (default 2)
#   OCEAN_BUILD_DIR=dir    build directory of step 2 (default build)
#   OCEAN_ASAN_BUILD_DIR=dir  build directory of step 3 (default build-asan)
#   CCACHE_DIR             ccache directory (default ~/.cache/ccache)
# Exits non-zero when any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${OCEAN_JOBS:-2}
build_dir=${OCEAN_BUILD_DIR:-build}
asan_dir=${OCEAN_ASAN_BUILD_DIR:-build-asan}

start=$SECONDS
section() {
    local t=$((SECONDS - start))
    printf '\n===== [%02d:%02d] %s =====\n' $((t / 60)) $((t % 60)) "$*"
}

# ccache (the top-level CMakeLists uses it automatically when installed): keep the cache outside
# the build trees so it survives `rm -rf build`.
if [[ -z "${CCACHE_DIR:-}" ]]; then
    if [[ -n "${HOME:-}" ]] && mkdir -p "$HOME/.cache/ccache" 2>/dev/null && [[ -w "$HOME/.cache/ccache" ]]; then
        export CCACHE_DIR="$HOME/.cache/ccache"
    else
        export CCACHE_DIR="$PWD/$build_dir/.ccache"
    fi
fi

section "install dependencies"
contrib/install-deps.sh

section "toolchain"
echo "host: $(uname -srm), $(nproc) cores; jobs: $jobs"
cmake --version | head -n1
ninja --version | sed 's/^/ninja /'
c++ --version | head -n1
if command -v ccache >/dev/null; then echo "ccache dir: $CCACHE_DIR"; fi

# Options that a previous configuration of the same directory may have cached are passed
# explicitly, so every run tests the same thing.
section "configure $build_dir (RelWithDebInfo, WERROR, BENCH)"
cmake -S . -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWERROR=ON -DBENCH=ON -DFUZZ=OFF -DSANITIZE= \
    -DBUILD_TESTING=ON

section "build $build_dir"
cmake --build "$build_dir" -j "$jobs"

section "test $build_dir"
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j "$jobs"

if [[ "${OCEAN_QUICK:-0}" == "1" ]]; then
    section "sanitizer pass skipped (OCEAN_QUICK=1)"
else
    section "configure $asan_dir (Debug, address+undefined sanitizers)"
    cmake -S . -B "$asan_dir" -G Ninja \
        -DCMAKE_BUILD_TYPE=Debug -DWERROR=ON -DBENCH=OFF -DFUZZ=OFF -DSANITIZE=address,undefined \
        -DBUILD_TESTING=ON

    section "build $asan_dir"
    cmake --build "$asan_dir" -j "$jobs"

    section "test $asan_dir (unit tests, oceand functional tests)"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    ctest --test-dir "$asan_dir" --output-on-failure --no-tests=error -j "$jobs" -L unit
    ctest --test-dir "$asan_dir" --output-on-failure --no-tests=error -j "$jobs" -L functional -R 'functional\.(rpc|node|p2p|wallet)_'
fi

section "all tests passed"
