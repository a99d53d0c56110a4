# Kinds of law the public problems stand for:
#   Rscript bench/laws.R [seeds] [noise]
#
# The public problems are one law of each kind; a tool tuned to them could
# still miss the next law of the same kind. This bench draws laws of the
# kinds users test -- products of two and three inputs, ratios, a product
# with a power, a sum beside a product, saturation and discounting, an
# exponential of a ratio, a logistic of a weighted difference, a learning
# curve, an inverse square, a decay, a Gaussian, a product with a difference
# -- written here from textbook physics and psychology, not taken
# from any benchmark's data. Each law gets 200 rows uniform on its domain
# with Gaussian noise of 0.1 % of the response's sd (or the fraction given
# as `noise`; DARTSR_LAWS_OUT names another output file), and is fitted with
# the package defaults. Scored on 500 fresh rows inside the domain (test R^2)
# and 500 rows 10-20 % beyond one bound (extrapolation R^2), and on whether
# the printed law has the true form (numbers written `#`). Writes
# bench/laws.md. Run it from the package root after installing the package.

suppressPackageStartupMessages(library(dartsr))

args <- commandArgs(trailingOnly = TRUE)
seeds <- if (length(args) > 0) seq_len(as.integer(args[1])) else 1:3
# The noise's sd as a fraction of the response's (second argument; 0.001).
noise <- if (length(args) > 1) as.numeric(args[2]) else 0.001
out_file <- Sys.getenv("DARTSR_LAWS_OUT", file.path("bench", "laws.md"))

# Each law: its inputs' domains, the function, and the printed forms that
# count as the true one (see law_form()).
laws <- list(
  force = list(domain = list(q = c(1, 5), E = c(1, 5)),
               f = function(d) d$q * d$E, forms = c("y = E * q", "y = # * E * q")),
  kinetic = list(domain = list(m = c(1, 5), v = c(1, 5)),
                 f = function(d) 0.5 * d$m * d$v^2,
                 forms = c("y = # * m * v^#", "y = # * v^# * m", "y = # * m * (v # #)^#")),
  volume = list(domain = list(a = c(1, 5), b = c(1, 5), c = c(1, 5)),
                f = function(d) 1.5 * d$a * d$b * d$c, forms = "y = # * a * b * c"),
  ratio = list(domain = list(m = c(1, 5), V = c(1, 5)),
               f = function(d) d$m / d$V, forms = c("y = m / V", "y = # * m / V")),
  ohm = list(domain = list(U = c(1, 5), R = c(1, 5), r = c(1, 5)),
             f = function(d) d$U / (d$R + d$r), forms = c("y = U / (R + r)", "y = # * U / (R + r)")),
  lens = list(domain = list(d1 = c(1, 5), d2 = c(1, 5)),
              f = function(d) d$d1 * d$d2 / (d$d1 + d$d2),
              forms = c("y = d1 * d2 / (d1 + d2)", "y = # * d1 * d2 / (d1 + d2)")),
  sum_and_product = list(domain = list(x1 = c(1, 5), x2 = c(1, 5), x3 = c(1, 5)),
                         f = function(d) d$x1 * d$x2 + 2 * d$x3,
                         forms = c("y = x1 * x2 + # * x3", "y = # * x3 + x1 * x2",
                                   "y = # * x1 * x2 + # * x3", "y = # * x3 + # * x1 * x2")),
  saturation = list(domain = list(c = c(0.05, 4)),
                    f = function(d) 3 * d$c / (d$c + 0.8),
                    forms = c("y = # * c / (c + #)", "y = c / (# * c + #)")),
  discount = list(domain = list(A = c(5, 50), D = c(0, 30)),
                  f = function(d) d$A / (1 + 0.05 * d$D),
                  forms = c("y = A / (# * D + #)", "y = # * A / (D + #)")),
  arrhenius = list(domain = list(E = c(1, 5), T = c(1, 5)),
                   f = function(d) exp(-d$E / d$T),
                   forms = c("y = exp(-E / T)", "y = # * exp(-E / T)", "y = exp(# * E / T)",
                             "y = # * exp(# * E / T)")),
  choice = list(domain = list(x1 = c(-2, 2), x2 = c(-2, 2)),
                f = function(d) 1 / (1 + exp(-(1.5 * d$x1 - d$x2))),
                forms = c("y = logistic(# * x1 - x2)", "y = logistic(# * x1 - # * x2)",
                          "y = # * logistic(# * x1 - # * x2)", "y = # * logistic(# * x1 - x2)")),
  learning = list(domain = list(t = c(0, 10)),
                  f = function(d) 1 - 0.7 * exp(-0.4 * d$t),
                  forms = c("y = # * exp(# * t) + #", "y = # - # * exp(# * t)")),
  coulomb = list(domain = list(q1 = c(1, 5), q2 = c(1, 5), r = c(1, 5)),
                 f = function(d) d$q1 * d$q2 / d$r^2,
                 forms = c("y = q1 * q2 / r^#", "y = # * q1 * q2 / r^#")),
  two_ratios = list(domain = list(x1 = c(1, 5), x2 = c(1, 5), x3 = c(1, 5)),
                    f = function(d) d$x1 / (d$x2 * d$x3),
                    forms = c("y = x1 / (x2 * x3)", "y = # * x1 / (x2 * x3)")),
  decay = list(domain = list(A = c(1, 5), t = c(0, 3)),
               f = function(d) d$A * exp(-0.7 * d$t),
               forms = c("y = A * exp(# * t)", "y = # * A * exp(# * t)")),
  gaussian = list(domain = list(x = c(-3, 3)),
                  f = function(d) exp(-d$x^2 / 2) / sqrt(2 * pi),
                  forms = c("y = # * exp(# * x^#)", "y = # * exp(# * (x # #)^#)")),
  spring = list(domain = list(k = c(1, 5), x = c(1, 5)),
                f = function(d) 0.5 * d$k * d$x^2,
                forms = c("y = # * k * x^#", "y = # * x^# * k")),
  work = list(domain = list(q = c(1, 5), V1 = c(1, 5), V2 = c(1, 5)),
              f = function(d) d$q * (d$V1 - d$V2),
              forms = c("y = q * (V1 - V2)", "y = # * q * (V1 - V2)", "y = q * (V1 - # * V2)",
                        "y = # * q * (V1 - # * V2)")),
  boltzmann = list(domain = list(m = c(1, 5), h = c(1, 5), T = c(1, 5)),
                   f = function(d) exp(-d$m * d$h / d$T),
                   forms = c("y = exp(-h * m / T)", "y = # * exp(-h * m / T)",
                             "y = exp(# * h * m / T)", "y = # * exp(# * h * m / T)"))
)

