# The simplifier must be exact: every rewrite is checked by evaluating the
# base-R code of the call before and after on a grid of inputs.

expect_exact_simplification <- function(e) {
  simplified <- simplify_call(e)
  expect_equal(evaluate_call(simplified), evaluate_call(e), tolerance = 1e-12,
               info = paste(deparse1(e), "->", deparse1(simplified)))
  invisible(simplified)
}

# Exact, and simplified once for all: a second simplification changes nothing.
expect_exact_fixed_point <- function(e) {
  once <- expect_exact_simplification(e)
  expect_identical(simplify_call(once), once)
}

console <- function(e) format_equation_call(simplify_call(e))

simplified_complexity <- function(e) dartsr:::call_complexity(simplify_call(e))

test_that("every rule keeps the value of the equation", {
  rules <- list(
    quote(2 + 3 * 4 - exp(0) / 2),
    quote(x + 0),
    quote(1 * x - 0 * z),
    quote(2 * (x1 + exp(5 * x2 - 0.6931471805599453))),
    quote(2 * (3 * x)),
    quote(-(-x) - y / 4),
    quote(x - (z - x)),
    quote(x / 0.5 + 2 / (4 * z)),
    quote(exp(1.5 * x + 0.25)),
    quote(0.7 * exp(-(2 * x - 1))),
    quote(log(3 * x) + log(0.5 * z)),
    quote(log(-2 * (-x))),
    quote(exp(0.8 * log(1.07 * x))),
    quote(exp(0.8 * log(1.07 * x) + 0.3 * z + 0.0742)),
    quote((2 * x)^0.5 * x^0.5),
    quote((x^0.5)^3 + (x^3)^0.5 + x^1 + z^0),
    quote((x^2)^0.5),
    quote((-2 * x)^2 + (x * z)^2 / x),
    quote(3 * log(2 * x) - 3 * log(5 * z)),
    quote(log(exp(x2 + 1)) + exp(log(x))),
    quote(log(x^0.5) + log(1 / z)),
    quote(logistic(6 * (x - 0.5)) + relu(2 * x2 - 0.1) + tanh(0.5 * (x + x))),
    quote(sin(2 * x + 0) * cos(x1 - 1) + 2 * sin(2 * x)),
    quote(softplus(2 * (x2 + 1), 2) - softminus(0.5 * x2, 1)),
    quote(softplus(1.5, 2) + softminus(-1, 0.5) + logistic(0) + relu(-2)),
    quote(1 / x + 2 / x - 3 / (0.5 * x)),
    quote((x + z) * (x + z) + x * z / (2 * z)),
    quote(0.15 * log(7.39 * x + 7.39) + log(2 * x + 3 * z + 1) + log(-0.5 * x2 + 0.6))
  )
  for (e in rules) expect_exact_simplification(e)
})

test_that("random compositions of the vocabulary stay exact", {
  set.seed(42)
  # Random expressions in x > 0, z > 0; log() only of positive expressions.
  positive <- function(depth) {
    if (depth == 0) return(sample(list(quote(x), quote(z)), 1)[[1]])
    inner <- real(depth - 1)
    a <- round(runif(1, 0.2, 2), 3)
    switch(sample(6, 1),
      call("exp", call("*", a, inner)),
      call("logistic", inner),
      call("softplus", inner, round(runif(1, 0.5, 2), 2)),
      call("*", a, positive(depth - 1)),
      call("^", positive(depth - 1), round(runif(1, 0.3, 1.5), 2)),
      call("/", 1, positive(depth - 1))
    )
  }
  real <- function(depth) {
    if (depth == 0) return(positive(0))
    a <- round(runif(1, -2, 2), 3)
    b <- round(runif(1, -1, 1), 4)
    switch(sample(7, 1),
      call("+", call("*", a, real(depth - 1)), b),
      call("-", positive(depth - 1), call("*", a, real(depth - 1))),
      call("log", call("*", abs(a) + 0.1, positive(depth - 1))),
      call("*", a, call("+", positive(depth - 1), call("exp", call("-", call("*", a, real(depth - 1)), b)))),
      call("tanh", real(depth - 1)),
      call("-", call("*", 2, call("log", positive(depth - 1))), call("*", 2, call("log", positive(depth - 1)))),
      call("exp", call("+", call("*", a, call("log", positive(depth - 1))), b))
    )
  }
  for (i in 1:150) {
    e <- real(sample(1:3, 1))
    before <- evaluate_call(e)
    if (!all(is.finite(before))) next
    expect_exact_simplification(e)
  }
})

test_that("simplification reaches a fixed point", {
  e <- quote(0.878 * exp(0.8 * log(1.07 * x) + 0.0742) + 0.00116 * log(1.07 * x) + 0)
  once <- simplify_call(e)
  expect_identical(simplify_call(once), once)
})

