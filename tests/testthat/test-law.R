# The law: a sampled network written as one simplified equation per output,
# checked against the engine's own predictions.

# A one-node model of `primitive` on x1 (parameters 0.7, 0.3, or beta 1.6)
# plus x2, with output weight 1.3 and bias 0.2.
one_primitive_model <- function(primitive) {
  spec <- darts_regressor(num_graph_nodes = 1, primitives = unique(c("none", "add", primitive)))
  edges <- dartsr:::edge_table(c("x1", "x2"), 1)
  theta <- array(0, c(2, length(spec$primitives), 2), list(edges$name, spec$primitives, c("p1", "p2")))
  params <- dartsr:::primitive_params(primitive)
  theta[1, primitive, seq_along(params)] <- c(a = 0.7, b = 0.3, beta = 1.6)[params]
  model <- list(architecture = stats::setNames(c(primitive, "add"), edges$name), theta = theta,
                weight = matrix(1.3, 1, 1), bias = 0.2)
  list(spec = spec, edges = edges, model = model)
}

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
  expect_identical(dartsr:::law_text(law, "y", "console", 3), "y = -20 * x + 10")
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
