# plot(fit, type = "history"): the training loss and every edge's mixture
# weights over the epochs of the search. search_history() is shared with
# autoplot().

plot_history <- function(x, call = rlang::caller_env()) {
  history <- search_history(x, call)
  epoch <- history$epoch
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
    # primitives x records, whatever dimensions drop on the way
    panel <- matrix(history$weights[e, , ], ncol = length(epoch))
    graphics::matplot(epoch, t(panel),
                      type = if (length(epoch) == 1) "p" else "l", pch = 16,
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

# What both history plots (plot() and autoplot()) show: the epochs recorded
# (every epoch, or of a long search 100 evenly spaced; see append_history()),
# their losses and each edge's mixture weights after them (an E x M x records
# array), with the name of the weights; an error when the fit ran no epochs.
search_history <- function(x, call) {
  history <- x$history
  if (length(history$epoch) == 0) abort_no_history(call)
  list(
    epoch = history$epoch,
    loss = history$loss,
    arch_loss = history$arch_loss,
    edges = dimnames(history$alphas)[[1]],
    primitives = dimnames(history$alphas)[[2]],
    weights = weight_history(history$alphas, x$spec$darts_type),
    weight_label = if (x$spec$darts_type == "fair") "sigmoid(alpha)" else "softmax(alpha)"
  )
}

# The mixture weights of every record: an E x M x records array.
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
  epochs <- history$epoch
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
