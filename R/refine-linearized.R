# Linearized starts: a start for a graph whose output is an exponential of a
# hidden node, from the node's subgraph fitted to the log of the response.
#
# An exponential of a fitted function, w * exp(g(x)) -- an Arrhenius-type
# law b1 * exp(b2 / (x + b3)), NIST's MGH10 -- has a valley so long and
# narrow that Levenberg-Marquardt from the generic starts of
# candidate_starts() ends its screening far from it (a loss 10^4 times the
# law's, behind a sum of two exponentials). Its log is g(x) + ln(w): the
# subgraph that computes g fitted to ln(y), where its output weight and bias
# are the exponential's rate and offset, is a fit of its own, short and well
# conditioned; composed back, it starts the graph next to its least squares.
# So has a product of exponentials, w * exp(a1 * s1 + b1) * exp(a2 * s2 + b2)
# of inputs or hidden nodes -- a gamma variate c * x^p * exp(-k * x), the
# power being the exp of ln(x) in a node of its own: its log is linear in
# the sources, a1 * s1 + a2 * s2 + ln(w) + b1 + b2.

# The candidate refitted from its linearized start on `rows` (its loss
# theirs), or NULL when it has none (see linearized_start()).
linearized_candidate <- function(candidate, context, rows) {
  model <- candidate$model
  start <- linearized_start(context, model_graph(model), rows, held_nodes(model))
  if (is.null(start)) return(NULL)
  model$theta <- start$theta
  model$weight[] <- 0
  model$bias[] <- 0
  polished <- polish_on(context, model, rows, solve_output_layer = TRUE)
  if (!is.finite(polished$loss)) return(NULL)
  candidate$model <- polished_model(model, polished)
  candidate$loss <- polished$loss
  candidate
}

# Whether `candidate` is an exponential of a hidden node, which a linearized
# start can fit.
linearizable <- function(candidate, context) {
  model <- candidate$model
  !is.null(context$log_response) &&
    !is.null(exponential_output_site(model_graph(model), context, held_nodes(model)))
}

# A start for `graph` (with the output weights of the nodes `hold` held at 0)
# from the log of the response: list(theta), or NULL when the graph is not
# an exponential of a hidden node or the response has rows of both signs (or
# of 0).
linearized_start <- function(context, graph, rows, hold) {
  free <- context$template$free
  if (is.null(context$log_response) || !free$weight || !free$bias) return(NULL)
  site <- exponential_output_site(graph, context, hold)
  if (is.null(site)) return(NULL)
  inner <- log_linear_graph(graph, site, context$spec$primitives)
  if (is.null(inner)) return(NULL)
  fitted <- fit_architecture(log_response_context(context), inner, rows, LINEARIZED_ITERATIONS,
                             hold = seq_along(hold) != site$source)
  if (is.null(fitted)) return(NULL)
  list(theta = composed_theta(fitted$model, site, graph))
}

# The graph whose output is the log of `graph`'s at `site`: of an exponential
# of a hidden node, the node (the exponential's edge left out); of a product
# of exponentials, their arguments' sum (each edge a line a * s through the
# origin, in a node that adds them). NULL when the search space has no such
# line.
log_linear_graph <- function(graph, site, primitives) {
  if (is.null(site$factors)) {
    graph$architecture[site$edge] <- "none"
    return(graph)
  }
  if (!"mult" %in% primitives) return(NULL)
  graph$architecture[site$factors] <- "mult"
  graph$node_kinds[site$node] <- "sum"
  graph
}

# Where `graph` writes its output as w * exp(a * h + b) of one hidden node h:
# list(edge, source, node), the exponential edge, h and the node it fills,
# the only node whose output weight is free. Or as a product of two or more
# exponentials with rates, of inputs or hidden nodes, in that node:
# list(factors, source, node), `source` the node itself. NULL otherwise -- an
# exponential of an input (exp(a * x + b), which the generic starts reach)
# among them.
exponential_output_site <- function(graph, context, hold) {
  edges <- context$edges
  architecture <- graph$architecture
  n_inputs <- length(context$input_names)
  out <- which(filled_nodes(architecture, edges) & !hold)
  if (length(out) != 1) return(NULL)
  into <- which(architecture != "none" & edges$to_index == out)
  exponential <- primitive_kind(architecture[into]) == "exp" & has_rate(architecture[into])
  if (!all(exponential)) return(NULL)
  if (length(into) > 1 && graph$node_kinds[[out]] == "product") {
    return(list(factors = into, source = out, node = out))
  }
  if (length(into) != 1) return(NULL)
  source <- edges$from_index[into] - n_inputs
  if (source < 1) return(NULL)
  list(edge = into, source = source, node = out)
}

# The theta of `graph` from `inner`, its log-linear graph (see
# log_linear_graph()) fitted to the log of the response: an exponential of
# a node takes the inner output weight as its rate and the inner bias as its
# offset; of a product of exponentials, each its line's slope times that
# weight as its rate, and the first the bias as its offset. The output layer
# is solved for after. (Without an offset the edge leaves exp(bias) to the
# output weight.)
composed_theta <- function(inner, site, graph) {
  theta <- inner$theta
  weight <- inner$weight[1, site$source]
  exponentials <- if (is.null(site$factors)) site$edge else site$factors
  for (e in exponentials) {
    primitive <- graph$architecture[[e]]
    slope <- if (is.null(site$factors)) 1 else inner$theta[e, "mult", 1]
    theta[e, primitive, 1] <- slope * weight
    if (has_offset(primitive)) theta[e, primitive, 2] <- if (e == exponentials[1]) inner$bias[1] else 0
  }
  theta
}

# The log of the response's size, when a single real response has one sign
# on every row (NULL otherwise): what linearized_start() fits to.
log_response <- function(y, family, output_type) {
  if (family != "gaussian" || output_type != "real" || ncol(y) != 1) return(NULL)
  if (!all(y > 0) && !all(y < 0)) return(NULL)
  list(y = log(abs(y)), row_data = new.env(parent = emptyenv()))
}

# The context with the log of the response in place of the response, and
# no linearized starts of its own.
log_response_context <- function(context) {
  log_context <- context
  log_context$y <- context$log_response$y
  log_context$y_mean <- colMeans(log_context$y)
  log_context$row_data <- context$log_response$row_data
  log_context$log_response <- NULL
  log_context
}
