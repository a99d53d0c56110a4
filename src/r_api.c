/* The .Call entry points: unpack R objects into the engine's structs, run the
 * plain-C engine, pack the results. R has validated and coerced every argument
 * (R/engine.R), so these trust their types. Every entry point is prefixed
 * ffi_ (the boundary between R and C), and nothing else here is: the engine's
 * own functions are darts_*. */
#include <R.h>
#include <Rinternals.h>
#include <cli/progress.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(_OPENMP) && !defined(_WIN32)
#include <pthread.h>
#endif

#include "engine.h"

/* Counted protection: every KEEP_N() adds one to the count it is given, and
 * FREE() releases that many, so no UNPROTECT() has to be counted by hand. */
#define KEEP_N(x, n_prot) (++*(n_prot), PROTECT(x))
#define FREE(n_prot) UNPROTECT(n_prot)

/* ---- reading named lists ---------------------------------------------- */

static SEXP list_get(SEXP list, const char *name) {
  SEXP names = Rf_getAttrib(list, R_NamesSymbol);
  for (R_xlen_t i = 0; i < Rf_xlength(list); i++) {
    if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0) return VECTOR_ELT(list, i);
  }
  Rf_error("internal error: `%s` is missing from the engine's arguments", name);
  return R_NilValue;
}

static int list_int(SEXP list, const char *name) {
  return Rf_asInteger(list_get(list, name));
}

static double list_double(SEXP list, const char *name) {
  return Rf_asReal(list_get(list, name));
}

static darts_shape read_shape(SEXP shape) {
  darts_shape s;
  SEXP primitives = list_get(shape, "primitives");
  s.n_inputs = list_int(shape, "n_inputs");
  s.num_graph_nodes = list_int(shape, "num_graph_nodes");
  s.n_outputs = list_int(shape, "n_outputs");
  s.n_primitives = Rf_length(primitives);
  s.primitives = INTEGER(primitives);
  s.n_edges = darts_n_edges(s.n_inputs, s.num_graph_nodes);
  s.product_nodes = list_int(shape, "product_nodes");
  return s;
}

static darts_config read_config(SEXP config) {
  darts_config c;
#define INT_FIELD(f) c.f = list_int(config, #f)
#define DOUBLE_FIELD(f) c.f = list_double(config, #f)
  INT_FIELD(batch_size);
  INT_FIELD(max_epochs);
  INT_FIELD(arch_updates_per_epoch);
  INT_FIELD(param_updates_per_epoch);
  INT_FIELD(param_updates_for_sampled_model);
  DOUBLE_FIELD(arch_learning_rate_max);
  DOUBLE_FIELD(arch_weight_decay);
  DOUBLE_FIELD(arch_weight_decay_df);
  DOUBLE_FIELD(arch_weight_decay_base);
  DOUBLE_FIELD(param_learning_rate_max);
  DOUBLE_FIELD(param_learning_rate_min);
  DOUBLE_FIELD(param_momentum);
  DOUBLE_FIELD(param_weight_decay);
  DOUBLE_FIELD(classifier_weight_decay);
  DOUBLE_FIELD(grad_clip);
  DOUBLE_FIELD(fair_darts_loss_weight);
  INT_FIELD(darts_type);
  INT_FIELD(output_type);
  INT_FIELD(sampling_strategy);
  INT_FIELD(train_classifier_coefficients);
  INT_FIELD(train_classifier_bias);
  INT_FIELD(polish_iterations);
  INT_FIELD(n_train);
  INT_FIELD(param_optimizer);
  INT_FIELD(loss);
#undef INT_FIELD
#undef DOUBLE_FIELD
  return c;
}

/* weights: NULL, or one double per row of x (R/engine.R checks). */
static darts_data read_data(SEXP x, SEXP y, SEXP weights) {
  darts_data d;
  d.x = REAL(x);
  d.y = Rf_isNull(y) ? NULL : REAL(y);
  d.weights = Rf_isNull(weights) ? NULL : REAL(weights);
  d.n = Rf_nrows(x);
  return d;
}

/* A fresh copy of a numeric vector (with its dim and dimnames). */
static SEXP copy_of(SEXP v) {
  return Rf_duplicate(v);
}

/* Parameters read from list(alphas, node_alphas, theta, weight, bias) into
 * fresh copies, kept (protected) on the caller's count n_prot; node_alphas is
 * NULL in R (and in C) unless nodes may multiply. */
