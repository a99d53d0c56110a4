# The speed benchmark: Rscript bench/run.R [--quick]
#
# Prints a table and writes bench/results.csv (with the machine, R version and
# date). Every configuration is timed as whole fits (median of 5), and twice more
# with only architecture steps and only parameter steps, to give microseconds
# per step of each kind. Peak memory is the rise of the process's resident
# high-water mark over a fit, measured in a fresh R process per configuration.
# Run it from the package root after installing the package (R CMD INSTALL .).

suppressPackageStartupMessages(library(dartsr))

args <- commandArgs(trailingOnly = TRUE)
quick <- "--quick" %in% args
repeats <- if (quick) 1 else 5
problems <- Sys.getenv("DARTSR_PROBLEMS", "../shared/bench/problems")
out_file <- file.path("bench", "results.csv")

rich_primitives <- c("none", "add", "subtract", "mult", "linear", "linear_exp",
                     "linear_logistic", "linear_relu", "linear_sin", "linear_tanh")

# The reference's work: its search and its sampled-model fit, with its
# optimiser, and none of what dartsr adds after the search (polish, refinement),
# so that the times compare with AutoRA's on the same work.
reference_work <- list(param_optimizer = "sgd", polish_coefficients = FALSE,
                       refine_top = 0)

rich_spec <- function(...) {
  defaults <- c(reference_work, list(
    num_graph_nodes = 2, primitives = rich_primitives, max_epochs = 100,
    arch_updates_per_epoch = 1, arch_learning_rate_max = 0.01,
    param_updates_per_epoch = 100, param_updates_for_sampled_model = 500,
    batch_size = 64, train_classifier_coefficients = TRUE,
    train_classifier_bias = TRUE
  ))
  args <- utils::modifyList(defaults, list(...))
  do.call(darts_regressor, args)
}

tutorial_spec <- function(...) {
  defaults <- c(reference_work, list(
    num_graph_nodes = 1, arch_updates_per_epoch = 1, param_updates_per_epoch = 500,
    max_epochs = 300, arch_learning_rate_max = 0.001, param_momentum = 0.9,
    primitives = c("none", "add", "subtract", "mult", "logistic", "exp", "relu"),
    train_classifier_coefficients = FALSE, train_classifier_bias = FALSE
  ))
  do.call(darts_regressor, utils::modifyList(defaults, list(...)))
}

seed_train <- function() {
  utils::read.csv(file.path(problems, "seed", "train.csv"))
}

# n rows of the seed problem's formula, inputs uniform on [0, 1].
seed_rows <- function(n) {
  set.seed(123)
  x1 <- stats::runif(n)
  x2 <- stats::runif(n)
  data.frame(x1 = x1, x2 = x2, y = 2 * x1 + exp(5 * x2))
}

median_seconds <- function(expr_fn) {
  times <- vapply(seq_len(repeats), function(i) {
    set.seed(i)
    system.time(expr_fn())[["elapsed"]]
  }, numeric(1))
  stats::median(times)
}

fit_seconds <- function(spec, data) {
  x <- as.matrix(data[setdiff(names(data), "y")])
  median_seconds(function() fit_xy(spec, x, data$y, verbose = FALSE))
}

# Microseconds per architecture step and per parameter step: fits that run only
# that kind of step, for E and 2E epochs; the difference leaves out what a fit
# costs whatever its length (checking and copying the data, fitted values).
step_microseconds <- function(spec, data) {
  only <- function(kind, epochs) {
    changes <- list(max_epochs = epochs, param_updates_for_sampled_model = 0)
    if (kind == "arch") changes$param_updates_per_epoch <- 0 else changes$arch_updates_per_epoch <- 0
    do.call(darts_regressor, utils::modifyList(unclass(spec), changes))
  }
  per_step <- function(kind, steps_per_epoch) {
    # Enough steps of each kind that the difference is well above the timer's
    # resolution: a search has far fewer architecture steps than parameter steps.
    epochs <- if (kind == "arch") 20 * spec$max_epochs else spec$max_epochs
    extra <- fit_seconds(only(kind, 2 * epochs), data) - fit_seconds(only(kind, epochs), data)
    1e6 * extra / max(epochs * steps_per_epoch, 1)
  }
  c(arch = per_step("arch", spec$arch_updates_per_epoch),
    param = per_step("param", spec$param_updates_per_epoch))
}

# The rise in R's peak memory use (MB) over one fit, in a fresh R process:
# gc()'s "max used", which counts the data's copies and the engine's scratch
# (allocated on R's heap) but not memory the process merely keeps.
peak_memory_mb <- function(spec, data) {
  if (!requireNamespace("callr", quietly = TRUE)) return(NA_real_)
  callr::r(function(spec, data) {
    library(dartsr)
    x <- as.matrix(data[setdiff(names(data), "y")])
    y <- data$y
    rm(data)
    # A first small fit loads and compiles what a fit uses, which is not the
    # fit's own memory.
    invisible(fit_xy(darts_regressor(max_epochs = 1), x[1:10, , drop = FALSE], y[1:10],
                     verbose = FALSE))
    before <- sum(gc(reset = TRUE)[, 2])
    set.seed(1)
    fit <- fit_xy(spec, x, y, verbose = FALSE)
    sum(gc()[, 6]) - before
  }, args = list(spec = spec, data = data))
}

