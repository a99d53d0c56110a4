# as_nls(): the chosen equation as an nls fit, at the fit's own constants.

# y = 4 exp(-0.8 x) + 1 with noise (nls() cannot judge convergence on data
# without any).
decay_data <- function() {
  d <- data.frame(x = seq(0, 5, length.out = 40))
  set.seed(1)
  d$y <- 4 * exp(-0.8 * d$x) + 1 + stats::rnorm(40, sd = 0.05)
  d$w <- rep(c(1, 3), 20)
  d
}

decay_fit <- function(weighted = FALSE) {
  cached(list("decay_fit", weighted), {
    set.seed(1)
    fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30), y ~ x, data = decay_data(),
        weights = if (weighted) w, verbose = FALSE)
  })
}

test_that("as_nls() gives a converged nls fit with the fit's constants, named as coef() names them", {
  f <- decay_fit()
  n <- as_nls(f)
  expect_s3_class(n, "nls")
  expect_true(n$convInfo$isConv)
  expect_named(coef(n), names(coef(f)))
  expect_equal(coef(n), coef(f), tolerance = 1e-6)
  expect_equal(as.vector(fitted(n)), as.vector(fitted(f)), tolerance = 1e-6)
  expect_equal(stats::deviance(n), sum(residuals(f)^2), tolerance = 1e-6)
  expect_equal(stats::nobs(n), nobs(f))
  # The equation of the fit, its constants as symbols.
  expect_equal(all.vars(stats::formula(n)), c("y", "b1", "b2", "x", "b3"))
})

test_that("as_nls() keeps the case weights, and the weighted optimum", {
  f <- decay_fit(weighted = TRUE)
  n <- as_nls(f)
  expect_equal(stats::weights(n), decay_data()$w)
  expect_equal(coef(n), coef(f), tolerance = 1e-6)
})

test_that("confint() of as_nls() gives profile intervals around the estimates", {
  # Before R 4.4.0, stats' profile intervals of nls fits are MASS's.
  if (getRversion() < "4.4.0") skip_if_not_installed("MASS")
  n <- as_nls(decay_fit())
  intervals <- suppressMessages(stats::confint(n))
  expect_equal(dim(intervals), c(3, 2))
  expect_true(all(intervals[, 1] < coef(n) & coef(n) < intervals[, 2]))
  # Profile intervals, not Wald's: close to them for this well-determined fit,
  # but not equal.
  wald <- stats::confint.default(n)
  expect_equal(intervals, wald, tolerance = 0.05, ignore_attr = TRUE)
  expect_false(isTRUE(all.equal(intervals, wald, check.attributes = FALSE)))
})

test_that("anova() compares two members of the front", {
  f <- decay_fit()
  front <- pareto_front(f)
  constant <- as_nls(f, complexity = min(front$complexity))
  expect_equal(coef(constant), coef(choose_equation(f, min(front$complexity))), tolerance = 1e-6)
  expect_equal(unname(coef(constant)), mean(decay_data()$y), tolerance = 1e-6)
  chosen <- as_nls(f)
  table <- stats::anova(constant, chosen)
  expect_s3_class(table, "anova")
  expect_equal(table$Df[2], length(coef(chosen)) - 1)
  expect_equal(table$`Res.Sum Sq`, c(stats::deviance(constant), stats::deviance(chosen)))
  expect_lt(table$`Pr(>F)`[2], 1e-10)
  for (k in front$complexity) {
    expect_equal(coef(as_nls(f, complexity = k)), coef(choose_equation(f, k)), tolerance = 1e-6)
  }
  expect_error(as_nls(f, complexity = 1000), class = "dartsr_error_invalid_argument")
})

test_that("the nls object works once the fit's data are gone", {
  n <- local({
    d <- decay_data()
    set.seed(1)
    f <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30), y ~ x, data = d,
             verbose = FALSE)
    as_nls(f)
  })
  expect_false(exists("d", environment(stats::formula(n)), inherits = TRUE))
  expect_length(stats::predict(n, data.frame(x = c(0, 1))), 2)
  if (requireNamespace("MASS", quietly = TRUE)) {
    expect_equal(dim(suppressMessages(stats::confint(n))), c(3, 2))
  }
  expect_s3_class(summary(n), "summary.nls")
  restored <- unserialize(serialize(n, NULL))
  expect_equal(stats::predict(restored, data.frame(x = 2)), stats::predict(n, data.frame(x = 2)))
})

test_that("as_nls() takes inputs whose names are not syntactic, and rows na.action dropped are not in it", {
  d <- decay_data()
  d$y[c(5, 6)] <- NA
  set.seed(1)
  f <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30), y ~ I(x / 2), data = d,
           verbose = FALSE)
  n <- as_nls(f)
  expect_equal(stats::nobs(n), 38)
  expect_true("I.x.2." %in% all.vars(stats::formula(n)))
  expect_equal(coef(n), coef(f), tolerance = 1e-6)
})

test_that("a law nls() cannot take is a classed error saying why", {
  two_outputs <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  expect_error(as_nls(two_outputs), class = "dartsr_error_not_nls")
  set.seed(1)
  softmax <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 2), Species ~ Sepal.Width,
                 data = datasets::iris, verbose = FALSE)
  expect_error(as_nls(softmax), class = "dartsr_error_not_nls")
  d <- decay_data()
  d$big <- d$y + stats::rnorm(40, sd = 0.5) > 2
  set.seed(1)
  choice <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 2), big ~ x, data = d,
                verbose = FALSE)
  expect_error(as_nls(choice), class = "dartsr_error_not_nls")

  # A model not written as one equation, and an equation without constants.
  f <- decay_fit()
  unwritten <- f
  unwritten$law$exact <- FALSE
  expect_error(as_nls(unwritten), class = "dartsr_error_not_nls")
  constant_free <- f
  constant_free$law <- c(list(calls = list(quote(x)), constants = list(numeric()), n_constants = 0,
                              exact = TRUE),
                         f$law[c("output_type", "complexity", "shape")])
  expect_error(as_nls(constant_free), class = "dartsr_error_not_nls")

  expect_snapshot(error = TRUE, {
    as_nls(two_outputs)
    as_nls(softmax)
    as_nls(choice)
    as_nls(unwritten)
  })
  expect_error(as_nls(lm(y ~ x, decay_data())), class = "dartsr_error_invalid_argument")
  expect_error(as_nls(f, colour = 1), class = "rlib_error_dots_nonempty")
})
