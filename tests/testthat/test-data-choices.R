# Choices: factor, logical and count responses fitted by deviance; case weights.

psychometric_rows <- function() {
  withr::with_seed(2, {
    x <- rep(seq(0, 1, length.out = 20), each = 30)
    yes <- stats::rbinom(length(x), 1, stats::plogis(6 * x - 3))
    data.frame(x = x, yes = yes, response = factor(ifelse(yes == 1, "yes", "no"),
                                                   levels = c("no", "yes")))
  })
}

linear_spec <- function(...) {
  darts_regressor(num_graph_nodes = 1, primitives = c("none", "linear"), max_epochs = 30, ...)
}

choice_fit <- function() {
  cached("choice_fit", withr::with_seed(1, fit(linear_spec(), response ~ x,
                                               data = psychometric_rows())))
}

test_that("a two-level factor is fitted by the binomial deviance, as glm() fits it", {
  f <- choice_fit()
  data <- psychometric_rows()
  g <- stats::glm(response ~ x, family = stats::binomial, data = data)
  expect_identical(f$spec$output_type, "probability")
  expect_identical(f$levels, c("no", "yes"))
  expect_identical(equation(f, coefficients = "names"), 'P(response = "yes") = logistic(b1 * x + b2)')
  # The ridge penalty moves the estimates by far less than their standard errors.
  expect_equal(unname(coef(f)), unname(coef(g)[c("x", "(Intercept)")]), tolerance = 1e-4)
  expect_equal(as.numeric(logLik(f)), as.numeric(logLik(g)), tolerance = 1e-8)
  expect_identical(attr(logLik(f), "df"), 2L)
  expect_equal(stats::AIC(f), stats::AIC(g), tolerance = 1e-8)
  expect_equal(stats::BIC(f), stats::BIC(g), tolerance = 1e-8)
  expect_equal(deviance(f), deviance(g), tolerance = 1e-6)
  expect_equal(unname(sqrt(diag(vcov(f)))), unname(sqrt(diag(vcov(g)))[c(2, 1)]), tolerance = 1e-3)
  glanced <- glance(f)
  expect_equal(glanced$null.deviance, g$null.deviance)
  expect_equal(glanced$accuracy, mean((stats::fitted(g) > 0.5) == (data$yes == 1)))
  expect_equal(glanced$log_loss, -as.numeric(logLik(g)) / nrow(data), tolerance = 1e-8)
  expect_false("r.squared" %in% names(glanced))
})

test_that("predict() gives classes and probabilities by level; augment() the tidymodels names", {
  f <- choice_fit()
  new <- data.frame(x = c(0, 0.5, 1))
  p <- predict(f, new)
  expect_equal(p, stats::plogis(coef(f)[1] * new$x + coef(f)[2]), ignore_attr = TRUE)
  classes <- predict(f, new, type = "class")
  expect_identical(levels(classes), c("no", "yes"))
  expect_identical(as.character(classes), unname(ifelse(p > 0.5, "yes", "no")))
  probabilities <- predict(f, new, type = "prob")
  expect_named(probabilities, c("no", "yes"))
  expect_equal(probabilities$yes, unname(p))
  expect_equal(probabilities$no + probabilities$yes, rep(1, 3))
  augmented <- augment(f, newdata = new)
  expect_named(augmented, c("x", ".pred_class", ".pred_no", ".pred_yes"))
  training <- augment(f)
  expect_identical(names(training)[1:2], c("response", "x"))
  expect_identical(training$response, psychometric_rows()$response)
  expect_error(predict(f, new, type = "class", interval = "confidence"),
               class = "dartsr_error_invalid_argument", regexp = "interval")
  numeric_fit <- quick_fit()
  expect_error(predict(numeric_fit, type = "class"), class = "dartsr_error_invalid_argument",
               regexp = "type")
})

test_that("logical and character responses are choices too", {
  data <- psychometric_rows()
  data$said_yes <- data$yes == 1
  f <- withr::with_seed(1, fit(linear_spec(), said_yes ~ x, data = data))
  expect_identical(f$levels, c("FALSE", "TRUE"))
  expect_match(equation(f), 'P(said_yes = "TRUE") = logistic(', fixed = TRUE)
  expect_equal(unname(coef(f)), unname(coef(choice_fit())), tolerance = 1e-6)
})

