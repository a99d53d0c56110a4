test_that("fit() with a formula returns a darts_fit with named architecture weights", {
  f <- quick_fit()
  expect_s3_class(f, "darts_fit")
  expect_equal(dim(f$alphas), c(2, 4))
  expect_equal(rownames(f$alphas), c("x1 -> k1", "x2 -> k1"))
  expect_equal(colnames(f$alphas), c("none", "add", "mult", "linear_exp"))
  expect_named(f$network$architecture, c("x1 -> k1", "x2 -> k1"))
  expect_true(all(f$network$architecture %in% colnames(f$alphas)))
  expect_equal(f$input_names, c("x1", "x2"))
  expect_equal(f$output_names, "y")
  expect_length(f$history$loss, 20)
  expect_equal(dim(f$history$alphas), c(2, 4, 20))
  expect_length(f$history$sampled_loss, 100)
  expect_true(all(is.finite(unlist(f[c("alphas", "theta", "fitted.values")]))))
})

test_that("a long search keeps 100 evenly spaced records of its history", {
  set.seed(1)
  f <- fit(quick_spec(max_epochs = 250, refine_top = 0), y ~ x1 + x2, data = seed_data(),
           verbose = FALSE)
  history <- f$history
  # The last epoch of each of 100 runs of 2 or 3 epochs.
  expect_equal(history$epoch, floor(seq_len(100) * 250 / 100))
  expect_equal(dim(history$alphas), c(2, 4, 100))
  expect_equal(dimnames(history$alphas)[1:2], dimnames(f$alphas))
  expect_equal(history$alphas[, , 100], f$alphas)
  expect_length(history$loss, 100)
  expect_true(all(is.finite(c(history$loss, history$arch_loss))))
  # A refit numbers its epochs on; with fewer than 100, it records every one.
  refitted <- refit(f, max_epochs = 3, verbose = FALSE)
  expect_equal(tail(refitted$history$epoch, 4), c(250, 251, 252, 253))
  expect_equal(epochs_searched(refitted$history), 253)
  expect_equal(glance(refitted)$epochs, 253)
  expect_equal(search_history(refitted, call = NULL)$epoch, refitted$history$epoch)
  # The record is of the search: saved and read back, it is the same.
  path <- tempfile(fileext = ".rds")
  saveRDS(refitted, path)
  expect_identical(readRDS(path)$history, refitted$history)
  # Where nodes may multiply, their kind weights are recorded alike.
  set.seed(1)
  products <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 150, refine_top = 0,
                                  param_updates_per_epoch = 10,
                                  primitives = c("none", "add", "mult", "product")),
                  y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_equal(products$history$epoch, floor(seq_len(100) * 150 / 100))
  expect_equal(dim(products$history$node_alphas), c(1, 2, 100))
  expect_equal(products$history$node_alphas[, , 100], products$node_alphas[1, ])
})

test_that("every primitive alone fits, predicts and refits, with nodes that sum or multiply", {
  # Pruning and the refinement drop edges; without "none" in the search
  # space a model's "none" is the engine's empty edge: a term 0 in a sum, a
  # factor 1 in a product.
  d <- seed_data()
  for (primitive in edge_primitives(darts_primitives()$name)) {
    for (primitives in list(primitive, c(primitive, "product"))) {
      label <- paste(primitives, collapse = " + ")
      set.seed(1)
      f <- fit(darts_regressor(primitives = primitives, max_epochs = 3), y ~ x1 + x2,
               data = d, verbose = FALSE)
      expect_true(all(f$network$architecture %in% c(primitive, "none")), label = label)
      expect_equal(predict(f, d), predict(f), label = label)
      expect_true(all(is.finite(predict(f))), label = label)
      refitted <- refit(f, max_epochs = 1, verbose = FALSE)
      expect_equal(epochs_searched(refitted$history), 4, label = label)
    }
  }
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
  expect_equal(dim(f$network$weight), c(2, 2))
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
  expect_identical(a$network, b$network)
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
  expect_equal(as.vector(frozen$network$weight), 1)
  expect_equal(unname(frozen$network$bias), 0)
  # With an offset in the data the trained bias must move from 0.
  d <- transform(seed_data(), y = 3 * y + 7)
  set.seed(1)
  trained <- fit(quick_spec(train_classifier_coefficients = TRUE, train_classifier_bias = TRUE),
                 y ~ x1 + x2, data = d, verbose = FALSE)
  expect_false(isTRUE(all.equal(as.vector(trained$network$weight), 1)))
  expect_false(unname(trained$network$bias) == 0)
})

