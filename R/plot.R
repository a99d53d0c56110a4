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

# The graph ------------------------------------------------------------------

plot_graph <- function(x, digits) {
  nodes <- graph_nodes(x, digits)
  arrows <- graph_arrows(x, digits)
  old <- graphics::par(mar = c(1, 1, 1, 1), xpd = NA)
  on.exit(graphics::par(old))
  graphics::plot.new()
  graphics::plot.window(xlim = c(0, 1), ylim = c(0, 1))
  # Geometry is done in inches, so that circles stay round and arrows stop at
  # the node's edge whatever the device's aspect ratio.
  nodes <- cbind(nodes, node_size_inches(nodes, cex = NODE_CEX))
  nodes$unused <- c(rep(FALSE, length(x$input_names)), unused_nodes(x),
                    rep(FALSE, length(x$output_names)))
  routes <- lapply(seq_len(nrow(arrows)), function(i) route_arrow(arrows[i, ], nodes))
  for (route in routes) draw_route(route)
  draw_nodes(nodes)
  for (i in seq_along(routes)) {
    draw_label(routes[[i]]$label_at, arrows$label[i], cex = LABEL_CEX)
  }
}

NODE_CEX <- 1
LABEL_CEX <- 0.8

# Nodes, with their column (0 inputs, j hidden node k_j, K + 1 outputs) and
# position in user coordinates on the unit square.
graph_nodes <- function(x, digits) {
  K <- x$spec$num_graph_nodes
  inputs <- x$input_names
  outputs <- x$output_names
  column <- c(rep(0, length(inputs)), seq_len(K), rep(K + 1, length(outputs)))
  data.frame(
    id = node_ids(length(inputs), K, length(outputs)),
    label = c(inputs, hidden_node_names(x), outputs),
    kind = c(rep("input", length(inputs)), rep("hidden", K), rep("output", length(outputs))),
    note = c(rep("", length(inputs) + K), output_notes(x, digits)),
    column = column,
    x = 0.08 + 0.84 * column / (K + 1),
    y = c(spread(length(inputs)), zigzag(K), spread(length(outputs))),
    stringsAsFactors = FALSE
  )
}

# Nodes are known by position, not by name: an input may well be called "k1".
# Inputs and hidden nodes come in the order of the edges' `from_index`.
node_ids <- function(p, K, C) {
  # sprintf(), unlike paste0(), gives nothing for nothing.
  c(sprintf("input:%d", seq_len(p)), sprintf("hidden:%d", seq_len(K)),
    sprintf("output:%d", seq_len(C)))
}

# n positions evenly around the middle, the first at the top.
spread <- function(n) {
  if (n == 1) return(0.5)
  step <- min(0.8 / (n - 1), 0.45)
  0.5 - (seq_len(n) - (n + 1) / 2) * step
}

# Hidden nodes alternate above and below the middle, so that an arrow from
# k1 to k3 does not run through k2.
zigzag <- function(K) {
  if (K == 1) return(0.5)
  0.5 + ifelse(seq_len(K) %% 2 == 1, 0.2, -0.2)
}

# What the output box does not show: the output function and a bias, unless
# the bias is negligible, as in the equations.
output_notes <- function(x, digits) {
  fun <- output_function_name(x$spec$output_type)
  bias <- x$model$bias
  sizes <- training_sizes(x)
  vapply(seq_along(x$output_names), function(c) {
    largest_term <- largest_finite(weighted_node_sizes(x, c, sizes))
    parts <- c(
      if (!is.null(fun)) paste(fun, "output"),
      if (!negligible_constant(bias[[c]], largest_term, digits)) {
        paste("bias", format_number(bias[[c]], digits))
      }
    )
    paste(parts, collapse = ", ")
  }, character(1))
}

