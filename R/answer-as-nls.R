#' The chosen equation as an `nls` fit
#'
#' `as_nls()` hands the equation of a fit to [stats::nls()]: the same
#' equation, its constants named as [coef()][darts_fit-methods] names them
#' (`b1`, `b2`, ...) and started at their fitted values, on the fit's own
#' rows and case weights. Started at the least-squares optimum, `nls()`
#' converges there at once, so the coefficients are the fit's; what comes back
#' is an ordinary `nls` object, for everything written for one:
#' [confint()][stats::confint] gives profile-likelihood intervals (where
#' [confint.darts_fit()] gives Wald intervals), [anova()][stats::anova]
#' compares two nested laws by their residual sums of squares (see the
#' examples), and packages such as nlstools take it as it is. (Before R
#' 4.4.0, the profile intervals of `nls` fits come from the MASS package.)
#'
#' The data of the `nls` object are the fit's design, stored in the object
#' (so it does not depend on the data the fit was made from): a column per
#' input of the equation, named as in the equation (a name that is not
#' syntactic in R, as `log(dose)`, made syntactic by [make.names()], as
#' `log.dose.`), the response, and the case weights. Rows that the fit left
#' out (`na.action`, weight 0) are not in it.
#'
#' `nls()` fits least squares to one numeric response, so a fit it can take
#' has one real output (or one logistic output fitted by least squares to
#' proportions, written as `1 / (1 + exp(-u))`), fitted by least squares, whose
#' model is written as one equation ([equation()][equation.darts_fit]) with
#' at least one constant. Anything else -- a choice or counts, fitted by
#' deviance (use [stats::glm()] for those), a softmax over several outputs,
#' several outputs, a graph too large to write out or leaning on a domain
#' guard of the engine, an equation without constants -- is a classed error
#' (`dartsr_error_not_nls`) that says which.
#'
#' @param object A `darts_fit`.
#' @param complexity `NULL` for the fit's chosen equation, or the complexity
#'   of another member of the [pareto_front()]: that member, its constants
#'   polished on every row first as [choose_equation()] does.
#' @param ... Not used; must be empty.
#' @return An object of class `nls`.
#' @seealso [stats::nls()], [confint.darts_fit()], [pareto_front()]
#' @export
#' @examples
#' d <- data.frame(x = seq(0, 5, length.out = 40))
#' set.seed(1)
#' d$y <- 4 * exp(-0.8 * d$x) + 1 + rnorm(40, sd = 0.05)
#' f <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 30), y ~ x, data = d)
#' n <- as_nls(f)
#' n
#' all.equal(coef(n), coef(f))
#' confint(n)
#'
#' # The front's simplest member, a constant, is nested in the chosen law.
#' front <- pareto_front(f)
#' front
#' constant <- as_nls(f, complexity = min(front$complexity))
#' anova(constant, n)
as_nls <- function(object, ...) {
  UseMethod("as_nls")
}

#' @rdname as_nls
#' @export
as_nls.darts_fit <- function(object, complexity = NULL, ...) {
  rlang::check_dots_empty()
  if (!is.null(complexity)) object <- choose_equation(object, complexity)
  law <- nls_law(object)
  constants <- law_coefficients(law, object$output_names)
  names <- nls_variable_names(object, names(constants))
  formula <- nls_formula(law, names)
  data <- nls_data(object, names)
  fit_nls(formula, data, as.list(constants), weighted = !is.null(object$weights))
}

#' @export
as_nls.default <- function(object, ...) {
  abort_invalid("object", "must be a fitted model ({.cls darts_fit}), not {what}.",
                .envir = list2env(list(what = describe(object))))
}

abort_not_nls <- function(message, call, .envir = parent.frame()) {
  cli::cli_abort(message, class = c("dartsr_error_not_nls", "dartsr_error"), call = call,
                 .envir = .envir)
}

# The fit's law, if nls() can fit it: least squares on one output, written as
# one equation with constants; a classed error saying why not otherwise.
nls_law <- function(object, call = rlang::caller_env()) {
  if (length(object$output_names) > 1) {
    what <- if (object$spec$output_type == "probability_distribution") {
      "a softmax over {length(object$output_names)} outputs"
    } else {
      "{length(object$output_names)} outputs"
    }
    abort_not_nls(c(paste0("{.fn nls} fits one response; this fit has ", what, "."),
                    i = "Fit each output on its own to hand it to {.fn nls}."),
                  call)
  }
  family <- likelihood_family(object)
  if (family != "gaussian") {
    abort_not_nls(c("{.fn nls} fits least squares; this fit is a choice (or counts), fitted by its {family} deviance.",
                    i = "{.fn glm} fits such responses; {.fn nls} would fit the wrong likelihood."),
                  call, .envir = list2env(list(family = family)))
  }
  law <- law_of(object)
  if (!isTRUE(law$exact)) {
    abort_not_nls(c("The fitted model is not written as one equation, so {.fn nls} has no formula to fit.",
                    i = "A graph too large to write out, or one leaning on a domain guard of the engine, has none; see {.code equation(fit, form = \"nodes\")}."),
                  call)
  }
  if (law$n_constants == 0) {
    abort_not_nls(c("The equation has no constants for {.fn nls} to estimate.",
                    i = "It is {.code {equation}}."),
                  call, .envir = list2env(list(equation = law_text(law, object$output_names,
                                                                    "console", 3))))
  }
  law
}

# The names of the nls() data's variables: the constants as coef() names
# them, then the response and the inputs, made syntactic (nls() writes its
# variables into a formula of its own) and unique (an input called b1 does
# not take the place of the constant b1).
nls_variable_names <- function(object, constant_names) {
  names <- make.unique(make.names(c(constant_names, object$output_names, object$input_names)))
  k <- length(constant_names)
  list(constants = names[seq_len(k)], response = names[k + 1L],
       inputs = stats::setNames(names[-seq_len(k + 1L)], object$input_names))
}

# response ~ the law with its constants as symbols, in base R (the output
# function, plogis(), around it for a logistic output).
nls_formula <- function(law, names) {
  symbolic <- law
  symbolic$calls <- list(symbolic_call(law$calls[[1]], names$constants))
  inputs <- lapply(names$inputs, as.name)
  rhs <- law_r_code(symbolic, inputs)[[1]]
  # The formula's environment holds nothing of the caller's: nls() finds
  # every variable in the data and every constant in `start`.
  stats::as.formula(call("~", as.name(names$response), rhs), env = baseenv())
}

nls_data <- function(object, names) {
  data <- stats::setNames(as.data.frame(unname(object$x)), names$inputs)
  data[[names$response]] <- unname(object$y[, 1])
  if (!is.null(object$weights)) data$.weights <- object$weights
  data
}

# nls() from the fit's constants. The call is built so that the object
# records what it was fitted from (`data`, the design of the fit), and runs
# in an environment of its own: the object needs nothing of the caller's.
fit_nls <- function(formula, data, start, weighted, call = rlang::caller_env()) {
  nls_call <- call("nls", formula = formula, data = quote(data), start = start)
  if (weighted) nls_call$weights <- quote(.weights)
  env <- list2env(list(data = data, nls = stats::nls), parent = baseenv())
  tryCatch(
    eval(nls_call, env),
    error = function(e) {
      abort_not_nls(c("{.fn nls} did not converge from the fit's constants: {message}",
                      i = "On data without noise, {.fn nls} cannot judge convergence; see {.code ?nls} on artificial zero-residual data."),
                    call, .envir = list2env(list(message = conditionMessage(e))))
    }
  )
}
