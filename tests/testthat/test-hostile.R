# Everything a user could plausibly pass by mistake, thrown at every exported
# function: each gives a classed error (message snapshotted) or a correct value.
# Never a crash, never a hang.

bad_values <- list(
  `NULL` = NULL, list = list(1), factor = factor("a"), character = "3",
  empty = numeric(0), `NA` = NA, NA_real = NA_real_, negative = -2, fraction = 1.5,
  huge = 1e12, `Inf` = Inf, two = c(1, 2), logical = TRUE, matrix = matrix(1:4, 2)
)

test_that("darts_regressor() rejects every bad count and rate with a classed error", {
  counts <- c("num_graph_nodes", "batch_size", "max_epochs", "arch_updates_per_epoch",
              "param_updates_per_epoch", "param_updates_for_sampled_model",
              "refine_top", "n_restarts")
  rates <- c("arch_learning_rate_max", "param_learning_rate_max",
             "param_learning_rate_min", "grad_clip", "arch_weight_decay",
             "param_weight_decay", "classifier_weight_decay", "fair_darts_loss_weight",
             "arch_momentum", "param_momentum", "validation_fraction")
  for (arg in c(counts, rates)) {
    for (name in names(bad_values)) {
      value <- bad_values[[name]]
      acceptable <- (name == "huge" && arg %in% c(rates[5:8], "param_learning_rate_max",
                                                  "arch_learning_rate_max", "grad_clip")) ||
        (name == "fraction" && arg %in% rates[!rates %in% c("arch_momentum", "param_momentum",
                                                            "validation_fraction")])
      if (acceptable) next
      args <- stats::setNames(list(value), arg)
      if (arg == "param_learning_rate_min" && name == "huge") next
      expect_error(do.call(darts_regressor, args), class = "dartsr_error_invalid_argument",
                   label = paste(arg, "=", name))
    }
  }
  expect_snapshot(darts_regressor(num_graph_nodes = 1e6), error = TRUE)
  expect_snapshot(darts_regressor(batch_size = list(64)), error = TRUE)
  expect_snapshot(darts_regressor(arch_learning_rate_max = NA), error = TRUE)
})

test_that("darts_regressor() rejects bad choices, flags and primitive lists", {
  for (arg in c("darts_type", "output_type", "sampling_strategy", "param_optimizer")) {
    for (value in list(NULL, 1, NA, "", c("max", "max"), factor("max"), list("max"))) {
      args <- stats::setNames(list(value), arg)
      if (is.null(value)) next # NULL means "not given" to do.call
      expect_error(do.call(darts_regressor, args), class = "dartsr_error_invalid_argument")
    }
  }
  for (arg in c("train_classifier_coefficients", "train_classifier_bias",
                "polish_coefficients")) {
    for (value in list(1, "TRUE", NA, c(TRUE, FALSE), logical(0))) {
      expect_error(do.call(darts_regressor, stats::setNames(list(value), arg)),
                   class = "dartsr_error_invalid_argument")
    }
  }
  for (value in list(NULL, 1, NA_character_, factor("mult"), list("mult"), c("mult", NA))) {
    expect_error(darts_regressor(primitives = value), class = "dartsr_error_invalid_argument")
  }
  expect_snapshot(darts_regressor(train_classifier_bias = "yes"), error = TRUE)
  expect_snapshot(darts_regressor(primitives = 3), error = TRUE)
})

test_that("fit() and fit_xy() reject bad data of every kind", {
  spec <- quick_spec()
  d <- seed_data()
  for (data in list(NULL, list(x1 = 1, y = 2), as.matrix(d), "d", 1:3)) {
    expect_error(fit(spec, y ~ x1 + x2, data = data), class = "dartsr_error")
  }
  for (formula in list(NULL, "y ~ x1", ~ x1, 1)) {
    expect_error(fit(spec, formula, data = d), class = "dartsr_error")
  }
  for (x in list(NULL, list(1, 2), factor(1:100), as.character(d$x1), numeric(0),
                 data.frame(a = letters[1:4]))) {
    expect_error(fit_xy(spec, x, d$y), class = "dartsr_error")
  }
  for (y in list(NULL, list(1), factor(rep("a", nrow(d))), rep("a", nrow(d)), numeric(0),
                 d$y[1:3], c(d$y[-1], NA), factor(c(d$y[-1], NA)))) {
    expect_error(fit_xy(spec, d[c("x1", "x2")], y), class = "dartsr_error")
  }
  expect_error(fit(spec, y ~ x1, data = d, verbose = NA), class = "dartsr_error")
  expect_error(fit(spec, y ~ x1, data = d, 3), class = "rlib_error_dots_nonempty")
  expect_snapshot(fit_xy(spec, list(1, 2), d$y), error = TRUE)
  expect_snapshot(fit_xy(spec, d[c("x1", "x2")], as.Date("2020-01-01") + seq_len(nrow(d))), error = TRUE)
  expect_snapshot(fit(spec, y ~ x1 + x2, data = "d"), error = TRUE)
})

