# Inputs and evaluation shared by the tests of the law: a grid of values for
# each input name the tests use, and a call of the vocabulary evaluated there
# as base R.

simplify_grid <- function() {
  list(
    x = seq(0.1, 3, length.out = 13),
    x1 = seq(0.2, 2.5, length.out = 13),
    x2 = seq(-1, 1, length.out = 13),
    z = seq(0.3, 4, length.out = 13),
    y = seq(0.5, 1.5, length.out = 13)
  )
}

evaluate_call <- function(e, data = simplify_grid()) {
  value <- eval(vocabulary_r(e), list2env(data, parent = baseenv()))
  rep_len(value, length(data[[1]]))
}

# A one-node model of `primitive` on x1 (parameters 0.7, 0.3, or beta 1.6)
# plus x2, with output weight 1.3 and bias 0.2.
one_primitive_model <- function(primitive) {
  spec <- darts_regressor(num_graph_nodes = 1, primitives = unique(c("none", "add", primitive)))
  edges <- dartsr:::edge_table(c("x1", "x2"), 1)
  theta <- array(0, c(2, length(spec$primitives), 2), list(edges$name, spec$primitives, c("p1", "p2")))
  params <- dartsr:::primitive_params(primitive)
  theta[1, primitive, seq_along(params)] <- c(a = 0.7, b = 0.3, beta = 1.6)[params]
  model <- list(architecture = stats::setNames(c(primitive, "add"), edges$name), theta = theta,
                weight = matrix(1.3, 1, 1), bias = 0.2)
  list(spec = spec, edges = edges, model = model)
}