test_that("known equations simplify to their plain form", {
  expect_equal(console(quote(2 * (x1 + exp(5 * x2 - 0.6931471805599453)))), "2 * x1 + exp(5 * x2)")
  expect_equal(console(quote(0.014 * 0 - 0.00262 * 0 + 0.5)), "0.5")
  expect_identical(simplify_call(quote(0.014 * 0 - 0.00262 * 0 + 0.5)), 0.5)
  expect_equal(console(quote(0.487 * 0 - 20 * (-x) + 10)), "20 * x + 10")
  expect_equal(console(quote(2 * (3 * x))), "6 * x")
  expect_equal(console(quote(-(-x))), "x")
  expect_equal(console(quote(x + 0)), "x")
  expect_equal(console(quote(0 * x + 1 * z)), "z")
  expect_equal(console(quote(x / 4)), "0.25 * x")
  expect_equal(console(quote(x^1 + z^0)), "x + 1")
  expect_equal(console(quote((x^0.5)^3)), "x^1.5")
  expect_equal(console(quote(exp(log(x)))), "x")
  expect_equal(console(quote(log(-2 * x))), "ln(-x) + 0.693")
  expect_equal(console(quote(logistic(6 * (x - 0.5)))), "logistic(6 * x - 3)")
  # A coefficient within rounding of 1 is 1, in the law and in its count.
  unit <- simplify_call(quote(0.9999999999999998 * A * exp(-0.9999999999999998 * E / T)))
  expect_identical(unit, simplify_call(quote(A * exp(-E / T))))
  expect_identical(dartsr:::call_complexity(unit), dartsr:::call_complexity(quote(A * exp(-E / T))))
  expect_identical(simplify_call(quote(0.999999 * x)), quote(0.999999 * x))
  # A constant over a logistic is an exponential.
  expect_equal(console(quote(-3 / logistic(0.5 * t) + 6)), "3 - 3 * exp(-0.5 * t)")
  expect_equal(console(quote(x / logistic(t))), "x / logistic(t)")
  # Odd and even functions take the sign out of their argument.
  expect_equal(console(quote(-0.997 * d * sin(-0.262 * t) + 2)), "0.997 * d * sin(0.262 * t) + 2")
  expect_equal(console(quote(2 * tanh(1 - 3 * x))), "-2 * tanh(3 * x - 1)")
  expect_equal(console(quote(cos(-0.5 * t + 1))), "cos(0.5 * t - 1)")
  # The logarithm of a sum takes its scale out: Hick's law.
  expect_equal(console(quote(0.15 * log(7.39 * n + 7.39) + 0.1)), "0.15 * ln(n + 1) + 0.4")
})

test_that("a power of a logarithm folds into one coefficient", {
  e <- quote(0.878 * exp(0.8 * log(1.07 * x) + 0.0742) + 0 * log(1.07 * x))
  s <- simplify_call(e)
  expect_true(is.call(s) && identical(s[[1]], as.name("*")))
  expect_identical(s[[3]], quote(x^0.8))
  expect_equal(s[[2]], 0.878 * exp(0.0742) * 1.07^0.8, tolerance = 1e-12)
})

test_that("a difference of logarithms becomes one logarithm", {
  s <- simplify_call(quote(3 * log(2 * x) - 3 * log(5 * z)))
  text <- deparse1(s)
  expect_equal(lengths(regmatches(text, gregexpr("log(", text, fixed = TRUE))), 1)
  expect_true(grepl("log(x/z)", text, fixed = TRUE))
  expect_equal(console(quote(3 * log(2 * x) - 3 * log(5 * z))), "3 * ln(x / z) - 2.75")
})

test_that("the logarithm of a ratio is written with a positive coefficient", {
  expect_equal(console(quote(-0.1 * log(W / D) + 0.269)), "0.1 * ln(D / W) + 0.269")
  expect_equal(console(quote(1 - log(x2 / x1))), "ln(x1 / x2) + 1")
  expect_exact_simplification(quote(-0.1 * log(z / x) + 0.269))
  # not of a product or of one source: that would write ln(1 / x)
  expect_equal(console(quote(-0.7 * log(x) + 1)), "1 - 0.7 * ln(x)")
  expect_equal(console(quote(-0.7 * log(x * z) + 1)), "1 - 0.7 * ln(x * z)")
  # it meets its inverse
  expect_equal(console(quote(0.3 * log(x / z) - 0.1 * log(z / x))), "0.4 * ln(x / z)")
  expect_equal(console(quote(0.1 * log(x / z) - 0.1 * log(z / x) - 0.2 * log(x / z))), "0")
  once <- simplify_call(quote(-2 * log(z / x) + x))
  expect_identical(simplify_call(once), once)
  # So is a product with one such ln: Nernst's equation.
  nernst <- list(quote(-0.5 * y * log(z / x)), quote(-y * log(z / x) / x1),
                 quote(-0.5 * y * log(z / x) + 0.25 * y * log(x / z)))
  for (e in nernst) expect_exact_simplification(e)
  expect_equal(console(nernst[[1]]), "0.5 * y * ln(x / z)")
  expect_equal(console(nernst[[2]]), "y * ln(x / z) / x1")
  expect_equal(console(nernst[[3]]), "0.75 * y * ln(x / z)")
  # (not where two of them would both turn)
  expect_equal(console(quote(-y * log(z / x) * log(x1 / y))), "-y * ln(x1 / y) * ln(z / x)")
})

