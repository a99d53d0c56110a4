# Small data sets the tests share.

seed_data <- function() {
  utils::read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
}

# The tutorial's search space with one hidden node: 2 inputs, so 2 edges.
quick_spec <- function(..., max_epochs = 20) {
  darts_regressor(num_graph_nodes = 1, max_epochs = max_epochs,
                  param_updates_per_epoch = 10,
                  primitives = c("none", "add", "mult", "linear_exp"), ...)
}

# A real search of the seed problem with the tutorial's space, from
# set.seed(seed); run once per test session for each distinct set of
# arguments (helper-fits.R).
quick_fit <- function(seed = 1, ...) {
  cached(list("quick_fit", seed, list(...)), {
    set.seed(seed)
    fit(quick_spec(...), y ~ x1 + x2, data = seed_data(), verbose = FALSE)
  })
}

# The equation the defaults print for a law: 200 rows drawn from
# set.seed(data_seed), each input uniform on its range in `domain` (a named
# list), the law `f` of them plus Gaussian noise of `noise` times its sd,
# fitted from set.seed(fit_seed).
law_equation <- function(domain, f, data_seed, fit_seed, noise = 0.001) {
  set.seed(data_seed)
  d <- as.data.frame(lapply(domain, function(r) stats::runif(200, r[1], r[2])))
  truth <- f(d)
  d$y <- truth + stats::rnorm(200, sd = noise * stats::sd(truth))
  set.seed(fit_seed)
  equation(fit(darts_regressor(), stats::reformulate(names(domain), "y"), data = d,
               verbose = FALSE))
}

# For the interrupt tests, which run a fit in a child process (callr): waits
# until the child has written the file `ready` (it does so from a hook at the
# point where it should be interrupted), then interrupts it and returns what
# it returns. The loop only waits for the child; no assertion depends on how
# long anything took.
interrupt_when_ready <- function(worker, ready, limit = 300) {
  started <- Sys.time()
  while (!file.exists(ready) && worker$is_alive() &&
         difftime(Sys.time(), started, units = "secs") < limit) {
    Sys.sleep(0.05)
  }
  testthat::expect_true(file.exists(ready), label = "the child got ready")
  worker$interrupt()
  worker$wait(120000)
  worker$get_result()
}

# What a child (see interrupt_when_ready()) reports after an interrupt: the
# class of a new fit of `spec`, and the architecture weights of two fits from
# the same set.seed(), which must agree. The child gets it as an argument: its
# environment is the global one, so that it travels without the tests'.
session_state <- function(spec, data) {
  alphas <- function() {
    set.seed(2)
    dartsr::fit(spec, y ~ x1 + x2, data = data, verbose = FALSE)$alphas
  }
  list(class = class(dartsr::fit(spec, y ~ x1 + x2, data = data, verbose = FALSE)),
       a = alphas(), b = alphas())
}
environment(session_state) <- globalenv()

expect_session_sound <- function(state) {
  testthat::expect_identical(state$class, "darts_fit")
  testthat::expect_identical(state$a, state$b)
}

# The library path for a worker (callr, a future multisession plan) that must
# load the dartsr under test, not whichever copy comes first in .libPaths():
# the library it was loaded from, first. A copy loaded from source (pkgload's
# load_all()) has no library a fresh R session can load; a worker test skips.
worker_libpath <- function() {
  path <- getNamespaceInfo("dartsr", "path")
  if (!file.exists(file.path(path, "Meta", "package.rds"))) {
    testthat::skip("a worker needs the dartsr under test installed; it was loaded from source")
  }
  unique(c(dirname(normalizePath(path)), .libPaths()))
}

# Counts the calls of the namespace's function `name` until the end of the
# calling test: an environment whose `n` the calls increase.
calls_of <- function(name, env = parent.frame()) {
  counter <- new.env()
  counter$n <- 0L
  trace(name, bquote(assign("n", get("n", .(counter)) + 1L, envir = .(counter))), print = FALSE,
        where = asNamespace("dartsr"))
  withr::defer(untrace(name, where = asNamespace("dartsr")), envir = env)
  counter
}
