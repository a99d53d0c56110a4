# How sure the answer is: the covariance of the equation's constants, and
# from it standard errors, Wald intervals and bands around the curve.
#
# Everything here is about the constants b1, b2, ... of the simplified
# equation (coef(fit)), conditional on that equation having been chosen. The
# covariance is the inverse of the Fisher information at the estimate:
#
# * Gaussian outputs (`output_type = "real"`, and logistic outputs fitted to
#   responses that are not all 0 or 1): sigma^2 (J'J)^-1 per output, J the
#   derivatives of the fitted values with respect to that output's constants
#   and sigma^2 = SSE / (n - k), as nls() does. Intervals use Student's t
#   with n - k degrees of freedom.
# * Binomial outputs (a choice, counts, or a logistic output of 0/1 responses): (J' W J)^-1 with
#   J the derivatives of the logit and W = p (1 - p), as glm() does.
# * Multinomial outputs (`"probability_distribution"`): the information of
#   the softmax over the outputs, summed over rows. Intervals of likelihood
#   fits use the normal distribution.

# The likelihood a fit's statistics use (see logLik.darts_fit()): the
# family it was fitted in, except that a logistic output fitted by least
# squares to 0/1 responses is read as Bernoulli.
likelihood_family <- function(object) {
  family <- fit_family(object)
  if (family != "gaussian") return(family)
  if (object$spec$output_type == "real") return("gaussian")
  if (all(object$y == 0 | object$y == 1)) "binomial" else "gaussian"
}

# The law of a fit that supports inference: exact (it is the fitted model),
# or a classed error saying why not.
inference_law <- function(object, call = rlang::caller_env()) {
  law <- law_of(object)
  if (!isTRUE(law$exact)) {
    cli::cli_abort(
      c("The fitted model is not written as one equation, so its constants have no standard errors.",
        i = "Standard errors are given for the constants of the simplified equation ({.code coef(fit)}).",
        i = "A graph too large to write out, or one leaning on a domain guard of the engine, has none."),
      class = c("dartsr_error_no_equation", "dartsr_error"), call = call
    )
  }
  law
}

# The covariance matrix of the law's constants with what intervals need:
# `vcov` (named as coef()), `df` (residual degrees of freedom per constant;
# Inf for likelihood fits, whose intervals are normal), `sigma` (the
# residual standard error per output; NA for likelihood fits),
# `residual_df` (rows less constants, per output), `family`.
constant_covariance <- function(object, call = rlang::caller_env()) {
  law <- inference_law(object, call)
  family <- likelihood_family(object)
  gradients <- law_gradients(law, object$x)
  names <- names(law_coefficients(law, object$output_names))
  k <- lengths(law$constants)
  if (family == "multinomial") {
    totals <- rowSums(object$y) * (if (is.null(object$weights)) 1 else object$weights)
    information <- multinomial_information(gradients, object$fitted.values, totals)
    vcov <- inverse_information(information, call)
    df <- rep(Inf, sum(k))
    sigma <- rep(NA_real_, length(k))
  } else {
    blocks <- lapply(seq_along(gradients), function(c) {
      output_covariance(gradients[[c]], object$y[, c], object$fitted.values[, c], object$weights,
                        family, object$spec$output_type, call)
    })
    vcov <- block_diagonal(lapply(blocks, `[[`, "vcov"))
    df <- rep(vapply(blocks, `[[`, numeric(1), "df"), k)
    sigma <- vapply(blocks, `[[`, numeric(1), "sigma")
  }
  dimnames(vcov) <- list(names, names)
  list(vcov = vcov, df = stats::setNames(df, names), family = family,
       sigma = stats::setNames(sigma, object$output_names),
       residual_df = stats::setNames(nrow(object$y) - k, object$output_names))
}

