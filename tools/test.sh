#!/usr/bin/env bash
# README command 2: installs what dartsr needs, installs dartsr from this
# checkout and runs the whole testthat suite against the installed package.
# Exits non-zero if any test fails or errors; ends with "run-tests: N passed,
# N failed, N skipped" (tools/run-tests.R).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install.sh

# Run every test, including those marked skip_on_cran().
export NOT_CRAN="${NOT_CRAN:-true}"

echo "test: running tests/testthat"
Rscript tools/run-tests.R tests/testthat
