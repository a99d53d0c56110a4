# The refinement's policy: every constant that bounds or tunes the discrete
# phase after the search (R/refine.R and the files it calls), in one place.
# Change a value here and the benches (bench/quality.R, bench/nist.R,
# bench/laws.R) judge it.

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
CV_ITERATIONS <- 50L
LOOK_ITERATIONS <- 5L

# Combinations of the edges' strongest primitives up to REFINE_EXHAUSTIVE_MAX
# are enumerated; beyond, a forward selection and the combinations of each
# edge's strongest primitives up to that many (see screen_candidates()). Every
# combination costs a simplification of its equation (about a millisecond)
# before any deduplication: enumerating the 343 combinations of a three-edge
# graph took longer than the forward selection that finds the same equations.
REFINE_EXHAUSTIVE_MAX <- 64L

# Distinct shapes screened at most, and the work they may take (rows times
# coefficients squared times iterations, summed over starts): together they
# bound the discrete phase whatever the size of the graph.
SCREEN_MAX_SHAPES <- 300L
SCREEN_WORK_BUDGET <- 4e9

# The forward selection's passes; of the moves that multiply or compose
# inputs, those screened in full after a quick look (see most_promising()),
# and the moves of an input times a composition of others (see
# prefactored_moves()).
FORWARD_PASSES <- 8L
INTERACTION_SCREENS <- 8L
PREFACTOR_MOVES <- 120L

# Nonlinear edges of one kind from one source start at rates this factor
# apart (see spread_rates()).
RATE_SPREAD <- 3

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

# Selection: K-fold cross-validation with CV_FOLDS folds, leave-one-out up to
# CV_LOO_MAX_ROWS rows (or groups).
CV_FOLDS <- 10L
CV_LOO_MAX_ROWS <- 30L
