#' The primitive operations of the search space
#'
#' Every edge of a DARTS graph mixes the chosen primitives. `darts_primitives()`
#' lists all 25 that dartsr knows, with their trainable parameters and the
#' degrees of freedom that the architecture weight decay charges them.
#'
#' | name | function of the edge's input `x` | parameters |
#' |---|---|---|
#' | `none` | `0` | |
#' | `add`, `subtract` | `x`, `-x` | |
#' | `mult` | `a * x` | `a` |
#' | `linear` | `a * x + b` | `a`, `b` |
#' | `relu`, `linear_relu` | `max(0, x)`, `max(0, a * x + b)` | `a`, `b` |
#' | `logistic`, `linear_logistic` | `1 / (1 + exp(-u))` of `x`, of `a * x + b` | `a`, `b` |
#' | `exp`, `linear_exp` | `exp(u)` of `x`, of `a * x + b` | `a`, `b` |
#' | `sin`, `cos`, `tanh` and their `linear_` forms | `f(u)` of `x`, of `a * x + b` | `a`, `b` |
#' | `reciprocal`, `linear_reciprocal` | `1 / u` of `x`, of `a * x` | `a` |
#' | `ln`, `linear_ln` | `log(u)` of `x`, of `a * x` (0 where `u <= 0`) | `a` |
#' | `softplus`, `linear_softplus` | `log(1 + exp(beta * u)) / beta` of `x`, of `a * x` | `beta`; `a`, `beta` |
#' | `softminus`, `linear_softminus` | `u - softplus(u)` of `x`, of `a * x` | `beta`; `a`, `beta` |
#'
#' Initial values: `a` and `b` uniform on (-1, 1), `beta = 1`.
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
#' * `reciprocal(u)` is `1 / u` with `|u|` held at least `1e-6` (sign kept,
#'   `u = 0` taken as `+1e-6`), so it is at most `1e6` in size; inside that band
#'   the gradient is zero.
#' * `softplus` and `softminus` hold `|beta|` at least `1e-3`.
#' If the loss still becomes non-finite (for example with data around `1e200`),
#' the search stops with an error that says where; rescaling the data helps.
#'
#' @return A data frame with one row per primitive: `name`, `n_params`,
#'   `params` (a list of parameter names), `dof` (degrees of freedom: 0 for
#'   `none`, otherwise 1 + the number of parameters) and `label`, the console
#'   form of the operation applied to `x`.
#' @export
#' @examples
#' darts_primitives()
darts_primitives <- function() {
  table <- primitive_table()
  data.frame(
    name = table$name,
    n_params = lengths(table$params),
    params = I(table$params),
    dof = primitive_dof(table$name),
    label = table$console,
    stringsAsFactors = FALSE
  )
}

# The primitive table. Row order is the engine's primitive code (0-based in C),
# so `match(name, primitive_table()$name) - 1L` is what C receives. Labels use
# `{x}` for the edge's input and `{a}`, `{b}` for the formatted parameters.
primitive_table <- function() {
  PRIMITIVE_TABLE
}

# One row per primitive, in engine order: its name, its parameters, the
# function it applies to its affine argument u = a * x + b (a row of
# OUTER_FUNCTIONS below), and its console and LaTeX labels. Adding a primitive
# means a row here, a case in src/primitives.c, and, for a new kind of
# function, an entry in OUTER_FUNCTIONS.
build_primitive_table <- function() {
  rows <- list(
    c("none", "", "none", "", ""),
    c("add", "", "identity", "{x}", "{x}"),
    c("subtract", "", "negate", "-{x}", "-{x}"),
    c("mult", "a", "identity", "{a} * {x}", "{a} {x}"),
    c("linear", "a b", "identity", "{a} * {x} + {b}", "{a} {x} + {b}"),
    c("relu", "", "relu", "relu({x})", "\\operatorname{ReLU}\\left({x}\\right)"),
    c("linear_relu", "a b", "relu", "relu({a} * {x} + {b})",
      "\\operatorname{ReLU}\\left({a} {x} + {b}\\right)"),
    c("logistic", "", "logistic", "logistic({x})", "\\sigma\\left({x}\\right)"),
    c("linear_logistic", "a b", "logistic", "logistic({a} * {x} + {b})",
      "\\sigma\\left({a} {x} + {b}\\right)"),
    c("exp", "", "exp", "exp({x})", "e^{{x}}"),
    c("linear_exp", "a b", "exp", "exp({a} * {x} + {b})", "e^{{a} {x} + {b}}"),
    c("sin", "", "sin", "sin({x})", "\\sin\\left({x}\\right)"),
    c("linear_sin", "a b", "sin", "sin({a} * {x} + {b})",
      "\\sin\\left({a} {x} + {b}\\right)"),
    c("cos", "", "cos", "cos({x})", "\\cos\\left({x}\\right)"),
    c("linear_cos", "a b", "cos", "cos({a} * {x} + {b})",
      "\\cos\\left({a} {x} + {b}\\right)"),
    c("tanh", "", "tanh", "tanh({x})", "\\tanh\\left({x}\\right)"),
    c("linear_tanh", "a b", "tanh", "tanh({a} * {x} + {b})",
      "\\tanh\\left({a} {x} + {b}\\right)"),
    c("reciprocal", "", "reciprocal", "1 / {x}", "\\frac{1}{{x}}"),
    c("linear_reciprocal", "a", "reciprocal", "1 / ({a} * {x})", "\\frac{1}{{a} {x}}"),
    c("ln", "", "ln", "ln({x})", "\\ln\\left({x}\\right)"),
    c("linear_ln", "a", "ln", "ln({a} * {x})", "\\ln\\left({a} {x}\\right)"),
    c("softplus", "beta", "softplus", "softplus({x}, beta = {a})",
      "\\operatorname{softplus}_{{a}}\\left({x}\\right)"),
    c("linear_softplus", "a beta", "softplus", "softplus({a} * {x}, beta = {b})",
      "\\operatorname{softplus}_{{b}}\\left({a} {x}\\right)"),
    c("softminus", "beta", "softminus", "softminus({x}, beta = {a})",
      "\\operatorname{softminus}_{{a}}\\left({x}\\right)"),
    c("linear_softminus", "a beta", "softminus", "softminus({a} * {x}, beta = {b})",
      "\\operatorname{softminus}_{{b}}\\left({a} {x}\\right)")
  )
  rows <- do.call(rbind, rows)
  params <- lapply(strsplit(rows[, 2], " ", fixed = TRUE), as.character)
  list(
    name = rows[, 1],
    params = params,
    outer = rows[, 3],
    console = rows[, 4],
    latex = rows[, 5]
  )
}

