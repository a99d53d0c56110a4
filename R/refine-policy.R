# The refinement's policy: every constant that bounds or tunes the discrete
# phase after the search (R/refine.R and the files it calls), in one place.
# ?darts_regressor's section "Refinement policy" is generated from
# REFINE_POLICY below, so the help page cannot drift from the code. Change a
# value here and the benches (bench/quality.R, bench/nist.R, bench/laws.R)
# judge it.

# Rows: the screening, the front and the selection work on at most
# SELECTION_ROWS rows drawn from R's RNG, so their cost does not grow with the
# data; a candidate is screened on at most SCREEN_ROWS of them.
SELECTION_ROWS <- 2000L
SCREEN_ROWS <- 256L

# Levenberg-Marquardt iterations: a screen's, a polish's (the front's members,
# the chosen model, and the search's sampled model when the fit does not
# refine), a cross-validation fold's refit and a move's quick look.
SCREEN_ITERATIONS <- 30L
POLISH_ITERATIONS <- 100L
# A sum of exponentials is polished until it converges (see
# R/refine-exponential-sums.R), on few rows for up to POLISH_ROW_ITERATIONS /
# rows iterations, at most POLISH_MAX_ITERATIONS: three exponentials (NIST's
# Lanczos) need a thousand, and on 24 rows they cost what 100 cost on 240.
POLISH_ROW_ITERATIONS <- 24000L
POLISH_MAX_ITERATIONS <- 1000L
CV_ITERATIONS <- 50L
LOOK_ITERATIONS <- 5L

# Levenberg-Marquardt iterations of the fit to the log of the response that
# gives an exponential of a hidden node, or a product of exponentials, its
# linearized start (see linearized_start()): the fit has few coefficients,
# and a start from a fit stopped short is no nearer the law than the generic
# ones.
LINEARIZED_ITERATIONS <- 100L

# Combinations of the edges' strongest primitives up to REFINE_EXHAUSTIVE_MAX
# are enumerated; beyond, a forward selection and the combinations of each
# edge's strongest primitives up to that many (see screen_candidates()). Every
# combination costs a simplification of its equation (about a millisecond)
# before any deduplication: enumerating the 343 combinations of a three-edge
# graph took longer than the forward selection that finds the same equations.
REFINE_EXHAUSTIVE_MAX <- 64L

# Distinct shapes screened at most, and the work they may take (rows times
# coefficients squared times iterations, summed over starts): together they
# bound the discrete phase whatever the size of the graph. (Of three inputs,
# the compositions and the additive selection take about 130 shapes, and the
# forward selection that reaches q * (V1 - V2) about 190 more.)
SCREEN_MAX_SHAPES <- 320L
SCREEN_WORK_BUDGET <- 4e9

# The forward selection's passes; of the moves that multiply or compose
# inputs, those screened in full after a quick look (see most_promising()),
# and of an input times a composition of another (see
# scaled_composition_moves()); and the moves of an input times a composition
# of others (see prefactored_moves()).
FORWARD_PASSES <- 8L
INTERACTION_SCREENS <- 8L
SCALED_COMPOSITION_SCREENS <- 3L
PREFACTOR_MOVES <- 120L

# The periodogram that starts periodic edges (see strongest_periods()): its
# rows at most (evenly spaced), its frequencies at most, and the peaks it
# offers (one per periodic edge of an input).
PERIODOGRAM_ROWS <- 1000L
PERIODOGRAM_FREQUENCIES <- 600L
PERIODIC_PEAKS <- 3L

# The response is periodic along an input, and the default search space
# takes a sine, when beside a cubic trend in each input one sinusoid of at least
# PERIODIC_MIN_CYCLES periods takes PERIODIC_SHARE of its variance and
# PERIODIC_STRETCH_SHARE of what the trends leave in each of as many
# stretches of the input, of at least PERIODIC_MIN_ROWS distinct values (see
# periodic_inputs()).
PERIODIC_MIN_CYCLES <- 4L
PERIODIC_SHARE <- 0.01
PERIODIC_STRETCH_SHARE <- 0.2
PERIODIC_MIN_ROWS <- 30L
PERIODIC_FALSE_ALARM <- 1e-3

