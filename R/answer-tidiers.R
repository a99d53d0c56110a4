#' Tidy a fitted DARTS model
#'
#' The tidiers of the broom conventions (the generics are those of the
#' generics package, re-exported by dartsr), each returning a data frame.
#'
#' * `tidy()`: one row per free constant of the simplified equation, as
#'   [coef()][coef.darts_fit] lists them: `term` (`b1`, `b2`, ...),
#'   `estimate`, `std.error` (see [vcov()][vcov.darts_fit]), `statistic`
#'   (estimate / std.error: a t value for a Gaussian fit, a z value for a
#'   likelihood fit) and `p.value` (two-sided, for a constant of 0), and with
#'   `conf.int = TRUE` the Wald interval `conf.low`, `conf.high` of
#'   [confint()][confint.darts_fit]. With `form = "nodes"` (and for a model
#'   written node by node), one row per free coefficient of the
#'   sampled network: `term` (the name `coef(fit, form = "nodes")` gives it),
#'   `edge`, `operation` (the primitive, or `"output layer"`), `parameter`
#'   and `estimate`.
#' * `glance()`: one row of statistics of the fit: `nobs` (training rows),
#'   `loss` (the training loss the search minimises), `r.squared` (the mean
#'   over the outputs for several), `logLik`, `AIC`, `BIC` and `df` (see
#'   [logLik.darts_fit()]), `nodes` (hidden nodes), `unused_nodes` (those that
#'   reach no output), `edges` (edges whose operation is not `"none"`),
#'   `primitives` (the edge primitives the search mixes, as `print()` counts
#'   them: `"product"`, a kind of node, is not one) and `epochs` (of architecture
#'   search, over every fit of a chain of refits).
#' * `augment()`: the data with the predictions `.fitted` and, when the
#'   response is in the data, the residuals `.resid` (`.fitted_<output>` and
#'   `.resid_<output>` for several outputs). Without `newdata`, the training
#'   data: the responses and the input columns of the design (for a fit with
#'   `na.action = na.exclude`, one row per row of the data, all `NA` where a
#'   row was left out). Rows of `newdata` with a missing input get `NA`.
#'
#' @param x A `darts_fit`.
#' @param form For `tidy()`: `"simplified"` or `"nodes"`, as for
#'   [coef()][coef.darts_fit].
#' @param conf.int For `tidy()`: whether to add confidence intervals of the
#'   equation's constants (`conf.low`, `conf.high`).
#' @param conf.level For `tidy()`: their confidence level, strictly between 0
#'   and 1.
#' @param newdata Data to predict for, as for [predict()][predict.darts_fit];
#'   by default the training data.
#' @param ... Not used; must be empty.
#' @return A data frame.
#' @name darts_fit-tidiers
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' tidy(f, conf.int = TRUE)
#' glance(f)
#' head(augment(f))
#' augment(f, newdata = seed[1:3, ])
NULL

#' @rdname darts_fit-tidiers
#' @export
tidy.darts_fit <- function(x, form = c("simplified", "nodes"), conf.int = FALSE,
                           conf.level = 0.95, ...) {
  rlang::check_dots_empty()
  form <- check_choice(form)
  check_flag(conf.int)
  check_level(conf.level)
  if (form == "simplified" && isTRUE(law_of(x)$exact)) {
    table <- coef_table(x)
    if (conf.int) {
      limits <- wald_limits(table, conf.level)
      table$conf.low <- limits[, 1]
      table$conf.high <- limits[, 2]
    }
    table$df <- NULL
    return(table)
  }
  if (conf.int) {
    abort_invalid("conf.int", "is for the constants of the simplified equation; the coefficients of a network written node by node have no intervals.")
  }
  table <- coefficient_table(x)
  rownames(table) <- NULL
  table[c("term", "edge", "operation", "parameter", "estimate")]
}

