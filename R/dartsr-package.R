#' @section Options:
#' * `dartsr.threads`: the threads on which the refinement polishes a
#'   candidate equation's starting points side by side, 2 by default (as
#'   many as CRAN allows a package). No more are used than the machine has
#'   processors, and one in a process forked from another (by
#'   `parallel::mclapply()` or a multicore `future` plan). The fit is the
#'   same, to the bit, on any number of threads: set it to 1 to keep dartsr
#'   on one core, higher to use more.
#'
#' @keywords internal
#' @useDynLib dartsr, .registration = TRUE
#' @importFrom rlang %||%
"_PACKAGE"
