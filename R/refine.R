# From the search to the answer: candidates, the front, the chosen equation.
#
# 1. Candidates (R/refine-candidates.R): discrete graphs from each edge's
#    strongest primitives, one per distinct equation shape, screened on a
#    subsample.
# 2. The front (R/refine-front.R): the best candidate at each complexity,
#    polished on the selection rows and pruned of terms too small to matter
#    (R/refine-prune.R).
# 3. Selection (R/refine-cross-validation.R): cross-validated error over the
#    front, the simplest equation within one standard error of the best.
# 4. The chosen model is polished on every row and becomes the fit's model;
#    the front stays in the fit for pareto_front(), summary() and
#    choose_equation().
#
# Selection and screening work on at most SELECTION_ROWS rows drawn from R's
# RNG, so their cost does not grow with the data; only the final polish sees
# every row.

# (SELECTION_ROWS, POLISH_ITERATIONS and the refinement's other constants
# are in R/refine-policy.R.)

# The refinement of a search (see new_search()): list(model, members, chosen),
# the chosen model (polished on every row) and the front's members; NULL when
# the refinement does not apply (refine_top = 0, or a "sample" draw kept as
# drawn) or finds nothing, and the search's sampled model stands alone.
refine_search <- function(search) {
  spec <- search$spec
  if (!refines(spec)) return(NULL)
  context <- refine_context(search)
  n <- nrow(search$x)
  rows <- if (n > SELECTION_ROWS) sort(sample.int(n, SELECTION_ROWS)) else seq_len(n)
  screen_rows <- if (length(rows) > SCREEN_ROWS) sort(sample(rows, SCREEN_ROWS)) else rows
  members <- front_members(screen_candidates(context, screen_rows), context, rows, screen_rows)
  if (length(members) == 0) return(NULL)
  # Under "bic" no cross-validation runs: its errors would decide nothing.
  folds <- if (spec$selection == "cv") cv_folds(length(rows), context$groups[rows])
  members <- with_backward_steps(cross_validate(members, context, rows, folds), context, rows,
                                 folds)
  chosen <- choose_member(members, spec$selection, selection_floor(context, rows))
  model <- members[[chosen]]$model
  # Selected on a subsample, the chosen model is polished on every row.
  if (length(rows) < n) model <- polished_on_every_row(model, search)
  list(model = model, members = members, chosen = chosen)
}

# The front: the screened candidates that no simpler one fits as well, each
# polished, pruned and given its law on the selection rows `rows`, with their
# bias-free variants and then the variants of all these without their small
# offsets; again only those that no simpler member fits as well.
# Screening is short, and an ill-conditioned law (c * exp(a * x) + d with
# a * x small over the data, nearly a line) can end its 30 iterations far
# from its best fit, behind a look-alike of the same complexity: so the
# FRONT_CONTENDERS best screened shapes at each complexity are first polished
# in full on the screening rows, and the front drawn from those; so is every
# screened exponential of a hidden node, refitted from its linearized start
# (R/refine-linearized.R), and every screened sum of exponentials, polished to
# convergence (R/refine-exponential-sums.R).
front_members <- function(screened, context, rows, screen_rows) {
  if (length(screened) == 0) return(list())
  whole <- function(candidates) lapply(candidates, whole_candidate, context$template$theta)
  best <- whole(best_at_each_complexity(screened, FRONT_CONTENDERS))
  contenders <- lapply(best, polished_candidate, context, screen_rows)
  # An exponential of a hidden node screened far from its fit can be the law
  # (see linearized_start()): every one is refitted from its linearized start.
  # Only those get their whole theta back: the screened are kept compact.
  exponentials <- whole(Filter(function(candidate) linearizable(candidate, context), screened))
  contenders <- c(contenders, lapply(exponentials, linearized_candidate, context, screen_rows))
  contenders <- c(contenders, polished_exponential_sums(screened, context, screen_rows))
  contenders <- Filter(Negate(is.null), contenders)
  drawn <- front_with_laws(contenders, rounding_floor(context$y[screen_rows, , drop = FALSE]),
                           function(candidate) front_member(candidate, context, rows))
  front <- drawn$front
  members <- drawn$members
  members <- c(members, straightened(members, context, rows))
  shifted <- variants_of(members, shifted_power, context, rows)
  members <- c(members, shifted, straightened(shifted, context, rows))
  variants <- c(members, promising_without_bias(contenders, front, context, screen_rows),
                variants_of(members, logistic_flipped, context))
  # A bias-free refit of a contender off the front can be the first with a
  # relu that does not bend: m * r * w * relu(w).
  biasless <- variants_of(variants, without_bias, context, rows, screen_rows)
  members <- c(members, biasless, straightened(biasless, context, rows))
  members <- c(members, variants_of(members, without_ln_constants, context, rows))
  # A bias-free refit can move an offset into an edge (logistic(u + 1e-4)):
  # the offsets are looked at after the biases.
  members <- c(members, variants_of(members, without_small_offsets, context, rows),
               promising_without_offsets(contenders, front, context, rows, screen_rows))
  members <- c(members, variants_of(members, logistic_in_tail, context, rows))
  # (of the members no simpler one fits as well: a simpler law than theirs is
  # what the variant is for. With its scales held at 1, a member can have an
  # offset to drop: `logistic(1.5 * x1 - x2 - 0.00016)`.)
  floor <- rounding_floor(context$y[rows, , drop = FALSE])
  unit_variants <- variants_of(pareto_members(members, floor), unit_coefficients, context, rows,
                               members)
  members <- c(members, unit_variants,
               variants_of(unit_variants, without_small_offsets, context, rows))
  pareto_members(members, floor)
}

# What `variant` (with the arguments `...`) makes of each of `members`, where
# it makes something: a variant is NULL where it does not apply.
variants_of <- function(members, variant, ...) {
  Filter(Negate(is.null), lapply(members, variant, ...))
}

