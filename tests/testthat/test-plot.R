# The pictures are asserted by what they draw, not by their bytes: each plot
# is drawn on a null device and its display list read back (see
# drawn_calls()), so the tests hold whatever the graphics device, R's version
# or the search's numbers.

unused_node_fit <- function() {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  model <- f$network
  model$weight[] <- c(0.5, 0)
  with_network(f, model)
}



# What a base-graphics plot drew: its display list, one entry per graphics
# call (its C entry point's name, `C_text`, `C_arrows`, ..., and its
# arguments).
drawn_calls <- function(draw) {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  grDevices::dev.control("enable")
  draw()
  lapply(grDevices::recordPlot()[[1]], function(item) {
    entry <- item[[2]][[1]]
    list(name = if (is.list(entry) && !is.null(entry$name)) entry$name else "",
         args = item[[2]][-1])
  })
}

calls_named <- function(calls, name) {
  Filter(function(call) identical(call$name, name), calls)
}

drawn_text <- function(calls) {
  unlist(lapply(calls_named(calls, "C_text"), function(call) call$args[[2]]))
}

test_that("the drawn graph has one edge per operation shown and per output weight", {
  graph <- darts_graph(hand_made_fit(nodes = 2, trainable_classifier = TRUE), digits = 3)
  edges <- graph$edges
  expect_equal(edges$from, c("input:1", "input:1", "input:2", "hidden:1", "hidden:1", "hidden:2"))
  expect_equal(edges$to, c("hidden:1", "hidden:2", "hidden:2", "hidden:2", "output:1", "output:1"))
  expect_equal(edges$label, c("2 * x1", "-x1 - 1", "exp(5 * x2)", "-0.5 * k1", "1.5", "0.3"))
  # Labels into the same node take turns along their edges.
  expect_equal(edges$label_t, c(0.5, 0.5, 0.38, 0.62, 0.5, 0.38))
  nodes <- graph$nodes
  expect_equal(nodes$id, c("input:1", "input:2", "hidden:1", "hidden:2", "output:1"))
  expect_equal(nodes$kind, c("input", "input", "hidden", "hidden", "output"))
  expect_equal(nodes$note, c("", "", "", "", "bias 0.1"))
  expect_equal(nodes$fill, unname(NODE_FILL[nodes$kind]))
  # An unused node is grey, and no edge leads from it to the output.
  unused <- darts_graph(unused_node_fit(), digits = 3)
  expect_equal(unused$nodes$unused, c(FALSE, FALSE, FALSE, TRUE, FALSE))
  expect_equal(unused$nodes$fill[4], UNUSED_NODE_FILL)
  expect_false(any(unused$edges$from == "hidden:2" & unused$edges$to == "output:1"))
})

test_that("an edge bends around a hidden node in its way, and only then", {
  graph <- darts_graph(wide_hand_made_fit(inputs = 4, nodes = 4), digits = 3)
  nodes <- graph$nodes
  centre <- function(id) unlist(nodes[nodes$id == id, c("x", "y")])
  route <- function(from, to) {
    edge <- graph$edges[graph$edges$from == from & graph$edges$to == to, ]
    bezier(centre(from), c(edge$control_x, edge$control_y), centre(to),
           seq(0, 1, length.out = 201))
  }
  distance_to <- function(points, id) min(sqrt(colSums((t(points) - centre(id))^2)))
  # Nothing lies between x1 and k1: a straight line.
  straight <- route("input:1", "hidden:1")
  expect_equal(straight[101, ], (centre("input:1") + centre("hidden:1")) / 2)
  # The line from x1 to k2 would pass k1 closer than the clearance; the
  # route keeps clear of it (to within a percent: the detour is worked out
  # where the line passes closest to the node).
  chord <- bezier(centre("input:1"), (centre("input:1") + centre("hidden:2")) / 2,
                  centre("hidden:2"), seq(0, 1, length.out = 201))
  expect_lt(distance_to(chord, "hidden:1"), ARROW_CLEARANCE)
  expect_gte(distance_to(route("input:1", "hidden:2"), "hidden:1"), 0.99 * ARROW_CLEARANCE)
})

