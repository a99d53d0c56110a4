#!/usr/bin/env bash
# README command 2: installs what dartsr needs, installs dartsr from this
# checkout and runs the whole testthat suite against the installed package.
# Exits non-zero if any test fails or errors; ends with "N passed, N failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/install-deps.sh

echo "test: installing dartsr from $(pwd)"
R CMD INSTALL --preclean --no-multiarch .
# Object files left in src/ would be reused by a later build with other flags.
rm -f src/*.o src/*.so

# Run every test, including those marked skip_on_cran().
export NOT_CRAN="${NOT_CRAN:-true}"

echo "test: running tests/testthat"
Rscript - <<'RSCRIPT'
counts <- c(passed = 0L, failed = 0L, skipped = 0L, warnings = 0L)
results <- tryCatch(
  testthat::test_dir(
    "tests/testthat",
    package = "dartsr",
    load_package = "installed",
    reporter = testthat::ProgressReporter$new(
      show_praise = FALSE,
      max_failures = Inf,
      # One line per file in logs; a live counter only on a terminal.
      update_interval = if (cli::is_dynamic_tty()) 0.1 else Inf
    ),
    stop_on_failure = FALSE
  ),
  error = function(e) {
    message("test: the suite could not run: ", conditionMessage(e))
    NULL
  }
)
if (is.null(results)) {
  counts[["failed"]] <- 1L
} else {
  for (test in results) {
    for (r in test$results) {
      kind <- if (inherits(r, "expectation_success")) "passed"
        else if (inherits(r, "expectation_skip")) "skipped"
        else if (inherits(r, "expectation_warning")) "warnings"
        else if (inherits(r, c("expectation_failure", "expectation_error", "error"))) "failed"
        else NA_character_
      if (!is.na(kind)) counts[[kind]] <- counts[[kind]] + 1L
    }
  }
}
cat(sprintf("\n%d passed, %d failed\n", counts[["passed"]], counts[["failed"]]))
if (counts[["failed"]] > 0L) quit(status = 1)
RSCRIPT
