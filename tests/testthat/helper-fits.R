# Fits with a model chosen by hand, so that the equations, methods and plots
# can be tested against values known exactly. They are built as fit() builds
# its fits, by the package's own constructor new_darts_fit() and the
# refinement step, from a result shaped as the engine returns it; only the
# search is skipped (refine_top = 0 keeps the chosen model as it is). Each
# distinct fit is built once per test session.

seed_primitives <- function() c("none", "mult", "linear", "linear_exp")

# The seed equation y = 2 x1 + exp(5 x2) as one hidden node, and a two-node
# variant with negative coefficients, an intercept and an edge between hidden
# nodes: k1 = 2 x1, k2 = -x1 - 1 + exp(5 x2) - 0.5 k1.
seed_choices <- function(nodes) {
  if (nodes == 1) {
    return(list(
      "x1 -> k1" = list("mult", 2),
      "x2 -> k1" = list("linear_exp", c(5, 0))
    ))
  }
  list(
    "x1 -> k1" = list("mult", 2),
    "x2 -> k1" = list("none"),
    "x1 -> k2" = list("linear", c(-1, -1)),
    "x2 -> k2" = list("linear_exp", c(5, 0)),
    "k1 -> k2" = list("mult", -0.5)
  )
}

# The seed problem's 10 x 10 grid of inputs.
seed_inputs <- function() {
  grid <- seq(0, 1, length.out = 10)
  cbind(x1 = rep(grid, each = 10), x2 = rep(grid, times = 10))
}

# A hand-made fit of the seed problem.
# * nodes: 1 or 2 hidden nodes (see seed_choices()), or any number with
#   `choices` given.
# * trainable_classifier: train the output layer (weights 1.5 (k1) and 0.3
#   (k2); 0.8 and -0.4 for a second output; bias 0.1, then -0.2).
# * outputs: number of output columns (y, or y1, y2, ...).
# * epochs: length of the search history (0 for none).
# * choices: named by edge, list(primitive, parameters) for each edge;
#   edges not named are "none".
# * node_kinds: each hidden node's kind (NULL: all sums); "product" among
#   them needs "product" among the primitives.
hand_made_fit <- function(nodes = 1, trainable_classifier = FALSE, outputs = 1,
                          output_type = "real", darts_type = "original",
                          epochs = 3, choices = NULL, primitives = seed_primitives(),
                          node_kinds = NULL) {
  cached(list("hand_made_fit", nodes, trainable_classifier, outputs, output_type,
              darts_type, epochs, choices, primitives, node_kinds), {
    build_hand_made_fit(nodes, trainable_classifier, outputs, output_type, darts_type,
                        epochs, choices, primitives, node_kinds)
  })
}

build_hand_made_fit <- function(nodes, trainable_classifier, outputs, output_type,
                                darts_type, epochs, choices, primitives, node_kinds = NULL) {
  if (is.null(choices)) choices <- seed_choices(nodes)
  weight <- matrix(1, outputs, nodes)
  bias <- rep(0, outputs)
  if (trainable_classifier) {
    all_weights <- rbind(c(1.5, 0.3, 0.6, 0.9), c(0.8, -0.4, 0.2, -0.7))
    weight <- all_weights[seq_len(outputs), seq_len(nodes), drop = FALSE]
    bias <- c(0.1, -0.2, 0.3)[seq_len(outputs)]
  }
  assemble_fit(
    x = seed_inputs(), nodes = nodes, outputs = outputs, choices = choices,
    primitives = primitives, weight = weight, bias = bias, epochs = epochs,
    node_kinds = node_kinds,
    spec_args = list(output_type = output_type, darts_type = darts_type,
                     train_classifier_coefficients = trainable_classifier,
                     train_classifier_bias = trainable_classifier)
  )
}

# A larger hand-made fit (inputs x nodes, every edge used) for plots.
wide_hand_made_fit <- function(inputs = 4, nodes = 4, epochs = 5, ...) {
  cached(list("wide_hand_made_fit", inputs, nodes, epochs, list(...)), {
    build_wide_hand_made_fit(inputs, nodes, epochs, ...)
  })
}

build_wide_hand_made_fit <- function(inputs, nodes, epochs, ...) {
  primitives <- c("none", "add", "subtract", "mult", "linear", "linear_exp",
                  "linear_logistic", "linear_sin")
  x <- matrix(seq(0.1, 1, length.out = 20 * inputs), 20, inputs,
              dimnames = list(NULL, paste0("x", seq_len(inputs))))
  edges <- edge_table(colnames(x), nodes)
  used <- primitives[-1]
  choices <- lapply(seq_len(nrow(edges)), function(e) {
    primitive <- used[(e - 1) %% length(used) + 1]
    list(primitive, c(0.5 + e / 10, -0.25))
  })
  names(choices) <- edges$name
  assemble_fit(x, nodes, outputs = 1, choices = choices, primitives = primitives,
               weight = matrix(1, 1, nodes), bias = 0, epochs = epochs,
               spec_args = list(...))
}

