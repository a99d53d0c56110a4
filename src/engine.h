/* The dartsr search engine: plain C99, no R headers.
 *
 * The R side validates everything and hands the engine typed structs; the engine
 * returns a status code. Randomness, interrupt checks and progress reports come in
 * through callbacks, and all working memory is handed in by the caller (sized by
 * darts_workspace_doubles(), darts_polish_model_workspace(),
 * darts_search_workspace() and darts_search_polish_workspace()), so the engine
 * allocates nothing.
 *
 * Layouts follow R's column-major arrays, so the R side passes its matrices as is:
 *   x        n x p              x[i + n * s]
 *   y        n x C              y[i + n * c]
 *   alphas   E x M              alphas[e + E * m]
 *   theta    E x M x 2          theta[e + E * (m + M * k)]
 *   weight   C x K              weight[c + C * j]
 */
#ifndef DARTSR_ENGINE_H
#define DARTSR_ENGINE_H

#include <math.h>
#include <stddef.h>

#include "fastmath.h"

/* "#pragma omp simd" has the compiler vectorise each row loop even at -O2,
 * where R builds packages and where GCC otherwise vectorises only trivial
 * loops. The package is compiled with R's OpenMP flags for this, and for the
 * one loop that runs in parallel: the starts of darts_polish_starts(), each
 * polished alone, whose result is the same on any number of threads. Without
 * OpenMP the loops are plain loops. Only
 * loops whose rows are independent carry it: a sum over rows keeps its order
 * (see darts_dot()), so the numbers do not depend on the vector width. */
#ifdef _OPENMP
#define DARTS_SIMD _Pragma("omp simd")
#else
#define DARTS_SIMD
#endif

/* Primitive codes: the row order of primitive_table() in R/spec-primitives.R. */
enum darts_primitive {
  PRIM_NONE,
  PRIM_ADD,
  PRIM_SUBTRACT,
  PRIM_MULT,
  PRIM_LINEAR,
  PRIM_RELU,
  PRIM_LINEAR_RELU,
  PRIM_LOGISTIC,
  PRIM_LINEAR_LOGISTIC,
  PRIM_EXP,
  PRIM_LINEAR_EXP,
  PRIM_SIN,
  PRIM_LINEAR_SIN,
  PRIM_COS,
  PRIM_LINEAR_COS,
  PRIM_TANH,
  PRIM_LINEAR_TANH,
  PRIM_RECIPROCAL,
  PRIM_LINEAR_RECIPROCAL,
  PRIM_LN,
  PRIM_LINEAR_LN,
  PRIM_SOFTPLUS,
  PRIM_LINEAR_SOFTPLUS,
  PRIM_SOFTMINUS,
  PRIM_LINEAR_SOFTMINUS,
  PRIM_SQUARE,
  PRIM_LINEAR_SQUARE,
  PRIM_AFFINE_RECIPROCAL,
  PRIM_AFFINE_LN,
  PRIM_LINEAR_POWER,
  PRIM_COUNT
};

/* What a hidden node does with its incoming edges: adds them (every node of
 * the reference), or multiplies them. A search whose shape allows products
 * mixes the two per node by architecture weights, as edges mix primitives. */
enum darts_node_kind { NODE_SUM, NODE_PRODUCT, NODE_KIND_COUNT };

/* Domain guards (documented in ?darts_primitives). */
#define DARTS_EXP_MAX 50.0
#define DARTS_LN_EPS 1e-10
#define DARTS_RECIPROCAL_MIN 1e-6
#define DARTS_BETA_MIN 1e-3
/* A product node's value is held within +-DARTS_PRODUCT_MAX: a product of
 * several large factors would otherwise overflow where a sum of them cannot. */
#define DARTS_PRODUCT_MAX 1e30
/* A square is held at most DARTS_SQUARE_MAX, for the same reason. */
#define DARTS_SQUARE_MAX 1e30

enum darts_type { DARTS_ORIGINAL, DARTS_FAIR };
enum darts_output_type {
  OUTPUT_REAL,
  OUTPUT_PROBABILITY,
  OUTPUT_PROBABILITY_SAMPLE,
  OUTPUT_PROBABILITY_DISTRIBUTION,
  OUTPUT_SIGMOID
};
enum darts_sampling { SAMPLING_MAX, SAMPLING_SAMPLE };
/* What a fit minimises (R/data-loss.R): squared error (of the output function's
 * values), the binomial deviance of logistic outputs, or the multinomial
 * deviance of a softmax over the outputs. */