test_that("one row, a constant column and duplicated rows give finite fits", {
  spec <- quick_spec(max_epochs = 3)
  one <- fit_xy(spec, cbind(x = 1), 2, verbose = FALSE)
  expect_true(is.finite(predict(one, cbind(x = 3))))
  d <- seed_data()
  d$x2 <- 1
  constant <- fit(spec, y ~ x1 + x2, data = d, verbose = FALSE)
  expect_true(all(is.finite(fitted(constant))))
  twice <- fit(spec, y ~ x1 + x2, data = rbind(seed_data(), seed_data()), verbose = FALSE)
  expect_s3_class(twice, "darts_fit")
})

test_that("predict() takes extra columns and rejects missing or broken ones", {
  f <- quick_fit()
  d <- seed_data()
  d$extra <- "ignored"
  expect_equal(predict(f, d), predict(f, seed_data()))
  # Not a data frame or matrix: a list, a string, a vector.
  for (newdata in list(list(x1 = 1), "x1", 1:3)) {
    expect_error(predict(f, newdata), class = "dartsr_error_invalid_argument")
  }
  expect_equal(predict(f, d[0, ]), numeric(0))
  expect_error(predict(f, data.frame(x1 = "a", x2 = 1)), class = "dartsr_error_invalid_data")
  expect_snapshot(predict(f, data.frame(x1 = "a", x2 = 1)), error = TRUE)
})

test_that("refit() rejects data of another shape and bad hyperparameters", {
  f <- quick_fit()
  d <- seed_data()
  expect_error(refit(f, data = d["x1"]), class = "dartsr_error")
  expect_error(refit(f, data = list(1)), class = "dartsr_error")
  expect_error(refit(f, data = d, x = as.matrix(d[1:2])), class = "dartsr_error")
  expect_error(refit(f, max_epochs = "0"), class = "dartsr_error_invalid_argument")
  expect_error(refit(f, max_epochs = NULL), class = "dartsr_error_invalid_argument")
  xy <- fit_xy(quick_spec(), d[c("x1", "x2")], d$y, verbose = FALSE)
  expect_error(refit(xy, x = d[c("x1", "x2")]), class = "dartsr_error_invalid_argument")
  expect_error(refit(xy, x = d["x1"], y = d$y), class = "dartsr_error_invalid_data")
  expect_error(refit(xy, x = d[c("x1", "x2")], y = cbind(d$y, d$y)),
               class = "dartsr_error_invalid_data")
  expect_snapshot(refit(xy, x = d["x1"], y = d$y), error = TRUE)
})

test_that("a fit edited by hand is refused, not read out of bounds", {
  f <- quick_fit()
  broken <- f
  broken$network$architecture[1] <- "linear_sin"
  expect_error(predict(broken, seed_data()), class = "dartsr_error_invalid_fit")
  broken <- f
  broken$network$theta <- 1
  expect_error(predict(broken, seed_data()), class = "dartsr_error_invalid_fit")
  broken <- f
  broken$alphas <- broken$alphas[1, , drop = FALSE]
  expect_error(refit(broken, max_epochs = 1, verbose = FALSE), class = "dartsr_error")
})

