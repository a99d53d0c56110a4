/* The engine alone, without R: a rich or tutorial search on the seed problem's
 * 10 x 10 grid, for profiling with callgrind or perf. Build (with the flags R
 * uses: -fopenmp for the row loops' "omp simd") and run:
 *   gcc -O2 -g -fopenmp -Isrc src/primitives.c src/network.c src/optim.c \
 *     src/search.c src/polish.c bench/engine_bench.c -lm -o /tmp/engine_bench
 *   /tmp/engine_bench rich 100     # configuration, epochs (the polish included)
 *   /tmp/engine_bench rich 100 1000000   # ... on rows drawn at random, no polish
 *   perf record /tmp/engine_bench rich 300 && perf report
 *   valgrind --tool=callgrind /tmp/engine_bench rich 20 100 && callgrind_annotate callgrind.out.*
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

static unsigned long long rng_state = 88172645463325252ULL;

static double xorshift_unif(void *ctx) {
  (void)ctx;
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (rng_state >> 11) * (1.0 / 9007199254740992.0);
}

static int never(void *ctx) {
  (void)ctx;
  return 0;
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "rich";
  int epochs = argc > 2 ? atoi(argv[2]) : 100;
  int rich = strcmp(which, "rich") == 0;
  static const int rich_prims[] = {PRIM_NONE, PRIM_ADD, PRIM_SUBTRACT, PRIM_MULT,
                                   PRIM_LINEAR, PRIM_LINEAR_EXP, PRIM_LINEAR_LOGISTIC,
                                   PRIM_LINEAR_RELU, PRIM_LINEAR_SIN, PRIM_LINEAR_TANH};
  static const int tutorial_prims[] = {PRIM_NONE, PRIM_ADD, PRIM_SUBTRACT, PRIM_MULT,
                                       PRIM_LOGISTIC, PRIM_EXP, PRIM_RELU};
  darts_shape shape = {.n_inputs = 2,
                       .num_graph_nodes = rich ? 2 : 1,
                       .n_outputs = 1,
                       .n_primitives = rich ? 10 : 7,
                       .primitives = rich ? rich_prims : tutorial_prims};
  shape.n_edges = darts_n_edges(shape.n_inputs, shape.num_graph_nodes);
  darts_config config = {64, epochs, 1, rich ? 100 : 500, rich ? 500 : 0,
                         rich ? 0.01 : 0.001, 1e-4, 3e-4, 0, 0.025, 0.01, 0.9, 3e-4,
                         1e-2, 5, 1, DARTS_ORIGINAL, OUTPUT_REAL, SAMPLING_MAX,
                         rich, rich, 1, 0, OPTIMIZER_SGD};
  /* the polish works on every row: leave it to the grid, so that larger n
   * times the steps alone */
  config.polish_iterations = argc <= 3 ? 100 : 0;

  int grid = argc <= 3;
  int n = grid ? 100 : atoi(argv[3]);
  int E = shape.n_edges, M = shape.n_primitives, K = shape.num_graph_nodes;
  double *x = malloc(sizeof(double) * n * 2), *y = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) {
    x[i] = grid ? (i / 10) / 9.0 : xorshift_unif(NULL);
    x[n + i] = grid ? (i % 10) / 9.0 : xorshift_unif(NULL);
    y[i] = 2 * x[i] + exp(5 * x[n + i]);
  }
  darts_data data = {.x = x, .y = y, .weights = NULL, .n = n};
  size_t ops = (size_t)E * M;
  double *alphas = calloc(ops, sizeof(double)), *theta = calloc(2 * ops, sizeof(double));
  double *mtheta = calloc(2 * ops, sizeof(double));
  double weight[8] = {1, 1, 1, 1, 1, 1, 1, 1}, bias[1] = {0}, mweight[8], mbias[1];
  for (size_t i = 0; i < ops; i++) alphas[i] = 1e-3 * (xorshift_unif(NULL) - 0.5);
  for (size_t i = 0; i < 2 * ops; i++) theta[i] = 2 * xorshift_unif(NULL) - 1;
  int *architecture = calloc(E, sizeof(int));
  darts_params mixture = {.alphas = alphas, .theta = theta, .weight = weight, .bias = bias};
  darts_params model = {.theta = mtheta, .weight = mweight, .bias = mbias,
                        .architecture = architecture};
  /* The history of every epoch, or of DARTS_HISTORY_MAX of them, as R keeps it. */
  int n_history = epochs < DARTS_HISTORY_MAX ? epochs : DARTS_HISTORY_MAX;
  double *loss = calloc(n_history + 1, sizeof(double));
  double *arch_loss = calloc(n_history + 1, sizeof(double));
  double *alpha_hist = calloc(ops * (n_history + 1), sizeof(double));
  int *history_epoch = calloc(n_history + 1, sizeof(int));
  double *sampled = calloc(config.param_updates_for_sampled_model + 1, sizeof(double));
  darts_trace trace = {.loss = loss, .arch_loss = arch_loss, .alphas = alpha_hist,
                       .history_epoch = history_epoch, .n_history = n_history,
                       .sampled_loss = sampled};
  darts_callbacks cb = {xorshift_unif, never, NULL, NULL};
  darts_workspace_size size = darts_search_workspace(&shape, n, config.batch_size);
  double *work = malloc(sizeof(double) * size.doubles);
  int *iwork = malloc(sizeof(int) * size.ints);

  clock_t start = clock();
  int status = darts_search(&shape, &config, &data, &mixture, &model, &trace, &cb, work, iwork);
  if (status == DARTS_OK) {
    darts_workspace_size polish = darts_search_polish_workspace(&shape, &config, &model);
    double *polish_work = malloc(sizeof(double) * (polish.doubles + 1));
    int *polish_iwork = malloc(sizeof(int) * (polish.ints + 1));
    status = darts_search_polish(&shape, &config, &data, &model, &trace, &cb, polish_work,
                                 polish_iwork);
    free(polish_work);
    free(polish_iwork);
  }
  double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
  double steps = (double)epochs * (config.arch_updates_per_epoch + config.param_updates_per_epoch) +
                 config.param_updates_for_sampled_model;
  printf("polish: %d iterations, sse %.6g -> %.6g\n", trace.polish_iterations,
         trace.polish_loss_before, trace.polish_loss_after);
  printf("%s: status %d, %.3f s, %.2f us/step, final loss %.6g, K=%d\n", which, status,
         seconds, 1e6 * seconds / steps, n_history > 0 ? loss[n_history - 1] : NAN, K);
  return 0;
}
