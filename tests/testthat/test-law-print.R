# The printer: console and LaTeX forms of a simplified equation.

test_that("console format reads like the formula", {
  f <- format_equation_call
  expect_equal(f(quote(x - 2 * z + -3)), "x - 2 * z - 3")
  expect_equal(f(quote(x + -1 * z)), "x - z")
  expect_equal(f(quote(-1 * x + z)), "z - x")
  # A sum leads with a positive term where it has one; a square with its
  # base's positive sign.
  expect_equal(f(quote(-0.7 * exp(-0.4 * t) + 1)), "1 - 0.7 * exp(-0.4 * t)")
  expect_equal(f(quote(logistic(-2 * x + 4))), "logistic(4 - 2 * x)")
  expect_equal(f(quote(-x - 2 * z)), "-x - 2 * z")
  expect_equal(f(quote(-x + 2 * z - 1)), "2 * z - x - 1")
  expect_equal(f(quote(-x + 2 * z - 1), "latex"), "2 z - x - 1")
  expect_equal(f(quote(exp(-2 * (-x + 1.2)^2))), "exp(-2 * (x - 1.2)^2)")
  expect_equal(f(quote((-x - 1)^2)), "(x + 1)^2")
  expect_equal(f(quote((-x + 1)^3)), "(1 - x)^3")
  expect_equal(f(quote((x1 + x2)^2)), "(x1 + x2)^2")
  expect_equal(f(quote(2 * (x1 + x2))), "2 * (x1 + x2)")
  expect_equal(f(quote(x - (y - z))), "x - (y - z)")
  expect_equal(f(quote(1 / (x * z))), "1 / (x * z)")
  expect_equal(f(quote(0.123456 * x^-0.5)), "0.123 * x^-0.5")
  expect_equal(f(quote(x^-1.99928)), "x^-1.99928")
  expect_equal(f(quote(x^-2)), "x^-2")
  expect_equal(f(quote(log(x) + softplus(x, 2) + softminus(x, 1))),
               "ln(x) + softplus(x, beta = 2) + softminus(x)")
  expect_equal(f(call("*", 2, as.name("log(dose)"))), "2 * `log(dose)`")
  expect_equal(f(quote(1.23456e-5 * x)), "1.23e-05 * x")
  expect_equal(f(quote(exp(x)^2)), "exp(x)^2")
  expect_equal(f(quote(x^(z + 1))), "x^(z + 1)")
})

test_that("terms that print alike are told from terms that differ", {
  law <- function(e) list(calls = list(e))
  # two exponentials whose rates differ in the fifth digit: read as printed,
  # the pair cancels
  expect_true(printed_terms_coincide(law(
    quote(-278 * exp(-0.000449 * x) - 20700 * exp(-0.014121 * x) +
            20700 * exp(-0.014124 * x) + 279)
  )))
  expect_false(printed_terms_coincide(law(
    quote(-232 * exp(-0.00624 * x) + 1310 * exp(-0.025 * x) - 1190 * exp(-0.0264 * x) + 115)
  )))
  expect_false(printed_terms_coincide(law(quote(2 * x1 + exp(5 * x2)))))
  expect_false(printed_terms_coincide(law(quote(3))))
  # at more digits, the rates print apart
  expect_false(printed_terms_coincide(law(
    quote(exp(-0.014121 * x) - exp(-0.014124 * x))
  ), digits = 5))
})

test_that("LaTeX format", {
  f <- function(e) format_equation_call(e, "latex")
  expect_equal(f(quote(2 * x1 + exp(5 * x2))), "2 x_{1} + e^{5 x_{2}}")
  expect_equal(f(quote(1.2e-5 * dose2)), "1.2 \\cdot 10^{-5} \\mathrm{dose}_{2}")
  expect_equal(f(quote(logistic(6 * x - 3))), "\\sigma\\left(6 x - 3\\right)")
  expect_equal(f(quote(relu(x) - log(x))), "\\operatorname{ReLU}\\left(x\\right) - \\ln\\left(x\\right)")
  expect_equal(f(quote(1 / x + sin(x) * cos(x) + tanh(x))),
               "\\frac{1}{x} + \\sin\\left(x\\right) \\cos\\left(x\\right) + \\tanh\\left(x\\right)")
  expect_equal(f(quote(softplus(x, 2))), "\\operatorname{softplus}_{2}\\left(x\\right)")
  expect_equal(f(quote((x + 1)^0.5)), "\\left(x + 1\\right)^{0.5}")
  expect_equal(f(quote(exp(x)^2)), "\\left(e^{x}\\right)^{2}")
  expect_equal(latex_symbol("x"), "x")
  expect_equal(latex_symbol("x1"), "x_{1}")
  expect_equal(latex_symbol("dose2"), "\\mathrm{dose}_{2}")
  expect_equal(latex_symbol("log_dose%"), "\\mathrm{log\\_dose\\%}")
})

test_that("the law writes a denominator with constant 1 where that drops a coefficient", {
  written <- function(e) format_equation_call(with_unit_denominators(simplify_call(e)))
  expect_equal(written(quote(0.50004 * (A * (1 / (0.05 * D + 0.5))))), "A / (0.1 * D + 1)")
  # Otherwise the monic form stays.
  expect_equal(written(quote(3 * (x * (1 / (1.2 * x + 0.48))))), "2.5 * x / (x + 0.4)")
  expect_equal(written(quote(-0.50004 * (A * (1 / (0.05 * D + 0.5))))), "-10 * A / (D + 10)")
})
