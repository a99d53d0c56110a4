# The loss a fit minimises, by family (see R/data-response.R), in one place: the
# search, the polish, the refinement's comparisons, the cross-validation and
# the information criteria all read it from here.
#
# * "gaussian": the (weighted) sum of squared errors over rows and outputs.
# * "binomial": the deviance, 2 sum w [y log(y / p) + (1 - y) log((1 - y) / (1 - p))].
# * "multinomial": the deviance, 2 sum w sum_c y_c log(y_c / p_c).
# A deviance is 0 for a perfect fit, as a sum of squares is, so the two read
# alike wherever only their order or their size relative to the data counts.

# Each row's share of the loss (summed over outputs), weighted.
row_losses <- function(family, y, fitted, weights = NULL) {
  losses <- switch(family,
    gaussian = rowSums((y - fitted)^2),
    binomial = rowSums(2 * (x_log_ratio(y, fitted) + x_log_ratio(1 - y, 1 - fitted))),
    multinomial = rowSums(2 * x_log_ratio(y, fitted))
  )
  if (is.null(weights)) losses else weights * losses
}

# y log(y / p), 0 where y is 0, with p held above the smallest double.
x_log_ratio <- function(y, p) {
  ifelse(y > 0, y * (log(pmax(y, .Machine$double.xmin)) - log(pmax(p, .Machine$double.xmin))), 0)
}

total_loss <- function(family, y, fitted, weights = NULL) {
  sum(row_losses(family, y, fitted, weights))
}

# The total case weight of n rows: n without weights.
total_weight <- function(weights, n) {
  if (is.null(weights)) n else sum(weights)
}

# Column means, weighted.
weighted_means <- function(y, weights = NULL) {
  if (is.null(weights)) return(colMeans(y))
  colSums(y * weights) / sum(weights)
}

# The best constant fit of `y`: every row its (weighted) column means, the
# null model of R-squared and of the null deviance.
constant_fit <- function(y, weights = NULL) {
  matrix(weighted_means(y, weights), nrow(y), ncol(y), byrow = TRUE)
}

# BIC from a total loss on rows of total weight `weight`: N log(SSE / N) +
# k log(N) for least squares (N = weight x n_outputs, every response),
# deviance + k log(weight) for a likelihood fit; k is the complexity. The
# error variance is floored at 1e-300 so that exact fits of noise-free data
# give a finite value.
loss_bic <- function(family, loss, complexity, weight, n_outputs) {
  if (family != "gaussian") return(loss + complexity * log(weight))
  n <- weight * n_outputs
  n * log(max(loss / n, 1e-300)) + complexity * log(n)
}

# Each row's cross-entropy (the negative log-likelihood; for 0/1 responses
# half the deviance), weighted.
row_cross_entropy <- function(family, y, fitted, weights = NULL) {
  tiny <- .Machine$double.xmin
  losses <- if (family == "binomial") {
    -rowSums(y * log(pmax(fitted, tiny)) + (1 - y) * log(pmax(1 - fitted, tiny)))
  } else {
    -rowSums(y * log(pmax(fitted, tiny)))
  }
  if (is.null(weights)) losses else weights * losses
}

# Separable classes drive a likelihood fit's coefficients to infinity; the
# polish's ridge penalty (see ?darts_regressor) holds them finite, and the
# user hears of it, as from glm(): when a fitted probability is numerically 0
# or 1, or when every row of a 0/1 (one-hot) response is classified right.
warn_if_separated <- function(fit) {
  p <- fit$fitted.values
  y <- fit$y
  extreme <- any(p < SEPARATION_EPS | p > 1 - SEPARATION_EPS)
  if (!extreme && !(all(y == 0 | y == 1) && all(predicted_class(p) == predicted_class(y)))) {
    return(invisible())
  }
  cli::cli_warn(
    c("Fitted probabilities numerically 0 or 1 occurred, or the inputs separate the classes.",
      i = "The coefficients are held finite by a small ridge penalty; probabilities near 0 or 1 are not to be trusted."),
    class = "dartsr_warning_separation"
  )
}

SEPARATION_EPS <- 1e-8

# The index of each row's most probable class: 1 or 2 for one logistic
# output (the first or second level), the largest column of a softmax.
predicted_class <- function(p) {
  if (ncol(p) == 1) return(1L + (p[, 1] > 0.5))
  max.col(p, ties.method = "first")
}
