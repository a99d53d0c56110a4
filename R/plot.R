#' Plot a fitted DARTS model or its search
#'
#' `type = "graph"` draws the computation graph of the sampled model: the
#' inputs on the left, the hidden nodes `k1, k2, ...` in order in the middle and
#' the outputs on the right, with one arrow per edge whose operation is not
#' `"none"`, labelled with the operation and its fitted coefficients applied to
#' the edge's source (`exp(5 * x2)` on the arrow from `x2`). Arrows into an
#' output carry the output layer's weight when it was trained; a trained bias
#' and the output function (`logistic`, `softmax`) are written under the output.
#' Hidden nodes that reach no output are grey, with a dashed border.
#' [as_dot()] gives the same graph in Graphviz's DOT language.
#'
#' `type = "history"` shows the search, as AutoRA's execution monitor does: the
#' training loss per epoch (mean over the epoch's parameter steps, with the
#' loss of the architecture steps dashed; on a log scale when positive), then
#' one panel per edge with the architecture weights of every primitive over the
#' epochs (softmax of `alphas`, or their sigmoid for `darts_type = "fair"`).
#' A search of more than 100 epochs is recorded at 100 evenly spaced epochs
#' (each with the mean loss since the one before), so the lines join those.
#' A fit that ran no epochs of search (`max_epochs = 0`) has no history to show.
#'
#' `type = "fit"` shows how well the model fits, one row of panels per
#' output: the observed responses against the fitted values, on the line of
#' equality when the fit is perfect; and, for a model of one or two inputs,
#' the fitted curve (one input) or surface (two inputs) over the range of the
#' training data, with the data as points (on the surface, black above it and
#' grey below). Around a curve, shaded, the 95% confidence band of the
#' equation (see [predict()][predict.darts_fit] with `interval =
#' "confidence"`), where it has one.
#'
#' `type = "front"` draws the [pareto_front()]: training and cross-validated
#' error (with one standard error) against complexity, the chosen equation's
#' complexity dashed, as `plot()` of a `cv.glmnet` fit draws error against
#' the penalty.
#'
#' All four use base graphics and restore the graphical parameters they
#' change. With ggplot2 installed, [autoplot()][autoplot.darts_fit] draws them
#' as ggplot objects.
#'
#' @param x A `darts_fit`.
#' @param type `"graph"`, `"history"`, `"fit"` or `"front"`.
#' @param digits Number of significant digits of the coefficients on the graph.
#' @param ... Not used; must be empty.
#' @return `x`, invisibly.
#' @seealso [equation.darts_fit()], [summary.darts_fit()]
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' plot(f)
#' plot(f, type = "history")
#' plot(f, type = "fit")
plot.darts_fit <- function(x, type = c("graph", "history", "fit", "front"), digits = 3, ...) {
  rlang::check_dots_empty()
  type <- check_choice(type)
  digits <- check_count(digits, min = 1)
  switch(type,
    graph = plot_graph(x, digits),
    history = plot_history(x),
    fit = plot_fit(x),
    front = plot_front(x)
  )
  invisible(x)
}
