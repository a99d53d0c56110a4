# Missing values as lm() treats them: na.action drops their rows (with their
# weights and groups), na.exclude pads fitted values, residuals and
# predictions back to the data's rows, and new rows with a missing input are
# predicted as NA.

# The seed data with missing values in the response, an input and the weights.
seed_with_missing <- function() {
  data <- seed_data()
  data$w <- rep(c(1, 2), length.out = nrow(data))
  data$y[c(3, 50)] <- NA
  data$x1[7] <- NA
  data$w[20] <- NA
  data
}

missing_rows <- c(3, 7, 20, 50)

na_fit <- function(na.action = NULL, seed = 1, ...) {
  cached(list("na_fit", na.action, seed, list(...)), {
    set.seed(seed)
    fit(quick_spec(max_epochs = 5), y ~ x1 + x2, data = seed_with_missing(),
        weights = w, na.action = na.action, verbose = FALSE, ...)
  })
}

test_that("na.omit (the default) drops the rows with missing values, with their weights", {
  data <- seed_with_missing()
  f <- na_fit()
  expect_equal(nobs(f), nrow(data) - length(missing_rows))
  expect_equal(unname(f$x), unname(as.matrix(data[-missing_rows, c("x1", "x2")])))
  expect_equal(unname(f$y[, 1]), data$y[-missing_rows])
  expect_equal(f$weights, data$w[-missing_rows])
  expect_s3_class(f$na.action, "omit")
  expect_equal(unname(as.integer(f$na.action)), missing_rows)
  expect_length(fitted(f), nobs(f))
  expect_length(residuals(f), nobs(f))

  # The same fit as from the complete rows, given the same random numbers.
  set.seed(1)
  complete <- fit(quick_spec(max_epochs = 5), y ~ x1 + x2, data = data[-missing_rows, ],
                  weights = w, verbose = FALSE)
  expect_equal(coef(f), coef(complete))
})

test_that("the default follows getOption(\"na.action\"), as lm() does", {
  withr::local_options(na.action = "na.fail")
  expect_error(fit(quick_spec(max_epochs = 1), y ~ x1 + x2, data = seed_with_missing(),
                   verbose = FALSE),
               class = "dartsr_error_invalid_data")
  withr::local_options(na.action = "na.exclude")
  set.seed(1)
  f <- fit(quick_spec(max_epochs = 1), y ~ x1 + x2, data = seed_with_missing(), verbose = FALSE)
  expect_s3_class(f$na.action, "exclude")
})

test_that("na.fail stops the fit with a classed error naming the variables", {
  expect_snapshot(
    fit(quick_spec(max_epochs = 1), y ~ x1 + x2, data = seed_with_missing(), weights = w,
        na.action = na.fail, verbose = FALSE),
    error = TRUE
  )
  expect_error(fit(quick_spec(), y ~ x1, data = seed_data(), na.action = "no_such_function"),
               class = "dartsr_error_invalid_argument")
  expect_error(fit(quick_spec(), y ~ x1, data = seed_data(), na.action = 1),
               class = "dartsr_error_invalid_argument")
})

test_that("na.exclude pads fitted values, residuals, predictions and augment() with NA", {
  data <- seed_with_missing()
  f <- na_fit(na.action = na.exclude)
  kept <- setdiff(seq_len(nrow(data)), missing_rows)
  expect_s3_class(f$na.action, "exclude")
  expect_equal(nobs(f), length(kept))
  for (values in list(fitted(f), residuals(f), predict(f))) {
    expect_length(values, nrow(data))
    expect_equal(names(values), row.names(data))
    expect_true(all(is.na(values[missing_rows])))
    expect_false(anyNA(values[kept]))
  }
  expect_equal(unname(fitted(f)[kept]), unname(f$fitted.values[, 1]))
  expect_equal(unname(residuals(f)[kept]), data$y[kept] - unname(f$fitted.values[, 1]))
  band <- predict(f, interval = "confidence")
  expect_equal(dim(band), c(nrow(data), 3))
  expect_true(all(is.na(band[missing_rows, ])))

  augmented <- augment(f)
  expect_equal(nrow(augmented), nrow(data))
  expect_true(all(is.na(augmented[missing_rows, ])))
  expect_equal(augmented$.fitted[kept], unname(f$fitted.values[, 1]))
  # Bound to the data row by row, as na.exclude is for.
  expect_equal(cbind(data, .resid = augmented$.resid)$.resid, unname(residuals(f)))
})

test_that("na.omit and na.exclude fit the same rows to the same equation", {
  expect_equal(coef(na_fit(na.action = na.exclude)), coef(na_fit(na.action = na.omit)))
})

test_that("print() and summary() say how many rows were dropped", {
  f <- na_fit()
  expect_match(format(f), "4 observations deleted due to missingness", fixed = TRUE, all = FALSE)
  expect_output(print(summary(f)), "4 observations deleted due to missingness", fixed = TRUE)
  expect_false(any(grepl("missingness", format(quick_fit()))))
})

