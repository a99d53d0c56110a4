#' Fit a DARTS equation search
#'
#' `fit()` runs the search of a [darts_regressor()] specification on a formula
#' and a data frame; `fit_xy()` on a numeric matrix (or data frame) of inputs
#' and a response vector, or a response matrix for several outputs.
#'
#' The search draws from R's random number generator, so `set.seed()` before a
#' fit makes it reproducible bit for bit. A fit longer than a couple of seconds
#' shows a progress bar (`verbose = FALSE` silences it); Ctrl-C (Esc) stops it
#' cleanly, in the search as in the refinement's polishes, leaving R's random
#' number generator as the fit's draws left it and the session fitting again
#' normally.
#'
#' The formula interface expands factors (and character columns) into indicator
#' columns with [stats::model.matrix()] and drops the intercept: constants come
#' from the primitives' own parameters. An `offset()` term (a term whose
#' coefficient is fixed at 1, which the search has no way to fit) is an error:
#' put the offset into the response instead, as in `I(y - z) ~ x`.
#'
#' @section Missing values:
#' As in [stats::lm()], rows of a formula fit with missing values (`NA` or
#' `NaN`) in the variables of the formula or in the weights go through
#' `na.action`: by default `getOption("na.action")`, which is [stats::na.omit()]
#' unless changed, so those rows are dropped, with their weights and groups,
#' and `print()` and `summary()` say how many ("3 observations deleted due to
#' missingness"). With [stats::na.exclude()] they are dropped as well, but
#' [fitted()][darts_fit-methods], [residuals()][darts_fit-methods],
#' [predict()][predict.darts_fit] without new data and
#' [augment()][darts_fit-tidiers] pad their results with `NA` back to one
#' value per row of the data (rows of weight 0, left out of every fit, are
#' padded the same way). [stats::na.fail()] makes missing values an error. A
#' group that is `NA` in a row the fit keeps is an error. Infinite values are
#' always an error. `fit_xy()` takes its matrices as they are, as
#' [stats::lm.fit()] does: missing values there are an error (drop them with
#' [stats::complete.cases()], or use `fit()`). [predict()][predict.darts_fit]
#' gives `NA` for new rows with a missing input.
#'
#' @section Grouped data:
#' Rows are often not independent: trials within a participant, measurements
#' of one tree over the years. The cross-validated selection (see Selection in
#' [darts_regressor()]) holds rows out to ask how well each equation predicts
#' data it was not fitted on; if a participant's other trials stay in the
#' training folds, the held-out rows are predicted from their own siblings, the
#' cross-validated error is optimistic and a too complex equation can win.
#' `groups` says which rows belong together: each group's rows then go to one
#' fold, so whole groups are held out (as `group_vfold_cv()` of rsample
#' does). With at most 30 groups each group is its own fold
#' (leave-one-group-out); with more, the groups are dealt at random into 10
#' folds, from R's random number generator (so `set.seed()` fixes them). The
#' groups leave with the rows `na.action` drops; they must then have no `NA`,
#' and at least two groups. Groups change the cross-validated selection only
#' (with `selection = "bic"` they change nothing): the search and its
#' validation split (`validation_fraction`) take rows as they are.
#'
#' @param object A [darts_regressor()] specification.
#' @param formula A formula `response ~ inputs`; `cbind(y1, y2) ~ .` gives
#'   several outputs. A factor or logical response is a choice, and with a
#'   logistic `output_type` `cbind(successes, failures) ~ x` gives binomial
#'   counts, as for [stats::glm()].
#' @param data A data frame holding the variables of `formula`.
#' @param x A numeric matrix or data frame of inputs (a numeric vector is one
#'   input). Column names become the variable names of the equations
#'   (`x1, x2, ...` when there are none).
#' @param y A numeric response vector, or a matrix with one column per output;
#'   or a factor, logical or character vector for a choice (see Choices and
#'   case weights in [darts_regressor()]).
#' @param weights Case weights: `NULL`, or a numeric vector with one finite,
#'   non-negative value per row. For `fit()` it is evaluated in `data`, as for
#'   [stats::lm()] (`weights = n` is the column `n`). A row of weight 0 is
#'   left out; a weight of 2 counts the row twice in every loss.
#' @param groups Groups of rows that the cross-validated selection holds out
#'   together (see Grouped data): `NULL`, or a vector or factor with one value
#'   per row. For `fit()` it is evaluated in `data`, as `weights` is
#'   (`groups = Subject` is the column `Subject`).
#' @param na.action A function (or its name) that says what to do with rows
#'   with missing values, as for [stats::lm()]: [stats::na.omit()],
#'   [stats::na.exclude()] or [stats::na.fail()]; `NULL` (the default) takes
#'   `getOption("na.action")`. See Missing values.
#' @param verbose Whether to show a progress bar on long fits.
#' @param ... Not used; must be empty.
#'
#' @return A `darts_fit` object: a list holding the call, the specification,
#'   the architecture weights `alphas` (an edges x primitives matrix), the
#'   mixture's parameters, the `network` that predicts (its `architecture`,
#'   one primitive per edge, its `node_kinds` and its coefficients: the
#'   chosen equation's, or the search's sampled network when the fit does not
#'   refine), `front_networks` (one per member of
#'   [pareto_front()]), the search `history`, and the fitted values and
#'   residuals. (Unlike [stats::lm()]'s `model`, the model frame, the data are
#'   kept as the matrices `x` and `y`.) The history records every epoch of a search
#'   of up to 100 epochs and 100 evenly spaced epochs of a longer one: `epoch`
#'   (counted on across refits), `loss` and `arch_loss` (the mean losses of
#'   the parameter and architecture steps since the record before) and
#'   `alphas` (edges x primitives x records, the architecture weights after
#'   each recorded epoch). Use [print()][print.darts_fit],
#'   [summary()][summary.darts_fit], [equation()][equation.darts_fit],
#'   [predict()][predict.darts_fit], [plot()][plot.darts_fit] and
#'   [refit()][refit.darts_fit] on it. `na.action` holds the rows that
#'   `na.action` dropped (as for `lm()`), `groups` the groups of the fitted
#'   rows.
#' @seealso [darts_regressor()], [refit.darts_fit()], [predict.darts_fit()]
#' @name fit.darts_regressor
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 20,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' f
#'
#' f_xy <- fit_xy(spec, x = seed[c("x1", "x2")], y = seed$y)
NULL

