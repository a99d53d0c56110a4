# The bridge to the C engine: the only file that calls .Call. Each wrapper
# coerces its arguments to exactly the types src/r_api.c reads, so the C side
# can trust them.

OUTPUT_TYPES <- c("real", "probability", "probability_sample",
                  "probability_distribution", "sigmoid")

# The data as doubles, copied only when they are not doubles already.
as_double <- function(m) {
  if (!is.double(m)) storage.mode(m) <- "double"
  m
}

# The graph's dimensions as the engine reads them: its edge primitives'
# codes (those of the search, or for a model those it may hold, see
# model_primitives()), and whether nodes may multiply.
engine_shape <- function(spec, n_inputs, n_outputs, primitives = edge_primitives(spec$primitives)) {
  list(
    n_inputs = as.integer(n_inputs),
    num_graph_nodes = as.integer(spec$num_graph_nodes),
    n_outputs = as.integer(n_outputs),
    primitives = primitive_codes(primitives),
    product_nodes = as.integer(has_product_nodes(spec$primitives))
  )
}

# The node kinds as the engine codes them (0 sum, 1 product).
NODE_KIND_CODES <- c(sum = 0L, product = 1L)

# The hyperparameters as the engine reads them: names as in darts_regressor(),
# choices as 0-based codes; `family` (R/data-loss.R) gives the loss.
# n_train > 0 splits the rows: the first n_train train, the rest validate.
# `polish_iterations`, of the polish that ends a search (0: none; see
# search_polish_iterations()).
engine_config <- function(spec, n_train = 0L, family = "gaussian", polish_iterations = 0L) {
  config <- unclass(spec)[c(
    "batch_size", "max_epochs", "arch_updates_per_epoch",
    "param_updates_per_epoch", "param_updates_for_sampled_model",
    "arch_learning_rate_max", "arch_weight_decay", "arch_weight_decay_df",
    "arch_weight_decay_base", "param_learning_rate_max",
    "param_learning_rate_min", "param_momentum", "param_weight_decay",
    "classifier_weight_decay", "grad_clip", "fair_darts_loss_weight"
  )]
  config$darts_type <- match(spec$darts_type, c("original", "fair")) - 1L
  config$output_type <- match(spec$output_type, OUTPUT_TYPES) - 1L
  config$sampling_strategy <- match(spec$sampling_strategy, c("max", "sample")) - 1L
  config$train_classifier_coefficients <- as.integer(spec$train_classifier_coefficients)
  config$train_classifier_bias <- as.integer(spec$train_classifier_bias)
  config$polish_iterations <- as.integer(polish_iterations)
  config$n_train <- as.integer(n_train)
  config$param_optimizer <- match(spec$param_optimizer, c("sgd", "adam")) - 1L
  config$loss <- engine_loss(spec$output_type, family)
  config
}

# The engine's code of a family's loss: squared error, the binomial deviance
# of logistic outputs, or the multinomial deviance of a softmax (which the
# engine uses for "probability_distribution" whatever it is told).
engine_loss <- function(output_type, family) {
  if (output_type == "probability_distribution") return(2L)
  if (family == "binomial" && output_type %in% LOGISTIC_OUTPUTS) return(1L)
  0L
}

# Case weights as the engine reads them: NULL, or one double per row.
engine_weights <- function(weights, n) {
  if (is.null(weights)) return(NULL)
  weights <- as.double(weights)
  if (length(weights) != n || !all(is.finite(weights)) || any(weights < 0)) {
    cli::cli_abort("Internal error: case weights that do not fit the rows reached the engine.",
                   class = c("dartsr_error_internal", "dartsr_error"))
  }
  weights
}

# The state as doubles, uncopied when they are doubles already; the alphas'
# dimnames (edges, primitives) name the search's alpha history.
engine_state <- function(state) {
  list(
    alphas = as_double(state$alphas),
    node_alphas = if (!is.null(state$node_alphas)) as_double(state$node_alphas),
    theta = as_double(state$theta),
    weight = as_double(state$weight),
    bias = as_double(state$bias)
  )
}