test_that("every array the engine reads is checked against the search space", {
  f <- quick_fit(max_epochs = 2)
  d <- seed_data()
  refused <- function(model, field) {
    broken <- f
    broken$network <- model
    expect_error(predict(broken, d), class = "dartsr_error_invalid_fit",
                 regexp = paste0("network$", field), fixed = TRUE)
    expect_error(dartsr:::engine_polish(f$spec, model, f$x, f$y),
                 class = "dartsr_error_invalid_fit", regexp = paste0("network$", field),
                 fixed = TRUE)
  }
  m <- f$network
  # Each of these once reached C and was read out of bounds there.
  refused(modifyList(m, list(weight = numeric(0), bias = numeric(0))), "weight")
  refused(modifyList(m, list(bias = numeric(0))), "bias")
  refused(modifyList(m, list(architecture = m$architecture[1],
                             theta = m$theta[1, , , drop = FALSE])), "architecture")
  refused(modifyList(m, list(architecture = c(m$architecture, "add"))), "architecture")
  refused(modifyList(m, list(weight = c(m$weight, 1))), "weight")
  # Types the engine would misread.
  refused(modifyList(m, list(theta = as.character(m$theta))), "theta")
  refused(modifyList(m, list(bias = TRUE)), "bias")
  refused(modifyList(m, list(architecture = factor(m$architecture))), "architecture")
  refused(modifyList(m, list(architecture = replace(m$architecture, 2, "cos"))),
          "architecture")
  # Only the polish reads which output weights are free.
  expect_error(dartsr:::engine_polish(f$spec, modifyList(m, list(free_weight = NA)), f$x, f$y),
               class = "dartsr_error_invalid_fit", regexp = "network$free_weight", fixed = TRUE)
  # and which edge parameters: E x 2 logical values, or the engine reads past them.
  for (bad in list(TRUE, c(NA, rep(TRUE, 2 * length(m$architecture) - 1)),
                   rep(1, 2 * length(m$architecture)))) {
    expect_error(dartsr:::engine_polish(f$spec, modifyList(m, list(free_theta = bad)), f$x, f$y),
                 class = "dartsr_error_invalid_fit", regexp = "network$free_theta", fixed = TRUE)
  }
  # The model as fitted passes.
  expect_equal(predict(f, d), fitted(f), ignore_attr = TRUE)
  broken <- f
  broken$theta <- broken$theta[, , 1]
  expect_error(refit(broken, max_epochs = 1, verbose = FALSE),
               class = "dartsr_error_invalid_fit", regexp = "state$theta", fixed = TRUE)
})

test_that("huge learning rates and decays stop with a message, never NaN", {
  d <- seed_data()
  fit_with <- function(...) {
    set.seed(1)
    fit(quick_spec(...), y ~ x1 + x2, data = d, verbose = FALSE)
  }
  # Steps this large overflow the coefficients in the first epoch.
  expect_error(fit_with(param_learning_rate_max = 1e300, param_learning_rate_min = 1e-3),
               class = "dartsr_error_nonfinite")
  expect_error(fit_with(arch_learning_rate_max = 1e308), class = "dartsr_error_nonfinite")
  expect_error(fit_with(param_weight_decay = 1e200), class = "dartsr_error_nonfinite")
  # The architecture's decay only pulls the weights of the mixture towards
  # zero; the search still finds the seed equation.
  f <- fit_with(arch_weight_decay_df = 1e307)
  expect_true(all(is.finite(unlist(f[c("alphas", "theta", "fitted.values")]))))
  expect_equal(equation(f), "y = 2 * x1 + exp(5 * x2)")
})

test_that("DBL_MAX learning rates and inputs end in a classed error or a finite fit", {
  # A search that returns a model must have it finite on every training row,
  # even on rows its steps never saw.
  set.seed(1)
  big <- .Machine$double.xmax
  x <- cbind(x1 = c(stats::runif(19), big), x2 = c(stats::runif(19), big))
  y <- stats::runif(20)
  outcome <- function(...) {
    tryCatch({
      f <- fit_xy(darts_regressor(num_graph_nodes = 1, ...), x, y, verbose = FALSE)
      all(is.finite(predict(f))) && all(is.finite(predict(f, x)))
    }, dartsr_error_nonfinite = function(e) TRUE)
  }
  expect_true(outcome(max_epochs = 3, arch_learning_rate_max = big,
                      param_learning_rate_max = big, param_learning_rate_min = big))
  for (primitives in list("add", c("none", "add", "linear"), darts_primitives()$name)) {
    expect_true(outcome(max_epochs = 0, param_updates_for_sampled_model = 0,
                        primitives = primitives, refine_top = 0))
  }
  expect_error(fit_xy(darts_regressor(num_graph_nodes = 1, max_epochs = 0,
                                      param_updates_for_sampled_model = 0,
                                      primitives = "add", refine_top = 0), x, y,
                      verbose = FALSE),
               class = "dartsr_error_nonfinite")
})