static darts_params params_copy(SEXP state, SEXP *copies, int *n_prot) {
  static const char *fields[] = {"alphas", "node_alphas", "theta", "weight", "bias"};
  for (int i = 0; i < 5; i++)
    copies[i] = KEEP_N(copy_of(list_get(state, fields[i])), n_prot);
  darts_params p = {.alphas = REAL(copies[0]),
                    .node_alphas = Rf_isNull(copies[1]) ? NULL : REAL(copies[1]),
                    .theta = REAL(copies[2]),
                    .weight = REAL(copies[3]),
                    .bias = REAL(copies[4])};
  return p;
}

/* A sampled model from list(architecture, node_kinds, theta, weight, bias),
 * read in place. */
static darts_params model_in(SEXP model) {
  darts_params p = {.theta = REAL(list_get(model, "theta")),
                    .weight = REAL(list_get(model, "weight")),
                    .bias = REAL(list_get(model, "bias")),
                    .architecture = INTEGER(list_get(model, "architecture")),
                    .node_kinds = INTEGER(list_get(model, "node_kinds"))};
  return p;
}

/* ---- engine workspaces ------------------------------------------------ */

/* A workspace of so many doubles and ints, in one block from R's allocator
 * (R_Calloc, which errors rather than return NULL), freed with
 * free_workspace() as soon as the engine is done with it. Memory from
 * R_alloc() would stay until R next collects garbage: the refinement polishes
 * and predicts thousands of candidates, and their dead workspaces filled R's
 * heap to its collection threshold. Nothing may jump between the two calls:
 * the engine does not, its interrupt callback catches R's jumps, and the
 * search's progress callback runs under R_UnwindProtect, whose cleanup frees. */
typedef struct {
  double *doubles;
  int *ints;
} workspace;

static workspace new_workspace(darts_workspace_size size) {
  size_t int_doubles = (size.ints * sizeof(int) + sizeof(double) - 1) / sizeof(double);
  size_t n = size.doubles + int_doubles;
  workspace w;
  w.doubles = R_Calloc(n > 0 ? n : 1, double);
  w.ints = (int *)(w.doubles + size.doubles);
  return w;
}

static void free_workspace(workspace *w) {
  R_Free(w->doubles); /* and sets it to NULL */
  w->ints = NULL;
}

/* ---- callbacks -------------------------------------------------------- */

static double r_unif_rand(void *ctx) {
  (void)ctx;
  return unif_rand();
}

static void check_interrupt(void *unused) {
  (void)unused;
  R_CheckUserInterrupt();
}

/* Nonzero when the user pressed Ctrl-C. R_ToplevelExec catches the interrupt's
 * jump, so the engine returns normally and the R side reports the stop. */
static int r_interrupted(void *ctx) {
  (void)ctx;
  return !R_ToplevelExec(check_interrupt, NULL);
}

/* cli's update runs R code, which may jump out of the engine (Esc, an
 * error): ffi_search() runs the engine under R_UnwindProtect, so that the
 * jump still restores the RNG state and ends the bar. */
static void r_progress(void *ctx, double done, double total) {
  (void)total;
  SEXP bar = (SEXP)ctx;
  if (!Rf_isNull(bar) && CLI_SHOULD_TICK) cli_progress_set(bar, done);
}

static void progress_done(void *bar) {
  cli_progress_done((SEXP)bar);
}

/* The alpha history as an E x M x n_history array, named as the state's
 * alphas are (edges, primitives), so that R keeps it without a copy. */
static void shape_history(SEXP alpha_history, SEXP state_alphas, int E, int M,
                          int n_history) {
  int n_prot = 0;
  SEXP dim = KEEP_N(Rf_allocVector(INTSXP, 3), &n_prot);
  INTEGER(dim)[0] = E;
  INTEGER(dim)[1] = M;
  INTEGER(dim)[2] = n_history;
  Rf_setAttrib(alpha_history, R_DimSymbol, dim);
  SEXP names = Rf_getAttrib(state_alphas, R_DimNamesSymbol);
  if (Rf_isNewList(names) && Rf_length(names) == 2) {
    SEXP dimnames = KEEP_N(Rf_allocVector(VECSXP, 3), &n_prot);
    SET_VECTOR_ELT(dimnames, 0, VECTOR_ELT(names, 0));
    SET_VECTOR_ELT(dimnames, 1, VECTOR_ELT(names, 1));
    Rf_setAttrib(alpha_history, R_DimNamesSymbol, dimnames);
  }
  FREE(n_prot);
}

