#' The primitive operations of the search space
#'
#' Every edge of a DARTS graph mixes the chosen edge primitives, and every
#' hidden node adds its edges -- or, when `"product"` is among the
#' primitives, may multiply them. `darts_primitives()` lists all that dartsr
#' knows, with their trainable parameters and the degrees of freedom that the
#' architecture weight decay charges them.
#'
#' @section Edge primitives:
#' Each is a function `f` of an inner affine argument `u`: `u = x` (no
#' parameter), `u = a * x` or `u = a * x + b`; softplus and softminus add a
#' trainable `beta`.
#'
#' `r primitive_doc_table()`
#'
#' The reference (AutoRA) has the first 25. `square`, `linear_square`,
#' `affine_reciprocal`, `affine_ln` and `linear_power` are dartsr's: a square of an affine
#' term puts a peak (`exp(-(x - m)^2 / s)`, over two nodes) within reach;
#' `affine_reciprocal`, the reciprocal with an offset, a ratio such as
#' `A / (1 + k * D)` in a single product node; and `affine_ln`, the
#' logarithm with an offset, `ln(n + 1)` (Hick's law) in one edge and a
#' shifted power law `(1 + k * D)^-s` over two nodes (an `exp` of it). (The
#' reference's `linear_reciprocal` has no offset, and dartsr keeps it so, as
#' it keeps `linear_ln`, `ln(a * x)`, among the defaults: with `affine_ln`
#' there, a power law comes out shifted, `(x + c)^p`, where `x^p` fits almost
#' as well.) `linear_power`, `(a * x)^beta` with a trainable exponent, lets
#' a product node multiply powers of its sources: `K^0.7 * L^0.3`,
#' `sqrt(g * p / r)` in one node; out of a hidden node, it powers the node:
#' `(x + c)^p` from a line, Richards' growth curve from a logistic (a
#' shifted power law is then found where `x^p` fits clearly worse, and the
#' selection weighs its extra constant); under an exponential or a
#' reciprocal, it writes a Weibull function `1 - exp(-(x / a)^b)` or a Hill
#' curve `x^n / (K^n + x^n)`.
#'
#' With the default primitives, the refinement also places two of these where
#' the search does not mix them, on edges out of hidden nodes: of one input,
#' `linear_power` (above); of two inputs or more, `affine_ln`, so that a
#' product or ratio of inputs is shifted under a logarithm: `ln(1 + x1 * x2)`,
#' Shannon's capacity `B * log2(1 + S / N)`. A product node has no constant
#' of its own to shift it by.
#'
#' Initial values: `a` and `b` uniform on (-1, 1), `beta = 1` (so a power
#' starts as the line `a * x`).
#'
#' Periodic primitives are not among the defaults for all data: with
#' `linear_sin` always there, a sine's wiggle fitted noise and smooth curves
#' alike, and NIST's single-input sets within 1.25 of the certified models'
#' cross-validated error fell from 18 of 25 to 13. Left at its default, the
#' search space takes `"linear_sin"` for a real response that is periodic
#' along an input (seasons, circadian rhythms): beside a cubic trend in each
#' input, one sinusoid of at least four periods over its range takes 1% of
#' the response's variance and a fifth of what the trends leave in each
#' quarter of the range, more than white noise would give it but once in a
#' thousand data sets (`print()` of the fit says so, and its `spec` shows
#' what was searched). A peak, a
#' rise or noise does not qualify; of NIST's sets only ENSO does. For a
#' cycle the test misses (fewer periods, a damped oscillation), add
#' `"linear_sin"` or `"linear_cos"`. After the search, the refinement starts
#' each such edge of an input at the peaks of the response's periodogram
#' along it, so that a cycle the search's random start missed is still
#' found.
#'
#' @section Node kinds:
#' A hidden node adds its incoming edges (every node of the reference). With
#' `"product"` among the `primitives` of [darts_regressor()], the search also
#' lets each node multiply them, learned as edges learn their primitives: each
#' node mixes "sum" and "product" by architecture weights of its own
#' (`node_alphas` of a fit), and the sampled graph takes one kind per node.
#' An edge of `"none"` is left out of either: the term 0 of a sum, the factor
#' 1 of a product. A product node's factors are its edges that are not
#' `"none"`; one with none is 0, as an empty sum is. Multiplying by a
#' reciprocal divides: `x / (a * x + b)` is the product of `add` and
#' `affine_reciprocal` on two edges from `x`' sources. Without `"product"` a
#' search is exactly the reference's.
#'
#' `r node_kind_doc_table()`
#'
#' @section Domain guards:
#' A search tries every primitive on every edge, including on values where the
#' mathematical function is undefined or overflows. The engine keeps every value
#' finite, so that a search never returns `NaN` silently:
#' * `exp` and the exponentials inside `softplus` and `softminus` take their
#'   argument capped at 50 (`exp(50)` is about `5e21`); past the cap the value
#'   stays at `exp(50)` and the gradient is zero.
#' * `ln(u)` is `log(u + 1e-10)` for `u > 0` and `0` for `u <= 0`, with gradient
#'   `1 / (u + 1e-10)` and `0` respectively (as the reference implementation).
#' * Every denominator is a reciprocal's: `reciprocal(u)`, `linear_reciprocal`
#'   and `affine_reciprocal` are `1 / u` with `|u|` held at least `1e-6` (sign
#'   kept, `u = 0` taken as `+1e-6`), so they are at most `1e6` in size; inside
#'   that band the gradient is zero. A product node divides by nothing: the
#'   gradient of a product with respect to one factor is the product of the
#'   others.
#' * `softplus` and `softminus` hold `|beta|` at least `1e-3`.
#' * `linear_power`, `u^beta` with `u = a * x`, is `exp(beta * ln(|u|))`
#'   with `|u|` held at least `1e-10` (gradient in `u` zero below it; held,
#'   not offset as the ln's argument is, so that a power is exact wherever
#'   `|u|` exceeds `1e-10`), its size held at most `exp(50)` as `exp` is, for
#'   `u > 0` and, where `beta` is a whole number, for `u < 0` too (negative
#'   for an odd `beta`), as R's `^` is. It is `0` at `u = 0` and for a
#'   negative `u` under any other `beta`, where no real power exists
#'   (gradient `0` there).
#' If the loss still becomes non-finite (for example with data around `1e200`,
#' or a product of many large factors), the search stops with an error that
#' says where; rescaling the data helps.
#'
#' @return A data frame with one row per primitive, the edge primitives first
#'   and then the node kinds that `primitives` may name: `name`, `kind`
#'   (`"edge"` or `"node"`), `n_params`, `params` (a list of parameter names),
#'   `dof` (degrees of freedom: 0 for `none`, otherwise 1 + the number of
#'   parameters) and `label`, the console form of the operation applied to `x`
#'   (for a node kind, to edges `e1` and `e2`).
#' @export
#' @examples
#' darts_primitives()
darts_primitives <- function() {
  table <- primitive_table()
  edges <- data.frame(
    name = table$name,
    kind = "edge",
    n_params = lengths(table$params),
    params = I(table$params),
    dof = primitive_dof(table$name),
    label = primitive_labels(table$name),
    stringsAsFactors = FALSE
  )
  node_kinds <- names(NODE_KINDS)[-1]
  nodes <- data.frame(
    name = node_kinds,
    kind = "node",
    n_params = 0L,
    params = I(rep(list(character()), length(node_kinds))),
    dof = vapply(NODE_KINDS[node_kinds], `[[`, numeric(1), "dof"),
    label = vapply(NODE_KINDS[node_kinds], `[[`, character(1), "label"),
    stringsAsFactors = FALSE,
    row.names = NULL
  )
  rbind(edges, nodes)
}

