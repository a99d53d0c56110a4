# Reading the Pareto front of a fit: pareto_front(), choose_equation() and the
# front as summary() prints it. How the front is drawn from the candidates
# and tabulated is in R/refine-front.R.

#' The Pareto front of equations: error against complexity
#'
#' After the search, dartsr fits many discrete graphs and keeps, at each
#' complexity, the equation that fits best, and only if it fits better than
#' every simpler one: the Pareto front of error against complexity. One of them
#' is the fitted model (see Selection in [darts_regressor()]); the others stay
#' in view, so that a look-alike that fits as well as a law, or a law one term
#' simpler than the chosen equation, is not hidden.
#'
#' Complexity is counted on the simplified equation (see
#' [equation()][equation.darts_fit]): its operations (`+`, `-`, `*`, `/`,
#' `^` and every function) plus its free numeric constants. `2 * x1 + exp(5 *
#' x2)` has 4 operations and 2 constants, complexity 6; `20 * x + 10` has 4;
#' a constant `0.5` has 1. A logistic or softmax output adds one per output.
#'
#' @param object A `darts_fit`.
#' @param ... Not used; must be empty.
#' @return `pareto_front()`: a data frame with one row per member, sorted by
#'   complexity: `complexity`; `equation`, the simplified equation (outputs
#'   separated by `"; "`); `rmse` and `r_squared` on all training rows;
#'   `cv_rmse`, the root of the cross-validated mean squared error, and
#'   `cv_se`, the standard error of that mean squared error across folds
#'   (`NA` where no cross-validation ran; both `Inf` where a fold's refit
#'   failed or its held-out rows alone set a constant); `bic`; and `chosen`, `TRUE` for the
#'   fitted model's equation (exactly one row). For a choice (a factor or
#'   counts response, fitted by deviance) `deviance` and `cv_deviance`, the
#'   mean deviance per row (per unit of weight) on the training rows and
#'   cross-validated, take the place of `rmse`, `r_squared` and `cv_rmse`.
#'   With case weights every error is weighted.
#' @seealso [choose_equation()] to take another member as the model,
#'   [plot.darts_fit()] with `type = "front"`.
#' @export
#' @examples
#' d <- data.frame(x = seq(0, 5, length.out = 40))
#' set.seed(1)
#' d$y <- 4 * exp(-0.8 * d$x) + 1 + rnorm(40, sd = 0.05)
#' f <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30), y ~ x, data = d)
#' pareto_front(f)
pareto_front <- function(object, ...) {
  rlang::check_dots_empty()
  check_fit(object, "object")
  front <- object$front
  rownames(front) <- NULL
  front
}

#' Take another equation of the front as the model
#'
#' `choose_equation()` makes the member of the [pareto_front()] with the given
#' complexity the fitted model: its coefficients are polished on every
#' training row, and `predict()`, `equation()`, `plot()` and the other methods
#' then use it. The front itself is unchanged, with `chosen` moved.
#'
#' @param object A `darts_fit`.
#' @param complexity The complexity of the member to take, one of
#'   `pareto_front(object)$complexity`.
#' @return The `darts_fit` with that member as its model.
#' @export
#' @examples
#' d <- data.frame(x = seq(0, 5, length.out = 40))
#' set.seed(1)
#' d$y <- 4 * exp(-0.8 * d$x) + 1 + rnorm(40, sd = 0.05)
#' f <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30), y ~ x, data = d)
#' simplest <- choose_equation(f, min(pareto_front(f)$complexity))
#' equation(simplest)
choose_equation <- function(object, complexity) {
  check_fit(object, "object")
  member <- match(complexity, object$front$complexity)
  if (!is.numeric(complexity) || length(complexity) != 1 || is.na(member)) {
    abort_invalid("complexity",
                  "must be one of the front's complexities ({.val {choices}}), not {what}.",
                  .envir = list2env(list(choices = object$front$complexity,
                                         what = describe(complexity))))
  }
  object$front$chosen <- seq_len(nrow(object$front)) == member
  chosen <- set_network(object, object$front_networks[[member]], polish = TRUE)
  if (is_choice(chosen)) warn_if_separated(chosen)
  chosen
}

check_fit <- function(object, arg, call = rlang::caller_env()) {
  if (!inherits(object, "darts_fit") || is.null(object$front)) {
    abort_invalid(arg, "must be a fitted model ({.cls darts_fit}), not {what}.", call = call,
                  .envir = list2env(list(what = describe(object))))
  }
}

# Prints the front, the chosen member starred.
print_front <- function(front, digits) {
  if (is.null(front) || nrow(front) == 0) return(invisible())
  cat(sprintf("\nPareto front: %d equation%s by complexity (* chosen):\n", nrow(front),
              plural(nrow(front))))
  errors <- front_errors(front)
  table <- data.frame(
    " " = ifelse(front$chosen, "*", ""),
    complexity = front$complexity,
    training = format(errors$training, digits = digits),
    cv = format(errors$cv, digits = digits),
    equation = front$equation,
    check.names = FALSE
  )
  names(table)[3:4] <- c(errors$label, paste("CV", errors$label))
  # Chosen among several by BIC, no cross-validation ran: the BIC is what
  # chose.
  if (nrow(front) > 1 && all(is.na(errors$cv))) {
    table[[4]] <- format(front$bic, digits = digits)
    names(table)[4] <- "BIC"
  }
  print(table, row.names = FALSE, right = FALSE)
  invisible()
}