/* ---- threads and forks ------------------------------------------------ */

/* Set in a process forked from this one (parallel::mclapply(), a multicore
 * future): GCC's OpenMP runtime there waits for the parent's threads, which
 * the fork did not copy, so the child polishes its starts one at a time. */
static int forked_child = 0;

#if defined(_OPENMP) && !defined(_WIN32)
static void note_forked_child(void) {
  forked_child = 1;
}
#endif

/* (Only where OpenMP runs threads at all. glibc forgets the handler when
 * the library is unloaded.) */
void dartsr_watch_forks(void) {
#if defined(_OPENMP) && !defined(_WIN32)
  pthread_atfork(NULL, NULL, note_forked_child);
#endif
}

/* The threads a polish of several starts may ask for. */
static int polish_threads_allowed(SEXP threads) {
  return forked_child ? 1 : Rf_asInteger(threads);
}

/* ---- entry points ----------------------------------------------------- */

static SEXP named_list(const char **names, SEXP *values, int n) {
  int n_prot = 0;
  SEXP out = KEEP_N(Rf_allocVector(VECSXP, n), &n_prot);
  SEXP nm = KEEP_N(Rf_allocVector(STRSXP, n), &n_prot);
  for (int i = 0; i < n; i++) {
    SET_VECTOR_ELT(out, i, values[i]);
    SET_STRING_ELT(nm, i, Rf_mkChar(names[i]));
  }
  Rf_setAttrib(out, R_NamesSymbol, nm);
  FREE(n_prot);
  return out;
}

/* One search, as R_UnwindProtect runs it: darts_search(), then the polish of
 * its sampled model in a workspace sized for that model. */
typedef struct {
  darts_shape *shape;
  darts_config *config;
  darts_data *data;
  darts_params *mixture;
  darts_params *model;
  darts_trace *trace;
  darts_callbacks *cb;
  SEXP bar;
  workspace work;
  int status;
} search_call;

static SEXP run_search(void *data) {
  search_call *call = (search_call *)data;
  call->work = new_workspace(
      darts_search_workspace(call->shape, call->data->n, call->config->batch_size));
  call->status =
      darts_search(call->shape, call->config, call->data, call->mixture, call->model,
                   call->trace, call->cb, call->work.doubles, call->work.ints);
  free_workspace(&call->work);
  if (call->status != DARTS_OK) return R_NilValue;
  call->work = new_workspace(
      darts_search_polish_workspace(call->shape, call->config, call->model));
  call->status =
      darts_search_polish(call->shape, call->config, call->data, call->model, call->trace,
                          call->cb, call->work.doubles, call->work.ints);
  free_workspace(&call->work);
  return R_NilValue;
}

/* After a jump out of the search (the progress bar's R code, on Esc or an
 * error): the workspace freed, the RNG state as the engine left it, and the
 * bar ended (under R_ToplevelExec: nothing may jump again while the first
 * jump unwinds). */
static void clean_up_search(void *data, Rboolean jump) {
  search_call *call = (search_call *)data;
  if (!jump) return;
  free_workspace(&call->work);
  PutRNGstate();
  R_ToplevelExec(progress_done, call->bar);
}