test_that("plot() draws the loss and every edge's weights over the epochs", {
  for (f in list(hand_made_fit(), hand_made_fit(nodes = 2, darts_type = "fair"),
                 hand_made_fit(epochs = 1))) {
    history <- search_history(f, call = NULL)
    calls <- drawn_calls(function() plot(f, type = "history"))
    titles <- vapply(calls_named(calls, "C_title"), function(call) call$args[[1]], character(1))
    expect_identical(titles, c("training loss", history$edges))
    series <- calls_named(calls, "C_plotXY")
    # The two losses, then each edge's weight of each primitive, in order.
    expect_length(series, 2 + length(history$edges) * length(history$primitives))
    expect_equal(series[[1]]$args[[1]]$y, history$loss)
    expect_equal(series[[2]]$args[[1]]$y, history$arch_loss)
    weights <- series[-(1:2)]
    k <- 0
    for (e in seq_along(history$edges)) {
      for (m in seq_along(history$primitives)) {
        k <- k + 1
        expect_equal(weights[[k]]$args[[1]]$x, history$epoch)
        expect_equal(weights[[k]]$args[[1]]$y, unname(history$weights[e, m, ]))
        # One epoch is a point; more, a line.
        expect_identical(weights[[k]]$args[[2]], if (length(history$epoch) == 1) "p" else "l")
      }
    }
    expect_true(all(history$primitives %in% drawn_text(calls)))
  }
  # A positive loss on a log scale; one that is not positive everywhere on a
  # linear scale, missing losses leaving gaps; with no finite loss, a note.
  loss_scale <- function(f) {
    calls <- drawn_calls(function() plot(f, type = "history"))
    calls_named(calls, "C_plot_window")[[1]]$args[[3]]
  }
  f <- hand_made_fit(epochs = 4)
  expect_identical(loss_scale(f), "y")
  f$history$loss <- c(1, 0, NA, -1)
  expect_identical(loss_scale(f), "")
  f$history$loss[] <- NA
  f$history$arch_loss[] <- NA
  calls <- drawn_calls(function() plot(f, type = "history"))
  expect_true("no finite loss" %in% drawn_text(calls))
  expect_length(calls_named(calls, "C_plotXY"), length(f$edges$name) * ncol(f$alphas))
})

test_that("the history of a refit continues its search's", {
  f <- quick_fit(max_epochs = 5)
  refitted <- refit(f, max_epochs = 2, verbose = FALSE)
  history <- search_history(refitted, call = NULL)
  expect_equal(history$epoch, 1:7)
  expect_equal(history$edges, f$edges$name)
  expect_equal(dim(history$weights), c(2, 4, 7))
  # softmax weights: each edge's sum to 1 after every epoch
  expect_equal(unname(apply(history$weights, c(1, 3), sum)), matrix(1, 2, 7))
})

test_that("plot() returns the fit invisibly and restores par()", {
  f <- hand_made_fit(nodes = 2)
  with_png({
    before <- graphics::par(c("mfrow", "mar", "mgp", "xpd"))
    for (type in c("graph", "history", "fit", "front")) {
      drawn <- withVisible(plot(f, type = type))
      expect_false(drawn$visible)
      expect_identical(drawn$value, f)
      expect_equal(graphics::par(c("mfrow", "mar", "mgp", "xpd")), before)
    }
  })
})

test_that("plot() of a fit without search history is a clear error", {
  f <- hand_made_fit(epochs = 0)
  expect_length(f$history$loss, 0)
  with_png({
    expect_error(plot(f, type = "history"), class = "dartsr_error_no_history")
    expect_snapshot(plot(f, type = "history"), error = TRUE)
  })
  set.seed(1)
  never_searched <- fit(quick_spec(max_epochs = 0), y ~ x1 + x2, data = seed_data(),
                        verbose = FALSE)
  expect_error(with_png(plot(never_searched, type = "history")),
               class = "dartsr_error_no_history")
})

test_that("plot(type = 'fit') draws a curve over one input and a surface over two", {
  # One input: the data, then the fitted curve over its range.
  f <- wide_hand_made_fit(inputs = 1, nodes = 1)
  calls <- drawn_calls(function() plot(f, type = "fit"))
  curve <- calls_named(calls, "C_plotXY")
  curve <- curve[[length(curve)]]$args[[1]]
  expect_equal(range(curve$x), range(f$x[, 1]))
  expect_equal(curve$y, unname(predict(f, stats::setNames(data.frame(curve$x), f$input_names))),
               tolerance = 1e-10)
  # Two inputs: a surface, with the data over it.
  f <- hand_made_fit()
  calls <- drawn_calls(function() plot(f, type = "fit"))
  expect_length(calls_named(calls, "C_persp"), 1)
  surface <- calls_named(calls, "C_persp")[[1]]$args
  expect_equal(range(surface[[1]]), range(f$x[, 1]))
  expect_equal(range(surface[[2]]), range(f$x[, 2]))
  grid <- expand.grid(x1 = surface[[1]], x2 = surface[[2]])
  expect_equal(as.vector(surface[[3]]), unname(predict(f, grid)), tolerance = 1e-10)
  # Three inputs: observed against fitted only.
  f <- wide_hand_made_fit(inputs = 3, nodes = 2)
  calls <- drawn_calls(function() plot(f, type = "fit"))
  expect_length(calls_named(calls, "C_persp"), 0)
  expect_length(Filter(function(call) identical(call$args[[2]], "p"),
                       calls_named(calls, "C_plotXY")), 1)
  # A constant input has no surface to draw over.
  f <- hand_made_fit()
  f$x[, "x1"] <- 0.5
  calls <- drawn_calls(function() plot(f, type = "fit"))
  expect_length(calls_named(calls, "C_persp"), 0)
  expect_true("an input is constant on the training data" %in% drawn_text(calls))
})

