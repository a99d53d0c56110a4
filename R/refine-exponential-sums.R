# Sums of exponentials: seeded, started from their best rates, polished to
# convergence.
#
# A sum of exponentials, b1 * exp(-k1 * x) + b2 * exp(-k2 * x) + ..., is the
# textbook ill-conditioned fit (Lanczos' own example, which NIST's Lanczos
# data sets reproduce): rates that differ by a factor of a few trade off
# against each other and against the coefficients. Two hidden nodes hold
# three: k1 = exp(a * x), k2 = exp(b * x) + k1^p (a power of an exponential
# is another). But from its screen's 30 iterations, Levenberg-Marquardt
# crept along that valley: 1e-9 after the 100 iterations of a polish, where
# the law is at 2e-11 after a thousand, or settled where two rates meet
# (5e-8). So the screening is seeded with the sums (exponential_sum_graphs()),
# and every screened sum is polished on the screening rows for as many
# iterations as converging_iterations() allows there (it stops where it
# converges), from its screen's fit and from the best rates of a grid, and
# offered to the front with the contenders. Other laws keep the polish they
# had: a two-logistic member of Ratkowsky3 that a longer polish fitted
# better on 12 rows predicted worse.

# The sums of exponentials of one input the screening tries whatever the
# selections reach: two (an exponential of the input in each of the first
# two nodes) and three (a power of the first node added to the second). The
# forward selection reaches the second only through the first, and from a
# single exponential it took a logistic beside it as often as another
# exponential; and their screen's fit is far from theirs anyway. Of
# one input, where a sum of exponentials is a law of its own (a decay with
# several components, a pharmacokinetic curve); none where the edges'
# options have no exponential with a rate and an offset, or no power.
exponential_sum_graphs <- function(options, edges, n_inputs) {
  if (n_inputs != 1 || hidden_node_count(edges) < 2) return(list())
  edge <- function(from, to) which(edges$from_index == from & edges$to_index == to)
  into <- c(edge(1, 1), edge(1, 2))
  between <- edge(2, 2)
  exponential <- function(e) {
    f <- options_of_kind(options[[e]], "exp")
    f[has_rate(f) & has_offset(f)][1]
  }
  rates <- vapply(into, exponential, character(1))
  if (anyNA(rates)) return(list())
  two <- new_graph(replace(rep("none", length(options)), into, rates), K = hidden_node_count(edges))
  power <- options_of_kind(options[[between]], "power")
  if (length(power) == 0) return(list(two))
  three <- two
  three$architecture[between] <- power[1]
  list(two, three)
}

# Whether a model is a sum of exponentials: every edge in use an exponential
# of an input, or a power of a node whose one edge is an exponential of an
# input (another exponential), in sum nodes, with two edges at least.
exponential_sum <- function(model, edges, n_inputs) {
  architecture <- model$architecture
  in_use <- architecture != "none"
  if (sum(in_use) < 2 || any(model_node_kinds(model) != "sum")) return(FALSE)
  kind <- primitive_kind(architecture)
  from_node <- edges$from_index > n_inputs
  exponential <- in_use & kind == "exp" & !from_node
  K <- hidden_node_count(edges)
  # (a power of a node of two exponentials is no exponential)
  exponential_nodes <- tabulate(edges$to_index[in_use], nbins = K) == 1 &
    tabulate(edges$to_index[exponential], nbins = K) == 1
  # (an input's edge reads node 1 here, and from_node rules it out)
  source_node <- pmax(edges$from_index - n_inputs, 1L)
  power_of_exponential <- in_use & kind == "power" & from_node & exponential_nodes[source_node]
  all((exponential | power_of_exponential)[in_use])
}

