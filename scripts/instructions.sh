#!/usr/bin/env bash
# Instructions a whole run executes (callgrind), one thread, for each binary
# given: the figure to compare two versions on a shared machine, where wall
# and CPU times move by 5-10 % between runs and a change worth 1-2 % is lost
# in them. Deterministic to about 0.1 % (polars' own threads). The input
# (default: the 28 provincial work reports of ../shared/corpus-dev, 1.5 MB)
# makes startup (config, regex compilation) about a tenth of the count.
# SHA-256 counts high: valgrind hides the CPU's SHA instructions.
#
# Usage: bash scripts/instructions.sh BINARY... [-- DIR]
#   e.g. cp "$CARGO_TARGET_DIR/release/zhibiao" /tmp/old; (change, build);
#        bash scripts/instructions.sh /tmp/old "$CARGO_TARGET_DIR/release/zhibiao"
set -euo pipefail
cd "$(dirname "$0")/.."
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
dir="${1:-../shared/corpus-dev}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for bin in "${bins[@]}"; do
  RAYON_NUM_THREADS=1 POLARS_MAX_THREADS=1 valgrind --tool=callgrind \
    --callgrind-out-file="$work/callgrind.out" "$bin" run -q --input "$dir" --output "$work/out" \
    2> "$work/log" || { cat "$work/log" >&2; exit 1; }
  count=$(grep -o 'Collected : [0-9]*' "$work/log" | awk '{print $3}')
  printf '%s\t%.1f M instructions\n' "$bin" "$(awk "BEGIN{print $count / 1e6}")"
  rm -rf "$work/out"
done
