tutorial_spec <- function() {
  darts_regressor(num_graph_nodes = 1, arch_updates_per_epoch = 1,
                  param_updates_per_epoch = 100, max_epochs = 100,
                  arch_learning_rate_max = 0.001, param_momentum = 0.9,
                  output_type = "real",
                  primitives = c("none", "add", "subtract", "mult", "logistic",
                                 "exp", "relu"))
}

test_that("the tutorial's four steps behave as it describes", {
  set.seed(1)
  first <- fit(tutorial_spec(), y ~ x1 + x2, data = seed_data(), verbose = FALSE)

  # 1. no more architecture search, 1000 coefficient steps: alphas identical
  refitted <- refit(first, max_epochs = 0, param_updates_for_sampled_model = 1000,
                    verbose = FALSE)
  expect_identical(refitted$alphas, first$alphas)
  expect_identical(refitted$network$architecture, first$network$architecture)
  expect_length(refitted$history$sampled_loss, 1000)
  expect_identical(refitted$spec$param_updates_for_sampled_model, 1000L)

  # 2. resampling draws the architecture from softmax(alphas)
  resampled <- refit(refitted, max_epochs = 0, sampling_strategy = "sample",
                     verbose = FALSE)
  expect_identical(resampled$alphas, first$alphas)
  expect_true(all(resampled$network$architecture %in% tutorial_spec()$primitives))

  # 3. back to "max": the first fit's graph again
  back <- refit(resampled, max_epochs = 0, sampling_strategy = "max", verbose = FALSE)
  expect_identical(back$network$architecture, first$network$architecture)
  expect_identical(back$alphas, first$alphas)
})

test_that("refit() continues the search from the fit's state and history", {
  f <- quick_fit()
  more <- refit(f, max_epochs = 5, verbose = FALSE)
  expect_false(identical(more$alphas, f$alphas))
  expect_length(more$history$loss, 25)
  expect_equal(dim(more$history$alphas)[3], 25)
  expect_identical(more$history$alphas[, , 1:20], f$history$alphas)
})

test_that("refit() takes new data and keeps the architecture weights (reference test)", {
  x <- seq(-5, 5, length.out = 1000)
  set.seed(42)
  y <- 20 * x + 10 + stats::rnorm(1000, sd = 0.01)
  y1 <- 5 * x + 10 + stats::rnorm(1000, sd = 0.01)
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("linear", "mult"),
                          max_epochs = 100, param_updates_per_epoch = 50,
                          param_updates_for_sampled_model = 1000)
  f <- fit_xy(spec, cbind(x = x), y, verbose = FALSE)
  g <- refit(f, max_epochs = 0, x = cbind(x = x), y = y1, verbose = FALSE)
  expect_identical(g$alphas, f$alphas)
  expect_equal(unname(predict(g, cbind(x = 1))), 15, tolerance = 0.01)

  d <- seed_data()
  formula_fit <- quick_fit()
  expect_s3_class(refit(formula_fit, max_epochs = 0, data = d[1:50, ], verbose = FALSE),
                  "darts_fit")
})

test_that("refit() rejects what it cannot do", {
  f <- quick_fit()
  expect_error(refit(f, num_graph_nodes = 2), class = "dartsr_error_refit_structure")
  expect_error(refit(f, primitives = "mult"), class = "dartsr_error_refit_structure")
  expect_error(refit(f, max_epoch = 0), class = "dartsr_error_invalid_argument")
  expect_error(refit(f, 0), class = "dartsr_error_invalid_argument")
  expect_error(refit(f, max_epochs = -1), class = "dartsr_error_invalid_argument")
  expect_error(refit(f, x = matrix(1:4, 2), y = 1:2), class = "dartsr_error_invalid_argument")
  d <- seed_data()
  names(d)[1] <- "z1"
  expect_error(refit(f, data = d), class = "dartsr_error_invalid_data")
  expect_snapshot(refit(f, num_graph_nodes = 2), error = TRUE)
})
