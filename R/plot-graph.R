# plot(fit): the graph of R/plot-graph-layout.R in base graphics.
#
# Node sizes are measured on the device (inches), so that circles stay round
# and arrows stop at a node's edge whatever the device's aspect ratio. A
# Bezier curve maps to a Bezier curve under the change from user coordinates
# to inches, so the graph's routes carry over unchanged.

NODE_CEX <- 1
LABEL_CEX <- 0.8

plot_graph <- function(x, digits) {
  graph <- darts_graph(x, digits)
  old <- graphics::par(mar = c(1, 1, 1, 1), xpd = NA)
  on.exit(graphics::par(old))
  graphics::plot.new()
  graphics::plot.window(xlim = c(0, 1), ylim = c(0, 1))
  nodes <- cbind(graph$nodes, node_size_inches(graph$nodes, cex = NODE_CEX))
  edges <- graph$edges
  for (i in seq_len(nrow(edges))) draw_edge(edges[i, ], nodes)
  draw_nodes(nodes)
  for (i in seq_len(nrow(edges))) draw_edge_label(edges[i, ], cex = LABEL_CEX)
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

# The edge's route, from the edge of its source to the edge of its target,
# with an arrow head at the target.
draw_edge <- function(edge, nodes) {
  from <- nodes[nodes$id == edge$from, ]
  to <- nodes[nodes$id == edge$to, ]
  control <- to_inches(edge$control_x, edge$control_y)
  start <- node_boundary(from, unit(control - to_inches(from$x, from$y)))
  end <- node_boundary(to, unit(control - to_inches(to$x, to$y)))
  xy <- to_user(bezier(start, control, end, seq(0, 1, length.out = 41)))
  n <- length(xy$x)
  graphics::lines(xy$x[-n], xy$y[-n], col = ARROW_COLOUR, lwd = 1.3)
  graphics::arrows(xy$x[n - 1], xy$y[n - 1], xy$x[n], xy$y[n],
                   length = 0.09, col = ARROW_COLOUR, lwd = 1.3)
}

draw_nodes <- function(nodes) {
  for (i in seq_len(nrow(nodes))) {
    node <- nodes[i, ]
    if (node$kind == "hidden") draw_circle_node(node) else draw_box_node(node)
    graphics::text(node$x, node$y, node$label, cex = NODE_CEX,
                   col = if (node$unused) UNUSED_NODE_TEXT else "black")
  }
}

# Hidden nodes are circles, dashed when they reach no output.
draw_circle_node <- function(node) {
  graphics::symbols(node$x, node$y, circles = node$radius, inches = node$radius,
                    add = TRUE, bg = node$fill, fg = NODE_BORDER,
                    lty = if (node$unused) 2 else 1)
}

# Inputs and outputs are boxes; an output's note goes underneath.
draw_box_node <- function(node) {
  dx <- graphics::grconvertX(node$half_width, "inches", "user") -
    graphics::grconvertX(0, "inches", "user")
  dy <- graphics::grconvertY(node$half_height, "inches", "user") -
    graphics::grconvertY(0, "inches", "user")
  graphics::rect(node$x - dx, node$y - dy, node$x + dx, node$y + dy,
                 col = node$fill, border = NODE_BORDER)
  if (nzchar(node$note)) {
    graphics::text(node$x, node$y - dy, node$note, pos = 1, cex = LABEL_CEX, col = NODE_BORDER)
  }
}

# A label on a white patch, so that arrows crossing it do not hide it.
draw_edge_label <- function(edge, cex) {
  if (!nzchar(edge$label)) return(invisible())
  width <- graphics::strwidth(edge$label, cex = cex)
  height <- graphics::strheight(edge$label, cex = cex)
  graphics::rect(edge$label_x - 0.55 * width, edge$label_y - 0.8 * height,
                 edge$label_x + 0.55 * width, edge$label_y + 0.8 * height,
                 col = "white", border = NA)
  graphics::text(edge$label_x, edge$label_y, edge$label, cex = cex)
}