#' @rdname darts_fit-tidiers
#' @export
glance.darts_fit <- function(x, ...) {
  rlang::check_dots_empty()
  log_lik <- logLik.darts_fit(x)
  statistics <- data.frame(
    nobs = nobs.darts_fit(x),
    loss = x$loss,
    logLik = as.numeric(log_lik),
    AIC = stats::AIC(log_lik),
    BIC = stats::BIC(log_lik),
    df = attr(log_lik, "df"),
    deviance = deviance.darts_fit(x)
  )
  statistics <- cbind(statistics, if (fit_family(x) == "gaussian") {
    data.frame(r.squared = mean(x$r_squared))
  } else {
    choice_statistics(x)
  })
  cbind(statistics, data.frame(
    nodes = x$spec$num_graph_nodes,
    unused_nodes = sum(unused_nodes(x)),
    edges = sum(x$network$architecture != "none"),
    primitives = length(edge_primitives(x$spec$primitives)),
    epochs = epochs_searched(x$history)
  ))
}

# The null deviance (of the best constant probabilities), the share of rows
# (of the weight) whose most probable class is the observed one, and the
# log-loss (cross-entropy per unit of weight).
choice_statistics <- function(x) {
  family <- fit_family(x)
  weights <- if (is.null(x$weights)) rep(1, nrow(x$y)) else x$weights
  correct <- predicted_class(x$fitted.values) == predicted_class(x$y)
  data.frame(
    null.deviance = total_loss(family, x$y, constant_fit(x$y, x$weights), x$weights),
    accuracy = sum(weights * correct) / sum(weights),
    log_loss = x$loss
  )
}

#' @rdname darts_fit-tidiers
#' @export
augment.darts_fit <- function(x, newdata = NULL, ...) {
  rlang::check_dots_empty()
  if (!is.null(x$levels)) return(augment_choice(x, newdata))
  if (is.null(newdata)) {
    # Under na.exclude, the data's rows: NA where a row was left out.
    data <- pad_excluded(data.frame(x$y, x$x, check.names = FALSE), x$exclude)
    fitted <- pad_excluded(x$fitted.values, x$exclude)
    response <- pad_excluded(x$y, x$exclude)
  } else {
    data <- as.data.frame(newdata)
    fitted <- as.matrix(predict.darts_fit(x, newdata))
    response <- response_of(x, data)
  }
  suffix <- if (length(x$output_names) == 1) "" else paste0("_", x$output_names)
  for (c in seq_along(x$output_names)) {
    data[[paste0(".fitted", suffix[c])]] <- unname(fitted[, c])
    if (!is.null(response)) data[[paste0(".resid", suffix[c])]] <- unname(response[, c] - fitted[, c])
  }
  data
}

# The response in new data as a matrix, or NULL when the data do not hold it.
response_of <- function(x, data) {
  if (!is.null(x$terms)) {
    lhs <- stats::formula(x$terms)[[2]]
    if (!all(all.vars(lhs) %in% names(data))) return(NULL)
    y <- eval(lhs, data, environment(x$terms))
    return(as.matrix(y))
  }
  if (!all(x$output_names %in% names(data))) return(NULL)
  as.matrix(data[x$output_names])
}

# A choice's augment(), with the names of tidymodels: the predicted class
# `.pred_class` and one column `.pred_<level>` of probabilities per level.
augment_choice <- function(x, newdata) {
  data <- if (is.null(newdata)) {
    observed <- factor(x$levels[predicted_class(x$y)], levels = x$levels)
    pad_excluded(cbind(stats::setNames(data.frame(observed), x$response_name),
                       as.data.frame(x$x, optional = TRUE)), x$exclude)
  } else {
    as.data.frame(newdata)
  }
  data$.pred_class <- predict.darts_fit(x, newdata, type = "class")
  probabilities <- predict.darts_fit(x, newdata, type = "prob")
  for (level in names(probabilities)) data[[paste0(".pred_", level)]] <- probabilities[[level]]
  data
}
