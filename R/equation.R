#' The equations of a fitted DARTS model
#'
#' Writes the sampled model of a fit (one primitive per edge, with its fitted
#' coefficients) as equations: one line per hidden node, then one line per
#' output.
#'
#' Each hidden node `k_j` is the sum of the operations on its incoming edges;
#' edges whose operation is `"none"` are left out, and a node whose edges are
#' all `"none"` reads `k1 = 0`. An additive constant that rounds to zero at
#' `digits` is left out too (`exp(5.00 * x2 + 0.00)` reads `exp(5.00 * x2)`).
#' Each output is `bias + sum_j weight_j * k_j`: with the default output layer
#' (weights 1, bias 0, not trained) that is `y = k1 + k2`; otherwise the
#' weights and the bias are shown, as in `y = 1.50 * k1 + 0.30 * k2 + 0.10`.
#' For `output_type = "probability"`, `"probability_sample"` and `"sigmoid"` the
#' output is wrapped in `logistic()`; for `"probability_distribution"` in
#' `softmax()`, taken across the outputs.
#'
#' `equation()` is the generic of the generics package, re-exported by dartsr.
#'
#' @param object A `darts_fit`.
#' @param format `"console"` for plain text, or `"latex"` for LaTeX math that is
#'   valid inside `$$ ... $$` (variable names such as `x1` become `x_{1}`,
#'   other names `\mathrm{...}`).
#' @param digits Number of decimal places of the coefficients.
#' @param ... Not used; must be empty.
#' @return A character vector: one equation per hidden node, then one per
#'   output.
#' @seealso [print.darts_fit()], [coef.darts_fit()], [plot.darts_fit()]
#' @rdname equation.darts_fit
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' equation(f)
#' equation(f, format = "latex", digits = 3)
equation.darts_fit <- function(object, format = c("console", "latex"), digits = 2, ...) {
  rlang::check_dots_empty()
  format <- check_choice(format)
  digits <- check_count(digits, min = 0)
  c(node_equations(object, format, digits), output_equations(object, format, digits))
}

# One equation per hidden node of the sampled model: "k1 = 2.00 * x1 + ...".
node_equations <- function(object, format, digits) {
  edges <- object$edges
  architecture <- object$model$architecture
  node_names <- hidden_node_names(object)
  vapply(seq_along(node_names), function(j) {
    incoming <- which(edges$to_index == j & architecture != "none")
    terms <- vapply(incoming, function(e) {
      edge_label(architecture[[e]], edge_params(object, e),
                 variable_label(edges$from[e], format), format, digits)
    }, character(1))
    paste(variable_label(node_names[j], format), "=", join_terms(terms))
  }, character(1))
}

# One equation per output: the output layer's weighted sum of the hidden
# nodes, wrapped in the output function.
output_equations <- function(object, format, digits) {
  weight <- object$model$weight
  bias <- object$model$bias
  node_labels <- variable_label(hidden_node_names(object), format)
  vapply(seq_along(object$output_names), function(c) {
    terms <- weighted_terms(weight[c, ], node_labels, format, digits)
    if (bias[[c]] != 0) terms <- c(terms, format_number(bias[[c]], digits))
    rhs <- wrap_output_function(join_terms(terms), object$spec$output_type, format)
    paste(variable_label(object$output_names[c], format), "=", rhs)
  }, character(1))
}

# "k1" for a weight of exactly 1 (the frozen default), "-k1" for -1, nothing
# for 0 (the node does not reach this output), else "1.50 * k1".
weighted_terms <- function(weights, node_labels, format, digits) {
  times <- if (format == "latex") " " else " * "
  terms <- ifelse(weights == 1, node_labels,
    ifelse(weights == -1, paste0("-", node_labels),
      paste0(format_number(weights, digits), times, node_labels)))
  terms[weights != 0]
}

wrap_output_function <- function(rhs, output_type, format) {
  fun <- output_function_name(output_type)
  if (is.null(fun)) return(rhs)
  if (format == "console") return(paste0(fun, "(", rhs, ")"))
  latex <- c(logistic = "\\sigma", softmax = "\\operatorname{softmax}")[[fun]]
  paste0(latex, "\\left(", rhs, "\\right)")
}

