#' Specify a DARTS equation search
#'
#' `darts_regressor()` makes the specification of a search: the space of
#' computation graphs (`num_graph_nodes`, `primitives`), the output type, and how
#' the search runs. Fit it to data with [fit()][fit.darts_regressor] (a formula
#' and a data frame) or [fit_xy()][fit_xy.darts_regressor] (a matrix and a
#' response). Every value is checked here, so a mistake shows before any work.
#'
#' The arguments are those of the `DARTSRegressor` of the Python package AutoRA,
#' by the same names, so that a user of one can read the other.
#'
#' @section The search:
#' Hidden node `k_j` sums a *mixed operation* on every input and every earlier
#' hidden node: a weighted sum of all `primitives`, weighted by the softmax
#' (`darts_type = "original"`) or the sigmoid (`"fair"`) of the architecture
#' weights `alphas` of that edge. The outputs are `bias + weight %*% k`,
#' followed by the output function of `output_type`. Each epoch runs
#' `arch_updates_per_epoch` Adam steps on the architecture weights (betas 0.5 and
#' 0.999, with a decay per step of `arch_learning_rate_max * (dof *
#' arch_weight_decay_df + arch_weight_decay_base * num_graph_nodes)`, where `dof`
#' is 1 + the number of parameters of a primitive and 0 for `"none"`) and then
#' `param_updates_per_epoch` steps of `param_optimizer` (Adam by default) on the
#' operations' parameters. Then one primitive per edge is chosen
#' (`sampling_strategy`) and the parameters of that sampled model are fitted by
#' `param_updates_for_sampled_model` SGD steps.
#'
#' @section Products and ratios:
#' With `"product"` among the `primitives` (it is by default), a hidden node
#' may also multiply its edges instead of adding them. Each node then mixes the
#' two kinds, `w_sum * (sum of its edges) + w_product * (product of its
#' edges)`, weighted by architecture weights of its own (`node_alphas` of the
#' fit; softmax or sigmoid as for the edges, the same Adam steps and decay, a
#' product charged one degree of freedom), and the sampled graph takes one kind
#' per node. An edge of `"none"` is the factor 1 of a product as it is the term
#' 0 of a sum. Dividing is multiplying by a reciprocal: `affine_reciprocal`
#' (`1 / (a * x + b)`) on one edge makes `A / (1 + k * D)` a single product
#' node. See [darts_primitives()] for the node kinds and the domain guards
#' (a product is held within `+-1e30`; the only denominators are the
#' reciprocals', held at least `1e-6` in size). Without `"product"` (as in any
#' list of the reference's primitives) every node sums, and the search is the
#' reference's.
#'
#' @section Coefficient polishing:
#' The architecture is chosen while the mixture's parameters are still being
#' fitted by small gradient steps, so the sampled model starts its own fit far from
#' its best coefficients (a `mult` edge that carried a seventh of a mixture
#' starts about seven times too large) and `param_updates_for_sampled_model`
#' SGD steps often do not get there. With `polish_coefficients = TRUE` the
#' sampled model's few coefficients (its primitives' parameters and the
#' trainable classifier entries) are then fitted by Levenberg-Marquardt on the
#' fit's loss over all rows (the sum of squared errors, or a deviance by Fisher
#' scoring; see Choices and case weights), for at most `r POLISH_ITERATIONS`
#' iterations; the
#' result is kept only if it lowers that loss, so polishing never makes a fit
#' worse. A sampled model of more than 200 coefficients is not polished
#' (`fit$convergence$polish$iterations` is 0): the polish's matrices grow with
#' the square of the coefficients and its work with that square times the
#' rows, and the sampled model of a large graph with most edges in use has
#' thousands. Unlike the gradient steps, it applies no weight decay (but a
#' deviance's small ridge penalty). The
#' refinement of the architecture (below) fits its candidates the same way
#' whatever `polish_coefficients` says: `polish_coefficients = FALSE` with
#' `refine_top = 0` gives the reference's behaviour.
#'
#' @section Refining the architecture:
#' The strongest primitive of every edge, each chosen alone, is often not the
#' best graph: first-order DARTS ranks primitives while their parameters are
#' still being fitted. So after the search dartsr fits discrete candidates:
#' every combination of the `refine_top` strongest primitives of each edge and
#' `"none"` (whether or not the search space has it), strongest first, when
#' there are at most `r REFINE_EXHAUSTIVE_MAX`. Otherwise: the
#' search's own graph, the combinations of each edge's few strongest
#' primitives (up to `r REFINE_EXHAUSTIVE_MAX`), and a forward selection from the empty graph that
#' takes, pass by pass, the one step that helps most: an edge and primitive;
#' the two edges of a composition at once (`ln` into an empty node and `exp`
#' out of it for a power law: alone, the first adds nothing; likewise a peak,
#' an Arrhenius factor, a Lorentzian `1 / (a * (x - m)^2 + b)`, the square
#' under a reciprocal, a Gompertz curve, an exp of an exp, and the `ln` of a
#' line with an offset, `ln(n + 1)` of Hick's law); a
#' nonlinearity's argument grown
#' into a weighted sum (`logistic(a * x1 + b)` to `logistic(a * x1 + c * x2 +
#' b)`: a choice rule of two inputs); and where nodes may multiply, a factor
#' into a node (`V` to `V * P`, `A` to `A / (a * D + b)`) or a product of two
#' sources in a new node (`x * k1`, where `k1` is `1 / (a * x + b)`, for
#' `x / (a * x + b)`), of which the `r INTERACTION_SCREENS` that look best when their output
#' layer is solved from the current fit are screened, and a term divided by a
#' weighted sum of two sources (`U` to `U / (a * (R + c * r) + b)`, Ohm's
#' law; `d1 * d2` to `d1 * d2 / (d1 + d2)`); and another nonlinear primitive
#' on an edge in use (an exponential where a first step took a logistic or a
#' line); and, while two nodes are empty, two exponentials of one input in
#' both at once, started at rates `r RATE_SPREAD` times apart (a rise and fall,
#' `b1 * exp(-k1 * x) + b2 * exp(-k2 * x)`). A pass costs one screen per edge and
#' primitive, and a bounded number for products. (With products in the search
#' space the forward selection runs after the enumeration too, and before it
#' these compositions of inputs are screened: each nonlinearity of a weighted
#' sum of every input (`logistic(a * (x1 + c2 * x2 + c3 * x3) + b)`, which
#' one input at a time rarely reaches); the exponentials and logistics of a
#' product or ratio of two inputs, `exp(a * E / T + b)`,
#' `logistic(a * S / N + b)`, the best of them grown by one factor at a time
#' while that fits better (`exp(a * m * h / T + b)`); an input times a nonlinearity of
#' another (`A * exp(a * D + b)`) or of itself (`x * exp(a * x + b)`, through
#' two nodes); where the response peaks inside an input's range (of the
#' rows cut into `r PEAK_BINS` groups along it, one inside has a mean above
#' both ends', or below, by more than twice its standard error), a
#' power of the input times an exponential of it (`c * x^p * exp(-k * x)`, a
#' gamma variate: `ln(x)` in one node, the exp of it times `exp(a * x + b)` in
#' the next, also started from a fit to the log of the response); an input times an Arrhenius factor, a Gompertz curve or a
#' shifted power (a reciprocal then a power) of another, through two nodes
#' (`A * exp(-E / T)`; hyperboloid discounting, `A / (1 + k * D)^s`, printed
#' `c * A * (D + d)^-s`); an input times an exponential, logistic, ln or reciprocal of a
#' product or ratio of two others, grown likewise (`A * exp(a * E / T + b)`,
#' `T * ln(a * c1 / c2)`, `A / (a * k * D + b)`; each input of three or four,
#' fewer of more); and an input over a weighted sum of itself and another
#' (`v1 / (v1 + c * v2 + d)`, Luce's choice rule). The best of these seeds a
#' second forward selection when it fits better than all the first found and
#' the first did not end on it. And before either selection, with two inputs
#' or more, a sum of one-input functions is grown from the linear model of
#' every input by swapping one input's term for a nonlinear one at a time
#' while that helps: `2 * x1 + exp(x2) + (x3 - 1)^2`, which the greedy
#' selection misses when a product of two inputs fits better than any one
#' term; with one input, sums of two and three exponentials are screened
#' whatever the selections reach, the third a power of the first node (a
#' power of an exponential is another), and each screened sum of
#' exponentials is started too from the best rates of a grid from
#' `r EXPONENTIAL_GRID_SLOWEST` to `r EXPONENTIAL_GRID_FASTEST` times the
#' input's span (the coefficients a least-squares fit given the rates, the
#' rates then refined by Nelder-Mead) and polished until it converges, up to
#' `r POLISH_MAX_ITERATIONS` iterations on few rows: three exponentials,
#' NIST's Lanczos data, are the textbook ill-conditioned fit.) Each candidate is also tried with the output
#' weights of nodes that feed other nodes held at 0 (`x^0.8` written as
#' `exp(0.8 * ln(x))` without `ln(x)` itself in the output). Most combinations
#' write the same few equations, so each is first reduced to the shape of its
#' simplified equation and each shape is fitted once. Every shape is screened
#' on at most `r SCREEN_ROWS` rows with a short Levenberg-Marquardt polish
#' (`r SCREEN_ITERATIONS` iterations) from three to five starting points; at
#' most `r SCREEN_MAX_SHAPES` shapes, and a bounded amount of work, so
#' that the refinement of a large graph stays a matter of seconds. The best
#' shape at each complexity, if it fits better than every simpler one, joins
#' the Pareto front (see [pareto_front()]), and so does its variant without
#' the output bias (`c * x^p` beside `c * x^p + d`; also of a candidate off
#' the front when, its bias at 0, it still fits better than every member two
#' simpler: `c * x / (x + K)` from `c * x / (x + K) + d`; the scale `a` of an
#' `ln(a * x)` term in the output, a constant of its own, is held at 1 with
#' the bias): each is polished on the
#' selection rows (all rows up to `r SELECTION_ROWS`, else `r SELECTION_ROWS`
#' drawn at random) and pruned: a term too small to show at `r PRUNE_DIGITS`
#' significant digits beside the largest term leaves the network (an offset `b` that small leaves its edge,
#' which takes the primitive without one: `linear` becomes `mult`), and the
#' rest is refitted, so that the printed equation and the model are one. The
#' pruned network replaces the whole one when its BIC is no higher (losses
#' within rounding of each other count as equal): pruning is model selection,
#' weighed by the selection's criterion rather than by what the printer shows.
#' Each member then gets a variant with the offsets `b` of its edges held at 0
#' where, set to 0, they make the loss at most `r OFFSET_LOOK_RATIO` times larger (`m / V` beside `m / (V -
#' 6.4e-05)`; so does a candidate off the front that fits better than every
#' member two simpler and still does at a quick look with them held, the
#' best `r FRONT_CONTENDERS` of those: `c / (x^2 + d) + e` from
#' `c / ((x - 0.014)^2 + d) + e`); a logistic term that landed on its falling side, `c - c *
#' logistic(-u)`, is also read as `c * logistic(u)` for its bias-free variant;
#' and a relu that hardly bends on the rows (made a line, it at most doubles
#' the loss) is offered as that line, `A * exp(-0.7 * t)` beside
#' `relu(0.85 * A * exp(-0.7 * t))`; a logistic that stays in one tail on the
#' rows is offered as the exponential it is there (`exp(-0.5 * x1^2 - 0.5 *
#' x2^2)` beside `44200 * logistic(-0.5 * x1^2 - 0.5 * x2^2 - 10.7)`, where
#' that makes the loss at most `r TAIL_LOOK_RATIO` times larger, or where its
#' argument stays beyond `r -TAIL_ARGUMENT` or `r TAIL_ARGUMENT` on every row);
#' and a power law whose exponent is within `r WHOLE_EXPONENT_GAP` of a whole
#' number is offered with that number, held
#' (`q1 * q2 / r^2` beside `q1 * q2 * r^-2.00008`), where that at most
#' doubles the loss. An `ln(a * x)` factor of a product node is `ln(x)` plus
#' the constant `ln(a)`, a term of its own: such a member is also offered
#' with `a` held at 1 (or -1), and so are the scales of the factors of the
#' `ln`'s source, which would take the constant over (`0.5 * T * ln(c1 /
#' c2)` beside `0.5 * T * (ln(c1 / c2) - 3e-06)`). A member whose equation
#' has a constant within `r UNIT_GAP` of 1 or -1 is offered with its
#' coefficients at 1 or -1 where the data cannot tell them from that: each
#' rate and output weight, then each offset within as much of 1 or -1, is
#' held there in turn, and kept while a likelihood-ratio test of all held so
#' far stays below its `r UNIT_LEVEL` quantile (`U / (R + r)` beside
#' `0.999 * U / (R + 0.999 * r)` on noisy data); this is done from the
#' network as it is and from it with its `add` and `subtract` edges written
#' as `mult`, whose scale is free (`logistic(1.5 * x1 - x2)`, where the -1
#' is a product of two coefficients). The simpler of the two results joins
#' if its law is simpler than the member's and no member with as few
#' constants fits as well. The chosen equation's terms are then
#' dropped one at a time, each with its small offsets held at 0 too, and
#' offered to the selection (and so are their logistics left in a tail,
#' their relus that no longer bend and their nearly whole exponents).
#' The refinement runs when `sampling_strategy =
#' "max"` (a `"sample"` draw is kept as drawn), for every `output_type`.
#' Its constants are listed under Refinement policy.
#'
#' @section Refinement policy:
#' The refinement's constants (`R/refine-policy.R`), with their values:
#'
#' `r refine_policy_rd()`
#'
#' @section Choices and case weights:
#' The response decides the loss, as the family does for [stats::glm()]:
#' * a numeric response: squared error (for a logistic `output_type`, the
#'   squared error of the probability, as the reference fits it);
#' * a two-level factor, a logical or a character vector of two values: the
#'   probability of the second level (of `TRUE`), `P(y = level2) =
#'   logistic(f(x))`, fitted by the binomial deviance; `output_type` becomes
#'   `"probability"` unless it is a logistic type already;
#' * counts `cbind(successes, failures)` with a logistic `output_type`: the
#'   probability of success, each row weighted by its trials, by the binomial
#'   deviance;
#' * a factor of more levels: one output per level under a softmax
#'   (`output_type = "probability_distribution"`), by the multinomial
#'   deviance.
#' The deviance is then the loss of the search's steps, of the polish
#' (Fisher scoring: Levenberg-Marquardt on the deviance), of the refinement
#' and of the cross-validated selection. Case weights (`weights` of
#' [fit()][fit.darts_regressor]) multiply each row's loss everywhere: a row of
#' weight 2 counts as the row twice. On classes that the inputs separate, the
#' deviance falls toward 0 as the coefficients grow without bound; the polish
#' of a choice therefore adds a ridge penalty of `1e-6` times the total weight
#' times the sum of the squared coefficients, which holds them finite (fitted
#' probabilities stay of the order of `1e-5` away from 0 and 1 rather than
#' `1e-28`) and moves well-determined coefficients by far less than their
#' standard errors. Such a fit warns, as `glm()` does.
#'
#' @section Selection:
#' With `selection = "cv"` (the default), the front's equations are compared
#' by cross-validation on the selection rows: `r CV_FOLDS` folds (leave-one-out
#' up to `r CV_LOO_MAX_ROWS` rows), drawn from R's random number generator, the coefficients refitted on
#' each training fold from the full-data estimate. With `groups` (see Grouped
#' data in [fit()][fit.darts_regressor]), whole groups are held out instead:
#' one fold per group up to `r CV_LOO_MAX_ROWS` groups, else `r CV_FOLDS` folds
#' of groups. The equation chosen is the
#' simplest whose cross-validated mean squared error is within one standard
#' error of the lowest -- the rule glmnet users know as `lambda.1se`. Why not
#' the training error or an in-sample criterion: the front's members are each
#' the best of many candidates fitted to the same rows, which rewards fitting
#' the noise; BIC's `N log(SSE / N)` even runs to minus infinity as the
#' coefficients approach the rows, so on a handful of rows it picks an
#' equation that interpolates them. `selection = "bic"` chooses the lowest
#' `N log(SSE / N) + k log(N)` instead, with `k` the complexity. An equation
#' with as many free coefficients as rows less one, or more, is never a
#' candidate. Nor is one with a pole between the rows: a denominator (the
#' argument of a reciprocal, the base of a negative power) positive on some
#' rows and negative on others, so that the equation runs to infinity between
#' observed values (`17.9 * exp(-0.406 * conc) / (conc - 11) + 1.65` on an
#' assay whose rows include 6.25 and 12.5). Nor is one with a fold whose rows alone determine some of its
#' coefficients (a relu's kink with one row beyond it, a term such as
#' `1e-26 * exp(27 * x)` that only the largest `x` sees): refitted from the
#' full-data estimate, those coefficients keep what the held-out rows told
#' them, so its cross-validated error would be a training error; it counts
#' as infinite. Left out one by one, a row counts with its replicates (rows
#' with the same inputs): where two rows share each concentration, the one
#' left in would tell such a term what the held-out one did. The chosen equation then takes up to two backward steps: each
#' of its terms (an output weight, an edge beside others in its node) dropped
#' in turn and the rest refitted, validated on the same folds; a simpler
#' equation that the rule prefers joins the front and is chosen (`2 * x1 +
#' exp(x2)`, where the greedy forward selection had added a product term a
#' hundredth of its size). Only the chosen equation is then polished on every
#' row.
#'
#' @section Multi-start search:
#' With `n_restarts > 1`, `fit()` runs that many independent searches, each from
#' its own random-number stream (L'Ecuyer-CMRG, derived from one draw of R's
#' generator, so `set.seed()` fixes them all), and keeps the one whose chosen
#' equation scores best by the selection's criterion: its cross-validated
#' RMSE (deviance for a likelihood fit), the `cv_rmse` of [pareto_front()], or
#' its BIC when `selection = "bic"` or a restart has no cross-validated error. When the future.apply package is installed the searches run through
#' it and follow `future::plan()`: sequential by default, in parallel with
#' `plan(multisession)`, on other machines with `plan(cluster)` or a batchtools
#' backend. The streams are fixed before the searches start, so the result is
#' the same whatever the plan and the number of workers. `summary()` lists every
#' restart's equation and score.
#'
#' @section Defaults:
#' The defaults were chosen by measuring recovery on the public benchmark
#' problems (`bench/quality.R`: the seed tutorial's `2 x1 + exp(5 x2)`, a line,
#' a constant, Stevens' power law `x^0.8`, a logistic psychometric function,
#' hyperbolic discounting `A / (1 + 0.1 D)`, Michaelis-Menten `2.5 x / (0.4 +
#' x)`, an expected gain `0.8 V P` and a Gaussian tuning curve `2 exp(-(x -
#' 1.2)^2 / 0.5) + 0.3`; with the defaults, every problem prints its law in 5
#' of 5 seeds). With AutoRA's defaults dartsr recovers the line and the
#' constant only, as AutoRA does. Where they differ:
#' * `primitives` adds `linear_exp` and `linear_ln` to AutoRA's set: exponential
#'   growth and decay, logarithmic (Weber-Fechner) laws and, over two hidden
#'   nodes, power laws (`exp(c * ln(a * x))`) are the shapes psychophysics needs;
#'   `"product"`, `affine_reciprocal` and `linear_square` for products, ratios
#'   and peaks (see Products and ratios): expected values, discounting,
#'   saturating responses and tuning curves; and `linear_power`, `(a * x)^p`,
#'   for products of powers of several inputs in one node: `K^0.7 * L^0.3`,
#'   `sqrt(g * p / r)`.
#' * `train_classifier_coefficients` and `train_classifier_bias` are `TRUE`
#'   (AutoRA: `FALSE`): with the output layer frozen at weight 1, every hidden
#'   node is added to the output, so a node that only feeds another (the `ln`
#'   of a power law) cannot be left out; a free bias fits constants directly.
#' * `max_epochs = 100` and `param_updates_per_epoch = 20` (AutoRA: 10 and 10)
#'   let the mixture's parameters get past their random start before the
#'   architecture weights are read.
#' * `refine_top = 12` makes every primitive of the default set a candidate on
#'   every edge, for the forward selection to try: on the public problems the
#'   architecture weights alone rarely ranked the true primitive first. A
#'   default fit of the public problems takes well under a second
#'   (`bench/quality.md`).
#' * `param_optimizer = "adam"` (AutoRA: SGD): the mixture's parameters are
#'   fitted better between architecture steps, so the architecture weights rank
#'   the primitives better. With only the one or two strongest primitives of
#'   each edge as refinement candidates, Adam found the seed equation in 3 of 5
#'   seeds, SGD in none; with the default candidates both recover every public
#'   problem.
#' * `n_restarts = 1`: with the refinement, three restarts recovered no more of
#'   the public problems (with 2 hidden nodes on each) and took four times as
#'   long.
#'
#' @section Differences from the reference:
#' * Parameter phases always run. AutoRA skips a parameter phase whenever the
#'   currently strongest architecture has no trainable parameter, which leaves
#'   the parameters of the other primitives untrained; dartsr trains every
#'   parameter of the mixture.
#' * The sampled model's coefficients are polished by least squares
#'   (`polish_coefficients`), and the architecture refined over discrete
#'   candidates (`refine_top`).
#' * `arch_momentum` is accepted for compatibility but, as in AutoRA's
#'   first-order search, it is not used: Adam's betas are fixed at (0.5, 0.999).
#' * Some defaults differ; see Defaults.
#'
#' @param num_graph_nodes Number of hidden nodes, a whole number from 1 to 100.
#' @param primitives Character vector of primitive operations mixed on every
#'   edge, any non-empty set, and `"product"` to let nodes multiply their
#'   edges; see [darts_primitives()] for all 30 edge primitives and the node
#'   kinds. A model can always leave an edge empty, `"none"` in its
#'   architecture, as the refinement and pruning do, even when `"none"` is not
#'   among them: the search mixes only these, and the empty edge has no
#'   architecture weight and no parameters. Left at its default, the set
#'   drops `linear_power` from the search for data of a single input (the
#'   fit's `spec` shows what was searched): a power of one input is
#'   `exp(p * ln(a * x))` over two nodes already, and there the extra
#'   primitive made the selection on small data sets less stable
#'   (`bench/nist.md`). The refinement still places it: on the edges out of
#'   hidden nodes, for a power of a node (of a shifted input, `(x + c)^p`, or
#'   of a logistic, Richards' growth curve), and in the compositions it may
#'   start a selection from, an exponential or reciprocal of a power of the
#'   input (a Weibull function `1 - exp(-(x / a)^b)`, a Hill curve); `print()`
#'   of the fit says when the chosen law uses it. For a response periodic along
#'   an input, the default set takes `"linear_sin"` as well (see
#'   [darts_primitives()]). Named explicitly, the set is searched as named.
#' @param batch_size Rows per mini-batch, a whole number at least 1 (at most the number
#'   of rows is used). Rows are shuffled at the start of every phase and cycled.
#' @param max_epochs Number of epochs of architecture search, at least 0. With 0 (in
#'   [refit()][refit.darts_fit]) the architecture is only resampled and the
#'   sampled model's parameters fitted.
#' @param arch_updates_per_epoch Architecture steps per epoch, at least 0.
#' @param arch_learning_rate_max Learning rate of the architecture steps, positive.
#' @param arch_weight_decay L2 decay of the architecture weights, at least 0.
#' @param arch_weight_decay_df Architecture decay per degree of freedom of a
#'   primitive, at least 0: larger values favour simpler primitives.
#' @param arch_weight_decay_base Architecture decay of every primitive but
#'   `"none"`, scaled by `num_graph_nodes`, at least 0.
#' @param arch_momentum Accepted for compatibility with AutoRA; unused (see
#'   Differences from the reference). A number in `[0, 1)`.
#' @param param_updates_per_epoch Parameter steps per epoch, at least 0.
#' @param param_updates_for_sampled_model Parameter steps for the sampled model,
#'   at least 0.
#' @param param_learning_rate_max,param_learning_rate_min Start and end of the
#'   cosine-annealed learning rate of every parameter phase, positive, with
#'   `param_learning_rate_min <= param_learning_rate_max`.
#' @param param_momentum Momentum of the parameter steps, in `[0, 1)`.
#' @param param_weight_decay L2 decay of the parameters, at least 0.
#' @param classifier_weight_decay Shrinkage of the trainable classifier entries
#'   after every parameter step (by `classifier_weight_decay * lr * |w|`), at least 0.
#' @param grad_clip Global L2 norm the parameter gradients are clipped to, positive.
#' @param darts_type `"original"` (softmax mixture weights) or `"fair"`
#'   (sigmoid mixture weights, Fair DARTS).
#' @param fair_darts_loss_weight Weight of Fair DARTS' term that pushes the
#'   sigmoid architecture weights towards 0 or 1, at least 0.
#' @param output_type `"real"` (identity output, mean squared error),
#'   `"probability"`, `"probability_sample"` or `"sigmoid"` (logistic output,
#'   squared error against responses in `[0, 1]`), or
#'   `"probability_distribution"` (softmax across the response columns,
#'   cross-entropy against rows of probabilities).
#' @param train_classifier_coefficients,train_classifier_bias Whether the
#'   output layer's weights (otherwise 1) and bias (otherwise 0) are trained.
#' @param sampling_strategy How the final architecture is chosen from the
#'   architecture weights: `"max"` (the strongest primitive of every edge) or
#'   `"sample"` (a draw from the softmax of every edge's weights).
#' @param polish_coefficients Whether to finish the sampled model's fit with
#'   Levenberg-Marquardt least squares on all the data (see Coefficient
#'   polishing). Not in the reference; `FALSE` gives its behaviour.
#' @param refine_top How many of the strongest primitives of every edge (plus
#'   `"none"`) the refinement of the architecture tries, a whole number; 0 turns
#'   the refinement off (see Refining the architecture). Not in the reference.
#' @param selection How the equation is chosen from the Pareto front: `"cv"`,
#'   the simplest within one standard error of the lowest cross-validated
#'   error, or `"bic"`, the lowest BIC (no cross-validation runs; the front's
#'   `cv_rmse` and `cv_se` are `NA`). See Selection.
#' @param n_restarts How many independent searches [fit()][fit.darts_regressor]
#'   runs, keeping the one whose chosen equation scores best (see
#'   Multi-start search). Not in the reference. [refit()][refit.darts_fit]
#'   continues the one search it is given.
#' @param validation_fraction The fraction of rows, in `[0, 1)`, held out for
#'   the architecture steps (true bi-level DARTS): the parameter phases fit the
#'   other rows, the architecture steps follow the loss on these. The sampled
#'   model is then fitted on all rows. 0 (the default, and the reference's
#'   behaviour) uses every row for both.
#' @param param_optimizer The optimiser of the mixture's parameter phases:
#'   `"adam"` (betas 0.9 and 0.999) or `"sgd"` (the reference's, with momentum
#'   `param_momentum`), both with the cosine-annealed learning rate, `grad_clip` and
#'   `param_weight_decay`. The sampled model is fitted by SGD either way (and
#'   then polished).
#'
#' @return A `darts_regressor` specification: a list of the hyperparameters.
#' @seealso [fit.darts_regressor()], [refit.darts_fit()], [darts_primitives()]
#' @export
#' @examples
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 50,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' spec
darts_regressor <- function(num_graph_nodes = 2,
                            primitives = c("none", "add", "subtract", "mult",
                                           "linear", "linear_exp", "linear_ln",
                                           "linear_logistic", "linear_relu",
                                           "linear_square", "affine_reciprocal",
                                           "linear_power", "product"),
                            batch_size = 64,
                            max_epochs = 100,
                            arch_updates_per_epoch = 1,
                            arch_learning_rate_max = 3e-3,
                            arch_weight_decay = 1e-4,
                            arch_weight_decay_df = 3e-4,
                            arch_weight_decay_base = 0,
                            arch_momentum = 0.9,
                            param_updates_per_epoch = 20,
                            param_updates_for_sampled_model = 100,
                            param_learning_rate_max = 2.5e-2,
                            param_learning_rate_min = 0.01,
                            param_momentum = 0.9,
                            param_weight_decay = 3e-4,
                            classifier_weight_decay = 1e-2,
                            grad_clip = 5,
                            darts_type = c("original", "fair"),
                            fair_darts_loss_weight = 1,
                            output_type = c("real", "probability",
                                            "probability_sample",
                                            "probability_distribution",
                                            "sigmoid"),
                            train_classifier_coefficients = TRUE,
                            train_classifier_bias = TRUE,
                            sampling_strategy = c("max", "sample"),
                            polish_coefficients = TRUE,
                            refine_top = 12,
                            selection = c("cv", "bic"),
                            n_restarts = 1,
                            validation_fraction = 0,
                            param_optimizer = c("adam", "sgd")) {
  spec <- list(
    num_graph_nodes = check_count(num_graph_nodes, min = 1, max = MAX_GRAPH_NODES),
    primitives = check_primitives(primitives),
    batch_size = check_count(batch_size, min = 1),
    max_epochs = check_count(max_epochs, min = 0),
    arch_updates_per_epoch = check_count(arch_updates_per_epoch, min = 0),
    arch_learning_rate_max = check_number(arch_learning_rate_max, positive = TRUE),
    arch_weight_decay = check_number(arch_weight_decay),
    arch_weight_decay_df = check_number(arch_weight_decay_df),
    arch_weight_decay_base = check_number(arch_weight_decay_base),
    arch_momentum = check_number(arch_momentum, below_one = TRUE),
    param_updates_per_epoch = check_count(param_updates_per_epoch, min = 0),
    param_updates_for_sampled_model =
      check_count(param_updates_for_sampled_model, min = 0),
    param_learning_rate_max = check_number(param_learning_rate_max, positive = TRUE),
    param_learning_rate_min = check_number(param_learning_rate_min, positive = TRUE),
    param_momentum = check_number(param_momentum, below_one = TRUE),
    param_weight_decay = check_number(param_weight_decay),
    classifier_weight_decay = check_number(classifier_weight_decay),
    grad_clip = check_number(grad_clip, positive = TRUE),
    darts_type = check_choice(darts_type),
    fair_darts_loss_weight = check_number(fair_darts_loss_weight),
    output_type = check_choice(output_type),
    train_classifier_coefficients = check_flag(train_classifier_coefficients),
    train_classifier_bias = check_flag(train_classifier_bias),
    sampling_strategy = check_choice(sampling_strategy),
    polish_coefficients = check_flag(polish_coefficients),
    refine_top = check_count(refine_top, min = 0),
    selection = check_choice(selection),
    n_restarts = check_count(n_restarts, min = 1),
    validation_fraction = check_number(validation_fraction, below_one = TRUE),
    param_optimizer = check_choice(param_optimizer)
  )
  if (spec$param_learning_rate_min > spec$param_learning_rate_max) {
    abort_invalid(
      "param_learning_rate_min",
      "must be at most {.arg param_learning_rate_max} ({spec$param_learning_rate_max}), not {spec$param_learning_rate_min}."
    )
  }
  structure(spec, class = "darts_regressor", default_primitives = missing(primitives))
}

