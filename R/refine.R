# Refining the architecture after the search.
#
# The search ends with architecture weights that rank the primitives of every
# edge, but the strongest primitive of each edge, chosen alone, is often not the
# best graph: first-order DARTS judges primitives while their parameters are
# still half fitted. The refinement fits discrete candidates instead -- the top
# `refine_top` primitives of every edge, and "none" -- each with its
# coefficients polished by least squares, and keeps the candidate with the
# lowest BIC. With few candidates it tries every combination; with many, it
# changes one edge at a time (greedily) from the strongest architecture.

# Combinations up to this many are tried exhaustively.
REFINE_EXHAUSTIVE_MAX <- 1000L

# The primitives each edge may take: its top `top` by architecture weight, and
# "none" when it is in the search space (dropping an edge is always a candidate).
edge_candidates <- function(alphas, top) {
  lapply(seq_len(nrow(alphas)), function(e) {
    ranked <- colnames(alphas)[order(alphas[e, ], decreasing = TRUE)]
    unique(c(ranked[seq_len(min(top, length(ranked)))], intersect("none", ranked)))
  })
}

# The complexity the criterion charges a sampled model: every operation one
# degree of freedom plus one per parameter (the count the architecture decay
# uses: 0 for none, 1 for add, 3 for linear_exp), and the trainable classifier
# entries. Charging the operation itself means that of two equally good graphs
# the one with fewer operations wins, and it checks the many candidates of an
# exhaustive refinement from fitting the noise: on Stevens' law, counting
# parameters alone picked a 7-coefficient logistic-relu graph over the true
# exp(c ln(a x)).
count_complexity <- function(spec, architecture, n_outputs) {
  sum(primitive_dof(unname(architecture))) +
    spec$train_classifier_coefficients * n_outputs * spec$num_graph_nodes +
    spec$train_classifier_bias * n_outputs
}

# BIC of a least-squares fit: N log(SSE / N) + k log(N), N = rows x outputs,
# k the complexity of count_complexity().
# The error variance is floored at 1e-24 of the response's variance (at
# least 1e-300), so that exact fits of noise-free data tie and the simpler
# one wins rather than log(0).
least_squares_bic <- function(sse, n_coefficients, y) {
  N <- length(y)
  spread <- if (N > 1) stats::var(as.vector(y)) else 0
  floor <- max(1e-24 * spread, 1e-300)
  N * log(max(sse / N, floor)) + n_coefficients * log(N)
}

# Deterministic starting points for a candidate's coefficients: the mixture's,
# then all `a` = 1 and `a` = -1 (with `b` = 0, `beta` = 1), and, where some
# input's scale is far from 1, the same with `a` divided by the scale of the
# edge's source, so that exp(a x) starts in range when x runs to 100.
# Deterministic, so that refitting with sampling_strategy = "max" gives the
# same graph again.
candidate_starts <- function(theta, architecture, source_scale) {
  start_with <- function(a) {
    start <- theta
    for (e in seq_along(architecture)) {
      params <- primitive_params(architecture[[e]])
      for (k in seq_along(params)) {
        start[e, architecture[[e]], k] <- switch(params[k], a = a[e], b = 0, beta = 1)
      }
    }
    start
  }
  ones <- rep(1, length(architecture))
  starts <- list(theta, start_with(ones), start_with(-ones))
  if (any(source_scale > 2 | source_scale < 0.5)) {
    starts <- c(starts, list(start_with(1 / source_scale), start_with(-1 / source_scale)))
  }
  starts
}

# The size of each edge's source: the largest absolute value of an input, 1
# for hidden nodes (whose scale the coefficients decide).
edge_source_scale <- function(fit) {
  input_scale <- apply(abs(fit$x), 2, max)
  input_scale[!(input_scale > 0)] <- 1
  scale <- rep(1, nrow(fit$edges))
  from_input <- fit$edges$from_index <= ncol(fit$x)
  scale[from_input] <- input_scale[fit$edges$from_index[from_input]]
  scale
}

