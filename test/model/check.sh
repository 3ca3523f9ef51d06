#!/usr/bin/env bash
# Model-checks test/model/signing.pml with spin for one configuration (see README.md).
# Usage: check.sh <config>; exits non-zero with a message when the result is not the expected one.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
config=${1:-}

# config -> spin -D flags | pan compile flags | pan run flags | expected ("ok" or a string in the error)
case "$config" in
  2of3-safety)       defs="-DFIX_RESUME -DMAXR=3";                   cc="-DSAFETY -DCOLLAPSE"; run="-m100000 -w26"; expect=ok ;;
  3of5-safety)       defs="-DFIX_RESUME -DN=5 -DM=3 -DMAXR=2 -DNO_SIGN"; cc="-DSAFETY";        run="-m100000 -w24"; expect=ok ;;
  2of3-liveness)     defs="-DLIVENESS -DFIX_RESUME -DFIX_LOCK_CERT -DNO_SIGN"; cc="";         run="-m100000 -w24 -a -f"; expect=ok ;;
  3of5-liveness)     defs="-DLIVENESS -DN=5 -DM=3 -DMAXADV=1 -DFIX_RESUME -DFIX_LOCK_CERT -DNO_SIGN"; cc="-DNFAIR=3"; run="-m100000 -w24 -a -f"; expect=ok ;;
  2of3-spec-safety)  defs="-DMAXR=3";                                cc="-DSAFETY";            run="-m100000 -w22"; expect="two_certificates_in_one_round" ;;
  2of3-spec-liveness) defs="-DLIVENESS -DFIX_RESUME -DNO_SIGN";      cc="";                    run="-m100000 -w24 -a -f"; expect="acceptance cycle" ;;
  2of3-broken-nolock) defs="-DFIX_RESUME -DBROKEN_NO_LOCK -DMAXR=3"; cc="-DSAFETY";            run="-m100000 -w22"; expect="two_blocks_decided" ;;
  2of3-broken-nopersist) defs="-DFIX_RESUME -DBROKEN_NO_PERSIST -DSKIP_LEMMAS -DMAXR=3"; cc="-DSAFETY"; run="-m100000 -w22"; expect="signer_signed_two_blocks" ;;
  *) echo "check.sh: unknown configuration '$config'" >&2; exit 2 ;;
esac

if ! command -v spin >/dev/null 2>&1; then
  echo "check.sh: spin is not installed: apt-get install spin (contrib/install-deps.sh installs it)" >&2
  exit 1
fi
cc_bin=${CC:-cc}
command -v "$cc_bin" >/dev/null 2>&1 || cc_bin=gcc

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/signing.pml" "$work/"
cd "$work"
# shellcheck disable=SC2086
spin -a $defs signing.pml >spin.out 2>&1 || { cat spin.out >&2; echo "check.sh: spin -a failed" >&2; exit 1; }
# shellcheck disable=SC2086
"$cc_bin" -O2 -w $cc -o pan pan.c || { echo "check.sh: compiling pan failed" >&2; exit 1; }
start=$(date +%s)
# shellcheck disable=SC2086
./pan $run >pan.out 2>&1 || true
end=$(date +%s)
cat pan.out
echo "check.sh: $config ($defs) took $((end - start)) s"

if grep -q "error: max search depth too small\|pan: out of memory\|Search not completed" pan.out && [[ $expect == ok ]]; then
  echo "check.sh: $config: the search did not complete" >&2
  exit 1
fi
errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.out | tail -1)
if [[ -z $errors ]]; then
  echo "check.sh: $config: no result from pan" >&2
  exit 1
fi
if [[ $expect == ok ]]; then
  if [[ $errors != 0 ]]; then
    echo "check.sh: $config: spin found a violation (see above; replay with spin -t -p $defs signing.pml)" >&2
    exit 1
  fi
  echo "check.sh: $config: no violation (exhaustive)"
else
  if [[ $errors == 0 ]] || ! grep -q "$expect" pan.out; then
    echo "check.sh: $config: spin did not report the expected violation '$expect'" >&2
    exit 1
  fi
  echo "check.sh: $config: the expected violation '$expect' was found"
fi
