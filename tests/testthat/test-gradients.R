# Analytic gradients of the engine against central finite differences.

gradient_data <- function(n = 40, p = 2, n_outputs = 1, positive_y = FALSE) {
  x <- matrix(stats::runif(n * p, 0.2, 1.5), n, p,
              dimnames = list(NULL, paste0("x", seq_len(p))))
  y <- matrix(stats::rnorm(n * n_outputs), n, n_outputs,
              dimnames = list(NULL, paste0("y", seq_len(n_outputs))))
  if (positive_y) y[] <- stats::runif(length(y))
  list(x = x, y = y)
}

test_that("every primitive's gradients match finite differences", {
  table <- darts_primitives()
  for (primitive in setdiff(table$name[table$kind == "edge"], "none")) {
    set.seed(1)
    spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", primitive))
    d <- gradient_data(p = 1)
    state <- random_state(spec, "x1", 1)
    expect_gradients_match(spec, state, d$x, d$y)
  }
})

test_that("a 3-node mixture's gradients match, for both DARTS types", {
  # Smooth primitives only: the kinks of relu and ln and the steep reciprocal
  # make central differences, not the analytic gradients, inaccurate when a
  # hidden node's value passes near them (each is checked alone above).
  primitives <- c("none", "add", "subtract", "mult", "linear", "linear_exp",
                  "linear_logistic", "linear_sin", "linear_tanh", "linear_softplus",
                  "linear_softminus", "linear_cos")
  for (type in c("original", "fair")) {
    set.seed(2)
    spec <- darts_regressor(num_graph_nodes = 3, primitives = primitives,
                            darts_type = type)
    d <- gradient_data(p = 2)
    state <- random_state(spec, c("x1", "x2"), 1)
    state$theta[] <- state$theta * 0.5
    expect_gradients_match(spec, state, d$x, d$y)
  }
})

test_that("gradients match for every output type and several outputs", {
  types <- c("real", "probability", "probability_sample", "sigmoid",
             "probability_distribution")
  for (type in types) {
    set.seed(3)
    spec <- darts_regressor(num_graph_nodes = 2, output_type = type,
                            primitives = c("none", "mult", "linear_tanh", "cos"))
    d <- gradient_data(p = 2, n_outputs = 3, positive_y = TRUE)
    if (type == "probability_distribution") d$y <- d$y / rowSums(d$y)
    state <- random_state(spec, c("x1", "x2"), 3)
    expect_gradients_match(spec, state, d$x, d$y)
  }
})

test_that("the deviances' and case weights' gradients match, of a mixture and of a model", {
  primitives <- c("none", "mult", "linear_tanh", "linear_exp")
  cases <- list(
    list(family = "gaussian", output_type = "real", outputs = 1),
    # Choices (0/1) and proportions (successes of trials, weighted by trials).
    list(family = "binomial", output_type = "probability", outputs = 1),
    list(family = "binomial", output_type = "sigmoid", outputs = 1),
    list(family = "multinomial", output_type = "probability_distribution", outputs = 3)
  )
  for (case in cases) {
    set.seed(7)
    spec <- darts_regressor(num_graph_nodes = 2, output_type = case$output_type,
                            primitives = primitives)
    d <- gradient_data(p = 2, n_outputs = case$outputs, positive_y = TRUE)
    if (case$family == "binomial") d$y[] <- round(d$y)
    if (case$family == "multinomial") d$y <- d$y / rowSums(d$y)
    weights <- stats::runif(nrow(d$x), 0, 3)
    weights[c(2, 5)] <- 0
    state <- random_state(spec, c("x1", "x2"), case$outputs)
    for (w in list(NULL, weights)) {
      expect_gradients_match(spec, state, d$x, d$y, weights = w, family = case$family)
      architecture <- c("mult", "linear_exp", "linear_tanh", "none", "mult")
      expect_gradients_match(spec, state, d$x, d$y, architecture, parts = c("theta", "weight", "bias"),
                             weights = w, family = case$family)
    }
  }
  # A weight of 2 is the row twice, in the gradient as in the loss.
  spec <- darts_regressor(num_graph_nodes = 1, output_type = "probability",
                          primitives = c("none", "linear_exp"))
  d <- gradient_data(p = 1, positive_y = TRUE)
  d$y[] <- round(d$y)
  state <- random_state(spec, "x1", 1)
  twice <- c(1:nrow(d$x), 1)
  weighted <- dartsr:::engine_loss_grad(spec, state, d$x, d$y, weights = c(2, rep(1, nrow(d$x) - 1)),
                                        family = "binomial")
  repeated <- dartsr:::engine_loss_grad(spec, state, d$x[twice, , drop = FALSE],
                                        d$y[twice, , drop = FALSE], family = "binomial")
  for (part in c("loss", "alphas", "theta", "weight", "bias")) {
    expect_equal(weighted[[part]], repeated[[part]], tolerance = 1e-12, info = part)
  }
})