# Backward steps from the chosen equation: each of its terms dropped in turn
# (see term_drops()), the rest refitted, validated on the same folds and
# offered to the selection. The forward selection is greedy, and a step that
# helped early can be worth nothing beside later ones: with 10 inputs,
# 2 * x1 + exp(x2) came out with a product term of a hundredth of its size
# on top, and the law itself was not on the front. At most BACKWARD_ROUNDS
# times, while the chosen member changes.
with_backward_steps <- function(members, context, rows, folds) {
  selection <- context$spec$selection
  floor <- selection_floor(context, rows)
  for (round in seq_len(BACKWARD_ROUNDS)) {
    chosen <- members[[choose_member(members, selection, floor)]]
    variants <- lapply(term_drops(chosen$model, context),
                       function(model) front_member(list(model = model), context, rows))
    eligible <- function(v) !is.null(v) && could_be_chosen(v, members, context, rows, floor)
    variants <- Filter(eligible, variants)
    # A dropped term can leave a relu that no longer bends, or an exponent
    # that is nearly whole, as the front's members can (see relu_unbent(),
    # whole_exponents()): m * r * w * relu(w) where the law is m * r * w^2.
    variants <- c(variants, Filter(eligible, straightened(variants, context, rows)))
    # It can leave an offset that only balanced it: (A + 7e-04)
    # * exp(-0.7 * t) once A * (1 - 9e-05 * A) * exp(-0.7 * t) loses its A^2.
    # (Held at 0, an offset fits no better: only a variant that could be
    # chosen can have one that could.)
    offsets_held <- Filter(eligible, lapply(variants, without_small_offsets, context, rows))
    # So can a logistic left in its tail (see logistic_in_tail()).
    in_tail <- Filter(eligible, lapply(c(variants, offsets_held), logistic_in_tail, context, rows))
    variants <- Filter(function(v) v$complexity < chosen$complexity,
                       c(variants, offsets_held, in_tail))
    if (length(variants) == 0) break
    members <- pareto_members(c(members, cross_validate(variants, context, rows, folds)),
                              rounding_floor(context$y[rows, , drop = FALSE]))
    if (identical(members[[choose_member(members, selection, floor)]], chosen)) break
  }
  members
}

# Whether a variant fits well enough to be chosen, judged before its
# cross-validation: held-out error is rarely below training error, so a
# variant whose training loss (per unit of weight) is already above what the
# "cv" rule accepts is not validated (dropping a term the law needs); under
# "bic", one whose BIC is above the lowest.
could_be_chosen <- function(variant, members, context, rows, floor) {
  if (context$spec$selection == "bic") {
    return(variant$bic < min(vapply(members, `[[`, numeric(1), "bic")))
  }
  variant$loss / row_weight(context, rows) <= cv_threshold(members, floor)
}

# The model with one term less, for each of its terms: each trainable output
# weight in use held at 0, and each edge in use into a node with other edges
# in use set to "none" (a term of a sum, a factor of a product).
term_drops <- function(model, context) {
  free <- free_entries(model, context$template$free)
  drops <- list()
  for (c in seq_len(nrow(model$weight))) {
    for (j in which(free$weight[c, ] & model$weight[c, ] != 0)) {
      drops[[length(drops) + 1L]] <- with_weight_held(model, context, c, j, 0)
    }
  }
  in_degree <- node_in_degree(model$architecture, context$edges)
  for (e in which(model$architecture != "none" & in_degree[context$edges$to_index] >= 2)) {
    dropped <- model
    dropped$architecture[[e]] <- "none"
    drops[[length(drops) + 1L]] <- dropped
  }
  drops
}

# Contenders off the front whose variant without the output bias could join
# it (see beats_simpler_members()), and still could with its bias at 0 and
# the output weights solved for again (a quick look, no polish).
# `c * x / (x + K) + d` fits Michaelis-Menten data as well as the simpler
# `d - c / (x + K)`, and only without its bias is it the law. At most
# FRONT_CONTENDERS of them, those that fit best without their bias first.
promising_without_bias <- function(contenders, front, context, rows) {
  beaten <- beats_simpler_members(front)
  promising <- Filter(function(m) beaten(m, m$loss), off_front(contenders, front))
  if (length(promising) == 0) return(list())
  loss <- vapply(promising, function(m) loss_without_bias(m$model, context, rows), numeric(1))
  keep <- vapply(seq_along(promising), function(i) beaten(promising[[i]], loss[i]), logical(1))
  promising <- promising[keep][order(loss[keep])]
  promising[seq_len(min(length(promising), FRONT_CONTENDERS))]
}

# Contenders off the front with small offsets in their edges (see
# small_offsets(), a quick look on the contenders' `screen_rows`), as members
# without them on `rows`: like a bias, an offset held at 0 takes 2 from the
# complexity, so only contenders that beat every member at least 2 simpler
# are looked at, and refitted only where, their offsets held, a quick look
# (the output layer solved for) still does; at most FRONT_CONTENDERS, the
# best fits first. On NIST's MGH09 the Lorentzian -0.014 / ((x - 0.0143)^2 + 0.0795) + 0.195
# lost to a Hill curve with x^2.12 of one constant less, and its variant
# centred at 0 is simpler than both and fits better than the exponential it
# is as simple as.
promising_without_offsets <- function(contenders, front, context, rows, screen_rows) {
  beaten <- beats_simpler_members(front)
  promising <- Filter(function(m) any(offset_free(m$model)) && beaten(m, m$loss),
                      off_front(contenders, front))
  held <- list()
  for (m in promising[order(vapply(promising, `[[`, numeric(1), "loss"))]) {
    if (length(held) == FRONT_CONTENDERS) break
    small <- small_offsets(m$model, m$loss, context, screen_rows)
    if (!any(small)) next
    model <- with_offsets_held(m$model, small)
    if (beaten(m, look_loss(model, context, screen_rows))) {
      held[[length(held) + 1L]] <- list(model = model)
    }
  }
  variants_of(held, front_member, context, rows)
}

# The contenders that are not on the front.
off_front <- function(contenders, front) {
  on_front <- vapply(contenders, function(m) any(vapply(front, identical, logical(1), m)),
                     logical(1))
  contenders[!on_front]
}

# A test of whether a contender at its loss (a function of the two) fits
# better than every member of the front at least 2 simpler: dropping a term
# such as `+ d` takes 2 from the complexity and cannot lower the loss, so only
# then could its variant without it join the front.
beats_simpler_members <- function(front) {
  front_complexity <- vapply(front, `[[`, numeric(1), "complexity")
  front_loss <- vapply(front, `[[`, numeric(1), "loss")
  function(m, loss) {
    simpler <- front_loss[front_complexity <= m$complexity - 2]
    length(simpler) > 0 && loss < min(simpler)
  }
}

# The loss of a model with its output biases held at 0 and its free output
# weights solved for again, unpolished; Inf when the biases are not free.
loss_without_bias <- function(model, context, rows) {
  if (!any(free_entries(model, context$template$free)$bias)) return(Inf)
  model$bias[] <- 0
  model$free_bias <- rep(FALSE, length(model$bias))
  loss <- polish_on(context, model, rows, iterations = 0L, solve_output_layer = TRUE)$loss
  if (is.finite(loss)) loss else Inf
}

