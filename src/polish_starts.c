/* One model polished from several starts, the starts shared among threads.
 *
 * The refinement screens each candidate graph from three to five starting
 * points (R/refine-candidates.R, fit_architecture()) and keeps the best:
 * most of a fit's polishing. The starts are independent, so they run side by
 * side, each on its own thread's slot of the workspace. Each start is
 * polished exactly as darts_polish() polishes it alone (its output layer
 * first solved for when asked, from a zeroed workspace), and the best is the
 * first start, in order, of the least finite objective: the answer does not
 * depend on the number of threads, nor on which thread ran which start.
 *
 * Only the calling thread (thread 0) asks the caller's interrupt callback,
 * which may run R; it tells the others through a flag they read. */
#include <math.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "engine.h"
#include "workspace.h"

/* One thread's slot: the model it polishes, the best start it has seen, and
 * the scratch of the output layer's solve and of the polish. */
typedef struct {
  double *theta;         /* E x M x 2 */
  double *weight;        /* C x K */
  double *bias;          /* C */
  double *best_fitted;   /* the fitted theta entries of its best start */
  double *best_weight;   /* C x K */
  double *best_bias;     /* C */
  double *scratch;       /* n_scratch_doubles */
  int *scratch_ints;     /* n_scratch_ints */
  double best_loss;
  int best_start;        /* -1: none finite yet */
  int best_iterations;
} start_slot;

typedef struct {
  size_t n_theta, n_weight, n_bias, n_fitted;
  darts_workspace_size scratch;
} slot_sizes;

static slot_sizes sizes_of(const darts_shape *s, const darts_config *c,
                           const darts_params *model, const int *free_classifier, int n_rows,
                           int solve_output_layer) {
  slot_sizes z;
  z.n_theta = (size_t)s->n_edges * s->n_primitives * 2;
  z.n_weight = (size_t)s->n_outputs * s->num_graph_nodes;
  z.n_bias = (size_t)s->n_outputs;
  z.n_fitted = (size_t)darts_polish_theta_offsets(s, model, NULL);
  darts_workspace_size polish = darts_polish_model_workspace(s, c, model, free_classifier);
  darts_workspace_size layer = {0, 0};
  if (solve_output_layer) layer = darts_output_layer_workspace(s, n_rows);
  z.scratch.doubles = polish.doubles > layer.doubles ? polish.doubles : layer.doubles;
  z.scratch.ints = polish.ints > layer.ints ? polish.ints : layer.ints;
  return z;
}

/* The one layout of a slot (see workspace.h). */
static start_slot lay_out_slot(const slot_sizes *z, darts_carver *cv) {
  start_slot slot;
  slot.theta = darts_take_doubles(cv, z->n_theta);
  slot.weight = darts_take_doubles(cv, z->n_weight);
  slot.bias = darts_take_doubles(cv, z->n_bias);
  slot.best_fitted = darts_take_doubles(cv, z->n_fitted);
  slot.best_weight = darts_take_doubles(cv, z->n_weight);
  slot.best_bias = darts_take_doubles(cv, z->n_bias);
  slot.scratch = darts_take_doubles(cv, z->scratch.doubles);
  slot.scratch_ints = darts_take_ints(cv, z->scratch.ints);
  slot.best_loss = INFINITY;
  slot.best_start = -1;
  slot.best_iterations = 0;
  return slot;
}

/* The whole workspace: the places of the fitted theta entries, then a slot
 * for each thread; returns the places. */
static int *lay_out_starts(const slot_sizes *z, int n_threads, darts_carver *cv,
                           start_slot *slots) {
  int *fitted_at = darts_take_ints(cv, z->n_fitted);
  for (int t = 0; t < n_threads; t++) slots[t] = lay_out_slot(z, cv);
  return fitted_at;
}

int darts_polish_threads(int requested, int n_starts) {
  int n = requested < n_starts ? requested : n_starts;
  if (n > DARTS_MAX_THREADS) n = DARTS_MAX_THREADS;
  if (n <= 1) return 1;
#ifdef _OPENMP
  int procs = omp_get_num_procs();
  if (n > procs) n = procs;
  return n < 1 ? 1 : n;
#else
  return 1;
#endif
}

darts_workspace_size darts_polish_starts_workspace(const darts_shape *s, const darts_config *c,
                                                   const darts_params *model,
                                                   const int *free_classifier, int n_rows,
                                                   int solve_output_layer, int n_threads) {
  slot_sizes z = sizes_of(s, c, model, free_classifier, n_rows, solve_output_layer);
  start_slot slots[DARTS_MAX_THREADS];
  darts_carver sizing = darts_sizing_carver();
  lay_out_starts(&z, n_threads, &sizing, slots);
  darts_workspace_size size = {sizing.n_doubles, sizing.n_ints};
  return size;
}

/* The flag by which thread 0 tells the others that the caller's callback said
 * stop. */
typedef struct {
  const darts_callbacks *outer;
  int stop;
} stop_flag;

static int flag_read(stop_flag *flag) {
  int stop;
#ifdef _OPENMP
#pragma omp atomic read
#endif
  stop = flag->stop;
  return stop;
}

static int asked_by_first_thread(void *ctx) {
  stop_flag *flag = ctx;
  if (flag->outer && flag->outer->interrupted && flag->outer->interrupted(flag->outer->ctx)) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
    flag->stop = 1;
  }
  return flag_read(flag);
}

