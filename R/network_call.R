# The sampled network as one expression per output.
#
# The network stays the computational model (the engine predicts with it);
# this file writes it as mathematics: hidden nodes inlined, each edge's
# primitive in the vocabulary of R/simplify.R (`logistic(u)`, `relu(u)`,
# `log(u)`, `softplus(u, beta)`, ...), every coefficient a number. The
# simplifier then rewrites that call exactly into the equation a user reads.
#
# Inputs stay symbols named like the design columns (`log(dose)` is one symbol
# here), so the simplifier never looks inside a transformed term; the R code
# substitutes the terms' own calls afterwards (see law_r_code()).

# One call per output, before simplification and before the output function
# (logistic, softmax), which the law adds.
network_calls <- function(model, edges, input_names) {
  K <- ncol(model$weight)
  sources <- lapply(input_names, as.name)
  p <- length(sources)
  nodes <- vector("list", K)
  for (j in seq_len(K)) {
    used <- which(edges$to_index == j & model$architecture != "none")
    terms <- lapply(used, function(e) {
      primitive <- model$architecture[[e]]
      vocabulary_edge_call(primitive, model$theta[e, primitive, ], sources[[edges$from_index[e]]])
    })
    nodes[[j]] <- plain_sum(Filter(Negate(is.null), terms))
    sources[[p + j]] <- nodes[[j]]
  }
  lapply(seq_len(nrow(model$weight)), function(c) {
    terms <- lapply(seq_len(K), function(j) call("*", model$weight[c, j], nodes[[j]]))
    plain_sum(c(terms, list(model$bias[[c]])))
  })
}

plain_sum <- function(terms) {
  if (length(terms) == 0) return(0)
  Reduce(function(lhs, term) call("+", lhs, term), terms[-1], terms[[1]])
}

# One edge's operation on `input` in the simplifier's vocabulary; NULL for
# "none". `params` holds the primitive's theta slots (a, b or beta in order).
vocabulary_edge_call <- function(primitive, params, input) {
  if (primitive == "none") return(NULL)
  names <- primitive_params(primitive)
  values <- params[seq_along(names)]
  a <- param_value(values, names, "a", 1)
  b <- param_value(values, names, "b", 0)
  u <- if ("b" %in% names) call("+", call("*", a, input), b) else if ("a" %in% names) call("*", a, input) else input
  beta <- guarded_beta(param_value(values, names, "beta", 1))
  primitive_outer(primitive)$vocabulary(u, beta)
}