# A screened candidate polished on `rows` (for `iterations` at most), its loss
# theirs; NULL if it cannot be fitted there.
polished_candidate <- function(candidate, context, rows, iterations = POLISH_ITERATIONS) {
  polished <- polish_on(context, candidate$model, rows, iterations)
  if (!is.finite(polished$loss)) return(NULL)
  candidate$model <- polished_model(candidate$model, polished)
  candidate$loss <- polished$loss
  candidate
}

# What the candidates share: the data, the graph, the mixture's coefficients
# as starting values and which output-layer entries are free; of a search
# (see new_search()).
refine_context <- function(search) {
  spec <- search$spec
  family <- fit_family(search)
  list(
    spec = spec,
    family = family,
    x = search$x,
    y = search$y,
    weights = search$weights,
    groups = search$groups,
    y_mean = colMeans(search$y),
    edges = search$edges,
    input_names = search$input_names,
    alphas = search$alphas,
    searched_graph = new_graph(search$network$architecture, model_node_kinds(search$network)),
    source_scale = edge_source_scale(search$x, search$edges),
    source_sign = edge_source_sign(search$x, search$edges),
    peaks = edge_peaks(search$x, search$y, search$edges),
    periods = edge_periods(search$x, search$y, search$edges, spec$primitives),
    log_response = log_response(search$y, family, spec$output_type),
    engine = engine_setup(spec, ncol(search$x), ncol(search$y), family),
    row_data = new.env(parent = emptyenv()),
    template = list(
      theta = with_refine_columns(search$theta, spec),
      weight = search$classifier$weight,
      bias = search$classifier$bias,
      free = list(weight = spec$train_classifier_coefficients, bias = spec$train_classifier_bias)
    )
  )
}

# A screened candidate as a member of the front: polished on the selection
# rows, pruned where the selection's criterion prefers it (see
# leaner_by_bic()), with its law; NULL if it cannot be fitted there.
front_member <- function(candidate, context, rows) {
  polished <- polish_on(context, candidate$model, rows)
  if (!is.finite(polished$loss)) return(NULL)
  model <- polished_model(candidate$model, polished)
  pruned <- pruned_model(model, context, rows)
  if (is.null(pruned)) return(member_with_law(model, polished$loss, context, rows))
  leaner_by_bic(list(model = model, loss = polished$loss),
                member_with_law(pruned$model, pruned$loss, context, rows), context, rows)
}

# A fitted model as a member of the front, with its law and BIC; NULL when the
# law is not an exact rewriting of the network on these rows: then it leans on
# an engine guard (a capped exp, ln held at 0) and is not an equation to offer;
# nor is one with a pole between the rows (see pole_between_rows()), or one
# whose printed terms cancel (see printed_terms_coincide()).
member_with_law <- function(model, loss, context, rows) {
  x <- rows_data(context, rows)$x
  predicted <- engine_predict(context$spec, model, x, ncol(context$y))
  law <- model_law(model, context$edges, context$input_names,
                   context$spec$output_type, scale = max(abs(predicted)))
  if (!law_matches(law, x, predicted) || pole_between_rows(model, context$edges, x) ||
      printed_terms_coincide(law)) {
    return(NULL)
  }
  list(model = model, loss = loss, law = law, shape = law$shape,
       complexity = law$complexity, n_constants = law$n_constants,
       bic = candidate_bic(context, loss, law$complexity, rows))
}

# `model` polished on the context's `rows`, with their weights, on the
# family's loss (see R/data-loss.R), from `start` (see engine_polish()).
polish_on <- function(context, model, rows, iterations = POLISH_ITERATIONS,
                      solve_output_layer = FALSE, start = NULL) {
  data <- rows_data(context, rows)
  engine_polish(context$spec, model, data$x, data$y, iterations, weights = data$weights,
                family = context$family, solve_output_layer = solve_output_layer,
                setup = context$engine, start = start)
}

# `model` polished as polish_on() polishes it, from each of `starts` (see
# engine_polish_starts()), the best kept.
polish_starts_on <- function(context, model, rows, starts, iterations = POLISH_ITERATIONS,
                             solve_output_layer = FALSE) {
  data <- rows_data(context, rows)
  engine_polish_starts(context$spec, model, data$x, data$y, starts, iterations,
                       weights = data$weights, family = context$family,
                       solve_output_layer = solve_output_layer, setup = context$engine)
}

# The data of `rows` (x, y and their weights), made once for
# each of the last ROW_DATA_KEPT sets of rows asked for rather than for every
# polish: the screening polishes a thousand models on the same rows, the
# front hundreds on the selection rows, and each polish's copy of its rows
# was garbage that R's heap held until its next collection.
ROW_DATA_KEPT <- 2L

rows_data <- function(context, rows) {
  kept <- context$row_data$kept
  for (data in kept) if (identical(data$rows, rows)) return(data)
  data <- list(rows = rows, x = context$x[rows, , drop = FALSE],
               y = context$y[rows, , drop = FALSE], weights = context$weights[rows])
  context$row_data$kept <- c(list(data), kept)[seq_len(min(length(kept) + 1L, ROW_DATA_KEPT))]
  data
}

# The total weight of `rows` (their number without weights).
row_weight <- function(context, rows) {
  total_weight(context$weights[rows], length(rows))
}

# BIC of a candidate with this loss on `rows` (see loss_bic()).
candidate_bic <- function(context, loss, complexity, rows) {
  loss_bic(context$family, loss, complexity, row_weight(context, rows), ncol(context$y))
}

