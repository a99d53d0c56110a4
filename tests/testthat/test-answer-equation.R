test_that("equation() writes the seed equation from the sampled model", {
  f <- hand_made_fit()
  expect_equal(equation(f, form = "nodes"), c("k1 = 2 * x1 + exp(5 * x2)", "y = k1"))
  expect_equal(equation(f, format = "latex", form = "nodes"),
               c("k_{1} = 2 x_{1} + e^{5 x_{2}}", "y = k_{1}"))
  # exp(5 * x2) reaches 148, shown to hundreds at 1 digit, where 2 * x1 vanishes.
  expect_equal(equation(f, digits = 1, form = "nodes"), c("k1 = exp(5 * x2)", "y = k1"))
})

test_that("equation() rounds coefficients to significant digits", {
  f <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 2.000001),
                                    "x2 -> k1" = list("linear_exp", c(0.000123456, 0))))
  expect_equal(equation(f, form = "nodes")[1], "k1 = 2 * x1 + exp(0.000123 * x2)")
  expect_equal(equation(f, digits = 7, form = "nodes")[1], "k1 = 2.000001 * x1 + exp(0.000123456 * x2)")
  model <- f$network
  model$theta["x1 -> k1", "mult", 1] <- 1.2345678
  f <- with_network(f, model)
  expect_equal(equation(f, digits = 2, form = "nodes")[1], "k1 = 1.2 * x1 + exp(0.00012 * x2)")
  f <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 1.23e-9)))
  expect_equal(equation(f, form = "nodes")[1], "k1 = 1.23e-09 * x1")
  expect_equal(equation(f, format = "latex", form = "nodes")[1], "k_{1} = 1.23 \\cdot 10^{-9} x_{1}")
  model <- f$network
  model$theta["x1 -> k1", "mult", 1] <- 1234.5678
  f <- with_network(f, model)
  expect_equal(equation(f, digits = 2, form = "nodes")[1], "k1 = 1200 * x1")
})

test_that("equation() folds factors of 1 and drops zero terms", {
  f <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 1.0000001),
                                    "x2 -> k1" = list("linear", c(-0.9999999, 0))))
  expect_equal(equation(f, form = "nodes"), c("k1 = x1 - x2", "y = k1"))
  expect_equal(equation(f, format = "latex", form = "nodes")[1], "k_{1} = x_{1} - x_{2}")
  # A mult by exactly 0 adds nothing; a linear with a = 0 is its constant.
  f <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 0),
                                    "x2 -> k1" = list("linear", c(0, 0.25))))
  expect_equal(equation(f, form = "nodes")[1], "k1 = 0.25")
  expect_equal(equation(hand_made_fit(choices = list("x1 -> k1" = list("mult", 0))), form = "nodes")[1],
               "k1 = 0")
})

test_that("equation() drops a constant below the precision shown, on the data's scale", {
  # x2 in [0, 1]: 5 * x2 is at most 5, shown to 0.01 at 3 digits.
  with_constant <- function(b) {
    hand_made_fit(choices = list("x2 -> k1" = list("linear_exp", c(5, b))))
  }
  expect_equal(equation(with_constant(1e-9), form = "nodes")[1], "k1 = exp(5 * x2)")
  expect_equal(equation(with_constant(-0.004), form = "nodes")[1], "k1 = exp(5 * x2)")
  expect_equal(equation(with_constant(0.006), form = "nodes")[1], "k1 = exp(5 * x2 + 0.006)")
  expect_equal(equation(with_constant(0.004), digits = 4, form = "nodes")[1], "k1 = exp(5 * x2 + 0.004)")
  # On inputs a thousand times smaller, the same constant matters.
  f <- with_constant(0.004)
  f$x <- f$x / 1000
  expect_equal(equation(f, form = "nodes")[1], "k1 = exp(5 * x2 + 0.004)")
  # A trained output bias is judged against the weighted nodes.
  f <- hand_made_fit(trainable_classifier = TRUE)
  model <- f$network
  model$bias[] <- 1e-12
  f <- with_network(f, model)
  expect_equal(equation(f, form = "nodes")[2], "y = 1.5 * k1")
})

