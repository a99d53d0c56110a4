# What a response and its weights mean: numbers, choices, counts.

test_that("a numeric response is Gaussian and left as it is", {
  r <- as_response(c(1.5, 2, 3), "y", "real", NULL)
  expect_identical(r$family, "gaussian")
  expect_identical(r$y, matrix(c(1.5, 2, 3), ncol = 1, dimnames = list(NULL, "y")))
  expect_null(r$weights)
  expect_null(r$levels)
})

test_that("a two-level factor is the indicator of its second level", {
  y <- factor(c("left", "right", "right", "left"), levels = c("left", "right"))
  r <- as_response(y, "choice", "real", NULL)
  expect_identical(r$family, "binomial")
  expect_identical(r$levels, c("left", "right"))
  expect_identical(as.vector(r$y), c(0, 1, 1, 0))
  expect_identical(colnames(r$y), "choice")
  expect_identical(as_response(c(TRUE, FALSE), "y", "real", NULL)$levels, c("FALSE", "TRUE"))
  expect_identical(as.vector(as_response(c(TRUE, FALSE), "y", "real", NULL)$y), c(1, 0))
  expect_identical(as_response(c("b", "a", "b"), "y", "real", NULL)$levels, c("a", "b"))
})

test_that("unused levels are dropped, and a choice needs two", {
  y <- factor(c("a", "c", "a"), levels = c("a", "b", "c"))
  expect_identical(as_response(y, "y", "real", NULL)$levels, c("a", "c"))
  expect_error(as_response(factor(c("a", "a")), "y", "real", NULL),
               class = "dartsr_error_invalid_data", regexp = "at least two")
  expect_error(as_response(factor(c("a", NA, "b")), "y", "real", NULL),
               class = "dartsr_error_invalid_data", regexp = "NA")
})

test_that("a factor of more levels is one-hot, one column per level", {
  r <- as_response(factor(c("x", "y", "z", "y")), "s", "real", NULL)
  expect_identical(r$family, "multinomial")
  expect_identical(r$y, matrix(c(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0), 4,
                               dimnames = list(NULL, c("x", "y", "z"))))
})

test_that("counts with a logistic output are proportions weighted by their trials", {
  counts <- cbind(k = c(3, 0, 5), n_minus_k = c(7, 4, 0))
  r <- as_response(counts, "cbind(k, n_minus_k)", "probability", NULL)
  expect_identical(r$family, "binomial")
  expect_equal(as.vector(r$y), c(0.3, 0, 1))
  expect_identical(r$weights, c(10, 4, 5))
  expect_identical(colnames(r$y), "k")
  # With a real output the same matrix is two outputs.
  expect_identical(as_response(counts, "y", "real", NULL)$family, "gaussian")
  expect_identical(as_response(counts / 10, "y", "probability", NULL)$family, "gaussian")
})

test_that("bad weights are classed errors naming weights", {
  for (bad in list("a", c(1, 2), c(1, NA, 1), c(1, -1, 1), c(1, Inf, 1), c(0, 0, 0),
                   matrix(1, 3, 2))) {
    expect_error(check_weights(bad, 3, NULL), class = "dartsr_error_invalid_argument",
                 regexp = "weights")
  }
  expect_identical(check_weights(c(1L, 2L, 0L), 3, NULL), c(1, 2, 0))
})

test_that("rows of weight 0 leave the design, and weights of 1 are no weights", {
  design <- list(x = matrix(1:4, 4, 1), y = matrix(c(1, 2, 3, 4), 4, 1), weights = NULL)
  weighted <- with_weights(design, c(1, 0, 2, 1))
  expect_identical(weighted$x[, 1], c(1L, 3L, 4L))
  expect_identical(weighted$weights, c(1, 2, 1))
  expect_null(with_weights(design, c(1, 1, 1, 1))$weights)
  counts <- list(x = matrix(1:2, 2, 1), y = matrix(c(0.5, 0), 2, 1), weights = c(4, 0))
  expect_identical(with_weights(counts, c(2, 1))$weights, 8)
})

test_that("the deviances are glm()'s", {
  x <- seq(0, 1, length.out = 30)
  y <- as.numeric(x + sin(20 * x) / 3 > 0.5)
  g <- stats::glm(y ~ x, family = stats::binomial)
  p <- matrix(stats::fitted(g))
  expect_equal(total_loss("binomial", matrix(y), p), stats::deviance(g))
  w <- rep(c(1, 3), 15)
  gw <- suppressWarnings(stats::glm(y ~ x, family = stats::binomial, weights = w))
  expect_equal(total_loss("binomial", matrix(y), matrix(stats::fitted(gw)), w), stats::deviance(gw))
  expect_equal(total_loss("gaussian", matrix(1:3), matrix(c(1, 1, 1)), c(1, 2, 3)), 2 + 12)
  one_hot <- cbind(c(1, 0), c(0, 1))
  expect_equal(total_loss("multinomial", one_hot, cbind(c(0.5, 0.25), c(0.5, 0.75))),
               -2 * (log(0.5) + log(0.75)))
})
