# The conditions page lists every class the code signals, and nothing else.

# Every string constant in the bodies and default arguments of the
# namespace's functions.
namespace_strings <- function() {
  ns <- asNamespace("dartsr")
  strings <- character()
  walk <- function(e) {
    if (is.character(e)) strings <<- c(strings, e)
    if (is.call(e) || is.pairlist(e) || is.expression(e) || is.list(e)) lapply(as.list(e), walk)
    invisible()
  }
  for (name in ls(ns, all.names = TRUE)) {
    f <- get(name, ns)
    if (is.function(f) && !is.primitive(f)) {
      walk(formals(f))
      walk(body(f))
    }
  }
  unique(strings)
}

test_that("?dartsr_conditions lists exactly the classes the code signals", {
  signalled <- grep("^dartsr_(error|warning)_[a-z_]*$", namespace_strings(), value = TRUE)
  # evaluated_in_data() pastes the argument's name to this prefix: weights, groups.
  dynamic <- "dartsr_error_invalid_"
  expect_true(dynamic %in% signalled)
  signalled <- c(setdiff(signalled, dynamic), paste0(dynamic, c("weights", "groups")))
  expect_setequal(CONDITIONS$class, unique(signalled))
  expect_true(all(CONDITIONS$parent %in% c("dartsr_error", "warning", CONDITIONS$class)))
})

test_that("the documented classes are the ones signalled", {
  expect_error(darts_regressor(primitives = "nope"), class = "dartsr_error_unknown_primitive")
  expect_error(darts_regressor(primitives = "nope"), class = "dartsr_error_invalid_argument")
  expect_error(refit(darts_regressor()), class = "dartsr_error_not_fitted")
  d <- data.frame(x = 1:5, y = 1:5)
  expect_error(fit(darts_regressor(), y ~ x, data = d, weights = nonexistent),
               class = "dartsr_error_invalid_weights")
  expect_error(fit(darts_regressor(), y ~ x + offset(x), data = d), class = "dartsr_error_offset")
})
