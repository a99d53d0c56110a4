# PROTECT discipline of the .Call entry points (src/r_api.c): a tiny fit,
# predictions, a refit (with its progress bar) and the gradient check's
# loss_grad run under gctorture(TRUE), which collects garbage at every
# allocation, so an unprotected object is freed and reused at once. The results
# must equal those of the same calls run without gctorture. Prints OK.
#
#   R CMD INSTALL . && Rscript tools/gctorture.R
#   # or into a temporary library:
#   R CMD INSTALL -l /tmp/dartsr-lib . && R_LIBS=/tmp/dartsr-lib Rscript tools/gctorture.R
#
# Takes a few minutes: everything in the torture region, R code included,
# runs at a fraction of its normal speed.
suppressPackageStartupMessages(library(dartsr))
cat("gctorture: dartsr from", find.package("dartsr"), "\n")

set.seed(1)
n <- 10
x <- data.frame(x1 = seq(0, 1, length.out = n), x2 = rev(seq(0, 1, length.out = n)))
y <- 2 * x$x1 + 0.5 * x$x2
newx <- data.frame(x1 = c(0.25, 0.75), x2 = c(0.5, 0.1))
spec <- darts_regressor(
  num_graph_nodes = 1, primitives = c("add", "linear"), max_epochs = 1,
  batch_size = 4, param_updates_per_epoch = 3, param_updates_for_sampled_model = 3,
  train_classifier_coefficients = TRUE, train_classifier_bias = TRUE
)

# Every .Call entry point: fit_xy (ffi_search; ffi_polish for each
# candidate of the architecture refinement; ffi_predict for the fitted
# values), predict (ffi_predict), refit with a progress bar (the same, with
# a cli bar created in C) and the gradient check's loss_grad
# (ffi_loss_grad, of the mixture and of the sampled model).
run <- function() {
  set.seed(42)
  f <- fit_xy(spec, x, y, verbose = FALSE)
  p <- predict(f, newx)
  f2 <- refit(f, max_epochs = 1, param_updates_for_sampled_model = 2, verbose = TRUE)
  state <- list(alphas = f2$alphas, theta = f2$theta,
                weight = f2$classifier$weight, bias = f2$classifier$bias)
  xm <- as.matrix(x)
  ym <- matrix(y)
  g_mix <- dartsr:::engine_loss_grad(f2$spec, state, xm, ym)
  g_model <- dartsr:::engine_loss_grad(f2$spec, state, xm, ym,
                                       architecture = f2$network$architecture)
  list(alphas = f$alphas, model = f$network, fitted = f$fitted.values, predict = p,
       refit_alphas = f2$alphas, refit_model = f2$network, g_mix = g_mix, g_model = g_model)
}

reference <- run()
start <- proc.time()[["elapsed"]]
gctorture(TRUE)
tortured <- run()
gctorture(FALSE)
cat(sprintf("gctorture: tortured run took %.0f s\n", proc.time()[["elapsed"]] - start))

if (!identical(reference, tortured)) {
  for (name in names(reference)) {
    if (!identical(reference[[name]], tortured[[name]])) {
      cat("gctorture: differs under gctorture:", name, "\n")
      print(all.equal(reference[[name]], tortured[[name]]))
    }
  }
  stop("results under gctorture(TRUE) differ from the normal run")
}
cat("OK\n")
