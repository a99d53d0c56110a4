# The discrete candidates after the search.
#
# The architecture weights rank the primitives of every edge, but the
# strongest primitive of each edge, chosen alone, is often not the best graph:
# first-order DARTS judges primitives while their parameters are still half
# fitted. So the refinement fits discrete graphs built from each edge's
# `refine_top` strongest primitives and "none". Most combinations write the
# same few equations (an edge out of a node that is 0 adds nothing; a weight
# times exp(a x + b) is c exp(a x)), so each graph is first reduced to the
# shape of its simplified equation, and each shape is fitted once.
#
# A candidate is a graph: `architecture`, one primitive per edge, and
# `node_kinds`, one kind per hidden node ("sum", or "product" where the
# search space has it; see new_graph()).
#
# Fitting is in two stages, so that the cost does not grow with the rows:
# every shape is screened on a subsample of at most SCREEN_ROWS rows with a
# short Levenberg-Marquardt polish; only the best shape at each complexity
# (R/refine-front.R) is polished on the selection rows and cross-validated
# (R/refine-cross-validation.R), and only the chosen one sees every row.

# The screening's bounds (REFINE_EXHAUSTIVE_MAX, SCREEN_MAX_SHAPES,
# SCREEN_WORK_BUDGET, SCREEN_ROWS, SCREEN_ITERATIONS) are in
# R/refine-policy.R.

# The primitives each edge may take: its top `top` by architecture weight, and
# "none" (dropping an edge is always a candidate: a model's "none" is the
# engine's empty edge even when the search space has no "none").
edge_candidates <- function(alphas, top) {
  lapply(seq_len(nrow(alphas)), function(e) {
    ranked <- colnames(alphas)[order(alphas[e, ], decreasing = TRUE)]
    unique(c(ranked[seq_len(min(top, length(ranked)))], "none"))
  })
}

# The options without the power on edges out of an input of both signs: its
# power is 0 on the rows where it is negative (no real power there), except
# at a whole exponent, where a square of an affine term writes it too. Taken
# as a first step, the power of such an input led the forward selection to a
# square that used up the nodes the law's other terms needed. `source_sign`:
# see edge_source_sign() (0 for hidden nodes too, whose powers stay).
without_powers_of_both_signs <- function(options, edges, n_inputs, source_sign) {
  both_signs <- which(edges$from_index <= n_inputs & source_sign == 0)
  options[both_signs] <- lapply(options[both_signs], function(o) o[primitive_kind(o) != "power"])
  options
}

# The options with the refinement's own primitives (see refine_primitives())
# on the edges `at`, before "none": on the edges out of hidden nodes for the
# selections, on every edge for the seeds of a single input (see
# POWER_COMPOSITIONS).
with_refine_options <- function(options, spec, at) {
  extra <- refine_primitives(spec)
  if (length(extra) == 0 || length(at) == 0) return(options)
  options[at] <- lapply(options[at], function(o) unique(c(setdiff(o, "none"), extra, "none")))
  options
}

# A candidate graph: its edges' primitives and its nodes' kinds (all sums
# unless given).
new_graph <- function(architecture, node_kinds = NULL, K = NULL) {
  architecture <- unname(architecture)
  if (is.null(node_kinds)) node_kinds <- rep("sum", K)
  list(architecture = architecture, node_kinds = unname(node_kinds))
}

# The graph with every edge that adds nothing set to "none": edges out of
# hidden nodes that are 0 everywhere (no edge in, or only such edges), where
# the edge's primitive is 0 at 0 -- in a product such a factor makes the
# whole node 0, and all its edges go. A product node of one factor is that
# factor, the sum of one term: it becomes a sum, so that both write one
# graph.
reduce_graph <- function(graph, edges, n_inputs) {
  architecture <- graph$architecture
  kinds <- graph$node_kinds
  K <- hidden_node_count(edges)
  empty <- logical(K)
  incoming_edges <- node_incoming_edges(edges, K)
  for (j in seq_len(K)) {
    incoming <- incoming_edges[[j]]
    from_node <- edges$from_index[incoming] - n_inputs
    zero_factor <- from_node >= 1 & empty[pmax(from_node, 1)] &
      architecture[incoming] != "none" & is_zero_at_zero(architecture[incoming])
    if (kinds[j] == "product" && any(zero_factor)) {
      architecture[incoming] <- "none"
    } else if (any(zero_factor)) {
      architecture[incoming][zero_factor] <- "none"
    }
    n_terms <- sum(architecture[incoming] != "none")
    empty[j] <- n_terms == 0
    if (n_terms <= 1) kinds[j] <- "sum"
  }
  list(architecture = architecture, node_kinds = kinds)
}

# A model of the graph with generic values for every free coefficient (fixed
# ones keep their values): its law has the shape and complexity of the
# graph's equation for almost all coefficient values. The law reads only the
# coefficients of the edges in use (theta[e, primitive, ]), so its theta has
# only the primitives in use, not the search's edges x primitives x 2 array
# for every graph screened; each entry's value is that of its place in the
# whole array.
generic_model <- function(graph, template, hold) {
  dims <- dim(template$theta)
  used <- which(graph$architecture != "none")
  primitives <- unique(graph$architecture[used])
  theta <- array(0, c(dims[1], length(primitives), 2), list(NULL, primitives, NULL))
  whole_column <- match(primitives, dimnames(template$theta)[[2]])
  for (k in 1:2) {
    at <- seq_len(dims[1]) + dims[1] * (rep(whole_column, each = dims[1]) - 1L + dims[2] * (k - 1L))
    theta[, , k] <- 0.5 + 0.7 * sqrt(at + 1)
  }
  weight <- template$weight
  bias <- template$bias
  if (template$free$weight) weight[] <- 0.9 + 0.3 * sqrt(seq_along(weight) + 2)
  if (template$free$bias) bias[] <- 0.37 + 0.1 * seq_along(bias)
  weight[, hold] <- 0
  list(architecture = graph$architecture, node_kinds = graph$node_kinds, theta = theta,
       weight = weight, bias = bias)
}

# Hidden nodes with at least one edge in. (Counted in one pass over the
# edges: a test of every edge for every node allocated K edge-long vectors,
# 300 MB of garbage in the screening of a 48-node graph, most of it in the
# quick looks at moves.)
filled_nodes <- function(architecture, edges) {
  node_in_degree(architecture, edges) > 0
}

# Whether each edge comes from a source that has a value: an input, or a
# hidden node with an edge in (`filled`, one per node).
edges_from_filled_sources <- function(edges, n_inputs, filled) {
  from_node <- edges$from_index - n_inputs
  from_node < 1 | filled[pmax(from_node, 1)]
}

# How many edges each hidden node takes in.
node_in_degree <- function(architecture, edges) {
  tabulate(edges$to_index[architecture != "none"], nbins = hidden_node_count(edges))
}

# Hidden nodes that feed a later node through an edge: a law such as
# x^0.8 = exp(0.8 * ln(x)) passes through ln(x) without adding it to the
# output, so each candidate is also tried with such nodes' output weights
# held at 0 -- a graph the architecture alone cannot say.
feeding_nodes <- function(architecture, edges, n_inputs) {
  from_node <- edges$from_index[architecture != "none"] - n_inputs
  tabulate(from_node[from_node >= 1], nbins = hidden_node_count(edges)) > 0
}

# The shape of each graph's law (with the output weights of the nodes `hold`
# held at 0), computed once per reduced graph (`reduced`, when the caller
# has it already): a cache keyed by graph_key(), in an environment the
# finder updates in place.
shape_finder <- function(context) {
  found_shapes <- new.env(hash = TRUE, parent = emptyenv())
  memo <- simplify_memo()
  function(graph, hold,
           reduced = reduce_graph(graph, context$edges, length(context$input_names))) {
    key <- graph_key(reduced, hold)
    found <- found_shapes[[key]]
    if (!is.null(found)) return(found)
    law <- model_law(generic_model(reduced, context$template, hold), context$edges,
                     context$input_names, context$spec$output_type, with_constants = FALSE,
                     memo = memo)
    found <- list(graph = reduced, hold = hold, shape = law$shape,
                  complexity = law$complexity, n_constants = law$n_constants)
    found_shapes[[key]] <- found
    found
  }
}

# A graph's key: a hash of its edges in use, its product nodes and its held
# nodes, 32 characters whatever the size of the graph.
graph_key <- function(graph, hold) {
  used <- which(graph$architecture != "none")
  rlang::hash(list(used, graph$architecture[used], which(graph$node_kinds == "product"),
                   which(hold)))
}

# The hidden nodes whose output weights a model holds at 0.
held_nodes <- function(model) {
  if (is.null(model$free_weight)) return(logical(ncol(model$weight)))
  !apply(model$free_weight, 2, any)
}

# Deterministic starting points for a candidate's coefficients: the mixture's,
# then all `a` = 1 and `a` = -1 (with `b` at its primitive's offset start,
# `beta` = 1, but a power's exponent at -1 where `a` is: of a source of one
# sign, rate_sign() turns that `a` back, and a decreasing power such as
# (N + E)^-0.5 of a weighted sum was out of reach from the line), and, where some
# input's scale is far from 1, the same with `a` divided by the scale of the
# edge's source, so that exp(a x) starts in range when x runs to 100; a
# square started at the response's peak and a sine at its period (see
# centred_squares() and periodic_starts()).
# Deterministic, so that refitting with sampling_strategy = "max" gives the
# same graph again.
# The starts differ only in the parameters of the architecture's edges: they
# are list(theta, at, params), `theta` and, for each start, the values
# `params` of its entries at the places `at` (see edge_param_places()) --
# not a whole edges x primitives x 2 array each (engine_polish_starts()
# writes each start into theta).
candidate_starts <- function(theta, architecture, source_scale, peak = NULL, sources = NULL,
                             source_sign = NULL, periods = NULL) {
  places <- edge_param_places(theta, architecture)
  offsets <- primitive_offset_start(architecture)
  # What the starts share is worked out once: each start only sets its rates.
  rates <- starting_rates(architecture, sources, source_sign)
  is_a <- places$param == "a"
  is_b <- places$param == "b"
  is_beta <- places$param == "beta"
  is_exponent <- is_beta & primitive_kind(architecture)[places$edge] == "power"
  start_with <- function(a, exponent = 1) {
    a <- rates(a)
    params <- numeric(length(places$at))
    params[is_a] <- a[places$edge[is_a]]
    params[is_b] <- offsets[places$edge[is_b]]
    params[is_beta] <- 1
    params[is_exponent] <- exponent
    params
  }
  ones <- rep(1, length(architecture))
  at_one <- start_with(ones)
  # A rising power with falling rates elsewhere too: exp(-(x / a)^b), a
  # Weibull psychometric function, started from either pairing of signs
  # alone, fitted its exponent negative.
  rising_power <- any(is_exponent) && sum(is_a) > sum(is_exponent)
  falling <- start_with(-ones)
  starts <- list(theta[places$at], at_one, start_with(-ones, exponent = -1))
  if (rising_power) starts <- c(starts, list(falling))
  # A decreasing power of a source of no one sign (a hidden node, or an
  # input of both signs), (N + E)^-0.5: with every `a` at -1 the node of
  # positive inputs is a difference that crosses 0, where a power is defined
  # at whole exponents only; with every `a` at 1 it is their sum. (Not again
  # with `a` divided by the scales: a start per screen costs, and the
  # power's own scale is the output weight's.)
  falling_power_of_node <- !is.null(source_sign) &&
    any(primitive_kind(architecture) == "power" & source_sign == 0)
  if (falling_power_of_node) starts <- c(starts, list(start_with(ones, exponent = -1)))
  if (any(source_scale > 2 | source_scale < 0.5)) {
    starts <- c(starts, list(start_with(1 / source_scale),
                             start_with(-1 / source_scale, exponent = -1)))
    if (rising_power) starts <- c(starts, list(start_with(-1 / source_scale)))
  }
  centred <- centred_squares(falling, places, architecture, peak)
  if (!is.null(centred)) starts <- c(starts, list(centred))
  starts <- c(starts, powered_lines(start_with, places, architecture, source_scale))
  starts <- c(starts, periodic_starts(at_one, places, architecture, periods,
                                      sources %||% seq_along(architecture)))
  list(theta = theta, at = places$at, params = starts)
}

