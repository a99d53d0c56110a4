# The conditions dartsr signals: one table, which the help page
# ?dartsr_conditions is generated from and a test holds against the classes
# the code signals.

CONDITIONS <- data.frame(
  class = c(
    "dartsr_error_invalid_argument",
    "dartsr_error_unknown_primitive",
    "dartsr_error_offset",
    "dartsr_error_invalid_weights",
    "dartsr_error_invalid_groups",
    "dartsr_error_invalid_data",
    "dartsr_error_not_fitted",
    "dartsr_error_refit_structure",
    "dartsr_error_invalid_fit",
    "dartsr_error_nonfinite",
    "dartsr_error_no_history",
    "dartsr_error_no_equation",
    "dartsr_error_not_nls",
    "dartsr_error_internal",
    "dartsr_warning_separation",
    "dartsr_warning_nonfinite",
    "dartsr_warning_singular"
  ),
  parent = c(
    "dartsr_error",
    "dartsr_error_invalid_argument",
    "dartsr_error_invalid_argument",
    "dartsr_error_invalid_argument",
    "dartsr_error_invalid_argument",
    rep("dartsr_error", 9),
    rep("warning", 3)
  ),
  raised = c(
    paste("An argument of any exported function has the wrong type, length, range or value.",
          "The message names the argument as the caller wrote it."),
    "`primitives` names a primitive the engine does not have.",
    "The formula has an `offset()` term: the search fits no term with a coefficient fixed at 1.",
    "`weights` could not be evaluated in `data`.",
    "`groups` could not be evaluated in `data`, or does not give one group per row.",
    paste("The data cannot be made into a numeric design: no rows, a column of a type",
          "the search cannot use, or new data without the fit's inputs and outputs",
          "(`refit()`, `predict()`)."),
    "`refit()` or `predict()` was given a `darts_regressor()` specification that was never fitted.",
    "`refit()` was asked to change an argument that shapes the graph (`num_graph_nodes`, `primitives`).",
    "A `darts_fit` was edited by hand so that its model no longer matches its search space.",
    "The search's loss, its coefficients or the model's values on its own training data became non-finite.",
    "`plot(type = \"history\")` of a fit that ran no epochs of architecture search.",
    "`vcov()`, `confint()` or prediction bands of a model that is not written as one equation.",
    "`as_nls()` of an equation that `nls()` cannot fit; the message says why.",
    "An internal inconsistency of dartsr: a bug, to be reported.",
    "A choice fitted by deviance has probabilities numerically 0 or 1 (the inputs separate the classes).",
    "`predict()` gave predictions that are not finite, usually for new data far outside the training range.",
    "The data do not determine every constant of the equation: its standard errors are `NaN`."
  ),
  handle = c(
    "Correct the argument the message names.",
    "See `darts_primitives()` for the known names.",
    "Write the response less the offset on the left, `I(y - z) ~ x`, or make the variable an input.",
    "Give a numeric vector, or the name of a column of `data`.",
    "Give one value per row, or the name of a column of `data`.",
    "Check the data's columns and types against the fit's inputs.",
    "Fit the specification first with `fit()` or `fit_xy()`.",
    "Fit a new specification.",
    "Fit the specification again.",
    "Rescale the inputs and the response, lower the learning rates, or choose other primitives.",
    "Plot the sampled graph with `plot(fit)`, or search with `refit(fit, max_epochs = 20)`.",
    "Ask for the simplified equation's constants (`coef(fit)`), or choose another member of the front.",
    "Use `glm()` for a deviance, or choose another member of the front.",
    "Report it with a reproducible example.",
    "Do not trust probabilities near 0 or 1; the coefficients are held finite by a small ridge penalty.",
    "Predict within the range of the training data.",
    "Treat the constants' standard errors as unknown; a simpler equation may determine them."
  ),
  stringsAsFactors = FALSE
)

# The help page's table of `kind` ("error" or "warning").
conditions_rd <- function(kind) {
  rows <- CONDITIONS[startsWith(CONDITIONS$class, paste0("dartsr_", kind)), ]
  items <- sprintf("\\item{`%s` (a `%s`)}{%s %s}", rows$class, rows$parent, rows$raised,
                   rows$handle)
  paste(c("\\describe{", items, "}"), collapse = "\n")
}

#' Conditions signalled by dartsr
#'
#' Every error dartsr signals has the class `dartsr_error` and a more specific
#' class below it, and every warning a class of its own, so that a script can
#' catch exactly the condition it expects, as with any `rlang` condition:
#' `tryCatch(fit(...), dartsr_error_nonfinite = function(e) ...)`, or
#' `expect_error(..., class = "dartsr_error_invalid_argument")` in a test.
#' The messages say what went wrong, name the argument at fault and suggest a
#' fix; the classes, not the messages, are the stable interface.
#'
#' An interrupt (Esc, Ctrl-C) during a search or a polish is R's own: the
#' engine stops cleanly and dartsr signals an `interrupt` condition, which
#' `tryCatch(..., interrupt = ...)` catches, as for any R code.
#'
#' @section Errors:
#' `r conditions_rd("error")`
#'
#' @section Warnings:
#' `r conditions_rd("warning")`
#'
#' @name dartsr_conditions
#' @examples
#' result <- tryCatch(
#'   darts_regressor(num_graph_nodes = 0),
#'   dartsr_error_invalid_argument = function(e) conditionMessage(e)
#' )
#' result
NULL