SEXP ffi_search(SEXP shape_, SEXP config_, SEXP x, SEXP y, SEXP weights, SEXP state,
                SEXP progress) {
  int n_prot = 0;
  darts_shape shape = read_shape(shape_);
  darts_config config = read_config(config_);
  darts_data data = read_data(x, y, weights);
  int E = shape.n_edges, M = shape.n_primitives;
  int epochs = config.max_epochs;
  int n_history = epochs < DARTS_HISTORY_MAX ? epochs : DARTS_HISTORY_MAX;

  SEXP mix[5];
  darts_params mixture = params_copy(state, mix, &n_prot);
  SEXP model_theta = KEEP_N(copy_of(mix[2]), &n_prot);
  SEXP model_weight = KEEP_N(copy_of(mix[3]), &n_prot);
  SEXP model_bias = KEEP_N(copy_of(mix[4]), &n_prot);
  SEXP architecture = KEEP_N(Rf_allocVector(INTSXP, E), &n_prot);
  SEXP node_kinds = KEEP_N(Rf_allocVector(INTSXP, shape.num_graph_nodes), &n_prot);
  darts_params model = {.theta = REAL(model_theta),
                        .weight = REAL(model_weight),
                        .bias = REAL(model_bias),
                        .architecture = INTEGER(architecture),
                        .node_kinds = INTEGER(node_kinds)};

  R_xlen_t n_node_alphas =
      shape.product_nodes ? (R_xlen_t)shape.num_graph_nodes * NODE_KIND_COUNT : 0;
  SEXP loss = KEEP_N(Rf_allocVector(REALSXP, n_history), &n_prot);
  SEXP arch_loss = KEEP_N(Rf_allocVector(REALSXP, n_history), &n_prot);
  SEXP alpha_history =
      KEEP_N(Rf_allocVector(REALSXP, (R_xlen_t)E * M * n_history), &n_prot);
  SEXP node_alpha_history =
      KEEP_N(Rf_allocVector(REALSXP, n_node_alphas * n_history), &n_prot);
  SEXP history_epoch = KEEP_N(Rf_allocVector(INTSXP, n_history), &n_prot);
  SEXP sampled_loss =
      KEEP_N(Rf_allocVector(REALSXP, config.param_updates_for_sampled_model), &n_prot);
  darts_trace trace = {.loss = REAL(loss),
                       .arch_loss = REAL(arch_loss),
                       .alphas = REAL(alpha_history),
                       .node_alphas = REAL(node_alpha_history),
                       .history_epoch = INTEGER(history_epoch),
                       .n_history = n_history,
                       .sampled_loss = REAL(sampled_loss)};

  SEXP bar = R_NilValue;
  double total = (double)epochs *
                     (config.arch_updates_per_epoch + config.param_updates_per_epoch) +
                 config.param_updates_for_sampled_model;
  if (Rf_isNewList(progress)) bar = cli_progress_bar(total, progress);
  KEEP_N(bar, &n_prot);
  darts_callbacks cb = {r_unif_rand, r_interrupted, r_progress, (void *)bar};
  search_call call = {&shape, &config, &data, &mixture,     &model,
                      &trace, &cb,     bar,   {NULL, NULL}, DARTS_OK};
  SEXP token = KEEP_N(R_MakeUnwindCont(), &n_prot);

  GetRNGstate();
  R_UnwindProtect(run_search, &call, clean_up_search, &call, token);
  PutRNGstate();
  cli_progress_done(bar);
  shape_history(alpha_history, list_get(state, "alphas"), E, M, n_history);

  const char *model_names[] = {"architecture", "node_kinds", "theta", "weight", "bias"};
  SEXP model_values[] = {architecture, node_kinds, model_theta, model_weight, model_bias};
  SEXP model_list = KEEP_N(named_list(model_names, model_values, 5), &n_prot);
  SEXP status_ = KEEP_N(Rf_ScalarInteger(call.status), &n_prot);
  SEXP epochs_done = KEEP_N(Rf_ScalarInteger(trace.epochs_done), &n_prot);
  SEXP n_recorded = KEEP_N(Rf_ScalarInteger(trace.n_recorded), &n_prot);
  SEXP failed_phase = KEEP_N(Rf_ScalarInteger(trace.failed_phase), &n_prot);
  SEXP failed_epoch = KEEP_N(Rf_ScalarInteger(trace.failed_epoch), &n_prot);
  SEXP polish = KEEP_N(Rf_allocVector(REALSXP, 3), &n_prot);
  REAL(polish)[0] = trace.polish_iterations;
  REAL(polish)[1] = trace.polish_loss_before;
  REAL(polish)[2] = trace.polish_loss_after;
  const char *names[] = {"alphas",          "node_alphas",   "theta",
                         "weight",          "bias",          "model",
                         "loss",            "arch_loss",     "alpha_history",
                         "node_alpha_history", "history_epoch", "history_records",
                         "sampled_loss",    "status",        "epochs_done",
                         "failed_phase",    "failed_epoch",  "polish"};
  SEXP values[] = {mix[0],        mix[1],             mix[2],
                   mix[3],        mix[4],             model_list,
                   loss,          arch_loss,          alpha_history,
                   node_alpha_history, history_epoch, n_recorded,
                   sampled_loss,  status_,            epochs_done,
                   failed_phase,  failed_epoch,       polish};
  SEXP out = named_list(names, values, 18);
  FREE(n_prot);
  return out;
}