# A start for a power of a line, (a * x + b)^p (see POWER_COMPOSITIONS):
# `start_with` rates of 1 and the exponent 0.5, each line's offset at
# its source's size, so that the base is positive over the rows of an input
# of one sign. From the exponent 1, where the power is the line itself, and
# an offset of 0, Levenberg-Marquardt drifted to a node near 0. A list of
# that one start, or none where the graph has no power or no line (worked
# out first: candidate_starts() runs for every graph screened).
powered_lines <- function(start_with, places, architecture, source_scale) {
  kind <- primitive_kind(architecture)
  lines <- kind == "identity" & has_offset(architecture)
  if (!any(kind == "power") || !any(lines)) return(list())
  params <- start_with(rep(1, length(architecture)), exponent = 0.5)
  offset <- places$param == "b" & lines[places$edge]
  params[offset] <- source_scale[places$edge[offset]]
  list(params)
}

# The rates `a` a start asks for (one per edge) as it sets them: spread apart
# (see rate_spread()), then of the sign an ln or a power needs (see
# rate_sign()). Both rules depend on the graph alone and are worked out
# once; the function returned applies them to each start's rates.
starting_rates <- function(architecture, sources, source_sign) {
  multiplier <- rate_spread(architecture, sources)
  sign <- rate_sign(architecture, source_sign)
  signed <- sign != 0
  function(a) {
    a <- a * multiplier
    a[signed] <- abs(a[signed]) * sign[signed]
    a
  }
}

# The engine's ln is 0 wherever its argument is not positive, so ln(a * x)
# with `a` of the wrong sign for every row is 0 with a gradient of 0: a start
# that cannot move; so is the power (a * x)^p. An ln or power edge from a
# source of one sign (`source_sign`, one per edge: 1, -1, or 0 where rows
# differ or, for a hidden node, it is not known) starts with `a` of that
# sign. The start with every `a` at -1 then writes a power law as 1 / x, the
# side of x^1 the decreasing ones are on (2 * N^-0.4 + 0.5 was reached from
# one search's values and missed from another's). The sign each edge's `a`
# must have: 1 or -1, 0 where it is free.
rate_sign <- function(architecture, source_sign) {
  if (is.null(source_sign)) return(numeric(length(architecture)))
  ifelse(primitive_kind(architecture) %in% c("ln", "power"), source_sign, 0)
}

# Each edge's source's sign where every row has the same (1 or -1), else 0;
# 0 for hidden nodes.
edge_source_sign <- function(x, edges) {
  input_sign <- ifelse(apply(x > 0, 2, all), 1, ifelse(apply(x < 0, 2, all), -1, 0))
  sign <- rep(0, nrow(edges))
  from_input <- edges$from_index <= ncol(x)
  sign[from_input] <- input_sign[edges$from_index[from_input]]
  sign
}

# Nonlinear edges of one kind from one source -- two exponentials of x in two
# nodes -- are one function at one start, and the polish cannot tell them
# apart: of the starting rates `a` (one per edge), the second such edge's is
# RATE_SPREAD times the first's, the third's RATE_SPREAD^2 times. `sources`,
# each edge's source (NULL: no spread). The factor each edge's `a` is
# multiplied by.
rate_spread <- function(architecture, sources) {
  multiplier <- rep(1, length(architecture))
  nonlinear <- architecture != "none"
  nonlinear[nonlinear] <- !is_affine_primitive(architecture[nonlinear])
  if (is.null(sources) || sum(nonlinear) < 2) return(multiplier)
  key <- paste(sources, primitive_kind(architecture))[nonlinear]
  multiplier[nonlinear] <- RATE_SPREAD^(rank_within(key) - 1)
  multiplier
}

# Each element's rank among the equal elements of `key`, in their order:
# c("a", "b", "a") gives 1, 1, 2. (stats::ave(seq_along(key), key, FUN =
# seq_along) gives the same, at ten times the cost, and the starts of every
# graph screened need it.)
rank_within <- function(key) {
  group <- match(key, key)
  rank <- integer(length(key))
  rank[order(group)] <- sequence(tabulate(group, nbins = length(key)))
  rank
}

# The places in theta (1-based, of its E x M x 2 entries) of the parameters of
# each edge in use, theta[e, primitive, k] for the k-th of its primitive's
# parameters (a, b or beta in order), with the edge and the parameter's name
# of each.
edge_param_places <- function(theta, architecture) {
  used <- which(architecture != "none")
  names <- lapply(architecture[used], primitive_params)
  edge <- rep(used, lengths(names))
  column <- match(architecture[edge], dimnames(theta)[[2]])
  E <- dim(theta)[1]
  at <- edge + E * (column - 1L) + E * dim(theta)[2] * (sequence(lengths(names)) - 1L)
  list(at = at, edge = edge, param = as.character(unlist(names)))
}

# A square of an input, (a * x + b)^2, started at its minimum where the
# response strays furthest from its median, a quarter of the input's
# interquartile range wide, in the start whose other edges have `a` = -1
# (so that exp(-k) of it is a bump there): a peak (a tuning curve, a
# spectral line) narrow against the input's range is too far from any other
# start for a local fit to reach. `params` are that start's, at `places`
# (see candidate_starts()). NULL when the architecture squares no input.
centred_squares <- function(params, places, architecture, peak) {
  if (is.null(peak)) return(NULL)
  squares <- which(primitive_kind(architecture) == "square" & !is.na(peak$centre))
  squares <- squares[vapply(architecture[squares],
                            function(p) identical(primitive_params(p), c("a", "b")), logical(1))]
  if (length(squares) == 0) return(NULL)
  for (e in squares) {
    params[places$edge == e] <- c(1, -peak$centre[e]) / peak$width[e]
  }
  params
}

# Where each edge's source is furthest from typical: for an input, its value
# at the row whose response strays furthest from the response's median, and
# a quarter of its interquartile range; NA for hidden nodes.
edge_peaks <- function(x, y, edges) {
  row <- which.max(abs(y[, 1] - stats::median(y[, 1])))
  widths <- apply(x, 2, function(v) stats::IQR(v) / 4)
  widths[!(widths > 0)] <- 1
  from_input <- edges$from_index <= ncol(x)
  centre <- rep(NA_real_, nrow(edges))
  width <- rep(1, nrow(edges))
  centre[from_input] <- x[row, edges$from_index[from_input]]
  width[from_input] <- widths[edges$from_index[from_input]]
  list(centre = centre, width = width)
}

# Whether the response peaks inside each input's range: of the rows cut
# into PEAK_BINS groups of equal size along the input, a group inside has a
# mean response above both end groups', or below both, by more than twice
# the standard error of a group's mean (the response's sd over the root of
# the group's size); or, of the rows cut into twice as many groups, by more
# than three times it. A rise and fall does; a growth curve, a decay, a
# saturation reach their extremes at the ends; along an input the response
# does not depend on, the groups' means differ by noise. (The finer groups
# see a peak in the first or last fifth of the range: substrate inhibition
# 10 * S / (2 + S + S^2 / 5) on 0 to 20, whose peak at 3.2 the five groups
# missed on 2 of 3 data sets; at three standard errors, of pure noise they
# flag a few sets in a hundred more than the five groups do.) One flag per
# input.
peaks_inside <- function(x, y) {
  response <- y[, 1]
  apply(x, 2, function(v) {
    # The rows in the order of the input, ties in row order (a stable sort):
    # split() by the rows' ranks gives the same groups, but a million rows
    # took it two seconds.
    ordered <- order(v)
    peak_among_groups(response, ordered, PEAK_BINS, 2) ||
      peak_among_groups(response, ordered, 2L * PEAK_BINS, 3)
  })
}

# Whether, of the rows `ordered` along an input cut into `bins` groups of
# equal size, a group inside has a mean `response` beyond both end groups'
# by more than `k` standard errors of a group's mean (see peaks_inside()).
peak_among_groups <- function(response, ordered, bins, k) {
  n <- length(ordered)
  bin <- ceiling(seq_len(n) * bins / n)
  # (each group's rows back in row order, so that its mean adds them in the
  # order it always did)
  means <- vapply(unique(bin), function(b) mean(response[sort(ordered[bin == b])]), numeric(1))
  if (length(means) < 3) return(FALSE)
  margin <- k * stats::sd(response) / sqrt(n / length(means))
  ends <- means[c(1, length(means))]
  inside <- means[-c(1, length(means))]
  max(inside) > max(ends) + margin || min(inside) < min(ends) - margin
}

# The size of each edge's source: the largest absolute value of an input, 1
# for hidden nodes (whose scale the coefficients decide).
edge_source_scale <- function(x, edges) {
  input_scale <- apply(abs(x), 2, max)
  input_scale[!(input_scale > 0)] <- 1
  scale <- rep(1, nrow(edges))
  from_input <- edges$from_index <= ncol(x)
  scale[from_input] <- input_scale[edges$from_index[from_input]]
  scale
}

# Polishes one graph from each start on the rows `rows`, the output weights
# of the nodes `hold` (and with `hold_bias` the biases) held at 0; returns
# the best model with its sum of squares, or NULL when no start gives a
# finite one. The starts are cold_starts(), or, given `warm`, a fitted model
# of a graph with fewer edges (a forward step), warm_starts(); each with its
# output layer solved for (see with_solved_output_layer()).
fit_architecture <- function(context, graph, rows, iterations,
                             hold = logical(ncol(context$template$weight)), warm = NULL,
                             hold_bias = FALSE) {
  architecture <- graph$architecture
  starts <- if (is.null(warm)) cold_starts(context, architecture) else {
    warm_starts(context, architecture, warm)
  }
  # Empty nodes are 0: their output weights are held at 0 too, so that the
  # polish does not carry (and solve for) a coefficient per empty node of a
  # large graph.
  fixed <- hold | (context$template$free$weight & !filled_nodes(architecture, context$edges))
  model <- graph_model(context, graph, starts$theta)
  if (any(fixed)) {
    model$free_weight <- matrix(!fixed, nrow(model$weight), ncol(model$weight), byrow = TRUE)
  }
  if (hold_bias) model$free_bias <- rep(FALSE, length(model$bias))
  # A start sets its edges' parameters and its output layer, with the held
  # entries at 0.
  held <- list(
    at = starts$at, params = starts$params,
    weight = lapply(starts$weight, function(weight) {
      weight[, fixed] <- 0
      weight
    }),
    bias = if (!hold_bias) starts$bias else lapply(starts$bias, function(bias) {
      bias[] <- 0
      bias
    })
  )
  polished <- polish_starts_on(context, model, rows, held, iterations,
                               solve_output_layer = TRUE)
  if (is.na(polished$best)) return(NULL)
  # The best start's model made whole: its start's parameters, then the
  # polish's.
  polished$edge_params_at <- c(starts$at, polished$edge_params_at)
  polished$edge_params <- c(starts$params[[polished$best]], polished$edge_params)
  list(model = polished_model(model, polished), loss = polished$loss)
}

