# The printer: a simplified equation (see R/law-rules.R) as console text or
# LaTeX, with the digits shown and the parentheses its precedence needs.

# Precedence levels of printed expressions: a sub-expression is put in
# parentheses when its level is below what its place needs.
PREC_SUM <- 1
PREC_NEG <- 2
PREC_PRODUCT <- 3
PREC_POWER <- 4
PREC_ATOM <- 5

# The equation as one line of text. Console: R-like with `ln` for log,
# coefficients at `digits` significant digits, a coefficient that prints as
# 1 left out. LaTeX: `2 x_{1} + e^{5 x_{2}}`. (Named apart from the
# format_call() of methods.R, which deparses the fit's call.)
format_equation_call <- function(e, format = c("console", "latex"), digits = 3) {
  format <- match.arg(format)
  printer <- if (format == "console") console_printer(digits) else latex_printer(digits)
  print_expression(positive_first(negative_literals(e)), printer)$text
}

# Every sum that leads with a negative term and has a positive one, written
# from its first positive term: `1 - 0.7 * exp(-0.4 * t)` (a learning curve
# as it is written), `logistic(4 - 2 * x)`, not `-0.7 * exp(-0.4 * t) + 1`.
# Only the printed order changes: the simplifier's canonical order, which
# the shape and the complexity of a law read, stays.
positive_first <- function(e) {
  if (!is.call(e)) return(e)
  # (the printer sets its own parentheses)
  if (call_name(e) == "(") return(positive_first(without_parentheses(e)))
  if (is_even_power_of_sum(e)) e[[2]] <- sum_with_positive_lead(without_parentheses(e[[2]]))
  if (!is_sum_chain(e)) {
    for (i in seq_along(e)[-1]) e[[i]] <- positive_first(e[[i]])
    return(e)
  }
  terms <- lapply(signed_terms(e), positive_first)
  negative <- vapply(terms, function(t) !is.null(negated_term(t)), logical(1))
  if (!negative[1] || all(negative)) return(rebuilt_sum(terms))
  first <- which(!negative)[1]
  rebuilt_sum(terms[c(first, seq_along(terms)[-first])])
}

is_sum_chain <- function(e) call_name(e) %in% c("+", "-") && length(e) == 3

# An even power of a sum is the power of the sum negated: a square reads
# `(x - 1)^2`, not `(1 - x)^2`, however the simplifier signed its base.
is_even_power_of_sum <- function(e) {
  call_name(e) == "^" && length(e) == 3 && is.numeric(e[[3]]) && is_even(e[[3]]) &&
    is_sum_chain(without_parentheses(e[[2]]))
}

sum_with_positive_lead <- function(e) {
  terms <- signed_terms(e)
  if (is.null(negated_term(terms[[1]]))) return(e)
  rebuilt_sum(lapply(terms, negative_term))
}

# The terms of a chain of binary `+` and `-`, in order, each with its sign
# folded in (a subtracted `2 * x` is `-2 * x`).
signed_terms <- function(e) {
  if (!is_sum_chain(e)) return(list(e))
  right <- e[[3]]
  if (call_name(e) == "-") right <- negative_term(right)
  c(signed_terms(e[[2]]), list(right))
}

# -e, with the sign on a number or a numeric coefficient where there is one.
negative_term <- function(e) {
  positive <- negated_term(e)
  if (!is.null(positive)) return(positive)
  if (is.numeric(e)) return(-e)
  if (call_name(e) %in% c("*", "/") && length(e) == 3 && is.numeric(e[[2]])) {
    e[[2]] <- -e[[2]]
    return(e)
  }
  call("-", e)
}

# Signed terms as one chain: a negative term after the first is subtracted.
rebuilt_sum <- function(terms) {
  acc <- terms[[1]]
  for (t in terms[-1]) {
    positive <- negated_term(t)
    acc <- if (is.null(positive)) call("+", acc, t) else call("-", acc, positive)
  }
  acc
}

