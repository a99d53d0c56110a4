# From the search to the answer: candidates, the front, the chosen equation.
#
# 1. Candidates (R/candidates.R): discrete graphs from each edge's strongest
#    primitives, one per distinct equation shape, screened on a subsample.
# 2. The front (R/front.R): the best candidate at each complexity, polished on
#    the selection rows and pruned of terms too small to matter (R/prune.R).
# 3. Selection (R/cross_validation.R): cross-validated error over the front,
#    the simplest equation within one standard error of the best.
# 4. The chosen model is polished on every row and becomes the fit's model;
#    the front stays in the fit for pareto_front(), summary() and
#    choose_equation().
#
# Selection and screening work on at most SELECTION_ROWS rows drawn from R's
# RNG, so their cost does not grow with the data; only the final polish sees
# every row.

SELECTION_ROWS <- 2000L
POLISH_ITERATIONS <- 100L

# The refined fit, or `fit` with a one-member front when the refinement does
# not apply (refine_top = 0, a "sample" draw kept as drawn, probability
# distributions).
refine_fit <- function(fit) {
  spec <- fit$spec
  if (!refines(spec)) return(with_single_front(fit))
  context <- refine_context(fit)
  n <- nrow(fit$x)
  rows <- if (n > SELECTION_ROWS) sort(sample.int(n, SELECTION_ROWS)) else seq_len(n)
  screen_rows <- if (length(rows) > SCREEN_ROWS) sort(sample(rows, SCREEN_ROWS)) else rows
  members <- front_members(screen_candidates(context, screen_rows), context, rows, screen_rows)
  if (length(members) == 0) return(with_single_front(fit))
  members <- cross_validate(members, context, rows)
  floor <- rounding_floor(fit$y[rows, , drop = FALSE]) / length(rows)
  chosen <- choose_member(members, spec$selection, floor)
  fit$front_models <- lapply(members, `[[`, "model")
  fit$front <- front_table(members, chosen, fit)
  set_model(fit, members[[chosen]]$model, polish = length(rows) < n)
}

# The front: the screened candidates that no simpler one fits as well, each
# polished, pruned and given its law on the selection rows, with their
# bias-free variants; again only those that no simpler member fits as well.
front_members <- function(screened, context, rows, screen_rows) {
  if (length(screened) == 0) return(list())
  y_screen <- context$y[screen_rows, , drop = FALSE]
  members <- lapply(pareto_members(screened, rounding_floor(y_screen)), front_member, context, rows)
  members <- Filter(Negate(is.null), members)
  members <- c(members, Filter(Negate(is.null), lapply(members, without_bias, context, rows)))
  pareto_members(members, rounding_floor(context$y[rows, , drop = FALSE]))
}

# Whether a fit with this specification refines its architecture.
refines <- function(spec) {
  spec$refine_top >= 1 && spec$sampling_strategy == "max" &&
    spec$output_type != "probability_distribution"
}

# What the candidates share: the data, the graph, the mixture's coefficients
# as starting values and which output-layer entries are free.
refine_context <- function(fit) {
  spec <- fit$spec
  list(
    spec = spec,
    x = fit$x,
    y = fit$y,
    y_mean = colMeans(fit$y),
    edges = fit$edges,
    input_names = fit$input_names,
    alphas = fit$alphas,
    searched_architecture = fit$model$architecture,
    source_scale = edge_source_scale(fit$x, fit$edges),
    template = list(
      theta = fit$theta,
      weight = fit$classifier$weight,
      bias = fit$classifier$bias,
      free = list(weight = spec$train_classifier_coefficients, bias = spec$train_classifier_bias)
    )
  )
}

# A screened candidate as a member of the front: polished on the selection
# rows, pruned, with its law; NULL if it cannot be fitted there.
front_member <- function(candidate, context, rows) {
  x <- context$x[rows, , drop = FALSE]
  y <- context$y[rows, , drop = FALSE]
  polished <- engine_polish(context$spec, candidate$model, x, y, POLISH_ITERATIONS)
  if (!is.finite(polished$sse)) return(NULL)
  pruned <- prune_model(polished_model(candidate$model, polished), polished$sse, context, rows)
  predicted <- engine_predict(context$spec, pruned$model, x, ncol(y))
  law <- model_law(pruned$model, context$edges, context$input_names,
                   context$spec$output_type, scale = max(abs(predicted)))
  # A law that is not an exact rewriting of its network on these rows leans on
  # an engine guard (a capped exp, ln held at 0): not an equation to offer.
  if (!law_matches(law, x, predicted)) return(NULL)
  list(model = pruned$model, sse = pruned$sse, law = law, shape = law$shape,
       complexity = law$complexity, n_constants = law$n_constants,
       bic = least_squares_bic(pruned$sse, law$complexity, length(y)))
}

# The member with its output biases held at 0 and the rest refitted: `c * x^p`
# beside `c * x^p + d`, for the selection to weigh. NULL when the biases are
# not free or are 0 already.
without_bias <- function(member, context, rows) {
  model <- member$model
  if (!any(free_entries(model, context$template$free)$bias & model$bias != 0)) return(NULL)
  model$bias[] <- 0
  model$free_bias <- rep(FALSE, length(model$bias))
  front_member(list(model = model), context, rows)
}

# Differences in a sum of squares below this are rounding: on data that an
# equation fits exactly, a more complex one may "improve" on it by 1e-28.
rounding_floor <- function(y) {
  1e-14 * sum(y^2)
}

# The members that no simpler member fits as well: the best at each
# complexity, kept only if its error is below that of every simpler one (by
# more than `floor`). Sorted by complexity.
pareto_members <- function(candidates, floor = 0) {
  complexity <- vapply(candidates, `[[`, numeric(1), "complexity")
  sse <- vapply(candidates, `[[`, numeric(1), "sse")
  order <- order(complexity, sse)
  kept <- list()
  best <- Inf
  for (i in order) {
    if (sse[i] < best * (1 - 1e-9) - floor) {
      kept[[length(kept) + 1L]] <- candidates[[i]]
      best <- sse[i]
    }
  }
  kept
}

# The fit with `model` as its model: polished on every row first when it was
# fitted on a subsample, then its fitted values, statistics and law.
set_model <- function(fit, model, polish) {
  if (polish) {
    polished <- engine_polish(fit$spec, model, fit$x, fit$y, POLISH_ITERATIONS)
    if (is.finite(polished$sse)) model <- polished_model(model, polished)
  }
  fit$model <- model
  add_fit_statistics(fit)
}

# A fit whose model was not refined still has a front: its own equation.
with_single_front <- function(fit) {
  law <- law_of(fit)
  member <- list(model = fit$model, sse = sum(fit$residuals^2), law = law,
                 complexity = law$complexity, cv_mse = NA_real_, cv_se = NA_real_,
                 bic = least_squares_bic(sum(fit$residuals^2), law$complexity, length(fit$y)))
  fit$front_models <- list(fit$model)
  fit$front <- front_table(list(member), 1L, fit)
  fit
}
