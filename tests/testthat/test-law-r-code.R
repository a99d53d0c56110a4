# The vocabulary in base R: the R code of an equation, with or without the
# engine's guards.

test_that("base-R code runs in the base environment", {
  e <- quote(logistic(x - 1) + relu(x2) + softplus(x, 2) - softminus(x, 0.5))
  code <- vocabulary_r(e)
  expect_false(any(c("logistic", "relu", "softplus", "softminus") %in% all.names(code)))
  g <- simplify_grid()
  expected <- 1 / (1 + exp(-(g$x - 1))) + pmax(g$x2, 0) + log(1 + exp(2 * g$x)) / 2 -
    (g$x - log(1 + exp(0.5 * g$x)) / 0.5)
  expect_equal(evaluate_call(e), expected, tolerance = 1e-14)
  # Numbers keep every digit.
  expect_identical(vocabulary_r(quote(0.1234567890123456 * x))[[2]], 0.1234567890123456)
})
