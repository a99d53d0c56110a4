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
#'   (`NA` where no cross-validation ran); `bic`; and `chosen`, `TRUE` for the
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
  chosen <- set_model(object, object$front_models[[member]], polish = TRUE)
  if (is_choice(chosen)) warn_if_separated(chosen)
  chosen
}

check_fit <- function(object, arg, call = rlang::caller_env()) {
  if (!inherits(object, "darts_fit") || is.null(object$front)) {
    abort_invalid(arg, "must be a fitted model ({.cls darts_fit}), not {what}.", call = call,
                  .envir = list2env(list(what = describe(object))))
  }
}

# The front as a data frame; training errors on every row.
front_table <- function(members, chosen, fit) {
  y <- fit$y
  family <- fit_family(fit)
  weight <- total_weight(fit$weights, nrow(y))
  loss <- vapply(members, function(m) {
    total_loss(family, y, engine_predict(fit$spec, m$model, fit$x, ncol(y)), fit$weights)
  }, numeric(1))
  cv_loss <- vapply(members, `[[`, numeric(1), "cv_loss")
  front <- data.frame(
    complexity = vapply(members, `[[`, numeric(1), "complexity"),
    equation = vapply(members, function(m) {
      paste(law_text(m$law, fit$output_names, "console", 3, lhs = output_lhs(fit, "console")),
            collapse = "; ")
    }, character(1)),
    stringsAsFactors = FALSE
  )
  if (family == "gaussian") {
    ss_total <- total_loss("gaussian", y, constant_fit(y, fit$weights), fit$weights)
    front$rmse <- sqrt(loss / (weight * ncol(y)))
    front$r_squared <- if (ss_total > 0) 1 - loss / ss_total else NA_real_
    front$cv_rmse <- sqrt(cv_loss)
  } else {
    front$deviance <- loss / weight
    front$cv_deviance <- cv_loss
  }
  front$cv_se <- vapply(members, `[[`, numeric(1), "cv_se")
  front$bic <- vapply(members, `[[`, numeric(1), "bic")
  front$chosen <- seq_along(members) == chosen
  front
}

# The front's training and cross-validated error as printed and plotted:
# RMSE for least squares; the mean deviance for a choice, whose standard
# error needs no conversion.
front_errors <- function(front) {
  if (!is.null(front$rmse)) {
    return(list(training = front$rmse, cv = front$cv_rmse, label = "RMSE",
                # The standard error of the MSE, carried to the RMSE by the delta method.
                cv_se = ifelse(is.finite(front$cv_se) & front$cv_rmse > 0,
                               front$cv_se / (2 * front$cv_rmse), NA_real_)))
  }
  list(training = front$deviance, cv = front$cv_deviance, label = "deviance",
       cv_se = ifelse(is.finite(front$cv_se), front$cv_se, NA_real_))
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

# ---- Drawing the front -----------------------------------------------------

# The front of the contenders and their members (`member_of`, front_member()
# in a fit). A contender that gives no member -- its law leans on an engine
# guard, ln(exp(u)) with exp capped -- leaves, and the front is drawn again
# without it: it must not hide the simpler equations it fitted better than
# (on 12 of Ratkowsky3's rows such a one hid the certified logistic and left
# ln(x) the best on the front).
front_with_laws <- function(contenders, floor, member_of) {
  members <- vector("list", length(contenders))
  checked <- logical(length(contenders))
  alive <- rep(TRUE, length(contenders))
  repeat {
    on_front <- which(alive)[pareto_indices(contenders[alive], floor)]
    fresh <- on_front[!checked[on_front]]
    if (length(fresh) == 0) break
    for (i in fresh) {
      members[i] <- list(member_of(contenders[[i]]))
      checked[i] <- TRUE
      alive[i] <- !is.null(members[[i]])
    }
  }
  list(front = contenders[on_front], members = members[on_front])
}

# The `n` candidates of lowest loss at each complexity.
best_at_each_complexity <- function(candidates, n) {
  complexity <- vapply(candidates, `[[`, numeric(1), "complexity")
  loss <- vapply(candidates, `[[`, numeric(1), "loss")
  ordered <- order(complexity, loss)
  rank <- stats::ave(seq_along(ordered), complexity[ordered], FUN = seq_along)
  candidates[ordered[rank <= n]]
}

# The members that no simpler member fits as well: the best at each
# complexity, kept only if its error is below that of every simpler one (by
# more than `floor`). Sorted by complexity.
pareto_members <- function(candidates, floor = 0) {
  candidates[pareto_indices(candidates, floor)]
}

# The indices of pareto_members(), in their order.
pareto_indices <- function(candidates, floor = 0) {
  complexity <- vapply(candidates, `[[`, numeric(1), "complexity")
  loss <- vapply(candidates, `[[`, numeric(1), "loss")
  kept <- integer()
  best <- Inf
  for (i in order(complexity, loss)) {
    if (loss[i] < best * (1 - 1e-9) - floor) {
      kept <- c(kept, i)
      best <- loss[i]
    }
  }
  kept
}