test_that("plot(type = 'front') draws error against complexity", {
  f <- hand_made_fit()
  f$front <- three_member_front(cv_se = c(40, 6, 0.05))
  calls <- drawn_calls(function() plot(f, type = "front"))
  points <- Filter(function(call) identical(call$args[[2]], "p"), calls_named(calls, "C_plotXY"))
  errors <- front_errors(f$front)
  expect_equal(points[[1]]$args[[1]]$x, f$front$complexity)
  expect_equal(points[[1]]$args[[1]]$y, errors$training)
  expect_equal(points[[2]]$args[[1]]$y, errors$cv)
})

test_that("plot() checks its arguments", {
  f <- hand_made_fit()
  expect_error(plot(f, type = "fit_and_more"), class = "dartsr_error_invalid_argument")
  expect_error(plot(f, digits = NA), class = "dartsr_error_invalid_argument")
  expect_error(plot(f, digits = 0), class = "dartsr_error_invalid_argument")
  expect_error(plot(f, main = "a title"), class = "rlib_error_dots_nonempty")
})

test_that("plot() of the graph draws darts_graph()'s nodes, edges and labels", {
  fits <- list(hand_made_fit(), hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
               hand_made_fit(output_type = "probability"),
               hand_made_fit(choices = list("x1 -> k1" = list("none"),
                                            "x2 -> k1" = list("linear_exp", c(5, 0)))),
               wide_hand_made_fit(inputs = 1, nodes = 1), wide_hand_made_fit(inputs = 4, nodes = 4),
               unused_node_fit(), quick_fit())
  for (f in fits) {
    graph <- darts_graph(f, 3)
    calls <- drawn_calls(function() plot(f))
    # One arrow per edge; a circle per hidden node; a box per input and output.
    expect_length(calls_named(calls, "C_arrows"), nrow(graph$edges))
    circles <- calls_named(calls, "C_symbols")
    hidden <- graph$nodes[graph$nodes$kind == "hidden", ]
    expect_equal(vapply(circles, function(call) call$args[[1]], numeric(1)), hidden$x)
    expect_equal(vapply(circles, function(call) call$args[[6]], character(1)), hidden$fill)
    # Every node's name and every edge's equation, written once.
    labelled <- graph$edges$label[nzchar(graph$edges$label)]
    expect_setequal(drawn_text(calls), c(graph$nodes$label, labelled,
                                         graph$nodes$note[nzchar(graph$nodes$note)]))
    # Unused hidden nodes' names in grey.
    texts <- calls_named(calls, "C_text")
    colours <- vapply(texts, function(call) format(call$args[[8]] %||% ""), character(1))
    names(colours) <- drawn_text(calls)
    expect_equal(unname(colours[hidden$label] == UNUSED_NODE_TEXT), hidden$unused)
  }
})

test_that("plot() of the fit draws observed against fitted, and the front its members", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  calls <- drawn_calls(function() plot(f, type = "fit"))
  points <- Filter(function(call) identical(call$args[[2]], "p"), calls_named(calls, "C_plotXY"))
  # Per output, observed against fitted, then the data over the fitted surface.
  expect_length(points, 4)
  for (c in 1:2) {
    expect_equal(points[[2 * c - 1]]$args[[1]]$x, unname(f$fitted.values[, c]))
    expect_equal(points[[2 * c - 1]]$args[[1]]$y, unname(f$y[, c]))
  }

  front <- quick_fit()$front
  calls <- drawn_calls(function() plot(quick_fit(), type = "front"))
  points <- Filter(function(call) identical(call$args[[2]], "p"), calls_named(calls, "C_plotXY"))
  expect_equal(points[[1]]$args[[1]]$x, front$complexity)
  expect_equal(points[[1]]$args[[1]]$y, front_errors(front)$training)
})
