# The sampled model as R code, for equation(format = "r"), as.function() and
# the scales that decide which constants the printed equations can leave
# out: the network's expressions (R/law.R) in base R.

#' The fitted model as an R function
#'
#' `as.function()` returns an ordinary R function of the input variables that
#' computes what [predict()][predict.darts_fit] computes, from the code of
#' [equation(fit, format = "r")][equation.darts_fit]. It needs neither dartsr
#' nor the fit: it can be saved, sent or pasted on its own
#' (`deparse(f, control = "digits17")` keeps every digit).
#'
#' The arguments are the input variables: the columns of `x` for a
#' [fit_xy()][fit.darts_regressor] fit, the variables of the formula's
#' right-hand side for a formula fit (`x1` for a term `log(x1)`; a factor is
#' given as the factor or its labels). Calling the function with the columns of
#' `newdata` (`do.call(f, newdata[names(formals(f))])`) gives a numeric vector
#' for one output and a matrix with one column per output for several, like
#' `predict()`.
#'
#' @param x A `darts_fit`.
#' @param form `"simplified"` (the default): the simplified equation;
#'   `"nodes"`: the graph node by node (see [equation()][equation.darts_fit]).
#' @param guards With `form = "nodes"`: whether to reproduce the engine's
#'   domain guards exactly (`TRUE`) or use the plain mathematical form
#'   (`FALSE`); see the R code section of [equation()][equation.darts_fit].
#' @param ... Not used; must be empty.
#' @return A function whose environment is the base environment.
#' @seealso [equation.darts_fit()]
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' g <- as.function(f)
#' g
#' g(x1 = c(0, 0.5), x2 = c(0.2, 1))
#' predict(f, data.frame(x1 = c(0, 0.5), x2 = c(0.2, 1)))
as.function.darts_fit <- function(x, form = c("simplified", "nodes"), guards = TRUE, ...) {
  rlang::check_dots_empty()
  form <- check_choice(form)
  guards <- check_flag(guards)
  arguments <- function_arguments(x)
  if (form == "simplified" && isTRUE(law_of(x)$exact)) {
    return(function_of(arguments, list(), as.list(equation.darts_fit(x, format = "r")),
                       x$output_names))
  }
  K <- x$spec$num_graph_nodes
  # Hidden nodes and outputs are local variables, renamed if an argument
  # already has the name.
  locals <- local_names(c(hidden_node_names(x), x$output_names), arguments)
  node_names <- locals[seq_len(K)]
  network <- network_expressions(x$network, x$edges, input_symbols(x), inline = FALSE,
                                 node_symbols = lapply(node_names, as.name), guards = guards)
  in_inputs <- function(e) with_input_calls(vocabulary_r(e, guards = guards), x)
  statements <- assignments(node_names, lapply(network$nodes, in_inputs))
  outputs <- lapply(network$outputs, in_inputs)
  if (x$spec$output_type == "probability_distribution") {
    # The raw outputs once each, then their softmax.
    output_names <- locals[K + seq_along(outputs)]
    statements <- c(statements, assignments(output_names, outputs))
    outputs <- lapply(output_names, as.name)
  }
  outputs <- output_function_calls(outputs, x$spec$output_type, guards)
  function_of(arguments, statements, outputs, x$output_names,
              constant = lengths(lapply(r_equations(x, guards), all.vars)) == 0)
}

# A function of `arguments` that runs `statements` and returns the outputs
# (a vector for one, a matrix for several). An output that depends on no input
# still gets one value per row.
function_of <- function(arguments, statements, outputs, output_names,
                        constant = lengths(lapply(outputs, all.vars)) == 0) {
  outputs[constant] <- lapply(outputs[constant], function(e) {
    call("rep_len", e, call("length", as.name(arguments[1])))
  })
  names(outputs) <- output_names
  result <- if (length(outputs) == 1) outputs[[1]] else as.call(c(as.name("cbind"), outputs))
  f <- function() NULL
  formals(f) <- stats::setNames(rep(list(quote(expr = )), length(arguments)), arguments)
  body(f) <- as.call(c(as.name("{"), statements, result))
  environment(f) <- baseenv()
  f
}

assignments <- function(names, values) {
  unname(Map(function(name, value) call("<-", as.name(name), value), names, values))
}

# `names`, each prefixed with dots until it is none of `taken` nor an earlier
# name (an output may be called like a hidden node).
local_names <- function(names, taken) {
  for (i in seq_along(names)) {
    while (names[i] %in% taken) names[i] <- paste0(".", names[i])
    taken <- c(taken, names[i])
  }
  names
}

# One call per output, in the input variables, as an expression vector.
r_equations <- function(object, guards) {
  network <- network_expressions(object$network, object$edges, input_symbols(object),
                                 guards = guards)
  outputs <- lapply(network$outputs, function(e) {
    with_input_calls(vocabulary_r(e, guards = guards), object)
  })
  outputs <- output_function_calls(outputs, object$spec$output_type, guards)
  as.expression(stats::setNames(outputs, object$output_names))
}

# Each design column as a symbol of its name, for the network's code.
input_symbols <- function(object) {
  lapply(object$input_names, as.name)
}

# `e` with each design column's symbol replaced by its R code (see
# input_calls()). Only after vocabulary_r(), as law_r_code() does: a term of
# the formula is R's to compute, and the engine's guards are not its own
# (`log(x1 + 1)` guarded as the engine's ln was off by 1e-10).
with_input_calls <- function(e, object) {
  substitute_inputs(e, named_input_calls(object))
}

# The inputs as R code. For fit_xy() fits, and by default, a design column is
# the variable of its name. For formula fits, a numeric term is its own
# expression (`log(x1)`; `I(x^2)` is `x^2`) and a factor level's indicator
# column is `(f == "level")`, so that the code runs on the data's variables.
input_calls <- function(object) {
  columns <- object$input_names
  calls <- lapply(columns, as.name)
  if (is.null(object$terms)) return(calls)
  labels <- attr(object$terms, "term.labels")
  for (i in seq_along(columns)) {
    call <- design_term_call(columns[i], labels, object$xlevels)
    if (!is.null(call)) calls[[i]] <- call
  }
  calls
}

design_term_call <- function(column, labels, xlevels) {
  if (column %in% labels && !column %in% names(xlevels)) {
    parsed <- tryCatch(str2lang(column), error = function(e) NULL)
    if (is.call(parsed) && identical(parsed[[1]], as.name("I"))) parsed <- parsed[[2]]
    return(parsed)
  }
  for (variable in names(xlevels)) {
    levels <- xlevels[[variable]]
    hit <- match(column, paste0(variable, levels))
    if (!is.na(hit)) {
      return(call("(", call("==", str2lang(variable), levels[[hit]])))
    }
  }
  NULL
}

# The arguments of as.function(): the variables the input calls use, in order.
function_arguments <- function(object) {
  unique(unlist(lapply(input_calls(object), all.vars)))
}

output_function_calls <- function(outputs, output_type, guards) {
  switch(output_type,
    real = outputs,
    probability_distribution = softmax_calls(outputs, guards),
    lapply(outputs, logistic_call)
  )
}

