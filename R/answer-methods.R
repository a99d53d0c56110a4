#' Print, summarise and extract from a fitted DARTS model
#'
#' `print()` shows the call, the equations of the sampled model (see
#' [equation()][equation.darts_fit]) and a line on the search; `format()`
#' returns those lines. A hidden node that reaches no output -- its output
#' weights are exactly 0 and it feeds no node that does -- is marked
#' `(unused)`. `summary()` adds the sampled model's coefficients, its training
#' loss and R-squared per output, its log-likelihood, AIC and BIC (see
#' [logLik.darts_fit()]), the architectures the refinement compared (when it
#' ran), and the architecture weights of every edge: the softmax of `alphas`
#' over the primitives (for `darts_type = "fair"`, the sigmoid of each, as the
#' search mixes them).
#'
#' `coef()` gives the free constants of the simplified equation (see
#' [equation()][equation.darts_fit]), named `b1`, `b2`, ... in the order the
#' equation prints them (`y = b1 * x1 + exp(b2 * x2)` with
#' `equation(fit, coefficients = "names")`; for several outputs
#' `"<output>:b1"`, ...). With `form = "nodes"` (and for a model written node
#' by node) it gives the sampled network's free coefficients: the parameters of
#' every chosen operation, named `"<edge>: <primitive>.<parameter>"` (for
#' example `"x1 -> k1: linear.a"`), then the output layer's weights
#' (`"weight[y, k1]"`) and biases (`"bias[y]"`) when they were trained.
#' `fitted()` and `residuals()` give a numeric vector for one output, a matrix
#' with one column per output for several: one value per row of the fit or,
#' for a fit with `na.action = na.exclude`, per row of the data, `NA` where a
#' row was left out (as [stats::naresid()] pads them for `lm()`). `print()`
#' and `summary()` say how many rows `na.action` dropped ("3 observations
#' deleted due to missingness"); `nobs()` counts the rows fitted.
#'
#' @param x,object A `darts_fit` (or, for `print()`, its summary).
#' @param digits Number of significant digits of the coefficients in the
#'   equations (`format()`, `print()`) and of the summary's tables.
#' @param form For `coef()`: `"simplified"`, the constants of the simplified
#'   equation, or `"nodes"`, the coefficients of the sampled network.
#' @param ... Not used.
#' @return `print()` returns `x` invisibly; `format()` a character vector of
#'   lines; `summary()` a `summary.darts_fit` object; `coef()` a named numeric
#'   vector; `fitted()` and `residuals()` a vector or a matrix; `nobs()` the
#'   number of training rows.
#' @name darts_fit-methods
#' @importFrom stats coef fitted residuals nobs
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' f
#' summary(f)
#' coef(f)
#' head(residuals(f))
NULL

#' @rdname darts_fit-methods
#' @export
print.darts_fit <- function(x, digits = 3, ...) {
  cat(format(x, digits = digits), sep = "\n")
  invisible(x)
}

#' @rdname darts_fit-methods
#' @export
format.darts_fit <- function(x, digits = 3, ...) {
  c(
    "DARTS equation search",
    "",
    "Call:",
    format_call(x$call),
    "",
    "Equations:",
    paste0("  ", marked_equations(x, digits)),
    simplicity_note(x$front, digits),
    "",
    describe_search(x),
    missingness_note(x$na.action)
  )
}

# "3 observations deleted due to missingness", as summary.lm() says it;
# nothing when no row was dropped.
missingness_note <- function(na.action) {
  if (is.null(na.action)) return(character())
  stats::naprint(na.action)
}

# An equation above this complexity is not handed over as a law without a
# word: no simple law was found.
SIMPLE_LAW_MAX_COMPLEXITY <- 25