# Whether two terms of a law print the same apart from their coefficients,
# at `digits`: `-20700 * exp(-0.0141 * x) + 20700 * exp(-0.0141 * x)` from
# rates that differ in the fifth digit. The simplifier merges terms that are
# equal, so such a pair differs below the digits shown -- a difference
# quotient the polish built out of two large, cancelling terms -- and the
# printed law is not the model: read as printed, the pair is 0.
printed_terms_coincide <- function(law, digits = 3) {
  for (e in law$calls) {
    factors <- Filter(Negate(is.null), as_terms(e)$factors)
    if (length(factors) < 2) next
    printed <- vapply(factors, format_equation_call, character(1), digits = digits)
    if (anyDuplicated(printed) > 0) return(TRUE)
  }
  FALSE
}

wrap_parens <- function(text) paste0("(", text, ")")

# Printed text with its precedence level.
printed <- function(text, prec) list(text = text, prec = prec)

# The parts of a printer that differ between console and LaTeX; the walk
# over the expression (print_expression) is shared.
console_printer <- function(digits) {
  list(
    number = function(v) console_number(v, digits),
    symbol = console_symbol,
    wrap = wrap_parens,
    times = function(a, b) paste(a, "*", b),
    divide = function(top, bottom, numeric_top) {
      top_text <- if (numeric_top) top$text else wrap_below(top, PREC_NEG, list(wrap = wrap_parens))
      bottom_text <- if (bottom$prec <= PREC_PRODUCT) wrap_parens(bottom$text) else bottom$text
      # A negative numerator leads with a minus: after `a -` it needs parentheses.
      printed(paste(top_text, "/", bottom_text), if (top$prec == PREC_NEG) PREC_NEG else PREC_PRODUCT)
    },
    power = function(base, exponent) paste0(base, "^", exponent),
    wrap_exponent = TRUE,
    exp = function(u) printed(paste0("exp(", u, ")"), PREC_ATOM),
    fun = function(name, args) {
      label <- VOCABULARY[[name]]$console %||% name
      paste0(label, "(", paste(args, collapse = ", "), ")")
    },
    beta = function(u, beta) paste0(u, ", beta = ", beta)
  )
}

latex_printer <- function(digits) {
  list(
    number = function(v) latex_coefficient(v, digits),
    symbol = latex_symbol,
    wrap = function(text) paste0("\\left(", text, "\\right)"),
    times = function(a, b) paste0(a, if (grepl("^[-0-9.]", b)) " \\cdot " else " ", b),
    divide = function(top, bottom, numeric_top) {
      printed(paste0("\\frac{", top$text, "}{", bottom$text, "}"), PREC_ATOM)
    },
    power = function(base, exponent) paste0(base, "^{", exponent, "}"),
    wrap_exponent = FALSE,
    # e^{u} takes a superscript of its own: as a base it needs parentheses.
    exp = function(u) printed(paste0("e^{", u, "}"), PREC_POWER),
    fun = function(name, args) {
      label <- VOCABULARY[[name]]$latex %||% paste0("\\operatorname{", latex_escape(name), "}")
      paste0(label, "\\left(", paste(args, collapse = ", "), "\\right)")
    },
    beta = NULL
  )
}

print_expression <- function(e, printer) {
  if (is.numeric(e)) {
    return(printed(printer$number(e), if (e < 0) PREC_NEG else PREC_ATOM))
  }
  if (is.name(e)) return(printed(printer$symbol(as.character(e)), PREC_ATOM))
  name <- call_name(e)
  n <- length(e)
  if (name == "(") return(print_expression(e[[2]], printer))
  if (n == 3 && name %in% c("+", "-")) return(print_sum(e, name, printer))
  if (n == 2 && name == "-") return(print_negation(print_expression(e[[2]], printer), printer))
  if (n == 3 && name == "*") return(print_product(e[[2]], e[[3]], printer))
  if (n == 3 && name == "/") return(print_quotient(e[[2]], e[[3]], printer))
  if (n == 3 && name == "^") return(print_power(e[[2]], e[[3]], printer))
  if (n == 2 && name == "exp") return(printer$exp(print_expression(e[[2]], printer)$text))
  print_function(e, name, printer)
}

wrap_below <- function(p, prec, printer) {
  if (p$prec < prec) printer$wrap(p$text) else p$text
}

