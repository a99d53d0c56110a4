test_that("fit() with a formula returns a darts_fit with named architecture weights", {
  f <- quick_fit()
  expect_s3_class(f, "darts_fit")
  expect_equal(dim(f$alphas), c(2, 4))
  expect_equal(rownames(f$alphas), c("x1 -> k1", "x2 -> k1"))
  expect_equal(colnames(f$alphas), c("none", "add", "mult", "linear_exp"))
  expect_named(f$model$architecture, c("x1 -> k1", "x2 -> k1"))
  expect_true(all(f$model$architecture %in% colnames(f$alphas)))
  expect_equal(f$input_names, c("x1", "x2"))
  expect_equal(f$output_names, "y")
  expect_length(f$history$loss, 20)
  expect_equal(dim(f$history$alphas), c(2, 4, 20))
  expect_length(f$history$sampled_loss, 100)
  expect_true(all(is.finite(unlist(f[c("alphas", "theta", "fitted.values")]))))
})

test_that("fit_xy() takes a matrix, a data frame or a vector of inputs", {
  d <- seed_data()
  set.seed(1)
  from_matrix <- fit_xy(quick_spec(), as.matrix(d[c("x1", "x2")]), d$y, verbose = FALSE)
  set.seed(1)
  from_frame <- fit_xy(quick_spec(), d[c("x1", "x2")], d$y, verbose = FALSE)
  set.seed(1)
  from_formula <- fit(quick_spec(), y ~ x1 + x2, data = d, verbose = FALSE)
  expect_identical(from_matrix$alphas, from_frame$alphas)
  expect_identical(from_matrix$alphas, from_formula$alphas)
  unnamed <- fit_xy(quick_spec(), unname(as.matrix(d[c("x1", "x2")])), d$y, verbose = FALSE)
  expect_equal(unnamed$input_names, c("x1", "x2"))
  one_input <- fit_xy(quick_spec(), d$x1, d$y, verbose = FALSE)
  expect_equal(nrow(one_input$alphas), 1)
})

test_that("variable names from the data name the edges", {
  d <- seed_data()
  names(d) <- c("intensity", "duration", "rt")
  set.seed(1)
  f <- fit(quick_spec(), rt ~ intensity + duration, data = d, verbose = FALSE)
  expect_equal(rownames(f$alphas), c("intensity -> k1", "duration -> k1"))
  expect_equal(f$output_names, "rt")
})

test_that("several outputs: a response matrix gives one classifier row each", {
  d <- seed_data()
  set.seed(1)
  f <- fit(darts_regressor(num_graph_nodes = 2, max_epochs = 5,
                           train_classifier_coefficients = TRUE),
           cbind(y, z = 2 * y) ~ x1 + x2, data = d, verbose = FALSE)
  expect_equal(dim(f$model$weight), c(2, 2))
  expect_equal(f$output_names, c("y", "z"))
  expect_equal(dim(predict(f, d)), c(100, 2))
})

test_that("factors are expanded into indicator columns through the formula", {
  d <- seed_data()
  d$group <- factor(rep(c("a", "b"), 50))
  set.seed(1)
  f <- fit(quick_spec(), y ~ x1 + group, data = d, verbose = FALSE)
  expect_equal(f$input_names, c("x1", "groupa", "groupb"))
  expect_length(predict(f, d[1:3, ]), 3)
})

