# The NIST nonlinear-regression benchmark: Rscript bench/nist.R [n_folds]
#
# Fits every single-predictor data set of the NIST Statistical Reference
# Datasets for nonlinear regression (the CRAN package NISTnls) with the dartsr
# defaults, y ~ x, and sets the chosen equation beside NIST's certified model:
# training RSS, complexity, and the K-fold cross-validated prediction error of
# the whole procedure (search and selection rerun on every training fold)
# against that of the certified model refitted by nls() on the same folds.
# Writes bench/nist.md. Run it from the package root after installing the
# package. K defaults to 5; DARTSR_NIST_SETS=Misra1a,Chwirut2 runs a subset.
# NISTnls is needed by this script only, not by the package.

if (!requireNamespace("NISTnls", quietly = TRUE)) {
  stop("bench/nist.R needs the NISTnls package: install.packages(\"NISTnls\")",
       call. = FALSE)
}
suppressPackageStartupMessages(library(dartsr))

args <- commandArgs(trailingOnly = TRUE)
n_folds <- if (length(args) > 0) as.integer(args[1]) else 5L
if (is.na(n_folds) || n_folds < 2) stop("n_folds must be an integer >= 2", call. = FALSE)
subset <- Sys.getenv("DARTSR_NIST_SETS", "")
out_file <- file.path("bench", "nist.md")

