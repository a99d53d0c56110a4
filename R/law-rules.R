# Exact simplification of inlined equation calls.
#
# A fitted graph, with its hidden nodes inlined, is one R call in a small
# vocabulary: numbers, input symbols, `+`, `-`, `*`, `/`, `^`, exp, log, sin,
# cos, tanh, logistic, relu, softplus(u, beta) and softminus(u, beta). Written
# out as the graph computes it, it hides the equation behind affine wrappers
# (`2 * (x1 + exp(5 * x2 - 0.693))`). The functions here rewrite such calls
# into one plain formula that is mathematically equal wherever the original
# is real (`2 * x1 + exp(5 * x2)`), and the other law files print it
# (R/law-print.R), count its complexity and give it a coefficient-free key
# (R/law-complexity.R) and turn it into base-R code (R/law-r-code.R).
#
# Inside the simplifier a sum is a list of terms `coef * factor`: `coef` a
# double, `factor` a call or symbol free of numeric coefficients (NULL for the
# constant term). A factor is itself a product of bases raised to numeric
# powers, kept in one canonical form (bases sorted, `1 / u` for a power of -1)
# so that like terms can be found with identical().


# ---- Simplifier ------------------------------------------------------------

# The equation in simplest exact form. Rules apply bottom-up, one pass at a
# time, until a pass changes nothing (at most `max_passes`: every rule makes
# the call smaller or more canonical, the cap only guards against a cycle).
# `memo`, an environment from simplify_memo() or NULL, remembers each
# sub-call's pass (see remembered_pass()).
simplify_call <- function(e, max_passes = 20L, memo = NULL) {
  for (pass in seq_len(max_passes)) {
    simplified <- simplify_pass(e, memo = memo)
    if (identical(simplified, e)) break
    e <- simplified
  }
  e
}

# One bottom-up pass: arguments first, so that every node rule sees
# arguments that are already simplified. A cluster of `+`, `-`, `*`, `/` is
# put in canonical form once, at its top node (`in_sum` marks the nodes
# below it): canonicalising every inner node too would re-sort the same terms
# once per node.
simplify_pass <- function(e, in_sum = FALSE, memo = NULL) {
  if (is.numeric(e)) return(as.double(e))
  name <- call_name(e)
  if (name == "") return(e)
  if (!is.null(memo)) return(remembered_pass(e, name, in_sum, memo))
  pass_of_call(e, name, in_sum, memo)
}

pass_of_call <- function(e, name, in_sum, memo) {
  if (name == "(") return(simplify_pass(e[[2]], in_sum, memo))
  linear <- is_linear_operator(name)
  for (i in seq_along(e)[-1]) e[[i]] <- simplify_pass(e[[i]], linear, memo)
  if (linear && in_sum) return(e)
  simplify_node(name, e)
}

# A memo of passes, for simplifying many related calls: the screening
# simplifies one law per graph, and graphs that share edges share most
# sub-calls (a pass also meets its own output again, to confirm that nothing
# changes), so four passes in five were repeats. One per screening, never
# shared between fits.
simplify_memo <- function() {
  memo <- new.env(hash = TRUE, parent = emptyenv())
  memo$.size <- 0L
  memo
}

# At most this many passes are remembered; then the memo starts afresh. The
# rich fit's screening has about 500 distinct sub-calls; a 16-node graph on
# 10 inputs has tens of thousands, and remembering them all held 15 MB.
SIMPLIFY_MEMO_MAX <- 2000L

# The pass of `e` from the memo when it has seen exactly this call (a key
# match is checked with identical(), bit for bit), or worked out and
# remembered: a pass is a function of the call and `in_sum` alone.
remembered_pass <- function(e, name, in_sum, memo) {
  key <- expression_key(e, in_sum)
  seen <- memo[[key]]
  if (!is.null(seen) && identical(seen$call, e, num.eq = FALSE)) return(seen$pass)
  pass <- pass_of_call(e, name, in_sum, memo)
  if (memo$.size >= SIMPLIFY_MEMO_MAX) {
    rm(list = ls(memo), envir = memo)
    memo$.size <- 0L
  }
  assign(key, list(call = e, pass = pass), envir = memo)
  memo$.size <- memo$.size + 1L
  pass
}

