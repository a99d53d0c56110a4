# The refinement's policy: one place for its constants, from which
# ?darts_regressor lists them.

test_that("every constant of the policy is a positive number the refinement reads", {
  for (name in names(REFINE_POLICY)) {
    value <- get(name, envir = asNamespace("dartsr"))
    expect_true(is.numeric(value) && length(value) == 1 && value > 0, info = name)
  }
  rd <- refine_policy_rd()
  for (name in names(REFINE_POLICY)) expect_match(rd, paste0("`", name, "` = "), fixed = TRUE)
  expect_match(rd, "`CV_FOLDS` = 10}", fixed = TRUE)
})