test_that("equation() writes one line per hidden node, with signs tidied", {
  f <- hand_made_fit(nodes = 2)
  expect_equal(equation(f, form = "nodes"), c(
    "k1 = 2 * x1",
    "k2 = exp(5 * x2) - x1 - 1 - 0.5 * k1",
    "y = k1 + k2"
  ))
  expect_equal(equation(f, format = "latex", form = "nodes"), c(
    "k_{1} = 2 x_{1}",
    "k_{2} = e^{5 x_{2}} - x_{1} - 1 - 0.5 k_{1}",
    "y = k_{1} + k_{2}"
  ))
})

test_that("equation() shows a trained output layer's weights and bias", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  expect_equal(equation(f, form = "nodes")[3], "y = 1.5 * k1 + 0.3 * k2 + 0.1")
  expect_equal(equation(f, format = "latex", form = "nodes")[3], "y = 1.5 k_{1} + 0.3 k_{2} + 0.1")

  # Weights of exactly 1 and -1 need no coefficient; a weight of 0 drops the node.
  model <- f$network
  model$weight[] <- c(1, -1)
  model$bias[] <- -25
  f <- with_network(f, model)
  expect_equal(equation(f, form = "nodes")[3], "y = k1 - k2 - 25")
  # k2 reaches about 150 on the data, shown to units at 3 digits.
  model <- f$network
  model$bias[] <- -0.25
  f <- with_network(f, model)
  expect_equal(equation(f, form = "nodes")[3], "y = k1 - k2")
  expect_equal(equation(f, digits = 4, form = "nodes")[3], "y = k1 - k2 - 0.25")
  model <- f$network
  model$weight[] <- c(0, 0)
  model$bias[] <- 0
  f <- with_network(f, model)
  expect_equal(equation(f, form = "nodes")[3], "y = 0")
})

test_that("equation() writes one line per output", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  expect_equal(equation(f, form = "nodes")[3:4], c(
    "y1 = 1.5 * k1 + 0.3 * k2 + 0.1",
    "y2 = 0.8 * k1 - 0.4 * k2 - 0.2"
  ))
  expect_equal(equation(hand_made_fit(outputs = 2), form = "nodes"), c(
    "k1 = 2 * x1 + exp(5 * x2)", "y1 = k1", "y2 = k1"
  ))
})

test_that("equation() wraps the output function of the output type", {
  for (type in c("probability", "probability_sample", "sigmoid")) {
    f <- hand_made_fit(output_type = type)
    expect_equal(equation(f, form = "nodes")[2], "y = logistic(k1)")
    expect_equal(equation(f, format = "latex", form = "nodes")[2], "y = \\sigma\\left(k_{1}\\right)")
  }
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2,
                     output_type = "probability_distribution")
  expect_equal(equation(f, form = "nodes")[3:4], c(
    "y1 = softmax(1.5 * k1 + 0.3 * k2 + 0.1)",
    "y2 = softmax(0.8 * k1 - 0.4 * k2 - 0.2)"
  ))
  expect_equal(equation(f, format = "latex", form = "nodes")[3],
               "y_{1} = \\operatorname{softmax}\\left(1.5 k_{1} + 0.3 k_{2} + 0.1\\right)")
})

test_that("equation() leaves out none edges and writes an empty node as 0", {
  f <- hand_made_fit(choices = list("x1 -> k1" = list("none"), "x2 -> k1" = list("none")))
  expect_equal(equation(f, form = "nodes"), c("k1 = 0", "y = k1"))
  f <- hand_made_fit(choices = list("x2 -> k1" = list("linear", c(3, 0.5))))
  expect_equal(equation(f, form = "nodes"), c("k1 = 3 * x2 + 0.5", "y = k1"))
})

test_that("equation() joins a subtracted input as a minus", {
  f <- hand_made_fit(
    primitives = c("none", "mult", "subtract", "add"),
    choices = list("x1 -> k1" = list("mult", 2), "x2 -> k1" = list("subtract"))
  )
  expect_equal(equation(f, form = "nodes"), c("k1 = 2 * x1 - x2", "y = k1"))
  expect_equal(equation(f, format = "latex", form = "nodes")[1], "k_{1} = 2 x_{1} - x_{2}")

  f <- hand_made_fit(
    primitives = c("none", "mult", "subtract", "add"),
    choices = list("x1 -> k1" = list("subtract"), "x2 -> k1" = list("add"))
  )
  expect_equal(equation(f, form = "nodes")[1], "k1 = x2 - x1")
})