test_that("the approximate identities are left alone", {
  root_of_square <- call("^", quote(x^2), 0.5)
  expect_identical(simplify_call(root_of_square), root_of_square)
  expect_identical(simplify_call(quote(log(x^2))), quote(log(x^2)))
  expect_identical(simplify_call(quote(logistic(x) + relu(x))), quote(logistic(x) + relu(x)))
  expect_identical(simplify_call(quote(softplus(x, 2))), quote(softplus(x, 2)))
  # Folding keeps the call outside the real domain.
  expect_identical(simplify_call(quote(log(-1) + x)), call("+", call("log", -1), quote(x)))
})

test_that("sums have one canonical order", {
  a <- simplify_call(quote(exp(2 * z) + 3 * x + 1 + log(x)))
  b <- simplify_call(quote(1 + log(x) + x * 3 + exp(z * 2)))
  expect_identical(a, b)
  expect_identical(simplify_call(quote(x * z)), simplify_call(quote(z * x)))
  expect_equal(format_equation_call(a), "3 * x + ln(x) + exp(2 * z) + 1")
})

test_that("products and ratios of sums are exact, monic and simple", {
  rules <- list(
    quote(0.5 * (x * (1 / (0.2 * z + 2)))),
    quote(3 * (x * (1 / (1.2 * x + 0.48))) + 0.1),
    quote(2 * exp(-0.5 * (1.4 * x - 1.68)^2 + 0.1) + 0.3),
    quote(1.1 * (exp(2 * x + 1) * exp(3 * z - 2))),
    quote((2 * x + 1) * (3 * z - 6) / (0.5 * y + 1)),
    quote(exp(0.5 * log(2 * x + 4))),
    quote(exp(2 * x) * exp(-2 * x) * z),
    quote(0.9 * (exp(-5 * x + 0.2))^0.6 + 2 / exp(3 * x))
  )
  for (e in rules) expect_exact_simplification(e)
  expect_equal(console(quote(3 * (x * (1 / (1.2 * x + 0.48))))), "2.5 * x / (x + 0.4)")
  expect_equal(console(quote(0.5 * (x * (1 / (0.2 * z + 2))))), "2.5 * x / (z + 10)")
  expect_equal(console(quote(2 * exp(-0.5 * (1.4 * x - 1.68)^2))), "2 * exp(-0.98 * (x - 1.2)^2)")
  # Exponentials multiply into one; an exponent that cancels leaves 1.
  expect_equal(console(quote(1.1 * (exp(2 * x + 1) * exp(3 * z - 2)))),
               "0.405 * exp(2 * x + 3 * z)")
  expect_equal(console(quote(exp(2 * x) * exp(-2 * x) * z)), "z")
  # So does a power of one exponential: a power of a node that is one.
  expect_equal(console(quote(0.9 * exp(-5 * x)^0.6 + 2 / exp(x))),
               "0.9 * exp(-3 * x) + 2 * exp(-x)")
  # A power of a shifted input keeps its shift inside.
  expect_equal(console(quote(exp(0.5 * log(2 * x + 4)))), "1.41 * (x + 2)^0.5")
  expect_equal(console(quote(0.8 * (V * P))), "0.8 * P * V")
})