data_mb <- function(data) {
  as.numeric(utils::object.size(as.matrix(data))) / 2^20
}

run_case <- function(name, spec, data) {
  message("  ", name)
  steps <- step_microseconds(spec, data)
  data.frame(
    case = name,
    n = nrow(data),
    nodes = spec$num_graph_nodes,
    primitives = length(spec$primitives),
    fit_seconds = fit_seconds(spec, data),
    us_per_param_step = unname(steps["param"]),
    us_per_arch_step = unname(steps["arch"]),
    peak_mb = peak_memory_mb(spec, data),
    data_mb = data_mb(data)
  )
}

cases <- list(
  list("rich", rich_spec(), seed_train()),
  list("tutorial", tutorial_spec(), seed_train())
)
sizes <- if (quick) c(1e2, 1e4) else c(1e2, 1e4, 1e6)
for (n in sizes) {
  cases[[length(cases) + 1]] <- list(sprintf("rich n=%g", n), rich_spec(), seed_rows(n))
}
for (k in 1:6) {
  cases[[length(cases) + 1]] <- list(sprintf("rich nodes=%d", k),
                                     rich_spec(num_graph_nodes = k), seed_train())
}
cases[[length(cases) + 1]] <- list("rich all 25 primitives",
                                   rich_spec(primitives = darts_primitives()$name),
                                   seed_train())

message("Benchmarking ", length(cases), " configurations (median of ", repeats, "):")
results <- do.call(rbind, lapply(cases, function(case) do.call(run_case, case)))

# Restarts in parallel: 4 restarts of the rich search with 1000 epochs each
# (about half a second per restart, so that the workers' start-up does not
# dominate), sequentially and with future::plan(multisession, workers = 2).
# Without refinement, whose cost varies from restart to restart (from 30 to
# over 700 candidate architectures), so that the restarts weigh the same and
# the time shows the parallel machinery rather than the slowest restart.
# Median of 3.
restart_seconds <- function(plan) {
  if (!requireNamespace("future.apply", quietly = TRUE)) return(NA_real_)
  old <- future::plan(plan)
  on.exit(future::plan(old))
  x <- as.matrix(seed_train()[c("x1", "x2")])
  y <- seed_train()$y
  spec <- rich_spec(n_restarts = 4, max_epochs = 1000, param_optimizer = "adam",
                    polish_coefficients = TRUE)
  invisible(fit_xy(spec, x, y, verbose = FALSE)) # start the workers
  times <- vapply(1:3, function(i) {
    set.seed(i)
    system.time(fit_xy(spec, x, y, verbose = FALSE))[["elapsed"]]
  }, numeric(1))
  stats::median(times)
}
message("  rich search, 1000 epochs, 4 restarts, sequential and multisession")
restarts <- data.frame(
  plan = c("sequential", "multisession, 2 workers"),
  fit_seconds = c(restart_seconds(future::sequential),
                  restart_seconds(future::tweak(future::multisession, workers = 2)))
)

machine <- paste(
  sub("model name\\s*:\\s*", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1]),
  sprintf("(%d cores)", parallel::detectCores())
)
results$machine <- machine
results$r_version <- R.version.string
results$date <- format(Sys.Date())

printed <- results[c("case", "n", "nodes", "primitives", "fit_seconds",
                     "us_per_param_step", "us_per_arch_step", "peak_mb", "data_mb")]
numeric <- vapply(printed, is.numeric, logical(1))
printed[numeric] <- lapply(printed[numeric], signif, digits = 3)
cat("\nMachine:", machine, "\n", R.version.string, "\n\n", sep = "")
print(printed, row.names = FALSE)
# The reference's time per parameter step on this machine (AutoRA's
# DARTSRegressor, PyTorch, measured once; see the speed issue): the same work.
reference_us <- c(rich = 3300, tutorial = 600)
for (case in names(reference_us)) {
  ours <- results$us_per_param_step[results$case == case]
  cat(sprintf("%s: %.3g us per parameter step against the reference's %g: %.0fx\n",
              case, ours, reference_us[[case]], reference_us[[case]] / ours))
}
cat("\nRich search, 1000 epochs, n_restarts = 4:\n")
print(restarts, row.names = FALSE)
cat(sprintf("speed-up: %.2fx\n", restarts$fit_seconds[1] / restarts$fit_seconds[2]))
utils::write.csv(results, out_file, row.names = FALSE)
cat("\nWritten to", out_file, "\n")

# Whole default fits (search + refinement + selection): bench/whole_fits.R.
source(file.path("bench", "whole_fits.R"))
run_whole_fits(quick = quick)
