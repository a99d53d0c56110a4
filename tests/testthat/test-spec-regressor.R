test_that("the specification takes every hyperparameter of the reference", {
  reference_names <- c(
    "num_graph_nodes", "primitives", "batch_size", "max_epochs",
    "arch_updates_per_epoch", "arch_learning_rate_max", "arch_weight_decay",
    "arch_weight_decay_df", "arch_weight_decay_base", "arch_momentum",
    "param_updates_per_epoch", "param_updates_for_sampled_model",
    "param_learning_rate_max", "param_learning_rate_min", "param_momentum",
    "param_weight_decay", "classifier_weight_decay", "grad_clip", "darts_type",
    "fair_darts_loss_weight", "output_type", "train_classifier_coefficients",
    "train_classifier_bias", "sampling_strategy"
  )
  spec <- darts_regressor()
  expect_s3_class(spec, "darts_regressor")
  expect_setequal(names(spec), c(reference_names, "polish_coefficients", "refine_top",
                                          "selection", "n_restarts", "validation_fraction",
                                          "param_optimizer"))
  expect_identical(spec$darts_type, "original")
  expect_identical(spec$output_type, "real")
  expect_identical(spec$sampling_strategy, "max")
  expect_type(spec$batch_size, "integer")
})

test_that("choices are matched and stored", {
  spec <- darts_regressor(darts_type = "fair", output_type = "sigmoid",
                          sampling_strategy = "sample")
  expect_identical(spec$darts_type, "fair")
  expect_identical(spec$output_type, "sigmoid")
  expect_identical(spec$sampling_strategy, "sample")
})

test_that("wrong values are classed errors naming the argument", {
  bad <- list(
    list(num_graph_nodes = 0), list(num_graph_nodes = 1.5), list(num_graph_nodes = NA),
    list(batch_size = -1), list(batch_size = 0), list(max_epochs = "10"),
    list(arch_learning_rate_max = 0), list(param_learning_rate_max = -1),
    list(param_learning_rate_min = 1, param_learning_rate_max = 0.1),
    list(param_momentum = 1), list(grad_clip = Inf), list(darts_type = "new"),
    list(output_type = "class"), list(sampling_strategy = c("max", "sample", "x")),
    list(train_classifier_bias = NA), list(train_classifier_coefficients = "yes"),
    list(primitives = character(0)), list(primitives = c("mult", "mult"))
  )
  for (args in bad) {
    expect_error(do.call(darts_regressor, args),
                 class = "dartsr_error_invalid_argument")
  }
  expect_error(darts_regressor(batch_size = 0), "batch_size")
  expect_error(darts_regressor(output_type = "class"), "probability_distribution")
})

test_that("unknown primitives are named in the error", {
  expect_error(darts_regressor(primitives = c("mult", "linaer", "cube")),
               class = "dartsr_error_unknown_primitive")
  expect_snapshot(darts_regressor(primitives = c("mult", "linaer")), error = TRUE)
})

test_that("error messages read well", {
  expect_snapshot(darts_regressor(num_graph_nodes = 0), error = TRUE)
  expect_snapshot(darts_regressor(param_learning_rate_max = -1), error = TRUE)
  expect_snapshot(darts_regressor(darts_type = "unfair"), error = TRUE)
})

test_that("the specification prints its hyperparameters", {
  expect_output(print(darts_regressor(num_graph_nodes = 3)), "num_graph_nodes += 3")
})

test_that("the default primitives search a power only with two inputs or more", {
  default <- darts_regressor()
  expect_true("linear_power" %in% default$primitives)
  one <- dartsr:::spec_for_inputs(default, 1)
  expect_false("linear_power" %in% one$primitives)
  # The refinement keeps it for the powers of hidden nodes: a model's theta
  # has its column after the searched primitives'.
  expect_identical(dartsr:::refine_primitives(one), "linear_power")
  expect_identical(dartsr:::model_primitives(one),
                   c(dartsr:::edge_primitives(one$primitives), "linear_power"))
  expect_identical(dartsr:::spec_for_inputs(default, 2)$primitives, default$primitives)
  # Of two inputs, it places the logarithm with an offset out of hidden
  # nodes: ln(1 + x1 * x2).
  expect_identical(dartsr:::refine_primitives(dartsr:::spec_for_inputs(default, 2)), "affine_ln")
  chosen <- darts_regressor(primitives = c("none", "mult", "linear_power"))
  expect_identical(dartsr:::spec_for_inputs(chosen, 1)$primitives, chosen$primitives)
  expect_identical(dartsr:::refine_primitives(dartsr:::spec_for_inputs(chosen, 1)), character())
  d <- data.frame(x = seq(1, 3, length.out = 20))
  d$y <- 2 * d$x
  set.seed(1)
  f <- fit(darts_regressor(max_epochs = 2, refine_top = 0), y ~ x, data = d, verbose = FALSE)
  expect_false("linear_power" %in% f$spec$primitives)
  expect_false("linear_power" %in% colnames(f$alphas))
  expect_identical(dimnames(f$network$theta)[[2]], dartsr:::model_primitives(f$spec))
  # A refit keeps what was searched, and what the refinement may add.
  again <- refit(f, max_epochs = 1, verbose = FALSE)
  expect_false("linear_power" %in% again$spec$primitives)
  expect_identical(dartsr:::refine_primitives(again$spec), "linear_power")
})

test_that("the refinement's own primitives take columns after the searched ones", {
  spec <- dartsr:::spec_for_inputs(darts_regressor(), 1)
  searched <- dartsr:::edge_primitives(spec$primitives)
  theta <- array(as.double(seq_len(3 * length(searched) * 2)), c(3, length(searched), 2),
                 list(c("x -> k1", "x -> k2", "k1 -> k2"), searched, c("p1", "p2")))
  model <- dartsr:::with_refine_columns(theta, spec)
  expect_identical(dimnames(model)[[2]], c(searched, "linear_power"))
  expect_identical(model[, searched, , drop = FALSE], theta)
  # a = 1 and beta = 1: the power starts as its source.
  expect_true(all(model[, "linear_power", ] == 1))
  expect_identical(dartsr:::with_refine_columns(theta, darts_regressor()), theta)
})