law_form <- function(equation) {
  form <- gsub("(?<![A-Za-z_.0-9])-?[0-9]+(\\.[0-9]+)?(e[-+]?[0-9]+)?", "#", equation, perl = TRUE)
  form <- gsub("[-+] #", "# #", form)
  form <- gsub("\\(-#", "(#", gsub(" -#", " #", form))
  gsub(" - ", " + ", form)
}

true_form <- function(equation, forms) {
  law_form(equation) %in% vapply(forms, law_form, character(1))
}

draw <- function(domain, n, beyond = FALSE) {
  d <- as.data.frame(lapply(domain, function(r) stats::runif(n, r[1], r[2])))
  if (beyond) {
    # One input per row 10-20 % of its range beyond a bound; below a
    # positive bound, to 50-90 % of it (a mass or a distance stays positive).
    which_input <- sample(seq_along(domain), n, replace = TRUE)
    side <- sample(c(-1, 1), n, replace = TRUE)
    for (i in seq_len(n)) {
      r <- domain[[which_input[i]]]
      step <- stats::runif(1, 0.1, 0.2) * diff(r)
      below <- if (r[1] > 0) r[1] * stats::runif(1, 0.5, 0.9) else r[1] - step
      d[i, which_input[i]] <- if (side[i] > 0) r[2] + step else below
    }
  }
  d
}

r_squared <- function(truth, predicted) {
  1 - sum((truth - predicted)^2) / sum((truth - mean(truth))^2)
}

score <- function(name, law, seed) {
  set.seed(1000 + seed)
  train <- draw(law$domain, 200)
  truth <- law$f(train)
  train$y <- truth + stats::rnorm(200, sd = noise * stats::sd(truth))
  test <- draw(law$domain, 500)
  extrap <- draw(law$domain, 500, beyond = TRUE)
  formula <- stats::reformulate(names(law$domain), response = "y")
  set.seed(seed)
  seconds <- system.time(
    f <- fit(darts_regressor(), formula, data = train, verbose = FALSE)
  )[["elapsed"]]
  eq <- equation(f)
  data.frame(
    law = name, seed = seed,
    test = r_squared(law$f(test), predict(f, test)),
    extrap = r_squared(law$f(extrap), predict(f, extrap)),
    form = true_form(eq, law$forms),
    equation = eq, seconds = seconds
  )
}

rows <- do.call(rbind, lapply(names(laws), function(name) {
  message(name)
  do.call(rbind, lapply(seeds, function(s) score(name, laws[[name]], s)))
}))
rows$recovered <- rows$test > 0.999 & rows$extrap > 0.999

fmt <- function(x) formatC(x, format = "f", digits = 5)
summary_rows <- vapply(names(laws), function(name) {
  r <- rows[rows$law == name, ]
  sprintf("| %s | %d of %d | %d of %d | %.2f |", name, sum(r$recovered), nrow(r),
          sum(r$form), nrow(r), stats::median(r$seconds))
}, character(1))
detail_rows <- sprintf("| %s | %d | %s | %s | %s | `%s` | %.2f |", rows$law, rows$seed,
                       fmt(rows$test), fmt(rows$extrap), ifelse(rows$form, "yes", "no"),
                       rows$equation, rows$seconds)

lines <- c(
  "# Kinds of law",
  "",
  sprintf("`Rscript bench/laws.R` on %s, %s, dartsr %s. Package defaults; 200 training rows",
          Sys.Date(), R.version.string, utils::packageVersion("dartsr")),
  sprintf("with noise of %s %% of the response's sd. Recovered: test R² > 0.999 and extrapolation",
          format(100 * noise)),
  "R² > 0.999. True form: the printed law is the law with other numbers.",
  "",
  "| law | recovered | true form | median seconds |",
  "|---|---|---|---|",
  summary_rows,
  "",
  sprintf("Recovered in %d of %d fits; true form in %d of %d.", sum(rows$recovered), nrow(rows),
          sum(rows$form), nrow(rows)),
  "",
  "| law | seed | test R² | extrap. R² | true form | equation | seconds |",
  "|---|---|---|---|---|---|---|",
  detail_rows
)
writeLines(lines, out_file)
cat(summary_rows, sep = "\n")
cat("\nWritten to", out_file, "\n")
