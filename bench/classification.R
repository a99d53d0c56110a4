# Choices: Rscript bench/classification.R
#
# (a) A psychometric function P(yes) = logistic(6 * x - 3): 1,000 trials, 50
#     at each of 20 stimulus levels on [0, 1], fitted as 0/1 rows (a factor
#     response) and as counts cbind(yes, no), 5 seeds each: is the printed
#     equation logistic(b1 * x + b2) with b1 and b2 within 10 % of 6 and -3?
# (b) Two-class iris (versicolor against virginica, the two that overlap),
#     three-class iris and mtcars' transmission (am ~ wt + hp): accuracy and
#     log-loss by 10-fold cross-validation (folds from set.seed(1)), dartsr
#     with its defaults beside glm() (binomial) and nnet::multinom() on the
#     same inputs and folds.
# (c) A choice between two gambles, P(A) = logistic(5 * (V_A P_A - V_B P_B)),
#     given the two expected values as inputs (y ~ I(V_A * P_A) + I(V_B * P_B)),
#     500 choices, 5 seeds: is the printed equation the law -- a logistic of
#     b1 * EV_A + b2 * EV_B (and perhaps a constant) whose 95 % intervals
#     (confint()) contain 5, -5 (and 0)?
# Beside each fit, glm()'s maximum-likelihood estimates on the same data: what
# the data themselves say about the coefficients.
# Writes bench/classification.md. Run it from the package root after
# installing the package.

suppressPackageStartupMessages(library(dartsr))
out_file <- file.path("bench", "classification.md")
seeds <- 1:5
within <- function(estimate, truth, tolerance = 0.1) abs(estimate / truth - 1) <= tolerance

# (a) ----------------------------------------------------------------------
psychometric_data <- function(seed) {
  set.seed(seed)
  x <- rep(seq(0, 1, length.out = 20), each = 50)
  yes <- stats::rbinom(length(x), 1, stats::plogis(6 * x - 3))
  list(rows = data.frame(x = x, response = factor(ifelse(yes == 1, "yes", "no"),
                                                  levels = c("no", "yes"))),
       counts = stats::aggregate(cbind(yes = yes, no = 1 - yes) ~ x, FUN = sum,
                                 data = data.frame(x = x, yes = yes)))
}

law_row <- function(problem, seed, f, truth, seconds, glm_fit) {
  b <- coef(f)
  form <- equation(f, coefficients = "names")
  right_form <- grepl("= logistic\\(b1 \\* x \\+ b2\\)$", form)
  data.frame(problem = problem, seed = seed, equation = equation(f, digits = 3),
             glm = sprintf("%.2f * x %+.2f", stats::coef(glm_fit)[2], stats::coef(glm_fit)[1]),
             recovered = right_form && length(b) == 2 && all(within(b, truth)),
             seconds = round(seconds, 2))
}

psychometric <- do.call(rbind, lapply(seeds, function(seed) {
  d <- psychometric_data(seed)
  set.seed(seed)
  t_rows <- system.time(f_rows <- fit(darts_regressor(), response ~ x, data = d$rows))[["elapsed"]]
  set.seed(seed)
  spec <- darts_regressor(output_type = "probability")
  t_counts <- system.time(f_counts <- fit(spec, cbind(yes, no) ~ x, data = d$counts))[["elapsed"]]
  g <- stats::glm(cbind(yes, no) ~ x, family = stats::binomial, data = d$counts)
  rbind(law_row("0/1 rows", seed, f_rows, c(6, -3), t_rows, g),
        law_row("counts", seed, f_counts, c(6, -3), t_counts, g))
}))

# (b) ----------------------------------------------------------------------
log_loss <- function(p, observed_index) {
  -mean(log(pmax(p[cbind(seq_along(observed_index), observed_index)], 1e-15)))
}

cv_compare <- function(name, formula, data, reference) {
  response <- data[[all.vars(formula)[1]]]
  set.seed(1)
  folds <- sample(rep_len(1:10, nrow(data)))
  probs <- list(dartsr = matrix(NA_real_, nrow(data), nlevels(response)),
                reference = matrix(NA_real_, nrow(data), nlevels(response)))
  seconds <- 0
  for (k in 1:10) {
    train <- data[folds != k, ]
    test <- data[folds == k, ]
    seconds <- seconds + system.time(
      f <- suppressWarnings(fit(darts_regressor(), formula, data = train, verbose = FALSE))
    )[["elapsed"]]
    probs$dartsr[folds == k, ] <- as.matrix(predict(f, test, type = "prob"))
    probs$reference[folds == k, ] <- reference(formula, train, test)
  }
  observed <- as.integer(response)
  do.call(rbind, lapply(names(probs), function(method) {
    p <- probs[[method]]
    data.frame(data = name, method = if (method == "dartsr") "dartsr" else attr(reference, "name"),
               accuracy = round(mean(max.col(p, ties.method = "first") == observed), 3),
               log_loss = round(log_loss(p, observed), 3),
               seconds = if (method == "dartsr") round(seconds / 10, 2) else NA)
  }))
}

