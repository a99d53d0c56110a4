#' Plot a fitted DARTS model with ggplot2
#'
#' Three of the four plots of [plot()][plot.darts_fit] as ggplot objects, to
#' theme, combine and save as any other: `type = "graph"`, the computation
#' graph of the sampled model; `type = "history"`, the training loss and the
#' architecture weights of every edge over the epochs, one facet each;
#' `type = "fit"`, the observed responses against the fitted values, one facet
#' per output (the fitted curve or surface over the inputs is drawn by
#' `plot(fit, type = "fit")` only, and so is the Pareto front, by
#' `plot(fit, type = "front")`). `autoplot()` is the generic of ggplot2;
#' dartsr registers this method when ggplot2 is loaded, without depending on
#' it.
#'
#' @param object A `darts_fit`.
#' @param type `"graph"`, `"history"` or `"fit"`.
#' @param digits Number of significant digits of the coefficients on the graph.
#' @param ... Not used; must be empty.
#' @return A ggplot object.
#' @seealso [plot.darts_fit()]
#' @exportS3Method ggplot2::autoplot
#' @importFrom rlang .data
#' @examples
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   library(ggplot2)
#'   seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#'   spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'     primitives = c("none", "add", "mult", "linear_exp"))
#'   set.seed(1)
#'   f <- fit(spec, y ~ x1 + x2, data = seed)
#'   autoplot(f)
#'   autoplot(f, type = "history")
#'   autoplot(f, type = "fit") + theme_minimal()
#' }
autoplot.darts_fit <- function(object, type = c("graph", "history", "fit"), digits = 3,
                               ...) {
  rlang::check_dots_empty()
  type <- check_choice(type)
  digits <- check_count(digits, min = 1)
  switch(type,
    graph = autoplot_graph(object, digits),
    history = autoplot_history(object),
    fit = autoplot_fit(object)
  )
}

# The graph ------------------------------------------------------------------

autoplot_graph <- function(x, digits) {
  graph <- darts_graph(x, digits)
  nodes <- graph$nodes
  edges <- graph$edges
  paths <- do.call(rbind, c(list(empty_path()), lapply(seq_len(nrow(edges)), function(i) {
    edge_path(edges[i, ], nodes, i)
  })))
  labels <- edges[nzchar(edges$label), , drop = FALSE]
  hidden <- nodes[nodes$kind == "hidden", , drop = FALSE]
  boxes <- nodes[nodes$kind != "hidden", , drop = FALSE]
  notes <- boxes[nzchar(boxes$note), , drop = FALSE]

  ggplot2::ggplot() +
    ggplot2::geom_path(
      ggplot2::aes(.data$x, .data$y, group = .data$edge), data = paths,
      colour = ARROW_COLOUR, linewidth = 0.5,
      arrow = ggplot2::arrow(length = ggplot2::unit(2.5, "mm"), type = "closed")
    ) +
    borderless_label(ggplot2::aes(.data$label_x, .data$label_y, label = .data$label),
                     data = labels, size = 3, fill = "white") +
    ggplot2::geom_point(ggplot2::aes(.data$x, .data$y, fill = .data$fill),
                        data = hidden, shape = 21, size = HIDDEN_POINT_SIZE,
                        colour = NODE_BORDER) +
    ggplot2::geom_text(ggplot2::aes(.data$x, .data$y, label = .data$label,
                                    colour = ifelse(.data$unused, UNUSED_NODE_TEXT, "black")),
                       data = hidden) +
    ggplot2::geom_label(ggplot2::aes(.data$x, .data$y, label = .data$label, fill = .data$fill),
                        data = boxes, label.padding = ggplot2::unit(0.45, "lines")) +
    ggplot2::geom_text(ggplot2::aes(.data$x, .data$y - 0.08, label = .data$note),
                       data = notes, size = 3, colour = NODE_BORDER) +
    ggplot2::scale_fill_identity() +
    ggplot2::scale_colour_identity() +
    ggplot2::coord_cartesian(xlim = c(0, 1), ylim = c(0, 1), clip = "off") +
    ggplot2::theme_void()
}

# A geom_label() without a border. ggplot2 3.5.0 renamed the border's width
# from `label.size` to `linewidth` and warns on the old name, which the
# releases before it do not know.
borderless_label <- function(...) {
  if (utils::packageVersion("ggplot2") >= "3.5.0") {
    ggplot2::geom_label(..., linewidth = 0)
  } else {
    ggplot2::geom_label(..., label.size = 0)
  }
}