is_linear_operator <- function(name) {
  switch(name, "+" = , "-" = , "*" = , "/" = TRUE, FALSE)
}

# The rule of one node whose arguments are simplified.
simplify_node <- function(name, e) {
  if (all_numeric_arguments(e)) {
    value <- fold_constant(name, as.list(e)[-1])
    if (!is.null(value)) return(value)
  }
  n_args <- length(e) - 1
  switch(name,
    "+" = , "-" = , "*" = , "/" = canonical_form(e),
    "^" = if (n_args == 2) simplify_power(e[[2]], e[[3]]) else e,
    exp = if (n_args == 1) simplify_exp(e[[2]]) else e,
    log = if (n_args == 1) simplify_log(e[[2]]) else e,
    sin = , cos = , tanh = if (n_args == 1) simplify_symmetric(name, e[[2]]) else e,
    e
  )
}

all_numeric_arguments <- function(e) {
  if (length(e) < 2) return(FALSE)
  for (i in 2:length(e)) if (!is.numeric(e[[i]])) return(FALSE)
  TRUE
}

# The name of the function a call calls, "" for anything else (numbers,
# symbols, calls of calls), so that dispatch is a string comparison.
call_name <- function(e) {
  if (is.call(e) && is.name(e[[1]])) as.character(e[[1]]) else ""
}

# The value of a vocabulary function of numbers, by its mathematical
# definition (R/spec-primitives.R, VOCABULARY); NULL (leave the call) outside the
# real domain or on overflow, so that folding never turns a call into NaN or
# Inf.
fold_constant <- function(name, args) {
  u <- args[[1]]
  n <- length(args)
  v <- if (n == 2) args[[2]]
  value <- switch(name,
    "+" = if (n == 2) u + v else if (n == 1) u,
    "-" = if (n == 2) u - v else if (n == 1) -u,
    "*" = if (n == 2) u * v,
    "/" = if (n == 2 && v != 0) u / v,
    "^" = if (n == 2 && (u > 0 || is_whole(v))) u^v,
    {
      fun <- VOCABULARY[[name]]
      if (!is.null(fun) && n == length(formals(fun$value))) do.call(fun$value, args)
    }
  )
  if (length(value) != 1 || !is.finite(value)) return(NULL)
  value
}

# log(1 + exp(beta * u)) / beta without the overflow of exp() for large
# beta * u: the same number, written max(z, 0) + log1p(exp(-|z|)).
softplus_value <- function(u, beta) {
  z <- beta * u
  (max(z, 0) + log1p(exp(-abs(z)))) / beta
}

is_whole <- function(p) is.finite(p) && p == round(p)

is_even <- function(p) is_whole(p) && p %% 2 == 0

# A sum, difference, product or quotient in canonical form: flattened into
# terms, like terms combined, written back as one sum.
canonical_form <- function(e) {
  build_sum(combine_terms(as_terms(e)))
}

# ---- Terms: a sum as coef * factor ----------------------------------------

# Terms are two parallel parts, `coefs` (doubles) and `factors` (a list, NULL
# for a number), so that scaling is one vector product.
new_terms <- function(coef, factor) list(coefs = coef, factors = list(factor))

append_terms <- function(a, b) {
  list(coefs = c(a$coefs, b$coefs), factors = c(a$factors, b$factors))
}

scale_terms <- function(terms, k) {
  terms$coefs <- terms$coefs * k
  terms
}

# The terms of a simplified call. Numeric constants multiply out over sums
# and fold into coefficients; a product of non-numeric parts becomes one
# factor; anything else is a factor of its own with coefficient 1.
as_terms <- function(e) {
  if (is.numeric(e)) return(new_terms(e, NULL))
  name <- call_name(e)
  n <- length(e)
  if (n == 3) {
    switch(name,
      "+" = return(append_terms(as_terms(e[[2]]), as_terms(e[[3]]))),
      "-" = return(append_terms(as_terms(e[[2]]), scale_terms(as_terms(e[[3]]), -1))),
      "*" = return(multiply_terms(as_terms(e[[2]]), as_terms(e[[3]]))),
      "/" = return(divide_terms(as_terms(e[[2]]), as_terms(e[[3]]), e)),
      "^" = if (is.numeric(e[[3]])) return(new_terms(1, build_factor(list(e[[2]]), e[[3]])))
    )
  } else if (n == 2) {
    switch(name,
      "-" = return(scale_terms(as_terms(e[[2]]), -1)),
      "+" = , "(" = return(as_terms(e[[2]]))
    )
  }
  new_terms(1, e)
}