# ---- The one table ------------------------------------------------------------
#
# What a primitive is lives in one place: the engine's table in
# src/primitives.c names every edge primitive, its inner map (x, a * x or
# a * x + b, with beta for softplus and softminus) and the outer function it
# applies. This file describes the mathematics of each outer function once
# (OUTER_FUNCTIONS), the functions of the equations' vocabulary once
# (VOCABULARY), and the node kinds (NODE_KINDS). Everything else reads them:
# the search's codes, the network's expressions (R/law.R), the
# simplifier, the equations in text, LaTeX and R code, the graph's labels,
# complexity, the refinement's moves and these help pages.
#
# A new primitive with a known outer function is one row in
# src/primitives.c; a new outer function is also one C kernel there and one
# entry of OUTER_FUNCTIONS (and of VOCABULARY if it brings a new function).

# What the package keeps for the session: the primitive table, read from the
# engine when first needed.
the <- new.env(parent = emptyenv())

primitive_table <- function() {
  if (is.null(the$primitive_table)) {
    the$primitive_table <- build_primitive_table(engine_primitive_table())
  }
  the$primitive_table
}

# The engine's table as R uses it: names in engine order (their position is
# the engine's code), each one's outer function, parameter names and inner
# parameter count.
build_primitive_table <- function(engine) {
  params <- Map(function(n_inner, has_beta) {
    c(c("a", "b")[seq_len(n_inner)], if (has_beta) "beta")
  }, engine$n_inner, engine$has_beta)
  unknown <- setdiff(engine$outer, names(OUTER_FUNCTIONS))
  if (length(unknown) > 0) {
    cli::cli_abort("Internal error: the engine's outer function{?s} {.val {unknown}} {?has/have} no description in R/spec-primitives.R.",
                   class = c("dartsr_error_internal", "dartsr_error"))
  }
  list(name = engine$name, outer = engine$outer, n_inner = engine$n_inner,
       params = unname(params))
}

