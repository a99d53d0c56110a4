# The values of a network on data and the sizes of its terms: what decides
# which terms an equation shows (the equations node by node, the graph's
# labels) and which the refinement prunes as too small to matter.

# A model's network on the rows of `x`: what training_sizes(), shown_edges()
# and weighted_node_sizes() read. A fit is one (its model on its training
# rows); the refinement makes one of each model it prunes (see
# prune_model()).
network_on_rows <- function(model, x, edges, spec, input_names) {
  list(network = model, x = x, edges = edges, spec = spec, input_names = input_names)
}

# How large every source and every edge's term get on the training data (the
# largest absolute value): `sources`, the inputs then the hidden nodes;
# `edges`, the term each edge adds to its node (0 for "none"). Non-finite
# values are left out; a source or term that is 0 everywhere has size 0.
# `object`, a fit or a network_on_rows().
training_sizes <- function(object) {
  values <- network_values(object$network, object$edges, object$x)
  edge_sizes <- vapply(values$terms, function(v) if (is.null(v)) 0 else size_of(v), numeric(1))
  list(sources = vapply(values$sources, size_of, numeric(1)), edges = edge_sizes)
}

# The values of a model's network on the rows of `x`: `sources`, the inputs
# then the hidden nodes (evaluated node by node, under names of their own,
# since an input may be called k1 in a hand-made fit, and with the engine's
# guards); `terms`, the term each edge adds to its node (NULL for "none").
network_values <- function(model, edges, x) {
  p <- ncol(x)
  K <- ncol(model$weight)
  values <- lapply(seq_len(p), function(i) x[, i])
  symbols <- lapply(sprintf(".source%d", seq_len(p + K)), as.name)
  kinds <- model_node_kinds(model)
  edge_terms <- vector("list", nrow(edges))
  env <- new.env(parent = baseenv())
  incoming_edges <- node_incoming_edges(edges, K)
  for (j in seq_len(K)) {
    terms <- list()
    for (e in incoming_edges[[j]]) {
      primitive <- model$architecture[[e]]
      term <- edge_expression(primitive, model$theta[e, primitive, ], symbols[[edges$from_index[e]]])
      if (is.null(term)) next
      assign(as.character(symbols[[edges$from_index[e]]]), values[[edges$from_index[e]]],
             envir = env)
      term_values <- rep_len(eval(vocabulary_r(term, guards = TRUE), env), nrow(x))
      edge_terms[[e]] <- term_values
      terms[[length(terms) + 1]] <- term_values
    }
    values[[p + j]] <- node_values_of(terms, kinds[[j]], nrow(x))
  }
  list(sources = values, terms = edge_terms)
}

# A node's values from its terms' values, as the engine adds or multiplies
# them.
node_values_of <- function(terms, kind, n) {
  if (length(terms) == 0) return(numeric(n))
  if (kind == "product") return(pmax(pmin(Reduce(`*`, terms), PRODUCT_MAX), -PRODUCT_MAX))
  Reduce(`+`, terms, numeric(n))
}

# Whether a denominator of the network changes sign across the rows of `x`:
# the argument of a reciprocal, or the base of a power with a negative
# exponent, positive on some rows and negative on others. Between two such
# rows the law has a pole, where it predicts without bound:
# 17.9 * exp(-0.406 * conc) / (conc - 11) + 1.65 fitted 16 rows of a DNase
# assay, concentrations 6.25 and 12.5 among them, and ran from -23 to 14
# between them where the response stays within 0 and 2.
pole_between_rows <- function(model, edges, x) {
  in_use <- which(model$architecture != "none")
  dividing <- in_use[vapply(in_use, divides_by_argument, logical(1), model = model)]
  if (length(dividing) == 0) return(FALSE)
  sources <- network_values(model, edges, x)$sources
  for (e in dividing) {
    u <- edge_argument(model, e, edges, sources)
    if (any(u > 0) && any(u < 0)) return(TRUE)
  }
  FALSE
}

# Whether edge `e` divides by its argument: a reciprocal, or a power with a
# negative exponent.
divides_by_argument <- function(e, model) {
  primitive <- model$architecture[[e]]
  kind <- primitive_kind(primitive)
  if (kind == "reciprocal") return(TRUE)
  beta <- param_value(as.list(model$theta[e, primitive, ]), primitive_params(primitive), "beta", 1)
  kind == "power" && beta < 0
}

# The argument u = a * s + b (or a * s, or s) of edge `e`'s function, on the
# values of its source among `sources` (see network_values()).
edge_argument <- function(model, e, edges, sources) {
  primitive <- model$architecture[[e]]
  names <- primitive_params(primitive)
  theta <- as.list(model$theta[e, primitive, ])
  param_value(theta, names, "a", 1) * sources[[edges$from_index[e]]] +
    param_value(theta, names, "b", 0)
}

size_of <- function(v) {
  v <- abs(v[is.finite(v)])
  if (length(v) == 0) 0 else max(v)
}

# The edges whose terms an equation shows: those that contribute, less those
# negligible against the largest term of their node. Every factor of a
# product node is shown: a small factor scales the whole product.
shown_edges <- function(object, digits, sizes = training_sizes(object)) {
  edges <- object$edges
  shown <- contributing_edges(object)
  sums <- model_node_kinds(object$network) == "sum"
  incoming_edges <- node_incoming_edges(edges)
  for (j in unique(edges$to_index[sums[edges$to_index]])) {
    incoming <- incoming_edges[[j]][shown[incoming_edges[[j]]]]
    largest_term <- largest_finite(sizes$edges[incoming])
    for (e in incoming) {
      if (negligible_term(sizes$edges[[e]], largest_term, digits)) shown[e] <- FALSE
    }
  }
  shown
}

# Edges that add something to their node: not "none", and not a `mult` by
# exactly 0.
contributing_edges <- function(object) {
  architecture <- object$network$architecture
  vapply(seq_along(architecture), function(e) {
    architecture[[e]] != "none" &&
      !(architecture[[e]] == "mult" && edge_params(object, e)[[1]] == 0)
  }, logical(1))
}

# How large each weighted node `w_j * k_j` of output `c` gets on the training
# data.
weighted_node_sizes <- function(object, c, sizes = training_sizes(object)) {
  weight <- object$network$weight
  abs(weight[c, ]) * sizes$sources[length(object$input_names) + seq_len(ncol(weight))]
}

# Whether a term that reaches `size` on the training data is negligible next
# to a term of `largest` size. A term that is 0 on all the data is kept: it
# is 0 there, not everywhere.
negligible_term <- function(size, largest, digits) {
  is.finite(size) && size > 0 && negligible_constant(size, largest, digits)
}

# Whether the constant `b`, added to a term whose largest size is `size`, is
# zero or below the last significant digit that `digits` shows of that size.
negligible_constant <- function(b, size, digits) {
  if (b == 0) return(TRUE)
  if (!is.finite(size) || size <= 0) return(FALSE)
  abs(b) < 0.5 * 10^(floor(log10(size)) - digits + 1)
}

largest_finite <- function(v) {
  max(c(0, v[is.finite(v)]))
}

# The operation parameters of edge `e` in the sampled model, as stored in the
# theta slots of its chosen primitive.
edge_params <- function(object, e) {
  object$network$theta[e, object$network$architecture[[e]], ]
}