static int asked_by_other_thread(void *ctx) {
  return flag_read(ctx);
}

/* Start i of the model polished in the slot; its result kept as the slot's
 * best when it is. */
static void polish_start(const darts_shape *s, const darts_config *c,
                         const darts_params *model, const int *free_classifier,
                         const darts_data *data, int max_iterations, int solve_output_layer,
                         const darts_starts *starts, int i, const slot_sizes *z,
                         const int *fitted_at, const darts_callbacks *cb, start_slot *slot) {
  memcpy(slot->theta, model->theta, z->n_theta * sizeof(double));
  for (int k = 0; k < starts->n_at; k++) {
    slot->theta[starts->at[k]] = starts->params[k + (size_t)starts->n_at * i];
  }
  memcpy(slot->weight, starts->weight + z->n_weight * i, z->n_weight * sizeof(double));
  memcpy(slot->bias, starts->bias + z->n_bias * i, z->n_bias * sizeof(double));
  darts_params trial = *model;
  trial.theta = slot->theta;
  trial.weight = slot->weight;
  trial.bias = slot->bias;
  memset(slot->scratch, 0, z->scratch.doubles * sizeof(double));
  memset(slot->scratch_ints, 0, z->scratch.ints * sizeof(int));
  if (solve_output_layer) {
    darts_solve_output_layer(s, c, &trial, free_classifier, data, slot->scratch,
                             slot->scratch_ints);
    memset(slot->scratch, 0, z->scratch.doubles * sizeof(double));
    memset(slot->scratch_ints, 0, z->scratch.ints * sizeof(int));
  }
  darts_polish_result result;
  darts_polish(s, c, &trial, free_classifier, data, max_iterations, cb, slot->scratch,
               slot->scratch_ints, &result);
  double loss = result.loss_after;
  if (!isfinite(loss) || !(loss < slot->best_loss)) return;
  slot->best_loss = loss;
  slot->best_start = i;
  slot->best_iterations = result.iterations;
  for (size_t k = 0; k < z->n_fitted; k++) slot->best_fitted[k] = slot->theta[fitted_at[k]];
  memcpy(slot->best_weight, slot->weight, z->n_weight * sizeof(double));
  memcpy(slot->best_bias, slot->bias, z->n_bias * sizeof(double));
}

/* The slot of the least objective, the earlier start on a tie: a thread
 * takes its starts in order, so each slot's best is its earliest least. */
static const start_slot *best_slot(const start_slot *slots, int n_threads) {
  const start_slot *best = NULL;
  for (int t = 0; t < n_threads; t++) {
    const start_slot *slot = slots + t;
    if (slot->best_start < 0) continue;
    if (!best || slot->best_loss < best->best_loss ||
        (slot->best_loss == best->best_loss && slot->best_start < best->best_start)) {
      best = slot;
    }
  }
  return best;
}

int darts_polish_starts(const darts_shape *s, const darts_config *c, const darts_params *model,
                        const int *free_classifier, const darts_data *data, int max_iterations,
                        int solve_output_layer, const darts_starts *starts, int n_threads,
                        const darts_callbacks *cb, double *work, int *iwork,
                        darts_starts_result *out) {
  slot_sizes z = sizes_of(s, c, model, free_classifier, data->n, solve_output_layer);
  start_slot slots[DARTS_MAX_THREADS];
  darts_carver cv = darts_carver_over(work, iwork);
  int *fitted_at = lay_out_starts(&z, n_threads, &cv, slots);
  darts_polish_theta_offsets(s, model, fitted_at);
  stop_flag flag = {cb, 0};
  darts_callbacks first = {NULL, asked_by_first_thread, NULL, &flag};
  darts_callbacks other = {NULL, asked_by_other_thread, NULL, &flag};

  /* One thread never enters OpenMP's runtime: in a process forked from one
   * that has used its threads (parallel::mclapply()), GCC's runtime waits
   * for threads the fork did not copy. */
  if (n_threads == 1) {
    for (int i = 0; i < starts->n && !flag_read(&flag); i++) {
      polish_start(s, c, model, free_classifier, data, max_iterations, solve_output_layer,
                   starts, i, &z, fitted_at, &first, slots);
    }
  } else {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
#endif
    for (int i = 0; i < starts->n; i++) {
      int t = 0;
#ifdef _OPENMP
      t = omp_get_thread_num();
#endif
      if (flag_read(&flag)) continue;
      polish_start(s, c, model, free_classifier, data, max_iterations, solve_output_layer,
                   starts, i, &z, fitted_at, t == 0 ? &first : &other, slots + t);
    }
  }

  out->best_start = -1;
  if (flag.stop) return DARTS_INTERRUPTED;
  const start_slot *best = best_slot(slots, n_threads);
  if (!best) return DARTS_OK;
  out->best_start = best->best_start;
  out->loss = best->best_loss;
  out->iterations = best->best_iterations;
  memcpy(out->fitted, best->best_fitted, z.n_fitted * sizeof(double));
  memcpy(out->weight, best->best_weight, z.n_weight * sizeof(double));
  memcpy(out->bias, best->best_bias, z.n_bias * sizeof(double));
  return DARTS_OK;
}
