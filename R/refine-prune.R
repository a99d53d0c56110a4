# Pruning: terms too small to matter leave the network, not only the print.
#
# A term that stays below the third significant digit of the largest term
# beside it on the training data (an edge in its node, a weighted node or the
# bias in an output) would print as noise, or not at all. Rather than hide it
# and let the printed equation and predict() disagree, the network loses it
# (the edge becomes "none", the output weight or bias is held at 0) and the
# remaining coefficients are refitted, so the model and its equation stay one
# thing. Whether the pruned network replaces the whole one is model
# selection, and is decided by the selection's criterion (see
# leaner_by_bic()): such a term may have mattered after all.

# `model` without its negligible terms, refitted on `rows`, and its loss there;
# NULL when nothing is negligible or the refit fails.
pruned_model <- function(model, context, rows) {
  object <- network_on_rows(model, rows_data(context, rows)$x, context$edges, context$spec,
                            context$input_names)
  pruned <- without_negligible_terms(object, context$template$free)
  if (is.null(pruned)) return(NULL)
  polished <- polish_on(context, pruned, rows)
  if (!is.finite(polished$loss)) return(NULL)
  list(model = polished_model(pruned, polished), loss = polished$loss)
}

# Of a fitted model (`whole`: its model and loss) and its pruned member, the
# member the selection would prefer between these two: the lower BIC, the
# pruned one on a tie. BIC rather than cross-validation, since pruning is
# weighed for every member of the front and folds for each would multiply the
# selection's cost; under selection = "cv" the member kept then meets the
# folds. Losses below a millionth of the response's size in root mean square
# (noise-free data fit to rounding) count as equal. Pruning drops at least
# one constant, so where the pruned member wins even against the whole
# model's loss at one constant more, the whole one's law is not needed.
leaner_by_bic <- function(whole, pruned, context, rows) {
  whole_member <- function() member_with_law(whole$model, whole$loss, context, rows)
  if (is.null(pruned)) return(whole_member())
  floor <- 1e-12 * sum(rows_data(context, rows)$y^2)
  bic <- function(loss, complexity) candidate_bic(context, max(loss, floor), complexity, rows)
  pruned_bic <- bic(pruned$loss, pruned$complexity)
  if (pruned_bic <= bic(whole$loss, pruned$complexity + 1)) return(pruned)
  full <- whole_member()
  if (is.null(full) || pruned_bic <= bic(full$loss, full$complexity)) pruned else full
}

# The output weights and biases the polish may move: those the specification
# trains (`free`, two flags), less those the model holds (its optional
# `free_weight` and `free_bias`).
free_entries <- function(model, free) {
  weight <- matrix(free$weight, nrow(model$weight), ncol(model$weight))
  bias <- rep(free$bias, length(model$bias))
  if (!is.null(model$free_weight)) weight <- weight & model$free_weight
  if (!is.null(model$free_bias)) bias <- bias & model$free_bias
  list(weight = weight, bias = bias)
}

# An offset b that stays below the third significant digit of `a * x` on the
# data leaves the edge too: the edge takes its search space's primitive of
# the same function without the offset (`linear` becomes `mult`,
# `affine_reciprocal` `linear_reciprocal`), `a` kept, when there is one.
# (A - 0.003) / (0.1 * D + 1) is A / (0.1 * D + 1).
without_negligible_offsets <- function(model, object, sizes) {
  primitives <- model_primitives(object$spec)
  n_inner <- primitive_table()$n_inner[primitive_row(primitives)]
  changed <- FALSE
  for (e in which(model$architecture != "none")) {
    primitive <- model$architecture[[e]]
    if (!has_offset(primitive)) next
    sibling <- primitives[primitive_kind(primitives) == primitive_kind(primitive) & n_inner == 1]
    if (length(sibling) == 0) next
    a <- model$theta[e, primitive, 1]
    b <- model$theta[e, primitive, 2]
    scale <- abs(a) * sizes$sources[[object$edges$from_index[e]]]
    if (b == 0 || !negligible_constant(b, scale, PRUNE_DIGITS)) next
    model$architecture[[e]] <- sibling[[1]]
    model$theta[e, sibling[[1]], 1] <- a
    changed <- TRUE
  }
  list(model = model, changed = changed)
}

# The model with negligible edges set to "none" and negligible trainable
# output weights and biases held at 0; NULL when nothing is negligible.
without_negligible_terms <- function(object, free) {
  model <- object$network
  sizes <- training_sizes(object)
  shown <- shown_edges(object, PRUNE_DIGITS, sizes)
  # An edge that is 0 on every row (ln of a negative source, held at 0 by the
  # engine's guard) adds nothing the data can see; as a factor it makes its
  # whole product node 0.
  zero <- sizes$edges == 0 & model$architecture != "none"
  products <- which(model_node_kinds(model) == "product")
  zero_products <- products[products %in% object$edges$to_index[zero]]
  zero <- zero | object$edges$to_index %in% zero_products
  dropped <- (!shown | zero) & model$architecture != "none"
  model$architecture[dropped] <- "none"
  offsets <- without_negligible_offsets(model, object, sizes)
  model <- offsets$model
  free_now <- free_entries(model, free)
  free_weight <- free_now$weight
  free_bias <- free_now$bias
  changed <- any(dropped) || offsets$changed
  for (c in seq_len(nrow(model$weight))) {
    term_sizes <- weighted_node_sizes(object, c, sizes)
    largest <- largest_finite(term_sizes)
    small <- free_weight[c, ] & model$weight[c, ] != 0 &
      vapply(term_sizes, negligible_term, logical(1), largest, PRUNE_DIGITS)
    model$weight[c, small] <- 0
    free_weight[c, small] <- FALSE
    if (free_bias[c] && model$bias[[c]] != 0 &&
        negligible_constant(model$bias[[c]], largest, PRUNE_DIGITS)) {
      model$bias[[c]] <- 0
      free_bias[c] <- FALSE
      changed <- TRUE
    }
    changed <- changed || any(small)
  }
  if (!changed) return(NULL)
  model$free_weight <- free_weight
  model$free_bias <- free_bias
  model
}