is_constant_terms <- function(terms) {
  length(terms$coefs) == 1 && is.null(terms$factors[[1]])
}

# Terms as one term (terms of length 1): a sum of several becomes a factor,
# because only numeric constants multiply out over sums. The sum is made
# monic, its leading coefficient taken out as the term's (2 * x + 1 is
# 2 * (x + 0.5)), so that a product or quotient of sums carries its
# constants in one place: w * A / (a * D + b) is c * A / (D + d).
as_single_term <- function(terms) {
  if (length(terms$coefs) == 1) return(terms)
  form <- combine_terms(terms)
  if (length(form$factors) == 0) return(new_terms(form$constant, NULL))
  if (length(form$factors) == 1 && form$constant == 0) {
    return(new_terms(form$coefs, form$factors[[1]]))
  }
  monic <- monic_sum(form)
  new_terms(monic$scale, build_sum(monic$form))
}

# A linear form as scale * form' with form''s leading coefficient 1 (the
# first term in canonical order); with `positive`, the scale is the leading
# coefficient's size, so that it can be raised to any power.
monic_sum <- function(form, positive = FALSE) {
  scale <- form$coefs[[1]]
  if (positive) scale <- abs(scale)
  form$coefs <- form$coefs / scale
  form$coefs[[1]] <- form$coefs[[1]] / abs(form$coefs[[1]])
  form$constant <- form$constant / scale
  list(scale = scale, form = form)
}

multiply_terms <- function(ta, tb) {
  if (is_constant_terms(ta)) return(scale_terms(tb, ta$coefs))
  if (is_constant_terms(tb)) return(scale_terms(ta, tb$coefs))
  distributed <- exponential_times_sum(ta, tb)
  if (!is.null(distributed)) return(distributed)
  a <- as_single_term(ta)
  b <- as_single_term(tb)
  new_terms(a$coefs * b$coefs, multiply_factors(a$factors[[1]], b$factors[[1]]))
}

# An exponential times a sum of exponentials of like arguments, multiplied
# out: 2 * exp(-0.5 * x^2) * (exp(-1.5 * x^2) - 0.5) is 2 * exp(-2 * x^2) -
# exp(-0.5 * x^2), a difference of Gaussians as it is written, and a product
# node of an exponential and a node that adds another to a constant writes a sum
# of two exponentials (MGH17's, a Bateman curve) as one. Only where every
# exponent has the same terms (numbers aside), so that each product merges
# into one exponential no longer than its factors (see merge_exponentials());
# exp(-x) * (exp(-t) + 1) stays. NULL where the rule does not apply.
exponential_times_sum <- function(ta, tb) {
  if (length(tb$coefs) == 1) {
    swapped <- ta
    ta <- tb
    tb <- swapped
  }
  if (length(ta$coefs) != 1 || length(tb$coefs) < 2 || !is_exp_call(ta$factors[[1]])) return(NULL)
  exponent_terms <- function(f) combine_terms(as_terms(f[[2]]))$factors
  like <- exponent_terms(ta$factors[[1]])
  for (f in tb$factors) {
    if (is.null(f)) next
    if (!is_exp_call(f) || !identical(exponent_terms(f), like)) return(NULL)
  }
  product <- list(coefs = numeric(), factors = list())
  for (i in seq_along(tb$coefs)) {
    term <- new_terms(ta$coefs * tb$coefs[i], multiply_factors(ta$factors[[1]], tb$factors[[i]]))
    product <- append_terms(product, term)
  }
  product
}

is_exp_call <- function(f) call_name(f) == "exp" && length(f) == 2