test_that("a fit survives saveRDS() into a new R session and predicts the same", {
  skip_if_not_installed("callr")
  f <- quick_fit()
  path <- withr::local_tempfile(fileext = ".rds")
  saveRDS(f, path)
  d <- seed_data()
  elsewhere <- callr::r(function(path, d) {
    f <- readRDS(path)
    list(prediction = predict(f, d), from = normalizePath(getNamespaceInfo("dartsr", "path")))
  }, args = list(path = path, d = d), libpath = worker_libpath())
  expect_identical(elsewhere$prediction, predict(f, d))
  # The new session loaded the dartsr under test.
  expect_identical(elsewhere$from, normalizePath(getNamespaceInfo("dartsr", "path")))
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

# In a child process (callr): a fit of 1e7 epochs (with a history of every
# epoch, that was 3.6 GB reserved) whose progress bar shows at once and sends
# its messages to a handler. The first message notes the RNG state the search
# started from (R's copy of it is written back only when the search ends) and
# writes `ready`; with `block` it then waits in R code for the interrupt,
# inside the bar's update and so inside the engine's progress callback.
interrupted_fit <- function(ready, session_state, block) {
  library(dartsr)
  d <- utils::read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
  short <- darts_regressor(num_graph_nodes = 1, max_epochs = 5)
  invisible(fit(short, y ~ x1 + x2, data = d, verbose = FALSE)) # load everything
  events <- character()
  start <- NULL
  options(cli.progress_show_after = 0, cli.progress_handlers_only = "cli",
          cli.default_handler = function(msg) {
            events <<- c(events, msg$type)
            if (is.null(start)) {
              start <<- get(".Random.seed", globalenv())
              writeLines("ready", ready)
              if (block) repeat Sys.sleep(0.01)
            }
          })
  memory <- function() sum(gc()[, 2])
  before <- memory()
  set.seed(1)
  long <- darts_regressor(num_graph_nodes = 2, max_epochs = 1e7)
  first <- tryCatch(fit(long, y ~ x1 + x2, data = d), interrupt = function(e) "interrupted")
  after <- memory()
  options(cli.default_handler = NULL)
  list(first = first, events = events,
       rng_saved = !identical(get(".Random.seed", globalenv()), start),
       before = before, after = after, session = session_state(short, d))
}

# What an interrupt must leave, wherever it lands: the fit stopped, R's RNG
# state the one the engine left, not the one it started from, the bar that
# appeared cleared, memory in use (MB) back where it was (nothing of the
# engine's stays), and a session that fits reproducibly.
expect_clean_interrupt <- function(result) {
  expect_identical(result$first, "interrupted")
  expect_true(result$rng_saved)
  expect_identical(result$events[1], "status")
  expect_identical(result$events[length(result$events)], "status_clear")
  expect_lt(abs(result$after - result$before), 1)
  expect_session_sound(result$session)
}

test_that("an interrupt in the engine or in the progress bar's update stops a fit cleanly", {
  # In the bar's update (block = TRUE) the interrupt is R code's, inside the
  # engine's progress callback: it jumps out of the engine, past its normal
  # exit. Otherwise the engine's interrupt check catches it.
  skip_on_cran()
  skip_if_not_installed("callr")
  for (block in c(FALSE, TRUE)) {
    ready <- tempfile()
    worker <- callr::r_bg(interrupted_fit,
                          args = list(ready = ready, session_state = session_state,
                                      block = block),
                          libpath = worker_libpath())
    on.exit(worker$kill(), add = TRUE)
    expect_clean_interrupt(interrupt_when_ready(worker, ready))
  }
})

test_that("an interrupt stops a long polish, and the session polishes again", {
  skip_on_cran()
  skip_if_not_installed("callr")
  ready <- tempfile()
  worker <- callr::r_bg(function(ready) {
    library(dartsr)
    set.seed(1)
    # 129 coefficients on 200000 rows: seconds for each Levenberg-Marquardt
    # iteration, minutes for the polish.
    n <- 2e5
    x <- matrix(stats::runif(4 * n), n, 4)
    y <- matrix(rowSums(x) + stats::rnorm(n), n, 1)
    spec <- darts_regressor(num_graph_nodes = 8, primitives = "linear_tanh")
    E <- dartsr:::engine_n_edges(4, 8)
    model <- list(architecture = rep("linear_tanh", E), theta = array(0.1, c(E, 1, 2)),
                  weight = matrix(1, 1, 8), bias = 0)
    # Ready inside the handler's reach: an interrupt that lands before the
    # polish starts is caught too, rather than ending the child.
    first <- tryCatch({
      writeLines("ready", ready)
      dartsr:::engine_polish(spec, model, x, y, max_iterations = 1e6)
    }, interrupt = function(e) "interrupted")
    again <- dartsr:::engine_polish(spec, model, x[1:100, ], y[1:100, , drop = FALSE], 5)
    list(first = first, again = is.finite(again$loss))
  }, args = list(ready = ready), libpath = worker_libpath())
  on.exit(worker$kill(), add = TRUE)
  result <- interrupt_when_ready(worker, ready)
  expect_identical(result$first, "interrupted")
  expect_true(result$again)
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
