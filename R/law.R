# The law: the equation of a sampled model as a user reads it.
#
# network_expressions() writes the network as one call per output; simplify_call()
# rewrites each exactly (hidden nodes inlined, constants folded, standard forms
# recognised). A law records those calls, their complexity and their shape (the
# calls with every free constant replaced by a placeholder), the key by which
# graphs that write the same equation are fitted once.
#
# Complexity, one definition used everywhere (the front, the selection, the
# docs): the operations of the simplified expression plus its free numeric
# constants (see call_complexity()). `2 * x1 + exp(5 * x2)` has 4 operations
# and 2 constants: complexity 6.

# The law of `model` (architecture, theta, weight, bias) in a graph with these
# edges and inputs. `scale`, the size of the outputs on the data, lets a
# constant left over from cancellation at the level of rounding go (see
# without_rounding_residue()).
# `memo` (see simplify_memo()) serves a caller that writes many laws.
model_law <- function(model, edges, input_names, output_type, scale = NULL,
                      with_constants = TRUE, memo = NULL) {
  if (inlined_size(model$architecture, edges, length(input_names)) > LAW_MAX_SIZE) {
    return(structural_law(model, output_type))
  }
  raw <- network_expressions(model, edges, lapply(input_names, as.name))$outputs
  simplified <- lapply(raw, simplify_call, memo = memo)
  if (!is.null(scale)) simplified <- lapply(simplified, without_rounding_residue, scale)
  # One rewriting of negative numbers serves both the shape and the count.
  literal <- lapply(simplified, negative_literals)
  shapes <- lapply(literal, shape_of)
  # Complexity is counted on the canonical form, which the way it is written
  # (with_unit_denominators()) does not change.
  complexity <- literal_law_complexity(literal, output_type)
  if (with_constants) simplified <- lapply(simplified, with_unit_denominators)
  # The shape's placeholders count the constants too (a generic model's law
  # needs no more than that).
  constants <- if (with_constants) lapply(simplified, function(e) constants_in(negative_literals(e)))
  list(
    calls = simplified,
    output_type = output_type,
    complexity = complexity,
    constants = constants,
    n_constants = if (with_constants) sum(lengths(constants)) else {
      sum(vapply(shapes, function(s) sum(all.names(s) == ".c"), numeric(1)))
    },
    shape = paste(vapply(shapes, deparse_one_line, character(1)), collapse = "; ")
  )
}

# The simplifier writes a sum inside a product or power monic (`2.5 * x / (x
# + 0.4)`). Where scaling a sum to a constant term of 1 instead makes the
# term's coefficient 1 at the digits printed, that form reads simpler:
# `A / (0.1 * D + 1)` rather than `10 * A / (D + 10)`. Both are exact
# rewritings with the same constants' count; this one only changes how the
# law is written.
with_unit_denominators <- function(e, digits = 3) {
  terms <- as_terms(e)
  changed <- FALSE
  for (i in seq_along(terms$coefs)) {
    factor <- terms$factors[[i]]
    if (is.null(factor)) next
    powers <- factor_powers(factor)
    for (k in seq_along(powers$bases)) {
      base_terms <- as_terms(powers$bases[[k]])
      if (length(base_terms$coefs) < 2 || !is_whole(powers$powers[k])) next
      form <- combine_terms(base_terms)
      if (form$constant == 0) next
      coef <- terms$coefs[i] * form$constant^powers$powers[k]
      if (console_number(coef, digits) != "1") next
      form$coefs <- form$coefs / form$constant
      form$constant <- 1
      powers$bases[[k]] <- build_sum(form)
      terms$coefs[i] <- coef
      terms$factors[[i]] <- build_factor(powers$bases, powers$powers)
      changed <- TRUE
      break
    }
  }
  if (!changed) return(e)
  build_sum(combine_terms(terms))
}

# The free constants of a simplified call, in the order the equation prints
# them, each with the sign it has there: in `y = 2 * x1 - 0.4 * x2 + 3` they
# are 2, -0.4 and 3. A literal 1 (of `1 / u`, of a denominator `0.1 * D + 1`),
# a whole exponent (of `u^2`) and a softplus beta of exactly 1 are
# structure, not constants. A hidden node used twice is written out twice,
# its constants with it (`3.97 * exp(-0.798 * x) + 2.1 * logistic(5 *
# exp(-0.798 * x))`): a value that appears again, with the same sign, is the
# same constant, listed once -- counted twice, the data could not tell the
# two apart and the information matrix would be singular.
constants_in <- function(e) {
  walk_constants(e)$values
}

# The call with its constants replaced by the symbols `names`, in the order
# constants_in() lists them, a minus before a constant folded into it:
# `2 * x1 - 0.4 * x2` becomes `b1 * x1 + b2 * x2`.
symbolic_call <- function(e, names) {
  walk_constants(e, names)$call
}

