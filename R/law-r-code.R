# The vocabulary in base R: the R code of an equation, with or without the
# engine's domain guards (for equation(format = "r"), as.function() and the
# law's check that it rewrites its network exactly).

# An expression of the vocabulary as base-R code, evaluable in baseenv(): the
# vocabulary's own functions written out (R/spec-primitives.R, VOCABULARY), and,
# with `guards`, the engine's domain guards: exp(pmin(u, 50)), the guarded ln,
# for every `1 / u` -- in an unsimplified network only the reciprocal
# primitives divide -- u held at least 1e-6 in size, for every `u^2` -- a
# square primitive's -- the square held at most 1e30, and for every other
# `u^p` -- a power primitive's -- the engine's guarded power.
vocabulary_r <- function(e, guards = FALSE) {
  name <- call_name(e)
  if (name == "") return(e)
  for (i in seq_along(e)[-1]) e[[i]] <- vocabulary_r(e[[i]], guards)
  n <- length(e)
  if (guards && n == 3 && name == "/" && identical(e[[2]], 1)) {
    return(reciprocal_call(e[[3]], guards))
  }
  if (guards && n == 3 && name == "^" && identical(e[[3]], 2)) {
    return(call("pmin", e, SQUARE_MAX))
  }
  if (guards && n == 3 && name == "^") return(guarded_power_call(e[[2]], e[[3]]))
  fun <- VOCABULARY[[name]]
  if (is.null(fun)) return(e)
  do.call(fun$r, c(as.list(e)[-1], list(guards = guards)), quote = TRUE)
}

# The engine holds a product node within +-1e30 (DARTS_PRODUCT_MAX) and a
# square at most 1e30 (DARTS_SQUARE_MAX).
PRODUCT_MAX <- 1e30
SQUARE_MAX <- 1e30

held_product_call <- function(product) {
  call("pmax", call("pmin", product, PRODUCT_MAX), -PRODUCT_MAX)
}

logistic_call <- function(u) {
  call("/", 1, call("(", call("+", 1, call("exp", call("-", call("(", u))))))
}

reciprocal_call <- function(u, guards) {
  if (!guards) return(call("/", 1, u))
  held <- call("ifelse", call("<", call("abs", u), 1e-6),
               call("ifelse", call("<", u, 0), -1e-6, 1e-6), u)
  call("/", 1, held)
}

# u^p as the engine's power computes it: exp(p * ln(max(|u|, 1e-10))), its
# size held at most exp(50), for u > 0 and, for a whole p, for u < 0 too (with
# u's sign for an odd p); 0 for u = 0 and for u < 0 under any other p.
guarded_power_call <- function(u, p) {
  size <- function(base) {
    call("exp", call("pmin", call("*", p, call("log", call("pmax", base, 1e-10))), 50))
  }
  if (!(is.numeric(p) && is_whole(p))) {
    return(call("ifelse", call(">", u, 0), size(u), 0))
  }
  power <- size(call("abs", u))
  if (p %% 2 != 0) power <- call("*", call("sign", u), power)
  call("ifelse", call("==", u, 0), 0, power)
}

ln_call <- function(u, guards) {
  if (!guards) return(call("log", u))
  call("ifelse", call(">", u, 0), call("log", call("+", call("pmax", u, 0), 1e-10)), 0)
}

# softplus(u) = log(1 + exp(beta * u)) / beta; guarded, the engine's
# overflow-free (max(z, 0) + log1p(exp(-|z|))) / beta with z = beta * u.
softplus_call <- function(u, beta, guards) {
  z <- call("*", beta, u)
  inner <- if (guards) {
    call("(", call("+", call("pmax", z, 0), call("log1p", call("exp", call("-", call("abs", z))))))
  } else {
    call("log1p", call("exp", z))
  }
  call("/", inner, beta)
}

# exp(o_c) / sum(exp(o)); guarded, every output less the largest first.
softmax_calls <- function(outputs, guards) {
  if (guards) {
    top <- as.call(c(as.name("pmax"), outputs))
    outputs <- lapply(outputs, function(o) call("-", o, top))
  }
  exps <- lapply(outputs, function(o) call("exp", o))
  total <- call("(", Reduce(function(lhs, term) call("+", lhs, term), exps[-1], exps[[1]]))
  lapply(exps, function(e) call("/", e, total))
}