# The certified models, from the NIST StRD pages (also the help pages of
# NISTnls): the model in R syntax, NIST's "Start 2" values, the certified
# parameter values and the certified residual sum of squares, all to the 11
# significant digits NIST gives. NISTnls names Rat42 Ratkowsky2, Rat43
# Ratkowsky3 and DanWood DanielWood; it does not ship BoxBOD.
#
# complexity: counted by hand, the count dartsr charges a graph (one per
# parameter and one per operation): one per parameter plus one per operation,
# where every arithmetic operator (+ - * / ^), every negation (also of a
# literal, as in ^(-2)) and every function (exp, sin, cos, atan) counts one,
# and numeric constants and pi are free.
# seed: fixed per data set, for the fit and the folds.
certified <- list(
  list(data = "Misra1a", seed = 101, complexity = 7,
       formula = "b1 * (1 - exp(-b2 * x))",
       start2 = c(b1 = 250, b2 = 5e-4),
       certified = c(b1 = 2.3894212918e+02, b2 = 5.5015643181e-04),
       rss = 1.2455138894e-01),
  list(data = "Misra1b", seed = 102, complexity = 9,
       formula = "b1 * (1 - (1 + b2 * x / 2)^(-2))",
       start2 = c(b1 = 300, b2 = 2e-4),
       certified = c(b1 = 3.3799746163e+02, b2 = 3.9039091287e-04),
       rss = 7.5464681533e-02),
  list(data = "Misra1c", seed = 103, complexity = 9,
       formula = "b1 * (1 - (1 + 2 * b2 * x)^(-0.5))",
       start2 = c(b1 = 600, b2 = 2e-4),
       certified = c(b1 = 6.3642725809e+02, b2 = 2.0813627256e-04),
       rss = 4.0966836971e-02),
  list(data = "Misra1d", seed = 104, complexity = 7,
       formula = "b1 * b2 * x / (1 + b2 * x)",
       start2 = c(b1 = 450, b2 = 3e-4),
       certified = c(b1 = 4.3736970754e+02, b2 = 3.0227324449e-04),
       rss = 5.6419295283e-02),
  list(data = "Chwirut1", seed = 105, complexity = 9,
       formula = "exp(-b1 * x) / (b2 + b3 * x)",
       start2 = c(b1 = 0.15, b2 = 0.008, b3 = 0.010),
       certified = c(b1 = 1.9027818370e-01, b2 = 6.1314004477e-03,
                     b3 = 1.0530908399e-02),
       rss = 2.3844771393e+03),
  list(data = "Chwirut2", seed = 106, complexity = 9,
       formula = "exp(-b1 * x) / (b2 + b3 * x)",
       start2 = c(b1 = 0.15, b2 = 0.008, b3 = 0.010),
       certified = c(b1 = 1.6657666537e-01, b2 = 5.1653291286e-03,
                     b3 = 1.2150007096e-02),
       rss = 5.1304802941e+02),
  list(data = "DanielWood", seed = 107, complexity = 4,
       formula = "b1 * x^b2",
       start2 = c(b1 = 0.7, b2 = 4),
       certified = c(b1 = 7.6886226176e-01, b2 = 3.8604055871e+00),
       rss = 4.3173084083e-03),
  list(data = "Ratkowsky2", seed = 108, complexity = 8,
       formula = "b1 / (1 + exp(b2 - b3 * x))",
       start2 = c(b1 = 75, b2 = 2.5, b3 = 0.07),
       certified = c(b1 = 7.2462237576e+01, b2 = 2.6180768402e+00,
                     b3 = 6.7359200066e-02),
       rss = 8.0565229338e+00),
  list(data = "Ratkowsky3", seed = 109, complexity = 11,
       formula = "b1 / (1 + exp(b2 - b3 * x))^(1 / b4)",
       start2 = c(b1 = 700, b2 = 5, b3 = 0.75, b4 = 1.3),
       certified = c(b1 = 6.9964151270e+02, b2 = 5.2771253025e+00,
                     b3 = 7.5962938329e-01, b4 = 1.2792483859e+00),
       rss = 8.7864049080e+03),
  list(data = "Eckerle4", seed = 110, complexity = 11,
       formula = "(b1 / b2) * exp(-0.5 * ((x - b3) / b2)^2)",
       start2 = c(b1 = 1.5, b2 = 5, b3 = 450),
       certified = c(b1 = 1.5543827178e+00, b2 = 4.0888321754e+00,
                     b3 = 4.5154121844e+02),
       rss = 1.4635887487e-03),
  list(data = "MGH09", seed = 111, complexity = 13,
       formula = "b1 * (x^2 + x * b2) / (x^2 + x * b3 + b4)",
       start2 = c(b1 = 0.25, b2 = 0.39, b3 = 0.415, b4 = 0.39),
       certified = c(b1 = 1.9280693458e-01, b2 = 1.9128232873e-01,
                     b3 = 1.2305650693e-01, b4 = 1.3606233068e-01),
       rss = 3.0750560385e-04),
  list(data = "MGH10", seed = 112, complexity = 7,
       formula = "b1 * exp(b2 / (x + b3))",
       start2 = c(b1 = 0.02, b2 = 4000, b3 = 250),
       certified = c(b1 = 5.6096364710e-03, b2 = 6.1813463463e+03,
                     b3 = 3.4522363462e+02),
       rss = 8.7945855171e+01),
  list(data = "MGH17", seed = 113, complexity = 15,
       formula = "b1 + b2 * exp(-x * b4) + b3 * exp(-x * b5)",
       start2 = c(b1 = 0.5, b2 = 1.5, b3 = -1, b4 = 0.01, b5 = 0.02),
       certified = c(b1 = 3.7541005211e-01, b2 = 1.9358469127e+00,
                     b3 = -1.4646871366e+00, b4 = 1.2867534640e-02,
                     b5 = 2.2122699662e-02),
       rss = 5.4648946975e-05),
  list(data = "Thurber", seed = 114, complexity = 24,
       formula = "(b1 + b2 * x + b3 * x^2 + b4 * x^3) / (1 + b5 * x + b6 * x^2 + b7 * x^3)",
       start2 = c(b1 = 1300, b2 = 1500, b3 = 500, b4 = 75, b5 = 1, b6 = 0.4,
                  b7 = 0.05),
       certified = c(b1 = 1.2881396800e+03, b2 = 1.4910792535e+03,
                     b3 = 5.8323836877e+02, b4 = 7.5416644291e+01,
                     b5 = 9.6629502864e-01, b6 = 3.9797285797e-01,
                     b7 = 4.9727297349e-02),
       rss = 5.6427082397e+03),
  list(data = "Lanczos1", seed = 115, complexity = 20,
       formula = "b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x)",
       start2 = c(b1 = 0.5, b2 = 0.7, b3 = 3.6, b4 = 4.2, b5 = 4, b6 = 6.3),
       certified = c(b1 = 9.5100000027e-02, b2 = 1.0000000001e+00,
                     b3 = 8.6070000013e-01, b4 = 3.0000000002e+00,
                     b5 = 1.5575999998e+00, b6 = 5.0000000001e+00),
       rss = 1.4307867721e-25),
  list(data = "Lanczos2", seed = 116, complexity = 20,
       formula = "b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x)",
       start2 = c(b1 = 0.5, b2 = 0.7, b3 = 3.6, b4 = 4.2, b5 = 4, b6 = 6.3),
       certified = c(b1 = 9.6251029939e-02, b2 = 1.0057332849e+00,
                     b3 = 8.6424689056e-01, b4 = 3.0078283915e+00,
                     b5 = 1.5529016879e+00, b6 = 5.0028798100e+00),
       rss = 2.2299428125e-11),
  list(data = "Lanczos3", seed = 117, complexity = 20,
       formula = "b1 * exp(-b2 * x) + b3 * exp(-b4 * x) + b5 * exp(-b6 * x)",
       start2 = c(b1 = 0.5, b2 = 0.7, b3 = 3.6, b4 = 4.2, b5 = 4, b6 = 6.3),
       certified = c(b1 = 8.6816414977e-02, b2 = 9.5498101505e-01,
                     b3 = 8.4400777463e-01, b4 = 2.9515951832e+00,
                     b5 = 1.5825685901e+00, b6 = 4.9863565084e+00),
       rss = 1.6117193594e-08),
  list(data = "Gauss1", seed = 118, complexity = 28,
       formula = "b1 * exp(-b2 * x) + b3 * exp(-(x - b4)^2 / b5^2) + b6 * exp(-(x - b7)^2 / b8^2)",
       start2 = c(b1 = 94, b2 = 0.0105, b3 = 99, b4 = 63, b5 = 25, b6 = 71,
                  b7 = 180, b8 = 20),
       certified = c(b1 = 9.8778210871e+01, b2 = 1.0497276517e-02,
                     b3 = 1.0048990633e+02, b4 = 6.7481111276e+01,
                     b5 = 2.3129773360e+01, b6 = 7.1994503004e+01,
                     b7 = 1.7899805021e+02, b8 = 1.8389389025e+01),
       rss = 1.3158222432e+03),
  list(data = "Gauss2", seed = 119, complexity = 28,
       formula = "b1 * exp(-b2 * x) + b3 * exp(-(x - b4)^2 / b5^2) + b6 * exp(-(x - b7)^2 / b8^2)",
       start2 = c(b1 = 98, b2 = 0.0105, b3 = 103, b4 = 105, b5 = 20, b6 = 73,
                  b7 = 150, b8 = 20),
       certified = c(b1 = 9.9018328406e+01, b2 = 1.0994945399e-02,
                     b3 = 1.0188022528e+02, b4 = 1.0703095519e+02,
                     b5 = 2.3578584029e+01, b6 = 7.2045589471e+01,
                     b7 = 1.5327010194e+02, b8 = 1.9525972636e+01),
       rss = 1.2475282092e+03),
  list(data = "Gauss3", seed = 120, complexity = 28,
       formula = "b1 * exp(-b2 * x) + b3 * exp(-(x - b4)^2 / b5^2) + b6 * exp(-(x - b7)^2 / b8^2)",
       start2 = c(b1 = 96, b2 = 0.0096, b3 = 80, b4 = 110, b5 = 25, b6 = 74,
                  b7 = 139, b8 = 25),
       certified = c(b1 = 9.8940368970e+01, b2 = 1.0945879335e-02,
                     b3 = 1.0069553078e+02, b4 = 1.1163619459e+02,
                     b5 = 2.3300500029e+01, b6 = 7.3705031418e+01,
                     b7 = 1.4776164251e+02, b8 = 1.9668221230e+01),
       rss = 1.2444846360e+03),
  list(data = "Hahn1", seed = 121, complexity = 24,
       formula = "(b1 + b2 * x + b3 * x^2 + b4 * x^3) / (1 + b5 * x + b6 * x^2 + b7 * x^3)",
       start2 = c(b1 = 1, b2 = -0.1, b3 = 0.005, b4 = -1e-6, b5 = -0.005,
                  b6 = 1e-4, b7 = -1e-7),
       certified = c(b1 = 1.0776351733e+00, b2 = -1.2269296921e-01,
                     b3 = 4.0863750610e-03, b4 = -1.4262662514e-06,
                     b5 = -5.7609940901e-03, b6 = 2.4053735503e-04,
                     b7 = -1.2314450199e-07),
       rss = 1.5324382854e+00),
  list(data = "Kirby2", seed = 122, complexity = 16,
       formula = "(b1 + b2 * x + b3 * x^2) / (1 + b4 * x + b5 * x^2)",
       start2 = c(b1 = 1.5, b2 = -0.15, b3 = 0.0025, b4 = -0.0015, b5 = 2e-5),
       certified = c(b1 = 1.6745063063e+00, b2 = -1.3927397867e-01,
                     b3 = 2.5961181191e-03, b4 = -1.7241811870e-03,
                     b5 = 2.1664802578e-05),
       rss = 3.9050739624e+00),
  list(data = "Roszman1", seed = 123, complexity = 11,
       formula = "b1 - b2 * x - atan(b3 / (x - b4)) / pi",
       start2 = c(b1 = 0.2, b2 = -1.5e-6, b3 = 1200, b4 = -150),
       certified = c(b1 = 2.0196866396e-01, b2 = -6.1953516256e-06,
                     b3 = 1.2044556708e+03, b4 = -1.8134269537e+02),
       rss = 4.9484847331e-04),
  list(data = "ENSO", seed = 124, complexity = 45,
       formula = paste("b1 + b2 * cos(2 * pi * x / 12) + b3 * sin(2 * pi * x / 12)",
                       "+ b5 * cos(2 * pi * x / b4) + b6 * sin(2 * pi * x / b4)",
                       "+ b8 * cos(2 * pi * x / b7) + b9 * sin(2 * pi * x / b7)"),
       start2 = c(b1 = 10, b2 = 3, b3 = 0.5, b4 = 44, b5 = -1.5, b6 = 0.5,
                  b7 = 26, b8 = -0.1, b9 = 1.5),
       certified = c(b1 = 1.0510749193e+01, b2 = 3.0762128085e+00,
                     b3 = 5.3280138227e-01, b4 = 4.4311088700e+01,
                     b5 = -1.6231428586e+00, b6 = 5.2554493756e-01,
                     b7 = 2.6887614440e+01, b8 = 2.1232288488e-01,
                     b9 = 1.4966870418e+00),
       rss = 7.8853978668e+02),
  list(data = "Bennett5", seed = 125, complexity = 8,
       formula = "b1 * (b2 + x)^(-1 / b3)",
       start2 = c(b1 = -1500, b2 = 45, b3 = 0.85),
       certified = c(b1 = -2.5235058043e+03, b2 = 4.6736564644e+01,
                     b3 = 9.3218483193e-01),
       rss = 5.2404744073e-04)
)
names(certified) <- vapply(certified, `[[`, character(1), "data")