# a / b as a times the inverse of b. A divisor whose coefficient has no
# finite inverse (0, or so small that 1 / c overflows) stays as it was. A
# divisor that is a sum with reciprocals of an input is first cleared of
# them (see input_reciprocals_cleared()): c / (1 / x + d) is c * x / (d * x + 1),
# Michaelis-Menten's law as it is written, c / d * x / (x + 1 / d).
divide_terms <- function(ta, tb, original) {
  cleared <- input_reciprocals_cleared(tb)
  if (!is.null(cleared)) {
    ta <- multiply_terms(ta, new_terms(1, cleared$by))
    tb <- cleared$terms
  }
  b <- as_single_term(tb)
  inverse_coef <- 1 / b$coefs
  if (!is.finite(inverse_coef)) return(new_terms(1, original))
  if (is_constant_terms(ta) && is_logistic_call(b$factors[[1]])) {
    return(scale_terms(reciprocal_logistic_terms(b$factors[[1]][[2]]), ta$coefs * inverse_coef))
  }
  multiply_terms(ta, new_terms(inverse_coef, invert_factor(b$factors[[1]])))
}

is_logistic_call <- function(f) call_name(f) == "logistic" && length(f) == 2

# 1 / logistic(u) = 1 + exp(-u): a constant over a logistic is the exponential
# it is, -3 / logistic(0.5 * t) + 6 is 3 - 3 * exp(-0.5 * t). (Not of a
# factor other than a constant: x / logistic(u) would write x twice.)
reciprocal_logistic_terms <- function(u) {
  append_terms(new_terms(1, NULL), as_terms(simplify_exp(call("-", u))))
}

# A sum of two terms or more times the inputs (symbols) whose reciprocals
# are among its terms' factors, with their product as `by`; NULL where no
# term has one. (Equal wherever the sum is real: 1 / x is not real at
# x = 0.) Other negative powers stay: c / (x^-2 + d) is shorter than
# c * x^2 / (x^2 + d), which writes the power twice, and the selection
# counts what the law writes.
input_reciprocals_cleared <- function(terms) {
  if (length(terms$coefs) < 2) return(NULL)
  bases <- list()
  for (f in terms$factors) {
    if (is.null(f)) next
    p <- factor_powers(f)
    for (i in which(p$powers == -1)) {
      if (is.symbol(p$bases[[i]]) && match_call(bases, p$bases[[i]]) == 0) {
        bases[[length(bases) + 1]] <- p$bases[[i]]
      }
    }
  }
  if (length(bases) == 0) return(NULL)
  by <- build_factor(bases, rep(1, length(bases)))
  terms$factors <- lapply(terms$factors, multiply_factors, by)
  list(terms = terms, by = by)
}

# ---- Factors: products of powers -------------------------------------------

# The bases and numeric powers of a canonical factor: x * y^2 / z gives
# bases x, y, z with powers 1, 2, -1. A power with a non-numeric exponent,
# a sum and any function call are bases of their own.
factor_powers <- function(f) {
  name <- call_name(f)
  if (length(f) == 3) {
    if (name == "*") return(join_powers(factor_powers(f[[2]]), factor_powers(f[[3]])))
    if (name == "/") {
      numerator <- if (is.numeric(f[[2]])) list(bases = list(), powers = numeric()) else factor_powers(f[[2]])
      denominator <- factor_powers(f[[3]])
      denominator$powers <- -denominator$powers
      return(join_powers(numerator, denominator))
    }
    if (name == "^" && is.numeric(f[[3]])) return(list(bases = list(f[[2]]), powers = f[[3]]))
  }
  list(bases = list(f), powers = 1)
}

join_powers <- function(a, b) {
  list(bases = c(a$bases, b$bases), powers = c(a$powers, b$powers))
}

# fa * fb with equal bases merged: x^a * x^b = x^(a + b) holds wherever both
# sides are real (a non-integer power already needs x >= 0).
multiply_factors <- function(fa, fb) {
  if (is.null(fa)) return(fb)
  if (is.null(fb)) return(fa)
  p <- join_powers(factor_powers(fa), factor_powers(fb))
  build_factor(p$bases, p$powers)
}

invert_factor <- function(f) {
  if (is.null(f)) return(NULL)
  p <- factor_powers(f)
  build_factor(p$bases, -p$powers)
}