# `primitives`, the edge primitives a model may hold (model_primitives()),
# can come from engine_setup(): the refinement passes thousands of models.
engine_model <- function(model, spec, n_inputs, n_outputs,
                         primitives = model_primitives(spec)) {
  known <- check_model_shape(model, spec, n_inputs, n_outputs, primitives = primitives)
  list(
    architecture = engine_codes(known, length(primitives)),
    node_kinds = unname(NODE_KIND_CODES[model_node_kinds(model)]),
    # as they are when they are doubles already (their dimensions do not
    # matter to C): as.double() would copy them for every candidate polished
    theta = as_double(model$theta),
    weight = as_double(model$weight),
    bias = as_double(model$bias)
  )
}

# A model's primitive names per edge as the engine reads them: 0-based
# indices into the search space's edge primitives, and "none" outside them
# -1, the engine's empty edge (DARTS_EMPTY_EDGE in src/engine.h): a model of
# any primitive set can drop an edge, as pruning and the refinement do.
EMPTY_EDGE <- -1L

engine_architecture <- function(architecture, spec, primitives = model_primitives(spec)) {
  engine_codes(match(architecture, c(primitives, "none")), length(primitives))
}

# The engine's codes from each edge's place among the n search-space
# primitives and "none" after them (NA: neither, left NA).
engine_codes <- function(known, n) {
  codes <- known - 1L
  codes[known > n] <- EMPTY_EDGE
  codes
}

# The number of edges of the graph, as the engine counts them (darts_n_edges()
# in src/network.c): each hidden node receives every input and every earlier
# node.
engine_n_edges <- function(n_inputs, num_graph_nodes) {
  sum(node_in_degrees(n_inputs, num_graph_nodes))
}

# C trusts what it is given, so a model or state edited by hand (a primitive
# outside the search space, arrays of the wrong size) is refused here rather
# than read out of bounds there. These are exactly the lengths the engine
# reads: every edge's primitive (one of the search space or "none", the empty
# edge), theta as edges x primitives x 2, the weights as outputs x hidden
# nodes, one bias per output. Returns each edge's place among the
# primitives and "none" after them (see engine_codes()).
check_model_shape <- function(model, spec, n_inputs, n_outputs,
                              call = rlang::caller_env(2),
                              primitives = model_primitives(spec)) {
  K <- spec$num_graph_nodes
  E <- engine_n_edges(n_inputs, K)
  architecture <- model$architecture
  if (!is.character(architecture) || length(architecture) != E) {
    abort_invalid_fit(
      call,
      "{.code network$architecture} must be {E} primitive name{?s}, one per edge, not {what}.",
      .envir = list2env(list(E = E, what = describe(architecture)))
    )
  }
  # (match() alone, whose places engine_model() keeps as the engine's codes:
  # setdiff() copied and hashed the architecture, for every one of the
  # refinement's thousands of polishes)
  known <- match(architecture, c(primitives, "none"))
  if (anyNA(known)) {
    unknown <- unique(architecture[is.na(known)])
    abort_invalid_fit(
      call,
      "{.code network$architecture} names {.val {unknown}}, outside the search space.",
      .envir = list2env(list(unknown = unknown))
    )
  }
  kinds <- model$node_kinds
  if (!is.null(kinds) && (!is.character(kinds) || length(kinds) != K ||
                          !allowed_node_kinds(kinds, spec$primitives))) {
    abort_invalid_fit(
      call,
      "{.code network$node_kinds} must be {K} node kind{?s} among {.val {allowed}}, not {what}.",
      .envir = list2env(list(K = K, allowed = node_kinds_of(spec$primitives),
                             what = describe(kinds)))
    )
  }
  check_engine_lengths(
    model, "network",
    c(theta = 2 * E * length(primitives), weight = n_outputs * K, bias = n_outputs),
    call
  )
  known
}

# Whether every node kind is one the search space allows ("sum" always is,
# the common case, answered without working out the others).
allowed_node_kinds <- function(kinds, primitives) {
  (!anyNA(kinds) && all(kinds == "sum")) || all(kinds %in% node_kinds_of(primitives))
}

check_state_shape <- function(state, spec, n_inputs, n_outputs, call = rlang::caller_env(2)) {
  K <- spec$num_graph_nodes
  ops <- engine_n_edges(n_inputs, K) * length(edge_primitives(spec$primitives))
  lengths <- c(alphas = ops, theta = 2 * ops, weight = n_outputs * K, bias = n_outputs)
  if (has_product_nodes(spec$primitives)) {
    lengths <- c(lengths, node_alphas = K * length(NODE_KINDS))
  }
  check_engine_lengths(state, "state", lengths, call)
}