# f(u) written as the call `name(u)`: the vocabulary of most outer functions.
applied <- function(name) {
  force(name)
  function(u, beta) call(name, u)
}

# The mathematics of each outer function f of the inner argument u (and
# beta): `vocabulary`, the call of f(u) in the equations' vocabulary (NULL:
# the edge adds nothing); `zero_at_zero`, whether f(0) = 0 (the engine's ln
# is 0 there), so that an edge of a parameter-free or scale-only inner map
# out of a node that is 0 adds nothing; `affine`, whether f is affine
# (constants that the output layer absorbs); `offset_start`, where the
# refinement starts an offset b (0, but 1 for the reciprocal, whose pole at
# u = 0 would otherwise sit at x = 0, in the range of many inputs).
OUTER_FUNCTIONS <- list(
  none = list(vocabulary = function(u, beta) NULL, zero_at_zero = TRUE, affine = TRUE),
  identity = list(vocabulary = function(u, beta) u, zero_at_zero = TRUE, affine = TRUE),
  negate = list(vocabulary = applied("-"), zero_at_zero = TRUE, affine = TRUE),
  relu = list(vocabulary = applied("relu"), zero_at_zero = TRUE, affine = FALSE),
  logistic = list(vocabulary = applied("logistic"), zero_at_zero = FALSE, affine = FALSE),
  exp = list(vocabulary = applied("exp"), zero_at_zero = FALSE, affine = FALSE),
  sin = list(vocabulary = applied("sin"), zero_at_zero = TRUE, affine = FALSE),
  cos = list(vocabulary = applied("cos"), zero_at_zero = FALSE, affine = FALSE),
  tanh = list(vocabulary = applied("tanh"), zero_at_zero = TRUE, affine = FALSE),
  reciprocal = list(vocabulary = function(u, beta) call("/", 1, u), zero_at_zero = FALSE,
                    affine = FALSE, offset_start = 1),
  ln = list(vocabulary = applied("log"), zero_at_zero = TRUE, affine = FALSE),
  softplus = list(vocabulary = function(u, beta) call("softplus", u, guarded_beta(beta)),
                  zero_at_zero = FALSE, affine = FALSE),
  softminus = list(vocabulary = function(u, beta) call("softminus", u, guarded_beta(beta)),
                   zero_at_zero = FALSE, affine = FALSE),
  square = list(vocabulary = function(u, beta) call("^", u, 2), zero_at_zero = TRUE,
                affine = FALSE),
  power = list(vocabulary = function(u, beta) call("^", u, beta), zero_at_zero = TRUE,
               affine = FALSE)
)

# The functions of the equations' vocabulary beyond + - * / ^: `value`, the
# function of numbers (for folding constants; NULL outside its real domain);
# `r`, its base-R code, with the engine's domain guards when `guards` is
# TRUE; `console` and `latex`, its name in printed equations (LaTeX's exp is
# e^{...}, written by the printer). The reciprocal's guard belongs to `/`
# (see vocabulary_r()).
VOCABULARY <- list(
  exp = list(value = function(u) exp(u),
             r = function(u, guards) if (guards) call("exp", call("pmin", u, 50)) else call("exp", u),
             console = "exp", latex = NULL),
  log = list(value = function(u) if (u > 0) log(u),
             r = function(u, guards) ln_call(u, guards),
             console = "ln", latex = "\\ln"),
  logistic = list(value = function(u) 1 / (1 + exp(-u)),
                  r = function(u, guards) logistic_call(u),
                  console = "logistic", latex = "\\sigma"),
  relu = list(value = function(u) max(0, u),
              r = function(u, guards) call("pmax", u, 0),
              console = "relu", latex = "\\operatorname{ReLU}"),
  sin = list(value = sin, r = function(u, guards) call("sin", u),
             console = "sin", latex = "\\sin"),
  cos = list(value = cos, r = function(u, guards) call("cos", u),
             console = "cos", latex = "\\cos"),
  tanh = list(value = tanh, r = function(u, guards) call("tanh", u),
              console = "tanh", latex = "\\tanh"),
  softplus = list(value = function(u, beta) if (beta != 0) softplus_value(u, beta),
                  r = function(u, beta, guards) softplus_call(u, beta, guards),
                  console = "softplus", latex = "\\operatorname{softplus}"),
  softminus = list(value = function(u, beta) if (beta != 0) u - softplus_value(u, beta),
                   r = function(u, beta, guards) {
                     call("-", u, softplus_call(u, beta, guards))
                   },
                   console = "softminus", latex = "\\operatorname{softminus}")
)