#' @rdname fit.darts_regressor
#' @method fit darts_regressor
#' @export
fit.darts_regressor <- function(object, formula, data, ..., weights = NULL, groups = NULL,
                                na.action = NULL, verbose = TRUE) {
  rlang::check_dots_empty()
  call <- generic_call(match.call(), quote(fit))
  weights <- weights_in(rlang::enquo(weights), data)
  groups <- groups_in(rlang::enquo(groups), data)
  na.action <- resolve_na_action(na.action)
  design <- design_from_formula(formula, data, object$output_type, weights, groups, na.action)
  design$na_function <- na.action
  run_fit(spec_for_design(object, design), design, call, state = NULL,
          verbose = check_flag(verbose))
}

#' @rdname fit.darts_regressor
#' @method fit_xy darts_regressor
#' @export
fit_xy.darts_regressor <- function(object, x, y, ..., weights = NULL, groups = NULL,
                                   verbose = TRUE) {
  rlang::check_dots_empty()
  call <- generic_call(match.call(), quote(fit_xy))
  design <- design_from_xy(x, y, object$output_type, weights, groups)
  run_fit(spec_for_design(object, design), design, call, state = NULL,
          verbose = check_flag(verbose))
}

# The case weights of a formula fit, evaluated in the data as lm() does
# (`weights = w` is the column w, or a vector of the caller's).
weights_in <- function(weights, data, call = rlang::caller_env()) {
  evaluated_in_data(weights, data, "weights", call)
}