# The data sets of NISTnls with a single predictor; the others are skipped.
load_set <- function(name) {
  env <- new.env()
  utils::data(list = name, package = "NISTnls", envir = env)
  d <- as.data.frame(get(name, envir = env))
  predictors <- setdiff(names(d), "y")
  if (!"y" %in% names(d) || length(predictors) != 1) return(NULL)
  data.frame(y = d$y, x = d[[predictors]])
}
all_sets <- utils::data(package = "NISTnls")$results[, "Item"]
datasets <- stats::setNames(lapply(all_sets, load_set), all_sets)
skipped <- all_sets[vapply(datasets, is.null, logical(1))]
datasets <- datasets[!vapply(datasets, is.null, logical(1))]
uncertified <- setdiff(names(datasets), names(certified))
if (length(uncertified) > 0) {
  warning("no certified model in the table for: ", paste(uncertified, collapse = ", "),
          call. = FALSE)
}
run_sets <- intersect(names(certified), names(datasets))
if (nzchar(subset)) {
  wanted <- trimws(strsplit(subset, ",", fixed = TRUE)[[1]])
  unknown <- setdiff(wanted, run_sets)
  if (length(unknown) > 0) {
    stop("DARTSR_NIST_SETS names unknown data sets: ", paste(unknown, collapse = ", "),
         "; known: ", paste(run_sets, collapse = ", "), call. = FALSE)
  }
  run_sets <- run_sets[run_sets %in% wanted]
}

