# The law: a sampled network written as one simplified equation per output,
# checked against the engine's own predictions.

law_values <- function(law, x) {
  code <- dartsr:::law_r_code(law, list(x1 = quote(x1), x2 = quote(x2)))
  eval(code[[1]], as.data.frame(x))
}

test_that("the law of every primitive computes what the engine predicts", {
  # x1 well above 0, so that the 1e-10 the engine adds inside ln() is rounding.
  x <- cbind(x1 = seq(2, 20, length.out = 40), x2 = seq(-1, 1, length.out = 40))
  for (primitive in setdiff(dartsr:::primitive_names(), "none")) {
    m <- one_primitive_model(primitive)
    law <- dartsr:::model_law(m$model, m$edges, c("x1", "x2"), "real")
    predicted <- dartsr:::engine_predict(m$spec, m$model, x, 1)[, 1]
    expect_equal(law_values(law, x), predicted, tolerance = 1e-10, info = primitive)
    expect_length(law$calls, 1)
    expect_true(law$complexity >= 1, info = primitive)
  }
})

test_that("a two-node power law reads as one power of x", {
  spec <- darts_regressor(num_graph_nodes = 2, primitives = c("none", "linear_ln", "linear_exp"))
  edges <- dartsr:::edge_table("x", 2)
  theta <- array(0, c(3, 3, 2), list(edges$name, spec$primitives, c("p1", "p2")))
  theta["x -> k1", "linear_ln", 1] <- 1.07
  theta["k1 -> k2", "linear_exp", ] <- c(0.8, 0.0742)
  model <- list(architecture = stats::setNames(c("linear_ln", "none", "linear_exp"), edges$name),
                theta = theta, weight = matrix(c(0, 0.878), 1, 2), bias = 0)
  law <- dartsr:::model_law(model, edges, "x", "real")
  text <- dartsr:::law_text(law, "y", "console", 3)
  expect_match(text, "^y = [0-9.]+ \\* x\\^0\\.8$")
  x <- cbind(x = seq(0.5, 10, length.out = 30))
  predicted <- dartsr:::engine_predict(spec, model, x, 1)[, 1]
  expect_equal(eval(dartsr:::law_r_code(law, list(x = quote(x)))[[1]], as.data.frame(x)),
               predicted, tolerance = 1e-8)
  expect_equal(law$n_constants, 2)
})

test_that("dead nodes and zero weights leave the equation", {
  spec <- darts_regressor(num_graph_nodes = 2, primitives = c("none", "add", "mult"))
  edges <- dartsr:::edge_table("x", 2)
  theta <- array(0, c(3, 3, 2), list(edges$name, spec$primitives, c("p1", "p2")))
  theta["k1 -> k2", "mult", 1] <- 3
  # k1 is 0, so the edge k1 -> k2 adds nothing and k1's weight is unidentifiable.
  model <- list(architecture = stats::setNames(c("none", "add", "mult"), edges$name),
                theta = theta, weight = matrix(c(0.014, -20), 1, 2), bias = 10)
  law <- dartsr:::model_law(model, edges, "x", "real")
  expect_identical(dartsr:::law_text(law, "y", "console", 3), "y = 10 - 20 * x")
  expect_equal(law$complexity, 4)
})

test_that("a fit's equation, R code, function and predictions agree", {
  f <- quick_fit(seed = 1)
  expect_true(f$law$exact)
  e <- equation(f, format = "r")
  d <- seed_data()
  expect_equal(eval(e[[1]], d), unname(predict(f, d)), tolerance = 1e-10)
  g <- as.function(f)
  expect_equal(g(x1 = d$x1, x2 = d$x2), unname(predict(f, d)), tolerance = 1e-10)
  expect_length(equation(f), 1)
  expect_match(equation(f), "^y = ")
  expect_gt(length(equation(f, form = "nodes")), 1)
})

test_that("the equation's constants are named in print order, with their signs", {
  expect_equal(dartsr:::constants_in(quote(2 * x1 - 0.4 * x2 + 3)), c(2, -0.4, 3))
  expect_equal(dartsr:::constants_in(quote(-(3 * x) + 1 / x - 2)), c(-3, -2))
  expect_identical(dartsr:::symbolic_call(quote(2 * x1 - 0.4 * x2 - 3), c("b1", "b2", "b3")),
                   quote(b1 * x1 + b2 * x2 + b3))
  f <- quick_fit(seed = 1)
  b <- coef(f)
  expect_identical(names(b), paste0("b", seq_along(b)))
  expect_equal(length(b), f$law$n_constants)
  # Putting the constants back into the symbolic equation gives predict().
  symbolic <- str2lang(sub("^y = ", "", equation(f, coefficients = "names")))
  code <- dartsr:::vocabulary_r(symbolic)
  env <- c(as.list(seed_data()), as.list(b))
  expect_equal(eval(code, env), unname(predict(f, seed_data())), tolerance = 1e-10)
  expect_identical(tidy(f)$term, names(b))
  expect_equal(tidy(f)$estimate, unname(b))
  expect_identical(names(coef(f, form = "nodes"))[1], "x1 -> k1: mult.a")
})


# ---- The network as expressions ------------------------------------------

