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
