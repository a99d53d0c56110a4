test_that("the engine computes the hand-made models as their formulas say", {
  for (f in list(hand_made_fit(), hand_made_fit(nodes = 2, trainable_classifier = TRUE),
                 hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2,
                               output_type = "probability_distribution"),
                 hand_made_fit(output_type = "sigmoid"))) {
    by_formula <- hand_made_predict(f$network, f$edges, f$x, f$spec$output_type)
    expect_equal(unname(f$fitted.values), unname(by_formula))
  }
})

test_that("print() shows the call, the equations and the search", {
  f <- hand_made_fit()
  expect_snapshot(print(f))
  expect_snapshot(print(hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)))
  capture.output(printed <- withVisible(print(f)))
  expect_false(printed$visible)
  expect_identical(printed$value, f)
})

test_that("format() returns the lines print() shows", {
  f <- hand_made_fit()
  lines <- format(f)
  expect_type(lines, "character")
  expect_equal(capture.output(print(f)), lines)
  expect_true(all(paste0("  ", equation(f)) %in% lines))
  model <- f$network
  model$theta["x1 -> k1", "mult", 1] <- 2.00042
  f <- with_network(f, model)
  expect_true("  y = 2 * x1 + exp(5 * x2)" %in% format(f))
  expect_true("  y = 2.0004 * x1 + exp(5 * x2)" %in% format(f, digits = 5))
})

test_that("print() says how many epochs a chain of fits searched", {
  f <- hand_made_fit(epochs = 3)
  f$convergence$epochs <- 0L
  expect_match(format(f)[length(format(f))],
               "3 epochs of architecture search (0 in the last fit)", fixed = TRUE)
  expect_match(describe_search(hand_made_fit(epochs = 1)), "1 hidden node, 2 edges, 4 primitives; original DARTS, 1 epoch ",
               fixed = TRUE)
})

test_that("summary() shows coefficients, fit statistics and architecture weights", {
  expect_snapshot(summary(hand_made_fit()))
  expect_snapshot(summary(hand_made_fit(nodes = 2, trainable_classifier = TRUE)))
  expect_snapshot(summary(hand_made_fit(darts_type = "fair", output_type = "sigmoid")))
  expect_snapshot(summary(hand_made_fit(
    primitives = c("none", "add", "subtract"),
    choices = list("x1 -> k1" = list("add"), "x2 -> k1" = list("subtract"))
  )))
})

test_that("print() and summary() mark hidden nodes that reach no output", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  expect_equal(unused_nodes(f), c(FALSE, FALSE))
  # k2 has output weight 0 but nothing else: unused. k1 still feeds k2 ...
  model <- f$network
  model$weight[] <- c(0.5, 0)
  f <- with_network(f, model)
  expect_equal(unused_nodes(f), c(FALSE, TRUE))
  # ... and with its own weight 0, k1 reaches the output only through k2.
  model <- f$network
  model$weight[] <- c(0, 0.5)
  f <- with_network(f, model)
  expect_equal(unused_nodes(f), c(FALSE, FALSE))
  model <- f$network
  model$theta["k1 -> k2", "mult", 1] <- 0
  f <- with_network(f, model)
  expect_equal(unused_nodes(f), c(TRUE, FALSE))
  model <- f$network
  model$architecture[["k1 -> k2"]] <- "none"
  f <- with_network(f, model)
  expect_equal(unused_nodes(f), c(TRUE, FALSE))
  expect_snapshot(print(f))
  # The simplified equation has no unused node to mark; the node-by-node form
  # still marks it.
  expect_length(summary(f)$equations, 1)
  expect_match(dartsr:::marked_equations(f, form = "nodes")[1], "(unused)", fixed = TRUE)
  expect_equal(equation(f, form = "nodes")[1], "k1 = 2 * x1")
})

test_that("summary() prints the Pareto front, the chosen equation starred", {
  f <- hand_made_fit()
  f$front <- three_member_front(cv_se = c(2, 1, 0.01))
  expect_snapshot(dartsr:::print_front(f$front, digits = 4))
  expect_output(print(summary(f)), "Pareto front: 3 equations", fixed = TRUE)
  expect_silent(dartsr:::print_front(NULL, 4))
})

test_that("summary() returns its parts as an object", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  s <- summary(f)
  expect_s3_class(s, "summary.darts_fit")
  expect_equal(s$equations, equation(f))
  expect_equal(s$coefficients$estimate, unname(coef(f)))
  expect_equal(s$outputs$output, c("y1", "y2"))
  expect_equal(s$outputs$mse, unname(colMeans(f$residuals^2)))
  expect_equal(s$outputs$r_squared, unname(f$r_squared))
  expect_equal(s$nobs, 100)
  expect_equal(s$log_lik, logLik(f))
  capture.output(printed <- withVisible(print(s)))
  expect_false(printed$visible)
  expect_identical(printed$value, s)
})

test_that("summary() softmaxes the architecture weights, or takes their sigmoid for fair DARTS", {
  f <- hand_made_fit(nodes = 2)
  weights <- summary(f)$architecture_weights
  expect_equal(dimnames(weights), dimnames(f$alphas))
  expect_equal(unname(rowSums(weights)), rep(1, nrow(f$edges)))
  expect_equal(weights[1, ], exp(f$alphas[1, ]) / sum(exp(f$alphas[1, ])))
  fair <- hand_made_fit(nodes = 2, darts_type = "fair")
  expect_equal(summary(fair)$architecture_weights, stats::plogis(fair$alphas))
})