# The screened sums of exponentials, each polished to convergence on `rows`
# (see converging_iterations()) from its screened fit and from the grid's rates
# (see grid_started_exponential_sum()), the better kept; those that cannot be
# fitted there are left out.
polished_exponential_sums <- function(screened, context, rows) {
  n_inputs <- length(context$input_names)
  sums <- Filter(function(candidate) {
    exponential_sum(candidate$model, context$edges, n_inputs)
  }, screened)
  sums <- lapply(sums, whole_candidate, context$template$theta)
  iterations <- converging_iterations(length(rows))
  polished <- lapply(sums, function(candidate) {
    from_screen <- polished_candidate(candidate, context, rows, iterations)
    gridded <- grid_started_exponential_sum(candidate$model, context, rows)
    if (is.null(gridded)) return(from_screen)
    candidate$model <- with_solved_output_layer(context, gridded, rows)
    from_grid <- polished_candidate(candidate, context, rows, iterations)
    if (is.null(from_grid)) return(from_screen)
    if (is.null(from_screen) || from_grid$loss < from_screen$loss) from_grid else from_screen
  })
  Filter(Negate(is.null), polished)
}

# The iterations a polish to convergence may take on `n_rows` rows (see
# POLISH_ROW_ITERATIONS).
converging_iterations <- function(n_rows) {
  as.integer(max(POLISH_ITERATIONS, min(POLISH_MAX_ITERATIONS, POLISH_ROW_ITERATIONS %/% n_rows)))
}

# ---- Starting rates from a grid ----------------------------------------------
#
# From the screen's fit, the polish of three exponentials can settle where
# two of the rates meet (a third exponential that doubles the second: NIST's
# Lanczos2 stopped at 5e-8, the law is at 2e-11). So each sum of exponentials
# of one input is also polished from the best rates of a grid: for every
# choice of distinct rates from exponential_rate_grid() (over the input's span),
# the coefficients of its exponentials are a linear least-squares fit, the
# choice that fits best starts the polish -- a sum of exponentials is linear
# in its coefficients given its rates (variable projection, as R's own
# SSbiexp self-start peels the rates off one by one).

# The grid's rates times the input's span: decays and growths, a factor of 2
# apart, from EXPONENTIAL_GRID_SLOWEST to EXPONENTIAL_GRID_FASTEST.
exponential_rate_grid <- function() {
  sizes <- 2^seq(log2(EXPONENTIAL_GRID_SLOWEST), log2(EXPONENTIAL_GRID_FASTEST))
  c(-rev(sizes), sizes)
}

# The terms of a sum of exponentials (see exponential_sum()): one row per
# edge in use, with its node, and for a power the edge that makes its
# source node (`of`, NA for an exponential of the input).
exponential_terms <- function(model, edges, n_inputs) {
  used <- which(model$architecture != "none")
  power <- primitive_kind(model$architecture[used]) == "power"
  source_edge <- vapply(used, function(e) {
    if (edges$from_index[e] <= n_inputs) return(NA_integer_)
    which(model$architecture != "none" & edges$to_index == edges$from_index[e] - n_inputs)[1]
  }, integer(1))
  data.frame(edge = used, node = edges$to_index[used], power = power, of = source_edge)
}