enum darts_loss { LOSS_SQUARED, LOSS_BINOMIAL, LOSS_MULTINOMIAL };
enum darts_optimizer { OPTIMIZER_SGD, OPTIMIZER_ADAM };

enum darts_status {
  DARTS_OK = 0,
  DARTS_INTERRUPTED = 1,
  DARTS_NONFINITE_LOSS = 2
};

/* Where a search stopped: which phase and step, for messages. */
enum darts_phase { PHASE_ARCH, PHASE_PARAM, PHASE_SAMPLED };

typedef struct {
  int n_inputs;        /* p */
  int num_graph_nodes; /* K */
  int n_outputs;       /* C */
  int n_primitives;    /* M */
  int n_edges;         /* E = sum_j (p + j - 1) */
  const int *primitives; /* M primitive codes */
  int product_nodes;   /* nonzero: a node may multiply its edges (see darts_node_kind) */
} darts_shape;

/* Field names match the R arguments of darts_regressor(). */
typedef struct {
  int batch_size;
  int max_epochs;
  int arch_updates_per_epoch;
  int param_updates_per_epoch;
  int param_updates_for_sampled_model;
  double arch_learning_rate_max;
  double arch_weight_decay;
  double arch_weight_decay_df;
  double arch_weight_decay_base;
  double param_learning_rate_max;
  double param_learning_rate_min;
  double param_momentum;
  double param_weight_decay;
  double classifier_weight_decay;
  double grad_clip;
  double fair_darts_loss_weight;
  int darts_type;
  int output_type;
  int sampling_strategy;
  int train_classifier_coefficients;
  int train_classifier_bias;
  int polish_iterations; /* Levenberg-Marquardt iterations after the sampled
                            model's SGD, at most; 0: no polish */
  int n_train; /* rows 0..n_train-1 train, the rest validate; 0: no split */
  int param_optimizer; /* enum darts_optimizer, for the mixture's parameter phases */
  int loss; /* enum darts_loss */
} darts_config;

typedef struct {
  const double *x; /* n x p */
  const double *y; /* n x C (may be NULL for prediction) */
  const double *weights; /* n case weights, or NULL: every row weighs 1 */
  int n;
} darts_data;

/* The case weight of a row. */
static inline double darts_row_weight(const darts_data *d, int row) {
  return d->weights ? d->weights[row] : 1.0;
}

/* The trainable state of a network: the mixture's or a sampled model's. */
typedef struct {
  double *alphas; /* E x M (mixture only) */
  double *node_alphas; /* K x NODE_KIND_COUNT (mixture with product nodes only) */
  double *theta;  /* E x M x 2 */
  double *weight; /* C x K */
  double *bias;   /* C */
  int *architecture; /* E chosen primitive indices (0..M-1, or DARTS_EMPTY_EDGE), or
                      * NULL for the mixture */
  int *node_kinds; /* K node kinds of a sampled model, or NULL: every node sums */
  const int *free_theta; /* E x 2 (each edge's first and second parameter) of a
                          * sampled model: zero where the polish holds that
                          * parameter where it is (an offset held at 0); NULL:
                          * every parameter is free */
} darts_params;

/* A model's edge that adds nothing: no primitive, no parameters. It needs no
 * "none" among the primitives, so a model of any primitive set can drop an edge
 * (pruning, the refinement's candidates); a search samples only 0..M-1. */
#define DARTS_EMPTY_EDGE (-1)

/* What the search records as it goes; each array sized by the caller. The
 * history holds n_history records (at most max_epochs; fewer thin it): the
 * max_epochs epochs in n_history equal runs, each record the run's mean
 * losses and the architecture weights after its last epoch. */