test_that("an exponential times a sum of like exponentials is multiplied out", {
  rules <- list(
    quote(2 * exp(-0.5 * x^2) * (exp(-1.5 * x^2) - 0.5)),
    quote(1.94 * exp(-0.0221 * x) * (exp(0.00926 * x) - 0.757) + 0.375),
    quote(exp(-0.2 * x) * (1 - exp(-0.8 * x))),
    quote(exp(-x) * (exp(x) + 2))
  )
  for (e in rules) expect_exact_fixed_point(e)
  # A difference of Gaussians, a sum of two decays, a Bateman curve.
  expect_equal(console(rules[[1]]), "2 * exp(-2 * x^2) - exp(-0.5 * x^2)")
  expect_equal(console(rules[[2]]), "1.94 * exp(-0.0128 * x) - 1.47 * exp(-0.0221 * x) + 0.375")
  expect_equal(console(rules[[3]]), "exp(-0.2 * x) - exp(-x)")
  # An exponent that cancels leaves a constant.
  expect_equal(console(rules[[4]]), "2 * exp(-x) + 1")
  # Written out, it is no longer than the product.
  expect_lt(simplified_complexity(rules[[1]]), dartsr:::call_complexity(rules[[1]]))
  # Unlike exponents, or another factor beside the exponential, would be
  # written twice: the product stays.
  expect_equal(console(quote(3 * exp(-x) * (exp(-t) + 1))), "3 * exp(-x) * (exp(-t) + 1)")
  expect_equal(console(quote(x * exp(-x) * (exp(-2 * x) + 1))), "x * exp(-x) * (exp(-2 * x) + 1)")
  expect_equal(console(quote(exp(-x) * (x + 1))), "(x + 1) * exp(-x)")
})

test_that("a logistic beside a constant is written rising", {
  rules <- list(
    quote(-0.5 * logistic(-2 * x + 4) + 1),
    quote(-2 * logistic(-1.6 * x1 - x2) + 1),
    quote(3 * logistic(x) + 2 * logistic(-x) + 1),
    quote(logistic(-x) + z * logistic(-x) - 1)
  )
  for (e in rules) expect_exact_fixed_point(e)
  # A two-alternative psychometric function; tanh(0.8 * x1 + 0.5 * x2).
  expect_equal(console(rules[[1]]), "0.5 * logistic(2 * x - 4) + 0.5")
  expect_equal(console(rules[[2]]), "2 * logistic(1.6 * x1 + x2) - 1")
  # Reflected terms of one logistic merge; a constant that cancels goes.
  expect_equal(console(rules[[3]]), "logistic(x) + 3")
  expect_equal(console(rules[[4]]), "z * logistic(-x) - logistic(x)")
  # No constant to take up the difference: the logistic stays as it is.
  expect_equal(console(quote(0.5 * logistic(-2 * x + 4))), "0.5 * logistic(4 - 2 * x)")
  expect_identical(simplified_complexity(rules[[1]]),
                   simplified_complexity(quote(0.5 * logistic(2 * x - 4) + 0.5)))
})

test_that("negative whole powers are written under a denominator", {
  simplify_call <- dartsr:::simplify_call
  written <- function(e) deparse(simplify_call(e))
  expect_identical(written(quote(q1 * q2 * r^-2)), "q1 * q2/r^2")
  expect_identical(written(quote(x * y^-3 / z)), "x/(y^3 * z)")
  # A fractional power stays where it is.
  expect_identical(written(quote(x^-0.5)), "x^-0.5")
})

test_that("a reciprocal of an input leaves a denominator: Michaelis-Menten as it is written", {
  expect_equal(console(quote(0.5 / (1 / x + 0.25))), "2 * x / (x + 4)")
  expect_equal(console(quote(2 / (1 / x + 1 / z))), "2 * x * z / (x + z)")
  expect_equal(console(quote(2 / (x + 1 / x))), "2 * x / (x^2 + 1)")
  for (e in list(quote(0.5 / (1 / x + 0.25)), quote(2 / (1 / x + 1 / z)),
                 quote(3 / (1 / x + exp(z))), quote(2 / (x + 1 / x)))) {
    expect_exact_simplification(e)
  }
  # Other powers stay: x^2 written twice would count twice.
  expect_equal(console(quote(12 / (1 / x^2 + 4))), "12 / (1 / x^2 + 4)")
  expect_equal(console(quote(0.25 / (x^-2.5 + 0.06))), "0.25 / (x^-2.5 + 0.06)")
  # A reciprocal of a sum is not an input's.
  expect_equal(console(quote(2 / (1 / (x + 1) + 3))), "2 / (1 / (x + 1) + 3)")
})

test_that("a memo of passes gives what simplification without it gives, and stays bounded", {
  simplify_call <- dartsr:::simplify_call
  calls <- list(quote(2 * (x + 3 * x) + exp(0 + y)), quote(q1 * q2 * r^-2),
                quote(1 / (1 / (a * x + b))), quote(2 * (x + 3 * x) + exp(0 + y) - x))
  memo <- dartsr:::simplify_memo()
  for (e in c(calls, calls)) {
    expect_identical(simplify_call(e, memo = memo), simplify_call(e))
  }
  expect_gt(memo$.size, 0L)
  # Past its bound the memo starts afresh rather than growing.
  memo$.size <- dartsr:::SIMPLIFY_MEMO_MAX
  simplify_call(quote(3 * z + 4 * z), memo = memo)
  expect_lt(memo$.size, dartsr:::SIMPLIFY_MEMO_MAX)
  expect_identical(length(ls(memo)), memo$.size)
})