# The member with its output biases held at 0 and the rest refitted: `c * x^p`
# beside `c * x^p + d`, for the selection to weigh. NULL when the biases are
# not free or are 0 already.
# Refitted from the member's coefficients alone, a term that must change
# sign without its offset -- 72 * logistic(0.07 * x - 2.6) from
# -69 * logistic(-0.07 * x + 2.9) + 71, NIST's Ratkowsky2 -- stays where it
# was, so the graph is also fitted afresh with its biases held at 0 on the
# screening rows `screen_rows` (see fit_architecture()), and the better of
# the two on `rows` joins.
# An ln(a * x) term added to the output is ln(x) plus the constant ln(a): a
# bias of its own. So the scales of such terms are held too, at 1 (or -1, as
# their sign is): `0.3 * x1 + 0.7 * ln(x2)`, not `0.3 * x1 + 0.7 * ln(x2) +
# 0.00019`. So is an ln(a * x + b)'s, which is ln(x + b / a) plus ln(a):
# `ln(x1 * x2 + 1)`, not `ln(x1 * x2 + 1) - 0.00017`.
without_bias <- function(member, context, rows, screen_rows = rows) {
  model <- with_ln_scales_held(member$model, context$edges, length(context$input_names))
  biased <- any(free_entries(model, context$template$free)$bias & model$bias != 0)
  if (!biased && identical(model$free_theta, member$model$free_theta)) return(NULL)
  model$bias[] <- 0
  model$free_bias <- rep(FALSE, length(model$bias))
  refitted <- fit_architecture(context, new_graph(model$architecture, model_node_kinds(model)),
                               screen_rows,
                               SCREEN_ITERATIONS, hold = held_nodes(model), hold_bias = TRUE)
  if (!is.null(refitted)) {
    refitted$model <- with_ln_scales_held(refitted$model, context$edges,
                                          length(context$input_names))
  }
  starts <- Filter(Negate(is.null), list(with_solved_output_layer(context, model, rows),
                                         refitted$model))
  options <- Filter(Negate(is.null), lapply(starts, function(start) {
    front_member(list(model = start), context, rows)
  }))
  if (length(options) == 0) return(NULL)
  options[[which.min(vapply(options, `[[`, numeric(1), "loss"))]]
}

# `model` with the scale `a` of each ln(a * x) or ln(a * x + b) edge into a
# sum node that feeds only the output held at 1 or -1, its sign (unchanged
# when there is none, or all are held already).
with_ln_scales_held <- function(model, edges, n_inputs) {
  architecture <- model$architecture
  summing <- model_node_kinds(model) == "sum" &
    !feeding_nodes(architecture, edges, n_inputs)
  scaled_ln <- free_ln_scales(model)
  scaled_ln <- scaled_ln[summing[edges$to_index[scaled_ln]]]
  a <- vapply(scaled_ln, function(e) model$theta[e, architecture[[e]], 1], numeric(1))
  with_params_held(model, scaled_ln, 1, ifelse(a < 0, -1, 1))
}

# The edges in use that compute ln(a * x) or ln(a * x + b) (a rate, with an
# offset or not) with `a` free: ln(a) is a constant term of each.
free_ln_scales <- function(model) {
  architecture <- model$architecture
  in_use <- which(architecture != "none")
  scaled_ln <- in_use[primitive_kind(architecture[in_use]) == "ln" & has_rate(architecture[in_use])]
  scaled_ln[model_free_theta(model)[scaled_ln, 1]]
}

# The member with the constant of each ln(a * x) factor of a product node
# held at 0, refitted: a factor ln(a * x) is ln(x) plus ln(a), so the product
# T * ln(a * c) is T * ln(c) plus a term T * ln(a) that the law may not have.
# Nernst's 0.5 * T * ln(c1 / c2) came out as 0.5 * T * (ln(c1 / c2) - 2e-06),
# and 0.3 * x1 + 0.7 * ln(x2) as 0.3 * x1 + 0.7 * ln(x2) - 0.000158. The
# scale a is held at 1 (or -1, as its sign is) and, where the ln's source is
# a product node, so is the scale of each of that node's factors that has
# one, which would otherwise take the constant over (ln(a * c1 / (a2 * c2))
# is ln(c1 / c2) plus ln(a / a2)), as under an ln with an offset:
# ln(a * a2 * S / N + b) is ln(S / N + b / (a * a2)) plus ln(a * a2), Shannon's
# B * ln(S / N + 1) with a constant more. The selection weighs the variant
# like any other member. NULL when no such ln has a free scale.
without_ln_constants <- function(member, context, rows) {
  model <- member$model
  ln_factors <- free_ln_scales_into_products(model, context$edges)
  if (length(ln_factors) == 0) return(NULL)
  n_inputs <- length(context$input_names)
  source_nodes <- context$edges$from_index[ln_factors] - n_inputs
  model <- with_scales_held(model, ln_factors)
  model <- with_scales_held(model, scaled_factors(model, context$edges, source_nodes))
  front_member(list(model = model), context, rows)
}

# The edges in use that compute ln(a * x) or ln(a * x + b) with `a` free,
# into a product node.
free_ln_scales_into_products <- function(model, edges) {
  scaled_ln <- free_ln_scales(model)
  scaled_ln[model_node_kinds(model)[edges$to_index[scaled_ln]] == "product"]
}

# The kinds of edge whose rate `a` scales the edge's value: a line, a
# reciprocal, a power or a square of a * x (+ b).
SCALE_KINDS <- c("identity", "reciprocal", "power", "square")

# The edges in use into the product nodes `nodes` (hidden node indices; the
# others ignored) whose rate scales their value (SCALE_KINDS), with `a` free.
scaled_factors <- function(model, edges, nodes) {
  nodes <- nodes[nodes >= 1]
  nodes <- nodes[model_node_kinds(model)[nodes] == "product"]
  architecture <- model$architecture
  candidates <- which(architecture != "none" & edges$to_index %in% nodes &
                        model_free_theta(model)[, 1])
  candidates[primitive_kind(architecture[candidates]) %in% SCALE_KINDS &
               has_rate(architecture[candidates])]
}

# `model` with the rate `a` of each of the edges `at` held at 1 or -1, its
# sign, and its offset `b`, if free, divided by |a|: the edge's shape kept,
# its scale changed.
with_scales_held <- function(model, at) {
  for (e in at) {
    primitive <- model$architecture[[e]]
    a <- model$theta[e, primitive, 1]
    if (a == 0) next
    if (has_offset(primitive) && model_free_theta(model)[e, 2]) {
      model$theta[e, primitive, 2] <- model$theta[e, primitive, 2] / abs(a)
    }
    model <- with_params_held(model, e, 1, sign(a))
  }
  model
}

# The member with the offsets b of its edges' inner maps a * x + b held at 0
# where they hardly matter, refitted: `m / (V - 6.4e-05)` becomes `m / V` and
# `logistic(1.5 * x1 - x2 + 0.0003)` `logistic(1.5 * x1 - x2)`, two
# operations simpler, for the selection to weigh like any other member. An
# offset hardly matters when, set to 0 with nothing refitted but the output
# layer, the loss at most grows OFFSET_LOOK_RATIO-fold; an offset the law
# needs, (x - 1.2)^2 of a tuning curve, multiplies it far more. NULL when no
# offset is small.
without_small_offsets <- function(member, context, rows) {
  model <- member$model
  small <- small_offsets(model, member$loss, context, rows)
  if (!any(small)) return(NULL)
  model <- with_offsets_held(model, small)
  front_member(list(model = model), context, rows)
}

