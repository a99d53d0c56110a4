#' @keywords internal
#' @useDynLib dartsr, .registration = TRUE
#' @importFrom rlang %||%
"_PACKAGE"
