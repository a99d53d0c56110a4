# Kinds of law the public problems stand for:
#   Rscript bench/laws.R [seeds] [noise]
#
# The public problems are one law of each kind; a tool tuned to them could
# still miss the next law of the same kind. This bench draws laws of the
# kinds users test -- products of two and three inputs, ratios, a product
# with a power, a sum beside a product, saturation and discounting, an
# exponential of a ratio, a logistic of a weighted difference, a learning
# curve, an inverse square, a decay, a Gaussian, a product with a difference;
# and, added later, Fitts's, Hick's and the practice law, a power law, a
# Cobb-Douglas product, a Hill curve, a logistic of three inputs, a
# difference of Gaussians, Michelson contrast, Gompertz and Ricker curves, a
# psychometric function of a Weber fraction and others, some beyond what two
# hidden nodes can write (marked below); then an amount times a Boltzmann
# factor, Nernst's equation, discounting at a rate given as an input and
# others -- written here from
# textbook physics, psychology and economics, not taken from any benchmark's
# data. (DARTSR_LAWS_SET=probe fits a probe of 20 more, written later; see
# probe_laws; DARTSR_LAWS_SET=powers, laws of one input with a power inside,
# see power_laws.) Each law gets 200 rows uniform on its domain
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
# DARTSR_LAWS_SET=probe fits the probe's laws (below) instead, and
# DARTSR_LAWS_SET=powers the laws of one input with a power inside.
law_set <- Sys.getenv("DARTSR_LAWS_SET", "bench")
out_file <- Sys.getenv("DARTSR_LAWS_OUT",
                       file.path("bench", switch(law_set, probe = "laws_probe.md",
                                                 powers = "laws_powers.md", "laws.md")))

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
                             "y = exp(# * h * m / T)", "y = # * exp(# * h * m / T)")),
  # Added later, from psychology, economics and physics textbooks.
  fitts = list(domain = list(D = c(50, 400), W = c(5, 40)),
               f = function(d) 0.2 + 0.1 * log(2 * d$D / d$W),
               forms = c("y = # * ln(D) - # * ln(W) + #", "y = # * ln(D / W) + #")),
  hick = list(domain = list(n = c(1, 10)), f = function(d) 0.3 + 0.15 * log(d$n + 1),
              forms = "y = # * ln(n + #) + #"),
  practice = list(domain = list(N = c(1, 100)), f = function(d) 0.5 + 2 * d$N^-0.4,
                  forms = "y = # * N^# + #"),
  psychophysical_power = list(domain = list(x = c(1, 100)), f = function(d) 2 * d$x^0.6,
                              forms = "y = # * x^#"),
  exponential_discount = list(domain = list(A = c(10, 100), D = c(0, 60)),
                              f = function(d) d$A * exp(-0.05 * d$D),
                              forms = c("y = A * exp(# * D)", "y = # * A * exp(# * D)")),
  # Untied exponents of two inputs: a product of two power edges.
  cobb_douglas = list(domain = list(L = c(1, 10), K = c(1, 10)),
                      f = function(d) 1.5 * d$L^0.3 * d$K^0.7,
                      forms = c("y = # * K^# * L^#", "y = # * L^# * K^#")),
  hill = list(domain = list(x = c(0, 2)), f = function(d) 3 * d$x^2 / (d$x^2 + 0.25),
              forms = c("y = # / (x^# + #) + #", "y = # - # / (x^# + #)", "y = # * x^# / (x^# + #)",
                        "y = # / (# / x^# + #)")),
  ideal_gas = list(domain = list(n = c(1, 5), T = c(250, 350), V = c(1, 5)),
                   f = function(d) 8.31 * d$n * d$T / d$V, forms = "y = # * T * n / V"),
  two_afc = list(domain = list(x = c(0, 4)), f = function(d) 0.5 + 0.5 * stats::plogis(2 * d$x - 4),
                 forms = c("y = # * logistic(# * x - #) + #", "y = # - # * logistic(# - # * x)")),
  logistic_of_three = list(domain = list(x1 = c(-2, 2), x2 = c(-2, 2), x3 = c(-2, 2)),
                           f = function(d) stats::plogis(d$x1 + 2 * d$x2 - d$x3),
                           forms = c("y = logistic(x1 + # * x2 - x3)",
                                     "y = logistic(# * x1 + # * x2 - # * x3)",
                                     "y = # * logistic(# * x1 + # * x2 - # * x3)")),
  pendulum = list(domain = list(L = c(0.1, 2)), f = function(d) 2.006 * sqrt(d$L),
                  forms = "y = # * L^#"),
  # Two Gaussians of one input: three nodes' worth.
  difference_of_gaussians = list(domain = list(x = c(-3, 3)),
                                 f = function(d) 2 * exp(-d$x^2 / 0.5) - exp(-d$x^2 / 2),
                                 forms = "y = # * exp(# * x^#) - # * exp(# * x^#)"),
  michelson = list(domain = list(L1 = c(1, 5), L2 = c(1, 5)),
                   f = function(d) (d$L1 - d$L2) / (d$L1 + d$L2),
                   forms = c("y = # / (L2 / L1 + #) - #", "y = (L1 - L2) / (L1 + L2)",
                             "y = # * (L1 - L2) / (L1 + L2)", "y = # * L1 / (L1 + L2) - #",
                             "y = # * L2 / (L1 + L2) + #")),
  luce = list(domain = list(v1 = c(1, 5), v2 = c(1, 5)),
              f = function(d) d$v1 / (d$v1 + 0.5 * d$v2),
              forms = c("y = v1 / (v1 + # * v2)", "y = # * v1 / (v1 + # * v2)")),
  drag = list(domain = list(v = c(1, 5), A = c(1, 5)), f = function(d) 0.6 * d$v^2 * d$A,
              forms = "y = # * A * v^#"),
  log_ratio = list(domain = list(x1 = c(1, 5), x2 = c(1, 5)), f = function(d) log(d$x1 / d$x2) + 1,
                   forms = c("y = ln(x1) - ln(x2) + #", "y = ln(x1 / x2) + #")),
  emax = list(domain = list(c = c(0.5, 10)), f = function(d) 1 + 4 * d$c / (2 + d$c),
              forms = c("y = # / (c + #) + #", "y = # - # / (c + #)", "y = # * c / (c + #) + #")),
  tanh_of_two = list(domain = list(x1 = c(-2, 2), x2 = c(-2, 2)),
                     f = function(d) tanh(0.8 * d$x1 + 0.5 * d$x2),
                     forms = c("y = # * logistic(# * x1 + x2) - #", "y = # - # * logistic(# * x1 - x2)",
                               "y = tanh(# * x1 + # * x2)",
                               "y = # * logistic(# * x1 + # * x2) - #")),
  inverse_square = list(domain = list(P = c(1, 5), r = c(1, 5)),
                        f = function(d) d$P / (12.57 * d$r^2), forms = "y = # * P / r^#"),
  gompertz = list(domain = list(t = c(0, 10)), f = function(d) 3 * exp(-2 * exp(-0.5 * d$t)),
                  forms = "y = # * exp(# * exp(# * t))"),
  ricker = list(domain = list(x = c(0, 5)), f = function(d) 2 * d$x * exp(-0.7 * d$x),
                forms = "y = # * x * exp(# * x)"),
  radial = list(domain = list(x1 = c(-2, 2), x2 = c(-2, 2)),
                f = function(d) exp(-(d$x1^2 + d$x2^2) / 2),
                forms = c("y = exp(# * x1^# - # * x2^#)", "y = # * exp(# * x1^# - # * x2^#)")),
  utility = list(domain = list(x1 = c(1, 10), x2 = c(1, 10)),
                 f = function(d) 0.3 * d$x1 + 0.7 * log(d$x2), forms = "y = # * x1 + # * ln(x2)"),
  weber_psychometric = list(domain = list(S = c(1, 5), N = c(1, 5)),
                            f = function(d) stats::plogis(2 * d$S / d$N - 2),
                            forms = "y = logistic(# * S / N - #)"),
  # Added later still, from textbook physics and discounting: a quantity
  # times a composition of a product or ratio of two others (the first three
  # steered the fixes that find them), a product with a square, and a root
  # of a ratio.
  amount_boltzmann = list(domain = list(A = c(1, 5), E = c(1, 5), T = c(1, 5)),
                          f = function(d) d$A * exp(-d$E / d$T),
                          forms = c("y = A * exp(-E / T)", "y = # * A * exp(-E / T)",
                                    "y = A * exp(# * E / T)", "y = # * A * exp(# * E / T)")),
  nernst = list(domain = list(T = c(1, 5), c1 = c(1, 5), c2 = c(1, 5)),
                f = function(d) 0.5 * d$T * log(d$c1 / d$c2),
                forms = c("y = # * T * ln(c1 / c2)", "y = # * T * ln(c2 / c1)")),
  # (Delays from 1: beyond a bound of 0, negative delays would cross the
  # law's pole at D = -1 / k.)
  rate_discount = list(domain = list(A = c(10, 100), k = c(0.01, 0.2), D = c(1, 60)),
                       f = function(d) d$A / (1 + d$k * d$D),
                       forms = c("y = A / (D * k + #)", "y = # * A / (D * k + #)")),
  rotational = list(domain = list(m = c(1, 5), w = c(1, 5), r = c(1, 5)),
                    f = function(d) d$m * d$w^2 * d$r,
                    forms = c("y = m * r * w^#", "y = # * m * r * w^#")),
  sound_speed = list(domain = list(g = c(1, 5), p = c(1, 5), r = c(1, 5)),
                     f = function(d) sqrt(d$g * d$p / d$r),
                     forms = c("y = g^# * p^# * r^#", "y = # * g^# * p^# * r^#")),
  # Four laws beyond the search's reach when they were added: a difference
  # times a decay beside one of its terms, a root of a sum of squares (within
  # reach since the power primitive), a power of an affine term, a sum over
  # one plus a product.
  newton_cooling = list(domain = list(Ta = c(10, 30), T0 = c(50, 90), t = c(0, 10)),
                        f = function(d) d$Ta + (d$T0 - d$Ta) * exp(-0.3 * d$t),
                        forms = c("y = Ta + (T0 - Ta) * exp(# * t)",
                                  "y = (T0 - Ta) * exp(# * t) + Ta")),
  euclidean = list(domain = list(x1 = c(1, 5), x2 = c(1, 5)),
                   f = function(d) sqrt(d$x1^2 + d$x2^2), forms = "y = (x1^# + x2^#)^#"),
  hyperboloid = list(domain = list(A = c(10, 100), D = c(0.5, 60)),
                     f = function(d) d$A / (1 + 0.1 * d$D)^0.7,
                     forms = c("y = # * A * (D + #)^#", "y = A * (# * D + #)^#")),
  velocity_addition = list(domain = list(u = c(1, 5), v = c(1, 5)),
                           f = function(d) (d$u + d$v) / (1 + d$u * d$v / 25),
                           forms = c("y = (u + v) / (# * u * v + #)",
                                     "y = # * (u + v) / (u * v + #)"))
)