test_that("a sampled model's gradients match and only its primitives count", {
  set.seed(4)
  primitives <- c("none", "add", "mult", "linear_exp", "sin")
  spec <- darts_regressor(num_graph_nodes = 3, primitives = primitives)
  d <- gradient_data(p = 2)
  state <- random_state(spec, c("x1", "x2"), 1)
  architecture <- c("mult", "linear_exp", "sin", "none", "add", "linear_exp",
                    "mult", "add", "sin")
  expect_gradients_match(spec, state, d$x, d$y, architecture,
                         parts = c("theta", "weight", "bias"))
  grads <- dartsr:::engine_loss_grad(spec, state, d$x, d$y, architecture)
  unused <- outer(architecture, primitives, `!=`)
  expect_true(all(array(grads$theta, dim(state$theta))[, , 1][unused] == 0))
})

test_that("a model's empty edge adds nothing, in a space without \"none\"", {
  set.seed(5)
  with_none <- darts_regressor(num_graph_nodes = 2, primitives = c("none", "mult", "sin"))
  without <- darts_regressor(num_graph_nodes = 2, primitives = c("mult", "sin"))
  d <- gradient_data(p = 2)
  state <- random_state(with_none, c("x1", "x2"), 1)
  architecture <- c("mult", "none", "sin", "none", "mult")
  # The same model in the space without "none": theta without its column.
  state_without <- state
  state_without$alphas <- state$alphas[, -1, drop = FALSE]
  state_without$theta <- state$theta[, -1, , drop = FALSE]
  expect_gradients_match(without, state_without, d$x, d$y, architecture,
                         parts = c("theta", "weight", "bias"))
  ours <- dartsr:::engine_loss_grad(without, state_without, d$x, d$y, architecture)
  theirs <- dartsr:::engine_loss_grad(with_none, state, d$x, d$y, architecture)
  expect_equal(ours$loss, theirs$loss)
  expect_equal(array(ours$theta, dim(state_without$theta)),
               array(theirs$theta, dim(state$theta))[, -1, , drop = FALSE])
  expect_equal(ours$weight, theirs$weight)
})

test_that("a mixture with product nodes: gradients of every part and of the kind weights", {
  # Every node mixes its sum and its product; "none" is a factor 1 of the
  # product, so its architecture weight has a gradient from products too.
  primitives <- c("none", "add", "mult", "linear", "linear_exp", "linear_logistic",
                  "linear_square", "affine_reciprocal", "product")
  for (type in c("original", "fair")) {
    set.seed(5)
    spec <- darts_regressor(num_graph_nodes = 3, primitives = primitives, darts_type = type)
    d <- gradient_data(p = 2)
    state <- random_state(spec, c("x1", "x2"), 1)
    state$theta[, "affine_reciprocal", 2] <- 3 # the reciprocal's pole away from the data
    state$theta[] <- state$theta * 0.5
    expect_gradients_match(spec, state, d$x, d$y,
                           parts = c("alphas", "node_alphas", "theta", "weight", "bias"))
  }
})

test_that("a sampled model's product nodes: gradients match, none edges are factors of 1", {
  set.seed(6)
  primitives <- c("none", "add", "mult", "linear", "linear_exp", "affine_reciprocal",
                  "product")
  spec <- darts_regressor(num_graph_nodes = 3, primitives = primitives)
  d <- gradient_data(p = 2)
  state <- random_state(spec, c("x1", "x2"), 1)
  state$theta[, "affine_reciprocal", 2] <- 3
  architecture <- c("add", "linear_exp", "linear", "none", "affine_reciprocal", "mult",
                    "add", "none", "linear")
  kinds <- c("product", "product", "sum")
  expect_gradients_match(spec, state, d$x, d$y, architecture,
                         parts = c("theta", "weight", "bias"), node_kinds = kinds)
  # The engine's model value is the product of its factors.
  model <- list(architecture = architecture, node_kinds = kinds, theta = state$theta,
                weight = state$weight, bias = state$bias)
  theta <- state$theta
  k1 <- d$x[, 1] * exp(theta[2, "linear_exp", 1] * d$x[, 2] + theta[2, "linear_exp", 2])
  k2 <- (theta[3, "linear", 1] * d$x[, 1] + theta[3, "linear", 2]) *
    (1 / (theta[5, "affine_reciprocal", 1] * k1 + theta[5, "affine_reciprocal", 2]))
  k3 <- theta[6, "mult", 1] * d$x[, 1] + d$x[, 2] + theta[9, "linear", 1] * k2 +
    theta[9, "linear", 2]
  expected <- state$bias + state$weight[1] * k1 + state$weight[2] * k2 + state$weight[3] * k3
  expect_equal(as.vector(dartsr:::engine_predict(spec, model, d$x, 1)), expected,
               tolerance = 1e-12)
})

test_that("the gradient entry point refuses a model or state of the wrong size", {
  spec <- darts_regressor(num_graph_nodes = 2, primitives = c("none", "mult"))
  d <- gradient_data(p = 2)
  state <- random_state(spec, c("x1", "x2"), 1)
  expect_error(dartsr:::engine_loss_grad(spec, state, d$x, d$y, architecture = c("mult", "mult")),
               class = "dartsr_error_invalid_fit")
  state$theta <- state$theta[1:3]
  expect_error(dartsr:::engine_loss_grad(spec, state, d$x, d$y), class = "dartsr_error_invalid_fit")
})