# The canonical call of a product of powers: equal bases merged, bases in a
# deterministic order, negative whole powers under `1 /` (`q1 * q2 / r^2`,
# not `q1 * q2 * r^-2`), NULL for an empty product.
build_factor <- function(bases, powers) {
  merged <- merge_exponentials(merge_bases(bases, powers))
  bases <- merged$bases
  powers <- merged$powers
  if (length(bases) > 1) {
    o <- canonical_order(bases)
    bases <- bases[o]
    powers <- powers[o]
  }
  numerator <- NULL
  denominator <- NULL
  for (i in seq_along(bases)) {
    if (powers[i] < 0 && is_whole(powers[i])) {
      denominator <- product_call(denominator, power_call(bases[[i]], -powers[i]))
    } else {
      numerator <- product_call(numerator, power_call(bases[[i]], powers[i]))
    }
  }
  if (is.null(denominator)) return(numerator)
  call("/", if (is.null(numerator)) 1 else numerator, denominator)
}

merge_bases <- function(bases, powers) {
  if (length(bases) < 2) return(list(bases = bases, powers = powers))
  kept <- list()
  kept_powers <- numeric()
  for (i in seq_along(bases)) {
    j <- match_call(kept, bases[[i]])
    if (j > 0) {
      kept_powers[j] <- kept_powers[j] + powers[i]
    } else {
      kept[[length(kept) + 1]] <- bases[[i]]
      kept_powers <- c(kept_powers, powers[i])
    }
  }
  nonzero <- kept_powers != 0
  list(bases = kept[nonzero], powers = kept_powers[nonzero])
}

# exp(u)^p * exp(v)^q = exp(p * u + q * v): a product of exponentials (of
# two edges of a product node, say) is one exponential of the sum, and so is
# a power of one exponential (a power of a node that is one: a third
# exponential beside two, exp(-5 * x)^0.6 = exp(-3 * x)). Only exponents
# free of constants merge (simplify_exp() has taken theirs out); a product
# whose exponents cancel is 1.
merge_exponentials <- function(merged) {
  is_exp <- vapply(merged$bases, is_exp_call, TRUE)
  if (sum(is_exp) == 0 || (sum(is_exp) == 1 && merged$powers[is_exp] == 1)) return(merged)
  terms <- list(coefs = numeric(), factors = list())
  for (i in which(is_exp)) {
    terms <- append_terms(terms, scale_terms(as_terms(merged$bases[[i]][[2]]), merged$powers[i]))
  }
  form <- combine_terms(terms)
  if (form$constant != 0) return(merged)
  keep <- !is_exp
  bases <- merged$bases[keep]
  powers <- merged$powers[keep]
  if (length(form$factors) > 0) {
    bases <- c(bases, list(call("exp", build_sum(form))))
    powers <- c(powers, 1)
  }
  list(bases = bases, powers = powers)
}

# The position of `e` in a list of calls, 0 when absent.
match_call <- function(calls, e) {
  for (i in seq_along(calls)) if (identical(calls[[i]], e)) return(i)
  0L
}

# A deterministic order for terms and factors: fewer functions and symbols
# first (so `x1` comes before `exp(5 * x2)`), then by their names in code
# point order, independent of the locale. all.names() is cheap; deparse(),
# ten times slower, only breaks ties between calls that differ in numbers.
canonical_order <- function(calls) {
  if (length(calls) == 2) {
    # The common case, without the overhead of order().
    size <- c(length(all.names(calls[[1]])), length(all.names(calls[[2]])))
    if (size[1] != size[2]) return(if (size[1] < size[2]) 1:2 else 2:1)
  }
  names <- lapply(calls, all.names)
  keys <- vapply(names, paste, "", collapse = " ")
  if (anyDuplicated(keys)) {
    numbers <- vapply(calls, function(e) paste(deparse(e, control = NULL), collapse = " "), "")
    return(order(lengths(names), keys, numbers, method = "radix"))
  }
  order(lengths(names), keys, method = "radix")
}

product_call <- function(acc, f) if (is.null(acc)) f else call("*", acc, f)

power_call <- function(base, p) if (p == 1) base else call("^", base, p)

# ---- Sums -----------------------------------------------------------------

