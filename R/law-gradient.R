# The gradient of a law with respect to its constants, on data: for the
# standard errors (R/answer-uncertainty.R) and for the folds whose rows alone
# determine a constant (R/refine-cross-validation.R).

# The law's outputs before their output function (the logits of a logistic
# or softmax output) and their derivatives with respect to the law's
# constants, on the rows of the design matrix `x`: one list(value, gradient)
# per output, `gradient` an nrow(x) x k matrix.
law_gradients <- function(law, x) {
  columns <- as.list(as.data.frame(x, check.names = FALSE))
  lapply(seq_along(law$calls), function(c) {
    constants <- law$constants[[c]]
    names <- sprintf(".b%d", seq_along(constants))
    code <- vocabulary_r(symbolic_call(law$calls[[c]], names))
    env <- list2env(c(columns, as.list(stats::setNames(constants, names))), parent = baseenv())
    gradient <- analytic_gradient(code, names, env)
    if (is.null(gradient)) gradient <- numeric_gradient(code, names, env)
    gradient$value <- rep_len(gradient$value, nrow(x))
    gradient$gradient <- matrix(gradient$gradient, nrow(x), length(constants), byrow = nrow(gradient$gradient) == 1)
    gradient
  })
}

# Exact derivatives by stats::deriv(); NULL for a call it cannot
# differentiate (pmax, the max of relu).
analytic_gradient <- function(code, names, env) {
  if (length(names) == 0) return(list(value = eval(code, env), gradient = matrix(0, 1, 0)))
  derivative <- tryCatch(stats::deriv(code, names), error = function(e) NULL)
  if (is.null(derivative)) return(NULL)
  value <- eval(derivative, env)
  list(value = as.vector(value), gradient = attr(value, "gradient"))
}

# Central differences, each constant stepped by about the cube root of the
# machine precision relative to its size (the step that balances truncation
# against rounding error).
numeric_gradient <- function(code, names, env) {
  value <- eval(code, env)
  gradient <- vapply(names, function(name) {
    b <- get(name, envir = env)
    h <- .Machine$double.eps^(1 / 3) * max(abs(b), 1)
    assign(name, b + h, envir = env)
    up <- eval(code, env)
    assign(name, b - h, envir = env)
    down <- eval(code, env)
    assign(name, b, envir = env)
    rep_len((up - down) / (2 * h), length(value))
  }, numeric(length(value)))
  list(value = value, gradient = matrix(gradient, length(value), length(names)))
}