# The call as the user wrote it: through the generic, not the method.
generic_call <- function(call, generic) {
  call[[1]] <- generic
  call
}

# The specification as the data make it: its output for the response (see
# spec_for_response()), its primitives for the number of inputs (see
# spec_for_inputs()) and for a periodic response (see spec_for_periods()).
spec_for_design <- function(spec, design) {
  spec <- spec_for_inputs(spec_for_response(spec, design$family), ncol(design$x))
  spec_for_periods(spec, design)
}

# The default primitives leave out the sine: on most data its wiggle fits
# noise and smooth curves alike. Where a real response is periodic along an
# input (see periodic_inputs()) -- seasons, a circadian rhythm -- the default
# search space takes "linear_sin" as well, and its attribute
# "periodic_along" names those inputs (for print(), see describe_search());
# a search space the user chose is kept as it is.
spec_for_periods <- function(spec, design) {
  if (!isTRUE(attr(spec, "default_primitives")) || design$family != "gaussian" ||
      ncol(design$y) != 1) {
    return(spec)
  }
  periodic <- periodic_inputs(design$x, design$y[, 1])
  if (!any(periodic)) return(spec)
  edge <- edge_primitives(spec$primitives)
  spec$primitives <- c(edge, "linear_sin", setdiff(spec$primitives, edge))
  attr(spec, "periodic_along") <- colnames(design$x)[periodic]
  spec
}

# A fit from scratch runs n_restarts searches and keeps the best; a refit
# (from `state`) continues its one search.
run_fit <- function(spec, design, call, state, verbose, history = NULL) {
  # The option the refinement's polishes read, checked before the search runs.
  polish_threads(call)
  fit <- if (is.null(state) && spec$n_restarts > 1) {
    run_restarts(spec, design, call, verbose)
  } else {
    run_search(spec, design, call, state, verbose, history)
  }
  if (is_choice(fit)) warn_if_separated(fit)
  fit
}

# Runs the engine from `state` (a fresh random start when NULL), refines the
# architecture and builds the fitted object; `history` is what earlier fits of
# this search recorded.
run_search <- function(spec, design, call, state, verbose, history = NULL) {
  check_input_names(colnames(design$x), spec$num_graph_nodes)
  edges <- edge_table(colnames(design$x), spec$num_graph_nodes)
  if (is.null(state)) {
    state <- initial_state(spec, edges$name, ncol(design$y))
  }
  progress <- if (verbose) list(name = "DARTS search", clear = TRUE) else NULL
  split <- validation_split(nrow(design$x), spec$validation_fraction)
  polish <- search_polish_iterations(spec)
  result <- if (is.null(split)) {
    engine_search(spec, design$x, design$y, state, progress, weights = design$weights,
                  family = design$family, polish_iterations = polish)
  } else {
    engine_search(spec, design$x[split$order, , drop = FALSE],
                  design$y[split$order, , drop = FALSE], state, progress, split$n_train,
                  weights = design$weights[split$order], family = design$family,
                  polish_iterations = polish)
  }
  check_search_status(result)
  search <- new_search(spec, design, edges, result, history)
  new_darts_fit(search, call, refine_search(search))
}

# The Levenberg-Marquardt iterations that end a search, on its sampled model:
# none where the refinement follows, which refits every candidate (the
# search's own architecture among them) from the mixture's coefficients, so
# that polishing the sampled model first would be work thrown away.
search_polish_iterations <- function(spec) {
  if (spec$polish_coefficients && !refines(spec)) POLISH_ITERATIONS else 0L
}

