test_that("s3_register() registers now and when the package loads later", {
  generic_env <- new.env()
  method <- function(x, ...) "registered"
  # A package that is not loaded: only a hook is set, run when it loads.
  withr::defer(setHook(packageEvent("dartsrfakepkg", "onLoad"), NULL, "replace"))
  expect_silent(s3_register("dartsrfakepkg::fake_generic", "darts_fit", method))
  hooks <- getHook(packageEvent("dartsrfakepkg", "onLoad"))
  expect_length(hooks, 1)
  # A loaded package whose generic exists: registered at once.
  s3_register("stats::nobs", "dartsr_test_class", function(object, ...) 42L)
  expect_equal(stats::nobs(structure(list(), class = "dartsr_test_class")), 42L)
})
