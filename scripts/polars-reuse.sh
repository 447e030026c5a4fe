#!/usr/bin/env bash
# Checks that `cargo test --release` links the very polars artifacts that
# `cargo build --release` made, so the README's second command never compiles
# polars again (dev-dependencies can change feature unification and force a
# second build). Compares the file names (which carry the feature hash) of
# every polars crate in both builds. Exits 1 with the differing crates.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts() {
  cargo "$@" --release --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"].startswith("polars"):
        print(m["target"]["name"], m["filenames"][0].rsplit("/", 1)[1])' | sort -u
}
build=$(artifacts build)
tests=$(artifacts test --no-run)
if [ -z "$build" ]; then
  echo "polars-reuse: no polars artifacts seen in cargo build --release" >&2
  exit 1
fi
if [ "$build" != "$tests" ]; then
  echo "polars-reuse: cargo test --release builds polars differently from cargo build --release:" >&2
  diff <(echo "$build") <(echo "$tests") >&2 || true
  exit 1
fi
echo "polars-reuse: cargo test --release reuses the $(echo "$build" | wc -l) polars crates of cargo build --release"