# k1 = x1 * exp(0.5 * x2 + 0.1), a product; k2 = 2 * k1 + 1 / (x1 + 3), a sum
# of a scaled node and a ratio.
product_fit <- function() {
  hand_made_fit(
    nodes = 2, primitives = c("none", "add", "mult", "linear", "linear_exp",
                              "affine_reciprocal", "product"),
    node_kinds = c("product", "sum"),
    choices = list("x1 -> k1" = list("add"), "x2 -> k1" = list("linear_exp", c(0.5, 0.1)),
                   "x1 -> k2" = list("affine_reciprocal", c(1, 3)),
                   "k1 -> k2" = list("mult", 2))
  )
}

test_that("a product node is its edges' product, in the engine and in every rewriting", {
  f <- product_fit()
  x1 <- unname(f$x[, "x1"])
  x2 <- unname(f$x[, "x2"])
  k1 <- x1 * exp(0.5 * x2 + 0.1)
  expected <- k1 + 2 * k1 + 1 / (x1 + 3)
  expect_equal(as.vector(fitted(f)), expected, tolerance = 1e-12)
  data <- as.data.frame(f$x)
  for (form in c("simplified", "nodes")) {
    e <- equation(f, format = "r", form = form)
    expect_equal(eval(e[[1]], data), expected, tolerance = 1e-10, label = form)
    expect_equal(as.function(f, form = form)(x1, x2), expected, tolerance = 1e-10,
                 label = form)
  }
  expect_identical(equation(f), "y = 1 / (x1 + 3) + 3.32 * x1 * exp(0.5 * x2)")
  expect_identical(equation(f, form = "nodes")[1:2],
                   c("k1 = x1 * exp(0.5 * x2 + 0.1)", "k2 = 1 / (x1 + 3) + 2 * k1"))
  expect_identical(equation(f, format = "latex", form = "nodes")[1],
                   "k_{1} = x_{1} e^{0.5 x_{2} + 0.1}")
  expect_equal(coef(f), c(b1 = 3, b2 = 3 * exp(0.1), b3 = 0.5), tolerance = 1e-12)
})

test_that("the guarded R code holds a product and a square where the engine does", {
  f <- hand_made_fit(
    nodes = 1, primitives = c("none", "linear", "linear_square", "product"),
    node_kinds = "product",
    choices = list("x1 -> k1" = list("linear", c(1e20, 0)),
                   "x2 -> k1" = list("linear_square", c(1e16, 1)))
  )
  data <- data.frame(x1 = c(1, 2), x2 = c(1e-20, 1))
  e <- equation(f, format = "r", form = "nodes")
  expected <- as.vector(predict(f, data))
  expect_equal(eval(e[[1]], data), expected)
  # A product within the bound; 2e20 times a square held at 1e30, held at 1e30.
  expect_equal(expected, c(1e20 * (1e16 * 1e-20 + 1)^2, 1e30))
})

# k1 = (a1 * x1)^p1 * (a2 * x2)^p2, one product node, fitted on positive
# inputs (at 0, x2^-1.5 is the engine's 0, and no law).
power_product_fit <- function(a1, p1, a2, p2) {
  assemble_fit(
    x = seed_inputs() + 0.5, nodes = 1, outputs = 1,
    primitives = c("none", "linear_power", "product"), node_kinds = "product",
    choices = list("x1 -> k1" = list("linear_power", c(a1, p1)),
                   "x2 -> k1" = list("linear_power", c(a2, p2))),
    weight = matrix(1), bias = 0, epochs = 3, spec_args = list()
  )
}

test_that("a product of powers prints as one monomial, and its code guards the power", {
  f <- power_product_fit(4, 0.5, 1, -1.5)
  expect_identical(equation(f), "y = 2 * x1^0.5 * x2^-1.5")
  # A base that is not positive makes the engine's power 0; the guarded code
  # agrees, the plain code is R's x^p.
  data <- data.frame(x1 = c(0.25, 4, -1), x2 = c(1, 0.5, 2))
  expected <- as.vector(predict(f, data))
  expect_equal(expected, c(2 * 0.5, 2 * 2 * 0.5^-1.5, 0))
  expect_equal(eval(equation(f, format = "r", form = "nodes")[[1]], data), expected,
               tolerance = 1e-9)
  expect_equal(as.function(f)(data$x1[1:2], data$x2[1:2]), expected[1:2], tolerance = 1e-9)
  expect_equal(eval(equation(f, format = "r", guards = FALSE)[[1]], data[1:2, ]),
               expected[1:2], tolerance = 1e-9)
  # At whole exponents a negative base has its power, in the engine and in
  # the code.
  whole <- power_product_fit(1, 3, 2, -2)
  expect_identical(equation(whole), "y = 0.25 * x1^3 / x2^2")
  negative <- data.frame(x1 = c(-2, 0.5, 0), x2 = c(-1, -0.5, 1))
  expected <- as.vector(predict(whole, negative))
  expect_equal(expected, c(-2, 0.125, 0), tolerance = 1e-9)
  expect_equal(eval(equation(whole, format = "r", form = "nodes")[[1]], negative), expected,
               tolerance = 1e-9)
  expect_equal(as.function(whole)(negative$x1, negative$x2), expected, tolerance = 1e-9)
})

test_that("a product node is marked in the drawn graph", {
  graph <- darts_graph(product_fit(), digits = 3)
  expect_identical(graph$nodes$label[graph$nodes$kind == "hidden"], c("k1 \u00d7", "k2"))
})