# One arrow per edge that is not "none", then one per hidden node and output.
graph_arrows <- function(x, digits) {
  edges <- x$edges
  architecture <- x$model$architecture
  sizes <- training_sizes(x)
  used <- which(shown_edges(x, digits, sizes))
  edge_labels <- vapply(used, function(e) {
    edge_label(architecture[[e]], edge_params(x, e),
               variable_label(edges$from[e], "console"), "console", digits,
               scale = sizes$sources[[edges$from_index[e]]])
  }, character(1))
  weight <- x$model$weight
  ids <- node_ids(length(x$input_names), ncol(weight), nrow(weight))
  out <- rep(seq_len(nrow(weight)), each = ncol(weight))
  node <- rep(seq_len(ncol(weight)), times = nrow(weight))
  weights <- as.vector(t(weight))
  keep <- weights != 0
  weight_labels <- if (isTRUE(x$spec$train_classifier_coefficients)) {
    format_number(weights, digits)
  } else {
    rep("", length(weights))
  }
  arrows <- data.frame(
    from = c(ids[edges$from_index[used]], sprintf("hidden:%d", node[keep])),
    to = c(sprintf("hidden:%d", edges$to_index[used]), sprintf("output:%d", out[keep])),
    label = c(edge_labels, weight_labels[keep]),
    stringsAsFactors = FALSE
  )
  arrows$label_t <- staggered_label_positions(arrows$to)
  arrows
}

# Where along its arrow (0 at the source, 1 at the target) each label sits.
# Arrows into the same node take turns at 0.5, 0.38 and 0.62, so that the
# labels of neighbouring arrows do not sit side by side.
staggered_label_positions <- function(targets) {
  rank <- stats::ave(seq_along(targets), targets, FUN = seq_along)
  c(0.5, 0.38, 0.62)[(rank - 1) %% 3 + 1]
}

# Half-width and half-height (boxes) or radius (circles) of every node.
node_size_inches <- function(nodes, cex) {
  width <- graphics::strwidth(nodes$label, units = "inches", cex = cex)
  height <- graphics::strheight("Mg", units = "inches", cex = cex)
  pad <- 0.8 * height
  data.frame(
    half_width = width / 2 + pad,
    half_height = height / 2 + pad,
    radius = pmax(width / 2, height / 2) + pad
  )
}

to_inches <- function(x, y) {
  c(graphics::grconvertX(x, "user", "inches"), graphics::grconvertY(y, "user", "inches"))
}

to_user <- function(p) {
  list(x = graphics::grconvertX(p[, 1], "inches", "user"),
       y = graphics::grconvertY(p[, 2], "inches", "user"))
}

# Where a ray from the node's centre in direction `u` (a unit vector, inches)
# leaves the node.
node_boundary <- function(node, u) {
  centre <- to_inches(node$x, node$y)
  if (node$kind == "hidden") return(centre + node$radius * u)
  scale <- min(node$half_width / abs(u[1]), node$half_height / abs(u[2]))
  centre + scale * u
}

unit <- function(v) v / sqrt(sum(v^2))

# The path of one arrow: a quadratic Bezier curve in inches, straight unless a
# hidden node lies in the way, in which case it bends around the side that
# needs the smaller detour.
route_arrow <- function(arrow, nodes) {
  from <- nodes[nodes$id == arrow$from, ]
  to <- nodes[nodes$id == arrow$to, ]
  p0 <- to_inches(from$x, from$y)
  p2 <- to_inches(to$x, to$y)
  between <- nodes[nodes$kind == "hidden" & nodes$column > from$column &
                     nodes$column < to$column, ]
  centres <- matrix(as.numeric(unlist(Map(to_inches, between$x, between$y))), ncol = 2,
                    byrow = TRUE)
  control <- (p0 + p2) / 2 + detour(p0, p2, centres, between$radius + 0.15)
  start <- node_boundary(from, unit(control - p0))
  end <- node_boundary(to, unit(control - p2))
  t <- seq(0, 1, length.out = 41)
  curve <- outer((1 - t)^2, start) + outer(2 * t * (1 - t), control) + outer(t^2, end)
  at <- 1 + round(40 * arrow$label_t)
  list(curve = curve, label_at = to_user(curve[at, , drop = FALSE]))
}