# The rows of a validation split, drawn from R's RNG: training rows first, then
# the validation rows; NULL without a split (the rows stay as they are, uncopied).
validation_split <- function(n, fraction, call = rlang::caller_env(2)) {
  if (fraction == 0) return(NULL)
  n_valid <- round(fraction * n)
  if (n_valid < 1 || n_valid >= n) {
    abort_invalid("validation_fraction",
                  "leaves no rows to {if (n_valid < 1) 'validate' else 'train'} on with {n} row{?s}.",
                  call = call, .envir = list2env(list(n = n, n_valid = n_valid)))
  }
  order <- sample.int(n)
  list(order = c(sort(order[-seq_len(n_valid)]), sort(order[seq_len(n_valid)])),
       n_train = as.integer(n - n_valid))
}

# Hidden nodes are called k1, k2, ...: an input of such a name would make the
# equations ambiguous.
check_input_names <- function(input_names, num_graph_nodes, call = rlang::caller_env(2)) {
  clash <- intersect(input_names, paste0("k", seq_len(num_graph_nodes)))
  if (length(clash) > 0) {
    abort_data(c("The input{?s} {.field {clash}} share{?s/} {?its/their} name{?s} with hidden nodes.",
                 i = "Rename {?it/them}: hidden nodes are called k1, k2, ..."),
               call)
  }
}

# The starting point of a search, drawn from R's RNG: architecture weights
# 0.001 * N(0, 1); parameters a and b uniform on (-1, 1) and beta = 1; a
# trainable classifier uniform on +-1/sqrt(K) (as torch's nn.Linear), a frozen
# one weight 1 and bias 0; where nodes may multiply, the nodes' kind weights
# 0.001 * N(0, 1), drawn last (so that a search without them draws what it
# always drew).
initial_state <- function(spec, edge_names, n_outputs) {
  primitives <- edge_primitives(spec$primitives)
  E <- length(edge_names)
  M <- length(primitives)
  K <- spec$num_graph_nodes
  alphas <- matrix(0.001 * stats::rnorm(E * M), E, M,
                   dimnames = list(edge_names, primitives))
  theta <- array(0, c(E, M, 2), dimnames = list(edge_names, primitives, c("p1", "p2")))
  for (m in seq_len(M)) {
    params <- primitive_params(primitives[m])
    for (k in seq_along(params)) {
      theta[, m, k] <- if (params[k] == "beta") 1 else stats::runif(E, -1, 1)
    }
  }
  bound <- 1 / sqrt(K)
  node_names <- paste0("k", seq_len(K))
  weight <- if (spec$train_classifier_coefficients) {
    stats::runif(n_outputs * K, -bound, bound)
  } else {
    rep(1, n_outputs * K)
  }
  bias <- if (spec$train_classifier_bias) stats::runif(n_outputs, -bound, bound) else rep(0, n_outputs)
  kinds <- node_kinds_of(spec$primitives)
  node_alphas <- if (length(kinds) > 1) {
    matrix(0.001 * stats::rnorm(K * length(kinds)), K, length(kinds),
           dimnames = list(node_names, kinds))
  }
  list(
    alphas = alphas,
    node_alphas = node_alphas,
    theta = theta,
    weight = matrix(weight, n_outputs, K, dimnames = list(NULL, node_names)),
    bias = bias
  )
}

# Interrupts and numerical failures reported by the engine become R conditions.
check_search_status <- function(result, call = rlang::caller_env()) {
  status <- result$status
  if (status == 0L) return(invisible())
  # Ctrl-C during a search: the engine returned cleanly; now R's own
  # interrupt, an "interrupt" condition, then back to the top level.
  if (status == 1L) rlang::interrupt()
  phase <- c("an architecture step", "a parameter step",
             "the sampled model's parameter fit")[result$failed_phase + 1L]
  where <- if (result$failed_epoch > 0) paste0(phase, " of epoch ", result$failed_epoch) else phase
  cli::cli_abort(
    c("The search's loss became non-finite in {where}.",
      i = "The data may be too large in size for the chosen primitives (e.g. {.val exp} overflows).",
      i = "Try rescaling the inputs and the response, lower learning rates, or other primitives."),
    class = c("dartsr_error_nonfinite", "dartsr_error"),
    call = call
  )
}