# The edges (logical, one per edge) whose offset b is free, not 0, and small
# (see without_small_offsets()).
small_offsets <- function(model, loss, context, rows) {
  free <- offset_free(model)
  looks_small <- function(held) {
    hardly_worse(with_offsets_held(model, held), loss, context, rows)
  }
  small <- vapply(seq_along(free), function(e) free[e] && looks_small(seq_along(free) == e),
                  logical(1))
  # Two tiny offsets can balance each other, (r - 4e-05) and (r + 4e-05)
  # in two factors: alone each matters, together they do not.
  tiny <- tiny_offsets(model, free, context)
  if (any(tiny & !small) && looks_small(small | tiny)) small <- small | tiny
  small
}

# Whether `model`, with nothing refitted but its output layer, fits within
# OFFSET_LOOK_RATIO times `loss` on `rows`. On data a law fits exactly, the
# loss is rounding, and so is an offset of 1e-17 (`m / (V - 7e-17)`): a
# growth below the rounding floor is none.
hardly_worse <- function(model, loss, context, rows) {
  look <- look_loss(model, context, rows)
  is.finite(look) && look <= allowed_loss(loss, context, rows)
}

allowed_loss <- function(loss, context, rows, ratio = OFFSET_LOOK_RATIO) {
  max(ratio * loss, rounding_floor(context$y[rows, , drop = FALSE]))
}

# The loss of `model` on `rows` with its output layer solved for and nothing
# else refitted.
look_loss <- function(model, context, rows) {
  polish_on(context, model, rows, iterations = 0L, solve_output_layer = TRUE)$loss
}

# Which of the offsets `free` are below a hundredth of their edge's a * x at
# the largest |x| of its input (none out of hidden nodes, whose scale is not
# known here).
tiny_offsets <- function(model, free, context) {
  from_input <- context$edges$from_index <= length(context$input_names)
  vapply(seq_along(free), function(e) {
    if (!free[e] || !from_input[e]) return(FALSE)
    ab <- model$theta[e, model$architecture[[e]], ]
    abs(ab[2]) < 0.01 * abs(ab[1]) * context$source_scale[e]
  }, logical(1))
}

# Whether each edge's inner map has an offset b that is free and not 0.
offset_free <- function(model) {
  offset_edge <- model$architecture != "none"
  offset_edge[offset_edge] <- has_offset(model$architecture[offset_edge])
  E <- length(model$architecture)
  free <- model_free_theta(model)[, 2]
  offset <- vapply(seq_len(E), function(e) {
    if (!offset_edge[e]) return(0)
    model$theta[e, model$architecture[[e]], 2]
  }, numeric(1))
  offset_edge & free & offset != 0
}

# The model with the offsets of the edges `held` at 0, where the polish
# leaves them.
with_offsets_held <- function(model, held) {
  with_params_held(model, which(held), 2, 0)
}

# `model` with parameter `k` (1: a, 2: b) of each of the edges `at` set to
# `values` (recycled) and held there by the polish; unchanged when `at` is
# empty.
with_params_held <- function(model, at, k, values) {
  if (length(at) == 0) return(model)
  values <- rep_len(values, length(at))
  free_theta <- model_free_theta(model)
  for (i in seq_along(at)) model$theta[at[i], model$architecture[[at[i]]], k] <- values[i]
  free_theta[at, k] <- FALSE
  model$free_theta <- free_theta
  model
}

# The member with its scaling coefficients -- the rate `a` of each edge that
# has one, each output weight -- and its offsets `b` held at 1 or -1 (their
# signs) where the data cannot tell them from that, refitted: on noisy data
# Ohm's law came out as `0.999 * U / (R + 0.999 * r)`, two constants more
# than `U / (R + r)`, and `x1 * (x2 + 1)` as `x1 * (0.998 * x2 + 1)`: the
# noise, not the law, decided whether a constant printed as 1. Tried only
# where the printed law has a constant within UNIT_GAP of 1 or -1. A law's
# constant is often a ratio of coefficients (here the reciprocal's rate and
# the output weight), so every scaling coefficient is tried, the nearest to
# 1 or -1 first (one whose scale another takes over costs nothing), then
# each offset within UNIT_GAP of 1 or -1 once the scales are held; each is
# kept while a likelihood-ratio test of all kept so far stays below its
# UNIT_LEVEL quantile. This is done from the network as it is and from it
# with its identities made scales, and the simpler result kept. NULL when
# the refit prints no simpler law, or when one of `members` has as few
# constants and fits as well (then the variant is only that law rewritten:
# 2.5 * x / (x + 0.4) is also -1 / (x + 0.4) + 2.5); else the selection
# weighs it like any other member.
unit_coefficients <- function(member, context, rows, members = list()) {
  if (!has_near_unit_constant(member$law)) return(NULL)
  # (from the network as it is, and with its identities made scales: each
  # reaches laws the other does not; see with_scaled_identities())
  scalable <- with_scaled_identities(member$model)
  starts <- list(list(model = member$model, edges = integer()))
  if (length(scalable$edges) > 0) starts <- c(starts, list(scalable))
  simpler <- Filter(function(variant) {
    !is.null(variant) && variant$complexity < member$complexity
  }, lapply(starts, function(start) {
    held <- held_at_unit(start$model, start$edges, member$loss, context, rows)
    if (!is.null(held)) front_member(list(model = held), context, rows)
  }))
  if (length(simpler) == 0) return(NULL)
  complexity <- vapply(simpler, `[[`, numeric(1), "complexity")
  loss <- vapply(simpler, `[[`, numeric(1), "loss")
  simplest <- simpler[[order(complexity, loss)[1]]]
  as_good <- vapply(members, function(other) {
    other$n_constants <= simplest$n_constants &&
      indistinguishable_fit(other$loss, simplest$loss, 1L, context, rows)
  }, logical(1))
  if (any(as_good)) return(NULL)
  simplest
}

