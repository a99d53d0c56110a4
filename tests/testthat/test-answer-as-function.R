# equation(format = "r") and as.function(): R code that computes what the
# engine computes.

# Every primitive on one edge from x1 (and x2 by mult), with parameters that
# reach into the guards on the test inputs below.
one_primitive_fit <- function(primitive, params = c(1.7, -0.3), output_type = "real") {
  choices <- list("x1 -> k1" = list(primitive, params), "x2 -> k1" = list("mult", 0.5))
  hand_made_fit(primitives = unique(c("none", "mult", primitive)), choices = choices,
                output_type = output_type)
}

# Inputs that trigger every guard: exp past 50, reciprocal near 0, ln of
# values <= 0, softplus overflow.
guard_inputs <- function() {
  x1 <- c(-40, -3, -1e-8, 0, 1e-9, 0.2, 1, 3, 40)
  data.frame(x1 = x1, x2 = seq(-1, 1, length.out = length(x1)))
}

engine_values <- function(f, data) {
  as.vector(engine_predict(f$spec, f$network, as.matrix(data[f$input_names]), length(f$output_names)))
}

test_that("the R code reproduces the engine for every primitive, guards included", {
  data <- guard_inputs()
  for (primitive in setdiff(primitive_names(), "none")) {
    for (params in list(c(1.7, -0.3), c(30, 2), c(-0.4, 0.0004))) {
      f <- one_primitive_fit(primitive, params)
      expected <- engine_values(f, data)
      e <- equation(f, format = "r", form = "nodes")
      expect_equal(eval(e[[1]], data), expected, tolerance = 1e-12,
                   label = paste(primitive, toString(params)))
      g <- as.function(f, form = "nodes")
      expect_equal(g(data$x1, data$x2), expected, tolerance = 1e-12,
                   label = paste("as.function", primitive))
    }
  }
})

test_that("the R code matches predict() to rounding error on real fits", {
  f <- quick_fit()
  data <- seed_data()
  # the engine's exp() is within an ulp or two of R's
  expect_equal(eval(equation(f, format = "r", form = "nodes")[[1]], data), unname(predict(f, data)),
               tolerance = 1e-14)
  expect_equal(as.function(f, form = "nodes")(data$x1, data$x2), unname(predict(f, data)),
               tolerance = 1e-14)
})

test_that("the R code covers several nodes, trained output layers and output functions", {
  fits <- list(
    hand_made_fit(nodes = 2),
    hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
    hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2,
                  output_type = "probability_distribution"),
    hand_made_fit(output_type = "sigmoid"),
    wide_hand_made_fit(inputs = 3, nodes = 3)
  )
  for (f in fits) {
    data <- as.data.frame(f$x)
    expected <- engine_predict(f$spec, f$network, f$x, length(f$output_names))
    e <- equation(f, format = "r", form = "nodes")
    expect_s3_class(e, NA)
    expect_type(e, "expression")
    expect_named(e, f$output_names)
    got <- vapply(e, function(call) eval(call, data), numeric(nrow(data)))
    expect_equal(unname(got), unname(expected), tolerance = 1e-12)
    g <- as.function(f, form = "nodes")
    expect_named(formals(g), f$input_names)
    expect_equal(unname(as.matrix(do.call(g, data))), unname(expected), tolerance = 1e-12)
    if (length(f$output_names) > 1) expect_equal(colnames(do.call(g, data)), f$output_names)
  }
})

test_that("the R code shows the coefficients exactly and the guards as documented", {
  f <- hand_made_fit()
  expect_equal(equation(f, format = "r", form = "nodes"),
               expression(y = 2 * x1 + exp(pmin(5 * x2, 50))))
  expect_equal(equation(f, format = "r", guards = FALSE, form = "nodes"),
               expression(y = 2 * x1 + exp(5 * x2)))
  model <- f$network
  model$theta["x1 -> k1", "mult", 1] <- 2 + 1e-13
  f <- with_network(f, model)
  e <- equation(f, format = "r", form = "nodes")
  expect_identical(e[[1]][[2]][[2]], 2 + 1e-13)
  reparsed <- eval(parse(text = deparse(e, control = "digits17"))[[1]])
  expect_identical(reparsed[[1]][[2]][[2]], 2 + 1e-13)
  expect_snapshot({
    equation(one_primitive_fit("linear_ln", 2), format = "r", form = "nodes")
    equation(one_primitive_fit("reciprocal"), format = "r", form = "nodes")
    equation(one_primitive_fit("linear_softminus", c(2, 0.5)), format = "r", form = "nodes")
    equation(one_primitive_fit("linear_softminus", c(2, 0.5)), format = "r", guards = FALSE, form = "nodes")
    equation(hand_made_fit(nodes = 2, trainable_classifier = TRUE), format = "r", form = "nodes")
    as.function(hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2,
                              output_type = "probability_distribution"), form = "nodes")
  })
})