# Terms combined into a linear form: like factors (identical()) added,
# zero coefficients dropped, numbers summed into `constant`, opposite
# logarithms merged, factors in canonical order.
combine_terms <- function(terms) {
  constant <- 0
  factors <- list()
  coefs <- numeric()
  for (i in seq_along(terms$coefs)) {
    factor <- terms$factors[[i]]
    if (is.null(factor)) {
      constant <- constant + terms$coefs[i]
      next
    }
    j <- match_call(factors, factor)
    # c * log(v / u) meets a term in log(u / v) as -c of that term
    inverse <- if (j == 0) inverse_log_ratio(factor)
    k <- if (!is.null(inverse)) match_call(factors, inverse) else 0L
    if (k > 0) {
      coefs[k] <- coefs[k] - terms$coefs[i]
    } else if (j > 0) {
      coefs[j] <- coefs[j] + terms$coefs[i]
    } else {
      factors[[length(factors) + 1]] <- factor
      coefs <- c(coefs, terms$coefs[i])
    }
  }
  keep <- coefs != 0 | is.na(coefs)
  form <- merge_log_differences(list(factors = factors[keep], coefs = coefs[keep], constant = constant))
  form <- positive_log_ratios(form)
  form <- rising_logistics(form)
  if (length(form$factors) > 1) {
    o <- canonical_order(form$factors)
    form$factors <- form$factors[o]
    form$coefs <- form$coefs[o]
  }
  form
}

# c * log(u) - c * log(v) = c * log(u / v) for u, v > 0, where both
# logarithms are real. Coefficients must be exactly opposite.
merge_log_differences <- function(form) {
  if (length(form$factors) < 2) return(form)
  is_log <- vapply(form$factors, is_log_call, TRUE)
  if (sum(is_log) < 2) return(form)
  drop <- integer()
  for (i in which(is_log & form$coefs > 0)) {
    partners <- setdiff(which(is_log & form$coefs == -form$coefs[i]), drop)
    if (!length(partners)) next
    j <- partners[1]
    ratio <- canonical_form(call("/", form$factors[[i]][[2]], form$factors[[j]][[2]]))
    form$factors[[i]] <- call("log", ratio)
    drop <- c(drop, j)
  }
  if (length(drop)) {
    form$factors <- form$factors[-drop]
    form$coefs <- form$coefs[-drop]
  }
  form
}

# -c * log(v / u) = c * log(u / v), where both are real: the ln of a ratio is
# written with a positive coefficient, `0.1 * ln(D / W)`, not `-0.1 * ln(W /
# D)`, which the network writes as often; so is a term with one such ln
# among its factors, Nernst's `0.5 * T * ln(c1 / c2)`. (combine_terms() has
# merged each such ln with its inverse, so no two terms meet when one is
# turned; products that then meet, the next pass merges.)
positive_log_ratios <- function(form) {
  for (i in seq_along(form$factors)) {
    if (!isTRUE(form$coefs[i] < 0)) next
    inverse <- with_inverse_log_ratio(form$factors[[i]])
    if (is.null(inverse)) next
    form$factors[[i]] <- inverse
    form$coefs[i] <- -form$coefs[i]
  }
  form
}

# k * logistic(u) + c = -k * logistic(-u) + (c + k): in a sum with a
# constant, a logistic is written rising, its argument's leading term
# positive, the constant taking up the difference -- a two-alternative
# psychometric function reads `0.5 * logistic(2 * x - 4) + 0.5`, not
# `-0.5 * logistic(-2 * x + 4) + 1` -- at no cost in constants. (Without a
# constant, the reflection would add one.) A reflected term that meets
# another of the same logistic, the next pass merges.
rising_logistics <- function(form) {
  if (form$constant == 0) return(form)
  for (i in seq_along(form$factors)) {
    f <- form$factors[[i]]
    if (!is_logistic_call(f)) next
    u <- combine_terms(as_terms(f[[2]]))
    if (length(u$coefs) == 0 || !isTRUE(u$coefs[[1]] < 0)) next
    u$coefs <- -u$coefs
    u$constant <- -u$constant
    form$constant <- form$constant + form$coefs[i]
    form$coefs[i] <- -form$coefs[i]
    form$factors[[i]] <- call("logistic", build_sum(u))
  }
  form
}

# A factor with its one ln of a ratio, log(v / u), turned to log(u / v):
# alone or times other bases; NULL where it has no such ln, or more than one.
with_inverse_log_ratio <- function(f) {
  if (is_log_call(f)) return(inverse_log_ratio(f))
  if (!call_name(f) %in% c("*", "/")) return(NULL)
  p <- factor_powers(f)
  inverses <- lapply(p$bases, inverse_log_ratio)
  turned <- which(!vapply(inverses, is.null, logical(1)) & p$powers == 1)
  if (length(turned) != 1 || sum(vapply(p$bases, is_log_call, logical(1))) != 1) return(NULL)
  p$bases[[turned]] <- inverses[[turned]]
  build_factor(p$bases, p$powers)
}

