# Runs the testthat suite against an installed dartsr, for tools/sanitize.sh and
# tools/valgrind.sh (which install the package into a temporary library and put
# it first in R_LIBS). Usage: Rscript tools/run-tests.R TESTS_DIR
# (R -d valgrind -f tools/run-tests.R --args TESTS_DIR under valgrind).
# Prints where dartsr was loaded from, then "N passed, N failed, N skipped";
# exits with status 1 if any test fails or errors.
args <- commandArgs(trailingOnly = TRUE)
tests <- if (length(args) >= 1) args[[1]] else "tests/testthat"
cat("run-tests: dartsr from", find.package("dartsr"), "\n")
cat("run-tests: tests in", normalizePath(tests), "\n")
results <- tryCatch(
  testthat::test_dir(
    tests,
    package = "dartsr",
    load_package = "installed",
    reporter = testthat::ProgressReporter$new(
      show_praise = FALSE, max_failures = Inf, update_interval = Inf
    ),
    stop_on_failure = FALSE
  ),
  error = function(e) {
    message("run-tests: the suite could not run: ", conditionMessage(e))
    NULL
  }
)
counts <- c(passed = 0L, failed = 0L, skipped = 0L)
if (is.null(results)) {
  counts[["failed"]] <- 1L
} else {
  for (test in results) {
    for (r in test$results) {
      kind <- if (inherits(r, "expectation_success")) "passed"
        else if (inherits(r, "expectation_skip")) "skipped"
        else if (inherits(r, c("expectation_failure", "expectation_error", "error"))) "failed"
        else NA_character_
      if (!is.na(kind)) counts[[kind]] <- counts[[kind]] + 1L
    }
  }
}
cat(sprintf("\nrun-tests: %d passed, %d failed, %d skipped\n",
            counts[["passed"]], counts[["failed"]], counts[["skipped"]]))
if (counts[["failed"]] > 0L) quit(save = "no", status = 1)
