/* libFuzzer target for the dartsr engine (src/primitives.c, network.c, optim.c,
 * search.c, polish.c), without R.
 *
 * The bytes are decoded into a graph shape, a subset of the 25 primitives, a
 * full darts_config, a data set and a starting state, then the harness runs
 * darts_search() and darts_search_polish(), darts_loss_grad() on all rows (as
 * the gradient checks do), darts_predict() with the sampled model, and
 * darts_loss_grad(), darts_predict() and darts_polish() on a candidate
 * architecture with empty edges (DARTS_EMPTY_EDGE) among its primitives and,
 * sometimes, some of its edge parameters (free_theta) and output weights and
 * biases (free_classifier) held, checking that held values stay, as
 * src/r_api.c would:
 * the same workspace sizes (darts_search_workspace, darts_search_polish_workspace,
 * darts_polish_model_workspace, darts_workspace_doubles, darts_prediction_doubles)
 * and trace sizes (a history of max_epochs records, or fewer to thin it), every
 * buffer allocated to its exact size so that
 * AddressSanitizer sees any overrun, and scratch memory filled with NaN so
 * that a read of memory the engine never wrote shows up as a NaN (or, built
 * with MemorySanitizer, left uninitialised so that MSan reports the read).
 *
 * The first byte picks a mode:
 *
 *   (a) validated: what the R side lets through (R/spec-checks.R, R/data-design.R):
 *       finite data, learning rates and grad_clip > 0, decays >= 0, momentum
 *       in [0, 1), param_learning_rate_min <= param_learning_rate_max, a finite
 *       starting state. Values may still be huge (1e300, DBL_MAX) or tiny
 *       (1e-300, subnormal). Contract: no crash, no sanitizer report, and when
 *       darts_search() returns DARTS_OK every value it wrote (the mixture's
 *       alphas, theta, weight and bias, the model's theta, weight and bias)
 *       and every prediction of the model on the training rows is finite;
 *       otherwise abort().
 *
 *   (c) validated and moderate: as (a), with values in the range of real use
 *       (data and state within +-1e3 or tiny, learning rates <= 1, decays
 *       <= 1, grad_clip <= 10). Same contract as (a).
 *
 *   (b) unvalidated: NaN, +-Inf and negative values anywhere (data,
 *       hyperparameters, state). Contract: no crash and no sanitizer report
 *       (undefined behaviour such as an out-of-range float-to-int conversion
 *       counts).
 *
 * In every mode the structure stays as the R side builds it: valid primitive
 * codes without duplicates, counts >= 1 (batch size, rows, nodes), valid
 * enum codes, unif_rand() in [0, 1).
 *
 * The finiteness contract of (a) and (c) can be narrowed with the environment
 * variable DARTS_FUZZ_CONTRACT, to keep fuzzing for other errors while a known
 * contract finding is open:
 *   full      (default) checked in modes (a) and (c)
 *   state     in mode (a) the values the engine wrote but not the predictions
 *             (whose finiteness the R side checks after the fact); all of it
 *             in mode (c)
 *   moderate  checked in mode (c) only
 *   none      not checked: crashes, sanitizer reports and the structural
 *             checks (status, epochs, architecture indices, progress, the
 *             polish's keep-if-better rule) only
 * DARTS_FUZZ_VERBOSE=1 prints each decoded input to stderr (to turn a crash
 * file into a readable reproducer).
 *
 * Build and run: tools/fuzz/build.sh, tools/fuzz/run.sh SECONDS. The same file
 * also builds without libFuzzer (e.g. gcc + valgrind) with
 * -DFUZZ_STANDALONE_MAIN: it then runs each file named on the command line.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* ---- reading the bytes ------------------------------------------------- */

typedef struct {
  const uint8_t *data;
  size_t size;
  size_t pos;
} reader;

/* The next byte, or 0 once the input is used up (so short inputs still make
 * a well-formed, small problem). */
static uint8_t next_byte(reader *r) {
  return r->pos < r->size ? r->data[r->pos++] : 0;
}

static int next_int(reader *r, int lo, int hi) {
  return lo + next_byte(r) % (hi - lo + 1);
}

static uint64_t next_u64(reader *r) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | next_byte(r);
  return v;
}

/* An "ordinary" value: a byte read as a signed number / 16, so -8 .. 7.94. */
static double ordinary(reader *r) {
  return (double)(int8_t)next_byte(r) / 16.0;
}

enum mode { MODE_VALIDATED, MODE_UNVALIDATED, MODE_MODERATE };

/* A value from the palette: 0, +-tiny, +-huge, the domain guards' edges,
 * ordinary values, and (unvalidated only) NaN and +-Inf. */
static double palette(reader *r, int mode) {
  uint8_t t = next_byte(r);
  if (mode == MODE_MODERATE) {
    switch (t % 16) {
      case 0: return 0.0;
      case 1: return 1e-300;
      case 2: return -1e-300;
      case 3: return 1e3;
      case 4: return -1e3;
      case 5: return 4.9406564584124654e-324;
      case 6: return 1e-10;
      case 7: return DARTS_RECIPROCAL_MIN;
      default: return ordinary(r);
    }
  }
  int nonfinite = mode == MODE_UNVALIDATED;
  switch (t % 32) {
    case 0: return 0.0;
    case 1: return 1e-300;
    case 2: return -1e-300;
    case 3: return 1e300;
    case 4: return -1e300;
    case 5: return 4.9406564584124654e-324; /* smallest subnormal */
    case 6: return DBL_MAX;
    case 7: return -DBL_MAX;
    case 8: return DBL_MIN;
    case 9: return 1e10;
    case 10: return -1e10;
    case 11: return 1e-10;
    case 12: return DARTS_EXP_MAX;
    case 13: return DARTS_RECIPROCAL_MIN;
    case 14: return -DARTS_RECIPROCAL_MIN;
    case 15: return 710.0; /* exp() overflows just above 709.78 */
    case 16: return nonfinite ? NAN : 1.0;
    case 17: return nonfinite ? INFINITY : 1e150;
    case 18: return nonfinite ? -INFINITY : -1e150;
    case 19: return 1.0;
    case 20: return -1.0;
    case 21: return 1e-3;
    default: return ordinary(r);
  }
}