# A sum of exponentials of one input (see R/refine-exponential-sums.R) starts
# from the best rates of a grid, rates times the input's span a factor of 2
# apart from EXPONENTIAL_GRID_SLOWEST to EXPONENTIAL_GRID_FASTEST, decaying
# and growing, for sums of up to EXPONENTIAL_GRID_TERMS terms (choose(14, 4)
# least-squares fits); then Nelder-Mead refines them, in runs of
# EXPONENTIAL_RATE_EVALUATIONS evaluations, at most EXPONENTIAL_RATE_ROUNDS.
EXPONENTIAL_GRID_SLOWEST <- 0.25
EXPONENTIAL_GRID_FASTEST <- 16
EXPONENTIAL_GRID_TERMS <- 4L
EXPONENTIAL_RATE_EVALUATIONS <- 500L
EXPONENTIAL_RATE_ROUNDS <- 4L

# Nonlinear edges of one kind from one source start at rates this factor
# apart (see rate_spread()).
RATE_SPREAD <- 3

# A peak-shaped move (a gamma variate, an input over a quadratic in it; see
# scaled_term_moves()) is offered for an input when, of the rows cut into
# this many groups along it (or twice as many), one inside has a mean
# response clearly above or below both ends' (see peaks_inside()).
PEAK_BINS <- 5L

# The front: the best screened shapes at each complexity polished in full
# (see front_members()); the rounds of backward steps from the chosen
# equation (see with_backward_steps()).
FRONT_CONTENDERS <- 3L
BACKWARD_ROUNDS <- 2L

# Variants: a term below the PRUNE_DIGITS-th significant digit of the largest
# beside it leaves the network (R/refine-prune.R); an offset held at 0, or an
# exponent made whole, may make the loss at most OFFSET_LOOK_RATIO times
# worse; an exponent within WHOLE_EXPONENT_GAP of a whole number is tried
# whole; a logistic in its tail is tried as an exponential when that costs at
# most TAIL_LOOK_RATIO, or when its argument stays beyond TAIL_ARGUMENT.
PRUNE_DIGITS <- 3L
OFFSET_LOOK_RATIO <- 2
WHOLE_EXPONENT_GAP <- 0.05
TAIL_LOOK_RATIO <- 1.1
TAIL_ARGUMENT <- 4

# A member whose printed law has a constant within UNIT_GAP of 1 or -1 is
# tried with its scaling coefficients, and its offsets within UNIT_GAP of 1
# or -1, at 1 or -1, each kept there while the fit stays within the
# UNIT_LEVEL quantile of a likelihood-ratio test of them all (see
# unit_coefficients()).
UNIT_GAP <- 0.05
UNIT_LEVEL <- 0.95

# Selection: K-fold cross-validation with CV_FOLDS folds, leave-one-out up to
# CV_LOO_MAX_ROWS rows (or groups).
CV_FOLDS <- 10L
CV_LOO_MAX_ROWS <- 30L