SEXP ffi_predict(SEXP shape_, SEXP output_type, SEXP model_, SEXP x) {
  int n_prot = 0;
  darts_shape shape = read_shape(shape_);
  darts_data data = read_data(x, R_NilValue, R_NilValue);
  darts_params model = model_in(model_);
  int chunk = data.n < 1024 ? (data.n > 0 ? data.n : 1) : 1024;
  SEXP out = KEEP_N(Rf_allocMatrix(REALSXP, data.n, shape.n_outputs), &n_prot);
  darts_workspace_size size = {darts_prediction_doubles(&shape, chunk), 0};
  workspace work = new_workspace(size);
  darts_predict(&shape, Rf_asInteger(output_type), &model, &data, work.doubles, chunk,
                REAL(out));
  free_workspace(&work);
  FREE(n_prot);
  return out;
}

/* Loss and gradients on all rows: the mixture when architecture is NULL, else the
 * sampled model it names. For the gradient checks. */
SEXP ffi_loss_grad(SEXP shape_, SEXP config_, SEXP state, SEXP architecture, SEXP x,
                   SEXP y, SEXP weights) {
  int n_prot = 0;
  darts_shape shape = read_shape(shape_);
  darts_config config = read_config(config_);
  darts_data data = read_data(x, y, weights);
  SEXP node_alphas = list_get(state, "node_alphas");
  SEXP node_kinds = list_get(state, "node_kinds");
  darts_params params = {
      .alphas = REAL(list_get(state, "alphas")),
      .node_alphas = Rf_isNull(node_alphas) ? NULL : REAL(node_alphas),
      .theta = REAL(list_get(state, "theta")),
      .weight = REAL(list_get(state, "weight")),
      .bias = REAL(list_get(state, "bias")),
      .architecture = Rf_isNull(architecture) ? NULL : INTEGER(architecture),
      .node_kinds = Rf_isNull(node_kinds) ? NULL : INTEGER(node_kinds)};
  size_t ops = (size_t)shape.n_edges * shape.n_primitives;
  R_xlen_t n_node_alphas =
      shape.product_nodes ? (R_xlen_t)shape.num_graph_nodes * NODE_KIND_COUNT : 0;
  SEXP g_alphas = KEEP_N(Rf_allocVector(REALSXP, ops), &n_prot);
  SEXP g_node_alphas = KEEP_N(Rf_allocVector(REALSXP, n_node_alphas), &n_prot);
  SEXP g_theta = KEEP_N(Rf_allocVector(REALSXP, 2 * ops), &n_prot);
  SEXP g_weight =
      KEEP_N(Rf_allocVector(REALSXP, (R_xlen_t)shape.n_outputs * shape.num_graph_nodes),
             &n_prot);
  SEXP g_bias = KEEP_N(Rf_allocVector(REALSXP, shape.n_outputs), &n_prot);
  memset(REAL(g_alphas), 0, sizeof(double) * ops);
  for (R_xlen_t i = 0; i < n_node_alphas; i++) REAL(g_node_alphas)[i] = 0;
  int mixture = params.architecture == NULL;
  darts_grads grads = {
      .alphas = mixture ? REAL(g_alphas) : NULL,
      .node_alphas = mixture && n_node_alphas > 0 ? REAL(g_node_alphas) : NULL,
      .theta = REAL(g_theta),
      .weight = REAL(g_weight),
      .bias = REAL(g_bias)};
  darts_workspace_size size = {darts_workspace_doubles(&shape, data.n), (size_t)data.n};
  workspace work = new_workspace(size);
  int *idx = work.ints; /* every row, in order */
  for (int i = 0; i < data.n; i++) idx[i] = i;
  double loss =
      darts_loss_grad(&shape, &config, &params, &data, idx, data.n, work.doubles, &grads);
  free_workspace(&work);
  SEXP loss_ = KEEP_N(Rf_ScalarReal(loss), &n_prot);
  const char *names[] = {"loss", "alphas", "node_alphas", "theta", "weight", "bias"};
  SEXP values[] = {loss_, g_alphas, g_node_alphas, g_theta, g_weight, g_bias};
  SEXP out = named_list(names, values, 6);
  FREE(n_prot);
  return out;
}

/* A model to polish, as ffi_polish() and ffi_polish_starts() read it: its
 * architecture and node kinds, its optional `free` (C x K weights then C
 * biases, TRUE where a trainable entry is free) into *free_classifier, and
 * its optional `free_theta` (E x 2, TRUE where an edge's parameter is free),
 * both checked by engine_polish_model(). Its theta, weight and bias are the
 * caller's to set. */
