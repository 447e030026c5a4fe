#!/usr/bin/env bash
# Throughput and memory of a whole run (decode → export) on real input: the 28
# provincial work reports of ../shared/corpus-dev replicated with distinct file
# names to about 15 MB (×10) and 150 MB (×100), and 1 GB (×680) when asked.
# Each size is run RUNS times under /usr/bin/time -v (wall time, peak RSS),
# its anonymous memory sampled (peak heap: RSS without the executable's own
# pages): the table gives the median wall time (with that run's CPU time)
# and the median peaks with the lowest and highest, since a single peak
# varies by several MB between runs of the same input. ripgrep scans the same files for
# number+unit patterns in the same run, so the ratio to rg says how far the
# pipeline is from the cost of reading the bytes. Prints a Markdown table;
# results are kept in BENCHMARKS.md, with each size's median peak RSS against
# the first size's. No figure here is asserted by any test. Installs ripgrep
# (Debian package) when it is missing.
#
# Usage: bash scripts/bench.sh [SIZES] [RUNS]   SIZES: comma list of
#        15,150,1000 (default 15,150); RUNS: runs of each size (default 3).
#        ZHIBIAO_BENCH_ARGS adds arguments to `zhibiao run`.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-15,150}"
runs="${2:-3}"
case "$runs" in ''|*[!0-9]*|0) echo "bench: RUNS must be a positive whole number, not '$runs'" >&2; exit 2 ;; esac
corpus="${ZHIBIAO_BENCH_CORPUS:-../shared/corpus-dev}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zhibiao-target}"
cargo build --release -q
bin="$CARGO_TARGET_DIR/release/zhibiao"
if ! command -v rg >/dev/null; then
  echo "bench: installing ripgrep (Debian package), the baseline every size is compared with" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends ripgrep >/dev/null; } ||
    { echo "bench: ripgrep (rg) is missing and could not be installed: apt-get install ripgrep" >&2; exit 1; }
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/zhibiao-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A number followed by a unit or a percent: what rg is asked to find.
pattern='[0-9０-９][0-9０-９.,]*(%|％|个百分点|万亿元|亿元|万元|元|万人|人|万吨|吨|公里|千米|平方米|亩|个|家|项|倍)'

# copies SET TIMES: the corpus TIMES times, file names prefixed by the copy.
replicate() {
  local dir="$work/$1" i
  mkdir -p "$dir"
  for i in $(seq -w 1 "$2"); do
    for f in "$corpus"/*.txt; do cp "$f" "$dir/${i}_$(basename "$f")"; done
  done
}

# timed LOG CMD...: runs CMD under /usr/bin/time -v; prints "wall-seconds kb
# cpu-seconds heap-kb". kb is the peak RSS, which counts the executable's own
# file pages (40-52 MB of zhibiao's, more or fewer with the page cache:
# BENCHMARKS.md); heap-kb is the highest RssAnon sampled every 50 ms, the
# anonymous memory alone (heap, stacks), what a run's data takes.
timed() {
  local log="$1"; shift
  /usr/bin/time -v -o "$log" "$@" >/dev/null &
  local t=$! child="" heap=0 key value _
  while kill -0 "$t" 2>/dev/null; do
    [ -n "$child" ] || child=$(pgrep -P "$t" | head -1 || true)
    if [ -n "$child" ] && [ -r "/proc/$child/status" ]; then
      while read -r key value _; do
        if [ "$key" = "RssAnon:" ] && [ "$value" -gt "$heap" ]; then heap=$value; fi
      done < "/proc/$child/status" 2>/dev/null || true
    fi
    sleep 0.05
  done
  wait "$t"
  awk -F': ' -v heap="$heap" '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
                 for (i = 1; i <= n; i++) s = s * 60 + p[i]; secs = s }
              /User time/ || /System time/ { cpu += $2 }
              /Maximum resident set size/ { kb = $2 }
              END { printf "%s %s %s %s\n", secs, kb, cpu, heap }' "$log"
}

# median: the middle line of stdin's lines sorted by their first field (of an
# even number, the lower of the two middle ones: a run's own figures, not a mean).
median() { sort -n -k1,1 | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }

echo "| input | documents | MB | wall s (median of $runs) | CPU s | MB/s | peak RSS MB (median, range) | peak heap MB (median, range) | indicators | rg s | rg MB/s | time / rg |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
IFS=, read -r -a list <<< "$sizes"
first_kb=""; first_heap=""; ratios=""; heap_ratios=""
for size in "${list[@]}"; do
  case "$size" in
    15) times=10 ;; 150) times=100 ;; 1000) times=680 ;;
    *) echo "bench: unknown size $size (15, 150 or 1000)" >&2; exit 2 ;;
  esac
  set="x$times"
  replicate "$set" "$times"
  docs=$(find "$work/$set" -type f | wc -l)
  bytes=$(find "$work/$set" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  : > "$work/runs"
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    # shellcheck disable=SC2086
    timed "$work/time" "$bin" run -q --input "$work/$set" --output "$work/out" ${ZHIBIAO_BENCH_ARGS:-} >> "$work/runs"
  done
  read -r secs _ cpu < <(median < "$work/runs")
  read -r kb < <(awk '{ print $2 }' "$work/runs" | median)
  read -r kb_low kb_high < <(awk '{ print $2 }' "$work/runs" | sort -n | awk 'NR == 1 { l = $1 } { h = $1 } END { print l, h }')
  read -r heap < <(awk '{ print $4 }' "$work/runs" | median)
  read -r heap_low heap_high < <(awk '{ print $4 }' "$work/runs" | sort -n | awk 'NR == 1 { l = $1 } { h = $1 } END { print l, h }')
  n=$(python3 -c "import json;print(json.load(open('$work/out/manifest.json'))['counts']['export']['indicators'])")
  read -r rgsecs _ < <(timed "$work/rgtime" rg -c --no-ignore -e "$pattern" "$work/$set")
  awk -v set="$set" -v d="$docs" -v b="$bytes" -v s="$secs" -v c="$cpu" -v r="$kb" -v lo="$kb_low" -v hi="$kb_high" \
      -v h="$heap" -v hlo="$heap_low" -v hhi="$heap_high" -v n="$n" -v g="$rgsecs" 'BEGIN{
    mb = b / 1e6; if (s < 0.01) s = 0.01; if (g < 0.01) g = 0.01;
    printf "| corpus-dev %s | %d | %.1f | %.2f | %.2f | %.1f | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %d | %.2f | %.0f | %.0f× |\n",
           set, d, mb, s, c, mb / s, r / 1024, lo / 1024, hi / 1024, h / 1024, hlo / 1024, hhi / 1024, n, g, mb / g, s / g }'
  # Each size's peak against the first size's: issue 10 asks for at most 1.2.
  if [ -z "$first_kb" ]; then first_kb=$kb; first_heap=$heap; first=$set
  else
    ratios="$ratios $(awk -v a="$kb" -v b="$first_kb" -v s="$set" 'BEGIN{printf "%s %.2f;", s, a / b}')"
    heap_ratios="$heap_ratios $(awk -v a="$heap" -v b="$first_heap" -v s="$set" 'BEGIN{printf "%s %.2f;", s, a / b}')"
  fi
  rm -rf "$work/$set" "$work/out"
done
if [ -n "$ratios" ]; then
  echo
  echo "Median peak RSS against corpus-dev $first's ($runs runs each):${ratios%;}"
  echo "Median peak heap (RssAnon) against corpus-dev $first's:${heap_ratios%;}"
fi
