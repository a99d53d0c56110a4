# Shims over the engine's loss-and-gradient entry point for the gradient checks.

# A random mixture state for `spec` on inputs named `input_names`, with a
# trainable-looking classifier so that its gradients are exercised too.
random_state <- function(spec, input_names, n_outputs) {
  edges <- dartsr:::edge_table(input_names, spec$num_graph_nodes)
  state <- dartsr:::initial_state(spec, edges$name, n_outputs)
  state$alphas[] <- stats::rnorm(length(state$alphas))
  if (!is.null(state$node_alphas)) state$node_alphas[] <- stats::rnorm(length(state$node_alphas))
  state$weight[] <- stats::runif(length(state$weight), 0.5, 1.5)
  state$bias[] <- stats::runif(length(state$bias), -0.5, 0.5)
  state
}

# Central differences of the engine's loss w.r.t. every entry of state[[part]].
numeric_gradient <- function(spec, state, part, x, y, architecture = NULL,
                             h = 1e-6, node_kinds = NULL, weights = NULL, family = "gaussian") {
  loss_at <- function(value) {
    state[[part]][] <- value
    dartsr:::engine_loss_grad(spec, state, x, y, architecture, weights = weights, family = family,
                              node_kinds = node_kinds)$loss
  }
  v <- as.vector(state[[part]])
  vapply(seq_along(v), function(i) {
    up <- v
    down <- v
    up[i] <- v[i] + h
    down[i] <- v[i] - h
    (loss_at(up) - loss_at(down)) / (2 * h)
  }, numeric(1))
}

# Expect the analytic gradient of every part to match central differences,
# of the family's loss (R/data-loss.R) with case `weights`.
expect_gradients_match <- function(spec, state, x, y, architecture = NULL,
                                   parts = c("alphas", "theta", "weight", "bias"),
                                   node_kinds = NULL, weights = NULL, family = "gaussian") {
  analytic <- dartsr:::engine_loss_grad(spec, state, x, y, architecture, weights = weights,
                                        family = family, node_kinds = node_kinds)
  for (part in parts) {
    numeric <- numeric_gradient(spec, state, part, x, y, architecture, node_kinds = node_kinds,
                                weights = weights, family = family)
    scale <- max(1, abs(numeric))
    expect_equal(as.vector(analytic[[part]]) / scale, numeric / scale,
                 tolerance = 1e-6, label = paste("gradient of", part))
  }
}
