test_that("all 30 edge primitives and the product node are listed with their parameters", {
  table <- darts_primitives()
  expect_equal(sum(table$kind == "edge"), 30)
  expect_identical(table$name[table$kind == "node"], "product")
  expect_identical(table$name[table$kind == "edge"], dartsr:::engine_primitive_table()$name)
  expect_true(all(c("none", "linear_exp", "softminus", "linear_ln", "linear_square",
                    "affine_reciprocal") %in% table$name))
  expect_equal(table$label[table$name == "affine_reciprocal"], "1 / (a * x + b)")
  expect_equal(table$label[table$name == "linear_square"], "(a * x + b)^2")
  expect_equal(table$dof[table$name == "none"], 0)
  expect_equal(table$dof[table$name == "add"], 1)
  expect_equal(table$dof[table$name == "linear"], 3)
  expect_equal(table$params[[which(table$name == "linear_softplus")]], c("a", "beta"))
  expect_equal(table$params[[which(table$name == "linear_power")]], c("a", "beta"))
  expect_equal(table$label[table$name == "linear_power"], "(a * x)^beta")
})

# The engine's values of one primitive (its a = 1, b = 0; beta = 1 for softplus
# and softminus) at x, through a one-node model with output weight 1.
primitive_values <- function(name, x, params = NULL) {
  spec <- darts_regressor(num_graph_nodes = 1, primitives = name)
  model <- list(architecture = name, theta = array(c(0, 1), c(1, 1, 2)),
                weight = matrix(1), bias = 0)
  if (name %in% c("softplus", "softminus")) model$theta[] <- c(1, 0)
  if (!is.null(params)) model$theta[] <- params
  as.vector(dartsr:::engine_predict(spec, model, matrix(x), 1))
}

test_that("the engine evaluates each primitive as documented, guards included", {
  x <- c(-2, -0.5, 0, 1e-9, 0.5, 3, 100)
  reference <- list(
    add = x, subtract = -x, relu = pmax(0, x), logistic = 1 / (1 + exp(-x)),
    exp = exp(pmin(x, 50)), sin = sin(x), cos = cos(x), tanh = tanh(x),
    reciprocal = 1 / ifelse(abs(x) < 1e-6, ifelse(x < 0, -1e-6, 1e-6), x),
    ln = ifelse(x > 0, log(pmax(x, 0) + 1e-10), 0),
    softplus = log1p(exp(x)), softminus = x - log1p(exp(x)),
    square = x^2
  )
  for (name in names(reference)) {
    got <- primitive_values(name, x)
    expect_equal(got, reference[[name]], tolerance = 1e-12, label = name)
    expect_true(all(is.finite(got)))
  }
})

test_that("the engine's elementary functions agree with R's to a few ulp", {
  # The engine has its own vectorised elementary functions (src/fastmath.h).
  worst_relative <- function(got, expected) max(abs(got - expected) / abs(expected))
  eps <- .Machine$double.eps
  set.seed(1)
  wide <- c(runif(2e4, -700, 50), runif(2e4, -1, 1), 10^runif(2e4, -300, 1),
            -10^runif(2e4, -300, 1), 0)
  expect_lte(worst_relative(primitive_values("exp", wide), exp(wide)), 2 * eps)
  expect_lte(worst_relative(primitive_values("tanh", wide[wide != 0]), tanh(wide[wide != 0])),
             4 * eps)
  expect_lte(worst_relative(primitive_values("logistic", wide), stats::plogis(wide)), 4 * eps)
  positive <- c(10^runif(2e4, -300, 300), runif(2e4, 0, 3), 1e-10)
  expect_lte(worst_relative(primitive_values("ln", positive), log(positive + 1e-10)), 4 * eps)
  softplus <- pmax(wide, 0) + log1p(exp(-abs(wide)))
  expect_lte(worst_relative(primitive_values("softplus", wide), softplus), 4 * eps)
  expect_lte(max(abs(primitive_values("softminus", wide) - (wide - softplus)) /
                   pmax(1, abs(wide))), 4 * eps)

  angles <- c(runif(2e4, -10, 10), runif(2e4, -5e5, 5e5), pi * (-20:20) / 2)
  expect_lte(max(abs(primitive_values("sin", angles) - sin(angles))), 2 * eps)
  expect_lte(max(abs(primitive_values("cos", angles) - cos(angles))), 2 * eps)
  # beyond the fast range reduction, R's own sin and cos take over
  huge <- c(1e6, -3e7, 1e15, 1e300)
  expect_equal(primitive_values("sin", huge), sin(huge), tolerance = 0)

  # limits: exp below its range is 0, tanh and the logistic saturate exactly
  expect_equal(primitive_values("exp", c(-720, -1e300, 60)), c(0, 0, exp(50)))
  expect_equal(primitive_values("tanh", c(-1e300, -40, 40, 1e300)), c(-1, -1, 1, 1),
               tolerance = 0)
  expect_equal(primitive_values("logistic", c(-1e300, 1e300, 0)), c(0, 1, 0.5), tolerance = 0)
  expect_equal(primitive_values("ln", c(-1, 0, 1e308)), c(0, 0, log(1e308)))
})

