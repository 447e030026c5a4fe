#!/usr/bin/env bash
# The project's whole test suite: the release build (whose polars the tests
# must reuse), formatting, lints, Rust tests (unit, integration, golden cases,
# the gold score guards, property tests, the import-cycle check), the same
# records from the seeds and corpus-dev written in sixteen forms, then the
# Python and R readers of the committed dataset, a Frictionless check of its
# data package and the HTML report checked in headless Chromium; last, the
# Slurm example on a real single-node Slurm (scripts/slurm-test.sh). Installs
# the Python and R packages and Chromium it needs when they are missing. Exits
# non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

need_python=0
python3 -c 'import pytest, pyarrow, polars, pandas, frictionless' 2>/dev/null || need_python=1
if [ "$need_python" = 1 ]; then
  echo "== installing Python test packages"
  python3 -m pip install -q --disable-pip-version-check pytest pyarrow polars pandas frictionless
fi
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(readr)' >/dev/null 2>&1; then
  echo "== installing R and readr (Debian packages)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends r-base-core r-cran-readr >/dev/null
fi
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  echo "== installing Chromium (Debian package, run headless by tests/browser)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

echo "== cargo build --release (the README's first command builds the same)"
cargo build --release
echo "== the tests reuse that build's polars"
bash scripts/polars-reuse.sh
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --release --all-targets -- -D warnings
echo "== cargo test"
cargo test --release
echo "== one text, many forms: the seeds and corpus-dev give the same records in sixteen forms"
python3 scripts/forms.py "${CARGO_TARGET_DIR:-target}/release/zhibiao" ../shared/seeds --strict
python3 scripts/forms.py "${CARGO_TARGET_DIR:-target}/release/zhibiao" ../shared/corpus-dev --strict
echo "== zhibiao validate output (the committed dataset, as a CI gate)"
"${CARGO_TARGET_DIR:-target}/release/zhibiao" validate output
echo "== python readers (pyarrow, polars, pandas)"
python3 -m pytest -q tests/python
echo "== R readers (readr, base reshape)"
Rscript tests/r/test_csv.R
Rscript tests/r/test_panel.R
echo "== frictionless validate output/datapackage.json"
frictionless validate output/datapackage.json
echo "== the HTML report of output/ in headless Chromium (DOM marks, a click, escaping, offline)"
echo "   screenshot and figures: ${CARGO_TARGET_DIR:-target}/report-browser/"
python3 -m pytest -q -p no:cacheprovider tests/browser
echo "== Kubernetes: the Indexed Job's and the merge Job's commands, run as the pods would"
bash scripts/k8s-commands-test.sh
echo "== Slurm: the array + merge example on a single-node cluster"
bash scripts/slurm-test.sh
