# Standard errors, intervals and bands of the equation's constants.

decay_data <- function() {
  withr::with_seed(3, {
    x <- runif(50, 0, 5)
    data.frame(x = x, y = 4 * exp(-0.8 * x) + 1 + rnorm(50, 0, 0.05))
  })
}

decay_fit <- function() {
  cached("decay_fit", withr::with_seed(1, fit(darts_regressor(), y ~ x, data = decay_data())))
}

decay_nls <- function() {
  stats::nls(y ~ a * exp(b * x) + c, decay_data(), start = list(a = 4, b = -0.8, c = 1))
}

test_that("the chosen equation of exponential decay has the form of the nls() model", {
  expect_identical(equation(decay_fit(), coefficients = "names"), "y = b1 * exp(b2 * x) + b3")
})

test_that("coef(), vcov() and sigma() agree with nls() on the same equation", {
  f <- decay_fit()
  n <- decay_nls()
  expect_equal(unname(coef(f)), unname(coef(n)), tolerance = 1e-6)
  expect_equal(unname(sqrt(diag(vcov(f)))), unname(sqrt(diag(vcov(n)))), tolerance = 1e-3)
  expect_equal(unname(vcov(f)), unname(vcov(n)), tolerance = 1e-3)
  expect_equal(sigma(f), sigma(n), tolerance = 1e-6)
  expect_identical(dimnames(vcov(f)), list(c("b1", "b2", "b3"), c("b1", "b2", "b3")))
})

test_that("summary() prints the coefficient table and residual standard error as summary.nls() does", {
  f <- decay_fit()
  s <- summary(f)
  reference <- summary(decay_nls())$coefficients
  expect_equal(s$coefficients$std.error, unname(reference[, "Std. Error"]), tolerance = 1e-3)
  expect_equal(s$coefficients$statistic, unname(reference[, "t value"]), tolerance = 1e-3)
  expect_equal(s$residual_df, c(y = 47))
  out <- capture.output(print(s))
  expect_true(any(grepl("Std. Error", out, fixed = TRUE)))
  expect_true(any(grepl("Pr(>|t|)", out, fixed = TRUE)))
  expect_true(any(grepl("Residual standard error: 0.04588 on 47 degrees of freedom", out, fixed = TRUE)))
})

test_that("confint() gives Wald intervals with t quantiles that contain the estimates", {
  f <- decay_fit()
  ci <- confint(f)
  se <- sqrt(diag(vcov(f)))
  q <- stats::qt(0.975, 47)
  expect_identical(dimnames(ci), list(c("b1", "b2", "b3"), c("2.5 %", "97.5 %")))
  expect_equal(ci[, 1], coef(f) - q * se)
  expect_equal(ci[, 2], coef(f) + q * se)
  expect_true(all(ci[, 1] < coef(f) & coef(f) < ci[, 2]))
  expect_identical(dimnames(confint(f, "b2", level = 0.9)), list("b2", c("5 %", "95 %")))
  expect_equal(confint(f, 2:3), ci[2:3, ])
  expect_true(all(confint(f, level = 0.5)[, 1] > ci[, 1]))
})

test_that("bad levels and parameters are classed errors naming the argument", {
  f <- decay_fit()
  for (level in list(0, 1, 1.5, -0.1, NA_real_, c(0.9, 0.95), "0.95", NULL)) {
    expect_error(confint(f, level = level), class = "dartsr_error_invalid_argument", regexp = "level")
  }
  expect_error(predict(f, interval = "confidence", level = 2), class = "dartsr_error_invalid_argument",
               regexp = "level")
  expect_error(tidy(f, conf.int = TRUE, conf.level = 95), class = "dartsr_error_invalid_argument",
               regexp = "conf.level")
  expect_error(confint(f, "b9"), class = "dartsr_error_invalid_argument", regexp = "parm")
  expect_error(confint(f, 4), class = "dartsr_error_invalid_argument", regexp = "parm")
  expect_error(confint(f, 1.5), class = "dartsr_error_invalid_argument", regexp = "parm")
  expect_error(tidy(f, conf.int = NA), class = "dartsr_error_invalid_argument", regexp = "conf.int")
  expect_error(predict(f, interval = "band"), class = "dartsr_error_invalid_argument",
               regexp = "interval")
})