# The model of a graph screened, with the coefficients `theta` and the
# search's output layer (a start of engine_polish_starts() brings its own).
graph_model <- function(context, graph, theta) {
  list(architecture = stats::setNames(graph$architecture, context$edges$name),
       node_kinds = stats::setNames(graph$node_kinds, colnames(context$template$weight)),
       theta = theta, weight = context$template$weight, bias = context$template$bias)
}

# The model with its free output weights and biases at their least-squares
# values for the hidden nodes as they are (src/output_layer.c): the output is
# linear in them, so they are solved for, not searched. From a neutral weight
# of 1, a law that needs a negative one -- -239 * exp(-0.00055 * x) + 239,
# NIST's Misra1a -- must pass through 0, where the gradient of the node's own
# coefficients vanishes, and Levenberg-Marquardt stopped at exp(+0.0001 * x)
# instead. Least squares only: a logistic output or a deviance is not linear
# in them, and is left as it is.
with_solved_output_layer <- function(context, model, rows) {
  solved <- polish_on(context, model, rows, iterations = 0L, solve_output_layer = TRUE)
  polished_model(model, solved)
}

# Starts for a graph fitted from nothing: the mixture's coefficients with its
# output layer, and the deterministic starts of candidate_starts(), each with
# its output layer in `weight` and `bias` (lists, one per start).
cold_starts <- function(context, architecture) {
  template <- context$template
  starts <- candidate_starts(template$theta, architecture, context$source_scale, context$peaks,
                             context$edges$from_index, context$source_sign, context$periods)
  n <- length(starts$params)
  starts$weight <- rep(list(template$weight), n)
  starts$bias <- rep(list(template$bias), n)
  # Only the mixture's own coefficients go with the mixture's output layer:
  # the other starts are far from its scale (a weight of -19 with a = 1 leads
  # Levenberg-Marquardt to a decreasing exp), so they start a trainable output
  # layer neutral, weight 1 and the response's mean.
  for (i in seq_len(n)[-1]) {
    if (template$free$weight) starts$weight[[i]][] <- 1
    if (template$free$bias) starts$bias[[i]][] <- context$y_mean
  }
  starts
}

# Starts for a graph that adds edges to a fitted one (a forward step): that
# fit (see warm_start()), and the same with only the new edges' coefficients
# at the deterministic starts of candidate_starts(); as cold_starts() gives
# them. The mixture's values for
# a new edge can be far off (an exp's rate), while the edges already fitted
# are best left as they are: restarting every edge cost a polish per start
# and rarely won.
warm_starts <- function(context, architecture, warm) {
  start <- warm_start(warm, context)
  new_edges <- ifelse(architecture != warm$architecture, architecture, "none")
  starts <- candidate_starts(start$theta, new_edges, context$source_scale, context$peaks,
                             context$edges$from_index, context$source_sign, context$periods)
  # New edges without an `a` (add, subtract) have no variants: the first
  # start is the fit itself, then the variants that differ from it.
  starts$params <- unique(starts$params)
  n <- length(starts$params)
  starts$weight <- rep(list(start$weight), n)
  starts$bias <- rep(list(start$bias), n)
  starts
}

# A fitted model of a graph with fewer edges as a start: its coefficients,
# and, when the output weights are free, those of its empty nodes (which the
# new edges fill) at 0, so that the start fits exactly as well as that
# graph and the polish can only improve on it. A new term left at whatever
# weight the search gave its node can start far off (a weight of 50 on a
# new x1), and 30 iterations did not always bring it back: the law
# `2 * x1 + exp(5 * x2)` screened worse than `exp(5 * x2)` alone.
warm_start <- function(warm, context) {
  start <- warm[c("theta", "weight", "bias")]
  if (context$template$free$weight) {
    start$weight[, !filled_nodes(warm$architecture, context$edges)] <- 0
  }
  start
}

# `model` with the polish's coefficients: of theta, the polish returns only
# the entries it fits (see engine_polish()).
polished_model <- function(model, polished) {
  model$theta[polished$edge_params_at] <- polished$edge_params
  model$weight[] <- polished$weight
  model$bias[] <- polished$bias
  model
}

# The cost of screening one candidate, in the units of SCREEN_WORK_BUDGET.
screen_work <- function(context, architecture, n_rows) {
  n_coefficients <- sum(lengths(lapply(architecture, primitive_params))) +
    length(context$template$weight) + length(context$template$bias)
  n_starts <- if (any(context$source_scale > 2 | context$source_scale < 0.5)) 5 else 3
  as.numeric(n_rows) * (n_coefficients^2 + length(architecture)) * SCREEN_ITERATIONS * n_starts
}

# What a screener has seen, the one state it keeps (an environment, which
# its functions update in place): the shapes so far and their candidates
# (kept compact against `template_theta`, see compact_candidate(); NULL when
# not fitted), whether each was
# fitted from a warm start, and how many shapes it fitted with how much work
# (see screen_work()). The shapes are a vector, not names in the
# environment: the shape of a large graph is longer than a name may be. A
# shape fitted from cold starts only is fitted again, once, when a forward
# step reaches it with a warm start.
screened_shapes <- function(template_theta) {
  seen <- new.env(parent = emptyenv())
  seen$template_theta <- template_theta
  seen$shapes <- character()
  seen$candidates <- list()
  seen$warm <- logical()
  seen$n_fitted <- 0L
  seen$work <- 0
  seen
}

# Records `candidate` (or NULL) as what `shape` gives.
remember_shape <- function(seen, shape, candidate, warm) {
  i <- match(shape, seen$shapes)
  if (is.na(i)) {
    i <- length(seen$shapes) + 1L
    seen$shapes[i] <- shape
  }
  seen$candidates[i] <- list(compact_candidate(candidate, seen$template_theta))
  seen$warm[i] <- warm
}

# Screens candidates one by one, each distinct shape once, within the budget:
# `screen(graph, warm)` returns the better of the graph and its variant with
# feeding nodes' output weights held at 0 (for a shape seen before, the
# candidate fitted then; NULL when none can be fitted or the budget is
# spent).
screener <- function(context, rows) {
  shape_for <- shape_finder(context)
  seen <- screened_shapes(context$template$theta)
  max_constants <- nrow(context$y) - 2L
  # A graph is screened as it is and with the output weights of its feeding
  # nodes held at 0. After a forward step, nodes that fed another before keep
  # the choice the previous graph made; only nodes that feed another for the
  # first time are tried both ways (otherwise every step after a power law
  # would be screened twice).
  screen <- function(graph, warm = NULL) {
    no_hold <- logical(ncol(context$template$weight))
    if (!context$template$free$weight) return(screen_one(graph, no_hold, warm))
    reduced <- reduce_graph(graph, context$edges, length(context$input_names))
    feeding <- feeding_nodes(reduced$architecture, context$edges, length(context$input_names))
    kept <- no_hold
    if (!is.null(warm)) {
      kept <- feeding & held_nodes(warm)
      feeding <- feeding & !feeding_nodes(warm$architecture, context$edges,
                                          length(context$input_names))
    }
    plain <- screen_one(graph, kept, warm, reduced)
    if (!any(feeding)) return(plain)
    held <- screen_one(graph, kept | feeding, warm, reduced)
    if (is.null(plain) || (!is.null(held) && held$bic < plain$bic)) held else plain
  }
  screen_one <- function(graph, hold, warm = NULL,
                         reduced = reduce_graph(graph, context$edges,
                                                length(context$input_names))) {
    found <- shape_for(graph, hold, reduced)
    i <- match(found$shape, seen$shapes)
    previous <- if (!is.na(i)) whole_candidate(seen$candidates[[i]], context$template$theta)
    # A forward step fits its graph even when the shape was fitted before on
    # another graph: the selection goes on from this graph, and its next
    # steps start from this graph's fit.
    other_graph <- !is.null(previous) && !identical(model_graph(previous$model), found$graph)
    if (!is.na(i) && (is.null(warm) || (seen$warm[i] && !other_graph) || is.null(previous))) {
      return(previous)
    }
    if (exhausted()) return(previous)
    # As many free constants as rows less one interpolates: never a candidate.
    if (found$n_constants > max_constants) {
      remember_shape(seen, found$shape, NULL, TRUE)
      return(NULL)
    }
    seen$n_fitted <- seen$n_fitted + 1L
    seen$work <- seen$work + screen_work(context, found$graph$architecture, length(rows))
    fitted <- fit_architecture(context, found$graph, rows, SCREEN_ITERATIONS, found$hold, warm)
    candidate <- if (!is.null(fitted)) c(fitted, found[c("shape", "complexity", "n_constants")])
    if (!is.null(candidate)) {
      candidate$bic <- candidate_bic(context, candidate$loss, candidate$complexity, rows)
    }
    if (is.null(candidate) || (!is.null(previous) && better_fit(previous, candidate))) {
      remember_shape(seen, found$shape, previous, !is.null(warm))
      # Not worse by more than rounding: the step keeps its own graph's fit.
      if (!is.null(candidate) && candidate$loss <= previous$loss * (1 + 1e-6)) return(candidate)
      return(previous)
    }
    remember_shape(seen, found$shape, candidate, !is.null(warm))
    candidate
  }
  exhausted <- function() seen$n_fitted >= SCREEN_MAX_SHAPES || seen$work >= SCREEN_WORK_BUDGET
  # A quick look at a graph: the BIC of the warm start with the output layer
  # solved for and no polish (or a few `iterations` of one) -- a fraction of
  # a screen -- charged for the
  # `n_new` parameters of its new edges (a richer factor always fits a
  # little better: `(a * x + b) * k1` than `x * k1`). With `unit_starts`,
  # the better look of that and of the new edges' rates at 1 and at -1 (the
  # first of warm_starts()): from the search's coefficients alone,
  # A / (D * k + 1) looked worse than A * ln(D * k) where its reciprocal's
  # rate had gone astray in the mixture.
  look <- function(graph, warm, n_new, iterations = 0L, unit_starts = FALSE) {
    starts <- if (unit_starts) {
      starts <- warm_starts(context, graph$architecture, warm)
      first <- seq_len(min(3L, length(starts$params)))
      starts[c("params", "weight", "bias")] <- lapply(starts[c("params", "weight", "bias")],
                                                      `[`, first)
      starts
    } else {
      start <- warm_start(warm, context)
      list(theta = start$theta, at = integer(), params = list(numeric()),
           weight = list(start$weight), bias = list(start$bias))
    }
    polished <- polish_starts_on(context, graph_model(context, graph, starts$theta), rows,
                                 starts, iterations, solve_output_layer = TRUE)
    if (is.na(polished$best)) return(Inf)
    candidate_bic(context, polished$loss, n_new, rows)
  }
  list(screen = screen,
       look = look,
       # compact (see compact_candidate())
       screened = function() Filter(Negate(is.null), seen$candidates),
       n_shapes = function() seen$n_fitted,
       exhausted = exhausted)
}