# One output's block: Gaussian (sigma^2 (J'WJ)^-1, W the case weights) or
# binomial ((J'WJ)^-1, W the weights times p (1 - p)).
output_covariance <- function(gradient, y, fitted, weights, family, output_type, call) {
  J <- gradient$gradient
  k <- ncol(J)
  if (is.null(weights)) weights <- rep(1, length(y))
  if (family == "binomial") {
    information <- crossprod(J * sqrt(weights * fitted * (1 - fitted)))
    return(list(vcov = inverse_information(information, call), df = Inf, sigma = NA_real_))
  }
  # A logistic output fitted by least squares: the chain rule through it.
  if (output_type != "real") J <- J * (fitted * (1 - fitted))
  df <- length(y) - k
  sigma <- if (df > 0) sqrt(sum(weights * (y - fitted)^2) / df) else NaN
  list(vcov = sigma^2 * inverse_information(crossprod(J * sqrt(weights)), call), df = df,
       sigma = sigma)
}

# Sum over rows of J_i' (diag(p_i) - p_i p_i') J_i times the row's total,
# J_i the derivatives of the logits (one output each) of row i.
multinomial_information <- function(gradients, p, totals) {
  full <- embedded_gradients(gradients)
  information <- 0
  for (a in seq_along(full)) for (b in seq_along(full)) {
    weight <- totals * p[, a] * ((a == b) - p[, b])
    information <- information + crossprod(full[[a]] * weight, full[[b]])
  }
  information
}

# The inverse of an information matrix; NaN throughout, with a classed
# warning, when the data do not determine every constant (as nls() stops on
# a "singular gradient") or a derivative overflows.
inverse_information <- function(information, call) {
  k <- ncol(information)
  if (k == 0) return(matrix(0, 0, 0))
  decomposition <- if (all(is.finite(information))) qr(information, tol = 1e-10)
  if (is.null(decomposition) || decomposition$rank < k) {
    cli::cli_warn(
      c("The data do not determine every constant of the equation: standard errors are NaN.",
        i = "Some constants trade off against others (the information matrix is singular)."),
      class = "dartsr_warning_singular", call = call
    )
    return(matrix(NaN, k, k))
  }
  inverse <- qr.solve(decomposition, diag(k))
  (inverse + t(inverse)) / 2
}

block_diagonal <- function(blocks) {
  k <- vapply(blocks, ncol, numeric(1))
  result <- matrix(0, sum(k), sum(k))
  offsets <- c(0, cumsum(k))
  for (b in seq_along(blocks)) {
    index <- offsets[b] + seq_len(k[b])
    result[index, index] <- blocks[[b]]
  }
  result
}

# The quantile of the interval's distribution (Student's t with the residual
# degrees of freedom, or normal) for a two-sided `level`.
interval_quantile <- function(level, df) {
  p <- (1 + level) / 2
  ifelse(is.finite(df), stats::qt(p, pmax(df, 1)), stats::qnorm(p))
}

check_level <- function(level, arg = rlang::caller_arg(level), call = rlang::caller_env()) {
  if (!is.numeric(level) || length(level) != 1 || is.na(level) || level <= 0 || level >= 1) {
    abort_invalid(arg, "must be a single number strictly between 0 and 1, not {what}.",
                  call = call, .envir = list2env(list(what = describe(level))))
  }
  level
}

# Column names of an interval matrix, as confint() writes them.
percent_labels <- function(level) {
  a <- (1 - level) / 2
  paste(format(100 * c(a, 1 - a), trim = TRUE, scientific = FALSE, digits = 3), "%")
}