# A probe of 20 more laws of these kinds, written when the list above
# printed 147 of its 156 fits in true form, to see whether that held beyond
# it (it led to three fixes: a weighted sum over a reciprocal, (x1 + x2) /
# x3; an input over the sum of all, a / (a + b + c); an input over a
# quadratic in it where the response peaks, 5 * x / (1 + x)^2).
# Kept apart, so that the counts of either list compare across versions.
probe_laws <- list(
  ratio_of_product = list(domain = list(x1 = c(1, 5), x2 = c(1, 5), x3 = c(1, 5)),
                          f = function(d) 2 * d$x1 * d$x2 / d$x3,
                          forms = "y = # * x1 * x2 / x3"),
  luce3 = list(domain = list(a = c(1, 5), b = c(1, 5), c = c(1, 5)),
               f = function(d) d$a / (d$a + d$b + d$c),
               forms = c("y = a / (a + b + c)", "y = # * a / (a + # * b + # * c)",
                         "y = a / (a + # * b + # * c)")),
  saturating = list(domain = list(t = c(0, 8)), f = function(d) 3 * (1 - exp(-0.5 * d$t)),
                    forms = c("y = # * exp(# * t) + #", "y = # - # * exp(# * t)")),
  diff_squares = list(domain = list(x1 = c(1, 5), x2 = c(1, 5)), f = function(d) d$x1^2 - d$x2^2,
                      forms = c("y = x1^# - x2^#", "y = # * x1^# - # * x2^#")),
  exp_product = list(domain = list(k = c(0.1, 1), t = c(0, 5)), f = function(d) exp(-d$k * d$t),
                     forms = c("y = exp(-k * t)", "y = # * exp(-k * t)", "y = exp(# * k * t)",
                               "y = # * exp(# * k * t)")),
  value_weight = list(domain = list(V = c(1, 100), P = c(0.05, 1)), f = function(d) d$V * d$P^0.7,
                      forms = c("y = P^# * V", "y = # * P^# * V", "y = # * V * P^#")),
  sum_over = list(domain = list(x1 = c(1, 5), x2 = c(1, 5), x3 = c(1, 5)),
                  f = function(d) (d$x1 + d$x2) / d$x3,
                  forms = c("y = (x1 + x2) / x3", "y = # * (x1 + x2) / x3",
                            "y = (x1 + # * x2) / x3", "y = # * (x1 + # * x2) / x3")),
  ratio_square = list(domain = list(x = c(0, 5)), f = function(d) 5 * d$x / (1 + d$x)^2,
                      forms = c("y = # * x / (x + #)^#", "y = # * x * (x + #)^#")),
  log_product = list(domain = list(x1 = c(0.5, 3), x2 = c(0.5, 3)),
                     f = function(d) log(1 + d$x1 * d$x2),
                     forms = c("y = ln(x1 * x2 + #)", "y = # * ln(x1 * x2 + #)",
                               "y = # * ln(# * x1 * x2 + #)")),
  geometric_mean = list(domain = list(x1 = c(1, 10), x2 = c(1, 10)),
                        f = function(d) sqrt(d$x1 * d$x2),
                        forms = c("y = (x1 * x2)^#", "y = # * (x1 * x2)^#", "y = x1^# * x2^#",
                                  "y = # * x1^# * x2^#")),
  factored = list(domain = list(x1 = c(1, 5), x2 = c(1, 5)), f = function(d) d$x1 * (d$x2 + 1),
                  forms = c("y = x1 * (x2 + #)", "y = # * x1 * (x2 + #)", "y = x1 * (# * x2 + #)",
                            "y = # * x1 * (# * x2 + #)", "y = x1 * x2 + x1")),
  shifted_ratio = list(domain = list(x1 = c(1, 5), x2 = c(0, 5)),
                       f = function(d) 10 * d$x1 / (d$x2 + 0.5),
                       forms = c("y = # * x1 / (x2 + #)", "y = x1 / (# * x2 + #)")),
  gain_tuning = list(domain = list(g = c(0.5, 2), th = c(-2, 3)),
                     f = function(d) d$g * exp(-(d$th - 1)^2 / 0.5),
                     forms = c("y = g * exp(# * (th # #)^#)", "y = # * g * exp(# * (th # #)^#)")),
  weber_fechner = list(domain = list(S = c(1, 100)), f = function(d) 2 * log(d$S / 0.5),
                       forms = c("y = # * ln(S) + #", "y = # * ln(# * S)")),
  logistic_growth = list(domain = list(t = c(0, 20)),
                         f = function(d) 50 / (1 + exp(-0.5 * (d$t - 10))),
                         forms = "y = # * logistic(# * t - #)"),
  naka_rushton = list(domain = list(c = c(0, 1)), f = function(d) 40 * d$c^2 / (d$c^2 + 0.09) + 5,
                      forms = c("y = # / (c^# + #) + #", "y = # - # / (c^# + #)",
                                "y = # * c^# / (c^# + #) + #")),
  exp_of_ratio = list(domain = list(x1 = c(1, 5), x2 = c(1, 5)),
                      f = function(d) 2 * exp(-d$x1 / d$x2),
                      forms = c("y = # * exp(-x1 / x2)", "y = # * exp(# * x1 / x2)")),
  power_ratio = list(domain = list(x1 = c(1, 5), x2 = c(1, 5)), f = function(d) d$x1^1.5 / d$x2,
                     forms = c("y = x1^# / x2", "y = # * x1^# / x2")),
  quadratic_interaction = list(domain = list(x1 = c(-2, 2), x2 = c(-2, 2)),
                               f = function(d) 1 + d$x1 + d$x1 * d$x2,
                               forms = c("y = x1 + x1 * x2 + #", "y = # * x1 + x1 * x2 + #",
                                         "y = # * x1 + # * x1 * x2 + #", "y = x1 * (x2 + #) + #",
                                         "y = x1 * (# * x2 + #) + #")),
  damped = list(domain = list(A = c(1, 5), t = c(0, 4)), f = function(d) d$A * exp(-0.5 * d$t) + 1,
                forms = c("y = A * exp(# * t) + #", "y = # * A * exp(# * t) + #"))
)

