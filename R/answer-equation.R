#' The equations of a fitted DARTS model
#'
#' Writes the fitted model as equations: by default one simplified equation
#' per output (`y = 2 * x1 + exp(5 * x2)`), or, with `form = "nodes"`, the
#' sampled graph node by node (`k1 = x1 + exp(5 * x2 - 0.693); y = 2 * k1`);
#' as text for the console, as LaTeX math, or as R code.
#'
#' @section The simplified equation:
#' The graph's hidden nodes are written out in place and the result rewritten
#' exactly: constants folded (`2 * exp(5 * x2 - 0.693)` is `exp(5 * x2)`,
#' `-(-x)` is `x`), numbers multiplied out over sums, like terms combined,
#' terms and nodes that contribute nothing dropped, and standard forms
#' recognised (`exp(0.8 * ln(1.07 * x))` is `1.06 * x^0.8`, a difference of
#' logarithms is the logarithm of a ratio, a logistic beside a constant is
#' written rising: `0.5 * logistic(2 * x - 4) + 0.5`). A sum is written from
#' its first positive term where it has one (`1 - 0.7 * exp(-0.4 * t)`,
#' `logistic(4 - 2 * x)`), and the base of a square with a positive lead
#' (`(x - 1.2)^2`). `ln` is the natural logarithm,
#' `logistic(u)` is `1 / (1 + exp(-u))` and `relu(u)` is `max(u, 0)`. The
#' rewriting is exact wherever the engine's domain guards (see
#' [darts_primitives()]) are not active, and the fit checks that it computes
#' what the network computes on the training rows; a model that leans on a
#' guard there (an `ln` of a negative value held at 0, say) is written node by
#' node instead. Terms too small to print were removed from the network itself
#' before (see Refining the architecture in [darts_regressor()]), so the
#' printed equation, [predict()][predict.darts_fit], the R code, LaTeX and
#' [knit_print()][knit_print.darts_fit] agree to rounding. Its complexity is
#' that of [pareto_front()].
#'
#' With `format = "r"`, the simplified equation is an [expression] vector with
#' one call per output in base-R functions (`logistic` written out as
#' `1 / (1 + exp(-(u)))`, `relu` as `pmax(u, 0)`) and full-precision
#' coefficients: `eval()` of it agrees with `predict()` to about 1e-10
#' relative. `guards` applies only to `form = "nodes"`.
#'
#' @section Node by node (form = "nodes"):
#' With `format = "console"` or `"latex"`, one line per hidden node, then one
#' per output. Each hidden node `k_j` is the sum of the operations on its
#' incoming edges; edges whose operation is `"none"`, and `mult` edges whose
#' coefficient is exactly 0, are left out, and a node with no terms reads
#' `k1 = 0`. Each output is `bias + sum_j weight_j * k_j`: with the default
#' output layer (weights 1, bias 0, not trained) that is `y = k1 + k2`;
#' otherwise the weights and the bias are shown, as in
#' `y = 1.5 * k1 + 0.3 * k2 + 0.1`, and a node whose weight is exactly 0 is
#' left out. For `output_type = "probability"`, `"probability_sample"` and
#' `"sigmoid"` the output is wrapped in `logistic()`; for
#' `"probability_distribution"` in `softmax()`, taken across the outputs.
#'
#' Coefficients are rounded to `digits` significant digits (at 3, `2.000001`
#' reads `2` and `0.000123456` reads `0.000123`). A factor that rounds to 1
#' is left out (`x1`, not `1 * x1`; `-x1`, not `-1 * x1`). What is below the
#' precision shown is left out too, judged on the training data: an additive
#' constant smaller than the last significant digit shown of the largest value
#' the term it is added to takes (with `x2` in `[0, 1]`, `exp(5 * x2 + 1e-09)`
#' reads `exp(5 * x2)`: `5 * x2` is shown to hundredths), and likewise a whole
#' term of a node or an output that stays below the last digit shown of the
#' largest term beside it (`k2 = x1 - 1.35e-14 * x2` reads `k2 = x1`). Raise
#' `digits` to see them. The coefficients themselves are not changed: [coef()]
#' and `format = "r"` give them all at full precision.
#'
#' LaTeX lines are valid inside `$$ ... $$`: variable names such as `x1`
#' become `x_{1}`, other names `\mathrm{...}`, and numbers in scientific
#' notation `1.2 \cdot 10^{-5}`. In R Markdown a fitted model printed in a
#' chunk shows these equations as rendered math (see [knit_print.darts_fit()]).
#'
#' @section R code node by node:
#' With `format = "r"` and `form = "nodes"`, an [expression] vector with one element per output,
#' named by the output, each a call in the input variables that computes what
#' [predict()][predict.darts_fit] returns: the hidden nodes are written out in
#' place and the coefficients are embedded at full precision, so that
#' `eval(e[[1]], newdata)` agrees with `predict(fit, newdata)` to rounding
#' error (the engine computes `exp()`, `sin()`, `cos()` and `tanh()` with its
#' own vectorised code, within a few units in the last place of R's). (Printing the expression shows 15 significant digits; the numbers
#' inside it are exact. `deparse(e, control = "digits17")` gives text that
#' parses back to the same numbers.) [as.function()][as.function.darts_fit]
#' wraps the same code as an R function.
#'
#' With `guards = TRUE` (the default) the code reproduces the engine's domain
#' guards (see [darts_primitives()]): `exp(u)` is `exp(pmin(u, 50))`, `ln(u)`
#' is `ifelse(u > 0, log(pmax(u, 0) + 1e-10), 0)`, `1 / u` is
#' `1 / ifelse(abs(u) < 1e-06, ifelse(u < 0, -1e-06, 1e-06), u)`, softplus is
#' the overflow-free `(pmax(z, 0) + log1p(exp(-abs(z)))) / beta` with
#' `z = beta * u`, a square is `pmin(u^2, 1e30)`, a power `u^p` is
#' `ifelse(u > 0, exp(pmin(p * log(pmax(u, 1e-10)), 50)), 0)` (for a whole
#' `p`, `ifelse(u == 0, 0, exp(pmin(p * log(pmax(abs(u), 1e-10)), 50)))`, times
#' `sign(u)` for an odd one), a product node of several
#' edges is held within `+-1e30` (`pmax(pmin(..., 1e30), -1e30)`), and a
#' softmax output subtracts the largest output first.
#' `pmin()`, `pmax()`, `abs()` and `ifelse()` are not in the table of
#' [stats::D()], so this exact form can be differentiated by `D()` only when
#' the model uses none of those primitives (`add`, `subtract`, `mult`,
#' `linear`, `logistic`, `sin`, `cos`, `tanh` and their `linear_` forms in
#' sum nodes, with a real or logistic output).
#'
#' With `guards = FALSE` the code is the plain mathematical form, which `D()`
#' can differentiate: `exp(u)`, `log(u)`, `1 / u`,
#' `log1p(exp(beta * u)) / beta` and `exp(o_c) / sum(exp(o))`. It agrees with
#' `predict()` wherever no guard is active: every argument of `exp()` at most
#' 50, every argument of `1 / u` at least `1e-6` in size, every argument of
#' `ln()` positive (and large against `1e-10`), every base of a power at least `1e-10`, and no overflow in softplus or
#' softmax. `relu` is `pmax(u, 0)` in both forms; `D()` cannot differentiate
#' it. A softplus `beta` below `1e-3` in size is written as the `1e-3` the
#' engine uses, in both forms.
#'
#' For a formula fit the code is in the variables of the data: a transformed
#' term such as `log(x1)` appears as `log(x1)` (`I()` dropped), and the
#' indicator column of a factor level as `(group == "b")`. Any other column of
#' the design matrix (an interaction, a `poly()` term) appears as a variable
#' named like the column. An output that depends on no input is a constant.
#'
#' `equation()` is the generic of the generics package, re-exported by dartsr.
#'
#' @param object A `darts_fit`.
#' @param format `"console"` for plain text, `"latex"` for LaTeX math, or `"r"`
#'   for R code.
#' @param digits Number of significant digits of the coefficients in text and
#'   LaTeX (`format = "r"` keeps full precision), a whole number at least 1.
#' @param form `"simplified"` (the default) for one simplified equation per
#'   output, or `"nodes"` for the sampled graph node by node.
#' @param coefficients For the simplified equation in text and LaTeX:
#'   `"values"` writes the fitted constants, `"names"` their names in
#'   [coef()][coef.darts_fit] (`y = b1 * x1 + exp(b2 * x2)`).
#' @param guards For `format = "r"` with `form = "nodes"`: whether the code reproduces the engine's
#'   domain guards exactly (`TRUE`), or is the plain mathematical form that
#'   [stats::D()] can differentiate (`FALSE`). See R code.
#' @param ... Not used; must be empty.
#' @return For `"console"` and `"latex"`, a character vector: one equation per
#'   output (with `form = "nodes"`, one per hidden node, then one per output). For `"r"`, an expression vector with
#'   one call per output, named by the outputs.
#' @seealso [print.darts_fit()], [coef.darts_fit()], [as.function.darts_fit()],
#'   [plot.darts_fit()]
#' @rdname equation.darts_fit
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' equation(f)
#' equation(f, form = "nodes")
#' equation(f, format = "latex", digits = 4)
#'
#' # As R code: it computes what predict() does, and D() differentiates it.
#' e <- equation(f, format = "r")
#' e
#' all.equal(eval(e[[1]], seed), predict(f, seed), check.attributes = FALSE)
#' D(e[[1]], "x2")
equation.darts_fit <- function(object, format = c("console", "latex", "r"), digits = 3,
                               form = c("simplified", "nodes"), guards = TRUE,
                               coefficients = c("values", "names"), ...) {
  rlang::check_dots_empty()
  format <- check_choice(format)
  digits <- check_count(digits, min = 1)
  form <- check_choice(form)
  guards <- check_flag(guards)
  coefficients <- check_choice(coefficients)
  law <- law_of(object)
  if (form == "simplified" && isTRUE(law$exact)) {
    if (format == "r") {
      code <- law_r_code(law, named_input_calls(object))
      return(as.expression(stats::setNames(code, object$output_names)))
    }
    return(law_text(law, object$output_names, format, digits,
                    symbolic = coefficients == "names", lhs = output_lhs(object, format)))
  }
  if (format == "r") return(r_equations(object, guards))
  sizes <- training_sizes(object)
  c(node_equations(object, format, digits, sizes),
    output_equations(object, format, digits, sizes))
}

