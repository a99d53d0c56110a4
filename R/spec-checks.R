# Argument checks shared by every user-facing function. Each returns the value,
# coerced to the type the engine wants, or signals a classed error that names
# the argument (as the caller wrote it) and what it accepts.

abort_invalid <- function(arg, problem, call = rlang::caller_env(),
                          .envir = parent.frame(),
                          class = "dartsr_error_invalid_argument") {
  cli::cli_abort(
    paste0("{.arg ", arg, "} ", problem),
    class = c(class, "dartsr_error"),
    call = call,
    .envir = .envir
  )
}

describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (length(x) == 1 && is.character(x)) return(encodeString(x, quote = '"'))
  if (length(x) == 1 && is.atomic(x)) return(paste0("`", format(x), "`"))
  paste0("a ", class(x)[1], " of length ", length(x))
}

check_count <- function(x, min, max = .Machine$integer.max, arg = rlang::caller_arg(x),
                        call = rlang::caller_env()) {
  ok <- is.numeric(x) && length(x) == 1 && !is.na(x) && is.finite(x) &&
    x == round(x) && x >= min && x <= max
  if (!ok) {
    range <- if (max < .Machine$integer.max) paste("from", min, "to", max) else paste(">=", min)
    abort_invalid(arg, "must be a whole number {range}, not {what}.", call = call,
                  .envir = list2env(list(range = range, what = describe(x))))
  }
  as.integer(x)
}

check_number <- function(x, positive = FALSE, below_one = FALSE,
                         arg = rlang::caller_arg(x),
                        call = rlang::caller_env()) {
  ok <- is.numeric(x) && length(x) == 1 && !is.na(x) && is.finite(x) &&
    (if (positive) x > 0 else x >= 0) && (!below_one || x < 1)
  if (!ok) {
    accepts <- if (below_one) "a number in [0, 1)" else if (positive) "a positive number" else "a number >= 0"
    abort_invalid(arg, "must be {accepts}, not {what}.", call = call,
                  .envir = list2env(list(accepts = accepts, what = describe(x))))
  }
  as.double(x)
}

check_flag <- function(x, arg = rlang::caller_arg(x),
                        call = rlang::caller_env()) {
  if (!is.logical(x) || length(x) != 1 || is.na(x)) {
    abort_invalid(arg, "must be `TRUE` or `FALSE`, not {what}.", call = call,
                  .envir = list2env(list(what = describe(x))))
  }
  x
}

# One of the choices in the caller's default for `x`, the first when `x` is that
# default: rlang::arg_match() for an argument checked inside a helper (the
# choices are read from the caller's formals, as arg_match() reads them), its
# error classed as dartsr's.
check_choice <- function(x, arg = rlang::caller_arg(x),
                         call = rlang::caller_env()) {
  caller <- rlang::caller_fn()
  choices <- eval(rlang::fn_fmls(caller)[[arg]], environment(caller))
  if (identical(x, choices)) return(choices[[1]])
  if (!is.character(x) || length(x) != 1 || is.na(x)) {
    abort_invalid(arg, "must be one of {.or {.val {choices}}}, not {what}.", call = call,
                  .envir = list2env(list(choices = choices, what = describe(x))))
  }
  withCallingHandlers(
    rlang::arg_match0(x, choices, arg, call),
    error = function(e) {
      class(e) <- c("dartsr_error_invalid_argument", "dartsr_error", class(e))
      rlang::cnd_signal(e)
    }
  )
}

check_primitives <- function(x, arg = rlang::caller_arg(x), call = rlang::caller_env()) {
  if (!is.character(x) || length(x) == 0 || anyNA(x)) {
    abort_invalid(arg, "must be a character vector of primitive names, not {what}.", call = call,
                  .envir = list2env(list(what = describe(x))))
  }
  unknown <- setdiff(x, known_primitive_names())
  if (length(unknown) > 0) {
    cli::cli_abort(
      c("{.arg {arg}} has unknown primitive{?s} {.val {unknown}}.",
        i = "Known primitives: {.val {known_primitive_names()}}."),
      class = c("dartsr_error_unknown_primitive", "dartsr_error_invalid_argument",
                "dartsr_error"),
      call = call
    )
  }
  if (anyDuplicated(x)) {
    abort_invalid(arg, "must not repeat a primitive ({.val {x[duplicated(x)]}}).", call = call,
                  .envir = list2env(list(x = x)))
  }
  if (length(edge_primitives(x)) == 0) {
    abort_invalid(arg, "must name at least one primitive for the edges, not only the node kind{?s} {.val {x}}.",
                  call = call, .envir = list2env(list(x = x)))
  }
  x
}

plural <- function(n) if (n == 1) "" else "s"
