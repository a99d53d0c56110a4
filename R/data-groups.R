# Groups of rows that belong together (the trials of one participant, the
# measurements of one tree): the cross-validated selection holds each group
# out whole, so that no group sits in the training and the held-out folds at
# once (see cv_folds()). Given as `groups =` to fit(), fit_xy() and refit().

abort_groups <- function(problem, call, .envir = parent.frame()) {
  abort_invalid("groups", problem, call = call, .envir = .envir,
                class = c("dartsr_error_invalid_groups", "dartsr_error_invalid_argument"))
}

# A vector (or factor) with one value per row of the data.
check_groups_length <- function(groups, n, call) {
  if (is.null(groups)) return(NULL)
  if (!is.atomic(groups) || NCOL(groups) != 1) {
    abort_groups("must be a vector or factor with one value per row, not {what}.", call,
                 .envir = list2env(list(what = describe(groups))))
  }
  if (length(groups) != n) {
    abort_groups("must have one value per row of the data ({n}), not {length(groups)}.", call,
                 .envir = list2env(list(n = n, groups = groups)))
  }
  as.vector(groups)
}

# The groups of the fitted rows (after na.action): no NA, since a row without
# a group cannot be placed in a fold, and at least two groups, one to hold
# out and one to fit on.
check_groups <- function(groups, call) {
  if (is.null(groups)) return(NULL)
  if (anyNA(groups)) {
    abort_groups("can't be NA: {sum(is.na(groups))} row{?s} ha{?s/ve} no group.", call,
                 .envir = list2env(list(groups = groups)))
  }
  n_groups <- length(unique(groups))
  if (n_groups < 2) {
    abort_groups("must have at least 2 groups, one to hold out and one to fit on, not {n_groups}.",
                 call, .envir = list2env(list(n_groups = n_groups)))
  }
  groups
}

# The groups of a formula fit, evaluated in the data as the weights are.
groups_in <- function(groups, data, call = rlang::caller_env()) {
  evaluated_in_data(groups, data, "groups", call)
}