# The inputs as R code, named by their design columns.
named_input_calls <- function(object) {
  stats::setNames(input_calls(object), object$input_names)
}

# One equation per hidden node of the sampled model: "k1 = 2 * x1 + ...", or
# for a product node "k1 = x1 * exp(x2)".
node_equations <- function(object, format, digits, sizes = training_sizes(object)) {
  edges <- object$edges
  node_names <- hidden_node_names(object)
  kinds <- model_node_kinds(object$network)
  shown <- shown_edges(object, digits, sizes)
  vapply(seq_along(node_names), function(j) {
    terms <- lapply(which(edges$to_index == j & shown), function(e) {
      shown_edge_expression(object, e, as.name(edges$from[e]), digits,
                            scale = sizes$sources[[edges$from_index[e]]])
    })
    node <- node_expression(terms, kinds[[j]])
    paste(variable_label(node_names[j], format), "=",
          format_equation_call(node, format, digits))
  }, character(1))
}

# One equation per output: the output layer's weighted sum of the hidden
# nodes (those of weight 0 or of a negligible weighted size left out), then
# the bias unless it is negligible, wrapped in the output function.
output_equations <- function(object, format, digits, sizes = training_sizes(object)) {
  weight <- object$network$weight
  bias <- object$network$bias
  nodes <- lapply(hidden_node_names(object), as.name)
  vapply(seq_along(object$output_names), function(c) {
    term_sizes <- weighted_node_sizes(object, c, sizes)
    largest_term <- largest_finite(term_sizes)
    keep <- which(weight[c, ] != 0 &
                    !vapply(term_sizes, negligible_term, logical(1), largest_term, digits))
    terms <- lapply(keep, function(j) scaled_call(weight[c, j], nodes[[j]]))
    if (!negligible_constant(bias[[c]], largest_term, digits)) terms <- c(terms, bias[[c]])
    rhs <- format_equation_call(sum_calls(terms), format, digits)
    paste(output_lhs(object, format)[c], "=",
          wrap_output_function(rhs, object$spec$output_type, format))
  }, character(1))
}