# When the chosen equation is long, lines that say so and show the best
# equation of the front that is simple (complexity at most
# SIMPLE_LAW_MAX_COMPLEXITY) with its fit; nothing otherwise.
simplicity_note <- function(front, digits = 3) {
  if (is.null(front) || !any(front$chosen)) return(character())
  chosen <- front$complexity[front$chosen]
  if (chosen <= SIMPLE_LAW_MAX_COMPLEXITY) return(character())
  note <- c("", sprintf("No simple law found: the chosen equation has complexity %d (above %d).",
                        as.integer(chosen), as.integer(SIMPLE_LAW_MAX_COMPLEXITY)))
  simple <- which(front$complexity <= SIMPLE_LAW_MAX_COMPLEXITY)
  if (length(simple) == 0) return(c(note, "See pareto_front() for the equations found."))
  best <- simple[length(simple)] # the front's error falls with complexity
  fit <- if (!is.null(front$r_squared)) {
    sprintf("R-squared %s", format(front$r_squared[best], digits = digits))
  } else {
    sprintf("mean deviance %s", format(front$deviance[best], digits = digits))
  }
  c(note, sprintf("The best simple equation of the front (complexity %d, %s):",
                  as.integer(front$complexity[best]), fit),
    paste0("  ", front$equation[best]),
    "See pareto_front() for all of them, choose_equation() to take one.")
}

# The equations, with the lines of hidden nodes that reach no output marked.
marked_equations <- function(x, digits = 3, form = "simplified") {
  lines <- equation.darts_fit(x, digits = digits, form = form)
  # The simplified form has one line per output and no hidden nodes.
  if (length(lines) == length(x$output_names)) return(lines)
  unused <- which(unused_nodes(x))
  lines[unused] <- paste(lines[unused], "  (unused)")
  lines
}

format_call <- function(call) {
  deparse(call, width.cutoff = 70L)
}

# One line on the graph searched and how long the search ran.
describe_search <- function(x) {
  K <- x$spec$num_graph_nodes
  total <- epochs_searched(x$history)
  epochs <- sprintf("%d epoch%s of architecture search", total, plural(total))
  if (!is.null(x$convergence$epochs) && x$convergence$epochs != total) {
    epochs <- sprintf("%s (%d in the last fit)", epochs, x$convergence$epochs)
  }
  M <- length(edge_primitives(x$spec$primitives))
  nodes <- if (has_product_nodes(x$spec$primitives)) " (sums or products)" else ""
  searched <- sprintf("%d hidden node%s%s, %d edges, %d primitives; %s DARTS, %s.",
                      K, plural(K), nodes, nrow(x$edges), M, x$spec$darts_type, epochs)
  along <- attr(x$spec, "periodic_along")
  placed <- intersect(refine_primitives(x$spec), x$network$architecture)
  paste(c(
    searched,
    if (length(along) > 0) {
      sprintf("The default primitives took linear_sin: the response is periodic along %s.",
              paste(along, collapse = ", "))
    },
    if (length(placed) > 0) {
      sprintf("The refinement placed %s, which the search leaves out.",
              paste(placed, collapse = ", "))
    }
  ), collapse = " ")
}

#' @rdname darts_fit-methods
#' @export
summary.darts_fit <- function(object, ...) {
  exact <- isTRUE(law_of(object)$exact)
  covariance <- if (exact) constant_covariance(object)
  structure(
    list(
      call = object$call,
      equations = marked_equations(object),
      symbolic = if (exact) equation.darts_fit(object, coefficients = "names"),
      coefficients = if (exact) coef_table(object, covariance) else tidy.darts_fit(object),
      sigma = covariance$sigma,
      residual_df = covariance$residual_df,
      family = covariance$family,
      loss = object$loss,
      loss_name = loss_name(object),
      outputs = data.frame(
        output = object$output_names,
        mse = unname(colMeans(object$residuals^2)),
        r_squared = unname(object$r_squared),
        stringsAsFactors = FALSE
      ),
      log_lik = logLik.darts_fit(object),
      front = object$front,
      restarts = object$restarts,
      architecture_weights = architecture_weights(object$alphas, object$spec$darts_type),
      node_kind_weights = if (!is.null(object$node_alphas)) {
        architecture_weights(object$node_alphas, object$spec$darts_type)
      },
      darts_type = object$spec$darts_type,
      search = describe_search(object),
      missingness = missingness_note(object$na.action),
      nobs = nobs.darts_fit(object)
    ),
    class = "summary.darts_fit"
  )
}

