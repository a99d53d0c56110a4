# Methods for generics of suggested packages (ggplot2's autoplot(), knitr's
# knit_print()) are registered by NAMESPACE when the package of the generic
# loads, whether before or after dartsr, without dartsr depending on it.

registered_method <- function(generic, package) {
  utils::getS3method(generic, "darts_fit", optional = TRUE, envir = asNamespace(package))
}

test_that("autoplot() and knit_print() dispatch to dartsr's methods", {
  skip_if_not_installed("ggplot2")
  skip_if_not_installed("knitr")
  expect_identical(registered_method("autoplot", "ggplot2"), dartsr:::autoplot.darts_fit)
  expect_identical(registered_method("knit_print", "knitr"), dartsr:::knit_print.darts_fit)
})

test_that("the methods are registered whichever package loads first", {
  skip_if_not_installed("callr")
  skip_if_not_installed("ggplot2")
  skip_if_not_installed("knitr")
  registered_in_fresh_session <- function(dartsr_first) {
    callr::r(function(dartsr_first) {
      generics <- c(ggplot2 = "autoplot", knitr = "knit_print")
      if (dartsr_first) loadNamespace("dartsr")
      # Nothing to register with before the generic's package is loaded.
      before <- vapply(names(generics), isNamespaceLoaded, logical(1))
      for (package in names(generics)) loadNamespace(package)
      loadNamespace("dartsr")
      found <- vapply(names(generics), function(package) {
        method <- utils::getS3method(generics[[package]], "darts_fit", optional = TRUE,
                                     envir = asNamespace(package))
        identical(method, get(paste0(generics[[package]], ".darts_fit"),
                              envir = asNamespace("dartsr")))
      }, logical(1))
      list(loaded_before = before, found = found)
    }, args = list(dartsr_first = dartsr_first), libpath = worker_libpath())
  }
  for (dartsr_first in c(TRUE, FALSE)) {
    session <- registered_in_fresh_session(dartsr_first)
    expect_identical(session$loaded_before, c(ggplot2 = FALSE, knitr = FALSE))
    expect_identical(session$found, c(ggplot2 = TRUE, knitr = TRUE))
  }
})