# The specification a search of `n_inputs` inputs runs: the default
# primitives without the power for a single input (see `primitives` above),
# which the refinement keeps for the edges out of hidden nodes (its
# attribute "refine_primitives", see refine_primitives()); of two inputs or
# more, the refinement adds the logarithm with an offset there, so that a
# product or ratio of inputs can be shifted under a logarithm: ln(1 + x1 * x2),
# B * ln(1 + S / N). (The search's ln has no offset: a product node has no
# constant of its own, and a sum node has one already.)
spec_for_inputs <- function(spec, n_inputs) {
  if (!isTRUE(attr(spec, "default_primitives"))) return(spec)
  if (n_inputs < 2) {
    spec$primitives <- setdiff(spec$primitives, "linear_power")
    attr(spec, "refine_primitives") <- "linear_power"
  } else {
    attr(spec, "refine_primitives") <- "affine_ln"
  }
  spec
}

# The edge primitives that only the refinement places: on edges out of
# hidden nodes, a power of a node, `(a * k1)^p`, as in a power of a logistic
# (Richards' growth curve) or of a shifted input (`(x + c)^p`); on an
# input's edge, in the compositions that seed a selection of one input (see
# POWER_COMPOSITIONS), a power under an exponential or a reciprocal (a
# Weibull function, a Hill curve); of two inputs or more, on edges out of
# hidden nodes, a logarithm with an offset, `ln(a * k1 + b)`. The search
# does not mix them: there, as every edge's candidate, the power of one
# input made the selection on small data sets less stable, and the shifted
# logarithm turned power laws into shifted ones (see ?darts_primitives).
refine_primitives <- function(spec) {
  attr(spec, "refine_primitives") %||% character()
}

