test_that("autoplot() draws the three plots as ggplot objects", {
  skip_if_not_installed("ggplot2")
  skip_if_not_installed("vdiffr")
  fits <- list(
    "two outputs" = hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
    "fair DARTS, one epoch" = hand_made_fit(output_type = "probability", darts_type = "fair",
                                            epochs = 1),
    "three inputs and nodes" = wide_hand_made_fit(inputs = 3, nodes = 3)
  )
  for (name in names(fits)) {
    for (type in c("graph", "history", "fit")) {
      p <- ggplot2::autoplot(fits[[name]], type = type)
      expect_s3_class(p, "ggplot")
      vdiffr::expect_doppelganger(paste("autoplot", type, name, sep = ", "), p)
    }
  }
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