# A screened candidate kept small: its model's theta as its differences from
# the search's (the template's), a few entries where the whole array is
# E x M x 2 -- 69 KB a candidate at 16 nodes on 10 inputs, and a screening
# keeps up to 300 of them. whole_candidate() gives back the candidate as it
# was, bit for bit. (The field's name does not begin with "theta": `$`
# would take it for the missing theta.)
compact_candidate <- function(candidate, template_theta) {
  if (is.null(candidate) || is.null(candidate$model$theta)) return(candidate)
  theta <- candidate$model$theta
  differs <- theta != template_theta
  differs[is.na(differs)] <- TRUE
  at <- which(differs)
  candidate$model$sparse_theta <- list(at = at, value = theta[at], fields = names(candidate$model))
  candidate$model$theta <- NULL
  candidate
}

whole_candidate <- function(candidate, template_theta) {
  if (is.null(candidate) || is.null(candidate$model$sparse_theta)) return(candidate)
  diff <- candidate$model$sparse_theta
  theta <- template_theta
  theta[diff$at] <- diff$value
  candidate$model$theta <- theta
  candidate$model <- candidate$model[diff$fields]
  candidate
}

# Whether candidate `a` of a shape is to be kept over `b`: it fits better, or
# as well (to a millionth) with no more edges -- a graph with a redundant
# edge writes the same equation but blocks the forward steps from it
# (k2 = a * k1 + b beside k1 leaves no empty node for x * k1).
better_fit <- function(a, b) {
  edges <- function(m) sum(m$model$architecture != "none")
  if (a$loss < b$loss * (1 - 1e-6)) return(TRUE)
  a$loss <= b$loss * (1 + 1e-6) && edges(a) <= edges(b)
}

# Every screened candidate: all combinations when they are few (strongest
# primitives first, so that a budget cut keeps the likeliest), with the
# search's node kinds. Otherwise the search's own graph, when it is
# affordable; all combinations of each edge's few strongest primitives, as
# many as make up to REFINE_EXHAUSTIVE_MAX combinations, within a quarter of
# the budget; and a forward selection from the empty graph over every
# candidate primitive, which finds what the architecture weights rank low.
# Where nodes may multiply, the forward selection runs in either case: only
# its steps try products.
screen_candidates <- function(context, rows) {
  s <- screener(context, rows)
  n_inputs <- length(context$input_names)
  ranked <- edge_candidates(context$alphas, context$spec$refine_top)
  out_of_nodes <- which(context$edges$from_index > n_inputs)
  options_with <- function(refined_at) {
    without_powers_of_both_signs(with_refine_options(ranked, context$spec, refined_at),
                                 context$edges, n_inputs, context$source_sign)
  }
  options <- options_with(out_of_nodes)
  searched <- context$searched_graph
  products <- has_product_nodes(context$spec$primitives)
  if (prod(lengths(options)) <= REFINE_EXHAUSTIVE_MAX) {
    s$screen(searched)
    screen_combinations(options, searched$node_kinds, s, SCREEN_MAX_SHAPES)
    if (!products) return(s$screened())
  } else {
    if (screen_work(context, searched$architecture, length(rows)) <= SCREEN_WORK_BUDGET / 4) {
      s$screen(searched)
    }
    top <- floor(REFINE_EXHAUSTIVE_MAX^(1 / length(options))) - 1L
    if (top >= 1) {
      screen_combinations(edge_candidates(context$alphas, top), searched$node_kinds, s,
                          SCREEN_MAX_SHAPES %/% 4)
    }
  }
  # The compositions are screened first, so that the first selection cannot
  # spend the budget they need. (Without product nodes -- the reference's
  # search space -- the refinement stays as it was.)
  start <- NULL
  if (products) {
    start <- best_composition(options, s, context$edges, n_inputs, context$source_sign,
                              peaks_inside(context$x, context$y),
                              seed_options = options_with(seq_along(ranked)))
    # (sums of exponentials of one input: see R/refine-exponential-sums.R)
    for (graph in exponential_sum_graphs(options, context$edges, n_inputs)) s$screen(graph)
    additive_selection(options, s, context$edges, n_inputs)
  }
  reached <- forward_selection(options, s, context$edges, n_inputs, context$template$free,
                               products)
  # Only a composition that fits better than all the first selection found
  # leads anywhere the first has not been; one the first selection ended on
  # leads nowhere new.
  if (!is.null(start) && !identical(reached$shape, start$shape)) {
    found <- Filter(function(candidate) candidate$shape != start$shape, s$screened())
    so_far <- min(c(Inf, vapply(found, `[[`, numeric(1), "bic")))
    if (start$bic < so_far) {
      forward_selection(options, s, context$edges, n_inputs, context$template$free, products,
                        start = start)
    }
  }
  s$screened()
}

# A sum of one-input functions, grown from the linear model of every input
# (see additive_moves()) by swapping one input's term for a nonlinear one at
# a time while that helps: x1 + w2 * x2 + w3 * x3, then x1 + exp(a * x2 + b) +
# w3 * x3, then 1.5 * x1 + exp(x2) - x3^2. Only swaps, every one screened
# (a quick look that kept the best few lost 2 * ln(x1) + exp(x2)), and
# before the other selections, which can spend the budget it needs.
additive_selection <- function(options, s, edges, n_inputs) {
  empty <- new_graph(rep("none", length(options)), K = hidden_node_count(edges))
  start <- best_screened(additive_moves(empty, options, edges, n_inputs), empty, s)
  current <- start
  while (!is.null(current) && !s$exhausted()) {
    best <- best_screened(swap_moves(current$model$architecture, options),
                          model_graph(current$model), s, warm = current$model)
    if (is.null(best) || best$bic >= current$bic) break
    current <- best
  }
  invisible(current)
}

# The best screened composition of several sources from the constant, or
# NULL: a nonlinearity of a weighted sum of every input (see index_moves()),
# an exponential of a product or ratio of two sources (see
# product_composition_moves()), grown factor by factor, an input times a
# nonlinearity of another (see scaled_term_moves()) or a composition of
# another (see scaled_composition_moves()), an input times a
# composition of a product or ratio of two others (see prefactored_moves()),
# grown too, an input over a weighted sum of itself and another (see
# share_moves()) or times a weighted sum of two others (see
# scaled_sum_moves()), a product of powers of the inputs (see monomial_moves()),
# a nonlinearity of a sum of their squares (see square_index_moves()), a
# power of a sum of their powers (see power_sum_moves()), or,
# of a single input, a composition with a power (see POWER_COMPOSITIONS).
# Each kind is screened on its own, so that the moves of
# one do not push those of another out of the INTERACTION_SCREENS screened.
best_composition <- function(options, s, edges, n_inputs, source_sign,
                             peaked = logical(n_inputs), seed_options = options) {
  empty <- new_graph(rep("none", length(options)), K = hidden_node_count(edges))
  constant <- s$screen(empty)
  index <- best_screened(index_moves(empty, options, edges, n_inputs), empty, s)
  # Their number grows with the inputs squared (135 of 10 inputs): beyond
  # INTERACTION_SCREENS, those that look best after a few iterations from the
  # search's coefficients or from rates of +-1 are screened.
  best_promising <- function(moves, keep = INTERACTION_SCREENS) {
    best_screened(most_promising(moves, empty, constant, s, LOOK_ITERATIONS, unit_starts = TRUE,
                                 keep = keep),
                  empty, s)
  }
  product <- with_more_factors(
    best_promising(product_composition_moves(empty, options, edges, n_inputs)),
    options, s, edges, n_inputs
  )
  scaled <- best_promising(scaled_term_moves(empty, options, edges, n_inputs, peaked))
  # (fewer: a screen of these costs two shapes, and with three inputs the
  # budget they took cut short the forward selection that finds q * (V1 - V2))
  scaled_composition <- best_promising(scaled_composition_moves(empty, options, edges, n_inputs),
                                       keep = SCALED_COMPOSITION_SCREENS)
  prefactored <- with_more_factors(
    best_promising(prefactored_moves(empty, options, edges, n_inputs,
                                     scaling_input(scaled, edges, n_inputs))),
    options, s, edges, n_inputs
  )
  share <- best_promising(share_moves(empty, options, edges, n_inputs))
  scaled_sum <- best_promising(scaled_sum_moves(empty, options, edges, n_inputs))
  monomial <- best_screened(monomial_moves(empty, options, edges, n_inputs, source_sign),
                            empty, s)
  squares <- best_screened(square_index_moves(empty, options, edges, n_inputs), empty, s)
  power_sum <- best_screened(power_sum_moves(empty, options, edges, n_inputs, source_sign),
                             empty, s)
  # (of one input only: with several, the screens they took cut short the
  # forward selection that finds q * (V1 - V2), as the scaled compositions'
  # did)
  powered <- if (n_inputs == 1) {
    best_screened(composition_moves(empty$architecture, seed_options, edges, n_inputs,
                                    POWER_COMPOSITIONS), empty, s)
  }
  lowest_bic(list(index, product, scaled, scaled_composition, prefactored, share, scaled_sum,
                  monomial, squares, power_sum, powered))
}

# A power of a sum of powers of every input, (a1 * x1^p + a2 * x2^q + ...)^r:
# Minkowski pooling (x1^3 + x2^3)^(1/3), a CES production function
# (0.5 * sqrt(K) + 0.5 * sqrt(L))^2. The powers of the inputs in the first
# empty node, which sums them, the power out of it into the next, one move,
# of two inputs or more whose rows each have one sign (see monomial_moves()).
# Step by step, a power of one input, then another beside it, fits no
# better than a sum of lines, and the selection never powers the sum; of
# squares inside, square_index_moves() offers the same with the squares'
# centres.
power_sum_moves <- function(graph, options, edges, n_inputs, source_sign) {
  site <- seed_site(graph, edges, n_inputs)
  if (n_inputs < 2 || is.null(site)) return(list())
  powered <- powered_inputs(site, options, source_sign)
  outer <- options_of_kind(options[[site$out]], "power")[1]
  if (length(powered$edges) != n_inputs || anyNA(powered$primitives) || is.na(outer)) {
    return(list())
  }
  list(list(edges = c(powered$edges, site$out), primitives = c(powered$primitives, outer)))
}

# A nonlinearity of a sum of squares of every input, f(a * ((x1 - m1)^2 +
# c2 * (x2 - m2)^2 + ...) + b), in the standard forms SQUARE_SUM_FORMS: a
# radial Gaussian exp(-(x1^2 + x2^2) / 2), a distance sqrt(x1^2 + x2^2), a
# Lorentzian of two inputs. The squares in the first empty node, each of
# those nonlinearities on the edge out of it, one move per kind, as
# index_moves() does for a weighted sum. A square the law does not need is a
# simpler graph the backward steps try. Only for two inputs or more: of one
# input, the composition is two edges (see composition_moves()).
SQUARE_SUM_FORMS <- c("exp", "power", "reciprocal")

square_index_moves <- function(graph, options, edges, n_inputs) {
  site <- seed_site(graph, edges, n_inputs)
  if (n_inputs < 2 || is.null(site)) return(list())
  squares <- vapply(site$into, function(e) {
    affine_square <- options_of_kind(options[[e]], "square")
    affine_square[has_offset(affine_square)][1]
  }, character(1))
  if (length(site$into) != n_inputs || anyNA(squares)) return(list())
  outer <- nonlinear_with_rate(options[[site$out]])
  lapply(outer[primitive_kind(outer) %in% SQUARE_SUM_FORMS],
         function(f) list(edges = c(site$into, site$out), primitives = c(squares, f)))
}