test_that("counts cbind(successes, failures) are the same fit as their rows", {
  rows <- psychometric_rows()
  counts <- stats::aggregate(cbind(yes = yes, no = 1 - yes) ~ x, data = rows, FUN = sum)
  f <- withr::with_seed(1, fit(linear_spec(output_type = "probability"), cbind(yes, no) ~ x,
                               data = counts))
  g <- stats::glm(cbind(yes, no) ~ x, family = stats::binomial, data = counts)
  expect_equal(f$weights, rep(30, 20))
  expect_identical(equation(f, coefficients = "names"), "P(yes) = logistic(b1 * x + b2)")
  expect_equal(unname(coef(f)), unname(coef(g)[c("x", "(Intercept)")]), tolerance = 1e-4)
  expect_equal(unname(coef(f)), unname(coef(choice_fit())), tolerance = 1e-4)
  expect_equal(as.numeric(logLik(f)), as.numeric(logLik(g)), tolerance = 1e-8)
  expect_equal(deviance(f), deviance(g), tolerance = 1e-6)
})

# The fit's model with a polish's coefficients, predicting on `x`.
predict_with <- function(f, polished, x) {
  engine_predict(f$spec, dartsr:::polished_model(f$network, polished), x, ncol(f$y))
}

test_that("a weight of 2 on a row is the row twice, for a fixed architecture", {
  f <- choice_fit()
  data <- psychometric_rows()
  x <- f$x
  y <- f$y
  twice <- c(seq_len(nrow(x)), 1:40)
  weights <- rep(1, nrow(x))
  weights[1:40] <- 2
  for (family in c("binomial", "gaussian")) {
    weighted <- engine_polish(f$spec, f$network, x, y, 100L, weights = weights, family = family)
    replicated <- engine_polish(f$spec, f$network, x[twice, , drop = FALSE],
                                y[twice, , drop = FALSE], 100L, family = family)
    # The same fitted curve, to the precision of the optimum (the stopping
    # rule's, not rounding's). Compared as predictions, not coefficients: an
    # output weight times an edge's slope is one degree of freedom, and the
    # two polishes may split it differently.
    expect_equal(predict_with(f, weighted, x), predict_with(f, replicated, x), tolerance = 1e-6)
    expect_equal(weighted$loss, replicated$loss, tolerance = 1e-9)
  }
  # Weights of 0 leave their rows out of the fit.
  dropped <- withr::with_seed(1, fit(linear_spec(), response ~ x, data = data,
                                     weights = rep(c(1, 0), each = 300)))
  expect_identical(nobs(dropped), 300L)
  expect_true(all(dropped$x[, "x"] <= 0.5))
})

test_that("weights are evaluated in the data and enter every loss", {
  data <- psychometric_rows()
  data$w <- rep(c(1, 3), 300)
  f <- withr::with_seed(1, fit(linear_spec(), response ~ x, data = data, weights = w))
  g <- suppressWarnings(stats::glm(response ~ x, family = stats::binomial, data = data,
                                   weights = w))
  expect_equal(f$weights, data$w)
  expect_equal(unname(coef(f)), unname(coef(g)[c("x", "(Intercept)")]), tolerance = 1e-4)
  expect_equal(deviance(f), deviance(g), tolerance = 1e-6)
  expect_equal(as.numeric(logLik(f)), as.numeric(logLik(g)), tolerance = 1e-8)
  # Least squares with weights: lm()'s estimates and log-likelihood.
  numeric_data <- withr::with_seed(3, data.frame(x = runif(80), w = rep(1:4, 20)))
  numeric_data$y <- 2 * numeric_data$x + 1 + withr::with_seed(4, rnorm(80, sd = 0.1))
  l <- stats::lm(y ~ x, data = numeric_data, weights = w)
  h <- withr::with_seed(1, fit(linear_spec(), y ~ x, data = numeric_data, weights = w))
  expect_equal(unname(coef(h)), unname(coef(l)[c("x", "(Intercept)")]), tolerance = 1e-6)
  expect_equal(as.numeric(logLik(h)), as.numeric(logLik(l)), tolerance = 1e-6)
  expect_equal(unname(sqrt(diag(vcov(h)))), unname(sqrt(diag(vcov(l)))[c(2, 1)]), tolerance = 1e-4)
  xy <- withr::with_seed(1, fit_xy(linear_spec(), numeric_data["x"], numeric_data$y,
                                   weights = numeric_data$w))
  expect_equal(coef(xy), coef(h))
  # A refit without new data keeps them.
  expect_equal(refit(h, max_epochs = 0, verbose = FALSE)$weights, numeric_data$w)
})