test_that("the affine square and reciprocal take a * x + b, the reciprocal guarded", {
  x <- c(-2, -0.5, 0, 1e-9, 0.5, 3, 100)
  u <- 2 * x - 1
  expect_equal(primitive_values("linear_square", x, c(2, -1)), u^2, tolerance = 1e-12)
  held <- ifelse(abs(u) < 1e-6, ifelse(u < 0, -1e-6, 1e-6), u)
  expect_equal(primitive_values("affine_reciprocal", x, c(2, -1)), 1 / held, tolerance = 1e-12)
  expect_equal(primitive_values("affine_reciprocal", 0.5, c(2, -1)), 1e6)
})

test_that("the power is the ln's domain raised to beta, held where exp is", {
  x <- c(-2, -0.5, 0, 1e-9, 0.5, 3, 100)
  engine_power <- function(u, p) ifelse(u > 0, exp(pmin(p * log(pmax(u, 1e-10)), 50)), 0)
  expect_equal(primitive_values("linear_power", x, c(2, 0.5)), engine_power(2 * x, 0.5),
               tolerance = 1e-12)
  expect_equal(primitive_values("linear_power", x, c(1, -1.5)), engine_power(x, -1.5),
               tolerance = 1e-12)
  # (1e-9)^-3 = 1e27 is past exp(50): held there, as exp is.
  expect_equal(primitive_values("linear_power", 1e-9, c(1, -3)), exp(50), tolerance = 1e-12)
  # No real power of a negative number: 0, as the ln's guard gives; at a
  # whole exponent, R's power.
  expect_identical(primitive_values("linear_power", c(-3, -1e-9, 0), c(1, 0.5)), c(0, 0, 0))
  expect_equal(primitive_values("linear_power", c(-3, -0.5, 0, 2), c(1, 2)),
               c(9, 0.25, 0, 4), tolerance = 1e-9)
  expect_equal(primitive_values("linear_power", c(-3, -0.5, 2), c(1, -3)),
               c(-1 / 27, -8, 1 / 8), tolerance = 1e-9)
  # Above 1e-10 the base is held, not offset: a small base's power is exact.
  small <- c(1e-6, 1e-3, 0.01)
  expect_lte(max(abs(primitive_values("linear_power", small, c(1, 0.5)) / sqrt(small) - 1)),
             1e-14)
  expect_equal(primitive_values("linear_power", 1e-12, c(1, 0.5)), sqrt(1e-10))
})

test_that("the power's gradients, in a, beta and its input, match finite differences", {
  spec <- darts_regressor(num_graph_nodes = 2, primitives = c("linear_power", "add", "product"))
  set.seed(3)
  state <- random_state(spec, c("x1", "x2"), 1)
  state$theta[, "linear_power", 1] <- c(0.8, 1.3, 0.6, 0.9, 1.1)
  state$theta[, "linear_power", 2] <- c(-0.7, 2.5, 0.4, -1.2, 1.7)
  x <- matrix(stats::runif(60, 0.3, 2), 30, 2, dimnames = list(NULL, c("x1", "x2")))
  y <- matrix(stats::rnorm(30), 30, 1, dimnames = list(NULL, "y"))
  expect_gradients_match(spec, state, x, y)
  # Negative bases at whole exponents: slopes in a and in the input.
  state$theta[, "linear_power", 1] <- -state$theta[, "linear_power", 1]
  state$theta[, "linear_power", 2] <- c(2, -1, 3, 1, -2)
  expect_gradients_match(spec, state, x, y)
})

test_that("every outer function the engine names is described once in R", {
  engine <- dartsr:::engine_primitive_table()
  expect_setequal(unique(engine$outer), names(dartsr:::OUTER_FUNCTIONS))
  # The R side's parameters follow the engine's inner maps.
  expect_equal(lengths(dartsr:::primitive_table()$params),
               engine$n_inner + engine$has_beta)
})

test_that("product needs an edge primitive beside it", {
  expect_error(darts_regressor(primitives = "product"), class = "dartsr_error_invalid_argument")
  spec <- darts_regressor(primitives = c("add", "product"))
  expect_true(dartsr:::has_product_nodes(spec$primitives))
  expect_identical(dartsr:::edge_primitives(spec$primitives), "add")
})