test_that("tidy() gives broom's columns, and intervals on request", {
  f <- decay_fit()
  table <- tidy(f)
  expect_named(table, c("term", "estimate", "std.error", "statistic", "p.value"))
  expect_equal(table$statistic, table$estimate / table$std.error)
  with_intervals <- tidy(f, conf.int = TRUE, conf.level = 0.9)
  expect_named(with_intervals, c(names(table), "conf.low", "conf.high"))
  expect_equal(unname(as.matrix(with_intervals[c("conf.low", "conf.high")])),
               unname(confint(f, level = 0.9)))
  expect_named(tidy(f, form = "nodes"), c("term", "edge", "operation", "parameter", "estimate"))
  expect_error(tidy(f, form = "nodes", conf.int = TRUE), class = "dartsr_error_invalid_argument",
               regexp = "conf.int")
})

test_that("predict() bands follow the delta method on the nls() gradient", {
  f <- decay_fit()
  n <- decay_nls()
  new <- data.frame(x = c(0.5, 1, 2.5, 7))
  confidence <- predict(f, new, interval = "confidence")
  prediction <- predict(f, new, interval = "prediction", level = 0.9)
  expect_identical(colnames(confidence), c("fit", "lwr", "upr"))
  expect_equal(unname(confidence[, "fit"]), unname(predict(f, new)))
  gradient <- attr(eval(stats::deriv(~ a * exp(b * x) + c, c("a", "b", "c")),
                        c(as.list(coef(n)), new)), "gradient")
  se <- sqrt(rowSums((gradient %*% vcov(n)) * gradient))
  expect_equal(unname(confidence[, "upr"] - confidence[, "fit"]), stats::qt(0.975, 47) * se,
               tolerance = 1e-3)
  expect_equal(unname(prediction[, "upr"] - prediction[, "fit"]),
               stats::qt(0.95, 47) * sqrt(se^2 + sigma(n)^2), tolerance = 1e-3)
  expect_equal(unname(prediction[, "fit"] - prediction[, "lwr"]),
               unname(prediction[, "upr"] - prediction[, "fit"]))
  training <- predict(f, interval = "confidence")
  expect_identical(nrow(training), 50L)
  expect_equal(unname(training[, "fit"]), unname(fitted(f)))
})

test_that("a logistic output of 0/1 responses uses the Bernoulli information and logit-scale bands", {
  data <- withr::with_seed(2, {
    x <- runif(300)
    data.frame(x = x, y = stats::rbinom(300, 1, stats::plogis(6 * x - 3)))
  })
  spec <- darts_regressor(output_type = "probability", num_graph_nodes = 1,
                          primitives = c("none", "linear"))
  f <- withr::with_seed(1, fit(spec, y ~ x, data = data))
  expect_identical(equation(f, coefficients = "names"), "y = logistic(b1 * x + b2)")
  p <- unname(fitted(f))
  X <- cbind(data$x, 1)
  expect_equal(unname(vcov(f)), solve(crossprod(X * sqrt(p * (1 - p)))), tolerance = 1e-6)
  expect_true(is.na(sigma(f)))
  expect_identical(names(tidy(f))[4], "statistic")
  expect_true(any(grepl("z value", capture.output(summary(f)), fixed = TRUE)))
  band <- predict(f, data.frame(x = c(0, 0.5, 1)), interval = "confidence")
  expect_true(all(band[, "lwr"] > 0 & band[, "lwr"] < band[, "fit"] &
                    band[, "fit"] < band[, "upr"] & band[, "upr"] < 1))
  eta <- stats::qlogis(band[, "fit"])
  se <- sqrt(rowSums((cbind(c(0, 0.5, 1), 1) %*% vcov(f)) * cbind(c(0, 0.5, 1), 1)))
  expect_equal(unname(band[, "upr"]), stats::plogis(unname(eta) + stats::qnorm(0.975) * se),
               tolerance = 1e-8)
  expect_error(predict(f, data.frame(x = 0.5), interval = "prediction"),
               class = "dartsr_error_invalid_argument", regexp = "interval")
})

