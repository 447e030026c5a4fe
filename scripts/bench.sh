#!/usr/bin/env bash
# Throughput and memory of a whole run (decode → export) on real input:
# the 28 provincial work reports of ../shared/corpus-dev, once as they are and
# once replicated 10× (280 documents). Prints a Markdown table; results are
# kept in BENCHMARKS.md. Usage: bash scripts/bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
corpus="${ZHIBIAO_BENCH_CORPUS:-../shared/corpus-dev}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zhibiao-target}"
cargo build --release -q
bin="$CARGO_TARGET_DIR/release/zhibiao"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/x1" "$work/x10"
cp "$corpus"/*.txt "$work/x1/"
for i in $(seq -w 1 10); do for f in "$corpus"/*.txt; do cp "$f" "$work/x10/${i}_$(basename "$f")"; done; done
echo "| input | documents | MB | best wall s | MB/s | docs/s | peak RSS MB | indicators |"
echo "|---|---|---|---|---|---|---|---|"
for set in x1 x10; do
  docs=$(ls "$work/$set" | wc -l)
  bytes=$(cat "$work/$set"/* | wc -c)
  best=""
  rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" run -q --input "$work/$set" --output "$work/out" >/dev/null
    read -r secs kb < "$work/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  n=$(python3 -c "import json;print(json.load(open('$work/out/manifest.json'))['counts']['export']['indicators'])")
  awk -v set="$set" -v d="$docs" -v b="$bytes" -v s="$best" -v r="$rss" -v n="$n" 'BEGIN{
    mb=b/1e6; if (s<0.01) s=0.01;
    printf "| corpus-dev %s | %d | %.1f | %.2f | %.1f | %.0f | %.0f | %d |\n", set, d, mb, s, mb/s, d/s, r/1024, n }'
done
