# Data far from unit scale, inputs at the singularities of ln and reciprocal,
# and inputs that overflow exp: the search ends with finite values.

test_that("responses and inputs around 1e8 or 1e-8 give finite, exact fits", {
  set.seed(1)
  x <- stats::runif(100)
  for (scale in c(1e8, 1e-8)) {
    d <- data.frame(x = x * scale, y = (2 * x + 1) * scale)
    f <- fit(darts_regressor(num_graph_nodes = 1), y ~ x, data = d, verbose = FALSE)
    expect_true(all(is.finite(predict(f, d))))
    expect_gt(f$r_squared, 1 - 1e-9)
  }
})

test_that("inputs at 0 for ln and reciprocal give finite fits", {
  d <- data.frame(x = c(0, 0, 1, 2, 3, 0, 1e-300), y = c(1, 1, 2, 3, 4, 1, 1))
  spec <- darts_regressor(num_graph_nodes = 1,
                          primitives = c("ln", "reciprocal", "linear_ln", "linear_reciprocal"))
  set.seed(1)
  f <- fit(spec, y ~ x, data = d, verbose = FALSE)
  expect_true(all(is.finite(unlist(f[c("alphas", "theta", "fitted.values")]))))
  expect_true(all(is.finite(predict(f, data.frame(x = c(0, -1, 1e300))))))
})

test_that("an exponential over a wide input range is found despite exp's cap", {
  d <- data.frame(x = seq(0, 100, length.out = 50), y = exp(seq(0, 5, length.out = 50)))
  set.seed(1)
  f <- fit(darts_regressor(num_graph_nodes = 1, primitives = c("exp", "linear_exp")),
           y ~ x, data = d, verbose = FALSE)
  expect_gt(f$r_squared, 1 - 1e-9)
  expect_equal(f$network$theta["x -> k1", "linear_exp", 1], 0.05, tolerance = 1e-6)
})
