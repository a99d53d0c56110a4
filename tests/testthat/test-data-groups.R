# Groups of rows that belong together are held out whole by the
# cross-validated selection.

test_that("cv_folds() puts each group's rows in one fold", {
  set.seed(1)
  groups <- sample(rep(c("a", "b", "c", "d", "e"), times = c(3, 7, 1, 4, 5)))
  folds <- cv_folds(length(groups), groups)
  expect_length(folds, length(groups))
  # Few groups: one fold per group, leave-one-group-out.
  expect_equal(length(unique(folds)), 5)
  for (g in unique(groups)) expect_length(unique(folds[groups == g]), 1)
  for (k in unique(folds)) expect_length(unique(groups[folds == k]), 1)
})

test_that("cv_folds() of many groups makes 10 folds of whole groups, reproducibly", {
  groups <- rep(sprintf("subject%02d", 1:45), times = rep(1:5, 9))
  set.seed(7)
  folds <- cv_folds(length(groups), groups)
  expect_setequal(unique(folds), 1:10)
  for (g in unique(groups)) expect_length(unique(folds[groups == g]), 1)
  # Groups, not rows, are spread evenly over the folds.
  groups_per_fold <- tapply(groups, folds, function(g) length(unique(g)))
  expect_true(all(groups_per_fold %in% c(4, 5)))
  set.seed(7)
  expect_identical(cv_folds(length(groups), groups), folds)
  set.seed(8)
  expect_false(identical(cv_folds(length(groups), groups), folds))
  # Factors and numbers are groups as well as strings are.
  set.seed(7)
  expect_identical(cv_folds(length(groups), factor(groups)), folds)
})

test_that("cv_folds() without groups is as before: leave-one-out, then 10 folds of rows", {
  expect_identical(cv_folds(12), 1:12)
  set.seed(3)
  folds <- cv_folds(100)
  set.seed(3)
  expect_identical(folds, sample(rep_len(1:10, 100)))
  # Groups of one row each are rows.
  set.seed(3)
  expect_identical(cv_folds(100, 1:100), folds)
})

# The seed data as 10 "subjects" of 10 rows each.
grouped_seed <- function() {
  data <- seed_data()
  data$subject <- rep(sprintf("s%d", 1:10), each = 10)
  data
}

test_that("fit() takes groups from the data and cross-validates whole groups", {
  data <- grouped_seed()
  # The folds the selection uses, as refine_search() draws them.
  seen <- new.env()
  trace("cv_folds", exit = bquote(assign("folds", returnValue(), envir = .(seen))),
        where = asNamespace("dartsr"), print = FALSE)
  on.exit(untrace("cv_folds", where = asNamespace("dartsr")), add = TRUE)
  set.seed(1)
  f <- fit(quick_spec(max_epochs = 5), y ~ x1 + x2, data = data, groups = subject,
           verbose = FALSE)
  expect_equal(f$groups, data$subject)
  expect_equal(length(unique(seen$folds)), 10)
  for (s in unique(data$subject)) expect_length(unique(seen$folds[data$subject == s]), 1)
  expect_true(all(is.finite(f$front$cv_rmse)))

  # A vector of the caller's works too, and set.seed() reproduces the fit.
  subject <- data$subject
  data$subject <- NULL
  set.seed(1)
  again <- fit(quick_spec(max_epochs = 5), y ~ x1 + x2, data = data, groups = subject,
               verbose = FALSE)
  expect_equal(coef(again), coef(f))
  expect_equal(again$front, f$front)
})

test_that("refit() keeps the groups, or takes new data's", {
  data <- grouped_seed()
  set.seed(1)
  f <- fit(quick_spec(max_epochs = 2), y ~ x1 + x2, data = data, groups = subject,
           verbose = FALSE)
  expect_equal(refit(f, max_epochs = 0, verbose = FALSE)$groups, data$subject)
  data$block <- rep(1:4, length.out = 100)
  set.seed(2)
  new <- refit(f, data = data[1:80, ], groups = block, max_epochs = 1, verbose = FALSE)
  expect_equal(new$groups, data$block[1:80])
  set.seed(2)
  ungrouped <- refit(f, data = data[1:80, ], max_epochs = 1, verbose = FALSE)
  expect_null(ungrouped$groups)
  expect_error(refit(f, groups = subject, verbose = FALSE), class = "dartsr_error_invalid_groups")
})

test_that("fit_xy() takes groups as a vector", {
  data <- grouped_seed()
  set.seed(1)
  f <- fit_xy(quick_spec(max_epochs = 2), x = data[c("x1", "x2")], y = data$y,
              groups = data$subject, verbose = FALSE)
  expect_equal(f$groups, data$subject)
  set.seed(1)
  formula_fit <- fit(quick_spec(max_epochs = 2), y ~ x1 + x2, data = data, groups = subject,
                     verbose = FALSE)
  expect_equal(coef(f), coef(formula_fit))
})

test_that("groups leave with the rows na.action drops; then NA in groups is an error", {
  data <- grouped_seed()
  data$subject[c(4, 5)] <- NA
  data$y[c(4, 5)] <- NA
  set.seed(1)
  f <- fit(quick_spec(max_epochs = 1), y ~ x1 + x2, data = data, groups = subject,
           verbose = FALSE)
  expect_equal(f$groups, data$subject[-c(4, 5)])
  data$subject[9] <- NA
  expect_error(fit(quick_spec(max_epochs = 1), y ~ x1 + x2, data = data, groups = subject,
                   verbose = FALSE),
               class = "dartsr_error_invalid_groups")
})

test_that("bad groups are classed errors naming groups", {
  data <- grouped_seed()
  spec <- quick_spec(max_epochs = 1)
  expect_snapshot(error = TRUE, {
    fit(spec, y ~ x1 + x2, data = data, groups = replace(subject, 3, NA))
    fit(spec, y ~ x1 + x2, data = data, groups = rep("one", 100))
    fit(spec, y ~ x1 + x2, data = data, groups = subject[1:50])
    fit(spec, y ~ x1 + x2, data = data, groups = no_such_column)
    fit_xy(spec, x = data[c("x1", "x2")], y = data$y, groups = 1:3)
    fit_xy(spec, x = data[c("x1", "x2")], y = data$y, groups = list(1, 2))
  })
  expect_error(fit(spec, y ~ x1 + x2, data = data, groups = rep(1, 100)),
               class = "dartsr_error_invalid_groups")
  expect_error(fit(spec, y ~ x1 + x2, data = data, groups = no_such_column),
               class = "dartsr_error_invalid_groups")
  expect_error(fit_xy(spec, x = data[c("x1", "x2")], y = data$y, groups = 1:3),
               class = "dartsr_error_invalid_groups")
})