# One walk for both: the constants with their printed signs, and the call
# with each constant replaced by its symbol, `names[i]` for the i-th distinct
# constant (`.b<i>` without names).
walk_constants <- function(e, names = NULL) {
  values <- numeric()
  # Set by a minus before a term: the term's leading constant takes it.
  negate_next <- FALSE
  symbol <- function(i) as.name(if (is.null(names)) paste0(".b", i) else names[i])
  walk <- function(e) {
    e <- without_parentheses(e)
    if (is.numeric(e)) {
      value <- if (negate_next) -e else e
      negate_next <<- FALSE
      i <- match(value, values)
      if (is.na(i)) {
        values[length(values) + 1L] <<- value
        i <- length(values)
      }
      return(symbol(i))
    }
    name <- call_name(e)
    if (name == "") return(e)
    n <- length(e)
    if (name == "-" && n == 2 && carries_constant(without_parentheses(e[[2]]))) {
      return(negated_walk(e[[2]]))
    }
    if (name == "-" && n == 3 && carries_constant(without_parentheses(e[[3]]))) {
      return(call("+", walk(e[[2]]), negated_walk(e[[3]])))
    }
    if (name == "/" && n == 3 && is.numeric(e[[2]]) && e[[2]] == 1) return(call("/", 1, walk(e[[3]])))
    if (name == "^" && n == 3 && is_whole_exponent(e[[3]])) return(call("^", walk(e[[2]]), e[[3]]))
    if ((name == "softplus" || name == "softminus") && n == 3 && is.numeric(e[[3]]) &&
        e[[3]] == 1) {
      return(call(name, walk(e[[2]]), 1))
    }
    for (k in seq_along(e)[-1]) {
      e[[k]] <- if (has_factor_arguments(name) && is_unit_offset_sum(e[[k]])) {
        unit_offset_sum_of(e[[k]], walk)
      } else {
        walk(e[[k]])
      }
    }
    e
  }
  # A term after a minus whose sign sits in its leading constant: that
  # constant is negative in the equation.
  negated_walk <- function(term) {
    negate_next <<- TRUE
    walk(term)
  }
  call <- walk(negative_literals(e))
  list(call = call, values = values)
}

without_parentheses <- function(e) {
  while (call_name(e) == "(") e <- e[[2]]
  e
}

# The names coef() gives the law's constants, one vector per output: b1, b2,
# ... in the order the equation prints them (for several outputs,
# `<output>:b1`, ...).
constant_names <- function(law, output_names) {
  lapply(seq_along(law$constants), function(c) {
    k <- seq_along(law$constants[[c]])
    if (length(k) == 0) return(character())
    if (length(output_names) == 1) paste0("b", k) else paste0(output_names[c], ":b", k)
  })
}

# The law's constants as a named vector (see constant_names()).
law_coefficients <- function(law, output_names) {
  stats::setNames(as.numeric(unlist(law$constants, use.names = FALSE)),
                  as.character(unlist(constant_names(law, output_names))))
}

# Inlining hidden nodes can multiply a graph's size: in a dense graph every
# node takes in every earlier one, so the written-out equation doubles with
# each node. Past this many operations (about a page of formula) a graph is
# not written as one equation, and not simplified.
LAW_MAX_SIZE <- 400

# The number of operations of the graph's outputs with every hidden node
# written out in place (edges come node by node, so one pass suffices).
inlined_size <- function(architecture, edges, n_inputs) {
  K <- hidden_node_count(edges)
  size <- c(rep(0, n_inputs), numeric(K))
  for (e in which(architecture != "none")) {
    to <- n_inputs + edges$to_index[e]
    size[to] <- size[to] + 2 + size[edges$from_index[e]]
  }
  sum(size[n_inputs + seq_len(K)])
}

# A law too large to write out: no calls (the equations are then given node
# by node), its complexity and constants counted on the graph (each operation
# one plus its parameters; every output weight and bias).
structural_law <- function(model, output_type) {
  n_params <- sum(lengths(lapply(model$architecture, primitive_params)))
  n_classifier <- length(model$weight) + length(model$bias)
  list(calls = NULL, output_type = output_type, constants = NULL,
       complexity = sum(primitive_dof(unname(model$architecture))) + n_classifier,
       n_constants = n_params + n_classifier,
       shape = paste(model$architecture, collapse = ","), exact = FALSE)
}

deparse_one_line <- function(e) {
  paste(deparse(e, width.cutoff = 500L), collapse = "")
}

# A guard that binds -- an exp capped, the ln of a number below 0 held at 0,
# a reciprocal clamped -- changes a prediction by far more than this. The ln
# that never binds still adds 1e-10 to its argument (the engine's
# DARTS_LN_EPS): in a power law exp(p * ln(a * x)), where the exponent's
# offset leaves the scale `a` free, the polish can take a * x down to 1e-3,
# and the law differs from the network by 1e-7 of its size (2 * N^-0.4 +
# 0.5 was dropped from the front for it).
LAW_MATCH_TOLERANCE <- 1e-6

