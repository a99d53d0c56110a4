# The network as expressions: the one way a sampled graph becomes mathematics.
#
# Every edge is its primitive's outer function (R/primitives.R) of the affine
# map of its source, in the equations' vocabulary (`logistic(u)`, `relu(u)`,
# `log(u)`, `1 / u`, `u^2`, `softplus(u, beta)`, ...); a node is the sum or
# the product of its edges; an output is bias + w1 * k1 + w2 * k2 + ... .
# The same expressions serve every reader:
# * the law (R/law.R) simplifies the outputs with the hidden nodes inlined;
# * the R code (R/expression.R) writes them in base R, with the engine's
#   domain guards or without (vocabulary_r());
# * the equations node by node and the graph's labels (R/equation.R,
#   R/graph.R) print them;
# * the sizes of the terms on the data (training_sizes()) evaluate them.
#
# They mirror the engine's arithmetic (src/primitives.c, src/network.c)
# operation by operation, so that evaluating them repeats predict() to
# rounding error: u = a * x + b, a node's terms in edge order (a sum from 0, a
# product from 1), the output as bias + w1 * k1 + ... A factor of 1, a
# constant of 0 and a weight of 0 are left out only where that changes no
# bit of the result.

# The nodes and outputs of `model` (architecture, theta, node_kinds, weight,
# bias) in a graph with these edges, as calls in `sources` (the inputs as
# calls or symbols). With `inline`, every node is written out where it is
# used; otherwise a node refers to earlier nodes by `node_symbols`. With
# `guards` (R code that reproduces the engine), a product node is held within
# +-1e30, as the engine holds it (see held_product_call()).
# Returns list(nodes, outputs): one call per hidden node, one per output
# (before the output function).
network_expressions <- function(model, edges, sources, inline = TRUE, node_symbols = NULL,
                                guards = FALSE) {
  K <- ncol(model$weight)
  p <- length(sources)
  kinds <- model_node_kinds(model)
  nodes <- vector("list", K)
  in_use <- model$architecture != "none"
  incoming_edges <- node_incoming_edges(edges, K)
  for (j in seq_len(K)) {
    # An empty edge adds nothing: its theta is not even looked up.
    incoming <- incoming_edges[[j]]
    terms <- lapply(incoming[in_use[incoming]], function(e) {
      primitive <- model$architecture[[e]]
      edge_expression(primitive, model$theta[e, primitive, ], sources[[edges$from_index[e]]])
    })
    nodes[[j]] <- node_expression(Filter(Negate(is.null), terms), kinds[[j]], guards)
    sources[[p + j]] <- if (inline) nodes[[j]] else node_symbols[[j]]
  }
  used <- if (inline) nodes else node_symbols
  outputs <- lapply(seq_len(nrow(model$weight)), function(c) {
    output_expression(model$weight[c, ], model$bias[[c]], used)
  })
  list(nodes = nodes, outputs = outputs)
}

# The kind of each hidden node of a model: "sum" unless it says otherwise (a
# fit saved before product nodes existed has no node_kinds).
model_node_kinds <- function(model) {
  kinds <- model$node_kinds
  if (is.null(kinds)) return(rep("sum", ncol(model$weight)))
  kinds
}

# One edge's operation on `input`: NULL for "none"; 0 for a `mult` by
# exactly 0. `params` holds the primitive's theta slots (a, b or beta in
# order; numbers, or symbols for a label).
edge_expression <- function(primitive, params, input) {
  if (primitive == "none") return(NULL)
  names <- primitive_params(primitive)
  values <- as.list(params)[seq_along(names)]
  a <- param_value(values, names, "a", 1)
  b <- param_value(values, names, "b", 0)
  if (primitive == "mult" && identical(a, 0)) return(0)
  beta <- param_value(values, names, "beta", 1)
  primitive_outer(primitive)$vocabulary(affine_call(a, b, input), beta)
}

param_value <- function(values, names, name, default) {
  i <- match(name, names)
  if (is.na(i)) default else values[[i]]
}

# `a * x + b` as the engine computes it.
affine_call <- function(a, b, input) {
  product <- if (is.numeric(a)) scaled_call(a, input) else call("*", a, input)
  if (!is.numeric(b)) return(call("+", product, b))
  if (b == 0) return(product)
  if (b < 0) return(call("-", product, -b))
  call("+", product, b)
}

# `w * node`; multiplying by 1 or -1 is exact, so those are left out.
scaled_call <- function(w, node) {
  if (w == 1) return(node)
  if (w == -1) return(call("-", node))
  call("*", w, node)
}

# A node of these terms: their sum from the left (0 when there are none), or
# their product (0 when there are no factors, as the engine has it; 0 when a
# factor is).
node_expression <- function(terms, kind, guards = FALSE) {
  if (kind == "product") {
    if (length(terms) == 0 || any(vapply(terms, identical, logical(1), 0))) return(0)
    product <- Reduce(function(lhs, factor) call("*", lhs, factor), terms[-1], terms[[1]])
    return(if (guards && length(terms) > 1) held_product_call(product) else product)
  }
  sum_calls(Filter(function(term) !identical(term, 0), terms))
}