# `model` with as many of its coefficients held at 1 or -1 as the data allow
# (see unit_coefficients()), polished; NULL when none is. The rates of the
# edges `made_scales` are tried last among the scales: they are 1 or -1
# already, and held first would undo what made them free.
held_at_unit <- function(model, made_scales, free_loss, context, rows) {
  places <- unit_candidates(model, context)
  is_offset <- places$k %in% 2L
  made_scale <- places$edge %in% made_scales & !is_offset
  held <- 0L
  for (i in order(is_offset, made_scale, abs(abs(places$value) - 1))) {
    if (is_offset[i] && !near_unit(place_value(model, places, i))) next
    tried <- with_unit_value(model, places, i, context)
    polished <- polish_on(context, tried, rows)
    if (!is.finite(polished$loss) ||
        !indistinguishable_fit(polished$loss, free_loss, held + 1L, context, rows)) {
      next
    }
    model <- polished_model(tried, polished)
    held <- held + 1L
  }
  if (held == 0L) NULL else model
}

# `model` with each edge in use that passes its source on unscaled (`add`:
# x, `subtract`: -x) written as the scaled identity of the fit's primitives
# (`mult`: a * x, with `a` at 1 or -1), the same function: list(model, edges),
# the edges so written. A node of x1 and 0.667 * x2 into logistic(1.5 * u)
# prints `logistic(1.5 * x1 - x2)` with its two constants 1 and -1 products
# of coefficients; with the scale of x1 free, x2's can be held at -1 and the
# logistic's rate at 1. Unchanged where the primitives have no scaled
# identity.
with_scaled_identities <- function(model) {
  table <- primitive_table()
  primitives <- dimnames(model$theta)[[2]]
  column <- primitive_row(primitives)
  scaled <- primitives[table$outer[column] == "identity" & table$n_inner[column] == 1][1]
  in_use <- which(model$architecture != "none")
  row <- primitive_row(model$architecture[in_use])
  plain <- table$n_inner[row] == 0 & table$outer[row] %in% c("identity", "negate")
  if (is.na(scaled) || !any(plain)) return(list(model = model, edges = integer()))
  edges <- in_use[plain]
  model$theta[edges, scaled, 1] <- ifelse(table$outer[row[plain]] == "negate", -1, 1)
  model$architecture[edges] <- scaled
  if (!is.null(model$free_theta)) model$free_theta[edges, 1] <- TRUE
  list(model = model, edges = edges)
}

# Whether each of `x` is within UNIT_GAP of 1 or -1 and not one of those.
near_unit <- function(x) {
  abs(x) != 1 & abs(abs(x) - 1) <= UNIT_GAP
}

# Whether a law prints a constant near 1 or -1 (see near_unit()).
has_near_unit_constant <- function(law) {
  any(near_unit(unlist(law$constants)))
}

# The free coefficients of `model` that may be held at 1 or -1, not 0: the
# rate `a` (k = 1) and the offset `b` (k = 2) of each edge in use whose
# primitive has them, and each output weight (k NA). A list of `edge` and
# `k` (NA for a weight), `output` and `node` (NA for an edge's), and
# `value`, one entry per coefficient.
unit_candidates <- function(model, context) {
  architecture <- model$architecture
  in_use <- which(architecture != "none")
  free_theta <- model_free_theta(model)
  rated <- in_use[has_rate(architecture[in_use]) & free_theta[in_use, 1]]
  offset <- in_use[has_offset(architecture[in_use]) & free_theta[in_use, 2]]
  free_weight <- free_entries(model, context$template$free)$weight
  weighted <- which(free_weight, arr.ind = TRUE)
  n_edges <- length(rated) + length(offset)
  places <- list(edge = c(rated, offset, rep(NA_integer_, nrow(weighted))),
                 k = c(rep(1L, length(rated)), rep(2L, length(offset)),
                       rep(NA_integer_, nrow(weighted))),
                 output = c(rep(NA_integer_, n_edges), weighted[, 1]),
                 node = c(rep(NA_integer_, n_edges), weighted[, 2]))
  places$value <- vapply(seq_along(places$edge), place_value, numeric(1),
                         model = model, places = places)
  lapply(places, `[`, places$value != 0)
}

# The value in `model` of the `i`-th of the coefficients `places` (see
# unit_candidates()).
place_value <- function(model, places, i) {
  e <- places$edge[i]
  if (is.na(e)) return(model$weight[places$output[i], places$node[i]])
  model$theta[e, model$architecture[[e]], places$k[i]]
}

# `model` with the `i`-th of the coefficients `places` (see
# unit_candidates()) at 1 or -1, as its sign is now, and held there.
with_unit_value <- function(model, places, i, context) {
  target <- sign(place_value(model, places, i))
  e <- places$edge[i]
  if (!is.na(e)) return(with_params_held(model, e, places$k[i], target))
  with_weight_held(model, context, places$output[i], places$node[i], target)
}

# `model` with the output weight of output `c` on node `j` set to `value`
# and held there by the polish (see with_params_held() for an edge's).
with_weight_held <- function(model, context, c, j, value) {
  model$free_weight <- free_entries(model, context$template$free)$weight
  model$free_weight[c, j] <- FALSE
  model$weight[c, j] <- value
  model
}

# Whether a fit of loss `loss` with `n_held` coefficients held is one the
# data cannot tell from the fit of loss `free_loss` without them: the
# likelihood-ratio statistic (for least squares, n log of the ratio of the
# losses; for a deviance, their difference) below the UNIT_LEVEL quantile of
# a chi-squared with `n_held` degrees of freedom. On data a law fits
# exactly, a loss at the rounding floor passes.
indistinguishable_fit <- function(loss, free_loss, n_held, context, rows) {
  floor <- rounding_floor(context$y[rows, , drop = FALSE])
  if (loss <= floor) return(TRUE)
  statistic <- if (context$family == "gaussian") {
    row_weight(context, rows) * ncol(context$y) * log(loss / max(free_loss, floor))
  } else {
    loss - free_loss
  }
  statistic <= stats::qchisq(UNIT_LEVEL, n_held)
}

