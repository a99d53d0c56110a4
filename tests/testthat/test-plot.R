test_that("plot() draws the graph of the sampled model", {
  fits <- list(
    hand_made_fit(),
    hand_made_fit(nodes = 2),
    hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
    hand_made_fit(output_type = "probability"),
    hand_made_fit(choices = list("x1 -> k1" = list("none"))),
    wide_hand_made_fit(inputs = 1, nodes = 1),
    wide_hand_made_fit(inputs = 4, nodes = 4),
    wide_hand_made_fit(inputs = 3, nodes = 2)
  )
  for (f in fits) {
    expect_no_error(with_png(plot(f)))
    expect_no_error(with_png(plot(f, digits = 3), width = 300, height = 200))
  }
})

test_that("plot() tells an input called k1 from the hidden node k1", {
  f <- hand_made_fit(nodes = 2)
  f$input_names[1] <- f$edges$from[f$edges$from == "x1"] <- colnames(f$x)[1] <- "k1"
  expect_no_error(with_png(plot(f)))
  arrows <- darts_graph(f, digits = 3)$edges
  expect_equal(arrows$from, c("input:1", "input:1", "input:2", "hidden:1", "hidden:1", "hidden:2"))
  expect_equal(arrows$to, c("hidden:1", "hidden:2", "hidden:2", "hidden:2", "output:1", "output:1"))
})

test_that("plot() draws the search history", {
  fits <- list(
    hand_made_fit(),
    hand_made_fit(nodes = 2, darts_type = "fair"),
    hand_made_fit(epochs = 1),
    wide_hand_made_fit(inputs = 4, nodes = 4)
  )
  for (f in fits) {
    expect_no_error(with_png(plot(f, type = "history")))
  }
  # A loss that is not positive everywhere is drawn on a linear scale, and
  # missing losses leave gaps.
  f <- hand_made_fit(epochs = 4)
  f$history$loss <- c(1, 0, NA, -1)
  expect_no_error(with_png(plot(f, "history")))
  f$history$loss[] <- NA
  f$history$arch_loss[] <- NA
  expect_no_error(with_png(plot(f, "history")))
})

test_that("plot() returns the fit invisibly and restores par()", {
  f <- hand_made_fit(nodes = 2)
  with_png({
    before <- graphics::par(c("mfrow", "mar", "mgp", "xpd"))
    drawn <- withVisible(plot(f))
    expect_false(drawn$visible)
    expect_identical(drawn$value, f)
    expect_invisible(plot(f, type = "history"))
    expect_equal(graphics::par(c("mfrow", "mar", "mgp", "xpd")), before)
  })
})

test_that("plot() of a fit without search history is a clear error", {
  f <- hand_made_fit(epochs = 0)
  expect_length(f$history$loss, 0)
  with_png({
    expect_error(plot(f, type = "history"), class = "dartsr_error_no_history")
    expect_snapshot(plot(f, type = "history"), error = TRUE)
    expect_no_error(plot(f))
  })
})

test_that("plot(type = 'fit') draws observed against fitted, and curves or surfaces", {
  one_input <- wide_hand_made_fit(inputs = 1, nodes = 1)
  fits <- list(
    hand_made_fit(),
    hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
    hand_made_fit(output_type = "probability_distribution", outputs = 2,
                  nodes = 2, trainable_classifier = TRUE),
    one_input,
    wide_hand_made_fit(inputs = 3, nodes = 2)
  )
  for (f in fits) {
    expect_no_error(with_png(plot(f, type = "fit")))
  }
  # A constant input has no surface to draw over.
  f <- hand_made_fit()
  f$x[, "x1"] <- 0.5
  expect_no_error(with_png(plot(f, type = "fit")))
  with_png({
    before <- graphics::par(c("mfrow", "mar", "mgp"))
    expect_invisible(plot(f, type = "fit"))
    expect_equal(graphics::par(c("mfrow", "mar", "mgp")), before)
  })
})

test_that("plot() greys out hidden nodes that reach no output", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  model <- f$model
  model$weight[] <- c(0.5, 0)
  f <- with_model(f, model)
  expect_no_error(with_png(plot(f)))
  expect_false(any(darts_graph(f, 3)$edges$to == "output:2"))
})

test_that("plot() checks its arguments", {
  f <- hand_made_fit()
  expect_error(plot(f, type = "fit_and_more"), class = "dartsr_error_invalid_argument")
  expect_error(plot(f, digits = NA), class = "dartsr_error_invalid_argument")
  expect_error(plot(f, digits = 0), class = "dartsr_error_invalid_argument")
  expect_error(plot(f, main = "a title"))
})

test_that("plot() draws a real fit and its refits", {
  f <- quick_fit(max_epochs = 5)
  expect_no_error(with_png(plot(f)))
  expect_no_error(with_png(plot(f, type = "history")))
  refitted <- refit(f, max_epochs = 0, verbose = FALSE)
  expect_no_error(with_png(plot(refitted, type = "history")))

  never_searched <- quick_fit(max_epochs = 0)
  expect_error(with_png(plot(never_searched, type = "history")),
               class = "dartsr_error_no_history")
})