# The model of a sum of exponentials of one input started at the grid's
# best rates (see above), or NULL where it holds a node's output weight at 0
# (its terms then are not each a term of the output), has more terms than
# EXPONENTIAL_GRID_TERMS, an exponential without a rate, or no choice of
# rates it can write (terms that share a node share its output weight, so
# their coefficients must have one sign).
grid_started_exponential_sum <- function(model, context, rows) {
  if (ncol(context$x) != 1 || ncol(context$y) != 1 || context$family != "gaussian" ||
      any(held_nodes(model))) {
    return(NULL)
  }
  terms <- exponential_terms(model, context$edges, 1L)
  exponentials <- model$architecture[terms$edge[!terms$power]]
  if (nrow(terms) > EXPONENTIAL_GRID_TERMS ||
      !all(has_rate(exponentials) & has_offset(exponentials))) {
    return(NULL)
  }
  data <- rows_data(context, rows)
  x <- data$x[, 1]
  origin <- min(x)
  span <- max(x) - origin
  if (!(span > 0)) return(NULL)
  rates <- exponential_rate_grid() / span
  root_w <- sqrt(data$weights %||% rep(1, length(rows)))
  pairs <- node_pairs(terms$node)
  weighted_y <- data$y[, 1] * root_w
  # The least-squares fit given the rates, from the exponentials' columns.
  fitted_with <- function(columns, rate) {
    design <- cbind(root_w, columns * root_w)
    if (!all(is.finite(design))) return(list(rss = Inf))
    fitted <- stats::.lm.fit(design, weighted_y)
    coef <- fitted$coefficients[-1]
    if (fitted$rank < ncol(design) || any(sign(coef[pairs[, 1]]) != sign(coef[pairs[, 2]]))) {
      return(list(rss = Inf))
    }
    list(rss = sum(fitted$residuals^2), rate = rate, coef = coef)
  }
  projected <- function(rate) fitted_with(exp(outer(x - origin, rate)), rate)
  grid_columns <- exp(outer(x - origin, rates))
  best <- list(rss = Inf)
  for (choice in utils::combn(length(rates), nrow(terms), simplify = FALSE)) {
    tried <- fitted_with(grid_columns[, choice, drop = FALSE], rates[choice])
    if (tried$rss < best$rss) best <- tried
  }
  if (!is.finite(best$rss)) return(NULL)
  best <- refined_rates(best, projected)
  with_exponential_rates(model, terms, best$rate, best$coef, origin)
}

# The grid's rates a factor of 2 apart refined on the projected sum of
# squares `projected` by Nelder-Mead, restarted where it stopped while that
# helps (a first run stopped at 1.8e-10 on Lanczos2, a restart reached
# the law's 2.1e-11), at most EXPONENTIAL_RATE_ROUNDS runs.
refined_rates <- function(best, projected) {
  for (round in seq_len(EXPONENTIAL_RATE_ROUNDS)) {
    refined <- stats::optim(best$rate, function(rate) projected(rate)$rss,
                            control = list(maxit = EXPONENTIAL_RATE_EVALUATIONS))
    if (!(refined$value < best$rss * (1 - 1e-3))) break
    best <- projected(refined$par)
  }
  best
}

# The pairs of terms (rows: their indices) in one node, whose coefficients
# must have one sign.
node_pairs <- function(node) {
  which(outer(node, node, "==") & upper.tri(diag(length(node))), arr.ind = TRUE)
}

# `model` with its exponentials at `rate` (one per term, in exp(rate * (x -
# origin))) and the terms in each node scaled to `coef`'s ratios to the
# node's reference term: an exponential's offset, a power's `a`
# ((a * k)^p = a^p * k^p). A power of a node takes the rate of that node's
# exponential times its exponent.
with_exponential_rates <- function(model, terms, rate, coef, origin) {
  theta <- model$theta
  # A power is its node's reference where it has one: its base a * k then
  # starts at the size of k (a = 1), away from the ln's guard that a tiny
  # `a` meets (see outer_power() in src/primitives.c), which the law does
  # not write.
  by_power_first <- order(terms$node, !terms$power)
  reference <- numeric(max(terms$node))
  reference[rev(terms$node[by_power_first])] <- rev(by_power_first)
  for (i in seq_len(nrow(terms))) {
    e <- terms$edge[i]
    primitive <- model$architecture[[e]]
    ratio <- coef[i] / coef[reference[terms$node[i]]]
    if (!terms$power[i]) {
      theta[e, primitive, 1] <- rate[i]
      theta[e, primitive, 2] <- -rate[i] * origin + log(ratio)
    } else {
      exponent <- rate[i] / rate[match(terms$of[i], terms$edge)]
      theta[e, primitive, 1] <- ratio^(1 / exponent)
      theta[e, primitive, 2] <- exponent
    }
  }
  model$theta <- theta
  model
}
