#!/usr/bin/env bash
# How much of a corpus's extraction survives hard wrapping: every document of
# DIR (default ../shared/corpus-dev, the 28 provincial reports) is wrapped as
# text out of a PDF is (scripts/wrapped.py: one width in characters or page
# columns, indents, CRLF, page numbers, double spacing, drawn per file from
# SEED), both versions are run, and the records are compared per document by
# value, indicator, kind, status, year and region. Prints the records of the
# original, of the wrapped copy, and how many are the same. No test asserts
# a figure; BENCHMARKS.md keeps them beside the speed figures.
#
# Usage: bash scripts/wrap-check.sh [DIR] [SEED...]   (default seeds 3 and 11)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/corpus-dev}"
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(3 11)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zhibiao-target}"
cargo build --release -q
bin="$CARGO_TARGET_DIR/release/zhibiao"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" run -q --input "$dir" --output "$work/original"
for seed in "${seeds[@]}"; do
  python3 scripts/wrapped.py "$seed" "$work/wrapped-$seed" "$dir"/*.txt
  "$bin" run -q --input "$work/wrapped-$seed" --output "$work/out-$seed"
  python3 - "$work/original/indicators.csv" "$work/out-$seed/indicators.csv" "$seed" <<'PY'
import collections, csv, sys
def records(path):
    by_file = collections.defaultdict(collections.Counter)
    for r in csv.DictReader(open(path, encoding="utf-8")):
        key = (r["value"], r["indicator"], r["kind"], r["status"], r["period_year"], r["region"])
        by_file[r["source_file"]][key] += 1
    return by_file
original, wrapped = records(sys.argv[1]), records(sys.argv[2])
same = sum(sum((original[f] & wrapped[f]).values()) for f in original)
total = sum(sum(c.values()) for c in original.values())
got = sum(sum(c.values()) for c in wrapped.values())
print(f"seed {sys.argv[3]}: original {total} records, wrapped {got}, the same {same} ({100 * same / total:.1f}%)")
PY
done