typedef struct {
  double *loss;         /* n_history: mean loss of the run's parameter steps */
  double *arch_loss;    /* n_history: mean loss of the run's architecture steps */
  double *alphas;       /* E x M x n_history */
  double *node_alphas;  /* K x NODE_KIND_COUNT x n_history (product nodes only) */
  int *history_epoch;   /* n_history: the record's last epoch, 1-based */
  int n_history;        /* records the arrays have room for */
  int n_recorded;       /* records written */
  double *sampled_loss; /* param_updates_for_sampled_model */
  int epochs_done;
  int failed_phase;     /* enum darts_phase, valid when status is not OK */
  int failed_epoch;     /* 1-based epoch (0 for the sampled-model fit) */
  int polish_iterations;  /* Levenberg-Marquardt iterations (0: not run) */
  double polish_loss_before;
  double polish_loss_after;
} darts_trace;

/* The records a history keeps at most (see darts_trace): a search of more
 * epochs is thinned to this many, evenly spaced. */
#define DARTS_HISTORY_MAX 100

typedef struct {
  double (*unif_rand)(void *ctx);       /* uniform on [0, 1) */
  int (*interrupted)(void *ctx);        /* nonzero: stop now */
  void (*progress)(void *ctx, double done, double total);
  void *ctx;
} darts_callbacks;

/* primitives.c */
int darts_primitive_n_params(int code);
/* The primitive's name, as darts_regressor() spells it: the R side finds a
 * primitive's code by its name here. */
const char *darts_primitive_name(int code);
/* The name of the function it applies to u = a * x + b ("exp" for "exp" and
 * "linear_exp"): R/spec-primitives.R describes each such function's mathematics. */
const char *darts_primitive_outer_name(int code);
/* Every primitive is f(u) with u = a * x + b (a = 1, b = 0 where they are not
 * parameters), plus beta for softplus and softminus. darts_primitive_eval()
 * adds w * f(u) to acc and, each when not NULL, writes y = f(u), fp = f'(u)
 * and (softplus, softminus) fb = df/dbeta: the chain rule in network.c does
 * the rest. */
void darts_primitive_eval(int code, const double *th, double w, const double *x, int n,
                          double *acc, double *y, double *fp, double *fb);
/* How many inner parameters (a; a and b) a primitive has, and whether beta
 * follows them. */
void darts_primitive_layout(int code, int *n_inner, int *has_beta);

/* The engine's one dot product (the backward pass, the polish's J'J), inline
 * for both. Four running sums, row r to sum r mod 4, added in a fixed order:
 * with one running sum every addition waits for the one before, and the fixed
 * order gives the same result with any vector width. */
static inline double darts_dot(const double *restrict a, const double *restrict b,
                               int n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    s0 += a[r] * b[r];
    s1 += a[r + 1] * b[r + 1];
    s2 += a[r + 2] * b[r + 2];
    s3 += a[r + 3] * b[r + 3];
  }
  for (; r < n; r++) s0 += a[r] * b[r];
  return (s0 + s1) + (s2 + s3);
}

/* The engine's one softmax, over the n values v[0], v[stride], ...,
 * v[(n - 1) * stride]: an edge's architecture weights, or a row's outputs.
 * Shifted by their largest value so that no exponential overflows: sets *top
 * to that value, returns the normaliser sum_i e^(v_i - top) (so the
 * log-sum-exp is top + log(normaliser)) and, unless probabilities is NULL,
 * writes each e^(v_i - top) / normaliser there, at the same stride (it may be
 * v itself). */
static inline double darts_softmax(const double *v, int n, size_t stride,
                                   double *probabilities, double *top) {
  double largest = v[0];
  for (int i = 1; i < n; i++) largest = fmax(largest, v[i * stride]);
  double normaliser = 0;
  for (int i = 0; i < n; i++) {
    const double e = exp(v[i * stride] - largest);
    if (probabilities) probabilities[i * stride] = e;
    normaliser += e;
  }
  if (probabilities) {
    for (int i = 0; i < n; i++) probabilities[i * stride] /= normaliser;
  }
  *top = largest;
  return normaliser;
}

/* The loss a fit minimises: a softmax output is always fitted by its
 * cross-entropy; otherwise the config's loss. */
static inline int darts_fitted_loss(const darts_config *config) {
  if (config->output_type == OUTPUT_PROBABILITY_DISTRIBUTION) return LOSS_MULTINOMIAL;
  return config->loss;
}