# A product of powers of the inputs, c * x1^p1 * x2^p2 * ...: a Cobb-Douglas
# production function, a speed of sound sqrt(g * p / r), Kepler's third law
# a^1.5 / sqrt(M), an allometric law. A power of each input whose rows have
# one sign (the engine's power of a non-positive base is 0), in the first
# empty node, which multiplies. The forward selection grows a product one
# factor at a time, and a power of one input often fits worse than a sum of
# terms does, so it seldom starts there. A factor the law does not need is a
# simpler graph the backward steps try. One move, of two inputs or more.
monomial_moves <- function(graph, options, edges, n_inputs, source_sign) {
  site <- seed_site(graph, edges, n_inputs)
  if (n_inputs < 2 || is.null(site)) return(list())
  powered <- powered_inputs(site, options, source_sign)
  if (length(powered$edges) < 2 || anyNA(powered$primitives)) return(list())
  list(c(powered, list(product = site$node)))
}

# The edges of a seed site (see seed_site()) from the inputs whose rows have
# one sign, with each edge's power (NA where its options have none): the
# engine's power of a non-positive base is 0.
powered_inputs <- function(site, options, source_sign) {
  into <- site$into[source_sign[site$into] != 0]
  list(edges = into,
       primitives = vapply(into, function(e) options_of_kind(options[[e]], "power")[1],
                           character(1)))
}

# An input times an exponential, logistic, ln or reciprocal of a product or
# ratio of two others, x_i * exp(a * s / t + b): an amount times a Boltzmann
# factor, A * exp(-E / T); a temperature times the ln of a ratio,
# T * ln(a * c1 / c2) (Nernst's equation); an amount discounted at a rate
# that is an input too, A / (k * D + 1). Blind to x_i, the exponential
# alone fits worse than x_i times a nonlinearity of one input, and worse
# than the compositions of other pairs, so it never seeds. Each input is
# tried as x_i, first the one that scales the best such term (`first`, see
# scaled_term_moves(), scaling_input()), while the moves number at most
# PREFACTOR_MOVES (those of one input at least): every input of three or
# four, one of ten, whose pairs are many. (The scaling input alone is not
# enough: T * ln(c1 / c2) varies most with c1 and c2, and c1 / (c2 + d)
# scales best.)
prefactored_moves <- function(graph, options, edges, n_inputs, first = NA_integer_) {
  moves <- list()
  for (i in unique(c(first[!is.na(first)], seq_len(n_inputs)))) {
    more <- prefactored_composition_moves(graph, options, edges, n_inputs, i)
    if (length(moves) > 0 && length(moves) + length(more) > PREFACTOR_MOVES) break
    moves <- c(moves, more)
  }
  moves
}

# The moves of product_composition_moves() of pairs without x_i, under an
# exponential, logistic, ln or reciprocal, each with x_i, plain, as a factor
# of the node the outer function feeds, which multiplies too. (Without a
# factor, the ln of a product or ratio is a sum of lns, which the forward
# selection reaches.)
prefactored_composition_moves <- function(graph, options, edges, n_inputs, i) {
  site <- composition_site(graph$architecture, edges, n_inputs)
  if (is.na(i) || is.null(site)) return(list())
  outer_node <- site$node + 1L
  scale_edge <- which(edges$from_index == i & edges$to_index == outer_node)
  factor <- plain_factor(options[[scale_edge]])
  if (is.na(factor)) return(list())
  moves <- Filter(function(move) !any(edges$from_index[move$edges] == i),
                  product_composition_moves(graph, options, edges, n_inputs,
                                            c("exp", "logistic", "ln", "reciprocal"),
                                            plain_ln = TRUE))
  lapply(moves, function(move) {
    list(edges = c(move$edges, scale_edge), primitives = c(move$primitives, factor),
         product = c(move$product, outer_node))
  })
}

# The input that scales a term x_i * f(a * x_j + b) of another input, the
# one an affine edge brings into the node a nonlinear edge from x_j feeds
# too; NA for any other candidate (or NULL).
scaling_input <- function(candidate, edges, n_inputs) {
  if (is.null(candidate)) return(NA_integer_)
  architecture <- candidate$model$architecture
  used <- which(architecture != "none")
  sources <- edges$from_index[used]
  if (length(used) != 2 || any(sources > n_inputs) || sources[1] == sources[2] ||
      edges$to_index[used[1]] != edges$to_index[used[2]]) {
    return(NA_integer_)
  }
  affine <- is_affine_primitive(architecture[used])
  if (sum(affine) != 1) return(NA_integer_)
  sources[affine]
}

# An input over a weighted sum of itself and others, x_j / (x_j + c * x_k +
# d): Luce's choice rule v1 / (v1 + v2), a proportion, Michelson's contrast
# (L1 - L2) / (L1 + L2) = 2 * L1 / (L1 + L2) - 1; of three inputs or more,
# also over the sum of all of them, a / (a + b + c), Luce's rule among three.
# The sum in the first empty node (x_j plain, the others weighted), x_j
# times its reciprocal in the next, which multiplies. The forward selection
# reaches it from x_j alone (see sum_factor_moves()), when x_j is its first
# step. One move per ordered pair of inputs, and one per input over all.
share_moves <- function(graph, options, edges, n_inputs) {
  site <- seed_site(graph, edges, n_inputs)
  if (n_inputs < 2 || is.null(site)) return(list())
  into <- site$into
  next_node <- site$node + 1L
  moves <- list()
  for (j in into) {
    numerator <- edge_from_source_of(j, next_node, edges)
    others <- setdiff(into, j)
    for (k in c(as.list(others), if (length(others) > 1) list(others))) {
      primitives <- c(plain_factor(options[[j]]),
                      vapply(k, function(e) weighted_term(options[[e]]), character(1)),
                      plain_factor(options[[numerator]]),
                      intersect("affine_reciprocal", options[[site$out]])[1])
      if (anyNA(primitives)) next
      moves[[length(moves) + 1L]] <- list(edges = c(j, k, numerator, site$out),
                                          primitives = primitives, product = next_node)
    }
  }
  moves
}

# An input times a weighted sum of two others, x_i * (x_j + c * x_k): the
# work q * (V1 - V2) of a charge across a potential difference, a gain times
# a difference of two values. The sum in the first empty node (x_j plain,
# x_k weighted), x_i times that node in the next, which multiplies. The
# forward selection takes three steps to it, the product only after x_j or
# x_k alone, and beside x_j an exponential of x_j and x_k fitted better and
# led elsewhere: the law was found only where the search's own graph held
# it. One move per input and pair of the others, of three inputs or more
# (of two, x_i * (x_i + c * x_j) is a sum of monomials). A constant in the
# sum is a richer graph the forward steps try from this one.
scaled_sum_moves <- function(graph, options, edges, n_inputs) {
  site <- seed_site(graph, edges, n_inputs)
  if (n_inputs < 3 || is.null(site)) return(list())
  next_node <- site$node + 1L
  moves <- list()
  for (i in site$into) {
    factor <- edge_from_source_of(i, next_node, edges)
    for (pair in utils::combn(setdiff(site$into, i), 2, simplify = FALSE)) {
      primitives <- c(plain_factor(options[[pair[1]]]), weighted_term(options[[pair[2]]]),
                      plain_factor(options[[factor]]), plain_factor(options[[site$out]]))
      if (anyNA(primitives)) next
      moves[[length(moves) + 1L]] <- list(edges = c(pair, factor, site$out),
                                          primitives = primitives, product = next_node)
    }
  }
  moves
}

# The candidate of the lowest BIC of a list (NULLs left out), or NULL; the
# first of equals.
lowest_bic <- function(candidates) {
  candidates <- Filter(Negate(is.null), candidates)
  if (length(candidates) == 0) return(NULL)
  candidates[[which.min(vapply(candidates, `[[`, numeric(1), "bic"))]]
}

# An input times a nonlinearity of another, x_i * f(a * x_j + b), in the
# first empty node, which multiplies: an amount discounted or decaying with
# another input, A * exp(-k * D), a dose times its efficacy. The forward
# selection gets there in two steps, f(x_j) and then the factor x_i, only
# when f(x_j) is the best first step; beside it 1 / (D + c) fits almost as
# well and leads elsewhere. And an input times a nonlinearity of itself,
# x * f(a * x + b) -- a Ricker curve x * exp(-k * x), a gamma variate --
# through two nodes (a node takes one edge from each source): f(x) in the
# first empty node, and x times that node in the next, which multiplies;
# the pass that takes two exponentials of x at once comes first and writes
# (x + c) * exp(-k * x) instead. One move per ordered pair of inputs (or
# input) and kind of nonlinearity with a rate; and, for each input along
# which the response peaks inside the input's range (`peaked`, one flag per
# input, see peaks_inside()), a power of it times an exponential of it,
# c * x^p * exp(-k * x) -- a gamma variate, a haemodynamic response, a
# lactation curve -- through the same two nodes: ln(x) in the first, and in
# the next, which multiplies, the exp of that (a power, as in
# composition_moves()) times exp(a * x + b); and the input over a quadratic
# in it, x / (c * (x - m)^2 + d) -- substrate inhibition,
# Vm * S / (K + S + S^2 / Ki), a rational peak x / (1 + x)^2 -- through the
# same two nodes: the square of a line in the first, and in the next the
# input times the reciprocal of that (a Lorentzian, as in
# composition_moves()). (Offered for every input, the gamma variate fitted
# the 7 to 12 rows of NIST's growth curves' training folds and predicted
# their held-out rows badly.)
scaled_term_moves <- function(graph, options, edges, n_inputs, peaked = logical(n_inputs)) {
  site <- seed_site(graph, edges, n_inputs)
  if (is.null(site)) return(list())
  into <- site$into
  next_node <- site$node + 1L
  moves <- list()
  add <- function(edges, primitives, product) {
    if (anyNA(primitives)) return()
    moves[[length(moves) + 1L]] <<- list(edges = edges, primitives = primitives, product = product)
  }
  for (scale_edge in into) {
    plain <- plain_factor(options[[scale_edge]])
    i <- edges$from_index[scale_edge]
    for (term_edge in into) {
      for (f in nonlinear_with_rate(options[[term_edge]])) {
        if (term_edge != scale_edge) {
          add(c(scale_edge, term_edge), c(plain, f), site$node)
        } else {
          beside <- which(edges$from_index == i & edges$to_index == next_node)
          add(c(term_edge, beside, site$out),
              c(f, plain_factor(options[[beside]]), plain_factor(options[[site$out]])), next_node)
        }
      }
    }
    if (peaked[[i]]) {
      at <- gamma_variate_edges(scale_edge, site, edges)
      add(at, gamma_variate_primitives(options, scale_edge, at), next_node)
      add(at, rational_peak_primitives(options, at), next_node)
    }
  }
  moves
}

# The primitives of an input over a quadratic in it on the edges `at` (see
# gamma_variate_edges()): the square of a line, its reciprocal with an
# offset, the input plain; NA where the options lack one.
rational_peak_primitives <- function(options, at) {
  squares <- options_of_kind(options[[at[1]]], "square")
  c(squares[has_offset(squares)][1], intersect("affine_reciprocal", options[[at[2]]])[1],
    plain_factor(options[[at[3]]]))
}

# The edges of a gamma variate of the input of `into` (an edge into the
# first empty node of `site`): that edge, the edge out of the node, and the
# input's edge into the next node.
gamma_variate_edges <- function(into, site, edges) {
  beside <- edge_from_source_of(into, site$node + 1L, edges)
  c(into, site$out, beside)
}