glm_reference <- structure(function(formula, train, test) {
  g <- suppressWarnings(stats::glm(formula, family = stats::binomial, data = train))
  p <- stats::predict(g, test, type = "response")
  cbind(1 - p, p)
}, name = "glm (binomial)")

multinom_reference <- structure(function(formula, train, test) {
  m <- nnet::multinom(formula, data = train, trace = FALSE, maxit = 1000)
  stats::predict(m, test, type = "probs")
}, name = "nnet::multinom")

two_iris <- droplevels(subset(iris, Species != "setosa"))
cars <- transform(mtcars, am = factor(am, labels = c("automatic", "manual")))
comparison <- rbind(
  cv_compare("iris, versicolor vs virginica (Petal.Length + Petal.Width)",
             Species ~ Petal.Length + Petal.Width, two_iris, glm_reference),
  cv_compare("iris, three species (Petal.Length + Petal.Width)",
             Species ~ Petal.Length + Petal.Width, iris, multinom_reference),
  cv_compare("mtcars, am ~ wt + hp", am ~ wt + hp, cars, glm_reference)
)

# (c) ----------------------------------------------------------------------
gambles <- do.call(rbind, lapply(seeds, function(seed) {
  set.seed(seed)
  n <- 500
  d <- data.frame(V_A = runif(n, 0, 2), P_A = runif(n), V_B = runif(n, 0, 2), P_B = runif(n))
  d$choice <- factor(ifelse(stats::rbinom(n, 1, stats::plogis(5 * (d$V_A * d$P_A - d$V_B * d$P_B))) == 1,
                            "A", "B"), levels = c("B", "A"))
  set.seed(seed)
  seconds <- system.time(
    f <- fit(darts_regressor(), choice ~ I(V_A * P_A) + I(V_B * P_B), data = d)
  )[["elapsed"]]
  form <- equation(f, coefficients = "names")
  right_form <- grepl("= logistic\\(b1 \\* `I\\(V_A \\* P_A\\)` \\+ b2 \\* `I\\(V_B \\* P_B\\)`( \\+ b3)?\\)$",
                      form)
  truth <- c(5, -5, 0)[seq_along(coef(f))]
  limits <- confint(f)
  covered <- right_form && all(limits[, 1] <= truth & truth <= limits[, 2])
  g <- stats::glm(choice ~ I(V_A * P_A) + I(V_B * P_B), family = stats::binomial, data = d)
  data.frame(seed = seed, equation = equation(f),
             glm = sprintf("%.2f * EV_A %+.2f * EV_B %+.2f", stats::coef(g)[2], stats::coef(g)[3],
                           stats::coef(g)[1]),
             recovered = covered, seconds = round(seconds, 2))
}))

# ---------------------------------------------------------------------------
table_lines <- function(df) {
  c(paste("|", paste(names(df), collapse = " | "), "|"),
    paste("|", paste(rep("---", ncol(df)), collapse = " | "), "|"),
    apply(df, 1, function(r) paste("|", paste(r, collapse = " | "), "|")))
}

lines <- c(
  "# Choices",
  "",
  sprintf("`Rscript bench/classification.R` (%s; dartsr %s, R %s).", format(Sys.Date()),
          utils::packageVersion("dartsr"), getRversion()),
  "",
  "## (a) Psychometric function P(yes) = logistic(6 x - 3), 1,000 trials at 20 levels",
  "",
  sprintf("Recovered (printed form `logistic(b1 * x + b2)`, both within 10 %%): %d of %d as 0/1 rows, %d of %d as counts.",
          sum(psychometric$recovered[psychometric$problem == "0/1 rows"]), length(seeds),
          sum(psychometric$recovered[psychometric$problem == "counts"]), length(seeds)),
  "",
  table_lines(psychometric),
  "",
  "## (b) 10-fold cross-validation beside glm() and nnet::multinom()",
  "",
  table_lines(comparison),
  "",
  "## (c) Two gambles, P(A) = logistic(5 (V_A P_A - V_B P_B)), 500 choices",
  "",
  sprintf("Recovered (the law's form, with 95 %% intervals that contain 5, -5 and, if there is one, 0 for the constant): %d of %d.",
          sum(gambles$recovered), length(seeds)),
  "",
  table_lines(gambles),
  ""
)
writeLines(lines, out_file)
cat(lines, sep = "\n")
