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
#' The likelihood depends on the output type:
#' * `"real"`: Gaussian, with the maximum-likelihood variance `SSE / n` of
#'   each output.
#' * `"probability"`, `"probability_sample"` and `"sigmoid"`: Bernoulli,
#'   `sum(y log p + (1 - y) log(1 - p))`, when every response is 0 or 1;
#'   otherwise Gaussian on the probability scale, as for `"real"`.
#' * `"probability_distribution"`: the cross-entropy log-likelihood
#'   `sum(y log p)` over rows and outputs, which is the multinomial
#'   log-likelihood of one draw per row when the rows of `y` are one-hot.
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
  n_coefficients <- law_of(object)$n_constants
  family <- likelihood_family(object)
  value <- if (family == "multinomial") {
    sum(y * log(pmax(fitted, .Machine$double.xmin)))
  } else if (family == "bernoulli") {
    bernoulli_log_lik(y, fitted)
  } else {
    n_coefficients <- n_coefficients + ncol(y)
    sum(vapply(seq_len(ncol(y)), function(c) gaussian_log_lik(y[, c], fitted[, c]), numeric(1)))
  }
  structure(value, df = as.integer(n_coefficients), nobs = nrow(y), class = "logLik")
}

# Gaussian log-likelihood at the maximum-likelihood variance, held above the
# rounding noise of the response.
gaussian_log_lik <- function(y, fitted) {
  n <- length(y)
  sse <- sum((y - fitted)^2)
  variance <- max(sse / n, variance_floor(y))
  -n / 2 * log(2 * pi * variance) - sse / (2 * variance)
}

variance_floor <- function(y) {
  max(1e-24 * mean(y^2), .Machine$double.xmin)
}

bernoulli_log_lik <- function(y, p) {
  tiny <- .Machine$double.xmin
  sum(ifelse(y == 1, log(pmax(p, tiny)), log(pmax(1 - p, tiny))))
}