static darts_params read_polish_model(SEXP model_, const int **free_classifier) {
  darts_params model = {.theta = NULL,
                        .weight = NULL,
                        .bias = NULL,
                        .architecture = INTEGER(list_get(model_, "architecture")),
                        .node_kinds = INTEGER(list_get(model_, "node_kinds"))};
  SEXP free_ = list_get(model_, "free");
  *free_classifier = Rf_isNull(free_) ? NULL : LOGICAL(free_);
  SEXP free_theta = list_get(model_, "free_theta");
  model.free_theta = Rf_isNull(free_theta) ? NULL : LOGICAL(free_theta);
  return model;
}

/* Levenberg-Marquardt polish of a sampled model's coefficients on all rows:
 * the refinement of the architecture fits each candidate with it, from its
 * output layer solved by least squares when solve_output_layer is TRUE.
 * Returns the polished weight and bias whole, but of theta (E x M x 2, of
 * which a model uses two entries an edge) only the entries the polish fits:
 * their values and their 1-based places. The refinement polishes thousands
 * of models and keeps few: a copy of theta for each, in R's heap until R next
 * collected its garbage, made most of its peak memory on large graphs. The
 * polish works on a copy of theta in its own workspace instead, freed with it,
 * with the model's start_params written at start_at. */
SEXP ffi_polish(SEXP shape_, SEXP config_, SEXP model_, SEXP x, SEXP y, SEXP weights,
                SEXP max_iterations, SEXP solve_output_layer) {
  int n_prot = 0;
  darts_shape shape = read_shape(shape_);
  darts_config config = read_config(config_);
  darts_data data = read_data(x, y, weights);
  SEXP theta_in = list_get(model_, "theta");
  SEXP weight = KEEP_N(copy_of(list_get(model_, "weight")), &n_prot);
  SEXP bias = KEEP_N(copy_of(list_get(model_, "bias")), &n_prot);
  const int *free_classifier;
  darts_params model = read_polish_model(model_, &free_classifier);
  model.theta = NULL; /* the workspace's copy, below */
  model.weight = REAL(weight);
  model.bias = REAL(bias);
  int n_fitted = darts_polish_theta_offsets(&shape, &model, NULL);
  SEXP fitted_at = KEEP_N(Rf_allocVector(INTSXP, n_fitted), &n_prot);
  SEXP fitted = KEEP_N(Rf_allocVector(REALSXP, n_fitted), &n_prot);
  darts_polish_theta_offsets(&shape, &model, INTEGER(fitted_at));
  /* One workspace (allocated after every R object, so that nothing can jump
   * while it is held): theta's copy, then room for the output layer's solve
   * and, after it, the polish's. */
  size_t n_theta = (size_t)XLENGTH(theta_in);
  int solve = Rf_asLogical(solve_output_layer) == TRUE;
  darts_workspace_size layer_size = {0, 0};
  if (solve) layer_size = darts_output_layer_workspace(&shape, data.n);
  darts_workspace_size polish_size =
      darts_polish_model_workspace(&shape, &config, &model, free_classifier);
  darts_workspace_size size = {
      n_theta + (layer_size.doubles > polish_size.doubles ? layer_size.doubles
                                                          : polish_size.doubles),
      layer_size.ints > polish_size.ints ? layer_size.ints : polish_size.ints};
  workspace work = new_workspace(size);
  double *rest = work.doubles + n_theta;
  model.theta = work.doubles;
  memcpy(model.theta, REAL(theta_in), n_theta * sizeof(double));
  /* The optional start, a few entries that differ from theta's (1-based
   * places, checked by engine_polish()): each start the refinement tries
   * would otherwise be a whole theta of its own in R's heap. */
  SEXP start_at = list_get(model_, "start_at");
  SEXP start_params = list_get(model_, "start_params");
  for (R_xlen_t i = 0; i < Rf_xlength(start_at); i++) {
    model.theta[INTEGER(start_at)[i] - 1] = REAL(start_params)[i];
  }
  if (solve) {
    darts_solve_output_layer(&shape, &config, &model, free_classifier, &data, rest, work.ints);
    /* the polish starts from a zeroed workspace, as its own */
    memset(rest, 0, (size.doubles - n_theta) * sizeof(double));
    memset(work.ints, 0, size.ints * sizeof(int));
  }
  int iterations_max = Rf_asInteger(max_iterations);
  darts_polish_result result;
  darts_callbacks cb = {NULL, r_interrupted, NULL, NULL}; /* the polish draws nothing */
  int status = darts_polish(&shape, &config, &model, free_classifier, &data, iterations_max, &cb,
                            rest, work.ints, &result);
  for (int i = 0; i < n_fitted; i++) {
    REAL(fitted)[i] = model.theta[INTEGER(fitted_at)[i]];
    INTEGER(fitted_at)[i] += 1;
  }
  free_workspace(&work);
  SEXP loss = KEEP_N(Rf_ScalarReal(result.loss_after), &n_prot);
  SEXP iterations = KEEP_N(Rf_ScalarInteger(result.iterations), &n_prot);
  SEXP status_ = KEEP_N(Rf_ScalarInteger(status), &n_prot);
  const char *names[] = {"edge_params_at", "edge_params", "weight", "bias",
                         "loss", "iterations", "status"};
  SEXP values[] = {fitted_at, fitted, weight, bias, loss, iterations, status_};
  SEXP out = named_list(names, values, 7);
  FREE(n_prot);
  return out;
}

