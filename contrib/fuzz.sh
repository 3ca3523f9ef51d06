#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/, makes seed corpora from the shared vectors
# (../shared/vectors next to the checkout) and fuzzes each target for a fixed time.
#
#   contrib/fuzz.sh                      # every test/fuzz/fuzz_*.cpp, 60 s each
#   FUZZ_SECONDS=600 contrib/fuzz.sh fuzz_block fuzz_header
#
# Environment:
#   FUZZ_SECONDS   time per target (default 60)
#   OCEAN_JOBS     build jobs (default 2)
#   OCEAN_VECTORS  vectors directory (default ../shared/vectors)
# Corpora live in build-fuzz/fuzz-corpus/<target>/ and grow from run to run; crash reproducers are
# written to build-fuzz/fuzz-artifacts/. Exits non-zero when a target crashes, leaks or times out.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
jobs=${OCEAN_JOBS:-2}
vectors=${OCEAN_VECTORS:-../shared/vectors}
build_dir=build-fuzz
corpus_root=$build_dir/fuzz-corpus
artifacts=$build_dir/fuzz-artifacts

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    targets=()
    for src in test/fuzz/fuzz_*.cpp; do
        [[ -e "$src" ]] || continue
        t=$(basename "$src" .cpp)
        targets+=("$t")
    done
fi
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "fuzz: no test/fuzz/fuzz_*.cpp targets" >&2
    exit 1
fi

echo "===== install dependencies ====="
contrib/install-deps.sh

echo "===== configure and build $build_dir (clang, FUZZ=ON): ${targets[*]} ====="
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DFUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
# One target at a time, so a target that does not build does not keep the others from running.
declare -A result execs speed
failed=0
built=()
for t in "${targets[@]}"; do
    if cmake --build "$build_dir" -j "$jobs" --target "$t"; then
        built+=("$t")
    else
        result[$t]="BUILD FAILED"
        failed=1
    fi
done