# The edge primitives a model of `spec` may hold, in the order of its theta's
# columns: the searched ones, then the refinement's own.
model_primitives <- function(spec) {
  c(edge_primitives(spec$primitives), refine_primitives(spec))
}

# The search's theta (edges x searched primitives x 2) with a column for each
# of the refinement's own primitives, at the values a search starts a
# parameter at that does not depend on the data: a = 1 (so the power starts
# as the node itself, as a search's beta = 1 does), b = 0, beta = 1.
with_refine_columns <- function(theta, spec) {
  extra <- refine_primitives(spec)
  if (length(extra) == 0) return(theta)
  d <- dim(theta)
  names <- dimnames(theta)
  names[[2]] <- c(names[[2]], extra)
  out <- array(0, c(d[1], d[2] + length(extra), 2), names)
  out[, seq_len(d[2]), ] <- theta
  for (m in seq_along(extra)) {
    params <- primitive_params(extra[m])
    for (k in seq_along(params)) out[, d[2] + m, k] <- if (params[k] == "b") 0 else 1
  }
  out
}

#' @export
print.darts_regressor <- function(x, ...) {
  cat("DARTS regression specification\n")
  cat(format(x), sep = "\n")
  invisible(x)
}

#' @export
format.darts_regressor <- function(x, ...) {
  values <- vapply(unclass(x), function(v) toString(format(v, trim = TRUE)), "")
  paste0("  ", format(names(values)), " = ", values)
}

