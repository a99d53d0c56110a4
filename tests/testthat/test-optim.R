# The mixture's parameter steps against PyTorch's update rules, which the
# reference runs (torch.optim.SGD with momentum and L2 decay, torch.optim.Adam
# with L2 decay, CosineAnnealingLR, clip_grad_norm_), written out here from
# their documentation and fed the engine's own gradients: a search of one
# epoch of two full-batch parameter steps and no architecture step must land
# where two such steps do.

# The step's learning rate: CosineAnnealingLR over n steps, in closed form.
cosine_lr <- function(lr_max, lr_min, t, n) lr_min + (lr_max - lr_min) * (1 + cos(pi * t / n)) / 2

# The parameters the phase trains: each primitive's own parameters (none of
# "none", a and b of an affine one), every output weight and bias.
trainable <- function(spec, state) {
  params <- vapply(edge_primitives(spec$primitives), function(p) length(primitive_params(p)),
                   numeric(1))
  theta <- array(FALSE, dim(state$theta))
  for (m in seq_along(params)) {
    theta[, m, 1] <- params[m] >= 1
    theta[, m, 2] <- params[m] >= 2
  }
  list(theta = theta, weight = array(TRUE, dim(state$weight)), bias = rep(TRUE, length(state$bias)))
}

# Two steps of `rule` ("sgd" or "adam") from `state`, by the reference's rules.
reference_steps <- function(spec, state, x, y, rule, n_steps = 2) {
  parts <- c("theta", "weight", "bias")
  mask <- trainable(spec, state)
  m <- lapply(state[parts], function(v) v * 0)
  v <- m
  for (t in seq_len(n_steps)) {
    lr <- cosine_lr(spec$param_learning_rate_max, spec$param_learning_rate_min, t - 1, n_steps)
    grads <- engine_loss_grad(spec, state, x, y)
    norm <- sqrt(sum(unlist(lapply(parts, function(p) grads[[p]][mask[[p]]]^2))))
    clip <- min(1, spec$grad_clip / (norm + 1e-6))
    for (p in parts) {
      k <- mask[[p]]
      g <- grads[[p]][k] * clip + spec$param_weight_decay * state[[p]][k]
      if (rule == "sgd") {
        m[[p]][k] <- spec$param_momentum * m[[p]][k] + g
        state[[p]][k] <- state[[p]][k] - lr * m[[p]][k]
      } else {
        m[[p]][k] <- 0.9 * m[[p]][k] + 0.1 * g
        v[[p]][k] <- 0.999 * v[[p]][k] + 0.001 * g^2
        denom <- sqrt(v[[p]][k]) / sqrt(1 - 0.999^t) + 1e-8
        state[[p]][k] <- state[[p]][k] - lr / (1 - 0.9^t) * m[[p]][k] / denom
      }
    }
    # The classifier's own decay after each step (the reference's classifier
    # weight decay, applied as a shrink).
    shrink <- 1 - spec$classifier_weight_decay * lr
    state$weight <- state$weight * shrink
    state$bias <- state$bias * shrink
  }
  state
}

test_that("the mixture's SGD and Adam steps are PyTorch's, with clipping and decay", {
  set.seed(1)
  x <- matrix(stats::runif(30, 0.2, 1.5), 15, 2, dimnames = list(NULL, c("x1", "x2")))
  y <- matrix(2 * x[, 1] + exp(0.5 * x[, 2]) + stats::rnorm(15, sd = 0.1), 15, 1)
  for (rule in c("sgd", "adam")) {
    for (grad_clip in c(5, 0.05)) {
      spec <- darts_regressor(num_graph_nodes = 2, max_epochs = 1, arch_updates_per_epoch = 0,
                              param_updates_per_epoch = 2, param_updates_for_sampled_model = 0,
                              batch_size = 64, polish_coefficients = FALSE, refine_top = 0,
                              param_optimizer = rule, grad_clip = grad_clip,
                              primitives = c("none", "mult", "linear", "linear_exp"))
      state <- initial_state(spec, edge_table(c("x1", "x2"), 2)$name, 1)
      state$theta[] <- stats::rnorm(length(state$theta), sd = 0.5)
      state$weight[] <- c(0.8, 1.2)
      state$bias[] <- 0.3
      searched <- engine_search(spec, x, y, state)
      expected <- reference_steps(spec, state, x, y, rule)
      for (p in c("theta", "weight", "bias")) {
        expect_equal(unname(c(searched[[p]])), unname(c(expected[[p]])), tolerance = 1e-10,
                     info = paste(rule, grad_clip, p))
      }
      # No architecture step: the architecture weights are where they started.
      expect_equal(searched$alphas, state$alphas)
    }
  }
})