test_that("edge_label() fills every kind of primitive template", {
  expect_equal(edge_label("none", c(0, 0), "x1"), "0")
  expect_equal(edge_label("add", c(0, 0), "x1"), "x1")
  expect_equal(edge_label("subtract", c(0, 0), "x1"), "-x1")
  expect_equal(edge_label("mult", c(-2, 0), "x1"), "-2 * x1")
  expect_equal(edge_label("mult", c(-1, 0), "x1"), "-x1")
  expect_equal(edge_label("linear", c(1.5, -1), "k1"), "1.5 * k1 - 1")
  # At 3 digits, 1.5 * x (x up to 1) shows hundredths: 0.004 is below that.
  expect_equal(edge_label("linear", c(1.5, 0.004), "x1"), "1.5 * x1")
  expect_equal(edge_label("linear", c(1.5, -0.004), "x1"), "1.5 * x1")
  expect_equal(edge_label("linear", c(1.5, 0.004), "x1", scale = 0.01), "1.5 * x1 + 0.004")
  expect_equal(edge_label("linear", c(1, 0), "x1"), "x1")
  expect_equal(edge_label("linear_exp", c(5, 0.26), "x2", digits = 1), "exp(5 * x2)")
  expect_equal(edge_label("linear_exp", c(5, 0.66), "x2", digits = 1), "exp(5 * x2 + 0.7)")
  expect_equal(edge_label("linear_logistic", c(2, -3), "x"), "logistic(2 * x - 3)")
  expect_equal(edge_label("linear_reciprocal", c(-0.5, 0), "x"), "1 / (-0.5 * x)")
  expect_equal(edge_label("linear_reciprocal", c(1, 0), "x"), "1 / x")
  expect_equal(edge_label("linear_reciprocal", c(-1, 0), "x"), "1 / (-x)")
  expect_equal(edge_label("relu", c(0, 0), "x"), "relu(x)")
  # beta is not an intercept: it stays even when it is 0.
  # beta is held at least 1e-3 in size; a beta of 1 is not shown.
  expect_equal(edge_label("softplus", c(0, 0), "x"), "softplus(x, beta = 0.001)")
  expect_equal(edge_label("linear_softplus", c(2, 1), "x"), "softplus(2 * x)")
  expect_equal(edge_label("linear_softplus", c(2, 1.5), "x"), "softplus(2 * x, beta = 1.5)")
  expect_equal(edge_label("mult", c(-0.001, 0), "x"), "-0.001 * x")

  expect_equal(edge_label("mult", c(2, 0), "x1", "latex"), "2 x_{1}")
  expect_equal(edge_label("linear_exp", c(5, -1), "x2", "latex"), "e^{5 x_{2} - 1}")
  expect_equal(edge_label("linear_sin", c(2, 0), "x", "latex"), "\\sin\\left(2 x\\right)")
  expect_equal(edge_label("reciprocal", c(0, 0), "x", "latex"), "\\frac{1}{x}")
  expect_equal(edge_label("linear_softminus", c(2, 3), "x", "latex"),
               "\\operatorname{softminus}_{3}\\left(2 x\\right)")
  expect_equal(edge_label("mult", c(-2.5e-7, 0), "x", "latex"), "-2.5 \\cdot 10^{-7} x")
})

test_that("every primitive has a console and a LaTeX label", {
  for (primitive in primitive_names()) {
    console <- edge_label(primitive, c(1.25, -0.5), "x1", "console")
    latex <- edge_label(primitive, c(1.25, -0.5), "x1", "latex")
    expect_false(grepl("{", console, fixed = TRUE), label = primitive)
    placeholders <- c("{a}", "{b}", "{x}")
    expect_false(any(vapply(placeholders, grepl, logical(1), latex, fixed = TRUE)),
                 label = primitive)
    expect_true(braces_balance(latex), label = primitive)
  }
})