# A graph of 100 hidden nodes already has over 5000 edges per input; more is a
# typo rather than a search, and would overflow the engine's edge count.
MAX_GRAPH_NODES <- 100L

# The arguments darts_regressor() takes, for refit() to check names against.
spec_argument_names <- function() {
  names(formals(darts_regressor))
}

# A specification with some hyperparameters replaced, checked again.
update_spec <- function(spec, changes) {
  unknown <- setdiff(names(changes), spec_argument_names())
  if (length(unknown) > 0) {
    cli::cli_abort(
      c("{.fn refit} got unknown hyperparameter{?s} {.arg {unknown}}.",
        i = "It takes the arguments of {.fn darts_regressor}, and {.arg data} or {.arg x}/{.arg y}."),
      class = c("dartsr_error_invalid_argument", "dartsr_error")
    )
  }
  args <- unclass(spec)
  args[names(changes)] <- changes
  updated <- do.call(darts_regressor, args)
  # (the inputs along which the default primitives took a sine: the refit
  # searches the same space)
  attr(updated, "periodic_along") <- attr(spec, "periodic_along")
  # (and the refinement's own primitives: refit() keeps the model's columns)
  attr(updated, "refine_primitives") <- attr(spec, "refine_primitives")
  updated
}

# Whether a fit with this specification refines its architecture.
refines <- function(spec) {
  spec$refine_top >= 1 && spec$sampling_strategy == "max"
}
