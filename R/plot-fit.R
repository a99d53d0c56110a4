# plot(fit, type = "fit"): observed against fitted values, and the fitted
# curve (one input, with its confidence band) or surface (two inputs) over
# the training data.

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
  engine_predict(x$spec, x$network, grid, length(x$output_names))[, c]
}

plot_fitted_curve <- function(x, c) {
  input <- x$x[, 1]
  grid <- matrix(seq(min(input), max(input), length.out = 201), ncol = 1,
                 dimnames = list(NULL, x$input_names))
  curves <- engine_predict(x$spec, x$network, grid, length(x$output_names))
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