test_that("coef(form = 'nodes') names the sampled model's free coefficients", {
  expect_equal(coef(hand_made_fit(), form = "nodes"), c(
    "x1 -> k1: mult.a" = 2,
    "x2 -> k1: linear_exp.a" = 5,
    "x2 -> k1: linear_exp.b" = 0
  ))
  expect_equal(coef(hand_made_fit(nodes = 2, trainable_classifier = TRUE), form = "nodes"), c(
    "x1 -> k1: mult.a" = 2,
    "x1 -> k2: linear.a" = -1,
    "x1 -> k2: linear.b" = -1,
    "x2 -> k2: linear_exp.a" = 5,
    "x2 -> k2: linear_exp.b" = 0,
    "k1 -> k2: mult.a" = -0.5,
    "weight[y, k1]" = 1.5,
    "weight[y, k2]" = 0.3,
    "bias[y]" = 0.1
  ))
})

test_that("coef(form = 'nodes') lists the output layer by output and only what was trained", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2)
  classifier <- coef(f, form = "nodes")[grepl("^(weight|bias)", names(coef(f, form = "nodes")))]
  expect_equal(classifier, c(
    "weight[y1, k1]" = 1.5, "weight[y1, k2]" = 0.3,
    "weight[y2, k1]" = 0.8, "weight[y2, k2]" = -0.4,
    "bias[y1]" = 0.1, "bias[y2]" = -0.2
  ))
  f$spec$train_classifier_coefficients <- FALSE
  expect_equal(names(coef(f, form = "nodes"))[7:8], c("bias[y1]", "bias[y2]"))

  f <- hand_made_fit(
    primitives = c("none", "add"),
    choices = list("x1 -> k1" = list("add"), "x2 -> k1" = list("none"))
  )
  expect_equal(coef(f, form = "nodes"), stats::setNames(numeric(), character()))
})

test_that("coef(form = 'nodes') reads softplus's beta by its name", {
  f <- hand_made_fit(
    primitives = c("none", "linear_softplus"),
    choices = list("x1 -> k1" = list("linear_softplus", c(2, 0.5)))
  )
  expect_equal(coef(f, form = "nodes"), c("x1 -> k1: linear_softplus.a" = 2,
                          "x1 -> k1: linear_softplus.beta" = 0.5))
})

test_that("fitted() and residuals() give a vector for one output, a matrix for several", {
  f <- hand_made_fit()
  expect_type(fitted(f), "double")
  expect_null(dim(fitted(f)))
  expect_length(fitted(f), 100)
  expect_equal(unname(fitted(f)), unname(2 * f$x[, "x1"] + exp(5 * f$x[, "x2"])))
  expect_equal(unname(residuals(f)), unname(f$y[, 1] - fitted(f)))
  expect_equal(nobs(f), 100L)

  f2 <- hand_made_fit(outputs = 2)
  expect_equal(dim(fitted(f2)), c(100, 2))
  expect_equal(colnames(residuals(f2)), c("y1", "y2"))
  expect_equal(residuals(f2), f2$y - fitted(f2))
})

test_that("the methods work on a real fit", {
  f <- quick_fit()
  expect_output(print(f), "Equations:")
  expect_output(print(summary(f)), "Architecture weights")
  n_params <- sum(lengths(lapply(f$network$architecture, primitive_params)))
  n_classifier <- f$spec$train_classifier_coefficients + f$spec$train_classifier_bias
  nodes <- coef(f, form = "nodes")
  expect_length(nodes, n_params + n_classifier)
  expect_true(all(startsWith(names(nodes), paste0(f$edges$name[1], ":")) |
                    startsWith(names(nodes), paste0(f$edges$name[2], ":")) |
                    names(nodes) %in% c("weight[y, k1]", "bias[y]")))
  expect_length(coef(f), f$law$n_constants)
  expect_equal(fitted(f), predict(f))
  expect_equal(fitted(f) + residuals(f), stats::setNames(f$y[, 1], names(fitted(f))))
  expect_equal(nobs(f), nrow(seed_data()))

  trained <- quick_fit(train_classifier_coefficients = TRUE, train_classifier_bias = TRUE)
  expect_true(all(c("weight[y, k1]", "bias[y]") %in% names(coef(trained, form = "nodes"))))
  expect_equal(coef(trained, form = "nodes")[["bias[y]"]], unname(trained$network$bias))
})

test_that("print() and summary() say when no simple law was found", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  expect_false(any(grepl("No simple law", format(f))))
  long <- f
  long$front <- data.frame(complexity = c(4, 12, 31), equation = c("y = a", "y = b", "y = c"),
                           rmse = c(1, 0.5, 0.1), r_squared = c(0.5, 0.9, 0.99),
                           cv_rmse = NA, cv_se = NA, bic = NA, chosen = c(FALSE, FALSE, TRUE))
  lines <- format(long)
  expect_true(any(grepl("No simple law found: the chosen equation has complexity 31 (above 25).",
                        lines, fixed = TRUE)))
  expect_true(any(grepl("The best simple equation of the front (complexity 12, R-squared 0.9):",
                        lines, fixed = TRUE)))
  expect_true("  y = b" %in% lines)
  expect_output(print(summary(long)), "No simple law found")
})

test_that("summary() of a search with product nodes shows the nodes' kind weights", {
  f <- hand_made_fit(nodes = 1, primitives = c("none", "add", "linear_exp", "product"),
                     node_kinds = "product",
                     choices = list("x1 -> k1" = list("add"),
                                    "x2 -> k1" = list("linear_exp", c(1, 0))))
  s <- summary(f)
  expect_identical(dimnames(s$node_kind_weights), list("k1", c("sum", "product")))
  expect_output(print(s), "Node kinds")
  expect_match(format(f)[length(format(f))], "1 hidden node \\(sums or products\\)")
})