# log(u / v) for a factor log(v / u), NULL for any other factor. Only of a
# ratio: inverted, the ln of a product or of one source would read
# `ln(1 / x)`.
inverse_log_ratio <- function(f) {
  if (!is_log_call(f)) return(NULL)
  powers <- factor_powers(f[[2]])$powers
  if (!any(powers > 0) || !any(powers < 0)) return(NULL)
  call("log", invert_factor(f[[2]]))
}

# The call of a linear form: terms in order, `a - b` for a negative
# coefficient, the constant last, 0 for an empty sum.
build_sum <- function(form) {
  acc <- NULL
  for (i in seq_along(form$factors)) acc <- add_term(acc, form$coefs[i], form$factors[[i]])
  if (form$constant != 0 || is.null(acc)) acc <- add_term(acc, form$constant, NULL)
  acc
}

add_term <- function(acc, coef, factor) {
  if (is.null(acc)) return(term_call(coef, factor))
  if (isTRUE(coef < 0)) return(call("-", acc, term_call(-coef, factor)))
  call("+", acc, term_call(coef, factor))
}

# A coefficient this close to 1 or -1 is one, left over from rounding: a law
# fitted to exact data, A * exp(-E / T), came out of a refit as
# 0.9999999999999998 * A * exp(-0.9999999999999998 * E / T), two constants
# more than the law it is, and lost its place on the front to a twin with an
# offset of 1e-16 and units exact. The law then differs from the network by
# far less than the tolerance to which it must match it (LAW_MATCH_TOLERANCE).
UNIT_ROUNDING <- 1e-12

# coef * factor, written as it reads: `x`, `-x`, `2 * x`, `2 / x`, `2 * x / y`.
# A coefficient within rounding of 1 or -1 (see UNIT_ROUNDING) is written as
# that.
term_call <- function(coef, factor) {
  if (is.null(factor)) return(coef)
  if (abs(coef - 1) <= UNIT_ROUNDING) return(factor)
  if (abs(coef + 1) <= UNIT_ROUNDING) return(call("-", factor))
  if (call_name(factor) == "/") {
    numerator <- factor[[2]]
    scaled <- if (is.numeric(numerator)) coef * numerator else call("*", coef, numerator)
    return(call("/", scaled, factor[[3]]))
  }
  call("*", coef, factor)
}

is_log_call <- function(f) call_name(f) == "log" && length(f) == 2

# ---- Rules of exp, log and ^ -------------------------------------------------

# exp(b + c * log(v) + rest) = exp(b) * v^c * exp(rest): the constant of the
# exponent becomes a coefficient (so w * exp(a * x + b) has one coefficient
# w * exp(b)) and logarithms become powers (where log(v) is real, v > 0 and
# exp(c * log(v)) = v^c).
simplify_exp <- function(u) {
  form <- combine_terms(as_terms(u))
  is_log <- vapply(form$factors, is_log_call, TRUE)
  if (form$constant == 0 && !any(is_log)) return(call("exp", u))
  coef <- exp(form$constant)
  if (!is.finite(coef) || coef == 0) return(call("exp", u))
  terms <- new_terms(coef, NULL)
  for (i in which(is_log)) {
    power <- simplify_power(form$factors[[i]][[2]], form$coefs[i])
    terms <- multiply_terms(terms, as_terms(power))
  }
  if (!all(is_log)) {
    rest <- list(factors = form$factors[!is_log], coefs = form$coefs[!is_log], constant = 0)
    terms <- multiply_terms(terms, new_terms(1, call("exp", build_sum(rest))))
  }
  build_sum(combine_terms(terms))
}

# sin and tanh are odd, cos is even: where the first term of the argument
# (in canonical order) is negative, the sign leaves it, so that one law has
# one form: -0.997 * sin(-0.262 * t) is 0.997 * sin(0.262 * t).
simplify_symmetric <- function(name, u) {
  form <- combine_terms(as_terms(u))
  if (length(form$coefs) == 0 || !isTRUE(form$coefs[[1]] < 0)) return(call(name, u))
  form$coefs <- -form$coefs
  form$constant <- -form$constant
  flipped <- call(name, build_sum(form))
  if (name == "cos") flipped else call("-", flipped)
}

