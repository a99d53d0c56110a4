#' Log-likelihood, AIC and BIC of a fitted DARTS model
#'
#' `logLik()` gives the log-likelihood of the sampled model on its training
#' data, with the number of its free parameters as `df`, so that
#' [stats::AIC()] and [stats::BIC()] compare fits of different architectures:
#' a graph has to earn each coefficient it adds. `nobs()` is the number of
#' training rows.
#'
#' The free parameters are the parameters of every edge's chosen primitive,
#' the trainable entries of the output layer (`train_classifier_coefficients`,
#' `train_classifier_bias`), and, for a Gaussian likelihood, one error
#' variance per output.
#'
#' The likelihood depends on the response and the output type, and uses the
#' case weights `w` as [stats::lm()] and [stats::glm()] do:
#' * a numeric response with `"real"` output: Gaussian, with the
#'   maximum-likelihood variance `sum(w r^2) / n` of each output;
#' * a choice (a two-level factor or logical response, or counts
#'   `cbind(successes, failures)`): binomial,
#'   `sum(w (y log p + (1 - y) log(1 - p))) + sum(lchoose(m, m y))` with `m`
#'   the trials, as `logLik()` of a binomial [stats::glm()] gives it; a
#'   numeric response of 0s and 1s with a logistic output likewise;
#'   otherwise a logistic output is Gaussian on the probability scale;
#' * a factor of more levels, or `"probability_distribution"`: multinomial,
#'   `sum(w y log p)` over rows and outputs (for soft targets, the
#'   cross-entropy log-likelihood).
#'
#' A perfect fit has a log-likelihood of infinity in theory; here it is
#' finite, but very large. The variance of a Gaussian output is held at least
#' `1e-24` times the mean square of that output's response (and at least the
#' smallest positive double), far below any real error but far above rounding
#' noise, so that fits exact to rounding error (noise-free data) tie, and the
#' one with fewer parameters wins on AIC and BIC. Probabilities are held at
#' least the smallest positive double before their logarithm is taken.
#'
#' @param object A `darts_fit`.
#' @param ... Not used; must be empty.
#' @return `logLik()`: an object of class `"logLik"`, a number with attributes
#'   `df` (the number of free parameters) and `nobs` (the number of rows).
#' @seealso [glance.darts_fit()], which gives these in a data frame row.
#' @importFrom stats logLik
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' logLik(f)
#' AIC(f)
#' BIC(f)
#' nobs(f)
logLik.darts_fit <- function(object, ...) {
  rlang::check_dots_empty()
  y <- object$y
  fitted <- object$fitted.values
  weights <- object$weights
  n_coefficients <- law_of(object)$n_constants
  family <- likelihood_family(object)
  value <- if (family == "gaussian") {
    n_coefficients <- n_coefficients + ncol(y)
    sum(vapply(seq_len(ncol(y)), function(c) gaussian_log_lik(y[, c], fitted[, c], weights),
               numeric(1)))
  } else {
    -sum(row_cross_entropy(family, y, fitted, weights)) + binomial_coefficients(family, y, weights)
  }
  structure(value, df = as.integer(n_coefficients), nobs = nrow(y), class = "logLik")
}

# Gaussian log-likelihood at the maximum-likelihood variance, held above the
# rounding noise of the response; with weights as lm() computes it.
gaussian_log_lik <- function(y, fitted, weights = NULL) {
  n <- length(y)
  if (is.null(weights)) weights <- rep(1, n)
  sse <- sum(weights * (y - fitted)^2)
  variance <- max(sse / n, variance_floor(y))
  sum(log(weights)) / 2 - n / 2 * log(2 * pi * variance) - sse / (2 * variance)
}

variance_floor <- function(y) {
  max(1e-24 * mean(y^2), .Machine$double.xmin)
}

# The log binomial coefficients of counts, lchoose(m, m y) with m the trials
# (the weights): 0 for 0/1 responses, as in glm()'s binomial likelihood.
binomial_coefficients <- function(family, y, weights) {
  if (family != "binomial" || is.null(weights)) return(0)
  sum(lchoose(round(weights), round(weights * y[, 1])))
}

#' @rdname logLik.darts_fit
#' @return `deviance()`: the fit's total loss on its training rows (see
#'   [darts_regressor()]): the (weighted) residual sum of squares, as for
#'   [stats::lm()], or for a choice the binomial or multinomial deviance, as
#'   for [stats::glm()].
#' @importFrom stats deviance
#' @export
deviance.darts_fit <- function(object, ...) {
  rlang::check_dots_empty()
  total_loss(fit_family(object), object$y, object$fitted.values, object$weights)
}
