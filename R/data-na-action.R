# Missing values, as lm() treats them: the model frame goes through an
# `na.action` (na.omit by default, from getOption("na.action")); under
# na.exclude, fitted values, residuals and predictions are padded with NA
# back to the data's rows.

# The na.action to use: a function, or the name of one; NULL takes
# getOption("na.action"), and na.fail when that is unset, as model.frame()
# does.
resolve_na_action <- function(na.action, call = rlang::caller_env()) {
  if (is.null(na.action)) na.action <- getOption("na.action", "na.fail")
  if (is.character(na.action) && length(na.action) == 1 && !is.na(na.action)) {
    na.action <- tryCatch(match.fun(na.action), error = function(e) NULL)
  }
  if (!is.function(na.action)) {
    abort_invalid("na.action", "must be a function such as {.fn na.omit}, {.fn na.exclude} or {.fn na.fail}, or the name of one.",
                  call = call)
  }
  na.action
}

# The model frame after `na.action`; its error (na.fail's "missing values in
# object") becomes a classed one that says where the values are missing.
apply_na_action <- function(frame, na.action, call) {
  result <- tryCatch(na.action(frame), error = function(e) e)
  if (inherits(result, "error")) {
    missing <- names(frame)[vapply(frame, anyNA, logical(1))]
    missing[missing == "(weights)"] <- "weights"
    abort_data(c("{.arg na.action} stopped the fit: {message}",
                 i = "The variable{?s} {.field {missing}} ha{?s/ve} missing values.",
                 i = "{.code na.action = na.omit} drops their rows; {.code na.exclude} also pads fitted values and residuals back to the data's rows."),
               call, .envir = list2env(list(message = conditionMessage(result), missing = missing)))
  }
  if (!is.data.frame(result) || nrow(result) == 0) {
    abort_data("No rows are left once {.arg na.action} has dropped those with missing values.", call)
  }
  result
}

# `value` (a vector or factor, a matrix or data frame of rows, or a list of
# them) with the fit's rows padded back to the data's under na.exclude: NA
# where a row was left out. Unchanged otherwise.
pad_excluded <- function(value, exclude) {
  if (is.null(exclude)) return(value)
  pad_rows(value, exclude$rows, exclude$n, exclude$row_names)
}

pad_rows <- function(value, rows, n, row_names) {
  if (is.list(value) && !is.data.frame(value)) {
    return(lapply(value, pad_rows, rows = rows, n = n, row_names = row_names))
  }
  index <- rep(NA_integer_, n)
  index[rows] <- seq_along(rows)
  # Rows named by the data's row names, as naresid() names them; a vector
  # only if it was named (a factor of classes is not).
  if (is.matrix(value) || is.data.frame(value)) {
    padded <- value[index, , drop = FALSE]
    rownames(padded) <- row_names
  } else {
    padded <- value[index]
    if (!is.null(names(value))) names(padded) <- row_names
  }
  padded
}

# The rows of new inputs that can be predicted: those with no missing value.
# Their predictions are computed, the others' are NA.
complete_rows <- function(x) {
  stats::complete.cases(x)
}
