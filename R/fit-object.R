# The darts_fit object: one constructor, plain lists and arrays only, so that a
# fit survives saveRDS() and readRDS() into a new session.
#
# A fit is made in two stages. new_search() keeps what the search gave (the
# data, the edges, the mixture and its sampled model, the history): a plain
# list, which the refinement (refine_search()) reads. new_darts_fit() then
# makes the fit, once, with the model the refinement chose (or the sampled
# one), its statistics and law, and the front; validate_darts_fit() checks
# what every reader of a fit relies on.

# The outcome of a search of `spec` on `design` over `edges`: the engine's
# `result` in R's shapes, names and dimnames, with `history`, what earlier
# fits of this search recorded.
new_search <- function(spec, design, edges, result, history = NULL) {
  E <- nrow(edges)
  primitives <- edge_primitives(spec$primitives)
  kinds <- node_kinds_of(spec$primitives)
  M <- length(primitives)
  K <- spec$num_graph_nodes
  output_names <- colnames(design$y)
  node_names <- paste0("k", seq_len(K))
  ops_names <- list(edges$name, primitives)
  theta_names <- list(edges$name, primitives, c("p1", "p2"))
  classifier_names <- list(output_names, node_names)

  model <- list(
    architecture = stats::setNames(primitives[result$model$architecture + 1L], edges$name),
    node_kinds = stats::setNames(kinds[result$model$node_kinds + 1L], node_names),
    # (with columns for the primitives only the refinement places)
    theta = with_refine_columns(array(result$model$theta, c(E, M, 2), theta_names), spec),
    weight = matrix(result$model$weight, length(output_names), K,
                    dimnames = classifier_names),
    bias = stats::setNames(result$model$bias, output_names)
  )
  check_finite_state(result, model)

  list(
    spec = spec,
    terms = design$terms,
    xlevels = design$xlevels,
    input_names = colnames(design$x),
    output_names = output_names,
    x = design$x,
    y = design$y,
    weights = design$weights,
    groups = design$groups,
    na.action = design$na.action,
    na_function = design$na_function,
    exclude = design$exclude,
    family = design$family,
    levels = design$levels,
    response_name = design$response_name,
    edges = edges,
    alphas = matrix(result$alphas, E, M, dimnames = ops_names),
    node_alphas = if (length(kinds) > 1) {
      matrix(result$node_alphas, K, length(kinds), dimnames = list(node_names, kinds))
    },
    theta = array(result$theta, c(E, M, 2), theta_names),
    classifier = list(
      weight = matrix(result$weight, length(output_names), K, dimnames = classifier_names),
      bias = stats::setNames(result$bias, output_names)
    ),
    network = model,
    history = append_history(history, result, ops_names, list(node_names, kinds)),
    convergence = list(
      status = "ok",
      epochs = result$epochs_done,
      message = sprintf("%d epochs of architecture search, %d steps for the sampled model",
                        result$epochs_done, spec$param_updates_for_sampled_model),
      polish = list(iterations = as.integer(result$polish[1]),
                    loss_before = result$polish[2], loss_after = result$polish[3])
    )
  )
}

# The fit of a `search` (new_search()) made by `call`: with the model the
# refinement chose and its front (`refined`, from refine_search()), or, where
# there is none, the search's sampled model alone on its front.
new_darts_fit <- function(search, call, refined = NULL) {
  fit <- structure(c(list(call = call), search), class = "darts_fit")
  if (!is.null(refined)) fit$network <- refined$model
  fit <- add_fit_statistics(fit)
  if (is.null(refined)) {
    law <- law_of(fit)
    refined <- list(members = list(list(model = fit$network, law = law,
                                        complexity = law$complexity, cv_loss = NA_real_,
                                        cv_se = NA_real_, bic = model_bic(fit))),
                    chosen = 1L)
  }
  fit$front_networks <- lapply(refined$members, `[[`, "model")
  fit$front <- front_table(refined$members, refined$chosen, fit)
  validate_darts_fit(fit)
}

# What every reader of a fit relies on: its fields, a model that matches its
# search space, statistics of that model, and a front with one chosen member
# and one model per member. Returns the fit; a fit that breaks one of these
# is an internal error (a fit edited by hand is refused where it is used, see
# check_model_shape()).
DARTS_FIT_FIELDS <- c("call", "spec", "input_names", "output_names", "x", "y", "edges", "alphas",
                      "theta", "classifier", "network", "history", "convergence",
                      "fitted.values", "residuals", "loss", "r_squared", "law",
                      "front_networks", "front")

validate_darts_fit <- function(fit) {
  missing <- setdiff(DARTS_FIT_FIELDS, names(fit))
  problem <- if (!inherits(fit, "darts_fit")) {
    "it is not of class darts_fit"
  } else if (length(missing) > 0) {
    paste("it lacks", paste(missing, collapse = ", "))
  } else if (!identical(dim(fit$fitted.values), dim(fit$y))) {
    "its fitted values are not one per response value"
  } else if (sum(fit$front$chosen) != 1 || length(fit$front_networks) != nrow(fit$front)) {
    "its front does not have one chosen member and one model per member"
  }
  if (!is.null(problem)) {
    cli::cli_abort("Internal error: a darts_fit was built wrong: {problem}.",
                   class = c("dartsr_error_internal", "dartsr_error"))
  }
  check_model_shape(fit$network, fit$spec, length(fit$input_names), length(fit$output_names),
                    call = NULL)
  fit
}

