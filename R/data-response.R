# The response and the case weights: what the user's left-hand side and
# `weights` mean, turned into what the engine fits.
#
# A fit's `family` says which likelihood its losses are:
# * "gaussian": a numeric response (squared error; for a logistic output the
#   squared error of the probability, as the reference fits it);
# * "binomial": a two-level factor or a logical (the probability of the
#   second level, or of TRUE), or, with a logistic `output_type`, a two-column
#   matrix of counts `cbind(successes, failures)` as glm() reads it
#   (the proportion of successes, each row weighted by its trials);
# * "multinomial": a factor of more levels (one softmax output per level), or
#   numeric columns under `output_type = "probability_distribution"` (soft
#   targets, as the reference fits them).
# Binomial and multinomial fits minimise the deviance.

LOGISTIC_OUTPUTS <- c("probability", "probability_sample", "sigmoid")

# The engine's response matrix `y`, the row weights the response itself
# brings (trials of counts; NULL otherwise), the family and, for a factor,
# its levels.
as_response <- function(y, name, output_type, call, arg = "y") {
  if (is.character(y) && is.null(dim(y))) y <- factor(y)
  if (is.logical(y) && is.null(dim(y))) y <- factor(y, levels = c(FALSE, TRUE))
  if (is.factor(y)) return(factor_response(y, name, call))
  y <- as_response_matrix(y, name, call, arg)
  if (output_type %in% LOGISTIC_OUTPUTS && is_count_matrix(y)) return(count_response(y, name))
  # A softmax over numeric columns: soft targets, fitted by cross-entropy.
  family <- if (output_type == "probability_distribution") "multinomial" else "gaussian"
  list(y = y, weights = NULL, family = family, levels = NULL, response_name = name)
}

factor_response <- function(y, name, call) {
  if (anyNA(y)) {
    abort_data(c("The response {.field {name}} contains NA values.",
                 i = "Remove or impute the rows with missing values first."), call)
  }
  y <- droplevels(y)
  levels <- levels(y)
  if (length(levels) < 2) {
    abort_data("The response {.field {name}} has {length(levels)} level{?s} in the data; a choice needs at least two.",
               call)
  }
  if (length(levels) == 2) {
    indicator <- matrix(as.numeric(y == levels[2]), ncol = 1, dimnames = list(NULL, name))
    return(list(y = indicator, weights = NULL, family = "binomial", levels = levels,
                response_name = name))
  }
  one_hot <- outer(as.integer(y), seq_along(levels), `==`) + 0
  dimnames(one_hot) <- list(NULL, levels)
  list(y = one_hot, weights = NULL, family = "multinomial", levels = levels, response_name = name)
}

# cbind(successes, failures): two columns of whole numbers, not negative.
is_count_matrix <- function(y) {
  ncol(y) == 2 && all(is.finite(y)) && all(y >= 0) && all(y == round(y))
}

count_response <- function(y, name) {
  trials <- unname(rowSums(y))
  proportion <- ifelse(trials > 0, y[, 1] / pmax(trials, 1), 0)
  label <- colnames(y)[1]
  list(y = matrix(proportion, ncol = 1, dimnames = list(NULL, label)), weights = trials,
       family = "binomial", levels = NULL, response_name = name)
}

# Case weights given by the user: NULL, or numeric, finite and not negative,
# one per row. Evaluated by the caller (in the data, for a formula fit).
check_weights <- function(weights, n, call) {
  if (is.null(weights)) return(NULL)
  weights <- check_weights_shape(weights, n, call)
  if (anyNA(weights) || any(!is.finite(weights)) || any(weights < 0)) {
    abort_invalid("weights", "must be finite and not negative.", call = call)
  }
  if (all(weights == 0)) abort_invalid("weights", "are all 0: no row is left to fit.", call = call)
  weights
}

# Weights are a numeric vector with one value per row; their values are
# checked once the rows with missing values are gone (check_weights()).
check_weights_shape <- function(weights, n, call) {
  if (!is.numeric(weights) || NCOL(weights) != 1) {
    abort_invalid("weights", "must be a numeric vector, not {what}.", call = call,
                  .envir = list2env(list(what = describe(weights))))
  }
  weights <- as.numeric(weights)
  if (length(weights) != n) {
    abort_invalid("weights", "must have one value per row of the data ({n}), not {length(weights)}.",
                  call = call, .envir = list2env(list(n = n, weights = weights)))
  }
  weights
}

# The design with its rows' weights: the user's case weights times the trials
# of counts, rows of weight 0 left out (with their groups; padded back as
# missing ones under na.exclude); `weights` NULL when every row weighs 1.
with_weights <- function(design, case_weights) {
  weights <- design$weights
  if (!is.null(case_weights)) weights <- if (is.null(weights)) case_weights else weights * case_weights
  if (!is.null(weights)) {
    kept <- weights > 0
    if (!all(kept)) {
      design$x <- design$x[kept, , drop = FALSE]
      design$y <- design$y[kept, , drop = FALSE]
      weights <- weights[kept]
      design$groups <- design$groups[kept]
      if (!is.null(design$exclude)) design$exclude$rows <- design$exclude$rows[kept]
    }
    if (all(weights == 1)) weights <- NULL
  }
  design$weights <- weights
  design
}

# The specification a response needs: a factor is a choice, fitted with a
# logistic output (two levels; the user's logistic type is kept) or a
# softmax over the levels.
spec_for_response <- function(spec, family) {
  if (family == "binomial" && !spec$output_type %in% LOGISTIC_OUTPUTS) spec$output_type <- "probability"
  if (family == "multinomial") spec$output_type <- "probability_distribution"
  spec
}

# Whether the fit models a choice: a factor or logical response, or counts
# of successes (not numeric probabilities or soft targets).
is_choice <- function(fit) {
  !is.null(fit$levels) || fit_family(fit) == "binomial"
}

# The family the fit's losses use; a fit saved by a version of dartsr that
# did not record it is Gaussian, or multinomial for probability distributions.
fit_family <- function(fit) {
  if (!is.null(fit$family)) return(fit$family)
  if (fit$spec$output_type == "probability_distribution") "multinomial" else "gaussian"
}
