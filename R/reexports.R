#' @importFrom generics fit
#' @export
generics::fit

#' @importFrom generics fit_xy
#' @export
generics::fit_xy

#' @importFrom generics refit
#' @export
generics::refit

#' @importFrom generics equation
#' @export
generics::equation

#' @importFrom generics tidy
#' @export
generics::tidy

#' @importFrom generics glance
#' @export
generics::glance

#' @importFrom generics augment
#' @export
generics::augment