/* One model polished from several starts (darts_polish_starts()), on up to
 * `threads` threads: the refinement's screen of a candidate graph. model_ is
 * as for ffi_polish(), without a start of its own; starts_ is list(at,
 * params, weight, bias): 1-based places in theta, and each start's values
 * there, output weights and biases, one column a start (checked by
 * engine_polish_starts()). Returns the best start's polish as ffi_polish()
 * returns one, with `best`, its 1-based index (NA when no start gives a
 * finite objective). */
SEXP ffi_polish_starts(SEXP shape_, SEXP config_, SEXP model_, SEXP starts_, SEXP x, SEXP y,
                       SEXP weights, SEXP max_iterations, SEXP solve_output_layer,
                       SEXP threads) {
  int n_prot = 0;
  darts_shape shape = read_shape(shape_);
  darts_config config = read_config(config_);
  darts_data data = read_data(x, y, weights);
  const int *free_classifier;
  darts_params model = read_polish_model(model_, &free_classifier);
  model.theta = REAL(list_get(model_, "theta"));
  model.weight = REAL(list_get(model_, "weight"));
  model.bias = REAL(list_get(model_, "bias"));
  SEXP at_ = list_get(starts_, "at");
  SEXP params = list_get(starts_, "params");
  SEXP start_weight = list_get(starts_, "weight");
  int n_at = Rf_length(at_);
  int n_starts = Rf_ncols(start_weight);
  SEXP at0 = KEEP_N(Rf_allocVector(INTSXP, n_at), &n_prot); /* 0-based */
  int *at = INTEGER(at0);
  for (int k = 0; k < n_at; k++) at[k] = INTEGER(at_)[k] - 1;
  darts_starts starts = {n_starts, n_at, at, REAL(params), REAL(start_weight),
                         REAL(list_get(starts_, "bias"))};
  int n_fitted = darts_polish_theta_offsets(&shape, &model, NULL);
  SEXP fitted_at = KEEP_N(Rf_allocVector(INTSXP, n_fitted), &n_prot);
  darts_polish_theta_offsets(&shape, &model, INTEGER(fitted_at));
  for (int i = 0; i < n_fitted; i++) INTEGER(fitted_at)[i] += 1;
  SEXP fitted = KEEP_N(Rf_allocVector(REALSXP, n_fitted), &n_prot);
  SEXP weight = KEEP_N(copy_of(list_get(model_, "weight")), &n_prot);
  SEXP bias = KEEP_N(copy_of(list_get(model_, "bias")), &n_prot);
  int solve = Rf_asLogical(solve_output_layer) == TRUE;
  int n_threads = darts_polish_threads(polish_threads_allowed(threads), n_starts);
  darts_starts_result result = {-1, R_PosInf, 0, REAL(fitted), REAL(weight), REAL(bias)};
  /* allocated after every R object: nothing can jump while it is held */
  workspace work = new_workspace(darts_polish_starts_workspace(
      &shape, &config, &model, free_classifier, data.n, solve, n_threads));
  darts_callbacks cb = {NULL, r_interrupted, NULL, NULL}; /* the polish draws nothing */
  int status = darts_polish_starts(&shape, &config, &model, free_classifier, &data,
                                   Rf_asInteger(max_iterations), solve, &starts, n_threads, &cb,
                                   work.doubles, work.ints, &result);
  free_workspace(&work);
  SEXP best = KEEP_N(Rf_ScalarInteger(result.best_start < 0 ? NA_INTEGER
                                                              : result.best_start + 1),
                     &n_prot);
  SEXP loss = KEEP_N(Rf_ScalarReal(result.loss), &n_prot);
  SEXP iterations = KEEP_N(Rf_ScalarInteger(result.iterations), &n_prot);
  SEXP status_ = KEEP_N(Rf_ScalarInteger(status), &n_prot);
  const char *names[] = {"best", "edge_params_at", "edge_params", "weight", "bias",
                         "loss", "iterations", "status"};
  SEXP values[] = {best, fitted_at, fitted, weight, bias, loss, iterations, status_};
  SEXP out = named_list(names, values, 8);
  FREE(n_prot);
  return out;
}