# The offset of the Bezier control point from the chord's midpoint that keeps
# the curve at least `clearance` from the centres of the nodes in between (a
# matrix, one row per node). A quadratic Bezier with offset h lies
# 2 h t (1 - t) off the chord at parameter t.
detour <- function(p0, p2, centres, clearance) {
  if (nrow(centres) == 0) return(c(0, 0))
  chord <- p2 - p0
  normal <- unit(c(-chord[2], chord[1]))
  along <- pmin(pmax(((centres[, 1] - p0[1]) * chord[1] + (centres[, 2] - p0[2]) * chord[2]) /
                       sum(chord^2), 0.05), 0.95)
  side <- (centres[, 1] - p0[1]) * normal[1] + (centres[, 2] - p0[2]) * normal[2]
  offset_for <- function(sign) {
    # Distance the curve must move towards `sign` to pass each node there.
    needed <- pmax(clearance + sign * side, 0)
    needed[abs(side) >= clearance] <- 0
    max(needed / (2 * along * (1 - along)))
  }
  up <- offset_for(1)
  down <- offset_for(-1)
  if (up <= down) up * normal else -down * normal
}

draw_route <- function(route) {
  xy <- to_user(route$curve)
  n <- length(xy$x)
  graphics::lines(xy$x[-n], xy$y[-n], col = "grey35", lwd = 1.3)
  graphics::arrows(xy$x[n - 1], xy$y[n - 1], xy$x[n], xy$y[n],
                   length = 0.09, col = "grey35", lwd = 1.3)
}

draw_nodes <- function(nodes) {
  fill <- c(input = "#DCEBF7", hidden = "#FCE4C4", output = "#D5F0DD")
  for (i in seq_len(nrow(nodes))) {
    node <- nodes[i, ]
    if (node$kind == "hidden") {
      graphics::symbols(node$x, node$y, circles = node$radius, inches = node$radius,
                        add = TRUE, bg = if (node$unused) "#EEEEEE" else fill[["hidden"]],
                        fg = "grey25", lty = if (node$unused) 2 else 1)
    } else {
      dx <- graphics::grconvertX(node$half_width, "inches", "user") -
        graphics::grconvertX(0, "inches", "user")
      dy <- graphics::grconvertY(node$half_height, "inches", "user") -
        graphics::grconvertY(0, "inches", "user")
      graphics::rect(node$x - dx, node$y - dy, node$x + dx, node$y + dy,
                     col = fill[[node$kind]], border = "grey25")
      if (nzchar(node$note)) {
        graphics::text(node$x, node$y - dy, node$note, pos = 1, cex = LABEL_CEX,
                       col = "grey25")
      }
    }
    graphics::text(node$x, node$y, node$label, cex = NODE_CEX,
                   col = if (node$unused) "grey45" else "black")
  }
}

# A label on a white patch, so that arrows crossing it do not hide it.
draw_label <- function(at, label, cex) {
  if (!nzchar(label)) return(invisible())
  width <- graphics::strwidth(label, cex = cex)
  height <- graphics::strheight(label, cex = cex)
  graphics::rect(at$x - 0.55 * width, at$y - 0.8 * height, at$x + 0.55 * width,
                 at$y + 0.8 * height, col = "white", border = NA)
  graphics::text(at$x, at$y, label, cex = cex)
}

# The search history -----------------------------------------------------------