# Their primitives: ln, then exp of it (a power), times exp of the input; NA
# where the options lack one.
gamma_variate_primitives <- function(options, into, at) {
  exponential <- function(e) options_of_kind(nonlinear_with_rate(options[[e]]), "exp")[1]
  c(options_of_kind(options[[into]], "ln")[1], exponential(at[2]), exponential(at[3]))
}

# An input times a standard composition of another, x_i * f(g(x_j)): an
# amount discounted hyperbolically, A * (1 + k * D)^-s, or with an Arrhenius
# factor, A * exp(-E / T). g on the edge from x_j into the first empty node,
# f on the edge out of it into the next node, which multiplies, and x_i
# plain into that node too. The forward selection gets there only through
# g(x_j) alone, which fits such a law worse than a ratio of the two inputs
# does. The compositions are SCALED_COMPOSITIONS: an Arrhenius factor, a
# Gompertz curve and a shifted power (x + c)^p, a reciprocal then a power.
# One move per ordered pair of inputs and composition.
scaled_composition_moves <- function(graph, options, edges, n_inputs) {
  site <- seed_site(graph, edges, n_inputs)
  if (is.null(site) || length(site$into) < 2) return(list())
  next_node <- site$node + 1L
  moves <- list()
  for (term_edge in site$into) {
    j <- edges$from_index[term_edge]
    for (composition in SCALED_COMPOSITIONS) {
      g <- options_of_kind(options[[term_edge]], composition[["inner"]])[1]
      f <- options_of_kind(options[[site$out]], composition[["outer"]])[1]
      for (scale_edge in which(edges$to_index == next_node & edges$from_index <= n_inputs &
                                 edges$from_index != j)) {
        primitives <- c(g, f, plain_factor(options[[scale_edge]]))
        if (anyNA(primitives)) next
        moves[[length(moves) + 1L]] <- list(edges = c(term_edge, site$out, scale_edge),
                                            primitives = primitives, product = next_node)
      }
    }
  }
  moves
}

# Of an edge's options, the nonlinear ones with a rate `a`, one per kind.
nonlinear_with_rate <- function(options) {
  options <- options[!is_affine_primitive(options) & has_rate(options)]
  options[!duplicated(primitive_kind(options))]
}

# The screened candidate of the lowest BIC among `moves` from `graph` (each
# started from the fitted model `warm`, when given: a forward step), or NULL;
# the first of equals.
best_screened <- function(moves, graph, s, warm = NULL) {
  best <- NULL
  for (move in moves) {
    if (s$exhausted()) break
    candidate <- s$screen(apply_move(graph, move), warm = warm)
    if (!is.null(candidate) && (is.null(best) || candidate$bic < best$bic)) best <- candidate
  }
  best
}

# The best exponential of two factors grows by one factor at a time while that
# lowers the BIC: a Boltzmann factor exp(-m * h / T) has three, and of its
# pairs, exp(-m * h) fits no better than the first selection's sums, so the
# pair alone would never seed the second. A step tries each source the
# product node does not take in yet, under each option (see product_moves());
# linear in the sources, those that look best after LOOK_ITERATIONS screened.
# NULL for no exponential (NULL).
with_more_factors <- function(best, options, s, edges, n_inputs) {
  if (is.null(best)) return(NULL)
  repeat {
    graph <- model_graph(best$model)
    j <- match("product", graph$node_kinds)
    moves <- Filter(function(move) isTRUE(move$product == j),
                    product_moves(graph, options, edges, n_inputs))
    moves <- most_promising(moves, graph, best, s, LOOK_ITERATIONS)
    step <- NULL
    for (move in moves) {
      if (s$exhausted()) break
      candidate <- s$screen(apply_move(graph, move), warm = best$model)
      if (!is.null(candidate) && (is.null(step) || candidate$bic < step$bic)) step <- candidate
    }
    if (is.null(step) || step$bic >= best$bic) return(best)
    best <- step
  }
}

screen_combinations <- function(options, node_kinds, s, max_shapes) {
  for (architecture in ranked_combinations(options)) {
    if (s$exhausted() || s$n_shapes() >= max_shapes) break
    s$screen(new_graph(architecture, node_kinds))
  }
}

# All combinations of the edges' options, those made of stronger primitives
# (lower summed rank) first.
ranked_combinations <- function(options) {
  ranks <- expand.grid(lapply(options, seq_along), KEEP.OUT.ATTRS = FALSE)
  ranks <- as.matrix(ranks)
  ranks <- ranks[order(rowSums(ranks)), , drop = FALSE]
  lapply(seq_len(nrow(ranks)), function(i) {
    vapply(seq_along(options), function(e) options[[e]][ranks[i, e]], character(1))
  })
}

# Forward selection: from the graph with every edge "none" (the constant),
# each pass tries every single change of one edge to one of its options (an
# affine term into a node of affine terms, see affine_term_joins()), every
# composition (see composition_moves()), every nonlinearity's argument
# grown into a sum (see argument_moves()) and, where nodes may multiply,
# every new factor of a node (see product_moves()) and a term times or over
# a weighted sum (see sum_factor_moves()), two exponentials of one input
# while two nodes are empty (see exponential_pair_moves()), every swap of an edge in use
# for a nonlinear primitive (see swap_moves()), and keeps the one that
# lowers the screening BIC most; until nothing does, after
# FORWARD_PASSES passes, or when the budget is spent. A pass costs one screen
# per edge and option -- linear in the number of edges -- and its graphs stay
# small, so they are cheap to simplify and to fit; a change that adds
# nothing (an edge out of a node that is still 0) is not tried, and of the
# nodes that are still empty only the first takes new edges: a new term in
# any of them writes the same equation. Returns (invisibly) the candidate it
# ends on. (At most FORWARD_PASSES passes.)
forward_selection <- function(options, s, edges, n_inputs, free, products = FALSE,
                              start = NULL) {
  # (Every edge may take "none": see edge_candidates().)
  graph <- if (is.null(start)) {
    new_graph(rep("none", length(options)), K = hidden_node_count(edges))
  } else {
    model_graph(start$model)
  }
  current <- if (is.null(start)) s$screen(graph) else start
  # The best of a list of moves from the current graph, or NULL. The
  # candidate may have been fitted on another graph of the same shape: the
  # selection goes on from that graph, so that the next steps' warm starts
  # are the fits of their own graph.
  best_move <- function(moves) {
    best <- best_screened(moves, graph, s, warm = current$model)
    if (!is.null(best)) list(candidate = best, graph = model_graph(best$model))
  }
  improves <- function(best) {
    !is.null(best) && (is.null(current) || best$candidate$bic < current$bic)
  }
  for (pass in seq_len(FORWARD_PASSES)) {
    products_now <- if (products) {
      most_promising(product_moves(graph, options, edges, n_inputs), graph, current, s)
    }
    best <- best_move(c(forward_moves(graph$architecture, options, edges, n_inputs, free,
                                      graph$node_kinds),
                        argument_moves(graph, options, edges, n_inputs),
                        exponential_pair_moves(graph, options, edges, n_inputs), products_now,
                        if (products) {
                          # two per pair of sources: 90 of 10 inputs
                          most_promising(sum_factor_moves(graph, options, edges, n_inputs),
                                         graph, current, s, LOOK_ITERATIONS)
                        },
                        # another primitive on an edge in use (a first step
                        # took a logistic, or a line, where the law has an
                        # exponential)
                        swap_moves(graph$architecture, options)))
    if (!improves(best) || s$exhausted()) break
    current <- best$candidate
    graph <- best$graph
  }
  invisible(current)
}

# Moves that grow a product are many -- a pass's count grows with the
# sources squared -- and most of them start from the current fit with plain
# factors, where a quick look (the output layer solved, no polish) already
# tells them apart. Only the INTERACTION_SCREENS that look best are screened
# in full. (The moves of a nonlinearity's argument need their new edge's
# coefficients fitted before they can be judged: they are all screened. So
# are a term times or over a weighted sum, and the exponentials of a product,
# while they are few; of more, those that look best after LOOK_ITERATIONS of
# the polish.)
most_promising <- function(moves, graph, current, s, iterations = 0L, unit_starts = FALSE,
                           keep = INTERACTION_SCREENS) {
  if (length(moves) <= keep || is.null(current)) return(moves)
  score <- vapply(moves, function(move) {
    s$look(apply_move(graph, move), current$model, new_parameters(move), iterations, unit_starts)
  }, numeric(1))
  moves[order(score)[seq_len(keep)]]
}

# How many parameters a move's edges bring.
new_parameters <- function(move) {
  sum(lengths(lapply(move$primitives, primitive_params)))
}

# The graph a fitted model is of.
model_graph <- function(model) {
  new_graph(model$architecture, model_node_kinds(model))
}

# The graph after a move: its `edges` take its `primitives`, and the node it
# makes a product (`product`, when not NULL) multiplies.
apply_move <- function(graph, move) {
  graph$architecture[move$edges] <- move$primitives
  if (!is.null(move$product)) graph$node_kinds[move$product] <- "product"
  if (!is.null(move$sum)) graph$node_kinds[move$sum] <- "sum"
  graph
}

# A new factor of a node: an edge into a node that has one edge, or is a
# product already, from an input or a filled node it does not take in yet,
# with one of that edge's options other than "none" -- the node then
# multiplies. `V` times `P`, `A` times `1 / (a * D + b)`, `x` times
# `1 / (a * k1 + b)`. Of the factors that differ only by a constant (add,
# subtract, mult: the output weight absorbs it), the first is tried.
product_moves <- function(graph, options, edges, n_inputs) {
  architecture <- graph$architecture
  filled <- filled_nodes(architecture, edges)
  degree <- node_in_degree(architecture, edges)
  multiplies <- filled & (degree == 1 | graph$node_kinds == "product")
  source_ok <- edges_from_filled_sources(edges, n_inputs, filled)
  open <- which(multiplies[edges$to_index] & source_ok & architecture == "none")
  grow <- unlist(lapply(open, function(e) {
    factors <- one_scaled_factor(setdiff(options[[e]], "none"))
    lapply(factors, function(p) list(edges = e, primitives = p, product = edges$to_index[e]))
  }), recursive = FALSE)
  c(grow, new_product_moves(graph, options, edges, n_inputs))
}

# A product of two sources in the first empty node: both plain (the first
# of add, subtract, mult each edge may take), or a filled node, plain, times
# an input under any of its edge's options. `x * k1` where k1 is
# `1 / (a * x + b)` makes `x / (a * x + b)`, and `k1 * 1 / (a * r + b)` where
# k1 is `q1 * q2 / (c * r + d)` makes `q1 * q2 / r^2`: what no factor added
# to a node can write (a node takes one edge from each source). A pass stays
# quadratic in the sources and linear in the options.
new_product_moves <- function(graph, options, edges, n_inputs) {
  architecture <- graph$architecture
  filled <- filled_nodes(architecture, edges)
  j <- match(FALSE, filled, nomatch = 0L)
  if (j == 0L) return(list())
  from_node <- edges$from_index - n_inputs
  source_ok <- edges_from_filled_sources(edges, n_inputs, filled)
  into <- which(edges$to_index == j & source_ok)
  plain <- function(e) plain_factor(options[[e]])
  moves <- list()
  add <- function(pair, primitives) {
    if (anyNA(primitives)) return()
    moves[[length(moves) + 1L]] <<- list(edges = pair, primitives = primitives, product = j)
  }
  for (i in seq_along(into)) {
    for (k in seq_along(into)[-seq_len(i)]) {
      pair <- into[c(i, k)]
      add(pair, vapply(pair, plain, character(1)))
    }
  }
  from_filled <- into[from_node[into] >= 1]
  from_input <- into[from_node[into] < 1]
  for (node_edge in from_filled) {
    for (input_edge in from_input) {
      others <- setdiff(one_scaled_factor(setdiff(options[[input_edge]], "none")),
                        plain(input_edge))
      for (f in others) add(c(node_edge, input_edge), c(plain(node_edge), f))
    }
  }
  moves
}

