#' Plot a fitted DARTS model with ggplot2
#'
#' The three plots of [plot()][plot.darts_fit] as ggplot objects, to theme,
#' combine and save as any other: `type = "graph"`, the computation graph of
#' the sampled model; `type = "history"`, the training loss and the
#' architecture weights of every edge over the epochs, one facet each;
#' `type = "fit"`, the observed responses against the fitted values, one facet
#' per output (the fitted curve or surface over the inputs is drawn by
#' `plot(fit, type = "fit")` only). `autoplot()` is the generic of ggplot2;
#' dartsr registers this method when ggplot2 is loaded, without depending on
#' it.
#'
#' @param object A `darts_fit`.
#' @param type `"graph"`, `"history"` or `"fit"`.
#' @param digits Number of significant digits of the coefficients on the graph.
#' @param ... Not used; must be empty.
#' @return A ggplot object.
#' @seealso [plot.darts_fit()]
#' @method autoplot darts_fit
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
  nodes <- graph_nodes(x, digits)
  nodes$unused <- c(rep(FALSE, length(x$input_names)), unused_nodes(x),
                    rep(FALSE, length(x$output_names)))
  nodes$fill <- ifelse(nodes$unused, "#EEEEEE",
                       c(input = "#DCEBF7", hidden = "#FCE4C4", output = "#D5F0DD")[nodes$kind])
  arrows <- graph_arrows(x, digits)
  routes <- lapply(seq_len(nrow(arrows)), function(i) unit_route(arrows[i, ], nodes, i))
  paths <- do.call(rbind, c(list(empty_path()), lapply(routes, `[[`, "path")))
  labels <- do.call(rbind, c(list(empty_path()), lapply(routes, `[[`, "label")))
  labels$label <- arrows$label[labels$arrow]
  labels <- labels[nzchar(labels$label), , drop = FALSE]
  hidden <- nodes[nodes$kind == "hidden", , drop = FALSE]
  boxes <- nodes[nodes$kind != "hidden", , drop = FALSE]
  notes <- boxes[nzchar(boxes$note), , drop = FALSE]

  ggplot2::ggplot() +
    ggplot2::geom_path(
      ggplot2::aes(.data$x, .data$y, group = .data$arrow), data = paths,
      colour = "grey35", linewidth = 0.5,
      arrow = ggplot2::arrow(length = ggplot2::unit(2.5, "mm"), type = "closed")
    ) +
    ggplot2::geom_label(ggplot2::aes(.data$x, .data$y, label = .data$label),
                        data = labels, size = 3, label.size = 0, fill = "white") +
    ggplot2::geom_point(ggplot2::aes(.data$x, .data$y, fill = .data$fill),
                        data = hidden, shape = 21, size = 14, colour = "grey25") +
    ggplot2::geom_text(ggplot2::aes(.data$x, .data$y, label = .data$label,
                                    colour = ifelse(.data$unused, "grey45", "black")),
                       data = hidden) +
    ggplot2::geom_label(ggplot2::aes(.data$x, .data$y, label = .data$label, fill = .data$fill),
                        data = boxes, label.padding = ggplot2::unit(0.45, "lines")) +
    ggplot2::geom_text(ggplot2::aes(.data$x, .data$y - 0.08, label = .data$note),
                       data = notes, size = 3, colour = "grey25") +
    ggplot2::scale_fill_identity() +
    ggplot2::scale_colour_identity() +
    ggplot2::coord_cartesian(xlim = c(0, 1), ylim = c(0, 1), clip = "off") +
    ggplot2::theme_void()
}

empty_path <- function() {
  data.frame(x = numeric(), y = numeric(), arrow = integer())
}

# The path of arrow `i` on the unit square, bent around hidden nodes in the
# way as plot() does, and cut short where it enters its nodes; with the point
# where its label sits.
unit_route <- function(arrow, nodes, i) {
  from <- nodes[nodes$id == arrow$from, ]
  to <- nodes[nodes$id == arrow$to, ]
  p0 <- c(from$x, from$y)
  p2 <- c(to$x, to$y)
  between <- nodes[nodes$kind == "hidden" & nodes$column > from$column &
                     nodes$column < to$column, ]
  control <- (p0 + p2) / 2 +
    detour(p0, p2, cbind(between$x, between$y), rep(0.09, nrow(between)))
  t <- seq(0, 1, length.out = 101)
  curve <- outer((1 - t)^2, p0) + outer(2 * t * (1 - t), control) + outer(t^2, p2)
  inside <- inside_node(curve, from) | inside_node(curve, to)
  at <- 1 + round(100 * arrow$label_t)
  list(
    path = data.frame(x = curve[!inside, 1], y = curve[!inside, 2], arrow = i),
    label = data.frame(x = curve[at, 1], y = curve[at, 2], arrow = i)
  )
}

# Whether points lie within a node's drawn extent, roughly: a circle for a
# hidden node, a box as wide as its label for the others.
inside_node <- function(points, node) {
  dx <- abs(points[, 1] - node$x)
  dy <- abs(points[, 2] - node$y)
  if (node$kind == "hidden") return(sqrt(dx^2 + dy^2) < 0.045)
  dx < 0.008 * nchar(node$label) + 0.025 & dy < 0.04
}

# The search history ---------------------------------------------------------

autoplot_history <- function(x, call = rlang::caller_env()) {
  history <- search_history(x, call)
  epochs <- history$epochs
  edges <- history$edges
  primitives <- history$primitives
  panels <- c("training loss", edges)
  loss <- data.frame(
    panel = factor("training loss", panels),
    epoch = rep(seq_len(epochs), 2),
    value = c(history$loss, history$arch_loss),
    steps = factor(rep(c("parameter steps", "architecture steps"), each = epochs),
                   c("parameter steps", "architecture steps"))
  )
  grid <- expand.grid(edge = seq_along(edges), primitive = seq_along(primitives),
                      epoch = seq_len(epochs))
  arch <- data.frame(
    panel = factor(edges[grid$edge], panels),
    epoch = grid$epoch,
    value = history$weights[cbind(grid$edge, grid$primitive, grid$epoch)],
    primitive = factor(primitives[grid$primitive], primitives)
  )
  # One epoch is a point; lines need two.
  layers <- if (epochs == 1) {
    list(ggplot2::geom_point(ggplot2::aes(shape = .data$steps), data = loss, na.rm = TRUE),
         ggplot2::geom_point(ggplot2::aes(colour = .data$primitive), data = arch))
  } else {
    list(ggplot2::geom_line(ggplot2::aes(linetype = .data$steps), data = loss, na.rm = TRUE),
         ggplot2::geom_line(ggplot2::aes(colour = .data$primitive), data = arch))
  }
  ggplot2::ggplot(mapping = ggplot2::aes(.data$epoch, .data$value)) +
    layers +
    ggplot2::facet_wrap(ggplot2::vars(.data$panel), scales = "free_y") +
    ggplot2::scale_linetype_manual(values = c(1, 2)) +
    ggplot2::labs(x = "epoch", y = paste("loss, or", history$weight_label),
                  colour = "primitive", linetype = "loss", shape = "loss")
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
