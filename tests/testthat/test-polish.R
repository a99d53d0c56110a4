# Levenberg-Marquardt polishing of the sampled model's coefficients.

# A fit of the seed problem whose architecture is set to the true one:
# x1 -> k1 by mult, x2 -> k1 by linear_exp.
true_architecture_fit <- function(polish) {
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("mult", "linear_exp"),
                          max_epochs = 20, polish_coefficients = polish, refine_top = 0,
                          train_classifier_coefficients = FALSE,
                          train_classifier_bias = FALSE)
  set.seed(1)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  f$alphas[] <- 0
  f$alphas["x1 -> k1", "mult"] <- 1
  f$alphas["x2 -> k1", "linear_exp"] <- 1
  refit(f, max_epochs = 0, verbose = FALSE)
}

test_that("polishing recovers the seed equation's coefficients exactly", {
  f <- true_architecture_fit(polish = TRUE)
  expect_identical(unname(f$model$architecture), c("mult", "linear_exp"))
  expect_equal(f$model$theta["x1 -> k1", "mult", 1], 2, tolerance = 1e-4)
  expect_equal(unname(f$model$theta["x2 -> k1", "linear_exp", 1:2]), c(5, 0),
               tolerance = 1e-4)
  expect_gt(f$r_squared, 1 - 1e-9)
  expect_lt(f$convergence$polish$loss_after, f$convergence$polish$loss_before)
})

test_that("without polishing the SGD result stands", {
  f <- true_architecture_fit(polish = FALSE)
  expect_equal(f$convergence$polish$iterations, 0L)
  expect_gt(abs(f$model$theta["x1 -> k1", "mult", 1] - 2), 1e-4)
})

test_that("polishing never makes a fit worse and fits trainable classifiers", {
  spec <- quick_spec(train_classifier_coefficients = TRUE, train_classifier_bias = TRUE,
                     refine_top = 0)
  set.seed(2)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_lte(f$convergence$polish$loss_after, f$convergence$polish$loss_before)
  expect_equal(sum(f$residuals^2), f$convergence$polish$loss_after)
})

test_that("polishing fits logistic outputs and probability distributions", {
  d <- seed_data()
  p <- stats::plogis(3 * d$x1 - 2 * d$x2)
  set.seed(3)
  # Without the refinement, which refits the architecture itself.
  f <- fit_xy(quick_spec(output_type = "probability",
                         train_classifier_bias = TRUE, refine_top = 0),
              d[c("x1", "x2")], p, verbose = FALSE)
  expect_lte(f$convergence$polish$loss_after, f$convergence$polish$loss_before)
  # A softmax is polished on its cross-entropy (Fisher scoring).
  set.seed(3)
  dist <- fit_xy(quick_spec(output_type = "probability_distribution", refine_top = 0),
                 d[c("x1", "x2")], cbind(p, 1 - p), verbose = FALSE)
  expect_gt(dist$convergence$polish$iterations, 0L)
  expect_lt(dist$convergence$polish$loss_after, dist$convergence$polish$loss_before)
  # With the refinement, the search's own polish is skipped: it refits anyway.
  set.seed(3)
  refined <- fit_xy(quick_spec(output_type = "probability_distribution"),
                    d[c("x1", "x2")], cbind(p, 1 - p), verbose = FALSE)
  expect_equal(refined$convergence$polish$iterations, 0L)
})