#' Standard errors and confidence intervals of the equation's constants
#'
#' How well the data pin down the constants `b1, b2, ...` of the chosen
#' equation (those of [coef()][coef.darts_fit], in the order the equation
#' prints them).
#'
#' `vcov()` is the inverse of the Fisher information at the estimates, as
#' [stats::nls()] and [stats::glm()] compute it:
#' * for a Gaussian fit (`output_type = "real"`, and a logistic output fitted
#'   to responses that are not all 0 or 1), `sigma^2 (J'J)^-1` for each
#'   output, with `J` the derivatives of the fitted values with respect to
#'   that output's constants on the training rows and `sigma^2 = SSE / (n -
#'   k)` (`sigma()` gives `sigma`); constants of different outputs are
#'   uncorrelated;
#' * for a logistic output of 0/1 responses, the Bernoulli information
#'   `(J' W J)^-1`, `J` the derivatives of the logit and `W = p (1 - p)`;
#' * for `"probability_distribution"`, the multinomial information of the
#'   softmax over the outputs.
#'
#' `confint()` gives Wald intervals, `estimate +/- q * std.error`, with `q` a
#' quantile of Student's t with `n - k` degrees of freedom for a Gaussian fit
#' (as `summary.nls()` tests) and of the normal distribution for a
#' likelihood fit. They are symmetric; for strongly nonlinear constants a
#' profile interval can be asymmetric: `confint(as_nls(fit))` gives those
#' (see [as_nls()]).
#'
#' A hidden node that the equation uses twice writes its constants twice
#' (`exp(b2 * x)` inside and outside a logistic): they are one constant, `b2`
#' in both places, and counted once.
#'
#' When the data do not determine every constant (two constants that trade
#' off exactly), the information matrix is singular: the covariances are
#' `NaN`, with a warning of class `dartsr_warning_singular`. A model written
#' node by node (see [equation()][equation.darts_fit]) has no equation
#' constants; asking for their covariance is an error of class
#' `dartsr_error_no_equation`.
#'
#' @section Conditional on the chosen equation:
#' These standard errors and intervals, and the bands of
#' [predict()][predict.darts_fit] and `plot(fit, type = "fit")`, treat the
#' chosen equation as if it had been given in advance. They leave out the
#' uncertainty of choosing it among the candidates: that shows in
#' [pareto_front()], where equations of other forms may fit almost as well.
#'
#' @param object A `darts_fit`.
#' @param parm The constants to give intervals for, by name (`"b1"`) or
#'   position; all by default.
#' @param level The confidence level, strictly between 0 and 1.
#' @param ... Not used; must be empty.
#' @return `vcov()`: a square matrix named as `coef(fit)`. `confint()`: a
#'   matrix with one row per constant and columns for the lower and upper
#'   limits (`"2.5 %"`, `"97.5 %"`). `sigma()`: the residual standard error,
#'   one per output (`NA` for a likelihood fit).
#' @name darts_fit-uncertainty
#' @seealso [summary()][summary.darts_fit] and [tidy()][tidy.darts_fit] for the
#'   table of estimates, standard errors and tests; [predict()][predict.darts_fit]
#'   with `interval` for bands around the curve.
#' @examples
#' set.seed(1)
#' x <- runif(50, 0, 5)
#' d <- data.frame(x = x, y = 4 * exp(-0.8 * x) + 1 + rnorm(50, sd = 0.05))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 30,
#'   primitives = c("none", "linear", "linear_exp"))
#' f <- fit(spec, y ~ x, data = d)
#' equation(f)
#' coef(f)
#' sqrt(diag(vcov(f)))
#' confint(f)
#' sigma(f)
NULL

#' @rdname darts_fit-uncertainty
#' @importFrom stats vcov
#' @export
vcov.darts_fit <- function(object, ...) {
  rlang::check_dots_empty()
  constant_covariance(object)$vcov
}

#' @rdname darts_fit-uncertainty
#' @importFrom stats confint
#' @export
confint.darts_fit <- function(object, parm, level = 0.95, ...) {
  rlang::check_dots_empty()
  check_level(level)
  estimates <- coef_table(object)
  if (!missing(parm)) estimates <- estimates[chosen_constants(parm, estimates$term), , drop = FALSE]
  limits <- wald_limits(estimates, level)
  dimnames(limits) <- list(estimates$term, percent_labels(level))
  limits
}

# The Wald intervals of a coef_table(): estimate -/+ q * std.error, two
# columns.
wald_limits <- function(table, level) {
  q <- interval_quantile(level, table$df)
  cbind(table$estimate - q * table$std.error, table$estimate + q * table$std.error)
}

#' @rdname darts_fit-uncertainty
#' @importFrom stats sigma
#' @export
sigma.darts_fit <- function(object, ...) {
  rlang::check_dots_empty()
  sigma <- constant_covariance(object)$sigma
  if (length(sigma) == 1) unname(sigma) else sigma
}