# Each field of `x` named in `lengths` must be numeric with that many values.
check_engine_lengths <- function(x, what, lengths, call) {
  for (field in names(lengths)) {
    value <- x[[field]]
    if (!is.numeric(value) || length(value) != lengths[[field]]) {
      abort_invalid_fit(
        call,
        "{.code {what}${field}} must be {n} number{?s}, not {found}.",
        .envir = list2env(list(what = what, field = field, n = lengths[[field]],
                               found = describe(value)))
      )
    }
  }
}

# `problem` (cli markup, interpolated in .envir) says which field is wrong.
abort_invalid_fit <- function(call, problem = NULL, .envir = parent.frame()) {
  cli::cli_abort(
    c("This {.cls darts_fit} is not consistent: its model or state does not match its search space.",
      x = problem,
      i = "Was it edited by hand? Fit the specification again."),
    class = c("dartsr_error_invalid_fit", "dartsr_error"),
    call = call,
    .envir = .envir
  )
}

# Runs a whole search from `state` (the mixture's alphas, theta and classifier).
# `progress` is a cli progress-bar configuration list, or NULL for none; with
# n_train > 0 the rows after the first n_train serve the architecture steps.
# `weights` (NULL or one per row) weigh each row's loss, of `family`; the
# sampled model is polished for at most `polish_iterations`.
engine_search <- function(spec, x, y, state, progress = NULL, n_train = 0L, weights = NULL,
                          family = "gaussian", polish_iterations = 0L) {
  x <- as_double(x)
  y <- as_double(y)
  check_state_shape(state, spec, ncol(x), ncol(y))
  .Call(
    ffi_search,
    engine_shape(spec, ncol(x), ncol(y)),
    engine_config(spec, n_train, family, polish_iterations),
    x, y, engine_weights(weights, nrow(x)),
    engine_state(state),
    if (is.null(progress)) FALSE else progress
  )
}

# Predictions of a sampled model, output function applied: an n x C matrix.
engine_predict <- function(spec, model, x, n_outputs) {
  x <- as_double(x)
  primitives <- model_primitives(spec)
  .Call(
    ffi_predict,
    engine_shape(spec, ncol(x), n_outputs, primitives),
    match(spec$output_type, OUTPUT_TYPES) - 1L,
    engine_model(model, spec, ncol(x), n_outputs, primitives),
    x
  )
}

# Loss and gradients on all rows, of the mixture (architecture NULL) or of the
# sampled model with the given architecture (primitive names per edge) and
# node kinds (NULL: every node sums).
engine_loss_grad <- function(spec, state, x, y, architecture = NULL, weights = NULL,
                             family = "gaussian", node_kinds = NULL) {
  x <- as_double(x)
  y <- as_double(y)
  check_state_shape(state, spec, ncol(x), ncol(y))
  # A sampled model's architecture and node kinds, as a model's are checked
  # (among the searched primitives: the state is the search's).
  searched <- edge_primitives(spec$primitives)
  if (!is.null(architecture)) {
    check_model_shape(c(list(architecture = architecture, node_kinds = node_kinds), state), spec,
                      ncol(x), ncol(y), primitives = searched)
  }
  arch <- if (is.null(architecture)) NULL else engine_architecture(architecture, spec, searched)
  engine <- engine_state(state)
  engine["node_kinds"] <- list(if (!is.null(node_kinds)) unname(NODE_KIND_CODES[node_kinds]))
  .Call(
    ffi_loss_grad,
    engine_shape(spec, ncol(x), ncol(y)),
    engine_config(spec, family = family),
    engine,
    arch, x, y, engine_weights(weights, nrow(x))
  )
}

