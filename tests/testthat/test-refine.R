# The refinement after the search: candidates, the Pareto front and the
# cross-validated choice among it.

decay_data <- function(n = 40, seed = 1) {
  set.seed(seed)
  x <- seq(0, 5, length.out = n)
  data.frame(x = x, y = 4 * exp(-0.8 * x) + 1 + stats::rnorm(n, sd = 0.05))
}

decay_fit <- function(...) {
  spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 30, ...)
  set.seed(3)
  fit(spec, y ~ x, data = decay_data(), verbose = FALSE)
}

test_that("the refinement finds the seed equation and prints it as the law", {
  spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 20,
                          primitives = c("none", "add", "mult", "linear", "linear_exp",
                                         "linear_logistic"),
                          refine_top = 6)
  set.seed(1)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(equation(f), "y = 2 * x1 + exp(5 * x2)")
  expect_equal(unname(predict(f, seed_data())), seed_data()$y, tolerance = 1e-8)
})

test_that("the front is sorted by complexity, errors fall along it, one member is chosen", {
  f <- decay_fit()
  front <- pareto_front(f)
  expect_named(front, c("complexity", "equation", "rmse", "r_squared", "cv_rmse", "cv_se",
                        "bic", "chosen"))
  expect_gt(nrow(front), 1)
  expect_true(all(diff(front$complexity) > 0))
  expect_true(all(diff(front$rmse) < 0))
  expect_equal(sum(front$chosen), 1)
  expect_true(all(is.finite(front$cv_rmse)))
  expect_identical(front$equation[front$chosen], equation(f))
  expect_equal(front$complexity[front$chosen], f$law$complexity)
})

test_that("the chosen member is the simplest within one standard error of the best", {
  member <- function(cv_loss, cv_se, bic) list(cv_loss = cv_loss, cv_se = cv_se, bic = bic)
  # Sorted by complexity; the best is the fourth, 1.0 + 0.3: the second is
  # within, the first is not.
  members <- list(member(1.5, 0.1, 9), member(1.2, 0.2, 7), member(1.1, 0.05, 8),
                  member(1.0, 0.3, 10))
  expect_identical(choose_member(members, "cv"), 2L)
  # Errors within the rounding floor of the threshold count as equal: 1.5
  # is above 1.0 + 0.3 + 0.15, within 1.0 + 0.3 + 0.25.
  expect_identical(choose_member(members, "cv", floor = 0.15), 2L)
  expect_identical(choose_member(members, "cv", floor = 0.25), 1L)
  expect_identical(choose_member(members, "bic"), 2L)
  # Without any cross-validated error, the simplest.
  expect_identical(choose_member(lapply(members, modifyList, list(cv_loss = NA_real_)), "cv"), 1L)
})

test_that("the exponential law wins over its logistic look-alike", {
  f <- decay_fit()
  expect_match(equation(f), "^y = [0-9.]+ \\* exp\\(-0\\.[0-9]+ \\* x\\) \\+ [0-9.]+$")
})

test_that("selection = 'bic' chooses the lowest BIC and runs no cross-validation", {
  validated <- calls_of("member_cv_errors")
  front <- pareto_front(decay_fit(selection = "bic"))
  expect_identical(validated$n, 0L)
  expect_true(all(is.na(front$cv_rmse)) && all(is.na(front$cv_se)))
  expect_identical(which(front$chosen), which.min(front$bic))
})

test_that("cross-validated selection is reproducible under set.seed()", {
  expect_identical(pareto_front(decay_fit()), pareto_front(decay_fit()))
})

test_that("six rows never give more than four free coefficients", {
  d <- data.frame(x = c(1, 2, 3, 5, 8, 13))
  for (seed in 1:4) {
    set.seed(seed)
    d$y <- 2 + 0.5 * d$x + stats::rnorm(6, sd = 0.3)
    f <- fit(darts_regressor(max_epochs = 20), y ~ x, data = d, verbose = FALSE)
    expect_lte(f$law$n_constants, 4)
    expect_true(all(pareto_front(f)$complexity < 30))
  }
})

test_that("choose_equation() makes another member the model", {
  f <- decay_fit()
  front <- pareto_front(f)
  simplest <- choose_equation(f, front$complexity[1])
  expect_identical(equation(simplest), front$equation[1])
  expect_identical(which(pareto_front(simplest)$chosen), 1L)
  expect_equal(as.function(simplest)(decay_data()$x), unname(predict(simplest, decay_data())),
               tolerance = 1e-10)
  expect_error(choose_equation(f, 1000), class = "dartsr_error_invalid_argument")
  expect_error(choose_equation(f, "a"), class = "dartsr_error_invalid_argument")
  expect_error(choose_equation(darts_regressor(), 3), class = "dartsr_error_invalid_argument")
  expect_error(pareto_front(list()), class = "dartsr_error_invalid_argument")
  expect_error(equation(f, coefficients = "symbols"), class = "dartsr_error_invalid_argument")
  expect_error(coef(f, form = "graph"), class = "dartsr_error_invalid_argument")
})

test_that("plot(type = 'front') draws the front", {
  f <- decay_fit()
  expect_identical(with_png(plot(f, type = "front")), f)
})

test_that("a large graph is refined greedily within the budget", {
  spec <- darts_regressor(num_graph_nodes = 3, max_epochs = 5, refine_top = 4)
  set.seed(2)
  f <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_true(f$law$exact)
  expect_equal(equation(f), "y = 2 * x1 + exp(5 * x2)")
  # A Pareto front: each member is more complex and fits better than the last.
  front <- pareto_front(f)
  expect_gt(nrow(front), 1)
  expect_true(all(diff(front$complexity) > 0))
  expect_true(all(diff(front$rmse) < 0))
})

test_that("BIC prefers the simpler of two exact fits", {
  expect_lt(loss_bic("gaussian", 0, 2, 4, 1), loss_bic("gaussian", 0, 3, 4, 1))
  expect_true(is.finite(loss_bic("gaussian", 0, 2, 4, 1)))
  expect_equal(loss_bic("binomial", 10, 2, 100, 1), 10 + 2 * log(100))
})

test_that("candidates per edge are the strongest primitives and none", {
  alphas <- matrix(c(1, 3, 2, 0, 5, 4), 2, 3, byrow = TRUE,
                   dimnames = list(c("e1", "e2"), c("none", "mult", "exp")))
  expect_equal(dartsr:::edge_candidates(alphas, 1), list(c("mult", "none"), c("mult", "none")))
  expect_equal(dartsr:::edge_candidates(alphas, 5)[[1]], c("mult", "exp", "none"))
})

test_that("edges out of a node that is 0 add nothing", {
  edges <- dartsr:::edge_table("x", 2)
  reduced <- function(architecture, kinds = c("sum", "sum")) {
    dartsr:::reduce_graph(dartsr:::new_graph(architecture, kinds), edges, 1L)
  }
  expect_identical(reduced(c("none", "add", "mult"))$architecture, c("none", "add", "none"))
  expect_identical(reduced(c("none", "add", "linear_exp"))$architecture,
                   c("none", "add", "linear_exp"))
  # A factor that is 0 makes its product 0; a constant factor stays.
  expect_identical(reduced(c("none", "add", "mult"), c("sum", "product"))$architecture,
                   rep("none", 3))
  expect_identical(reduced(c("none", "add", "linear_exp"), c("sum", "product")),
                   dartsr:::new_graph(c("none", "add", "linear_exp"), c("sum", "product")))
  # A product of one factor is that factor: a sum.
  expect_identical(reduced(c("add", "none", "none"), c("product", "sum"))$node_kinds,
                   c("sum", "sum"))
})