# The law of a fit's model, with whether it is an exact rewriting of the
# network on the training rows (on at most 1000 of them, evenly spaced).
fit_law <- function(fit) {
  law <- model_law(fit$network, fit$edges, fit$input_names, fit$spec$output_type,
                   scale = max(abs(fit$fitted.values)))
  rows <- evenly_spaced_rows(nrow(fit$x), 1000)
  law$exact <- law_matches(law, fit$x[rows, , drop = FALSE],
                           fit$fitted.values[rows, , drop = FALSE])
  law
}

# A sum's constant term below 1e-10 of the output's size is what is left when
# two constants of the network cancel (a bias and a linear edge's offset):
# rounding, not a term of the law. Dropping it changes the values by less than
# the tolerance to which the law must match the network.
without_rounding_residue <- function(call, scale) {
  if (!is.call(call) || !identical(call[[1]], as.name("+")) && !identical(call[[1]], as.name("-"))) {
    return(call)
  }
  if (length(call) != 3 || !is.numeric(call[[3]])) return(call)
  if (abs(call[[3]]) < 1e-10 * scale) call[[2]] else call
}

# The fit's law: stored with the fit, or, for a fit saved by a version of
# dartsr that did not store it, worked out now.
law_of <- function(fit) {
  if (is.null(fit$law)) fit_law(fit) else fit$law
}

# The output function (logistic, softmax) is one operation more per output.
law_complexity <- function(calls, output_type) {
  literal_law_complexity(lapply(calls, negative_literals), output_type)
}

# The same, of calls whose negative numbers are literals already (see
# negative_literals()).
literal_law_complexity <- function(literal, output_type) {
  wrapped <- if (output_type == "real") 0 else length(literal)
  sum(vapply(literal, function(e) as.integer(complexity_of(e, NULL)), numeric(1))) + wrapped
}

# The law's outputs as base-R calls in the inputs' own terms (for formula
# fits, `log(dose)` is the call log(dose)): what equation(format = "r") and
# as.function() return.
law_r_code <- function(law, inputs) {
  raw <- lapply(law$calls, function(e) substitute_inputs(vocabulary_r(e), inputs))
  switch(law$output_type,
    real = raw,
    probability_distribution = softmax_calls(raw, guards = FALSE),
    lapply(raw, logistic_call)
  )
}

# `e` with every input symbol replaced by its call; `inputs` is named by the
# design columns.
substitute_inputs <- function(e, inputs) {
  do.call(substitute, list(e, inputs))
}

# The law's outputs as text, one per output, `lhs = rhs`; with `symbolic`,
# the constants written as the names coef() gives them.
law_text <- function(law, output_names, format, digits, symbolic = FALSE,
                     lhs = variable_label(output_names, format)) {
  if (is.null(law$calls)) return("(too large to write as one equation: see form = \"nodes\")")
  calls <- law$calls
  if (symbolic) {
    calls <- Map(function(call, names) symbolic_call(call, make.names(names)),
                 calls, constant_names(law, output_names))
  }
  rhs <- vapply(calls, format_equation_call, character(1), format = format, digits = digits)
  rhs <- vapply(rhs, wrap_output_function, character(1), output_type = law$output_type,
                format = format, USE.NAMES = FALSE)
  paste(lhs, "=", rhs)
}

# Whether the law computes what the engine predicts on `x` (to `tolerance`
# relative to the largest prediction). It does wherever no domain guard of
# the engine is active (see darts_primitives()); where one is, on the training
# rows, the law is not an exact rewriting and is not used.
law_matches <- function(law, x, predicted, tolerance = LAW_MATCH_TOLERANCE) {
  if (is.null(law$calls)) return(FALSE)
  inputs <- stats::setNames(lapply(colnames(x), as.name), colnames(x))
  code <- law_r_code(law, inputs)
  env <- list2env(as.list(as.data.frame(x, check.names = FALSE)), parent = baseenv())
  values <- tryCatch(
    suppressWarnings(lapply(code, function(e) rep_len(eval(e, env), nrow(x)))),
    error = function(e) NULL
  )
  if (is.null(values)) return(FALSE)
  values <- do.call(cbind, values)
  scale <- max(abs(predicted), 1e-300)
  all(is.finite(values)) && max(abs(values - predicted)) <= tolerance * scale
}

# ---- The network as expressions --------------------------------------------

# The network as expressions: the one way a sampled graph becomes mathematics.
#
# Every edge is its primitive's outer function (R/spec-primitives.R) of the affine
# map of its source, in the equations' vocabulary (`logistic(u)`, `relu(u)`,
# `log(u)`, `1 / u`, `u^2`, `softplus(u, beta)`, ...); a node is the sum or
# the product of its edges; an output is bias + w1 * k1 + w2 * k2 + ... .
# The same expressions serve every reader:
# * the law (R/law.R) simplifies the outputs with the hidden nodes inlined;
# * the R code (R/answer-as-function.R) writes them in base R, with the engine's
#   domain guards or without (vocabulary_r());
# * the equations node by node and the graph's labels (R/answer-equation.R,
#   R/plot-graph-layout.R) print them;
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
