# autoplot() is tested on what the plots show -- their layers, the data each
# layer draws, their labels and panels -- as ggplot2 builds them, rather than
# on SVG snapshots, whose bytes change with every ggplot2 release. The same
# assertions hold for Debian's ggplot2 3.4 and the current CRAN release.

geom_classes <- function(p) {
  unname(vapply(p$layers, function(layer) class(layer$geom)[1], character(1)))
}

# The plot's axis and legend titles, as ggplot2 resolves them (ggplot2 4.0
# resolves them when it builds the plot, and has get_labs() for that).
plot_labels <- function(p) {
  ggplot2_namespace <- asNamespace("ggplot2")
  if (exists("get_labs", envir = ggplot2_namespace)) return(ggplot2_namespace$get_labs(p))
  ggplot2::ggplot_build(p)$plot$labels
}

# The facets' titles, in panel order: the layout's one column that is not
# ggplot2's own bookkeeping.
panel_names <- function(p) {
  layout <- ggplot2::ggplot_build(p)$layout$layout
  facet <- setdiff(names(layout), c("PANEL", "ROW", "COL", "SCALE_X", "SCALE_Y", "COORD"))
  as.character(layout[[facet]])
}

test_that("autoplot() of the graph draws darts_graph()'s edges, labels and nodes", {
  skip_if_not_installed("ggplot2")
  fits <- list(
    hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
    hand_made_fit(output_type = "probability", darts_type = "fair", epochs = 1),
    wide_hand_made_fit(inputs = 3, nodes = 3)
  )
  withr::local_pdf(NULL)
  for (f in fits) {
    graph <- darts_graph(f, 3)
    p <- ggplot2::autoplot(f)
    expect_s3_class(p, "ggplot")
    expect_equal(geom_classes(p),
                 c("GeomPath", "GeomLabel", "GeomPoint", "GeomText", "GeomLabel", "GeomText"))
    # Building and drawing the plot warns of nothing: no deprecated argument.
    expect_silent(built <- ggplot2::ggplot_build(p))
    expect_silent(ggplot2::ggplot_gtable(built))

    # One arrowed path per edge of the graph, from its source to its target.
    paths <- built$data[[1]]
    expect_setequal(unique(paths$group), seq_len(nrow(graph$edges)))
    expect_false(is.null(p$layers[[1]]$geom_params$arrow))
    for (i in seq_len(nrow(graph$edges))) {
      path <- paths[paths$group == i, ]
      from <- graph$nodes[graph$nodes$id == graph$edges$from[i], ]
      to <- graph$nodes[graph$nodes$id == graph$edges$to[i], ]
      expect_lt(abs(path$x[1] - from$x) + abs(path$y[1] - from$y),
                abs(path$x[nrow(path)] - from$x) + abs(path$y[nrow(path)] - from$y))
      expect_lt(abs(path$x[nrow(path)] - to$x), abs(path$x[1] - to$x) + 1e-12)
    }

    # The edges' equations, at their label positions, on white without a border.
    labelled <- graph$edges[nzchar(graph$edges$label), ]
    edge_labels <- built$data[[2]]
    expect_equal(edge_labels$label, labelled$label)
    expect_equal(edge_labels$x, labelled$label_x)
    expect_equal(edge_labels$y, labelled$label_y)
    expect_true(all(edge_labels$fill == "white"))
    border <- c(p$layers[[2]]$aes_params$linewidth, p$layers[[2]]$geom_params$label.size)
    expect_equal(border, 0)

    # Hidden nodes as filled circles with their names; inputs and outputs as boxes.
    hidden <- graph$nodes[graph$nodes$kind == "hidden", ]
    boxes <- graph$nodes[graph$nodes$kind != "hidden", ]
    expect_equal(built$data[[3]][c("x", "y", "fill")], hidden[c("x", "y", "fill")],
                 ignore_attr = TRUE)
    expect_equal(built$data[[4]]$label, hidden$label)
    expect_equal(built$data[[5]][c("x", "y", "label", "fill")],
                 boxes[c("x", "y", "label", "fill")], ignore_attr = TRUE)
  }
})

test_that("autoplot() of the graph greys out unused nodes and shows the output notes", {
  skip_if_not_installed("ggplot2")
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  f$network$weight[, "k2"] <- 0
  f$network$weight[, "k1"] <- 0
  graph <- darts_graph(f, 3)
  built <- ggplot2::ggplot_build(ggplot2::autoplot(f))
  hidden <- graph$nodes[graph$nodes$kind == "hidden", ]
  expect_equal(built$data[[4]]$colour == UNUSED_NODE_TEXT, hidden$unused)
  notes <- graph$nodes[graph$nodes$kind != "hidden" & nzchar(graph$nodes$note), ]
  expect_equal(built$data[[6]]$label, notes$note)
})

