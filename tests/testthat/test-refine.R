test_that("the refinement finds the seed equation that the strongest edges miss", {
  spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 20,
                          primitives = c("none", "add", "mult", "linear", "linear_exp",
                                         "linear_logistic"),
                          refine_top = 6, train_classifier_coefficients = FALSE,
                          train_classifier_bias = FALSE)
  set.seed(1)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(unname(f$model$architecture), c("mult", "linear_exp"))
  expect_equal(f$model$theta["x1 -> k1", "mult", 1], 2, tolerance = 1e-6)
  expect_equal(unname(f$model$theta["x2 -> k1", "linear_exp", 1:2]), c(5, 0),
               tolerance = 1e-6)
  expect_true(any(f$candidates$chosen))
  expect_equal(f$candidates$bic[f$candidates$chosen], min(f$candidates$bic))
  expect_equal(nrow(f$candidates), length(unique(f$candidates$architecture)))
})

test_that("BIC prefers the simpler of two exact fits", {
  y <- matrix(c(1, 2, 3, 4))
  expect_lt(dartsr:::least_squares_bic(0, 2, y), dartsr:::least_squares_bic(0, 3, y))
  expect_true(is.finite(dartsr:::least_squares_bic(0, 2, y)))
})

test_that("candidates per edge are the strongest primitives and none", {
  alphas <- matrix(c(1, 3, 2, 0, 5, 4), 2, 3, byrow = TRUE,
                   dimnames = list(c("e1", "e2"), c("none", "mult", "exp")))
  expect_equal(dartsr:::edge_candidates(alphas, 1), list(c("mult", "none"), c("mult", "none")))
  expect_equal(dartsr:::edge_candidates(alphas, 5)[[1]], c("mult", "exp", "none"))
})

test_that("a greedy refinement is used when there are many combinations", {
  spec <- darts_regressor(num_graph_nodes = 3, max_epochs = 5, refine_top = 4,
                          primitives = c("none", "add", "mult", "linear", "linear_exp",
                                         "linear_logistic", "linear_relu"))
  set.seed(2)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_lt(nrow(f$candidates), 5^9)
  expect_equal(f$candidates$bic[f$candidates$chosen], min(f$candidates$bic))
})

test_that("sampling_strategy = 'sample' keeps its draw, refine_top = 0 the search's model", {
  set.seed(3)
  f <- fit(quick_spec(refine_top = 0), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_null(f$candidates)
  g <- refit(f, max_epochs = 0, sampling_strategy = "sample", refine_top = 3, verbose = FALSE)
  expect_null(g$candidates)
})
