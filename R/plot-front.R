# plot(fit, type = "front"): the Pareto front of R/refine-front.R.

# Error against complexity, the chosen member marked, as plot(cv.glmnet)
# draws error against lambda: cross-validated error with +-1 standard error
# bars where there is one, training error as open points.
plot_front <- function(x) {
  front <- x$front
  errors <- front_errors(front)
  cv <- errors$cv
  se <- errors$cv_se
  lower <- ifelse(is.na(se), cv, pmax(cv - se, 0))
  upper <- ifelse(is.na(se), cv, cv + se)
  range <- range(c(errors$training, lower, upper), finite = TRUE)
  graphics::plot(front$complexity, errors$training, ylim = range, pch = 1, col = "grey40",
                 xlab = "complexity", ylab = errors$label,
                 main = "Pareto front: error against complexity")
  if (any(is.finite(cv))) {
    graphics::segments(front$complexity, lower, front$complexity, upper, col = "grey50")
    graphics::points(front$complexity, cv, pch = 16, col = "#B2182B")
  }
  graphics::abline(v = front$complexity[front$chosen], lty = 2, col = "grey30")
  graphics::legend("topright", bty = "n", pch = c(1, 16), col = c("grey40", "#B2182B"),
                   legend = c("training", "cross-validated (+-1 SE)"))
}