test_that("autoplot() of the history draws the losses and every edge's weights", {
  skip_if_not_installed("ggplot2")
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  withr::local_pdf(NULL)
  history <- search_history(f)
  p <- ggplot2::autoplot(f, type = "history")
  expect_equal(geom_classes(p), c("GeomLine", "GeomLine"))
  expect_equal(panel_names(p), c("training loss", f$edges$name))
  labels <- plot_labels(p)
  expect_equal(labels$x, "epoch")
  expect_equal(labels$y, paste("loss, or", history$weight_label))
  expect_equal(labels$linetype, "loss")
  # Building and drawing it warns of nothing and tells of nothing.
  expect_silent(built <- ggplot2::ggplot_build(p))
  expect_silent(ggplot2::ggplot_gtable(built))

  loss <- built$data[[1]]
  records <- length(history$epoch)
  expect_equal(loss$x, rep(history$epoch, 2))
  expect_equal(loss$y, c(history$loss, history$arch_loss))
  expect_equal(unique(loss$linetype[loss$group == 1]), 1)
  expect_equal(unique(loss$linetype[loss$group == 2]), 2)

  # Every edge's panel holds one line per primitive, its weights over the epochs.
  weights <- built$data[[2]]
  expect_equal(nrow(weights), length(f$edges$name) * length(history$primitives) * records)
  edge <- 2
  panel <- weights[weights$PANEL == edge + 1, ]
  expect_equal(sort(panel$y), sort(as.vector(history$weights[edge, , ])))
  expect_equal(length(unique(panel$colour)), length(history$primitives))
})

test_that("autoplot() of a one-epoch history draws points", {
  skip_if_not_installed("ggplot2")
  withr::local_pdf(NULL)
  f <- hand_made_fit(output_type = "probability", darts_type = "fair", epochs = 1)
  p <- ggplot2::autoplot(f, type = "history")
  expect_equal(geom_classes(p), c("GeomPoint", "GeomPoint"))
  expect_match(plot_labels(p)$y, "sigmoid", fixed = TRUE)
  expect_equal(plot_labels(p)$shape, "loss")
  expect_silent(built <- ggplot2::ggplot_build(p))
  expect_silent(ggplot2::ggplot_gtable(built))
  expect_equal(nrow(built$data[[2]]), nrow(f$edges) * length(search_history(f)$primitives))
})

test_that("autoplot() of the fit draws observed against fitted, one panel per output", {
  skip_if_not_installed("ggplot2")
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  p <- ggplot2::autoplot(f, type = "fit")
  expect_equal(geom_classes(p), c("GeomAbline", "GeomPoint"))
  expect_equal(panel_names(p), f$output_names)
  labels <- plot_labels(p)
  expect_equal(c(labels$x, labels$y), c("fitted", "observed"))
  built <- ggplot2::ggplot_build(p)
  expect_equal(unique(built$data[[1]][c("slope", "intercept")]),
               data.frame(slope = 1, intercept = 0), ignore_attr = TRUE)
  points <- built$data[[2]]
  expect_equal(points$x, as.vector(f$fitted.values))
  expect_equal(points$y, as.vector(f$y))
  expect_equal(as.integer(points$PANEL), rep(1:2, each = nrow(f$y)))
})

test_that("autoplot() shows what plot() shows", {
  skip_if_not_installed("ggplot2")
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  graph <- ggplot2::autoplot(f)
  built <- ggplot2::ggplot_build(graph)
  labels <- unlist(lapply(built$data, function(layer) layer$label))
  expect_true(all(c("x1", "x2", "k1", "k2", "y1", "y2", "2 * x1", "exp(5 * x2)") %in% labels))
  history <- ggplot2::autoplot(f, type = "history")
  expect_equal(levels(history$layers[[2]]$data$panel), c("training loss", f$edges$name))
  fitted <- ggplot2::autoplot(f, type = "fit")
  expect_equal(nrow(fitted$data), 200)
  expect_equal(fitted$data$observed, as.vector(f$y))
})

test_that("autoplot() of a fit without history is a clear error, and checks its arguments", {
  skip_if_not_installed("ggplot2")
  f <- hand_made_fit(epochs = 0)
  expect_error(ggplot2::autoplot(f, type = "history"), class = "dartsr_error_no_history")
  expect_error(ggplot2::autoplot(f, type = "surface"), class = "dartsr_error_invalid_argument")
  expect_error(ggplot2::autoplot(f, digits = 0), class = "dartsr_error_invalid_argument")
  expect_error(ggplot2::autoplot(f, colour = "red"), class = "rlib_error_dots_nonempty")
})