#' @rdname darts_fit-methods
#' @export
print.summary.darts_fit <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
  cat("DARTS equation search\n\nCall:\n")
  cat(format_call(x$call), sep = "\n")
  cat("\nEquations:\n")
  cat(paste0("  ", x$equations), sep = "\n")
  note <- simplicity_note(x$front, digits)
  if (length(note) > 0) cat(note, sep = "\n")
  if (!is.null(x$symbolic)) {
    cat("\nCoefficients of the equation:\n")
    cat(paste0("  ", x$symbolic), sep = "\n")
  } else {
    cat("\nCoefficients of the sampled model:\n")
  }
  if (nrow(x$coefficients) == 0) {
    cat("  (none)\n")
  } else if (is.null(x$symbolic)) {
    table <- x$coefficients[c("edge", "operation", "parameter", "estimate")]
    # Each estimate on its own: one tiny value should not put them all in
    # scientific notation.
    table$estimate <- vapply(table$estimate, format, character(1), digits = digits)
    print(table, row.names = FALSE)
  } else {
    print_coefficient_tests(x$coefficients, x$family, digits)
  }
  print_residual_error(x$sigma, x$residual_df, digits)
  cat(sprintf("\nTraining loss (%s): %s on %d rows\n", x$loss_name,
              format(x$loss, digits = digits), x$nobs))
  if (length(x$missingness) > 0) cat("  (", x$missingness, ")\n", sep = "")
  outputs <- x$outputs
  names(outputs) <- c("output", "MSE", "R-squared")
  print(format(outputs, digits = digits), row.names = FALSE)
  cat(format_information_criteria(x$log_lik, digits), "\n", sep = "")
  print_front(x$front, digits)
  print_restarts(x$restarts, digits)
  cat(sprintf("\nArchitecture weights (%s of alphas, by edge and primitive):\n",
              if (x$darts_type == "fair") "sigmoid" else "softmax"))
  print(round(x$architecture_weights, 3L))
  if (!is.null(x$node_kind_weights)) {
    cat("\nNode kinds (the same, of the nodes' kind weights):\n")
    print(round(x$node_kind_weights, 3L))
  }
  cat("\n", x$search, "\n", sep = "")
  invisible(x)
}

# The estimates with their standard errors and tests, as summary.nls()
# prints them.
print_coefficient_tests <- function(table, family, digits) {
  statistic <- if (family == "gaussian") "t" else "z"
  matrix <- as.matrix(table[c("estimate", "std.error", "statistic", "p.value")])
  dimnames(matrix) <- list(table$term, c("Estimate", "Std. Error", paste(statistic, "value"),
                                         sprintf("Pr(>|%s|)", statistic)))
  stats::printCoefmat(matrix, digits = digits, signif.legend = FALSE)
}

# "Residual standard error: s on df degrees of freedom", per Gaussian output.
print_residual_error <- function(sigma, residual_df, digits) {
  shown <- !is.na(sigma)
  if (!any(shown)) return(invisible())
  label <- if (length(sigma) == 1) "" else paste0(" (", names(sigma), ")")
  cat(sprintf("\nResidual standard error%s: %s on %d degrees of freedom", label[shown],
              vapply(sigma[shown], format, character(1), digits = digits),
              as.integer(residual_df[shown])), sep = "")
  cat("\n")
  invisible()
}

format_information_criteria <- function(log_lik, digits) {
  sprintf("Log-likelihood %s (df = %d), AIC %s, BIC %s",
          format(as.numeric(log_lik), digits = digits), attr(log_lik, "df"),
          format(stats::AIC(log_lik), digits = digits),
          format(stats::BIC(log_lik), digits = digits))
}

# Every restart's equation and score, the chosen one starred.
print_restarts <- function(restarts, digits) {
  if (is.null(restarts) || nrow(restarts) == 0) return(invisible())
  cat(sprintf("\nRestarts: %d; the one whose chosen equation scores best (CV MSE or BIC) is kept (*):\n",
              nrow(restarts)))
  table <- data.frame(
    " " = ifelse(restarts$chosen, "*", ""),
    restart = restarts$restart,
    score = format(restarts$score, digits = digits),
    equation = restarts$equation,
    check.names = FALSE
  )
  print(table, row.names = FALSE, right = FALSE)
  invisible()
}

