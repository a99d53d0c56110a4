# Multi-start search: `n_restarts` independent searches from independent
# random-number streams, the best kept by the selection's criterion.
#
# Each restart gets its own L'Ecuyer-CMRG stream, derived from one draw of the
# user's random number generator, so set.seed() before fit() fixes every
# restart. The restarts run through future.apply when it is installed, which
# honours the user's future::plan() (sequential, multisession, cluster, ...);
# the streams are handed to it explicitly (future.seed), so the result does not
# depend on the plan or on the number of workers. Without future.apply they run
# one after another with the same streams, and give the same result.

run_restarts <- function(spec, design, call, verbose) {
  seeds <- restart_seeds(spec$n_restarts)
  one_search <- function(i) run_search(spec, design, call, NULL, verbose = FALSE)
  fits <- map_with_seeds(seeds, one_search)
  scores <- restart_scores(fits)
  best <- which.min(scores)
  fit <- fits[[best]]
  fit$restarts <- data.frame(
    restart = seq_along(fits),
    equation = vapply(fits, function(f) paste(equation(f), collapse = "; "), ""),
    score = scores,
    chosen = seq_along(fits) == best,
    stringsAsFactors = FALSE
  )
  fit
}

# n L'Ecuyer-CMRG seeds (.Random.seed vectors), one stream each, from one draw
# of the current generator; the user's generator kind is left as it was.
restart_seeds <- function(n) {
  first <- sample.int(.Machine$integer.max, 1)
  with_preserved_rng({
    RNGkind("L'Ecuyer-CMRG")
    set.seed(first)
    seeds <- vector("list", n)
    seeds[[1]] <- get(".Random.seed", envir = globalenv())
    for (i in seq_len(n - 1)) seeds[[i + 1]] <- parallel::nextRNGStream(seeds[[i]])
    seeds
  })
}

# Evaluates expr, then puts the user's generator (kind and state) back.
with_preserved_rng <- function(expr) {
  old_kind <- RNGkind()
  old_seed <- get0(".Random.seed", envir = globalenv(), inherits = FALSE)
  on.exit({
    RNGkind(old_kind[1], old_kind[2], old_kind[3])
    restore_random_seed(old_seed)
  })
  expr
}

restore_random_seed <- function(seed) {
  if (is.null(seed)) {
    rm(".Random.seed", envir = globalenv())
  } else {
    assign(".Random.seed", seed, envir = globalenv())
  }
}

# lapply(seq_along(seeds), fun), each call with its own random-number stream.
map_with_seeds <- function(seeds, fun) {
  if (requireNamespace("future.apply", quietly = TRUE)) {
    return(future.apply::future_lapply(seq_along(seeds), fun, future.seed = seeds))
  }
  lapply(seq_along(seeds), function(i) with_random_seed(seeds[[i]], fun(i)))
}

with_random_seed <- function(seed, expr) {
  with_preserved_rng({
    assign(".Random.seed", seed, envir = globalenv())
    expr
  })
}

# The criterion that compares restarts, one for all of them: the chosen
# equation's cross-validated error as the front shows it (RMSE, or deviance
# for a likelihood fit) when selection = "cv" and every restart has one;
# otherwise its BIC. Two criteria are never mixed, so a restart whose
# cross-validation failed cannot win or lose on another scale.
restart_scores <- function(fits) {
  cv <- vapply(fits, function(fit) front_errors(fit$front[fit$front$chosen, ])$cv, numeric(1))
  if (fits[[1]]$spec$selection == "cv" && all(is.finite(cv))) return(cv)
  vapply(fits, model_bic, numeric(1))
}

# BIC of the fit's model on its loss (see loss_bic()), with its law's
# complexity.
model_bic <- function(fit) {
  family <- fit_family(fit)
  loss <- total_loss(family, fit$y, fit$fitted.values, fit$weights)
  loss_bic(family, loss, law_of(fit)$complexity, total_weight(fit$weights, nrow(fit$y)),
           ncol(fit$y))
}