test_that("sampling_strategy = 'sample' keeps its draw, refine_top = 0 the search's model", {
  set.seed(3)
  f <- fit(quick_spec(refine_top = 0), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_equal(nrow(pareto_front(f)), 1)
  expect_true(pareto_front(f)$chosen)
  g <- refit(f, max_epochs = 0, sampling_strategy = "sample", refine_top = 3, verbose = FALSE)
  expect_equal(nrow(pareto_front(g)), 1)
})

test_that("a forward step adds to the first empty node, or to a node that feeds another", {
  edges <- dartsr:::edge_table("x", 3)
  architecture <- c("exp", "none", "none", "none", "none", "none")
  # k1 only feeds the output: with free output weights a term in it writes
  # what a term in k2 writes.
  expect_identical(dartsr:::worth_changing(architecture, edges, 1L), c(2L, 3L))
  expect_identical(dartsr:::worth_changing(architecture, edges, 1L, free_weights = FALSE),
                   c(2L, 3L, 1L))
  architecture[3] <- "linear_exp"
  expect_identical(dartsr:::worth_changing(architecture, edges, 1L), c(4L, 5L, 6L, 1L))
})

test_that("a forward pass adds a power law's two edges at once", {
  edges <- dartsr:::edge_table("x", 2)
  options <- rep(list(c("linear_exp", "linear_ln", "linear_logistic", "none")), 3)
  moves <- dartsr:::composition_moves(rep("none", 3), options, edges, 1L)
  # ln(a x) into k1, exp(c k1 + b) from k1 into k2: exp(c ln(a x) + b) = k x^c;
  # and a Gompertz curve, exp of an exp.
  expect_identical(moves, list(list(edges = c(1L, 3L), primitives = c("linear_ln", "linear_exp")),
                               list(edges = c(1L, 3L), primitives = c("linear_exp", "linear_exp"))))
  # With every node filled there is no empty node to compose through.
  expect_identical(dartsr:::composition_moves(c("linear_exp", "linear_exp", "none"), options,
                                              edges, 1L), list())
})

test_that("a dropped term is validated only when the fit without it could be chosen", {
  members <- list(list(cv_loss = 2, cv_se = 0.5, bic = 10), list(cv_loss = 1, cv_se = 0.2, bic = 5))
  context <- list(spec = list(selection = "cv"), weights = NULL)
  rows <- seq_len(10)
  # Accepted up to 1 + 0.2: a training loss of 11 over 10 rows is 1.1.
  expect_true(dartsr:::could_be_chosen(list(loss = 11, bic = 9), members, context, rows, 0))
  expect_false(dartsr:::could_be_chosen(list(loss = 13, bic = 1), members, context, rows, 0))
  context$spec$selection <- "bic"
  expect_true(dartsr:::could_be_chosen(list(loss = 13, bic = 1), members, context, rows, 0))
  expect_false(dartsr:::could_be_chosen(list(loss = 11, bic = 9), members, context, rows, 0))
})

test_that("a term dropped from the chosen equation is each output weight and each extra edge", {
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  # k1 = a * x1 + exp(b * x2), k2 = exp(k1); both weighted in the output.
  model <- list(architecture = c("linear", "linear_exp", "none", "none", "linear_exp"),
                weight = matrix(c(2, 0.5), 1), bias = 1)
  context <- list(edges = edges, template = list(free = list(weight = TRUE, bias = TRUE)))
  drops <- dartsr:::term_drops(model, context)
  expect_length(drops, 4)
  expect_identical(drops[[1]]$weight, matrix(c(0, 0.5), 1))
  expect_identical(drops[[1]]$free_weight, matrix(c(FALSE, TRUE), 1))
  expect_identical(drops[[2]]$weight, matrix(c(2, 0), 1))
  expect_identical(drops[[3]]$architecture, c("none", "linear_exp", "none", "none", "linear_exp"))
  expect_identical(drops[[4]]$architecture, c("linear", "none", "none", "none", "linear_exp"))
  # k2's one edge is not a term of a sum: dropping it is dropping k2's weight.
  model$weight[1, 2] <- 0
  expect_length(dartsr:::term_drops(model, context), 3)
})

test_that("the forward selection swaps an edge in use for another nonlinear primitive", {
  options <- rep(list(c("none", "add", "linear_exp", "linear_logistic", "linear_relu")), 3)
  moves <- dartsr:::swap_moves(c("linear_logistic", "none", "add"), options)
  tried <- vapply(moves, function(m) paste(m$edges, m$primitives), character(1))
  # A line becomes a curve too: x2 taken as a line first, where the law has
  # exp(x2).
  expect_identical(tried, c("1 linear_exp", "1 linear_relu", "3 linear_exp",
                            "3 linear_logistic", "3 linear_relu"))
})

test_that("into a node of its own, one affine primitive stands for all", {
  edges <- dartsr:::edge_table("x", 2)
  options <- rep(list(c("none", "add", "subtract", "mult", "linear", "linear_exp")), 3)
  both_free <- list(weight = TRUE, bias = TRUE)
  moves <- dartsr:::forward_moves(rep("none", 3), options, edges, 1L, both_free)
  tried <- vapply(moves, function(m) paste(m$edges, m$primitives, collapse = " "), character(1))
  # (and the exponential of an exponential, a composition)
  expect_setequal(tried, c("1 add", "1 linear_exp", "1 linear_exp 3 linear_exp"))
  # Without a free bias, linear's offset is a term of its own.
  moves <- dartsr:::forward_moves(rep("none", 3), options, edges, 1L,
                                  list(weight = TRUE, bias = FALSE))
  expect_length(moves, 6)
})

test_that("a forward step starts from the previous fit with the new node's weight at 0", {
  edges <- dartsr:::edge_table("x", 2)
  warm <- list(architecture = c("linear_exp", "none", "none"), theta = array(0.5, c(3, 2, 2)),
               weight = matrix(c(2, 7), 1), bias = 1)
  context <- list(edges = edges, template = list(free = list(weight = TRUE, bias = TRUE)))
  expect_identical(dartsr:::warm_start(warm, context)$weight, matrix(c(2, 0), 1))
  context$template$free$weight <- FALSE
  expect_identical(dartsr:::warm_start(warm, context)$weight, warm$weight)
})

test_that("a forward step restarts only the new edges' coefficients", {
  edges <- dartsr:::edge_table("x", 2)
  theta <- array(0.3, c(3, 2, 2), dimnames = list(edges$name, c("none", "linear_exp"), c("a", "b")))
  warm <- list(architecture = c("linear_exp", "none", "none"), theta = theta,
               weight = matrix(c(2, 7), 1), bias = 1)
  context <- list(edges = edges, source_scale = rep(1, 3),
                  template = list(free = list(weight = TRUE, bias = TRUE)))
  starts <- dartsr:::warm_starts(context, c("linear_exp", "linear_exp", "none"), warm)
  # each start's whole theta, as the polish writes it
  whole <- lapply(starts$params, function(params) {
    replace(starts$theta, starts$at, params)
  })
  new_a <- vapply(whole, function(theta) theta[2, "linear_exp", "a"], numeric(1))
  expect_identical(new_a, c(0.3, 1, -1))
  for (start in whole) expect_identical(start[1, , ], theta[1, , ])
  expect_identical(starts$weight, rep(list(matrix(c(2, 0), 1)), 3))
  # An added edge without coefficients leaves nothing to restart.
  expect_length(dartsr:::warm_starts(context, c("linear_exp", "none", "none"), warm)$params, 1)
})

# The refinement's context for y ~ x on `d`, and a one-edge model of it:
# `primitive` on x -> k1 with parameters `theta`, output weight `weight` and
# bias `bias`.
one_edge_candidate <- function(d, primitive, theta, weight, bias = 0) {
  spec <- darts_regressor(num_graph_nodes = 1, primitives = c("none", primitive),
                          max_epochs = 1, refine_top = 0)
  f <- withr::with_seed(1, fit(spec, y ~ x, data = d, verbose = FALSE))
  model <- f$network
  model$architecture[] <- primitive
  model$theta["x -> k1", primitive, ] <- theta
  model$weight[] <- weight
  model$bias[] <- bias
  list(context = dartsr:::refine_context(f), model = model)
}

test_that("pruning is kept where BIC prefers it, not where the printer would drop a term", {
  # A bias a hundred-thousandth of the largest term: below the printer's third
  # digit either way.
  x <- seq(0, 5, length.out = 30)
  rows <- seq_along(x)
  member_for <- function(y) {
    candidate <- one_edge_candidate(data.frame(x = x, y = y), "linear_exp", c(1, 0), weight = 2,
                                    bias = 0.02)
    dartsr:::front_member(list(model = candidate$model), candidate$context, rows)
  }
  # Exact data: without the bias the fit is far worse than rounding; the term
  # stays in the network and in the law.
  exact <- member_for(2 * exp(x) + 0.02)
  expect_equal(unname(exact$model$bias), 0.02, tolerance = 1e-6)
  # Noisy data without a bias: the fitted one is noise, and the pruned network
  # has the lower BIC.
  noisy <- member_for(2 * exp(x) + withr::with_seed(3, rnorm(30, sd = 0.01)))
  expect_identical(unname(noisy$model$bias), 0)
  expect_false(noisy$model$free_bias)
})

test_that("a candidate's output layer starts at its least-squares values", {
  d <- data.frame(x = seq(0, 3, length.out = 30))
  d$y <- -3 * exp(-d$x) + 2
  candidate <- one_edge_candidate(d, "linear_exp", c(-1, 0), weight = 1)
  context <- candidate$context
  model <- candidate$model
  solved <- dartsr:::with_solved_output_layer(context, model, seq_len(nrow(d)))
  # A weight of -3 that Levenberg-Marquardt would have to reach through 0.
  expect_equal(unname(c(solved$weight, solved$bias)), c(-3, 2), tolerance = 1e-10)
  expect_identical(solved$theta, model$theta)
  # A held weight stays at 0; the bias alone is solved for.
  model$weight[] <- 0
  model$free_weight <- matrix(FALSE, 1, 1)
  held <- dartsr:::with_solved_output_layer(context, model, seq_len(nrow(d)))
  expect_identical(c(held$weight), 0)
  expect_equal(unname(held$bias), mean(d$y))
})

test_that("an exponential of a hidden node is refitted from the log of the response", {
  # An Arrhenius-type law, NIST's MGH10 without its noise: w * exp(b / (x + c)).
  d <- data.frame(x = seq(50, 125, by = 5))
  d$y <- 0.0056 * exp(6181 / (d$x + 345))
  spec <- darts_regressor(num_graph_nodes = 2, max_epochs = 1, refine_top = 0,
                          primitives = c("none", "affine_reciprocal", "linear_exp"))
  f <- withr::with_seed(1, fit(spec, y ~ x, data = d, verbose = FALSE))
  context <- dartsr:::refine_context(f)
  model <- f$network
  model$architecture[] <- c("affine_reciprocal", "none", "linear_exp")
  model$free_weight <- matrix(c(FALSE, TRUE), 1)
  candidate <- list(model = model)
  expect_true(dartsr:::linearizable(candidate, context))
  refitted <- dartsr:::linearized_candidate(candidate, context, seq_len(nrow(d)))
  # At the law's least squares: the residuals are rounding.
  expect_lt(refitted$loss, 1e-12 * sum(d$y^2))
  # An exponential of an input has no hidden node to fit to the log.
  direct <- model
  direct$architecture[] <- c("none", "linear_exp", "none")
  direct$free_weight <- matrix(c(FALSE, TRUE), 1)
  expect_false(dartsr:::linearizable(list(model = direct), context))
  # Nor has a response of both signs.
  context$log_response <- dartsr:::log_response(cbind(d$y - 20000), "gaussian", "real")
  expect_false(dartsr:::linearizable(candidate, context))
})

test_that("the bias-free variant of a member is also fitted afresh", {
  # NIST's Ratkowsky2 (pasture yield against growing time). Without its
  # offset, -68.6 * logistic(-0.0735 * x + 2.92) + 71.2 must become
  # 72.5 * logistic(0.0677 * x - 2.62), the certified model: its weight
  # changes sign, which a refit from its own coefficients does not do.
  d <- data.frame(x = c(9, 14, 21, 28, 42, 57, 63, 70, 79),
                  y = c(8.93, 10.8, 18.59, 22.33, 39.35, 56.11, 61.73, 64.62, 67.08))
  candidate <- one_edge_candidate(d, "linear_logistic", c(-0.0735, 2.92), weight = -68.6,
                                  bias = 71.2)
  member <- dartsr:::without_bias(list(model = candidate$model), candidate$context,
                                  seq_len(nrow(d)))
  # NIST's certified residual sum of squares: 8.0565229338.
  expect_equal(member$loss, 8.0565229338, tolerance = 1e-6)
  expect_identical(unname(member$model$bias), 0)
})

test_that("the front is drawn from the best few screened shapes at each complexity", {
  candidates <- lapply(c(3, 1, 2, 5, 4), function(loss) {
    list(complexity = if (loss > 2) 7 else 4, loss = loss)
  })
  kept <- dartsr:::best_at_each_complexity(candidates, 2)
  expect_identical(vapply(kept, `[[`, numeric(1), "loss"), c(1, 2, 3, 4))
})

test_that("of two networks of one law, the front keeps the one defined on the wider domain", {
  # x * exp(-0.7 * x) as x times an exp, and as exp(ln(x)) times an exp.
  plain <- list(shape = "y = # * x * exp(# * x)", complexity = 6, loss = 1 + 1e-9,
                model = list(architecture = c("linear_exp", "add", "add")))
  through_ln <- list(shape = "y = # * x * exp(# * x)", complexity = 6, loss = 1,
                     model = list(architecture = c("linear_ln", "linear_exp", "linear_exp")))
  simpler <- list(shape = "y = #", complexity = 1, loss = 5, model = list(architecture = "none"))
  front <- dartsr:::pareto_members(list(through_ln, simpler, plain))
  expect_identical(front, list(simpler, plain))
  # A clearly better fit of the law stands, whatever its network.
  through_ln$loss <- 0.9
  expect_identical(dartsr:::pareto_members(list(through_ln, simpler, plain)),
                   list(simpler, through_ln))
  expect_equal(dartsr:::restricted_edges(through_ln), 1)
})

test_that("a contender without a law leaves, and the front is drawn again without it", {
  candidates <- list(list(id = "constant", complexity = 1, loss = 100),
                     list(id = "guarded", complexity = 4, loss = 10),
                     list(id = "line", complexity = 5, loss = 60),
                     list(id = "logistic", complexity = 9, loss = 20),
                     list(id = "two logistics", complexity = 17, loss = 5))
  asked <- character()
  member_of <- function(candidate) {
    asked <<- c(asked, candidate$id)
    if (candidate$id == "guarded") NULL else candidate
  }
  drawn <- dartsr:::front_with_laws(candidates, 0, member_of)
  ids <- vapply(drawn$members, `[[`, character(1), "id")
  expect_identical(ids, c("constant", "line", "logistic", "two logistics"))
  expect_identical(vapply(drawn$front, `[[`, character(1), "id"), ids)
  # Each contender's member is made once.
  expect_identical(sort(asked), sort(c("constant", "guarded", "two logistics", "line",
                                       "logistic")))
})

test_that("a power law without offset joins the front beside the one with it", {
  # NIST's DanielWood data (6 rows), certified model 0.76886 * x^3.8604.
  d <- data.frame(
    x = c(1.309, 1.471, 1.49, 1.565, 1.611, 1.68),
    y = c(2.138, 3.421, 3.597, 4.34, 4.882, 5.66)
  )
  set.seed(107)
  f <- fit(darts_regressor(), y ~ x, data = d, verbose = FALSE)
  front <- pareto_front(f)
  power <- grepl("^y = [0-9.]+ \\* x\\^[0-9]+\\.[0-9]+$", front$equation)
  expect_true(any(power))
  b <- coef(choose_equation(f, front$complexity[power][1]))
  expect_equal(unname(b), c(0.76886, 3.8604), tolerance = 1e-3)
  expect_lte(f$law$n_constants, 4)
})

test_that("a contender off the front joins it without an offset it hardly needs", {
  # NIST's MGH09 (11 rows). The screened Lorentzian c / ((x + m)^2 + d) + e
  # fits with m near 0, behind a Hill curve c / (x^2.12 + d) + e of one
  # constant less; centred at 0 it is simpler than both.
  d <- data.frame(
    x = c(4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625),
    y = c(0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235,
          0.0246)
  )
  set.seed(111)
  f <- fit(darts_regressor(), y ~ x, data = d, verbose = FALSE)
  front <- pareto_front(f)
  centred <- grepl("^y = [0-9.]+ - [0-9.]+ / \\(x\\^2 \\+ [0-9.]+\\)$", front$equation)
  expect_true(any(centred))
  expect_lt(front$rmse[centred][1], 0.005)
})

test_that("forward steps grow products: a factor into a node, or two sources in a new node", {
  edges <- dartsr:::edge_table(c("V", "P"), 2)
  options <- rep(list(c("none", "add", "mult", "linear", "affine_reciprocal")), nrow(edges))
  graph <- dartsr:::new_graph(c("add", rep("none", 4)), K = 2)
  moves <- dartsr:::product_moves(graph, options, edges, 2L)
  described <- vapply(moves, function(m) {
    paste(paste(m$edges, collapse = ","), paste(m$primitives, collapse = ","), m$product)
  }, character(1))
  # P into k1, the one factor of each scale (add), the offset's and the ratio's.
  expect_true(all(c("2 add 1", "2 linear 1", "2 affine_reciprocal 1") %in% described))
  expect_false("2 mult 1" %in% described)
  # A product of two sources in the empty node k2: V * P, and k1 times a function of an input.
  expect_true("3,4 add,add 2" %in% described)
  expect_true("5,3 add,affine_reciprocal 2" %in% described)
  expect_identical(dartsr:::apply_move(graph, moves[[1]])$node_kinds, c("product", "sum"))
})

test_that("a nonlinearity's argument grows into a weighted sum", {
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_logistic")), nrow(edges))
  graph <- dartsr:::new_graph(c("linear_logistic", rep("none", 4)), K = 2)
  moves <- dartsr:::argument_moves(graph, options, edges, 2L)
  # logistic(x1) becomes logistic(a * (x1 + c * x2) + b) through k2.
  expect_identical(moves, list(list(edges = c(1L, 2L, 5L),
                                    primitives = c("add", "mult", "linear_logistic"))))
})

test_that("a term is multiplied or divided by a weighted sum of two sources in a node before it", {
  edges <- dartsr:::edge_table(c("d1", "d2"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_exp", "affine_reciprocal")), nrow(edges))
  # k1 = d1 * d2, feeding only the output.
  graph <- dartsr:::new_graph(c("add", "add", "none", "none", "none"), c("product", "sum"))
  moves <- dartsr:::sum_factor_moves(graph, options, edges, 2L)
  # k1 becomes d1 + c * d2; k2 the product d1 * d2 * k1, or d1 * d2 * 1 / (a * k1 + b).
  expect_identical(moves, list(
    list(edges = c(1L, 2L, 3L, 4L, 5L), primitives = c("add", "mult", "add", "add", "add"),
         product = 2L, sum = 1L),
    list(edges = c(1L, 2L, 3L, 4L, 5L),
         primitives = c("add", "mult", "add", "add", "affine_reciprocal"),
         product = 2L, sum = 1L)
  ))
  moved <- dartsr:::apply_move(graph, moves[[2]])
  expect_identical(moved$node_kinds, c("sum", "product"))
  # A nonlinear term is not divided, nor a node that feeds another.
  graph$architecture[1] <- "linear_exp"
  expect_length(dartsr:::sum_factor_moves(graph, options, edges, 2L), 0)
  feeding <- dartsr:::new_graph(c("add", "add", "none", "none", "add"), c("product", "sum"))
  expect_length(dartsr:::sum_factor_moves(feeding, options, edges, 2L), 0)
})

test_that("an exponential of a product or a ratio of two sources takes three edges", {
  edges <- dartsr:::edge_table(c("E", "T"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_exp", "affine_reciprocal")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", 5), K = 2)
  moves <- dartsr:::product_composition_moves(empty, options, edges, 2L)
  described <- vapply(moves, function(m) paste(m$primitives, collapse = ","), character(1))
  # E * T, E / T and T / E into k1, which multiplies, and exp out of it.
  expect_identical(described, c("add,add,linear_exp", "add,affine_reciprocal,linear_exp",
                                "affine_reciprocal,add,linear_exp"))
  expect_true(all(vapply(moves, function(m) identical(m$edges, c(1L, 2L, 5L)), logical(1))))
  expect_true(all(vapply(moves, `[[`, integer(1), "product") == 1L))
  # Only from an empty node with a node after it.
  full <- dartsr:::new_graph(c("add", "none", "add", "none", "none"), K = 2)
  expect_length(dartsr:::product_composition_moves(full, options, edges, 2L), 0)
  # Of the lns out of the product, the one with an offset, ln(D / W + 1); the
  # one without only when asked for (ln(a * D / W) is a sum of lns).
  options <- rep(list(c("none", "add", "linear_ln", "affine_ln", "affine_reciprocal")), nrow(edges))
  outer <- function(moves) unique(vapply(moves, function(m) m$primitives[3], character(1)))
  expect_identical(outer(dartsr:::product_composition_moves(empty, options, edges, 2L)),
                   "affine_ln")
  expect_identical(outer(dartsr:::product_composition_moves(empty, options, edges, 2L,
                                                            plain_ln = TRUE)),
                   c("linear_ln", "affine_ln"))
})

test_that("the Arrhenius factor exp(-E / T) is found", {
  set.seed(1001)
  d <- data.frame(E = runif(200, 1, 5), T = runif(200, 1, 5))
  d$y <- exp(-d$E / d$T) + rnorm(200, sd = 0.0002)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ E + T, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = exp(-E / T)")
})

test_that("the Boltzmann factor exp(-m * h / T): the best exponential of two factors grows a third", {
  set.seed(1002)
  d <- data.frame(m = runif(200, 1, 5), h = runif(200, 1, 5), T = runif(200, 1, 5))
  d$y <- exp(-d$m * d$h / d$T) + rnorm(200, sd = 1e-4)
  set.seed(2)
  f <- fit(darts_regressor(), y ~ m + h + T, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = exp(-h * m / T)")
})

test_that("two exponentials of one input go into the first two empty nodes at once", {
  edges <- dartsr:::edge_table(c("x", "z"), 3)
  options <- rep(list(c("none", "add", "exp", "linear_exp", "linear_logistic")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 3)
  moves <- dartsr:::exponential_pair_moves(empty, options, edges, 2L)
  # x into k1 and k2, z into k1 and k2: only the exponential with a rate.
  expect_identical(lapply(moves, `[[`, "edges"), list(c(1L, 3L), c(2L, 4L)))
  expect_true(all(vapply(moves, function(m) identical(m$primitives, rep("linear_exp", 2)),
                         logical(1))))
  # With k1 filled, into k2 and k3.
  filled <- empty
  filled$architecture[1] <- "add"
  moves <- dartsr:::exponential_pair_moves(filled, options, edges, 2L)
  expect_identical(edges$to_index[moves[[1]]$edges], c(2L, 3L))
  # One empty node is not enough.
  filled$architecture[3] <- "add"
  expect_length(dartsr:::exponential_pair_moves(filled, options, edges, 2L), 0)
})

test_that("nonlinear edges of one kind from one source start at rates apart", {
  architecture <- c("linear_exp", "linear_exp", "linear", "linear_logistic", "linear_exp")
  sources <- c(1L, 1L, 1L, 1L, 2L)
  a <- dartsr:::starting_rates(architecture, sources, NULL)(rep(-0.5, 5))
  # The second exponential of source 1 starts three times as fast; a line,
  # a logistic and an exponential of another source keep theirs.
  expect_equal(a, c(-0.5, -1.5, -0.5, -0.5, -0.5))
  expect_identical(dartsr:::starting_rates(architecture, NULL, NULL)(rep(1, 5)), rep(1, 5))
})

test_that("a nonlinearity of a weighted sum of every input takes all their edges at once", {
  edges <- dartsr:::edge_table(c("x1", "x2", "x3"), 2)
  options <- rep(list(c("none", "add", "mult", "linear", "linear_exp", "linear_logistic",
                        "exp")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves <- dartsr:::index_moves(empty, options, edges, 3L)
  # x1 plain and x2, x3 weighted into k1; out of it one move per kind of
  # nonlinearity with a scale of its own (exp(u) is linear_exp's kind).
  described <- vapply(moves, function(m) paste(m$primitives, collapse = ","), character(1))
  expect_identical(described, c("add,mult,mult,linear_exp", "add,mult,mult,linear_logistic"))
  out <- which(edges$from_index == 4L & edges$to_index == 2L)
  expect_identical(moves[[1]]$edges, c(1L, 2L, 3L, out))
  # Of one input it is one edge; from a graph with edges, no move.
  expect_length(dartsr:::index_moves(dartsr:::new_graph(rep("none", 3), K = 2), rep(options[1], 3),
                                     dartsr:::edge_table("x", 2), 1L), 0)
  empty$architecture[1] <- "add"
  expect_length(dartsr:::index_moves(empty, options, edges, 3L), 0)
})

test_that("the additive selection starts from the linear model of every input and swaps terms", {
  edges <- dartsr:::edge_table(c("x1", "x2", "x3"), 2)
  options <- rep(list(c("none", "add", "mult", "linear", "linear_exp", "linear_square")),
                 nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves <- dartsr:::additive_moves(empty, options, edges, 3L)
  # One move: x1 plain and x2, x3 weighted, into k1, nothing out of it.
  expect_length(moves, 1)
  expect_identical(moves[[1]]$edges, 1:3)
  expect_identical(moves[[1]]$primitives, c("add", "mult", "mult"))
  # Of one input, and from a graph with edges, none.
  expect_length(dartsr:::additive_moves(dartsr:::new_graph(rep("none", 3), K = 2),
                                        rep(options[1], 3), dartsr:::edge_table("x", 2), 1L), 0)
  empty$architecture[1] <- "add"
  expect_length(dartsr:::additive_moves(empty, options, edges, 3L), 0)
})

test_that("a sum of one-input functions of three inputs is found: 2 * x1 + exp(x2) + (x3 - 1)^2", {
  set.seed(5)
  d <- data.frame(x1 = stats::runif(300, 0, 2), x2 = stats::runif(300, 0, 2),
                  x3 = stats::runif(300, 0, 3))
  d$y <- 2 * d$x1 + exp(d$x2) + (d$x3 - 1)^2 + stats::rnorm(300, sd = 0.01)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ x1 + x2 + x3, data = d, verbose = FALSE)
  expect_gt(f$r_squared[[1]], 0.9999)
  expect_match(equation(f), "x1", fixed = TRUE)
  expect_match(equation(f), "exp(", fixed = TRUE)
  expect_match(equation(f), "(x3 - 1)^2", fixed = TRUE)
})

test_that("a Gompertz curve and a logistic of a ratio are found", {
  expect_identical(law_equation(list(t = c(0, 10)), function(d) 3 * exp(-2 * exp(-0.5 * d$t)),
                                1001, 1),
                   "y = 3 * exp(-2 * exp(-0.5 * t))")
  # A psychometric function of a Weber fraction.
  expect_identical(law_equation(list(S = c(1, 5), N = c(1, 5)),
                                function(d) plogis(2 * d$S / d$N - 2), 1008, 8),
                   "y = logistic(2 * S / N - 2)")
})

# The moves `moves_of` proposes from the empty two-node graph of `inputs`,
# every edge offering `options`, each described as "edge primitive ...",
# and what it proposes once the first edge is in use.
moves_from_empty <- function(moves_of, inputs, options) {
  edges <- dartsr:::edge_table(inputs, 2)
  options <- rep(list(options), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves <- moves_of(empty, options, edges, length(inputs))
  started <- empty
  started$architecture[1] <- "add"
  list(moves = moves,
       described = vapply(moves, function(m) paste(m$edges, m$primitives, collapse = " "),
                          character(1)),
       products = vapply(moves, `[[`, integer(1), "product"),
       after_a_step = moves_of(started, options, edges, length(inputs)))
}

test_that("an input times a nonlinearity of another takes two edges into a product node", {
  proposed <- moves_from_empty(dartsr:::scaled_term_moves, c("A", "D"),
                               c("none", "add", "mult", "linear_exp", "affine_reciprocal", "exp"))
  # A times exp(a * D + b) or 1 / (a * D + b) in k1, and D times the same of
  # A; A times a function of itself through k1 into k2 (A -> k2 is edge 3,
  # k1 -> k2 edge 5), and D likewise.
  expect_identical(proposed$described, c(
    "1 linear_exp 3 add 5 add", "1 affine_reciprocal 3 add 5 add",
    "1 add 2 linear_exp", "1 add 2 affine_reciprocal",
    "2 add 1 linear_exp", "2 add 1 affine_reciprocal",
    "2 linear_exp 4 add 5 add", "2 affine_reciprocal 4 add 5 add"))
  expect_identical(proposed$products, c(2L, 2L, 1L, 1L, 1L, 1L, 2L, 2L))
  expect_length(proposed$after_a_step, 0)
})

test_that("a power of an input times an exponential of it where the response peaks", {
  options <- c("none", "add", "linear_ln", "linear_exp")
  edges <- dartsr:::edge_table("x", 2)
  empty <- dartsr:::new_graph(rep("none", 3), K = 2)
  described <- function(peaked) {
    moves <- dartsr:::scaled_term_moves(empty, rep(list(options), 3), edges, 1L, peaked)
    vapply(moves, function(m) paste(m$edges, m$primitives, collapse = " "), character(1))
  }
  # x times exp(a * x + b) or ln(a * x) (the Ricker move); and where the
  # response peaks inside x's range, ln(a * x) in k1 and, in k2, which
  # multiplies, exp of k1 (a power) times exp(a * x + b).
  ricker <- c("1 linear_ln 2 add 3 add", "1 linear_exp 2 add 3 add")
  expect_identical(described(FALSE), ricker)
  expect_identical(described(TRUE), c(ricker, "1 linear_ln 3 linear_exp 2 linear_exp"))
  x <- cbind(t = seq(0, 10, length.out = 101))
  expect_true(dartsr:::peaks_inside(x, cbind(x[, 1] * exp(-x[, 1] / 2))))
  expect_false(dartsr:::peaks_inside(x, cbind(stats::plogis(x[, 1] - 5))))
  # Along x1 of 2 * x1 + exp(5 * x2), the groups' means differ by noise.
  set.seed(1)
  seed_inputs <- cbind(x1 = runif(100), x2 = runif(100))
  expect_identical(dartsr:::peaks_inside(seed_inputs, cbind(2 * seed_inputs[, 1] +
                                                              exp(5 * seed_inputs[, 2]))),
                   c(x1 = FALSE, x2 = FALSE))
  # A product of exponentials is linear in its sources on the log scale: the
  # start that makes it so.
  context <- list(edges = edges, input_names = "x")
  graph <- dartsr:::new_graph(c("linear_ln", "linear_exp", "linear_exp"), c("sum", "product"))
  site <- dartsr:::exponential_output_site(graph, context, c(TRUE, FALSE))
  expect_identical(site, list(factors = c(2L, 3L), source = 2L, node = 2L))
  inner <- dartsr:::log_linear_graph(graph, site, c("none", "mult", "linear_ln", "linear_exp"))
  expect_identical(unname(inner$architecture), c("linear_ln", "mult", "mult"))
  expect_identical(unname(inner$node_kinds), c("sum", "sum"))
  expect_null(dartsr:::log_linear_graph(graph, site, c("none", "linear_ln", "linear_exp")))
  expect_identical(law_equation(list(x = c(0.1, 8)), function(d) 2 * d$x^1.5 * exp(-0.8 * d$x),
                                1001, 1),
                   "y = 2 * x^1.5 * exp(-0.8 * x)")
})

test_that("an input over a quadratic in it where the response peaks: 5 * x / (1 + x)^2", {
  described <- function(peaked) {
    moves_of <- function(...) dartsr:::scaled_term_moves(..., peaked = peaked)
    moves_from_empty(moves_of, "x", c("none", "add", "linear_square", "affine_reciprocal"))$described
  }
  # The square of a line in k1; in k2, which multiplies, its reciprocal
  # times x; only where the response peaks inside x's range.
  rational_peak <- "1 linear_square 3 affine_reciprocal 2 add"
  expect_true(rational_peak %in% described(TRUE))
  expect_false(rational_peak %in% described(FALSE))
  expect_identical(law_equation(list(x = c(0, 5)), function(d) 5 * d$x / (1 + d$x)^2, 1001, 1),
                   "y = 5 * x / (x + 1)^2")
  # Substrate inhibition peaks at S = 3.2, by the first of five groups along
  # 0 to 20: on these rows (those of the law below) only the ten groups see
  # it.
  S <- withr::with_seed(1002, stats::runif(200, 0, 20))
  inhibited <- 10 * S / (2 + S + S^2 / 5)
  expect_false(dartsr:::peak_among_groups(inhibited, order(S), 5L, 2))
  expect_true(dartsr:::peaks_inside(cbind(S), cbind(inhibited)))
  expect_match(law_equation(list(S = c(0, 20)), function(d) 10 * d$S / (2 + d$S + d$S^2 / 5),
                            1002, 2),
               "^y = 50 \\* S / \\(\\(S \\+ 2\\.5\\)\\^2 \\+ 3\\.7[45]\\)$")
})

test_that("an input times a standard composition of another: A * (D + c)^p, A * exp(-E / T)", {
  options <- c("none", "add", "mult", "linear_exp", "affine_reciprocal", "linear_power")
  proposed <- moves_from_empty(dartsr:::scaled_composition_moves, c("A", "D"), options)
  # g of one input into k1 (edges 1, 2), f of k1 into k2 (edge 5), the other
  # input plain into k2 (edges 4, 3), which multiplies: an Arrhenius factor,
  # a Gompertz curve and a shifted power.
  expect_identical(proposed$described, c(
    "1 affine_reciprocal 5 linear_exp 4 add", "1 linear_exp 5 linear_exp 4 add",
    "1 affine_reciprocal 5 linear_power 4 add",
    "2 affine_reciprocal 5 linear_exp 3 add", "2 linear_exp 5 linear_exp 3 add",
    "2 affine_reciprocal 5 linear_power 3 add"))
  expect_true(all(proposed$products == 2L))
  expect_length(proposed$after_a_step, 0)
  expect_length(moves_from_empty(dartsr:::scaled_composition_moves, "x", options)$moves, 0)
  # Hyperboloid discounting, and an amount times an Arrhenius factor.
  expect_identical(law_equation(list(A = c(10, 100), D = c(0.5, 60)),
                                function(d) d$A / (1 + 0.1 * d$D)^0.7, 1001, 1),
                   "y = 5.01 * A * (D + 10)^-0.7")
  expect_identical(law_equation(list(A = c(1, 10), T = c(0.5, 5)),
                                function(d) d$A * exp(-2 / d$T), 1001, 1),
                   "y = A * exp(-2 / T)")
})

test_that("an amount times a Boltzmann factor: the exponential's node times the amount", {
  edges <- dartsr:::edge_table(c("A", "E", "T"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_exp", "affine_reciprocal")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  # A * exp(a * D + b) in k1 (edges 1 and 2) makes A the amount.
  scaled <- list(model = list(architecture = c("add", "linear_exp", rep("none", 5))))
  expect_identical(dartsr:::scaling_input(scaled, edges, 3L), 1L)
  expect_identical(dartsr:::scaling_input(NULL, edges, 3L), NA_integer_)
  ricker <- list(model = list(architecture = c("linear_exp", rep("none", 2), "add", "none",
                                               "none", "add")))
  expect_identical(dartsr:::scaling_input(ricker, edges, 3L), NA_integer_)
  moves <- dartsr:::prefactored_composition_moves(empty, options, edges, 3L, 1L)
  described <- vapply(moves, function(m) paste(m$edges, m$primitives, collapse = " "), character(1))
  # E * T, E / T, T / E in k1 (edges 2, 3), exp or reciprocal of k1 into k2
  # (edge 7), and A into k2 (edge 4): both nodes multiply.
  expect_identical(described, c("2 add 3 add 7 linear_exp 4 add",
                                "2 add 3 affine_reciprocal 7 linear_exp 4 add",
                                "2 affine_reciprocal 3 add 7 linear_exp 4 add",
                                "2 add 3 add 7 affine_reciprocal 4 add",
                                "2 add 3 affine_reciprocal 7 affine_reciprocal 4 add",
                                "2 affine_reciprocal 3 add 7 affine_reciprocal 4 add"))
  expect_true(all(vapply(moves, function(m) identical(m$product, c(1L, 2L)), logical(1))))
  expect_length(dartsr:::prefactored_composition_moves(empty, options, edges, 3L, NA_integer_), 0)
  expect_identical(law_equation(list(A = c(1, 5), E = c(1, 5), T = c(1, 5)),
                                function(d) d$A * exp(-d$E / d$T), 1001, 1),
                   "y = A * exp(-E / T)")
  # (Seeds 1 to 4 all find it; from the search's coefficients alone, the
  # quick look ranked the reciprocal below A * ln(D * k) in two of them.)
  expect_identical(law_equation(list(A = c(10, 100), k = c(0.01, 0.2), D = c(0, 60)),
                                function(d) d$A / (1 + d$k * d$D), 1001, 1),
                   "y = A / (D * k + 1)")
})

test_that("a relu that a bias-free refit leaves unbent is straightened: m * r * w^2", {
  expect_identical(law_equation(list(m = c(1, 5), w = c(1, 5), r = c(1, 5)),
                                function(d) d$m * d$w^2 * d$r, 101, 1),
                   "y = m * r * w^2")
})

test_that("a logistic whose argument stays beyond 4 on every row is in that tail", {
  edges <- dartsr:::edge_table("x", 2)
  theta <- array(0, c(3, 1, 2), list(NULL, "linear_logistic", NULL))
  model <- list(architecture = c("linear_logistic", "none", "none"), node_kinds = c("sum", "sum"),
                theta = theta, weight = matrix(1, 1, 2), bias = 0)
  context <- list(x = matrix(seq(0, 5, length.out = 20), ncol = 1), edges = edges,
                  row_data = new.env())
  tail_of <- function(a, b) {
    model$theta[1, "linear_logistic", ] <- c(a, b)
    dartsr:::argument_tail(model, 1L, context, 1:20)
  }
  expect_identical(tail_of(1, -10), 1L) # from -10 to -5: exp(x - 10)
  expect_identical(tail_of(-1, 10), 2L) # from 5 to 10
  expect_identical(tail_of(1, -3), NA_integer_) # turns on the rows
  expect_identical(tail_of(1, -8.5), NA_integer_) # reaches -3.5
})

test_that("each input is tried as the amount of a composition, the scaling one first", {
  edges <- dartsr:::edge_table(c("T", "a", "b"), 2)
  options <- rep(list(c("none", "add", "linear_exp", "linear_ln", "affine_reciprocal")),
                 nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  amounts <- function(moves, edges) {
    vapply(moves, function(m) edges$from_index[m$edges[4]], numeric(1))
  }
  moves <- dartsr:::prefactored_moves(empty, options, edges, 3L, 2L)
  # Three forms of the one pair without the amount, under exp, ln and a
  # reciprocal.
  expect_identical(amounts(moves, edges), rep(c(2, 1, 3), each = 9))
  expect_true(any(vapply(moves, function(m) identical(m$primitives, c("add", "affine_reciprocal",
                                                                      "linear_ln", "add")) &&
                           identical(m$edges, c(2L, 3L, 7L, 4L)), logical(1))))
  expect_identical(amounts(dartsr:::prefactored_moves(empty, options, edges, 3L), edges),
                   rep(c(1, 2, 3), each = 9))
  # Of ten inputs, 36 pairs: one amount.
  edges10 <- dartsr:::edge_table(paste0("x", 1:10), 2)
  options10 <- rep(list(c("none", "add", "linear_exp", "affine_reciprocal")), nrow(edges10))
  empty10 <- dartsr:::new_graph(rep("none", nrow(edges10)), K = 2)
  moves10 <- dartsr:::prefactored_moves(empty10, options10, edges10, 10L, 4L)
  expect_length(moves10, 36 * 3 * 2)
  expect_true(all(amounts(moves10, edges10) == 4))
})

test_that("with affine_ln, Hick's law is one edge: 0.15 * ln(n + 1) + 0.3", {
  set.seed(1002)
  d <- data.frame(n = runif(200, 1, 10))
  truth <- 0.3 + 0.15 * log(d$n + 1)
  d$y <- truth + rnorm(200, sd = 0.001 * sd(truth))
  set.seed(1)
  spec <- darts_regressor(primitives = c("none", "add", "mult", "linear", "affine_ln"))
  f <- fit(spec, y ~ n, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = 0.15 * ln(n + 1) + 0.3")
  expect_identical(unname(f$network$architecture[1]), "affine_ln")
})

test_that("an ln term's scale is held with the bias: 0.3 * x1 + 0.7 * ln(x2), no constant", {
  # ln(a * x2) is ln(x2) + ln(a): its scale is a constant term of its own.
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  model <- list(architecture = c("add", "none", "none", "linear_ln", "none"),
                node_kinds = c("sum", "sum"), theta = array(-0.4, c(5, 2, 2),
                list(NULL, c("add", "linear_ln"), NULL)), weight = matrix(1, 1, 2), bias = 0)
  held <- dartsr:::with_ln_scales_held(model, edges, 2L)
  expect_identical(held$free_theta[, 1], c(TRUE, TRUE, TRUE, FALSE, TRUE))
  expect_identical(unname(held$theta[4, "linear_ln", 1]), -1)
  expect_identical(dartsr:::with_ln_scales_held(held, edges, 2L), held)
  expect_identical(law_equation(list(x1 = c(1, 10), x2 = c(1, 10)),
                                function(d) 0.3 * d$x1 + 0.7 * log(d$x2), 1001, 1),
                   "y = 0.3 * x1 + 0.7 * ln(x2)")
})

test_that("an ln factor's constant is held at 0 with its source's scale: Nernst's law", {
  # k1 = c1 / (a2 * c2 + b), k2 = T * ln(a * k1): the constant ln(a / a2).
  edges <- dartsr:::edge_table(c("T", "c1", "c2"), 2)
  primitives <- c("add", "affine_reciprocal", "linear_ln")
  model <- list(architecture = c("none", "add", "affine_reciprocal", "add", "none", "none",
                                 "linear_ln"),
                node_kinds = c("product", "product"),
                theta = array(0, c(7, 3, 2), list(NULL, primitives, NULL)),
                weight = matrix(c(0, 0.5), 1), bias = 0)
  model$theta[3, "affine_reciprocal", ] <- c(-0.96, 0.48)
  model$theta[7, "linear_ln", 1] <- -0.95
  ln_factors <- dartsr:::free_ln_scales_into_products(model, edges)
  expect_identical(ln_factors, 7L)
  expect_identical(dartsr:::scaled_factors(model, edges, 1L), 3L)
  held <- dartsr:::with_scales_held(model, c(7L, 3L))
  # Each rate at its sign; the reciprocal's offset divided by |a2|, its pole kept.
  expect_identical(unname(held$theta[c(3, 7), , 1][cbind(1:2, c(2, 3))]), c(-1, -1))
  expect_equal(unname(held$theta[3, "affine_reciprocal", 2]), 0.5)
  expect_identical(which(!held$free_theta[, 1]), c(3L, 7L))
  # Held already, nothing is free to hold.
  expect_length(dartsr:::free_ln_scales_into_products(held, edges), 0)
  # Into a sum node the ln's scale is a bias, held with it (see without_bias()).
  summed <- model
  summed$node_kinds <- c("product", "sum")
  expect_length(dartsr:::free_ln_scales_into_products(summed, edges), 0)
  expect_identical(law_equation(list(T = c(1, 5), c1 = c(1, 5), c2 = c(1, 5)),
                                function(d) 0.5 * d$T * log(d$c1 / d$c2), 1001, 1),
                   "y = 0.5 * T * ln(c1 / c2)")
})

test_that("a weighted sum is divided by a reciprocal or a power it replaces: (x1 + x2) / x3", {
  edges <- dartsr:::edge_table(c("x1", "x2", "x3"), 2)
  options <- rep(list(c("none", "add", "mult", "affine_reciprocal", "linear_power")),
                 nrow(edges))
  # k1 = 1 / (a * x3 + b) (or c * x3^p), feeding only the output, becomes
  # x1 + c * x2; k2 multiplies k1 (or its reciprocal) by the moved term.
  for (term in c("affine_reciprocal", "linear_power")) {
    graph <- dartsr:::new_graph(c("none", "none", term, "none", "none", "none", "none"), K = 2)
    moves <- dartsr:::sum_factor_moves(graph, options, edges, 3L)
    expect_length(moves, 6)
    expect_true(list(list(edges = c(1L, 2L, 3L, 6L, 7L),
                          primitives = c("add", "mult", "none", term, "add"),
                          product = 2L, sum = 1L)) %in% moves)
  }
  expect_identical(law_equation(list(x1 = c(1, 5), x2 = c(1, 5), x3 = c(1, 5)),
                                function(d) (d$x1 + d$x2) / d$x3, 1001, 1),
                   "y = (x1 + x2) / x3")
})

# The moves `moves_of` (share_moves(), scaled_sum_moves(), ...) offers from
# the empty graph of two nodes over `input_names`, every edge able to take
# the primitives of a share.
seed_moves <- function(moves_of, input_names) {
  edges <- dartsr:::edge_table(input_names, 2)
  options <- rep(list(c("none", "add", "mult", "affine_reciprocal")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves_of(empty, options, edges, length(input_names))
}

# Each move as its edges and their primitives, in one string.
describe_moves <- function(moves) {
  vapply(moves, function(m) paste(m$edges, m$primitives, collapse = " "), character(1))
}

test_that("an input over a weighted sum of itself and another: Luce's choice rule", {
  moves <- seed_moves(dartsr:::share_moves, c("v1", "v2"))
  described <- describe_moves(moves)
  # v1 + c * v2 in k1, v1 times 1 / (a * k1 + b) in k2; and the same of v2.
  expect_identical(described, c("1 add 2 mult 3 add 5 affine_reciprocal",
                                "2 add 1 mult 4 add 5 affine_reciprocal"))
  expect_true(all(vapply(moves, `[[`, integer(1), "product") == 2L))
  expect_identical(law_equation(list(v1 = c(1, 5), v2 = c(1, 5)),
                                function(d) d$v1 / (d$v1 + 0.5 * d$v2), 1001, 1),
                   "y = v1 / (v1 + 0.5 * v2)")
})

test_that("of three inputs, an input over the weighted sum of all: Luce's rule among three", {
  moves <- seed_moves(dartsr:::share_moves, c("a", "b", "c"))
  described <- describe_moves(moves)
  # Per input, over each other one and over all: a / (a + c1 * b + c2 * c) first.
  expect_length(moves, 9)
  expect_identical(described[1:3], c("1 add 2 mult 4 add 7 affine_reciprocal",
                                     "1 add 3 mult 4 add 7 affine_reciprocal",
                                     "1 add 2 mult 3 mult 4 add 7 affine_reciprocal"))
  expect_identical(law_equation(list(a = c(1, 5), b = c(1, 5), c = c(1, 5)),
                                function(d) d$a / (d$a + d$b + d$c), 1001, 1),
                   "y = a / (a + b + c)")
})

test_that("a Ricker curve is found: 2 * x * exp(-0.7 * x)", {
  expect_identical(law_equation(list(x = c(0, 5)), function(d) 2 * d$x * exp(-0.7 * d$x), 1001, 1),
                   "y = 2 * x * exp(-0.7 * x)")
})

test_that("an amount discounted exponentially is found: A * exp(-0.05 * D)", {
  expect_identical(law_equation(list(A = c(10, 100), D = c(0, 60)),
                                function(d) d$A * exp(-0.05 * d$D), 1001, 1),
                   "y = A * exp(-0.05 * D)")
})

test_that("a logistic of a weighted sum of three inputs is found", {
  set.seed(1002)
  d <- data.frame(x1 = runif(200, -2, 2), x2 = runif(200, -2, 2), x3 = runif(200, -2, 2))
  d$y <- plogis(d$x1 + 2 * d$x2 - d$x3) + rnorm(200, sd = 3.7e-4)
  set.seed(2)
  f <- fit(darts_regressor(), y ~ x1 + x2 + x3, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = logistic(x1 + 2 * x2 - x3)")
})

test_that("a Lorentzian is a square into a reciprocal: a Hill curve of order 2", {
  edges <- dartsr:::edge_table("x", 2)
  options <- rep(list(c("none", "linear_square", "affine_reciprocal", "linear_exp")), 3)
  empty <- dartsr:::new_graph(rep("none", 3), K = 2)
  described <- vapply(dartsr:::composition_moves(empty$architecture, options, edges, 1L),
                      function(m) paste(m$primitives, collapse = ","), character(1))
  expect_true("linear_square,affine_reciprocal" %in% described)
  set.seed(1001)
  d <- data.frame(x = runif(200, 0, 2))
  d$y <- 3 * d$x^2 / (d$x^2 + 0.25) + rnorm(200, sd = 9e-4)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ x, data = d, verbose = FALSE)
  # The same curve as -0.75 / (x^2 + 0.25) + 3, in two constants: a Hill
  # curve, 1 / (c * x^-n + d), of a power the refinement holds at -2.
  expect_identical(equation(f), "y = 12 / (1 / x^2 + 4)")
})

test_that("an ln of a shifted input is a line into an ln: Hick's law", {
  edges <- dartsr:::edge_table("n", 2)
  options <- rep(list(c("none", "add", "mult", "linear", "linear_ln")), 3)
  empty <- dartsr:::new_graph(rep("none", 3), K = 2)
  # Only the line with an offset composes: ln(a * (c * n)) is one edge.
  expect_identical(dartsr:::composition_moves(empty$architecture, options, edges, 1L),
                   list(list(edges = c(1L, 3L), primitives = c("linear", "linear_ln"))))
  expect_identical(law_equation(list(n = c(1, 10)), function(d) 0.3 + 0.15 * log(d$n + 1),
                                1002, 2),
                   "y = 0.15 * ln(n + 1) + 0.3")
})

test_that("a power of a shifted input or of a logistic is a composition that seeds a selection", {
  edges <- dartsr:::edge_table("x", 2)
  options <- rep(list(c("none", "mult", "linear", "linear_logistic", "linear_power")), 3)
  moves <- dartsr:::composition_moves(rep("none", 3), options, edges, 1L,
                                      dartsr:::POWER_COMPOSITIONS)
  expect_identical(moves, list(
    list(edges = c(1L, 3L), primitives = c("linear", "linear_power")),
    list(edges = c(1L, 3L), primitives = c("linear_logistic", "linear_power"))
  ))
  # They seed the second selection only: a forward step does not take them.
  expect_identical(dartsr:::composition_moves(rep("none", 3), options, edges, 1L), list())
  # A power of a line starts with the line's offset at its input's size and
  # the exponent at 0.5; a graph without a line has no such start.
  theta <- array(0, c(3, 2, 2), list(edges$name, c("linear", "linear_power"), NULL))
  architecture <- c("linear", "none", "linear_power")
  places <- dartsr:::edge_param_places(theta, architecture)
  starts <- dartsr:::candidate_starts(theta, architecture, c(10, 10, 1),
                                      sources = edges$from_index, source_sign = c(1, 1, 0))
  exponent <- function(starts, places) {
    vapply(starts$params, function(p) p[places$param == "beta"], numeric(1))
  }
  half <- starts$params[[which(exponent(starts, places) == 0.5)]]
  expect_identical(half[places$param == "b"], 10)
  without_line <- c("none", "none", "linear_power")
  no_line <- dartsr:::candidate_starts(theta, without_line, c(10, 10, 1),
                                       sources = edges$from_index, source_sign = c(1, 1, 0))
  expect_false(any(exponent(no_line, dartsr:::edge_param_places(theta, without_line)) == 0.5))
})

test_that("one input's seeds take the refinement's power on its edges too", {
  edges <- dartsr:::edge_table("x", 2)
  spec <- dartsr:::spec_for_inputs(darts_regressor(), 1)
  options <- rep(list(c("linear_exp", "affine_reciprocal", "none")), 3)
  out_of_nodes <- dartsr:::with_refine_options(options, spec, 3L)
  expect_identical(out_of_nodes[[3]], c("linear_exp", "affine_reciprocal", "linear_power", "none"))
  expect_identical(out_of_nodes[1:2], options[1:2])
  everywhere <- dartsr:::with_refine_options(options, spec, 1:3)
  moves <- dartsr:::composition_moves(rep("none", 3), everywhere, edges, 1L,
                                      dartsr:::POWER_COMPOSITIONS)
  # exp(c * (a * x)^p) and 1 / (c * (a * x)^p + d); the power of a power is
  # no composition.
  expect_identical(lapply(moves, `[[`, "primitives"),
                   list(c("linear_power", "linear_exp"), c("linear_power", "affine_reciprocal")))
  expect_identical(dartsr:::with_refine_options(options, darts_regressor(), 1:3), options)
})

test_that("a Weibull function, a stretched exponential and a Hill curve of one input are found", {
  expect_identical(law_equation(list(x = c(0.1, 5)), function(d) 1 - exp(-(d$x / 2)^3), 501, 1),
                   "y = 1 - exp(-0.125 * x^3)")
  expect_identical(law_equation(list(t = c(0.1, 10)), function(d) 5 * exp(-(d$t / 3)^0.5),
                                502, 1),
                   "y = 5 * exp(-0.577 * t^0.5)")
  # x^2.5 / (3^2.5 + x^2.5), as 1 / (1 + 3^2.5 * x^-2.5).
  expect_identical(law_equation(list(x = c(0.1, 10)),
                                function(d) 4 * d$x^2.5 / (3^2.5 + d$x^2.5), 501, 1),
                   "y = 0.257 / (x^-2.5 + 0.0641)")
})

test_that("the refinement powers a hidden node where one input's search has no power", {
  expect_identical(law_equation(list(x = c(0, 10)), function(d) 3 * (d$x + 2)^0.4, 101, 1),
                   "y = 3 * (x + 2)^0.4")
  expect_identical(law_equation(list(x = c(0, 10)), function(d) 5 * (1 + 0.5 * d$x)^-2.5,
                                201, 1),
                   "y = 28.3 * (x + 2)^-2.5")
  # Richards' growth curve, a power of a logistic.
  set.seed(302)
  d <- data.frame(x = runif(200, 0, 10))
  truth <- 10 * plogis(d$x - 4)^3
  d$y <- truth + rnorm(200, sd = 0.001 * sd(truth))
  set.seed(1)
  f <- fit(darts_regressor(), y ~ x, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = 10 * logistic(x - 4)^3")
  expect_false("linear_power" %in% f$spec$primitives)
  expect_true("linear_power" %in% f$network$architecture)
  expect_output(print(f), "The refinement placed linear_power, which the search leaves out",
                fixed = TRUE)
  expect_equal(as.function(f)(x = d$x), unname(predict(f, d)), tolerance = 1e-9)
  expect_equal(unname(predict(f, d)), truth, tolerance = 1e-3)
  path <- withr::local_tempfile(fileext = ".rds")
  saveRDS(f, path)
  expect_identical(predict(readRDS(path), d), predict(f, d))
})

test_that("a power law written exp(c * ln(a * x)) is offered with its origin shifted", {
  seen <- new.env()
  trace("refine_context", exit = bquote(assign("context", returnValue(), envir = .(seen))),
        where = asNamespace("dartsr"), print = FALSE)
  on.exit(untrace("refine_context", where = asNamespace("dartsr")), add = TRUE)
  set.seed(11)
  d <- data.frame(x = runif(100, 1, 10))
  d$y <- 2 * (d$x - 0.5)^0.7 + rnorm(100, sd = 1e-3)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ x, data = d, verbose = FALSE)
  context <- seen$context
  rows <- seq_len(nrow(d))
  # The plain power law 2 * x^0.7 as the composition writes it: ln(x) into
  # k1, held out of the output, and exp(0.7 * k1 + ln(2)) into k2.
  model <- f$network
  model$architecture[] <- c("linear_ln", "none", "linear_exp")
  model$theta[1, "linear_ln", 1] <- 1
  model$theta[3, "linear_exp", ] <- c(0.7, log(2))
  model$weight[] <- c(0, 1)
  model$bias[] <- 0
  model$free_weight <- matrix(c(FALSE, TRUE), 1)
  member <- dartsr:::front_member(list(model = model), context, rows)
  shifted <- dartsr:::shifted_power(member, context, rows)
  expect_identical(unname(shifted$model$architecture), c("linear", "none", "linear_power"))
  expect_lt(shifted$loss, member$loss / 100)
  expect_match(dartsr:::law_text(shifted$law, "y", "console", 3), "(x - 0.5", fixed = TRUE)
  # A member without such a power has no shifted variant.
  line <- f$network
  line$architecture[] <- c("linear", "none", "none")
  expect_null(dartsr:::shifted_power(list(model = line), context, rows))
})

test_that("an ln edge from a positive input starts with a positive scale", {
  architecture <- c("linear_ln", "linear_ln", "linear_exp", "linear_ln")
  signs <- c(1, -1, 1, 0)
  a <- dartsr:::starting_rates(architecture, NULL, signs)(rep(-1, 4))
  # (an exponential's rate keeps its sign, and so does an ln of a source of
  # both signs)
  expect_identical(a, c(1, -1, -1, -1))
  expect_identical(dartsr:::starting_rates(architecture, NULL, NULL)(rep(-1, 4)), rep(-1, 4))
  x <- cbind(p = c(1, 2), n = c(-1, -3), b = c(-1, 1))
  edges <- dartsr:::edge_table(colnames(x), 1)
  expect_identical(dartsr:::edge_source_sign(x, edges), c(1, -1, 0))
})

test_that("edges of one kind from one source start at spread rates", {
  expect_identical(dartsr:::rank_within(c("a", "b", "a", "a", "c", "b")),
                   c(1L, 1L, 2L, 3L, 1L, 2L))
  expect_identical(dartsr:::rank_within(character()), integer())
  # Two exponentials of x1 (into k1 and k2) and one of k1: the second of x1
  # starts RATE_SPREAD times faster; the line has no rate to spread.
  edges <- dartsr:::edge_table("x1", 2)
  spread <- dartsr:::rate_spread(c("linear_exp", "linear_exp", "linear_exp"), edges$from_index)
  expect_identical(spread, c(1, dartsr:::RATE_SPREAD, 1))
  expect_identical(dartsr:::rate_spread(c("linear_exp", "linear", "linear_exp"), edges$from_index),
                   c(1, 1, 1))
})

test_that("a power's exponent starts at -1 where the rates do, and a decreasing power of a sum is found", {
  edges <- dartsr:::edge_table(c("N", "E"), 2)
  theta <- array(0, c(5, 4, 2), list(edges$name, c("none", "add", "mult", "linear_power"), NULL))
  architecture <- c("add", "mult", "none", "none", "linear_power")
  starts <- dartsr:::candidate_starts(theta, architecture, c(100, 50, 100, 50, 1),
                                      sources = edges$from_index, source_sign = c(1, 1, 1, 1, 0))
  places <- dartsr:::edge_param_places(theta, architecture)
  exponent <- vapply(starts$params, function(p) p[places$param == "beta"], numeric(1))
  rate <- vapply(starts$params, function(p) p[places$param == "a"][1], numeric(1))
  # The mixture's, a = 1, a = -1, a rising power beside rates of -1, a
  # falling power of the node (a source of no one sign) beside rates of 1,
  # a = 1 / scale, a = -1 / scale, and the rising power beside rates of
  # -1 / scale.
  expect_identical(exponent, c(0, 1, -1, 1, -1, 1, -1, 1))
  expect_identical(rate[c(4, 5, 8)], c(-1, 1, -1 / 50))
  expect_identical(law_equation(list(N = c(1, 100), E = c(0, 50)),
                                function(d) 0.3 + 2 * (d$N + d$E)^-0.5, 1001, 1),
                   "y = 2 * (E + N)^-0.5 + 0.3")
})

test_that("a decreasing power law with an offset is found: 2 * N^-0.4 + 0.5", {
  # The polish takes the ln's scale down to 1e-3 here, where the engine's ln
  # guard moves the network off the law by 1e-7 of its size: the law is
  # still the network's.
  set.seed(1001)
  d <- data.frame(N = runif(200, 1, 100))
  d$y <- 0.5 + 2 * d$N^-0.4 + rnorm(200, sd = 2.5e-4)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ N, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = 2 * N^-0.4 + 0.5")
  expect_equal(as.function(f)(N = d$N), unname(predict(f, d)), tolerance = 1e-6)
})

test_that("an exponent that is nearly whole is offered whole: q1 * q2 / r^2", {
  edges <- dartsr:::edge_table(c("q", "r"), 2)
  architecture <- c("none", "linear_ln", "none", "none", "linear_exp")
  model <- list(architecture = architecture, node_kinds = c("sum", "sum"),
                weight = matrix(0, 1, 2))
  # The exponential out of k1, a node of ln edges only, carries the exponent.
  expect_identical(dartsr:::power_exponent_edges(model, edges, 2L), 5L)
  # (not when k1 also sums a line)
  model$architecture[1] <- "linear"
  expect_length(dartsr:::power_exponent_edges(model, edges, 2L), 0)
  set.seed(1001)
  d <- data.frame(q1 = runif(200, 1, 5), q2 = runif(200, 1, 5), r = runif(200, 1, 5))
  d$y <- d$q1 * d$q2 / d$r^2 + rnorm(200, sd = 0.0022)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ q1 + q2 + r, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = q1 * q2 / r^2")
})

test_that("a rise and fall of two exponentials is found", {
  set.seed(1003)
  d <- data.frame(t = runif(150, 0, 12))
  d$y <- 3 * exp(-0.3 * d$t) - 3 * exp(-1.5 * d$t) + rnorm(150, sd = 1e-3)
  set.seed(3)
  f <- fit(darts_regressor(), y ~ t, data = d, verbose = FALSE)
  # Two exponentials of t, as a sum or as 3 * exp(-1.5 * t) * (exp(1.2 * t)
  # - 1), that hold beyond the data.
  expect_length(gregexpr("exp\\(", equation(f))[[1]], 2)
  t <- seq(0, 24, by = 0.5)
  expect_equal(as.function(f)(t), 3 * exp(-0.3 * t) - 3 * exp(-1.5 * t), tolerance = 1e-3)
})

# A one-node fit of y ~ x on 100 rows of the `law` of x uniform on `range`
# plus noise of sd `noise` (drawn from set.seed(data_seed)), searched from
# set.seed(fit_seed) over "none", `primitive` and `other`; its context and
# rows, and `member(a, b)`: its model with the edge primitive(a * x + b),
# every coefficient free, and the output layer solved.
one_edge_members <- function(law, range, noise, data_seed, fit_seed, primitive, other) {
  set.seed(data_seed)
  d <- data.frame(x = runif(100, range[1], range[2]))
  d$y <- law(d$x) + rnorm(100, sd = noise)
  set.seed(fit_seed)
  f <- fit(darts_regressor(num_graph_nodes = 1, max_epochs = 5,
                           primitives = c("none", other, primitive)),
           y ~ x, data = d, verbose = FALSE)
  context <- dartsr:::refine_context(f)
  rows <- seq_len(nrow(d))
  member <- function(a, b) {
    model <- f$network
    # (the chosen law may hold some at 1 or 0)
    model[c("free_theta", "free_weight", "free_bias")] <- NULL
    model$architecture[[1]] <- primitive
    model$theta[1, primitive, ] <- c(a, b)
    model <- dartsr:::with_solved_output_layer(context, model, rows)
    list(model = model, loss = dartsr:::polish_on(context, model, rows, iterations = 0L)$loss)
  }
  list(context = context, rows = rows, member = member)
}

test_that("a relu that never bends on the rows is offered as the line it is there", {
  hinge <- one_edge_members(function(x) 2 * pmax(x - 3, 0) + 1, c(1, 5), 0.01, 1004, 4,
                            "linear_relu", "linear")
  context <- hinge$context
  rows <- hinge$rows
  member_with_relu <- hinge$member
  # relu(x) with x in [1, 5] is x: the variant is the line, refitted, no worse.
  member <- member_with_relu(1, 0)
  unbent <- dartsr:::relu_unbent(member, context, rows)
  expect_identical(unname(unbent$model$architecture), "linear")
  expect_lte(unbent$loss, member$loss * (1 + 1e-6))
  expect_identical(unbent$law$shape, ".c * x + .c")
  # relu(x - 3) bends inside the rows, where the law needs it: no variant.
  expect_null(dartsr:::relu_unbent(member_with_relu(1, -3), context, rows))
})

# A one-node fit of y ~ x on the `law` plus noise over "none", linear_exp and
# linear_logistic, with members whose edge is logistic(a * x + b) (see
# one_edge_members()).
logistic_members <- function(law) {
  one_edge_members(law, c(0, 2), 0.001, 1005, 5, "linear_logistic", "linear_exp")
}

test_that("a logistic that stays in a tail on the rows is offered as its exponential", {
  decay <- logistic_members(function(x) 3 * exp(-1.5 * x))
  context <- decay$context
  rows <- decay$rows
  member_with_logistic <- decay$member
  # logistic(-1.5 * x - 9) is exp(-1.5 * x - 9) to 1e-4 on the rows: the
  # lower tail.
  lower <- dartsr:::logistic_in_tail(member_with_logistic(-1.5, -9), context, rows)
  expect_identical(unname(lower$model$architecture), "linear_exp")
  expect_identical(lower$law$shape, ".c * exp(.c * x)")
  # 1 - logistic(1.5 * x + 9) is exp(-1.5 * x - 9) too: the upper tail, its
  # argument negated.
  upper <- dartsr:::logistic_in_tail(member_with_logistic(1.5, 9), context, rows)
  expect_identical(unname(upper$model$architecture), "linear_exp")
  expect_lt(upper$model$theta[1, "linear_exp", 1], 0)
  # logistic(3 * x - 3) turns inside the rows, where the data need it: no
  # variant.
  turning <- logistic_members(function(x) 3 * stats::plogis(3 * x - 3))
  expect_null(dartsr:::logistic_in_tail(turning$member(3, -3), turning$context, turning$rows))
  # A law reached through a logistic's tail prints as the law.
  expect_identical(law_equation(list(x1 = c(-2, 2), x2 = c(-2, 2)),
                                function(d) exp(-(d$x1^2 + d$x2^2) / 2), 1001, 1),
                   "y = exp(-0.5 * x1^2 - 0.5 * x2^2)")
})

test_that("a relu of a law that stays positive prints as the law: A * exp(-0.7 * t)", {
  expect_identical(law_equation(list(A = c(1, 5), t = c(0, 3)),
                                function(d) d$A * exp(-0.7 * d$t), 1002, 2),
                   "y = A * exp(-0.7 * t)")
})

test_that("an affine term joins a node of affine terms rather than a node of its own", {
  edges <- dartsr:::edge_table(c("q", "V1", "V2"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_exp")), nrow(edges))
  free <- list(weight = TRUE, bias = TRUE)
  # k1 = V2, alone and feeding only the output: V1 joins it as a * V1.
  graph <- dartsr:::new_graph(c("none", "none", "add", rep("none", 4)), K = 2)
  joins <- dartsr:::affine_term_joins(graph$architecture, graph$node_kinds, edges, 3L, free)
  expect_identical(joins, c(NA, NA, NA, 1L, 2L, NA, NA))
  moves <- dartsr:::forward_moves(graph$architecture, options, edges, 3L, free, graph$node_kinds)
  described <- vapply(moves, function(m) paste(m$edges, m$primitives), character(1))
  expect_true(all(c("1 mult", "2 mult") %in% described))
  # Into the empty node k2, q and V1 come only under a nonlinear primitive.
  expect_false(any(c("4 add", "5 add", "4 mult") %in% described))
  expect_true(all(c("4 linear_exp", "5 linear_exp") %in% described))
  # A nonlinear node takes no affine term, nor does any when the weights are held.
  graph$architecture[3] <- "linear_exp"
  expect_true(all(is.na(dartsr:::affine_term_joins(graph$architecture, graph$node_kinds,
                                                   edges, 3L, free))))
  expect_true(all(is.na(dartsr:::affine_term_joins(c("none", "none", "add", rep("none", 4)),
                                                   c("sum", "sum"), edges, 3L,
                                                   list(weight = FALSE, bias = TRUE)))))
})

test_that("of three inputs, an input times a weighted sum of the two others", {
  moves <- seed_moves(dartsr:::scaled_sum_moves, c("q", "V1", "V2"))
  described <- describe_moves(moves)
  # V1 + c * V2 in k1, q times k1 in k2; and the same of V1 and of V2.
  expect_identical(described, c("2 add 3 mult 4 add 7 add", "1 add 3 mult 5 add 7 add",
                                "1 add 2 mult 6 add 7 add"))
  expect_true(all(vapply(moves, `[[`, integer(1), "product") == 2L))
  # Of two inputs, none: q * (q + c * V) is a sum of monomials.
  expect_length(seed_moves(dartsr:::scaled_sum_moves, c("q", "V")), 0)
})

test_that("a term times a difference of two inputs is found: q * (V1 - V2)", {
  set.seed(1001)
  d <- data.frame(q = runif(200, 1, 5), V1 = runif(200, 1, 5), V2 = runif(200, 1, 5))
  d$y <- d$q * (d$V1 - d$V2) + rnorm(200, sd = 0.005)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ q + V1 + V2, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = q * (V1 - V2)")
})

test_that("a term over a sum of two inputs is found: U / (R + r)", {
  set.seed(1001)
  d <- data.frame(U = runif(200, 1, 5), R = runif(200, 1, 5), r = runif(200, 1, 5))
  d$y <- d$U / (d$R + d$r) + rnorm(200, sd = 0.0003)
  set.seed(1)
  f <- fit(darts_regressor(max_epochs = 20), y ~ U + R + r, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = ([0-9.]+ \\* )?U / \\(R \\+ ([0-9.]+ \\* )?r\\)$")
})

test_that("a product or ratio shifted under a logarithm is found: Shannon's, Fitts' laws", {
  set.seed(5)
  d <- data.frame(x1 = runif(200, 0.5, 3), x2 = runif(200, 0.5, 3))
  d$y <- log(1 + d$x1 * d$x2) + rnorm(200, sd = 5e-4)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ x1 + x2, data = d, verbose = FALSE)
  # the scale under the ln is held at 1, its constant ln(a) going with the
  # bias: no `- 0.00017` after the law
  expect_identical(equation(f), "y = ln(x1 * x2 + 1)")
  expect_identical(f$spec$primitives, darts_regressor()$primitives)
  expect_true("affine_ln" %in% f$network$architecture)
  set.seed(2)
  d <- data.frame(B = runif(200, 1, 10), S = runif(200, 1, 20), N = runif(200, 0.5, 5))
  d$y <- d$B * log2(1 + d$S / d$N)
  d$y <- d$y + rnorm(200, sd = 1e-3 * sd(d$y))
  set.seed(2)
  f <- fit(darts_regressor(), y ~ B + S + N, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = 1.44 * B * ln(S / N + 1)")
  # Fitts' index of difficulty, log2(D / W + 1): the ln of a ratio, shifted
  set.seed(1)
  d <- data.frame(D = runif(200, 2, 30), W = runif(200, 0.5, 4))
  d$y <- 0.2 + 0.15 * log2(d$D / d$W + 1) + rnorm(200, sd = 1e-4)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ D + W, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = 0\\.216 \\* ln\\(D / W \\+ (1|0\\.999|1\\.0[01])\\) \\+ 0\\.2$")
})

test_that("on data a law fits exactly, an offset of rounding size is dropped", {
  set.seed(1001)
  d <- data.frame(m = runif(200, 1, 5), V = runif(200, 1, 5))
  d$y <- d$m / d$V
  set.seed(1)
  f <- fit(darts_regressor(), y ~ m + V, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = m / V")
})

test_that("a logistic read the other way round predicts the same, with a bias near 0", {
  spec <- darts_regressor(num_graph_nodes = 2,
                          primitives = c("none", "add", "mult", "linear_logistic"))
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  theta <- array(0, c(5, 4, 2), list(edges$name, spec$primitives, c("p1", "p2")))
  theta[2, "mult", 1] <- -0.7
  theta[5, "linear_logistic", ] <- c(-1.5, 0.2)
  # y = 1 - logistic(-1.5 * (x1 - 0.7 * x2) + 0.2) = logistic(1.5 * (x1 - 0.7 * x2) - 0.2)
  model <- list(architecture = c("add", "mult", "none", "none", "linear_logistic"),
                node_kinds = c("sum", "sum"), theta = theta,
                weight = matrix(c(0, -1), 1, 2), bias = 1)
  context <- list(template = list(free = list(weight = TRUE, bias = TRUE)), edges = edges,
                  input_names = c("x1", "x2"))
  flipped <- dartsr:::logistic_flipped(list(model = model), context)$model
  expect_equal(flipped$theta[5, "linear_logistic", ], c(p1 = 1.5, p2 = -0.2))
  expect_equal(flipped$weight, matrix(c(0, 1), 1, 2))
  expect_equal(flipped$bias, 0)
  x <- cbind(x1 = seq(-2, 2, length.out = 9), x2 = seq(1, -1, length.out = 9))
  expect_equal(dartsr:::engine_predict(spec, flipped, x, 1), dartsr:::engine_predict(spec, model, x, 1))
  # A bias the flip would move away from 0 stays.
  model$bias <- 0
  expect_null(dartsr:::logistic_flipped(list(model = model), context))
})

test_that("the choice rule prints as logistic(1.5 * x1 - x2), whichever side the fit lands on", {
  set.seed(1001)
  d <- data.frame(x1 = runif(200, -2, 2), x2 = runif(200, -2, 2))
  d$y <- 1 / (1 + exp(-(1.5 * d$x1 - d$x2))) + rnorm(200, sd = 0.0003)
  set.seed(1)
  f <- fit(darts_regressor(), y ~ x1 + x2, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = logistic(1.5 * x1 - x2)")
})

test_that("an offset that hardly matters is dropped: m / V, not m / (V - 6e-05)", {
  set.seed(1001)
  d <- data.frame(m = runif(200, 1, 5), V = runif(200, 1, 5))
  d$y <- d$m / d$V + rnorm(200, sd = 0.0007)
  set.seed(1)
  f <- fit(darts_regressor(max_epochs = 20), y ~ m + V, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = ([0-9.]+ \\* )?m / V$")
  # The held offset is exactly 0 in the model, so predict() is the law.
  expect_false(all(f$network$free_theta))
  expect_equal(unname(predict(f, d)), eval(equation(f, format = "r")[[1]], d),
               tolerance = 1e-10)
  front <- pareto_front(f)
  expect_true(any(grepl("V [-+] ", front$equation)))
})

test_that("products, ratios and a logistic of a weighted sum are found", {
  set.seed(31)
  d <- data.frame(V = runif(80, 1, 10), P = runif(80, 0.05, 1))
  d$y <- 0.8 * d$V * d$P + rnorm(80, sd = 0.05)
  f <- fit(darts_regressor(max_epochs = 20), y ~ V + P, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = 0\\.[0-9]+ \\* P \\* V$")

  set.seed(32)
  d <- data.frame(x = runif(60, 0.02, 2))
  d$y <- 2.5 * d$x / (0.4 + d$x) + rnorm(60, sd = 0.01)
  f <- fit(darts_regressor(max_epochs = 20), y ~ x, data = d, verbose = FALSE)
  expect_match(equation(f), "^y = 2\\.[0-9]+ \\* x / \\(x \\+ 0\\.[34][0-9]*\\)$")

  set.seed(33)
  d <- data.frame(x1 = runif(200, -2, 2), x2 = runif(200, -2, 2))
  d$y <- 1 / (1 + exp(-(2 * d$x1 - d$x2))) + rnorm(200, sd = 0.01)
  f <- fit(darts_regressor(max_epochs = 20), y ~ x1 + x2, data = d, verbose = FALSE)
  expect_match(equation(f), "logistic\\([-0-9.]+ \\* x1 - ([0-9.]+ \\* )?x2")
  expect_lte(pareto_front(f)$complexity[pareto_front(f)$chosen], 10)
})

test_that("the largest graph darts_regressor() accepts fits with one epoch", {
  # 100 nodes on 10 inputs: 5950 edges, whose architectures are far longer
  # than a name may be, so no key of the refinement spells one out.
  skip_on_cran()
  set.seed(1)
  x <- matrix(stats::runif(40 * 10), 40, 10, dimnames = list(NULL, paste0("x", 1:10)))
  y <- 2 * x[, 1] + stats::rnorm(40, sd = 0.1)
  f <- fit_xy(darts_regressor(num_graph_nodes = 100, max_epochs = 1), x, y, verbose = FALSE)
  expect_equal(nrow(f$edges), 5950)
  expect_true(all(is.finite(predict(f))))
  expect_gt(f$r_squared, 0.9)
})

test_that("a screened candidate kept compact is given back bit for bit", {
  template <- array(seq_len(5 * 3 * 2) / 7, c(5, 3, 2), list(NULL, c("none", "add", "linear"), NULL))
  theta <- template
  theta[2, "linear", ] <- c(1.5, NaN)
  model <- list(architecture = c("add", "linear", rep("none", 3)), theta = theta,
                weight = matrix(1, 1, 2), bias = 0)
  candidate <- list(model = model, loss = 1, shape = ".c * x")
  compact <- dartsr:::compact_candidate(candidate, template)
  expect_null(compact$model$theta)
  expect_length(compact$model$sparse_theta$at, 2)
  expect_identical(dartsr:::whole_candidate(compact, template), candidate)
  expect_null(dartsr:::compact_candidate(NULL, template))
  expect_null(dartsr:::whole_candidate(NULL, template))
})

test_that("a product of powers: every input of one sign, powered, in one product node", {
  edges <- dartsr:::edge_table(c("g", "p", "r"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_ln", "linear_power")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves <- dartsr:::monomial_moves(empty, options, edges, 3L, c(1, 1, 1, 1, 1, 1, 0))
  expect_length(moves, 1)
  expect_identical(moves[[1]]$edges, 1:3)
  expect_identical(moves[[1]]$primitives, rep("linear_power", 3))
  expect_identical(moves[[1]]$product, 1L)
  # An input of both signs has no real power: left out; one input left is
  # no product.
  expect_identical(dartsr:::monomial_moves(empty, options, edges, 3L,
                                           c(1, 0, -1, 1, 0, -1, 0))[[1]]$edges, c(1L, 3L))
  expect_length(dartsr:::monomial_moves(empty, options, edges, 3L, c(1, 0, 0, 1, 0, 0, 0)), 0)
  without_power <- rep(list(c("none", "add", "mult")), nrow(edges))
  expect_length(dartsr:::monomial_moves(empty, without_power, edges, 3L, rep(1, 7)), 0)
  expect_identical(law_equation(list(L = c(1, 10), K = c(1, 10)),
                                function(d) 1.5 * d$L^0.3 * d$K^0.7, 101, 1),
                   "y = 1.5 * K^0.7 * L^0.3")
  expect_identical(law_equation(list(g = c(1, 5), p = c(1, 5), r = c(1, 5)),
                                function(d) sqrt(d$g * d$p / d$r), 101, 1),
                   "y = g^0.5 * p^0.5 * r^-0.5")
})

test_that("a power of a sum of powers of every input: Minkowski pooling, a CES function", {
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  options <- rep(list(c("none", "add", "mult", "linear_ln", "linear_power")), nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves <- dartsr:::power_sum_moves(empty, options, edges, 2L, c(1, 1, 1, 1, 0))
  # x1 and x2 powered into k1, which sums them; k1 powered into k2
  expect_identical(describe_moves(moves), "1 linear_power 2 linear_power 5 linear_power")
  expect_null(moves[[1]]$product)
  # every input must have one sign (x2 has both here), and a power out of
  # the node
  expect_length(dartsr:::power_sum_moves(empty, options, edges, 2L, c(1, 0, 1, 0, 0)), 0)
  no_outer_power <- options
  no_outer_power[[5]] <- c("none", "add", "mult")
  expect_length(dartsr:::power_sum_moves(empty, no_outer_power, edges, 2L, rep(1, 5)), 0)
  expect_identical(law_equation(list(x1 = c(0.5, 3), x2 = c(0.5, 3)),
                                function(d) (d$x1^3 + d$x2^3)^(1 / 3), 1, 1),
                   "y = (x1^3 + x2^3)^0.333")
})

test_that("an input of both signs is not offered a power", {
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  options <- rep(list(c("none", "mult", "linear_square", "linear_power")), nrow(edges))
  x <- cbind(x1 = c(-1, 2, 3), x2 = c(1, 2, 3))
  kept <- dartsr:::without_powers_of_both_signs(options, edges, 2L,
                                                dartsr:::edge_source_sign(x, edges))
  # Edges 1 and 3 leave x1; edge 5 leaves the hidden node k1, whose sign is
  # not known: it keeps its power.
  expect_identical(kept[c(1, 3)], rep(list(c("none", "mult", "linear_square")), 2))
  expect_identical(kept[c(2, 4, 5)], options[c(2, 4, 5)])
})

test_that("a nonlinearity of a sum of squares: every input squared in one node", {
  edges <- dartsr:::edge_table(c("x1", "x2"), 2)
  options <- rep(list(c("none", "mult", "linear_square", "linear_exp", "linear_power")),
                 nrow(edges))
  empty <- dartsr:::new_graph(rep("none", nrow(edges)), K = 2)
  moves <- dartsr:::square_index_moves(empty, options, edges, 2L)
  described <- vapply(moves, function(m) paste(m$edges, m$primitives, collapse = " "), character(1))
  # x1 and x2 squared into k1 (edges 1, 2), each nonlinearity out of it (edge 5).
  # (No square of it: only the standard forms.)
  expect_identical(described, c("1 linear_square 2 linear_square 5 linear_exp",
                                "1 linear_square 2 linear_square 5 linear_power"))
  expect_length(dartsr:::square_index_moves(empty, options, dartsr:::edge_table("x", 2), 1L), 0)
  without_square <- rep(list(c("none", "mult", "linear_exp")), nrow(edges))
  expect_length(dartsr:::square_index_moves(empty, without_square, edges, 2L), 0)
  expect_identical(law_equation(list(x1 = c(1, 5), x2 = c(1, 5)),
                                function(d) sqrt(d$x1^2 + d$x2^2), 101, 1),
                   "y = (x1^2 + x2^2)^0.5")
})

test_that("a front chosen by BIC shows the BIC in place of cross-validated errors", {
  out <- capture.output(print(summary(decay_fit(selection = "bic"))))
  expect_true(any(grepl("complexity RMSE +BIC +equation", out)))
  expect_false(any(grepl("CV RMSE", out)))
})

test_that("an equation with a pole between the rows is not offered", {
  edges <- dartsr:::edge_table("x", 1)
  theta <- array(0, c(1, 2, 2), list(NULL, c("affine_reciprocal", "linear_power"), NULL))
  model <- list(architecture = "affine_reciprocal", theta = theta, weight = matrix(1, 1, 1),
                bias = 0)
  model$theta[1, "affine_reciprocal", ] <- c(1, -11)
  # 1 / (x - 11): of both signs on rows either side of 11, of one on rows below.
  expect_true(dartsr:::pole_between_rows(model, edges, cbind(x = c(6.25, 12.5))))
  expect_false(dartsr:::pole_between_rows(model, edges, cbind(x = c(1, 6.25))))
  # A power divides where its exponent is negative: x^-2 across 0, not x^2.
  model$architecture <- "linear_power"
  model$theta[1, "linear_power", ] <- c(1, -2)
  expect_true(dartsr:::pole_between_rows(model, edges, cbind(x = c(-1, 1))))
  model$theta[1, "linear_power", ] <- c(1, 2)
  expect_false(dartsr:::pole_between_rows(model, edges, cbind(x = c(-1, 1))))
  # A DNase assay (R's datasets): two replicates at each of 8 concentrations,
  # so leave-one-out keeps every held-out row's twin, and a pole at 11
  # between the last two concentrations validated well. Between its rows the
  # chosen law stays within the response's range.
  assay <- subset(datasets::DNase, Run == 1)
  set.seed(1)
  f <- fit(darts_regressor(), density ~ conc, data = assay, verbose = FALSE)
  between <- predict(f, data.frame(conc = seq(0.05, 12.5, length.out = 500)))
  expect_true(all(between > 0 & between < 2))
  expect_identical(equation(f), "density = 2.26 * conc / (conc + 4.02)")
})

test_that("coefficients the noise cannot tell from 1 are held at 1: U / (R + r), x1 * (x2 + 1)", {
  set.seed(1001)
  d <- data.frame(U = runif(200, 1, 5), R = runif(200, 1, 5), r = runif(200, 1, 5))
  truth <- d$U / (d$R + d$r)
  d$y <- truth + rnorm(200, sd = 0.02 * sd(truth))
  set.seed(1)
  f <- fit(darts_regressor(), y ~ U + R + r, data = d, verbose = FALSE)
  # (0.999 * U / (R + 0.999 * r) before: two constants the noise made)
  expect_identical(equation(f), "y = U / (R + r)")
  expect_equal(as.function(f)(U = d$U, R = d$R, r = d$r), unname(predict(f, d)),
               tolerance = 1e-10)
  # A coefficient the data tell from 1 keeps its value.
  d$y <- 0.97 * truth + rnorm(200, sd = 0.002 * sd(truth))
  set.seed(1)
  f <- fit(darts_regressor(), y ~ U + R + r, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = 0.97 * U / (R + r)")
  # An offset as near 1 is held once the scales are (x1 * (0.998 * x2 + 1)
  # before).
  set.seed(1001)
  d <- data.frame(x1 = runif(200, 1, 5), x2 = runif(200, 1, 5))
  truth <- d$x1 * (d$x2 + 1)
  d$y <- truth + rnorm(200, sd = 0.02 * sd(truth))
  set.seed(3)
  f <- fit(darts_regressor(), y ~ x1 + x2, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = x1 * (x2 + 1)")
  # A constant that is a product of two coefficients: x1 - 0.667 * x2 into
  # logistic(1.5 * u) (logistic(1.5 * x1 - 0.998 * x2) before).
  set.seed(1003)
  d <- data.frame(x1 = runif(200, -2, 2), x2 = runif(200, -2, 2))
  truth <- 1 / (1 + exp(-(1.5 * d$x1 - d$x2)))
  d$y <- truth + rnorm(200, sd = 0.02 * sd(truth))
  set.seed(3)
  f <- fit(darts_regressor(), y ~ x1 + x2, data = d, verbose = FALSE)
  expect_identical(equation(f), "y = logistic(1.5 * x1 - x2)")
})

test_that("unscaled identities are written as scaled ones, the same function", {
  primitives <- c("none", "add", "subtract", "mult", "linear_logistic")
  theta <- array(0, c(3, 5, 2), dimnames = list(NULL, primitives, NULL))
  model <- list(architecture = c("add", "subtract", "linear_logistic"), theta = theta)
  scaled <- dartsr:::with_scaled_identities(model)
  expect_identical(scaled$edges, 1:2)
  expect_identical(scaled$model$architecture, c("mult", "mult", "linear_logistic"))
  expect_identical(scaled$model$theta[1:2, "mult", 1], c(1, -1))
  # without a scaled identity among the primitives, nothing changes
  model$theta <- theta[, c("none", "add", "subtract", "linear_logistic"), ]
  expect_identical(dartsr:::with_scaled_identities(model)$model, model)
})

test_that("a fit is as good as a free one while the likelihood-ratio test cannot tell them", {
  context <- list(y = matrix(rnorm(100)), weights = NULL, family = "gaussian")
  rows <- seq_len(100)
  # n log(loss / free_loss) against the chi-squared quantile (3.84 for one)
  expect_true(dartsr:::indistinguishable_fit(1.03, 1, 1L, context, rows))
  expect_false(dartsr:::indistinguishable_fit(1.05, 1, 1L, context, rows))
  expect_true(dartsr:::indistinguishable_fit(1.05, 1, 2L, context, rows))
  # a deviance's difference is the statistic
  context$family <- "binomial"
  expect_true(dartsr:::indistinguishable_fit(13.5, 10, 1L, context, rows))
  expect_false(dartsr:::indistinguishable_fit(14, 10, 1L, context, rows))
  # a loss at the rounding floor of data a law fits exactly passes
  context$family <- "gaussian"
  expect_true(dartsr:::indistinguishable_fit(1e-20, 1e-30, 1L, context, rows))
})

test_that("only a law with a constant near 1 or -1 is tried with unit coefficients", {
  expect_true(dartsr:::has_near_unit_constant(list(constants = list(c(0.999, 3)))))
  expect_true(dartsr:::has_near_unit_constant(list(constants = list(c(-1.02)))))
  expect_false(dartsr:::has_near_unit_constant(list(constants = list(c(0.9, -1, 1)))))
  expect_false(dartsr:::has_near_unit_constant(list(constants = list(numeric()))))
  expect_identical(dartsr:::near_unit(c(0.96, 1, -1.04, 1.06, -0.5)),
                   c(TRUE, FALSE, TRUE, FALSE, FALSE))
})