# log(exp(w)) = w; log(c * v) = log(v) + log(c) for c > 0 and
# log(-v) + log(-c) for c < 0, so that coefficients leave the logarithm;
# log(v^p) = p * log(v) unless p is an even integer (log(x^2) is real for
# x < 0, 2 * log(x) is not).
simplify_log <- function(u) {
  if (is_exp_call(u)) return(u[[2]])
  terms <- as_terms(u)
  if (length(terms$coefs) > 1) return(log_of_sum(terms, u))
  if (length(terms$coefs) != 1 || is.null(terms$factors[[1]])) return(call("log", u))
  coef <- terms$coefs
  factor <- terms$factors[[1]]
  if (coef < 0) {
    inner <- term_call(-1, factor)
  } else {
    inner <- factor
    powers <- factor_powers(factor)
    if (length(powers$bases) == 1 && powers$powers != 1 && !is_even(powers$powers)) {
      form <- list(factors = list(call("log", powers$bases[[1]])), coefs = powers$powers,
                   constant = log(coef))
      return(build_sum(form))
    }
  }
  build_sum(list(factors = list(call("log", inner)), coefs = 1, constant = log(abs(coef))))
}

# log(s * v) = log(s) + log(v) for a monic sum v and s > 0, real wherever
# the original is: Hick's 0.15 * ln(7.39 * n + 7.39) is 0.15 * ln(n + 1) +
# 0.3, the constant joining the others.
log_of_sum <- function(terms, u) {
  form <- combine_terms(terms)
  if (length(form$factors) == 0) return(call("log", u))
  monic <- monic_sum(form, positive = TRUE)
  if (!is.finite(log(monic$scale))) return(call("log", u))
  build_sum(list(factors = list(call("log", build_sum(monic$form))), coefs = 1,
                 constant = log(monic$scale)))
}

# base^p for a numeric p: x^1 = x, x^0 = 1, (c * v)^p = c^p * v^p for c > 0
# or a whole p, (x^a)^p = x^(a * p) unless a is even and p is not whole
# ((x^2)^0.5 is |x|), and products are raised factor by factor for a whole p.
simplify_power <- function(base, p) {
  if (!is.numeric(p)) return(call("^", base, p))
  if (p == 1) return(base)
  if (p == 0) return(1)
  if (is.numeric(base)) {
    value <- fold_constant("^", list(base, p))
    return(if (is.null(value)) call("^", base, p) else value)
  }
  terms <- as_terms(base)
  if (length(terms$coefs) != 1) return(power_of_sum(terms, base, p))
  coef <- terms$coefs
  if (coef != 1 && !(coef > 0 || is_whole(p))) return(call("^", base, p))
  coef <- coef^p
  if (!is.finite(coef) || coef == 0) return(call("^", base, p))
  factor <- raise_factor(terms$factors[[1]], p)
  build_sum(list(factors = list(factor), coefs = coef, constant = 0))
}

# (s * S)^p = s^p * S^p for a sum with leading coefficient s, S monic:
# for a whole p whatever the sign of s, otherwise with s > 0 (the size of the
# leading coefficient, S leading with -1 if need be). (2 * x - 2.4)^2 is
# 4 * (x - 1.2)^2.
power_of_sum <- function(terms, base, p) {
  form <- combine_terms(terms)
  if (length(form$factors) == 0) return(simplify_power(form$constant, p))
  monic <- monic_sum(form, positive = !is_whole(p))
  coef <- monic$scale^p
  if (!is.finite(coef) || coef == 0) return(call("^", base, p))
  factor <- build_factor(list(build_sum(monic$form)), p)
  build_sum(list(factors = list(factor), coefs = coef, constant = 0))
}

# A factor (free of coefficients) to a numeric power p.
raise_factor <- function(f, p) {
  powers <- factor_powers(f)
  if (is_whole(p)) return(build_factor(powers$bases, powers$powers * p))
  if (length(powers$bases) == 1 && !is_even(powers$powers)) {
    return(build_factor(powers$bases, powers$powers * p))
  }
  call("^", f, p)
}
