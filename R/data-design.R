# Data in: from a formula and a data frame, or from x and y, to a numeric design
# matrix and a numeric response matrix, with every problem a classed error.

abort_data <- function(message, call, .envir = parent.frame()) {
  cli::cli_abort(message, class = c("dartsr_error_invalid_data", "dartsr_error"),
                 call = call, .envir = .envir)
}

# Design and response from a formula. Factors and characters are expanded to
# indicator columns by model.matrix() without an intercept (a constant is what
# the primitives' own parameters are for), so the first factor gets a column
# for every level. Rows with missing values go through `na.action` (a
# function, see resolve_na_action()) as in lm(): the case weights with them,
# since they are a column of the frame it sees; the groups leave with the
# rows it drops, and must then have no NA of their own.
design_from_formula <- function(formula, data, output_type = "real", weights = NULL,
                                groups = NULL, na.action = stats::na.omit,
                                call = rlang::caller_env()) {
  if (!inherits(formula, "formula")) {
    abort_invalid("formula", "must be a formula such as {.code y ~ x1 + x2}, not {what}.",
                  call = call, .envir = list2env(list(what = describe(formula))))
  }
  if (!is.data.frame(data)) {
    abort_invalid("data", "must be a data frame, not {what}.",
                  call = call, .envir = list2env(list(what = describe(data))))
  }
  check_variables_present(formula, data, call)
  frame <- stats::model.frame(formula, data, na.action = stats::na.pass)
  terms <- attr(frame, "terms")
  if (attr(terms, "response") == 0) {
    abort_invalid("formula", "must have a response on its left-hand side, as in {.code y ~ x}.",
                  call = call)
  }
  check_no_offset(terms, call)
  n_data <- nrow(frame)
  if (!is.null(weights)) frame[["(weights)"]] <- check_weights_shape(weights, n_data, call)
  groups <- check_groups_length(groups, n_data, call)
  frame <- apply_na_action(frame, na.action, call)
  omitted <- attr(frame, "na.action")
  rows <- if (is.null(omitted)) seq_len(n_data) else seq_len(n_data)[-omitted]
  x <- design_matrix(terms, frame)
  response <- as_response(stats::model.response(frame), deparse1(formula[[2]]), output_type, call)
  check_design(x, response$y, call)
  design <- c(list(x = x, terms = terms, xlevels = stats::.getXlevels(terms, frame)), response)
  design$groups <- check_groups(groups[rows], call)
  design$na.action <- omitted
  # Under na.exclude, what fitted(), residuals() and predict() pad back to
  # the data's rows.
  if (inherits(omitted, "exclude")) {
    design$exclude <- list(rows = rows, n = n_data, row_names = row.names(data))
  }
  with_weights(design, check_weights(frame[["(weights)"]], nrow(x), call))
}

# An offset is a term with its coefficient fixed at 1, and an equation search
# has no such term: model.matrix() would leave it out, and the fit would be
# of another formula. So it is an error that says what to write instead.
check_no_offset <- function(terms, call) {
  offsets <- attr(terms, "offset")
  if (is.null(offsets)) return(invisible())
  terms_text <- vapply(as.list(attr(terms, "variables"))[offsets + 1L], deparse1, character(1))
  cli::cli_abort(
    c("{.arg formula} can't have an offset: {.code {terms_text}}.",
      i = "An offset is a term whose coefficient is fixed at 1; the search fits no such term.",
      i = "To fit the response less the offset, write it on the left, as in {.code I(y - z) ~ x}; to let the search use {.var z}, make it an input, as in {.code y ~ x + z}."),
    class = c("dartsr_error_offset", "dartsr_error_invalid_argument", "dartsr_error"),
    call = call
  )
}

design_matrix <- function(terms, frame) {
  attr(terms, "intercept") <- 0L
  x <- stats::model.matrix(terms, frame)
  attr(x, "assign") <- NULL
  attr(x, "contrasts") <- NULL
  x
}

check_variables_present <- function(formula, data, call, arg = "data") {
  missing <- setdiff(all.vars(formula), c(names(data), "."))
  missing <- missing[!vapply(missing, exists, logical(1), envir = environment(formula))]
  if (length(missing) > 0) {
    abort_data("{.arg {arg}} is missing the variable{?s} {.field {missing}}.", call)
  }
}

