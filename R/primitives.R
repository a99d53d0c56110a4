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

build_primitive_table <- function() {
  rows <- list(
    c("none", "", "", ""),
    c("add", "", "{x}", "{x}"),
    c("subtract", "", "-{x}", "-{x}"),
    c("mult", "a", "{a} * {x}", "{a} {x}"),
    c("linear", "a b", "{a} * {x} + {b}", "{a} {x} + {b}"),
    c("relu", "", "relu({x})", "\\operatorname{ReLU}\\left({x}\\right)"),
    c("linear_relu", "a b", "relu({a} * {x} + {b})",
      "\\operatorname{ReLU}\\left({a} {x} + {b}\\right)"),
    c("logistic", "", "logistic({x})", "\\sigma\\left({x}\\right)"),
    c("linear_logistic", "a b", "logistic({a} * {x} + {b})",
      "\\sigma\\left({a} {x} + {b}\\right)"),
    c("exp", "", "exp({x})", "e^{{x}}"),
    c("linear_exp", "a b", "exp({a} * {x} + {b})", "e^{{a} {x} + {b}}"),
    c("sin", "", "sin({x})", "\\sin\\left({x}\\right)"),
    c("linear_sin", "a b", "sin({a} * {x} + {b})",
      "\\sin\\left({a} {x} + {b}\\right)"),
    c("cos", "", "cos({x})", "\\cos\\left({x}\\right)"),
    c("linear_cos", "a b", "cos({a} * {x} + {b})",
      "\\cos\\left({a} {x} + {b}\\right)"),
    c("tanh", "", "tanh({x})", "\\tanh\\left({x}\\right)"),
    c("linear_tanh", "a b", "tanh({a} * {x} + {b})",
      "\\tanh\\left({a} {x} + {b}\\right)"),
    c("reciprocal", "", "1 / {x}", "\\frac{1}{{x}}"),
    c("linear_reciprocal", "a", "1 / ({a} * {x})", "\\frac{1}{{a} {x}}"),
    c("ln", "", "ln({x})", "\\ln\\left({x}\\right)"),
    c("linear_ln", "a", "ln({a} * {x})", "\\ln\\left({a} {x}\\right)"),
    c("softplus", "beta", "softplus({x}, beta = {a})",
      "\\operatorname{softplus}_{{a}}\\left({x}\\right)"),
    c("linear_softplus", "a beta", "softplus({a} * {x}, beta = {b})",
      "\\operatorname{softplus}_{{b}}\\left({a} {x}\\right)"),
    c("softminus", "beta", "softminus({x}, beta = {a})",
      "\\operatorname{softminus}_{{a}}\\left({x}\\right)"),
    c("linear_softminus", "a beta", "softminus({a} * {x}, beta = {b})",
      "\\operatorname{softminus}_{{b}}\\left({a} {x}\\right)")
  )
  rows <- do.call(rbind, rows)
  params <- lapply(strsplit(rows[, 2], " ", fixed = TRUE), as.character)
  list(
    name = rows[, 1],
    params = params,
    console = rows[, 3],
    latex = rows[, 4]
  )
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