test_that("predict() gives NA for new rows with a missing input, and errors on infinite ones", {
  f <- quick_fit()
  new <- data.frame(x1 = c(0.2, NA, 0.4, 0.1), x2 = c(0.5, 0.5, NaN, 0.3))
  predicted <- predict(f, new)
  complete <- c(1, 4)
  expect_equal(is.na(predicted), c(FALSE, TRUE, TRUE, FALSE), ignore_attr = TRUE)
  expect_equal(predicted[complete], predict(f, new[complete, ]), ignore_attr = TRUE)
  expect_equal(names(predicted), row.names(new))
  band <- predict(f, new, interval = "prediction")
  expect_equal(is.na(band[, "fit"]), c(FALSE, TRUE, TRUE, FALSE), ignore_attr = TRUE)
  expect_equal(band[complete, ], predict(f, new[complete, ], interval = "prediction"),
               ignore_attr = TRUE)
  expect_true(all(is.na(predict(f, new[2:3, ]))))
  augmented <- augment(f, newdata = new)
  expect_equal(is.na(augmented$.fitted), c(FALSE, TRUE, TRUE, FALSE))

  new$x1[1] <- Inf
  expect_error(predict(f, new), class = "dartsr_error_invalid_data")
})

test_that("a choice's classes and probabilities of rows with missing inputs are NA", {
  data <- seed_data()
  data$big <- factor(data$y > stats::median(data$y))
  data$big[c(2, 9)] <- NA
  set.seed(2)
  # The inputs separate the classes, which the fit says.
  expect_warning(
    f <- fit(quick_spec(max_epochs = 2), big ~ x1 + x2, data = data, na.action = na.exclude,
             verbose = FALSE),
    class = "dartsr_warning_separation"
  )
  expect_equal(nobs(f), nrow(data) - 2)
  classes <- predict(f, type = "class")
  expect_s3_class(classes, "factor")
  expect_equal(which(is.na(classes)), c(2, 9))
  probabilities <- predict(f, type = "prob")
  expect_equal(nrow(probabilities), nrow(data))
  expect_equal(which(is.na(probabilities[[1]])), c(2, 9))
  expect_equal(which(is.na(augment(f)$.pred_class)), c(2, 9))
  new <- data.frame(x1 = c(NA, 0.5), x2 = c(0.1, 0.2))
  expect_equal(is.na(predict(f, new, type = "class")), c(TRUE, FALSE))
})

test_that("rows of weight 0 leave with their group, and are padded as missing ones", {
  data <- seed_with_missing()
  data$w[5] <- 0
  data$g <- rep(1:10, each = 10)
  set.seed(1)
  f <- fit(quick_spec(max_epochs = 1), y ~ x1 + x2, data = data, weights = w, groups = g,
           na.action = na.exclude, verbose = FALSE)
  kept <- setdiff(seq_len(nrow(data)), c(missing_rows, 5))
  expect_equal(f$groups, data$g[kept])
  expect_equal(f$weights, data$w[kept])
  expect_length(fitted(f), nrow(data))
  expect_equal(unname(which(is.na(fitted(f)))), sort(c(missing_rows, 5)))
  # Only rows with missing values count as deleted for missingness.
  expect_equal(stats::naprint(f$na.action), "4 observations deleted due to missingness")
})

test_that("refit() keeps the fit's rows and na.action, and applies it to new data", {
  data <- seed_with_missing()
  f <- na_fit(na.action = na.exclude)
  same <- refit(f, max_epochs = 0, verbose = FALSE)
  expect_equal(same$na.action, f$na.action)
  expect_length(fitted(same), nrow(data))
  expect_equal(unname(which(is.na(fitted(same)))), missing_rows)

  set.seed(3)
  new <- refit(f, data = data[1:60, ], weights = w, max_epochs = 1, verbose = FALSE)
  expect_s3_class(new$na.action, "exclude")
  expect_length(fitted(new), 60)
  expect_equal(unname(which(is.na(fitted(new)))), c(3, 7, 20, 50))
  set.seed(3)
  omitted <- refit(f, data = data[1:60, ], weights = w, na.action = na.omit, max_epochs = 1,
                   verbose = FALSE)
  expect_s3_class(omitted$na.action, "omit")
  expect_length(fitted(omitted), 56)
  expect_error(refit(f, data = data, na.action = na.fail, verbose = FALSE),
               class = "dartsr_error_invalid_data")
})

test_that("fit_xy() refuses missing values with a classed error, as lm.fit() does", {
  data <- seed_with_missing()
  expect_error(fit_xy(quick_spec(), x = data[c("x1", "x2")], y = data$y, verbose = FALSE),
               class = "dartsr_error_invalid_data")
})