# The label of one edge's operation applied to `input` (a variable's name):
# its expression (R/law.R) printed at `digits`, with an offset `b`
# left out where it is negligible against the largest value of `a * x` on the
# training data (`scale` is the largest size of the input there). `params`
# holds at least as many values as the primitive has parameters (the theta
# slots p1, p2).
edge_label <- function(primitive, params, input, format = c("console", "latex"),
                       digits = 3, scale = 1) {
  format <- match.arg(format)
  e <- expression_without_negligible_offset(primitive, params, as.name(input), digits, scale)
  if (is.null(e)) return("0")
  format_equation_call(e, format, digits)
}

# Edge e's expression on `input`, as edge_label() shows it.
shown_edge_expression <- function(object, e, input, digits, scale) {
  expression_without_negligible_offset(object$network$architecture[[e]], edge_params(object, e),
                                       input, digits, scale)
}

expression_without_negligible_offset <- function(primitive, params, input, digits, scale) {
  names <- primitive_params(primitive)
  values <- params[seq_along(names)]
  if ("b" %in% names) {
    a <- param_value(values, names, "a", 1)
    b <- match("b", names)
    if (negligible_constant(values[[b]], abs(a) * scale, digits)) values[[b]] <- 0
  }
  without_zero_terms(edge_expression(primitive, values, input))
}