#define PICK(values) values[next_byte(r) % (sizeof values / sizeof values[0])]

/* A hyperparameter the R side requires to be > 0 (learning rates). */
static double positive(reader *r, int mode) {
  static const double values[] = {1e-300, 4.9406564584124654e-324, 1e-8, 1e-3, 3e-3, 0.01,
                                  0.025, 0.1, 1, 5, 10, 1e3, 1e10, 1e100, 1e300, DBL_MAX};
  static const double moderate[] = {1e-300, 1e-8, 1e-3, 3e-3, 0.01, 0.025, 0.1, 0.5, 1};
  if (mode == MODE_MODERATE) return PICK(moderate);
  if (mode == MODE_UNVALIDATED && next_byte(r) % 4 == 0) return palette(r, mode);
  return PICK(values);
}

/* grad_clip: > 0. */
static double clip(reader *r, int mode) {
  static const double moderate[] = {1e-300, 1e-3, 0.1, 1, 5, 10};
  if (mode == MODE_MODERATE) return PICK(moderate);
  return positive(r, mode);
}

/* A hyperparameter the R side requires to be >= 0 (decays, the fair weight). */
static double nonnegative(reader *r, int mode) {
  static const double moderate[] = {0, 1e-300, 1e-4, 3e-4, 1e-2, 0.1, 1};
  if (mode == MODE_MODERATE) return PICK(moderate);
  if (mode == MODE_UNVALIDATED) return palette(r, mode);
  if (next_byte(r) % 4 == 0) return 0.0;
  return positive(r, mode);
}

/* Momentum: [0, 1) when validated. */
static double momentum(reader *r, int mode) {
  static const double values[] = {0, 0.5, 0.9, 0.99, 0.9999999999999999, 1e-300};
  if (mode == MODE_UNVALIDATED && next_byte(r) % 4 == 0) return palette(r, mode);
  return PICK(values);
}

/* ---- callbacks --------------------------------------------------------- */

typedef struct {
  uint64_t rng;
  int interrupt_after; /* interrupted() returns 1 on this call (0: never) */
  int interrupt_calls;
  double last_done;
} fuzz_ctx;

/* The polish's own interrupt callback: stops it on the given call (0: never). */
typedef struct {
  int interrupt_after;
  int interrupt_calls;
} polish_ctx;

static int polish_interrupted(void *ctx) {
  polish_ctx *p = (polish_ctx *)ctx;
  p->interrupt_calls++;
  return p->interrupt_after > 0 && p->interrupt_calls >= p->interrupt_after;
}

/* splitmix64: deterministic, seeded from the bytes. */
static double fuzz_unif(void *ctx) {
  fuzz_ctx *f = (fuzz_ctx *)ctx;
  uint64_t z = (f->rng += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0); /* [0, 1) */
}

static int fuzz_interrupted(void *ctx) {
  fuzz_ctx *f = (fuzz_ctx *)ctx;
  f->interrupt_calls++;
  return f->interrupt_after > 0 && f->interrupt_calls >= f->interrupt_after;
}

static void fuzz_progress(void *ctx, double done, double total) {
  fuzz_ctx *f = (fuzz_ctx *)ctx;
  /* Progress only moves forward and never passes the total. */
  if (!(done >= f->last_done) || !(done <= total)) {
    fprintf(stderr, "fuzz_engine: progress %g of %g after %g\n", done, total, f->last_done);
    abort();
  }
  f->last_done = done;
}

/* ---- checks ------------------------------------------------------------ */

enum contract { CONTRACT_NONE, CONTRACT_MODERATE, CONTRACT_STATE, CONTRACT_FULL };

static int contract_level(void) {
  static int level = -1;
  if (level < 0) {
    const char *v = getenv("DARTS_FUZZ_CONTRACT");
    level = CONTRACT_FULL;
    if (v && strcmp(v, "state") == 0) level = CONTRACT_STATE;
    if (v && strcmp(v, "moderate") == 0) level = CONTRACT_MODERATE;
    if (v && strcmp(v, "none") == 0) level = CONTRACT_NONE;
    if (v && level == CONTRACT_FULL && strcmp(v, "full") != 0) {
      fprintf(stderr, "fuzz_engine: DARTS_FUZZ_CONTRACT must be full, state, moderate or none\n");
      exit(2);
    }
  }
  return level;
}

static const char *mode_name(int mode) {
  return mode == MODE_VALIDATED ? "validated" : mode == MODE_MODERATE ? "validated, moderate" : "unvalidated";
}

static int verbose(void) {
  static int v = -1;
  if (v < 0) v = getenv("DARTS_FUZZ_VERBOSE") != NULL;
  return v;
}

static void require_finite(const char *what, const double *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(v[i])) {
      fprintf(stderr, "fuzz_engine: validated input, but %s[%zu] = %g\n", what, i, v[i]);
      abort();
    }
  }
}

