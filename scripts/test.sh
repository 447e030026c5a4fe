#!/usr/bin/env bash
# The project's whole test suite: formatting, lints, Rust tests (unit,
# integration, golden cases, gold score, fuzzing), then the Python and R
# readers of the committed dataset. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --release --all-targets -- -D warnings
echo "== cargo test"
cargo test --release
echo "== python readers (pyarrow, polars, pandas)"
python3 -m pytest -q tests/python
echo "== R reader (readr)"
Rscript tests/r/test_csv.R
