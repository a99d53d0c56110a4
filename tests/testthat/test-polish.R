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
  expect_identical(unname(f$network$architecture), c("mult", "linear_exp"))
  expect_equal(f$network$theta["x1 -> k1", "mult", 1], 2, tolerance = 1e-4)
  expect_equal(unname(f$network$theta["x2 -> k1", "linear_exp", 1:2]), c(5, 0),
               tolerance = 1e-4)
  expect_gt(f$r_squared, 1 - 1e-9)
  expect_lt(f$convergence$polish$loss_after, f$convergence$polish$loss_before)
})

test_that("without polishing the SGD result stands", {
  f <- true_architecture_fit(polish = FALSE)
  expect_equal(f$convergence$polish$iterations, 0L)
  expect_gt(abs(f$network$theta["x1 -> k1", "mult", 1] - 2), 1e-4)
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

test_that("an offset held by free_theta stays at 0, and the rest reach nls()'s fit", {
  # y = w / (a * x + b) with b held at 0 is c / x: its least squares are nls()'s.
  set.seed(8)
  d <- data.frame(x = runif(40, 0.5, 3))
  d$y <- 2 / (d$x + 0.1) + rnorm(40, sd = 0.01)
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", "affine_reciprocal"))
  theta <- array(0, c(1, 2, 2), list("x -> k1", c("none", "affine_reciprocal"), c("p1", "p2")))
  theta[1, "affine_reciprocal", ] <- c(1, 0)
  model <- list(architecture = "affine_reciprocal", theta = theta, weight = matrix(1, 1, 1),
                bias = 0, free_theta = matrix(c(TRUE, FALSE), 1, 2), free_bias = FALSE)
  x <- as.matrix(d["x"])
  polished <- dartsr:::engine_polish(spec, model, x, matrix(d$y), 200L)
  expect_identical(dartsr:::polished_model(model, polished)$theta[1, 2, 2], 0)
  reference <- nls(y ~ c / x, data = d, start = list(c = 1))
  expect_equal(polished$loss, sum(residuals(reference)^2), tolerance = 1e-8)
  # Free, the offset moves: the fit is better.
  model$free_theta <- NULL
  free <- dartsr:::engine_polish(spec, model, x, matrix(d$y), 200L)
  expect_lt(free$loss, polished$loss / 10)
})

test_that("the polish of a product node reaches nls()'s least squares", {
  # y = w * x / (a * x + b) + c: Michaelis-Menten with an offset, as one
  # product node of x and 1 / (a * x + b).
  set.seed(7)
  d <- data.frame(x = runif(50, 0.05, 3))
  d$y <- 2.5 * d$x / (d$x + 0.4) + 0.2 + rnorm(50, sd = 0.02)
  # A node takes one edge from each source: x twice takes a copy of it.
  d$x_copy <- d$x
  spec <- darts_regressor(num_graph_nodes = 1,
                          primitives = c("none", "add", "affine_reciprocal", "product"))
  edges <- dartsr:::edge_table(c("x", "x_copy"), 1)
  theta <- array(0, c(2, 3, 2), list(edges$name, c("none", "add", "affine_reciprocal"), c("p1", "p2")))
  theta[2, "affine_reciprocal", ] <- c(1, 1)
  model <- list(architecture = c("add", "affine_reciprocal"), node_kinds = "product",
                theta = theta, weight = matrix(1, 1, 1), bias = 0)
  x <- as.matrix(d[c("x", "x_copy")])
  polished <- dartsr:::engine_polish(spec, model, x, matrix(d$y), 200L)
  ours <- dartsr:::polished_model(model, polished)
  # The graph's w, a and b are one scale too many: nls() takes the law's two.
  reference <- nls(y ~ V * x / (x + K) + c, data = d, start = list(V = 2, K = 0.5, c = 0))
  expect_equal(polished$loss, sum(residuals(reference)^2), tolerance = 1e-8)
  predicted <- dartsr:::engine_predict(spec, ours, x, 1)
  expect_equal(as.vector(predicted), as.vector(fitted(reference)), tolerance = 1e-6)
})

test_that("an empty edge outside the search space is predicted and polished as none", {
  d <- seed_data()
  x <- as.matrix(d[c("x1", "x2")])
  y <- as.matrix(d["y"])
  with_none <- darts_regressor(num_graph_nodes = 1, primitives = c("none", "mult", "linear_exp"))
  without <- darts_regressor(num_graph_nodes = 1, primitives = c("mult", "linear_exp"))
  theta <- array(0.5, c(2, 3, 2))
  model <- list(architecture = c("none", "linear_exp"), theta = theta,
                weight = matrix(1, 1, 1), bias = 0)
  model_without <- model
  model_without$theta <- theta[, -1, , drop = FALSE]
  expect_equal(dartsr:::engine_predict(without, model_without, x, 1),
               dartsr:::engine_predict(with_none, model, x, 1))
  ours <- dartsr:::engine_polish(without, model_without, x, y)
  theirs <- dartsr:::engine_polish(with_none, model, x, y)
  expect_equal(ours$loss, theirs$loss)
  expect_equal(dartsr:::polished_model(model_without, ours)$theta,
               dartsr:::polished_model(model, theirs)$theta[, -1, , drop = FALSE])
  # Only "none" may name an edge outside the search space.
  model_without$architecture[1] <- "sin"
  expect_error(dartsr:::engine_predict(without, model_without, x, 1),
               class = "dartsr_error_invalid_fit")
})

test_that("a polish returns the entries of theta it fits, and starts from a start as written", {
  d <- seed_data()
  x <- as.matrix(d[c("x1", "x2")])
  y <- as.matrix(d["y"])
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", "mult", "linear_exp"))
  theta <- array(0.5, c(2, 3, 2))
  model <- list(architecture = c("mult", "linear_exp"), theta = theta,
                weight = matrix(1, 1, 1), bias = 0)
  polished <- dartsr:::engine_polish(spec, model, x, y, 50L)
  # mult's a at [1, 2, 1], linear_exp's a and b at [2, 3, 1] and [2, 3, 2]
  expect_identical(polished$edge_params_at, c(3L, 6L, 12L))
  whole <- dartsr:::polished_model(model, polished)$theta
  expect_identical(whole[-c(3, 6, 12)], theta[-c(3, 6, 12)])
  start <- list(at = c(3L, 12L), params = c(2, -0.3))
  written <- model
  written$theta[start$at] <- start$params
  expect_identical(dartsr:::engine_polish(spec, model, x, y, 50L, start = start),
                   dartsr:::engine_polish(spec, written, x, y, 50L))
  expect_error(dartsr:::engine_polish(spec, model, x, y, start = list(at = 13L, params = 1)),
               class = "dartsr_error_internal")
})

test_that("a polish from several starts keeps the first best, on any number of threads", {
  d <- seed_data()
  x <- as.matrix(d[c("x1", "x2")])
  y <- as.matrix(d["y"])
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", "mult", "linear_exp"))
  model <- list(architecture = c("mult", "linear_exp"), theta = array(0.5, c(2, 3, 2)),
                weight = matrix(1, 1, 1), bias = 0)
  polish_alone <- function(p) {
    dartsr:::engine_polish(spec, model, x, y, 20L, solve_output_layer = TRUE,
                           start = list(at = c(3L, 6L), params = p))
  }
  params <- list(c(0.1, -3), c(2, 4), c(-1, 1))
  alone <- lapply(params, polish_alone)
  losses <- vapply(alone, `[[`, numeric(1), "loss")
  best_alone <- which.min(losses)
  # A last start repeats the best: a tie, which the earlier start wins.
  params[[4]] <- params[[best_alone]]
  starts <- list(at = c(3L, 6L), params = params, weight = rep(list(matrix(1, 1, 1)), 4),
                 bias = list(0, 0, 0, 0))
  setup <- dartsr:::engine_setup(spec, 2, 1, "gaussian")
  for (threads in c(1L, 2L, 3L)) {
    setup$threads <- threads
    best <- dartsr:::engine_polish_starts(spec, model, x, y, starts, 20L,
                                          solve_output_layer = TRUE, setup = setup)
    expect_identical(best$best, best_alone)
    expect_identical(best[names(alone[[best_alone]])], alone[[best_alone]])
  }
  no_start <- starts
  no_start$params <- params[1:3]
  expect_error(dartsr:::engine_polish_starts(spec, model, x, y, no_start),
               class = "dartsr_error_internal")
})

test_that("a process forked after a threaded fit fits too, one thread a polish", {
  skip_on_os("windows")
  skip_on_cran()
  skip_if_not_installed("callr")
  # In a fresh R (a hang would end at the timeout, not stop the suite): a
  # fit, whose polishes start OpenMP's threads, then two fits in forked
  # children, which GCC's runtime would leave waiting for those threads.
  fits <- callr::r(function(data) {
    library(dartsr)
    spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 20,
                            param_updates_per_epoch = 10,
                            primitives = c("none", "add", "mult", "linear_exp"))
    one_fit <- function(seed) {
      set.seed(seed)
      coef(fit(spec, y ~ x1 + x2, data = data, verbose = FALSE))
    }
    parent <- one_fit(1)
    list(parent = parent, children = parallel::mclapply(1:2, one_fit, mc.cores = 2))
  }, args = list(data = seed_data()), libpath = worker_libpath(), timeout = 300)
  expect_identical(fits$children[[1]], fits$parent)
  expect_length(fits$children[[2]], length(fits$parent))
})

test_that("the option dartsr.threads is checked, and changes no fit", {
  d <- seed_data()
  threaded_fit <- function(threads) {
    withr::local_options(dartsr.threads = threads)
    set.seed(4)
    fit(quick_spec(), y ~ x1 + x2, data = d, verbose = FALSE)
  }
  one <- threaded_fit(1)
  two <- threaded_fit(2)
  expect_identical(equation(one), equation(two))
  expect_identical(coef(one), coef(two))
  for (bad in list(0, 1.5, NA, "2", c(1, 2))) {
    expect_error(threaded_fit(bad), "dartsr.threads", class = "dartsr_error_invalid_argument")
  }
})

test_that("the search polishes its sampled model only when it has few coefficients", {
  # Every edge linear, as the sampled model: 2 coefficients an edge, plus the
  # output layer. 12 nodes on 2 inputs have 90 edges, 193 coefficients; 13
  # nodes 104 edges, 222: more than the 200 the search polishes.
  d <- seed_data()
  polished <- function(nodes) {
    spec <- darts_regressor(num_graph_nodes = nodes, primitives = c("linear", "add"),
                            max_epochs = 1, refine_top = 0)
    set.seed(1)
    f <- fit(spec, y ~ x1 + x2, data = d, verbose = FALSE)
    f$alphas[, "linear"] <- 1
    f$alphas[, "add"] <- 0
    refit(f, max_epochs = 0, verbose = FALSE)$convergence$polish
  }
  expect_gt(polished(12)$iterations, 0)
  skipped <- polished(13)
  expect_equal(skipped$iterations, 0L)
  expect_true(is.na(skipped$loss_before))
})