# What a hidden node does with its edges: `operator`, the vocabulary's call
# of two of them; `dof`, the architecture decay's degrees of freedom (a sum
# is the reference's node, free as "none" is); `label`, for
# darts_primitives(). "sum" is every node's kind unless `primitives` names
# "product".
NODE_KINDS <- list(
  sum = list(operator = "+", dof = 0, label = "e1 + e2"),
  product = list(operator = "*", dof = 1, label = "e1 * e2")
)

# The names of all edge primitives, in engine order.
primitive_names <- function() {
  primitive_table()$name
}

# What `primitives` of darts_regressor() may name: the edge primitives and
# the node kinds beyond "sum".
known_primitive_names <- function() {
  c(primitive_names(), names(NODE_KINDS)[-1])
}

# The edge primitives among a specification's `primitives`, in its order.
edge_primitives <- function(primitives) {
  primitives[primitives %in% primitive_names()]
}

# The node kinds a specification's `primitives` allow, "sum" first.
node_kinds_of <- function(primitives) {
  c("sum", intersect(names(NODE_KINDS)[-1], primitives))
}

# Whether a search's nodes may multiply their edges.
has_product_nodes <- function(primitives) {
  "product" %in% primitives
}

# Each primitive's row in the table.
primitive_row <- function(names) {
  match(names, primitive_names())
}

# The kind of function each primitive applies to its affine argument (an
# entry of OUTER_FUNCTIONS): "ln" for "ln", "linear_ln" and "affine_ln".
primitive_kind <- function(names) {
  primitive_table()$outer[primitive_row(names)]
}

# The OUTER_FUNCTIONS entry of a primitive.
primitive_outer <- function(name) {
  OUTER_FUNCTIONS[[primitive_kind(name)]]
}

# Whether each primitive is "none" or an affine function of its input.
is_affine_primitive <- function(names) {
  unname(vapply(OUTER_FUNCTIONS[primitive_kind(names)], `[[`, logical(1), "affine"))
}

# Where the refinement starts each primitive's offset b.
primitive_offset_start <- function(names) {
  vapply(OUTER_FUNCTIONS[primitive_kind(names)], function(f) f$offset_start %||% 0, numeric(1),
         USE.NAMES = FALSE)
}

# Whether each primitive's inner map has a rate: a * x or a * x + b.
has_rate <- function(names) {
  primitive_table()$n_inner[primitive_row(names)] >= 1
}

# Whether each primitive's inner map has an offset: a * x + b.
has_offset <- function(names) {
  primitive_table()$n_inner[primitive_row(names)] == 2
}

# Whether each primitive is 0 on an input of 0: its outer function is, and
# its inner map has no offset.
is_zero_at_zero <- function(names) {
  zero <- vapply(OUTER_FUNCTIONS[primitive_kind(names)], `[[`, logical(1), "zero_at_zero")
  unname(zero & !has_offset(names))
}

# Degrees of freedom charged by `arch_weight_decay_df`: 0 for `none`,
# otherwise one for the operation itself plus one per trainable parameter.
primitive_dof <- function(names) {
  n_params <- lengths(primitive_table()$params)[primitive_row(names)]
  ifelse(names == "none", 0L, 1L + n_params)
}

# The 0-based codes the engine uses for the given edge primitive names.
primitive_codes <- function(names) {
  primitive_row(names) - 1L
}

# Parameter names of one primitive (character(0) when it has none).
primitive_params <- function(name) {
  primitive_table()$params[[primitive_row(name)]]
}

# The console form of each primitive applied to `x`, its parameters named.
primitive_labels <- function(names) {
  vapply(names, function(name) {
    params <- primitive_params(name)
    symbols <- stats::setNames(lapply(params, as.name), params)
    e <- edge_expression(name, symbols, quote(x))
    if (is.null(e)) "0" else format_equation_call(e, "console")
  }, character(1), USE.NAMES = FALSE)
}

# The help page's table of the edge primitives (inline R in the roxygen
# comments above, run when the documentation is written).
primitive_doc_table <- function() {
  table <- darts_primitives()
  table <- table[table$kind == "edge", ]
  params <- vapply(table$params, function(p) {
    if (length(p) == 0) "" else paste0("`", p, "`", collapse = ", ")
  }, "")
  rows <- sprintf("| `%s` | `%s` | %s |", table$name, table$label, params)
  paste(c("| name | operation on the edge's input `x` | parameters |", "|---|---|---|", rows),
        collapse = "\n")
}

node_kind_doc_table <- function() {
  rows <- vapply(names(NODE_KINDS), function(kind) {
    sprintf("| `%s` | `k = %s` | %s |", kind, NODE_KINDS[[kind]]$label,
            if (kind == "sum") "always" else sprintf("when `primitives` names `\"%s\"`", kind))
  }, "")
  paste(c("| node kind | the node of its edges' terms `e1`, `e2`, ... | searched |",
          "|---|---|---|", rows), collapse = "\n")
}