test_that("set.seed() makes a fit reproducible bit for bit", {
  # Fitted here, not taken from the session's cache of fits.
  fit_from_seed <- function(seed) {
    set.seed(seed)
    fit(quick_spec(), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  }
  a <- fit_from_seed(7)
  b <- fit_from_seed(7)
  c <- fit_from_seed(8)
  expect_identical(a$alphas, b$alphas)
  expect_identical(a$model, b$model)
  expect_identical(a$fitted.values, b$fitted.values)
  expect_false(identical(a$alphas, c$alphas))
})

test_that("every output type and both DARTS types fit", {
  d <- seed_data()
  p <- (d$y - min(d$y)) / diff(range(d$y))
  for (type in c("probability", "probability_sample", "sigmoid")) {
    set.seed(1)
    f <- fit_xy(quick_spec(output_type = type), d[c("x1", "x2")], p, verbose = FALSE)
    fitted <- predict(f, d[c("x1", "x2")])
    # The scaled response holds exact 0s and 1s, which a close fit can reach.
    expect_true(all(fitted >= 0 & fitted <= 1))
  }
  set.seed(1)
  dist <- fit_xy(quick_spec(output_type = "probability_distribution"),
                 d[c("x1", "x2")], cbind(p, 1 - p), verbose = FALSE)
  expect_equal(rowSums(predict(dist, d[c("x1", "x2")])), rep(1, 100))
  set.seed(1)
  fair <- fit(quick_spec(darts_type = "fair"), y ~ x1 + x2, data = d, verbose = FALSE)
  expect_s3_class(fair, "darts_fit")
})

test_that("a trainable classifier is fitted, a frozen one stays 1 and 0", {
  frozen <- quick_fit(train_classifier_coefficients = FALSE, train_classifier_bias = FALSE)
  expect_equal(as.vector(frozen$model$weight), 1)
  expect_equal(unname(frozen$model$bias), 0)
  # With an offset in the data the trained bias must move from 0.
  d <- transform(seed_data(), y = 3 * y + 7)
  set.seed(1)
  trained <- fit(quick_spec(train_classifier_coefficients = TRUE, train_classifier_bias = TRUE),
                 y ~ x1 + x2, data = d, verbose = FALSE)
  expect_false(isTRUE(all.equal(as.vector(trained$model$weight), 1)))
  expect_false(unname(trained$model$bias) == 0)
})

test_that("a fit survives saveRDS() into a new R session and predicts the same", {
  skip_if_not_installed("callr")
  f <- quick_fit()
  path <- withr::local_tempfile(fileext = ".rds")
  saveRDS(f, path)
  d <- seed_data()
  elsewhere <- callr::r(function(path, d) {
    f <- readRDS(path)
    predict(f, d)
  }, args = list(path = path, d = d))
  expect_identical(elsewhere, predict(f, d))
  expect_false(any(vapply(unlist(f, recursive = TRUE), typeof, "") == "externalptr"))
})

test_that("quality bar: constant data are predicted within 5 sd (reference test)", {
  set.seed(42)
  x <- seq(0, 1, length.out = 1000)
  y <- 0.5 + stats::rnorm(1000, sd = 0.01)
  train <- sample(1000, 800)
  f <- fit_xy(darts_regressor(num_graph_nodes = 1), cbind(x = x[train]), y[train],
              verbose = FALSE)
  predictions <- predict(f, cbind(x = x[-train]))
  expect_true(all(abs(predictions - 0.5) < 5 * 0.01))
})

test_that("quality bar: y = 20x + 10 is predicted within 1 % (reference test)", {
  set.seed(42)
  x <- seq(-5, 5, length.out = 1000)
  y <- 20 * x + 10 + stats::rnorm(1000, sd = 0.01)
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("linear", "mult"),
                          max_epochs = 500, param_updates_per_epoch = 50,
                          param_updates_for_sampled_model = 1000)
  f <- fit_xy(spec, cbind(x = x), y, verbose = FALSE)
  truth <- 20 * x + 10
  error <- abs(predict(f, cbind(x = x)) - truth)
  # Relative error, measured against at least 1 where the line crosses zero.
  expect_lt(max(error / pmax(abs(truth), 1)), 0.01)
})

test_that("verbose = FALSE prints nothing", {
  set.seed(1)
  expect_silent(fit(quick_spec(), y ~ x1 + x2, data = seed_data(), verbose = FALSE))
})

test_that("long fits show a cli progress bar", {
  withr::local_options(cli.progress_show_after = 0)
  set.seed(1)
  messages <- capture.output(
    invisible(fit(quick_spec(max_epochs = 200), y ~ x1 + x2, data = seed_data())),
    type = "message"
  )
  expect_match(paste(messages, collapse = "\n"), "DARTS search")
})

test_that("an interrupt stops a fit cleanly and the session fits again", {
  skip_on_cran()
  skip_if_not_installed("callr")
  worker <- callr::r_bg(function() {
    library(dartsr)
    d <- utils::read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
    short <- darts_regressor(num_graph_nodes = 1, max_epochs = 5)
    invisible(fit(short, y ~ x1 + x2, data = d, verbose = FALSE)) # load everything
    memory <- function() sum(gc()[, 2])
    before <- memory()
    long <- darts_regressor(num_graph_nodes = 2, max_epochs = 1e7)
    first <- tryCatch(fit(long, y ~ x1 + x2, data = d, verbose = FALSE),
                      interrupt = function(e) "interrupted")
    again <- fit(short, y ~ x1 + x2, data = d, verbose = FALSE)
    again_class <- class(again)
    rm(again)
    list(first = first, again = again_class, before = before, after = memory())
  })
  on.exit(worker$kill(), add = TRUE)
  Sys.sleep(2)
  expect_true(worker$is_alive())
  worker$interrupt()
  worker$wait(30000)
  result <- worker$get_result()
  expect_identical(result$first, "interrupted")
  expect_identical(result$again, "darts_fit")
  # Memory in use (MB) is back to where it was: the engine's scratch was R's.
  expect_lt(abs(result$after - result$before), 1)
})

test_that("a validation split serves the architecture steps and is reproducible", {
  set.seed(9)
  a <- fit(quick_spec(validation_fraction = 0.3), y ~ x1 + x2, data = seed_data(),
           verbose = FALSE)
  set.seed(9)
  b <- fit(quick_spec(validation_fraction = 0.3), y ~ x1 + x2, data = seed_data(),
           verbose = FALSE)
  set.seed(9)
  c <- fit(quick_spec(), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(a$alphas, b$alphas)
  expect_false(identical(a$alphas, c$alphas))
  expect_equal(nrow(a$fitted.values), 100)
  expect_error(darts_regressor(validation_fraction = 1), class = "dartsr_error_invalid_argument")
  expect_error(fit_xy(quick_spec(validation_fraction = 0.5), cbind(x = 1), 2, verbose = FALSE),
               class = "dartsr_error_invalid_argument")
})