static int all_finite(const double *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(v[i])) return 0;
  }
  return 1;
}

static void require(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "fuzz_engine: %s\n", what);
    abort();
  }
}

/* malloc that never returns NULL for 0 bytes, and never fails silently. */
static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) abort();
  return p;
}

/* Under MemorySanitizer (clang -fsanitize=fuzzer,memory) scratch memory is
 * left uninitialised, so that MSan reports any read of a value the engine did
 * not write; otherwise it is filled with NaN (doubles) and garbage (ints), so
 * that such a read shows up as a NaN or an out-of-range index. */
#if defined(__has_feature)
#if __has_feature(memory_sanitizer)
#define FUZZ_MSAN 1
#endif
#endif
#ifndef FUZZ_MSAN
#define FUZZ_MSAN 0
#endif

/* Scratch the engine must write before it reads. */
static double *nan_doubles(size_t n) {
  double *p = xmalloc(sizeof(double) * n);
  if (!FUZZ_MSAN) {
    for (size_t i = 0; i < n; i++) p[i] = NAN;
  }
  return p;
}

static int *garbage_ints(size_t n, int value) {
  int *p = xmalloc(sizeof(int) * n);
  if (!FUZZ_MSAN) {
    for (size_t i = 0; i < n; i++) p[i] = value;
  }
  return p;
}

static void print_doubles(const char *name, const double *v, size_t n) {
  fprintf(stderr, "  %s =", name);
  for (size_t i = 0; i < n; i++) fprintf(stderr, " %.17g", v[i]);
  fprintf(stderr, "\n");
}

/* As the R side calls the engine on every row: the loss and gradients of p
 * (ffi_loss_grad(), of the alphas too for a mixture) and, unless pred is NULL,
 * its predictions in chunks of `chunk` rows (ffi_predict()) into pred (n x C).
 * Returns the loss. */
static double loss_and_predictions(const darts_shape *shape, const darts_config *config,
                                   const darts_params *p, const darts_data *data,
                                   int chunk, double *pred) {
  size_t ops = (size_t)shape->n_edges * shape->n_primitives;
  size_t cls = (size_t)shape->n_outputs * shape->num_graph_nodes;
  int n = data->n;
  size_t nodes = shape->product_nodes ? (size_t)shape->num_graph_nodes * NODE_KIND_COUNT : 0;
  double *g_alphas = p->architecture ? NULL : nan_doubles(ops);
  double *g_node = p->architecture || nodes == 0 ? NULL : nan_doubles(nodes);
  double *g_theta = nan_doubles(2 * ops), *g_weight = nan_doubles(cls);
  double *g_bias = nan_doubles(shape->n_outputs);
  if (g_alphas) {
    for (size_t i = 0; i < ops; i++) g_alphas[i] = 0; /* as r_api.c does */
  }
  int *idx = xmalloc(sizeof(int) * n);
  for (int i = 0; i < n; i++) idx[i] = i;
  double *lwork = nan_doubles(darts_workspace_doubles(shape, n));
  darts_grads grads = {.alphas = g_alphas, .node_alphas = g_node, .theta = g_theta,
                       .weight = g_weight, .bias = g_bias};
  double loss = darts_loss_grad(shape, config, p, data, idx, n, lwork, &grads);
  if (pred) {
    double *pwork = nan_doubles(darts_prediction_doubles(shape, chunk));
    darts_predict(shape, config->output_type, p, data, pwork, chunk, pred);
    free(pwork);
  }
  free(g_alphas);
  free(g_node);
  free(g_theta);
  free(g_weight);
  free(g_bias);
  free(idx);
  free(lwork);
  return loss;
}

/* ---- the target -------------------------------------------------------- */

