# Choosing among the front by cross-validation.
#
# Every member of the front is the best of many candidates on the same rows,
# so its training error flatters it, the more so the more coefficients it has;
# BIC's N log(SSE / N) even runs to minus infinity as the coefficients approach
# the rows. Cross-validation asks instead how well each equation predicts rows
# it was not fitted on: K folds (leave-one-out when rows are few), the
# coefficients refitted on each training fold from the full-data estimate;
# with groups, whole groups held out (see cv_folds()).
# Then the simplest equation whose error is within one standard error of the
# lowest (glmnet's lambda.1se rule): the data cannot tell it from the best,
# and it is the one to believe.

# (CV_FOLDS, CV_LOO_MAX_ROWS and CV_ITERATIONS are in R/refine-policy.R.)
# A fold counts as determining a combination of the constants by itself when
# its rows' leverage (the largest eigenvalue of its block of the hat matrix)
# is this close to 1.
CV_LEVERAGE_LIMIT <- 1 - 1e-6

# The fold of each of n rows, drawn from R's RNG (so set.seed() fixes them).
# With `groups` (one per row), whole groups are assigned to folds, so that a
# group's rows are held out together: its rows are not independent of each
# other, and a fold that held out some of them would be predicted from their
# siblings. Up to CV_LOO_MAX_ROWS groups, one fold per group
# (leave-one-group-out); beyond, CV_FOLDS folds of groups. Without groups,
# every row is its own group.
cv_folds <- function(n, groups = NULL) {
  if (is.null(groups)) {
    if (n <= CV_LOO_MAX_ROWS) return(seq_len(n))
    return(sample(rep_len(seq_len(CV_FOLDS), n)))
  }
  group_index <- match(groups, unique(groups))
  n_groups <- max(group_index)
  group_folds <- if (n_groups <= CV_LOO_MAX_ROWS) {
    seq_len(n_groups)
  } else {
    sample(rep_len(seq_len(CV_FOLDS), n_groups))
  }
  group_folds[group_index]
}

# Cross-validated loss of each member on `rows` (per unit of weight: the
# mean squared error, or the mean deviance), with its standard error across
# folds: `cv_loss` and `cv_se` added to each member. Members compared with
# each other are validated on the same `folds` (see cv_folds()); without
# folds (selection by BIC), both are NA.
cross_validate <- function(members, context, rows, folds) {
  if (is.null(folds)) {
    return(lapply(members, function(member) {
      member$cv_loss <- NA_real_
      member$cv_se <- NA_real_
      member
    }))
  }
  weights <- if (is.null(context$weights)) rep(1, length(rows)) else context$weights[rows]
  lapply(members, function(member) {
    errors <- member_cv_errors(member$model, context, rows, folds)
    errors[folds %in% self_determined_folds(member$law, context, rows, folds)] <- Inf
    fold_loss <- vapply(split(seq_along(rows), folds), function(i) {
      sum(errors[i]) / sum(weights[i])
    }, numeric(1))
    member$cv_loss <- sum(errors) / sum(weights)
    member$cv_se <- fold_standard_error(fold_loss)
    member
  })
}

# The standard error of the mean of the folds' losses; Inf with one fold, or
# where a fold's loss is not finite (its refit failed, or the held-out rows
# alone set a constant): an unbounded error, not the NaN that sd() gives.
fold_standard_error <- function(fold_loss) {
  if (length(fold_loss) < 2 || !all(is.finite(fold_loss))) return(Inf)
  stats::sd(fold_loss) / sqrt(length(fold_loss))
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

# The folds whose rows alone determine some combination of the equation's
# constants, which the other rows leave free: a relu's kink with one row
# beyond it, a term 1e-26 * exp(27 * x) that only the largest x sees. Refitted
# from the full-data estimate, such a combination keeps the value the
# held-out rows gave it, so the fold's error is as small as a training error:
# the equation predicts those rows only because it was fitted to them. Their
# errors count as infinite. A fold does this when the largest eigenvalue of
# its block of the hat matrix of the constants' gradient is 1 (to
# CV_LEVERAGE_LIMIT). Left out one by one, a row's block holds its
# replicates too (rows with the same inputs, which stay in training): a term
# 1e-16 * exp(2.8 * x) that only the largest x sees is set by the rows
# there, and of DNase's two rows at each concentration, the one left in set
# it for the one held out. (Folds of many rows hold most of a replicated
# design's points between them; there a fold is its rows.)
self_determined_folds <- function(law, context, rows, folds) {
  gradients <- tryCatch(suppressWarnings(law_gradients(law, context$x[rows, , drop = FALSE])),
                        error = function(e) NULL)
  row_scale <- if (is.null(context$weights)) 1 else sqrt(context$weights[rows])
  point <- if (anyDuplicated(folds)) seq_along(rows) else {
    design_points(context$x[rows, , drop = FALSE])
  }
  flagged <- integer()
  for (output in gradients) {
    basis <- gradient_basis(output$gradient * row_scale)
    if (is.null(basis)) next
    for (k in setdiff(unique(folds), flagged)) {
      block <- basis[point %in% point[folds == k], , drop = FALSE]
      if (largest_singular_value(block)^2 > CV_LEVERAGE_LIMIT) flagged <- c(flagged, k)
    }
  }
  flagged
}

# The design point of each row of `x`: rows with the same inputs share one.
design_points <- function(x) {
  if (!anyDuplicated(x)) return(seq_len(nrow(x)))
  key <- do.call(paste, c(as.data.frame(x), sep = "\r"))
  match(key, key)
}

# An orthonormal basis of the column space of a gradient (columns scaled to
# unit length first, so that a constant's units do not decide the rank); NULL
# when there is none or it is not finite.
gradient_basis <- function(gradient) {
  if (ncol(gradient) == 0 || !all(is.finite(gradient))) return(NULL)
  lengths <- sqrt(colSums(gradient^2))
  gradient <- gradient[, lengths > 0, drop = FALSE]
  if (ncol(gradient) == 0) return(NULL)
  decomposition <- qr(sweep(gradient, 2, lengths[lengths > 0], "/"), tol = 1e-10)
  qr.Q(decomposition)[, seq_len(decomposition$rank), drop = FALSE]
}

largest_singular_value <- function(m) {
  if (nrow(m) == 1 || ncol(m) == 1) return(sqrt(sum(m^2)))
  svd(m, nu = 0, nv = 0)$d[1]
}

# The index of the chosen member. "cv": the simplest within one standard
# error of the lowest cross-validated error (errors that differ by less than
# `floor`, rounding, count as equal); "bic": the lowest BIC. Members are
# sorted by complexity.
choose_member <- function(members, selection, floor = 0) {
  if (selection == "bic") return(which.min(vapply(members, `[[`, numeric(1), "bic")))
  cv <- vapply(members, `[[`, numeric(1), "cv_loss")
  if (!any(is.finite(cv))) return(1L)
  which(cv <= cv_threshold(members, floor))[1]
}

# The largest cross-validated loss the "cv" rule accepts: the lowest, plus
# its standard error and `floor`.
cv_threshold <- function(members, floor = 0) {
  cv <- vapply(members, `[[`, numeric(1), "cv_loss")
  se <- vapply(members, `[[`, numeric(1), "cv_se")
  best <- which.min(cv)
  cv[best] + floor + if (is.finite(se[best])) se[best] else 0
}
