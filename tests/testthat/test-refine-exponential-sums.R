# Sums of exponentials: seeded, started from a grid of rates, polished to
# convergence.

test_that("a sum of exponentials is exponentials of the input and powers of them", {
  edges <- dartsr:::edge_table("x", 2)
  is_sum <- function(architecture, node_kinds = c("sum", "sum")) {
    model <- list(architecture = architecture, node_kinds = node_kinds)
    dartsr:::exponential_sum(model, edges, 1L)
  }
  expect_true(is_sum(c("linear_exp", "linear_exp", "none")))
  expect_true(is_sum(c("linear_exp", "linear_exp", "linear_power")))
  expect_true(is_sum(c("linear_exp", "none", "linear_power")))
  expect_false(is_sum(c("linear_exp", "none", "none")))
  expect_false(is_sum(c("linear_exp", "linear_logistic", "none")))
  expect_false(is_sum(c("linear_exp", "linear_exp", "linear_exp")))
  expect_false(is_sum(c("linear_exp", "linear_exp", "linear_power"), c("sum", "product")))
  # A power of a node of two terms is no exponential.
  edges3 <- dartsr:::edge_table("x", 3)
  expect_identical(edges3$name[c(1, 2, 3, 5, 6)],
                   c("x -> k1", "x -> k2", "k1 -> k2", "k1 -> k3", "k2 -> k3"))
  model <- list(architecture = c("linear_exp", "linear_exp", "none", "none", "linear_power",
                                 "none"),
                node_kinds = rep("sum", 3))
  expect_true(dartsr:::exponential_sum(model, edges3, 1L))
  model$architecture[c(3, 6)] <- "linear_power"
  expect_false(dartsr:::exponential_sum(model, edges3, 1L))
})

test_that("the screening is seeded with two and three exponentials of one input", {
  edges <- dartsr:::edge_table("x", 2)
  options <- list(c("linear_exp", "linear", "none"), c("exp", "linear_exp", "none"),
                  c("linear_logistic", "linear_power", "none"))
  graphs <- dartsr:::exponential_sum_graphs(options, edges, 1L)
  expect_identical(lapply(graphs, `[[`, "architecture"),
                   list(c("linear_exp", "linear_exp", "none"),
                        c("linear_exp", "linear_exp", "linear_power")))
  options[[3]] <- c("linear_logistic", "none")
  expect_length(dartsr:::exponential_sum_graphs(options, edges, 1L), 1)
  # (an exponential without a rate is not one of several)
  options[[2]] <- c("exp", "none")
  expect_identical(dartsr:::exponential_sum_graphs(options, edges, 1L), list())
  expect_identical(dartsr:::exponential_sum_graphs(rep(list("linear_exp"), 5),
                                                   dartsr:::edge_table(c("x1", "x2"), 2), 2L),
                   list())
})

test_that("the grid's rates start each term at its least-squares coefficient", {
  edges <- dartsr:::edge_table("x", 2)
  model <- list(architecture = c("linear_exp", "linear_exp", "linear_power"),
                node_kinds = c("sum", "sum"),
                theta = array(0, c(3, 2, 2), list(edges$name, c("linear_exp", "linear_power"),
                                                  NULL)))
  terms <- dartsr:::exponential_terms(model, edges, 1L)
  expect_identical(terms$of, c(NA, NA, 1L))
  started <- dartsr:::with_exponential_rates(model, terms, rate = c(-1, -3, -5),
                                             coef = c(0.1, 0.9, 1.5), origin = 2)
  x <- seq(2, 3, by = 0.25)
  k1 <- exp(started$theta[1, "linear_exp", 1] * x + started$theta[1, "linear_exp", 2])
  k2 <- exp(started$theta[2, "linear_exp", 1] * x + started$theta[2, "linear_exp", 2]) +
    (started$theta[3, "linear_power", 1] * k1)^started$theta[3, "linear_power", 2]
  # k1 is its exponential; in k2 the power is the reference (its `a` is 1),
  # the exponential scaled to 0.9 / 1.5 of it.
  expect_equal(k1, exp(-(x - 2)))
  expect_equal(started$theta[3, "linear_power", ], c(1, 5))
  expect_equal(k2, 0.9 / 1.5 * exp(-3 * (x - 2)) + exp(-5 * (x - 2)))
})

test_that("three exponentials of one input are found, at the least-squares fit", {
  # NIST's Lanczos2 (the law to six significant digits): the textbook
  # ill-conditioned fit (Lanczos 1956), three rates within a factor of 5.
  x <- seq(0, 1.15, by = 0.05)
  law <- function(x) 0.0951 * exp(-x) + 0.8607 * exp(-3 * x) + 1.5576 * exp(-5 * x)
  for (seed in 1:2) {
    set.seed(seed)
    f <- fit(darts_regressor(), y ~ x, data = data.frame(x = x, y = signif(law(x), 6)),
             verbose = FALSE)
    expect_identical(equation(f),
                     "y = 0.0963 * exp(-1.01 * x) + 0.864 * exp(-3.01 * x) + 1.55 * exp(-5 * x)")
    # NIST certifies a residual sum of squares of 2.2299e-11 for these data.
    expect_lt(sum(residuals(f)^2), 2.2300e-11)
  }
})

test_that("a sum of exponentials may polish longer on few rows only", {
  expect_identical(dartsr:::converging_iterations(24), 1000L)
  expect_identical(dartsr:::converging_iterations(120), 200L)
  expect_identical(dartsr:::converging_iterations(2000), dartsr:::POLISH_ITERATIONS)
})