# ggplot2 sizes points and labels in absolute units, which it turns into
# positions only when it draws; the arrows are cut short by the nodes'
# extents on the unit square of a plot of usual size (about 6 by 4.5 inches):
# a hidden node's circle, and a box about as wide as its label.
HIDDEN_POINT_SIZE <- 14
HIDDEN_NODE_RADIUS <- 0.045
BOX_HALF_WIDTH_PER_CHARACTER <- 0.008
BOX_HALF_WIDTH_PADDING <- 0.025
BOX_HALF_HEIGHT <- 0.04

empty_path <- function() {
  data.frame(x = numeric(), y = numeric(), edge = integer())
}

# Edge `i`'s route as a path, from where it leaves its source to where it
# enters its target.
edge_path <- function(edge, nodes, i) {
  from <- nodes[nodes$id == edge$from, ]
  to <- nodes[nodes$id == edge$to, ]
  curve <- bezier(c(from$x, from$y), c(edge$control_x, edge$control_y), c(to$x, to$y),
                  seq(0, 1, length.out = 101))
  outside <- !(inside_node(curve, from) | inside_node(curve, to))
  data.frame(x = curve[outside, 1], y = curve[outside, 2], edge = i)
}

# Whether points lie within a node's drawn extent, roughly: a circle for a
# hidden node, a box about as wide as its label for the others.
inside_node <- function(points, node) {
  dx <- abs(points[, 1] - node$x)
  dy <- abs(points[, 2] - node$y)
  if (node$kind == "hidden") return(sqrt(dx^2 + dy^2) < HIDDEN_NODE_RADIUS)
  dx < BOX_HALF_WIDTH_PER_CHARACTER * nchar(node$label) + BOX_HALF_WIDTH_PADDING &
    dy < BOX_HALF_HEIGHT
}

# The search history ---------------------------------------------------------

autoplot_history <- function(x, call = rlang::caller_env()) {
  history <- search_history(x, call)
  epoch <- history$epoch
  records <- length(epoch)
  edges <- history$edges
  primitives <- history$primitives
  panels <- c("training loss", edges)
  loss <- data.frame(
    panel = factor("training loss", panels),
    epoch = rep(epoch, 2),
    value = c(history$loss, history$arch_loss),
    steps = factor(rep(c("parameter steps", "architecture steps"), each = records),
                   c("parameter steps", "architecture steps"))
  )
  grid <- expand.grid(edge = seq_along(edges), primitive = seq_along(primitives),
                      record = seq_len(records))
  arch <- data.frame(
    panel = factor(edges[grid$edge], panels),
    epoch = epoch[grid$record],
    value = history$weights[cbind(grid$edge, grid$primitive, grid$record)],
    primitive = factor(primitives[grid$primitive], primitives)
  )
  # One epoch is a point; lines need two.
  layers <- if (records == 1) {
    list(ggplot2::geom_point(ggplot2::aes(shape = .data$steps), data = loss, na.rm = TRUE),
         ggplot2::geom_point(ggplot2::aes(colour = .data$primitive), data = arch))
  } else {
    list(ggplot2::geom_line(ggplot2::aes(linetype = .data$steps), data = loss, na.rm = TRUE),
         ggplot2::geom_line(ggplot2::aes(colour = .data$primitive), data = arch))
  }
  # The losses' legend is of shapes or of line types, and ggplot2 4.0 tells
  # of a title given to a legend the plot does not draw.
  loss_legend <- if (records == 1) list(shape = "loss") else list(linetype = "loss")
  ggplot2::ggplot(mapping = ggplot2::aes(.data$epoch, .data$value)) +
    layers +
    ggplot2::facet_wrap(ggplot2::vars(.data$panel), scales = "free_y") +
    ggplot2::scale_linetype_manual(values = c(1, 2)) +
    do.call(ggplot2::labs, c(list(x = "epoch", y = paste("loss, or", history$weight_label),
                                  colour = "primitive"), loss_legend))
}

# The fit --------------------------------------------------------------------

autoplot_fit <- function(x) {
  data <- data.frame(
    output = factor(rep(x$output_names, each = nrow(x$y)), x$output_names),
    fitted = as.vector(x$fitted.values),
    observed = as.vector(x$y)
  )
  ggplot2::ggplot(data, ggplot2::aes(.data$fitted, .data$observed)) +
    ggplot2::geom_abline(slope = 1, intercept = 0, linetype = 2, colour = "grey50") +
    ggplot2::geom_point(alpha = 0.6) +
    ggplot2::facet_wrap(ggplot2::vars(.data$output), scales = "free") +
    ggplot2::labs(x = "fitted", y = "observed")
}