# A nonlinearity of a weighted sum: a node whose one edge is f(s), for a
# nonlinear f, becomes the sum s + c * t of its source and another (an input
# or a filled node), and f moves to an edge from it into the first empty node
# after it; a node whose one edge is affine (a * s) becomes s + c * t under
# every nonlinear option of that edge. logistic(a * x1 + b) leads to
# logistic(a * x1 + c * x2 + b), the choice rule of two inputs, which adding
# x2 beside the logistic cannot reach; nor can a line in x1 and x2, whose
# terms sit in nodes of their own. The node that now feeds is screened with
# its output weight held at 0, as every new feeding node is.
argument_moves <- function(graph, options, edges, n_inputs) {
  architecture <- graph$architecture
  filled <- filled_nodes(architecture, edges)
  degree <- node_in_degree(architecture, edges)
  from_node <- edges$from_index - n_inputs
  source_ok <- edges_from_filled_sources(edges, n_inputs, filled)
  plain <- function(e) plain_factor(options[[e]])
  moves <- list()
  for (e in which(architecture != "none")) {
    j <- edges$to_index[e]
    if (degree[j] != 1 || graph$node_kinds[j] != "sum") next
    empty_after <- which(!filled & seq_along(filled) > j)
    if (length(empty_after) == 0) next
    out <- which(from_node == j & edges$to_index == empty_after[1])
    outer <- if (is_affine_primitive(architecture[[e]])) {
      options[[out]][!is_affine_primitive(options[[out]])]
    } else {
      intersect(architecture[[e]], options[[out]])
    }
    for (t in which(edges$to_index == j & source_ok & architecture == "none")) {
      # The new term needs a weight of its own relative to the first.
      weighted <- weighted_term(options[[t]])
      for (f in outer) {
        primitives <- c(plain(e), weighted, f)
        if (anyNA(primitives)) next
        moves[[length(moves) + 1L]] <- list(edges = c(e, t, out), primitives = primitives)
      }
    }
  }
  moves
}

# A term times or over a weighted sum: a node j that feeds only the output,
# with one affine term or a product of affine factors, moves to the first
# empty node n after it, which multiplies it by k_j or by 1 / (a * k_j + b),
# and j becomes the sum s + c * t of two of its sources (inputs or filled
# nodes before it). From `c * U`, Ohm's law `U / (R + r)`; from `c * d1 *
# d2`, the reduced mass `d1 * d2 / (d1 + d2)`; from `c * q`, the work `q *
# (V1 - V2)`. A factor of one source is a product move (see
# product_moves()); a factor of two is not, nor is it an argument move,
# since the sum must be computed in a node before the product that takes it.
# Each move's new edges need their coefficients fitted before it can be
# judged: two per pair of sources, screened (see most_promising()).
sum_factor_moves <- function(graph, options, edges, n_inputs) {
  architecture <- graph$architecture
  filled <- filled_nodes(architecture, edges)
  degree <- node_in_degree(architecture, edges)
  feeding <- feeding_nodes(architecture, edges, n_inputs)
  from_node <- edges$from_index - n_inputs
  source_ok <- edges_from_filled_sources(edges, n_inputs, filled)
  plain <- function(e) plain_factor(options[[e]])
  moves <- list()
  divisible <- filled & !feeding & (graph$node_kinds == "product" | degree == 1)
  for (j in which(divisible)) {
    empty_after <- which(!filled & seq_along(filled) > j)
    if (length(empty_after) == 0) next
    n <- empty_after[1]
    out <- which(from_node == j & edges$to_index == n)
    sum_factors <- c(plain(out), intersect("affine_reciprocal", options[[out]]))
    sum_factors <- sum_factors[!is.na(sum_factors)]
    into_j <- which(edges$to_index == j)
    terms <- into_j[architecture[into_j] != "none"]
    # A rational law divides a monomial: of a nonlinear term (A * ln(D)),
    # a quotient or product is a detour the greedy selection does not come
    # back from. A reciprocal or a power is a monomial too: from c / x3 or
    # c * x3^p, the sum over it, (x1 + x2) / x3 (or (V1 - V2) / R).
    if (!all(is_affine_primitive(architecture[terms]) |
             primitive_kind(architecture[terms]) %in% c("reciprocal", "power"))) next
    # Each term's edge into n, from the same source, under the same primitive.
    moved_to <- vapply(terms, function(e) {
      edge_from_source_of(e, n, edges)
    }, integer(1))
    moved <- architecture[terms]
    if (!all(mapply(`%in%`, moved, options[moved_to]))) next
    sources <- into_j[source_ok[into_j]]
    for (i in seq_along(sources)) {
      for (k in seq_along(sources)[-seq_len(i)]) {
        pair <- sources[c(i, k)]
        weighted <- weighted_term(options[[pair[2]]])
        cleared <- setdiff(terms, pair)
        for (f in sum_factors) {
          primitives <- c(plain(pair[1]), weighted, rep("none", length(cleared)), moved, f)
          if (anyNA(primitives)) next
          moves[[length(moves) + 1L]] <- list(
            edges = c(pair, cleared, moved_to, out), primitives = primitives, product = n, sum = j
          )
        }
      }
    }
  }
  moves
}

# Primitives that are the same factor of a product up to a constant: x, -x
# and a * x.
SCALED_FACTORS <- c("add", "subtract", "mult")

# The first of an edge's options that multiplies its source by a constant at
# most (x, -x or a * x), or NA: a plain factor, or a plain term of a sum.
plain_factor <- function(options) {
  intersect(SCALED_FACTORS, options)[1]
}

# The first of an edge's options that gives its source a weight of its own
# (a * x, or a * x + b), or NA: a new term beside another in a node.
weighted_term <- function(options) {
  intersect(c("mult", "linear"), options)[1]
}

one_scaled_factor <- function(candidates) {
  scaled <- intersect(SCALED_FACTORS, candidates)
  setdiff(candidates, scaled[-1])
}

# Every change of an edge in use to another nonlinear option: a logistic for
# an exponential, an exponential for a line. (Dropping a term, or making it
# affine, is a simpler graph that forward selection has tried.) Tried in
# every pass, not only when nothing else helps: by then the terms added
# around a wrong first choice have been fitted to make up for it.
swap_moves <- function(architecture, options) {
  unlist(lapply(which(architecture != "none"), function(e) {
    others <- setdiff(options[[e]][!is_affine_primitive(options[[e]])], architecture[[e]])
    lapply(others, function(p) list(edges = e, primitives = p))
  }), recursive = FALSE)
}

# The moves of one forward pass, each a list of `edges` and the `primitives`
# they take: every single change (see worth_changing()), then the
# compositions.
forward_moves <- function(architecture, options, edges, n_inputs, free,
                          node_kinds = rep("sum", hidden_node_count(edges))) {
  alone <- nodes_a_term_would_be_alone_in(architecture, edges, n_inputs, free)
  joins <- affine_term_joins(architecture, node_kinds, edges, n_inputs, free)
  single <- unlist(lapply(worth_changing(architecture, edges, n_inputs, free$weight), function(e) {
    candidates <- setdiff(options[[e]], architecture[[e]])
    if (alone[edges$to_index[e]]) candidates <- one_affine_option(candidates)
    if (!is.na(joins[e])) candidates <- candidates[!is_affine_primitive(candidates)]
    lapply(candidates, function(p) list(edges = e, primitives = p))
  }), recursive = FALSE)
  joined <- lapply(unique(joins[!is.na(joins)]), function(into) {
    list(edges = into, primitives = weighted_term(options[[into]]))
  })
  joined <- Filter(function(m) !is.na(m$primitives), joined)
  c(single, joined, composition_moves(architecture, options, edges, n_inputs))
}

# With free output weights, an affine term joins a node of affine terms that
# feeds only the output rather than a node of its own: `c * (V2 + a * V1)`
# writes what `c * V2 + d * V1` writes, and leaves a node empty for what
# comes next -- the factor that makes the work `q * (V1 - V2)`, or the
# nonlinear term beside a line. For each edge into the first empty node, the
# edge from the same source into the first such node that does not take that
# source yet, or NA.
affine_term_joins <- function(architecture, node_kinds, edges, n_inputs, free) {
  joins <- rep(NA_integer_, length(architecture))
  if (!free$weight) return(joins)
  K <- hidden_node_count(edges)
  filled <- filled_nodes(architecture, edges)
  feeding <- feeding_nodes(architecture, edges, n_inputs)
  in_use <- architecture != "none"
  not_affine <- edges$to_index[in_use][!is_affine_primitive(architecture[in_use])]
  affine_only <- tabulate(not_affine, nbins = K) == 0
  targets <- which(filled & !feeding & node_kinds == "sum" & affine_only)
  empty <- match(FALSE, filled, nomatch = 0L)
  if (length(targets) == 0 || empty == 0L) return(joins)
  for (e in which(!in_use & edges$to_index == empty)) {
    for (m in targets) {
      into <- edge_from_source_of(e, m, edges)
      if (length(into) == 1 && !in_use[into] && edges$to_index[e] != m) {
        joins[e] <- into
        break
      }
    }
  }
  joins
}

# With free output weights and bias, an affine term alone in a node that
# feeds only the output writes c * x whichever affine primitive carries it:
# add, subtract, mult and linear differ only in constants that the output
# weight and bias absorb. Into such a node only the first of them in this
# order is tried, one simplification and one screen instead of four: the one
# with the fewest coefficients, so that an offset lives in the output bias,
# where the front's bias-free variant (see without_bias()) can drop it, and
# not in an edge's `b`.
AFFINE_PRIMITIVES <- c("add", "subtract", "mult", "linear")

nodes_a_term_would_be_alone_in <- function(architecture, edges, n_inputs, free) {
  if (!(free$weight && free$bias)) return(logical(hidden_node_count(edges)))
  !filled_nodes(architecture, edges) & !feeding_nodes(architecture, edges, n_inputs)
}

one_affine_option <- function(candidates) {
  affine <- intersect(AFFINE_PRIMITIVES, candidates)
  setdiff(candidates, affine[-1])
}

# A term f(g(x)) -- a power law x^p = exp(p * ln(x)), a peak
# exp(-c * (x - m)^2), an Arrhenius or Vogel-Fulcher law exp(c / (x - T0)),
# a Lorentzian (Cauchy) peak or a Hill curve of order 2, 1 / (c * (x - m)^2 +
# d), a Gompertz curve exp(-b * exp(-c * t)), a logarithm of a shifted
# input ln(x + c) (Hick's law, ln(n + 1)) -- takes two edges: g into an
# empty node and f out of it. Added one at a time, the first edge
# alone is g(x) in the output (or, with that node's output weight held at 0,
# nothing at all), so a greedy pass rarely takes it; a composition adds both
# at once: g on an edge into the first empty node, f on the edge from it to
# the next node. Only the compositions the simplifier writes as a standard
# form are tried (STANDARD_COMPOSITIONS), so that a pass costs one more
# screen per source of that node (an input or a filled node) and kind of
# composition, not one per pair of nonlinear primitives.
STANDARD_COMPOSITIONS <- list(
  power = c(inner = "ln", outer = "exp"),
  peak = c(inner = "square", outer = "exp"),
  arrhenius = c(inner = "reciprocal", outer = "exp"),
  lorentzian = c(inner = "square", outer = "reciprocal"),
  gompertz = c(inner = "exp", outer = "exp"),
  shifted_ln = c(inner = "identity", outer = "ln")
)