plot_history <- function(x, call = rlang::caller_env()) {
  history <- search_history(x, call)
  epochs <- history$epochs
  edges <- history$edges
  primitives <- history$primitives
  colours <- grDevices::hcl.colors(length(primitives), "Dark 3")
  line_types <- rep_len(if (length(primitives) > 8) 1:3 else 1, length(primitives))

  panels <- length(edges) + 2
  columns <- ceiling(sqrt(panels))
  old <- graphics::par(mfrow = c(ceiling(panels / columns), columns),
                       mar = c(3, 3.2, 2, 0.6), mgp = c(1.9, 0.6, 0))
  on.exit(graphics::par(old))

  plot_loss_panel(history)
  for (e in seq_along(edges)) {
    # primitives x epochs, whatever dimensions drop on the way
    panel <- matrix(history$weights[e, , ], ncol = epochs)
    graphics::matplot(seq_len(epochs), t(panel),
                      type = if (epochs == 1) "p" else "l", pch = 16,
                      lty = line_types, col = colours, lwd = 1.5,
                      xlab = "epoch", ylab = history$weight_label, main = edges[e],
                      font.main = 1)
  }
  graphics::plot.new()
  graphics::legend("center", legend = primitives, col = colours, lty = line_types,
                   lwd = 2, bty = "n", title = "primitive")
}

abort_no_history <- function(call) {
  cli::cli_abort(
    c("There is no search history to plot: this fit ran no epochs of architecture search.",
      i = "With {.code max_epochs = 0}, {.fn fit} and {.fn refit} only sample the architecture and fit its coefficients.",
      i = "Plot the sampled graph with {.code plot(fit)}, or search with {.code refit(fit, max_epochs = 20)}."),
    class = c("dartsr_error_no_history", "dartsr_error"),
    call = call
  )
}

# What both history plots (plot() and autoplot()) show: the losses of every
# epoch and each edge's mixture weights after it (an E x M x epochs array),
# with the name of the weights; an error when the fit ran no epochs.
search_history <- function(x, call) {
  history <- x$history
  epochs <- length(history$loss)
  if (epochs == 0) abort_no_history(call)
  list(
    epochs = epochs,
    loss = history$loss,
    arch_loss = history$arch_loss,
    edges = dimnames(history$alphas)[[1]],
    primitives = dimnames(history$alphas)[[2]],
    weights = weight_history(history$alphas, x$spec$darts_type),
    weight_label = if (x$spec$darts_type == "fair") "sigmoid(alpha)" else "softmax(alpha)"
  )
}

# The mixture weights after every epoch: an E x M x epochs array.
weight_history <- function(alphas, darts_type) {
  weights <- alphas
  shape <- dim(alphas)
  for (t in seq_len(shape[3])) {
    epoch <- matrix(alphas[, , t], shape[1], shape[2], dimnames = dimnames(alphas)[1:2])
    weights[, , t] <- architecture_weights(epoch, darts_type)
  }
  weights
}

plot_loss_panel <- function(history) {
  epochs <- seq_along(history$loss)
  losses <- cbind(history$loss, history$arch_loss)
  finite <- losses[is.finite(losses)]
  if (length(finite) == 0) {
    graphics::plot.new()
    graphics::title(main = "training loss", font.main = 1)
    graphics::text(0.5, 0.5, "no finite loss")
    return(invisible())
  }
  log_scale <- all(finite > 0)
  graphics::matplot(epochs, losses, type = if (length(epochs) == 1) "p" else "l",
                    pch = 16, lty = c(1, 2), col = c("black", "grey50"), lwd = 1.5,
                    log = if (log_scale) "y" else "", xlab = "epoch",
                    ylab = if (log_scale) "loss (log scale)" else "loss",
                    main = "training loss", font.main = 1)
  graphics::legend("topright", legend = c("parameter steps", "architecture steps"),
                   lty = c(1, 2), col = c("black", "grey50"), bty = "n", cex = 0.8)
}

# The fit -------------------------------------------------------------------------

plot_fit <- function(x) {
  outputs <- x$output_names
  p <- length(x$input_names)
  columns <- if (p <= 2) 2 else 1
  old <- graphics::par(mfrow = c(length(outputs), columns), mar = c(3.2, 3.2, 2, 0.8),
                       mgp = c(2, 0.6, 0))
  on.exit(graphics::par(old))
  for (c in seq_along(outputs)) {
    plot_observed_fitted(x, c)
    if (p == 1) plot_fitted_curve(x, c)
    if (p == 2) plot_fitted_surface(x, c)
  }
}