test_that("variable names are set as LaTeX symbols", {
  expect_equal(variable_label(c("x1", "k12", "x", "T"), "latex"),
               c("x_{1}", "k_{12}", "x", "T"))
  expect_equal(variable_label("dose2", "latex"), "\\mathrm{dose}_{2}")
  expect_equal(variable_label("log_dose", "latex"), "\\mathrm{log\\_dose}")
  expect_equal(variable_label("groupb", "latex"), "\\mathrm{groupb}")
  expect_equal(variable_label("x.1", "latex"), "\\mathrm{x.1}")
  expect_equal(variable_label("a&b%", "latex"), "\\mathrm{a\\&b\\%}")
})

test_that("non-syntactic names stay readable in console equations", {
  expect_equal(variable_label(c("x1", "log(dose)", "my var"), "console"),
               c("x1", "`log(dose)`", "`my var`"))
})

test_that("LaTeX equations are balanced and free of console syntax", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2,
                     output_type = "probability_distribution")
  latex <- equation(f, format = "latex", form = "nodes")
  expect_true(all(vapply(latex, braces_balance, logical(1))))
  expect_false(any(grepl("*", latex, fixed = TRUE)))
  expect_false(any(grepl("exp(", latex, fixed = TRUE)))
})

test_that("equation() checks its arguments", {
  f <- hand_made_fit()
  expect_error(equation(f, format = "html"), class = "dartsr_error_invalid_argument")
  expect_error(equation(f, digits = -1, form = "nodes"), class = "dartsr_error_invalid_argument")
  expect_error(equation(f, digits = 0, form = "nodes"), class = "dartsr_error_invalid_argument")
  expect_error(equation(f, digits = 1.5, form = "nodes"), class = "dartsr_error_invalid_argument")
  expect_error(equation(f, format = "r", guards = NA, form = "nodes"), class = "dartsr_error_invalid_argument")
  expect_error(equation(f, "console", 2, 3, form = "nodes"))
  expect_snapshot(equation(f, format = "html"), error = TRUE)
})

test_that("equation() of a real fit has one line per node and output", {
  f <- quick_fit()
  lines <- equation(f, form = "nodes")
  expect_length(lines, f$spec$num_graph_nodes + length(f$output_names))
  expect_match(lines[1], "^k1 = ")
  expect_match(lines[2], "^y = ")
  expect_length(equation(f, format = "latex", form = "nodes"), 2)
})

test_that("format_number() gives significant digits, in LaTeX as powers of ten", {
  expect_equal(format_number(c(2.000001, 0.000123456, 123456, -0.5, 99.44, 0, -0), 3),
               c("2", "0.000123", "123000", "-0.5", "99.4", "0", "0"))
  expect_equal(format_number(c(1e-10, -1.234e-7, 1e5, 1.5e12), 3, "latex"),
               c("10^{-10}", "-1.23 \\cdot 10^{-7}", "10^{5}", "1.5 \\cdot 10^{12}"))
})

test_that("equation() drops a term negligible next to the largest term of its sum", {
  f <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 1),
                                    "x2 -> k1" = list("mult", -1.35e-14)))
  expect_equal(equation(f, form = "nodes")[1], "k1 = x1")
  expect_equal(equation(f, digits = 15, form = "nodes")[1], "k1 = x1 - 1.35e-14 * x2")
  # 0.3 * x2 is below the units that 1000 * x1 shows at 3 or 4 digits, not at 5.
  f <- hand_made_fit(choices = list("x1 -> k1" = list("mult", 1000),
                                    "x2 -> k1" = list("mult", 0.3)))
  expect_equal(equation(f, form = "nodes")[1], "k1 = 1000 * x1")
  expect_equal(equation(f, digits = 5, form = "nodes")[1], "k1 = 1000 * x1 + 0.3 * x2")
  # A term that is 0 on all the training data is not negligible: it is 0 there only.
  f <- hand_made_fit(primitives = c("none", "mult", "linear_relu"),
                     choices = list("x1 -> k1" = list("mult", 2),
                                    "x2 -> k1" = list("linear_relu", c(-1, -1))))
  expect_equal(equation(f, form = "nodes")[1], "k1 = 2 * x1 + relu(-x2 - 1)")
  # In an output, a weighted node is judged the same way.
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  model <- f$network
  model$weight[] <- c(1e-12, 1)
  model$bias[] <- 0
  f <- with_network(f, model)
  expect_equal(equation(f, form = "nodes")[3], "y = k2")
})