# What each constant means, for the help page.
REFINE_POLICY <- c(
  SELECTION_ROWS = "rows the screening, the front and the selection use at most; more are drawn at random",
  SCREEN_ROWS = "rows a candidate is screened on at most",
  SCREEN_ITERATIONS = "Levenberg-Marquardt iterations of a screen, from each starting point",
  POLISH_ITERATIONS = "Levenberg-Marquardt iterations of a polish: a member of the front, the chosen equation, or the sampled model of a fit that does not refine",
  POLISH_ROW_ITERATIONS = "Levenberg-Marquardt iterations times rows the polish of a sum of exponentials may take where that allows more than POLISH_ITERATIONS (on few rows); it stops where it converges",
  POLISH_MAX_ITERATIONS = "Levenberg-Marquardt iterations of the polish of a sum of exponentials at most, however few the rows",
  CV_ITERATIONS = "Levenberg-Marquardt iterations of a member's refit on each training fold",
  LOOK_ITERATIONS = "iterations of the quick look that ranks moves which multiply or compose inputs",
  LINEARIZED_ITERATIONS = "Levenberg-Marquardt iterations of the fit to the log of the response that starts an exponential of a hidden node, or a product of exponentials",
  REFINE_EXHAUSTIVE_MAX = "combinations of the edges' strongest primitives enumerated at most",
  SCREEN_MAX_SHAPES = "distinct equation shapes screened at most",
  SCREEN_WORK_BUDGET = "work the screening may take (rows times coefficients squared times iterations)",
  FORWARD_PASSES = "passes of the forward selection at most",
  INTERACTION_SCREENS = "moves that multiply or compose inputs screened in full per step",
  SCALED_COMPOSITION_SCREENS = "moves of an input times an Arrhenius factor, a Gompertz curve or a shifted power of another screened in full",
  PREFACTOR_MOVES = "moves of an input times a composition of others at most",
  PERIODOGRAM_ROWS = "rows of the periodogram that starts a periodic edge at the response's strongest period, at most",
  PERIODOGRAM_FREQUENCIES = "frequencies that periodogram tries, at most",
  PERIODIC_PEAKS = "peaks of that periodogram offered, one per periodic edge of an input",
  PERIODIC_MIN_CYCLES = "periods over an input's range, at least, of a cycle that makes the response periodic along it (the default search space then takes a sine); also the stretches of the input the cycle must hold in",
  PERIODIC_SHARE = "share of the response's variance such a cycle takes, at least",
  PERIODIC_STRETCH_SHARE = "share of what a cubic trend leaves in each stretch that such a cycle takes, at least",
  PERIODIC_MIN_ROWS = "distinct values of an input, at least, for the response to count as periodic along it",
  PERIODIC_FALSE_ALARM = "chance, at most, that white noise left by the trend has a sinusoid taking as large a share of it as such a cycle must",
  EXPONENTIAL_GRID_SLOWEST = "slowest rate (times the input's span) of the grid that starts a sum of exponentials of one input",
  EXPONENTIAL_GRID_FASTEST = "fastest rate (times the input's span) of that grid",
  EXPONENTIAL_GRID_TERMS = "terms of a sum of exponentials started from that grid, at most",
  EXPONENTIAL_RATE_EVALUATIONS = "evaluations of the least-squares fit given the rates in a Nelder-Mead run that refines the grid's rates",
  EXPONENTIAL_RATE_ROUNDS = "such runs at most, each from where the last stopped",
  RATE_SPREAD = "factor between the starting rates of nonlinear edges of one kind from one source",
  PEAK_BINS = "groups of rows along an input, one inside of which (or of twice as many) must have a mean response clearly above or below both ends' for a gamma variate of the input, or the input over a quadratic in it, to be tried",
  FRONT_CONTENDERS = "best screened shapes at each complexity polished in full for the front",
  BACKWARD_ROUNDS = "rounds of backward steps (each term of the chosen equation dropped in turn)",
  PRUNE_DIGITS = "significant digits below which a term leaves the network",
  OFFSET_LOOK_RATIO = "how many times worse a variant with an offset held at 0 or an exponent made whole may fit",
  WHOLE_EXPONENT_GAP = "distance from a whole number within which an exponent is tried whole",
  TAIL_LOOK_RATIO = "how many times worse a logistic's exponential variant may fit",
  TAIL_ARGUMENT = "a logistic's argument beyond which, on every row, it is in its tail",
  UNIT_GAP = "distance from 1 or -1 within which a printed constant has the member's scaling coefficients, and its offsets as near, tried at 1 or -1",
  UNIT_LEVEL = "level of the likelihood-ratio test below which coefficients held at 1 or -1 are kept there",
  CV_FOLDS = "folds of the cross-validated selection",
  CV_LOO_MAX_ROWS = "rows (or groups) up to which the selection validates leave-one-out"
)

# The help page's list of the policy: each constant, its value, its meaning.
refine_policy_rd <- function() {
  values <- vapply(names(REFINE_POLICY), function(name) format(get(name)), character(1))
  items <- sprintf("\\item{`%s` = %s}{%s.}", names(REFINE_POLICY), values, REFINE_POLICY)
  paste(c("\\describe{", items, "}"), collapse = "\n")
}