test_that("bad weights are classed errors naming weights", {
  data <- psychometric_rows()
  for (bad in list(-data$x, rep("a", nrow(data)), data$x[-1],
                   rep(0, nrow(data)), rep(Inf, nrow(data)))) {
    expect_error(fit(linear_spec(), response ~ x, data = data, weights = bad),
                 class = "dartsr_error_invalid_argument", regexp = "weights")
  }
  # A missing weight is a missing value: na.action drops its row, as lm() does.
  last <- nrow(data)
  missing_weight <- replace(data$x, last, NA)
  expect_error(fit(linear_spec(), response ~ x, data = data, weights = missing_weight,
                   na.action = na.fail),
               class = "dartsr_error_invalid_data", regexp = "weights")
  dropped <- fit(linear_spec(), response ~ x, data = data, weights = missing_weight,
                 verbose = FALSE)
  expect_equal(as.integer(dropped$na.action), last)
  # Rows of weight 0 (x = 0) are left out too.
  expect_equal(dropped$weights, data$x[-last][data$x[-last] > 0])
  expect_error(fit(linear_spec(), response ~ x, data = data, weights = not_a_column),
               class = "dartsr_error_invalid_argument", regexp = "weights")
  expect_error(fit_xy(linear_spec(), data["x"], data$response, weights = -1),
               class = "dartsr_error_invalid_argument", regexp = "weights")
  expect_error(refit(choice_fit(), weights = rep(1, 600), verbose = FALSE),
               class = "dartsr_error_invalid_argument", regexp = "weights")
})

test_that("separable classes warn, as glm() does, and keep finite coefficients", {
  separable <- data.frame(x = c(1:10, 21:30), class = factor(rep(c("a", "b"), each = 10)))
  expect_warning(
    f <- withr::with_seed(1, fit(linear_spec(), class ~ x, data = separable)),
    class = "dartsr_warning_separation"
  )
  expect_true(all(is.finite(coef(f))))
  # Held away from the 1e-28 of unbounded coefficients.
  expect_true(all(fitted(f) > 1e-20))
  expect_identical(as.character(predict(f, separable, type = "class")), as.character(separable$class))
})

test_that("a factor of three levels is a softmax fitted by the multinomial deviance", {
  # Petal.Width separates setosa from the others.
  expect_warning(
    f <- withr::with_seed(1, fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30,
                                                 primitives = c("none", "linear")),
                                 Species ~ Petal.Width, data = iris)),
    class = "dartsr_warning_separation"
  )
  expect_identical(f$spec$output_type, "probability_distribution")
  expect_identical(f$output_names, levels(iris$Species))
  expect_match(equation(f)[1], 'P(Species = "setosa") = softmax(', fixed = TRUE)
  probabilities <- predict(f, iris[c(1, 51, 101), ], type = "prob")
  expect_named(probabilities, levels(iris$Species))
  expect_equal(rowSums(probabilities), rep(1, 3))
  expect_identical(as.character(predict(f, iris[c(1, 51, 101), ], type = "class")),
                   c("setosa", "versicolor", "virginica"))
  expect_equal(as.numeric(logLik(f)), sum(log(f$fitted.values[cbind(1:150, as.integer(iris$Species))])))
  expect_gt(glance(f)$accuracy, 0.9)
  expect_named(augment(f, iris[1:2, ])[6:9], c(".pred_class", ".pred_setosa", ".pred_versicolor",
                                                ".pred_virginica"))
  # Every class has its own intercept, and a softmax is unchanged by a shift
  # of all of them: the information is singular, the bands NaN with a warning.
  expect_warning(bands <- predict(f, iris[c(1, 51), ], interval = "confidence"),
                 class = "dartsr_warning_singular")
  expect_named(bands, levels(iris$Species))
  expect_identical(colnames(bands$versicolor), c("fit", "lwr", "upr"))
  expect_equal(unname(bands$versicolor[, "fit"]), predict(f, iris[c(1, 51), ])[, "versicolor"],
               ignore_attr = TRUE)
})
