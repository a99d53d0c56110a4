test_that("restarts keep the search with the best score and list every restart", {
  set.seed(1)
  f <- fit(quick_spec(n_restarts = 3), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_equal(nrow(f$restarts), 3)
  expect_equal(f$restarts$score[f$restarts$chosen], min(f$restarts$score))
  # The score is the chosen equation's cross-validated RMSE, as the front shows it.
  expect_equal(f$restarts$score[f$restarts$chosen], f$front$cv_rmse[f$front$chosen])
  expect_equal(sum(f$restarts$chosen), 1)
  expect_type(f$restarts$equation, "character")
})

test_that("restarts are compared by BIC when one has no cross-validated error", {
  set.seed(2)
  fits <- lapply(1:2, function(i) fit(quick_spec(), y ~ x1 + x2, data = seed_data(), verbose = FALSE))
  expect_equal(dartsr:::restart_scores(fits),
               vapply(fits, function(f) f$front$cv_rmse[f$front$chosen], numeric(1)))
  fits[[2]]$front$cv_rmse <- NA_real_
  expect_equal(dartsr:::restart_scores(fits), vapply(fits, dartsr:::model_bic, numeric(1)))
})

test_that("restarts are reproducible and leave the user's RNG kind alone", {
  set.seed(5)
  a <- fit(quick_spec(n_restarts = 2), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(RNGkind()[1], "Mersenne-Twister")
  set.seed(5)
  b <- fit(quick_spec(n_restarts = 2), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(a$network, b$network)
  expect_identical(a$restarts, b$restarts)
})

test_that("sequential and multisession plans give identical fits", {
  skip_on_cran()
  skip_if_not_installed("future")
  skip_if_not_installed("future.apply")
  spec <- quick_spec(n_restarts = 3)
  withr::defer(future::plan(future::sequential))
  future::plan(future::sequential)
  set.seed(11)
  sequential <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  future::plan(future::multisession, workers = 2, rscript_libs = worker_libpath())
  set.seed(11)
  parallel <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(parallel$restarts, sequential$restarts)
  expect_identical(parallel$network, sequential$network)
  expect_identical(parallel$alphas, sequential$alphas)
  # The cross-validated selection too: its folds come from each restart's stream.
  expect_identical(parallel$front, sequential$front)
})

test_that("restarts run by hand from the same streams give the same result", {
  skip_if_not_installed("future.apply")
  spec <- quick_spec(n_restarts = 2)
  set.seed(3)
  with_future <- fit(spec, y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  seeds <- local({
    set.seed(3)
    dartsr:::restart_seeds(2)
  })
  design <- dartsr:::design_from_formula(y ~ x1 + x2, seed_data())
  by_hand <- lapply(seeds, function(seed) {
    dartsr:::with_random_seed(seed, dartsr:::run_search(spec, design, quote(fit()), NULL,
                                                         verbose = FALSE))
  })
  chosen <- which(with_future$restarts$chosen)
  expect_identical(by_hand[[chosen]]$network, with_future$network)
})

test_that("summary() lists every restart's equation and score", {
  set.seed(1)
  f <- fit(quick_spec(n_restarts = 2), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  printed <- capture.output(print(summary(f)))
  expect_true(any(grepl("Restarts: 2", printed)))
  expect_true(any(grepl(f$restarts$equation[1], printed, fixed = TRUE)))
})