# pareto_front() is new; with an older dartsr the complexity is reported NA.
has_pareto <- exists("pareto_front", envir = asNamespace("dartsr"))
chosen_complexity <- function(f) {
  if (!has_pareto) return(NA_real_)
  pf <- get("pareto_front", envir = asNamespace("dartsr"))(f)
  as.numeric(pf$complexity[pf$chosen])
}

# The certified model's form, compared with the front's equations by the
# shape dartsr gives a law (its constants as placeholders, signs ignored):
# the certified formula with its certified values, simplified as dartsr
# simplifies a law; a front member's law with each logistic(u) written
# 1 / (1 + exp(-u)), as NIST writes Rat42's. "chosen": the chosen equation
# has the certified form; "on front": another member has; "no" otherwise.
# Uses dartsr's internal simplifier, so it needs the dartsr this bench
# judges.
law_shape <- function(e) {
  simplified <- dartsr:::simplify_call(e)
  paste(deparse(dartsr:::shape_of(dartsr:::negative_literals(simplified))), collapse = "")
}
without_logistic <- function(e) {
  if (!is.call(e)) return(e)
  e[-1] <- lapply(as.list(e)[-1], without_logistic)
  if (identical(e[[1]], as.name("logistic"))) return(bquote(1 / (1 + exp(-(.(e[[2]]))))))
  e
}
certified_shape <- function(m) {
  law_shape(do.call(substitute, list(str2lang(m$formula), as.list(m$certified))))
}
certified_form_on_front <- function(f, m) {
  if (!has_pareto) return(NA_character_)
  target <- certified_shape(m)
  shapes <- vapply(f$front_networks, function(network) {
    law <- dartsr:::model_law(network, f$edges, f$input_names, f$spec$output_type)
    law_shape(without_logistic(law$calls[[1]]))
  }, character(1))
  if (shapes[f$front$chosen] == target) "chosen" else if (target %in% shapes) "on front" else "no"
}