# An output: bias + w1 * k1 + w2 * k2 + ..., in the engine's order, without
# a bias of 0 or the nodes of weight 0.
output_expression <- function(weights, bias, nodes) {
  terms <- if (bias != 0) list(bias) else list()
  for (j in seq_along(weights)) {
    w <- weights[[j]]
    if (w != 0) terms[[length(terms) + 1]] <- scaled_call(w, nodes[[j]])
  }
  sum_calls(terms)
}

# The sum of the terms, left to right; adding a negated term is written as a
# subtraction, which IEEE arithmetic computes to the same bits.
sum_calls <- function(terms) {
  if (length(terms) == 0) return(0)
  sum <- terms[[1]]
  for (term in terms[-1]) sum <- add_call(sum, term)
  sum
}

add_call <- function(lhs, term) {
  if (is.numeric(term) && term < 0) return(call("-", lhs, -term))
  if (is.call(term) && identical(term[[1]], as.name("-")) && length(term) == 2) {
    return(call("-", lhs, term[[2]]))
  }
  if (is.call(term) && identical(term[[1]], as.name("*")) && is.numeric(term[[2]]) &&
      term[[2]] < 0) {
    term[[2]] <- -term[[2]]
    return(call("-", lhs, term))
  }
  call("+", lhs, term)
}

# The engine holds a softplus's beta at least 1e-3 in size (0 counts as
# positive); a symbol (of a label) stays as it is.
guarded_beta <- function(beta) {
  if (!is.numeric(beta) || abs(beta) >= 1e-3) return(beta)
  if (beta < 0) -1e-3 else 1e-3
}

# ---- The vocabulary in base R -----------------------------------------------

# An expression of the vocabulary as base-R code, evaluable in baseenv(): the
# vocabulary's own functions written out (R/primitives.R, VOCABULARY), and,
# with `guards`, the engine's domain guards: exp(pmin(u, 50)), the guarded ln,
# for every `1 / u` -- in an unsimplified network only the reciprocal
# primitives divide -- u held at least 1e-6 in size, for every `u^2` -- a
# square primitive's -- the square held at most 1e30, and for every other
# `u^p` -- a power primitive's -- the engine's guarded power.
vocabulary_r <- function(e, guards = FALSE) {
  name <- call_name(e)
  if (name == "") return(e)
  for (i in seq_along(e)[-1]) e[[i]] <- vocabulary_r(e[[i]], guards)
  n <- length(e)
  if (guards && n == 3 && name == "/" && identical(e[[2]], 1)) {
    return(reciprocal_call(e[[3]], guards))
  }
  if (guards && n == 3 && name == "^" && identical(e[[3]], 2)) {
    return(call("pmin", e, SQUARE_MAX))
  }
  if (guards && n == 3 && name == "^") return(guarded_power_call(e[[2]], e[[3]]))
  fun <- VOCABULARY[[name]]
  if (is.null(fun)) return(e)
  do.call(fun$r, c(as.list(e)[-1], list(guards = guards)), quote = TRUE)
}

# The engine holds a product node within +-1e30 (DARTS_PRODUCT_MAX) and a
# square at most 1e30 (DARTS_SQUARE_MAX).
PRODUCT_MAX <- 1e30
SQUARE_MAX <- 1e30

held_product_call <- function(product) {
  call("pmax", call("pmin", product, PRODUCT_MAX), -PRODUCT_MAX)
}

logistic_call <- function(u) {
  call("/", 1, call("(", call("+", 1, call("exp", call("-", call("(", u))))))
}

reciprocal_call <- function(u, guards) {
  if (!guards) return(call("/", 1, u))
  held <- call("ifelse", call("<", call("abs", u), 1e-6),
               call("ifelse", call("<", u, 0), -1e-6, 1e-6), u)
  call("/", 1, held)
}

# u^p as the engine's power computes it: exp(p * ln(|u| + 1e-10)), its size
# held at most exp(50), for u > 0 and, for a whole p, for u < 0 too (with
# u's sign for an odd p); 0 for u = 0 and for u < 0 under any other p.
guarded_power_call <- function(u, p) {
  size <- function(base) {
    call("exp", call("pmin", call("*", p, call("log", call("+", base, 1e-10))), 50))
  }
  if (!(is.numeric(p) && is_whole(p))) {
    return(call("ifelse", call(">", u, 0), size(call("pmax", u, 0)), 0))
  }
  power <- size(call("abs", u))
  if (p %% 2 != 0) power <- call("*", call("sign", u), power)
  call("ifelse", call("==", u, 0), 0, power)
}

ln_call <- function(u, guards) {
  if (!guards) return(call("log", u))
  call("ifelse", call(">", u, 0), call("log", call("+", call("pmax", u, 0), 1e-10)), 0)
}

# softplus(u) = log(1 + exp(beta * u)) / beta; guarded, the engine's
# overflow-free (max(z, 0) + log1p(exp(-|z|))) / beta with z = beta * u.
softplus_call <- function(u, beta, guards) {
  z <- call("*", beta, u)
  inner <- if (guards) {
    call("(", call("+", call("pmax", z, 0), call("log1p", call("exp", call("-", call("abs", z))))))
  } else {
    call("log1p", call("exp", z))
  }
  call("/", inner, beta)
}
