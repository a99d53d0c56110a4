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

# Cross-validated mean squared error of each member on `rows`, with its
# standard error across folds: `cv_mse` and `cv_se` added to each member.
cross_validate <- function(members, context, rows) {
  folds <- cv_folds(length(rows))
  lapply(members, function(member) {
    errors <- member_cv_errors(member$model, context, rows, folds)
    fold_mse <- vapply(split(errors, folds), mean, numeric(1))
    member$cv_mse <- mean(errors)
    member$cv_se <- if (length(fold_mse) > 1) stats::sd(fold_mse) / sqrt(length(fold_mse)) else Inf
    member
  })
}

# Squared prediction error of every row (summed over outputs) when it is held
# out; Inf where a fold's refit fails.
member_cv_errors <- function(model, context, rows, folds) {
  spec <- context$spec
  x <- context$x[rows, , drop = FALSE]
  y <- context$y[rows, , drop = FALSE]
  errors <- numeric(length(rows))
  for (k in unique(folds)) {
    test <- folds == k
    polished <- engine_polish(spec, model, x[!test, , drop = FALSE], y[!test, , drop = FALSE],
                              CV_ITERATIONS)
    if (!is.finite(polished$sse)) {
      errors[test] <- Inf
      next
    }
    predicted <- engine_predict(spec, polished_model(model, polished), x[test, , drop = FALSE],
                                ncol(y))
    errors[test] <- rowSums((predicted - y[test, , drop = FALSE])^2)
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
  cv <- vapply(members, `[[`, numeric(1), "cv_mse")
  se <- vapply(members, `[[`, numeric(1), "cv_se")
  if (!any(is.finite(cv))) return(1L)
  best <- which.min(cv)
  threshold <- cv[best] + floor + if (is.finite(se[best])) se[best] else 0
  which(cv <= threshold)[1]
}