fit_dartsr <- function(data, seed) {
  set.seed(seed)
  fit(darts_regressor(), y ~ x, data = data, verbose = FALSE)
}

model_value <- function(m, params, x) {
  eval(str2lang(m$formula), c(as.list(params), list(x = x)))
}

# The certified model refitted by nls() on a training fold: from the certified
# values, then from NIST's Start 2, each by Gauss-Newton and then by "port".
# The convergence test is relative to the response's size (scaleOffset, a
# residual of 1e-7 of its sd per row), so that it works on the zero-residual
# Lanczos1 data and still asks for a fit on the others: with scaleOffset = 1,
# as this script had it, every residual far below 1 passed the test before the
# first step, and the certified values themselves (fitted on all rows, so
# optimistic) predicted Lanczos2's folds. Where Gauss-Newton cannot improve
# further (its step factor falls below minFactor on the ill-conditioned
# Lanczos sets), its last iterate is kept (warnOnly): nls() has descended as
# far as it can. An attempt that takes no step and has not converged counts
# as failed. When every attempt fails the certified values predict the fold,
# and the fold is reported.
refit_certified <- function(m, train) {
  form <- stats::as.formula(paste("y ~", m$formula))
  attempts <- list(
    list(from = "certified", start = m$certified, algorithm = "default"),
    list(from = "certified", start = m$certified, algorithm = "port"),
    list(from = "start2", start = m$start2, algorithm = "default"),
    list(from = "start2", start = m$start2, algorithm = "port")
  )
  control <- stats::nls.control(maxiter = 200, warnOnly = TRUE,
                                scaleOffset = nrow(train) * (1e-7 * stats::sd(train$y))^2)
  for (a in attempts) {
    nf <- tryCatch(
      suppressWarnings(stats::nls(form, data = train, start = a$start, algorithm = a$algorithm,
                                  control = control)),
      error = function(e) NULL)
    if (!is.null(nf) && all(is.finite(stats::coef(nf))) &&
        (nf$convInfo$isConv || nf$convInfo$finIter > 0)) {
      return(list(params = stats::coef(nf), from = a$from))
    }
  }
  list(params = m$certified, from = "failed")
}