/* The engine's primitives, in code order: each name, its outer function's
 * name, how many inner parameters it has (0: x, 1: a x, 2: a x + b) and
 * whether beta follows them. R/spec-primitives.R builds its table from this. */
SEXP ffi_primitive_table(void) {
  int n_prot = 0;
  SEXP names = KEEP_N(Rf_allocVector(STRSXP, PRIM_COUNT), &n_prot);
  SEXP outer = KEEP_N(Rf_allocVector(STRSXP, PRIM_COUNT), &n_prot);
  SEXP n_inner = KEEP_N(Rf_allocVector(INTSXP, PRIM_COUNT), &n_prot);
  SEXP has_beta = KEEP_N(Rf_allocVector(LGLSXP, PRIM_COUNT), &n_prot);
  for (int code = 0; code < PRIM_COUNT; code++) {
    SET_STRING_ELT(names, code, Rf_mkChar(darts_primitive_name(code)));
    SET_STRING_ELT(outer, code, Rf_mkChar(darts_primitive_outer_name(code)));
    darts_primitive_layout(code, INTEGER(n_inner) + code, LOGICAL(has_beta) + code);
  }
  const char *fields[] = {"name", "outer", "n_inner", "has_beta"};
  SEXP values[] = {names, outer, n_inner, has_beta};
  SEXP out = named_list(fields, values, 4);
  FREE(n_prot);
  return out;
}

/* ---- keys of expressions -------------------------------------------------- */

/* A 64-bit key of an expression of the equations' vocabulary, for the
 * simplifier's memo (R/law-rules.R): calls and numbers hash by content,
 * symbols and strings by their interned address (unique within the session,
 * and the memo lives within one fit), anything else by its address.
 * Equal keys only say "probably identical": the memo checks with identical()
 * before it trusts one. */
#define KEY_PRIME 0x100000001b3ULL

static uint64_t key_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * KEY_PRIME;
}

static uint64_t expression_key(SEXP e, uint64_t h) {
  h = key_mix(h, (uint64_t)TYPEOF(e));
  switch (TYPEOF(e)) {
  case NILSXP:
    return h;
  case LANGSXP:
  case LISTSXP:
    for (SEXP cell = e; cell != R_NilValue; cell = CDR(cell)) {
      h = key_mix(h, (uint64_t)(uintptr_t)TAG(cell));
      h = expression_key(CAR(cell), h);
    }
    return h;
  case REALSXP: {
    R_xlen_t n = XLENGTH(e);
    h = key_mix(h, (uint64_t)n);
    for (R_xlen_t i = 0; i < n; i++) {
      uint64_t bits;
      memcpy(&bits, REAL(e) + i, sizeof bits);
      h = key_mix(h, bits);
    }
    return h;
  }
  case INTSXP:
  case LGLSXP: {
    R_xlen_t n = XLENGTH(e);
    h = key_mix(h, (uint64_t)n);
    const int *v = TYPEOF(e) == INTSXP ? INTEGER(e) : LOGICAL(e);
    for (R_xlen_t i = 0; i < n; i++) h = key_mix(h, (uint64_t)(uint32_t)v[i]);
    return h;
  }
  case STRSXP: {
    R_xlen_t n = XLENGTH(e);
    h = key_mix(h, (uint64_t)n);
    for (R_xlen_t i = 0; i < n; i++) h = key_mix(h, (uint64_t)(uintptr_t)STRING_ELT(e, i));
    return h;
  }
  default: /* symbols (interned) and anything else: by address */
    return key_mix(h, (uint64_t)(uintptr_t)e);
  }
}

/* The key of `e` with `salt` (an integer, a flag the memoised result depends
 * on) as 16 hexadecimal digits, a name for an environment. */
SEXP ffi_expression_key(SEXP e, SEXP salt) {
  uint64_t h = expression_key(e, key_mix(0xcbf29ce484222325ULL, (uint64_t)Rf_asInteger(salt)));
  char text[17];
  snprintf(text, sizeof text, "%016llx", (unsigned long long)h);
  return Rf_mkString(text);
}
