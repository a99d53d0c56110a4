test_that("NA, NaN and Inf in the data are classed errors, unless na.action drops them", {
  d <- seed_data()
  for (bad in list(NA, NaN, Inf)) {
    broken <- d
    broken$x2[5] <- bad
    # A formula fit's na.action (na.omit) drops missing values, not infinite ones.
    if (is.infinite(bad)) {
      expect_error(fit(quick_spec(), y ~ x1 + x2, data = broken, verbose = FALSE),
                   class = "dartsr_error_invalid_data")
    } else {
      expect_error(fit(quick_spec(), y ~ x1 + x2, data = broken, na.action = na.fail,
                       verbose = FALSE),
                   class = "dartsr_error_invalid_data")
      expect_error(fit(quick_spec(), y ~ x1 + x2, data = broken, na.action = na.pass,
                       verbose = FALSE),
                   class = "dartsr_error_invalid_data")
    }
    broken <- d
    broken$y[7] <- bad
    expect_error(fit_xy(quick_spec(), broken[c("x1", "x2")], broken$y, verbose = FALSE),
                 class = "dartsr_error_invalid_data")
  }
  d$x2[5] <- NaN
  expect_snapshot(fit_xy(quick_spec(), d[c("x1", "x2")], d$y), error = TRUE)
  d$x2[5] <- Inf
  expect_snapshot(fit(quick_spec(), y ~ x1 + x2, data = d), error = TRUE)
})

test_that("non-numeric columns, empty data and mismatched lengths are errors", {
  d <- seed_data()
  d$label <- letters[rep(1:10, 10)]
  expect_error(fit_xy(quick_spec(), d[c("x1", "label")], d$y),
               class = "dartsr_error_invalid_data")
  expect_error(fit_xy(quick_spec(), d[0, c("x1", "x2")], d$y[0]),
               class = "dartsr_error_invalid_data")
  expect_error(fit(quick_spec(), y ~ x1 + x2, data = d[0, ]),
               class = "dartsr_error_invalid_data")
  expect_error(fit_xy(quick_spec(), d[c("x1", "x2")], d$y[-1]),
               class = "dartsr_error_invalid_data")
  expect_error(fit_xy(quick_spec(), d[c("x1", "x2")], as.Date("2020-01-01") + seq_len(nrow(d))),
               class = "dartsr_error_invalid_data")
  expect_error(fit_xy(quick_spec(), d[c("x1", "x2")], rep("same", nrow(d))),
               class = "dartsr_error_invalid_data", regexp = "two")
  expect_error(fit_xy(quick_spec(), "x1", 1), class = "dartsr_error_invalid_argument")
  expect_error(fit(quick_spec(), y ~ x1 + nothere, data = d),
               class = "dartsr_error_invalid_data")
  expect_error(fit(quick_spec(), "y ~ x1", data = d), class = "dartsr_error_invalid_argument")
  expect_error(fit(quick_spec(), y ~ x1, data = as.matrix(d[1:3])),
               class = "dartsr_error_invalid_argument")
  expect_snapshot(fit_xy(quick_spec(), d[c("x1", "label")], d$y), error = TRUE)
  expect_snapshot(fit_xy(quick_spec(), d[c("x1", "x2")], d$y[-1]), error = TRUE)
})

test_that("an offset in the formula is an error, not dropped", {
  d <- seed_data()
  d$z <- d$x2 / 2
  expect_error(fit(quick_spec(), y ~ x1 + offset(z), data = d, verbose = FALSE),
               class = "dartsr_error_offset")
  expect_error(fit(quick_spec(), y ~ offset(log(z)) + ., data = d, verbose = FALSE),
               class = "dartsr_error_invalid_argument")
  expect_snapshot(fit(quick_spec(), y ~ x1 + offset(z), data = d), error = TRUE)
  # What the error suggests instead fits.
  set.seed(1)
  f <- fit(quick_spec(), I(y - z) ~ x1 + x2, data = d, verbose = FALSE)
  expect_equal(f$output_names, "I(y - z)")
})

test_that("a batch size larger than the data uses all rows", {
  set.seed(1)
  f <- fit(quick_spec(batch_size = 10000), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_true(all(is.finite(f$fitted.values)))
})

test_that("overflowing exp, 1/0 and log of non-positive values stay finite", {
  set.seed(1)
  x <- c(0, 0, 1e-12, -3, 40, 60, 100, 0.5)
  d <- data.frame(x = rep(x, 10), y = rep(c(1, -1, 2, 5, 0, 3, 1, 2), 10))
  spec <- darts_regressor(num_graph_nodes = 2, max_epochs = 30,
                          primitives = c("none", "exp", "reciprocal", "ln", "linear_exp",
                                         "linear_reciprocal", "linear_ln", "softplus"))
  f <- fit(spec, y ~ x, data = d, verbose = FALSE)
  expect_true(all(is.finite(f$fitted.values)))
  expect_true(all(is.finite(f$alphas)))
  expect_true(all(is.finite(predict(f, data.frame(x = c(0, 1e3, -1e3))))))
})

test_that("data so large that the loss overflows stop with a message", {
  set.seed(1)
  d <- data.frame(x = stats::runif(50), y = stats::runif(50) * 1e200)
  expect_error(fit(quick_spec(), y ~ x, data = d, verbose = FALSE),
               class = "dartsr_error_nonfinite")
})