run_set <- function(name, index) {
  m <- certified[[name]]
  d <- datasets[[name]]
  n <- nrow(d)
  started <- Sys.time()

  computed_rss <- sum((d$y - model_value(m, m$certified, d$x))^2)
  rss_mismatch <- abs(computed_rss - m$rss) >
    1e-6 * m$rss + 1e-15 * sum((d$y - mean(d$y))^2)
  if (rss_mismatch) {
    warning(sprintf("%s: the certified parameters give RSS %.10g, NIST certifies %.10g",
                    name, computed_rss, m$rss), call. = FALSE)
  }

  message(sprintf("[%d/%d] %s (n = %d): fit on all rows", index, length(run_sets), name, n))
  seconds <- NA_real_
  f <- tryCatch({
    seconds <- system.time(f <- fit_dartsr(d, m$seed))[["elapsed"]]
    f
  }, error = function(e) e)
  if (inherits(f, "error")) {
    message("  dartsr failed: ", conditionMessage(f))
    eq <- paste("error:", conditionMessage(f))
    form <- NA_character_
    complexity <- NA_real_
    n_constants <- NA_real_
    rss <- NA_real_
  } else {
    eq <- paste(equation(f), collapse = "; ")
    form <- tryCatch(certified_form_on_front(f, m), error = function(e) NA_character_)
    complexity <- tryCatch(chosen_complexity(f), error = function(e) NA_real_)
    n_constants <- length(coef(f))
    rss <- sum(as.vector(residuals(f))^2)
    message(sprintf("  %.1f s: %s", seconds, eq))
  }

  k <- min(n_folds, n)
  set.seed(m$seed)
  folds <- sample(rep_len(seq_len(k), n))
  sq_dartsr <- rep(NA_real_, n)
  sq_cert <- rep(NA_real_, n)
  cert_from <- character(k)
  for (fold in seq_len(k)) {
    test <- folds == fold
    train <- d[!test, , drop = FALSE]
    fold_seconds <- system.time(
      ff <- tryCatch(fit_dartsr(train, 1000 * m$seed + fold), error = function(e) e)
    )[["elapsed"]]
    if (inherits(ff, "error")) {
      message(sprintf("  fold %d/%d: dartsr failed: %s", fold, k, conditionMessage(ff)))
    } else {
      sq_dartsr[test] <- (d$y[test] - as.vector(predict(ff, d[test, , drop = FALSE])))^2
    }
    cf <- refit_certified(m, train)
    cert_from[fold] <- cf$from
    sq_cert[test] <- (d$y[test] - model_value(m, cf$params, d$x[test]))^2
    message(sprintf("  fold %d/%d: dartsr %.1f s, certified model refitted from %s",
                    fold, k, fold_seconds, cf$from))
  }
  cv_dartsr <- sqrt(mean(sq_dartsr))
  cv_cert <- sqrt(mean(sq_cert))
  message(sprintf("  CV RMSE dartsr %.4g, certified %.4g, ratio %.3g (%.0f s in all)",
                  cv_dartsr, cv_cert, cv_dartsr / cv_cert,
                  as.numeric(difftime(Sys.time(), started, units = "secs"))))

  data.frame(
    data = name, n = n, formula = m$formula, certified_rss = m$rss,
    rss_mismatch = rss_mismatch, certified_complexity = m$complexity,
    equation = eq, certified_form = form, complexity = complexity, n_constants = n_constants, rss = rss,
    cv_dartsr = cv_dartsr, cv_certified = cv_cert, ratio = cv_dartsr / cv_cert,
    dartsr_failed_folds = sum(is.na(tapply(sq_dartsr, folds, sum))),
    folds = k, from_start2 = sum(cert_from == "start2"),
    unfitted = sum(cert_from == "failed"), seconds = seconds,
    stringsAsFactors = FALSE
  )
}

results <- do.call(rbind, lapply(seq_along(run_sets), function(i) run_set(run_sets[i], i)))

# Interpolating: the chosen equation has as many free constants as rows less
# one, or fits the training data far below the noise the certified model
# leaves.
results$interpolating <- (!is.na(results$n_constants) & results$n_constants >= results$n - 1) |
  (!is.na(results$rss) & results$rss < 1e-6 * results$certified_rss)

fmt <- function(x, digits = 4) {
  ifelse(is.na(x), "NA", trimws(formatC(x, digits = digits, format = "g")))
}
code <- function(s) sprintf("`%s`", gsub("|", "\\|", gsub("\\s+", " ", s), fixed = TRUE))

format_row <- function(r) {
  cv_cert <- fmt(r$cv_certified)
  notes <- c(if (r$from_start2 > 0) sprintf("%d fold(s) from Start 2", r$from_start2),
             if (r$unfitted > 0) sprintf("%d fold(s) not refitted, certified values used",
                                         r$unfitted))
  if (length(notes) > 0) cv_cert <- sprintf("%s (%s)", cv_cert, paste(notes, collapse = "; "))
  cv_dartsr <- fmt(r$cv_dartsr)
  if (r$dartsr_failed_folds > 0) {
    cv_dartsr <- sprintf("%s (%d fold(s) failed)", cv_dartsr, r$dartsr_failed_folds)
  }
  sprintf("| %s | %d | %s | %s%s | %s | %s | %s / %d%s | %s | %s | %s | %s | %s | %s |",
          r$data, r$n, code(r$formula), fmt(r$certified_rss, 6),
          if (r$rss_mismatch) " (does not match the table's parameters)" else "",
          code(r$equation), if (is.na(r$certified_form)) "NA" else r$certified_form,
          fmt(r$complexity, 3), r$certified_complexity,
          if (r$interpolating) " (interpolating)" else "", fmt(r$n_constants, 3),
          fmt(r$rss), cv_dartsr, cv_cert, fmt(r$ratio, 3),
          if (is.na(r$seconds)) "NA" else sprintf("%.1f", r$seconds))
}