# Levenberg-Marquardt on the coefficients of a sampled model (architecture as
# primitive names per edge), on all rows with their `weights`; returns the
# polished weight and bias, and of theta only the entries the polish fits,
# `edge_params` at the places `edge_params_at` (polished_model() writes them
# into the model: the refinement keeps few of the thousands of models it
# polishes, and a whole theta for each was most of its garbage), with
# `loss`, the objective at them: the
# family's loss summed over rows (R/data-loss.R), for a deviance with the polish's
# ridge penalty. With `solve_output_layer`, a real output's free weights and
# biases start at their least-squares values (src/output_layer.c). `setup`,
# from engine_setup(), saves the refinement, which polishes thousands of
# models of one shape, from building the shape and configuration each time.
# `start`, list(at, params) or NULL, starts the polish from the model's theta
# with `params` at the places `at`: the refinement tries several starts of a
# graph, each differing from the others in its edges' few parameters; a
# start's optional `weight` and `bias` replace the model's output layer.
# (Several starts of one model: engine_polish_starts().) Ctrl-C stops it
# within a fraction of a second, as an interrupt.
engine_polish <- function(spec, model, x, y, max_iterations = 100L, weights = NULL,
                          family = "gaussian", solve_output_layer = FALSE,
                          setup = engine_setup(spec, ncol(x), ncol(y), family), start = NULL) {
  x <- as_double(x)
  y <- as_double(y)
  engine <- engine_polish_model(model, spec, ncol(x), ncol(y), setup$primitives)
  polished <- .Call(
    ffi_polish,
    setup$shape,
    setup$config,
    engine_with_start(engine, start),
    x, y, engine_weights(weights, nrow(x)),
    as.integer(max_iterations),
    isTRUE(solve_output_layer)
  )
  if (polished$status == 1L) rlang::interrupt()
  polished
}

# Levenberg-Marquardt on one model from several starts, the best kept: the
# refinement's screen of a candidate graph. `starts` is list(at, params,
# weight, bias): the places in theta every start sets, and, one element a
# start, its values there and its output weights and biases. Each start is
# polished as engine_polish() polishes it alone (after its output layer is
# solved for, with `solve_output_layer`), side by side on up to
# `setup$threads` threads; the best is the first start of the least finite
# loss, whatever the number of threads. Returns the best start's polish as
# engine_polish() returns one, with `best`, its index (NA when no start gives
# a finite loss).
engine_polish_starts <- function(spec, model, x, y, starts, max_iterations = 100L,
                                 weights = NULL, family = "gaussian",
                                 solve_output_layer = FALSE,
                                 setup = engine_setup(spec, ncol(x), ncol(y), family)) {
  x <- as_double(x)
  y <- as_double(y)
  engine <- engine_polish_model(model, spec, ncol(x), ncol(y), setup$primitives)
  polished <- .Call(
    ffi_polish_starts,
    setup$shape,
    setup$config,
    engine,
    engine_starts(starts, engine),
    x, y, engine_weights(weights, nrow(x)),
    as.integer(max_iterations),
    isTRUE(solve_output_layer),
    setup$threads
  )
  if (polished$status == 1L) rlang::interrupt()
  polished
}

# Several starts (see engine_polish_starts()) as the engine reads them: the
# places, and one column a start of their values, output weights and biases.
engine_starts <- function(starts, engine) {
  at <- engine_start_places(starts$at, length(engine$theta))
  n <- length(starts$params)
  columns <- function(values, size) {
    if (length(values) != n || any(lengths(values) != size)) {
      cli::cli_abort("Internal error: the starts of a polish do not fit its model.",
                     class = c("dartsr_error_internal", "dartsr_error"))
    }
    matrix(as.double(unlist(values, use.names = FALSE)), size, n)
  }
  list(at = at, params = columns(starts$params, length(at)),
       weight = columns(starts$weight, length(engine$weight)),
       bias = columns(starts$bias, length(engine$bias)))
}

# The engine's shape and configuration for polishing models of a search, and
# the threads its starts may run on.
engine_setup <- function(spec, n_inputs, n_outputs, family) {
  primitives <- model_primitives(spec)
  list(shape = engine_shape(spec, n_inputs, n_outputs, primitives),
       config = engine_config(spec, family = family),
       primitives = primitives,
       threads = polish_threads())
}

# The threads the refinement's polishes may run on: the option
# `dartsr.threads`, 2 by default (as many as CRAN lets a package use). The
# engine takes no more than the starts of a polish, nor than the machine's
# processors; the answer is the same on any number.
POLISH_THREADS_DEFAULT <- 2L

polish_threads <- function(call = rlang::caller_env()) {
  threads <- getOption("dartsr.threads", POLISH_THREADS_DEFAULT)
  check_count(threads, 1, arg = "options(dartsr.threads)", call = call)
}