# The rows of `table` that `parm` names (by term or position).
chosen_constants <- function(parm, terms, call = rlang::caller_env()) {
  index <- if (is.character(parm)) match(parm, terms) else if (is.numeric(parm)) {
    ifelse(parm >= 1 & parm <= length(terms) & parm == round(parm), parm, NA)
  } else NA
  if (length(parm) == 0 || anyNA(index)) {
    abort_invalid("parm", "must name constants of the equation ({.val {terms}}) by name or position, not {what}.",
                  call = call, .envir = list2env(list(terms = terms, what = describe(parm))))
  }
  index
}

# The equation's constants with their standard errors and tests, one row
# each: term, estimate, std.error, statistic (estimate / std.error),
# p.value (two-sided; t or normal as for confint()), df.
coef_table <- function(object, covariance = constant_covariance(object, call),
                       call = rlang::caller_env()) {
  estimate <- coef.darts_fit(object)
  std_error <- sqrt(pmax(diag(covariance$vcov), 0))
  statistic <- estimate / std_error
  df <- covariance$df
  p_value <- ifelse(is.finite(df), 2 * stats::pt(-abs(statistic), pmax(df, 1)), 2 * stats::pnorm(-abs(statistic)))
  data.frame(term = names(estimate), estimate = unname(estimate), std.error = unname(std_error),
             statistic = unname(statistic), p.value = unname(p_value), df = unname(df),
             stringsAsFactors = FALSE)
}

# The bands of predict(interval = ): one matrix (fit, lwr, upr) per output,
# by the delta method on the equation's constants at the rows of `x`.
prediction_bands <- function(object, x, predictions, interval, level,
                             call = rlang::caller_env()) {
  output_type <- object$spec$output_type
  if (interval == "prediction" && output_type != "real") {
    abort_invalid("interval", "\"prediction\" needs a Gaussian output ({.code output_type = \"real\"}); a probability has confidence bands only.",
                  call = call)
  }
  covariance <- constant_covariance(object, call)
  gradients <- law_gradients(law_of(object), x)
  # Each output's derivatives as columns of all the constants.
  full <- embedded_gradients(gradients)
  # A softmax's probabilities move with every output's constants: the
  # derivative of p_c is p_c (g_c - sum_j p_j g_j).
  if (output_type == "probability_distribution") {
    mean_gradient <- Reduce(`+`, lapply(seq_along(full), function(j) full[[j]] * predictions[, j]))
  }
  bands <- lapply(seq_along(gradients), function(c) {
    fit <- predictions[, c]
    df <- if (covariance$family == "gaussian") covariance$residual_df[[c]] else Inf
    q <- interval_quantile(level, df)
    if (output_type == "probability_distribution") {
      g <- fit * (full[[c]] - mean_gradient)
      half <- q * curve_standard_error(g, covariance$vcov)
      return(band(fit, pmax(fit - half, 0), pmin(fit + half, 1)))
    }
    se <- curve_standard_error(full[[c]], covariance$vcov)
    if (output_type != "real") {
      eta <- gradients[[c]]$value
      return(band(fit, stats::plogis(eta - q * se), stats::plogis(eta + q * se)))
    }
    if (interval == "prediction") se <- sqrt(se^2 + covariance$sigma[[c]]^2)
    band(fit, fit - q * se, fit + q * se)
  })
  lapply(stats::setNames(bands, object$output_names), function(b) {
    rownames(b) <- rownames(x)
    b
  })
}

band <- function(fit, lower, upper) {
  cbind(fit = unname(fit), lwr = unname(lower), upr = unname(upper))
}

# sqrt(g' V g) for each row g of `gradient`.
curve_standard_error <- function(gradient, vcov) {
  sqrt(pmax(rowSums((gradient %*% vcov) * gradient), 0))
}

# Each output's gradient as an n x K matrix over all K constants of the law
# (zero outside its own), so that outputs can be combined.
embedded_gradients <- function(gradients) {
  k <- vapply(gradients, function(g) ncol(g$gradient), numeric(1))
  offsets <- c(0, cumsum(k))
  lapply(seq_along(gradients), function(c) {
    g <- gradients[[c]]$gradient
    full <- matrix(0, nrow(g), sum(k))
    full[, offsets[c] + seq_len(k[c])] <- g
    full
  })
}
