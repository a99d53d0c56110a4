#' Continue a DARTS search with new settings or new data
#'
#' `refit()` keeps a fit's architecture weights and the mixture's parameters and
#' continues the search from them, with hyperparameters changed by name and,
#' optionally, new data. With `max_epochs = 0` there is no more architecture
#' search: the architecture is only resampled (`sampling_strategy`) and the
#' sampled model's coefficients fitted (`param_updates_for_sampled_model`
#' steps), as in the reference's tutorial. Since `sampling_strategy = "max"` is
#' deterministic, refitting with it gives the same graph as long as the
#' architecture weights have not changed.
#'
#' The search history continues too: `plot(fit, type = "history")` of a refit
#' shows the epochs of every fit in the chain.
#'
#' `refit()` is the generic of the generics package (re-exported here); lme4
#' also has a `refit()` generic for its models, and whichever package is
#' attached last masks the other's.
#'
#' @param object A `darts_fit`.
#' @param ... Hyperparameters of [darts_regressor()] to change, by name. The
#'   graph's shape (`num_graph_nodes`, `primitives`) cannot change.
#' @param data New data for a fit made with a formula.
#' @param x,y New data for a fit made with [fit_xy()][fit.darts_regressor]; the
#'   inputs must be the same variables.
#' @param weights,groups Case weights and groups of the new data, as for
#'   [fit()][fit.darts_regressor] (evaluated in `data` for a formula fit).
#'   Without new data the fit's own weights and groups are kept.
#' @param na.action What to do with rows of the new data that have missing
#'   values, as for [fit()][fit.darts_regressor]; `NULL` keeps the fit's own
#'   `na.action`. Without new data the fit's rows are kept.
#' @param verbose Whether to show a progress bar on long fits.
#' @return A new `darts_fit`.
#' @seealso [fit.darts_regressor()]
#' @method refit darts_fit
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 20,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' f2 <- refit(f, max_epochs = 0, param_updates_for_sampled_model = 1000)
#' identical(f$alphas, f2$alphas)
refit.darts_fit <- function(object, ..., data = NULL, x = NULL, y = NULL, weights = NULL,
                            groups = NULL, na.action = NULL, verbose = TRUE) {
  call <- generic_call(match.call(), quote(refit))
  changes <- list(...)
  if (length(changes) > 0 && (is.null(names(changes)) || any(names(changes) == ""))) {
    abort_invalid("...", "must name every hyperparameter it changes, as in {.code refit(fit, max_epochs = 0)}.")
  }
  fixed <- intersect(names(changes), c("num_graph_nodes", "primitives"))
  fixed <- fixed[!vapply(fixed, function(n) identical(changes[[n]], object$spec[[n]]), logical(1))]
  if (length(fixed) > 0) {
    cli::cli_abort(
      c("{.fn refit} cannot change {.arg {fixed}}: the architecture weights belong to the graph's shape.",
        i = "Fit a new specification instead."),
      class = c("dartsr_error_refit_structure", "dartsr_error")
    )
  }
  spec <- update_spec(object$spec, changes)
  if (!is.null(object$terms)) {
    weights <- weights_in(rlang::enquo(weights), data)
    groups <- groups_in(rlang::enquo(groups), data)
  }
  na_function <- if (is.null(na.action)) object$na_function else resolve_na_action(na.action)
  design <- refit_design(object, data, x, y, weights, groups, na_function)
  state <- list(alphas = object$alphas, node_alphas = object$node_alphas, theta = object$theta,
                weight = object$classifier$weight, bias = object$classifier$bias)
  run_fit(spec, design, call, state, verbose = check_flag(verbose),
          history = object$history)
}

#' @method refit darts_regressor
#' @export
refit.darts_regressor <- function(object, ...) {
  abort_not_fitted("refit")
}

abort_not_fitted <- function(what, call = rlang::caller_env()) {
  cli::cli_abort(
    c("Can't {what} a specification that was never fitted.",
      i = "Fit it first with {.code fit(spec, formula, data)} or {.code fit_xy(spec, x, y)}."),
    class = c("dartsr_error_not_fitted", "dartsr_error"),
    call = call
  )
}

# The data of a refit: the fit's own unless new data are given, which must
# have the same inputs and outputs.
refit_design <- function(object, data, x, y, weights, groups = NULL, na_function = NULL,
                         call = rlang::caller_env()) {
  formula_fit <- !is.null(object$terms)
  if (formula_fit && (!is.null(x) || !is.null(y))) {
    abort_invalid("x", "can't be used to refit a model fitted with a formula; give new data as {.arg data}.",
                  call = call)
  }
  if (!formula_fit && !is.null(data)) {
    abort_invalid("data", "can't be used to refit a model fitted with {.fn fit_xy}; give new data as {.arg x} and {.arg y}.",
                  call = call)
  }
  if (is.null(data) && is.null(x) && is.null(y)) {
    if (!is.null(weights)) {
      abort_invalid("weights", "can only come with new data; without them the fit's own weights are kept.",
                    call = call)
    }
    if (!is.null(groups)) {
      abort_groups("can only come with new data; without them the fit's own groups are kept.",
                   call = call)
    }
    return(list(x = object$x, y = object$y, weights = object$weights, groups = object$groups,
                na.action = object$na.action, na_function = object$na_function,
                exclude = object$exclude, family = fit_family(object),
                levels = object$levels, response_name = object$response_name,
                terms = object$terms, xlevels = object$xlevels))
  }
  design <- if (formula_fit) {
    # A fit saved before na.action was an argument has none: the default then.
    if (is.null(na_function)) na_function <- resolve_na_action(NULL, call)
    new <- design_from_formula(stats::formula(object$terms), data, object$spec$output_type,
                               weights, groups, na_function, call = call)
    new$na_function <- na_function
    new
  } else {
    if (is.null(x) || is.null(y)) {
      abort_invalid(if (is.null(x)) "x" else "y", "is needed too: new data for a refit need both {.arg x} and {.arg y}.",
                    call = call)
    }
    design_from_xy(x, y, object$spec$output_type, weights, groups, call = call)
  }
  if (!identical(design$levels, object$levels)) {
    abort_data(c("The new response must have the levels {.val {object$levels}} of the fitted one.",
                 x = "It has {.val {design$levels}}."), call)
  }
  if (!identical(colnames(design$x), object$input_names) ||
      ncol(design$y) != length(object$output_names)) {
    cli::cli_abort(
      c("The new data must have the inputs {.field {object$input_names}} and {length(object$output_names)} output{?s}.",
        x = "They have the inputs {.field {colnames(design$x)}} and {ncol(design$y)} output{?s}."),
      class = c("dartsr_error_invalid_data", "dartsr_error"),
      call = call
    )
  }
  design
}
