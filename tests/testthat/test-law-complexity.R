# Complexity and shape: what the front charges an equation, and the key by
# which graphs that write the same equation are fitted once.

test_that("complexity counts operations and free constants", {
  expect_identical(call_complexity(quote(2 * x1 + exp(5 * x2))), 6L)
  expect_identical(call_complexity(quote(20 * x + 10)), 4L)
  expect_identical(call_complexity(0.5), 1L)
  expect_identical(call_complexity(quote(logistic(6 * x - 3))), 5L)
  expect_identical(call_complexity(quote(0.93 * x^0.8)), 4L)
  expect_identical(call_complexity(quote(x)), 0L)
  expect_identical(call_complexity(quote(-x + 1 / z)), 2L)
  expect_identical(call_complexity(quote(x - 1 / z)), 2L)
  expect_identical(call_complexity(quote(-1 * x)), 0L)
  expect_identical(call_complexity(quote(softplus(x, 1) + softminus(x, 2))), 4L)
  expect_identical(call_complexity(quote(1.0000001 * exp(x))), 3L)
  expect_identical(call_complexity(quote(1.0000001 * exp(x)), digits = 3), 1L)
  # 1 / x^2 prints as x^-2 in a sum: one operation, as x^2 is; a power that
  # is not whole is a constant more.
  expect_identical(call_complexity(quote(12 / (1 / x^2 + 4))), 5L)
  expect_identical(call_complexity(quote(12 / (x^-1.9993 + 4))), 6L)
  expect_identical(call_complexity(quote(1 / (x + 1))), 3L)
})

# The shape of the law of a one-node model (see one_primitive_model()).
law_shape <- function(m) model_law(m$model, m$edges, c("x1", "x2"), "real")$shape

test_that("a law's shape ignores coefficient values, not structure", {
  a <- one_primitive_model("linear_exp")
  b <- a
  b$model$theta[1, "linear_exp", ] <- c(-0.4, 2)
  b$model$weight[] <- -4
  b$model$bias <- 7
  expect_identical(law_shape(a), law_shape(b))
  expect_identical(law_shape(a), ".c * x2 + .c * exp(.c * x1) + .c")
  # exp(x1) has no rate: a constant less, another shape.
  expect_identical(law_shape(one_primitive_model("exp")), ".c * x2 + .c * exp(x1) + .c")
  expect_identical(law_shape(one_primitive_model("linear_reciprocal")), ".c * x2 + .c/x1 + .c")
  expect_identical(law_shape(one_primitive_model("affine_reciprocal")),
                   ".c * x2 + .c/(x1 + .c) + .c")
})

test_that("a square's exponent is structure, and so is a denominator's unit constant", {
  expect_identical(law_shape(one_primitive_model("linear_square")),
                   ".c * x2 + .c * (x1 + .c)^2 + .c")
  e <- simplify_call(quote(2 * exp(-0.5 * (1.4 * x - 1.68)^2) + 0.3))
  # *, exp, *, ^, -, + and the constants 2, -0.98, 1.2, 0.3; not the 2 of the square.
  expect_equal(call_complexity(e), 10)
  unit <- quote(1.2 * A / (0.1 * D + 1))
  expect_equal(call_complexity(unit), 3 + 1 + 2)
  expect_equal(constants_in(unit), c(1.2, 0.1))
  expect_identical(deparse(symbolic_call(unit, c("b1", "b2"))), "b1 * A/(b2 * D + 1)")
  # A constant 1 anywhere else is a constant like any other.
  expect_equal(constants_in(quote(2 * x + 1)), c(2, 1))
})