test_that("the multinomial information of two classes is the Bernoulli information of their logit", {
  x <- seq(-1, 1, length.out = 40)
  p <- stats::plogis(2 * x - 0.5)
  gradients <- list(list(gradient = cbind(x, 1)), list(gradient = matrix(0, 40, 0)))
  information <- multinomial_information(gradients, cbind(p, 1 - p), rep(1, 40))
  expect_equal(information, crossprod(cbind(x, 1) * sqrt(p * (1 - p))), ignore_attr = TRUE)
})

test_that("a singular information gives NaN standard errors with a classed warning", {
  singular <- matrix(c(1, 2, 2, 4), 2)
  expect_warning(inverse <- inverse_information(singular, NULL), class = "dartsr_warning_singular")
  expect_true(all(is.nan(inverse)))
  overflowed <- matrix(c(1, Inf, Inf, 4), 2)
  expect_warning(inverse <- inverse_information(overflowed, NULL), class = "dartsr_warning_singular")
  expect_true(all(is.nan(inverse)))
})

test_that("a model written node by node has no equation constants to give errors for", {
  f <- decay_fit()
  f$law$exact <- FALSE
  expect_error(vcov(f), class = "dartsr_error_no_equation")
  expect_error(confint(f), class = "dartsr_error_no_equation")
  expect_error(predict(f, interval = "confidence"), class = "dartsr_error_no_equation")
  expect_no_error(summary(f))
  expect_named(tidy(f), c("term", "edge", "operation", "parameter", "estimate"))
})

test_that("several outputs get one band each and uncorrelated constants", {
  data <- decay_data()
  data$z <- 2 * data$x + 1 + withr::with_seed(4, rnorm(50, 0, 0.1))
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", "linear", "linear_exp"))
  f <- withr::with_seed(1, fit(spec, cbind(y, z) ~ x, data = data))
  v <- vcov(f)
  expect_true(all(grepl("^(y|z):b", rownames(v))))
  expect_equal(v[startsWith(rownames(v), "y:"), startsWith(colnames(v), "z:")],
               matrix(0, sum(startsWith(rownames(v), "y:")), sum(startsWith(colnames(v), "z:"))),
               ignore_attr = TRUE)
  bands <- predict(f, data.frame(x = c(1, 2)), interval = "prediction")
  expect_named(bands, c("y", "z"))
  expect_identical(dim(bands$z), c(2L, 3L))
  expect_named(sigma(f), c("y", "z"))
})

test_that("plot(type = \"fit\") has the confidence band of predict() around the curve", {
  f <- decay_fit()
  grid <- matrix(c(0, 2.5, 5), ncol = 1, dimnames = list(NULL, "x"))
  curves <- engine_predict(f$spec, f$network, grid, 1L)
  band <- confidence_band(f, grid, curves, 1)
  expect_equal(unname(band), unname(predict(f, data.frame(x = c(0, 2.5, 5)),
                                            interval = "confidence")[, c("lwr", "upr")]))
  f$law$exact <- FALSE
  expect_null(confidence_band(f, grid, curves, 1))
})

test_that("a hidden node used twice lends the equation its constants once", {
  # k1 = exp(1.2 x2) enters the output and the logistic of k2: written out,
  # exp(1.2 * x2) appears twice, and so would 1.2 as two constants that the
  # data cannot tell apart, with a singular information matrix.
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE,
                     primitives = c("none", "linear_exp", "linear_logistic"),
                     choices = list("x2 -> k1" = list("linear_exp", c(1.2, 0)),
                                    "k1 -> k2" = list("linear_logistic", c(2, -1))))
  expect_identical(equation(f, coefficients = "names"),
                   "y = b1 * exp(b2 * x2) + b3 * logistic(b4 * exp(b2 * x2) + b5) + b6")
  expect_equal(unname(coef(f)), c(1.5, 1.2, 0.3, 2, -1, 0.1))
  expect_true(all(is.finite(vcov(f))))
  expect_equal(unname(predict(f, f$data)), unname(eval(equation(f, format = "r")[[1]],
                                                             as.data.frame(f$x))), tolerance = 1e-10)
})
