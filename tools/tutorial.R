# The dartsr tutorial, end to end: find y = 2 * x1 + exp(5 * x2) in the seed
# data, print the equation, draw the graph, then resample and refit the
# architecture as the reference (AutoRA's DARTSRegressor tutorial) does.
# Run from anywhere with `Rscript tools/tutorial.R` once dartsr is installed;
# the plot goes to the working directory.
library(dartsr)

heading <- function(text) cat("\n==", text, "==\n")

# The seed data: y = 2 * x1 + exp(5 * x2) on a 10 x 10 grid of [0, 1]^2.
d <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
heading("Data")
str(d)

set.seed(42)
spec <- darts_regressor(
  num_graph_nodes = 1,
  arch_updates_per_epoch = 1,
  param_updates_per_epoch = 500,
  max_epochs = 300,
  arch_learning_rate_max = 0.001,
  param_momentum = 0.9,
  output_type = "real",
  primitives = c("none", "add", "subtract", "mult", "logistic", "exp", "relu")
)
print(spec)

heading("Search (300 epochs)")
fit <- fit(spec, y ~ x1 + x2, data = d)
print(fit)

png_file <- file.path(getwd(), "dartsr-tutorial-graph.png")
png(png_file, width = 800, height = 600)
plot(fit)
invisible(dev.off())

heading("Equation after the search")
print(equation(fit))

# No more architecture search: refit the sampled model's coefficients longer.
fit2 <- refit(fit, max_epochs = 0, param_updates_for_sampled_model = 1000)
heading("Equation after refitting the coefficients (1000 updates)")
print(equation(fit2))

# Resample the architecture from the architecture weights ...
fit3 <- refit(fit2, max_epochs = 0, sampling_strategy = "sample")
heading("Equation with a sampled architecture (sampling_strategy = \"sample\")")
print(equation(fit3))

# ... or take the most likely primitive on every edge.
fit4 <- refit(fit3, max_epochs = 0, sampling_strategy = "max")
heading("Equation with the most likely architecture (sampling_strategy = \"max\")")
print(equation(fit4))

cat("\nGraph written to", png_file, "\n")
