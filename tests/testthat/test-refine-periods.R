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

test_that("a response is periodic along an input where one cycle holds along all of it", {
  withr::local_seed(3)
  t <- sort(runif(300, 0, 96))
  other <- runif(300, 0, 5)
  rhythm <- 10 + 3 * sin(2 * pi * t / 24 + 1) + 0.4 * other + rnorm(300, sd = 0.5)
  expect_equal(dartsr:::periodic_inputs(cbind(t, other), rhythm), c(TRUE, FALSE))
  # A peak, two peaks, a rise, a bend and noise fit a sinusoid where they
  # are, not along the whole input.
  x <- sort(runif(300, 0, 10))
  not_periodic <- list(
    peak = exp(-(x - 4)^2 / 0.5),
    two_peaks = exp(-(x - 3)^2 / 0.5) + exp(-(x - 7)^2 / 0.5),
    rise = exp(0.4 * x),
    bend = plogis(3 * (x - 5)),
    noise = rnorm(300)
  )
  for (y in not_periodic) {
    expect_false(dartsr:::periodic_inputs(cbind(x), y + rnorm(300, sd = 0.02)))
  }
  # Nor with too few distinct values to tell a cycle from noise.
  expect_false(dartsr:::periodic_inputs(cbind(t = 1:20), sin(2 * pi * (1:20) / 4)))
})

test_that("the default search space takes a sine for a periodic response, and only then", {
  d <- data.frame(t = seq(0, 96, by = 0.5))
  d$y <- 10 + 3 * sin(2 * pi * d$t / 24 + 1) + withr::with_seed(4, rnorm(nrow(d), sd = 0.05))
  set.seed(1)
  f <- fit(darts_regressor(), y ~ t, data = d, verbose = FALSE)
  expect_true("linear_sin" %in% f$spec$primitives)
  expect_match(paste(utils::capture.output(print(f)), collapse = " "),
               "took linear_sin: the response is periodic along t.", fixed = TRUE)
  path <- withr::local_tempfile(fileext = ".rds")
  saveRDS(f, path)
  expect_identical(attr(readRDS(path)$spec, "periodic_along"), "t")
  expect_identical(attr(refit(f, max_epochs = 0, verbose = FALSE)$spec, "periodic_along"), "t")
  expect_match(equation(f), "^y = 3(\\.0\\d*)? \\* sin\\(0\\.262 \\* t \\+ (1|0\\.99\\d*)\\) \\+ 10$")
  # The cycle goes on beyond the rows.
  later <- data.frame(t = seq(100, 150, by = 0.5))
  truth <- 10 + 3 * sin(2 * pi * later$t / 24 + 1)
  expect_lt(max(abs(predict(f, later) - truth)), 0.1)
  # A search space the user names stays as named; a response that is not
  # periodic keeps the defaults.
  spec <- darts_regressor(primitives = c("none", "add", "linear", "linear_exp"))
  expect_identical(dartsr:::spec_for_periods(spec, list(x = cbind(t = d$t), y = cbind(d$y),
                                                         family = "gaussian"))$primitives,
                   spec$primitives)
  smooth <- list(x = cbind(t = d$t), y = cbind(exp(d$t / 50)), family = "gaussian")
  expect_identical(dartsr:::spec_for_periods(darts_regressor(), smooth)$primitives,
                   darts_regressor()$primitives)
})

test_that("a cycle beside a rising trend is found with the defaults", {
  d <- data.frame(t = 1:240)
  d$y <- 50 + 0.2 * d$t + 2 * sin(2 * pi * d$t / 12) + withr::with_seed(3, rnorm(240, sd = 0.2))
  # The cycle is 1 % of the variance, beside the rise.
  expect_true(dartsr:::periodic_inputs(cbind(t = d$t), d$y))
  set.seed(1)
  f <- fit(darts_regressor(), y ~ t, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = 0\\.2 \\* t \\+ 2(\\.0\\d*)? \\* sin\\(0\\.524 \\* t\\) \\+ 50$")
})

test_that("a cycle whose amplitude is another input is found with the defaults", {
  d <- withr::with_seed(5, data.frame(t = runif(300, 0, 96), dose = runif(300, 1, 3)))
  d$z <- 2 + d$dose * sin(2 * pi * d$t / 24) + withr::with_seed(6, rnorm(300, sd = 0.1))
  set.seed(1)
  f <- fit(darts_regressor(), z ~ t + dose, data = d, verbose = FALSE)
  expect_match(equation(f),
               "^z = ((0\\.99\\d*|1\\.0\\d*) \\* )?dose \\* sin\\(0\\.262 \\* t\\) \\+ (2|1\\.99\\d*|2\\.0\\d*)$")
})

test_that("the periodic test stands inputs near the largest double, few rows and constants", {
  big <- .Machine$double.xmax
  periodic <- dartsr:::periodic_inputs
  withr::local_seed(7)
  expect_identical(periodic(cbind(x1 = c(runif(49), big), x2 = c(runif(49), big)), runif(50)),
                   c(FALSE, FALSE))
  expect_false(periodic(cbind(a = 1:100), c(rnorm(99), big)))
  expect_false(periodic(cbind(a = 1), 3))
  expect_identical(periodic(cbind(a = 1:2, b = 3:4), c(1, 2)), c(FALSE, FALSE))
  expect_false(periodic(cbind(a = rep(0, 50)), rnorm(50)))
  expect_false(periodic(cbind(a = 1:100), rep(5, 100)))
  # A response flat at a floor over a quarter of the input has no cycle there.
  expect_false(periodic(cbind(a = 1:100), c(rep(0, 25), sin((26:100) * 2 * pi / 12))))
  # The test reads shares and cycles only: the input's units do not matter.
  expect_true(periodic(cbind(a = (1:100) * 1e-300), sin((1:100) * 2 * pi / 12)))
})
