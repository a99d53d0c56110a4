# A fold whose rows alone determine a combination of the constants cannot be
# cross-validated: refitted from the full-data estimate, that combination
# keeps the value the held-out rows gave it.

law_of_call <- function(e) {
  list(calls = list(e), constants = list(dartsr:::constants_in(e)), output_type = "real")
}

eleven_rows <- function() list(x = cbind(x = seq(0, 1, length.out = 11)), weights = NULL)

test_that("a relu with one row beyond its kink cannot be cross-validated at that row", {
  law <- law_of_call(quote(2 * x + 3 * relu(x - 0.95)))
  expect_identical(dartsr:::self_determined_folds(law, eleven_rows(), 1:11, 1:11), 11L)
})

test_that("a term that only the largest input sees cannot be cross-validated there", {
  # 1e-26 * exp(60 x) is 1e0 at x = 1, below 1e-16 at x = 0.9.
  law <- law_of_call(quote(0.2 * x + 1e-26 * exp(60 * x)))
  expect_identical(dartsr:::self_determined_folds(law, eleven_rows(), 1:11, 1:11), 11L)
})

test_that("left out one by one, a row counts with its replicates", {
  # Two rows at each x, as DNase's assay has at each concentration: the
  # twin left in sets the term for the row held out.
  twins <- list(x = cbind(x = rep(seq(0, 1, length.out = 11), each = 2)), weights = NULL)
  law <- law_of_call(quote(0.2 * x + 1e-26 * exp(60 * x)))
  expect_identical(dartsr:::self_determined_folds(law, twins, 1:22, 1:22), c(21L, 22L))
  expect_identical(dartsr:::self_determined_folds(law_of_call(quote(2 * x + 1)), twins, 1:22, 1:22),
                   integer())
  # (each row its design point where none repeats)
  expect_identical(dartsr:::design_points(twins$x), rep(seq(1L, 21L, by = 2L), each = 2))
  expect_identical(dartsr:::design_points(eleven_rows()$x), 1:11)
})

test_that("an equation every fold's other rows determine keeps all its folds", {
  law <- law_of_call(quote(2 * x + 1))
  expect_identical(dartsr:::self_determined_folds(law, eleven_rows(), 1:11, 1:11), integer())
  folds <- rep(1:3, length.out = 11)
  law <- law_of_call(quote(2 * exp(-0.5 * x) + 1))
  expect_identical(dartsr:::self_determined_folds(law, eleven_rows(), 1:11, folds), integer())
})

test_that("a fold whose loss is not finite makes the standard error Inf, not NaN", {
  expect_identical(dartsr:::fold_standard_error(c(1, Inf, 2)), Inf)
  expect_identical(dartsr:::fold_standard_error(2), Inf)
  expect_equal(dartsr:::fold_standard_error(c(1, 2, 3)), sd(1:3) / sqrt(3))
})
