# The network as expressions: one path for the law, the R code, the
# equations node by node and the graph.

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