assemble_fit <- function(x, nodes, outputs, choices, primitives, weight, bias,
                         epochs, spec_args, node_kinds = NULL) {
  edges <- edge_table(colnames(x), nodes)
  if (is.null(node_kinds)) node_kinds <- rep("sum", nodes)
  edge_primitives <- setdiff(primitives, "product")
  output_names <- if (outputs == 1) "y" else paste0("y", seq_len(outputs))
  spec <- do.call(darts_regressor, c(
    list(num_graph_nodes = nodes, primitives = primitives, max_epochs = epochs,
         refine_top = 0),
    spec_args
  ))
  chosen <- chosen_model(edges, edge_primitives, choices)
  # The response: the model's own values (by the engine), slightly disturbed.
  model <- list(architecture = chosen$architecture, node_kinds = node_kinds,
                theta = chosen$theta, weight = matrix(weight, outputs, nodes), bias = bias)
  fitted <- engine_predict(spec, model, x, outputs)
  colnames(fitted) <- output_names
  data <- data.frame(x, hand_made_response(fitted, spec$output_type))
  formula <- hand_made_formula(output_names, colnames(x))
  design <- design_from_formula(stats::as.formula(formula, env = globalenv()), data,
                                spec$output_type)
  result <- engine_result(chosen, edge_primitives, edges, weight, bias, epochs, node_kinds)
  # The call as fit() records it.
  call <- call("fit", object = quote(spec), formula = formula, data = quote(seed))
  search <- new_search(spec, design, edges, result)
  new_darts_fit(search, call, refine_search(search))
}

# y ~ x1 + x2, or cbind(y1, y2) ~ x1 + x2 for several outputs, as written in
# a call.
hand_made_formula <- function(output_names, input_names) {
  response <- if (length(output_names) == 1) {
    as.name(output_names)
  } else {
    as.call(c(as.name("cbind"), lapply(output_names, as.name)))
  }
  inputs <- Reduce(function(a, b) call("+", a, b), lapply(input_names, as.name))
  call("~", response, inputs)
}

# The chosen primitive of every edge and the mixture's parameters: 0.1, 0.2
# for every primitive, then the chosen operations' own values.
chosen_model <- function(edges, primitives, choices) {
  E <- nrow(edges)
  M <- length(primitives)
  architecture <- stats::setNames(rep("none", E), edges$name)
  theta <- array(0, c(E, M, 2), list(edges$name, primitives, c("p1", "p2")))
  for (m in seq_len(M)) {
    n_params <- length(primitive_params(primitives[m]))
    for (k in seq_len(n_params)) theta[, m, k] <- 0.1 * k
  }
  for (edge in names(choices)) {
    primitive <- choices[[edge]][[1]]
    params <- choices[[edge]][-1]
    architecture[[edge]] <- primitive
    values <- if (length(params) > 0) params[[1]] else numeric()
    n_params <- length(primitive_params(primitive))
    theta[edge, primitive, seq_len(n_params)] <- values[seq_len(n_params)]
  }
  list(architecture = architecture, theta = theta)
}

# What the engine returns after a search that chose `chosen`: architecture
# weights that favour the chosen primitive, grown linearly over the epochs of
# the history, with losses 10 / epoch (parameter steps) and 12 / epoch
# (architecture steps).
engine_result <- function(chosen, primitives, edges, weight, bias, epochs,
                          node_kinds = rep("sum", max(edges$to_index))) {
  E <- nrow(edges)
  M <- length(primitives)
  codes <- match(chosen$architecture, primitives)
  alphas <- matrix(rep(seq(-0.02, 0.02, length.out = M), each = E), E, M)
  alphas[cbind(seq_len(E), codes)] <- 0.5
  history <- array(0, c(E, M, epochs), list(edges$name, primitives, NULL))
  for (t in seq_len(epochs)) history[, , t] <- alphas * t / epochs
  list(
    alphas = as.vector(alphas),
    theta = as.vector(chosen$theta),
    weight = as.vector(weight),
    bias = bias,
    model = list(architecture = codes - 1L, node_kinds = as.integer(node_kinds == "product"),
                 theta = as.vector(chosen$theta), weight = as.vector(weight), bias = bias),
    loss = 10 / seq_len(epochs),
    arch_loss = 12 / seq_len(epochs),
    alpha_history = history,
    history_epoch = seq_len(epochs),
    history_records = as.integer(epochs),
    node_alphas = rep(0, 2 * length(node_kinds)),
    node_alpha_history = rep(0, 2 * length(node_kinds) * epochs),
    sampled_loss = seq(1, 0.1, length.out = 5),
    status = 0L,
    epochs_done = as.integer(epochs),
    failed_phase = 0L,
    failed_epoch = 0L,
    polish = c(0, 0, 0)
  )
}

# `f` with another network, as choose_equation() gives one: the fitted values,
# residuals and law are worked out again for it.
with_network <- function(f, model) {
  set_network(f, model, polish = FALSE)
}