# Design and response from x and y. Missing values are an error here, as in
# lm.fit(): there is no model frame for an na.action to act on.
design_from_xy <- function(x, y, output_type = "real", weights = NULL, groups = NULL,
                           call = rlang::caller_env()) {
  x <- as_input_matrix(x, call)
  response <- as_response(y, "y", output_type, call)
  check_design(x, response$y, call)
  design <- c(list(x = x, terms = NULL, xlevels = NULL), response)
  design$groups <- check_groups(check_groups_length(groups, nrow(x), call), call)
  with_weights(design, check_weights(weights, nrow(x), call))
}

as_input_matrix <- function(x, call, arg = "x") {
  if (is.data.frame(x)) {
    numeric <- vapply(x, is.numeric, logical(1))
    if (!all(numeric)) {
      bad <- names(x)[!numeric]
      abort_data(c("{.arg {arg}} has non-numeric column{?s} {.field {bad}}.",
                   i = "Use {.fn fit} with a formula to expand factors into indicator columns."),
                 call)
    }
    x <- as.matrix(x)
    if (!is.double(x)) storage.mode(x) <- "double"
  }
  if (is.vector(x) && is.numeric(x)) x <- matrix(x, ncol = 1)
  if (!is.matrix(x) || !is.numeric(x)) {
    abort_invalid(arg, "must be a numeric matrix or data frame, not {what}.",
                  call = call, .envir = list2env(list(what = describe(x))))
  }
  if (is.null(colnames(x))) colnames(x) <- paste0("x", seq_len(ncol(x)))
  if (!is.double(x)) storage.mode(x) <- "double"
  x
}

as_response_matrix <- function(y, name, call, arg = "y") {
  if (is.data.frame(y)) y <- as.matrix(y)
  if (!is.numeric(y) || !(is.null(dim(y)) || is.matrix(y))) {
    abort_data("The response {.arg {arg}} must be numeric (a vector, or a matrix for several outputs), a factor or a logical, not {.cls {class(y)[1]}}.",
               call)
  }
  if (!is.matrix(y)) y <- matrix(y, ncol = 1, dimnames = list(NULL, name))
  if (is.null(colnames(y))) {
    colnames(y) <- if (ncol(y) == 1) name else paste0(name, seq_len(ncol(y)))
  }
  if (!is.double(y)) storage.mode(y) <- "double"
  y
}

check_design <- function(x, y, call) {
  if (nrow(x) != nrow(y)) {
    abort_data("{.arg x} has {nrow(x)} row{?s} but {.arg y} has {nrow(y)}; they must have the same number of rows.",
               call)
  }
  if (nrow(x) == 0) abort_data("The data have no rows.", call)
  if (ncol(x) == 0) abort_data("There are no input variables.", call)
  check_finite(x, "input", call)
  check_finite(y, "response", call)
}

check_finite <- function(m, what, call) {
  # min() and max() are NA or infinite exactly when some value is, and unlike
  # is.finite(m) they allocate nothing.
  if (length(m) == 0 || (is.finite(min(m)) && is.finite(max(m)))) return(invisible())
  bad <- !is.finite(m)
  columns <- colnames(m)[colSums(bad) > 0]
  v <- m[bad]
  kinds <- c("NA", "NaN", "Inf")[c(any(is.na(v) & !is.nan(v)), any(is.nan(v)),
                                   any(is.infinite(v)))]
  advice <- if (any(is.infinite(v))) {
    "Remove the rows with infinite values first."
  } else {
    "Remove or impute the rows with missing values first, or fit with a formula and {.arg na.action}."
  }
  abort_data(c("The {what} {.field {columns}} contain{?s/} {kinds} values.", i = advice), call)
}

# An argument given as a quosure, evaluated with the columns of `data` in
# scope; NULL stays NULL.
evaluated_in_data <- function(quosure, data, arg, call) {
  if (rlang::quo_is_null(quosure)) return(NULL)
  mask <- if (is.data.frame(data)) data else NULL
  tryCatch(
    rlang::eval_tidy(quosure, mask),
    error = function(e) {
      abort_invalid(arg, "could not be evaluated in {.arg data}: {message}", call = call,
                    .envir = list2env(list(message = conditionMessage(e))),
                    class = c(paste0("dartsr_error_invalid_", arg), "dartsr_error_invalid_argument"))
    }
  )
}

# At most `at_most` of the rows 1..n, evenly spaced and in order: a
# deterministic subsample (no random numbers drawn), for looks at the data
# whose cost should not grow with the rows.
evenly_spaced_rows <- function(n, at_most) {
  unique(round(seq(1, n, length.out = min(n, at_most))))
}