# `0 * x` as 0 and `0 + u` as u, for display (a `linear` edge with a = 0 is its
# constant); the R code keeps them, as the engine computes them.
without_zero_terms <- function(e) {
  if (!is.call(e)) return(e)
  for (i in seq_along(e)[-1]) e[[i]] <- without_zero_terms(e[[i]])
  name <- call_name(e)
  if (length(e) != 3) return(e)
  if (name == "*" && (identical(e[[2]], 0) || identical(e[[3]], 0))) return(0)
  if (name == "+" && identical(e[[2]], 0)) return(e[[3]])
  if (name %in% c("+", "-") && identical(e[[3]], 0)) return(e[[2]])
  if (name == "-" && identical(e[[2]], 0)) return(call("-", e[[3]]))
  e
}

hidden_node_names <- function(object) {
  paste0("k", seq_len(object$spec$num_graph_nodes))
}

# Hidden nodes that reach no output: a node is used when some output weight
# of it is not exactly 0, or when it feeds a used node through a contributing
# edge. Edges only run forward, so one pass from the last node decides all.
unused_nodes <- function(object) {
  K <- object$spec$num_graph_nodes
  p <- length(object$input_names)
  used <- colSums(object$network$weight != 0) > 0
  edges <- object$edges
  feeds <- contributing_edges(object)
  for (j in rev(seq_len(K))) {
    if (used[j]) next
    out <- feeds & edges$from_index == p + j
    used[j] <- any(used[edges$to_index[out]])
  }
  unname(!used)
}

# Coefficients to `digits` significant digits, each formatted on its own (R
# picks fixed or scientific notation as it prints numbers). In LaTeX,
# scientific notation reads `1.2 \cdot 10^{-5}`. The simplified equation's
# printer (R/law-rules.R) writes numbers the same way.
format_number <- function(v, digits, format = "console") {
  one <- if (format == "latex") latex_coefficient else console_number
  vapply(v, one, "", digits = digits, USE.NAMES = FALSE)
}

