test_that("predict() gives the fitted values on the training data", {
  f <- quick_fit()
  d <- seed_data()
  expect_equal(predict(f, d), predict(f))
  expect_equal(unname(predict(f)), as.vector(f$fitted.values))
  expect_type(predict(f, d[1:5, ]), "double")
  expect_length(predict(f, d[1:5, ]), 5)
})

test_that("predict() computes the sampled model's equation", {
  set.seed(3)
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("mult", "linear_exp"),
                          max_epochs = 5, train_classifier_coefficients = FALSE,
                          train_classifier_bias = FALSE)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  d <- data.frame(x1 = c(0.1, 0.7), x2 = c(0.3, 0.9))
  term <- function(edge, input) {
    primitive <- f$network$architecture[[edge]]
    a <- f$network$theta[edge, primitive, 1]
    b <- f$network$theta[edge, primitive, 2]
    if (primitive == "mult") a * input else exp(a * input + b)
  }
  expected <- term("x1 -> k1", d$x1) + term("x2 -> k1", d$x2)
  expect_equal(unname(predict(f, d)), expected)
})

test_that("predict() checks its newdata", {
  f <- quick_fit()
  expect_error(predict(f, data.frame(x1 = 1)), class = "dartsr_error_invalid_data")
  expect_snapshot(predict(f, data.frame(x1 = 1)), error = TRUE)
  expect_error(predict(f, data.frame(x1 = NA, x2 = 1)), class = "dartsr_error_invalid_data")
  expect_error(predict(f, list(1, 2)), class = "dartsr_error_invalid_argument")
  expect_error(predict(f, seed_data(), 3))

  set.seed(1)
  xy <- fit_xy(quick_spec(), seed_data()[c("x1", "x2")], seed_data()$y, verbose = FALSE)
  expect_error(predict(xy, cbind(x1 = 1)), class = "dartsr_error_invalid_data")
  expect_equal(predict(xy, cbind(x2 = 0.5, x1 = 0.2)), predict(xy, cbind(x1 = 0.2, x2 = 0.5)))
})

test_that("predict() and refit() on a specification that was never fitted", {
  expect_error(predict(quick_spec(), seed_data()), class = "dartsr_error_not_fitted")
  expect_error(refit(quick_spec(), max_epochs = 0), class = "dartsr_error_not_fitted")
  expect_snapshot(predict(quick_spec(), seed_data()), error = TRUE)
})