# The output function of an output type by name, NULL for the identity.
output_function_name <- function(output_type) {
  switch(output_type,
    real = NULL,
    probability_distribution = "softmax",
    "logistic"
  )
}

# The label of one edge's operation applied to `input`, from the template of
# primitive_table(): `{x}` is the input, `{a}` and `{b}` the first and second
# parameter. `params` holds at least as many values as the primitive has
# parameters (the theta slots p1, p2).
edge_label <- function(primitive, params, input, format = c("console", "latex"),
                       digits = 2) {
  format <- match.arg(format)
  table <- primitive_table()
  row <- match(primitive, table$name)
  if (primitive == "none") return("0")
  template <- table[[format]][row]
  names <- table$params[[row]]
  values <- format_number(params[seq_along(names)], digits)
  # An intercept that rounds to zero only adds noise to the equation.
  if (length(names) == 2 && names[2] == "b" && rounds_to_zero(values[2])) {
    template <- sub(" + {b}", "", template, fixed = TRUE)
  }
  label <- template
  for (k in seq_along(values)) {
    label <- gsub(c("{a}", "{b}")[k], values[k], label, fixed = TRUE)
  }
  label <- gsub("{x}", input, label, fixed = TRUE)
  tidy_signs(label)
}

# The operation parameters of edge `e` in the sampled model, as stored in the
# theta slots of its chosen primitive.
edge_params <- function(object, e) {
  object$model$theta[e, object$model$architecture[[e]], ]
}

hidden_node_names <- function(object) {
  paste0("k", seq_len(object$spec$num_graph_nodes))
}

# Terms summed into one side of an equation; "0" when there are none.
join_terms <- function(terms) {
  if (length(terms) == 0) return("0")
  tidy_signs(paste(terms, collapse = " + "))
}

# "a + -b" reads "a - b". Safe because every term is a product, a function
# call or a constant, so a leading minus negates the whole term.
tidy_signs <- function(text) {
  gsub(" + -", " - ", text, fixed = TRUE)
}

# Coefficients with a fixed number of decimals; a negative value that rounds
# to zero is shown without its sign.
format_number <- function(v, digits) {
  text <- formatC(v, digits = digits, format = "f")
  ifelse(rounds_to_zero(text), sub("^-", "", text), text)
}

rounds_to_zero <- function(text) {
  grepl("^-?0*\\.?0*$", text)
}

# A variable's name as it appears in an equation. Console: the name itself,
# in backticks when it is not syntactic (`log(dose)`), so that the equation
# stays unambiguous. LaTeX: `x1` becomes `x_{1}`, `dose2` `\mathrm{dose}_{2}`,
# a single letter stays, and anything else is set upright with its special
# characters escaped.
variable_label <- function(names, format) {
  if (format == "console") {
    syntactic <- make.names(names) == names
    return(ifelse(syntactic, names, paste0("`", names, "`")))
  }
  vapply(names, latex_variable, character(1), USE.NAMES = FALSE)
}

latex_variable <- function(name) {
  if (grepl("^[A-Za-z]$", name)) return(name)
  parts <- regmatches(name, regexec("^([A-Za-z]+)([0-9]+)$", name))[[1]]
  if (length(parts) == 3) {
    stem <- if (nchar(parts[2]) == 1) parts[2] else latex_upright(parts[2])
    return(paste0(stem, "_{", parts[3], "}"))
  }
  latex_upright(name)
}

latex_upright <- function(text) {
  special <- c("\\", "{", "}", "_", "#", "$", "%", "&", "^", "~", " ")
  escaped <- c("\\backslash ", "\\{", "\\}", "\\_", "\\#", "\\$", "\\%", "\\&",
               "\\hat{}", "\\sim ", "\\ ")
  chars <- strsplit(text, "", fixed = TRUE)[[1]]
  hit <- match(chars, special)
  chars[!is.na(hit)] <- escaped[hit[!is.na(hit)]]
  paste0("\\mathrm{", paste(chars, collapse = ""), "}")
}
