# Choosing among the front by cross-validation.
#
# Every member of the front is the best of many candidates on the same rows,
# so its training error flatters it, the more so the more coefficients it has;
# BIC's N log(SSE / N) even runs to minus infinity as the coefficients approach
# the rows. Cross-validation asks instead how well each equation predicts rows
# it was not fitted on: K folds (leave-one-out when rows are few), the
# coefficients refitted on each training fold from the full-data estimate.
# Then the simplest equation whose error is within one standard error of the
# lowest (glmnet's lambda.1se rule): the data cannot tell it from the best,
# and it is the one to believe.

CV_FOLDS <- 10L
# Up to this many rows, leave-one-out.
CV_LOO_MAX_ROWS <- 30L
CV_ITERATIONS <- 50L

# The fold of each of n rows, drawn from R's RNG (so set.seed() fixes them).
cv_folds <- function(n) {
  if (n <= CV_LOO_MAX_ROWS) return(seq_len(n))
  sample(rep_len(seq_len(CV_FOLDS), n))
}

# Cross-validated loss of each member on `rows` (per unit of weight: the
# mean squared error, or the mean deviance), with its standard error across
# folds: `cv_loss` and `cv_se` added to each member.
cross_validate <- function(members, context, rows) {
  folds <- cv_folds(length(rows))
  weights <- if (is.null(context$weights)) rep(1, length(rows)) else context$weights[rows]
  lapply(members, function(member) {
    errors <- member_cv_errors(member$model, context, rows, folds)
    fold_loss <- vapply(split(seq_along(rows), folds), function(i) {
      sum(errors[i]) / sum(weights[i])
    }, numeric(1))
    member$cv_loss <- sum(errors) / sum(weights)
    member$cv_se <- if (length(fold_loss) > 1) stats::sd(fold_loss) / sqrt(length(fold_loss)) else Inf
    member
  })
}

# The loss of every row (summed over outputs, weighted) when it is held out;
# Inf where a fold's refit fails.
member_cv_errors <- function(model, context, rows, folds) {
  errors <- numeric(length(rows))
  for (k in unique(folds)) {
    test <- rows[folds == k]
    polished <- polish_on(context, model, rows[folds != k], CV_ITERATIONS)
    if (!is.finite(polished$loss)) {
      errors[folds == k] <- Inf
      next
    }
    predicted <- engine_predict(context$spec, polished_model(model, polished),
                                context$x[test, , drop = FALSE], ncol(context$y))
    errors[folds == k] <- row_losses(context$family, context$y[test, , drop = FALSE], predicted,
                                     context$weights[test])
  }
  errors[!is.finite(errors)] <- Inf
  errors
}

# The index of the chosen member. "cv": the simplest within one standard
# error of the lowest cross-validated error (errors that differ by less than
# `floor`, rounding, count as equal); "bic": the lowest BIC. Members are
# sorted by complexity.
choose_member <- function(members, selection, floor = 0) {
  if (selection == "bic") return(which.min(vapply(members, `[[`, numeric(1), "bic")))
  cv <- vapply(members, `[[`, numeric(1), "cv_loss")
  se <- vapply(members, `[[`, numeric(1), "cv_se")
  if (!any(is.finite(cv))) return(1L)
  best <- which.min(cv)
  threshold <- cv[best] + floor + if (is.finite(se[best])) se[best] else 0
  which(cv <= threshold)[1]
}
