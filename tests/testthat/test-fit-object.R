# The fit object: made once from the search's outcome, and checked.

test_that("a fit is made once: its statistics are worked out for the chosen model only", {
  made <- calls_of("add_fit_statistics")
  set.seed(1)
  f <- fit(quick_spec(), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(made$n, 1L)
  expect_identical(f, validate_darts_fit(f))
  # A search that is not refined: its sampled model, alone on the front.
  made$n <- 0L
  set.seed(1)
  g <- fit(quick_spec(refine_top = 0), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  expect_identical(made$n, 1L)
  expect_identical(g$front_networks, list(g$network))
  expect_true(g$front$chosen)
})

test_that("a fit built wrong is an internal error", {
  f <- hand_made_fit()
  broken <- f
  broken$front$chosen <- TRUE
  broken$front <- rbind(broken$front, broken$front)
  expect_error(validate_darts_fit(broken), class = "dartsr_error_internal")
  broken <- f
  broken$law <- NULL
  expect_error(validate_darts_fit(broken), "lacks law", class = "dartsr_error_internal")
  broken <- f
  broken$network$architecture <- broken$network$architecture[-1]
  expect_error(validate_darts_fit(broken), class = "dartsr_error_invalid_fit")
})