ratios <- results$ratio[is.finite(results$ratio)]
summary_lines <- c(
  sprintf("- CV RMSE ratio dartsr / certified <= 1.25 on %d of %d data sets.",
          sum(ratios <= 1.25), length(ratios)),
  sprintf("- Median ratio: %s.", fmt(stats::median(ratios), 3)),
  sprintf("- Certified form chosen on %d of %d data sets, on the front of %d more.",
          sum(results$certified_form == "chosen", na.rm = TRUE), nrow(results),
          sum(results$certified_form == "on front", na.rm = TRUE)),
  sprintf("- Interpolating equations: %d%s.", sum(results$interpolating),
          if (any(results$interpolating))
            sprintf(" (%s)", paste(results$data[results$interpolating], collapse = ", "))
          else ""),
  if (any(is.na(results$rss)))
    sprintf("- dartsr failed on all rows of: %s.",
            paste(results$data[is.na(results$rss)], collapse = ", "))
)

command <- paste0(
  if (nzchar(subset)) sprintf("DARTSR_NIST_SETS=%s ", subset) else "",
  "Rscript bench/nist.R", if (length(args) > 0) paste0(" ", n_folds) else "")
lines <- c(
  "# dartsr on the NIST nonlinear regression reference data sets",
  "",
  sprintf("Regenerate with `%s` from the package root (after installing the package;",
          command),
  "needs `install.packages(\"NISTnls\")`).",
  "",
  sprintf("%s, %s, dartsr %s, NISTnls %s, K = %d folds.", format(Sys.Date()),
          R.version.string, utils::packageVersion("dartsr"),
          utils::packageVersion("NISTnls"), n_folds),
  "",
  "Every single-predictor data set of NISTnls, fitted as `y ~ x` with the",
  "defaults (`fit(darts_regressor(), y ~ x, data = d)`, a fixed seed per data",
  "set). Certified model and RSS: NIST's. CV RMSE: K-fold cross-validated",
  "prediction error, for dartsr of the whole procedure (search and selection",
  "rerun on each training fold), for the certified model of its `nls()` refit",
  "on each training fold from the certified values (from NIST's Start 2 if that",
  "fails; its convergence test relative to the response's size, its last",
  "Gauss-Newton step kept where it cannot improve further, as on the",
  "ill-conditioned Lanczos sets); ratio = dartsr / certified. Complexity: dartsr's chosen equation",
  "(`pareto_front()`) / the certified model's (parameters + operations, counted",
  "by hand); NA when the installed dartsr has no `pareto_front()`.",
  "Interpolating: free constants (`coef()`) >= n - 1 or training RSS below 1e-6 x the",
  "certified RSS. Seconds: the fit on all rows. Certified form: whether the",
  "chosen equation (\"chosen\"), or another member of the Pareto front (\"on",
  "front\"), has the certified model's form, compared as dartsr compares the",
  "shapes of laws (constants as placeholders, signs ignored; a logistic written",
  "as `1 / (1 + exp(-u))`).",
  if (length(skipped) > 0)
    c("", sprintf("Skipped, more than one predictor: %s.", paste(skipped, collapse = ", ")))
  else character(0),
  "",
  "NISTnls names NIST's Rat42 Ratkowsky2, Rat43 Ratkowsky3 and DanWood",
  "DanielWood, and has no BoxBOD. Misra1a-d are the same data with four",
  "certified models.",
  "",
  paste("| data | n | certified model | certified RSS | dartsr equation | certified form |",
        "complexity | constants | dartsr RSS | CV RMSE dartsr | CV RMSE certified | ratio |",
        "seconds |"),
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  vapply(seq_len(nrow(results)), function(i) format_row(results[i, ]), character(1)),
  "",
  "## Summary",
  "",
  summary_lines
)
writeLines(lines, out_file)
cat(summary_lines, sep = "\n")
cat("\nWritten to", out_file, "\n")
