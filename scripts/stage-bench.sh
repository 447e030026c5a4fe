#!/usr/bin/env bash
# Throughput of each per-document stage (decode, clean, segment, metadata,
# extract) in MB/s, on one thread, over the documents of a folder (default:
# the 28 provincial work reports of ../shared/corpus-dev, 1.5 MB), best of
# ROUNDS rounds (default 3). Runs examples/stage_bench.rs, which links only
# the library's ordinary dependencies: no bench framework, so `cargo test
# --release` keeps reusing the polars build (scripts/polars-reuse.sh).
# Prints a Markdown table; results are kept in BENCHMARKS.md. No figure here
# is asserted by any test.
#
# Usage: bash scripts/stage-bench.sh [DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-../shared/corpus-dev}"
rounds="${2:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zhibiao-target}"
cargo build --release -q --example stage_bench
"$CARGO_TARGET_DIR/release/examples/stage_bench" "$dir" "$rounds"