# Polishes one discrete architecture from each start; returns the best.
fit_candidate <- function(spec, architecture, base, x, y, source_scale) {
  best <- NULL
  starts <- candidate_starts(base$theta, architecture, source_scale)
  for (i in seq_along(starts)) {
    # The scaled starts (4 and 5) are far from the mixture's scale, so they
    # start a trainable output layer neutral (weight 1, bias 0); the others keep
    # the mixture's.
    trainable <- c(spec$train_classifier_coefficients, spec$train_classifier_bias)
    weight <- if (i > 3 && trainable[1]) base$weight * 0 + 1 else base$weight
    bias <- if (i > 3 && trainable[2]) base$bias * 0 else base$bias
    model <- list(architecture = architecture, theta = starts[[i]], weight = weight,
                  bias = bias)
    polished <- engine_polish(spec, model, x, y)
    if (!is.finite(polished$sse)) next
    if (is.null(best) || polished$sse < best$sse) {
      model$theta[] <- polished$theta
      model$weight[] <- polished$weight
      model$bias[] <- polished$bias
      best <- list(model = model, sse = polished$sse)
    }
  }
  if (is.null(best)) return(NULL)
  k <- count_complexity(spec, architecture, ncol(y))
  best$complexity <- k
  best$bic <- least_squares_bic(best$sse, k, y)
  best
}

# The refined fit: the best candidate by BIC (the search's own sampled model
# among them), with the candidates considered in `fit$candidates`.
refine_fit <- function(fit) {
  spec <- fit$spec
  if (spec$refine_top < 1 || spec$sampling_strategy != "max" ||
      spec$output_type == "probability_distribution") {
    return(fit)
  }
  base <- list(theta = fit$theta, weight = fit$classifier$weight, bias = fit$classifier$bias)
  source_scale <- edge_source_scale(fit)
  evaluate <- function(architecture) {
    fit_candidate(spec, stats::setNames(architecture, fit$edges$name), base, fit$x, fit$y,
                  source_scale)
  }
  candidates <- edge_candidates(fit$alphas, spec$refine_top)
  tried <- if (prod(lengths(candidates)) <= REFINE_EXHAUSTIVE_MAX) {
    exhaustive_candidates(candidates, evaluate)
  } else {
    greedy_candidates(candidates, unname(fit$model$architecture), evaluate)
  }
  searched <- list(model = fit$model, sse = sum(fit$residuals^2))
  searched$complexity <- count_complexity(spec, fit$model$architecture, ncol(fit$y))
  searched$bic <- least_squares_bic(searched$sse, searched$complexity, fit$y)
  tried <- c(list(searched), tried)
  tried <- Filter(function(t) is.finite(t$bic), tried)
  if (length(tried) == 0) return(fit)
  best <- tried[[which.min(vapply(tried, `[[`, numeric(1), "bic"))]]
  fit$model <- best$model
  fit$candidates <- candidate_table(tried, best)
  add_fit_statistics(fit)
}

exhaustive_candidates <- function(candidates, evaluate) {
  grid <- expand.grid(candidates, stringsAsFactors = FALSE, KEEP.OUT.ATTRS = FALSE)
  tried <- lapply(seq_len(nrow(grid)), function(i) evaluate(unlist(grid[i, ], use.names = FALSE)))
  Filter(Negate(is.null), tried)
}

# From `start`, changes one edge at a time to whichever of its candidates lowers
# the BIC most, until no single change helps (at most 5 passes).
greedy_candidates <- function(candidates, start, evaluate) {
  current <- evaluate(start)
  tried <- list(current)
  for (pass in 1:5) {
    improved <- FALSE
    for (e in seq_along(candidates)) {
      for (primitive in setdiff(candidates[[e]], current$model$architecture[[e]])) {
        architecture <- unname(current$model$architecture)
        architecture[e] <- primitive
        candidate <- evaluate(architecture)
        if (is.null(candidate)) next
        tried[[length(tried) + 1]] <- candidate
        if (is.null(current) || candidate$bic < current$bic) {
          current <- candidate
          improved <- TRUE
        }
      }
    }
    if (!improved) break
  }
  Filter(Negate(is.null), tried)
}

candidate_table <- function(tried, best) {
  table <- data.frame(
    architecture = vapply(tried, function(t) paste(t$model$architecture, collapse = ", "), ""),
    complexity = vapply(tried, `[[`, numeric(1), "complexity"),
    sse = vapply(tried, `[[`, numeric(1), "sse"),
    bic = vapply(tried, `[[`, numeric(1), "bic"),
    stringsAsFactors = FALSE
  )
  table$chosen <- vapply(tried, identical, logical(1), best)
  # An architecture tried twice (the search's own model, then refined) is
  # listed once, with its better fit.
  table <- table[order(table$bic), , drop = FALSE]
  table <- table[!duplicated(table$architecture), , drop = FALSE]
  rownames(table) <- NULL
  table
}