# A power law with its origin shifted: where a member writes a power of a
# source as exp(c * ln(a * s) + d) -- a node of that one ln, which feeds
# nothing else and not the output -- the variant writes the node as the line
# a * s + b and the exponential as the power (a2 * u)^c, started at the
# member's law (b = 0, a2 = exp(d / c)) and refitted: Stevens' law above a
# threshold, `k * (x - x0)^n`, or `(1 + k * x)^-s`. The line's offset is the
# one constant it adds; the selection weighs it as any other. NULL where no
# power of a source is written so, or the model cannot hold a line and a
# power.
shifted_power <- function(member, context, rows) {
  model <- member$model
  if (!all(c("linear", "linear_power") %in% dimnames(model$theta)[[2]])) return(NULL)
  n_inputs <- length(context$input_names)
  edges <- context$edges
  in_use <- model$architecture != "none"
  shifted <- FALSE
  for (e in power_exponent_edges(model, edges, n_inputs)) {
    node <- edges$from_index[e] - n_inputs
    into <- which(in_use & edges$to_index == node)
    out_of <- which(in_use & edges$from_index == node + n_inputs)
    if (length(into) != 1 || length(out_of) != 1 || model$architecture[[into]] != "linear_ln" ||
        any(model$weight[, node] != 0)) {
      next
    }
    rate <- model$theta[e, model$architecture[[e]], ]
    scale <- exp(rate[2] / rate[1])
    if (!is.finite(scale) || scale == 0) next
    model$theta[into, "linear", ] <- c(model$theta[into, "linear_ln", 1], 0)
    model$architecture[[into]] <- "linear"
    model$theta[e, "linear_power", ] <- c(scale, rate[1])
    model$architecture[[e]] <- "linear_power"
    if (!is.null(model$free_theta)) model$free_theta[c(into, e), ] <- TRUE
    shifted <- TRUE
  }
  if (!shifted) return(NULL)
  front_member(list(model = model), context, rows)
}

# Which parameters (a, b) of each edge the polish fits: the model's
# `free_theta`, or all of them.
model_free_theta <- function(model) {
  if (is.null(model$free_theta)) matrix(TRUE, length(model$architecture), 2) else model$free_theta
}

# The edges of `model` whose primitive has a stand-in in `stand_ins` (a
# named vector: primitive = stand-in) that the search space has, and their
# stand-ins.
edges_with_stand_in <- function(model, context, stand_ins) {
  at <- which(model$architecture %in% names(stand_ins))
  stand_in <- unname(stand_ins[model$architecture[at]])
  keep <- stand_in %in% context$spec$primitives & stand_in %in% dimnames(model$theta)[[2]]
  list(edges = at[keep], stand_in = stand_in[keep])
}

# `model` with edge `e` computing `primitive` of its parameters times `sign`.
with_edge_primitive <- function(model, e, primitive, sign = 1) {
  model$theta[e, primitive, ] <- sign * model$theta[e, model$architecture[[e]], ]
  model$architecture[[e]] <- primitive
  model
}

# The variants of members with their relus unbent and then, of those and the
# members, their nearly whole exponents made whole (see relu_unbent(),
# whole_exponents()).
straightened <- function(members, context, rows) {
  unbent <- variants_of(members, relu_unbent, context, rows)
  whole <- variants_of(c(members, unbent), whole_exponents, context, rows)
  c(unbent, whole)
}

# The member with its relus that hardly bend on the rows made the lines they
# are there, refitted: relu(u) with u > 0 on every row is u. A search that
# kept relu(0.85 * A * exp(-0.7 * t)) where the law is A * exp(-0.7 * t) has
# nothing else on its front that writes the law. A relu hardly bends when,
# made a line with nothing refitted but the output layer, the loss at most
# grows OFFSET_LOOK_RATIO-fold (or stays below the rounding floor), as for
# small offsets; the selection weighs the variant like any other member.
# NULL when every relu bends, or the search space has no line for it.
RELU_AS_LINE <- c(relu = "add", linear_relu = "linear")

relu_unbent <- function(member, context, rows) {
  model <- member$model
  relus <- edges_with_stand_in(model, context, RELU_AS_LINE)
  if (length(relus$edges) == 0) return(NULL)
  straight <- vapply(seq_along(relus$edges), function(i) {
    unbent <- with_edge_primitive(model, relus$edges[i], relus$stand_in[i])
    hardly_worse(unbent, member$loss, context, rows)
  }, logical(1))
  if (!any(straight)) return(NULL)
  for (i in which(straight)) model <- with_edge_primitive(model, relus$edges[i], relus$stand_in[i])
  front_member(list(model = model), context, rows)
}

# The member with the exponents of its power laws that are nearly whole
# numbers made whole: `q1 * q2 * r^-2.00008` as `q1 * q2 / r^2`. A power law
# exp(p * ln(a * x) + b) fits its exponent freely, so the law r^-2 of
# physics comes out as r^-2.00008, a constant more than the law has; the
# variant holds p at the whole number when that is within WHOLE_EXPONENT_GAP
# and, refitted, fits at most OFFSET_LOOK_RATIO times worse (as for small
# offsets, see allowed_loss()), and the selection weighs it like any other
# member. An exponent is the rate of an exponential edge out of a sum node of
# ln edges only (their bases share it), or a power edge's `beta`. NULL when
# no exponent is nearly whole.
whole_exponents <- function(member, context, rows) {
  model <- member$model
  exponents <- list(
    list(edges = power_exponent_edges(model, context$edges, length(context$input_names)), k = 1),
    list(edges = which(primitive_kind(model$architecture) == "power"), k = 2)
  )
  held <- FALSE
  for (exponent in exponents) {
    at <- exponent$edges
    p <- vapply(at, function(e) model$theta[e, model$architecture[[e]], exponent$k], numeric(1))
    near <- abs(p - round(p)) <= WHOLE_EXPONENT_GAP & p != round(p) & round(p) != 0
    model <- with_params_held(model, at[near], exponent$k, round(p[near]))
    held <- held || any(near)
  }
  if (!held) return(NULL)
  # Refitted, as a quick look is not: held at -2, the exponent -1.9993 of
  # 12 / (x^-1.9993 + 4) needs its scale refitted too.
  whole <- front_member(list(model = model), context, rows)
  if (is.null(whole) || whole$loss > allowed_loss(member$loss, context, rows)) return(NULL)
  whole
}

# The exponential edges with a rate whose source is a sum node of ln edges
# only: the edges whose rate is a power law's exponent.
power_exponent_edges <- function(model, edges, n_inputs) {
  architecture <- model$architecture
  in_use <- architecture != "none"
  kind <- primitive_kind(architecture)
  kinds <- model_node_kinds(model)
  ln_node <- vapply(seq_along(kinds), function(j) {
    into <- in_use & edges$to_index == j
    kinds[j] == "sum" && any(into) && all(kind[into] == "ln")
  }, logical(1))
  from_node <- edges$from_index - n_inputs
  with_rate <- in_use
  with_rate[in_use] <- has_rate(architecture[in_use])
  which(kind == "exp" & with_rate & from_node >= 1 & ln_node[pmax(from_node, 1)])
}