# The search history so far followed by this search's records: a refit
# continues the same search, so its history continues too, its epochs
# numbered on from the last. The engine keeps at most DARTS_HISTORY_MAX (100)
# records of a search, evenly spaced: `epoch` is each record's last epoch,
# its losses the mean over the epochs since the record before, its `alphas`
# those after its epoch. `node_names` names the nodes' kind weights (nodes x
# kinds), recorded where nodes may multiply.
append_history <- function(history, result, ops_names, node_names) {
  records <- seq_len(result$history_records)
  # E x M x records, named by edge and primitive: taken as the engine made it,
  # since at 100 nodes a copy is 40 MB.
  alphas <- result$alpha_history
  if (length(records) < dim(alphas)[3]) alphas <- alphas[, , records, drop = FALSE]
  new <- list(
    epoch = epochs_searched(history) + result$history_epoch[records],
    loss = result$loss[records],
    arch_loss = result$arch_loss[records],
    alphas = alphas,
    sampled_loss = result$sampled_loss
  )
  if (length(node_names[[2]]) > 1) {
    node_alphas <- array(result$node_alpha_history,
                         c(lengths(node_names), length(result$loss)),
                         dimnames = c(node_names, list(NULL)))
    new$node_alphas <- node_alphas[, , records, drop = FALSE]
  }
  new$loss[is.nan(new$loss)] <- NA_real_
  new$arch_loss[is.nan(new$arch_loss)] <- NA_real_
  if (is.null(history)) return(new)
  combined <- list(
    epoch = c(history$epoch, new$epoch),
    loss = c(history$loss, new$loss),
    arch_loss = c(history$arch_loss, new$arch_loss),
    alphas = bind_epochs(history$alphas, new$alphas),
    sampled_loss = new$sampled_loss
  )
  if (!is.null(new$node_alphas)) {
    combined$node_alphas <- bind_epochs(history$node_alphas, new$node_alphas)
  }
  combined
}

# Two histories of weights (rows x columns x epochs) one after the other.
bind_epochs <- function(earlier, later) {
  array(c(earlier, later), c(dim(later)[1:2], dim(earlier)[3] + dim(later)[3]),
        dimnames = c(dimnames(later)[1:2], list(NULL)))
}

# How many epochs of architecture search a history covers: the last record is
# of the last epoch.
epochs_searched <- function(history) {
  if (length(history$epoch) == 0) return(0L)
  history$epoch[[length(history$epoch)]]
}

# The engine keeps values finite; if something still overflowed, say so rather
# than return a model that predicts NaN.
check_finite_state <- function(result, model, call = rlang::caller_env(2)) {
  values <- c(result$alphas, result$node_alphas, result$theta, result$weight, result$bias,
              model$theta, model$weight, model$bias)
  if (all(is.finite(values))) return(invisible())
  cli::cli_abort(
    c("The search ended with non-finite coefficients.",
      i = "Try rescaling the inputs and the response, or lower learning rates."),
    class = c("dartsr_error_nonfinite", "dartsr_error"),
    call = call
  )
}

# Fitted values, residuals, training loss and R-squared of the sampled model.
add_fit_statistics <- function(fit) {
  fitted <- engine_predict(fit$spec, fit$network, fit$x, ncol(fit$y))
  dimnames(fitted) <- list(rownames(fit$x), fit$output_names)
  if (!all(is.finite(fitted))) {
    cli::cli_abort(
      c("The fitted model gives non-finite values on its own training data.",
        i = "Try rescaling the inputs and the response."),
      class = c("dartsr_error_nonfinite", "dartsr_error"),
      call = NULL
    )
  }
  fit$fitted.values <- fitted
  fit$residuals <- fit$y - fitted
  family <- fit_family(fit)
  weights <- fit$weights
  # Sums of squares without n-sized temporaries beyond one: fits on a million
  # rows should not need several copies of the data.
  if (is.null(weights)) {
    ss_residual <- colSums(fit$residuals^2)
    ss_total <- if (nrow(fit$y) > 1) diag(stats::var(fit$y), names = FALSE) * (nrow(fit$y) - 1) else 0
  } else {
    ss_residual <- colSums(weights * fit$residuals^2)
    ss_total <- colSums(weights * (fit$y - constant_fit(fit$y, weights))^2)
  }
  fit$loss <- training_loss(family, fit$y, fitted, ss_residual, weights)
  # R-squared is undefined for a constant response.
  r_squared <- ifelse(ss_total > 0, 1 - ss_residual / ss_total, NA_real_)
  fit$r_squared <- stats::setNames(r_squared, fit$output_names)
  fit$law <- fit_law(fit)
  fit
}

# The loss the search minimises, on all rows, per unit of weight: the mean
# squared error, or for a choice the cross-entropy (log-loss).
training_loss <- function(family, y, fitted, ss_residual, weights = NULL) {
  weight <- total_weight(weights, nrow(y))
  if (family == "gaussian") return(sum(ss_residual) / (weight * ncol(y)))
  sum(row_cross_entropy(family, y, fitted, weights)) / weight
}

# The fit with `model` as its network (choose_equation()): polished on every
# row first with `polish`, then its fitted values, statistics and law.
set_network <- function(fit, model, polish) {
  if (polish) model <- polished_on_every_row(model, fit)
  fit$network <- model
  add_fit_statistics(fit)
}