test_that("stats::D() differentiates the plain form", {
  f <- hand_made_fit(nodes = 2)
  plain <- equation(f, format = "r", guards = FALSE, form = "nodes")
  d_x2 <- D(plain, "x2")
  data <- data.frame(x1 = c(0.1, 0.7), x2 = c(0.3, 0.9))
  # k2 = -x1 - 1 + exp(5 x2) - 0.5 k1, y = k1 + k2: dy/dx2 = 5 exp(5 x2).
  expect_equal(eval(d_x2, data), 5 * exp(5 * data$x2))
  expect_equal(eval(D(plain, "x1"), data), 2 - 1 - 0.5 * 2)
  # Against a finite difference for a model of logistic, sin and softplus.
  f <- hand_made_fit(
    primitives = c("none", "linear_logistic", "linear_sin", "linear_softplus"),
    choices = list("x1 -> k1" = list("linear_logistic", c(2, -0.5)),
                   "x2 -> k1" = list("linear_softplus", c(1.5, 2))),
    output_type = "probability"
  )
  plain <- equation(f, format = "r", guards = FALSE, form = "nodes")
  h <- 1e-6
  at <- data.frame(x1 = 0.3, x2 = 0.6)
  shifted <- transform(at, x2 = x2 + h)
  numeric_slope <- (eval(plain[[1]], shifted) - eval(plain[[1]], at)) / h
  expect_equal(eval(D(plain, "x2"), at), numeric_slope, tolerance = 1e-4)
  # Softplus is guarded, so its exact form is not differentiable by D() ...
  expect_error(D(equation(f, format = "r", form = "nodes"), "x2"), "abs")
  # ... but a model without guarded primitives is, in both forms alike.
  g <- hand_made_fit(
    primitives = c("none", "linear_logistic", "linear_sin", "linear_tanh"),
    choices = list("x1 -> k1" = list("linear_tanh", c(2, -0.5)),
                   "x2 -> k1" = list("linear_sin", c(1.5, 2))),
    output_type = "probability"
  )
  expect_identical(D(equation(g, format = "r", form = "nodes"), "x2"),
                   D(equation(g, format = "r", guards = FALSE, form = "nodes"), "x2"))
  # Where no guard is active, the plain form is the model.
  expect_equal(eval(plain[[1]], as.data.frame(f$x)), unname(f$fitted.values[, 1]),
               tolerance = 1e-12)
})

test_that("the R code of a formula fit is in the data's variables", {
  data <- seed_data()
  data$group <- factor(rep(c("a", "b"), length.out = nrow(data)))
  set.seed(3)
  f <- fit(quick_spec(max_epochs = 3), y ~ log(x1 + 1) + I(x2^2) + group, data = data,
           verbose = FALSE)
  e <- equation(f, format = "r", form = "nodes")
  vars <- all.vars(e)
  expect_true(all(vars %in% c("x1", "x2", "group")))
  expect_equal(eval(e[[1]], data), unname(predict(f, data)), tolerance = 1e-12)
  g <- as.function(f, form = "nodes")
  expect_named(formals(g), c("x1", "x2", "group"))
  expect_equal(g(data$x1, data$x2, data$group), unname(predict(f, data)), tolerance = 1e-12)
  expect_equal(design_term_call("groupb", "group", list(group = c("a", "b"))), quote((group == "b")))
  expect_equal(design_term_call("I(x^2)", "I(x^2)", list()), quote(x^2))
  expect_null(design_term_call("poly(x, 2)1", "poly(x, 2)", list()))
})

test_that("as.function() works on its own and keeps one value per row", {
  f <- hand_made_fit(choices = list("x1 -> k1" = list("none"), "x2 -> k1" = list("none")))
  g <- as.function(f, form = "nodes")
  expect_equal(g(1:3, 1:3), c(0, 0, 0))
  expect_identical(environment(g), baseenv())
  # A function of its own: it runs without the fit or dartsr's namespace.
  f <- hand_made_fit()
  g <- as.function(f, form = "nodes")
  text <- deparse(g, control = "digits17")
  h <- eval(parse(text = text), baseenv())
  expect_equal(h(0.5, 0.25), g(0.5, 0.25))
  # Hidden nodes do not shadow an input called like them.
  expect_equal(local_names(c("k1", "k2", "y"), c("k1", "x")), c(".k1", "k2", "y"))
  expect_equal(local_names(c("k1", "k1"), "x"), c("k1", ".k1"))
})

test_that("equation(format = 'r') and as.function() check their arguments", {
  f <- hand_made_fit()
  expect_error(as.function(f, guards = "yes", form = "nodes"), class = "dartsr_error_invalid_argument")
  expect_error(as.function(f, 1, form = "nodes"))
  expect_error(equation(f, format = "R", form = "nodes"), class = "dartsr_error_invalid_argument")
})

test_that("network_values() gives every source's and every term's values, as the engine computes", {
  edges <- dartsr:::edge_table("x", 2)
  theta <- array(0, c(3, 2, 2), list(NULL, c("linear_exp", "add"), NULL))
  theta[1, "linear_exp", ] <- c(0.5, -1)
  model <- list(architecture = c("linear_exp", "add", "add"), node_kinds = c("sum", "product"),
                theta = theta, weight = matrix(1, 1, 2), bias = 0)
  x <- matrix(c(-1, 0, 2), ncol = 1)
  values <- dartsr:::network_values(model, edges, x)
  k1 <- exp(0.5 * x[, 1] - 1)
  expect_equal(values$sources, list(x[, 1], k1, x[, 1] * k1))
  expect_equal(values$terms, list(k1, x[, 1], k1))
  model$architecture[2] <- "none"
  values <- dartsr:::network_values(model, edges, x)
  expect_null(values$terms[[2]])
  expect_equal(values$sources[[3]], k1)
})