# The model as the polish reads it: with `free`, the classifier entries the
# polish may move (C x K weights, then C biases), from the model's optional
# logical `free_weight` and `free_bias` (a pruned output weight or bias is held
# where it is); NULL when every trainable entry is free.
engine_polish_model <- function(model, spec, n_inputs, n_outputs,
                                primitives = model_primitives(spec)) {
  engine <- engine_model(model, spec, n_inputs, n_outputs, primitives)
  engine["free_theta"] <- list(engine_free_theta(model$free_theta, length(model$architecture)))
  if (is.null(model$free_weight) && is.null(model$free_bias)) {
    engine["free"] <- list(NULL)
    return(engine)
  }
  K <- spec$num_graph_nodes
  free_weight <- if (is.null(model$free_weight)) rep(TRUE, n_outputs * K) else model$free_weight
  free_bias <- if (is.null(model$free_bias)) rep(TRUE, n_outputs) else model$free_bias
  if (!is.logical(free_weight) || length(free_weight) != n_outputs * K || anyNA(free_weight) ||
      !is.logical(free_bias) || length(free_bias) != n_outputs || anyNA(free_bias)) {
    abort_invalid_fit(
      rlang::caller_env(2),
      "{.code network$free_weight} must be {n_weight} logical value{?s} and {.code network$free_bias} {n_bias}, without NA.",
      .envir = list2env(list(n_weight = n_outputs * K, n_bias = n_outputs))
    )
  }
  engine$free <- c(as.vector(free_weight), as.vector(free_bias))
  engine
}

# The engine's model with a polish's optional start (see engine_polish()):
# its places in theta and their values, and its output layer.
engine_with_start <- function(engine, start) {
  engine[c("start_at", "start_params")] <- engine_start(start, length(engine$theta))
  if (is.null(start$weight) && is.null(start$bias)) return(engine)
  if (length(start$weight) != length(engine$weight) ||
      length(start$bias) != length(engine$bias)) {
    cli::cli_abort("Internal error: a polish's start has an output layer of another size.",
                   class = c("dartsr_error_internal", "dartsr_error"))
  }
  engine$weight <- as_double(start$weight)
  engine$bias <- as_double(start$bias)
  engine
}

# A polish's optional start (see engine_polish()) as the engine reads it:
# 1-based places in theta and their values, none without a start.
engine_start <- function(start, n_theta) {
  if (is.null(start)) return(list(integer(), numeric()))
  at <- engine_start_places(start$at, n_theta)
  params <- as.double(start$params)
  if (length(at) != length(params)) abort_start_misfit()
  list(at, params)
}

# The places in theta a start sets, as the engine reads them (1-based).
engine_start_places <- function(at, n_theta) {
  at <- as.integer(at)
  if (anyNA(at) || any(at < 1L | at > n_theta)) abort_start_misfit()
  at
}

abort_start_misfit <- function() {
  cli::cli_abort("Internal error: a polish's start does not fit its model's theta.",
                 class = c("dartsr_error_internal", "dartsr_error"))
}

# A model's optional `free_theta`, E x 2 logical (each edge's first and
# second parameter), FALSE where the polish holds that parameter where it is:
# an offset held at 0 (see without_small_offsets()). NULL: every one is free.
engine_free_theta <- function(free_theta, n_edges) {
  if (is.null(free_theta)) return(NULL)
  if (!is.logical(free_theta) || length(free_theta) != 2 * n_edges || anyNA(free_theta)) {
    abort_invalid_fit(
      rlang::caller_env(3),
      "{.code network$free_theta} must be {n} logical value{?s}, without NA.",
      .envir = list2env(list(n = 2 * n_edges))
    )
  }
  as.vector(free_theta)
}

# The engine's table of primitives (src/primitives.c): names in code order,
# each one's outer function, inner parameter count and whether beta follows.
engine_primitive_table <- function() {
  .Call(ffi_primitive_table)
}

# A key of an expression (src/r_api.c) for the simplifier's memo, with
# `in_sum` (a flag the memoised result depends on) folded in: equal for
# identical expressions, and almost never for others (the memo checks).
expression_key <- function(e, in_sum) {
  .Call(ffi_expression_key, e, as.integer(in_sum))
}