/* log(1 + exp(o)) without overflow: the binomial cross-entropy's building
 * block, -log(logistic(-o)). */
static inline double darts_log1p_exp(double o) {
  return o > 0 ? o + log1p(exp(-o)) : log1p(exp(o));
}

/* A product node's value held within +-DARTS_PRODUCT_MAX (NaN stays NaN). */
static inline double darts_held_product(double v) {
  if (v > DARTS_PRODUCT_MAX) return DARTS_PRODUCT_MAX;
  if (v < -DARTS_PRODUCT_MAX) return -DARTS_PRODUCT_MAX;
  return v;
}

/* How much working memory a call needs: so many doubles and so many ints. */
typedef struct {
  size_t doubles;
  size_t ints;
} darts_workspace_size;

/* network.c */
int darts_n_edges(int n_inputs, int num_graph_nodes);
/* The first edge into hidden node j (0-based): edges come node by node. */
int darts_first_edge(int n_inputs, int j);
/* Whether node j of these parameters may multiply its edges: every node of a
 * mixture whose shape allows products, a model's product nodes. */
int darts_node_multiplies(const darts_shape *shape, const darts_params *params, int j);
/* The mixture index of "none" in the shape's primitives, or -1. */
int darts_none_index(const darts_shape *shape);
/* Whether edge e of a sampled model adds nothing: "none", or DARTS_EMPTY_EDGE. */
int darts_empty_edge(const darts_shape *shape, const darts_params *model, int e);
/* The doubles darts_loss_grad() needs for a batch of batch_size rows, and
 * darts_predict() for chunks of batch_size rows. */
size_t darts_workspace_doubles(const darts_shape *shape, int batch_size);
size_t darts_prediction_doubles(const darts_shape *shape, int batch_size);

/* Gradients of the loss w.r.t. everything, laid out like darts_params. */
typedef struct {
  double *alphas; /* E x M; NULL to skip */
  double *node_alphas; /* K x NODE_KIND_COUNT; NULL to skip (with alphas) */
  double *theta;  /* E x M x 2 */
  double *weight; /* C x K */
  double *bias;   /* C */
} darts_grads;

/* Loss (and gradients when grads != NULL) of `params` on rows idx[0..b-1] of data.
 * Mixture weights come from alphas (softmax or sigmoid by darts_type) unless
 * params->architecture is set, in which case each edge uses its one primitive. */
double darts_loss_grad(const darts_shape *shape, const darts_config *config,
                       const darts_params *params, const darts_data *data,
                       const int *idx, int b, double *work, darts_grads *grads);

/* Output-function-applied predictions of a sampled model for all rows of data. */
void darts_predict(const darts_shape *shape, int output_type, const darts_params *model,
                   const darts_data *data, double *work, int chunk, double *out);

/* polish.c: Levenberg-Marquardt on a sampled model's coefficients. */
typedef struct {
  int iterations;
  /* The objective the polish minimises, before and after: the config's loss
   * summed over rows (weighted; for a deviance, with the ridge penalty). */
  double loss_before;
  double loss_after;
} darts_polish_result;
/* How many coefficients the polish fits in this model, and the workspace it
 * needs for them (free_classifier as for darts_polish()). */
int darts_polish_n_coefficients(const darts_shape *shape, const darts_config *config,
                                const darts_params *model, const int *free_classifier);
/* The places in theta (e + E * (m + M * k)) of the edge parameters the polish
 * fits, in its order, written to offsets (NULL: only counted); returns how
 * many. The polish changes no other entry of theta. */
int darts_polish_theta_offsets(const darts_shape *shape, const darts_params *model,
                               int *offsets);
darts_workspace_size darts_polish_model_workspace(const darts_shape *shape,
                                                  const darts_config *config,
                                                  const darts_params *model,
                                                  const int *free_classifier);
/* free_classifier: C x K weights then C biases, nonzero where a trainable entry
 * is free; NULL frees every entry the config trains. Asks cb (NULL: nobody)
 * about interrupts every few milliseconds of work; returns DARTS_OK, or
 * DARTS_INTERRUPTED with the model's coefficients as they were. */