# The loss the search minimised, by family and output type.
loss_name <- function(fit) {
  if (fit_family(fit) != "gaussian") return("cross-entropy")
  if (fit$spec$output_type == "real") "MSE" else "MSE of the logistic output"
}

# The mixture weights the search used on every edge: softmax over the
# primitives for original DARTS, an independent sigmoid per primitive for fair
# DARTS. Works on an E x M matrix of alphas.
architecture_weights <- function(alphas, darts_type) {
  if (darts_type == "fair") {
    weights <- 1 / (1 + exp(-alphas))
  } else {
    weights <- exp(alphas - apply(alphas, 1, max))
    weights <- weights / rowSums(weights)
  }
  dimnames(weights) <- dimnames(alphas)
  weights
}

# Every free coefficient of the sampled model, one row each: the parameters
# of the chosen operations, then the output layer's weights and biases where
# the search trained them (frozen ones are fixed, not estimates).
coefficient_table <- function(object) {
  rows <- c(operation_coefficients(object), classifier_coefficients(object))
  rows <- Filter(Negate(is.null), rows)
  if (length(rows) == 0) {
    return(data.frame(term = character(), edge = character(), operation = character(),
                      parameter = character(), estimate = numeric(),
                      stringsAsFactors = FALSE))
  }
  do.call(rbind, rows)
}

operation_coefficients <- function(object) {
  architecture <- object$network$architecture
  lapply(seq_along(architecture), function(e) {
    primitive <- architecture[[e]]
    params <- primitive_params(primitive)
    if (length(params) == 0) return(NULL)
    edge <- object$edges$name[e]
    coefficient_rows(
      term = sprintf("%s: %s.%s", edge, primitive, params),
      edge = edge, operation = primitive, parameter = params,
      estimate = unname(edge_params(object, e)[seq_along(params)])
    )
  })
}

classifier_coefficients <- function(object) {
  weight <- object$network$weight
  outputs <- object$output_names
  nodes <- hidden_node_names(object)
  rows <- list()
  if (isTRUE(object$spec$train_classifier_coefficients)) {
    # Output by output, each with its nodes in order.
    out <- rep(outputs, each = length(nodes))
    node <- rep(nodes, times = length(outputs))
    rows$weight <- coefficient_rows(
      term = sprintf("weight[%s, %s]", out, node),
      edge = paste(node, "->", out), operation = "output layer",
      parameter = "weight", estimate = as.vector(t(weight))
    )
  }
  if (isTRUE(object$spec$train_classifier_bias)) {
    rows$bias <- coefficient_rows(
      term = sprintf("bias[%s]", outputs), edge = outputs,
      operation = "output layer", parameter = "bias",
      estimate = unname(object$network$bias)
    )
  }
  rows
}

coefficient_rows <- function(term, edge, operation, parameter, estimate) {
  data.frame(term = term, edge = edge, operation = operation,
             parameter = parameter, estimate = estimate,
             stringsAsFactors = FALSE)
}

#' @rdname darts_fit-methods
#' @export
coef.darts_fit <- function(object, form = c("simplified", "nodes"), ...) {
  form <- check_choice(form)
  law <- law_of(object)
  if (form == "simplified" && isTRUE(law$exact)) return(law_coefficients(law, object$output_names))
  table <- coefficient_table(object)
  stats::setNames(table$estimate, table$term)
}

#' @rdname darts_fit-methods
#' @export
fitted.darts_fit <- function(object, ...) {
  drop_single_output(pad_excluded(object$fitted.values, object$exclude))
}

#' @rdname darts_fit-methods
#' @export
residuals.darts_fit <- function(object, ...) {
  drop_single_output(pad_excluded(object$residuals, object$exclude))
}

#' @rdname darts_fit-methods
#' @export
nobs.darts_fit <- function(object, ...) {
  nrow(object$y)
}
