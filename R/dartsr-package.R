#' @keywords internal
#' @useDynLib dartsr, .registration = TRUE
"_PACKAGE"