# Fits built once per test session: `code` runs the first time `key` is seen.
fit_cache <- new.env(parent = emptyenv())
cached <- function(key, code) {
  name <- rlang::hash(key)
  if (!exists(name, envir = fit_cache, inherits = FALSE)) {
    assign(name, code, envir = fit_cache)
  }
  get(name, envir = fit_cache, inherits = FALSE)
}

# The response a real fit would have seen: the model's values with a small,
# deterministic disturbance (kept in [0, 1] for probabilities, and left exact
# for probability distributions, whose rows must sum to 1).
hand_made_response <- function(fitted, output_type) {
  noise <- 0.1 * sin(seq_len(length(fitted)))
  y <- switch(output_type,
    real = fitted + noise,
    probability_distribution = fitted,
    pmin(pmax(fitted + 0.1 * noise, 0), 1)
  )
  matrix(y, nrow(fitted), ncol(fitted), dimnames = dimnames(fitted))
}

# The sampled model's outputs computed in R, node by node.
hand_made_predict <- function(model, edges, x, output_type) {
  K <- ncol(model$weight)
  values <- cbind(x, matrix(0, nrow(x), K))
  for (e in seq_len(nrow(edges))) {
    primitive <- model$architecture[[e]]
    params <- model$theta[e, primitive, ]
    j <- ncol(x) + edges$to_index[e]
    values[, j] <- values[, j] + apply_primitive(primitive, params, values[, edges$from_index[e]])
  }
  hidden <- values[, ncol(x) + seq_len(K), drop = FALSE]
  out <- hidden %*% t(model$weight) + rep(model$bias, each = nrow(x))
  switch(output_type,
    real = out,
    probability_distribution = exp(out) / rowSums(exp(out)),
    stats::plogis(out)
  )
}

# Every primitive, with the engine's domain guards (see ?darts_primitives).
apply_primitive <- function(primitive, p, x) {
  held_beta <- function(beta) if (abs(beta) >= 1e-3) beta else if (beta < 0) -1e-3 else 1e-3
  softplus <- function(u, beta) {
    z <- held_beta(beta) * u
    (pmax(z, 0) + log1p(exp(-abs(z)))) / held_beta(beta)
  }
  switch(primitive,
    none = 0 * x,
    add = x,
    subtract = -x,
    mult = p[1] * x,
    linear = p[1] * x + p[2],
    relu = pmax(x, 0),
    linear_relu = pmax(p[1] * x + p[2], 0),
    exp = exp(pmin(x, 50)),
    linear_exp = exp(pmin(p[1] * x + p[2], 50)),
    logistic = stats::plogis(x),
    linear_logistic = stats::plogis(p[1] * x + p[2]),
    sin = sin(x),
    linear_sin = sin(p[1] * x + p[2]),
    cos = cos(x),
    linear_cos = cos(p[1] * x + p[2]),
    tanh = tanh(x),
    linear_tanh = tanh(p[1] * x + p[2]),
    reciprocal = 1 / ifelse(abs(x) < 1e-6, ifelse(x < 0, -1e-6, 1e-6), x),
    linear_reciprocal = apply_primitive("reciprocal", p, p[1] * x),
    ln = ifelse(x > 0, log(pmax(x, 0) + 1e-10), 0),
    linear_ln = apply_primitive("ln", p, p[1] * x),
    softplus = softplus(x, p[1]),
    linear_softplus = softplus(p[1] * x, p[2]),
    softminus = x - softplus(x, p[1]),
    linear_softminus = p[1] * x - softplus(p[1] * x, p[2]),
    stop("apply_primitive() does not know ", primitive)
  )
}

# Draws to a throwaway png device.
with_png <- function(code, width = 480, height = 480) {
  path <- tempfile(fileext = ".png")
  grDevices::png(path, width = width, height = height)
  on.exit({
    grDevices::dev.off()
    unlink(path)
  })
  force(code)
}

# Whether every `{` of a LaTeX string has its `}` (escaped braces aside).
braces_balance <- function(latex) {
  chars <- strsplit(gsub("\\\\[{}]", "", latex), "")[[1]]
  depth <- cumsum((chars == "{") - (chars == "}"))
  all(depth >= 0) && (length(depth) == 0 || depth[length(depth)] == 0)
}

# A Pareto front of three members, the last chosen, for the front's printing
# and plotting; `cv_se` the standard errors of their cross-validated errors.
three_member_front <- function(cv_se) {
  data.frame(
    complexity = c(1, 4, 6), equation = c("y = 3.1", "y = 2 * x1 + 7.2", "y = 2 * x1 + exp(5 * x2)"),
    rmse = c(30.25, 7.5, 0.5), r_squared = c(0, 0.9, 1), cv_rmse = c(31, 8, 0.6),
    cv_se = cv_se, bic = c(650, 100.5, -300), chosen = c(FALSE, FALSE, TRUE),
    stringsAsFactors = FALSE
  )
}