# The compositions with a power that may seed the second selection of a
# single input (see best_composition()), where the power is the
# refinement's own (see refine_primitives()): a power of a line, a power
# law with its origin shifted, (x + c)^p (Stevens' law above a threshold,
# (1 + k * D)^-s); of a logistic, Richards' growth curve; an exponential of
# a power of the input, a Weibull psychometric function or a stretched
# exponential, 1 - exp(-(x / a)^b); and a reciprocal of one, a Hill curve,
# x^n / (K^n + x^n). Not among the forward steps:
# such a power fits most monotone curves fairly, and taken as a first step
# it led the selection away from laws it found without (NIST's Hahn1).
POWER_COMPOSITIONS <- list(
  shifted_power = c(inner = "identity", outer = "power"),
  richards = c(inner = "logistic", outer = "power"),
  weibull = c(inner = "power", outer = "exp"),
  hill = c(inner = "power", outer = "reciprocal")
)

# The compositions scaled_composition_moves() multiplies by an input. Not
# the power (an input times a power of another is a product of powers, see
# monomial_moves()), nor a peak or a Lorentzian: the forward selection
# reaches a gain times a tuning curve, g * exp(-2 * (th - 1)^2), without.
SCALED_COMPOSITIONS <- list(
  arrhenius = STANDARD_COMPOSITIONS$arrhenius,
  gompertz = STANDARD_COMPOSITIONS$gompertz,
  shifted_power = c(inner = "reciprocal", outer = "power")
)

composition_moves <- function(architecture, options, edges, n_inputs,
                              compositions = STANDARD_COMPOSITIONS) {
  site <- composition_site(architecture, edges, n_inputs)
  if (is.null(site)) return(list())
  moves <- list()
  for (composition in compositions) {
    for (outer in site$out) {
      for (inner in site$into) {
        for (g in composition_inner_options(options[[inner]], composition[["inner"]])) {
          for (f in options_of_kind(options[[outer]], composition[["outer"]])) {
            moves[[length(moves) + 1L]] <- list(edges = c(inner, outer), primitives = c(g, f))
          }
        }
      }
    }
  }
  moves
}

# The primitives of `options` that can be a composition's inner function of
# `kind`: a line only with an offset (ln(a * x) composes nothing).
composition_inner_options <- function(options, kind) {
  inner <- options_of_kind(options, kind)
  if (kind == "identity") inner <- inner[has_offset(inner)]
  inner
}

# Two exponentials of one input in the first two empty nodes at once: a
# biexponential, b1 * exp(-k1 * x) + b2 * exp(-k2 * x) + c -- a
# two-compartment decay, a rise and fall. One exponential alone fits a rise
# and fall worse than a logistic or a peak does, so a greedy pass never takes
# the first of the two. The two start at rates apart (see rate_spread()).
# One move per input.
exponential_pair_moves <- function(graph, options, edges, n_inputs) {
  empty <- which(!filled_nodes(graph$architecture, edges))
  if (length(empty) < 2) return(list())
  moves <- list()
  for (i in seq_len(n_inputs)) {
    pair <- c(which(edges$from_index == i & edges$to_index == empty[1]),
              which(edges$from_index == i & edges$to_index == empty[2]))
    f <- intersect(options_of_kind(options[[pair[1]]], "exp"),
                   options_of_kind(options[[pair[2]]], "exp"))
    # (exp(x) twice is one term: only an exponential with a rate)
    f <- f[has_rate(f)]
    if (length(f) == 0) next
    moves[[length(moves) + 1L]] <- list(edges = pair, primitives = rep(f[1], 2))
  }
  moves
}

# A nonlinearity of a weighted sum of every input, f(a * (x1 + w2 * x2 + ...)
# + b): a choice rule logistic(b1 * V1 - b2 * V2), a response to a mixture,
# Ohm's 1 / (R + r). Grown one input at a time, the first step is f of one
# input, which often fits worse than a sum of terms; the selection then goes
# on from that sum, and the nonlinearity of three inputs is never reached. So
# all inputs at once: the sum in the first empty node (the first input plain,
# the others weighted) and each kind of nonlinearity with a scale on the edge
# out of it, one move per kind. A sum the law does not need is a simpler
# graph the backward steps try. Only for two inputs or more: of one input,
# the composition is one edge.
index_moves <- function(graph, options, edges, n_inputs) {
  site <- seed_site(graph, edges, n_inputs)
  terms <- weighted_sum_of_inputs(site, options, n_inputs)
  if (is.null(terms)) return(list())
  lapply(nonlinear_with_rate(options[[site$out]]),
         function(f) list(edges = c(site$into, site$out), primitives = c(terms, f)))
}

# A weighted sum of every input, x1 + w2 * x2 + ..., in the first empty node
# (a seed site, see seed_site()): the primitives of its edges `site$into`, the
# first input plain and the others weighted; NULL for fewer than two inputs,
# or where an edge has no such primitive.
weighted_sum_of_inputs <- function(site, options, n_inputs) {
  if (n_inputs < 2 || is.null(site) || length(site$into) != n_inputs) return(NULL)
  terms <- c(plain_factor(options[[site$into[1]]]),
             vapply(site$into[-1], function(e) weighted_term(options[[e]]), character(1)))
  if (anyNA(terms)) return(NULL)
  terms
}

# The linear model of every input, c * (x1 + w2 * x2 + ...) + b, in the first
# empty node: the start of a forward selection whose swaps (see swap_moves())
# reach an additive law, f1(x1) + f2(x2) + f3(x3), one input's function at a
# time. Grown from the empty graph, the first steps are greedy: of three
# inputs, a product x1 * x2 fits better than any one term, the selection goes
# on from it, and 1.5 * x1 + exp(x2) - x3^2, a sum of one-input functions,
# was not reached. One move, of two inputs or more.
additive_moves <- function(graph, options, edges, n_inputs) {
  site <- seed_site(graph, edges, n_inputs)
  terms <- weighted_sum_of_inputs(site, options, n_inputs)
  if (is.null(terms)) return(list())
  list(list(edges = site$into, primitives = terms))
}

# The edge from the source of edge `e` into node `node` (an index into
# `edges`; integer(0) where there is none, as into a node before the source).
edge_from_source_of <- function(e, node, edges) {
  which(edges$from_index == edges$from_index[e] & edges$to_index == node)
}

# Where a seed of the second selection goes (see best_composition()): the
# composition site (see composition_site()) of a graph with no edge yet, its
# edges in those from the inputs; NULL for a graph with edges, or without a
# node after the first.
seed_site <- function(graph, edges, n_inputs) {
  if (any(graph$architecture != "none")) return(NULL)
  site <- composition_site(graph$architecture, edges, n_inputs)
  if (is.null(site)) return(NULL)
  site$into <- site$into[edges$from_index[site$into] <= n_inputs]
  site
}

# Where a composition goes: the edges into the first empty node from its
# sources (inputs and filled nodes), `into`, and the edge out of it into the
# next node, `out`; NULL when no node is empty or the last one is the first.
composition_site <- function(architecture, edges, n_inputs) {
  K <- hidden_node_count(edges)
  filled <- filled_nodes(architecture, edges)
  j <- match(FALSE, filled, nomatch = 0L)
  if (j == 0L || j == K) return(NULL)
  from_node <- edges$from_index - n_inputs
  source_ok <- edges_from_filled_sources(edges, n_inputs, filled)
  list(node = j, into = which(edges$to_index == j & source_ok),
       out = which(from_node == j & edges$to_index == j + 1L))
}

# An exponential of a product or a ratio of two sources -- a Boltzmann or
# Arrhenius factor exp(-E / T), a decay exp(-k * x * t) -- takes three edges:
# the two factors into the first empty node, which multiplies them, and exp
# out of it into the next. Step by step the greedy selection seldom gets
# there: E / T alone fits exp(-E / T) worse than ln(E) does. Nor can these
# moves join its passes: exp(a * u) with a small a is a line in u, so a
# first step of this kind fits nearly anything better than one edge does,
# and the selection never comes back (exp(x2 / (x1 + c)) for 2 * x1 +
# exp(5 * x2)). So they are screened apart, and the best, if it fits better
# than anything the first selection found, seeds a second forward selection
# (see screen_candidates()), whose candidates join the first's. One
# move per pair of sources, form (s * t, s / t, t / s) and outer function:
# exp, a logistic -- a psychometric function of a Weber fraction,
# logistic(a * dI / I + b) -- or an ln with an offset, Fitts' index of
# difficulty ln(D / W + 1). An ln without one only with `plain_ln`: of a
# product alone, it is a sum of lns, which the selection reaches term by
# term.
product_composition_moves <- function(graph, options, edges, n_inputs,
                                      kinds = c("exp", "logistic", "ln"), plain_ln = FALSE) {
  site <- composition_site(graph$architecture, edges, n_inputs)
  if (is.null(site)) return(list())
  j <- site$node
  into <- site$into
  out <- site$out
  plain <- function(e) plain_factor(options[[e]])
  outer <- unlist(lapply(kinds, function(kind) options_of_kind(options[[out]], kind)))
  if (!plain_ln) outer <- outer[primitive_kind(outer) != "ln" | has_offset(outer)]
  moves <- list()
  for (f in outer) {
    for (i in seq_along(into)) {
      for (k in seq_along(into)[-seq_len(i)]) {
        pair <- into[c(i, k)]
        forms <- list(c(plain(pair[1]), plain(pair[2])),
                      c(plain(pair[1]), intersect("affine_reciprocal", options[[pair[2]]])[1]),
                      c(intersect("affine_reciprocal", options[[pair[1]]])[1], plain(pair[2])))
        for (factors in forms) {
          if (anyNA(factors)) next
          moves[[length(moves) + 1L]] <- list(edges = c(pair, out), primitives = c(factors, f),
                                              product = j)
        }
      }
    }
  }
  moves
}

# The primitives among `options` that apply the function `kind` (a row of
# OUTER_FUNCTIONS): "ln", "linear_ln" and "affine_ln" for "ln".
options_of_kind <- function(options, kind) {
  options[primitive_kind(options) == kind]
}

# The edges a forward step may change: those into a node that has an edge
# already or into the first empty node, and out of an input or a node that is
# not empty. The empty node's edges come first: a shape is fitted from the
# first graph that writes it, and a new term in a node of its own starts from
# the previous fit as it was (in an existing node it would rescale that
# node's terms), so Levenberg-Marquardt gets there in a few steps. With free
# output weights, a term added to a node that only feeds the output writes
# what the same term in a node of its own writes: only nodes that feed
# another node take new edges then.
worth_changing <- function(architecture, edges, n_inputs, free_weights = TRUE) {
  K <- hidden_node_count(edges)
  filled <- filled_nodes(architecture, edges)
  empty <- seq_len(K) == match(FALSE, filled, nomatch = 0L)
  source_ok <- edges_from_filled_sources(edges, n_inputs, filled)
  into_empty <- which(empty[edges$to_index] & source_ok)
  changeable <- if (free_weights) filled & feeding_nodes(architecture, edges, n_inputs) else filled
  into_filled <- which(changeable[edges$to_index] & source_ok)
  c(into_empty, into_filled)
}
