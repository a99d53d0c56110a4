test_that("logLik() is Gaussian at the ML variance for real outputs", {
  f <- hand_made_fit()
  ll <- logLik(f)
  expect_s3_class(ll, "logLik")
  n <- 100
  sse <- sum(f$residuals^2)
  expect_equal(as.numeric(ll), -n / 2 * (log(2 * pi * sse / n) + 1))
  # The constants of y = 2 * x1 + exp(5 * x2) and the error variance: the
  # offset of linear_exp is exactly 0 and leaves the equation.
  expect_equal(attr(ll, "df"), 3L)
  expect_equal(attr(ll, "nobs"), 100L)
  expect_equal(AIC(f), -2 * as.numeric(ll) + 2 * 3)
  expect_equal(BIC(f), -2 * as.numeric(ll) + log(100) * 3)
  expect_equal(nobs(f), 100L)
})

test_that("logLik() counts trained output layers and one variance per output", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  # The free constants of the two simplified equations (4 each), 2 variances:
  # the network's 12 coefficients hold redundant pairs.
  expect_equal(attr(logLik(f), "df"), 10L)
  by_output <- vapply(1:2, function(c) {
    sse <- sum(f$residuals[, c]^2)
    -50 * (log(2 * pi * sse / 100) + 1)
  }, numeric(1))
  expect_equal(as.numeric(logLik(f)), sum(by_output))
  expect_equal(attr(logLik(hand_made_fit(
    primitives = c("none", "add", "subtract"),
    choices = list("x1 -> k1" = list("add"), "x2 -> k1" = list("subtract"))
  )), "df"), 1L)
})

test_that("a perfect fit has a finite, very large log-likelihood", {
  f <- hand_made_fit()
  f$y <- f$fitted.values
  f$residuals[] <- 0
  ll <- logLik(f)
  expect_true(is.finite(ll))
  expect_gt(as.numeric(ll), 1000)
  expect_true(is.finite(AIC(f)) && is.finite(BIC(f)))
  # A constant zero response, fitted exactly, too.
  f$y[] <- 0
  f$fitted.values[] <- 0
  expect_true(is.finite(logLik(f)))
  # Of two exact fits, the one with fewer constants has the lower AIC.
  g <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 2),
                                    "x2 -> k1" = list("linear_exp", c(5, 0))))
  g$y <- g$fitted.values
  h <- hand_made_fit(choices = list("x1 -> k1" = list("linear", c(2, 0.25)),
                                    "x2 -> k1" = list("linear_exp", c(5, 0))))
  h$y <- h$fitted.values
  # Each is exact on its own response, so each is at the variance floor,
  # which follows the response's mean square: they differ by its log ratio.
  expect_equal(as.numeric(logLik(g)) - as.numeric(logLik(h)),
               nobs(g) / 2 * log(mean(h$y^2) / mean(g$y^2)))
  expect_lt(AIC(g), AIC(h))
})

test_that("logLik() is Bernoulli for 0/1 responses of logistic outputs", {
  f <- hand_made_fit(output_type = "probability")
  gaussian <- logLik(f)
  expect_equal(attr(gaussian, "df"), 3L)
  f$y[] <- as.numeric(f$fitted.values > 0.999)
  p <- f$fitted.values
  expected <- sum(ifelse(f$y == 1, log(p), log(1 - p)))
  ll <- logLik(f)
  expect_equal(as.numeric(ll), expected)
  expect_equal(attr(ll, "df"), 2L)
  # A probability of exactly 1 for a 0 does not give -Inf.
  f$fitted.values[1] <- 1
  f$y[1] <- 0
  expect_true(is.finite(logLik(f)))
})

test_that("logLik() is the cross-entropy log-likelihood for probability distributions", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2,
                     output_type = "probability_distribution")
  ll <- logLik(f)
  expect_equal(as.numeric(ll), sum(f$y * log(f$fitted.values)))
  expect_equal(attr(ll, "df"), 8L)
})

test_that("logLik() of a real fit works with AIC() and BIC() across fits", {
  f <- quick_fit()
  g <- quick_fit(seed = 2)
  expect_true(is.finite(logLik(f)))
  table <- AIC(f, g)
  expect_equal(nrow(table), 2)
  expect_equal(table$df, c(attr(logLik(f), "df"), attr(logLik(g), "df")))
  expect_error(logLik(f, 1))
})