int darts_polish(const darts_shape *shape, const darts_config *config,
                 darts_params *model, const int *free_classifier, const darts_data *data,
                 int max_iterations, const darts_callbacks *cb, double *work, int *iwork,
                 darts_polish_result *out);

/* polish_starts.c: one model polished from several starts, side by side on
 * up to n_threads threads, the best kept. Each start sets the n_at entries
 * `at` (0-based) of the model's theta to its column of params, and its output
 * layer to its column of weight and bias. */
#define DARTS_MAX_THREADS 64
typedef struct {
  int n;                /* starts */
  int n_at;
  const int *at;        /* n_at */
  const double *params; /* n_at x n */
  const double *weight; /* (C x K) x n */
  const double *bias;   /* C x n */
} darts_starts;
/* The best start's polish, into the caller's arrays. */
typedef struct {
  int best_start;  /* 0-based: the first of the least finite objective; -1: none finite */
  double loss;
  int iterations;
  double *fitted;  /* the theta entries the polish fits (darts_polish_theta_offsets()) */
  double *weight;  /* C x K */
  double *bias;    /* C */
} darts_starts_result;
/* The threads the starts run on: as many as requested, but no more than the
 * starts, the processors or DARTS_MAX_THREADS, and 1 without OpenMP. */
int darts_polish_threads(int requested, int n_starts);
darts_workspace_size darts_polish_starts_workspace(const darts_shape *shape,
                                                   const darts_config *config,
                                                   const darts_params *model,
                                                   const int *free_classifier, int n_rows,
                                                   int solve_output_layer, int n_threads);
/* Each start polished as darts_polish() polishes a model alone (its output
 * layer first solved for, with solve_output_layer); model's theta, weight and
 * bias are left as they are. n_threads from darts_polish_threads(), work and
 * iwork sized by darts_polish_starts_workspace() for it. Returns DARTS_OK, or
 * DARTS_INTERRUPTED when cb said stop (out->best_start then -1). */
int darts_polish_starts(const darts_shape *shape, const darts_config *config,
                        const darts_params *model, const int *free_classifier,
                        const darts_data *data, int max_iterations, int solve_output_layer,
                        const darts_starts *starts, int n_threads, const darts_callbacks *cb,
                        double *work, int *iwork, darts_starts_result *out);

/* output_layer.c: a real output's free weights and biases at their
 * least-squares values for the model's hidden nodes on data (free_classifier
 * as for darts_polish()); returns whether it solved for any. Nothing changes
 * for other outputs or losses, or when a node is not finite on the rows. */
darts_workspace_size darts_output_layer_workspace(const darts_shape *shape, int n);
int darts_solve_output_layer(const darts_shape *shape, const darts_config *config,
                             darts_params *model, const int *free_classifier,
                             const darts_data *data, double *work, int *iwork);

/* search.c: the whole search. Updates `mixture` in place, writes the sampled model
 * into `model` (theta, weight, bias, architecture) and the trace. DARTS_OK
 * means the model's loss is finite on every row. */
int darts_search(const darts_shape *shape, const darts_config *config,
                 const darts_data *data, darts_params *mixture, darts_params *model,
                 darts_trace *trace, const darts_callbacks *cb, double *work, int *iwork);

/* The work and iwork a search on n rows in batches of batch_size needs. */
darts_workspace_size darts_search_workspace(const darts_shape *shape, int n,
                                            int batch_size);

/* A search's last step, after darts_search() returned DARTS_OK: the polish of
 * its sampled model, when config->polish_iterations is above 0 and the model
 * has at most DARTS_SEARCH_POLISH_MAX_COEFFICIENTS coefficients, in a
 * workspace sized for that model by darts_search_polish_workspace() (none
 * when it does not polish). Writes the trace's polish fields; returns
 * DARTS_OK or DARTS_INTERRUPTED. */
#define DARTS_SEARCH_POLISH_MAX_COEFFICIENTS 200
darts_workspace_size darts_search_polish_workspace(const darts_shape *shape,
                                                   const darts_config *config,
                                                   const darts_params *model);
int darts_search_polish(const darts_shape *shape, const darts_config *config,
                        const darts_data *data, darts_params *model, darts_trace *trace,
                        const darts_callbacks *cb, double *work, int *iwork);

#endif
