# Complexity and shape of a simplified equation (see R/law-rules.R): what the
# front charges an equation, and the key by which graphs that write the same
# equation are fitted once (see model_law()).


# ---- Complexity --------------------------------------------------------------

# The complexity of a (simplified) equation: the number of operations plus
# the number of free numeric constants.
# * Operations: every call of `+`, binary `-`, `*`, `/`, `^`, exp, log, sin,
#   cos, tanh, logistic, relu, softplus, softminus (and of any other
#   function). Unary minus and parentheses count 0.
# * Constants: every numeric literal, except structure: the 1 (or -1) over a
#   quotient (`1 / u`), the constant 1 of a sum scaled to it as a factor or
#   denominator (`A / (0.1 * D + 1)`), a whole-number exponent (the 2 of a
#   square), a softplus or softminus `beta` of exactly 1, and a coefficient
#   of 1 or -1: `-1 * x` reads `-x` and counts 0 operations, 0 constants.
# With `digits`, a coefficient that prints as 1 or -1 at those significant
# digits counts as 1 or -1, as format_equation_call() leaves it out.
# Examples: `2 * x1 + exp(5 * x2)` is 4 + 2 = 6, `20 * x + 10` 4, `0.5` 1,
# `logistic(6 * x - 3)` 5, `0.93 * x^0.8` 4, `x` 0.
call_complexity <- function(e, digits = NULL) {
  as.integer(complexity_of(negative_literals(e), digits))
}

# Calls typed by hand write -2 as the call `-`(2); the simplifier's output
# has the literal -2. Printing and counting treat both alike.
negative_literals <- function(e) {
  if (!is.call(e)) return(e)
  if (length(e) == 2 && identical(e[[1]], as.name("-")) && is.numeric(e[[2]])) return(-e[[2]])
  for (i in seq_along(e)[-1]) e[[i]] <- negative_literals(e[[i]])
  e
}

complexity_of <- function(e, digits) {
  if (is.numeric(e)) return(1)
  name <- call_name(e)
  if (name == "") return(0)
  n <- length(e)
  if (name == "(" || (name == "-" && n == 2)) return(complexity_of(e[[2]], digits))
  if (name == "^" && n == 3 && is_whole_exponent(e[[3]])) return(1 + complexity_of(e[[2]], digits))
  if (name == "*" && n == 3 && is_unit_coefficient(e[[2]], digits)) {
    return(complexity_of(e[[3]], digits))
  }
  if (name == "/" && n == 3 && is_unit_coefficient(e[[2]], digits)) {
    # 1 / x^2 is x^-2, as a sum prints it: one operation, as x^2 is.
    if (is_whole_power(e[[3]])) return(complexity_of(e[[3]], digits))
    return(1 + complexity_of(e[[3]], digits))
  }
  if ((name == "softplus" || name == "softminus") && n == 3) {
    beta <- e[[3]]
    beta_cost <- if (is.numeric(beta) && beta == 1) 0 else complexity_of(beta, digits)
    return(1 + complexity_of(e[[2]], digits) + beta_cost)
  }
  total <- 1
  for (i in seq_along(e)[-1]) {
    total <- total + complexity_of(e[[i]], digits)
    if (has_factor_arguments(name) && is_unit_offset_sum(e[[i]])) total <- total - 1
  }
  total
}

# A sum whose constant term is exactly 1, as a factor of a product, a
# denominator or a base: a sum scaled to it (with_unit_denominators()),
# whose 1 is structure, not a constant.
is_unit_offset_sum <- function(e) {
  while (call_name(e) == "(") e <- e[[2]]
  name <- call_name(e)
  (name == "+" || name == "-") && length(e) == 3 && identical(e[[3]], 1)
}

# Whether a call's arguments are factors (of a product, a quotient, a power).
# (Comparisons, not %in%: the complexity and the shape ask it of every call.)
has_factor_arguments <- function(name) {
  name == "*" || name == "/" || name == "^"
}

# A power with a whole exponent, u^k.
is_whole_power <- function(e) {
  while (call_name(e) == "(") e <- e[[2]]
  call_name(e) == "^" && length(e) == 3 && is_whole_exponent(e[[3]])
}

# The exponent of a square (or cube ...): a whole number, structure.
is_whole_exponent <- function(p) {
  is.numeric(p) && is_whole(p)
}

is_unit_coefficient <- function(x, digits) {
  if (!is.numeric(x)) return(FALSE)
  if (abs(x) == 1) return(TRUE)
  !is.null(digits) && console_number(abs(x), digits) == "1"
}


# ---- Shape ------------------------------------------------------------------

# A key for "the same equation up to coefficient values": the simplified call
# with every free constant (softplus beta included, as it is fitted) replaced
# by `.c`, negative numbers written as literals first (negative_literals());
# model_law() deparses it to one string. Signs of constants do not count: `x - 2 * y`
# and `x + 3 * y` have the same shape `x + .c * y`. Structure stays: the 1 of
# `1 / u` and of a denominator scaled to it, a whole-number exponent (`u^2`)
# and a sign carried by no number (`-x`).
shape_of <- function(e) {
  if (is.numeric(e)) return(quote(.c))
  name <- call_name(e)
  if (name == "") return(e)
  n <- length(e)
  if (name == "(") return(shape_of(e[[2]]))
  if (name == "^" && n == 3 && is_whole_exponent(e[[3]])) return(call("^", shape_of(e[[2]]), e[[3]]))
  if (name == "-" && n == 2 && carries_constant(e[[2]])) return(shape_of(e[[2]]))
  if (name == "-" && n == 3 && carries_constant(e[[3]])) {
    return(call("+", shape_of(e[[2]]), shape_of(e[[3]])))
  }
  if (name == "/" && n == 3 && is.numeric(e[[2]]) && e[[2]] == 1) {
    return(call("/", 1, shape_of(e[[3]])))
  }
  for (i in seq_along(e)[-1]) {
    e[[i]] <- if (has_factor_arguments(name) && is_unit_offset_sum(e[[i]])) {
      unit_offset_sum_of(e[[i]], shape_of)
    } else {
      shape_of(e[[i]])
    }
  }
  e
}

# A sum with a structural constant 1 (see is_unit_offset_sum()) with `f`
# applied to its other terms.
unit_offset_sum_of <- function(e, f) {
  while (call_name(e) == "(") e <- e[[2]]
  call(as.character(e[[1]]), f(e[[2]]), 1)
}

# Whether a term's sign sits in a free constant (a number, `c * v`, `c / v`).
carries_constant <- function(e) {
  if (is.numeric(e)) return(TRUE)
  name <- call_name(e)
  (name == "*" || name == "/") && length(e) == 3 && is.numeric(e[[2]]) && e[[2]] != 1
}