# a + b and a - b; a term that is negative (a negative number or
# coefficient, a unary minus) is written after `-`, never as `+ -`.
print_sum <- function(e, name, printer) {
  left <- print_expression(e[[2]], printer)
  right_call <- e[[3]]
  operator <- name
  if (name == "+") {
    positive <- negated_term(right_call)
    if (!is.null(positive)) {
      right_call <- positive
      operator <- "-"
    }
  }
  right <- print_expression(right_call, printer)
  # After `+` a sum reads as it is (an edge's `a * x + b` among a node's
  # terms), unless it leads with a minus.
  needed <- if (operator == "-") PREC_PRODUCT else if (startsWith(right$text, "-")) PREC_NEG else PREC_SUM
  printed(paste(left$text, operator, wrap_below(right, needed, printer)), PREC_SUM)
}

# The positive counterpart of a term that prints with a leading minus,
# NULL when the term does not.
negated_term <- function(e) {
  if (is.numeric(e)) return(if (e < 0) -e)
  name <- call_name(e)
  if (name == "-" && length(e) == 2) return(e[[2]])
  if (name %in% c("*", "/") && length(e) == 3 && is.numeric(e[[2]]) && e[[2]] < 0) {
    e[[2]] <- -e[[2]]
    return(e)
  }
  NULL
}

print_negation <- function(inner, printer) {
  printed(paste0("-", wrap_below(inner, PREC_PRODUCT, printer)), PREC_NEG)
}

# c * v with a coefficient that prints as 1 left out and -1 as a leading
# minus.
print_product <- function(a, b, printer) {
  right <- print_expression(b, printer)
  if (is.numeric(a)) {
    coefficient <- printer$number(a)
    if (coefficient == "1") return(right)
    if (coefficient == "-1") return(print_negation(right, printer))
    text <- printer$times(coefficient, wrap_below(right, PREC_PRODUCT, printer))
    return(printed(text, if (a < 0) PREC_NEG else PREC_PRODUCT))
  }
  left <- print_expression(a, printer)
  text <- printer$times(wrap_below(left, PREC_PRODUCT, printer), wrap_below(right, PREC_PRODUCT, printer))
  printed(text, PREC_PRODUCT)
}

# a / b; console: parentheses around a numerator below a product and a
# denominator up to a product (`x / (y * z)`); LaTeX: \frac, which needs none.
print_quotient <- function(a, b, printer) {
  top <- print_expression(a, printer)
  bottom <- print_expression(b, printer)
  printer$divide(top, bottom, is.numeric(a))
}

print_power <- function(base, exponent, printer) {
  b <- print_expression(base, printer)
  x <- print_expression(exponent, printer)
  # An exponent that is not whole is not printed as one: x^-1.9993, not
  # x^-2 (which, unlike it, has a power of a negative x).
  shown <- suppressWarnings(as.numeric(x$text))
  if (is.numeric(exponent) && !is_whole(exponent) && is_whole(shown)) {
    x$text <- format(exponent, digits = 7)
  }
  exponent_text <- if (printer$wrap_exponent && !is.numeric(exponent)) {
    wrap_below(x, PREC_ATOM, printer)
  } else {
    x$text
  }
  printed(printer$power(wrap_below(b, PREC_ATOM, printer), exponent_text), PREC_POWER)
}

# A function call; softplus and softminus show beta unless it is exactly 1
# (console: `softplus(u, beta = 2)`; LaTeX: `\operatorname{softplus}_{2}`).
print_function <- function(e, name, printer) {
  args <- lapply(as.list(e)[-1], function(a) print_expression(a, printer)$text)
  labels <- names(args)
  if (name %in% c("softplus", "softminus") && length(args) == 2) {
    beta <- e[[3]]
    show_beta <- !(is.numeric(beta) && beta == 1)
    if (is.null(printer$beta)) {
      subscript <- if (show_beta) paste0("_{", args[[2]], "}") else ""
      text <- paste0("\\operatorname{", name, "}", subscript, "\\left(", args[[1]], "\\right)")
      return(printed(text, PREC_ATOM))
    }
    args <- if (show_beta) list(printer$beta(args[[1]], args[[2]])) else args[1]
    labels <- NULL
  }
  if (!is.null(labels)) {
    args <- ifelse(labels == "", unlist(args), paste(labels, "=", unlist(args)))
  }
  printed(printer$fun(name, unlist(args)), PREC_ATOM)
}