echo "===== seed corpora from $vectors ====="
mkdir -p "$corpus_root" "$artifacts"
# Seeds checked in with the tests, then everything decodable found in the vectors: transactions
# (standalone and inside blocks), blocks, header prefixes of blocks, scripts and DER signatures.
for t in "${targets[@]}"; do
    mkdir -p "$corpus_root/$t"
    find "$corpus_root/$t" -type f -size +64k -delete  # same size cap as the seeds below
    if [[ -d test/fuzz/seeds/$t ]]; then cp -f test/fuzz/seeds/"$t"/* "$corpus_root/$t/" 2>/dev/null || true; fi
done
if [[ -d "$vectors/ocean" ]]; then
    python3 - "$vectors/ocean" "$corpus_root" <<'PY'
import hashlib, os, sys

vectors, out = sys.argv[1], sys.argv[2]
MAX_SEED = 64 * 1024

class Reader:
    def __init__(self, b): self.b, self.p = b, 0
    def take(self, n):
        if self.p + n > len(self.b): raise ValueError("truncated")
        v = self.b[self.p:self.p + n]; self.p += n; return v
    def u8(self): return self.take(1)[0]
    def u32(self): return int.from_bytes(self.take(4), "little")
    def compact(self):
        f = self.u8()
        if f < 253: return f
        return int.from_bytes(self.take({253: 2, 254: 4, 255: 8}[f]), "little")
    def bytes_(self): return self.take(self.compact())
    def stack(self): return [self.bytes_() for _ in range(self.compact())]
    def conf(self, explicit, a, b):
        pre = self.b[self.p] if self.p < len(self.b) else None
        if pre == 0: return self.take(1)
        if pre in (1, 0xff): return self.take(explicit)
        if pre in (a, b): return self.take(33)
        raise ValueError("bad confidential prefix")

scripts, pushes = set(), set()

def script_pushes(s):
    i = 0
    while i < len(s):
        op = s[i]; i += 1
        if 1 <= op <= 75: n = op
        elif op == 76 and i < len(s): n = s[i]; i += 1
        elif op == 77 and i + 1 < len(s): n = int.from_bytes(s[i:i + 2], "little"); i += 2
        else: continue
        yield s[i:i + n]; i += n

def read_tx(r):
    start = r.p
    r.u32(); flags = r.u8()
    nin = r.compact()
    for _ in range(nin):
        r.take(32); n = r.u32(); ss = r.bytes_(); r.u32()
        scripts.add(bytes(ss)); pushes.update(script_pushes(ss))
        if n != 0xffffffff and n & 0x80000000:
            r.take(64); r.conf(9, 8, 9); r.conf(9, 8, 9)
    nout = r.compact()
    for _ in range(nout):
        r.conf(33, 10, 11); r.conf(9, 8, 9); r.conf(33, 2, 3); scripts.add(bytes(r.bytes_()))
    r.u32()
    if flags & 1:
        for _ in range(nin):
            r.bytes_(); r.bytes_()
            for item in r.stack():
                pushes.add(bytes(item)); scripts.add(bytes(item))
            r.stack()
        for _ in range(nout): r.bytes_(); r.bytes_()
    return r.b[start:r.p]

def read_block(b):
    r = Reader(b)
    r.take(4 + 32 * 5 + 8); r.bytes_(); r.bytes_()
    header = b[:r.p]
    txs = [read_tx(r) for _ in range(r.compact())]
    return header, txs

def save(target, data):
    d = os.path.join(out, target)
    # Large inputs (the oversized blocks of chain A's invalid/) make every mutation slow.
    if not os.path.isdir(d) or not data or len(data) > MAX_SEED: return
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f: f.write(data)

hex_blobs = []
for root, _, files in os.walk(vectors):
    for name in sorted(files):
        if name.endswith(".hex"):
            with open(os.path.join(root, name)) as f:
                hex_blobs += [(name, bytes.fromhex(l.strip())) for l in f if l.strip()]

counts = {}
def count(k): counts[k] = counts.get(k, 0) + 1
for name, blob in hex_blobs:
    if name.startswith("tx_"):
        save("fuzz_transaction", blob); count("transactions")
        try: read_tx(Reader(blob))
        except (ValueError, KeyError): pass
        continue
    try:
        header, txs = read_block(blob)
    except (ValueError, KeyError):
        continue
    save("fuzz_block", blob); save("fuzz_header", header); count("blocks")
    for tx in txs: save("fuzz_transaction", tx); count("transactions")
for s in scripts: save("fuzz_script", s)
for p in pushes:
    if len(p) >= 8 and p[0] == 0x30: save("fuzz_der", p); count("der")
print("seeds: %d blocks, %d transactions, %d scripts, %d DER signatures (before deduplication)"
      % (counts.get("blocks", 0), counts.get("transactions", 0), len(scripts), counts.get("der", 0)))
PY
else
    echo "no vectors at $vectors: using the checked-in seeds only"
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

for t in "${built[@]}"; do
    echo "===== fuzz $t for ${seconds}s ($(find "$corpus_root/$t" -type f | wc -l) corpus inputs) ====="
    log=$build_dir/fuzz-$t.log
    rc=0
    "$build_dir/test/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$artifacts/$t-" "$corpus_root/$t" >"$log" 2>&1 || rc=$?
    grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|Done [0-9]+ runs|stat::)' "$log" || true
    execs[$t]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    speed[$t]=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
    if [[ $rc -eq 0 ]]; then
        result[$t]=ok
    else
        result[$t]="FAILED (exit $rc)"
        failed=1
        echo "---- $t failed; end of $log:"
        tail -n 60 "$log"
        ls -1 "$artifacts"/"$t"-* 2>/dev/null | sed 's/^/reproducer: /' || true
    fi
done

echo "===== summary ====="
printf '%-22s %-18s %14s %10s\n' target result executions exec/s
for t in "${targets[@]}"; do
    printf '%-22s %-18s %14s %10s\n' "$t" "${result[$t]}" "${execs[$t]:-?}" "${speed[$t]:-?}"
done
echo "reproduce a crash: $build_dir/test/fuzz/<target> <reproducer file>"
exit $failed
