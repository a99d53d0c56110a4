test_that("the periodogram finds the response's cycles on uneven inputs, strongest first", {
  x <- sort(withr::with_seed(1, runif(300, 0, 60)))
  y <- 2 * sin(0.7 * x + 0.4) + 0.8 * sin(0.2 * x) + 5
  periods <- dartsr:::strongest_periods(x, y)
  # Within the frequency grid's step (0.026 here).
  expect_lt(max(abs(periods$frequency[1:2] - c(0.7, 0.2))), 0.015)
  # The phase of the strongest: a sine fitted there is the cycle.
  fitted <- lm(y ~ sin(periods$frequency[1] * x + periods$phase[1]))
  expect_gt(coef(fitted)[[2]], 1.5)
})

test_that("periodic edges start at the periodogram's peaks, only where the search space has them", {
  x <- cbind(t = seq(0, 40, length.out = 120))
  y <- cbind(sin(0.9 * x[, 1] + 1))
  edges <- dartsr:::edge_table("t", 2)
  expect_null(dartsr:::edge_periods(x, y, edges, c("none", "linear", "linear_exp")))
  periods <- dartsr:::edge_periods(x, y, edges, c("none", "linear", "linear_sin"))
  # Edges from the input get the input's peaks; k1 -> k2 has none.
  expect_lt(abs(periods$frequency[1, 1] - 0.9), 0.02)
  expect_true(all(is.na(periods$frequency[3, ])))
  theta <- array(0, c(3, 3, 2), list(edges$name, c("none", "linear", "linear_sin"), NULL))
  starts <- dartsr:::candidate_starts(theta, c("linear_sin", "linear_sin", "none"), c(40, 40, 1),
                                      sources = edges$from_index, periods = periods)
  rates <- vapply(starts$params, function(p) p[c(1, 3)], numeric(2))
  # The last three starts put the two sines of t at successive peaks: the
  # first and second, the second and third, the third and first.
  peaks <- periods$frequency[1, ]
  expect_equal(unname(utils::tail(t(rates), 3)), cbind(peaks, peaks[c(2, 3, 1)]),
               ignore_attr = TRUE)
})

test_that("a cycle is found when the search space has a sine", {
  d <- data.frame(t = seq(0, 60, length.out = 200))
  d$y <- 3 * sin(0.8 * d$t + 0.5) + 10 + withr::with_seed(2, rnorm(200, sd = 0.05))
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", "add", "linear", "linear_sin"))
  set.seed(1)
  f <- fit(spec, y ~ t, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = 3 \\* sin\\(0\\.8 \\* t \\+ 0\\.5\\d*\\) \\+ 10$")
})