# A number at `digits` significant digits, as R prints it.
console_number <- function(v, digits) {
  format(signif(v, digits), digits = digits)
}

# A symbol as R code: in backticks when it is not a syntactic name, so that
# `log(dose)` does not read as a call.
console_symbol <- function(name) {
  if (make.names(name) == name) return(name)
  paste0("`", gsub("`", "\\\\`", name), "`")
}

# A number for LaTeX: scientific notation as `1.2 \cdot 10^{-5}`.
latex_coefficient <- function(v, digits) {
  text <- console_number(v, digits)
  if (!is.finite(v)) {
    return(if (is.na(v)) "\\mathrm{NaN}" else if (v > 0) "\\infty" else "-\\infty")
  }
  parts <- regmatches(text, regexec("^(-?)([0-9.]+)e([-+])0*([0-9]+)$", text))[[1]]
  if (length(parts) == 0) return(text)
  power <- paste0("10^{", if (parts[4] == "-") "-", parts[5], "}")
  if (parts[3] == "1") return(paste0(parts[2], power))
  paste0(parts[2], parts[3], " \\cdot ", power)
}

# A variable name for LaTeX: single letters as they are, a stem and digits
# as a subscript (`x1` -> `x_{1}`, `dose2` -> `\mathrm{dose}_{2}`), any other
# name upright with LaTeX's special characters escaped.
latex_symbol <- function(name) {
  if (grepl("^[A-Za-z]$", name)) return(name)
  parts <- regmatches(name, regexec("^([A-Za-z]+)([0-9]+)$", name))[[1]]
  if (length(parts) == 3) {
    stem <- if (nchar(parts[2]) == 1) parts[2] else paste0("\\mathrm{", parts[2], "}")
    return(paste0(stem, "_{", parts[3], "}"))
  }
  paste0("\\mathrm{", latex_escape(name), "}")
}

# Characters with a meaning in LaTeX, replaced one by one (a single pass, so
# that the braces of a replacement are not escaped again).
latex_escape <- function(text) {
  special <- c("\\", "{", "}", "_", "#", "$", "%", "&", "^", "~", " ")
  escaped <- c("\\backslash{}", "\\{", "\\}", "\\_", "\\#", "\\$", "\\%", "\\&",
               "\\wedge{}", "\\sim{}", "\\ ")
  chars <- strsplit(text, "", fixed = TRUE)[[1]]
  hit <- match(chars, special)
  chars[!is.na(hit)] <- escaped[hit[!is.na(hit)]]
  paste(chars, collapse = "")
}

wrap_output_function <- function(rhs, output_type, format) {
  fun <- output_function_name(output_type)
  if (is.null(fun)) return(rhs)
  if (format == "console") return(paste0(fun, "(", rhs, ")"))
  latex <- c(logistic = "\\sigma", softmax = "\\operatorname{softmax}")[[fun]]
  paste0(latex, "\\left(", rhs, "\\right)")
}

# A variable's name as it appears in an equation. Console: the name itself,
# in backticks when it is not syntactic (`log(dose)`), so that the equation
# stays unambiguous. LaTeX: `x1` becomes `x_{1}`, `dose2` `\mathrm{dose}_{2}`,
# a single letter stays, and anything else is set upright with its special
# characters escaped.
variable_label <- function(names, format) {
  label <- if (format == "console") console_symbol else latex_symbol
  vapply(names, label, character(1), USE.NAMES = FALSE)
}

# The left-hand side of each output's equation: the output's name, or for a
# choice the probability it is, `P(y = "versicolor")` (`P(k)` for counts
# of successes k).
output_lhs <- function(fit, format) {
  labels <- variable_label(fit$output_names, format)
  if (!is_choice(fit)) return(labels)
  if (is.null(fit$levels)) return(sprintf("P(%s)", labels))
  events <- if (length(fit$levels) == 2) fit$levels[2] else fit$levels
  name <- variable_label(fit$response_name, format)
  if (format == "console") return(sprintf("P(%s = \"%s\")", name, events))
  sprintf("P(%s = \\text{%s})", name, latex_escape(events))
}

# The output function of an output type by name, NULL for the identity.
output_function_name <- function(output_type) {
  switch(output_type,
    real = NULL,
    probability_distribution = "softmax",
    "logistic"
  )
}
