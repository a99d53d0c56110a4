.onLoad <- function(libname, pkgname) {
  # Methods for generics of suggested packages: registered when (and if)
  # those packages are loaded, so that dartsr does not depend on them.
  s3_register("knitr::knit_print", "darts_fit")
  s3_register("ggplot2::autoplot", "darts_fit")
  invisible()
}

# Registers `method` (by default `<generic>.<class>` from the calling
# environment) for `generic` ("package::generic") now if the package is
# loaded, and whenever it is loaded later, as vctrs does. The method is looked
# up at registration time, so that a reloaded dartsr registers its own.
s3_register <- function(generic, class, method = NULL) {
  parts <- strsplit(generic, "::", fixed = TRUE)[[1]]
  package <- parts[[1]]
  generic <- parts[[2]]
  caller <- parent.frame()
  get_method <- function() {
    if (is.null(method)) get(paste0(generic, ".", class), envir = caller) else method
  }
  register <- function(...) {
    envir <- asNamespace(package)
    # An old version of the package may not have the generic yet.
    if (exists(generic, envir = envir, inherits = FALSE)) {
      registerS3method(generic, class, get_method(), envir = envir)
    }
  }
  setHook(packageEvent(package, "onLoad"), register)
  if (isNamespaceLoaded(package)) register()
  invisible()
}
