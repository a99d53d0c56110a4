# The computation graph of a fit as it is drawn: computed here once, and only
# drawn by plot() (R/plot-graph.R), autoplot() (R/plot-autoplot.R) and as_dot()
# (R/plot-dot.R), so that the three show the same nodes, colours and arrows.
#
# The layout lives on the unit square: inputs in a column on the left, the
# hidden nodes k1, k2, ... in their own columns in the middle, the outputs on
# the right. Each edge is a quadratic Bezier curve from the centre of its
# source to the centre of its target; the renderers cut it where it enters the
# nodes as they draw them.

# Node fills by kind; a hidden node that reaches no output is greyed out.
NODE_FILL <- c(input = "#DCEBF7", hidden = "#FCE4C4", output = "#D5F0DD")
UNUSED_NODE_FILL <- "#EEEEEE"
UNUSED_NODE_TEXT <- "grey45"
NODE_BORDER <- "grey25"
ARROW_COLOUR <- "grey35"

# How far (on the unit square) an arrow keeps from the centre of a hidden node
# it passes: a node's radius and a margin, on a plot of usual size.
ARROW_CLEARANCE <- 0.08

# The drawn graph of `x`, coefficients to `digits` significant digits: a list
# of
# * nodes: id ("input:1", "hidden:1", "output:1"), label, kind ("input",
#   "hidden", "output"), note (what an output box does not show), column,
#   position x and y, unused (a hidden node that reaches no output) and fill;
# * edges: from and to (node ids), label, label_t (where along the edge its
#   label sits), the route's control point control_x, control_y and the
#   label's position label_x, label_y.
darts_graph <- function(x, digits) {
  nodes <- graph_nodes(x, digits)
  edges <- graph_edges(x, digits)
  list(nodes = nodes, edges = cbind(edges, route_edges(edges, nodes)))
}

# Nodes by column: 0 inputs, j the hidden node k_j, K + 1 outputs.
graph_nodes <- function(x, digits) {
  K <- x$spec$num_graph_nodes
  p <- length(x$input_names)
  C <- length(x$output_names)
  kind <- c(rep("input", p), rep("hidden", K), rep("output", C))
  column <- c(rep(0, p), seq_len(K), rep(K + 1, C))
  unused <- c(rep(FALSE, p), unused_nodes(x), rep(FALSE, C))
  data.frame(
    id = node_ids(p, K, C),
    label = c(x$input_names, hidden_node_labels(x), x$output_names),
    kind = kind,
    note = c(rep("", p + K), output_notes(x, digits)),
    column = column,
    x = 0.08 + 0.84 * column / (K + 1),
    y = c(spread(p), zigzag(K), spread(C)),
    unused = unused,
    fill = ifelse(unused, UNUSED_NODE_FILL, NODE_FILL[kind]),
    stringsAsFactors = FALSE
  )
}

# A hidden node's label: its name, with a times sign for a node that
# multiplies its edges.
hidden_node_labels <- function(x) {
  names <- hidden_node_names(x)
  product <- model_node_kinds(x$network) == "product"
  names[product] <- paste(names[product], "\u00d7")
  names
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
  bias <- x$network$bias
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

# One edge per graph edge shown in the equations (not "none", not negligible),
# labelled with its operation; then one per output weight that is not 0,
# labelled with the weight when the output layer was trained.
graph_edges <- function(x, digits) {
  edges <- rbind(operation_edges(x, digits), output_edges(x, digits))
  edges$label_t <- staggered_label_positions(edges$to)
  edges
}

operation_edges <- function(x, digits) {
  edges <- x$edges
  sizes <- training_sizes(x)
  shown <- which(shown_edges(x, digits, sizes))
  labels <- vapply(shown, function(e) {
    edge_label(x$network$architecture[[e]], edge_params(x, e), edges$from[e], "console", digits,
               scale = sizes$sources[[edges$from_index[e]]])
  }, character(1))
  ids <- node_ids(length(x$input_names), x$spec$num_graph_nodes, 0)
  data.frame(
    from = ids[edges$from_index[shown]],
    to = sprintf("hidden:%d", edges$to_index[shown]),
    label = labels,
    stringsAsFactors = FALSE
  )
}

output_edges <- function(x, digits) {
  weight <- x$network$weight
  output <- rep(seq_len(nrow(weight)), each = ncol(weight))
  node <- rep(seq_len(ncol(weight)), times = nrow(weight))
  weights <- as.vector(t(weight))
  kept <- weights != 0
  labels <- if (isTRUE(x$spec$train_classifier_coefficients)) {
    format_number(weights[kept], digits)
  } else {
    rep("", sum(kept))
  }
  data.frame(
    from = sprintf("hidden:%d", node[kept]),
    to = sprintf("output:%d", output[kept]),
    label = labels,
    stringsAsFactors = FALSE
  )
}

# Where along its edge (0 at the source, 1 at the target) each label sits.
# Edges into the same node take turns at 0.5, 0.38 and 0.62, so that the
# labels of neighbouring edges do not sit side by side.
staggered_label_positions <- function(targets) {
  rank <- stats::ave(seq_along(targets), targets, FUN = seq_along)
  c(0.5, 0.38, 0.62)[(rank - 1) %% 3 + 1]
}

# The route of every edge: straight unless a hidden node lies in the way, in
# which case it bends around the side that needs the smaller detour; and the
# point on the route where its label sits.
route_edges <- function(edges, nodes) {
  routes <- vapply(seq_len(nrow(edges)), function(i) {
    from <- nodes[nodes$id == edges$from[i], ]
    to <- nodes[nodes$id == edges$to[i], ]
    p0 <- c(from$x, from$y)
    p2 <- c(to$x, to$y)
    between <- nodes$kind == "hidden" & nodes$column > from$column & nodes$column < to$column
    centres <- cbind(nodes$x[between], nodes$y[between])
    control <- (p0 + p2) / 2 + detour(p0, p2, centres, ARROW_CLEARANCE)
    c(control, bezier(p0, control, p2, edges$label_t[i]))
  }, c(control_x = 0, control_y = 0, label_x = 0, label_y = 0))
  as.data.frame(t(routes))
}

# Points at parameters `t` of the quadratic Bezier curve from p0 through the
# control point to p2: one row per t.
bezier <- function(p0, control, p2, t) {
  outer((1 - t)^2, p0) + outer(2 * t * (1 - t), control) + outer(t^2, p2)
}

unit <- function(v) v / sqrt(sum(v^2))

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