# Laws of one input with a power inside another function, written when the
# refinement learned to power a hidden node where one input's search has no
# power (DARTSR_LAWS_SET=powers): chosen for that work, so a check of it,
# not a probe.
power_laws <- list(
  weibull = list(domain = list(x = c(0.1, 5)), f = function(d) 1 - exp(-(d$x / 2)^3),
                 forms = c("y = -exp(-0.1 * x^3) + 1", "y = 1 - exp(-0.1 * x^3)",
                           "y = -2 * exp(-0.1 * x^3) + 1")),
  weibull_2afc = list(domain = list(c = c(0.005, 0.15)),
                      f = function(d) 1 - 0.5 * exp(-(d$c / 0.05)^3),
                      forms = c("y = -0.5 * exp(-0.1 * c^3) + 1", "y = 1 - 0.5 * exp(-0.1 * c^3)")),
  stretched_exp = list(domain = list(t = c(0.1, 10)), f = function(d) 5 * exp(-(d$t / 3)^0.5),
                       forms = c("y = 5 * exp(-0.5 * t^0.5)", "y = exp(-0.5 * t^0.5 + 1)")),
  hill = list(domain = list(x = c(0.1, 10)), f = function(d) 4 * d$x^2.5 / (3^2.5 + d$x^2.5),
              forms = c("y = 4 / (x^-2.5 + 0.1)", "y = 4 * x^2.5 / (x^2.5 + 15)",
                        "y = 4 / (1 + 15 * x^-2.5)", "y = 4 / (15 * x^-2.5 + 1)")),
  dose_response = list(domain = list(x = c(0.1, 10)),
                       f = function(d) 1 + 4 * d$x^1.7 / (2^1.7 + d$x^1.7),
                       forms = c("y = -4 / (x^1.7 + 0.1) + 5", "y = 5 - 4 / (x^1.7 + 0.1)",
                                 "y = 4 / (x^-1.7 + 0.1) + 1",
                                 "y = 4 * x^1.7 / (x^1.7 + 3) + 1")),
  richards = list(domain = list(t = c(0, 10)), f = function(d) 10 * plogis(d$t - 4)^3,
                  forms = c("y = 10 * logistic(t - 4)^3", "y = 10 * logistic(2 * t - 4)^3")),
  stevens_threshold = list(domain = list(x = c(1, 10)), f = function(d) 2 * (d$x - 0.5)^1.5,
                           forms = c("y = 2 * (x - 0.5)^1.5", "y = (2 * x - 0.5)^1.5")),
  hyperboloid = list(domain = list(D = c(1, 50)), f = function(d) 10 / (1 + 0.2 * d$D)^0.6,
                     forms = c("y = 26 * (D + 5)^-0.6", "y = 10 * (0.2 * D + 1)^-0.6"))
)
if (law_set == "probe") laws <- probe_laws
if (law_set == "powers") laws <- power_laws

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
  switch(law_set, probe = "# Kinds of law: a probe of 20 more",
         powers = "# Kinds of law: one input, a power inside", "# Kinds of law"),
  "",
  sprintf("`%s%sRscript bench/laws.R%s` on %s, %s, dartsr %s. Package defaults; 200 training rows",
          if (law_set == "bench") "" else paste0("DARTSR_LAWS_SET=", law_set, " "),
          if (nzchar(Sys.getenv("DARTSR_LAWS_OUT"))) paste0("DARTSR_LAWS_OUT=", out_file, " ") else "",
          if (length(args) > 0) paste0(" ", paste(args, collapse = " ")) else "",
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