#define MAX_ROWS 64

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  reader r = {bytes, size, 0};
  /* (a) half the time, (b) and (c) a quarter each. */
  static const int modes[4] = {MODE_VALIDATED, MODE_VALIDATED, MODE_UNVALIDATED, MODE_MODERATE};
  int mode = modes[next_byte(&r) % 4];
  int validated = mode != MODE_UNVALIDATED;

  /* Shape. */
  int primitives[PRIM_COUNT];
  for (int i = 0; i < PRIM_COUNT; i++) primitives[i] = i;
  /* A random order of the 25 codes (Fisher-Yates on bytes), of which the first
   * M are used: any subset, in any order, no duplicates. */
  for (int i = PRIM_COUNT - 1; i > 0; i--) {
    int j = next_byte(&r) % (i + 1);
    int tmp = primitives[i];
    primitives[i] = primitives[j];
    primitives[j] = tmp;
  }
  darts_shape shape;
  shape.n_inputs = next_int(&r, 1, 4);
  shape.num_graph_nodes = next_int(&r, 1, 6);
  shape.n_outputs = next_int(&r, 1, 3);
  shape.n_primitives = next_int(&r, 1, PRIM_COUNT);
  shape.primitives = primitives;
  shape.product_nodes = 0;
  shape.n_edges = darts_n_edges(shape.n_inputs, shape.num_graph_nodes);
  int P = shape.n_inputs, K = shape.num_graph_nodes, C = shape.n_outputs;
  int M = shape.n_primitives, E = shape.n_edges;
  size_t ops = (size_t)E * M;

  /* Hyperparameters: every field of darts_config. Step counts stay small so
   * that each input runs in milliseconds. */
  darts_config config;
  memset(&config, 0, sizeof config); /* fields added later start at 0 */
  int n = next_int(&r, 1, MAX_ROWS);
  config.batch_size = next_int(&r, 1, 100); /* sometimes > n */
  config.max_epochs = next_int(&r, 0, 5);
  config.arch_updates_per_epoch = next_int(&r, 0, 3);
  config.param_updates_per_epoch = next_int(&r, 0, 4);
  config.param_updates_for_sampled_model = next_int(&r, 0, 8);
  config.arch_learning_rate_max = positive(&r, mode);
  config.arch_weight_decay = nonnegative(&r, mode);
  config.arch_weight_decay_df = nonnegative(&r, mode);
  config.arch_weight_decay_base = nonnegative(&r, mode);
  config.param_learning_rate_max = positive(&r, mode);
  config.param_learning_rate_min = positive(&r, mode);
  if (validated && config.param_learning_rate_min > config.param_learning_rate_max) {
    double tmp = config.param_learning_rate_min; /* R requires min <= max */
    config.param_learning_rate_min = config.param_learning_rate_max;
    config.param_learning_rate_max = tmp;
  }
  config.param_momentum = momentum(&r, mode);
  config.param_weight_decay = nonnegative(&r, mode);
  config.classifier_weight_decay = nonnegative(&r, mode);
  config.grad_clip = clip(&r, mode);
  config.fair_darts_loss_weight = nonnegative(&r, mode);
  config.darts_type = next_int(&r, 0, 1);
  config.output_type = next_int(&r, 0, 4);
  config.sampling_strategy = next_int(&r, 0, 1);
  config.train_classifier_coefficients = next_int(&r, 0, 1);
  config.train_classifier_bias = next_int(&r, 0, 1);
  config.polish_iterations = 100 * next_int(&r, 0, 1);
  /* A validation split (rows n_train.. serve the architecture steps): none (0),
   * 1 .. n - 1 as the R side makes it, or n and above (no split either). */
  config.n_train = next_byte(&r) % 2 ? 0 : next_int(&r, 0, n + 1);
  config.param_optimizer = next_int(&r, 0, 1);
  config.loss = next_int(&r, 0, 2); /* enum darts_loss, with any output type */
  int chunk = next_int(&r, 1, MAX_ROWS + 8); /* prediction chunk: < n, = n or > n */

  fuzz_ctx ctx = {0};
  ctx.rng = next_u64(&r);
  /* Product nodes from the generator's top bit, so that no byte is read for
   * them and the corpus keeps its meaning. */
  shape.product_nodes = (int)(ctx.rng >> 63);
  size_t n_node_alphas = shape.product_nodes ? (size_t)K * NODE_KIND_COUNT : 0;
  ctx.interrupt_after = next_byte(&r) % 16 == 0 ? next_int(&r, 1, 4) : 0;

  /* Data: x is n x p, y is n x C, column-major. Values from the palette; a
   * byte chooses whether each column repeats one value (constant columns). */
  double *x = xmalloc(sizeof(double) * (size_t)n * P);
  double *y = xmalloc(sizeof(double) * (size_t)n * C);
  for (int j = 0; j < P; j++) {
    int constant = next_byte(&r) % 8 == 0;
    for (int i = 0; i < n; i++) {
      x[i + (size_t)n * j] = constant && i > 0 ? x[(size_t)n * j] : palette(&r, mode);
    }
  }
  for (int c = 0; c < C; c++) {
    for (int i = 0; i < n; i++) y[i + (size_t)n * c] = palette(&r, mode);
  }

  /* The starting state: from the palette, or (one time in four) the R side's
   * own start (small alphas, theta in (-1, 1), beta 1, weight 1, bias 0). */
  double *alphas = xmalloc(sizeof(double) * ops);
  double *theta = xmalloc(sizeof(double) * 2 * ops);
  double *weight = xmalloc(sizeof(double) * (size_t)C * K);
  double *bias = xmalloc(sizeof(double) * C);
  if (next_byte(&r) % 4 == 0) {
    for (size_t i = 0; i < ops; i++) alphas[i] = 0.001 * (fuzz_unif(&ctx) - 0.5);
    for (size_t i = 0; i < 2 * ops; i++) theta[i] = 2 * fuzz_unif(&ctx) - 1;
    for (int m = 0; m < M; m++) {
      int n_inner, has_beta;
      darts_primitive_layout(primitives[m], &n_inner, &has_beta);
      if (has_beta) {
        for (int e = 0; e < E; e++) theta[e + (size_t)E * (m + (size_t)M * n_inner)] = 1;
      }
    }
    for (int i = 0; i < C * K; i++) weight[i] = 1;
    for (int c = 0; c < C; c++) bias[c] = 0;
  } else {
    for (size_t i = 0; i < ops; i++) alphas[i] = palette(&r, mode);
    for (size_t i = 0; i < 2 * ops; i++) theta[i] = palette(&r, mode);
    for (int i = 0; i < C * K; i++) weight[i] = palette(&r, mode);
    for (int c = 0; c < C; c++) bias[c] = palette(&r, mode);
  }

  /* The nodes' kind weights, read last (bytes past the end read as 0). */
  double *node_alphas = shape.product_nodes ? xmalloc(sizeof(double) * n_node_alphas) : NULL;
  for (size_t i = 0; i < n_node_alphas; i++) node_alphas[i] = palette(&r, mode);

  if (verbose()) {
    fprintf(stderr, "fuzz_engine input (%s):\n", mode_name(mode));
    fprintf(stderr, "  product_nodes %d\n", shape.product_nodes);
    fprintf(stderr, "  p = %d, K = %d, C = %d, M = %d, E = %d, n = %d, chunk = %d\n", P, K,
            C, M, E, n, chunk);
    fprintf(stderr, "  primitives =");
    for (int m = 0; m < M; m++) fprintf(stderr, " %d", primitives[m]);
    fprintf(stderr,
            "\n  batch_size %d, max_epochs %d, arch %d, param %d, sampled %d, n_train %d, "
            "param_optimizer %d, loss %d\n",
            config.batch_size, config.max_epochs, config.arch_updates_per_epoch,
            config.param_updates_per_epoch, config.param_updates_for_sampled_model,
            config.n_train, config.param_optimizer, config.loss);
    fprintf(stderr,
            "  arch_lr %.17g, arch_wd %.17g, arch_wd_df %.17g, arch_wd_base %.17g\n"
            "  param_lr_max %.17g, param_lr_min %.17g, momentum %.17g, param_wd %.17g\n"
            "  classifier_wd %.17g, grad_clip %.17g, fair_weight %.17g\n"
            "  darts_type %d, output_type %d, sampling %d, train_coef %d, train_bias %d, polish %d\n"
            "  rng seed %llu, interrupt_after %d\n",
            config.arch_learning_rate_max, config.arch_weight_decay,
            config.arch_weight_decay_df, config.arch_weight_decay_base,
            config.param_learning_rate_max, config.param_learning_rate_min,
            config.param_momentum, config.param_weight_decay, config.classifier_weight_decay,
            config.grad_clip, config.fair_darts_loss_weight, config.darts_type,
            config.output_type, config.sampling_strategy,
            config.train_classifier_coefficients, config.train_classifier_bias,
            config.polish_iterations, (unsigned long long)ctx.rng, ctx.interrupt_after);
    print_doubles("x", x, (size_t)n * P);
    print_doubles("y", y, (size_t)n * C);
    print_doubles("alphas", alphas, ops);
    print_doubles("theta", theta, 2 * ops);
    print_doubles("weight", weight, (size_t)C * K);
    print_doubles("bias", bias, C);
  }

  /* The model starts as copies of the state (as in r_api.c); its architecture
   * is garbage until darts_search() writes it. */
  double *mtheta = xmalloc(sizeof(double) * 2 * ops);
  double *mweight = xmalloc(sizeof(double) * (size_t)C * K);
  double *mbias = xmalloc(sizeof(double) * C);
  memcpy(mtheta, theta, sizeof(double) * 2 * ops);
  memcpy(mweight, weight, sizeof(double) * (size_t)C * K);
  memcpy(mbias, bias, sizeof(double) * C);
  int *architecture = garbage_ints(E, -12345);
  int *node_kinds = garbage_ints(K, -12345);

  int epochs = config.max_epochs;
  /* A history of every epoch, or (one time in three) fewer records: thinned. */
  int n_history =
      epochs > 1 && next_byte(&r) % 3 == 0 ? next_int(&r, 1, epochs - 1) : epochs;
  darts_trace trace;
  memset(&trace, 0, sizeof trace);
  trace.loss = nan_doubles(n_history);
  trace.arch_loss = nan_doubles(n_history);
  trace.alphas = nan_doubles(ops * n_history);
  trace.node_alphas = nan_doubles(n_node_alphas * n_history + 1);
  trace.history_epoch = garbage_ints(n_history, -1);
  trace.n_history = n_history;
  trace.sampled_loss = nan_doubles(config.param_updates_for_sampled_model);
  trace.epochs_done = trace.failed_phase = trace.failed_epoch = -1;
  darts_params mixture = {.alphas = alphas, .node_alphas = node_alphas, .theta = theta,
                          .weight = weight, .bias = bias};
  darts_params model = {.theta = mtheta, .weight = mweight, .bias = mbias,
                        .architecture = architecture, .node_kinds = node_kinds};
  darts_callbacks cb = {fuzz_unif, fuzz_interrupted, fuzz_progress, &ctx};
  /* Case weights: none, or finite and not negative as the R side checks them
   * (zeros included: a batch may weigh nothing). */
  double *weights = NULL;
  if (next_byte(&r) % 2) {
    weights = xmalloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) weights[i] = next_byte(&r) % 4 == 0 ? 0 : next_byte(&r) / 16.0;
  }
  darts_data data = {.x = x, .y = y, .weights = weights, .n = n};

  darts_workspace_size search_size = darts_search_workspace(&shape, n, config.batch_size);
  double *work = nan_doubles(search_size.doubles);
  int *iwork = garbage_ints(search_size.ints, -777);

  int status = darts_search(&shape, &config, &data, &mixture, &model, &trace, &cb, work, iwork);
  /* The polish of the sampled model, in a workspace sized for that model. */
  if (status == DARTS_OK) {
    darts_workspace_size polish_size =
        darts_search_polish_workspace(&shape, &config, &model);
    double *polish_work = nan_doubles(polish_size.doubles);
    int *polish_iwork = garbage_ints(polish_size.ints, -777);
    status = darts_search_polish(&shape, &config, &data, &model, &trace, &cb, polish_work,
                                 polish_iwork);
    free(polish_work);
    free(polish_iwork);
  }

  /* What holds in every mode. */
  require(status == DARTS_OK || status == DARTS_INTERRUPTED || status == DARTS_NONFINITE_LOSS,
          "unknown status");
  require(trace.epochs_done >= 0 && trace.epochs_done <= epochs, "epochs_done out of range");
  require(trace.n_recorded >= 0 && trace.n_recorded <= n_history,
          "n_recorded out of range");
  for (int k = 0; k < trace.n_recorded; k++) {
    require(trace.history_epoch[k] >= 1 && trace.history_epoch[k] <= trace.epochs_done &&
                (k == 0 || trace.history_epoch[k] > trace.history_epoch[k - 1]),
            "history epochs out of order or range");
  }
  if (status == DARTS_OK) {
    require(trace.epochs_done == epochs, "DARTS_OK before max_epochs epochs");
    require(trace.n_recorded == n_history, "DARTS_OK with history records missing");
    require(n_history == 0 || trace.history_epoch[n_history - 1] == epochs,
            "the last record is not of the last epoch");
    for (int e = 0; e < E; e++) {
      require(architecture[e] >= 0 && architecture[e] < M, "architecture index out of range");
    }
    for (int j = 0; j < K; j++) {
      require(node_kinds[j] == NODE_SUM || (shape.product_nodes && node_kinds[j] == NODE_PRODUCT),
              "node kind out of range");
    }
    require(trace.polish_iterations >= 0, "negative polish_iterations");
    /* The polish keeps its result only when it lowers the sum of squares. */
    require(!(trace.polish_loss_after > trace.polish_loss_before),
            "the polish raised the sum of squares");
  } else {
    require(trace.failed_phase >= PHASE_ARCH && trace.failed_phase <= PHASE_SAMPLED,
            "failed_phase out of range");
    require(trace.failed_epoch >= 0 && trace.failed_epoch <= epochs,
            "failed_epoch out of range");
  }
  if (verbose()) {
    fprintf(stderr,
            "  status %d, epochs_done %d, failed_phase %d, failed_epoch %d, polish %d "
            "iterations, sse %g -> %g\n",
            status, trace.epochs_done, trace.failed_phase, trace.failed_epoch,
            trace.polish_iterations, trace.polish_loss_before, trace.polish_loss_after);
  }

  int level = contract_level();
  /* check: the values the engine wrote; check_predictions: the predictions. */
  int check = (mode == MODE_VALIDATED && level >= CONTRACT_STATE) ||
              (mode == MODE_MODERATE && level >= CONTRACT_MODERATE);
  int check_predictions = (mode == MODE_VALIDATED && level >= CONTRACT_FULL) ||
                          (mode == MODE_MODERATE && level >= CONTRACT_MODERATE);
  if (status == DARTS_OK) {
    if (check) {
      /* "after DARTS_OK": the search said it succeeded. */
      require_finite("after DARTS_OK, mixture alphas", alphas, ops);
      if (node_alphas) require_finite("after DARTS_OK, node alphas", node_alphas, n_node_alphas);
      require_finite("after DARTS_OK, mixture theta", theta, 2 * ops);
      require_finite("after DARTS_OK, mixture weight", weight, (size_t)C * K);
      require_finite("after DARTS_OK, mixture bias", bias, C);
      require_finite("after DARTS_OK, model theta", mtheta, 2 * ops);
      require_finite("after DARTS_OK, model weight", mweight, (size_t)C * K);
      require_finite("after DARTS_OK, model bias", mbias, C);
    }

    /* Loss and gradients on all rows, of the mixture and of the model (the
     * R side's gradient checks), and the model's predictions on the training
     * rows. */
    double loss = loss_and_predictions(&shape, &config, &mixture, &data, chunk, NULL);
    double *pred = nan_doubles((size_t)n * C);
    double mloss = loss_and_predictions(&shape, &config, &model, &data, chunk, pred);
    if (verbose()) {
      fprintf(stderr, "  loss_grad: mixture %g, model %g\n", loss, mloss);
      print_doubles("predictions", pred, (size_t)n * C);
    }
    if (check_predictions) require_finite("after DARTS_OK, predictions", pred, (size_t)n * C);
    free(pred);
  }

  /* darts_polish() on its own, as the R side calls it for candidate
   * architectures: an architecture from the bytes, some of its edges empty
   * (the sampled one when the bytes run out and the search succeeded), the
   * mixture's current values as the starting coefficients, a few iterations,
   * sometimes an interrupt. It keeps the starting values unless the sum of
   * squares decreases, and when interrupted. Before it, the candidate's loss
   * and gradients and its predictions, as the refinement computes them. */
  {
    int *candidate = xmalloc(sizeof(int) * E);
    for (int e = 0; e < E; e++) {
      if (r.pos < r.size || status != DARTS_OK) {
        int pick = next_byte(&r) % (M + 1);
        candidate[e] = pick == M ? DARTS_EMPTY_EDGE : pick;
      } else {
        candidate[e] = architecture[e];
      }
    }
    int max_iterations = next_int(&r, 0, 8);
    polish_ctx pctx = {next_byte(&r) % 8 == 0 ? next_int(&r, 1, 3) : 0, 0};
    darts_callbacks polish_cb = {NULL, polish_interrupted, NULL, &pctx};
    double *ptheta = xmalloc(sizeof(double) * 2 * ops);
    double *pweight = xmalloc(sizeof(double) * (size_t)C * K);
    double *pbias = xmalloc(sizeof(double) * C);
    memcpy(ptheta, theta, sizeof(double) * 2 * ops);
    memcpy(pweight, weight, sizeof(double) * (size_t)C * K);
    memcpy(pbias, bias, sizeof(double) * C);
    int *candidate_kinds = xmalloc(sizeof(int) * K);
    for (int j = 0; j < K; j++) {
      candidate_kinds[j] = shape.product_nodes && next_byte(&r) % 2 ? NODE_PRODUCT : NODE_SUM;
    }
    /* Sometimes some edge parameters are held, as the refinement holds the
     * offsets that hardly matter at 0. */
    int *free_theta = NULL;
    if (next_byte(&r) % 2) {
      free_theta = xmalloc(sizeof(int) * 2 * (size_t)E);
      for (int i = 0; i < 2 * E; i++) free_theta[i] = next_byte(&r) % 4 != 0;
    }
    darts_params cand = {.theta = ptheta, .weight = pweight, .bias = pbias,
                         .architecture = candidate, .node_kinds = candidate_kinds,
                         .free_theta = free_theta};
    double *cpred = nan_doubles((size_t)n * C);
    double closs = loss_and_predictions(&shape, &config, &cand, &data, chunk, cpred);
    if (verbose()) fprintf(stderr, "  candidate loss_grad %g\n", closs);
    free(cpred);
    /* The classifier as it starts: the entries the output layer and the
     * polish may not move (untrained by the config, or held) stay as here. */
    double *held_weight = xmalloc(sizeof(double) * (size_t)C * K);
    double *held_bias = xmalloc(sizeof(double) * C);
    memcpy(held_weight, pweight, sizeof(double) * (size_t)C * K);
    memcpy(held_bias, pbias, sizeof(double) * C);
    /* Sometimes the output layer is solved first, as the refinement does. */
    int solve_layer = next_byte(&r) % 2;
    /* Sometimes some classifier entries are held (free_classifier: C x K
     * weights, then C biases), as a screened candidate holds the weights of
     * its empty nodes at 0 and a pruned model its dropped terms (R/engine.R's
     * engine_polish_model()). Read after every other byte, so that the
     * inputs written before it keep their meaning (their bytes have run out
     * here: NULL, every entry free). */
    int *free_classifier = NULL;
    if (next_byte(&r) % 2) {
      free_classifier = xmalloc(sizeof(int) * ((size_t)C * K + C));
      for (int i = 0; i < C * K + C; i++) free_classifier[i] = next_byte(&r) % 3 != 0;
    }
    if (verbose() && free_theta) {
      fprintf(stderr, "  free_theta =");
      for (int i = 0; i < 2 * E; i++) fprintf(stderr, " %d", free_theta[i]);
      fprintf(stderr, "\n");
    }
    if (verbose() && free_classifier) {
      fprintf(stderr, "  free_classifier =");
      for (int i = 0; i < C * K + C; i++) fprintf(stderr, " %d", free_classifier[i]);
      fprintf(stderr, "\n");
    }
    if (solve_layer) {
      darts_workspace_size layer = darts_output_layer_workspace(&shape, n);
      double *layer_work = nan_doubles(layer.doubles + 1);
      int *layer_iwork = garbage_ints(layer.ints + 1, -777);
      darts_solve_output_layer(&shape, &config, &cand, free_classifier, &data, layer_work,
                               layer_iwork);
      free(layer_work);
      free(layer_iwork);
    }
    double *start_weight = xmalloc(sizeof(double) * (size_t)C * K);
    double *start_bias = xmalloc(sizeof(double) * C);
    memcpy(start_weight, pweight, sizeof(double) * (size_t)C * K);
    memcpy(start_bias, pbias, sizeof(double) * C);
    darts_workspace_size polish_size =
        darts_polish_model_workspace(&shape, &config, &cand, free_classifier);
    double *polish_work = nan_doubles(polish_size.doubles);
    int *polish_iwork = garbage_ints(polish_size.ints, -777);
    int start_finite = all_finite(ptheta, 2 * ops) && all_finite(pweight, (size_t)C * K) &&
                       all_finite(pbias, C);
    darts_polish_result result = {-1, -1, -1};
    int polish_status = darts_polish(&shape, &config, &cand, free_classifier, &data,
                                     max_iterations, &polish_cb, polish_work, polish_iwork,
                                     &result);
    if (verbose()) {
      fprintf(stderr, "  darts_polish: status %d, %d of %d iterations, sse %g -> %g\n",
              polish_status, result.iterations, max_iterations, result.loss_before,
              result.loss_after);
    }
    require(polish_status == DARTS_OK || polish_status == DARTS_INTERRUPTED,
            "darts_polish: unknown status");
    require(result.iterations >= 0 && result.iterations <= max_iterations,
            "darts_polish: iterations out of range");
    int unchanged = memcmp(ptheta, theta, sizeof(double) * 2 * ops) == 0 &&
                    memcmp(pweight, start_weight, sizeof(double) * (size_t)C * K) == 0 &&
                    memcmp(pbias, start_bias, sizeof(double) * C) == 0;
    require(result.loss_after < result.loss_before || unchanged,
            "darts_polish changed the coefficients without lowering its objective");
    require(polish_status == DARTS_OK || unchanged,
            "an interrupted darts_polish changed the coefficients");
    /* From finite coefficients, a finite objective: finite coefficients. */
    if (check && start_finite && isfinite(result.loss_after)) {
      require_finite("darts_polish theta", ptheta, 2 * ops);
      require_finite("darts_polish weight", pweight, (size_t)C * K);
      require_finite("darts_polish bias", pbias, C);
    }
    /* A held parameter stays where it was. */
    for (int e = 0; free_theta && e < E; e++) {
      if (candidate[e] == DARTS_EMPTY_EDGE) continue;
      for (int k = 0; k < 2; k++) {
        size_t at = (size_t)e + (size_t)E * ((size_t)candidate[e] + (size_t)M * k);
        require(free_theta[e + E * k] || memcmp(&ptheta[at], &theta[at], sizeof(double)) == 0,
                "darts_polish moved a held parameter");
      }
    }
    /* A held or untrained classifier entry stays where it was, through the
     * output layer's solve and the polish. */
    for (int i = 0; i < C * K; i++) {
      int free_entry = config.train_classifier_coefficients &&
                       (!free_classifier || free_classifier[i]);
      require(free_entry || memcmp(&pweight[i], &held_weight[i], sizeof(double)) == 0,
              "a held output weight moved");
    }
    for (int c = 0; c < C; c++) {
      int free_entry = config.train_classifier_bias &&
                       (!free_classifier || free_classifier[C * K + c]);
      require(free_entry || memcmp(&pbias[c], &held_bias[c], sizeof(double)) == 0,
              "a held output bias moved");
    }
    /* darts_polish_starts() from two starts, as the refinement screens a
     * graph: the start darts_polish() was given, and the same with its first
     * fitted parameter moved. The first polishes as darts_polish() did, so
     * the best is at least as good, and exactly as good when it is the
     * first; the model's own arrays stay as they are. */
    if (polish_status == DARTS_OK) {
      int n_fitted = darts_polish_theta_offsets(&shape, &cand, NULL);
      int *fitted_at = xmalloc(sizeof(int) * (size_t)(n_fitted + 1));
      darts_polish_theta_offsets(&shape, &cand, fitted_at);
      int n_at = n_fitted > 0 ? 1 : 0;
      double start_params[2] = {0, 0};
      if (n_at) {
        start_params[0] = theta[fitted_at[0]];
        start_params[1] = 0.5 * theta[fitted_at[0]] + 0.25;
      }
      double *two_weights = xmalloc(sizeof(double) * 2 * (size_t)C * K);
      double *two_biases = xmalloc(sizeof(double) * 2 * (size_t)C);
      for (int i = 0; i < 2; i++) {
        memcpy(two_weights + (size_t)i * C * K, start_weight, sizeof(double) * (size_t)C * K);
        memcpy(two_biases + (size_t)i * C, start_bias, sizeof(double) * C);
      }
      darts_starts starts = {2, n_at, fitted_at, start_params, two_weights, two_biases};
      memcpy(ptheta, theta, sizeof(double) * 2 * ops);
      memcpy(pweight, start_weight, sizeof(double) * (size_t)C * K);
      memcpy(pbias, start_bias, sizeof(double) * C);
      int n_threads = darts_polish_threads(2, 2);
      darts_workspace_size starts_size = darts_polish_starts_workspace(
          &shape, &config, &cand, free_classifier, n, 0, n_threads);
      double *starts_work = nan_doubles(starts_size.doubles + 1);
      int *starts_iwork = garbage_ints(starts_size.ints + 1, -777);
      double *best_fitted = nan_doubles((size_t)n_fitted + 1);
      double *best_weight = nan_doubles((size_t)C * K);
      double *best_bias = nan_doubles(C);
      darts_starts_result best = {-2, NAN, -1, best_fitted, best_weight, best_bias};
      darts_callbacks no_interrupts = {NULL, NULL, NULL, NULL};
      int starts_status = darts_polish_starts(&shape, &config, &cand, free_classifier, &data,
                                              max_iterations, 0, &starts, n_threads,
                                              &no_interrupts, starts_work, starts_iwork, &best);
      require(starts_status == DARTS_OK, "darts_polish_starts: not DARTS_OK uninterrupted");
      require(best.best_start >= -1 && best.best_start <= 1,
              "darts_polish_starts: best start out of range");
      require(memcmp(ptheta, theta, sizeof(double) * 2 * ops) == 0 &&
                  memcmp(pweight, start_weight, sizeof(double) * (size_t)C * K) == 0 &&
                  memcmp(pbias, start_bias, sizeof(double) * C) == 0,
              "darts_polish_starts changed the model's own arrays");
      if (isfinite(result.loss_after)) {
        require(best.best_start >= 0 && best.loss <= result.loss_after,
                "darts_polish_starts: the best start fits worse than darts_polish");
      }
      if (best.best_start == 0) {
        require(best.loss == result.loss_after,
                "darts_polish_starts: the first start polished otherwise than darts_polish");
      }
      free(fitted_at);
      free(two_weights);
      free(two_biases);
      free(starts_work);
      free(starts_iwork);
      free(best_fitted);
      free(best_weight);
      free(best_bias);
    }
    free(free_theta);
    free(free_classifier);
    free(held_weight);
    free(held_bias);
    free(candidate);
    free(candidate_kinds);
    free(start_weight);
    free(start_bias);
    free(ptheta);
    free(pweight);
    free(pbias);
    free(polish_work);
    free(polish_iwork);
  }

  free(x);
  free(y);
  free(weights);
  free(alphas);
  free(node_alphas);
  free(theta);
  free(weight);
  free(bias);
  free(mtheta);
  free(mweight);
  free(mbias);
  free(architecture);
  free(node_kinds);
  free(trace.loss);
  free(trace.arch_loss);
  free(trace.alphas);
  free(trace.node_alphas);
  free(trace.history_epoch);
  free(trace.sampled_loss);
  free(work);
  free(iwork);
  return 0;
}

#ifdef FUZZ_STANDALONE_MAIN
/* Without libFuzzer: run each file named on the command line once. */
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      return 2;
    }
    uint8_t *buf = NULL;
    size_t size = 0, cap = 0;
    int ch;
    while ((ch = fgetc(f)) != EOF) {
      if (size == cap) {
        cap = cap ? 2 * cap : 4096;
        buf = realloc(buf, cap);
        if (!buf) abort();
      }
      buf[size++] = (uint8_t)ch;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, size);
    free(buf);
  }
  return 0;
}
#endif