plot_observed_fitted <- function(x, c) {
  fitted <- x$fitted.values[, c]
  observed <- x$y[, c]
  range <- range(fitted, observed)
  graphics::plot(fitted, observed, xlim = range, ylim = range, pch = 16,
                 col = grDevices::adjustcolor("black", 0.6), xlab = "fitted",
                 ylab = "observed", main = x$output_names[c], font.main = 1)
  graphics::abline(0, 1, lty = 2, col = "grey50")
}

# The model's values on a grid of inputs, by the engine, as predict() does.
grid_predictions <- function(x, grid, c) {
  engine_predict(x$spec, x$model, grid, length(x$output_names))[, c]
}

plot_fitted_curve <- function(x, c) {
  input <- x$x[, 1]
  grid <- matrix(seq(min(input), max(input), length.out = 201), ncol = 1,
                 dimnames = list(NULL, x$input_names))
  curves <- engine_predict(x$spec, x$model, grid, length(x$output_names))
  curve <- curves[, c]
  band <- confidence_band(x, grid, curves, c)
  observed <- x$y[, c]
  graphics::plot(input, observed, ylim = range(observed, curve[is.finite(curve)], band, finite = TRUE),
                 pch = 16, col = grDevices::adjustcolor("black", 0.6),
                 xlab = x$input_names[1], ylab = x$output_names[c],
                 main = "fitted curve", font.main = 1)
  if (!is.null(band)) {
    graphics::polygon(c(grid[, 1], rev(grid[, 1])), c(band[, "lwr"], rev(band[, "upr"])),
                      col = grDevices::adjustcolor("#D55E00", 0.2), border = NA)
  }
  graphics::lines(grid[, 1], curve, lwd = 2, col = "#D55E00")
}

# The 95% confidence band of output c on the grid (see predict.darts_fit());
# NULL for a model without equation constants to give one, or where the data
# do not determine them.
confidence_band <- function(x, grid, curves, c) {
  if (!isTRUE(law_of(x)$exact)) return(NULL)
  bands <- withCallingHandlers(
    prediction_bands(x, grid, curves, "confidence", 0.95),
    dartsr_warning_singular = function(w) invokeRestart("muffleWarning")
  )
  band <- bands[[c]][, c("lwr", "upr")]
  if (all(is.finite(band))) band else NULL
}

plot_fitted_surface <- function(x, c) {
  if (any(apply(x$x, 2, function(v) diff(range(v))) == 0)) {
    # persp() needs both inputs to vary.
    graphics::plot.new()
    graphics::title(main = "fitted surface", font.main = 1)
    graphics::text(0.5, 0.5, "an input is constant on the training data")
    return(invisible())
  }
  n <- 30
  u <- seq(min(x$x[, 1]), max(x$x[, 1]), length.out = n)
  v <- seq(min(x$x[, 2]), max(x$x[, 2]), length.out = n)
  grid <- cbind(rep(u, times = n), rep(v, each = n))
  colnames(grid) <- x$input_names
  surface <- matrix(grid_predictions(x, grid, c), n, n)
  surface[!is.finite(surface)] <- NA
  observed <- x$y[, c]
  zlim <- range(observed, surface, na.rm = TRUE)
  view <- graphics::persp(u, v, surface, zlim = zlim, theta = 35, phi = 25,
                          col = "#FCE4C4", border = "grey60", ticktype = "detailed",
                          xlab = x$input_names[1], ylab = x$input_names[2],
                          zlab = x$output_names[c], main = "fitted surface",
                          font.main = 1, cex.axis = 0.7)
  above <- observed >= x$fitted.values[, c]
  points <- grDevices::trans3d(x$x[, 1], x$x[, 2], observed, view)
  graphics::points(points, pch = 16, cex = 0.7, col = ifelse(above, "black", "grey55"))
}