# What each kind of primitive does to its affine argument `u` (and `beta`):
# `vocabulary`, the call the simplifier reads (R/simplify.R); `r`, base-R code
# computing it, with the engine's domain guards (see ?darts_primitives) when
# `guards` is TRUE and the plain mathematical form otherwise.
OUTER_FUNCTIONS <- list(
  identity = list(vocabulary = function(u, beta) u,
                  r = function(u, beta, guards) u),
  negate = list(vocabulary = function(u, beta) call("-", u),
                r = function(u, beta, guards) call("-", u)),
  relu = list(vocabulary = function(u, beta) call("relu", u),
              r = function(u, beta, guards) call("pmax", u, 0)),
  logistic = list(vocabulary = function(u, beta) call("logistic", u),
                  r = function(u, beta, guards) logistic_call(u)),
  exp = list(vocabulary = function(u, beta) call("exp", u),
             r = function(u, beta, guards) {
               if (guards) call("exp", call("pmin", u, 50)) else call("exp", u)
             }),
  sin = list(vocabulary = function(u, beta) call("sin", u),
             r = function(u, beta, guards) call("sin", u)),
  cos = list(vocabulary = function(u, beta) call("cos", u),
             r = function(u, beta, guards) call("cos", u)),
  tanh = list(vocabulary = function(u, beta) call("tanh", u),
              r = function(u, beta, guards) call("tanh", u)),
  reciprocal = list(vocabulary = function(u, beta) call("/", 1, u),
                    r = function(u, beta, guards) reciprocal_call(u, guards)),
  ln = list(vocabulary = function(u, beta) call("log", u),
            r = function(u, beta, guards) ln_call(u, guards)),
  softplus = list(vocabulary = function(u, beta) call("softplus", u, beta),
                  r = function(u, beta, guards) softplus_call(u, beta, guards)),
  softminus = list(vocabulary = function(u, beta) call("softminus", u, beta),
                   r = function(u, beta, guards) call("-", u, softplus_call(u, beta, guards)))
)

# The kind of function each primitive applies to its affine argument (a row
# of OUTER_FUNCTIONS, or "none"): "ln" for "ln" and "linear_ln".
primitive_kind <- function(names) {
  primitive_table()$outer[match(names, primitive_names())]
}

# The OUTER_FUNCTIONS entry of a primitive.
primitive_outer <- function(name) {
  OUTER_FUNCTIONS[[primitive_kind(name)]]
}

# Built once, when the package is installed: the refinement looks primitives
# up thousands of times per fit.
PRIMITIVE_TABLE <- build_primitive_table()

# The names of all primitives, in engine order.
primitive_names <- function() {
  primitive_table()$name
}

# Degrees of freedom charged by `arch_weight_decay_df`: 0 for `none`,
# otherwise one for the operation itself plus one per trainable parameter.
primitive_dof <- function(names) {
  n_params <- lengths(primitive_table()$params)[match(names, primitive_names())]
  ifelse(names == "none", 0L, 1L + n_params)
}

# The 0-based codes the engine uses for the given primitive names.
primitive_codes <- function(names) {
  match(names, primitive_names()) - 1L
}

# Parameter names of one primitive (character(0) when it has none).
primitive_params <- function(name) {
  primitive_table()$params[[match(name, primitive_names())]]
}
