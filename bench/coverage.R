# Coverage of dartsr's intervals: Rscript bench/coverage.R [replicates]
#
# Draws `replicates` (200 by default) data sets of 50 rows from
# y = 4 * exp(-0.8 * x) + 1 + N(0, 0.05^2), x evenly spaced on [0, 5], fits
# each with the package defaults and asks whether the 95 % intervals at x = 1
# contain what they should:
#   * the confidence interval of the curve (predict(interval = "confidence"))
#     contains the true value 4 * exp(-0.8) + 1;
#   * the prediction interval (predict(interval = "prediction")) contains a
#     new observation there: reported as the probability that it does, given
#     the interval and the true noise (the mean over replicates is the
#     coverage, with less simulation noise than one draw per replicate);
#   * the Wald intervals of the three constants (confint()) contain 4, -0.8
#     and 1.
# Shares are over the replicates whose chosen equation has the true form,
# y = b1 * exp(b2 * x) + b3 (also reported); the intervals are conditional on
# that choice. Writes bench/coverage.md. Run it from the package root after
# installing the package; replicates run on parallel::detectCores() cores,
# each with its own seed, so the result does not depend on the core count.

suppressPackageStartupMessages(library(dartsr))

args <- commandArgs(trailingOnly = TRUE)
replicates <- if (length(args) > 0) as.integer(args[1]) else 200L
out_file <- file.path("bench", "coverage.md")

truth <- function(x) 4 * exp(-0.8 * x) + 1
noise_sd <- 0.05
x0 <- 1
level <- 0.95
true_constants <- c(b1 = 4, b2 = -0.8, b3 = 1)
true_form <- "y = b1 * exp(b2 * x) + b3"

# The probability that a new observation truth + N(0, sd^2) falls in the
# interval; 0 for an interval that could not be computed.
covered_share <- function(interval, truth, sd) {
  p <- stats::pnorm((interval[, "upr"] - truth) / sd) - stats::pnorm((interval[, "lwr"] - truth) / sd)
  if (is.finite(p)) p else 0
}

replicate_once <- function(r) {
  set.seed(10000 + r)
  x <- seq(0, 5, length.out = 50)
  data <- data.frame(x = x, y = truth(x) + rnorm(50, 0, noise_sd))
  seconds <- system.time(f <- fit(darts_regressor(), y ~ x, data = data))[["elapsed"]]
  form <- equation(f, coefficients = "names")
  new <- data.frame(x = x0)
  confidence <- predict(f, new, interval = "confidence", level = level)
  prediction <- predict(f, new, interval = "prediction", level = level)
  covered <- if (form == true_form) {
    limits <- confint(f, level = level)
    limits[, 1] <= true_constants & true_constants <= limits[, 2]
  } else rep(NA, 3)
  covered[is.na(covered) & form == true_form] <- FALSE
  data.frame(
    replicate = r,
    true_form = form == true_form,
    equation = equation(f),
    # An interval that could not be computed (NaN) covers nothing.
    confidence_covers = isTRUE(confidence[, "lwr"] <= truth(x0) && truth(x0) <= confidence[, "upr"]),
    prediction_covers = covered_share(prediction, truth(x0), noise_sd),
    b1_covered = covered[1],
    b2_covered = covered[2],
    b3_covered = covered[3],
    seconds = seconds
  )
}

started <- Sys.time()
runs <- parallel::mclapply(seq_len(replicates), function(r) {
  tryCatch(replicate_once(r), error = function(e) conditionMessage(e))
}, mc.cores = parallel::detectCores(), mc.preschedule = FALSE)
failed <- vapply(runs, is.character, logical(1))
if (any(failed)) {
  cat("Replicates that failed:", which(failed), "\n", sep = " ")
  print(unique(unlist(runs[failed])))
}
results <- do.call(rbind, runs[!failed])
elapsed <- as.numeric(difftime(Sys.time(), started, units = "secs"))

right <- results[results$true_form, ]
share <- function(x) sprintf("%.1f %%", 100 * mean(x))
binomial_se <- function(x) sprintf("%.1f", 100 * sqrt(mean(x) * (1 - mean(x)) / length(x)))
others <- sort(table(results$equation[!results$true_form]), decreasing = TRUE)

lines <- c(
  "# Coverage of the intervals",
  "",
  sprintf("`Rscript bench/coverage.R %d` (%s; %.0f s on %d cores; dartsr %s, R %s).",
          replicates, format(Sys.Date()), elapsed, parallel::detectCores(),
          utils::packageVersion("dartsr"), getRversion()),
  "",
  sprintf("%d replicates of `y = 4 * exp(-0.8 * x) + 1 + N(0, 0.05^2)`, 50 rows, x evenly spaced on [0, 5];",
          replicates),
  "each fitted with `fit(darts_regressor(), y ~ x, data)`; 95 % intervals at x = 1.",
  "",
  "| | share |",
  "|---|---|",
  sprintf("| chosen equation has the true form `%s` | %s (%d of %d) |", true_form,
          share(results$true_form), sum(results$true_form), replicates),
  sprintf("| confidence interval of the curve contains the truth (true form) | %s (binomial SE %s) |",
          share(right$confidence_covers), binomial_se(right$confidence_covers)),
  sprintf("| prediction interval contains a new observation (true form; expected share) | %s |",
          share(right$prediction_covers)),
  sprintf("| Wald intervals of b1, b2, b3 contain 4, -0.8 and 1 (true form; each) | %s, %s, %s |",
          share(right$b1_covered), share(right$b2_covered), share(right$b3_covered)),
  sprintf("| confidence interval contains the truth (all replicates) | %s |",
          share(results$confidence_covers)),
  "",
  sprintf("Median fit time %.2f s.%s", stats::median(results$seconds),
          if (any(failed)) sprintf(" Replicates that stopped with an error (left out): %s.",
                                   paste(which(failed), collapse = ", ")) else ""),
  ""
)
if (length(others) > 0) {
  lines <- c(lines, "Equations of the other form chosen:", "",
             sprintf("- `%s` (%d)", names(others), as.integer(others)), "")
}
writeLines(lines, out_file)
cat(lines, sep = "\n")