# The member with its logistics that stay in a tail on the rows made the
# exponentials they are there: logistic(u) = exp(u) / (1 + exp(u)) is
# exp(u) where u stays well below 0, and 1 - exp(-u) where it stays well
# above. A fit can reach a law through a logistic's tail --
# `44200 * logistic(-0.5 * x1^2 - 0.5 * x2^2 - 10.7)` for
# `exp(-0.5 * x1^2 - 0.5 * x2^2)`, `-82 * logistic(0.41 * ln(N) + 3.7) + 82.6`
# for `2 * N^-0.41 + 0.5` -- and then nothing on its front writes the law.
# Each logistic edge is tried as the exponential of its argument (the lower
# tail) and, alone in a sum node that feeds only the output, as the
# exponential of its negated argument (the upper tail: the output layer takes
# the sign and the 1); a variant is kept where, with nothing refitted but the
# output layer, the loss grows by at most a tenth (TAIL_LOOK_RATIO; in a tail
# the two differ by exp(-|u|) of the term), and the selection weighs it like
# any other member. A logistic still turning on the rows, 12900 *
# logistic(0.16 * x - 3.8) of NIST's Ratkowsky3 on 12 rows, is no
# exponential: a looser rule gave it one, which fitted the rows better and
# predicted worse. A logistic whose argument stays beyond TAIL_ARGUMENT on
# every row is in that tail whatever the look: there the two differ by less
# than exp(-4), 2 %, which a fit at its noise floor still sees, and the
# variant is refitted (`146 * A * logistic(-E / T - 4.98)`, with the argument
# from -10 to -5.2, for `A * exp(-E / T)`). NULL when no logistic is in a
# tail, or the search space has no exponential for it.
LOGISTIC_AS_EXP <- c(logistic = "exp", linear_logistic = "linear_exp")

logistic_in_tail <- function(member, context, rows) {
  model <- member$model
  edges <- context$edges
  logistics <- edges_with_stand_in(model, context, LOGISTIC_AS_EXP)
  if (length(logistics$edges) == 0) return(NULL)
  degree <- node_in_degree(model$architecture, edges)
  alone <- model_node_kinds(model) == "sum" & degree == 1 &
    !feeding_nodes(model$architecture, edges, length(context$input_names))
  allowed <- allowed_loss(member$loss, context, rows, TAIL_LOOK_RATIO)
  changed <- FALSE
  for (i in seq_along(logistics$edges)) {
    e <- logistics$edges[i]
    exp_name <- logistics$stand_in[i]
    signs <- c(1, if (alone[edges$to_index[e]] && has_rate(exp_name)) -1)
    trials <- lapply(signs, function(sign) with_edge_primitive(model, e, exp_name, sign))
    looks <- vapply(trials, look_loss, numeric(1), context = context, rows = rows)
    looks[!is.finite(looks)] <- Inf
    # The tail the logistic is in is the one whose exponential fits better.
    tail <- if (min(looks) <= allowed) which.min(looks) else argument_tail(model, e, context, rows)
    if (!is.na(tail) && tail <= length(trials)) {
      model <- trials[[tail]]
      changed <- TRUE
    }
  }
  if (!changed) return(NULL)
  front_member(list(model = with_solved_output_layer(context, model, rows)), context, rows)
}

# Which tail the argument of edge `e`'s function stays in on the rows, beyond
# TAIL_ARGUMENT: 1 the lower, 2 the upper (the order of logistic_in_tail()'s
# trials), NA neither.
argument_tail <- function(model, e, context, rows) {
  x <- rows_data(context, rows)$x
  sources <- network_values(model, context$edges, x)$sources
  argument <- edge_argument(model, e, context$edges, sources)
  if (!all(is.finite(argument))) return(NA_integer_)
  if (all(argument < -TAIL_ARGUMENT)) return(1L)
  if (all(argument > TAIL_ARGUMENT)) return(2L)
  NA_integer_
}

# The member with a logistic term read the other way round, for its
# bias-free variant: `c - c * logistic(-u)` is `c * logistic(u)`, so a fit
# that landed on the falling side, `-logistic(-1.5 * x1 + x2) + 1`, is the
# choice rule `logistic(1.5 * x1 - x2)` with an output bias near 0, which
# without_bias() can then drop. Exact: an edge's a and b change sign, its
# node's output weight too, and the bias takes the old weight. Only for a
# logistic edge alone in a node that feeds nothing but the output, and only
# when the flip brings the bias nearer 0; NULL otherwise.
logistic_flipped <- function(member, context) {
  model <- member$model
  free <- free_entries(model, context$template$free)
  if (!any(free$bias)) return(NULL)
  edges <- context$edges
  n_inputs <- length(context$input_names)
  kinds <- model_node_kinds(model)
  degree <- node_in_degree(model$architecture, edges)
  feeding <- feeding_nodes(model$architecture, edges, n_inputs)
  in_use <- model$architecture != "none"
  flippable <- in_use
  flippable[in_use] <- primitive_kind(model$architecture[in_use]) == "logistic" &
    has_offset(model$architecture[in_use])
  flipped <- FALSE
  for (e in which(flippable)) {
    j <- edges$to_index[e]
    if (degree[j] != 1 || feeding[j] || kinds[[j]] != "sum" || !all(free$weight[, j])) next
    bias <- model$bias + model$weight[, j]
    if (!all(abs(bias) < abs(model$bias))) next
    model$theta[e, model$architecture[[e]], ] <- -model$theta[e, model$architecture[[e]], ]
    model$bias <- bias
    model$weight[, j] <- -model$weight[, j]
    flipped <- TRUE
  }
  if (!flipped) return(NULL)
  member$model <- model
  member
}

# Differences in a loss below this are rounding: on data that an
# equation fits exactly, a more complex one may "improve" on it by 1e-28.
rounding_floor <- function(y) {
  1e-14 * sum(y^2)
}

# Cross-validated losses (per unit of weight) closer than this are equal:
# for least squares, rounding; for a deviance, a total difference below 1,
# no evidence at all (AIC asks 2 for each constant) -- on classes the inputs
# separate, every equation that separates them has a deviance near 0, and
# the simplest of them is the answer.
selection_floor <- function(context, rows) {
  if (context$family == "gaussian") {
    return(rounding_floor(context$y[rows, , drop = FALSE]) / row_weight(context, rows))
  }
  1 / row_weight(context, rows)
}

# `model` polished on every row of a fit or search (`data`: its spec, x, y,
# weights and family), where it fits them; else `model` as it is.
polished_on_every_row <- function(model, data) {
  polished <- engine_polish(data$spec, model, data$x, data$y, POLISH_ITERATIONS,
                            weights = data$weights, family = fit_family(data))
  if (is.finite(polished$loss)) polished_model(model, polished) else model
}

