#' Predictions of a fitted DARTS model
#'
#' Computes what the sampled model (one primitive per edge, with its fitted
#' coefficients) gives for new inputs, output function applied; with
#' `interval`, also a band around each prediction.
#'
#' The bands come from the covariance of the equation's constants
#' ([vcov()][vcov.darts_fit]) by the delta method: the standard error of the
#' curve at `x` is `sqrt(g' V g)`, `g` the derivatives of the equation with
#' respect to its constants at `x`. A `"confidence"` band (for the curve
#' itself) is `fit +/- q * se`; a `"prediction"` band (for a new observation
#' there, Gaussian fits only) adds the residual variance: `fit +/- q *
#' sqrt(se^2 + sigma^2)`, as [stats::predict.lm()] does. `q` is the quantile
#' of Student's t with the residual degrees of freedom (normal for a
#' likelihood fit). For a logistic output the band is worked out on the
#' logit scale and transformed, so it stays within 0 and 1; for a softmax
#' output it is the delta method on each probability, held within 0 and 1.
#' The bands are conditional on the chosen equation (see
#' [vcov.darts_fit()]).
#'
#' @param object A `darts_fit`.
#' @param newdata A data frame holding the variables of the formula (for a
#'   formula fit), or a numeric matrix or data frame with the input columns
#'   (for a [fit_xy()][fit.darts_regressor] fit). A row with a missing input
#'   is predicted as `NA`. When missing, the fitted values (for a fit with
#'   `na.action = na.exclude`, padded with `NA` back to the data's rows).
#' @param type `"response"`: what the equation gives (for a choice, the
#'   probability of the second level, or one probability per level); for a
#'   fit of a factor or logical response also `"class"`, the most probable
#'   level as a factor with the training levels, and `"prob"`, a data frame
#'   with one column of probabilities per level.
#' @param interval `"none"` (the predictions only), `"confidence"` or
#'   `"prediction"`.
#' @param level The confidence level of the band, strictly between 0 and 1.
#' @param ... Not used; must be empty.
#' @return Without `interval`: a numeric vector for one output, a matrix with
#'   one column per output for several (for `type = "class"` a factor, for
#'   `type = "prob"` a data frame). With `interval`: a matrix with
#'   columns `fit`, `lwr` and `upr` (one row per row of `newdata`), or for
#'   several outputs a list of such matrices named by output.
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 20,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' new <- data.frame(x1 = c(0, 0.5), x2 = c(0.2, 1))
#' predict(f, new)
#' predict(f, new, interval = "confidence")
#' predict(f, new, interval = "prediction", level = 0.9)
predict.darts_fit <- function(object, newdata = NULL, type = c("response", "class", "prob"),
                              interval = c("none", "confidence", "prediction"),
                              level = 0.95, ...) {
  rlang::check_dots_empty()
  type <- check_choice(type)
  interval <- check_choice(interval)
  check_level(level)
  if (type != "response") check_class_prediction(object, type, interval)
  if (is.null(newdata)) {
    x <- object$x
    predictions <- object$fitted.values
    # The training rows, padded back to the data's under na.exclude.
    padding <- object$exclude
  } else {
    x <- new_design(object, newdata)
    # Rows with a missing input are predicted as NA, as predict.lm() does.
    complete <- complete_rows(x)
    padding <- if (!all(complete)) {
      list(rows = which(complete), n = nrow(x), row_names = rownames(x))
    }
    x <- x[complete, , drop = FALSE]
    predictions <- new_predictions(object, x)
  }
  result <- if (type == "class") {
    predicted_levels(object, predictions)
  } else if (type == "prob") {
    level_probabilities(object, predictions)
  } else if (interval == "none") {
    predictions
  } else {
    prediction_bands(object, x, predictions, interval, level)
  }
  result <- pad_excluded(result, padding)
  if (type != "response") return(result)
  if (interval == "none") return(drop_single_output(result))
  if (length(result) == 1) result[[1]] else result
}

# What the model gives for the rows of the design `x` (a matrix with one
# column per output), with a warning where that is not finite.
new_predictions <- function(object, x) {
  n_outputs <- length(object$output_names)
  predictions <- if (nrow(x) == 0) {
    matrix(numeric(), 0, n_outputs)
  } else {
    engine_predict(object$spec, object$network, x, n_outputs)
  }
  dimnames(predictions) <- list(rownames(x), object$output_names)
  if (!all(is.finite(predictions))) {
    cli::cli_warn(
      c("Some predictions are not finite.",
        i = "{.arg newdata} may lie far outside the range of the training data."),
      class = "dartsr_warning_nonfinite"
    )
  }
  predictions
}

# Classes and their probabilities are for a factor (or logical) response.
check_class_prediction <- function(object, type, interval, call = rlang::caller_env()) {
  if (is.null(object$levels)) {
    abort_invalid("type", "{.val {type}} needs a fit of a factor or logical response; this one is numeric.",
                  call = call, .envir = list2env(list(type = type)))
  }
  if (interval != "none") {
    abort_invalid("interval", "is for {.code type = \"response\"}, the probabilities as the equation gives them.",
                  call = call)
  }
}

# The most probable level of each row, as a factor with the training levels.
predicted_levels <- function(object, predictions) {
  factor(object$levels[predicted_class(predictions)], levels = object$levels)
}

# One column of probabilities per level.
level_probabilities <- function(object, predictions) {
  if (ncol(predictions) == 1) predictions <- cbind(1 - predictions[, 1], predictions[, 1])
  probabilities <- as.data.frame(unname(predictions))
  names(probabilities) <- object$levels
  probabilities
}

#' @export
predict.darts_regressor <- function(object, ...) {
  abort_not_fitted("predict with")
}

drop_single_output <- function(m) {
  if (ncol(m) == 1) return(stats::setNames(m[, 1], rownames(m)))
  m
}

# The design matrix of new data, with the same columns as the training design.
new_design <- function(object, newdata, call = rlang::caller_env()) {
  if (!is.null(object$terms)) {
    if (!is.data.frame(newdata)) {
      abort_invalid("newdata", "must be a data frame, not {what}.", call = call,
                    .envir = list2env(list(what = describe(newdata))))
    }
    terms <- stats::delete.response(object$terms)
    check_variables_present(terms, newdata, call, arg = "newdata")
    frame <- stats::model.frame(terms, newdata, na.action = stats::na.pass,
                                xlev = object$xlevels)
    check_variable_types(terms, frame, call)
    x <- design_matrix(terms, frame)
  } else {
    x <- as_input_matrix(newdata, call, arg = "newdata")
    x <- match_input_columns(x, object$input_names, call)
  }
  # Missing values give NA predictions; infinite ones are an error.
  check_finite(x[complete_rows(x), , drop = FALSE], "input", call)
  x
}

# Each variable must be of the type it had in the training data (a number where
# a number was fitted), as predict.lm() checks it.
check_variable_types <- function(terms, frame, call) {
  classes <- attr(terms, "dataClasses")
  if (is.null(classes)) return(invisible())
  tryCatch(
    stats::.checkMFClasses(classes, frame),
    error = function(e) {
      abort_data(c("{.arg newdata} has a variable of the wrong type.",
                   x = conditionMessage(e)), call)
    }
  )
}

match_input_columns <- function(x, input_names, call) {
  missing <- setdiff(input_names, colnames(x))
  if (length(missing) > 0) {
    abort_data("{.arg newdata} is missing the variable{?s} {.field {missing}}.", call)
  }
  x[, input_names, drop = FALSE]
}
