#!/usr/bin/env bash
# The incremental run (`zhibiao run --cache DIR`) against a full run, on
# ../shared/corpus-dev replicated 10× (280 documents): a full run without the
# cache, a run that fills the cache, then 1% of the files (3) changed and the
# run again with the warm cache. Best wall time of RUNS, with that run's CPU
# time (user + system: steadier on a shared machine); checks the warm run's
# tables equal a full run's. Usage: bash scripts/cache-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
corpus="${ZHIBIAO_BENCH_CORPUS:-../shared/corpus-dev}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zhibiao-target}"
cargo build --release -q
bin="$CARGO_TARGET_DIR/release/zhibiao"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/x10"
for i in $(seq -w 1 10); do for f in "$corpus"/*.txt; do cp "$f" "$work/x10/${i}_$(basename "$f")"; done; done
best() { # "WALL CPU" of the run with the best wall time of $runs runs of "$@"
  local b="" c=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null
    local s u; read -r s u <<<"$(awk '{print $1, $2 + $3}' "$work/time")"
    if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; c=$u; fi
  done
  echo "$b $c"
}
read -r full full_cpu <<<"$(best "$bin" run -q --input "$work/x10" --output "$work/full")"
"$bin" run -q --input "$work/x10" --output "$work/cold" --cache "$work/cache"
n=0
for f in $(ls "$work/x10" | awk 'NR % 100 == 1'); do   # 3 of 280 files
  printf '\n2025年全市粮食产量增长%d.1%%。\n' "$n" >> "$work/x10/$f"; n=$((n + 1))
done
"$bin" run -q --input "$work/x10" --output "$work/changed-full"
# The first warm run processes the 3 changed files; later ones find them cached too,
# so each timed run starts from the cache as it was before the change.
cp -r "$work/cache" "$work/cache0"
b="" c=""
for _ in $(seq "$runs"); do
  rm -rf "$work/cache"; cp -r "$work/cache0" "$work/cache"
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" run -q --input "$work/x10" --output "$work/warm" --cache "$work/cache" >/dev/null
  read -r s u <<<"$(awk '{print $1, $2 + $3}' "$work/time")"
  if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; c=$u; fi
done
grep -o '"documents_from_cache": [0-9]*\|"documents_processed": [0-9]*' "$work/warm/manifest.json" | tr '\n' ' '; echo
for t in "$work/changed-full"/*.parquet "$work/changed-full"/*.csv "$work/changed-full/datapackage.json"; do
  cmp -s "$t" "$work/warm/$(basename "$t")" || { echo "FAIL: $(basename "$t") differs from a full run"; exit 1; }
done
echo "| corpus-dev x10, 280 documents | full run s | warm cache, 1% changed s | ratio | full run CPU s | warm CPU s | CPU ratio |"
echo "|---|---|---|---|---|---|---|"
echo "| best of $runs | $full | $b | $(awk "BEGIN{printf \"%.1f%%\", 100*$b/$full}") | $full_cpu | $c | $(awk "BEGIN{printf \"%.1f%%\", 100*$c/$full_cpu}") |"
